"""Array creation: array, asarray, zeros, ones, full, empty, the *_like family, arange,
linspace, logspace, geomspace, eye, identity, tri, meshgrid, diag, diagflat, copy.

Constants (zeros, ones, arange, eye, ...) are built in NumPy and returned as concrete
Arrays even while a function is being traced: jit records them as constants. Functions
whose values depend on their inputs (linspace, full of a traced value, meshgrid) run
their lax operations eagerly when no input is traced, so they too give concrete arrays.
"""
from __future__ import annotations

import builtins
import contextlib
import operator
import types

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import Array, ArrayImpl, ExtendedArray, make_array
from ..core.interpreters import Tracer, concrete_value, ensure_compile_time_eval
from ._promote import asarray_const, check_arraylike, convert_to

__all__ = ["array", "asarray", "zeros", "ones", "full", "empty", "zeros_like", "ones_like",
           "full_like", "empty_like", "arange", "linspace", "logspace", "geomspace", "eye",
           "identity", "tri", "meshgrid", "diag", "diagflat", "copy"]


# --- array / asarray -------------------------------------------------------------------

def _leaves_have_tracers(obj) -> bool:
    """Whether a nested list holds tracers or extended arrays (keys): stacked, not copied."""
    if isinstance(obj, (Tracer, ExtendedArray)):
        return True
    if isinstance(obj, (list, tuple)):
        return builtins.any(_leaves_have_tracers(o) for o in obj)
    return False


def _infer_dtype_and_weak(obj):
    """The dtype JAX gives a nested list/scalar: Python scalars promote as weak types."""
    if isinstance(obj, (list, tuple)):
        if not obj:
            return dtypes.default_float_dtype(), False
        dtype, weak = _infer_dtype_and_weak(obj[0])
        for item in obj[1:]:
            dtype, weak = dtypes.promote_pair(dtype, weak, *_infer_dtype_and_weak(item))
        return dtype, weak
    if obj is None:
        raise ValueError("None is not a valid value for jnp.array")
    if type(obj) in dtypes.python_scalar_types or hasattr(obj, "dtype") or \
            hasattr(obj, "__jax_array__"):
        return dtypes.dtype_and_weak(obj)
    return _numeric_dtype(obj), False


def _numeric_dtype(obj) -> np.dtype:
    """The canonical dtype of a leaf NumPy can convert (a range, a memoryview), or JAX's
    TypeError for a non-numeric one (a string, a set, an iterator)."""
    try:
        dtype = np.asarray(obj).dtype
    except (TypeError, ValueError):
        dtype = np.dtype(object)
    if dtype.kind not in "biufc":
        raise TypeError(f"Value '{obj}' with dtype {dtype} is not a valid JAX array type. "
                        "Only arrays of numeric types are supported by JAX.")
    if dtype.kind == "f" and np.size(obj) == 0:
        return dtypes.default_float_dtype()
    return dtypes.canonicalize_dtype(dtype)


def _has_none(obj) -> bool:
    if isinstance(obj, (list, tuple)):
        return builtins.any(_has_none(o) for o in obj)
    return obj is None


