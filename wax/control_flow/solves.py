"""custom_linear_solve and custom_root: solvers differentiated implicitly.

`custom_linear_solve(matvec, b, solve, transpose_solve)` is the primitive
`custom_linear_solve` carrying four constant-free Jaxprs (matvec, its transpose vecmat,
solve, transpose_solve) whose constants lead its operands. Its JVP solves the same
system for the tangent (db minus the tangent of matvec's constants applied to x), so the
solver is never differentiated; that tangent solve is linear in b, and its transpose is
a solve of the transposed system with transpose_solve. `custom_root` is built on it.
"""
from __future__ import annotations

from ..core.primitive import Primitive, register
from ..core.tree import tree_flatten, tree_unflatten
from ..transforms.batching import batch_jaxpr
from ..transforms.jvp import Zero, instantiate, jvp as jvp_fn
from .common import avals_of, run_inline, run_jaxpr, split_list, stage

__all__ = ["custom_linear_solve", "custom_root", "custom_linear_solve_p"]


def _impl(xp, *args, jaxprs, counts, n_x):
    groups = split_list(args, counts)
    return run_jaxpr(jaxprs[2], *groups[2], *groups[4])


def _abstract_eval(*avals, jaxprs, counts, n_x):
    return jaxprs[2].out_avals


def _bind(groups, b, jaxprs, counts, n_x):
    return custom_linear_solve_p.bind(*[c for g in groups for c in g], *b, jaxprs=jaxprs,
                                      counts=counts, n_x=n_x)


def _jvp(primals, tangents, *, jaxprs, counts, n_x):
    groups = split_list(primals, counts)
    t_groups = split_list(tangents, counts)
    b, t_b = groups[4], t_groups[4]
    outs = _bind(groups[:4], b, jaxprs, counts, n_x)
    x, aux = outs[:n_x], outs[n_x:]
    mv_jaxpr, mv_consts, t_mv = jaxprs[0], groups[0], t_groups[0]
    rhs = [instantiate(t) for t in t_b]
    if any(type(t) is not Zero for t in t_mv):
        _, d_ax = jvp_fn(lambda *c: run_inline(mv_jaxpr, [*c, *x]), list(mv_consts),
                         [instantiate(t) for t in t_mv])
        from ..primitives.elementwise import sub
        rhs = [sub(r, d) for r, d in zip(rhs, d_ax)]
    t_outs = _bind(groups[:4], rhs, jaxprs, counts, n_x)
    from ..primitives.families import zero_tangent_like
    return outs, [*t_outs[:n_x], *(zero_tangent_like(a) for a in aux)]


def _transpose(cts, *args, jaxprs, counts, n_x):
    from ..transforms.transpose import is_undefined
    groups = split_list(args, counts)
    if any(is_undefined(a) for g in groups[:4] for a in g):
        raise ValueError("custom_linear_solve is linear in b only")
    mv, vm, solve, tsolve = jaxprs
    if tsolve is None:
        raise TypeError("transpose_solve required for backwards mode automatic "
                        "differentiation of custom_linear_solve")
    ct_x = [instantiate(ct) for ct in cts[:n_x]]
    swapped = (vm, mv, tsolve, solve)
    swapped_counts = (counts[1], counts[0], counts[3], counts[2])
    outs = _bind([groups[1], groups[0], groups[3], groups[2]], ct_x, swapped,
                 swapped_counts, n_x)
    return [None] * sum(counts) + list(outs[:n_x])


def _batch(axis, args, dims, *, jaxprs, counts, n_x):
    from ..primitives.batch_util import bdim_at_front
    groups = split_list(args, counts)
    dim_groups = split_list(dims, counts)
    b = [bdim_at_front(x, d, axis.size) for x, d in zip(groups[4], dim_groups[4])]
    new_jaxprs, new_groups = [], []
    for k, (jaxpr, consts, cdims) in enumerate(zip(jaxprs, groups[:4], dim_groups[:4])):
        if jaxpr is None:
            new_jaxprs.append(None)
            new_groups.append([])
            continue
        n_in = len(jaxpr.in_avals) - len(consts)
        batched, extra, _ = batch_jaxpr(jaxpr, axis, (*cdims, *(0,) * n_in),
                                        (True,) * len(jaxpr.out_avals))
        new_jaxprs.append(batched)
        new_groups.append([*extra, *consts])
    new_counts = tuple(len(g) for g in new_groups)
    outs = _bind(new_groups, b, tuple(new_jaxprs), new_counts, n_x)
    return outs, [0] * len(outs)


