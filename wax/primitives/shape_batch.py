"""The batch (vmap) rules of the shape primitives (shape.py defines the primitives and
looks these rules up here when they run; this module imports it back).

Every rule rebinds its primitive once on the whole batch, with the batch dimension
written into the params: a shape gains the batch size, a permutation or an axis list
gains (or skips) the batch dimension, a padding config or a slice gains an untouched
entry for it. Where the primitive allows it the batch dimension stays where it is, so no
transpose is emitted (broadcast_in_dim, transpose, squeeze, rev, pad, split, tile, and
reshape whenever the dimensions before the batch dimension are reshaped among
themselves); otherwise it moves inside the primitive (reshape's `dimensions`).
concatenate moves its operands to the batch position most of them already have and
broadcasts only the unbatched ones (their data must appear once per batch member).
A batched padding value cannot be a param of pad: the operand is padded with zeros and a
padded mask selects between that and the per-member padding value.
"""
from __future__ import annotations

import collections
import math

import numpy as np

from ..core.array import ArrayImpl
from ..transforms.staging import aval_of
from .batch_util import axes_past, insert_at, move_to, not_mapped, shape_of
from .shape import (broadcast_in_dim, broadcast_in_dim_p, concatenate_p, full, pad, pad_p,
                    reshape_p, rev_p, split_p, squeeze_p, tile_p, transpose_p)


# --- broadcast_in_dim, reshape, transpose, squeeze, rev ----------------------------------

def broadcast_in_dim_batch(axis, args, dims, *, shape, broadcast_dimensions, sharding):
    # The operand's batch dimension (between its dimensions bdim-1 and bdim) goes right
    # after the output dimension that its dimension bdim-1 lands on: the broadcast
    # dimensions stay increasing and the operand needs no transpose.
    (x,), (bdim,) = args, dims
    size = shape_of(x)[bdim]
    out_bdim = broadcast_dimensions[bdim - 1] + 1 if bdim else 0
    new_dims = tuple(d if i < bdim else d + 1 for i, d in enumerate(broadcast_dimensions))
    new_dims = insert_at(new_dims, bdim, out_bdim)
    out = broadcast_in_dim_p.bind(x, shape=insert_at(shape, out_bdim, size),
                                  broadcast_dimensions=new_dims, sharding=sharding)
    return out, out_bdim


def _reshape_in_place(shape, bdim, new_sizes):
    """The position k such that new_sizes[:k] reshapes shape[:bdim] (and new_sizes[k:]
    reshapes shape[bdim:]), or None: then a row-major reshape of the batched value to
    new_sizes with the batch dimension inserted at k is the same per-member reshape."""
    before, after = math.prod(shape[:bdim]), math.prod(shape[bdim:])
    for k in range(len(new_sizes) + 1):
        if math.prod(new_sizes[:k]) == before and math.prod(new_sizes[k:]) == after:
            return k
    return None


def reshape_batch(axis, args, dims, *, new_sizes, dimensions, sharding):
    (x,), (bdim,) = args, dims
    batched_shape = shape_of(x)
    size = batched_shape[bdim]
    if dimensions is None:
        shape = batched_shape[:bdim] + batched_shape[bdim + 1:]
        k = _reshape_in_place(shape, bdim, new_sizes)
        if k is not None:
            return reshape_p.bind(x, new_sizes=insert_at(new_sizes, k, size), dimensions=None,
                                  sharding=sharding), k
        dimensions = tuple(range(len(shape)))
    # The batch dimension first, then the per-member transposition: one reshape whose
    # `dimensions` does both, its result batched at 0.
    perm = (bdim,) + axes_past(dimensions, bdim)
    if perm == tuple(range(len(perm))):
        perm = None
    return reshape_p.bind(x, new_sizes=(size,) + tuple(new_sizes), dimensions=perm,
                          sharding=sharding), 0


def transpose_batch(axis, args, dims, *, permutation):
    # Output dimension bdim is the operand's batch dimension; the others permute as given.
    (x,), (bdim,) = args, dims
    perm = insert_at(axes_past(permutation, bdim), bdim, bdim)
    return transpose_p.bind(x, permutation=perm), bdim


def squeeze_batch(axis, args, dims, *, dimensions):
    (x,), (bdim,) = args, dims
    out_bdim = bdim - sum(1 for d in dimensions if d < bdim)
    return squeeze_p.bind(x, dimensions=axes_past(dimensions, bdim)), out_bdim


def rev_batch(axis, args, dims, *, dimensions):
    (x,), (bdim,) = args, dims
    return rev_p.bind(x, dimensions=axes_past(dimensions, bdim)), bdim


# --- pad ---------------------------------------------------------------------------------

def pad_batch(axis, args, dims, *, padding_config):
    (x, value), (bdim, value_bdim) = args, dims
    if value_bdim is not_mapped:
        config = insert_at(padding_config, bdim, (0, 0, 0))
        return pad_p.bind(x, value, padding_config=config), bdim
    # One padding value per member: pad with zeros, pad a mask of the operand's places
    # the same way, and select the padding value where the mask is False.
    from .elementwise import select_n
    size = axis.size
    aval = aval_of(x)
    out_bdim = 0 if bdim is not_mapped else bdim
    zero = ArrayImpl(np.zeros((), aval.dtype), aval.weak_type)
    unbatched_shape = (aval.shape if bdim is not_mapped else
                       aval.shape[:bdim] + aval.shape[bdim + 1:])
    if bdim is not_mapped:
        padded = move_to(pad(x, zero, padding_config), not_mapped, out_bdim, size)
    else:
        padded = pad_p.bind(x, zero, padding_config=insert_at(padding_config, bdim, (0, 0, 0)))
    out_shape = shape_of(padded)
    mask = pad(full(unbatched_shape, True), False, padding_config)
    mask = move_to(mask, not_mapped, out_bdim, size)
    value = broadcast_in_dim(value, out_shape, (out_bdim,))
    return select_n(mask, value, padded), out_bdim


# --- concatenate, split, tile ------------------------------------------------------------

def concatenate_batch(axis, args, dims, *, dimension):
    # The batch position most operands already have, so that only the others move.
    counts = collections.Counter(d for d in dims if d is not not_mapped)
    bdim = max(counts, key=lambda d: (counts[d], -dims.index(d)))
    moved = [move_to(x, d, bdim, axis.size) for x, d in zip(args, dims)]
    return concatenate_p.bind(*moved, dimension=axes_past((dimension,), bdim)[0]), bdim


def split_batch(mapped_axis, args, dims, *, sizes, axis):
    # (split's own param is named `axis`, so the mapped axis goes by another name here)
    (x,), (bdim,) = args, dims
    outs = split_p.bind(x, sizes=sizes, axis=axes_past((axis,), bdim)[0])
    return outs, [bdim] * len(outs)


def tile_batch(axis, args, dims, *, reps):
    (x,), (bdim,) = args, dims
    return tile_p.bind(x, reps=insert_at(reps, bdim, 1)), bdim

