"""wax.scipy.linalg on wax arrays, with JAX's semantics.

Decompositions and solvers (cholesky, cho_factor/cho_solve, lu, lu_factor/lu_solve, qr,
qr_multiply, svd, eigh, schur, hessenberg, solve, solve_triangular, det, inv) bind the
lax.linalg primitives; matrix functions (expm, expm_frechet, funm, sqrtm, polar,
rsf2csf, solve_sylvester, eigh_tridiagonal) are in linalg_functions.py and the
special-matrix constructors in linalg_matrices.py. SciPy's overwrite_*/check_finite
arguments are accepted and ignored, as in JAX (compiled code cannot check values).
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..lax import linalg as lax_linalg
from ..numpy import linalg as jnp_linalg
from ..numpy.linalg import promote_inexact, with_custom_jvp
from ..primitives import linalg_util as mat
from ..primitives.linalg_solve import lu_solve as _lu_solve_core
from .linalg_functions import (eigh_tridiagonal, expm, expm_frechet, funm, polar, rsf2csf,
                               solve_sylvester, sqrtm)
from .linalg_matrices import (block_diag, circulant, companion, convolution_matrix, dft,
                              fiedler, fiedler_companion, hadamard, hankel, helmert, hilbert,
                              invhilbert, invpascal, leslie, pascal, toeplitz)

__all__ = ["block_diag", "cho_factor", "cho_solve", "cholesky", "circulant", "companion",
           "convolution_matrix", "det", "dft", "eigh", "eigh_tridiagonal", "expm",
           "expm_frechet", "fiedler", "fiedler_companion", "funm", "hadamard", "hankel",
           "helmert", "hessenberg", "hilbert", "inv", "invhilbert", "invpascal", "leslie", "lu",
           "lu_factor", "lu_solve", "pascal", "polar", "qr", "qr_multiply", "rsf2csf", "schur",
           "solve", "solve_sylvester", "solve_triangular", "sqrtm", "svd", "toeplitz"]


def _square(fun_name, a, what="a"):
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{fun_name}: {what} must be a (batch of) square matrices, got shape "
                         f"{a.shape} (dtype {a.dtype.name}).")


def _vector_or_matrix_rhs(fun_name, a, b):
    """'vector' or 'matrix': how b is read against the square a (SciPy/JAX rules), with
    JAX's FutureWarning for the deprecated batched-vector reading."""
    if b.ndim == 1:
        return "vector"
    if a.ndim == b.ndim + 1 and a.shape[-1] == b.shape[-1]:
        warnings.warn(f"jax.scipy.linalg.{fun_name}: batched 1D solves with b.ndim > 1 are "
                      "deprecated, and in the future will be treated as a batched 2D solve. "
                      f"Use {fun_name}(..., b[..., None]).squeeze(-1) to avoid this warning.",
                      category=FutureWarning, stacklevel=3)
        return "vector"
    return "matrix"


def _map_solve(fun_name, solve_core, a, b, *extra):
    """solve_core(a, b_matrix, *extra) with a's and b's batch dimensions broadcast, b read
    as a vector or a matrix; extra arguments have a's batch dims plus `core` dims."""
    kind = _vector_or_matrix_rhs(fun_name, a, b)
    if kind == "vector":
        b = b[..., None]
    if b.shape[-2] != a.shape[-1]:
        raise ValueError(f"{fun_name}: incompatible shapes a={a.shape} and "
                         f"b={b.shape[:-1] if kind == 'vector' else b.shape}: b's rows must "
                         f"equal a's size {a.shape[-1]}")
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = jnp.broadcast_to(a, batch + a.shape[-2:])
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    extra = [jnp.broadcast_to(e, batch + e.shape[e.ndim - k:]) for e, k in extra]
    x = solve_core(a, b, *extra)
    return x[..., 0] if kind == "vector" else x


# --- Cholesky ------------------------------------------------------------------------------

