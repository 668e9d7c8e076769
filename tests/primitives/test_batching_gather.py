"""vmap of gather, the scatters and conv_general_dilated: what the op-record table cannot
state (indices batched alone, operands batched at different places, every combination of
batched operand / indices / updates, out-of-bounds modes, nested vmap, vmap of grad and
grad of vmap, the staged program holding one gather/scatter/conv and no per-example
loop, errors). Expected values come from NumPy or from a Python loop over the batch
(each example run unbatched)."""
import itertools

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from records.convolution import conv_reference
from wax import lax
from wax.lax import GatherDimensionNumbers as GD
from wax.lax import ScatterDimensionNumbers as SD
from wax.numpy import indexing as wnp

if not hasattr(wax.Array, "__getitem__"):
    wnp.attach(wax.Array)

B = 3  # the batch size


def rand(shape, seed=0, dtype=np.float32):
    return np.random.default_rng(seed).uniform(-2, 2, size=shape).astype(dtype)


def ints(shape, low, high, seed=0):
    return np.random.default_rng(seed + 100).integers(low, high, size=shape).astype(np.int32)


def distinct(shape, high, seed=0):
    """Indices without repeats in each example (the first axis is the batch)."""
    rng = np.random.default_rng(seed + 200)
    per = int(np.prod(shape[1:]))
    return np.stack([rng.permutation(high)[:per].reshape(shape[1:])
                     for _ in range(shape[0])]).astype(np.int32)


def batch_of(examples, axis):
    """Per-example arrays stacked at `axis` (None: the first example, unbatched)."""
    if axis is None:
        return examples[0]
    return np.stack(examples, axis=axis)


def loop(fun, examples, in_axes, out_axis=0):
    """fun run on each example separately (unmapped arguments: example 0's), stacked."""
    outs = []
    for b in range(len(examples[0])):
        args = [jnp.asarray(ex[0] if axis is None else ex[b])
                for ex, axis in zip(examples, in_axes)]
        outs.append(np.asarray(fun(*args)))
    return np.stack(outs, axis=out_axis)


def check(fun, examples, in_axes, out_axis=0, exact=True):
    """vmap(fun) over the examples batched at in_axes equals the loop over them."""
    args = [jnp.asarray(batch_of(ex, axis)) for ex, axis in zip(examples, in_axes)]
    got = wax.vmap(fun, in_axes=tuple(in_axes), out_axes=out_axis)(*args)
    expected = loop(fun, examples, in_axes, out_axis)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    if exact:
        np.testing.assert_array_equal(np.asarray(got), expected)
    else:
        np.testing.assert_allclose(np.asarray(got), expected, rtol=2e-5, atol=2e-5)
    return got


def eqns(fun, *args):
    return wax.make_jaxpr(fun)(*args).jaxpr.eqns


def eqn_names(fun, *args):
    return [eqn.primitive.name for eqn in eqns(fun, *args)]


def combos(n):
    """Every assignment of batched (an axis) / unbatched (None) to n operands, the
    batched ones alternating between axis 0 and the last axis; never all unbatched."""
    for mask in itertools.product([False, True], repeat=n):
        if any(mask):
            yield tuple((0 if i % 2 == 0 else -1) if m else None for i, m in enumerate(mask))


# --- gather ------------------------------------------------------------------------------

ROWS = GD(offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,))
WINDOWS = GD(offset_dims=(1, 2), collapsed_slice_dims=(), start_index_map=(0, 1))
# Per-row column picks, already with a pair of batching dimensions.
PICKS = GD(offset_dims=(), collapsed_slice_dims=(1,), start_index_map=(1,),
           operand_batching_dims=(0,), start_indices_batching_dims=(0,))
# Output (window row, index batch, window col): offset dims around the batch dim.
SPLIT = GD(offset_dims=(0, 2), collapsed_slice_dims=(), start_index_map=(1,))

GATHERS = {
    "rows": (ROWS, (1, 5), (4, 5), (6, 1), -1, 5),
    "windows": (WINDOWS, (2, 3), (4, 5), (2, 2), -1, 4),
    "picks": (PICKS, (1, 1), (4, 5), (4, 2, 1), 0, 5),
    "split": (SPLIT, (2, 2), (3, 5), (4, 1), -1, 5),
}


