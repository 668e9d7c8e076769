"""Op records for wax.numpy's differences, integration, correlation, triangles and
comparisons (math_extra.py, comparisons.py) and for element placement, selection and the
function helpers (placement.py, functional.py), against NumPy.

Expected dtypes are JAX's (x64 off), written by hand: differences keep the input dtype
(booleans give booleans), gradient, trapezoid, convolve, correlate, cov, corrcoef and
unwrap turn integers and booleans into float32, placement keeps the array's dtype, and
the comparisons give bool. Index arguments (positions, masks, conditions) are fixed
NumPy constants closed over by each record's op, as a user's static arguments would be.
"""
import numpy as np

import wax.numpy as jnp

from . import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int32,
               rand_positive, to, uint8)
from . import float_of as _float_of


def float_of(*dts):
    return _float_of(dts[0])


def promoted_inexact(*dts):
    """JAX's inexact result dtype for the pairs used below (x64 off)."""
    if complex64 in dts:
        return complex64
    return float32


def _rec(name, op, ref, nargs=1, dtypes=(float32,), shapes=((5,),), **kw):
    return OpRecord(name, op, ref, nargs, list(dtypes), shapes=list(shapes), **kw)


def _on_copy(np_fn):
    """A NumPy reference for an in-place NumPy function: applied to a copy, then returned."""
    def ref(a, *args, **kw):
        out = np.array(a, copy=True)
        np_fn(out, *args, **kw)
        return out
    return ref


def _same_dtype(np_fn):
    """np_fn whose result is cast back to its first input's dtype (NumPy promotes)."""
    def ref(a, *args, **kw):
        return np.asarray(np_fn(a, *args, **kw)).astype(a.dtype)
    return ref


def _as_float(np_fn):
    def ref(*args, **kw):
        return np_fn(*(a.astype(np.float64) if a.dtype.kind in "iub" else a for a in args),
                     **kw)
    return ref


# --- differences and integration --------------------------------------------------------------

PREPEND = np.array([[0.5], [-1.0]], np.float32)
COORDS5 = np.array([0.0, 0.5, 1.5, 1.75, 3.0])
COORDS4 = np.array([0.0, 1.0, 3.0, 3.5])

