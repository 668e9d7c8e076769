"""unique (and the array API's unique_all, unique_counts, unique_inverse, unique_values),
union1d, intersect1d, setdiff1d, setxor1d and isin, with JAX's semantics.

How they work: sort (stably, with an iota along, so the permutation is known), mark
where a sorted element differs from its predecessor, and compact the marked positions.
Each result is computed at a static length with the true count beside it, so the same
code serves `size=` (pad with `fill_value`, or cut) under jit and vmap, and the eager
call without `size` (the count is concrete and cuts the result). Without `size`, a traced
input raises JAX's ConcretizationTypeError, and one with a known value (under grad or
jvp) is taken as a constant, as JAX does: no derivative flows through these functions
then (with `size`, it does).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import Array, make_array
from ..core.avals import canonicalize_axis
from ._search_util import (UNIQUE_SIZE_HINT, arraylike, below, concrete_array, count_true,
                           full_of, index_dtype, iota, require_concrete, static_size,
                           true_positions)
from .creation import eval_unless_traced
from .shape_ops import concatenate, moveaxis, ravel, reshape

__all__ = ["unique", "unique_all", "unique_counts", "unique_inverse", "unique_values",
           "union1d", "intersect1d", "setdiff1d", "setxor1d", "isin"]

_bool = dtypes.bool_


def _const(value, dtype):
    return make_array(np.asarray(value, dtype))


def _isnan(x):
    return lax.ne(x, x)


def _where(cond, x, y):
    """select with scalar-or-array x/y broadcast to cond's shape."""
    shape = cond.shape
    x = x if x.shape == shape else lax.broadcast_in_dim(x, shape, _trailing(x.ndim, len(shape)))
    y = y if y.shape == shape else lax.broadcast_in_dim(y, shape, _trailing(y.ndim, len(shape)))
    return lax.select_n(cond, y, x)


def _trailing(ndim, out_ndim):
    return tuple(range(out_ndim - ndim, out_ndim))


# --- sorting with the "differs from the previous element" mask -------------------------

def _sorted_rows(arr, equal_nan):
    """(the rows of `arr` (axis 0) sorted lexicographically, the mask of rows that differ
    from their predecessor, the permutation that sorts) — JAX's _unique_sorted_mask."""
    n, rest = arr.shape[0], arr.shape[1:]
    int_dtype = index_dtype()
    if arr.dtype.kind == "c":
        # Every complex NaN becomes nan+0j, so that all of them sort (and compare) alike.
        arr = _where(_isnan(arr), _const(complex(np.nan, 0), arr.dtype), arr)
    if arr.size == 0:
        rows = min(n, 1)  # rows of zero elements are all equal: one survives
        aux = lax.slice(arr, (0,) * arr.ndim, (rows,) + rest)
        return aux, full_of((rows,), False, _bool), full_of((rows,), 0, int_dtype)
    positions = iota(int_dtype, n)
    if arr.ndim == 1:
        aux, perm = lax.sort((arr, positions), num_keys=1)
    else:
        flat = lax.reshape(arr, (n, int(np.prod(rest))))
        columns = [lax.reshape(lax.slice(flat, (0, j), (n, j + 1)), (n,))
                   for j in range(flat.shape[1])]
        perm = lax.sort((*columns, positions), num_keys=len(columns))[-1]
        aux = arr[perm]
    later, earlier = aux[1:], aux[:-1]
    differs = lax.ne(later, earlier)
    if equal_nan and dtypes.is_inexact(aux.dtype):
        both_nan = lax.bitwise_and(_isnan(later), _isnan(earlier))
        differs = lax.bitwise_and(differs, lax.bitwise_not(both_nan))
    if aux.ndim > 1:
        differs = lax.reduce_or(differs, tuple(range(1, aux.ndim)))
    mask = lax.concatenate([full_of((1,), True, _bool), differs], 0)
    return aux, mask, perm


