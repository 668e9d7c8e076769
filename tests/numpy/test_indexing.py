"""NumPy-style indexing of wax arrays against NumPy: x[idx] for many index expressions,
x.at[idx].<op>(y) against ufunc.at, take / take_along_axis, out-of-bounds behaviour (JAX's,
where it differs from NumPy), the primitives each kind of index lowers to, and errors."""
import warnings

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.core.errors import NonConcreteBooleanIndexError
from wax.numpy import indexing as wnp
from wax.numpy import taking as wtk

if not hasattr(wax.Array, "__getitem__"):
    wnp.attach(wax.Array)

X = np.arange(60, dtype=np.float32).reshape(3, 4, 5)
I2 = np.array([[0, 2], [1, 1]])
MASK_0 = np.array([True, False, True])
MASK_12 = (np.arange(20).reshape(4, 5) % 3) == 0

# Index expressions, valid (in bounds) for NumPy on a (3, 4, 5) array.
INDICES = [
    0, -1, 2, (1, 2), (1, -2, 3), (-3, 0, -5),
    slice(None), slice(1, None), slice(None, 2), slice(None, None, -1), slice(2, 0, -1),
    slice(None, None, 2), slice(-1, None, -2), slice(10, 20), slice(-10, 2),
    (slice(None), 1), (slice(None), slice(None), 3), (1, slice(None, None, -1), slice(1, 4, 2)),
    (slice(4, 0, -2), slice(None, None, -3)), (slice(3, 1), 0),
    None, (None, 1), (1, None, 2), (None, None, slice(None, None, 2), None),
    Ellipsis, (Ellipsis, 1), (0, Ellipsis), (Ellipsis, None), (1, Ellipsis, None, 2),
    (None, Ellipsis, slice(1, 3)),
    np.array([0, 2]), np.array([2, -1, 0, 0]), (slice(None), np.array([3, 0])),
    (Ellipsis, np.array([4, 4, 1])), (np.array([0, 1]), np.array([1, 2])),
    (np.array([0, 1]), slice(None), np.array([1, 2])), (I2, 0), (0, I2), (I2, slice(None), 1),
    (slice(None), I2, I2), (1, slice(None), np.array([0, 1])), (slice(None), 1, np.array([0, 4])),
    (np.array([[0], [2]]), np.array([1, 3])), (np.array([2]), None, np.array([1])),
    (np.array(1), slice(None)), (np.int32(2), np.int64(-1)), (None, np.array([0, 2]), None),
    (np.array([0, 1]), Ellipsis, np.array([0, 1])), (slice(None, None, -1), np.array([0, 1])),
    (slice(None), [0, 2], [1, 1]), ([0, 1], slice(1, 3)), (np.array([], np.int32),),
    (np.array([], np.int32), slice(None), 0),
    MASK_0, (MASK_0, 1), (slice(None), MASK_12), (Ellipsis, MASK_12[0]), (0, MASK_12),
    (MASK_0, Ellipsis, np.array([1, 4])), (np.zeros(3, bool),), ([True, False, True],),
    True, False, (1, True), (None, False, 0), (np.array(True),),
]


def _ids(value):
    return repr(value).replace(" ", "")[:60]


@pytest.mark.parametrize("idx", INDICES, ids=_ids)
def test_getitem_matches_numpy(idx):
    x = jnp.asarray(X)
    want = X[idx]
    got = x[idx]
    assert isinstance(got, wax.Array)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(np.asarray(got), want)


@pytest.mark.parametrize("idx", INDICES[::3], ids=_ids)
def test_getitem_jit_matches_eager(idx):
    x = jnp.asarray(X)
    np.testing.assert_array_equal(np.asarray(wax.jit(lambda x: x[idx])(x)), X[idx])


@pytest.mark.parametrize("idx", [(0, 1), -2, (1, slice(None, 2)), (slice(None), -1, 2)],
                         ids=_ids)
def test_traced_integer_indices_match_numpy(idx):
    ints = idx if isinstance(idx, tuple) else (idx,)
    positions = [i for i, e in enumerate(ints) if isinstance(e, int)]

    def f(x, *values):
        full = list(ints)
        for p, v in zip(positions, values):
            full[p] = v
        return x[tuple(full)]

    values = [ints[p] for p in positions]
    got = wax.jit(f)(jnp.asarray(X), *values)
    np.testing.assert_array_equal(np.asarray(got), X[idx])


