"""The rest of lax.linalg's primitives: schur, hessenberg, tridiagonal (reductions),
householder_product and ormqr (applying LAPACK's Householder reflectors),
symmetric_product (α A Aᵀ + β C) and cholesky_update (a rank-1 update of a Cholesky
factor). As in JAX, none of them has a derivative rule; all but cholesky_update batch
(leading dimensions are batch dimensions).

Impls call SciPy's LAPACK one matrix at a time (NumPy exposes none of these routines);
symmetric_product and cholesky_update are NumPy arithmetic.
"""
from __future__ import annotations

import numpy as np

from .families import FLOAT, standard
from .linalg_util import (BATCH_TO_FRONT, check_lapack_dtype, lapack_routine,
                          linalg_abstract_eval, nan_where, per_matrix, real_dtype,
                          scipy_linalg)


def _square(what):
    def check(shape):
        if len(shape) != 2 or shape[0] != shape[1]:
            raise ValueError(f"The input to {what} must be a square matrix. Got shape {shape}.")
    return check


def _failed(info_list, batch):
    return np.array(info_list, bool).reshape(batch) if batch else np.array(info_list[0], bool)


# --- schur -----------------------------------------------------------------------------------

def _schur_impl(xp, x, *, compute_schur_vectors, sort_eig_vals, select_callable):
    check_lapack_dtype("schur", x)
    if sort_eig_vals:
        raise NotImplementedError("The sort feature of LAPACK's gees routine is not "
                                  "implemented.")
    scipy_schur = scipy_linalg("schur").schur
    output = "complex" if x.dtype.kind == "c" else "real"
    t, z = np.empty_like(x), np.empty_like(x)
    failed = []

    def one(a):
        try:
            result = scipy_schur(a, output=output, check_finite=False)
            failed.append(False)
            return result
        except (np.linalg.LinAlgError, ValueError):
            failed.append(True)
            return np.full_like(a, np.nan), np.full_like(a, np.nan)
    if x.shape[-1]:
        per_matrix(one, [x], x.ndim - 2, [t, z])
        if failed:
            t, z = nan_where(_failed(failed, x.shape[:-2]), t, z)
    return [t, z] if compute_schur_vectors else [t]


def _schur_shape(shape, *, compute_schur_vectors, **_):
    _square("schur")(shape)
    return [shape, shape] if compute_schur_vectors else [shape]


def _schur_dtypes(dtype, *, compute_schur_vectors, **_):
    return [dtype, dtype] if compute_schur_vectors else [dtype]


schur_p = standard("schur", _schur_impl,
                   linalg_abstract_eval("schur", (2,), _schur_shape, _schur_dtypes,
                                        multiple_results=True),
                   multiple_results=True, batch=BATCH_TO_FRONT)


def schur(x, *, compute_schur_vectors: bool = True, sort_eig_vals: bool = False,
          select_callable=None):
    """(T, Q) with x = Q T Qᴴ: T quasi-upper-triangular (real input) or upper-triangular
    (complex input), Q unitary; T alone when compute_schur_vectors is False."""
    outs = schur_p.bind(x, compute_schur_vectors=bool(compute_schur_vectors),
                        sort_eig_vals=bool(sort_eig_vals), select_callable=select_callable)
    return tuple(outs) if compute_schur_vectors else outs[0]


# --- hessenberg ------------------------------------------------------------------------------

def _hessenberg_impl(xp, a):
    check_lapack_dtype("hessenberg", a)
    n = a.shape[-1]
    out = np.array(a)
    taus = np.zeros(a.shape[:-1][:-1] + (max(n - 1, 0),), a.dtype)
    if n > 1:
        gehrd = lapack_routine("hessenberg", "gehrd", a.dtype)

        def one(m):
            h, tau, info = gehrd(m)
            return h, tau[:n - 1]
        per_matrix(one, [a], a.ndim - 2, [out, taus])
    return [out, taus]


def _hessenberg_shape(shape):
    if shape[0] != shape[-1]:
        raise ValueError("Argument to Hessenberg reduction must have shape [..., n, n], got "
                         f"shape {shape}")
    return [shape, (max(shape[-1] - 1, 0),)]


hessenberg_p = standard("hessenberg", _hessenberg_impl,
                        linalg_abstract_eval("hessenberg", (2,), _hessenberg_shape,
                                             lambda d: [d, d], multiple_results=True),
                        multiple_results=True, batch=BATCH_TO_FRONT)


def hessenberg(a):
    """(a, taus): the upper Hessenberg form in a's upper triangle and first subdiagonal,
    Householder reflectors below it, and their scalar factors taus (LAPACK's gehrd)."""
    out, taus = hessenberg_p.bind(a)
    return out, taus


