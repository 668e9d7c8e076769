"""Op records for linear algebra: jnp.linalg, lax.linalg and scipy.linalg.

References are NumPy's and SciPy's LAPACK-backed routines on float64 copies of the inputs.
Where a factorization is unique only up to the phase of each vector (eigh, svd), the
records compare phase-free quantities (|v|², reconstructions, eigenvalues), and inputs
are built with well-separated eigen/singular values so finite differences are meaningful.
"""
from __future__ import annotations

import functools

import numpy as np
import scipy.linalg as sla

import wax.lax.linalg as lax_linalg
import wax.numpy as jnp
import wax.scipy.linalg as wsl
from records import OpRecord, complex64, float32, int32, real_of


# --- input generators ------------------------------------------------------------------

def _complexify(x, dtype, rng):
    if dtype.kind == "c":
        x = x + 1j * rng.uniform(-1, 1, size=x.shape)
    return x.astype(dtype)


def rand_matrix(shape, dtype, rng):
    """Random entries plus n on the diagonal (square cores): well conditioned."""
    x = rng.uniform(-1, 1, size=shape)
    if dtype.kind in "iu":
        x = np.round(x * 3)
    if len(shape) >= 2 and shape[-1] == shape[-2]:
        x = x + shape[-1] * np.eye(shape[-1])
    return _complexify(x, dtype, rng)


def rand_plain(shape, dtype, rng):
    """Entries in [-1, 1) (no structure)."""
    return _complexify(rng.uniform(-1, 1, size=shape), dtype, rng)


def _orthogonal(n, rng, complex_):
    z = rng.normal(size=(n, n)) + (1j * rng.normal(size=(n, n)) if complex_ else 0)
    q, r = np.linalg.qr(z)
    return q * (np.diagonal(r) / np.abs(np.diagonal(r)))


def rand_hermitian(shape, dtype, rng):
    """Hermitian matrices with eigenvalues spaced by ~1 (distinct, so eigenvectors are
    well defined) plus a small nonsymmetric part (the functions symmetrize)."""
    if len(shape) < 2 or shape[-1] != shape[-2]:
        return rand_plain(shape, dtype, rng)
    n = shape[-1]
    out = np.empty(shape, np.complex128 if dtype.kind == "c" else np.float64)
    for idx in np.ndindex(*shape[:-2]):
        q = _orthogonal(n, rng, dtype.kind == "c")
        w = np.arange(1, n + 1) * 1.3 + rng.uniform(-0.3, 0.3, size=n) - n / 2
        out[idx] = (q * w) @ q.conj().T
    return (out + 0.05 * rng.uniform(-1, 1, size=shape)).astype(dtype)


def rand_spd(shape, dtype, rng):
    """Hermitian positive-definite matrices (eigenvalues in [1, n + 1])."""
    if len(shape) < 2 or shape[-1] != shape[-2]:
        return rand_plain(shape, dtype, rng)
    n = shape[-1]
    x = _complexify(rng.uniform(-1, 1, size=shape), dtype, rng).astype(np.complex128)
    spd = x @ np.swapaxes(x.conj(), -1, -2) / n + np.eye(n)
    return (spd if dtype.kind == "c" else spd.real).astype(dtype)


def rand_svd(shape, dtype, rng):
    """Matrices with singular values 1, 2, ... (distinct, well separated)."""
    if len(shape) < 2:
        return rand_plain(shape, dtype, rng)
    m, n = shape[-2:]
    k = min(m, n)
    out = np.empty(shape, np.complex128 if dtype.kind == "c" else np.float64)
    for idx in np.ndindex(*shape[:-2]):
        u = _orthogonal(m, rng, dtype.kind == "c")[:, :k]
        v = _orthogonal(n, rng, dtype.kind == "c")[:, :k]
        s = np.arange(k, 0, -1) * 1.0 + rng.uniform(0, 0.3, size=k)
        out[idx] = (u * s) @ v.conj().T
    return out.astype(dtype)


def rand_away(shape, dtype, rng):
    """Magnitudes in [0.5, 1.5) with random signs: away from the kinks of |x| at 0."""
    x = rng.uniform(0.5, 1.5, size=shape) * rng.choice([-1, 1], size=shape)
    return _complexify(x, dtype, rng)


def rand_pivots(shape, dtype, rng):
    """LAPACK-style row swaps for 4 rows: position i swaps with some j >= i."""
    k = shape[-1]
    return np.minimum(np.arange(k) + rng.integers(0, 3, size=shape), 3).astype(dtype)


