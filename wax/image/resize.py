"""jax.image.resize and jax.image.scale_and_translate: separable resampling, one weight
matrix per resized dimension contracted with the image (lax.dot_general), or a gather of
the nearest pixels."""
from __future__ import annotations

import functools
import operator

import numpy as np

from .. import numpy as jnp
from ..core import dtypes
from ..core.array import Array
from ..core.interpreters import ensure_compile_time_eval
from ..numpy._promote import check_arraylike, convert_to
from ..primitives.contractions import Precision, dot_general
from ..primitives.elementwise import convert_element_type
from .kernels import ResizeMethod, as_method, nearest_indices, weight_matrix, weights_dtype

__all__ = ["resize", "scale_and_translate"]


def resize(image, shape, method, antialias: bool = True, precision=Precision.HIGHEST):
    """Resize `image` to `shape` (every dimension, batch and channel ones included, whose
    size changes) with half-pixel centres; antialiased when downsampling."""
    method = as_method(method, "resize")
    image = _as_image(image, "resize")
    shape = _canonical_shape(shape, image)
    resized = [d for d in range(image.ndim) if image.shape[d] != shape[d]]
    for d in resized:
        if image.shape[d] == 0:
            raise ValueError(f"resize: cannot resize dimension {d} of size 0 to size "
                             f"{shape[d]} (image shape {image.shape}, shape {shape})")
    if method is ResizeMethod.NEAREST:
        for d in resized:
            image = jnp.take(image, _nearest(image.shape[d], shape[d]), axis=d, mode="clip")
        return image
    image = _to_inexact(image)
    weight_dtype = dtypes.canonicalize_dtype(np.float64)  # the dtype of Python floats
    for d in resized:
        weights = _resize_weights(method, image.shape[d], shape[d], bool(antialias),
                                  weight_dtype)
        image = _contract(image, weights, d, precision)
    return image


def scale_and_translate(image, shape, spatial_dims, scale, translation, method,
                        antialias: bool = True, precision=Precision.HIGHEST):
    """Resample `image` to `shape`: along spatial_dims[i], input coordinate x maps to
    x * scale[i] + translation[i] (pixel centres at i + 0.5); samples falling outside the
    input are zero. `scale` and `translation` may be traced (jit, grad, vmap)."""
    method = as_method(method, "scale_and_translate")
    if method is ResizeMethod.NEAREST:
        raise ValueError("Nearest neighbor resampling is not currently supported for "
                         "scale_and_translate.")
    image = _as_image(image, "scale_and_translate")
    shape = _canonical_shape(shape, image)
    dims = _spatial_dims(spatial_dims, image.ndim)
    for d in range(image.ndim):
        if d not in dims and shape[d] != image.shape[d]:
            raise ValueError(
                f"scale_and_translate: dimension {d} is not in spatial_dims={tuple(dims)}, "
                f"so its size cannot change (image shape {image.shape}, shape {shape})")
    scale = _per_dim_array(scale, "scale", len(dims))
    translation = _per_dim_array(translation, "translation", len(dims))
    weight_dtype = weights_dtype(scale, translation)
    scale = convert_to(scale, weight_dtype)
    translation = convert_to(translation, weight_dtype)
    image = _to_inexact(image)
    for i, d in enumerate(dims):
        weights = weight_matrix(method, image.shape[d], shape[d], scale[i], translation[i],
                                bool(antialias), weight_dtype)
        image = _contract(image, weights, d, precision)
    return image


# --- the contraction ---------------------------------------------------------------------

def _contract(image, weights, dim: int, precision):
    """Contract image's dimension `dim` with weights (in, out); the new size takes its place."""
    weights = convert_element_type(weights, image.dtype)
    out = dot_general(image, weights, (((dim,), (0,)), ((), ())), precision=precision,
                      preferred_element_type=image.dtype)
    return jnp.moveaxis(out, -1, dim)


@functools.lru_cache(maxsize=256)
def _resize_weights(method, in_size, out_size, antialias, dtype):
    """resize's weights depend on static sizes only: built once, as a constant."""
    with ensure_compile_time_eval():
        if out_size == 0:
            return jnp.zeros((in_size, 0), dtype)
        return weight_matrix(method, in_size, out_size, out_size / in_size, 0.0, antialias,
                             dtype)


@functools.lru_cache(maxsize=256)
def _nearest(in_size, out_size):
    with ensure_compile_time_eval():
        return jnp.asarray(nearest_indices(in_size, out_size))


# --- argument checks ---------------------------------------------------------------------

def _as_image(image, fun_name):
    check_arraylike(fun_name, image)
    return jnp.asarray(image)


def _to_inexact(image):
    """Integer and bool images are resampled in floating point (the weak flag is kept)."""
    dtype = dtypes.to_inexact_dtype(image.dtype)
    return convert_to(image, dtype, bool(getattr(image, "weak_type", False)))


def _canonical_shape(shape, image) -> tuple:
    """`shape` as a tuple of ints with one entry per dimension of `image`."""
    try:
        shape = (operator.index(shape),)
    except TypeError:
        pass
    try:
        shape = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError("Shapes must be 1D sequences of concrete values of integer type, got "
                        f"{shape!r}.") from None
    if len(shape) != image.ndim:
        raise ValueError("shape must have length equal to the number of dimensions of x;  "
                         f"{shape} vs {image.shape}")
    if any(d < 0 for d in shape):
        raise ValueError(f"shape must not have negative sizes, got {shape}")
    return shape


def _spatial_dims(spatial_dims, ndim) -> list:
    try:
        dims = [operator.index(d) for d in spatial_dims]
    except TypeError:
        raise TypeError("scale_and_translate: spatial_dims must be a sequence of ints, got "
                        f"{spatial_dims!r}") from None
    for d in dims:
        if not -ndim <= d < ndim:
            raise ValueError(f"axis {d} is out of bounds for array of dimension {ndim}")
    dims = [d % ndim for d in dims]
    if len(set(dims)) != len(dims):
        raise ValueError(f"scale_and_translate: repeated dimension in spatial_dims="
                         f"{tuple(spatial_dims)}")
    return dims


def _per_dim_array(value, name, size):
    """scale/translation: a 1-D real array with one entry per spatial dimension."""
    if not isinstance(value, (Array, np.ndarray)):
        raise TypeError(f"scale_and_translate: {name} must be an array of shape ({size},) "
                        f"(one entry per spatial dimension), got {value!r}")
    value = jnp.asarray(value)
    if value.shape != (size,):
        raise ValueError(f"scale_and_translate: {name} must have shape ({size},) (one entry "
                         f"per spatial dimension), got shape {value.shape}")
    if dtypes.is_complex(value.dtype):
        raise TypeError(f"scale_and_translate: {name} must be real, got dtype {value.dtype}")
    return value
