"""The beta distribution (wax.scipy.stats.beta)."""
from ..special import betainc, betaln, xlog1py, xlogy
from ._common import const, jnp, lax, np, promote, standardize


def logpdf(x, a, b, loc=0, scale=1):
    """Log of the beta density (-inf outside [loc, loc + scale], nan for a, b or scale
    <= 0)."""
    x, a, b, loc, scale = promote("beta.logpdf", x, a, b, loc, scale)
    y = standardize(x, loc, scale)
    log_probs = (xlogy(a - 1, y) + xlog1py(b - 1, -y)) - betaln(a, b) - lax.log(scale)
    outside = (x > loc + scale) | (x < loc)
    result = jnp.where(outside, -np.inf, log_probs)
    return jnp.where((a <= 0) | (b <= 0) | (scale <= 0), np.nan, result)


def pdf(x, a, b, loc=0, scale=1):
    """The beta density."""
    return lax.exp(logpdf(x, a, b, loc, scale))


def _unit(x, loc, scale):
    y = standardize(x, loc, scale)
    return lax.clamp(const(y, 0), y, const(y, 1))


def cdf(x, a, b, loc=0, scale=1):
    """The beta cumulative distribution function."""
    x, a, b, loc, scale = promote("beta.cdf", x, a, b, loc, scale)
    return betainc(a, b, _unit(x, loc, scale))


def logcdf(x, a, b, loc=0, scale=1):
    """Log of the beta CDF."""
    return lax.log(cdf(x, a, b, loc, scale))


def sf(x, a, b, loc=0, scale=1):
    """The beta survival function, as I_{1-y}(b, a)."""
    x, a, b, loc, scale = promote("beta.sf", x, a, b, loc, scale)
    return betainc(b, a, 1 - _unit(x, loc, scale))


def logsf(x, a, b, loc=0, scale=1):
    """Log of the beta survival function."""
    return lax.log(sf(x, a, b, loc, scale))