def _unique(arr, axis, return_index, return_inverse, return_counts, equal_nan, size,
            fill_value):
    n = arr.shape[axis]
    if n == 0 and size and fill_value is None:
        raise ValueError("jnp.unique: for zero-sized input with nonzero size argument, "
                         "fill_value must be specified")
    aux, mask, perm = _sorted_rows(moveaxis(arr, axis, 0), equal_nan)
    count = count_true(mask)
    k = size if size is not None else int(require_concrete(count, ""))
    rows = aux.shape[0]
    int_dtype = index_dtype()
    if aux.size:
        ind = true_positions(mask, k, 0)
        result = aux[ind]  # padding repeats the smallest value, as JAX's does
        if size is not None and fill_value is not None:
            valid = lax.broadcast_in_dim(below(count, size), result.shape, (0,))
            result = _where(valid, result, full_of((), fill_value, result.dtype))
    else:
        ind = None
        result = aux
        if size is not None and fill_value is not None:
            result = full_of((size,) + aux.shape[1:], fill_value, aux.dtype)
    outs = [moveaxis(result, 0, axis)]
    if return_index:
        outs.append(perm[ind] if ind is not None else perm)
    if return_inverse:
        if aux.size:
            rank = lax.sub(lax.cumsum(lax.convert_element_type(mask, int_dtype), 0),
                           _const(1, int_dtype))
            outs.append(full_of((rows,), 0, int_dtype).at[perm].set(rank, unique_indices=True))
        else:
            outs.append(full_of((n,), 0, int_dtype))
    if return_counts:
        if aux.size:
            # Start of each run, then the end of the last one (padding: empty runs at the end).
            starts = true_positions(mask, k + 1, 0)
            tail = starts[1:]
            tail = _where(lax.ne(tail, _const(0, int_dtype)), tail, _const(rows, int_dtype))
            bounds = lax.concatenate([starts[:1], tail], 0)
            outs.append(lax.sub(bounds[1:], bounds[:-1]))
        elif n:
            outs.append(full_of((1,), n, int_dtype))
        else:
            outs.append(full_of((0,), 0, int_dtype))
    return outs[0] if len(outs) == 1 else tuple(outs)


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, size=None, fill_value=None, sorted=True):
    """The sorted unique elements (or rows along `axis`), optionally with the index of each
    one's first occurrence, the inverse map and the counts. `size=` (needed under jit)
    pads with `fill_value` (default: the smallest value) or cuts."""
    del sorted  # the result is always sorted, as JAX's is
    arr, = arraylike("unique", ar)
    size = static_size(size, "The error arose for the size argument of jnp.unique(). "
                       + UNIQUE_SIZE_HINT)
    if size is None:
        arr = concrete_array(arr, "The error arose for the first argument of jnp.unique(). "
                             + UNIQUE_SIZE_HINT)
    shape = arr.shape
    if axis is None:
        arr, axis_int = ravel(arr), 0
    else:
        axis_int = canonicalize_axis(axis, arr.ndim)
    with eval_unless_traced(arr):
        result = _unique(arr, axis_int, return_index, return_inverse, return_counts,
                         equal_nan, size, fill_value)
    if return_inverse and axis is None:
        k = 1 + bool(return_index)
        result = (*result[:k], reshape(result[k], shape), *result[k + 1:])
    return result


class _UniqueAllResult(NamedTuple):
    values: Array
    indices: Array
    inverse_indices: Array
    counts: Array


class _UniqueCountsResult(NamedTuple):
    values: Array
    counts: Array


class _UniqueInverseResult(NamedTuple):
    values: Array
    inverse_indices: Array


def unique_all(x, /, *, size=None, fill_value=None):
    """Unique values, first indices, inverse indices and counts (NaNs all distinct)."""
    arraylike("unique_all", x)
    return _UniqueAllResult(*unique(x, return_index=True, return_inverse=True,
                                    return_counts=True, equal_nan=False, size=size,
                                    fill_value=fill_value))


def unique_counts(x, /, *, size=None, fill_value=None):
    """Unique values and their counts (NaNs all distinct)."""
    arraylike("unique_counts", x)
    return _UniqueCountsResult(*unique(x, return_counts=True, equal_nan=False, size=size,
                                       fill_value=fill_value))


def unique_inverse(x, /, *, size=None, fill_value=None):
    """Unique values and the inverse indices, shaped like `x` (NaNs all distinct)."""
    arraylike("unique_inverse", x)
    return _UniqueInverseResult(*unique(x, return_inverse=True, equal_nan=False, size=size,
                                        fill_value=fill_value))


def unique_values(x, /, *, size=None, fill_value=None):
    """The unique values (NaNs all distinct)."""
    arraylike("unique_values", x)
    return unique(x, equal_nan=False, size=size, fill_value=fill_value)


# --- two-set operations ---------------------------------------------------------------

def _flat_pair(fun_name, ar1, ar2, promote=True):
    a1, a2 = arraylike(fun_name, ar1, ar2)
    if promote and a1.dtype != a2.dtype:
        from ._promote import promote_dtypes
        a1, a2 = promote_dtypes(a1, a2)
    return ravel(a1), ravel(a2)


