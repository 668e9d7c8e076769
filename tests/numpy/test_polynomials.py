"""wax.numpy's polynomials, window functions, i0 and spacing: facts recorded from JAX
0.10.2 (tests/data/jax_numpy_sets_poly.json), NumPy agreement (x64 for the tight checks),
JAX's i0 derivative, the leading-zero rules of roots/polymul/polydiv, errors.

The op records (tests/records/numpy_poly.py) check values, jit, grads and vmap.
"""
import math

import numpy as np
import pytest

import wax
import wax.lax
import wax.numpy as jnp
from wax.errors import ConcretizationTypeError

from sets_poly_facts import (DATA, NAMESPACE, POLY_AREA, check_raises_like_jax,  # noqa: E402
                             compare)


def tolerance(expr, eps=2.0 ** -23):
    """Exact up to a few ulps, except where a result goes through functions that XLA and
    NumPy/LAPACK round differently: bessel_i0e (i0, kaiser), lstsq/eig (polyfit, roots,
    poly of a matrix), cos (the windows)."""
    if "float16" in expr:
        return 2e-3
    if any(name in expr for name in ("polyfit", "roots", "jnp.poly(jnp.array([[")):
        return 2e-5
    if any(name in expr for name in ("i0", "kaiser", "blackman", "hamming", "hanning")):
        return 32 * eps
    return 4 * eps


def cases(section):
    return [pytest.param(e, v, id=e[:110]) for e, v in DATA[section].items()
            if POLY_AREA.search(e)]


@pytest.mark.parametrize("expr,entry", cases("cases"))
def test_matches_jax(expr, entry):
    compare(expr, eval(expr, NAMESPACE), entry, tolerance(expr))


@pytest.mark.parametrize("expr,entry", cases("cases_x64"))
def test_matches_jax_x64(expr, entry):
    with wax.enable_x64():
        got = eval(expr, NAMESPACE)
    compare(expr, got, entry, tolerance(expr, 2.0 ** -23 if "float32" in expr else 2.0 ** -52))


@pytest.mark.parametrize("expr,entry", cases("errors"))
def test_raises_like_jax(expr, entry):
    check_raises_like_jax(expr, entry)


# --- NumPy agreement (float64 under x64) ---------------------------------------------------

RNG = np.random.default_rng(0)
P = RNG.normal(size=5)
Q = RNG.normal(size=3)


def test_polynomial_arithmetic_matches_numpy_in_float64():
    with wax.enable_x64():
        p, q = jnp.asarray(P), jnp.asarray(Q)
        np.testing.assert_allclose(np.asarray(jnp.polyadd(p, q)), np.polyadd(P, Q), rtol=1e-14)
        np.testing.assert_allclose(np.asarray(jnp.polysub(q, p)), np.polysub(Q, P), rtol=1e-14)
        np.testing.assert_allclose(np.asarray(jnp.polymul(p, q)), np.polymul(P, Q),
                                   rtol=1e-13)
        quotient, remainder = jnp.polydiv(p, q)
        want_q, want_r = np.polydiv(P, Q)
        np.testing.assert_allclose(np.asarray(quotient), want_q, rtol=1e-12)
        np.testing.assert_allclose(np.asarray(remainder)[-len(want_r):], want_r, rtol=1e-12,
                                   atol=1e-12)
        np.testing.assert_allclose(np.asarray(remainder)[:-len(want_r)], 0, atol=1e-12)
        _, trimmed = jnp.polydiv(p, q, trim_leading_zeros=True)
        np.testing.assert_allclose(np.asarray(trimmed), want_r, rtol=1e-12)
        for m in (1, 3, 6):
            np.testing.assert_allclose(np.asarray(jnp.polyder(p, m)), np.polyder(P, m)
                                       if m < len(P) else np.zeros(0), rtol=1e-14)
            np.testing.assert_allclose(np.asarray(jnp.polyint(p, m, k=0.5)),
                                       np.polyint(P, m, [0.5] * m), rtol=1e-14)
        x = jnp.asarray(np.linspace(-2, 2, 7))
        np.testing.assert_allclose(np.asarray(jnp.polyval(p, x)), np.polyval(P, np.asarray(x)),
                                   rtol=1e-13)
        np.testing.assert_allclose(np.asarray(jnp.poly(q)), np.poly(Q), rtol=1e-13)
        np.testing.assert_allclose(np.asarray(jnp.vander(q, 4)), np.vander(Q, 4), rtol=1e-14)


