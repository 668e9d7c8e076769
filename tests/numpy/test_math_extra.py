"""wax.numpy's differences, integration, correlation, covariance, comparisons, predicates,
printing, I/O, dtype names and the added Array methods (math_extra.py, comparisons.py,
io_dtypes.py, array_methods_extra.py): special cases the op-record table can't express
(empty and 0-d inputs, NaN results, x64), JAX's departures from NumPy, and errors.
Expected values come from NumPy or are written by hand; "JAX gives" notes were measured
with JAX 0.10.2."""
import ml_dtypes
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.core.errors import ConcretizationTypeError

from array_checks import check, check_type, raises

I32, F32, C64 = np.dtype(np.int32), np.dtype(np.float32), np.dtype(np.complex64)
BF16 = np.dtype(ml_dtypes.bfloat16)


def arr(values, dtype=np.float32):
    return jnp.asarray(np.asarray(values, dtype))


# --- diff, ediff1d, gradient, trapezoid -------------------------------------------------------

def test_diff_special_cases():
    a = arr(np.arange(6).reshape(2, 3) ** 2)
    assert jnp.diff(a, n=0) is a
    check(jnp.diff(a, n=5), np.zeros((2, 0)), F32)
    check(jnp.diff(arr([1, 4, 2], np.uint8)), [3, 254], np.uint8)  # wraps, as NumPy
    check(jnp.diff(jnp.asarray(np.array([True, False, True]))), [True, True], np.bool_)
    check(jnp.diff(arr([1, 4, 2], np.int8), prepend=0, append=arr([5])), [1, 3, -2, 3], F32)
    check(jnp.diff(a, prepend=1, axis=0), np.diff(np.asarray(a), prepend=1, axis=0), F32)
    with raises(ValueError, "order must be non-negative but got -1"):
        jnp.diff(a, n=-1)
    with raises(ValueError, "diff requires input that is at least one dimensional"):
        jnp.diff(jnp.float32(1))
    with raises(TypeError, "diff requires ndarray or scalar arguments"):
        jnp.diff([1, 2])


def test_ediff1d():
    i8 = arr([1, 4, 2], np.int8)
    check(jnp.ediff1d(i8, to_end=arr([100, 200], np.int32), to_begin=-1),
          [-1, 3, -2, 100, -56], np.int8)  # the ends are cast to ary's dtype (200 wraps)
    check(jnp.ediff1d(i8, to_end=2.5), [3, -2, 2], np.int8)
    check(jnp.ediff1d(arr([])), np.zeros(0), F32)
    with raises(TypeError, "sub does not accept dtype bool"):
        jnp.ediff1d(jnp.asarray(np.array([True, False])))


def test_gradient_special_cases():
    f = arr([1, 4, 9, 16, 25])
    check(jnp.gradient(f, 2.0), np.gradient(np.asarray(f), 2.0), F32)
    both = jnp.gradient(arr(np.arange(12.0).reshape(3, 4) ** 2), 1.0, 2.0, axis=(1, 0))
    expected = np.gradient(np.arange(12.0).reshape(3, 4) ** 2, 1.0, 2.0, axis=(1, 0))
    assert isinstance(both, list) and len(both) == 2
    for got, want in zip(both, expected):
        check(got, want, F32)
    check(jnp.gradient(arr([1, 3])), [2, 2], F32)
    assert jnp.gradient(jnp.float32(1)) == []
    check(jnp.gradient(arr([1, 4, 9], BF16)), [3, 4, 5], BF16)
    with raises(NotImplementedError, "The 'edge_order' argument to jnp.gradient"):
        jnp.gradient(f, edge_order=1)
    with raises(ValueError, "at least 2 elements are required"):
        jnp.gradient(arr([1]))
    with raises(TypeError, "Invalid number of spacing arguments 2"):  # (JAX's class)
        jnp.gradient(f, 1.0, 2.0)
    with raises(ValueError, "Spacing arrays must be 1D arrays or scalars"):
        jnp.gradient(f, np.ones((5, 1)))
    with raises(ValueError, "Spacing arrays must have the same length", "got 3"):
        jnp.gradient(f, np.arange(3.0))


