"""wax.scipy.signal against scipy.signal in double precision: every convolution mode and
operand order (real and complex), detrend with breakpoints, the spectral estimators with
their options, JAX's defaults where they differ from SciPy's (values recorded from JAX
0.10.2 in jax_fft_facts.json), and JAX's errors."""
import warnings

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.scipy import signal as ws

ss = pytest.importorskip("scipy.signal", reason="SciPy gives the reference values")
from fft_facts import FACTS, decode  # noqa: E402
RNG = np.random.default_rng(0)




def _data(shape, complex_):
    x = RNG.standard_normal(shape)
    return x + 1j * RNG.standard_normal(shape) if complex_ else x


PAIRS = [((7,), (3,)), ((3,), (8,)), ((4,), (4,)), ((1,), (5,)), ((5, 6), (2, 3)),
         ((2, 3), (5, 6)), ((3, 4), (3, 4)), ((3, 3), (3, 5)), ((2, 3, 4), (2, 2, 3))]


@pytest.mark.parametrize("name", ["convolve", "correlate", "fftconvolve"])
@pytest.mark.parametrize("shapes", PAIRS, ids=str)
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("complex_", [False, True])
def test_nd_convolutions_against_scipy(name, shapes, mode, complex_):
    a, b = _data(shapes[0], complex_), _data(shapes[1], complex_)
    with wax.enable_x64():
        got = getattr(ws, name)(jnp.asarray(a), jnp.asarray(b), mode=mode)
    expected = getattr(ss, name)(a, b, mode=mode)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("name", ["convolve2d", "correlate2d"])
@pytest.mark.parametrize("shapes", [p for p in PAIRS if len(p[0]) == 2], ids=str)
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("complex_", [False, True])
def test_2d_convolutions_against_scipy(name, shapes, mode, complex_):
    a, b = _data(shapes[0], complex_), _data(shapes[1], complex_)
    with wax.enable_x64():
        got = getattr(ws, name)(jnp.asarray(a), jnp.asarray(b), mode=mode)
    expected = getattr(ss, name)(a, b, mode=mode)
    assert got.shape == expected.shape
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("method", ["auto", "direct", "fft"])
def test_methods_agree(method):
    a, b = RNG.standard_normal((6, 5)), RNG.standard_normal((3, 2))
    with wax.enable_x64():
        got = ws.correlate(jnp.asarray(a), jnp.asarray(b), mode="same", method=method,
                           precision=lax.Precision.HIGHEST if method == "direct" else None)
    np.testing.assert_allclose(np.asarray(got), ss.correlate(a, b, mode="same"), rtol=1e-10,
                               atol=1e-10)


def test_dtypes():
    f32 = jnp.asarray(np.arange(5.0, dtype=np.float32))
    assert ws.convolve(jnp.arange(5), jnp.arange(2)).dtype == np.float32
    assert ws.convolve(f32.astype(np.float16), f32[:2].astype(np.float16)).dtype == np.float16
    assert ws.convolve(f32.astype(jnp.bfloat16), f32[:2].astype(jnp.bfloat16)).dtype == \
        jnp.bfloat16
    assert ws.correlate(f32.astype(np.complex64), f32).dtype == np.complex64
    assert ws.fftconvolve(jnp.arange(5), f32).dtype == np.float32
    out = ws.convolve(jnp.float32(2.0), jnp.float32(3.0))
    assert out.shape == () and float(out) == 6.0
    with pytest.raises(ValueError, match="RFFT input must be float32 or float64"):
        ws.fftconvolve(f32.astype(np.float16), f32.astype(np.float16))


def test_fftconvolve_axes():
    a, b = RNG.standard_normal((3, 7, 4)), RNG.standard_normal((3, 3, 4))
    with wax.enable_x64():
        for mode in ("full", "same", "valid"):
            for axes in (1, [1], (-2, 2)):
                b2 = b if axes != (-2, 2) else RNG.standard_normal((3, 3, 2))
                got = ws.fftconvolve(jnp.asarray(a), jnp.asarray(b2), mode=mode, axes=axes)
                expected = ss.fftconvolve(a, b2, mode=mode, axes=axes)
                np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-10, atol=1e-10)