def _unique_padded(arr):
    """(the sorted unique values of 1-D `arr`, padded to its length, the index of each
    one's first occurrence, how many are real)."""
    n = arr.shape[0]
    if n == 0:
        return arr, full_of((0,), 0, index_dtype()), _const(0, index_dtype())
    aux, mask, perm = _sorted_rows(arr, equal_nan=True)
    ind = true_positions(mask, n, 0)
    return aux[ind], perm[ind], count_true(mask)


def _merged(arr1, arr2, assume_unique):
    """Both arrays' (unique) values sorted together, the padding last: (values, valid,
    source: position in the concatenation of the two padded arrays, (index maps))."""
    n1, n2 = arr1.shape[0], arr2.shape[0]
    if assume_unique:
        v1, i1, c1 = arr1, None, n1
        v2, i2, c2 = arr2, None, n2
    else:
        v1, i1, c1 = _unique_padded(arr1)
        v2, i2, c2 = _unique_padded(arr2)
    valid = lax.concatenate([below(c1, n1), below(c2, n2)], 0)
    values = lax.concatenate([v1, v2], 0)
    invalid, aux, source = lax.sort((lax.bitwise_not(valid), values,
                                     iota(index_dtype(), n1 + n2)), num_keys=2)
    return aux, lax.bitwise_not(invalid), source, (i1, i2)


def _pad_result(vals, count, k, fill_value):
    """JAX's padding of a set operation's result: `fill_value`, or else the smallest of
    the values found (0 when none is)."""
    if k == 0:
        return vals
    valid = below(count, k)
    if fill_value is not None:
        return _where(valid, vals, full_of((), fill_value, vals.dtype))
    vals = _where(valid, vals, lax.reduce_max(vals, (0,)))
    return _where(valid, vals, lax.reduce_min(vals, (0,)))


def _gather_or(values, positions, fill):
    """values[positions], `fill` where a position is out of bounds."""
    if values.shape[0] == 0:
        return full_of(positions.shape, fill, values.dtype)
    return values.at[positions].get(mode="fill", fill_value=fill)


def _result_length(size, count):
    return size if size is not None else int(require_concrete(count, ""))


_SIZE_HINT = (". Pass a static `size` argument (and optionally `fill_value`) to use it under "
              "jit and other transformations.")


def _check_concrete_pair(fun_name, size, ar1, ar2, hint=""):
    """(size, ar1, ar2): without a size, both arrays as constants (see the docstring)."""
    size = static_size(size, f"The error arose in {fun_name}()")
    if size is None:
        ar1, ar2 = (concrete_array(ar, f"The error arose in {fun_name}(){hint}")
                    for ar in (ar1, ar2))
    return size, ar1, ar2


def intersect1d(ar1, ar2, assume_unique=False, return_indices=False, *, size=None,
                fill_value=None):
    """The sorted values present in both arrays; with return_indices, also the index of
    each in ar1 and in ar2 (padding: len(ar1), len(ar2))."""
    arr1, arr2 = _flat_pair("intersect1d", ar1, ar2)
    size, arr1, arr2 = _check_concrete_pair("intersect1d", size, arr1, arr2, _SIZE_HINT)
    n1, n2 = arr1.shape[0], arr2.shape[0]
    int_dtype = index_dtype()
    with eval_unless_traced(arr1, arr2):
        aux, valid, source, (i1, i2) = _merged(arr1, arr2, assume_unique)
        total = n1 + n2
        if total >= 2:
            # Each array's values are unique, so equal neighbours are one from each.
            same = lax.bitwise_and(lax.eq(aux[1:], aux[:-1]), valid[1:])
        else:
            same = full_of((0,), False, _bool)
        count = count_true(same)
        k = _result_length(size, count)
        positions = true_positions(same, k, total)
        vals = _pad_result(_gather_or(aux, positions, 0), count, k, fill_value)
        if not return_indices:
            return vals
        found = below(count, k)
        first = _where(found, _gather_or(source, positions, n1), _const(n1, int_dtype))
        second = lax.sub(_gather_or(source, lax.add(positions, _const(1, int_dtype)), total),
                         _const(n1, int_dtype))
        second = _where(found, second, _const(n2, int_dtype))
        if not assume_unique:
            first = _gather_or(i1, first, n1)
            second = _gather_or(i2, second, n2)
        return vals, first, second


def union1d(ar1, ar2, *, size=None, fill_value=None):
    """The sorted unique values of both arrays together."""
    arr1, arr2 = arraylike("union1d", ar1, ar2)
    size, arr1, arr2 = _check_concrete_pair("union1d", size, arr1, arr2)
    return unique(concatenate((ravel(arr1), ravel(arr2))), size=size, fill_value=fill_value)