def test_traced_integer_arrays():
    f = wax.jit(lambda x, i, j: x[i, :, j])
    i, j = np.array([0, -1, 2]), np.array([[4], [-5]])
    np.testing.assert_array_equal(np.asarray(f(jnp.asarray(X), i, j)), X[i, :, j])
    g = wax.jit(lambda x, i: x[1:, i, ::-2])
    np.testing.assert_array_equal(np.asarray(g(jnp.asarray(X), np.array([3, 0]))),
                                  X[1:, [3, 0], ::-2])


@pytest.mark.parametrize("dtype", [np.int32, np.bool_, np.uint8, np.complex64, np.float16])
def test_getitem_keeps_dtype(dtype):
    x = X.astype(dtype)
    for idx in [1, (slice(None), 2), (np.array([0, 0]), 1), (MASK_0,)]:
        got = jnp.asarray(x)[idx]
        assert got.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(np.asarray(got), x[idx])


def test_getitem_weak_type():
    weak = wax.core.array.ArrayImpl(np.arange(4.0, dtype=np.float32), True)
    assert weak[1].weak_type and weak[1:].weak_type and weak[np.array([0, 1])].weak_type
    assert not jnp.asarray(X)[0].weak_type


def test_getitem_results_cannot_be_written_through():
    # Basic indexing may return a view of the buffer (as reshape and transpose do);
    # what must hold is that nobody can write through either array.
    x = jnp.asarray(X)
    for part in (x[1], x[:, 1:3]):
        with pytest.raises(ValueError):
            np.asarray(part)[...] = 0
    np.testing.assert_array_equal(np.asarray(x), X)


def test_iteration():
    x = jnp.asarray(X[0])
    rows = list(x)
    assert len(rows) == 4
    for row, want in zip(rows, X[0]):
        np.testing.assert_array_equal(np.asarray(row), want)
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        iter(jnp.asarray(np.float32(1.0)))
    unpacked = wax.jit(lambda x: list(x)[2])(x)
    np.testing.assert_array_equal(np.asarray(unpacked), X[0, 2])


# --- out of bounds: JAX's rules ----------------------------------------------------------

def test_out_of_bounds_reads_clamp():
    x = jnp.asarray(np.arange(5.0, dtype=np.float32))
    assert float(x.at[20].get()) == 4.0
    assert float(x[20]) == 4.0
    assert float(x[-20]) == 0.0
    np.testing.assert_array_equal(np.asarray(x[np.array([7, -1, -9])]), [4.0, 4.0, 0.0])
    assert float(wax.jit(lambda x, i: x[i])(x, 9)) == 4.0
    assert float(x.at[20].get(mode="clip")) == 4.0


def test_out_of_bounds_fill_mode():
    x = jnp.asarray(np.arange(5.0, dtype=np.float32))
    assert np.isnan(float(x.at[7].get(mode="fill")))
    assert np.isnan(float(x.at[-6].get(mode="fill")))
    assert float(x.at[-5].get(mode="fill")) == 0.0
    assert float(x.at[7].get(mode="fill", fill_value=-1.0)) == -1.0
    np.testing.assert_array_equal(
        np.asarray(x.at[np.array([1, 9])].get(mode="fill", fill_value=3)), [1.0, 3.0])
    ints = jnp.asarray(np.arange(5, dtype=np.int32))
    assert int(ints.at[5].get(mode="fill")) == np.iinfo(np.int32).min
    with pytest.raises(ValueError, match="must be a scalar"):
        x.at[7].get(mode="fill", fill_value=np.zeros(2))


def test_out_of_bounds_updates_are_dropped():
    x = jnp.asarray(np.arange(5.0, dtype=np.float32))
    np.testing.assert_array_equal(np.asarray(x.at[10].add(10)), np.arange(5.0))
    np.testing.assert_array_equal(np.asarray(x.at[-10].set(10)), np.arange(5.0))
    np.testing.assert_array_equal(np.asarray(x.at[-1].set(10)), [0, 1, 2, 3, 10])
    np.testing.assert_array_equal(np.asarray(x.at[np.array([1, 5, -6])].set(9)),
                                  [0, 9, 2, 3, 4])
    np.testing.assert_array_equal(np.asarray(x.at[10].set(9, mode="clip")), [0, 1, 2, 3, 9])
    np.testing.assert_array_equal(np.asarray(x.at[3:].add(1)), [0, 1, 2, 4, 5])


