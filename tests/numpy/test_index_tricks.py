"""wax.numpy's index helpers, element placement and function helpers (index_tricks.py,
placement.py, functional.py): what the op-record table can't express — the index
objects (r_, c_, mgrid, ...), constant index arrays, JAX's departures from NumPy (put's
modes, insert clipping out-of-range indices, inplace=False, ufunc reductions starting
from the identity), traced arguments under jit, and errors. Expected values come from
NumPy or are written by hand; "JAX gives" notes were measured with JAX 0.10.2."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.core.errors import ConcretizationTypeError, TracerBoolConversionError

from array_checks import check, check_type, raises

I32 = np.dtype(np.int32)
F32 = np.dtype(np.float32)


def arr(values, dtype=np.float32):
    return jnp.asarray(np.asarray(values, dtype))


# --- r_, c_, s_, index_exp ---------------------------------------------------------------------

@pytest.mark.parametrize("build", [
    lambda m: m.r_[1:4, 0, np.array([7, 8])],
    lambda m: m.r_[1.0:4, 0],
    lambda m: m.r_[0:1:5j],
    lambda m: m.r_[3:0:-1],
    lambda m: m.r_["0,2", [1, 2], [3, 4]],
    lambda m: m.r_["1,2,0", [1, 2], [3, 4]],
    lambda m: m.r_["0,3,1", [1, 2], [3, 4]],
    lambda m: m.r_["-1", np.ones((2, 2)), np.zeros((2, 1))],
    lambda m: m.c_[1:3, 3:5],
    lambda m: m.c_[np.ones((2, 2)), [1, 2]],
    lambda m: m.c_["0", [1, 2], [3, 4]],
    lambda m: m.c_[np.array([[1, 2, 3]]), 0, 0, np.array([[4, 5, 6]])],
])
def test_concatenators_match_numpy(build):
    out, expected = build(jnp), build(np)
    assert isinstance(out, wax.Array)
    assert out.shape == expected.shape
    np.testing.assert_allclose(np.asarray(out), expected)
    # JAX's 32-bit dtypes: int32 from Python ints, float32 from floats.
    assert out.dtype == (I32 if expected.dtype.kind == "i" else F32)


def test_concatenator_matrix_directives_weak_types_and_errors():
    check(jnp.r_["r", [1, 2]], [[1, 2]], I32)   # NumPy would give a np.matrix
    check(jnp.r_["c", [1, 2]], [[1], [2]], I32)
    check(jnp.r_[1, 2.0], [1.0, 2.0], F32, weak=True)  # only weak scalars: weak result
    check(jnp.r_[arr([1, 2]), 3], [1, 2, 3], F32)
    with raises(ValueError, "string directive must be placed at the beginning"):
        jnp.r_[1, "0,2", [3, 4]]
    with raises(ValueError, "could not understand directive 'a'"):
        jnp.r_["a", [3, 4]]
    out = wax.jit(lambda x: jnp.r_[x, 1.0])(arr([5, 6]))
    check(out, [5, 6, 1], F32)


def test_s_and_index_exp_are_numpys():
    assert jnp.s_[1:2, ...] == (slice(1, 2, None), Ellipsis)
    assert jnp.index_exp[1:2] == (slice(1, 2, None),)
    x = arr(np.arange(12).reshape(3, 4))
    np.testing.assert_array_equal(x[jnp.s_[::2, 1]], np.arange(12).reshape(3, 4)[::2, 1])


# --- mgrid, ogrid ----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", [
    (slice(0, 3), slice(0, 2)), (slice(0, 1, 3j),), (slice(0, 1, 0.25),),
    (slice(3, 0, -1), slice(0, 2)), (slice(0, 1, 3j), slice(0, 2)), (slice(0.5, 2),)])
def test_grids_match_numpy(key):
    dense, expected = jnp.mgrid[key], np.mgrid[key]
    assert dense.dtype == (I32 if expected.dtype.kind == "i" else F32)
    np.testing.assert_allclose(np.asarray(dense), expected)
    sparse, expected_sparse = jnp.ogrid[key], np.ogrid[key]
    if len(key) == 1:
        np.testing.assert_allclose(np.asarray(sparse), expected_sparse)
    else:
        assert [s.shape for s in sparse] == [e.shape for e in expected_sparse]
        for s, e in zip(sparse, expected_sparse):
            np.testing.assert_allclose(np.asarray(s), e)
            assert s.dtype == dense.dtype  # JAX promotes the grids to one dtype


def test_grid_edge_cases_and_errors():
    check(jnp.mgrid[()], np.zeros((0,)), I32)
    check(jnp.mgrid[0:3], [0, 1, 2], I32)
    with raises(TypeError, "mgrid takes slices"):
        jnp.mgrid[3]
    with raises(ConcretizationTypeError, "slice stop of jnp.mgrid"):
        wax.jit(lambda n: jnp.mgrid[0:n])(3)
    # Constant grids stay concrete constants under jit.
    check(wax.jit(lambda: jnp.ogrid[0:2, 0:2][1])(), [[0, 1]], I32)


# --- ix_, indices, diagonals and triangles ------------------------------------------------------------

def test_ix_and_indices():
    a, b = np.array([1, 2]), np.array([0, 2, 3])
    for got, expected in zip(jnp.ix_(jnp.asarray(a), jnp.asarray(b)), np.ix_(a, b)):
        check(got, expected, I32)
    assert jnp.ix_() == ()
    assert [x.shape for x in jnp.ix_(jnp.zeros(0, np.int32), arr([1], np.int32))] == \
        [(0, 1), (1, 1)]
    with raises(ValueError, "must be 1-dimensional", "(2, 2)"):
        jnp.ix_(jnp.ones((2, 2), np.int32))
    with raises(NotImplementedError, "Boolean arguments to jax.numpy.ix_"):
        jnp.ix_(jnp.asarray(np.array([True, False])))
    with raises(TypeError, "ix requires ndarray or scalar arguments"):
        jnp.ix_([1, 2])
    check(jnp.indices((2, 3)), np.indices((2, 3)), I32)
    check(jnp.indices((2,), dtype=jnp.int8), np.indices((2,)), np.int8)
    for got, expected in zip(jnp.indices((2, 3), sparse=True), np.indices((2, 3), sparse=True)):
        check(got, expected, I32)
    check(jnp.indices(()), np.zeros((0,)), I32)
    assert jnp.indices((0, 2)).shape == (2, 0, 2)


def test_diagonal_and_triangle_indices():
    for got in jnp.diag_indices(3, 3):
        check(got, [0, 1, 2], I32)
    for got, expected in zip(jnp.diag_indices_from(jnp.ones((4, 4))), np.diag_indices(4)):
        check(got, expected, I32)
    with raises(ValueError, "n argument to diag_indices must be nonnegative, got -1"):
        jnp.diag_indices(-1)
    with raises(ValueError, "All dimensions of input must be of equal length", "(3, 4)"):
        jnp.diag_indices_from(jnp.ones((3, 4)))
    for fun, np_fun in ((jnp.tril_indices, np.tril_indices),
                        (jnp.triu_indices, np.triu_indices)):
        for n, k, m in ((3, 0, None), (3, 1, 4), (4, -2, 2), (3, -5, None), (0, 0, None)):
            for got, expected in zip(fun(n, k, m), np_fun(n, k, m)):
                check(got, expected, I32)
    x = np.ones((3, 5))
    for got, expected in zip(jnp.triu_indices_from(jnp.asarray(x), 1), np.triu_indices_from(x, 1)):
        check(got, expected, I32)
    for got, expected in zip(jnp.tril_indices_from(x, -1), np.tril_indices_from(x, -1)):
        check(got, expected, I32)
    with raises(ValueError, "Only 2-D inputs are accepted", "(3,)"):
        jnp.triu_indices_from(jnp.ones(3))
    with raises(ConcretizationTypeError, "'n' argument of jnp.tril_indices"):
        wax.jit(lambda n: jnp.tril_indices(n))(3)


def test_mask_indices():
    for got, expected in zip(jnp.mask_indices(3, jnp.triu, 1), np.mask_indices(3, np.triu, 1)):
        check(got, expected, I32)
    rows, cols = jnp.mask_indices(3, jnp.triu, 1, size=5)  # padded with zeros
    check(rows, [0, 0, 1, 0, 0], I32)
    check(cols, [1, 2, 2, 0, 0], I32)
    # The mask is built from constants, so it works under jit without size= (JAX raises).
    rows, cols = wax.jit(lambda: jnp.mask_indices(3, jnp.tril))()
    check(rows, np.tril_indices(3)[0], I32)


def test_fill_diagonal():
    with raises(NotImplementedError, "JAX arrays are immutable, must use inplace=False"):
        jnp.fill_diagonal(jnp.zeros((3, 3)), 1.0)
    with raises(NotImplementedError, "wrap=True is not implemented"):
        jnp.fill_diagonal(jnp.zeros((5, 3)), 1.0, wrap=True, inplace=False)
    with raises(ValueError, "array must be at least 2-d"):
        jnp.fill_diagonal(jnp.zeros(3), 1.0, inplace=False)
    with raises(ValueError, "All dimensions of input must be of equal length", "(2, 3, 4)"):
        jnp.fill_diagonal(jnp.zeros((2, 3, 4)), 1.0, inplace=False)
    expected = np.zeros((5, 3))
    np.fill_diagonal(expected, [1.0, 2.0])
    check(jnp.fill_diagonal(jnp.zeros((5, 3)), arr([1, 2]), inplace=False), expected, F32)
    with pytest.warns(FutureWarning, match="scatter inputs have incompatible types"):
        out = jnp.fill_diagonal(jnp.zeros((2, 2), np.int32), 1.5, inplace=False)
    check(out, [[1, 0], [0, 1]], I32)


# --- put, put_along_axis, place ---------------------------------------------------------------

def test_put_modes_and_errors():
    a = arr(np.arange(6).reshape(2, 3))
    idx, v = np.array([0, 7, -1]), arr([10, 20])
    # Default: negative indices wrap, out-of-bounds ones are dropped (JAX), values repeat.
    check(jnp.put(a, idx, v, inplace=False), [[10, 1, 2], [3, 4, 10]], F32)
    # clip clamps to [0, size) without wrapping negatives (as NumPy's clip mode).
    for mode in ("clip", "wrap"):
        expected = np.arange(6.0).reshape(2, 3)
        np.put(expected, idx, [10, 20, 10], mode=mode)
        check(jnp.put(a, idx, v, mode=mode, inplace=False), expected, F32)
    check(jnp.put(a, np.zeros(0, np.int32), v, inplace=False), np.asarray(a), F32)
    check(jnp.put(a, np.array([0, 1]), arr([7, 8, 9]), inplace=False),
          [[7, 8, 2], [3, 4, 5]], F32)
    with raises(ValueError, "jax.numpy.put cannot modify arrays in-place"):
        jnp.put(a, idx, v)
    with raises(NotImplementedError, "The 'raise' mode to jnp.put is not supported."):
        jnp.put(a, idx, v, mode="raise", inplace=False)
    with raises(ValueError, "mode should be one of 'wrap' or 'clip'; got mode='bad'"):
        jnp.put(a, idx, v, mode="bad", inplace=False)
    with raises(TypeError, "indices must be of integer type", "float32"):
        jnp.put(a, arr([0.0]), v, inplace=False)
    out = wax.jit(lambda a, i: jnp.put(a, i, 5.0, inplace=False))(a, jnp.asarray(np.array([1, 9])))
    check(out, [[0, 5, 2], [3, 4, 5]], F32)


def test_put_along_axis():
    a = arr(np.arange(6).reshape(2, 3))
    check(jnp.put_along_axis(a, np.array([[7], [-1]]), 9.0, axis=1, inplace=False),
          [[0, 1, 2], [3, 4, 9]], F32)   # 7 is dropped, -1 wraps
    check(jnp.put_along_axis(a, np.array([[7], [-1]]), 9.0, axis=1, inplace=False,
                             mode="clip"), [[0, 1, 9], [3, 4, 9]], F32)
    check(jnp.put_along_axis(a, np.array([0, 5]), 9.0, axis=None, inplace=False),
          [[9, 1, 2], [3, 4, 9]], F32)
    with raises(ValueError, "jax.numpy.put_along_axis cannot modify arrays in-place"):
        jnp.put_along_axis(a, np.array([[0], [1]]), 1.0, axis=1)
    with raises(ValueError, "same number of dimensions"):
        jnp.put_along_axis(a, np.array([0]), 1.0, axis=1, inplace=False)


def test_place():
    a = arr(np.arange(6).reshape(2, 3))
    mask = np.asarray(a) > 2
    expected = np.arange(6.0).reshape(2, 3)
    np.place(expected, mask, [1, 2])
    check(jnp.place(a, mask, arr([1, 2]), inplace=False), expected, F32)
    # The mask may be traced: its positions are found with a static size.
    out = wax.jit(lambda a: jnp.place(a, a > 2, arr([1, 2]), inplace=False))(a)
    check(out, expected, F32)
    with raises(ValueError, "Cannot place values from an empty array"):
        jnp.place(a, mask, arr([]), inplace=False)
    with raises(ValueError, "arr and mask must be the same size", "(2, 3)", "(4,)"):
        jnp.place(a, np.ones(4, bool), arr([1]), inplace=False)
    with raises(ValueError, "jax.numpy.place cannot modify arrays in-place"):
        jnp.place(a, mask, arr([1]))


# --- insert, delete, resize, block ---------------------------------------------------------------

def test_insert_clips_out_of_range_indices():
    a = arr(np.arange(6).reshape(2, 3))
    # NumPy raises for these; JAX clips them to the ends.
    check(jnp.insert(a, 10, 9.0, axis=1), np.insert(np.asarray(a), 3, 9.0, axis=1), F32)
    check(jnp.insert(a, -10, 9.0, axis=1), np.insert(np.asarray(a), 0, 9.0, axis=1), F32)
    x = np.arange(4)
    check(jnp.insert(jnp.asarray(x), np.array([3, 0, 3]), arr([7, 8, 9], np.int32)),
          np.insert(x, np.array([3, 0, 3]), [7, 8, 9]), I32)
    check(jnp.insert(jnp.asarray(x), 1, 2.7), [0, 2, 1, 2, 3], I32)  # cast to arr's dtype
    check(jnp.insert(jnp.asarray(x), np.array([]), 2), x, I32)


def test_insert_traced_indices_and_errors():
    a = arr(np.arange(6).reshape(2, 3))
    out = wax.jit(lambda a, i: jnp.insert(a, i, 5.0, axis=1))(a, 1)
    check(out, np.insert(np.asarray(a), 1, 5.0, axis=1), F32)
    out = wax.jit(lambda a, i: jnp.insert(a, i, 5.0, axis=1))(a, jnp.asarray(np.array([1, 7])))
    check(out, np.insert(np.asarray(a), [1, 3], 5.0, axis=1), F32)
    with raises(ValueError, "index array must be integer typed; got 1.0"):
        jnp.insert(a, 1.0, 2.0)
    with raises(ValueError, "obj must be a slice, a one-dimensional array, or a scalar"):
        jnp.insert(a, np.ones((2, 2), np.int32), 2.0)
    with raises(TypeError, "insert requires ndarray or scalar arguments"):
        jnp.insert(a, [1], 2.0)


def test_delete_forms_and_errors():
    a = arr(np.arange(6).reshape(2, 3))
    x = np.asarray(a)
    for obj in (1, -1, slice(None, None, 2), np.array([0, 2, 2]), np.array([True, False, True])):
        check(jnp.delete(a, obj, axis=1), np.delete(x, obj, axis=1), F32)
    check(jnp.delete(a, 4), np.delete(x, 4), F32)
    with raises(ValueError, "index 5 is out of bounds for axis 1 with size 3"):
        jnp.delete(a, 5, axis=1)
    with raises(IndexError, "index 5 is out of bounds for axis 1 with size 3"):
        jnp.delete(a, np.array([0, 5]), axis=1)
    with raises(ValueError, "boolean mask must have shape (3,)"):
        jnp.delete(a, np.array([True, False]), axis=1)
    with raises(ConcretizationTypeError, "'obj' array argument of jnp.delete()"):
        wax.jit(lambda a, i: jnp.delete(a, i, axis=1))(a, jnp.asarray(np.array([0, 2])))
    # Unique indices may be traced (any order, negatives wrap).
    fun = wax.jit(lambda a, i: jnp.delete(a, i, assume_unique_indices=True))
    check(fun(jnp.arange(10), jnp.asarray(np.array([7, 1, -1]))), np.delete(np.arange(10),
                                                                         [7, 1, 9]), I32)


def test_resize_and_block():
    check(jnp.resize(arr([[1, 2], [3, 4]]), (3, 3)), np.resize([[1, 2], [3, 4]], (3, 3)), F32)
    check(jnp.resize(arr([]), (2,)), [0, 0], F32)  # JAX fills zeros; NumPy too
    check(jnp.resize(arr([1, 2]), 0), np.zeros(0), F32)
    with raises(ValueError, "all elements of `new_shape` must be non-negative"):
        jnp.resize(arr([1]), (-1,))
    check(jnp.block([1, 2.0, jnp.asarray(np.array([3], np.int32))]), [1, 2, 3], F32, weak=True)
    scalar = jnp.block(jnp.asarray(3))
    check(scalar, 3, I32, weak=True)
    with raises(ValueError, "does not allow empty list arguments"):
        jnp.block([])
    with raises(ValueError, "does not allow tuples, got (1, 2)"):
        jnp.block((1, 2))
    with raises(ValueError, "Mismatched list depths in jax.numpy.block"):
        jnp.block([[1, 2], 3])


# --- choose, compress, extract, piecewise ----------------------------------------------------------

def test_choose_modes_and_errors():
    choices = [jnp.arange(3), 10 * jnp.arange(3)]
    idx = jnp.asarray(np.array([0, 5, -1]))
    check(jnp.choose(idx, choices, mode="clip"), [0, 10, 2], I32)
    check(jnp.choose(idx, choices, mode="wrap"), [0, 10, 20], I32)
    with raises(ValueError, "invalid entry in choice array"):
        jnp.choose(idx, choices)
    with raises(ValueError, "invalid entry in choice array"):
        jnp.choose(jnp.asarray(np.array([0])), [])
    with raises(ConcretizationTypeError, "jit-compiled with mode='raise'"):
        wax.jit(lambda i: jnp.choose(i, choices))(idx)
    check(wax.jit(lambda i: jnp.choose(i, choices, mode="wrap"))(idx), [0, 10, 20], I32)
    with raises(ValueError, "`a` array must be integer typed"):
        jnp.choose(arr([0.0]), choices)
    with raises(NotImplementedError, "The 'out' argument to jnp.choose"):
        jnp.choose(idx, choices, out=1)
    with raises(ValueError, "mode='x' not understood"):
        jnp.choose(idx, choices, mode="x")


def test_compress_and_extract():
    a = arr(np.arange(6).reshape(2, 3))
    check(jnp.compress(np.array([False, True]), a, axis=1), [[1], [4]], F32)  # short: padded
    check(jnp.compress(np.array([False, True, False, False]), a, axis=1), [[1], [4]], F32)
    with raises(ValueError, "condition contains entries that are out of bounds"):
        jnp.compress(np.array([False, True, False, True]), a, axis=1)
    with raises(ValueError, "condition must be a 1D array"):
        jnp.compress(np.array([[True]]), a, axis=1)
    check(jnp.compress(np.array([True, False, True]), a, axis=1, size=3, fill_value=-1),
          [[0, 2, -1], [3, 5, -1]], F32)
    fun = wax.jit(lambda c: jnp.compress(c, a, axis=1, size=1))
    check(fun(jnp.asarray(np.array([False, False, True]))), [[2], [5]], F32)
    # As JAX 0.10.2, whose check of the entries past the end is a Python `if`.
    with raises(TracerBoolConversionError, "Attempted boolean conversion"):
        wax.jit(lambda c: jnp.compress(c, a, axis=1))(jnp.asarray(np.array([True, False, True])))
    with raises(ValueError, "got size=3 for a.shape[axis]=2"):
        jnp.compress(np.array([True, False]), a, axis=1, size=3)
    check(jnp.extract(np.asarray(a) > 2, a, size=5, fill_value=7), [3, 4, 5, 7, 7], F32)
    check(wax.jit(lambda a: jnp.extract(a > 2, a, size=2))(a), [3, 4], F32)
    with raises(NotImplementedError, "The 'out' argument to jnp.compress"):
        jnp.compress(np.array([True]), a, out=a)


def test_piecewise():
    x = arr([-2, -1, 0, 1, 2])
    # Later conditions win where several hold; elements in none get the default (0 here).
    check(jnp.piecewise(x, [x < 1, x < 0], [1.0, 2.0]), [2, 2, 1, 0, 0], F32)
    # Results are cast to x's dtype (JAX).
    check(jnp.piecewise(jnp.arange(4), [jnp.arange(4) < 2], [lambda t: t * 2.5, 1]),
          [0, 2, 1, 1], I32)
    check(jnp.piecewise(x, [x < 0], [lambda t, a, b=0: t * a + b, 0.0], 3.0, b=1.0),
          [-5, -2, 0, 0, 0], F32)
    check(jnp.piecewise(jnp.float32(2.0), [True], [5.0]), 5.0, F32)
    with raises(ValueError, "with 1 condition(s), either 1 or 2 functions are expected; got 3"):
        jnp.piecewise(x, [x < 0], [1.0, 2.0, 3.0])
    grad = wax.grad(lambda t: jnp.piecewise(t, [t < 0], [lambda s: -s ** 3, lambda s: s ** 2]))
    assert float(grad(2.0)) == 4.0 and float(grad(-1.0)) == -3.0


# --- vectorize, apply_along_axis, fromfunction ------------------------------------------------------

def test_vectorize_signature_and_errors():
    matvec = jnp.vectorize(lambda a, b: a @ b, signature="(n,m),(m)->(n)")
    a, b = np.arange(24.0).reshape(4, 2, 3), np.arange(3.0)
    check(matvec(jnp.asarray(a), jnp.asarray(b)), a @ b, F32)
    with raises(ValueError, "inconsistent size for core dimension 'm': 4 vs 3"):
        matvec(jnp.asarray(a), jnp.ones(4))
    with raises(ValueError, "not a valid gufunc signature: (n->)"):
        jnp.vectorize(lambda t: t, signature="(n->)")(jnp.ones(2))
    with raises(ValueError, "output shape (2,) does not match core dimensions ()"):
        jnp.vectorize(lambda t: t, signature="(n)->()")(jnp.ones(2))
    with raises(ValueError, "does not have enough dimensions"):
        matvec(jnp.ones(3), jnp.ones(3))
    pair = jnp.vectorize(lambda t: (t, t * 2), signature="()->(),()")
    first, second = pair(jnp.ones(2))
    check(second, [2, 2], F32)
    check(jnp.vectorize(lambda t: t[0], signature="(n)->()")(jnp.ones((0, 3))), np.zeros(0), F32)
    assert jnp.vectorize(lambda a, b: a + b, signature="(n),(n)->(n)")(
        jnp.ones((2, 1, 3)), jnp.ones((4, 3))).shape == (2, 4, 3)
    with raises(ValueError, "excluded={-1} contains negative numbers"):
        jnp.vectorize(lambda t: t, excluded={-1})


def test_vectorize_excluded_kwargs_and_transforms():
    scale = jnp.vectorize(lambda a, n: a * n, excluded={1})
    check(scale(jnp.ones(2), 3), [3, 3], F32)
    # As JAX 0.10.2: keyword arguments not excluded are not passed on (NumPy vectorizes
    # them and would give [0, 1] here).
    check(jnp.vectorize(lambda a, b=1: a * b)(jnp.ones(2), b=arr([0, 1])), [1, 1], F32)
    with raises(TypeError, "missing 1 required positional argument: 'b'"):
        jnp.vectorize(lambda a, b: a * b)(jnp.ones(2), b=3)
    with pytest.raises(AssertionError, match="needs a positional array argument"):
        jnp.vectorize(lambda a: a)(a=jnp.ones(2))
    check(jnp.vectorize(lambda a, b=1: a * b, excluded={"b"})(jnp.ones(2), b=3), [3, 3], F32)
    assert jnp.vectorize(jnp.sin).__name__ == "sin"
    check(jnp.vectorize(lambda a: a + 1)(1.0), 2.0, F32, weak=True)
    norm = jnp.vectorize(lambda v: jnp.sum(v * v), signature="(n)->()")
    x = arr([[1, 2], [3, 4]])
    check(wax.jit(norm)(x), [5, 25], F32)
    check(wax.grad(lambda x: norm(x).sum())(x), 2 * np.asarray(x), F32)


def test_apply_along_and_over_axes():
    x = np.arange(24.0).reshape(2, 3, 4)
    check(jnp.apply_along_axis(lambda v: jnp.stack([v, v * 2]), 1, jnp.asarray(x)),
          np.apply_along_axis(lambda v: np.stack([v, v * 2]), 1, x), F32)
    check(jnp.apply_along_axis(lambda v, k: v[k], -1, jnp.asarray(x), 1), x[..., 1], F32)
    check(jnp.apply_over_axes(lambda a, ax: jnp.sum(a, ax), jnp.asarray(x), [0, 2]),
          np.apply_over_axes(np.sum, x, [0, 2]), F32)
    with raises(ValueError, "function is not returning an array of the correct shape"):
        jnp.apply_over_axes(lambda a, ax: jnp.sum(a), jnp.asarray(x), [0])


def test_fromfunction():
    check(jnp.fromfunction(lambda i, j: i * 10 + j, (2, 3)),
          np.fromfunction(lambda i, j: i * 10 + j, (2, 3)), F32)
    check(jnp.fromfunction(lambda i, j: i + j, (2, 3), dtype=int),
          np.fromfunction(lambda i, j: i + j, (2, 3), dtype=int), I32)
    # Keyword arguments are vmapped along with the indices, as in JAX 0.10.2: one leading
    # axis per dimension of the shape (a scalar one is an error).
    check(jnp.fromfunction(lambda i, j, k=0: i + j + k, (2, 3), k=jnp.arange(6.0).reshape(2, 3)),
          [[0, 2, 4], [4, 6, 8]], F32)
    with raises(ValueError, "vmap was requested to map its argument along axis 0"):
        jnp.fromfunction(lambda i, k=1: i * k, (3,), k=3)
    assert jnp.fromfunction(lambda i, j: i + j, (0, 2)).shape == (0, 2)


# --- ufunc, frompyfunc ------------------------------------------------------------------------------

def test_ufunc_attributes_call_and_errors():
    u = jnp.frompyfunc(lambda a, b: a * b + 1, nin=2, nout=1, identity=1)
    assert isinstance(u, jnp.ufunc)
    assert (u.nin, u.nout, u.nargs, u.identity, u.__name__) == (2, 1, 2, 1, "<lambda>")
    assert repr(u) == "<jnp.ufunc '<lambda>'>"
    check(u(jnp.arange(3), 2), [1, 3, 5], I32)
    with raises(TypeError, "takes 2 positional argument(s) but 1 were given"):
        u(jnp.ones(2))
    with raises(NotImplementedError, "The 'out' argument"):
        u(jnp.ones(2), 1.0, out=1)
    with raises(ValueError, "reduce only supported for binary ufuncs"):
        jnp.frompyfunc(lambda a: a, 1, 1).reduce(jnp.ones(2))
    two = jnp.frompyfunc(lambda a, b: (a + b, a - b), 2, 2)
    total, difference = two(arr([0, 1]), 1.0)
    check(difference, [-1, 0], F32)
    custom = jnp.ufunc(lambda a, b: a + b, 2, 1, name="plus", reduce=lambda a, axis, **kw: 42)
    assert custom.__name__ == "plus" and custom.reduce(jnp.ones(3)) == 42


def test_ufunc_reduce_starts_from_the_identity():
    # f(a, b) = a * b + 1 is not associative: the order of application shows. With an
    # identity (1), JAX folds from it: f(f(f(1, 1), 2), 3) = 16.
    u = jnp.frompyfunc(lambda a, b: a * b + 1, 2, 1, identity=1)
    check(u.reduce(arr([1, 2, 3])), 16.0, F32)
    check(u.reduce(arr([[0, 1, 2], [3, 4, 5]]), axis=0), [4, 9, 16], F32)
    check(u.reduce(arr([[0, 1, 2], [3, 4, 5]]), axis=None), 326, F32)
    check(u.reduce(arr([[0, 1, 2], [3, 4, 5]]), axis=1, keepdims=True), [[5], [86]], F32)
    check(u.reduce(arr([0, 1, 2]), initial=5.0), 5.0, F32)
    check(u.reduce(arr([0, 1, 2]), where=np.array([True, False, True])), 3.0, F32)
    check(u.reduce(arr([])), 1.0, F32)
    plain = jnp.frompyfunc(lambda a, b: a * b + 1, 2, 1)  # no identity: from the first
    check(plain.reduce(arr([1, 2, 3])), 10.0, F32)
    with raises(ValueError, "zero-size array to reduction operation <lambda> which has no "
                "identity"):
        plain.reduce(arr([]))
    with raises(ValueError, "to use a where mask one has to specify 'initial'"):
        plain.reduce(arr([1, 2]), where=np.array([True, False]))
    check(wax.jit(u.reduce)(arr([1, 2, 3])), 16.0, F32)
    check(wax.grad(lambda x: plain.reduce(x))(arr([1, 2, 3])), [6, 3, 3], F32)


def test_ufunc_accumulate_at_outer_reduceat():
    u = jnp.frompyfunc(lambda a, b: a * b + 1, 2, 1, identity=1)
    check(u.accumulate(arr([1, 2, 3])), [1, 3, 10], F32)
    check(u.accumulate(arr([[0, 1, 2], [3, 4, 5]]), axis=1), [[0, 1, 3], [3, 13, 66]], F32)
    # Repeated indices apply the function again, in order: f(f(0, 5), 5) = 6.
    check(u.at(arr([0, 1, 2, 3]), np.array([0, 0, 2]), 5.0, inplace=False), [6, 1, 11, 3], F32)
    double = jnp.frompyfunc(lambda a: a * 2, 1, 1)
    check(double.at(arr([0, 1, 2, 3]), np.array([1, 1, 2]), inplace=False), [0, 4, 4, 3], F32)
    with raises(ValueError, "jnp.ufunc.at cannot modify arrays in-place"):
        u.at(arr([0.0]), 0, 1.0)
    with raises(ValueError, "requires a second operand"):
        u.at(arr([0.0]), 0, inplace=False)
    check(u.outer(arr([0, 1]), arr([0, 1, 2])), [[1, 1, 1], [1, 2, 3]], F32)
    check(u.reduceat(arr([0, 1, 2, 3, 4, 5]), np.array([0, 2, 3])), [1, 2, 66], F32)
    check(u.reduceat(arr(np.arange(6).reshape(2, 3)), np.array([0, 2, 1]), axis=1),
          [[1, 2, 3], [13, 5, 21]], F32)
    with raises(ConcretizationTypeError, "indices argument of jnp.<lambda>.reduceat"):
        wax.jit(lambda i: u.reduceat(arr([1, 2]), i))(jnp.asarray(np.array([0])))
    check_type(wax.vmap(u.accumulate)(arr(np.ones((2, 3)))), F32, shape=(2, 3))
