"""Facts about the elementwise primitives the op-record table cannot express: XLA's integer
edges (division by zero, INT_MIN / -1, shifts past the width, saturating casts), ties,
NaN and signed zeros, weak types, argument checks with JAX's messages, and the 64-bit
paths. Expected values are written out by hand (JAX_SURFACE.md §2.11); every test runs
with warnings turned into errors, since JAX computes all of these silently."""
import json
import pathlib
import warnings

import ml_dtypes
import numpy as np
import pytest

import wax
from wax import lax
from wax.primitives import elementwise as ew

bf16 = np.dtype(ml_dtypes.bfloat16)
I32_MIN, I32_MAX = -2**31, 2**31 - 1
NAN, INF = float("nan"), float("inf")


@pytest.fixture(autouse=True)
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def arr(values, dtype):
    return np.array(values, dtype)


def check(out, expected, dtype, weak=False):
    """`out` is a wax Array of `dtype` (and weak flag) equal to `expected`, nan == nan."""
    assert isinstance(out, wax.Array)
    assert out.dtype == np.dtype(dtype)
    assert out.weak_type is weak
    np.testing.assert_array_equal(np.asarray(out), np.asarray(expected, dtype))


def eager_and_jit(fun, *args):
    """fun(*args) eagerly and under jit, checked equal (dtype and bits); the eager one."""
    eager = fun(*args)
    jitted = wax.jit(fun)(*args)
    assert jitted.aval == eager.aval
    np.testing.assert_array_equal(np.asarray(jitted), np.asarray(eager))
    return eager


# -- division and remainder -----------------------------------------------------------------

def test_integer_division_by_zero_is_minus_one_and_remainder_is_the_dividend():
    check(lax.div(7, 0), -1, np.int32, weak=True)
    check(lax.rem(7, 0), 7, np.int32, weak=True)
    x, zero = arr([7, -7, 0, I32_MIN], np.int32), arr([0, 0, 0, 0], np.int32)
    check(eager_and_jit(lax.div, x, zero), [-1, -1, -1, -1], np.int32)
    check(eager_and_jit(lax.rem, x, zero), [7, -7, 0, I32_MIN], np.int32)
    check(lax.div(arr([5, 0], np.int8), arr([0, 0], np.int8)), [-1, -1], np.int8)


def test_unsigned_division_by_zero_is_all_ones():
    check(lax.div(arr([7, 0], np.uint32), arr([0, 0], np.uint32)), [4294967295] * 2, np.uint32)
    check(lax.div(arr([7], np.uint8), arr([0], np.uint8)), [255], np.uint8)
    check(lax.rem(arr([7], np.uint8), arr([0], np.uint8)), [7], np.uint8)


def test_int_min_divided_by_minus_one():
    check(eager_and_jit(lax.div, np.int32(I32_MIN), np.int32(-1)), I32_MIN, np.int32)
    check(eager_and_jit(lax.rem, np.int32(I32_MIN), np.int32(-1)), 0, np.int32)
    check(lax.div(arr([-128, -128], np.int8), arr([-1, 1], np.int8)), [-128, -128], np.int8)
    check(lax.rem(arr([-128, 5], np.int8), arr([-1, -1], np.int8)), [0, 0], np.int8)


def test_integer_division_truncates_and_remainder_takes_the_dividends_sign():
    x, y = arr([7, -7, 7, -7, 6], np.int32), arr([2, 2, -2, -2, 3], np.int32)
    check(lax.div(x, y), [3, -3, -3, 3, 2], np.int32)
    check(lax.rem(x, y), [1, -1, 1, -1, 0], np.int32)


def test_float_remainder_is_c_fmod():
    check(lax.rem(-7., 2.), -1., np.float32, weak=True)
    check(lax.rem(arr([7., -7., 5.5], np.float32), arr([-2., -2., 2.], np.float32)),
          [1., -1., 1.5], np.float32)
    check(lax.rem(arr([1.], np.float32), arr([0.], np.float32)), [NAN], np.float32)


def test_float_division_by_zero_is_silent():
    check(lax.div(arr([1., -1., 0.], np.float32), arr([0., 0., 0.], np.float32)),
          [INF, -INF, NAN], np.float32)


# -- shifts ---------------------------------------------------------------------------------

def test_shifts_by_the_bit_width_or_more():
    check(lax.shift_right_logical(np.int32(-1), np.int32(32)), 0, np.int32)
    check(lax.shift_left(np.int32(1), np.int32(40)), 0, np.int32)
    check(lax.shift_left(np.int32(1), np.int32(31)), I32_MIN, np.int32)
    check(lax.shift_right_arithmetic(arr([-8, 8], np.int32), arr([32, 40], np.int32)),
          [-1, 0], np.int32)
    check(lax.shift_left(arr([1, 1], np.uint8), arr([7, 8], np.uint8)), [128, 0], np.uint8)


def test_negative_shift_amounts_are_out_of_range():
    check(lax.shift_left(np.int32(1), np.int32(-1)), 0, np.int32)
    check(lax.shift_right_logical(np.int32(-1), np.int32(-1)), 0, np.int32)
    check(lax.shift_right_arithmetic(arr([-8, 8], np.int32), arr([-1, -1], np.int32)),
          [-1, 0], np.int32)


