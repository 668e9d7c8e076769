"""Shape/structure primitives and sort: what the op-record table can't express — argument
errors (class and a message naming the shapes), weak types, JAX's sort order at NaNs and
signed zeros, stability, and the wrappers' shortcuts."""
import math
import re

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax

bf16 = np.dtype(ml_dtypes.bfloat16)


def arr(values, dtype=np.float32):
    return jnp.asarray(np.asarray(values, dtype))


def zeros(shape, dtype=np.float32):
    return jnp.asarray(np.zeros(shape, dtype))


def raises(exc, *fragments):
    """pytest.raises whose message must contain every fragment (shapes, names)."""
    return pytest.raises(exc, match="(?s)" + "".join(f"(?=.*{re.escape(f)})"
                                                     for f in fragments))


# --- broadcast_in_dim ------------------------------------------------------------------

@pytest.mark.parametrize("in_shape, shape, dims, fragment", [
    ((2,), (2, 2), (0, 1), "must have length equal to operand ndim"),
    ((2, 2), (2,), (0, 1), "equal or higher rank"),
    ((2,), (2, 3), (2,), "must be a subset of output dimensions"),
    ((2,), (3,), (0,), "must either be 1, or be equal"),
    ((2, 2), (2, 2), (1, 0), "strictly increasing"),
    ((2, 1), (2, 1, 2), (0, 0), "strictly increasing"),
])
def test_broadcast_in_dim_errors_name_shapes(in_shape, shape, dims, fragment):
    with raises(TypeError, "broadcast_in_dim", fragment, str(in_shape)):
        lax.broadcast_in_dim(zeros(in_shape), shape, dims)


def test_broadcast_in_dim_rejects_negative_sizes():
    with raises(TypeError, "nonnegative", "(-1, 2)"):
        lax.broadcast_in_dim(zeros(()), (-1, 2), ())


def test_broadcast_in_dim_errors_under_jit_too():
    with raises(TypeError, "must either be 1", "(2,)", "(3,)"):
        wax.jit(lambda x: lax.broadcast_in_dim(x, (3,), (0,)))(zeros(2))


def test_broadcast_in_dim_of_a_python_scalar_is_weak():
    out = lax.broadcast_in_dim(1.0, (2, 3), ())
    assert out.shape == (2, 3) and out.dtype == np.float32 and out.weak_type
    np.testing.assert_array_equal(out, np.ones((2, 3)))


def test_broadcast_in_dim_scalar_to_scalar_returns_operand():
    x = arr(3.0)
    assert lax.broadcast_in_dim(x, (), ()) is x


def test_expand_dims_and_broadcast_wrappers():
    x = zeros((2, 3))
    assert lax.expand_dims(x, (1,)).shape == (2, 1, 3)
    assert lax.expand_dims(x, (-1, 0)).shape == (1, 2, 3, 1)
    assert lax.broadcast(x, (4, 5)).shape == (4, 5, 2, 3)
    assert lax.broadcast_to_rank(x, 4).shape == (1, 1, 2, 3)
    assert lax.broadcast_like(arr([1, 2, 3]), zeros((2, 3))).shape == (2, 3)
    with raises(ValueError, "repeated axis"):
        lax.expand_dims(x, (0, -4))
    with raises(ValueError, "out of bounds"):
        lax.expand_dims(x, (3, 4))


def test_expand_dims_is_broadcast_in_dim_in_a_jaxpr():
    closed = wax.make_jaxpr(lambda x: lax.expand_dims(x, (0,)))(zeros(3))
    (eqn,) = closed.eqns
    assert eqn.primitive is lax.broadcast_in_dim_p
    assert eqn.params["shape"] == (1, 3) and eqn.params["broadcast_dimensions"] == (1,)


def test_broadcast_shapes():
    assert lax.broadcast_shapes((3, 1), (1, 4), (5, 1, 1)) == (5, 3, 4)
    assert lax.broadcast_shapes((2, 3)) == (2, 3)
    with raises(ValueError, "Incompatible shapes for broadcasting", "(3, 1)", "(4, 1)"):
        lax.broadcast_shapes((3, 1), (4, 1))


