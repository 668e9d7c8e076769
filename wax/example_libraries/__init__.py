"""wax.example_libraries: stax and optimizers, as JAX's."""
from . import optimizers, stax  # noqa: F401
