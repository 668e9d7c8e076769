"""Op records for wax.numpy's shape functions (wax/numpy/shape_ops.py, padding.py,
selection.py) and contractions (contractions.py, _einsum.py), against NumPy.

Shape functions keep the operand's dtype and are exact. Joining functions and `where`
promote with JAX's rules (written by hand in PROMOTED: int8 with float32 gives float32,
bfloat16 with float16 gives float32, uint8 with int8 gives int16). Contractions promote
the same way and keep the promoted dtype: an int8 matmul wraps in int8 (the reference
then runs on the int8 inputs themselves), a bool one is an or of ands.
"""
import numpy as np

import wax.numpy as jnp
from wax.numpy import _einsum, padding, selection
from wax.numpy import contractions as _contractions
from wax.numpy import shape_ops as _shape_ops

from . import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int16, int32,
               to, uint8, uint32)


def _fn(name):
    """The wax.numpy function once the lead wires it into wax.numpy, else the module's."""
    found = getattr(jnp, name, None)
    if callable(found):
        return found
    for module in (_shape_ops, padding, selection, _contractions, _einsum):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(name)


ALL = [float32, bfloat16, uint32, bool_, complex64]
FEW = [float32, int8, bool_]

# JAX's promotion of the mixed pairs used below (x64 off), written by hand.
PROMOTED = {(int8, float32): float32, (bfloat16, float16): float32, (uint8, int8): int16,
            (bool_, int8): int8, (int32, float16): float16, (uint8, uint32): uint32,
            (complex64, float32): complex64, (int32, bool_): int32,
            (int32, float32): float32}
MIXED = list(PROMOTED)


def promoted(*dts):
    """The dtype JAX gives an op joining inputs of these dtypes."""
    out = dts[0]
    for d in dts[1:]:
        if d != out:
            out = PROMOTED.get((out, d)) or PROMOTED[(d, out)]
    return out


def _rec(name, np_fn, nargs=1, dtypes=FEW, shapes=((2, 3),), params=None, op=None, **kw):
    """A record calling wax's `name` (or `op`) as op(*arrays, **params)."""
    kw.setdefault("exact", True)
    return OpRecord(name, op or _fn(name.split("-")[0]), np_fn, nargs, dtypes,
                    shapes=list(shapes), params=params or {}, **kw)


# --- reshape family -----------------------------------------------------------------------

