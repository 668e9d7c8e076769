"""checkpoint (remat) with JAX's policies, and linearize."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.transforms.linearize import linearize_flat

W = jnp.asarray(np.random.default_rng(0).standard_normal((4, 4)).astype(np.float32))


def f(x):
    return jnp.sin(jnp.sin(x @ W) @ W)


POLICIES = [None, wax.checkpoint_policies.nothing_saveable,
            wax.checkpoint_policies.everything_saveable, wax.checkpoint_policies.dots_saveable,
            wax.checkpoint_policies.dots_with_no_batch_dims_saveable]


@pytest.mark.parametrize("policy", POLICIES)
def test_checkpoint_gives_the_same_gradients(policy):
    x = jnp.asarray(np.linspace(-1, 1, 4).astype(np.float32))
    loss = lambda x: jnp.sum(f(x))  # noqa: E731
    remat_loss = lambda x: jnp.sum(wax.checkpoint(f, policy=policy)(x))  # noqa: E731
    expected = np.asarray(wax.grad(loss)(x))
    np.testing.assert_allclose(np.asarray(wax.grad(remat_loss)(x)), expected, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(wax.jit(wax.grad(remat_loss))(x)), expected,
                               rtol=1e-5)
    np.testing.assert_array_equal(np.asarray(wax.checkpoint(f, policy=policy)(x)),
                                  np.asarray(f(x)))


def _residual_sizes(fun, x):
    _, closed, _ = linearize_flat(lambda x: [jnp.sum(fun(x))], [x])
    return sorted(int(np.prod(np.shape(c))) for c in closed.consts)


def test_nothing_saveable_stores_fewer_residuals():
    x = jnp.ones(4)
    plain = _residual_sizes(f, x)
    remat = _residual_sizes(wax.checkpoint(f), x)
    # Without checkpoint the linear program keeps cos(...) values and intermediates; with
    # nothing_saveable only the inputs it recomputes from (x and the captured W).
    assert remat == [4, 16]
    assert len(plain) > len(remat)
    dots = _residual_sizes(wax.checkpoint(f, policy=wax.checkpoint_policies.dots_saveable),
                           x)
    assert len(dots) == len(remat) + 2  # the two dot_general outputs are saved too


def test_checkpoint_appears_in_the_jaxpr_and_remat_alias():
    closed = wax.make_jaxpr(wax.remat(f))(jnp.ones(4))
    assert [e.primitive.name for e in closed.eqns] == ["remat2"]


def test_linearize_matches_jvp():
    x = jnp.asarray([0.3, 0.7, 1.1, -0.4])
    y, f_jvp = wax.linearize(f, x)
    t = jnp.asarray([1.0, 0.0, -1.0, 0.5])
    _, expected = wax.jvp(f, (x,), (t,))
    np.testing.assert_allclose(np.asarray(f_jvp(t)), np.asarray(expected), rtol=1e-5)
    np.testing.assert_allclose(np.asarray(y), np.asarray(f(x)), rtol=1e-6)


def test_linear_transpose():
    A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
    f = lambda x: jnp.asarray(A) @ x * 2.0  # noqa: E731
    f_t = wax.linear_transpose(f, jnp.ones(2))
    (ct,) = f_t(jnp.asarray([1.0, 0.0, -1.0]))
    np.testing.assert_allclose(np.asarray(ct), 2.0 * A.T @ np.array([1.0, 0.0, -1.0]))


def test_closure_convert_hoists_float_constants():
    w = jnp.asarray([2.0, 3.0])
    f = lambda x: jnp.sum(x * w)  # noqa: E731
    converted, consts = wax.closure_convert(f, jnp.ones(2))
    assert len(consts) == 1
    np.testing.assert_array_equal(np.asarray(consts[0]), [2.0, 3.0])
    assert float(converted(jnp.ones(2), jnp.asarray([10.0, 20.0]))) == 30.0
    assert float(wax.grad(converted, argnums=1)(jnp.ones(2), consts[0])[0]) == 1.0
