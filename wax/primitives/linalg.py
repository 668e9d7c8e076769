"""Factorization primitives: cholesky, eigh, eig, svd and qr, each with its impl (NumPy's
LAPACK: numpy.linalg; SciPy's only where NumPy has no routine), abstract_eval, jvp and
batch rule, and the lax.linalg wrapper with JAX's signature. The solvers (lu,
triangular_solve, tridiagonal_solve, lu_pivots_to_permutation) are in linalg_solve.py,
the rest of lax.linalg's primitives in linalg_extra.py, shared pieces in linalg_util.py.

Derivatives are the standard matrix identities JAX uses: cholesky's L·Φ(L⁻¹ dA L⁻ᴴ);
eigh's and svd's first-order perturbation theory (distinct eigen/singular values); qr's
from dX R⁻¹; eig's eigenvalues (eigenvectors only when asked, as JAX).
"""
from __future__ import annotations

import enum

import numpy as np

from .batch_util import shape_of
from .elementwise import add, conj, convert_element_type, div, eq, mul, neg, real, sub
from .families import is_zero, standard, zero_tangent_like
from .linalg_util import (BATCH_TO_FRONT, check_lapack_dtype, complex_dtype, diag_matrix,
                          diag_part, dtype_of, eye, is_complex,
                          linalg_abstract_eval, mH, mT, matmul, nan_where, per_matrix,
                          real_dtype, scipy_linalg, symmetrize, tril)
from .shape import broadcast_in_dim, concatenate, full


class EigImplementation(enum.Enum):
    """Which library computes a nonsymmetric eigendecomposition (wax: LAPACK only)."""
    CUSOLVER = "cusolver"
    MAGMA = "magma"
    LAPACK = "lapack"


class EighImplementation(enum.Enum):
    """Which algorithm computes a Hermitian eigendecomposition (wax: QR, i.e. LAPACK)."""
    QR = "qr"
    JACOBI = "jacobi"
    QDWH = "qdwh"


class SvdAlgorithm(enum.Enum):
    """Which algorithm computes an SVD (wax: LAPACK's gesdd, or gesvd for QR)."""
    DEFAULT = "default"
    QR = "QR"
    JACOBI = "Jacobi"
    POLAR = "polar"
    DIVIDE_AND_CONQUER = "divide_and_conquer"


def _check_rank(name: str, x) -> None:
    """The rank check the primitive would make, before a wrapper transposes its operand."""
    shape = shape_of(x)
    if len(shape) < 2:
        raise TypeError(f"Input 0 to {name} must have rank at least 2, but got shape={shape}")


def _square(what: str):
    def check(shape):
        if shape[0] != shape[1]:
            raise ValueError(f"The input to {what} must be a square matrix. Got shape {shape}.")
    return check


def _cols_of(v, rows: int):
    """out[..., i, j] = v[..., j]: v (..., k) spread down `rows` rows."""
    shape = tuple(shape_of(v))
    n = len(shape) + 1
    return broadcast_in_dim(v, shape[:-1] + (rows, shape[-1]), tuple(range(n - 2)) + (n - 1,))


def _rows_of(v, cols: int):
    """out[..., i, j] = v[..., i]: v (..., k) spread across `cols` columns."""
    shape = tuple(shape_of(v))
    n = len(shape) + 1
    return broadcast_in_dim(v, shape + (cols,), tuple(range(n - 1)))


def _as(x, dtype):
    return x if dtype_of(x) == dtype else convert_element_type(x, dtype)


def _real_part(x):
    return real(x) if is_complex(x) else x


# --- cholesky ----------------------------------------------------------------------------

def _cholesky_impl(xp, x):
    check_lapack_dtype("cholesky", x)
    try:
        return np.linalg.cholesky(x)  # reads the lower triangle only
    except np.linalg.LinAlgError:
        pass
    out = np.empty_like(x)

    def one(a):
        try:
            return (np.linalg.cholesky(a),)
        except np.linalg.LinAlgError:
            return (np.full_like(a, np.nan),)
    return per_matrix(one, [x], x.ndim - 2, [out])[0]


