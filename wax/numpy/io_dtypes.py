"""Printing, conversion and I/O helpers, and the dtype names wax.numpy adds to the core
scalar types: array_repr, array_str, the print options, einsum_path, frombuffer,
fromstring, fromiter, fromfile, load, save, savez, astype, from_dlpack, ComplexWarning;
bool, object_, character, flexible and ml_dtypes' narrow types (int4, float8_e4m3fn, ...).

Array values are printed through NumPy, whose print options they follow; loading and
converting go through NumPy and then become (copied, read-only) wax Arrays.
"""
from __future__ import annotations

import builtins
import contextlib
import functools

import ml_dtypes
import numpy as np

from ..core import dtypes
from ..core.array import Array
from ..core.interpreters import Tracer
from ._promote import asarray_const, check_arraylike
from ._scalars import _ScalarType, bool_
from .creation import asarray

__all__ = ["array_repr", "array_str", "get_printoptions", "set_printoptions", "printoptions",
           "einsum_path", "frombuffer", "fromstring", "fromiter", "fromfile", "load", "save",
           "savez", "astype", "from_dlpack", "ComplexWarning", "bool", "object_", "character",
           "flexible"]

ComplexWarning = np.exceptions.ComplexWarning

# --- dtype names ---------------------------------------------------------------------------

bool = bool_  # noqa: A001  (jnp.bool is jnp.bool_, as in JAX)
object_, character, flexible = np.object_, np.character, np.flexible

# ml_dtypes' narrow integer and float types, where the installed ml_dtypes has them.
_NARROW = ["int1", "int2", "int4", "uint1", "uint2", "uint4", "float4_e2m1fn",
           "float6_e2m3fn", "float6_e3m2fn", "float8_e3m4", "float8_e4m3",
           "float8_e4m3b11fnuz", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2",
           "float8_e5m2fnuz", "float8_e8m0fnu"]
for _name in _NARROW:
    _type = getattr(ml_dtypes, _name, None)
    if _type is not None:
        globals()[_name] = _ScalarType(_type)
        __all__.append(_name)
MISSING_NARROW_DTYPES = [n for n in _NARROW if not hasattr(ml_dtypes, n)]


# --- printing ------------------------------------------------------------------------------

def _host(a):
    if isinstance(a, Tracer):
        raise TypeError(f"cannot print the values of a traced array {a.aval}: use "
                        "wax.debug.print inside transformations")
    return np.asarray(a)


def array_repr(arr, max_line_width=None, precision=None, suppress_small=None):
    """np.array_repr of `arr`, as JAX's (a pass-through to NumPy): the class name leads, so
    a wax array prints as ArrayImpl([...], dtype=...), and its weak type is not shown."""
    if not isinstance(arr, Array):
        return np.array_repr(arr, max_line_width, precision, suppress_small)
    view = _host(arr).view(_named_ndarray(type(arr).__name__))
    return np.array_repr(view, max_line_width, precision, suppress_small)


@functools.lru_cache(maxsize=None)
def _named_ndarray(name):
    """An ndarray subclass called `name`: np.array_repr prints the class name it is given
    (and indents continuation lines to match)."""
    return type(name, (np.ndarray,), {})


def array_str(a, max_line_width=None, precision=None, suppress_small=None):
    """The str of an array's values, in NumPy's layout."""
    return np.array_str(_host(a), max_line_width, precision, suppress_small)


def get_printoptions():
    """NumPy's print options, which wax arrays' repr and str follow."""
    return np.get_printoptions()


def set_printoptions(*args, **kwargs):
    """Set NumPy's print options (used by wax arrays' repr and str)."""
    return np.set_printoptions(*args, **kwargs)


@contextlib.contextmanager
def printoptions(*args, **kwargs):
    """A context manager setting NumPy's print options for its block."""
    with np.printoptions(*args, **kwargs) as options:
        yield options


# --- einsum_path ---------------------------------------------------------------------------

