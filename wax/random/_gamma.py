"""Samplers built on the random_gamma primitive: gamma, loggamma, beta, dirichlet,
chisquare, f and t. Their derivatives in the shape parameters come from random_gamma's
implicit-reparameterization rule (lax.random_gamma_grad), as in JAX."""
from __future__ import annotations

import numpy as np

from ..primitives import elementwise as ew
from ..primitives.prng import random_gamma_p
from ..transforms.jit import jit
from ._basic import _normal
from ._common import jnp_module as _jnp, split2 as _split2
from ._common import (broadcast_param_shapes, canonical_shape, check_safe_to_cast, check_shape,
                      float_params,
                      float_dtype, shape_of)
from ._keys import check_key




def _gamma(key, a, shape, dtype, log_space=False):
    """Gamma(a) (or its log) values of `shape` from one key's data."""
    a = ew.convert_element_type(a, dtype)
    if shape_of(a) != tuple(shape):
        a = _jnp().broadcast_to(a, shape)
    return random_gamma_p.bind(key, a, log_space=log_space)


_gamma_jit = jit(_gamma, static_argnums=(2, 3, 4))


def _gamma_args(name, key, a, shape, dtype):
    data, _, _ = check_key(name, key)
    dtype = float_dtype("gamma", dtype)
    if shape is None:
        shape = shape_of(a)
    else:
        shape = canonical_shape(shape)
        check_shape("gamma", shape, shape_of(a))
    return data, shape, dtype


def gamma(key, a, shape=None, dtype=None, *, out_sharding=None):
    """Gamma values of shape parameter a (scale 1); differentiable in a."""
    data, shape, dtype = _gamma_args("gamma", key, a, shape, dtype)
    return _gamma_jit(data, a, shape, dtype, False)


def loggamma(key, a, shape=None, dtype=None, *, out_sharding=None):
    """Logs of Gamma(a) values, accurate for small a (where the values underflow)."""
    data, shape, dtype = _gamma_args("loggamma", key, a, shape, dtype)
    return _gamma_jit(data, a, shape, dtype, True)


def beta(key, a, b, shape=None, dtype=None, *, out_sharding=None):
    """Beta(a, b) values, from two log-gamma draws."""
    data, _, _ = check_key("beta", key)
    dtype = float_dtype("beta", dtype)
    check_safe_to_cast("beta", dtype, a, b)
    shape = broadcast_param_shapes("beta", shape, a, b)
    return _beta_jit(data, a, b, shape, dtype)


def _beta(key, a, b, shape, dtype):
    jnp = _jnp()
    a = ew.convert_element_type(a, dtype)
    b = ew.convert_element_type(b, dtype)
    key_a, key_b = _split2(key)
    a = jnp.broadcast_to(a, shape)
    b = jnp.broadcast_to(b, shape)
    log_a = _gamma(key_a, a, shape, dtype, True)
    log_b = _gamma(key_b, b, shape, dtype, True)
    log_max = ew.max(log_a, log_b)
    scaled_a = jnp.exp(log_a - log_max)
    scaled_b = jnp.exp(log_b - log_max)
    return scaled_a / (scaled_a + scaled_b)


_beta_jit = jit(_beta, static_argnums=(3, 4))


def dirichlet(key, alpha, shape=None, dtype=None, *, out_sharding=None):
    """Dirichlet(alpha) vectors along alpha's last axis (a softmax of log-gamma draws)."""
    data, _, _ = check_key("dirichlet", key)
    dtype = float_dtype("dirichlet", dtype)
    if shape is not None:
        shape = canonical_shape(shape)
    alpha_shape = shape_of(alpha)
    if not len(alpha_shape) >= 1:
        raise ValueError(f"dirichlet requires alpha.ndim >= 1, got alpha.ndim == "
                         f"{len(alpha_shape)}")
    if shape is None:
        shape = alpha_shape[:-1]
    else:
        check_shape("dirichlet", shape, alpha_shape[:-1])
    return _dirichlet_jit(data, alpha, tuple(shape), dtype)


def _dirichlet(key, alpha, shape, dtype):
    jnp = _jnp()
    alpha = ew.convert_element_type(alpha, dtype)
    logs = _gamma(key, alpha, shape + shape_of(alpha)[-1:], dtype, True)
    # softmax along the last axis, as jax.nn.softmax computes it
    from ..primitives.elementwise import stop_gradient
    unnormalized = jnp.exp(logs - stop_gradient(jnp.max(logs, -1, keepdims=True)))
    return unnormalized / jnp.sum(unnormalized, -1, keepdims=True)


_dirichlet_jit = jit(_dirichlet, static_argnums=(2, 3))


def chisquare(key, df, shape=None, dtype=None, *, out_sharding=None):
    """Chi-square values with df degrees of freedom."""
    data, dtype, shape = float_params("chisquare", key, dtype, shape, df)
    return _chisquare_jit(data, df, shape, dtype)


def _chisquare(key, df, shape, dtype):
    df = ew.convert_element_type(df, dtype)
    two = np.array(2, dtype)
    half_df = ew.div(df, two)
    log_g = _gamma(key, half_df, shape, dtype, True)
    return ew.mul(_jnp().exp(log_g), two)


_chisquare_jit = jit(_chisquare, static_argnums=(2, 3))


def f(key, dfnum, dfden, shape=None, dtype=None, *, out_sharding=None):
    """F-distribution values with (dfnum, dfden) degrees of freedom."""
    data, dtype, shape = float_params("f", key, dtype, shape, dfnum, dfden)
    return _f_jit(data, dfnum, dfden, shape, dtype)


def _f(key, dfnum, dfden, shape, dtype):
    dfden = ew.convert_element_type(dfden, dtype)
    dfnum = ew.convert_element_type(dfnum, dtype)
    key_dfd, key_dfn = _split2(key)
    chi2_dfn = _chisquare(key_dfn, dfnum, shape, dtype)
    chi2_dfd = _chisquare(key_dfd, dfden, shape, dtype)
    return ew.div(ew.div(chi2_dfn, dfnum), ew.div(chi2_dfd, dfden))


_f_jit = jit(_f, static_argnums=(3, 4))


def t(key, df, shape=None, dtype=None, *, out_sharding=None):
    """Student's t values with df degrees of freedom."""
    data, dtype, shape = float_params("t", key, dtype, shape, df)
    return _t_jit(data, df, shape, dtype)


def _t(key, df, shape, dtype):
    jnp = _jnp()
    df = ew.convert_element_type(df, dtype)
    key_n, key_g = _split2(key)
    n = _normal(key_n, shape, dtype)
    half_df = ew.div(df, np.array(2, dtype))
    g = _gamma(key_g, half_df, shape, dtype)
    return n * jnp.sqrt(half_df / g)


_t_jit = jit(_t, static_argnums=(2, 3))
