"""The geometric distribution on 1, 2, ... (wax.scipy.stats.geom)."""
from ..special import xlog1py
from ._common import jnp, lax, np, promote


def logpmf(k, p, loc=0):
    """Log of (1 - p)**(k - 1) p (-inf for k - loc <= 0)."""
    k, p, loc = promote("geom.logpmf", k, p, loc)
    x = k - loc
    log_probs = xlog1py(x - 1, -p) + lax.log(p)
    return jnp.where(x <= 0, -np.inf, log_probs)


def pmf(k, p, loc=0):
    """The geometric probability mass function."""
    return jnp.exp(logpmf(k, p, loc))
