"""wax.numpy.fft: NumPy's fft API on wax arrays, with JAX's semantics."""
__all__: list = []
