"""Discrete samplers: poisson (Knuth's product of uniforms below 10, else transformed
rejection), binomial (inversion or BTRS rejection), multinomial (a scan of binomials) and
geometric. Rejection loops are lax.while_loops over the whole array with one key, as in
JAX, so the draws match JAX's."""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..primitives import elementwise as ew
from ..primitives import shape as sh
from ..transforms.jit import jit
from . import _bits
from ._basic import _uniform
from ._common import jnp_module as _jnp
from ._common import broadcast_param_shapes, canonical_shape, check_arraylike, shape_of
from ._keys import check_key

_F32 = np.dtype(np.float32)



def _lax():
    import wax.lax as lax
    return lax


def _split(key, n):
    keys = _bits.split_data(key, (n,))
    return [keys[i] for i in range(n)]


# -- poisson ------------------------------------------------------------------------------------

def poisson(key, lam, shape=None, dtype=None, *, out_sharding=None):
    """Poisson(lam) counts (lam is used as float32)."""
    data, _, _ = check_key("poisson", key)
    dtype = dtypes.check_user_dtype(int if dtype is None else dtype)
    if not dtypes.is_integer(dtype):
        raise ValueError(f"Invalid integer data type {dtype.kind!r}.")
    shape = shape_of(lam) if shape is None else canonical_shape(shape)
    jnp = _jnp()
    lam = ew.convert_element_type(jnp.broadcast_to(lam, shape), _F32)
    return _poisson_jit(data, lam, shape, dtype)


def _poisson_knuth(key, lam, shape, dtype, max_iters):
    jnp = _jnp()
    lax = _lax()

    def body(carry):
        i, k, rng, log_prod = carry
        rng, subkey = _split(rng, 2)
        k = ew.select(log_prod > -lam, k + 1, k)
        u = _uniform(subkey, 0., 1., shape, _F32)
        return i + 1, k, rng, log_prod + jnp.log(u)

    def cond(carry):
        i, log_prod = carry[0], carry[3]
        return jnp.any(log_prod > -lam) & (i < max_iters)

    k_init = sh.full(shape, 0, dtype)
    log_rate_init = sh.full(shape, 0, _F32)
    k = lax.while_loop(cond, body, (sh.full((), 0, dtype), k_init, key, log_rate_init))[1]
    return (k - 1).astype(dtype)


def _poisson_rejection(key, lam, shape, dtype, max_iters):
    jnp = _jnp()
    lax = _lax()
    log_lam = ew.log(lam)
    b = 0.931 + 2.53 * ew.sqrt(lam)
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2)

    def body(carry):
        i, k_out, accepted, key = carry
        key, subkey_0, subkey_1 = _split(key, 3)
        u = _uniform(subkey_0, 0., 1., shape, lam.dtype) - 0.5
        v = _uniform(subkey_1, 0., 1., shape, lam.dtype)
        u_shifted = 0.5 - abs(u)
        k = ew.floor((2 * a / u_shifted + b) * u + lam + 0.43)
        s = ew.log(v * inv_alpha / (a / (u_shifted * u_shifted) + b))
        t = -lam + k * log_lam - ew.lgamma(k + 1)
        accept1 = (u_shifted >= 0.07) & (v <= v_r)
        reject = (k < 0) | ((u_shifted < 0.013) & (v > u_shifted))
        accept2 = s <= t
        accept = accept1 | (~reject & accept2)
        k_out = ew.select(accept, k, k_out)
        return i + 1, k_out, accepted | accept, key

    def cond(carry):
        i, _, accepted, _ = carry
        return jnp.any(~accepted) & (i < max_iters)

    k_init = sh.full(shape, -1, lam.dtype)
    accepted = sh.full(shape, False, np.dtype(bool))
    k = lax.while_loop(cond, body, (sh.full((), 0, dtype), k_init, accepted, key))[1]
    return k.astype(dtype)


def _poisson(key, lam, shape, dtype):
    jnp = _jnp()
    use_knuth = ew.ne(lam, lam) | (lam < 10)
    lam_knuth = ew.select(use_knuth, lam, sh.full_like(lam, 0.0))
    lam_rejection = ew.select(use_knuth, sh.full_like(lam, 100000.0), lam)
    max_iters = dtype.type(dtypes.iinfo(dtype).max)
    result = ew.select(use_knuth, _poisson_knuth(key, lam_knuth, shape, dtype, max_iters),
                       _poisson_rejection(key, lam_rejection, shape, dtype, max_iters))
    return ew.select(lam == 0, jnp.zeros_like(result), result)


