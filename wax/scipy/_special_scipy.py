"""The wax.scipy.special functions whose values come from scipy.special (see
_scipy_backed.py): exponential integrals, sine/cosine and Fresnel integrals, Spence's
function, Dawson's and Faddeeva functions, Owen's T, the confluent and Gauss
hypergeometric functions, ndtri/log_ndtr, Bessel J_n, spherical harmonics and the
complex gamma functions. Each derivative is the one JAX's custom_jvp rule gives.
"""
from __future__ import annotations

import operator

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..transforms.staging import aval_of
from ._scipy_backed import ScipyElementwise, prepare, scipy_special

_TWO_OVER_SQRT_PI = 2.0 / np.sqrt(np.pi)
_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
_SQRT_2PI = np.sqrt(2.0 * np.pi)


def _no_derivative(what):
    def derivative(ans, *args):
        raise NotImplementedError(f"Differentiation of {what} is not implemented.")
    return derivative


def _check_float32_or_64(x, message):
    """ndtr/ndtri/spence/log_ndtr take float32 and float64 only (JAX's TypeError)."""
    x = jnp.asarray(x)
    dtype = aval_of(x).dtype
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(message.format(dtype))
    return x


_UNSUPPORTED = "x.dtype={} is not supported, see docstring for supported types."


# -- exponential integrals ------------------------------------------------------------------

_expi = ScipyElementwise("expi", lambda x: scipy_special().expi(x),
                         [lambda ans, x: jnp.exp(x) / x])


def expi(x):
    """Exponential integral Ei(x)."""
    x, = prepare("expi", x)
    return _expi(x)


def _expn_values(n, x):
    # Non-integer and negative orders are nan, as in JAX (SciPy would truncate n).
    valid = (n >= 0) & (n == np.floor(n))
    order = np.where(valid, n, 0).astype(np.int64)
    return np.where(valid, scipy_special().expn(order, x), np.nan)


def _expn_slope(ans, n, x):
    # d/dx E_n(x) = -E_{n-1}(x); for n == 0, E_0 = exp(-x)/x has slope -E_0 (1 + 1/x).
    e0 = jnp.exp(-x) / x
    lower = _expn(jnp.maximum(n - 1, 0), x)
    return jnp.where(n == 0, -e0 * (1 + 1 / x), -lower)


_expn = ScipyElementwise("expn", _expn_values, [None, _expn_slope])


def expn(n, x):
    """Generalized exponential integral E_n(x) for integer orders n >= 0."""
    n, x = prepare("expn", n, x)
    return _expn(n, x)


def exp1(x):
    """Exponential integral E_1(x) (= expn(1, x))."""
    x, = prepare("exp1", x)
    return _expn(jnp.ones_like(x), x)


# -- sine/cosine and Fresnel integrals ------------------------------------------------------

_sici = ScipyElementwise(
    "sici", lambda x: scipy_special().sici(x),
    [lambda ans, x: (jnp.sinc(x / np.pi), jnp.cos(x) / x)], nout=2)


def sici(x):
    """Sine and cosine integrals (Si(x), Ci(x))."""
    x, = prepare("sici", x, complex_ok=True)
    if aval_of(x).dtype.kind == "c":
        raise ValueError(f"Argument `x` to sici must be real-valued. Got dtype {x.dtype}.")
    return _sici(x)


def _fresnel_slope(ans, x):
    angle = (np.pi / 2) * x * x
    return jnp.sin(angle), jnp.cos(angle)


_fresnel = ScipyElementwise("fresnel", lambda x: scipy_special().fresnel(x),
                            [_fresnel_slope], nout=2)


def fresnel(x):
    """Fresnel integrals (S(x), C(x))."""
    x = jnp.asarray(x)
    if aval_of(x).dtype.kind == "c":
        raise NotImplementedError("Support for complex-valued inputs is not implemented yet.")
    x, = prepare("fresnel", x)
    return _fresnel(x)


# -- Spence, Dawson, Faddeeva, Owen's T -----------------------------------------------------

def _spence_slope(ans, x):
    # d/dx spence(x) = log(x) / (1 - x), whose limit at x = 1 is -1.
    at_one = x == 1
    safe = jnp.where(at_one, 2.0, x)
    return jnp.where(at_one, -1.0, jnp.log(safe) / (1 - safe))


_spence = ScipyElementwise("spence", lambda x: scipy_special().spence(x), [_spence_slope])


def spence(x):
    """Spence's function (the dilogarithm in SciPy's convention), for x >= 0."""
    x = _check_float32_or_64(x, _UNSUPPORTED)
    return _spence(x)


_dawsn = ScipyElementwise("dawsn", lambda x: scipy_special().dawsn(x),
                          [lambda ans, x: 1 - 2 * x * ans])


def dawsn(x):
    """Dawson's integral exp(-x**2) * integral_0^x exp(t**2) dt."""
    x, = prepare("dawsn", x)
    return _dawsn(x)


_erfcx = ScipyElementwise("erfcx", lambda x: scipy_special().erfcx(x),
                          [lambda ans, x: 2 * x * ans - _TWO_OVER_SQRT_PI])


def erfcx(x):
    """Scaled complementary error function exp(x**2) * erfc(x) (real or complex)."""
    x, = prepare("erfcx", x, complex_ok=True)
    return _erfcx(x)


_wofz = ScipyElementwise("wofz", lambda z: scipy_special().wofz(z),
                         [lambda ans, z: -2 * z * ans + 1j * _TWO_OVER_SQRT_PI])


def wofz(z):
    """Faddeeva function w(z) = exp(-z**2) * erfc(-i z)."""
    z, = prepare("wofz", z, to_complex=True)
    return _wofz(z)


def _owens_t_dh(ans, h, a):
    return -jnp.exp(-0.5 * h * h) * lax.erf(a * h / np.sqrt(2.0)) / (2.0 * _SQRT_2PI)


def _owens_t_da(ans, h, a):
    one_plus = 1.0 + a * a
    return jnp.exp(-0.5 * one_plus * h * h) / (2.0 * np.pi * one_plus)


_owens_t = ScipyElementwise("owens_t", lambda h, a: scipy_special().owens_t(h, a),
                            [_owens_t_dh, _owens_t_da])


def owens_t(h, a):
    """Owen's T function T(h, a)."""
    h, a = prepare("owens_t", h, a)
    return _owens_t(h, a)


# -- hypergeometric functions ---------------------------------------------------------------

_SERIES_TERMS = 4000


def _bell(ys):
    """Complete Bell polynomials B_0 .. B_n of ys[0..n-1] (arrays): B_{n+1} =
    sum_i C(n, i) B_{n-i} y_{i+1}."""
    out = [1.0]
    for n in range(len(ys)):
        total = 0.0
        coefficient = 1
        for i in range(n + 1):
            total = total + coefficient * out[n - i] * ys[i]
            coefficient = coefficient * (n - i) // (i + 1)
        out.append(total)
    return out


def _hypergeometric_derivative(x, rising, falling, orders, x_order):
    """A derivative of the hypergeometric series sum_k prod (r)_k / prod (f)_k x**k / k!:
    orders[i] times in parameter i (the rising ones, then the falling ones) and x_order
    times in x, summed term by term. d^n/dp^n of log (p)_k is (-1)**(n-1) (n-1)!
    sum_{j<k} (p + j)**-n (negated for a falling parameter), and the derivative of
    exp(g) is a complete Bell polynomial in the derivatives of g."""
    params = list(rising) + list(falling)
    signs = [1.0] * len(rising) + [-1.0] * len(falling)
    eps = np.finfo(np.float64).eps
    power_sums = [[np.zeros_like(x) for _ in range(n)] for n in orders]
    # coefficient of the term k: prod (r)_k / prod (f)_k; term: that * x**(k - m) / (k - m)!
    coefficient = np.ones_like(x)
    term = np.zeros_like(x)
    total = np.zeros_like(x)
    quiet = np.zeros(x.shape, np.int64)
    ratio = np.ones_like(x)  # (coefficient k) / (coefficient k - 1), set at the loop's end
    for k in range(_SERIES_TERMS):
        if k >= x_order:
            term = coefficient if k == x_order else term * ratio * x / (k - x_order)
            factor = term
            for p_sums, sign, n in zip(power_sums, signs, orders):
                if n:
                    ys = [sign * (-1.0) ** (m) * _factorial(m) * p_sums[m] for m in range(n)]
                    factor = factor * _bell(ys)[n]
            total = total + factor
            small = np.abs(factor) <= eps * np.abs(total)
            quiet = np.where(small, quiet + 1, 0)
            if np.all((quiet >= 3) | ~np.isfinite(total)):
                break
        ratio = np.ones_like(x)
        for p, sign in zip(params, signs):
            ratio = ratio * (p + k) ** sign
        coefficient = coefficient * ratio
        for p, p_sums, n in zip(params, power_sums, orders):
            for m in range(n):
                p_sums[m] = p_sums[m] + (p + k) ** -(m + 1.0)
    return total


