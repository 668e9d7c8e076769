"""custom_jvp: functions whose JVP rule the user gives.

A call binds `custom_jvp_call`, a primitive carrying the function staged as a Jaxpr and
the user's rule. Evaluated or staged it runs the Jaxpr; its JVP rule runs the user's
rule instead, so forward mode, linearize and therefore grad all use it.
"""
from __future__ import annotations

import functools

from ..core.primitive import Primitive, register
from ..core.tree import tree_flatten, tree_unflatten
from .jvp import instantiate
from .staging import StagedCall, aval_of


def _call_impl(xp, *bufs, call_jaxpr, **params):
    from .jit import executable_for
    return executable_for(call_jaxpr)(*bufs)


def _batched_call(axis, args, dims, call_jaxpr, num_consts, in_tree):
    """The call Jaxpr batched with every output batched at 0 (so the user's batched rules
    can promise out_axes=0), and the batch dims of the user's arguments as a pytree."""
    from .batching import batch_jaxpr
    closed, consts, _ = batch_jaxpr(call_jaxpr, axis, tuple(dims),
                                    (True,) * len(call_jaxpr.out_avals))
    return closed, consts, tree_unflatten(in_tree, list(dims[num_consts:]))


def _call_abstract_eval(*avals, call_jaxpr, **params):
    return call_jaxpr.out_avals


def _custom_jvp_rule(primals, tangents, *, call_jaxpr, jvp, num_consts, in_tree, out_tree):
    # The staged function's constants are leading inputs; the user's rule sees only the
    # user's arguments (zero tangents become real zeros, as JAX gives them by default).
    args = tree_unflatten(in_tree, primals[num_consts:])
    arg_tangents = tree_unflatten(in_tree, [instantiate(t) for t in tangents[num_consts:]])
    out, tangent_out = jvp(tuple(args), tuple(arg_tangents))
    out_leaves, tree = tree_flatten(out)
    tangent_leaves, tangent_tree = tree_flatten(tangent_out)
    if tree != out_tree or tangent_tree != out_tree:
        raise TypeError("Custom JVP rule must produce primal and tangent outputs with the "
                        f"same container (pytree) structure as the function; got {tree} "
                        f"and {tangent_tree}, expected {out_tree}.")
    return out_leaves, tangent_leaves


def _custom_jvp_transpose(cts, *args, call_jaxpr, **params):
    """A custom_jvp function that is linear in some arguments transposes as its body."""
    from .transpose import transpose_call
    return transpose_call(cts, args, call_jaxpr)


def _custom_jvp_batch(axis, args, dims, *, call_jaxpr, jvp, num_consts, in_tree, out_tree):
    """vmap of a custom_jvp function keeps it custom: the call is batched, and its rule
    becomes the user's rule under vmap (a tangent has its primal's batch dim)."""
    from .batching import vmap
    closed, consts, arg_dims = _batched_call(axis, args, dims, call_jaxpr, num_consts,
                                             in_tree)
    batched_rule = vmap(jvp, in_axes=(tuple(arg_dims), tuple(arg_dims)), out_axes=0,
                        axis_name=axis.name)
    outs = custom_jvp_call_p.bind(*consts, *args, call_jaxpr=closed, jvp=batched_rule,
                                  num_consts=len(consts) + num_consts, in_tree=in_tree,
                                  out_tree=out_tree)
    return outs, [0] * len(outs)


custom_jvp_call_p = register(Primitive(
    "custom_jvp_call", impl=_call_impl, abstract_eval=_call_abstract_eval,
    jvp=_custom_jvp_rule, transpose=_custom_jvp_transpose, batch=_custom_jvp_batch,
    multiple_results=True))


class custom_jvp:
    """A function with a custom JVP rule: `f = custom_jvp(fun)`, then `@f.defjvp` on
    `rule(primals, tangents) -> (primal_out, tangent_out)` (nondiff_argnums arguments
    come first: `rule(*nondiff_args, primals, tangents)`), or `f.defjvps(*tangent_fns)`."""

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun, self.nondiff_argnums, self.jvp = fun, tuple(nondiff_argnums), None

    def defjvp(self, jvp, symbolic_zeros=False):
        self.jvp = jvp
        return jvp

    def defjvps(self, *tangent_fns):
        """One function per argument: tangent_fn(t, primal_out, *primals) (or None)."""
        def jvp(primals, tangents):
            out = self(*primals)  # the custom function itself, so higher orders use it too
            total = None
            for fn, t in zip(tangent_fns, tangents):
                if fn is not None:
                    term = fn(t, out, *primals)
                    total = term if total is None else total + term
            return out, total
        self.jvp = jvp
        return jvp

    def __call__(self, *args):
        if self.jvp is None:
            raise AttributeError(f"No JVP defined for custom_jvp function "
                                 f"{getattr(self, '__name__', self.fun)} using defjvp.")
        call = StagedCall(self.fun, args, self.nondiff_argnums)
        user_jvp, statics = self.jvp, call.statics
        rule = (lambda p, t: user_jvp(*statics, p, t)) if statics else user_jvp
        outs = custom_jvp_call_p.bind(*call.consts, *call.leaves, call_jaxpr=call.jaxpr,
                                      jvp=rule, num_consts=len(call.consts),
                                      in_tree=call.in_tree, out_tree=call.out_tree)
        return call.unflatten(outs)


