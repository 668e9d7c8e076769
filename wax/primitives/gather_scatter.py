"""Gather and scatter: XLA's general indexed read and indexed update, with JAX's names.

The index vector dimension is always the last dimension of the indices (as in JAX).
Out-of-bounds behaviour is a `mode` (GatherScatterMode): CLIP and PROMISE_IN_BOUNDS clamp
a gather's start indices so the whole window fits; FILL_OR_DROP fills a gathered window
that does not fit with `fill_value` and drops a scattered window that does not fit (the
whole window, even its in-bounds part). Scatters drop out-of-bounds windows unless the
mode is CLIP. ONE_HOT (JAX's one-hot matmul lowering) reads 0 for a window that does not
fit and drops such updates. Duplicate indices accumulate for scatter-add/sub/mul/min/max;
for a plain scatter the last update wins (JAX leaves the order unspecified).

Derivatives (JVP and transpose rules) live in gather_scatter_rules.py: gather and
scatter/-add/-sub are linear, scatter-mul follows the product rule, scatter-min/-max pass
on the tangent of the value that wins; scatter_apply has no JVP, as in JAX. Batch (vmap)
rules live in gather_scatter_batch.py: the vmapped dimension becomes a window dimension,
an index batch dimension, or a pair of operand/indices batching dimensions.

The NumPy impls build one integer index array per operand dimension (start + window
offset, broadcast over the output) and do a single fancy-indexing read, or a single
ufunc.at / assignment write; no Python loop runs per element.
"""
from __future__ import annotations

import enum
import functools
import operator
from typing import NamedTuple

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from ..core.jaxpr import Literal
from ..transforms.staging import trace_to_jaxpr
from .elementwise import add, rem
from .families import (ANY, NUMERIC, check_dtype, check_same_dtypes, on_physical, rule_in,
                       standard)
from .shape import concatenate, expand_dims


class GatherDimensionNumbers(NamedTuple):
    """How the operand, the start indices and the output of a gather relate (XLA's)."""
    offset_dims: tuple
    collapsed_slice_dims: tuple
    start_index_map: tuple
    operand_batching_dims: tuple = ()
    start_indices_batching_dims: tuple = ()


class ScatterDimensionNumbers(NamedTuple):
    """How the operand, the scatter indices and the updates of a scatter relate (XLA's)."""
    update_window_dims: tuple
    inserted_window_dims: tuple
    scatter_dims_to_operand_dims: tuple
    operand_batching_dims: tuple = ()
    scatter_indices_batching_dims: tuple = ()


class GatherScatterMode(enum.Enum):
    """What a gather or scatter does with indices whose window does not fit the operand."""
    CLIP = enum.auto()
    FILL_OR_DROP = enum.auto()
    PROMISE_IN_BOUNDS = enum.auto()
    ONE_HOT = enum.auto()

    @staticmethod
    def from_any(s):
        """The mode named by `s` ('clip', 'fill'/'drop'/None, 'promise_in_bounds', ...)."""
        if isinstance(s, GatherScatterMode):
            return s
        if s == "clip":
            return GatherScatterMode.CLIP
        if s is None or s == "fill" or s == "drop":
            return GatherScatterMode.FILL_OR_DROP
        if s == "promise_in_bounds":
            return GatherScatterMode.PROMISE_IN_BOUNDS
        if s == "one_hot":
            return GatherScatterMode.ONE_HOT
        raise ValueError(f'Unknown gather mode "{s}"')


_CLIP, _FILL = GatherScatterMode.CLIP, GatherScatterMode.FILL_OR_DROP
_PROMISE, _ONE_HOT = GatherScatterMode.PROMISE_IN_BOUNDS, GatherScatterMode.ONE_HOT


# --- shared checks -----------------------------------------------------------------------

def _check_sorted(dims, op, name):
    if any(b < a for a, b in zip(dims, dims[1:])):
        raise TypeError(f"{name} in {op} op must be sorted; got {dims}")


def _check_unique(dims, op, name):
    if len(set(dims)) != len(dims):
        raise TypeError(f"{name} in {op} op must not repeat; got: {dims}.")


