"""wax.errors: JAX's error classes (defined in wax.core.errors)."""
from .core.errors import (ConcretizationTypeError, InconclusiveDimensionOperation,  # noqa: F401
                          JAXIndexError, JaxprTypeError, JaxRuntimeError, JAXTypeError,
                          KeyReuseError, NonConcreteBooleanIndexError,
                          TracerArrayConversionError, TracerBoolConversionError,
                          TracerIntegerConversionError, UnexpectedTracerError)
