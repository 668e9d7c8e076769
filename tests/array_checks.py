"""Assertions shared by the Array method and operator tests."""
import contextlib
import re
import warnings

import numpy as np
import pytest

import wax
import wax.numpy as jnp

BF16 = np.dtype(jnp.bfloat16)

# NumPy twins of the arrays the tests use; the wax arrays are built from them.
NP_M = np.array([[1, 5, 2], [7, 0, 3]], np.int32)
NP_MF = np.array([[1.5, -5.0, 2.0], [7.0, 0.0, -3.25]], np.float32)
NP_X = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
NP_B = np.array([[True, False], [True, True]])
NP_I8 = np.array([100, 50, -3], np.int8)
NP_U8 = np.array([200, 100], np.uint8)


def M():
    return jnp.asarray(NP_M)


def MF():
    return jnp.asarray(NP_MF)


def X():
    return jnp.asarray(NP_X)


I8 = np.array([1, 2], np.int8)
I32 = np.array([1, 2, 3], np.int32)
F32 = np.array([1.5, -2.5, 3.0], np.float32)
U8 = np.array([1, 200], np.uint8)
BF = np.array([1.5, 2.5], BF16)
F16 = np.array([1.5, 2.5], np.float16)
C64 = np.array([1 + 2j, 3 - 1j], np.complex64)
BOOL = np.array([True, False, True])


def check(out, expected, dtype, weak=False):
    """`out` is a wax Array of `dtype` and weak type `weak` equal to `expected`."""
    assert isinstance(out, wax.Array), type(out)
    assert out.dtype == np.dtype(dtype), (out.dtype, dtype)
    assert out.weak_type is weak, out.weak_type
    expected = np.asarray(expected)
    got = np.asarray(out)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    if got.dtype.kind in "fcV" or got.dtype == BF16:
        np.testing.assert_allclose(got.astype(np.complex128 if got.dtype.kind == "c"
                                              else np.float64),
                                   expected.astype(np.complex128 if expected.dtype.kind == "c"
                                                   else np.float64), rtol=1e-6)
    else:
        np.testing.assert_array_equal(got, expected)


@contextlib.contextmanager
def no_warnings():
    """Any warning inside the block fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def raises(exc, *fragments):
    """pytest.raises whose message must contain every fragment (shapes, names)."""
    return pytest.raises(exc, match="(?s)" + "".join(f"(?=.*{re.escape(f)})"
                                                     for f in fragments))


def check_type(x, dtype, weak=False, shape=None):
    """`x` is a wax Array of `dtype`, weak type `weak` (and `shape` when given)."""
    assert isinstance(x, wax.Array)
    assert x.dtype == np.dtype(dtype), (x.dtype, dtype)
    assert x.weak_type is weak
    if shape is not None:
        assert x.shape == shape
