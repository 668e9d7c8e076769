"""Scalar types and dtype helpers of wax.numpy: `jnp.float32(1.5)` makes a 0-d Array."""
from __future__ import annotations

import numpy as np

from ..core import dtypes


class _ScalarType:
    """A dtype usable as `jnp.float32` (a dtype argument) and `jnp.float32(x)` (an Array)."""

    def __init__(self, dtype):
        self.dtype = np.dtype(dtype)
        self.__name__ = self.dtype.name if self.dtype != np.bool_ else "bool"

    def __call__(self, x):
        from .creation import array
        return array(x, dtype=self.dtype)

    def __repr__(self):
        return f"<class 'wax.numpy.{self.__name__}'>"

    def __eq__(self, other):
        if isinstance(other, _ScalarType):
            return self.dtype == other.dtype
        try:
            return self.dtype == np.dtype(other)
        except TypeError:
            return False

    def __hash__(self):
        return hash(self.dtype)

    # np.dtype(jnp.float32) works through this attribute.
    @property
    def type(self):
        return self.dtype.type


def _make(name, dtype):
    return _ScalarType(dtype)


bool_ = _make("bool_", np.bool_)
int8, int16, int32, int64 = (_make(n, n) for n in ("int8", "int16", "int32", "int64"))
uint8, uint16, uint32, uint64 = (_make(n, n) for n in ("uint8", "uint16", "uint32", "uint64"))
float16, float32, float64 = (_make(n, n) for n in ("float16", "float32", "float64"))
bfloat16 = _make("bfloat16", dtypes.bfloat16)
complex64, complex128 = _make("complex64", np.complex64), _make("complex128", np.complex128)
int_, uint, float_, complex_ = int64, uint64, float64, complex128
single, double, csingle, cdouble = float32, float64, complex64, complex128

# NumPy's abstract scalar classes, for issubdtype.
generic, number, inexact, floating = np.generic, np.number, np.inexact, np.floating
complexfloating, integer, signedinteger = np.complexfloating, np.integer, np.signedinteger
unsignedinteger, bool = np.unsignedinteger, np.bool_


def dtype(obj, align=False, copy=False):
    """np.dtype of `obj`, knowing wax's scalar types and bfloat16."""
    if isinstance(obj, _ScalarType):
        return obj.dtype
    return dtypes._dtype_arg(obj) if obj is not None else dtypes.default_float_dtype()


__all__ = ["bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "bfloat16", "complex64", "complex128", "int_",
           "uint", "float_", "complex_", "single", "double", "csingle", "cdouble", "generic",
           "number", "inexact", "floating", "complexfloating", "integer", "signedinteger",
           "unsignedinteger", "dtype"]
