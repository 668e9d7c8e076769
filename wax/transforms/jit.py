"""jit: stage a function to a Jaxpr once per signature and run it with the registered executor.

`jit(f)(x)` binds the call primitive `jit` whose params carry the closed Jaxpr, so an
enclosing transformation (make_jaxpr, later grad and vmap) keeps one `jit` equation
instead of dissolving f into op-by-op work. At top level the call takes a short path:
flatten, one cache lookup, run the executable, unflatten.
"""
from __future__ import annotations

import functools
import inspect
import time
import warnings
import weakref

import numpy as np

from .._config import config
from ..core import dtypes, monitoring, profiling
from ..core.traceback_util import filter_traceback
from ..core.array import ArrayImpl, make_array
from ..core.interpreters import EVAL_TRACE, EvalTrace, Tracer, current_trace, to_buffer
from ..core.jaxpr import ClosedJaxpr
from ..core.primitive import Primitive, register
from ..core.tree import tree_flatten, tree_unflatten, treedef_is_leaf
from ..runtime.evaluator import compile_jaxpr
from . import jit_explain
from .staging import (aval_of, closure_convert_jaxpr, flat_arg_names, fun_name,
                      trace_to_jaxpr)

_executor = compile_jaxpr


def set_executor(factory) -> None:
    """Install the function that turns a ClosedJaxpr into an Executable (the compiler's seam)."""
    global _executor
    _executor = factory
    _executables.clear()


_executables: "weakref.WeakKeyDictionary[ClosedJaxpr, object]" = weakref.WeakKeyDictionary()


def executable_for(closed: ClosedJaxpr):
    exe = _executables.get(closed)
    if exe is None:
        start = time.perf_counter()
        exe = _executables[closed] = _executor(closed)
        info = closed.jaxpr.debug_info
        name = info.func_name if info is not None else "<unnamed>"
        seconds = time.perf_counter() - start
        monitoring.record_compile_step("/jax/core/compile/backend_compile_duration", seconds,
                                       name)
        if config.jax_log_compiles:
            jit_explain.log_compile(name, closed.in_avals, seconds)
    return exe


def _jit_impl(xp, *bufs, name, jaxpr):
    return executable_for(jaxpr)(*bufs)


def _jit_abstract_eval(*avals, name, jaxpr):
    expected = jaxpr.in_avals
    if len(avals) != len(expected) or any(
            a.shape != e.shape or a.dtype != e.dtype for a, e in zip(avals, expected)):
        raise TypeError(f"jit of {name} was staged for arguments "
                        f"({', '.join(map(str, expected))}) but called with "
                        f"({', '.join(map(str, avals))})")
    return jaxpr.out_avals


def _nonzero_pattern(tangents):
    from .jvp import Zero
    return tuple(type(t) is not Zero for t in tangents)


def with_zeros(values, pattern, avals):
    """Outputs of a staged derivative program (one per True in pattern) with the
    symbolic Zero tangents put back in the other positions."""
    from .jvp import Zero, tangent_aval
    it = iter(values)
    return [next(it) if nz else Zero(tangent_aval(a)) for nz, a in zip(pattern, avals)]


def _jit_jvp(primals, tangents, *, name, jaxpr):
    """jvp of a jit call is one jit call of the staged jvp program (cached per Jaxpr and
    which inputs have nonzero tangents), taking primals and nonzero tangents and returning
    primals and the tangents that are not symbolically zero, as JAX's is."""
    from .jvp import Zero, jvp_jaxpr
    closed, consts, out_nonzero = jvp_jaxpr(jaxpr, _nonzero_pattern(tangents))
    outs = jit_p.bind(*consts, *primals, *(t for t in tangents if type(t) is not Zero),
                      name=f"jvp({name})", jaxpr=closed)
    n_out = len(jaxpr.out_avals)
    return outs[:n_out], with_zeros(outs[n_out:], out_nonzero, jaxpr.out_avals)


def _jit_linearize(primals, tangents, *, name, jaxpr):
    """linearize of a jit call is two jit calls, as with JAX's direct linearization: the
    primal program, which also returns the residuals the tangent map needs, runs now; the
    tangent map (linear in the tangents, taking the residuals) is what gets staged, and
    its transpose later reads the residuals instead of recomputing the forward pass."""
    from .jvp import Zero
    from .linearize import linearize_jaxpr
    primal, primal_consts, tangent, out_nonzero, _ = linearize_jaxpr(
        jaxpr, _nonzero_pattern(tangents))
    outs = jit_p.bind(*primal_consts, *primals, name=name, jaxpr=primal)
    n_out = len(jaxpr.out_avals)
    t_outs = jit_p.bind(*outs[n_out:], *(t for t in tangents if type(t) is not Zero),
                        name=f"jvp({name})", jaxpr=tangent)
    return outs[:n_out], with_zeros(t_outs, out_nonzero, jaxpr.out_avals)


