"""wax.numpy shape functions and contractions: what the op-record table can't express —
errors (class and a message naming the shapes, as JAX words them), promotion of Python
scalars and NumPy arrays, weak types, traced arguments, and einsum against np.einsum
with its options (paths, sublists, preferred_element_type)."""

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.core.errors import ConcretizationTypeError
from wax.numpy import _einsum, contractions, creation, padding, selection, shape_ops

bf16 = np.dtype(ml_dtypes.bfloat16)


def fn(name):
    """wax.numpy's function once the lead exports it, else the module's."""
    found = getattr(jnp, name, None)
    if callable(found):
        return found
    for module in (shape_ops, padding, selection, contractions, _einsum, creation):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(name)


def arr(values, dtype=np.float32):
    return jnp.asarray(np.asarray(values, dtype))


from array_checks import check_type as check, raises  # noqa: E402


# --- reshape family -----------------------------------------------------------------------

def test_reshape_size_errors_name_both_shapes():
    with raises(TypeError, "cannot reshape array of shape (3,) (size 3) into shape (2, 2) "
                "(size 4)"):
        fn("reshape")(arr([1, 2, 3]), (2, 2))
    with raises(TypeError, "cannot reshape array of shape (2, 3) (size 6) into shape (4, -1)",
                "(4) does not evenly divide 6"):
        fn("reshape")(arr(np.ones((2, 3))), (4, -1))
    with raises(TypeError, "can only specify one unknown axis size"):
        fn("reshape")(arr(np.ones(6)), (-1, -1))
    with raises(TypeError, "Shapes must be 1D sequences", "(2.5, 2)"):
        fn("reshape")(arr(np.ones(6)), (2.5, 2))
    with raises(NotImplementedError, "order=A"):
        fn("reshape")(arr(np.ones(6)), (2, 3), order="A")
    with raises(TypeError, "reshape requires ndarray or scalar arguments"):
        fn("reshape")([1, 2], (2,))


def test_reshape_shortcuts_and_weak_types():
    x = arr(np.ones((2, 3)))
    assert fn("reshape")(x, (2, 3)) is x
    assert fn("transpose")(x, (0, 1)) is x
    assert fn("squeeze")(x) is x
    check(fn("reshape")(2.0, (1, 1)), np.float32, weak=True, shape=(1, 1))
    check(fn("expand_dims")(3, 0), np.int32, weak=True, shape=(1,))
    check(fn("broadcast_to")(1.5, (2, 2)), np.float32, weak=True, shape=(2, 2))
    check(fn("reshape")(np.arange(4), 4), np.int32, shape=(4,))


def test_axis_errors():
    x = arr(np.ones((2, 3)))
    with raises(TypeError, "transpose permutation isn't a permutation", "(0, 0)", "(2, 3)"):
        fn("transpose")(x, (0, 0))
    with raises(ValueError, "axis 2 is out of bounds for array of dimension 2"):
        fn("swapaxes")(x, 0, 2)
    with raises(ValueError, "cannot select an axis to squeeze out", "shape=(2, 3)",
                "dimensions=(0,)"):
        fn("squeeze")(x, 0)
    with raises(ValueError, "repeated axis"):
        fn("expand_dims")(x, (1, 1))
    with raises(ValueError, "Inconsistent number of elements"):
        fn("moveaxis")(x, (0, 1), 0)
    with raises(ValueError, "x must be at least two-dimensional"):
        fn("matrix_transpose")(arr([1, 2]))


def test_broadcast_errors():
    with raises(ValueError, "Incompatible shapes for broadcasting", "(3,)", "(2, 2)"):
        fn("broadcast_to")(arr([1, 2, 3]), (2, 2))
    with raises(ValueError, "Incompatible shapes for broadcasting", "(2,)", "(3,)"):
        fn("broadcast_shapes")((2,), (3,))
    assert fn("broadcast_shapes")((2, 1), (3,), 1) == (2, 3)
    assert fn("broadcast_shapes")() == ()


