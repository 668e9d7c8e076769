"""slice / dynamic_slice / dynamic_update_slice / gather / scatter: dimension numbers,
out-of-bounds modes, clamping, duplicates and error messages (what the op-record table in
tests/records/indexing.py cannot express).

Gather and scatter are also checked against per-element reference loops written from
XLA's operation semantics (one output or update element at a time), on hand-picked
dimension numbers that cover offset, collapsed and batching dimensions.
"""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.lax import GatherDimensionNumbers as GD
from wax.lax import GatherScatterMode
from wax.lax import ScatterDimensionNumbers as SD
from wax.numpy import indexing as wnp
from wax.numpy import taking as wtk

if not hasattr(wax.Array, "__getitem__"):
    wnp.attach(wax.Array)


def arr(x, dtype=None):
    return jnp.asarray(np.asarray(x, dtype))


# --- per-element references (XLA's operation semantics) ---------------------------------

def _window_dims(rank, *excluded):
    return [d for d in range(rank) if all(d not in e for e in excluded)]


def gather_reference(operand, indices, dn, slice_sizes, mode="clip", fill=None):
    nb = indices.ndim - 1
    out_rank = nb + len(dn.offset_dims)
    batch_dims = [d for d in range(out_rank) if d not in dn.offset_dims]
    window = _window_dims(operand.ndim, dn.collapsed_slice_dims, dn.operand_batching_dims)
    batch_it = iter(indices.shape[:-1])
    size_it = iter(slice_sizes[d] for d in window)
    out_shape = tuple(next(size_it) if d in dn.offset_dims else next(batch_it)
                      for d in range(out_rank))
    out = np.zeros(out_shape, operand.dtype)
    for out_index in np.ndindex(*out_shape):
        g = [out_index[d] for d in batch_dims]
        vector = indices[tuple(g)]
        start = [0] * operand.ndim
        for k, d in enumerate(dn.start_index_map):
            start[d] = int(vector[k])
        for od, ib in zip(dn.operand_batching_dims, dn.start_indices_batching_dims):
            start[od] = g[ib]
        upper = [operand.shape[d] - slice_sizes[d] for d in range(operand.ndim)]
        outside = any(not 0 <= start[d] <= upper[d] for d in dn.start_index_map)
        if mode == "fill" and outside:
            out[out_index] = fill
            continue
        start = [min(max(s, 0), u) for s, u in zip(start, upper)]
        for j, d in enumerate(window):
            start[d] += out_index[dn.offset_dims[j]]
        out[out_index] = operand[tuple(start)]
    return out


def scatter_reference(operand, indices, updates, dn, combine, mode="drop"):
    out = operand.copy()
    window = _window_dims(operand.ndim, dn.inserted_window_dims, dn.operand_batching_dims)
    scatter_dims = [d for d in range(updates.ndim) if d not in dn.update_window_dims]
    sizes = [1] * operand.ndim
    for d, u in zip(window, dn.update_window_dims):
        sizes[d] = updates.shape[u]
    for u_index in np.ndindex(*updates.shape):
        g = [u_index[d] for d in scatter_dims]
        vector = indices[tuple(g)]
        start = [0] * operand.ndim
        for k, d in enumerate(dn.scatter_dims_to_operand_dims):
            start[d] = int(vector[k])
        for od, ib in zip(dn.operand_batching_dims, dn.scatter_indices_batching_dims):
            start[od] = g[ib]
        upper = [operand.shape[d] - sizes[d] for d in range(operand.ndim)]
        if mode == "clip":
            start = [min(max(s, 0), u) for s, u in zip(start, upper)]
        elif any(not 0 <= start[d] <= upper[d] for d in dn.scatter_dims_to_operand_dims):
            continue
        for j, d in enumerate(window):
            start[d] += u_index[dn.update_window_dims[j]]
        out[tuple(start)] = combine(out[tuple(start)], updates[u_index])
    return out


# (operand shape, indices, dimension numbers, slice sizes); indices include out-of-bounds
# and negative starts, so every mode has work to do.
GATHER_CASES = [
    ((5,), [[0], [2], [7], [-1]], GD((), (0,), (0,)), (1,)),
    ((10,), [[0], [8], [2]], GD((1,), (), (0,)), (2,)),
    ((10, 5), [[0], [2], [12]], GD((1,), (0,), (0,)), (1, 3)),
    ((10, 6), [[0, 2], [1, 0], [9, 5]], GD((1,), (0,), (0, 1)), (1, 3)),
    ((4, 5, 6), np.array([[[0, 1], [3, 5], [1, 4]], [[2, 2], [-3, 0], [0, 9]]]),
     GD((1, 3), (0,), (0, 2)), (1, 3, 2)),
    ((2, 5), [[[0], [2]], [[1], [6]]], GD((), (1,), (1,), (0,), (0,)), (1, 1)),
    ((3, 4, 5), np.arange(6).reshape(2, 3, 1) - 1, GD((1, 3), (), (2,), (0,), (1,)),
     (1, 4, 2)),
    ((4, 3), np.zeros((2, 0), np.int32), GD((1, 2), (), ()), (2, 3)),
]