def _jit_transpose(cts, *args, name, jaxpr):
    """Transpose of a jit call: its backward pass, staged (once per linear-input pattern
    and cotangent types) and bound as a jit call of its own, as JAX's transpose is. Under
    grad the call being transposed is the tangent half that `_jit_linearize` staged, so
    its known inputs are the residuals of the forward call."""
    from .jvp import instantiate
    from .transpose import is_undefined, transpose_jaxpr
    linear = tuple(is_undefined(a) for a in args)
    cts = [instantiate(ct) for ct in cts]
    closed, consts = transpose_jaxpr(jaxpr, linear, tuple(aval_of(ct) for ct in cts))
    known = [a for a in args if not is_undefined(a)]
    outs = iter(jit_p.bind(*consts, *known, *cts, name=f"transpose({name})", jaxpr=closed))
    return [next(outs) if lin else None for lin in linear]


def _jit_batch(axis, args, dims, *, name, jaxpr):
    """vmap of a jit call is one jit call of the batched program (cached per Jaxpr,
    batch dims and axis), so `vmap(jit(f))` keeps one jit equation."""
    from .batching import batch_jaxpr
    closed, consts, out_dims = batch_jaxpr(jaxpr, axis, tuple(dims))
    outs = jit_p.bind(*consts, *args, name=name, jaxpr=closed)
    return outs, list(out_dims)


jit_p = register(Primitive("jit", impl=_jit_impl, abstract_eval=_jit_abstract_eval,
                           jvp=_jit_jvp, linearize=_jit_linearize, transpose=_jit_transpose,
                           batch=_jit_batch, multiple_results=True))


class _CacheEntry:
    __slots__ = ("closed", "consts", "const_bufs", "out_tree", "executable", "out_weak",
                 "single_output", "donations")

    def __init__(self, closed, consts, out_tree):
        self.closed, self.consts, self.out_tree = closed, consts, out_tree
        self.executable = None
        self.out_weak = [a.weak_type for a in closed.out_avals]
        self.single_output = treedef_is_leaf(out_tree) and out_tree.num_leaves == 1
        concrete = all(not isinstance(c, Tracer) for c in consts)
        self.const_bufs = [to_buffer(c)[0] for c in consts] if concrete else None
        self.donations = {}  # donated leaf positions -> the ones an output can reuse

    def usable_donations(self, positions: tuple) -> frozenset:
        """The donated input leaves (flat positions) an output of the same shape and dtype
        can take over, each output once, as XLA aliases them; JAX's UserWarning names the
        others (once per compiled signature), which stay alive."""
        usable = self.donations.get(positions)
        if usable is None:
            in_avals = self.closed.in_avals[len(self.consts):]
            free = [(a.shape, a.dtype) for a in self.closed.out_avals]
            usable, unusable = set(), []
            for i in positions:
                sig = (in_avals[i].shape, in_avals[i].dtype)
                if sig in free:
                    free.remove(sig)
                    usable.add(i)
                else:
                    unusable.append(f"{in_avals[i].dtype.name}"
                                    f"[{','.join(map(str, in_avals[i].shape))}]")
            if unusable:
                warnings.warn(f"Some donated buffers were not usable: {', '.join(unusable)}.\n"
                              "See an explanation at "
                              "https://docs.jax.dev/en/latest/faq.html#buffer-donation.",
                              UserWarning, stacklevel=4)
            usable = self.donations[positions] = frozenset(usable)
        return usable


def _leaf_signature(leaf):
    kind = type(leaf)
    if kind is ArrayImpl:
        buf = leaf._value
        return (buf.shape, buf.dtype, leaf._weak)
    if kind in dtypes.python_scalar_types:
        return kind
    if isinstance(leaf, Tracer):
        aval = leaf.aval
        return (aval.shape, aval.dtype, aval.weak_type)
    try:
        return aval_of(leaf)
    except TypeError:
        return ("not an array", kind)  # _stage raises JAX's error for it


