"""vmap of reductions, cumulative ops, sort/top_k and dot_general: what the op-record
table cannot state (mapped dimensions in the middle of operands, operands mapped at
different places, nested vmap, vmap of grad and grad of vmap, the staged program holding
one equation per primitive and no per-example loop, errors). Expected values come from
NumPy, looped over the batch."""
import numpy as np
import pytest

import wax
import wax.lax as lax
import wax.numpy as jnp

B = 3  # the batch size


def rand(shape, dtype=np.float32, seed=0):
    return np.random.default_rng(seed).uniform(-2, 2, size=shape).astype(dtype)


def mapped(examples, axis):
    """The batch of per-example NumPy arrays with its batch dimension at `axis`."""
    return jnp.asarray(np.stack(examples, axis=axis))


def eqn_names(fun, *args):
    return [eqn.primitive.name for eqn in wax.make_jaxpr(fun)(*args).jaxpr.eqns]


# --- reductions and argmax/argmin ---------------------------------------------------------

@pytest.mark.parametrize("in_axis", [0, 1, 2, 3])
@pytest.mark.parametrize("axes", [(0,), (2,), (1, 2), (2, 0), ()])
def test_reduce_sum_with_the_batch_dimension_anywhere(in_axis, axes):
    xs = [rand((2, 3, 4), seed=i) for i in range(B)]
    got = wax.vmap(lambda x: lax.reduce_sum(x, axes), in_axes=in_axis)(mapped(xs, in_axis))
    expected = np.stack([np.sum(x, axis=axes) for x in xs])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("reduce,ref", [(lax.reduce_max, np.max), (lax.reduce_min, np.min),
                                        (lax.reduce_prod, np.prod)])
def test_other_reductions_keep_the_batch_dimension_in_place(reduce, ref):
    xs = [rand((2, 3, 4), seed=i) for i in range(B)]
    # Mapped at 1 and reducing axis 0 of each example: the result's batch dimension is 0,
    # so the staged program is the one reduction, with no transpose before or after.
    fun = wax.vmap(lambda x: reduce(x, (0, 2)), in_axes=1, out_axes=0)
    x = mapped(xs, 1)
    assert eqn_names(fun, x) == [reduce.__name__]
    expected = np.stack([ref(x, axis=(0, 2)) for x in xs])
    np.testing.assert_allclose(np.asarray(fun(x)), expected, rtol=1e-5)


@pytest.mark.parametrize("reduce,ref", [(lax.reduce_and, np.logical_and.reduce),
                                        (lax.reduce_or, np.logical_or.reduce),
                                        (lax.reduce_xor, np.logical_xor.reduce)])
def test_logical_reductions(reduce, ref):
    rng = np.random.default_rng(1)
    xs = [rng.random((3, 4)) < 0.5 for _ in range(B)]
    got = wax.vmap(lambda x: reduce(x, (1,)), in_axes=1)(mapped(xs, 1))
    np.testing.assert_array_equal(np.asarray(got), np.stack([ref(x, axis=1) for x in xs]))


@pytest.mark.parametrize("in_axis", [0, 1, 2, 3])
@pytest.mark.parametrize("axis", [0, 1, 2])
@pytest.mark.parametrize("arg,ref", [(lax.argmax, np.argmax), (lax.argmin, np.argmin)])
def test_argmax_and_argmin_along_each_axis(arg, ref, axis, in_axis):
    # argmax takes one axis: each one is checked with the mapped dimension before, at and
    # after it. Small integers tie, so the first-occurrence rule is checked too.
    rng = np.random.default_rng(2)
    xs = [rng.integers(-2, 3, size=(3, 4, 5)).astype(np.int8) for _ in range(B)]
    got = wax.vmap(lambda x: arg(x, axis, np.int32), in_axes=in_axis)(mapped(xs, in_axis))
    assert got.dtype == np.int32
    np.testing.assert_array_equal(np.asarray(got), np.stack([ref(x, axis) for x in xs]))


def test_argmax_still_rejects_several_axes_under_vmap():
    x = jnp.asarray(rand((B, 2, 3)))
    with pytest.raises(TypeError, match="1-tuple"):
        wax.vmap(lambda x: lax.argmax_p.bind(x, axes=(0, 1), index_dtype=np.dtype("int32")))(x)


