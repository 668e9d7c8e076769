"""wax.image against values recorded from JAX 0.10.2 (tests/data/jax_image.json).

Each recorded case is an expression in jax/jnp/image/lax/np; here it is evaluated with wax
in their place: every method with and without antialiasing, upsampling, downsampling and
mixed shapes over 1-3 resized dimensions with batch and channel dimensions, dtypes and
weak types, scale_and_translate with non-trivial scales and translations, gradients (in
the image, the scale and the translation, including at the kinks of scale 1 and
translation 0), vmap, jit, x64, ResizeMethod's names and JAX's errors."""
import json
import pathlib

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.image
import wax.lax
import wax.numpy as jnp

DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" / "jax_image.json").read_text())
NAMESPACE = {"jax": wax, "jnp": jnp, "image": wax.image, "lax": wax.lax, "np": np}

# Relative tolerance per result dtype (scaled by the largest magnitude of the case): wax and
# XLA sum the weights and the contraction in different orders, and their sin differs by an
# ulp (Lanczos).
TOLERANCE = {"float32": 2e-5, "complex64": 2e-5, "float64": 1e-12, "complex128": 1e-12,
             "float16": 2e-3, "bfloat16": 1.6e-2}

# Errors whose class JAX shares with wax but whose message names a tracer or a list the way
# only JAX prints it: the class and the message's start are compared.
MESSAGE_PREFIX = {
    'jax.jit(lambda n: image.resize(jnp.arange(5.), (n,), "linear"))(7)':
        "Shapes must be 1D sequences of concrete values of integer type, got (",
    'image.scale_and_translate(jnp.arange(5.), (7,), (0,), [1.5], [0.3], "linear")':
        "scale_and_translate: scale must be an array",
}


def _dtype(name):
    return np.dtype(ml_dtypes.bfloat16) if name == "bfloat16" else np.dtype(name)


def _check(expr, got, want, weights_dtype=None):
    """`weights_dtype`: where the weights are narrower than the result (float32 scales with a
    float64 image), the tolerance is theirs."""
    if "tuple" in want:
        assert isinstance(got, (tuple, list)) and len(got) == len(want["tuple"]), expr
        for g, w in zip(got, want["tuple"]):
            _check(expr, g, w, weights_dtype)
        return
    if "str" in want or "py" in want:
        assert got == want.get("str", want.get("py")), expr
        return
    dtype = _dtype(want["dtype"])
    got_np = np.asarray(got)
    assert got_np.shape == tuple(want["shape"]), (expr, got_np.shape)
    assert got_np.dtype == dtype, (expr, got_np.dtype, dtype)
    assert bool(getattr(got, "weak_type", False)) == want["weak_type"], expr
    if dtype.kind == "c":
        value = np.asarray(want["value"][0]) + 1j * np.asarray(want["value"][1])
    else:
        value = np.asarray(want["value"], dtype=np.float64 if dtype.kind == "f" or
                           dtype == ml_dtypes.bfloat16 else dtype)
    value = value.reshape(want["shape"])
    if dtype.kind in "biu":
        np.testing.assert_array_equal(got_np, value, err_msg=expr)
        return
    got64 = got_np.astype(np.complex128 if dtype.kind == "c" else np.float64)
    finite = np.isfinite(value)
    scale = max(1.0, float(np.max(np.abs(value[finite]), initial=0.0)))
    tol = max(TOLERANCE[dtype.name], TOLERANCE.get(weights_dtype, 0)) * scale
    np.testing.assert_allclose(got64, value, rtol=0, atol=tol, equal_nan=True, err_msg=expr)
    assert (np.isnan(got64) == np.isnan(value)).all(), expr


@pytest.mark.parametrize("expr", list(DATA["cases"]))
def test_value(expr):
    _check(expr, eval(expr, dict(NAMESPACE)), DATA["cases"][expr])


@pytest.mark.parametrize("expr", list(DATA["cases_x64"]))
def test_value_x64(expr):
    with wax.enable_x64():
        _check(expr, eval(expr, dict(NAMESPACE)), DATA["cases_x64"][expr],
               "float32" if "jnp.float32" in expr else None)


@pytest.mark.parametrize("expr", list(DATA["errors"]))
def test_error(expr):
    want = DATA["errors"][expr]
    with pytest.raises(Exception) as info:
        eval(expr, dict(NAMESPACE))
    assert type(info.value).__name__ == want["type"], (expr, info.value)
    message = str(info.value).split("\n")[0]
    if expr in MESSAGE_PREFIX:
        assert message.startswith(MESSAGE_PREFIX[expr]), message
    else:
        assert message == want["message"]