def _cholesky_shape(shape):
    _square("cholesky")(shape)
    return shape


def _cholesky_jvp(primals, tangents):
    # L' = L Φ(L⁻¹ Σ' L⁻ᴴ), Φ taking the lower triangle with the diagonal halved.
    from .linalg_solve import triangular_solve
    x, = primals
    sigma_dot, = tangents
    L = tril(cholesky_p.bind(x))
    if is_zero(sigma_dot):
        return L, zero_tangent_like(L)
    n = shape_of(x)[-1]
    tmp = triangular_solve(L, sigma_dot, left_side=False, transpose_a=True,
                           conjugate_a=True, lower=True)
    inner = triangular_solve(L, tmp, left_side=True, transpose_a=False, lower=True)
    halve = add(full((n, n), 1, dtype_of(x)), eye(dtype_of(x), (n, n)))
    phi = div(tril(inner), broadcast_in_dim(halve, shape_of(inner),
                                            (len(shape_of(inner)) - 2,
                                             len(shape_of(inner)) - 1)))
    return L, matmul(L, phi)


cholesky_p = standard("cholesky", _cholesky_impl,
                      linalg_abstract_eval("cholesky", (2,), _cholesky_shape),
                      jvp=_cholesky_jvp, batch=BATCH_TO_FRONT)


def cholesky(x, *, symmetrize_input: bool = True):
    """The lower Cholesky factor L (A = L Lᴴ) of each matrix; NaNs where A is not positive
    definite. With symmetrize_input, A is (x + xᴴ)/2; otherwise only x's lower triangle is
    read."""
    _check_rank("cholesky", x)
    if symmetrize_input:
        x = symmetrize(x)
    return tril(cholesky_p.bind(x))


# --- eigh ------------------------------------------------------------------------------------

def _eigh_impl(xp, x, *, lower, sort_eigenvalues, subset_by_index, algorithm):
    check_lapack_dtype("eigh", x)
    if algorithm not in (None, EighImplementation.QR):
        raise NotImplementedError(f"eigh: the {algorithm} implementation is not supported on "
                                  "CPU; use EighImplementation.QR (LAPACK) or None.")
    uplo = "L" if lower else "U"
    try:
        w, v = np.linalg.eigh(x, UPLO=uplo)
    except np.linalg.LinAlgError:
        w = np.empty(x.shape[:-1], real_dtype(x.dtype))
        v = np.empty_like(x)

        def one(a):
            try:
                return np.linalg.eigh(a, UPLO=uplo)
            except np.linalg.LinAlgError:
                return np.full(a.shape[:-1], np.nan), np.full_like(a, np.nan)
        per_matrix(one, [x], x.ndim - 2, [w, v])
    if x.size:  # LAPACK may return NaNs for NaN input without reporting it; JAX's are all-NaN
        bad = np.isnan(w).any(axis=-1)
        v, w = nan_where(bad, v, w)
    if subset_by_index is not None:
        lo, hi = subset_by_index
        w, v = w[..., lo:hi], v[..., lo:hi]
    return [v, w]


def _eigh_shape(shape, *, subset_by_index, **_):
    if shape[0] != shape[-1]:
        raise ValueError("Argument to symmetric eigendecomposition must have shape [..., n, n], "
                         f"got shape {shape}")
    n = shape[0]
    if subset_by_index is None:
        return [(n, n), (n,)]
    lo, hi = subset_by_index
    if not 0 <= lo <= hi <= n:
        raise ValueError(f"subset_by_index must satisfy 0 <= start <= end <= {n}, got "
                         f"{subset_by_index}")
    return [(n, hi - lo), (hi - lo,)]


