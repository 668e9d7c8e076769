"""wax.scipy.special on wax arrays, with JAX's semantics."""
__all__: list = []
