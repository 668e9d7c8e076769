"""What the op-record table can't express for wax.numpy's reductions and elementwise
functions: errors and their messages, weak types of scalar results, where masks, initial
values, empty arrays, and JAX's conventions at integer and float edges.

Expected values are JAX's documented behaviour (JAX_SURFACE.md §2.10-2.11, the jax.numpy
docstrings), written by hand.
"""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.numpy import reductions as red
from wax.numpy import ufuncs as uf
from wax.numpy import ufuncs_extra as ufx


def _get(name):
    for module in (jnp, red, uf, ufx):
        fn = getattr(module, name, None)
        if fn is not None:
            return fn
    raise AttributeError(name)


sum_, mean, var, std, max_, min_ = (_get(n) for n in ("sum", "mean", "var", "std", "max",
                                                      "min"))
argmax, argmin, cumsum, prod = (_get(n) for n in ("argmax", "argmin", "cumsum", "prod"))

F23 = jnp.asarray(np.arange(6, dtype=np.float32).reshape(2, 3))
I8 = jnp.asarray(np.array([1, -2, 3], np.int8))
EMPTY = jnp.asarray(np.zeros((0, 3), np.float32))


def _check(out, value, dtype, weak=False):
    assert isinstance(out, wax.Array)
    assert out.dtype == np.dtype(dtype), out.dtype
    assert out.weak_type is weak
    np.testing.assert_array_equal(np.asarray(out), np.asarray(value, dtype))


# --- argument errors -------------------------------------------------------------------

def test_lists_are_rejected():
    with pytest.raises(TypeError, match="sum requires ndarray or scalar arguments"):
        sum_([1, 2])
    with pytest.raises(TypeError, match="mean requires ndarray or scalar arguments"):
        mean([1.0, 2.0])
    with pytest.raises(TypeError, match="argmax requires ndarray or scalar arguments"):
        argmax((1, 2))
    with pytest.raises(TypeError, match="sin requires ndarray or scalar arguments"):
        _get("sin")([1.0])
    with pytest.raises(TypeError, match="add requires ndarray or scalar arguments"):
        _get("add")([1, 2], 1)


@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "all", "any", "mean", "var",
                                  "std", "argmax", "argmin", "cumsum", "count_nonzero",
                                  "ptp"])
def test_axis_out_of_range_names_axis_and_ndim(name):
    with pytest.raises(ValueError, match="axis 2 is out of bounds for array of dimension 2"):
        _get(name)(F23, axis=2)
    with pytest.raises(ValueError, match="axis -3 is out of bounds for array of dimension 2"):
        _get(name)(F23, axis=-3)


def test_duplicate_axes():
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        sum_(F23, axis=(0, -2))


def test_out_argument_is_not_supported():
    with pytest.raises(NotImplementedError, match="The 'out' argument to jnp.sum"):
        sum_(F23, out=F23)
    with pytest.raises(NotImplementedError, match="The 'out' argument to jnp.argmax"):
        argmax(F23, out=F23)
    with pytest.raises(NotImplementedError, match="out argument of <jnp.ufunc 'add'>"):
        _get("add")(F23, F23, out=F23)
    with pytest.raises(NotImplementedError, match="where argument of <jnp.ufunc 'multiply'>"):
        _get("multiply")(F23, F23, where=True)
    with pytest.raises(NotImplementedError, match="The 'out' argument to jnp.modf"):
        _get("modf")(F23, out=F23)


def test_where_must_be_boolean():
    with pytest.raises(ValueError, match="jnp.sum: where must be None or a boolean array"):
        sum_(F23, where=jnp.asarray(np.ones((2, 3), np.int32)))


def test_max_with_where_needs_initial():
    mask = np.array([True, False, True])
    with pytest.raises(ValueError, match="reduction operation max does not have an identity"):
        max_(F23, where=mask)
    _check(max_(F23, axis=1, where=mask, initial=-1.0), [2.0, 5.0], np.float32)
    _check(min_(F23, axis=0, where=np.array([[False], [True]]), initial=10.0),
           [3.0, 4.0, 5.0], np.float32)


def test_initial_must_be_a_scalar():
    with pytest.raises(ValueError, match=r"initial value must be a scalar. Got array of "
                                         r"shape \(3,\)"):
        sum_(F23, axis=0, initial=jnp.asarray(np.ones(3, np.float32)))


def test_ddof_and_correction_together():
    with pytest.raises(ValueError, match="ddof and correction can't be provided"):
        var(F23, ddof=1, correction=1)
    with pytest.raises(ValueError, match="dtype argument to jnp.std must be inexact"):
        std(F23, dtype=np.int32)


