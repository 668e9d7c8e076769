"""lax.cond and lax.switch against plain Python, under every transformation."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.test_util import check_grads


def branchy(x):
    return lax.cond(x.sum() > 0, lambda a: jnp.sin(a) * 2.0, lambda a: a * a, x)


def branchy_ref(x):
    return np.sin(x) * 2.0 if x.sum() > 0 else x * x


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_cond_values_jit_and_grads(sign):
    x = sign * np.array([0.3, 0.7, 1.1], np.float32)
    np.testing.assert_allclose(np.asarray(branchy(jnp.asarray(x))), branchy_ref(x), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(wax.jit(branchy)(x)), branchy_ref(x), rtol=1e-6)
    with wax.enable_x64():
        check_grads(branchy, (jnp.asarray(x, np.float64),), order=2, modes=("fwd", "rev"))
    expected = 2 * np.cos(x) if sign > 0 else 2 * x
    np.testing.assert_allclose(np.asarray(wax.grad(lambda x: branchy(x).sum())(x)), expected,
                               rtol=1e-6)


def test_cond_forms_operandless_and_several_operands():
    y = jnp.asarray(3.0)
    assert float(lax.cond(True, lambda: y + 1, lambda: y - 1)) == 4.0
    assert float(lax.cond(0, lambda a, b: a * b, lambda a, b: a - b, 2.0, 5.0)) == -3.0
    out = lax.cond(jnp.asarray(2.5), lambda t: (t[0], t[1] * 2), lambda t: t, (1.0, 2.0))
    assert [float(v) for v in out] == [1.0, 4.0]


def test_cond_stages_both_branches_once():
    closed = wax.make_jaxpr(branchy)(jnp.ones(3))
    (eqn,) = [e for e in closed.eqns if e.primitive.name == "cond"]
    assert len(eqn.params["branches"]) == 2
    names = [[e.primitive.name for e in b.eqns] for b in eqn.params["branches"]]
    assert names == [["mul"], ["sin", "mul"]]


def test_vmap_of_cond_with_batched_predicate_selects_per_member():
    xs = np.array([[0.3, 0.7], [-1.0, -2.0], [2.0, -0.5]], np.float32)
    got = wax.vmap(branchy)(xs)
    np.testing.assert_allclose(np.asarray(got), np.stack([branchy_ref(x) for x in xs]),
                               rtol=1e-6)
    # The batched predicate became a select over both branches: no cond remains.
    names = [e.primitive.name for e in wax.make_jaxpr(wax.vmap(branchy))(xs).eqns]
    assert "cond" not in names and "select_n" in names


def test_vmap_of_cond_with_unbatched_predicate_keeps_cond():
    f = lambda p, x: lax.cond(p, lambda a: a + 1.0, lambda a: a * 0.0, x)
    xs = jnp.arange(6.0).reshape(3, 2)
    np.testing.assert_allclose(np.asarray(wax.vmap(f, in_axes=(None, 0))(True, xs)),
                               np.asarray(xs) + 1)
    names = [e.primitive.name for e in wax.make_jaxpr(wax.vmap(f, in_axes=(None, 0)))(
        True, xs).eqns]
    assert "cond" in names


def test_per_example_grads_through_cond():
    xs = np.array([[0.3, 0.7], [-1.0, -2.0]], np.float32)
    got = wax.vmap(wax.grad(lambda x: branchy(x).sum()))(xs)
    expected = np.stack([2 * np.cos(xs[0]), 2 * xs[1]])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6)


def test_switch_clamps_and_differentiates():
    branches = [lambda x: x, lambda x: x * x, lambda x: jnp.sin(x)]
    for i, expected in [(-3, 2.0), (1, 4.0), (2, np.sin(2.0)), (9, np.sin(2.0))]:
        np.testing.assert_allclose(float(lax.switch(i, branches, 2.0)), expected, rtol=1e-6)
    assert float(wax.grad(lambda x: lax.switch(1, branches, x))(3.0)) == 6.0
    got = wax.vmap(lambda i, x: lax.switch(i, branches, x))(jnp.array([0, 1, 2]),
                                                            jnp.array([2.0, 3.0, 0.5]))
    np.testing.assert_allclose(np.asarray(got), [2.0, 9.0, np.sin(0.5)], rtol=1e-6)


def test_cond_errors_like_jax():
    with pytest.raises(TypeError, match="Pred must be a scalar"):
        lax.cond(jnp.ones(2) > 0, lambda: 1.0, lambda: 2.0)
    with pytest.raises(TypeError, match="identical types"):
        lax.cond(True, lambda: jnp.ones(2), lambda: jnp.ones(3))
    with pytest.raises(TypeError, match="same type structure"):
        lax.cond(True, lambda: (1.0, 2.0), lambda: 1.0)
    with pytest.raises(TypeError, match="Branch index type must be an integer"):
        lax.switch(1.0, [lambda: 1.0])