# --- joining ------------------------------------------------------------------------------

def test_concatenate_errors_name_shapes():
    with raises(TypeError, "Cannot concatenate arrays with shapes that differ",
                "dimension 0", "(2, 3), (2, 4)"):
        fn("concatenate")([arr(np.ones((2, 3))), arr(np.ones((2, 4)))])
    with raises(TypeError, "different numbers of dimensions", "(2,), (2, 3)"):
        fn("concatenate")([arr(np.ones(2)), arr(np.ones((2, 3)))])
    with raises(ValueError, "Need at least one array to concatenate"):
        fn("concatenate")([])
    with raises(ValueError, "Zero-dimensional arrays cannot be concatenated"):
        fn("concatenate")([arr(1), arr(2)])
    with raises(TypeError, "concatenate requires ndarray or scalar arguments"):
        fn("concatenate")([[1, 2], [3]])
    with raises(ValueError, "All input arrays must have the same shape"):
        fn("stack")([arr([1, 2]), arr([1, 2, 3])])
    with raises(ValueError, "Need at least one array to stack"):
        fn("stack")([])


def test_joining_promotes_python_scalars_and_numpy_arrays():
    out = fn("concatenate")([jnp.asarray(np.arange(3, dtype=np.int32)), np.array([1.5])])
    check(out, np.float32, shape=(4,))  # NumPy's float64 is canonicalized first
    out = fn("concatenate")([np.arange(2, dtype=np.int8), np.arange(2, dtype=np.uint8)])
    check(out, np.int16)
    check(fn("stack")([1, 2.5]), np.float32, weak=True, shape=(2,))
    check(fn("stack")([arr([1, 2], np.int8), 3 * np.ones(2, np.int8)]), np.int8)
    check(fn("stack")([jnp.asarray(np.float16(1)), 2]), np.float16, shape=(2,))
    check(fn("hstack")([arr([1, 2], bf16), arr([1], np.float16)]), np.float32)
    check(fn("concatenate")([arr([1], np.int8)], dtype=np.float16), np.float16)
    out = fn("stack")(np.arange(6).reshape(2, 3), axis=1)
    np.testing.assert_array_equal(out, np.stack(list(np.arange(6).reshape(2, 3)), axis=1))


def test_split_errors_and_traced_sections():
    x = arr(np.arange(6))
    with raises(ValueError, "array split does not result in an equal division"):
        fn("split")(x, 4)
    assert [p.shape for p in fn("array_split")(x, 4)] == [(2,), (2,), (1,), (1,)]
    # JAX 0.10.2 divides by the number of sections: a ZeroDivisionError.
    with raises(ZeroDivisionError, "number of sections must be larger than 0"):
        fn("split")(x, 0)
    with raises(ValueError, "Sizes passed to split must be nonnegative, got [4, -3, 5]"):
        fn("split")(x, [4, 1])
    with pytest.raises(ConcretizationTypeError):
        wax.jit(lambda n: fn("split")(x, n))(2)
    # vsplit splits a 1-D array too, as JAX 0.10.2 does (NumPy raises).
    assert [p.shape for p in fn("vsplit")(x, 2)] == [(3,), (3,)]
    with raises(ValueError, "axis 0 is out of bounds for array of dimension 0"):
        fn("unstack")(arr(1.0))
    with pytest.raises(IndexError, match="dsplit only works on arrays of 3 or more"):
        fn("dsplit")(arr(np.ones((2, 2))), 2)  # (NumPy's AxisError: an IndexError as JAX's)


# --- where, select, nonzero ----------------------------------------------------------------

