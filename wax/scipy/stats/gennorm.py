"""The generalized normal distribution (wax.scipy.stats.gennorm)."""
from ._common import lax, promote


def logpdf(x, beta):
    """Log density log(beta / 2) - lgamma(1 / beta) - |x|**beta."""
    x, beta = promote("gennorm.logpdf", x, beta)
    return lax.log(0.5 * beta) - lax.lgamma(1 / beta) - lax.abs(x) ** beta


def cdf(x, beta):
    """1/2 (1 + sign(x) P(1 / beta, |x|**beta))."""
    x, beta = promote("gennorm.cdf", x, beta)
    return 0.5 * (1 + lax.sign(x) * lax.igamma(1 / beta, lax.abs(x) ** beta))


def pdf(x, beta):
    """The generalized normal density."""
    return lax.exp(logpdf(x, beta))