def test_logical_shift_of_signed_ints_fills_with_zeros():
    check(lax.shift_right_logical(np.int32(-8), np.int32(1)), 2147483644, np.int32)
    check(lax.shift_right_logical(np.int8(-1), np.int8(4)), 15, np.int8)
    check(lax.shift_right_arithmetic(np.int8(-128), np.int8(7)), -1, np.int8)


def test_arithmetic_shift_of_unsigned_shifts_the_bit_pattern():
    # XLA shifts the bits as if signed: the top bit is copied.
    check(lax.shift_right_arithmetic(np.uint8(0x80), np.uint8(1)), 0xC0, np.uint8)
    check(lax.shift_right_arithmetic(np.uint8(0x40), np.uint8(1)), 0x20, np.uint8)


def test_shifts_under_jit():
    x, y = arr([1, -1, 5], np.int32), arr([40, 32, 1], np.int32)
    check(eager_and_jit(lax.shift_left, x, y), [0, 0, 10], np.int32)
    check(eager_and_jit(lax.shift_right_logical, x, y), [0, 0, 2], np.int32)


# -- conversions ----------------------------------------------------------------------------

def test_float_to_int_saturates_and_nan_becomes_zero():
    check(eager_and_jit(lambda x: lax.convert_element_type(x, np.int32),
                        arr([1e10, -1e10, NAN], np.float32)),
          [I32_MAX, I32_MIN, 0], np.int32)
    check(lax.convert_element_type(arr([127.9, -128.9, 1e3, -1e3, 2.5, -2.5], np.float32),
                                   np.int8), [127, -128, 127, -128, 2, -2], np.int8)
    check(lax.convert_element_type(arr([INF, -INF], np.float16), np.int16),
          [32767, -32768], np.int16)


def test_float_to_unsigned_clamps_negatives_to_zero():
    check(lax.convert_element_type(arr([-5., 300., 3.9, NAN, INF, -INF, -0.5], np.float32),
                                   np.uint8), [0, 255, 3, 0, 255, 0, 0], np.uint8)
    check(lax.convert_element_type(arr([-1., 5e9], np.float32), np.uint32),
          [0, 4294967295], np.uint32)


def test_conversions_to_and_from_bool():
    check(lax.convert_element_type(arr([0., -0., 2.5, NAN], np.float32), np.bool_),
          [False, False, True, True], np.bool_)
    check(lax.convert_element_type(arr([0, 3, -1], np.int8), bool), [False, True, True],
          np.bool_)
    check(lax.convert_element_type(arr([True, False], np.bool_), np.float32), [1., 0.],
          np.float32)
    check(lax.convert_element_type(arr([True, False], np.bool_), np.int8), [1, 0], np.int8)


def test_complex_to_real_takes_the_real_part_with_a_warning():
    x = arr([1.5 + 2j, -3.7 - 1j], np.complex64)
    with pytest.warns(np.exceptions.ComplexWarning, match="discards the imaginary part"):
        out = lax.convert_element_type(x, np.float32)
    check(out, [1.5, -3.7], np.float32)
    with pytest.warns(np.exceptions.ComplexWarning):
        out = lax.convert_element_type(x, np.int32)
    check(out, [1, -3], np.int32)


def test_int_to_int_wraps():
    check(lax.convert_element_type(arr([300, -1], np.int32), np.uint8), [44, 255], np.uint8)
    check(lax.convert_element_type(arr([4294967295], np.uint32), np.int32), [-1], np.int32)


def test_weak_type_param_and_python_scalars():
    out = ew.convert_element_type_p.bind(arr([1, 2], np.int32), new_dtype=np.dtype(np.float32),
                                         weak_type=True)
    check(out, [1., 2.], np.float32, weak=True)
    check(lax.convert_element_type(1, np.float32), 1., np.float32)  # no longer weak
    check(lax.convert_element_type(2**100, np.float32), 2.**100, np.float32)
    x = wax.numpy.asarray(arr([1., 2.], np.float32))
    assert lax.convert_element_type(x, np.float32) is x


def test_float64_and_int64_saturation_with_x64():
    with wax.enable_x64():
        check(lax.convert_element_type(arr([1e19, -1e19, NAN, 2.**62], np.float64), np.int64),
              [2**63 - 1, -2**63, 0, 2**62], np.int64)
        check(lax.convert_element_type(arr([1e20, -1.], np.float64), np.uint64),
              [2**64 - 1, 0], np.uint64)


def test_bitcast_convert_type():
    check(lax.bitcast_convert_type(np.float32(1.0), np.int32), 0x3F800000, np.int32)
    check(lax.bitcast_convert_type(np.uint32(0x01020304), np.uint8), [4, 3, 2, 1], np.uint8)
    check(lax.bitcast_convert_type(arr([[4, 3, 2, 1]], np.uint8), np.uint32), [0x01020304],
          np.uint32)
    check(lax.bitcast_convert_type(arr([1.0, -2.0], bf16), np.uint16), [0x3F80, 0xC000],
          np.uint16)


def test_reduce_precision():
    x = arr([1 + 2**-8, 1 + 3 * 2**-8, 1 + 2**-7, NAN, -INF], np.float32)
    # bfloat16's format: ties go to even mantissas; nan and inf pass through.
    check(lax.reduce_precision(x, 8, 7), [1., 1 + 2**-6, 1 + 2**-7, NAN, -INF], np.float32)
    # float16's range: overflow becomes inf, values below the normal range become zero.
    check(lax.reduce_precision(arr([1e5, -1e5, 1e-6, -1e-6, 65504.], np.float32), 5, 10),
          [INF, -INF, 0., -0., 65504.], np.float32)
    assert np.signbit(np.asarray(lax.reduce_precision(np.float32(-1e-6), 5, 10)))


