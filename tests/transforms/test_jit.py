"""wax.jit: staging once per signature, the call primitive, statics, donation, AOT."""
import warnings

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax


def test_second_call_neither_retraces_nor_restages():
    traces = []

    @wax.jit
    def f(x):
        traces.append(1)
        return lax.add(lax.sin(x), 1.0)

    x = jnp.asarray([1.0, 2.0])
    first = f(x)
    second = f(jnp.asarray([3.0, 4.0]))
    assert len(traces) == 1 and f._cache_size() == 1
    np.testing.assert_allclose(np.asarray(second), np.sin([3.0, 4.0]) + 1, rtol=1e-6)
    assert first.dtype == np.float32 and not first.weak_type
    f(jnp.ones(3))  # a new shape retraces
    assert len(traces) == 2


def test_python_scalars_are_weak_and_do_not_retrace():
    traces = []

    @wax.jit
    def f(x, y):
        traces.append(1)
        return lax.add(x, y)

    x = jnp.ones(2)
    np.testing.assert_array_equal(np.asarray(f(x, 2.0)), [3.0, 3.0])
    np.testing.assert_array_equal(np.asarray(f(x, 5.0)), [6.0, 6.0])
    assert len(traces) == 1
    out = f(1.0, 2.0)
    assert out.weak_type and out.dtype == np.float32


def test_jit_inside_make_jaxpr_keeps_one_jit_equation():
    inner = wax.jit(lambda x: lax.sin(x))
    closed = wax.make_jaxpr(lambda x: lax.neg(inner(x)))(jnp.ones(3))
    assert [e.primitive.name for e in closed.eqns] == ["jit", "neg"]
    assert "jaxpr={ lambda ; c:f32[3]. let" in str(closed)


def test_static_argnums_and_argnames():
    @wax.jit
    def plain(x):
        return x

    def f(x, n, *, scale):
        for _ in range(n):
            x = lax.mul(x, scale)
        return x

    g = wax.jit(f, static_argnums=1, static_argnames="scale")
    out = g(jnp.ones(2), 3, scale=2.0)
    np.testing.assert_array_equal(np.asarray(out), [8.0, 8.0])
    assert g._cache_size() == 1
    g(jnp.ones(2), 2, scale=2.0)
    assert g._cache_size() == 2


def test_unhashable_static_argument_error():
    g = wax.jit(lambda x, s: x, static_argnums=1)
    with pytest.raises(ValueError, match="Non-hashable static arguments are not supported"):
        g(jnp.ones(2), [1, 2])


def test_non_array_argument_error():
    g = wax.jit(lambda x: x)
    with pytest.raises(TypeError, match="Error interpreting argument"):
        g("a string")


def test_decorator_factory_form():
    @wax.jit(static_argnames=("n",))
    def f(x, n):
        return lax.mul(x, float(n))

    np.testing.assert_array_equal(np.asarray(f(jnp.ones(2), n=3)), [3.0, 3.0])


def test_donated_argument_is_deleted():
    f = wax.jit(lambda x: lax.add(x, 1.0), donate_argnums=0)
    x = jnp.ones(3)
    y = f(x)
    np.testing.assert_array_equal(np.asarray(y), [2.0, 2.0, 2.0])
    assert x.is_deleted()
    with pytest.raises(RuntimeError, match=r"Array has been deleted with shape=float32\[3\]."):
        lax.sin(x)


def test_donation_only_where_an_output_can_reuse_the_buffer():
    # JAX 0.10.2: a donated buffer no output of its shape and dtype can take over stays
    # alive, with a UserWarning naming it (once per compiled signature).
    g = wax.jit(lambda x, y: (x * 2, jnp.sum(y)), donate_argnums=(0, 1))
    a, b = jnp.ones(3), jnp.ones((2, 2))
    with pytest.warns(UserWarning, match=r"Some donated buffers were not usable: "
                                         r"float32\[2,2\]\.\nSee an explanation at"):
        g(a, b)
    assert a.is_deleted() and not b.is_deleted()
    a = jnp.ones(3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g(a, b)  # the same signature: no second warning
    assert a.is_deleted() and not b.is_deleted()
    # Two donated buffers of one signature and one output: the first is reused.
    h = wax.jit(lambda x, y: x + y, donate_argnums=(0, 1))
    c, d = jnp.ones(2), jnp.ones(2)
    with pytest.warns(UserWarning, match=r"not usable: float32\[2\]"):
        h(c, d)
    assert c.is_deleted() and not d.is_deleted()


def test_lower_and_compile():
    f = wax.jit(lambda x: lax.sin(x))
    lowered = f.lower(jnp.ones(2))
    assert lowered.as_text() == "{ lambda ; a:f32[2]. let b:f32[2] = sin a in (b,) }"
    compiled = lowered.compile()
    np.testing.assert_allclose(np.asarray(compiled(jnp.ones(2))), np.sin([1.0, 1.0]),
                               rtol=1e-6)
    assert "sin" in compiled.as_text()


def test_disable_jit_runs_python():
    traces = []

    @wax.jit
    def f(x):
        traces.append(1)
        return x

    with wax.disable_jit():
        f(jnp.ones(1))
        f(jnp.ones(1))
    assert len(traces) == 2


def test_x64_is_part_of_the_cache_key():
    f = wax.jit(lambda x: lax.add(x, 1.0))
    assert f(1.0).dtype == np.float32
    with wax.enable_x64():
        assert f(1.0).dtype == np.float64
    assert f._cache_size() == 2


def test_pytree_arguments_and_outputs():
    @wax.jit
    def f(tree):
        return {"s": lax.sin(tree["a"]), "pair": (tree["b"], lax.neg(tree["b"]))}

    out = f({"a": jnp.zeros(2), "b": jnp.ones(1)})
    assert set(out) == {"s", "pair"}
    np.testing.assert_array_equal(np.asarray(out["pair"][1]), [-1.0])
