"""wax.numpy.fft beyond the op records: special inputs (empty, 0-d, length 1, n shorter
and longer than the axis), norms with x64 against numpy.fft at double precision, more
than three axes, JAX's dtype and error behaviour, the frequency helpers and shifts, and
values recorded from JAX 0.10.2 where JAX differs from NumPy (jax_fft_facts.json)."""

import numpy as np
import pytest

import wax
import wax.numpy as jnp

from fft_facts import FACTS, decode  # noqa: E402
RNG = np.random.default_rng(0)




def _complex(shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


ONE_D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]


@pytest.mark.parametrize("name", ONE_D)
@pytest.mark.parametrize("norm", [None, "backward", "ortho", "forward"])
@pytest.mark.parametrize("n", [None, 1, 4, 7, 12])
def test_one_d_in_x64_against_numpy(name, norm, n):
    x = _complex((3, 6)) if name in ("fft", "ifft", "irfft", "hfft") else \
        RNG.standard_normal((3, 6))
    with wax.enable_x64():
        got = getattr(jnp.fft, name)(jnp.asarray(x), n=n, axis=0 if n == 7 else -1,
                                     norm=norm)
    expected = getattr(np.fft, name)(x, n=n, axis=0 if n == 7 else -1, norm=norm)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-12)


_S_AXES = [(None, None), ((3, 5), None), ((4, 2), (0, 2)), (None, (2, 0)), ((6,), (-1,))]


@pytest.mark.parametrize("name,s,axes", [
    (name, s, axes) for name in ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2",
                                 "irfft2"]
    for s, axes in _S_AXES if not name.endswith("2") or len(s or axes or (0, 1)) == 2])
def test_n_dimensional_in_x64_against_numpy(name, s, axes):
    x = _complex((3, 4, 5)) if "r" not in name or name.startswith("ir") else \
        RNG.standard_normal((3, 4, 5))
    kwargs = {} if s is None else {"s": s}
    if axes is not None:
        kwargs["axes"] = axes
    elif s is not None:
        kwargs["axes"] = tuple(range(-len(s), 0))  # NumPy 2 wants them explicit
    with wax.enable_x64():
        got = getattr(jnp.fft, name)(jnp.asarray(x), **{k: v for k, v in kwargs.items()
                                                       if k != "axes" or axes is not None})
    expected = getattr(np.fft, name)(x, **kwargs)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["fftn", "ifftn", "rfftn", "irfftn"])
@pytest.mark.parametrize("shape,axes", [((2, 3, 2, 4), None), ((2, 3, 2, 3, 2), None),
                                        ((2, 2, 3, 2, 2, 3), (5, 0, 2, 1, 4)),
                                        ((3, 2, 2, 2), (3, 1, 0, 2))])
def test_more_than_three_axes(name, shape, axes):
    x = _complex(shape) if name in ("fftn", "ifftn", "irfftn") else RNG.standard_normal(shape)
    with wax.enable_x64():
        got = getattr(jnp.fft, name)(jnp.asarray(x), axes=axes)
    expected = getattr(np.fft, name)(x, axes=axes)
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-12)


def test_fftn_of_a_scalar_is_a_dtype_change():
    out = jnp.fft.fftn(jnp.float32(2.5))
    assert out.shape == () and out.dtype == np.complex64
    assert complex(out) == 2.5


@pytest.mark.parametrize("shape,expected_shape,name", [
    ((0,), (0,), "fft"), ((0, 3), (0, 3), "fft"), ((3, 0), (3, 0), "ifft"),
    ((1,), (0,), "irfft"), ((0,), (0,), "irfft"), ((2, 0), (2, 0), "irfft"),
    ((0, 4), (0, 3), "rfft")])
def test_empty_inputs(shape, expected_shape, name):
    out = getattr(jnp.fft, name)(jnp.zeros(shape))
    assert out.shape == expected_shape
    assert out.dtype == (np.float32 if name == "irfft" else np.complex64)