def _nonhashable_static(value, err):
    return ValueError(
        "Non-hashable static arguments are not supported. An error occurred while trying to "
        f"hash an object of type {type(value)}, {value!r}. The error was:\n"
        f"{type(err).__name__}: {err}\n")


_SHARED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _shared_caches(fun, options) -> tuple:
    """(cache, flat cache) of `fun` jitted with `options`, alive as long as `fun` is."""
    try:
        per_fun = _SHARED.setdefault(fun, {})
    except TypeError:  # not weakly referenceable (or unhashable): a cache of its own
        return {}, {}
    return per_fun.setdefault(options, ({}, {}))


def clear_shared_caches():
    """Forget every jitted function's staged programs."""
    for per_fun in list(_SHARED.values()):
        for cache, flat_cache in per_fun.values():
            cache.clear()
            flat_cache.clear()


class JitWrapped:
    """The result of `wax.jit(f)`: callable, with `.lower`, `.trace` and `.eval_shape`."""

    def __init__(self, fun, static_argnums=(), static_argnames=(), donate_argnums=(),
                 donate_argnames=(), keep_unused=False, inline=False):
        self.fun = fun
        functools.update_wrapper(self, fun, updated=())
        static_argnums, static_argnames = _infer_argnums_and_names(
            fun, _as_tuple(static_argnums), _as_tuple(static_argnames))
        self._argnum_names = dict(zip(static_argnums, static_argnames)) \
            if len(static_argnums) == len(static_argnames) else {}
        donate_argnums, donate_argnames = _infer_argnums_and_names(
            fun, _as_tuple(donate_argnums), _as_tuple(donate_argnames))
        self.static_argnums = frozenset(static_argnums)
        self.static_argnames = frozenset(static_argnames)
        self.donate_argnums = frozenset(donate_argnums)
        self.inline = inline
        # (_flat_cache: the short path's view of _cache, see __call__.) Shared by every
        # wrapper of the same function with the same options, as JAX keys its cache on
        # the function: `jit(f)(x)` in a loop traces f once.
        self._cache, self._flat_cache = _shared_caches(
            fun, (self.static_argnums, self.static_argnames, self.donate_argnums,
                  inline, keep_unused))
        self._plain = not (self.static_argnums or self.static_argnames or self.donate_argnums)
        self._name = fun_name(fun)

    # -- the call path ------------------------------------------------------------------
    def _split(self, args, kwargs):
        statics = []
        if self.static_argnums:
            n = len(args)
            for i in sorted(self.static_argnums):
                if (i >= n or i < -n) and self._argnum_names.get(i) not in kwargs:
                    raise ValueError(
                        f"jitted function has static_argnums={tuple(sorted(self.static_argnums))}"
                        f" but was called with only {n} positional arguments.")
            dyn = []
            for i, arg in enumerate(args):
                if i in self.static_argnums or i - n in self.static_argnums:
                    statics.append((i, arg))
                else:
                    dyn.append(arg)
            args = tuple(dyn)
        if kwargs and self.static_argnames:
            kwargs = dict(kwargs)
            for name in sorted(self.static_argnames & kwargs.keys()):
                statics.append((name, kwargs.pop(name)))
        for _, value in statics:
            try:
                hash(value)
            except TypeError as err:
                raise _nonhashable_static(value, err) from None
        return args, kwargs, tuple(statics)

    def _entry(self, args, kwargs, statics, leaves, treedef):
        key = (treedef, statics, tuple(map(_leaf_signature, leaves)), config.jit_key())
        entry = self._cache.get(key)
        if entry is None:
            if config.jax_explain_cache_misses:
                jit_explain.explain_cache_miss(
                    self.fun, self._name, self._cache, key,
                    flat_arg_names(self.fun, args) if not kwargs else None)
            entry = self._cache[key] = self._stage(args, kwargs, statics, leaves, treedef)
        return entry

    def _stage(self, args, kwargs, statics, leaves, treedef):
        for i, leaf in enumerate(leaves):
            try:
                aval_of(leaf)
            except TypeError:
                raise TypeError(
                    f"Error interpreting argument to {self.fun} as an abstract array. The "
                    f"problematic value is of type {type(leaf)} and was passed to the function "
                    "at flat index {i}. This typically means that a jit-wrapped function was "
                    "called with a non-array argument, and this argument was not marked as "
                    "static using the static_argnums or static_argnames parameters of "
                    "jax.jit.") from None
        in_avals = [aval_of(leaf) for leaf in leaves]
        static_args = dict(statics)
        out_tree_box = []

        def flat_fun(*tracers):
            dyn_args, dyn_kwargs = tree_unflatten(treedef, tracers)
            full_args, dyn_iter = [], iter(dyn_args)
            for i in range(len(dyn_args) + sum(isinstance(k, int) for k in static_args)):
                full_args.append(static_args[i] if i in static_args else next(dyn_iter))
            full_kwargs = dict(dyn_kwargs)
            full_kwargs.update({k: v for k, v in static_args.items() if isinstance(k, str)})
            out = self.fun(*full_args, **full_kwargs)
            out_leaves, out_tree = tree_flatten(out)
            out_tree_box.append(out_tree)
            return out_leaves

        names = flat_arg_names(self.fun, args) if not kwargs else None
        start = time.perf_counter()
        with profiling.event(f"trace jit({self._name})", "trace"):
            closed = trace_to_jaxpr(flat_fun, in_avals, self._name, names, purpose="jit")
        seconds = time.perf_counter() - start
        monitoring.record_compile_step("/jax/core/compile/jaxpr_trace_duration", seconds,
                                       self._name)
        if config.jax_log_compiles:
            jit_explain.log_tracing(self._name, seconds)
        converted, consts = closure_convert_jaxpr(closed)
        return _CacheEntry(converted, consts, out_tree_box[0])

    def __call__(self, *args, **kwargs):
        try:
            # The short path: positional concrete Arrays, nothing static or donated, no
            # transformation active: one signature tuple, one dict lookup, run, wrap.
            if not kwargs and self._plain and current_trace() is EVAL_TRACE:
                sig = []
                for arg in args:
                    if type(arg) is not ArrayImpl or arg._buf is None:
                        break
                    buf = arg._buf
                    sig.append((buf.shape, buf.dtype, arg._weak))
                else:
                    entry = self._flat_cache.get((tuple(sig), config._jit_key))
                    if entry is not None:
                        outs = entry.executable(*entry.const_bufs, *[a._buf for a in args])
                        if entry.single_output:
                            return ArrayImpl(outs[0], entry.out_weak[0])
                        return tree_unflatten(entry.out_tree, [
                            ArrayImpl(o, w) for o, w in zip(outs, entry.out_weak)])
            return self._call(args, kwargs)
        except Exception as err:  # (re-raised: with wax's frames dropped from its traceback)
            filter_traceback(err)
            raise

    def _call(self, args, kwargs):
        if config.jax_disable_jit:
            return self.fun(*args, **kwargs)
        donated = self._donated_arrays(args) if self.donate_argnums else ()
        if self.static_argnums or self.static_argnames:
            args, kwargs, statics = self._split(args, kwargs)
        else:
            statics = ()
        leaves, treedef = tree_flatten((args, kwargs))
        entry = self._entry(args, kwargs, statics, leaves, treedef)
        trace = current_trace()
        if isinstance(trace, EvalTrace) and entry.const_bufs is not None:
            if trace is EVAL_TRACE:
                outs = self._run(entry, leaves)
            else:  # (a profiler trace is recording: one event per call)
                with profiling.event(f"jit({self._name})", "jit"):
                    outs = self._run(entry, leaves)
            if (self._plain and not kwargs and entry.executable is not None
                    and all(type(a) is ArrayImpl for a in args)):
                sig = tuple((a._buf.shape, a._buf.dtype, a._weak) for a in args)
                self._flat_cache[(sig, config._jit_key)] = entry
            if donated:
                ids = {id(a) for a in donated}
                positions = tuple(i for i, leaf in enumerate(leaves) if id(leaf) in ids)
                for i in entry.usable_donations(positions):
                    leaves[i].delete()
        else:
            outs = jit_p.bind(*entry.consts, *leaves, name=self._name, jaxpr=entry.closed)
        return tree_unflatten(entry.out_tree, outs)

    def _run(self, entry, leaves):
        bufs = []
        for leaf, aval in zip(leaves, entry.closed.in_avals[len(entry.consts):]):
            if type(leaf) is ArrayImpl and leaf._buf is not None:
                bufs.append(leaf._buf)
            elif isinstance(leaf, Tracer):
                return jit_p.bind(*entry.consts, *leaves, name=self._name, jaxpr=entry.closed)
            else:
                buf = to_buffer(leaf)[0]
                bufs.append(np.asarray(buf, aval.dtype) if type(buf) is not np.ndarray else buf)
        exe = entry.executable
        if exe is None:
            exe = entry.executable = executable_for(entry.closed)
        outs = exe(*entry.const_bufs, *bufs)
        return [make_array(o if type(o) is np.ndarray else np.asarray(o), w)
                for o, w in zip(outs, entry.out_weak)]

    def _donated_arrays(self, args):
        from ..core.tree import tree_leaves
        n = len(args)
        return [leaf for i in self.donate_argnums if -n <= i < n
                for leaf in tree_leaves(args[i]) if type(leaf) is ArrayImpl]

    # -- ahead of time ---------------------------------------------------------------------
    def trace(self, *args, **kwargs) -> "Traced":
        args, kwargs, statics = self._split(args, kwargs)
        leaves, treedef = tree_flatten((args, kwargs))
        return Traced(self, self._entry(args, kwargs, statics, leaves, treedef))

    def lower(self, *args, **kwargs) -> "Lowered":
        return self.trace(*args, **kwargs).lower()

    def eval_shape(self, *args, **kwargs):
        from .api_misc import eval_shape
        return eval_shape(self, *args, **kwargs)

    def _cache_size(self) -> int:
        return len(self._cache)

    def clear_cache(self):
        self._cache.clear()
        self._flat_cache.clear()

    def __get__(self, obj, objtype=None):
        return self if obj is None else functools.partial(self, obj)

    def __repr__(self):
        return f"<wax.jit of {self.fun!r}>"