def array(object, dtype=None, *args, copy=True, order="K", ndmin=0, device=None,
          out_sharding=None):
    """Create an Array from an array, scalar or nested sequence (JAX's dtype rules)."""
    if args:
        raise TypeError("array() takes at most 2 positional arguments (object, dtype); pass "
                        "copy, order and ndmin by keyword")
    if order not in (None, "K", "C"):
        raise NotImplementedError(f"Only implemented for order='K' or 'C', got {order!r}")
    req = dtypes.check_user_dtype(dtype, "array")
    if isinstance(object, Array):
        out = object if req is None else convert_to(object, req, False)
        if type(out) is ArrayImpl and out is object and copy:
            out = ArrayImpl(out._value, out._weak)
    elif type(object) in dtypes.python_scalar_types:
        d, weak = dtypes.dtype_and_weak(object)
        out = ArrayImpl(_readonly(np.asarray(object, req or d)), weak and req is None)
    elif isinstance(object, (np.ndarray, np.generic)):
        out = asarray_const(object)
        if req is not None:
            out = convert_to(out, req, False)
    elif isinstance(object, (list, tuple)):
        if req is not None and _has_none(object):  # (without a dtype, inference says so)
            raise ValueError("None is not a valid value for jnp.array")
        if _leaves_have_tracers(object):
            from .shape_ops import stack
            out = stack([array(o) for o in object])
            if req is not None:
                out = convert_to(out, req, False)
        else:
            d = req or _infer_dtype_and_weak(object)[0]
            buf = np.array(object, dtype=d)
            out = ArrayImpl(_readonly(buf), False)
    elif hasattr(object, "__jax_array__"):
        out = array(object.__jax_array__(), dtype, copy=copy)
    elif hasattr(object, "__array__") or hasattr(object, "__dlpack__"):
        out = array(np.asarray(object), dtype)
    elif object is None:
        raise ValueError("None is not a valid value for jnp.array")
    else:
        # As JAX: anything NumPy converts (a range, a memoryview; a string given a numeric
        # dtype, as jnp.int32('3')) is converted; without a dtype, only numeric values.
        d = req or _numeric_dtype(object)
        out = ArrayImpl(_readonly(np.array(object, dtype=d)), False)
    if ndmin > np.ndim(out):
        from .shape_ops import reshape
        out = reshape(out, (1,) * (ndmin - np.ndim(out)) + tuple(np.shape(out)))
    return out


def asarray(a, dtype=None, order=None, *, copy=None, device=None, out_sharding=None):
    """Convert `a` to an Array without copying an Array that already has the dtype."""
    if type(a) is ArrayImpl and dtype is None:
        return a
    return array(a, dtype=dtype, copy=bool(copy), order=order or "K")


def copy(a, order=None):
    """A copy of `a` as an Array (wax arrays are immutable, so it shares nothing visible)."""
    check_arraylike("copy", a)
    return array(a, copy=True, order=order)


def _readonly(buf):
    buf.flags.writeable = False
    return buf


# --- shapes and scalars ------------------------------------------------------------------

def canonicalize_shape(shape, fun_name: str = "", *, allow_negative: bool = False) -> tuple:
    """`shape` (an int or a sequence of ints) as a tuple of Python ints, or a TypeError
    naming it, as JAX's "Shapes must be 1D sequences of concrete values of integer type"."""
    if isinstance(shape, types.GeneratorType):
        raise TypeError("expected sequence object with len >= 0 or a single integer")
    if not isinstance(shape, (tuple, list)) and np.ndim(shape) == 0:
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        dims = None
    out = []
    for d in dims if dims is not None else ():
        if isinstance(d, Tracer) and d.to_concrete_value() is None:
            raise TypeError(
                f"{_where(fun_name)}Shapes must be 1D sequences of concrete values of integer "
                f"type, got {_shape_str(dims)}.\nIf using `jit`, try using `static_argnums` "
                "or applying `jit` to smaller subfunctions.")
        if isinstance(d, (bool, np.bool_)):
            dims = None
            break
        try:
            out.append(operator.index(d))
        except TypeError:
            dims = None
            break
    if dims is None:
        raise TypeError(f"{_where(fun_name)}Shapes must be 1D sequences of concrete values of "
                        f"integer type, got {shape!r}.")
    if not allow_negative and builtins.any(d < 0 for d in out):
        raise TypeError(f"{_where(fun_name)}shape must have every element be nonnegative, "
                        f"got {tuple(out)}.")
    return tuple(out)


def _where(fun_name):
    return f"{fun_name}: " if fun_name else ""


def _shape_str(dims):
    return "(" + ", ".join(str(getattr(d, "aval", d)) for d in dims) + \
        ("," if len(dims) == 1 else "") + ")"


