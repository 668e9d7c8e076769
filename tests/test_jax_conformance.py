"""Behaviour a JAX user meets, checked against facts measured with JAX 0.10.2 (written by
hand): weak-int wrapping, round(), dtype warnings, NumPy interop, reprs, Jaxpr text,
ravel_pytree, segment reductions and the Array surface."""
import operator

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.flatten_util import ravel_pytree


def check(out, expected, dtype, weak=False):
    assert isinstance(out, wax.Array), type(out)
    assert out.dtype == np.dtype(dtype), (out.dtype, dtype)
    assert out.weak_type is weak
    np.testing.assert_array_equal(np.asarray(out), np.asarray(expected, dtype))


# 1. weak Python ints outside a narrow int dtype wrap in JAX
@pytest.mark.parametrize("fn, expected, dtype", [
    (lambda i8, u8: i8 + 300, [45, 46], np.int8),
    (lambda i8, u8: 300 + i8, [45, 46], np.int8),
    (lambda i8, u8: u8 + -1, [0, 199], np.uint8),
    (lambda i8, u8: u8 + 256, [1, 200], np.uint8),
    (lambda i8, u8: u8 * 256, [0, 0], np.uint8),
    (lambda i8, u8: i8 * 1000, [-24, -48], np.int8),
    (lambda i8, u8: i8 // 1000, [-1, -1], np.int8),
    (lambda i8, u8: i8 & 257, [1, 0], np.int8),
    (lambda i8, u8: u8 < -1, [True, True], np.bool_),
    (lambda i8, u8: i8 == 257, [True, False], np.bool_),
    (lambda i8, u8: jnp.add(i8, 300), [45, 46], np.int8),
    (lambda i8, u8: jnp.maximum(i8, 300), [44, 44], np.int8),
    (lambda i8, u8: jnp.where(i8 > 1, i8, 300), [44, 2], np.int8),
    (lambda i8, u8: i8.at[0].set(300), [44, 2], np.int8),
    (lambda i8, u8: wax.jit(lambda a: a + 300)(i8), [45, 46], np.int8),
    (lambda i8, u8: wax.jit(lambda a: a < -1)(u8), [True, True], np.bool_),
])
def test_weak_int_wraps_into_narrow_dtypes(fn, expected, dtype):
    i8, u8 = jnp.asarray([1, 2], jnp.int8), jnp.asarray([1, 200], jnp.uint8)
    check(fn(i8, u8), expected, dtype)


def test_weak_int_beyond_int32_overflows_even_for_uint32():
    with pytest.raises(OverflowError):   # JAX 0.10.2: OverflowError (2**31 is not an int32)
        jnp.asarray([1], jnp.uint32) + 2 ** 31


# 2. builtin round() without ndigits
def test_builtin_round_gives_int32_arrays():
    check(round(jnp.asarray([1.5, -2.5, 3.0])), [2, -2, 3], np.int32)
    check(round(jnp.asarray(2.5)), 2, np.int32)
    check(round(jnp.asarray(3.5)), 4, np.int32)
    check(round(jnp.asarray(3)), 3, np.int32)
    check(wax.jit(lambda a: round(a))(jnp.asarray([1.5, -2.5, 3.0])), [2, -2, 3], np.int32)


# 3. jnp.int64 / jnp.float64 / jnp.complex128 skip the truncation warning
@pytest.mark.parametrize("dtype", [jnp.int64, jnp.float64, jnp.complex128, jnp.int_,
                                   jnp.float_, jnp.double])
def test_wax_64_bit_scalar_types_warn(dtype):
    with pytest.warns(UserWarning, match="Explicitly requested dtype"):
        jnp.ones(2).astype(dtype)
    with pytest.warns(UserWarning, match="Explicitly requested dtype"):
        jnp.zeros(2, dtype)


# 4. bool 0-d arrays are not indices
def test_bool_array_is_not_an_index():
    with pytest.raises(TypeError):
        operator.index(jnp.asarray(True))


# 5. NumPy ufuncs accept wax arrays (returning NumPy arrays)
def test_numpy_ufuncs_on_wax_arrays():
    x = jnp.asarray([1.5, 2.5, 3.5])
    out = np.sin(x)
    assert type(out) is np.ndarray and out.dtype == np.float32
    out = np.add(x, 1)
    assert type(out) is np.ndarray and out.dtype == np.float32
    np.testing.assert_array_equal(out, [2.5, 3.5, 4.5])


# 6. == with a list or tuple raises TypeError in JAX
def test_eq_with_list_raises():
    x = jnp.asarray([1.5, 2.5, 3.5])
    with pytest.raises(TypeError):
        x == [1.5, 2.5, 3.5]
    with pytest.raises(TypeError):
        x != (1.0, 1.0, 1.0)


# 7. negative segment ids are dropped
def test_negative_segment_ids_are_dropped():
    out = wax.ops.segment_sum(jnp.asarray([1., 2., 3., 4., 5.]), jnp.asarray([0, -1, 1, 1, 0]), 2)
    check(out, [6.0, 7.0], np.float32)
    out = wax.ops.segment_max(jnp.asarray([1., 9., 3., 4., 5.]), jnp.asarray([0, -1, 1, 1, 0]), 2)
    check(out, [5.0, 4.0], np.float32)


def test_segment_sum_rejects_lists():
    with pytest.raises(TypeError):
        wax.ops.segment_sum([1.0, 2.0], [0, 1], 2)


# 8. repr line wrapping
def test_repr_wraps_like_jax():
    assert repr(jnp.arange(14.0) * 1.5) == (
        "Array([ 0. ,  1.5,  3. ,  4.5,  6. ,  7.5,  9. , 10.5, 12. , 13.5, 15. ,\n"
        "       16.5, 18. , 19.5], dtype=float32)")
    assert repr(jnp.arange(13, dtype=jnp.int8) * 9) == (
        "Array([  0,   9,  18,  27,  36,  45,  54,  63,  72,  81,  90,  99, 108],      "
        "dtype=int8)")
    assert repr(jnp.arange(2000.0)) == (
        "Array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n"
        "       1.999e+03], dtype=float32)")


# 9. ShapeDtypeStruct keeps the dtype it is given
def test_shape_dtype_struct_keeps_float64():
    assert repr(wax.ShapeDtypeStruct((2,), np.float64)) == \
        "ShapeDtypeStruct(shape=(2,), dtype=float64)"


# 10. short jaxprs print on one line
def test_short_jaxprs_print_on_one_line():
    assert str(wax.make_jaxpr(lambda x: x + 1)(jnp.ones(2))) == \
        "{ lambda ; a:f32[2]. let b:f32[2] = add a 1.0:f32[] in (b,) }"
    assert str(wax.make_jaxpr(lambda x: -(-x))(jnp.ones(2))) == \
        "{ lambda ; a:f32[2]. let b:f32[2] = neg a; c:f32[2] = neg b in (c,) }"
    assert str(wax.make_jaxpr(lambda x: x)(jnp.ones(2))) == "{ lambda ; a:f32[2]. let  in (a,) }"


# 11. ravel_pytree: weak flags, unravel of NumPy input, dtype checks
def test_ravel_pytree_of_weak_scalars_is_weak():
    flat, unravel = ravel_pytree(3.0)
    check(flat, [3.0], np.float32, weak=True)
    check(unravel(flat), 3.0, np.float32, weak=True)


def test_unravel_numpy_vector_gives_wax_arrays():
    _, unravel = ravel_pytree([jnp.ones(2)])
    (out,) = unravel(np.ones(2, np.float32))
    assert isinstance(out, wax.Array)


def test_unravel_mixed_dtype_checks_vector_dtype():
    _, unravel = ravel_pytree([jnp.ones(1, jnp.float16), jnp.ones(1)])
    with pytest.raises(TypeError, match="unravel function given array of dtype float16"):
        unravel(jnp.asarray([1.0, 2.0], jnp.float16))


# 12. the Array surface JAX_SURFACE lists (argpartition, view, searchsorted, choose,
# compress and byteswap come with the API-surface issue, with their wax.numpy functions)
@pytest.mark.parametrize("name", ["nonzero", "sort", "argsort", "repeat", "diagonal",
                                  "trace", "to_device"])
def test_methods_exist(name):
    assert hasattr(jnp.ones(2), name)


def test_sorting_methods_match_numpy():
    x = jnp.asarray([[3.0, 1.0, 2.0], [0.5, 0.5, -1.0]])
    np.testing.assert_array_equal(np.asarray(x.sort()), np.sort(np.asarray(x)))
    np.testing.assert_array_equal(np.asarray(x.argsort(axis=0)),
                                  np.argsort(np.asarray(x), axis=0, kind="stable"))
    np.testing.assert_array_equal(np.asarray(x.diagonal()), [3.0, 0.5])
    rows, cols = jnp.asarray([[0, 2], [3, 0]]).nonzero()
    np.testing.assert_array_equal(np.asarray(rows), [0, 1])
    np.testing.assert_array_equal(np.asarray(cols), [1, 0])


def test_flat_raises_not_implemented():
    with pytest.raises(NotImplementedError):
        jnp.ones(2).flat


# 13. complex -> real astype warns
def test_astype_complex_to_real_warns():
    with pytest.warns(DeprecationWarning, match="Casting from complex to real"):
        jnp.asarray([1 + 2j]).astype(jnp.float32)


# 14. tracer surface
def test_tracer_block_until_ready_and_devices():
    with pytest.raises(AttributeError):
        wax.jit(lambda a: a.block_until_ready())(jnp.ones(2))
    with pytest.raises(wax.errors.ConcretizationTypeError):
        wax.jit(lambda a: a.devices())(jnp.ones(2))
