"""The batch (vmap) rules of gather and the scatters (gather_scatter.py defines the
primitives and looks these rules up here when they run; this module imports it back).

Every rule is one gather or scatter on the whole batch; the vmapped dimension becomes
part of the dimension numbers and stays where it is when it can:
- gather, operand batched only: the batch dimension is one more (full-size) window
  dimension, so it appears among the output's offset dimensions;
- gather, indices batched only: it is one more batch dimension of the indices;
- gather, both batched: it is a pair of batching dimensions (operand_batching_dims /
  start_indices_batching_dims), so batch member b reads only operand slice b.
The scatters follow the same three ideas, reading "update window dimension" for "offset
dimension"; the operand is broadcast when it is unbatched (every member gets its own
result), and the updates are broadcast when they are unbatched (the window or scatter
dimension that carries the batch must exist in them).

Out-of-bounds modes and fill values need no change: a full-size window dimension starts
at 0 and always fits, and batching dimensions are never clamped or masked. Index flags
carry over when each batch member still addresses its own slice of the operand; a gather
whose indices alone are batched reads one operand with every member's indices, which may
then repeat or be out of order, so it drops unique_indices and indices_are_sorted.
"""
from __future__ import annotations

from .batch_util import (broadcast_batched, insert_at, member_aval, moveaxis, not_mapped,
                         shape_of)
from .gather_scatter import GatherDimensionNumbers, ScatterDimensionNumbers, gather_p


def _shift(dims, at: int) -> tuple:
    """Dimension indices after a new dimension is inserted at position `at`."""
    return tuple(d + 1 if d >= at else d for d in dims)


def _insert_sorted(dims, new: int) -> tuple:
    """`dims` (sorted, already shifted past `new`) with `new` in its sorted place."""
    return tuple(sorted(dims + (new,)))


def _slot_range(flags, count: int) -> tuple:
    """For dimensions flagged True (one kind) or False (the other), the positions where a
    new dimension of the True kind can go with exactly `count` True ones before it."""
    marked = [i for i, f in enumerate(flags) if f]
    low = marked[count - 1] + 1 if count else 0
    high = marked[count] if count < len(marked) else len(flags)
    return low, high


def _place_batch(x, dim, size: int, low: int, high: int):
    """x with its batch dimension somewhere in [low, high]: where it is if it already is,
    else at `low` (moved, or broadcast in when x is unbatched). Returns (x, position)."""
    if dim is not_mapped:
        return broadcast_batched(x, size, low), low
    if low <= dim <= high:
        return x, dim
    return moveaxis(x, dim, low), low


def _indices_batch_dim(indices, dim):
    """Indices whose batch dimension is not the index vector's (the last): it is moved to
    the front if vmap put it last."""
    if dim is not_mapped:
        return indices, dim
    last = len(shape_of(indices)) - 1
    if dim == last:
        return moveaxis(indices, last, 0), 0
    return indices, dim


def _window_dims(rank: int, excluded) -> list:
    return [d for d in range(rank) if d not in excluded]


# --- gather ------------------------------------------------------------------------------

def gather_batch(axis, args, dims, *, dimension_numbers, slice_sizes, indices_are_sorted,
                 unique_indices, mode, fill_value):
    member_aval(gather_p.abstract_eval, args, dims, **dict(
        dimension_numbers=dimension_numbers, slice_sizes=slice_sizes,
        indices_are_sorted=indices_are_sorted, unique_indices=unique_indices, mode=mode,
        fill_value=fill_value))
    operand, indices = args
    operand_dim, indices_dim = dims
    indices, indices_dim = _indices_batch_dim(indices, indices_dim)
    dn = dimension_numbers
    index_batch_rank = len(shape_of(indices)) - 1 - (indices_dim is not not_mapped)
    out_rank = len(dn.offset_dims) + index_batch_rank
    is_offset = [d in dn.offset_dims for d in range(out_rank)]
    offset_dims, collapsed = dn.offset_dims, dn.collapsed_slice_dims
    index_map, operand_batching = dn.start_index_map, dn.operand_batching_dims
    indices_batching = dn.start_indices_batching_dims
    sizes = tuple(slice_sizes)
    if operand_dim is not not_mapped:
        collapsed, index_map = _shift(collapsed, operand_dim), _shift(index_map, operand_dim)
        operand_batching = _shift(operand_batching, operand_dim)
    if indices_dim is not_mapped:
        # A full slice of the batch dimension in every window: an offset dimension, placed
        # among the offset dims as the operand's batch dim is among its window dims.
        rank = len(shape_of(operand)) - 1
        windows = _window_dims(rank, dn.collapsed_slice_dims + dn.operand_batching_dims)
        before = sum(1 for d in windows if d < operand_dim)
        out_dim = _slot_range(is_offset, before)[0]
        offset_dims = _insert_sorted(_shift(offset_dims, out_dim), out_dim)
        sizes = sizes[:operand_dim] + (axis.size,) + sizes[operand_dim:]
    else:
        # One more batch dimension of the indices, so one more output batch dimension.
        out_dim = _slot_range([not f for f in is_offset], indices_dim)[0]
        offset_dims = _shift(offset_dims, out_dim)
        indices_batching = _shift(indices_batching, indices_dim)
        if operand_dim is not_mapped:
            unique_indices = indices_are_sorted = False
        else:
            # Batch member b reads operand slice b only: a pair of batching dimensions.
            rank = sum(1 for d in dn.operand_batching_dims if d < operand_dim)
            operand_batching = _insert_sorted(operand_batching, operand_dim)
            indices_batching = insert_at(indices_batching, rank, indices_dim)
            # (A batching dimension's slice size is 1, or 0 when the batch is empty.)
            sizes = sizes[:operand_dim] + (min(axis.size, 1),) + sizes[operand_dim:]
            indices_are_sorted = indices_are_sorted and indices_dim == 0
    new_dn = GatherDimensionNumbers(
        offset_dims=offset_dims, collapsed_slice_dims=collapsed, start_index_map=index_map,
        operand_batching_dims=operand_batching, start_indices_batching_dims=indices_batching)
    out = gather_p.bind(operand, indices, dimension_numbers=new_dn, slice_sizes=sizes,
                        indices_are_sorted=indices_are_sorted, unique_indices=unique_indices,
                        mode=mode, fill_value=fill_value)
    return out, out_dim


