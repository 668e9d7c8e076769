"""wax.nn's special cases: empty and 0-d inputs, integer inputs, x64, the custom
derivatives under every transformation, one_hot's corners (named axes, traced
num_classes, float input), attention's residual and argument errors, the scaled matmuls,
and the errors bad arguments get. Values and dtypes at the kinks, infinities and NaN
are JAX facts in test_jax_facts.py; the op-record table checks grads and vmap."""
import warnings

import numpy as np
import pytest
import scipy.special

import wax
import wax.numpy as jnp
from wax import nn
from wax.test_util import check_grads


def _np(x):
    return np.asarray(x)


# --- empty and 0-d inputs --------------------------------------------------------------------

@pytest.mark.parametrize("fun", [nn.relu, nn.relu6, nn.gelu, nn.silu, nn.softplus, nn.elu,
                                 nn.hard_tanh, nn.log_sigmoid, nn.sparse_plus, nn.mish])
def test_elementwise_on_empty_and_scalar(fun):
    empty = fun(jnp.zeros((0, 3)))
    assert empty.shape == (0, 3) and empty.dtype == np.float32
    scalar = fun(jnp.float32(0.5))
    assert scalar.shape == () and scalar.dtype == np.float32


def test_normalizers_on_empty_axes():
    """An empty reduction: logsumexp is -inf, softmax of an empty axis is empty, and the
    other rows are untouched."""
    assert float(nn.logsumexp(jnp.zeros((0,)))) == -np.inf
    np.testing.assert_array_equal(_np(nn.logsumexp(jnp.zeros((2, 0)), axis=1)),
                                  [-np.inf, -np.inf])
    assert nn.softmax(jnp.zeros((2, 0))).shape == (2, 0)
    assert nn.log_softmax(jnp.zeros((0, 3))).shape == (0, 3)
    assert nn.one_hot(jnp.zeros((0,), jnp.int32), 3).shape == (0, 3)


def test_softmax_of_a_scalar_needs_an_axis():
    with pytest.raises(ValueError, match="axis -1 is out of bounds for array of dimension 0"):
        nn.softmax(jnp.float32(1.0))
    # axis=None normalizes over everything, which a 0-d array allows
    assert float(nn.softmax(jnp.float32(3.0), axis=None)) == 1.0


# --- integer inputs and x64 ---------------------------------------------------------------------

def test_integer_inputs_keep_integer_results_where_jax_does():
    x = np.array([-3, -1, 0, 2, 5], np.int32)
    out = nn.relu(x)
    assert out.dtype == np.int32
    np.testing.assert_array_equal(_np(out), [0, 0, 0, 2, 5])
    np.testing.assert_array_equal(_np(nn.hard_tanh(x)), [-1, -1, 0, 1, 1])
    np.testing.assert_allclose(_np(nn.softmax(x)), scipy.special.softmax(x), rtol=1e-6)
    with pytest.raises(TypeError, match="logistic"):
        nn.sigmoid(x)


def test_float64_under_x64():
    x = np.linspace(-4, 4, 9)
    with wax.enable_x64():
        out = nn.gelu(x, approximate=False)
        assert out.dtype == np.float64
        np.testing.assert_allclose(_np(out), 0.5 * x * (1 + scipy.special.erf(x / np.sqrt(2))),
                                   rtol=1e-14, atol=1e-15)
        sm = nn.softmax(x)
        assert sm.dtype == np.float64
        np.testing.assert_allclose(_np(sm), scipy.special.softmax(x), rtol=1e-14)
        lse = nn.logsumexp(x)
        np.testing.assert_allclose(float(lse), scipy.special.logsumexp(x), rtol=1e-15)
    assert nn.gelu(x).dtype == np.float32  # x64 off again: float64 input is truncated


# --- custom derivatives ------------------------------------------------------------------------