@pytest.mark.parametrize("case", range(len(GATHER_CASES)))
@pytest.mark.parametrize("mode", ["clip", "promise_in_bounds", "fill"])
def test_gather_matches_reference(case, mode):
    shape, indices, dn, sizes = GATHER_CASES[case]
    indices = np.asarray(indices, np.int32)
    operand = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    got = lax.gather(arr(operand), indices, dn, sizes, mode=mode)
    want = gather_reference(operand, indices, dn, sizes, mode="fill" if mode == "fill" else
                            "clip", fill=np.nan)
    assert got.shape == want.shape and got.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(got), want)
    jitted = wax.jit(lambda x, i: lax.gather(x, i, dn, sizes, mode=mode))(arr(operand), indices)
    np.testing.assert_array_equal(np.asarray(jitted), want)


_COMBINERS = {"scatter": (lax.scatter, lambda old, new: new),
              "scatter_add": (lax.scatter_add, lambda old, new: old + new),
              "scatter_mul": (lax.scatter_mul, lambda old, new: old * new),
              "scatter_min": (lax.scatter_min, min),
              "scatter_max": (lax.scatter_max, max)}


def _scatter_dnums(gd):
    return SD(gd.offset_dims, gd.collapsed_slice_dims, gd.start_index_map,
              gd.operand_batching_dims, gd.start_indices_batching_dims)


@pytest.mark.parametrize("case", range(len(GATHER_CASES)))
@pytest.mark.parametrize("mode", ["drop", "clip", "promise_in_bounds"])
@pytest.mark.parametrize("op", sorted(_COMBINERS))
def test_scatter_matches_reference(case, mode, op):
    shape, indices, gd, sizes = GATHER_CASES[case]
    indices = np.asarray(indices, np.int32)
    scatter_op, combine = _COMBINERS[op]
    dn = _scatter_dnums(gd)
    operand = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) % 7
    update_shape = gather_reference(operand, indices, gd, sizes).shape
    updates = (np.arange(np.prod(update_shape), dtype=np.float32).reshape(update_shape) % 5
               - 2)
    # For plain scatter, which duplicate wins is unspecified in JAX; wax keeps the last
    # update, and the reference applies updates in order, so the last wins there too.
    got = scatter_op(arr(operand), indices, arr(updates), dn, mode=mode)
    want = scatter_reference(operand, indices, updates, dn, combine,
                             "clip" if mode == "clip" else "drop")
    np.testing.assert_array_equal(np.asarray(got), want)


def test_gather_xla_examples_by_hand():
    x = arr(np.arange(12).reshape(3, 4), np.int32)
    rows = lax.gather(x, np.array([[2], [0]]), GD((1,), (0,), (0,)), (1, 4))
    np.testing.assert_array_equal(np.asarray(rows), [[8, 9, 10, 11], [0, 1, 2, 3]])
    windows = lax.gather(x, np.array([[1, 1], [0, 2]]), GD((1, 2), (), (0, 1)), (2, 2))
    np.testing.assert_array_equal(np.asarray(windows), [[[5, 6], [9, 10]], [[2, 3], [6, 7]]])
    # offset dim before the batch dim: the window varies along output dim 0
    columns = lax.gather(x, np.array([[3], [1]]), GD((0,), (1,), (1,)), (3, 1))
    np.testing.assert_array_equal(np.asarray(columns), [[3, 1], [7, 5], [11, 9]])
    # start clamped so the (2, 3) window fits: (5, 5) -> (1, 1)
    clamped = lax.gather(x, np.array([5, 5]), GD((0, 1), (), (0, 1)), (2, 3))
    np.testing.assert_array_equal(np.asarray(clamped), [[5, 6, 7], [9, 10, 11]])
    # batching: row i picks its own column
    picks = lax.gather(x, np.array([[3], [0], [2]]), GD((), (1,), (1,), (0,), (0,)), (1, 1))
    np.testing.assert_array_equal(np.asarray(picks), [3, 4, 10])


def test_gather_fill_values_by_dtype():
    dn = GD((), (0,), (0,))
    idx = np.array([[1], [5]])
    assert np.isnan(np.asarray(lax.gather(arr([1.0, 2.0]), idx, dn, (1,), mode="fill"))[1])
    assert int(lax.gather(arr([1, 2], np.int32), idx, dn, (1,), mode="fill")[1]) == -2 ** 31
    assert int(lax.gather(arr([1, 2], np.uint8), idx, dn, (1,), mode="fill")[1]) == 255
    assert bool(lax.gather(arr([False, False]), idx, dn, (1,), mode="fill")[1]) is True
    custom = lax.gather(arr([1.0, 2.0]), idx, dn, (1,), mode="fill", fill_value=-7)
    np.testing.assert_array_equal(np.asarray(custom), [2.0, -7.0])


def test_gather_fill_fills_the_whole_window():
    x = arr(np.arange(5.0))
    # the window [4, 6) is partly in bounds: all of it is filled
    out = lax.gather(x, np.array([[3], [4]]), GD((1,), (), (0,)), (2,), mode="fill")
    np.testing.assert_array_equal(np.asarray(out), [[3.0, 4.0], [np.nan, np.nan]])


def test_gather_default_mode_clamps():
    x = arr(np.arange(5.0))
    assert float(lax.gather(x, np.array([20]), GD((), (0,), (0,)), (1,))) == 4.0
    assert float(lax.gather(x, np.array([-3]), GD((), (0,), (0,)), (1,))) == 0.0


