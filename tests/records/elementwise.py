"""Op records for the elementwise primitives (wax/primitives/elementwise.py and
elementwise_math.py): one record per wax.lax wrapper, checked against NumPy/SciPy.

Integer references that depend on XLA's bit-level rules (shifts, clz, popcount, mulhi)
are written with Python integers, so they share no code path with the impls. The integer
edges (division by zero, INT_MIN / -1, shifts past the width, saturating casts) and the
error messages are in tests/primitives/test_elementwise.py.
"""
import numpy as np
import scipy.special

from wax import lax

from . import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int16, int32,
               rand_default, rand_nonzero, rand_positive, rand_unit, real_of, to, uint8,
               uint16, uint32)

FLOATS = [float32, float16, bfloat16]
INEXACT = FLOATS + [complex64]
INTS = [int32, int8, uint8, uint32]
NUMBERS = [float32, bfloat16, int16, uint8, complex64]
ORDERED = [float32, bfloat16, int16, uint8, bool_]

U = [(2, 3)]                          # one unary shape keeps the table small ...
U0 = [(), (2, 3)]                     # ... and a few records also check rank 0
B = [((2, 3), ())]                    # an array with a scalar
B2 = [((2, 3), ()), ((1, 3), (2, 3))]  # ... and size-1 broadcasting


# --- input generators ----------------------------------------------------------------------

def rand_ge_one(shape, dtype, rng):
    """Values in [1, 4), the domain of acosh."""
    return (rng.uniform(1.0, 4.0, size=shape)).astype(dtype)


def rand_ties(shape, dtype, rng):
    """Small integers in every dtype, so comparisons see equal pairs."""
    if dtype == bool_:
        return rng.random(shape) < 0.5
    low = 0 if dtype.kind == "u" else -2
    values = rng.integers(low, 3, size=shape)
    return (values + 0j * values).astype(dtype) if dtype.kind == "c" else values.astype(dtype)


def rand_full_int(shape, dtype, rng):
    """Integers drawn from the dtype's whole range."""
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)


def rand_shift(shape, dtype, rng):
    """Shift operands and amounts, a few of them outside [0, bits) (negative or too big)."""
    bits = dtype.itemsize * 8
    low = 0 if dtype.kind == "u" else -3
    return rng.integers(low, bits + 3, size=shape).astype(dtype)


def rand_select(shape, dtype, rng):
    """Case indices in [0, 3) for integer `which`; the usual values for the cases."""
    if dtype.kind in "iu":
        return rng.integers(0, 3, size=shape).astype(dtype)
    return rand_default(shape, dtype, rng)


# --- references written with Python integers -----------------------------------------------

def _bits(dtype):
    return np.dtype(dtype).itemsize * 8


def _from_pattern(values, dtype, shape):
    """An array of `dtype` from non-negative bit patterns (Python ints below 2**bits)."""
    unsigned = np.dtype(f"uint{_bits(dtype)}")
    return np.array(values, dtype=object).astype(np.uint64).astype(unsigned) \
        .view(dtype).reshape(shape)


def _elementwise_ints(fun):
    """A reference from fun(a, b, bits) on Python ints (bit patterns in, pattern out)."""
    def ref(x, y=None):
        bits = _bits(x.dtype)
        mask = (1 << bits) - 1
        ys = [None] * x.size if y is None else np.broadcast_to(y, x.shape).ravel()
        out = [fun(int(a) & mask, None if b is None else int(b) & mask, bits) & mask
               for a, b in zip(x.ravel(), ys)]
        return _from_pattern(out, x.dtype, x.shape)
    return ref


def _signed(pattern, bits):
    return pattern - (1 << bits) if pattern >> (bits - 1) else pattern


shift_left_ref = _elementwise_ints(lambda a, b, bits: a << b if b < bits else 0)
shift_right_logical_ref = _elementwise_ints(lambda a, b, bits: a >> b if b < bits else 0)
shift_right_arithmetic_ref = _elementwise_ints(
    lambda a, b, bits: _signed(a, bits) >> (b if b < bits else bits - 1))