def test_take_default_fill():
    x = jnp.asarray(np.arange(5.0, dtype=np.float32))
    got = np.asarray(wtk.take(x, np.array([0, 5, -1, -6])))
    np.testing.assert_array_equal(got, [0.0, np.nan, 4.0, np.nan])
    ints = wtk.take(jnp.asarray(np.arange(5, dtype=np.int32)), np.array([6]))
    assert int(ints[0]) == np.iinfo(np.int32).min
    uints = wtk.take(jnp.asarray(np.arange(5, dtype=np.uint8)), np.array([6]))
    assert int(uints[0]) == 255
    bools = wtk.take(jnp.asarray(np.zeros(5, bool)), np.array([6]))
    assert bool(bools[0]) is True
    assert float(wtk.take(x, np.array([6]), fill_value=-2.0)[0]) == -2.0


@pytest.mark.parametrize("mode", ["clip", "wrap"])
def test_take_modes_match_numpy(mode):
    idx = np.array([[0, 7], [-1, -8]])
    got = wtk.take(jnp.asarray(X), idx, axis=1, mode=mode)
    np.testing.assert_array_equal(np.asarray(got), np.take(X, idx, axis=1, mode=mode))


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_take_matches_numpy_in_bounds(axis):
    idx = np.array([[1, 0], [2, -1]])
    np.testing.assert_array_equal(np.asarray(wtk.take(jnp.asarray(X), idx, axis=axis)),
                                  np.take(X, idx, axis=axis))
    traced = wax.jit(lambda x, i: wtk.take(x, i, axis=axis))(jnp.asarray(X), idx)
    np.testing.assert_array_equal(np.asarray(traced), np.take(X, idx, axis=axis))


def test_take_errors():
    with pytest.raises(TypeError, match="take requires ndarray or scalar arguments"):
        wtk.take(jnp.asarray(X), [0, 1])
    with pytest.raises(NotImplementedError, match="'out' argument"):
        wtk.take(jnp.asarray(X), np.array([0]), out=np.zeros(1))
    with pytest.raises(ValueError, match="Invalid mode 'bad'"):
        wtk.take(jnp.asarray(X), np.array([0]), mode="bad")
    with pytest.raises(IndexError, match="non-empty jnp.take"):
        wtk.take(jnp.asarray(np.zeros((0, 2))), np.array([0]), axis=0)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_take_along_axis_matches_numpy(axis):
    rng = np.random.default_rng(0)
    idx = rng.integers(-X.shape[axis], X.shape[axis], size=X.shape)
    idx = np.take(idx, [0, 2], axis=axis)
    got = wtk.take_along_axis(jnp.asarray(X), idx, axis)
    np.testing.assert_array_equal(np.asarray(got), np.take_along_axis(X, idx, axis))
    traced = wax.jit(lambda x, i: wtk.take_along_axis(x, i, axis))(jnp.asarray(X), idx)
    np.testing.assert_array_equal(np.asarray(traced), np.take_along_axis(X, idx, axis))


def test_take_along_axis_broadcasts_and_fills():
    idx = np.array([[[1]], [[0]], [[3]]])  # (3, 1, 1): broadcast over the last axis
    got = wtk.take_along_axis(jnp.asarray(X), idx, axis=1)
    np.testing.assert_array_equal(np.asarray(got), np.take_along_axis(X, idx, axis=1))
    x = jnp.asarray(X[0])
    out = np.asarray(wtk.take_along_axis(x, np.array([[9], [0], [1], [2]]), axis=1))
    assert np.isnan(out[0, 0]) and out[1, 0] == 5.0
    np.testing.assert_array_equal(np.asarray(wtk.take_along_axis(
        x, np.array([[9]]), axis=1, mode="clip")), [[4.0], [9.0], [14.0], [19.0]])
    np.testing.assert_array_equal(np.asarray(wtk.take_along_axis(
        jnp.asarray(X[0, 0]), np.array([4, 0]), axis=None)), [4.0, 0.0])
    with pytest.raises(ValueError, match="same number of dimensions"):
        wtk.take_along_axis(x, np.array([0]), axis=1)


# --- .at[] updates ----------------------------------------------------------------------

