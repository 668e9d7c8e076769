"""Reductions, argmax/argmin, cumulative ops and dot_general: the facts an op-record table
cannot state (NaN, ties, identities, integer wraparound, errors, dimension numbers)."""
import numpy as np
import pytest

import wax
import wax.lax as lax
import wax.numpy as jnp
from records import bfloat16
from wax.core.array import make_array

nan, inf = np.nan, np.inf


def arr(values, dtype):
    return jnp.asarray(np.asarray(values, dtype))


def weak(values, dtype=np.float32):
    """A weakly typed array, as Python scalars produce."""
    return make_array(np.asarray(values, dtype), True)


def value(x):
    return np.asarray(x)


# --- NaN --------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float16, bfloat16])
def test_max_and_min_propagate_nan(dtype):
    x = arr([1, nan, 3], dtype)
    assert np.isnan(value(lax.reduce_max(x, (0,)))).all()
    assert np.isnan(value(lax.reduce_min(x, (0,)))).all()
    np.testing.assert_array_equal(value(lax.cummax(x)).astype(np.float32), [1, nan, nan])
    np.testing.assert_array_equal(value(lax.cummin(x)).astype(np.float32), [1, nan, nan])


@pytest.mark.parametrize("dtype", [np.float32, np.float16, bfloat16])
def test_argmax_and_argmin_take_the_first_nan(dtype):
    x = arr([1, nan, 3, nan, -inf], dtype)
    assert int(lax.argmax(x, 0, np.int32)) == 1
    assert int(lax.argmin(x, 0, np.int32)) == 1
    rows = arr([[0, 5, nan], [nan, 2, nan]], dtype)
    np.testing.assert_array_equal(value(lax.argmax(rows, 1, np.int32)), [2, 0])
    np.testing.assert_array_equal(value(lax.argmin(rows, 1, np.int32)), [2, 0])


# --- ties ---------------------------------------------------------------------------

def test_argmax_and_argmin_take_the_first_of_ties():
    x = arr([1, 3, 3, 0, 0], np.int32)
    assert int(lax.argmax(x, 0, np.int32)) == 1
    assert int(lax.argmin(x, 0, np.int32)) == 3
    cols = arr([[2, 7, 1], [2, 7, 1], [0, 9, 1]], np.float32)
    np.testing.assert_array_equal(value(lax.argmax(cols, 0, np.int32)), [0, 2, 0])
    np.testing.assert_array_equal(value(lax.argmin(cols, 0, np.int32)), [2, 0, 0])
    b = arr([False, True, True], np.bool_)
    assert int(lax.argmax(b, 0, np.int32)) == 1
    assert int(lax.argmin(b, 0, np.int32)) == 0
    # -0.0 and 0.0 are equal, so the first one wins.
    assert int(lax.argmax(arr([-0.0, 0.0], np.float32), 0, np.int32)) == 0


def test_argmax_index_dtype_and_never_weak():
    out = lax.argmax(weak([1.0, 5.0, 2.0]), -1, np.uint8)
    assert out.dtype == np.uint8 and out.weak_type is False and int(out) == 1
    assert lax.argmin(arr([1, 2], np.int8), 0, np.int64).dtype == np.int32  # x64 off


# --- empty reductions give the identity -------------------------------------------------

@pytest.mark.parametrize("op,dtype,expected", [
    (lax.reduce_sum, np.float32, 0.0), (lax.reduce_sum, np.int8, 0),
    (lax.reduce_prod, np.float32, 1.0), (lax.reduce_prod, np.uint8, 1),
    (lax.reduce_max, np.float32, -inf), (lax.reduce_min, np.float32, inf),
    (lax.reduce_max, np.float16, -inf), (lax.reduce_min, bfloat16, inf),
    (lax.reduce_max, np.int32, -2**31), (lax.reduce_min, np.int32, 2**31 - 1),
    (lax.reduce_max, np.uint8, 0), (lax.reduce_min, np.uint8, 255),
    (lax.reduce_max, np.bool_, False), (lax.reduce_min, np.bool_, True),
    (lax.reduce_and, np.bool_, True), (lax.reduce_or, np.bool_, False),
    (lax.reduce_xor, np.bool_, False),
    (lax.reduce_and, np.int8, -1), (lax.reduce_and, np.uint8, 255),
    (lax.reduce_or, np.int32, 0), (lax.reduce_xor, np.uint8, 0),
])
def test_empty_reduction_is_the_identity(op, dtype, expected):
    out = op(arr(np.zeros((2, 0)), dtype), (1,))
    assert out.shape == (2,) and out.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(value(out).astype(np.float64), [expected] * 2)
    everything = op(arr(np.zeros((0, 3)), dtype), (0, 1))
    assert everything.shape == ()


