"""lax.fft and the fft primitive: FftType, argument handling and errors, shapes and dtypes
(x64 on and off), the batch rule's placement, and derivatives with complex inputs
(check_grads plus gradient values recorded from JAX 0.10.2 in jax_fft_facts.json)."""

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.test_util import check_grads

from fft_facts import FACTS, decode  # noqa: E402




X = decode(FACTS["_inputs"]["x"])
C = decode(FACTS["_inputs"]["c"])


def test_fft_type_enum():
    assert [int(t) for t in lax.FftType] == [0, 1, 2, 3]
    assert [t.name for t in lax.FftType] == ["FFT", "IFFT", "RFFT", "IRFFT"]
    assert issubclass(lax.FftType, int)


@pytest.mark.parametrize("name,typ", [("fft", "FFT"), ("IFFT", "IFFT"), ("rfft", "RFFT"),
                                      ("IRFFT", "IRFFT")])
def test_string_and_enum_types_agree(name, typ):
    x = jnp.asarray(np.arange(6, dtype=np.float32).reshape(2, 3))
    lengths = (2, 4) if typ == "IRFFT" else (2, 3)
    a = lax.fft(x, name, lengths)
    b = lax.fft(x, lax.FftType[typ], list(lengths))
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_values_and_dtypes_against_numpy():
    x = np.random.default_rng(0).standard_normal((3, 4, 6)).astype(np.float32)
    out = lax.fft(jnp.asarray(x), "fft", (4, 6))
    assert out.dtype == np.complex64 and not out.weak_type
    np.testing.assert_allclose(np.asarray(out), np.fft.fft2(x), rtol=1e-5, atol=1e-5)
    r = lax.fft(jnp.asarray(x), "rfft", (6,))
    assert r.shape == (3, 4, 4) and r.dtype == np.complex64
    back = lax.fft(r, "irfft", (6,))
    assert back.dtype == np.float32
    np.testing.assert_allclose(np.asarray(back), x, rtol=1e-5, atol=1e-5)
    inv = lax.fft(out, lax.FftType.IFFT, (4, 6))
    np.testing.assert_allclose(np.asarray(inv), x, rtol=1e-5, atol=1e-5)


def test_x64_keeps_double_precision():
    x = np.random.default_rng(1).standard_normal((5, 8))
    with wax.enable_x64():
        out = lax.fft(jnp.asarray(x), "fft", (8,))
        assert out.dtype == np.complex128
        np.testing.assert_allclose(np.asarray(out), np.fft.fft(x), rtol=1e-13, atol=1e-13)
        r = lax.fft(jnp.asarray(x), "rfft", (5, 8))
        assert r.dtype == np.complex128
        back = lax.fft(r, "irfft", (5, 8))
        assert back.dtype == np.float64
        np.testing.assert_allclose(np.asarray(back), x, rtol=1e-13, atol=1e-13)
        # JAX's widths: int32 computes in complex64 even with x64, int64 in complex128.
        assert lax.fft(jnp.arange(4, dtype=np.int32), "fft", (4,)).dtype == np.complex64
        assert lax.fft(jnp.arange(4, dtype=np.int64), "fft", (4,)).dtype == np.complex128
        assert lax.fft(jnp.arange(4, dtype=np.int32), "rfft", (4,)).dtype == np.complex64


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.bool_, np.float16,
                                   jnp.bfloat16])
def test_non_complex_inputs_compute_in_complex64(dtype):
    x = jnp.asarray(np.array([1, 0, 1, 1]).astype(dtype))
    out = lax.fft(x, "fft", (4,))
    assert out.dtype == np.complex64
    np.testing.assert_allclose(np.asarray(out), np.fft.fft([1., 0., 1., 1.]), atol=1e-6)
    assert lax.fft(x, "irfft", (6,)).dtype == np.float32


def test_weak_inputs_give_strong_results():
    x = lax.full((3,), 1.0)
    assert x.weak_type
    out = lax.fft(x, "fft", (3,))
    assert out.dtype == np.complex64 and not out.weak_type


def test_empty_lengths_convert_only():
    out = lax.fft(jnp.asarray(np.ones(3, np.float32)), "fft", ())
    assert out.dtype == np.complex64 and out.shape == (3,)


def test_zero_size_arrays():
    assert lax.fft(jnp.zeros((0, 3), np.complex64), "fft", (3,)).shape == (0, 3)
    assert lax.fft(jnp.zeros((0,), np.complex64), "fft", (0,)).shape == (0,)
    out = lax.fft(jnp.zeros((2, 1), np.complex64), "irfft", (0,))
    assert out.shape == (2, 0) and out.dtype == np.float32
    r = lax.fft(jnp.zeros((0, 4), np.float32), "rfft", (4,))
    assert r.shape == (0, 3) and r.dtype == np.complex64


