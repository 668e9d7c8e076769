"""where (three arguments: a select; one argument: nonzero) and select."""
from __future__ import annotations

import builtins
import math
import operator

import numpy as np

from .. import lax
from ..core import avals as _avals
from ..core import dtypes
from ..core.interpreters import Tracer, concrete_value
from ..core.array import make_array
from ._promote import check_arraylike, convert_to, promote_dtypes
from .creation import asarray
from .shape_ops import _promote_fast, _zero, broadcast_arrays, broadcast_to

__all__ = ["where", "select"]


def _as_bool(x):
    x = asarray(x)
    if x.dtype == dtypes.bool_:
        return x
    return lax.ne(x, _zero(x.dtype))


def where(condition, x=None, y=None, /, *, size=None, fill_value=None):
    """Elements of `x` where `condition` holds and of `y` elsewhere; with one argument,
    the indices of the non-zero elements (as nonzero)."""
    if x is None and y is None:
        check_arraylike("where", condition)
        return _nonzero(condition, size, fill_value)
    if size is not None or fill_value is not None:
        raise ValueError("size and fill_value arguments cannot be used in three-term where "
                         "function.")
    check_arraylike("where", condition, x, y)  # (a missing x or y: JAX's TypeError)
    condition = _as_bool(condition)
    x, y = _promote_fast(x, y)
    target = _avals.broadcast_shapes(condition.shape, x.shape, y.shape)
    x, y = broadcast_to(x, target), broadcast_to(y, target)
    if condition.ndim:
        # select_n takes a scalar predicate as it is; only a shaped one must match.
        condition = broadcast_to(condition, target)
    return lax.select_n(condition, y, x)


def _nonzero(a, size, fill_value):
    """The indices of the non-zero elements, padded or cut to `size` (which a traced
    array needs, its number of non-zero elements being unknown)."""
    if isinstance(a, Tracer) and size is not None:
        return _nonzero_traced(a, operator.index(size), fill_value)
    value = np.asarray(concrete_value(
        a, "The size argument of jnp.nonzero must be statically specified to use jnp.nonzero "
        "within JAX transformations."))
    if value.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use "
                         "jnp.atleast_1d(scalar).nonzero() instead.")
    index_dtype = dtypes.default_int_dtype()
    found = np.nonzero(value)
    if size is not None:
        size = operator.index(size)
        fills = fill_value if isinstance(fill_value, (tuple, list)) else \
            [0 if fill_value is None else fill_value] * value.ndim
        if len(fills) != value.ndim:
            raise ValueError(f"fill_value must be a scalar or a tuple of length {value.ndim}; "
                             f"got {fill_value}")
        found = [np.concatenate([f[:size], np.full(builtins.max(0, size - len(f)),
                                                    concrete_value(fill))])
                 for f, fill in zip(found, fills)]
    return tuple(make_array(np.asarray(f).astype(index_dtype)) for f in found)


def _nonzero_traced(a, size, fill_value):
    """nonzero of a traced array with a static result size: result k is the flat
    position of the (k+1)-th non-zero element, i.e. the number of positions whose
    running count of non-zeros is at most k; past the last one it is filled."""
    if a.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use "
                         "jnp.atleast_1d(scalar).nonzero() instead.")
    index_dtype = dtypes.default_int_dtype()
    shape, total = a.shape, math.prod(a.shape)
    fills = fill_value if isinstance(fill_value, (tuple, list)) else \
        [0 if fill_value is None else fill_value] * a.ndim
    if len(fills) != a.ndim:
        raise ValueError(f"fill_value must be a scalar or a tuple of length {a.ndim}; "
                         f"got {fill_value}")
    flags = lax.convert_element_type(_as_bool(lax.reshape(a, (total,))), index_dtype)
    running = lax.cumsum(flags, 0)
    ranks = lax.broadcasted_iota(index_dtype, (size, total), 0)
    before = lax.le(lax.broadcast_in_dim(running, (size, total), (1,)), ranks)
    flat = lax.reduce_sum(lax.convert_element_type(before, index_dtype), (1,))
    missing = lax.ge(flat, _full_index(total, size, index_dtype))
    out, stride = [], total
    for dim, fill in zip(shape, fills):
        stride //= dim if dim else 1
        coord = lax.rem(lax.div(flat, _full_index(builtins.max(stride, 1), size, index_dtype)),
                        _full_index(builtins.max(dim, 1), size, index_dtype))
        fill = lax.broadcast_in_dim(convert_to(fill, index_dtype, False), (size,), ())
        out.append(lax.select_n(missing, coord, fill))
    return tuple(out)


def _full_index(value, size, dtype):
    return make_array(np.full((size,), value, dtype))


def select(condlist, choicelist, default=0):
    """The element of the first choice whose condition holds (`default` if none does)."""
    if len(condlist) != len(choicelist):
        raise ValueError("condlist must have length equal to choicelist "
                         f"({len(condlist)} vs {len(choicelist)})")
    if len(condlist) == 0:
        raise ValueError("condlist must be non-empty")
    check_arraylike("select", *condlist, *choicelist, default)
    default, *choices = promote_dtypes(default, *choicelist)
    conds = [_as_bool(c) for c in condlist]
    everything = broadcast_arrays(default, *choices, *conds)
    k = len(choices)
    result, choices, conds = everything[0], everything[1:k + 1], everything[k + 1:]
    for cond, choice in zip(reversed(conds), reversed(choices)):
        result = lax.select_n(cond, result, choice)
    return result
