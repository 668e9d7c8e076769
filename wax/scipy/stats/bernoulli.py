"""The Bernoulli distribution (wax.scipy.stats.bernoulli)."""
from ..special import xlog1py, xlogy
from ._common import const, jnp, lax, np, promote


def logpmf(k, p, loc=0):
    """Log of the Bernoulli probability mass function."""
    k, p, loc = promote("bernoulli.logpmf", k, p, loc)
    x = lax.sub(k, loc)
    log_probs = xlogy(x, p) + xlog1py(1 - x, -p)
    return jnp.where((x < 0) | (x > 1), -np.inf, log_probs)


def pmf(k, p, loc=0):
    """The Bernoulli probability mass function."""
    return jnp.exp(logpmf(k, p, loc))


def cdf(k, p):
    """The Bernoulli cumulative distribution function (nan for p outside [0, 1])."""
    k, p = promote("bernoulli.cdf", k, p)
    invalid = jnp.isnan(k) | jnp.isnan(p) | (p < 0) | (p > 1)
    zero, one = const(k, 0), const(k, 1)
    value = jnp.where(k < 0, zero, jnp.where(k < 1, one - p, one))
    return jnp.where(invalid, np.nan, value)


def ppf(q, p):
    """The Bernoulli quantile function: 0 for q <= 1 - p, else 1."""
    q, p = promote("bernoulli.ppf", q, p)
    invalid = jnp.isnan(q) | jnp.isnan(p) | (p < 0) | (p > 1) | (q < 0) | (q > 1)
    zero, one = const(q, 0), const(q, 1)
    return jnp.where(invalid, np.nan, jnp.where(q <= one - p, zero, one))
