"""wax.image (jax.image): resizing and affine resampling of arrays.

Consumes arrays of any rank; `resize` treats every dimension alike (batch and channel
dimensions are the ones left the same size), `scale_and_translate` resamples the listed
spatial dimensions. Each resized dimension is a contraction with a weight matrix built from
wax.numpy operations (kernels.py), so jit, grad and vmap need no rules of their own.
"""
from .kernels import ResizeMethod
from .resize import resize, scale_and_translate

__all__ = ["ResizeMethod", "resize", "scale_and_translate"]
