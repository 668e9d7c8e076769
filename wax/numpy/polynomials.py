"""Polynomials (coefficients highest power first, as NumPy's poly1d): poly, polyadd,
polysub, polymul, polydiv, polyder, polyint, polyval, polyfit, roots, vander; and, from
windows.py, the window functions, i0 and spacing.

All are compositions of existing primitives (polyfit and roots call wax.numpy.linalg's
lstsq and eigvals), so they differentiate and batch like their parts. Products of
polynomials are full convolutions, summed with a scatter-add of the outer product.
"""
from __future__ import annotations

import math
import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.interpreters import concrete_value
from ._promote import promote_dtypes
from ._search_util import arraylike, full_of, promote_inexact, require_concrete, to_complex
from .selection import where
from .shape_ops import atleast_1d
from .windows import *  # noqa: F401,F403
from . import windows as _windows

__all__ = ["poly", "polyadd", "polysub", "polymul", "polydiv", "polyder", "polyint",
           "polyval", "polyfit", "roots", "vander", *_windows.__all__]


def _const(value, dtype):
    return make_array(np.asarray(value, dtype))


def _check_1d(fun_name, **arrays):
    for name, arr in arrays.items():
        if arr.ndim != 1:
            raise (TypeError if arr.ndim == 0 else ValueError)(f"jnp.{fun_name}: {name} must be a 1-D array of coefficients; got "
                             f"shape {arr.shape} and dtype {arr.dtype}")


def _convolve_full(a, b):
    """The full convolution of 1-D a and b (the product of the polynomials)."""
    n, m = a.shape[0], b.shape[0]
    outer = lax.mul(lax.broadcast_in_dim(a, (n, m), (0,)), lax.broadcast_in_dim(b, (n, m), (1,)))
    target = make_array(np.add.outer(np.arange(n), np.arange(m)).astype(np.int32))
    return full_of((n + m - 1,), 0, outer.dtype).at[target].add(outer)


def poly(seq_of_zeros):
    """The coefficients of the monic polynomial with the given roots (a square matrix:
    its characteristic polynomial)."""
    zeros, = arraylike("poly", seq_of_zeros)
    zeros, = promote_inexact(zeros)
    zeros = atleast_1d(zeros)
    shape = zeros.shape
    if len(shape) == 2 and shape[0] == shape[1] and shape[0] != 0:
        from .linalg import eigvals
        zeros = eigvals(zeros)
    if zeros.ndim != 1:
        raise ValueError("input must be 1d or non-empty square 2d array; got shape "
                         f"{shape}")
    dtype = zeros.dtype
    coeffs = full_of((1,), 1, dtype)
    if zeros.shape[0] == 0:
        return full_of((), 1, dtype)
    zero = _const(0, dtype)
    for k in range(zeros.shape[0]):
        # (x - z_k) times the polynomial so far: a[i] - z_k * a[i - 1].
        shifted = lax.pad(coeffs, zero, [(1, 0, 0)])
        coeffs = lax.sub(lax.pad(coeffs, zero, [(0, 1, 0)]), lax.mul(zeros[k], shifted))
    return coeffs


def _pad_front(a, extra):
    if extra == 0:
        return a
    config = [(extra, 0, 0)] + [(0, 0, 0)] * (a.ndim - 1)
    return lax.pad(a, _const(0, a.dtype), config)


def polyadd(a1, a2):
    """The sum of two polynomials."""
    a1, a2 = arraylike("polyadd", a1, a2)
    a1, a2 = promote_dtypes(a1, a2)
    if a1.dtype == dtypes.bool_:
        raise TypeError("jnp.polyadd does not accept boolean coefficients (JAX's add does not)")
    for name, a in (("a1", a1), ("a2", a2)):
        if a.ndim == 0:  # (NumPy's AxisError: a ValueError, and an IndexError as JAX's)
            raise np.exceptions.AxisError(
                f"jnp.polyadd: {name} must be an array of coefficients (at least 1-D); got a "
                f"scalar of dtype {a.dtype}")
    n = max(a1.shape[0], a2.shape[0])
    if min(a1.shape[0], a2.shape[0]) == 0 < n:  # (JAX adds the shorter into the longer)
        raise ValueError(f"Incompatible types for broadcasting: input type={a1.dtype}[0] and "
                         f"requested type={a1.dtype}[{n}] (jnp.polyadd of an empty "
                         "polynomial)")
    return _pad_front(a1, n - a1.shape[0]) + _pad_front(a2, n - a2.shape[0])


