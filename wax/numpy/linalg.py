"""wax.numpy.linalg: NumPy's linalg API on wax arrays, with JAX's semantics."""
__all__: list = []