# -- rounding, signs, absolute values ---------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float16, bf16])
def test_round_halves(dtype):
    below_half = np.nextafter(np.array(0.5, dtype), np.array(0, dtype))  # trunc(x + .5) == 1
    x = arr([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, below_half, -below_half], dtype)
    check(lax.round(x), [-3., -2., -1., 1., 2., 3., 0., -0.], dtype)
    check(lax.round(x, lax.RoundingMethod.TO_NEAREST_EVEN), [-2., -2., -0., 0., 2., 2., 0., -0.],
          dtype)
    check(lax.round(x, 1), [-2., -2., -0., 0., 2., 2., 0., -0.], dtype)
    for method in lax.RoundingMethod:  # zeros keep their sign
        signs = np.signbit(np.asarray(lax.round(x, method)).astype(np.float32))
        assert signs.tolist() == [True, True, True, False, False, False, False, True]
    check(lax.round(arr([INF, NAN, 1e30], np.float32)), [INF, NAN, 1e30], np.float32)


def test_rounding_method_enum():
    assert int(lax.RoundingMethod.AWAY_FROM_ZERO) == 0
    assert int(lax.RoundingMethod.TO_NEAREST_EVEN) == 1


def test_sign():
    check(lax.sign(arr([0, 3, 255], np.uint8)), [0, 1, 1], np.uint8)
    check(lax.sign(arr([-5, 0, 5], np.int8)), [-1, 0, 1], np.int8)
    out = np.asarray(lax.sign(arr([-0.0, 0.0, NAN, -3.], np.float32)))
    np.testing.assert_array_equal(out, [-0., 0., NAN, -1.])
    assert np.signbit(out[0]) and not np.signbit(out[1])
    check(lax.sign(arr([3 + 4j, 0], np.complex64)), [0.6 + 0.8j, 0], np.complex64)


def test_abs_and_neg_of_int_min_wrap():
    check(lax.abs(arr([I32_MIN, -3], np.int32)), [I32_MIN, 3], np.int32)
    check(lax.abs(np.int8(-128)), -128, np.int8)
    check(lax.neg(np.int32(I32_MIN)), I32_MIN, np.int32)
    check(lax.neg(arr([1, 0], np.uint8)), [255, 0], np.uint8)
    check(lax.abs(arr([3 + 4j], np.complex64)), [5.], np.float32)


# -- powers ---------------------------------------------------------------------------------

def test_integer_pow():
    check(lax.integer_pow(np.float32(2), -3), 0.125, np.float32)
    check(lax.integer_pow(np.int8(3), 5), -13, np.int8)  # 243 wraps
    check(lax.integer_pow(arr([0., 2.], np.float32), 0), [1., 1.], np.float32)
    check(lax.reciprocal(arr([4., 0.], np.float32)), [0.25, INF], np.float32)
    check(lax.square(np.int32(46341)), -2147479015, np.int32)  # wraps


def test_integer_pow_refuses_negative_exponents_on_integers():
    with pytest.raises(TypeError, match="Integers cannot be raised to negative powers, got "
                                        r"integer_pow\(i32\[2\], -1\)"):
        lax.integer_pow(arr([1, 2], np.int32), -1)
    with pytest.raises(TypeError, match="Integers cannot be raised to negative powers"):
        lax.reciprocal(np.int32(2))
    with pytest.raises(TypeError, match="integer exponent"):
        lax.integer_pow(np.float32(2), 1.5)


def test_pow_accepts_an_integer_exponent():
    check(lax.pow(arr([2., -2.], np.float32), arr([3, 3], np.int32)), [8., -8.], np.float32)
    check(lax.pow(np.float32(0), np.float32(-1)), INF, np.float32)
    check(lax.pow(np.float32(-1), np.float32(0.5)), NAN, np.float32)


# -- max, min, clamp, comparisons -----------------------------------------------------------

def test_max_and_min_propagate_nan():
    x, y = arr([NAN, 1., NAN], np.float32), arr([1., NAN, NAN], np.float32)
    check(lax.max(x, y), [NAN] * 3, np.float32)
    check(lax.min(x, y), [NAN] * 3, np.float32)


def test_max_of_complex_is_lexicographic():
    x, y = arr([1 + 5j, 1 + 5j], np.complex64), arr([2 + 0j, 1 + 2j], np.complex64)
    check(lax.max(x, y), [2 + 0j, 1 + 5j], np.complex64)
    check(lax.min(x, y), [1 + 5j, 1 + 2j], np.complex64)


def test_clamp():
    check(lax.clamp(0., arr([-1., 0.5, 2., NAN], np.float32), 1.), [0., 0.5, 1., NAN],
          np.float32)
    lo, hi = arr([0, 5], np.int32), arr([1, 9], np.int32)
    check(lax.clamp(lo, arr([7, 7], np.int32), hi), [1, 7], np.int32)
    with pytest.raises(TypeError, match=r"clamp requires min.shape == operand.shape or "
                                        r"min.shape == \(\), got min.shape=\(2,\)"):
        lax.clamp(lo, arr([1, 2, 3], np.int32), 5)
    with pytest.raises(TypeError, match="lax.clamp requires arguments to have the same dtypes"):
        lax.clamp(np.float32(0), arr([1, 2], np.int32), np.int32(5))


