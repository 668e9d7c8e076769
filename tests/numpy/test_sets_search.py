"""wax.numpy's sets, searching, counting and histograms: facts recorded from JAX 0.10.2
(tests/data/jax_numpy_sets_poly.json), NumPy agreement without `size=` (eager, across
dtypes, empty arrays, NaNs), size=/fill_value= semantics, the errors under jit, x64.

The op records (tests/records/numpy_sets.py) check values, jit, grads and vmap with size=.
"""

import numpy as np
import pytest

import wax
import wax.lax
import wax.numpy as jnp
from wax.errors import ConcretizationTypeError

from sets_poly_facts import (BF16, DATA, NAMESPACE, POLY_AREA, check_raises_like_jax,  # noqa: E402
                             compare)


def cases(section, poly_area):
    return [pytest.param(expr, entry, id=expr[:110]) for expr, entry in DATA[section].items()
            if bool(POLY_AREA.search(expr)) == poly_area]


def tolerance(expr, dtype_eps=2 ** -23):
    # Bit-exact except where a float32 result goes through differently rounded steps
    # (density: XLA divides by the product of widths and total).
    return 4 * dtype_eps


@pytest.mark.parametrize("expr,entry", cases("cases", poly_area=False))
def test_matches_jax(expr, entry):
    rtol = 1e-3 if "float16" in expr else tolerance(expr)
    compare(expr, eval(expr, NAMESPACE), entry, rtol)


@pytest.mark.parametrize("expr,entry", cases("cases_x64", poly_area=False))
def test_matches_jax_x64(expr, entry):
    with wax.enable_x64():
        compare(expr, eval(expr, NAMESPACE), entry, tolerance(expr))


@pytest.mark.parametrize("expr,entry", [
    pytest.param(e, v, id=e[:110]) for e, v in DATA["errors"].items()
    if not POLY_AREA.search(e)])
def test_raises_like_jax(expr, entry):
    check_raises_like_jax(expr, entry)


# --- NumPy agreement without size= (eager) -----------------------------------------------

DTYPES = [np.float32, np.float16, BF16, np.int32, np.int8, np.uint8, np.bool_]


def sample(shape, dtype, seed=0, nan=False):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype) == np.bool_:
        return rng.random(shape) < 0.5
    x = rng.integers(0 if np.dtype(dtype).kind == "u" else -3, 4, size=shape).astype(dtype)
    if nan:
        x = x.astype(dtype)
        x.reshape(-1)[::3] = np.nan
    return x


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(0,), (1,), (9,), (3, 4)])
def test_unique_matches_numpy(dtype, shape):
    x = sample(shape, dtype)
    got = jnp.unique(jnp.asarray(x), return_index=True, return_inverse=True,
                     return_counts=True)
    want = np.unique(x, return_index=True, return_inverse=True, return_counts=True)
    for g, w, d in zip(got, want, [x.dtype, np.int32, np.int32, np.int32]):
        assert g.dtype == d
        np.testing.assert_array_equal(np.asarray(g).astype(np.float64),
                                      np.asarray(w).reshape(g.shape).astype(np.float64))


@pytest.mark.parametrize("equal_nan", [True, False])
def test_unique_nans_follow_numpy(equal_nan):
    x = np.array([2., np.nan, -0., 0., np.nan, 2., 1.], np.float32)
    got = jnp.unique(jnp.asarray(x), return_counts=True, equal_nan=equal_nan)
    want = np.unique(x, return_counts=True, equal_nan=equal_nan)
    np.testing.assert_array_equal(np.asarray(got[0]), want[0])
    np.testing.assert_array_equal(np.asarray(got[1]), want[1])


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_unique_along_an_axis_matches_numpy(axis):
    x = sample((6, 4), np.int32, seed=3) % 2
    got = jnp.unique(jnp.asarray(x), return_index=True, return_inverse=True,
                     return_counts=True, axis=axis)
    want = np.unique(x, return_index=True, return_inverse=True, return_counts=True,
                     axis=axis)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(np.asarray(g), np.asarray(w).reshape(g.shape))


SETOPS = [(jnp.union1d, np.union1d), (jnp.intersect1d, np.intersect1d),
          (jnp.setdiff1d, np.setdiff1d), (jnp.setxor1d, np.setxor1d)]