def test_where_promotes_and_keeps_weak_types():
    c = jnp.asarray(np.array([True, False, True]))
    check(fn("where")(c, 1.0, 2.0), np.float32, weak=True, shape=(3,))
    check(fn("where")(c, 1, arr([1, 2, 3], np.int8)), np.int8)
    check(fn("where")(c, arr([1, 2, 3], bf16), arr([1, 2, 3], np.float16)), np.float32)
    out = fn("where")(jnp.asarray(np.array([0, 2, 0])), 1, 0)
    np.testing.assert_array_equal(out, [0, 1, 0])
    out = fn("where")(True, arr(np.ones((2, 3))), 0)
    check(out, np.float32, shape=(2, 3))
    with raises(TypeError, "where requires ndarray or scalar arguments",
                "<class 'NoneType'> at position 2"):
        fn("where")(c, 1.0)
    with raises(ValueError, "size and fill_value arguments cannot be used"):
        fn("where")(c, 1.0, 2.0, size=2)
    with raises(TypeError, "where requires ndarray or scalar arguments"):
        fn("where")([True], 1, 2)


def test_where_one_argument_is_nonzero():
    x = jnp.asarray(np.array([[0, 3], [1, 0]]))
    rows, cols = fn("where")(x)
    np.testing.assert_array_equal(rows, [0, 1])
    np.testing.assert_array_equal(cols, [1, 0])
    check(rows, np.int32)
    rows, cols = fn("where")(x, size=3, fill_value=-1)
    np.testing.assert_array_equal(rows, [0, 1, -1])
    (first,) = fn("where")(jnp.asarray(np.array([0, 1, 1, 1])), size=2)
    np.testing.assert_array_equal(first, [1, 2])
    with raises(ConcretizationTypeError, "size argument of jnp.nonzero"):
        wax.jit(lambda v: fn("where")(v))(x)
    f = wax.jit(lambda v: fn("where")(v, size=3, fill_value=(-1, -2)))
    rows, cols = f(x)
    np.testing.assert_array_equal(rows, [0, 1, -1])
    np.testing.assert_array_equal(cols, [1, 0, -2])
    check(rows, np.int32)
    y = np.random.default_rng(0).random((3, 4, 2)) < 0.4
    for size in (1, 5, 30):
        got = wax.jit(lambda v: fn("where")(v, size=size))(jnp.asarray(y))
        want = [np.concatenate([w[:size], np.zeros(max(0, size - len(w)), int)])
                for w in np.nonzero(y)]
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
    with raises(ValueError, "Calling nonzero on 0d arrays is not allowed"):
        fn("where")(arr(1.0))


def test_select():
    x = arr(np.arange(6.))
    out = fn("select")([wax.lax.lt(x, 2.), wax.lax.gt(x, 3.)], [x, wax.lax.neg(x)], default=7)
    np.testing.assert_array_equal(out, [0, 1, 7, 7, -4, -5])
    check(out, np.float32)
    # As JAX: the default 0 is a weak int, so bool choices give a weak int32.
    check(fn("select")([wax.lax.lt(x, 2.)], [wax.lax.lt(x, 1.)]), np.int32, weak=True)
    with raises(ValueError, "condlist must have length equal to choicelist", "(1 vs 2)"):
        fn("select")([wax.lax.lt(x, 2.)], [x, x])
    with raises(ValueError, "condlist must be non-empty"):
        fn("select")([], [])


# --- rolls, repeats, pads, rotations -----------------------------------------------------

def test_traced_roll_shift():
    x = np.arange(12.).reshape(3, 4)
    f = wax.jit(lambda a, s: fn("roll")(a, s, axis=1))
    for shift in (-9, -1, 0, 3, 6):
        np.testing.assert_array_equal(f(arr(x), shift), np.roll(x, shift, axis=1))
    g = wax.jit(lambda a, s: fn("roll")(a, s))
    np.testing.assert_array_equal(g(arr(x), 5), np.roll(x, 5))
    with raises(ValueError, "'shift' and 'axis' arguments to roll must be scalars or 1D"):
        fn("roll")(arr(x), np.ones((2, 2), int), axis=0)


