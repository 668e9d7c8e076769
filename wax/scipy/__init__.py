"""wax.scipy: SciPy's API on wax arrays, with JAX's semantics (SciPy itself is optional:
it backs some impls)."""
from . import fft, linalg, ndimage, optimize, signal, special, stats  # noqa: F401