def test_trapezoid_special_cases():
    check(jnp.trapezoid(arr([1, 4, 9], np.int8), dx=2), 18.0, F32)
    check(jnp.trapezoid(arr([1])), 0.0, F32)
    # An empty axis: NumPy gives 0, JAX 0.10.2 raises an IndexError (with x given, 0).
    with raises(IndexError, "index is out of bounds for axis 0 with size 0"):
        jnp.trapezoid(arr([]))
    check(jnp.trapezoid(arr([]), x=arr([])), 0.0, F32)
    check(jnp.trapezoid(arr([1, 2], BF16)), 1.5, BF16)
    with raises(ValueError, "trapezoid: dx must be a scalar"):
        jnp.trapezoid(arr([1, 2]), dx=np.ones(2))
    with raises(ValueError, "axis -1 is out of bounds for array of dimension 0"):
        jnp.trapezoid(jnp.float32(1))


# --- convolve, correlate ---------------------------------------------------------------------------

def test_convolve_correlate_against_numpy_with_swaps_and_complex():
    a = np.array([1 + 2j, 3 - 1j, 0.5j], np.complex64)
    v = np.array([1j, 2.0, -1 + 1j, 0.5, 3.0], np.complex64)
    for mode in ("full", "same", "valid"):
        for x, y in ((a, v), (v, a)):
            check(jnp.correlate(jnp.asarray(x), jnp.asarray(y), mode=mode),
                  np.correlate(x, y, mode=mode), C64)
            check(jnp.convolve(jnp.asarray(x), jnp.asarray(y), mode=mode),
                  np.convolve(x, y, mode=mode), C64)


def test_convolve_dtypes_options_and_errors():
    i8 = arr([100, 2, 3], np.int8)
    check(jnp.convolve(i8, arr([2, 1], np.int8)), [200, 104, 8, 3], F32)  # promoted to float
    out = jnp.convolve(i8, arr([2, 1], np.int8), preferred_element_type=np.float32,
                       precision=wax.lax.Precision.HIGHEST)
    check(out, [200, 104, 8, 3], F32)
    check(jnp.convolve(arr([1, 2], BF16), arr([1, 2], np.float16)), [1, 4, 4], F32)
    with raises(ValueError, "mode must be one of ['full', 'same', 'valid']"):
        jnp.convolve(arr([1, 2]), arr([1]), mode="x")
    with raises(ValueError, "convolve: inputs cannot be empty, got shapes (0,) and (1,)"):
        jnp.convolve(arr([]), arr([1]))
    with raises(ValueError, "correlate() only support 1-dimensional inputs"):
        jnp.correlate(arr(np.ones((2, 2))), arr([1]))
    check(wax.jit(jnp.convolve)(arr([1, 2, 3]), arr([0, 1, 0.5])), [0, 1, 2.5, 4, 1.5], F32)


# --- cov, corrcoef, unwrap -------------------------------------------------------------------------

def test_cov_special_cases():
    m = arr([[1, 2, 4], [0, 3, 1]])
    nan = np.float32(np.nan)
    check(jnp.cov(arr([])), nan, F32)  # JAX: NaN for an empty sample
    check(jnp.cov(arr(np.zeros((2, 0)))), np.full((2, 2), nan), F32)
    check(jnp.cov(arr([1])), nan, F32)
    check(jnp.cov(jnp.float32(1)), nan, F32)
    check(jnp.cov(arr(np.zeros((0, 3)))), np.zeros((0, 0)), F32)
    # Negative weights count as their absolute values (NumPy raises).
    check(jnp.cov(m, fweights=np.array([1, -2, 1])), np.cov(np.asarray(m),
                                                            fweights=[1, 2, 1]), F32)
    half = jnp.cov(m, dtype=np.float16)
    check_type(half, np.float16, shape=(2, 2))
    np.testing.assert_allclose(np.asarray(half, np.float64), np.cov(np.asarray(m)), rtol=2e-3)
    with raises(ValueError, "m has more than 2 dimensions"):
        jnp.cov(jnp.ones((2, 2, 2)))
    with raises(TypeError, "fweights must be integer."):
        jnp.cov(m, fweights=np.array([1.0, 2.0, 1.0]))
    with raises(RuntimeError, "incompatible numbers of samples and aweights"):
        jnp.cov(m, aweights=np.ones(2))
    with raises(ValueError, "cov: dtype must be a subclass of float or complex"):
        jnp.cov(m, dtype=np.int32)


