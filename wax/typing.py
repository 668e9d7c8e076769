"""wax.typing: the annotations JAX programs use (Array, ArrayLike, DTypeLike)."""
from typing import Any, Union

import numpy as np

from .core.array import Array

ArrayLike = Union[Array, np.ndarray, np.bool_, np.number, bool, int, float, complex]
DType = np.dtype
DTypeLike = Union[str, type, np.dtype, Any]
Shape = tuple
