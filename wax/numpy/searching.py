"""Searching and ordering: searchsorted, digitize, interp, argwhere, partition,
argpartition, lexsort, sort_complex.

searchsorted is built from existing primitives in each of JAX's four ways (the results
agree; `method` only changes the program jit stages): "scan" is a binary search in a
fori_loop, "scan_unrolled" the same search unrolled, "compare_all" counts the sorted
elements before each query, "sort" ranks the queries among the sorted elements. The
comparisons follow lax.sort's order: NaNs last, -0.0 equal to 0.0, complex numbers by real
then imaginary part. A call on concrete real arrays goes straight to np.searchsorted.
"""
from __future__ import annotations

import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.avals import canonicalize_axis
from ..core.interpreters import concrete_value
from ._promote import promote_dtypes
from ._search_util import (arraylike, full_of, index_dtype, iota, is_traced, promote_inexact,
                           sort_le, sort_lt, to_complex)
from .selection import where
from .shape_ops import stack, swapaxes
from .sorting import nonzero
from .ufuncs import absolute, remainder

__all__ = ["searchsorted", "digitize", "interp", "argwhere", "partition", "argpartition",
           "lexsort", "sort_complex"]

_SEARCH_METHODS = ("compare_all", "scan", "scan_unrolled", "sort")


def _const(value, dtype):
    return make_array(np.asarray(value, dtype))


def searchsorted(a, v, side="left", sorter=None, *, method="scan"):
    """Indices where the elements of `v` would be inserted into the sorted 1-D `a` to keep
    it sorted (`side="left"`: before equal elements; "right": after them)."""
    if sorter is None:
        a, v = arraylike("searchsorted", a, v)
    else:
        a, v, sorter = arraylike("searchsorted", a, v, sorter)
    if a.ndim != 1:
        raise ValueError("a should be 1-dimensional")
    if side not in ("left", "right"):
        raise ValueError(f"invalid argument side={side!r}, expected 'left' or 'right'")
    if method not in _SEARCH_METHODS:
        raise ValueError(f"invalid argument method={method!r}, expected one of "
                         f"{list(_SEARCH_METHODS)}")
    if a.dtype != v.dtype:
        a, v = promote_dtypes(a, v)
    if sorter is not None:
        a = a[sorter]
    dtype = np.dtype(np.int32) if a.shape[0] < 2 ** 31 else index_dtype()
    if a.shape[0] == 0:
        return full_of(v.shape, 0, dtype)
    if not is_traced(a, v) and a.dtype.kind in "biuf":
        # ml_dtypes' bfloat16 compares through float32, which holds it exactly.
        a_np = np.asarray(concrete_value(a))
        v_np = np.asarray(concrete_value(v))
        if a.dtype == dtypes.bfloat16:
            a_np, v_np = a_np.astype(np.float32), v_np.astype(np.float32)
        return make_array(np.asarray(np.searchsorted(a_np, v_np, side)).astype(dtype))
    if method == "compare_all":
        return _search_compare_all(a, v, side, dtype)
    if method == "sort":
        return _search_by_sorting(a, v, side, dtype)
    return _search_binary(a, v, side, dtype, unrolled=method == "scan_unrolled")


def _search_compare_all(a, v, side, dtype):
    shape = (a.shape[0],) + v.shape
    a_b = lax.broadcast_in_dim(a, shape, (0,))
    v_b = lax.broadcast_in_dim(v, shape, tuple(range(1, len(shape))))
    before = sort_lt(a_b, v_b) if side == "left" else sort_le(a_b, v_b)
    return lax.reduce_sum(lax.convert_element_type(before, dtype), (0,))


def _search_binary(a, v, side, dtype, unrolled):
    n = a.shape[0]
    levels = int(np.ceil(np.log2(n + 1)))
    go_left_if = sort_le if side == "left" else sort_lt
    two = _const(2, dtype)

    def step(low, high):
        mid = lax.add(low, lax.div(lax.sub(high, low), two))
        go_left = go_left_if(v, a[mid])
        return lax.select_n(go_left, mid, low), lax.select_n(go_left, high, mid)

    low, high = full_of(v.shape, 0, dtype), full_of(v.shape, n, dtype)
    if unrolled:
        for _ in range(levels):
            low, high = step(low, high)
        return high
    return lax.fori_loop(0, levels, lambda i, bounds: step(*bounds), (low, high))[1]