def test_corrcoef_special_cases():
    check(jnp.corrcoef(arr([[1, 1, 1], [0, 3, 1]])), [[np.nan, np.nan], [np.nan, 1]], F32)
    check(jnp.corrcoef(arr(np.zeros((2, 0)))), np.full((2, 2), np.nan), F32)
    check(jnp.corrcoef(arr([1, 2, 4])), 1.0, F32)
    out = np.asarray(jnp.corrcoef(arr(np.random.default_rng(0).normal(size=(3, 6)))))
    assert np.all(np.abs(out) <= 1)  # clipped to [-1, 1]
    with raises(ValueError, "corrcoef: dtype must be a subclass of float or complex"):
        jnp.corrcoef(arr([1, 2]), dtype=np.int8)


def test_unwrap_dtypes_and_errors():
    # An integer input with an integer period stays integer (JAX); a float period floats.
    check(jnp.unwrap(jnp.asarray(np.array([0, 5, 9, 3, 8], np.int32)), period=10),
          [0, 5, 9, 13, 18], I32)
    check(jnp.unwrap(jnp.asarray(np.array([0, 5, 9, 3, 8], np.int32)), period=10.0),
          [0, 5, 9, 13, 18], F32)
    check(jnp.unwrap(jnp.asarray(np.array([True, False]))), [1, 0], F32)
    check(jnp.unwrap(arr([])), np.zeros(0), F32)
    with raises(ValueError, "jnp.unwrap does not support complex inputs."):
        jnp.unwrap(arr([1j, 2], np.complex64))


def test_x64_results():
    with wax.enable_x64():
        p = np.array([0.0, 3.0, 6.5, -3.0, 2.0])
        check(jnp.unwrap(jnp.asarray(p)), np.unwrap(p), np.float64)
        m = np.array([[1.0, 2.0, 4.0], [0.0, 3.0, 1.0]])
        check(jnp.cov(jnp.asarray(m)), np.cov(m), np.float64)
        check(jnp.gradient(jnp.asarray(np.array([1, 4, 9]))), [3, 4, 5], np.float64)
        check(jnp.trapezoid(jnp.asarray(np.array([1, 2, 4]))), 4.5, np.float64)
        check(jnp.indices((2,)), [[0, 1]], np.int64)
        check(jnp.r_[1:3, 5], [1, 2, 5], np.int64)
        check(jnp.convolve(jnp.asarray(np.array([1, 2])), jnp.asarray(np.array([1, 1]))),
              [1, 3, 2], np.float64)


# --- triangles, nextafter ----------------------------------------------------------------------------

def test_tril_triu_and_nextafter():
    with raises(ValueError, "Argument to jax.numpy.tril must be at least 2D"):
        jnp.tril(jnp.arange(3))
    with raises(TypeError, "triu requires ndarray or scalar arguments"):
        jnp.triu([[1, 2], [3, 4]])
    with raises(ConcretizationTypeError, "'k' argument of jnp.tril"):
        wax.jit(jnp.tril)(jnp.ones((2, 2)), 1)
    check(jnp.triu(arr(np.ones((2, 2))) * 2.0, 1), [[0, 2], [0, 0]], F32)
    check(jnp.nextafter(1, 2), np.nextafter(np.float32(1), np.float32(2)), F32, weak=True)
    check(jnp.nextafter(jnp.asarray(np.array([True])), jnp.asarray(np.array([False]))),
          [np.nextafter(np.float32(1), np.float32(0))], F32)
    with raises(TypeError, "nextafter does not accept dtype complex64"):
        jnp.nextafter(1j, 2)
    with raises(TypeError, "nextafter requires ndarray or scalar arguments"):
        jnp.nextafter([1.0], 2.0)


# --- comparisons and predicates ----------------------------------------------------------------------

