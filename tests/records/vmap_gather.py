"""Op records whose indices are operands (so vmap can batch them), for gather, the scatters
and convolution's batch rules (wax/primitives/gather_scatter_batch.py, convolution_batch.py).

tests/test_op_records.py's vmap check picks in_axes by the position of the shape entry, so
each record lists three entries: with two operands they batch (both), (lhs only) and
(rhs only); with three (operand, indices, updates) they batch every pair. The index
operands are drawn by `_index_rng` (integer dtypes only; the data stay rand_default), in
bounds unless the record is about out-of-bounds modes, and without repeats where repeats
would make the result depend on the order of updates. References are plain NumPy
indexing, ufunc.at and, for convolution, records.convolution's direct reading of XLA's
definition.

The gradient checks cast every input to float64, indices included, so records with an
index operand set jvp=False; tests/primitives/test_batching_gather.py checks vmap of grad
and grad of vmap for them instead.
"""
import math

import numpy as np

from records import OpRecord, float32, int32, rand_default, uint8
from records.convolution import conv_reference
from wax import lax
from wax.lax import GatherDimensionNumbers, ScatterDimensionNumbers
from wax.numpy import indexing as wnp
from wax.numpy import taking as wtk


def _index_rng(low, high, unique=False):
    """Integer operands in [low, high) (distinct within an array if `unique`); data as
    rand_default."""
    def draw(shape, dtype, rng):
        if dtype.kind not in "iu":
            return rand_default(shape, dtype, rng)
        if unique:
            values = rng.permutation(high - low)[:math.prod(shape)] + low
            return values.reshape(shape).astype(dtype)
        return rng.integers(low, high, size=shape).astype(dtype)
    return draw


def _at(x):
    return wnp._IndexUpdateHelper(x)


_F_I = [(float32, int32)]
_F_I_F = [(float32, int32, float32)]


# --- NumPy indexing with an index array --------------------------------------------------

def _ref_add_at(x, i, u):
    out = x.copy()
    np.add.at(out, i, u)
    return out


def _ref_ufunc_at(ufunc):
    def ref(x, i, u):
        out = x.copy()
        ufunc.at(out, i, u)
        return out
    return ref


def _ref_set(x, i, u):
    out = x.copy()
    out[i] = u
    return out


def _ref_take_along(x, i):
    return np.take_along_axis(x, i, 1)


INDEXING_RECORDS = [
    OpRecord("vmap-getitem-index-array", lambda x, i: wnp.getitem(x, i), lambda x, i: x[i],
             2, _F_I + [(uint8, int32)], [((4, 5), (3,)), ((4, 5), (2, 3)), ((4, 3), (4,))],
             rng=_index_rng(-4, 4), exact=True, jvp=False),
    OpRecord("vmap-getitem-second-axis", lambda x, i: wnp.getitem(x, (slice(None), i)),
             lambda x, i: x[:, i], 2, _F_I,
             [((3, 5), (2,)), ((3, 5), (2, 2)), ((2, 5), (4,))],
             rng=_index_rng(-5, 5), exact=True, jvp=False),
    OpRecord("vmap-getitem-two-arrays", lambda x, i, j: wnp.getitem(x, (i, j)),
             lambda x, i, j: x[i, j], 3, [(float32, int32, int32)],
             [((4, 4, 2), (3,), (3,)), ((4, 4, 2), (2, 2), (2,)), ((4, 4, 2), (1,), (2,))],
             rng=_index_rng(0, 4), exact=True, jvp=False),
    OpRecord("vmap-take_along_axis", lambda x, i: wtk.take_along_axis(x, i, 1),
             _ref_take_along, 2, _F_I, [((3, 5), (3, 4)), ((3, 5), (3, 2)), ((2, 4), (2, 6))],
             rng=_index_rng(-4, 4), exact=True, jvp=False),
    OpRecord("vmap-at-add", lambda x, i, u: _at(x)[i].add(u), _ref_add_at, 3, _F_I_F,
             [((5, 3), (4,), (4, 3))] * 3, rng=_index_rng(0, 5), jvp=False),
    OpRecord("vmap-at-set", lambda x, i, u: _at(x)[i].set(u), _ref_set, 3, _F_I_F,
             [((5, 3), (4,), (4, 3))] * 3, rng=_index_rng(0, 5, unique=True), exact=True,
             jvp=False),
    OpRecord("vmap-at-mul", lambda x, i, u: _at(x)[i].mul(u), _ref_ufunc_at(np.multiply), 3,
             _F_I_F, [((5, 3), (4,), (4, 3))] * 3, rng=_index_rng(0, 5, unique=True),
             jvp=False),
    OpRecord("vmap-at-min", lambda x, i, u: _at(x)[i].min(u), _ref_ufunc_at(np.minimum), 3,
             _F_I_F, [((5, 3), (4,), (4, 3))] * 3, rng=_index_rng(0, 5), exact=True,
             jvp=False),
    OpRecord("vmap-at-max", lambda x, i, u: _at(x)[:, i].max(u), lambda x, i, u:
             _ref_ufunc_at(np.maximum)(x, (slice(None), i), u), 3, _F_I_F,
             [((3, 5), (4,), (3, 4))] * 3, rng=_index_rng(0, 5), exact=True, jvp=False),
]