def _eigh_dtypes(dtype, **_):
    return [dtype, real_dtype(dtype)]


def _eigh_jvp(primals, tangents, *, lower, sort_eigenvalues, subset_by_index, algorithm):
    # Nondegenerate perturbation theory: dw = diag(Vᴴ dA V), dV = V (F ∘ Vᴴ dA V) with
    # F_ij = 1 / (w_j - w_i) off the diagonal and 0 on it.
    a, = primals
    a_dot, = tangents
    n = shape_of(a)[-1]
    if not (subset_by_index is None or tuple(subset_by_index) == (0, n)):
        raise NotImplementedError("Derivatives not defined for partial eigen decomposition.")
    v, w_real = eigh_p.bind(symmetrize(a), lower=lower, sort_eigenvalues=sort_eigenvalues,
                            subset_by_index=subset_by_index, algorithm=algorithm)
    if is_zero(a_dot):
        return [v, w_real], [zero_tangent_like(v), zero_tangent_like(w_real)]
    dtype = dtype_of(a)
    w = _as(w_real, dtype)
    identity = eye(dtype, shape_of(v))
    gaps = add(identity, sub(_cols_of(w, n), _rows_of(w, n)))
    f = sub(div(np.array(1, dtype), gaps), identity)
    vh_adot_v = matmul(matmul(mH(v), a_dot), v)
    dv = matmul(v, mul(f, vh_adot_v))
    dw = diag_part(_real_part(vh_adot_v))
    return [v, w_real], [dv, dw]


eigh_p = standard("eigh", _eigh_impl,
                  linalg_abstract_eval("eigh", (2,), _eigh_shape, _eigh_dtypes,
                                       multiple_results=True),
                  multiple_results=True, jvp=_eigh_jvp, batch=BATCH_TO_FRONT)


def _subset(subset_by_index):
    return None if subset_by_index is None else tuple(int(i) for i in subset_by_index)


def eigh(x, *, lower: bool = True, symmetrize_input: bool = True,
         sort_eigenvalues: bool = True, subset_by_index=None, implementation=None):
    """(v, w): eigenvectors (columns) and ascending real eigenvalues of Hermitian matrices."""
    _check_rank("eigh", x)
    if symmetrize_input:
        x = symmetrize(x)
    v, w = eigh_p.bind(x, lower=bool(lower), sort_eigenvalues=bool(sort_eigenvalues),
                       subset_by_index=_subset(subset_by_index), algorithm=implementation)
    return v, w


# --- eig ----------------------------------------------------------------------------------

def _eig_impl(xp, x, *, compute_left_eigenvectors, compute_right_eigenvectors,
              enable_eigvec_derivs, implementation):
    check_lapack_dtype("eig", x)
    if implementation not in (None, EigImplementation.LAPACK):
        raise ValueError("Only the lapack implementation is supported on CPU.")
    cdtype = complex_dtype(x.dtype)
    left, right = compute_left_eigenvectors, compute_right_eigenvectors
    n = x.shape[-1]
    w = np.empty(x.shape[:-1], cdtype)
    vl = np.empty(x.shape, cdtype)
    vr = np.empty(x.shape, cdtype)

    def one(a):
        try:
            if left:
                outs = scipy_linalg("eig (left eigenvectors)").eig(
                    a, left=True, right=right, check_finite=False)
                if right:
                    return outs[0], outs[1], outs[2]
                return outs[0], outs[1], np.zeros_like(a)
            if right:
                ew, ev = np.linalg.eig(a)
                return ew, np.zeros_like(a), ev
            return np.linalg.eigvals(a), np.zeros_like(a), np.zeros_like(a)
        except (np.linalg.LinAlgError, ValueError):
            nan = np.full(a.shape, np.nan)
            return nan[0], nan, nan
    if n:
        per_matrix(one, [x], x.ndim - 2, [w, vl, vr])
    bad = np.isnan(w).any(axis=-1) if n else np.zeros(x.shape[:-2], bool)
    w, vl, vr = nan_where(bad, w, vl, vr)
    return [w] + ([vl] if left else []) + ([vr] if right else [])


