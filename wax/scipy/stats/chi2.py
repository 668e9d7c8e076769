"""The chi-squared distribution (wax.scipy.stats.chi2)."""
from ..special import gammainc, gammaincc
from ._common import const, jnp, lax, np, promote, standardize

_LOG_2 = float(np.log(2.0))


def logpdf(x, df, loc=0, scale=1):
    """Log of the chi-squared density (-inf below loc)."""
    x, df, loc, scale = promote("chi2.logpdf", x, df, loc, scale)
    y = standardize(x, loc, scale)
    half_df = df / 2
    kernel = (half_df - 1) * lax.log(y) - y / 2
    log_norm = -(lax.lgamma(half_df) + _LOG_2 * df / 2)
    return jnp.where(x < loc, -np.inf, log_norm - lax.log(scale) + kernel)


def pdf(x, df, loc=0, scale=1):
    """The chi-squared density."""
    return lax.exp(logpdf(x, df, loc, scale))


def _half(x, loc, scale):
    """max((x - loc) / (2 scale), 0), the second argument of the incomplete gamma."""
    y = lax.div(x - loc, scale * 2)
    return lax.clamp(const(y, 0), y, const(y, np.inf))


def cdf(x, df, loc=0, scale=1):
    """The chi-squared cumulative distribution function."""
    x, df, loc, scale = promote("chi2.cdf", x, df, loc, scale)
    return gammainc(df / 2, _half(x, loc, scale))


def logcdf(x, df, loc=0, scale=1):
    """Log of the chi-squared CDF."""
    return lax.log(cdf(x, df, loc, scale))


def sf(x, df, loc=0, scale=1):
    """The chi-squared survival function."""
    x, df, loc, scale = promote("chi2.sf", x, df, loc, scale)
    return gammaincc(df / 2, _half(x, loc, scale))


def logsf(x, df, loc=0, scale=1):
    """Log of the chi-squared survival function."""
    return lax.log(sf(x, df, loc, scale))
