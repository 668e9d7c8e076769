"""wax.scipy.fft (dct, idct, dctn, idctn) on wax arrays, with JAX's semantics.

Only the type-2 DCT exists (and idct of type 2, i.e. a scaled DCT-III), with norm None
(= "backward") or "ortho", as in JAX; other types raise NotImplementedError and other
norms ValueError. Real results are float32 for every real input with x64 off (the
transform runs in complex64); complex inputs transform their real and imaginary parts
separately.

The DCT-II of N points is one complex FFT of N points (Makhoul, 1980): the input is
reordered to v = (x0, x2, x4, ..., x5, x3, x1), and y_k = 2 Re(exp(-i pi k / 2N) V_k).
The inverse undoes each step: for real y, (y_k - i y_(N-k)) exp(i pi k / 2N) / 2 is the
Hermitian spectrum V (y_N = 0), whose inverse real FFT gives v back. Everything is a
composition of linear lax operations, so grads and vmap come from their rules.
"""
from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import ArrayImpl
from ..core.avals import canonicalize_axis
from ..numpy._promote import check_arraylike
from ..numpy.creation import asarray
from ..primitives.fft import FftType, complex_dtype

_REAL_OF = {np.dtype(np.complex64): np.dtype(np.float32),
            np.dtype(np.complex128): np.dtype(np.float64)}


def _check(name: str, type, norm) -> None:
    if type != 2:
        raise NotImplementedError("Only DCT type 2 is implemented.")
    if norm is not None and norm not in ("backward", "ortho"):
        raise ValueError(f"jax.scipy.fft.{name}: norm={norm!r} is not implemented")


def _const(values, ndim: int, dtype) -> ArrayImpl:
    """A vector along the last axis as a rank-`ndim` constant (lax ops broadcast it)."""
    return ArrayImpl(np.asarray(values, dtype).reshape((1,) * (ndim - 1) + (-1,)), False)


def _last_axis_to(x, axis: int, n, name: str):
    """x with `axis` moved last and cut or zero-padded to n points there."""
    ndim = x.ndim
    if axis != ndim - 1:
        perm = tuple(d for d in range(ndim) if d != axis) + (axis,)
        x = lax.transpose(x, perm)
    if n is not None:
        n = operator.index(n)
        if n < 1:
            raise ValueError(f"jax.scipy.fft.{name}: invalid number of data points ({n}) "
                             "specified")
        size = x.shape[-1]
        if n < size:
            x = lax.slice_in_dim(x, 0, n, axis=ndim - 1)
        elif n > size:
            zero = ArrayImpl(np.zeros((), x.dtype), False)
            x = lax.pad(x, zero, [(0, 0, 0)] * (ndim - 1) + [(0, n - size, 0)])
    if x.shape[-1] == 0:
        raise ValueError(f"jax.scipy.fft.{name}: invalid number of data points (0) along "
                         f"axis {axis} of an input of shape {x.shape}")
    return x


def _last_axis_back(x, axis: int):
    ndim = x.ndim
    if axis == ndim - 1:
        return x
    perm = list(range(ndim - 1))
    perm.insert(axis, ndim - 1)
    return lax.transpose(x, tuple(perm))


def _ortho_gains(size: int) -> np.ndarray:
    """How much the orthonormal DCT-II scales each output of the plain one."""
    gains = np.full(size, np.sqrt(1 / (2 * size)))
    gains[0] = np.sqrt(1 / (4 * size))
    return gains


def _dct_last(x, norm):
    """The DCT-II of a real array along its last axis."""
    ndim, size = x.ndim, x.shape[-1]
    last = ndim - 1
    evens = lax.slice_in_dim(x, 0, size, 2, axis=last)
    odds = lax.rev(lax.slice_in_dim(x, 1, size, 2, axis=last), (last,))
    spectrum = lax.fft(lax.concatenate([evens, odds], last), FftType.FFT, (size,))
    k = np.arange(size)
    twiddle = 2 * np.exp(-0.5j * np.pi * k / size)
    if norm == "ortho":
        twiddle = twiddle * _ortho_gains(size)
    return lax.real(lax.mul(spectrum, _const(twiddle, ndim, spectrum.dtype)))