def test_array_comparisons():
    nan2 = arr([1, np.nan])
    check(jnp.allclose(nan2, nan2), False, np.bool_)
    check(jnp.allclose(nan2, nan2, equal_nan=True), True, np.bool_)
    check(jnp.allclose(jnp.ones((2, 3)), 1.0), True, np.bool_)
    with raises(TypeError, "allclose requires ndarray or scalar arguments"):
        jnp.allclose([1.0], [1.0])
    check(jnp.array_equal(jnp.arange(2), arr([0, 1])), True, np.bool_)
    check(jnp.array_equal(jnp.arange(2), jnp.arange(2).reshape(1, 2)), False, np.bool_)
    check(jnp.array_equal(nan2, nan2, equal_nan=True), True, np.bool_)
    check(jnp.array_equal([1, 2], [1, 2]), True, np.bool_)  # lists are converted here
    check(wax.jit(jnp.array_equal)(jnp.arange(2), jnp.arange(2)), True, np.bool_)
    check(jnp.array_equiv(jnp.arange(2), jnp.asarray(np.array([[0, 1], [0, 1]]))), True,
          np.bool_)
    # Shapes that do not broadcast raise in JAX 0.10.2 (NumPy returns False).
    with raises(TypeError, "eq got incompatible shapes for broadcasting: (2,), (3,)"):
        jnp.array_equiv(jnp.arange(2), jnp.arange(3))


def test_type_predicates():
    check(jnp.iscomplex(1j), True, np.bool_, weak=True)  # as JAX: imag of a weak complex
    assert [jnp.iscomplexobj(v) for v in (1j, jnp.ones(2), [1j], None, "a")] == \
        [True, False, True, False, False]
    assert [jnp.isrealobj(v) for v in (1j, jnp.ones(2), [1.0], None)] == \
        [False, True, True, True]
    values = (1, jnp.asarray(1), np.float32(1), np.array(1), [1], "a", jnp.ones(2), None, True)
    assert [jnp.isscalar(v) for v in values] == \
        [True, True, True, True, False, True, False, False, True]
    assert [jnp.iterable(v) for v in (1, [1], jnp.ones(2), jnp.asarray(1))] == \
        [False, True, True, False]


@pytest.mark.parametrize("dtype,kind,expected", [
    (jnp.float32, "real floating", True), (jnp.bfloat16, "real floating", True),
    (jnp.int8, ("integral", "bool"), True), (jnp.int8, jnp.int8, True),
    (jnp.float32, "numeric", True), (jnp.complex64, "complex floating", True),
    (jnp.uint8, "unsigned integer", True), (jnp.bool_, "numeric", False),
    (np.dtype("float32"), "signed integer", False), ("float32", "numeric", True),
    (jnp.float8_e4m3fn, "real floating", True), (jnp.int4, "signed integer", True),
    (jnp.uint4, "integral", True), (jnp.float32, "float32", True),
    (jnp.float32, np.float64, False)])
def test_isdtype(dtype, kind, expected):
    assert jnp.isdtype(dtype, kind) is expected


def test_isdtype_errors():
    with raises(ValueError, "Unrecognized kind='foo'"):
        jnp.isdtype(jnp.float32, "foo")
    with raises(TypeError, "Expected kind to be a dtype, string, or tuple; got kind=3"):
        jnp.isdtype(jnp.float32, 3)


# --- printing, I/O, conversion ---------------------------------------------------------------------

def test_printing():
    x = arr([1.5, 2.25])
    # JAX's array_repr is NumPy's, which names the class (ArrayImpl) and shows no weak type.
    assert jnp.array_repr(x) == "ArrayImpl([1.5 , 2.25], dtype=float32)"
    assert jnp.array_repr(x, precision=1) == "ArrayImpl([1.5, 2.2], dtype=float32)"
    assert jnp.array_repr(np.ones(2)) == "array([1., 1.])"
    assert jnp.array_str(x, precision=1) == "[1.5 2.2]"
    assert jnp.get_printoptions() == np.get_printoptions()
    with jnp.printoptions(precision=2):
        assert repr(arr([1 / 3])) == "Array([0.33], dtype=float32)"
        assert jnp.get_printoptions()["precision"] == 2
    with raises(TypeError, "cannot print the values of a traced array"):
        wax.jit(jnp.array_str)(x)


def test_einsum_path_describes_einsums_order():
    ops = [np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 5))]
    path, text = jnp.einsum_path("ij,jk,kl->il", *ops)
    # JAX 0.10.2's default ('auto') takes the cheapest order for up to four operands:
    # (ij,jk) then (ik,kl) costs 2 * 24 + 2 * 40 = 128 operations, (jk,kl) first 180.
    assert path == [(0, 1), (0, 1)]
    assert jnp.einsum_path("ij,jk,kl->il", *ops, optimize="greedy")[0] == [(1, 2), (0, 1)]
    assert "Complete contraction:  ij,jk,kl->il" in text
    assert jnp.einsum_path("ij,jk,kl->il", *ops, optimize=False)[0] == [(0, 1), (0, 1)]
    assert jnp.einsum_path("ij,jk,kl->il", *ops, optimize=[(0, 1), (0, 1)])[0] == \
        [(0, 1), (0, 1)]
    assert jnp.einsum_path("ii->i", np.ones((3, 3)))[0] == [(0,)]


