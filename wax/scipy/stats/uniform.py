"""The uniform distribution on [loc, loc + scale] (wax.scipy.stats.uniform)."""
from ._common import jnp, lax, np, promote


def logpdf(x, loc=0, scale=1):
    """Log of the uniform density (-inf outside [loc, loc + scale])."""
    x, loc, scale = promote("uniform.logpdf", x, loc, scale)
    log_probs = -lax.log(scale)
    return jnp.where((x > loc + scale) | (x < loc), -np.inf, log_probs)


def pdf(x, loc=0, scale=1):
    """The uniform density."""
    return lax.exp(logpdf(x, loc, scale))


def cdf(x, loc=0, scale=1):
    """The uniform cumulative distribution function."""
    x, loc, scale = promote("uniform.cdf", x, loc, scale)
    high = loc + scale
    zero, one = jnp.asarray(0, x.dtype), jnp.asarray(1, x.dtype)
    # JAX's select: 0 where no condition holds (a nan x or bound).
    return jnp.select([x < loc, x > high, (x >= loc) & (x <= high)],
                      [zero, one, (x - loc) / scale])


def ppf(q, loc=0, scale=1):
    """The uniform quantile function (nan outside [0, 1])."""
    q, loc, scale = promote("uniform.ppf", q, loc, scale)
    return jnp.where(jnp.isnan(q) | (q < 0) | (q > 1), np.nan, loc + scale * q)