def _eig_shape(shape, *, compute_left_eigenvectors, compute_right_eigenvectors, **_):
    _square("eig")(shape)
    return [shape[:-1]] + [shape] * (compute_left_eigenvectors + compute_right_eigenvectors)


def _eig_dtypes(dtype, *, compute_left_eigenvectors, compute_right_eigenvectors, **_):
    return [complex_dtype(dtype)] * (1 + compute_left_eigenvectors + compute_right_eigenvectors)


def _eig_vectors_jvp(w, v, da):
    # dA's effect on the eigenpairs of a nonsymmetric matrix under LAPACK's normalization
    # (unit 2-norm, largest-magnitude component real): P = V⁻¹ dA V gives dw = diag(P)
    # and dV = V (F ∘ P) + V diag(c), with c fixed by the two normalization constraints.
    from .linalg_solve import solve
    from .reductions import argmax, reduce_sum
    from .elementwise import abs as lax_abs, imag, complex as lax_complex
    from .shape import broadcasted_iota
    n = shape_of(w)[-1]
    dtype = dtype_of(v)
    identity = eye(dtype, shape_of(v))
    f = sub(div(np.array(1, dtype), add(identity, sub(_cols_of(w, n), _rows_of(w, n)))),
            identity)
    p = matmul(solve(v, da), v)
    dw = diag_part(p)
    u = matmul(v, mul(f, p))
    nd = len(shape_of(v))
    k = argmax(lax_abs(v), nd - 2, np.int32)
    mask = convert_element_type(
        eq(broadcasted_iota(np.int32, shape_of(v), nd - 2), _cols_of(k, n)), dtype)
    re = neg(reduce_sum(real(mul(conj(v), u)), (nd - 2,)))
    im = neg(div(imag(reduce_sum(mul(mask, u), (nd - 2,))),
                 real(reduce_sum(mul(mask, v), (nd - 2,)))))
    c = lax_complex(re, im)
    return dw, add(u, mul(v, _cols_of(c, n)))


def _eig_jvp(primals, tangents, *, compute_left_eigenvectors, compute_right_eigenvectors,
             enable_eigvec_derivs, implementation):
    from .linalg_solve import solve
    from .reductions import reduce_sum
    a, = primals
    da, = tangents
    if (compute_left_eigenvectors or compute_right_eigenvectors) and not enable_eigvec_derivs:
        raise NotImplementedError(
            "Derivatives of non-symmetric eigenvectors are only valid under assumptions on "
            "the input that cannot be checked (see the enable_eigvec_derivs argument to "
            "lax.linalg.eig). Pass enable_eigvec_derivs=True to lax.linalg.eig to opt in.")
    outs = eig_p.bind(a, compute_left_eigenvectors=compute_left_eigenvectors,
                      compute_right_eigenvectors=True,
                      enable_eigvec_derivs=enable_eigvec_derivs,
                      implementation=implementation)
    w, vr = outs[0], outs[-1]
    primal = [w] + ([outs[1]] if compute_left_eigenvectors else []) + \
        ([vr] if compute_right_eigenvectors else [])
    if is_zero(da):
        return primal, [zero_tangent_like(p) for p in primal]
    da = _as(da, dtype_of(vr))
    if not (compute_left_eigenvectors or compute_right_eigenvectors):
        nd = len(shape_of(vr))
        return primal, [reduce_sum(mul(solve(vr, da), mT(vr)), (nd - 1,))]
    dw, dvr = _eig_vectors_jvp(w, vr, da)
    tangent = [dw]
    if compute_left_eigenvectors:
        tangent.append(_eig_vectors_jvp(conj(w), outs[1], mH(da))[1])
    if compute_right_eigenvectors:
        tangent.append(dvr)
    return primal, tangent


