"""The negative binomial distribution (wax.scipy.stats.nbinom)."""
from ..special import gammaln, xlogy
from ._common import jnp, lax, np, promote


def logpmf(k, n, p, loc=0):
    """Log of C(k + n - 1, k) p**n (1 - p)**k, k = k - loc (-inf below loc)."""
    k, n, p, loc = promote("nbinom.logpmf", k, n, p, loc)
    y = k - loc
    log_comb = gammaln(y + n) - gammaln(n) - gammaln(y + 1)
    log_probs = log_comb + (xlogy(n, p) + xlogy(y, 1 - p))
    return jnp.where(k < loc, -np.inf, log_probs)


def pmf(k, n, p, loc=0):
    """The negative binomial probability mass function."""
    return lax.exp(logpmf(k, n, p, loc))
