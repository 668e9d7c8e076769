"""Normalizers and encodings of wax.nn (JAX's jax.nn): logsumexp, logmeanexp, softmax,
log_softmax, standardize and one_hot.

Semantics are JAX's:
- `where=` masks take part in nothing: masked-out entries of softmax are 0 and of
  log_softmax -inf; a row with every entry masked gives softmax 0 everywhere.
- logsumexp subtracts the (stop-gradient) maximum; with `b=` a negative sum gives NaN
  unless `return_sign=True`, which returns (log|sum|, sign(sum)).
- softmax has JAX's custom derivative y * (t - sum(y * t)), so gradients stay finite
  where inputs are -inf (the max shift would otherwise meet inf - inf).
- one_hot gives zeros for out-of-range classes (negative or >= num_classes), the
  default float dtype unless `dtype=` says otherwise, and inside vmap accepts the name of
  a mapped axis as `axis`.
"""
from __future__ import annotations

import math
import operator
import warnings
from typing import Any

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core import dtypes
from ..core.avals import canonicalize_axis
from ..core.errors import ConcretizationTypeError, JAXTypeError
from ..core.interpreters import EVAL_TRACE, current_trace
from ..numpy._promote import check_arraylike, promote_args_inexact
from ..numpy.reductions import _reduction_axes
from ..transforms.custom_derivatives import custom_jvp
from ..typing import Array, ArrayLike

__all__ = ["log_softmax", "logmeanexp", "logsumexp", "one_hot", "softmax", "standardize"]


def _check_optional_arraylike(name: str, *args) -> None:
    check_arraylike(name, *(a for a in args if a is not None))


def _is_complex(x) -> bool:
    return np.dtype(x.dtype).kind == "c"


# --- logsumexp ------------------------------------------------------------------------------

def logsumexp(a: ArrayLike, axis=None, b: ArrayLike | None = None, keepdims: bool = False,
              return_sign: bool = False, where: ArrayLike | None = None):
    """log(sum(b * exp(a))) over `axis`, computed stably; with return_sign=True, the pair
    (log|sum|, sign(sum))."""
    _check_optional_arraylike("logsumexp", a, b, where)
    if where is not None:
        a = jnp.where(where, a, 0)
    if b is not None:
        a, b = promote_args_inexact("logsumexp", a, b)
        a = jnp.where(b != 0, a, -np.inf)  # b == 0 terms drop out, even where a is inf
    else:
        a, = promote_args_inexact("logsumexp", a)
    dims = _reduction_axes(axis, np.ndim(a))
    amax = jnp.max(jnp.real(a), axis=dims, keepdims=keepdims, where=where, initial=-np.inf)
    # the shift is a constant for differentiation, and 0 where the max is +-inf or NaN
    amax = lax.stop_gradient(jnp.where(jnp.isfinite(amax), amax, 0))
    shift = amax if keepdims else lax.expand_dims(amax, dims)
    terms = jnp.exp(a - shift.astype(a.dtype))
    if b is not None:
        terms = terms * b
    total = jnp.sum(terms, axis=dims, keepdims=keepdims, where=where)
    sign = lax.sign(total)
    if return_sign or not _is_complex(a):
        total = jnp.abs(total)
    out = jnp.log(total) + amax.astype(total.dtype)
    if return_sign:
        return out, sign
    if b is not None and not _is_complex(out):
        out = jnp.where(sign < 0, np.array(np.nan, out.dtype), out)
    return out


def _count(shape, dims, where, keepdims, dtype):
    """How many elements each reduction over `dims` sees (the mask's count with where)."""
    if where is None:
        return jnp.asarray(math.prod(shape[d] for d in dims), dtype=dtype)
    mask = jnp.broadcast_to(where, shape)
    return jnp.sum(mask, axis=dims, keepdims=keepdims, dtype=dtype)


def logmeanexp(x: ArrayLike, axis=None, where: ArrayLike | None = None,
               keepdims: bool = False) -> Array:
    """log(mean(exp(x))) over `axis`, computed stably."""
    _check_optional_arraylike("logmeanexp", x, where)
    lse = logsumexp(x, axis=axis, where=where, keepdims=keepdims)
    shape = np.shape(x)
    dims = _reduction_axes(axis, len(shape))
    return lse - jnp.log(_count(shape, dims, where, keepdims, lse.dtype))


# --- softmax --------------------------------------------------------------------------------

def _softmax_value(x, axis, where):
    x_max = jnp.max(x, axis, where=where, initial=-np.inf, keepdims=True)
    x_safe = x if where is None else jnp.where(where, x, -np.inf)
    unnormalized = jnp.exp(x_safe - x_max)
    result = unnormalized / jnp.sum(unnormalized, axis, where=where, keepdims=True)
    if where is not None:
        result = jnp.where(where, result, 0)
    return result


_softmax_custom = custom_jvp(_softmax_value, nondiff_argnums=(1,))


@_softmax_custom.defjvp
def _softmax_jvp(axis, primals, tangents):
    (x, where), (x_dot, _) = primals, tangents
    y = _softmax_value(x, axis, where)
    return y, y * (x_dot - jnp.sum(y * x_dot, axis, where=where, keepdims=True))