eig_p = standard("eig", _eig_impl,
                 linalg_abstract_eval("eig", (2,), _eig_shape, _eig_dtypes,
                                      multiple_results=True),
                 multiple_results=True, jvp=_eig_jvp, batch=BATCH_TO_FRONT)


def eig(x, *, compute_left_eigenvectors: bool = True, compute_right_eigenvectors: bool = True,
        enable_eigvec_derivs: bool = False, implementation=None, use_magma=None):
    """[w, vl, vr] (vl/vr only when asked): eigenvalues and left/right eigenvectors of general
    square matrices, complex, in LAPACK's (geev's) order and normalization."""
    if use_magma is not None:
        import warnings
        warnings.warn("use_magma is deprecated, please use "
                      "implementation=EigImplementation.MAGMA instead.", DeprecationWarning,
                      stacklevel=2)
        implementation = EigImplementation.MAGMA if use_magma else EigImplementation.LAPACK
    return eig_p.bind(x, compute_left_eigenvectors=bool(compute_left_eigenvectors),
                      compute_right_eigenvectors=bool(compute_right_eigenvectors),
                      enable_eigvec_derivs=bool(enable_eigvec_derivs),
                      implementation=implementation)


# --- svd ------------------------------------------------------------------------------------

def _svd_empty(x, full_matrices, compute_uv):
    batch, (m, n) = x.shape[:-2], x.shape[-2:]
    s = np.zeros(batch + (0,), real_dtype(x.dtype))
    if not compute_uv:
        return [s]
    if full_matrices:  # the square factor on the nonempty side is the identity
        u = np.broadcast_to(np.eye(m, dtype=x.dtype), batch + (m, m))
        vt = np.broadcast_to(np.eye(n, dtype=x.dtype), batch + (n, n))
    else:
        u = np.zeros(batch + (m, 0), x.dtype)
        vt = np.zeros(batch + (0, n), x.dtype)
    return [s, u, vt]


def _svd_one(a, full_matrices, compute_uv, algorithm):
    if algorithm == SvdAlgorithm.QR:
        return scipy_linalg("svd (algorithm=QR)").svd(
            a, full_matrices=full_matrices, compute_uv=compute_uv, check_finite=False,
            lapack_driver="gesvd")
    return np.linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)


def _svd_impl(xp, x, *, full_matrices, compute_uv, subset_by_index, algorithm):
    check_lapack_dtype("svd", x)
    if algorithm in (SvdAlgorithm.JACOBI, SvdAlgorithm.POLAR):
        raise NotImplementedError("The SVD Jacobi and Polar algorithms are not implemented on "
                                  "CPU.")
    m, n = x.shape[-2:]
    if m == 0 or n == 0:
        return _svd_empty(x, full_matrices, compute_uv)
    batch = x.shape[:-2]
    k = min(m, n)
    try:
        if algorithm == SvdAlgorithm.QR or np.isnan(x).any():
            raise np.linalg.LinAlgError  # one matrix at a time
        outs = np.linalg.svd(x, full_matrices=full_matrices, compute_uv=compute_uv)
        outs = [outs] if not compute_uv else [outs[1], outs[0], outs[2]]
    except np.linalg.LinAlgError:
        ucols, vrows = (m, n) if full_matrices else (k, k)
        outs = [np.empty(batch + (k,), real_dtype(x.dtype))]
        if compute_uv:
            outs += [np.empty(batch + (m, ucols), x.dtype), np.empty(batch + (vrows, n), x.dtype)]

        def one(a):
            if np.isnan(a).any():
                return [np.full(o.shape[len(batch):], np.nan) for o in outs]
            try:
                r = _svd_one(a, full_matrices, compute_uv, algorithm)
            except np.linalg.LinAlgError:
                return [np.full(o.shape[len(batch):], np.nan) for o in outs]
            return [r] if not compute_uv else [r[1], r[0], r[2]]
        per_matrix(one, [x], len(batch), outs)
    if subset_by_index is not None:
        lo, hi = subset_by_index
        outs[0] = outs[0][..., lo:hi]
        if compute_uv and not full_matrices:
            outs[1], outs[2] = outs[1][..., :, lo:hi], outs[2][..., lo:hi, :]
    return outs


