"""Reductions of wax.numpy (JAX's reductions.py): sum, prod, max, min, all, any, mean,
var, std, argmax/argmin, cumulative sums and products, count_nonzero, average, ptp,
quantiles and the NaN-ignoring variants.

Dtype rules are JAX's (x64 off): sum and prod of bools and narrow integers give the
default int (uint for unsigned); mean, var and std of integers give the default float;
float16/bfloat16 sums accumulate in float32. `where` must be a boolean mask, and `max`
and `min` need `initial` to use one. Results are never weakly typed.
"""
from __future__ import annotations

import builtins
import math
import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import ArrayImpl, ExtendedArray
from ..core.avals import canonicalize_axis
from ._promote import check_arraylike, convert_to, promote_args, promote_args_inexact
from .ufuncs import broadcast_to_shape, const, const_like, isnan, where_

_bool = dtypes.bool_
_HALF_FLOATS = (np.dtype(np.float16), dtypes.bfloat16)


# --- arguments -----------------------------------------------------------------------

def _reduction_axes(axis, ndim: int) -> tuple:
    """axis (None, an int or a sequence of ints) as a tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    try:
        axes = (operator.index(axis),)
    except TypeError:
        axes = tuple(operator.index(a) for a in axis)
    canonical = tuple(canonicalize_axis(a, ndim) for a in axes)
    if len(set(canonical)) != len(canonical):
        raise ValueError(f"duplicate value in 'axis': {axis}")
    return canonical


def _check_where(name: str, where):
    if where is None:
        return None
    where, = promote_args(name, where)
    if where.dtype != _bool:
        raise ValueError(f"jnp.{name}: where must be None or a boolean array; got "
                         f"where.dtype={where.dtype!r}.")
    return where


def _check_out(name: str, out) -> None:
    if out is not None:
        raise NotImplementedError(f"The 'out' argument to jnp.{name} is not supported.")


def _promote_integer_dtype(dtype):
    """sum/prod of bools and integers narrower than the default widen to it (NumPy does
    the same, but to 64 bits)."""
    if dtype == _bool:
        return dtypes.default_int_dtype()
    if dtype.kind == "u" and dtype.itemsize < dtypes.default_uint_dtype().itemsize:
        return dtypes.default_uint_dtype()
    if dtype.kind == "i" and dtype.itemsize < dtypes.default_int_dtype().itemsize:
        return dtypes.default_int_dtype()
    return dtype


def _identity_value(dtype, value):
    """The reduction's identity (0, 1, +-inf, True, False) in `dtype`."""
    if dtype == _bool:
        return value > 0
    if dtypes.is_integer(dtype) and math.isinf(value):
        info = np.iinfo(dtype)
        return info.max if value > 0 else info.min
    return value


def _count(shape, axes) -> int:
    return math.prod(shape[a] for a in axes)


# --- the reductions ------------------------------------------------------------------

