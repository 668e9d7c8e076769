"""JAX's error classes, with its bases and message forms (wax.errors re-exports them)."""
from __future__ import annotations

_DOCS = "https://docs.jax.dev/en/latest/errors.html#jax.errors."


class _JAXErrorMixin:
    """Appends JAX's pointer to the error documentation to every message."""

    def __init__(self, message: str):
        super().__init__(f"{message}\nSee {_DOCS}{type(self).__name__}")


class JAXTypeError(_JAXErrorMixin, TypeError):
    pass


class JAXIndexError(_JAXErrorMixin, IndexError):
    pass


class ConcretizationTypeError(JAXTypeError):
    def __init__(self, tracer, context: str = ""):
        super().__init__("Abstract tracer value encountered where concrete value is expected: "
                         f"{describe_tracer(tracer)}\n{context}")


class NonConcreteBooleanIndexError(JAXIndexError):
    def __init__(self, tracer):
        super().__init__("Array boolean indices must be concrete; got "
                         f"{tracer.aval}\n")


class TracerArrayConversionError(JAXTypeError):
    def __init__(self, tracer):
        super().__init__("The numpy.ndarray conversion method __array__() was called on "
                         f"{describe_tracer(tracer)}\nThis can happen when a traced value is "
                         "passed to a NumPy function, or converted to a NumPy array.")


class TracerIntegerConversionError(JAXTypeError):
    def __init__(self, tracer):
        super().__init__("The __index__() method was called on "
                         f"{describe_tracer(tracer)}\nIntegers used as indices or sizes must "
                         "be concrete: mark the argument static (static_argnums) or use "
                         "dynamic indexing (lax.dynamic_slice).")


class TracerBoolConversionError(ConcretizationTypeError):
    def __init__(self, tracer):
        JAXTypeError.__init__(
            self, f"Attempted boolean conversion of {describe_tracer(tracer)}\n"
            "Python control flow on a traced value (if, while, and, or, not) cannot be "
            "staged; use lax.cond / lax.while_loop / jnp.where, or mark the argument "
            "static with static_argnums.")


class UnexpectedTracerError(JAXTypeError):
    pass


class KeyReuseError(JAXTypeError):
    pass


class JaxprTypeError(TypeError):
    pass


class JaxRuntimeError(RuntimeError):
    pass


class InconclusiveDimensionOperation(Exception):
    pass


def describe_tracer(tracer) -> str:
    """`traced array with shape float32[3]` plus where the value came from."""
    aval = tracer.aval
    text = f"traced array with shape {aval.dtype.name}[{','.join(map(str, aval.shape))}]"
    origin = getattr(tracer, "_origin", None)
    if origin:
        text += f"\n{origin()}"
    return text