def _svd_shape(shape, *, full_matrices, compute_uv, subset_by_index, **_):
    m, n = shape
    rank = min(m, n)
    if subset_by_index is not None:
        lo, hi = subset_by_index
        if full_matrices and (lo, hi) != (0, rank):
            raise ValueError("full_matrices and subset_by_index cannot both be set")
        if not 0 <= lo <= hi:
            raise ValueError(f"subset_by_index must satisfy 0 <= start <= end, got "
                             f"{subset_by_index}")
        rank = min(rank, hi - lo)
    if compute_uv:
        return [(rank,), (m, m if full_matrices else rank), (n if full_matrices else rank, n)]
    return [(rank,)]


def _svd_dtypes(dtype, *, compute_uv, **_):
    return [real_dtype(dtype)] + ([dtype, dtype] if compute_uv else [])


def _svd_jvp(primals, tangents, *, full_matrices, compute_uv, subset_by_index, algorithm):
    a, = primals
    da, = tangents
    m, n = shape_of(a)[-2:]
    s, u, vt = svd_p.bind(a, full_matrices=False, compute_uv=True,
                          subset_by_index=subset_by_index, algorithm=algorithm)
    if compute_uv and full_matrices and m != n:
        raise NotImplementedError(
            "Singular value decomposition JVP not implemented for full matrices")
    primal = [s, u, vt] if compute_uv else [s]
    if is_zero(da):
        return primal, [zero_tangent_like(p) for p in primal]
    dtype = dtype_of(a)
    k = shape_of(s)[-1]
    ut, v = mH(u), mH(vt)
    ds_full = matmul(matmul(ut, da), v)
    ds = diag_part(_real_part(ds_full))
    if not compute_uv:
        return primal, [ds]
    # F_ij = 1 / (s_j² - s_i²) off the diagonal, 0 on it.
    s_col, s_row = _cols_of(s, k), _rows_of(s, k)
    identity_r = eye(dtype_of(s), (k, k))
    identity_r = broadcast_in_dim(identity_r, shape_of(s_col),
                                  (len(shape_of(s_col)) - 2, len(shape_of(s_col)) - 1))
    diffs = mul(add(s_col, s_row), sub(s_col, s_row))
    f = _as(sub(div(np.array(1, dtype_of(s)), add(diffs, identity_r)), identity_r), dtype)
    dss = mul(_as(s_col, dtype), ds_full)   # dS diag(s)
    sds = mul(_as(s_row, dtype), ds_full)   # diag(s) dS
    s_zero = convert_element_type(eq(s, np.array(0, dtype_of(s))), dtype_of(s))
    s_inv = sub(div(np.array(1, dtype_of(s)), add(s, s_zero)), s_zero)
    du_diag = mul(mul(np.array(0.5, dtype), sub(ds_full, mH(ds_full))),
                  _as(diag_matrix(s_inv), dtype))
    du = matmul(u, add(mul(f, add(dss, mH(dss))), du_diag))
    dv = matmul(v, mul(f, add(sds, mH(sds))))
    if m > n:
        dav = matmul(da, v)
        du = add(du, div(sub(dav, matmul(u, matmul(ut, dav))), _as(_cols_of(s, m), dtype)))
    if n > m:
        dahu = matmul(mH(da), u)
        dv = add(dv, div(sub(dahu, matmul(v, matmul(vt, dahu))), _as(_cols_of(s, n), dtype)))
    return primal, [ds, du, mH(dv)]