def rand_tridiag(shape, dtype, rng):
    """Diagonals of a diagonally dominant tridiagonal system (for d) or off-diagonals."""
    return _complexify(rng.uniform(-1, 1, size=shape), dtype, rng)


# --- references ----------------------------------------------------------------------------

def _sym(a):
    return (a + np.swapaxes(a.conj(), -1, -2)) / 2


def _per_matrix(fun):
    """A NumPy/SciPy reference made to loop over leading dimensions."""
    def ref(*args, **params):
        batch = np.broadcast_shapes(*(a.shape[:-2] for a in args if a.ndim >= 2))
        if not batch:
            return fun(*args, **params)
        outs = [fun(*[a[idx] if a.ndim >= 2 else a for a in args], **params)
                for idx in np.ndindex(*batch)]
        if isinstance(outs[0], tuple):
            return tuple(np.stack([o[i] for o in outs]).reshape(batch + np.shape(outs[0][i]))
                         for i in range(len(outs[0])))
        return np.stack(outs).reshape(batch + np.shape(outs[0]))
    return ref


def _abs2(x):
    return (x * np.conj(x)).real if isinstance(x, np.ndarray) else \
        jnp.real(x * jnp.conj(x))


def _eigh_vectors(a):
    return _abs2(jnp.linalg.eigh(a).eigenvectors)


def _np_eigh_vectors(a):
    return _abs2(np.linalg.eigh(_sym(a))[1])


def _svd_parts(a):
    u, s, vh = jnp.linalg.svd(a, full_matrices=False)
    return _abs2(u), s, _abs2(vh), (u * s[..., None, :].astype(u.dtype)) @ vh


