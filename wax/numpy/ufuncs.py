"""Elementwise functions of wax.numpy (JAX's ufuncs.py): arithmetic, exponentials and
logarithms, trigonometry, comparisons, logic, complex parts and bitwise operations.

Each function promotes its arguments as jax.numpy does (_promote.py: weak Python scalars,
rank promotion; `*_inexact` turns ints and bools into the default float) and binds one
or two lax primitives. Rounding, float manipulation and the composite helpers (clip,
isclose, gcd, ...) are in ufuncs_extra.py.
"""
from __future__ import annotations

import functools

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import ArrayImpl
from ..core.interpreters import (EVAL_TRACE, NUMPY_ERRORS, NUMPY_QUIET, Tracer,
                                 current_trace)
from ..core.avals import broadcast_shapes
from ._promote import (check_arraylike, convert_to, promote_args, promote_args_inexact,
                       promote_shapes)

_bool = dtypes.bool_


# --- the eager short path of the unary float functions ------------------------------------

# Float and complex dtypes whose NumPy ufunc result keeps the dtype, as the lax op does.
_SAME_DTYPE_FLOATS = frozenset(np.dtype(t) for t in (np.float16, np.float32, np.float64,
                                                     np.complex64, np.complex128))


def _eager_unary(prim):
    """Give a one-operand float function a short path: a concrete float Array with no
    transformation active goes straight to the primitive's impl (DESIGN.md "Hot paths");
    everything else takes the general path below it."""
    impl = prim.impl

    def decorate(fun):
        @functools.wraps(fun)
        def short(x, /):
            if (type(x) is ArrayImpl and x._buf is not None
                    and x._buf.dtype in _SAME_DTYPE_FLOATS and current_trace() is EVAL_TRACE):
                token = NUMPY_ERRORS.set(NUMPY_QUIET)
                try:
                    return ArrayImpl(impl(np, x._buf), x._weak)
                finally:
                    NUMPY_ERRORS.reset(token)
            return fun(x)
        return short
    return decorate

# --- helpers shared by the numpy layer's elementwise code ------------------------------


def promote_args_numeric(fun_name: str, *args):
    """promote_args, but bools become the default int (shifts, floor_divide, square)."""
    check_arraylike(fun_name, *args)
    dtype, weak = dtypes.result_type_and_weak(*args)
    if dtype == _bool:
        dtype = dtypes.default_int_dtype()
    return promote_shapes(fun_name, *[convert_to(a, dtype, weak) for a in args])


def const(dtype, value):
    """A strongly typed 0-d constant, as JAX's `_lax_const` (a NumPy scalar) is."""
    return ArrayImpl(np.asarray(value, dtype)[()], False)


def const_like(x, value):
    """`value` in the dtype of `x`, as a strong 0-d constant."""
    return ArrayImpl(np.asarray(value, x.dtype)[()], False)


def lax_const(x, value):
    """`value` in x's dtype as JAX's composites make their constants: weak only for a
    weak 0-d `x` (jnp.deg2rad(0.5) is weak, a weak (2,) operand gives a strong result)."""
    dtype, weak = dtypes.dtype_and_weak(x)
    return ArrayImpl(np.asarray(value, dtype)[()], weak and not np.shape(x))


def weak_like(x, value):
    """`value` in the dtype of `x`, weak when `x` is (as a Python scalar or JAX's
    `lax._ones(x)` would be), so arithmetic with it keeps x's weak flag."""
    dtype, weak = dtypes.dtype_and_weak(x)
    return ArrayImpl(np.asarray(value, dtype)[()], weak)


def broadcast_to_shape(x, shape):
    """`x` broadcast (NumPy rules, leading dimensions added) to `shape`."""
    x_shape = np.shape(x)
    if x_shape == shape:
        return x
    lead = len(shape) - len(x_shape)
    dims = tuple(range(lead, len(shape)))
    if x_shape and any(d != 1 and d != s for d, s in zip(x_shape, shape[lead:])):
        raise ValueError(f"Incompatible shapes for broadcasting: {x_shape} and requested "
                         f"shape {shape}")
    return lax.broadcast_in_dim(x, shape, dims)


