"""wax.example_libraries.optimizers: each optimizer's first two steps against the same
update written out in NumPy (float64), the schedules against their formulas, and the
OptimizerState pytree (jit, tree functions, pack/unpack)."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.example_libraries import optimizers as opt

X0 = {"w": np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.25]], np.float32),
      "b": np.array(0.75, np.float32)}
G = [{"w": np.array([[0.1, -0.2, 0.3], [0.0, 0.5, -1.0]], np.float32),
      "b": np.array(-0.4, np.float32)},
     {"w": np.array([[-0.3, 0.1, 0.2], [0.6, 0.0, 0.25]], np.float32),
      "b": np.array(0.2, np.float32)}]


# --- the same updates in NumPy (one array at a time) ------------------------------------------

def np_sgd(lr):
    return (lambda x: [x], lambda i, g, s: [s[0] - lr * g])


def np_momentum(lr, mass, nesterov=False):
    def update(i, g, s):
        x, v = s
        v = mass * v + g
        step = mass * v + g if nesterov else v
        return [x - lr * step, v]
    return (lambda x: [x, np.zeros_like(x)], update)


def np_adagrad(lr, mom=0.9):
    def update(i, g, s):
        x, g_sq, m = s
        g_sq = g_sq + g ** 2
        scale = np.where(g_sq > 0, 1 / np.sqrt(np.where(g_sq > 0, g_sq, 1)), 0)
        m = (1 - mom) * g * scale + mom * m
        return [x - lr * m, g_sq, m]
    return (lambda x: [x, np.zeros_like(x), np.zeros_like(x)], update)


def np_rmsprop(lr, gamma=0.9, eps=1e-8):
    def update(i, g, s):
        x, a = s
        a = gamma * a + (1 - gamma) * g ** 2
        return [x - lr * g / np.sqrt(a + eps), a]
    return (lambda x: [x, np.zeros_like(x)], update)


def np_rmsprop_momentum(lr, gamma=0.9, eps=1e-8, mom=0.9):
    def update(i, g, s):
        x, a, m = s
        a = gamma * a + (1 - gamma) * g ** 2
        m = mom * m + lr * g / np.sqrt(a + eps)
        return [x - m, a, m]
    return (lambda x: [x, np.zeros_like(x), np.zeros_like(x)], update)


def np_adam(lr, b1=0.9, b2=0.999, eps=1e-8):
    def update(i, g, s):
        x, m, v = s
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        m_hat, v_hat = m / (1 - b1 ** (i + 1)), v / (1 - b2 ** (i + 1))
        return [x - lr * m_hat / (np.sqrt(v_hat) + eps), m, v]
    return (lambda x: [x, np.zeros_like(x), np.zeros_like(x)], update)


def np_adamax(lr, b1=0.9, b2=0.999, eps=1e-8):
    def update(i, g, s):
        x, m, u = s
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g))
        return [x - lr / (1 - b1 ** (i + 1)) * m / (u + eps), m, u]
    return (lambda x: [x, np.zeros_like(x), np.zeros_like(x)], update)


def np_sm3(lr, mom=0.9):
    """SM3 written with explicit loops over the axes' accumulators."""
    def init(x):
        x = np.atleast_1d(x)
        return [x, np.zeros_like(x), [np.zeros(n) for n in x.shape]]

    def update(i, g, s):
        x, m, vs = s
        g = np.reshape(g, x.shape)
        nu = np.full(x.shape, np.inf)
        for axis, v in enumerate(vs):
            shape = [1] * x.ndim
            shape[axis] = -1
            nu = np.minimum(nu, v.reshape(shape))
        nu = nu + g ** 2
        scale = np.where(nu > 0, 1 / np.sqrt(np.where(nu > 0, nu, 1)), 0)
        m = (1 - mom) * g * scale + mom * m
        vs = [np.max(nu, axis=tuple(a for a in range(x.ndim) if a != axis))
              for axis in range(x.ndim)]
        return [x - lr * m, m, vs]
    return (init, update)


