"""Op records for slicing, gather and scatter (wax/primitives/indexing.py and
gather_scatter.py) and for NumPy-style indexing (wax/numpy/indexing.py).

Index arguments are fixed NumPy constants captured by each record's op, so the generated
operands are only the data. References are plain NumPy indexing, np.take, and ufunc.at
for the accumulating scatters (so duplicate indices accumulate in the reference too).
Dimension numbers, modes, clamping and error messages are in tests/primitives/
test_indexing.py and tests/numpy/test_indexing.py.
"""
import numpy as np

from wax import lax
from wax.lax import GatherDimensionNumbers, ScatterDimensionNumbers
from wax.numpy import indexing as wnp
from wax.numpy import taking as wtk

from . import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int32, uint8,
               uint32)

ALL = [float32, int32, bool_, bfloat16, uint8, complex64]
NUMBERS = [float32, int32, float16, uint8, complex64]
ORDERED = [float32, int8, uint32, bfloat16, bool_]


def _ref_slice(x, start, limit, strides=None):
    steps = strides or (1,) * x.ndim
    return x[tuple(slice(s, l, st) for s, l, st in zip(start, limit, steps))]


def _clamp(start, size, dim):
    return min(max(start, 0), dim - size)


def _ref_dynamic_slice(x, starts, sizes):
    begin = [_clamp(s + d if s < 0 else s, n, d) for s, n, d in zip(starts, sizes, x.shape)]
    return x[tuple(slice(b, b + n) for b, n in zip(begin, sizes))]


def _ref_dynamic_update_slice(x, u, starts):
    out = x.copy()
    begin = [_clamp(s + d if s < 0 else s, n, d) for s, n, d in zip(starts, u.shape, x.shape)]
    out[tuple(slice(b, b + n) for b, n in zip(begin, u.shape))] = u
    return out


# Gather: rows of a (4, 5) operand, including a repeated row (numpy: x[[2, 0, 2]]).
ROWS = np.array([[2], [0], [2]], np.int32)
ROW_DNUMS = GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,),
                                   start_index_map=(0,))
# Gather: 2x2 windows at (row, col) starts of a (4, 5) operand.
CORNERS = np.array([[0, 1], [2, 3]], np.int32)
CORNER_DNUMS = GatherDimensionNumbers(offset_dims=(1, 2), collapsed_slice_dims=(),
                                      start_index_map=(0, 1))
# Gather: per-row column picks with a batching dim (numpy: x[arange(4)[:, None], cols]).
COLS = np.array([[[1], [4]], [[0], [0]], [[3], [2]], [[4], [1]]], np.int32)
BATCH_DNUMS = GatherDimensionNumbers(offset_dims=(), collapsed_slice_dims=(1,),
                                     start_index_map=(1,), operand_batching_dims=(0,),
                                     start_indices_batching_dims=(0,))

# Scatter: updates of shape (4, 5) into rows [3, 1, 3, 0] of a (4, 5) operand.
SCATTER_ROWS = np.array([[3], [1], [3], [0]], np.int32)
SCATTER_DNUMS = ScatterDimensionNumbers(update_window_dims=(1,), inserted_window_dims=(0,),
                                        scatter_dims_to_operand_dims=(0,))
UNIQUE_ROWS = np.array([[3], [1], [0], [2]], np.int32)


def _ref_scatter_at(ufunc):
    def ref(x, u):
        out = x.copy()
        ufunc.at(out, SCATTER_ROWS[:, 0], u)
        return out
    return ref


def _ref_scatter_set(x, u):
    out = x.copy()
    out[UNIQUE_ROWS[:, 0]] = u
    return out


def _scatter_record(name, op, ref, dtypes, exact=True):
    # Accumulations in float16/bfloat16 round at each step: compared with a tolerance.
    rows = UNIQUE_ROWS if op is lax.scatter else SCATTER_ROWS
    return OpRecord(name, lambda x, u: op(x, rows, u, SCATTER_DNUMS), ref, 2, dtypes,
                    shapes=[((4, 5), (4, 5))], exact=exact)


def _at(x):
    return wnp._IndexUpdateHelper(x)  # x.at, whether or not wax.Array has it attached yet


def _ref_at_add(x, u):
    out = x.copy()
    np.add.at(out, (slice(None), np.array([0, 2, 0])), u)
    return out


def _ref_at_set(x, u):
    out = x.copy()
    out[1:, ::2] = u
    return out


def _ref_take_along(x):
    return np.take_along_axis(x, np.argsort(np.arange(x.size).reshape(x.shape) % 3, axis=1,
                                            kind="stable"), 1)


_ALONG = np.argsort(np.arange(15).reshape(3, 5) % 3, axis=1, kind="stable")

