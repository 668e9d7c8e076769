"""The left-skewed Gumbel distribution (wax.scipy.stats.gumbel_l)."""
from ..special import xlog1py, xlogy
from ._common import jnp, lax, np, promote, standardize
from ._gumbel import valid


def logpdf(x, loc=0, scale=1):
    """Log density z - exp(z) - log(scale), z = (x - loc) / scale (nan for scale <= 0)."""
    x, loc, scale = promote("gumbel_l.logpdf", x, loc, scale)
    z = standardize(x, loc, scale)
    return valid(xlogy(-1, scale) + (z - lax.exp(z)), scale)


def pdf(x, loc=0, scale=1):
    """The density."""
    return lax.exp(logpdf(x, loc, scale))


def logcdf(x, loc=0, scale=1):
    """log(1 - exp(-exp(z)))."""
    x, loc, scale = promote("gumbel_l.logcdf", x, loc, scale)
    z = standardize(x, loc, scale)
    return valid(lax.log(-lax.expm1(-lax.exp(z))), scale)


def cdf(x, loc=0, scale=1):
    """The cumulative distribution function."""
    return lax.exp(logcdf(x, loc, scale))


def logsf(x, loc=0, scale=1):
    """-exp(z)."""
    x, loc, scale = promote("gumbel_l.logsf", x, loc, scale)
    return valid(-lax.exp(standardize(x, loc, scale)), scale)


def sf(x, loc=0, scale=1):
    """The survival function."""
    return jnp.exp(logsf(x, loc, scale))


def ppf(p, loc=0, scale=1):
    """loc + scale log(-log1p(-p)) (nan outside (0, 1))."""
    p, loc, scale = promote("gumbel_l.ppf", p, loc, scale)
    quantile = loc + scale * lax.log(xlog1py(-1, -p))
    return jnp.where((p > 0) & (p < 1), quantile, np.nan)