def polysub(a1, a2):
    """The difference of two polynomials."""
    a1, a2 = arraylike("polysub", a1, a2)
    a1, a2 = promote_dtypes(a1, a2)
    if a2.dtype == dtypes.bool_:
        raise TypeError("jnp.polysub does not accept boolean coefficients (it negates a2)")
    return polyadd(a1, lax.neg(a2))


def _trim_front(a, tolerance=None):
    """`a` without its leading zeros (|a| < tolerance when given); `a` must be concrete."""
    value = require_concrete(a, "Error arose in the `filt` argument of trim_zeros()")
    small = (np.abs(value) < tolerance) if tolerance is not None else (value == 0)
    if small.all():
        return a[:0]
    return a[int(np.argmin(small)):]


def polymul(a1, a2, *, trim_leading_zeros=False):
    """The product of two polynomials."""
    a1, a2 = arraylike("polymul", a1, a2)
    a1, a2 = promote_inexact(a1, a2)
    _check_1d("polymul", a1=a1, a2=a2)
    if trim_leading_zeros and (a1.shape[0] > 1 or a2.shape[0] > 1):
        a1, a2 = _trim_front(a1), _trim_front(a2)
    if a1.shape[0] == 0:
        a1 = full_of((1,), 0, a2.dtype)
    if a2.shape[0] == 0:
        a2 = full_of((1,), 0, a1.dtype)
    return _convolve_full(a1, a2)


def polydiv(u, v, *, trim_leading_zeros=False):
    """(quotient, remainder) of polynomial division; the remainder keeps u's length unless
    trim_leading_zeros (then near-zero leading terms go, which needs concrete values)."""
    u, v = arraylike("polydiv", u, v)
    u, v = promote_inexact(u, v)
    _check_1d("polydiv", u=u, v=v)
    m, n = u.shape[0] - 1, v.shape[0] - 1
    scale = lax.div(_const(1, v.dtype), v[0])
    quotient = full_of((max(m - n + 1, 1),), 0, u.dtype)
    for k in range(m - n + 1):
        d = lax.mul(scale, u[k])
        quotient = quotient.at[k].set(d)
        u = u.at[k:k + n + 1].add(lax.neg(lax.mul(d, v)))
    if trim_leading_zeros:
        u = _trim_front(u, tolerance=float(np.sqrt(dtypes.finfo(u.dtype).eps)))
    return quotient, u


def _falling_products(length, m, reverse):
    """prod_{j<m} (i - j) for i in m..length-1 (reversed: for the derivative), exactly."""
    return [math.prod(i - j for j in range(m)) for i in range(m, length)][::-1 if reverse else 1]


def polyder(p, m=1):
    """The m-th derivative of a polynomial."""
    p, = arraylike("polyder", p)
    m = operator.index(concrete_value(m, "The problem arose with the 'm' argument of "
                                          "jnp.polyder"))
    p, = promote_inexact(p)
    if m < 0:
        raise ValueError("Order of derivative must be positive")
    if p.ndim == 0:  # (JAX takes len(p): a TypeError)
        raise TypeError("jnp.polyder: p must be an array of coefficients (at least 1-D), got "
                        "a scalar (len() of unsized object)")
    if m == 0:
        return p
    n = p.shape[0]
    coeff = make_array(np.asarray(_falling_products(n, m, reverse=True), p.dtype).reshape(-1))
    return lax.mul(p[:max(n - m, 0)], coeff) if n > m else p[:0]


