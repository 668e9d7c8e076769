"""scipy.linalg's matrix functions on wax arrays, with JAX's semantics: expm (Padé
approximation with scaling and squaring, differentiable by autodiff through it) and
expm_frechet (its JVP), funm (Schur-Parlett), sqrtm (complex Schur form), polar (QDWH or
SVD), rsf2csf (real to complex Schur form), solve_sylvester (Bartels-Stewart or
eigendecomposition) and eigh_tridiagonal.

Each works on a single matrix; leading dimensions, where JAX accepts them, are mapped
with vmap.
"""
from __future__ import annotations

import functools

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core import dtypes
from ..lax import linalg as lax_linalg
from ..numpy import linalg as jnp_linalg
from ..numpy.linalg import promote_inexact
from ..primitives import linalg_util as mat

__all__ = ["eigh_tridiagonal", "expm", "expm_frechet", "funm", "polar", "rsf2csf",
           "solve_sylvester", "sqrtm"]


def _map_leading(fun, core_ndims, *args):
    """fun on the last core_ndims[i] dims of args[i], vmapped over the (shared) rest."""
    from ..transforms.batching import vmap
    batch = args[0].shape[:args[0].ndim - core_ndims[0]]
    if not batch:
        return fun(*args)
    flat = [jnp.reshape(a, (-1,) + a.shape[a.ndim - k:]) for a, k in zip(args, core_ndims)]
    out = vmap(fun)(*flat)

    def unflat(o):
        return jnp.reshape(o, batch + o.shape[1:])
    return tuple(unflat(o) for o in out) if isinstance(out, tuple) else unflat(out)


def _dot(a, b):
    return jnp.matmul(a, b)


# --- expm ------------------------------------------------------------------------------------

# Padé coefficients b_k of the [m/m] approximants of exp (Higham, 2005).
_PADE = {
    3: (120., 60., 12., 1.),
    5: (30240., 15120., 3360., 420., 30., 1.),
    7: (17297280., 8648640., 1995840., 277200., 25200., 1512., 56., 1.),
    9: (17643225600., 8821612800., 2075673600., 302702400., 30270240., 2162160., 110880.,
        3960., 90., 1.),
    13: (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800.,
         129060195264000., 10559470521600., 670442572800., 33522128640., 1323241920.,
         40840800., 960960., 16380., 182., 1.),
}
# Largest 1-norm each approximant handles to working precision, and the norm the matrix
# is scaled below (by squarings) before the largest approximant.
_THETA = {np.dtype(np.float64): ((0.01495585217958292, 0.253939833006323, 0.9504178996162932,
                                  2.097847961257068), (3, 5, 7, 9, 13), 5.371920351148152),
          np.dtype(np.float32): ((0.4258730016922831, 1.880152677804762), (3, 5, 7),
                                 3.92572478313866)}