# --- lax.gather / lax.scatter with index operands -------------------------------------------

ROW_DNUMS = GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,),
                                   start_index_map=(0,))
WINDOW_GATHER = GatherDimensionNumbers(offset_dims=(1, 2), collapsed_slice_dims=(),
                                       start_index_map=(0, 1))
BATCHING_GATHER = GatherDimensionNumbers(offset_dims=(), collapsed_slice_dims=(1,),
                                         start_index_map=(1,), operand_batching_dims=(0,),
                                         start_indices_batching_dims=(0,))
WINDOW_SCATTER = ScatterDimensionNumbers(update_window_dims=(1, 2), inserted_window_dims=(),
                                         scatter_dims_to_operand_dims=(0, 1))
BATCHING_SCATTER = ScatterDimensionNumbers(update_window_dims=(), inserted_window_dims=(1,),
                                           scatter_dims_to_operand_dims=(1,),
                                           operand_batching_dims=(0,),
                                           scatter_indices_batching_dims=(0,))


def _ref_gather_rows(mode):
    def ref(x, i):
        rows = i[:, 0]
        inside = (rows >= 0) & (rows < x.shape[0])
        out = x[np.clip(rows, 0, x.shape[0] - 1)].astype(np.float64)
        if mode == "fill":
            out[~inside] = np.nan
        return out
    return ref


def _ref_gather_windows(x, i):
    # CLIP: each 2x2 window's start is clamped so that the window fits.
    starts = [(min(max(r, 0), x.shape[0] - 2), min(max(c, 0), x.shape[1] - 2)) for r, c in i]
    return np.stack([x[r:r + 2, c:c + 2] for r, c in starts])


def _ref_gather_batching(x, i):
    return x[np.arange(x.shape[0])[:, None], i[..., 0]]


def _ref_scatter_windows(x, i, u):
    # FILL_OR_DROP: a window that does not fit is dropped whole.
    out = x.copy()
    for (r, c), window in zip(i, u):
        if 0 <= r <= x.shape[0] - 2 and 0 <= c <= x.shape[1] - 2:
            out[r:r + 2, c:c + 2] += window
    return out


def _ref_scatter_batching(x, i, u):
    out = x.copy()
    np.maximum.at(out, (np.arange(x.shape[0])[:, None], i[..., 0]), u)
    return out


