"""wax.numpy.linalg: NumPy's linalg API on wax arrays, with JAX's semantics.

Consumes wax.lax.linalg (the factorization primitives) and wax.numpy; every function
checks its arguments (lists are refused, as JAX does), promotes integers and bools to the
default float, and treats leading dimensions as a stack of matrices.

Derivatives follow JAX's choices: solve's tangent reuses one LU factorization
(A⁻¹(db - dA x)); det's tangent is trace(adj(A) dA), computed from the LU factors so a
singular matrix of rank n-1 still gets its nonzero gradient; slogdet's is trace(A⁻¹ dA);
pinv's is the formula for the pseudo-inverse's derivative. These custom rules are bound
only under a transformation: an eager call runs the plain computation.

The norms and the array-API wrappers (vector_norm, matrix_norm, cross, outer, vecdot, ...)
are in linalg_norms.py.
"""
from __future__ import annotations

import math
import operator
from typing import NamedTuple

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import Array
from ..lax import linalg as lax_linalg
from ..primitives import linalg_util as mat
from ..primitives.linalg_solve import lu_solve as _lu_solve
from ._promote import check_arraylike, convert_to
from .creation import asarray
from . import linalg_norms as _norms
from .linalg_norms import (cond, cross, diagonal, matmul, matrix_norm, matrix_transpose,
                           multi_dot, norm, outer, tensordot, trace, vecdot, vector_norm)

__all__ = ["cholesky", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals",
           "eigvalsh", "inv", "lstsq", "matmul", "matrix_norm", "matrix_power", "matrix_rank",
           "matrix_transpose", "multi_dot", "norm", "outer", "pinv", "qr", "slogdet", "solve",
           "svd", "svdvals", "tensordot", "tensorinv", "tensorsolve", "trace", "vecdot",
           "vector_norm", "EighResult", "EigResult", "QRResult", "SlogdetResult", "SVDResult"]


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class EigResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class QRResult(NamedTuple):
    Q: Array
    R: Array


class SlogdetResult(NamedTuple):
    sign: Array
    logabsdet: Array


class SVDResult(NamedTuple):
    U: Array
    S: Array
    Vh: Array


# --- helpers ---------------------------------------------------------------------------------

def promote_inexact(fun_name: str, *args):
    """The arguments as Arrays of their common dtype, integers and bools promoted to the
    float (JAX's promote_dtypes_inexact: int32 gives float32 even under x64); lists are refused."""
    check_arraylike(fun_name, *args)
    dtype, weak = dtypes.result_type_and_weak(*args)
    dtype = dtypes.to_inexact_dtype(dtype)
    return [asarray(convert_to(a, dtype, weak)) for a in args]


def _require_square(fun_name: str, a, what="a") -> None:
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{fun_name}: argument {what} must have shape [..., n, n], got shape "
                         f"{a.shape} (dtype {a.dtype.name}).")


def _H(x):
    return mat.mH(x)


def _eager() -> bool:
    """No transformation is active: custom derivative rules cannot be needed."""
    from ..core.interpreters import EvalTrace, current_trace
    return type(current_trace()) is EvalTrace


def with_custom_jvp(fun, rule, nondiff_argnums=()):
    """fun, whose derivative is `rule` (custom_jvp) under transformations; eager calls skip
    staging the function."""
    from ..transforms.custom_derivatives import custom_jvp
    custom = custom_jvp(fun, nondiff_argnums=nondiff_argnums)
    custom.defjvp(rule)

    def call(*args):
        return fun(*args) if _eager() else custom(*args)
    call.__name__ = getattr(fun, "__name__", "linalg")
    return call


def _broadcast_batch(a, b, a_core: int, b_core: int):
    """a and b with their leading (batch) dimensions broadcast against each other."""
    import numpy as _np
    batch = _np.broadcast_shapes(a.shape[:a.ndim - a_core], b.shape[:b.ndim - b_core])
    if a.shape[:a.ndim - a_core] != batch:
        a = lax.broadcast_in_dim(a, batch + a.shape[a.ndim - a_core:],
                                 tuple(range(len(batch) - (a.ndim - a_core), len(batch) + a_core)))
    if b.shape[:b.ndim - b_core] != batch:
        b = lax.broadcast_in_dim(b, batch + b.shape[b.ndim - b_core:],
                                 tuple(range(len(batch) - (b.ndim - b_core), len(batch) + b_core)))
    return a, b