def test_scatter_duplicates_accumulate():
    dn = SD((), (0,), (0,))
    idx = np.array([[1], [1], [3], [1]])
    out = lax.scatter_add(arr(np.zeros(5, np.float32)), idx, arr([1.0, 2.0, 3.0, 4.0]), dn)
    np.testing.assert_array_equal(np.asarray(out), [0, 7, 0, 3, 0])
    out = lax.scatter_mul(arr(np.ones(5, np.int32)), idx, arr([2, 3, 5, 7], np.int32), dn)
    np.testing.assert_array_equal(np.asarray(out), [1, 42, 1, 5, 1])
    out = lax.scatter_min(arr(np.zeros(5, np.float32)), idx, arr([1.0, -2.0, 3.0, -1.0]), dn)
    np.testing.assert_array_equal(np.asarray(out), [0, -2, 0, 0, 0])
    out = lax.scatter_sub(arr(np.zeros(5, np.int8)), idx, arr([1, 2, 3, 4], np.int8), dn)
    np.testing.assert_array_equal(np.asarray(out), [0, -7, 0, -3, 0])


def test_scatter_set_with_duplicates_writes_one_of_them():
    out = lax.scatter(arr(np.zeros(3, np.float32)), np.array([[1], [1]]), arr([5.0, 6.0]),
                      SD((), (0,), (0,)))
    assert float(out[1]) in (5.0, 6.0) and float(out[0]) == 0.0


def test_scatter_out_of_bounds_modes():
    dn = SD((1,), (), (0,))
    x = arr(np.zeros(5, np.float32))
    updates = arr([[1.0, 2.0], [3.0, 4.0]])
    idx = np.array([[0], [4]])  # the second window [4, 6) does not fit
    dropped = lax.scatter_add(x, idx, updates, dn)
    np.testing.assert_array_equal(np.asarray(dropped), [1, 2, 0, 0, 0])
    clipped = lax.scatter_add(x, idx, updates, dn, mode="clip")
    np.testing.assert_array_equal(np.asarray(clipped), [1, 2, 0, 3, 4])
    promised = lax.scatter_add(x, idx, updates, dn, mode="promise_in_bounds")
    np.testing.assert_array_equal(np.asarray(promised), [1, 2, 0, 0, 0])
    negative = lax.scatter(x, np.array([[-1]]), arr([[9.0, 9.0]]), dn)
    np.testing.assert_array_equal(np.asarray(negative), np.zeros(5))


def test_scatter_does_not_modify_its_operand():
    x = arr(np.zeros(3, np.float32))
    lax.scatter_add(x, np.array([[0]]), arr([1.0]), SD((), (0,), (0,)))
    np.testing.assert_array_equal(np.asarray(x), np.zeros(3))


def test_scatter_apply_applies_once_per_occurrence():
    dn = SD((), (0,), (0,))
    x = arr([1.0, 1.0, 1.0, 1.0])
    out = lax.scatter_apply(x, np.array([[1], [1], [2], [9]]), lambda v: lax.mul(v, 3.0), dn,
                            update_shape=(4,))
    np.testing.assert_array_equal(np.asarray(out), [1.0, 9.0, 3.0, 1.0])
    jitted = wax.jit(lambda x: lax.scatter_apply(x, np.array([[0]]), lax.neg, dn,
                                                 update_shape=(1,)))(x)
    np.testing.assert_array_equal(np.asarray(jitted), [-1.0, 1.0, 1.0, 1.0])


def test_scatter_int_overflow_wraps_silently(recwarn):
    out = lax.scatter_add(arr([120], np.int8), np.array([[0], [0]]), arr([5, 5], np.int8),
                          SD((), (0,), (0,)))
    assert int(out[0]) == -126
    assert not recwarn.list


# --- modes ---------------------------------------------------------------------------------

def test_gather_scatter_mode_from_any():
    assert GatherScatterMode.from_any(None) is GatherScatterMode.FILL_OR_DROP
    assert GatherScatterMode.from_any("fill") is GatherScatterMode.FILL_OR_DROP
    assert GatherScatterMode.from_any("drop") is GatherScatterMode.FILL_OR_DROP
    assert GatherScatterMode.from_any("clip") is GatherScatterMode.CLIP
    assert GatherScatterMode.from_any("promise_in_bounds") is \
        GatherScatterMode.PROMISE_IN_BOUNDS
    assert GatherScatterMode.from_any("one_hot") is GatherScatterMode.ONE_HOT
    mode = GatherScatterMode.CLIP
    assert GatherScatterMode.from_any(mode) is mode
    with pytest.raises(ValueError, match='Unknown gather mode "wrap"'):
        GatherScatterMode.from_any("wrap")


def test_mode_params_in_jaxpr():
    x = arr(np.arange(4.0))
    jaxpr = wax.make_jaxpr(lambda x: lax.gather(x, np.array([[1]]), GD((), (0,), (0,)),
                                                (1,)))(x)
    assert jaxpr.eqns[0].params["mode"] is GatherScatterMode.PROMISE_IN_BOUNDS
    assert jaxpr.eqns[0].params["fill_value"] is None
    jaxpr = wax.make_jaxpr(lambda x: lax.scatter_add(x, np.array([[1]]), arr([1.0]),
                                                     SD((), (0,), (0,))))(x)
    eqn = jaxpr.eqns[0]
    assert eqn.primitive.name == "scatter-add"
    assert eqn.params["mode"] is GatherScatterMode.FILL_OR_DROP
    assert eqn.params["update_jaxpr"] is None and eqn.params["update_consts"] == ()


