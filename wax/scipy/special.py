"""wax.scipy.special: SciPy's special functions on wax arrays, with JAX's semantics.

Consumes wax.lax (lgamma, digamma, igamma, betainc, zeta, bessel_i0e, ...) and wax.numpy.
Most functions are compositions of those and differentiate like any wax code; where JAX
defines a custom derivative (xlogy, logit, poch, zeta, ...) wax uses the same rule. The
functions JAX evaluates with long series and rational approximations (expi, sici,
hyp1f1, ...) take their values from scipy.special instead (_special_scipy.py), with JAX's
derivatives. Integer and bool inputs are promoted to the default float type.
"""
from __future__ import annotations

import fractions
import functools
import operator

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core.interpreters import EVAL_TRACE, concrete_value, current_trace
from ..transforms.custom_derivatives import custom_jvp
from ..transforms.staging import aval_of
from ._scipy_backed import promote_inexact as promote_args_inexact
from ._special_scipy import (_check_float32_or_64, bessel_jn, complex_gamma,  # noqa: F401
                             complex_loggamma, dawsn, erfcx, exp1, expi, expn, fresnel,
                             hyp1f1, hyp2f1, log_ndtr, ndtri, owens_t, sici, spence,
                             sph_harm_y, wofz)


def _is_complex(x) -> bool:
    return aval_of(x).dtype.kind == "c"


def _reject_complex(name, x, message=None):
    if _is_complex(x):
        raise ValueError(message or f"{name} does not support complex-valued inputs.")


def _fast_custom_jvp(jvp_rule):
    """A custom_jvp function that, with no transformation active, simply runs (the
    custom rule only matters to transformations, and staging it costs a trace per call)."""
    def wrap(fun):
        custom = custom_jvp(fun)
        custom.defjvp(jvp_rule)

        @functools.wraps(fun)
        def call(*args):
            if current_trace() is EVAL_TRACE:
                return fun(*args)
            return custom(*args)
        call.custom = custom
        return call
    return wrap


# -- gamma and beta functions ---------------------------------------------------------------

def gammaln(x):
    """Log of the absolute value of the gamma function."""
    x, = promote_args_inexact("gammaln", x)
    return lax.lgamma(x)


def gammasgn(x):
    """Sign of the gamma function (nan at the poles 0, -1, ... except +-0 and at -inf)."""
    x, = promote_args_inexact("gammasgn", x)
    _reject_complex("gammasgn", x)
    floor_x = lax.floor(x)
    negative = x < 0
    undefined = (negative & (x == floor_x)) | jnp.isnan(x)
    minus = (negative & (floor_x % 2 != 0)) | ((x == 0) & jnp.signbit(x))
    typ = np.dtype(x.dtype).type  # strongly typed constants, as JAX's
    return jnp.where(undefined, typ(np.nan), jnp.where(minus, typ(-1.0), typ(1.0)))


def gamma(x):
    """The gamma function (real or complex)."""
    x, = promote_args_inexact("gamma", x)
    if _is_complex(x):
        return complex_gamma(x)
    return gammasgn(x) * lax.exp(lax.lgamma(x))


def loggamma(x):
    """Principal branch of log(gamma(x)): nan for real x <= 0; complex inputs allowed."""
    x, = promote_args_inexact("loggamma", x)
    if _is_complex(x):
        return complex_loggamma(x)
    return jnp.where(x > 0, lax.lgamma(x), np.nan)


# Stirling's series lgamma(x) = (x - 1/2) log x - x + log(2 pi)/2 + sum_k c_k / x**(2k-1),
# c_k = B_2k / (2k (2k - 1)); five terms leave an error below 3e-13 for x >= 8.
_STIRLING = (1.0 / 12.0, -1.0 / 360.0, 1.0 / 1260.0, -1.0 / 1680.0, 1.0 / 1188.0)


def _stirling_correction(x):
    inv = 1.0 / x
    inv2 = inv * inv
    total = _STIRLING[-1]
    for c in _STIRLING[-2::-1]:
        total = total * inv2 + c
    return total * inv