def _reduction(a, name, reduce_fn, combine, identity, *, axis, dtype, out, keepdims,
               initial, where, bool_fns=None, has_identity=True, numeric=False,
               to_bool=False, upcast_f16=False, promote_integers=False):
    """One jnp reduction: `reduce_fn(x, axes)` reduces, `combine(x, y)` folds `initial`
    in, `identity` fills masked-out elements; bool operands use `bool_fns` instead."""
    _check_out(name, out)
    if type(a) is not ArrayImpl:
        if isinstance(a, ExtendedArray):
            raise TypeError(f"{name} does not accept dtype {a.dtype}.")
        a, = promote_args(name, a)
    if where is not None:
        where = _check_where(name, where)
        if initial is None and not has_identity:
            raise ValueError(f"reduction operation {name} does not have an identity, so to "
                             "use a where mask one has to specify 'initial'")
    if numeric and a.dtype == _bool:
        a = convert_to(a, dtypes.default_int_dtype())
    elif to_bool and a.dtype != _bool:
        a = lax.ne(a, const_like(a, 0))
    shape = np.shape(a)
    axes = _reduction_axes(axis, len(shape))
    if initial is None and not has_identity and not builtins.all(shape[d] for d in axes):
        raise ValueError(f"zero-size array to reduction operation {name} which has no "
                         "identity")
    if dtype is None:
        result_dtype = _promote_integer_dtype(a.dtype) if promote_integers else a.dtype
        compute_dtype = np.dtype(np.float32) if (upcast_f16 and result_dtype in
                                                 _HALF_FLOATS) else result_dtype
    else:
        result_dtype = compute_dtype = dtypes.check_user_dtype(dtype, name)
    if a.dtype != compute_dtype or a.weak_type:
        a = convert_to(a, compute_dtype)
    if compute_dtype == _bool and bool_fns is not None:
        reduce_fn, combine = bool_fns
    if where is not None:
        fill = const(compute_dtype, _identity_value(compute_dtype, identity))
        a = where_(broadcast_to_shape(where, shape), a, fill)
    result = reduce_fn(a, axes)
    if initial is not None:
        initial = convert_to(promote_args(name, initial)[0], compute_dtype)
        if np.shape(initial) != ():
            raise ValueError("initial value must be a scalar. Got array of shape "
                             f"{np.shape(initial)}")
        result = combine(initial, result)
    if keepdims:
        result = lax.expand_dims(result, axes)
    return result if result.dtype == result_dtype else convert_to(result, result_dtype)


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None,
        promote_integers=True):
    """Sum of the elements over `axis` (bools and narrow ints sum in the default int)."""
    return _reduction(a, "sum", lax.reduce_sum, lax.add, 0, axis=axis, dtype=dtype,
                      out=out, keepdims=keepdims, initial=initial, where=where,
                      bool_fns=(lax.reduce_or, lax.bitwise_or), numeric=True,
                      upcast_f16=True, promote_integers=promote_integers)


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None,
         promote_integers=True):
    """Product of the elements over `axis` (bools and narrow ints in the default int)."""
    return _reduction(a, "prod", lax.reduce_prod, lax.mul, 1, axis=axis, dtype=dtype,
                      out=out, keepdims=keepdims, initial=initial, where=where,
                      bool_fns=(lax.reduce_and, lax.bitwise_and), numeric=True,
                      upcast_f16=True, promote_integers=promote_integers)


def max(a, axis=None, out=None, keepdims=False, initial=None, where=None):
    """Maximum over `axis`; NaN propagates; `where` needs `initial`."""
    return _reduction(a, "max", lax.reduce_max, lax.max, -np.inf, axis=axis, dtype=None,
                      out=out, keepdims=keepdims, initial=initial, where=where,
                      bool_fns=(lax.reduce_or, lax.bitwise_or), has_identity=False)


def min(a, axis=None, out=None, keepdims=False, initial=None, where=None):
    """Minimum over `axis`; NaN propagates; `where` needs `initial`."""
    return _reduction(a, "min", lax.reduce_min, lax.min, np.inf, axis=axis, dtype=None,
                      out=out, keepdims=keepdims, initial=initial, where=where,
                      bool_fns=(lax.reduce_and, lax.bitwise_and), has_identity=False)


def amax(a, axis=None, out=None, keepdims=False, initial=None, where=None):
    """Alias of max."""
    return max(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)


def amin(a, axis=None, out=None, keepdims=False, initial=None, where=None):
    """Alias of min."""
    return min(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)


def all(a, axis=None, out=None, keepdims=False, *, where=None):
    """Whether every element over `axis` is true (nonzero)."""
    return _reduction(a, "all", lax.reduce_and, lax.bitwise_and, True, axis=axis,
                      dtype=None, out=out, keepdims=keepdims, initial=None, where=where,
                      to_bool=True)


def any(a, axis=None, out=None, keepdims=False, *, where=None):
    """Whether any element over `axis` is true (nonzero)."""
    return _reduction(a, "any", lax.reduce_or, lax.bitwise_or, False, axis=axis,
                      dtype=None, out=out, keepdims=keepdims, initial=None, where=where,
                      to_bool=True)


def _normalizer(name, a, axes, where, keepdims, dtype):
    """How many elements each mean averages: a constant, or the count of `where`."""
    if where is None:
        return const(dtype, _count(np.shape(a), axes))
    mask = broadcast_to_shape(where, np.shape(a))
    return sum(mask, axes, dtype=dtype, keepdims=keepdims)


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=None):
    """Arithmetic mean over `axis` (integers give float32, 64-bit ones float64)."""
    _check_out("mean", out)
    if type(a) is not ArrayImpl:
        a, = promote_args("mean", a)
    where = _check_where("mean", where)
    if dtype is None:
        result_dtype = dtypes.to_inexact_dtype(a.dtype)
    else:
        result_dtype = dtypes.check_user_dtype(dtype, "mean")
    compute_dtype = np.dtype(np.float32) if result_dtype in _HALF_FLOATS else result_dtype
    axes = _reduction_axes(axis, np.ndim(a))
    total = sum(a, axes, dtype=compute_dtype, keepdims=keepdims, where=where)
    count = _normalizer("mean", a, axes, where, keepdims, compute_dtype)
    return convert_to(lax.div(total, count), result_dtype)


