"""Argument handling shared by wax.numpy: array-like checks, dtype promotion and rank
promotion, as JAX's numpy layer does before it calls lax."""
from __future__ import annotations

import warnings

import numpy as np

from .._config import config
from ..core import dtypes
from ..core.array import Array, ArrayImpl, ExtendedArray
from ..core.primitive import extended_dtype_error
from ..core.interpreters import Tracer
from ..core.avals import broadcast_shapes
from ..primitives.elementwise import convert_element_type_p
from ..primitives.families import scalar_array
from ..primitives.shape import broadcast_in_dim

_ARRAY_TYPES = (Array, np.ndarray, np.generic, bool, int, float, complex)


def check_arraylike(fun_name: str, *args) -> None:
    """JAX refuses lists and tuples where it wants arrays (`jnp.sum([1, 2])` is a TypeError)."""
    for i, arg in enumerate(args):
        if not isinstance(arg, _ARRAY_TYPES):
            msg = f"{fun_name} requires ndarray or scalar arguments, got {type(arg)} at position {i}."
            raise TypeError(msg)


def promote_dtypes(*args):
    """Convert each argument to the common dtype JAX's promotion gives (scalars stay weak).
    Arrays of an extended dtype (typed keys) pass unchanged: the primitive takes or
    refuses them."""
    for a in args:
        if isinstance(a, ExtendedArray):
            if any(dtypes.dtype_and_weak(b)[0] != a.dtype for b in args):
                raise ValueError(f"dtype={a.dtype} is not a valid dtype for JAX type "
                                 "promotion.")
            return list(args)
    dtype, weak = dtypes.result_type_and_weak(*args)
    return [convert_to(a, dtype, weak) for a in args]


def convert_to(value, dtype, weak=False):
    """`value` as an Array (or tracer) of `dtype` and weak flag `weak` (a Python scalar as
    a 0-d array)."""
    if type(value) in dtypes.python_scalar_types:
        out = scalar_array(value, dtype)
        return out if out._weak == weak else ArrayImpl(out._buf, weak)
    if isinstance(value, (np.ndarray, np.generic)):
        value = asarray_const(value)
    v_dtype, v_weak = dtypes.dtype_and_weak(value)
    if v_dtype == dtype and v_weak == weak:
        return value
    if v_dtype == dtype and not isinstance(value, Tracer):
        return ArrayImpl(value._value, weak)
    return convert_element_type_p.bind(value, new_dtype=dtype, weak_type=weak)


def asarray_const(value) -> ArrayImpl:
    """A NumPy value as a read-only wax Array of its canonical dtype (always a copy)."""
    dtype = dtypes.canonicalize_dtype(value.dtype)
    buf = np.array(value, dtype=dtype)
    buf.flags.writeable = False
    return ArrayImpl(buf, False)


def promote_shapes(fun_name: str, *args):
    """Rank promotion per jax_numpy_rank_promotion: prepend size-1 dims to lower-rank
    operands (rank-0 operands are left alone: lax broadcasts scalars)."""
    shapes = [np.shape(a) for a in args]
    ndim = max(len(s) for s in shapes)
    if all(len(s) in (0, ndim) for s in shapes):
        return args  # equal ranks: a clash is the lax primitive's TypeError, as in JAX
    broadcast_shapes(*shapes)  # a ValueError naming the shapes when they clash
    mode = config.jax_numpy_rank_promotion
    if mode != "allow":
        msg = (f"Operands could not be broadcast together for {fun_name} on shapes "
               f"{' '.join(map(str, shapes))} and with the config option "
               f"jax_numpy_rank_promotion='{mode}'. For more information, see "
               "https://docs.jax.dev/en/latest/rank_promotion_warning.html.")
        if mode == "raise":
            raise ValueError(msg)
        warnings.warn(msg, stacklevel=3)
    out = []
    for a, s in zip(args, shapes):
        if len(s) in (0, ndim):
            out.append(a)
        else:
            new_shape = (1,) * (ndim - len(s)) + tuple(s)
            out.append(broadcast_in_dim(a, new_shape, tuple(range(ndim - len(s), ndim))))
    return out


def _already_promoted(args, inexact=False) -> bool:
    """Concrete Arrays of one dtype, weak flag and shape need no promotion: the common
    eager case, answered without building avals."""
    first = args[0]
    if type(first) is not ArrayImpl or first._buf is None:
        return False
    buf, weak = first._buf, first._weak
    if inexact and buf.dtype.kind not in "fc":
        return False
    for arg in args[1:]:
        if (type(arg) is not ArrayImpl or arg._buf is None or arg._weak != weak
                or arg._buf.dtype != buf.dtype or arg._buf.shape != buf.shape):
            return False
    return True


def promote_args(fun_name: str, *args):
    """check_arraylike + dtype promotion + rank promotion, as jnp's binary functions need."""
    if _already_promoted(args):
        return args
    check_arraylike(fun_name, *args)
    if any(isinstance(a, ExtendedArray) for a in args):
        # Keys compare for equality and are never nan or infinite, as in JAX; every other
        # jnp function given one raises the primitive's TypeError naming the dtypes.
        if fun_name not in ("equal", "not_equal", "isnan", "isinf", "isfinite"):
            raise extended_dtype_error(fun_name, args)
    return promote_shapes(fun_name, *promote_dtypes(*args))


def promote_args_inexact(fun_name: str, *args):
    """As promote_args, but integer and bool results become floats (sqrt, sin): 64-bit
    integers float64, narrower ones and bool float32 (JAX's to_inexact_dtype)."""
    if _already_promoted(args, inexact=True):
        return args
    check_arraylike(fun_name, *args)
    dtype, weak = dtypes.result_type_and_weak(*args)
    dtype = dtypes.to_inexact_dtype(dtype)
    return promote_shapes(fun_name, *[convert_to(a, dtype, weak) for a in args])