def _gather_case(name):
    dnums, sizes, operand_shape, indices_shape, low, high = GATHERS[name]
    operands = [rand(operand_shape, seed=b) for b in range(B)]
    indices = [ints(indices_shape, low, high, seed=b) for b in range(B)]

    def fun(x, i):
        return lax.gather(x, i, dnums, sizes)
    return fun, [operands, indices]


@pytest.mark.parametrize("name", list(GATHERS))
@pytest.mark.parametrize("operand_axis,indices_axis",
                         [a for a in itertools.product([None, 0, 1, 2], [None, 0, 1, -1])
                          if a != (None, None)])
@pytest.mark.parametrize("out_axis", [0, -1])
def test_gather_against_a_loop(name, operand_axis, indices_axis, out_axis):
    fun, examples = _gather_case(name)
    check(fun, examples, (operand_axis, indices_axis), out_axis)


@pytest.mark.parametrize("mode,fill_value", [("clip", None), ("fill", None), ("fill", -7.5),
                                             ("promise_in_bounds", None)])
@pytest.mark.parametrize("in_axes", list(combos(2)))
def test_gather_modes_with_out_of_bounds_indices(mode, fill_value, in_axes):
    operands = [rand((4, 5), seed=b) for b in range(B)]
    indices = [ints((6, 2), -2, 6, seed=b) for b in range(B)]
    if mode == "promise_in_bounds":  # out-of-bounds starts are clamped, like clip
        indices = [np.clip(i, 0, 2) for i in indices]

    def fun(x, i):
        return lax.gather(x, i, WINDOWS, (2, 3), mode=mode, fill_value=fill_value)
    got = check(fun, [operands, indices], in_axes)
    if mode == "fill" and fill_value is not None:  # the loop's fill is the batch's fill
        assert (np.asarray(got) == np.float32(fill_value)).any()


def test_gather_fill_value_of_integers():
    operands = [ints((4, 3), -9, 9, seed=b) for b in range(B)]
    indices = [ints((5, 1), -2, 6, seed=b) for b in range(B)]
    for in_axes in combos(2):
        got = check(lambda x, i: lax.gather(x, i, ROWS, (1, 3), mode="fill"),
                    [operands, indices], in_axes)
        assert (np.asarray(got) == np.iinfo(np.int32).min).any()


def test_gather_keeps_the_operand_batch_dimension_in_place():
    # Operand (4, B, 5) mapped at 1, rows gathered: the batch dim is the first window dim,
    # so the output has it first; one gather, no transpose.
    fun = wax.vmap(lambda x: lax.gather(x, np.array([[2], [0]], np.int32), ROWS, (1, 5)),
                   in_axes=1)
    x = jnp.asarray(rand((4, B, 5)))
    assert eqn_names(fun, x) == ["gather"]
    expected = np.stack([np.asarray(x)[[2, 0], b] for b in range(B)])
    np.testing.assert_array_equal(np.asarray(fun(x)), expected)


def test_gather_keeps_the_indices_batch_dimension_in_place():
    x = jnp.asarray(rand((4, 5)))
    i = jnp.asarray(ints((6, B, 1), 0, 4))
    fun = wax.vmap(lambda i: lax.gather(x, i, ROWS, (1, 5)), in_axes=1, out_axes=1)
    assert eqn_names(fun, i) == ["gather"]
    expected = np.asarray(x)[np.asarray(i)[..., 0]]
    np.testing.assert_array_equal(np.asarray(fun(i)), expected)


def test_gather_with_both_batched_uses_batching_dimensions():
    fun = wax.vmap(lambda x, i: lax.gather(x, i, ROWS, (1, 5)))
    x, i = jnp.asarray(rand((B, 4, 5))), jnp.asarray(ints((B, 6, 1), 0, 4))
    [eqn] = eqns(fun, x, i)
    dnums = eqn.params["dimension_numbers"]
    assert dnums.operand_batching_dims == (0,) and dnums.start_indices_batching_dims == (0,)
    assert eqn.params["slice_sizes"] == (1, 1, 5)
    expected = np.stack([np.asarray(x)[b][np.asarray(i)[b, :, 0]] for b in range(B)])
    np.testing.assert_array_equal(np.asarray(fun(x, i)), expected)


