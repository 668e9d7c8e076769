"""wax.Array: repr, conversions, properties, immutability, mixing with NumPy."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.core.interpreters import Tracer


def test_repr_like_jax():
    assert repr(jnp.asarray([1.0, 2.0])) == "Array([1., 2.], dtype=float32)"
    assert repr(jnp.asarray(2)) == "Array(2, dtype=int32, weak_type=True)"
    assert repr(jnp.asarray([True, False])) == "Array([ True, False], dtype=bool)"
    assert repr(jnp.asarray([[1, 2], [3, 4]])) == ("Array([[1, 2],\n"
                                                   "       [3, 4]], dtype=int32)")
    assert str(jnp.asarray([1.0, 2.0])) == "[1. 2.]"


def test_asarray_dtypes_follow_jax():
    assert jnp.asarray([1, 2]).dtype == np.int32
    assert jnp.asarray([1, 2.5]).dtype == np.float32
    assert jnp.asarray(np.arange(3.0)).dtype == np.float32  # canonicalized silently
    assert jnp.asarray(1.5).weak_type and not jnp.asarray([1.5]).weak_type
    assert jnp.asarray(True).dtype == np.bool_ and not jnp.asarray(True).weak_type
    with wax.enable_x64():
        assert jnp.asarray([1, 2]).dtype == np.int64
    with pytest.raises(OverflowError):
        jnp.asarray(2 ** 40)


def test_asarray_copies_numpy_input():
    source = np.zeros(3, np.float32)
    x = jnp.asarray(source)
    source[0] = 5.0
    assert np.asarray(x)[0] == 0.0


def test_conversions_of_concrete_arrays():
    x = jnp.asarray([1.0, 2.0, 3.0])
    out = np.asarray(x)
    assert out.dtype == np.float32 and list(out) == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError):
        out[0] = 7.0  # the buffer is read-only: no one mutates an Array
    assert len(x) == 3
    assert x.tolist() == [1.0, 2.0, 3.0]
    s = jnp.asarray(3)
    assert int(s) == 3 and float(s) == 3.0 and bool(s) and s.item() == 3
    assert [10, 20, 30, 40][s] == 40  # __index__
    with pytest.raises(TypeError, match="len"):
        len(s)


def test_properties():
    x = jnp.asarray(np.zeros((2, 3), np.float32))
    assert x.shape == (2, 3) and x.ndim == 2 and x.size == 6
    assert x.dtype == np.float32 and x.itemsize == 4 and x.nbytes == 24
    assert x.weak_type is False
    assert x.devices() == {wax.devices()[0]}
    assert x.block_until_ready() is x


def test_array_is_the_type():
    x = jnp.asarray([1.0])
    assert isinstance(x, wax.Array) and jnp.ndarray is wax.Array
    assert issubclass(Tracer, wax.Array)
    seen = []
    wax.jit(lambda t: seen.append(isinstance(t, wax.Array)) or t)(x)
    assert seen == [True]


def test_unhashable():
    with pytest.raises(TypeError, match="unhashable"):
        hash(jnp.asarray([1.0]))
