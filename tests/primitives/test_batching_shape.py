"""vmap of the shape and slicing primitives: what the op-record table cannot state
(dynamic_slice / dynamic_update_slice with each start index mapped or not, pad with a
mapped padding value, concatenate beside unmapped operands, reshape with `dimensions`,
nested vmap, vmap of grad and grad of vmap, the staged program holding one equation per
primitive and no per-example loop, errors). Expected values come from NumPy, looped over
the batch."""
import itertools

import numpy as np
import pytest

import wax
import wax.lax as lax
import wax.numpy as jnp
from records.shape import pad_ref

B = 4  # the batch size


def rand(shape, dtype=np.float32, seed=0):
    return np.random.default_rng(seed).uniform(-2, 2, size=shape).astype(dtype)


def mapped(examples, axis):
    """The batch of per-example NumPy arrays with its batch dimension at `axis` (None: the
    first example, unmapped)."""
    if axis is None:
        return jnp.asarray(examples[0])
    return jnp.asarray(np.stack(examples, axis=axis))


def members(examples, axis):
    """What each member of the batch sees: its own example, or the shared one."""
    return [examples[0] if axis is None else e for e in examples]


def eqn_names(fun, *args):
    return [eqn.primitive.name for eqn in wax.make_jaxpr(fun)(*args).jaxpr.eqns]


def clamped(start, size, dim):
    """A dynamic start as lax.dynamic_slice takes it: negative counts from the end, then
    the window is moved to fit."""
    start = int(start)
    if start < 0:
        start += dim
    return min(max(start, 0), dim - size)


def ref_dynamic_slice(x, starts, sizes):
    begin = [clamped(s, n, d) for s, n, d in zip(starts, sizes, x.shape)]
    return x[tuple(slice(b, b + n) for b, n in zip(begin, sizes))]


def ref_dynamic_update_slice(x, u, starts):
    out = x.copy()
    begin = [clamped(s, n, d) for s, n, d in zip(starts, u.shape, x.shape)]
    out[tuple(slice(b, b + n) for b, n in zip(begin, u.shape))] = u
    return out


# Per member: negative (counted from the end), in range, and past the end (clamped).
STARTS_I = [np.int32(s) for s in (-1, 0, 2, 9)]
STARTS_J = [np.int32(s) for s in (3, -5, 1, 0)]


def mapped_somewhere(*choices):
    """Every combination of in_axes drawn from `choices` (one list per operand) in which
    some operand is mapped."""
    return [c for c in itertools.product(*choices) if any(a is not None for a in c)]


# --- dynamic_slice -----------------------------------------------------------------------

@pytest.mark.parametrize("x_axis,i_axis,j_axis", mapped_somewhere([0, 1, None], [0, None],
                                                                   [0, None]))
def test_dynamic_slice_with_each_start_mapped_or_not(x_axis, i_axis, j_axis):
    xs = [rand((4, 5), seed=b) for b in range(B)]
    fun = wax.vmap(lambda x, i, j: lax.dynamic_slice(x, (i, j), (2, 3)),
                   in_axes=(x_axis, i_axis, j_axis))
    got = fun(mapped(xs, x_axis), mapped(STARTS_I, i_axis), mapped(STARTS_J, j_axis))
    expected = np.stack([ref_dynamic_slice(x, (i, j), (2, 3)) for x, i, j in zip(
        members(xs, x_axis), members(STARTS_I, i_axis), members(STARTS_J, j_axis))])
    np.testing.assert_array_equal(np.asarray(got), expected)


