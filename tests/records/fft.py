"""Op records for the fft primitive (lax.fft), wax.numpy.fft, wax.scipy.fft and
wax.scipy.signal, against numpy.fft, scipy.fft and scipy.signal.

Expected dtypes are JAX's (x64 off), written by hand: every transform of a real or
integer input computes in complex64, so fft-like results are complex64 and the real
results (irfft, hfft, dct, ...) float32; scipy.signal keeps the inputs' inexact dtype
(integers become float32). Every function here is linear (or, for welch/csd, quadratic),
so every record with float32 among its dtypes also gets the gradient checks; their
complex-input gradients are in tests/fft/test_fft_lax.py.
"""
import numpy as np
import pytest

import wax.numpy as jnp
from wax import lax
from wax.scipy import fft as wfft
from wax.scipy import signal as wsignal

from . import OpRecord, bfloat16, complex64, float16, float32, int8, int32, to

C64 = to(complex64)
F32 = to(float32)


def _scipy(name: str):
    """A SciPy submodule for a reference, or a skip when SciPy is not installed."""
    return pytest.importorskip(f"scipy.{name}", reason="SciPy gives the reference values")


def _record(name, op, ref, dtypes, shapes, out_dtype, nargs=1, **kw):
    return OpRecord(name, op, ref, nargs, dtypes, shapes, out_dtype=out_dtype, **kw)


# --- lax.fft ---------------------------------------------------------------------------------

def _trailing(x, k):
    return tuple(x.shape[len(x.shape) - k:])


def _lax_records():
    out = []
    for k in (1, 2, 3):
        shapes = [(8,), (3, 5), (2, 3, 4)][k - 1:] + [(2, 2, 3, 5)][: k == 3]
        out.append(_record(
            f"lax.fft-fft{k}", lambda x, k=k: lax.fft(x, "fft", _trailing(x, k)),
            lambda x, k=k: np.fft.fftn(x, axes=tuple(range(-k, 0))),
            [complex64, float32, float16], shapes, C64))
        out.append(_record(
            f"lax.fft-ifft{k}", lambda x, k=k: lax.fft(x, lax.FftType.IFFT, _trailing(x, k)),
            lambda x, k=k: np.fft.ifftn(x, axes=tuple(range(-k, 0))),
            [complex64, float32], shapes, C64))
        out.append(_record(
            f"lax.fft-rfft{k}", lambda x, k=k: lax.fft(x, "RFFT", _trailing(x, k)),
            lambda x, k=k: np.fft.rfftn(x, axes=tuple(range(-k, 0))),
            [float32, int8], shapes, C64))

        def irfft(x, k=k):  # odd last length: 2m - 1 points from m frequencies
            lengths = _trailing(x, k)[:-1] + (2 * x.shape[-1] - 1,)
            return lax.fft(x, "irfft", lengths)

        def irfft_ref(x, k=k):
            lengths = x.shape[x.ndim - k:-1] + (2 * x.shape[-1] - 1,)
            return np.fft.irfftn(x, s=lengths, axes=tuple(range(-k, 0)))
        out.append(_record(f"lax.fft-irfft{k}", irfft, irfft_ref, [complex64, float32],
                           shapes, F32))
    return out


# --- jnp.fft -------------------------------------------------------------------------------

def _jnp(name, dtypes, shapes, out_dtype, **params):
    wax_fn = getattr(jnp.fft, name)
    np_fn = getattr(np.fft, name)

    def ref(x, **p):
        if p.get("s") is not None and p.get("axes") is None:  # NumPy wants them explicit
            p = dict(p, axes=tuple(range(-len(p["s"]), 0)))
        return np_fn(x, **p)
    label = "-".join(f"{k}={v}" for k, v in params.items())
    return OpRecord(f"jnp.fft.{name}-{label}", wax_fn, ref, 1, dtypes, shapes,
                    out_dtype=out_dtype, params=params)


_CX = [complex64, float32]
_REAL = [float32, int32]
_ALL_IN = [float32, complex64, int32, bfloat16]
_NORMS = [None, "ortho", "forward", "backward"]