def test_empty_cumulative_ops_and_size_zero_kept_axes():
    x = arr(np.zeros((0, 3)), np.float32)
    for op in (lax.cumsum, lax.cumprod, lax.cummax, lax.cummin, lax.cumlogsumexp):
        assert op(x, 0).shape == (0, 3)
        assert op(x, 1, reverse=True).shape == (0, 3)
    assert lax.reduce_max(x, (1,)).shape == (0,)


# --- integer wraparound, by hand ------------------------------------------------------

def test_integer_reductions_wrap_in_the_operand_dtype():
    assert int(lax.reduce_sum(arr([100, 100, 100], np.int8), (0,))) == 44  # 300 - 256
    assert lax.reduce_sum(arr([100, 100, 100], np.int8), (0,)).dtype == np.int8
    assert int(lax.reduce_sum(arr([200, 100], np.uint8), (0,))) == 44
    assert int(lax.reduce_prod(arr([16, 16], np.int8), (0,))) == 0
    assert int(lax.reduce_prod(arr([-128, -1], np.int8), (0,))) == -128
    assert int(lax.reduce_sum(arr([2**31 - 1, 1], np.int32), (0,))) == -2**31
    np.testing.assert_array_equal(value(lax.cumsum(arr([100, 100, 100], np.int8))),
                                  [100, -56, 44])
    np.testing.assert_array_equal(value(lax.cumprod(arr([16, 16, 3], np.uint8))), [16, 0, 0])


def test_bitwise_reductions_of_integers():
    x = arr([0b1100, 0b1010, 0b1001], np.uint8)
    assert int(lax.reduce_and(x, (0,))) == 0b1000
    assert int(lax.reduce_or(x, (0,))) == 0b1111
    assert int(lax.reduce_xor(x, (0,))) == 0b1111
    assert bool(lax.reduce_xor(arr([True, True, True], np.bool_), (0,))) is True


def test_half_precision_sums_accumulate_in_float32():
    # A float16 accumulator stops at 2048 (2048 + 1 rounds to 2048); wax adds in float32.
    assert float(lax.reduce_sum(arr(np.ones(3000), np.float16), (0,))) == 3000.0
    assert float(lax.reduce_sum(arr(np.ones(3000), bfloat16), (0,))) == 3008.0  # rounded once


# --- cumulative ops -------------------------------------------------------------------

def test_cumulative_ops_by_hand():
    x = arr([1, 2, 3], np.float32)
    np.testing.assert_array_equal(value(lax.cumsum(x)), [1, 3, 6])
    np.testing.assert_array_equal(value(lax.cumsum(x, reverse=True)), [6, 5, 3])
    np.testing.assert_array_equal(value(lax.cumprod(x, 0, True)), [6, 6, 3])
    np.testing.assert_array_equal(value(lax.cummax(arr([1, 3, 2], np.int8), reverse=True)),
                                  [3, 3, 2])
    np.testing.assert_array_equal(value(lax.cummin(arr([[3, 1], [2, 4]], np.int32), axis=-1)),
                                  [[3, 1], [2, 2]])


def test_cumlogsumexp_is_stable():
    out = value(lax.cumlogsumexp(arr([1000.0, 1000.0, -inf], np.float32)))
    np.testing.assert_allclose(out, [1000.0, 1000.0 + np.log(2.0), 1000.0 + np.log(2.0)],
                               rtol=1e-6)
    out = value(lax.cumlogsumexp(arr([-inf, -inf], np.float32)))
    np.testing.assert_array_equal(out, [-inf, -inf])