@pytest.mark.parametrize("ops", SETOPS, ids=lambda o: o[0].__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.int8, np.uint8, np.bool_])
@pytest.mark.parametrize("shapes", [((7,), (5,)), ((0,), (4,)), ((2, 3), (0,)), ((0,), (0,))])
def test_set_operations_match_numpy(ops, dtype, shapes):
    ours, theirs = ops
    a, b = sample(shapes[0], dtype, 1), sample(shapes[1], dtype, 2)
    got = ours(jnp.asarray(a), jnp.asarray(b))
    want = theirs(a, b)
    assert got.dtype == want.dtype or (dtype == np.bool_ and got.dtype == np.bool_)
    np.testing.assert_array_equal(np.asarray(got), want)


@pytest.mark.parametrize("assume_unique", [False, True])
def test_set_operations_with_nans_match_numpy(assume_unique):
    a = np.array([np.nan, 1., 3., 2.], np.float32)
    b = np.array([3., np.nan, 5.], np.float32)
    for ours, theirs in SETOPS[1:]:
        got = ours(jnp.asarray(a), jnp.asarray(b), assume_unique=assume_unique)
        np.testing.assert_array_equal(np.asarray(got), theirs(a, b,
                                                              assume_unique=assume_unique))


def test_intersect1d_indices_match_numpy():
    a, b = sample((9,), np.int32, 4), sample((7,), np.int32, 5)
    got = jnp.intersect1d(jnp.asarray(a), jnp.asarray(b), return_indices=True)
    for g, w in zip(got, np.intersect1d(a, b, return_indices=True)):
        np.testing.assert_array_equal(np.asarray(g), w)


@pytest.mark.parametrize("method", ["auto", "compare_all", "binary_search", "sort"])
@pytest.mark.parametrize("dtype", [np.float32, np.int8, np.bool_, BF16])
def test_isin_matches_numpy(method, dtype):
    a, b = sample((3, 4), dtype, 6), sample((5,), dtype, 7)
    for invert in (False, True):
        got = jnp.isin(jnp.asarray(a), jnp.asarray(b), invert=invert, method=method)
        np.testing.assert_array_equal(np.asarray(got), np.isin(a, b, invert=invert))


def test_setdiff1d_with_size_counts_nans_as_jax():
    # JAX 0.10.2 counts the unique values as those unequal to the first one; when every
    # value is NaN that first one equals nothing, so each NaN counts (NumPy keeps one).
    got = jnp.setdiff1d(jnp.asarray([np.nan, np.nan]), jnp.asarray([1.]), size=3)
    np.testing.assert_array_equal(np.asarray(got), [np.nan, np.nan, 0.])
    got = jnp.setdiff1d(jnp.asarray([np.nan, 2., np.nan]), jnp.asarray([1.]), size=3)
    np.testing.assert_array_equal(np.asarray(got), [2., np.nan, 0.])  # one NaN here
    got = jnp.setdiff1d(jnp.asarray([np.nan, np.nan]), jnp.asarray([1.]))  # no size: one
    np.testing.assert_array_equal(np.asarray(got), [np.nan])
    got = wax.jit(lambda a: jnp.setdiff1d(a, jnp.asarray([1.]), size=3))(
        jnp.asarray([np.nan, np.nan]))
    np.testing.assert_array_equal(np.asarray(got), [np.nan, np.nan, 0.])


# --- size= and fill_value= --------------------------------------------------------------

X = np.array([4, 1, 4, 2, 1, 7, 7, 7], np.int32)


@pytest.mark.parametrize("size", [0, 2, 4, 6])
def test_unique_size_cuts_or_pads(size):
    values, index, inverse, counts = jnp.unique(jnp.asarray(X), True, True, True, size=size)
    full = np.unique(X, return_index=True, return_counts=True)
    n = min(size, 4)
    np.testing.assert_array_equal(np.asarray(values)[:n], full[0][:n])
    np.testing.assert_array_equal(np.asarray(values)[n:], np.full(size - n, 1))
    np.testing.assert_array_equal(np.asarray(index)[:n], full[1][:n])
    np.testing.assert_array_equal(np.asarray(index)[n:], np.full(size - n, 1))
    np.testing.assert_array_equal(np.asarray(counts)[:n], full[2][:n])
    np.testing.assert_array_equal(np.asarray(counts)[n:], np.zeros(size - n))
    np.testing.assert_array_equal(np.asarray(inverse), np.unique(X, return_inverse=True)[1])