def test_custom_derivatives_appear_in_the_jaxpr():
    """relu, relu6, log1mexp, softplus and softmax carry their own JVP rules (as JAX's),
    staged as custom_jvp_call; eager calls skip the staging."""
    for fun in (nn.relu, nn.relu6, nn.log1mexp, nn.softplus, nn.softmax):
        assert "custom_jvp_call" in str(wax.make_jaxpr(fun)(jnp.ones(3)))


def test_relu_derivative_at_zero_under_each_transformation():
    x = jnp.array([-1.0, 0.0, 2.0])
    expected = [0.0, 0.0, 1.0]
    np.testing.assert_array_equal(_np(wax.vmap(wax.grad(nn.relu))(x)), expected)
    np.testing.assert_array_equal(_np(wax.jit(wax.vmap(wax.grad(nn.relu)))(x)), expected)
    _, tangent = wax.jvp(nn.relu, (x,), (jnp.ones(3),))
    np.testing.assert_array_equal(_np(tangent), expected)
    np.testing.assert_array_equal(_np(wax.jacrev(nn.relu)(x)), np.diag(expected))
    np.testing.assert_array_equal(_np(wax.jacfwd(nn.relu6)(jnp.array([0.0, 3.0, 6.0]))),
                                  np.diag([0.0, 1.0, 0.0]))


def test_softmax_gradients_are_finite_at_minus_infinity():
    x = jnp.array([[0.0, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]])
    for fun in (nn.softmax, nn.log_softmax):
        g = wax.grad(lambda x: jnp.sum(fun(x) * jnp.array([1.0, 2.0, 3.0])))(x)
        assert np.all(np.isfinite(_np(g)))
    g = wax.grad(lambda x: jnp.sum(nn.logsumexp(x, axis=1)))(x)
    assert np.all(np.isfinite(_np(g)))


def test_softmax_second_order_and_vmap_of_grad():
    x = np.array([[0.3, -1.2, 2.0, 0.1], [1.0, 1.0, -0.5, 0.0]], np.float64)
    mask = np.array([[True, True, False, True], [True, False, True, True]])
    with wax.enable_x64():
        check_grads(lambda x: nn.softmax(x, where=mask), (x,), order=2)
        check_grads(lambda x: nn.softmax(x, axis=0), (x,), order=2)
        per_row = wax.vmap(wax.grad(lambda r: nn.softmax(r)[0]))(x)
        for row, got in zip(x, _np(per_row)):
            s = scipy.special.softmax(row)
            np.testing.assert_allclose(got, s[0] * ((np.arange(4) == 0) - s), rtol=1e-12)


