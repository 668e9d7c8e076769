"""wax.scipy.ndimage (map_coordinates) on wax arrays, with JAX's semantics."""
__all__: list = []