def _check_in_range(dims, rank, op, name):
    for d in dims:
        if not 0 <= d < rank:
            raise TypeError(f"Invalid {name} set in {op} op; valid range is [0, {rank}); "
                            f"got: {d}.")


def _check_disjoint(dims1, dims2, op, name1, name2):
    if set(dims1) & set(dims2):
        raise TypeError(f"{name1} and {name2} in {op} op must be disjoint; got: {dims1} and "
                        f"{dims2}.")


def _check_indices(op, indices):
    if not dtypes.is_integer(indices.dtype):
        raise ValueError(f"{op}: indices must have an integer type, got {indices.dtype.name}")
    if len(indices.shape) < 1:
        raise TypeError(f"{op}: indices must have rank at least 1 (the last dimension is the "
                        f"index vector), got shape {indices.shape}")


def _check_batching(op, operand, indices, operand_bdims, indices_bdims, indices_name):
    rank = len(operand.shape)
    _check_unique(operand_bdims, op, "operand_batching_dims")
    _check_sorted(operand_bdims, op, "operand_batching_dims")
    _check_in_range(operand_bdims, rank, op, "operand_batching_dims")
    _check_unique(indices_bdims, op, indices_name)
    _check_in_range(indices_bdims, len(indices.shape), op, indices_name)
    if len(indices.shape) - 1 in indices_bdims:
        raise TypeError(f"{op.capitalize()} op cannot have the index vector dimension as a "
                        f"batching dimension; got {indices_bdims}.")
    if len(operand_bdims) != len(indices_bdims):
        raise TypeError(f"{op.capitalize()} op requires equal numbers of operand_batching_dims "
                        f"and {indices_name}, got {operand_bdims} and {indices_bdims}.")
    operand_batch = tuple(operand.shape[d] for d in operand_bdims)
    indices_batch = tuple(indices.shape[d] for d in indices_bdims)
    if operand_batch != indices_batch:
        raise TypeError(f"{op.capitalize()} op requires operand batching dimensions and indices "
                        f"batching dimensions to have the same shape, got {operand_batch} and "
                        f"{indices_batch}.")


# --- the NumPy machinery shared by gather and scatter ------------------------------------

def _as_int64(indices):
    if indices.dtype == np.uint64:
        indices = np.minimum(indices, np.iinfo(np.int64).max)
    return np.asarray(indices, np.int64)


def _place(a, positions, ndim):
    """`a` (whose dims are the index batch dims) reshaped to rank `ndim`, its dims at
    `positions` and size 1 elsewhere, so that it broadcasts over the output."""
    if not isinstance(a, np.ndarray) or a.ndim == 0:
        return a
    shape = [1] * ndim
    for size, pos in zip(a.shape, positions):
        shape[pos] = size
    return a.reshape(shape)


def _iota(size, position, ndim):
    shape = [1] * ndim
    shape[position] = size
    return np.arange(size, dtype=np.int64).reshape(shape)


def _window_starts(operand_shape, indices, index_map, operand_bdims, indices_bdims,
                   window_sizes, *, clamp, mask):
    """Per operand dimension, the window's start (an int64 array over the index batch dims,
    or 0), and the mask of index vectors whose whole window fits (None if not asked)."""
    idx = _as_int64(indices)
    starts = [0] * len(operand_shape)
    valid = None
    for k, d in enumerate(index_map):
        s = idx[..., k]
        upper = operand_shape[d] - window_sizes[d]
        if mask:
            ok = (s >= 0) & (s <= upper)
            valid = ok if valid is None else valid & ok
        if clamp:
            # np.minimum/np.maximum: np.clip costs several times more on small arrays.
            s = np.minimum(np.maximum(s, 0), max(upper, 0))
        starts[d] = s
    nb = idx.ndim - 1
    for od, ib in zip(operand_bdims, indices_bdims):
        shape = [1] * nb
        shape[ib] = idx.shape[ib]
        starts[od] = np.arange(idx.shape[ib], dtype=np.int64).reshape(shape)
    return starts, valid


