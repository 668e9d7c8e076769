"""Result dtypes under x64 against JAX 0.10.2 (tests/data/jax_x64_dtypes.json).

JAX maps integers narrower than 64 bits and bools to float32 when a function needs an
inexact dtype (mean, var, quantile, linalg, sqrt, ...), even with x64 on; only int64 and
uint64 give float64. Python scalars are 64-bit under x64 and so give float64."""
import json
import os
import warnings

import numpy as np
import pytest

import wax
import wax.nn  # noqa: F401
import wax.numpy as jnp
import wax.scipy.fft  # noqa: F401
import wax.scipy.special  # noqa: F401
import wax.scipy.stats  # noqa: F401

with open(os.path.join(os.path.dirname(__file__), "..", "data", "jax_x64_dtypes.json")) as f:
    FACTS = json.load(f)

NAMES = {"jax": wax, "jnp": jnp, "x": np.array([1, 2, 3], np.int32),
         "m": np.array([[1, 2], [3, 4]], np.int32), "b": np.array([True, False]),
         "i8": np.array([1, 2], np.int8), "u16": np.array([1, 2], np.uint16),
         "i64": np.array([1, 2], np.int64), "h": np.array([1, 2], np.float16)}


@pytest.mark.parametrize("expr", [k for k in FACTS if not k.startswith("_")])
def test_result_dtype_under_x64_matches_jax(expr):
    expected = FACTS[expr]
    with wax.enable_x64(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if expected[0].startswith("ERR "):
            with pytest.raises(Exception) as info:
                eval(expr, NAMES)
            assert type(info.value).__name__ == expected[0][4:]
            return
        got = eval(expr, NAMES)
    assert [str(got.dtype), bool(got.weak_type)] == expected