population_count_ref = _elementwise_ints(lambda a, _, bits: bin(a).count("1"))
clz_ref = _elementwise_ints(lambda a, _, bits: bits - a.bit_length())


def mulhi_ref(x, y):
    bits = _bits(x.dtype)
    signed = x.dtype.kind == "i"
    value = (lambda v: _signed(int(v) & ((1 << bits) - 1), bits)) if signed else int
    out = [(value(a) * value(b)) >> bits for a, b in zip(x.ravel(), y.ravel())]
    return _from_pattern([v & ((1 << bits) - 1) for v in out], x.dtype, x.shape)


def nextafter_ref(x, y):
    """The neighbouring float by stepping the bit pattern (x, y in their own dtype)."""
    x, y = np.broadcast_arrays(x, y)
    out = []
    for a, b in zip(x.ravel(), y.ravel()):
        if a == b:
            out.append(b)
            continue
        unsigned = np.dtype(f"uint{_bits(x.dtype)}")
        pattern = int(np.array(a).view(unsigned))
        up = (b > a) == (a > 0) if a != 0 else None
        if up is None:  # from zero: the smallest subnormal with y's sign
            out.append(np.array(1, unsigned).view(x.dtype) * (1 if b > 0 else -1))
        else:
            out.append(np.array(pattern + (1 if up else -1), unsigned).view(x.dtype))
    return np.array(out, x.dtype).reshape(x.shape)