def concrete_int(value, what: str) -> int:
    """A static Python int from `value`, or ConcretizationTypeError naming `what`."""
    return operator.index(concrete_value(value, f"The problem arose with the {what}."))


def _is_traced(*values) -> bool:
    return builtins.any(isinstance(v, Tracer) for v in values)


def eval_unless_traced(*values):
    """Evaluate lax operations eagerly (giving concrete arrays, even under jit) unless one
    of `values` is a tracer: constants stay constants."""
    if _is_traced(*values):
        return contextlib.nullcontext()
    return ensure_compile_time_eval()


def _check_forgot_shape_tuple(name, shape, dtype):
    if isinstance(dtype, int) and not isinstance(dtype, bool) and isinstance(shape, int):
        raise TypeError(f"Cannot interpret '{dtype}' as a data type.\n\nDid you accidentally "
                        f"write `jax.numpy.{name}({shape}, {dtype})` when you meant "
                        f"`jax.numpy.{name}(({shape}, {dtype}))`, i.e. with a single tuple "
                        "argument for the shape?")


def _converted_scalar(value, dtype, weak):
    """A concrete 0-d NumPy value of `dtype` converted as lax.convert_element_type does:
    a Python int is cast by NumPy (JAX does the same, so 2**40 need not fit int32
    first); anything else takes its own dtype and then XLA's conversion (float to int
    saturates)."""
    if type(value) in (int, bool):
        with np.errstate(all="ignore"):
            return np.asarray(value).astype(dtype)[()]
    if type(value) in dtypes.python_scalar_types:
        value = ArrayImpl(np.asarray(value, dtypes.dtype_and_weak(value)[0])[()], False)
    with ensure_compile_time_eval():
        out = asarray(value)
        if out.dtype != dtype:
            out = lax.convert_element_type(out, dtype)
    return out._value


def _full(shape, fill_value, dtype, weak):
    """An array of `shape` filled with the scalar `fill_value` converted to `dtype`."""
    if isinstance(fill_value, ExtendedArray):  # a key: repeated (its data broadcast)
        return lax.broadcast_in_dim(fill_value, shape, ())
    if isinstance(fill_value, Tracer):
        return lax.broadcast_in_dim(convert_to(fill_value, dtype, weak), shape, ())
    scalar = _converted_scalar(fill_value, dtype, weak)
    return make_array(np.full(shape, scalar, dtype), weak)


# --- zeros, ones, full, empty ------------------------------------------------------------

def zeros(shape, dtype=None, *, device=None, out_sharding=None):
    """An array of zeros (float32 by default)."""
    _check_forgot_shape_tuple("zeros", shape, dtype)
    dtype = dtypes.check_user_dtype(float if dtype is None else dtype, "zeros")
    return make_array(np.zeros(canonicalize_shape(shape, "zeros"), dtype))


def ones(shape, dtype=None, *, device=None, out_sharding=None):
    """An array of ones (float32 by default)."""
    _check_forgot_shape_tuple("ones", shape, dtype)
    dtype = dtypes.check_user_dtype(float if dtype is None else dtype, "ones")
    return make_array(np.ones(canonicalize_shape(shape, "ones"), dtype))


def empty(shape, dtype=None, *, device=None, out_sharding=None):
    """An array of the given shape and dtype, filled with zeros."""
    # JAX before 0.11 returned zeros here; 0.11 may return uninitialized memory. Zeros
    # are one of the allowed results either way and keep runs reproducible.
    _check_forgot_shape_tuple("empty", shape, dtype)
    dtype = dtypes.check_user_dtype(float if dtype is None else dtype, "empty")
    return make_array(np.zeros(canonicalize_shape(shape, "empty"), dtype))