def default_fill_value(dtype):
    """JAX's fill for out-of-bounds gathers: NaN, INT_MIN, UINT_MAX or True."""
    dtype = np.dtype(dtype)
    if dtypes.is_inexact(dtype):
        return np.nan
    if dtype.kind == "i":
        return int(np.iinfo(dtype).min)
    if dtype.kind == "u":
        return int(np.iinfo(dtype).max)
    if dtype.kind == "b":
        return True
    raise ValueError(f"Unsupported dtype for gather fill_value {dtype}")


def _fill_buffer(value, dtype):
    if dtype.kind in "iu" and isinstance(value, float):
        # As XLA's conversion: NaN becomes 0 and out-of-range values saturate.
        info = np.iinfo(dtype)
        value = 0 if np.isnan(value) else int(min(max(value, info.min), info.max))
    return np.asarray(value).astype(dtype)


# --- derivative rules --------------------------------------------------------------------

# --- gather ------------------------------------------------------------------------------

def _gather_shape(indices_shape, dnums, slice_sizes):
    batch = iter(indices_shape[:-1])
    window = iter(s for i, s in enumerate(slice_sizes)
                  if i not in dnums.collapsed_slice_dims
                  and i not in dnums.operand_batching_dims)
    rank = len(dnums.offset_dims) + len(indices_shape) - 1
    return tuple(next(window) if i in dnums.offset_dims else next(batch) for i in range(rank))


def _gather_abstract_eval(operand, indices, *, dimension_numbers, slice_sizes,
                          indices_are_sorted, unique_indices, mode, fill_value):
    return _gather_aval(operand, indices, dimension_numbers, slice_sizes)


@functools.lru_cache(maxsize=1024)
def _gather_aval(operand, indices, dn, slice_sizes):
    # Cached: eager indexing asks for the same few signatures over and over.
    _check_indices("gather", indices)
    rank = len(operand.shape)
    out_rank = len(dn.offset_dims) + len(indices.shape) - 1
    _check_sorted(dn.offset_dims, "gather", "offset_dims")
    _check_unique(dn.offset_dims, "gather", "offset_dims")
    for i, d in enumerate(dn.offset_dims):
        if not 0 <= d < out_rank:
            raise TypeError(f"Offset dimension {i} in gather op is out of bounds; got {d}, but "
                            f"should have been in [0, {out_rank})")
    if len(dn.start_index_map) != indices.shape[-1]:
        raise TypeError(f"Gather op has {len(dn.start_index_map)} elements in start_index_map "
                        f"and the bound of dimension index_vector_dim={len(indices.shape) - 1} "
                        f"of indices is {indices.shape[-1]}. These two numbers must be equal.")
    for i, d in enumerate(dn.start_index_map):
        if not 0 <= d < rank:
            raise TypeError(f"Invalid start_index_map; domain is [0, {rank}), got: {i}->{d}.")
    _check_unique(dn.start_index_map, "gather", "start_index_map")
    _check_sorted(dn.collapsed_slice_dims, "gather", "collapsed_slice_dims")
    _check_in_range(dn.collapsed_slice_dims, rank, "gather", "collapsed_slice_dims")
    _check_unique(dn.collapsed_slice_dims, "gather", "collapsed_slice_dims")
    _check_batching("gather", operand, indices, dn.operand_batching_dims,
                    dn.start_indices_batching_dims, "start_indices_batching_dims")
    _check_disjoint(dn.collapsed_slice_dims, dn.operand_batching_dims, "gather",
                    "collapsed_slice_dims", "operand_batching_dims")
    _check_disjoint(dn.start_index_map, dn.operand_batching_dims, "gather",
                    "start_index_map", "operand_batching_dims")
    if len(slice_sizes) != rank:
        raise TypeError("Gather op must have one slice size for every input dimension; got: "
                        f"len(slice_sizes)={len(slice_sizes)}, input_shape.rank={rank}")
    if rank != len(dn.offset_dims) + len(dn.collapsed_slice_dims) + len(
            dn.operand_batching_dims):
        raise TypeError("All components of the offset index in a gather op must either be a "
                        "offset dimension or explicitly collapsed/batching; got "
                        f"len(slice_sizes)={rank}, output_slice_sizes={dn.offset_dims}, "
                        f"collapsed_slice_dims={dn.collapsed_slice_dims}, "
                        f"operand_batching_dims={dn.operand_batching_dims}.")
    for i, (size, bound) in enumerate(zip(slice_sizes, operand.shape)):
        if not 0 <= size <= bound:
            raise TypeError(f"Slice size at index {i} in gather op is out of range, must be "
                            f"within [0, {bound} + 1), got {size}.")
    for i, d in enumerate(dn.collapsed_slice_dims):
        if slice_sizes[d] != 1:
            raise TypeError("Gather op can only collapse slice dims with bound 1, but bound is "
                            f"{slice_sizes[d]} for index {d} at position {i}.")
    for i, d in enumerate(dn.operand_batching_dims):
        if slice_sizes[d] > 1:
            raise TypeError("Gather op can only have operand batching dims with bound 0/1, but "
                            f"bound is {slice_sizes[d]} for index {d} at position {i}.")
    shape = _gather_shape(indices.shape, dn, slice_sizes)
    return ShapedArray(shape, operand.dtype, operand.weak_type)


