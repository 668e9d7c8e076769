"""The Cauchy distribution (wax.scipy.stats.cauchy)."""
from ._common import jnp, lax, np, promote, standardize


def logpdf(x, loc=0, scale=1):
    """Log of the Cauchy density."""
    x, loc, scale = promote("cauchy.logpdf", x, loc, scale)
    z = standardize(x, loc, scale)
    return -(lax.log(np.pi * scale) + lax.log1p(z * z))


def pdf(x, loc=0, scale=1):
    """The Cauchy density."""
    return lax.exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """The Cauchy cumulative distribution function."""
    x, loc, scale = promote("cauchy.cdf", x, loc, scale)
    return 0.5 + jnp.arctan(standardize(x, loc, scale)) / np.pi


def logcdf(x, loc=0, scale=1):
    """Log of the Cauchy CDF."""
    return lax.log(cdf(x, loc, scale))


def sf(x, loc=0, scale=1):
    """The Cauchy survival function."""
    x, loc, scale = promote("cauchy.sf", x, loc, scale)
    return cdf(-x, -loc, scale)


def logsf(x, loc=0, scale=1):
    """Log of the Cauchy survival function."""
    x, loc, scale = promote("cauchy.logsf", x, loc, scale)
    return logcdf(-x, -loc, scale)


def ppf(q, loc=0, scale=1):
    """The Cauchy quantile function tan(pi (q - 1/2))."""
    q, loc, scale = promote("cauchy.ppf", q, loc, scale)
    return lax.tan(np.pi * q - np.pi / 2) * scale + loc


def isf(q, loc=0, scale=1):
    """The Cauchy inverse survival function tan(pi (1/2 - q))."""
    q, loc, scale = promote("cauchy.isf", q, loc, scale)
    return lax.tan(np.pi / 2 - np.pi * q) * scale + loc