def _log_gamma_ratio(a, b):
    """lgamma(b) - lgamma(a + b) for b >= 8 without cancellation: by Stirling's series,
    a - a log b - (a + b - 1/2) log1p(a / b) + c(b) - c(a + b)."""
    return (a - a * jnp.log(b) - (a + b - 0.5) * jnp.log1p(a / b)
            + _stirling_correction(b) - _stirling_correction(a + b))


def betaln(a, b):
    """Log of the absolute value of the beta function."""
    a, b = promote_args_inexact("betaln", a, b)
    low, high = jnp.minimum(a, b), jnp.maximum(a, b)
    direct = lax.lgamma(low) + (lax.lgamma(high) - lax.lgamma(low + high))
    large = high >= 8
    safe_high = jnp.where(large, high, 8.0)
    asymptotic = lax.lgamma(low) + _log_gamma_ratio(low, safe_high)
    return jnp.where(large, asymptotic, direct)


def beta(a, b):
    """The beta function Gamma(a) Gamma(b) / Gamma(a + b)."""
    a, b = promote_args_inexact("beta", a, b)
    _reject_complex("beta", a)
    sign = gammasgn(a) * gammasgn(b) * gammasgn(a + b)
    return sign * lax.exp(betaln(a, b))


def betainc(a, b, x):
    """Regularized incomplete beta function I_x(a, b)."""
    a, b, x = promote_args_inexact("betainc", a, b, x)
    _reject_complex("betainc", x)
    return lax.betainc(a, b, x)


def digamma(x):
    """The digamma function (nan at the poles 0, -1, -2, ...)."""
    x, = promote_args_inexact("digamma", x)
    return lax.digamma(x)


def gammainc(a, x):
    """Regularized lower incomplete gamma function P(a, x)."""
    a, x = promote_args_inexact("gammainc", a, x)
    return lax.igamma(a, x)


def gammaincc(a, x):
    """Regularized upper incomplete gamma function Q(a, x)."""
    a, x = promote_args_inexact("gammaincc", a, x)
    return lax.igammac(a, x)


def factorial(n, exact=False):
    """n! as gamma(n + 1) (0 for negative n); exact=True is not supported, as in JAX."""
    if exact:
        raise NotImplementedError("factorial with exact=True")
    n, = promote_args_inexact("factorial", n)
    return jnp.where(n < 0, 0, lax.exp(lax.lgamma(n + 1)))


def comb(N, k, *, repetition=False):
    """Number of combinations of N things taken k at a time (0 outside 0 <= k <= N)."""
    N, k = promote_args_inexact("comb", N, k)
    if repetition:
        return jnp.where((k == 0) & (N >= 0), 1.0, comb(N + k - 1, k))
    ok = (k <= N) & (N >= 0) & (k >= 0)
    safe_n, safe_k = jnp.where(ok, N, 0.0), jnp.where(ok, k, 0.0)
    value = lax.exp(lax.lgamma(safe_n + 1) - lax.lgamma(safe_k + 1)
                    - lax.lgamma(safe_n + 1 - safe_k))
    return jnp.where(ok, value, 0.0)


def multigammaln(a, d):
    """Log of the multivariate gamma function of dimension d (a static integer)."""
    d = int(concrete_value(d, "d argument of multigammaln"))
    a, d_ = promote_args_inexact("multigammaln", a, d)
    constant = 0.25 * d_ * (d_ - 1) * jnp.log(jnp.asarray(np.pi, a.dtype))
    halves = jnp.arange(d, dtype=d_.dtype) / 2
    terms = lax.lgamma(jnp.expand_dims(a, -1) - halves)
    return jnp.sum(terms, axis=-1) + constant


def poch_values(z, m):
    return jnp.where(m == 0.0, jnp.asarray(1, z.dtype), gamma(z + m) / gamma(z))


def _poch_jvp(primals, tangents):
    z, m = primals
    dz, dm = tangents
    out = poch(z, m)
    shifted = lax.digamma(z + m)
    return out, (shifted - lax.digamma(z)) * out * dz + shifted * out * dm


