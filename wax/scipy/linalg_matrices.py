"""scipy.linalg's special-matrix constructors on wax arrays, with JAX's dtypes.

Built from arrays (traceable, vectorized over leading dimensions as JAX's signatures
'(m),(n)->(m,n)' are): block_diag, toeplitz, hankel, circulant, leslie, companion,
fiedler, fiedler_companion, convolution_matrix. Built from a static size (computed exactly
on the host, then cast to JAX's dtype): hilbert, invhilbert, pascal, invpascal, helmert,
hadamard, dft.
"""
from __future__ import annotations

import math
import operator

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core import dtypes
from ..numpy._promote import check_arraylike, convert_to

__all__ = ["block_diag", "circulant", "companion", "convolution_matrix", "dft", "fiedler",
           "fiedler_companion", "hadamard", "hankel", "helmert", "hilbert", "invhilbert",
           "invpascal", "leslie", "pascal", "toeplitz"]


def _promoted(fun_name, *args, inexact=False):
    check_arraylike(fun_name, *args)
    dtype, weak = dtypes.result_type_and_weak(*args)
    if inexact and not dtypes.is_inexact(dtype):
        dtype, weak = dtypes.default_float_dtype(), weak
    return [jnp.asarray(convert_to(a, dtype, weak)) for a in args]


def _broadcast_leading(*arrays):
    """The arrays with their leading (all but last) dimensions broadcast together."""
    batch = np.broadcast_shapes(*(a.shape[:-1] for a in arrays))
    return [jnp.broadcast_to(a, batch + a.shape[-1:]) for a in arrays]


def _gather_last(v, index):
    """v[..., index] for a static integer index array (any shape)."""
    return jnp.take(v, jnp.asarray(np.asarray(index, np.int32)), axis=-1)


# --- from arrays ---------------------------------------------------------------------------

def block_diag(*arrs):
    """The block-diagonal matrix of the (at most 2-D) arguments."""
    if len(arrs) == 0:
        arrs = (jnp.zeros((1, 0)),)
    check_arraylike("block_diag", *arrs)
    arrs = _promoted("block_diag", *arrs)
    bad = [i for i, a in enumerate(arrs) if a.ndim > 2]
    if bad:
        raise ValueError("Arguments to jax.scipy.linalg.block_diag must have at most 2 "
                         f"dimensions, got {arrs[bad[0]]} at argument {bad[0]}.")
    arrs = [jnp.atleast_2d(a) for a in arrs]
    total = sum(a.shape[1] for a in arrs)
    rows, col = [], 0
    for a in arrs:
        zero = np.array(0, a.dtype)
        rows.append(lax.pad(a, zero, [(0, 0, 0), (col, total - col - a.shape[1], 0)]))
        col += a.shape[1]
    return jnp.concatenate(rows, axis=0)


def toeplitz(c, r=None):
    """The Toeplitz matrix with first column c and first row r (default conj(c)); c[0] wins
    over r[0]."""
    if r is None:
        check_arraylike("toeplitz", c)
        c = jnp.atleast_1d(jnp.asarray(c))
        r = jnp.conjugate(c)
    else:
        check_arraylike("toeplitz", c, r)
    c, r = _promoted("toeplitz", jnp.atleast_1d(jnp.asarray(c)), jnp.atleast_1d(jnp.asarray(r)))
    c, r = _broadcast_leading(c, r)
    m, n = c.shape[-1], r.shape[-1]
    if m == 0 or n == 0:
        return jnp.zeros(c.shape[:-1] + (m, n), c.dtype)
    elems = jnp.concatenate([jnp.flip(c, -1), r[..., 1:]], axis=-1)
    index = (m - 1) - np.arange(m)[:, None] + np.arange(n)[None, :]
    return _gather_last(elems, index)


def hankel(c, r=None):
    """The Hankel matrix with first column c and last row r (default zeros); r[0] is
    ignored."""
    if r is None:
        check_arraylike("hankel", c)
        c = jnp.asarray(c)
        r = jnp.zeros_like(c)
    else:
        check_arraylike("hankel", c, r)
        c, r = jnp.asarray(c), jnp.asarray(r)
    if c.ndim == 0:
        raise ValueError("hankel: c must be at least 1-dimensional, got a scalar.")
    if r.ndim == 0:
        raise ValueError("hankel: r must be at least 1-dimensional, got a scalar.")
    c, r = _promoted("hankel", c, r)
    c, r = _broadcast_leading(c, r)
    m, n = c.shape[-1], r.shape[-1]
    if m == 0 or n == 0:
        return jnp.zeros(c.shape[:-1] + (m, n), c.dtype)
    v = jnp.concatenate([c, r[..., 1:]], axis=-1)
    return _gather_last(v, np.arange(m)[:, None] + np.arange(n)[None, :])


def circulant(c):
    """The circulant matrix whose first column is c."""
    check_arraylike("circulant", c)
    c = jnp.atleast_1d(jnp.asarray(c))
    n = c.shape[-1]
    return _gather_last(c, (np.arange(n)[:, None] - np.arange(n)[None, :]) % max(n, 1))