def test_repeat_needs_static_repeats():
    x = arr([1, 2, 3])
    with raises(ConcretizationTypeError, "the total number of repeats must be static"):
        wax.jit(lambda r: fn("repeat")(x, r))(jnp.asarray(np.array([1, 2, 3])))
    f = wax.jit(lambda a, r: fn("repeat")(a, r, total_repeat_length=5))
    for counts, want in (([1, 2, 3], [1, 2, 2, 3, 3]), ([0, 1, 1], [2, 3, 3, 3, 3]),
                         ([3, 0, 4], [1, 1, 1, 3, 3]), ([2, 2, 2], [1, 1, 2, 2, 3])):
        np.testing.assert_array_equal(f(x, jnp.asarray(np.array(counts))), want)
    g = wax.jit(lambda a, r: fn("repeat")(a, r, axis=1, total_repeat_length=3))
    np.testing.assert_array_equal(g(arr(np.arange(4.).reshape(2, 2)), 2),
                                  [[0, 0, 1], [2, 2, 3]])
    out = wax.jit(lambda a: fn("repeat")(a, 2, axis=0))(x)
    np.testing.assert_array_equal(out, [1, 1, 2, 2, 3, 3])
    np.testing.assert_array_equal(fn("repeat")(x, np.array([0, 2, 1]), total_repeat_length=2),
                                  [2, 2])
    np.testing.assert_array_equal(fn("repeat")(x, np.array([1, 0, 0]), total_repeat_length=3),
                                  [1, 3, 3])
    np.testing.assert_array_equal(fn("repeat")(x, 0), np.zeros(0))
    np.testing.assert_array_equal(fn("repeat")(arr(5.), 3), [5, 5, 5])


def test_pad_errors():
    x = arr(np.ones((2, 3)))
    with raises(ValueError, "unsupported keyword arguments for mode 'edge'"):
        fn("pad")(x, 1, mode="edge", constant_values=3)
    with raises(ValueError, "index can't contain negative values"):
        fn("pad")(x, -1)
    with raises(NotImplementedError, "Unimplemented padding mode 'bogus'"):  # (JAX's class)
        fn("pad")(x, 1, mode="bogus")
    with raises(ValueError, "Cannot apply 'edge' padding to empty axis 0"):
        fn("pad")(arr(np.ones((0, 2))), 1, mode="edge")
    with raises(ValueError, "stat_length of 0 yields no value for padding"):
        fn("pad")(x, 1, mode="mean", stat_length=0)
    with raises(TypeError, "`pad_width` must be of integral type"):
        fn("pad")(x, 1.5)
    np.testing.assert_array_equal(fn("pad")(arr(np.ones((0, 2))), 1), np.pad(np.ones((0, 2)), 1))


@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.uint8])
def test_pad_statistic_and_ramp_modes_match_numpy(dtype):
    x = np.array([[1, 7, 2, 9], [4, 4, 0, 3], [8, 1, 6, 5]], dtype)
    widths = ((1, 2), (3, 1))
    cases = [("maximum", {}), ("minimum", {"stat_length": 2}), ("mean", {}),
             ("mean", {"stat_length": ((1, 3), (2, 5))}), ("median", {"stat_length": 2}),
             ("median", {})]
    if dtype == np.float32:  # (integer ramps: NumPy rounds them, JAX truncates; the JAX
        # values are in tests/data/jax_numpy_edges.json)
        cases += [("linear_ramp", {}), ("linear_ramp", {"end_values": ((9, 2), (5, 0))})]
    for mode, kwargs in cases:
        got = fn("pad")(arr(x, dtype), widths, mode=mode, **kwargs)
        want = np.pad(x, widths, mode=mode, **kwargs)  # (integer statistics: rounded, as NumPy)
        assert got.dtype == want.dtype, (mode, kwargs)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6, err_msg=f"{mode} {kwargs}")


