"""Reductions (reduce_sum ... reduce_xor), argmax/argmin and cumulative ops (cumsum ...).

Results keep the operand's dtype, as XLA's do: an int8 sum wraps in int8 and a bool is
never summed (reduce_and/or/xor are the logical reductions). float16 and bfloat16 are
accumulated in float32 and rounded once at the end. Empty reductions give the identity
of the monoid; max/min propagate NaN; argmax/argmin pick the first maximum (a NaN counts
as the maximum and the minimum).
"""
from __future__ import annotations

import functools

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray, canonicalize_axis
from ..core.primitive import Primitive
from .families import (ANY, BOOL, FLOAT, INT_OR_BOOL, INTEGER, NUMERIC, check_dtype,
                       standard)

_HALF = (np.dtype(np.float16), dtypes.bfloat16)
_FLOAT32 = np.dtype(np.float32)


def _ndim(x) -> int:
    ndim = getattr(x, "ndim", None)
    if ndim is not None:
        return ndim
    aval = getattr(x, "aval", None)
    return aval.ndim if aval is not None else np.ndim(x)


def _check_out_sharding(name, out_sharding):
    if out_sharding is not None:
        raise NotImplementedError(f"{name}: out_sharding is not supported by wax (got "
                                  f"{out_sharding!r}); pass out_sharding=None")


def _canonical_axes(name: str, axes, ndim: int) -> tuple:
    """Axes as a tuple of non-negative ints; negative ones count from the end."""
    if isinstance(axes, (int, np.integer)):
        axes = (axes,)
    elif type(axes) is tuple and all(type(a) is int and 0 <= a < ndim for a in axes):
        return axes  # already canonical: the common case, kept fast
    return tuple(canonicalize_axis(a, ndim, f"{name}: axis") for a in axes)


def _check_axes(name: str, axes, ndim: int) -> None:
    if (type(axes) is tuple and all(type(a) is int and 0 <= a < ndim for a in axes)
            and len(set(axes)) == len(axes)):
        return
    if type(axes) is not tuple:
        raise TypeError(f"{name}: axes must be a tuple of ints, got {axes!r}")
    for axis in axes:
        if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
            raise TypeError(f"{name}: axes must be a tuple of ints, got {axes!r}")
        if not 0 <= axis < ndim:
            raise ValueError(f"{name}: axis {axis} is out of bounds for array of dimension "
                             f"{ndim}")
    if len(set(axes)) != len(axes):
        duplicate = next(a for i, a in enumerate(axes) if a in axes[:i])
        raise ValueError(f"{name}: duplicate axis {duplicate} in axes {axes} for an "
                         f"operand of rank {ndim}")


def _kept_shape(shape, axes) -> tuple:
    return tuple(d for i, d in enumerate(shape) if i not in axes)


# --- identities of the monoids, for empty reductions and for lax.reduce -------------------

def _max_identity(dtype):
    if dtype == dtypes.bool_:
        return False
    if dtypes.is_integer(dtype):
        return np.iinfo(dtype).min
    return -np.inf


def _min_identity(dtype):
    if dtype == dtypes.bool_:
        return True
    if dtypes.is_integer(dtype):
        return np.iinfo(dtype).max
    return np.inf


def _and_identity(dtype):
    # All bits set: True for bool, -1 for signed ints, the maximum for unsigned ones.
    return True if dtype == dtypes.bool_ else np.array(-1).astype(dtype)[()]


# --- the reduction primitives ------------------------------------------------------------

def _reduction(name: str, impl, accepts) -> Primitive:
    def abstract_eval(aval, *, axes, out_sharding=None):
        check_dtype(name, aval, accepts)
        shape = aval.shape
        _check_axes(name, axes, len(shape))
        return ShapedArray(_kept_shape(shape, axes) if axes else shape, aval.dtype,
                           aval.weak_type)

    return standard(name, impl, abstract_eval)


def _reduction_impl(reduce_fn):
    def impl(xp, x, *, axes, out_sharding=None):
        return reduce_fn(xp, x, axes)
    return impl