def leslie(f, s):
    """The Leslie matrix: fecundities f in the first row, survival rates s below the
    diagonal."""
    check_arraylike("leslie", f, s)
    f, s = jnp.atleast_1d(jnp.asarray(f)), jnp.atleast_1d(jnp.asarray(s))
    if f.shape[-1] < 2:
        raise ValueError("The length of f along the last axis must be at least 2; got shape "
                         f"{f.shape}.")
    if s.shape[-1] != f.shape[-1] - 1:
        raise ValueError("Incorrect lengths for f and s. The length of s along the last axis "
                         "must be one less than the length of f; got f shape "
                         f"{f.shape} and s shape {s.shape}.")
    f, s = _promoted("leslie", f, s)
    f, s = _broadcast_leading(f, s)
    n = f.shape[-1]
    zero = jnp.zeros(s.shape[:-1] + (1,), s.dtype)
    # Row i of the result: f for i = 0; s[i-1] at column i-1 otherwise.
    padded = jnp.concatenate([s, zero], axis=-1)
    index = np.where(np.arange(n)[:, None] - 1 == np.arange(n)[None, :],
                     np.arange(n)[:, None] - 1, n - 1)
    below = _gather_last(padded, index)
    first = jnp.broadcast_to(f[..., None, :], below.shape)
    return jnp.where(np.arange(n)[:, None] == 0, first, below)


def companion(a):
    """The companion matrix of the polynomial with coefficients a (highest first)."""
    check_arraylike("companion", a)
    a, = _promoted("companion", jnp.atleast_1d(jnp.asarray(a)), inexact=True)
    if a.shape[-1] < 2:
        raise ValueError("The length of `a` along the last axis must be at least 2; got shape "
                         f"{a.shape}.")
    m = a.shape[-1] - 1
    first = -a[..., 1:] / a[..., :1]
    sub = jnp.asarray(np.eye(m, m, k=-1, dtype=a.dtype))
    return jnp.where(np.arange(m)[:, None] == 0,
                     jnp.broadcast_to(first[..., None, :], a.shape[:-1] + (m, m)), sub)


def fiedler(a):
    """The symmetric Fiedler matrix |a_i - a_j|."""
    check_arraylike("fiedler", a)
    arr = jnp.atleast_1d(jnp.asarray(a))
    return jnp.abs(arr[..., :, None] - arr[..., None, :])


def fiedler_companion(a):
    """The Fiedler companion matrix of the polynomial with coefficients a (highest first):
    a pentadiagonal matrix with the same eigenvalues as the companion matrix."""
    check_arraylike("fiedler_companion", a)
    a, = _promoted("fiedler_companion", jnp.atleast_1d(jnp.asarray(a)), inexact=True)
    if a.shape[-1] == 0:
        raise ValueError("fiedler_companion requires the last axis of 'a' to have nonzero "
                         f"length, but got an array of shape {a.shape}.")
    n = a.shape[-1] - 1
    if n == 0:
        return jnp.zeros(a.shape[:-1] + (0, 0), a.dtype)
    a = a / a[..., :1]
    if n == 1:
        return -a[..., 1:, None]
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    even, odd = i % 2 == 0, i % 2 == 1
    # Each nonzero entry is either 1 or -a[k] for a static k; build both index maps.
    coef = np.full((n, n), -1)
    ones = np.zeros((n, n), bool)
    coef[0, 0] = 1
    ones[1, 0] = True
    sup1 = (j == i + 1) & even
    coef[sup1] = np.broadcast_to(np.minimum(i + 2, n), (n, n))[sup1]
    ones |= (j == i + 2) & even
    sub1 = (j == i - 1) & even & (i >= 2)
    coef[sub1] = np.broadcast_to(np.minimum(i + 1, n), (n, n))[sub1]
    ones |= (j == i - 2) & odd & (i >= 3)
    values = -_gather_last(a, np.where(coef >= 0, coef, 0))
    one, zero = np.array(1, a.dtype), np.array(0, a.dtype)
    return jnp.where(ones, one, jnp.where(coef >= 0, values, zero))


def convolution_matrix(a, n, mode="full"):
    """The Toeplitz matrix A with A @ v == convolve(a, v, mode) for v of length n."""
    n = operator.index(n)
    if n <= 0:
        raise ValueError(f"n must be a positive integer; got {n}.")
    check_arraylike("convolution_matrix", a)
    arr = jnp.asarray(a)
    if arr.ndim == 0:
        raise ValueError("convolution_matrix: a must be at least 1-dimensional, got a scalar.")
    m = arr.shape[-1]
    if m < 1:
        raise ValueError(f"len(a) must be at least 1; got shape {arr.shape}.")
    if mode not in ("full", "valid", "same"):
        raise ValueError(f"mode must be one of 'full', 'valid', 'same'; got {mode!r}.")
    widths = [(0, 0)] * (arr.ndim - 1) + [(0, n - 1)]
    az = jnp.pad(arr, widths)
    raz = jnp.pad(jnp.flip(arr, axis=-1), widths)
    length = m + n - 1
    if mode == "same":
        trim = min(n, m) - 1
        tb, te = trim // 2, trim - trim // 2
    elif mode == "valid":
        tb = te = min(n, m) - 1
    else:
        tb = te = 0
    col0 = az[..., tb:length - te]
    row0 = raz[..., length - n - tb:length - tb]
    return toeplitz(col0, row0)