def _gather_impl(xp, operand, indices, *, dimension_numbers, slice_sizes, indices_are_sorted,
                 unique_indices, mode, fill_value):
    dn = dimension_numbers
    out_shape = _gather_shape(indices.shape, dn, slice_sizes)
    operand = np.asarray(operand)
    if 0 in out_shape:
        return np.zeros(out_shape, operand.dtype)
    out_rank = len(out_shape)
    batch_positions = [d for d in range(out_rank) if d not in dn.offset_dims]
    masked = mode in (_FILL, _ONE_HOT)
    starts, valid = _window_starts(operand.shape, indices, dn.start_index_map,
                                   dn.operand_batching_dims, dn.start_indices_batching_dims,
                                   slice_sizes, clamp=True, mask=masked)
    window_dims = [d for d in range(operand.ndim) if d not in dn.collapsed_slice_dims
                   and d not in dn.operand_batching_dims]
    index = []
    for d in range(operand.ndim):
        position = _place(starts[d], batch_positions, out_rank)
        if d in window_dims:
            offset_dim = dn.offset_dims[window_dims.index(d)]
            position = position + _iota(slice_sizes[d], offset_dim, out_rank)
        index.append(position)
    result = operand[tuple(index)]
    if np.shape(result) != out_shape:
        # Output dims along which no index varies (e.g. an empty index vector): a copy,
        # since broadcast_to gives a view.
        result = np.array(np.broadcast_to(result, out_shape))
    if valid is not None:
        fill = 0 if mode is _ONE_HOT else (
            default_fill_value(operand.dtype) if fill_value is None else fill_value)
        keep = _place(valid, batch_positions, out_rank)
        return np.where(keep, result, _fill_buffer(fill, operand.dtype))
    return result


def _gather_physical_params(p, ndim, tail):
    # Each element's words are one more offset dimension, last in the output.
    dnums = p["dimension_numbers"]
    out_ndim = (len(p["slice_sizes"]) - len(dnums.collapsed_slice_dims)
                - len(dnums.operand_batching_dims) + p["_indices_batch_ndim"])
    return dict({k: v for k, v in p.items() if k != "_indices_batch_ndim"},
                dimension_numbers=dnums._replace(
                    offset_dims=(*dnums.offset_dims, *range(out_ndim, out_ndim + len(tail)))),
                slice_sizes=(*p["slice_sizes"], *tail))


def _gather_physical(args, **params):
    indices = args[1]
    params["_indices_batch_ndim"] = len(indices.shape) - 1
    return _GATHER_ON_DATA(args, **params)


gather_p = standard("gather", _gather_impl, _gather_abstract_eval,
                    jvp=rule_in("gather_scatter_rules", "gather_jvp"),
                    transpose=rule_in("gather_scatter_rules", "gather_transpose"),
                    batch=rule_in("gather_scatter_batch", "gather_batch"),
                    physical=lambda args, **params: _gather_physical(args, **params))
_GATHER_ON_DATA = on_physical(_gather_physical_params, positions=(0,)).rule([gather_p])


