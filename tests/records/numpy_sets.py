"""Op records for wax.numpy's sets, searching, counting and histograms (setops.py,
searching.py, histograms.py, packing.py).

Functions whose result length depends on the values (unique, the set operations,
argwhere) are recorded with JAX's `size=` (and `fill_value=`), so that jit and vmap apply;
the NumPy references pad their results the way JAX documents: unique pads with the
smallest value, its indices with the first one and its counts with 0; intersect1d and
setxor1d pad with the smallest value found (0 when none is), setdiff1d with 0, and
intersect1d's indices with the lengths of the inputs. JAX's orders where NumPy leaves
them open are written out: partition gives the kth+1 smallest ascending and then the
rest descending; argpartition gives the indices of the kth+1 smallest by value and then
the others in increasing order.

Expected dtypes are JAX's (x64 off): index results are int32, counts without weights
int32, histograms of integers float32, bit packing uint8.
"""
import numpy as np

import wax.numpy as jnp

from . import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int32,
               rand_int_small, to, uint8)

INT = to(int32)


def rand_small_values(shape, dtype, rng):
    """Values from a handful of integers (-3..3; bool: random), so duplicates abound."""
    if dtype == bool_:
        return rng.random(shape) < 0.5
    low = 0 if dtype.kind == "u" else -3
    return rng.integers(low, 4, size=shape).astype(dtype)


def rand_sorted(shape, dtype, rng):
    """Sorted (along the last axis) uniform values in [-3, 3)."""
    values = rng.uniform(-3, 3, size=shape)
    return (np.sort(values, axis=-1) if values.ndim else values).astype(dtype)


def rand_wide_int(shape, dtype, rng):
    """Integers in [-15, 15) (unsigned: [0, 15)): flat indices in and out of bounds."""
    return rng.integers(0 if dtype.kind == "u" else -15, 15, size=shape).astype(dtype)


def rand_bytes(shape, dtype, rng):
    return rng.integers(0, 256, size=shape).astype(dtype)


def _pad(values, size, fill):
    values = np.asarray(values)
    out = np.full((size,) + values.shape[1:], fill, dtype=values.dtype)
    n = min(size, len(values))
    out[:n] = values[:n]
    return out


def _smallest_or_zero(values):
    return values[0] if len(values) else 0


# --- references -------------------------------------------------------------------------

def np_unique(x, return_index=False, return_inverse=False, return_counts=False, axis=None,
              size=None, fill_value=None, equal_nan=True):
    values, index, inverse, counts = np.unique(x, True, True, True, axis=axis,
                                               equal_nan=equal_nan)
    if axis is None:
        inverse = inverse.reshape(np.shape(x))
    if size is not None:
        values = _pad(values, size, values[0] if fill_value is None else fill_value)
        index = _pad(index, size, index[0])
        counts = _pad(counts, size, 0)
    outs = [values]
    outs += [index] if return_index else []
    outs += [inverse.reshape(-1) if axis is not None else inverse] if return_inverse else []
    outs += [counts] if return_counts else []
    return outs[0] if len(outs) == 1 else tuple(outs)


def np_union1d(a, b, size=None, fill_value=None):
    values = np.union1d(a, b)
    return _pad(values, size, values[0] if fill_value is None else fill_value)


def np_intersect1d(a, b, return_indices=False, size=None, fill_value=None):
    values, i1, i2 = np.intersect1d(a, b, return_indices=True)
    values = _pad(values, size, _smallest_or_zero(values) if fill_value is None
                  else fill_value)
    if not return_indices:
        return values
    return values, _pad(i1, size, a.size), _pad(i2, size, b.size)


def np_setdiff1d(a, b, size=None, fill_value=None):
    return _pad(np.setdiff1d(a, b), size, 0 if fill_value is None else fill_value)


def np_setxor1d(a, b, size=None, fill_value=None):
    values = np.setxor1d(a, b)
    return _pad(values, size, _smallest_or_zero(values) if fill_value is None
                else fill_value)


def np_isin(a, b, invert=False, method=None):
    return np.isin(a, b, invert=invert)


def np_searchsorted(a, v, side="left", method=None):
    return np.searchsorted(np.sort(a), v, side=side)