def _search_by_sorting(a, v, side, dtype):
    # The position of a query among the queries and the sorted elements together, less its
    # position among the queries alone, is the number of elements before it.
    queries = lax.reshape(v, (v.size,))

    def rank(x):
        positions = iota(dtype, x.shape[0])
        perm = lax.sort((x, positions), num_keys=1)[1]
        return full_of(x.shape, 0, dtype).at[perm].set(positions, unique_indices=True)

    m, n = queries.shape[0], a.shape[0]
    if side == "left":
        together = rank(lax.concatenate([queries, a], 0))[:m]
    else:
        together = rank(lax.concatenate([a, queries], 0))[n:]
    return lax.reshape(lax.sub(together, rank(queries)), v.shape)


def digitize(x, bins, right=False, *, method=None):
    """The index of the bin each element of `x` falls in (bins increasing or decreasing)."""
    x, bins = arraylike("digitize", x, bins)
    right = bool(concrete_value(right, "right argument of jnp.digitize()"))
    if bins.ndim != 1:
        raise ValueError("digitize: bins must be a 1-dimensional array; got bins with shape "
                         f"{bins.shape} and dtype {bins.dtype}")
    n = bins.shape[0]
    if n == 0:
        return full_of(x.shape, 0, np.int32)
    side = "left" if right else "right"
    options = {} if method is None else {"method": method}
    rising = searchsorted(bins, x, side=side, **options)
    falling = lax.sub(_const(n, rising.dtype),
                      searchsorted(lax.rev(bins, (0,)), x, side=side, **options))
    increasing = lax.ge(bins[-1], bins[0])
    return lax.select_n(increasing, falling, rising)


def interp(x, xp, fp, left=None, right=None, period=None):
    """Piecewise-linear interpolation of the points (xp, fp) at x (xp increasing);
    `left`/`right` ("extrapolate" or a value) say what happens outside xp's range."""
    x, xp, fp = arraylike("interp", x, xp, fp)
    if xp.shape != fp.shape or xp.ndim != 1:
        raise ValueError("xp and fp must be one-dimensional arrays of equal size")
    x, xp = promote_inexact(x, xp)
    fp, = promote_inexact(fp)
    extrapolate = []
    for name, value in (("left", left), ("right", right)):
        if isinstance(value, str) and value != "extrapolate":
            raise ValueError(f"the only valid string value of `{name}` is 'extrapolate', "
                             f"but got: {value!r}")
        extrapolate.append(isinstance(value, str))
    if x.dtype.kind == "c":
        raise ValueError("jnp.interp: complex x values not supported.")
    if period is not None:
        if np.ndim(period) != 0:
            raise ValueError(f"period must be a scalar; got {period}")
        period = absolute(period)
        x, xp = remainder(x, period), remainder(xp, period)
        xp, fp = lax.sort((xp, fp), num_keys=1)
        xp = lax.concatenate([lax.sub(xp[-1:], _broadcast1(period, xp.dtype)), xp,
                              lax.add(xp[:1], _broadcast1(period, xp.dtype))], 0)
        fp = lax.concatenate([fp[-1:], fp, fp[:1]], 0)
    i = searchsorted(xp, x, side="right")
    i = lax.clamp(_const(1, i.dtype), i, _const(xp.shape[0] - 1, i.dtype))
    before = lax.sub(i, _const(1, i.dtype))
    f_before, x_before = fp[before], xp[before]
    df = lax.sub(fp[i], f_before)
    dx = lax.sub(xp[i], x_before)
    delta = lax.sub(x, x_before)
    # A zero-width interval takes its left value (and so no NaN reaches the gradient).
    eps = dtypes.finfo(xp.dtype).eps
    epsilon = np.spacing(np.asarray(eps, np.float32 if xp.dtype.itemsize < 4 else xp.dtype))
    flat = lax.le(lax.abs(dx), _const(epsilon, dx.dtype))
    safe_dx = where(flat, _const(1, dx.dtype), dx)
    f = where(flat, f_before, f_before + (delta / safe_dx) * df)
    if period is None:
        if not extrapolate[0]:
            f = where(x < xp[0], fp[0] if left is None else left, f)
        if not extrapolate[1]:
            f = where(x > xp[-1], fp[-1] if right is None else right, f)
    return f