def where_(condition, x, y):
    """select(condition, x, y) with NumPy broadcasting; x and y share a dtype."""
    shape = broadcast_shapes(np.shape(condition), np.shape(x), np.shape(y))
    condition, x, y = (broadcast_to_shape(v, shape) for v in (condition, x, y))
    return lax.select_n(condition, y, x)


def full_like(x, value, dtype=None):
    """An array of `x`'s shape filled with `value`; weak like `x` unless a dtype is given."""
    if dtype is None:
        dtype, weak = dtypes.dtype_and_weak(x)
    else:
        weak = False
    fill = ArrayImpl(np.asarray(value, dtype)[()], weak)
    shape = np.shape(x)
    return lax.broadcast_in_dim(fill, shape, ()) if shape else fill


def to_bool(x):
    return x if x.dtype == _bool else lax.ne(x, lax_const(x, 0))


def _check_ufunc_kwargs(name, out, where):
    if out is not None:
        raise NotImplementedError(f"out argument of <jnp.ufunc '{name}'>")
    if where is not None:
        raise NotImplementedError(f"where argument of <jnp.ufunc '{name}'>")


# --- arithmetic ----------------------------------------------------------------------

def add(x, y, /, *, out=None, where=None):
    """Elementwise x + y (logical or for booleans)."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("add", out, where)
    x, y = promote_args("add", x, y)
    return (lax.or_p if x.dtype == _bool else lax.add_p).bind(x, y)


def subtract(x, y, /, *, out=None, where=None):
    """Elementwise x - y."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("subtract", out, where)
    return lax.sub_p.bind(*promote_args("subtract", x, y))


def multiply(x, y, /, *, out=None, where=None):
    """Elementwise x * y (logical and for booleans)."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("multiply", out, where)
    x, y = promote_args("multiply", x, y)
    return (lax.and_p if x.dtype == _bool else lax.mul_p).bind(x, y)


def true_divide(x1, x2, /):
    """Elementwise x1 / x2 in floating point (integers promote to the default float)."""
    return lax.div_p.bind(*promote_args_inexact("true_divide", x1, x2))


def divide(x1, x2, /):
    """Alias of true_divide."""
    return lax.div_p.bind(*promote_args_inexact("divide", x1, x2))


def _float_divmod(x1, x2):
    # CPython's float_divmod: the remainder takes the divisor's sign, the quotient is
    # rounded so that q * x2 + r == x1 holds as nearly as floats allow.
    mod = lax.rem(x1, x2)
    div = lax.div(lax.sub(x1, mod), x2)
    fix = lax.bitwise_and(lax.ne(mod, lax_const(mod, 0)),
                          lax.ne(lax.sign(x2), lax.sign(mod)))
    mod = lax.select_n(fix, mod, lax.add(mod, x2))
    div = lax.select_n(fix, div, lax.sub(div, lax_const(div, 1)))
    # (JAX: x / 0 is the quotient itself, +-inf, where the remainder is nan)
    div = where_(lax.eq(x2, lax_const(x2, 0)), lax.div(x1, x2), lax.round(div))
    return div, mod


def _int_floor_divide(x1, x2):
    # lax.div truncates; step down where the signs differ and the division is inexact.
    # With XLA's x // 0 == -1 this gives JAX's [7, -7, 0] // 0 == [-2, -2, -1].
    quotient = lax.div(x1, x2)
    fix = lax.bitwise_and(lax.ne(lax.sign(x1), lax.sign(x2)),
                          lax.ne(lax.rem(x1, x2), const_like(x1, 0)))
    return lax.select_n(fix, quotient, lax.sub(quotient, weak_like(quotient, 1)))


def floor_divide(x1, x2, /):
    """Elementwise x1 // x2, rounding toward minus infinity as Python does."""
    x1, x2 = promote_args_numeric("floor_divide", x1, x2)
    if dtypes.is_unsigned_integer(x1.dtype):
        return lax.div(x1, x2)
    if dtypes.is_signed_integer(x1.dtype):
        return _int_floor_divide(x1, x2)
    if dtypes.is_complex(x1.dtype):
        raise TypeError("floor_divide does not support complex-valued inputs")
    return _float_divmod(x1, x2)[0]


