"""wax.scipy.optimize: minimize with method="BFGS", as JAX's.

The whole optimization is one `while_loop` (so `jit(minimize)` and `vmap` over starting
points work); each iteration takes a line search satisfying the strong Wolfe conditions
(Nocedal & Wright, Numerical Optimization, algorithms 3.5 and 3.6, itself one
while_loop that first brackets, then zooms) and the BFGS update of the inverse Hessian.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..primitives.elementwise import convert_element_type_p
from ..transforms.grad import value_and_grad


class OptimizeResults(NamedTuple):
    """The result of minimize: x, success, status (0 converged, 1 max iterations, 2 + the
    line search's status when it failed), fun, jac, hess_inv, nfev, njev, nit."""
    x: Any
    success: Any
    status: Any
    fun: Any
    jac: Any
    hess_inv: Any
    nfev: Any
    njev: Any
    nit: Any


class _Search(NamedTuple):
    """The line search's loop state: the bracket [lo, hi] once zooming, the best point."""
    i: Any             # trial points evaluated
    zooming: Any       # False while bracketing, True once [lo, hi] brackets a point
    done: Any
    failed: Any
    a_prev: Any        # bracketing: the previous trial step and its phi, dphi
    phi_prev: Any
    dphi_prev: Any
    a_lo: Any          # zooming: the end with the lowest phi, and the other end
    phi_lo: Any
    dphi_lo: Any
    a_hi: Any
    phi_hi: Any
    a_star: Any        # the accepted step, its value and gradient
    phi_star: Any
    g_star: Any


class _LineSearchResult(NamedTuple):
    failed: Any
    nfev: Any
    a: Any
    f: Any
    g: Any
    status: Any


def _line_search(value_grad, xk, pk, f0, g0, old_old_f, maxiter, c1=1e-4, c2=0.9):
    """A step a along pk with phi(a) <= phi(0) + c1 a phi'(0) and |phi'(a)| <= c2
    |phi'(0)|, where phi(a) = f(xk + a pk). status: 0 found, 1 the bracket collapsed or
    zooming took too long, 3 no bracket within maxiter steps."""
    dtype = xk.dtype
    real = f0.dtype
    dphi0 = jnp.real(jnp.dot(g0, pk))
    guess = 1.01 * 2 * (f0 - old_old_f) / dphi0
    first = jnp.where((guess > 0) & (guess < 1) & jnp.isfinite(guess), guess, 1.0).astype(real)
    zero = jnp.zeros((), real)
    false = jnp.asarray(False)
    state = _Search(i=jnp.asarray(0, np.int32), zooming=false, done=false, failed=false,
                    a_prev=zero, phi_prev=f0, dphi_prev=dphi0, a_lo=zero, phi_lo=f0,
                    dphi_lo=dphi0, a_hi=zero, phi_hi=f0, a_star=zero, phi_star=f0,
                    g_star=g0)
    limit = 2 * maxiter + 10
    tiny = 1e-5 if np.finfo(real).bits < 64 else 1e-10

    def sufficient_decrease(a, phi):
        return phi <= f0 + c1 * a * dphi0

    def curvature(dphi):
        return jnp.abs(dphi) <= -c2 * dphi0

    def trial_step(s):
        bracket_step = jnp.where(s.i == 0, first, 2 * s.a_prev)
        # Zoom: the minimizer of the quadratic through phi(lo), phi'(lo), phi(hi), kept
        # well inside the bracket, else its midpoint.
        width = s.a_hi - s.a_lo
        curvature_coef = (s.phi_hi - s.phi_lo - s.dphi_lo * width) / (width * width)
        quad = s.a_lo - s.dphi_lo / (2 * curvature_coef)
        low, high = jnp.minimum(s.a_lo, s.a_hi), jnp.maximum(s.a_lo, s.a_hi)
        margin = 0.1 * jnp.abs(width)
        usable = jnp.isfinite(quad) & (quad > low + margin) & (quad < high - margin)
        zoom_step = jnp.where(usable, quad, (s.a_lo + s.a_hi) / 2)
        return jnp.where(s.zooming, zoom_step, bracket_step).astype(real)

    def body(s):
        a = trial_step(s)
        phi, g = value_grad(xk + a.astype(dtype) * pk)
        phi = phi.astype(real)
        dphi = jnp.real(jnp.dot(g, pk)).astype(real)
        decrease = sufficient_decrease(a, phi)
        accept = decrease & curvature(dphi)

        # Bracketing (algorithm 3.5).
        worse = ~decrease | ((phi >= s.phi_prev) & (s.i > 0))
        uphill = ~worse & ~accept & (dphi >= 0)
        # worse: zoom on [prev, a]; uphill: zoom on [a, prev].
        b_lo = jnp.where(worse, s.a_prev, a)
        b_phi_lo = jnp.where(worse, s.phi_prev, phi)
        b_dphi_lo = jnp.where(worse, s.dphi_prev, dphi)
        b_hi = jnp.where(worse, a, s.a_prev)
        b_phi_hi = jnp.where(worse, phi, s.phi_prev)
        start_zoom = worse | uphill

        # Zooming (algorithm 3.6).
        z_worse = ~decrease | (phi >= s.phi_lo)
        z_flip = ~z_worse & ~accept & (dphi * (s.a_hi - s.a_lo) >= 0)
        z_lo = jnp.where(z_worse, s.a_lo, a)
        z_phi_lo = jnp.where(z_worse, s.phi_lo, phi)
        z_dphi_lo = jnp.where(z_worse, s.dphi_lo, dphi)
        z_hi = jnp.where(z_worse, a, jnp.where(z_flip, s.a_lo, s.a_hi))
        z_phi_hi = jnp.where(z_worse, phi, jnp.where(z_flip, s.phi_lo, s.phi_hi))

        zooming = s.zooming
        done = accept & ~(zooming & z_worse) & ~(~zooming & worse)
        collapsed = zooming & (jnp.abs(z_hi - z_lo) <= tiny)
        return _Search(
            i=s.i + 1,
            zooming=zooming | start_zoom,
            done=done,
            failed=collapsed & ~done,
            a_prev=a, phi_prev=phi, dphi_prev=dphi,
            a_lo=jnp.where(zooming, z_lo, b_lo),
            phi_lo=jnp.where(zooming, z_phi_lo, b_phi_lo),
            dphi_lo=jnp.where(zooming, z_dphi_lo, b_dphi_lo),
            a_hi=jnp.where(zooming, z_hi, b_hi),
            phi_hi=jnp.where(zooming, z_phi_hi, b_phi_hi),
            a_star=jnp.where(done, a, s.a_star),
            phi_star=jnp.where(done, phi, s.phi_star),
            g_star=jnp.where(done, g, s.g_star))

    def keep_going(s):
        bracketing_left = s.zooming | (s.i < maxiter)
        return ~s.done & ~s.failed & (s.i < limit) & bracketing_left

    s = lax.while_loop(keep_going, body, state)
    no_bracket = ~s.done & ~s.failed & ~s.zooming
    status = jnp.where(s.done, 0, jnp.where(no_bracket, 3, 1)).astype(np.int32)
    return _LineSearchResult(failed=~s.done, nfev=s.i, a=s.a_star, f=s.phi_star,
                             g=s.g_star, status=status)


class _BFGS(NamedTuple):
    converged: Any
    failed: Any
    k: Any
    nfev: Any
    ngev: Any
    x: Any
    f: Any
    g: Any
    H: Any
    old_old_f: Any
    line_search_status: Any


def _norm(g, order):
    if order == np.inf:
        return jnp.max(jnp.abs(g))
    if order == -np.inf:
        return jnp.min(jnp.abs(g))
    return jnp.sum(jnp.abs(g) ** order) ** (1.0 / order)


def _minimize_bfgs(fun, x0, maxiter=None, norm=np.inf, gtol=1e-5, line_search_maxiter=10):
    x0 = jnp.asarray(x0)
    if x0.ndim != 1:
        raise ValueError(f"minimize with method='BFGS' needs a one-dimensional x0, got shape "
                         f"{x0.shape}")
    if maxiter is None:
        maxiter = int(np.size(x0)) * 200
    n = x0.shape[0]
    value_grad = value_and_grad(fun)
    f0, g0 = value_grad(x0)
    f0 = jnp.asarray(f0)
    if f0.shape != ():
        raise TypeError(f"minimize: fun must return a scalar, got shape {f0.shape}")
    eye = jnp.eye(n, dtype=x0.dtype)
    i32 = lambda v: jnp.asarray(v, np.int32)  # noqa: E731
    state = _BFGS(converged=_norm(g0, norm) < gtol, failed=jnp.asarray(False), k=i32(0),
                  nfev=i32(1), ngev=i32(1), x=x0, f=f0, g=g0, H=eye,
                  old_old_f=f0 + jnp.sqrt(jnp.sum(g0 * g0)) / 2, line_search_status=i32(0))

    def keep_going(s):
        return ~s.converged & ~s.failed & (s.k < maxiter)

    def body(s):
        p = -jnp.dot(s.H, s.g)
        search = _line_search(value_grad, s.x, p, s.f, s.g, s.old_old_f, line_search_maxiter)
        step = search.a.astype(x0.dtype) * p
        x_new = s.x + step
        y = search.g - s.g
        rho = 1.0 / jnp.dot(y, step)
        left = eye - rho * jnp.outer(step, y)
        h_new = left @ s.H @ left.T + rho * jnp.outer(step, step)
        h_new = jnp.where(jnp.isfinite(rho), h_new, s.H)
        return _BFGS(converged=_norm(search.g, norm) < gtol, failed=search.failed,
                     k=s.k + 1, nfev=s.nfev + search.nfev, ngev=s.ngev + search.nfev,
                     x=x_new, f=search.f, g=search.g, H=h_new, old_old_f=s.f,
                     line_search_status=search.status)

    s = lax.while_loop(keep_going, body, state)
    # Weakly typed, as JAX's (its status is built from Python integers).
    line_search_status = convert_element_type_p.bind(s.line_search_status,
                                                     new_dtype=np.dtype(np.int32),
                                                     weak_type=True)
    status = jnp.where(s.converged, 0, jnp.where(s.k == maxiter, 1,
                                                 jnp.where(s.failed, 2 + line_search_status,
                                                           -1)))
    return s, status


def minimize(fun, x0, args=(), *, method, tol=None, options=None):
    """Minimize fun(x, *args) over a one-dimensional x starting from x0.

    method: "BFGS" (the one JAX supports). options: maxiter (default 200 * x0.size),
    norm (of the gradient in the stopping test, default inf), gtol (default 1e-5),
    line_search_maxiter (default 10). tol is accepted and ignored, as in JAX.
    """
    if options is None:
        options = {}
    if not isinstance(args, tuple):
        raise TypeError(f"args argument to jax.scipy.optimize.minimize must be a tuple, got "
                        f"{args}")
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, got {method!r}")

    def fun_with_args(x):
        return fun(x, *args)

    if method.lower() == "bfgs":
        s, status = _minimize_bfgs(fun_with_args, x0, **options)
        return OptimizeResults(x=s.x, success=s.converged & ~s.failed, status=status,
                               fun=s.f, jac=s.g, hess_inv=s.H, nfev=s.nfev, njev=s.ngev,
                               nit=s.k)
    raise ValueError(f"Method {method} not recognized")


__all__ = ["OptimizeResults", "minimize"]