svd_p = standard("svd", _svd_impl,
                 linalg_abstract_eval("svd", (2,), _svd_shape, _svd_dtypes,
                                      multiple_results=True),
                 multiple_results=True, jvp=_svd_jvp, batch=BATCH_TO_FRONT)


def svd(x, *, full_matrices: bool = True, compute_uv: bool = True, subset_by_index=None,
        algorithm=None):
    """(u, s, vh) with descending singular values s, or s alone when compute_uv=False."""
    outs = svd_p.bind(x, full_matrices=bool(full_matrices), compute_uv=bool(compute_uv),
                      subset_by_index=_subset(subset_by_index), algorithm=algorithm)
    if compute_uv:
        s, u, vt = outs
        return u, s, vt
    return outs[0]


# --- qr ------------------------------------------------------------------------------------

def _qr_impl(xp, x, *, pivoting, full_matrices, use_magma):
    check_lapack_dtype("qr", x)
    batch, (m, n) = x.shape[:-2], x.shape[-2:]
    k = m if full_matrices else min(m, n)
    if m == 0 or n == 0:
        q = np.broadcast_to(np.eye(m, k, dtype=x.dtype), batch + (m, k))
        r = np.zeros(batch + (k, n), x.dtype)
        return [q, r] + ([np.zeros(batch + (n,), np.int32)] if pivoting else [])
    if not pivoting:
        q, r = np.linalg.qr(x, mode="complete" if full_matrices else "reduced")
        return [q, r]
    scipy_qr = scipy_linalg("qr (pivoting)").qr
    q = np.empty(batch + (m, k), x.dtype)
    r = np.empty(batch + (k, n), x.dtype)
    p = np.empty(batch + (n,), np.int32)

    def one(a):
        return scipy_qr(a, mode="full" if full_matrices else "economic", pivoting=True,
                        check_finite=False)
    return per_matrix(one, [x], len(batch), [q, r, p])


def _qr_shape(shape, *, pivoting, full_matrices, **_):
    m, n = shape
    k = m if full_matrices else min(m, n)
    return [(m, k), (k, n)] + ([(n,)] if pivoting else [])


def _qr_dtypes(dtype, *, pivoting, **_):
    return [dtype, dtype] + ([np.dtype(np.int32)] if pivoting else [])


def _thin_qr_jvp(q, r, dx):
    # With X = QR, Q has orthonormal columns and R is square: dX R⁻¹ = dQ + Q dR R⁻¹, and
    # Qᴴ dX R⁻¹ splits into a skew-Hermitian part (Qᴴ dQ) and an upper one (dR R⁻¹).
    from .linalg_solve import triangular_solve
    from .elementwise import imag, complex as lax_complex
    dx_rinv = triangular_solve(r, dx)
    qt_dx_rinv = matmul(mH(q), dx_rinv)
    lower = tril(qt_dx_rinv, -1)
    do = sub(lower, mH(lower))
    if is_complex(qt_dx_rinv):
        diagonal = diag_part(qt_dx_rinv)
        zeros = mul(real(diagonal), np.array(0, real_dtype(dtype_of(diagonal))))
        do = add(do, diag_matrix(lax_complex(zeros, imag(diagonal))))
    dq = add(matmul(q, sub(do, qt_dx_rinv)), dx_rinv)
    dr = matmul(sub(qt_dx_rinv, do), r)
    return dq, dr


def _slice_core(x, rows=None, cols=None):
    from .indexing import slice as lax_slice
    shape = shape_of(x)
    nb = len(shape) - 2
    r0, r1 = rows if rows is not None else (0, shape[-2])
    c0, c1 = cols if cols is not None else (0, shape[-1])
    return lax_slice(x, (0,) * nb + (r0, c0), tuple(shape[:-2]) + (r1, c1))