def test_buffers_strings_files(tmp_path):
    check(jnp.frombuffer(b"\x01\x02\x03", dtype=jnp.uint8, count=2, offset=1), [2, 3], np.uint8)
    check(jnp.frombuffer(np.ones(2).tobytes()), [1, 1], F32)  # float64 bytes, canonicalized
    check(jnp.fromstring("1,2,3", dtype=int, sep=","), [1, 2, 3], I32)
    with raises(NotImplementedError, "jnp.fromiter() is not implemented"):
        jnp.fromiter(range(3), float)
    with raises(NotImplementedError, "jnp.fromfile() is not implemented"):
        jnp.fromfile(str(tmp_path / "x"))
    path = tmp_path / "a.npy"
    jnp.save(path, jnp.arange(3.0))
    check(jnp.load(path), [0, 1, 2], F32)
    jnp.savez(tmp_path / "b.npz", x=jnp.arange(2))
    with jnp.load(tmp_path / "b.npz") as data:
        np.testing.assert_array_equal(data["x"], [0, 1])


def test_astype_and_from_dlpack():
    check(jnp.astype(arr([1.5, -2.7]), jnp.int32), [1, -2], I32)
    check(jnp.astype(jnp.arange(3), None), [0, 1, 2], F32)  # None: the default float
    check(jnp.astype(1.5, jnp.int32), 1, I32)
    with pytest.warns(UserWarning, match="Explicitly requested dtype int64"):
        check(jnp.astype(arr([1.5]), jnp.int64), [1], I32)
    with pytest.warns(DeprecationWarning, match="Casting from complex to real"):
        jnp.astype(arr([1 + 1j], np.complex64), jnp.float32)
    with raises(TypeError, "astype requires ndarray or scalar arguments"):
        jnp.astype([1.5], jnp.int32)
    check(jnp.from_dlpack(np.arange(3.0)), [0, 1, 2], F32)
    check(jnp.from_dlpack(jnp.arange(3)), [0, 1, 2], I32)
    with raises(TypeError, "does not implement the DLPack protocol"):
        jnp.from_dlpack([1])


def test_dtype_names():
    assert jnp.bool is jnp.bool_
    check(jnp.bool(1), True, np.bool_)
    assert jnp.zeros(2, jnp.bool).dtype == np.bool_
    assert (jnp.object_, jnp.character, jnp.flexible) == (np.object_, np.character, np.flexible)
    assert jnp.ComplexWarning is np.exceptions.ComplexWarning
    check(jnp.int4(3), 3, np.dtype(ml_dtypes.int4))
    check(jnp.float8_e4m3fn(1.3), 1.25, np.dtype(ml_dtypes.float8_e4m3fn))
    assert jnp.zeros(3, jnp.uint2).dtype == np.dtype(ml_dtypes.uint2)
    for name in ("int1", "int2", "uint1", "uint4", "float4_e2m1fn", "float6_e2m3fn",
                 "float6_e3m2fn", "float8_e3m4", "float8_e4m3", "float8_e4m3b11fnuz",
                 "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float8_e8m0fnu"):
        assert getattr(jnp, name).dtype == np.dtype(getattr(ml_dtypes, name))


# --- Array methods -----------------------------------------------------------------------------------

@pytest.mark.parametrize("values,dtype", [
    (np.arange(4, dtype=np.int32), np.float32), (np.arange(4, dtype=np.int32), np.int16),
    (np.arange(8, dtype=np.int32).reshape(2, 4), np.uint8),
    (np.arange(4, dtype=np.int32), np.complex64), (np.array([0, 1, 2], np.uint8), np.bool_),
    (np.array([True, False]), np.int8), (np.array([1 + 2j, 3 - 1j], np.complex64), np.int16),
    (np.array([1 + 2j, 3 - 1j], np.complex64), np.float32),
    (np.array([1.5, -2.0], ml_dtypes.bfloat16), np.int16), (np.int32(5), np.float32)])
