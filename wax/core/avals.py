"""Abstract values: what a tracer knows of an array (shape, dtype, weak_type)."""
from __future__ import annotations

import math

import numpy as np

_SHORT = {"float32": "f32", "float64": "f64", "float16": "f16", "bfloat16": "bf16",
          "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "u8",
          "uint16": "u16", "uint32": "u32", "uint64": "u64", "bool": "bool",
          "complex64": "c64", "complex128": "c128"}


def short_dtype_name(dtype: np.dtype) -> str:
    """JAX's short dtype names as printed in Jaxprs (f32, i32, bool, ...)."""
    if dtype.names == ("float0",):
        return "float0"
    return _SHORT.get(dtype.name, dtype.name)


class ShapedArray:
    """An array's type: shape, dtype and weak_type; hashable, immutable."""

    __slots__ = ("shape", "dtype", "weak_type", "_hash")

    def __init__(self, shape, dtype, weak_type: bool = False):
        self.shape = shape if type(shape) is tuple else tuple(shape)
        self.dtype = dtype if isinstance(dtype, np.dtype) else np.dtype(dtype)
        self.weak_type = weak_type if type(weak_type) is bool else bool(weak_type)
        self._hash = None

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: math.prod(self.shape))

    def __eq__(self, other):
        return (type(other) is ShapedArray and self.shape == other.shape
                and self.dtype == other.dtype and self.weak_type == other.weak_type)

    def __hash__(self):
        if self._hash is None:
            self._hash = hash((self.shape, self.dtype, self.weak_type))
        return self._hash

    def strip_weak_type(self) -> "ShapedArray":
        return ShapedArray(self.shape, self.dtype, False) if self.weak_type else self

    def update(self, shape=None, dtype=None, weak_type=None) -> "ShapedArray":
        return ShapedArray(self.shape if shape is None else shape,
                           self.dtype if dtype is None else dtype,
                           self.weak_type if weak_type is None else weak_type)

    def str_short(self) -> str:
        """`f32[3,4]`, as JAX prints a type in a Jaxpr."""
        return f"{short_dtype_name(self.dtype)}[{','.join(map(str, self.shape))}]"

    def __repr__(self):
        weak = ", weak_type=True" if self.weak_type else ""
        return f"ShapedArray({self.str_short()}{weak})"

    __str__ = str_short


def broadcast_shapes(*shapes) -> tuple:
    """NumPy's broadcast of shapes, with a ValueError naming them when they clash."""
    ndim = max((len(s) for s in shapes), default=0)
    result = [1] * ndim
    for shape in shapes:
        for i, d in enumerate(shape, ndim - len(shape)):
            if d != 1:
                if result[i] not in (1, d):
                    raise ValueError("Incompatible shapes for broadcasting: shapes="
                                     f"{[tuple(s) for s in shapes]}")
                result[i] = d
    return tuple(result)


def canonicalize_axis(axis, ndim: int, name: str = "axis") -> int:
    """A non-negative axis, or NumPy's AxisError (a ValueError and an IndexError, as JAX
    raises) naming the axis and rank."""
    try:
        axis = int(axis.__index__())
    except AttributeError:
        raise TypeError(f"{name} must be an integer, got {axis!r}") from None
    if not -ndim <= axis < ndim:
        raise np.exceptions.AxisError(
            f"{name} {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis
