"""checkpoint (remat): recompute a function's intermediates in the backward pass instead
of saving them, with JAX's policies choosing what may be saved.

`checkpoint(f)(x)` binds `remat2`, a call primitive carrying f's Jaxpr and the policy.
Its JVP emits the primal call (run now under linearize) and a tangent program that
recomputes from the primal inputs what the tangents need; equations the policy calls
saveable (e.g. dot_general under dots_saveable) are computed now instead and passed to
the tangent program as inputs, so they become the only residuals.
"""
from __future__ import annotations

import functools

from ..core.jaxpr import ClosedJaxpr, Jaxpr, Literal, dce_jaxpr, eval_jaxpr
from ..core.primitive import Primitive, register
from .jvp import Zero, instantiate, jvp_flat, tangent_aval
from .staging import StagedCall, trace_to_jaxpr


class checkpoint_policies:
    """JAX's names for what a checkpointed function may save: `policy(prim, *avals,
    **params) -> bool`."""

    @staticmethod
    def everything_saveable(prim, *avals, **params):
        return True

    @staticmethod
    def nothing_saveable(prim, *avals, **params):
        return False

    @staticmethod
    def dots_saveable(prim, *avals, **params):
        return prim.name == "dot_general"

    @staticmethod
    def dots_with_no_batch_dims_saveable(prim, *avals, **params):
        if prim.name != "dot_general":
            return False
        (_, _), (lhs_batch, _) = params["dimension_numbers"]
        return not lhs_batch


checkpoint_dots = checkpoint_policies.dots_saveable
checkpoint_dots_with_no_batch_dims = checkpoint_policies.dots_with_no_batch_dims_saveable


def _remat_impl(xp, *bufs, jaxpr, policy, prevent_cse=True, differentiated=False):
    from .jit import executable_for
    return executable_for(jaxpr)(*bufs)


def _remat_abstract_eval(*avals, jaxpr, **params):
    return jaxpr.out_avals


def _split_saved(closed: ClosedJaxpr, n_primals: int, policy):
    """Which equations of the tangent program depend on primal inputs only and may be
    saved by the policy: (saved equations, the program taking their outputs as inputs)."""
    jaxpr = closed.jaxpr
    primal_vars = set(jaxpr.constvars) | set(jaxpr.invars[:n_primals])
    saved, known_eqns, rest = [], [], []
    for eqn in jaxpr.eqns:
        known = all(type(a) is Literal or a in primal_vars for a in eqn.invars)
        if known:
            primal_vars.update(eqn.outvars)
            known_eqns.append(eqn)
        if known and policy(eqn.primitive, *[a.aval for a in eqn.invars], **eqn.params):
            saved.append(eqn)
        else:
            rest.append(eqn)
    saved_outs = [v for e in saved for v in e.outvars]
    program = dce_jaxpr(Jaxpr(jaxpr.constvars, [*saved_outs, *jaxpr.invars], jaxpr.outvars,
                              rest, jaxpr.effects, jaxpr.debug_info))
    used = set(v for e in program.eqns for v in e.invars) | set(program.outvars)
    saved_outs = [v for v in saved_outs if v in used]
    program = Jaxpr(program.constvars, [*saved_outs, *jaxpr.invars], program.outvars,
                    program.eqns, program.effects, program.debug_info)
    # The saved values are computed now from the primals, with whatever known equations
    # they need (those are recomputed later too, if the tangents need them).
    saved_jaxpr = dce_jaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars[:n_primals], saved_outs,
                                  known_eqns, frozenset(), None))
    return ClosedJaxpr(saved_jaxpr, closed.consts), ClosedJaxpr(program, closed.consts)


def _remat_jvp(primals, tangents, *, jaxpr, policy, prevent_cse=True, differentiated=False):
    nonzero = [type(t) is not Zero for t in tangents]
    in_avals = jaxpr.in_avals
    primals_out = remat_p.bind(*primals, jaxpr=jaxpr, policy=policy, prevent_cse=prevent_cse,
                               differentiated=True)

    def tangent_program(*args):
        ps, ts = list(args[:len(in_avals)]), iter(args[len(in_avals):])
        full = [next(ts) if nz else Zero(tangent_aval(a)) for a, nz in zip(in_avals, nonzero)]
        _, outs_t = jvp_flat(lambda *xs: eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *xs), ps, full)
        return [instantiate(t) for t in outs_t]

    tangent_avals = [tangent_aval(a) for a, nz in zip(in_avals, nonzero) if nz]
    closed = trace_to_jaxpr(tangent_program, [*in_avals, *tangent_avals], "remat_jvp")
    saved_jaxpr, program = _split_saved(closed, len(in_avals), policy)
    residuals = eval_jaxpr(saved_jaxpr.jaxpr, saved_jaxpr.consts, *primals)
    program = ClosedJaxpr(Jaxpr([], [*program.jaxpr.constvars, *program.jaxpr.invars],
                                program.jaxpr.outvars, program.jaxpr.eqns),
                          [])
    tangents_out = remat_p.bind(*closed.consts, *residuals, *primals,
                                *(t for t in tangents if type(t) is not Zero),
                                jaxpr=program, policy=policy, prevent_cse=prevent_cse,
                                differentiated=True)
    return primals_out, tangents_out


def _remat_transpose(cts, *args, jaxpr, **params):
    from .transpose import transpose_call
    return transpose_call(cts, args, jaxpr)


def _remat_batch(axis, args, dims, *, jaxpr, **params):
    from .batching import batch_jaxpr
    closed, consts, out_dims = batch_jaxpr(jaxpr, axis, tuple(dims))
    return remat_p.bind(*consts, *args, jaxpr=closed, **params), list(out_dims)


remat_p = register(Primitive("remat2", impl=_remat_impl, abstract_eval=_remat_abstract_eval,
                             jvp=_remat_jvp, transpose=_remat_transpose, batch=_remat_batch,
                             multiple_results=True))


class _Deprecated:
    def __repr__(self):
        return "Deprecated"


_DEPRECATED = _Deprecated()


def checkpoint(fun, *, prevent_cse=True, policy=None, static_argnums=(), static_argnames=(),
               concrete=_DEPRECATED):
    """fun, whose intermediates are recomputed in the backward pass rather than saved
    (except what `policy` allows); the default policy saves nothing, as JAX's."""
    if concrete is not _DEPRECATED:
        raise TypeError("The `concrete` option to checkpoint has been removed (as in JAX): "
                        "use static_argnums for arguments that Python control flow reads.")
    policy = checkpoint_policies.nothing_saveable if policy is None else policy
    static = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums)
    names = (static_argnames,) if isinstance(static_argnames, str) else tuple(static_argnames)
    if names:
        import inspect
        params = list(inspect.signature(fun).parameters)
        static += tuple(params.index(n) for n in names if n in params)

    @functools.wraps(fun)
    def remat_fun(*args, **kwargs):
        if kwargs:
            import inspect
            bound = inspect.signature(fun).bind(*args, **kwargs)
            args = bound.args
        call = StagedCall(fun, args, static)
        outs = remat_p.bind(*call.consts, *call.leaves, jaxpr=call.jaxpr, policy=policy,
                            prevent_cse=prevent_cse, differentiated=False)
        return call.unflatten(outs)

    return remat_fun


def remat(fun, *, prevent_cse=True, policy=None, static_argnums=(), concrete=_DEPRECATED):
    """checkpoint under its older name."""
    return checkpoint(fun, prevent_cse=prevent_cse, policy=policy,
                      static_argnums=static_argnums, concrete=concrete)


