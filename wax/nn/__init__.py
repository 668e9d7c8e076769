"""wax.nn: activation functions and friends, as JAX's."""
from . import initializers  # noqa: F401