def _var_dtypes(a_dtype, dtype):
    """(computation dtype, result dtype) of var and std."""
    if dtype is not None:
        dtype = dtypes.check_user_dtype(dtype, "var")
        if dtype.kind != "c" and a_dtype.kind == "c":
            raise ValueError(
                "jax.numpy.var does not yet support real dtype parameters when computing "
                "the variance of an array of complex values. The semantics of numpy.var "
                "seem unclear in this case. Please comment on "
                "https://github.com/jax-ml/jax/issues/2283 if this behavior is important "
                "to you.")
        compute_dtype = dtype
    elif not dtypes.is_inexact(a_dtype):
        dtype = compute_dtype = dtypes.to_inexact_dtype(a_dtype)
    else:
        dtype = np.finfo(a_dtype).dtype if a_dtype.kind == "c" else a_dtype
        compute_dtype = a_dtype
    if compute_dtype in _HALF_FLOATS:
        compute_dtype = np.dtype(np.float32)
    return compute_dtype, dtype


def _correction(ddof, correction):
    if correction is None:
        return ddof
    if not isinstance(ddof, int) or ddof != 0:
        raise ValueError("ddof and correction can't be provided simultaneously.")
    return correction


def _squared_magnitude(x):
    if x.dtype.kind == "c":
        return lax.real(lax.mul(x, lax.conj(x)))
    return lax.mul(x, x)


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None,
        mean=None, correction=None):
    """Variance over `axis`, dividing by N - ddof (NaN when that is not positive)."""
    correction = _correction(ddof, correction)
    _check_out("var", out)
    check_arraylike("var", a)
    where = _check_where("var", where)
    a, = promote_args("var", a)
    compute_dtype, dtype = _var_dtypes(a.dtype, dtype)
    a = convert_to(a, compute_dtype)
    axes = _reduction_axes(axis, np.ndim(a))
    if mean is None:
        a_mean = _mean_keepdims(a, axes, compute_dtype, where)
    else:
        a_mean = convert_to(promote_args("var", mean)[0], compute_dtype)
    centered = _squared_magnitude(lax.sub(a, a_mean))
    real_dtype = centered.dtype
    count = _normalizer("var", a, axes, where, keepdims, real_dtype)
    count = lax.sub(count, convert_to(promote_args("var", correction)[0], real_dtype))
    total = sum(centered, axes, dtype=real_dtype, keepdims=keepdims, where=where)
    result = convert_to(lax.div(total, count), dtype)
    return where_(lax.gt(count, const(real_dtype, 0)), result, const(dtype, np.nan))


def _mean_keepdims(a, axes, dtype, where):
    total = sum(a, axes, dtype=dtype, keepdims=True, where=where)
    return lax.div(total, _normalizer("var", a, axes, where, True, dtype))


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None,
        mean=None, correction=None):
    """Standard deviation over `axis`: the square root of var."""
    correction = _correction(ddof, correction)
    _check_out("std", out)
    check_arraylike("std", a)
    if dtype is not None and not dtypes.is_inexact(dtypes.check_user_dtype(dtype, "std")):
        raise ValueError(f"dtype argument to jnp.std must be inexact; got {dtype}")
    return lax.sqrt(var(a, axis, dtype, correction=correction, keepdims=keepdims,
                        where=where, mean=mean))


def ptp(a, axis=None, out=None, keepdims=False):
    """Range (maximum - minimum) over `axis`."""
    _check_out("ptp", out)
    check_arraylike("ptp", a)
    return lax.sub(max(a, axis, keepdims=keepdims), min(a, axis, keepdims=keepdims))


def count_nonzero(a, axis=None, keepdims=False):
    """Number of nonzero elements over `axis`, as the default int."""
    a, = promote_args("count_nonzero", a)
    return sum(lax.ne(a, const_like(a, 0)), axis, dtype=dtypes.default_int_dtype(),
               keepdims=keepdims)