def _broadcast1(value, dtype):
    from ._promote import convert_to
    return lax.broadcast_in_dim(convert_to(value, dtype), (1,), ())


def argwhere(a, *, size=None, fill_value=None):
    """The indices of the non-zero elements, one row per element (`size=` under jit)."""
    a, = arraylike("argwhere", a)
    ndim = a.ndim
    coords = nonzero(lax.reshape(a, (1,)) if ndim == 0 else a, size=size,
                     fill_value=fill_value)
    result = stack(coords, axis=1)
    return result[:, :0] if ndim == 0 else result


def _partition_input(fun_name, a, kth, axis):
    arr, = arraylike(fun_name, a)
    if arr.dtype.kind == "c":
        raise NotImplementedError(f"jnp.{fun_name} for complex dtype is not implemented.")
    if arr.dtype == dtypes.bool_:
        raise TypeError(f"jnp.{fun_name} does not accept dtype bool (JAX negates the input); "
                        f"got an array of shape {arr.shape}")
    axis = canonicalize_axis(axis, arr.ndim)
    kth = canonicalize_axis(operator.index(kth), arr.shape[axis], "kth")
    return swapaxes(arr, axis, -1), kth, axis


def partition(a, kth, axis=-1):
    """`a` with its kth+1 smallest elements first (ascending), then the others (JAX's order:
    descending)."""
    arr, kth, axis = _partition_input("partition", a, kth, axis)
    last = arr.ndim - 1
    ordered = lax.sort(arr, dimension=last)
    bottom = lax.slice_in_dim(ordered, 0, kth + 1, axis=last)
    top = lax.rev(lax.slice_in_dim(ordered, kth + 1, arr.shape[last], axis=last), (last,))
    return swapaxes(lax.concatenate([bottom, top], last), axis, -1)


def argpartition(a, kth, axis=-1):
    """Indices that partition `a`: those of the kth+1 smallest elements first (by value),
    then the others in increasing index order (as JAX's)."""
    arr, kth, axis = _partition_input("argpartition", a, kth, axis)
    last = arr.ndim - 1
    positions = lax.broadcasted_iota(np.int32, arr.shape, last)
    perm = lax.sort((arr, positions), dimension=last, num_keys=1)[1]
    bottom = lax.slice_in_dim(perm, 0, kth + 1, axis=last)
    top = lax.sort(lax.slice_in_dim(perm, kth + 1, arr.shape[last], axis=last),
                   dimension=last)
    return swapaxes(lax.concatenate([bottom, top], last), axis, -1)


def lexsort(keys, axis=-1):
    """The indices that sort by several keys, the last key primary."""
    keys = tuple(keys)
    if len(keys) == 0:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    keys = arraylike("lexsort", *keys)
    if len({k.shape for k in keys}) > 1:
        raise ValueError("all keys need to be the same shape; got shapes "
                         f"{[k.shape for k in keys]}")
    if keys[0].ndim == 0:
        return full_of((), 0, index_dtype())
    axis = canonicalize_axis(axis, keys[0].ndim)
    positions = lax.broadcasted_iota(index_dtype(), keys[0].shape, axis)
    return lax.sort((*keys[::-1], positions), dimension=axis, num_keys=len(keys))[-1]


def sort_complex(a):
    """`a` sorted along its last axis (by real part, then imaginary), as a complex array."""
    arr, = arraylike("sort_complex", a)
    if arr.ndim == 0:
        raise ValueError("sort_complex needs an array of at least one dimension; got a "
                         f"scalar of dtype {arr.dtype}")
    ordered = lax.sort(arr, dimension=arr.ndim - 1)
    return lax.convert_element_type(ordered, to_complex(arr.dtype))

