"""wax.scipy.stats: probability distributions with JAX's functions (logpdf, pdf, cdf,
logcdf, sf, logsf, ppf, isf, pmf, logpmf, ...), one module per distribution.

Consumes wax.numpy, wax.lax and wax.scipy.special. Arguments broadcast together and
integer inputs are promoted to the default float type; values outside a distribution's
support give JAX's results (-inf logpdf, 0 pdf, nan for invalid parameters where JAX
gives nan).
"""
from . import (bernoulli, beta, betabinom, binom, cauchy, chi2, dirichlet,  # noqa: F401
               expon, gamma, gennorm, geom, gumbel_l, gumbel_r, laplace, logistic,
               multinomial, multivariate_normal, nbinom, norm, pareto, poisson, t,
               truncnorm, uniform, vonmises, wrapcauchy)