def remainder(x1, x2, /):
    """Elementwise remainder with the sign of the divisor (Python's %)."""
    x1, x2 = promote_args_numeric("remainder", x1, x2)
    zero = const_like(x1, 0)
    if dtypes.is_integer(x2.dtype):
        x2 = where_(lax.eq(x2, zero), weak_like(x2, 1), x2)
    trunc_mod = lax.rem(x1, x2)
    fix = lax.bitwise_and(lax.ne(lax.lt(trunc_mod, zero), lax.lt(x2, zero)),
                          lax.ne(trunc_mod, zero))
    return lax.select_n(fix, trunc_mod, lax.add(trunc_mod, x2))


def mod(x1, x2, /):
    """Alias of remainder."""
    return remainder(x1, x2)


def fmod(x1, x2, /):
    """Elementwise remainder with the sign of the dividend (C's fmod)."""
    x1, x2 = promote_args_numeric("fmod", x1, x2)
    if dtypes.is_integer(x2.dtype):
        x2 = where_(lax.eq(x2, const_like(x2, 0)), weak_like(x2, 1), x2)
    return lax.rem(x1, x2)


def divmod(x1, x2, /):
    """(x1 // x2, x1 % x2), elementwise."""
    x1, x2 = promote_args_numeric("divmod", x1, x2)
    if dtypes.is_integer(x1.dtype):
        return floor_divide(x1, x2), remainder(x1, x2)
    if x1.dtype.kind == "c":
        raise TypeError("divmod does not support complex-valued inputs")
    return _float_divmod(x1, x2)


def negative(x, /, *, out=None, where=None):
    """Elementwise -x."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("negative", out, where)
    return lax.neg(*promote_args("negative", x))


def positive(x, /):
    """Elementwise +x (the input as an array)."""
    return promote_args("positive", x)[0]


def reciprocal(x, /):
    """Elementwise 1 / x in floating point."""
    return lax.integer_pow(*promote_args_inexact("reciprocal", x), -1)


def _concrete_int(value):
    """The Python int of a concrete integer scalar exponent, else None."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    if type(value) is ArrayImpl and value.ndim == 0 and value.dtype.kind in "iub":
        return int(value._value)
    return None


def power(x1, x2, /):
    """Elementwise x1 ** x2 (integers stay integers; negative integer powers of integers
    are an error for a concrete exponent)."""
    check_arraylike("power", x1, x2)
    exponent = _concrete_int(x2)
    if exponent is not None:
        # A concrete integer exponent: binary exponentiation, exact for floats too.
        x1, = promote_args_numeric("power", x1)
        return lax.integer_pow(x1, exponent)
    x1, x2 = promote_shapes("power", x1, x2)
    x1_, x2_ = promote_args_numeric("power", x1, x2)
    if dtypes.is_integer(x1_.dtype):
        return _integer_power(x1_, x2_)
    return lax.pow(x1_, x2_)


def _integer_power(base, exponent):
    # Square-and-multiply over the low 6 bits of the exponent: any base > 1 overflows
    # 64 bits past that, and JAX uses the same bound.
    one, zero = const_like(exponent, 1), const_like(exponent, 0)
    acc = where_(lax.bitwise_and(lax.eq(base, zero), lax.ne(exponent, zero)),
                 const_like(base, 0), const_like(base, 1))
    for _ in range(6):
        acc = where_(lax.ne(lax.bitwise_and(exponent, one), zero), lax.mul(acc, base), acc)
        base = lax.mul(base, base)
        exponent = lax.shift_right_logical(exponent, one)
    return acc


def pow(x1, x2, /):
    """Alias of power."""
    return power(x1, x2)


def float_power(x, y, /):
    """Elementwise x ** y computed in floating point."""
    return lax.pow(*promote_args_inexact("float_power", x, y))


def square(x, /):
    """Elementwise x * x."""
    return lax.integer_pow(*promote_args_numeric("square", x), 2)


@_eager_unary(lax.sqrt_p)
def sqrt(x, /):
    """Elementwise non-negative square root."""
    return lax.sqrt(*promote_args_inexact("sqrt", x))