# --- reshape, transpose, squeeze, rev --------------------------------------------------

def test_reshape_size_mismatch_message():
    with pytest.raises(TypeError) as info:
        lax.reshape(zeros(3), (2, 4))
    assert str(info.value) == ("reshape total size must be unchanged, got new_sizes (2, 4) "
                               "(of total size 8) for shape (3,) (of total size 3).")


def test_reshape_other_errors():
    with raises(TypeError, "must all be positive", "(-1, 3)"):
        lax.reshape(zeros(3), (-1, 3))
    with raises(TypeError, "permutation of operand dimensions", "(0, 0)", "(2, 3)"):
        lax.reshape(zeros((2, 3)), (6,), (0, 0))
    with raises(TypeError, "shapes must be 1D sequences"):
        lax.reshape(zeros(3), 3)


def test_reshape_returns_operand_when_nothing_changes():
    x = zeros((2, 3))
    assert lax.reshape(x, (2, 3)) is x
    assert lax.reshape(x, [2, 3], dimensions=(0, 1)) is x
    closed = wax.make_jaxpr(lambda y: lax.reshape(y, (2, 3)))(x)
    assert not closed.eqns
    # JAX binds for rank-0 operands, and for any non-identity `dimensions`.
    assert [e.primitive for e in wax.make_jaxpr(lambda y: lax.reshape(y, ()))(arr(1.)).eqns] \
        == [lax.reshape_p]
    closed = wax.make_jaxpr(lambda y: lax.reshape(y, (3, 2), (1, 0)))(x)
    assert closed.eqns[0].params["dimensions"] == (1, 0)


def test_reshape_accepts_numpy_integer_sizes():
    out = lax.reshape(zeros(6), (np.int64(2), np.int32(3)))
    assert out.shape == (2, 3)
    assert all(type(d) is int for d in out.shape)


def test_transpose_bad_permutation():
    with raises(TypeError, "isn't a permutation", "(0, 0)", "(2, 3)"):
        lax.transpose(zeros((2, 3)), (0, 0))
    with raises(TypeError, "isn't a permutation", "(1, 0, 2)", "(2, 3)"):
        lax.transpose(zeros((2, 3)), (1, 0, 2))


def test_transpose_identity_returns_operand():
    x = zeros((2, 3))
    assert lax.transpose(x, (0, 1)) is x


def test_squeeze_errors():
    with raises(ValueError, "size not equal to one", "(2, 1)"):
        lax.squeeze(zeros((2, 1)), (0,))
    with raises(ValueError, "out of bounds"):
        lax.squeeze(zeros((1, 1)), (2,))
    with raises(ValueError, "not unique"):
        lax.squeeze(zeros((1, 1)), (0, -2))


def test_squeeze_params_are_sorted_non_negative():
    closed = wax.make_jaxpr(lambda x: lax.squeeze(x, (-1, 0)))(zeros((1, 3, 1)))
    assert closed.eqns[0].params == {"dimensions": (0, 2)}
    assert closed.out_avals[0].shape == (3,)


def test_rev_errors():
    with raises(TypeError, "unique"):
        lax.rev(zeros(3), (0, 0))
    with raises(TypeError, "less than operand ndim", "(3,)"):
        lax.rev(zeros(3), (1,))
    with raises(TypeError, "nonnegative"):
        lax.rev(zeros(3), (-1,))


# --- pad -------------------------------------------------------------------------------

def test_pad_interior_and_negative_edges():
    x = arr([1, 2, 3], np.int32)
    np.testing.assert_array_equal(lax.pad(x, 0, ((1, 2, 1),)), [0, 1, 0, 2, 0, 3, 0, 0])
    np.testing.assert_array_equal(lax.pad(x, -1, ((-2, -1, 2),)), [-1, 2, -1, -1])
    # Cropping past the operand reaches into the high padding.
    np.testing.assert_array_equal(lax.pad(x, 9, ((-4, 3, 0),)), [9, 9])
    np.testing.assert_array_equal(lax.pad(zeros(0, np.int32), 7, ((2, -1, 3),)), [7])