def test_primitive_names():
    assert lax.scatter_p.name == "scatter"
    assert [p.name for p in (lax.scatter_add_p, lax.scatter_sub_p, lax.scatter_mul_p,
                             lax.scatter_min_p, lax.scatter_max_p)] == [
        "scatter-add", "scatter-sub", "scatter-mul", "scatter-min", "scatter-max"]
    assert lax.gather_p.name == "gather" and lax.dynamic_slice_p.name == "dynamic_slice"


# --- slice, dynamic_slice, dynamic_update_slice --------------------------------------------

def test_dynamic_slice_clamps_and_wraps():
    x = arr(np.arange(12).reshape(3, 4), np.int32)
    np.testing.assert_array_equal(np.asarray(lax.dynamic_slice(x, (1, 1), (2, 4))),
                                  [[4, 5, 6, 7], [8, 9, 10, 11]])
    np.testing.assert_array_equal(np.asarray(lax.dynamic_slice(x, (-1, -2), (1, 2))),
                                  [[10, 11]])
    np.testing.assert_array_equal(
        np.asarray(lax.dynamic_slice(x, (-1, -2), (1, 2), allow_negative_indices=False)),
        [[0, 1]])
    np.testing.assert_array_equal(np.asarray(lax.dynamic_slice_in_dim(arr(np.arange(5)), 4, 3)),
                                  [2, 3, 4])
    np.testing.assert_array_equal(
        np.asarray(lax.dynamic_slice(x, np.array([2, 3], np.int32), (1, 1))), [[11]])


def test_dynamic_slice_with_traced_indices():
    x = arr(np.arange(10.0))
    f = wax.jit(lambda x, i: lax.dynamic_slice(x, (i,), (3,)))
    for i, want in [(2, [2, 3, 4]), (9, [7, 8, 9]), (-2, [7, 8, 9]), (-20, [0, 1, 2])]:
        np.testing.assert_array_equal(np.asarray(f(x, i)), want)
    jaxpr = wax.make_jaxpr(lambda x, i: lax.dynamic_slice(x, (i,), (3,)))(x, 2)
    assert [e.primitive.name for e in jaxpr.eqns][-1] == "dynamic_slice"
    assert "select_n" in [e.primitive.name for e in jaxpr.eqns]


def test_dynamic_update_slice_clamps():
    x = arr(np.zeros(6, np.float32))
    y = arr(np.ones(3, np.float32))
    for start, want in [(2, [0, 0, 1, 1, 1, 0]), (5, [0, 0, 0, 1, 1, 1]),
                        (-1, [0, 0, 0, 1, 1, 1]), (-9, [1, 1, 1, 0, 0, 0])]:
        np.testing.assert_array_equal(np.asarray(lax.dynamic_update_slice(x, y, (start,))),
                                      want)
    out = lax.dynamic_update_index_in_dim(arr(np.zeros((3, 2), np.float32)), arr([1.0, 2.0]),
                                          10, 0)
    np.testing.assert_array_equal(np.asarray(out), [[0, 0], [0, 0], [1, 2]])
    traced = wax.jit(lambda x, y, i: lax.dynamic_update_slice(x, y, (i,)))(x, y, 4)
    np.testing.assert_array_equal(np.asarray(traced), [0, 0, 0, 1, 1, 1])


def test_weak_types_follow_the_operand():
    weak = lax.slice(_weak_vector(), (1,), (2,))
    assert weak.weak_type
    assert lax.dynamic_slice(_weak_vector(), (1,), (1,)).weak_type
    assert lax.gather(_weak_vector(), np.array([[0]]), GD((), (0,), (0,)), (1,)).weak_type
    assert lax.scatter_add(_weak_vector(), np.array([[0]]), _weak_vector()[:1],
                           SD((), (0,), (0,))).weak_type
    assert not lax.dynamic_update_slice(_weak_vector(), _weak_vector()[:1], (0,)).weak_type
    strong = arr(np.arange(3.0, dtype=np.float32))
    assert not lax.gather(strong, np.array([[0]]), GD((), (0,), (0,)), (1,)).weak_type


def _weak_vector():
    return wax.core.array.ArrayImpl(np.arange(3.0, dtype=np.float32), True)


def test_slice_views_are_copies():
    x = arr(np.arange(6.0))
    y = lax.slice(x, (1,), (3,))
    assert not np.shares_memory(np.asarray(y), np.asarray(x))


# --- errors -----------------------------------------------------------------------------

def test_slice_errors():
    x = arr(np.zeros((3, 4)))
    with pytest.raises(TypeError, match="slice start_indices must have length equal"):
        lax.slice(x, (0,), (1,))
    with pytest.raises(TypeError, match="slice limit_indices must be less than or equal"):
        lax.slice(x, (0, 0), (4, 4))
    with pytest.raises(TypeError, match="slice start_indices must be greater than or equal"):
        lax.slice(x, (-1, 0), (1, 1))
    with pytest.raises(TypeError, match="slice strides must be positive"):
        lax.slice(x, (0, 0), (1, 1), (0, 1))
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 3"):
        lax.index_in_dim(x, 5)