def test_size_and_fill_value_under_jit_and_vmap():
    fun = wax.jit(lambda x: jnp.unique(x, size=5, fill_value=-1))
    np.testing.assert_array_equal(np.asarray(fun(jnp.asarray(X))), [1, 2, 4, 7, -1])
    batch = jnp.asarray(np.stack([X, X[::-1] % 3]))
    got = wax.vmap(lambda x: jnp.union1d(x, x[:2], size=5, fill_value=9))(batch)
    np.testing.assert_array_equal(np.asarray(got), [[1, 2, 4, 7, 9], [1, 2, 9, 9, 9]])


def test_fill_value_is_cast_to_the_result_dtype():
    got = jnp.unique(jnp.asarray([2, 1], jnp.int8), size=3, fill_value=2.7)
    assert got.dtype == np.int8
    np.testing.assert_array_equal(np.asarray(got), [1, 2, 2])


def test_unique_of_a_constant_works_inside_jit():
    # The input is concrete, so its number of unique values is known while tracing.
    constant = jnp.asarray(X)
    got = wax.jit(lambda y: jnp.unique(constant) + y)(1)
    np.testing.assert_array_equal(np.asarray(got), [2, 3, 5, 8])


@pytest.mark.parametrize("fun", [
    lambda x: jnp.unique(x), lambda x: jnp.unique_counts(x), lambda x: jnp.union1d(x, x),
    lambda x: jnp.intersect1d(x, x), lambda x: jnp.setdiff1d(x, x),
    lambda x: jnp.setxor1d(x, x), lambda x: jnp.argwhere(x),
    lambda x: jnp.bincount(x), lambda x: jnp.trim_zeros(x),
])
def test_value_dependent_shapes_need_size_under_jit(fun):
    with pytest.raises(ConcretizationTypeError, match="Abstract tracer value") as info:
        wax.jit(fun)(jnp.asarray(X))
    assert "int32[8]" in str(info.value)
    with pytest.raises(ConcretizationTypeError):
        wax.vmap(fun)(jnp.asarray(np.stack([X, X])))


def test_gradients_flow_only_with_size():
    # As JAX 0.10.2: without size= the input's concrete value is taken as a constant, so
    # the gradient is 0; with size= the values are gathered, and the gradient flows.
    x = jnp.asarray([3., 1., 3., 2.])
    for fun, want in ((lambda x, **kw: jnp.unique(x, **kw), [3., 1., 0., 2.]),
                      (lambda x, **kw: jnp.setdiff1d(x, jnp.asarray([2.]), **kw), [2., 1., 0., 0.]),
                      (lambda x, **kw: jnp.intersect1d(x, jnp.asarray([3., 2.]), **kw),
                       [2., 0., 0., 1.])):
        without = wax.grad(lambda x: (fun(x) * jnp.arange(1., 1. + fun(x).size)).sum())(x)
        np.testing.assert_array_equal(np.asarray(without), np.zeros(4))
        n = fun(x).size
        sized = wax.grad(lambda x: (fun(x, size=n) * jnp.arange(1., 1. + n)).sum())(x)
        np.testing.assert_array_equal(np.asarray(sized), want)


def test_size_must_be_static():
    with pytest.raises(ConcretizationTypeError, match="size argument of jnp.unique"):
        wax.jit(lambda x, n: jnp.unique(x, size=n))(jnp.asarray(X), 3)


# --- searching --------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16, np.int8, np.uint8, np.bool_,
                                   np.complex64])
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_methods_agree_with_numpy(dtype, side):
    rng = np.random.default_rng(11)
    a = np.sort(sample((9,), dtype, 8))
    v = sample((3, 5), dtype, 9)
    if np.dtype(dtype).kind in "fc" or dtype == BF16:
        # (sorted through complex128: NumPy's sort misplaces bfloat16 NaNs)
        a = np.sort(np.concatenate([a, np.array([np.nan, -0.0], dtype)]).astype(
            np.complex128 if np.dtype(dtype).kind == "c" else np.float64)).astype(dtype)
        v.reshape(-1)[rng.integers(0, v.size, 3)] = np.nan
    want = np.searchsorted(a.astype(np.complex128 if np.dtype(dtype).kind == "c" else
                                    np.float64), v.astype(np.complex128 if
                                                          np.dtype(dtype).kind == "c" else
                                                          np.float64), side=side)
    for method in ("scan", "scan_unrolled", "compare_all", "sort"):
        eager = jnp.searchsorted(jnp.asarray(a), jnp.asarray(v), side=side, method=method)
        jitted = wax.jit(lambda a, v: jnp.searchsorted(a, v, side=side, method=method))(
            jnp.asarray(a), jnp.asarray(v))
        for got in (eager, jitted):
            assert got.dtype == np.int32 and got.shape == v.shape
            np.testing.assert_array_equal(np.asarray(got), want, err_msg=method)


