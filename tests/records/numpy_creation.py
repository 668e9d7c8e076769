"""Op records for wax.numpy's array creation (wax/numpy/creation.py), against NumPy.

Expected dtypes are JAX's (x64 off), written by hand: zeros/ones/empty/eye/tri default to
float32, integer ranges to int32, linspace of integers to float32, *_like keep the
prototype's dtype. Functions with no array argument are records of nargs=0 (one case
each); their parameters go in the record's name. Weak types of Python-scalar fills and
the x64 warnings are in tests/numpy/test_creation.py.
"""
import numpy as np

import wax.numpy as jnp
from wax.numpy import creation as _creation

from . import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int32, to,
               uint8, uint32)


def _fn(name):
    """The wax.numpy function once the lead wires it into wax.numpy, else the module's."""
    found = getattr(jnp, name, None)
    return found if callable(found) else getattr(_creation, name)


ALL = [float32, float16, bfloat16, int32, int8, uint8, bool_, complex64]


def _const(label, op, ref, out_dtype, **kw):
    """A record of a function of no array argument (one case)."""
    kw.setdefault("exact", True)
    kw.setdefault("jvp", False)  # no array argument, so nothing to differentiate
    return OpRecord(label, op, ref, 0, [()], shapes=[()], out_dtype=to(out_dtype), **kw)


def _shaped(name, np_fn):
    """zeros/ones/empty records over shapes and dtypes (None meaning JAX's float32)."""
    out = []
    for shape in (3, (), (2, 3), (0, 2)):
        out.append(_const(f"{name}-{shape}", lambda s=shape: _fn(name)(s),
                          lambda s=shape: np_fn(s, np.float32), float32))
    for dtype in [float16, bfloat16, int8, bool_, complex64, int]:
        expected = int32 if dtype is int else dtype
        label = "int" if dtype is int else expected.name
        out.append(_const(f"{name}-(2,3)-{label}", lambda d=dtype: _fn(name)((2, 3), d),
                          lambda d=expected: np_fn((2, 3), d), expected))
    return out


def _like(name, np_fn, op=None, dtypes=ALL, **kw):
    return OpRecord(name, op or _fn(name), np_fn, 1, dtypes, shapes=[(2, 3)],
                    exact=True, **kw)


def _zeros_ref(shape, dtype):
    return np.zeros(shape, dtype)


def _full_records():
    out = []
    for fill, dtype, expected in ((np.int8(3), None, int8), (2.5, np.float16, float16),
                                  (np.float32(-1.5), None, float32), (7, bool, bool_),
                                  (1 + 2j, np.complex64, complex64), (300, np.int32, int32),
                                  (2.7, np.int32, int32), (True, None, bool_)):
        out.append(_const(f"full-{fill!r}-{expected.name}",
                          lambda f=fill, d=dtype: _fn("full")((2, 3), f, d),
                          lambda f=fill, d=expected: np.full((2, 3), np.asarray(f).astype(d)),
                          expected))
    # An array fill broadcasts to the shape and keeps its dtype.
    out.append(OpRecord("full-array-fill", lambda x: _fn("full")((2, 3), x),
                        lambda x: np.broadcast_to(x, (2, 3)), 1, [float32, int8, bool_],
                        shapes=[(3,), (1, 3)],
                        exact=True))
    return out


def _arange(label, args, kwargs, np_args, expected, **kw):
    return _const(f"arange-{label}", lambda: _fn("arange")(*args, **kwargs),
                  lambda: np.arange(*np_args).astype(expected), expected, **kw)


ARANGE = [
    _arange("5", (5,), {}, (5,), int32),
    _arange("2,10,3", (2, 10, 3), {}, (2, 10, 3), int32),
    _arange("10,2,-3", (10, 2, -3), {}, (10, 2, -3), int32),
    _arange("-3", (-3,), {}, (0,), int32),
    _arange("0.,1.,.25", (0., 1., .25), {}, (0., 1., .25), float32),
    _arange("5.5", (5.5,), {}, (6,), float32),
    _arange("1.5,4", (1.5, 4), {}, (1.5, 4), float32),
    _arange("int8", (np.int8(4),), {}, (4,), int8),
    _arange("dtype=f16", (5,), {"dtype": np.float16}, (5,), float16),
    _arange("dtype=bf16-step", (1, 4, 0.5), {"dtype": bfloat16}, (1, 4, 0.5), bfloat16),
    _arange("dtype=uint8", (3, 9), {"dtype": np.uint8}, (3, 9), uint8),
    _arange("dtype=float", (3,), {"dtype": float}, (3,), float32),
    _arange("array-bound", (jnp.asarray(np.int32(4)),), {}, (4,), int32),
]


def _linspace_const(label, args, kwargs, expected, **kw):
    def ref():
        values = np.linspace(*args, **{k: v for k, v in kwargs.items() if k != "dtype"})
        if kwargs.get("retstep"):
            values, step = values
            return values.astype(expected), np.float32(step)
        if np.dtype(expected).kind in "iu":
            values = np.floor(values)
        return values.astype(expected)

    return _const(f"linspace-{label}", lambda: _fn("linspace")(*args, **kwargs), ref,
                  expected, **kw)