DIFFERENCES = [
    _rec("diff", jnp.diff, np.diff, dtypes=[float32, bfloat16, int8, uint8, bool_, complex64],
         shapes=[(5,), (3, 4)]),
    _rec("diff-n2-axis0", lambda a: jnp.diff(a, n=2, axis=0),
         lambda a: np.diff(a, n=2, axis=0), dtypes=[float32, int32], shapes=[(4, 3)]),
    _rec("diff-n0", lambda a: jnp.diff(a, n=0), lambda a: a, dtypes=[float32], shapes=[(3,)]),
    _rec("diff-n-large", lambda a: jnp.diff(a, n=4), lambda a: np.diff(a, n=4),
         dtypes=[float32, int8], shapes=[(2, 3)]),
    _rec("diff-prepend-append", lambda a: jnp.diff(a, prepend=PREPEND, append=1.0),
         lambda a: np.diff(a, prepend=PREPEND.astype(a.dtype), append=1.0),
         dtypes=[float32], shapes=[(2, 3)]),
    _rec("diff-prepend-int", lambda a: jnp.diff(a, prepend=0, axis=0),
         lambda a: np.diff(a, prepend=0, axis=0), dtypes=[int32, float32], shapes=[(3, 2)]),
    _rec("ediff1d", jnp.ediff1d, np.ediff1d, dtypes=[float32, int8, complex64],
         shapes=[(5,), (2, 3), (1,)]),
    _rec("ediff1d-ends", lambda a: jnp.ediff1d(a, to_end=np.array([7, 8]), to_begin=-1),
         _same_dtype(lambda a: np.ediff1d(a, to_end=np.array([7, 8]), to_begin=-1)),
         dtypes=[float32, int32], shapes=[(4,)]),
    _rec("gradient", jnp.gradient, _as_float(np.gradient), dtypes=[float32, bfloat16, int32,
                                                                   complex64],
         shapes=[(5,), (3, 4)], out_dtype=float_of),
    _rec("gradient-spacing", lambda f: jnp.gradient(f, 0.5, 2.0),
         _as_float(lambda f: np.gradient(f, 0.5, 2.0)), dtypes=[float32, int8],
         shapes=[(3, 4)], out_dtype=float_of),
    _rec("gradient-coords", lambda f: jnp.gradient(f, COORDS5.astype(np.float32)),
         _as_float(lambda f: np.gradient(f, COORDS5)), dtypes=[float32, int32], shapes=[(5,)],
         out_dtype=float_of, tol=1e-4),
    _rec("gradient-axis", lambda f: jnp.gradient(f, axis=-1),
         _as_float(lambda f: np.gradient(f, axis=-1)), dtypes=[float32], shapes=[(2, 3, 4)]),
    _rec("trapezoid", jnp.trapezoid, _as_float(np.trapezoid),
         dtypes=[float32, float16, int32, bool_, complex64], shapes=[(5,), (3, 4), (1,)],
         out_dtype=float_of),
    _rec("trapezoid-dx-axis0", lambda y: jnp.trapezoid(y, dx=0.5, axis=0),
         _as_float(lambda y: np.trapezoid(y, dx=0.5, axis=0)), dtypes=[float32, int8],
         shapes=[(3, 4)], out_dtype=float_of),
    _rec("trapezoid-x", jnp.trapezoid, np.trapezoid, nargs=2, dtypes=[float32],
         shapes=[((3, 4), (4,)), ((3, 4), (3, 4))], tol=1e-4),
    _rec("trapezoid-coords", lambda y: jnp.trapezoid(y, COORDS4.astype(np.float32), axis=0),
         _as_float(lambda y: np.trapezoid(y, COORDS4, axis=0)), dtypes=[float32, int32],
         shapes=[(4, 2)], out_dtype=float_of, tol=1e-4),
]

# --- convolution, covariance, unwrap --------------------------------------------------------

CONV_SHAPES = [((5,), (3,)), ((3,), (5,)), ((4,), (4,)), ((1,), (2,))]
FWEIGHTS = np.array([1, 2, 1, 3, 1])
AWEIGHTS = np.array([0.5, 1.0, 2.0, 1.0, 0.25])


def _conv_records(name, np_fn):
    out = []
    for mode in ("full", "same", "valid"):
        out.append(_rec(f"{name}-{mode}", lambda a, v, mode=mode, f=getattr(jnp, name):
                        f(a, v, mode=mode),
                        _as_float(lambda a, v, mode=mode: np_fn(a, v, mode=mode)), nargs=2,
                        dtypes=[float32, int32, complex64, (int8, float32), (bool_, bool_)],
                        shapes=CONV_SHAPES, out_dtype=promoted_inexact, tol=1e-4))
    return out


