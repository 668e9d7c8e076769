"""Flat and multi-dimensional indices (ravel_multi_index, unravel_index), bit packing
(packbits, unpackbits) and trim_zeros: compositions of elementwise and shape operations,
so they work under jit and vmap (trim_zeros, whose result shape depends on the values,
needs a concrete input, as in JAX).
"""
from __future__ import annotations

import math
import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.avals import canonicalize_axis
from ..core.interpreters import concrete_value
from ._promote import check_arraylike
from ._search_util import require_concrete
from .creation import asarray
from .selection import where
from .shape_ops import ravel, swapaxes

__all__ = ["ravel_multi_index", "unravel_index", "packbits", "unpackbits", "trim_zeros"]

_RAVEL_MODES = ("raise", "wrap", "clip", "ignore")


def _const(value, dtype):
    return make_array(np.asarray(value, dtype))


def ravel_multi_index(multi_index, dims, mode="raise", order="C", *, dtype=None):
    """The flat index of each multi-dimensional index into an array of shape `dims`
    (`mode`: "raise" (eager only), "wrap", "clip" or "ignore" out-of-bounds entries)."""
    if len(multi_index) != len(dims):  # (JAX's class: it checks with an assert)
        raise AssertionError(f"len(multi_index)={len(multi_index)} != len(dims)={len(dims)}")
    dims = tuple(operator.index(concrete_value(
        d, "in `dims` argument of ravel_multi_index().")) for d in dims)
    check_arraylike("ravel_multi_index", *multi_index)
    indices = [asarray(i) for i in multi_index]
    if dtype is None:
        dtype = dtypes.result_type_and_weak(0, *indices)[0]
    else:
        dtype = dtypes.check_user_dtype(dtype, "ravel_multi_index")
    if not dtypes.is_integer(dtype):
        raise ValueError(f"dtype={dtype!r} is not an integer type.")
    if math.prod(dims) - 1 > dtypes.iinfo(dtype).max:
        raise ValueError(
            f"jnp.ravel_multi_index: dtype={dtype!r} not large enough to hold flattened index "
            f"for dims={dims}. Use the dtype argument to pass a suitable dtype (e.g. "
            "dtype=np.min_scalar_type(prod(dims))).")
    for index in indices:
        if mode == "raise":
            require_concrete(index, "The error occurred because ravel_multi_index was "
                             "jit-compiled with mode='raise'. Use mode='wrap' or mode='clip' "
                             "instead.")
        if not dtypes.is_integer(index.dtype):
            raise TypeError(f"only int indices permitted; got an index of dtype {index.dtype}")
    if mode == "raise":
        for index, d in zip(indices, dims):
            value = require_concrete(index, "")
            if np.any((value < 0) | (value >= d)):
                raise ValueError("invalid entry in coordinates array")
    elif mode == "clip":
        indices = [lax.clamp(_const(0, i.dtype), i, _const(d - 1, i.dtype))
                   for i, d in zip(indices, dims)]
    elif mode == "wrap":
        from .ufuncs import remainder
        indices = [remainder(i, d) for i, d in zip(indices, dims)]
    elif mode != "ignore":
        raise ValueError(f"invalid mode={mode!r}. Expected 'raise', 'wrap', 'clip', or "
                         "'ignore'.")
    if order == "F":
        strides = np.cumprod((1,) + dims[:-1])
    elif order == "C":
        strides = np.cumprod((1,) + dims[1:][::-1])[::-1]
    else:
        raise ValueError(f"invalid order={order!r}. Expected 'C' or 'F'")
    result = _const(0, dtype)
    for index, stride in zip(indices, strides):
        result = result + lax.convert_element_type(index, dtype) * int(stride)
    return result


def unravel_index(indices, shape):
    """The multi-dimensional index (one array per dimension) of each flat index into an
    array of `shape`; -1 is the last element, other out-of-bounds indices are clipped."""
    check_arraylike("unravel_index", indices)
    flat = asarray(indices)
    try:
        shape = list(shape)
    except TypeError:
        shape = [shape]
    if any(np.ndim(s) != 0 for s in shape):
        raise ValueError("unravel_index: shape should be a scalar or 1D sequence.")
    from .ufuncs import divmod as _divmod
    coords = [None] * len(shape)
    for i in reversed(range(len(shape))):
        flat, coords[i] = _divmod(flat, shape[i])
    past_end = flat > 0
    if flat.dtype.kind == "u":
        before_start = False
    else:
        before_start = flat < -1
    return tuple(where(past_end, s - 1, where(before_start, 0, c))
                 for s, c in zip(shape, coords))