# --- decompositions ---------------------------------------------------------------------------

def cholesky(a, *, upper: bool = False, symmetrize_input: bool = True):
    """The Cholesky factor of Hermitian positive-definite matrices: lower L (a = L Lᴴ), or
    upper U = Lᴴ; NaNs where a is not positive definite."""
    a, = promote_inexact("jnp.linalg.cholesky", a)
    _require_square("jnp.linalg.cholesky", a)
    L = lax_linalg.cholesky(a, symmetrize_input=symmetrize_input)
    return _H(L) if upper else L


def svd(a, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False,
        subset_by_index=None):
    """SVDResult(U, S, Vh) with descending S (or S alone); hermitian=True uses eigh."""
    a, = promote_inexact("jnp.linalg.svd", a)
    if a.ndim < 2:
        raise ValueError(f"jnp.linalg.svd: argument a must be at least 2-D, got shape {a.shape}.")
    if hermitian:
        v, w = lax_linalg.eigh(a, subset_by_index=subset_by_index)
        s = lax.abs(w)
        if not compute_uv:
            return lax.rev(lax.sort(s, dimension=-1), (s.ndim - 1,))
        sign = lax.sign(w)
        idxs = lax.broadcasted_iota(np.int32, s.shape, s.ndim - 1)
        s, idxs, sign = lax.sort((s, idxs, sign), dimension=-1, num_keys=1)
        s, idxs, sign = (lax.rev(t, (s.ndim - 1,)) for t in (s, idxs, sign))
        u = mat.mT(mat.take_rows(mat.mT(v), idxs))
        vh = _H(lax.mul(u, _spread_cols(lax.convert_element_type(sign, u.dtype), u.shape[-2])))
        return SVDResult(u, s, vh)
    if compute_uv:
        u, s, vh = lax_linalg.svd(a, full_matrices=full_matrices, compute_uv=True,
                                  subset_by_index=subset_by_index)
        return SVDResult(u, s, vh)
    return lax_linalg.svd(a, full_matrices=full_matrices, compute_uv=False,
                          subset_by_index=subset_by_index)


def _spread_cols(v, rows):
    shape = v.shape[:-1] + (rows, v.shape[-1])
    return lax.broadcast_in_dim(v, shape, tuple(range(v.ndim - 1)) + (v.ndim,))


def svdvals(x, /):
    """The singular values of each matrix, in descending order."""
    check_arraylike("jnp.linalg.svdvals", x)
    return svd(x, compute_uv=False, hermitian=False)


def eigh(a, UPLO=None, symmetrize_input: bool = True):
    """EighResult(eigenvalues ascending, eigenvectors as columns) of Hermitian matrices."""
    check_arraylike("jnp.linalg.eigh", a)
    if UPLO is None or UPLO == "L":
        lower = True
    elif UPLO == "U":
        lower = False
    else:
        raise ValueError(f"UPLO must be one of None, 'L', or 'U', got {UPLO}")
    a, = promote_inexact("jnp.linalg.eigh", a)
    _require_square("jnp.linalg.eigh", a)
    v, w = lax_linalg.eigh(a, lower=lower, symmetrize_input=symmetrize_input)
    return EighResult(w, v)


def eigvalsh(a, UPLO="L", *, symmetrize_input: bool = True):
    """The ascending eigenvalues of Hermitian matrices."""
    a, = promote_inexact("jnp.linalg.eigvalsh", a)
    return eigh(a, UPLO, symmetrize_input=symmetrize_input).eigenvalues


def eig(a):
    """EigResult(eigenvalues, right eigenvectors) of general square matrices, always complex
    (complex64 for 32-bit input); autodiff of the eigenvectors is not supported (as JAX)."""
    a, = promote_inexact("jnp.linalg.eig", a)
    _require_square("jnp.linalg.eig", a)
    w, v = lax_linalg.eig(a, compute_left_eigenvectors=False)
    return EigResult(w, v)


