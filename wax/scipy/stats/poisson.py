"""The Poisson distribution (wax.scipy.stats.poisson)."""
from ..special import entr, gammaincc, gammaln, xlogy
from ._common import jnp, lax, np, promote


def logpmf(k, mu, loc=0):
    """Log of the Poisson probability mass function (-inf for negative or non-integer
    k - loc)."""
    k, mu, loc = promote("poisson.logpmf", k, mu, loc)
    x = lax.sub(k, loc)
    log_probs = xlogy(x, mu) - gammaln(x + 1) - mu
    return jnp.where((x < 0) | (jnp.round(k) != k), -np.inf, log_probs)


def pmf(k, mu, loc=0):
    """The Poisson probability mass function."""
    return jnp.exp(logpmf(k, mu, loc))


def cdf(k, mu, loc=0):
    """The Poisson cumulative distribution function Q(floor(k - loc) + 1, mu)."""
    k, mu, loc = promote("poisson.cdf", k, mu, loc)
    x = lax.sub(k, loc)
    p = gammaincc(jnp.floor(1 + x), mu)
    return jnp.where(x < 0, jnp.zeros_like(p), p)


def _entropy_by_sum(mu, terms, spread):
    """-sum_k p_k log p_k over k < terms, truncated past mu + spread(mu). Terms left out
    (or underflowing to 0) enter as p = 1, whose entropy term and its derivative are
    finite, so no nan reaches the derivative."""
    k = jnp.arange(terms, dtype=mu.dtype)[:, None]
    probs = pmf(k, mu, 0)
    upper = jnp.ceil(spread(mu)).astype(mu.dtype)
    keep = (k < upper[None, :]) & (probs > 0)
    return jnp.sum(jnp.where(keep, entr(jnp.where(keep, probs, 1.0)), 0.0), axis=0)


def entropy(mu, loc=0):
    """Entropy of the Poisson distribution: an exact sum for mu < 100, the asymptotic
    expansion beyond (0 at mu == 0). Each branch sees only arguments in its own range, so
    derivatives stay finite."""
    from ...numpy._promote import check_arraylike
    check_arraylike("poisson.entropy", mu, loc)
    mu, loc = promote("poisson.entropy", jnp.asarray(mu), jnp.asarray(loc))
    shape = jnp.broadcast_shapes(jnp.shape(mu), jnp.shape(loc))
    flat = jnp.ravel(mu)
    is_small, is_medium = flat < 10, (flat >= 10) & (flat < 100)
    small = _entropy_by_sum(jnp.where(is_small & (flat > 0), flat, 1.0), 35,
                            lambda m: m + 20)
    medium = _entropy_by_sum(jnp.where(is_medium, flat, 50.0), 250,
                             lambda m: m + 10 * jnp.sqrt(m) + 20)
    safe = jnp.where(flat >= 100, flat, 100.0)
    large = 0.5 * jnp.log(2 * np.pi * np.e * safe) - 1.0 / (12 * safe)
    result = jnp.where(flat == 0, jnp.zeros_like(flat),
                       jnp.where(is_small, small, jnp.where(is_medium, medium, large)))
    return jnp.broadcast_to(jnp.reshape(result, jnp.shape(mu)), shape)