@pytest.mark.parametrize("index_dtype", [np.int8, np.uint8, np.int16])
def test_dynamic_slice_with_narrow_index_dtypes(index_dtype):
    # uint8 starts cannot be negative; 200 is past the end (clamped); int8 -128 wraps
    # once and is then clamped to 0.
    values = [0, 3, 200, 1] if index_dtype == np.uint8 else [-128, 3, 100, -2]
    starts = [index_dtype(v) for v in values]
    xs = [rand((6, 3), seed=b) for b in range(B)]
    got = wax.vmap(lambda x, i: lax.dynamic_slice_in_dim(x, i, 2, axis=0))(
        mapped(xs, 0), mapped(starts, 0))
    expected = np.stack([ref_dynamic_slice(x, (i, 0), (2, 3)) for x, i in zip(xs, starts)])
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_mapped_starts_give_one_gather_whatever_the_batch_size():
    fun = wax.vmap(lambda x, i, j: lax.dynamic_slice(x, (i, j), (2, 2)))
    programs = []
    for size in (2, 9):
        x = jnp.asarray(rand((size, 4, 5)))
        i = j = jnp.zeros((size,), jnp.int32)
        programs.append(eqn_names(fun, x, i, j))
    assert programs[0] == programs[1]  # no equation per member
    assert programs[0].count("gather") == 1 and "dynamic_slice" not in programs[0]


def test_unmapped_starts_keep_one_dynamic_slice_and_the_batch_dimension_in_place():
    xs = [rand((4, 5), seed=b) for b in range(B)]
    fun = wax.vmap(lambda x: lax.dynamic_slice(x, (1, -2), (2, 2)), in_axes=1, out_axes=1)
    assert eqn_names(fun, mapped(xs, 1)) == ["dynamic_slice"]
    expected = np.stack([ref_dynamic_slice(x, (1, -2), (2, 2)) for x in xs], axis=1)
    np.testing.assert_array_equal(np.asarray(fun(mapped(xs, 1))), expected)


def test_dynamic_slice_with_mapped_starts_still_checks_slice_sizes():
    x = jnp.asarray(rand((3, 4)))
    with pytest.raises(TypeError, match="slice_sizes"):
        wax.vmap(lambda i: lax.dynamic_slice(x, (i, 0), (5, 2)))(jnp.arange(B))


# --- dynamic_update_slice ----------------------------------------------------------------

@pytest.mark.parametrize("x_axis,u_axis,i_axis,j_axis",
                         mapped_somewhere([0, 2, None], [0, 1, None], [0, None], [0, None]))
def test_dynamic_update_slice_with_each_operand_mapped_or_not(x_axis, u_axis, i_axis, j_axis):
    xs = [rand((4, 5), seed=b) for b in range(B)]
    us = [rand((2, 3), seed=10 + b) for b in range(B)]
    fun = wax.vmap(lambda x, u, i, j: lax.dynamic_update_slice(x, u, (i, j)),
                   in_axes=(x_axis, u_axis, i_axis, j_axis))
    got = fun(mapped(xs, x_axis), mapped(us, u_axis), mapped(STARTS_I, i_axis),
              mapped(STARTS_J, j_axis))
    expected = np.stack([ref_dynamic_update_slice(x, u, (i, j)) for x, u, i, j in zip(
        members(xs, x_axis), members(us, u_axis), members(STARTS_I, i_axis),
        members(STARTS_J, j_axis))])
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_mapped_starts_give_one_scatter_whatever_the_batch_size():
    fun = wax.vmap(lambda x, u, i: lax.dynamic_update_slice_in_dim(x, u, i, 0),
                   in_axes=(None, 0, 0))
    programs = []
    for size in (2, 9):
        x = jnp.asarray(rand((4, 5)))
        u = jnp.asarray(rand((size, 2, 5)))
        programs.append(eqn_names(fun, x, u, jnp.zeros((size,), jnp.int32)))
    assert programs[0] == programs[1]
    assert programs[0].count("scatter") == 1 and "dynamic_update_slice" not in programs[0]


