"""wax.numpy.fft: NumPy's fft API on wax arrays, with JAX's semantics.

Every transform is one or more `lax.fft` calls over trailing axes: the requested axes are
moved to the end (and back), cropped or zero-padded to `s`/`n` first. Dtypes are JAX's:
integers, bools and float16/bfloat16 go through complex64 (the real transforms of
float16/bfloat16 are refused, as JAX's RFFT refuses them), float64 input needs x64.
`norm` is applied as one multiplication after the transform ("backward", the default,
multiplies complex results by 1 + 0j when given explicitly, as JAX does, so an infinite
entry gets a NaN imaginary part there). Transforms over more than three axes are split
into blocks of at most three, since lax.fft (like XLA) handles three.
"""
from __future__ import annotations

import functools
import operator
from collections.abc import Sequence

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import Array, ArrayImpl
from ..core.avals import canonicalize_axis
from ..primitives.fft import FftType, inexact_dtype
from ._promote import check_arraylike
from .creation import arange, asarray
from .reordering import roll
from .ufuncs import conj, true_divide

Shape = Sequence[int]
_NORMS = ("backward", "ortho", "forward")


# --- the shared core ----------------------------------------------------------------------

def _move_to_end(x, axes):
    """x with `axes` (distinct, non-negative) moved, in order, to the trailing positions."""
    ndim = x.ndim
    rest = [d for d in range(ndim) if d not in axes]
    perm = tuple(rest) + tuple(axes)
    return x if perm == tuple(range(ndim)) else lax.transpose(x, perm)


def _move_back(x, axes):
    """The inverse of _move_to_end."""
    ndim = x.ndim
    perm = [d for d in range(ndim) if d not in axes] + list(axes)
    if perm == list(range(ndim)):
        return x
    return lax.transpose(x, tuple(int(i) for i in np.argsort(perm)))


def _fft_trailing(x, fft_type: FftType, lengths: tuple):
    """lax.fft over the trailing len(lengths) axes, in blocks of at most three: the real
    transforms act on the last block, the inverse ones last of all."""
    if len(lengths) <= 3:
        return lax.fft(x, fft_type, lengths)
    block = 2 if len(lengths) == 4 else 3
    ndim = x.ndim
    outer = tuple(range(ndim - len(lengths), ndim - block))
    inverse = fft_type in (FftType.IFFT, FftType.IRFFT)

    def transform_outer(y):
        y = _move_to_end(y, outer)
        y = _fft_trailing(y, FftType.IFFT if inverse else FftType.FFT, lengths[:-block])
        return _move_back(y, outer)

    if inverse:
        return lax.fft(transform_outer(x), fft_type, lengths[-block:])
    return transform_outer(lax.fft(x, fft_type, lengths[-block:]))


@functools.lru_cache(maxsize=256)
def _norm_factor(norm: str, inverse: bool, lengths: tuple, dtype) -> ArrayImpl:
    """The scalar `norm` multiplies the result by, computed in the result's real dtype as
    JAX computes it (prod, then sqrt, then the reciprocal)."""
    real = np.dtype(np.float32) if dtype == np.complex64 else \
        np.dtype(np.float64) if dtype == np.complex128 else dtype
    if norm == "backward":
        factor = np.ones((), dtype)
    else:
        total = np.prod(np.asarray(lengths, real), dtype=real)
        if norm == "ortho":
            root = np.sqrt(total)
            factor = np.asarray(root if inverse else real.type(1) / root, dtype)
        else:
            factor = np.asarray(total if inverse else real.type(1) / total, dtype)
    factor.flags.writeable = False
    return ArrayImpl(factor, False)


def _canonical_axes(full_name: str, axes, ndim: int) -> tuple:
    if len(axes) == 1 and type(axes[0]) is int and -ndim <= axes[0] < ndim:
        return (axes[0] % ndim,)  # the 1-D functions' common case
    axes = tuple(operator.index(a) for a in axes)
    canonical = tuple(canonicalize_axis(a, ndim) for a in axes)
    if len(set(canonical)) != len(canonical):
        raise ValueError(f"{full_name} does not support repeated axes. Got axes {axes}.")
    return canonical