def test_cumulative_sum_axis_rules():
    cumulative_sum = _get("cumulative_sum")
    with pytest.raises(ValueError, match="must be non-scalar"):
        cumulative_sum(jnp.asarray(np.float32(1)))
    with pytest.raises(ValueError, match="The input array has rank 2"):
        cumulative_sum(F23)


def test_average_weight_shape_errors():
    average = _get("average")
    with pytest.raises(ValueError, match="Axis must be specified"):
        average(F23, weights=np.ones(3, np.float32))
    with pytest.raises(ValueError, match="Length of weights not compatible"):
        average(F23, axis=0, weights=np.ones(3, np.float32))
    with pytest.raises(ValueError, match="1D weights expected"):
        average(F23, axis=0, weights=np.ones((1, 3), np.float32))


# --- empty arrays --------------------------------------------------------------------

def test_reductions_of_empty_arrays():
    with pytest.raises(ValueError, match="zero-size array to reduction operation max which "
                                         "has no identity"):
        max_(EMPTY)
    with pytest.raises(ValueError, match="zero-size array to reduction operation min"):
        min_(EMPTY, axis=0)
    with pytest.raises(ValueError, match="attempt to get argmax of an empty sequence"):
        argmax(EMPTY)
    # Reducing only the non-empty axis is fine, and `initial` gives an identity.
    _check(max_(EMPTY, axis=1), np.zeros(0), np.float32)
    _check(max_(EMPTY, axis=0, initial=-1.0), [-1.0] * 3, np.float32)
    _check(sum_(EMPTY), 0.0, np.float32)
    _check(sum_(jnp.asarray(np.zeros(0, np.int8))), 0, np.int32)
    _check(prod(EMPTY, axis=0), [1.0] * 3, np.float32)
    _check(_get("all")(EMPTY), True, np.bool_)
    _check(_get("any")(EMPTY), False, np.bool_)
    _check(cumsum(EMPTY), np.zeros(0), np.float32)
    assert np.isnan(np.asarray(mean(EMPTY)))


# --- result dtypes and weak types ----------------------------------------------------------

@pytest.mark.parametrize("dtype,expected", [
    (np.int8, np.int32), (np.int16, np.int32), (np.uint8, np.uint32), (np.bool_, np.int32),
    (np.int32, np.int32), (np.float16, np.float16), (np.complex64, np.complex64)])
def test_sum_dtype(dtype, expected):
    x = jnp.asarray(np.ones(3, dtype))
    assert sum_(x).dtype == expected
    assert prod(x).dtype == expected
    assert sum_(x, promote_integers=False).dtype == (np.int32 if dtype == np.bool_ else dtype)
    assert sum_(x, dtype=np.float32).dtype == np.float32


def test_other_result_dtypes():
    assert mean(I8).dtype == np.float32
    assert mean(jnp.asarray(np.ones(3, np.float16))).dtype == np.float16
    assert var(jnp.asarray(np.ones(3, np.complex64))).dtype == np.float32
    assert argmax(I8).dtype == np.int32
    assert _get("count_nonzero")(I8).dtype == np.int32
    assert cumsum(I8).dtype == np.int8
    assert cumsum(jnp.asarray(np.ones(3, bool))).dtype == np.int32
    assert _get("cumulative_sum")(I8).dtype == np.int32
    assert _get("all")(I8).dtype == np.bool_


def test_float16_sums_accumulate_in_float32():
    # 5000 is a float16 value, but a float16 accumulator would stop at 2048.
    ones = jnp.asarray(np.ones(5000, np.float16))
    _check(sum_(ones), 5000, np.float16)
    _check(mean(ones), 1, np.float16)


def test_weak_types_of_scalar_results():
    _check(_get("add")(1, 2), 3, np.int32, weak=True)
    _check(_get("multiply")(2.0, I8), [2, -4, 6], np.float32, weak=True)
    _check(_get("add")(I8, 1), [2, -1, 4], np.int8)
    _check(_get("sin")(0), 0.0, np.float32, weak=True)
    _check(_get("abs")(-2), 2, np.int32, weak=True)
    _check(_get("power")(2, 3), 8, np.int32, weak=True)
    _check(_get("positive")(1.5), 1.5, np.float32, weak=True)
    _check(_get("true_divide")(1, 2), 0.5, np.float32, weak=True)
    # JAX's comparisons keep the weak flag of weak operands (even as bool); argmax never
    # is weak, and reductions convert to their result dtype, which drops it.
    _check(_get("equal")(1, 1), True, np.bool_, weak=True)
    _check(_get("isnan")(1.0), False, np.bool_, weak=True)
    _check(_get("equal")(I8, 1), [True, False, False], np.bool_)
    _check(argmax(jnp.asarray(2.0)), 0, np.int32)
    _check(sum_(jnp.asarray(2.0)), 2.0, np.float32)


