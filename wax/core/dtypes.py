"""The dtype lattice of JAX, weak types, promotion and canonicalization under x64.

Promotion is the least upper bound on a lattice whose nodes are the 15 dtypes and
the three weak Python scalar kinds i*, f*, c* (JAX's `docs/type_promotion.rst`).
Inputs are canonicalized first (x64 off turns 64-bit types into 32-bit ones), then
joined, then the result canonicalized. Results are memoized per pair, since every
eager binary operation asks.
"""
from __future__ import annotations

import builtins
import warnings

import ml_dtypes
import numpy as np

from .._config import config
from .array import ArrayImpl, ExtendedArray

bfloat16 = np.dtype(ml_dtypes.bfloat16)
float0 = np.dtype([("float0", np.void, 0)])
bool_ = np.dtype(np.bool_)

_INTS = [np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64)]
_UINTS = [np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64)]
_FLOATS = [np.dtype(np.float16), bfloat16, np.dtype(np.float32), np.dtype(np.float64)]
_COMPLEX = [np.dtype(np.complex64), np.dtype(np.complex128)]
LATTICE_DTYPES = [bool_] + _UINTS + _INTS + _FLOATS + _COMPLEX

# The weak Python scalar kinds, as lattice nodes.
WEAK_INT, WEAK_FLOAT, WEAK_COMPLEX = "i*", "f*", "c*"

# Narrow types outside the lattice: JAX promotes them only with themselves, bool and weak
# Python scalars (and, for the narrow floats, any integer type); anything else is a
# TypePromotionError asking for an explicit cast.
NARROW_INTS = frozenset(np.dtype(getattr(ml_dtypes, n)) for n in ("int2", "uint2", "int4", "uint4"))
NARROW_FLOATS = frozenset(np.dtype(getattr(ml_dtypes, n)) for n in (
    "float8_e3m4", "float8_e4m3", "float8_e4m3b11fnuz", "float8_e4m3fn", "float8_e4m3fnuz",
    "float8_e5m2", "float8_e5m2fnuz", "float8_e8m0fnu", "float4_e2m1fn"))
ALL_DTYPES = LATTICE_DTYPES + sorted(NARROW_INTS | NARROW_FLOATS, key=lambda d: d.name)


def _edges():
    b, (u1, u2, u4, u8), (i1, i2, i4, i8) = bool_, _UINTS, _INTS
    f2, bf, f4, f8 = _FLOATS
    c8, c16 = _COMPLEX
    return {
        b: [WEAK_INT], WEAK_INT: [u1, i1], u1: [u2, i2], u2: [u4, i4], u4: [u8, i8],
        u8: [WEAK_FLOAT], i1: [i2], i2: [i4], i4: [i8], i8: [WEAK_FLOAT],
        WEAK_FLOAT: [bf, f2, WEAK_COMPLEX], bf: [f4], f2: [f4], f4: [f8, c8], f8: [c16],
        WEAK_COMPLEX: [c8], c8: [c16], c16: [],
    }


def _upper_sets():
    edges = _edges()
    upper = {}

    def visit(node):
        if node not in upper:
            reach = {node}
            for parent in edges[node]:
                reach |= visit(parent)
            upper[node] = frozenset(reach)
        return upper[node]

    for node in edges:
        visit(node)
    return upper


_UPPER = _upper_sets()


def _join(a, b):
    common = _UPPER[a] & _UPPER[b]
    for node in common:
        if _UPPER[node] == common:
            return node
    raise AssertionError(f"dtype lattice has no join for {a} and {b}")


class TypePromotionError(ValueError):
    """Raised by strict dtype promotion for an implicit promotion between types."""


# --- canonicalization -------------------------------------------------------------

_TO_32 = {np.dtype(np.int64): np.dtype(np.int32), np.dtype(np.uint64): np.dtype(np.uint32),
          np.dtype(np.float64): np.dtype(np.float32),
          np.dtype(np.complex128): np.dtype(np.complex64)}


def canonicalize_dtype(dtype, allow_extended_dtype: bool = False) -> np.dtype:
    """The dtype wax really uses for `dtype`: 64-bit types become 32-bit with x64 off."""
    dtype = np.dtype(dtype)
    if config.jax_enable_x64:
        return dtype
    return _TO_32.get(dtype, dtype)