def einsum_path(subscripts, /, *operands, optimize="auto"):
    """(path, description): the pairwise contraction order jnp.einsum uses for these
    operands (see its optimize argument, or the path given), in NumPy's format."""
    shapes = [np.shape(op) for op in operands]
    dummies = [np.broadcast_to(np.zeros((), np.float32), s) for s in shapes]
    if isinstance(optimize, (list, tuple)):
        steps = [tuple(s) for s in optimize if not isinstance(s, str)]
        path = steps
    elif optimize is False or optimize is None or optimize == "none":
        path = [(0, 1)] * (len(operands) - 1) or [(0,)]
    else:
        path = _einsum_order(subscripts, shapes, optimize)
    np_path = ["einsum_path", *path]
    _, description = np.einsum_path(subscripts, *dummies, optimize=np_path)
    return path, description


def _einsum_order(subscripts, shapes, optimize):
    """The (i, j) pairs wax's einsum contracts, for these subscripts and shapes."""
    from . import _einsum
    terms, output, sizes = _einsum._parse(subscripts, tuple(shapes))
    slots = []
    for i, term in enumerate(terms):
        others = "".join(t for j, t in enumerate(terms) if j != i) + output
        slots.append("".join(c for c in dict.fromkeys(term) if c in others))
    order = _einsum._contraction_order(tuple(slots), output, tuple(sorted(sizes.items())),
                                       _einsum._path_key(optimize, terms))
    return [tuple(pair) for pair in order] or [(0,)]


# --- conversion and I/O ---------------------------------------------------------------------

def frombuffer(buffer, dtype=float, count=-1, offset=0):
    """A 1-D Array of the values in a bytes-like buffer (read as `dtype`)."""
    dtype = np.float64 if dtype is builtins.float else dtype
    return asarray_const(np.frombuffer(buffer, dtype=dtype, count=count, offset=offset))


def fromstring(string, dtype=float, count=-1, *, sep):
    """A 1-D Array of the numbers in `string`, separated by `sep`."""
    dtype = np.float64 if dtype is builtins.float else dtype
    return asarray_const(np.fromstring(string, dtype=dtype, count=count, sep=sep))


def fromiter(*args, **kwargs):
    """Not implemented, as in JAX: consuming an iterator is a side effect."""
    raise NotImplementedError(
        "jnp.fromiter() is not implemented because it may be non-pure and thus unsafe for use "
        "with JIT and other JAX transformations. Consider using jnp.asarray(np.fromiter(...)) "
        "instead, although care should be taken if np.fromiter is used within a jax "
        "transformations because of its potential side-effect of consuming the iterable "
        "object; for more information see "
        "https://docs.jax.dev/en/latest/notebooks/Common_Gotchas_in_JAX.html#pure-functions")


def fromfile(*args, **kwargs):
    """Not implemented, as in JAX: reading a file is a side effect."""
    raise NotImplementedError(
        "jnp.fromfile() is not implemented because it may be non-pure and thus unsafe for use "
        "with JIT and other JAX transformations. Consider using jnp.asarray(np.fromfile(...)) "
        "instead, although care should be taken if np.fromfile is used within jax "
        "transformations because of its potential side-effect of consuming the file object; "
        "for more information see "
        "https://docs.jax.dev/en/latest/notebooks/Common_Gotchas_in_JAX.html#pure-functions")


def load(file, *args, **kwargs):
    """np.load, with arrays of numeric dtypes returned as wax Arrays."""
    out = np.load(file, *args, **kwargs)
    if isinstance(out, np.ndarray) and out.dtype.kind in "biufc" or (
            isinstance(out, np.ndarray) and out.dtype == dtypes.bfloat16):
        return asarray_const(out)
    return out


save = np.save
savez = np.savez


def astype(x, dtype, /, *, copy=False, device=None):
    """x converted to `dtype` (None: the default float type), as x.astype."""
    check_arraylike("astype", x)
    x = asarray(x)
    if dtype is None:
        dtype = dtypes.default_float_dtype()
    return x.astype(dtype, copy=copy, device=device)


def from_dlpack(x, /, *, device=None, copy=None):
    """An Array (a copy) of a DLPack-capable object such as a NumPy or wax array; only CPU
    memory is supported."""
    if not hasattr(x, "__dlpack__"):
        raise TypeError(f"from_dlpack: {type(x).__name__} object does not implement the DLPack "
                        "protocol (__dlpack__)")
    if isinstance(x, Array):
        return asarray(x)
    try:
        value = np.from_dlpack(x)
    except (BufferError, RuntimeError, TypeError) as err:
        raise TypeError(f"from_dlpack: wax can only import CPU memory through DLPack: {err}") \
            from err
    return asarray_const(value)
