"""Argument checks shared by the samplers (JAX's wording) and the jitted-helper decorator."""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.avals import broadcast_shapes
from ..core.dtypes import TypePromotionError


def jnp_module():
    """wax.numpy, imported when a sampler first needs it (it imports wax.random's layer)."""
    import wax.numpy as jnp
    return jnp


def split2(key):
    """The two halves of split(key) as raw key data."""
    from . import _bits
    keys = _bits.split_data(key, (2,))
    return keys[0], keys[1]


def canonical_shape(shape, name: str = "") -> tuple:
    """A user's shape (an int or a sequence of ints) as a tuple of ints."""
    from ..numpy.creation import canonicalize_shape
    return canonicalize_shape(shape, name)


def shape_of(x) -> tuple:
    aval = getattr(x, "aval", None)
    return tuple(aval.shape) if aval is not None else tuple(np.shape(x))


def check_shape(name: str, shape: tuple, *param_shapes) -> None:
    """The parameters must broadcast to exactly `shape` (JAX's _check_shape)."""
    if param_shapes:
        result = broadcast_shapes(shape, *param_shapes)
        if tuple(shape) != result:
            raise ValueError(f"{name} parameter shapes must be broadcast-compatible with shape "
                             "argument, and the result of broadcasting the shapes must equal "
                             f"the shape argument, but got result {result} for shape argument "
                             f"{shape}.")


def broadcast_param_shapes(name: str, shape, *args) -> tuple:
    """`shape` checked against the parameters', or their broadcast shape when None."""
    arg_shapes = [shape_of(a) for a in args]
    if shape is None:
        return broadcast_shapes(*arg_shapes) if arg_shapes else ()
    shape = canonical_shape(shape)
    check_shape(name, shape, *arg_shapes)
    return shape


def float_dtype(name: str, dtype, *, inexact: bool = False, what: str | None = None):
    """The canonical float dtype a sampler returns (the default float when None)."""
    dtype = dtypes.check_user_dtype(float if dtype is None else dtype)
    ok = dtypes.is_inexact(dtype) if inexact else dtypes.is_float(dtype)
    if not ok:
        kind = what or ("a float or complex" if inexact else "a float")
        raise ValueError(f"dtype argument to `{name}` must be {kind} dtype, got {dtype}")
    return dtype


def int_dtype(name: str, dtype):
    """The canonical integer dtype a sampler returns (the default int when None)."""
    dtype = dtypes.check_user_dtype(int if dtype is None else dtype)
    if not dtypes.is_integer(dtype):
        raise ValueError(f"dtype argument to `{name}` must be an int dtype, got {dtype}")
    return dtype


def check_safe_to_cast(name: str, dtype, *args) -> None:
    """Parameters must convert to `dtype` without loss under JAX's promotion (a Python
    float is fine for float16; a float32 array is not)."""
    for arg in args:
        arg_dtype, _ = dtypes.dtype_and_weak(arg)
        if arg_dtype != dtype and dtypes.result_type(arg, dtype) != dtype:
            raise TypePromotionError(f"In arguments to {name}, cannot safely cast argument of "
                                     f"type {arg_dtype} to {dtype}")


def check_arraylike(name: str, *args) -> None:
    from ..core.array import Array
    for i, arg in enumerate(args):
        if not (isinstance(arg, (Array, np.ndarray, np.generic))
                or type(arg) in dtypes.python_scalar_types):
            raise TypeError(f"{name} requires ndarray or scalar arguments, got "
                            f"{type(arg)} at position {i}.")


def float_params(name, key, dtype, shape, *params):
    """(key data, dtype, shape) after JAX's checks of a sampler with float parameters."""
    from ._keys import check_key
    data, _, _ = check_key(name, key)
    dtype = float_dtype(name, dtype)
    shape = broadcast_param_shapes(name, shape, *params)
    check_safe_to_cast(name, dtype, *params)
    return data, dtype, shape
