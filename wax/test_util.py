"""wax.test_util.check_grads: numerical checks of derivatives, public as JAX's.

Forward mode compares the JVP along a random direction with a central difference along
the same direction; reverse mode checks <u, J^T v> against <J u, v> with J u a central
difference. Higher orders recurse on the derivative functions.
"""
from __future__ import annotations

import numpy as np

from .core import dtypes
from .core.tree import tree_flatten, tree_unflatten


def _default_eps(dtype):
    return {np.dtype(np.float64): 1e-4, np.dtype(np.complex128): 1e-4}.get(np.dtype(dtype),
                                                                          1e-2)


def _default_tol(dtype):
    return {np.dtype(np.float64): 1e-5, np.dtype(np.complex128): 1e-5}.get(np.dtype(dtype),
                                                                           2e-2)


def _random_like(x, rng):
    x = np.asarray(x)
    v = rng.standard_normal(x.shape)
    if x.dtype.kind == "c":
        v = v + 1j * rng.standard_normal(x.shape)
    return v.astype(x.dtype)


def _flat(tree, keep):
    """The leaves at positions `keep`, raveled into one complex128 vector."""
    leaves, _ = tree_flatten(tree)
    parts = [np.ravel(np.asarray(leaves[i])).astype(np.complex128) for i in keep]
    return np.concatenate(parts) if parts else np.zeros(0)


def _inexact_positions(tree):
    leaves, _ = tree_flatten(tree)
    return [i for i, x in enumerate(leaves)
            if dtypes.is_inexact(dtypes.dtype_and_weak(x)[0])]


EPS = 1e-4


def check_jvp(f, f_jvp, args, atol=None, rtol=None, eps=EPS, err_msg=""):
    """Assert f_jvp(args, tangents) (e.g. functools.partial(wax.jvp, f)) along a random
    direction matches a central difference of f (eps=None: a step suited to the dtype)."""
    _check_jvp(f, f_jvp, args, atol, rtol, eps, err_msg, seed=0)


def _check_jvp(f, f_jvp, args, atol, rtol, eps, err_msg, seed):
    import wax.numpy as jnp
    rng = np.random.default_rng(seed)
    args = tuple(jnp.asarray(a) for a in args)
    dtype = dtypes.result_type(*args)
    eps = eps or _default_eps(dtype)
    direction = tuple(jnp.asarray(_random_like(a, rng)) if dtypes.is_inexact(a.dtype)
                      else jnp.zeros(a.shape, dtypes.float0) for a in args)
    primal_out, tangent_out = f_jvp(args, direction)
    keep = _inexact_positions(primal_out)  # integer outputs have no tangent to compare
    shifted = [tuple(jnp.asarray(np.asarray(a) + s * eps * np.asarray(d).astype(a.dtype))
                     if dtypes.is_inexact(a.dtype) else a for a, d in zip(args, direction))
               for s in (1, -1)]
    with np.errstate(invalid="ignore"):  # inf - inf where the function is infinite
        numeric = (_flat(f(*shifted[0]), keep) - _flat(f(*shifted[1]), keep)) / (2 * eps)
    atol = _default_tol(dtype) if atol is None else atol
    rtol = _default_tol(dtype) if rtol is None else rtol
    # Where the function itself is not finite (an empty max, a nan input) there is no
    # finite difference to compare with.
    finite = np.isfinite(_flat(primal_out, keep))
    np.testing.assert_allclose(_flat(tangent_out, keep)[finite], numeric[finite], atol=atol,
                               rtol=rtol, err_msg=err_msg or
                               "JVP does not match the central difference")


def check_vjp(f, f_vjp, args, atol=None, rtol=None, eps=EPS, err_msg=""):
    """Assert <u, J^T v> == <J u, v> for random u, v, where J^T v comes from f_vjp(*args)
    (e.g. functools.partial(wax.vjp, f)) and J u is a central difference of f (not the
    JVP, so a consistent but wrong JVP/transpose pair still fails)."""
    _check_vjp(f, f_vjp, args, atol, rtol, eps, err_msg, seed=0)