def _canonical_dnums(kind, dnums):
    if not isinstance(dnums, kind):
        raise TypeError(f"dimension_numbers must be a {kind.__name__}, got {dnums!r}")
    return kind(*(tuple(operator.index(d) for d in field) for field in dnums))


def _static_fill_value(fill_value):
    if fill_value is None or type(fill_value) in (bool, int, float, complex):
        return fill_value
    value = np.asarray(fill_value)
    if value.ndim != 0:
        raise ValueError("fill_value argument to gather must be a scalar")
    return value.item()


def gather(operand, start_indices, dimension_numbers, slice_sizes, *, unique_indices=False,
           indices_are_sorted=False, mode=None, fill_value=None):
    """XLA's Gather: windows of `slice_sizes` read at `start_indices` (lax.gather)."""
    parsed = _PROMISE if mode is None else GatherScatterMode.from_any(mode)
    if parsed is _FILL:
        fill_value = _static_fill_value(fill_value)
        dtype = dtypes.dtype_and_weak(operand)[0]
        if fill_value is None and isinstance(dtype, np.dtype):  # (keys: their data's fill)
            fill_value = default_fill_value(dtype)
    else:
        fill_value = None
    return gather_p.bind(operand, start_indices,
                         dimension_numbers=_canonical_dnums(GatherDimensionNumbers,
                                                            dimension_numbers),
                         slice_sizes=tuple(operator.index(s) for s in slice_sizes),
                         unique_indices=bool(unique_indices),
                         indices_are_sorted=bool(indices_are_sorted), mode=parsed,
                         fill_value=fill_value)


def index_take(src, idxs, axes):
    """src[idxs[0], idxs[1], ...] along `axes`, indices taken modulo the axis sizes."""
    axes = tuple(operator.index(a) for a in axes)
    shape = src.shape
    indices = concatenate([expand_dims(i, (1,)) for i in idxs], 1)
    bounds = np.array([shape[a] for a in axes], dtypes.dtype_and_weak(indices)[0])
    bounds = expand_dims(bounds, tuple(range(len(indices.shape) - 1)))
    # Python's (floor) modulo, so -1 is the last element: rem alone keeps the sign.
    indices = rem(add(rem(indices, bounds), bounds), bounds)
    sizes = tuple(1 if d in axes else n for d, n in enumerate(shape))
    dnums = GatherDimensionNumbers(
        offset_dims=tuple(range(1, len(shape) - indices.shape[1] + 1)),
        collapsed_slice_dims=axes, start_index_map=axes)
    return gather(src, indices, dnums, sizes)


# --- scatter -----------------------------------------------------------------------------

