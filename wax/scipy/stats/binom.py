"""The binomial distribution (wax.scipy.stats.binom)."""
from ..special import gammaln, xlog1py, xlogy
from ._common import jnp, lax, np, promote


def logpmf(k, n, p, loc=0):
    """Log of the binomial probability mass function (continuous in k, as JAX's)."""
    k, n, p, loc = promote("binom.logpmf", k, n, p, loc)
    y = lax.sub(k, loc)
    log_comb = gammaln(n + 1) - (gammaln(y + 1) + gammaln(n - y + 1))
    log_linear = xlogy(y, p) + xlog1py(n - y, -p)
    log_probs = jnp.where(((y == 0) & (n == 0)) | (log_linear == 0), 0.0,
                          log_comb + log_linear)
    return jnp.where((k >= loc) & (k < loc + n + 1), log_probs, -np.inf)


def pmf(k, n, p, loc=0):
    """The binomial probability mass function."""
    return lax.exp(logpmf(k, n, p, loc))
