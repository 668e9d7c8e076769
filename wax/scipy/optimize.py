"""wax.scipy.optimize (minimize with BFGS) on wax arrays, with JAX's semantics."""
__all__: list = []