def wax_searchsorted(a, v, **params):
    return jnp.searchsorted(jnp.sort(a), v, **params)


def np_digitize(x, bins, right=False, decreasing=False):
    bins = np.sort(bins)
    return np.digitize(x, bins[::-1] if decreasing else bins, right=right)


def wax_digitize(x, bins, right=False, decreasing=False, **params):
    bins = jnp.sort(bins)
    return jnp.digitize(x, bins[::-1] if decreasing else bins, right=right, **params)


def np_bincount(x, length):
    """JAX's bincount: negative values count as 0, values past `length` are dropped."""
    return np.bincount(np.clip(x.astype(np.int64), 0, None), minlength=length)[:length]


BINCOUNT_X = np.array([0, 3, 1, 1, 4, 0], np.int32)


def np_argwhere(a, size, fill_value=0):
    return _pad(np.argwhere(a), size, fill_value)


def np_partition(a, kth, axis=-1):
    kth %= a.shape[axis]
    ordered = np.moveaxis(np.sort(a, axis=axis), axis, -1)
    out = np.concatenate([ordered[..., :kth + 1], ordered[..., kth + 1:][..., ::-1]], -1)
    return np.moveaxis(out, -1, axis)


def np_argpartition(a, kth, axis=-1):
    kth %= a.shape[axis]
    perm = np.moveaxis(np.argsort(a, axis=axis, kind="stable"), axis, -1)
    out = np.concatenate([perm[..., :kth + 1], np.sort(perm[..., kth + 1:], -1)], -1)
    return np.moveaxis(out, -1, axis)


def np_unravel_index(i, shape):
    """JAX's unravel_index: -size..-1 wrap once, other out-of-bounds indices clip."""
    size = int(np.prod(shape))
    i = i.astype(np.int64)
    i = np.where(i >= size, size - 1, np.where(i < -size, 0, np.where(i < 0, i + size, i)))
    return np.unravel_index(i, shape)


def np_histogramdd(sample, **params):
    hist, edges = np.histogramdd(sample, **params)
    return (hist, *edges)


def wax_histogramdd(sample, **params):
    hist, edges = jnp.histogramdd(sample, **params)
    return (hist, *edges)


def _hist_dtypes(dtype, *_):
    return (float32, float32) if dtype.kind in "iub" else (dtype, dtype)


