"""linearize: the JVP with its tangent part staged into a linear Jaxpr.

JAX's direct linearization: the JVP interpreter runs with a *partial* staging trace as
its parent. Operations whose operands are all known (the primal computation) pass
straight through to the trace below and run now; operations touching a tangent (a
staging tracer) are recorded. The recorded Jaxpr is linear in the tangent inputs, and
its constants are the residuals the primal computation left for it.
"""
from __future__ import annotations

from ..core import dtypes
from ..core.traceback_util import api_boundary
from ..core.interpreters import current_trace, new_trace, set_current_trace
from .jvp import JVPTrace, JVPTracer, Zero, instantiate, tangent_aval
from .staging import StagingTrace, StagingTracer, aval_of, cached_per_jaxpr


class PartialStagingTrace(StagingTrace):
    """Stages only the primitives that touch its own tracers; runs the others below."""

    def process_primitive(self, prim, args, params):
        for arg in args:
            if isinstance(arg, StagingTracer) and arg._trace is self:
                return super().process_primitive(prim, args, params)
        with set_current_trace(self.parent):
            return prim.bind(*args, **params)


class LinearizeTrace(JVPTrace):
    """The JVP interpreter of linearize: a primitive's `linearize` rule when it has one
    (the jit call splits into a primal call run now and a staged tangent call), else its
    `jvp` rule."""

    @staticmethod
    def rule(prim):
        return prim.linearize or prim.jvp


def linearize_flat(fun, primals, differentiable=None):
    """(primal outputs, ClosedJaxpr of the tangent map, which inputs are differentiable).

    The Jaxpr takes one tangent per differentiable input (by default every inexact one)
    and returns one per output."""
    trace = PartialStagingTrace(current_trace(), "linearize", "linearize")
    if differentiable is None:
        differentiable = [dtypes.is_inexact(aval_of(p).dtype) for p in primals]
    with new_trace(trace):
        tangents = [trace.new_arg(tangent_aval(aval_of(p))) if d
                    else Zero(tangent_aval(aval_of(p))) for p, d in zip(primals, differentiable)]
        jvp_trace = LinearizeTrace(trace)
        with new_trace(jvp_trace):
            outs = fun(*[JVPTracer(jvp_trace, p, t) for p, t in zip(primals, tangents)])
            pairs = [jvp_trace.lift(o) for o in outs]
        primals_out = [p for p, _ in pairs]
        tangents_out = [instantiate(t) if dtypes.is_inexact(aval_of(p).dtype) else t
                        for p, t in pairs]
        staged = [t if type(t) is not Zero else instantiate(t) for t in tangents_out]
        closed = trace.to_jaxpr(staged)
    return primals_out, closed, differentiable


@api_boundary
def linearize(fun, *primals, has_aux=False):
    """(fun(*primals), f_jvp) where f_jvp(*tangents) is the JVP at primals, evaluated from
    the staged linear Jaxpr (no re-tracing of fun)."""
    from ..core.jaxpr import eval_jaxpr
    from ..core.tree import tree_flatten, tree_unflatten
    from .jvp import FlatFun, _as_array
    flat_primals, in_tree = tree_flatten(primals)
    flat_primals = [_as_array(p) for p in flat_primals]
    flat_fun = FlatFun(fun, in_tree, has_aux)
    primals_out, closed, differentiable = linearize_flat(flat_fun, flat_primals)
    out_tree = flat_fun.out_tree

    def f_jvp(*tangents):
        flat_tangents, tangent_tree = tree_flatten(tangents)
        if tangent_tree != in_tree:
            raise TypeError(f"linearized function called on tangent values inconsistent with "
                            f"the original primal values: {tangent_tree} vs {in_tree}.")
        args = [_as_array(t) for t in flat_tangents]
        outs = eval_jaxpr(closed.jaxpr, closed.consts, *args)
        return tree_unflatten(out_tree, outs)

    result = (tree_unflatten(out_tree, primals_out), f_jvp)
    return (*result, flat_fun.aux) if has_aux else result


@cached_per_jaxpr
def _linearize_jaxpr(closed, nonzero):
    from ..core.jaxpr import ClosedJaxpr, Jaxpr, dce_jaxpr, eval_jaxpr
    from .staging import closure_convert_jaxpr, trace_to_jaxpr
    box = {}

    def primal_program(*ps):
        outs, lin, _ = linearize_flat(
            lambda *xs: eval_jaxpr(closed.jaxpr, closed.consts, *xs), ps, nonzero)
        box["lin"] = lin
        return [*outs, *lin.consts]

    primal = trace_to_jaxpr(primal_program, closed.in_avals, "linearize", purpose="jit")
    lin = box["lin"]
    out_nonzero = tuple(dtypes.is_inexact(a.dtype) for a in closed.out_avals)
    j = lin.jaxpr
    outvars = [v for v, nz in zip(j.outvars, out_nonzero) if nz]
    tangent = ClosedJaxpr(dce_jaxpr(Jaxpr(j.constvars, j.invars, outvars, j.eqns,
                                          j.effects, j.debug_info)), lin.consts)
    primal_jaxpr, primal_consts = closure_convert_jaxpr(primal)
    return primal_jaxpr, primal_consts, closure_convert_jaxpr(tangent)[0], out_nonzero, \
        len(lin.consts)


def linearize_jaxpr(closed, nonzero):
    """A ClosedJaxpr split for linearize, staged once per (Jaxpr, nonzero pattern):
    (primal, primal_consts, tangent, out_nonzero, n_residuals).

    `primal` takes [*primal_consts, *inputs] and returns [*outputs, *residuals]; `tangent`
    takes [*residuals, *the tangents marked nonzero] and returns the tangents of the
    inexact outputs (out_nonzero), linearly."""
    return _linearize_jaxpr(closed, tuple(nonzero))