def test_dynamic_update_slice_weak_type_under_mapped_starts():
    # A weak operand with a strongly typed update is not weak (dynamic_update_slice's
    # rule), although a scatter alone would follow its operand.
    weak = lax.full((4, 5), 2.0)
    assert weak.weak_type
    us = [rand((2, 2), seed=b) for b in range(B)]
    fun = wax.vmap(lambda u, i: lax.dynamic_update_slice(weak, u, (i, 1)))
    got = fun(mapped(us, 0), mapped(STARTS_I, 0))
    per_member = [lax.dynamic_update_slice(weak, jnp.asarray(u), (i, 1))
                  for u, i in zip(us, STARTS_I)]
    assert got.weak_type == per_member[0].weak_type is False
    np.testing.assert_array_equal(np.asarray(got), np.stack([np.asarray(p)
                                                             for p in per_member]))
    # Everything weak, the starts included (Python ints as arrays): the result is weak.
    update, start = lax.full((1, 1), 7.0), lax.full((), 2)
    assert lax.dynamic_update_slice(weak, update, (start, start)).weak_type is True
    all_weak = wax.vmap(lambda i, j: lax.dynamic_update_slice(weak, update, (i, j)))(
        lax.full((B,), 2), lax.full((B,), 3))
    assert all_weak.weak_type is True
    expected = np.full((B, 4, 5), 2.0, np.float32)
    expected[:, 2, 3] = 7.0
    np.testing.assert_array_equal(np.asarray(all_weak), expected)


# --- pad ---------------------------------------------------------------------------------

CONFIG = ((1, -1, 1), (-1, 2, 2))


@pytest.mark.parametrize("x_axis", [0, 2, None])
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.bool_])
def test_pad_with_a_mapped_padding_value(x_axis, dtype):
    rng = np.random.default_rng(3)
    xs = [(rng.integers(-9, 9, size=(3, 4)) > 0 if dtype == np.bool_ else
           rng.integers(-9, 9, size=(3, 4))).astype(dtype) for _ in range(B)]
    values = [np.asarray(v, dtype) for v in ([True, False, True, False]
                                            if dtype == np.bool_ else [100, -7, 0, 55])]
    got = wax.vmap(lambda x, v: lax.pad(x, v, CONFIG), in_axes=(x_axis, 0), out_axes=1)(
        mapped(xs, x_axis), mapped(values, 0))
    expected = np.stack([pad_ref(x, v, CONFIG) for x, v in zip(members(xs, x_axis), values)],
                        axis=1)
    assert got.dtype == dtype
    np.testing.assert_array_equal(np.asarray(got), expected)


@pytest.mark.parametrize("value_weak", [False, True])
def test_pad_with_a_mapped_padding_value_keeps_the_weak_type(value_weak):
    x = lax.full((2, 3), 1.0)  # weak
    v = lax.full((B,), 5.0) if value_weak else jnp.arange(B, dtype=jnp.float32)
    got = wax.vmap(lambda v: lax.pad(x, v, ((1, 0, 0), (0, 1, 1))))(v)
    assert got.weak_type is value_weak
    assert lax.pad(x, v[0], ((1, 0, 0), (0, 1, 1))).weak_type is value_weak


def test_pad_with_an_unmapped_value_is_one_pad_in_place():
    xs = [rand((3, 4), seed=b) for b in range(B)]
    fun = wax.vmap(lambda x: lax.pad(x, np.float32(9), CONFIG), in_axes=2, out_axes=2)
    x = mapped(xs, 2)
    assert eqn_names(fun, x) == ["pad"]
    expected = np.stack([pad_ref(x, 9, CONFIG) for x in xs], axis=2)
    np.testing.assert_array_equal(np.asarray(fun(x)), expected)


# --- concatenate -------------------------------------------------------------------------

