"""Comparing a wax result with a result recorded from JAX (the edge-case batteries
tests/data/jax_numpy_edges.json and jax_lax_edges.json share this encoding): an entry holds
dtype, shape, weak_type and the flattened values (floats as numbers or 'nan'/'inf'
strings; complex as [real parts, imaginary parts]), or a tuple/list of entries, a dtype
(dtype_value), a Python value (python, type) or its repr (python_repr).

compare(got, entry, rtol_of) is None when they agree, else a short description: dtype,
weak type and shape exactly; integers and bools exactly; floats with NaN, infinity and
signed-zero positions exact and values within rtol_of(dtype name) (0: bit for bit)."""
import math
import warnings

import ml_dtypes
import numpy as np

BF16 = np.dtype(ml_dtypes.bfloat16)


def values(entry):
    """(the recorded values as a flat NumPy array, their dtype)."""
    dtype = BF16 if entry["dtype"] == "bfloat16" else np.dtype(entry["dtype"])
    value = entry["value"]
    if dtype.kind == "c":
        out = np.empty(len(value[0]), np.complex128)  # (assigned parts keep signed zeros)
        out.real, out.imag = ([float(v) for v in part] for part in value)
        return out, dtype
    if dtype.kind == "f" or dtype == BF16:
        return np.asarray([float(v) for v in value], np.float64), dtype
    return np.asarray(value, dtype if dtype.kind != "b" else bool), dtype


def compare_floats(got, want, rtol, dtype):
    """None if got matches want (float64 arrays of `dtype`'s values), else a description."""
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
    # (near zero: an absolute slack of the dtype's smallest normal, or rtol * 1e-30 where
    # that is larger, since XLA flushes subnormal results to zero)
    slack = max(float(ml_dtypes.finfo(dtype).tiny), rtol * 1e-30)
    if np.any(np.abs(g - w) > rtol * np.abs(w) + slack):
        return f"values differ beyond rtol={rtol}: got {got}, want {want}"
    return None


def compare_array(got, entry, rtol_of):
    if not hasattr(got, "dtype") or not hasattr(got, "shape") or isinstance(got, np.ndarray):
        return f"got {type(got).__name__} {got!r}, want a wax Array"
    if str(np.dtype(got.dtype)) != entry["dtype"]:
        return f"dtype {got.dtype}, want {entry['dtype']}"
    if list(got.shape) != entry["shape"]:
        return f"shape {tuple(got.shape)}, want {tuple(entry['shape'])}"
    weak = bool(getattr(got, "weak_type", False))
    if weak != entry["weak_type"]:
        return f"weak_type {weak}, want {entry['weak_type']}"
    want, dtype = values(entry)
    got_np = np.asarray(got).ravel()
    if dtype.kind in "biu":
        return None if np.array_equal(got_np, want) else f"values {got_np}, want {want}"
    rtol = rtol_of(entry["dtype"])
    if dtype.kind == "c":
        part = np.finfo(dtype).dtype
        return (compare_floats(got_np.real.astype(np.float64), want.real, rtol, part) or
                compare_floats(got_np.imag.astype(np.float64), want.imag, rtol, part))
    return compare_floats(got_np.astype(np.float64), want, rtol, dtype)


def compare(got, entry, rtol_of):
    """None if `got` (a wax result) matches the recorded JAX result, else why not."""
    if "tuple" in entry:
        container = entry["container"]
        if not isinstance(got, list if container == "list" else tuple):
            return f"got {type(got).__name__}, want {container}"
        if len(got) != len(entry["tuple"]):
            return f"got {len(got)} results, want {len(entry['tuple'])}"
        for i, (g, e) in enumerate(zip(got, entry["tuple"])):
            problem = compare(g, e, rtol_of)
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
            want = float(want)
        same = got == want or (isinstance(got, float) and math.isnan(got) and math.isnan(want))
        return None if same else f"got {got!r}, want {want!r}"
    if "python_repr" in entry:
        return None if repr(got) == entry["python_repr"] else \
            f"got {got!r}, want {entry['python_repr']}"
    return compare_array(got, entry, rtol_of)


def check(expr, entry, namespace, rtol_of, message_ok=lambda message, want: True):
    """None if evaluating `expr` in `namespace` gives what JAX gave (`entry`), else why
    not: the same exception class (or a subclass) with a message message_ok accepts, or a
    result `compare` accepts."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            got = eval(expr, namespace)
        except Exception as err:  # noqa: BLE001 -- any exception is compared with JAX's
            first = str(err).splitlines()[0] if str(err) else ""
            if "error" not in entry:
                return f"raised {type(err).__name__}: {first}"
            if entry["error"] not in [c.__name__ for c in type(err).__mro__]:
                return (f"raised {type(err).__name__} ({first}), JAX raises "
                        f"{entry['error']}: {entry['message']}")
            if not message_ok(str(err), entry["message"]):
                return f"message {first!r} is off JAX's: {entry['message']}"
            return None
    if "error" in entry:
        return f"returned {got!r}, JAX raises {entry['error']}: {entry['message']}"
    return compare(got, entry, rtol_of)