def _fft_core(func_name: str, fft_type: FftType, a, s, axes, norm):
    full_name = f"jax.numpy.fft.{func_name}"
    if isinstance(a, Array):
        arr = a
    else:
        check_arraylike(full_name, a)
        arr = asarray(a)
    if norm is not None and norm not in _NORMS:
        raise ValueError(f'Invalid norm value {norm}; should be "backward","ortho" or '
                         '"forward".')
    if s is not None:
        s = tuple(operator.index(n) for n in s)
        if any(n <= 0 for n in s):
            raise ValueError(f"Shape should be positive, got s={s} for {full_name}.")
    if s is not None and axes is not None and len(s) != len(axes):
        raise ValueError(f"Shape and axes have different lengths: s={s}, axes={tuple(axes)}.")
    ndim = arr.ndim
    if axes is None:
        count = ndim if s is None else len(s)
        if count > ndim:
            raise ValueError(f"{full_name}: s={s} has more entries than the input of shape "
                             f"{arr.shape} has dimensions.")
        axes = tuple(range(ndim - count, ndim))
        moved = False
    else:
        axes = _canonical_axes(full_name, axes, ndim)
        moved = axes != tuple(range(ndim - len(axes), ndim))
        if moved:
            arr = _move_to_end(arr, axes)
    k = len(axes)
    shape = arr.shape
    if s is not None:
        in_sizes = list(s)
        if fft_type == FftType.IRFFT:
            in_sizes[-1] = in_sizes[-1] // 2 + 1
        arr = _crop_or_pad(arr, in_sizes)
        lengths = s
    elif fft_type == FftType.IRFFT and k:
        lengths = tuple(shape[ndim - k:-1]) + (max(0, 2 * (shape[-1] - 1)),)
    else:
        lengths = tuple(shape[ndim - k:])
    out = _fft_trailing(arr, fft_type, lengths) if lengths else \
        lax.fft(arr, fft_type, ())
    if norm is not None:
        out = lax.mul(out, _norm_factor(norm, func_name.startswith("i"), tuple(lengths),
                                        out.dtype))
    return _move_back(out, axes) if moved else out


def _crop_or_pad(x, sizes):
    """x with its trailing len(sizes) axes cut or zero-padded at the end to `sizes`."""
    shape = x.shape
    lead = len(shape) - len(sizes)
    full = tuple(shape[:lead]) + tuple(sizes)
    if full == tuple(shape):
        return x
    if any(n < m for n, m in zip(full, shape)):
        x = lax.slice(x, (0,) * len(shape), tuple(min(n, m) for n, m in zip(full, shape)))
    if any(n > m for n, m in zip(full, x.shape)):
        zero = ArrayImpl(np.zeros((), x.dtype), False)
        x = lax.pad(x, zero, [(0, n - m, 0) for n, m in zip(full, x.shape)])
    return x


def _check_1d_axis(func_name: str, axis) -> None:
    if isinstance(axis, (list, tuple)):
        full_name = f"jax.numpy.fft.{func_name}"
        raise ValueError(f"{full_name} does not support multiple axes. Please use "
                         f"{full_name}n. Got axis = {axis!r}.")


def _fft_1d(func_name, fft_type, a, n, axis, norm):
    _check_1d_axis(func_name, axis)
    return _fft_core(func_name, fft_type, a, None if n is None else [n],
                     None if axis is None else [axis], norm)


def _fft_2d(func_name, fft_type, a, s, axes, norm):
    if len(axes) != 2:
        raise ValueError(f"jax.numpy.fft.{func_name} only supports 2 axes. Got axes = "
                         f"{axes!r}.")
    return _fft_core(func_name, fft_type, a, s, axes, norm)


# --- the public functions -----------------------------------------------------------------

