"""The exponential distribution (wax.scipy.stats.expon)."""
from ._common import jnp, lax, np, promote


def logpdf(x, loc=0, scale=1):
    """Log of the exponential density (-inf below loc)."""
    x, loc, scale = promote("expon.logpdf", x, loc, scale)
    log_probs = -((x - loc) / scale + lax.log(scale))
    return jnp.where(x < loc, -np.inf, log_probs)


def pdf(x, loc=0, scale=1):
    """The exponential density."""
    return lax.exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """The exponential cumulative distribution function."""
    x, loc, scale = promote("expon.cdf", x, loc, scale)
    minus_y = (loc - x) / scale
    return jnp.where(x < loc, jnp.zeros_like(minus_y), -lax.expm1(minus_y))


def logcdf(x, loc=0, scale=1):
    """Log of the exponential CDF, log1p(-sf)."""
    return lax.log1p(-sf(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """Log of the exponential survival function: -(x - loc) / scale (0 below loc)."""
    x, loc, scale = promote("expon.sf", x, loc, scale)
    minus_y = (loc - x) / scale
    return jnp.where(x < loc, jnp.zeros_like(minus_y), minus_y)


def sf(x, loc=0, scale=1):
    """The exponential survival function."""
    return lax.exp(logsf(x, loc, scale))


def ppf(q, loc=0, scale=1):
    """The exponential quantile function (nan outside [0, 1])."""
    q, loc, scale = promote("expon.ppf", q, loc, scale)
    return jnp.where(jnp.isnan(q) | (q < 0) | (q > 1), np.nan,
                     loc - scale * lax.log1p(-q))
