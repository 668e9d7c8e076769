"""wax.version: the package version (JAX's jax.version module has __version__)."""
__version__ = "0.1.0"
_version = __version__