def test_fftconvolve_of_an_empty_input_matches_jax():
    got = ws.fftconvolve(jnp.ones(0), jnp.ones(2))
    expected = decode(FACTS["fftconvolve_empty"]["result"])
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_convolutions_jit_vmap_and_grad():
    a = RNG.standard_normal((4, 9)).astype(np.float32)
    b = RNG.standard_normal(3).astype(np.float32)
    got = wax.jit(wax.vmap(lambda x: ws.convolve(x, b, mode="same")))(jnp.asarray(a))
    expected = np.stack([ss.convolve(x, b, mode="same") for x in a])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-5)
    grad = wax.grad(lambda k: jnp.sum(ws.fftconvolve(jnp.asarray(a[0]), k) ** 2))(
        jnp.asarray(b))
    full = ss.fftconvolve(a[0], b)
    np.testing.assert_allclose(np.asarray(grad),
                               2 * ss.correlate(full, a[0], mode="valid"), rtol=1e-4,
                               atol=1e-4)


@pytest.mark.parametrize("call,exc,message", [
    (lambda: ws.convolve(jnp.ones((3, 2)), jnp.ones((2, 3))), ValueError,
     "One input must be smaller than the other in every dimension."),
    (lambda: ws.correlate(jnp.ones((3, 2)), jnp.ones(2)), ValueError,
     "in1 and in2 must have the same number of dimensions"),
    (lambda: ws.convolve(jnp.ones(0), jnp.ones(2)), ValueError,
     "zero-size arrays not supported in convolutions, got shapes (0,) and (2,)."),
    (lambda: ws.convolve(jnp.ones(3), jnp.ones(2), mode="foo"), ValueError,
     "mode must be one of ['full', 'same', 'valid']"),
    (lambda: ws.convolve(jnp.ones(3), jnp.ones(2), method="foo"), ValueError,
     "Got method='foo'; expected 'auto', 'fft', or 'direct'."),
    (lambda: ws.convolve([1.0, 2.0], jnp.ones(2)), TypeError,
     "requires ndarray or scalar arguments"),
    (lambda: ws.fftconvolve(jnp.ones((3, 2)), jnp.ones(2)), ValueError,
     "in1 and in2 should have the same dimensionality"),
    (lambda: ws.fftconvolve(jnp.ones(3), jnp.ones(2), mode="foo"), ValueError,
     "mode must be one of ['same', 'full', 'valid']"),
    (lambda: ws.fftconvolve(jnp.ones((3, 5)), jnp.ones((1, 2)), axes=1), ValueError,
     "mapped axes must have same shape; got in1.shape=(3, 5) in2.shape=(1, 2) axes=(1,)"),
    (lambda: ws.fftconvolve(jnp.ones((3, 2)), jnp.ones((2, 3)), mode="valid"), ValueError,
     "For 'valid' mode, One input must be at least as large as the other in every "
     "dimension."),
    (lambda: ws.convolve2d(jnp.ones(3), jnp.ones(2)), ValueError,
     "convolve2d() only supports 2-dimensional inputs"),
    (lambda: ws.correlate2d(jnp.ones((3, 3)), jnp.ones((2, 2)), boundary="wrap"),
     NotImplementedError, "correlate2d() only supports boundary='fill', fillvalue=0"),
    (lambda: ws.convolve2d(jnp.ones((3, 3)), jnp.ones((2, 2)), fillvalue=1),
     NotImplementedError, "convolve2d() only supports boundary='fill', fillvalue=0"),
])
def test_convolution_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert message in str(info.value)


# --- detrend -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["constant", "linear"])
@pytest.mark.parametrize("bp", [0, 4, [2, 9], np.array([1, 5, 11])])
@pytest.mark.parametrize("axis", [-1, 0])
def test_detrend_against_scipy(kind, bp, axis):
    x = RNG.standard_normal((12, 12))
    with wax.enable_x64():
        got = ws.detrend(jnp.asarray(x), axis=axis, type=kind, bp=bp)
    np.testing.assert_allclose(np.asarray(got), ss.detrend(x, axis=axis, type=kind, bp=bp),
                               rtol=1e-10, atol=1e-10)


