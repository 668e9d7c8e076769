"""More elementwise functions of wax.numpy: rounding, float manipulation (copysign,
signbit, ldexp, frexp, modf), composites such as hypot, sinc, clip, round, nan_to_num,
isclose, fmax/fmin, gcd and lcm, and the bitwise operations. Same conventions as
ufuncs.py."""
from __future__ import annotations

import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.interpreters import Tracer
from ._promote import (check_arraylike, convert_to, promote_args, promote_args_inexact,
                       promote_shapes)
from ..core.avals import broadcast_shapes
from .ufuncs import (_check_ufunc_kwargs, absolute, broadcast_to_shape, const, const_like,
                     lax_const,
                     floor_divide,
                     full_like, greater, isnan, isneginf, isposinf, less, logical_and,
                     logical_or, maximum, minimum, multiply, promote_args_numeric, where_)

_bool = dtypes.bool_


# --- rounding ------------------------------------------------------------------------

def floor(x, /):
    """Round down to an integral value (integers and booleans are returned as they are)."""
    x, = promote_args("floor", x)
    return x if x.dtype.kind in "iub" else lax.floor(x)


def ceil(x, /):
    """Round up to an integral value (integers and booleans are returned as they are)."""
    x, = promote_args("ceil", x)
    return x if x.dtype.kind in "iub" else lax.ceil(x)


def trunc(x):
    """Round toward zero (integers and booleans are returned as they are)."""
    x, = promote_args("trunc", x)
    if x.dtype.kind in "iub":
        return x
    return lax.select_n(lax.lt(x, const_like(x, 0)), lax.floor(x), lax.ceil(x))


def _round_half_even(x):
    return lax.round(x, lax.RoundingMethod.TO_NEAREST_EVEN)


def rint(x, /):
    """Round to the nearest integral value, halves to even; always a float result."""
    x, = promote_args("rint", x)
    kind = x.dtype.kind
    if kind in "iub":
        return lax.convert_element_type(x, dtypes.default_float_dtype())
    if kind == "c":
        return lax.complex(_round_half_even(lax.real(x)), _round_half_even(lax.imag(x)))
    return _round_half_even(x)


def round(a, decimals=0, out=None):
    """Round to `decimals` decimal places, halves to even (integers: no-op)."""
    a, = promote_args("round", a)
    decimals = operator.index(decimals)
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.round is not supported.")
    dtype = a.dtype
    if dtype == _bool:
        raise ValueError(f"data type {np.bool_!r} not inexact")
    if dtypes.is_integer(dtype):
        if decimals < 0:
            raise NotImplementedError("integer np.round not implemented for decimals < 0")
        return a

    def round_float(x):
        if decimals == 0:
            return _round_half_even(x)
        # Scaling float16 would lose digits: round through float32 instead.
        if dtype == np.float16:
            x = lax.convert_element_type(x, np.float32)
        factor = lax_const(x, 10.0 ** decimals)
        out = lax.div(_round_half_even(lax.mul(x, factor)), factor)
        return lax.convert_element_type(out, dtype) if dtype == np.float16 else out

    if dtype.kind == "c":
        return lax.complex(round_float(lax.real(a)), round_float(lax.imag(a)))
    return round_float(a)


def around(a, decimals=0, out=None):
    """Alias of round."""
    return round(a, decimals, out)


# --- float manipulation ----------------------------------------------------------------

_INT_OF_WIDTH = {2: np.dtype(np.int16), 4: np.dtype(np.int32), 8: np.dtype(np.int64)}


def signbit(x, /):
    """Elementwise test of the sign bit (True for -0.0 and negative NaNs)."""
    x, = promote_args("signbit", x)
    dtype = x.dtype
    if dtypes.is_integer(dtype):
        return lax.lt(x, const_like(x, 0))
    if dtype == _bool:
        return full_like(x, False, _bool)
    if not dtypes.is_float(dtype):
        raise ValueError(f"jax.numpy.signbit is not well defined for {dtype}")
    bits = lax.bitcast_convert_type(x, _INT_OF_WIDTH[dtype.itemsize])
    return lax.lt(bits, const_like(bits, 0))


def copysign(x1, x2, /):
    """|x1| with the sign of x2, elementwise."""
    x1, x2 = promote_args_inexact("copysign", x1, x2)
    if x1.dtype.kind == "c":
        raise TypeError("copysign does not support complex-valued inputs")
    magnitude = lax.abs(x1)
    return where_(signbit(x2), lax.neg(magnitude), magnitude)


def _float_layout(dtype):
    """(int dtype of the same width, mantissa bits, exponent bias, exponent mask)."""
    info = dtypes.finfo(dtype)
    return (_INT_OF_WIDTH[dtype.itemsize], int(info.nmant), 1 - int(info.minexp),
            (1 << int(info.nexp)) - 1)