CASES = {
    "sgd": (opt.sgd(0.1), np_sgd(0.1)),
    "momentum": (opt.momentum(0.1, 0.9), np_momentum(0.1, 0.9)),
    "nesterov": (opt.nesterov(0.1, mass=0.8), np_momentum(0.1, 0.8, nesterov=True)),
    "adagrad": (opt.adagrad(0.2), np_adagrad(0.2)),
    "adagrad-momentum": (opt.adagrad(0.2, momentum=0.5), np_adagrad(0.2, 0.5)),
    "rmsprop": (opt.rmsprop(0.01), np_rmsprop(0.01)),
    "rmsprop-args": (opt.rmsprop(0.01, gamma=0.5, eps=1e-3), np_rmsprop(0.01, 0.5, 1e-3)),
    "rmsprop_momentum": (opt.rmsprop_momentum(0.01), np_rmsprop_momentum(0.01)),
    "adam": (opt.adam(0.05), np_adam(0.05)),
    "adam-args": (opt.adam(0.05, b1=0.5, b2=0.9, eps=1e-3), np_adam(0.05, 0.5, 0.9, 1e-3)),
    "adamax": (opt.adamax(0.05), np_adamax(0.05)),
    "sm3": (opt.sm3(0.1), np_sm3(0.1)),
}


def _np_steps(np_opt, x0, grads):
    init, update = np_opt
    state = init(np.asarray(x0, np.float64))
    for i, g in enumerate(grads):
        state = update(i, np.asarray(g, np.float64), state)
    return np.reshape(state[0], np.shape(x0))


@pytest.mark.parametrize("name", list(CASES))
def test_two_steps_against_numpy(name):
    optimizer, np_opt = CASES[name]
    init, update, get_params = optimizer
    state = init(X0)
    assert isinstance(state, opt.OptimizerState)
    for i, g in enumerate(G):
        state = update(i, g, state)
    params = get_params(state)
    assert set(params) == {"w", "b"}
    for key in X0:
        want = _np_steps(np_opt, X0[key], [g[key] for g in G])
        got = params[key]
        assert got.shape == X0[key].shape and got.dtype == np.float32
        np.testing.assert_allclose(np.asarray(got, np.float64), want, rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["adam", "sm3", "momentum"])
def test_jitted_update_with_traced_step(name):
    """The state is a pytree and the step may be traced: one jit serves every step."""
    init, update, get_params = CASES[name][0]
    jitted = wax.jit(update)
    eager = state = init(X0)
    for i, g in enumerate(G):
        state = jitted(i, g, state)
        eager = update(i, g, eager)
    for key in X0:
        np.testing.assert_allclose(np.asarray(get_params(state)[key]),
                                   np.asarray(get_params(eager)[key]), rtol=1e-6, atol=1e-7)


def test_state_is_a_pytree_of_the_per_leaf_states():
    init, update, get_params = opt.adam(0.1)
    state = init(X0)
    leaves = wax.tree.leaves(state)
    assert len(leaves) == 6  # (x, m, v) for each of the two parameters
    doubled = wax.tree.map(lambda a: a * 2, state)
    assert isinstance(doubled, opt.OptimizerState)
    np.testing.assert_array_equal(np.asarray(get_params(doubled)["w"]), 2 * X0["w"])


def test_schedules():
    i = np.arange(0, 30, 7)
    np.testing.assert_allclose(np.asarray(opt.exponential_decay(0.5, 10, 0.3)(jnp.asarray(i))),
                               0.5 * 0.3 ** (i / 10), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(opt.inverse_time_decay(0.5, 10, 0.3)(jnp.asarray(i))),
                               0.5 / (1 + 0.3 * i / 10), rtol=1e-6)
    staircase = opt.inverse_time_decay(0.5, 10, 0.3, staircase=True)
    np.testing.assert_allclose(np.asarray(staircase(jnp.asarray(i))),
                               0.5 / (1 + 0.3 * np.floor(i / 10)), rtol=1e-6)
    poly = opt.polynomial_decay(0.5, 20, 0.1, power=2.0)
    np.testing.assert_allclose(np.asarray(poly(jnp.asarray(i))),
                               (1 - np.minimum(i, 20) / 20) ** 2 * 0.4 + 0.1, rtol=1e-6)
    piecewise = opt.piecewise_constant([5, 14], [1.0, 0.5, 0.25])
    assert [float(piecewise(k)) for k in (0, 5, 6, 14, 15, 100)] == [1.0, 1.0, 0.5, 0.5, 0.25,
                                                                     0.25]
    assert opt.constant(0.3)(123) == 0.3
    assert opt.make_schedule(0.3)(7) == 0.3
    assert opt.make_schedule(poly) is poly


