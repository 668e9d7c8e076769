"""The logistic distribution (wax.scipy.stats.logistic)."""
from ..special import expit, logit
from ._common import jnp, lax, promote, standardize


def logpdf(x, loc=0, scale=1):
    """Log of the logistic density, -2 logaddexp(z/2, -z/2) - log(scale)."""
    x, loc, scale = promote("logistic.logpdf", x, loc, scale)
    half = standardize(x, loc, scale) / 2
    return -2 * jnp.logaddexp(half, -half) - lax.log(scale)


def pdf(x, loc=0, scale=1):
    """The logistic density."""
    return lax.exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """The logistic cumulative distribution function."""
    x, loc, scale = promote("logistic.cdf", x, loc, scale)
    return expit(standardize(x, loc, scale))


def sf(x, loc=0, scale=1):
    """The logistic survival function."""
    x, loc, scale = promote("logistic.sf", x, loc, scale)
    return expit(-standardize(x, loc, scale))


def ppf(x, loc=0, scale=1):
    """The logistic quantile function loc + scale logit(x)."""
    x, loc, scale = promote("logistic.ppf", x, loc, scale)
    return logit(x) * scale + loc


def isf(x, loc=0, scale=1):
    """The logistic inverse survival function loc - scale logit(x)."""
    x, loc, scale = promote("logistic.isf", x, loc, scale)
    return -logit(x) * scale + loc