def test_detrend_dtypes_and_inputs():
    assert ws.detrend(jnp.arange(6)).dtype == np.float32
    assert ws.detrend(jnp.arange(6.0).astype(np.float16), type="constant").dtype == np.float16
    z = RNG.standard_normal(7) + 1j * RNG.standard_normal(7)
    with wax.enable_x64():
        np.testing.assert_allclose(np.asarray(ws.detrend(jnp.asarray(z))), ss.detrend(z),
                                   rtol=1e-10, atol=1e-10)
    got = ws.detrend([1.0, 2.0, 4.0])
    np.testing.assert_allclose(np.asarray(got), ss.detrend([1.0, 2.0, 4.0]), atol=1e-6)
    # A segment of one point keeps nothing (its line passes through it).
    np.testing.assert_allclose(np.asarray(ws.detrend(jnp.asarray([1.0, 3.0, 2.0]), bp=[2])),
                               [0.0, 0.0, 0.0], atol=1e-6)


@pytest.mark.parametrize("call,exc,message", [
    (lambda: ws.detrend(jnp.ones(6), type="foo"), ValueError,
     "Trend type must be 'linear' or 'constant'."),
    (lambda: ws.detrend(jnp.ones(6), bp=[7]), ValueError,
     "Breakpoints must be non-negative and less than length of data along given axis"),
    (lambda: ws.detrend(jnp.ones(6), bp=[-1]), ValueError, "Breakpoints must be non-negative"),
    (lambda: ws.detrend(jnp.ones(6), overwrite_data=True), NotImplementedError,
     "overwrite_data argument not implemented."),
    (lambda: ws.detrend(jnp.float32(1.0)), ValueError, "out of bounds"),
])
def test_detrend_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert message in str(info.value)


# --- spectral estimation --------------------------------------------------------------------

X = RNG.standard_normal((2, 100))
Y = RNG.standard_normal((2, 100))
WELCH_OPTIONS = [dict(nperseg=16), dict(nperseg=16, noverlap=4), dict(nperseg=15, nfft=20),
                 dict(nperseg=16, scaling="spectrum"), dict(nperseg=16, detrend="linear"),
                 dict(nperseg=16, average="median"), dict(nperseg=17, average="median"),
                 dict(nperseg=16, return_onesided=False), dict(nperseg=100),
                 dict(nperseg=16, window=("tukey", 0.3)), dict(nperseg=16, detrend=False),
                 dict(nperseg=8, window=np.hamming(8), fs=4.0),
                 dict(nperseg=16, detrend=lambda d: d - d.mean(axis=-1, keepdims=True))]


@pytest.mark.parametrize("options", WELCH_OPTIONS, ids=str)
def test_welch_and_csd_against_scipy(options):
    with wax.enable_x64():
        f1, p1 = ws.welch(jnp.asarray(X), **options)
        f2, p2 = ss.welch(X, **options)
        np.testing.assert_allclose(np.asarray(f1), f2, rtol=1e-12)
        np.testing.assert_allclose(np.asarray(p1), p2, rtol=1e-10, atol=1e-12)
        f1, p1 = ws.csd(jnp.asarray(X), jnp.asarray(Y), **options)
        f2, p2 = ss.csd(X, Y, **options)
        assert p1.dtype == np.complex128
        np.testing.assert_allclose(np.asarray(p1), p2, rtol=1e-10, atol=1e-12)


def test_spectra_along_other_axes_and_broadcast_pairs():
    with wax.enable_x64():
        x = RNG.standard_normal((60, 3))
        np.testing.assert_allclose(np.asarray(ws.welch(jnp.asarray(x), nperseg=16, axis=0)[1]),
                                   ss.welch(x, nperseg=16, axis=0)[1], rtol=1e-10)
        x, y = RNG.standard_normal((3, 50)), RNG.standard_normal((1, 50))
        np.testing.assert_allclose(np.asarray(ws.csd(jnp.asarray(x), jnp.asarray(y),
                                                     nperseg=10)[1]),
                                   ss.csd(x, y, nperseg=10)[1], rtol=1e-10, atol=1e-12)
        # Different lengths: the shorter input is zero-padded (SciPy's own padding fails
        # for broadcast pairs, so the reference pads first).
        y_short = y[:, :45]
        np.testing.assert_allclose(
            np.asarray(ws.csd(jnp.asarray(x), jnp.asarray(y_short), nperseg=10)[1]),
            ss.csd(x, np.pad(y_short, [(0, 0), (0, 5)]), nperseg=10)[1], rtol=1e-10,
            atol=1e-12)