@pytest.mark.parametrize("in_axes", [(0, None, 2), (None, 1, None), (2, 2, 0), (None, None, 1)])
@pytest.mark.parametrize("dimension", [0, 1])
def test_concatenate_with_unmapped_operands(in_axes, dimension):
    shapes = [(2, 3), (2, 3), (2, 3)]
    shapes = [tuple(n + k if d == dimension else n for d, n in enumerate(s))
              for k, s in enumerate(shapes)]
    examples = [[rand(s, seed=10 * b + k) for b in range(B)] for k, s in enumerate(shapes)]
    fun = wax.vmap(lambda *xs: lax.concatenate(xs, dimension), in_axes=in_axes)
    got = fun(*[mapped(e, a) for e, a in zip(examples, in_axes)])
    per_member = zip(*[members(e, a) for e, a in zip(examples, in_axes)])
    expected = np.stack([np.concatenate(xs, dimension) for xs in per_member])
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_concatenate_moves_only_the_operands_mapped_elsewhere():
    xs = [[rand((2, 3), seed=10 * b + k) for b in range(B)] for k in range(4)]
    fun = wax.vmap(lambda a, b, c, d: lax.concatenate((a, b, c, d), 0),
                   in_axes=(2, None, 2, 0), out_axes=2)
    args = [mapped(e, a) for e, a in zip(xs, (2, None, 2, 0))]
    names = eqn_names(fun, *args)
    # The unmapped operand is broadcast, the one mapped at 0 transposed, the two mapped
    # at 2 (the majority) stay as they are, and the result is already batched at 2.
    assert sorted(names) == ["broadcast_in_dim", "concatenate", "transpose"]
    expected = np.stack([np.concatenate((a, xs[1][0], c, d), 0)
                         for a, c, d in zip(xs[0], xs[2], xs[3])], axis=2)
    np.testing.assert_array_equal(np.asarray(fun(*args)), expected)


# --- reshape, broadcast_in_dim and the other one-operand primitives ---------------------

@pytest.mark.parametrize("in_axis", [0, 1, 2, 3])
def test_reshape_with_dimensions_is_one_reshape(in_axis):
    xs = [rand((2, 3, 4), seed=b) for b in range(B)]
    fun = wax.vmap(lambda x: lax.reshape(x, (4, 6), dimensions=(2, 0, 1)), in_axes=in_axis)
    x = mapped(xs, in_axis)
    assert eqn_names(fun, x) == ["reshape"]  # the batch dimension moves inside it
    expected = np.stack([np.transpose(x, (2, 0, 1)).reshape(4, 6) for x in xs])
    np.testing.assert_array_equal(np.asarray(fun(x)), expected)


@pytest.mark.parametrize("in_axis,new_sizes,out_axis", [
    (2, (6, 4), 1),      # (2, 3 | 4) -> (6 | 4): the leading dimensions merge in place
    (1, (2, 12), 1),     # (2 | 3, 4) -> (2 | 12)
    (0, (24,), 0),
    (3, (3, 8), 2),      # (2, 3, 4 |) -> (3, 8 |): mapped last stays last
    (1, (1, 2, 12), 2),  # a leading size-1 dimension: the split point is after it
])
def test_reshape_keeps_the_batch_dimension_in_place(in_axis, new_sizes, out_axis):
    xs = [rand((2, 3, 4), seed=b) for b in range(B)]
    fun = wax.vmap(lambda x: lax.reshape(x, new_sizes), in_axes=in_axis, out_axes=out_axis)
    x = mapped(xs, in_axis)
    assert eqn_names(fun, x) == ["reshape"]
    expected = np.stack([x.reshape(new_sizes) for x in xs], axis=out_axis)
    np.testing.assert_array_equal(np.asarray(fun(x)), expected)


def test_reshape_that_regroups_across_the_batch_dimension():
    xs = [rand((2, 3, 4), seed=b) for b in range(B)]
    got = wax.vmap(lambda x: lax.reshape(x, (4, 6)), in_axes=1)(mapped(xs, 1))
    np.testing.assert_array_equal(np.asarray(got), np.stack([x.reshape(4, 6) for x in xs]))


@pytest.mark.parametrize("in_axis,out_axis", [(0, 0), (1, 1), (2, 3)])
def test_broadcast_in_dim_is_one_broadcast(in_axis, out_axis):
    # Operand dims (0, 1) go to output dims (0, 2) of (2, 4, 3, 5): the batch dimension
    # lands right after the output dimension its predecessor went to.
    xs = [rand((2, 3), seed=b) for b in range(B)]
    fun = wax.vmap(lambda x: lax.broadcast_in_dim(x, (2, 4, 3, 5), (0, 2)), in_axes=in_axis,
                   out_axes=out_axis)
    x = mapped(xs, in_axis)
    assert eqn_names(fun, x) == ["broadcast_in_dim"]
    expected = np.stack([np.broadcast_to(x[:, None, :, None], (2, 4, 3, 5)) for x in xs],
                        axis=out_axis)
    np.testing.assert_array_equal(np.asarray(fun(x)), expected)