def _scatter_abstract_eval_for(name, accepts):
    def abstract_eval(operand, indices, updates, *, dimension_numbers, indices_are_sorted,
                      unique_indices, mode, update_jaxpr, update_consts):
        return scatter_aval(operand, indices, updates, dimension_numbers)

    @functools.lru_cache(maxsize=1024)
    def scatter_aval(operand, indices, updates, dn):
        _check_indices(name, indices)
        check_same_dtypes(name, (operand, updates))
        check_dtype(name, operand, accepts)
        rank = len(operand.shape)
        batch_shape = indices.shape[:-1]
        expected = len(batch_shape) + len(dn.update_window_dims)
        if len(updates.shape) != expected:
            raise TypeError(f"Updates tensor must be of rank {expected}; got "
                            f"{len(updates.shape)}.")
        _check_sorted(dn.update_window_dims, "scatter", "update_window_dims")
        _check_unique(dn.update_window_dims, "scatter", "update_window_dims")
        _check_in_range(dn.update_window_dims, len(updates.shape), "scatter",
                        "update_window_dims")
        _check_sorted(dn.inserted_window_dims, "scatter", "inserted_window_dims")
        _check_unique(dn.inserted_window_dims, "scatter", "inserted_window_dims")
        _check_in_range(dn.inserted_window_dims, rank, "scatter", "inserted_window_dims")
        _check_batching("scatter", operand, indices, dn.operand_batching_dims,
                        dn.scatter_indices_batching_dims, "scatter_indices_batching_dims")
        _check_disjoint(dn.inserted_window_dims, dn.operand_batching_dims, "scatter",
                        "inserted_window_dims", "operand_batching_dims")
        _check_disjoint(dn.scatter_dims_to_operand_dims, dn.operand_batching_dims, "scatter",
                        "scatter_dims_to_operand_dims", "operand_batching_dims")
        window = (len(dn.update_window_dims) + len(dn.inserted_window_dims)
                  + len(dn.operand_batching_dims))
        if window != rank:
            raise TypeError(f"Scatter op has window of size {window}; doesn't match operand of "
                            f"rank {rank}.")
        if len(dn.scatter_dims_to_operand_dims) != indices.shape[-1]:
            raise TypeError(f"Scatter op has {len(dn.scatter_dims_to_operand_dims)} elements "
                            "in scatter_dims_to_operand_dims and the bound of dimension "
                            f"index_vector_dim={len(indices.shape) - 1} of indices is "
                            f"{indices.shape[-1]}. These two numbers must be equal")
        for i, d in enumerate(dn.scatter_dims_to_operand_dims):
            if not 0 <= d < rank:
                raise TypeError("Invalid scatter_dims_to_operand_dims mapping; domain is "
                                f"[0, {rank}), got: {i}->{d}.")
        _check_unique(dn.scatter_dims_to_operand_dims, "scatter",
                      "scatter_dims_to_operand_dims")
        window_bounds = [operand.shape[d] for d in range(rank)
                         if d not in dn.inserted_window_dims
                         and d not in dn.operand_batching_dims]
        for bound, d in zip(window_bounds, dn.update_window_dims):
            if updates.shape[d] > bound:
                raise TypeError("Bounds of the window dimensions of updates must not exceed the "
                                "bounds of the corresponding dimensions of operand. For "
                                f"dimension {d}, updates bound is {updates.shape[d]}, operand "
                                f"bound is {bound}.")
        scatter_dims = [d for d in range(len(updates.shape)) if d not in dn.update_window_dims]
        for d, bound in zip(scatter_dims, batch_shape):
            if updates.shape[d] != bound:
                raise TypeError("Bounds of the scatter dimensions of updates must be the same "
                                "as the bounds of the corresponding dimensions of scatter "
                                f"indices. For scatter dimension {d}, updates bound is "
                                f"{updates.shape[d]}, indices bound is {bound}.")
        return ShapedArray(operand.shape, operand.dtype, operand.weak_type)
    return abstract_eval


def _run_update_jaxpr(jaxpr, consts, old, update):
    """Evaluate a scalar combiner Jaxpr elementwise on whole arrays, with the impls."""
    env = dict(zip(jaxpr.constvars, (getattr(c, "_value", c) for c in consts)))
    env.update(zip(jaxpr.invars, (old, update)))

    def read(atom):
        if type(atom) is Literal:
            return np.asarray(atom.val, atom.aval.dtype)
        return env[atom]

    for eqn in jaxpr.eqns:
        out = eqn.primitive.impl(np, *map(read, eqn.invars), **eqn.params)
        env.update(zip(eqn.outvars, out if eqn.primitive.multiple_results else [out]))
    return read(jaxpr.outvars[0])


def _combine_in_rounds(flat, lin, vals, combine):
    """flat[lin[i]] = combine(flat[lin[i]], vals[i]) applied in order, duplicates included:
    round r handles the r-th occurrence of every index at once."""
    n = lin.size
    order = np.argsort(lin, kind="stable")
    sorted_lin = lin[order]
    first = np.ones(n, bool)
    first[1:] = sorted_lin[1:] != sorted_lin[:-1]
    positions = np.arange(n)
    rank = np.empty(n, np.int64)
    rank[order] = positions - np.maximum.accumulate(np.where(first, positions, 0))
    for r in range(int(rank.max()) + 1 if n else 0):
        chosen = rank == r
        targets = lin[chosen]
        flat[targets] = combine(flat[targets], vals[chosen])


