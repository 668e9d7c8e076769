"""The truncated normal distribution on [a, b] in standard units (wax.scipy.stats.truncnorm)."""
from ..special import log_ndtr, logsumexp, ndtr
from . import norm
from ._common import jnp, lax, np, promote, standardize


def _log_difference(x, y):
    """log(exp(x) - exp(y)) for x >= y."""
    return logsumexp(jnp.stack([x, y]), b=jnp.stack([jnp.ones_like(x), -jnp.ones_like(y)]),
                     axis=0)


def _log_mass(a, b):
    """log(Phi(b) - Phi(a)), from the tail nearer to the bulk when both ends are on one
    side of 0."""
    a, b = jnp.broadcast_arrays(a, b)
    left, right = b <= 0, a > 0
    tail = _log_difference(log_ndtr(jnp.where(right, -a, b)), log_ndtr(jnp.where(right, -b, a)))
    central = jnp.log1p(-ndtr(a) - ndtr(-b))
    return jnp.where(left | right, tail, central)


def logpdf(x, a, b, loc=0, scale=1):
    """Log density (-inf outside [a, b] in standard units, nan where a >= b)."""
    x, a, b, loc, scale = promote("truncnorm.logpdf", x, a, b, loc, scale)
    value = norm.logpdf(x, loc, scale) - _log_mass(a, b)
    z = standardize(x, loc, scale)
    value = jnp.where((z < a) | (z > b), -np.inf, value)
    return jnp.where(a >= b, np.nan, value)


def pdf(x, a, b, loc=0, scale=1):
    """The truncated normal density."""
    return lax.exp(logpdf(x, a, b, loc, scale))


def logcdf(x, a, b, loc=0, scale=1):
    """Log of the CDF: 0 above b, -inf below a, nan where a >= b."""
    x, a, b, loc, scale = promote("truncnorm.logcdf", x, a, b, loc, scale)
    x, a, b = jnp.broadcast_arrays(x, a, b)
    z = standardize(x, loc, scale)
    total = _log_mass(a, b)
    log_cdf = _log_mass(a, z) - total
    log_sf = _log_mass(z, b) - total
    value = jnp.select([z >= b, z <= a, log_cdf > -0.1, z > a],
                       [0, -np.inf, jnp.log1p(-jnp.exp(log_sf)), log_cdf])
    return jnp.where(a >= b, np.nan, value)


def cdf(x, a, b, loc=0, scale=1):
    """The truncated normal CDF."""
    return lax.exp(logcdf(x, a, b, loc, scale))


def logsf(x, a, b, loc=0, scale=1):
    """Log of the survival function (the CDF of the reflected distribution)."""
    x, a, b, loc, scale = promote("truncnorm.logsf", x, a, b, loc, scale)
    return logcdf(-x, -b, -a, -loc, scale)


def sf(x, a, b, loc=0, scale=1):
    """The survival function."""
    return lax.exp(logsf(x, a, b, loc, scale))
