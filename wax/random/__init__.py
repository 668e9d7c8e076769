"""wax.random: JAX's splittable threefry PRNG, bit for bit, and its samplers.

Consumes lax/numpy (and the threefry2x32 and random_gamma primitives of
wax/primitives/prng.py); produces keys and samples. Modules, in the order data flows:
_keys (key arrays and key operations), _bits (seed/split/fold_in/bits on key data),
_basic (uniform, normal, randint, permutation, choice, ...), _continuous, _gamma and
_discrete (the other samplers), each a composition of lax operations, so they run under
jit, vmap and grad as JAX's do.
"""
from ..primitives.prng import random_gamma_p
from ._basic import (bernoulli, bits, categorical, choice, gumbel, normal, permutation,
                     randint, uniform)
from ._continuous import (ball, cauchy, double_sided_maxwell, exponential, generalized_normal,
                          laplace, logistic, lognormal, maxwell, multivariate_normal,
                          orthogonal, pareto, rademacher, rayleigh, triangular,
                          truncated_normal, wald, weibull_min)
from ._discrete import binomial, geometric, multinomial, poisson
from ._gamma import beta, chisquare, dirichlet, f, gamma, loggamma, t
from ._keys import (PRNGKey, PRNGKeyArray, clone, fold_in, key, key_data, key_dtype,  # noqa: F401
                    key_impl, split, wrap_key_data)

__all__ = [
    "PRNGKey", "ball", "bernoulli", "beta", "binomial", "bits", "categorical", "cauchy",
    "chisquare", "choice", "clone", "dirichlet", "double_sided_maxwell", "exponential", "f",
    "fold_in", "gamma", "generalized_normal", "geometric", "gumbel", "key", "key_data",
    "key_dtype", "key_impl", "laplace", "loggamma", "logistic", "lognormal", "maxwell",
    "multinomial", "multivariate_normal", "normal", "orthogonal", "pareto", "permutation",
    "poisson", "rademacher", "randint", "random_gamma_p", "rayleigh", "split", "t",
    "triangular", "truncated_normal", "uniform", "wald", "weibull_min", "wrap_key_data",
]