def _pade(order, A):
    """(U, V): exp(A) ≈ (V - U)⁻¹ (V + U)."""
    b = _PADE[order]
    ident = jnp.eye(A.shape[0], dtype=A.dtype)
    A2 = _dot(A, A)
    if order == 13:
        A4 = _dot(A2, A2)
        A6 = _dot(A4, A2)
        U = _dot(A, _dot(A6, b[13] * A6 + b[11] * A4 + b[9] * A2)
                 + b[7] * A6 + b[5] * A4 + b[3] * A2 + b[1] * ident)
        V = _dot(A6, b[12] * A6 + b[10] * A4 + b[8] * A2) + b[6] * A6 + b[4] * A4 \
            + b[2] * A2 + b[0] * ident
        return U, V
    powers = [ident, A2]
    while len(powers) <= order // 2:
        powers.append(_dot(powers[-1], A2))
    odd = functools.reduce(lambda x, y: x + y, [b[2 * i + 1] * powers[i]
                                                for i in range(order // 2 + 1)])
    even = functools.reduce(lambda x, y: x + y, [b[2 * i] * powers[i]
                                                 for i in range(order // 2 + 1)])
    return _dot(A, odd), even


def _expm_2d(A, upper_triangular, max_squarings):
    real = mat.real_dtype(A.dtype)
    conds, orders, maxnorm = _THETA[np.dtype(np.float64) if real == np.float64 else
                                    np.dtype(np.float32)]
    A_L1 = jnp_linalg.norm(A, 1)
    n_squarings = jnp.maximum(0, jnp.floor(jnp.log2(A_L1 / maxnorm)))
    scaled = A / (2 ** n_squarings).astype(A.dtype)
    index = jnp.sum(A_L1 >= jnp.asarray(conds, real)).astype(np.int32)
    U, V = lax.switch(index, [functools.partial(_pade, k) for k in orders], scaled)
    P, Q = U + V, V - U

    def compute(operands):
        P_, Q_ = operands
        if upper_triangular:
            R = lax_linalg.triangular_solve(Q_, P_, left_side=True, lower=False)
        else:
            R = jnp_linalg.solve(Q_, P_)

        def square(R_, i):
            return lax.cond(i < n_squarings, lambda x: _dot(x, x), lambda x: x, R_), None
        R, _ = lax.scan(square, R, jnp.arange(max_squarings, dtype=n_squarings.dtype))
        return R

    def nan(operands):
        return jnp.full_like(operands[0], np.nan)
    return lax.cond(n_squarings > max_squarings, nan, compute, (P, Q))


def expm(A, *, upper_triangular=False, max_squarings=16):
    """The matrix exponential (NaNs when more than max_squarings squarings are needed)."""
    A, = promote_inexact("jax.scipy.linalg.expm", A)
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise ValueError(f"Expected A to be a (batched) square matrix, got A.shape={A.shape!r}.")
    if mat.real_dtype(A.dtype) not in (np.float32, np.float64):
        raise TypeError(f"A.dtype={A.dtype} is not supported.")
    fun = functools.partial(_expm_2d, upper_triangular=bool(upper_triangular),
                            max_squarings=int(max_squarings))
    return _map_leading(fun, (2,), A)


def expm_frechet(A, E, *, method=None, compute_expm=True):
    """(expm(A), the Fréchet derivative of expm at A in direction E), or the latter alone."""
    from ..transforms.jvp import jvp
    A_arr, E_arr = jnp.asarray(A), jnp.asarray(E)
    if A_arr.ndim < 2 or A_arr.shape[-2] != A_arr.shape[-1]:
        raise ValueError(f"expected A to be a (batched) square matrix, got A.shape={A_arr.shape}")
    if E_arr.ndim < 2 or E_arr.shape[-2] != E_arr.shape[-1]:
        raise ValueError(f"expected E to be a (batched) square matrix, got E.shape={E_arr.shape}")
    if A_arr.shape != E_arr.shape:
        raise ValueError("expected A and E to be the same shape, got "
                         f"A.shape={A_arr.shape} E.shape={E_arr.shape}")
    A_arr, E_arr = promote_inexact("jax.scipy.linalg.expm_frechet", A_arr, E_arr)
    expm_A, frechet = jvp(functools.partial(expm, upper_triangular=False, max_squarings=16),
                          (A_arr,), (E_arr,))
    return (expm_A, frechet) if compute_expm else frechet


# --- Schur-based functions ---------------------------------------------------------------------

def _superdiagonal(p, n):
    i = np.arange(n - p)
    return i, i + p


def _rows_cols_between(F_or_T_rows, G_cols, i, j, n):
    """Σ_{i<k<j} rows[i, k] · cols[k, j] for the index vectors i, j (one entry each)."""
    k = np.arange(n)
    mask = (k[None, :] > i[:, None]) & (k[None, :] < j[:, None])
    terms = F_or_T_rows[i, :] * jnp.transpose(G_cols[:, j])
    return jnp.sum(jnp.where(mask, terms, jnp.zeros((), terms.dtype)), axis=-1)


def _sqrtm_triu(T):
    n = T.shape[0]
    d = jnp.sqrt(jnp.diagonal(T))
    U = jnp.diag(d)
    for p in range(1, n):
        i, j = _superdiagonal(p, n)
        s = _rows_cols_between(U, U, i, j, n)
        t = T[i, j]
        value = jnp.where(t == s, jnp.zeros((), T.dtype), (t - s) / (d[i] + d[j]))
        U = U.at[i, j].set(value)
    return U


def sqrtm(A, blocksize=1):
    """A square root of A (through the complex Schur form; complex result)."""
    if blocksize > 1:
        raise NotImplementedError("Blocked version is not implemented yet.")
    A, = promote_inexact("jax.scipy.linalg.sqrtm", A)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"sqrtm: expected a square matrix, got shape {A.shape}")
    from .linalg import schur
    T, Z = schur(A, output="complex")
    return _dot(_dot(Z, _sqrtm_triu(T)), jnp.conj(Z.T))


def _rsf2csf_2d(T, Z):
    n = T.shape[0]
    if n == 1:
        return T, Z
    eps = float(dtypes.finfo(T.dtype).eps)
    for m in range(n - 1, 0, -1):
        def update(TZ, m=m):
            T_, Z_ = TZ
            block = T_[m - 1:m + 1, m - 1:m + 1]
            mu = lax_linalg.eig(block, compute_left_eigenvectors=False,
                                compute_right_eigenvectors=False)[0] - T_[m, m]
            r = jnp.sqrt(jnp.abs(mu[0]) ** 2 + jnp.abs(T_[m, m - 1]) ** 2).astype(T_.dtype)
            c, s = mu[0] / r, T_[m, m - 1] / r
            G = jnp.stack([jnp.stack([jnp.conj(c), s]), jnp.stack([-s, c])])
            GH = jnp.conj(G.T)
            T_ = T_.at[m - 1:m + 1, m - 1:].set(_dot(G, T_[m - 1:m + 1, m - 1:]))
            T_ = T_.at[:m + 1, m - 1:m + 1].set(_dot(T_[:m + 1, m - 1:m + 1], GH))
            Z_ = Z_.at[:, m - 1:m + 1].set(_dot(Z_[:, m - 1:m + 1], GH))
            return T_, Z_
        big = jnp.abs(T[m, m - 1]) > eps * (jnp.abs(T[m - 1, m - 1]) + jnp.abs(T[m, m]))
        T, Z = lax.cond(big, update, lambda TZ: TZ, (T, Z))
        T = T.at[m, m - 1].set(0)
    return T, Z


def rsf2csf(T, Z, check_finite=True):
    """The complex Schur form (T, Z) from the real one: 2x2 diagonal blocks are split by
    unitary rotations."""
    T_arr, Z_arr = jnp.asarray(T), jnp.asarray(Z)
    if T_arr.ndim < 2 or T_arr.shape[-1] != T_arr.shape[-2]:
        raise ValueError("Input 'T' must be square.")
    if Z_arr.ndim < 2 or Z_arr.shape[-1] != Z_arr.shape[-2]:
        raise ValueError("Input 'Z' must be square.")
    if T_arr.shape[-1] != Z_arr.shape[-1]:
        raise ValueError(f"Input array shapes must match: Z: {Z_arr.shape} vs. T: {T_arr.shape}")
    T_arr, Z_arr = promote_inexact("rsf2csf", T_arr, Z_arr)
    cdtype = mat.complex_dtype(T_arr.dtype)
    T_arr, Z_arr = T_arr.astype(cdtype), Z_arr.astype(cdtype)
    return _map_leading(_rsf2csf_2d, (2, 2), T_arr, Z_arr)


def _parlett(F, T):
    """Fill the strict upper triangle of F = f(T) for upper-triangular T (Parlett's
    recurrence, one superdiagonal at a time); also the smallest |T_jj - T_ii| met."""
    n = T.shape[0]
    minden = jnp.abs(T[0, 0])
    for p in range(1, n):
        i, j = _superdiagonal(p, n)
        s = T[i, j] * (F[j, j] - F[i, i]) + _rows_cols_between(T, F, i, j, n) \
            - _rows_cols_between(F, T, i, j, n)
        den = T[j, j] - T[i, i]
        s = jnp.where(den != 0, s / jnp.where(den != 0, den, jnp.ones((), den.dtype)), s)
        F = F.at[i, j].set(s)
        minden = jnp.minimum(minden, jnp.min(jnp.abs(den)))
    return F, minden


def funm(A, func, disp=True):
    """f(A) for a scalar function f applied through the Schur form (Schur-Parlett); with
    disp=False also an estimate of the relative error."""
    from .linalg import schur
    A_arr = jnp.asarray(A)
    if A_arr.ndim != 2 or A_arr.shape[0] != A_arr.shape[1]:
        raise ValueError("expected square array_like input")
    T, Z = schur(A_arr)
    T, Z = rsf2csf(T, Z)
    F = jnp.diag(jnp.asarray(func(jnp.diagonal(T)))).astype(T.dtype)
    F, minden = _parlett(F, T)
    F = _dot(_dot(Z, F), jnp.conj(Z.T))
    if disp:
        return F
    tol = float(dtypes.finfo(np.float32 if F.dtype == np.complex64 else np.float64).eps)
    minden = jnp.where(minden == 0.0, tol, minden)
    err = jnp.where(jnp.any(jnp.isinf(F)), np.inf,
                    jnp.minimum(1, jnp.maximum(tol, (tol / minden) *
                                               jnp_linalg.norm(mat.triu(T, 1), 1))))
    return F, err


# --- polar, Sylvester, tridiagonal eigenproblem -------------------------------------------------

def _polar_2d(a, side, method, eps, max_iterations):
    m, n = a.shape
    if method == "qdwh":
        if m >= n and side == "right":
            unitary, posdef, _, _ = lax_linalg.qdwh(a, is_hermitian=False, eps=eps,
                                                    max_iterations=max_iterations)
        elif m < n and side == "left":
            unitary, posdef, _, _ = lax_linalg.qdwh(jnp.conj(a.T), is_hermitian=False, eps=eps,
                                                    max_iterations=max_iterations)
            unitary, posdef = jnp.conj(unitary.T), jnp.conj(posdef.T)
        else:
            raise NotImplementedError(
                "method='qdwh' only supports mxn matrices where m >= n with side='right' and "
                f"m < n with side='left', got {a.shape} with side={side!r}")
    elif method == "svd":
        u, s, vh = lax_linalg.svd(a, full_matrices=False)
        s = s.astype(u.dtype)
        unitary = _dot(u, vh)
        if side == "right":
            posdef = _dot(jnp.conj(vh.T) * s[None, :], vh)
        else:
            posdef = _dot(u * s[None, :], jnp.conj(u.T))
    else:
        raise ValueError(f"Unknown polar decomposition method {method}.")
    return unitary, posdef


def polar(a, side="right", *, method="qdwh", eps=None, max_iterations=None):
    """(u, p): a = u p (side='right', p (n, n)) or a = p u ('left', p (m, m)), u with
    orthonormal columns/rows and p Hermitian positive semi-definite."""
    arr, = promote_inexact("jax.scipy.linalg.polar", a)
    if arr.ndim < 2:
        raise ValueError("The input `a` must be at least a 2-D array.")
    if side not in ("right", "left"):
        raise ValueError("The argument `side` must be either 'right' or 'left'.")
    fun = functools.partial(_polar_2d, side=side, method=method, eps=eps,
                            max_iterations=max_iterations)
    return _map_leading(fun, (2,), arr)


def _triangular_sylvester(R, S_lower, F):
    """Y with R Y + Y S_lower = F (R upper, S_lower lower triangular), column by column from
    the last: (R + S_jj I) Y_j = F_j - Σ_{k>j} Y_k S_kj."""
    m, n = F.shape
    cols = [None] * n
    ident = jnp.eye(m, dtype=R.dtype)
    for j in range(n - 1, -1, -1):
        rhs = F[:, j]
        for k in range(j + 1, n):
            rhs = rhs - cols[k] * S_lower[k, j]
        cols[j] = lax_linalg.triangular_solve(R + S_lower[j, j] * ident, rhs, left_side=True,
                                              lower=False)
    return jnp.stack(cols, axis=1) if n else jnp.zeros((m, 0), F.dtype)


def _solve_sylvester_2d(A, B, C, method, tol):
    from .linalg import inv, schur, solve
    m, n = C.shape
    if method == "schur":
        R, U = schur(A, output="complex")
        S, V = schur(jnp.conj(B.T), output="complex")
        F = _dot(_dot(jnp.conj(U.T), C.astype(R.dtype)), V)
        Y = _triangular_sylvester(R, jnp.conj(S.T), F)
        X = _dot(_dot(U, Y), jnp.conj(V.T))
    elif method == "eigen":
        RA, UA = jnp_linalg.eig(A)
        RB, UB = jnp_linalg.eig(B)
        F = solve(UA, _dot(C.astype(RA.dtype), UB))
        Y = F / (RA[:, None] + RB[None, :])
        X = _dot(_dot(UA[:m, :m], Y[:m, :n]), inv(UB)[:n, :n])
    else:
        raise ValueError(f'Unrecognized method {method}. The two valid methods are either '
                         '"schur" or "eigen".')
    if C.dtype.kind != "c":
        X = jnp.real(X)
    close = jnp.any(jnp.abs(jnp_linalg.eigvals(A)[:, None] + jnp_linalg.eigvals(B)[None, :])
                    < tol)
    return jnp.where(close, jnp.full_like(X, np.nan), X)


def solve_sylvester(A, B, C, *, method="schur", tol=1e-8):
    """X with A X + X B = C (NaNs when A and -B share an eigenvalue within tol)."""
    A, B, C = promote_inexact("jax.scipy.linalg.solve_sylvester", A, B, C)
    m, n = C.shape[-2:]
    if A.shape[-2:] != (m, m) or B.shape[-2:] != (n, n):
        raise ValueError(f"Incompatible shapes for Sylvester equation:\nA: {A.shape}\n"
                         f"B: {B.shape}\nC: {C.shape}")
    batch = np.broadcast_shapes(A.shape[:-2], B.shape[:-2], C.shape[:-2])
    A, B, C = (jnp.broadcast_to(x, batch + x.shape[-2:]) for x in (A, B, C))
    fun = functools.partial(_solve_sylvester_2d, method=method, tol=tol)
    return _map_leading(fun, (2, 2, 2), A, B, C)


def eigh_tridiagonal(d, e, *, eigvals_only=False, select="a", select_range=None, tol=None,
                     key=None):
    """Eigenvalues (ascending; and eigenvectors as columns) of the Hermitian tridiagonal
    matrix with diagonal d and off-diagonal e; select='i' keeps indices select_range[0]
    through select_range[1] inclusive."""
    alpha, beta = jnp.asarray(d), jnp.asarray(e)
    if alpha.dtype != beta.dtype:
        raise TypeError("diagonal and off-diagonal values must have same dtype, got "
                        f"{alpha.dtype} and {beta.dtype}")
    supported = (np.float32, np.float64, np.complex64, np.complex128)
    if alpha.dtype not in supported:
        raise TypeError("Only float32 and float64 inputs are supported as inputs to "
                        "jax.scipy.linalg.eigh_tridiagonal, got "
                        f"{alpha.dtype} and {beta.dtype}")
    n = alpha.shape[0]
    if alpha.ndim != 1 or beta.shape != (max(n - 1, 0),):
        raise ValueError(f"eigh_tridiagonal: d must be 1-D and e one shorter, got shapes "
                         f"{alpha.shape} and {beta.shape}")
    if n <= 1:
        w = jnp.real(alpha)
        return w if eigvals_only else (w, jnp.eye(n, dtype=alpha.dtype))
    if select == "a":
        lo, hi = 0, n
    elif select == "i":
        if select_range is None:
            raise ValueError("for select='i', select_range must be specified.")
        if select_range[0] > select_range[1]:
            raise ValueError("Got empty index range in select_range.")
        lo, hi = int(select_range[0]), int(select_range[1]) + 1
    elif select == "v":
        raise NotImplementedError("eigh_tridiagonal(..., select='v') is not implemented")
    else:
        raise ValueError("'select must have a value in {'a', 'i', 'v'}.")
    tri = jnp.diag(alpha) + jnp.diag(beta, 1) + jnp.diag(jnp.conj(beta), -1)
    v, w = lax_linalg.eigh(tri, symmetrize_input=False, lower=False,
                           subset_by_index=None if (lo, hi) == (0, n) else (lo, hi))
    return w if eigvals_only else (w, v)