def _idct_last(x, norm):
    """The inverse DCT-II (a scaled DCT-III) of a real array along its last axis."""
    ndim, size = x.ndim, x.shape[-1]
    last = ndim - 1
    if norm == "ortho":
        x = lax.mul(x, _const(1 / _ortho_gains(size), ndim, x.dtype))
    # (y_k - i y_(N-k)) with y_N = 0, for the N // 2 + 1 frequencies irfft reads.
    half = size // 2 + 1
    mirrored = lax.pad(lax.rev(lax.slice_in_dim(x, size - half + 1, size, axis=last),
                               (last,)),
                       ArrayImpl(np.zeros((), x.dtype), False),
                       [(0, 0, 0)] * last + [(1, 0, 0)])
    head = lax.slice_in_dim(x, 0, half, axis=last)
    spectrum = lax.complex(head, lax.neg(mirrored))
    k = np.arange(half)
    twiddle = np.exp(0.5j * np.pi * k / size) / 2
    spectrum = lax.mul(spectrum, _const(twiddle, ndim, spectrum.dtype))
    v = lax.fft(spectrum, FftType.IRFFT, (size,))
    # v = (x0, x2, x4, ..., x5, x3, x1): put the reversed odd entries back between.
    n_even = (size + 1) // 2
    evens = lax.slice_in_dim(v, 0, n_even, axis=last)
    odds = lax.rev(lax.slice_in_dim(v, n_even, size, axis=last), (last,))
    if size % 2:
        odds = lax.pad(odds, ArrayImpl(np.zeros((), v.dtype), False),
                       [(0, 0, 0)] * last + [(0, 1, 0)])
    pairs = lax.concatenate([lax.expand_dims(evens, (ndim,)),
                             lax.expand_dims(odds, (ndim,))], ndim)
    out = lax.reshape(pairs, v.shape[:-1] + (2 * n_even,))
    return lax.slice_in_dim(out, 0, size, axis=last) if size % 2 else out


def _real_input(name: str, x, inverse: bool):
    """x as the real dtype the transform returns, or None for complex x."""
    dtype = x.dtype
    if dtypes.is_complex(dtype):
        return None
    if inverse and not dtypes.is_inexact(dtype):
        dtype = dtypes.to_inexact_dtype(dtype)  # idct promotes like jnp (int32: float32)
    real = _REAL_OF[complex_dtype(dtype)]
    return x if x.dtype == real and not x.weak_type else lax.convert_element_type(x, real)


def _transform(name: str, x, n, axis, norm, inverse: bool):
    real = _real_input(name, x, inverse)
    if real is None:
        return lax.complex(_transform(name, lax.real(x), n, axis, norm, inverse),
                           _transform(name, lax.imag(x), n, axis, norm, inverse))
    axis = canonicalize_axis(axis, real.ndim)
    y = _last_axis_to(real, axis, n, name)
    y = _idct_last(y, norm) if inverse else _dct_last(y, norm)
    return _last_axis_back(y, axis)


def _as_array(name: str, x):
    check_arraylike(name, x)
    return asarray(x)


def dct(x, type: int = 2, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The type-2 discrete cosine transform along `axis` (cut or zero-padded to n)."""
    x = _as_array("dct", x)
    _check("dct", type, norm)
    return _transform("dct", x, n, axis, norm, inverse=False)


def idct(x, type: int = 2, n: int | None = None, axis: int = -1, norm: str | None = None):
    """The inverse of the type-2 DCT along `axis`."""
    x = _as_array("idct", x)
    _check("idct", type, norm)
    return _transform("idct", x, n, axis, norm, inverse=True)


def _axes_and_sizes(name: str, x, s, axes):
    if s is not None:
        try:
            s = [operator.index(v) for v in s]
        except TypeError:
            s = [operator.index(s)]
        if len(s) > x.ndim:
            raise ValueError(f"s must have at most x.ndim ({x.ndim}) elements, got {len(s)}")
    if axes is None:
        axes = tuple(range(x.ndim - len(s), x.ndim)) if s is not None else tuple(range(x.ndim))
    else:
        try:
            axes = tuple(operator.index(a) for a in axes)
        except TypeError:
            axes = (operator.index(axes),)
        axes = tuple(canonicalize_axis(a, x.ndim) for a in axes)
        if len(set(axes)) != len(axes):
            raise ValueError(f"jax.scipy.fft.{name}: repeated axes {axes}")
    if s is not None and len(s) != len(axes):
        raise ValueError(f"jax.scipy.fft.{name}: s={tuple(s)} and axes={axes} have different "
                         "lengths")
    return axes, [None] * len(axes) if s is None else s


def _transform_nd(name, x, type, s, axes, norm, inverse):
    """One 1-D (inverse) DCT per axis in `axes`."""
    x = _as_array(name, x)
    _check(name, type, norm)
    axes, sizes = _axes_and_sizes(name, x, s, axes)
    for axis, n in zip(axes, sizes):
        x = _transform(name, x, n, axis, norm, inverse=inverse)
    return x


def dctn(x, type: int = 2, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
         norm: str | None = None):
    """The multidimensional type-2 DCT: one 1-D DCT per axis in `axes`."""
    return _transform_nd("dctn", x, type, s, axes, norm, inverse=False)


def idctn(x, type: int = 2, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: str | None = None):
    """The inverse of dctn: one 1-D inverse DCT per axis in `axes`."""
    return _transform_nd("idctn", x, type, s, axes, norm, inverse=True)


__all__ = ["dct", "idct", "dctn", "idctn"]