def eigvals(a):
    """The eigenvalues of general square matrices (complex)."""
    a, = promote_inexact("jnp.linalg.eigvals", a)
    _require_square("jnp.linalg.eigvals", a)
    return lax_linalg.eig(a, compute_left_eigenvectors=False,
                          compute_right_eigenvectors=False)[0]


def geqrf(a):
    """LAPACK's geqrf (R above the diagonal, Householder reflectors below, and their taus),
    run on the host through pure_callback: no primitive of that name exists in JAX's
    public table, and the result is not differentiable."""
    from ..primitives.callbacks import pure_callback
    from ..transforms.api import ShapeDtypeStruct
    from ..primitives.linalg_util import check_lapack_dtype, lapack_routine, per_matrix
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = a.shape[:-2]

    def host(x):
        x = np.asarray(x)
        check_lapack_dtype("qr", x)
        out = np.array(x)
        taus = np.zeros(x.shape[:-2] + (k,), x.dtype)
        if x.size:
            routine = lapack_routine("qr", "geqrf", x.dtype)
            per_matrix(lambda mat_: routine(mat_)[:2], [x], x.ndim - 2, [out, taus])
        return out, taus
    return pure_callback(host, (ShapeDtypeStruct(a.shape, a.dtype),
                                ShapeDtypeStruct(batch + (k,), a.dtype)), a,
                         vmap_method="expand_dims")


def qr(a, mode: str = "reduced"):
    """QRResult(Q, R) ('reduced', 'complete'), R alone ('r'), or LAPACK's raw (h, tau)."""
    a, = promote_inexact("jnp.linalg.qr", a)
    if a.ndim < 2:
        raise ValueError(f"jnp.linalg.qr: argument a must be at least 2-D, got shape {a.shape}.")
    if mode == "raw":
        h, taus = geqrf(a)
        return QRResult(mat.mT(h), taus)
    if mode in ("reduced", "r", "full"):
        full_matrices = False
    elif mode == "complete":
        full_matrices = True
    else:
        raise ValueError(f"Unsupported QR decomposition mode '{mode}'")
    q, r = lax_linalg.qr(a, pivoting=False, full_matrices=full_matrices)
    if mode == "r":
        return r
    return QRResult(q, r)


# --- solving -----------------------------------------------------------------------------------

def _solve_core(a, b):
    lu_, _, perm = lax_linalg.lu(a)
    return _lu_solve(lu_, perm, b)


def _solve_rule(primals, tangents):
    a, b = primals
    da, db = tangents
    lu_, _, perm = lax_linalg.lu(a)
    x = _lu_solve(lu_, perm, b)
    return x, _lu_solve(lu_, perm, lax.sub(db, mat.matmul(da, x)))


_solve = with_custom_jvp(_solve_core, _solve_rule)


def solve(a, b):
    """x with a x = b: b (..., n) is a vector (a's batch dimensions broadcast), otherwise b is
    a (batch of) matrices (..., n, k) and the batch dimensions broadcast."""
    a, b = promote_inexact("jnp.linalg.solve", a, b)
    if a.ndim < 2:
        raise ValueError("left hand array must be at least two dimensional; got "
                         f"a.shape={a.shape!r}")
    if (b.ndim > 1 and a.ndim == b.ndim + 1 and a.shape[-1] == b.shape[-1]
            and a.shape[-1] != b.shape[-2]):
        raise ValueError(f"Invalid shapes for solve: {a.shape}, {b.shape}. Prior to JAX v0.5.0, "
                         "this would have been treated as a batched 1-dimensional solve. To "
                         "recover this behavior, use solve(a, b[..., None]).squeeze(-1).")
    vector = b.ndim == 1
    if vector:
        b = lax.expand_dims(b, (1,))
    if a.shape[-1] != a.shape[-2] or b.ndim < 2 or b.shape[-2] != a.shape[-1]:
        raise ValueError("solve: a must have shape (..., m, m) and b (..., m) or (..., m, n); got "
                         f"a.shape={a.shape} and b.shape={b.shape if not vector else b.shape[:1]} "
                         f"(dtype {a.dtype.name})")
    a, b = _broadcast_batch(a, b, 2, 2)
    x = _solve(a, b)
    return x[..., 0] if vector else x