def test_pad_with_a_function():
    def fill(vector, width, axis, kwargs):  # JAX's form: the padded vector is returned
        vector = vector.at[:width[0]].set(kwargs.get("value", -1) + axis)
        return vector.at[vector.shape[0] - width[1]:].set(10 * (axis + 1))

    def fill_numpy(vector, width, axis, kwargs):  # NumPy's form: updated in place
        vector[:width[0]] = kwargs.get("value", -1) + axis
        vector[vector.shape[0] - width[1]:] = 10 * (axis + 1)

    x = np.arange(6).reshape(2, 3)
    for kwargs in ({}, {"value": 5}):
        np.testing.assert_array_equal(fn("pad")(arr(x, np.int32), ((1, 0), (2, 1)), mode=fill,
                                                **kwargs),
                                      np.pad(x, ((1, 0), (2, 1)), mode=fill_numpy, **kwargs))


def test_pad_traced_constant_and_large_widths():
    x = np.arange(3.)
    out = wax.jit(lambda a, v: fn("pad")(a, 2, constant_values=v))(arr(x), 9.)
    np.testing.assert_array_equal(out, np.pad(x, 2, constant_values=9.))
    for mode in ("reflect", "symmetric", "wrap", "edge"):
        np.testing.assert_array_equal(fn("pad")(arr(x), (10, 11), mode=mode),
                                      np.pad(x, (10, 11), mode=mode))


def test_rot90_and_flip_errors():
    with raises(ValueError, "rot90 requires its first argument to have ndim at least two"):
        fn("rot90")(arr([1, 2]))
    with raises(ValueError, "Axes must be different"):
        fn("rot90")(arr(np.ones((2, 2))), axes=(1, 1))
    with raises(ValueError, "axis 1 is out of bounds for array of dimension 1"):
        fn("fliplr")(arr([1, 2]))


def test_introspection_accepts_lists_and_tracers():
    assert fn("ndim")([[1, 2]]) == 2
    assert fn("shape")([[1, 2]]) == (1, 2)
    assert fn("size")(np.ones((2, 3)), axis=(0, 1)) == 6
    shapes = []
    wax.jit(lambda a: shapes.append((fn("shape")(a), fn("ndim")(a), fn("size")(a))) or a)(
        arr(np.ones((2, 3))))
    assert shapes == [((2, 3), 2, 6)]


# --- contractions -------------------------------------------------------------------------

def test_matmul_errors_name_both_shapes():
    with raises(TypeError, "dot_general requires contracting dimensions to have the same "
                "shape, got (3,) and (4,)."):
        fn("matmul")(arr(np.ones((2, 3))), arr(np.ones((4, 5))))
    with raises(TypeError, "got (3,) and (4,)"):
        fn("matmul")(arr(np.ones(3)), arr(np.ones(4)))
    with raises(TypeError, "got (3,) and (4,)"):
        fn("dot")(arr(np.ones((2, 3))), arr(np.ones((4, 5))))
    with raises(ValueError, "Incompatible types for matmul arguments", "float32[2,3,4]",
                "float32[5,4,2]"):
        fn("matmul")(arr(np.ones((2, 3, 4))), arr(np.ones((5, 4, 2))))
    with raises(ValueError, "matmul input operand 0 must have ndim at least 1, but it has "
                "ndim 0"):
        fn("matmul")(arr(2.0), arr(np.ones(3)))
    with raises(TypeError, "matmul requires ndarray or scalar arguments"):
        fn("matmul")([1, 2], arr([1, 2]))


def test_tensordot_errors():
    a, b = arr(np.ones((2, 3))), arr(np.ones((3, 2)))
    with raises(TypeError, "Number of tensordot axes (axes 3) exceeds input ranks (2 and 2)"):
        fn("tensordot")(a, b, 3)
    with raises(TypeError, "tensordot requires axes lists to have equal length"):
        fn("tensordot")(a, b, ((0, 1), (1,)))
    with raises(TypeError, "tensordot axes argument must be an int, a pair of ints"):
        fn("tensordot")(a, b, "x")
    with raises(ValueError, "axis1 and axis2 can not be same"):
        fn("trace")(a, axis1=1, axis2=-1)