# --- scatter -----------------------------------------------------------------------------

def scatter_batch(prim, axis, args, dims, *, dimension_numbers, indices_are_sorted,
                  unique_indices, mode, update_jaxpr, update_consts):
    """The batch rule of every scatter primitive (`prim` is the one being batched)."""
    member_aval(prim.abstract_eval, args, dims, **dict(
        dimension_numbers=dimension_numbers, indices_are_sorted=indices_are_sorted,
        unique_indices=unique_indices, mode=mode, update_jaxpr=update_jaxpr,
        update_consts=update_consts))
    operand, indices, updates = args
    operand_dim, indices_dim, updates_dim = dims
    indices, indices_dim = _indices_batch_dim(indices, indices_dim)
    dn = dimension_numbers
    size = axis.size
    updates_rank = len(shape_of(updates)) - (updates_dim is not not_mapped)
    is_window = [d in dn.update_window_dims for d in range(updates_rank)]
    operand_rank = len(shape_of(operand)) - (operand_dim is not not_mapped)
    operand_windows = _window_dims(operand_rank,
                                   dn.inserted_window_dims + dn.operand_batching_dims)
    if operand_dim is not_mapped:
        # Every batch member needs its own result: broadcast the operand, placing its batch
        # dimension (when only the updates are batched) where theirs already fits.
        operand_dim = 0
        if indices_dim is not_mapped:
            before = sum(1 for d in range(updates_dim) if is_window[d])
            operand_dim = _slot_range([d in operand_windows for d in range(operand_rank)],
                                      before)[0]
        operand = broadcast_batched(operand, size, operand_dim)
    update_windows = dn.update_window_dims
    operand_batching = _shift(dn.operand_batching_dims, operand_dim)
    indices_batching = dn.scatter_indices_batching_dims
    if indices_dim is not_mapped:
        # The batch dimension is one more window dimension, full size, in the updates too.
        before = sum(1 for d in operand_windows if d < operand_dim)
        low, high = _slot_range(is_window, before)
        updates, updates_dim = _place_batch(updates, updates_dim, size, low, high)
        update_windows = _insert_sorted(_shift(update_windows, updates_dim), updates_dim)
    else:
        # A pair of batching dimensions; the updates get it as a scatter dimension, placed
        # among their scatter dims as the indices' batch dim is among their batch dims.
        low, high = _slot_range([not f for f in is_window], indices_dim)
        updates, updates_dim = _place_batch(updates, updates_dim, size, low, high)
        update_windows = _shift(update_windows, updates_dim)
        rank = sum(1 for d in dn.operand_batching_dims if d < operand_dim)
        operand_batching = _insert_sorted(operand_batching, operand_dim)
        indices_batching = insert_at(_shift(indices_batching, indices_dim), rank,
                                           indices_dim)
        indices_are_sorted = indices_are_sorted and indices_dim == 0
    new_dn = ScatterDimensionNumbers(
        update_window_dims=update_windows,
        inserted_window_dims=_shift(dn.inserted_window_dims, operand_dim),
        scatter_dims_to_operand_dims=_shift(dn.scatter_dims_to_operand_dims, operand_dim),
        operand_batching_dims=operand_batching, scatter_indices_batching_dims=indices_batching)
    out = prim.bind(operand, indices, updates, dimension_numbers=new_dn,
                    indices_are_sorted=indices_are_sorted, unique_indices=unique_indices,
                    mode=mode, update_jaxpr=update_jaxpr, update_consts=update_consts)
    return out, operand_dim