def _bit_weights(bitorder, fun_name):
    if bitorder not in ("little", "big"):
        raise ValueError("'order' must be either 'little' or 'big'")
    weights = np.left_shift(np.uint8(1), np.arange(8, dtype=np.uint8))
    return weights[::-1].copy() if bitorder == "big" else weights


def packbits(a, axis=None, bitorder="big"):
    """The elements' truth values packed 8 to a uint8 along `axis` (flattened if None)."""
    check_arraylike("packbits", a)
    arr = asarray(a)
    if not (dtypes.is_integer(arr.dtype) or arr.dtype == dtypes.bool_):
        raise TypeError("Expected an input array of integer or boolean data type; got "
                        f"{arr.dtype}")
    weights = _bit_weights(bitorder, "packbits")
    bits = lax.convert_element_type(lax.ne(arr, _const(0, arr.dtype)), np.uint8)
    if axis is None:
        bits, axis = ravel(bits), 0
    bits = swapaxes(bits, axis, -1)
    length = bits.shape[-1]
    if length % 8:
        config = [(0, 0, 0)] * (bits.ndim - 1) + [(0, 8 - length % 8, 0)]
        bits = lax.pad(bits, _const(0, np.uint8), config)
    grouped = lax.reshape(bits, bits.shape[:-1] + (bits.shape[-1] // 8, 8))
    scaled = lax.mul(grouped, lax.broadcast_in_dim(make_array(weights), grouped.shape,
                                                   (grouped.ndim - 1,)))
    packed = lax.reduce_sum(scaled, (grouped.ndim - 1,))  # distinct bits: no carries
    return swapaxes(packed, axis, -1)


def unpackbits(a, axis=None, count=None, bitorder="big"):
    """The bits of uint8 `a` along `axis` (flattened if None), `count` of them."""
    check_arraylike("unpackbits", a)
    arr = asarray(a)
    if arr.dtype != np.uint8:
        raise TypeError(f"Expected an input array of unsigned byte data type; got {arr.dtype}")
    weights = _bit_weights(bitorder, "unpackbits")
    if axis is None:
        arr, axis = ravel(arr), 0
    arr = swapaxes(arr, axis, -1)
    shape = arr.shape + (8,)
    spread = lax.broadcast_in_dim(arr, shape, tuple(range(arr.ndim)))
    masked = lax.bitwise_and(spread, lax.broadcast_in_dim(make_array(weights), shape,
                                                          (arr.ndim,)))
    bits = lax.convert_element_type(lax.ne(masked, _const(0, np.uint8)), np.uint8)
    bits = lax.reshape(bits, arr.shape[:-1] + (arr.shape[-1] * 8,))
    if count is not None:
        count = operator.index(count)
        length = bits.shape[-1]
        if count > length:
            config = [(0, 0, 0)] * (bits.ndim - 1) + [(0, count - length, 0)]
            bits = lax.pad(bits, _const(0, np.uint8), config)
        else:
            stop = len(range(length)[:count])
            bits = lax.slice_in_dim(bits, 0, stop, axis=bits.ndim - 1)
    return swapaxes(bits, axis, -1)


def trim_zeros(filt, trim="fb", axis=None):
    """`filt` without its leading ('f') and/or trailing ('b') zeros along each axis in
    `axis` (all axes by default); the input must be concrete."""
    check_arraylike("trim_zeros", filt)
    filt = asarray(filt)
    value = require_concrete(filt, "Error arose in the `filt` argument of trim_zeros()")
    if axis is None:
        axes = set(range(filt.ndim))
    elif isinstance(axis, (tuple, list)):
        axes = {canonicalize_axis(ax, filt.ndim) for ax in axis}
    else:
        axes = {canonicalize_axis(axis, filt.ndim)}
    trim = trim.lower()
    if not axes or ("f" not in trim and "b" not in trim):
        return filt
    nonzero = value != 0
    index = []
    for ax in range(filt.ndim):
        if ax not in axes:
            index.append(slice(None))
            continue
        mask = np.any(nonzero, axis=tuple(i for i in range(filt.ndim) if i != ax))
        if not mask.any():
            index.append(slice(0, 0))
            continue
        start = int(mask.argmax()) if "f" in trim else None
        stop = filt.shape[ax] - int(mask[::-1].argmax()) if "b" in trim else None
        index.append(slice(start, stop))
    return filt[tuple(index)]