def test_pad_errors():
    x = zeros((2, 3))
    with raises(TypeError, "same dtype", "float32", "int32"):
        lax.pad(x, arr(0, np.int32), ((0, 0, 0), (0, 0, 0)))
    with raises(ValueError, "length of padding_config", "(2, 3)"):
        lax.pad(x, 0.0, ((0, 0, 0),))
    with raises(ValueError, "interior padding", "nonnegative"):
        lax.pad(x, 0.0, ((0, 0, -1), (0, 0, 0)))
    with raises(ValueError, "not at least 0", "(2, 3)"):
        lax.pad(x, 0.0, ((-3, 0, 0), (0, 0, 0)))
    with raises(TypeError, "scalar", "(2,)"):
        lax.pad(x, zeros(2), ((0, 0, 0), (0, 0, 0)))


def test_pad_weak_type_needs_both_operands_weak():
    weak = lax.full((3,), 1.0)
    assert weak.weak_type
    assert lax.pad(weak, 0.0, ((1, 1, 0),)).weak_type
    assert not lax.pad(weak, arr(0.0), ((1, 1, 0),)).weak_type


# --- concatenate, split, tile, stack ---------------------------------------------------

def test_concatenate_errors_name_shapes():
    with raises(TypeError, "differ in dimensions other than", "(2, 3)", "(3, 3)"):
        lax.concatenate([zeros((2, 3)), zeros((3, 3))], 1)
    with raises(TypeError, "different numbers of dimensions", "(2, 3)", "(3,)"):
        lax.concatenate([zeros((2, 3)), zeros(3)], 0)
    with raises(TypeError, "out of bounds", "(2, 3)"):
        lax.concatenate([zeros((2, 3)), zeros((2, 3))], 2)
    with raises(TypeError, "same dtypes", "float32", "int32"):
        lax.concatenate([zeros(2), zeros(2, np.int32)], 0)
    with raises(ValueError, "non-empty"):
        lax.concatenate([], 0)


def test_concatenate_is_weak_only_when_every_operand_is():
    weak, strong = lax.full((2,), 1.0), arr([1.0, 2.0])
    assert lax.concatenate([weak, weak], 0).weak_type
    assert not lax.concatenate([weak, strong], 0).weak_type
    x = zeros(2)
    assert lax.concatenate([x], 0) is x


def test_split():
    pieces = lax.split(arr(np.arange(6).reshape(3, 2)), (1, 0, 2), axis=-2)
    assert [p.shape for p in pieces] == [(1, 2), (0, 2), (2, 2)]
    np.testing.assert_array_equal(pieces[2], [[2, 3], [4, 5]])
    assert lax.split(zeros((0, 2)), ()) == []
    with raises(ValueError, "Sum of sizes 4", "(3, 2)"):
        lax.split(zeros((3, 2)), (1, 3))
    with raises(ValueError, "nonnegative"):
        lax.split(zeros(3), (4, -1))
    closed = wax.make_jaxpr(lambda x: lax.split(x, (1, 2)))(zeros(3))
    assert [a.shape for a in closed.out_avals] == [(1,), (2,)]
    assert [o.shape for o in wax.jit(lambda x: lax.split(x, (1, 2)))(zeros(3))] == [(1,), (2,)]


def test_tile_and_stack_errors():
    with raises(ValueError, "reps", "(2, 3)"):
        lax.tile(zeros((2, 3)), (2,))
    with raises(TypeError, "same dtypes"):
        lax.stack([zeros(2), zeros(2, np.int32)])
    assert lax.stack([zeros(2)], axis=-1).shape == (2, 1)
    assert [u.shape for u in lax.unstack(zeros((2, 0, 3)), 1)] == []


