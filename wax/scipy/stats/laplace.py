"""The Laplace distribution (wax.scipy.stats.laplace)."""
from ._common import lax, promote, standardize


def logpdf(x, loc=0, scale=1):
    """Log of the Laplace density."""
    x, loc, scale = promote("laplace.logpdf", x, loc, scale)
    return -(lax.abs(x - loc) / scale + lax.log(2 * scale))


def pdf(x, loc=0, scale=1):
    """The Laplace density."""
    return lax.exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """The Laplace cumulative distribution function."""
    x, loc, scale = promote("laplace.cdf", x, loc, scale)
    z = standardize(x, loc, scale)
    return lax.select(z <= 0, 0.5 * lax.exp(z), 1 - 0.5 * lax.exp(-z))