@pytest.mark.parametrize("in_axes,unique", [((0, None), True), ((None, 0), False),
                                            ((0, 0), True)])
def test_gather_index_flags(in_axes, unique):
    # Indices batched alone: members read the same operand, so their indices together may
    # repeat; the flags are dropped. Otherwise each member reads its own operand slice.
    x, i = jnp.asarray(rand((B, 4, 5))), jnp.asarray(np.array([[[0], [2]]] * B, np.int32))
    if in_axes[0] is None:
        x = x[0]
    if in_axes[1] is None:
        i = i[0]

    def fun(x, i):
        return lax.gather(x, i, ROWS, (1, 5), unique_indices=True, indices_are_sorted=True)
    [eqn] = eqns(wax.vmap(fun, in_axes=in_axes), x, i)
    assert eqn.params["unique_indices"] is unique
    assert eqn.params["indices_are_sorted"] is unique


def test_nested_vmap_of_gather():
    # Two vmaps, both batching operand and indices: two pairs of batching dimensions.
    xs = rand((2, B, 4, 5))
    idx = ints((B, 2, 3, 1), 0, 4)
    fun = wax.vmap(wax.vmap(lambda x, i: lax.gather(x, i, ROWS, (1, 5))), in_axes=(1, 0))
    got = fun(jnp.asarray(xs), jnp.asarray(idx))
    expected = np.stack([np.stack([xs[a, b][idx[b, a, :, 0]] for a in range(2)])
                         for b in range(B)])
    np.testing.assert_array_equal(np.asarray(got), expected)
    [eqn] = eqns(fun, jnp.asarray(xs), jnp.asarray(idx))
    assert len(eqn.params["dimension_numbers"].operand_batching_dims) == 2


def test_gather_with_a_batch_of_size_zero():
    fun = wax.vmap(lambda x, i: lax.gather(x, i, ROWS, (1, 5)))
    got = fun(jnp.zeros((0, 4, 5)), jnp.zeros((0, 6, 1), jnp.int32))
    assert got.shape == (0, 6, 5)


def test_gather_errors_are_the_unbatched_ones():
    x, i = jnp.asarray(rand((B, 4, 5))), jnp.asarray(ints((B, 6, 1), 0, 4))
    with pytest.raises(TypeError, match="Slice size at index 1 in gather op is out of range"):
        wax.vmap(lambda x, i: lax.gather(x, i, ROWS, (1, 6)))(x, i)
    with pytest.raises(ValueError, match="indices must have an integer type"):
        wax.vmap(lambda x, i: lax.gather(x, i, ROWS, (1, 5)))(x, i.astype(jnp.float32))


# --- scatter -----------------------------------------------------------------------------

ROW_UPDATES = SD(update_window_dims=(1,), inserted_window_dims=(0,),
                 scatter_dims_to_operand_dims=(0,))
SCATTERS = {"scatter": lax.scatter, "add": lax.scatter_add, "sub": lax.scatter_sub,
            "mul": lax.scatter_mul, "min": lax.scatter_min, "max": lax.scatter_max}


@pytest.mark.parametrize("name", list(SCATTERS))
@pytest.mark.parametrize("in_axes", list(combos(3)))
def test_scatter_against_a_loop(name, in_axes):
    op = SCATTERS[name]
    operands = [rand((5, 3), seed=b) for b in range(B)]
    # A plain scatter's result with repeated indices depends on the order of the writes.
    indices = (distinct((B, 4, 1), 5) if name == "scatter" else
               [ints((4, 1), 0, 5, seed=b) for b in range(B)])
    updates = [rand((4, 3), seed=10 + b) for b in range(B)]

    def fun(x, i, u):
        return op(x, i, u, ROW_UPDATES)
    check(fun, [operands, list(indices), updates], in_axes, exact=name != "mul")