def test_searchsorted_sorter_and_scalars():
    a = np.array([30, 10, 20])
    sorter = np.argsort(a)
    got = jnp.searchsorted(jnp.asarray(a), jnp.asarray([25, 5]), sorter=jnp.asarray(sorter))
    np.testing.assert_array_equal(np.asarray(got), np.searchsorted(a, [25, 5], sorter=sorter))
    assert jnp.searchsorted(jnp.asarray([1., 2.]), 1.5).shape == ()


@pytest.mark.parametrize("right", [False, True])
def test_digitize_matches_numpy(right):
    x = np.array([-1., 0., 0.5, 1., 2., 2.5, 3., np.inf, np.nan], np.float32)
    for bins in (np.array([0., 1., 2., 3.]), np.array([3., 2., 1., 0.]), np.array([1., 1.])):
        got = jnp.digitize(jnp.asarray(x), jnp.asarray(bins, np.float32), right=right)
        np.testing.assert_array_equal(np.asarray(got), np.digitize(x, bins, right=right))


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.int8, np.bool_])
def test_bincount_matches_numpy(dtype):
    x = np.abs(sample((12,), dtype, 3)).astype(dtype)
    weights = np.linspace(0, 1, 12).astype(np.float32)
    got = jnp.bincount(jnp.asarray(x), minlength=6)
    np.testing.assert_array_equal(np.asarray(got), np.bincount(x.astype(int), minlength=6))
    got = jnp.bincount(jnp.asarray(x), jnp.asarray(weights))
    np.testing.assert_allclose(np.asarray(got), np.bincount(x.astype(int), weights),
                               rtol=1e-6)


def test_bincount_clips_negatives_and_drops_past_length():
    x = jnp.asarray([-3, 0, 2, 9])
    np.testing.assert_array_equal(np.asarray(jnp.bincount(x, length=3)), [2, 0, 1])
    np.testing.assert_array_equal(np.asarray(wax.jit(lambda x: jnp.bincount(x, length=3))(x)),
                                  [2, 0, 1])


@pytest.mark.parametrize("params", [{}, {"bins": 3}, {"bins": 4, "range": (-1, 2)},
                                    {"bins": 5, "density": True},
                                    {"bins": np.array([-3., -1., 0., 2.5])}])
@pytest.mark.parametrize("dtype", [np.float32, np.int32])
def test_histogram_matches_numpy(params, dtype):
    a = np.random.default_rng(5).uniform(-3, 3, 40).astype(dtype)
    weights = np.random.default_rng(6).uniform(0, 1, 40).astype(np.float32)
    for w in (None, weights):
        counts, edges = jnp.histogram(jnp.asarray(a), weights=None if w is None else
                                      jnp.asarray(w), **params)
        want_counts, want_edges = np.histogram(a, weights=w, **params)
        assert counts.dtype == np.float32 and edges.dtype == np.float32
        np.testing.assert_allclose(np.asarray(edges), want_edges, rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(np.asarray(counts), want_counts, rtol=1e-5, atol=1e-6)


def test_histogram2d_and_dd_match_numpy():
    rng = np.random.default_rng(7)
    x, y = rng.uniform(0, 1, 30).astype(np.float32), rng.uniform(-1, 1, 30).astype(np.float32)
    hist, xe, ye = jnp.histogram2d(jnp.asarray(x), jnp.asarray(y), bins=[3, 4],
                                   range=[(0, 1), None], density=True)
    want = np.histogram2d(x, y, bins=[3, 4], range=[(0, 1), None], density=True)
    for g, w in zip((hist, xe, ye), want):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-5, atol=1e-6)
    sample3 = rng.normal(size=(25, 3)).astype(np.float32)
    hist, edges = jnp.histogramdd(jnp.asarray(sample3), bins=(2, 3, 4))
    want, want_edges = np.histogramdd(sample3, bins=(2, 3, 4))
    assert hist.dtype == np.int32  # JAX counts without weights in integers
    np.testing.assert_array_equal(np.asarray(hist), want)
    for g, w in zip(edges, want_edges):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-6, atol=1e-6)