def average(a, axis=None, weights=None, returned=False, keepdims=False):
    """Weighted mean over `axis`; with returned=True also the sum of the weights."""
    if weights is None:
        a, = promote_args_inexact("average", a)
        avg = mean(a, axis, keepdims=keepdims)
        weights_sum = const(avg.dtype, _count(np.shape(a), _reduction_axes(axis, a.ndim)))
    else:
        check_arraylike("average", a, weights)
        dtype, _ = dtypes.result_type_and_weak(a, weights)
        dtype = dtypes.to_inexact_dtype(dtype)
        a, weights = convert_to(a, dtype), convert_to(weights, dtype)
        a_shape, w_shape = np.shape(a), np.shape(weights)
        if a_shape != w_shape:
            if len(w_shape) != 1:
                raise ValueError("1D weights expected when shapes of a and weights differ.")
            if axis is None:
                raise ValueError("Axis must be specified when shapes of a and weights "
                                 "differ.")
            if not isinstance(axis, (int, np.integer)):
                raise ValueError("Single axis expected when shapes of a and weights differ")
            axis = canonicalize_axis(axis, len(a_shape))
            if w_shape[0] != a_shape[axis]:
                raise ValueError("Length of weights not compatible with specified axis.")
            weights = lax.broadcast_in_dim(weights, a_shape, (axis,))
        weights_sum = sum(weights, axis, keepdims=keepdims)
        avg = lax.div(sum(lax.mul(a, weights), axis, keepdims=keepdims), weights_sum)
    if returned:
        return avg, broadcast_to_shape(weights_sum, np.shape(avg))
    return avg


# --- argmax / argmin -----------------------------------------------------------------

def _argminmax(name, lax_fn, a, axis, out, keepdims):
    _check_out(name, out)
    a, = promote_args(name, a)
    if axis is None:
        dims = tuple(range(a.ndim))
        a = lax.reshape(a, (a.size,))
        axis = 0
    else:
        axis = canonicalize_axis(axis, a.ndim)
        dims = (axis,)
    if a.shape[axis] == 0:
        raise ValueError(f"attempt to get {name} of an empty sequence")
    result = lax_fn(a, axis, dtypes.default_int_dtype())
    return lax.expand_dims(result, dims) if keepdims else result


def argmax(a, axis=None, out=None, keepdims=None):
    """Index of the first maximum along `axis` (of the flattened array if None)."""
    return _argminmax("argmax", lax.argmax, a, axis, out, keepdims)


def argmin(a, axis=None, out=None, keepdims=None):
    """Index of the first minimum along `axis` (of the flattened array if None)."""
    return _argminmax("argmin", lax.argmin, a, axis, out, keepdims)


# --- cumulative reductions -----------------------------------------------------------

def _cumulative(name, lax_fn, a, axis, dtype, out, promote_integers=False):
    if out is not None:
        raise NotImplementedError(f"The 'out' argument to jnp.{name} is not supported")
    a, = promote_args(name, a)
    if axis is None or a.ndim == 0:
        a = lax.reshape(a, (a.size,))
    axis = canonicalize_axis(0 if axis is None else axis, a.ndim)
    requested = dtypes.check_user_dtype(dtype, name)
    result_dtype = a.dtype if requested is None else requested
    # Booleans accumulate as integers (a running count), then go back to bool if asked.
    if (requested is None and promote_integers) or result_dtype == _bool:
        result_dtype = _promote_integer_dtype(result_dtype)
    if a.dtype != _bool and requested == _bool:
        a = lax.ne(a, const_like(a, 0))
    result = lax_fn(convert_to(a, result_dtype), axis)
    return convert_to(result, _bool) if requested == _bool else result


def cumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum along `axis` (of the flattened array if None)."""
    return _cumulative("cumsum", lax.cumsum, a, axis, dtype, out)


def cumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product along `axis` (of the flattened array if None)."""
    return _cumulative("cumprod", lax.cumprod, a, axis, dtype, out)