def _factorial(m):
    out = 1.0
    for i in range(2, m + 1):
        out *= i
    return out


_DERIVATIVE_SERIES = {}


def _series(nrising, nfalling, orders, x_order):
    """The ScipyElementwise for one derivative of a hypergeometric series (operands: the
    parameters, then x); its own derivatives are the series one order higher."""
    key = (nrising, nfalling, tuple(orders), x_order)
    found = _DERIVATIVE_SERIES.get(key)
    if found is not None:
        return found
    nparams = nrising + nfalling

    def values(*args):
        *params, x = args
        return _hypergeometric_derivative(x, params[:nrising], params[nrising:], orders,
                                          x_order)

    def raised(i):
        def derivative(ans, *args):
            more = list(orders)
            more[i] += 1
            return _series(nrising, nfalling, more, x_order)(*args)
        return derivative

    def raised_x(ans, *args):
        return _series(nrising, nfalling, orders, x_order + 1)(*args)

    found = ScipyElementwise("hypergeometric_series", values,
                             [raised(i) for i in range(nparams)] + [raised_x])
    _DERIVATIVE_SERIES[key] = found
    return found


def _parameter_derivative(nrising, nfalling, i):
    """d/d(parameter i) of the series, as a derivative function of the primal."""
    orders = [0] * (nrising + nfalling)
    orders[i] = 1
    return lambda ans, *args: _series(nrising, nfalling, orders, 0)(*args)


def _hyp1f1_dx(ans, a, b, x):
    return a / b * _hyp1f1(a + 1, b + 1, x)


_hyp1f1 = ScipyElementwise(
    "hyp1f1", lambda a, b, x: scipy_special().hyp1f1(a, b, x),
    [_parameter_derivative(1, 1, 0), _parameter_derivative(1, 1, 1), _hyp1f1_dx])


def hyp1f1(a, b, x):
    """Confluent hypergeometric function 1F1(a; b; x). Its derivatives in a and b are
    series summed term by term (as JAX's), to any order."""
    a, b, x = prepare("hyp1f1", a, b, x)
    return _hyp1f1(a, b, x)


def _hyp2f1_dx(ans, a, b, c, x):
    return a * b / c * _hyp2f1(a + 1, b + 1, c + 1, x)


_hyp2f1 = ScipyElementwise(
    "hyp2f1", lambda a, b, c, x: scipy_special().hyp2f1(a, b, c, x),
    [_parameter_derivative(2, 1, 0), _parameter_derivative(2, 1, 1),
     _parameter_derivative(2, 1, 2), _hyp2f1_dx])


def hyp2f1(a, b, c, x):
    """Gauss hypergeometric function 2F1(a, b; c; x). Its derivatives in a, b and c are
    series summed term by term (for |x| < 1, as JAX's)."""
    a, b, c, x = prepare("hyp2f1", a, b, c, x)
    return _hyp2f1(a, b, c, x)


# -- the normal distribution's inverse and log ----------------------------------------------

_ndtri = ScipyElementwise("ndtri", lambda p: scipy_special().ndtri(p),
                          [lambda ans, p: _SQRT_2PI * jnp.exp(0.5 * ans * ans)])


def ndtri(p):
    """Inverse of the standard normal CDF."""
    p = _check_float32_or_64(p, _UNSUPPORTED)
    return _ndtri(p)


_log_ndtr = ScipyElementwise(
    "log_ndtr", lambda x: scipy_special().log_ndtr(x),
    [lambda ans, x: jnp.exp(-0.5 * x * x - _LOG_SQRT_2PI - ans)])


