"""Forward mode: wax.jvp on pytrees, composition with jit and with itself, symbolic zeros,
float0 tangents, Python control flow on concrete values, and JAX's errors."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax


def test_jvp_of_sin_is_cos():
    x = jnp.asarray([0.0, 0.5, 2.0])
    y, t = wax.jvp(jnp.sin, (x,), (jnp.ones(3),))
    np.testing.assert_allclose(np.asarray(y), np.sin([0.0, 0.5, 2.0]), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(t), np.cos([0.0, 0.5, 2.0]), rtol=1e-6)
    assert t.dtype == np.float32


def test_pytrees_and_has_aux():
    def f(params, x):
        return {"out": params["w"] * x + params["b"]}, "aux"

    params = {"w": jnp.asarray(2.0), "b": jnp.asarray(1.0)}
    tangents = {"w": jnp.asarray(1.0), "b": jnp.asarray(0.0)}
    out, t, aux = wax.jvp(f, (params, jnp.asarray(3.0)), (tangents, jnp.asarray(0.0)),
                          has_aux=True)
    assert aux == "aux" and float(out["out"]) == 7.0 and float(t["out"]) == 3.0


def test_second_derivative_by_nesting():
    f = lambda x: x * x * x  # noqa: E731
    df = lambda x: wax.jvp(f, (x,), (jnp.ones_like(x),))[1]  # noqa: E731
    _, d2 = wax.jvp(df, (jnp.asarray(2.0),), (jnp.asarray(1.0),))
    assert float(d2) == 12.0  # d2/dx2 x^3 = 6x


def test_python_control_flow_on_concrete_primals():
    def f(x):
        if x > 0:  # concrete under jvp: allowed, as in JAX
            return jnp.sin(x)
        return jnp.cos(x)

    assert float(wax.jvp(f, (jnp.asarray(1.0),), (jnp.asarray(1.0),))[1]) == \
        pytest.approx(np.cos(1.0), rel=1e-6)
    assert float(wax.jvp(f, (jnp.asarray(-1.0),), (jnp.asarray(1.0),))[1]) == \
        pytest.approx(-np.sin(-1.0), rel=1e-6)


def test_jvp_of_jit_is_one_jit_equation():
    # As in JAX: one jit equation named jvp(f) taking primals and tangents and returning
    # both; the float32 multiply by 2.0 appears for the primal and for the tangent.
    f = wax.jit(lambda x: jnp.sin(x) * 2.0)
    closed = wax.make_jaxpr(lambda x, t: wax.jvp(f, (x,), (t,)))(jnp.ones(3), jnp.ones(3))
    assert [e.primitive.name for e in closed.eqns] == ["jit"]
    eqn = closed.eqns[0]
    assert eqn.params["name"] == "jvp(<lambda>)"
    assert len(eqn.invars) == 2 and len(eqn.outvars) == 2
    names = [e.primitive.name for e in eqn.params["jaxpr"].eqns]
    assert sorted(names) == ["cos", "mul", "mul", "mul", "sin"]
    y, t = wax.jvp(f, (jnp.asarray([0.0, 1.0]),), (jnp.asarray([1.0, 1.0]),))
    np.testing.assert_allclose(np.asarray(y), 2 * np.sin([0.0, 1.0]), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(t), 2 * np.cos([0.0, 1.0]), rtol=1e-6)


def test_jvp_of_jit_keeps_integer_and_stopped_tangents_symbolic():
    f = wax.jit(lambda x: (wax.lax.stop_gradient(x) * 2.0, jnp.round(x).astype(int), x * 3))
    closed = wax.make_jaxpr(lambda x, t: wax.jvp(f, (x,), (t,)))(jnp.ones(2), jnp.ones(2))
    assert len(closed.eqns[0].outvars) == 4  # three primals and the one nonzero tangent
    _, (t0, t1, t2) = wax.jvp(f, (jnp.ones(2),), (jnp.ones(2),))
    np.testing.assert_array_equal(np.asarray(t0), [0.0, 0.0])
    assert t1.dtype == wax.dtypes.float0
    np.testing.assert_array_equal(np.asarray(t2), [3.0, 3.0])


def test_jit_of_jvp_and_zero_tangents_stay_symbolic():
    def f(x, y):
        return jnp.sin(x) + y * 3.0

    # Only x has a tangent: y's zero tangent costs no equation.
    closed = wax.make_jaxpr(lambda x, y, t: wax.jvp(lambda a: f(a, y), (x,), (t,)))(
        jnp.ones(2), jnp.ones(2), jnp.ones(2))
    names = [e.primitive.name for e in closed.eqns]
    assert names.count("mul") == 2  # y * 3 and the tangent t * cos(x)
    g = wax.jit(lambda x, t: wax.jvp(jnp.sin, (x,), (t,)))
    np.testing.assert_allclose(np.asarray(g(jnp.zeros(2), jnp.ones(2))[1]), [1.0, 1.0])


def test_integer_inputs_take_float0_tangents():
    def f(x, n):
        return x * n

    y, t = wax.jvp(f, (jnp.asarray(2.0), jnp.asarray(3)),
                   (jnp.asarray(1.0), np.zeros((), wax.dtypes.float0)))
    assert float(y) == 6.0 and float(t) == 3.0
    with pytest.raises(ValueError, match="float0"):
        wax.jvp(f, (jnp.asarray(2.0), jnp.asarray(3)), (jnp.asarray(1.0), jnp.asarray(0)))


def test_errors_like_jax():
    with pytest.raises(TypeError, match="must be tuples or lists"):
        wax.jvp(jnp.sin, jnp.ones(2), jnp.ones(2))
    with pytest.raises(TypeError, match="same tree structure"):
        wax.jvp(lambda a, b: a, (1.0, 2.0), (1.0,))
    leaked = []
    wax.jvp(lambda x: leaked.append(x) or x, (jnp.asarray(1.0),), (jnp.asarray(1.0),))
    with pytest.raises(wax.errors.UnexpectedTracerError):
        lax.sin(leaked[0])


def test_kinks_and_ties_follow_jax():
    # JAX 0.10.2 (JAX_SURFACE.md §2.11): abs'(0) = 1, sqrt'(0) = inf, max ties split.
    assert float(wax.jvp(jnp.abs, (jnp.asarray(0.0),), (jnp.asarray(1.0),))[1]) == 1.0
    assert float(wax.jvp(jnp.sqrt, (jnp.asarray(0.0),), (jnp.asarray(1.0),))[1]) == np.inf
    _, t = wax.jvp(jnp.maximum, (jnp.asarray(1.0), jnp.asarray(1.0)),
                   (jnp.asarray(1.0), jnp.asarray(0.0)))
    assert float(t) == 0.5


def test_frexp_mantissa_tangent():
    # JAX 0.10.2: jvp(jnp.frexp, ([1.5, 3.],), (ones,)) has mantissa tangent [0.5, 0.25].
    (_, _), (t, _) = wax.jvp(jnp.frexp, (jnp.asarray([1.5, 3.0]),), (jnp.ones(2),))
    np.testing.assert_array_equal(np.asarray(t), [0.5, 0.25])


def test_python_scalar_primals_become_arrays():
    y, t = wax.jvp(lambda x: x * x, (3.0,), (1.0,))
    assert isinstance(y, wax.Array) and y.weak_type and float(t) == 6.0