def _cumulative_api(name, lax_fn, x, axis, dtype, include_initial, identity,
                    promote_integers):
    x, = promote_args(name, x)
    what = "sum" if identity == 0 else "product"
    if x.ndim == 0:
        raise ValueError(f"The input must be non-scalar to take a cumulative {what}, however "
                         "a scalar value or scalar array was given.")
    if axis is None:
        if x.ndim > 1:
            raise ValueError(f"The input array has rank {x.ndim}, however axis was not set "
                             "to an explicit value. The axis argument is only optional for "
                             "one-dimensional arrays.")
        axis = 0
    axis = canonicalize_axis(axis, x.ndim)
    out = _cumulative(name, lax_fn, x, axis, dtype, None, promote_integers)
    if include_initial:
        shape = list(np.shape(x))
        shape[axis] = 1
        first = lax.broadcast_in_dim(const(out.dtype, identity), tuple(shape), ())
        out = lax.concatenate([first, out], axis)
    return out


def cumulative_sum(x, /, *, axis=None, dtype=None, include_initial=False):
    """Cumulative sum (array API): ints widen as in sum; optionally starting at 0."""
    return _cumulative_api("cumulative_sum", lax.cumsum, x, axis, dtype, include_initial,
                           0, True)


def cumulative_prod(x, /, *, axis=None, dtype=None, include_initial=False):
    """Cumulative product (array API), optionally starting at 1."""
    return _cumulative_api("cumulative_prod", lax.cumprod, x, axis, dtype, include_initial,
                           1, False)


# --- NaN-ignoring reductions -----------------------------------------------------------

def _nan_reduction(name, reduction, fill, nan_if_all_nan, a, axis, keepdims, where, **kw):
    """`reduction` with NaNs replaced by `fill`; optionally NaN where a slice is all NaN."""
    a, = promote_args(name, a)
    where = _check_where(name, where)
    if not dtypes.is_inexact(a.dtype):
        return reduction(a, axis=axis, keepdims=keepdims, where=where, **kw)
    nan_mask = isnan(a)
    out = reduction(where_(nan_mask, const(a.dtype, fill), a), axis=axis, keepdims=keepdims,
                    where=where, **kw)
    if nan_if_all_nan:
        out = where_(all(nan_mask, axis=axis, keepdims=keepdims), const(out.dtype, np.nan),
                     out)
    return out


def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    """sum, treating NaN as zero."""
    _check_out("nansum", out)
    return _nan_reduction("nansum", sum, 0, False, a, axis, keepdims, where, dtype=dtype,
                          initial=initial)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    """prod, treating NaN as one."""
    _check_out("nanprod", out)
    return _nan_reduction("nanprod", prod, 1, False, a, axis, keepdims, where, dtype=dtype,
                          initial=initial)


def nanmax(a, axis=None, out=None, keepdims=False, initial=None, where=None):
    """max ignoring NaN (NaN where a slice is all NaN and no initial is given)."""
    _check_out("nanmax", out)
    return _nan_reduction("nanmax", max, -np.inf, initial is None, a, axis, keepdims, where,
                          initial=initial)


def nanmin(a, axis=None, out=None, keepdims=False, initial=None, where=None):
    """min ignoring NaN (NaN where a slice is all NaN and no initial is given)."""
    _check_out("nanmin", out)
    return _nan_reduction("nanmin", min, np.inf, initial is None, a, axis, keepdims, where,
                          initial=initial)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, where=None):
    """mean of the non-NaN elements."""
    _check_out("nanmean", out)
    a, = promote_args("nanmean", a)
    if not dtypes.is_inexact(a.dtype):
        return mean(a, axis, dtype, keepdims=keepdims, where=where)
    dtype = a.dtype if dtype is None else dtypes.check_user_dtype(dtype, "nanmean")
    count = sum(lax.bitwise_not(isnan(a)), axis, dtype=dtype, keepdims=keepdims, where=where)
    return lax.div(nansum(a, axis, dtype=dtype, keepdims=keepdims, where=where), count)


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=None,
           mean=None):
    """var of the non-NaN elements."""
    _check_out("nanvar", out)
    a, = promote_args("nanvar", a)
    compute_dtype, dtype = _var_dtypes(a.dtype, dtype)
    a = convert_to(a, compute_dtype)
    nan_mask = isnan(a)
    if mean is None:
        a_mean = nanmean(a, axis, compute_dtype, keepdims=True, where=where)
    else:
        a_mean = convert_to(promote_args("nanvar", mean)[0], compute_dtype)
    centered = where_(nan_mask, const(compute_dtype, 0), lax.sub(a, a_mean))
    centered = _squared_magnitude(centered)
    count = sum(lax.bitwise_not(nan_mask), axis, keepdims=keepdims, where=where)
    count = lax.sub(count, const_like(count, ddof))
    total = sum(centered, axis, keepdims=keepdims, where=where)
    positive = lax.gt(count, const_like(count, 0))
    divisor = convert_to(where_(positive, count, const_like(count, 1)), total.dtype)
    result = where_(positive, lax.div(total, divisor), const(total.dtype, np.nan))
    return convert_to(result, dtype)


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=None,
           mean=None):
    """std of the non-NaN elements."""
    _check_out("nanstd", out)
    return lax.sqrt(nanvar(a, axis, dtype, ddof=ddof, keepdims=keepdims, where=where,
                           mean=mean))


