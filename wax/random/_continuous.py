"""Continuous samplers built on uniform and normal draws, each JAX's transform step for
step: exponential, cauchy, laplace, logistic, truncated_normal, multivariate_normal,
lognormal, pareto, rayleigh, wald, weibull_min, triangular, maxwell, double_sided_maxwell,
rademacher, generalized_normal, ball and orthogonal."""
from __future__ import annotations

import operator

import numpy as np

from ..core import dtypes
from ..primitives import elementwise as ew
from ..transforms.jit import jit
from ._basic import _bernoulli, _normal, _uniform, _const
from ._common import jnp_module as _jnp, split2 as _split2
from ._common import (broadcast_param_shapes, canonical_shape, check_safe_to_cast, check_shape,
                      float_params,
                      float_dtype, shape_of)
from ._keys import check_key




# -- standard distributions from one uniform draw ---------------------------------------------

def _exponential(key, shape, dtype):
    u = _uniform(key, 0., 1., shape, dtype)
    return ew.neg(ew.log1p(ew.neg(u)))


def _cauchy(key, shape, dtype):
    u = _uniform(key, np.array(dtypes.finfo(dtype).eps, dtype), 1., shape, dtype)
    return ew.tan(ew.mul(_const(dtype, np.pi), ew.sub(u, _const(dtype, 0.5))))


def _laplace(key, shape, dtype):
    low = np.array(-1. + dtypes.finfo(dtype).epsneg, dtype)
    u = _uniform(key, low, 1., shape, dtype)
    return ew.mul(ew.sign(u), ew.log1p(ew.neg(ew.abs(u))))


def _logistic(key, shape, dtype):
    x = _uniform(key, np.array(dtypes.finfo(dtype).tiny, dtype), 1., shape, dtype)
    return ew.sub(ew.log(x), ew.log1p(ew.neg(x)))


def _maxwell(key, shape, dtype):
    jnp = _jnp()
    x = _normal(key, (*shape, 3), dtype)
    return jnp.sqrt(jnp.sum(x * x, axis=-1))


def _rademacher(key, shape, dtype):
    p = np.array(0.5, dtypes.default_float_dtype())
    heads = ew.convert_element_type(_bernoulli(key, p, shape, "low"), dtype)
    return ew.convert_element_type(2 * heads - 1, dtype)


_exponential_jit = jit(_exponential, static_argnums=(1, 2))
_cauchy_jit = jit(_cauchy, static_argnums=(1, 2))
_laplace_jit = jit(_laplace, static_argnums=(1, 2))
_logistic_jit = jit(_logistic, static_argnums=(1, 2))
_maxwell_jit = jit(_maxwell, static_argnums=(1, 2))
_rademacher_jit = jit(_rademacher, static_argnums=(1, 2))


def _standard(name, impl):
    def sampler(key, shape=(), dtype=None, *, out_sharding=None):
        data, _, _ = check_key(name, key)
        dtype = float_dtype(name, dtype)
        return impl(data, canonical_shape(shape), dtype)
    sampler.__name__ = sampler.__qualname__ = name
    return sampler


exponential = _standard("exponential", _exponential_jit)
exponential.__doc__ = "Standard exponential values."
cauchy = _standard("cauchy", _cauchy_jit)
cauchy.__doc__ = "Standard Cauchy values."
laplace = _standard("laplace", _laplace_jit)
laplace.__doc__ = "Standard Laplace values."
logistic = _standard("logistic", _logistic_jit)
logistic.__doc__ = "Standard logistic values."
maxwell = _standard("maxwell", _maxwell_jit)
maxwell.__doc__ = "Standard Maxwell values (the norm of three standard normals)."


def rademacher(key, shape=(), dtype=None, *, out_sharding=None):
    """-1 or +1 with equal probability (an integer dtype by default)."""
    data, _, _ = check_key("rademacher", key)
    dtype = dtypes.check_user_dtype(int if dtype is None else dtype)
    return _rademacher_jit(data, canonical_shape(shape), dtype)


# -- location/scale families ------------------------------------------------------------------

