"""Helpers for batching (vmap) rules.

A batch rule has the signature

    rule(axis, args, dims, **params) -> (out, out_dim)     # lists for multiple_results

`axis` describes the mapped axis (`.size`, `.name`); `args` are the operands with the
batch dimension inside them; `dims[i]` is where operand i's batch dimension is, or
`not_mapped` (None) when operand i is the same for every batch member. The rule runs one
level down (the vmap interpreter is not current), so it binds primitives on whole
batches: never a Python loop over the batch. `out_dim` may be `not_mapped` when the
result does not depend on the batch.
"""
from __future__ import annotations

import builtins

not_mapped = None


def _aval(x):
    from ..transforms.staging import aval_of
    return aval_of(x)


def shape_of(x) -> tuple:
    return _aval(x).shape


def moveaxis(x, src: int, dst: int):
    """x with its axis `src` moved to position `dst` (a transpose, or x itself)."""
    from .shape import transpose
    ndim = len(shape_of(x))
    src, dst = src % ndim, dst % ndim
    if src == dst:
        return x
    perm = [i for i in range(ndim) if i != src]
    perm.insert(dst, src)
    return transpose(x, tuple(perm))


def broadcast_batched(x, size: int, dst: int = 0):
    """An unbatched x given a batch dimension of `size` at `dst` (a broadcast)."""
    from .shape import broadcast_in_dim
    shape = list(shape_of(x))
    dims = [i if i < dst else i + 1 for i in range(len(shape))]
    shape.insert(dst, size)
    return broadcast_in_dim(x, tuple(shape), tuple(dims))


def move_to(x, dim, dst: int, size: int):
    """x with its batch dimension at `dst`, broadcasting it in when x is unbatched."""
    if dim is not_mapped:
        return broadcast_batched(x, size, dst)
    return moveaxis(x, dim, dst)


def bdim_at_front(x, dim, size: int):
    return move_to(x, dim, 0, size)


def batched_size(args, dims) -> int:
    """The batch size read off the first batched operand."""
    for x, d in zip(args, dims):
        if d is not not_mapped:
            return shape_of(x)[d]
    raise ValueError("no batched operand")


def axes_past(axes, bdim: int) -> tuple:
    """Axes (or dimension numbers) of an operand renumbered for the same operand with a
    batch dimension inserted at `bdim`."""
    return tuple(a + (a >= bdim) for a in axes)


def expand_front(x, ndim: int):
    """x reshaped with leading size-1 dimensions up to rank `ndim` (a reshape)."""
    from .shape import reshape
    shape = shape_of(x)
    if len(shape) >= ndim:
        return x
    return reshape(x, (1,) * (ndim - len(shape)) + tuple(shape))


class _ElementwiseBatch:
    """The batch rule of a primitive whose operands broadcast like XLA's elementwise ops
    (rank-0 operands, and size-1 dimensions, broadcast): batched operands get their batch
    dimension in front, unbatched ones a size-1 dimension there (or stay rank 0), so the
    primitive itself broadcasts and nothing is copied."""

    def rule(self, cell):
        def batch(axis, args, dims, **params):
            prim = cell[0]
            ranks = [len(shape_of(x)) - (d is not not_mapped) for x, d in zip(args, dims)]
            rank = builtins.max(ranks)
            batched_dims = {d for d in dims if d is not not_mapped}
            if len(batched_dims) == 1 and builtins.all(
                    r == rank if d is not not_mapped else r == 0 for r, d in zip(ranks, dims)):
                # The batch dimension already lines up: leave it where it is.
                out = prim.bind(*args, **params)
                (d,) = batched_dims
                return (out, [d] * len(out)) if prim.multiple_results else (out, d)
            moved = []
            for x, d, r in zip(args, dims, ranks):
                if d is not_mapped:
                    moved.append(x if r == 0 else expand_front(x, rank + 1))
                else:
                    x = moveaxis(x, d, 0)
                    if r < rank:  # a batched scalar beside rank-n operands
                        from .shape import reshape
                        x = reshape(x, (shape_of(x)[0],) + (1,) * rank)
                    moved.append(x)
            out = prim.bind(*moved, **params)
            if prim.multiple_results:
                return out, [0] * len(out)
            return out, 0
        return batch


ELEMENTWISE_BATCH = _ElementwiseBatch()


class StrictElementwiseBatch:
    """For elementwise primitives whose operands must have equal shapes except the ones
    at `scalar_ok`, which may be rank 0 (select_n's predicate, clamp's bounds): every
    other operand is brought to the full batched shape; a rank-0 operand at a
    `scalar_ok` position stays rank 0 while unbatched."""

    def __init__(self, scalar_ok):
        self.scalar_ok = frozenset(scalar_ok)

    def rule(self, cell):
        scalar_ok = self.scalar_ok

        def batch(axis, args, dims, **params):
            from .shape import broadcast_in_dim
            prim = cell[0]
            size = axis.size
            full = ()
            for x, d in zip(args, dims):
                shape = list(shape_of(x))
                if d is not not_mapped:
                    del shape[d]
                if len(shape) > len(full):
                    full = tuple(shape)
            moved = []
            for i, (x, d) in enumerate(zip(args, dims)):
                if d is not_mapped and not shape_of(x) and i in scalar_ok:
                    moved.append(x)
                    continue
                x = bdim_at_front(x, d, size)
                if len(shape_of(x)) == 1 and full:  # a batched scalar
                    x = broadcast_in_dim(x, (size,) + full, (0,))
                moved.append(x)
            return prim.bind(*moved, **params), 0
        return batch


def insert_at(values, position: int, value) -> tuple:
    """The tuple `values` with `value` inserted at `position` (a param gaining an entry
    for the batch dimension)."""
    values = tuple(values)
    return values[:position] + (value,) + values[position:]


def member_aval(abstract_eval, args, dims, **params):
    """A primitive's abstract_eval on one batch member's avals: a rule that rewrites the
    primitive into others runs it first, so a bad call raises the unbatched call's error
    (and learns the per-member result type)."""
    from ..core.avals import ShapedArray
    avals = []
    for x, d in zip(args, dims):
        aval = _aval(x)
        if d is not not_mapped:
            aval = ShapedArray(aval.shape[:d] + aval.shape[d + 1:], aval.dtype,
                               aval.weak_type)
        avals.append(aval)
    return abstract_eval(*avals, **params)