# --- tridiagonal -------------------------------------------------------------------------------

def _tridiagonal_impl(xp, a, *, lower):
    check_lapack_dtype("tridiagonal", a)
    n = a.shape[-1]
    rdtype = real_dtype(a.dtype)
    out = np.array(a)
    d = np.zeros(a.shape[:-1], rdtype)
    e = np.zeros(a.shape[:-2] + (n - 1,), rdtype)
    taus = np.zeros(a.shape[:-2] + (n - 1,), a.dtype)
    stem = "hetrd" if a.dtype.kind == "c" else "sytrd"
    sytrd = lapack_routine("tridiagonal", stem, a.dtype)

    def one(m):
        c, dd, ee, tau, info = sytrd(m, lower=int(lower))
        return c, dd, ee, tau
    per_matrix(one, [a], a.ndim - 2, [out, d, e, taus])
    return [out, d, e, taus]


def _tridiagonal_shape(shape, **_):
    if shape[0] != shape[1] or shape[1] == 0:
        raise ValueError(f"The input to tridiagonal must be a square matrix. Got shape {shape}.")
    n = shape[0]
    return [shape, (n,), (n - 1,), (n - 1,)]


def _tridiagonal_dtypes(dtype, **_):
    return [dtype, real_dtype(dtype), real_dtype(dtype), dtype]


tridiagonal_p = standard("tridiagonal", _tridiagonal_impl,
                         linalg_abstract_eval("tridiagonal", (2,), _tridiagonal_shape,
                                              _tridiagonal_dtypes, multiple_results=True),
                         multiple_results=True, batch=BATCH_TO_FRONT)


def tridiagonal(a, *, lower: bool = True):
    """(a, d, e, taus): a Hermitian matrix reduced to tridiagonal form (LAPACK's sytrd/hetrd):
    diagonal d, off-diagonal e, reflectors in a's other entries, their factors taus."""
    out, d, e, taus = tridiagonal_p.bind(a, lower=bool(lower))
    return out, d, e, taus


# --- householder_product and ormqr ---------------------------------------------------------------

def _householder_product_impl(xp, a, taus):
    check_lapack_dtype("householder_product", a)
    if a.size == 0:
        m, n = a.shape[-2:]
        return np.broadcast_to(np.eye(m, n, dtype=a.dtype), a.shape).copy()
    orgqr = lapack_routine("householder_product", "orgqr", a.dtype, real_prefix="ungqr")
    out = np.empty_like(a)

    def one(m, tau):
        q, work, info = orgqr(m, tau)
        return (q,)
    return per_matrix(one, [a, taus], a.ndim - 2, [out])[0]


def _householder_product_shape(a_shape, taus_shape):
    m, n = a_shape
    if m < n:
        raise ValueError("The first argument to householder_product must have at least as "
                         f"many rows as columns, got shape {a_shape}")
    if taus_shape[0] > min(m, n):
        raise ValueError("The second argument to householder_product must not have more "
                         "rows than the minimum of the first argument's rows and columns.")
    return a_shape


householder_product_p = standard(
    "householder_product", _householder_product_impl,
    linalg_abstract_eval("householder_product", (2, 1), _householder_product_shape),
    batch=BATCH_TO_FRONT)


def householder_product(a, taus):
    """The orthogonal (unitary) matrix Q whose Householder reflectors are stored below a's
    diagonal, with scalar factors taus (LAPACK's orgqr/ungqr)."""
    return householder_product_p.bind(a, taus)


def _ormqr_impl(xp, a, taus, c, *, left, transpose):
    check_lapack_dtype("ormqr", a)
    if c.size == 0 or taus.shape[-1] == 0:
        return np.array(c)
    ormqr = lapack_routine("ormqr", "ormqr", a.dtype, real_prefix="unmqr")
    side = "L" if left else "R"
    trans = ("C" if a.dtype.kind == "c" else "T") if transpose else "N"
    out = np.empty_like(c)

    def one(m, tau, cc):
        _, work, _ = ormqr(side, trans, m, tau, cc, -1)
        lwork = max(int(np.real(work[0])), 1)
        cq, _, _ = ormqr(side, trans, m, tau, cc, lwork)
        return (cq,)
    return per_matrix(one, [a, taus, c], a.ndim - 2, [out])[0]


def _ormqr_shape(a_shape, taus_shape, c_shape, *, left, transpose):
    m = a_shape[0]
    if left and c_shape[0] != m:
        raise ValueError("ormqr with left=True expects c to have the same number of rows as "
                         f"the Householder matrix a. Got a shape {a_shape} and c shape "
                         f"{c_shape}.")
    if not left and c_shape[1] != m:
        raise ValueError("ormqr with left=False expects c to have the same number of columns "
                         f"as the Householder matrix a has rows. Got a shape {a_shape} and c "
                         f"shape {c_shape}.")
    return c_shape


