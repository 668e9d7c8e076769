"""The beta-binomial distribution (wax.scipy.stats.betabinom)."""
from ..special import betaln
from ._common import jnp, lax, np, promote


def logpmf(k, n, a, b, loc=0):
    """Log of the beta-binomial probability mass function (k is floored)."""
    k, n, a, b, loc = promote("betabinom.logpmf", k, n, a, b, loc)
    y = lax.floor(k) - loc
    log_comb = -(lax.log1p(n) + betaln(n - y + 1, y + 1))
    log_probs = log_comb + betaln(y + a, n - y + b) - betaln(a, b)
    log_probs = jnp.where((y == 0) & (n == 0), 0.0, log_probs)
    outside = (y < -loc) | (y > n) | (y + a <= 0)
    log_probs = jnp.where(outside, -np.inf, log_probs)
    return jnp.where((n < 0) | (a <= 0) | (b <= 0), np.nan, log_probs)


def pmf(k, n, a, b, loc=0):
    """The beta-binomial probability mass function."""
    return lax.exp(logpmf(k, n, a, b, loc))