def _accumulating(ufunc_of):
    """Sum/product: keeps the operand's dtype (NumPy would widen int32 to int64) and
    accumulates float16/bfloat16 in float32, rounding once at the end."""
    def reduce_fn(xp, x, axes):
        dtype = x.dtype
        if dtype in _HALF:
            return ufunc_of(xp).reduce(x, axis=axes, dtype=_FLOAT32).astype(dtype)
        return ufunc_of(xp).reduce(x, axis=axes, dtype=dtype)
    return _reduction_impl(reduce_fn)


def _extremum(ufunc_of, identity):
    """max/min: NaN propagates; an empty reduction gives the identity (NumPy raises)."""
    def reduce_fn(xp, x, axes):
        dtype = x.dtype
        if x.size == 0:
            return xp.full(_kept_shape(x.shape, axes), identity(dtype), dtype)
        if dtype in _HALF:  # exact both ways, and ml_dtypes' loops are slow
            return ufunc_of(xp).reduce(x.astype(_FLOAT32), axis=axes).astype(dtype)
        return ufunc_of(xp).reduce(x, axis=axes)
    return _reduction_impl(reduce_fn)


def _bitwise(ufunc_of):
    def impl(xp, x, *, axes, out_sharding=None):
        return ufunc_of(xp).reduce(x, axis=axes, dtype=x.dtype)
    return impl


reduce_sum_p = _reduction("reduce_sum", _accumulating(lambda xp: xp.add), NUMERIC)
reduce_prod_p = _reduction("reduce_prod", _accumulating(lambda xp: xp.multiply), NUMERIC)
reduce_max_p = _reduction("reduce_max", _extremum(lambda xp: xp.maximum, _max_identity),
                          ANY)
reduce_min_p = _reduction("reduce_min", _extremum(lambda xp: xp.minimum, _min_identity),
                          ANY)
reduce_and_p = _reduction("reduce_and", _bitwise(lambda xp: xp.bitwise_and), INT_OR_BOOL)
reduce_or_p = _reduction("reduce_or", _bitwise(lambda xp: xp.bitwise_or), INT_OR_BOOL)
reduce_xor_p = _reduction("reduce_xor", _bitwise(lambda xp: xp.bitwise_xor), INT_OR_BOOL)


def _bind_reduction(prim, operand, axes, out_sharding=None):
    axes = _canonical_axes(prim.name, axes, _ndim(operand))
    return prim.bind(operand, axes=axes, out_sharding=out_sharding)


def reduce_sum(operand, axes, *, out_sharding=None):
    """Sum over `axes`, in the operand's dtype (integers wrap)."""
    _check_out_sharding("reduce_sum", out_sharding)
    return _bind_reduction(reduce_sum_p, operand, axes, out_sharding)


def reduce_prod(operand, axes):
    """Product over `axes`, in the operand's dtype (integers wrap)."""
    return _bind_reduction(reduce_prod_p, operand, axes)


def reduce_max(operand, axes):
    """Maximum over `axes`; NaN propagates; empty gives -inf (or the smallest integer)."""
    return _bind_reduction(reduce_max_p, operand, axes)


def reduce_min(operand, axes):
    """Minimum over `axes`; NaN propagates; empty gives +inf (or the largest integer)."""
    return _bind_reduction(reduce_min_p, operand, axes)


def reduce_and(operand, axes):
    """Logical (bool) or bitwise (integer) AND over `axes`."""
    return _bind_reduction(reduce_and_p, operand, axes)


def reduce_or(operand, axes):
    """Logical (bool) or bitwise (integer) OR over `axes`."""
    return _bind_reduction(reduce_or_p, operand, axes)


def reduce_xor(operand, axes):
    """Logical (bool) or bitwise (integer) XOR over `axes`."""
    return _bind_reduction(reduce_xor_p, operand, axes)


# --- lax.reduce: the monoid computations, recognised by their function objects ------------

_IDENTITY = {
    reduce_sum_p: lambda dtype: 0,
    reduce_prod_p: lambda dtype: 1,
    reduce_max_p: _max_identity,
    reduce_min_p: _min_identity,
    reduce_and_p: _and_identity,
    reduce_or_p: lambda dtype: 0,
    reduce_xor_p: lambda dtype: 0,
}