def cbrt(x, /):
    """Elementwise cube root."""
    return lax.cbrt(*promote_args_inexact("cbrt", x))


def absolute(x, /):
    """Elementwise |x| (complex inputs give their real dtype)."""
    x, = promote_args("absolute", x)
    kind = x.dtype.kind
    return x if kind == "u" or kind == "b" else lax.abs(x)


def abs(x, /):
    """Alias of absolute."""
    return absolute(x)


def fabs(x, /):
    """Elementwise |x| as a float; complex inputs are an error."""
    check_arraylike("fabs", x)
    if dtypes.dtype_and_weak(x)[0].kind == "c":
        raise TypeError("ufunc 'fabs' does not support complex dtypes")
    return lax.abs(*promote_args_inexact("fabs", x))


def sign(x, /):
    """Elementwise sign: -1, 0 or 1 (x / |x| for complex)."""
    return lax.sign(*promote_args("sign", x))


# --- exponentials and logarithms -------------------------------------------------------

@_eager_unary(lax.exp_p)
def exp(x, /):
    """Elementwise e ** x."""
    return lax.exp(*promote_args_inexact("exp", x))


@_eager_unary(lax.exp2_p)
def exp2(x, /):
    """Elementwise 2 ** x."""
    return lax.exp2(*promote_args_inexact("exp2", x))


@_eager_unary(lax.expm1_p)
def expm1(x, /):
    """Elementwise e ** x - 1, accurate near zero."""
    return lax.expm1(*promote_args_inexact("expm1", x))


@_eager_unary(lax.log_p)
def log(x, /):
    """Elementwise natural logarithm."""
    return lax.log(*promote_args_inexact("log", x))


@_eager_unary(lax.log1p_p)
def log1p(x, /):
    """Elementwise log(1 + x), accurate near zero."""
    return lax.log1p(*promote_args_inexact("log1p", x))


def _log_base(x, base):
    """log(x) / log(base); a complex log's parts are divided by the real log(base), so
    log2(0j) is -inf + 0j (a complex division would make the imaginary part nan)."""
    out = lax.log(x)
    if dtypes.is_complex(x.dtype):
        denominator = lax.log(const_like(lax.real(x), base))  # (strong, as JAX's)
        return lax.complex(lax.div(lax.real(out), denominator),
                           lax.div(lax.imag(out), denominator))
    return lax.div(out, lax.log(const_like(x, base)))


def log2(x, /):
    """Elementwise base-2 logarithm."""
    x, = promote_args_inexact("log2", x)
    return _log_base(x, 2)


def log10(x, /):
    """Elementwise base-10 logarithm."""
    x, = promote_args_inexact("log10", x)
    return _log_base(x, 10)


def _complex_logaddexp(x1, x2, scale):
    """log(exp(x1) + exp(x2)) / scale for complex x: the operand of larger real part plus
    log1p(exp(the difference)), which keeps the sum's branch (JAX computes these too)."""
    first = lax.ge(lax.real(x1), lax.real(x2))
    amax, amin = lax.select_n(first, x2, x1), lax.select_n(first, x1, x2)
    if scale == 1.0:
        return lax.add(amax, lax.log1p(lax.exp(lax.sub(amin, amax))))
    ln = const_like(lax.real(x1), scale)  # base 2: exponents and logs scaled by log(2)
    diff = lax.sub(amin, amax)
    diff = lax.complex(lax.mul(lax.real(diff), ln), lax.mul(lax.imag(diff), ln))
    tail = lax.log1p(lax.exp(diff))
    return lax.add(amax, lax.complex(lax.div(lax.real(tail), ln),
                                     lax.div(lax.imag(tail), ln)))


def _logaddexp(x1, x2, log1p_of_exp, scale):
    if dtypes.is_complex(x1.dtype):
        return _complex_logaddexp(x1, x2, scale)
    amax = lax.max(x1, x2)
    delta = lax.sub(x1, x2)
    # NaN delta: a NaN input, or infinities of the same sign (their sum is the answer).
    # (JAX's log(2) of logaddexp2 is weak only for a weak scalar operand)
    divisor = weak_like(x1, scale) if scale == 1.0 else lax_const(x1, scale)
    smooth = lax.add(amax, lax.div(log1p_of_exp(lax.neg(lax.abs(delta))), divisor))
    return lax.select_n(lax.ne(delta, delta), smooth, lax.add(x1, x2))