def test_cumulative_errors():
    with pytest.raises(ValueError, match="cumsum: axis 2 is out of bounds for array of "
                                         "dimension 2"):
        lax.cumsum(arr(np.zeros((2, 3)), np.float32), 2)
    with pytest.raises(TypeError, match="cumsum does not accept dtype bool"):
        lax.cumsum(arr([True], np.bool_))
    with pytest.raises(TypeError, match="cumlogsumexp does not accept dtype int32"):
        lax.cumlogsumexp(arr([1], np.int32))
    with pytest.raises(ValueError, match="out of bounds for array of shape"):
        lax.cumsum_p.bind(arr([1.0], np.float32), axis=-1, reverse=False)


# --- axes: canonicalization and errors ---------------------------------------------------

def test_negative_axes_are_canonicalized():
    x = arr(np.arange(24).reshape(2, 3, 4), np.float32)
    np.testing.assert_array_equal(value(lax.reduce_sum(x, (-1, 0))),
                                  np.arange(24.).reshape(2, 3, 4).sum((0, 2)))
    closed = wax.make_jaxpr(lambda v: lax.reduce_max(v, (-1,)))(x)
    assert "axes=(2,)" in str(closed)


def test_bad_axes_raise_value_errors_naming_axis_and_rank():
    x = arr(np.zeros((2, 3)), np.float32)
    with pytest.raises(ValueError, match=r"reduce_sum: axis 2 is out of bounds for array of "
                                         r"dimension 2"):
        lax.reduce_sum(x, (2,))
    with pytest.raises(ValueError, match=r"reduce_max: axis -3 is out of bounds for array "
                                         r"of dimension 2"):
        lax.reduce_max(x, (-3,))
    with pytest.raises(ValueError, match=r"reduce_prod: duplicate axis 0 in axes \(0, 0\) "
                                         r"for an operand of rank 2"):
        lax.reduce_prod(x, (0, -2))
    with pytest.raises(ValueError, match="argmax: axis 1 is out of bounds"):
        lax.argmax(arr([1.0], np.float32), 1, np.int32)
    with pytest.raises(ValueError, match="out of bounds for array of dimension 0"):
        lax.reduce_sum(arr(1.0, np.float32), (0,))
    # The primitive itself checks too (no wrapper in between).
    with pytest.raises(ValueError, match="reduce_min: axis -1 is out of bounds"):
        lax.reduce_min_p.bind(x, axes=(-1,))


def test_bad_dtypes_raise_type_errors():
    with pytest.raises(TypeError, match="reduce_sum does not accept dtype bool"):
        lax.reduce_sum(arr([True], np.bool_), (0,))
    with pytest.raises(TypeError, match="reduce_and does not accept dtype float32"):
        lax.reduce_and(arr([1.0], np.float32), (0,))
    with pytest.raises(TypeError, match="argmax does not accept dtype complex64"):
        lax.argmax(arr([1j], np.complex64), 0, np.int32)
    with pytest.raises(TypeError, match="index_dtype must be an integer type, but got "
                                        "float32"):
        lax.argmax(arr([1.0], np.float32), 0, np.float32)


def test_argmax_of_an_empty_axis_raises():
    with pytest.raises(ValueError, match=r"argmin requires a non-empty reduced dimension, "
                                         r"got operand shape \(2, 0\)"):
        lax.argmin(arr(np.zeros((2, 0)), np.float32), 1, np.int32)


def test_zero_dim_reduction_over_no_axes_is_the_identity_map():
    out = lax.reduce_sum(arr(2.5, np.float32), ())
    assert out.shape == () and float(out) == 2.5
    assert float(lax.reduce_max(3.0, ())) == 3.0


def test_complex_max_is_lexicographic():
    x = arr([1 + 5j, 2 + 0j, 2 + 1j], np.complex64)
    assert complex(lax.reduce_max(x, (0,))) == 2 + 1j
    assert complex(lax.reduce_min(x, (0,))) == 1 + 5j


# --- weak types -------------------------------------------------------------------------