def test_comparisons_and_is_finite_are_weak_only_for_weak_operands():
    # JAX 0.10.2: lax.gt(jnp.asarray(1.0), 0.0) is Array(True, dtype=bool, weak_type=True).
    check(lax.lt(1., 2.), True, np.bool_, weak=True)
    check(lax.eq(1, 1), True, np.bool_, weak=True)
    check(lax.is_finite(1.), True, np.bool_, weak=True)
    check(lax.lt(arr([1.], np.float32), 2.), [True], np.bool_)
    check(lax.is_finite(arr([INF, -INF, NAN, 0.], np.float16)), [False, False, False, True],
          np.bool_)
    check(lax.add(1., 2.), 3., np.float32, weak=True)
    check(lax.sin(0.), 0., np.float32, weak=True)


def test_comparisons_with_nan():
    x = arr([NAN, 1.], np.float32)
    check(lax.eq(x, x), [False, True], np.bool_)
    check(lax.ne(x, x), [True, False], np.bool_)
    check(lax.le(x, x), [False, True], np.bool_)


# -- select ---------------------------------------------------------------------------------

def test_select_and_select_n():
    pred = arr([True, False], np.bool_)
    a, b, c = arr([1., 2.], np.float32), arr([3., 4.], np.float32), arr([5., 6.], np.float32)
    check(lax.select(pred, a, b), [1., 4.], np.float32)
    check(lax.select_n(pred, a, b), [3., 2.], np.float32)
    check(lax.select_n(np.bool_(True), a, b), [3., 4.], np.float32)
    check(eager_and_jit(lax.select_n, arr([2, 0], np.int32), a, b, c), [5., 2.], np.float32)
    check(lax.select_n(np.int32(1), a, b, c), [3., 4.], np.float32)
    check(lax.select(True, 1., 2.), 1., np.float32, weak=True)
    check(lax.select(np.bool_(False), 1., np.float32(2)), 2., np.float32)  # one case weak


def test_select_n_errors():
    a, b = arr([1., 2.], np.float32), arr([3., 4.], np.float32)
    with pytest.raises(TypeError, match="select with boolean `which` cannot have > 2 cases"):
        lax.select_n(arr([True, False], np.bool_), a, b, a)
    with pytest.raises(TypeError, match="select `which` must be boolean or integer type, "
                                        "got float32"):
        lax.select_n(arr([1., 0.], np.float32), a, b)
    with pytest.raises(TypeError, match="select cases must have the same shapes"):
        lax.select_n(np.bool_(True), a, arr([1., 2., 3.], np.float32))
    with pytest.raises(TypeError, match="select `which` must be scalar or have the same shape"):
        lax.select_n(arr([True, False, True], np.bool_), a, b)
    with pytest.raises(TypeError, match="lax.select requires arguments to have the same "
                                        "dtypes, got float32, int32"):
        lax.select_n(np.bool_(True), a, arr([1, 2], np.int32))
    with pytest.raises(ValueError, match="select_n\\(\\) must have at least one case"):
        lax.select_n(np.bool_(True))


# -- bit counting and mulhi ---------------------------------------------------------------------

def test_population_count_and_clz():
    check(lax.population_count(arr([-1, 0, 7, I32_MIN], np.int32)), [32, 0, 3, 1], np.int32)
    check(lax.population_count(np.int8(-1)), 8, np.int8)
    check(lax.clz(arr([0, -1, 1, 255], np.int32)), [32, 0, 31, 24], np.int32)
    check(lax.clz(arr([0, 1, 128], np.uint8)), [8, 7, 0], np.uint8)


def test_mulhi():
    check(lax.mulhi(np.uint32(0xFFFFFFFF), np.uint32(0xFFFFFFFF)), 0xFFFFFFFE, np.uint32)
    check(lax.mulhi(arr([-1, I32_MIN, -3], np.int32), arr([-1, I32_MIN, 5], np.int32)),
          [0, 2**30, -1], np.int32)
    check(lax.mulhi(np.uint8(200), np.uint8(200)), 156, np.uint8)


def test_mulhi_64_bit():
    with wax.enable_x64():
        check(lax.mulhi(np.uint64(2**64 - 1), np.uint64(2**64 - 1)), 2**64 - 2, np.uint64)
        check(lax.mulhi(arr([-2**63, -3, -1, 2**62], np.int64), arr([-2**63, 5, -1, 4], np.int64)),
              [2**62, -1, 0, 1], np.int64)
        rng = np.random.default_rng(0)
        for dtype in (np.int64, np.uint64):
            info = np.iinfo(dtype)
            x, y = (rng.integers(info.min, info.max, size=20, dtype=dtype, endpoint=True)
                    for _ in range(2))
            expected = [(int(a) * int(b)) >> 64 for a, b in zip(x, y)]
            check(lax.mulhi(x, y), expected, dtype)


# -- special values -------------------------------------------------------------------------

def test_math_at_special_points_is_silent():
    check(lax.log(arr([0., -1.], np.float32)), [-INF, NAN], np.float32)
    check(lax.sqrt(np.float32(-1)), NAN, np.float32)
    check(lax.exp(np.float32(1000)), INF, np.float32)
    check(lax.mul(np.float32(1e38), np.float32(10)), INF, np.float32)
    check(lax.add(np.float32(INF), np.float32(-INF)), NAN, np.float32)
    check(lax.logistic(arr([-1000., 1000.], np.float32)), [0., 1.], np.float32)
    check(lax.rsqrt(np.float32(0)), INF, np.float32)


