"""wax.example_libraries.stax: every layer's init (output shape, parameters from key(0))
and apply against JAX 0.10.2's (jax_nn_facts.json, section "stax"), pooling against
NumPy windows, errors, and a small network trained with optimizers.adam to a loss."""
import json
import pathlib

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import random
from wax.example_libraries import optimizers, stax

FACTS = json.loads((pathlib.Path(__file__).parent / "jax_nn_facts.json").read_text())["stax"]
KEY = random.key(0)
SX = np.linspace(-1.0, 1.0, 2 * 4 * 4 * 3).reshape(2, 4, 4, 3).astype(np.float32)
DX = np.linspace(-2.0, 2.0, 5 * 3).reshape(5, 3).astype(np.float32)

LAYERS = {
    "Dense(4) on (-1, 3) / DX": (stax.Dense(4), (-1, 3), DX, {}),
    "serial(Dense(4), Relu, Dense(2), LogSoftmax) on (5, 3) / DX":
        (stax.serial(stax.Dense(4), stax.Relu, stax.Dense(2), stax.LogSoftmax), (5, 3), DX, {}),
    "Conv(2, (3, 3), padding='SAME') on SX": (stax.Conv(2, (3, 3), padding="SAME"), SX.shape,
                                              SX, {}),
    "Conv(3, (2, 2), strides=(2, 1)) on SX": (stax.Conv(3, (2, 2), strides=(2, 1)), SX.shape,
                                              SX, {}),
    "GeneralConv(('NCHW', 'OIHW', 'NCHW'), 2, (2, 2)) on (2, 3, 4, 4)":
        (stax.GeneralConv(("NCHW", "OIHW", "NCHW"), 2, (2, 2)), (2, 3, 4, 4),
         np.transpose(SX, (0, 3, 1, 2)), {}),
    "ConvTranspose(2, (3, 3), strides=(2, 2), padding='SAME') on SX":
        (stax.ConvTranspose(2, (3, 3), strides=(2, 2), padding="SAME"), SX.shape, SX, {}),
    "Conv1DTranspose(2, (3,)) on SX[:, 0]": (stax.Conv1DTranspose(2, (3,)), SX[:, 0].shape,
                                             SX[:, 0], {}),
    "BatchNorm() on SX": (stax.BatchNorm(), SX.shape, SX, {}),
    "BatchNorm(axis=0, center=False) on DX": (stax.BatchNorm(axis=0, center=False), DX.shape,
                                              DX, {}),
    "MaxPool((2, 2)) on SX": (stax.MaxPool((2, 2)), SX.shape, SX, {}),
    "MaxPool((3, 3), strides=(2, 2), padding='SAME') on SX":
        (stax.MaxPool((3, 3), strides=(2, 2), padding="SAME"), SX.shape, SX, {}),
    "SumPool((2, 3), padding='SAME') on SX": (stax.SumPool((2, 3), padding="SAME"), SX.shape,
                                              SX, {}),
    "AvgPool((3, 3), strides=(1, 2), padding='SAME') on SX":
        (stax.AvgPool((3, 3), strides=(1, 2), padding="SAME"), SX.shape, SX, {}),
    "AvgPool((2,), spec='NCW') on SX[:, 0] as NCW": (stax.AvgPool((2,), spec="NCW"),
                                                     SX[:, 0].shape, SX[:, 0], {}),
    "Flatten on SX": (stax.Flatten, SX.shape, SX, {}),
    "serial(FanOut(2), parallel(Dense(2), Identity), FanInConcat()) on DX":
        (stax.serial(stax.FanOut(2), stax.parallel(stax.Dense(2), stax.Identity),
                     stax.FanInConcat()), DX.shape, DX, {}),
    "serial(FanOut(3), parallel(Tanh, Exp, Gelu), FanInSum) on DX":
        (stax.serial(stax.FanOut(3), stax.parallel(stax.Tanh, stax.Exp, stax.Gelu),
                     stax.FanInSum), DX.shape, DX, {}),
    "Dropout(0.7) on DX, rng=key(1)": (stax.Dropout(0.7), DX.shape, DX,
                                       {"rng": random.key(1)}),
    "Dropout(0.7, mode='test') on DX, rng=key(1)": (stax.Dropout(0.7, mode="test"), DX.shape,
                                                    DX, {"rng": random.key(1)}),
    "serial(Dense(3), Dropout(0.5), Softmax) on DX, rng=key(2)":
        (stax.serial(stax.Dense(3), stax.Dropout(0.5), stax.Softmax), DX.shape, DX,
         {"rng": random.key(2)}),
    "shape_dependent(lambda s: Dense(s[-1])) on DX":
        (stax.shape_dependent(lambda s: stax.Dense(s[-1])), DX.shape, DX, {}),
    **{f"{name} on DX": (getattr(stax, name), DX.shape, DX, {})
       for name in ["Elu", "LeakyRelu", "Selu", "Sigmoid", "Softplus", "Softmax", "Relu"]},
}