def test_nested_vmap_of_a_reduction():
    xs = rand((4, 2, 3, B))  # outer batch on axis 3, inner batch on axis 0 of the rest
    fun = wax.vmap(wax.vmap(lambda x: lax.reduce_max(x, (1,)), in_axes=0), in_axes=3)
    got = fun(jnp.asarray(xs))
    expected = np.stack([np.stack([np.max(xs[i, :, :, j], axis=1) for i in range(4)])
                         for j in range(B)])
    np.testing.assert_array_equal(np.asarray(got), expected)
    assert eqn_names(fun, jnp.asarray(xs)).count("reduce_max") == 1


# --- cumulative ops -----------------------------------------------------------------------

def _np_cumulative(accumulate, x, axis, reverse):
    if reverse:
        return np.flip(accumulate(np.flip(x, axis), axis=axis), axis)
    return accumulate(x, axis=axis)


@pytest.mark.parametrize("in_axis", [0, 1, 2])
@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("cumulative,accumulate", [
    (lax.cumsum, np.cumsum), (lax.cumprod, np.cumprod),
    (lax.cummax, np.maximum.accumulate), (lax.cummin, np.minimum.accumulate),
    (lax.cumlogsumexp, np.logaddexp.accumulate)])
def test_cumulative_ops_keep_the_batch_dimension(cumulative, accumulate, reverse, axis,
                                                 in_axis):
    xs = [rand((3, 4), seed=i) for i in range(B)]
    fun = wax.vmap(lambda x: cumulative(x, axis, reverse), in_axes=in_axis, out_axes=in_axis)
    x = mapped(xs, in_axis)
    assert eqn_names(fun, x) == [cumulative.__name__]  # no transpose in or out
    expected = np.stack([_np_cumulative(accumulate, x, axis, reverse) for x in xs], in_axis)
    np.testing.assert_allclose(np.asarray(fun(x)), expected, rtol=1e-5, atol=1e-6)


# --- sort and top_k -------------------------------------------------------------------

def _np_sort(operands, dimension, num_keys):
    order = np.lexsort(operands[:num_keys][::-1], axis=dimension)
    return [np.take_along_axis(x, order, axis=dimension) for x in operands]


@pytest.mark.parametrize("dimension", [0, 1])
@pytest.mark.parametrize("in_axes", [(1, None, 0), (None, 2, None), (0, 0, 2), (2, 1, 0)])
def test_sort_with_two_keys_and_an_unbatched_operand(in_axes, dimension):
    rng = np.random.default_rng(3)
    shape = (5, 4)
    examples = [[rng.integers(-1, 2, size=shape).astype(np.int32),  # ties in the first key
                 rng.uniform(-2, 2, size=shape).astype(np.float32),
                 rng.permutation(20).reshape(shape).astype(np.int32)] for _ in range(B)]
    for i, axis in enumerate(in_axes):
        if axis is None:  # an unmapped operand is the same in every example
            for example in examples[1:]:
                example[i] = examples[0][i]
    args = [jnp.asarray(examples[0][i]) if axis is None else
            mapped([ex[i] for ex in examples], axis) for i, axis in enumerate(in_axes)]
    fun = wax.vmap(lambda a, b, c: lax.sort((a, b, c), dimension=dimension, num_keys=2),
                   in_axes=in_axes)
    got = fun(*args)
    expected = [_np_sort(ex, dimension, 2) for ex in examples]
    for j in range(3):
        np.testing.assert_array_equal(np.asarray(got[j]),
                                      np.stack([e[j] for e in expected]))
    assert eqn_names(fun, *args).count("sort") == 1


def test_sort_keeps_the_first_batched_operands_dimension():
    # The first mapped operand stays as it is; the unmapped one is broadcast to its layout.
    keys = mapped([rand((4, 5), seed=i) for i in range(B)], 2)
    values = jnp.asarray(np.arange(20, dtype=np.int32).reshape(4, 5))
    fun = wax.vmap(lambda k, v: lax.sort_key_val(k, v, dimension=1), in_axes=(2, None),
                   out_axes=2)
    names = eqn_names(fun, keys, values)
    assert names.count("sort") == 1 and "transpose" not in names
    k, v = fun(keys, values)
    for i in range(B):
        order = np.argsort(np.asarray(keys)[:, :, i], axis=1, kind="stable")
        np.testing.assert_array_equal(np.asarray(k)[:, :, i],
                                      np.take_along_axis(np.asarray(keys)[:, :, i], order, 1))
        np.testing.assert_array_equal(np.asarray(v)[:, :, i],
                                      np.take_along_axis(np.asarray(values), order, 1))