def _nan_cumulative(name, lax_fn, fill, a, axis, dtype, out):
    a, = promote_args(name, a)
    if dtypes.is_inexact(a.dtype):
        a = where_(isnan(a), const(a.dtype, fill), a)
    return _cumulative(name, lax_fn, a, axis, dtype, out)


def nancumsum(a, axis=None, dtype=None, out=None):
    """cumsum, treating NaN as zero."""
    return _nan_cumulative("nancumsum", lax.cumsum, 0, a, axis, dtype, out)


def nancumprod(a, axis=None, dtype=None, out=None):
    """cumprod, treating NaN as one."""
    return _nan_cumulative("nancumprod", lax.cumprod, 1, a, axis, dtype, out)


def _nan_argminmax(name, arg_fn, fill, a, axis, out, keepdims):
    _check_out(name, out)
    a, = promote_args(name, a)
    if not dtypes.is_inexact(a.dtype):
        return arg_fn(a, axis=axis, keepdims=keepdims)
    nan_mask = isnan(a)
    result = arg_fn(where_(nan_mask, const(a.dtype, fill), a), axis=axis, keepdims=keepdims)
    # An all-NaN slice gives -1 (NumPy raises instead).
    return where_(all(nan_mask, axis=axis, keepdims=bool(keepdims)), const(result.dtype, -1),
                  result)


def nanargmax(a, axis=None, out=None, keepdims=None):
    """argmax ignoring NaN; -1 for an all-NaN slice."""
    return _nan_argminmax("nanargmax", argmax, -np.inf, a, axis, out, keepdims)


def nanargmin(a, axis=None, out=None, keepdims=None):
    """argmin ignoring NaN; -1 for an all-NaN slice."""
    return _nan_argminmax("nanargmin", argmin, np.inf, a, axis, out, keepdims)


# --- quantiles -----------------------------------------------------------------------

_QUANTILE_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name, a, q, axis, method, keepdims, ignore_nan):
    check_arraylike(name, a, q)
    dtype, _ = dtypes.result_type_and_weak(a)
    dtype = dtypes.to_inexact_dtype(dtype)  # JAX: a's inexact dtype; q follows it
    a, q = convert_to(a, dtype), convert_to(q, dtype)
    if dtype.kind == "c":
        raise ValueError(f"{name} does not support complex input, as the operation is poorly "
                         "defined.")
    if method not in _QUANTILE_METHODS:
        raise ValueError(f"method={method!r} not recognized")
    if q.ndim > 1:
        raise ValueError(f"q must be have rank <= 1, got shape {q.shape}")
    shape = np.shape(a)
    axes = _reduction_axes(axis, len(shape))
    kept = [d for d in range(len(shape)) if d not in axes]
    # Move the reduced axes last and merge them: a is (*kept, n).
    a = lax.transpose(a, tuple(kept) + axes)
    batch = tuple(shape[d] for d in kept)
    n = _count(shape, axes)
    if n == 0:  # (JAX fails in the gather that picks the order statistics: a TypeError)
        raise TypeError(f"{name}: an empty axis has no quantiles (array shape {shape}, "
                        f"axis {axis}): the slice of size 1 at index 0 is out of range")
    a = lax.reshape(a, batch + (n,))
    if ignore_nan:
        counts = sum(lax.bitwise_not(isnan(a)), -1, dtype=dtype)
        counts = lax.reshape(counts, (1,) * q.ndim + batch)
    else:
        a = where_(any(isnan(a), axis=-1, keepdims=True), const(dtype, np.nan), a)
        counts = const(dtype, n)
    a = lax.sort(a, dimension=a.ndim - 1)
    # Fractional positions, shaped (*q_shape, *batch).
    q_shape = tuple(q.shape)
    q = lax.reshape(q, q_shape + (1,) * len(batch))
    last = lax.sub(counts, const(dtype, 1))
    position = lax.mul(q, last)
    low = lax.max(const(dtype, 0), lax.min(lax.floor(position), last))
    high = lax.max(const(dtype, 0), lax.min(lax.ceil(position), last))
    high_weight = lax.sub(position, lax.floor(position))
    low_value, high_value = _take_last(a, low, len(q_shape)), _take_last(a, high, len(q_shape))
    if method == "linear":
        result = lax.add(lax.mul(low_value, lax.sub(const(dtype, 1), high_weight)),
                         lax.mul(high_value, high_weight))
    elif method == "lower":
        result = low_value
    elif method == "higher":
        result = high_value
    elif method == "nearest":
        result = where_(lax.le(high_weight, const(dtype, 0.5)), low_value, high_value)
    else:
        result = lax.mul(lax.add(low_value, high_value), const(dtype, 0.5))
    if keepdims:
        full = tuple(1 if d in axes else shape[d] for d in range(len(shape)))
        result = lax.reshape(result, q_shape + full)
    return result


