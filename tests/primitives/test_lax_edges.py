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
import math
import pathlib
import re
import warnings

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.lax
import wax.numpy as jnp
from lax_edges_known import KNOWN as _KNOWN_KEYS, REASONS

DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                   "jax_lax_edges.json").read_text())["cases"]
NAMESPACE = {"jax": wax, "jnp": jnp, "lax": wax.lax, "np": np}
BF16 = np.dtype(ml_dtypes.bfloat16)
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


def _decode_float(v):
    return float(v) if not isinstance(v, str) else float(v)


def _values(entry):
    dtype = BF16 if entry["dtype"] == "bfloat16" else np.dtype(entry["dtype"])
    value = entry["value"]
    if dtype.kind == "c":
        out = np.empty(len(value[0]), np.complex128)
        out.real, out.imag = ([_decode_float(v) for v in part] for part in value)
        return out, dtype
    if dtype.kind == "f" or dtype == BF16:
        return np.asarray([_decode_float(v) for v in value], np.float64), dtype
    return np.asarray(value, dtype if dtype.kind != "b" else bool), dtype


def _compare_floats(got, want, rtol):
    """None if got matches want (float64 arrays), else a short description."""
    g_nan, w_nan = np.isnan(got), np.isnan(want)
    if not np.array_equal(g_nan, w_nan):
        return f"NaN positions differ: got {got}, want {want}"
    g, w = got[~w_nan], want[~w_nan]
    w_inf = np.isinf(w)
    if not np.array_equal(np.isinf(g), w_inf) or not np.array_equal(g[w_inf], w[w_inf]):
        return f"infinities differ: got {got}, want {want}"
    g, w = g[~w_inf], w[~w_inf]
    zero = w == 0
    if not np.array_equal(np.signbit(g[zero]) & (g[zero] == 0), np.signbit(w[zero])):
        return f"signed zeros differ: got {got}, want {want}"
    if rtol == 0:
        return None if np.array_equal(g, w) else f"values differ: got {got}, want {want}"
    tiny = rtol * 1e-30 if rtol > 1e-10 else 1e-300
    if np.any(np.abs(g - w) > rtol * np.abs(w) + tiny):
        return f"values differ beyond rtol={rtol}: got {got}, want {want}"
    return None


def _compare_array(got, entry, exact):
    if not hasattr(got, "dtype") or not hasattr(got, "shape"):
        return f"got {type(got).__name__} {got!r}, want an array"
    got_dtype = np.dtype(got.dtype)
    if str(got_dtype) != entry["dtype"]:
        return f"dtype {got_dtype}, want {entry['dtype']}"
    if list(got.shape) != entry["shape"]:
        return f"shape {tuple(got.shape)}, want {tuple(entry['shape'])}"
    weak = bool(getattr(got, "weak_type", False))
    if weak != entry["weak_type"]:
        return f"weak_type {weak}, want {entry['weak_type']}"
    want, dtype = _values(entry)
    got_np = np.asarray(got).ravel()
    if dtype.kind in "biu":
        return None if np.array_equal(got_np, want) else f"values {got_np}, want {want}"
    rtol = 0 if exact else RTOL[entry["dtype"]]
    if dtype.kind == "c":
        return (_compare_floats(got_np.real.astype(np.float64), want.real, rtol) or
                _compare_floats(got_np.imag.astype(np.float64), want.imag, rtol))
    return _compare_floats(got_np.astype(np.float64), want, rtol)


def compare(got, entry, exact):
    """None if `got` (a wax result) matches the recorded JAX result, else why not."""
    if "tuple" in entry:
        want_type = list if entry["container"] == "list" else tuple
        if not isinstance(got, want_type):
            return f"got {type(got).__name__}, want {entry['container']}"
        if len(got) != len(entry["tuple"]):
            return f"got {len(got)} results, want {len(entry['tuple'])}"
        for i, (g, e) in enumerate(zip(got, entry["tuple"])):
            problem = compare(g, e, exact)
            if problem:
                return f"[{i}]: {problem}"
        return None
    if "dtype_value" in entry:
        ok = isinstance(got, np.dtype) and str(got) == entry["dtype_value"]
        return None if ok else f"got {got!r}, want dtype {entry['dtype_value']}"
    if "python" in entry:
        want = entry["python"]
        if type(got).__name__ != entry["type"]:
            return f"got {type(got).__name__} {got!r}, want {entry['type']} {want!r}"
        if isinstance(want, str) and entry["type"] == "float":
            want = _decode_float(want)
        same = got == want or (isinstance(got, float) and math.isnan(got) and math.isnan(want))
        return None if same else f"got {got!r}, want {want!r}"
    if "python_repr" in entry:
        return None if repr(got) == entry["python_repr"] else \
            f"got {got!r}, want {entry['python_repr']}"
    return _compare_array(got, entry, exact)


def _function(expr):
    match = re.match(r"lax\.(\w+)", expr)
    return match.group(1) if match else "other"


def check(expr, entry):
    """None if wax evaluates `expr` like JAX did, else a description of the difference."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            got = eval(expr, NAMESPACE)
        except Exception as err:  # noqa: BLE001 -- any exception is compared with JAX's
            first = str(err).splitlines()[0] if str(err) else ""
            if "error" not in entry:
                return f"raised {type(err).__name__}: {first}"
            if entry["error"] not in [c.__name__ for c in type(err).__mro__]:
                return f"raised {type(err).__name__} ({first}), JAX raises " \
                       f"{entry['error']}: {entry['message']}"
            return None
    if "error" in entry:
        return f"returned {got!r}, JAX raises {entry['error']}: {entry['message']}"
    name = _function(expr)
    # (complex results of sqrt, div, ... are not exactly rounded)
    exact = (name in EXACT or name.startswith(("scatter", "dynamic_", "reduce_sum"))) and \
        "complex" not in str(entry.get("dtype", ""))
    return compare(got, entry, exact)


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
