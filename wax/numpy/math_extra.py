"""Differences, integration, correlation and triangles: diff, ediff1d, gradient,
trapezoid, convolve, correlate, cov, corrcoef, unwrap, tril, triu and nextafter.

All are compositions of lax operations (convolve and correlate are one
conv_general_dilated, as in JAX), so jvp, grad and vmap come from the primitives' rules.
The comparisons and predicates (allclose, array_equal, isdtype, ...) live in
comparisons.py, and printing, I/O and the extra dtype names in io_dtypes.py; both are
re-exported here.
"""
from __future__ import annotations

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.avals import canonicalize_axis
from ._promote import check_arraylike, convert_to, promote_args_inexact, promote_dtypes
from .contractions import dot
from .creation import asarray, concrete_int, full, tri, zeros
from .reductions import average, cumsum, sum as _sum
from .reordering import flip
from .shape_ops import (_index_axis, atleast_2d, broadcast_to, concatenate, moveaxis,
                        squeeze)
from .ufuncs import (absolute, conj, equal, greater, imag, less, mod, real, sqrt,
                     true_divide)
from .ufuncs_extra import clip
from .comparisons import *  # noqa: F401,F403
from .comparisons import __all__ as _comparisons_all
from .io_dtypes import *  # noqa: F401,F403
from .io_dtypes import __all__ as _io_dtypes_all

__all__ = ["diff", "ediff1d", "gradient", "trapezoid", "convolve", "correlate", "cov",
           "corrcoef", "unwrap", "tril", "triu", "nextafter",
           *_comparisons_all, *_io_dtypes_all]


def _promote_inexact(*args):
    """The arguments as arrays of their common inexact dtype (shapes left as they are)."""
    dtype, weak = dtypes.result_type_and_weak(*args)
    dtype = dtypes.to_inexact_dtype(dtype)
    return [convert_to(asarray(a), dtype, weak) for a in args]


def _slice(x, start, stop, axis):
    """x[start:stop] along `axis` with Python's clamping (empty when stop <= start)."""
    size = x.shape[axis]
    start, stop = (min(max(v + size if v < 0 else v, 0), size) for v in (start, stop))
    return lax.slice_in_dim(x, start, max(start, stop), axis=axis)


# --- differences ----------------------------------------------------------------------------

def diff(a, n=1, axis=-1, prepend=None, append=None):
    """The n-th discrete difference along `axis` (for booleans: a != shifted a)."""
    check_arraylike("diff", a)
    a = asarray(a)
    n = concrete_int(n, "'n' argument of jnp.diff")
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n}")
    if n == 0:
        return a
    if a.ndim == 0:
        raise ValueError(f"diff requires input that is at least one dimensional; got {a}")
    axis = canonicalize_axis(concrete_int(axis, "'axis' argument of jnp.diff"), a.ndim)
    pieces = []
    for extra in (prepend, a, append):
        if extra is a:
            pieces.append(a)
        elif extra is not None:
            check_arraylike("diff", extra)
            extra = asarray(extra)
            if extra.ndim == 0:
                extra = broadcast_to(extra, a.shape[:axis] + (1,) + a.shape[axis + 1:])
            pieces.append(extra)
    if len(pieces) > 1:
        a = concatenate(pieces, axis=axis)
    op = lax.ne if a.dtype == dtypes.bool_ else lax.sub
    for _ in range(n):
        size = a.shape[axis]
        if size == 0:
            break
        a = op(_slice(a, 1, size, axis), _slice(a, 0, size - 1, axis))
    return a


def ediff1d(ary, to_end=None, to_begin=None):
    """Differences of the flattened `ary`, with `to_begin` and `to_end` (cast to ary's
    dtype) joined on."""
    check_arraylike("ediff1d", ary)
    flat = lax.reshape(asarray(ary), (int(np.prod(np.shape(ary))),))
    size = flat.shape[0]
    result = lax.sub(_slice(flat, 1, size, 0), _slice(flat, 0, size - 1, 0))
    dtype, weak = dtypes.dtype_and_weak(result)
    pieces = []
    for extra in (to_begin, result, to_end):
        if extra is result:
            pieces.append(result)
        elif extra is not None:
            check_arraylike("ediff1d", extra)
            extra = asarray(extra)
            extra = convert_to(lax.reshape(extra, (extra.size,)), dtype, weak)
            pieces.append(extra)
    return concatenate(pieces) if len(pieces) > 1 else result