def _float_of_pair(*dts):
    """linspace/logspace/geomspace of inputs: their promoted dtype, made inexact."""
    table = {int32: float32, int8: float32, uint8: float32, bool_: float32}
    return table.get(dts[0], dts[0])


LINSPACE = [
    _linspace_const("0,10,5", (0, 10, 5), {}, float32),
    _linspace_const("0,10,8-no-endpoint", (0, 10, 8), {"endpoint": False}, float32),
    _linspace_const("1", (2., 3.), {"num": 1}, float32),
    _linspace_const("0", (2., 3.), {"num": 0}, float32),
    _linspace_const("int32", (0, 10, 7), {"dtype": np.int32}, int32),
    _linspace_const("f16", (-1, 1, 9), {"dtype": np.float16}, float16),
    _const("linspace-retstep", lambda: _fn("linspace")(0, 10, 9, retstep=True),
           lambda: (np.linspace(0, 10, 9).astype(np.float32), np.float32(1.25)),
           [float32, float32]),
    OpRecord("linspace-arrays", lambda a, b, axis: _fn("linspace")(a, b, 5, axis=axis),
             lambda a, b, axis: np.linspace(a, b, 5, axis=axis), 2,
             [float32, int32, float16, (int8, float32)], shapes=[((), ()), ((3,), (3,)),
                                                                  ((2, 1), (3,))],
             params={"axis": -1}, tol=1e-2,
             out_dtype=lambda *d: float16 if d[0] == float16 else float32),
    OpRecord("linspace-arrays-axis0", lambda a, b: _fn("linspace")(a, b, 4),
             lambda a, b: np.linspace(a, b, 4), 2, [float32, complex64],
             shapes=[((3,), (2, 3))]),
    _const("logspace-0,2,5", lambda: _fn("logspace")(0, 2, 5),
           lambda: np.logspace(0, 2, 5).astype(np.float32), float32, tol=1e-5, exact=False),
    _const("logspace-base2", lambda: _fn("logspace")(0, 3, 4, endpoint=False, base=2),
           lambda: np.logspace(0, 3, 4, endpoint=False, base=2).astype(np.float32), float32,
           tol=1e-5, exact=False),
    OpRecord("logspace-arrays", lambda a, b: _fn("logspace")(a, b, 4),
             lambda a, b: np.logspace(a, b, 4), 2, [float32, int32],
             shapes=[((3,), (3,))], out_dtype=to(float32), tol=1e-4),
    _const("geomspace-1,16,5", lambda: _fn("geomspace")(1, 16, 5),
           lambda: np.geomspace(1, 16, 5).astype(np.float32), float32, tol=1e-5, exact=False),
    _const("geomspace-negative", lambda: _fn("geomspace")(-1000, -1, 4, endpoint=False),
           lambda: np.geomspace(-1000, -1, 4, endpoint=False).astype(np.float32), float32,
           tol=1e-5, exact=False),
    OpRecord("geomspace-arrays-axis1", lambda a, b: _fn("geomspace")(a, b, 3, axis=1),
             lambda a, b: np.geomspace(a, b, 3, axis=1), 2, [float32],
             rng=lambda s, d, r: r.uniform(0.5, 4, size=s).astype(d), shapes=[((2,), (2,))],
             tol=1e-5),
]
# linspace-arrays-axis0 and logspace/geomspace arrays: exact=False records, tolerance default.
for _rec in LINSPACE:
    if _rec.nargs:
        _rec.exact = False