def _check_vjp(f, f_vjp, args, atol, rtol, eps, err_msg, seed):
    import wax.numpy as jnp
    rng = np.random.default_rng(seed + 1)
    args = tuple(jnp.asarray(a) for a in args)
    dtype = dtypes.result_type(*args)
    eps = eps or _default_eps(dtype)
    out, pullback = f_vjp(*args)
    keep = _inexact_positions(out)
    out_leaves, out_tree = tree_flatten(out)
    # Output entries that are not finite (inf from an empty max, nan inputs) have no
    # finite difference: the random cotangent is zero there.
    v = [jnp.asarray(np.where(np.isfinite(np.asarray(x)), _random_like(x, rng), 0))
         if i in keep else jnp.zeros(np.shape(x), dtypes.float0)
         for i, x in enumerate(out_leaves)]
    # JAX's convention for complex values: the pullback of conj(v), conjugated, is J^H v.
    conj_v = [jnp.asarray(np.conj(np.asarray(x))) if dtypes.is_complex(x.dtype) else x
              for x in v]
    cts = [np.conj(np.asarray(c)) if np.asarray(c).dtype.kind == "c" else c
           for c in tree_flatten(pullback(tree_unflatten(out_tree, conj_v)))[0]]
    u = [_random_like(a, rng) if dtypes.is_inexact(a.dtype) else None for a in args]
    shifted = [tuple(jnp.asarray(np.asarray(a) + s * eps * d.astype(a.dtype))
                     if d is not None else a for a, d in zip(args, u)) for s in (1, -1)]
    with np.errstate(invalid="ignore"):
        ju = (_flat(f(*shifted[0]), keep) - _flat(f(*shifted[1]), keep)) / (2 * eps)
    lhs = sum(np.vdot(np.ravel(d).astype(np.complex128),
                      np.ravel(np.asarray(c)).astype(np.complex128))
              for d, c in zip(u, cts) if d is not None)
    v_flat = _flat(tree_unflatten(out_tree, v), keep)
    rhs = np.vdot(np.where(v_flat != 0, ju, 0), v_flat)
    atol = _default_tol(dtype) if atol is None else atol
    rtol = _default_tol(dtype) if rtol is None else rtol
    np.testing.assert_allclose(np.real(lhs), np.real(rhs), atol=atol, rtol=rtol,
                               err_msg=err_msg or "<u, J^T v> does not match <J u, v>")


def check_grads(f, args, order, modes=("fwd", "rev"), atol=None, rtol=None, eps=None):
    """Check derivatives of f at args numerically, to the given order."""
    from .transforms.grad import vjp
    from .transforms.jvp import jvp
    if "rev" in modes:
        _check_vjp(f, lambda *xs: vjp(f, *xs), args, atol, rtol, eps, "", seed=0)
        if order >= 2:

            def pulled_back(*xs):
                out, pullback = vjp(f, *xs)
                rng = np.random.default_rng(2)
                leaves, tree = tree_flatten(out)
                return pullback(tree_unflatten(tree, [_random_like(x, rng) for x in leaves]))
            check_grads(pulled_back, args, order - 1, modes=("rev",), atol=atol, rtol=rtol,
                        eps=eps)
    if "fwd" in modes:
        _check_jvp(f, lambda xs, ts: jvp(f, xs, ts), args, atol, rtol, eps, "", seed=0)
        if order >= 2:

            def first_derivative(*xs):
                rng = np.random.default_rng(1)
                direction = tuple(np.asarray(_random_like(x, rng)) for x in xs)
                return jvp(f, xs, direction)[1]
            check_grads(first_derivative, args, order - 1, modes=("fwd",), atol=atol,
                        rtol=rtol, eps=eps)
