"""Special-function primitives (igamma, igammac, betainc, zeta, bessel_i0e/i1e, random_gamma_grad, ...), with their rules."""
__all__: list = []
