"""Reverse mode: vjp (linearize + transpose), grad and value_and_grad, on the primitives
that have transpose rules so far; check_grads' reverse mode against finite differences."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.test_util import check_grads

RNG = np.random.default_rng(0)
W = RNG.standard_normal((3, 4))
X = RNG.standard_normal(3)

FUNCTIONS = {
    "sin_sum": (lambda x: jnp.sum(jnp.sin(x) * x), (X,)),
    "tanh_matmul": (lambda w, x: jnp.sum(jnp.tanh(x @ w) ** 2), (W, X)),
    "broadcast_and_reshape": (lambda w, x: jnp.reshape(w + x[:, None], (4, 3)).T * 2.0,
                              (W, X)),
    "divide_and_exp": (lambda x, y: jnp.exp(x / (y * y + 1.0)), (X, X[::-1])),
    "where_maximum": (lambda x: jnp.where(x > 0, x, 0.1 * x) + jnp.maximum(x, 0.3), (X,)),
    "mean_of_squares": (lambda w: jnp.mean(w ** 2, axis=0), (W,)),
    "einsum_batch": (lambda a, b: jnp.einsum("ij,ik->jk", a, b), (W, W[:, ::-1])),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_check_grads_reverse_order_2(name):
    f, args = FUNCTIONS[name]
    with wax.enable_x64():
        check_grads(f, args, order=2, modes=("rev", "fwd"))


def test_grad_matches_analytic():
    x = jnp.asarray([0.5, 1.0, 2.0])
    g = wax.grad(lambda x: jnp.sum(jnp.sin(x) * x))(x)
    np.testing.assert_allclose(np.asarray(g), np.cos([0.5, 1, 2]) * [0.5, 1, 2] +
                               np.sin([0.5, 1, 2]), rtol=1e-5)
    assert float(wax.grad(lambda x: x ** 3)(2.0)) == 12.0


def test_seed_article_abs_through_python_control_flow():
    def abs_val(x):
        if x > 0:
            return x
        return -x

    abs_val_grad = wax.grad(abs_val)
    assert float(abs_val_grad(1.0)) == 1.0
    assert float(abs_val_grad(-1.0)) == -1.0


def test_higher_order_tanh():
    f = jnp.tanh
    d4 = wax.grad(wax.grad(wax.grad(wax.grad(f))))
    t = np.tanh(0.5)
    # d^4/dx^4 tanh = -8 t (1 - t^2)(2 - 3 t^2) ... computed: 16 t (1-t^2)(... ) -- use
    # finite differences of the third derivative instead of a closed form.
    d3 = wax.grad(wax.grad(wax.grad(f)))
    numeric = (float(d3(0.5 + 1e-3)) - float(d3(0.5 - 1e-3))) / 2e-3
    assert float(d4(0.5)) == pytest.approx(numeric, rel=1e-2)
    assert float(wax.grad(f)(0.5)) == pytest.approx(1 - t * t, rel=1e-6)


def test_argnums_has_aux_and_value_and_grad():
    def loss(w, x):
        y = jnp.tanh(x @ w)
        return jnp.sum(y ** 2), y

    (value, aux), (gw, gx) = wax.value_and_grad(loss, argnums=(0, 1), has_aux=True)(
        jnp.asarray(W, np.float32), jnp.asarray(X, np.float32))
    assert gw.shape == (3, 4) and gx.shape == (3,) and aux.shape == (4,)
    assert float(value) == pytest.approx(float(jnp.sum(aux ** 2)))
    params = {"w": jnp.asarray(W, np.float32), "b": jnp.zeros(4)}
    grads = wax.grad(lambda p: jnp.sum(jnp.tanh(jnp.asarray(X, np.float32) @ p["w"] +
                                                p["b"])))(params)
    assert set(grads) == {"w", "b"} and grads["b"].shape == (4,)


def test_grad_inside_and_outside_jit():
    f = lambda x: jnp.sum(jnp.sin(x) ** 2)  # noqa: E731
    x = jnp.asarray([0.1, 0.2, 0.3])
    eager = wax.grad(f)(x)
    np.testing.assert_allclose(np.asarray(wax.jit(wax.grad(f))(x)), np.asarray(eager),
                               rtol=1e-6)
    np.testing.assert_allclose(np.asarray(wax.grad(wax.jit(f))(x)), np.asarray(eager),
                               rtol=1e-6)


def test_grad_errors_like_jax():
    with pytest.raises(TypeError, match="Gradient only defined for scalar-output functions"):
        wax.grad(jnp.sin)(jnp.ones(3))
    with pytest.raises(TypeError, match="grad requires real- or complex-valued inputs"):
        wax.grad(lambda n: n * 2.0)(3)
    with pytest.raises(TypeError, match="grad requires real-valued outputs"):
        wax.grad(lambda x: x * 1j)(1.0)
    assert wax.grad(lambda x, n: x * n, allow_int=True, argnums=(0, 1))(2.0, 3)[1].dtype == \
        wax.dtypes.float0


def test_reverse_mode_through_jit_to_order_2():
    f = wax.jit(lambda x: jnp.sin(x) * jnp.exp(x))
    with wax.enable_x64():
        check_grads(f, (np.array([0.5, 1.0, -0.3]),), order=2, modes=("rev", "fwd"))


def test_jacobians_and_hessian():
    x = np.array([0.1, 0.2, 0.3])
    with wax.enable_x64():
        f = lambda x: jnp.sin(x) * x[::-1]  # noqa: E731
        expected = np.diag(np.cos(x) * x[::-1]) + np.array(
            [[0, 0, np.sin(x[0])], [0, np.sin(x[1]), 0], [np.sin(x[2]), 0, 0]])
        np.testing.assert_allclose(np.asarray(wax.jacfwd(f)(x)), expected, rtol=1e-12)
        np.testing.assert_allclose(np.asarray(wax.jacrev(f)(x)), expected, rtol=1e-12)
        h = wax.hessian(lambda x: jnp.sum(x ** 4))(x)
        np.testing.assert_allclose(np.asarray(h), np.diag(12 * x ** 2), rtol=1e-12)
    tree = wax.jacrev(lambda d: {"y": d["a"] * d["b"]})({"a": jnp.ones(2), "b": jnp.ones(2)})
    assert tree["y"]["a"].shape == (2, 2) and tree["y"]["b"].shape == (2, 2)


def test_where_nan_and_kink_conventions_follow_jax():
    # JAX_SURFACE.md §2.5 and §2.11, measured with JAX 0.10.2: the unselected branch of a
    # where gets an exact zero cotangent, so log's 0/0 shows up as nan at x == 0.
    g = wax.grad(lambda x: jnp.where(x > 0, jnp.log(x), 0.0))
    assert np.isnan(float(g(0.0)))
    assert float(g(-1.0)) == 0.0 and np.signbit(float(g(-1.0)))
    assert float(g(2.0)) == 0.5
    assert float(wax.grad(jnp.abs)(0.0)) == 1.0
    assert float(wax.grad(jnp.sqrt)(0.0)) == np.inf
    np.testing.assert_array_equal(np.asarray(wax.grad(jnp.max)(jnp.asarray([1.0, 1.0, 0.0]))),
                                  [0.5, 0.5, 0.0])
    assert [float(v) for v in wax.grad(jnp.maximum, argnums=(0, 1))(1.0, 1.0)] == [0.5, 0.5]


def test_stop_gradient():
    from wax import lax
    assert float(wax.grad(lambda x: x * lax.stop_gradient(x))(3.0)) == 3.0
    np.testing.assert_array_equal(
        np.asarray(wax.grad(lambda x: jnp.sum(lax.stop_gradient(x) ** 2 + x))(jnp.ones(2))),
        [1.0, 1.0])
    tree = lax.stop_gradient({"a": jnp.ones(2), "n": jnp.asarray(3)})
    assert tree["n"].dtype == np.int32


def test_seed_article_examples():
    # The opening examples of JAX's "JAX quickstart" style, verbatim but for the import.
    import wax as jax

    def sum_logistic(x):
        return jnp.sum(1.0 / (1.0 + jnp.exp(-x)))

    x_small = jnp.arange(3.0)
    derivative_fn = jax.grad(sum_logistic)
    expected = np.exp(-np.arange(3.0)) / (1 + np.exp(-np.arange(3.0))) ** 2
    np.testing.assert_allclose(np.asarray(derivative_fn(x_small)), expected, rtol=1e-6)

    def first_finite_differences(f, x, eps=1e-3):
        return jnp.array([(f(x + eps * v) - f(x - eps * v)) / (2 * eps)
                          for v in jnp.eye(len(x))])

    np.testing.assert_allclose(np.asarray(first_finite_differences(sum_logistic, x_small)),
                               expected, rtol=1e-2)
    hessian = jax.jacfwd(jax.jacrev(sum_logistic))
    assert hessian(x_small).shape == (3, 3)


def test_grad_of_jit_keeps_jit_equations_like_jax():
    # JAX 0.10.2 prints: jit (forward), reduce_sum, broadcast_in_dim, jit (transposed).
    f = wax.jit(lambda x: jnp.sin(x) * 2.0)
    closed = wax.make_jaxpr(wax.grad(lambda x: jnp.sum(f(x))))(jnp.ones(3))
    assert [e.primitive.name for e in closed.eqns] == ["jit", "reduce_sum", "broadcast_in_dim",
                                                       "jit"]
    forward, backward = closed.eqns[0], closed.eqns[3]
    assert backward.params["name"] == "transpose(jvp(<lambda>))"
    # The forward call hands cos(x) over as a residual, so the backward call does not
    # recompute the forward pass.
    assert "cos" in [e.primitive.name for e in forward.params["jaxpr"].eqns]
    assert len(forward.outvars) == 2
    backward_names = [e.primitive.name for e in backward.params["jaxpr"].eqns]
    assert "sin" not in backward_names and "cos" not in backward_names
    np.testing.assert_allclose(np.asarray(wax.grad(lambda x: jnp.sum(f(x)))(jnp.ones(3))),
                               2 * np.cos(np.ones(3)), rtol=1e-6)


def test_holomorphic_grad():
    # JAX 0.10.2: grad(lambda z: z * z, holomorphic=True)(1 + 2j) == 2 + 4j.
    assert complex(wax.grad(lambda z: z * z, holomorphic=True)(1.0 + 2.0j)) == 2 + 4j
    with pytest.raises(TypeError, match="holomorphic=True requires inputs with complex"):
        wax.grad(lambda z: z * z, holomorphic=True)(1.0)


def test_grad_of_a_weak_input_is_weak_as_in_jax():
    # JAX 0.10.2: grad(jnp.abs)(1.) is Array(1., dtype=float32, weak_type=True); a strong
    # input gives a strong cotangent.
    assert wax.grad(jnp.abs)(1.0).weak_type
    assert not wax.grad(lambda x: x * 2.0)(jnp.float32(1.0)).weak_type
    # A weak scalar literal staged by the linearization (the 1.0 of 1.0 / c) stays weak
    # when the linear program runs: grad, vjp, linearize and grad of jit all agree.
    recip = lambda c: 1.0 / c
    assert wax.grad(recip)(1.5).weak_type
    assert wax.grad(wax.jit(recip))(1.5).weak_type
    assert wax.vjp(recip, 1.5)[1](1.0)[0].weak_type
    assert wax.linearize(recip, 1.5)[1](1.0).weak_type


def test_logaddexp_has_jax_derivative_and_weak_type():
    # JAX 0.10.2: logaddexp(2.0, 0) is weak float32; equal inputs share the tangent
    # (d/dx1 at x1 == x2 is 0.5, where differentiating the stable formula gives 0).
    assert jnp.logaddexp(2.0, 0).weak_type
    assert float(wax.grad(jnp.logaddexp)(1.0, 1.0)) == 0.5
    with wax.enable_x64():
        check_grads(jnp.logaddexp, (np.array([0.3, -1.0]), np.array([1.2, 2.0])), order=2)