RESHAPE = [
    _rec("reshape", np.reshape, dtypes=ALL, shapes=[(2, 3)], params={"shape": (3, -1)}),
    _rec("reshape-F", lambda x, shape: np.reshape(x, shape, order="F"), shapes=[(2, 3, 2)],
         params={"shape": (4, 3)}, op=lambda x, shape: _fn("reshape")(x, shape, order="F")),
    _rec("reshape-scalar", np.reshape, dtypes=[float16], shapes=[()], params={"shape": (1, 1)}),
    _rec("reshape-int", np.reshape, dtypes=[int32], shapes=[(2, 3)], params={"shape": 6}),
    _rec("ravel", np.ravel, dtypes=ALL, shapes=[(), (2, 3)]),
    _rec("ravel-empty", np.ravel, shapes=[(2, 0)]),
    _rec("ravel-F", lambda x: np.ravel(x, "F"), shapes=[(2, 3)],
         op=lambda x: _fn("ravel")(x, "F")),
    _rec("transpose", np.transpose, dtypes=ALL, shapes=[(), (2, 3, 4)]),
    _rec("transpose-axes", np.transpose, shapes=[(2, 3, 4)], params={"axes": (1, -1, 0)}),
    _rec("permute_dims", lambda x, axes: np.transpose(x, axes), shapes=[(2, 3, 4)],
         params={"axes": (2, 0, 1)}),
    _rec("matrix_transpose", lambda x: np.swapaxes(x, -1, -2), shapes=[(2, 3), (4, 2, 3)]),
    _rec("swapaxes", np.swapaxes, shapes=[(2, 3, 4)], params={"axis1": 0, "axis2": -1}),
    _rec("moveaxis", np.moveaxis, dtypes=[complex64, uint8], shapes=[(2, 3, 4)],
         params={"source": (0, 1), "destination": (-1, 0)}),
    _rec("moveaxis-int", np.moveaxis, shapes=[(2, 3, 4)],
         params={"source": 2, "destination": 0}),
    _rec("rollaxis", np.rollaxis, shapes=[(2, 3, 4)], params={"axis": 2, "start": 1}),
    _rec("expand_dims", np.expand_dims, dtypes=FEW, shapes=[(), (2, 3)],
         params={"axis": (0, -1)}),
    _rec("expand_dims-int", np.expand_dims, shapes=[(2, 3)], params={"axis": 1}),
    _rec("squeeze", np.squeeze, dtypes=ALL, shapes=[(1, 3, 1), ()]),
    _rec("squeeze-axis", np.squeeze, shapes=[(1, 3, 1)], params={"axis": -1}),
    _rec("broadcast_to", np.broadcast_to, dtypes=ALL, shapes=[(1, 3), ()],
         params={"shape": (2, 3)}),
    _rec("broadcast_arrays", np.broadcast_arrays, 2, dtypes=[float32, (int8, bool_)],
         shapes=[((3,), (2, 1)), ((), (2, 3))], out_dtype=lambda *d: list(d)),
    _rec("atleast_1d", np.atleast_1d, dtypes=[float32, uint8], shapes=[(), (3,), (2, 3)]),
    _rec("atleast_2d", np.atleast_2d, dtypes=[float32, uint8], shapes=[(), (3,), (2, 3)]),
    _rec("atleast_3d", np.atleast_3d, dtypes=[float32, uint8],
         shapes=[(), (3,), (2, 3), (2, 3, 4)]),
    _rec("atleast_2d-several", np.atleast_2d, 2, dtypes=[float32, (int8, bool_)],
         shapes=[((), (3,))], out_dtype=lambda *d: list(d)),
]

# --- joining and splitting ----------------------------------------------------------------

JOIN_DTYPES = [float32, bool_, complex64] + MIXED[:4]

