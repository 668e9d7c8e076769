"""The fft primitive: XLA's FFT over the trailing `len(fft_lengths)` (1 to 3) dimensions.

fft_type is an FftType: FFT and IFFT map complex to complex of the same shape (IFFT
divides by the number of points, as XLA's does); RFFT maps float32/float64 to complex,
keeping n // 2 + 1 entries of the last transformed axis; IRFFT maps complex back to real,
reading only the first n // 2 + 1 entries of the last axis (its input must have exactly
that many) and ignoring the imaginary parts the Hermitian symmetry leaves undetermined.
The impl is NumPy's pocketfft, which keeps single precision.

Every transform is linear, so the JVP is the transform of the tangent. Transposes: the
DFT matrix is symmetric, so FFT and IFFT are their own transposes. An RFFT drops the
redundant half of the spectrum: its transpose is N * IRFFT(conj(ct) / m), where m counts
how often each kept frequency stands for itself (1 for the zero and the Nyquist
frequency, 2 for the others). IRFFT's transpose is conj(RFFT(ct) * m / N), following
JAX's convention for maps between complex and real values.

vmap: the transform reads only trailing axes; a batch dimension among the leading ones
stays where it is, one among the transformed ones moves to the front.
"""
from __future__ import annotations

import enum
import math
import operator
from collections.abc import Sequence

import numpy as np

from ..core import dtypes
from ..core.array import Array, ArrayImpl
from ..core.avals import ShapedArray
from ..core.errors import JAXTypeError
from .batch_util import moveaxis, shape_of
from .elementwise import conj, convert_element_type, mul
from .families import LINEAR_JVP, linear_transpose_rule, standard


class FftType(enum.IntEnum):
    """Which FFT operation to perform."""

    FFT = 0
    IFFT = 1
    RFFT = 2
    IRFFT = 3


_FFT_TYPE_NAMES = {"fft": FftType.FFT, "FFT": FftType.FFT, "ifft": FftType.IFFT,
                   "IFFT": FftType.IFFT, "rfft": FftType.RFFT, "RFFT": FftType.RFFT,
                   "irfft": FftType.IRFFT, "IRFFT": FftType.IRFFT}

_FLOAT32, _FLOAT64 = np.dtype(np.float32), np.dtype(np.float64)
_COMPLEX64, _COMPLEX128 = np.dtype(np.complex64), np.dtype(np.complex128)
_REAL_OF = {_COMPLEX64: _FLOAT32, _COMPLEX128: _FLOAT64}
_COMPLEX_OF = {_FLOAT32: _COMPLEX64, _FLOAT64: _COMPLEX128}


def _inexact_of(dtype) -> np.dtype:
    if dtypes.is_inexact(dtype):
        return dtype
    return _FLOAT64 if dtype.itemsize == 8 else _FLOAT32


_INEXACT_OF = {d: _inexact_of(d) for d in dtypes.LATTICE_DTYPES}
_COMPLEX_FOR = {d: _COMPLEX128 if _INEXACT_OF[d] in (_FLOAT64, _COMPLEX128) else _COMPLEX64
                for d in dtypes.LATTICE_DTYPES}


def inexact_dtype(dtype) -> np.dtype:
    """XLA's float type for a dtype: 64-bit integers give float64, other integers and
    bool float32, inexact dtypes stay (not the default float: int32 stays 32-bit)."""
    found = _INEXACT_OF.get(dtype)
    return found if found is not None else _inexact_of(np.dtype(dtype))


def complex_dtype(dtype) -> np.dtype:
    """The complex type an FFT of `dtype` computes in: complex128 for float64, int64
    and complex128, complex64 for everything else."""
    found = _COMPLEX_FOR.get(dtype)
    if found is not None:
        return found
    return _COMPLEX128 if inexact_dtype(dtype) in (_FLOAT64, _COMPLEX128) else _COMPLEX64


# --- the primitive ----------------------------------------------------------------------