class Traced:
    """`jit(f).trace(*args)`: the staged Jaxpr of one signature."""

    def __init__(self, wrapped: JitWrapped, entry: _CacheEntry):
        self._wrapped, self._entry = wrapped, entry

    @property
    def jaxpr(self) -> ClosedJaxpr:
        return self._entry.closed

    out_info = property(lambda self: tree_unflatten(self._entry.out_tree,
                                                    self._entry.closed.out_avals))

    def lower(self) -> "Lowered":
        return Lowered(self._wrapped, self._entry)


class Lowered:
    """`jit(f).lower(*args)`: shows the program (`as_text`) and compiles it."""

    def __init__(self, wrapped: JitWrapped, entry: _CacheEntry):
        self._wrapped, self._entry = wrapped, entry

    def as_text(self) -> str:
        return str(self._entry.closed)

    def compile(self) -> "Compiled":
        entry = self._entry
        if entry.executable is None:
            entry.executable = executable_for(entry.closed)
        return Compiled(self._wrapped, entry)


class Compiled:
    """A compiled signature of a jitted function: call it with arguments of that signature."""

    def __init__(self, wrapped: JitWrapped, entry: _CacheEntry):
        self._wrapped, self._entry = wrapped, entry

    def as_text(self) -> str:
        exe = self._entry.executable
        return exe.as_text() if hasattr(exe, "as_text") else str(self._entry.closed)

    def __call__(self, *args, **kwargs):
        return self._wrapped(*args, **kwargs)


