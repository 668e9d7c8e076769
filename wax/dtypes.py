"""wax.dtypes: bfloat16, float0, canonicalize_dtype, result_type and friends."""
from .core.dtypes import (TypePromotionError, bfloat16, canonicalize_dtype, float0,  # noqa: F401
                          issubdtype, result_type)


def itemsize_bits(dtype) -> int:
    """The size of one element of `dtype` in bits."""
    import numpy as np
    return np.dtype(dtype).itemsize * 8


def scalar_type_of(x):
    """The Python scalar type (bool, int, float, complex) matching x's dtype."""
    from .core.dtypes import dtype_and_weak
    dtype = dtype_and_weak(x)[0]
    return {"b": bool, "i": int, "u": int, "f": float, "c": complex}.get(
        dtype.kind, float)


from .core.dtypes import finfo, iinfo  # noqa: E402,F401


class extended:
    """The abstract base of JAX's extended dtypes (e.g. typed PRNG keys): a dtype that is
    not one of NumPy's. `issubdtype(key.dtype, extended)` is True for key arrays."""


class prng_key(extended):
    """The abstract dtype class of typed PRNG key arrays (wax.random.key)."""