ormqr_p = standard("ormqr", _ormqr_impl,
                   linalg_abstract_eval("ormqr", (2, 1, 2), _ormqr_shape),
                   batch=BATCH_TO_FRONT)


def ormqr(a, taus, c, *, left: bool = True, transpose: bool = False):
    """Q c (left) or c Q, Q (Qᴴ when transpose) given by the Householder reflectors of a
    QR factorization, without forming Q (LAPACK's ormqr/unmqr)."""
    return ormqr_p.bind(a, taus, c, left=bool(left), transpose=bool(transpose))


# --- symmetric_product -----------------------------------------------------------------------

def _symmetric_product_impl(xp, a, c, *, alpha, beta):
    product = np.matmul(a, np.swapaxes(a, -1, -2), dtype=np.result_type(a.dtype, np.float32))
    out = alpha * product + beta * c.astype(product.dtype)
    return out.astype(c.dtype)


def _symmetric_product_shape(a_shape, c_shape, **_):
    if a_shape[0] != c_shape[1] or c_shape[0] != c_shape[1]:
        raise ValueError("symmetric_update expects a rectangular matrix of shape (m, n) and a "
                         f"square matrix of shape (n, n). Got shapes {a_shape} and {c_shape}.")
    return c_shape


symmetric_product_p = standard(
    "symmetric_product", _symmetric_product_impl,
    linalg_abstract_eval("symmetric_product", (2, 2), _symmetric_product_shape,
                         accepts=(FLOAT, FLOAT)),
    batch=BATCH_TO_FRONT)


def symmetric_product(a_matrix, c_matrix, *, alpha: float = 1., beta: float = 0.,
                      symmetrize_output: bool = False):
    """α A Aᵀ + β C; the whole result is valid (JAX promises only the lower triangle unless
    symmetrize_output)."""
    out = symmetric_product_p.bind(a_matrix, c_matrix, alpha=float(alpha), beta=float(beta))
    if symmetrize_output:
        from .elementwise import add
        from .linalg_util import mT, tril
        out = add(tril(out), mT(tril(out, -1)))
    return out


# --- cholesky_update ---------------------------------------------------------------------------

def _cholesky_update_impl(xp, r, w):
    # Givens rotations fold w into R row by row: Rᵀ R + w wᵀ = R'ᵀ R'.
    r = np.array(r)
    z = np.array(w)
    for k in range(r.shape[0]):
        x, y = r[k, k], z[k]
        if y == 0:
            c, s = np.ones((), r.dtype), np.zeros((), r.dtype)
        else:
            scale = max(abs(x), abs(y))
            xs, ys = x / scale, y / scale
            inv = 1 / np.sqrt(xs * xs + ys * ys)
            c, s = xs * inv, -ys * inv
        row = r[k, :].copy()
        r[k, :] = c * row - s * z
        z = c * z + s * row
    return r


def _cholesky_update_shape(r_shape, w_shape):
    if r_shape[0] != r_shape[1] or w_shape[0] != r_shape[1]:
        raise ValueError("Rank-1 update to Cholesky decomposition takes a square matrix and a "
                         "vector of the same size as input. Got shapes "
                         f"{r_shape} and {w_shape} instead")
    return r_shape


def _cholesky_update_abstract_eval(r, w):
    if r.ndim != 2 or w.ndim != 1:
        bad = 0 if r.ndim != 2 else 1
        rank = 2 if bad == 0 else 1
        shape = (r, w)[bad].shape
        raise TypeError(f"Input {bad} to cholesky_update must have a rank of exactly {rank}, "
                        f"but got shape={shape}")
    return linalg_abstract_eval("cholesky_update", (2, 1), _cholesky_update_shape,
                                accepts=(FLOAT, FLOAT))(r, w)


cholesky_update_p = standard("cholesky_update", _cholesky_update_impl,
                             _cholesky_update_abstract_eval)


def cholesky_update(r_matrix, w_vector):
    """The upper Cholesky factor of Rᵀ R + w wᵀ, from the upper factor R (O(n²))."""
    return cholesky_update_p.bind(r_matrix, w_vector)


__all__ = ["schur_p", "hessenberg_p", "tridiagonal_p", "householder_product_p", "ormqr_p",
           "symmetric_product_p", "cholesky_update_p", "schur", "hessenberg", "tridiagonal",
           "householder_product", "ormqr", "symmetric_product", "cholesky_update"]