@pytest.mark.parametrize("call,exc,message", [
    (lambda x: lax.fft(x, "foo", (4,)), ValueError, "Unknown FFT type 'foo'"),
    (lambda x: lax.fft(x, 0, (4,)), TypeError, "Unknown FFT type value '0'"),
    (lambda x: lax.fft(x, "fft", (4, 4)), ValueError,
     "FFT input shape (4,) must have at least as many input dimensions as fft_lengths (4, 4)"),
    (lambda x: lax.fft(x, "fft", (5,)), ValueError,
     "FFT input shape (4,) minor dimensions must be equal to fft_lengths (5,)"),
    (lambda x: lax.fft(x.astype(np.complex64), "rfft", (4,)), ValueError,
     "only real valued inputs supported for rfft"),
    (lambda x: lax.fft(x.astype(np.float16), "rfft", (4,)), ValueError,
     "RFFT input must be float32 or float64, got float16"),
    (lambda x: lax.fft(x, "irfft", (4,)), ValueError,
     "IRFFT requires innermost dimension to be compatible with fft_length[-1]/2+1. Got: 4 "
     "but fft_length is 4."),
    (lambda x: lax.fft(x.reshape(1, 1, 1, 4), "fft", (1, 1, 1, 4)), ValueError,
     "between 1 and 3"),
    (lambda x: lax.fft(x, "fft", ("a",)), TypeError, "fft_lengths"),
])
def test_errors(call, exc, message):
    x = jnp.asarray(np.arange(4, dtype=np.float32))
    with pytest.raises(exc, match=None) as info:
        call(x)
    assert message in str(info.value)


def test_irfft_error_names_all_lengths():
    with pytest.raises(ValueError, match="all except the last fft_length"):
        lax.fft(jnp.zeros((3, 4), np.complex64), "irfft", (2, 6))


def test_one_fft_equation_in_the_jaxpr():
    jaxpr = wax.make_jaxpr(lambda x: lax.fft(x, "fft", (3,)))(jnp.ones(3, np.complex64))
    assert [e.primitive.name for e in jaxpr.jaxpr.eqns] == ["fft"]
    assert "fft[fft_lengths=(3,) fft_type=0]" in str(jaxpr)


def test_batch_dimension_among_leading_axes_stays_put():
    def f(x):
        return lax.fft(x, "fft", (4,))
    x = jnp.asarray(np.random.default_rng(2).standard_normal((3, 2, 4)).astype(np.complex64))
    jaxpr = wax.make_jaxpr(wax.vmap(f, in_axes=1, out_axes=1))(x)
    assert [e.primitive.name for e in jaxpr.jaxpr.eqns] == ["fft"]
    out = wax.vmap(f, in_axes=1, out_axes=1)(x)
    np.testing.assert_allclose(np.asarray(out), np.fft.fft(np.asarray(x)), rtol=1e-5,
                               atol=1e-5)


def test_batch_dimension_inside_the_transform_moves_to_the_front():
    def f(x):
        return lax.fft(x, "rfft", (3, 4))
    x = np.random.default_rng(3).standard_normal((3, 4, 5)).astype(np.float32)
    out = wax.vmap(f, in_axes=2)(jnp.asarray(x))
    expected = np.fft.rfft2(np.moveaxis(x, 2, 0))
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-5, atol=1e-5)


# --- derivatives ----------------------------------------------------------------------------

@pytest.mark.parametrize("typ,shape,lengths", [
    ("fft", (3, 4), (4,)), ("ifft", (2, 3, 5), (3, 5)), ("irfft", (2, 3), (2, 4)),
    ("irfft", (4, 3), (5,)), ("fft", (2, 2, 2, 3), (2, 2, 3))])
def test_check_grads_with_complex_inputs(typ, shape, lengths):
    rng = np.random.default_rng(4)
    z = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    with wax.enable_x64():
        check_grads(lambda v: lax.fft(v, typ, lengths), (z,), order=2)


@pytest.mark.parametrize("shape,lengths", [((3, 4), (4,)), ((2, 5), (2, 5)),
                                           ((2, 3, 3), (2, 3, 3))])
def test_check_grads_rfft(shape, lengths):
    x = np.random.default_rng(5).standard_normal(shape)
    with wax.enable_x64():
        check_grads(lambda v: lax.fft(v, "rfft", lengths), (x,), order=2)


