"""vmap's API (in_axes/out_axes, pytrees, errors), its composition with the other
transformations, and collectives over a named axis. Per-primitive batch rules are checked
against a Python loop by the op-record table (tests/test_op_records.py)."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax

RNG = np.random.default_rng(0)


def loop(f, *args, in_axes=0):
    """The reference: f on each example, results stacked on axis 0."""
    axes = in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args)
    n = next(np.shape(a)[ax] for a, ax in zip(args, axes) if ax is not None)
    outs = [f(*[a if ax is None else np.take(a, i, axis=ax) for a, ax in zip(args, axes)])
            for i in range(n)]
    return np.stack([np.asarray(o) for o in outs])


def test_seed_article_hidden_layer():
    # The vmap examples of JAX's "Compiling machine learning programs via high-level
    # tracing", with `import wax as jax`.
    import wax as jax
    from wax import vmap

    def hidden_layer(params, x):
        W, b = params
        return jnp.tanh(jnp.dot(W, x) + b)

    W = RNG.standard_normal((4, 3)).astype(np.float32)
    b = RNG.standard_normal(4).astype(np.float32)
    xs = RNG.standard_normal((5, 3)).astype(np.float32)
    batched = vmap(hidden_layer, in_axes=(None, 0))((W, b), xs)
    np.testing.assert_allclose(np.asarray(batched), np.tanh(xs @ W.T + b), rtol=1e-5)
    f = vmap(lambda x: hidden_layer((W, b), x), in_axes=(0,))
    np.testing.assert_allclose(np.asarray(f(xs)), np.tanh(xs @ W.T + b), rtol=1e-5)
    assert jax.vmap is vmap


def test_in_axes_prefix_pytrees_negative_axes_and_out_axes():
    x = RNG.standard_normal((3, 4)).astype(np.float32)
    y = RNG.standard_normal((4, 3)).astype(np.float32)
    f = lambda d, s: d["a"] * d["b"] + s
    got = wax.vmap(f, in_axes=({"a": 0, "b": -1}, None))({"a": x, "b": y}, 2.0)
    np.testing.assert_allclose(np.asarray(got), x * y.T + 2.0, rtol=1e-6)
    got = wax.vmap(lambda a: (a, a.sum()), out_axes=(1, 0))(x)
    np.testing.assert_allclose(np.asarray(got[0]), x.T)
    np.testing.assert_allclose(np.asarray(got[1]), x.sum(1), rtol=1e-6)
    # An unbatched output with out_axes=None stays as it is; a batched one raises.
    got = wax.vmap(lambda a, c: (a * 2, c), in_axes=(0, None), out_axes=(0, None))(x, 5.0)
    assert float(got[1]) == 5.0
    with pytest.raises(ValueError, match="mapped output .* but out_axes is None"):
        wax.vmap(lambda a: a, out_axes=None)(x)


def test_unbatched_outputs_are_broadcast_and_kwargs_are_mapped():
    got = wax.vmap(lambda a: jnp.float32(7.0))(jnp.ones(3))
    np.testing.assert_array_equal(np.asarray(got), [7.0, 7.0, 7.0])
    got = wax.vmap(lambda a, *, k: a + k)(jnp.ones(2), k=jnp.arange(2.0))
    np.testing.assert_array_equal(np.asarray(got), [1.0, 2.0])
    got = wax.vmap(lambda: jnp.ones(2), axis_size=3)()
    assert got.shape == (3, 2)


def test_errors_name_arguments_and_sizes_like_jax():
    with pytest.raises(ValueError) as info:
        wax.vmap(lambda x, y: x + y)(jnp.ones(3), jnp.ones(4))
    message = str(info.value)
    assert message.startswith("vmap got inconsistent sizes for array axes to be mapped:")
    assert "axis 0 of argument x of type float32[3]" in message
    assert "axis 0 of argument y of type float32[4]" in message
    with pytest.raises(ValueError, match="at least one non-None value in in_axes"):
        wax.vmap(lambda x: x, in_axes=None)(jnp.ones(3))
    with pytest.raises(ValueError, match="implies that its rank should be at least 2"):
        wax.vmap(lambda x: x, in_axes=1)(jnp.ones(3))
    with pytest.raises(TypeError, match="vmap in_axes must be an int, None, or a tuple"):
        wax.vmap(lambda x: x, in_axes=[0])(jnp.ones(3))
    with pytest.raises(ValueError, match="tree prefix"):
        wax.vmap(lambda x: x, in_axes=((0, 0),))((jnp.ones(3),))


def test_vmap_of_python_control_flow_on_batched_value_names_the_line():
    def f(x):
        if x > 0:
            return x
        return -x
    with pytest.raises(wax.errors.TracerBoolConversionError) as info:
        wax.vmap(f)(jnp.ones(3))
    assert "test_vmap.py" in str(info.value) and "for vmap" in str(info.value)


def test_per_example_gradients():
    def loss(params, x, y):
        W, b = params
        return jnp.sum((jnp.tanh(x @ W + b) - y) ** 2)

    W = RNG.standard_normal((3, 2)).astype(np.float32)
    b = np.zeros(2, np.float32)
    xs = RNG.standard_normal((6, 3)).astype(np.float32)
    ys = RNG.standard_normal((6, 2)).astype(np.float32)
    gW, gb = wax.vmap(wax.grad(loss), in_axes=(None, 0, 0))((W, b), xs, ys)
    for i in range(6):
        rW, rb = wax.grad(loss)((W, b), xs[i], ys[i])
        np.testing.assert_allclose(np.asarray(gW[i]), np.asarray(rW), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(np.asarray(gb[i]), np.asarray(rb), rtol=1e-5, atol=1e-6)


def test_composition_with_jit_jvp_vjp_jacobians_and_nested_vmap():
    f = lambda x: jnp.sin(x) * jnp.sum(x ** 2)
    xs = RNG.standard_normal((4, 3)).astype(np.float32)
    ref = loop(f, xs)
    np.testing.assert_allclose(np.asarray(wax.jit(wax.vmap(f))(xs)), ref, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(wax.vmap(wax.jit(f))(xs)), ref, rtol=1e-5)
    # vmap(jit(f)) keeps one jit equation.
    names = [e.primitive.name for e in wax.make_jaxpr(wax.vmap(wax.jit(f)))(xs).eqns]
    assert names == ["jit"]
    _, t = wax.jvp(wax.vmap(f), (xs,), (np.ones_like(xs),))
    np.testing.assert_allclose(np.asarray(t), loop(lambda x: wax.jvp(f, (x,), (
        np.ones_like(x),))[1], xs), rtol=1e-5, atol=1e-6)
    out, pull = wax.vjp(wax.vmap(f), xs)
    (ct,) = pull(np.ones_like(xs))
    np.testing.assert_allclose(np.asarray(ct), loop(lambda x: wax.vjp(f, x)[1](
        np.ones_like(x))[0], xs), rtol=1e-5, atol=1e-6)
    for jac in (wax.jacfwd, wax.jacrev):
        np.testing.assert_allclose(np.asarray(wax.vmap(jac(f))(xs)),
                                   loop(jac(f), xs), rtol=1e-5, atol=1e-6)
    g = lambda a, b: a @ b
    A = RNG.standard_normal((2, 5, 3, 4)).astype(np.float32)
    B = RNG.standard_normal((4, 2)).astype(np.float32)
    got = wax.vmap(wax.vmap(g, in_axes=(0, None)), in_axes=(0, None))(A, B)
    np.testing.assert_allclose(np.asarray(got), A @ B, rtol=1e-5)


def test_hessian_and_jacobians_batch_instead_of_looping():
    f = lambda x: jnp.sum(jnp.sin(x) * x)
    x = RNG.standard_normal(4).astype(np.float32)
    np.testing.assert_allclose(np.asarray(wax.hessian(f)(x)),
                               np.diag(2 * np.cos(x) - x * np.sin(x)), rtol=1e-5, atol=1e-6)
    closed = wax.make_jaxpr(wax.jacrev(lambda x: jnp.sin(x) * 2.0))(x)
    assert len(closed.eqns) < 12  # one batched pullback, not one per output element


def test_collectives_over_a_named_axis():
    x = np.arange(4.0, dtype=np.float32)
    np.testing.assert_allclose(np.asarray(wax.vmap(lambda v: v / lax.psum(v, "i"),
                                                   axis_name="i")(x)), x / x.sum())
    assert np.asarray(wax.vmap(lambda v: lax.pmean(v, "i"), axis_name="i")(x)).tolist() == \
        [1.5] * 4
    assert np.asarray(wax.vmap(lambda v: lax.pmax(v, "i"), axis_name="i")(x)).tolist() == \
        [3.0] * 4
    assert np.asarray(wax.vmap(lambda v: lax.pmin(v, "i"), axis_name="i")(x)).tolist() == \
        [0.0] * 4
    assert np.asarray(wax.vmap(lambda v: lax.axis_index("i"), axis_name="i")(x)).tolist() == \
        [0, 1, 2, 3]
    gathered = wax.vmap(lambda v: lax.all_gather(v, "i"), axis_name="i")(x)
    np.testing.assert_array_equal(np.asarray(gathered), np.tile(x, (4, 1)))
    # psum of an unbatched value counts the members; an unrelated name passes outward.
    assert np.asarray(wax.vmap(lambda v: lax.psum(1, "i"), axis_name="i")(x)).tolist() == \
        [4] * 4
    nested = wax.vmap(wax.vmap(lambda v: lax.psum(v, "i"), axis_name="j"),
                      axis_name="i")(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(np.asarray(nested), np.tile([3.0, 5.0, 7.0], (2, 1)))
    shifted = wax.vmap(lambda v: lax.ppermute(v, "i", [(0, 1), (1, 2), (2, 3), (3, 0)]),
                       axis_name="i")(x)
    np.testing.assert_array_equal(np.asarray(shifted), [3.0, 0.0, 1.0, 2.0])
    y = np.arange(18.0, dtype=np.float32).reshape(3, 3, 2)
    got = wax.vmap(lambda v: lax.all_to_all(v, "i", 0, 1), axis_name="i")(y)
    np.testing.assert_array_equal(np.asarray(got), np.stack(
        [np.stack([y[j][i] for j in range(3)], axis=1) for i in range(3)]))
    with pytest.raises(NameError, match="unbound axis name: i"):
        lax.psum(jnp.ones(2), "i")


def test_collectives_differentiate_under_vmap():
    x = np.array([1.0, 2.0, 3.0], np.float32)
    # d/dx_k sum_i x_i * psum(x) = psum(x) + sum_i x_i = 2 * sum(x)
    g = wax.grad(lambda x: wax.vmap(lambda v: v * lax.psum(v, "i"), axis_name="i")(x).sum())
    np.testing.assert_allclose(np.asarray(g(x)), [12.0, 12.0, 12.0])
    g = wax.grad(lambda x: wax.vmap(lambda v: lax.all_gather(v, "i")[0] * v,
                                    axis_name="i")(x).sum())
    np.testing.assert_allclose(np.asarray(g(x)), [1.0 + x.sum(), 1.0, 1.0])


def test_debug_print_and_callback(capsys):
    def f(x):
        wax.debug.print("x={x}", x=x)
        return x * 2

    f(jnp.asarray(1.0))
    wax.jit(f)(jnp.asarray(2.0))
    wax.vmap(f)(jnp.asarray([3.0, 4.0]))
    wax.grad(f)(5.0)
    lax.scan(lambda c, x: (f(x), None), 0.0, jnp.asarray([6.0, 7.0]))
    wax.jit(lambda x: lax.cond(x > 0, f, lambda v: v, x))(8.0)
    lax.while_loop(lambda c: c < 10.0, lambda c: f(c) - 7.0, 9.0)  # prints 9, returns 11
    assert capsys.readouterr().out.split() == [f"x={v:.1f}" for v in
                                               [1, 2, 3, 4, 5, 6, 7, 8, 9]]
    wax.debug.print("ordered {}", 1, ordered=True)
    assert capsys.readouterr().out == "ordered 1\n"
    seen = []
    wax.jit(lambda x: (wax.debug.callback(lambda v: seen.append(float(v)), x), x)[1])(9.0)
    assert seen == [9.0]
    # The effect survives dead-code elimination: nothing uses the callback's (no) output.
    closed = wax.make_jaxpr(lambda x: (wax.debug.print("{}", x), x)[1])(1.0)
    assert [e.primitive.name for e in closed.eqns] == ["debug_callback"]


def test_pure_callback_eager_jit_and_vmap_methods():
    spec = lambda a: wax.ShapeDtypeStruct(a.shape, a.dtype)
    calls = []

    def host_sin(a):
        calls.append(np.shape(a))
        return np.sin(a)

    x = jnp.arange(3.0)
    for method in ("sequential", "expand_dims", "broadcast_all"):
        calls.clear()
        f = lambda a: wax.pure_callback(host_sin, spec(a), a, vmap_method=method)
        np.testing.assert_allclose(np.asarray(wax.jit(f)(x)), np.sin(np.arange(3.0)),
                                   rtol=1e-6)
        got = wax.vmap(f)(jnp.arange(6.0).reshape(2, 3))
        np.testing.assert_allclose(np.asarray(got), np.sin(np.arange(6.0).reshape(2, 3)),
                                   rtol=1e-6)
        expected_batched_calls = [(3,), (3,)] if method == "sequential" else [(2, 3)]
        assert calls[1:] == expected_batched_calls
    with pytest.raises(NotImplementedError, match="vmap_method"):
        wax.vmap(lambda a: wax.pure_callback(host_sin, spec(a), a))(jnp.ones((2, 3)))
    with pytest.raises(ValueError, match="Pure callbacks do not support JVP"):
        wax.grad(lambda a: wax.pure_callback(host_sin, spec(a), a))(1.0)


def test_custom_vmap_rule_replaces_batching():
    from wax.custom_batching import custom_vmap, sequential_vmap

    @custom_vmap
    def f(x, y):
        return x + y

    @f.def_vmap
    def rule(axis_size, in_batched, xs, ys):
        assert in_batched == [True, False] and axis_size == 3
        return xs * 100.0 + ys, True

    assert float(f(1.0, 2.0)) == 3.0
    got = wax.vmap(f, in_axes=(0, None))(jnp.arange(3.0), 2.0)
    np.testing.assert_array_equal(np.asarray(got), [2.0, 102.0, 202.0])
    calls = []

    @sequential_vmap
    def g(x):
        calls.append(x.shape)
        return x * 2

    np.testing.assert_array_equal(np.asarray(wax.vmap(g)(jnp.arange(4.0))),
                                  [0.0, 2.0, 4.0, 6.0])


def test_batched_custom_jvp_and_custom_vjp_keep_their_rules():
    @wax.custom_jvp
    def f(x):
        return jnp.sin(x)

    @f.defjvp
    def f_jvp(primals, tangents):
        (x,), (t,) = primals, tangents
        return jnp.sin(x), 10.0 * t  # deliberately not cos: the rule must be used

    xs = jnp.arange(3.0)
    _, t = wax.jvp(wax.vmap(f), (xs,), (jnp.ones(3),))
    np.testing.assert_array_equal(np.asarray(t), [10.0] * 3)

    @wax.custom_vjp
    def g(x, w):
        return x * w

    g.defvjp(lambda x, w: (x * w, (x, w)), lambda r, ct: (ct * 0.0, ct * 7.0))
    grad_w = wax.grad(lambda w: wax.vmap(g, in_axes=(0, None))(xs, w).sum())(2.0)
    assert float(grad_w) == 21.0  # 7 per member, summed over the 3 members
