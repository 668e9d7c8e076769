"""stax: a small neural-network library of (init_fun, apply_fun) layers, as JAX's."""
__all__: list = []
