"""Jaxprs: typed programs of primitive equations; the printer, type checker and evaluator."""
from __future__ import annotations

import itertools

import numpy as np

from .array import ArrayImpl
from .avals import ShapedArray
from .errors import JaxprTypeError
from .interpreters import bind


class Var:
    """A variable of a Jaxpr; printed names are given per Jaxpr when printing."""

    __slots__ = ("aval", "count")
    _counter = itertools.count()

    def __init__(self, aval: ShapedArray):
        self.aval = aval
        self.count = next(Var._counter)

    def __repr__(self):
        return f"Var({self.count}:{self.aval.str_short()})"


class Literal:
    """A scalar constant written inline in a Jaxpr (`0.5:f32[]`)."""

    __slots__ = ("val", "aval", "value")

    def __init__(self, val, aval: ShapedArray):
        self.val = val
        self.aval = aval
        # What an interpreter binds: a weak NumPy scalar must stay weak when it runs again.
        self.value = (ArrayImpl(val, True) if aval.weak_type and isinstance(val, np.ndarray | np.generic)
                      else val)

    def __repr__(self):
        return f"Literal({self.val})"


class Eqn:
    """`outvars = primitive[params] invars`, with effects and the user's source line."""

    __slots__ = ("primitive", "invars", "outvars", "params", "effects", "source_info")

    def __init__(self, primitive, invars, outvars, params, effects=frozenset(),
                 source_info=None):
        self.primitive, self.invars, self.outvars = primitive, list(invars), list(outvars)
        self.params, self.effects, self.source_info = params, effects, source_info

    def __repr__(self):
        return str_eqn(self, _Namer(), "")


class DebugInfo:
    """What the Jaxpr was traced from: the function's name and its arguments' names."""

    __slots__ = ("func_name", "arg_names", "result_paths")

    def __init__(self, func_name: str, arg_names=None, result_paths=None):
        self.func_name, self.arg_names, self.result_paths = func_name, arg_names, result_paths


class Jaxpr:
    __slots__ = ("constvars", "invars", "outvars", "eqns", "effects", "debug_info")

    def __init__(self, constvars, invars, outvars, eqns, effects=frozenset(), debug_info=None):
        self.constvars, self.invars, self.outvars = list(constvars), list(invars), list(outvars)
        self.eqns, self.effects, self.debug_info = list(eqns), effects, debug_info

    in_avals = property(lambda self: [v.aval for v in self.invars])
    out_avals = property(lambda self: [v.aval for v in self.outvars])

    def __str__(self):
        return str_jaxpr(self, _Namer(), "")

    __repr__ = __str__

    def pretty_print(self) -> str:
        return str(self)


class ClosedJaxpr:
    """A Jaxpr together with the values of its constvars."""

    __slots__ = ("jaxpr", "consts", "__weakref__")

    def __init__(self, jaxpr: Jaxpr, consts):
        self.jaxpr, self.consts = jaxpr, list(consts)

    in_avals = property(lambda self: self.jaxpr.in_avals)
    out_avals = property(lambda self: self.jaxpr.out_avals)
    eqns = property(lambda self: self.jaxpr.eqns)
    effects = property(lambda self: self.jaxpr.effects)

    def __str__(self):
        return str(self.jaxpr)

    __repr__ = __str__

    def pretty_print(self) -> str:
        return str(self)


# --- printing ---------------------------------------------------------------------

class _Namer:
    """Gives variables JAX's names a, b, ..., z, ba, bb, ... in order of appearance."""

    def __init__(self):
        self.names = {}

    def __call__(self, var) -> str:
        if isinstance(var, Literal):
            return _str_literal(var)
        name = self.names.get(var)
        if name is None:
            name = self.names[var] = _letters(len(self.names))
        return name

    def binder(self, var) -> str:
        return f"{self(var)}:{var.aval.str_short()}"


def _letters(n: int) -> str:
    text = ""
    while True:
        text = chr(ord("a") + n % 26) + text
        n //= 26
        if n == 0:
            return text


def _str_literal(lit: Literal) -> str:
    val = lit.val
    if isinstance(val, np.ndarray):
        val = val[()]
    if isinstance(val, np.floating):
        # The shortest text that reads back as this float32/float16 (0.9, not
        # 0.8999999761581421), as JAX prints a literal.
        return f"{str(val)}:{lit.aval.str_short()}"
    if isinstance(val, np.generic):
        val = val.item()
    if isinstance(val, bool):
        text = str(val)
    elif isinstance(val, float):
        text = repr(val)
    else:
        text = str(val)
    return f"{text}:{lit.aval.str_short()}"


