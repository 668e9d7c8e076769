"""wax.dlpack: exchanging arrays with other libraries through DLPack (CPU memory)."""
from __future__ import annotations

import numpy as np

__all__ = ["from_dlpack", "is_supported_dtype"]

_SUPPORTED = {np.dtype(t) for t in ("bool", "int8", "int16", "int32", "int64", "uint8",
                                    "uint16", "uint32", "uint64", "float16", "float32",
                                    "float64", "complex64", "complex128")}


def from_dlpack(external_array, device=None, copy=None):
    """A wax array holding the data of any DLPack producer on the CPU."""
    from .numpy import from_dlpack as jnp_from_dlpack
    return jnp_from_dlpack(external_array, device=device, copy=copy)


def is_supported_dtype(dtype) -> bool:
    """Whether DLPack exchange supports arrays of `dtype` (bfloat16 is not a NumPy one)."""
    return np.dtype(dtype) in _SUPPORTED
