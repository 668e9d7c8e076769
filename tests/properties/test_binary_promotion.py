"""Hypothesis: binary wax.numpy functions over drawn broadcastable shapes and dtype pairs.
The expected result dtype comes from JAX's promotion table (data recorded from JAX), the
shape from NumPy's broadcasting, the values from NumPy in the promoted dtype."""
import json
import pathlib

import ml_dtypes
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import wax.numpy as jnp

TABLE = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                    "promotion.json").read_text())["x64_off"]
NAMES = ["bool", "uint8", "uint16", "uint32", "int8", "int16", "int32", "bfloat16", "float16",
         "float32", "complex64"]
SCALARS = {"i*": 2, "f*": 0.5, "c*": 1 + 1j}
FUNCTIONS = {"add": (jnp.add, np.add), "multiply": (jnp.multiply, np.multiply),
             "maximum": (jnp.maximum, np.maximum), "subtract": (jnp.subtract, np.subtract)}


def _dtype(name):
    return np.dtype(getattr(ml_dtypes, name, None) or name)


def _values(shape, name, rng):
    dtype = _dtype(name)
    if name == "bool":
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        return rng.integers(0, 5, size=shape).astype(dtype)
    return rng.uniform(-2, 2, size=shape).astype(dtype)


def _expected(fn, a, b, out_dtype):
    wide = np.complex128 if out_dtype.kind == "c" else (
        np.float64 if out_dtype.kind == "f" or out_dtype == ml_dtypes.bfloat16 else out_dtype)
    return fn(np.asarray(a).astype(wide), np.asarray(b).astype(wide)).astype(out_dtype)


@settings(max_examples=150, deadline=None)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
       a=st.sampled_from(NAMES), b=st.sampled_from(NAMES),
       fn=st.sampled_from(sorted(FUNCTIONS)), seed=st.integers(0, 2 ** 16))
def test_array_array(shapes, a, b, fn, seed):
    if fn == "subtract" and "bool" in (a, b):
        return  # bool - bool is a TypeError in NumPy and JAX
    if fn == "maximum" and "complex64" in (a, b):
        return
    rng = np.random.default_rng(seed)
    x, y = (_values(s, n, rng) for s, n in zip(shapes.input_shapes, (a, b)))
    wax_fn, np_fn = FUNCTIONS[fn]
    out = wax_fn(jnp.asarray(x), jnp.asarray(y))
    expected_dtype = _dtype(TABLE[a][b].rstrip("*"))
    assert out.dtype == expected_dtype and not out.weak_type
    assert out.shape == shapes.result_shape
    ref = _expected(np_fn, x, y, expected_dtype)
    tol = {"bfloat16": 2e-2, "float16": 2e-3}.get(expected_dtype.name, 1e-6)
    np.testing.assert_allclose(np.asarray(out).astype(ref.dtype), ref, rtol=tol, atol=tol)


@settings(max_examples=100, deadline=None)
@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=3),
       a=st.sampled_from(NAMES[1:]), scalar=st.sampled_from(sorted(SCALARS)),
       reflected=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_array_python_scalar(shape, a, scalar, reflected, seed):
    x = _values(shape, a, np.random.default_rng(seed))
    s = SCALARS[scalar]
    wx = jnp.asarray(x)
    out = (s + wx) if reflected else (wx + s)
    entry = TABLE[a][scalar]
    assert out.dtype == _dtype(entry.rstrip("*"))
    assert out.weak_type == entry.endswith("*")
    ref = _expected(np.add, x, np.full(shape, s), out.dtype)
    np.testing.assert_allclose(np.asarray(out).astype(ref.dtype), ref, rtol=2e-2, atol=2e-2)