@pytest.mark.parametrize("in_axes", list(combos(3)))
@pytest.mark.parametrize("mode", ["clip", "drop", "promise_in_bounds"])
@pytest.mark.parametrize("out_axis", [0, -1])
def test_scatter_windows_with_modes(in_axes, mode, out_axis):
    dnums = SD(update_window_dims=(0, 2), inserted_window_dims=(),
               scatter_dims_to_operand_dims=(0, 1))
    operands = [rand((4, 5), seed=b) for b in range(B)]
    indices = [ints((3, 2), -1, 5, seed=b) for b in range(B)]
    if mode == "promise_in_bounds":
        indices = [np.clip(i, 0, 2) for i in indices]
    updates = [rand((2, 3, 3), seed=10 + b) for b in range(B)]  # (window, scatter, window)

    def fun(x, i, u):
        return lax.scatter_add(x, i, u, dnums, mode=mode)
    check(fun, [operands, indices, updates], in_axes, out_axis, exact=False)


@pytest.mark.parametrize("in_axes", [(0, 0, 0), (None, 1, 0), (1, None, 2), (0, 1, None)])
def test_scatter_with_batching_dimensions_at_other_places(in_axes):
    # Operand (4, 5) with batching dim 0 paired with indices dim 1 of (2, 4, 1).
    dnums = SD(update_window_dims=(), inserted_window_dims=(1,),
               scatter_dims_to_operand_dims=(1,), operand_batching_dims=(0,),
               scatter_indices_batching_dims=(1,))
    operands = [rand((4, 5), seed=b) for b in range(B)]
    indices = [ints((2, 4, 1), 0, 5, seed=b) for b in range(B)]
    updates = [rand((2, 4), seed=10 + b) for b in range(B)]

    def fun(x, i, u):
        return lax.scatter_max(x, i, u, dnums)
    check(fun, [operands, indices, updates], in_axes)


def test_scatter_keeps_the_batch_dimension_in_place():
    # Operand (5, B, 3) mapped at 1: the batch comes before the window dim of size 3, so
    # updates (4, B, 3) mapped at 1 are in place too: one scatter, no transpose, no
    # broadcast.
    x = jnp.asarray(rand((5, B, 3)))
    u = jnp.asarray(rand((4, B, 3)))
    i = np.array([[1], [3], [1], [0]], np.int32)
    fun = wax.vmap(lambda x, u: lax.scatter_add(x, i, u, ROW_UPDATES), in_axes=(1, 1),
                   out_axes=1)
    assert eqn_names(fun, x, u) == ["scatter-add"]
    expected = np.asarray(x).copy()
    np.add.at(expected, i[:, 0], np.asarray(u))
    np.testing.assert_allclose(np.asarray(fun(x, u)), expected, rtol=1e-6)


def test_scatter_of_an_unbatched_operand_broadcasts_it_once():
    x = jnp.asarray(rand((5, 3)))
    u = jnp.asarray(rand((B, 4, 3)))
    i = np.array([[1], [3], [1], [0]], np.int32)
    fun = wax.vmap(lambda u: lax.scatter_add(x, i, u, ROW_UPDATES))
    assert eqn_names(fun, u) == ["broadcast_in_dim", "scatter-add"]
    expected = np.stack([np.asarray(x).copy() for _ in range(B)])
    for b in range(B):
        np.add.at(expected[b], i[:, 0], np.asarray(u)[b])
    np.testing.assert_allclose(np.asarray(fun(u)), expected, rtol=1e-6)


def test_scatter_apply_under_vmap():
    i = np.array([[1], [3], [1]], np.int32)
    dnums = SD(update_window_dims=(), inserted_window_dims=(0,),
               scatter_dims_to_operand_dims=(0,))
    xs = [rand((5,), seed=b) for b in range(B)]
    check(lambda x: lax.scatter_apply(x, i, lambda v: v * 2 + 1, dnums, update_shape=(3,)),
          [xs], (0,), exact=False)


def test_nested_vmap_of_scatter():
    xs, us = rand((2, B, 5, 3)), rand((B, 2, 4, 3), seed=1)
    idx = ints((B, 4, 1), 0, 5)
    inner = wax.vmap(lambda x, i, u: lax.scatter_add(x, i, u, ROW_UPDATES), in_axes=(0, None, 0))
    got = wax.vmap(inner, in_axes=(1, 0, 0))(jnp.asarray(xs), jnp.asarray(idx),
                                             jnp.asarray(us))
    expected = np.empty((B, 2, 5, 3), np.float32)
    for b, a in itertools.product(range(B), range(2)):
        expected[b, a] = xs[a, b]
        np.add.at(expected[b, a], idx[b, :, 0], us[b, a])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6)


