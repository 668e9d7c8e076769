"""wax.scipy.fft (dct, idct, dctn, idctn) against scipy.fft in double precision, the
round trip, dtypes, JAX's errors, and gradients/vmap through the transforms."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.scipy import fft as wfft
from wax.test_util import check_grads

sfft = pytest.importorskip("scipy.fft", reason="SciPy gives the reference values")
RNG = np.random.default_rng(0)


@pytest.mark.parametrize("name", ["dct", "idct"])
@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 8])
@pytest.mark.parametrize("norm", [None, "backward", "ortho"])
def test_one_d_against_scipy(name, size, norm):
    x = RNG.standard_normal((3, size))
    with wax.enable_x64():
        got = getattr(wfft, name)(jnp.asarray(x), norm=norm)
        assert got.dtype == np.float64
    np.testing.assert_allclose(np.asarray(got), getattr(sfft, name)(x, norm=norm),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["dct", "idct"])
@pytest.mark.parametrize("n,axis", [(2, 0), (9, 0), (3, -1), (10, 1)])
def test_n_and_axis(name, n, axis):
    x = RNG.standard_normal((5, 6))
    with wax.enable_x64():
        got = getattr(wfft, name)(jnp.asarray(x), n=n, axis=axis, norm="ortho")
    expected = getattr(sfft, name)(x, n=n, axis=axis, norm="ortho")
    assert got.shape == expected.shape
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["dctn", "idctn"])
@pytest.mark.parametrize("s,axes", [(None, None), (None, (0, 2)), ((3, 7), None),
                                    ((2, 6, 4), (2, 0, 1)), (None, (1,)), (5, None)])
@pytest.mark.parametrize("norm", [None, "ortho"])
def test_n_dimensional_against_scipy(name, s, axes, norm):
    x = RNG.standard_normal((4, 5, 6))
    with wax.enable_x64():
        got = getattr(wfft, name)(jnp.asarray(x), s=s, axes=axes, norm=norm)
    expected = getattr(sfft, name)(x, s=s, axes=axes, norm=norm)
    assert got.shape == expected.shape
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("norm", [None, "ortho"])
def test_round_trip(norm):
    x = RNG.standard_normal((3, 4, 5)).astype(np.float32)
    back = wfft.idctn(wfft.dctn(jnp.asarray(x), norm=norm), norm=norm)
    np.testing.assert_allclose(np.asarray(back), x, rtol=1e-5, atol=1e-5)


def test_complex_inputs_transform_parts_separately():
    z = RNG.standard_normal((2, 6)) + 1j * RNG.standard_normal((2, 6))
    with wax.enable_x64():
        for name in ("dct", "idct", "dctn", "idctn"):
            got = getattr(wfft, name)(jnp.asarray(z), norm="ortho")
            assert got.dtype == np.complex128
            np.testing.assert_allclose(np.asarray(got), getattr(sfft, name)(z, norm="ortho"),
                                       rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.int32, np.bool_, np.float16, jnp.bfloat16, np.float32])
def test_real_inputs_give_float32(dtype):
    x = jnp.asarray(np.array([1, 0, 1, 1]).astype(dtype))
    for name in ("dct", "idct", "dctn", "idctn"):
        out = getattr(wfft, name)(x)
        assert out.dtype == np.float32 and not out.weak_type


def test_x64_dtypes():
    with wax.enable_x64():
        assert wfft.dct(jnp.asarray(np.ones(4))).dtype == np.float64
        assert wfft.dct(jnp.asarray(np.ones(4, np.float32))).dtype == np.float32
        # JAX 0.10.2 under x64: int32 gives float32 for dct, idct, dctn and idctn (JAX's
        # to_inexact_dtype maps integers narrower than 64 bits to float32); int64 float64.
        for fun in (wfft.dct, wfft.idct, wfft.dctn, wfft.idctn):
            assert fun(jnp.asarray(np.ones(4, np.int32))).dtype == np.float32
        assert wfft.idct(jnp.asarray(np.ones(4, np.int64))).dtype == np.float64


def test_dctn_over_no_axes_returns_the_input():
    x = jnp.int32(3)
    out = wfft.dctn(x)
    assert out.dtype == np.int32 and int(out) == 3


@pytest.mark.parametrize("call,exc,message", [
    (lambda: wfft.dct(jnp.ones(4), type=3), NotImplementedError,
     "Only DCT type 2 is implemented."),
    (lambda: wfft.idctn(jnp.ones(4), type=1), NotImplementedError,
     "Only DCT type 2 is implemented."),
    (lambda: wfft.dct(jnp.ones(4), norm="forward"), ValueError,
     "jax.scipy.fft.dct: norm='forward' is not implemented"),
    (lambda: wfft.idct(jnp.ones(4), norm="bad"), ValueError, "norm='bad' is not implemented"),
    (lambda: wfft.dct([1.0, 2.0]), TypeError, "dct requires ndarray or scalar arguments"),
    (lambda: wfft.dct(jnp.float32(1.0)), ValueError,
     "axis -1 is out of bounds for array of dimension 0"),
    (lambda: wfft.dct(jnp.ones(3), axis=1), ValueError,
     "axis 1 is out of bounds for array of dimension 1"),
    (lambda: wfft.dct(jnp.ones(3), n=0), ValueError, "invalid number of data points (0)"),
    (lambda: wfft.dct(jnp.ones(0)), ValueError, "invalid number of data points (0)"),
    (lambda: wfft.dctn(jnp.ones((3, 4)), s=(3, 3, 3)), ValueError,
     "s must have at most x.ndim (2) elements, got 3"),
    (lambda: wfft.idctn(jnp.ones((3, 4)), s=(3, 3), axes=(0,)), ValueError,
     "have different lengths"),
])
def test_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("name", ["dct", "idct", "dctn", "idctn"])
def test_grads_and_vmap(name):
    x = RNG.standard_normal((3, 5))
    fun = getattr(wfft, name)
    with wax.enable_x64():
        check_grads(lambda v: fun(v, norm="ortho"), (x,), order=2)
    out = wax.vmap(lambda v: fun(v, norm="ortho"), in_axes=1)(jnp.asarray(x.astype(np.float32)))
    expected = np.stack([getattr(sfft, name)(row, norm="ortho") for row in x.T])
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-5, atol=1e-5)