def _fft_abstract_eval(x, *, fft_type, fft_lengths):
    k = len(fft_lengths)
    shape = x.shape
    if not 1 <= k <= 3:
        raise ValueError(f"fft: the number of transformed dimensions must be between 1 and "
                         f"3, got fft_lengths {fft_lengths}.")
    if k > len(shape):
        raise ValueError(f"FFT input shape {shape} must have at least as many input "
                         f"dimensions as fft_lengths {fft_lengths}.")
    minor = shape[len(shape) - k:]
    if fft_type == FftType.RFFT:
        if x.dtype not in _COMPLEX_OF:
            raise ValueError(f"RFFT input must be float32 or float64, got {x.dtype}")
        if minor != fft_lengths:
            raise ValueError(f"RFFT input shape {shape} minor dimensions must be equal to "
                             f"fft_lengths {fft_lengths}")
        if fft_lengths[-1] == 0:
            raise ValueError(f"RFFT of an empty last axis is undefined: input shape {shape}, "
                             f"fft_lengths {fft_lengths}")
        out_shape = shape[:len(shape) - 1] + (fft_lengths[-1] // 2 + 1,)
        return ShapedArray(out_shape, _COMPLEX_OF[x.dtype], x.weak_type)
    if x.dtype not in _REAL_OF:
        raise ValueError(f"{fft_type.name} input must be complex64 or complex128, got "
                         f"{x.dtype}")
    if fft_type == FftType.IRFFT:
        if minor[:-1] != fft_lengths[:-1]:
            raise ValueError(f"IRFFT input shape {shape} minor dimensions must be equal to "
                             f"all except the last fft_length, got fft_lengths={fft_lengths}")
        if minor[-1] != fft_lengths[-1] // 2 + 1 and fft_lengths[-1]:
            raise ValueError(f"IRFFT requires innermost dimension to be compatible with "
                             f"fft_length[-1]/2+1. Got: {minor[-1]} but fft_length is "
                             f"{fft_lengths[-1]}.")
        out_shape = shape[:len(shape) - k] + fft_lengths
        return ShapedArray(out_shape, _REAL_OF[x.dtype], x.weak_type)
    if minor != fft_lengths:
        raise ValueError(f"FFT input shape {shape} minor dimensions must be equal to "
                         f"fft_lengths {fft_lengths}")
    return ShapedArray(shape, x.dtype, x.weak_type)


def _fft_impl(xp, x, *, fft_type, fft_lengths):
    k = len(fft_lengths)
    if fft_type == FftType.IRFFT:
        out_shape = x.shape[:x.ndim - k] + tuple(fft_lengths)
        if math.prod(out_shape) == 0:  # pocketfft refuses zero points
            return xp.zeros(out_shape, _REAL_OF[x.dtype])
        if k == 1:
            return xp.fft.irfft(x, fft_lengths[0])
        return xp.fft.irfftn(x, s=fft_lengths, axes=tuple(range(x.ndim - k, x.ndim)))
    if x.size == 0:
        out_shape = x.shape[:-1] + (fft_lengths[-1] // 2 + 1,) if fft_type == FftType.RFFT \
            else x.shape
        return xp.zeros(out_shape, complex_dtype(x.dtype))
    fft_module = xp.fft
    if k == 1:  # the 1-D entry points skip fftn's argument handling
        one_d = fft_module.rfft if fft_type == FftType.RFFT else \
            fft_module.ifft if fft_type == FftType.IFFT else fft_module.fft
        return one_d(x)
    n_d = fft_module.rfftn if fft_type == FftType.RFFT else \
        fft_module.ifftn if fft_type == FftType.IFFT else fft_module.fftn
    return n_d(x, axes=tuple(range(x.ndim - k, x.ndim)))


def _hermitian_counts(n: int, m: int) -> np.ndarray:
    """For the m = n // 2 + 1 frequencies an RFFT of n points keeps: how many of the n
    frequencies each one stands for (1 for zero and for n/2 when n is even, else 2)."""
    counts = np.full(m, 2.0)
    counts[0] = 1.0
    if n % 2 == 0:
        counts[-1] = 1.0
    return counts


def _last_axis_constant(values: np.ndarray, ndim: int, dtype) -> ArrayImpl:
    """A 1-D NumPy vector as a constant of rank `ndim` varying along the last axis (lax's
    elementwise ops broadcast its size-1 dimensions)."""
    return ArrayImpl(np.asarray(values, dtype).reshape((1,) * (ndim - 1) + (-1,)), False)


def _fft_transpose_ct(ct, aval, *, fft_type, fft_lengths):
    if fft_type in (FftType.FFT, FftType.IFFT):
        return fft_p.bind(ct, fft_type=fft_type, fft_lengths=fft_lengths)
    n, total = fft_lengths[-1], math.prod(fft_lengths)
    ct_aval = shape_of(ct)
    if fft_type == FftType.RFFT:
        weights = total / _hermitian_counts(n, n // 2 + 1)
        dtype = dtypes.dtype_and_weak(ct)[0]
        scaled = mul(conj(ct), _last_axis_constant(weights, len(ct_aval), dtype))
        return fft_p.bind(scaled, fft_type=FftType.IRFFT, fft_lengths=fft_lengths)
    spectrum = fft_p.bind(ct, fft_type=FftType.RFFT, fft_lengths=fft_lengths)
    weights = _hermitian_counts(n, n // 2 + 1) / total
    dtype = dtypes.dtype_and_weak(spectrum)[0]
    return conj(mul(spectrum, _last_axis_constant(weights, len(ct_aval), dtype)))


def _fft_batch(axis, args, dims, *, fft_type, fft_lengths):
    x, = args
    bdim, = dims
    if bdim >= len(shape_of(x)) - len(fft_lengths):
        x, bdim = moveaxis(x, bdim, 0), 0
    return fft_p.bind(x, fft_type=fft_type, fft_lengths=fft_lengths), bdim


fft_p = standard("fft", _fft_impl, _fft_abstract_eval, jvp=LINEAR_JVP,
                 transpose=linear_transpose_rule(_fft_transpose_ct), batch=_fft_batch)


def _fft_type(fft_type) -> FftType:
    if type(fft_type) is FftType:
        return fft_type
    if isinstance(fft_type, FftType):
        return fft_type
    if isinstance(fft_type, str):
        try:
            return _FFT_TYPE_NAMES[fft_type]
        except KeyError:
            raise ValueError(f"Unknown FFT type '{fft_type}'") from None
    raise TypeError(f"Unknown FFT type value '{fft_type}'")


def _fft_lengths(fft_lengths: Sequence[int]) -> tuple:
    if type(fft_lengths) is tuple and all(type(n) is int and n >= 0 for n in fft_lengths):
        return fft_lengths
    try:
        lengths = tuple(operator.index(n) for n in fft_lengths)
    except JAXTypeError:
        raise  # a tracer where a concrete length is needed: keep JAX's explanation
    except TypeError:
        raise TypeError(f"fft: fft_lengths must be a sequence of integers, got "
                        f"{fft_lengths!r}") from None
    if any(n < 0 for n in lengths):
        raise ValueError(f"fft: fft_lengths must be non-negative, got {lengths}")
    return lengths


def fft(x, fft_type: FftType | str, fft_lengths: Sequence[int]):
    """XLA's FFT of type `fft_type` over the trailing len(fft_lengths) dimensions of x
    (RFFT takes real input; the others convert x to complex first)."""
    typ = _fft_type(fft_type)
    fft_lengths = _fft_lengths(fft_lengths)
    dtype, weak = dtypes.dtype_and_weak(x)
    if typ == FftType.RFFT:
        if dtypes.is_complex(dtype):
            raise ValueError("only real valued inputs supported for rfft")
        target = inexact_dtype(dtype)
    else:
        target = complex_dtype(dtype)
    if target != dtype or weak or not isinstance(x, Array):
        x = convert_element_type(x, target)
    if not fft_lengths:
        return x
    return fft_p.bind(x, fft_type=typ, fft_lengths=fft_lengths)


__all__ = ["FftType", "fft", "fft_p"]