def softmax(x: ArrayLike, axis=-1, where: ArrayLike | None = None) -> Array:
    """exp(x) / sum(exp(x)) along `axis`; masked-out entries (where=False) are 0."""
    _check_optional_arraylike("softmax", x, where)
    x = jnp.asarray(x)
    axis = _hashable_axis(axis)
    if current_trace() is EVAL_TRACE:  # the custom rule only matters to transformations
        return _softmax_value(x, axis, where)
    return _softmax_custom(x, axis, where)


def _hashable_axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def log_softmax(x: ArrayLike, axis=-1, where: ArrayLike | None = None) -> Array:
    """x - logsumexp(x) along `axis`; masked-out entries (where=False) are -inf."""
    _check_optional_arraylike("log_softmax", x, where)
    x = jnp.asarray(x)
    axis = _hashable_axis(axis)
    x_max = jnp.max(x, axis, where=where, initial=-np.inf, keepdims=True)
    x_safe = x if where is None else jnp.where(where, x, -np.inf)
    shifted = x_safe - lax.stop_gradient(x_max)
    log_total = jnp.log(jnp.sum(jnp.exp(shifted), axis, where=where, keepdims=True))
    result = shifted - log_total
    if where is not None:
        return jnp.where(where, result, -np.inf)
    return result


# --- standardize ----------------------------------------------------------------------------

def standardize(x: ArrayLike, axis=-1, mean: ArrayLike | None = None,
                variance: ArrayLike | None = None, epsilon: ArrayLike = 1e-5,
                where: ArrayLike | None = None, *, algorithm: str = "fast") -> Array:
    """(x - mean) / sqrt(variance + epsilon), the moments over `axis` unless given.
    algorithm='fast' takes E[x^2] - E[x]^2 (clipped at 0); 'stable' takes E[(x - mean)^2]."""
    check_arraylike("standardize", x)
    _check_optional_arraylike("standardize", mean, variance, where)
    if algorithm not in ("fast", "stable"):
        raise ValueError(f"Unknown algorithm '{algorithm}'. Expected 'fast' or 'stable'.")
    axis = _hashable_axis(axis)
    if mean is None:
        mean = jnp.mean(x, axis, keepdims=True, where=where)
    if variance is None:
        if algorithm == "stable":
            variance = jnp.mean(jnp.square(jnp.subtract(x, mean)), axis, keepdims=True,
                                where=where)
        else:
            variance = jnp.mean(jnp.square(x), axis, keepdims=True, where=where)
            variance = jnp.clip(variance - jnp.square(mean), 0)
    return jnp.subtract(x, mean) * lax.rsqrt(variance + epsilon)


# --- one_hot --------------------------------------------------------------------------------

def _concrete_num_classes(num_classes) -> int:
    """num_classes as a Python int; a traced value is JAX's ConcretizationTypeError."""
    try:
        return operator.index(num_classes)
    except JAXTypeError:  # a traced value
        raise ConcretizationTypeError(
            num_classes, "The error arose in jax.nn.one_hot argument `num_classes`.") from None
    except TypeError:
        raise TypeError(f"one_hot: num_classes must be an integer, got {num_classes!r} of "
                        f"type {type(num_classes).__name__}. The error arose in "
                        "jax.nn.one_hot argument `num_classes`.") from None


def one_hot(x: Any, num_classes: int, *, dtype: Any | None = None, axis=-1) -> Array:
    """x's integer classes as one-hot vectors of length num_classes along `axis` (zeros
    for classes outside [0, num_classes))."""
    num_classes = _concrete_num_classes(num_classes)
    x = jnp.asarray(x)
    x_dtype = np.dtype(x.dtype)
    if x_dtype == np.bool_:
        raise TypeError("one_hot: x must have an integer (or floating) dtype, got x of "
                        f"shape {x.shape} and dtype bool")
    if x_dtype.kind not in "iu":
        warnings.warn(f"jax.nn.one_hot input should be integer-typed; got dtype={x_dtype}",
                      DeprecationWarning, stacklevel=2)
    dtype = (dtypes.default_float_dtype() if dtype is None
             else dtypes.check_user_dtype(dtype, "one_hot"))
    if not isinstance(axis, (int, np.integer)):
        return _one_hot_named_axis(x, num_classes, dtype, axis)
    out_axis = canonicalize_axis(axis, x.ndim + 1)
    classes_shape = [1] * x.ndim
    classes_shape.insert(out_axis, num_classes)
    classes = lax.broadcasted_iota(x_dtype, tuple(classes_shape), out_axis)
    return (lax.expand_dims(x, (out_axis,)) == classes).astype(dtype)


def _one_hot_named_axis(x, num_classes, dtype, axis_name):
    """one_hot along a vmapped axis named `axis_name`: member i gets x == i."""
    size = lax.psum(1, axis_name)
    try:
        size = operator.index(size)
    except TypeError:
        size = None  # not known in Python here; the comparison below still holds
    if size is not None and size != num_classes:
        raise ValueError(f"Expected num_classes to match the size of axis {axis_name}, but "
                         f"{num_classes} != {size}")
    index = lax.axis_index(axis_name)
    return jnp.asarray(x == index, dtype=dtype)
