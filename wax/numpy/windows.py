"""Window functions (bartlett, blackman, hamming, hanning, kaiser), the modified Bessel
function i0 (with JAX's derivative) and spacing.

The windows are computed in the default float dtype from an iota, as JAX does; kaiser is
differentiable in beta. i0 is exp(|x|) * bessel_i0e(|x|) under a custom JVP: the JVP of
that expression, except exactly 0 at x == 0 (where |x|'s derivative would give 1).
"""
from __future__ import annotations

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.interpreters import concrete_value
from ..transforms.custom_derivatives import custom_jvp
from ..transforms.jvp import jvp
from ._search_util import arraylike, full_of, promote_inexact
from .selection import where
from .ufuncs import absolute, cos, sqrt
from .ufuncs_extra import copysign

__all__ = ["bartlett", "blackman", "hamming", "hanning", "kaiser", "i0", "spacing"]


def _window_positions(M, name):
    """(M as an int, the default float dtype, iota over M) — or, for M <= 1, the window
    itself (ones) as the second value of a pair whose first is None."""
    M = int(concrete_value(M, f"M argument of jnp.{name}"))
    dtype = dtypes.default_float_dtype()
    if M < 0:
        raise TypeError(f"jnp.{name}: the window length M must be nonnegative, got M={M} "
                        f"(a window of shape {(M,)})")
    if M <= 1:
        return M, None, full_of((M,), 1, dtype)
    return M, make_array(np.arange(M, dtype=dtype)), None


def bartlett(M):
    """The triangular (Bartlett) window of M points."""
    M, n, ones = _window_positions(M, "bartlett")
    if n is None:
        return ones
    return 1 - absolute(2 * n + 1 - M) / (M - 1)


def blackman(M):
    """The Blackman window of M points."""
    M, n, ones = _window_positions(M, "blackman")
    if n is None:
        return ones
    return (0.42 - 0.5 * cos(2 * np.pi * n / (M - 1))
            + 0.08 * cos(4 * np.pi * n / (M - 1)))


def hamming(M):
    """The Hamming window of M points."""
    M, n, ones = _window_positions(M, "hamming")
    if n is None:
        return ones
    return 0.54 - 0.46 * cos(2 * np.pi * n / (M - 1))


def hanning(M):
    """The Hann window of M points."""
    M, n, ones = _window_positions(M, "hanning")
    if n is None:
        return ones
    return 0.5 * (1 - cos(2 * np.pi * n / (M - 1)))


def kaiser(M, beta):
    """The Kaiser window of M points with shape parameter beta (differentiable in beta)."""
    M, n, ones = _window_positions(M, "kaiser")
    arraylike("kaiser", beta)
    if n is None:
        return ones
    alpha = 0.5 * (M - 1)
    return i0(beta * sqrt(1 - ((n - alpha) / alpha) ** 2)) / i0(beta)


def _i0_expression(x):
    magnitude = lax.abs(x)
    return lax.mul(lax.exp(magnitude), lax.bessel_i0e(magnitude))


_i0 = custom_jvp(_i0_expression)


@_i0.defjvp
def _i0_jvp(primals, tangents):
    out, tangent = jvp(_i0_expression, primals, tangents)
    x, = primals
    return out, where(lax.eq(x, make_array(np.zeros((), x.dtype))), 0.0, tangent)


def i0(x):
    """The modified Bessel function of the first kind, order 0 (real floats)."""
    x, = promote_inexact(*arraylike("i0", x))
    if not dtypes.is_float(x.dtype):
        raise ValueError(f"Unsupported input type to jax.numpy.i0: {x.dtype}")
    return _i0(x)


def spacing(x, /):
    """The distance from x to the next representable number away from zero (float16:
    toward +inf, as JAX's)."""
    x, = promote_inexact(*arraylike("spacing", x))
    dtype = x.dtype
    if dtype.kind == "c":
        raise ValueError("jnp.spacing is not defined for complex inputs.")
    inf = make_array(np.asarray(np.inf, dtype))
    if dtype == np.float16:
        return lax.sub(lax.nextafter(x, lax.broadcast_in_dim(inf, x.shape, ())), x)
    toward = copysign(inf, x)
    result = lax.sub(lax.nextafter(x, toward), x)
    tiny = make_array(np.asarray(dtypes.finfo(dtype).smallest_subnormal, dtype))
    return where(lax.eq(result, make_array(np.zeros((), dtype))), copysign(tiny, x), result)