ONE_OPERAND = [
    ("transpose", lambda x: lax.transpose(x, (2, 0, 1)), lambda x: np.transpose(x, (2, 0, 1))),
    ("squeeze", lambda x: lax.squeeze(x[:, :1], (1,)), lambda x: x[:, 0]),
    ("rev", lambda x: lax.rev(x, (0, 2)), lambda x: np.flip(x, (0, 2))),
    ("tile", lambda x: lax.tile(x, (2, 1, 3)), lambda x: np.tile(x, (2, 1, 3))),
    ("slice", lambda x: lax.slice(x, (1, 0, 1), (2, 3, 4), (1, 2, 2)),
     lambda x: x[1:2, 0:3:2, 1:4:2]),
    ("split", lambda x: lax.split(x, (1, 2), axis=1), lambda x: tuple(np.split(x, [1], 1))),
]


@pytest.mark.parametrize("name,op,ref", ONE_OPERAND, ids=[r[0] for r in ONE_OPERAND])
@pytest.mark.parametrize("in_axis", [0, 1, 2, 3])
@pytest.mark.parametrize("out_axis", [0, -1])
def test_one_operand_primitives_with_the_batch_dimension_anywhere(name, op, ref, in_axis,
                                                                   out_axis):
    xs = [rand((2, 3, 4), seed=b) for b in range(B)]
    got = wax.vmap(op, in_axes=in_axis, out_axes=out_axis)(mapped(xs, in_axis))
    per_member = [ref(x) for x in xs]
    if isinstance(got, (tuple, list)):
        for k, piece in enumerate(got):
            expected = np.stack([p[k] for p in per_member], axis=out_axis)
            np.testing.assert_array_equal(np.asarray(piece), expected)
    else:
        np.testing.assert_array_equal(np.asarray(got), np.stack(per_member, axis=out_axis))


@pytest.mark.parametrize("name,op,out_axis", [
    ("transpose", lambda x: lax.transpose(x, (2, 0, 1)), 2),
    ("squeeze", lambda x: lax.squeeze(x, (1,)), 1),
    ("rev", lambda x: lax.rev(x, (0, 2)), 2),
    ("tile", lambda x: lax.tile(x, (2, 1, 3)), 2),
    ("slice", lambda x: lax.slice(x, (1, 0, 1), (2, 1, 4)), 2),
    ("split", lambda x: lax.split(x, (1, 3), axis=2), 2),
])
def test_one_operand_primitives_keep_the_batch_dimension_in_place(name, op, out_axis):
    # Mapped at 2 of (2, 1, B, 4): the rule leaves the result's batch dimension at
    # `out_axis`, so asking for it there stages the one equation and nothing else.
    x = jnp.asarray(rand((2, 1, B, 4)))
    assert eqn_names(wax.vmap(op, in_axes=2, out_axes=out_axis), x) == [name]


def test_iota_beside_a_mapped_operand():
    xs = [rand((5,), seed=b) for b in range(B)]
    got = wax.vmap(lambda x: x * lax.iota(np.float32, 5))(mapped(xs, 0))
    np.testing.assert_allclose(np.asarray(got), np.stack([x * np.arange(5) for x in xs]))


# --- nested vmap -------------------------------------------------------------------------

