"""Differences, integration, correlation and comparisons (diff, gradient, trapezoid, convolve, correlate, cov, corrcoef, allclose, array_equal, tril, triu, ...)."""
__all__: list = []
