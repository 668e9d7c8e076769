"""The Jaxpr evaluator executor: runs a ClosedJaxpr's impls on NumPy buffers.

The program is turned once into straight-line Python source (one line per equation,
calling the primitive's impl) and compiled with `compile()`, so a call runs no
interpreter loop, dict lookups or tracing machinery. `as_text()` shows that source.
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
        names, env = {}, {"np": np, "ERRORS": NUMPY_ERRORS, "QUIET": NUMPY_QUIET}

        def constant(value, prefix):
            name = f"{prefix}{len(env)}"
            env[name] = value
            return name

        def read(atom):
            if type(atom) is Literal:
                return constant(_literal_buffer(atom), "lit")
            return names[atom]

        for var, value in zip(jaxpr.constvars, closed.consts):
            names[var] = constant(getattr(value, "_value", value), "const")
        args = []
        for i, var in enumerate(jaxpr.invars):
            names[var] = f"a{i}"
            args.append(names[var])
        lines = []
        for n, eqn in enumerate(jaxpr.eqns):
            outs = []
            for var in eqn.outvars:
                names[var] = f"v{len(names)}"
                outs.append(names[var])
            call = (f"{constant(eqn.primitive.impl, 'impl')}(np, "
                    f"{''.join(read(a) + ', ' for a in eqn.invars)}"
                    f"**{constant(eqn.params, 'params')})")
            target = (", ".join(outs) + ("," if len(outs) == 1 else "")
                      if eqn.primitive.multiple_results else outs[0])
            assign = f"{target} = " if target else ""  # an effect with no outputs
            lines.append(f"        {assign}{call}  # {eqn.primitive.name}")
        results = ", ".join(read(a) for a in jaxpr.outvars)
        self.source = "\n".join([
            f"def run({', '.join(args)}):",
            "    token = ERRORS.set(QUIET)",
            "    try:",
            *(lines or ["        pass"]),
            "    finally:",
            "        ERRORS.reset(token)",
            f"    return [{results}]"])
        exec(compile(self.source, f"<wax jaxpr {id(closed):x}>", "exec"), env)
        self._run = env["run"]

    def __call__(self, *args):
        return self._run(*args)

    def as_text(self) -> str:
        return self.source


def compile_jaxpr(closed: ClosedJaxpr) -> JaxprExecutable:
    """The default executor: the Jaxpr's impls called in order by generated Python."""
    return JaxprExecutable(closed)