def _exact_power_of_two(exponent, dtype):
    """2 ** exponent in `dtype`, built from its bits (exponent is a normal one)."""
    int_dtype, nmant, bias, _ = _float_layout(dtype)
    biased = lax.add(lax.convert_element_type(exponent, int_dtype), const(int_dtype, bias))
    return lax.bitcast_convert_type(lax.shift_left(biased, const(int_dtype, nmant)), dtype)


def ldexp(x1, x2, /):
    """x1 * 2 ** x2, elementwise, for integer x2."""
    check_arraylike("ldexp", x1, x2)
    d1, d2 = dtypes.dtype_and_weak(x1)[0], dtypes.dtype_and_weak(x2)[0]
    if d1.kind == "c" or dtypes.is_inexact(d2):
        raise ValueError(f"ldexp not supported for input types {(d1, d2)}")
    x1, x2 = promote_shapes("ldexp", x1, x2)
    dtype = dtypes.to_inexact_dtype(d1)
    x1 = lax.convert_element_type(x1, dtype)
    info = dtypes.finfo(dtype)
    lo, hi = int(info.minexp), int(info.maxexp) - 1
    # Three factors, each a normal power of two, reach every finite result; a wider
    # exponent only gives 0 or inf, so clamp it first. Scaling by a power of two is
    # exact until the result leaves the normal range.
    n = lax.convert_element_type(x2, np.int32)
    n = lax.max(lax.min(n, const(np.int32, 3 * (hi - 2))), const(np.int32, 3 * lo))
    third = lax.div(n, const(np.int32, 3))
    rest = lax.sub(n, lax.mul(third, const(np.int32, 2)))
    pow_third = _exact_power_of_two(third, dtype)
    scaled = lax.mul(lax.mul(lax.mul(x1, pow_third), pow_third),
                     _exact_power_of_two(rest, dtype))
    return where_(_is_zero_inf_or_nan(x1), x1, scaled)


def frexp(x, /):
    """(mantissa, exponent) with x == mantissa * 2 ** exponent and 0.5 <= |mantissa| < 1."""
    x, = promote_args_inexact("frexp", x)
    dtype = x.dtype
    if dtype.kind == "c":
        raise TypeError("frexp does not support complex-valued inputs")
    int_dtype, nmant, bias, mask = _float_layout(dtype)
    info = dtypes.finfo(dtype)
    # Scale subnormals into the normal range first and remember the offset.
    subnormal = lax.lt(lax.abs(x), const_like(x, info.tiny))
    x_normal = where_(subnormal, lax.mul(x, const_like(x, 2.0 ** nmant)), x)
    offset = where_(subnormal, const(int_dtype, -nmant), const(int_dtype, 0))
    bits = lax.bitcast_convert_type(x_normal, int_dtype)
    biased = lax.bitwise_and(lax.shift_right_logical(bits, const(int_dtype, nmant)),
                             const(int_dtype, mask))
    exponent = lax.add(offset, lax.sub(biased, const(int_dtype, bias - 1)))
    mantissa_bits = lax.bitwise_or(
        lax.bitwise_and(bits, const(int_dtype, ~(mask << nmant))),
        const(int_dtype, (bias - 1) << nmant))
    mantissa = lax.bitcast_convert_type(mantissa_bits, dtype)
    special = _is_zero_inf_or_nan(x)
    exponent = where_(special, const(int_dtype, 0), exponent)
    # For normal numbers x * 2**-e is the same value (scaling by a power of two is exact)
    # and gives the mantissa JAX's tangent, t * 2**-e; the bit-level value covers the rest.
    scaled = lax.mul(x, lax.exp2(lax.neg(lax.convert_element_type(exponent, dtype))))
    mantissa = where_(lax.bitwise_or(special, subnormal), mantissa, scaled)
    return where_(special, x, mantissa), lax.convert_element_type(exponent, np.int32)


def _is_zero_inf_or_nan(x):
    return lax.bitwise_or(lax.bitwise_or(lax.eq(x, const_like(x, 0)), isnan(x)),
                          lax.eq(lax.abs(x), const_like(x, np.inf)))


def modf(x, /, out=None):
    """(fractional part, integral part), both with the sign of x."""
    x, = promote_args_inexact("modf", x)
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.modf is not supported.")
    whole = lax.select_n(lax.ge(x, const_like(x, 0)), lax.ceil(x), lax.floor(x))
    return lax.sub(x, whole), whole


