"""wax.stages: the types of jit's ahead-of-time stages (`jit(f).trace(...)`,
`.lower(...)`, `.compile()`), under JAX's names."""
from .transforms.jit import Compiled, JitWrapped as Wrapped, Lowered, Traced  # noqa: F401

__all__ = ["Wrapped", "Traced", "Lowered", "Compiled"]