def truncated_normal(key, lower, upper, shape=None, dtype=None, *, out_sharding=None):
    """Standard normal values truncated to (lower, upper)."""
    if shape is not None:
        shape = canonical_shape(shape)
    data, _, _ = check_key("truncated_normal", key)
    dtype = float_dtype("truncated_normal", dtype)
    if shape is None:
        shape = broadcast_param_shapes("truncated_normal", None, lower, upper)
    else:
        check_shape("truncated_normal", shape, shape_of(lower), shape_of(upper))
    return _truncated_normal_jit(data, lower, upper, shape, dtype)


def _truncated_normal(key, lower, upper, shape, dtype):
    jnp = _jnp()
    sqrt2 = _const(dtype, np.sqrt(2))
    lower = ew.convert_element_type(lower, dtype)
    upper = ew.convert_element_type(upper, dtype)
    a = ew.erf(ew.div(lower, sqrt2))
    b = ew.erf(ew.div(upper, sqrt2))
    u = _uniform(key, a, b, shape, dtype)
    out = ew.mul(sqrt2, ew.erf_inv(u))
    # Rounding can push the samples onto the bounds: keep them strictly inside.
    from ..primitives.elementwise import nextafter, stop_gradient
    low = nextafter(stop_gradient(lower), _const(dtype, np.inf))
    high = nextafter(stop_gradient(upper), _const(dtype, -np.inf))
    return jnp.clip(out, low, high)


_truncated_normal_jit = jit(_truncated_normal, static_argnums=(3, 4))


def multivariate_normal(key, mean, cov, shape=None, dtype=None, method="cholesky", *,
                        out_sharding=None):
    """Normal vectors with mean `mean` (..., n) and covariance `cov` (..., n, n), factored
    by 'cholesky', 'eigh' or 'svd'."""
    data, _, _ = check_key("multivariate_normal", key)
    jnp = _jnp()
    mean, cov = jnp.asarray(mean), jnp.asarray(cov)
    common = dtypes.result_type(mean, cov)
    common = common if dtypes.is_inexact(common) else dtypes.default_float_dtype()
    mean, cov = mean.astype(common), cov.astype(common)
    if method not in {"svd", "eigh", "cholesky"}:
        raise ValueError("method must be one of {'svd', 'eigh', 'cholesky'}")
    if dtype is None:
        dtype = mean.dtype
    else:
        dtype = dtypes.check_user_dtype(dtype)
    if not dtypes.is_float(dtype):
        raise ValueError("dtype argument to `multivariate_normal` must be a float dtype, "
                         f"got {dtype}")
    if shape is not None:
        shape = canonical_shape(shape)
    if not mean.ndim >= 1:
        raise ValueError(f"multivariate_normal requires mean.ndim >= 1, got mean.ndim == "
                         f"{mean.ndim}")
    if not cov.ndim >= 2:
        raise ValueError(f"multivariate_normal requires cov.ndim >= 2, got cov.ndim == "
                         f"{cov.ndim}")
    n = mean.shape[-1]
    if cov.shape[-2:] != (n, n):
        raise ValueError(f"multivariate_normal requires cov.shape == (..., n, n) for n={n}, "
                         f"but got cov.shape == {cov.shape}.")
    if shape is None:
        shape = np.broadcast_shapes(mean.shape[:-1], cov.shape[:-2])
    else:
        check_shape("normal", shape, mean.shape[:-1], cov.shape[:-2])
    return _multivariate_normal_jit(data, mean, cov, tuple(shape), dtype, method)


def _multivariate_normal(key, mean, cov, shape, dtype, method):
    jnp = _jnp()
    linalg = jnp.linalg
    if method == "svd":
        u, s, _ = linalg.svd(cov)
        factor = u * jnp.sqrt(s[..., None, :])
    elif method == "eigh":
        w, v = linalg.eigh(cov)
        factor = v * jnp.sqrt(w[..., None, :])
    else:
        factor = linalg.cholesky(cov)
    samples = _normal(key, shape + mean.shape[-1:], dtype)
    return mean + jnp.einsum("...ij,...j->...i", factor, samples)


_multivariate_normal_jit = jit(_multivariate_normal, static_argnums=(3, 4, 5))