@pytest.mark.parametrize("kw", [{}, {"full": True}, {"cov": True}, {"cov": "unscaled"},
                                {"w": np.linspace(1, 2, 9)}])
@pytest.mark.parametrize("y_shape", [(9,), (9, 2)])
def test_polyfit_matches_numpy_in_float64(kw, y_shape):
    x = np.linspace(-1, 2, 9)
    y = np.cos(np.arange(np.prod(y_shape)).reshape(y_shape) + 0.3)
    with wax.enable_x64():
        got = jnp.polyfit(jnp.asarray(x), jnp.asarray(y), 2,
                          **{k: jnp.asarray(v) if k == "w" else v for k, v in kw.items()})
    want = np.polyfit(x, y, 2, **kw)
    got, want = (got, want) if isinstance(want, tuple) else ((got,), (want,))
    for i, (g, w) in enumerate(zip(got, want)):
        if kw.get("full") and i == 4:
            assert float(g) == pytest.approx(9 * np.finfo(np.float64).eps)  # rcond
            continue
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("p", [[1., -6., 11., -6.], [0., 0., 2., -2.], [1., 0., 0.],
                               [3., 0., 1.], [1., 2., 3., 4., 5.], [0., 4.], [5.], [0., 0.]])
def test_roots_match_numpy(p):
    got = np.sort_complex(np.asarray(jnp.roots(jnp.asarray(p, np.float32))))
    want = np.sort_complex(np.roots(p))
    assert got.dtype == np.complex64 and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_roots_without_stripping_marks_leading_zeros_nan():
    got = wax.jit(lambda p: jnp.roots(p, strip_zeros=False))(jnp.asarray([0., 0., 1., -2.]))
    got = np.asarray(got)
    np.testing.assert_allclose(got[0], 2.0)
    assert np.all(np.isnan(got[1:].real)) and np.all(np.isnan(got[1:].imag))


def test_polymul_trims_leading_zeros_only_when_asked():
    a, b = jnp.asarray([0., 1., 2.]), jnp.asarray([0., 3.])
    np.testing.assert_array_equal(np.asarray(jnp.polymul(a, b)), [0., 0., 3., 6.])
    np.testing.assert_array_equal(np.asarray(jnp.polymul(a, b, trim_leading_zeros=True)),
                                  [3., 6.])


# --- windows, i0, spacing ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
@pytest.mark.parametrize("M", [0, 1, 2, 3, 8, 33, 6.0])
def test_windows_match_numpy(name, M):
    got = getattr(jnp, name)(M)
    assert got.dtype == np.float32 and got.shape == (int(M),)
    np.testing.assert_allclose(np.asarray(got), getattr(np, name)(int(M)), atol=3e-7)


@pytest.mark.parametrize("M,beta", [(1, 2.), (2, 0.), (7, 0.5), (16, 8.6)])
def test_kaiser_matches_numpy(M, beta):
    np.testing.assert_allclose(np.asarray(jnp.kaiser(M, beta)), np.kaiser(M, beta),
                               rtol=2e-6, atol=1e-7)
    with wax.enable_x64():
        got = jnp.kaiser(M, beta)
        assert got.dtype == np.float64
        np.testing.assert_allclose(np.asarray(got), np.kaiser(M, beta), rtol=1e-13)


def test_windows_need_a_static_length():
    with pytest.raises(ConcretizationTypeError, match="M argument of jnp.hamming"):
        wax.jit(jnp.hamming)(4)
    with pytest.raises(TypeError, match="M=-2"):
        jnp.bartlett(-2)