def test_special_functions_at_their_poles():
    check(lax.erf_inv(arr([1., -1., 2.], np.float32)), [INF, -INF, NAN], np.float32)
    check(lax.digamma(arr([0., -1., -2.], np.float32)), [NAN] * 3, np.float32)
    check(lax.lgamma(arr([0., -1.], np.float32)), [INF, INF], np.float32)
    check(lax.erf(arr([0.], bf16)), [0.], bf16)


def test_nextafter():
    check(lax.nextafter(np.float32(0), np.float32(1)), np.float32(1e-45), np.float32)
    check(lax.nextafter(np.float32(1), np.float32(2)), 1 + 2**-23, np.float32)
    check(lax.nextafter(np.float32(1), np.float32(1)), 1., np.float32)
    check(lax.nextafter(np.float16(1), np.float16(0)), 1 - 2**-11, np.float16)


def test_complex_parts():
    check(lax.complex(np.float32(0), np.float32(INF)), complex(0, INF), np.complex64)
    assert np.asarray(lax.complex(np.float32(0), np.float32(INF))).real == 0
    check(lax.conj(np.float32(2)), 2 + 0j, np.complex64)
    check(lax.conj(arr([1 + 2j], np.complex64)), [1 - 2j], np.complex64)
    check(lax.real(arr([1 + 2j], np.complex64)), [1.], np.float32)
    check(lax.imag(arr([1 + 2j], np.complex64)), [2.], np.float32)


def test_complex_atan2_continues_the_real_one():
    x, y = arr([1., -1., 2.], np.float32), arr([1., 1., -3.], np.float32)
    out = np.asarray(lax.atan2(x.astype(np.complex64), y.astype(np.complex64)))
    np.testing.assert_allclose(out, np.arctan2(x, y), rtol=1e-6, atol=1e-6)


def test_mul_out_dtype():
    check(lax.mul(arr([100, -100], np.int8), arr([100, 100], np.int8), out_dtype=np.int32),
          [10000, -10000], np.int32)


def test_impls_take_python_scalars_beside_a_buffer():
    # The eager operator fast path (wax/numpy/array_methods.py) relies on this.
    x = arr([1., 2.], np.float32)
    for prim in (ew.add_p, ew.sub_p, ew.mul_p, ew.div_p, ew.max_p):
        assert prim.impl(np, x, 2.0).dtype == np.float32
        assert prim.impl(np, 2.0, x).dtype == np.float32
    assert ew.lt_p.impl(np, arr([1, 5], np.int8), 3).tolist() == [True, False]
    assert ew.div_p.impl(np, arr([7], np.int32), arr([0], np.int32)).tolist() == [-1]


# -- dtype and argument checks ----------------------------------------------------------------

@pytest.mark.parametrize("fun,args,message", [
    (lax.sin, (np.int32(1),), "sin does not accept dtype int32. Accepted dtypes are subtypes "
                              "of floating, complexfloating."),
    (lax.abs, (np.uint32(1),), "abs does not accept dtype uint32. Accepted dtypes are "
                               "subtypes of signedinteger, floating, complexfloating."),
    (lax.round, (np.int32(1),), "round does not accept dtype int32. Accepted dtypes are "
                                "subtypes of floating."),
    (lax.floor, (np.int8(1),), "floor does not accept dtype int8"),
    (lax.cbrt, (np.complex64(1),), "cbrt does not accept dtype complex64"),
    (lax.erf, (np.int32(1),), "erf does not accept dtype int32"),
    (lax.is_finite, (np.int32(1),), "is_finite does not accept dtype int32"),
    (lax.real, (np.float32(1),), "real does not accept dtype float32"),
    (lax.conj, (np.float16(1),), "conj does not accept dtype float16"),
    (lax.neg, (np.bool_(True),), "neg does not accept dtype bool"),
    (lax.population_count, (np.float32(1),), "population_count does not accept dtype float32"),
    (lax.bitwise_not, (np.float32(1),), "not does not accept dtype float32"),
    (lax.add, (np.bool_(True), np.bool_(True)), "add does not accept dtype bool"),
    (lax.rem, (np.complex64(1), np.complex64(1)), "rem does not accept dtype complex64"),
    (lax.lt, (np.complex64(1), np.complex64(1)), "lt does not accept dtype complex64"),
    (lax.shift_left, (np.float32(1), np.float32(1)), "shift_left does not accept dtype float32"),
    (lax.bitwise_and, (np.float32(1), np.float32(1)), "and does not accept dtype float32"),
    (lax.nextafter, (np.int32(1), np.int32(1)), "nextafter does not accept dtype int32"),
    (lax.complex, (np.float16(1), np.float16(1)), "complex does not accept dtype float16"),
    (lax.pow, (np.int32(2), np.int32(2)), "pow does not accept dtype int32 at position 0. "
                                          "Accepted dtypes at position 0 are subtypes of "
                                          "floating, complexfloating."),
    (lax.pow, (np.float32(2), np.float16(2)), "the first argument to pow must have an inexact "
                                              "dtype"),
    (lax.add, (np.float32(1), np.int32(1)), "lax.add requires arguments to have the same "
                                            "dtypes, got float32, int32."),
    (lax.mulhi, (np.float32(1), np.float32(1)), "mulhi does not accept dtype float32"),
])
def test_dtype_errors(fun, args, message):
    with pytest.raises(TypeError) as info:
        fun(*args)
    assert message in str(info.value)