@_fast_custom_jvp(_poch_jvp)
def _poch(z, m):
    return poch_values(z, m)


def poch(z, m):
    """Pochhammer symbol (rising factorial) gamma(z + m) / gamma(z)."""
    z, m = promote_args_inexact("poch", z, m)
    _reject_complex("poch", z, "jnp.poch does not support complex-valued inputs.")
    return _poch(z, m)


# -- error functions and the normal distribution ------------------------------------------

def erf(x):
    """The error function."""
    x, = promote_args_inexact("erf", x)
    return lax.erf(x)


def erfc(x):
    """The complementary error function 1 - erf(x)."""
    x, = promote_args_inexact("erfc", x)
    return lax.erfc(x)


def erfinv(x):
    """Inverse of the error function (nan outside [-1, 1])."""
    x, = promote_args_inexact("erfinv", x)
    return lax.erf_inv(x)


_HALF_SQRT_2 = 0.5 * np.sqrt(2.0)


def ndtr(x):
    """Standard normal CDF, accurate in both tails (erfc where erf would cancel)."""
    x = _check_float32_or_64(
        x, "x.dtype={} is not supported, see docstring for supported types.")
    w = x * _HALF_SQRT_2
    z = jnp.abs(w)
    y = jnp.where(z < _HALF_SQRT_2, 1.0 + lax.erf(w),
                  jnp.where(w > 0, 2.0 - lax.erfc(z), lax.erfc(z)))
    return (0.5 * y).astype(x.dtype)


# -- logistic functions and entropies -------------------------------------------------------

def _logit_jvp(primals, tangents):
    x, = primals
    t, = tangents
    return _logit(x), t / (x * (1 - x))


@_fast_custom_jvp(_logit_jvp)
def _logit(x):
    return lax.log(x / (1 - x))


def logit(x):
    """The logit function log(x / (1 - x)), the inverse of expit."""
    x, = promote_args_inexact("logit", x)
    return _logit(x)


def expit(x):
    """The logistic sigmoid 1 / (1 + exp(-x))."""
    x, = promote_args_inexact("expit", x)
    return lax.logistic(x)


def _xlogy_jvp(primals, tangents):
    x, y = primals
    dx, dy = tangents
    out = _xlogy(x, y)
    return out, (dx * lax.log(y) + dy * x / y).astype(out.dtype)


@_fast_custom_jvp(_xlogy_jvp)
def _xlogy(x, y):
    return jnp.where((x != 0) | jnp.isnan(y), x * lax.log(y), jnp.zeros_like(x))


def xlogy(x, y):
    """x * log(y), taken as 0 where x == 0 (unless y is nan)."""
    x, y = promote_args_inexact("xlogy", x, y)
    return _xlogy(x, y)


def _xlog1py_jvp(primals, tangents):
    x, y = primals
    dx, dy = tangents
    out = _xlog1py(x, y)
    return out, (dx * lax.log1p(y) + dy * x / (1 + y)).astype(out.dtype)


@_fast_custom_jvp(_xlog1py_jvp)
def _xlog1py(x, y):
    return jnp.where((x != 0) | jnp.isnan(y), x * lax.log1p(y), jnp.zeros_like(x))


def xlog1py(x, y):
    """x * log1p(y), taken as 0 where x == 0 (unless y is nan)."""
    x, y = promote_args_inexact("xlog1py", x, y)
    return _xlog1py(x, y)


def _xlogx_jvp(primals, tangents):
    x, = primals
    t, = tangents
    return _xlogx(x), t * (lax.log(x) + 1)


@_fast_custom_jvp(_xlogx_jvp)
def _xlogx(x):
    return _xlogy(x, x)


def entr(x):
    """Elementwise entropy -x log x (0 at 0, -inf for x < 0)."""
    x, = promote_args_inexact("entr", x)
    _reject_complex("entr", x)
    return jnp.where(x < 0, -np.inf, lax.neg(_xlogx(x)))