def bessel_series(x, order):
    """I_order(x) for small |x| from its power series (float64)."""
    x = np.asarray(x, np.float64)
    return sum((x / 2) ** (2 * k + order) / (math.factorial(k) * math.factorial(k + order))
               for k in range(40))


def test_i0_matches_numpy_and_its_derivative_is_i1():
    x = np.array([-4., -1.5, -0.25, 0., 0.5, 2., 6.])
    with wax.enable_x64():
        np.testing.assert_allclose(np.asarray(jnp.i0(jnp.asarray(x))), np.i0(x), rtol=1e-14)
        grads = wax.vmap(wax.grad(jnp.i0))(jnp.asarray(x))
        np.testing.assert_allclose(np.asarray(grads), bessel_series(x, 1), rtol=1e-12)
        second = wax.vmap(wax.grad(wax.grad(jnp.i0)))(jnp.asarray(x[x != 0]))
        # I0'' = I0 - I1 / x
        want = bessel_series(x[x != 0], 0) - bessel_series(x[x != 0], 1) / x[x != 0]
        np.testing.assert_allclose(np.asarray(second), want, rtol=1e-11)
    # JAX's rule: exactly 0 at x == 0 (where |x|'s derivative would give 1), to any order.
    assert float(wax.grad(jnp.i0)(0.)) == 0.0
    assert float(wax.grad(jnp.i0)(-0.)) == 0.0
    assert float(wax.grad(wax.grad(jnp.i0))(0.)) == 0.0


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.float64])
def test_spacing_matches_numpy(dtype):
    info = np.finfo(dtype)
    x = np.array([1., -1., 0., -0., 2.5, -1e-3, info.tiny, -info.tiny, info.smallest_subnormal,
                  info.max, -info.max, np.inf, -np.inf, np.nan], dtype)
    with wax.enable_x64():
        got = jnp.spacing(jnp.asarray(x))
    assert got.dtype == dtype
    with np.errstate(over="ignore", invalid="ignore"):  # NumPy warns at max and inf
        if dtype == np.float16:
            # JAX's float16 spacing steps toward +inf whatever the sign (so is positive).
            want = np.nextafter(x, np.float16(np.inf)) - x
        else:
            want = np.spacing(x)
            want[(x == 0) & np.signbit(x)] *= -1  # JAX: -0.0 steps to -inf (NumPy: +inf)
    np.testing.assert_array_equal(np.asarray(got), want)


# --- bad arguments ----------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,fragments", [
    (lambda: jnp.polyval(jnp.asarray(2.), 1.), ValueError, ["at least 1-D", "float32"]),
    (lambda: jnp.polymul(jnp.ones((2, 2)), jnp.ones(2)), ValueError, ["(2, 2)"]),
    (lambda: jnp.polyadd(jnp.asarray(1.), jnp.ones(2)), ValueError, ["a1", "scalar"]),
    (lambda: jnp.vander(jnp.ones((2, 2))), ValueError, ["one-dimensional", "(2, 2)"]),
    (lambda: jnp.roots(jnp.ones((2, 2))), ValueError, ["rank-1", "(2, 2)"]),
    (lambda: jnp.polyfit(jnp.ones(3), jnp.ones(2), 1), TypeError, ["same length", "3", "2"]),
    (lambda: jnp.polyfit(jnp.arange(3), jnp.ones(3), 1), ValueError, ["inexact", "int32"]),
    (lambda: jnp.i0(jnp.ones(2, np.complex64)), ValueError, ["complex64"]),
    (lambda: jnp.poly(jnp.ones((2, 3))), ValueError, ["(2, 3)"]),
])
def test_bad_arguments(call, exc, fragments):
    with pytest.raises(exc) as info:
        call()
    for fragment in fragments:
        assert fragment in str(info.value), (fragment, str(info.value))


def test_roots_needs_concrete_values_to_strip_zeros():
    with pytest.raises(ConcretizationTypeError, match="strip_zeros=False"):
        wax.jit(jnp.roots)(jnp.asarray([1., 0., -1.]))