_NUMPY_RECORDS = [
    _jnp("fft", _ALL_IN, [(8,), (3, 5)], C64),
    *[_jnp("fft", [float32], [(3, 5)], C64, norm=norm) for norm in _NORMS[1:]],
    _jnp("fft", _CX, [(7,), (2, 6)], C64, n=4),
    _jnp("fft", _CX, [(5,), (3, 4)], C64, n=9, axis=0, norm="ortho"),
    _jnp("ifft", _CX, [(8,), (2, 5)], C64),
    *[_jnp("ifft", [complex64], [(2, 5)], C64, norm=norm) for norm in _NORMS[1:]],
    _jnp("ifft", _CX, [(2, 5, 3)], C64, n=6, axis=1, norm="forward"),
    _jnp("rfft", _REAL, [(8,), (3, 7)], C64),
    *[_jnp("rfft", [float32], [(3, 7)], C64, norm=norm) for norm in _NORMS[1:]],
    _jnp("rfft", [float32], [(4, 6)], C64, n=5, axis=0),
    _jnp("irfft", _CX, [(5,), (3, 4)], F32),
    *[_jnp("irfft", [float32], [(3, 4)], F32, norm=norm) for norm in _NORMS[1:]],
    _jnp("irfft", _CX, [(4,), (2, 5)], F32, n=7),
    _jnp("irfft", _CX, [(3, 4)], F32, n=3, axis=0, norm="ortho"),
    _jnp("hfft", _CX, [(5,), (3, 4)], F32),
    *[_jnp("hfft", [float32], [(3, 4)], F32, norm=norm) for norm in _NORMS[1:]],
    _jnp("hfft", _CX, [(3, 4)], F32, n=7, axis=0),
    _jnp("ihfft", [float32], [(8,), (3, 7)], C64),
    *[_jnp("ihfft", [float32], [(3, 7)], C64, norm=norm) for norm in _NORMS[1:]],
    _jnp("ihfft", [float32], [(3, 4)], C64, n=5, axis=0),
    _jnp("fft2", _ALL_IN, [(4, 6), (2, 3, 5)], C64),
    _jnp("fft2", _CX, [(4, 6, 3)], C64, s=(3, 8), axes=(0, 2), norm="ortho"),
    _jnp("ifft2", _CX, [(4, 6), (2, 3, 5)], C64, norm="forward"),
    _jnp("rfft2", _REAL, [(4, 6), (2, 3, 5)], C64),
    _jnp("rfft2", [float32], [(4, 6, 3)], C64, s=(5, 4), axes=(2, 0)),
    _jnp("irfft2", _CX, [(4, 6), (2, 3, 5)], F32, norm="ortho"),
    _jnp("irfft2", _CX, [(4, 6, 3)], F32, s=(5, 3), axes=(0, 1)),
    _jnp("fftn", _ALL_IN, [(6,), (3, 4), (2, 3, 4), (2, 2, 3, 2)], C64),
    _jnp("fftn", _CX, [(3, 4, 5)], C64, s=(4, 3), norm="ortho"),
    _jnp("fftn", _CX, [(2, 3, 2, 3, 2)], C64, axes=(0, 1, 2, 4)),
    _jnp("ifftn", _CX, [(3, 4), (2, 2, 3, 2)], C64, norm="forward"),
    _jnp("ifftn", _CX, [(3, 4, 5)], C64, s=(2, 6), axes=(2, 0)),
    _jnp("rfftn", _REAL, [(6,), (3, 4), (2, 2, 3, 3)], C64),
    _jnp("rfftn", [float32], [(3, 4, 5)], C64, s=(4, 3), axes=(1, 0), norm="ortho"),
    _jnp("irfftn", _CX, [(4,), (3, 4), (2, 2, 3, 3)], F32),
    _jnp("irfftn", _CX, [(3, 4, 5)], F32, s=(4, 7), axes=(0, 2), norm="forward"),
    _jnp("fftshift", [float32, int32, complex64], [(5,), (4, 5)], None),
    _jnp("fftshift", [float32], [(4, 5, 3)], None, axes=(0, 2)),
    _jnp("fftshift", [float32], [(4, 5)], None, axes=1),
    _jnp("ifftshift", [float32, int32], [(5,), (4, 5)], None),
    _jnp("ifftshift", [float32], [(4, 5, 3)], None, axes=(-1, 0)),
]


# --- scipy.fft ------------------------------------------------------------------------------

def _dct(name, dtypes, shapes, out_dtype, **params):
    label = "-".join(f"{k}={v}" for k, v in params.items())
    return OpRecord(f"scipy.fft.{name}-{label}", getattr(wfft, name),
                    lambda x, **p: getattr(_scipy("fft"), name)(x, **p), 1, dtypes, shapes,
                    out_dtype=out_dtype, params=params)


_SCIPY_FFT_RECORDS = [
    _dct("dct", [float32, int32, float16], [(8,), (3, 7)], F32),
    _dct("dct", [float32], [(1,), (4, 5)], F32, norm="ortho", axis=0),
    _dct("dct", [float32], [(6,), (3, 4)], F32, n=9, norm="backward"),
    _dct("dct", [float32], [(6,), (3, 5)], F32, n=3, axis=-1),
    _dct("dct", [complex64], [(6,), (3, 5)], C64),
    _dct("idct", [float32, int32], [(8,), (3, 7)], F32),
    _dct("idct", [float32], [(1,), (5, 4)], F32, norm="ortho", axis=0),
    _dct("idct", [float32], [(5,)], F32, n=8),
    _dct("idct", [complex64], [(7,)], C64, norm="ortho"),
    _dct("dctn", [float32, int32], [(5,), (3, 4), (2, 3, 4)], F32),
    _dct("dctn", [float32], [(3, 4, 5)], F32, s=(6, 2), axes=(2, 0), norm="ortho"),
    _dct("dctn", [float32], [(3, 4, 5)], F32, s=(3, 6)),
    _dct("idctn", [float32, int32], [(5,), (3, 4), (2, 3, 4)], F32),
    _dct("idctn", [float32], [(3, 4, 5)], F32, axes=(1,), norm="ortho"),
]