def test_irfft_of_one_frequency_matches_jax():
    out = jnp.fft.irfft(jnp.ones(1))
    expected = decode(FACTS["irfft_length1"]["result"])
    assert out.shape == expected.shape and out.dtype == expected.dtype


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.bool_, np.float16, jnp.bfloat16])
def test_integer_bool_and_half_inputs(dtype):
    x = np.array([1, 0, 1, 1, 0, 1]).astype(dtype)
    out = jnp.fft.fft(jnp.asarray(x))
    assert out.dtype == np.complex64
    np.testing.assert_allclose(np.asarray(out), np.fft.fft(x.astype(np.float64)), atol=1e-6)
    assert jnp.fft.irfft(jnp.asarray(x)).dtype == np.float32
    assert jnp.fft.hfft(jnp.asarray(x)).dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float16, jnp.bfloat16])
def test_real_transforms_refuse_half_floats_as_jax(dtype):
    x = jnp.asarray(np.ones(4, dtype))
    for fun in (jnp.fft.rfft, jnp.fft.ihfft, jnp.fft.rfftn):
        with pytest.raises(ValueError, match="RFFT input must be float32 or float64"):
            fun(x)


def test_float64_input_without_x64_is_complex64():
    out = jnp.fft.fft(np.arange(4.0))
    assert out.dtype == np.complex64 and not out.weak_type


def test_x64_dtypes():
    with wax.enable_x64():
        assert jnp.fft.fft(np.arange(4.0)).dtype == np.complex128
        assert jnp.fft.fft(np.arange(4, dtype=np.int64)).dtype == np.complex128
        assert jnp.fft.fft(np.arange(4, dtype=np.int32)).dtype == np.complex64
        assert jnp.fft.irfft(np.arange(4.0)).dtype == np.float64
        assert jnp.fft.fftfreq(4).dtype == np.float64
        assert jnp.fft.fftfreq(4, dtype=np.float32).dtype == np.float32


def test_python_scalar_inputs_are_not_weak():
    out = jnp.fft.fftn(3.0)
    assert out.dtype == np.complex64 and not out.weak_type


def test_backward_norm_multiplies_like_jax():
    """norm="backward" given explicitly multiplies by (1 + 0j): an infinite entry gets a
    NaN imaginary part there, unlike norm=None (JAX's behaviour)."""
    x = jnp.asarray(np.array([np.inf, 0, 0, 0], np.float32))
    for norm, fact in ((None, "fft_inf_norm_none"), ("backward", "fft_inf_norm_backward")):
        got = np.asarray(jnp.fft.fft(x, norm=norm))
        expected = decode(FACTS[fact]["result"])
        np.testing.assert_array_equal(got.real, expected.real)
        np.testing.assert_array_equal(np.isnan(got.imag), np.isnan(expected.imag))


@pytest.mark.parametrize("call,exc,message", [
    (lambda: jnp.fft.fft([1.0, 2.0]), TypeError,
     "jax.numpy.fft.fft requires ndarray or scalar arguments"),
    (lambda: jnp.fft.fft(jnp.ones(3), n=0), ValueError, "Shape should be positive"),
    (lambda: jnp.fft.fft(jnp.ones(3), n=-2), ValueError, "Shape should be positive"),
    (lambda: jnp.fft.fft(jnp.ones(3), axis=2), ValueError,
     "axis 2 is out of bounds for array of dimension 1"),
    (lambda: jnp.fft.fft(jnp.float32(1.0)), ValueError,
     "axis -1 is out of bounds for array of dimension 0"),
    (lambda: jnp.fft.fft(jnp.ones(3), axis=(0,)), ValueError,
     "jax.numpy.fft.fft does not support multiple axes. Please use jax.numpy.fft.fftn. "
     "Got axis = (0,)."),
    (lambda: jnp.fft.hfft(jnp.ones(3), axis=[0]), ValueError, "does not support multiple axes"),
    (lambda: jnp.fft.fft(jnp.ones(3), norm="bad"), ValueError,
     'Invalid norm value bad; should be "backward","ortho" or "forward".'),
    (lambda: jnp.fft.fft2(jnp.ones((3, 3, 3)), axes=(0, 1, 2)), ValueError,
     "jax.numpy.fft.fft2 only supports 2 axes. Got axes = (0, 1, 2)."),
    (lambda: jnp.fft.fftn(jnp.ones((3, 3)), axes=(0, -2)), ValueError,
     "jax.numpy.fft.fftn does not support repeated axes"),
    (lambda: jnp.fft.fftn(jnp.ones((3, 3)), s=(2,), axes=(0, 1)), ValueError,
     "Shape and axes have different lengths"),
    (lambda: jnp.fft.fftn(jnp.ones((3,)), s=(2, 2)), ValueError, "has more entries"),
    (lambda: jnp.fft.rfft(jnp.ones(3, np.complex64)), ValueError,
     "only real valued inputs supported for rfft"),
    (lambda: jnp.fft.fftfreq([4]), ValueError,
     "The n argument of jax.numpy.fft.fftfreq only takes an int. Got n = [4]."),
    (lambda: jnp.fft.rfftfreq(4, (0.5,)), ValueError,
     "The d argument of jax.numpy.fft.rfftfreq only takes a single value. Got d = [0.5]."),
    (lambda: jnp.fft.rfftfreq(4, dtype=bool), TypeError, "iota does not accept dtype bool"),
    (lambda: jnp.fft.fftshift([1, 2]), TypeError,
     "fftshift requires ndarray or scalar arguments, got <class 'list'> at position 0."),
])
def test_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 8])
@pytest.mark.parametrize("d", [1.0, 0.25])
def test_fftfreq_and_rfftfreq_against_numpy(n, d):
    got = jnp.fft.fftfreq(n, d)
    assert got.dtype == np.float32 and not got.weak_type
    np.testing.assert_allclose(np.asarray(got), np.fft.fftfreq(n, d) if n else [], rtol=1e-6)
    if n:
        got = jnp.fft.rfftfreq(n, d)
        assert got.dtype == np.float32
        np.testing.assert_allclose(np.asarray(got), np.fft.rfftfreq(n, d), rtol=1e-6)