def test_bitwise_ops_accept_bool_and_shifts_do_not():
    check(lax.bitwise_and(arr([True, True], np.bool_), arr([True, False], np.bool_)),
          [True, False], np.bool_)
    check(lax.bitwise_not(arr([True], np.bool_)), [False], np.bool_)
    with pytest.raises(TypeError, match="shift_left does not accept dtype bool"):
        lax.shift_left(np.bool_(True), np.bool_(True))


def test_bitcast_and_reduce_precision_argument_checks():
    with pytest.raises(TypeError, match="does not support bool or complex values"):
        lax.bitcast_convert_type(np.bool_(True), np.uint8)
    with pytest.raises(ValueError, match=r"Attempting to convert array of shape \(3,\)"):
        lax.bitcast_convert_type(arr([1, 2, 3], np.uint8), np.uint32)
    with pytest.raises(ValueError, match="exponent_bits must be positive; got 0"):
        lax.reduce_precision(np.float32(1), 0, 3)
    with pytest.raises(ValueError, match="mantissa_bits must be non-negative; got -1"):
        lax.reduce_precision(np.float32(1), 5, -1)
    with pytest.raises(TypeError, match="reduce_precision does not accept dtype int32"):
        lax.reduce_precision(np.int32(1), 5, 10)


def test_shapes_must_broadcast():
    with pytest.raises(TypeError, match=r"add got incompatible shapes for broadcasting: "
                                        r"\(2,\), \(3,\)"):
        lax.add(arr([1., 2.], np.float32), arr([1., 2., 3.], np.float32))


def test_params_left_at_their_defaults_stay_out_of_the_jaxpr():
    # JAX prints `tanh a` and `mul a b`, hiding accuracy=None and out_dtype=None.
    x = arr([0.5], np.float32)
    check(lax.exp(x, accuracy=None), np.exp(x), np.float32)
    eqns = wax.make_jaxpr(lambda v: lax.mul(lax.tanh(v), v))(x).jaxpr.eqns
    assert [e.params for e in eqns] == [{}, {}]
    eqns = wax.make_jaxpr(lambda v: lax.convert_element_type(v, np.int32))(x).jaxpr.eqns
    assert eqns[0].params == {"new_dtype": np.dtype(np.int32), "weak_type": False}


# -- forward mode at kinks, ties and special points (values measured with JAX 0.10.2) -------

def tangent(fun, *primals_and_tangents):
    """The jvp of fun at the primals along the tangents (given interleaved), as NumPy."""
    values = [wax.numpy.asarray(v) for v in primals_and_tangents]
    return np.asarray(wax.jvp(fun, values[::2], values[1::2])[1])


def test_kink_and_tie_facts_with_python_scalars():
    # (Python scalars may reach the rules as primals and tangents.)
    assert wax.jvp(wax.numpy.abs, (0.,), (1.,))[1] == 1.0
    assert wax.jvp(lax.abs, (0.,), (1.,))[1] == 1.0
    assert wax.jvp(lax.max, (1., 1.), (1., 0.))[1] == 0.5
    assert wax.jvp(wax.numpy.maximum, (1., 1.), (1., 0.))[1] == 0.5
    assert wax.jvp(lax.pow, (2., 3), (1., np.zeros((), wax.dtypes.float0)))[1] == 12.0
    assert wax.jvp(lax.add, (1., 2.), (1., 1.))[1] == 2.0


def test_abs_has_slope_one_at_zero():
    assert tangent(wax.numpy.abs, 0., 1.) == 1.0
    assert tangent(lax.abs, -0., 1.) == 1.0  # x >= 0 holds for -0.
    assert tangent(lax.abs, -2., 1.) == -1.0
    x = arr([0, 3 + 4j], np.complex64)
    t = tangent(lax.abs, x, arr([1, 1], np.complex64))
    assert t.dtype == np.float32
    np.testing.assert_allclose(t, [0.0, 0.6], rtol=1e-6)  # Re(conj(x) t) / |x|, 0 at 0


def test_max_and_min_split_ties():
    assert tangent(lax.max, 1., 1., 1., 0.) == 0.5
    assert tangent(lax.max, 1., 1., 1., 1.) == 1.0
    assert tangent(lax.min, 1., 0., 1., 1.) == 0.5
    assert tangent(lax.max, 2., 1., 1., 7.) == 1.0
    assert tangent(lax.min, 2., 1., 1., 7.) == 7.0
    # nan wins the max, and neither operand's tangent is taken.
    assert tangent(lax.max, NAN, 1., 1., 1.) == 0.0
    x, y = arr([[1., 2., 3.]], np.float32), arr([[1., 3., 2.], [3., 2., 1.]], np.float32)
    t = tangent(lax.max, x, arr([[1., 1., 1.]], np.float32), y, np.zeros((2, 3), np.float32))
    np.testing.assert_array_equal(t, [[0.5, 0., 1.], [0., 0.5, 1.]])


def test_roots_have_infinite_slope_at_zero():
    assert tangent(lax.sqrt, 0., 1.) == INF
    assert tangent(lax.cbrt, arr(0., np.float32), arr(1., np.float32)) == INF
    assert tangent(lax.rsqrt, 0., 1.) == -INF