@functools.cache
def _monoid_reductions() -> dict:
    # Imported late: elementwise.py defines lax.max/min, which shadow the builtins there.
    from .elementwise import add, bitwise_and, bitwise_or, bitwise_xor, max, min, mul
    return {add: reduce_sum_p, mul: reduce_prod_p, max: reduce_max_p, min: reduce_min_p,
            bitwise_and: reduce_and_p, bitwise_or: reduce_or_p, bitwise_xor: reduce_xor_p}


def _is_identity(init, prim, operand) -> bool:
    """A Python-scalar init equal to the monoid's identity changes neither value nor type."""
    if type(init) not in dtypes.python_scalar_types:
        return False
    dtype = dtypes.dtype_and_weak(operand)[0]
    return bool(init == _IDENTITY[prim](dtype))


def reduce(operands, init_values, computation, dimensions, out_sharding=None):
    """lax.reduce for the monoid computations lax.add, mul, max, min and bitwise_and/or/xor:
    reduces with the matching primitive, then combines the result with the init value."""
    _check_out_sharding("reduce", out_sharding)
    several = isinstance(operands, (tuple, list))
    flat_operands = list(operands) if several else [operands]
    flat_inits = (list(init_values) if isinstance(init_values, (tuple, list))
                  else [init_values])
    if len(flat_operands) != len(flat_inits) or several != isinstance(init_values,
                                                                      (tuple, list)):
        raise ValueError("reduce: operands must have the same tree structure as "
                         f"init_values, got {len(flat_operands)} operand(s) and "
                         f"{len(flat_inits)} init value(s)")
    if len(flat_operands) != 1:
        raise NotImplementedError(
            f"reduce: a reduction of {len(flat_operands)} operands at once (a variadic "
            "reduce) is not supported by wax; reduce each operand separately")
    prim = _monoid_reductions().get(computation)
    if prim is None:
        raise NotImplementedError(
            f"reduce: computation {getattr(computation, '__name__', computation)!r} is not "
            "supported by wax; only lax.add, lax.mul, lax.max, lax.min, lax.bitwise_and, "
            "lax.bitwise_or and lax.bitwise_xor are (use the matching reduce_* function "
            "or a jnp reduction for anything else)")
    operand, init = flat_operands[0], flat_inits[0]
    out = _bind_reduction(prim, operand, dimensions)
    if not _is_identity(init, prim, operand):
        out = computation(out, init)
    return type(operands)([out]) if several else out


# --- argmax / argmin ------------------------------------------------------------------

_ORDERED = INTEGER | FLOAT | BOOL


def _argminmax(name: str, np_fn) -> Primitive:
    def abstract_eval(aval, *, axes, index_dtype):
        check_dtype(name, aval, _ORDERED)
        if type(axes) is not tuple or len(axes) != 1:
            raise TypeError(f"{name}: axes must be a 1-tuple, got {axes!r}")
        _check_axes(name, axes, aval.ndim)
        axis, = axes
        if aval.shape[axis] == 0:
            raise ValueError(f"{name} requires a non-empty reduced dimension, got operand "
                             f"shape {aval.shape} and axis={axis}")
        if not dtypes.is_integer(np.dtype(index_dtype)):
            raise TypeError(f"{name}: index_dtype must be an integer type, but got "
                            f"{np.dtype(index_dtype).name}")
        return ShapedArray(_kept_shape(aval.shape, axes), index_dtype, False)

    def impl(xp, x, *, axes, index_dtype):
        x = xp.asarray(x)
        if x.dtype in _HALF:  # float32 holds them exactly, NaN included
            x = x.astype(_FLOAT32)
        # NumPy's argmax/argmin return the first maximum and treat NaN as the extremum.
        return xp.asarray(np_fn(x, axis=axes[0])).astype(index_dtype)

    return standard(name, impl, abstract_eval)


argmax_p = _argminmax("argmax", np.argmax)
argmin_p = _argminmax("argmin", np.argmin)


def _index_dtype(name, index_dtype):
    if index_dtype is None:
        raise TypeError(f"{name}: index_dtype is required (e.g. jnp.int32)")
    return dtypes.canonicalize_dtype(index_dtype)


