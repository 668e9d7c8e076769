"""Typed key arrays through wax.numpy and wax.lax, against JAX 0.10.2
(tests/data/jax_key_arrays.json): shape operations, selection, joining, indexing and
equality act on whole keys (their uint32 words move together), under jit and vmap too;
arithmetic and sorting refuse the key dtype with a TypeError."""
import json
import pathlib

import numpy as np
import pytest

import wax as jax
import wax.numpy as jnp
import wax.random as random

DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" / "jax_key_arrays.json")
                  .read_text())["cases"]
k = random.split(random.key(0), 6).reshape(2, 3)
k1 = random.key(1)
m = jnp.array([True, False, True])
NAMES = {"jax": jax, "jnp": jnp, "random": random, "k": k, "k1": k1, "m": m}

# Errors whose class matches JAX's but whose message wax words differently (the message
# JAX gives comes from its internals: the lowering of sort or a dtype parse).
OWN_MESSAGE = {"jnp.sum(k)": "sum does not accept dtype key<fry>.",
               "jnp.sort(k)": "sort does not accept dtype key<fry>."}


@pytest.mark.parametrize("expr", list(DATA))
def test_key_arrays_match_jax(expr):
    expected = DATA[expr]
    if "error" in expected:
        with pytest.raises(Exception) as info:
            eval(expr, dict(NAMES))
        assert type(info.value).__name__ == expected["error"]
        assert str(info.value).split("\n")[0] == OWN_MESSAGE.get(expr, expected["message"])
        return
    got = eval(expr, dict(NAMES))
    if isinstance(got, (list, tuple)):
        got = got[0]
    assert str(got.dtype) == expected["dtype"]
    assert list(got.shape) == expected["shape"]
    if "key_data" in expected:
        np.testing.assert_array_equal(np.asarray(random.key_data(got)), expected["key_data"])
    else:
        np.testing.assert_array_equal(np.asarray(got), expected["value"])