def inv(a):
    """The inverse of each square matrix (inf/NaN entries where a is singular)."""
    check_arraylike("jnp.linalg.inv", a)
    arr = asarray(a)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
        raise ValueError(f"Argument to inv must have shape [..., n, n], got {arr.shape}.")
    arr, = promote_inexact("jnp.linalg.inv", arr)
    identity = mat.eye(arr.dtype, arr.shape)
    return solve(arr, identity)


def matrix_power(a, n):
    """a raised to the integer power n by repeated squaring (n < 0 inverts first)."""
    check_arraylike("jnp.linalg.matrix_power", a)
    arr = asarray(a)
    if arr.ndim < 2:
        raise TypeError(f"{arr.ndim}-dimensional array given. Array must be at least "
                        "two-dimensional")
    if arr.shape[-2] != arr.shape[-1]:
        raise TypeError("Last 2 dimensions of the array must be square")
    try:
        n = operator.index(n)
    except TypeError as err:
        raise TypeError(f"exponent must be an integer, got {n}") from err
    from .contractions import matmul as jmatmul
    if n == 0:
        return lax.convert_element_type(mat.eye(arr.dtype, arr.shape), arr.dtype)
    if n < 0:
        arr = inv(arr)
        n = -n
    result, power = None, None
    while n > 0:
        power = arr if power is None else jmatmul(power, power)
        n, bit = divmod(n, 2)
        if bit:
            result = power if result is None else jmatmul(result, power)
    return result


def matrix_rank(M, rtol=None, *, hermitian: bool = False, tol=None):
    """The number of singular values above rtol · (largest singular value) (default rtol:
    max(m, n) · eps)."""
    from .reductions import any as jany, sum as jsum
    check_arraylike("jnp.linalg.matrix_rank", M)
    if tol is not None:
        if rtol is not None:
            raise ValueError("matrix_rank: only one of tol or rtol may be specified.")
        rtol = tol
    M, = promote_inexact("jnp.linalg.matrix_rank", M)
    if M.ndim < 2:
        return lax.convert_element_type(jany(lax.ne(M, lax.full_like(M, 0))), np.int32)
    S = svd(M, full_matrices=False, compute_uv=False, hermitian=hermitian)
    if rtol is None:
        scale = S.dtype.type(max(M.shape[-2:]) * float(dtypes.finfo(S.dtype).eps))
        rtol = lax.mul(_norms.max_or_zero(S, -1), scale)
    rtol = asarray(rtol)
    rtol = lax.expand_dims(rtol, (rtol.ndim,))
    return jsum(lax.gt(S, rtol.astype(S.dtype) if rtol.dtype != S.dtype else rtol), axis=-1)


def lstsq(a, b, rcond=None, *, numpy_resid: bool = False):
    """(x, residuals, rank, s): the least-squares solution of a x = b through the SVD."""
    from .reductions import sum as jsum
    from .contractions import matmul as jmatmul
    check_arraylike("jnp.linalg.lstsq", a, b)
    a, b = promote_inexact("jnp.linalg.lstsq", a, b)
    if a.shape[0] != b.shape[0]:
        raise ValueError("Leading dimensions of input arrays must match")
    b_orig_ndim = b.ndim
    if b_orig_ndim == 1:
        b = b[:, None]
    if a.ndim != 2:
        raise TypeError(f"{a.ndim}-dimensional array given. Array must be two-dimensional")
    if b.ndim != 2:
        raise TypeError(f"{b.ndim}-dimensional array given. Array must be one or "
                        "two-dimensional")
    m, n = a.shape
    dtype = a.dtype
    if a.size == 0:
        s = lax.full((0,), 0, mat.real_dtype(dtype))
        rank = lax.full((), 0, dtypes.default_int_dtype())
        x = lax.full((n,) + b.shape[1:], 0, dtype)
    else:
        eps = float(dtypes.finfo(dtype).eps)
        u, s, vt = svd(a, full_matrices=False)
        if rcond is None:
            cutoff_scale = lax.full((), eps * max(n, m), s.dtype)
        else:
            rc = asarray(rcond).astype(s.dtype) if not isinstance(rcond, (int, float)) else \
                lax.full((), rcond, s.dtype)
            cutoff_scale = lax.select(lax.lt(rc, lax.full_like(rc, 0)),
                                      lax.full_like(rc, eps), rc)
        first = s[0]
        mask = lax.bitwise_and(lax.gt(s, lax.full_like(s, 0)),
                               lax.ge(s, lax.mul(cutoff_scale, first)))
        rank = jsum(mask)
        safe_s = lax.convert_element_type(lax.select(mask, s, lax.full_like(s, 1)), dtype)
        s_inv = lax.select(mask, lax.div(lax.full_like(safe_s, 1), safe_s),
                           lax.full_like(safe_s, 0))[:, None]
        utb = jmatmul(_H(u), b)
        x = jmatmul(_H(vt), lax.mul(lax.broadcast_in_dim(s_inv, utb.shape, (0, 1)), utb))
    if numpy_resid and (int(rank) < n or m <= n):
        resid = asarray(np.zeros((0,), mat.real_dtype(dtype)))
    else:
        resid = lax.integer_pow(_norms.norm(lax.sub(b, jmatmul(a, x)), axis=0), 2)
    if b_orig_ndim == 1:
        x = x.ravel()
    return x, resid, rank, s


