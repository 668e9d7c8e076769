"""Interpreters: the Trace/Tracer base, the current-interpreter context, and `bind`.

Every operation ends in `bind(prim, *args, **params)`, which hands the primitive to
the current trace. The eval trace (the bottom of every stack) runs `prim.impl`;
transformations are traces whose `process_primitive` applies a rule slot of the
primitive and hands the resulting operations to their `parent`.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import sys

import numpy as np

from .._config import config
from . import dtypes
from .array import Array, ArrayImpl, ExtendedArray, make_array
from .avals import ShapedArray
from .errors import (ConcretizationTypeError, TracerArrayConversionError,
                     TracerBoolConversionError, TracerIntegerConversionError,
                     UnexpectedTracerError)


class Trace:
    """One interpreter. `parent` is the trace that receives the operations it emits."""

    def __init__(self, parent: "Trace | None"):
        self.parent = parent
        self.live = True

    def process_primitive(self, prim, args, params):
        raise NotImplementedError

    def is_ancestor_of_current(self) -> bool:
        trace = _current.get()
        while trace is not None:
            if trace is self:
                return True
            trace = trace.parent
        return False


class Tracer(Array):
    """A value seen by a transformation: it knows its trace and its aval."""

    __slots__ = ("_trace", "__weakref__")

    @property
    def aval(self) -> ShapedArray:
        raise NotImplementedError

    shape = property(lambda self: self.aval.shape)
    dtype = property(lambda self: self.aval.dtype)

    def to_concrete_value(self):
        """The concrete value under the tracer, or None (jvp tracers of eager values have one)."""
        return None

    def _origin(self) -> str:
        return ""

    def __bool__(self):
        value = self.to_concrete_value()
        if value is None:
            raise TracerBoolConversionError(self)
        return bool(value)

    def _concrete_or(self, error_class):
        value = self.to_concrete_value()
        if value is None:
            raise error_class(self)
        return value

    def __int__(self):
        return int(self._concrete_or(ConcretizationTypeError))

    def __float__(self):
        return float(self._concrete_or(ConcretizationTypeError))

    def __complex__(self):
        return complex(self._concrete_or(ConcretizationTypeError))

    def __index__(self):
        return self._concrete_or(TracerIntegerConversionError).__index__()

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._concrete_or(TracerArrayConversionError), dtype=dtype)

    def item(self, *args):
        return self._concrete_or(ConcretizationTypeError).item(*args)

    def tolist(self):
        return self._concrete_or(ConcretizationTypeError).tolist()

    def __len__(self):
        if not self.aval.shape:
            raise TypeError("len() of unsized object")
        return self.aval.shape[0]

    def devices(self):
        raise ConcretizationTypeError(self, "The devices() method needs a concrete array.")

    def __repr__(self):
        return f"Traced<{self.aval}>with<{type(self._trace).__name__}>"


def leaked_tracer_error(tracer) -> UnexpectedTracerError:
    trace = tracer._trace
    return UnexpectedTracerError(
        "Encountered an unexpected tracer. A function transformed by JAX had a side effect, "
        f"allowing for a reference to an intermediate value with type {tracer.aval} wrapped "
        f"in a {type(tracer).__name__} to escape the scope of the transformation.\n"
        "JAX transformations require that functions explicitly return their outputs, and "
        "disallow saving intermediate values to global state.\n"
        f"The function being traced when the value leaked was {getattr(trace, 'fun_name', '?')}"
        f".\n{tracer._origin()}\n"
        "To catch the leak earlier, try setting the environment variable "
        "JAX_CHECK_TRACER_LEAKS or using the jax.checking_leaks context manager.")


# --- the eval interpreter ---------------------------------------------------------

def to_buffer(value):
    """(buffer, aval) of a concrete value handed to the eval interpreter."""
    kind = type(value)
    if kind is ArrayImpl:
        buf = value._value
        return buf, ShapedArray(buf.shape, buf.dtype, value._weak)
    if kind in dtypes.python_scalar_types:
        dtype, weak = dtypes.dtype_and_weak(value)
        return np.asarray(value, dtype)[()], ShapedArray((), dtype, weak)
    if isinstance(value, Tracer):
        raise leaked_tracer_error(value)
    if isinstance(value, (np.ndarray, np.generic)):
        # A copy: an Array must never alias memory its caller can still write.
        dtype = dtypes.canonicalize_dtype(value.dtype)
        buf = np.array(value, dtype) if isinstance(value, np.ndarray) else value.astype(dtype)
        return buf, ShapedArray(buf.shape, dtype, False)
    raise TypeError(f"Value {value!r} of type {type(value).__name__} is not a valid wax type")


# NumPy warns on overflow, invalid values and division by zero; JAX never does. Every
# caller of an impl (the eval trace, the evaluator executable, eager fast paths) runs it
# with NumPy's errors ignored. NumPy >= 2 keeps that state in a ContextVar; setting it
# directly costs ~0.1 us against ~0.8 us for np.errstate, on the hot path of every op.
try:
    from numpy._core import _ufunc_config as _np_ufunc_config
    NUMPY_ERRORS = _np_ufunc_config._extobj_contextvar
    NUMPY_QUIET = _np_ufunc_config._make_extobj(all="ignore")
except (ImportError, AttributeError):  # a NumPy without them: the public, slower way

    class _ErrstateVar:
        def set(self, _):
            state = np.errstate(all="ignore")
            state.__enter__()
            return state

        def reset(self, state):
            state.__exit__(None, None, None)

    NUMPY_ERRORS, NUMPY_QUIET = _ErrstateVar(), None


class EvalTrace(Trace):
    """The bottom interpreter: checks types with abstract_eval, then runs the impl.

    abstract_eval's answer depends only on the primitive, the operands' (shape, dtype,
    weak_type), the params and the semantic config, so it is memoized on those: a
    repeated eager op costs one key and one dict lookup instead of building avals and
    running the shape rule. Unhashable params simply skip the memo.
    """

    _MEMO_LIMIT = 4096

    def __init__(self, parent):
        super().__init__(parent)
        self._memo = {}

    def process_primitive(self, prim, args, params):
        bufs, sigs = [], []
        for arg in args:
            if type(arg) is ArrayImpl and arg._buf is not None:
                buf = arg._buf
                bufs.append(buf)
                sigs.append((buf.shape, buf.dtype, arg._weak))
            elif isinstance(arg, Tracer) and arg._trace.live:
                # Under ensure_compile_time_eval a tracer still belongs to its own trace.
                return arg._trace.process_primitive(prim, args, params)
            else:
                if isinstance(arg, ExtendedArray):
                    from .primitive import extended_dtype_error
                    raise extended_dtype_error(prim.name, args)
                buf, aval = to_buffer(arg)
                bufs.append(buf)
                sigs.append((aval.shape, aval.dtype, aval.weak_type))
        out_aval = self._abstract_eval(prim, sigs, params)
        token = NUMPY_ERRORS.set(NUMPY_QUIET)
        try:
            out = prim.impl(np, *bufs, **params)
        finally:
            NUMPY_ERRORS.reset(token)
        if prim.multiple_results:
            return [make_array(_as_buffer(o, a.dtype), a.weak_type) for o, a in zip(out, out_aval)]
        return make_array(_as_buffer(out, out_aval.dtype), out_aval.weak_type)

    def _abstract_eval(self, prim, sigs, params):
        try:
            key = (prim, tuple(sigs), tuple(params.items()) if params else (),
                   config._jit_key)
            hit = self._memo.get(key)
        except TypeError:  # an unhashable param
            key = hit = None
        if hit is not None:
            return hit
        out_aval = prim.abstract_eval(*[ShapedArray(*sig) for sig in sigs], **params)
        if key is not None:
            if len(self._memo) >= self._MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = out_aval
        return out_aval


def _as_buffer(out, dtype):
    """An impl's result as a NumPy value of the dtype abstract_eval gave (NumPy computes
    some narrow types, int4 or float8, in a wider one)."""
    if type(out) is not np.ndarray and not isinstance(out, np.generic):
        out = np.asarray(out)
    return out if out.dtype == dtype else out.astype(dtype)


EVAL_TRACE = EvalTrace(None)
_current: contextvars.ContextVar = contextvars.ContextVar("wax_current_trace",
                                                          default=EVAL_TRACE)
current_trace = _current.get


def bind(prim, *args, **params):
    """Hand `prim` applied to `args` to the current interpreter."""
    return _current.get().process_primitive(prim, args, params)


@contextlib.contextmanager
def set_current_trace(trace: Trace):
    """Make `trace` the current interpreter inside the block."""
    token = _current.set(trace)
    try:
        yield trace
    finally:
        _current.reset(token)


@contextlib.contextmanager
def new_trace(trace: Trace):
    """Run a transformation's trace as current; it is dead (its tracers leak) afterwards."""
    try:
        with set_current_trace(trace):
            yield trace
    finally:
        trace.live = False


@contextlib.contextmanager
def ensure_compile_time_eval():
    """Evaluate operations on concrete values eagerly, even while a function is being traced."""
    with set_current_trace(EVAL_TRACE):
        yield


def is_concrete(value) -> bool:
    return not isinstance(value, Tracer) or value.to_concrete_value() is not None


def concrete_value(value, context: str = ""):
    """A concrete NumPy value of `value`, or ConcretizationTypeError naming the user's line."""
    if isinstance(value, Tracer):
        concrete = value.to_concrete_value()
        if concrete is None:
            raise ConcretizationTypeError(value, context)
        return concrete
    if type(value) is ArrayImpl:
        return value._value
    return value


# --- where the user's code is -------------------------------------------------------

_WAX_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def user_frame():
    """(filename, line, function) of the innermost frame outside the wax package."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_WAX_DIR):
        frame = frame.f_back
    if frame is None:
        return None
    return (frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)