def log_ndtr(x, series_order=3):
    """Log of the standard normal CDF, accurate far into both tails. (SciPy computes the
    value; series_order, the length of JAX's asymptotic series, is checked as JAX does.)"""
    if not isinstance(series_order, int):
        raise TypeError("series_order must be a Python integer.")
    if series_order < 0:
        raise ValueError("series_order must be non-negative.")
    if series_order > 30:
        raise ValueError("series_order must be <= 30.")
    x = _check_float32_or_64(x, "x.dtype={} is not supported.")
    return _log_ndtr(x)


# -- Bessel functions of the first kind -----------------------------------------------------

def _jv_slope(ans, order, z):
    return 0.5 * (_jv(order - 1, z) - _jv(order + 1, z))


_jv = ScipyElementwise("bessel_jn", lambda order, z: scipy_special().jv(order, z),
                       [None, _jv_slope])


def bessel_jn(z, *, v, n_iter=50):
    """Bessel functions of the first kind J_0(z), ..., J_v(z), stacked on a new leading
    axis. (SciPy computes them; n_iter, the length of JAX's recurrence, is unused.)"""
    from ..core.interpreters import concrete_value
    z = jnp.asarray(z)
    z, = prepare("bessel_jn", z, complex_ok=True)
    if aval_of(z).dtype.kind == "c":
        raise ValueError("complex input not supported.")
    v = operator.index(concrete_value(v, "Argument v of bessel_jn."))
    int(concrete_value(n_iter, "Argument n_iter of bessel_jn."))
    if v < 0:
        raise ValueError(f"bessel_jn requires a non-negative order v, got {v}")
    return jnp.stack([_jv(jnp.full_like(z, k), z) for k in range(v + 1)])


# -- spherical harmonics ----------------------------------------------------------------------

def _sph_harm_values(n, m, theta, phi):
    return scipy_special().sph_harm_y(n.astype(np.int64), m.astype(np.int64), theta, phi)


def _sph_harm_dtheta(ans, n, m, theta, phi):
    # dY_n^m/dtheta = m cot(theta) Y_n^m + sqrt((n - m)(n + m + 1)) e^{-i phi} Y_n^{m+1}
    raised = _sph_harm(n, m + 1, theta, phi)
    scale = jnp.sqrt(jnp.maximum((n - m) * (n + m + 1), 0.0))
    return m / jnp.tan(theta) * ans + scale * jnp.exp(-1j * phi) * raised


_sph_harm = ScipyElementwise(
    "sph_harm_y", _sph_harm_values,
    [None, None, _sph_harm_dtheta, lambda ans, n, m, theta, phi: 1j * m * ans],
    out_dtype=lambda dtype: np.complex128 if dtype == np.float64 else np.complex64)


def sph_harm_y(n, m, theta, phi, diff_n=None, n_max=None):
    """Spherical harmonics Y_n^m(theta, phi) (theta the polar angle, phi the azimuth).
    (SciPy computes them for every degree, so n_max, JAX's static bound on n, is unused.)"""
    if diff_n is not None:
        raise NotImplementedError(
            "The 'diff_n' argument to jax.scipy.special.sph_harm_y is not supported.")
    if jnp.ndim(theta) == 0:
        theta = jnp.reshape(jnp.asarray(theta), (1,))
    theta, phi = prepare("sph_harm_y", theta, phi)
    dtype = aval_of(theta).dtype
    n, m = (lax.convert_element_type(jnp.asarray(v), dtype) for v in (n, m))
    return _sph_harm(*jnp.broadcast_arrays(n, m, theta, phi))


# -- complex gamma functions ----------------------------------------------------------------

_psi_complex = ScipyElementwise("digamma", lambda z: scipy_special().psi(z),
                                [_no_derivative("the complex digamma function")])
complex_loggamma = ScipyElementwise(
    "loggamma", lambda z: scipy_special().loggamma(z),
    [lambda ans, z: _psi_complex(z)])
complex_gamma = ScipyElementwise(
    "gamma", lambda z: scipy_special().gamma(z),
    [lambda ans, z: ans * _psi_complex(z)])

__all__ = ["expi", "expn", "exp1", "sici", "fresnel", "spence", "dawsn", "erfcx", "wofz",
           "owens_t", "hyp1f1", "hyp2f1", "ndtri", "log_ndtr", "bessel_jn", "sph_harm_y"]