CONVOLUTION = [
    *_conv_records("convolve", np.convolve),
    *_conv_records("correlate", np.correlate),
    _rec("convolve-preferred", lambda a, v: jnp.convolve(a, v,
                                                         preferred_element_type=np.float32),
         lambda a, v: np.convolve(a, v).astype(np.float32), nargs=2, dtypes=[int8],
         shapes=[((4,), (3,))], out_dtype=to(float32), jvp=False),  # integer inputs
    _rec("cov", jnp.cov, _as_float(np.cov), dtypes=[float32, int32, bfloat16, complex64],
         shapes=[(3, 5), (5,), (1, 4)], out_dtype=float_of),
    _rec("cov-options", lambda m: jnp.cov(m, rowvar=False, bias=True),
         lambda m: np.cov(m, rowvar=False, bias=True), dtypes=[float32], shapes=[(5, 3)],
         tol=1e-4),
    _rec("cov-ddof", lambda m: jnp.cov(m, ddof=0), lambda m: np.cov(m, ddof=0),
         dtypes=[float32], shapes=[(2, 5)], tol=1e-4),
    _rec("cov-weights", lambda m: jnp.cov(m, fweights=FWEIGHTS, aweights=AWEIGHTS),
         lambda m: np.cov(m, fweights=FWEIGHTS, aweights=AWEIGHTS), dtypes=[float32],
         shapes=[(3, 5)], tol=1e-4),
    _rec("cov-fweights", lambda m: jnp.cov(m, fweights=FWEIGHTS, ddof=2),
         lambda m: np.cov(m, fweights=FWEIGHTS, ddof=2), dtypes=[float32], shapes=[(2, 5)],
         tol=1e-4),
    _rec("cov-y", jnp.cov, np.cov, nargs=2, dtypes=[float32],
         shapes=[((2, 5), (5,)), ((5,), (3, 5))], tol=1e-4),
    _rec("corrcoef", jnp.corrcoef, _as_float(np.corrcoef), dtypes=[float32, int32, complex64],
         shapes=[(3, 5), (5,)], out_dtype=float_of),
    _rec("corrcoef-y", lambda x, y: jnp.corrcoef(x, y, rowvar=False),
         lambda x, y: np.corrcoef(x, y, rowvar=False), nargs=2, dtypes=[float32],
         shapes=[((5, 2), (5, 1))], tol=1e-4),
    # Steps of up to 6 (rand_default spans [-3, 3)) wrap by 2 pi.
    _rec("unwrap", jnp.unwrap, _as_float(np.unwrap), dtypes=[float32, bfloat16, int32],
         shapes=[(6,), (3, 4)], out_dtype=float_of),
    _rec("unwrap-axis0-discont", lambda p: jnp.unwrap(p, discont=4.0, axis=0),
         lambda p: np.unwrap(p, discont=4.0, axis=0), dtypes=[float32], shapes=[(5, 2)],
         tol=1e-5),
    _rec("unwrap-period", lambda p: jnp.unwrap(p, period=5.0),
         lambda p: np.unwrap(p, period=5.0), dtypes=[float32], shapes=[(6,)], tol=1e-5),
]

# --- triangles, nextafter, comparisons -----------------------------------------------------------

TRIANGLES = [
    _rec(f"{name}-k={k}", lambda m, k=k, f=getattr(jnp, name): f(m, k),
         lambda m, k=k, f=getattr(np, name): f(m, k),
         dtypes=[float32, int8, bool_, complex64], shapes=[(3, 4), (2, 3, 3), (0, 2)])
    for name in ("tril", "triu") for k in (0, 1, -2)
]

COMPARISONS = [
    # jvp=False: nextafter has no derivative in JAX; the functions below return booleans.
    _rec("nextafter", jnp.nextafter, np.nextafter, nargs=2, dtypes=[float32, float16],
         shapes=[((3,), (3,)), ((2, 3), ())], ref_same_dtype=True, exact=True, jvp=False),
    _rec("allclose", jnp.allclose, np.allclose, nargs=2, dtypes=[float32, int32],
         shapes=[((3,), (3,)), ((2, 3), (3,))], out_dtype=to(bool_), jvp=False),
    _rec("allclose-self", lambda a: jnp.allclose(a, a * 1.000001),
         lambda a: np.allclose(a, a * 1.000001), dtypes=[float32], shapes=[(4,)],
         out_dtype=to(bool_), jvp=False),
    _rec("array_equal", jnp.array_equal, np.array_equal, nargs=2,
         dtypes=[float32, int8, bool_], shapes=[((3,), (3,)), ((2, 3), (3,))],
         rng=lambda s, d, r: r.integers(0, 2, size=s).astype(d),
         out_dtype=to(bool_), jvp=False),
    # (Shapes that do not broadcast raise in JAX, unlike NumPy: see test_jax_edges.py.)
    _rec("array_equiv", jnp.array_equiv, np.array_equiv, nargs=2, dtypes=[float32, int8],
         shapes=[((2, 3), (3,)), ((2, 3), (1, 3))],
         rng=lambda s, d, r: np.ones(s, d), out_dtype=to(bool_), jvp=False),
    _rec("iscomplex", jnp.iscomplex, np.iscomplex, dtypes=[complex64, float32, int8],
         shapes=[(3,), ()], out_dtype=to(bool_), jvp=False),
    _rec("isreal", jnp.isreal, np.isreal, dtypes=[complex64, float32, bool_],
         shapes=[(3,), ()], out_dtype=to(bool_), jvp=False),
]