# --- scipy.signal ---------------------------------------------------------------------------

def _signal(name, dtypes, shapes, out_dtype=None, nargs=2, tol=None, **params):
    label = "-".join(f"{k}={v}" for k, v in params.items())
    return OpRecord(f"scipy.signal.{name}-{label}", getattr(wsignal, name),
                    lambda *xs, **p: getattr(_scipy("signal"), name)(*xs, **p), nargs, dtypes,
                    shapes, out_dtype=out_dtype, params=params, tol=tol)


_PAIRS_1D = [((7,), (3,)), ((3,), (8,)), ((4,), (4,))]
_PAIRS_2D = [((4, 5), (2, 3)), ((2, 3), (4, 6)), ((3, 3), (3, 5))]
_MIXED = [(float32, float32), (int32, float32), (complex64, float32), (float16, float16)]


# complex64 values are checked in one mode per function here (every mode in double
# precision in tests/fft/test_scipy_signal.py).
_ONE_COMPLEX = {"full": [float32, complex64], "same": [float32], "valid": [float32]}


def _float_result(*dtypes_):
    if complex64 in dtypes_:
        return complex64
    inexact = [d for d in dtypes_ if d.kind == "f" or d == bfloat16]
    return inexact[0] if inexact else float32


def _welch_dtypes(*dtypes_):
    return [float32, float32]


_SIGNAL_RECORDS = [
    *[_signal("convolve", [float32], _PAIRS_1D + _PAIRS_2D, mode=mode)
      for mode in ("full", "same", "valid")],
    _signal("convolve", _MIXED, [((7,), (3,)), ((2, 3), (4, 6))], _float_result, mode="same"),
    _signal("convolve", [float32, complex64], _PAIRS_1D, method="fft", mode="same"),
    *[_signal("correlate", _ONE_COMPLEX[mode], [((7,), (3,)), ((3,), (8,))] + _PAIRS_2D[1:],
              mode=mode) for mode in ("full", "same", "valid")],
    _signal("correlate", [float32], _PAIRS_2D, method="direct", mode="valid"),
    *[_signal("fftconvolve", _ONE_COMPLEX[mode], _PAIRS_1D + _PAIRS_2D[:2], mode=mode)
      for mode in ("full", "same", "valid")],
    _signal("fftconvolve", [(int32, float32)], [((7,), (3,))], _float_result),
    _signal("fftconvolve", [float32], [((3, 7, 4), (3, 3, 4))], axes=1, mode="same"),
    _signal("fftconvolve", [float32], [((1, 4), (3, 1)), ((5, 1), (1, 1))]),
    *[_signal("convolve2d", _ONE_COMPLEX[mode], _PAIRS_2D, mode=mode)
      for mode in ("full", "same", "valid")],
    *[_signal("correlate2d", _ONE_COMPLEX[mode], _PAIRS_2D + [((3, 4), (3, 4))], mode=mode)
      for mode in ("full", "same", "valid")],
    _signal("detrend", [float32, int32, complex64], [(9,), (3, 8)], _float_result, nargs=1),
    _signal("detrend", [float32], [(4, 10)], nargs=1, bp=[3, 7], axis=1),
    _signal("detrend", [float32], [(6, 3)], nargs=1, type="constant", axis=0),
    _signal("welch", [float32, int32], [(40,), (2, 40)], _welch_dtypes, nargs=1, nperseg=8),
    _signal("welch", [float32], [(30, 2)], _welch_dtypes, nargs=1, nperseg=10, noverlap=3,
            nfft=12, axis=0, scaling="spectrum", detrend="linear"),
    _signal("welch", [float32], [(2, 33)], _welch_dtypes, nargs=1, nperseg=8,
            average="median"),
    _signal("csd", [float32], [((40,), (40,)), ((2, 36), (1, 36))],
            lambda *d: [float32, complex64], nperseg=8),
    _signal("stft", [float32], [(40,), (2, 30)], lambda *d: [float32, float32, complex64],
            nargs=1, nperseg=8),
    _signal("stft", [float32], [(30, 2)], lambda *d: [float32, float32, complex64],
            nargs=1, nperseg=7, noverlap=2, nfft=9, axis=0, boundary="even", padded=False),
]


def _istft_op(z, **params):
    return wsignal.istft(z, **params)


_ISTFT_RECORDS = [
    OpRecord("scipy.signal.istft", _istft_op,
             lambda z, **p: _scipy("signal").istft(z, **p), 1, [complex64, float32],
             [(5, 11), (2, 5, 9)], out_dtype=lambda *d: [float32, float32],
             params={"nperseg": 8}),
    OpRecord("scipy.signal.istft-axes", _istft_op,
             lambda z, **p: _scipy("signal").istft(z, **p), 1, [complex64, float32],
             [(9, 5)], out_dtype=lambda *d: [float32, float32],
             params={"nperseg": 8, "time_axis": 0, "freq_axis": 1}),
]

RECORDS = (_lax_records() + _NUMPY_RECORDS + _SCIPY_FFT_RECORDS + _SIGNAL_RECORDS
           + _ISTFT_RECORDS)