def test_scatter_errors_are_the_unbatched_ones():
    x, u = jnp.asarray(rand((B, 5, 3))), jnp.asarray(rand((B, 4, 4)))
    i = np.array([[1], [3], [1], [0]], np.int32)
    for in_axes in combos(2):
        with pytest.raises(TypeError, match="Bounds of the window dimensions"):
            wax.vmap(lambda x, u: lax.scatter_add(x, i, u, ROW_UPDATES),
                     in_axes=tuple(0 if a is not None else None for a in in_axes))(
                x if in_axes[0] is not None else x[0], u if in_axes[1] is not None else u[0])
    with pytest.raises(TypeError, match="requires arguments to have the same dtypes"):
        wax.vmap(lambda x, u: lax.scatter_add(x, i, u, ROW_UPDATES))(
            x, jnp.asarray(rand((B, 4, 3))).astype(jnp.float16))


# --- NumPy indexing -------------------------------------------------------------------------

@pytest.mark.parametrize("in_axes", list(combos(2)))
def test_getitem_with_an_index_array(in_axes):
    xs = [rand((4, 5), seed=b) for b in range(B)]
    idx = [ints((2, 3), -4, 4, seed=b) for b in range(B)]
    check(lambda x, i: x[i], [xs, idx], in_axes)
    check(lambda x, i: x[1:, i[0]], [xs, idx], in_axes, out_axis=-1)


@pytest.mark.parametrize("in_axes", list(combos(3)))
def test_getitem_with_two_index_arrays(in_axes):
    xs = [rand((4, 3, 5), seed=b) for b in range(B)]
    rows = [ints((2,), 0, 4, seed=b) for b in range(B)]
    cols = [ints((3, 1), 0, 5, seed=b + 7) for b in range(B)]
    check(lambda x, i, j: x[i, :, j], [xs, rows, cols], in_axes)


@pytest.mark.parametrize("method", ["add", "set", "mul", "min", "max"])
@pytest.mark.parametrize("in_axes", list(combos(3)))
def test_at_updates(method, in_axes):
    xs = [rand((5, 3), seed=b) for b in range(B)]
    if method in ("set", "mul"):  # the result would depend on the order of repeats
        idx = list(distinct((B, 4), 5))
    else:
        idx = [ints((4,), -5, 5, seed=b) for b in range(B)]
    ups = [rand((4, 3), seed=10 + b) for b in range(B)]

    def fun(x, i, u):
        return getattr(x.at[i], method)(u)
    check(fun, [xs, idx, ups], in_axes, exact=method != "mul")


@pytest.mark.parametrize("in_axes", list(combos(3)))
def test_at_add_against_numpy(in_axes):
    # The same check against NumPy's ufunc.at rather than the unbatched wax.
    xs = [rand((3, 6), seed=b) for b in range(B)]
    idx = [ints((4,), 0, 6, seed=b) for b in range(B)]
    ups = [rand((3, 4), seed=10 + b) for b in range(B)]
    args = [jnp.asarray(batch_of(ex, axis)) for ex, axis in zip([xs, idx, ups], in_axes)]
    got = wax.vmap(lambda x, i, u: x.at[:, i].add(u), in_axes=in_axes)(*args)
    expected = []
    for b in range(B):
        x, i, u = (ex[0 if axis is None else b] for ex, axis in zip([xs, idx, ups], in_axes))
        out = x.copy()
        np.add.at(out, (slice(None), i), u)
        expected.append(out)
    np.testing.assert_allclose(np.asarray(got), np.stack(expected), rtol=1e-6)


@pytest.mark.parametrize("in_axes", list(combos(2)))
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_take_along_axis(in_axes, axis):
    xs = [rand((3, 5), seed=b) for b in range(B)]
    shape = (4, 5) if axis == 0 else (3, 4)
    idx = [ints(shape, 0, 3 if axis == 0 else 5, seed=b) for b in range(B)]
    args = [jnp.asarray(batch_of(ex, a)) for ex, a in zip([xs, idx], in_axes)]
    got = wax.vmap(lambda x, i: jnp.take_along_axis(x, i, axis), in_axes=in_axes)(*args)
    expected = np.stack([np.take_along_axis(xs[0 if in_axes[0] is None else b],
                                            idx[0 if in_axes[1] is None else b], axis)
                         for b in range(B)])
    np.testing.assert_array_equal(np.asarray(got), expected)


