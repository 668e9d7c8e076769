"""Counting: bincount, histogram_bin_edges, histogram, histogram2d, histogramdd.

Every count is a scatter-add of the weights (1 without weights) at each element's bin,
so counts are differentiable in the weights and batch under vmap. With an integer number
of bins the edges come from the data (its min and max) but their number is static, so
these work under jit; bincount needs a static `length` there.
"""
from __future__ import annotations

import builtins
import math
import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.interpreters import concrete_value
from ._promote import check_arraylike, convert_to
from ._search_util import (full_of, index_dtype, is_traced, promote_inexact, require_concrete,
                           to_inexact)
from .creation import asarray, linspace
from .reductions import max as _max, min as _min
from .searching import searchsorted
from .selection import where

__all__ = ["bincount", "histogram_bin_edges", "histogram", "histogram2d", "histogramdd"]


def bincount(x, weights=None, minlength=0, *, length=None, out_sharding=None):
    """The number of occurrences (or summed weights) of each value 0..length-1 of the
    non-negative integers `x` (negative values count as 0, values past length are dropped)."""
    del out_sharding  # one device: every array is replicated
    check_arraylike("bincount", x)
    x = asarray(x)
    if x.dtype == dtypes.bool_:
        x = lax.convert_element_type(x, np.int32)
    if not dtypes.is_integer(x.dtype):
        raise TypeError(f"x argument to bincount must have an integer type; got {x.dtype}")
    if x.ndim != 1:
        raise ValueError(f"only 1-dimensional input supported; got x with shape {x.shape}.")
    minlength = operator.index(concrete_value(
        minlength, "The error occurred because of argument 'minlength' of jnp.bincount."))
    if length is None:
        values = require_concrete(x, "The error occurred because of argument 'x' of "
                                  "jnp.bincount. To avoid this error, pass a static `length` "
                                  "argument.")
        length = builtins.max(minlength, int(builtins.max(0, values.max())) + 1
                              if values.size else 0)
    else:
        length = operator.index(concrete_value(
            length, "The error occurred because of argument 'length' of jnp.bincount."))
    if weights is None:
        dtype, weights = index_dtype(), make_array(np.ones((), index_dtype()))
    else:
        check_arraylike("bincount", weights)
        weights = asarray(weights)
        if weights.shape != x.shape:
            raise ValueError("type of weights must match type of x. Got "
                             f"typeof(x)={x.dtype}{list(x.shape)} and "
                             f"typeof(weights)={weights.dtype}{list(weights.shape)}")
        dtype = weights.dtype
    bins = lax.max(x, make_array(np.zeros((), x.dtype)))
    return full_of((length,), 0, dtype).at[bins].add(weights, mode="drop")


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """The bin edges histogram uses: `bins` itself when it is 1-D, else bins+1 evenly
    spaced edges over `range` (default: the data's min to max)."""
    del weights  # only string bins (not supported, as in JAX) would use them
    if isinstance(bins, str):
        raise NotImplementedError("string values for `bins` not implemented.")
    check_arraylike("histogram_bin_edges", a, bins)
    arr = asarray(a)
    dtype = to_inexact(arr.dtype)
    if np.ndim(bins) == 1:
        return convert_to(asarray(bins), dtype)
    count = operator.index(concrete_value(bins, "bins argument of histogram_bin_edges"))
    if range is None:
        if arr.size == 0:
            raise ValueError("histogram_bin_edges: zero-size array to reduction operation min "
                             "which has no identity (the range of an empty array is "
                             "undefined; pass `range` or explicit bin edges)")
        low, high = _min(arr), _max(arr)
    else:
        bounds = asarray(range, dtype=dtype)
        if bounds.shape != (2,):
            raise ValueError("`range` must be either None or a sequence of scalars, got "
                             f"{bounds if is_traced(bounds) else np.asarray(bounds)}")
        low, high = bounds[0], bounds[1]
    low, high = convert_to(low, dtype), convert_to(high, dtype)
    same = lax.eq(low, high)
    half = make_array(np.asarray(0.5, dtype))
    low = where(same, lax.sub(low, half), low)
    high = where(same, lax.add(high, half), high)
    return linspace(low, high, count + 1, dtype=dtype)