def tensorinv(a, ind=2):
    """The inverse of a tensor seen as a matrix (first `ind` dims against the rest)."""
    check_arraylike("tensorinv", a)
    arr = asarray(a)
    ind = operator.index(ind)
    if ind <= 0:
        raise ValueError(f"ind must be a positive integer; got ind={ind!r}")
    contracting, batch = arr.shape[:ind], arr.shape[ind:]
    flat = (math.prod(contracting), math.prod(batch))
    if flat[0] != flat[1]:
        raise ValueError("tensorinv is only possible when the product of the first `ind` "
                         "dimensions equals that of the remaining dimensions. got "
                         f"arr.shape={arr.shape!r} with ind={ind!r}.")
    return inv(arr.reshape(flat)).reshape(*batch, *contracting)


def tensorsolve(a, b, axes=None):
    """x with tensordot(a, x, x.ndim) = b."""
    from .shape_ops import moveaxis
    check_arraylike("tensorsolve", a, b)
    a_arr, b_arr = asarray(a), asarray(b)
    if axes is not None:
        a_arr = moveaxis(a_arr, axes, len(axes) * (a_arr.ndim - 1,))
    out_shape = a_arr.shape[b_arr.ndim:]
    if a_arr.shape[:b_arr.ndim] != b_arr.shape:
        raise ValueError("After moving axes to end, leading shape of a must match shape of b. "
                         f"got a.shape={a_arr.shape}, b.shape={b_arr.shape}")
    if b_arr.size != math.prod(out_shape):
        raise ValueError("Input arrays must have prod(a.shape[:b.ndim]) == "
                         f"prod(a.shape[b.ndim:]); got a.shape={a_arr.shape}, "
                         f"b.ndim={b_arr.ndim}.")
    a_arr = a_arr.reshape(b_arr.size, math.prod(out_shape))
    return solve(a_arr, b_arr.ravel()).reshape(out_shape)


# --- determinants ---------------------------------------------------------------------------------

def _parity_sign(pivots, dtype):
    """±1 (in dtype) for the parity of LU's row swaps (pivot i != i is one swap)."""
    k = pivots.shape[-1]
    iota = mat._constant(np.broadcast_to(np.arange(k, dtype=pivots.dtype), pivots.shape))
    swaps = lax.reduce_sum(lax.convert_element_type(lax.ne(pivots, iota), np.int32),
                           (pivots.ndim - 1,))
    odd = lax.bitwise_and(swaps, np.int32(1))
    return lax.convert_element_type(lax.sub(np.int32(1), lax.mul(np.int32(2), odd)), dtype)