# --- autodiff and vmap ---------------------------------------------------------------------

def test_vmap_of_grad_of_gather():
    xs, idx = rand((B, 4, 5)), ints((B, 6, 1), 0, 4)

    def loss(x, i):
        return jnp.sum(lax.gather(x, i, ROWS, (1, 5)) ** 2)
    got = wax.vmap(wax.grad(loss))(jnp.asarray(xs), jnp.asarray(idx))
    expected = np.zeros_like(xs)
    for b in range(B):
        np.add.at(expected[b], idx[b, :, 0], 2 * xs[b][idx[b, :, 0]])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6)


def test_grad_of_vmap_of_gather():
    xs, idx = rand((B, 4, 5)), ints((B, 6, 1), 0, 4)

    def loss(x):
        return jnp.sum(wax.vmap(lambda x, i: lax.gather(x, i, ROWS, (1, 5)))(
            x, jnp.asarray(idx)) ** 3)
    got = wax.grad(loss)(jnp.asarray(xs))
    expected = np.zeros_like(xs)
    for b in range(B):
        np.add.at(expected[b], idx[b, :, 0], 3 * xs[b][idx[b, :, 0]] ** 2)
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5)


@pytest.mark.parametrize("name", ["add", "mul", "max", "scatter"])
def test_vmap_of_grad_of_scatter(name):
    op = SCATTERS[name]
    xs, us = rand((B, 5, 3)), rand((B, 4, 3), seed=1)
    idx = distinct((B, 4, 1), 5)

    def loss(x, u, i):
        return jnp.sum(jnp.sin(op(x, i, u, ROW_UPDATES)))
    got_x, got_u = wax.vmap(wax.grad(loss, argnums=(0, 1)))(
        jnp.asarray(xs), jnp.asarray(us), jnp.asarray(idx))
    for b in range(B):
        want_x, want_u = wax.grad(loss, argnums=(0, 1))(
            jnp.asarray(xs[b]), jnp.asarray(us[b]), jnp.asarray(idx[b]))
        np.testing.assert_allclose(np.asarray(got_x)[b], np.asarray(want_x), rtol=1e-5)
        np.testing.assert_allclose(np.asarray(got_u)[b], np.asarray(want_u), rtol=1e-5)


def test_grad_of_vmap_of_scatter_add_against_numpy():
    xs, us = rand((B, 5, 3)), rand((B, 4, 3), seed=1)
    idx = ints((B, 4, 1), 0, 5)

    def loss(x, u):
        out = wax.vmap(lambda x, i, u: lax.scatter_add(x, i, u, ROW_UPDATES))(
            x, jnp.asarray(idx), u)
        return jnp.sum(out ** 2)
    got_x, got_u = wax.grad(loss, argnums=(0, 1))(jnp.asarray(xs), jnp.asarray(us))
    outs = xs.copy()
    for b in range(B):
        np.add.at(outs[b], idx[b, :, 0], us[b])
    np.testing.assert_allclose(np.asarray(got_x), 2 * outs, rtol=1e-5)
    want_u = np.stack([2 * outs[b][idx[b, :, 0]] for b in range(B)])
    np.testing.assert_allclose(np.asarray(got_u), want_u, rtol=1e-5)


def test_jacobians_of_indexing_batch_their_basis():
    x = jnp.asarray(rand((5,)))
    i = np.array([3, 0, 3], np.int32)
    for jac in (wax.jacfwd, wax.jacrev):
        got = jac(lambda x: x[i] * 2)(x)
        expected = np.zeros((3, 5), np.float32)
        expected[np.arange(3), i] = 2
        np.testing.assert_array_equal(np.asarray(got), expected)


# --- convolution -----------------------------------------------------------------------------