def test_linear_transpose_of_each_type_is_the_adjoint_in_jax_convention():
    """<T(ct), u> = <ct, L(u)> under JAX's real inner product of (re, im) pairs."""
    rng = np.random.default_rng(6)

    def real_inner(a, b):
        return float(np.sum(np.real(a) * np.real(b) + np.imag(a) * np.imag(b)))

    cases = [("fft", np.complex128, (5,), (5,)), ("ifft", np.complex128, (2, 4), (2, 4)),
             ("rfft", np.float64, (6,), (6,)), ("rfft", np.float64, (3, 5), (3, 5)),
             ("irfft", np.complex128, (4,), (6,)), ("irfft", np.complex128, (2, 3), (2, 5))]
    with wax.enable_x64():
        for typ, dtype, shape, lengths in cases:
            u = rng.standard_normal(shape)
            if dtype == np.complex128:
                u = u + 1j * rng.standard_normal(shape)
            fun = (lambda t, lengths=lengths: lambda v: lax.fft(v, t, lengths))(typ)
            out = np.asarray(fun(jnp.asarray(u)))
            ct = rng.standard_normal(out.shape) + (1j * rng.standard_normal(out.shape)
                                                   if out.dtype.kind == "c" else 0)
            transpose = wax.linear_transpose(fun, jnp.asarray(u))
            # JAX's convention: the transpose of a complex map pulls back conj cotangents.
            back, = transpose(jnp.asarray(np.conj(ct)))
            np.testing.assert_allclose(real_inner(np.conj(np.asarray(back)), u),
                                       real_inner(ct, out), rtol=1e-10, err_msg=typ)


@pytest.mark.parametrize("name,fun,arg", [
    ("grad_fft_ifft_complex",
     lambda z: (jnp.fft.fft(z) * jnp.arange(4.)).real.sum() + jnp.fft.ifft(z).imag.sum(), "c"),
    ("grad_irfft_odd", lambda z: (jnp.fft.irfft(z, n=5) * jnp.arange(5.)).sum(), "c3"),
    ("grad_irfft_even", lambda z: (jnp.fft.irfft(z, n=4) * jnp.arange(4.)).sum(), "c3"),
    ("grad_rfft", lambda v: (jnp.fft.rfft(v) * jnp.arange(3.)).imag.sum()
     + (jnp.fft.rfft(v) * jnp.arange(3.)).real.sum(), "x"),
    ("grad_irfft2", lambda z: (jnp.fft.irfft2(z, s=(2, 5))
                               * jnp.arange(10.).reshape(2, 5)).sum(), "c2"),
    ("grad_rfft2", lambda v: (jnp.fft.rfft2(v)
                              * (1 + 2j * jnp.arange(6.).reshape(2, 3))).real.sum(), "x2"),
])
def test_gradients_match_jax(name, fun, arg):
    args = {"c": C, "c3": C[:3], "x": X, "c2": np.stack([C[:3], C[1:]]),
            "x2": np.stack([X, X[::-1]])}
    got = wax.grad(fun)(jnp.asarray(args[arg]))
    expected = decode(FACTS[name]["result"])
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-5)


def test_hfft_ihfft_pullbacks_match_jax():
    _, pullback = wax.vjp(lambda z: jnp.fft.hfft(z, n=5), jnp.asarray(C[:3]))
    got, = pullback(jnp.arange(5.))
    np.testing.assert_allclose(np.asarray(got), decode(FACTS["vjp_hfft"]["result"]),
                               rtol=1e-5, atol=1e-5)
    _, pullback = wax.vjp(jnp.fft.ihfft, jnp.asarray(X))
    got, = pullback(jnp.asarray(np.array([1 + 1j, 2 - 1j, 0.5j], np.complex64)))
    np.testing.assert_allclose(np.asarray(got), decode(FACTS["vjp_ihfft"]["result"]),
                               rtol=1e-5, atol=1e-5)


def test_jit_and_vmap_of_grad():
    def loss(v):
        return jnp.sum(jnp.abs(jnp.fft.rfft(v)) ** 2)
    x = np.random.default_rng(7).standard_normal((3, 8)).astype(np.float32)
    got = wax.jit(wax.vmap(wax.grad(loss)))(jnp.asarray(x))
    # d/dv_j sum_k |R_k|^2 = 2 Re(sum_k conj(R_k) exp(-2 pi i j k / N)), k over kept bins.
    expected = np.stack([2 * np.real(np.fft.fft(np.pad(np.conj(np.fft.rfft(v)), (0, 3))))
                         for v in x.astype(np.float64)])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-4, atol=1e-4)