def test_dynamic_slice_errors():
    x = arr(np.zeros((3, 4)))
    with pytest.raises(TypeError, match="slice slice_sizes must be less than or equal"):
        lax.dynamic_slice(x, (0, 0), (4, 1))
    with pytest.raises(ValueError, match="Length of slice indices must match"):
        lax.dynamic_slice(x, (0,), (1, 1))
    with pytest.raises(TypeError, match="must be integers of the same type, got: int8, int32"):
        lax.dynamic_slice(x, (np.int8(1), 0), (1, 1))
    with pytest.raises(TypeError, match="must be integers of the same type"):
        lax.dynamic_slice(x, (0.5, 0), (1, 1))
    with pytest.raises(TypeError, match="update must have the same rank"):
        lax.dynamic_update_slice(x, arr(np.zeros(2)), (0, 0))
    with pytest.raises(TypeError, match="requires arguments to have the same dtypes"):
        lax.dynamic_update_slice(x, arr(np.zeros((1, 1), np.int32)), (0, 0))


def test_gather_errors():
    x = arr(np.zeros((3, 4), np.float32))
    dn = GD((1,), (0,), (0,))
    with pytest.raises(ValueError, match="indices must have an integer type"):
        lax.gather(x, np.array([[0.0]]), dn, (1, 4))
    with pytest.raises(TypeError, match="elements in start_index_map"):
        lax.gather(x, np.array([[0, 1]]), dn, (1, 4))
    with pytest.raises(TypeError, match="Gather op can only collapse slice dims with bound 1"):
        lax.gather(x, np.array([[0]]), dn, (2, 4))
    with pytest.raises(TypeError, match="Slice size at index 1 in gather op is out of range"):
        lax.gather(x, np.array([[0]]), dn, (1, 5))
    with pytest.raises(TypeError, match="offset_dims in gather op must be sorted"):
        lax.gather(x, np.array([[0]]), GD((1, 0), (), (0,)), (1, 4))
    with pytest.raises(TypeError, match="All components of the offset index"):
        lax.gather(x, np.array([[0]]), GD((1,), (), (0,)), (1, 4))
    with pytest.raises(TypeError, match="must be a GatherDimensionNumbers"):
        lax.gather(x, np.array([[0]]), ((1,), (0,), (0,)), (1, 4))


def test_scatter_errors():
    x = arr(np.zeros((3, 4), np.float32))
    dn = SD((1,), (0,), (0,))
    with pytest.raises(TypeError, match="Updates tensor must be of rank 2; got 1"):
        lax.scatter(x, np.array([[0]]), arr(np.zeros(4, np.float32)), dn)
    with pytest.raises(TypeError, match="Bounds of the scatter dimensions of updates"):
        lax.scatter(x, np.array([[0]]), arr(np.zeros((2, 4), np.float32)), dn)
    with pytest.raises(TypeError, match="requires arguments to have the same dtypes"):
        lax.scatter(x, np.array([[0]]), arr(np.zeros((1, 4), np.int32)), dn)
    with pytest.raises(TypeError, match="scatter-add does not accept dtype bool"):
        lax.scatter_add(arr(np.zeros(2, bool)), np.array([[0]]), arr([True]),
                        SD((), (0,), (0,)))
    with pytest.raises(ValueError, match="indices must have an integer type"):
        lax.scatter(x, np.array([[0.0]]), arr(np.zeros((1, 4), np.float32)), dn)


@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.bool_, np.uint8, np.complex64])
def test_gather_scatter_keep_dtype(dtype):
    x = arr(np.ones((3, 2)), dtype)
    idx = np.array([[2], [0]])
    got = lax.gather(x, idx, GD((1,), (0,), (0,)), (1, 2), mode="fill")
    assert got.dtype == np.dtype(dtype) and np.asarray(got).dtype == np.dtype(dtype)
    out = lax.scatter_max(x, idx, got, SD((1,), (0,), (0,)))
    assert np.asarray(out).dtype == np.dtype(dtype)


def test_gather_over_many_index_configurations_jits_like_eager():
    x = arr(np.arange(24.0).reshape(2, 3, 4))
    for offset, collapsed, start_map in [((1, 2), (0,), (0,)), ((0, 1), (2,), (2,)),
                                         ((1,), (0, 1), (1, 0))]:
        sizes = tuple(1 if d in collapsed else n for d, n in enumerate((2, 3, 4)))
        idx = np.zeros((2, len(start_map)), np.int32) + 1
        dn = GD(offset, collapsed, start_map)
        eager = lax.gather(x, idx, dn, sizes)
        jitted = wax.jit(lambda x: lax.gather(x, idx, dn, sizes))(x)
        np.testing.assert_array_equal(np.asarray(eager), np.asarray(jitted))
        np.testing.assert_array_equal(np.asarray(eager),
                                      gather_reference(np.asarray(x), idx, dn, sizes))


def test_one_hot_mode_reads_zero_out_of_bounds():
    out = lax.gather(arr([1.0, 2.0, 3.0]), np.array([[2], [3], [-1]]), GD((), (0,), (0,)), (1,),
                     mode="one_hot")
    np.testing.assert_array_equal(np.asarray(out), [3.0, 0.0, 0.0])
    taken = wtk.take_along_axis(arr([[1.0, 2.0], [3.0, 4.0]]), np.array([[1], [5]]), 1,
                                mode="one_hot")
    np.testing.assert_array_equal(np.asarray(taken), [[2.0], [0.0]])


def test_index_take_wraps_indices():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    i0, i1 = np.array([0, 1, 3]), np.array([2, -1, 5])
    got = lax.index_take(arr(x), (arr(i0), arr(i1)), (0, 2))
    np.testing.assert_array_equal(np.asarray(got), x[i0 % 2, :, i1 % 4])


# --- forward mode: facts recorded from JAX 0.10.2 ----------------------------------------