# --- iota, full ------------------------------------------------------------------------

def test_iota_is_never_weak_and_checks_its_arguments():
    out = lax.iota(int, 4)
    assert out.dtype == np.int32 and not out.weak_type
    np.testing.assert_array_equal(out, [0, 1, 2, 3])
    with raises(TypeError, "iota", "bool"):
        lax.iota(np.bool_, 3)
    with raises(ValueError, "dimension", "(2, 3)"):
        lax.broadcasted_iota(np.int32, (2, 3), 2)
    np.testing.assert_array_equal(lax.broadcasted_iota(np.int8, (2, 3), 0),
                                  [[0, 0, 0], [1, 1, 1]])


def test_iota_in_a_jaxpr_has_no_inputs():
    closed = wax.make_jaxpr(lambda: lax.broadcasted_iota(np.float32, (2, 3), 1))()
    (eqn,) = closed.eqns
    assert eqn.invars == [] and eqn.params["shape"] == (2, 3) and eqn.params["dimension"] == 1
    np.testing.assert_array_equal(wax.jit(lambda: lax.iota(np.uint32, 3))(), [0, 1, 2])


def test_iota_of_64_bit_dtype_truncates_with_warning():
    with pytest.warns(UserWarning, match="int64"):
        out = lax.iota(np.int64, 2)
    assert out.dtype == np.int32


def test_full_dtype_and_weak_type():
    out = lax.full((2,), 1.5)
    assert out.dtype == np.float32 and out.weak_type
    out = lax.full((2,), 1.5, np.float16)
    assert out.dtype == np.float16 and not out.weak_type
    assert lax.full((2,), True).dtype == np.bool_ and not lax.full((2,), True).weak_type
    assert not lax.full((2,), np.float64(2.0)).weak_type
    out = lax.full((), 3, bf16)
    assert out.shape == () and out.dtype == bf16 and float(out) == 3.0
    with raises(TypeError, "scalar fill_value", "(2,)"):
        lax.full((3,), zeros(2))
    with raises(TypeError, "shapes must be"):
        lax.full(3, 1.0)


def test_full_like_follows_x():
    weak_x = lax.full((2, 3), 1.0)
    out = lax.full_like(weak_x, 7)
    assert out.shape == (2, 3) and out.dtype == np.float32 and out.weak_type
    out = lax.full_like(weak_x, 7, np.int8)
    assert out.dtype == np.int8 and not out.weak_type
    out = lax.full_like(arr([1, 2], np.uint32), 5, shape=(3, 1))
    assert out.shape == (3, 1) and out.dtype == np.uint32 and not out.weak_type


def test_full_inside_jit_with_a_traced_fill_value():
    out = wax.jit(lambda v: lax.full((2, 2), v))(arr(4.0))
    np.testing.assert_array_equal(out, np.full((2, 2), 4.0))


def test_shape_ops_keep_the_operand_weak_type():
    weak = lax.full((2, 3), 2.0)
    for out in [lax.reshape(weak, (3, 2)), lax.transpose(weak, (1, 0)),
                lax.broadcast_in_dim(weak, (4, 2, 3), (1, 2)), lax.rev(weak, (0,)),
                lax.squeeze(lax.expand_dims(weak, (0,)), (0,)), lax.tile(weak, (1, 2)),
                lax.split(weak, (1, 1))[0], lax.sort(weak), lax.top_k(weak, 1)[0]]:
        assert out.weak_type, out
    assert not lax.top_k(weak, 1)[1].weak_type
    closed = wax.make_jaxpr(lambda x: lax.reshape(x, (6,)))(weak)
    assert closed.out_avals[0].weak_type


