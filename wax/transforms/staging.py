"""The staging interpreter: records primitives into a Jaxpr instead of running them."""
from __future__ import annotations

import functools
import gc
import inspect
import weakref

import numpy as np

from .._config import config
from ..core import dtypes
from ..core.array import ArrayImpl, ExtendedArray
from ..core.avals import ShapedArray
from ..core.interpreters import Trace, Tracer, leaked_tracer_error, new_trace, user_frame
from ..core.jaxpr import ClosedJaxpr, DebugInfo, Eqn, Jaxpr, Literal, Var
from ..core.primitive import extended_dtype_error


class StagingTracer(Tracer):
    """A value inside a function being staged: a Var of the Jaxpr under construction."""

    __slots__ = ("_var", "_source")

    def __init__(self, trace, var, source=None):
        self._trace, self._var, self._source = trace, var, source

    @property
    def aval(self):
        return self._var.aval

    def _origin(self) -> str:
        trace = self._trace
        where = ""
        if self._source is not None:
            filename, line, fn = self._source
            where = (f"This value became a tracer due to JAX operations on these lines:\n\n"
                     f"  operation created at {filename}:{line} ({fn})\n")
        elif self._var in trace.arg_names:
            where = ("This concrete value was not available in Python because it depends on "
                     f"the value of the argument {trace.arg_names[self._var]}.\n")
        return (f"The error occurred while tracing the function {trace.fun_name} for "
                f"{trace.purpose}. {where}")


def _literal_aval(value):
    dtype, weak = dtypes.dtype_and_weak(value)
    return ShapedArray((), dtype, weak)


class StagingTrace(Trace):
    """Builds one Jaxpr: arguments become invars, constants constvars, primitives eqns."""

    def __init__(self, parent, fun_name: str = "<fun>", purpose: str = "make_jaxpr"):
        super().__init__(parent)
        self.fun_name, self.purpose = fun_name, purpose
        self.invars, self.eqns = [], []
        self.constvars, self.const_values = {}, []  # id(value) -> var; values in order
        self.arg_names = {}

    def new_arg(self, aval: ShapedArray, name: str | None = None) -> StagingTracer:
        var = Var(aval)
        self.invars.append(var)
        if name is not None:
            self.arg_names[var] = name
        return StagingTracer(self, var)

    def to_atom(self, value):
        """The Var or Literal standing for `value` inside this Jaxpr."""
        if isinstance(value, StagingTracer) and value._trace is self:
            return value._var
        if isinstance(value, Tracer) and not value._trace.live:
            raise leaked_tracer_error(value)
        if type(value) in dtypes.python_scalar_types:
            return Literal(value, _literal_aval(value))
        if type(value) is ArrayImpl and value._buf is not None and value._buf.ndim == 0:
            buf = value._buf
            return Literal(buf, ShapedArray((), buf.dtype, value._weak))
        if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
            value = np.asarray(value, dtypes.canonicalize_dtype(value.dtype))
            return Literal(value[()], ShapedArray((), value.dtype, False))
        return self._const(value)

    def _const(self, value):
        var = self.constvars.get(id(value))
        if var is None:
            if isinstance(value, np.ndarray):
                dtype = dtypes.canonicalize_dtype(value.dtype)
                value = np.array(value, dtype)  # a copy: later mutation must not leak in
                value.flags.writeable = False
                aval = ShapedArray(value.shape, dtype, False)
            elif isinstance(value, (ArrayImpl, Tracer)):
                aval = value.aval
            else:
                raise TypeError(f"Value {value!r} of type {type(value).__name__} is not a "
                                "valid wax type")
            var = Var(aval)
            self.constvars[id(value)] = var
            self.const_values.append((var, value))
        return var

    def process_primitive(self, prim, args, params):
        for a in args:
            if isinstance(a, ExtendedArray):
                raise extended_dtype_error(prim.name, args)
        atoms = [self.to_atom(a) for a in args]
        out = prim.abstract_eval(*[a.aval for a in atoms], **params)
        source = user_frame()
        if prim.multiple_results:
            outvars = [Var(a) for a in out]
        else:
            outvars = [Var(out)]
        self.eqns.append(Eqn(prim, atoms, outvars, params, eqn_effects(prim, params),
                             source))
        tracers = [StagingTracer(self, v, source) for v in outvars]
        return tracers if prim.multiple_results else tracers[0]

    def to_jaxpr(self, outputs, debug_info=None) -> ClosedJaxpr:
        outvars = [self.to_atom(o) for o in outputs]
        constvars = [var for var, _ in self.const_values]
        consts = [value for _, value in self.const_values]
        effects = frozenset().union(*(e.effects for e in self.eqns)) if self.eqns else frozenset()
        jaxpr = Jaxpr(constvars, self.invars, outvars, self.eqns, effects, debug_info)
        return ClosedJaxpr(jaxpr, consts)


def eqn_effects(prim, params) -> frozenset:
    """An equation's effects: its primitive's, and those of any Jaxpr in its params (a
    debug.print inside a cond branch or scan body makes the cond/scan effectful)."""
    effects = prim.effects
    for value in params.values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, ClosedJaxpr) and item.jaxpr.effects:
                effects = effects | item.jaxpr.effects
    return effects


