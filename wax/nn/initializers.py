"""wax.nn.initializers: JAX's parameter initializers."""
__all__: list = []