def full(shape, fill_value, dtype=None, *, device=None, out_sharding=None):
    """An array filled with `fill_value` (a scalar, or an array broadcast to `shape`)."""
    req = dtypes.check_user_dtype(dtype, "full")
    check_arraylike("full", fill_value)
    if np.ndim(fill_value) == 0:
        shape = canonicalize_shape(shape, "full")
        # As lax.full: a Python scalar fill with no dtype gives a weakly typed result.
        weak = req is None and dtypes.is_weakly_typed(fill_value)
        return _full(shape, fill_value, req or dtypes.dtype_and_weak(fill_value)[0], weak)
    from .shape_ops import broadcast_to
    return broadcast_to(asarray(fill_value, dtype=req), shape)


def _like(fun_name, a, fill_value, dtype, shape):
    if not (hasattr(a, "dtype") and hasattr(a, "shape")):
        check_arraylike(fun_name, a)
    req = dtypes.check_user_dtype(dtype, fun_name)
    if shape is not None:
        shape = canonicalize_shape(shape, fun_name)
    a_dtype, a_weak = dtypes.dtype_and_weak(a)
    if isinstance(a, ExtendedArray) and req is None and not isinstance(fill_value, Array):
        # zeros_like of keys: keys whose data is the fill, as JAX's.
        data = a._physical_data
        tail = tuple(data.shape[len(data.shape) - a._physical_ndim:])
        out_shape = tuple(np.shape(a)) if shape is None else shape
        return a._from_physical(_full((*out_shape, *tail), fill_value, data.dtype, False))
    if np.ndim(fill_value) == 0:
        # As lax.full_like: the result keeps `a`'s weak flag unless a dtype is given.
        return _full(tuple(np.shape(a)) if shape is None else shape, fill_value,
                     req or a_dtype, req is None and a_weak)
    from .shape_ops import broadcast_to
    return broadcast_to(asarray(fill_value, dtype=req or a_dtype),
                        tuple(np.shape(a)) if shape is None else shape)


def zeros_like(a, dtype=None, shape=None, *, device=None, out_sharding=None):
    """An array of zeros with the shape and dtype of `a`."""
    return _like("zeros_like", a, 0, dtype, shape)


def ones_like(a, dtype=None, shape=None, *, device=None, out_sharding=None):
    """An array of ones with the shape and dtype of `a`."""
    return _like("ones_like", a, 1, dtype, shape)


def empty_like(prototype, dtype=None, shape=None, *, device=None):
    """An array with the shape and dtype of `prototype`, filled with zeros (see `empty`)."""
    return _like("empty_like", prototype, 0, dtype, shape)


def full_like(a, fill_value, dtype=None, shape=None, *, device=None, out_sharding=None):
    """An array filled with `fill_value` with the shape and dtype of `a`."""
    if hasattr(a, "dtype") and hasattr(a, "shape"):
        check_arraylike("full_like", 0, fill_value)
    else:
        check_arraylike("full_like", a, fill_value)
    return _like("full_like", a, fill_value, dtype, shape)


# --- ranges --------------------------------------------------------------------------------