RECORDS = [
    # unique: sorted values padded to `size`; with all outputs; along an axis; array API.
    OpRecord("unique-size", lambda x, **kw: jnp.unique(x, **kw), np_unique, 1,
             [float32, int32, int8, uint8, bool_, bfloat16], shapes=[(7,), (2, 5)],
             rng=rand_small_values, params={"size": 8}, jvp=False),
    # Continuous values (no ties): the values are a sort plus padding, so differentiable.
    OpRecord("unique-size-fill", lambda x, **kw: jnp.unique(x, **kw), np_unique, 1,
             [float32, float16], shapes=[(6,), (2, 3)], params={"size": 8, "fill_value": -9}),
    OpRecord("unique-all-outputs", lambda x, **kw: jnp.unique(x, **kw), np_unique, 1,
             [int32, float32], shapes=[(7,), (3, 4)], rng=rand_small_values,
             params={"return_index": True, "return_inverse": True, "return_counts": True,
                     "size": 5}, out_dtype=lambda d: (d, int32, int32, int32), jvp=False),
    OpRecord("unique-axis0", lambda x, **kw: jnp.unique(x, **kw), np_unique, 1,
             [int32, float32], shapes=[(6, 2)], rng=rand_int_small,
             params={"axis": 0, "return_inverse": True, "return_counts": True, "size": 5,
                     "fill_value": 7}, out_dtype=lambda d: (d, int32, int32), jvp=False),
    OpRecord("unique_values", lambda x, **kw: jnp.unique_values(x, **kw),
             lambda x, **kw: np_unique(x, equal_nan=False, **kw), 1, [int8, float32],
             shapes=[(6,)], rng=rand_small_values, params={"size": 6}, jvp=False),
    OpRecord("unique_counts", lambda x, **kw: tuple(jnp.unique_counts(x, **kw)),
             lambda x, **kw: np_unique(x, return_counts=True, equal_nan=False, **kw), 1,
             [int32, bool_], shapes=[(6,), (2, 3)], rng=rand_small_values,
             params={"size": 4, "fill_value": 1}, out_dtype=lambda d: (d, int32), jvp=False),
    OpRecord("unique_inverse", lambda x, **kw: tuple(jnp.unique_inverse(x, **kw)),
             lambda x, **kw: np_unique(x, return_inverse=True, equal_nan=False, **kw), 1,
             [int32, float32], shapes=[(6,), (2, 3)], rng=rand_small_values,
             params={"size": 6}, out_dtype=lambda d: (d, int32), jvp=False),
    OpRecord("unique_all", lambda x, **kw: tuple(jnp.unique_all(x, **kw)),
             lambda x, **kw: np_unique(x, True, True, True, equal_nan=False, **kw), 1,
             [uint8, float32], shapes=[(7,)], rng=rand_small_values, params={"size": 3},
             out_dtype=lambda d: (d, int32, int32, int32), jvp=False),

    # Two-set operations (jvp=False: membership is discrete; the values are the inputs').
    OpRecord("union1d", jnp.union1d, np_union1d, 2, [int32, float32, (int8, float32)],
             shapes=[((5,), (4,)), ((2, 3), (3,))], rng=rand_small_values,
             params={"size": 9}, out_dtype=lambda a, b: float32 if b == float32 else a,
             jvp=False),
    OpRecord("intersect1d", jnp.intersect1d, np_intersect1d, 2, [int32, float32, uint8],
             shapes=[((6,), (5,)), ((2, 3), (4,))], rng=rand_small_values,
             params={"size": 5, "return_indices": True},
             out_dtype=lambda a, b: (a, int32, int32), jvp=False),
    OpRecord("intersect1d-fill", jnp.intersect1d, np_intersect1d, 2, [int8, bool_],
             shapes=[((6,), (5,))], rng=rand_small_values,
             params={"size": 4, "fill_value": 1}, jvp=False),
    OpRecord("setdiff1d", jnp.setdiff1d, np_setdiff1d, 2, [int32, float32, bool_],
             shapes=[((6,), (3,)), ((2, 3), (2,))], rng=rand_small_values,
             params={"size": 6}, jvp=False),
    OpRecord("setdiff1d-fill", jnp.setdiff1d, np_setdiff1d, 2, [int8, float16],
             shapes=[((7,), (4,))], rng=rand_small_values,
             params={"size": 5, "fill_value": -1}, jvp=False),
    OpRecord("setxor1d", jnp.setxor1d, np_setxor1d, 2, [int32, float32, uint8],
             shapes=[((6,), (5,)), ((2, 2), (3,))], rng=rand_small_values,
             params={"size": 7}, jvp=False),
    OpRecord("setxor1d-fill", jnp.setxor1d, np_setxor1d, 2, [int32],
             shapes=[((4,), (4,))], rng=rand_small_values, params={"size": 6, "fill_value": 9},
             jvp=False),
    *[OpRecord(f"isin-{method}-invert={invert}", jnp.isin, np_isin, 2,
               [int32, float32, bool_, (int8, float32)][:4 if method == "auto" else 2],
               shapes=[((2, 3), (4,)), ((5,), (2, 2)), ((), (3,))], rng=rand_small_values,
               params={"method": method, "invert": invert}, out_dtype=to(bool_), jvp=False)
      for method, invert in [("auto", False), ("compare_all", True),
                             ("binary_search", False), ("sort", True)]],

    # Searching (jvp=False: integer results).
    OpRecord("searchsorted", wax_searchsorted, np_searchsorted, 2,
             [float32, int32, int8, uint8, bool_, bfloat16, float16, (int32, float32)],
             shapes=[((6,), ()), ((6,), (4,)), ((5,), (2, 3)), ((1,), (3,))],
             out_dtype=INT, jvp=False),
    *[OpRecord(f"searchsorted-{method}-{side}", wax_searchsorted, np_searchsorted, 2,
               [float32, int8, bool_], shapes=[((6,), ()), ((5,), (2, 3))],
               params={"side": side, "method": method}, out_dtype=INT, jvp=False)
      for method, side in [("scan", "right"), ("scan_unrolled", "left"),
                           ("compare_all", "left"), ("compare_all", "right"),
                           ("sort", "right"), ("sort", "left")]],
    *[OpRecord(f"digitize-right={right}-decreasing={decreasing}", wax_digitize, np_digitize,
               2, [float32, int32, (float32, int32)], shapes=[((5,), (4,)), ((2, 3), (3,))],
               params={"right": right, "decreasing": decreasing}, out_dtype=INT, jvp=False)
      for right, decreasing in [(False, False), (True, False), (False, True), (True, True)]],

    # Counting
    OpRecord("bincount", lambda x: jnp.bincount(x, length=4),
             lambda x: np_bincount(x, 4), 1, [int32, int8, uint8, bool_],
             shapes=[(6,), (0,)], out_dtype=INT, jvp=False),
    OpRecord("bincount-weights", lambda w: jnp.bincount(BINCOUNT_X, w, length=5),
             lambda w: np.bincount(BINCOUNT_X, w, minlength=5), 1, [float32, float16, int8],
             shapes=[(6,)]),
    OpRecord("histogram", lambda a, **kw: jnp.histogram(a, **kw), np.histogram, 1,
             [float32, int32], shapes=[(9,), (2, 4)], params={"bins": 4},
             out_dtype=_hist_dtypes, jvp=False),
    OpRecord("histogram-range-density", lambda a, **kw: jnp.histogram(a, **kw), np.histogram,
             1, [float32, int8], shapes=[(9,)],
             params={"bins": 3, "range": (-2.0, 2.5), "density": True},
             out_dtype=_hist_dtypes, jvp=False),
    OpRecord("histogram-edges", lambda a, **kw: jnp.histogram(a, **kw), np.histogram, 1,
             [float32], shapes=[(8,)], params={"bins": np.array([-3., -1., 0.5, 3.])},
             jvp=False, out_dtype=_hist_dtypes),
    # Counts are linear in the weights; the edges follow the data's min and max.
    OpRecord("histogram-weights",
             lambda a, w, **kw: jnp.histogram(a, weights=w, **kw),
             lambda a, w, **kw: np.histogram(a, weights=w, **kw), 2, [float32],
             shapes=[((8,), (8,))], params={"bins": 3}, out_dtype=lambda a, w: (a, a)),
    OpRecord("histogram2d", lambda x, y, **kw: jnp.histogram2d(x, y, **kw), np.histogram2d, 2,
             [float32, int32], shapes=[((7,), (7,))], params={"bins": [2, 3]},
             out_dtype=lambda d, _: (int32, float32, float32), jvp=False),
    OpRecord("histogram2d-weights-density",
             lambda x, y, w, **kw: jnp.histogram2d(x, y, weights=w, **kw),
             lambda x, y, w, **kw: np.histogram2d(x, y, weights=w, **kw), 3, [float32],
             shapes=[((7,), (7,), (7,))], params={"bins": 2, "density": True},
             out_dtype=lambda *_: (float32, float32, float32), grad_order=1),
    OpRecord("histogramdd", wax_histogramdd, np_histogramdd, 1, [float32],
             shapes=[(8, 3)], params={"bins": (2, 3, 2)},
             out_dtype=lambda d: (int32, d, d, d), jvp=False),
    OpRecord("argwhere", lambda a, **kw: jnp.argwhere(a, **kw), np_argwhere, 1,
             [int32, float32, bool_], shapes=[(6,), (2, 3)], rng=rand_int_small,
             params={"size": 4}, out_dtype=INT, jvp=False),
    OpRecord("argwhere-fill", lambda a, **kw: jnp.argwhere(a, **kw), np_argwhere, 1,
             [int8], shapes=[(3, 2)], rng=rand_int_small,
             params={"size": 7, "fill_value": -1}, out_dtype=INT, jvp=False),

    # Ordering
    OpRecord("partition", lambda a, **kw: jnp.partition(a, **kw), np_partition, 1,
             [float32, int32, uint8, bfloat16], shapes=[(7,), (3, 4)], params={"kth": 2}),
    OpRecord("partition-axis0", lambda a, **kw: jnp.partition(a, **kw), np_partition, 1,
             [float32, int8], shapes=[(4, 3)], params={"kth": -1, "axis": 0}),
    OpRecord("argpartition", lambda a, **kw: jnp.argpartition(a, **kw), np_argpartition, 1,
             [float32, int32, uint8], shapes=[(7,), (3, 4)], rng=rand_small_values,
             params={"kth": 3}, out_dtype=INT, jvp=False),
    OpRecord("argpartition-axis0", lambda a, **kw: jnp.argpartition(a, **kw),
             lambda a, **kw: np_argpartition(a, **kw), 1, [float32], shapes=[(4, 3)],
             params={"kth": 0, "axis": 0}, out_dtype=INT, jvp=False),
    OpRecord("lexsort", lambda a, b, **kw: jnp.lexsort((a, b), **kw),
             lambda a, b, **kw: np.lexsort((a, b), **kw), 2,
             [int32, float32, bool_, (int8, float32)], shapes=[((6,), (6,)), ((2, 4), (2, 4))],
             rng=rand_small_values, out_dtype=INT, jvp=False),
    OpRecord("lexsort-axis0", lambda a, b, **kw: jnp.lexsort((a, b), **kw),
             lambda a, b, **kw: np.lexsort((a, b), **kw), 2, [int32],
             shapes=[((4, 3), (4, 3))], rng=rand_small_values, params={"axis": 0},
             out_dtype=INT, jvp=False),
    # jvp=False: a complex result of a real input (sort's derivative has its own records).
    OpRecord("sort_complex", jnp.sort_complex, np.sort_complex, 1,
             [float32, int32, complex64], shapes=[(5,), (2, 3)], rng=rand_small_values,
             out_dtype=to(complex64), jvp=False),

    # Indices and bits (jvp=False: integer results)
    *[OpRecord(f"ravel_multi_index-{mode}-{order}",
               lambda i, j, **kw: jnp.ravel_multi_index((i, j), (4, 5), **kw),
               lambda i, j, **kw: np.ravel_multi_index((i, j), (4, 5), **kw), 2,
               [int32, int8, uint8], shapes=[((6,), (6,)), ((), ())],
               params={"mode": mode, "order": order}, jvp=False)
      for mode, order in [("clip", "C"), ("wrap", "C"), ("clip", "F")]],
    OpRecord("unravel_index", lambda i: jnp.unravel_index(i, (3, 4)),
             lambda i: np_unravel_index(i, (3, 4)), 1, [int32, int8, uint8],
             shapes=[(8,), ()], rng=rand_wide_int, out_dtype=lambda d: (d, d), jvp=False),
    *[OpRecord(f"packbits-{axis}-{order}", lambda a, **kw: jnp.packbits(a, **kw), np.packbits,
               1, [int32, bool_, uint8], shapes=[(11,), (3, 5)],
               rng=rand_int_small, params={"axis": axis, "bitorder": order},
               out_dtype=to(uint8), jvp=False)
      for axis, order in [(None, "big"), (-1, "little")]],
    *[OpRecord(f"unpackbits-{axis}-{count}-{order}", lambda a, **kw: jnp.unpackbits(a, **kw),
               np.unpackbits, 1, [uint8], shapes=[(3,), (2, 2)], rng=rand_bytes,
               params={"axis": axis, "count": count, "bitorder": order}, jvp=False)
      for axis, count, order in [(None, None, "big"), (0, 5, "little"), (-1, -3, "big"),
                                 (0, 20, "big")]],

    # Interpolation: piecewise linear in x, smooth in xp and fp between the knots.
    OpRecord("interp", jnp.interp, np.interp, 3, [float32, float16],
             shapes=[((4,), (5,), (5,)), ((), (3,), (3,)), ((2, 3), (4,), (4,))],
             rng=rand_sorted, grad_order=1, jvp_tol=1e-5),
    OpRecord("interp-left-right", jnp.interp, np.interp, 3, [float32],
             shapes=[((6,), (4,), (4,))], rng=rand_sorted,
             params={"left": -1.5, "right": 2.0}, grad_order=1),
    OpRecord("interp-period", jnp.interp, np.interp, 3, [float32],
             shapes=[((6,), (4,), (4,))], rng=rand_sorted, params={"period": 2.5},
             grad_order=1),
]
