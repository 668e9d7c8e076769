"""Elementwise transcendental and special functions: exp, log, trigonometry, pow, erf, ...

Like XLA, these return inf and nan silently (log(0), sqrt(-1), 1/0): every impl runs with
NumPy's floating-point warnings off. The special functions call scipy.special, imported
inside the impl; float16 and bfloat16 inputs are computed in float32 and rounded back.
"""
from __future__ import annotations

import builtins
import operator

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from .batch_util import ELEMENTWISE_BATCH
from .families import (FLOAT, INEXACT, INTEGER, LINEAR_JVP, NUMERIC, binary, check_dtype,
                       defjvp, elementwise_shape, lax_operands, linear_transpose_rule,
                       standard, unary, zero_tangent_like)
from .shape import broadcast_in_dim, full_like


_HALF = (np.dtype(np.float16), dtypes.bfloat16)
_UNSIGNED_OF = {1: np.dtype(np.uint8), 2: np.dtype(np.uint16), 4: np.dtype(np.uint32),
                8: np.dtype(np.uint64)}


def _accuracy(accuracy):
    """The `accuracy` param, left out when None so Jaxprs print `sin a` as JAX's do."""
    return {} if accuracy is None else {"accuracy": accuracy}


def _via_float32(fun, x):
    """fun(x) in x's dtype; half-precision inputs go through float32 (as XLA's CPU does)."""
    dtype = x.dtype
    if dtype in _HALF:
        return fun(x.astype(np.float32)).astype(dtype)
    return fun(x).astype(dtype, copy=False)


def broadcast_tangent(t, ans):
    """An operand's tangent broadcast to the output's shape (lax operands may be rank 0 or
    have size-1 dimensions where the output has more)."""
    shape = np.shape(t)  # (wax.jvp may hand rules Python scalars)
    if shape == ans.shape:
        return t
    return broadcast_in_dim(t, ans.shape, tuple(range(len(shape))))


def derivative_jvp(derivative):
    """The jvp rule of a one-operand function: the tangent times derivative(ans, x)."""
    return defjvp(lambda t, ans, x, **params: ew.mul(t, derivative(ans, as_array(x, ans))))


def as_array(x, like):
    """x, or a Python scalar x (wax.jvp may hand one to a rule) as a 0-d array of like's
    dtype, so that the rule's arithmetic keeps that dtype."""
    return x if hasattr(x, "dtype") else full_like(like, x, shape=())


def check_operand(name: str, aval: ShapedArray, position: int, accepted) -> None:
    """JAX's dtype check for operand `position` of an n-ary operation."""
    if aval.dtype not in accepted:
        raise TypeError(f"{name} does not accept dtype {aval.dtype.name} at position "
                        f"{position}. Accepted dtypes at position {position} are subtypes "
                        f"of {accepted.names}.")


# -- exponentials and logarithms --------------------------------------------------------

_LOG_2 = float(np.log(2.0))

exp_p = unary("exp", lambda xp, x, accuracy=None: xp.exp(x), accepts=INEXACT,
             jvp=derivative_jvp(lambda ans, x: ans))


def exp(x, *, accuracy=None):
    """Elementwise exponential: e**x."""
    return exp_p.bind(x, **_accuracy(accuracy))


exp2_p = unary("exp2", lambda xp, x, accuracy=None: xp.exp2(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: ew.mul(ans, _LOG_2)))


def exp2(x, *, accuracy=None):
    """Elementwise base-2 exponential: 2**x."""
    return exp2_p.bind(x, **_accuracy(accuracy))


expm1_p = unary("expm1", lambda xp, x, accuracy=None: xp.expm1(x), accepts=INEXACT,
               jvp=derivative_jvp(lambda ans, x: ew.add(ans, 1.0)))


def expm1(x, *, accuracy=None):
    """Elementwise e**x - 1, accurate near zero."""
    return expm1_p.bind(x, **_accuracy(accuracy))