def rel_entr(p, q):
    """Relative entropy p log(p / q) (0 at p == 0 <= q, inf outside the domain)."""
    p, q = promote_args_inexact("rel_entr", p, q)
    _reject_complex("rel_entr", p)
    both_positive = (p > 0) & (q > 0)
    p_zero = (p == 0) & (q >= 0)
    safe_p, safe_q = jnp.where(both_positive, p, 1.0), jnp.where(both_positive, q, 1.0)
    value = _xlogx(safe_p) - _xlogy(safe_p, safe_q)
    return jnp.where(both_positive, value, jnp.where(p_zero, 0.0, np.inf))


def kl_div(p, q):
    """Kullback-Leibler divergence term p log(p / q) - p + q."""
    p, q = promote_args_inexact("kl_div", p, q)
    _reject_complex("kl_div", p)
    return rel_entr(p, q) - p + q


def boxcox(x, lmbda):
    """Box-Cox transform (x**lmbda - 1) / lmbda, log(x) at lmbda == 0."""
    x, lmbda = promote_args_inexact("boxcox", x, lmbda)
    return _boxcox(jnp.log(x), lmbda)


def boxcox1p(x, lmbda):
    """Box-Cox transform of 1 + x."""
    x, lmbda = promote_args_inexact("boxcox1p", x, lmbda)
    return _boxcox(jnp.log1p(x), lmbda)


def _boxcox(log_x, lmbda):
    zero = lmbda == 0
    safe = jnp.where(zero, jnp.ones_like(lmbda), lmbda)
    return jnp.where(zero, log_x, jnp.expm1(safe * log_x) / safe)


# -- reductions: logsumexp, softmax -------------------------------------------------------

def _axes(ndim, axis):
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) or np.ndim(axis) == 0 else tuple(axis)
    out = []
    for ax in axes:
        ax = operator.index(ax)
        if not -ndim <= ax < max(ndim, 1):
            raise ValueError(f"axis {ax} is out of bounds for array of dimension {ndim}")
        out.append(ax % ndim if ndim else 0)
    return tuple(out)


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False, where=None):
    """log(sum(b * exp(a))) along `axis`, computed stably (one implementation with
    wax.nn.logsumexp, as JAX shares it); return_sign also returns the sign of the sum."""
    from ..nn.normalization import logsumexp as nn_logsumexp
    return nn_logsumexp(a, axis=axis, b=b, keepdims=keepdims, return_sign=return_sign,
                        where=where)


def softmax(x, /, *, axis=None):
    """exp(x) / sum(exp(x)) over `axis` (all axes when None)."""
    x, = promote_args_inexact("softmax", x)
    dims = _axes(jnp.ndim(x), axis)
    shifted = jnp.exp(x - lax.stop_gradient(jnp.max(x, axis=dims, keepdims=True)))
    return shifted / jnp.sum(shifted, axis=dims, keepdims=True)


def log_softmax(x, /, *, axis=None):
    """x - logsumexp(x) over `axis` (all axes when None)."""
    x, = promote_args_inexact("log_softmax", x)
    dims = _axes(jnp.ndim(x), axis)
    shifted = x - lax.stop_gradient(jnp.max(x, axis=dims, keepdims=True))
    return shifted - jnp.log(jnp.sum(jnp.exp(shifted), axis=dims, keepdims=True))


# -- Bessel functions -----------------------------------------------------------------------

def i0e(x):
    """Exponentially scaled modified Bessel function of order 0."""
    x, = promote_args_inexact("i0e", x)
    return lax.bessel_i0e(x)


def i0(x):
    """Modified Bessel function of order 0."""
    x, = promote_args_inexact("i0", x)
    return lax.exp(lax.abs(x)) * lax.bessel_i0e(x)


def i1e(x):
    """Exponentially scaled modified Bessel function of order 1."""
    x, = promote_args_inexact("i1e", x)
    return lax.bessel_i1e(x)


def i1(x):
    """Modified Bessel function of order 1."""
    x, = promote_args_inexact("i1", x)
    return lax.exp(lax.abs(x)) * lax.bessel_i1e(x)


# -- zeta, polygamma, Bernoulli numbers ---------------------------------------------------

