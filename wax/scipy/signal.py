"""wax.scipy.signal on wax arrays, with JAX's semantics.

Convolutions: `convolve`/`correlate` (method "direct"/"auto") and `convolve2d`/
`correlate2d` run one lax.conv_general_dilated whose padding picks the requested window
of the full convolution (negative padding crops); the smaller operand is the kernel.
`fftconvolve` (and method="fft") multiplies spectra (rfftn for real input). As in JAX,
inputs must have the same rank and one must be at least as large as the other in every
dimension; integers and bools are convolved as the default float. `correlate2d` keeps
SciPy's own conventions ("same" centres on the in2 // 2 lag; "valid" with a larger in2
is conjugated).

`detrend` removes a mean or a least-squares line per segment between breakpoints (the
line is fitted in closed form around the segment's centre). The spectral estimators
(`csd`, `welch`, `stft`, `istft`) follow SciPy's algorithm with JAX's defaults (nperseg
None means the whole input). Hann, Hamming, Blackman, Bartlett and boxcar windows are
built here; other window names come from SciPy's get_window, imported only then (arrays
work as they are).
"""
from __future__ import annotations

import math
import operator
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core import dtypes
from ..core.avals import canonicalize_axis
from ..numpy._promote import check_arraylike, convert_to
from ..primitives.fft import complex_dtype

ModeString = Literal["full", "same", "valid"]
_MODES = ("full", "same", "valid")


# --- argument handling --------------------------------------------------------------------

def _promote_inexact(name: str, *args):
    """The arrays in their common dtype, made inexact (integers: the default float)."""
    check_arraylike(name, *args)
    dtype, weak = dtypes.result_type_and_weak(*args)
    if not dtypes.is_inexact(dtype):
        dtype = dtypes.default_float_dtype()
    return [convert_to(a, dtype, weak) for a in args]


def _same_rank(in1, in2, message: str) -> None:
    if in1.ndim != in2.ndim:
        raise ValueError(f"{message}, got shapes {in1.shape} and {in2.shape}")


def _ordered(in1, in2, message: str) -> tuple[bool, bool]:
    """(in1 >= in2 everywhere, in1 <= in2 everywhere); neither raises `message`."""
    larger = all(a >= b for a, b in zip(in1.shape, in2.shape))
    smaller = all(a <= b for a, b in zip(in1.shape, in2.shape))
    if not (larger or smaller):
        raise ValueError(f"{message} Got shapes {in1.shape} and {in2.shape}.")
    return larger, smaller