def test_params_are_hashable():
    def f(x):
        y = lax.pad(x, 0.0, [(1, 0, 1), (0, 1, 0)])
        y = lax.broadcast_in_dim(lax.reshape(y, [math.prod(y.shape)]), [2, y.size], [1])
        return lax.sort((y, y), num_keys=2), lax.split(x, [1, 1]), lax.tile(x, [1, 2])
    closed = wax.make_jaxpr(f)(zeros((2, 3)))
    for eqn in closed.eqns:
        assert isinstance(hash(tuple(eqn.params.items())), int)  # raises if unhashable
    pad = next(e for e in closed.eqns if e.primitive.name == "pad")
    assert pad.params["padding_config"] == ((1, 0, 1), (0, 1, 0))  # lists became tuples


# --- sort ------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float16, bf16])
def test_sort_puts_nans_last_and_keeps_signed_zero_order(dtype):
    x = arr([np.nan, 1.0, -np.inf, 0.0, -0.0, np.inf, -1.0, -np.nan, 0.0], dtype)
    out = np.asarray(lax.sort(x)).astype(np.float64)
    np.testing.assert_array_equal(out[:7], [-np.inf, -1.0, 0.0, 0.0, 0.0, 1.0, np.inf])
    assert np.isnan(out[7:]).all()
    # -0.0 and 0.0 tie, so a stable sort keeps them in input order.
    assert list(np.signbit(out[2:5])) == [False, True, False]


def test_sort_complex_is_lexicographic_on_real_then_imag():
    x = arr([complex(np.nan, 0), complex(1, np.nan), complex(1, 2), complex(-2, np.nan),
             complex(1, -1)], np.complex64)
    out = np.asarray(lax.sort(x))
    assert out[0].real == -2 and np.isnan(out[0].imag)
    np.testing.assert_array_equal(out[1:3], [1 - 1j, 1 + 2j])
    assert out[3].real == 1 and np.isnan(out[3].imag)
    assert np.isnan(out[4].real)


def test_sort_is_stable_for_carried_operands():
    keys = arr([2, 1, 2, 1, 0, 2], np.int32)
    vals = arr([0, 1, 2, 3, 4, 5], np.int32)
    k, v = lax.sort_key_val(keys, vals)
    np.testing.assert_array_equal(k, [0, 1, 1, 2, 2, 2])
    np.testing.assert_array_equal(v, [4, 1, 3, 0, 2, 5])
    a, b, c = lax.sort((arr([1, 0, 1, 0], np.int8), arr([2., 2., 1., 2.]),
                        arr([0, 1, 2, 3], np.int32)), num_keys=2)
    np.testing.assert_array_equal(c, [1, 3, 2, 0])


def test_sort_return_types_and_errors():
    assert isinstance(lax.sort(arr([2., 1.])), wax.Array)
    out = lax.sort([arr([2., 1.]), arr([1, 2], np.int32)])
    assert isinstance(out, tuple) and len(out) == 2
    with raises(TypeError, "equal shapes", "(2,)", "(3,)"):
        lax.sort((zeros(2), zeros(3)))
    with raises(ValueError, "num_keys"):
        lax.sort(zeros(2), num_keys=2)
    with raises(ValueError, "num_keys"):
        lax.sort((zeros(2), zeros(2)), num_keys=3)
    with raises(ValueError, "out of bounds"):
        lax.sort(arr(1.0))
    with raises(TypeError, "at least one operand"):
        lax.sort(())


def test_sort_in_a_jaxpr():
    closed = wax.make_jaxpr(lambda x: lax.sort(x, dimension=0))(zeros((3, 2)))
    (eqn,) = closed.eqns
    assert eqn.primitive is lax.sort_p
    assert eqn.params == {"dimension": 0, "is_stable": True, "num_keys": 1}


