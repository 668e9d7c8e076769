"""Reductions (reduce_sum ... reduce_xor), argmax/argmin and cumulative ops (cumsum ...).

Results keep the operand's dtype, as XLA's do: an int8 sum wraps in int8 and a bool is
never summed (reduce_and/or/xor are the logical reductions). float16 and bfloat16 are
accumulated in float32 and rounded once at the end. Empty reductions give the identity
of the monoid; max/min propagate NaN; argmax/argmin pick the first maximum (a NaN counts
as the maximum and the minimum).

Forward mode: sum and cumsum are linear; prod, cumprod and cumlogsumexp use no division
by x (zeros and large values are safe); max/min and cummax/cummin share the tangent
equally among tied extremal places; argmax/argmin give float0 zeros.

vmap: the batch dimension stays where it is; the reduced axes (or the scanned axis) are
renumbered past it.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray, canonicalize_axis
from ..core.primitive import Primitive
from .batch_util import axes_past
from .elementwise import (add, convert_element_type, div, eq, exp, ge, lt, mul, select_n,
                          sub)
from .families import (ANY, BOOL, FLOAT, INT_OR_BOOL, INTEGER, LINEAR_JVP, NUMERIC,
                       check_dtype, defjvp, linear_transpose_rule, standard)
from .shape import broadcast_in_dim, broadcasted_iota, full_like, pad, reshape, transpose

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

def _reduced_batch_rule(prim_of):
    """The batch rule of a reduction over `axes` (reduce_*, argmax/argmin): the reduced
    axes step past the batch dimension, which stays where it is (no transpose) and lands
    in the result after the kept dimensions before it."""
    def batch(axis, args, dims, *, axes, **params):
        x, = args
        bdim, = dims
        out = prim_of().bind(x, axes=axes_past(axes, bdim), **params)
        return out, bdim - sum(1 for a in axes if a < bdim)
    return batch


def _reduction(name: str, impl, accepts, jvp=None, transpose=None) -> Primitive:
    def abstract_eval(aval, *, axes, out_sharding=None):
        check_dtype(name, aval, accepts)
        shape = aval.shape
        _check_axes(name, axes, len(shape))
        return ShapedArray(_kept_shape(shape, axes) if axes else shape, aval.dtype,
                           aval.weak_type)

    prim = standard(name, impl, abstract_eval, jvp=jvp, transpose=transpose,
                    batch=_reduced_batch_rule(lambda: prim))
    return prim


def _reduction_impl(reduce_fn):
    def impl(xp, x, *, axes, out_sharding=None):
        return reduce_fn(xp, x, axes)
    return impl


def _accumulating(ufunc_of):
    """Sum/product: keeps the operand's dtype (NumPy would widen int32 to int64) and
    accumulates float16/bfloat16 in float32, rounding once at the end."""
    def reduce_fn(xp, x, axes):
        dtype = x.dtype
        if not axes:
            return x
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
        if not axes:
            return x
        if dtype in _HALF:  # exact both ways, and ml_dtypes' loops are slow
            out = ufunc_of(xp).reduce(x.astype(_FLOAT32), axis=axes).astype(dtype)
        else:
            out = ufunc_of(xp).reduce(x, axis=axes)
        if dtype.kind in "fV" and dtype != dtypes.bool_:
            out = _order_zeros(xp, x, out, axes, identity(dtype) > 0)
        return out
    return _reduction_impl(reduce_fn)


def _order_zeros(xp, x, out, axes, is_min):
    """XLA orders -0.0 below +0.0 in max/min; NumPy keeps whichever zero came first. A zero
    result is -0.0 for min if any reduced zero is negative, for max only if all are."""
    zero = out == 0
    if not xp.any(zero):
        return out
    negative_zero = (x == 0) & xp.signbit(x)
    fold = xp.logical_or if is_min else xp.logical_and
    picked = fold.reduce(negative_zero | (x != 0) if not is_min else negative_zero,
                         axis=axes)
    signed = xp.where(picked, -xp.zeros((), out.dtype), xp.zeros((), out.dtype))
    return xp.where(zero, signed, out)


def _bitwise(ufunc_of):
    def impl(xp, x, *, axes, out_sharding=None):
        return ufunc_of(xp).reduce(x, axis=axes, dtype=x.dtype)
    return impl


def _reduce_prod_jvp(primals, tangents, *, axes, out_sharding=None):
    # d prod(x) = sum_i t_i * prod_{j != i} x_j. The exclusive products come from cumprod
    # run from both ends, never from ans / x_i, so zeros in x give the right tangent.
    x, = primals
    t, = tangents
    ans = reduce_prod_p.bind(x, axes=axes)
    if not axes:
        return ans, t
    kept = tuple(d for d in range(x.ndim) if d not in axes)
    rows = (math.prod(x.shape[d] for d in axes),) + tuple(x.shape[d] for d in kept)

    def rows_first(v):  # the reduced dimensions flattened into one leading dimension
        return reshape(transpose(v, axes + kept), rows)

    x, t = rows_first(x), rows_first(t)
    before = _shift(cumprod(x, 0), 1, 0, reverse=False, fill=1)
    after = _shift(cumprod(x, 0, reverse=True), 1, 0, reverse=True, fill=1)
    return ans, reduce_sum(mul(t, mul(before, after)), (0,))


def _reduce_chooser_jvp(reduce):
    """max/min: the tangent at the extremal positions, averaged over ties (a NaN result
    matches nothing and gives a NaN tangent, as JAX's does)."""
    def jvp(primals, tangents, *, axes, out_sharding=None):
        x, = primals
        t, = tangents
        ans = reduce(x, axes)
        kept = tuple(d for d in range(x.ndim) if d not in axes)
        at = convert_element_type(eq(x, broadcast_in_dim(ans, x.shape, kept)), ans.dtype)
        return ans, div(reduce_sum(mul(t, at), axes), reduce_sum(at, axes))
    return jvp


reduce_sum_p = _reduction(
    "reduce_sum", _accumulating(lambda xp: xp.add), NUMERIC, jvp=LINEAR_JVP,
    # The cotangent of a sum is the output cotangent broadcast back over the summed axes.
    transpose=linear_transpose_rule(lambda ct, aval, *, axes, out_sharding=None:
                                    broadcast_in_dim(ct, aval.shape, tuple(
                                        d for d in range(len(aval.shape)) if d not in axes))))
reduce_prod_p = _reduction("reduce_prod", _accumulating(lambda xp: xp.multiply), NUMERIC,
                           jvp=_reduce_prod_jvp)
reduce_max_p = _reduction("reduce_max", _extremum(lambda xp: xp.maximum, _max_identity),
                          ANY, jvp=_reduce_chooser_jvp(lambda x, axes: reduce_max(x, axes)))
reduce_min_p = _reduction("reduce_min", _extremum(lambda xp: xp.minimum, _min_identity),
                          ANY, jvp=_reduce_chooser_jvp(lambda x, axes: reduce_min(x, axes)))
# No jvp rule for the logical reductions, as in JAX: they take integers and bools only,
# whose tangents are float0 zeros.
reduce_and_p = _reduction("reduce_and", _bitwise(lambda xp: xp.bitwise_and), INT_OR_BOOL)
reduce_or_p = _reduction("reduce_or", _bitwise(lambda xp: xp.bitwise_or), INT_OR_BOOL)
reduce_xor_p = _reduction("reduce_xor", _bitwise(lambda xp: xp.bitwise_xor), INT_OR_BOOL)


_LOGICAL = ("reduce_and", "reduce_or", "reduce_xor")


def _bind_reduction(prim, operand, axes, out_sharding=None):
    ndim = _ndim(operand)
    if not (type(axes) is tuple and all(type(a) is int and 0 <= a < ndim for a in axes)
            and len(set(axes)) == len(axes)):
        axes = _check_reduction_axes(prim.name, operand, axes, ndim)
    return prim.bind(operand, axes=axes, out_sharding=out_sharding)


def _check_reduction_axes(name, operand, axes, ndim):
    """The axes, canonical, checked in JAX's order: the logical reductions check the dtype
    first and index the shape with the axes (IndexError); the others reject duplicate
    axes before the dtype. Unlike JAX (XLA's rule), wax also takes negative axes, counted
    from the end: its own callers rely on that."""
    if name in _LOGICAL:
        dtype = dtypes.dtype_and_weak(operand)[0]
        if not (dtype == dtypes.bool_ or dtypes.is_integer(dtype)):
            raise TypeError(f"logical reduction requires operand dtype bool or int, got "
                            f"{dtype}.")
        for a in (axes if isinstance(axes, (tuple, list)) else ()):
            if isinstance(a, (int, np.integer)) and not isinstance(a, bool) and a >= ndim:
                raise IndexError(f"{name}: index {a} is out of bounds for an operand of "
                                 f"rank {ndim} (axes {tuple(axes)})")
    canonical = _canonical_axes(name, axes, ndim)
    if len(set(canonical)) != len(canonical):
        duplicate = next(a for i, a in enumerate(canonical) if a in canonical[:i])
        raise ValueError(f"{name}: duplicate axis {duplicate} in axes {canonical} for an "
                         f"operand of rank {ndim} (duplicate value in 'axes' of reduction)")
    return canonical


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

    # An index carries no tangent: JAX's rule gives a float0 zero, and so does this one.
    prim = standard(name, impl, abstract_eval, jvp=defjvp(None),
                    batch=_reduced_batch_rule(lambda: prim))
    return prim


argmax_p = _argminmax("argmax", np.argmax)
argmin_p = _argminmax("argmin", np.argmin)


def _index_dtype(name, index_dtype):
    if index_dtype is None:
        raise TypeError(f"{name}: index_dtype is required (e.g. jnp.int32)")
    return dtypes.canonicalize_dtype(index_dtype)


def _check_arg_axis(name, operand, axis):
    if isinstance(axis, (int, np.integer)) and not -_ndim(operand) <= axis < _ndim(operand):
        raise ValueError(f"{name}: axis {axis} is out of bounds: Invalid axis {axis} for "
                         f"operand shape {tuple(np.shape(operand))}")


def argmax(operand, axis, index_dtype):
    """Index of the first maximum along `axis` (NaN counts as the maximum)."""
    _check_arg_axis("argmax", operand, axis)
    axes = _canonical_axes("argmax", axis, _ndim(operand))
    return argmax_p.bind(operand, axes=axes, index_dtype=_index_dtype("argmax", index_dtype))


def argmin(operand, axis, index_dtype):
    """Index of the first minimum along `axis` (NaN counts as the minimum)."""
    _check_arg_axis("argmin", operand, axis)
    axes = _canonical_axes("argmin", axis, _ndim(operand))
    return argmin_p.bind(operand, axes=axes, index_dtype=_index_dtype("argmin", index_dtype))


# --- cumulative ops -------------------------------------------------------------------

def _cumulative(name: str, accumulate, accepts, jvp=None, transpose=None) -> Primitive:
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

    def batch(axis_data, args, dims, *, axis, reverse):
        # The scan runs along the same data axis, renumbered past the batch dimension,
        # which stays where it is.
        x, = args
        bdim, = dims
        return prim.bind(x, axis=axis + (axis >= bdim), reverse=reverse), bdim

    prim = standard(name, impl, abstract_eval, jvp=jvp, transpose=transpose, batch=batch)
    return prim


# --- jvp rules of the cumulative ops: scans of (value, tangent, ...) tuples ------------------

def _shift(x, step: int, axis: int, reverse: bool, fill=0):
    """x moved `step` places along `axis` (towards the end, or the start when `reverse`),
    the vacated places filled with `fill`: element k is x[k - step] (x[k + step])."""
    config = [(0, 0, 0)] * x.ndim
    config[axis] = (-step, step, 0) if reverse else (step, -step, 0)
    return pad(x, fill, config)


def _scan(combine, operands, axis: int, reverse: bool):
    """The inclusive scan of a tuple of same-shaped arrays along `axis` under an associative
    `combine(earlier, later)`, by doubling (Hillis-Steele): ceil(log2 n) steps, each
    combining every element with the one `step` places before it. Elements with nothing
    there keep their value, so `combine` needs no identity element."""
    shape = operands[0].shape
    size = shape[axis]
    position = broadcasted_iota(np.int32, shape, axis)
    step = 1
    while step < size:
        earlier = [_shift(x, step, axis, reverse) for x in operands]
        combined = combine(earlier, operands)
        has_earlier = lt(position, size - step) if reverse else ge(position, step)
        operands = [select_n(has_earlier, x, c) for x, c in zip(operands, combined)]
        step *= 2
    return operands


def _cumprod_jvp(primals, tangents, *, axis, reverse):
    # Dual numbers (p, t) multiply as (p0 p1, t0 p1 + p0 t1): the product rule, exact when
    # some x are zero (no division by x).
    x, = primals
    t, = tangents
    ans = cumprod_p.bind(x, axis=axis, reverse=reverse)

    def combine(earlier, later):
        (p0, t0), (p1, t1) = earlier, later
        return [mul(p0, p1), add(mul(t0, p1), mul(p0, t1))]

    return ans, _scan(combine, [x, t], axis, reverse)[1]


def _cumulative_chooser_jvp(accumulate):
    """cummax/cummin: the tangent at the position of the running extremum, averaged over
    tied positions (what reduce_max gives for each prefix). The running extremum `ans` is
    monotone, so the ties of ans[k] are the places i <= k with ans[i] == ans[k] where x[i]
    attains it: a scan that adds (tangent, count) over runs of equal ans. (JAX differentiates
    its scan tree instead, so with three or more ties its shares are unequal.)"""
    def jvp(primals, tangents, *, axis, reverse):
        x, = primals
        t, = tangents
        ans = accumulate(x, axis, reverse)
        attained = convert_element_type(eq(x, ans), ans.dtype)

        def combine(earlier, later):
            (value0, total0, count0), (value1, total1, count1) = earlier, later
            same = eq(value0, value1)
            return [value1, select_n(same, total1, add(total0, total1)),
                    select_n(same, count1, add(count0, count1))]

        _, total, count = _scan(combine, [ans, mul(t, attained), attained], axis, reverse)
        return ans, div(total, count)
    return jvp


def _cumlogsumexp_jvp(primals, tangents, *, axis, reverse):
    # tangent[k] = sum_{i <= k} t[i] exp(x[i] - ans[k]) obeys the linear recurrence
    # tangent[k] = exp(ans[k-1] - ans[k]) tangent[k-1] + t[k] exp(x[k] - ans[k]), whose
    # factors are at most 1 (ans is nondecreasing): a scan of (factor, term) pairs that
    # never overflows. Where the two sides are equal (both -inf, say) the factor is 1, not
    # exp(-inf + inf) = nan.
    x, = primals
    t, = tangents
    ans = cumlogsumexp_p.bind(x, axis=axis, reverse=reverse)

    def ratio(a, b):  # exp(a - b), 1 where a == b
        return select_n(eq(a, b), exp(sub(a, b)), full_like(b, 1))

    term = mul(t, ratio(x, ans))
    factor = ratio(_shift(ans, 1, axis, reverse), ans)

    def combine(earlier, later):
        (factor0, term0), (factor1, term1) = earlier, later
        return [mul(factor0, factor1), add(mul(factor1, term0), term1)]

    return ans, _scan(combine, [factor, term], axis, reverse)[1]


# out[i] sums x[j] for j <= i, so x[j]'s cotangent sums ct[i] for i >= j: the same scan
# run the other way.
def _plus_zero(out):
    """XLA's scans start from +0.0, so a running sum of -0.0s is +0.0 (NumPy keeps -0.0)."""
    return out + out.dtype.type(0) if out.dtype.kind in "fc" else out


def _cum_extremum(name):
    def accumulate(xp, x, axis):
        ufunc = xp.minimum if name == "min" else xp.maximum
        out = ufunc.accumulate(x, axis)
        if x.dtype.kind != "f":
            return out
        zero = out == 0
        if not xp.any(zero):
            return out
        negative_zero = (x == 0) & xp.signbit(x)
        picked = (xp.logical_or.accumulate(negative_zero, axis) if name == "min" else
                  xp.logical_and.accumulate(negative_zero | (x != 0), axis))
        signed = xp.where(picked, -xp.zeros((), out.dtype), xp.zeros((), out.dtype))
        return xp.where(zero, signed, out)
    return accumulate


cumsum_p = _cumulative("cumsum", lambda xp, x, axis: _plus_zero(
                           xp.cumsum(x, axis, dtype=x.dtype)),
                       NUMERIC, jvp=LINEAR_JVP,
                       transpose=linear_transpose_rule(
                           lambda ct, aval, *, axis, reverse: cumsum_p.bind(
                               ct, axis=axis, reverse=not reverse)))
cumprod_p = _cumulative("cumprod", lambda xp, x, axis: xp.cumprod(x, axis, dtype=x.dtype),
                        NUMERIC, jvp=_cumprod_jvp)
cummax_p = _cumulative("cummax", _cum_extremum("max"),
                       NUMERIC, jvp=_cumulative_chooser_jvp(lambda *args: cummax(*args)))
cummin_p = _cumulative("cummin", _cum_extremum("min"),
                       NUMERIC, jvp=_cumulative_chooser_jvp(lambda *args: cummin(*args)))
# logaddexp.accumulate adds in log space, so it never overflows as exp-then-sum would.
cumlogsumexp_p = _cumulative("cumlogsumexp",
                             lambda xp, x, axis: _plus_zero(xp.logaddexp.accumulate(x, axis)),
                             FLOAT,
                             jvp=_cumlogsumexp_jvp)


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