def fft(a, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The 1-D discrete Fourier transform along `axis` (cropped or zero-padded to n)."""
    return _fft_1d("fft", FftType.FFT, a, n, axis, norm)


def ifft(a, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The 1-D inverse discrete Fourier transform along `axis`."""
    return _fft_1d("ifft", FftType.IFFT, a, n, axis, norm)


def rfft(a, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The 1-D transform of real input: the n // 2 + 1 non-negative frequencies."""
    return _fft_1d("rfft", FftType.RFFT, a, n, axis, norm)


def irfft(a, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The inverse of rfft: n real points (default 2 * (m - 1)) from m frequencies."""
    return _fft_1d("irfft", FftType.IRFFT, a, n, axis, norm)


def hfft(a, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The transform of a Hermitian-symmetric signal given by its first half (real
    output of n points)."""
    _check_1d_axis("hfft", axis)
    check_arraylike("jax.numpy.fft.hfft", a)
    conj_a = conj(asarray(a))
    points = 2 * (conj_a.shape[canonicalize_axis(axis, conj_a.ndim)] - 1) if n is None else n
    out = _fft_1d("hfft", FftType.IRFFT, conj_a, n, axis, norm)
    return lax.mul(out, ArrayImpl(np.asarray(points, out.dtype), False))


def ihfft(a, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The inverse of hfft: the first n // 2 + 1 entries of the Hermitian spectrum."""
    _check_1d_axis("ihfft", axis)
    check_arraylike("jax.numpy.fft.ihfft", a)
    arr = asarray(a)
    points = arr.shape[canonicalize_axis(axis, arr.ndim)] if n is None else n
    out = conj(_fft_1d("ihfft", FftType.RFFT, arr, n, axis, norm))
    return lax.mul(out, ArrayImpl(np.asarray(1 / points, out.dtype), False))


def fft2(a, s: Shape | None = None, axes: Sequence[int] = (-2, -1), norm: str | None = None):
    """The 2-D discrete Fourier transform over `axes`."""
    return _fft_2d("fft2", FftType.FFT, a, s, axes, norm)


def ifft2(a, s: Shape | None = None, axes: Sequence[int] = (-2, -1),
          norm: str | None = None):
    """The 2-D inverse discrete Fourier transform over `axes`."""
    return _fft_2d("ifft2", FftType.IFFT, a, s, axes, norm)


def rfft2(a, s: Shape | None = None, axes: Sequence[int] = (-2, -1),
          norm: str | None = None):
    """The 2-D transform of real input (the last axis keeps half the frequencies)."""
    return _fft_2d("rfft2", FftType.RFFT, a, s, axes, norm)


def irfft2(a, s: Shape | None = None, axes: Sequence[int] = (-2, -1),
           norm: str | None = None):
    """The inverse of rfft2."""
    return _fft_2d("irfft2", FftType.IRFFT, a, s, axes, norm)


def fftn(a, s: Shape | None = None, axes: Sequence[int] | None = None,
         norm: str | None = None):
    """The N-D discrete Fourier transform over `axes` (default: all, or the last len(s))."""
    return _fft_core("fftn", FftType.FFT, a, s, axes, norm)


def ifftn(a, s: Shape | None = None, axes: Sequence[int] | None = None,
          norm: str | None = None):
    """The N-D inverse discrete Fourier transform."""
    return _fft_core("ifftn", FftType.IFFT, a, s, axes, norm)


def rfftn(a, s: Shape | None = None, axes: Sequence[int] | None = None,
          norm: str | None = None):
    """The N-D transform of real input (the last axis keeps half the frequencies)."""
    return _fft_core("rfftn", FftType.RFFT, a, s, axes, norm)


def irfftn(a, s: Shape | None = None, axes: Sequence[int] | None = None,
           norm: str | None = None):
    """The inverse of rfftn."""
    return _fft_core("irfftn", FftType.IRFFT, a, s, axes, norm)


def _check_freq_args(name: str, n, d) -> None:
    if isinstance(n, (list, tuple)):
        raise ValueError(f"The n argument of jax.numpy.fft.{name} only takes an int. "
                         f"Got n = {list(n)}.")
    if isinstance(d, (list, tuple)):
        raise ValueError(f"The d argument of jax.numpy.fft.{name} only takes a single "
                         f"value. Got d = {list(d)}.")


def _spacing(d, n: int, dtype):
    """d * n as an array of `dtype` (d may be an array or a tracer)."""
    if isinstance(d, (int, float, complex, np.generic, np.ndarray)):
        return asarray(np.asarray(d * n), dtype=dtype)
    return asarray(asarray(d) * n, dtype=dtype)


def fftfreq(n: int, d=1.0, *, dtype=None, device=None):
    """The sample frequencies of an n-point FFT with sample spacing d: [0, 1, ...,
    -(n // 2), ..., -1] / (d * n)."""
    out_dtype = dtypes.check_user_dtype(dtype, "fftfreq") if dtype is not None else \
        dtypes.default_float_dtype()
    _check_freq_args("fftfreq", n, d)
    n = operator.index(n)
    compute = inexact_dtype(out_dtype)
    if dtypes.is_complex(compute):
        compute = np.dtype(np.float32) if compute == np.complex64 else np.dtype(np.float64)
    k = (np.arange(n) + n // 2) % n - n // 2 if n else np.zeros(0)
    result = true_divide(asarray(k.astype(compute), device=device),
                         _spacing(d, n, compute))
    return result if result.dtype == out_dtype else lax.convert_element_type(result,
                                                                            out_dtype)


def rfftfreq(n: int, d=1.0, *, dtype=None, device=None):
    """The sample frequencies of an n-point RFFT: [0, 1, ..., n // 2] / (d * n)."""
    dtype = dtypes.check_user_dtype(dtype, "rfftfreq") if dtype is not None else \
        dtypes.default_float_dtype()
    _check_freq_args("rfftfreq", n, d)
    n = operator.index(n)
    if dtype == dtypes.bool_:
        raise TypeError("iota does not accept dtype bool. Accepted dtypes are subtypes of "
                        "integer, floating, complexfloating.")
    k = arange(0, n // 2 + 1, dtype=dtype, device=device)
    return true_divide(k, _spacing(d, n, dtype))


def _shifts(x, axes, sign: int):
    if axes is None:
        axes = tuple(range(x.ndim))
        return [sign * (size // 2) for size in x.shape], axes
    if isinstance(axes, int):
        return sign * (x.shape[axes] // 2), axes
    return [sign * (x.shape[ax] // 2) for ax in axes], axes


def fftshift(x, axes: None | int | Sequence[int] = None):
    """x rolled so the zero frequency sits in the middle of each of `axes`."""
    check_arraylike("fftshift", x)
    x = asarray(x)
    shift, axes = _shifts(x, axes, 1)
    return roll(x, shift, axes)


def ifftshift(x, axes: None | int | Sequence[int] = None):
    """The inverse of fftshift."""
    check_arraylike("ifftshift", x)
    x = asarray(x)
    shift, axes = _shifts(x, axes, -1)
    return roll(x, shift, axes)


__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2",
           "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "fftfreq", "rfftfreq", "fftshift",
           "ifftshift"]