def test_top_k():
    x = arr([3., 1., np.nan, 3., 5., -np.inf])
    values, indices = lax.top_k(x, 4)
    assert indices.dtype == np.int32
    np.testing.assert_array_equal(indices, [2, 4, 0, 3])  # NaN first, ties in index order
    np.testing.assert_array_equal(values, [np.nan, 5., 3., 3.])
    values, indices = lax.top_k(arr([[1, 4, 4], [0, 2, 1]], np.uint32), 2, axis=0)
    np.testing.assert_array_equal(values, [[1, 4, 4], [0, 2, 1]])
    np.testing.assert_array_equal(indices, [[0, 0, 0], [1, 1, 1]])
    assert lax.top_k(zeros((2, 3)), 0)[0].shape == (2, 0)
    with raises(ValueError, "complex"):
        lax.top_k(zeros(3, np.complex64), 1)
    with raises(ValueError, "no larger than", "(3,)"):
        lax.top_k(zeros(3), 4)
    with raises(ValueError, "nonnegative"):
        lax.top_k(zeros(3), -1)


# --- forward mode: facts recorded from JAX 0.10.2 ----------------------------------------

def jvp_out(f, primals, tangents):
    """The tangent output of wax.jvp as NumPy (a tuple of them for several outputs)."""
    _, t = wax.jvp(f, tuple(map(arr, primals)), tuple(map(arr, tangents)))
    return tuple(map(np.asarray, t)) if isinstance(t, (tuple, list)) else np.asarray(t)


@pytest.mark.parametrize("op", [
    lambda x: lax.broadcast_in_dim(x, (2, 2, 3), (0, 2)),
    lambda x: lax.reshape(x, (3, 2), dimensions=(1, 0)),
    lambda x: lax.transpose(x, (1, 0)),
    lambda x: lax.squeeze(lax.expand_dims(x, (0,)), (0,)),
    lambda x: lax.rev(x, (0, 1)),
    lambda x: lax.tile(x, (2, 1)),
    lambda x: lax.split(x, (1, 2), axis=1),
], ids=["broadcast_in_dim", "reshape", "transpose", "squeeze", "rev", "tile", "split"])
def test_linear_structure_ops_apply_themselves_to_the_tangent(op):
    x = np.arange(6.0).reshape(2, 3)
    t = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    expected = op(arr(t))
    got = jvp_out(op, (x,), (t,))
    if isinstance(expected, (tuple, list)):
        for g, e in zip(got, expected):
            np.testing.assert_array_equal(g, np.asarray(e))
    else:
        np.testing.assert_array_equal(got, np.asarray(expected))


def test_pad_jvp_pads_with_the_padding_value_tangent():
    t = jvp_out(lambda x, v: lax.pad(x, v, [(1, 2, 1)]), ([1.0, 1.0], 0.0), ([1.0, 2.0], 5.0))
    np.testing.assert_array_equal(t, [5.0, 1.0, 5.0, 2.0, 5.0, 5.0])
    # a constant padding value: its tangent is zero
    t = jvp_out(lambda x: lax.pad(x, arr(3.0), [(1, 0, 0)]), ([1.0, 1.0],), ([1.0, 2.0],))
    np.testing.assert_array_equal(t, [0.0, 1.0, 2.0])


def test_concatenate_jvp_fills_zeros_for_constant_operands():
    const = arr([7.0])
    t = jvp_out(lambda x: lax.concatenate([x, const, x], 0), ([1.0, 1.0],), ([1.0, 2.0],))
    np.testing.assert_array_equal(t, [1.0, 2.0, 0.0, 1.0, 2.0])


def test_sort_jvp_permutes_the_tangents_stably():
    np.testing.assert_array_equal(jvp_out(lax.sort, ([1.0, 0.0, 1.0],), ([1.0, 2.0, 3.0],)),
                                  [2.0, 1.0, 3.0])  # the tie keeps its order
    t = jvp_out(lambda x: lax.sort(x, dimension=0), ([[3.0, 0.0], [1.0, 5.0]],),
                ([[1.0, 2.0], [3.0, 4.0]],))
    np.testing.assert_array_equal(t, [[3.0, 2.0], [1.0, 4.0]])
    tk, tv = jvp_out(lambda k, v: lax.sort((k, v)), ([3.0, 1.0, 2.0], [30.0, 10.0, 20.0]),
                     ([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]))
    np.testing.assert_array_equal(tk, [2.0, 3.0, 1.0])
    np.testing.assert_array_equal(tv, [5.0, 6.0, 4.0])