def _axes(axis, ndim, fun_name):
    if axis is None:
        return tuple(range(ndim))
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(canonicalize_axis(concrete_int(a, f"'axis' argument of jnp.{fun_name}"), ndim)
                 for a in axes)


def gradient(f, *varargs, axis=None, edge_order=None):
    """The gradient of sampled values: central differences inside, one-sided ones at the
    ends, along each axis; spacings are scalars or 1-D coordinate arrays."""
    if edge_order is not None:
        raise NotImplementedError("The 'edge_order' argument to jnp.gradient is not "
                                  "supported.")
    check_arraylike("gradient", f, *varargs)
    f, = promote_args_inexact("gradient", f)
    axes = _axes(axis, f.ndim, "gradient")
    if not axes:
        return []
    if len(varargs) == 0:
        spacings = [1.0] * len(axes)
    elif len(varargs) == 1:
        spacings = list(varargs) * len(axes)
    elif len(varargs) == len(axes):
        spacings = list(varargs)
    else:
        raise TypeError(f"Invalid number of spacing arguments {len(varargs)} for "
                        f"axis={axis} ({len(axes)} axes)")
    if any(f.shape[ax] < 2 for ax in axes):
        raise ValueError("Shape of array too small to calculate a numerical gradient, at "
                         "least 2 elements are required.")
    results = [_gradient_along(f, ax, h) for ax, h in zip(axes, spacings)]
    return results[0] if len(axes) == 1 else results


