"""The smaller lax names: optimization_barrier, approximate top-k, ragged dots, dtype
helpers, tokens, platform dispatch, and the collectives built on psum/all_gather."""
import numpy as np
import pytest

import wax
from wax import lax

RNG = np.random.default_rng(0)


def test_optimization_barrier_is_the_identity_under_every_transformation():
    x = RNG.standard_normal(3).astype(np.float32)
    out = lax.optimization_barrier((x, 2.0))
    np.testing.assert_array_equal(np.asarray(out[0]), x)
    assert float(out[1]) == 2.0
    assert float(wax.grad(lambda v: lax.optimization_barrier(v * 3.0))(1.0)) == 3.0
    np.testing.assert_array_equal(np.asarray(wax.vmap(lax.optimization_barrier)(x)), x)
    names = [e.primitive.name for e in wax.make_jaxpr(lax.optimization_barrier)(x).eqns]
    assert names == ["optimization_barrier"]


def test_approx_top_k_is_exact_on_the_cpu():
    x = np.array([[3.0, 1.0, 4.0, 1.5], [5.0, 9.0, 2.0, 6.0]], np.float32)
    values, idx = lax.approx_max_k(x, 2)
    np.testing.assert_array_equal(np.asarray(values), [[4.0, 3.0], [9.0, 6.0]])
    np.testing.assert_array_equal(np.asarray(idx), [[2, 0], [1, 3]])
    values, idx = lax.approx_min_k(x, 1, reduction_dimension=0)
    np.testing.assert_array_equal(np.asarray(values), [[3.0, 1.0, 2.0, 1.5]])
    with pytest.raises(ValueError, match="k=5"):
        lax.approx_max_k(x, 5)


def test_ragged_dot_multiplies_each_group_by_its_matrix():
    lhs = RNG.standard_normal((6, 3)).astype(np.float32)
    rhs = RNG.standard_normal((3, 3, 4)).astype(np.float32)
    sizes = np.array([2, 0, 4], np.int32)
    ref = np.concatenate([lhs[:2] @ rhs[0], lhs[2:] @ rhs[2]])
    np.testing.assert_allclose(np.asarray(lax.ragged_dot(lhs, rhs, sizes)), ref, rtol=1e-5,
                               atol=1e-6)
    dn = lax.RaggedDotDimensionNumbers((((1,), (1,)), ((), ())), (0,), (0,))
    np.testing.assert_allclose(np.asarray(lax.ragged_dot_general(lhs, rhs, sizes, dn)), ref,
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(TypeError, match="ragged_dot expects"):
        lax.ragged_dot(lhs, rhs, sizes[:2])


def test_dtype_shape_tokens_and_platform_dispatch():
    assert lax.dtype(1.0) == np.float32 and lax.dtype(np.ones(2, np.int64)) == np.int32
    np.testing.assert_array_equal(np.asarray(lax.shape_as_value((2, 3))), [2, 3])
    token = lax.after_all(lax.create_token(), lax.create_token())
    assert isinstance(token, type(lax.create_token()))
    with pytest.raises(TypeError, match="after_all takes tokens"):
        lax.after_all(1.0)
    assert lax.platform_dependent(2.0, cpu=lambda v: v * 10, default=lambda v: v) == 20.0
    assert lax.platform_dependent(2.0, tpu=lambda v: v * 10, default=lambda v: -v) == -2.0
    x = np.ones(2, np.float32)
    assert lax.with_sharding_constraint(x, None) is x


def test_collectives_built_from_psum_and_all_gather():
    x = np.arange(4.0, dtype=np.float32)
    on_axis = lambda f: wax.vmap(f, axis_name="i")
    np.testing.assert_array_equal(np.asarray(on_axis(lambda v: lax.axis_size("i") * v)(x)),
                                  4 * x)
    np.testing.assert_array_equal(
        np.asarray(on_axis(lambda v: lax.pshuffle(v, "i", [3, 0, 1, 2]))(x)), [3, 0, 1, 2])
    np.testing.assert_array_equal(np.asarray(on_axis(lambda v: lax.pbroadcast(v, "i", 2))(x)),
                                  [2.0] * 4)
    y = np.arange(16.0, dtype=np.float32).reshape(4, 4)
    np.testing.assert_array_equal(np.asarray(on_axis(lambda v: lax.psum_scatter(v, "i"))(y)),
                                  y.sum(0))
    tiled = on_axis(lambda v: lax.psum_scatter(v, "i", tiled=True))(y)
    np.testing.assert_array_equal(np.asarray(tiled), y.sum(0)[:, None])
    np.testing.assert_array_equal(np.asarray(on_axis(lambda v: lax.pswapaxes(v, "i", 0))(y)),
                                  y.T)
    with pytest.raises(ValueError, match="permutation"):
        on_axis(lambda v: lax.pshuffle(v, "i", [0, 0, 1, 2]))(x)
