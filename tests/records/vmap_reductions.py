"""Op records that give the vmap check of reductions, cumulative ops, sorting and
contractions the cases the other tables lack: axes on both sides of a mapped dimension
(in_axes 0 or -1 of a rank-3 operand), unsorted reduction axes, sort and top_k along a
leading dimension, several sort keys with ties in the first, dot_general whose own batch
dimensions are not leading, and three-operand jnp.einsum / broadcasting jnp.matmul.

References are NumPy (np.einsum with hand-written subscripts, lexsort for sorts).
"""
from __future__ import annotations

import numpy as np

import wax.lax as lax
import wax.numpy as jnp
from records import OpRecord, bool_, float32, int8, int32, uint8
from records.shape import sort_ref, top_k_ref


def _np_sum(x, axes):
    return np.sum(x, axis=axes, dtype=x.dtype)


def _np_and(x, axes):
    return np.logical_and.reduce(x, axis=axes) if x.dtype == bool_ else \
        np.bitwise_and.reduce(x, axis=axes)


def _np_cumulative(accumulate):
    def ref(x, axis, reverse):
        if reverse:
            x = np.flip(x, axis)
        out = accumulate(x, axis)
        return np.flip(out, axis) if reverse else out
    return ref


def _rand_ties(shape, dtype, rng):
    """Small integers (many ties) for the first sort key."""
    return rng.integers(-2, 3, size=shape).astype(dtype)


REDUCTIONS = [
    OpRecord("vmap-reduce_sum-middle", lax.reduce_sum, _np_sum, 1, [float32, int32],
             [(2, 3, 4)], params={"axes": (1,)}),
    # Axes listed out of order: each is renumbered on its own past the mapped dimension.
    OpRecord("vmap-reduce_max-unsorted", lax.reduce_max,
             lambda x, axes: np.max(x, axis=axes), 1, [float32, int8], [(2, 3, 4)],
             params={"axes": (2, 0)}),
    OpRecord("vmap-reduce_and-middle", lax.reduce_and, _np_and, 1, [bool_, uint8],
             [(2, 3, 4)], params={"axes": (1,)}),
    OpRecord("vmap-argmax-middle", lax.argmax,
             lambda x, axis, index_dtype: np.argmax(x, axis).astype(index_dtype), 1,
             [float32, int8], [(2, 5, 3)], out_dtype=lambda d: int32,
             params={"axis": 1, "index_dtype": int32}),
    OpRecord("vmap-argmin-first", lax.argmin,
             lambda x, axis, index_dtype: np.argmin(x, axis).astype(index_dtype), 1,
             [float32], [(4, 3)], out_dtype=lambda d: int32,
             params={"axis": 0, "index_dtype": int32}),
    OpRecord("vmap-cumsum-middle-rev", lax.cumsum,
             _np_cumulative(lambda x, axis: np.cumsum(x, axis, dtype=x.dtype)), 1,
             [float32, int32], [(2, 3, 4)], params={"axis": 1, "reverse": True}),
    OpRecord("vmap-cummax-first-rev", lax.cummax,
             _np_cumulative(lambda x, axis: np.maximum.accumulate(x, axis)), 1, [float32],
             [(4, 3)], params={"axis": 0, "reverse": True}),
    OpRecord("vmap-cumlogsumexp-last", lax.cumlogsumexp,
             _np_cumulative(lambda x, axis: np.logaddexp.accumulate(x, axis)), 1, [float32],
             [(3, 4)], params={"axis": 1, "reverse": False}),
]


def _sort3_dim0(a, b, c):
    return lax.sort((a, b, c), dimension=0, num_keys=2)


SORTING = [
    # Ties in the first key (small ints), broken by the second (distinct floats); the third
    # operand is carried. The vmap check maps these with (0, -1, None), (-1, None, 0) and
    # (None, 0, -1): an unbatched operand is sorted along with batched ones.
    OpRecord("vmap-sort-num_keys2-dim0", _sort3_dim0,
             lambda a, b, c: sort_ref(a, b, c, dimension=0, num_keys=2), 3,
             [(int8, float32, int32)], [((6, 3), (6, 3), (6, 3)), ((5,), (5,), (5,)),
                                        ((4, 2), (4, 2), (4, 2))],
             rng=lambda shape, dtype, rng: (_rand_ties(shape, dtype, rng) if dtype == int8
                                            else rng.uniform(-3, 3, shape).astype(dtype)),
             out_dtype=lambda *d: d, exact=True),
    OpRecord("vmap-sort_key_val-dim0", lambda k, v: lax.sort_key_val(k, v, dimension=0),
             lambda k, v: sort_ref(k, v, dimension=0), 2, [(float32, int32)],
             [((5, 3), (5, 3))], out_dtype=lambda *d: d, exact=True),
    OpRecord("vmap-top_k-axis0", lambda x: lax.top_k(x, 2, axis=0),
             lambda x: tuple(np.moveaxis(r, -1, 0) for r in top_k_ref(np.moveaxis(x, 0, -1),
                                                                       2)),
             1, [float32, int8], [(5, 3)], out_dtype=lambda d: (d, int32), exact=True,
             # int8 inputs tie, and top_k has no derivative at a tie
             jvp=False),
]


def _dot_general_record(label, shapes, dimension_numbers, subscripts, dtypes_,
                        preferred=None, out_dtype=None):
    def ref(lhs, rhs):
        dtype = np.result_type(lhs, rhs)
        return np.einsum(subscripts, lhs, rhs, dtype=dtype if dtype.kind in "iub" else None)

    def op(lhs, rhs):
        return lax.dot_general(lhs, rhs, dimension_numbers, preferred_element_type=preferred)

    return OpRecord(f"vmap-dot_general-{label}", op, ref, 2, dtypes_, [shapes],
                    out_dtype=out_dtype)


CONTRACTIONS = [
    # dot_general's own batch dimension is in the middle of lhs and first in rhs; the
    # contraction takes lhs's first dimension and rhs's last.
    _dot_general_record("batch-middle-contract-ends", ((3, 5, 2), (5, 4, 3)),
                        (((0,), (2,)), ((1,), (0,))), "jbi,bkj->bik", [float32, int32]),
    # Two free dimensions on each side, so a mapped dimension lands between free ones.
    _dot_general_record("free-pairs", ((2, 3, 4), (4, 5, 2)), (((2,), (0,)), ((), ())),
                        "ija,akl->ijkl", [float32, int8]),
    _dot_general_record("batch-last-preferred", ((3, 2, 4), (4, 5, 2)),
                        (((2,), (0,)), ((1,), (2,))), "ibj,jkb->bik", [int8],
                        preferred=np.dtype(np.int32), out_dtype=lambda *d: int32),
    OpRecord("vmap-einsum-3-operands", lambda a, b, c: jnp.einsum("bij,jk,bkl->bil", a, b, c),
             lambda a, b, c: np.einsum("bij,jk,bkl->bil", a, b, c), 3, [float32],
             [((2, 3, 4), (4, 5), (2, 5, 3))]),
    OpRecord("vmap-matmul-broadcast", jnp.matmul, np.matmul, 2, [float32],
             [((2, 3, 4), (4, 5)), ((4,), (2, 4, 3)), ((2, 1, 3, 4), (5, 4, 2))]),
]

RECORDS = REDUCTIONS + SORTING + CONTRACTIONS
