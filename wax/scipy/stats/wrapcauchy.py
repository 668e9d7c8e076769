"""The wrapped Cauchy distribution on [0, 2 pi] (wax.scipy.stats.wrapcauchy)."""
from ._common import jnp, lax, np, promote


def logpdf(x, c):
    """Log density log((1 - c**2) / (2 pi (1 + c**2 - 2 c cos x))) for 0 < c < 1 (nan
    otherwise), -inf outside [0, 2 pi]."""
    x, c = promote("wrapcauchy.logpdf", x, c)
    value = (jnp.log(1 - c * c) - jnp.log(2 * np.pi)
             - jnp.log(1 + c * c - 2 * c * jnp.cos(x)))
    inside = jnp.where((x >= 0) & (x <= 2 * np.pi), value, -np.inf)
    return jnp.where((c > 0) & (c < 1), inside, np.nan)


def pdf(x, c):
    """The wrapped Cauchy density."""
    return lax.exp(logpdf(x, c))
