"""wax.nn.initializers: values drawn from key(0) against JAX 0.10.2's (jax_nn_facts.json,
section "initializers": wax.random reproduces JAX's bits, so the draws agree to float
rounding), shapes and dtypes, JAX's errors, and distribution statistics (the standard
deviation each scheme promises, within sampling tolerance) on large draws."""
import json
import math
import pathlib

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import random
from wax.nn import initializers as init

FACTS = json.loads((pathlib.Path(__file__).parent / "jax_nn_facts.json").read_text())
INIT = FACTS["initializers"]
KEY = random.key(0)

CASES = {
    "zeros(key, (2, 3))": lambda: init.zeros(KEY, (2, 3)),
    "ones(key, (2,), int32)": lambda: init.ones(KEY, (2,), jnp.int32),
    "constant(-1.5)(key, (2, 2))": lambda: init.constant(-1.5)(KEY, (2, 2)),
    "constant(2, dtype=bfloat16)(key, (3,))":
        lambda: init.constant(2, dtype=jnp.bfloat16)(KEY, (3,)),
    "uniform()(key, (5,))": lambda: init.uniform()(KEY, (5,)),
    "uniform(2.0)(key, (2, 3), float16)": lambda: init.uniform(2.0)(KEY, (2, 3), jnp.float16),
    "normal()(key, (5,))": lambda: init.normal()(KEY, (5,)),
    "normal(3.0)(key, (2, 3))": lambda: init.normal(3.0)(KEY, (2, 3)),
    "truncated_normal()(key, (5,))": lambda: init.truncated_normal()(KEY, (5,)),
    "truncated_normal(1.0, lower=-1.0, upper=0.5)(key, (6,))":
        lambda: init.truncated_normal(1.0, lower=-1.0, upper=0.5)(KEY, (6,)),
    "glorot_uniform()(key, (3, 4))": lambda: init.glorot_uniform()(KEY, (3, 4)),
    "glorot_normal()(key, (3, 4))": lambda: init.glorot_normal()(KEY, (3, 4)),
    "lecun_uniform()(key, (3, 4))": lambda: init.lecun_uniform()(KEY, (3, 4)),
    "lecun_normal()(key, (3, 4))": lambda: init.lecun_normal()(KEY, (3, 4)),
    "he_uniform()(key, (3, 4))": lambda: init.he_uniform()(KEY, (3, 4)),
    "he_normal()(key, (3, 4))": lambda: init.he_normal()(KEY, (3, 4)),
    "he_normal(in_axis=0, out_axis=1)(key, (2, 3, 2))":
        lambda: init.he_normal(in_axis=0, out_axis=1)(KEY, (2, 3, 2)),
    "glorot_uniform(in_axis=(0, 1), out_axis=-1, batch_axis=2)(key, (2, 2, 3, 4))":
        lambda: init.glorot_uniform(in_axis=(0, 1), out_axis=-1, batch_axis=2)(KEY,
                                                                               (2, 2, 3, 4)),
    "variance_scaling(2.0, 'fan_out', 'normal')(key, (3, 2, 4))":
        lambda: init.variance_scaling(2.0, "fan_out", "normal")(KEY, (3, 2, 4)),
    "variance_scaling(1.0, 'fan_geo_avg', 'uniform')(key, (4, 9))":
        lambda: init.variance_scaling(1.0, "fan_geo_avg", "uniform")(KEY, (4, 9)),
    "variance_scaling(1.0, 'fan_in', 'uniform')(key, (2, 2), complex64)":
        lambda: init.variance_scaling(1.0, "fan_in", "uniform")(KEY, (2, 2), jnp.complex64),
    "variance_scaling(1.0, 'fan_avg', 'truncated_normal')(key, (2, 3), complex64)":
        lambda: init.variance_scaling(1.0, "fan_avg", "truncated_normal")(KEY, (2, 3),
                                                                          jnp.complex64),
    "variance_scaling(1.0, 'fan_in', 'normal', dtype=float16)(key, (3, 3))":
        lambda: init.variance_scaling(1.0, "fan_in", "normal", dtype=jnp.float16)(KEY, (3, 3)),
    "orthogonal()(key, (3, 2))": lambda: init.orthogonal()(KEY, (3, 2)),
    "orthogonal(2.0, column_axis=0)(key, (2, 2, 3))":
        lambda: init.orthogonal(2.0, column_axis=0)(KEY, (2, 2, 3)),
    "orthogonal()(key, (3, 0))": lambda: init.orthogonal()(KEY, (3, 0)),
    "delta_orthogonal()(key, (3, 2, 2))": lambda: init.delta_orthogonal()(KEY, (3, 2, 2)),
    "delta_orthogonal(0.5)(key, (2, 3, 2, 3))":
        lambda: init.delta_orthogonal(0.5)(KEY, (2, 3, 2, 3)),
    "glorot_uniform()(key, (3,))": lambda: init.glorot_uniform()(KEY, (3,)),
    "orthogonal()(key, (3,))": lambda: init.orthogonal()(KEY, (3,)),
    "delta_orthogonal()(key, (3, 3))": lambda: init.delta_orthogonal()(KEY, (3, 3)),
    "delta_orthogonal()(key, (3, 3, 2))": lambda: init.delta_orthogonal()(KEY, (3, 3, 2)),
    "variance_scaling(1.0, 'fan_sum', 'normal')(key, (2, 2))":
        lambda: init.variance_scaling(1.0, "fan_sum", "normal")(KEY, (2, 2)),
    "variance_scaling(1.0, 'fan_in', 'cauchy')(key, (2, 2))":
        lambda: init.variance_scaling(1.0, "fan_in", "cauchy")(KEY, (2, 2)),
}