def test_weak_types():
    w = weak([1.0, 2.0])
    for out in (lax.reduce_sum(w, (0,)), lax.reduce_max(w, (0,)), lax.cumsum(w),
                lax.cumlogsumexp(w)):
        assert out.weak_type is True and out.dtype == np.float32
    strong = arr([1.0, 2.0], np.float32)
    assert lax.reduce_sum(strong, (0,)).weak_type is False
    assert lax.dot_general(w, w, (((0,), (0,)), ((), ()))).weak_type is True
    assert lax.dot_general(w, strong, (((0,), (0,)), ((), ()))).weak_type is False
    assert lax.dot_general(w, w, (((0,), (0,)), ((), ())),
                           preferred_element_type=np.float32).weak_type is False


# --- lax.reduce -------------------------------------------------------------------------

def test_reduce_dispatches_monoids_and_folds_the_init_value():
    x = arr([[1, 2, 3], [4, 5, 6]], np.int32)
    assert value(lax.reduce(x, 0, lax.add, (0, 1))) == 21
    assert value(lax.reduce(x, 10, lax.add, (0, 1))) == 31
    np.testing.assert_array_equal(value(lax.reduce(x, 2, lax.mul, (1,))), [12, 240])
    np.testing.assert_array_equal(value(lax.reduce(x, 5, lax.max, (0,))), [5, 5, 6])
    np.testing.assert_array_equal(value(lax.reduce(x, 2, lax.min, (-1,))), [1, 2])
    f = arr([1.0, nan], np.float32)
    assert np.isnan(value(lax.reduce(f, -inf, lax.max, (0,))))
    b = arr([[True, False], [True, True]], np.bool_)
    np.testing.assert_array_equal(value(lax.reduce(b, True, lax.bitwise_and, (1,))),
                                  [False, True])
    np.testing.assert_array_equal(value(lax.reduce(b, False, lax.bitwise_or, (1,))),
                                  [True, True])
    np.testing.assert_array_equal(value(lax.reduce(b, True, lax.bitwise_xor, (1,))),
                                  [False, True])
    # A one-operand tuple gives a one-result tuple.
    (out,) = lax.reduce((x,), (0,), lax.add, (0,))
    np.testing.assert_array_equal(value(out), [5, 7, 9])
    # The identity init adds no equation; another init adds the combining one.
    assert "add" not in str(wax.make_jaxpr(lambda v: lax.reduce(v, 0, lax.add, (0,)))(x))
    assert "add" in str(wax.make_jaxpr(lambda v: lax.reduce(v, 1, lax.add, (0,)))(x))


def test_reduce_rejects_other_computations():
    x = arr([1.0, 2.0], np.float32)
    with pytest.raises(NotImplementedError, match="computation .* is not supported"):
        lax.reduce(x, 0.0, lambda a, b: a + b, (0,))
    with pytest.raises(NotImplementedError, match="variadic"):
        lax.reduce((x, x), (0.0, 0.0), lax.add, (0,))
    with pytest.raises(ValueError, match="same tree structure"):
        lax.reduce((x,), 0.0, lax.add, (0,))


# --- dot_general ------------------------------------------------------------------------

def test_dot_general_layout_is_batch_then_lhs_free_then_rhs_free():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 2, 4, 5)).astype(np.float32)  # free, batch, contract, free
    b = rng.standard_normal((4, 6, 2)).astype(np.float32)      # contract, free, batch
    out = lax.dot_general(jnp.asarray(a), jnp.asarray(b), (((2,), (0,)), ((1,), (2,))))
    assert out.shape == (2, 3, 5, 6)
    np.testing.assert_allclose(value(out), np.einsum("ibkj,klb->bijl", a, b), rtol=1e-5,
                               atol=1e-5)


def test_preferred_element_type_int8_to_int32_does_not_wrap():
    x = arr(np.full((2, 3), 100), np.int8)
    y = arr(np.full((3, 2), 100), np.int8)
    wide = lax.dot_general(x, y, (((1,), (0,)), ((), ())), preferred_element_type=np.int32)
    assert wide.dtype == np.int32
    np.testing.assert_array_equal(value(wide), np.full((2, 2), 30000))
    narrow = lax.dot(x, y)
    assert narrow.dtype == np.int8
    np.testing.assert_array_equal(value(narrow), np.full((2, 2), 48))  # 30000 mod 256


def test_integer_dot_wraps_in_int32():
    x = arr([2**30, 2**30, 2**30], np.int32)
    assert int(lax.dot(x, arr([1, 1, 2], np.int32))) == 0  # 2**32 wraps to 0