def _slogdet_lu_core(a):
    from .reductions import any as jany, prod as jprod, sum as jsum
    dtype = a.dtype
    rdtype = mat.real_dtype(dtype)
    lu_, pivots, _ = lax_linalg.lu(a)
    diag = mat.diag_part(lu_)
    is_zero = jany(lax.eq(diag, lax.full_like(diag, 0)), axis=-1)
    sign = _parity_sign(pivots, dtype)
    absdiag = lax.abs(diag)
    if dtype.kind == "c":
        sign = lax.mul(sign, jprod(lax.div(diag, lax.convert_element_type(absdiag, dtype)),
                                   axis=-1))
    else:
        negatives = jprod(lax.select(lax.lt(diag, lax.full_like(diag, 0)),
                                     lax.full_like(diag, -1), lax.full_like(diag, 1)), axis=-1)
        sign = lax.mul(sign, negatives)
    sign = lax.select(is_zero, lax.full_like(sign, 0), sign)
    logdet = jsum(lax.log(absdiag), axis=-1)
    logdet = lax.select(is_zero, lax.full_like(logdet, -np.inf), logdet)
    return sign, lax.convert_element_type(logdet, rdtype)


def _slogdet_qr_core(a):
    from .reductions import prod as jprod, sum as jsum
    if a.dtype.kind == "c":
        raise NotImplementedError("slogdet method='qr' not implemented for complex inputs")
    n = a.shape[-1]
    h, taus = geqrf(a)
    diag = mat.diag_part(h)
    logdet = jsum(lax.log(lax.abs(diag)), axis=-1)
    sign_diag = jprod(lax.sign(diag), axis=-1)
    reflect = lax.ne(taus[..., :max(n - 1, 0)], lax.full_like(taus[..., :max(n - 1, 0)], 0))
    flips = jprod(lax.select(reflect, lax.full(reflect.shape, -1, a.dtype),
                             lax.full(reflect.shape, 1, a.dtype)), axis=-1)
    return lax.mul(sign_diag, flips), logdet


def _slogdet_small_core(a):
    n = a.shape[-1]
    det = a[..., 0, 0] if n == 1 else lax.sub(lax.mul(a[..., 0, 0], a[..., 1, 1]),
                                               lax.mul(a[..., 0, 1], a[..., 1, 0]))
    absdet = lax.abs(det)
    return lax.sign(det), lax.log(absdet)


def _slogdet_tangent(x, sign, ans_dot):
    if x.dtype.kind == "c":
        sign_dot = lax.mul(lax.sub(ans_dot, lax.convert_element_type(lax.real(ans_dot),
                                                                     ans_dot.dtype)), sign)
        return sign_dot, lax.real(ans_dot)
    return lax.full_like(sign, 0), ans_dot


def _slogdet_rule(primals, tangents):
    # The primal comes from the default (LU) method, whichever method was asked for.
    x, = primals
    g, = tangents
    sign, ans = slogdet(x)
    ans_dot = _norms.trace_last(solve(x, g))
    sign_dot, ans_dot = _slogdet_tangent(x, sign, ans_dot)
    return (sign, ans), (sign_dot, ans_dot)


def _slogdet_small_rule(primals, tangents):
    x, = primals
    g, = tangents
    sign, ans = _slogdet_small_core(x)
    if x.shape[-1] == 1:
        ans_dot = lax.div(g[..., 0, 0], x[..., 0, 0])
    else:
        det = lax.sub(lax.mul(x[..., 0, 0], x[..., 1, 1]), lax.mul(x[..., 0, 1], x[..., 1, 0]))
        num = lax.add(lax.sub(lax.mul(g[..., 0, 0], x[..., 1, 1]),
                              lax.mul(g[..., 0, 1], x[..., 1, 0])),
                      lax.sub(lax.mul(g[..., 1, 1], x[..., 0, 0]),
                              lax.mul(g[..., 1, 0], x[..., 0, 1])))
        ans_dot = lax.div(num, det)
    sign_dot, ans_dot = _slogdet_tangent(x, sign, ans_dot)
    return (sign, ans), (sign_dot, ans_dot)


_slogdet_lu = with_custom_jvp(_slogdet_lu_core, _slogdet_rule)
_slogdet_qr = with_custom_jvp(_slogdet_qr_core, _slogdet_rule)
_slogdet_small = with_custom_jvp(_slogdet_small_core, _slogdet_small_rule)


