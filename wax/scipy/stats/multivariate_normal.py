"""The multivariate normal distribution (wax.scipy.stats.multivariate_normal)."""
from ._common import jnp, lax, np, promote_inexact_dtypes

_LOG_2PI = float(np.log(2 * np.pi))


def logpdf(x, mean, cov, allow_singular=None):
    """Log density of N(mean, cov) at x (the last axis of x and mean is the dimension;
    cov is a scalar variance or a batch of positive definite matrices)."""
    if allow_singular is not None:
        raise NotImplementedError("allow_singular argument of multivariate_normal.logpdf")
    x, mean, cov = promote_inexact_dtypes(x, mean, cov)
    if not mean.shape:
        return -1 / 2 * jnp.square(x - mean) / cov - 1 / 2 * (_LOG_2PI + jnp.log(cov))
    n = mean.shape[-1]
    y = x - mean
    if not cov.shape:
        return (-1 / 2 * jnp.sum(y * y, axis=-1) / cov
                - n / 2 * (_LOG_2PI + jnp.log(cov)))
    if cov.ndim < 2 or cov.shape[-2:] != (n, n):
        raise ValueError("multivariate_normal.logpdf got incompatible shapes")
    from ...lax import linalg as lax_linalg
    factor = lax_linalg.cholesky(cov)
    batch = jnp.broadcast_shapes(factor.shape[:-2], y.shape[:-1])
    factor_b = jnp.broadcast_to(factor, batch + (n, n))
    y_b = jnp.broadcast_to(y, batch + (n,))[..., None]
    whitened = lax_linalg.triangular_solve(factor_b, y_b, left_side=True, lower=True)[..., 0]
    log_det = jnp.sum(jnp.log(jnp.diagonal(factor, axis1=-2, axis2=-1)), axis=-1)
    return -1 / 2 * jnp.sum(whitened * whitened, axis=-1) - n / 2 * _LOG_2PI - log_det


def pdf(x, mean, cov):
    """Density of N(mean, cov) at x."""
    return lax.exp(logpdf(x, mean, cov))