def _expected(value):
    if isinstance(value, dict):
        return np.array(value["real"]) + 1j * np.array(value["imag"])
    return np.array(value, np.float64)


@pytest.mark.parametrize("expr", list(CASES))
def test_initializer_matches_jax(expr):
    want = INIT[expr]
    if "error" in want:
        with pytest.raises(ValueError, match=want["message"][:30].replace("(", r"\(")):
            CASES[expr]()
        return
    got = CASES[expr]()
    assert str(got.dtype) == want["dtype"] and not got.weak_type
    assert list(got.shape) == want["shape"]
    tol = 2e-3 if want["dtype"] in ("float16", "bfloat16") else 1e-5
    got_np = np.asarray(got)
    got_np = got_np if got_np.dtype.kind == "c" else got_np.astype(np.float64)
    np.testing.assert_allclose(got_np, _expected(want["value"]), rtol=tol, atol=tol)


def test_dtype_defaults_follow_x64():
    assert init.normal()(KEY, (2,)).dtype == np.float32
    with wax.enable_x64():
        assert init.normal()(KEY, (2,)).dtype == np.float64
        assert init.glorot_uniform()(KEY, (2, 3)).dtype == np.float64
        assert init.zeros(KEY, (2,)).dtype == np.float64
    # a dtype given to the maker is the default of the initializer it makes
    assert init.normal(dtype=jnp.bfloat16)(KEY, (2,)).dtype == jnp.bfloat16
    assert init.normal(dtype=jnp.bfloat16)(KEY, (2,), jnp.float16).dtype == np.float16


def test_initializers_are_initializers_and_jit():
    assert isinstance(init.he_normal(), init.Initializer)
    assert isinstance(init.zeros, init.Initializer)
    jitted = wax.jit(init.glorot_uniform(), static_argnums=(1,))
    np.testing.assert_array_equal(np.asarray(jitted(KEY, (3, 4))),
                                  np.asarray(init.glorot_uniform()(KEY, (3, 4))))
    with pytest.raises(NotImplementedError, match="out_sharding"):
        init.normal()(KEY, (2,), out_sharding="x")


# --- statistics on large draws --------------------------------------------------------------

def _fans(shape, in_axis=-2, out_axis=-1):
    receptive = math.prod(shape) / shape[in_axis] / shape[out_axis]
    return shape[in_axis] * receptive, shape[out_axis] * receptive


