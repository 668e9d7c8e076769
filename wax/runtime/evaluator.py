"""The Jaxpr evaluator executor: runs a ClosedJaxpr's impls on NumPy buffers.

The program is flattened once into a list of steps over numbered slots, so a call is one
tight loop with no dict lookups or tracing machinery.
"""
from __future__ import annotations

import numpy as np

from ..core.interpreters import NUMPY_ERRORS, NUMPY_QUIET
from ..core.jaxpr import ClosedJaxpr, Literal


def _literal_buffer(lit: Literal):
    return np.asarray(lit.val, lit.aval.dtype)[()]


class JaxprExecutable:
    """Callable(*buffers) -> list of output buffers for one ClosedJaxpr."""

    def __init__(self, closed: ClosedJaxpr):
        jaxpr = closed.jaxpr
        slots = {}
        for var in (*jaxpr.constvars, *jaxpr.invars):
            slots[var] = len(slots)
        self.num_consts = len(jaxpr.constvars)
        self.num_args = len(jaxpr.invars)
        self.consts = [np.asarray(c) if not hasattr(c, "_buf") else c._value
                       for c in closed.consts]
        steps = []
        for eqn in jaxpr.eqns:
            ins = tuple((False, _literal_buffer(a)) if type(a) is Literal else (True, slots[a])
                        for a in eqn.invars)
            outs = []
            for var in eqn.outvars:
                slots[var] = len(slots)
                outs.append(slots[var])
            steps.append((eqn.primitive.impl, ins, eqn.params, tuple(outs),
                          eqn.primitive.multiple_results))
        self.steps = steps
        self.num_slots = len(slots)
        self.outs = [(False, _literal_buffer(a)) if type(a) is Literal else (True, slots[a])
                     for a in jaxpr.outvars]
        self.text = str(closed)

    def __call__(self, *args):
        env = [None] * self.num_slots
        env[:self.num_consts] = self.consts
        env[self.num_consts:self.num_consts + self.num_args] = args
        token = NUMPY_ERRORS.set(NUMPY_QUIET)
        try:
            for impl, ins, params, outs, multiple in self.steps:
                values = [env[i] if is_var else i for is_var, i in ins]
                out = impl(np, *values, **params)
                if multiple:
                    for slot, value in zip(outs, out):
                        env[slot] = value
                else:
                    env[outs[0]] = out
        finally:
            NUMPY_ERRORS.reset(token)
        return [env[i] if is_var else i for is_var, i in self.outs]

    def as_text(self) -> str:
        return self.text


def compile_jaxpr(closed: ClosedJaxpr) -> JaxprExecutable:
    """The default executor: evaluate the Jaxpr's impls in order."""
    return JaxprExecutable(closed)
