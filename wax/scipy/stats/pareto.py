"""The Pareto distribution (wax.scipy.stats.pareto)."""
from ._common import const, jnp, lax, np, promote, standardize


def logpdf(x, b, loc=0, scale=1):
    """Log density log(b / scale) - (b + 1) log(z) (-inf below loc + scale)."""
    x, b, loc, scale = promote("pareto.logpdf", x, b, loc, scale)
    z = standardize(x, loc, scale)
    log_probs = -(lax.log(scale / b) + (b + 1) * lax.log(z))
    return jnp.where(x < loc + scale, -np.inf, log_probs)


def pdf(x, b, loc=0, scale=1):
    """The Pareto density."""
    return lax.exp(logpdf(x, b, loc, scale))


def cdf(x, b, loc=0, scale=1):
    """1 - z**-b (0 below loc + scale)."""
    x, b, loc, scale = promote("pareto.cdf", x, b, loc, scale)
    value = 1 - lax.pow(standardize(x, loc, scale), -b)
    return jnp.where(x < loc + scale, const(x, 0), value)


def logcdf(x, b, loc=0, scale=1):
    """log1p(-z**-b) (-inf below loc + scale)."""
    x, b, loc, scale = promote("pareto.logcdf", x, b, loc, scale)
    value = lax.log1p(-lax.pow(standardize(x, loc, scale), -b))
    return jnp.where(x < loc + scale, -np.inf, value)


def logsf(x, b, loc=0, scale=1):
    """-b log(z) (0 below loc + scale)."""
    x, b, loc, scale = promote("pareto.logsf", x, b, loc, scale)
    value = -(b * lax.log(standardize(x, loc, scale)))
    return jnp.where(x < loc + scale, const(x, 0), value)


def sf(x, b, loc=0, scale=1):
    """The survival function."""
    return lax.exp(logsf(x, b, loc, scale))


def ppf(q, b, loc=0, scale=1):
    """loc + scale (1 - q)**(-1 / b) (nan outside [0, 1])."""
    q, b, loc, scale = promote("pareto.ppf", q, b, loc, scale)
    value = loc + scale * lax.pow(1 - q, -(1 / b))
    return jnp.where(jnp.isnan(q) | (q < 0) | (q > 1), np.nan, value)
