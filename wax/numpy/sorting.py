"""Sorting and non-zero search of wax.numpy: sort, argsort, nonzero, flatnonzero."""
from __future__ import annotations

from .. import lax
from ..core import dtypes
from ..core.avals import canonicalize_axis
from ._promote import check_arraylike
from .creation import asarray
from .selection import _nonzero

__all__ = ["sort", "argsort", "nonzero", "flatnonzero"]


def _sort_input(fun_name, a, axis):
    check_arraylike(fun_name, a)
    a = asarray(a)
    if axis is None:
        return lax.reshape(a, (a.size,)), 0
    return a, canonicalize_axis(axis, a.ndim)


def sort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False):
    """A sorted copy of `a` along `axis` (NaNs last; `axis=None` sorts the flattened array)."""
    if kind is not None:
        raise TypeError("'kind' argument to sort is not supported. Use stable=True or "
                        "stable=False to specify sort stability.")
    if order is not None:
        raise TypeError("'order' argument to sort is not supported.")
    a, axis = _sort_input("sort", a, axis)
    if descending:
        return lax.rev(lax.sort(lax.rev(a, (axis,)), dimension=axis, is_stable=stable),
                       (axis,))
    return lax.sort(a, dimension=axis, is_stable=stable)


def argsort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False,
            dtype=None):
    """The indices that sort `a` along `axis` (ties keep their order when stable)."""
    if kind is not None:
        raise TypeError("'kind' argument to argsort is not supported. Use stable=True or "
                        "stable=False to specify sort stability.")
    if order is not None:
        raise TypeError("'order' argument to argsort is not supported.")
    a, axis = _sort_input("argsort", a, axis)
    index_dtype = dtypes.check_user_dtype(dtype, "argsort") or dtypes.default_int_dtype()
    iota = lax.broadcasted_iota(index_dtype, a.shape, axis)
    if descending:
        # Stable descending order: sort the reversed array, map indices back, reverse.
        size = a.shape[axis]
        _, perm = lax.sort((lax.rev(a, (axis,)), iota), dimension=axis, is_stable=stable,
                           num_keys=1)
        return lax.rev(lax.sub(lax.full_like(perm, size - 1), perm), (axis,))
    _, perm = lax.sort((a, iota), dimension=axis, is_stable=stable, num_keys=1)
    return perm


def nonzero(a, *, size=None, fill_value=None):
    """The indices of the non-zero elements, one array per dimension (`size=` under jit)."""
    check_arraylike("nonzero", a)
    return _nonzero(asarray(a), size, fill_value)


def flatnonzero(a, *, size=None, fill_value=0):
    """The indices of the non-zero elements of the flattened array."""
    check_arraylike("flatnonzero", a)
    a = asarray(a)
    return nonzero(lax.reshape(a, (a.size,)), size=size, fill_value=fill_value)[0]
