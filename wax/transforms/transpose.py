"""transpose: run a linear Jaxpr backwards, from output cotangents to input cotangents.

Each primitive's `transpose(ct, *args, **params)` rule receives the output cotangent and
its operands, where the linear operands are `UndefinedPrimal(aval)` and the others are
values; it returns one cotangent per operand (None for the non-linear ones). Cotangents
reaching the same variable are summed; a variable nobody sends one to gets a symbolic
zero, instantiated only at the end.
"""
from __future__ import annotations

from ..core.jaxpr import Literal
from .jvp import Zero, instantiate
from .staging import cached_per_jaxpr


class UndefinedPrimal:
    """A linear operand, seen by a transpose rule: only its type is known."""

    __slots__ = ("aval",)

    def __init__(self, aval):
        self.aval = aval

    def __repr__(self):
        return f"UndefinedPrimal({self.aval})"


def is_undefined(value) -> bool:
    return type(value) is UndefinedPrimal


def backward_pass(jaxpr, consts, linear_invars, cts_out, *, instantiate_zeros=True):
    """Cotangents of the linear inputs of `jaxpr` given cotangents of its outputs.

    `linear_invars[i]` is True for inputs the Jaxpr is linear in (their cotangents are
    returned, in order); the other inputs must be given as values in `consts`' place:
    consts holds values for constvars followed by the non-linear invars."""
    from ..primitives.families import add_tangents
    known = {}
    values = iter(consts)
    for var in jaxpr.constvars:
        known[var] = next(values)
    for var, linear in zip(jaxpr.invars, linear_invars):
        if not linear:
            known[var] = next(values)
    cts = {}

    def accumulate(var, ct):
        if ct is None or type(var) is Literal or var in known:
            return
        cts[var] = add_tangents(cts[var], ct) if var in cts else ct

    # Forward: equations whose operands are all known (residual computations, e.g. the
    # primal half of a jit call's jvp) are evaluated; the rest are linear in the inputs.
    linear_eqns = []
    for eqn in jaxpr.eqns:
        if all(type(a) is Literal or a in known for a in eqn.invars):
            out = eqn.primitive.bind(*[a.value if type(a) is Literal else known[a]
                                       for a in eqn.invars], **eqn.params)
            known.update(zip(eqn.outvars, out if eqn.primitive.multiple_results else [out]))
        else:
            linear_eqns.append(eqn)
    for var, ct in zip(jaxpr.outvars, cts_out):
        accumulate(var, ct)
    for eqn in reversed(linear_eqns):
        outs = [cts.pop(v, None) for v in eqn.outvars]
        if all(ct is None or type(ct) is Zero for ct in outs):
            continue
        args = [a.value if type(a) is Literal else known[a] if a in known
                else UndefinedPrimal(a.aval) for a in eqn.invars]
        rule = eqn.primitive.transpose
        if rule is None:
            raise NotImplementedError(
                f"Transpose rule (for reverse-mode differentiation) for "
                f"'{eqn.primitive.name}' not implemented")
        if eqn.primitive.multiple_results:
            outs = [Zero(v.aval) if ct is None else ct for v, ct in zip(eqn.outvars, outs)]
            cts_in = rule(outs, *args, **eqn.params)
        else:
            ct = outs[0]
            cts_in = rule(ct, *args, **eqn.params)
        for var, arg, ct in zip(eqn.invars, args, cts_in):
            if is_undefined(arg):
                accumulate(var, ct)
    results = []
    for var, linear in zip(jaxpr.invars, linear_invars):
        if linear:
            ct = cts.get(var, Zero(var.aval))
            results.append(instantiate(ct) if instantiate_zeros else ct)
    return results


def transpose_call(cts, args, closed):
    """The transpose rule of a call primitive whose body is `closed`, run where the call
    is: the backward pass over the body, cotangents for the undefined arguments."""
    linear = [is_undefined(a) for a in args]
    known = [a for a in args if not is_undefined(a)]
    cts_in = iter(backward_pass(closed.jaxpr, [*closed.consts, *known], linear, cts,
                                instantiate_zeros=False))
    return [next(cts_in) if lin else None for lin in linear]


@cached_per_jaxpr
def _transpose_jaxpr(closed, linear, ct_avals):
    from .staging import closure_convert_jaxpr, trace_to_jaxpr
    n_known = linear.count(False)

    def backward(*xs):
        return backward_pass(closed.jaxpr, [*closed.consts, *xs[:n_known]], list(linear),
                             list(xs[n_known:]))

    known_avals = [aval for aval, lin in zip(closed.in_avals, linear) if not lin]
    staged = trace_to_jaxpr(backward, [*known_avals, *ct_avals], "transpose", purpose="jit")
    return closure_convert_jaxpr(staged)


def transpose_jaxpr(closed, linear, ct_avals):
    """The transpose of a ClosedJaxpr linear in the inputs marked `linear`, staged once
    per (Jaxpr, pattern, cotangent types): (jaxpr, consts). The Jaxpr takes [*consts,
    *the non-linear inputs, *output cotangents] and returns one (instantiated) cotangent
    per linear input."""
    return _transpose_jaxpr(closed, tuple(linear), tuple(ct_avals))