def _logaddexp_e(x1, x2):
    return _logaddexp(x1, x2, lambda d: lax.log1p(lax.exp(d)), 1.0)


def _finite_or_zero(x):
    return lax.select_n(lax.is_finite(x), lax.full_like(x, 0), x)


def _logaddexp_jvp(primals, tangents):
    """JAX's rule: t1 exp(x1 - out) + t2 exp(x2 - out), infinities read as 0, so a tie
    shares the tangent equally (d/dx1 = 0.5) and infinite inputs give finite weights."""
    x1, x2 = primals
    t1, t2 = tangents
    out = _logaddexp_custom(x1, x2)
    w1 = lax.exp(lax.sub(_finite_or_zero(x1), _finite_or_zero(out)))
    w2 = lax.exp(lax.sub(_finite_or_zero(x2), _finite_or_zero(out)))
    return out, lax.add(lax.mul(t1, w1), lax.mul(t2, w2))


def _make_logaddexp_custom():
    from ..transforms.custom_derivatives import custom_jvp
    fun = custom_jvp(_logaddexp_e)
    fun.defjvp(_logaddexp_jvp)
    return fun


_logaddexp_custom = _make_logaddexp_custom()


def logaddexp(x1, x2, /, *, out=None, where=None):
    """Elementwise log(exp(x1) + exp(x2)) without overflow (JAX's derivative: equal
    inputs share the tangent)."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("logaddexp", out, where)
    x1, x2 = promote_args_inexact("logaddexp", x1, x2)
    if not isinstance(x1, Tracer) and not isinstance(x2, Tracer):
        return _logaddexp_e(x1, x2)  # eager: no staging of the custom rule
    return _logaddexp_custom(x1, x2)


def logaddexp2(x1, x2, /, *, out=None, where=None):
    """Elementwise log2(2 ** x1 + 2 ** x2) without overflow."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("logaddexp2", out, where)
    x1, x2 = promote_args_inexact("logaddexp2", x1, x2)
    return _logaddexp(x1, x2, lambda d: lax.log1p(lax.exp2(d)), np.log(2))


# --- trigonometric and hyperbolic ------------------------------------------------------

@_eager_unary(lax.sin_p)
def sin(x, /):
    """Elementwise sine."""
    return lax.sin(*promote_args_inexact("sin", x))


@_eager_unary(lax.cos_p)
def cos(x, /):
    """Elementwise cosine."""
    return lax.cos(*promote_args_inexact("cos", x))


@_eager_unary(lax.tan_p)
def tan(x, /):
    """Elementwise tangent."""
    return lax.tan(*promote_args_inexact("tan", x))


@_eager_unary(lax.asin_p)
def arcsin(x, /):
    """Elementwise inverse sine."""
    return lax.asin(*promote_args_inexact("arcsin", x))


@_eager_unary(lax.acos_p)
def arccos(x, /):
    """Elementwise inverse cosine."""
    return lax.acos(*promote_args_inexact("arccos", x))


@_eager_unary(lax.atan_p)
def arctan(x, /):
    """Elementwise inverse tangent."""
    return lax.atan(*promote_args_inexact("arctan", x))


def arctan2(x1, x2, /):
    """Elementwise angle of the point (x2, x1), in (-pi, pi]."""
    return lax.atan2(*promote_args_inexact("arctan2", x1, x2))


@_eager_unary(lax.sinh_p)
def sinh(x, /):
    """Elementwise hyperbolic sine."""
    return lax.sinh(*promote_args_inexact("sinh", x))


@_eager_unary(lax.cosh_p)
def cosh(x, /):
    """Elementwise hyperbolic cosine."""
    return lax.cosh(*promote_args_inexact("cosh", x))


@_eager_unary(lax.tanh_p)
def tanh(x, /):
    """Elementwise hyperbolic tangent."""
    return lax.tanh(*promote_args_inexact("tanh", x))