custom_linear_solve_p = register(Primitive(
    "custom_linear_solve", impl=_impl, abstract_eval=_abstract_eval, jvp=_jvp,
    transpose=_transpose, batch=_batch, multiple_results=True))


def _check_like(what, tree, avals, out_tree, out_avals):
    if out_tree != tree or [(a.shape, a.dtype) for a in avals] != \
            [(a.shape, a.dtype) for a in out_avals]:
        raise TypeError(f"{what} must map b's structure and types to themselves: got "
                        f"{out_tree} {[a.str_short() for a in out_avals]} for b's {tree} "
                        f"{[a.str_short() for a in avals]}")


def custom_linear_solve(matvec, b, solve, transpose_solve=None, symmetric=False,
                        has_aux=False):
    """x = solve(matvec, b) for a linear `matvec`, differentiated implicitly (the tangent
    solves the same system; reverse mode solves the transposed one with transpose_solve,
    or with solve when symmetric)."""
    from ..transforms.grad import linear_transpose
    from ..transforms.jvp import _as_array
    leaves, tree = tree_flatten(b)
    leaves = [_as_array(x) for x in leaves]
    avals = avals_of(leaves)
    args_tree = tree_flatten((b,))[1]
    mv, mv_consts, mv_tree = stage(matvec, args_tree, avals, "matvec")
    _check_like("matvec", tree, avals, mv_tree, mv.out_avals)

    def vecmat(y):
        (out,) = linear_transpose(matvec, tree_unflatten(tree, leaves))(y)
        return out

    vm, vm_consts, _ = stage(vecmat, args_tree, avals, "vecmat")
    if symmetric:
        vm, vm_consts = mv, mv_consts

    def staged_solve(solver, operator):
        def run(bb):
            out = solver(operator, bb)
            return out if has_aux else (out,)
        return stage(run, args_tree, avals, "solve")

    s, s_consts, s_tree = staged_solve(solve, matvec)
    n_x = len(leaves)
    _check_like("solve", tree, avals, tree_flatten(tree_unflatten(s_tree, [0] * len(
        s.out_avals)) [0])[1], s.out_avals[:n_x])
    if transpose_solve is not None:
        ts, ts_consts, _ = staged_solve(transpose_solve, vecmat)
    elif symmetric:
        ts, ts_consts = s, s_consts
    else:
        ts, ts_consts = None, []
    groups = [mv_consts, vm_consts, s_consts, ts_consts]
    outs = _bind(groups, leaves, (mv, vm, s, ts), tuple(len(g) for g in groups), n_x)
    x = tree_unflatten(tree, outs[:n_x])
    if has_aux:
        aux_tree = tree_flatten(tree_unflatten(s_tree, [0] * len(s.out_avals))[1])[1]
        return x, tree_unflatten(aux_tree, outs[n_x:])
    return x


def custom_root(f, initial_guess, solve, tangent_solve, has_aux=False):
    """The root x of f found by solve(f, initial_guess), differentiated implicitly: what f
    closes over (its constants θ) moves the root by dx = -J_x(f)^{-1} (∂f/∂θ dθ), with
    tangent_solve(g, y) solving the linear g(v) = y; the solver is not differentiated."""
    from ..transforms.custom_derivatives import custom_jvp
    from ..transforms.jvp import _as_array
    guess_leaves, tree = tree_flatten(initial_guess)
    guess_leaves = [_as_array(x) for x in guess_leaves]
    f_jaxpr, f_consts, f_tree = stage(f, tree_flatten((initial_guess,))[1],
                                      avals_of(guess_leaves), "f")
    if f_tree != tree:
        raise TypeError(f"custom_root: f must return the structure of initial_guess {tree}, "
                        f"got {f_tree}")

    def f_with(consts, x):
        out = run_inline(f_jaxpr, [*consts, *tree_flatten(x)[0]])
        return tree_unflatten(tree, out)

    @custom_jvp
    def root(consts, guess):
        return solve(lambda x: f_with(consts, x), guess)

    @root.defjvp
    def root_jvp(primals, tangents):
        from ..core.tree import tree_map
        consts, guess = primals
        t_consts, _ = tangents
        out = root(consts, guess)
        x = out[0] if has_aux else out
        _, df = jvp_fn(lambda c: f_with(c, x), (consts,), (t_consts,))
        lin = lambda v: jvp_fn(lambda xx: f_with(consts, xx), (x,), (v,))[1]
        dx = tangent_solve(lin, tree_map(lambda d: -d, df))
        if has_aux:
            return out, (dx, tree_map(lambda a: a * 0, out[1]))
        return out, dx

    return root(list(f_consts), initial_guess)
