"""Hypothesis draws small random programs of wax.numpy operations; staged and jitted runs
must agree exactly with eager ones (the same impls run in both), and the Jaxpr must type
check. The compiler issue will compare compiled kernels against eval_jaxpr the same way."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import wax
import wax.numpy as jnp
from wax.core.jaxpr import check_jaxpr, eval_jaxpr

UNARY = [jnp.sin, jnp.tanh, jnp.exp, jnp.abs, jnp.negative, jnp.square, jnp.sqrt,
         lambda x: x * 0.5, lambda x: x + 1, lambda x: jnp.sum(x, axis=-1, keepdims=True),
         lambda x: jnp.max(x, axis=0, keepdims=True), lambda x: jnp.cumsum(x, axis=-1),
         lambda x: x.T.T, lambda x: jnp.where(x > 0, x, 0.0), jnp.log1p]
BINARY = [jnp.add, jnp.subtract, jnp.multiply, jnp.maximum, jnp.minimum,
          lambda x, y: x / (jnp.abs(y) + 1.0), lambda x, y: jnp.where(x > y, x, y)]


@st.composite
def programs(draw):
    steps = draw(st.lists(st.tuples(st.booleans(), st.integers(0, 100), st.integers(0, 100),
                                    st.integers(0, 100)), min_size=1, max_size=12))
    return steps


def run(steps, x, y):
    values = [x, y]
    for is_binary, op, a, b in steps:
        if is_binary:
            f = BINARY[op % len(BINARY)]
            values.append(f(values[a % len(values)], values[b % len(values)]))
        else:
            f = UNARY[op % len(UNARY)]
            values.append(f(jnp.abs(values[a % len(values)]) if f is jnp.sqrt
                            else values[a % len(values)]))
    return values[-1]


@settings(max_examples=60, deadline=None)
@given(steps=programs(), rows=st.integers(1, 3), cols=st.integers(1, 4),
       seed=st.integers(0, 2 ** 16))
def test_random_programs_agree(steps, rows, cols, seed):
    rng = np.random.default_rng(seed)
    x = jnp.asarray(rng.uniform(-2, 2, (rows, cols)).astype(np.float32))
    y = jnp.asarray(rng.uniform(-2, 2, (rows, cols)).astype(np.float32))
    eager = run(steps, x, y)
    closed = wax.make_jaxpr(lambda a, b: run(steps, a, b))(x, y)
    check_jaxpr(closed.jaxpr)
    (staged,) = eval_jaxpr(closed.jaxpr, closed.consts, x, y)
    jitted = wax.jit(lambda a, b: run(steps, a, b))(x, y)
    assert closed.out_avals[0] == eager.aval == jitted.aval
    np.testing.assert_array_equal(np.asarray(staged), np.asarray(eager))
    np.testing.assert_array_equal(np.asarray(jitted), np.asarray(eager))


@settings(max_examples=40, deadline=None)
@given(steps=programs(), rows=st.integers(1, 3), cols=st.integers(1, 4),
       batch=st.integers(1, 3), axes=st.sampled_from([(0, 0), (0, None), (None, 1), (1, 0)]),
       seed=st.integers(0, 2 ** 16))
def test_random_programs_under_vmap_match_a_loop(steps, rows, cols, batch, axes, seed):
    """vmap of a random program (x and y mapped along different axes, or not at all)
    equals stacking the per-example results; so does jit(vmap(...))."""
    rng = np.random.default_rng(seed)
    xs = rng.uniform(-2, 2, (batch, rows, cols)).astype(np.float32)
    ys = rng.uniform(-2, 2, (batch, rows, cols)).astype(np.float32)
    args = [np.moveaxis(v, 0, ax) if ax is not None else v[0] for v, ax in zip((xs, ys), axes)]
    expected = np.stack([np.asarray(run(steps, jnp.asarray(xs[i] if axes[0] is not None
                                                           else xs[0]),
                                        jnp.asarray(ys[i] if axes[1] is not None
                                                    else ys[0])))
                         for i in range(batch)])
    f = wax.vmap(lambda a, b: run(steps, a, b), in_axes=axes)
    np.testing.assert_allclose(np.asarray(f(*args)), expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(np.asarray(wax.jit(f)(*args)), expected, rtol=1e-6, atol=1e-6)