# --- where masks and initial values ----------------------------------------------------

def test_where_masks_broadcast():
    mask = np.array([True, False, True])
    _check(sum_(F23, axis=1, where=mask), [2.0, 8.0], np.float32)
    _check(mean(F23, axis=1, where=mask), [1.0, 4.0], np.float32)
    _check(_get("all")(F23, axis=0, where=np.array([[False], [True]])), [True, True, True],
           np.bool_)
    all_false = np.zeros((2, 3), bool)
    _check(sum_(F23, where=all_false), 0.0, np.float32)
    assert np.isnan(np.asarray(mean(F23, where=all_false)))
    # The count of where, minus ddof, is var's divisor.
    _check(var(F23, axis=1, where=mask, ddof=1), [2.0, 2.0], np.float32)


def test_initial_values():
    _check(sum_(F23, initial=10), 25.0, np.float32)
    _check(prod(I8, initial=2), -12, np.int32)
    _check(max_(F23, initial=100.0), 100.0, np.float32)
    _check(min_(I8, axis=0, initial=-5), -5, np.int8)


def test_var_of_too_few_elements_is_nan():
    out = var(jnp.asarray(np.ones(2, np.float32)), ddof=2)
    assert out.dtype == np.float32 and np.isnan(np.asarray(out))


def test_argmax_keepdims_and_flattening():
    x = jnp.asarray(np.array([[1, 5, 2], [7, 0, 7]], np.int32))
    _check(argmax(x), 3, np.int32)
    _check(argmax(x, keepdims=True), [[3]], np.int32)
    _check(argmin(x, axis=1, keepdims=True), [[0], [1]], np.int32)
    # The first NaN wins, as in NumPy.
    _check(argmax(jnp.asarray(np.array([1.0, np.nan, 3.0, np.nan], np.float32))), 1,
           np.int32)


def test_reductions_under_jit():
    f = wax.jit(lambda x: (sum_(x, axis=1), mean(x), argmax(x, axis=0), cumsum(x, axis=1)))
    s, m, a, c = f(F23)
    _check(s, [3.0, 12.0], np.float32)
    _check(m, 2.5, np.float32)
    _check(a, [1, 1, 1], np.int32)
    _check(c, [[0, 1, 3], [3, 7, 12]], np.float32)


# --- elementwise: JAX's conventions at integer and float edges -------------------------

def test_integer_floor_divide_and_remainder():
    x = jnp.asarray(np.array([7, -7, 7, -7], np.int32))
    y = jnp.asarray(np.array([2, 2, -2, -2], np.int32))
    _check(_get("floor_divide")(x, y), [3, -4, -4, 3], np.int32)
    _check(_get("remainder")(x, y), [1, 1, -1, -1], np.int32)
    _check(_get("fmod")(x, y), [1, -1, 1, -1], np.int32)
    q, r = _get("divmod")(x, y)
    _check(q, [3, -4, -4, 3], np.int32)
    _check(r, [1, 1, -1, -1], np.int32)


def test_integer_division_by_zero():
    x = jnp.asarray(np.array([7, -7, 0], np.int32))
    _check(_get("floor_divide")(x, 0), [-2, -2, -1], np.int32)
    _check(_get("remainder")(x, 0), [0, 0, 0], np.int32)
    _check(_get("fmod")(x, 0), [0, 0, 0], np.int32)
    u = jnp.asarray(np.array([7, 0], np.uint8))
    _check(_get("floor_divide")(u, np.uint8(0)), [255, 255], np.uint8)


def test_float_floor_divide_and_remainder():
    x = jnp.asarray(np.array([-7.5, 7.5, 1.0], np.float32))
    _check(_get("floor_divide")(x, 2.0), [-4.0, 3.0, 0.0], np.float32)
    _check(_get("remainder")(x, 2.0), [0.5, 1.5, 1.0], np.float32)
    _check(_get("fmod")(x, 2.0), [-1.5, 1.5, 1.0], np.float32)
    assert np.isnan(np.asarray(_get("remainder")(x, 0.0))).all()
    with pytest.raises(TypeError, match="floor_divide does not support complex"):
        _get("floor_divide")(jnp.asarray(np.ones(2, np.complex64)), 1)


def test_true_divide_promotes_integers():
    _check(_get("true_divide")(I8, I8), [1.0, 1.0, 1.0], np.float32)
    _check(_get("divide")(jnp.asarray(np.array([1, 3], np.int32)), 2), [0.5, 1.5],
           np.float32)


