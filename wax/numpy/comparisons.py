"""Whole-array comparisons and type predicates: allclose, array_equal, array_equiv,
iscomplex, isreal, iscomplexobj, isrealobj, isscalar, iterable and isdtype."""
from __future__ import annotations

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import Array, make_array
from ._promote import check_arraylike
from .creation import asarray
from .reductions import all as _all
from .ufuncs import equal, imag, isnan, logical_and, logical_or
from .ufuncs_extra import isclose, lax_const

__all__ = ["allclose", "array_equal", "array_equiv", "iscomplex", "isreal", "iscomplexobj",
           "isrealobj", "isscalar", "iterable", "isdtype"]


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element pair is close (isclose), as a boolean Array."""
    check_arraylike("allclose", a, b)
    return _all(isclose(a, b, rtol, atol, equal_nan))


def _false():
    return make_array(np.asarray(False))


def array_equal(a1, a2, equal_nan=False):
    """True when a1 and a2 have the same shape and elements (NaNs equal if equal_nan)."""
    a1, a2 = asarray(a1), asarray(a2)
    if a1.shape != a2.shape:
        return _false()
    same = equal(a1, a2)
    if equal_nan:
        same = logical_or(same, logical_and(isnan(a1), isnan(a2)))
    return _all(same)


def array_equiv(a1, a2):
    """True when a1 and a2 broadcast together and are equal everywhere (shapes that do not
    broadcast raise, as in JAX)."""
    a1, a2 = asarray(a1), asarray(a2)
    return _all(equal(a1, a2))


def iscomplex(x):
    """Elementwise test for a non-zero imaginary part."""
    i = imag(x)
    return lax.ne(i, lax_const(i, 0))


def isreal(x):
    """Elementwise test for a zero imaginary part."""
    i = imag(x)
    return lax.eq(i, lax_const(i, 0))


def _dtype_of(x):
    if isinstance(x, Array):
        return x.dtype
    dtype = getattr(x, "dtype", None)
    if isinstance(dtype, np.dtype):
        return dtype
    if type(x) in dtypes.python_scalar_types:
        return dtypes.dtype_and_weak(x)[0]
    try:
        return np.asarray(x).dtype
    except (TypeError, ValueError):
        return None


def iscomplexobj(x):
    """True when x has a complex dtype (checks the type, not the values)."""
    if x is None:
        return False
    dtype = _dtype_of(x)
    return dtype is not None and dtype.kind == "c"


def isrealobj(x):
    """True when x does not have a complex dtype."""
    return not iscomplexobj(x)


def isscalar(element):
    """True for Python and NumPy scalars and for 0-d arrays (JAX counts those too)."""
    if hasattr(element, "__jax_array__"):
        element = element.__jax_array__()
    if isinstance(element, (Array, np.ndarray)):
        return element.ndim == 0
    return bool(np.isscalar(element))


def iterable(y):
    """True when iter(y) works."""
    try:
        iter(y)
    except TypeError:
        return False
    return True


_KINDS = ("bool", "signed integer", "unsigned integer", "integral", "real floating",
          "complex floating", "numeric")


def _category(dtype: np.dtype) -> str:
    """The array-API category of a dtype (ml_dtypes' int4, float8_* and friends included)."""
    if dtype == dtypes.bool_:
        return "bool"
    if dtype.type.__module__ == "ml_dtypes":
        name = dtype.name
        return ("unsigned integer" if name.startswith("uint") else
                "signed integer" if name.startswith("int") else "real floating")
    return {"i": "signed integer", "u": "unsigned integer", "f": "real floating",
            "c": "complex floating"}.get(dtype.kind, "other")


def _matches(dtype, kind) -> bool:
    if isinstance(kind, str) and kind in _KINDS:
        category = _category(dtype)
        if kind == "integral":
            return category in ("signed integer", "unsigned integer")
        if kind == "numeric":
            return category not in ("bool", "other")
        return category == kind
    if isinstance(kind, str) or isinstance(kind, (np.dtype, type)) or hasattr(kind, "dtype"):
        try:
            wanted = dtypes._dtype_arg(getattr(kind, "dtype", kind)
                                       if not isinstance(kind, (str, type)) else kind)
        except TypeError:
            raise ValueError(f"Unrecognized kind={kind!r} expected one of {list(_KINDS)}, or a "
                             "compatible input for jnp.dtype()") from None
        return dtype == wanted
    raise TypeError(f"Expected kind to be a dtype, string, or tuple; got kind={kind!r}")


def isdtype(dtype, kind):
    """True when `dtype` belongs to `kind`: a dtype, one of the array-API kind names
    ('bool', 'signed integer', 'unsigned integer', 'integral', 'real floating',
    'complex floating', 'numeric'), or a tuple of those."""
    dtype = dtypes._dtype_arg(getattr(dtype, "dtype", dtype) if not isinstance(
        dtype, (str, type)) else dtype)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return any(_matches(dtype, k) for k in kinds)