log_p = unary("log", lambda xp, x, accuracy=None: xp.log(x), accepts=INEXACT,
             jvp=derivative_jvp(lambda ans, x: ew.div(1.0, x)))


def log(x, *, accuracy=None):
    """Elementwise natural logarithm."""
    return log_p.bind(x, **_accuracy(accuracy))


log1p_p = unary("log1p", lambda xp, x, accuracy=None: xp.log1p(x), accepts=INEXACT,
               jvp=derivative_jvp(lambda ans, x: ew.div(1.0, ew.add(x, 1.0))))


def log1p(x, *, accuracy=None):
    """Elementwise log(1 + x), accurate near zero."""
    return log1p_p.bind(x, **_accuracy(accuracy))


def _logistic_impl(xp, x, accuracy=None):
    one = xp.ones((), x.dtype)
    return xp.divide(one, xp.add(one, xp.exp(xp.negative(x))))


logistic_p = unary("logistic", _logistic_impl, accepts=INEXACT,
                   jvp=derivative_jvp(lambda ans, x: ew.mul(ans, ew.sub(1.0, ans))))


def logistic(x, *, accuracy=None):
    """Elementwise logistic sigmoid: 1 / (1 + exp(-x))."""
    return logistic_p.bind(x, **_accuracy(accuracy))


# -- trigonometric and hyperbolic functions -----------------------------------------------

sin_p = unary("sin", lambda xp, x, accuracy=None: xp.sin(x), accepts=INEXACT,
             jvp=derivative_jvp(lambda ans, x: cos(x)))


def sin(x, *, accuracy=None):
    """Elementwise sine."""
    return sin_p.bind(x, **_accuracy(accuracy))


cos_p = unary("cos", lambda xp, x, accuracy=None: xp.cos(x), accepts=INEXACT,
             jvp=derivative_jvp(lambda ans, x: ew.neg(sin(x))))


def cos(x, *, accuracy=None):
    """Elementwise cosine."""
    return cos_p.bind(x, **_accuracy(accuracy))


tan_p = unary("tan", lambda xp, x, accuracy=None: xp.tan(x), accepts=INEXACT,
             jvp=derivative_jvp(lambda ans, x: ew.add(1.0, square(ans))))


def tan(x, *, accuracy=None):
    """Elementwise tangent."""
    return tan_p.bind(x, **_accuracy(accuracy))


tanh_p = unary("tanh", lambda xp, x, accuracy=None: xp.tanh(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: ew.sub(1.0, square(ans))))


def tanh(x, *, accuracy=None):
    """Elementwise hyperbolic tangent."""
    return tanh_p.bind(x, **_accuracy(accuracy))


asin_p = unary("asin", lambda xp, x: xp.arcsin(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: rsqrt(ew.sub(1.0, square(x)))))


def asin(x):
    """Elementwise arc sine."""
    return asin_p.bind(x)


acos_p = unary("acos", lambda xp, x: xp.arccos(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: ew.neg(rsqrt(ew.sub(1.0, square(x))))))


def acos(x):
    """Elementwise arc cosine."""
    return acos_p.bind(x)


atan_p = unary("atan", lambda xp, x: xp.arctan(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: ew.div(1.0, ew.add(1.0, square(x)))))


def atan(x):
    """Elementwise arc tangent."""
    return atan_p.bind(x)


sinh_p = unary("sinh", lambda xp, x: xp.sinh(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: cosh(x)))


def sinh(x):
    """Elementwise hyperbolic sine."""
    return sinh_p.bind(x)


cosh_p = unary("cosh", lambda xp, x: xp.cosh(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: sinh(x)))


def cosh(x):
    """Elementwise hyperbolic cosine."""
    return cosh_p.bind(x)


asinh_p = unary("asinh", lambda xp, x: xp.arcsinh(x), accepts=INEXACT,
               jvp=derivative_jvp(lambda ans, x: rsqrt(ew.add(square(x), 1.0))))