# --- placement and selection ------------------------------------------------------------------

PUT_INDEX = np.array([0, 7, -1, 3])
PUT_UNIQUE = np.array([4, 0, 2])
PLACE_MASK = np.array([[True, False, True], [False, True, True]])
PAL_INDEX = np.array([[2], [0]])
KEEP = np.array([True, False, True, True])


def _np_put(mode):
    def ref(a, v):
        out = np.array(a, copy=True)
        np.put(out, PUT_INDEX if mode else PUT_UNIQUE, v, mode=mode or "raise")
        return out
    return ref


PLACEMENT = [
    _rec("put", lambda a, v: jnp.put(a, PUT_UNIQUE, v, inplace=False), _np_put(None), nargs=2,
         dtypes=[float32, int8, bool_], shapes=[((2, 3), (3,)), ((6,), (1,))]),
    *[_rec(f"put-{mode}", lambda a, v, mode=mode: jnp.put(a, PUT_INDEX, v, mode=mode,
                                                          inplace=False),
           _np_put(mode), nargs=2, dtypes=[float32, int32], shapes=[((2, 3), (4,))])
      for mode in ("clip", "wrap")],
    _rec("put_along_axis", lambda a, v: jnp.put_along_axis(a, PAL_INDEX, v, 1, inplace=False),
         lambda a, v: _on_copy(np.put_along_axis)(a, PAL_INDEX, v, 1), nargs=2,
         dtypes=[float32, uint8], shapes=[((2, 3), (2, 1)), ((2, 3), ())]),
    _rec("place", lambda a, v: jnp.place(a, PLACE_MASK, v, inplace=False),
         lambda a, v: _on_copy(np.place)(a, PLACE_MASK, v), nargs=2,
         dtypes=[float32, int32, bool_], shapes=[((2, 3), (2,)), ((2, 3), (4,))]),
    _rec("fill_diagonal", lambda a, v: jnp.fill_diagonal(a, v, inplace=False),
         lambda a, v: _on_copy(np.fill_diagonal)(a, v), nargs=2, dtypes=[float32, int8],
         shapes=[((3, 3), ()), ((4, 3), (2,)), ((3, 3, 3), (3,))]),
    _rec("insert-int", lambda a, v: jnp.insert(a, 1, v, axis=1),
         lambda a, v: np.insert(a, 1, v, axis=1), nargs=2, dtypes=[float32, int8],
         shapes=[((2, 3), ()), ((2, 3), (2,))]),
    _rec("insert-array", lambda a, v: jnp.insert(a, np.array([3, 0, 1]), v),
         lambda a, v: np.insert(a, np.array([3, 0, 1]), v), nargs=2, dtypes=[float32, bool_],
         shapes=[((4,), (3,)), ((2, 2), ())]),
    _rec("insert-slice", lambda a, v: jnp.insert(a, slice(0, 3, 2), v, axis=0),
         lambda a, v: np.insert(a, slice(0, 3, 2), v, axis=0), nargs=2, dtypes=[float32],
         shapes=[((3, 2), (2, 1)), ((3,), ())]),
    # Out-of-range indices are clipped to the ends in JAX (NumPy raises): the reference
    # inserts at the clipped positions.
    _rec("insert-out-of-range", lambda a, v: jnp.insert(a, np.array([9, -9]), v),
         lambda a, v: np.insert(a, np.array([4, 0]), v), nargs=2, dtypes=[float32],
         shapes=[((4,), (2,))]),
    *[_rec(f"delete-{label}", lambda a, obj=obj: jnp.delete(a, obj, axis=1),
           lambda a, obj=obj: np.delete(a, obj, axis=1), dtypes=[float32, int8, bool_],
           shapes=[(2, 4), (3, 4, 2)])
      for label, obj in (("int", -1), ("slice", slice(1, None, 2)),
                         ("array", np.array([3, 0, 3])), ("mask", ~KEEP))],
    _rec("delete-flat", lambda a: jnp.delete(a, np.array([1, 5])),
         lambda a: np.delete(a, np.array([1, 5])), dtypes=[float32], shapes=[(2, 3)]),
    _rec("delete-unique", lambda a: jnp.delete(a, np.array([3, 0]), axis=0,
                                               assume_unique_indices=True),
         lambda a: np.delete(a, np.array([3, 0]), axis=0), dtypes=[float32, int32],
         shapes=[(5, 2)]),
    _rec("resize", lambda a: jnp.resize(a, (3, 5)), lambda a: np.resize(a, (3, 5)),
         dtypes=[float32, int8, bool_], shapes=[(2, 3), (4,), ()]),
    _rec("block", lambda a, b, c: jnp.block([[a, b], [c]]),
         lambda a, b, c: np.block([[a, b], [c]]), nargs=3,
         dtypes=[float32, (int8, float32, int8)], shapes=[((2, 2), (2, 1), (1, 3))],
         out_dtype=lambda *d: float32),
    _rec("block-1d", lambda a, b, c: jnp.block([a, b, c]), lambda a, b, c: np.block([a, b, c]),
         nargs=3, dtypes=[float32], shapes=[((2,), (3,), ())]),
    _rec("compress", lambda a: jnp.compress(KEEP, a, axis=-1),
         lambda a: np.compress(KEEP, a, axis=-1), dtypes=[float32, int32, bool_],
         shapes=[(2, 4), (4,)]),
    _rec("compress-flat", lambda a: jnp.compress(KEEP[:3], a),
         lambda a: np.compress(KEEP[:3], a), dtypes=[float32], shapes=[(2, 3)]),
    _rec("compress-size", lambda a: jnp.compress(KEEP, a, axis=0, size=4, fill_value=7),
         lambda a: np.concatenate([np.compress(KEEP, a, axis=0),
                                   np.full((1,) + a.shape[1:], 7, a.dtype)]),
         dtypes=[float32, int8], shapes=[(4, 2)]),
    _rec("extract", lambda a: jnp.extract(PLACE_MASK, a), lambda a: np.extract(PLACE_MASK, a),
         dtypes=[float32, uint8], shapes=[(2, 3)]),
]


