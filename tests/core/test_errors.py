"""JAX's error classes: their bases, messages, and the user's own source line."""
import operator

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.errors import (ConcretizationTypeError, JAXTypeError, TracerArrayConversionError,
                        TracerBoolConversionError, TracerIntegerConversionError,
                        UnexpectedTracerError)

X = jnp.asarray(np.ones(3, np.float32))


def test_error_bases_keep_except_typeerror_working():
    assert issubclass(ConcretizationTypeError, JAXTypeError)
    assert issubclass(JAXTypeError, TypeError)
    assert issubclass(TracerBoolConversionError, ConcretizationTypeError)
    for cls in (TracerIntegerConversionError, TracerArrayConversionError, UnexpectedTracerError):
        assert issubclass(cls, TypeError)


def test_bool_of_tracer_names_the_users_line():
    def f(x):
        y = lax.sin(x)
        if y:  # the offending line
            return y
        return x

    with pytest.raises(TracerBoolConversionError) as info:
        wax.jit(f)(X)
    message = str(info.value)
    assert message.startswith("Attempted boolean conversion of traced array with shape "
                              "float32[3]")
    assert "test_errors.py" in message and "for jit" in message
    assert message.rstrip().endswith("jax.errors.TracerBoolConversionError")


def test_bool_of_argument_names_the_argument():
    def f(x):
        return x if x else x

    with pytest.raises(TracerBoolConversionError, match="depends on the value of the argument x"):
        wax.jit(f)(X)


def test_integer_array_and_float_conversions():
    with pytest.raises(TracerIntegerConversionError):
        wax.jit(lambda x: operator.index(x))(1)
    with pytest.raises(TracerArrayConversionError):
        wax.jit(lambda x: np.asarray(x))(X)
    with pytest.raises(ConcretizationTypeError, match="Abstract tracer value encountered"):
        wax.jit(lambda x: float(x))(1.0)


def test_leaked_tracer_is_reported_when_used():
    leaked = []

    @wax.jit
    def f(x):
        leaked.append(x)
        return x

    f(X)
    with pytest.raises(UnexpectedTracerError, match="Encountered an unexpected tracer"):
        lax.sin(leaked[0])
    with pytest.raises(UnexpectedTracerError):
        wax.make_jaxpr(lambda x: lax.add(x, leaked[0]))(X)


def test_item_assignment_points_to_at():
    with pytest.raises(TypeError, match=r"x\.at\[idx\]\.set\(y\)"):
        X[0] = 1.0


def test_lax_dtype_errors_name_the_operation():
    with pytest.raises(TypeError, match="sin does not accept dtype int32"):
        lax.sin(jnp.asarray(np.arange(3, dtype=np.int32)))
    with pytest.raises(TypeError, match="add requires arguments to have the same dtypes"):
        lax.add(X, jnp.asarray(np.arange(3, dtype=np.int32)))


def test_checking_leaks_reports_at_the_end_of_the_trace():
    leaked = []

    def f(x):
        y = lax.sin(x)
        leaked.append(y)
        return x

    with wax.checking_leaks():
        with pytest.raises(UnexpectedTracerError, match="Encountered an unexpected tracer"):
            wax.make_jaxpr(f)(X)
        wax.make_jaxpr(lambda x: lax.sin(x))(X)  # no leak, no error
