"""Op records for reductions, argmax/argmin, cumulative ops and contractions.

References are NumPy with the dtype XLA keeps (an int8 sum wraps in int8), identities of
empty max/min written by hand from JAX's documented behaviour, and np.einsum with
hand-written subscripts for each dot_general dimension-number case.
"""
from __future__ import annotations

import numpy as np

import wax.lax as lax
from records import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int32,
                     uint8)

SUM_DTYPES = [float32, float16, bfloat16, int8, int32, uint8, complex64]
ORDER_DTYPES = [float32, float16, bfloat16, int8, int32, uint8]  # max/min/argmax
LOGICAL_DTYPES = [bool_, int8, int32, uint8]


def _keep_int(x, result):
    """Integers keep (and wrap in) their dtype; floats were upcast for the reference."""
    return result.astype(x.dtype) if x.dtype.kind in "iub" else result


def _np_sum(x, axes):
    return np.sum(x, axis=axes, dtype=x.dtype)


def _np_prod(x, axes):
    return np.prod(x, axis=axes, dtype=x.dtype)


def _max_identity(dtype):
    if dtype == bool_:
        return False
    return np.iinfo(dtype).min if dtype.kind in "iu" else -np.inf


def _min_identity(dtype):
    if dtype == bool_:
        return True
    return np.iinfo(dtype).max if dtype.kind in "iu" else np.inf


def _np_max(x, axes):
    return np.maximum.reduce(x, axis=axes, initial=_max_identity(x.dtype))


def _np_min(x, axes):
    return np.minimum.reduce(x, axis=axes, initial=_min_identity(x.dtype))


def _np_and(x, axes):
    return np.logical_and.reduce(x, axis=axes) if x.dtype == bool_ else \
        np.bitwise_and.reduce(x, axis=axes)


def _np_or(x, axes):
    return np.logical_or.reduce(x, axis=axes) if x.dtype == bool_ else \
        np.bitwise_or.reduce(x, axis=axes)


def _np_xor(x, axes):
    return np.logical_xor.reduce(x, axis=axes) if x.dtype == bool_ else \
        np.bitwise_xor.reduce(x, axis=axes)


# (axes, shapes, which dtypes): the first entry gets the op's full dtype list.
_AXES_CASES = [
    ((0,), [(3,), (2, 3), (0, 3)], None),
    ((-1,), [(2, 3), (2, 0)], [float32, int32]),
    ((0, 2), [(2, 3, 4)], [float32, int8]),
    ((0, 1), [(2, 3)], [float32]),
    ((), [(), (3,)], [float32]),
]


def _reduction_records(op, ref, dtypes_):
    records = []
    for axes, shapes, case_dtypes in _AXES_CASES:
        label = "_".join(map(str, axes)) or "none"
        # Later cases take their few dtypes from the op's own list.
        case_dtypes = [d for d in case_dtypes or dtypes_ if d in dtypes_] or dtypes_[:1]
        records.append(OpRecord(f"{op.__name__}-axes{label}", op, ref, 1, case_dtypes,
                                shapes, params={"axes": axes}))
    return records


REDUCTION_RECORDS = (
    _reduction_records(lax.reduce_sum, _np_sum, SUM_DTYPES)
    + _reduction_records(lax.reduce_prod, _np_prod, SUM_DTYPES)
    + _reduction_records(lax.reduce_max, _np_max, ORDER_DTYPES + [bool_])
    + _reduction_records(lax.reduce_min, _np_min, ORDER_DTYPES + [bool_])
    + _reduction_records(lax.reduce_and, _np_and, LOGICAL_DTYPES)
    + _reduction_records(lax.reduce_or, _np_or, LOGICAL_DTYPES)
    + _reduction_records(lax.reduce_xor, _np_xor, LOGICAL_DTYPES)
)


# --- lax.reduce with monoid computations --------------------------------------------------

def _reduce_add(x, *, init, axes):
    return lax.reduce(x, init, lax.add, axes)


def _reduce_mul(x, *, init, axes):
    return lax.reduce(x, init, lax.mul, axes)