def test_schedule_as_step_size():
    """sgd with a schedule takes step_size(i) at step i."""
    init, update, get_params = opt.sgd(opt.piecewise_constant([0], [1.0, 0.1]))
    state = init(np.float32(1.0))
    state = update(0, np.float32(1.0), state)  # step 1.0
    state = update(1, np.float32(1.0), state)  # step 0.1
    np.testing.assert_allclose(float(get_params(state)), -0.1, rtol=1e-6)


def test_schedule_errors():
    with pytest.raises(TypeError):
        opt.make_schedule(np.ones(3))
    with pytest.raises(ValueError, match="one shorter"):
        opt.piecewise_constant([1, 2], [1.0, 2.0])
    with pytest.raises(ValueError, match="must be sequences"):
        opt.piecewise_constant(1, [1.0, 2.0])


def test_l2_norm_and_clip_grads():
    tree = {"a": np.array([3.0, 0.0], np.float32), "b": [np.array([[4.0]], np.float32)]}
    assert float(opt.l2_norm(tree)) == pytest.approx(5.0)
    clipped = opt.clip_grads(tree, 1.0)
    np.testing.assert_allclose(np.asarray(clipped["a"]), [0.6, 0.0], rtol=1e-6)
    np.testing.assert_allclose(np.asarray(clipped["b"][0]), [[0.8]], rtol=1e-6)
    unchanged = opt.clip_grads(tree, 10.0)
    np.testing.assert_array_equal(np.asarray(unchanged["a"]), tree["a"])


def test_pack_and_unpack_round_trip():
    init, update, get_params = opt.momentum(0.1, 0.9)
    state = update(0, G[0], init(X0))
    marked = opt.unpack_optimizer_state(state)
    assert set(marked) == {"w", "b"} and isinstance(marked["w"], opt.JoinPoint)
    x, velocity = marked["w"].subtree
    np.testing.assert_allclose(np.asarray(velocity), G[0]["w"])
    repacked = opt.pack_optimizer_state(marked)
    assert repacked.tree_def == state.tree_def
    assert repacked.subtree_defs == state.subtree_defs
    for a, b in zip(wax.tree.leaves(repacked), wax.tree.leaves(state)):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    with pytest.raises(TypeError, match="JoinPoint"):
        opt.pack_optimizer_state({"w": 1.0})


def test_gradient_tree_must_match_the_parameters():
    init, update, _ = opt.adam(0.1)
    state = init(X0)
    with pytest.raises(TypeError, match="did not match the parameter tree"):
        update(0, {"w": G[0]["w"]}, state)


def test_optimizer_decorator_on_a_custom_maker():
    """`optimizer` lifts any single-array (init, update, get_params) maker to pytrees."""
    @opt.optimizer
    def halve():
        return (lambda x: (x, 0), lambda i, g, s: (s[0] / 2, s[1] + 1), lambda s: s[0])

    init, update, get_params = halve()
    state = update(0, [1.0, 2.0], init([np.float32(4.0), np.float32(8.0)]))
    assert [float(p) for p in get_params(state)] == [2.0, 4.0]
    assert isinstance(halve(), opt.Optimizer)


def test_safe_map_and_zip_refuse_different_lengths():
    assert opt.safe_map(lambda a, b: a + b, [1, 2], [3, 4]) == [4, 6]
    assert opt.unzip2([(1, "a"), (2, "b")]) == ((1, 2), ("a", "b"))
    with pytest.raises(ValueError):
        opt.safe_zip([1, 2], [1])