def _edge_index(values, edges):
    """The bin of each value: 1..len(edges)-1 inside, 0 below, len(edges) above; the last
    edge belongs to the last bin."""
    index = searchsorted(edges, values, side="right")
    last = edges.shape[0] - 1
    return where(lax.eq(values, edges[-1]), lax.convert_element_type(last, index.dtype), index)


def histogram(a, bins=10, range=None, weights=None, density=None):
    """(counts, bin_edges) of the values of `a` (weighted; normalized with density)."""
    if weights is None:
        check_arraylike("histogram", a, bins)
        a, = promote_inexact(asarray(a))
        weights = full_of(a.shape, 1, a.dtype)
    else:
        check_arraylike("histogram", a, bins, weights)
        a, weights = asarray(a), asarray(weights)
        if a.shape != weights.shape:
            raise ValueError("weights should have the same shape as a; got a with shape "
                             f"{a.shape} and weights with shape {weights.shape}.")
        a, weights = promote_inexact(a, weights)
    edges = histogram_bin_edges(a, bins, range, weights)
    index = _edge_index(a, edges)
    counts = full_of((edges.shape[0],), 0, weights.dtype).at[index].add(weights)[1:]
    if density:
        widths = lax.sub(edges[1:], edges[:-1])
        counts = counts / widths / counts.sum()
    return counts, edges


def histogramdd(sample, bins=10, range=None, weights=None, density=None):
    """(counts, [edges per dimension]) of N points in D dimensions (sample: (N, D))."""
    if weights is None:
        check_arraylike("histogramdd", sample)
        sample, = promote_inexact(asarray(sample))
    else:
        check_arraylike("histogramdd", sample, weights)
        sample, weights = asarray(sample), asarray(weights)
        if weights.shape != sample.shape[:1]:
            raise ValueError("should have one weight for each sample; got sample with shape "
                             f"{sample.shape} and weights with shape {weights.shape}.")
        sample, weights = promote_inexact(sample, weights)
    if sample.ndim != 2:
        raise ValueError("histogramdd: sample must be a 2-D array of shape (N, D); got shape "
                         f"{sample.shape}")
    n, d = sample.shape
    if range is not None and (len(range) != d or builtins.any(
            r is not None and np.shape(r)[0] != 2 for r in range)):
        raise ValueError(f"For sample.shape={(n, d)}, range must be a sequence of {d} pairs "
                         f"or Nones; got range={range}")
    try:
        bins_per_dim = list(bins)
    except TypeError:
        bins_per_dim = [bins] * d
    else:
        if len(bins_per_dim) != d:
            raise ValueError("should be a bin for each dimension.")
    indices, all_edges = [], []
    for i in builtins.range(d):
        column = sample[:, i]
        edges = histogram_bin_edges(column, bins_per_dim[i],
                                    None if range is None else range[i], weights)
        indices.append(_edge_index(column, edges))
        all_edges.append(edges)
    from .packing import ravel_multi_index
    nbins = tuple(e.shape[0] + 1 for e in all_edges)
    flat = ravel_multi_index(tuple(indices), nbins, mode="clip")
    hist = bincount(flat, weights, length=math.prod(nbins))
    hist = lax.reshape(hist, nbins)
    hist = hist[tuple(slice(1, -1) for _ in nbins)]  # drop the outside bins
    if density:
        hist = convert_to(hist, sample.dtype)
        hist = hist / hist.sum()
        for i, edges in enumerate(all_edges):
            widths = lax.sub(edges[1:], edges[:-1])
            hist = hist / lax.broadcast_in_dim(widths, hist.shape, (i,))
    return hist, all_edges


def histogram2d(x, y, bins=10, range=None, weights=None, density=None):
    """(counts, x_edges, y_edges) of the points (x, y)."""
    check_arraylike("histogram2d", x, y)
    try:
        count = len(bins)
    except TypeError:
        count = 1
    if count not in (1, 2):
        edges = asarray(bins)
        bins = [edges, edges]
    from .shape_ops import stack
    from ._promote import promote_dtypes
    sample = stack(promote_dtypes(asarray(x), asarray(y)), axis=1)
    hist, edges = histogramdd(sample, bins, range, weights, density)
    return hist, edges[0], edges[1]