def test_complex_input_switches_to_two_sided():
    z = RNG.standard_normal(64) + 1j * RNG.standard_normal(64)
    with wax.enable_x64():
        with pytest.warns(UserWarning, match="Input data is complex"):
            f1, p1 = ws.welch(jnp.asarray(z), nperseg=16)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f2, p2 = ss.welch(z, nperseg=16)
    np.testing.assert_allclose(np.asarray(p1), p2, rtol=1e-10, atol=1e-12)


STFT_OPTIONS = [dict(nperseg=16), dict(nperseg=16, noverlap=10), dict(nperseg=15, nfft=20),
                dict(nperseg=16, boundary=None, padded=False), dict(nperseg=16, boundary="even"),
                dict(nperseg=16, boundary="odd"), dict(nperseg=16, boundary="constant"),
                dict(nperseg=16, return_onesided=False), dict(nperseg=16, window="hamming"),
                dict(nperseg=9, noverlap=0, fs=3.0)]


@pytest.mark.filterwarnings("ignore:NOLA condition failed")  # SciPy's, on purpose here
@pytest.mark.parametrize("options", STFT_OPTIONS, ids=str)
def test_stft_and_istft_against_scipy(options):
    with wax.enable_x64():
        f1, t1, z1 = ws.stft(jnp.asarray(X), **options)
        f2, t2, z2 = ss.stft(X, **options)
        np.testing.assert_allclose(np.asarray(f1), f2, rtol=1e-12)
        np.testing.assert_allclose(np.asarray(t1), t2, rtol=1e-12)
        assert z1.shape == z2.shape and z1.dtype == np.complex128
        np.testing.assert_allclose(np.asarray(z1), z2, rtol=1e-10, atol=1e-12)
        inverse = {k: v for k, v in options.items() if k in ("nperseg", "noverlap", "nfft",
                                                             "window", "fs")}
        inverse["input_onesided"] = options.get("return_onesided", True)
        inverse["boundary"] = options.get("boundary", "zeros") is not None
        t1, x1 = ws.istft(jnp.asarray(z2), **inverse)
        t2, x2 = ss.istft(z2, **inverse)
        np.testing.assert_allclose(np.asarray(t1), t2, rtol=1e-12)
        assert x1.shape == x2.shape
        np.testing.assert_allclose(np.asarray(x1), x2, rtol=1e-10, atol=1e-12)