def _make_scatter_impl(accumulate):
    def impl(xp, operand, indices, updates, *, dimension_numbers, indices_are_sorted,
             unique_indices, mode, update_jaxpr, update_consts):
        dn = dimension_numbers
        # C order: `flat` below must be a view of `out`; a copy of a broadcast (stride-0)
        # or transposed operand keeps its memory order otherwise.
        out = np.array(operand, copy=True, order="C")
        if updates.size == 0 or out.size == 0:
            return out
        rank, upd_rank = out.ndim, updates.ndim
        scatter_positions = [d for d in range(upd_rank) if d not in dn.update_window_dims]
        window_dims = [d for d in range(rank) if d not in dn.inserted_window_dims
                       and d not in dn.operand_batching_dims]
        window_sizes = [1] * rank
        for d, u in zip(window_dims, dn.update_window_dims):
            window_sizes[d] = updates.shape[u]
        clip = mode is _CLIP
        starts, valid = _window_starts(out.shape, indices, dn.scatter_dims_to_operand_dims,
                                       dn.operand_batching_dims,
                                       dn.scatter_indices_batching_dims, window_sizes,
                                       clamp=clip, mask=not clip)
        coords = []
        for d in range(rank):
            position = _place(starts[d], scatter_positions, upd_rank)
            if d in window_dims:
                u = dn.update_window_dims[window_dims.index(d)]
                position = position + _iota(window_sizes[d], u, upd_rank)
            coords.append(np.broadcast_to(position, updates.shape))
        values = np.asarray(updates)
        if valid is not None and not valid.all():
            keep = np.broadcast_to(_place(valid, scatter_positions, upd_rank), updates.shape)
            coords = [c[keep] for c in coords]
            values = values[keep]
        else:
            coords = [c.reshape(-1) for c in coords]
            values = values.reshape(-1)
        lin = (np.ravel_multi_index(coords, out.shape) if rank
               else np.zeros(values.shape, np.intp))
        flat = out.reshape(-1)
        if update_jaxpr is not None:
            _combine_in_rounds(flat, lin, values, lambda old, new: _run_update_jaxpr(
                update_jaxpr, update_consts, old, new))
        elif accumulate is None:
            flat[lin] = values
        else:
            accumulate.at(flat, lin, values)
        return out
    return impl


def _scatter_primitive(name, accumulate, accepts, jvp, transpose=None):
    """A scatter primitive whose jvp rule is gather_scatter_rules' `jvp(prim, primals,
    tangents, params)` and whose transpose rule (if any) is the one named `transpose`."""
    cell = []

    def jvp_rule(primals, tangents, **params):
        return getattr(_rules, jvp)(cell[0], primals, tangents, params)

    def batch_rule(axis, args, dims, **params):
        return _batching.scatter_batch(cell[0], axis, args, dims, **params)

    prim = standard(name, _make_scatter_impl(accumulate),
                    _scatter_abstract_eval_for(name, accepts), jvp=jvp_rule,
                    transpose=transpose and rule_in("gather_scatter_rules", transpose),
                    batch=batch_rule)
    cell.append(prim)
    return prim


scatter_p = _scatter_primitive("scatter", None, ANY, "linear_scatter_jvp", "scatter_transpose")
scatter_add_p = _scatter_primitive("scatter-add", np.add, NUMERIC, "linear_scatter_jvp",
                                   "scatter_add_transpose")
scatter_sub_p = _scatter_primitive("scatter-sub", np.subtract, NUMERIC, "linear_scatter_jvp",
                                   "scatter_sub_transpose")
scatter_mul_p = _scatter_primitive("scatter-mul", np.multiply, NUMERIC, "scatter_mul_jvp",
                                   "scatter_mul_transpose")
scatter_min_p = _scatter_primitive("scatter-min", np.minimum, ANY, "scatter_extremal_jvp")
scatter_max_p = _scatter_primitive("scatter-max", np.maximum, ANY, "scatter_extremal_jvp")


def _bind_scatter(prim, operand, scatter_indices, updates, dimension_numbers,
                  indices_are_sorted, unique_indices, mode, update_jaxpr=None,
                  update_consts=()):
    return prim.bind(operand, scatter_indices, updates,
                     dimension_numbers=_canonical_dnums(ScatterDimensionNumbers,
                                                        dimension_numbers),
                     indices_are_sorted=bool(indices_are_sorted),
                     unique_indices=bool(unique_indices),
                     mode=GatherScatterMode.from_any(mode), update_jaxpr=update_jaxpr,
                     update_consts=tuple(update_consts))