def cholesky(a, lower=False, overwrite_a=False, check_finite=True):
    """The Cholesky factor: upper U (a = Uᴴ U) by default, lower L with lower=True; only the
    triangle asked for is read."""
    a, = promote_inexact("jax.scipy.linalg.cholesky", a)
    _square("cholesky", a)
    factor = lax_linalg.cholesky(a if lower else mat.mH(a), symmetrize_input=False)
    return factor if lower else mat.mH(factor)


def cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    """(c, lower): the Cholesky factor for cho_solve."""
    return cholesky(a, lower=lower), lower


def _cho_solve_core(c, b, lower):
    b = lax_linalg.triangular_solve(c, b, left_side=True, lower=lower, transpose_a=not lower,
                                    conjugate_a=not lower)
    return lax_linalg.triangular_solve(c, b, left_side=True, lower=lower, transpose_a=lower,
                                       conjugate_a=lower)


def cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    """x with A x = b, given cho_factor(A)."""
    c, lower = c_and_lower
    c, b = promote_inexact("jax.scipy.linalg.cho_solve", c, b)
    _square("cho_solve", c, "c")
    return _map_solve("cho_solve", lambda c_, b_: _cho_solve_core(c_, b_, lower), c, b)


# --- LU ---------------------------------------------------------------------------------------

def lu_factor(a, overwrite_a=False, check_finite=True):
    """(lu, piv): the packed LU factors and LAPACK's 0-based row swaps."""
    a, = promote_inexact("jax.scipy.linalg.lu_factor", a)
    lu_, pivots, _ = lax_linalg.lu(a)
    return lu_, pivots


