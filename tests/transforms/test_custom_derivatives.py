"""custom_jvp and custom_vjp: the user's rules are used by jvp, grad and jit, as in JAX."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.test_util import check_grads


@wax.custom_jvp
def log1pexp(x):
    return jnp.log(1.0 + jnp.exp(x))


@log1pexp.defjvp
def _log1pexp_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return log1pexp(x), t * (1.0 - 1.0 / (1.0 + jnp.exp(x)))


def test_custom_jvp_gives_a_stable_gradient():
    # Without the rule, exp(100) overflows and the gradient is nan; JAX's docs' example.
    assert float(wax.grad(log1pexp)(100.0)) == 1.0
    assert float(wax.jit(wax.grad(log1pexp))(100.0)) == 1.0
    assert float(log1pexp(3.0)) == pytest.approx(np.log1p(np.exp(3.0)), rel=1e-6)
    _, t = wax.jvp(log1pexp, (1.0,), (2.0,))
    assert float(t) == pytest.approx(2 * (1 - 1 / (1 + np.e)), rel=1e-6)
    closed = wax.make_jaxpr(log1pexp)(1.0)
    assert [e.primitive.name for e in closed.eqns] == ["custom_jvp_call"]


def test_custom_jvp_numerically_and_defjvps_and_nondiff_argnums():
    with wax.enable_x64():
        check_grads(log1pexp, (np.array([0.3, -1.2, 2.0]),), order=2, modes=("fwd", "rev"))

    f = wax.custom_jvp(lambda x, y: jnp.sin(x) * y)
    f.defjvps(lambda t, ans, x, y: jnp.cos(x) * y * t, lambda t, ans, x, y: jnp.sin(x) * t)
    gx, gy = wax.grad(f, argnums=(0, 1))(0.5, 2.0)
    assert float(gx) == pytest.approx(np.cos(0.5) * 2.0, rel=1e-6)
    assert float(gy) == pytest.approx(np.sin(0.5), rel=1e-6)

    def scale(n, x):
        return x * n

    g = wax.custom_jvp(scale, nondiff_argnums=(0,))
    g.defjvp(lambda n, primals, tangents: (scale(n, primals[0]), tangents[0] * n * 10.0))
    assert float(wax.grad(lambda x: g(3, x))(1.0)) == 30.0  # the rule, not the function


@wax.custom_vjp
def clip_gradient(x):
    return x


clip_gradient.defvjp(lambda x: (x, None), lambda _, g: (jnp.clip(g, -0.5, 0.5),))


def test_custom_vjp_gradient_clipping():
    g = wax.grad(lambda x: jnp.sum(clip_gradient(x) * 3.0))(jnp.ones(3))
    np.testing.assert_array_equal(np.asarray(g), [0.5, 0.5, 0.5])
    g = wax.jit(wax.grad(lambda x: jnp.sum(clip_gradient(x) * 3.0)))(jnp.ones(3))
    np.testing.assert_array_equal(np.asarray(g), [0.5, 0.5, 0.5])
    np.testing.assert_array_equal(np.asarray(clip_gradient(jnp.ones(2))), [1.0, 1.0])


def test_custom_vjp_residuals_and_forward_mode_error():
    @wax.custom_vjp
    def f(x, y):
        return jnp.sin(x) * y

    f.defvjp(lambda x, y: (f(x, y), (jnp.cos(x), jnp.sin(x), y)),
             lambda res, g: (res[0] * res[2] * g, res[1] * g))
    with wax.enable_x64():
        check_grads(f, (np.array([0.3, 1.0]), np.array([2.0, -1.0])), order=1,
                    modes=("rev",))
    with pytest.raises(TypeError, match="can't apply forward-mode autodiff"):
        wax.jvp(f, (1.0, 2.0), (1.0, 0.0))


def test_custom_vjp_nondiff_argnums():
    def scale(n, x):
        return x * n

    f = wax.custom_vjp(scale, nondiff_argnums=(0,))
    f.defvjp(lambda n, x: (scale(n, x), None), lambda n, res, g: (g * n * 10.0,))
    assert float(f(3.0, 2.0)) == 6.0
    assert float(wax.grad(lambda x: f(3.0, x))(1.0)) == 30.0  # bwd's rule, with n passed