def arange(start, stop=None, step=None, dtype=None, *, device=None, out_sharding=None):
    """Evenly spaced values in [start, stop) (int32 for integer bounds, as JAX)."""
    if dtype is None and type(start) is int and type(stop) in (int, type(None)) and \
            type(step) in (int, type(None)) and step != 0:
        # The common arange(n) / arange(a, b, k) of Python ints: NumPy's values are JAX's.
        int_dtype = dtypes.default_int_dtype()
        bound = np.iinfo(int_dtype)
        if builtins.all(bound.min <= v <= bound.max for v in (start, stop or 0, step or 1)):
            lo, hi = (0, start) if stop is None else (start, stop)
            return make_array(np.arange(lo, hi, step or 1, dtype=int_dtype))
    req = dtypes.check_user_dtype(dtype, "arange")
    if start is None:
        raise TypeError("must be real number, not NoneType")
    for value in (start, stop, step):
        if value is not None:
            check_arraylike("arange", value)
    start_name = "stop" if stop is None and step is None else "start"
    values = []
    for name, value in ((start_name, start), ("stop", stop), ("step", step)):
        if value is not None:
            value = concrete_value(value, f"It arose in the jnp.arange argument '{name}'")
            if np.ndim(value) != 0:
                raise ValueError(f"jax.numpy.arange: arguments must be scalars; got "
                                 f"{name}={value}")
        values.append(value)
    if req is None:
        dtype = dtypes.result_type(*(v for v in (start, stop, step) if v is not None))
    else:
        dtype = req
    if builtins.any(np.iscomplexobj(v) for v in values if v is not None):
        raise ValueError("Passing complex start/stop/step to jnp.arange is no longer supported "
                         "starting in JAX v0.10.0.")
    if dtype == dtypes.bool_:
        raise TypeError("iota does not accept dtype bool. Accepted dtypes are subtypes of "
                        "integer, floating, complexfloating.")
    lo, hi, step = values
    if hi is None:
        lo, hi = 0, lo
    if step is not None:
        # Half-precision ranges are computed in float32 and rounded once, as JAX does.
        work = np.dtype(np.float32) if dtypes.is_float(dtype) and dtype.itemsize < 4 else dtype
        size = builtins.max(0, int(np.ceil((hi - lo) / step)))
        with np.errstate(all="ignore"):
            buf = (_converted_scalar(lo, work, False) +
                   _converted_scalar(step, work, False) * np.arange(size).astype(work))
            buf = buf.astype(work, copy=False)
        if work != dtype:
            buf = _convert_buffer(buf, dtype)
    else:
        size = builtins.max(0, int(np.ceil(hi - lo)))
        with np.errstate(all="ignore"):
            buf = np.arange(size).astype(dtype)
            if lo != 0:
                buf = (buf + _converted_scalar(lo, dtype, False)).astype(dtype, copy=False)
    return make_array(buf)


def _convert_buffer(buf, dtype):
    with ensure_compile_time_eval():
        return lax.convert_element_type(make_array(buf), dtype)._value


def _elementwise(fun, *args):
    """A lax elementwise op on arguments broadcast to a common shape first."""
    from .shape_ops import broadcast_arrays
    return fun(*broadcast_arrays(*args))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    """`num` evenly spaced values from start to stop (float32 unless a dtype is given)."""
    num = concrete_int(num, "'num' argument of jnp.linspace")
    axis = concrete_int(axis, "'axis' argument of jnp.linspace")
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    check_arraylike("linspace", start, stop)
    if dtype is None:
        dtype = dtypes.to_inexact_dtype(dtypes.result_type(start, stop))
    else:
        dtype = dtypes.check_user_dtype(dtype, "linspace")
    with eval_unless_traced(start, stop):
        return _linspace(start, stop, num, endpoint, retstep, dtype, axis)


def _linspace(start, stop, num, endpoint, retstep, dtype, axis):
    from .shape_ops import broadcast_to, expand_dims, reshape
    work = dtypes.to_inexact_dtype(dtype)
    real = _real_dtype(work)
    start, stop = convert_to(start, work), convert_to(stop, work)
    bounds_shape = list(np.broadcast_shapes(np.shape(start), np.shape(stop)))
    start, stop = broadcast_to(start, bounds_shape), broadcast_to(stop, bounds_shape)
    axis = len(bounds_shape) + axis + 1 if axis < 0 else axis
    if not 0 <= axis <= len(bounds_shape):
        raise ValueError(f"axis {axis} is out of bounds for array of dimension "
                         f"{len(bounds_shape) + 1}")
    column_shape = bounds_shape[:axis] + [1] + bounds_shape[axis:]
    div = num - 1 if endpoint else num
    if num > 1:
        delta = lax.div(lax.sub(stop, start), _scalar(div, work)) if retstep else None
        iota_shape = [1] * len(column_shape)
        iota_shape[axis] = div
        step = lax.div(reshape(lax.iota(real, div), iota_shape), _scalar(div, real))
        step = lax.convert_element_type(step, work)
        one_minus = lax.sub(_scalar(1, work), step)
        out = lax.add(_elementwise(lax.mul, reshape(start, column_shape), one_minus),
                      _elementwise(lax.mul, reshape(stop, column_shape), step))
        if endpoint:
            out = lax.concatenate([out, expand_dims(stop, axis)], axis)
    elif num == 1:
        delta = None if not retstep else (_full(tuple(bounds_shape), np.nan, work, False)
                                          if endpoint else lax.sub(stop, start))
        out = reshape(start, column_shape)
    else:
        delta = _full((), np.nan, work, False)
        out = zeros(column_shape[:axis] + [0] + column_shape[axis + 1:], work)
    if dtypes.is_integer(dtype):
        out = lax.floor(out)
    result = lax.convert_element_type(out, dtype)
    return (result, delta) if retstep else result