def asinh(x):
    """Elementwise inverse hyperbolic sine."""
    return asinh_p.bind(x)


acosh_p = unary("acosh", lambda xp, x: xp.arccosh(x), accepts=INEXACT,
               jvp=derivative_jvp(
                   lambda ans, x: rsqrt(ew.mul(ew.sub(x, 1.0), ew.add(x, 1.0)))))


def acosh(x):
    """Elementwise inverse hyperbolic cosine."""
    return acosh_p.bind(x)


atanh_p = unary("atanh", lambda xp, x: xp.arctanh(x), accepts=INEXACT,
               jvp=derivative_jvp(lambda ans, x: ew.div(1.0, ew.sub(1.0, square(x)))))


def atanh(x):
    """Elementwise inverse hyperbolic tangent."""
    return atanh_p.bind(x)


def _atan2_impl(xp, x, y):
    if xp.asarray(x).dtype.kind != "c":
        return xp.arctan2(x, y)
    # NumPy has no complex arctan2; this is the analytic continuation of the real one,
    # -i log((y + i x) / sqrt(x**2 + y**2)), which XLA also uses.
    return -1j * xp.log((y + 1j * x) / xp.sqrt(x * x + y * y))


def _atan2_scale(x, y):
    return ew.add(square(x), square(y))


atan2_p = binary("atan2", _atan2_impl, accepts=INEXACT, jvp=defjvp(
    lambda t, ans, x, y: ew.mul(t, ew.div(y, _atan2_scale(x, y))),
    lambda t, ans, x, y: ew.mul(t, ew.div(ew.neg(x), _atan2_scale(x, y)))))


def atan2(x, y):
    """Elementwise arc tangent of x / y, in the quadrant given by the signs of x and y."""
    return atan2_p.bind(*lax_operands(x, y))


# -- roots and powers ----------------------------------------------------------------------

sqrt_p = unary("sqrt", lambda xp, x, accuracy=None: xp.sqrt(x), accepts=INEXACT,
              jvp=derivative_jvp(lambda ans, x: ew.div(0.5, ans)))


def sqrt(x, *, accuracy=None):
    """Elementwise square root."""
    return sqrt_p.bind(x, **_accuracy(accuracy))


def _rsqrt_impl(xp, x, accuracy=None):
    return xp.divide(xp.ones((), x.dtype), xp.sqrt(x))


rsqrt_p = unary("rsqrt", _rsqrt_impl, accepts=INEXACT,
               jvp=derivative_jvp(lambda ans, x: ew.mul(-0.5, ew.div(ans, x))))


def rsqrt(x, *, accuracy=None):
    """Elementwise reciprocal square root: 1 / sqrt(x)."""
    return rsqrt_p.bind(x, **_accuracy(accuracy))


cbrt_p = unary("cbrt", lambda xp, x, accuracy=None: xp.cbrt(x), accepts=FLOAT,
              jvp=derivative_jvp(lambda ans, x: ew.mul(1.0 / 3.0, integer_pow(ans, -2))))


def cbrt(x, *, accuracy=None):
    """Elementwise cube root."""
    return cbrt_p.bind(x, **_accuracy(accuracy))


def _integer_pow_impl(xp, x, *, y):
    # Repeated squaring in x's dtype, as XLA does: integers wrap, floats round per product.
    x = xp.asarray(x)
    if y == 0:
        return xp.ones(x.shape, x.dtype)
    exponent, acc = builtins.abs(y), None
    while exponent:
        if exponent & 1:
            acc = x if acc is None else xp.multiply(acc, x)
        exponent >>= 1
        if exponent:
            x = xp.multiply(x, x)
    return xp.divide(xp.ones((), acc.dtype), acc) if y < 0 else acc