def test_view_matches_numpy(values, dtype):
    out = jnp.asarray(values).view(dtype)
    expected = np.asarray(values).view(dtype)
    assert out.dtype == expected.dtype and out.shape == expected.shape
    if expected.dtype == np.bool_:  # booleans come out canonical (0 or 1), as in JAX
        np.testing.assert_array_equal(np.asarray(out), expected)
    else:
        _assert_same_bytes(out, expected)


def _assert_same_bytes(out, expected):
    np.testing.assert_array_equal(np.atleast_1d(np.asarray(out)).view(np.uint8),
                                  np.atleast_1d(expected).view(np.uint8))


def test_view_errors_and_transforms():
    x = jnp.arange(4, dtype=jnp.int32)
    assert x.view() is x and x.view(np.int32) is x
    with raises(ValueError, "When changing to a larger dtype, its size must be a divisor"):
        jnp.arange(3, dtype=jnp.int32).view(jnp.complex64)
    with raises(ValueError, "view() of a 0d array is only supported if the itemsize is "
                "unchanged"):
        jnp.int32(5).view(jnp.int16)
    with raises(NotImplementedError, "`type` argument of array.view() is not supported"):
        x.view(type=np.ndarray)
    check(wax.jit(lambda x: x.view(jnp.int16))(x), np.arange(4, dtype=np.int32).view(np.int16),
          np.int16)
    check(wax.vmap(lambda r: r.view(jnp.uint8))(x.reshape(2, 2)),
          np.arange(4, dtype=np.int32).reshape(2, 2).view(np.uint8), np.uint8)


@pytest.mark.parametrize("values", [
    np.arange(4, dtype=np.int32), np.array([True]), np.array([1], np.uint8),
    np.array([1 + 2j], np.complex64), np.array([1.5], ml_dtypes.bfloat16),
    np.array([[1, -2], [3, 4]], np.int16), np.int32(1)])
def test_byteswap_matches_numpy(values):
    out = jnp.asarray(values).byteswap()
    expected = np.asarray(values).byteswap()
    assert out.dtype == expected.dtype and out.shape == expected.shape
    _assert_same_bytes(out, expected)


def test_delegating_methods():
    idx = jnp.asarray(np.array([0, 1]))
    check(idx.choose([arr([1, 2]), arr([3, 4])], mode="clip"), [1, 4], F32)
    check(jnp.asarray(np.array([[1, 2], [3, 4]])).compress(np.array([False, True]), axis=0),
          [[3, 4]], I32)
    check(jnp.asarray(np.array([1, 2, 3])).searchsorted(2, side="right"), 2, I32)
    parts = np.asarray(jnp.asarray(np.array([3, 1, 2, 0])).argpartition(2))
    assert sorted(np.array([3, 1, 2, 0])[parts][:2]) == [0, 1] and parts[2] == 2


def test_concrete_array_queries():
    y = arr(np.arange(6).reshape(2, 3))
    assert (y.committed, y.is_fully_addressable, y.is_fully_replicated, y.is_ready()) == \
        (False, True, True, True)
    assert y.on_device_size_in_bytes() == 24 and y.platform() == "cpu"
    assert y.tobytes() == np.arange(6, dtype=np.float32).reshape(2, 3).tobytes()
    assert isinstance(y.unsafe_buffer_pointer(), int) and y.traceback is None
    clone = y.clone()
    y2 = arr([1, 2])
    y2.delete()
    check(clone, np.asarray(y), F32)
    shard, = y.addressable_shards
    assert shard.device == wax.devices()[0] and shard.replica_id == 0
    assert shard.index == (slice(None), slice(None))
    check(shard.data, np.asarray(y), F32)
    check(y.addressable_data(0), np.asarray(y), F32)
    assert len(y.global_shards) == 1
    with raises(IndexError, "index 1 out of range"):
        y.addressable_data(1)
    with raises(AttributeError, "arr.device_buffer has been deprecated"):
        y.device_buffer
    with raises(AttributeError, "arr.device_buffers has been deprecated"):
        y.device_buffers

    def inside(t):
        assert not hasattr(t, "committed")  # only concrete arrays have buffers
        check_type(t.view(jnp.int32), I32, shape=(2, 3))
        return t
    wax.jit(inside)(y)