def scatter(operand, scatter_indices, updates, dimension_numbers, *, indices_are_sorted=False,
            unique_indices=False, mode=None):
    """XLA's Scatter: `updates` written over `operand` at `scatter_indices` (lax.scatter)."""
    return _bind_scatter(scatter_p, operand, scatter_indices, updates, dimension_numbers,
                         indices_are_sorted, unique_indices, mode)


def scatter_add(operand, scatter_indices, updates, dimension_numbers, *,
                indices_are_sorted=False, unique_indices=False, mode=None):
    """Scatter that adds `updates` into `operand`; duplicate indices accumulate."""
    return _bind_scatter(scatter_add_p, operand, scatter_indices, updates, dimension_numbers,
                         indices_are_sorted, unique_indices, mode)


def scatter_sub(operand, scatter_indices, updates, dimension_numbers, *,
                indices_are_sorted=False, unique_indices=False, mode=None):
    """Scatter that subtracts `updates` from `operand`; duplicate indices accumulate."""
    return _bind_scatter(scatter_sub_p, operand, scatter_indices, updates, dimension_numbers,
                         indices_are_sorted, unique_indices, mode)


def scatter_mul(operand, scatter_indices, updates, dimension_numbers, *,
                indices_are_sorted=False, unique_indices=False, mode=None):
    """Scatter that multiplies `operand` by `updates`; duplicate indices accumulate."""
    return _bind_scatter(scatter_mul_p, operand, scatter_indices, updates, dimension_numbers,
                         indices_are_sorted, unique_indices, mode)


def scatter_min(operand, scatter_indices, updates, dimension_numbers, *,
                indices_are_sorted=False, unique_indices=False, mode=None):
    """Scatter that keeps the minimum of `operand` and every update at each index."""
    return _bind_scatter(scatter_min_p, operand, scatter_indices, updates, dimension_numbers,
                         indices_are_sorted, unique_indices, mode)


def scatter_max(operand, scatter_indices, updates, dimension_numbers, *,
                indices_are_sorted=False, unique_indices=False, mode=None):
    """Scatter that keeps the maximum of `operand` and every update at each index."""
    return _bind_scatter(scatter_max_p, operand, scatter_indices, updates, dimension_numbers,
                         indices_are_sorted, unique_indices, mode)


def scatter_apply(operand, scatter_indices, func, dimension_numbers, *, update_shape=(),
                  indices_are_sorted=False, unique_indices=False, mode=None):
    """operand with `func` applied at the scattered indices, once per occurrence."""
    dtype = dtypes.dtype_and_weak(operand)[0]
    scalar = ShapedArray((), dtype)
    closed = trace_to_jaxpr(lambda x, _: [func(x)], [scalar, scalar],
                            getattr(func, "__name__", "func"))
    out_aval = closed.out_avals[0]
    if out_aval.shape != () or out_aval.dtype != dtype:
        raise TypeError(f"scatter_apply: func must map a {dtype.name} scalar to a {dtype.name} "
                        f"scalar, got {out_aval.str_short()}")
    unused = np.zeros(tuple(operator.index(d) for d in update_shape), dtype)
    return _bind_scatter(scatter_p, operand, scatter_indices, unused, dimension_numbers,
                         indices_are_sorted, unique_indices, mode,
                         update_jaxpr=closed.jaxpr, update_consts=closed.consts)


__all__ = ["GatherDimensionNumbers", "ScatterDimensionNumbers", "GatherScatterMode",
           "gather_p", "scatter_p", "scatter_add_p", "scatter_sub_p", "scatter_mul_p",
           "scatter_min_p", "scatter_max_p", "gather", "index_take", "scatter", "scatter_add",
           "scatter_sub", "scatter_mul", "scatter_min", "scatter_max", "scatter_apply"]


from . import gather_scatter_rules as _rules  # noqa: E402  (it binds the primitives above)
from . import gather_scatter_batch as _batching  # noqa: E402  (likewise)