def test_power():
    ints = jnp.asarray(np.array([2, 3, -2], np.int32))
    _check(_get("power")(ints, 3), [8, 27, -8], np.int32)
    _check(_get("power")(ints, jnp.asarray(np.array([0, 1, 5], np.int32))), [1, 3, -32],
           np.int32)
    _check(_get("power")(jnp.asarray(np.array([0, 0], np.int32)),
                         jnp.asarray(np.array([0, 3], np.int32))), [1, 0], np.int32)
    _check(_get("power")(jnp.asarray(np.array([4.0], np.float32)), 0.5), [2.0], np.float32)
    with pytest.raises(TypeError):
        _get("power")(ints, -1)  # integers cannot be raised to negative powers
    _check(_get("float_power")(ints, -1), [0.5, 1 / 3, -0.5], np.float32)


def test_round_half_to_even_and_integers():
    x = jnp.asarray(np.array([0.5, 1.5, 2.5, -0.5, -1.5], np.float32))
    _check(_get("round")(x), [0.0, 2.0, 2.0, -0.0, -2.0], np.float32)
    _check(_get("rint")(x), [0.0, 2.0, 2.0, -0.0, -2.0], np.float32)
    _check(_get("round")(jnp.asarray(np.array([1.25, 2.35], np.float32)), 1), [1.2, 2.4],
           np.float32)
    _check(_get("round")(I8), [1, -2, 3], np.int8)
    _check(_get("rint")(I8), [1.0, -2.0, 3.0], np.float32)
    with pytest.raises(NotImplementedError, match="decimals < 0"):
        _get("round")(I8, -1)


def test_sign_and_abs_of_complex():
    z = jnp.asarray(np.array([3 + 4j, 0j, -2j], np.complex64))
    _check(_get("sign")(z), [0.6 + 0.8j, 0, -1j], np.complex64)
    _check(_get("abs")(z), [5.0, 0.0, 2.0], np.float32)
    with pytest.raises(TypeError, match="fabs' does not support complex"):
        _get("fabs")(z)


def test_tests_of_integers_are_constant_booleans():
    _check(_get("isnan")(I8), [False] * 3, np.bool_)
    _check(_get("isinf")(I8), [False] * 3, np.bool_)
    _check(_get("isfinite")(I8), [True] * 3, np.bool_)
    _check(_get("isposinf")(I8), [False] * 3, np.bool_)
    with pytest.raises(ValueError, match="not well defined for complex"):
        _get("isneginf")(jnp.asarray(np.ones(2, np.complex64)))


def test_logical_functions_convert_to_bool():
    _check(_get("logical_and")(I8, jnp.asarray(np.array([0, 2, 1], np.int8))),
           [False, True, True], np.bool_)
    _check(_get("logical_not")(jnp.asarray(np.array([0.0, 2.0], np.float32))), [True, False],
           np.bool_)
    _check(_get("add")(np.array([True, False]), np.array([True, False])), [True, False],
           np.bool_)


def test_shifts():
    _check(_get("right_shift")(jnp.asarray(np.array([-8, 8], np.int32)), 1), [-4, 4],
           np.int32)
    _check(_get("right_shift")(jnp.asarray(np.array([255], np.uint8)), np.uint8(1)), [127],
           np.uint8)
    _check(_get("left_shift")(jnp.asarray(np.array([1], np.int32)), 40), [0], np.int32)
    _check(_get("bitwise_count")(I8), [1, 1, 2], np.uint8)


def test_signbit_copysign_frexp_ldexp():
    x = np.array([-0.0, 0.0, -1.5, np.inf, 3e-39, 1e-45, 6.5e4], np.float32)
    _check(_get("signbit")(x), np.signbit(x), np.bool_)
    _check(_get("copysign")(np.float32(2.0), x), np.copysign(2.0, x).astype(np.float32),
           np.float32)
    mantissa, exponent = _get("frexp")(x)
    m_ref, e_ref = np.frexp(x)
    _check(mantissa, m_ref, np.float32)
    _check(exponent, e_ref, np.int32)
    _check(_get("ldexp")(mantissa, exponent), x, np.float32)
    big = np.array([1e-30, 1.0, 1.5, 3.0], np.float32)
    n = np.array([200, 200, -140, -300], np.int32)
    with np.errstate(over="ignore"):
        expected = np.ldexp(big, n)
    _check(_get("ldexp")(big, n), expected, np.float32)
    with pytest.raises(ValueError, match="ldexp not supported"):
        _get("ldexp")(big, 1.5)
    with pytest.raises(TypeError, match="frexp does not support complex"):
        _get("frexp")(jnp.asarray(np.ones(2, np.complex64)))


