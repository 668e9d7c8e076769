"""Bitwise primitives: not/and/or/xor, shifts (XLA's rules past the bit width),
population_count and clz. Integer-valued: their JVPs give zero (float0) tangents."""
from __future__ import annotations

import numpy as np

from .families import INT_OR_BOOL, INTEGER, binary, defjvp, lax_operands, unary

_ZERO_JVP = defjvp()

_UNSIGNED_OF = {1: np.dtype(np.uint8), 2: np.dtype(np.uint16), 4: np.dtype(np.uint32),
                8: np.dtype(np.uint64)}
_SIGNED_OF = {1: np.dtype(np.int8), 2: np.dtype(np.int16), 4: np.dtype(np.int32),
              8: np.dtype(np.int64)}


def _dtype_of(*values) -> np.dtype:
    """The dtype of the first operand that has one (others may be Python scalars)."""
    for v in values:
        dtype = getattr(v, "dtype", None)
        if dtype is not None:
            return dtype
    return np.asarray(values[0]).dtype


# -- bitwise --------------------------------------------------------------------------------

not_p = unary("not", lambda xp, x: xp.invert(x), accepts=INT_OR_BOOL, jvp=_ZERO_JVP)
and_p = binary("and", lambda xp, x, y: xp.bitwise_and(x, y), accepts=INT_OR_BOOL,
               jvp=_ZERO_JVP)
or_p = binary("or", lambda xp, x, y: xp.bitwise_or(x, y), accepts=INT_OR_BOOL, jvp=_ZERO_JVP)
xor_p = binary("xor", lambda xp, x, y: xp.bitwise_xor(x, y), accepts=INT_OR_BOOL,
               jvp=_ZERO_JVP)


def bitwise_not(x):
    """Elementwise bitwise NOT (logical NOT for bool)."""
    return not_p.bind(x)


def bitwise_and(x, y):
    """Elementwise bitwise AND."""
    return and_p.bind(*lax_operands(x, y))


def bitwise_or(x, y):
    """Elementwise bitwise OR."""
    return or_p.bind(*lax_operands(x, y))


def bitwise_xor(x, y):
    """Elementwise bitwise XOR."""
    return xor_p.bind(*lax_operands(x, y))


def _shift_operands(xp, x, y):
    """(x, shift amounts clamped into [0, bits), mask of the amounts in range, bits).

    XLA compares the amount as an unsigned number, so a negative amount is out of range."""
    dtype = _dtype_of(x, y)
    x = xp.asarray(x, dtype)
    unsigned = _UNSIGNED_OF[dtype.itemsize]
    bits = dtype.itemsize * 8
    amount = xp.asarray(y, dtype).view(unsigned)
    in_range = amount < bits
    return x, xp.where(in_range, amount, unsigned.type(bits - 1)), in_range, unsigned


def _shift_left_impl(xp, x, y):
    x, amount, in_range, unsigned = _shift_operands(xp, x, y)
    shifted = xp.left_shift(x.view(unsigned), amount)
    return xp.where(in_range, shifted, unsigned.type(0)).view(x.dtype)


def _shift_right_logical_impl(xp, x, y):
    x, amount, in_range, unsigned = _shift_operands(xp, x, y)
    shifted = xp.right_shift(x.view(unsigned), amount)
    return xp.where(in_range, shifted, unsigned.type(0)).view(x.dtype)


def _shift_right_arithmetic_impl(xp, x, y):
    # Out-of-range amounts shift by bits - 1, which leaves the sign fill (0 or -1);
    # unsigned operands are shifted as their signed bit pattern, as XLA does.
    x, amount, _, unsigned = _shift_operands(xp, x, y)
    signed = _SIGNED_OF[x.dtype.itemsize]
    return xp.right_shift(x.view(signed), amount.view(signed)).view(x.dtype)


shift_left_p = binary("shift_left", _shift_left_impl, accepts=INTEGER, jvp=_ZERO_JVP)
shift_right_logical_p = binary("shift_right_logical", _shift_right_logical_impl,
                               accepts=INTEGER, jvp=_ZERO_JVP)
shift_right_arithmetic_p = binary("shift_right_arithmetic", _shift_right_arithmetic_impl,
                                  accepts=INTEGER, jvp=_ZERO_JVP)


def shift_left(x, y):
    """Elementwise x << y; shifts by y outside [0, bits) give 0."""
    return shift_left_p.bind(*lax_operands(x, y))


def shift_right_logical(x, y):
    """Elementwise logical (zero-filling) x >> y; shifts outside [0, bits) give 0."""
    return shift_right_logical_p.bind(*lax_operands(x, y))


def shift_right_arithmetic(x, y):
    """Elementwise sign-filling x >> y; shifts outside [0, bits) give 0 or -1."""
    return shift_right_arithmetic_p.bind(*lax_operands(x, y))


def _population_count_impl(xp, x):
    x = xp.asarray(x)
    # bitwise_count counts the bits of |x| for signed types: count the bit pattern instead.
    return xp.bitwise_count(x.view(_UNSIGNED_OF[x.dtype.itemsize])).astype(x.dtype)


# Like JAX, no jvp rule: an integer result carries a float0 tangent without one (also clz).
population_count_p = unary("population_count", _population_count_impl, accepts=INTEGER)


def population_count(x):
    """Elementwise number of set bits."""
    return population_count_p.bind(x)


def _clz_impl(xp, x):
    x = xp.asarray(x)
    unsigned = _UNSIGNED_OF[x.dtype.itemsize]
    bits = x.dtype.itemsize * 8
    value = x.view(unsigned)
    length = xp.zeros(x.shape, unsigned)
    shift = bits // 2
    while shift:  # binary search for the bit length
        high = value >= unsigned.type(1 << shift)
        length = xp.where(high, length + unsigned.type(shift), length)
        value = xp.where(high, value >> unsigned.type(shift), value)
        shift //= 2
    length = length + (value != 0).astype(unsigned)
    return (unsigned.type(bits) - length).astype(x.dtype)


clz_p = unary("clz", _clz_impl, accepts=INTEGER)


def clz(x):
    """Elementwise count of leading zero bits."""
    return clz_p.bind(x)


__all__ = ["not_p", "and_p", "or_p", "xor_p", "shift_left_p", "shift_right_logical_p", "shift_right_arithmetic_p", "population_count_p", "clz_p", "bitwise_not", "bitwise_and", "bitwise_or", "bitwise_xor", "shift_left", "shift_right_logical", "shift_right_arithmetic", "population_count", "clz"]