LAX_RECORDS = [
    OpRecord("vmap-gather-fill", lambda x, i: lax.gather(x, i, ROW_DNUMS, (1, 3), mode="fill"),
             _ref_gather_rows("fill"), 2, _F_I, [((4, 3), (5, 1))] * 3,
             rng=_index_rng(-2, 6), jvp=False),
    OpRecord("vmap-gather-clip", lambda x, i: lax.gather(x, i, ROW_DNUMS, (1, 3), mode="clip"),
             _ref_gather_rows("clip"), 2, _F_I, [((4, 3), (5, 1))] * 3,
             rng=_index_rng(-2, 6), exact=True, jvp=False),
    OpRecord("vmap-gather-windows",
             lambda x, i: lax.gather(x, i, WINDOW_GATHER, (2, 2), mode="clip"),
             _ref_gather_windows, 2, _F_I, [((4, 5), (3, 2))] * 3, rng=_index_rng(-1, 5),
             exact=True, jvp=False),
    OpRecord("vmap-gather-batching-dims",
             lambda x, i: lax.gather(x, i, BATCHING_GATHER, (1, 1)), _ref_gather_batching, 2,
             _F_I, [((4, 5), (4, 2, 1))] * 3, rng=_index_rng(0, 5), exact=True, jvp=False),
    OpRecord("vmap-scatter_add-windows",
             lambda x, i, u: lax.scatter_add(x, i, u, WINDOW_SCATTER, mode="drop"),
             _ref_scatter_windows, 3, _F_I_F, [((4, 5), (3, 2), (3, 2, 2))] * 3,
             rng=_index_rng(-1, 5), jvp=False),
    OpRecord("vmap-scatter_max-batching-dims",
             lambda x, i, u: lax.scatter_max(x, i, u, BATCHING_SCATTER),
             _ref_scatter_batching, 3, _F_I_F, [((4, 5), (4, 3, 1), (4, 3))] * 3,
             rng=_index_rng(0, 5), exact=True, jvp=False),
]


# --- convolution: lhs, rhs or both batched ------------------------------------------------

def _conv_record(label, shapes, strides, padding, **params):
    def op(lhs, rhs):
        return lax.conv_general_dilated(lhs, rhs, strides, padding, **params)

    ref_params = dict(params)
    if "dimension_numbers" in ref_params:
        ref_params["specs"] = ref_params.pop("dimension_numbers")

    def ref(lhs, rhs):
        return conv_reference(lhs, rhs, strides, padding, **ref_params)

    return OpRecord(f"vmap-conv-{label}", op, ref, 2, [float32, int32], [shapes] * 3)


CONV_RECORDS = [
    _conv_record("plain", ((2, 3, 5, 4), (4, 3, 3, 2)), (1, 2), "SAME"),
    _conv_record("feature-groups", ((2, 6, 5, 5), (4, 3, 3, 3)), (1, 1), "VALID",
                 feature_group_count=2),
    _conv_record("depthwise-nhwc", ((2, 5, 4, 3), (3, 2, 1, 6)), (1, 1), "SAME",
                 dimension_numbers=("NHWC", "HWIO", "NHWC"), feature_group_count=3),
    _conv_record("batch-groups", ((4, 3, 5, 5), (6, 3, 2, 2)), (1, 1), "VALID",
                 batch_group_count=2),
    _conv_record("batch-groups-permuted", ((6, 4, 3, 2), (2, 2, 2, 3)), (1, 1),
                 ((0, 1), (1, 0)), dimension_numbers=("NHWC", "HWIO", "CHNW"),
                 batch_group_count=3),
    _conv_record("layouts-dilated", ((2, 5, 4, 3), (3, 2, 4, 3)), (1, 2), ((1, 0), (0, 1)),
                 dimension_numbers=("NWHC", "IWOH", "WHCN"), lhs_dilation=(2, 1),
                 rhs_dilation=(1, 2)),
    _conv_record("1d-feature-groups", ((3, 4, 6), (6, 2, 3)), (2,), "SAME",
                 feature_group_count=2),
]

RECORDS = INDEXING_RECORDS + LAX_RECORDS + CONV_RECORDS