_poisson_jit = jit(_poisson, static_argnums=(2, 3))


# -- geometric ----------------------------------------------------------------------------------

def geometric(key, p, shape=None, dtype=None, *, out_sharding=None):
    """Geometric(p) counts of trials up to the first success (support 1, 2, ...)."""
    data, _, _ = check_key("geometric", key)
    dtype = dtypes.check_user_dtype(int if dtype is None else dtype)
    if not dtypes.is_integer(dtype):
        raise ValueError(f"dtype argument to `geometric` must be an int dtype, got {dtype}")
    shape = broadcast_param_shapes("geometric", shape, p)
    check_arraylike("geometric", p)
    return _geometric_jit(data, p, shape, dtype)


def _geometric(key, p, shape, dtype):
    jnp = _jnp()
    p = jnp.asarray(p)
    if not dtypes.is_inexact(p.dtype):
        p = p.astype(dtypes.to_inexact_dtype(p.dtype))
    u = _uniform(key, 0., 1., shape, p.dtype)
    u = jnp.where(u == 0, 1, u)
    log_one_minus_p = jnp.broadcast_to(ew.log1p(-p), shape)
    g = ew.floor(ew.div(ew.log(u), log_one_minus_p)) + 1
    return g.astype(dtype)


_geometric_jit = jit(_geometric, static_argnums=(2, 3))


# -- binomial and multinomial ---------------------------------------------------------------------

_STIRLING_TAIL = np.array([0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
                           0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
                           0.0118967099458917, 0.010411265261972, 0.00925546218271273,
                           0.00833056343336287])


def _stirling_approx_tail(k):
    """log(k!) minus Stirling's approximation: a table below 10, the series above."""
    jnp = _jnp()
    table = jnp.array(_STIRLING_TAIL, dtype=k.dtype)
    use_table = k <= 9
    k = ew.clamp(np.array(0.0, k.dtype), k, np.array(9.0, k.dtype))
    kp1sq = (k + 1) * (k + 1)
    approx = (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)
    k = jnp.floor(k)
    return ew.select(use_table, table[jnp.asarray(k, dtype="int32")], approx)


def _binomial_inversion(key, count, prob, shape, dtype, max_iters):
    jnp = _jnp()
    lax = _lax()
    log1minusprob = jnp.log1p(-prob)

    def body(carry):
        i, num_geom, geom_sum, key = carry
        subkey, key = _split(key, 2)
        num_geom_out = ew.select(geom_sum <= count, num_geom + 1, num_geom)
        u = _uniform(subkey, 0., 1., shape, prob.dtype)
        geom = jnp.ceil(jnp.log(u) / log1minusprob)
        return i + 1, num_geom_out, geom_sum + geom, key

    def cond(carry):
        i, geom_sum = carry[0], carry[2]
        return jnp.any(geom_sum <= count) & (i < max_iters)

    zeros = sh.full(shape, 0, prob.dtype)
    k = lax.while_loop(cond, body, (sh.full((), 0, prob.dtype), zeros, zeros, key))[1]
    return (k - 1).astype(dtype)


def _btrs(key, count, prob, shape, dtype, max_iters):
    jnp = _jnp()
    lax = _lax()
    stddev = jnp.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = jnp.floor((count + 1) * prob)

    def body(carry):
        i, k_out, accepted, key = carry
        key, subkey_0, subkey_1 = _split(key, 3)
        u = _uniform(subkey_0, 0., 1., shape, prob.dtype)
        v = _uniform(subkey_1, 0., 1., shape, prob.dtype)
        u = u - 0.5
        us = 0.5 - jnp.abs(u)
        accept1 = (us >= 0.07) & (v <= v_r)
        k = jnp.floor((2 * a / us + b) * u + c)
        reject = (k < 0) | (k > count)
        v = jnp.log(v * alpha / (a / (us * us) + b))
        ub = ((m + 0.5) * jnp.log((m + 1) / (r * (count - m + 1)))
              + (count + 1) * jnp.log((count - m + 1) / (count - k + 1))
              + (k + 0.5) * jnp.log(r * (count - k + 1) / (k + 1))
              + _stirling_approx_tail(m) + _stirling_approx_tail(count - m)
              - _stirling_approx_tail(k) - _stirling_approx_tail(count - k))
        accept2 = v <= ub
        accept = accept1 | (~reject & accept2)
        k_out = ew.select(accept, k, k_out)
        return i + 1, k_out, accepted | accept, key

    def cond(carry):
        i, accepted = carry[0], carry[2]
        return jnp.any(~accepted) & (i < max_iters)

    k_init = sh.full(shape, -1, prob.dtype)
    carry = (sh.full((), 0, prob.dtype), k_init, sh.full(shape, False, np.dtype(bool)), key)
    return lax.while_loop(cond, body, carry)[1].astype(dtype)