def _windows(mode: str, shape1, shape2):
    """(start, size) per dimension of the `mode` output inside the full convolution."""
    if mode == "full":
        return [(0, a + b - 1) for a, b in zip(shape1, shape2)]
    if mode == "same":
        return [((b - 1) // 2, a) for a, b in zip(shape1, shape2)]
    return [(min(a, b) - 1, abs(a - b) + 1) for a, b in zip(shape1, shape2)]


# --- direct convolution -----------------------------------------------------------------

def _convolve_window(x, k, windows, precision):
    """The part [start, start + size) per dimension of the full convolution of x and k,
    as one conv_general_dilated (a correlation with the flipped kernel)."""
    ndim = x.ndim
    if ndim == 0:
        return lax.mul(x, k)
    if math.prod(k.shape) > math.prod(x.shape):
        x, k = k, x  # the convolution commutes: the smaller operand is the kernel
    padding = []
    for n, m, (start, size) in zip(x.shape, k.shape, windows):
        low = m - 1 - start
        padding.append((low, size - n - low + m - 1))
    lhs = lax.reshape(x, (1, 1) + x.shape)
    rhs = lax.reshape(lax.rev(k, tuple(range(ndim))), (1, 1) + k.shape)
    out = lax.conv_general_dilated(lhs, rhs, (1,) * ndim, padding, precision=precision)
    return lax.reshape(out, out.shape[2:])


def _checked_pair(name: str, in1, in2, mode):
    if mode not in _MODES:
        raise ValueError("mode must be one of ['full', 'same', 'valid']")
    check_arraylike(name, in1, in2)
    if np.ndim(in1) != np.ndim(in2):
        raise ValueError(f"in1 and in2 must have the same number of dimensions, got shapes "
                         f"{np.shape(in1)} and {np.shape(in2)}")
    if np.size(in1) == 0 or np.size(in2) == 0:
        raise ValueError(f"zero-size arrays not supported in convolutions, got shapes "
                         f"{np.shape(in1)} and {np.shape(in2)}.")
    in1, in2 = _promote_inexact(name, in1, in2)
    _ordered(in1, in2, "One input must be smaller than the other in every dimension.")
    return in1, in2


def _convolve_direct(name, in1, in2, mode, precision):
    in1, in2 = _checked_pair(name, in1, in2, mode)
    return _convolve_window(in1, in2, _windows(mode, in1.shape, in2.shape), precision)


def _flipped_conjugate(name: str, x):
    check_arraylike(name, x)
    x = jnp.asarray(x)
    return jnp.flip(jnp.conj(x))


def convolve(in1, in2, mode: ModeString = "full", method: str = "auto", precision=None):
    """The N-D convolution of in1 and in2 ("auto" and "direct": one lax convolution)."""
    if method == "fft":
        return fftconvolve(in1, in2, mode=mode)
    if method not in ("direct", "auto"):
        raise ValueError(f"Got method={method!r}; expected 'auto', 'fft', or 'direct'.")
    return _convolve_direct("convolve", in1, in2, mode, precision)


def correlate(in1, in2, mode: ModeString = "full", method: str = "auto", precision=None):
    """The N-D cross-correlation: convolve(in1, flip(conj(in2)))."""
    return convolve(in1, _flipped_conjugate("correlate", in2), mode=mode, method=method,
                    precision=precision)


def _check_2d(name: str, in1, in2, boundary, fillvalue) -> None:
    if boundary != "fill" or fillvalue != 0:
        raise NotImplementedError(f"{name}() only supports boundary='fill', fillvalue=0")
    if np.ndim(in1) != 2 or np.ndim(in2) != 2:
        raise ValueError(f"{name}() only supports 2-dimensional inputs, got shapes "
                         f"{np.shape(in1)} and {np.shape(in2)}.")


def convolve2d(in1, in2, mode: ModeString = "full", boundary: str = "fill",
               fillvalue: float = 0, precision=None):
    """The 2-D convolution of in1 and in2 (boundary="fill" with fillvalue 0 only)."""
    _check_2d("convolve2d", in1, in2, boundary, fillvalue)
    return _convolve_direct("convolve2d", in1, in2, mode, precision)


def correlate2d(in1, in2, mode: ModeString = "full", boundary: str = "fill",
                fillvalue: float = 0, precision=None):
    """The 2-D cross-correlation, with SciPy's conventions for "same" and "valid"."""
    _check_2d("correlate2d", in1, in2, boundary, fillvalue)
    in1, in2 = _checked_pair("correlate2d", in1, in2, mode)
    kernel = jnp.flip(jnp.conj(in2))
    if mode == "same":
        windows = [(b // 2, a) for a, b in zip(in1.shape, in2.shape)]
        return _convolve_window(in1, kernel, windows, precision)
    out = _convolve_window(in1, kernel, _windows(mode, in1.shape, in2.shape), precision)
    if mode == "valid" and in1.shape != in2.shape and all(
            a <= b for a, b in zip(in1.shape, in2.shape)):
        out = jnp.conj(out)
    return out


# --- FFT convolution ----------------------------------------------------------------------

def fftconvolve(in1, in2, mode: ModeString = "full", axes: Sequence[int] | None = None):
    """The N-D convolution of in1 and in2 through FFTs over `axes` (default: all); the
    other axes must match and are convolved separately."""
    in1, in2 = _promote_inexact("fftconvolve", in1, in2)
    if in1.ndim != in2.ndim:
        raise ValueError(f"in1 and in2 should have the same dimensionality, got shapes "
                         f"{in1.shape} and {in2.shape}")
    if mode not in _MODES:
        raise ValueError("mode must be one of ['same', 'full', 'valid']")
    ndim = in1.ndim
    if axes is None:
        axes = tuple(range(ndim))
    else:
        axes = (axes,) if isinstance(axes, (int, np.integer)) else tuple(axes)
        axes = tuple(canonicalize_axis(a, ndim) for a in axes)
    mapped = [d for d in range(ndim) if d not in axes]
    if any(in1.shape[d] != in2.shape[d] for d in mapped):
        raise ValueError(f"mapped axes must have same shape; got in1.shape={in1.shape} "
                         f"in2.shape={in2.shape} axes={axes}")
    sizes1 = [in1.shape[d] for d in axes]
    sizes2 = [in2.shape[d] for d in axes]
    if mode == "valid":
        larger, smaller = _ordered(in1, in2, "For 'valid' mode, One input must be at least "
                                   "as large as the other in every dimension.")
        if smaller and not larger:
            in1, in2, sizes1, sizes2 = in2, in1, sizes2, sizes1
    full = [a + b - 1 for a, b in zip(sizes1, sizes2)]
    if all(a == 1 or b == 1 for a, b in zip(sizes1, sizes2)):
        conv = jnp.multiply(in1, in2)
    elif dtypes.is_complex(in1.dtype):
        spectrum = jnp.fft.fftn(in1, full, axes) * jnp.fft.fftn(in2, full, axes)
        conv = jnp.fft.ifftn(spectrum, full, axes)
    else:
        spectrum = jnp.fft.rfftn(in1, full, axes) * jnp.fft.rfftn(in2, full, axes)
        conv = jnp.fft.irfftn(spectrum, full, axes)
    windows = _windows(mode, sizes1, sizes2)
    starts, limits = [0] * ndim, list(conv.shape)
    for d, n, (_, size) in zip(axes, full, windows):
        starts[d] = (n - size) // 2
        limits[d] = starts[d] + size
    return lax.slice(conv, tuple(starts), tuple(limits))


# --- detrend ------------------------------------------------------------------------------

def _remove_line(y):
    """y minus its least-squares line along the last axis."""
    points = y.shape[-1]
    mean = jnp.mean(y, axis=-1, keepdims=True)
    if points < 2:
        return y - mean
    t = np.arange(points) - (points - 1) / 2
    weights = jnp.asarray(t / np.dot(t, t), dtype=_real_dtype(y.dtype))
    slope = jnp.sum(y * weights, axis=-1, keepdims=True)
    return y - mean - slope * jnp.asarray(t, dtype=_real_dtype(y.dtype))


def _real_dtype(dtype):
    return {np.dtype(np.complex64): np.dtype(np.float32),
            np.dtype(np.complex128): np.dtype(np.float64)}.get(np.dtype(dtype), dtype)


def detrend(data, axis: int = -1, type: str = "linear", bp=0, overwrite_data: None = None):
    """data minus its mean ("constant") or minus a least-squares line fitted separately
    between consecutive breakpoints `bp` ("linear"), along `axis`."""
    if overwrite_data is not None:
        raise NotImplementedError("overwrite_data argument not implemented.")
    if type not in ("constant", "linear"):
        raise ValueError("Trend type must be 'linear' or 'constant'.")
    if isinstance(data, (list, tuple)):
        data = np.asarray(data)
    data, = _promote_inexact("detrend", data)
    axis = canonicalize_axis(axis, data.ndim)
    if type == "constant":
        return data - jnp.mean(data, axis=axis, keepdims=True)
    size = data.shape[axis]
    breaks = np.sort(np.unique(np.r_[0, bp, size]))
    if breaks[0] < 0 or breaks[-1] > size:
        raise ValueError("Breakpoints must be non-negative and less than length of data "
                         f"along given axis; got bp={bp!r} for length {size}.")
    y = jnp.moveaxis(data, axis, -1)
    pieces = [_remove_line(y[..., int(lo):int(hi)]) for lo, hi in zip(breaks[:-1], breaks[1:])]
    y = pieces[0] if len(pieces) == 1 else jnp.concatenate(pieces, axis=-1)
    return jnp.moveaxis(y, -1, axis)


# --- spectral estimation -----------------------------------------------------------------

_COSINE_WINDOWS = {"hann": (0.5, 0.5), "hamming": (0.54, 0.46),
                   "blackman": (0.42, 0.5, 0.08)}


def _periodic_window(name: str, n: int) -> np.ndarray:
    """A periodic (FFT) window as SciPy's get_window(name, n) makes it: the symmetric
    window of n + 1 points without its last point."""
    if n == 1:
        return np.ones(1)
    k = np.arange(n)
    if name == "boxcar":
        return np.ones(n)
    if name == "bartlett":
        return 1 - np.abs(2 * k / n - 1)
    phase = 2 * np.pi * k / n
    return sum((-1) ** j * a * np.cos(j * phase) for j, a in enumerate(_COSINE_WINDOWS[name]))


def _named_window(window, n: int) -> np.ndarray:
    if isinstance(window, str) and (window in _COSINE_WINDOWS or
                                    window in ("boxcar", "bartlett")):
        return _periodic_window(window, n)
    try:
        from scipy.signal import get_window
    except ImportError as err:
        raise ImportError(f"wax.scipy.signal: window={window!r} needs SciPy "
                          "(scipy.signal.get_window); 'hann', 'hamming', 'blackman', "
                          "'bartlett', 'boxcar' and arrays work without it") from err
    return np.asarray(get_window(window, n))


def _segment_window(window, nperseg, input_length: int, dtype):
    """(window array, nperseg) from a window name/tuple or array, as SciPy triages them."""
    if isinstance(window, (str, tuple)):
        n = input_length if nperseg is None else int(nperseg)
        if n > input_length:
            warnings.warn(f"nperseg={n} is greater than input_length={input_length}, using "
                          f"nperseg={input_length}", stacklevel=3)
            n = input_length
        return jnp.asarray(_named_window(window, n), dtype=dtype), n
    win = jnp.asarray(window, dtype=dtype)
    n = win.size if nperseg is None else int(nperseg)
    if win.ndim != 1:
        raise ValueError(f"window must be 1-D, got shape {win.shape}")
    if input_length < win.size:
        raise ValueError(f"window is longer than input signal ({win.size} > {input_length})")
    if n != win.size:
        raise ValueError(f"value specified for nperseg ({n}) is different from length of "
                         f"window ({win.size})")
    return win, n


def _extend(x, n: int, boundary):
    """x extended by n points at both ends of its last axis."""
    if boundary is None or n < 1:
        return x
    if boundary == "odd":
        if n > x.shape[-1] - 1:
            raise ValueError(f"The extension length n ({n}) is too big. It must not exceed "
                             f"x.shape[axis]-1, which is {x.shape[-1] - 1}.")
        first, last = x[..., :1], x[..., -1:]
        left = jnp.flip(x[..., 1:n + 1], axis=-1)
        right = jnp.flip(x[..., -(n + 1):-1], axis=-1)
        return jnp.concatenate([2 * first - left, x, 2 * last - right], axis=-1)
    widths = [(0, 0)] * (x.ndim - 1) + [(n, n)]
    mode = {"even": "reflect", "constant": "edge", "zeros": "constant"}[boundary]
    return jnp.pad(x, widths, mode=mode)


def _frames(x, nperseg: int, noverlap: int):
    """x's last axis cut into overlapping segments: (..., segments, nperseg)."""
    step = nperseg - noverlap
    if nperseg == 1 and noverlap == 0:
        return x[..., None]
    starts = np.arange(0, x.shape[-1] - nperseg + 1, step)
    index = starts[:, None] + np.arange(nperseg)[None, :]
    return x[..., index]


def _detrend_function(detrend_type, axis: int):
    """The per-segment detrend. A callable sees the segments' samples at `axis` as the
    user gave it, as SciPy does (JAX's own wrapper moves the wrong axis)."""
    if isinstance(detrend_type, str):
        return lambda d: detrend(d, axis=-1, type=detrend_type)
    if callable(detrend_type):
        if axis == -1:
            return detrend_type

        def moved(d):
            return jnp.moveaxis(detrend_type(jnp.moveaxis(d, -1, axis)), axis, -1)
        return moved
    if not detrend_type:
        return lambda d: d
    raise ValueError(f"Unsupported detrend type: {detrend_type}")


def _spectral_helper(x, y, fs, window, nperseg, noverlap, nfft, detrend_type,
                     return_onesided, scaling, axis, mode, boundary=None, padded=False):
    """(frequencies, segment times, per-segment spectra) for csd/welch (mode "psd") and
    stft (mode "stft"), with the frequency axis at `axis` and the segments last."""
    if mode not in ("psd", "stft"):
        raise ValueError(f"Unknown value for mode {mode}, must be one of: ('psd', 'stft')")
    if boundary not in ("even", "odd", "constant", "zeros", None):
        raise ValueError(f"Unknown boundary option '{boundary}', must be one of: "
                         "['even', 'odd', 'constant', 'zeros', None]")
    user_axis = operator.index(axis)
    if y is None:
        x, = _promote_inexact("spectral_helper", x)
        axis = canonicalize_axis(operator.index(axis), x.ndim)
        outer = x.shape[:axis] + x.shape[axis + 1:]
    else:
        if mode != "psd":
            raise ValueError("two-argument mode is available only when mode=='psd'")
        x, y = _promote_inexact("spectral_helper", x, y)
        if x.ndim != y.ndim:
            raise ValueError(f"two-arguments must have the same rank ({x.ndim} vs {y.ndim}).")
        axis = canonicalize_axis(operator.index(axis), x.ndim)
        try:
            outer = np.broadcast_shapes(x.shape[:axis] + x.shape[axis + 1:],
                                        y.shape[:axis] + y.shape[axis + 1:])
        except ValueError as err:
            raise ValueError("x and y cannot be broadcast together.") from err
    result_dtype = complex_dtype(x.dtype)
    freq_dtype = _real_dtype(result_dtype)
    if nperseg is not None:
        nperseg = operator.index(nperseg)
        if nperseg < 1:
            raise ValueError("nperseg must be a positive integer")
    win, nperseg = _segment_window(window, nperseg, x.shape[axis], x.dtype)
    noverlap = nperseg // 2 if noverlap is None else operator.index(noverlap)
    nfft = nperseg if nfft is None else operator.index(nfft)
    if x.size == 0 or (y is not None and y.size == 0):
        length = x.shape[axis] if y is None else min(x.shape[axis], y.shape[axis])
        shape = outer[:axis] + (length,) + outer[axis:] if y is not None else x.shape
        return (jnp.zeros(shape, freq_dtype), jnp.zeros(shape, freq_dtype),
                jnp.zeros(shape, result_dtype))
    x = jnp.moveaxis(x, axis, -1)
    if y is not None:
        y = jnp.moveaxis(y, axis, -1)
        extra = x.shape[-1] - y.shape[-1]
        if extra:
            pad = [(0, 0)] * (x.ndim - 1)
            if extra > 0:
                y = jnp.pad(y, pad + [(0, extra)])
            else:
                x = jnp.pad(x, pad + [(0, -extra)])
    if nfft < nperseg:
        raise ValueError(f"nfft must be greater than or equal to nperseg (nfft={nfft}, "
                         f"nperseg={nperseg}).")
    if noverlap >= nperseg:
        raise ValueError(f"noverlap must be less than nperseg (noverlap={noverlap}, "
                         f"nperseg={nperseg}).")
    step = nperseg - noverlap
    signals = [x] if y is None else [x, y]
    signals = [_extend(s, nperseg // 2, boundary) for s in signals]
    if padded:
        extra = (-(signals[0].shape[-1] - nperseg) % step) % nperseg
        signals = [jnp.pad(s, [(0, 0)] * (s.ndim - 1) + [(0, extra)]) for s in signals]
    length = signals[0].shape[-1]
    detrend_func = _detrend_function(detrend_type, user_axis)
    if scaling == "density":
        scale = 1.0 / (fs * jnp.sum(win * win))
    elif scaling == "spectrum":
        scale = 1.0 / jnp.sum(win) ** 2
    else:
        raise ValueError(f"Unknown scaling: {scaling}")
    if mode == "stft":
        scale = jnp.sqrt(scale)
    onesided = return_onesided
    if onesided and any(dtypes.is_complex(s.dtype) for s in signals):
        onesided = False
        warnings.warn("Input data is complex, switching to return_onesided=False",
                      stacklevel=3)
    if onesided:
        freqs = jnp.fft.rfftfreq(nfft, 1 / fs, dtype=freq_dtype)
    else:
        freqs = jnp.fft.fftfreq(nfft, 1 / fs, dtype=freq_dtype)
    spectra = []
    for s in signals:
        segments = detrend_func(_frames(s, nperseg, noverlap))
        if dtypes.is_complex(win.dtype) and not dtypes.is_complex(segments.dtype):
            segments = segments.astype(win.dtype)
        segments = win * segments
        spectra.append(jnp.fft.rfft(jnp.real(segments), n=nfft) if onesided else
                       jnp.fft.fft(segments, n=nfft))
    if y is not None:
        result = jnp.conj(spectra[0]) * spectra[1]
    elif mode == "psd":
        result = jnp.conj(spectra[0]) * spectra[0]
    else:
        result = spectra[0]
    result = result * jnp.asarray(scale, dtype=complex_dtype(jnp.asarray(scale).dtype))
    if onesided and mode == "psd":
        doubling = np.full(result.shape[-1], 2.0)
        doubling[0] = 1.0
        if nfft % 2 == 0:
            doubling[-1] = 1.0
        result = result * jnp.asarray(doubling, dtype=_real_dtype(result.dtype))
    time = np.arange(nperseg / 2, length - nperseg / 2 + 1, step)
    if boundary is not None:
        time = time - nperseg / 2
    time = jnp.asarray(time, dtype=freq_dtype) / fs
    result = result.astype(result_dtype)
    if y is None and mode != "stft":
        result = jnp.real(result)
    return freqs, time, jnp.moveaxis(result, -1, axis)


def _median_bias(n: int) -> float:
    """The bias of the median of n chi-square(2) segment estimates (SciPy's)."""
    ii = np.arange(2.0, n, 2)
    return 1 + np.sum(1.0 / (ii + 1) - 1.0 / ii)


def csd(x, y, fs=1.0, window: str = "hann", nperseg: int | None = None,
        noverlap: int | None = None, nfft: int | None = None, detrend: str = "constant",
        return_onesided: bool = True, scaling: str = "density", axis: int = -1,
        average: str = "mean"):
    """The cross power spectral density of x and y by Welch's method: (freqs, Pxy)."""
    freqs, _, pxy = _spectral_helper(x, y, fs, window, nperseg, noverlap, nfft, detrend,
                                     return_onesided, scaling, axis, mode="psd")
    if y is not None:
        pxy = pxy + 0j
    if pxy.ndim >= 2 and pxy.size > 0:
        if pxy.shape[-1] > 1:
            if average == "median":
                bias = _median_bias(pxy.shape[-1])
                if dtypes.is_complex(pxy.dtype):
                    pxy = lax.complex(jnp.median(jnp.real(pxy), axis=-1),
                                      jnp.median(jnp.imag(pxy), axis=-1))
                else:
                    pxy = jnp.median(pxy, axis=-1)
                pxy = pxy / jnp.asarray(bias, dtype=_real_dtype(pxy.dtype))
            elif average == "mean":
                pxy = jnp.mean(pxy, axis=-1)
            else:
                raise ValueError(f'average must be "median" or "mean", got {average}')
        else:
            pxy = jnp.reshape(pxy, pxy.shape[:-1])
    return freqs, pxy


def welch(x, fs=1.0, window: str = "hann", nperseg: int | None = None,
          noverlap: int | None = None, nfft: int | None = None, detrend: str = "constant",
          return_onesided: bool = True, scaling: str = "density", axis: int = -1,
          average: str = "mean"):
    """The power spectral density of x by Welch's method: (freqs, Pxx)."""
    freqs, pxx = csd(x, None, fs=fs, window=window, nperseg=nperseg, noverlap=noverlap,
                     nfft=nfft, detrend=detrend, return_onesided=return_onesided,
                     scaling=scaling, axis=axis, average=average)
    return freqs, jnp.real(pxx)


def stft(x, fs=1.0, window: str = "hann", nperseg: int = 256, noverlap: int | None = None,
         nfft: int | None = None, detrend: bool = False, return_onesided: bool = True,
         boundary: str | None = "zeros", padded: bool = True, axis: int = -1):
    """The short-time Fourier transform of x: (freqs, segment times, Zxx)."""
    return _spectral_helper(x, None, fs, window, nperseg, noverlap, nfft, detrend,
                            return_onesided, scaling="spectrum", axis=axis, mode="stft",
                            boundary=boundary, padded=padded)


def _overlap_and_add(frames, step: int):
    """Frames (..., count, length) summed into one signal, frame f starting at f * step."""
    *batch, count, length = frames.shape
    blocks = -(-length // step)  # each frame covers this many step-long blocks
    frames = jnp.pad(frames, [(0, 0)] * len(batch) + [(0, 0), (0, blocks * step - length)])
    frames = jnp.reshape(frames, (*batch, count, blocks, step))
    total = None
    for b in range(blocks):  # block b of frame f lands in output block f + b
        part = jnp.pad(frames[..., b, :], [(0, 0)] * len(batch) + [(b, blocks - 1 - b), (0, 0)])
        total = part if total is None else total + part
    out = jnp.reshape(total, (*batch, (count + blocks - 1) * step))
    return out[..., :step * (count - 1) + length]


def istft(Zxx, fs=1.0, window: str = "hann", nperseg: int | None = None,
          noverlap: int | None = None, nfft: int | None = None, input_onesided: bool = True,
          boundary: bool = True, time_axis: int = -1, freq_axis: int = -2):
    """The inverse short-time Fourier transform: (times, x)."""
    check_arraylike("istft", Zxx)
    Zxx = jnp.asarray(Zxx)
    if Zxx.ndim < 2:
        raise ValueError(f"Input stft must be at least 2d! Got shape {Zxx.shape}.")
    freq_axis = canonicalize_axis(freq_axis, Zxx.ndim)
    time_axis = canonicalize_axis(time_axis, Zxx.ndim)
    if freq_axis == time_axis:
        raise ValueError("Must specify differing time and frequency axes!")
    Zxx = Zxx.astype(complex_dtype(Zxx.dtype))
    n_default = 2 * (Zxx.shape[freq_axis] - 1) if input_onesided else Zxx.shape[freq_axis]
    nperseg = n_default if nperseg is None else operator.index(nperseg)
    if nperseg < 1:
        raise ValueError("nperseg must be a positive integer")
    if nfft is None:
        nfft = n_default + (1 if input_onesided and nperseg == n_default + 1 else 0)
    else:
        nfft = operator.index(nfft)
    if nfft < nperseg:
        raise ValueError(f"FFT length ({nfft}) must be longer than nperseg ({nperseg}).")
    # None means nperseg // 2 (JAX's `noverlap or ...` also turns an explicit 0 into it).
    noverlap = nperseg // 2 if noverlap is None else operator.index(noverlap)
    if noverlap >= nperseg:
        raise ValueError(f"noverlap must be less than nperseg (noverlap={noverlap}, "
                         f"nperseg={nperseg}).")
    step = nperseg - noverlap
    if time_axis != Zxx.ndim - 1 or freq_axis != Zxx.ndim - 2:
        outer = tuple(d for d in range(Zxx.ndim) if d not in (time_axis, freq_axis))
        Zxx = jnp.transpose(Zxx, outer + (freq_axis, time_axis))
    inverse = jnp.fft.irfft if input_onesided else jnp.fft.ifft
    segments = inverse(Zxx, axis=-2, n=nfft)[..., :nperseg, :]
    if isinstance(window, (str, tuple)):
        win = jnp.asarray(_named_window(window, nperseg), dtype=segments.dtype)
    else:
        win = jnp.asarray(window)
        if win.ndim != 1:
            raise ValueError(f"window must be 1-D, got shape {win.shape}")
        if win.shape[0] != nperseg:
            raise ValueError(f"window must have length of {nperseg}, got {win.shape[0]}")
    segments = segments * jnp.sum(win)  # undoes stft's "spectrum" scaling
    column = jnp.reshape(win, (nperseg, 1))
    x = _overlap_and_add(jnp.swapaxes(segments * column, -2, -1), step)
    squares = jnp.broadcast_to(column * column, (nperseg, segments.shape[-1]))
    norm = _overlap_and_add(jnp.swapaxes(squares, -2, -1), step)
    if boundary:
        half = nperseg // 2
        x = x[..., half:-half] if half else x[..., :0]
        norm = norm[..., half:-half] if half else norm[..., :0]
    x = x / jnp.where(norm > 1e-10, norm, 1.0)
    if x.ndim > 1 and time_axis != Zxx.ndim - 1:
        if freq_axis < time_axis:
            time_axis -= 1
        x = jnp.moveaxis(x, -1, time_axis)
    time = jnp.arange(x.shape[0], dtype=_real_dtype(x.dtype)) / fs
    return time, x


__all__ = ["convolve", "correlate", "convolve2d", "correlate2d", "fftconvolve", "detrend",
           "csd", "welch", "stft", "istft"]
