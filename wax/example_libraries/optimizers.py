"""optimizers: (init, update, get_params) triples, as JAX's example_libraries.optimizers."""
__all__: list = []