def _integer_pow_abstract_eval(x, *, y):
    check_dtype("integer_pow", x, NUMERIC)
    if y < 0 and dtypes.is_integer(x.dtype):
        raise TypeError(f"Integers cannot be raised to negative powers, got "
                        f"integer_pow({x.str_short()}, {y})")
    return x


def _integer_pow_jvp(t, ans, x, *, y):
    if y == 0:
        return zero_tangent_like(ans)
    if y == 1:
        return t
    return ew.mul(t, ew.mul(integer_pow(x, y - 1), y))


integer_pow_p = standard("integer_pow", _integer_pow_impl, _integer_pow_abstract_eval,
                         jvp=defjvp(_integer_pow_jvp), batch=ELEMENTWISE_BATCH)


def integer_pow(x, y):
    """Elementwise x**y for a static Python integer y (negative y: 1 / x**-y, floats only)."""
    if type(y) is float and y.is_integer():
        y = int(y)  # JAX takes an integral float exponent too
    from ..core.array import Array
    if isinstance(y, Array):  # a parameter, hashed by JAX: arrays are refused there
        raise TypeError(f"integer_pow requires a static Python integer exponent y, got an "
                        f"array of shape {tuple(y.shape)} and dtype {y.dtype} (unhashable)")
    try:
        y = operator.index(y)
    except TypeError:
        raise TypeError(f"integer_pow requires an integer exponent y, got {y!r} of type "
                        f"{type(y).__name__}") from None
    return integer_pow_p.bind(x, y=y)


square_p = unary("square", lambda xp, x: xp.multiply(x, x), accepts=NUMERIC,
                jvp=derivative_jvp(lambda ans, x: ew.mul(x, 2.0)))


def square(x):
    """Elementwise square: x * x."""
    return square_p.bind(x)


def reciprocal(x):
    """Elementwise reciprocal 1 / x, as integer_pow(x, -1) (floats and complex only)."""
    return integer_pow(x, -1)


def _pow_abstract_eval(x, y):
    check_operand("pow", x, 0, INEXACT)
    check_operand("pow", y, 1, INTEGER | INEXACT)
    if x.dtype != y.dtype and not dtypes.is_integer(y.dtype):
        raise TypeError("the first argument to pow must have an inexact dtype (float or "
                        "complex), and the second argument must have an inexact or integer "
                        "dtype, and two inexact dtypes must match, but got "
                        f"{x.dtype.name} and {y.dtype.name} respectively.")
    return ShapedArray(elementwise_shape("pow", (x, y)), x.dtype,
                       x.weak_type and y.weak_type)


def _pow_impl(xp, x, y):
    dtype = xp.asarray(x).dtype
    # An integer exponent is converted to the base's dtype first, as XLA does.
    return xp.power(x, xp.asarray(y).astype(dtype, copy=False))


def _pow_jvp_base(t, ans, x, y):
    if dtypes.is_integer(dtypes.dtype_and_weak(y)[0]):
        # n x**(n-1), and 0 where n == 0 (where x**-1 may be inf or nan).
        x = as_array(x, ans)
        jac = ew.mul(ew.convert_element_type(y, ans.dtype), pow(x, ew.sub(y, 1)))
        jac = ew.select(broadcast_tangent(ew.eq(y, 0), ans), full_like(ans, 0), jac)
    else:
        jac = ew.mul(y, pow(x, ew.sub(y, 1.0)))
    return ew.mul(t, jac)


def _pow_jvp_exponent(t, ans, x, y):
    # log(x) x**y, with log(0) taken as 0 (as JAX does) so that 0**y has a finite slope in y.
    log_x = log(ew.select(ew.eq(x, 0.0), full_like(x, 1.0), x))
    return ew.mul(t, ew.mul(log_x, ans))


pow_p = standard("pow", _pow_impl, _pow_abstract_eval,
                 jvp=defjvp(_pow_jvp_base, _pow_jvp_exponent), batch=ELEMENTWISE_BATCH)