def default_int_dtype() -> np.dtype:
    return np.dtype(np.int64 if config.jax_enable_x64 else np.int32)


def default_uint_dtype() -> np.dtype:
    return np.dtype(np.uint64 if config.jax_enable_x64 else np.uint32)


def default_float_dtype() -> np.dtype:
    return np.dtype(np.float64 if config.jax_enable_x64 else np.float32)


def default_complex_dtype() -> np.dtype:
    return np.dtype(np.complex128 if config.jax_enable_x64 else np.complex64)


def _weak_node_dtype(node) -> np.dtype:
    if node == WEAK_INT:
        return default_int_dtype()
    if node == WEAK_FLOAT:
        return default_float_dtype()
    return default_complex_dtype()


_PYTHON_SCALAR_KIND = {int: WEAK_INT, float: WEAK_FLOAT, complex: WEAK_COMPLEX}
_WEAK_NODE_64 = {WEAK_INT: np.dtype(np.int64), WEAK_FLOAT: np.dtype(np.float64),
                 WEAK_COMPLEX: np.dtype(np.complex128)}
python_scalar_types = frozenset((bool, int, float, complex))


class ExtendedDtype:
    """The base of dtypes that are not NumPy's (the typed PRNG key dtypes): arrays of them
    are core.array.ExtendedArray, stored as an ordinary array of physical data."""

    __slots__ = ()


def _dtype_arg(dtype) -> np.dtype:
    """np.dtype(...) with a TypeError that names the bad value."""
    if isinstance(dtype, ExtendedDtype):
        return dtype
    if dtype is builtins.int:
        return default_int_dtype()
    if dtype is builtins.float:
        return default_float_dtype()
    if dtype is builtins.complex:
        return default_complex_dtype()
    try:
        return np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"Cannot interpret {dtype!r} as a data type") from err


def check_user_dtype(dtype, fun_name: str | None = None) -> np.dtype:
    """Canonicalize a dtype the user asked for, warning as JAX does when x64 truncates it."""
    if dtype is None:
        return None
    requested = _dtype_arg(dtype)
    if requested == float0 or isinstance(requested, ExtendedDtype):
        return requested
    canonical = canonicalize_dtype(requested)
    python_type = dtype is builtins.int or dtype is builtins.float or dtype is builtins.complex
    if canonical != requested and not python_type:
        where = f" in {fun_name}" if fun_name else ""
        warnings.warn(
            f"Explicitly requested dtype {requested.name} requested{where} is not available, "
            f"and will be truncated to dtype {canonical.name}. To enable more dtypes, set the "
            "jax_enable_x64 configuration option or the JAX_ENABLE_X64 shell environment "
            "variable. See https://github.com/jax-ml/jax#current-gotchas for more.",
            UserWarning, stacklevel=3)
    return canonical


# --- the dtype and weak flag of a value --------------------------------------------

def dtype_and_weak(value) -> tuple[np.dtype, bool]:
    """(dtype, weak_type) of an Array, tracer, NumPy value or Python scalar."""
    if type(value) is ArrayImpl and value._buf is not None:
        return value._buf.dtype, value._weak
    if isinstance(value, ExtendedArray):
        return value.dtype, False
    aval = getattr(value, "aval", None)
    if aval is not None:
        return aval.dtype, aval.weak_type
    kind = type(value)
    if kind is bool:
        return bool_, False
    node = _PYTHON_SCALAR_KIND.get(kind)
    if node is None:
        for base, base_node in _PYTHON_SCALAR_KIND.items():
            if isinstance(value, base) and not isinstance(value, (np.generic, bool)):
                node = base_node
                break
    if node is not None:
        return _weak_node_dtype(node), True
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        raise TypeError(f"Value {value!r} of type {type(value).__name__} is not a valid "
                        "wax type")
    return canonicalize_dtype(dtype), False


def is_weakly_typed(value) -> bool:
    return dtype_and_weak(value)[1]


# --- promotion --------------------------------------------------------------------

