"""wax.lax.linalg: JAX's lax.linalg names: the linear-algebra primitives, their wrappers
(with JAX's signatures), the algorithm enums, and qdwh (the QR-based dynamically weighted
Halley iteration for the polar decomposition, a composition of qr, cholesky and
triangular_solve)."""
from __future__ import annotations

import numpy as np

from ..primitives.linalg import *  # noqa: F401,F403
from ..primitives.linalg import __all__ as _factorizations
from ..primitives.linalg import cholesky, qr
from ..primitives.linalg_extra import *  # noqa: F401,F403
from ..primitives.linalg_extra import __all__ as _extra
from ..primitives.linalg_solve import *  # noqa: F401,F403
from ..primitives.linalg_solve import __all__ as _solvers
from ..primitives.linalg_solve import triangular_solve

__all__ = list(_factorizations) + list(_solvers) + list(_extra) + ["qdwh"]

_CHOLESKY_CUTOFF = 100  # above this c, the Cholesky update is too ill-conditioned: use QR


def _weights(eps: float, max_iterations: int):
    """The dynamically weighted Halley coefficients (a, b, c), from the lower bound eps of
    the scaled matrix's smallest singular value, until that bound reaches 1."""
    l, tol_l = eps, 5 * eps
    out = []
    while l + tol_l < 1 and len(out) < max_iterations:
        l2 = l * l
        dd = (4 * (1 / l2 - 1) / l2) ** (1 / 3)
        sqd = (1 + dd) ** 0.5
        a = sqd + (2 - dd + 2 * (2 - l2) / (l2 * sqd)) ** 0.5
        b = (a - 1) ** 2 / 4
        c = a + b - 1
        l = l * (a + b * l2) / (1 + c * l2)
        out.append((a, b, c))
    return out


def _qr_step(u, a, b, c):
    # u ← (b/c) u + (a - b/c)/√c · Q1 Q2ᴴ with [√c u; I] = [Q1; Q2] R.
    from .. import numpy as jnp
    m, n = u.shape
    e = b / c
    stacked = jnp.concatenate([np.sqrt(c) * u, jnp.eye(n, dtype=u.dtype)], axis=0)
    q, _ = qr(stacked, full_matrices=False)
    return e * u + ((a - e) / np.sqrt(c)) * (q[:m] @ jnp.conj(q[m:].T))


def _cholesky_step(u, a, b, c):
    # u ← (b/c) u + (a - b/c) u (c uᴴu + I)⁻¹, the inverse applied through its Cholesky factor.
    from .. import numpy as jnp
    n = u.shape[1]
    e = b / c
    z = c * (jnp.conj(u.T) @ u) + jnp.eye(n, dtype=u.dtype)
    y = cholesky(z, symmetrize_input=False)
    w = triangular_solve(y, u, left_side=False, lower=True, transpose_a=True, conjugate_a=True)
    w = triangular_solve(y, w, left_side=False, lower=True)
    return e * u + (a - e) * w


def qdwh(x, *, is_hermitian: bool = False, max_iterations=None, eps=None,
         dynamic_shape=None):
    """(u, h, num_iters, is_converged): the polar decomposition x = u h (x of shape (m, n),
    m >= n) by QR-based dynamically weighted Halley iteration."""
    from .. import numpy as jnp
    from ..control_flow import while_loop
    from ..core import dtypes
    if dynamic_shape is not None:
        raise NotImplementedError("qdwh: dynamic_shape is not supported by wax.")
    max_iterations = 10 if max_iterations is None else int(max_iterations)
    x = jnp.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"qdwh: x must be a matrix, got shape {x.shape}")
    m, n = x.shape
    if m < n:
        raise ValueError("The input matrix of shape M x N must have M >= N.")
    if eps is None:
        eps = float(dtypes.finfo(x.dtype).eps)
    one_norm = jnp.max(jnp.sum(jnp.abs(x), axis=0), initial=0)
    inf_norm = jnp.max(jnp.sum(jnp.abs(x), axis=1), initial=0)
    scale = jnp.where(one_norm == 0, 1, 1 / jnp.sqrt(one_norm * inf_norm))
    u = x * scale.astype(x.dtype)
    tol_norm = (5 * eps) ** (1 / 3)
    coefs = _weights(eps, max_iterations)
    not_converged = jnp.asarray(True)
    for a, b, c in coefs:
        if c > _CHOLESKY_CUTOFF:
            u = _qr_step(u, a, b, c)
        else:
            previous = u
            u = _cholesky_step(u, a, b, c)
            not_converged = jnp.linalg.norm(u - previous) > tol_norm

    def cond_fun(state):
        k, _, going = state
        return jnp.logical_and(going, k < max_iterations)

    def body_fun(state):
        k, u_, _ = state
        new = _cholesky_step(u_, 3.0, 1.0, 3.0)
        return k + 1, new, jnp.linalg.norm(new - u_) > tol_norm

    num_iters, u, not_converged = while_loop(
        cond_fun, body_fun, (jnp.asarray(len(coefs), np.int32), u, not_converged))
    u = 1.5 * u - 0.5 * (u @ (jnp.conj(u.T) @ u))
    h = jnp.conj(u.T) @ x
    h = (h + jnp.conj(h.T)) / 2
    return u, h, num_iters, jnp.logical_not(not_converged)
