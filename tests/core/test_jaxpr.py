"""Staging: Jaxpr printing, the type checker, eval_jaxpr, make_jaxpr and eval_shape."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.core.avals import ShapedArray
from wax.core.errors import JaxprTypeError
from wax.core.jaxpr import Eqn, Jaxpr, Var, check_jaxpr, eval_jaxpr
from wax.primitives.elementwise import sin_p


def f(x, y):
    return lax.add(lax.mul(lax.sin(x), 2.0), y)


def test_make_jaxpr_prints_like_jax():
    closed = wax.make_jaxpr(f)(jnp.zeros(3), jnp.ones(3))
    assert str(closed) == (
        "{ lambda ; a:f32[3] b:f32[3]. let\n"
        "    c:f32[3] = sin a\n"
        "    d:f32[3] = mul c 2.0:f32[]\n"
        "    e:f32[3] = add d b\n"
        "  in (e,) }")
    assert [e.primitive.name for e in closed.eqns] == ["sin", "mul", "add"]
    assert closed.jaxpr.debug_info.arg_names == ["x", "y"]


def test_eval_jaxpr_matches_direct_call():
    x, y = jnp.asarray([0.5, 1.0, 2.0]), jnp.asarray([1.0, -1.0, 3.0])
    closed = wax.make_jaxpr(f)(x, y)
    check_jaxpr(closed.jaxpr)
    (out,) = eval_jaxpr(closed.jaxpr, closed.consts, x, y)
    expected = np.sin(np.asarray(x)) * 2 + np.asarray(y)
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-6)


def test_consts_are_captured_and_printed_as_constvars():
    w = jnp.asarray(np.arange(3.0))
    closed = wax.make_jaxpr(lambda x: lax.mul(x, w))(jnp.ones(3))
    assert str(closed).startswith("{ lambda a:f32[3]; b:f32[3]. let")
    assert len(closed.consts) == 1 and closed.consts[0] is w


def test_type_checker_rejects_wrong_output_type():
    a = Var(ShapedArray((3,), np.float32))
    b = Var(ShapedArray((4,), np.float32))
    bad = Jaxpr([], [a], [b], [Eqn(sin_p, [a], [b], {})])
    with pytest.raises(JaxprTypeError, match="sin"):
        check_jaxpr(bad)
    c = Var(ShapedArray((3,), np.float32))
    unbound = Jaxpr([], [a], [c], [])
    with pytest.raises(JaxprTypeError, match="before it is defined"):
        check_jaxpr(unbound)


def test_make_jaxpr_static_argnums_and_return_shape():
    def g(x, n):
        for _ in range(n):
            x = lax.sin(x)
        return x, lax.neg(x)

    closed, shapes = wax.make_jaxpr(g, static_argnums=1, return_shape=True)(jnp.ones(2), 3)
    assert [e.primitive.name for e in closed.eqns] == ["sin", "sin", "sin", "neg"]
    assert shapes == (wax.ShapeDtypeStruct((2,), np.float32),) * 2


def test_python_scalar_arguments_are_weak():
    closed = wax.make_jaxpr(lambda x: lax.sin(x))(1.0)
    assert closed.in_avals == [ShapedArray((), np.float32, True)]
    assert closed.out_avals[0].weak_type


def test_eval_shape():
    out = wax.eval_shape(f, wax.ShapeDtypeStruct((2, 3), np.float32), jnp.ones((2, 3)))
    assert out == wax.ShapeDtypeStruct((2, 3), np.float32)


def test_staging_is_linear_in_equations():
    import time

    def chain(x):
        for _ in range(10_000):
            x = lax.neg(x)
        return x

    start = time.perf_counter()
    closed = wax.make_jaxpr(chain)(jnp.ones(3))
    assert len(closed.eqns) == 10_000
    str(closed)
    check_jaxpr(closed.jaxpr)
    # A generous bound: quadratic staging of 10k equations would take minutes.
    assert time.perf_counter() - start < 20
