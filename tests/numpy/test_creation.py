"""wax.numpy array creation: what the op-record table can't express — default dtypes and
weak types (JAX's, x64 off and on), the x64 truncation warning, errors naming the bad
shape or argument, and which results stay concrete under jit."""
import warnings

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax._config import enable_x64
from wax.core.array import ArrayImpl
from wax.core.errors import ConcretizationTypeError
from wax.numpy import creation

bf16 = np.dtype(ml_dtypes.bfloat16)


def fn(name):
    """wax.numpy's function once the lead exports it, else creation.py's."""
    found = getattr(jnp, name, None)
    return found if callable(found) else getattr(creation, name)


from array_checks import check_type as check, raises  # noqa: E402


# --- default dtypes and weak types -----------------------------------------------------

@pytest.mark.parametrize("make, dtype, weak", [
    (lambda: fn("zeros")(3), np.float32, False),
    (lambda: fn("ones")((2, 3)), np.float32, False),
    (lambda: fn("empty")(2), np.float32, False),
    (lambda: fn("ones")(3, dtype=int), np.int32, False),
    (lambda: fn("zeros")(3, dtype=float), np.float32, False),
    (lambda: fn("zeros")(3, dtype=complex), np.complex64, False),
    (lambda: fn("zeros")(3, dtype="bfloat16"), bf16, False),
    (lambda: fn("arange")(5), np.int32, False),
    (lambda: fn("arange")(0., 1., .25), np.float32, False),
    (lambda: fn("arange")(np.int16(3)), np.int16, False),
    (lambda: fn("arange")(jnp.asarray(3)), np.int32, False),
    # As lax.full: a Python scalar fill without a dtype gives a weak result.
    (lambda: fn("full")(3, 2), np.int32, True),
    (lambda: fn("full")(3, 2.0), np.float32, True),
    (lambda: fn("full")(3, 2, dtype=float), np.float32, False),
    (lambda: fn("full")(3, np.float16(2)), np.float16, False),
    (lambda: fn("full")(3, True), np.bool_, False),
    (lambda: fn("full")((2, 3), jnp.asarray(np.arange(3, dtype=np.int8))), np.int8, False),
    (lambda: fn("zeros_like")(jnp.asarray(2.0)), np.float32, True),
    (lambda: fn("zeros_like")(jnp.asarray(2.0), dtype=np.float32), np.float32, False),
    (lambda: fn("ones_like")(np.arange(3, dtype=np.uint8)), np.uint8, False),
    (lambda: fn("full_like")(np.ones(2, np.float16), 7), np.float16, False),
    (lambda: fn("full_like")(3, 2.5), np.int32, True),
    (lambda: fn("linspace")(0, 1, 3), np.float32, False),
    (lambda: fn("linspace")(0, 10, 3, dtype=int), np.int32, False),
    (lambda: fn("logspace")(0, 1, 3), np.float32, False),
    (lambda: fn("geomspace")(1, 8, 4), np.float32, False),
    (lambda: fn("eye")(2), np.float32, False),
    (lambda: fn("identity")(2, dtype=np.int8), np.int8, False),
    (lambda: fn("tri")(2), np.float32, False),
    (lambda: fn("array")([1, 2]), np.int32, False),
    (lambda: fn("array")([1, 2.5]), np.float32, False),
    (lambda: fn("array")(2.5), np.float32, True),
    (lambda: fn("asarray")(np.arange(3.)), np.float32, False),
])
def test_default_dtypes_and_weak_types(make, dtype, weak):
    check(make(), dtype, weak)


def test_values_of_scalar_fills():
    np.testing.assert_array_equal(fn("full")(3, 2.7, dtype=np.int32), [2, 2, 2])
    np.testing.assert_array_equal(fn("full")(2, 1e10, dtype=np.int32), [2147483647] * 2)
    np.testing.assert_array_equal(fn("full_like")(np.zeros(2, np.int8), -3.9), [-3, -3])
    np.testing.assert_array_equal(fn("empty")((2, 2)), np.zeros((2, 2)))


