"""Resampling kernels and the per-dimension weight matrices of wax.image.

A resize along one dimension is a contraction with a weight matrix W of shape
(input size, output size): W[j, o] is how much input pixel j contributes to output pixel o.
The matrix is built from wax.numpy operations, so it is differentiable in the scale and
translation (and traceable under jit/vmap) with no primitive of its own.
"""
from __future__ import annotations

import enum
import math

import numpy as np

from .. import numpy as jnp
from ..core import dtypes
from ..primitives.shape import iota

__all__ = ["ResizeMethod"]


class ResizeMethod(enum.Enum):
    """Image resize method (NEAREST, LINEAR, LANCZOS3, LANCZOS5, CUBIC, CUBIC_PYTORCH,
    AREA)."""

    NEAREST = 0
    LINEAR = 1
    LANCZOS3 = 2
    LANCZOS5 = 3
    CUBIC = 4
    CUBIC_PYTORCH = 5
    AREA = 6

    @staticmethod
    def from_string(s: str):
        """The method a string names ("linear", "bilinear", "bicubic", "lanczos3", ...)."""
        method = _METHOD_NAMES.get(s) if isinstance(s, str) else None
        if method is None:
            raise ValueError(f'Unknown resize method "{s}"')
        return method


_METHOD_NAMES = {
    "nearest": ResizeMethod.NEAREST,
    "linear": ResizeMethod.LINEAR, "bilinear": ResizeMethod.LINEAR,
    "trilinear": ResizeMethod.LINEAR, "triangle": ResizeMethod.LINEAR,
    "lanczos3": ResizeMethod.LANCZOS3, "lanczos5": ResizeMethod.LANCZOS5,
    "cubic": ResizeMethod.CUBIC, "bicubic": ResizeMethod.CUBIC, "tricubic": ResizeMethod.CUBIC,
    "cubic-pytorch": ResizeMethod.CUBIC_PYTORCH, "bicubic-pytorch": ResizeMethod.CUBIC_PYTORCH,
    "area": ResizeMethod.AREA,
}


def as_method(method, fun_name: str) -> ResizeMethod:
    """`method` (a ResizeMethod or one of its names) as a ResizeMethod."""
    if isinstance(method, ResizeMethod):
        return method
    if isinstance(method, str):
        return ResizeMethod.from_string(method)
    raise TypeError(f"{fun_name}: method must be a string or a jax.image.ResizeMethod, got "
                    f"{method!r}")


# --- kernels: distance (in kernel units, >= 0) -> weight ---------------------------------

def _triangle(x):
    return jnp.maximum(0.0, 1.0 - jnp.abs(x))


def _keys_cubic(a):
    """Keys' cubic convolution kernel with parameter a (-0.5: Keys/TF; -0.75: PyTorch)."""
    def kernel(x):
        near = ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
        far = ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
        return jnp.where(x >= 2.0, 0.0, jnp.where(x >= 1.0, far, near))
    return kernel


def _lanczos(radius):
    def kernel(x):
        # Near 0 the ratio is 1 to float precision; the guarded denominator keeps the
        # unselected branch finite, so gradients stay finite at x == 0.
        pix = math.pi * x
        numerator = radius * jnp.sin(pix) * jnp.sin(pix / radius)
        denominator = jnp.where(x != 0, math.pi ** 2 * (x * x), 1.0)
        ratio = jnp.where(x > 1e-3, numerator / denominator, 1.0)
        return jnp.where(x > radius, 0.0, ratio)
    return kernel


_KERNELS = {
    ResizeMethod.LINEAR: _triangle,
    ResizeMethod.CUBIC: _keys_cubic(-0.5),
    ResizeMethod.LANCZOS3: _lanczos(3.0),
    ResizeMethod.LANCZOS5: _lanczos(5.0),
    # With antialiasing PyTorch's bicubic is Keys' (see _edge_padded_weights otherwise).
    ResizeMethod.CUBIC_PYTORCH: _keys_cubic(-0.5),
}
_PYTORCH_CUBIC = _keys_cubic(-0.75)
_PYTORCH_PAD = 2  # the cubic kernel's radius: edge samples reach two pixels out

