"""wax.custom_batching: functions with their own vmap rule (custom_vmap), and
sequential_vmap (a function vmapped as a loop over the batch, as JAX's)."""
from __future__ import annotations

import functools

from .core.primitive import Primitive, register
from .core.tree import tree_flatten, tree_unflatten
from .transforms.staging import StagedCall

__all__ = ["custom_vmap", "sequential_vmap"]


def _impl(xp, *bufs, call_jaxpr, **params):
    from .transforms.jit import executable_for
    return executable_for(call_jaxpr)(*bufs)


def _jvp(primals, tangents, *, call_jaxpr, **params):
    """Forward mode differentiates the function itself (the batching rule is a vmap
    rule, not a derivative rule)."""
    from .core.jaxpr import eval_jaxpr
    from .transforms.jvp import jvp_flat
    return jvp_flat(lambda *xs: eval_jaxpr(call_jaxpr.jaxpr, call_jaxpr.consts, *xs),
                    list(primals), list(tangents))


def _batch(axis, args, dims, *, call_jaxpr, rule, num_consts, in_tree, out_tree):
    """The user's rule gets the axis size, which arguments are batched (a pytree of
    bools) and the arguments with their batch dimension in front."""
    from .primitives.batch_util import moveaxis
    if any(d is not None for d in dims[:num_consts]):
        raise NotImplementedError("custom_vmap of a function closing over a batched value")
    user_args = [a if d is None else moveaxis(a, d, 0)
                 for a, d in zip(args[num_consts:], dims[num_consts:])]
    in_batched = tree_unflatten(in_tree, [d is not None for d in dims[num_consts:]])
    out, out_batched = rule(axis.size, list(in_batched), *tree_unflatten(in_tree, user_args))
    leaves, tree = tree_flatten(out)
    if tree != out_tree:
        raise ValueError(f"custom_vmap rule returned output structure {tree}; the function "
                         f"returns {out_tree}")
    flags, flags_tree = tree_flatten(out_batched)
    if len(flags) == 1 and len(leaves) != 1:
        flags = flags * len(leaves)
    if len(flags) != len(leaves):
        raise ValueError("custom_vmap rule must return out_batched matching the output's "
                         f"structure {out_tree}, got {flags_tree}")
    return leaves, [0 if f else None for f in flags]


custom_vmap_call_p = register(Primitive(
    "custom_vmap_call", impl=_impl,
    abstract_eval=lambda *avals, call_jaxpr, **params: call_jaxpr.out_avals,
    jvp=_jvp, batch=_batch, multiple_results=True))


class custom_vmap:
    """`f = custom_vmap(fun)`, then `@f.def_vmap` on `rule(axis_size, in_batched, *args)
    -> (out, out_batched)`: under vmap, the rule replaces batching fun's body."""

    def __init__(self, fun):
        functools.update_wrapper(self, fun)
        self.fun, self.vmap_rule = fun, None

    def def_vmap(self, vmap_rule):
        self.vmap_rule = vmap_rule
        return vmap_rule

    def __call__(self, *args, **kwargs):
        if kwargs:
            raise TypeError("custom_vmap functions take positional arguments only")
        if self.vmap_rule is None:
            raise AttributeError(f"No batching rule defined for custom_vmap function "
                                 f"{getattr(self, '__name__', self.fun)} using def_vmap.")
        call = StagedCall(self.fun, args)
        outs = custom_vmap_call_p.bind(*call.consts, *call.leaves, call_jaxpr=call.jaxpr,
                                       rule=self.vmap_rule, num_consts=len(call.consts),
                                       in_tree=call.in_tree, out_tree=call.out_tree)
        return call.unflatten(outs)


def sequential_vmap(f):
    """f, vmapped as a loop over the batch (lax.map) instead of by batching its body."""
    f = custom_vmap(f)

    @f.def_vmap
    def rule(axis_size, in_batched, *args):
        from .control_flow import map as lax_map
        from .core.tree import tree_map
        from .numpy import broadcast_to
        batched_args = [a if b else tree_map(
            lambda x: broadcast_to(x, (axis_size,) + x.shape), a)
            for a, b in zip(args, in_batched)]
        return lax_map(lambda xs: f.fun(*xs), tuple(batched_args)), True

    return f