def _np_svd_parts(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return _abs2(u), s, _abs2(vh), a


def _solve_ref(a, b):
    if b.ndim == 1:
        return np.linalg.solve(a, b[..., None])[..., 0]
    return np.linalg.solve(a, b)


def _matrix_power(a, *, n):
    return jnp.linalg.matrix_power(a, n)


def _np_matrix_power(a, *, n):
    return np.linalg.matrix_power(a, n)


def _lstsq(a, b):
    return jnp.linalg.lstsq(a, b)[0]


def _np_lstsq(a, b):
    return np.linalg.lstsq(a, b, rcond=None)[0]


def _norm(x, *, ord=None, axis=None, keepdims=False):
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def _np_norm(x, *, ord=None, axis=None, keepdims=False):
    return np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def _to_float(*dts):
    return float32 if dts[0].kind in "iub" else dts[0]


def _real(*dts):
    return real_of(_to_float(*dts))


def _complex(*dts):
    return complex64


def _pair(first, second):
    return lambda *dts: [first(*dts), second(*dts)]


# --- jnp.linalg -------------------------------------------------------------------------------

SQUARE = [(3, 3), (2, 4, 4)]
F_C = [float32, complex64]
F_C_I = [float32, complex64, int32]

NUMPY_RECORDS = [
    OpRecord("linalg.cholesky", jnp.linalg.cholesky, np.linalg.cholesky, 1, F_C, SQUARE,
             rng=rand_spd, tol=1e-4),
    OpRecord("linalg.cholesky-upper", functools.partial(jnp.linalg.cholesky, upper=True),
             lambda a: np.swapaxes(np.linalg.cholesky(a).conj(), -1, -2), 1, [float32],
             [(3, 3)], rng=rand_spd, tol=1e-4),
    OpRecord("linalg.det", jnp.linalg.det, np.linalg.det, 1, F_C_I,
             [(2, 2), (3, 3), (4, 4), (2, 5, 5)], rng=rand_matrix, out_dtype=_to_float,
             tol=2e-4),
    OpRecord("linalg.det-1x1", jnp.linalg.det, np.linalg.det, 1, [float32], [(1, 1)],
             rng=rand_matrix),
    OpRecord("linalg.slogdet", jnp.linalg.slogdet, np.linalg.slogdet, 1, F_C,
             [(1, 1), (2, 2), (2, 4, 4)], rng=rand_matrix, out_dtype=_pair(_to_float, _real),
             tol=1e-4),
    OpRecord("linalg.slogdet-qr", functools.partial(jnp.linalg.slogdet, method="qr"),
             np.linalg.slogdet, 1, [float32], [(4, 4), (2, 3, 3)], rng=rand_matrix,
             out_dtype=_pair(_to_float, _real), tol=1e-4),
    OpRecord("linalg.inv", jnp.linalg.inv, np.linalg.inv, 1, F_C_I, SQUARE, rng=rand_matrix,
             out_dtype=_to_float, tol=1e-4),
    OpRecord("linalg.solve", jnp.linalg.solve, _solve_ref, 2, F_C,
             [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 3, 3), (2, 3, 1))], rng=rand_matrix,
             tol=1e-4),
    OpRecord("linalg.eigh-values", lambda a: jnp.linalg.eigh(a).eigenvalues,
             lambda a: np.linalg.eigvalsh(_sym(a)), 1, F_C, SQUARE, rng=rand_hermitian,
             out_dtype=_real, tol=1e-4),
    OpRecord("linalg.eigh-vectors", _eigh_vectors, _np_eigh_vectors, 1, F_C, SQUARE,
             rng=rand_hermitian, out_dtype=_real, tol=1e-4),
    OpRecord("linalg.eigvalsh-U", functools.partial(jnp.linalg.eigvalsh, UPLO="U"),
             lambda a: np.linalg.eigvalsh(_sym(a)), 1, [float32], [(3, 3)],
             rng=rand_hermitian, tol=1e-4),
    OpRecord("linalg.svd", _svd_parts, _np_svd_parts, 1, F_C, [(3, 3), (4, 3), (2, 3, 4)],
             rng=rand_svd, out_dtype=lambda *d: [_real(*d), _real(*d), _real(*d), d[0]],
             tol=1e-4),
    OpRecord("linalg.svdvals", jnp.linalg.svdvals, lambda a: np.linalg.svd(a)[1], 1, F_C_I,
             [(3, 4), (2, 4, 3)], rng=rand_svd, out_dtype=_real, tol=1e-4),
    OpRecord("linalg.qr", jnp.linalg.qr, np.linalg.qr, 1, F_C, [(3, 3), (4, 3), (3, 4),
                                                                  (2, 4, 3)],
             rng=rand_plain, tol=1e-4),
    OpRecord("linalg.qr-complete", functools.partial(jnp.linalg.qr, mode="complete"),
             functools.partial(np.linalg.qr, mode="complete"), 1, [float32], [(4, 3), (3, 4)],
             rng=rand_plain, tol=1e-4),
    OpRecord("linalg.qr-r", functools.partial(jnp.linalg.qr, mode="r"),
             functools.partial(np.linalg.qr, mode="r"), 1, [float32], [(4, 3)],
             rng=rand_plain, tol=1e-4),
    OpRecord("linalg.pinv", jnp.linalg.pinv, np.linalg.pinv, 1, F_C, [(3, 3), (4, 3),
                                                                      (2, 3, 4)],
             rng=rand_svd, tol=1e-4),
    OpRecord("linalg.lstsq", _lstsq, _np_lstsq, 2, [float32], [((4, 3), (4,)),
                                                               ((4, 3), (4, 2))],
             rng=rand_svd, tol=1e-4),
    OpRecord("linalg.matrix_power-3", _matrix_power, _np_matrix_power, 1, [float32, int32],
             [(3, 3), (2, 3, 3)], rng=rand_plain, params={"n": 3}, tol=1e-4),
    OpRecord("linalg.matrix_power--2", _matrix_power, _np_matrix_power, 1, [float32],
             [(3, 3)], rng=rand_matrix, params={"n": -2}, tol=1e-4),
    # An integer count: nothing to differentiate.
    OpRecord("linalg.matrix_rank", jnp.linalg.matrix_rank, np.linalg.matrix_rank, 1,
             [float32], [(3, 4), (2, 3, 3)], rng=rand_plain, out_dtype=lambda *d: int32,
             jvp=False),
    OpRecord("linalg.eigvals", jnp.linalg.eigvals, np.linalg.eigvals, 1, [float32, complex64],
             [(3, 3), (2, 4, 4)], rng=rand_matrix, out_dtype=_complex, tol=1e-4,
             # JAX differentiates eigenvalues once: their JVP uses eigenvectors, whose
             # derivative JAX refuses (enable_eigvec_derivs), so order 2 raises as in JAX.
             grad_order=1),
    # Eigenvector derivatives need enable_eigvec_derivs in JAX (and raise without it).
    OpRecord("linalg.eig", jnp.linalg.eig, np.linalg.eig, 1, [float32], [(3, 3)],
             rng=rand_matrix, out_dtype=lambda *d: [complex64, complex64], tol=1e-4,
             jvp=False),
    OpRecord("linalg.cond", jnp.linalg.cond, np.linalg.cond, 1, [float32], [(3, 3), (2, 3, 4)],
             rng=rand_svd, tol=1e-4),
    OpRecord("linalg.cond-1", functools.partial(jnp.linalg.cond, p=1),
             functools.partial(np.linalg.cond, p=1), 1, [float32], [(3, 3)], rng=rand_matrix,
             tol=1e-4),
    OpRecord("linalg.multi_dot", lambda *xs: jnp.linalg.multi_dot(xs),
             lambda *xs: np.linalg.multi_dot(xs), 3, [float32],
             [((3,), (3, 4), (4, 2)), ((2, 3), (3, 4), (4,))], rng=rand_plain, tol=1e-5),
    OpRecord("linalg.tensorinv", functools.partial(jnp.linalg.tensorinv, ind=1),
             functools.partial(np.linalg.tensorinv, ind=1), 1, [float32], [(6, 2, 3)],
             rng=lambda s, d, r: rand_matrix((6, 6), d, r).reshape(s), tol=1e-4),
    OpRecord("linalg.tensorsolve", jnp.linalg.tensorsolve, np.linalg.tensorsolve, 2,
             [float32], [((2, 3, 6), (2, 3))],
             rng=lambda s, d, r: rand_matrix((6, 6), d, r).reshape(s) if len(s) == 3 else
             rand_plain(s, d, r), tol=1e-4),
]