UPDATE_INDICES = [
    1, (0, 2, -1), (slice(None), 1), (slice(None, None, -2), None, 3), (Ellipsis, 0),
    np.array([0, 2, 0]), (np.array([1, 1, 2]), slice(1, 3), np.array([4, 4, 0])),
    (slice(None), I2), (MASK_0,), (slice(None), MASK_12), (None, 1, Ellipsis),
    (np.array([[0], [0]]), np.array([1, 1, 3])),
]


def _numpy_at(ufunc, idx, values):
    out = X.copy()
    ufunc.at(out, idx, values)
    return out


@pytest.mark.parametrize("idx", UPDATE_INDICES, ids=_ids)
@pytest.mark.parametrize("method,ufunc", [("add", np.add), ("subtract", np.subtract),
                                          ("multiply", np.multiply), ("min", np.minimum),
                                          ("max", np.maximum)])
def test_at_accumulating_updates_match_ufunc_at(idx, method, ufunc):
    values = (np.arange(np.prod(X[idx].shape)).reshape(X[idx].shape) % 7 * 3.0 + 5).astype(
        np.float32)
    got = getattr(jnp.asarray(X).at[idx], method)(values)
    np.testing.assert_allclose(np.asarray(got), _numpy_at(ufunc, idx, values), rtol=1e-6)


@pytest.mark.parametrize("idx", UPDATE_INDICES, ids=_ids)
def test_at_set_with_scalar_and_broadcast_values(idx):
    want = X.copy()
    want[idx] = -1.0
    np.testing.assert_array_equal(np.asarray(jnp.asarray(X).at[idx].set(-1.0)), want)
    row = np.arange(X[idx].shape[-1], dtype=np.float32) if X[idx].ndim else np.float32(3)
    want = X.copy()
    want[idx] = row
    np.testing.assert_array_equal(np.asarray(jnp.asarray(X).at[idx].set(row)), want)


def test_at_updates_under_jit():
    f = wax.jit(lambda x, i, v: x.at[i, 1:].add(v))
    got = f(jnp.asarray(X), np.array([0, 0, 2]), np.float32(1.5))
    np.testing.assert_array_equal(np.asarray(got),
                                  _numpy_at(np.add, (np.array([0, 0, 2]), slice(1, None)), 1.5))
    g = wax.jit(lambda x, i: x.at[i].set(0.0))
    np.testing.assert_array_equal(np.asarray(g(jnp.asarray(X[0, 0]), 2)), [0, 1, 0, 3, 4])
    np.testing.assert_array_equal(np.asarray(g(jnp.asarray(X[0, 0]), -1)), [0, 1, 2, 3, 0])


def test_at_divide_and_power_combine_repeated_values():
    x = jnp.asarray(np.arange(1.0, 6.0, dtype=np.float32))
    idx = np.array([1, 1, 3])
    np.testing.assert_allclose(np.asarray(x.at[idx].divide(2.0)), [1, 0.5, 3, 2, 5])
    np.testing.assert_allclose(np.asarray(x.at[idx].power(2.0)), [1, 16, 3, 16, 5])
    ints = jnp.asarray(np.arange(4, dtype=np.int32))
    assert ints.at[1].divide(2).dtype == np.float32  # true division, as jnp.divide


def test_at_apply_applies_per_occurrence():
    x = jnp.asarray(np.ones(4, np.float32))
    out = x.at[np.array([0, 0, 2])].apply(lambda v: lax.mul(v, 2.0))
    np.testing.assert_array_equal(np.asarray(out), [4.0, 1.0, 2.0, 1.0])


def test_at_get_matches_getitem():
    x = jnp.asarray(X)
    for idx in INDICES[::4]:
        np.testing.assert_array_equal(np.asarray(x.at[idx].get()), X[idx])


def test_at_update_dtype_rules():
    ints = jnp.asarray(np.arange(4, dtype=np.int32))
    with pytest.warns(FutureWarning, match="scatter inputs have incompatible types"):
        out = ints.at[1].set(2.7)
    assert out.dtype == np.int32 and int(out[1]) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ints.at[1].add(3).dtype == np.int32
        halves = jnp.asarray(np.zeros(2, np.float16)).at[0].set(np.float16(1))
        assert halves.dtype == np.float16
    weak = wax.core.array.ArrayImpl(np.zeros(3, np.float32), True)
    assert weak.at[0].set(1.0).weak_type
    assert not jnp.asarray(np.zeros(3, np.float32)).at[0].set(1.0).weak_type