def _as_tuple(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (int, str)):
        return (value,)
    return tuple(value)


def _infer_argnums_and_names(fun, argnums: tuple, argnames: tuple):
    """Fill in names from numbers (or numbers from names) as JAX does, via the signature."""
    if argnums and argnames:
        return argnums, argnames
    try:
        params = inspect.signature(fun).parameters
    except (TypeError, ValueError):
        return argnums, argnames
    positional = [name for name, p in params.items()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if argnums:
        names = tuple(positional[i] for i in argnums if -len(positional) <= i < len(positional)
                      and params[positional[i]].kind != inspect.Parameter.POSITIONAL_ONLY)
        return argnums, names
    nums = tuple(positional.index(name) for name in argnames if name in positional)
    return nums, argnames


def jit(fun=None, /, *, in_shardings=None, out_shardings=None, static_argnums=None,
        static_argnames=None, donate_argnums=None, donate_argnames=None, keep_unused=False,
        device=None, backend=None, inline=False, compiler_options=None):
    """Stage `fun` once per input signature and run the staged program.

    Also usable as a decorator factory: `@jit(static_argnames="n")`.
    """
    if fun is None:
        return functools.partial(jit, static_argnums=static_argnums,
                                 static_argnames=static_argnames, donate_argnums=donate_argnums,
                                 donate_argnames=donate_argnames, keep_unused=keep_unused,
                                 inline=inline)
    if not callable(fun):
        raise TypeError(f"Expected a callable value, got {fun!r}")
    return JitWrapped(fun, static_argnums, static_argnames, donate_argnums, donate_argnames,
                      keep_unused, inline)