def test_sort_jvp_with_an_integer_operand_and_an_empty_array():
    keys, values = arr([2.0, 1.0]), jnp.asarray(np.array([5, 7], np.int32))
    (k, v), (tk, tv) = wax.jvp(lambda k: lax.sort_key_val(k, values), (keys,), (arr([1., 2.]),))
    np.testing.assert_array_equal(np.asarray(v), [7, 5])
    np.testing.assert_array_equal(np.asarray(tk), [2.0, 1.0])
    assert tv.dtype == wax.dtypes.float0
    assert jvp_out(lax.sort, (np.zeros(0),), (np.zeros(0),)).shape == (0,)


def test_sort_jvp_stages_an_iota_and_a_gather():
    closed = wax.make_jaxpr(lambda x, t: wax.jvp(lax.sort, (x,), (t,)))(zeros(3), zeros(3))
    assert [e.primitive.name for e in closed.eqns] == ["iota", "sort", "broadcast_in_dim",
                                                       "gather"]


def test_top_k_jvp_reads_the_tangent_at_the_indices():
    np.testing.assert_array_equal(  # ties: the lower index first, with its tangent
        jvp_out(lambda x: lax.top_k(x, 2)[0], ([2.0, 2.0, 1.0],), ([1.0, 2.0, 3.0],)),
        [1.0, 2.0])
    (_, indices), (t, t_indices) = wax.jvp(lambda x: lax.top_k(x, 2),
                                           (arr([[1., 4., 3.], [9., 0., 5.]]),),
                                           (arr([[1., 2., 3.], [4., 5., 6.]]),))
    np.testing.assert_array_equal(np.asarray(t), [[2.0, 3.0], [4.0, 6.0]])
    assert t_indices.dtype == wax.dtypes.float0


def test_iota_has_no_jvp_rule_but_functions_using_it_differentiate():
    assert lax.iota_p.jvp is None  # no operands: never differentiated (as in JAX)
    t = jvp_out(lambda x: x * lax.iota(np.float32, 3), ([1.0, 1.0, 1.0],), ([1.0, 1.0, 1.0],))
    np.testing.assert_array_equal(t, [0.0, 1.0, 2.0])


# --- reverse mode: transpose rules (values recorded from JAX 0.10.2) -------------------

def vjp_out(f, primals, ct):
    """The input cotangents of wax.vjp as NumPy (float32 inputs)."""
    _, pullback = wax.vjp(f, *map(arr, primals))
    return tuple(np.asarray(c) for c in pullback(arr(ct)))


RNG = np.random.default_rng(0)


@pytest.mark.parametrize("op, shapes", [
    (lambda x: lax.rev(x, (0, 1)), [(3, 4)]),
    (lambda x: lax.rev(x, ()), [(2,)]),
    (lambda x, v: lax.pad(x, v, [(1, 2, 1), (0, -1, 2)]), [(3, 4), ()]),
    (lambda x, v: lax.pad(x, v, [(-1, -2, 1)]), [(5,), ()]),
    (lambda x, v: lax.pad(x, v, [(-2, 3, 0), (2, -3, 3)]), [(4, 3), ()]),
    (lambda x, v: lax.pad(x, v, [(1, 1, 2)]), [(0,), ()]),
    (lambda x, v: lax.pad(x, v, []), [(), ()]),
    (lambda x: lax.pad(x, 3.0, [(1, 1, 2)]), [(3,)]),
    (lambda v: lax.pad(jnp.ones(3), v, [(1, -1, 2)]), [()]),
    (lambda a, b, c: lax.concatenate([a, b, c], 1), [(2, 1), (2, 3), (2, 0)]),
    (lambda a: lax.concatenate([a, jnp.ones((1, 2)), a], 0), [(2, 2)]),
    (lambda x: lax.split(x, (1, 0, 3), 1), [(2, 4)]),
    (lambda x: lax.split(x, (1, 2), 0)[1], [(3, 2)]),
    (lambda x: lax.tile(x, (2, 3)), [(2, 3)]),
    (lambda x: lax.tile(x, (1, 0)), [(2, 3)]),
    (lambda x: lax.tile(x, ()), [()]),
    (lambda x: lax.tile(x, (1, 1, 3)), [(2, 1, 2)]),
], ids=["rev", "rev-none", "pad", "pad-crop", "pad-mixed", "pad-empty", "pad-scalar",
        "pad-const-value", "pad-value-only", "concatenate", "concatenate-const", "split",
        "split-one-used", "tile", "tile-zero", "tile-scalar", "tile-ones"])