def test_at_does_not_modify_the_array():
    x = jnp.asarray(X)
    x.at[0].set(0.0)
    x.at[np.array([0, 1])].add(1.0)
    np.testing.assert_array_equal(np.asarray(x), X)


def test_at_set_shape_mismatch():
    with pytest.raises(ValueError, match="Incompatible shapes for broadcasting"):
        jnp.asarray(X).at[0].set(np.zeros(3, np.float32))


def test_at_repr():
    assert repr(jnp.asarray(np.zeros(1)).at).startswith("_IndexUpdateHelper(")
    assert repr(jnp.asarray(np.zeros(1)).at[0]).startswith("_IndexUpdateRef(")


# --- what each kind of index lowers to -----------------------------------------------------

def _primitives(fun, *args):
    return [eqn.primitive.name for eqn in wax.make_jaxpr(fun)(*args).eqns]


def test_static_indices_lower_to_slice():
    x = jnp.asarray(X)
    assert _primitives(lambda x: x[1], x) == ["slice", "squeeze"]
    assert _primitives(lambda x: x[:, 1:3], x) == ["slice"]
    assert _primitives(lambda x: x[::-1], x) == ["rev"]
    assert _primitives(lambda x: x[None, 0, ::2], x) == ["slice", "squeeze", "broadcast_in_dim"]
    assert _primitives(lambda x: x[...], x) == []


def test_traced_integers_lower_to_dynamic_slice():
    names = _primitives(lambda x, i: x[i, 1:], jnp.asarray(X), 1)
    assert "dynamic_slice" in names and "gather" not in names


def test_integer_arrays_lower_to_gather():
    names = _primitives(lambda x, i: x[i], jnp.asarray(X), np.array([0, 1]))
    assert names[-1] == "gather"
    names = _primitives(lambda x: x[np.array([0, 1]), 1:], jnp.asarray(X))
    assert names == ["gather"]
    names = _primitives(lambda x: x.at[np.array([0, 1])].add(1.0), jnp.asarray(X))
    assert "scatter-add" in names


# --- errors ------------------------------------------------------------------------------

def test_float_index_errors():
    x = jnp.asarray(X[0, 0])
    with pytest.raises(TypeError, match="Indexer must have integer or boolean type, got "
                                        "indexer with type float32 at position 0, indexer "
                                        "value 1.5"):
        x[1.5]
    with pytest.raises(TypeError, match="Indexer must have integer or boolean type"):
        x[np.array([1.0, 2.0])]
    with pytest.raises(TypeError, match="Indexer must have integer or boolean type.*position 1"):
        jnp.asarray(X)[0, 1.0]


def test_too_many_indices():
    x = jnp.asarray(np.arange(3.0))
    with pytest.raises(IndexError, match=r"Too many indices: 1-dimensional array indexed with "
                                         r"2 regular indices\."):
        x[0, 0]
    with pytest.raises(IndexError, match="Too many indices: 0-dimensional array indexed with "
                                         "1 regular index."):
        jnp.asarray(np.float32(1))[0]
    with pytest.raises(IndexError, match="single ellipsis"):
        jnp.asarray(X)[..., 0, ...]


def test_boolean_index_errors():
    x = jnp.asarray(X)
    with pytest.raises(IndexError, match="boolean index did not match shape"):
        x[np.array([True, False])]
    with pytest.raises(NonConcreteBooleanIndexError, match="Array boolean indices must be "
                                                           "concrete"):
        wax.jit(lambda x, m: x[m])(x, MASK_0)
    assert issubclass(NonConcreteBooleanIndexError, IndexError)


def test_other_index_errors():
    x = jnp.asarray(X)
    with pytest.raises(TypeError, match="non-tuple sequence for multidimensional indexing"):
        x[[0, 1]]
    with pytest.raises(TypeError, match="JAX does not support string indexing"):
        x["a"]
    with pytest.raises(IndexError, match="Array slice indices must have static"):
        wax.jit(lambda x, i: x[i:])(x, 1)
    with pytest.raises(IndexError, match="Indexing mode not yet supported"):
        x[object()]
    with pytest.raises(TypeError, match="does not support item assignment"):
        x[0] = 1.0