def _node(dtype: np.dtype, weak: bool):
    if not weak or dtype in NARROW_INTS or dtype in NARROW_FLOATS:
        return dtype
    kind = dtype.kind
    if kind in "iu":
        return WEAK_INT
    if kind == "f" or dtype == bfloat16:
        return WEAK_FLOAT
    if kind == "c":
        return WEAK_COMPLEX
    return dtype  # a weak bool is just bool


_promote_cache: dict = {}


def promote_pair(d1: np.dtype, w1: bool, d2: np.dtype, w2: bool) -> tuple[np.dtype, bool]:
    """The (dtype, weak) of combining two typed values, as `a + b` does in JAX."""
    key = (d1, w1, d2, w2)
    hit = _promote_cache.get(key)
    if hit is not None:
        return hit
    if not isinstance(d1, np.dtype) or not isinstance(d2, np.dtype):  # extended (keys)
        if d1 == d2:
            return d1, False
        raise TypeError(f"Cannot promote {d1} and {d2}: extended dtypes (typed PRNG keys) "
                        "combine only with themselves.")
    d1, d2 = canonicalize_dtype(d1), canonicalize_dtype(d2)
    n1, n2 = _node(d1, w1), _node(d2, w2)
    joined = _join(n1, n2) if n1 in _UPPER and n2 in _UPPER else _narrow_join(n1, n2)
    if isinstance(joined, str):
        result = (_weak_node_dtype(joined), True)
    else:
        result = (canonicalize_dtype(joined), False)
    if config.jax_numpy_dtype_promotion == "strict":
        _check_strict(d1, w1, d2, w2, result[0])
    else:
        _promote_cache[key] = result
    return result


def _narrow_join(n1, n2):
    """The promotion of two lattice nodes at least one of which is a narrow type."""
    if n1 == n2 or n2 == bool_:
        return n1
    if n1 == bool_:
        return n2
    for narrow, other in ((n1, n2), (n2, n1)):
        if narrow in NARROW_INTS and other == WEAK_INT:
            return narrow
        if narrow in NARROW_FLOATS and (other in (WEAK_INT, WEAK_FLOAT) or (
                isinstance(other, np.dtype) and other.kind in "iu")):
            return narrow
    narrow = n1 if n1 in NARROW_INTS or n1 in NARROW_FLOATS else n2
    if narrow in NARROW_INTS:
        what, target = "1-bit, 2-bit and 4-bit integers", "int32"
    else:
        what = f"{8 * narrow.itemsize if 'float4' not in narrow.name else 4}-bit floats"
        target = "float32"
    names = [repr(n.name) if isinstance(n, np.dtype) else repr(str(_WEAK_PYTHON_TYPE[n]))
             for n in (n1, n2)]
    raise TypePromotionError(
        f"Input dtypes ({names[0]}, {names[1]}) have no available implicit dtype promotion "
        f"path. To avoid unintended promotion, {what} do not support implicit promotion. "
        "If you'd like your inputs to be promoted to another type, you can do so explicitly "
        f"using e.g. x.astype('{target}')")


_WEAK_PYTHON_TYPE = {WEAK_INT: int, WEAK_FLOAT: float, WEAK_COMPLEX: complex}


def _check_strict(d1, w1, d2, w2, result):
    if d1 == d2 and w1 == w2:
        return
    if (w1 and not w2 and result == d2) or (w2 and not w1 and result == d1) or (w1 and w2):
        return
    raise TypePromotionError(
        f"Input dtypes ('{d1.name}', '{d2.name}') have no available implicit dtype promotion "
        "path when jax_numpy_dtype_promotion=strict. Try explicitly casting inputs to the "
        "desired output type, or set jax_numpy_dtype_promotion=standard.")


def result_type_and_weak(*values) -> tuple[np.dtype, bool]:
    """The promoted (dtype, weak) of values (Arrays, NumPy values, Python scalars, dtypes)."""
    if not values:
        raise ValueError("at least one array or dtype is required")
    dtype = weak = None
    for value in values:
        if isinstance(value, (np.dtype, type, str)) or value is None:
            if value is None:
                d, w = default_float_dtype(), False
            else:
                d, w = _dtype_arg(value), False
                if isinstance(value, type) and value in _PYTHON_SCALAR_KIND:
                    w = True
                d = canonicalize_dtype(d)
        else:
            d, w = dtype_and_weak(value)
        if dtype is None:
            dtype, weak = d, w
        else:
            dtype, weak = promote_pair(dtype, weak, d, w)
    return dtype, weak