def _np_top_k(x, k, axis):
    x = np.moveaxis(x, axis, -1)
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return (np.moveaxis(np.take_along_axis(x, order, -1), -1, axis),
            np.moveaxis(order, -1, axis).astype(np.int32))


@pytest.mark.parametrize("in_axis", [0, 1, 2])
@pytest.mark.parametrize("axis", [-1, 0])
def test_top_k_with_the_batch_dimension_last_or_first(axis, in_axis):
    xs = [rand((4, 5), seed=i) for i in range(B)]
    fun = wax.vmap(lambda x: lax.top_k(x, 2, axis=axis), in_axes=in_axis)
    values, indices = fun(mapped(xs, in_axis))
    for i, x in enumerate(xs):
        expected_values, expected_indices = _np_top_k(x, 2, axis)
        np.testing.assert_array_equal(np.asarray(values)[i], expected_values)
        np.testing.assert_array_equal(np.asarray(indices)[i], expected_indices)


# --- dot_general --------------------------------------------------------------------------

# Per example: lhs (3, 5, 2) and rhs (5, 4, 3); dot_general's own batch dimension is lhs's
# 1 and rhs's 0, the contraction lhs's 0 against rhs's 2: einsum "jbi,bkj->bik".
DNUMS = (((0,), (2,)), ((1,), (0,)))


def _dot_examples(lhs_shape, rhs_shape, lhs_axis, rhs_axis, rhs_seed):
    """Per-example operands (one repeated where unmapped) and the batched arguments."""
    lhs_examples = [rand(lhs_shape, seed=i) for i in range(B)]
    rhs_examples = [rand(rhs_shape, seed=rhs_seed + i) for i in range(B)]
    if lhs_axis is None:
        lhs_examples = [lhs_examples[0]] * B
    if rhs_axis is None:
        rhs_examples = [rhs_examples[0]] * B
    lhs = jnp.asarray(lhs_examples[0]) if lhs_axis is None else mapped(lhs_examples, lhs_axis)
    rhs = jnp.asarray(rhs_examples[0]) if rhs_axis is None else mapped(rhs_examples, rhs_axis)
    return lhs_examples, rhs_examples, lhs, rhs


@pytest.mark.parametrize("lhs_axis,rhs_axis", [
    (lhs, rhs) for lhs in [None, 0, 1, 2, 3] for rhs in [None, 1, 3]
    if lhs is not None or rhs is not None])
def test_dot_general_with_its_own_batch_dimensions(lhs_axis, rhs_axis):
    lhs_examples, rhs_examples, lhs, rhs = _dot_examples((3, 5, 2), (5, 4, 3), lhs_axis,
                                                         rhs_axis, rhs_seed=10)
    fun = wax.vmap(lambda a, b: lax.dot_general(a, b, DNUMS), in_axes=(lhs_axis, rhs_axis))
    got = fun(lhs, rhs)
    expected = np.stack([np.einsum("jbi,bkj->bik", a, b)
                         for a, b in zip(lhs_examples, rhs_examples)])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-5)
    # One dot_general on the whole batch; nothing is broadcast, and at most the one
    # transpose that moves the result's batch dimension to out_axes=0.
    names = eqn_names(fun, lhs, rhs)
    assert names.count("dot_general") == 1 and "broadcast_in_dim" not in names
    assert len(names) <= 2