def pow(x, y):
    """Elementwise power x**y: a float or complex base; an integer or same-dtype exponent."""
    return pow_p.bind(*lax_operands(x, y))


# -- special functions (scipy.special) -----------------------------------------------------

_TWO_OVER_SQRT_PI = 2.0 / np.sqrt(np.pi)
_SQRT_PI_OVER_TWO = np.sqrt(np.pi) / 2.0


def _gaussian(x):
    return exp(ew.neg(square(x)))


def _erf_impl(xp, x):
    from scipy import special
    return _via_float32(special.erf, x)


erf_p = unary("erf", _erf_impl, accepts=FLOAT,
             jvp=derivative_jvp(lambda ans, x: ew.mul(_TWO_OVER_SQRT_PI, _gaussian(x))))


def erf(x):
    """Elementwise error function."""
    return erf_p.bind(x)


def _erfc_impl(xp, x):
    from scipy import special
    return _via_float32(special.erfc, x)


erfc_p = unary("erfc", _erfc_impl, accepts=FLOAT,
              jvp=derivative_jvp(lambda ans, x: ew.mul(-_TWO_OVER_SQRT_PI, _gaussian(x))))


def erfc(x):
    """Elementwise complementary error function: 1 - erf(x)."""
    return erfc_p.bind(x)


# M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011): the single
# precision polynomials XLA evaluates for float32 erf_inv, in w = -log1p(-x * x) - 2.5
# (w < 5) and sqrt(w) - 3 (w >= 5), highest degree first; erf_inv(x) = p(w) * x.
_GILES_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06,
                  0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844,
               0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)
_ERF_INV_CHUNK = 1 << 14


def _horner(coefficients, t, p):
    """p = the polynomial at t, in float32 and in place. (XLA contracts each step into a
    fused multiply-add; emulating that through float64 matched JAX's bits 99% of the time
    instead of 95%, both within 2 ulp, but cost half as much again.)"""
    p.fill(coefficients[0])
    for c in coefficients[1:]:
        p *= t
        p += np.float32(c)
    return p


def _erf_inv_float32(x):
    """Giles' float32 erf_inv (JAX's values to within 2 ulp, 95% bit for bit), a chunk
    at a time so the two dozen passes stay in cache."""
    x = np.asarray(x, np.float32)
    flat = x.reshape(-1)
    out = np.empty_like(flat)
    n = flat.size
    chunk = min(n, _ERF_INV_CHUNK)
    w, p = np.empty(chunk, np.float32), np.empty(chunk, np.float32)
    for start in range(0, n, _ERF_INV_CHUNK):
        xs = flat[start:start + _ERF_INV_CHUNK]
        m = xs.size
        ws, ps = w[:m], p[:m]
        np.multiply(xs, xs, out=ws)
        np.negative(ws, out=ws)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.log1p(ws, out=ws)
        np.negative(ws, out=ws)  # w; nan for |x| > 1, inf at +-1
        tail = np.flatnonzero(ws >= 5)
        wt = ws[tail]
        ws -= np.float32(2.5)
        _horner(_GILES_CENTRAL, ws, ps)
        if tail.size:
            t = np.sqrt(wt) - np.float32(3)
            ps[tail] = _horner(_GILES_TAIL, t, np.empty_like(t))
        np.multiply(ps, xs, out=out[start:start + m])
    ones = np.abs(flat) == 1  # +-inf at +-1 (the polynomial gives p(inf) * x there)
    out[ones] = flat[ones] * np.float32(np.inf)
    return out.reshape(x.shape)


def _erf_inv_impl(xp, x):
    if x.dtype == np.float64:
        from scipy import special
        return special.erfinv(x)
    return _via_float32(_erf_inv_float32, x)


erf_inv_p = unary("erf_inv", _erf_inv_impl, accepts=FLOAT,
                 jvp=derivative_jvp(
                     lambda ans, x: ew.mul(_SQRT_PI_OVER_TWO, exp(square(ans)))))