MATRICES = [
    _const("eye-3", lambda: _fn("eye")(3), lambda: np.eye(3, dtype=np.float32), float32),
    _const("eye-3,4,k=1", lambda: _fn("eye")(3, 4, 1), lambda: np.eye(3, 4, 1, np.float32),
           float32),
    _const("eye-4,k=-2-int8", lambda: _fn("eye")(4, k=-2, dtype=np.int8),
           lambda: np.eye(4, k=-2, dtype=np.int8), int8),
    _const("eye-2,5,k=7-bf16", lambda: _fn("eye")(2, 5, 7, bfloat16),
           lambda: np.zeros((2, 5), bfloat16), bfloat16),
    _const("identity-3-bool", lambda: _fn("identity")(3, bool), lambda: np.eye(3, dtype=bool),
           bool_),
    _const("identity-2", lambda: _fn("identity")(2), lambda: np.eye(2, dtype=np.float32),
           float32),
    _const("tri-3,4,k=1", lambda: _fn("tri")(3, 4, 1), lambda: np.tri(3, 4, 1, np.float32),
           float32),
    _const("tri-4,k=-1-int32", lambda: _fn("tri")(4, k=-1, dtype=np.int32),
           lambda: np.tri(4, k=-1, dtype=np.int32), int32),
    OpRecord("diag-1d", lambda v, k: _fn("diag")(v, k), lambda v, k: np.diag(v, k), 1,
             [float32, int8, bool_, complex64], shapes=[(3,)], params={"k": 0},
             exact=True),
    OpRecord("diag-1d-k2", lambda v, k: _fn("diag")(v, k), lambda v, k: np.diag(v, k), 1,
             [float32, uint8], shapes=[(3,), (0,)], params={"k": 2}, exact=True),
    OpRecord("diag-1d-k-1", lambda v, k: _fn("diag")(v, k), lambda v, k: np.diag(v, k), 1,
             [bfloat16], shapes=[(4,)], params={"k": -1}, exact=True),
    OpRecord("diag-2d", lambda v, k: _fn("diag")(v, k), lambda v, k: np.diag(v, k), 1,
             [float32, bool_], shapes=[(3, 3), (2, 4), (4, 2)], params={"k": 1},
             exact=True),
    OpRecord("diag-2d-k-2", lambda v, k: _fn("diag")(v, k), lambda v, k: np.diag(v, k), 1,
             [float16], shapes=[(3, 3), (4, 2), (1, 1)], params={"k": -2}, exact=True),
    OpRecord("diagflat", lambda v: _fn("diagflat")(v, -1), lambda v: np.diagflat(v, -1), 1,
             [float32, int32], shapes=[(2, 2)], exact=True),
    OpRecord("meshgrid-xy", lambda a, b, c: _fn("meshgrid")(a, b, c),
             lambda a, b, c: np.meshgrid(a, b, c), 3, [float32, int8, (bool_, int8, bfloat16)],
             shapes=[((2,), (3,), (4,))], exact=True,
             out_dtype=lambda *d: list(d)),
    OpRecord("meshgrid-ij-sparse", lambda a, b: _fn("meshgrid")(a, b, indexing="ij",
                                                                sparse=True),
             lambda a, b: np.meshgrid(a, b, indexing="ij", sparse=True), 2, [float32, uint8],
             shapes=[((2,), (3,)), ((1,), (0,))], exact=True, out_dtype=lambda *d: list(d)),
    OpRecord("meshgrid-one", lambda a: _fn("meshgrid")(a), lambda a: np.meshgrid(a), 1,
             [complex64], shapes=[(3,)], exact=True, out_dtype=lambda *d: list(d)),
]

CONVERSIONS = [
    OpRecord("array", lambda x: _fn("array")(x), lambda x: x, 1, ALL, shapes=[(2, 3)],
             exact=True),
    OpRecord("asarray-dtype", lambda x: _fn("asarray")(x, dtype=np.float32),
             lambda x: x.astype(np.float32), 1, [int8, bool_, float16, float32],
             shapes=[(2, 3)], out_dtype=to(float32),
             # The result is float32 even in the float64 check, so the central difference
             # carries float32 rounding (~1e-7 of values near 3) over 2 * eps = 2e-4.
             jvp_tol=2e-3),
    OpRecord("copy", lambda x: _fn("copy")(x), lambda x: x, 1, [float32, bfloat16, bool_],
             shapes=[(3,)],
             exact=True),
    OpRecord("array-ndmin", lambda x: _fn("array")(x, ndmin=3), lambda x: np.array(x, ndmin=3),
             1, [float32, uint32], shapes=[(), (2,)], exact=True),
]

RECORDS = (
    _shaped("zeros", np.zeros) + _shaped("ones", np.ones) + _shaped("empty", np.zeros)
    + _full_records()
    + [_like("zeros_like", np.zeros_like), _like("ones_like", np.ones_like),
       _like("empty_like", np.zeros_like, dtypes=[float32, bool_]),
       _like("full_like", lambda x: np.full_like(x, 2), op=lambda x: _fn("full_like")(x, 2),
             dtypes=[float32, int8, bool_, complex64]),
       OpRecord("full_like-dtype", lambda x: _fn("full_like")(x, 2.7, dtype=np.int8),
                lambda x: np.full(x.shape, 2, np.int8), 1, [float32, bool_], shapes=[(2, 3)],
                out_dtype=to(int8), exact=True),
       OpRecord("zeros_like-shape", lambda x: _fn("zeros_like")(x, shape=(4, 1)),
                lambda x: np.zeros((4, 1), x.dtype), 1, [float16, int8], shapes=[(2, 3)],
                exact=True, ref_same_dtype=True),
       OpRecord("ones_like-dtype", lambda x: _fn("ones_like")(x, dtype=bool),
                lambda x: np.ones(x.shape, bool), 1, [float32, complex64], shapes=[(3,)],
                out_dtype=to(bool_), exact=True),
       OpRecord("zeros_like-scalar", _fn("zeros_like"), np.zeros_like, 1, [float32, int8],
                shapes=[()], exact=True)]
    + ARANGE + LINSPACE + MATRICES + CONVERSIONS
)