def round_away_ref(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def div_int_ref(x, y):
    return np.trunc(x.astype(np.float64) / y).astype(x.dtype)


def bytes_ref(x, new_dtype):
    """uint32 -> its 4 bytes, least significant first (the host's order)."""
    return np.stack([(x >> (8 * k)) & 0xFF for k in range(4)], axis=-1).astype(np.uint8)


def halves_ref(x, new_dtype):
    """uint8 pairs -> uint16, the first byte the least significant."""
    return (x[..., 0].astype(np.uint16) | (x[..., 1].astype(np.uint16) << 8))


def _rec(name, op, ref, nargs, dtypes, shapes, **kwargs):
    return OpRecord(name, op, ref, nargs, dtypes, shapes=shapes, **kwargs)


def _unary(name, op, ref, dtypes=INEXACT, shapes=U, **kwargs):
    return _rec(name, op, ref, 1, dtypes, shapes, **kwargs)


def _binary(name, op, ref, dtypes, shapes=B, **kwargs):
    return _rec(name, op, ref, 2, dtypes, shapes, **kwargs)


def convert_ref(x, new_dtype):
    """NumPy's cast, except that float -> int saturates (NumPy wraps or is undefined)."""
    if x.dtype.kind == "f" and new_dtype.kind in "iu":
        info = np.iinfo(new_dtype)
        x = np.clip(np.trunc(x), info.min, info.max)
    return x.astype(new_dtype)


def _convert(new_dtype, from_dtypes, **kwargs):
    return _unary(f"convert_element_type_{np.dtype(new_dtype).name}",
                  lambda x, new_dtype: lax.convert_element_type(x, new_dtype), convert_ref,
                  dtypes=from_dtypes,
                  out_dtype=to(np.dtype(new_dtype)), params={"new_dtype": new_dtype},
                  **kwargs)


RECORDS = [
    # -- arithmetic
    _unary("neg", lax.neg, np.negative, dtypes=NUMBERS + [int8], shapes=U0),
    _unary("sign", lax.sign, np.sign, dtypes=[float32, float16, int32, uint8, complex64]),
    _unary("floor", lax.floor, np.floor, dtypes=FLOATS),
    _unary("ceil", lax.ceil, np.ceil, dtypes=FLOATS),
    _unary("round", lax.round, round_away_ref, dtypes=FLOATS, shapes=U0),
    _unary("round_even", lambda x, rounding_method: lax.round(x, rounding_method),
           lambda x, rounding_method: np.rint(x), dtypes=FLOATS,
           params={"rounding_method": lax.RoundingMethod.TO_NEAREST_EVEN}),
    _unary("is_finite", lax.is_finite, np.isfinite, dtypes=FLOATS, out_dtype=to(bool_)),
    _unary("abs", lax.abs, np.abs, dtypes=[float32, bfloat16, int8, int32, complex64],
           out_dtype=real_of, shapes=U0),
    _unary("conj", lax.conj, lambda x: np.conj(x.astype(np.complex128)),
           dtypes=[float32, complex64], out_dtype=to(complex64)),
    _unary("real", lax.real, np.real, dtypes=[complex64], out_dtype=real_of),
    _unary("imag", lax.imag, np.imag, dtypes=[complex64], out_dtype=real_of),
    _binary("complex", lax.complex, lambda x, y: x + 1j * y, [float32], shapes=B2,
            out_dtype=to(complex64)),
    _binary("add", lax.add, np.add, NUMBERS + [int8], shapes=B2),
    _binary("sub", lax.sub, np.subtract, NUMBERS, shapes=B2),
    _binary("mul", lax.mul, np.multiply, NUMBERS, shapes=B2),
    _binary("mul_out_dtype", lambda x, y, out_dtype: lax.mul(x, y, out_dtype=out_dtype),
            lambda x, y, out_dtype: x.astype(out_dtype) * y.astype(out_dtype),
            [int8, int16], out_dtype=to(int32), params={"out_dtype": int32}),
    _binary("div", lax.div, np.divide, INEXACT, shapes=B2, rng=rand_nonzero),
    _binary("div_int", lax.div, div_int_ref, [int32, int8, uint8], rng=rand_nonzero),
    _binary("rem", lax.rem, np.fmod, FLOATS + [int32, int8, uint8], rng=rand_nonzero),
    _unary("integer_pow", lambda x, y: lax.integer_pow(x, y), lambda x, y: x ** y,
           dtypes=[float32, bfloat16, int8, int32, complex64], params={"y": 3}),
    _unary("integer_pow_neg", lambda x, y: lax.integer_pow(x, y), lambda x, y: x ** y,
           dtypes=[float32, complex64], rng=rand_nonzero, params={"y": -2}),
    _unary("integer_pow_zero", lambda x, y: lax.integer_pow(x, y), lambda x, y: x ** y,
           dtypes=[float32, int8], params={"y": 0}),
    _unary("square", lax.square, np.square, dtypes=NUMBERS),
    _unary("reciprocal", lax.reciprocal, lambda x: 1 / x, dtypes=INEXACT, rng=rand_nonzero),
    # grad_order=1: rand_ties puts operands within a difference step of the x == y kink.
    _binary("max", lax.max, np.maximum, ORDERED + [complex64], rng=rand_ties, shapes=B2,
            grad_order=1),
    _binary("min", lax.min, np.minimum, ORDERED + [complex64], rng=rand_ties, grad_order=1),
    # jvp=False: nextafter has no jvp rule, as in JAX (which defines no derivative for it).
    _binary("nextafter", lax.nextafter, nextafter_ref, FLOATS, ref_same_dtype=True,
            exact=True, jvp=False),
    _binary("mulhi", lax.mulhi, mulhi_ref, [int32, uint32, int8, uint16], rng=rand_full_int,
            shapes=[((2, 3), (2, 3))]),
    # -- transcendental and special functions
    _unary("exp", lax.exp, np.exp, shapes=U0),
    _unary("exp2", lax.exp2, np.exp2),
    _unary("expm1", lax.expm1, np.expm1),
    _unary("log", lax.log, np.log, rng=rand_positive),
    _unary("log1p", lax.log1p, np.log1p, rng=rand_positive),
    _unary("logistic", lax.logistic, lambda x: 1 / (1 + np.exp(-x))),
    _unary("sin", lax.sin, np.sin, shapes=U0),
    _unary("cos", lax.cos, np.cos),
    _unary("tan", lax.tan, np.tan, rng=rand_unit),
    _unary("tanh", lax.tanh, np.tanh),
    _unary("asin", lax.asin, np.arcsin, rng=rand_unit),
    _unary("acos", lax.acos, np.arccos, rng=rand_unit),
    _unary("atan", lax.atan, np.arctan),
    _unary("sinh", lax.sinh, np.sinh),
    _unary("cosh", lax.cosh, np.cosh),
    _unary("asinh", lax.asinh, np.arcsinh),
    _unary("acosh", lax.acosh, np.arccosh, rng=rand_ge_one),
    _unary("atanh", lax.atanh, np.arctanh, rng=rand_unit),
    _unary("sqrt", lax.sqrt, np.sqrt, rng=rand_positive, shapes=U0),
    _unary("rsqrt", lax.rsqrt, lambda x: 1 / np.sqrt(x), rng=rand_positive),
    _unary("cbrt", lax.cbrt, np.cbrt, dtypes=FLOATS),
    _binary("pow", lax.pow, np.power, INEXACT, rng=rand_positive, shapes=B2),
    _binary("pow_int_exponent", lax.pow, np.power, [(float32, int32), (complex64, int8)],
            rng=rand_positive, shapes=[((2, 3), (2, 3))]),
    _binary("atan2", lax.atan2, np.arctan2, FLOATS, shapes=B2),
    _unary("erf", lax.erf, scipy.special.erf, dtypes=FLOATS),
    _unary("erfc", lax.erfc, scipy.special.erfc, dtypes=FLOATS),
    _unary("erf_inv", lax.erf_inv, scipy.special.erfinv, dtypes=FLOATS, rng=rand_unit),
    _unary("lgamma", lax.lgamma, scipy.special.gammaln, dtypes=FLOATS),
    _unary("digamma", lax.digamma, scipy.special.psi, dtypes=FLOATS, rng=rand_positive),
    _unary("polygamma_1", lambda x: lax.polygamma(1.0, x),
           lambda x: scipy.special.polygamma(1, x), dtypes=FLOATS, rng=rand_positive),
    _unary("polygamma_3", lambda x: lax.polygamma(3.0, x),
           lambda x: scipy.special.polygamma(3, x), dtypes=[float32], rng=rand_positive),
    # -- comparisons
    _binary("eq", lax.eq, np.equal, ORDERED + [complex64], rng=rand_ties, shapes=B2,
            out_dtype=to(bool_)),
    _binary("ne", lax.ne, np.not_equal, ORDERED + [complex64], rng=rand_ties,
            out_dtype=to(bool_)),
    _binary("lt", lax.lt, np.less, ORDERED, rng=rand_ties, out_dtype=to(bool_)),
    _binary("le", lax.le, np.less_equal, ORDERED, rng=rand_ties, out_dtype=to(bool_)),
    _binary("gt", lax.gt, np.greater, ORDERED, rng=rand_ties, out_dtype=to(bool_)),
    _binary("ge", lax.ge, np.greater_equal, ORDERED, rng=rand_ties, out_dtype=to(bool_)),
    # -- bitwise
    _unary("bitwise_not", lax.bitwise_not, np.invert, dtypes=[int32, uint8, bool_]),
    _binary("bitwise_and", lax.bitwise_and, np.bitwise_and, [int32, uint8, int16, bool_]),
    _binary("bitwise_or", lax.bitwise_or, np.bitwise_or, [int32, uint8, int16, bool_]),
    _binary("bitwise_xor", lax.bitwise_xor, np.bitwise_xor, [int32, uint8, int16, bool_]),
    _binary("shift_left", lax.shift_left, shift_left_ref, [int32, int8, uint8, uint16],
            rng=rand_shift, shapes=[((2, 4), (2, 4))]),
    _binary("shift_right_logical", lax.shift_right_logical, shift_right_logical_ref,
            [int32, int8, uint8, uint16], rng=rand_shift, shapes=[((2, 4), (2, 4))]),
    _binary("shift_right_arithmetic", lax.shift_right_arithmetic, shift_right_arithmetic_ref,
            [int32, int8, uint8, uint16], rng=rand_shift, shapes=[((2, 4), (2, 4))]),
    _unary("population_count", lax.population_count, population_count_ref, dtypes=INTS,
           rng=rand_full_int),
    _unary("clz", lax.clz, clz_ref, dtypes=INTS, rng=rand_full_int),
    # -- selection
    _rec("select_n_bool", lax.select_n, lambda w, a, b: np.where(w, b, a), 3,
         [(bool_, float32, float32), (bool_, int8, int8)],
         [((2, 3),) * 3, ((), (2, 3), (2, 3))], out_dtype=lambda w, case, _: case),
    _rec("select_n_int", lax.select_n, lambda w, *cases: np.choose(w, cases), 4,
         [(int32,) + (bfloat16,) * 3, (uint8,) + (complex64,) * 3], [((2, 3),) * 4],
         rng=rand_select, out_dtype=lambda w, case, *_: case),
    _rec("select", lax.select, np.where, 3, [(bool_, float16, float16), (bool_, bool_, bool_)],
         [((2, 3),) * 3], out_dtype=lambda pred, case, _: case),
    _rec("clamp", lax.clamp, lambda lo, x, hi: np.minimum(np.maximum(x, lo), hi), 3,
         [float32, int16, bfloat16], [((), (2, 3), ()), ((2, 3),) * 3],
         out_dtype=lambda lo, x, hi: x),
    # -- conversions
    _convert(int32, [float32, float16, bfloat16, uint8, bool_]),
    _convert(uint8, [float32, int32]),
    _convert(float32, [int32, uint8, bool_, float16, bfloat16]),
    # jvp=False: the float64 inputs of the jvp check are rounded to bfloat16, whose spacing
    # (2**-7 relative) dwarfs the step eps=1e-4: central differences see a step function.
    _convert(bfloat16, [float32, int8], jvp=False),
    _convert(bool_, [float32, int32, uint8]),
    # jvp_tol: the float64 inputs are rounded to complex64; a rounding error of half a
    # float32 ulp (<= 1.2e-7 for |x| < 4) on each side, over 2 * eps = 2e-4, is <= 1.2e-3.
    _convert(complex64, [float32, int16], jvp_tol=2e-3),
    _unary("bitcast_convert_type_same_size",
           lambda x, new_dtype: lax.bitcast_convert_type(x, new_dtype),
           lambda x, new_dtype: x.view(new_dtype), dtypes=[float32], ref_same_dtype=True,
           out_dtype=to(int32), params={"new_dtype": int32}),
    _unary("bitcast_convert_type_narrower",
           lambda x, new_dtype: lax.bitcast_convert_type(x, new_dtype), bytes_ref,
           dtypes=[uint32], rng=rand_full_int, out_dtype=to(uint8),
           params={"new_dtype": uint8}),
    _unary("bitcast_convert_type_wider",
           lambda x, new_dtype: lax.bitcast_convert_type(x, new_dtype), halves_ref,
           dtypes=[uint8], shapes=[(3, 2)], rng=rand_full_int, out_dtype=to(uint16),
           params={"new_dtype": uint16}),
    # jvp=False: rounding is a step function (central differences give 0), but JAX's rule
    # treats it as linear (the tangent is rounded too); test_elementwise.py checks that.
    _unary("reduce_precision_bf16", lambda x, e, m: lax.reduce_precision(x, e, m),
           lambda x, e, m: x.astype(bfloat16).astype(np.float64), dtypes=[float32],
           exact=True, params={"e": 8, "m": 7}, jvp=False),
    _unary("reduce_precision_f16", lambda x, e, m: lax.reduce_precision(x, e, m),
           lambda x, e, m: x.astype(float16).astype(np.float64), dtypes=[float32],
           exact=True, params={"e": 5, "m": 10}, jvp=False),
]
