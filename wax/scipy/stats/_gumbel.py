"""Shared pieces of the two Gumbel distributions."""
from ._common import jnp, lax, np


def log1mexp(x):
    """log(1 - exp(-x)) for x >= 0, accurate near 0 and for large x."""
    return jnp.where(x < np.log(2.0), lax.log(-lax.expm1(-x)), lax.log1p(-lax.exp(-x)))


def valid(value, scale):
    """value where scale > 0, else nan."""
    return jnp.where(scale > 0, value, np.nan)