def slogdet(a, *, method=None):
    """SlogdetResult(sign, logabsdet) of each square matrix (sign 0 and -inf if singular)."""
    a, = promote_inexact("jnp.linalg.slogdet", a)
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"Argument to slogdet() must have shape [..., n, n], got {a.shape}")
    if method is None or method == "lu":
        if a.shape[-1] in (1, 2):
            return SlogdetResult(*_slogdet_small(a))
        return SlogdetResult(*_slogdet_lu(a))
    if method == "qr":
        return SlogdetResult(*_slogdet_qr(a))
    raise ValueError(f"Unknown slogdet method '{method}'. Supported methods are 'lu' (`None`), "
                     "and 'qr'.")


def _cofactor_solve(a, b):
    """(det(a), adj(a) b) from a's LU factors. With rank n-1 the last pivot is zero; it is
    replaced by 1/(product of the other pivots), which makes the substitution produce
    det-scaled values instead of dividing by zero. Rank below n-1 gives zeros."""
    from .reductions import any as jany, cumprod
    n = a.shape[-1]
    if n == 1:
        return a[..., 0, 0], b
    lu_, pivots, perm = lax_linalg.lu(a)
    dtype = a.dtype
    diag = mat.diag_part(lu_)
    partial_det = lax.mul(cumprod(diag, axis=-1),
                          lax.broadcast_in_dim(_parity_sign(pivots, dtype), diag.shape,
                                               tuple(range(diag.ndim - 1))))
    corner = lax.div(lax.full_like(partial_det[..., -2], 1), partial_det[..., -2])
    at_corner = mat.core_mask(lu_.shape, lambda r, c: (r == n - 1) & (c == n - 1))
    lu_ = lax.select(at_corner, lax.broadcast_in_dim(corner, lu_.shape, tuple(range(lu_.ndim - 2))),
                     lu_)
    ones = lax.full(lu_.shape[:-1], 1, dtype)
    d = lax_linalg.triangular_solve(lu_, ones, left_side=True, lower=False)
    bad = jany(lax.bitwise_not(lax.is_finite(d)) if dtype.kind != "c" else
               lax.bitwise_not(lax.bitwise_and(lax.is_finite(lax.real(d)),
                                               lax.is_finite(lax.imag(d)))), axis=-1)
    bad = lax.broadcast_in_dim(bad, b.shape, tuple(range(b.ndim - 2)))
    x = lax.select(bad, lax.full_like(b, 0), b)
    x = mat.take_rows(x, perm)
    x = lax_linalg.triangular_solve(lu_, x, left_side=True, lower=True, unit_diagonal=True)
    scale = lax.broadcast_in_dim(partial_det[..., -1], x.shape, tuple(range(x.ndim - 2)))
    last_row = mat.core_mask(x.shape, lambda r, c: r + 0 * c == n - 1)
    x = lax.select(last_row, x, lax.mul(x, scale))
    x = lax_linalg.triangular_solve(lu_, x, left_side=True, lower=False)
    x = lax.select(bad, lax.full_like(x, 0), x)
    return partial_det[..., -1], x


def _det_core(a):
    sign, logdet = slogdet(a)
    return lax.mul(sign, lax.convert_element_type(lax.exp(logdet), sign.dtype))


def _det_rule(primals, tangents):
    x, = primals
    g, = tangents
    y, z = _cofactor_solve(x, g)
    return y, _norms.trace_last(z)


_det = with_custom_jvp(_det_core, _det_rule)


