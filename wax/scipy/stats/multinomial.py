"""The multinomial distribution (wax.scipy.stats.multinomial)."""
from ...core import dtypes
from ...numpy._promote import promote_args
from ..special import gammaln, xlogy
from ._common import jnp, lax, np, promote


def logpmf(x, n, p):
    """Log probability of the counts x (last axis) in n trials with probabilities p
    (-inf unless the counts sum to n). x and n must be integers."""
    p, = promote("multinomial.logpmf", p)
    x, n = promote_args("multinomial.logpmf", x, n)
    if not dtypes.is_integer(x.dtype):
        raise ValueError(f"x and n must be of integer type; got x.dtype={x.dtype}, "
                         f"n.dtype={n.dtype}")
    x, n = x.astype(p.dtype), n.astype(p.dtype)
    log_probs = gammaln(n + 1) + jnp.sum(xlogy(x, p) - gammaln(x + 1), axis=-1)
    return jnp.where(jnp.equal(jnp.sum(x, axis=-1), n), log_probs, -np.inf)


def pmf(x, n, p):
    """The multinomial probability mass function."""
    return lax.exp(logpmf(x, n, p))