def test_contraction_dtypes():
    i8 = arr(np.ones((2, 3)), np.int8)
    f32 = arr(np.ones((3, 2)))
    check(fn("matmul")(i8, f32), np.float32, shape=(2, 2))
    check(fn("dot")(i8, arr(np.ones((3, 2)), np.int8)), np.int8)
    check(fn("matmul")(i8, arr(np.ones((3, 2)), np.int8), preferred_element_type=np.int32),
          np.int32)
    check(fn("dot")(2.0, 3.0), np.float32, weak=True, shape=())
    check(fn("dot")(arr([1, 2]), 2), np.float32)
    check(fn("vdot")(arr([1j, 2j], np.complex64), arr([1, 2])), np.complex64)
    assert complex(fn("vdot")(arr([1j, 2j], np.complex64), arr([1, 2]))) == -5j
    check(fn("outer")(arr([True, False], bool), arr([True], bool)), np.bool_, shape=(2, 1))
    check(fn("trace")(arr(np.ones((2, 2)), np.int8)), np.int32)
    check(fn("trace")(arr(np.ones((2, 2)), np.uint8)), np.uint32)
    with pytest.warns(UserWarning, match="float64 requested in matmul"):
        out = fn("matmul")(f32, i8, preferred_element_type=np.float64)
    check(out, np.float32)


def test_matmul_batch_broadcasting_matches_numpy():
    rng = np.random.default_rng(0)
    for sa, sb in [((2, 1, 3, 4), (5, 4, 2)), ((1, 1, 3, 4), (1, 4, 2)), ((6, 1, 3, 4),
                                                                          (1, 7, 4, 2)),
                   ((4,), (2, 4, 3)), ((2, 3, 4), (4,)), ((1, 3, 4), (2, 1, 4, 5))]:
        a, b = rng.normal(size=sa).astype(np.float32), rng.normal(size=sb).astype(np.float32)
        np.testing.assert_allclose(fn("matmul")(arr(a), arr(b)), a @ b, rtol=1e-5, atol=1e-5)
        jaxpr = str(wax.make_jaxpr(fn("matmul"))(arr(a), arr(b)))
        assert jaxpr.count("dot_general") == 1


def test_cross_and_kron():
    a, b = np.arange(6.).reshape(2, 3), np.arange(6., 12.).reshape(2, 3)
    np.testing.assert_allclose(fn("cross")(arr(a), arr(b), axis=1), np.cross(a, b, axis=1))
    np.testing.assert_allclose(fn("cross")(arr(a.T), arr(b.T), axisa=0, axisb=0, axisc=0),
                               np.cross(a.T, b.T, axisa=0, axisb=0, axisc=0))
    with raises(ValueError, "Dimension must be either 2 or 3 for cross product"):
        fn("cross")(arr(np.ones(4)), arr(np.ones(4)))
    np.testing.assert_array_equal(fn("kron")(arr(np.eye(2)), arr([[1, 2]])),
                                  np.kron(np.eye(2), [[1, 2]]))


# --- einsum ---------------------------------------------------------------------------------

EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]), ("ij->", [(2, 3)]), ("ji", [(2, 3)]), ("i,i", [(3,), (3,)]),
    ("i,j->ij", [(2,), (3,)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("...ij,...jk->...ik", [(2, 2, 3), (3, 4)]), ("ijk,jil->kl", [(2, 3, 4), (3, 2, 2)]),
    ("iij->ji", [(3, 3, 2)]), ("i...->...", [(2, 3, 4)]), ("...i", [(2, 3, 4)]),
    ("abc,cd,de->ae", [(2, 3, 2), (2, 4), (4, 3)]), ("i,i->i", [(1,), (3,)]),
    ("...,...", [(3, 1), (4,)]), ("iii->i", [(3, 3, 3)]), ("iji->j", [(2, 3, 2)]),
    ("ab,bc,cd,da->", [(2, 3), (3, 2), (2, 4), (4, 2)]), ("Ab,bA->", [(2, 3), (3, 2)]),
    ("ij,ij,ij->i", [(2, 3)] * 3), ("i,jk,k->ij", [(2,), (3, 4), (4,)]),
    ("ij,kl->", [(2, 3), (4, 5)]), (" i j , j k ", [(2, 3), (3, 2)]), ("ij->ij", [(0, 3)]),
    ("ij,jk->ik", [(2, 0), (0, 3)]),
]


@pytest.mark.parametrize("subscripts, shapes", EINSUM_CASES,
                         ids=[s for s, _ in EINSUM_CASES])
@pytest.mark.parametrize("optimize", ["auto", False])
def test_einsum_matches_numpy(subscripts, shapes, optimize):
    rng = np.random.default_rng(len(subscripts))
    ops = [rng.normal(size=s).astype(np.float32) for s in shapes]
    out = fn("einsum")(subscripts, *[arr(o) for o in ops], optimize=optimize)
    want = np.einsum(subscripts, *ops)
    assert out.shape == want.shape
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_einsum_paths_sublists_and_dtypes():
    rng = np.random.default_rng(1)
    a, b, c = (rng.normal(size=s).astype(np.float32) for s in [(2, 3), (3, 4), (4, 5)])
    want = a @ b @ c
    for path in ([(1, 2), (0, 1)], ["einsum_path", (0, 1), (0, 1)], [(0, 1, 2)]):
        np.testing.assert_allclose(fn("einsum")("ij,jk,kl->il", a, b, c, optimize=path), want,
                                   rtol=1e-5)
    np.testing.assert_allclose(fn("einsum")(a, [0, 1], b, [1, 2], [0, 2]), a @ b, rtol=1e-5)
    np.testing.assert_allclose(fn("einsum")(a, [Ellipsis, 1], [Ellipsis]), a.sum(1), rtol=1e-5)
    i8 = arr(np.full((2, 3), 100), np.int8)
    check(fn("einsum")("ij,jk", i8, fn("transpose")(i8)), np.int8)
    out = fn("einsum")("ij,kj->ik", i8, i8, preferred_element_type=np.int32)
    check(out, np.int32)
    np.testing.assert_array_equal(out, np.full((2, 2), 30000))
    check(fn("einsum")("i,i", arr([1, 2], np.int32), arr([1., 2.])), np.float32)
    check(fn("einsum")(",", 2.0, 3.0), np.float32, weak=True)
    b1 = jnp.asarray(np.array([[True, False], [False, False]]))
    np.testing.assert_array_equal(fn("einsum")("ij->", b1), True)


def test_einsum_is_pairwise_dot_generals():
    x = arr(np.ones((3, 3)))
    jaxpr = str(wax.make_jaxpr(lambda a: fn("einsum")("ij,jk,kl->il", a, a, a))(x))
    assert jaxpr.count("dot_general") == 2
    assert "transpose" not in jaxpr


@pytest.mark.parametrize("subscripts, shapes, fragment", [
    ("ij,jk", [(2, 3)], "name 2 operands, but 1 were given"),
    ("ij", [(2, 3, 4)], "has 3 dimensions, but subscripts 'ij' name 2"),
    ("i,i", [(2,), (3,)], "size of label 'i' differs between operands"),
    ("ii", [(2, 3)], "repeated subscript 'i'"),
    ("ij->k", [(2, 3)], "output subscript 'k' does not appear in the input"),
    ("ij->ii", [(2, 2)], "output subscript 'i' appears more than once"),
    ("i1", [(2, 3)], "invalid subscript '1'"),
    ("i->i->i", [(2,)], "more than one '->'"),
])
def test_einsum_errors(subscripts, shapes, fragment):
    with raises(ValueError, fragment):
        fn("einsum")(subscripts, *[arr(np.ones(s)) for s in shapes])


def test_convert_to_gives_the_weak_flag_asked_for():
    from wax.numpy._promote import convert_to
    for value in (2, 2.0, True):
        assert not convert_to(value, np.dtype(np.float32)).weak_type
        assert convert_to(value, np.dtype(np.float32), True).weak_type
        assert convert_to(value, np.dtype(np.float32)).dtype == np.float32