def test_freq_helpers_take_array_spacing_and_trace():
    d = jnp.float32(0.5)
    np.testing.assert_allclose(np.asarray(jnp.fft.fftfreq(5, d)), np.fft.fftfreq(5, 0.5))
    traced = wax.jit(lambda d: jnp.fft.rfftfreq(6, d))(d)
    np.testing.assert_allclose(np.asarray(traced), np.fft.rfftfreq(6, 0.5))


@pytest.mark.parametrize("fact,call", [
    ("fftfreq_int32", lambda: jnp.fft.fftfreq(6, 0.1, dtype=jnp.int32)),
    ("fftfreq_complex64", lambda: jnp.fft.fftfreq(5, 0.5, dtype=jnp.complex64)),
    ("fftfreq_bool", lambda: jnp.fft.fftfreq(4, dtype=jnp.bool_)),
    ("rfftfreq_int32", lambda: jnp.fft.rfftfreq(6, 0.1, dtype=jnp.int32)),
    ("rfftfreq_n0", lambda: jnp.fft.rfftfreq(0)),
])
def test_freq_helper_dtypes_match_jax(fact, call):
    got = call()
    expected = decode(FACTS[fact]["result"])
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(np.asarray(got), expected)


@pytest.mark.parametrize("shape,axes", [((5,), None), ((4, 5), None), ((4, 5, 3), (0, 2)),
                                        ((4, 5), 1), ((3, 4), -1), ((0, 3), None)])
def test_shifts_against_numpy(shape, axes):
    x = np.arange(np.prod(shape)).reshape(shape).astype(np.int32)
    got = jnp.fft.fftshift(jnp.asarray(x), axes)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(np.asarray(got), np.fft.fftshift(x, axes))
    np.testing.assert_array_equal(np.asarray(jnp.fft.ifftshift(got, axes)), x)


def test_transforms_jit_and_vmap():
    x = RNG.standard_normal((3, 4, 6)).astype(np.float32)
    fun = wax.jit(lambda v: jnp.fft.irfft(jnp.fft.rfft(v, axis=0, norm="ortho"), n=3,
                                          axis=0, norm="ortho"))
    np.testing.assert_allclose(np.asarray(fun(jnp.asarray(x[:, 0]))), x[:, 0], atol=1e-5)
    got = wax.vmap(lambda v: jnp.fft.fft2(v, s=(3, 5)), in_axes=2, out_axes=1)(jnp.asarray(x))
    expected = np.moveaxis(np.fft.fft2(np.moveaxis(x, 2, 0), s=(3, 5)), 0, 1)
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-5)