JOINING = [
    _rec("concatenate", lambda *xs, axis: np.concatenate(xs, axis), 2, JOIN_DTYPES,
         [((2, 3), (4, 3)), ((3,), (0,))], {"axis": 0},
         op=lambda *xs, axis: _fn("concatenate")(xs, axis), out_dtype=promoted),
    _rec("concatenate-axis1", lambda *xs, axis: np.concatenate(xs, axis), 3, [int8, bfloat16],
         [((2, 3), (2, 1), (2, 2))], {"axis": -1},
         op=lambda *xs, axis: _fn("concatenate")(xs, axis)),
    _rec("concatenate-None", lambda *xs: np.concatenate(xs, None), 2, [uint8, (uint8, int8)],
         [((2, 3), (3,))], op=lambda *xs: _fn("concatenate")(xs, None), out_dtype=promoted),
    _rec("concatenate-array", lambda x: np.concatenate(x, 1), 1, [float32, int8],
         [(2, 3, 4)], op=lambda x: _fn("concatenate")(x, 1)),
    _rec("concatenate-dtype", lambda *xs: np.concatenate(xs).astype(np.float16), 2,
         [int32, (int8, uint8)], [((2,), (3,))],
         op=lambda *xs: _fn("concatenate")(xs, dtype=np.float16), out_dtype=to(float16)),
    _rec("concat", lambda *xs: np.concatenate(xs, 1), 2, [float32], [((2, 1), (2, 3))],
         op=lambda *xs: _fn("concat")(xs, axis=1)),
    _rec("append", np.append, 2, [float32, (int32, bool_)], [((2, 3), (2,))],
         out_dtype=promoted),
    _rec("stack", lambda *xs, axis: np.stack(xs, axis), 2, JOIN_DTYPES,
         [((2, 3), (2, 3)), ((), ())], {"axis": 0},
         op=lambda *xs, axis: _fn("stack")(xs, axis), out_dtype=promoted),
    _rec("stack-axis-1", lambda *xs, axis: np.stack(xs, axis), 3, [uint32],
         [((2, 3),) * 3], {"axis": -1}, op=lambda *xs, axis: _fn("stack")(xs, axis)),
    _rec("stack-array", lambda x: np.stack(list(x), 1), 1, [float32], [(3, 2, 4)],
         op=lambda x: _fn("stack")(x, 1)),
    _rec("hstack", lambda *xs: np.hstack(xs), 2, [float32, (int8, float32)],
         [((3,), (2,)), ((2, 3), (2, 1)), ((), ())], op=lambda *xs: _fn("hstack")(xs),
         out_dtype=promoted),
    _rec("vstack", lambda *xs: np.vstack(xs), 2, [int8, (bfloat16, float16)],
         [((3,), (3,)), ((2, 3), (3,))], op=lambda *xs: _fn("vstack")(xs),
         out_dtype=promoted),
    _rec("dstack", lambda *xs: np.dstack(xs), 2, [float32], [((3,), (3,)), ((2, 3), (2, 3))],
         op=lambda *xs: _fn("dstack")(xs)),
    _rec("column_stack", lambda *xs: np.column_stack(xs), 2, [float32, (uint8, int8)],
         [((3,), (3,)), ((3, 2), (3,))], op=lambda *xs: _fn("column_stack")(xs),
         out_dtype=promoted),
    _rec("split", np.split, dtypes=[float32, complex64], shapes=[(6, 2)],
         params={"indices_or_sections": 3}, out_dtype=lambda d: [d] * 3),
    _rec("split-indices", np.split, dtypes=[int8], shapes=[(2, 7)],
         # (JAX takes the cuts as given, so they must not decrease nor pass the end: NumPy
         # also clips and wraps them, JAX raises; see test_jax_edges.py.)
         params={"indices_or_sections": (1, 4, 4), "axis": 1}, out_dtype=lambda d: [d] * 4),
    _rec("array_split", np.array_split, dtypes=[float32, bool_], shapes=[(7, 2)],
         params={"indices_or_sections": 3}, out_dtype=lambda d: [d] * 3),
    _rec("hsplit", np.hsplit, dtypes=[float32], shapes=[(2, 4), (4,)],
         params={"indices_or_sections": 2}, out_dtype=lambda d: [d] * 2),
    _rec("vsplit", np.vsplit, dtypes=[uint8], shapes=[(4, 2)],
         params={"indices_or_sections": [1]}, out_dtype=lambda d: [d] * 2),
    _rec("dsplit", np.dsplit, dtypes=[float32], shapes=[(1, 2, 4)],
         params={"indices_or_sections": 2}, out_dtype=lambda d: [d] * 2),
    _rec("unstack", lambda x, axis: [x[(slice(None),) * axis + (i,)]
                                     for i in range(x.shape[axis])],
         dtypes=[float32, bool_], shapes=[(2, 3)], params={"axis": 1},
         out_dtype=lambda d: [d] * 3),
]

# --- flips, rolls, tiles, pads --------------------------------------------------------------