def _str_param(value, namer, indent) -> str:
    if isinstance(value, ClosedJaxpr):
        value = value.jaxpr
    if isinstance(value, Jaxpr):
        return str_jaxpr(value, namer, indent + "  ")
    if isinstance(value, np.dtype):
        return value.name
    if type(value) is tuple:  # named tuples (dimension numbers) print with their fields
        inner = ", ".join(_str_param(v, namer, indent) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return str(value)


def str_eqn(eqn: Eqn, namer: _Namer, indent: str) -> str:
    args = " ".join(namer(v) for v in eqn.invars)
    outs = " ".join(namer.binder(v) for v in eqn.outvars) or "_"
    params = eqn.params
    if not params:
        return f"{indent}{outs} = {eqn.primitive.name} {args}".rstrip()
    multiline = any(isinstance(v, (Jaxpr, ClosedJaxpr)) for v in params.values())
    # Alphabetical as JAX prints, except that a call's `name` comes first.
    keys = sorted(params, key=lambda k: (k != "name", k))
    items = [f"{k}={_str_param(params[k], namer, indent)}" for k in keys]
    if multiline:
        inner = "".join(f"\n{indent}  {item}" for item in items)
        return f"{indent}{outs} = {eqn.primitive.name}[{inner}\n{indent}] {args}".rstrip()
    return f"{indent}{outs} = {eqn.primitive.name}[{' '.join(items)}] {args}".rstrip()


_LINE_WIDTH = 80


def str_jaxpr(jaxpr: Jaxpr, namer: _Namer, indent: str) -> str:
    """JAX's text form: on one line (equations joined by '; ') when that fits in 80
    columns and nothing is nested, else one equation per line."""
    consts = " ".join(namer.binder(v) for v in jaxpr.constvars)
    ins = " ".join(namer.binder(v) for v in jaxpr.invars)
    head = f"{{ lambda {consts}; {ins}. let"
    lines = [str_eqn(e, namer, "") for e in jaxpr.eqns]
    outs = ", ".join(namer(v) for v in jaxpr.outvars)
    outs = f"({outs},)" if len(jaxpr.outvars) == 1 else f"({outs})"
    one_line = f"{head} {'; '.join(lines)} in {outs} }}"
    if len(indent) + len(one_line) <= _LINE_WIDTH and not any("\n" in x for x in lines):
        return one_line
    body = "\n".join(_indent_lines(x, indent + "    ") for x in lines)
    return f"{head}\n{body}\n{indent}  in {outs} }}"


def _indent_lines(text: str, indent: str) -> str:
    return "\n".join(indent + line for line in text.split("\n"))


# --- type checking ------------------------------------------------------------------

def check_jaxpr(jaxpr: Jaxpr) -> None:
    """Raise JaxprTypeError unless every variable is defined once before use and every
    equation's output types are what its primitive's abstract_eval gives."""
    defined = set()

    def define(var):
        if var in defined:
            raise JaxprTypeError(f"Variable {var} defined twice")
        defined.add(var)

    def read(atom):
        if isinstance(atom, Literal):
            return atom.aval
        if atom not in defined:
            raise JaxprTypeError(f"Variable {atom} used before it is defined")
        return atom.aval

    for var in itertools.chain(jaxpr.constvars, jaxpr.invars):
        define(var)
    for eqn in jaxpr.eqns:
        in_avals = [read(a) for a in eqn.invars]
        rule = eqn.primitive.abstract_eval
        if rule is not None:
            out = rule(*in_avals, **eqn.params)
            out = list(out) if eqn.primitive.multiple_results else [out]
            got = [v.aval for v in eqn.outvars]
            if [a.strip_weak_type() for a in out] != [a.strip_weak_type() for a in got]:
                raise JaxprTypeError(f"{eqn.primitive.name}: abstract_eval gives {out}, but the "
                                     f"equation binds {got}")
        for var in eqn.outvars:
            define(var)
    for atom in jaxpr.outvars:
        read(atom)


# --- evaluation ---------------------------------------------------------------------

def eval_jaxpr(jaxpr: Jaxpr, consts, *args):
    """Run a Jaxpr by binding each equation's primitive (so it runs under any trace)."""
    if len(args) != len(jaxpr.invars):
        raise TypeError(f"eval_jaxpr expects {len(jaxpr.invars)} arguments, got {len(args)}")
    env = {}
    env.update(zip(jaxpr.constvars, consts))
    env.update(zip(jaxpr.invars, args))
    for eqn in jaxpr.eqns:
        ins = [a.value if type(a) is Literal else env[a] for a in eqn.invars]
        out = bind(eqn.primitive, *ins, **eqn.params)
        if eqn.primitive.multiple_results:
            env.update(zip(eqn.outvars, out))
        else:
            env[eqn.outvars[0]] = out
    return [a.value if type(a) is Literal else env[a] for a in jaxpr.outvars]


def dce_jaxpr(jaxpr: Jaxpr) -> Jaxpr:
    """The Jaxpr without equations whose outputs nothing uses (effectful ones are kept)."""
    live = {v for v in jaxpr.outvars if type(v) is not Literal}
    kept = []
    for eqn in reversed(jaxpr.eqns):
        if eqn.effects or any(v in live for v in eqn.outvars):
            kept.append(eqn)
            live.update(v for v in eqn.invars if type(v) is not Literal)
    kept.reverse()
    return Jaxpr(jaxpr.constvars, jaxpr.invars, jaxpr.outvars, kept, jaxpr.effects,
                 jaxpr.debug_info)
