"""Forward mode: the JVP interpreter, `jvp`, and symbolic zero tangents.

A JVPTracer carries a primal and a tangent. The JVP trace hands each primitive to its
`jvp` rule, `jvp(primals, tangents, **params) -> (primal_out, tangent_out)`, run with
the parent trace current, so the rule's own operations go one level down (and nested
jvps compose). A tangent that is known to be zero stays the symbolic `Zero(aval)` inside
the interpreter; rules receive it and may skip work, and it is instantiated only at the
boundary (the outputs of `jvp`). Integer and bool values get float0 tangents, as in JAX.
"""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.traceback_util import api_boundary
from ..core.array import ArrayImpl
from ..core.avals import ShapedArray
from ..core.interpreters import (Trace, Tracer, current_trace, leaked_tracer_error,
                                 new_trace, set_current_trace)
from ..core.tree import tree_flatten, tree_unflatten
from .staging import aval_of, cached_per_jaxpr


class Zero:
    """A tangent known to be zero, of the given (tangent) aval."""

    __slots__ = ("aval",)

    def __init__(self, aval: ShapedArray):
        self.aval = aval

    def __repr__(self):
        return f"Zero({self.aval})"


def tangent_aval(aval: ShapedArray) -> ShapedArray:
    """The type of a tangent: the same for floats, float0 for integers and bools."""
    if dtypes.is_inexact(aval.dtype):
        return ShapedArray(aval.shape, aval.dtype, aval.weak_type)
    return ShapedArray(aval.shape, dtypes.float0, False)


def zeros_like_aval(aval: ShapedArray):
    """A concrete zero array of `aval` (float0 zeros are NumPy's empty-record zeros)."""
    return ArrayImpl(np.zeros(aval.shape, aval.dtype), aval.weak_type)


def instantiate(tangent):
    """A Zero as a real array of zeros; any other tangent unchanged."""
    return zeros_like_aval(tangent.aval) if type(tangent) is Zero else tangent


class JVPTracer(Tracer):
    __slots__ = ("primal", "tangent")

    def __init__(self, trace, primal, tangent):
        self._trace, self.primal, self.tangent = trace, primal, tangent

    @property
    def aval(self):
        return aval_of(self.primal)

    def to_concrete_value(self):
        primal = self.primal
        if isinstance(primal, Tracer):
            return primal.to_concrete_value()
        return primal._value if type(primal) is ArrayImpl else np.asarray(primal)

    def _origin(self):
        return self.primal._origin() if isinstance(self.primal, Tracer) else ""


class JVPTrace(Trace):
    """Carries tangents alongside primals; see the module docstring."""

    fun_name = "jvp"

    def lift(self, value):
        """(primal, tangent) of an argument: our tracers split, anything else is constant."""
        if isinstance(value, JVPTracer) and value._trace is self:
            return value.primal, value.tangent
        if isinstance(value, Tracer) and not value._trace.live:
            raise leaked_tracer_error(value)
        return value, Zero(tangent_aval(aval_of(value)))

    def process_primitive(self, prim, args, params):
        primals, tangents = [], []
        for arg in args:
            p, t = self.lift(arg)
            primals.append(p)
            tangents.append(t)
        with set_current_trace(self.parent):
            if all(type(t) is Zero for t in tangents):
                return prim.bind(*primals, **params)
            rule = self.rule(prim)
            if rule is None:
                raise NotImplementedError(
                    f"Differentiation rule for '{prim.name}' not implemented")
            primal_out, tangent_out = rule(primals, tangents, **params)
        if prim.multiple_results:
            return [self._wrap(p, t) for p, t in zip(primal_out, tangent_out)]
        return self._wrap(primal_out, tangent_out)

    @staticmethod
    def rule(prim):
        return prim.jvp

    def _wrap(self, primal, tangent):
        if type(tangent) is Zero and not dtypes.is_inexact(aval_of(primal).dtype):
            return primal  # an integer result of a differentiated op carries no tangent
        return JVPTracer(self, primal, tangent)


def primal_part(tree):
    """The primals of any JVP tracers in a pytree (auxiliary outputs carry no tangent)."""
    from ..core.tree import tree_map

    def strip(x):
        while isinstance(x, JVPTracer):
            x = x.primal
        return x
    return tree_map(strip, tree)


class FlatFun:
    """A pytree function as a function of flat leaves returning flat leaves; after a call,
    `out_tree` is the output structure and `aux` the auxiliary output (primal values only)
    when `has_aux` (the form jvp, vjp and linearize all trace)."""

    def __init__(self, fun, in_tree, has_aux=False):
        self.fun, self.in_tree, self.has_aux = fun, in_tree, has_aux
        self.out_tree = self.aux = None

    def __call__(self, *leaves):
        out = self.fun(*tree_unflatten(self.in_tree, leaves))
        if self.has_aux:
            out, aux = out
            self.aux = primal_part(aux)
        out_leaves, self.out_tree = tree_flatten(out)
        return out_leaves