def test_nested_vmap_of_dynamic_slice():
    # Outer over the operand, inner over the starts: every (operand, start) pair.
    xs = [rand((5, 3), seed=b) for b in range(3)]
    starts = [np.int32(s) for s in (-1, 0, 2, 4)]
    inner = wax.vmap(lambda x, i: lax.dynamic_slice(x, (i, 1), (2, 2)), in_axes=(None, 0))
    got = wax.vmap(inner, in_axes=(0, None))(mapped(xs, 0), mapped(starts, 0))
    expected = np.stack([np.stack([ref_dynamic_slice(x, (i, 1), (2, 2)) for i in starts])
                         for x in xs])
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_nested_vmap_of_dynamic_update_slice_over_updates_and_starts():
    x = rand((4, 5))
    us = [[rand((2, 2), seed=10 * a + b) for b in range(B)] for a in range(3)]
    starts = [[np.int32((a + 2 * b) % 5 - 1) for b in range(B)] for a in range(3)]
    fun = wax.vmap(wax.vmap(lambda u, i: lax.dynamic_update_slice(x, u, (1, i)),
                            in_axes=(1, 0)), in_axes=(0, 1))
    u_arg = jnp.asarray(np.stack([np.stack(row, 1) for row in us]))  # (3, 2, B, 2)
    i_arg = jnp.asarray(np.stack([np.stack(row) for row in starts], 1))  # (B, 3)
    got = fun(u_arg, i_arg)
    expected = np.stack([np.stack([ref_dynamic_update_slice(x, u, (1, i))
                                   for u, i in zip(us[a], starts[a])]) for a in range(3)])
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_nested_vmap_of_pad_with_mapped_values():
    xs = [rand((2, 3), seed=b) for b in range(3)]
    values = [np.float32(v) for v in (1, 2, 3, 4)]
    inner = wax.vmap(lambda x, v: lax.pad(x, v, ((1, 1, 1), (0, -1, 0))), in_axes=(None, 0))
    got = wax.vmap(inner, in_axes=(1, None), out_axes=1)(mapped(xs, 1), mapped(values, 0))
    expected = np.stack([np.stack([pad_ref(x, v, ((1, 1, 1), (0, -1, 0))) for v in values])
                         for x in xs], axis=1)
    np.testing.assert_array_equal(np.asarray(got), expected)


# --- with grad ---------------------------------------------------------------------------

W = rand((3,), seed=42)


def _window_grad(x_shape, start, size):
    """d/dx sum(dynamic_slice(x, (start,), (size,)) * W): W placed at the window."""
    out = np.zeros(x_shape, np.float32)
    b = clamped(start, size, x_shape[0])
    out[b:b + size] = W
    return out


def test_vmap_of_grad_of_dynamic_slice_with_mapped_starts():
    xs = [rand((6,), seed=b) for b in range(B)]
    f = lambda x, i: jnp.sum(lax.dynamic_slice(x, (i,), (3,)) * W)
    got = wax.vmap(wax.grad(f))(mapped(xs, 0), mapped(STARTS_I, 0))
    expected = np.stack([_window_grad((6,), i, 3) for i in STARTS_I])
    np.testing.assert_allclose(np.asarray(got), expected)


def test_grad_of_vmap_of_dynamic_slice_with_mapped_starts():
    xs = [rand((6,), seed=b) for b in range(B)]
    window_sum = lambda x, i: jnp.sum(lax.dynamic_slice(x, (i,), (3,)) * W)
    starts = mapped(STARTS_I, 0)
    loss = lambda xs: jnp.sum(wax.vmap(window_sum)(xs, starts))
    got = wax.grad(loss)(mapped(xs, 0))
    np.testing.assert_allclose(np.asarray(got),
                               np.stack([_window_grad((6,), i, 3) for i in STARTS_I]))
    # The operand unmapped: the members' gradients add up.
    shared = lambda x: jnp.sum(wax.vmap(window_sum, in_axes=(None, 0))(x, starts))
    got = wax.grad(shared)(jnp.asarray(xs[0]))
    np.testing.assert_allclose(np.asarray(got), sum(_window_grad((6,), i, 3)
                                                    for i in STARTS_I), rtol=1e-6)


