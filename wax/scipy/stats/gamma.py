"""The gamma distribution (wax.scipy.stats.gamma)."""
from ..special import gammainc, gammaincc, gammaln, xlogy
from ._common import const, jnp, lax, np, promote, standardize


def logpdf(x, a, loc=0, scale=1):
    """Log of the gamma density (-inf below loc)."""
    x, a, loc, scale = promote("gamma.logpdf", x, a, loc, scale)
    inside = x >= loc
    y = jnp.where(inside, standardize(x, loc, scale), 1)
    log_probs = xlogy(a - 1, y) - y - (gammaln(a) + lax.log(scale))
    return jnp.where(inside, log_probs, -np.inf)


def pdf(x, a, loc=0, scale=1):
    """The gamma density."""
    return lax.exp(logpdf(x, a, loc, scale))


def cdf(x, a, loc=0, scale=1):
    """The gamma cumulative distribution function."""
    x, a, loc, scale = promote("gamma.cdf", x, a, loc, scale)
    y = standardize(x, loc, scale)
    return gammainc(a, lax.clamp(const(y, 0), y, const(y, np.inf)))


def logcdf(x, a, loc=0, scale=1):
    """Log of the gamma CDF."""
    return lax.log(cdf(x, a, loc, scale))


def sf(x, a, loc=0, scale=1):
    """The gamma survival function (1 below loc)."""
    x, a, loc, scale = promote("gamma.sf", x, a, loc, scale)
    y = standardize(x, loc, scale)
    return jnp.where(y < 0, 1, gammaincc(a, y))


def logsf(x, a, loc=0, scale=1):
    """Log of the gamma survival function."""
    return lax.log(sf(x, a, loc, scale))