def polyint(p, m=1, k=None):
    """The m-th antiderivative of a polynomial, with integration constants k (scalar or m
    values)."""
    m = operator.index(concrete_value(m, "The problem arose with the 'm' argument of "
                                          "jnp.polyint"))
    p, k = arraylike("polyint", p, 0 if k is None else k)
    p, k = promote_inexact(p, k)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    k = atleast_1d(k)
    if k.shape[0] == 1:
        k = lax.broadcast_in_dim(lax.reshape(k, ()), (m,), ())
    if k.shape != (m,):
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or m.")
    if m == 0:
        return p
    n = p.shape[0] + m
    coeff = [math.prod(max(1, i - j) for j in range(m)) for i in range(n)][::-1]
    return lax.concatenate([p, k], 0) / make_array(np.asarray(coeff, p.dtype))


def polyval(p, x, *, unroll=16):
    """The polynomial p evaluated at x by Horner's rule (p may be 2-D: one polynomial per
    trailing index)."""
    del unroll  # the loop is unrolled when traced: a compiler hint only
    p, x = arraylike("polyval", p, x)
    p, x = promote_dtypes(p, x)
    if p.ndim == 0:  # (NumPy's AxisError: a ValueError, and an IndexError as JAX's)
        raise np.exceptions.AxisError(
            f"jnp.polyval: p must be an array of coefficients (at least 1-D); got a scalar of "
            f"dtype {p.dtype}")
    shape = np.broadcast_shapes(p.shape[1:], x.shape)
    x = x if x.shape == shape else lax.broadcast_in_dim(
        x, shape, tuple(range(len(shape) - x.ndim, len(shape))))
    rows = lax.broadcast_in_dim(p, (p.shape[0],) + shape,
                                (0,) + tuple(range(1 + len(shape) - (p.ndim - 1),
                                                   1 + len(shape))))
    y = full_of(shape, 0, x.dtype)
    for i in range(p.shape[0]):
        y = y * x + rows[i]
    return y


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """Least-squares polynomial fit of degree `deg`; `full` adds (residuals, rank,
    singular values, rcond), `cov` the coefficients' covariance."""
    if w is None:
        x, y = arraylike("polyfit", x, y)
    else:
        x, y, w = arraylike("polyfit", x, y, w)
    deg = operator.index(concrete_value(deg, "deg must be int"))
    order = deg + 1
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if x.ndim != 1:
        raise TypeError(f"expected 1D vector for x; got shape {x.shape}")
    if x.size == 0:
        raise TypeError("expected non-empty vector for x")
    if y.ndim < 1 or y.ndim > 2:
        raise TypeError(f"expected 1D or 2D array for y; got shape {y.shape}")
    if x.shape[0] != y.shape[0]:
        raise TypeError(f"expected x and y to have same length; got {x.shape[0]} and "
                        f"{y.shape[0]}")
    if not dtypes.is_inexact(x.dtype):
        raise ValueError(f"jnp.polyfit: x must have an inexact dtype (JAX takes its finfo); "
                         f"got {x.dtype}")
    if rcond is None:
        rcond = x.shape[0] * float(dtypes.finfo(x.dtype).eps)
    rcond = float(concrete_value(rcond, "rcond must be float"))
    lhs, rhs = vander(x, order), y
    if w is not None:
        w, = promote_inexact(w)
        if w.ndim != 1:
            raise TypeError(f"expected a 1-d array for weights; got shape {w.shape}")
        if w.shape[0] != y.shape[0]:
            raise TypeError("expected w and y to have the same length")
        lhs = lhs * w[:, None]
        rhs = rhs * (w[:, None] if rhs.ndim == 2 else w)
    scale = lax.sqrt((lhs * lhs).sum(axis=0))
    lhs = lhs / scale[None, :]
    from .linalg import inv, lstsq
    coeffs, resids, rank, s = lstsq(lhs, rhs, rcond)
    coeffs = coeffs / (scale[:, None] if coeffs.ndim > 1 else scale)
    if full:
        from .creation import asarray
        return coeffs, resids, rank, s, asarray(rcond)
    if not cov:
        return coeffs
    base = inv(lhs.T @ lhs) / (scale[:, None] * scale[None, :])
    if cov == "unscaled":
        factor = _const(1.0, base.dtype)
    else:
        if x.shape[0] <= order:
            raise ValueError("the number of data points must exceed order to scale the "
                             "covariance matrix")
        factor = resids / (x.shape[0] - order)
    factor = atleast_1d(factor)
    if y.ndim == 1:
        return coeffs, base * factor[None]
    return coeffs, base[:, :, None] * factor[None, None, :]