@_eager_unary(lax.asinh_p)
def arcsinh(x, /):
    """Elementwise inverse hyperbolic sine."""
    return lax.asinh(*promote_args_inexact("arcsinh", x))


def arccosh(x, /):
    """Elementwise inverse hyperbolic cosine (NumPy's branch for complex inputs)."""
    result = lax.acosh(*promote_args_inexact("arccosh", x))
    if result.dtype.kind == "c":
        result = where_(lax.lt(lax.real(result), const(lax.real(result).dtype, 0)),
                        lax.neg(result), result)
    return result


@_eager_unary(lax.atanh_p)
def arctanh(x, /):
    """Elementwise inverse hyperbolic tangent."""
    return lax.atanh(*promote_args_inexact("arctanh", x))


def asin(x, /):
    """Alias of arcsin."""
    return arcsin(x)


def acos(x, /):
    """Alias of arccos."""
    return arccos(x)


def atan(x, /):
    """Alias of arctan."""
    return arctan(x)


def atan2(x1, x2, /):
    """Alias of arctan2."""
    return arctan2(x1, x2)


def asinh(x, /):
    """Alias of arcsinh."""
    return arcsinh(x)


def acosh(x, /):
    """Alias of arccosh."""
    return arccosh(x)


def atanh(x, /):
    """Alias of arctanh."""
    return arctanh(x)


def deg2rad(x, /):
    """Convert angles from degrees to radians."""
    x, = promote_args_inexact("deg2rad", x)
    return lax.mul(x, lax_const(x, np.pi / 180))


def rad2deg(x, /):
    """Convert angles from radians to degrees."""
    x, = promote_args_inexact("rad2deg", x)
    return lax.mul(x, lax_const(x, 180 / np.pi))


def radians(x, /):
    """Alias of deg2rad."""
    return deg2rad(x)


def degrees(x, /):
    """Alias of rad2deg."""
    return rad2deg(x)


# --- comparisons -----------------------------------------------------------------------

def equal(x, y, /):
    """Elementwise x == y."""
    return lax.eq_p.bind(*promote_args("equal", x, y))


def not_equal(x, y, /):
    """Elementwise x != y."""
    return lax.ne_p.bind(*promote_args("not_equal", x, y))


def _ordered(prim, x, y):
    # Complex numbers compare lexicographically, (real, imag), as NumPy does.
    if x.dtype.kind == "c":
        return lax.select_n(lax.eq(lax.real(x), lax.real(y)),
                            prim.bind(lax.real(x), lax.real(y)),
                            prim.bind(lax.imag(x), lax.imag(y)))
    return prim.bind(x, y)


def less(x, y, /):
    """Elementwise x < y."""
    return _ordered(lax.lt_p, *promote_args("less", x, y))


def less_equal(x, y, /):
    """Elementwise x <= y."""
    return _ordered(lax.le_p, *promote_args("less_equal", x, y))


def greater(x, y, /):
    """Elementwise x > y."""
    return _ordered(lax.gt_p, *promote_args("greater", x, y))


def greater_equal(x, y, /):
    """Elementwise x >= y."""
    return _ordered(lax.ge_p, *promote_args("greater_equal", x, y))


def maximum(x, y, /, *, out=None, where=None):
    """Elementwise maximum; NaN wins."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("maximum", out, where)
    return lax.max_p.bind(*promote_args("maximum", x, y))


def minimum(x, y, /, *, out=None, where=None):
    """Elementwise minimum; NaN wins."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("minimum", out, where)
    return lax.min_p.bind(*promote_args("minimum", x, y))


def isnan(x, /):
    """Elementwise test for NaN (always False for integers and booleans)."""
    x, = promote_args("isnan", x)
    return lax.ne(x, x)


def isfinite(x, /):
    """Elementwise test for finite values (always True for integers and booleans)."""
    x, = promote_args("isfinite", x)
    kind = x.dtype.kind
    if kind == "c":
        return lax.bitwise_and(lax.is_finite(lax.real(x)), lax.is_finite(lax.imag(x)))
    if dtypes.is_float(x.dtype):
        return lax.is_finite(x)
    return full_like(x, True, _bool)