def _choices_ref(mode):
    def ref(*choices):
        return np.choose(CHOOSE_INDEX, choices, mode=mode)
    return ref


CHOOSE_INDEX = np.array([[0, 2, 1], [1, 0, 4]])

SELECTION = [
    *[_rec(f"choose-{mode}", lambda x, y, z, mode=mode: jnp.choose(
        CHOOSE_INDEX if mode != "raise" else CHOOSE_INDEX % 3, [x, y, z], mode=mode),
           (_choices_ref(mode) if mode != "raise" else
            lambda *c: np.choose(CHOOSE_INDEX % 3, c)), nargs=3,
           dtypes=[float32, int8, (int8, float32, int8)],
           shapes=[((2, 3), (2, 3), (2, 3)), ((3,), (2, 3), ())],
           out_dtype=lambda *d: float32 if float32 in d else d[0])
      for mode in ("raise", "clip", "wrap")],
    _rec("piecewise", lambda x: jnp.piecewise(x, [x < -1, x > 1],
                                              [lambda t: t * t, lambda t: 2 * t, 0.5]),
         lambda x: np.piecewise(x, [x < -1, x > 1], [lambda t: t * t, lambda t: 2 * t, 0.5]),
         dtypes=[float32, int32], shapes=[(6,), (2, 3)]),
    _rec("piecewise-default-zero", lambda x: jnp.piecewise(x, [x < 0], [lambda t: -t]),
         lambda x: np.piecewise(x, [x < 0], [lambda t: -t]), dtypes=[float32],
         shapes=[(5,)]),
]