def _qr_jvp(primals, tangents, *, pivoting, full_matrices, use_magma):
    from .linalg_solve import lu, lu_solve
    x, = primals
    dx, = tangents
    outs = qr_p.bind(x, pivoting=pivoting, full_matrices=full_matrices, use_magma=use_magma)
    q, r = outs[0], outs[1]
    if is_zero(dx):
        return outs, [zero_tangent_like(o) for o in outs]
    m, n = shape_of(x)[-2:]
    nd = len(shape_of(x))
    if pivoting:
        dx = _take_cols(dx, outs[2])
    extra = [zero_tangent_like(outs[2])] if pivoting else []
    if m < n:
        # X = [X1 X2] with X1 square: X1 = Q R1 is a square QR, and R2 = Qᴴ X2.
        xp = _take_cols(x, outs[2]) if pivoting else x
        x2 = _slice_core(xp, cols=(m, n))
        dx1, dx2 = _slice_core(dx, cols=(0, m)), _slice_core(dx, cols=(m, n))
        dq, dr1 = _thin_qr_jvp(q, _slice_core(r, cols=(0, m)), dx1)
        dr2 = add(matmul(mH(dq), x2), matmul(mH(q), dx2))
        return outs, [dq, concatenate([dr1, dr2], nd - 1)] + extra
    q_mn = _slice_core(q, cols=(0, n)) if full_matrices else q
    r_nn = _slice_core(r, rows=(0, n)) if full_matrices else r
    dq_mn, dr_nn = _thin_qr_jvp(q_mn, r_nn, dx)
    if not full_matrices or m == n:
        return outs, [dq_mn, dr_nn] + extra
    # The trailing m - n columns of a full Q: with Z = Q_pn (Q_nn - I)⁻¹, their tangent is
    # dQ_mn Zᴴ - (Q_mn + Q_mp Z)(dQ_pn - Z dQ_nn)ᴴ (the complement stays orthogonal).
    q_nn, q_pn = _slice_core(q_mn, rows=(0, n)), _slice_core(q_mn, rows=(n, m))
    q_mp = _slice_core(q, cols=(n, m))
    dq_nn, dq_pn = _slice_core(dq_mn, rows=(0, n)), _slice_core(dq_mn, rows=(n, m))
    identity = eye(dtype_of(q), shape_of(q_nn))
    lu_, _, perm = lu(sub(q_nn, identity))
    z_h = lu_solve(lu_, perm, mH(q_pn), trans=2)
    z = mH(z_h)
    dq_mp = sub(matmul(dq_mn, z_h),
                matmul(add(q_mn, matmul(q_mp, z)), mH(sub(dq_pn, matmul(z, dq_nn)))))
    zeros = full(tuple(shape_of(dr_nn)[:-2]) + (m - n, n), 0, dtype_of(dr_nn))
    return outs, [concatenate([dq_mn, dq_mp], nd - 1), concatenate([dr_nn, zeros], nd - 2)] + \
        extra


def _take_cols(x, perm):
    """x[..., :, perm]: the columns of each matrix permuted (as rows of its transpose)."""
    from .linalg_util import take_rows
    return mT(take_rows(mT(x), perm))


qr_p = standard("qr", _qr_impl,
                linalg_abstract_eval("qr", (2,), _qr_shape, _qr_dtypes, multiple_results=True),
                multiple_results=True, jvp=_qr_jvp, batch=BATCH_TO_FRONT)


def qr(x, *, pivoting: bool = False, full_matrices: bool = True, use_magma=None):
    """(q, r) with unitary q and upper-triangular r (and the column permutation p when
    pivoting: x[..., p] = q r)."""
    outs = qr_p.bind(x, pivoting=bool(pivoting), full_matrices=bool(full_matrices),
                     use_magma=use_magma)
    return tuple(outs)


__all__ = ["EigImplementation", "EighImplementation", "SvdAlgorithm", "cholesky_p", "eigh_p",
           "eig_p", "svd_p", "qr_p", "cholesky", "eigh", "eig", "svd", "qr"]
