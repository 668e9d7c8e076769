"""What the control-flow primitives share: staging user functions into closure-converted
Jaxprs, running them on buffers, and giving several Jaxprs one shared list of constants.

The control-flow primitives (cond, while, scan) carry their bodies as ClosedJaxprs with
no constants: whatever a body closes over (arrays, tracers of enclosing traces) becomes
a leading operand of the equation, as in JAX's closure-converted form.
"""
from __future__ import annotations

from ..core.avals import ShapedArray
from ..core.jaxpr import ClosedJaxpr, Jaxpr, Var
from ..core.tree import tree_flatten, tree_unflatten
from ..transforms.staging import aval_of, closure_convert_jaxpr, fun_name, trace_to_jaxpr


def stage(fun, in_tree, in_avals, name=None):
    """fun(*pytree args) staged over flat `in_avals`: (jaxpr, consts, out_tree)."""
    box = {}

    def flat_fun(*leaves):
        out = fun(*tree_unflatten(in_tree, leaves))
        out_leaves, box["tree"] = tree_flatten(out)
        return out_leaves

    closed = trace_to_jaxpr(flat_fun, list(in_avals), name or fun_name(fun), purpose="jit")
    jaxpr, consts = closure_convert_jaxpr(closed)
    return jaxpr, list(consts), box["tree"]


def run_jaxpr(closed: ClosedJaxpr, *bufs):
    """A constant-free ClosedJaxpr run on buffers (the executor of jit, cached)."""
    from ..transforms.jit import executable_for
    return executable_for(closed)(*bufs)


def share_consts(jaxprs, consts_lists):
    """Jaxprs (each taking its own consts first) rewritten to all take the concatenation
    of every list of consts first, ignoring the others': (new jaxprs, all consts)."""
    if all(not c for c in consts_lists[1:]) and all(len(c) == len(consts_lists[0])
                                                     for c in consts_lists):
        return list(jaxprs), list(consts_lists[0])
    all_consts = [c for cs in consts_lists for c in cs]
    avals = [aval_of(c) for c in all_consts]
    out, start = [], 0
    for closed, cs in zip(jaxprs, consts_lists):
        j = closed.jaxpr
        own = j.invars[:len(cs)]
        before = [Var(a) for a in avals[:start]]
        after = [Var(a) for a in avals[start + len(cs):]]
        invars = before + list(own) + after + list(j.invars[len(cs):])
        out.append(ClosedJaxpr(Jaxpr([], invars, j.outvars, j.eqns, j.effects,
                                     j.debug_info), []))
        start += len(cs)
    return out, all_consts


def joined_avals(what, avals_lists, names):
    """The output avals of several branches/bodies that must agree in shape and dtype (a
    result is weak only when weak in all): JAX's TypeError otherwise."""
    first = avals_lists[0]
    for other, name in zip(avals_lists[1:], names[1:]):
        if len(other) != len(first) or any(
                a.shape != b.shape or a.dtype != b.dtype for a, b in zip(first, other)):
            raise TypeError(
                f"{what} must have identical types, got\n"
                + "\n".join(f"{n}: {', '.join(a.str_short() for a in avals)}"
                            for n, avals in zip(names, avals_lists)))
    return [ShapedArray(a.shape, a.dtype, all(al[i].weak_type for al in avals_lists))
            for i, a in enumerate(first)]


def avals_of(values):
    return [aval_of(v) for v in values]


def permute_jaxpr(closed: ClosedJaxpr, in_order, out_order=None) -> ClosedJaxpr:
    """The same constant-free Jaxpr with its inputs (and outputs) listed in a new order:
    new input k is old input in_order[k]."""
    j = closed.jaxpr
    invars = [j.invars[i] for i in in_order]
    outvars = j.outvars if out_order is None else [j.outvars[i] for i in out_order]
    return ClosedJaxpr(Jaxpr([], invars, outvars, j.eqns, j.effects, j.debug_info), [])


def with_unused_inputs(closed: ClosedJaxpr, avals, at_end=True) -> ClosedJaxpr:
    """The Jaxpr taking extra inputs of `avals` it ignores (at the end or the front)."""
    j = closed.jaxpr
    extra = [Var(a) for a in avals]
    invars = list(j.invars) + extra if at_end else extra + list(j.invars)
    return ClosedJaxpr(Jaxpr([], invars, j.outvars, j.eqns, j.effects, j.debug_info), [])


def run_inline(closed, args):
    """Evaluate a Jaxpr with the current trace (inlining it)."""
    from ..core.jaxpr import eval_jaxpr
    return eval_jaxpr(closed.jaxpr, closed.consts, *args)


def split_list(values, sizes):
    out, start = [], 0
    for n in sizes:
        out.append(list(values[start:start + n]))
        start += n
    out.append(list(values[start:]))
    return out


def carry_types(in_avals, out_avals, mismatch_error):
    """The carry types of a loop whose body maps `in_avals` to `out_avals`: a shape or
    dtype change raises `mismatch_error(pairs)`; None when the body keeps the types, else
    the avals with a weak init made strong where the body returns a strong value (JAX
    then stages the body again with the strong type)."""
    bad = [(a, b) for a, b in zip(in_avals, out_avals)
           if a.shape != b.shape or a.dtype != b.dtype]
    if bad:
        raise mismatch_error("; ".join(f"input {a.str_short()} vs output {b.str_short()}"
                                       for a, b in bad))
    fix = [a.weak_type and not b.weak_type for a, b in zip(in_avals, out_avals)]
    if not any(fix):
        return None
    return [ShapedArray(a.shape, a.dtype, a.weak_type and not f)
            for a, f in zip(in_avals, fix)]


def as_carry_types(leaves, avals):
    """Initial carry values converted to the (possibly strengthened) carry types."""
    from ..primitives.elementwise import convert_element_type_p
    return [convert_element_type_p.bind(x, new_dtype=a.dtype, weak_type=False)
            if aval_of(x).weak_type and not a.weak_type else x
            for x, a in zip(leaves, avals)]