_MATRIX_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]
_VECTOR_ORDS = [None, 0, 1, -1, 2, 3.5, np.inf, -np.inf]

NORM_RECORDS = [
    OpRecord(f"linalg.norm-matrix-{o}", _norm, _np_norm, 1, [float32] + ([complex64, int32]
                                                                         if o in (None, 2)
                                                                         else []),
             [(3, 4)] + ([(2, 3, 3)] if o == "nuc" else []),
             rng=rand_svd if o in ("nuc", 2, -2) else rand_away, out_dtype=_real,
             params={"ord": o, "axis": (-2, -1) if o is not None else None}, tol=1e-4)
    for o in _MATRIX_ORDS
] + [
    OpRecord(f"linalg.norm-vector-{o}", _norm, _np_norm, 1, [float32], [(4,), (2, 5)],
             rng=rand_away, params={"ord": o, "axis": -1}, tol=1e-4)
    for o in _VECTOR_ORDS
] + [
    OpRecord("linalg.norm-keepdims", _norm, _np_norm, 1, [float32], [(2, 3, 4)],
             rng=rand_plain, params={"ord": "fro", "axis": (0, 2), "keepdims": True},
             tol=1e-5),
    OpRecord("linalg.vector_norm", jnp.linalg.vector_norm,
             lambda x: np.linalg.norm(x.ravel()), 1, [float32, complex64], [(2, 3)],
             rng=rand_plain, out_dtype=_real, tol=1e-5),
    OpRecord("linalg.matrix_norm-nuc", functools.partial(jnp.linalg.matrix_norm, ord="nuc"),
             lambda x: np.linalg.norm(x, "nuc", axis=(-2, -1)), 1, [float32], [(2, 3, 4)],
             rng=rand_svd, tol=1e-4),
]

ARRAY_API_RECORDS = [
    OpRecord("linalg.cross", jnp.linalg.cross, np.cross, 2, [float32, int32],
             [((3,), (3,)), ((2, 3), (2, 3))], rng=rand_plain),
    OpRecord("linalg.outer", jnp.linalg.outer, np.outer, 2, [float32, complex64],
             [((3,), (4,))], rng=rand_plain),
    OpRecord("linalg.trace", jnp.linalg.trace, lambda x: np.trace(x, axis1=-2, axis2=-1), 1,
             [float32], [(3, 3), (2, 3, 4)], rng=rand_plain, tol=1e-6),
    OpRecord("linalg.diagonal", functools.partial(jnp.linalg.diagonal, offset=1),
             lambda x: np.diagonal(x, 1, -2, -1), 1, [float32, int32], [(3, 4), (2, 3, 3)],
             rng=rand_plain),
    OpRecord("linalg.matrix_transpose", jnp.linalg.matrix_transpose,
             lambda x: np.swapaxes(x, -1, -2), 1, [float32], [(2, 3), (2, 3, 4)],
             rng=rand_plain),
    OpRecord("linalg.matmul", jnp.linalg.matmul, np.matmul, 2, [float32],
             [((2, 3), (3, 4)), ((2, 2, 3), (3,))], rng=rand_plain, tol=1e-5),
    OpRecord("linalg.vecdot", jnp.linalg.vecdot, lambda a, b: np.sum(a.conj() * b, -1), 2,
             [float32, complex64], [((2, 3), (2, 3))], rng=rand_plain, tol=1e-5),
    OpRecord("linalg.tensordot", functools.partial(jnp.linalg.tensordot, axes=1),
             functools.partial(np.tensordot, axes=1), 2, [float32],
             [((2, 3), (3, 4))], rng=rand_plain, tol=1e-5),
]