LAX_REDUCE_RECORDS = [
    OpRecord("reduce-add-identity", _reduce_add, lambda x, init, axes: _np_sum(x, axes) + init,
             1, [float32, int32], [(2, 3)], params={"init": 0, "axes": (1,)}),
    OpRecord("reduce-add-init", _reduce_add,
             lambda x, init, axes: _keep_int(x, _np_sum(x, axes) + init),
             1, [float32, int8], [(2, 3), (0, 3)], params={"init": 2, "axes": (0,)}),
    OpRecord("reduce-mul-init", _reduce_mul,
             lambda x, init, axes: _keep_int(x, _np_prod(x, axes) * init),
             1, [float32, int32], [(2, 3)], params={"init": 3, "axes": (0, 1)}),
]


# --- argmax / argmin --------------------------------------------------------------------

def _np_argmax(x, axis, index_dtype):
    return np.argmax(x, axis=axis).astype(index_dtype)


def _np_argmin(x, axis, index_dtype):
    return np.argmin(x, axis=axis).astype(index_dtype)


def _index(params):
    return lambda *dts: params["index_dtype"]


ARG_RECORDS = []
for _op, _ref in ((lax.argmax, _np_argmax), (lax.argmin, _np_argmin)):
    for _params, _shapes, _dtypes in (
            ({"axis": 0, "index_dtype": int32}, [(3,), (2, 3)], ORDER_DTYPES + [bool_]),
            ({"axis": -1, "index_dtype": int32}, [(2, 3), (2, 3, 4)], [float32, int8]),
            ({"axis": 1, "index_dtype": uint8}, [(2, 5, 3)], [float32])):
        ARG_RECORDS.append(OpRecord(
            f"{_op.__name__}-axis{_params['axis']}-{_params['index_dtype'].name}", _op, _ref,
            1, _dtypes, _shapes, out_dtype=_index(_params), params=_params))


# --- cumulative ops -----------------------------------------------------------------------

def _np_cumulative(accumulate):
    def ref(x, axis, reverse):
        if reverse:
            x = np.flip(x, axis)
        out = accumulate(x, axis)
        return np.flip(out, axis) if reverse else out
    return ref


_np_cumsum = _np_cumulative(lambda x, axis: np.cumsum(x, axis, dtype=x.dtype))
_np_cumprod = _np_cumulative(lambda x, axis: np.cumprod(x, axis, dtype=x.dtype))
_np_cummax = _np_cumulative(lambda x, axis: np.maximum.accumulate(x, axis))
_np_cummin = _np_cumulative(lambda x, axis: np.minimum.accumulate(x, axis))
_np_cumlogsumexp = _np_cumulative(lambda x, axis: np.logaddexp.accumulate(x, axis))

_CUM_CASES = [
    ({"axis": 0, "reverse": False}, [(4,), (2, 3), (0, 3)], None),
    ({"axis": -1, "reverse": True}, [(2, 3), (3, 0)], [float32, int8]),
    ({"axis": 1, "reverse": False}, [(2, 3, 4)], [float32]),
]

CUMULATIVE_RECORDS = []
for _op, _ref, _dtypes in (
        (lax.cumsum, _np_cumsum, SUM_DTYPES),
        (lax.cumprod, _np_cumprod, [float32, float16, int8, int32, complex64]),
        (lax.cummax, _np_cummax, ORDER_DTYPES),
        (lax.cummin, _np_cummin, [float32, bfloat16, int8, uint8]),
        (lax.cumlogsumexp, _np_cumlogsumexp, [float32, float16, bfloat16])):
    for _params, _shapes, _case_dtypes in _CUM_CASES:
        _case_dtypes = [d for d in (_case_dtypes or _dtypes) if d in _dtypes] or [float32]
        CUMULATIVE_RECORDS.append(OpRecord(
            f"{_op.__name__}-axis{_params['axis']}{'-rev' if _params['reverse'] else ''}",
            _op, _ref, 1, _case_dtypes, _shapes, params=_params))


# --- dot_general, dot, batch_matmul -------------------------------------------------------

def _dot_general_record(label, shapes, dimension_numbers, subscripts, dtypes_):
    def ref(lhs, rhs):
        dtype = np.result_type(lhs, rhs)
        return np.einsum(subscripts, lhs, rhs, dtype=dtype if dtype.kind in "iub" else None)

    def op(lhs, rhs):
        return lax.dot_general(lhs, rhs, dimension_numbers)

    return OpRecord(f"dot_general-{label}", op, ref, 2, dtypes_, [shapes])


_DOT_ALL = [float32, float16, bfloat16, int8, int32, uint8, complex64, bool_]
_DOT_SOME = [float32, int32]