def test_stft_istft_other_axes_and_round_trip():
    with wax.enable_x64():
        x = RNG.standard_normal((40, 2))
        _, _, z1 = ws.stft(jnp.asarray(x), nperseg=8, axis=0)
        _, _, z2 = ss.stft(x, nperseg=8, axis=0)
        np.testing.assert_allclose(np.asarray(z1), z2, rtol=1e-10, atol=1e-12)
        _, x1 = ws.istft(jnp.asarray(z2), nperseg=8, time_axis=-1, freq_axis=0)
        _, x2 = ss.istft(z2, nperseg=8, time_axis=-1, freq_axis=0)
        np.testing.assert_allclose(np.asarray(x1), x2, rtol=1e-10, atol=1e-12)
    signal = RNG.standard_normal(64).astype(np.float32)
    _, _, z = ws.stft(jnp.asarray(signal), nperseg=16)
    _, back = ws.istft(z, nperseg=16)
    np.testing.assert_allclose(np.asarray(back)[:64], signal, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("fact,call", [
    ("welch_default_nperseg", lambda s, s2: ws.welch(s)),
    ("csd_default_nperseg", lambda s, s2: ws.csd(s, s2)),
    ("stft_default_nperseg_short", lambda s, s2: ws.stft(s[:40])),
])
def test_jax_defaults(fact, call):
    """nperseg=None uses the whole input (SciPy: 256), and stft's 256 is cut to a shorter
    input's length with a warning: values recorded from JAX."""
    sig = jnp.asarray(decode(FACTS["_inputs"]["sig"]))
    sig2 = jnp.asarray(decode(FACTS["_inputs"]["sig2"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = call(sig, sig2)
    for g, e in zip(got, FACTS[fact]["result"]):
        expected = decode(e)
        assert g.dtype == expected.dtype and g.shape == expected.shape
        scale = np.max(np.abs(expected)) if expected.size else 1.0
        np.testing.assert_allclose(np.asarray(g), expected, rtol=2e-4, atol=2e-5 * scale)


@pytest.mark.parametrize("name", ["hann", "hamming", "blackman", "bartlett", "boxcar"])
@pytest.mark.parametrize("n", [1, 2, 7, 16])
def test_windows_built_without_scipy_match_get_window(name, n):
    x = RNG.standard_normal(40)
    with wax.enable_x64():
        _, got = ws.welch(jnp.asarray(x), window=name, nperseg=n, noverlap=0)
    np.testing.assert_allclose(np.asarray(got),
                               ss.welch(x, window=ss.get_window(name, n), noverlap=0)[1],
                               rtol=1e-10, atol=1e-14)


def test_stft_warns_when_nperseg_exceeds_the_input():
    with pytest.warns(UserWarning, match="nperseg=256 is greater than input_length=40"):
        ws.stft(jnp.ones(40))


def test_empty_input():
    with pytest.warns(UserWarning, match="using nperseg=0"):
        f, t, z = ws.stft(jnp.zeros((0,)))
    assert f.shape == t.shape == z.shape == (0,) and z.dtype == np.complex64


@pytest.mark.parametrize("call,exc,message", [
    (lambda: ws.welch(jnp.ones(64), nperseg=0), ValueError, "nperseg must be a positive"),
    (lambda: ws.welch(jnp.ones(64), nperseg=8, noverlap=8), ValueError,
     "noverlap must be less than nperseg"),
    (lambda: ws.welch(jnp.ones(64), nperseg=8, nfft=4), ValueError,
     "nfft must be greater than or equal to nperseg"),
    (lambda: ws.welch(jnp.ones(64), nperseg=8, scaling="foo"), ValueError,
     "Unknown scaling: foo"),
    (lambda: ws.welch(jnp.ones(64), nperseg=8, average="foo"), ValueError,
     'average must be "median" or "mean", got foo'),
    (lambda: ws.welch(jnp.ones(64), nperseg=8, detrend=1), ValueError,
     "Unsupported detrend type: 1"),
    (lambda: ws.welch(jnp.ones(64), window=np.ones((2, 2))), ValueError,
     "window must be 1-D"),
    (lambda: ws.welch(jnp.ones(4), window=np.ones(8)), ValueError,
     "window is longer than input signal"),
    (lambda: ws.welch(jnp.ones(64), window=np.ones(8), nperseg=4), ValueError,
     "value specified for nperseg"),
    (lambda: ws.csd(jnp.ones((2, 64)), jnp.ones(64)), ValueError,
     "two-arguments must have the same rank (2 vs 1)."),
    (lambda: ws.csd(jnp.ones((2, 64)), jnp.ones((3, 64))), ValueError,
     "x and y cannot be broadcast together."),
    (lambda: ws.stft(jnp.ones(64), nperseg=8, boundary="foo"), ValueError,
     "Unknown boundary option 'foo'"),
    (lambda: ws.istft(jnp.ones(5)), ValueError, "Input stft must be at least 2d!"),
    (lambda: ws.istft(jnp.ones((5, 4)), time_axis=0, freq_axis=-2), ValueError,
     "Must specify differing time and frequency axes!"),
    (lambda: ws.istft(jnp.ones((5, 4)), nfft=4), ValueError,
     "FFT length (4) must be longer than nperseg (8)."),
    (lambda: ws.istft(jnp.ones((5, 4)), noverlap=8), ValueError,
     "noverlap must be less than nperseg"),
    (lambda: ws.istft(jnp.ones((5, 4)), window=np.ones(7)), ValueError,
     "window must have length of 8"),
])
def test_spectral_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert message in str(info.value)