REARRANGE = [
    _rec("flip", np.flip, dtypes=ALL, shapes=[(), (2, 3, 2)]),
    _rec("flip-axis", np.flip, shapes=[(2, 3, 2)], params={"axis": (0, -1)}),
    _rec("fliplr", np.fliplr, shapes=[(2, 3)]),
    _rec("flipud", np.flipud, shapes=[(3,), (2, 3)]),
    _rec("rot90", np.rot90, dtypes=[float32, complex64], shapes=[(2, 3), (2, 3, 4)]),
    _rec("rot90-k", np.rot90, shapes=[(2, 3, 4)], params={"k": -3, "axes": (2, 0)}),
    _rec("rot90-k2", np.rot90, shapes=[(2, 3)], params={"k": 2}),
    _rec("roll", np.roll, dtypes=ALL, shapes=[(2, 3)], params={"shift": 2}),
    _rec("roll-1d", np.roll, shapes=[(5,)], params={"shift": -7}),
    _rec("roll-axes", np.roll, shapes=[(2, 3, 4)], params={"shift": (1, -5), "axis": (0, 2)}),
    _rec("roll-same-axis", np.roll, shapes=[(2, 3)], params={"shift": (1, 1), "axis": (1, 1)}),
    _rec("tile", np.tile, dtypes=ALL, shapes=[(), (2, 3)], params={"reps": (2, 1, 2)}),
    _rec("tile-int", np.tile, shapes=[(2, 3)], params={"reps": 3}),
    _rec("repeat", np.repeat, dtypes=ALL, shapes=[(), (2, 3)], params={"repeats": 2}),
    _rec("repeat-axis", np.repeat, shapes=[(2, 3)], params={"repeats": 3, "axis": 1}),
    _rec("repeat-counts", lambda x: np.repeat(x, [1, 0, 2], axis=-1), dtypes=[float32, uint8],
         shapes=[(2, 3)], op=lambda x: _fn("repeat")(x, np.array([1, 0, 2]), axis=-1)),
    _rec("repeat-total", lambda x: np.repeat(x, [2, 1], axis=0)[[0, 1, 2, 2, 2]],
         dtypes=[int8], shapes=[(2, 3)],
         op=lambda x: _fn("repeat")(x, np.array([2, 1]), axis=0, total_repeat_length=5)),
]

PAD_WIDTHS = [((1, 2), (0, 3)), 2, ((5, 7), (2, 1))]
PADS = []
for _mode, _dtypes in (("constant", ALL), ("edge", [float32, bool_]), ("wrap", [int8]),
                       ("reflect", [float32, uint8]), ("symmetric", [float32, complex64])):
    for _i, _width in enumerate(PAD_WIDTHS):
        PADS.append(_rec(f"pad-{_mode}-{_i}", np.pad, dtypes=_dtypes if _i == 0 else [float32],
                         shapes=[(2, 3)], params={"pad_width": _width, "mode": _mode}))
PADS += [
    _rec("pad-constant-values", np.pad, dtypes=[float32, int8], shapes=[(2, 3)],
         params={"pad_width": 1, "constant_values": ((1, 2), (3, 4))}),
    _rec("pad-constant-scalar", np.pad, dtypes=[float16], shapes=[(3,)],
         params={"pad_width": (2, 1), "constant_values": -7}),
    _rec("pad-reflect-odd", np.pad, dtypes=[float32, int32], shapes=[(3,), (2, 3)],
         params={"pad_width": 5, "mode": "reflect", "reflect_type": "odd"}, exact=False),
    _rec("pad-symmetric-odd", np.pad, dtypes=[float32], shapes=[(2, 3)],
         params={"pad_width": ((4, 1), (7, 2)), "mode": "symmetric", "reflect_type": "odd"},
         exact=False),
    _rec("pad-reflect-size1", np.pad, dtypes=[float32], shapes=[(1, 3)],
         params={"pad_width": 2, "mode": "reflect"}),
    _rec("pad-scalar", np.pad, dtypes=[float32], shapes=[()], params={"pad_width": 1}),
]

# --- where and select --------------------------------------------------------------------

WHERE_DTYPES = [(bool_, float32, float32), (bool_, int8, float32), (bool_, bfloat16, float16),
                (int32, uint8, uint8), (bool_, bool_, bool_), (bool_, complex64, float32)]