def _take_last(a, index, q_ndim):
    """a[..., index] for float positions `index` shaped (*q_shape, *batch), without a
    gather: a one-hot mask over the last axis, then a sum that adds only zeros."""
    n = np.shape(a)[-1]
    positions = lax.convert_element_type(lax.iota(np.int32, n), index.dtype)
    positions = lax.reshape(positions, (1,) * np.ndim(index) + (n,))
    index = lax.reshape(index, np.shape(index) + (1,))
    a = lax.reshape(a, (1,) * q_ndim + np.shape(a))
    picked = where_(lax.eq(positions, index), a, const(a.dtype, 0))
    return lax.reduce_sum(picked, (picked.ndim - 1,))


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None):
    """The q-th quantiles (q in [0, 1]) over `axis`."""
    _check_quantile_args("quantile", out, overwrite_input, weights)
    return _quantile("quantile", a, q, axis, method, keepdims, False)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=False, *, weights=None):
    """The q-th quantiles over `axis`, ignoring NaN."""
    _check_quantile_args("nanquantile", out, overwrite_input, weights)
    return _quantile("nanquantile", a, q, axis, method, keepdims, True)


def _percent(name, q):
    q, = promote_args_inexact(name, q)
    return lax.div(q, const_like(q, 100))


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None, out_sharding=None):
    """The q-th percentiles (q in [0, 100]) over `axis`."""
    _check_quantile_args("percentile", out, overwrite_input, weights)
    return _quantile("percentile", a, _percent("percentile", q), axis, method, keepdims,
                     False)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=False, *, weights=None):
    """The q-th percentiles over `axis`, ignoring NaN."""
    _check_quantile_args("nanpercentile", out, overwrite_input, weights)
    return _quantile("nanpercentile", a, _percent("nanpercentile", q), axis, method,
                     keepdims, True)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """The median over `axis` (the mean of the two middle values for even counts)."""
    _check_quantile_args("median", out, overwrite_input, None)
    return _quantile("median", a, 0.5, axis, "midpoint", keepdims, False)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """The median over `axis`, ignoring NaN."""
    _check_quantile_args("nanmedian", out, overwrite_input, None)
    return _quantile("nanmedian", a, 0.5, axis, "midpoint", keepdims, True)


def _check_quantile_args(name, out, overwrite_input, weights):
    if overwrite_input or out is not None:
        raise ValueError(f"jax.numpy.{name} does not support overwrite_input=True or "
                         "out != None")
    if weights is not None:
        raise NotImplementedError(f"jnp.{name}: weights are not supported by wax")


__all__ = [
    "sum", "prod", "max", "min", "amax", "amin", "all", "any", "mean", "var", "std", "ptp",
    "count_nonzero", "average", "argmax", "argmin", "cumsum", "cumprod", "cumulative_sum",
    "cumulative_prod", "nansum", "nanprod", "nanmax", "nanmin", "nanmean", "nanvar", "nanstd",
    "nancumsum", "nancumprod", "nanargmax", "nanargmin", "quantile", "nanquantile",
    "percentile", "nanpercentile", "median", "nanmedian",
]
