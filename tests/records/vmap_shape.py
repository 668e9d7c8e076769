"""Op records that give the vmap check of the shape and slicing primitives (shape_batch.py
and the rules in indexing.py) the cases the other tables lack: rank-3 operands, so a
dimension mapped at 0 or -1 sits before or after the dimensions the op works on; reshape
with `dimensions`, and reshapes that can or cannot keep the mapped dimension in place;
pad whose padding value is an operand; concatenate with an unmapped operand; and
dynamic_slice / dynamic_update_slice whose start indices are operands, so vmap maps them.

tests/test_op_records.py's vmap check picks in_axes by the position of the shape entry
((0, -1, None, ...) for the first, (-1, None, 0, ...) for the second, (None, 0, -1, ...)
for the third), so records list up to three entries to map every operand in some entry
and leave every operand unmapped in another. References are NumPy.
"""
import numpy as np

from records import OpRecord, bool_, float32, int8, int32, rand_default, uint8
from records.shape import broadcast_in_dim_ref, pad_ref
from wax import lax


def _exact(name, op, ref, nargs, dtypes, shapes, **kwargs):
    return OpRecord(name, op, ref, nargs, dtypes, shapes=shapes, exact=True, **kwargs)


def _clamped(start, size, dim):
    """dynamic_slice's start: a negative start counts from the end, then the window is
    moved to fit."""
    start = int(start)
    if start < 0:
        start += dim
    return min(max(start, 0), dim - size)


def _ref_dynamic_slice(x, i, j, sizes):
    a, b = _clamped(i, sizes[0], x.shape[0]), _clamped(j, sizes[1], x.shape[1])
    return x[a:a + sizes[0], b:b + sizes[1]]


def _ref_dynamic_update_slice(x, u, i, j):
    out = x.copy()
    a, b = _clamped(i, u.shape[0], x.shape[0]), _clamped(j, u.shape[1], x.shape[1])
    out[a:a + u.shape[0], b:b + u.shape[1]] = u
    return out


def _starts(shape, dtype, rng):
    """Start indices in [-5, 6): negative (counted from the end), in range, and past the
    end (clamped); data as rand_default."""
    if dtype.kind in "iu" and shape == ():
        low = 0 if dtype.kind == "u" else -5
        return np.asarray(rng.integers(low, 6), dtype)
    return rand_default(shape, dtype, rng)


SHAPES = [
    _exact("vmap-broadcast_in_dim-interleaved",
           lambda x: lax.broadcast_in_dim(x, (2, 4, 3, 5), (0, 2)),
           lambda x: broadcast_in_dim_ref(x, (2, 4, 3, 5), (0, 2)), 1, [float32, bool_],
           [(2, 3), (1, 3)]),
    _exact("vmap-broadcast_in_dim-scalar", lambda x: lax.broadcast_in_dim(x, (2, 3), ()),
           lambda x: broadcast_in_dim_ref(x, (2, 3), ()), 1, [int8], [()]),
    # (2, 3, 4) -> (6, 4): mapped at 0 or -1 the dimensions before the mapped one reshape
    # among themselves, and the reshape keeps the mapped dimension where it is.
    _exact("vmap-reshape-merge-leading", lambda x: lax.reshape(x, (6, 4)),
           lambda x: x.reshape(6, 4), 1, [float32, uint8], [(2, 3, 4)]),
    # (2, 3, 4) -> (4, 6): no split point matches, so the mapped dimension moves.
    _exact("vmap-reshape-regroup", lambda x: lax.reshape(x, (4, 6)),
           lambda x: x.reshape(4, 6), 1, [float32], [(2, 3, 4)]),
    _exact("vmap-reshape-dimensions", lambda x: lax.reshape(x, (4, 6), dimensions=(2, 0, 1)),
           lambda x: np.transpose(x, (2, 0, 1)).reshape(4, 6), 1, [float32, int8],
           [(2, 3, 4)]),
    _exact("vmap-reshape-to-scalar", lambda x: lax.reshape(x, ()),
           lambda x: x.reshape(()), 1, [float32], [(1, 1)]),
    _exact("vmap-transpose-rank3", lambda x: lax.transpose(x, (1, 2, 0)),
           lambda x: np.transpose(x, (1, 2, 0)), 1, [float32, bool_], [(2, 3, 4)]),
    _exact("vmap-squeeze-middle", lambda x: lax.squeeze(x, (1,)),
           lambda x: np.squeeze(x, 1), 1, [float32], [(2, 1, 3)]),
    _exact("vmap-rev-rank3", lambda x: lax.rev(x, (0, 2)), lambda x: np.flip(x, (0, 2)), 1,
           [float32, int32], [(2, 3, 4)]),
    _exact("vmap-split-axis1", lambda x: lax.split(x, (1, 3), axis=1),
           lambda x: tuple(np.split(x, [1], 1)), 1, [float32], [(2, 4, 3)]),
    _exact("vmap-tile-rank3", lambda x: lax.tile(x, (1, 2, 3)),
           lambda x: np.tile(x, (1, 2, 3)), 1, [float32], [(2, 1, 2)]),
    _exact("vmap-slice-rank3", lambda x: lax.slice(x, (1, 0, 1), (2, 3, 4), (1, 2, 2)),
           lambda x: x[1:2, 0:3:2, 1:4:2], 1, [float32, uint8], [(2, 3, 4)]),
    # The padding value is an operand: mapped with the operand, alone, and unmapped.
    _exact("vmap-pad-value-operand",
           lambda x, v: lax.pad(x, v, ((1, -1, 1), (0, 2, 0), (-1, 0, 2))),
           lambda x, v: pad_ref(x, v, ((1, -1, 1), (0, 2, 0), (-1, 0, 2))), 2,
           [float32, int8], [((2, 3, 2), ()), ((3, 2, 2), ()), ((2, 2, 3), ())]),
    # Three operands mapped as (0, -1, None), (-1, None, 0) and (None, 0, -1): operands
    # mapped at different places beside an unmapped one.
    _exact("vmap-concatenate-mixed", lambda *xs: lax.concatenate(xs, 1),
           lambda *xs: np.concatenate(xs, 1), 3, [float32, bool_],
           [((2, 1, 3), (2, 2, 3), (2, 3, 3)), ((3, 2, 1), (3, 1, 1), (3, 2, 1)),
            ((1, 2), (1, 0), (1, 3))]),
]

# Start indices are operands here (int32 scalars, negative and out of range too), so the
# vmap check maps them. jvp=False: the gradient checks would cast the indices to floats
# (and dynamic_slice has no derivative in its starts); tests/primitives/
# test_batching_shape.py checks vmap of grad and grad of vmap instead.
SLICING = [
    _exact("vmap-dynamic_slice-starts",
           lambda x, i, j: lax.dynamic_slice(x, (i, j), (2, 2)),
           lambda x, i, j: _ref_dynamic_slice(x, i, j, (2, 2)), 3,
           [(float32, int32, int32), (uint8, int8, int8)],
           [((3, 4), (), ()), ((4, 3), (), ()), ((2, 5), (), ())], rng=_starts, jvp=False),
    _exact("vmap-dynamic_update_slice-starts",
           lambda x, u, i, j: lax.dynamic_update_slice(x, u, (i, j)),
           lambda x, u, i, j: _ref_dynamic_update_slice(x, u, i, j), 4,
           [(float32, float32, int32, int32), (int8, int8, uint8, uint8)],
           [((3, 4), (2, 2), (), ()), ((4, 5), (2, 3), (), ()), ((3, 4), (1, 4), (), ())],
           rng=_starts, jvp=False),
]

RECORDS = SHAPES + SLICING