# --- lax.linalg ---------------------------------------------------------------------------

def _triangular_ref(a, b, *, left_side, lower, transpose_a, conjugate_a, unit_diagonal):
    a = np.tril(a) if lower else np.triu(a)
    if unit_diagonal:
        a = a - np.diag(np.diagonal(a)) + np.eye(a.shape[-1])
    op = np.swapaxes(a, -1, -2) if transpose_a else a
    op = op.conj() if conjugate_a else op
    return np.linalg.solve(op, b) if left_side else \
        np.swapaxes(np.linalg.solve(np.swapaxes(op, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)


def _tridiagonal_ref(dl, d, du, b):
    m = d.shape[-1]
    a = np.diag(d) + np.diag(du[:m - 1], 1) + np.diag(dl[1:], -1)
    return np.linalg.solve(a, b)


def _tridiagonal_op(dl, d, du, b):
    return lax_linalg.tridiagonal_solve(dl, d + 4, du, b)


def _perm_from_piv(piv, m):
    perm = np.arange(m)
    for i, j in enumerate(piv):
        perm[i], perm[j] = perm[j], perm[i]
    return perm.astype(np.int32)


def _lu_values(a):
    lu, pivots, permutation = lax_linalg.lu(a)
    return lu, pivots, permutation


_TRI_CASES = [
    dict(left_side=True, lower=True, transpose_a=False, conjugate_a=False, unit_diagonal=False),
    dict(left_side=False, lower=False, transpose_a=True, conjugate_a=False,
         unit_diagonal=False),
    dict(left_side=True, lower=False, transpose_a=True, conjugate_a=True, unit_diagonal=True),
]

LAX_RECORDS = [
    OpRecord(f"lax.linalg.triangular_solve-{i}", lax_linalg.triangular_solve,
             _per_matrix(_triangular_ref), 2, [float32, complex64],
             [((3, 3), (3, 2) if p["left_side"] else (2, 3)),
              ((2, 4, 4), (2, 4, 3) if p["left_side"] else (2, 3, 4))],
             rng=rand_matrix, params=p, tol=1e-4)
    for i, p in enumerate(_TRI_CASES)
] + [
    OpRecord("lax.linalg.tridiagonal_solve", _tridiagonal_op,
             lambda dl, d, du, b: _per_matrix(_tridiagonal_ref)(dl, d + 4, du, b), 4,
             [float32], [((4,), (4,), (4,), (4, 2))], rng=rand_tridiag, tol=1e-4),
    OpRecord("lax.linalg.cholesky", lax_linalg.cholesky, np.linalg.cholesky, 1, [float32],
             [(3, 3)], rng=rand_spd, tol=1e-4),
    OpRecord("lax.linalg.lu", _lu_values, _per_matrix(lambda a: (sla.lu_factor(a)[0],
                                                                 sla.lu_factor(a)[1].astype(
                                                                     np.int32),
                                                                 _perm_from_piv(
                                                                     sla.lu_factor(a)[1],
                                                                     a.shape[0]))),
             1, [float32, complex64], [(3, 3), (2, 4, 4)], rng=rand_plain,
             out_dtype=lambda *d: [d[0], int32, int32], tol=1e-4, ref_same_dtype=True),
    OpRecord("lax.linalg.qr-full", functools.partial(lax_linalg.qr, full_matrices=True),
             functools.partial(np.linalg.qr, mode="complete"), 1, [float32],
             [(3, 3), (4, 3)], rng=rand_plain, tol=1e-4),
    OpRecord("lax.linalg.svd-values", functools.partial(lax_linalg.svd, compute_uv=False),
             lambda a: np.linalg.svd(a, compute_uv=False), 1, [float32], [(3, 4)],
             rng=rand_svd, tol=1e-4),
    OpRecord("lax.linalg.eigh-values", lambda a: lax_linalg.eigh(a)[1],
             lambda a: np.linalg.eigvalsh(_sym(a)), 1, [float32], [(3, 3)],
             rng=rand_hermitian, tol=1e-4),
    # Integer permutations: nothing to differentiate.
    OpRecord("lax.linalg.lu_pivots_to_permutation",
             functools.partial(lax_linalg.lu_pivots_to_permutation, permutation_size=4),
             lambda p: np.stack([_perm_from_piv(q, 4) for q in p.reshape(-1, p.shape[-1])]
                                ).reshape(p.shape[:-1] + (4,)), 1, [int32], [(3,), (2, 3)],
             rng=rand_pivots, jvp=False),
    # The Schur form and the Householder-based reductions have no derivative in JAX.
    # The real Schur form is unique only up to the shape of its 2x2 blocks: the reference
    # runs LAPACK's gees in the same precision (ref_same_dtype).
    OpRecord("lax.linalg.schur", lax_linalg.schur, _per_matrix(sla.schur), 1, [float32],
             [(3, 3), (2, 3, 3)], rng=rand_matrix, tol=1e-4, jvp=False, ref_same_dtype=True),
    OpRecord("scipy.linalg.hessenberg", wsl.hessenberg, _per_matrix(sla.hessenberg), 1,
             [float32], [(4, 4), (2, 3, 3)], rng=rand_plain, tol=1e-4, jvp=False,
             ref_same_dtype=True),
    OpRecord("lax.linalg.householder_product",
             lambda a, t: lax_linalg.householder_product(a, t),
             _per_matrix(lambda a, t: sla.lapack.dorgqr(a, t)[0]), 2, [float32],
             [((4, 3), (2,)), ((2, 4, 3), (2, 3))], rng=rand_plain, tol=1e-4, jvp=False),
    OpRecord("lax.linalg.symmetric_product",
             functools.partial(lax_linalg.symmetric_product, alpha=2.0, beta=0.5),
             lambda a, c: 2.0 * a @ np.swapaxes(a, -1, -2) + 0.5 * c, 2, [float32],
             [((3, 2), (3, 3)), ((2, 3, 4), (2, 3, 3))], rng=rand_plain, tol=1e-5,
             jvp=False),
]


# --- scipy.linalg ----------------------------------------------------------------------------

# scipy's cholesky, cho_factor and solve(assume_a='pos') read one triangle of a, while
# their derivatives (as JAX's) treat a as Hermitian: the records differentiate them at
# Hermitian arguments, symmetrizing inside the function.

def _herm(a):
    return (a + jnp.conj(jnp.swapaxes(a, -1, -2))) / 2


def _scipy_cholesky(a):
    return wsl.cholesky(_herm(a))


def _solve_pos(a, b):
    return wsl.solve(_herm(a), b, assume_a="pos")


def _cho_solve(a, b):
    return wsl.cho_solve(wsl.cho_factor(_herm(a)), b)


def _lu_solve(a, b):
    return wsl.lu_solve(wsl.lu_factor(a), b)


SCIPY_RECORDS = [
    OpRecord("scipy.linalg.expm", wsl.expm, _per_matrix(sla.expm), 1, [float32, complex64],
             [(3, 3), (2, 3, 3)], rng=rand_plain, tol=2e-4),
    OpRecord("scipy.linalg.expm-large", wsl.expm, _per_matrix(sla.expm), 1, [float32],
             [(3, 3)], rng=lambda s, d, r: (4 * rand_plain(s, d, r)).astype(d), tol=1e-3,
             grad_tol_f32=5e-2),
    OpRecord("scipy.linalg.expm_frechet", wsl.expm_frechet,
             _per_matrix(lambda a, e: sla.expm_frechet(a, e)), 2, [float32],
             [((3, 3), (3, 3))], rng=rand_plain, tol=2e-4,
             out_dtype=lambda *d: [float32, float32],
             # expm_frechet is expm's JVP: its first derivative is expm's second, which the
             # expm records check; a second order here would be a slow third derivative.
             grad_order=1),
    OpRecord("scipy.linalg.cholesky", _scipy_cholesky, _per_matrix(sla.cholesky), 1, F_C,
             [(3, 3), (2, 3, 3)], rng=rand_spd, tol=1e-4),
    OpRecord("scipy.linalg.cho_solve", _cho_solve, _solve_ref, 2, [float32],
             [((3, 3), (3,)), ((3, 3), (3, 2))], rng=rand_spd, tol=1e-4),
    OpRecord("scipy.linalg.lu_solve", _lu_solve, _solve_ref, 2, [float32],
             [((3, 3), (3,)), ((2, 3, 3), (2, 3, 2))], rng=rand_matrix, tol=1e-4),
    OpRecord("scipy.linalg.solve-pos", _solve_pos,
             _solve_ref, 2, [float32], [((3, 3), (3, 2))], rng=rand_spd, tol=1e-4),
    OpRecord("scipy.linalg.solve_triangular", functools.partial(wsl.solve_triangular,
                                                                lower=True),
             lambda a, b: sla.solve_triangular(a, b, lower=True), 2, [float32],
             [((3, 3), (3,)), ((3, 3), (3, 2))], rng=rand_matrix, tol=1e-4),
    OpRecord("scipy.linalg.lu", wsl.lu, sla.lu, 1, [float32], [(3, 3), (4, 3), (3, 4)],
             rng=rand_plain, tol=1e-4, out_dtype=lambda *d: [float32] * 3,
             # p is a permutation (no tangent); l and u through lu's JVP.
             grad_order=2),
    OpRecord("scipy.linalg.polar-svd", functools.partial(wsl.polar, method="svd"),
             _per_matrix(sla.polar), 1, [float32], [(3, 3), (4, 3)], rng=rand_svd, tol=1e-4),
    # QDWH iterates with while_loop: forward mode only, so no gradient check here.
    OpRecord("scipy.linalg.polar-qdwh", wsl.polar, _per_matrix(sla.polar), 1, [float32],
             [(3, 3), (4, 3)], rng=rand_svd, tol=1e-4, jvp=False),
    # sqrtm and funm go through the Schur form, which has no derivative in JAX.
    OpRecord("scipy.linalg.sqrtm", wsl.sqrtm, sla.sqrtm, 1, [float32], [(3, 3)],
             rng=rand_spd, tol=1e-4, out_dtype=_complex, jvp=False),
    OpRecord("scipy.linalg.funm", lambda a: wsl.funm(a, jnp.sin),
             lambda a: sla.funm(a, np.sin), 1, [float32], [(3, 3)], rng=rand_plain, tol=1e-4,
             out_dtype=_complex, jvp=False),
    OpRecord("scipy.linalg.solve_sylvester", wsl.solve_sylvester, sla.solve_sylvester, 3,
             [float32], [((3, 3), (2, 2), (3, 2))], rng=rand_matrix, tol=1e-4, jvp=False),
    OpRecord("scipy.linalg.eigh_tridiagonal",
             functools.partial(wsl.eigh_tridiagonal, eigvals_only=True),
             lambda d, e: sla.eigh_tridiagonal(d, e, eigvals_only=True), 2, [float32],
             [((4,), (3,))], rng=rand_plain, tol=1e-4),
    OpRecord("scipy.linalg.block_diag", wsl.block_diag, sla.block_diag, 3, [float32, int32],
             [((2, 2), (1, 3), (2,))], rng=rand_plain),
    OpRecord("scipy.linalg.toeplitz", wsl.toeplitz, sla.toeplitz, 2, [float32, complex64],
             [((3,), (4,))], rng=rand_plain),
    OpRecord("scipy.linalg.hankel", wsl.hankel, sla.hankel, 2, [float32], [((3,), (4,))],
             rng=rand_plain),
    OpRecord("scipy.linalg.circulant", wsl.circulant, sla.circulant, 1, [float32], [(4,)],
             rng=rand_plain),
    OpRecord("scipy.linalg.companion", wsl.companion, sla.companion, 1, [float32], [(4,)],
             rng=rand_matrix, tol=1e-5),
    OpRecord("scipy.linalg.fiedler", wsl.fiedler, sla.fiedler, 1, [float32], [(4,)],
             rng=rand_plain),
    OpRecord("scipy.linalg.leslie", wsl.leslie, sla.leslie, 2, [float32], [((4,), (3,))],
             rng=rand_plain),
]

RECORDS = NUMPY_RECORDS + NORM_RECORDS + ARRAY_API_RECORDS + LAX_RECORDS + SCIPY_RECORDS
