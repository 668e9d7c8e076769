"""The normal distribution (wax.scipy.stats.norm)."""
from ..special import log_ndtr, ndtr, ndtri
from ._common import jnp, lax, np, promote, standardize

_LOG_2PI = float(np.log(2 * np.pi))


def logpdf(x, loc=0, scale=1):
    """Log of the normal density."""
    x, loc, scale = promote("norm.logpdf", x, loc, scale)
    variance = lax.square(scale)
    return -0.5 * (lax.log(variance) + _LOG_2PI + lax.square(x - loc) / variance)


def pdf(x, loc=0, scale=1):
    """The normal density."""
    return lax.exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """The normal cumulative distribution function."""
    x, loc, scale = promote("norm.cdf", x, loc, scale)
    return ndtr(standardize(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """Log of the normal CDF (accurate in the left tail)."""
    x, loc, scale = promote("norm.logcdf", x, loc, scale)
    return log_ndtr(standardize(x, loc, scale))


def sf(x, loc=0, scale=1):
    """The normal survival function 1 - cdf."""
    x, loc, scale = promote("norm.sf", x, loc, scale)
    return cdf(-x, -loc, scale)


def logsf(x, loc=0, scale=1):
    """Log of the normal survival function."""
    x, loc, scale = promote("norm.logsf", x, loc, scale)
    return logcdf(-x, -loc, scale)


def ppf(q, loc=0, scale=1):
    """The normal quantile function (inverse CDF)."""
    return jnp.asarray(ndtri(q) * scale + loc, float)


def isf(q, loc=0, scale=1):
    """The normal inverse survival function."""
    q = jnp.asarray(q)
    return ppf(1 - q, loc, scale)
