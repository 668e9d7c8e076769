"""wax.scipy.stats: distributions with JAX's logpdf/pdf/cdf/... functions."""