# --- from a static size --------------------------------------------------------------------

def _static_int(value, name):
    try:
        return operator.index(value)
    except TypeError as err:
        raise TypeError(f"{name} must be a static integer, got {value!r}") from err


def _binomials(rows, cols):
    """C(i, j) for integer grids, exact (Python integers), as float64."""
    out = np.zeros(np.broadcast_shapes(np.shape(rows), np.shape(cols)))
    for idx in np.ndindex(out.shape):
        i, j = int(np.broadcast_to(rows, out.shape)[idx]), int(np.broadcast_to(cols, out.shape)[idx])
        out[idx] = math.comb(i, j) if 0 <= j <= i else 0
    return out


def hilbert(n):
    """The Hilbert matrix 1 / (i + j + 1) (default float dtype)."""
    n = _static_int(n, "n")
    i = np.arange(n)
    return jnp.asarray(1.0 / (i[:, None] + i[None, :] + 1.0), dtypes.default_float_dtype())


def invhilbert(n):
    """The inverse of the n x n Hilbert matrix (exact integers, default float dtype)."""
    n = _static_int(n, "n")
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            s = i + j
            out[i, j] = ((-1) ** s * (s + 1) * math.comb(n + i, n - j - 1)
                         * math.comb(n + j, n - i - 1) * math.comb(s, i) ** 2)
    return jnp.asarray(out, dtypes.default_float_dtype())


def _kind(kind, name):
    kind = "symmetric" if kind is None else kind
    valid = ["symmetric", "lower", "upper"]
    if kind not in valid:
        raise ValueError(f"Expected kind to be one of: {valid}; got {kind}")
    return kind


def pascal(n, kind=None):
    """The Pascal matrix (binomial coefficients; 'symmetric', 'lower' or 'upper'), float32
    as JAX's."""
    n = _static_int(n, "n")
    kind = _kind(kind, "pascal")
    i = np.arange(n)
    lower = _binomials(i[:, None], i[None, :])
    out = lower if kind == "lower" else lower.T if kind == "upper" else lower @ lower.T
    return jnp.asarray(out, np.float32)


def invpascal(n, kind=None):
    """The inverse of the Pascal matrix (default float dtype)."""
    n = _static_int(n, "n")
    kind = _kind(kind, "invpascal")
    i = np.arange(n)
    lower = (-1.0) ** (i[:, None] - i[None, :]) * _binomials(i[:, None], i[None, :])
    out = lower if kind == "lower" else lower.T if kind == "upper" else lower.T @ lower
    return jnp.asarray(out, dtypes.default_float_dtype())


def helmert(n, full=False):
    """The Helmert matrix (orthonormal rows; the first row 1/sqrt(n) only when full)."""
    n = _static_int(n, "n")
    if n < 1:
        raise ValueError(f"n must be a positive integer; got {n}.")
    i = np.arange(n - 1)[:, None]
    j = np.arange(n)[None, :]
    k = i + 1.0
    denom = np.sqrt(k * (k + 1))
    h = np.where(j <= i, 1.0 / denom, np.where(j == i + 1, -k / denom, 0.0))
    if full:
        h = np.concatenate([np.full((1, n), 1.0 / np.sqrt(n)), h], axis=0)
    return jnp.asarray(h, dtypes.default_float_dtype())


def hadamard(n, dtype=int):
    """The Sylvester-construction Hadamard matrix of order n (a power of 2)."""
    n = _static_int(n, "n")
    if n < 1 or not math.log2(n).is_integer():
        raise ValueError(f"n must be a positive power of 2; got {n}.")
    h = np.ones((1, 1), np.int64)
    for _ in range(int(math.log2(n))):
        h = np.block([[h, h], [h, -h]])
    return jnp.asarray(h, dtype)


def dft(n, scale=None, *, dtype=None):
    """The DFT matrix exp(-2πi jk/n), scaled by 1/sqrt(n) ('sqrtn') or 1/n ('n')."""
    n = _static_int(n, "n")
    if scale is not None and scale not in ("sqrtn", "n"):
        raise ValueError(f"scale must be None, 'sqrtn', or 'n'; got {scale!r}.")
    if dtype is None:
        dtype = dtypes.default_complex_dtype()
    else:
        dtype = dtypes.check_user_dtype(dtype, "dft")
        if not dtypes.is_complex(dtype):
            raise ValueError(f"dtype must be a complex floating-point type; got {dtype}.")
    k = np.arange(n)
    omegas = np.exp(-2j * np.pi * np.outer(k, k) / max(n, 1))
    if scale == "sqrtn":
        omegas = omegas / np.sqrt(n)
    elif scale == "n":
        omegas = omegas / n
    return jnp.asarray(omegas, dtype)