CONVS = {
    # name: (lhs shape, rhs shape, strides, padding, params)
    "plain": ((2, 3, 5, 4), (4, 3, 3, 2), (1, 2), "SAME", {}),
    "feature-groups": ((2, 6, 5, 5), (4, 3, 3, 3), (1, 1), "VALID",
                       {"feature_group_count": 2}),
    "depthwise-nhwc": ((2, 5, 4, 3), (3, 2, 1, 6), (1, 1), "SAME",
                       {"dimension_numbers": ("NHWC", "HWIO", "NHWC"),
                        "feature_group_count": 3}),
    "batch-groups": ((4, 3, 5, 5), (6, 3, 2, 2), (1, 1), "VALID", {"batch_group_count": 2}),
    "batch-groups-permuted": ((6, 4, 3, 2), (2, 2, 2, 3), (1, 1), ((0, 1), (1, 0)),
                              {"dimension_numbers": ("NHWC", "HWIO", "CHNW"),
                               "batch_group_count": 3}),
    "dilated-layouts": ((2, 5, 4, 3), (3, 2, 4, 3), (1, 2), ((1, 0), (0, 1)),
                        {"dimension_numbers": ("NWHC", "IWOH", "WHCN"),
                         "lhs_dilation": (2, 1), "rhs_dilation": (1, 2)}),
}


def _conv_case(name):
    lhs_shape, rhs_shape, strides, padding, params = CONVS[name]

    def fun(lhs, rhs):
        return lax.conv_general_dilated(lhs, rhs, strides, padding, **params)

    ref_params = dict(params)
    if "dimension_numbers" in ref_params:
        ref_params["specs"] = ref_params.pop("dimension_numbers")

    def ref(lhs, rhs):
        return conv_reference(lhs, rhs, strides, padding, **ref_params)
    lhs = [rand(lhs_shape, seed=b) for b in range(B)]
    rhs = [rand(rhs_shape, seed=10 + b) for b in range(B)]
    return fun, ref, lhs, rhs


@pytest.mark.parametrize("name", list(CONVS))
@pytest.mark.parametrize("in_axes", [(0, None), (None, 0), (0, 0), (-1, None), (None, 2),
                                     (2, -1), (1, 1)])
@pytest.mark.parametrize("out_axis", [0, -1])
def test_conv_against_numpy(name, in_axes, out_axis):
    fun, ref, lhs, rhs = _conv_case(name)
    args = [jnp.asarray(batch_of(ex, axis)) for ex, axis in zip([lhs, rhs], in_axes)]
    got = wax.vmap(fun, in_axes=in_axes, out_axes=out_axis)(*args)
    expected = np.stack([ref(lhs[0 if in_axes[0] is None else b],
                             rhs[0 if in_axes[1] is None else b]) for b in range(B)],
                        axis=out_axis)
    np.testing.assert_allclose(np.asarray(got), expected, rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("in_axes", [(0, None), (None, 0), (0, 0)])
def test_conv_is_one_convolution(in_axes):
    fun, _, lhs, rhs = _conv_case("feature-groups")
    args = [jnp.asarray(batch_of(ex, axis)) for ex, axis in zip([lhs, rhs], in_axes)]
    staged = [e for e in eqns(wax.vmap(fun, in_axes=in_axes), *args)]
    convs = [e for e in staged if e.primitive.name == "conv_general_dilated"]
    assert len(convs) == 1
    assert {e.primitive.name for e in staged} <= {"conv_general_dilated", "reshape",
                                                 "transpose"}
    params = convs[0].params
    if in_axes == (0, 0):  # every member its own group
        assert params["feature_group_count"] == 2 * B
    else:
        assert params["feature_group_count"] == 2


def test_conv_both_batched_with_batch_groups_multiplies_them():
    fun, _, lhs, rhs = _conv_case("batch-groups")
    [conv] = [e for e in eqns(wax.vmap(fun), jnp.asarray(np.stack(lhs)),
                              jnp.asarray(np.stack(rhs)))
              if e.primitive.name == "conv_general_dilated"]
    assert conv.params["batch_group_count"] == 2 * B
    assert conv.params["feature_group_count"] == 1


def test_conv_integers_are_exact():
    lhs = [ints((2, 4, 5), -3, 4, seed=b) for b in range(B)]
    rhs = [ints((6, 2, 3), -3, 4, seed=10 + b) for b in range(B)]

    def fun(lhs, rhs):
        return lax.conv_general_dilated(lhs, rhs, (1,), "SAME", feature_group_count=2)
    for in_axes in combos(2):
        check(fun, [lhs, rhs], in_axes)


def test_nested_vmap_of_conv():
    lhs, rhs = rand((2, B, 1, 4, 6)), rand((B, 2, 6, 2, 3), seed=1)

    def fun(lhs, rhs):
        return lax.conv_general_dilated(lhs, rhs, (1,), "VALID", feature_group_count=2)
    got = wax.vmap(wax.vmap(fun), in_axes=(1, 0))(jnp.asarray(lhs), jnp.asarray(rhs))
    expected = np.stack([np.stack([conv_reference(lhs[a, b], rhs[b, a], (1,), "VALID",
                                                  feature_group_count=2) for a in range(2)])
                         for b in range(B)])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=2e-5, atol=2e-5)


