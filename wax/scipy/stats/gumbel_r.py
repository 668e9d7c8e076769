"""The right-skewed Gumbel distribution (wax.scipy.stats.gumbel_r)."""
from ..special import xlogy
from ._common import jnp, lax, np, promote, standardize
from ._gumbel import log1mexp, valid


def logpdf(x, loc=0, scale=1):
    """Log density -(z + exp(-z)) - log(scale) (nan for scale <= 0)."""
    x, loc, scale = promote("gumbel_r.logpdf", x, loc, scale)
    z = standardize(x, loc, scale)
    return valid(xlogy(-1, scale) - (z + lax.exp(-z)), scale)


def pdf(x, loc=0, scale=1):
    """The density."""
    return lax.exp(logpdf(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """-exp(-z)."""
    x, loc, scale = promote("gumbel_r.logcdf", x, loc, scale)
    return valid(-lax.exp(-standardize(x, loc, scale)), scale)


def cdf(x, loc=0, scale=1):
    """The cumulative distribution function."""
    return lax.exp(logcdf(x, loc, scale))


def sf(x, loc=0, scale=1):
    """1 - exp(-exp(-z))."""
    x, loc, scale = promote("gumbel_r.sf", x, loc, scale)
    return valid(1 - lax.exp(-lax.exp((loc - x) / scale)), scale)


def logsf(x, loc=0, scale=1):
    """log(1 - exp(-exp(-z)))."""
    x, loc, scale = promote("gumbel_r.logsf", x, loc, scale)
    return valid(log1mexp(lax.exp((loc - x) / scale)), scale)


def ppf(p, loc=0, scale=1):
    """loc - scale log(-log p) (nan outside (0, 1))."""
    p, loc, scale = promote("gumbel_r.ppf", p, loc, scale)
    quantile = loc - scale * lax.log(xlogy(-1, p))
    return jnp.where((p > 0) & (p < 1), quantile, np.nan)