def test_vmap_of_grad_and_grad_of_vmap_of_dynamic_update_slice():
    xs = [rand((6,), seed=b) for b in range(B)]
    us = [rand((3,), seed=10 + b) for b in range(B)]
    w = rand((6,), seed=7)
    f = lambda x, u, i: jnp.sum(lax.dynamic_update_slice(x, u, (i,)) * w)

    def expected_grads(i):
        b = clamped(i, 3, 6)
        gx = w.copy()
        gx[b:b + 3] = 0  # overwritten
        return gx, w[b:b + 3]

    expected = [expected_grads(i) for i in STARTS_I]
    args = (mapped(xs, 0), mapped(us, 0), mapped(STARTS_I, 0))
    gx, gu = wax.vmap(wax.grad(f, argnums=(0, 1)))(*args)
    np.testing.assert_allclose(np.asarray(gx), np.stack([e[0] for e in expected]))
    np.testing.assert_allclose(np.asarray(gu), np.stack([e[1] for e in expected]))
    gx, gu = wax.grad(lambda x, u, i: jnp.sum(wax.vmap(f)(x, u, i)), argnums=(0, 1))(*args)
    np.testing.assert_allclose(np.asarray(gx), np.stack([e[0] for e in expected]))
    np.testing.assert_allclose(np.asarray(gu), np.stack([e[1] for e in expected]))


def test_vmap_of_grad_and_grad_of_vmap_of_pad_with_mapped_values():
    config = ((1, -1, 1), (-1, 2, 1))
    w = rand(np.shape(pad_ref(np.zeros((3, 4)), 0, config)), seed=5)
    # Where each operand element lands (-1: padding), to read the gradients off w.
    places = pad_ref(np.arange(12).reshape(3, 4), -1, config)
    grad_x = np.array([w[places == k].sum() for k in range(12)], np.float32).reshape(3, 4)
    grad_v = np.float32(w[places == -1].sum())
    f = lambda x, v: jnp.sum(lax.pad(x, v, config) * w)
    xs = [rand((3, 4), seed=b) for b in range(B)]
    vs = [np.float32(b) for b in range(B)]
    args = (mapped(xs, 0), mapped(vs, 0))
    gx, gv = wax.vmap(wax.grad(f, argnums=(0, 1)))(*args)
    np.testing.assert_allclose(np.asarray(gx), np.stack([grad_x] * B), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(gv), np.full(B, grad_v), rtol=1e-5)
    gx, gv = wax.grad(lambda x, v: jnp.sum(wax.vmap(f, in_axes=(None, 0))(x, v)),
                      argnums=(0, 1))(jnp.asarray(xs[0]), args[1])
    np.testing.assert_allclose(np.asarray(gx), B * grad_x, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(gv), np.full(B, grad_v), rtol=1e-5)


def test_grad_of_vmap_of_reshape_concatenate_and_broadcast():
    xs = [rand((2, 3), seed=b) for b in range(B)]
    c = rand((2, 3), seed=99)
    w = rand((4, 3, 2), seed=3)

    def f(x):
        joined = lax.concatenate((x, c), 0)                          # (4, 3)
        moved = lax.reshape(joined, (4, 3), dimensions=(0, 1))
        return jnp.sum(lax.broadcast_in_dim(moved, (4, 3, 2), (0, 1)) * w)

    got = wax.grad(lambda xs: jnp.sum(wax.vmap(f, in_axes=1)(xs)))(mapped(xs, 1))
    expected = np.broadcast_to(w.sum(axis=2)[:2][:, None, :], (2, B, 3))
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6)


# --- errors ------------------------------------------------------------------------------

def test_errors_still_raise_under_vmap():
    x = jnp.asarray(rand((B, 2, 3)))
    with pytest.raises(TypeError, match="reshape total size"):
        wax.vmap(lambda x: lax.reshape(x, (5,)))(x)
    with pytest.raises(TypeError, match="concatenate"):
        wax.vmap(lambda x: lax.concatenate((x, jnp.zeros((3, 3), jnp.float32)), 1))(x)
    with pytest.raises(ValueError, match="squeeze"):
        wax.vmap(lambda x: lax.squeeze(x, (0,)))(x)
