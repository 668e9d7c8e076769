"""The facts recorded from JAX 0.10.2 in tests/data/jax_numpy_sets_poly.json, and how the
set/search and polynomial tests compare wax's results with them (dtype, shape, weak type,
values)."""
import json
import pathlib
import re

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.lax
import wax.numpy as jnp

DATA = json.loads((pathlib.Path(__file__).parent / "data" /
                   "jax_numpy_sets_poly.json").read_text())
NAMESPACE = {"jax": wax, "jnp": jnp, "lax": wax.lax, "np": np}

# Expressions of the polynomial/window area are checked in test_polynomials.py.
POLY_AREA = re.compile(r"jnp\.(poly|roots|vander|bartlett|blackman|hamming|hanning|kaiser|i0"
                       r"|spacing)")
BF16 = np.dtype(ml_dtypes.bfloat16)


def decode(entry):
    dtype = BF16 if entry["dtype"] == "bfloat16" else np.dtype(entry["dtype"])
    value = entry["value"]
    if dtype.kind == "c":
        out = np.asarray(value[0]) + 1j * np.asarray(value[1])
    else:
        out = np.asarray(value, np.float64 if dtype.kind == "f" or dtype == BF16 else dtype)
    return out.astype(dtype).reshape(entry["shape"])


def compare(expr, got, entry, rtol):
    """`got` has JAX's dtype, shape and weak type, and its values (floats within rtol of the
    largest magnitude, NaNs where JAX has them)."""
    if "tuple" in entry:
        assert isinstance(got, (tuple, list)) and len(got) == len(entry["tuple"]), expr
        for g, e in zip(got, entry["tuple"]):
            compare(expr, g, e, rtol)
        return
    want = decode(entry)
    got_np = np.asarray(got)
    assert got_np.shape == want.shape, (expr, got_np.shape, want.shape)
    assert got_np.dtype == want.dtype, (expr, got_np.dtype, want.dtype)
    assert bool(getattr(got, "weak_type", False)) == entry["weak_type"], expr
    if want.dtype.kind in "biu":
        np.testing.assert_array_equal(got_np, want, err_msg=expr)
        return
    as_float = (lambda a: np.stack([a.real, a.imag]).astype(np.float64)) \
        if want.dtype.kind == "c" else (lambda a: a.astype(np.float64))
    g, w = as_float(got_np), as_float(want)
    scale = np.nanmax(np.abs(np.where(np.isinf(w), 0, w)), initial=1.0)
    np.testing.assert_allclose(g, w, rtol=rtol, atol=rtol * scale, equal_nan=True,
                               err_msg=expr)


def check_raises_like_jax(expr, entry):
    with pytest.raises(Exception) as info:
        eval(expr, NAMESPACE)
    names = [c.__name__ for c in type(info.value).__mro__]
    assert entry["type"] in names, (expr, names, entry)