DOT_RECORDS = [
    _dot_general_record("matmul", ((2, 3), (3, 4)), (((1,), (0,)), ((), ())), "ij,jk->ik",
                        _DOT_ALL),
    _dot_general_record("matvec", ((2, 3), (3,)), (((1,), (0,)), ((), ())), "ij,j->i",
                        _DOT_SOME),
    _dot_general_record("vecvec", ((3,), (3,)), (((0,), (0,)), ((), ())), "i,i->",
                        _DOT_SOME + [complex64]),
    _dot_general_record("lhs-transposed", ((3, 2), (3, 4)), (((0,), (0,)), ((), ())),
                        "ji,jk->ik", _DOT_SOME),
    _dot_general_record("outer", ((2,), (3,)), (((), ()), ((), ())), "i,j->ij", _DOT_SOME),
    _dot_general_record("scalar", ((), (3,)), (((), ()), ((), ())), ",i->i", [float32]),
    _dot_general_record("batched", ((5, 2, 3), (5, 3, 4)), (((2,), (1,)), ((0,), (0,))),
                        "bij,bjk->bik", [float32, float16, int8, complex64]),
    _dot_general_record("batch-middle", ((2, 5, 3), (3, 5, 4)), (((2,), (0,)), ((1,), (1,))),
                        "ibj,jbk->bik", _DOT_SOME),
    _dot_general_record("two-contracting", ((2, 3, 4), (4, 3, 5)),
                        (((1, 2), (1, 0)), ((), ())), "ijk,kjl->il", _DOT_SOME),
    _dot_general_record("batch-two-contracting", ((2, 3, 4, 5), (2, 5, 6, 3)),
                        (((1, 3), (3, 1)), ((0,), (0,))), "bjmk,bknj->bmn",
                        [float32, bfloat16]),
    _dot_general_record("two-batch", ((2, 3, 4, 5), (3, 2, 5)),
                        (((3,), (2,)), ((1, 0), (0, 1))), "abij,baj->bai", _DOT_SOME),
    _dot_general_record("empty-contraction", ((2, 0), (0, 3)), (((1,), (0,)), ((), ())),
                        "ij,jk->ik", _DOT_SOME),
]


def _mixed_dtype(lhs, rhs):
    # XLA's "higher precision" type (hand-written): floats beat ints, float32 beats
    # bfloat16, bfloat16's range beats float16, wider beats narrower.
    return {(float32, int8): float32, (int8, int32): int32, (float16, bfloat16): bfloat16,
            (uint8, int8): int8}[(lhs, rhs)]


def _dot_mixed(lhs, rhs):
    return lax.dot_general(lhs, rhs, (((1,), (0,)), ((), ())))


def _dot_preferred(lhs, rhs, preferred_element_type):
    return lax.dot_general(lhs, rhs, (((1,), (0,)), ((), ())),
                           preferred_element_type=preferred_element_type)


def _np_matmul64(lhs, rhs, **_):
    return np.matmul(lhs.astype(np.float64), rhs.astype(np.float64))


DOT_RECORDS += [
    OpRecord("dot_general-mixed", _dot_mixed,
             _np_matmul64, 2,
             [(float32, int8), (int8, int32), (float16, bfloat16)], [((2, 3), (3, 4))],
             out_dtype=_mixed_dtype),
    OpRecord("dot_general-preferred-f32", _dot_preferred, _np_matmul64, 2,
             [float16, bfloat16, int8], [((2, 3), (3, 4))], out_dtype=lambda *d: float32,
             params={"preferred_element_type": float32}),
    OpRecord("dot_general-preferred-i32", _dot_preferred, _np_matmul64, 2,
             [int8, uint8], [((2, 3), (3, 4))], out_dtype=lambda *d: int32,
             params={"preferred_element_type": int32}),
    OpRecord("dot", lax.dot, np.dot, 2, [float32, float16, int32, complex64],
             [((2, 3), (3, 4)), ((2, 3), (3,)), ((3,), (3,)), ((3,), (3, 4))]),
    OpRecord("batch_matmul", lax.batch_matmul, np.matmul, 2, [float32, int8],
             [((5, 2, 3), (5, 3, 4)), ((2, 3), (3, 4)), ((2, 2, 2, 3), (2, 2, 3, 1))]),
]

RECORDS = (REDUCTION_RECORDS + LAX_REDUCE_RECORDS + ARG_RECORDS + CUMULATIVE_RECORDS
           + DOT_RECORDS)