def test_x64_defaults():
    with enable_x64():
        check(fn("zeros")(3), np.float64)
        check(fn("arange")(5), np.int64)
        check(fn("arange")(0., 1., .5), np.float64)
        check(fn("full")(2, 1), np.int64, weak=True)
        check(fn("eye")(2), np.float64)
        check(fn("zeros")(3, dtype=np.float64), np.float64)
    check(fn("zeros")(3), np.float32)


@pytest.mark.parametrize("name, call", [
    ("zeros", lambda: fn("zeros")(3, dtype=np.float64)),
    ("ones", lambda: fn("ones")(3, dtype=np.int64)),
    ("full", lambda: fn("full")(3, 1, dtype=np.complex128)),
    ("arange", lambda: fn("arange")(3, dtype=np.int64)),
    ("linspace", lambda: fn("linspace")(0, 1, 3, dtype=np.float64)),
    ("eye", lambda: fn("eye")(2, dtype=np.float64)),
    ("zeros_like", lambda: fn("zeros_like")(np.zeros(2), dtype=np.uint64)),
])
def test_explicit_64_bit_dtypes_warn_and_truncate(name, call):
    pattern = f"Explicitly requested dtype .*(64|128) requested in {name}"
    with pytest.warns(UserWarning, match=pattern):
        out = call()
    assert out.dtype.itemsize <= 4 or out.dtype == np.complex64
    with enable_x64(), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert call().dtype.itemsize == 8 or call().dtype == np.complex128


def test_python_type_dtypes_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check(fn("zeros")(2, dtype=float), np.float32)
        check(fn("arange")(2, dtype=int), np.int32)
        check(fn("eye")(2, dtype=complex), np.complex64)


# --- errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(2.5,), "ab", (2, None), [[2]], 1.0])
def test_bad_shapes_are_type_errors_naming_the_shape(shape):
    with raises(TypeError, "Shapes must be 1D sequences", repr(shape)):
        fn("zeros")(shape)


def test_negative_and_traced_shapes():
    with raises(TypeError, "nonnegative", "(2, -1)"):
        fn("ones")((2, -1))
    with raises(TypeError, "Shapes must be 1D sequences", "static_argnums"):
        wax.jit(lambda n: fn("zeros")(n))(3)
    np.testing.assert_array_equal(wax.jit(lambda: fn("zeros")(jnp.asarray(2)))(), [0, 0])


def test_forgotten_shape_tuple():
    with raises(TypeError, "Did you accidentally write", "jax.numpy.zeros(2, 3)"):
        fn("zeros")(2, 3)


def test_bad_dtype():
    with raises(TypeError, "Cannot interpret", "'notadtype'"):
        fn("ones")(2, dtype="notadtype")


def test_arange_errors():
    with raises(ConcretizationTypeError, "It arose in the jnp.arange argument 'stop'"):
        wax.jit(lambda n: fn("arange")(n))(3)
    with raises(ConcretizationTypeError, "argument 'start'"):
        wax.jit(lambda n: fn("arange")(n, 5))(3)
    with raises(ValueError, "complex start/stop/step"):
        fn("arange")(1j)
    with raises(ValueError, "arguments must be scalars", "stop=[1 2]"):
        fn("arange")(np.array([1, 2]))
    with raises(TypeError, "arange requires ndarray or scalar arguments"):
        fn("arange")([3])


def test_arange_values():
    np.testing.assert_array_equal(fn("arange")(10, 2, -3), [10, 7, 4])
    np.testing.assert_array_equal(fn("arange")(-2), np.zeros(0))
    np.testing.assert_array_equal(fn("arange")(3, step=2), [0, 2])
    np.testing.assert_allclose(fn("arange")(0, 1, 0.1), np.arange(0, 1, 0.1), rtol=1e-6)
    np.testing.assert_array_equal(fn("arange")(2, 5, dtype=np.float16), [2, 3, 4])
    assert fn("arange")(2, 5, dtype=np.float16).dtype == np.float16


def test_linspace_errors():
    with raises(ValueError, "Number of samples, -1, must be non-negative"):
        fn("linspace")(0, 1, -1)
    with raises(ConcretizationTypeError, "'num' argument of jnp.linspace"):
        wax.jit(lambda n: fn("linspace")(0, 1, n))(3)