def test_histogram_runs_under_jit_with_bins_from_the_data():
    a = jnp.asarray([1., 5., 3., 3.])
    counts, edges = wax.jit(lambda a: jnp.histogram(a, bins=2))(a)
    np.testing.assert_array_equal(np.asarray(counts), [1., 3.])
    np.testing.assert_array_equal(np.asarray(edges), [1., 3., 5.])


@pytest.mark.parametrize("shape", [(0,), (5,), (2, 3), (2, 0, 3)])
def test_argwhere_matches_numpy(shape):
    a = sample(shape, np.int32, 2) * (np.arange(np.prod(shape)).reshape(shape) % 2)
    got = jnp.argwhere(jnp.asarray(a))
    assert got.dtype == np.int32
    np.testing.assert_array_equal(np.asarray(got), np.argwhere(a))


@pytest.mark.parametrize("kth", [0, 3, -1])
@pytest.mark.parametrize("dtype", [np.float32, np.int8, np.uint8])
def test_partition_splits_at_kth(kth, dtype):
    a = sample((3, 7), dtype, 8)
    part = np.asarray(jnp.partition(jnp.asarray(a), kth))
    idx = np.asarray(jnp.argpartition(jnp.asarray(a), kth))
    k = kth % 7
    np.testing.assert_array_equal(np.sort(part, -1), np.sort(a, -1))
    np.testing.assert_array_equal(part[:, k], np.sort(a, -1)[:, k])
    assert np.all(part[:, :k] <= part[:, k:k + 1]) and np.all(part[:, k + 1:] >= part[:, k:k + 1])
    np.testing.assert_array_equal(np.take_along_axis(a, idx, -1)[:, k], np.sort(a, -1)[:, k])
    np.testing.assert_array_equal(np.sort(idx, -1), np.tile(np.arange(7), (3, 1)))


@pytest.mark.parametrize("dtype", [np.float32, np.int8, np.bool_, BF16])
def test_lexsort_matches_numpy(dtype):
    keys = [sample((3, 6), dtype, s) for s in (1, 2, 3)]
    for axis in (-1, 0):
        got = jnp.lexsort([jnp.asarray(k) for k in keys], axis=axis)
        np.testing.assert_array_equal(np.asarray(got),
                                      np.lexsort([k.astype(np.float64) for k in keys],
                                                 axis=axis))


@pytest.mark.parametrize("mode", ["clip", "wrap", "raise"])
@pytest.mark.parametrize("order", ["C", "F"])
def test_ravel_and_unravel_match_numpy(mode, order):
    rng = np.random.default_rng(1)
    dims = (3, 4, 5)
    index = [rng.integers(-4 if mode != "raise" else 0, d + (3 if mode != "raise" else 0),
                          size=(2, 3)) for d in dims]
    got = jnp.ravel_multi_index([jnp.asarray(i) for i in index], dims, mode=mode,
                                order=order)
    np.testing.assert_array_equal(np.asarray(got),
                                  np.ravel_multi_index(index, dims, mode=mode, order=order))
    flat = np.arange(60).reshape(3, 20)
    for g, w in zip(jnp.unravel_index(jnp.asarray(flat), dims), np.unravel_index(flat, dims)):
        np.testing.assert_array_equal(np.asarray(g), w)


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("bitorder", ["big", "little"])
def test_packbits_roundtrip_matches_numpy(axis, bitorder):
    bits = sample((3, 13), np.bool_, 4)
    packed = jnp.packbits(jnp.asarray(bits), axis=axis, bitorder=bitorder)
    want = np.packbits(bits, axis=axis, bitorder=bitorder)
    np.testing.assert_array_equal(np.asarray(packed), want)
    count = bits.size if axis is None else bits.shape[axis]
    unpacked = jnp.unpackbits(packed, axis=axis, count=count, bitorder=bitorder)
    np.testing.assert_array_equal(np.asarray(unpacked),
                                  np.unpackbits(want, axis=axis, count=count,
                                                bitorder=bitorder))