def det(a):
    """The determinant of each square matrix (closed forms for 2x2 and 3x3, LU otherwise)."""
    a, = promote_inexact("jnp.linalg.det", a)
    shape = a.shape
    if len(shape) >= 2 and shape[-1] == shape[-2] == 2:
        return lax.sub(lax.mul(a[..., 0, 0], a[..., 1, 1]), lax.mul(a[..., 0, 1], a[..., 1, 0]))
    if len(shape) >= 2 and shape[-1] == shape[-2] == 3:
        e = [[a[..., i, j] for j in range(3)] for i in range(3)]
        plus = lax.add(lax.add(lax.mul(lax.mul(e[0][0], e[1][1]), e[2][2]),
                               lax.mul(lax.mul(e[0][1], e[1][2]), e[2][0])),
                       lax.mul(lax.mul(e[0][2], e[1][0]), e[2][1]))
        minus = lax.add(lax.add(lax.mul(lax.mul(e[0][2], e[1][1]), e[2][0]),
                                lax.mul(lax.mul(e[0][0], e[1][2]), e[2][1])),
                        lax.mul(lax.mul(e[0][1], e[1][0]), e[2][2]))
        return lax.sub(plus, minus)
    if len(shape) >= 2 and shape[-1] == shape[-2]:
        return _det(a)
    raise ValueError(f"Argument to _det() must have shape [..., n, n], got {shape}")


# --- pseudo-inverse ---------------------------------------------------------------------------------

def _pinv_core(a, rtol=None, hermitian=False):
    from .contractions import matmul as jmatmul
    m, n = a.shape[-2:]
    if m == 0 or n == 0:
        return lax.full(a.shape[:-2] + (n, m), 0, a.dtype)
    arr = lax.conj(a) if a.dtype.kind == "c" else a
    u, s, vh = svd(arr, full_matrices=False, hermitian=hermitian)
    if rtol is None:
        rtol = lax.full((), 10.0 * max(m, n) * float(dtypes.finfo(a.dtype).eps), s.dtype)
    rtol = asarray(rtol).astype(s.dtype)
    rtol = lax.expand_dims(rtol, tuple(range(rtol.ndim, s.ndim)))
    cutoff = lax.mul(lax.broadcast_in_dim(rtol, s.shape[:rtol.ndim] + (1,) * (s.ndim - rtol.ndim),
                                          tuple(range(rtol.ndim))) if rtol.ndim < s.ndim else
                     rtol, s[..., 0:1])
    s = lax.select(lax.gt(s, cutoff), s, lax.full_like(s, np.inf))
    s = lax.convert_element_type(s, u.dtype)
    res = jmatmul(mat.mT(vh), lax.div(mat.mT(u), _rows_spread(s, u.shape[-2])))
    return lax.convert_element_type(res, a.dtype)


def _rows_spread(v, cols):
    return lax.broadcast_in_dim(v, v.shape + (cols,), tuple(range(v.ndim)))


def _pinv_rule(rtol, hermitian, primals, tangents):
    a, = primals
    a_dot, = tangents
    p = _pinv_core(a, rtol, hermitian)
    if hermitian:
        a, a_dot = mat.symmetrize(a), mat.symmetrize(a_dot)
    mm = mat.matmul
    m, n = a.shape[-2:]
    if m >= n:
        s = mm(mm(p, _H(p)), _H(a_dot))
        t = mm(mm(_H(a_dot), _H(p)), p)
        p_dot = lax.add(lax.add(lax.neg(mm(mm(p, a_dot), p)), lax.sub(s, mm(mm(s, a), p))),
                        lax.sub(t, mm(mm(p, a), t)))
    else:
        s = mm(p, mm(_H(p), _H(a_dot)))
        t = mm(_H(a_dot), mm(_H(p), p))
        p_dot = lax.add(lax.add(lax.neg(mm(p, mm(a_dot, p))), lax.sub(s, mm(s, mm(a, p)))),
                        lax.sub(t, mm(p, mm(a, t))))
    return p, p_dot


_pinv = with_custom_jvp(_pinv_core, _pinv_rule, nondiff_argnums=(1, 2))


def pinv(a, rtol=None, hermitian: bool = False, *, rcond=None):
    """The Moore-Penrose pseudo-inverse, singular values below rtol · s_max dropped
    (default rtol: 10 · max(m, n) · eps)."""
    if rcond is not None:
        if rtol is not None:
            raise ValueError("pinv: only one of rtol and rcond may be specified.")
        rtol = rcond
    a, = promote_inexact("jnp.linalg.pinv", a)
    if a.ndim < 2:
        raise ValueError(f"jnp.linalg.pinv: argument a must be at least 2-D, got shape "
                         f"{a.shape}.")
    return _pinv(a, rtol, bool(hermitian))

