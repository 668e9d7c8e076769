"""wax.lax against JAX 0.10.2 on edge inputs (tests/data/jax_lax_edges.json).

Each recorded key is an expression over jnp/lax/np evaluated with JAX; here the same text is
evaluated with wax in their place. The result must have JAX's dtype, weak type and shape;
integer and boolean values must agree exactly, float values bit for bit in their NaN,
infinity and signed-zero positions and otherwise within a few ulp (XLA's approximations of
transcendental functions round differently from NumPy's). Where JAX raises, wax must raise
the same class (or a subclass); where JAX returns, wax must not raise. Expressions are
grouped per lax function to keep the per-test overhead small; a failure lists every failing
expression of its group."""
import json
import pathlib
import re

import numpy as np
import pytest

import wax
import wax.lax
import wax.numpy as jnp
from lax_edges_known import KNOWN as _KNOWN_KEYS, REASONS
from recorded_results import check as recorded_check

DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                   "jax_lax_edges.json").read_text())["cases"]
NAMESPACE = {"jax": wax, "jnp": jnp, "lax": wax.lax, "np": np}
# Exactly rounded operations: their float results must agree bit for bit.
EXACT = {"add", "sub", "mul", "div", "rem", "max", "min", "neg", "abs", "sign", "floor",
         "ceil", "round", "sqrt", "nextafter", "clamp", "convert_element_type",
         "bitcast_convert_type", "reduce_precision", "sort", "sort_key_val", "top_k",
         "select", "select_n", "pad", "gather", "scatter", "dynamic_slice",
         "dynamic_update_slice", "reduce_max", "reduce_min", "cummax", "cummin", "square",
         "real", "imag", "conj", "complex", "full", "full_like", "iota", "reshape",
         "transpose", "concatenate", "slice"}
# Relative tolerance per result dtype for the other (transcendental) functions.
RTOL = {"float16": 2e-3, "bfloat16": 1.6e-2, "float32": 8e-6, "float64": 1e-13,
        "complex64": 8e-6, "complex128": 1e-13}

# Differences wax keeps, each with its reason (strict xfails: fixing one shows up), listed
# in lax_edges_known.py: negative reduction axes and Python scalars taking the array's
# dtype (wax's own callers rely on both), subnormals (XLA's CPU flushes them), complex
# special values and SciPy-backed special functions at edge arguments, and a few JAX quirks.
KNOWN = {expr: REASONS[key] for expr, key in _KNOWN_KEYS.items()}


def _function(expr):
    match = re.match(r"lax\.(\w+)", expr)
    return match.group(1) if match else "other"


def check(expr, entry):
    """None if wax evaluates `expr` like JAX did, else a description of the difference."""
    name = _function(expr)
    # (complex results of sqrt, div, ... are not exactly rounded)
    exact = (name in EXACT or name.startswith(("scatter", "dynamic_", "reduce_sum"))) and \
        "complex" not in str(entry.get("dtype", ""))
    return recorded_check(expr, entry, NAMESPACE, (lambda dtype: 0) if exact else RTOL.get)


def _params():
    groups, known = {}, []
    for expr in DATA:
        if expr in KNOWN:
            known.append(pytest.param([expr], id=expr[:100].replace(" ", ""),
                                      marks=pytest.mark.xfail(strict=True, reason=KNOWN[expr])))
        else:
            groups.setdefault(_function(expr), []).append(expr)
    return [pytest.param(exprs, id=name) for name, exprs in groups.items()] + known


@pytest.mark.parametrize("exprs", _params())
def test_lax_matches_jax(exprs):
    failures = []
    for expr in exprs:
        problem = check(expr, DATA[expr])
        if problem:
            failures.append(f"{expr}\n    {problem}")
    assert not failures, f"{len(failures)} of {len(exprs)} differ from JAX:\n" + \
        "\n".join(failures)


def test_recording_is_substantial():
    """The recorded battery covers many functions, both results and errors."""
    names = {_function(e) for e in DATA}
    assert len(DATA) > 1500 and len(names) > 100
    assert sum("error" in v for v in DATA.values()) > 100