def test_meshgrid_and_diag_errors():
    with raises(ValueError, "must be 1D", "(2, 2)"):
        fn("meshgrid")(np.ones((2, 2)), np.ones(3))
    with raises(ValueError, "Valid values for indexing", "'xy' and 'ij'"):
        fn("meshgrid")(np.ones(2), indexing="yx")
    with raises(ValueError, "diag input must be 1d or 2d"):
        fn("diag")(np.ones((2, 2, 2)))
    with raises(ValueError, "negative dimensions are not allowed"):
        fn("eye")(-1)


def test_lists_are_rejected_where_jax_rejects_them():
    with raises(TypeError, "full requires ndarray or scalar arguments"):
        fn("full")(3, [1, 2, 3])
    with raises(TypeError, "diag requires ndarray or scalar arguments"):
        fn("diag")([1, 2])


# --- concrete constants and traced values under jit ------------------------------------

def test_constants_stay_concrete_under_jit():
    seen = {}

    def f(x):
        seen["zeros"] = fn("zeros")(3)
        seen["arange"] = fn("arange")(3)
        seen["eye"] = fn("eye")(2)
        seen["linspace"] = fn("linspace")(0., 1., 3)
        seen["zeros_like"] = fn("zeros_like")(x)
        seen["full"] = fn("full")(3, 1.5)
        return x

    wax.jit(f)(jnp.asarray(np.ones(3, np.float32)))
    for name, value in seen.items():
        assert type(value) is ArrayImpl, name


def test_traced_fills_bounds_and_offsets():
    x = jnp.asarray(np.float32(2.5))
    out = wax.jit(lambda v: fn("full")((2, 2), v))(x)
    np.testing.assert_array_equal(out, np.full((2, 2), 2.5))
    out = wax.jit(lambda a, v: fn("full_like")(a, v))(jnp.asarray(np.zeros(3, np.int8)), x)
    check(out, np.int8, shape=(3,))
    np.testing.assert_array_equal(out, [2, 2, 2])
    f = wax.jit(lambda a, b: fn("linspace")(a, b, 5))
    np.testing.assert_allclose(f(jnp.asarray(np.float32(0)), jnp.asarray(np.float32(2))),
                               np.linspace(0, 2, 5), rtol=1e-6)
    np.testing.assert_array_equal(wax.jit(lambda k: fn("eye")(3, k=k))(1), np.eye(3, k=1))
    np.testing.assert_array_equal(wax.jit(lambda k: fn("eye")(2, 4, k=k))(-1),
                                  np.eye(2, 4, k=-1))
    jaxpr = str(wax.make_jaxpr(lambda v: fn("full")(3, v))(1.0))
    assert "broadcast_in_dim" in jaxpr


def test_linspace_retstep_and_edges():
    values, step = fn("linspace")(0, 10, 9, retstep=True)
    check(step, np.float32, shape=())
    assert float(step) == 1.25
    values, step = fn("linspace")(0, 10, 1, retstep=True)
    assert np.isnan(float(step))
    np.testing.assert_array_equal(values, [0.])
    _, step = fn("linspace")(2, 10, 1, endpoint=False, retstep=True)
    assert float(step) == 8
    out = fn("linspace")(np.zeros(2), np.ones(2), 3, axis=1)
    np.testing.assert_allclose(out, np.linspace(np.zeros(2), np.ones(2), 3, axis=1))


def test_array_of_traced_list_and_asarray_identity():
    out = wax.jit(lambda a, b: fn("array")([a, b, 3]))(jnp.asarray(np.float32(1)),
                                                       jnp.asarray(np.float32(2)))
    np.testing.assert_array_equal(out, [1, 2, 3])
    check(out, np.float32)
    x = jnp.asarray(np.ones(3, np.float32))
    assert fn("asarray")(x) is x
    assert fn("copy")(x) is not x


def test_meshgrid_shapes_match_numpy():
    a, b, c = np.arange(2), np.arange(3.), np.arange(4)
    for indexing in ("xy", "ij"):
        for sparse in (False, True):
            got = fn("meshgrid")(a, b, c, indexing=indexing, sparse=sparse)
            want = np.meshgrid(a, b, c, indexing=indexing, sparse=sparse)
            assert [g.shape for g in got] == [w.shape for w in want]
            for g, w in zip(got, want):
                np.testing.assert_array_equal(g, w)
    assert fn("meshgrid")() == []
