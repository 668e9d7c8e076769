"""Helpers shared by the set, search, histogram and polynomial functions: static sizes,
the sort order as a comparison, and compaction of a mask into the positions it selects.

Functions whose result length depends on the values (unique, the set operations, nonzero
compaction) are computed at a static length with the true count beside it; `size=` then
pads or truncates, and without `size` the count must be concrete.
"""
from __future__ import annotations

import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.interpreters import Tracer, concrete_value
from ._promote import check_arraylike, convert_to
from .creation import asarray

UNIQUE_SIZE_HINT = ("To make jnp.unique() compatible with JIT and other transforms, you can "
                    "specify a concrete value for the size argument, which will determine the "
                    "output size.")


def is_traced(*values) -> bool:
    return any(isinstance(v, Tracer) for v in values)


def static_size(size, context: str):
    """`size` as a Python int (None stays None); a traced size is a ConcretizationTypeError."""
    if size is None:
        return None
    return operator.index(concrete_value(size, context))


def require_concrete(value, context: str):
    """The concrete NumPy value of `value`, or JAX's ConcretizationTypeError with `context`."""
    return np.asarray(concrete_value(value, context))


def concrete_array(value, context: str):
    """`value` as a constant Array of its concrete value (JAX's ConcretizationTypeError
    with `context` when it has none). As JAX's functions whose output shape depends on the
    values (jnp.unique without size=, ...): a tracer with a known value, say under grad,
    becomes a constant there, so no derivative flows through them."""
    if not is_traced(value):
        return value
    dtype, weak = dtypes.dtype_and_weak(value)
    return make_array(np.asarray(require_concrete(value, context), dtype), weak)


def index_dtype():
    """The dtype JAX's `int` means for index results: int32, or int64 with x64."""
    return dtypes.default_int_dtype()


def arraylike(fun_name, *args):
    """check_arraylike, then each argument as an Array (scalars stay weak)."""
    check_arraylike(fun_name, *args)
    return [asarray(a) for a in args]


def to_inexact(dtype):
    """JAX's inexact counterpart of a dtype: 64-bit integers become float64 (float32 with
    x64 off), every other integer and bool float32, whatever the x64 setting."""
    return dtypes.to_inexact_dtype(dtype)


def to_complex(dtype):
    """JAX's complex counterpart of a dtype: complex128 from 64-bit types, else complex64."""
    wide = to_inexact(dtype) in (np.dtype(np.float64), np.dtype(np.complex128))
    return np.dtype(np.complex128 if wide else np.complex64)


def promote_inexact(*args):
    """The arguments at their common inexact dtype (integers and bools become float, as
    to_inexact says), scalars staying weak."""
    dtype, weak = dtypes.result_type_and_weak(*args)
    return [convert_to(a, to_inexact(dtype), weak) for a in args]


def full_of(shape, value, dtype):
    """An array of `shape` and `dtype` filled with `value` (concrete unless `value` is traced)."""
    if is_traced(value):
        return lax.broadcast_in_dim(convert_to(value, dtype, False), tuple(shape), ())
    return make_array(np.full(shape, np.asarray(concrete_value(value)), dtype=dtype))


def iota(dtype, n):
    return make_array(np.arange(n, dtype=dtype))


# --- the order lax.sort uses, as comparisons ----------------------------------------------

def _real_lt(x, y):
    """x < y in sort order: NaN after everything, -0.0 equal to 0.0."""
    if x.dtype.kind == "f" or x.dtype == dtypes.bfloat16:
        x_nan, y_nan = lax.ne(x, x), lax.ne(y, y)
        return lax.bitwise_or(lax.lt(x, y), lax.bitwise_and(y_nan, lax.bitwise_not(x_nan)))
    if x.dtype == dtypes.bool_:
        return lax.bitwise_and(lax.bitwise_not(x), y)
    return lax.lt(x, y)


def sort_lt(x, y):
    """Elementwise "x sorts strictly before y" (complex: by real part, then imaginary)."""
    if x.dtype.kind == "c":
        xr, xi, yr, yi = lax.real(x), lax.imag(x), lax.real(y), lax.imag(y)
        real_lt, real_gt = _real_lt(xr, yr), _real_lt(yr, xr)
        real_eq = lax.bitwise_not(lax.bitwise_or(real_lt, real_gt))
        return lax.bitwise_or(real_lt, lax.bitwise_and(real_eq, _real_lt(xi, yi)))
    return _real_lt(x, y)


def sort_le(x, y):
    """Elementwise "x sorts before or together with y"."""
    return lax.bitwise_not(sort_lt(y, x))


# --- compaction ------------------------------------------------------------------------

def true_positions(mask, size, fill):
    """The positions of the True entries of the 1-D `mask`, in order, cut or padded (with
    `fill`) to `size`: nonzero(mask, size=size, fill_value=fill)[0], linear in the length."""
    dtype = index_dtype()
    if not is_traced(mask):
        found = np.flatnonzero(np.asarray(concrete_value(mask)))[:size]
        out = np.full(size, fill, dtype=dtype)
        out[:len(found)] = found
        return make_array(out)
    n = mask.shape[0]
    if n == 0 or size == 0:
        return full_of((size,), fill, dtype)
    rank = lax.sub(lax.cumsum(lax.convert_element_type(mask, dtype), 0),
                   make_array(np.ones((), dtype)))
    # Unselected entries, and the selected ones past `size`, go out of bounds: dropped.
    target = lax.select_n(mask, make_array(np.full((n,), size, dtype)), rank)
    return full_of((size,), fill, dtype).at[target].set(iota(dtype, n), mode="drop",
                                                        unique_indices=True)


def count_true(mask):
    """The number of True entries of `mask` (an index-dtype scalar)."""
    return lax.reduce_sum(lax.convert_element_type(mask, index_dtype()),
                          tuple(range(mask.ndim)))


def below(count, size):
    """arange(size) < count, as a bool vector (count may be traced)."""
    dtype = index_dtype()
    return lax.lt(iota(dtype, size), lax.broadcast_in_dim(convert_to(count, dtype), (size,), ()))