def erf_inv(x):
    """Elementwise inverse error function (+-inf at +-1, nan outside [-1, 1])."""
    return erf_inv_p.bind(x)


def _lgamma_impl(xp, x):
    from scipy import special
    return _via_float32(special.gammaln, x)


lgamma_p = unary("lgamma", _lgamma_impl, accepts=FLOAT,
                jvp=derivative_jvp(lambda ans, x: digamma(x)))


def lgamma(x):
    """Elementwise log of the absolute value of the gamma function."""
    return lgamma_p.bind(x)


def _digamma_impl(xp, x):
    from scipy import special
    out = _via_float32(special.psi, x)
    # The poles at 0, -1, -2, ... give nan in XLA (scipy says -inf at 0).
    pole = (x <= 0) & (xp.floor(x) == x)
    return xp.where(pole, xp.asarray(np.nan, x.dtype), out)


digamma_p = unary("digamma", _digamma_impl, accepts=FLOAT,
                  jvp=derivative_jvp(lambda ans, x: polygamma(full_like(x, 1), x)))


def digamma(x):
    """Elementwise digamma: the derivative of lgamma (nan at the poles 0, -1, -2, ...)."""
    return digamma_p.bind(x)


def _polygamma_impl(xp, m, x):
    from scipy import special
    order = xp.asarray(m)
    valid = (order >= 0) & (xp.floor(order) == order)
    wide = np.float32 if x.dtype in (np.dtype(np.float16), dtypes.bfloat16) else x.dtype
    order = np.where(valid, order, 0).astype(np.int64)
    out = special.polygamma(order, xp.asarray(x, wide))
    # As XLA computes it (JAX 0.10.2): order 0 is digamma; higher orders are
    # +-order! * zeta(order + 1, x), nan at x = inf, and at the poles x = 0, -1, ..., -inf
    # inf for odd orders and nan for even ones (zeta's value there).
    pole = (x <= 0) & (xp.floor(x) == x)
    out = np.where(pole, np.where(order % 2 == 1, np.inf, np.nan), out)
    out = np.where((order > 0) & (x == np.inf), np.nan, out).astype(x.dtype)
    return xp.where(valid, out, xp.asarray(np.nan, x.dtype))


# The order m is an integer-valued float of x's dtype, as in JAX; the derivative in x is
# polygamma(m + 1, x), and m is not differentiable (JAX gives it no tangent either).
polygamma_p = binary("polygamma", _polygamma_impl, accepts=FLOAT,
                     jvp=defjvp(None, lambda t, ans, m, x: ew.mul(
                         t, polygamma(ew.add(m, full_like(m, 1)), x))))


def polygamma(m, x):
    """Elementwise polygamma function of order m (a non-negative integer) at x."""
    return polygamma_p.bind(*lax_operands(m, x))


# -- floating-point formats ---------------------------------------------------------------

# XLA returns y where x == y (so nextafter(-0.0, 0.0) is +0.0); NumPy returns x there.
def _nextafter_impl(xp, x, y):
    out = xp.nextafter(x, y)
    return xp.where(x == y, y, out).astype(out.dtype, copy=False)


nextafter_p = binary("nextafter", _nextafter_impl,
                     accepts=FLOAT)


def nextafter(x1, x2):
    """Elementwise next representable value after x1 in the direction of x2."""
    return nextafter_p.bind(*lax_operands(x1, x2))


def _reduce_precision_abstract_eval(operand, *, exponent_bits, mantissa_bits):
    check_dtype("reduce_precision", operand, FLOAT)
    if exponent_bits < 1:
        raise ValueError(f"reduce_precision: exponent_bits must be positive; got "
                         f"{exponent_bits}")
    if mantissa_bits < 0:
        raise ValueError(f"reduce_precision: mantissa_bits must be non-negative; got "
                         f"{mantissa_bits}")
    return operand