def test_piecewise_constant_functions_have_zero_tangents():
    for fun in (lax.floor, lax.ceil, lax.round, lax.sign):
        assert tangent(fun, 1.5, 1.) == 0.0
    _, t = wax.jvp(lax.is_finite, (1.5,), (1.,))
    assert t.dtype == wax.dtypes.float0
    _, t = wax.jvp(lambda x: lax.convert_element_type(x, np.int32), (1.5,), (1.,))
    assert t.dtype == wax.dtypes.float0
    _, t = wax.jvp(lambda x: lax.lt(x, 2.), (1.5,), (1.,))
    assert t.dtype == wax.dtypes.float0
    assert tangent(lambda x: lax.bitcast_convert_type(x, np.float32),
                   arr(1., np.float32), arr(1., np.float32)) == 0.0


def test_select_routes_the_chosen_tangent():
    # No masking arithmetic: a nan tangent in the case not chosen stays out.
    fun = lambda p, a, b: lax.select(p > 0, a, b)  # noqa: E731
    assert tangent(fun, 1., 0., 2., 1., 3., NAN) == 1.0
    cases = [arr([1., 2., 3.], np.float32)] * 3
    t = wax.jvp(lambda a, b, c: lax.select_n(arr([2, 0, 1], np.int32), a, b, c), cases,
                [arr([1., 1., 1.], np.float32) * k for k in (1, 2, 3)])[1]
    np.testing.assert_array_equal(np.asarray(t), [3., 1., 2.])


def test_clamp_takes_the_bound_it_clips_to_and_nothing_at_ties():
    lo, hi = arr(0., np.float32), arr(1., np.float32)
    x = arr([-1., 0., .5, 1., 2.], np.float32)
    t = tangent(lax.clamp, lo, arr(1., np.float32), x, np.full(5, 2., np.float32), hi,
                arr(4., np.float32))
    np.testing.assert_array_equal(t, [1., 0., 2., 0., 4.])
    assert tangent(lax.clamp, 3., 1., 2., 2., 1., 4.) == 4.0  # min > max: x > max takes max


def test_powers():
    assert tangent(lambda x: lax.integer_pow(x, 3), 2., 1.) == 12.0
    assert tangent(lambda x: lax.integer_pow(x, 0), 0., 1.) == 0.0
    assert tangent(lambda x: lax.integer_pow(x, -1), 0., 1.) == -INF
    assert tangent(lax.pow, 0., 1., 2., 1.) == 0.0  # log(0) is taken as 0 in the y term
    assert np.isnan(tangent(lax.pow, 0., 1., 0., 0.))  # 0 * 0**-1
    assert tangent(lambda x: lax.pow(x, arr(0, np.int32)), 0., 1.) == 0.0
    assert tangent(lambda x: lax.pow(x, arr(3, np.int32)), 2., 1.) == 12.0
    np.testing.assert_allclose(tangent(lax.pow, 2., 0., 3., 1.), 8 * np.log(2), rtol=1e-6)


def test_division_and_remainder():
    assert tangent(lax.div, 3., 1., 2., 1.) == -0.25  # t_x / y - t_y x / y**2
    assert tangent(lax.rem, 5.5, 1., 2., 1.) == -1.0  # t_x - t_y trunc(x / y)
    assert tangent(lax.rem, -5.5, 1., 2., 1.) == 3.0


def test_other_derivatives_at_special_points():
    assert tangent(lax.logistic, 0., 1.) == 0.25
    assert np.isnan(tangent(lax.atan2, 0., 1., 0., 1.))
    assert tangent(lax.erf_inv, 1., 1.) == INF
    np.testing.assert_allclose(tangent(lax.lgamma, 0.5, 1.), -1.9635100260214235, rtol=1e-6)


def test_linear_and_complex_parts():
    assert tangent(lax.neg, 2., 3.) == -3.0
    t = tangent(lax.conj, arr(1.5, np.float32), arr(1., np.float32))
    assert t.dtype == np.complex64 and t == 1 + 0j
    z, dz = arr(1.5 + 1j, np.complex64), arr(1 + 2j, np.complex64)
    assert tangent(lax.real, z, dz) == 1.0 and tangent(lax.imag, z, dz) == 2.0
    assert tangent(lax.complex, arr(1.5, np.float32), arr(1., np.float32),
                   arr(2., np.float32), arr(3., np.float32)) == 1 + 3j
    # reduce_precision is linear for JAX: the tangent is rounded as the value is.
    t = tangent(lambda x: lax.reduce_precision(x, 8, 7), arr(1.1, np.float32),
                arr(1.1, np.float32))
    assert t == np.float32(1.1).astype(bf16).astype(np.float32)


def test_broadcasting_operands_get_full_shape_tangents():
    x, y = arr([[1., 2., 3.]], np.float32), np.ones((2, 3), np.float32)
    t = tangent(lax.add, x, np.ones((1, 3), np.float32), y, np.zeros((2, 3), np.float32))
    np.testing.assert_array_equal(t, np.ones((2, 3)))
    t = tangent(lax.sub, arr(2., np.float32), arr(1., np.float32), y, np.zeros_like(y))
    np.testing.assert_array_equal(t, np.ones((2, 3)))


def test_no_derivative_for_nextafter_as_in_jax():
    with pytest.raises(NotImplementedError, match="Differentiation rule for 'nextafter'"):
        wax.jvp(lax.nextafter, (1., 2.), (1., 1.))


# --- transpose rules (reverse mode) -----------------------------------------------------------

def cotangents(fun, primals, ct):
    return wax.vjp(fun, *primals)[1](ct)