def isinf(x, /):
    """Elementwise test for positive or negative infinity."""
    x, = promote_args("isinf", x)
    if x.dtype.kind == "c":
        re, im = lax.real(x), lax.imag(x)
        return lax.bitwise_or(lax.eq(lax.abs(re), const_like(re, np.inf)),
                              lax.eq(lax.abs(im), const_like(im, np.inf)))
    if dtypes.is_float(x.dtype):
        return lax.eq(lax.abs(x), const_like(x, np.inf))
    return full_like(x, False, _bool)


def _isposneginf(infinity, x, out):
    if out is not None:
        raise NotImplementedError("The 'out' argument to isneginf/isposinf is not supported.")
    x, = promote_args("isposinf" if infinity > 0 else "isneginf", x)
    if x.dtype.kind == "c":
        raise ValueError("isposinf/isneginf are not well defined for complex types")
    if dtypes.is_float(x.dtype):
        return lax.eq(x, const_like(x, infinity))
    return full_like(x, False, _bool)


def isposinf(x, /, out=None):
    """Elementwise test for positive infinity."""
    return _isposneginf(np.inf, x, out)


def isneginf(x, /, out=None):
    """Elementwise test for negative infinity."""
    return _isposneginf(-np.inf, x, out)


# --- logic ---------------------------------------------------------------------------

def logical_and(x, y, /, *, out=None, where=None):
    """Elementwise truth of x and y."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("logical_and", out, where)
    x, y = promote_args("logical_and", x, y)
    return lax.bitwise_and(to_bool(x), to_bool(y))


def logical_or(x, y, /, *, out=None, where=None):
    """Elementwise truth of x or y."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("logical_or", out, where)
    x, y = promote_args("logical_or", x, y)
    return lax.bitwise_or(to_bool(x), to_bool(y))


def logical_xor(x, y, /, *, out=None, where=None):
    """Elementwise truth of x xor y."""
    if out is not None or where is not None:
        _check_ufunc_kwargs("logical_xor", out, where)
    x, y = promote_args("logical_xor", x, y)
    return lax.bitwise_xor(to_bool(x), to_bool(y))


def logical_not(x, /):
    """Elementwise truth of not x."""
    x, = promote_args("logical_not", x)
    return lax.bitwise_not(to_bool(x))


# --- complex numbers -------------------------------------------------------------------

def real(val, /):
    """The real part (the input itself unless it is complex)."""
    val, = promote_args("real", val)
    return lax.real(val) if val.dtype.kind == "c" else val


def imag(val, /):
    """The imaginary part (zeros of the input's dtype unless it is complex)."""
    val, = promote_args("imag", val)
    return lax.imag(val) if val.dtype.kind == "c" else full_like(val, 0)


def conjugate(x, /):
    """The complex conjugate (the input itself unless it is complex)."""
    x, = promote_args("conjugate", x)
    return lax.conj(x) if x.dtype.kind == "c" else x


def conj(x, /):
    """Alias of conjugate."""
    return conjugate(x)


def angle(z, deg=False):
    """The argument of complex numbers, in radians (or degrees with deg=True)."""
    z, = promote_args("angle", z)
    re, im = real(z), imag(z)
    if not dtypes.is_inexact(re.dtype) or (dtypes.is_float(z.dtype) and z.ndim == 0):
        dtype = dtypes.default_float_dtype()
        re = lax.convert_element_type(re, dtype)
        im = lax.convert_element_type(im, dtype)
    result = lax.atan2(im, re)
    return rad2deg(result) if deg else result


__all__ = [
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "mod",
    "remainder", "fmod", "divmod", "negative", "positive", "reciprocal", "power", "pow",
    "float_power", "square", "sqrt", "cbrt", "abs", "absolute", "fabs", "sign",
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp", "logaddexp2",
    "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh",
    "arcsinh", "arccosh", "arctanh", "asin", "acos", "atan", "atan2", "asinh", "acosh",
    "atanh", "deg2rad", "rad2deg", "degrees", "radians",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "maximum",
    "minimum", "isnan", "isinf", "isfinite", "isneginf", "isposinf",
    "logical_and", "logical_or", "logical_not", "logical_xor",
    "real", "imag", "conj", "conjugate", "angle",
]