def _reduce_precision_impl(xp, x, *, exponent_bits, mantissa_bits):
    # XLA's bit-level algorithm: round the mantissa to nearest-even, then send exponents
    # beyond the smaller range to inf or (signed) zero; nan stays nan.
    x = xp.asarray(x)
    dtype = x.dtype
    info = dtypes.finfo(dtype)
    src_exponent, src_mantissa = info.nexp, info.nmant
    unsigned = _UNSIGNED_OF[dtype.itemsize]
    u = unsigned.type
    bits = x.view(unsigned)
    if mantissa_bits < src_mantissa:
        dropped = src_mantissa - mantissa_bits
        last_kept = u(1 << dropped)
        bias = ((bits & last_kept) >> u(dropped)) + u((1 << (dropped - 1)) - 1)
        bits = (bits + bias) & ~u((1 << dropped) - 1)
    if exponent_bits < src_exponent:
        exponent_mask = u(((1 << src_exponent) - 1) << src_mantissa)
        signed_zero = bits & u(1 << (dtype.itemsize * 8 - 1))
        exponent = bits & exponent_mask
        src_bias = (1 << (src_exponent - 1)) - 1
        new_bias = (1 << (exponent_bits - 1)) - 1
        overflow = exponent > u((src_bias + new_bias) << src_mantissa)
        underflow = exponent <= u((src_bias - new_bias) << src_mantissa)
        bits = xp.where(overflow, signed_zero | exponent_mask,
                        xp.where(underflow, signed_zero, bits))
    out = bits.view(dtype)
    if mantissa_bits > 0:
        return xp.where(xp.isnan(x), x, out)
    return xp.where(xp.isnan(x), xp.copysign(xp.asarray(np.inf, dtype), x), out)


# JAX treats the rounding as linear (its tangent is the rounded tangent), not as the step
# function it is, so gradients flow through mixed-precision code.
# Its transpose rounds the cotangent the same way, as JAX's does.
reduce_precision_p = standard("reduce_precision", _reduce_precision_impl,
                              _reduce_precision_abstract_eval, jvp=LINEAR_JVP,
                              transpose=linear_transpose_rule(
                                  lambda ct, aval, **params: reduce_precision_p.bind(
                                      ct, **params)), batch=ELEMENTWISE_BATCH)


def reduce_precision(operand, exponent_bits, mantissa_bits):
    """Round floats to a narrower format (e.g. 8 exponent, 7 mantissa bits for bfloat16)
    and keep them in their dtype."""
    exponent_bits, mantissa_bits = operator.index(exponent_bits), operator.index(mantissa_bits)
    return reduce_precision_p.bind(operand, exponent_bits=exponent_bits,
                                   mantissa_bits=mantissa_bits)


__all__ = [
    "exp_p", "exp2_p", "expm1_p", "log_p", "log1p_p", "logistic_p", "sin_p", "cos_p",
    "tan_p", "tanh_p", "asin_p", "acos_p", "atan_p", "sinh_p", "cosh_p", "asinh_p",
    "acosh_p", "atanh_p", "atan2_p", "sqrt_p", "rsqrt_p", "cbrt_p", "pow_p", "erf_p",
    "erfc_p", "erf_inv_p", "lgamma_p", "digamma_p", "polygamma_p",
    "exp", "exp2", "expm1", "log", "log1p", "logistic", "sin", "cos", "tan", "tanh", "asin",
    "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "atan2", "sqrt", "rsqrt",
    "cbrt", "pow", "erf", "erfc", "erf_inv", "lgamma", "digamma", "polygamma",
    "integer_pow_p", "square_p", "nextafter_p", "reduce_precision_p",
    "integer_pow", "square", "reciprocal", "nextafter", "reduce_precision",
]

# The jvp rules above compute with elementwise.py's arithmetic (add, mul, select, ...), which
# imports this module first: the rules look it up when they run.
from . import elementwise as ew  # noqa: E402