def lognormal(key, sigma=np.float32(1), shape=None, dtype=None, *, out_sharding=None):
    """exp(sigma * standard normal)."""
    data, _, _ = check_key("lognormal", key)
    dtype = float_dtype("lognormal", dtype, inexact=True)
    shape = broadcast_param_shapes("lognormal", shape, sigma)
    check_safe_to_cast("lognormal", dtype, sigma)
    return _lognormal_jit(data, sigma, shape, dtype)


def _lognormal(key, sigma, shape, dtype):
    sigma = ew.convert_element_type(sigma, dtype)
    return _jnp().exp(_normal(key, shape, dtype) * sigma)


_lognormal_jit = jit(_lognormal, static_argnums=(2, 3))


def pareto(key, b, shape=None, dtype=None, *, out_sharding=None):
    """Pareto values of shape parameter b (support [1, inf))."""
    data, dtype, shape = float_params("pareto", key, dtype, shape, b)
    return _pareto_jit(data, b, shape, dtype)


def _pareto(key, b, shape, dtype):
    b = ew.convert_element_type(b, dtype)
    return _jnp().exp(_exponential(key, shape, dtype) / b)


_pareto_jit = jit(_pareto, static_argnums=(2, 3))


def rayleigh(key, scale, shape=None, dtype=None, *, out_sharding=None):
    """Rayleigh values of the given scale."""
    data, dtype, shape = float_params("rayleigh", key, dtype, shape, scale)
    return _rayleigh_jit(data, scale, shape, dtype)


def _rayleigh(key, scale, shape, dtype):
    jnp = _jnp()
    u = _uniform(key, 0., 1., shape, dtype)
    scale = jnp.broadcast_to(jnp.asarray(scale).astype(dtype), shape)
    root = ew.sqrt(ew.mul(ew.log(u), _const(dtype, -2)))
    return ew.mul(scale, root)


_rayleigh_jit = jit(_rayleigh, static_argnums=(2, 3))


def wald(key, mean, shape=None, dtype=None, *, out_sharding=None):
    """Wald (inverse Gaussian) values of the given mean."""
    data, dtype, shape = float_params("wald", key, dtype, shape, mean)
    return _wald_jit(data, mean, shape, dtype)


def _wald(key, mean, shape, dtype):
    jnp = _jnp()
    k1, k2 = _split2(key)
    mean = jnp.broadcast_to(jnp.asarray(mean).astype(dtype), shape)
    v = _normal(k1, shape, dtype)
    z = _uniform(k2, 0., 1., shape, dtype)
    y = ew.integer_pow(v, 2)
    y_sq = ew.integer_pow(y, 2)
    mean_sq = ew.integer_pow(mean, 2)
    sqrt_term = jnp.sqrt(4 * mean * y + mean_sq * y_sq)
    x = mean + mean_sq * y / 2 - mean / 2 * sqrt_term
    return ew.select(ew.le(z, mean / (mean + x)), x, mean_sq / x)


_wald_jit = jit(_wald, static_argnums=(2, 3))


def weibull_min(key, scale, concentration, shape=(), dtype=None):
    """Weibull values of the given scale and concentration."""
    data, _, _ = check_key("weibull_min", key)
    dtype = float_dtype("weibull_min", dtype)
    return _weibull_min_jit(data, scale, concentration, canonical_shape(shape), dtype)


def _weibull_min(key, scale, concentration, shape, dtype):
    jnp = _jnp()
    u = _uniform(key, 0, 1, shape, dtype)
    return jnp.power(-jnp.log1p(-u), 1.0 / concentration) * scale


_weibull_min_jit = jit(_weibull_min, static_argnums=(3, 4))


def triangular(key, left, mode, right, shape=None, dtype=None, *, out_sharding=None):
    """Triangular values on [left, right] with the given mode."""
    data, dtype, shape = float_params("triangular", key, dtype, shape, left, mode, right)
    return _triangular_jit(data, left, mode, right, shape, dtype)


