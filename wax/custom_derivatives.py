"""wax.custom_derivatives: the custom-derivative API under JAX's module name."""
from ._toplevel import custom_gradient  # noqa: F401
from .transforms.custom_derivatives import custom_jvp, custom_vjp  # noqa: F401
from .transforms.grad import closure_convert, linear_transpose  # noqa: F401

__all__ = ["custom_jvp", "custom_vjp", "custom_gradient", "closure_convert",
           "linear_transpose"]