ROWS_1D = SD(update_window_dims=(), inserted_window_dims=(0,),
             scatter_dims_to_operand_dims=(0,))


def jvp_out(f, primals, tangents):
    _, t = wax.jvp(f, tuple(arr(p, np.float32) for p in primals),
                   tuple(arr(t, np.float32) for t in tangents))
    return np.asarray(t)


def test_slice_jvps():
    x, t = np.arange(4.0), [1.0, 2.0, 3.0, 4.0]
    np.testing.assert_array_equal(jvp_out(lambda x: lax.slice(x, (1,), (4,), (2,)), (x,), (t,)),
                                  [2.0, 4.0])
    np.testing.assert_array_equal(  # the start is clamped to 2 in the tangent too
        jvp_out(lambda x: lax.dynamic_slice(x, (np.int32(5),), (2,)), (x,), (t,)), [3.0, 4.0])
    np.testing.assert_array_equal(
        jvp_out(lambda x, u: lax.dynamic_update_slice(x, u, (1,)), (np.zeros(4), np.ones(2)),
                (np.arange(4.0), [10.0, 20.0])), [0.0, 10.0, 20.0, 3.0])
    np.testing.assert_array_equal(  # a constant update: zero tangent where it lands
        jvp_out(lambda x: lax.dynamic_update_slice(x, arr([1.0]), (2,)), (x,), (t,)),
        [1.0, 2.0, 0.0, 4.0])


def test_gather_jvp_fills_zero_tangents_out_of_bounds():
    dn = GD(offset_dims=(), collapsed_slice_dims=(0,), start_index_map=(0,))
    for fill in (None, 3.0):
        f = lambda x: lax.gather(x, np.array([[0], [7]]), dn, (1,), mode="fill",  # noqa: E731
                                 fill_value=fill)
        np.testing.assert_array_equal(jvp_out(f, ([1.0, 5.0, 0.0],), ([1.0, 1.0, 1.0],)),
                                      [1.0, 0.0])