def heaviside(x1, x2, /):
    """0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0 (NaN where x1 is NaN)."""
    x1, x2 = promote_args_inexact("heaviside", x1, x2)
    zero, one = lax_const(x1, 0), lax_const(x1, 1)
    at_zero_or_nan = where_(isnan(x1), x1, x2)
    return where_(lax.lt(x1, zero), zero, where_(lax.gt(x1, zero), one, at_zero_or_nan))


def hypot(x1, x2, /):
    """sqrt(x1 ** 2 + x2 ** 2) without intermediate overflow."""
    x1, x2 = promote_args_inexact("hypot", x1, x2)
    if x1.dtype.kind == "c":
        raise ValueError("jnp.hypot is not well defined for complex-valued inputs. "
                         "Please convert to real values first, such as by using abs(x)")
    x1, x2 = lax.abs(x1), lax.abs(x2)
    any_inf = lax.bitwise_or(isposinf(x1), isposinf(x2))
    big, small = lax.max(x1, x2), lax.min(x1, x2)
    big_is_zero = lax.eq(big, const_like(big, 0))
    safe_big = where_(big_is_zero, lax_const(big, 1), big)
    ratio = lax.div(small, safe_big)
    scaled = lax.mul(big, lax.sqrt(lax.add(lax_const(big, 1), lax.mul(ratio, ratio))))
    return where_(any_inf, lax_const(big, np.inf), where_(big_is_zero, big, scaled))


def sinc(x, /):
    """sin(pi x) / (pi x), with sinc(0) == 1."""
    x, = promote_args_inexact("sinc", x)
    is_zero = lax.eq(x, const_like(x, 0))
    pi_x = lax.mul(lax_const(x, np.pi), x)
    safe = where_(is_zero, lax_const(x, 1), pi_x)
    return where_(is_zero, lax_const(x, 1), lax.div(lax.sin(safe), safe))


# --- composites ----------------------------------------------------------------------

def fmax(x1, x2):
    """Elementwise maximum that ignores NaN unless both are NaN."""
    x1, x2 = promote_args("fmax", x1, x2)
    return where_(logical_or(greater(x1, x2), isnan(x2)), x1, x2)


def fmin(x1, x2):
    """Elementwise minimum that ignores NaN unless both are NaN."""
    x1, x2 = promote_args("fmin", x1, x2)
    return where_(logical_or(less(x1, x2), isnan(x2)), x1, x2)


def clip(arr=None, /, min=None, max=None):
    """Clip values to [min, max] (either bound may be None)."""
    check_arraylike("clip", arr)
    for value in (arr, min, max):
        if value is not None and dtypes.dtype_and_weak(value)[0].kind == "c":
            raise ValueError(
                "Clip received a complex value either through the input or the min/max "
                "keywords. Complex values have no ordering and cannot be clipped. Please "
                "convert to a real value or array by taking the real or imaginary "
                "components via jax.numpy.real/imag respectively.")
    if min is not None:
        arr = maximum(min, arr)
    if max is not None:
        arr = minimum(max, arr)
    return promote_args("clip", arr)[0]


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """Replace NaN by `nan` and infinities by `posinf`/`neginf` (the dtype's extremes)."""
    del copy
    x, = promote_args("nan_to_num", x)
    dtype = x.dtype
    if not dtypes.is_inexact(dtype):
        return x
    if dtype.kind == "c":
        return lax.complex(nan_to_num(lax.real(x), nan=nan, posinf=posinf, neginf=neginf),
                           nan_to_num(lax.imag(x), nan=nan, posinf=posinf, neginf=neginf))
    info = dtypes.finfo(dtype)
    posinf = info.max if posinf is None else posinf
    neginf = info.min if neginf is None else neginf
    out = where_(isnan(x), const(dtype, nan), x)
    out = where_(isposinf(out), const(dtype, posinf), out)
    return where_(isneginf(out), const(dtype, neginf), out)


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise |a - b| <= atol + rtol * |b|, with infinities equal only to themselves."""
    a, b = promote_args_inexact("isclose", *promote_args("isclose", a, b))
    dtype = a.dtype
    real_dtype = np.finfo(dtype).dtype if dtype.kind == "c" else dtype
    rtol = lax.convert_element_type(rtol, real_dtype)
    atol = lax.convert_element_type(atol, real_dtype)
    finite = _all_finite(b)
    in_range = lax.le(lax.abs(lax.sub(a, b)), lax.add(atol, lax.mul(rtol, lax.abs(b))))
    out = logical_or(lax.eq(a, b), logical_and(finite, in_range))
    if equal_nan:
        out = logical_or(out, logical_and(isnan(a), isnan(b)))
    return out


def _all_finite(x):
    if x.dtype.kind == "c":
        return lax.bitwise_and(lax.is_finite(lax.real(x)), lax.is_finite(lax.imag(x)))
    return lax.is_finite(x)


def _integer_args(fun_name, x1, x2):
    x1, x2 = promote_args(fun_name, x1, x2)
    if not dtypes.is_integer(x1.dtype):
        raise ValueError(f"Arguments to jax.numpy.{fun_name} must be integers.")
    return x1, x2


def _gcd_weak(x1, x2, out):
    """Weak as JAX's gcd/lcm: for 0-d weak operands only (see lax_const)."""
    weak = dtypes.dtype_and_weak(x1)[1] and not np.shape(out)  # (x1, x2: one weak flag)
    return convert_to(out, out.dtype, weak)