def lu_solve(lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    """x with A x = b (trans 0), Aᵀ x = b (1) or Aᴴ x = b (2), given lu_factor(A)."""
    lu_, pivots = lu_and_piv
    lu_, b = promote_inexact("jax.scipy.linalg.lu_solve", lu_, b)
    _square("lu_solve", lu_, "lu")
    if trans not in (0, 1, 2):
        raise ValueError(f"'trans' value must be 0, 1, or 2, got {trans}")
    perm = lax_linalg.lu_pivots_to_permutation(jnp.asarray(pivots), lu_.shape[-2])
    return _map_solve("lu_solve", lambda l_, b_, p_: _lu_solve_core(l_, p_, b_, trans), lu_, b,
                      (perm, 1))


def lu(a, permute_l=False, overwrite_a=False, check_finite=True):
    """(p, l, u) with a = p @ l @ u, or (p @ l, u) when permute_l."""
    a, = promote_inexact("jax.scipy.linalg.lu", a)
    if a.ndim < 2:
        raise ValueError(f"jax.scipy.linalg.lu: a must be at least 2-D, got shape {a.shape}")
    lu_, _, permutation = lax_linalg.lu(a)
    m, n = a.shape[-2:]
    k = min(m, n)
    rows = lax.broadcasted_iota(np.int32, a.shape[:-2] + (m, m), a.ndim - 2)
    p = lax.convert_element_type(lax.eq(lax.broadcast_in_dim(permutation, rows.shape,
                                                             tuple(range(a.ndim - 2)) +
                                                             (a.ndim - 1,)), rows),
                                 mat.real_dtype(a.dtype))
    l_ = lax.add(mat.tril(lu_, -1)[..., :, :k], mat.eye(a.dtype, a.shape[:-2] + (m, k)))
    u_ = mat.triu(lu_)[..., :k, :]
    if permute_l:
        return jnp.matmul(p, l_), u_
    return p, l_, u_


# --- QR and SVD -------------------------------------------------------------------------------

def qr(a, overwrite_a=False, lwork=None, mode="full", pivoting=False, check_finite=True):
    """(q, r) ('full', 'economic'), (r,) ('r'), plus the column permutation when pivoting."""
    if mode in ("full", "r"):
        full_matrices = True
    elif mode == "economic":
        full_matrices = False
    else:
        raise ValueError(f"Unsupported QR decomposition mode '{mode}'")
    a, = promote_inexact("jax.scipy.linalg.qr", a)
    if a.ndim < 2:
        raise ValueError(f"jax.scipy.linalg.qr: a must be at least 2-D, got shape {a.shape}")
    q, r, *p = lax_linalg.qr(a, pivoting=pivoting, full_matrices=full_matrices)
    if mode == "r":
        return (r, p[0]) if pivoting else (r,)
    return (q, r, p[0]) if pivoting else (q, r)


def qr_multiply(a, c, mode="right", pivoting=False, conjugate=False, overwrite_a=False,
                overwrite_c=False):
    """(Q @ c ('left') or c @ Q ('right'), r[, p]) for the economic QR of a; conjugate
    uses conj(Q)."""
    a, c = promote_inexact("jax.scipy.linalg.qr_multiply", a, c)
    if mode not in ("right", "left"):
        raise ValueError(f"mode must be 'right' or 'left', got {mode!r}")
    onedim = c.ndim == 1
    if onedim:
        c = c[:, None] if mode == "left" else c[None, :]
    m, n = a.shape[-2:]
    k = min(m, n)
    if mode == "left" and c.shape[-2] != k:
        raise ValueError(f"Array shapes are not compatible for Q @ c operation: a has shape "
                         f"{tuple(a.shape)} so Q has {k} columns, but c has {c.shape[-2]} rows "
                         f"(expected {k}).")
    if mode == "right" and c.shape[-1] != m:
        raise ValueError(f"Array shapes are not compatible for c @ Q operation: a has shape "
                         f"{tuple(a.shape)} so Q has {m} rows, but c has {c.shape[-1]} columns "
                         f"(expected {m}).")
    batch = np.broadcast_shapes(a.shape[:-2], c.shape[:-2])
    a = jnp.broadcast_to(a, batch + a.shape[-2:])
    c = jnp.broadcast_to(c, batch + c.shape[-2:])
    q, r, *p = lax_linalg.qr(a, pivoting=pivoting, full_matrices=False)
    if conjugate and q.dtype.kind == "c":
        q = lax.conj(q)
    cq = jnp.matmul(q, c) if mode == "left" else jnp.matmul(c, q)
    if onedim:
        cq = cq.ravel()
    r = mat.triu(r)
    return (cq, r, p[0]) if pivoting else (cq, r)


def svd(a, full_matrices=True, compute_uv=True, overwrite_a=False, check_finite=True,
        lapack_driver="gesdd"):
    """(u, s, vh) or s (descending)."""
    a, = promote_inexact("jax.scipy.linalg.svd", a)
    if a.ndim < 2:
        raise ValueError(f"jax.scipy.linalg.svd: a must be at least 2-D, got shape {a.shape}")
    return lax_linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)


# --- eigenproblems and reductions -------------------------------------------------------------

def eigh(a, b=None, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False,
         turbo=True, eigvals=None, type=1, check_finite=True):
    """(w, v) (or w when eigvals_only) for a Hermitian a; only the standard problem (b=None,
    type=1, eigvals=None) is supported, as in JAX."""
    if b is not None:
        raise NotImplementedError("Only the b=None case of eigh is implemented")
    if type != 1:
        raise NotImplementedError("Only the type=1 case of eigh is implemented.")
    if eigvals is not None:
        raise NotImplementedError("Only the eigvals=None case of eigh is implemented.")
    a, = promote_inexact("jax.scipy.linalg.eigh", a)
    _square("eigh", a)
    v, w = lax_linalg.eigh(a, lower=lower)
    return w if eigvals_only else (w, v)


def schur(a, output="real"):
    """(T, Z) with a = Z T Zᴴ; output='complex' gives the triangular complex form."""
    if output not in ("real", "complex"):
        raise ValueError(f"Expected 'output' to be either 'real' or 'complex', got "
                         f"output={output!r}.")
    a, = promote_inexact("jax.scipy.linalg.schur", a)
    _square("schur", a)
    if output == "complex":
        a = lax.convert_element_type(a, mat.complex_dtype(a.dtype))
    return lax_linalg.schur(a)