SELECTION = [
    _rec("where", np.where, 3, WHERE_DTYPES,
         [((2, 3), (), (2, 3)), ((1, 3), (2, 1), (3,))],
         out_dtype=lambda c, x, y: promoted(x, y)),
    _rec("where-scalar-cond", np.where, 3, [(bool_, float32, float32)], [((), (2, 3), ())],
         out_dtype=lambda c, x, y: x),
    _rec("select", lambda c1, c2, x, y: np.select([c1, c2], [x, y], 0), 4,
         [(bool_, bool_, float32, float32), (bool_, bool_, int8, uint8)],
         [((2, 3),) * 4, ((3,), (2, 3), (), (2, 1))],
         op=lambda c1, c2, x, y: _fn("select")([c1, c2], [x, y]),
         out_dtype=lambda c1, c2, x, y: promoted(x, y)),
]

# --- contractions -------------------------------------------------------------------------

EXACT_DTYPES = [int8, bool_, (int8, bool_)]  # integer arithmetic wraps like NumPy's
FLOAT_DTYPES = [float32, complex64, (int32, float16)]
HALF_DTYPES = [bfloat16, (bfloat16, float16)]


def _contraction(name, np_fn, shapes, op=None, params=None, out_dtype=promoted):
    """Three records: exact integer/bool inputs (reference on those dtypes), float inputs,
    and half-precision inputs with a looser tolerance."""
    return [
        _rec(f"{name}-exact", np_fn, len(shapes[0]), EXACT_DTYPES, shapes, params, op,
             out_dtype=out_dtype, ref_same_dtype=True),
        _rec(f"{name}-float", np_fn, len(shapes[0]), FLOAT_DTYPES, shapes, params, op,
             out_dtype=out_dtype, exact=False),
        _rec(f"{name}-half", np_fn, len(shapes[0]), HALF_DTYPES, shapes[:1], params, op,
             out_dtype=out_dtype, exact=False, tol=5e-2),
    ]


def _np_same(np_fn):
    """np_fn on inputs of one dtype (NumPy's own mixed promotion differs from JAX's)."""
    def ref(*xs, **kw):
        dtype = np.result_type(*xs)
        return np_fn(*(x.astype(dtype) for x in xs), **kw)
    return ref


def _promote_np(*xs):
    """Mixed int8/bool references in int8, as JAX promotes them."""
    kinds = {x.dtype for x in xs}
    if kinds == {np.dtype(np.int8), np.dtype(np.bool_)}:
        return [x.astype(np.int8) for x in xs]
    return list(xs)


def _exact_ref(np_fn):
    def ref(*xs, **kw):
        return np_fn(*_promote_np(*xs), **kw)
    return ref


CONTRACTIONS = []
for _name, _np_fn, _shapes, _params in [
        ("dot", np.dot, [((2, 3), (3, 4)), ((2, 3, 4), (5, 4, 2)), ((), (2, 3))],
         None),
        ("matmul", np.matmul, [((2, 3), (3, 4)), ((3,), (3,)), ((2, 3), (3,)),
                               ((2, 1, 3, 4), (5, 4, 2)), ((1, 3, 4), (2, 4, 1))], None),
        ("vdot", np.vdot, [((2, 3), (6,))], None),
        ("inner", np.inner, [((2, 3), (4, 3)), ((), (3,))], None),
        ("outer", np.outer, [((3,), (2, 2))], None),
        ("tensordot", np.tensordot, [((2, 3, 4), (3, 4, 5))], None),
        ("tensordot-axes", np.tensordot, [((2, 3, 4), (4, 2))], {"axes": ((0, 2), (1, 0))}),
        ("kron", np.kron, [((2, 3), (3, 2)), ((2,), (2, 2))], None),
        ("vecdot", np.vecdot, [((2, 3), (3,))], None),
        ("matvec", np.matvec, [((2, 3, 4), (4,))], None),
        ("vecmat", np.vecmat, [((3,), (2, 3, 4))], None)]:
    for _r in _contraction(_name, _exact_ref(_np_same(_np_fn)), _shapes, params=_params,
                           op=_fn(_name.split("-")[0])):
        CONTRACTIONS.append(_r)