def _gradient_along(f, axis, h):
    n = f.shape[axis]
    lower, middle, upper = _slice(f, 0, n - 2, axis), _slice(f, 1, n - 1, axis), \
        _slice(f, 2, n, axis)
    first = _slice(f, 1, 2, axis) - _slice(f, 0, 1, axis)
    last = _slice(f, n - 1, n, axis) - _slice(f, n - 2, n - 1, axis)
    if np.ndim(h) == 0:
        interior = (upper - lower) / (2 * h)
        return concatenate([first / h, interior, last / h], axis=axis)
    if np.ndim(h) != 1:
        raise ValueError("Spacing arrays must be 1D arrays or scalars.")
    h = asarray(h)
    if h.shape[0] != n:
        raise ValueError(f"Spacing arrays must have the same length as the dimension they "
                         f"describe: got {h.shape[0]} coordinates for axis {axis} of size {n}")
    steps = diff(h)
    shape = [1] * f.ndim
    shape[axis] = n - 1
    steps = lax.reshape(steps, tuple(shape))
    dx1, dx2 = _slice(steps, 0, n - 2, axis), _slice(steps, 1, n - 1, axis)
    # Second-order accurate weights for unequal steps (NumPy's formula).
    a = -dx2 / (dx1 * (dx1 + dx2))
    b = (dx2 - dx1) / (dx1 * dx2)
    c = dx1 / (dx2 * (dx1 + dx2))
    interior = a * lower + b * middle + c * upper
    return concatenate([first / _slice(steps, 0, 1, axis), interior,
                        last / _slice(steps, n - 2, n - 1, axis)], axis=axis)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The integral of y along `axis` by the trapezoidal rule, at coordinates x (or evenly
    spaced by dx)."""
    if x is None:
        check_arraylike("trapezoid", y)
        y, = promote_args_inexact("trapezoid", y)
        if np.ndim(dx) != 0:
            raise ValueError(f"trapezoid: dx must be a scalar, got dx={dx!r}")
        steps = dx
    else:
        check_arraylike("trapezoid", y, x)
        y, x = _promote_inexact(y, x)
        steps = diff(x) if x.ndim == 1 else moveaxis(diff(x, axis=axis), axis, -1)
    axis = canonicalize_axis(concrete_int(axis, "'axis' argument of jnp.trapezoid"), y.ndim)
    y = moveaxis(y, axis, -1)
    n = y.shape[-1]
    if n == 0 and x is None:  # (JAX indexes the first sample along the axis)
        raise IndexError(f"trapezoid: index is out of bounds for axis {y.ndim - 1} with size "
                         "0 (the integration axis is empty)")
    pairs = _slice(y, 1, n, -1 % y.ndim) + _slice(y, 0, n - 1, -1 % y.ndim)
    return 0.5 * _sum(steps * pairs, axis=-1)


# --- convolve, correlate ---------------------------------------------------------------------

def _conv1d(fun_name, a, v, mode, precision, preferred_element_type):
    check_arraylike(fun_name, a, v)
    if np.ndim(a) != 1 or np.ndim(v) != 1:
        raise ValueError(f"{fun_name}() only support 1-dimensional inputs.")
    if preferred_element_type is None:
        x, y = _promote_inexact(a, v)
    else:
        preferred_element_type = dtypes.check_user_dtype(preferred_element_type, fun_name)
        x, y = (asarray(t) for t in promote_dtypes(a, v))
    if x.shape[0] == 0 or y.shape[0] == 0:
        raise ValueError(f"{fun_name}: inputs cannot be empty, got shapes {x.shape} and "
                         f"{y.shape}.")
    reverse_output = False
    if fun_name == "correlate":
        y = conj(y)
        if x.shape[0] < y.shape[0]:
            x, y, reverse_output = y, x, True
    else:
        if x.shape[0] < y.shape[0]:
            x, y = y, x
        y = flip(y)
    k = y.shape[0]
    if mode == "valid":
        padding = [(0, 0)]
    elif mode == "same":
        padding = [(k // 2, k - k // 2 - 1)]
    elif mode == "full":
        padding = [(k - 1, k - 1)]
    else:
        raise ValueError("mode must be one of ['full', 'same', 'valid']")
    out = lax.conv_general_dilated(lax.reshape(x, (1, 1) + x.shape),
                                   lax.reshape(y, (1, 1) + y.shape), (1,), padding,
                                   precision=precision,
                                   preferred_element_type=preferred_element_type)
    out = lax.reshape(out, out.shape[2:])
    return flip(out) if reverse_output else out


def convolve(a, v, mode="full", *, precision=None, preferred_element_type=None):
    """The discrete linear convolution of two 1-D arrays ('full', 'same' or 'valid');
    integer and boolean inputs give floats unless preferred_element_type is set."""
    return _conv1d("convolve", a, v, mode, precision, preferred_element_type)


def correlate(a, v, mode="valid", *, precision=None, preferred_element_type=None):
    """The cross-correlation of two 1-D arrays (v conjugated), as np.correlate."""
    return _conv1d("correlate", a, v, mode, precision, preferred_element_type)


# --- covariance --------------------------------------------------------------------------------

def _check_weights(name, weights, samples):
    check_arraylike("cov", weights)
    weights = asarray(weights)
    if weights.ndim > 1:
        raise RuntimeError(f"cannot handle multidimensional {name}")
    if weights.shape[0] != samples:
        raise RuntimeError(f"incompatible numbers of samples and {name}")
    return weights


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None,
        dtype=None):
    """The covariance matrix of the variables in the rows (columns if rowvar=False) of m
    (and y), with frequency and analytic weights. Negative weights count as positive, and
    an empty sample gives NaN, as in JAX."""
    if y is not None:
        check_arraylike("cov", m, y)
        m, y = _promote_inexact(m, y)
        if y.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
    else:
        check_arraylike("cov", m)
        m, = _promote_inexact(m)
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    if dtype is not None:
        dtype = dtypes.check_user_dtype(dtype, "cov")
        if not dtypes.is_inexact(dtype):
            raise ValueError(f"cov: dtype must be a subclass of float or complex; got "
                             f"dtype={dtype}")
    X = atleast_2d(m)
    if not rowvar and m.ndim != 1:
        X = X.T
    if X.shape[0] == 0:
        return make_array(np.zeros((0, 0), dtypes.default_float_dtype()))
    if y is not None:
        Y = atleast_2d(y)
        if not rowvar and Y.shape[0] != 1:
            Y = Y.T
        X = concatenate((X, Y), axis=0)
    if X.shape[1] == 0:
        return full(() if X.shape[0] == 1 else (X.shape[0],) * 2, np.nan, X.dtype)
    if ddof is None:
        ddof = 0 if bias else 1
    w = None
    if fweights is not None:
        fweights = _check_weights("fweights", fweights, X.shape[1])
        if not dtypes.is_integer(fweights.dtype):
            raise TypeError("fweights must be integer.")
        w = absolute(fweights)
    if aweights is not None:
        aweights = absolute(_check_weights("aweights", aweights, X.shape[1]))
        w = aweights if w is None else w * aweights
    if dtype is not None:
        X = convert_to(X, dtype)
        w = None if w is None else convert_to(w, dtype)
    avg, w_sum = average(X, axis=1, weights=w, returned=True)
    w_sum = w_sum[0]
    if w is None:
        factor = X.shape[1] - ddof
    elif ddof == 0:
        factor = w_sum
    elif aweights is None:
        factor = w_sum - ddof
    else:
        factor = w_sum - ddof * _sum(w * aweights) / w_sum
    X = X - avg[:, None]
    X_T = X.T if w is None else (X * w[None, :]).T
    return squeeze(true_divide(dot(X, conj(X_T)), factor))


def corrcoef(x, y=None, rowvar=True, dtype=None):
    """Pearson correlation coefficients: cov(x, y) scaled by the outer product of the
    standard deviations, real (and imaginary) parts clipped to [-1, 1]."""
    check_arraylike("corrcoef", x)
    if dtype is not None and not dtypes.is_inexact(dtypes.check_user_dtype(dtype)):
        raise ValueError(f"corrcoef: dtype must be a subclass of float or complex; got "
                         f"dtype={dtype}")
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim == 0:
        return true_divide(c, c)
    d = lax.reshape(_diagonal_of(c), (c.shape[0],))
    stddev = convert_to(sqrt(real(d)), c.dtype)
    c = c / stddev[:, None] / stddev[None, :]
    real_part = clip(real(c), -1, 1)
    if c.dtype.kind == "c":
        return lax.complex(real_part, clip(imag(c), -1, 1))
    return real_part


def _diagonal_of(c):
    from .shape_ops import diagonal
    return diagonal(c)


# --- unwrap --------------------------------------------------------------------------------

def unwrap(p, discont=None, axis=-1, period=2 * np.pi):
    """p with jumps larger than `discont` (default period / 2) along `axis` replaced by
    their equivalents modulo `period`."""
    check_arraylike("unwrap", p)
    p, period = promote_dtypes(asarray(p), asarray(period))
    if p.dtype.kind == "c":
        raise ValueError("jnp.unwrap does not support complex inputs.")
    axis = _index_axis(concrete_int(axis, "'axis' argument of jnp.unwrap"), p.ndim)
    if p.shape[axis] == 0:
        return p
    if discont is None:
        discont = true_divide(period, 2)
    interval = lax.div(period, convert_to(2, period.dtype)) if dtypes.is_integer(
        p.dtype) else true_divide(period, 2)
    dd = diff(p, axis=axis)
    ddmod = mod(dd + interval, period) - interval
    at_minus_interval = lax.bitwise_and(equal(ddmod, -interval), greater(dd, 0))
    ddmod = lax.select_n(at_minus_interval, ddmod, broadcast_to(asarray(interval), ddmod.shape))
    keep = less(absolute(dd), discont)
    correction = ddmod - dd
    correction = lax.select_n(keep, correction, zeros(correction.shape, correction.dtype))
    n = p.shape[axis]
    return concatenate([_slice(p, 0, 1, axis),
                        _slice(p, 1, n, axis) + cumsum(correction, axis=axis)], axis=axis)


# --- triangles, nextafter -------------------------------------------------------------------

def _triangle(fun_name, m, mask):
    check_arraylike(fun_name, m)
    m = asarray(m)
    if m.ndim < 2:
        raise ValueError(f"Argument to jax.numpy.{fun_name} must be at least 2D")
    mask = lax.broadcast_in_dim(mask(*m.shape[-2:]), m.shape, (m.ndim - 2, m.ndim - 1))
    zero = lax.broadcast_in_dim(convert_to(0, m.dtype, False), m.shape, ())
    return lax.select_n(mask, zero, m)


def tril(m, k=0):
    """m with the elements above the k-th diagonal zeroed (the last two axes)."""
    k = concrete_int(k, "'k' argument of jnp.tril")
    return _triangle("tril", m, lambda n, mm: tri(n, mm, k, dtype=bool))


def triu(m, k=0):
    """m with the elements below the k-th diagonal zeroed (the last two axes)."""
    k = concrete_int(k, "'k' argument of jnp.triu")
    return _triangle("triu", m, lambda n, mm: lax.bitwise_not(tri(n, mm, k - 1, dtype=bool)))


def nextafter(x, y, /):
    """The next representable float after x in the direction of y."""
    return lax.nextafter(*promote_args_inexact("nextafter", x, y))