def _real_dtype(dtype):
    return {np.dtype(np.complex64): np.dtype(np.float32),
            np.dtype(np.complex128): np.dtype(np.float64)}.get(dtype, dtype)


def _scalar(value, dtype):
    return ArrayImpl(np.asarray(value, dtype)[()], False)


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """`num` values base**t for t evenly spaced from start to stop."""
    num = concrete_int(num, "'num' argument of jnp.logspace")
    axis = concrete_int(axis, "'axis' argument of jnp.logspace")
    check_arraylike("logspace", start, stop, base)
    if dtype is None:
        dtype = dtypes.to_inexact_dtype(dtypes.result_type(start, stop))
    else:
        dtype = dtypes.check_user_dtype(dtype, "logspace")
    work = dtypes.to_inexact_dtype(dtype)
    with eval_unless_traced(start, stop, base):
        lin = linspace(convert_to(start, work), convert_to(stop, work), num,
                       endpoint=endpoint, axis=axis)
        return lax.convert_element_type(_power(base, lin), dtype)


def _power(base, exponent):
    out_dtype, weak = dtypes.result_type_and_weak(base, exponent)
    return _elementwise(lax.pow, convert_to(base, out_dtype, weak),
                        convert_to(exponent, out_dtype, weak))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` values evenly spaced on a log scale from start to stop."""
    num = concrete_int(num, "'num' argument of jnp.geomspace")
    axis = concrete_int(axis, "'axis' argument of jnp.geomspace")
    check_arraylike("geomspace", start, stop)
    if dtype is None:
        dtype = dtypes.to_inexact_dtype(dtypes.result_type(start, stop))
    else:
        dtype = dtypes.check_user_dtype(dtype, "geomspace")
    work = dtypes.to_inexact_dtype(dtype)
    with eval_unless_traced(start, stop):
        start, stop = convert_to(start, work), convert_to(stop, work)
        from .shape_ops import broadcast_arrays, moveaxis
        start, stop = broadcast_arrays(start, stop)
        sign = lax.sign(start)
        ten = _scalar(10, _real_dtype(work))
        log_start = lax.div(lax.log(lax.div(start, sign)), lax.log(_scalar(10, work)))
        log_stop = lax.div(lax.log(lax.div(stop, sign)), lax.log(_scalar(10, work)))
        res = logspace(log_start, log_stop, num, endpoint=endpoint, base=ten, dtype=work)
        res = _elementwise(lax.mul, sign, res)
        if res.ndim and axis % res.ndim != 0:
            res = moveaxis(res, 0, axis)
        return lax.convert_element_type(res, dtype)


# --- matrices --------------------------------------------------------------------------

def eye(N, M=None, k=0, dtype=None, *, device=None):
    """A 2-D array with ones on the k-th diagonal and zeros elsewhere."""
    dtype = dtypes.check_user_dtype(float if dtype is None else dtype, "eye")
    n = concrete_int(N, "'N' argument of jnp.eye()")
    m = n if M is None else concrete_int(M, "'M' argument of jnp.eye()")
    if n < 0 or m < 0:
        raise ValueError(f"negative dimensions are not allowed, got {N} and {M}")
    if isinstance(k, Tracer):
        # A traced offset: compare row and column indices inside the computation.
        rows = lax.broadcasted_iota(np.dtype(np.int32), (n, m), 0)
        cols = lax.broadcasted_iota(np.dtype(np.int32), (n, m), 1)
        offset = lax.convert_element_type(k, np.dtype(np.int32))
        return lax.convert_element_type(lax.eq(lax.add(rows, offset), cols), dtype)
    k = concrete_int(k, "'k' argument of jnp.eye()")
    return make_array(np.eye(n, m, k, dtype=dtype))


def identity(n, dtype=None):
    """The n x n identity matrix."""
    dtype = dtypes.check_user_dtype(float if dtype is None else dtype, "identity")
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    """A 2-D array with ones at and below the k-th diagonal (float32 by default, even with
    x64 on, as JAX)."""
    dtype = dtypes.check_user_dtype(np.float32 if dtype is None else dtype, "tri")
    n = concrete_int(N, "'N' argument of jnp.tri()")
    m = n if M is None else concrete_int(M, "'M' argument of jnp.tri()")
    k = concrete_int(k, "'k' argument of jnp.tri()")
    if n < 0 or m < 0:
        raise TypeError(f"iota shape must have every element be nonnegative, got {(n, m)}.")
    return make_array(np.tri(n, m, k, dtype=dtype))


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """Coordinate arrays from 1-D coordinate vectors ('xy' or 'ij' indexing)."""
    check_arraylike("meshgrid", *xi)
    args = [asarray(x) for x in xi]
    if not builtins.all(a.ndim == 1 for a in args):
        raise ValueError("Arguments to jax.numpy.meshgrid must be 1D, got shapes "
                         f"{[a.shape for a in args]}")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Valid values for indexing are 'xy' and 'ij', got {indexing}")
    if indexing == "xy" and len(args) >= 2:
        args[0], args[1] = args[1], args[0]
    shape = tuple(a.shape[0] for a in args)
    out = []
    with eval_unless_traced(*args):
        for i, a in enumerate(args):
            if sparse:
                target = tuple(d if j == i else 1 for j, d in enumerate(shape))
            else:
                target = shape
            out.append(lax.broadcast_in_dim(a, target, (i,)))
    if indexing == "xy" and len(args) >= 2:
        out[0], out[1] = out[1], out[0]
    return out


def diag(v, k=0):
    """The k-th diagonal of a 2-D array, or a 2-D array with the 1-D `v` on it."""
    check_arraylike("diag", v)
    v = asarray(v)
    k = concrete_int(k, "'k' argument of jnp.diag")
    if v.ndim == 1:
        return _diag_matrix(v, k)
    if v.ndim == 2:
        from .shape_ops import _diagonal
        return _diagonal(v, k, 0, 1)
    raise ValueError("diag input must be 1d or 2d")


def _diag_matrix(v, k):
    """The square matrix with `v` on its k-th diagonal, by padding: element i of the
    flattened N x N result sits at i * (N + 1) + offset."""
    n = v.shape[0]
    size = n + builtins.abs(k)
    start = k if k >= 0 else -k * size
    if n == 0:
        return zeros((size, size), v.dtype)
    flat_len = n + (n - 1) * size
    padded = lax.pad(v, _scalar(0, v.dtype),
                     [(start, size * size - start - flat_len, size)])
    return lax.reshape(padded, (size, size))


def diagflat(v, k=0):
    """A 2-D array with the flattened `v` on its k-th diagonal."""
    check_arraylike("diagflat", v)
    from .shape_ops import ravel
    return diag(ravel(v), k)
