"""The batch (vmap) rule of conv_general_dilated (convolution.py defines the primitive and
looks this rule up here when it runs; this module imports it back).

The vmapped dimension is folded into a dimension the convolution already treats as
independent, one convolution runs on the whole batch, and the result is unfolded:
- lhs batched: into lhs's batch dimension (with batch groups, inside each group, so that
  group g still meets the kernel's group g), unfolded from the output's batch dimension;
- rhs batched: into rhs's output features (inside each feature or batch group, so every
  member's kernels still read their group's inputs), unfolded from the output features;
- both batched: each member becomes its own group. Without batch groups, the member
  is folded into the lhs features and rhs output features, feature_group_count times
  the batch size; with batch groups, into the lhs batch and rhs output features,
  batch_group_count times the batch size.
Groups split dimensions group-major (XLA's convention, see convolution.py), so a folded
dimension is (groups, batch, per group) and the unfolding undoes exactly that.
"""
from __future__ import annotations

from .batch_util import member_aval, moveaxis, not_mapped, shape_of
from .convolution import conv_general_dilated_p
from .shape import full, reshape


def _fold(x, bdim: int, dim: int, groups: int = 1):
    """x with its batch dimension (at `bdim`) merged into its dimension `dim` (numbered
    without the batch): that dimension, read as (groups, n / groups), becomes
    (groups, batch, n / groups)."""
    x = moveaxis(x, bdim, dim)  # the batch at `dim`, the target right after it
    shape = shape_of(x)
    size, n = shape[dim], shape[dim + 1]
    if groups > 1:
        x = reshape(x, shape[:dim] + (size, groups, n // groups) + shape[dim + 2:])
        x = moveaxis(x, dim, dim + 1)
    return reshape(x, shape[:dim] + (size * n,) + shape[dim + 2:])


def _unfold(y, dim: int, size: int, groups: int = 1):
    """The inverse of _fold: y's dimension `dim`, read as (groups, batch, rest), split
    into (batch, groups * rest); the batch dimension is then at `dim`."""
    shape = shape_of(y)
    n = shape[dim] // size
    if groups > 1:
        y = reshape(y, shape[:dim] + (groups, size, n // groups) + shape[dim + 1:])
        y = moveaxis(y, dim + 1, dim)
    return reshape(y, shape[:dim] + (size, n) + shape[dim + 1:]), dim


def conv_batch(axis, args, dims, *, dimension_numbers, feature_group_count,
               batch_group_count, **params):
    lhs, rhs = args
    lhs_dim, rhs_dim = dims
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    size = axis.size
    fgc, bgc = feature_group_count, batch_group_count
    # One member's shapes checked first: a bad call raises the unbatched call's error, not
    # one about the folded shapes.
    example = member_aval(conv_general_dilated_p.abstract_eval, args, dims,
                          dimension_numbers=dimension_numbers, feature_group_count=fgc,
                          batch_group_count=bgc, **params)

    def conv(lhs, rhs, fgc, bgc):
        return conv_general_dilated_p.bind(lhs, rhs, dimension_numbers=dimension_numbers,
                                           feature_group_count=fgc, batch_group_count=bgc,
                                           **params)

    if size == 0:  # no member: nothing to fold (and no group count of 0)
        return full((0,) + example.shape, 0, example.dtype), 0
    if lhs_dim is not not_mapped and rhs_dim is not not_mapped:
        if bgc > 1:
            lhs = _fold(lhs, lhs_dim, lhs_spec[0])
            out = conv(lhs, _fold(rhs, rhs_dim, rhs_spec[0]), fgc, bgc * size)
        else:
            lhs = _fold(lhs, lhs_dim, lhs_spec[1])
            out = conv(lhs, _fold(rhs, rhs_dim, rhs_spec[0]), fgc * size, bgc)
        return _unfold(out, out_spec[1], size)
    if lhs_dim is not not_mapped:
        out = conv(_fold(lhs, lhs_dim, lhs_spec[0], bgc), rhs, fgc, bgc)
        return _unfold(out, out_spec[0], size)
    groups = max(fgc, bgc)
    out = conv(lhs, _fold(rhs, rhs_dim, rhs_spec[0], groups), fgc, bgc)
    return _unfold(out, out_spec[1], size, groups)