def setdiff1d(ar1, ar2, assume_unique=False, *, size=None, fill_value=None):
    """The sorted unique values of ar1 not in ar2 (in ar1's dtype; padding: fill_value,
    default 0)."""
    arr1, arr2 = _flat_pair("setdiff1d", ar1, ar2, promote=False)
    size, arr1, arr2 = _check_concrete_pair("setdiff1d", size, arr1, arr2)
    fill = full_of((), 0 if fill_value is None else fill_value, arr1.dtype)
    n1 = arr1.shape[0]
    if n1 == 0:
        return full_of((size or 0,), fill, arr1.dtype)
    with eval_unless_traced(arr1, arr2):
        if assume_unique:
            values, count = arr1, n1
        else:
            values, _, count = _unique_padded(arr1)
            if size is not None and dtypes.is_inexact(arr1.dtype):
                # JAX counts the unique values as those unequal to the first one (the
                # padding repeats it); when that one is NaN (every value is NaN), nothing
                # equals it and all n1 copies count: [nan, nan] gives two NaNs.
                all_nan = lax.reduce_and(_isnan(arr1), (0,))
                count = lax.select_n(all_nan, count, _const(n1, count.dtype))
        keep = lax.bitwise_and(_in1d(values, arr2, True, "auto"), below(count, n1))
        found = count_true(keep)
        k = _result_length(size, found)
        out = values[true_positions(keep, k, 0)]
        return _where(below(found, k), out, fill) if size is not None else out


def setxor1d(ar1, ar2, assume_unique=False, *, size=None, fill_value=None):
    """The sorted values that are in exactly one of the arrays."""
    arr1, arr2 = _flat_pair("setxor1d", ar1, ar2)
    size, arr1, arr2 = _check_concrete_pair("setxor1d", size, arr1, arr2, _SIZE_HINT)
    total = arr1.shape[0] + arr2.shape[0]
    with eval_unless_traced(arr1, arr2):
        aux, valid, _, _ = _merged(arr1, arr2, assume_unique)
        if total:
            differs = lax.ne(aux[1:], aux[:-1])
            yes = full_of((1,), True, _bool)
            unlike_prev = lax.concatenate([yes, differs], 0)
            unlike_next = lax.concatenate(
                [lax.bitwise_or(differs, lax.bitwise_not(valid[1:])), yes], 0)
            keep = lax.bitwise_and(valid, lax.bitwise_and(unlike_prev, unlike_next))
        else:
            keep = full_of((0,), False, _bool)
        count = count_true(keep)
        k = _result_length(size, count)
        vals = _gather_or(aux, true_positions(keep, k, total), 0)
        return _pad_result(vals, count, k, fill_value)


# --- membership -------------------------------------------------------------------------

_ISIN_METHODS = ("compare_all", "binary_search", "sort", "auto")


def _in1d(arr1, arr2, invert, method):
    """For each element of 1-D arr1: is it (not, with invert) in arr2?"""
    if method not in _ISIN_METHODS:
        raise ValueError(f"method={method!r} is not implemented; options are 'compare_all', "
                         "'binary_search', 'sort', and 'auto'")
    if arr1.dtype != arr2.dtype:
        from ._promote import promote_dtypes
        arr1, arr2 = promote_dtypes(arr1, arr2)
    arr1, arr2 = ravel(arr1), ravel(arr2)
    n1, n2 = arr1.shape[0], arr2.shape[0]
    if n1 == 0 or n2 == 0:
        return full_of((n1,), invert, _bool)
    if method in ("compare_all", "auto"):
        equal = lax.eq(lax.broadcast_in_dim(arr1, (n1, n2), (0,)),
                       lax.broadcast_in_dim(arr2, (n1, n2), (1,)))
        found = lax.reduce_or(equal, (1,))
    else:
        # 'sort' and 'binary_search' give the same answer: look each element up in the
        # sorted test values.
        from .searching import searchsorted
        table = lax.sort(arr2)
        found = lax.eq(arr1, table[searchsorted(table, arr1)])
    return lax.bitwise_not(found) if invert else found


def isin(element, test_elements, assume_unique=False, invert=False, *, method="auto"):
    """Elementwise: is each element of `element` among `test_elements`?"""
    del assume_unique  # an optimisation hint only
    element, test_elements = arraylike("isin", element, test_elements)
    return lax.reshape(_in1d(element, test_elements, invert, method), element.shape)