def gcd(x1, x2):
    """Elementwise greatest common divisor of integers (non-negative)."""
    x1, x2 = _integer_args("gcd", x1, x2)
    return _gcd_weak(x1, x2, _gcd(x1, x2))


def _gcd(x1, x2):
    shape = broadcast_shapes(np.shape(x1), np.shape(x2))
    a = broadcast_to_shape(absolute(x1), shape)
    b = broadcast_to_shape(absolute(x2), shape)
    zero, one = const_like(a, 0), const_like(a, 1)
    # Euclid's algorithm takes at most ~1.44 * bits + 2 steps (consecutive Fibonacci
    # numbers are the worst case); eagerly, stop once every remainder is zero.
    for _ in range(x1.dtype.itemsize * 12 + 2):
        if not isinstance(b, Tracer) and not np.any(np.asarray(b)):
            break
        nonzero = lax.ne(b, zero)
        safe_b = where_(nonzero, b, one)
        a, b = where_(nonzero, b, a), where_(nonzero, lax.rem(a, safe_b), zero)
    return a


def lcm(x1, x2):
    """Elementwise least common multiple of integers (non-negative)."""
    x1, x2 = _integer_args("lcm", x1, x2)
    a, b = absolute(x1), absolute(x2)
    d = _gcd(a, b)
    out = where_(lax.eq(d, const_like(d, 0)), const_like(d, 0),
                 multiply(a, floor_divide(b, d)))
    return _gcd_weak(x1, x2, out)


# --- bitwise -------------------------------------------------------------------------

def bitwise_and(x, y, /, *, out=None, where=None):
    """Elementwise bitwise and (logical and for booleans)."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("bitwise_and", out, where)
    return lax.and_p.bind(*promote_args("bitwise_and", x, y))


def bitwise_or(x, y, /, *, out=None, where=None):
    """Elementwise bitwise or (logical or for booleans)."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("bitwise_or", out, where)
    return lax.or_p.bind(*promote_args("bitwise_or", x, y))


def bitwise_xor(x, y, /, *, out=None, where=None):
    """Elementwise bitwise exclusive or."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("bitwise_xor", out, where)
    return lax.xor_p.bind(*promote_args("bitwise_xor", x, y))


def bitwise_not(x, /):
    """Elementwise bitwise inversion (logical not for booleans)."""
    return lax.bitwise_not(*promote_args("bitwise_not", x))


def bitwise_invert(x, /):
    """Alias of bitwise_not."""
    return lax.bitwise_not(*promote_args("bitwise_invert", x))


def invert(x, /):
    """Alias of bitwise_not."""
    return lax.bitwise_not(*promote_args("invert", x))


def left_shift(x, y, /):
    """Elementwise x << y (shifts past the bit width give 0)."""
    return lax.shift_left(*promote_args_numeric("left_shift", x, y))


def bitwise_left_shift(x, y, /):
    """Alias of left_shift."""
    return lax.shift_left(*promote_args_numeric("bitwise_left_shift", x, y))


def right_shift(x1, x2, /):
    """Elementwise x1 >> x2: arithmetic for signed integers, logical for unsigned."""
    x1, x2 = promote_args_numeric("right_shift", x1, x2)
    if x1.dtype.kind == "u":
        return lax.shift_right_logical(x1, x2)
    return lax.shift_right_arithmetic(x1, x2)


def bitwise_right_shift(x1, x2, /):
    """Alias of right_shift."""
    return right_shift(x1, x2)


def bitwise_count(x, /):
    """The number of 1 bits in |x|, as uint8."""
    x, = promote_args_numeric("bitwise_count", x)
    return lax.convert_element_type(lax.population_count(absolute(x)), np.uint8)


__all__ = [
    "floor", "ceil", "trunc", "rint", "round", "around",
    "signbit", "copysign", "ldexp", "frexp", "modf", "heaviside", "hypot", "sinc",
    "fmax", "fmin", "clip", "nan_to_num", "isclose", "gcd", "lcm",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_invert", "invert",
    "left_shift", "right_shift", "bitwise_left_shift", "bitwise_right_shift",
    "bitwise_count",
]
