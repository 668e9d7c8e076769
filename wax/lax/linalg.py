"""wax.lax.linalg: JAX's lax.linalg names (the linear-algebra primitives' wrappers)."""
__all__: list = []
