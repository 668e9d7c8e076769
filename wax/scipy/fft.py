"""wax.scipy.fft (dct, idct, dctn, idctn) on wax arrays, with JAX's semantics."""
__all__: list = []