def test_interp_matches_numpy_and_extrapolates():
    xp = np.array([0., 1., 1.5, 4.], np.float32)
    fp = np.array([1., -1., 2., 0.], np.float32)
    x = np.linspace(-1, 5, 25).astype(np.float32)
    np.testing.assert_allclose(np.asarray(jnp.interp(jnp.asarray(x), xp, fp)),
                               np.interp(x, xp, fp), rtol=1e-6, atol=1e-6)
    got = jnp.interp(jnp.asarray([-1., 5.]), xp, fp, left="extrapolate", right="extrapolate")
    np.testing.assert_allclose(np.asarray(got), [3., 0. + (5. - 4.) * (0. - 2.) / 2.5],
                               rtol=1e-6)
    complex_fp = fp + 1j * fp[::-1]
    np.testing.assert_allclose(np.asarray(jnp.interp(jnp.asarray(x), xp, complex_fp)),
                               np.interp(x, xp, complex_fp), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("trim", ["fb", "f", "b", "F"])
def test_trim_zeros_matches_numpy(trim):
    a = np.array([[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 2, 0]])
    for filt in (a[1], a[0], np.array([0., -0., 3., 0.]), a):
        for axis in (None, 0, -1) if filt.ndim == 2 else (None,):
            got = jnp.trim_zeros(jnp.asarray(filt), trim, axis=axis)
            np.testing.assert_array_equal(np.asarray(got), np.trim_zeros(filt, trim, axis=axis))


def test_x64_index_dtypes():
    with wax.enable_x64():
        x = jnp.asarray(X)
        assert [r.dtype for r in jnp.unique(x, True, True, True)] == [np.int32] + [np.int64] * 3
        assert jnp.argwhere(x).dtype == np.int64
        assert jnp.bincount(x).dtype == np.int64
        assert jnp.searchsorted(x, 3).dtype == np.int32
        assert jnp.argpartition(x, 2).dtype == np.int32
        # JAX's inexact type of int32 stays float32 with x64; int64 gives float64
        assert jnp.histogram(x)[0].dtype == np.float32
        assert jnp.histogram(x.astype(np.int64))[0].dtype == np.float64


# --- bad arguments ----------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,fragments", [
    (lambda: jnp.searchsorted(jnp.ones((2, 2)), 1.), ValueError, ["1-dimensional"]),
    (lambda: jnp.searchsorted(jnp.ones(2), 1., side="up"), ValueError, ["side='up'"]),
    (lambda: jnp.digitize(jnp.ones(2), jnp.ones((2, 3))), ValueError, ["(2, 3)", "float32"]),
    (lambda: jnp.bincount(jnp.ones(3)), TypeError, ["integer type", "float32"]),
    (lambda: jnp.bincount(jnp.ones((2, 2), jnp.int32)), ValueError, ["(2, 2)"]),
    (lambda: jnp.bincount(jnp.arange(2), jnp.ones(3)), ValueError,
     ["int32[2]", "float32[3]"]),
    (lambda: jnp.histogram(jnp.ones(3), weights=jnp.ones(2)), ValueError, ["(3,)", "(2,)"]),
    (lambda: jnp.histogramdd(jnp.ones(3)), ValueError, ["(N, D)", "(3,)"]),
    (lambda: jnp.partition(jnp.ones(3), 3), ValueError, ["kth 3", "dimension 3"]),
    (lambda: jnp.lexsort((jnp.ones(2), jnp.ones(3))), ValueError, ["(2,)", "(3,)"]),
    (lambda: jnp.unpackbits(jnp.ones(2, jnp.int32)), TypeError, ["unsigned byte", "int32"]),
    (lambda: jnp.packbits(jnp.ones(2)), TypeError, ["integer or boolean", "float32"]),
    (lambda: jnp.interp(jnp.ones(2), jnp.ones(3), jnp.ones(2)), ValueError, ["equal size"]),
    (lambda: jnp.unique([1, 2]), TypeError, ["unique", "list"]),
    (lambda: jnp.isin(jnp.ones(2), jnp.ones(2), method="fast"), ValueError, ["'fast'"]),
])
def test_bad_arguments(call, exc, fragments):
    with pytest.raises(exc) as info:
        call()
    for fragment in fragments:
        assert fragment in str(info.value), (fragment, str(info.value))