def test_scatter_jvp_duplicates_take_the_last_update_tangent():
    idx = np.array([[0], [0], [1], [2]])
    f = lambda x, u: lax.scatter(x, idx, u, ROWS_1D)  # noqa: E731
    t = jvp_out(f, ([1.0, 5.0, 0.0], [1.0, 1.0, 5.0, -1.0]),
                ([10.0, 20.0, 30.0], [1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_array_equal(t, [2.0, 3.0, 4.0])  # JAX's value (wax: last wins)


@pytest.mark.parametrize("op, expected", [(lax.scatter_max, [13 / 3, 11.5, 30.0]),
                                          (lax.scatter_min, [13 / 3, 11.5, 4.0])])
def test_scatter_min_max_jvp_averages_tied_tangents(op, expected):
    # place 0: the operand and two updates tie at 1; place 1: the operand and one update
    # tie at 5; place 2: one side wins
    idx = np.array([[0], [0], [1], [2]])
    t = jvp_out(lambda x, u: op(x, idx, u, ROWS_1D), ([1.0, 5.0, 0.0], [1.0, 1.0, 5.0, -1.0]),
                ([10.0, 20.0, 30.0], [1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_allclose(t, expected, rtol=1e-6)


def test_scatter_jvps_share_the_out_of_bounds_mode():
    idx = np.array([[2], [0], [5]])
    primals, tangents = ([2.0, 3.0, 4.0], [5.0, 6.0, 7.0]), ([1.0, 10.0, 100.0], [1.0, 2.0, 3.0])
    # dropped update (default mode): JAX's [10, 10, 504]
    for unique in (True, False):
        f = lambda x, u: lax.scatter_mul(x, idx, u, ROWS_1D,  # noqa: E731
                                         unique_indices=unique)
        np.testing.assert_array_equal(jvp_out(f, primals, tangents), [10.0, 10.0, 504.0])
    f = lambda x, u: lax.scatter_add(x, idx, u, ROWS_1D, mode="clip")  # noqa: E731
    np.testing.assert_array_equal(jvp_out(f, primals, tangents), [3.0, 10.0, 104.0])
    # The clipped update 7 wins at place 2: its tangent (JAX 0.10.2 gives inf there,
    # because its rule's gather ignores the clip mode).
    f = lambda x, u: lax.scatter_max(x, idx, u, ROWS_1D, mode="clip")  # noqa: E731
    np.testing.assert_array_equal(jvp_out(f, primals, tangents), [2.0, 10.0, 3.0])


def test_scatter_mul_jvp_with_duplicates_and_zero_updates():
    # JAX implements only unique_indices=True here; wax uses the product rule:
    # out[i] = x[i] * prod(u at i), so d out[i] = dx prod + x sum_k du_k prod_{j != k} u_j.
    idx = np.array([[0], [0], [1], [0]])
    f = lambda x, u: lax.scatter_mul(x, idx, u, ROWS_1D)  # noqa: E731
    ones = ([1.0, 1.0], [1.0, 1.0, 1.0, 1.0])
    # place 0 gets 0 * 5 * 2 (one zero): d = 2 * (5 * 2) du_0 = 20; place 1: 4 + 3 * 1
    np.testing.assert_array_equal(jvp_out(f, ([2.0, 3.0], [0.0, 5.0, 4.0, 2.0]), ones),
                                  [20.0, 7.0])
    # two zeros at place 0: every term has a zero factor
    np.testing.assert_array_equal(jvp_out(f, ([2.0, 3.0], [0.0, 5.0, 4.0, 0.0]), ones),
                                  [0.0, 7.0])
    # no zeros: 2 * (5*2 + 3*2 + 3*5) + 1 * 30 = 92
    np.testing.assert_array_equal(jvp_out(f, ([2.0, 3.0], [3.0, 5.0, 4.0, 2.0]), ones),
                                  [92.0, 7.0])
    # a constant operand: the updates' term alone
    x = arr([2.0, 3.0], np.float32)
    np.testing.assert_array_equal(
        jvp_out(lambda u: lax.scatter_mul(x, idx, u, ROWS_1D), ([3.0, 5.0, 4.0, 2.0],),
                ([1.0, 1.0, 1.0, 1.0],)), [62.0, 3.0])


def test_scatter_apply_has_no_jvp():
    f = lambda x: wnp._IndexUpdateHelper(x)[np.array([0, 0, 2])].apply(jnp.sin)  # noqa: E731
    with pytest.raises(NotImplementedError, match="scatter_apply JVP not implemented"):
        wax.jvp(f, (arr([1.0, 2.0, 3.0], np.float32),), (arr([1.0, 1.0, 1.0], np.float32),))


# --- reverse mode: transpose rules (values recorded from JAX 0.10.2) ---------------------

def vjp_out(f, primals, ct):
    """The input cotangents of wax.vjp as NumPy (float32 inputs)."""
    _, pullback = wax.vjp(f, *(arr(p, np.float32) for p in primals))
    return tuple(np.asarray(c) for c in pullback(arr(ct, np.float32)))


def check_rev2(f, shapes, seed=0):
    from wax.test_util import check_grads
    rng = np.random.default_rng(seed)
    with wax.enable_x64():
        check_grads(f, [rng.standard_normal(s) for s in shapes], order=2, modes=("rev",))


I32 = np.int32


@pytest.mark.parametrize("op, shapes", [
    (lambda x: lax.slice(x, (1, 0), (5, 3), (2, 2)), [(6, 4)]),
    (lambda x: lax.slice(x, (1, 2), (1, 5), (3, 2)), [(4, 6)]),
    (lambda x: lax.slice(x, (0,), (7,), (3,)), [(8,)]),
    (lambda x: lax.dynamic_slice(x, (I32(1), I32(7)), (2, 2)), [(4, 4)]),
    (lambda x: lax.dynamic_slice(x, (I32(-1),), (3,)), [(5,)]),
    (lambda x, u: lax.dynamic_update_slice(x, u, (I32(1), I32(7))), [(4, 4), (2, 3)]),
    (lambda x: lax.dynamic_update_slice(x, jnp.ones(2), (I32(2),)), [(5,)]),
    (lambda u: lax.dynamic_update_slice(jnp.ones(5), u, (I32(9),)), [(2,)]),
], ids=["slice-strided", "slice-empty", "slice-stride-past-end", "dynamic_slice-clamped",
        "dynamic_slice-negative", "dus", "dus-operand", "dus-update-clamped"])
def test_slicing_reverse_mode_to_second_order(op, shapes):
    check_rev2(op, shapes)


@pytest.mark.parametrize("case", range(len(GATHER_CASES)))
@pytest.mark.parametrize("mode", ["clip", "fill", "one_hot"])
def test_gather_reverse_mode_to_second_order(case, mode):
    shape, indices, dn, sizes = GATHER_CASES[case]
    indices = np.asarray(indices, np.int32)
    check_rev2(lambda x: lax.gather(x, indices, dn, sizes, mode=mode), [shape])


SCATTER_GRAD_CASES = [  # operand shape, indices, dimension numbers, updates shape
    ((5,), [[0], [2], [7], [-1]], SD((), (0,), (0,)), (4,)),
    ((10, 5), [[0], [2], [12]], SD((1,), (0,), (0,)), (3, 3)),
    ((2, 5), [[[0], [2]], [[1], [6]]], SD((), (1,), (1,), (0,), (0,)), (2, 2)),
    ((5,), [[0], [2], [2], [0], [4]], ROWS_1D, (5,)),
    ((6, 3), [[1], [2]], SD((1, 2), (), (0,)), (2, 3, 2)),  # overlapping windows
]


@pytest.mark.parametrize("case", range(len(SCATTER_GRAD_CASES)))
@pytest.mark.parametrize("mode", ["clip", "fill"])
@pytest.mark.parametrize("op", [lax.scatter, lax.scatter_add, lax.scatter_sub, lax.scatter_mul])
def test_scatter_reverse_mode_to_second_order(case, mode, op):
    shape, indices, dn, updates_shape = SCATTER_GRAD_CASES[case]
    indices = np.asarray(indices, np.int32)
    check_rev2(lambda x, u: op(x, indices, u, dn, mode=mode), [shape, updates_shape])


def test_slice_transposes_put_the_cotangent_back():
    (t,) = vjp_out(lambda x: lax.slice(x, (1,), (6,), (2,)), (np.ones(6),), [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(t, [0.0, 1.0, 0.0, 2.0, 0.0, 3.0])
    (t,) = vjp_out(lambda x: lax.slice(x, (0, 1), (3, 4), (2, 2)), (np.ones((3, 4)),),
                   [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(t, [[0, 1, 0, 2], [0, 0, 0, 0], [0, 3, 0, 4]])
    # the start 5 is clamped to 3, in the transpose too
    (t,) = vjp_out(lambda x: lax.dynamic_slice(x, (I32(5),), (3,)), (np.ones(6),),
                   [10.0, 20.0, 30.0])
    np.testing.assert_array_equal(t, [0.0, 0.0, 0.0, 10.0, 20.0, 30.0])
    t_x, t_u = vjp_out(lambda x, u: lax.dynamic_update_slice(x, u, (I32(5),)),
                       (np.ones(6), np.ones(3)), np.arange(1.0, 7.0))
    np.testing.assert_array_equal(t_x, [1.0, 2.0, 3.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(t_u, [4.0, 5.0, 6.0])


def test_gather_transpose_accumulates_duplicates_and_follows_the_mode():
    dn = GD(offset_dims=(), collapsed_slice_dims=(0,), start_index_map=(0,))
    idx = np.array([[1], [1], [7]], np.int32)
    ct = [10.0, 20.0, 30.0]
    expected = {"clip": [0.0, 30.0, 0.0, 0.0, 0.0, 30.0],  # 7 was clamped to 5
                "fill": [0.0, 30.0, 0.0, 0.0, 0.0, 0.0],
                # JAX: the gather clamps but its transpose drops the index it promised
                "promise_in_bounds": [0.0, 30.0, 0.0, 0.0, 0.0, 0.0]}
    for mode, values in expected.items():
        (t,) = vjp_out(lambda x: lax.gather(x, idx, dn, (1,), mode=mode),  # noqa: B023
                       (np.ones(6),), ct)
        np.testing.assert_array_equal(t, values, err_msg=mode)
    (t,) = vjp_out(lambda x: x[np.array([0, 0, 3, -1])], (np.ones(6),), [0.0, 1.0, 2.0, 3.0])
    np.testing.assert_array_equal(t, [1.0, 0.0, 0.0, 2.0, 0.0, 3.0])
    closed = wax.make_jaxpr(wax.grad(lambda x: lax.gather(x, idx, dn, (1,)).sum()))(
        arr(np.ones(6), np.float32))
    assert [e.primitive.name for e in closed.eqns][-1] == "scatter-add"


def test_scatter_transposes():
    idx = np.array([[1], [1], [7]], np.int32)
    x, u = np.arange(1.0, 7.0), [10.0, 20.0, 30.0]
    w = np.linspace(1.0, 2.0, 6)
    # scatter-add/-sub: the operand gets ct, the updates ct at their place (dropped: 0)
    for op, sign in ((lax.scatter_add, 1.0), (lax.scatter_sub, -1.0)):
        t_x, t_u = vjp_out(lambda x, u: op(x, idx, u, ROWS_1D), (x, u), w)  # noqa: B023
        np.testing.assert_allclose(t_x, w)
        np.testing.assert_allclose(t_u, [sign * 1.2, sign * 1.2, 0.0], rtol=1e-6)
    # scatter with a repeated index: the overwritten update gets nothing, and nor does
    # the operand element underneath
    t_x, t_u = vjp_out(lambda x, u: lax.scatter(x, idx, u, ROWS_1D), (x, u), w)
    np.testing.assert_allclose(t_x, [1.0, 0.0, 1.4, 1.6, 1.8, 2.0], rtol=1e-6)
    np.testing.assert_allclose(t_u, [0.0, 1.2, 0.0], rtol=1e-6)
    t_x, t_u = vjp_out(lambda x, u: lax.scatter(x, idx, u, ROWS_1D, mode="clip"), (x, u), w)
    np.testing.assert_allclose(t_x, [1.0, 0.0, 1.4, 1.6, 1.8, 0.0], rtol=1e-6)
    np.testing.assert_allclose(t_u, [0.0, 1.2, 2.0], rtol=1e-6)
    t_x, t_u = vjp_out(lambda x, u: x.at[np.array([0, 0, 3])].set(u), (x, u), w)
    np.testing.assert_allclose(t_x, [0.0, 1.2, 1.4, 0.0, 1.8, 2.0], rtol=1e-6)
    np.testing.assert_allclose(t_u, [0.0, 1.0, 1.6], rtol=1e-6)


def test_scatter_mul_transpose_is_linear_in_one_operand_at_a_time():
    from wax.transforms.transpose import backward_pass
    idx = np.array([[0], [0], [2], [5]], np.int32)
    u = arr([2.0, 3.0, 4.0, 5.0], np.float32)
    ct = [arr([1.0, 10.0, 100.0, 1000.0], np.float32)]
    closed = wax.make_jaxpr(lambda x: lax.scatter_mul(x, idx, u, ROWS_1D))(u)
    (t,) = backward_pass(closed.jaxpr, closed.consts, [True], ct)
    np.testing.assert_array_equal(np.asarray(t), [6.0, 10.0, 400.0, 1000.0])
    x = arr([1.0, 2.0, 3.0, 4.0], np.float32)
    unique = np.array([[0], [2]], np.int32)
    closed = wax.make_jaxpr(lambda u: lax.scatter_mul(x, unique, u, ROWS_1D,
                                                      unique_indices=True))(u[:2])
    (t,) = backward_pass(closed.jaxpr, closed.consts, [True], ct)
    np.testing.assert_array_equal(np.asarray(t), [1.0, 300.0])
    closed = wax.make_jaxpr(lambda u: lax.scatter_mul(x, unique, u, ROWS_1D))(u[:2])
    with pytest.raises(NotImplementedError, match="only implemented if `unique_indices=True`"):
        backward_pass(closed.jaxpr, closed.consts, [True], ct)