def binomial(key, n, p, shape=None, dtype=None):
    """Binomial(n, p) counts, as floats (nan for invalid n or p, inf for infinite n)."""
    data, _, _ = check_key("binomial", key)
    check_arraylike("binomial", n, p)
    dtype = dtypes.check_user_dtype(float if dtype is None else dtype)
    if not dtypes.is_float(dtype):
        raise ValueError(f"dtype argument to `binomial` must be a float dtype, got {dtype}")
    if shape is not None:
        shape = canonical_shape(shape)
    return _binomial_jit(data, n, p, shape, dtype)


def _binomial(key, count, prob, shape, dtype):
    jnp = _jnp()
    if shape is None:
        shape = np.broadcast_shapes(shape_of(count), shape_of(prob))
    else:
        from ._common import check_shape
        check_shape("binomial", shape, shape_of(count), shape_of(prob))
    shape = tuple(shape)
    prob = jnp.asarray(prob)
    if not dtypes.is_inexact(prob.dtype):
        prob = prob.astype(dtypes.to_inexact_dtype(prob.dtype))
    count = ew.convert_element_type(count, prob.dtype)
    count = jnp.broadcast_to(count, shape)
    prob = jnp.broadcast_to(prob, shape)
    p_lt_half = prob < 0.5
    q = ew.select(p_lt_half, prob, 1.0 - prob)
    count_nan_or_neg = ew.ne(count, count) | (count < 0.0)
    count_inf = jnp.isinf(count)
    q_is_nan = ew.ne(q, q)
    q_l_0 = q < 0.0
    q = ew.select(q_is_nan | q_l_0, sh.full_like(q, 0.01), q)
    use_inversion = count_nan_or_neg | (count * q <= 10.0)
    count = jnp.floor(count)
    count_inv = ew.select(use_inversion, count, sh.full_like(count, 0.0))
    count_btrs = ew.select(use_inversion, sh.full_like(count, 10000.0), count)
    q_btrs = ew.select(use_inversion, sh.full_like(q, 0.5), q)
    max_iters = dtype.type(dtypes.finfo(dtype).max)
    samples = ew.select(use_inversion,
                        _binomial_inversion(key, count_inv, q, shape, dtype, max_iters),
                        _btrs(key, count_btrs, q_btrs, shape, dtype, max_iters))
    invalid = q_l_0 | q_is_nan | count_nan_or_neg
    samples = ew.select(invalid, jnp.full_like(samples, np.nan, dtype), samples)
    samples = ew.select(count_inf & ~invalid, jnp.full_like(samples, np.inf, dtype), samples)
    return ew.select(p_lt_half | count_nan_or_neg | q_is_nan | count_inf, samples,
                     count.astype(dtype) - samples)


_binomial_jit = jit(_binomial, static_argnums=(3, 4))


def multinomial(key, n, p, *, shape=None, dtype=None, unroll=1):
    """Multinomial(n, p) counts along p's last axis (binomials of the remaining count)."""
    data, impl, typed = check_key("multinomial", key)
    check_arraylike("multinomial", n, p)
    jnp = _jnp()
    lax = _lax()
    n, p = jnp.asarray(n), jnp.asarray(p)
    common = dtypes.result_type(n, p)
    common = common if dtypes.is_inexact(common) else dtypes.default_float_dtype()
    n, p = n.astype(common), p.astype(common)
    if shape is None:
        shape = p.shape
    shape = tuple(shape)
    n = jnp.broadcast_to(n, shape[:-1])
    p = jnp.broadcast_to(p, shape)

    def step(remainder, ratio_key):
        ratio, key = ratio_key
        count = binomial(key, remainder, jnp.clip(ratio, 0, 1), dtype=remainder.dtype)
        return remainder - count, count

    p = jnp.moveaxis(p, -1, 0)
    remaining = lax.cumsum(p, 0, reverse=True)
    ratios = p / jnp.where(remaining == 0, 1, remaining)
    keys = _bits.split_data(data, (ratios.shape[0],))
    _, counts = lax.scan(step, n, (ratios, keys), unroll=unroll)
    counts = jnp.moveaxis(counts, 0, -1)
    return counts if dtype is None else counts.astype(dtype)