def test_conv_with_a_batch_of_size_zero():
    fun, _, lhs, rhs = _conv_case("feature-groups")
    for in_axes in combos(2):
        args = [jnp.zeros((0,) + l.shape) if a is not None else jnp.asarray(l)
                for l, a in zip([lhs[0], rhs[0]], in_axes)]
        got = wax.vmap(fun, in_axes=tuple(0 if a is not None else None for a in in_axes))(
            *args)
        assert got.shape == (0,) + fun(jnp.asarray(lhs[0]), jnp.asarray(rhs[0])).shape


@pytest.mark.parametrize("in_axes", [(0, None), (None, 0), (0, 0)])
def test_vmap_of_grad_of_conv(in_axes):
    fun, _, lhs, rhs = _conv_case("feature-groups")

    def loss(lhs, rhs):
        return jnp.sum(jnp.tanh(fun(lhs, rhs)))
    args = [jnp.asarray(batch_of(ex, axis)) for ex, axis in zip([lhs, rhs], in_axes)]
    got = wax.vmap(wax.grad(loss, argnums=(0, 1)), in_axes=in_axes)(*args)
    for b in range(B):
        want = wax.grad(loss, argnums=(0, 1))(
            jnp.asarray(lhs[0 if in_axes[0] is None else b]),
            jnp.asarray(rhs[0 if in_axes[1] is None else b]))
        for g, w in zip(got, want):
            np.testing.assert_allclose(np.asarray(g)[b], np.asarray(w), rtol=1e-4, atol=1e-5)


def test_grad_of_vmap_of_conv():
    fun, _, lhs, rhs = _conv_case("batch-groups")
    lhs, rhs = jnp.asarray(np.stack(lhs)), jnp.asarray(np.stack(rhs))

    def loss(lhs, rhs):
        return jnp.sum(wax.vmap(fun)(lhs, rhs) ** 2)
    got = wax.grad(loss, argnums=(0, 1))(lhs, rhs)
    for b in range(B):
        want = wax.grad(lambda l, r: jnp.sum(fun(l, r) ** 2), argnums=(0, 1))(lhs[b], rhs[b])
        for g, w in zip(got, want):
            np.testing.assert_allclose(np.asarray(g)[b], np.asarray(w), rtol=1e-4, atol=1e-4)


def test_conv_errors_are_the_unbatched_ones():
    lhs, rhs = jnp.asarray(rand((B, 2, 5, 4))), jnp.asarray(rand((B, 4, 2, 3)))
    for in_axes in combos(2):
        l = lhs if in_axes[0] is not None else lhs[0]
        r = rhs if in_axes[1] is not None else rhs[0]
        with pytest.raises(ValueError, match="feature_group_count must divide lhs feature"):
            wax.vmap(lambda l, r: lax.conv_general_dilated(l, r, (1,), "VALID",
                                                           feature_group_count=3),
                     in_axes=tuple(0 if a is not None else None for a in in_axes))(l, r)


def test_scatter_into_a_transposed_or_broadcast_operand():
    # The impl copies its operand before writing through a flat view; a copy that kept a
    # transposed or stride-0 layout would drop every write (vmap broadcasts operands).
    x = rand((3, 5))
    i = np.array([[1], [3], [1]], np.int32)
    u = rand((3, 3), seed=1)
    dnums = SD(update_window_dims=(1,), inserted_window_dims=(0,),
               scatter_dims_to_operand_dims=(0,))
    for operand in (jnp.asarray(x).T, jnp.broadcast_to(jnp.asarray(x[:1].T), (5, 3))):
        expected = np.asarray(operand).copy()
        np.add.at(expected, i[:, 0], u)
        got = lax.scatter_add(operand, i, u, dnums)
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6)
