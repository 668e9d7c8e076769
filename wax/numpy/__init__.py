"""wax.numpy: NumPy's API on wax arrays, with JAX's semantics.

Consumes wax.lax (the primitives' wrappers) and the core; every function checks and
promotes its arguments (_promote.py) and then binds primitives. array_methods attaches
the operators, methods and `.at` to wax.Array.
"""
import numpy as _np

from ..core.array import Array as ndarray  # noqa: F401
from ..core.dtypes import (bfloat16, can_cast, finfo, iinfo,  # noqa: F401
                           promote_types)
from ..core.dtypes import issubdtype as _issubdtype
from ..core.dtypes import result_type as _result_type
from .contractions import *  # noqa: F401,F403
from .creation import *  # noqa: F401,F403
from .taking import take, take_along_axis  # noqa: F401
from .reductions import *  # noqa: F401,F403
from .shape_ops import *  # noqa: F401,F403
from .reordering import *  # noqa: F401,F403
from .padding import *  # noqa: F401,F403
from .selection import *  # noqa: F401,F403
from .sorting import *  # noqa: F401,F403
from .ufuncs import *  # noqa: F401,F403
from .ufuncs_extra import *  # noqa: F401,F403
from ._scalars import *  # noqa: F401,F403
from .sets_search import *  # noqa: F401,F403
from .polynomials import *  # noqa: F401,F403
from .index_tricks import *  # noqa: F401,F403
from .math_extra import *  # noqa: F401,F403
from . import fft, linalg  # noqa: F401,E402

from . import array_methods as _array_methods  # noqa: F401,E402

pi, e, inf, nan, euler_gamma = _np.pi, _np.e, _np.inf, _np.nan, _np.euler_gamma
newaxis = None


def issubdtype(arg1, arg2):
    """np.issubdtype that also knows bfloat16 and the other ml_dtypes floats."""
    return _issubdtype(arg1, arg2)


def result_type(*args):
    """The dtype JAX's promotion gives for arrays, scalars and dtypes."""
    return _result_type(*args)