# --- custom_vjp ------------------------------------------------------------------------------

def _custom_vjp_rule(primals, tangents, *, call_jaxpr, fwd, bwd, num_consts, in_tree,
                     out_tree):
    args = tree_unflatten(in_tree, primals[num_consts:])
    out, residuals = fwd(*args)
    out_leaves, tree = tree_flatten(out)
    if tree != out_tree:
        raise TypeError("Custom VJP fwd rule must produce an output with the same container "
                        f"(pytree) structure as the function; got {tree}, expected "
                        f"{out_tree}.")
    res_leaves, res_tree = tree_flatten(residuals)
    arg_tangents = [instantiate(t) for t in tangents[num_consts:]]
    tangents_out = custom_lin_p.bind(
        *res_leaves, *arg_tangents, bwd=bwd, num_res=len(res_leaves), res_tree=res_tree,
        in_tree=in_tree, out_tree=out_tree,
        out_avals=tuple(aval_of(o) for o in out_leaves))
    return out_leaves, tangents_out


def _custom_lin_impl(xp, *args, **params):
    raise TypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.")


def _custom_lin_abstract_eval(*avals, out_avals, **params):
    return list(out_avals)


def _custom_lin_transpose(cts, *args, bwd, num_res, res_tree, in_tree, out_tree, out_avals):
    residuals = tree_unflatten(res_tree, args[:num_res])
    cts_out = tree_unflatten(out_tree, [instantiate(ct) for ct in cts])
    cts_in = bwd(residuals, cts_out)
    leaves, tree = tree_flatten(tuple(cts_in))
    if tree != in_tree:
        raise TypeError("Custom VJP bwd rule must produce a tuple with one cotangent per "
                        f"(differentiable) argument, structured like the inputs {in_tree}; "
                        f"got {tree}.")
    return [None] * num_res + leaves


custom_lin_p = register(Primitive(
    "custom_lin", impl=_custom_lin_impl, abstract_eval=_custom_lin_abstract_eval,
    transpose=_custom_lin_transpose, multiple_results=True))

def _custom_vjp_batch(axis, args, dims, *, call_jaxpr, fwd, bwd, num_consts, in_tree,
                      out_tree):
    """vmap of a custom_vjp function keeps it custom: fwd and bwd run under vmap; bwd's
    cotangent for an unbatched argument is summed over the batch (every batch member
    used the same value)."""
    from ..primitives.batch_util import moveaxis
    from ..primitives.reductions import reduce_sum
    from .batching import vmap
    closed, consts, arg_dims = _batched_call(axis, args, dims, call_jaxpr, num_consts,
                                             in_tree)
    flat_dims = list(dims[num_consts:])
    batched_fwd = vmap(fwd, in_axes=tuple(arg_dims), out_axes=0, axis_name=axis.name)
    batched_bwd_all = vmap(bwd, in_axes=(0, 0), out_axes=0, axis_name=axis.name)

    def batched_bwd(res, cts):
        cts_in, tree = tree_flatten(batched_bwd_all(res, cts))
        fixed = [ct if ct is None else reduce_sum(ct, (0,)) if d is None else
                 moveaxis(ct, 0, d) for ct, d in zip(cts_in, flat_dims)]
        return tree_unflatten(tree, fixed)

    outs = custom_vjp_call_p.bind(*consts, *args, call_jaxpr=closed, fwd=batched_fwd,
                                  bwd=batched_bwd, num_consts=len(consts) + num_consts,
                                  in_tree=in_tree, out_tree=out_tree)
    return outs, [0] * len(outs)


custom_vjp_call_p = register(Primitive(
    "custom_vjp_call", impl=_call_impl, abstract_eval=_call_abstract_eval,
    jvp=_custom_vjp_rule, batch=_custom_vjp_batch, multiple_results=True))


class custom_vjp:
    """A function with a custom VJP: `f = custom_vjp(fun); f.defvjp(fwd, bwd)` where
    `fwd(*args) -> (out, residuals)` and `bwd(residuals, out_cotangent) -> tuple of
    input cotangents` (nondiff_argnums arguments come first in fwd's and bwd's calls)."""

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun, self.nondiff_argnums = fun, tuple(nondiff_argnums)
        self.fwd = self.bwd = None

    def defvjp(self, fwd, bwd, symbolic_zeros=False, optimize_remat=False):
        self.fwd, self.bwd = fwd, bwd

    def __call__(self, *args):
        if self.fwd is None:
            raise AttributeError(f"No VJP defined for custom_vjp function "
                                 f"{getattr(self, '__name__', self.fun)} using defvjp.")
        call = StagedCall(self.fun, args, self.nondiff_argnums)
        user_fwd, user_bwd, statics = self.fwd, self.bwd, call.statics
        fwd = (lambda *d: user_fwd(*call.full(d))) if statics else user_fwd
        bwd = (lambda res, ct: user_bwd(*statics, res, ct)) if statics else user_bwd
        outs = custom_vjp_call_p.bind(*call.consts, *call.leaves, call_jaxpr=call.jaxpr,
                                      fwd=fwd, bwd=bwd, num_consts=len(call.consts),
                                      in_tree=call.in_tree, out_tree=call.out_tree)
        return call.unflatten(outs)