SHAPE = (3, 3, 64, 128)  # a conv kernel: fan_in = 9 * 64, fan_out = 9 * 128
FAN_IN, FAN_OUT = _fans(SHAPE)
STATS = {
    "glorot_uniform": (init.glorot_uniform(), 2 / (FAN_IN + FAN_OUT)),
    "glorot_normal": (init.glorot_normal(), 2 / (FAN_IN + FAN_OUT)),
    "xavier_uniform": (init.xavier_uniform(), 2 / (FAN_IN + FAN_OUT)),
    "lecun_uniform": (init.lecun_uniform(), 1 / FAN_IN),
    "lecun_normal": (init.lecun_normal(), 1 / FAN_IN),
    "he_uniform": (init.he_uniform(), 2 / FAN_IN),
    "he_normal": (init.he_normal(), 2 / FAN_IN),
    "kaiming_normal": (init.kaiming_normal(), 2 / FAN_IN),
    "fan_out normal": (init.variance_scaling(3.0, "fan_out", "normal"), 3 / FAN_OUT),
    "fan_geo_avg uniform": (init.variance_scaling(1.0, "fan_geo_avg", "uniform"),
                            1 / math.sqrt(FAN_IN * FAN_OUT)),
    "normal(0.5)": (init.normal(0.5), 0.25),
}


@pytest.mark.parametrize("name", list(STATS))
def test_standard_deviation_is_the_promised_one(name):
    """With n = 73728 draws the sample std is within ~0.5% of sigma (5 sigma: 2.6%)."""
    fun, variance = STATS[name]
    x = np.asarray(fun(random.key(7), SHAPE), np.float64)
    assert abs(np.mean(x)) < 5 * math.sqrt(variance / x.size)
    np.testing.assert_allclose(np.std(x), math.sqrt(variance), rtol=0.026)


def test_distribution_shapes():
    """uniform schemes stay within sqrt(3) sigma, truncated ones within 2 / 0.8796 sigma,
    and truncated_normal(stddev) has the std of a unit normal cut at +-2 (0.8796...)."""
    sigma = math.sqrt(2 / FAN_IN)
    x = np.asarray(init.he_uniform()(random.key(1), SHAPE))
    assert np.max(np.abs(x)) <= math.sqrt(3) * sigma * (1 + 1e-6)
    assert np.max(np.abs(x)) > 0.99 * math.sqrt(3) * sigma
    x = np.asarray(init.he_normal()(random.key(2), SHAPE))
    assert np.max(np.abs(x)) <= 2 / 0.87962566 * sigma * (1 + 1e-6)
    x = np.asarray(init.truncated_normal(2.0)(random.key(3), (100_000,)))
    assert np.max(np.abs(x)) <= 4.0
    np.testing.assert_allclose(np.std(x), 2.0 * 0.87962566, rtol=0.02)
    x = np.asarray(init.uniform(3.0)(random.key(4), (100_000,)))
    assert 0.0 <= x.min() and x.max() < 3.0
    np.testing.assert_allclose(np.mean(x), 1.5, rtol=0.02)


def test_complex_variance_scaling():
    """Complex draws have E|z|^2 = variance (uniform: modulus up to sqrt(2 variance))."""
    for distribution in ("uniform", "normal", "truncated_normal"):
        x = np.asarray(init.variance_scaling(1.0, "fan_in", distribution)(
            random.key(5), (256, 256), jnp.complex64))
        assert x.dtype == np.complex64
        np.testing.assert_allclose(np.mean(np.abs(x) ** 2), 1 / 256, rtol=0.03)


def test_orthogonal_matrices():
    q = np.asarray(init.orthogonal()(random.key(6), (5, 3)), np.float64)
    np.testing.assert_allclose(q.T @ q, np.eye(3), atol=1e-5)
    q = np.asarray(init.orthogonal(scale=2.0)(random.key(6), (3, 5)), np.float64)
    np.testing.assert_allclose(q @ q.T, 4 * np.eye(3), atol=1e-5)
    # column_axis picks the axis whose slices are orthonormal
    q = np.asarray(init.orthogonal(column_axis=0)(random.key(6), (4, 2, 3)), np.float64)
    flat = np.moveaxis(q, 0, -1).reshape(6, 4)
    np.testing.assert_allclose(flat.T @ flat, np.eye(4), atol=1e-5)


def test_delta_orthogonal_is_zero_off_center():
    w = np.asarray(init.delta_orthogonal()(random.key(8), (3, 3, 4, 4)), np.float64)
    center = w[1, 1]
    np.testing.assert_allclose(center.T @ center, np.eye(4), atol=1e-5)
    w[1, 1] = 0
    assert not w.any()