def argmax(operand, axis, index_dtype):
    """Index of the first maximum along `axis` (NaN counts as the maximum)."""
    axes = _canonical_axes("argmax", axis, _ndim(operand))
    return argmax_p.bind(operand, axes=axes, index_dtype=_index_dtype("argmax", index_dtype))


def argmin(operand, axis, index_dtype):
    """Index of the first minimum along `axis` (NaN counts as the minimum)."""
    axes = _canonical_axes("argmin", axis, _ndim(operand))
    return argmin_p.bind(operand, axes=axes, index_dtype=_index_dtype("argmin", index_dtype))


# --- cumulative ops -------------------------------------------------------------------

def _cumulative(name: str, accumulate, accepts) -> Primitive:
    """A scan along one axis; `accumulate(xp, x, axis)` runs forwards on x's dtype."""
    def abstract_eval(aval, *, axis, reverse):
        check_dtype(name, aval, accepts)
        if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
            raise TypeError(f"{name}: axis must be an int, got {axis!r}")
        if not 0 <= axis < aval.ndim:
            raise ValueError(f"{name}: axis {axis} is out of bounds for array of shape "
                             f"{aval.shape}")
        return aval

    def impl(xp, x, *, axis, reverse):
        x = xp.asarray(x)
        dtype = x.dtype
        work = x.astype(_FLOAT32) if dtype in _HALF else x
        if reverse:
            work = xp.flip(work, axis)
        out = accumulate(xp, work, axis)
        if reverse:
            out = xp.ascontiguousarray(xp.flip(out, axis))
        return out.astype(dtype, copy=False)

    return standard(name, impl, abstract_eval)


cumsum_p = _cumulative("cumsum", lambda xp, x, axis: xp.cumsum(x, axis, dtype=x.dtype),
                       NUMERIC)
cumprod_p = _cumulative("cumprod", lambda xp, x, axis: xp.cumprod(x, axis, dtype=x.dtype),
                        NUMERIC)
cummax_p = _cumulative("cummax", lambda xp, x, axis: xp.maximum.accumulate(x, axis),
                       NUMERIC)
cummin_p = _cumulative("cummin", lambda xp, x, axis: xp.minimum.accumulate(x, axis),
                       NUMERIC)
# logaddexp.accumulate adds in log space, so it never overflows as exp-then-sum would.
cumlogsumexp_p = _cumulative("cumlogsumexp",
                             lambda xp, x, axis: xp.logaddexp.accumulate(x, axis), FLOAT)


def _bind_cumulative(prim, operand, axis, reverse):
    axis = canonicalize_axis(axis, _ndim(operand), f"{prim.name}: axis")
    return prim.bind(operand, axis=axis, reverse=bool(reverse))


def cumsum(operand, axis=0, reverse=False):
    """Cumulative sum along `axis` (from the end when `reverse`), in the operand's dtype."""
    return _bind_cumulative(cumsum_p, operand, axis, reverse)


def cumprod(operand, axis=0, reverse=False):
    """Cumulative product along `axis`, in the operand's dtype."""
    return _bind_cumulative(cumprod_p, operand, axis, reverse)


def cummax(operand, axis=0, reverse=False):
    """Cumulative maximum along `axis` (NaN propagates)."""
    return _bind_cumulative(cummax_p, operand, axis, reverse)


def cummin(operand, axis=0, reverse=False):
    """Cumulative minimum along `axis` (NaN propagates)."""
    return _bind_cumulative(cummin_p, operand, axis, reverse)


def cumlogsumexp(operand, axis=0, reverse=False):
    """Cumulative log(sum(exp(x))) along `axis`, computed stably."""
    return _bind_cumulative(cumlogsumexp_p, operand, axis, reverse)


__all__ = [
    "reduce_sum_p", "reduce_prod_p", "reduce_max_p", "reduce_min_p", "reduce_and_p",
    "reduce_or_p", "reduce_xor_p", "argmax_p", "argmin_p", "cumsum_p", "cumprod_p",
    "cummax_p", "cummin_p", "cumlogsumexp_p",
    "reduce", "reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "reduce_and",
    "reduce_or", "reduce_xor", "argmax", "argmin", "cumsum", "cumprod", "cummax", "cummin",
    "cumlogsumexp",
]