def roots(p, *, strip_zeros=True):
    """The roots of a polynomial, as the eigenvalues of its companion matrix (complex).
    Leading zeros are stripped (eagerly); with strip_zeros=False, which works under jit,
    each leading zero gives a NaN root instead."""
    p, = arraylike("roots", p)
    p, = promote_inexact(p)
    p = atleast_1d(p)
    if p.ndim != 1:
        raise ValueError(f"Input must be a rank-1 array; got shape {p.shape}.")
    complex_dtype = to_complex(p.dtype)
    if p.shape[0] < 2:
        return full_of((0,), 0, complex_dtype)
    if strip_zeros:
        value = require_concrete(p, "The error occurred in the jnp.roots() function. To use "
                                 "this within a JIT-compiled context, pass strip_zeros=False, "
                                 "but be aware that leading zeros will result in some "
                                 "returned roots being set to NaN.")
        nonzero = np.flatnonzero(value != 0)
        leading = int(nonzero[0]) if nonzero.size else p.shape[0]
        return _companion_roots(p[leading:], complex_dtype)
    return _roots_keeping_zeros(p, complex_dtype)


def _companion_roots(p, complex_dtype):
    n = p.shape[0]
    if n < 2:
        return full_of((0,), 0, complex_dtype)
    top = lax.reshape(lax.neg(lax.div(p[1:], p[0])), (1, n - 1))
    below = make_array(np.eye(n - 2, n - 1, dtype=p.dtype))
    from .linalg import eigvals
    return eigvals(lax.concatenate([top, below], 0))


def _roots_keeping_zeros(p, complex_dtype):
    n = p.shape[0]
    int_dtype = np.dtype(np.int32)
    is_zero = lax.eq(p, _const(0, p.dtype))
    positions = make_array(np.arange(n, dtype=np.int32))
    # The number of leading zeros: the position of the first non-zero (n if none).
    first = lax.reduce_min(where(is_zero, _const(n, int_dtype), positions), (0,))
    p = where(lax.eq(first, _const(n, int_dtype)), _const(1, p.dtype), p)
    # Roll the leading zeros to the end (they become zero roots), then mark them NaN.
    rolled = p[lax.rem(lax.add(positions, first), _const(n, int_dtype))]
    found = _companion_roots(rolled, complex_dtype)
    zero_root = lax.eq(found, _const(0, found.dtype))
    found = lax.sort((zero_root, found), num_keys=1)[1]
    keep = lax.lt(positions[:n - 1], lax.sub(_const(n - 1, int_dtype), first))
    return where(keep, found, _const(complex(np.nan, np.nan), complex_dtype))


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of 1-D x: columns x**(N-1), ..., x**0 (increasing: reversed)."""
    x, = arraylike("vander", x)
    if x.ndim != 1:
        raise ValueError(f"x must be a one-dimensional array; got shape {x.shape}")
    N = x.shape[0] if N is None else operator.index(
        concrete_value(N, "The problem arose with the 'N' argument of jnp.vander()."))
    if N < 0:
        raise ValueError("N must be nonnegative")
    if x.dtype == dtypes.bool_:
        raise TypeError("jnp.vander does not accept dtype bool (its powers come from an "
                        f"iota of x's dtype); got x of shape {x.shape}")
    powers = np.arange(N)
    if not increasing:
        powers = powers[::-1]
    from .ufuncs import power
    return power(x[:, None], make_array(powers.astype(x.dtype))[None, :])
