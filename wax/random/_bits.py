"""The threefry2x32 PRNG on raw key data: seed, split, fold_in and random bits.

Key data is a uint32 array whose last axis holds the two words of a key. Everything here is
a composition of lax operations around the `threefry2x32` primitive, so it runs eagerly,
under jit and under vmap (a batch of keys is one more leading axis of key data). Counters
follow JAX's default `jax_threefry_partitionable=True` layout: element i of a result of
shape S hashes the 64-bit counter i, as a (high word, low word) pair.
"""
from __future__ import annotations

import math

import numpy as np

from ..core import dtypes
from ..core.array import ArrayImpl
from ..core.interpreters import EVAL_TRACE, current_trace
from ..primitives import prng
from ..primitives import elementwise as ew
from ..primitives import shape as sh
from ..primitives.indexing import slice_in_dim
from ..primitives.prng import threefry2x32
from ..transforms.staging import aval_of

_U32 = np.dtype(np.uint32)
UINT_DTYPES = {8: np.dtype(np.uint8), 16: np.dtype(np.uint16), 32: _U32,
               64: np.dtype(np.uint64)}


def eager_buffer(x):
    """The NumPy buffer of a concrete array when no transformation is active (key
    operations then run straight on NumPy, one call instead of a dozen binds), else None."""
    if type(x) is ArrayImpl and current_trace() is EVAL_TRACE:
        return x._value
    return None


def key_words(key):
    """The two uint32 words of one key's data (shape (2,)) as scalars."""
    return (sh.reshape(slice_in_dim(key, 0, 1), ()), sh.reshape(slice_in_dim(key, 1, 2), ()))


def stack_words(w1, w2):
    """Key data of shape (*w1.shape, 2) from two word arrays."""
    shape = aval_of(w1).shape
    return sh.concatenate([sh.reshape(w1, (*shape, 1)), sh.reshape(w2, (*shape, 1))],
                          len(shape))


def iota_2x32(shape):
    """The (high, low) uint32 words of the 64-bit counters 0..size-1, shaped `shape`."""
    if not shape:
        zero = sh.full((), 0, _U32)
        return zero, zero
    size = math.prod(shape)
    if size > 2 ** 32:
        raise NotImplementedError(f"random arrays of more than 2**32 elements (shape {shape})")
    low = sh.reshape(sh.iota(_U32, size), shape) if size else sh.full(shape, 0, _U32)
    return sh.full(shape, 0, _U32), low


def seed_data(seed):
    """Key data (2,) of an integer scalar seed: the high and low words of its 64-bit value
    (a 32-bit or narrower seed has a high word of 0; its low word wraps negatives)."""
    dtype = aval_of(seed).dtype
    if current_trace() is EVAL_TRACE and (type(seed) is ArrayImpl or
                                          isinstance(seed, (np.ndarray, np.generic))):
        value = np.asarray(seed)
        high = (value.astype(np.uint64) >> np.uint64(32)).astype(_U32) if \
            dtype.itemsize == 8 else np.zeros((), _U32)
        return ArrayImpl(np.stack([high, value.astype(_U32)]))
    low = ew.convert_element_type(seed, _U32)
    if dtype.itemsize == 8:
        high = ew.convert_element_type(ew.shift_right_logical(seed, sh.full((), 32, dtype)),
                                       _U32)
    else:
        high = sh.full((), 0, _U32)
    return stack_words(high, low)


def split_data(key, shape: tuple):
    """Key data (*shape, 2) of the keys split from one key's data."""
    buf = eager_buffer(key)
    if buf is not None:
        return ArrayImpl(prng.split_keys(buf, shape))
    k1, k2 = key_words(key)
    high, low = iota_2x32(shape)
    b1, b2 = threefry2x32(k1, k2, high, low)
    return stack_words(b1, b2)


def fold_in_data(key, data):
    """Key data (2,) of one key with a uint32 scalar folded in (the hash of the counter
    (0, data), as JAX's threefry_2x32 of the seed [0, data])."""
    buf = eager_buffer(key)
    if buf is not None and isinstance(data, (np.ndarray, np.generic, ArrayImpl)):
        return ArrayImpl(prng.fold_in_keys(buf, np.asarray(data)))
    k1, k2 = key_words(key)
    b1, b2 = threefry2x32(k1, k2, sh.full((), 0, _U32), data)
    return stack_words(b1, b2)


def random_bits(key, bit_width: int, shape: tuple):
    """Unsigned integers of `bit_width` bits and shape `shape` from one key's data: the xor
    of the two hash words (their concatenation for 64 bits; 8 and 16 bits truncate)."""
    buf = eager_buffer(key)
    if buf is not None:
        return ArrayImpl(prng.random_bits_words(buf, bit_width, shape))
    k1, k2 = key_words(key)
    high, low = iota_2x32(shape)
    b1, b2 = threefry2x32(k1, k2, high, low)
    dtype = UINT_DTYPES[bit_width]
    if bit_width == 64:
        b1 = ew.convert_element_type(b1, dtype)
        b2 = ew.convert_element_type(b2, dtype)
        return ew.bitwise_or(ew.shift_left(b1, sh.full((), 32, dtype)), b2)
    bits = ew.bitwise_xor(b1, b2)
    return bits if bit_width == 32 else ew.convert_element_type(bits, dtype)


def uint_dtype_for(dtype) -> np.dtype:
    return UINT_DTYPES[dtypes.finfo(dtype).bits]