def _triangular(key, left, mode, right, shape, dtype):
    jnp = _jnp()
    left = jnp.broadcast_to(ew.convert_element_type(left, dtype), shape)
    right = jnp.broadcast_to(ew.convert_element_type(right, dtype), shape)
    mode = jnp.broadcast_to(ew.convert_element_type(mode, dtype), shape)
    fc = (mode - left) / (right - left)
    u = _uniform(key, 0., 1., shape, dtype)
    out1 = left + ew.sqrt(u * (right - left) * (mode - left))
    out2 = right - ew.sqrt((1 - u) * (right - left) * (right - mode))
    return ew.select(ew.lt(u, fc), out1, out2)


_triangular_jit = jit(_triangular, static_argnums=(4, 5))


def double_sided_maxwell(key, loc, scale, shape=(), dtype=None):
    """Double-sided Maxwell values: a Maxwell magnitude with a random sign, scaled and
    shifted (JAX's shape convention: the parameters' broadcast shape is appended)."""
    data, _, _ = check_key("double_sided_maxwell", key)
    dtype = float_dtype("double_sided_maxwell", dtype)
    return _double_sided_maxwell_jit(data, loc, scale, canonical_shape(shape), dtype)


def _double_sided_maxwell(key, loc, scale, shape, dtype):
    params_shape = np.broadcast_shapes(shape_of(loc), shape_of(scale))
    if not shape:
        shape = params_shape
    shape = tuple(shape) + tuple(params_shape)
    maxwell_key, sign_key = _split2(key)
    magnitude = _maxwell(maxwell_key, shape, dtype)
    sign = _rademacher(sign_key, shape, dtype)
    return sign * magnitude * scale + loc


_double_sided_maxwell_jit = jit(_double_sided_maxwell, static_argnums=(3, 4))


def generalized_normal(key, p, shape=(), dtype=None, *, out_sharding=None):
    """Generalized normal values of power p (density proportional to exp(-|x|**p))."""
    shape = canonical_shape(shape)
    data, _, _ = check_key("generalized_normal", key)
    dtype = float_dtype("gamma", dtype)  # JAX's check happens in its gamma draw
    return _generalized_normal_jit(data, p, shape, dtype)


def _generalized_normal(key, p, shape, dtype):
    from ._gamma import _gamma
    k1, k2 = _split2(key)
    g = _gamma(k1, 1 / p, shape, dtype)
    r = _rademacher(k2, shape, dtype)
    return r * g ** (1 / p)


_generalized_normal_jit = jit(_generalized_normal, static_argnums=(2, 3))


def ball(key, d, p=2, shape=(), dtype=None, *, out_sharding=None):
    """Points uniform in the unit p-norm ball of dimension d."""
    shape = canonical_shape(shape)
    data, _, _ = check_key("ball", key)
    dtype = float_dtype("gamma", dtype)  # JAX's check happens in its gamma draw
    d = operator.index(d)
    return _ball_jit(data, p, d, shape, dtype)


def _ball(key, p, d, shape, dtype):
    jnp = _jnp()
    k1, k2 = _split2(key)
    g = _generalized_normal(k1, p, (*shape, d), dtype)
    e = _exponential(k2, shape, dtype)
    return g / (((jnp.abs(g) ** p).sum(-1) + e) ** (1 / p))[..., None]


_ball_jit = jit(_ball, static_argnums=(2, 3, 4))


def orthogonal(key, n, shape=(), dtype=None, m=None, *, out_sharding=None):
    """Haar-random matrices with orthonormal columns (n x m; square when m is None)."""
    m_ = n if m is None else m
    shape = canonical_shape(shape)
    data, _, _ = check_key("orthogonal", key)
    dtype = float_dtype("normal", dtype, inexact=True)  # JAX checks in its normal draw
    n, m_ = operator.index(n), operator.index(m_)
    return _orthogonal_jit(data, n, m_, shape, dtype)


def _orthogonal(key, n, m, shape, dtype):
    jnp = _jnp()
    z = _normal(key, (*shape, max(n, m), min(n, m)), dtype)
    q, r = jnp.linalg.qr(z)
    d = jnp.diagonal(r, axis1=-2, axis2=-1)
    x = q * jnp.expand_dims(jnp.sign(d), -2)
    return jnp.swapaxes(x, -1, -2) if n < m else x


_orthogonal_jit = jit(_orthogonal, static_argnums=(1, 2, 3, 4))