def cached_per_jaxpr(fn):
    """Memoize `fn(closed, *key)` per ClosedJaxpr (weakly) and hashable key: each
    transformation of a sub-Jaxpr (jvp, linearize, batch, transpose) is staged once."""
    cache: "weakref.WeakKeyDictionary[ClosedJaxpr, dict]" = weakref.WeakKeyDictionary()

    @functools.wraps(fn)
    def cached(closed, *key):
        per_jaxpr = cache.setdefault(closed, {})
        if key not in per_jaxpr:
            per_jaxpr[key] = fn(closed, *key)
        return per_jaxpr[key]
    return cached


def trace_to_jaxpr(flat_fun, in_avals, fun_name="<fun>", arg_names=None,
                   purpose="make_jaxpr"):
    """Stage `flat_fun(*tracers) -> list of outputs` into a ClosedJaxpr (consts are values
    or tracers of enclosing traces)."""
    from ..core.interpreters import current_trace
    trace = StagingTrace(current_trace(), fun_name, purpose)
    names = arg_names or [None] * len(in_avals)
    with new_trace(trace):
        tracers = [trace.new_arg(a, n) for a, n in zip(in_avals, names)]
        outs = flat_fun(*tracers)
        closed = trace.to_jaxpr(outs, DebugInfo(fun_name, arg_names))
    if config.jax_check_tracer_leaks:
        del tracers, outs
        _check_no_leaks(trace)
    return closed


def _check_no_leaks(trace):
    """With jax_check_tracer_leaks, a tracer of a finished trace that something still
    holds (a global, a closure) is an error raised now rather than at its first use."""
    gc.collect()
    for obj in gc.get_referrers(trace):
        if isinstance(obj, StagingTracer) and obj._trace is trace:
            raise leaked_tracer_error(obj)


def aval_of(value) -> ShapedArray:
    """The abstract value of a jit/make_jaxpr argument leaf (Python scalars are weak)."""
    aval = getattr(value, "aval", None)
    if aval is not None and isinstance(aval, ShapedArray):
        return aval
    if isinstance(value, (np.ndarray, np.generic)):
        return ShapedArray(value.shape, dtypes.canonicalize_dtype(value.dtype), False)
    if type(value) in dtypes.python_scalar_types:
        return _literal_aval(value)
    if hasattr(value, "shape") and hasattr(value, "dtype"):  # ShapeDtypeStruct and friends
        return ShapedArray(value.shape, dtypes.canonicalize_dtype(value.dtype),
                           getattr(value, "weak_type", False))
    raise TypeError(f"Argument '{value!r}' of type {type(value)} is not a valid JAX type")


def fun_name(fun) -> str:
    return getattr(fun, "__name__", None) or type(fun).__name__


def flat_arg_names(fun, args) -> list[str] | None:
    """Names for debug_info: each positional parameter's name plus the key path of a leaf."""
    from ..core.tree import keystr, tree_flatten_with_path
    try:
        params = list(inspect.signature(fun).parameters.values())
    except (TypeError, ValueError):
        params = []
    names = []
    for i, arg in enumerate(args):
        if i < len(params) and params[i].kind in (params[i].POSITIONAL_ONLY,
                                                  params[i].POSITIONAL_OR_KEYWORD):
            base = params[i].name
        else:
            base = f"args[{i}]"
        for path, _ in tree_flatten_with_path(arg)[0]:
            names.append(base + keystr(path))
    return names


def closure_convert_jaxpr(closed: ClosedJaxpr):
    """Constants become leading arguments, so they can be tracers of enclosing traces:
    (the ClosedJaxpr without consts, the const values)."""
    jaxpr = closed.jaxpr
    converted = Jaxpr([], jaxpr.constvars + jaxpr.invars, jaxpr.outvars, jaxpr.eqns,
                      jaxpr.effects, jaxpr.debug_info)
    return ClosedJaxpr(converted, []), closed.consts


class StagedCall:
    """A user function staged for a call primitive (custom_jvp, custom_vjp, checkpoint):
    the arguments at `static_argnums` stay Python values, the rest are flattened.

    jaxpr:   the closure-converted ClosedJaxpr (consts are its leading inputs)
    consts, leaves, in_tree, out_tree: what to bind and how to rebuild the output
    statics: the static arguments in order; full(dyn) rebuilds the whole argument list
    """

    def __init__(self, fun, args, static_argnums=()):
        from ..core.tree import tree_flatten, tree_unflatten
        static = {i: args[i] for i in static_argnums}
        self.statics = [static[i] for i in sorted(static)]
        n_args = len(args)

        def full(dyn_args):
            it = iter(dyn_args)
            return [static[i] if i in static else next(it) for i in range(n_args)]

        self.full = full
        dyn = tuple(a for i, a in enumerate(args) if i not in static)
        self.leaves, self.in_tree = tree_flatten(dyn)
        box = []

        def flat_fun(*xs):
            out_leaves, out_tree = tree_flatten(fun(*full(tree_unflatten(self.in_tree, xs))))
            box.append(out_tree)
            return out_leaves

        closed = trace_to_jaxpr(flat_fun, [aval_of(x) for x in self.leaves], fun_name(fun))
        self.jaxpr, self.consts = closure_convert_jaxpr(closed)
        self.out_tree = box[0]

    def unflatten(self, outs):
        from ..core.tree import tree_unflatten
        return tree_unflatten(self.out_tree, outs)