def hessenberg(a, *, calc_q=False, overwrite_a=False, check_finite=True):
    """The upper Hessenberg form h of a (and q with a = q h qᴴ when calc_q)."""
    a, = promote_inexact("jax.scipy.linalg.hessenberg", a)
    _square("hessenberg", a)
    n = a.shape[-1]
    if n == 0:
        return (jnp.zeros_like(a), jnp.zeros_like(a)) if calc_q else jnp.zeros_like(a)
    out, taus = lax_linalg.hessenberg(a)
    h = mat.triu(out, -1)
    if not calc_q:
        return h
    q = lax_linalg.householder_product(out[..., 1:, :-1], taus)
    nb = a.ndim - 2
    q = lax.pad(q, np.array(0, a.dtype), [(0, 0, 0)] * nb + [(1, 0, 0), (1, 0, 0)])
    corner = mat.core_mask(q.shape, lambda r, c: (r == 0) & (c == 0))
    return h, lax.select(corner, lax.full_like(q, 1), q)


# --- solvers ---------------------------------------------------------------------------------

def _check_solve_shapes(a, b):
    if not (a.ndim >= 2 and b.ndim in (a.ndim, a.ndim - 1)
            and a.shape[-1] == a.shape[-2] == b.shape[a.ndim - 2]):
        raise ValueError("The arguments to solve must have shapes a=[..., m, m] and "
                         f"b=[..., m, k] or b=[..., m]; got a={a.shape} and b={b.shape}")


def _pos_solve_core(a, b, lower):
    factor = cholesky(a, lower=lower)
    return _cho_solve_core(factor, b, lower)


def _pos_solve_rule(lower, primals, tangents):
    a, b = primals
    da, db = tangents
    factor = cholesky(a, lower=lower)
    x = _cho_solve_core(factor, b, lower)
    return x, _cho_solve_core(factor, lax.sub(db, mat.matmul(da, x)), lower)


_pos_solve = with_custom_jvp(_pos_solve_core, _pos_solve_rule, nondiff_argnums=(2,))


def solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, debug=False,
          check_finite=True, assume_a="gen"):
    """x with a x = b; assume_a='pos' uses a Cholesky factorization of one triangle."""
    valid = ["gen", "sym", "her", "pos"]
    if assume_a not in valid:
        raise ValueError(f"Expected assume_a to be one of {valid}; got {assume_a!r}")
    if assume_a != "pos":
        return jnp_linalg.solve(a, b)
    a, b = promote_inexact("jax.scipy.linalg.solve", a, b)
    _check_solve_shapes(a, b)
    vector = a.ndim == b.ndim + 1
    x = _pos_solve(a, b[..., None] if vector else b, bool(lower))
    return x[..., 0] if vector else x


def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                     debug=None, check_finite=True):
    """x with op(a) x = b for triangular a; trans 0/'N', 1/'T' (transpose), 2/'C'
    (conjugate transpose)."""
    if trans in (0, "N"):
        transpose_a, conjugate_a = False, False
    elif trans in (1, "T"):
        transpose_a, conjugate_a = True, False
    elif trans in (2, "C"):
        transpose_a, conjugate_a = True, True
    else:
        raise ValueError(f"Invalid 'trans' value {trans}")
    a, b = promote_inexact("jax.scipy.linalg.solve_triangular", a, b)
    _square("solve_triangular", a)

    def core(a_, b_):
        return lax_linalg.triangular_solve(a_, b_, left_side=True, lower=lower,
                                           transpose_a=transpose_a, conjugate_a=conjugate_a,
                                           unit_diagonal=unit_diagonal)
    return _map_solve("solve_triangular", core, a, b)


def det(a, overwrite_a=False, check_finite=True):
    """The determinant of each square matrix."""
    return jnp_linalg.det(a)


def inv(a, overwrite_a=False, check_finite=True):
    """The inverse of each square matrix."""
    return jnp_linalg.inv(a)