def result_type(*args, return_weak_type_flag: bool = False):
    """jnp.result_type: the dtype JAX's promotion gives for the args."""
    dtype, weak = result_type_and_weak(*args)
    return (dtype, weak) if return_weak_type_flag else dtype


def promote_types(a, b) -> np.dtype:
    """jnp.promote_types: promotion of two dtypes, both taken as strong."""
    # As JAX: Python's int/float/complex are the weak nodes, and a weak result is their
    # 64-bit dtype, not canonicalized (promote_types(int, float) is float64 with x64 off).
    na, nb = (_PYTHON_SCALAR_KIND.get(t) or _node(_dtype_arg(t), False) for t in (a, b))
    joined = _join(na, nb) if na in _UPPER and nb in _UPPER else _narrow_join(na, nb)
    return joined if not isinstance(joined, str) else _WEAK_NODE_64[joined]


def _on_config_change(name):
    if name in ("jax_enable_x64", "jax_numpy_dtype_promotion"):
        _promote_cache.clear()


config.add_listener(_on_config_change)


# --- dtype predicates -----------------------------------------------------------------

def issubdtype(a, b) -> bool:
    """np.issubdtype that also knows bfloat16 and the other ml_dtypes floats."""
    if a is None or b is None:
        return False
    d1 = np.dtype(a) if not (isinstance(a, type) and issubclass(a, np.generic)
                                and np.dtype(a).type is not a) else a
    if isinstance(d1, np.dtype) and d1.type.__module__ == "ml_dtypes":
        if isinstance(b, type) and b in (np.floating, np.inexact, np.number, np.generic):
            return "float" in d1.name or "bfloat" in d1.name
        return np.dtype(b) == d1 if not isinstance(b, type) or \
            not issubclass(b, np.generic) or np.dtype(b).type is b else False
    return bool(np.issubdtype(a, b))


def is_inexact(dtype) -> bool:
    return dtype.kind in "fc" or dtype == bfloat16 or dtype in NARROW_FLOATS


def is_float(dtype) -> bool:
    return dtype.kind == "f" or dtype == bfloat16 or dtype in NARROW_FLOATS


def is_complex(dtype) -> bool:
    return dtype.kind == "c"


def is_integer(dtype) -> bool:
    return dtype.kind in "iu" or dtype in NARROW_INTS


def is_signed_integer(dtype) -> bool:
    return dtype.kind == "i" or (dtype in NARROW_INTS and not dtype.name.startswith("u"))


def is_unsigned_integer(dtype) -> bool:
    return dtype.kind == "u" or (dtype in NARROW_INTS and dtype.name.startswith("u"))


def finfo(dtype):
    """Machine limits for a float dtype (bfloat16 included)."""
    return ml_dtypes.finfo(_dtype_arg(dtype))


def iinfo(dtype):
    """Machine limits for an integer dtype (int4 and the other narrow ones included)."""
    dtype = _dtype_arg(dtype)
    return ml_dtypes.iinfo(dtype) if dtype in NARROW_INTS else np.iinfo(dtype)


def can_cast(from_, to, casting: str = "safe") -> bool:
    """np.can_cast on dtypes (values are taken by dtype)."""
    src = from_.dtype if hasattr(from_, "dtype") else _dtype_arg(from_)
    return bool(np.can_cast(src, _dtype_arg(to), casting=casting))


def to_inexact_dtype(dtype: np.dtype) -> np.dtype:
    """The float dtype an integer or bool input is promoted to by sqrt, mean, ... as JAX's:
    64-bit integers give float64 (float32 with x64 off), every narrower integer and bool
    float32 whatever the x64 setting (jnp.mean of int32 is float32 under x64 too)."""
    dtype = np.dtype(dtype)
    if is_inexact(dtype):
        return dtype
    wide = dtype.kind in "iu" and dtype.itemsize == 8
    return canonicalize_dtype(np.dtype(np.float64 if wide else np.float32))
