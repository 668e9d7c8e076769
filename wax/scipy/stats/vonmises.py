"""The von Mises distribution (wax.scipy.stats.vonmises)."""
from ._common import jnp, lax, np, promote


def logpdf(x, kappa):
    """Log density kappa (cos x - 1) - log(2 pi i0e(kappa)) (nan for kappa <= 0)."""
    x, kappa = promote("vonmises.logpdf", x, kappa)
    value = kappa * (jnp.cos(x) - 1) - jnp.log(2 * np.pi * lax.bessel_i0e(kappa))
    return jnp.where(kappa > 0, value, np.nan)


def pdf(x, kappa):
    """The von Mises density."""
    return lax.exp(logpdf(x, kappa))
