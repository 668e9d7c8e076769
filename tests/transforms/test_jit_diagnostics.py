"""jit's cache shared per function (as JAX keys it), and its diagnostics:
jax_log_compiles and jax_explain_cache_misses (JAX's wording, logger "wax.jit")."""
import logging

import pytest

import wax
import wax.numpy as jnp


def test_jit_of_the_same_function_traces_once():
    traces = []

    def f(x):
        traces.append(1)
        return x * 2

    for _ in range(4):
        wax.jit(f)(jnp.ones(3))  # a new wrapper each time, one cache
    assert len(traces) == 1
    wax.jit(f, static_argnums=())(jnp.ones(3))
    assert len(traces) == 1
    wax.jit(f, donate_argnums=0)(jnp.ones(3))  # other options: a cache of their own
    assert len(traces) == 2
    wax.clear_caches()
    wax.jit(f)(jnp.ones(3))
    assert len(traces) == 3


@pytest.fixture
def diagnostics(caplog):
    wax.config.update("jax_log_compiles", True)
    wax.config.update("jax_explain_cache_misses", True)
    caplog.set_level(logging.WARNING, logger="wax.jit")
    yield caplog
    wax.config.update("jax_log_compiles", False)
    wax.config.update("jax_explain_cache_misses", False)


def test_explain_cache_misses_and_log_compiles(diagnostics):
    def double(x):
        return x * 2

    f = wax.jit(double)
    f(jnp.ones(3))
    f(jnp.ones(3))  # a hit: nothing logged
    f(jnp.ones(4))
    messages = [r.getMessage() for r in diagnostics.records]
    misses = [m for m in messages if m.startswith("TRACING CACHE MISS")]
    assert len(misses) == 2
    assert "never seen function:\n    double id=" in misses[0]
    assert __file__ in misses[0] and "test_jit_diagnostics.py" in misses[0].split(":")[0]
    assert "all previously seen cache keys differ" in misses[1]
    assert "different input types:\n  * at x, now f32[4] and before f32[3]" in misses[1]
    tracing = [m for m in messages if m.startswith("Finished tracing double for jit in")]
    assert len(tracing) == 2
    assert sum(m.startswith("Compiling jit(double) with global shapes and types "
                            "(ShapedArray(f32[3]),)") for m in messages) == 1


def test_explain_static_argument_misses(diagnostics):
    g = wax.jit(lambda x, n: x * n, static_argnums=1)
    g(jnp.ones(2), 2)
    g(jnp.ones(2), 3)
    miss = [r.getMessage() for r in diagnostics.records
            if r.getMessage().startswith("TRACING CACHE MISS")][-1]
    assert "different value of static args:\n  * at 1, now 3 and before 2" in miss
