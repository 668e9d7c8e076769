"""Polynomials and window functions (jnp.poly*, roots, vander, bartlett/blackman/hamming/hanning/kaiser)."""
__all__: list = []