def test_preferred_element_type_rules():
    x = arr(np.ones((2, 2)), np.int32)
    with pytest.raises(TypeError, match="must not be narrower"):
        lax.dot(x, x, preferred_element_type=np.int8)
    h = arr(np.ones((2, 3)), np.float16)
    out = lax.dot(h, arr(np.ones((3, 2)), np.float16), preferred_element_type=np.float32)
    assert out.dtype == np.float32
    f = arr(np.ones((2, 2)), np.float32)
    assert lax.dot(f, f, preferred_element_type=bfloat16).dtype == bfloat16


def test_mixed_dtypes_take_the_higher_precision_type():
    f = arr(np.ones((2, 2)), np.float32)
    i = arr(np.full((2, 2), 3), np.int8)
    out = lax.dot(f, i)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(value(out), np.full((2, 2), 6.0))
    assert lax.dot(arr(np.ones((2, 2)), np.float16),
                   arr(np.ones((2, 2)), bfloat16)).dtype == bfloat16
    assert lax.dot(arr(np.ones((2, 2)), np.uint32), arr(np.ones((2, 2)), np.int32)).dtype \
        == np.int32


def test_dot_general_errors_name_the_shapes():
    x = arr(np.zeros((2, 3)), np.float32)
    y = arr(np.zeros((4, 5)), np.float32)
    with pytest.raises(TypeError, match=r"dot_general requires contracting dimensions to "
                                        r"have the same shape, got \(3,\) and \(4,\) \(lhs "
                                        r"shape \(2, 3\), rhs shape \(4, 5\)\)"):
        lax.dot_general(x, y, (((1,), (0,)), ((), ())))
    with pytest.raises(TypeError, match=r"batch dimensions to have the same shape, got "
                                        r"\(2,\) and \(4,\)"):
        lax.dot_general(x, y, (((), ()), ((0,), (0,))))
    with pytest.raises(TypeError, match="lhs dimension numbers to be nonnegative and less "
                                        "than the number of axes"):
        lax.dot_general(x, y, (((2,), (0,)), ((), ())))
    with pytest.raises(TypeError, match="rhs dimension numbers to be nonnegative"):
        lax.dot_general(x, y, (((1,), (-1,)), ((), ())))
    with pytest.raises(TypeError, match=r"lhs contracting dimensions to be distinct, got "
                                        r"lhs_contracting \(1, 1\)"):
        lax.dot_general(x, arr(np.zeros((3, 3)), np.float32), (((1, 1), (0, 1)), ((), ())))
    with pytest.raises(TypeError, match="disjoint from contracting"):
        lax.dot_general(x, x, (((0,), (0,)), ((0,), (1,))))
    with pytest.raises(TypeError, match="equal numbers of lhs_batch and rhs_batch"):
        lax.dot_general(x, x, (((), ()), ((0,), ())))
    with pytest.raises(TypeError, match=r"Incompatible shapes for dot: got \(2, 3\) and "
                                        r"\(4, 5\)"):
        lax.dot(x, y)
    with pytest.raises(TypeError, match="Incompatible shapes for dot"):
        lax.dot(arr(np.zeros((2, 2, 2)), np.float32), x)
    with pytest.raises(ValueError, match="batch_matmul must be at least 2D"):
        lax.batch_matmul(arr(np.zeros(3), np.float32), x)
    with pytest.raises(ValueError, match="batch_matmul must have same ndim"):
        lax.batch_matmul(arr(np.zeros((2, 2, 3)), np.float32), arr(np.zeros((3, 4)),
                                                                    np.float32))


def test_dot_general_half_precision_accumulates_in_float32():
    ones = arr(np.ones((1, 3000)), np.float16)
    out = lax.dot(ones, arr(np.ones((3000, 1)), np.float16))
    assert out.dtype == np.float16 and value(out)[0, 0] == 3000.0