def test_structure_ops_reverse_mode_to_second_order(op, shapes):
    from wax.test_util import check_grads
    args = [RNG.standard_normal(s) for s in shapes]
    with wax.enable_x64():
        check_grads(op, args, order=2, modes=("rev",))


def test_pad_transpose_takes_the_interior_and_gives_the_rest_to_the_value():
    # operand element j lands at 2 + 2j; j >= 4 is cropped by the negative high edge
    f = lambda x, v: lax.pad(x, v, [(2, -3, 1)])  # noqa: E731
    t_x, t_v = vjp_out(f, (np.arange(1.0, 7.0), 0.5), np.arange(10.0))
    np.testing.assert_array_equal(t_x, [2.0, 4.0, 6.0, 8.0, 0.0, 0.0])
    assert t_v.shape == () and t_v == 25.0  # 45 - (2 + 4 + 6 + 8)
    # row 0 is cropped, row 1 lands on output row 0; columns land at 1 and 4
    (t_x,) = vjp_out(lambda x: lax.pad(x, 0.0, [(-1, 1, 0), (1, 0, 2)]), (np.ones((2, 2)),),
                     np.arange(10.0).reshape(2, 5))
    np.testing.assert_array_equal(t_x, [[0.0, 0.0], [1.0, 4.0]])


def test_concatenate_transpose_is_one_split_and_drops_constant_pieces():
    const = arr([7.0, 7.0])
    f = lambda x: lax.concatenate([const, x, const], 0)  # noqa: E731
    (t_x,) = vjp_out(f, ([1.0, 1.0, 1.0],), np.arange(7.0))
    np.testing.assert_array_equal(t_x, [2.0, 3.0, 4.0])
    grad = wax.grad(lambda x, y: lax.concatenate([x, y], 0).sum(), (0, 1))
    names = [e.primitive.name for e in wax.make_jaxpr(grad)(zeros(2), zeros(3)).eqns]
    assert names.count("split") == 1 and "slice" not in names


def test_split_transpose_fills_unused_pieces_with_zeros():
    (t_x,) = vjp_out(lambda x: lax.split(x, (2, 1, 2))[1] * 3.0, (np.ones(5),), [2.0])
    np.testing.assert_array_equal(t_x, [0.0, 0.0, 6.0, 0.0, 0.0])
    _, pullback = wax.vjp(lambda x: lax.split(x, (1, 2), 1), zeros((2, 3)))
    (t_x,) = pullback([arr([[1.0], [2.0]]), arr([[3.0, 4.0], [5.0, 6.0]])])
    np.testing.assert_array_equal(np.asarray(t_x), [[1.0, 3.0, 4.0], [2.0, 5.0, 6.0]])


def test_tile_and_rev_transposes():
    (t_x,) = vjp_out(lambda x: lax.tile(x, (2, 2)), (np.ones((1, 2)),),
                     np.arange(8.0).reshape(2, 4))
    np.testing.assert_array_equal(t_x, [[0 + 2 + 4 + 6, 1 + 3 + 5 + 7]])
    (t_x,) = vjp_out(lambda x: lax.rev(x, (1,)), (np.ones((2, 2)),), [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(t_x, [[2.0, 1.0], [4.0, 3.0]])