@pytest.mark.parametrize("lhs_axis,rhs_axis,out_dim", [
    (1, None, 1),  # a free dimension of lhs between its other two free dimensions
    (3, None, 2),  # after both of lhs's free dimensions (and after its contracting one)
    (None, 0, 2),  # rhs's first free dimension: after lhs's two
    (None, 2, 3),
    (2, 1, 0),  # both mapped: a new leading batch dimension of dot_general
])
def test_dot_general_places_the_batch_dimension_without_transposes(lhs_axis, rhs_axis,
                                                                   out_dim):
    lhs_examples, rhs_examples, lhs, rhs = _dot_examples((2, 3, 4), (4, 5), lhs_axis,
                                                         rhs_axis, rhs_seed=20)
    dnums = (((2,), (0,)), ((), ()))
    fun = wax.vmap(lambda a, b: lax.dot_general(a, b, dnums), in_axes=(lhs_axis, rhs_axis),
                   out_axes=out_dim)
    assert eqn_names(fun, lhs, rhs) == ["dot_general"]
    expected = np.stack([np.einsum("ija,ak->ijk", a, b)
                         for a, b in zip(lhs_examples, rhs_examples)], out_dim)
    np.testing.assert_allclose(np.asarray(fun(lhs, rhs)), expected, rtol=1e-5, atol=1e-5)


def test_dot_general_keeps_preferred_element_type_and_precision():
    rng = np.random.default_rng(4)
    lhs = rng.integers(-100, 100, size=(B, 2, 3)).astype(np.int8)
    rhs = rng.integers(-100, 100, size=(3, 4, B)).astype(np.int8)
    fun = wax.vmap(lambda a, b: lax.dot_general(a, b, (((1,), (0,)), ((), ())),
                                                precision=lax.Precision.HIGHEST,
                                                preferred_element_type=np.int32),
                   in_axes=(0, 2))
    got = fun(jnp.asarray(lhs), jnp.asarray(rhs))
    assert got.dtype == np.int32  # and no int8 wraparound: the sums reach ~3e4
    expected = np.stack([lhs[i].astype(np.int32) @ rhs[:, :, i].astype(np.int32)
                         for i in range(B)])
    np.testing.assert_array_equal(np.asarray(got), expected)
    eqn, = wax.make_jaxpr(fun)(jnp.asarray(lhs), jnp.asarray(rhs)).jaxpr.eqns
    assert eqn.params["preferred_element_type"] == np.int32
    assert eqn.params["precision"] == (lax.Precision.HIGHEST, lax.Precision.HIGHEST)


@pytest.mark.parametrize("out_axes", [(1, 2), (0, 0)])
def test_nested_vmap_of_dot_general(out_axes):
    # The outer vmap maps rhs only, the inner one lhs only: every (i, j) pair is a matvec.
    # With out_axes where the rules put the batch dimensions, the program is one
    # dot_general and nothing else.
    lhs = rand((4, 3, 2))  # inner batch at axis 2
    rhs = rand((3, 5), seed=1)  # outer batch at axis 1
    inner_out, outer_out = out_axes
    inner = wax.vmap(lambda a, b: lax.dot(a, b), in_axes=(2, None), out_axes=inner_out)
    fun = wax.vmap(inner, in_axes=(None, 1), out_axes=outer_out)
    got = np.asarray(fun(jnp.asarray(lhs), jnp.asarray(rhs)))
    expected = np.stack([np.stack([lhs[:, :, i] @ rhs[:, j] for i in range(2)])
                         for j in range(5)])  # (outer, inner, 4)
    if out_axes == (1, 2):  # (4, inner, outer)
        expected = np.transpose(expected, (2, 1, 0))
        assert eqn_names(fun, jnp.asarray(lhs), jnp.asarray(rhs)) == ["dot_general"]
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_dot_general_contraction_mismatch_still_raises():
    lhs, rhs = jnp.asarray(rand((B, 2, 3))), jnp.asarray(rand((4, 5)))
    with pytest.raises(TypeError, match="contracting dimensions"):
        wax.vmap(lambda a, b: lax.dot_general(a, b, (((1,), (0,)), ((), ()))),
                 in_axes=(0, None))(lhs, rhs)


# --- jnp.matmul and jnp.einsum ---------------------------------------------------------