def test_dot_general_under_jit_and_make_jaxpr():
    x = arr(np.arange(6).reshape(2, 3), np.float32)
    y = arr(np.arange(12).reshape(3, 4), np.float32)
    f = wax.jit(lambda a, b: lax.dot_general(a, b, (((1,), (0,)), ((), ()))))
    np.testing.assert_array_equal(value(f(x, y)), np.arange(6.).reshape(2, 3) @
                                  np.arange(12.).reshape(3, 4))
    text = str(wax.make_jaxpr(lambda a, b: lax.dot(a, b, precision="highest"))(x, y))
    assert "dot_general[" in text and "dimension_numbers=(((1,), (0,)), ((), ()))" in text


# --- precision ----------------------------------------------------------------------------

def test_precision_enum_and_strings():
    P = lax.Precision
    assert P("highest") is P.HIGHEST and P("float32") is P.HIGHEST
    assert P("bfloat16") is P.DEFAULT and P("tensorfloat32") is P.HIGH
    assert str(P.HIGH) == "HIGH" and repr(P.HIGH) == "Precision.HIGH"
    x = arr(np.eye(2), np.float32)
    for precision in (None, P.DEFAULT, "high", (P.HIGHEST, P.DEFAULT), ("highest", "default"),
                      "F32_F32_F32"):
        np.testing.assert_array_equal(value(lax.dot(x, x, precision=precision)), np.eye(2))
    with pytest.raises(ValueError, match="Precision argument must be"):
        lax.dot(x, x, precision="very-high")
    with pytest.raises(TypeError):
        lax.dot(x, x, P.HIGHEST)  # keyword-only, as in JAX
    stacked = arr(np.eye(2)[None], np.float32)
    np.testing.assert_array_equal(value(lax.batch_matmul(stacked, stacked, P.HIGHEST)),
                                  np.eye(2)[None])


# --- forward mode: ties, zeros, NaN (expected values read from JAX 0.10.2) ------------------

def jacobian(f, x):
    """d f(x)[i] / d x[j] by one jvp per basis direction (wax has no jacfwd yet)."""
    x = np.asarray(x, np.float32)
    columns = []
    for j in range(x.size):
        direction = np.zeros(x.size, np.float32)
        direction[j] = 1
        _, t = wax.jvp(f, (jnp.asarray(x),), (jnp.asarray(direction.reshape(x.shape)),))
        columns.append(np.asarray(t))
    return np.stack(columns, axis=-1).reshape(columns[0].shape + x.shape)


def tangent(f, x, t):
    return np.asarray(wax.jvp(f, (arr(x, np.float32),), (arr(t, np.float32),))[1])


def test_max_and_min_tangents_average_over_ties():
    np.testing.assert_array_equal(jacobian(jnp.max, [1., 1., 0.]), [.5, .5, 0.])
    np.testing.assert_array_equal(jacobian(jnp.min, [0., 2., 0.]), [.5, 0., .5])
    np.testing.assert_array_equal(jacobian(lambda x: lax.reduce_max(x, (0,)), [1., 1., 0.]),
                                  [.5, .5, 0.])
    np.testing.assert_array_equal(
        jacobian(lambda x: lax.reduce_max(x, (1,)), [[3., 1., 3.], [0., 2., 1.]]),
        [[[.5, 0., .5], [0., 0., 0.]], [[0., 0., 0.], [0., 1., 0.]]])
    # A NaN maximum matches no element: the tangent is 0 / 0.
    assert np.isnan(tangent(lambda x: lax.reduce_max(x, (0,)), [1., nan, 0.], [1., 1., 1.]))


def test_reduce_prod_tangent_with_zeros():
    # d prod = sum_i t_i prod_{j != i} x_j, never ans / x_i (which is 0 / 0 at a zero).
    def grad(x):
        return jacobian(lambda v: lax.reduce_prod(v, (0,)), x)

    np.testing.assert_array_equal(grad([2., 0., 3., 4.]), [0., 24., 0., 0.])
    np.testing.assert_array_equal(grad([2., 0., 3., 0.]), [0., 0., 0., 0.])
    np.testing.assert_array_equal(grad([2., 5., 3., 4.]), [60., 24., 40., 30.])
    np.testing.assert_array_equal(jacobian(lambda v: lax.reduce_prod(v, (0, 1)),
                                           [[2., 0.], [3., 5.]]), [[0., 30.], [0., 0.]])
    assert tangent(jnp.prod, [[1., 0.], [0., 2.]], np.ones((2, 2))) == 0.