# --- function helpers ------------------------------------------------------------------------------

_dot_rows = jnp.vectorize(lambda a, b: jnp.sum(a * b), signature="(n),(n)->()")
_outer_add = jnp.vectorize(lambda a, b: a * b + 1)
_add = jnp.frompyfunc(lambda a, b: a + b, 2, 1, identity=0)
_mul = jnp.frompyfunc(lambda a, b: a * b, 2, 1)
AT_INDEX = np.array([0, 2, 0, 4])

FUNCTIONAL = [
    _rec("vectorize-signature", _dot_rows, lambda a, b: np.sum(a * b, axis=-1), nargs=2,
         dtypes=[float32], shapes=[((3, 4), (4,)), ((2, 1, 4), (3, 4))], tol=1e-5),
    _rec("vectorize", _outer_add, lambda a, b: a * b + 1, nargs=2, dtypes=[float32, int8],
         shapes=[((3,), (2, 1)), ((), (4,))]),
    _rec("apply_along_axis", lambda a: jnp.apply_along_axis(lambda v: jnp.cumsum(v * v), 1, a),
         lambda a: np.apply_along_axis(lambda v: np.cumsum(v * v), 1, a), dtypes=[float32],
         shapes=[(2, 3), (2, 3, 4)], tol=1e-5),
    _rec("apply_along_axis-scalar",
         lambda a: jnp.apply_along_axis(lambda v: jnp.sum(v ** 3), 0, a),
         lambda a: np.apply_along_axis(lambda v: np.sum(v ** 3), 0, a), dtypes=[float32],
         shapes=[(3, 4)], tol=1e-5),
    _rec("apply_over_axes", lambda a: jnp.apply_over_axes(jnp.sum, a, [0, 2]),
         lambda a: np.apply_over_axes(np.sum, a, [0, 2]), dtypes=[float32],
         shapes=[(2, 3, 4)], tol=1e-5),
    _rec("ufunc-call", _add, np.add, nargs=2, dtypes=[float32, int32],
         shapes=[((3,), (2, 1)), ((2, 3), ())]),
    _rec("ufunc-reduce", lambda a: _add.reduce(a, axis=1), lambda a: np.add.reduce(a, axis=1),
         dtypes=[float32, int32], shapes=[(2, 3), (3, 0, 2)], tol=1e-5),
    _rec("ufunc-reduce-no-identity", lambda a: _mul.reduce(a, axis=None, keepdims=True),
         lambda a: np.multiply.reduce(a, axis=None, keepdims=True), dtypes=[float32],
         shapes=[(2, 3)], rng=rand_positive, tol=1e-5),
    _rec("ufunc-accumulate", lambda a: _mul.accumulate(a, axis=-1),
         lambda a: np.multiply.accumulate(a, axis=-1), dtypes=[float32, int8],
         shapes=[(2, 3), (4,)], tol=1e-5),
    _rec("ufunc-at", lambda a, b: _add.at(a, AT_INDEX, b, inplace=False),
         lambda a, b: _on_copy(np.add.at)(a, AT_INDEX, b), nargs=2, dtypes=[float32, int32],
         shapes=[((5,), ()), ((5,), (4,))]),
    _rec("ufunc-outer", _mul.outer, np.multiply.outer, nargs=2, dtypes=[float32],
         shapes=[((3,), (2,)), ((2, 2), (3,))]),
    _rec("ufunc-reduceat", lambda a: _add.reduceat(a, np.array([0, 3, 1, 4])),
         lambda a: np.add.reduceat(a, np.array([0, 3, 1, 4])), dtypes=[float32, int32],
         shapes=[(6,)]),
]

RECORDS = DIFFERENCES + CONVOLUTION + TRIANGLES + COMPARISONS + PLACEMENT + SELECTION + \
    FUNCTIONAL