@pytest.mark.parametrize("in_axes,lhs_shape,rhs_shape", [
    ((0, None), (2, 3, 4), (4, 5)),
    ((1, 2), (2, 3, 4), (4, 5)),
    ((None, 0), (4,), (2, 4, 3)),
    ((2, 0), (3, 4), (4,)),
])
def test_vmap_of_matmul(in_axes, lhs_shape, rhs_shape):
    lhs_examples = [rand(lhs_shape, seed=i) for i in range(B)]
    rhs_examples = [rand(rhs_shape, seed=30 + i) for i in range(B)]
    lhs_axis, rhs_axis = in_axes
    if lhs_axis is None:
        lhs_examples = [lhs_examples[0]] * B
    if rhs_axis is None:
        rhs_examples = [rhs_examples[0]] * B
    lhs = jnp.asarray(lhs_examples[0]) if lhs_axis is None else mapped(lhs_examples, lhs_axis)
    rhs = jnp.asarray(rhs_examples[0]) if rhs_axis is None else mapped(rhs_examples, rhs_axis)
    got = wax.vmap(jnp.matmul, in_axes=in_axes)(lhs, rhs)
    expected = np.stack([np.matmul(a, b) for a, b in zip(lhs_examples, rhs_examples)])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("in_axes", [(0, None, 2), (1, 0, None), (None, 1, 0), (2, 2, 1)])
def test_vmap_of_a_three_operand_einsum(in_axes):
    shapes = [(2, 3), (3, 4), (4, 5)]
    examples = [[rand(s, seed=10 * i + j) for j, s in enumerate(shapes)] for i in range(B)]
    for j, axis in enumerate(in_axes):
        if axis is None:
            for example in examples[1:]:
                example[j] = examples[0][j]
    args = [jnp.asarray(examples[0][j]) if axis is None else
            mapped([ex[j] for ex in examples], axis) for j, axis in enumerate(in_axes)]
    fun = wax.vmap(lambda a, b, c: jnp.einsum("ij,jk,kl->il", a, b, c), in_axes=in_axes)
    got = fun(*args)
    expected = np.stack([np.einsum("ij,jk,kl->il", *ex) for ex in examples])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-5)
    assert eqn_names(fun, *args).count("dot_general") == 2


# --- with grad -----------------------------------------------------------------------

def test_vmap_of_grad_of_a_contraction_and_a_product():
    a = rand((4, 3), seed=5)
    xs = rand((B, 3), seed=6) + 3.0  # away from zero, so prod / x is the derivative

    def f(x):
        return lax.reduce_sum(lax.dot(jnp.asarray(a), x), (0,)) + lax.reduce_prod(x, (0,))

    got = wax.vmap(wax.grad(f))(jnp.asarray(xs))
    expected = np.stack([a.sum(0) + np.prod(x) / x for x in xs])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5)


def test_grad_of_vmap_of_dot_general_and_cumsum():
    # d/dA sum_b sum(cumsum(A @ x_b)) = sum_b outer(n - arange(n), x_b) for A of n rows.
    xs = rand((3, B), seed=7)  # mapped at 1
    a = rand((4, 3), seed=8)

    def loss(a):
        ys = wax.vmap(lambda x: lax.cumsum(lax.dot(a, x), 0), in_axes=1)(jnp.asarray(xs))
        return lax.reduce_sum(ys, (0, 1))

    got = wax.grad(loss)(jnp.asarray(a))
    weights = (4 - np.arange(4)).astype(np.float32)
    expected = sum(np.outer(weights, xs[:, i]) for i in range(B))
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5)


def test_vmap_of_grad_of_cumprod_and_cumlogsumexp():
    xs = rand((B, 4), seed=9)

    def f(x):
        return (lax.reduce_sum(lax.cumprod(x, 0), (0,))
                + lax.reduce_sum(lax.cumlogsumexp(x, 0, reverse=True), (0,)))

    got = wax.vmap(wax.grad(f), in_axes=0)(jnp.asarray(xs))
    for i, x in enumerate(xs.astype(np.float64)):
        # cumprod: d/dx_j sum_k prod_{i<=k} x_i = sum_{k>=j} prod_{i<=k, i!=j} x_i;
        # reversed cumlogsumexp: d/dx_j sum_k lse(x[k:]) = sum_{k<=j} softmax(x[k:])_j.
        n = len(x)
        d_prod = [sum(np.prod(np.delete(x[:k + 1], j)) for k in range(j, n))
                  for j in range(n)]
        d_lse = [sum(np.exp(x[j]) / np.exp(x[k:]).sum() for k in range(j + 1))
                 for j in range(n)]
        np.testing.assert_allclose(np.asarray(got)[i], np.add(d_prod, d_lse), rtol=1e-4)