def test_cumprod_tangent_with_zeros():
    x = [2., 0., 3., 0., 5.]
    np.testing.assert_array_equal(tangent(lax.cumprod, x, np.ones(5)), [1., 2., 6., 0., 0.])
    np.testing.assert_array_equal(
        tangent(lambda v: lax.cumprod(v, reverse=True), x, np.ones(5)), [0., 0., 15., 5., 1.])


def test_cummax_and_cummin_tangents_follow_the_running_extremum():
    np.testing.assert_array_equal(jacobian(lax.cummax, [1., 1., 0., 2., 2.]),
                                  [[1., 0., 0., 0., 0.], [.5, .5, 0., 0., 0.],
                                   [.5, .5, 0., 0., 0.], [0., 0., 0., 1., 0.],
                                   [0., 0., 0., .5, .5]])
    np.testing.assert_array_equal(
        jacobian(lambda v: lax.cummin(v, reverse=True), [0., 2., 0., 3.]),
        [[.5, 0., .5, 0.], [0., 0., 1., 0.], [0., 0., 1., 0.], [0., 0., 0., 1.]])
    # Three tied places share equally, as reduce_max's do (wax's choice: JAX's split,
    # [.25, .25, 0, .5], comes from the shape of its scan tree).
    np.testing.assert_allclose(jacobian(lax.cummax, [1., 1., 0., 1.])[3], [1 / 3, 1 / 3, 0., 1 / 3])


def test_cumlogsumexp_tangent_is_stable():
    t = tangent(lax.cumlogsumexp, [1000., 1000., 0.], [1., 0., 0.])
    np.testing.assert_allclose(t, [1., .5, .5], rtol=1e-4)


def test_argmax_tangent_is_a_float0_zero():
    index, t = wax.jvp(lambda v: lax.argmax(v, 0, np.int32), (arr([1., 2.], np.float32),),
                       (arr([1., 1.], np.float32),))
    assert int(index) == 1 and t.dtype == wax.dtypes.float0


def test_dot_general_tangent_is_bilinear_in_the_preferred_type():
    a, b = arr([1., 2., 3.], np.float16), arr([4., 5., 6.], np.float16)
    ta, tb = arr([1., 0., 0.], np.float16), arr([0., 1., 1.], np.float16)
    out, t = wax.jvp(lambda x, y: lax.dot_general(x, y, (((0,), (0,)), ((), ())),
                                                  preferred_element_type=np.float32),
                     (a, b), (ta, tb))
    assert out.dtype == t.dtype == np.float32
    assert float(out) == 32. and float(t) == 4. + 5.  # ta . b + a . tb


# --- transpose rules (reverse mode) -----------------------------------------------------------

def test_cumsum_cotangent_is_the_reversed_scan():
    # out[i] = sum_{j <= i} x[j], so x[j] collects ct[i] for every i >= j.
    ct = arr([1., 2., 3.], np.float32)
    pull = wax.vjp(lambda x: lax.cumsum(x), arr([5., 6., 7.], np.float32))[1]
    np.testing.assert_array_equal(value(pull(ct)[0]), [6., 5., 3.])
    pull = wax.vjp(lambda x: lax.cumsum(x, reverse=True), arr([5., 6., 7.], np.float32))[1]
    np.testing.assert_array_equal(value(pull(ct)[0]), [1., 3., 6.])
    x = arr([[1., 2.], [3., 4.]], np.float32)
    pull = wax.vjp(lambda x: lax.cumsum(x, axis=1), x)[1]
    np.testing.assert_array_equal(value(pull(arr([[1., 10.], [100., 1000.]], np.float32))[0]),
                                  [[11., 10.], [1100., 1000.]])


@pytest.mark.parametrize("axis, reverse", [(0, False), (0, True), (1, False), (2, True)])
def test_cumsum_check_grads_order_2(axis, reverse):
    from wax.test_util import check_grads
    x = np.random.default_rng(0).standard_normal((3, 4, 2))
    with wax.enable_x64():
        check_grads(lambda v: lax.cumsum(v, axis, reverse) * v, (x,), order=2, modes=("rev",))