def jvp_flat(fun, primals, tangents):
    """Run `fun(*primals)` under a new JVP trace: (primal outputs, tangent outputs)."""
    trace = JVPTrace(current_trace())
    with new_trace(trace):
        tracers = [JVPTracer(trace, p, t) for p, t in zip(primals, tangents)]
        outs = fun(*tracers)
        pairs = [trace.lift(o) for o in outs]
    return [p for p, _ in pairs], [instantiate(t) for _, t in pairs]


def _as_array(value):
    if type(value) in dtypes.python_scalar_types:
        dtype, weak = dtypes.dtype_and_weak(value)
        return ArrayImpl(np.asarray(value, dtype), weak)
    return value


@api_boundary
def jvp(fun, primals, tangents, has_aux=False):
    """(fun(*primals), the directional derivative of fun at primals along tangents)."""
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("primal and tangent arguments to jax.jvp must be tuples or lists; "
                        f"found {type(primals).__name__} and {type(tangents).__name__}.")
    flat_primals, tree = tree_flatten(tuple(primals))
    flat_tangents, tangent_tree = tree_flatten(tuple(tangents))
    # Python scalars become (weak) Arrays, so every rule sees arrays, as in JAX.
    flat_primals = [_as_array(p) for p in flat_primals]
    flat_tangents = [_as_array(t) for t in flat_tangents]
    if tree != tangent_tree:
        raise TypeError("primal and tangent arguments to jax.jvp must have the same tree "
                        f"structure; primals have tree structure {tree} whereas tangents have "
                        f"tree structure {tangent_tree}.")
    for p, t in zip(flat_primals, flat_tangents):
        expected = tangent_aval(aval_of(p))
        got = aval_of(t)
        if got.shape != expected.shape or got.dtype != expected.dtype:
            raise ValueError("primal and tangent arguments to jax.jvp do not match; dtypes "
                             f"must be equal, or in case of int/bool primal dtype the "
                             f"tangent dtype must be float0. Got primal dtype "
                             f"{aval_of(p).dtype.name} and so expected tangent dtype "
                             f"{expected.dtype.name}, but got tangent dtype "
                             f"{got.dtype.name} (shapes {aval_of(p).shape}, {got.shape}).")
    flat_fun = FlatFun(fun, tree, has_aux)
    tangent_in = [t if dtypes.is_inexact(aval_of(p).dtype) else Zero(tangent_aval(aval_of(p)))
                  for p, t in zip(flat_primals, flat_tangents)]
    primals_out, tangents_out = jvp_flat(flat_fun, flat_primals, tangent_in)
    out_tree = flat_fun.out_tree
    result = (tree_unflatten(out_tree, primals_out), tree_unflatten(out_tree, tangents_out))
    return (*result, flat_fun.aux) if has_aux else result


@cached_per_jaxpr
def _jvp_jaxpr(closed, nonzero, instantiate_out):
    from ..core.jaxpr import eval_jaxpr
    from .staging import closure_convert_jaxpr, trace_to_jaxpr
    in_avals, n_in = closed.in_avals, len(closed.in_avals)
    out_nonzero = []

    def jvp_program(*args):
        ts = iter(args[n_in:])
        trace = JVPTrace(current_trace())
        with new_trace(trace):
            outs = eval_jaxpr(closed.jaxpr, closed.consts, *[
                JVPTracer(trace, p, next(ts) if nz else Zero(tangent_aval(a)))
                for p, a, nz in zip(args[:n_in], in_avals, nonzero)])
            pairs = [trace.lift(o) for o in outs]
        pairs = [(p, instantiate(t) if force and dtypes.is_inexact(aval_of(p).dtype) else t)
                 for (p, t), force in zip(pairs, instantiate_out)]
        out_nonzero[:] = [type(t) is not Zero for _, t in pairs]
        return [p for p, _ in pairs] + [t for _, t in pairs if type(t) is not Zero]

    tangent_avals = [tangent_aval(a) for a, nz in zip(in_avals, nonzero) if nz]
    staged = trace_to_jaxpr(jvp_program, [*in_avals, *tangent_avals], "jvp", purpose="jit")
    return (*closure_convert_jaxpr(staged), tuple(out_nonzero))


def jvp_jaxpr(closed, nonzero, instantiate_out=None):
    """The JVP of a ClosedJaxpr as a Jaxpr, staged once per (Jaxpr, pattern):
    (jaxpr, consts, out_nonzero). The Jaxpr takes [*consts, *primals, *the tangents
    marked nonzero] and returns [*primals_out, *the tangents marked in out_nonzero];
    `instantiate_out[i]` forces output i's tangent to be present (when inexact)."""
    instantiate_out = tuple(instantiate_out or (False,) * len(closed.out_avals))
    return _jvp_jaxpr(closed, tuple(nonzero), instantiate_out)
