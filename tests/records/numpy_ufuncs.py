"""Op records for wax.numpy's elementwise functions (ufuncs.py, ufuncs_extra.py).

Expected dtypes are JAX's (x64 off), written by hand: functions that promote to inexact
turn ints and bools into float32 (`float_of`), comparisons and tests give bool, abs of
complex64 is float32, sums of booleans are logical ors, and so on.
"""
import numpy as np

import wax.numpy as jnp
from wax.numpy import ufuncs as _ufuncs
from wax.numpy import ufuncs_extra as _extra

from . import (COMPLEX, OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int16,
               int32, rand_default, rand_int_small, rand_nonzero, rand_positive, rand_unit,
               real_of, to, uint8, uint32)
from . import float_of as _float_of


def _fn(name):
    """The wax.numpy function once the lead wires it into wax.numpy, else the module's
    (a record name may add a suffix after '-')."""
    name = name.split("-")[0]
    found = getattr(jnp, name, None)
    return found if found is not None else getattr(_ufuncs, name, None) or getattr(_extra,
                                                                                   name)


# --- dtype lists and shapes: few cases per function keep the table fast -----------------

F = [float32, float16, bfloat16]
FI = [float32, bfloat16, int32, uint8]
FIC = FI + COMPLEX
NUM = [float32, float16, int32, int8, uint8]
NUMC = NUM + COMPLEX
INTS = [int32, int8, int16, uint8, uint32]
ALL = [float32, bfloat16, int32, int8, uint8, bool_, complex64]

S1 = [(2, 3)]
S1_SCALAR = [(), (3,), (2, 3)]
S2 = [((2, 3), (2, 3))]
S2_BROADCAST = [((1, 3), (2, 3)), ((2, 3), (3,)), ((3,), ())]
BOOL = to(bool_)


def float_of(*dts):
    """The float dtype JAX gives when the (first) input is an integer or bool."""
    return _float_of(dts[0])


# --- input generators beyond the shared ones -------------------------------------------

def rand_ge1(shape, dtype, rng):
    """Values in [1.2, 4.2) for arccosh."""
    return (rng.uniform(1.2, 4.2, size=shape) + (0.3j if dtype.kind == "c" else 0)).astype(
        dtype)


def rand_special(shape, dtype, rng):
    """Mostly ordinary values with NaN, +inf, -inf and -0.0 mixed in (floats only)."""
    x = rand_default(shape, dtype, rng)
    if dtype.kind not in "fc" and dtype != bfloat16:
        return x
    specials = np.array([np.nan, np.inf, -np.inf, -0.0]).astype(dtype)
    pick = rng.integers(0, 8, size=shape)
    return np.where(pick < 4, specials[np.minimum(pick, 3)], x).astype(dtype)


def rand_close(shape, dtype, rng):
    """Values from a small set, so that isclose sees equal, close and far pairs."""
    if dtype.kind in "iub":
        choices = np.array([0, 1, 2, 100])
    else:
        choices = np.array([0.0, 1.0, 1.0 + 1e-6, 1.5, 100.0, 100.0001, np.inf, np.nan])
    return choices[rng.integers(0, len(choices), size=shape)].astype(dtype)


def rand_halves(shape, dtype, rng):
    """Multiples of 0.25 in [-3, 3]: exact ties for the rounding functions."""
    return (rng.integers(-12, 13, size=shape) / 4).astype(dtype)


def _on_floats(np_fn):
    """np_fn on integer and bool inputs cast to float64 (NumPy would pick float16 for
    uint8, where JAX computes in float32)."""
    def ref(*args, **kw):
        return np_fn(*(a.astype(np.float64) if a.dtype.kind in "iub" else a for a in args),
                     **kw)
    return ref


def _int_unary(name, np_fn, dtypes_, **kw):
    return OpRecord(name, _fn(name), np_fn, 1, dtypes_, shapes=S1, **kw)


def _unary_inexact(name, np_fn, rng=rand_default, dtypes_=FIC, shapes=S1, **kw):
    return OpRecord(name, _fn(name), _on_floats(np_fn), 1, dtypes_, shapes=shapes, rng=rng,
                    out_dtype=float_of, **kw)


def _binary(name, np_fn, dtypes_=NUM, shapes=S2, rng=rand_default, **kw):
    if kw.get("out_dtype") is float_of:
        np_fn = _on_floats(np_fn)
    return OpRecord(name, _fn(name), np_fn, 2, dtypes_, shapes=shapes, rng=rng, **kw)


