"""lax.scan, lax.map, lax.while_loop and lax.fori_loop against plain Python loops, with
gradients, vmap and jit."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.test_util import check_grads


def rnn(W, xs, h0):
    def step(h, x):
        h = jnp.tanh(W @ h + x)
        return h, h.sum()
    return lax.scan(step, h0, xs)


def rnn_ref(W, xs, h0):
    h, ys = np.asarray(h0, np.float64), []
    for x in xs:
        h = np.tanh(W @ h + x)
        ys.append(h.sum())
    return h, np.array(ys)


RNG = np.random.default_rng(0)
W0 = (RNG.standard_normal((3, 3)) * 0.5).astype(np.float32)
XS = RNG.standard_normal((5, 3)).astype(np.float32)


def test_scan_rnn_values_and_jit():
    h, ys = rnn(W0, XS, jnp.zeros(3))
    h_ref, ys_ref = rnn_ref(W0, XS, np.zeros(3))
    np.testing.assert_allclose(np.asarray(h), h_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(ys), ys_ref, rtol=1e-5, atol=1e-6)
    hj, ysj = wax.jit(rnn)(W0, XS, jnp.zeros(3))
    np.testing.assert_allclose(np.asarray(ysj), ys_ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("reverse", [False, True])
def test_scan_grads_order_2_both_modes(reverse):
    with wax.enable_x64():
        f = lambda W, xs, h0: lax.scan(lambda h, x: (jnp.tanh(W @ h + x), (h * x).sum()),
                                       h0, xs, reverse=reverse)
        check_grads(f, (W0.astype(np.float64), XS.astype(np.float64), np.ones(3)), order=2,
                    modes=("fwd", "rev"))


def test_scan_residual_of_the_constants_is_not_stacked():
    # W is what the tangent multiplies by: the linearized scan takes it once, as a
    # constant, while the per-step values (h, 1 - tanh^2) are stacked.
    closed = wax.make_jaxpr(wax.grad(lambda W: rnn(W, XS, jnp.zeros(3))[1].sum()))(W0)
    scans = [e for e in closed.eqns if e.primitive.name == "scan"]
    forward, backward = scans
    stacked = [v.aval.shape for v in forward.outvars[2:]]
    assert stacked == [(5, 3), (5, 3)]
    assert backward.params["reverse"] and backward.params["num_consts"] >= 1


def test_scan_pytrees_length_and_errors():
    def step(carry, x):
        a, (b,) = carry
        return (a + x["u"], (b * 2,)), {"y": a}
    carry, ys = lax.scan(step, (0.0, (1.0,)), {"u": jnp.arange(4.0)})
    assert float(carry[0]) == 6.0 and float(carry[1][0]) == 16.0
    np.testing.assert_array_equal(np.asarray(ys["y"]), [0.0, 0.0, 1.0, 3.0])
    c, ys = lax.scan(lambda c, _: (c + 1, c), 0, None, length=3)
    assert int(c) == 3 and list(np.asarray(ys)) == [0, 1, 2]
    with pytest.raises(ValueError, match="different leading axis sizes"):
        lax.scan(lambda c, x: (c, x), 0.0, (jnp.ones(2), jnp.ones(3)))
    with pytest.raises(ValueError, match="no values to scan over"):
        lax.scan(lambda c, x: (c, x), 0.0, None)
    with pytest.raises(TypeError, match="carry input and carry output must have equal types"):
        lax.scan(lambda c, x: (c + x, x), 0, jnp.ones(3))
    with pytest.raises(TypeError, match="must be a pair"):
        lax.scan(lambda c, x: c, 0.0, jnp.ones(3))


def test_scan_weak_init_takes_the_strong_carry_type():
    c, _ = lax.scan(lambda c, x: (c + x, c), 0.0, jnp.ones(3, np.float32))
    assert c.dtype == np.float32 and not c.weak_type


def test_vmap_of_scan_with_carry_that_becomes_batched():
    # The init is unbatched; the body mixes in batched xs, so the carry becomes batched.
    xs = RNG.standard_normal((2, 5, 3)).astype(np.float32)
    h, ys = wax.vmap(rnn, in_axes=(None, 0, None))(W0, xs, jnp.zeros(3))
    for b in range(2):
        h_ref, ys_ref = rnn_ref(W0, xs[b], np.zeros(3))
        np.testing.assert_allclose(np.asarray(h[b]), h_ref, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(np.asarray(ys[b]), ys_ref, rtol=1e-5, atol=1e-6)
    # xs batched along its second axis, nested vmap over weights too.
    Ws = np.stack([W0, 2 * W0])
    got = wax.vmap(wax.vmap(lambda W, x: rnn(W, x, jnp.zeros(3))[1], in_axes=(None, 1)),
                   in_axes=(0, None))(Ws, np.moveaxis(xs, 0, 1))
    for i in range(2):
        for b in range(2):
            np.testing.assert_allclose(np.asarray(got[i, b]), rnn_ref(Ws[i], xs[b],
                                                                      np.zeros(3))[1],
                                       rtol=1e-5, atol=1e-6)


def test_scan_rnn_trains():
    rng = np.random.default_rng(1)
    xs = rng.standard_normal((8, 3)).astype(np.float32)
    target = np.float32(0.5)

    def loss(W):
        _, ys = rnn(W, xs, jnp.zeros(3))
        return jnp.mean((ys - target) ** 2)

    W = jnp.asarray(W0)
    first = float(loss(W))
    step = wax.jit(lambda W: W - 0.1 * wax.grad(loss)(W))
    for _ in range(30):
        W = step(W)
    assert float(loss(W)) < 0.5 * first


def test_map_with_and_without_batch_size():
    xs = jnp.arange(7.0)
    np.testing.assert_allclose(np.asarray(lax.map(jnp.sin, xs)), np.sin(np.arange(7.0)),
                               rtol=1e-6)
    got = lax.map(lambda x: {"a": x * 2}, xs, batch_size=3)
    np.testing.assert_array_equal(np.asarray(got["a"]), np.arange(7.0) * 2)


def newton_sqrt(a):
    def cond(c):
        x, i = c
        return (jnp.abs(x * x - a) > 1e-5 * a) & (i < 50)

    def body(c):
        x, i = c
        return x - (x * x - a) / (2 * x), i + 1
    return lax.while_loop(cond, body, (a, 0))


def test_while_newton_solver_jit_vmap_and_jvp():
    x, iters = newton_sqrt(2.0)
    np.testing.assert_allclose(float(x), np.sqrt(2.0), rtol=1e-5)
    assert 0 < int(iters) < 50
    a = jnp.array([2.0, 9.0, 1e4])
    xs, its = wax.vmap(newton_sqrt)(a)
    np.testing.assert_allclose(np.asarray(xs), np.sqrt(np.asarray(a)), rtol=1e-5)
    # Members stop at their own trip counts (a batched predicate keeps looping until
    # every lane is done, with finished lanes frozen).
    assert [int(i) for i in its] == [int(newton_sqrt(float(v))[1]) for v in a]
    np.testing.assert_allclose(float(wax.jit(lambda a: newton_sqrt(a)[0])(16.0)), 4.0,
                               rtol=1e-6)
    _, t = wax.jvp(lambda a: newton_sqrt(a)[0], (4.0,), (1.0,))
    np.testing.assert_allclose(float(t), 0.25, rtol=1e-4)


def test_while_reverse_mode_raises_jax_error():
    with pytest.raises(ValueError, match="Reverse-mode differentiation does not work for "
                                         "lax.while_loop"):
        wax.grad(lambda a: newton_sqrt(a)[0])(4.0)


def test_fori_loop_static_is_scan_dynamic_is_while():
    f = lambda x: lax.fori_loop(0, 3, lambda i, v: v * x + i, 1.0)
    assert float(f(2.0)) == ((1 * 2 + 0) * 2 + 1) * 2 + 2
    assert float(wax.grad(f)(2.0)) == 3 * 4 + 1  # d/dx (x^3 + x + 2)
    names = [e.primitive.name for e in wax.make_jaxpr(f)(2.0).eqns]
    assert "scan" in names
    g = wax.jit(lambda n: lax.fori_loop(0, n, lambda i, acc: acc + i, 0))
    assert int(g(10)) == 45
    names = [e.primitive.name for e in wax.make_jaxpr(lambda n: lax.fori_loop(
        0, n, lambda i, acc: acc + i, 0))(10).eqns]
    assert "while" in names


def test_while_loop_errors():
    with pytest.raises(TypeError, match="cond_fun must return a boolean scalar"):
        lax.while_loop(lambda c: c, lambda c: c, 1.0)
    with pytest.raises(TypeError, match="body_fun output and input must have identical types"):
        lax.while_loop(lambda c: c < 3, lambda c: jnp.ones(2), 1.0)


def test_while_carry_that_becomes_batched_and_per_lane_trip_counts():
    # The init is unbatched (0.0, 0); the body adds a batched step, so the carry becomes
    # batched; each lane stops at its own count.
    def f(step):
        return lax.while_loop(lambda c: c[0] < 10.0, lambda c: (c[0] + step, c[1] + 1),
                              (0.0, 0))
    steps = jnp.array([1.0, 2.5, 4.0])
    total, count = wax.vmap(f)(steps)
    for s, t, c in zip([1.0, 2.5, 4.0], np.asarray(total), np.asarray(count)):
        n = int(np.ceil(10.0 / s))
        assert int(c) == n and float(t) == pytest.approx(n * s)


@pytest.mark.parametrize("n", [1, 2, 5, 8, 13])
def test_associative_scan_matches_cumulative_ops(n):
    x = RNG.standard_normal((n, 3)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(lax.associative_scan(jnp.add, x)),
                               np.cumsum(x, 0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(lax.associative_scan(jnp.add, x, reverse=True)),
                               np.cumsum(x[::-1], 0)[::-1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(lax.associative_scan(jnp.maximum, x.T, axis=1)),
                               np.maximum.accumulate(x.T, 1))
    # A pytree and a non-commutative operator: composing affine maps a*x + b.
    a, b = RNG.uniform(0.5, 1.5, n).astype(np.float32), RNG.standard_normal(n).astype(
        np.float32)
    got_a, got_b = lax.associative_scan(lambda p, q: (q[0] * p[0], q[0] * p[1] + q[1]),
                                        (a, b))
    ref_a, ref_b, acc_a, acc_b = [], [], 1.0, 0.0
    for ai, bi in zip(a, b):
        acc_a, acc_b = ai * acc_a, ai * acc_b + bi
        ref_a.append(acc_a)
        ref_b.append(acc_b)
    np.testing.assert_allclose(np.asarray(got_a), ref_a, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(got_b), ref_b, rtol=1e-5, atol=1e-6)


def test_associative_scan_grads_vmap_and_jit():
    with wax.enable_x64():
        check_grads(lambda x: lax.associative_scan(jnp.multiply, x), (np.linspace(0.5, 2, 7),),
                    order=2, modes=("fwd", "rev"))
    xs = RNG.standard_normal((4, 6)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(wax.vmap(lambda v: lax.associative_scan(
        jnp.add, v))(xs)), np.cumsum(xs, 1), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(wax.jit(lambda v: lax.associative_scan(
        jnp.add, v))(xs[0])), np.cumsum(xs[0]), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="same first dimension"):
        lax.associative_scan(lambda p, q: p, (jnp.ones(3), jnp.ones(4)))