RECORDS = [
    OpRecord("slice", lambda x: lax.slice(x, (1, 0), (3, 3)),
             lambda x: _ref_slice(x, (1, 0), (3, 3)), 1, ALL, shapes=[(3, 4)], exact=True),
    OpRecord("slice_strided", lambda x: lax.slice(x, (0, 1), (3, 4), (2, 2)),
             lambda x: _ref_slice(x, (0, 1), (3, 4), (2, 2)), 1, [float32, int8],
             shapes=[(3, 4)], exact=True),
    OpRecord("slice_in_dim", lambda x: lax.slice_in_dim(x, 1, None, 2, axis=1),
             lambda x: x[:, 1::2], 1, [float32, uint8], shapes=[(2, 5)], exact=True),
    OpRecord("index_in_dim", lambda x: lax.index_in_dim(x, -1, axis=0, keepdims=False),
             lambda x: x[-1], 1, [float32, bool_], shapes=[(3, 4)], exact=True),
    OpRecord("dynamic_slice", lambda x: lax.dynamic_slice(x, (1, -2), (2, 2)),
             lambda x: _ref_dynamic_slice(x, (1, -2), (2, 2)), 1, ALL, shapes=[(3, 4)],
             exact=True),
    OpRecord("dynamic_slice_clamped", lambda x: lax.dynamic_slice(x, (5, 3), (2, 3)),
             lambda x: _ref_dynamic_slice(x, (5, 3), (2, 3)), 1, [float32, int32],
             shapes=[(3, 4)], exact=True),
    OpRecord("dynamic_index_in_dim",
             lambda x: lax.dynamic_index_in_dim(x, 2, axis=1, keepdims=False),
             lambda x: x[:, 2], 1, [float32, uint8], shapes=[(3, 4)], exact=True),
    OpRecord("dynamic_update_slice", lambda x, u: lax.dynamic_update_slice(x, u, (2, -3)),
             lambda x, u: _ref_dynamic_update_slice(x, u, (2, -3)), 2, ALL,
             shapes=[((3, 4), (2, 2))], exact=True),
    OpRecord("dynamic_update_index_in_dim",
             lambda x, u: lax.dynamic_update_index_in_dim(x, u, 7, 0),
             lambda x, u: _ref_dynamic_update_slice(x, u[None], (2, 0)), 2,
             [float32, int8], shapes=[((3, 4), (4,))], exact=True),
    OpRecord("gather_rows", lambda x: lax.gather(x, ROWS, ROW_DNUMS, (1, 5)),
             lambda x: x[ROWS[:, 0]], 1, ALL, shapes=[(4, 5)], exact=True),
    OpRecord("gather_windows", lambda x: lax.gather(x, CORNERS, CORNER_DNUMS, (2, 2)),
             lambda x: np.stack([x[0:2, 1:3], x[2:4, 3:5]]), 1, [float32, int8],
             shapes=[(4, 5)], exact=True),
    OpRecord("gather_batching", lambda x: lax.gather(x, COLS, BATCH_DNUMS, (1, 1)),
             lambda x: x[np.arange(4)[:, None], COLS[..., 0]], 1, [float32, uint8],
             shapes=[(4, 5)], exact=True),
    _scatter_record("scatter", lax.scatter, _ref_scatter_set, ALL),
    _scatter_record("scatter_add", lax.scatter_add, _ref_scatter_at(np.add), NUMBERS,
                    exact=False),
    _scatter_record("scatter_sub", lax.scatter_sub, _ref_scatter_at(np.subtract),
                    [float32, int32], exact=False),
    _scatter_record("scatter_mul", lax.scatter_mul, _ref_scatter_at(np.multiply),
                    [float32, int8, complex64], exact=False),
    _scatter_record("scatter_min", lax.scatter_min, _ref_scatter_at(np.minimum), ORDERED),
    _scatter_record("scatter_max", lax.scatter_max, _ref_scatter_at(np.maximum), ORDERED),
    OpRecord("getitem_basic", lambda x: wnp.getitem(x, (slice(None, None, -1), None, 1)),
             lambda x: x[::-1, None, 1], 1, ALL, shapes=[(3, 4)], exact=True),
    OpRecord("getitem_advanced",
             lambda x: wnp.getitem(x, (np.array([2, -1, 0]), slice(1, None, 2))),
             lambda x: x[[2, -1, 0], 1::2], 1, [float32, int32, bool_], shapes=[(3, 4)],
             exact=True),
    OpRecord("at_add", lambda x, u: _at(x)[:, np.array([0, 2, 0])].add(u), _ref_at_add, 2,
             NUMBERS, shapes=[((3, 4), (3, 3))]),
    OpRecord("at_set", lambda x, u: _at(x)[1:, ::2].set(u), _ref_at_set, 2, ALL,
             shapes=[((3, 4), (2, 1))], exact=True),
    OpRecord("take", lambda x: wtk.take(x, np.array([[1, 0], [3, 1]]), axis=1),
             lambda x: np.take(x, [[1, 0], [3, 1]], axis=1), 1, [float32, int32, bool_],
             shapes=[(2, 4)], exact=True),
    OpRecord("take_along_axis", lambda x: wtk.take_along_axis(x, _ALONG, 1), _ref_take_along,
             1, [float32, uint8], shapes=[(3, 5)], exact=True),
]