# Below this total weight an output pixel has (almost) no support and is set to zero.
_MIN_TOTAL_WEIGHT = 1000 * float(np.finfo(np.float32).eps)


def weight_matrix(method: ResizeMethod, in_size: int, out_size: int, scale, translation,
                  antialias: bool, dtype) -> "jnp.ndarray":
    """W (in_size, out_size) of `dtype` for one dimension, pixel centres at i + 0.5: output
    pixel o samples input coordinate (o + 0.5 - translation) / scale. `scale` and
    `translation` are Python floats or 0-d arrays (traced or not)."""
    inv_scale = 1.0 / scale
    offset = translation * inv_scale
    # Where output pixel o's centre falls among the input pixels, shifted by -0.5 so that
    # input pixel j's centre is at j.
    centres = (iota(dtype, out_size) + 0.5) * inv_scale - offset - 0.5
    if method is ResizeMethod.CUBIC_PYTORCH and not antialias:
        return _normalize(_edge_padded_weights(centres, in_size, dtype))
    positions = iota(dtype, in_size)
    if method is ResizeMethod.AREA:
        starts = iota(dtype, out_size) * inv_scale - offset
        ends = starts + inv_scale
        overlap = (jnp.minimum(ends[None, :], (positions + 1.0)[:, None])
                   - jnp.maximum(starts[None, :], positions[:, None]))
        weights = jnp.maximum(0.0, overlap)
    else:
        kernel = _KERNELS[method]
        kernel_scale = _antialias_scale(inv_scale) if antialias else 1.0
        weights = kernel(jnp.abs(centres[None, :] - positions[:, None]) / kernel_scale)
    weights = _normalize(weights)
    # An output pixel whose centre maps outside the input is zero.
    inside = (centres >= -0.5) & (centres <= in_size - 0.5)
    return jnp.where(inside[None, :], weights, 0.0)


def _antialias_scale(inv_scale):
    """Downsampling widens the kernel by the inverse scale (a low-pass filter)."""
    if isinstance(inv_scale, float):
        return max(inv_scale, 1.0)
    return jnp.maximum(inv_scale, 1.0)


def _edge_padded_weights(centres, in_size, dtype):
    """PyTorch's bicubic without antialiasing: the input is extended by repeating its edge
    pixels, so the weights of the padding positions fold onto the first and last pixels."""
    pad = _PYTORCH_PAD
    if in_size == 0:
        return jnp.zeros((0, centres.shape[0]), dtype)
    positions = iota(dtype, in_size + 2 * pad) - float(pad)
    padded = _PYTORCH_CUBIC(jnp.abs(centres[None, :] - positions[:, None]))
    if in_size == 1:
        return jnp.sum(padded, axis=0, keepdims=True)
    first = jnp.sum(padded[:pad + 1], axis=0, keepdims=True)
    last = jnp.sum(padded[pad + in_size - 1:], axis=0, keepdims=True)
    return jnp.concatenate([first, padded[pad + 1:pad + in_size - 1], last], axis=0)


def _normalize(weights):
    """Each output pixel's weights sum to 1 (or are all 0 when they nearly cancel)."""
    total = jnp.sum(weights, axis=0, keepdims=True)
    safe_total = jnp.where(total != 0, total, 1.0)
    return jnp.where(jnp.abs(total) > _MIN_TOTAL_WEIGHT, weights / safe_total, 0.0)


def nearest_indices(in_size: int, out_size: int) -> np.ndarray:
    """The input pixel nearest each output pixel's centre: floor((o + 0.5) * in / out),
    computed in float32 as JAX does, so ties round the same way."""
    centres = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * np.float32(in_size)
    index = np.floor(centres / np.float32(out_size)).astype(np.int32)
    return np.minimum(index, max(in_size - 1, 0))


def weights_dtype(scale, translation) -> np.dtype:
    """The dtype the weights are computed in: scale's and translation's, made inexact."""
    return dtypes.to_inexact_dtype(dtypes.result_type(scale, translation))
