"""Helpers shared by the distribution modules."""
from __future__ import annotations

import numpy as np

from ... import lax
from ... import numpy as jnp
from ...numpy._promote import promote_dtypes
from .._scipy_backed import promote_inexact

__all__ = ["const", "jnp", "lax", "np", "promote", "promote_inexact_dtypes", "standardize"]


def promote(name, *args):
    """JAX's promote_args_inexact: one inexact dtype (ints become the default float),
    broadcastable shapes."""
    return promote_inexact(name, *args)


def standardize(x, loc, scale):
    """(x - loc) / scale."""
    return lax.div(lax.sub(x, loc), scale)


def const(x, value):
    """`value` in x's dtype, as JAX's _lax_const: a Python scalar (weak) when x is weakly
    typed, else a NumPy scalar (strong)."""
    from ...transforms.staging import aval_of
    aval = aval_of(x)
    if aval.weak_type:
        return complex(value) if aval.dtype.kind == "c" else float(value)
    return np.asarray(value, aval.dtype)


def promote_inexact_dtypes(*args):
    """JAX's promote_dtypes_inexact: arrays of one inexact dtype (no rank promotion)."""
    from ...core import dtypes
    from ...numpy._promote import convert_to
    args = promote_dtypes(*[jnp.asarray(a) if isinstance(a, (list, tuple)) else a
                            for a in args])
    dtype = dtypes.dtype_and_weak(args[0])[0]
    if not dtypes.is_inexact(dtype):
        target = dtypes.default_float_dtype()
        args = [convert_to(a, target, dtypes.dtype_and_weak(a)[1]) for a in args]
    return [jnp.asarray(a) for a in args]