CONTRACTIONS += [
    _rec("cross", np.cross, 2, [float32, int32, (int8, float32)], [((2, 3), (3,))],
         out_dtype=promoted, exact=False),
    _rec("trace", np.trace, dtypes=[float32, float16, complex64], shapes=[(3, 3), (2, 4, 3)],
         exact=False, tol=5e-3),
    _rec("trace-int", np.trace, dtypes=[int8, uint8, bool_, int32], shapes=[(3, 4)],
         params={"offset": -1}, out_dtype=lambda d: {uint8: uint32}.get(d, int32)),
    _rec("trace-axes", np.trace, dtypes=[float32], shapes=[(2, 3, 4)],
         params={"offset": 1, "axis1": 2, "axis2": 0}, exact=False),
    _rec("trace-dtype", lambda x: np.trace(x).astype(np.float16), dtypes=[int32],
         shapes=[(3, 3)], op=lambda x: _fn("trace")(x, dtype=np.float16),
         out_dtype=to(float16)),
]

EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]), ("ij->", [(2, 3)]), ("ij->ji", [(2, 3)]), ("i,i", [(3,), (3,)]),
    ("i,j->ij", [(2,), (3,)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("...ij,...jk->...ik", [(2, 2, 3), (3, 4)]), ("ijk,jil->kl", [(2, 3, 4), (3, 2, 2)]),
    ("iij->ji", [(3, 3, 2)]), ("i...->...", [(2, 3, 4)]), ("abc,cd,de->ae", [(2, 3, 2),
                                                                            (2, 4), (4, 3)]),
    ("i,i->i", [(1,), (3,)]), ("...,...", [(3, 1), (4,)]), ("iii->i", [(3, 3, 3)]),
    ("ab,bc,cd,da->", [(2, 3), (3, 2), (2, 4), (4, 2)]), ("ba", [(2, 3)]),
    ("Ab,bA->", [(2, 3), (3, 2)]), ("ij,ij,ij->i", [(2, 3)] * 3),
]

EINSUM = [
    _rec(f"einsum-{subscripts}", lambda *xs, subscripts: np.einsum(subscripts, *xs),
         len(shapes), [float32] if i % 3 else [float32, int8], [tuple(shapes)],
         {"subscripts": subscripts}, exact=False,
         op=lambda *xs, subscripts: _fn("einsum")(subscripts, *xs), ref_same_dtype=True)
    for i, (subscripts, shapes) in enumerate(EINSUM_CASES)
] + [
    _rec("einsum-mixed", lambda a, b: np.einsum("ij,j->i", a, b), 2,
         [(int32, float32), (bfloat16, float16)], [((2, 3), (3,))], exact=False, tol=5e-2,
         op=lambda a, b: _fn("einsum")("ij,j->i", a, b), out_dtype=promoted),
    _rec("einsum-bool", lambda a, b: np.einsum("ij,jk->ik", a, b), 2, [bool_],
         [((2, 3), (3, 2))], op=lambda a, b: _fn("einsum")("ij,jk->ik", a, b)),
    _rec("einsum-preferred", lambda a, b: np.einsum("ij,jk->ik", a.astype(np.int32),
                                                    b.astype(np.int32)), 2, [int8],
         [((2, 3), (3, 2))], op=lambda a, b: _fn("einsum")("ij,jk->ik", a, b,
                                                        preferred_element_type=np.int32),
         out_dtype=to(int32), rng=lambda s, d, r: r.integers(-100, 100, size=s).astype(d)),
]

RECORDS = RESHAPE + JOINING + REARRANGE + PADS + SELECTION + CONTRACTIONS + EINSUM