def test_softmax_where_masks_rows_fully():
    x = jnp.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    mask = jnp.array([[False, False, False], [True, False, True]])
    out = _np(nn.softmax(x, where=mask))
    np.testing.assert_array_equal(out[0], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(out[1], [1 / (1 + np.e ** 2), 0.0, np.e ** 2 / (1 + np.e ** 2)],
                               rtol=1e-6)
    with pytest.raises(ValueError, match="boolean"):
        nn.softmax(x, where=jnp.ones((2, 3)))


def test_logsumexp_b_and_sign():
    a = np.array([0.0, 1.0, np.inf], np.float32)
    # b == 0 removes a term even where a is inf
    np.testing.assert_allclose(float(nn.logsumexp(a, b=np.array([1.0, 1.0, 0.0]))),
                               np.log(1 + np.e), rtol=1e-6)
    neg = nn.logsumexp(np.array([0.0, 1.0]), b=np.array([1.0, -1.0]))
    assert np.isnan(float(neg))  # a negative sum without return_sign is NaN, as JAX's
    value, sign = nn.logsumexp(np.array([0.0, 1.0]), b=np.array([1.0, -1.0]), return_sign=True)
    np.testing.assert_allclose(float(value), np.log(np.e - 1), rtol=1e-6)
    assert float(sign) == -1.0
    grad_b = wax.grad(lambda b: nn.logsumexp(jnp.array([0.0, 1.0]), b=b))(jnp.array([1.0, 2.0]))
    np.testing.assert_allclose(_np(grad_b), np.exp([0.0, 1.0]) / (1 + 2 * np.e), rtol=1e-6)


def test_standardize_given_moments_and_integer_input():
    x = np.array([[1, 2, 3, 4]], np.int32)
    out = nn.standardize(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(_np(out), (x - 2.5) / np.sqrt(1.25 + 1e-5), rtol=1e-6)
    given = nn.standardize(x, mean=jnp.array([[1.0]]), variance=jnp.array([[4.0]]),
                           epsilon=0.0)
    np.testing.assert_allclose(_np(given), (x - 1.0) / 2.0, rtol=1e-6)


# --- one_hot -----------------------------------------------------------------------------------

def test_one_hot_under_jit_and_vmap():
    x = jnp.array([[0, 3], [1, 7]])
    want = _np(nn.one_hot(x, 4))
    np.testing.assert_array_equal(_np(wax.jit(nn.one_hot, static_argnums=1)(x, 4)), want)
    np.testing.assert_array_equal(_np(wax.vmap(lambda r: nn.one_hot(r, 4))(x)), want)


def test_one_hot_along_a_named_vmap_axis():
    """axis=<name> inside vmap(axis_name=name): member i of the mapped axis gets x == i."""
    x = jnp.array([2, 0, 1])
    out = wax.vmap(lambda _: nn.one_hot(x, 3, axis="i"), axis_name="i")(jnp.zeros(3))
    np.testing.assert_array_equal(_np(out), (np.arange(3)[:, None] == _np(x)).astype(np.float32))
    with pytest.raises(ValueError, match="num_classes to match the size of axis i"):
        wax.vmap(lambda _: nn.one_hot(x, 4, axis="i"), axis_name="i")(jnp.zeros(3))


def test_one_hot_arguments():
    with pytest.warns(DeprecationWarning, match="integer-typed"):
        nn.one_hot(jnp.array([0.0, 1.0]), 2)
    with pytest.raises(TypeError, match="bool"):
        nn.one_hot(jnp.array([True]), 2)
    with pytest.raises(TypeError, match="num_classes"):
        wax.jit(lambda n: nn.one_hot(jnp.array([0]), n))(3)
    with pytest.raises(TypeError, match="num_classes"):
        nn.one_hot(jnp.array([0]), 2.5)
    with pytest.raises(ValueError, match="out of bounds"):
        nn.one_hot(jnp.array([0]), 2, axis=-3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.one_hot(jnp.array([1], jnp.uint8), 2, dtype=jnp.int32).dtype == np.int32


# --- argument errors ---------------------------------------------------------------------------

@pytest.mark.parametrize("fun", [nn.relu, nn.relu6, nn.sigmoid, nn.softplus, nn.gelu, nn.glu,
                                 nn.elu, nn.celu, nn.selu, nn.leaky_relu, nn.silu, nn.mish,
                                 nn.soft_sign, nn.hard_tanh, nn.hard_sigmoid, nn.hard_silu,
                                 nn.sparse_plus, nn.sparse_sigmoid, nn.squareplus,
                                 nn.log_sigmoid, nn.log1mexp, nn.identity, nn.softmax,
                                 nn.log_softmax, nn.logsumexp, nn.logmeanexp, nn.standardize])
def test_lists_are_refused_like_jax(fun):
    with pytest.raises(TypeError, match="requires ndarray or scalar arguments"):
        fun([1.0, 2.0])


def test_glu_needs_an_even_axis():
    with pytest.raises(ValueError, match=r"divisible by 2.*\(2, 3\)"):
        nn.glu(jnp.ones((2, 3)))
    np.testing.assert_allclose(_np(nn.glu(jnp.ones((2, 4)), axis=-1)),
                               np.full((2, 2), scipy.special.expit(1.0)), rtol=1e-6)


# --- dot_product_attention ---------------------------------------------------------------------

RNG = np.random.default_rng(3)
Q = RNG.standard_normal((2, 3, 4, 8)).astype(np.float32)
K = RNG.standard_normal((2, 5, 2, 8)).astype(np.float32)
V = RNG.standard_normal((2, 5, 2, 8)).astype(np.float32)


def test_attention_residual_is_the_logsumexp_of_the_logits():
    out, residual = nn.dot_product_attention(Q, K, V, return_residual=True)
    assert out.shape == Q.shape and residual.shape == (2, 3, 4)
    logits = np.einsum("btnh,bsnh->bnts", Q, K[:, :, [0, 0, 1, 1]]) / np.sqrt(8)
    np.testing.assert_allclose(_np(residual),
                               np.transpose(scipy.special.logsumexp(logits, -1), (0, 2, 1)),
                               rtol=1e-5)
    # the residual is a constant to differentiation (JAX stops its gradient)
    g = wax.grad(lambda q: jnp.sum(nn.dot_product_attention(q, K, V,
                                                            return_residual=True)[1]))(Q)
    np.testing.assert_array_equal(_np(g), 0)


def test_attention_argument_errors():
    with pytest.raises(ValueError, match="value dtype should be float32"):
        nn.dot_product_attention(Q, K, V.astype(np.float16))
    with pytest.raises(ValueError, match="value shape should be"):
        nn.dot_product_attention(Q, K, V[:, :4])
    with pytest.raises(ValueError, match="query shape should be"):
        nn.dot_product_attention(Q[..., :4], K, V)
    with pytest.raises(ValueError, match="mask dtype should be bool"):
        nn.dot_product_attention(Q, K, V, mask=np.ones((1, 1, 3, 5), np.float32))
    with pytest.raises(ValueError, match="query_seq_lengths dtype should be int32"):
        nn.dot_product_attention(Q, K, V, query_seq_lengths=np.array([1.0, 2.0], np.float32))
    with pytest.raises(ValueError, match="bias and mask must have 1 or 4 heads"):
        nn.dot_product_attention(Q, K, V, bias=np.zeros((1, 2, 3, 5), np.float32))


# --- scaled matmuls ----------------------------------------------------------------------------

def test_scaled_matmul_dequantizes_block_by_block():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1, 3, 8)).astype(np.float32)
    b = rng.standard_normal((1, 2, 8)).astype(np.float32)
    a_scales = rng.uniform(0.5, 2, (1, 3, 2)).astype(np.float32)
    b_scales = rng.uniform(0.5, 2, (1, 2, 2)).astype(np.float32)
    out = nn.scaled_matmul(a, b, a_scales, b_scales)
    a_full = a * np.repeat(a_scales, 4, axis=-1)
    b_full = b * np.repeat(b_scales, 4, axis=-1)
    assert out.dtype == np.float32 and out.shape == (1, 3, 2)
    np.testing.assert_allclose(_np(out), np.einsum("bmk,bnk->bmn", a_full, b_full), rtol=1e-5)
    with pytest.raises(ValueError, match="3-dimensional"):
        nn.scaled_matmul(a[0], b, a_scales, b_scales)
    with pytest.raises(ValueError, match="matching batch"):
        nn.scaled_matmul(a, b[..., :4], a_scales, b_scales)


def test_scaled_dot_general():
    x, y = np.ones((2, 4), np.float32), np.ones((4, 3), np.float32)
    out = nn.scaled_dot_general(x, y, (((1,), (0,)), ((), ())))
    np.testing.assert_array_equal(_np(out), np.full((2, 3), 4.0))
    config = nn.get_scaled_dot_general_config("mxfp8")
    assert config.block_size == 32 and config.mode == "mxfp8"
    assert nn.get_scaled_dot_general_config("nvfp4").block_size == 16
    with pytest.raises(ValueError, match="Unsupported mode"):
        nn.get_scaled_dot_general_config("fp2")
    with pytest.raises(NotImplementedError, match="float8"):
        nn.scaled_dot_general(x, y, (((1,), (0,)), ((), ())), configs=[config] * 3)