def test_clip():
    clip = _get("clip")
    _check(clip(F23, 1, 4), np.clip(np.asarray(F23), 1, 4), np.float32)
    _check(clip(I8, max=0), [0, -2, 0], np.int8)
    with pytest.raises(ValueError, match="Clip received a complex value"):
        clip(F23, 1j)


def test_isclose_and_nan_to_num():
    a = np.array([np.inf, np.inf, np.nan, 1.0, 1.0], np.float32)
    b = np.array([np.inf, -np.inf, np.nan, 1.0 + 1e-6, 1.1], np.float32)
    _check(_get("isclose")(a, b), [True, False, False, True, False], np.bool_)
    _check(_get("isclose")(a, b, equal_nan=True), [True, False, True, True, False], np.bool_)
    f16 = np.array([np.nan, np.inf, -np.inf], np.float16)
    _check(_get("nan_to_num")(f16), [0, 65504, -65504], np.float16)


def test_hypot_gcd_lcm_errors_and_values():
    with pytest.raises(ValueError, match="hypot is not well defined for complex"):
        _get("hypot")(jnp.asarray(np.ones(2, np.complex64)), 1.0)
    _check(_get("hypot")(np.float32(3e30), np.float32(4e30)), 5e30, np.float32)
    with pytest.raises(ValueError, match="gcd must be integers"):
        _get("gcd")(F23, F23)
    _check(_get("gcd")(np.array([12, -18, 0, 0], np.int32), np.array([18, 12, 5, 0], np.int32)),
           [6, 6, 5, 0], np.int32)
    _check(_get("lcm")(np.array([4, -6, 0], np.int32), np.array([6, 4, 3], np.int32)),
           [12, 12, 0], np.int32)


def test_angle_of_a_float16_scalar_is_float32():
    # A JAX quirk: 0-d real inputs go through the default float.
    assert _get("angle")(jnp.asarray(np.float16(-1))).dtype == np.float32
    assert _get("angle")(jnp.asarray(np.array([-1], np.float16))).dtype == np.float16


# --- NaN-ignoring reductions and quantiles -------------------------------------------------

def test_nan_reductions_of_all_nan_slices():
    x = jnp.asarray(np.array([[np.nan, np.nan], [1.0, np.nan]], np.float32))
    _check(_get("nanargmax")(x, axis=1), [-1, 0], np.int32)
    _check(_get("nanargmin")(x, axis=1, keepdims=True), [[-1], [0]], np.int32)
    _check(_get("nansum")(x, axis=1), [0.0, 1.0], np.float32)
    _check(_get("nanmax")(x, axis=1), [np.nan, 1.0], np.float32)
    _check(_get("nanmax")(x, axis=1, initial=-5.0), [-5.0, 1.0], np.float32)
    _check(_get("nanmean")(x, axis=0), [1.0, np.nan], np.float32)
    _check(_get("nanvar")(x, axis=0), [0.0, np.nan], np.float32)
    _check(_get("nancumsum")(x), [0.0, 0.0, 1.0, 1.0], np.float32)


def test_quantile_arguments_and_nan():
    quantile = _get("quantile")
    x = jnp.asarray(np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]], np.float32))
    # A NaN anywhere in a slice makes its quantiles NaN; nanquantile skips it.
    _check(quantile(x, 0.5, axis=1), [np.nan, 5.0], np.float32)
    _check(_get("nanquantile")(x, 0.5, axis=1), [2.0, 5.0], np.float32)
    _check(_get("median")(np.arange(4, dtype=np.int32)), 1.5, np.float32)
    _check(_get("percentile")(np.arange(5, dtype=np.float32), np.float32(50)), 2.0,
           np.float32)
    # JAX breaks "nearest" ties toward the lower neighbour.
    _check(quantile(np.arange(10, dtype=np.float32), np.array([0.25, 0.5, 0.75], np.float32),
                    method="nearest"), [2.0, 4.0, 7.0], np.float32)
    with pytest.raises(ValueError, match="q must be have rank <= 1"):
        quantile(x, np.ones((2, 2), np.float32))
    with pytest.raises(ValueError, match="not recognized"):
        quantile(x, 0.5, method="bogus")
    with pytest.raises(ValueError, match="does not support complex"):
        quantile(jnp.asarray(np.ones(2, np.complex64)), 0.5)
    with pytest.raises(ValueError, match="does not support overwrite_input"):
        _get("median")(x, overwrite_input=True)