@functools.lru_cache(maxsize=None)
def _bernoulli_fractions(n: int) -> tuple:
    """B_0 .. B_n exactly (B_1 = -1/2), by the recurrence sum_k C(m+1, k) B_k = 0."""
    numbers = [fractions.Fraction(1)]
    for m in range(1, n + 1):
        total = sum(fractions.Fraction(_binomial(m + 1, k)) * numbers[k] for k in range(m))
        numbers.append(-total / (m + 1))
    return tuple(numbers)


def _binomial(n, k):
    out = 1
    for i in range(k):
        out = out * (n - i) // (i + 1)
    return out


def bernoulli(n):
    """The Bernoulli numbers B_0 .. B_n (n a static non-negative integer)."""
    n = operator.index(concrete_value(n, "Argument n of bernoulli"))
    if n < 0:
        raise ValueError("n must be a non-negative integer.")
    values = np.array([float(b) for b in _bernoulli_fractions(n)])
    return jnp.asarray(values.astype(jnp.zeros(0).dtype))


def _zeta_series(s, a):
    """The Euler-Maclaurin expansion of the Hurwitz zeta function, as wax operations (so
    its derivative in both arguments is the derivative of the series, as in JAX)."""
    terms = 8 if aval_of(a).dtype == np.float32 else 16
    coefficients = [float(b / _factorial(2 * j))
                    for j, b in ((j, _bernoulli_fractions(2 * terms)[2 * j])
                                 for j in range(1, terms + 1))]
    total = sum(jnp.power(a + k, -s) for k in range(terms))
    shifted = a + terms
    integral = jnp.power(shifted, 1 - s) / (s - 1)
    head = jnp.power(shifted, -s)
    series = 0.5
    product = None
    for m in range(2 * terms - 1):
        factor = (s + m) / shifted
        product = factor if product is None else product * factor
        if m % 2 == 0:
            series = series + coefficients[m // 2] * product
    return total + integral + head * series


def _factorial(n):
    out = 1
    for i in range(2, n + 1):
        out *= i
    return out


def _zeta_jvp(primals, tangents):
    from ..transforms.jvp import jvp
    x, q = primals
    _, tangent = jvp(_zeta_series, (x, q), tuple(tangents))
    # The primal through _zeta itself, so that a second derivative reaches this rule
    # again (lax.zeta has no derivative of its own).
    return _zeta(x, q), tangent


@_fast_custom_jvp(_zeta_jvp)
def _zeta(x, q):
    return lax.zeta(x, q)


def zeta(x, q=None):
    """The Hurwitz zeta function sum_k (k + q)**-x (q is required, as in JAX)."""
    if q is None:
        raise NotImplementedError("Riemann zeta function not implemented; pass q != None to "
                                  "compute the Hurwitz Zeta function.")
    x, q = promote_args_inexact("zeta", x, q)
    return _zeta(x, q)


def polygamma(n, x):
    """The polygamma function of integer order n at x."""
    n_dtype = jnp.result_type(n)
    if n_dtype.kind not in "iu":
        raise ValueError(f"Argument `n` to polygamma must be of integer type. Got dtype "
                         f"{n_dtype}.")
    n, x = promote_args_inexact("polygamma", n, x)
    _reject_complex("polygamma", x)
    return lax.polygamma(n, x)


__all__ = [
    "bernoulli", "bessel_jn", "beta", "betainc", "betaln", "boxcox", "boxcox1p", "comb",
    "dawsn", "digamma", "entr", "erf", "erfc", "erfcx", "erfinv", "exp1", "expi", "expit",
    "expn", "factorial", "fresnel", "gamma", "gammainc", "gammaincc", "gammaln", "gammasgn",
    "hyp1f1", "hyp2f1", "i0", "i0e", "i1", "i1e", "kl_div", "log_ndtr", "log_softmax",
    "loggamma", "logit", "logsumexp", "multigammaln", "ndtr", "ndtri", "owens_t", "poch",
    "polygamma", "rel_entr", "sici", "softmax", "spence", "sph_harm_y", "wofz", "xlog1py",
    "xlogy", "zeta",
]