def test_complex_parts_transpose_as_in_jax():
    # JAX's convention, no conjugation: real -> ct + 0i, imag -> 0 - ct i, complex(x, y) ->
    # (real(ct), -imag(ct)), conj -> conj(ct) (real(ct) for a real operand).
    z = arr([1 + 2j, 3 - 1j], np.complex64)
    (c,) = cotangents(lax.real, (z,), arr([1., 2.], np.float32))
    assert c.dtype == np.complex64
    np.testing.assert_array_equal(c, [1, 2])
    (c,) = cotangents(lax.imag, (z,), arr([1., 2.], np.float32))
    np.testing.assert_array_equal(c, [-1j, -2j])
    (c,) = cotangents(lax.conj, (z,), arr([1 + 1j, 2], np.complex64))
    np.testing.assert_array_equal(c, [1 - 1j, 2])
    (c,) = cotangents(lax.conj, (arr([1., 2.], np.float32),), arr([1 + 1j, 2], np.complex64))
    assert c.dtype == np.float32
    np.testing.assert_array_equal(c, [1, 2])
    cx, cy = cotangents(lax.complex, (arr([1., 2.], np.float32), arr(3., np.float32)),
                        arr([3 + 4j, 1 - 1j], np.complex64))
    np.testing.assert_array_equal(cx, [3, 1])
    assert cy.shape == () and float(cy) == -3.0  # -(4 + -1), summed over the broadcast


def test_grad_through_complex_parts_matches_jax():
    # Values from JAX 0.10.2: jax.grad of this real function at [1+2j, 3-1j].
    def f(z):
        return lax.reduce_sum(lax.imag(lax.conj(z) * lax.conj(z))
                              + lax.real(lax.conj(lax.real(z))), (0,))
    with wax.enable_x64():
        g = wax.grad(f)(arr([1 + 2j, 3 - 1j], np.complex128))
    np.testing.assert_array_equal(g, [-3 + 2j, 3 + 6j])


@pytest.mark.parametrize("name", ["parts", "conj_of_real", "complex_broadcast"])
def test_complex_part_rules_check_grads_order_2(name):
    from wax.test_util import check_grads
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    fun, args = {
        "parts": (lambda a, b: lax.real(lax.complex(a, b) * lax.conj(lax.complex(b, a)))
                  + lax.imag(lax.complex(a, b) * lax.complex(a, b)), (x, y)),
        "conj_of_real": (lambda a: lax.real(lax.conj(a) * lax.conj(a) * (2 + 3j)), (x,)),
        "complex_broadcast": (lambda a, b: lax.imag(lax.complex(a, b) * lax.complex(a, b)),
                              (x, np.float64(0.7))),
    }[name]
    with wax.enable_x64():
        check_grads(fun, args, order=2, modes=("rev",))


def test_reduce_precision_rounds_the_cotangent():
    (c,) = cotangents(lambda x: lax.reduce_precision(x, 8, 7), (arr(1., np.float32),),
                      arr(1.1, np.float32))
    assert c == np.float32(1.1).astype(bf16).astype(np.float32)
    with wax.enable_x64():
        (c,) = cotangents(lambda x: lax.reduce_precision(x, 5, 10), (1.0,), 1.0001)
        assert float(c) == 1.0
        from wax.test_util import check_grads
        check_grads(lambda x: lax.reduce_precision(x, 11, 52) * x,
                    (np.random.default_rng(0).standard_normal(4),), order=2, modes=("rev",))


_DTYPE_ERRORS = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                            "jax_lax_dtype_errors.json").read_text())["cases"]


@pytest.mark.parametrize("expr", list(_DTYPE_ERRORS))
def test_mixed_dtype_errors_match_jax(expr):
    # JAX names a promoting jnp twin only for some primitives, and says at which position
    # an operand's dtype is refused.
    f, i = np.ones(2, np.float32), np.ones(2, np.int32)
    names = {"lax": lax, "f": f, "i": i, "j": i.astype(np.int8), "h": f.astype(np.float16)}
    kind, message = _DTYPE_ERRORS[expr]
    with pytest.raises(TypeError) as info:
        eval(expr, names)
    assert type(info.value).__name__ == kind
    assert str(info.value).split("\n")[0] == message


def test_max_min_clamp_order_signed_zeros_as_xla():
    # JAX 0.10.2: -0.0 < +0.0 for max/min/clamp, whatever the operands' order or shapes
    # (NumPy returns one of two equal zeros by position).
    x = np.array([0.0, -0.0], np.float32)
    cases = [(lax.max(x, np.float32(-0.0)), [0.0, -0.0]), (lax.max(np.float32(-0.0), x), [0.0, -0.0]),
             (lax.max(x, np.float32(0.0)), [0.0, 0.0]), (lax.min(x, np.float32(0.0)), [0.0, -0.0]),
             (lax.min(x, np.float32(-0.0)), [-0.0, -0.0]), (lax.max(x, x[::-1]), [0.0, 0.0]),
             (lax.min(x, x[::-1]), [-0.0, -0.0]), (lax.clamp(np.float32(-0.0), x, np.float32(0.0)), [0.0, -0.0]),
             (lax.clamp(np.float32(-0.0), x, np.float32(-0.0)), [-0.0, -0.0])]
    for got, want in cases:
        np.testing.assert_array_equal(np.signbit(np.asarray(got)), np.signbit(want))
        np.testing.assert_array_equal(np.asarray(got), want)