def _plain(shape):
    return [_plain(s) for s in shape] if isinstance(shape, (list, tuple)) else int(shape)


@pytest.mark.parametrize("name", list(LAYERS))
def test_layer_matches_jax(name):
    (init_fun, apply_fun), input_shape, inputs, kwargs = LAYERS[name]
    want = FACTS[name]
    out_shape, params = init_fun(KEY, input_shape)
    assert _plain(out_shape) == want["out_shape"]
    leaves = wax.tree.leaves(params)
    assert [list(np.shape(p)) for p in leaves] == want["param_shapes"]
    for got, value in zip(leaves, want["params"]):
        np.testing.assert_allclose(np.asarray(got, np.float64), np.array(value), rtol=1e-5,
                                   atol=1e-6)
    out = apply_fun(params, inputs, **kwargs)
    outs, values = (out, want["apply"]) if isinstance(out, list) else ([out], [want["apply"]])
    for got, value in zip(outs, values):
        assert list(got.shape) == list(np.shape(value))
        np.testing.assert_allclose(np.asarray(got, np.float64), np.array(value), rtol=1e-5,
                                   atol=1e-5)


def _windows(x, window, strides):
    """NumPy's view of the VALID windows of an NHWC array: (N, H', W', C, wh, ww)."""
    view = np.lib.stride_tricks.sliding_window_view(x, window, axis=(1, 2))
    return view[:, ::strides[0], ::strides[1]]


def test_pooling_against_numpy_windows():
    x = np.random.default_rng(0).standard_normal((2, 6, 5, 3)).astype(np.float32)
    windows = _windows(x, (3, 2), (2, 1))
    for layer, reduce in [(stax.MaxPool, np.max), (stax.SumPool, np.sum),
                          (stax.AvgPool, np.mean)]:
        init_fun, apply_fun = layer((3, 2), strides=(2, 1))
        out_shape, _ = init_fun(KEY, x.shape)
        out = apply_fun((), x)
        assert tuple(out_shape) == out.shape == windows.shape[:4]
        np.testing.assert_allclose(np.asarray(out), reduce(windows, axis=(-2, -1)), rtol=1e-5,
                                   atol=1e-6)


def test_layers_under_jit_grad_and_vmap():
    init_fun, apply_fun = stax.serial(stax.Conv(4, (3, 3), padding="SAME"), stax.Relu,
                                      stax.MaxPool((2, 2)), stax.Flatten, stax.Dense(2))
    _, params = init_fun(KEY, SX.shape)
    eager = apply_fun(params, SX)
    np.testing.assert_allclose(np.asarray(wax.jit(apply_fun)(params, SX)), np.asarray(eager),
                               rtol=1e-6, atol=1e-6)
    grads = wax.grad(lambda p: jnp.sum(apply_fun(p, SX) ** 2))(params)
    assert wax.tree.structure(grads) == wax.tree.structure(params)
    # one example at a time (vmap adds the batch axis back) gives the same outputs
    per_example = wax.vmap(lambda x: apply_fun(params, x[None])[0])(SX)
    np.testing.assert_allclose(np.asarray(per_example), np.asarray(eager), rtol=1e-5,
                               atol=1e-6)


def test_dropout_needs_a_key():
    _, apply_fun = stax.Dropout(0.5)
    with pytest.raises(ValueError, match="requires apply_fun to be called with a PRNG key"):
        apply_fun((), DX)


def test_training_a_small_network_with_adam():
    """serial(Dense(16), Relu, Dense(1)) fits y = sin(2x) + x^2 / 2 on 64 points: adam
    (jitted update) brings the mean squared error from ~1 to below 0.01."""
    x = np.linspace(-1.5, 1.5, 64, dtype=np.float32)[:, None]
    y = np.sin(2 * x) + x ** 2 / 2
    init_fun, apply_fun = stax.serial(stax.Dense(16), stax.Relu, stax.Dense(1))
    _, params = init_fun(random.key(42), (-1, 1))
    opt_init, opt_update, get_params = optimizers.adam(0.02)

    def loss(params):
        return jnp.mean((apply_fun(params, x) - y) ** 2)

    @wax.jit
    def step(i, state):
        value, grads = wax.value_and_grad(loss)(get_params(state))
        return value, opt_update(i, grads, state)

    state = opt_init(params)
    first = float(loss(params))
    for i in range(400):
        value, state = step(i, state)
    final = float(loss(get_params(state)))
    assert first > 0.3
    assert final < 0.01, (first, final)