RECORDS = [
    # arithmetic: promotion keeps the common dtype
    _binary("add", np.add, ALL, S2_BROADCAST),
    _binary("subtract", np.subtract, [float32, bfloat16, int32, uint8, complex64]),
    _binary("multiply", np.multiply, ALL, S2_BROADCAST),
    _binary("true_divide", np.true_divide, FIC, rng=rand_nonzero, out_dtype=float_of),
    _binary("divide", np.divide, [float32, int8], rng=rand_nonzero, out_dtype=float_of),
    _binary("floor_divide", np.floor_divide, [float32, int32, int8, uint8], S2_BROADCAST,
            rng=rand_nonzero),
    _binary("remainder", np.remainder, [float32, int32, int8, uint8], rng=rand_nonzero),
    _binary("mod", np.mod, [int32], rng=rand_nonzero),
    # jvp=False: rand_nonzero turns small draws into exactly 1.0, so some x / y is an exact
    # integer, where fmod jumps (central differences straddle the jump).
    _binary("fmod", np.fmod, [float32, int32, uint8], rng=rand_nonzero, jvp=False),
    _binary("divmod", np.divmod, [float32, int32], rng=rand_nonzero,
            out_dtype=lambda *d: (d[0], d[0])),
    _int_unary("negative", np.negative, [float32, int8, complex64]),
    _int_unary("positive", np.positive, [float32, uint8, complex64]),
    _unary_inexact("reciprocal", lambda x: 1 / x, rand_nonzero, [float32, int32, complex64]),
    _binary("power", np.power, [float32, float16, complex64], S2_BROADCAST,
            rng=rand_positive),
    _binary("power", np.power, [int32, int8, uint8], [((2, 3), (2, 3)), ((2, 3), ())],
            rng=rand_int_small),
    _binary("pow", np.power, [float32], rng=rand_positive),
    _binary("float_power", np.float_power, [float32, int32], rng=rand_positive,
            out_dtype=float_of),
    _int_unary("square", np.square, [float32, int8, uint8, complex64]),
    _unary_inexact("sqrt", np.sqrt, rand_positive, shapes=S1_SCALAR),
    _unary_inexact("cbrt", np.cbrt, dtypes_=FI),
    OpRecord("abs", _fn("abs"), np.abs, 1, [float32, bfloat16, int8, uint8, bool_,
                                            complex64], shapes=S1, out_dtype=real_of),
    OpRecord("absolute", _fn("absolute"), np.absolute, 1, [int32, complex64], shapes=S1,
             out_dtype=real_of),
    _unary_inexact("fabs", np.fabs, dtypes_=[float32, int32, bool_]),
    _int_unary("sign", np.sign, [float32, bfloat16, int8, complex64]),

    # exponentials and logarithms: ints promote to float32
    _unary_inexact("exp", np.exp, shapes=S1_SCALAR),
    _unary_inexact("exp2", np.exp2),
    _unary_inexact("expm1", np.expm1, dtypes_=FI),
    _unary_inexact("log", np.log, rand_positive, shapes=S1_SCALAR),
    _unary_inexact("log2", np.log2, rand_positive),
    _unary_inexact("log10", np.log10, rand_positive),
    _unary_inexact("log1p", np.log1p, rand_positive, FI),
    _binary("logaddexp", np.logaddexp, [float32, bfloat16, int32], out_dtype=float_of),
    _binary("logaddexp2", np.logaddexp2, [float32, int32], out_dtype=float_of),

    # trigonometric and hyperbolic
    _unary_inexact("sin", np.sin, shapes=S1_SCALAR),
    _unary_inexact("cos", np.cos),
    _unary_inexact("tan", np.tan, rand_unit),
    _unary_inexact("arcsin", np.arcsin, rand_unit),
    _unary_inexact("arccos", np.arccos, rand_unit),
    _unary_inexact("arctan", np.arctan),
    _binary("arctan2", np.arctan2, [float32, float16, int32], S2_BROADCAST,
            out_dtype=float_of),
    _unary_inexact("sinh", np.sinh),
    _unary_inexact("cosh", np.cosh),
    _unary_inexact("tanh", np.tanh),
    _unary_inexact("arcsinh", np.arcsinh),
    _unary_inexact("arccosh", np.arccosh, rand_ge1, [float32, bfloat16, complex64]),
    _unary_inexact("arctanh", np.arctanh, rand_unit),
    _unary_inexact("asin", np.arcsin, rand_unit, [float32]),
    _unary_inexact("acos", np.arccos, rand_unit, [float32]),
    _unary_inexact("atan", np.arctan, dtypes_=[float32]),
    _binary("atan2", np.arctan2, [float32]),
    _unary_inexact("asinh", np.arcsinh, dtypes_=[float32]),
    _unary_inexact("acosh", np.arccosh, rand_ge1, [float32]),
    _unary_inexact("atanh", np.arctanh, rand_unit, [float32]),
    _unary_inexact("sinc", np.sinc, rand_halves, [float32, int32]),
    _unary_inexact("deg2rad", np.deg2rad, dtypes_=[float32, int32]),
    _unary_inexact("rad2deg", np.rad2deg, dtypes_=[float32, int32]),
    _unary_inexact("degrees", np.degrees, dtypes_=[float16]),
    _unary_inexact("radians", np.radians, dtypes_=[float16]),
    _binary("hypot", np.hypot, [float32, bfloat16, int32], out_dtype=float_of),

    # rounding: integers pass through unchanged
    _int_unary("floor", np.floor, [float32, bfloat16, int32, bool_]),
    _int_unary("ceil", np.ceil, [float32, float16, uint8]),
    # jvp=False (rint, round): rand_halves draws exact ties x.5, where rounding jumps.
    _unary_inexact("rint", np.rint, rand_halves, [float32, int8, complex64], jvp=False),
    _int_unary("trunc", np.trunc, [float32, int32]),
    OpRecord("round", _fn("round"), np.round, 1, [float32, float16, int32, complex64],
             shapes=S1, rng=rand_halves, jvp=False),
    OpRecord("round-decimals", _fn("round"), np.round, 1, [float32, float16], shapes=S1,
             params={"decimals": 1}, tol=1e-2),
    OpRecord("around", _fn("around"), np.around, 1, [float32], shapes=S1, rng=rand_halves),

    # float manipulation
    # jvp=False (copysign, minimum, fmax, fmin): rand_special mixes in nan and +-inf, where
    # central differences are nan (inf - inf) and say nothing about the derivative.
    _binary("copysign", np.copysign, [float32, int32], S2_BROADCAST, rng=rand_special,
            out_dtype=float_of, jvp=False),
    OpRecord("signbit", _fn("signbit"), np.signbit, 1, [float32, float16, int8],
             shapes=S1, rng=rand_special, out_dtype=BOOL),
    OpRecord("ldexp", _fn("ldexp"), np.ldexp, 2, [(float32, int32), (float16, int8),
                                                  (int32, int32)],
             shapes=S2_BROADCAST, out_dtype=float_of, exact=True),
    # jvp=False: the inputs are 0, inf and nan on purpose (no finite difference there);
    # frexp_finite checks the derivative.
    OpRecord("frexp", _fn("frexp"), np.frexp, 1, [float32, float16, int32], shapes=S1,
             rng=rand_special, out_dtype=lambda d: (float_of(d), int32), exact=True,
             jvp=False),
    OpRecord("frexp_finite", _fn("frexp"), np.frexp, 1, [float32], shapes=S1,
             out_dtype=lambda d: (float_of(d), int32), exact=True),
    OpRecord("modf", _fn("modf"), np.modf, 1, [float32, int32], shapes=S1,
             out_dtype=lambda d: (float_of(d), float_of(d))),
    _binary("heaviside", np.heaviside, [float32, int32], S2_BROADCAST, out_dtype=float_of),

    # comparisons and tests
    _binary("equal", np.equal, ALL, S2_BROADCAST, rng=rand_int_small, out_dtype=BOOL),
    _binary("not_equal", np.not_equal, [float32, int8, bool_], rng=rand_int_small,
            out_dtype=BOOL),
    _binary("less", np.less, [float32, int32, uint8, bool_, complex64], S2_BROADCAST,
            rng=rand_int_small, out_dtype=BOOL),
    _binary("less_equal", np.less_equal, [float32, int8, complex64], rng=rand_int_small,
            out_dtype=BOOL),
    _binary("greater", np.greater, [bfloat16, int32, complex64], rng=rand_int_small,
            out_dtype=BOOL),
    _binary("greater_equal", np.greater_equal, [float16, uint8, complex64],
            rng=rand_int_small, out_dtype=BOOL),
    _binary("maximum", np.maximum, [float32, int8, uint8, bool_], S2_BROADCAST,
            rng=rand_special),
    _binary("maximum-bf16", np.maximum, [bfloat16]),
    _binary("minimum", np.minimum, [float32, int32, bool_], rng=rand_special, jvp=False),
    _binary("fmax", np.fmax, [float32, int32], S2_BROADCAST, rng=rand_special, jvp=False),
    _binary("fmin", np.fmin, [float32, float16], rng=rand_special, jvp=False),
    OpRecord("isnan", _fn("isnan"), np.isnan, 1, [float32, float16, int32, bool_,
                                                  complex64],
             shapes=S1, rng=rand_special, out_dtype=BOOL),
    OpRecord("isinf", _fn("isinf"), np.isinf, 1, [float32, float16, int8, complex64],
             shapes=S1, rng=rand_special, out_dtype=BOOL),
    OpRecord("isfinite", _fn("isfinite"), np.isfinite, 1, [float32, float16, uint8,
                                                           complex64],
             shapes=S1, rng=rand_special, out_dtype=BOOL),
    OpRecord("isposinf", _fn("isposinf"), np.isposinf, 1, [float32, int32], shapes=S1,
             rng=rand_special, out_dtype=BOOL),
    OpRecord("isneginf", _fn("isneginf"), np.isneginf, 1, [float32, bool_], shapes=S1,
             rng=rand_special, out_dtype=BOOL),
    _binary("isclose", np.isclose, [float32, float16, int32], S2_BROADCAST, rng=rand_close,
            out_dtype=BOOL),
    OpRecord("isclose-equal_nan", lambda a, b: _fn("isclose")(a, b, equal_nan=True),
             lambda a, b: np.isclose(a, b, equal_nan=True), 2, [float32], shapes=S2,
             rng=rand_close, out_dtype=BOOL),
    OpRecord("nan_to_num", _fn("nan_to_num"), np.nan_to_num, 1, [float32, float16, int32],
             shapes=S1, rng=rand_special, ref_same_dtype=True),
    OpRecord("nan_to_num-values", _fn("nan_to_num"), np.nan_to_num, 1, [float32, complex64],
             shapes=S1, rng=rand_special, params={"nan": 1.5, "posinf": 9.0, "neginf": -9.0}),
    OpRecord("clip", _fn("clip"), np.clip, 3, [float32, int32, uint8],
             shapes=[((2, 3), (2, 3), (2, 3)), ((2, 3), (), ())], rng=rand_default),
    OpRecord("clip-bounds", lambda x: _fn("clip")(x, min=np.float32(-1.5)),
             lambda x: np.clip(x, -1.5, None), 1, [float32, int32], shapes=S1,
             out_dtype=float_of),

    # logic
    _binary("logical_and", np.logical_and, [float32, int8, bool_], S2_BROADCAST,
            rng=rand_int_small, out_dtype=BOOL),
    _binary("logical_or", np.logical_or, [float32, bool_, complex64], rng=rand_int_small,
            out_dtype=BOOL),
    _binary("logical_xor", np.logical_xor, [int32, bool_], rng=rand_int_small,
            out_dtype=BOOL),
    OpRecord("logical_not", _fn("logical_not"), np.logical_not, 1, [float32, int32, bool_],
             shapes=S1, rng=rand_int_small, out_dtype=BOOL),

    # complex numbers
    OpRecord("real", _fn("real"), np.real, 1, [complex64, float32, int8], shapes=S1,
             out_dtype=real_of),
    OpRecord("imag", _fn("imag"), np.imag, 1, [complex64, float32, int8], shapes=S1,
             out_dtype=real_of),
    OpRecord("conj", _fn("conj"), np.conj, 1, [complex64, float32], shapes=S1),
    OpRecord("conjugate", _fn("conjugate"), np.conjugate, 1, [complex64, int32], shapes=S1),
    OpRecord("angle", _fn("angle"), np.angle, 1, [complex64, float32, int32], shapes=S1,
             out_dtype=lambda d: real_of(float_of(d))),
    OpRecord("angle-deg", lambda z: _fn("angle")(z, deg=True),
             lambda z: np.angle(z, deg=True), 1, [complex64], shapes=S1, out_dtype=real_of),

    # bitwise
    _binary("bitwise_and", np.bitwise_and, [int32, uint8, bool_], S2_BROADCAST),
    _binary("bitwise_or", np.bitwise_or, [int8, uint32, bool_]),
    _binary("bitwise_xor", np.bitwise_xor, [int16, bool_]),
    _int_unary("bitwise_not", np.bitwise_not, [int32, uint8, bool_]),
    _int_unary("bitwise_invert", np.bitwise_not, [int8]),
    _int_unary("invert", np.invert, [uint32, bool_]),
    _binary("left_shift", np.left_shift, [int32, uint8], rng=rand_int_small),
    _binary("bitwise_left_shift", np.left_shift, [int8], rng=rand_int_small),
    _binary("right_shift", np.right_shift, [int32, uint8], S2_BROADCAST, rng=rand_int_small),
    _binary("bitwise_right_shift", np.right_shift, [int16], rng=rand_int_small),
    OpRecord("bitwise_count", _fn("bitwise_count"), np.bitwise_count, 1, [int32, int8,
                                                                          uint32],
             shapes=S1, out_dtype=to(uint8)),
    _binary("gcd", np.gcd, [int32, int8, uint8], S2_BROADCAST),
    _binary("lcm", np.lcm, [int32, uint8]),
]
