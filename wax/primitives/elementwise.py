"""Elementwise primitives: arithmetic, comparisons, bitwise ops, selection, conversions.

Integer edges follow XLA exactly and silently (JAX_SURFACE.md §2.11): x / 0 == -1,
x % 0 == x, INT_MIN / -1 == INT_MIN, shifts past the bit width give 0 (or the sign for
arithmetic right shifts), float-to-int conversion saturates and NaN becomes 0.
Transcendental and special functions live in elementwise_math.py; this module re-exports
them, so `elementwise.sin` and `wax.lax.sin` both work.

Impls may receive Python scalars beside a NumPy buffer (the eager operator fast path in
wax/numpy/array_methods.py calls add/sub/mul/div/comparison impls directly): NumPy 2's
NEP 50 rules then keep the buffer's dtype, so those impls must not assume `.dtype`.
"""
from __future__ import annotations

import builtins
import enum
import warnings

import numpy as np

from ..core import dtypes
from ..core.array import Array, ArrayImpl
from ..core.avals import ShapedArray
from . import bitwise, elementwise_math
from .bitwise import *  # noqa: F401,F403
from .bitwise import _dtype_of, bitwise_and
from .elementwise_math import *  # noqa: F401,F403
from .elementwise_math import broadcast_tangent, check_operand, integer_pow
from .batch_util import ELEMENTWISE_BATCH, StrictElementwiseBatch
from .families import (ANY, BOOL, COMPLEX, FLOAT, INTEGER, INT_OR_BOOL, LINEAR_JVP, NUMERIC,
                       SIGNED_NUMERIC, DtypeClass, binary, check_same_dtypes, complex_to_real,
                       defjvp, elementwise_shape, is_undefined, is_zero, lax_operands,
                       extended_operands, linear_transpose_rule, on_physical, standard, to_bool,
                       trailing,
                       unary, unbroadcast,
                       zero_tangent_like)
from .shape import full_like


def _all_weak(avals) -> bool:
    return builtins.all(a.weak_type for a in avals)


# -- arithmetic ---------------------------------------------------------------------------

# Piecewise-constant functions (sign, floor, round, ...), comparisons and integer-valued
# operations have a zero tangent everywhere, as in JAX.
_ZERO_JVP = defjvp()

neg_p = unary("neg", lambda xp, x: xp.negative(x), accepts=NUMERIC, jvp=LINEAR_JVP,
              transpose=linear_transpose_rule(lambda ct, aval: neg(ct)))


def neg(x):
    """Elementwise negation: -x (unsigned integers wrap)."""
    return neg_p.bind(x)


def _sign_impl(xp, x):
    out = xp.sign(x)
    if dtypes.is_float(x.dtype):
        out = xp.where(x == 0, x, out)  # XLA keeps the sign of zero: sign(-0.) == -0.
    elif x.dtype.kind == "c":  # XLA divides each part by the modulus: inf / inf is NaN
        with np.errstate(invalid="ignore", divide="ignore"):
            modulus = xp.abs(x)
            unit = xp.empty_like(x)
            unit.real, unit.imag = x.real / modulus, x.imag / modulus
            out = xp.where(x == 0, x, unit)
    return out


sign_p = unary("sign", _sign_impl, accepts=NUMERIC, jvp=_ZERO_JVP)


def sign(x):
    """Elementwise sign: -1, 0 or 1 (x / |x| for complex, 0 or 1 for unsigned)."""
    return sign_p.bind(x)


floor_p = unary("floor", lambda xp, x: xp.floor(x), accepts=FLOAT, jvp=_ZERO_JVP)


def floor(x):
    """Elementwise floor."""
    return floor_p.bind(x)


ceil_p = unary("ceil", lambda xp, x: xp.ceil(x), accepts=FLOAT, jvp=_ZERO_JVP)


def ceil(x):
    """Elementwise ceiling."""
    return ceil_p.bind(x)


class RoundingMethod(enum.IntEnum):
    """How lax.round breaks ties (x.5)."""
    AWAY_FROM_ZERO = 0
    TO_NEAREST_EVEN = 1


def _round_impl(xp, x, *, rounding_method=RoundingMethod.AWAY_FROM_ZERO):
    if rounding_method == RoundingMethod.TO_NEAREST_EVEN:
        return xp.rint(x)
    whole = xp.trunc(x)
    # x - trunc(x) is exact, so the tie test has no rounding error (unlike trunc(x + .5));
    # `whole` itself is kept where nothing is added, so round(-0.3) is -0. as in XLA.
    return xp.where(xp.abs(x - whole) >= 0.5, whole + xp.sign(x), whole)


round_p = unary("round", _round_impl, accepts=FLOAT, jvp=_ZERO_JVP)


def round(x, rounding_method=RoundingMethod.AWAY_FROM_ZERO):
    """Elementwise rounding to the nearest integer; ties per `rounding_method`."""
    return round_p.bind(x, rounding_method=RoundingMethod(rounding_method))


is_finite_p = unary("is_finite", lambda xp, x: xp.isfinite(x), accepts=FLOAT,
                    result_dtype=to_bool, jvp=_ZERO_JVP)


def is_finite(x):
    """Elementwise test for a finite value (not inf, not nan); a bool array."""
    return is_finite_p.bind(x)


def _abs_jvp(t, ans, x):
    if dtypes.is_complex(dtypes.dtype_and_weak(x)[0]):
        # Re(conj(x) t) / |x|, taken as 0 at x == 0.
        modulus = select(eq(ans, 0.0), full_like(ans, 1.0), ans)
        return div(real(mul(conj(x), t)), modulus)
    return select(ge(x, 0.0), t, neg(t))  # slope 1 at 0 (and -0.), as JAX


abs_p = unary("abs", lambda xp, x: xp.abs(x), accepts=SIGNED_NUMERIC,
              result_dtype=complex_to_real, jvp=defjvp(_abs_jvp))


def abs(x):
    """Elementwise absolute value (|INT_MIN| wraps to INT_MIN; complex gives its modulus)."""
    return abs_p.bind(x)


_COMPLEX_PARTS = DtypeClass("float32, float64",
                            lambda d: d in (np.dtype(np.float32), np.dtype(np.float64)))
_REAL_TO_COMPLEX = {np.dtype(np.float32): np.dtype(np.complex64),
                    np.dtype(np.float64): np.dtype(np.complex128)}


def _conj_impl(xp, x, *, input_dtype=None):
    x = xp.asarray(x)
    if x.dtype.kind != "c":  # a real operand: + 0i, not - 0i
        return x.astype(_REAL_TO_COMPLEX.get(x.dtype, x.dtype))
    return xp.conjugate(x)


def _conj_transpose(ct, aval, *, input_dtype=None):
    # conj is its own transpose; a real operand (made complex by conj) gets the real part.
    return conj(ct) if dtypes.is_complex(aval.dtype) else real(ct)


conj_p = unary("conj", _conj_impl, accepts=_COMPLEX_PARTS | COMPLEX,
               result_dtype=lambda d: _REAL_TO_COMPLEX.get(d, d), jvp=LINEAR_JVP,
               transpose=linear_transpose_rule(_conj_transpose))


def conj(x):
    """Elementwise complex conjugate (float32/float64 inputs give complex results)."""
    return conj_p.bind(x, input_dtype=dtypes.dtype_and_weak(x)[0])


# JAX's convention for the complex parts (no conjugation): real's cotangent is ct + 0i,
# imag's is 0 - ct i, and complex(x, y) sends (real(ct), -imag(ct)) back.
real_p = unary("real", lambda xp, x: xp.real(x), accepts=COMPLEX,
               result_dtype=complex_to_real, jvp=LINEAR_JVP,
               transpose=linear_transpose_rule(lambda ct, aval: complex(ct, 0.0)))


def real(x):
    """Elementwise real part of a complex array."""
    return real_p.bind(x)


imag_p = unary("imag", lambda xp, x: xp.imag(x), accepts=COMPLEX,
               result_dtype=complex_to_real, jvp=LINEAR_JVP,
               transpose=linear_transpose_rule(lambda ct, aval: complex(0.0, neg(ct))))


def imag(x):
    """Elementwise imaginary part of a complex array."""
    return imag_p.bind(x)


def _complex_impl(xp, x, y):
    # Not x + 1j * y: 1j * inf has a nan real part.
    x, y = xp.asarray(x), xp.asarray(y)
    out = xp.empty(xp.broadcast_shapes(x.shape, y.shape), _REAL_TO_COMPLEX[x.dtype])
    out.real, out.imag = x, y
    return out


def _complex_transpose(ct, x, y):
    return [unbroadcast(real(ct), x.aval) if is_undefined(x) else None,
            unbroadcast(neg(imag(ct)), y.aval) if is_undefined(y) else None]


complex_p = binary("complex", _complex_impl, accepts=_COMPLEX_PARTS,
                   result_dtype=lambda d: _REAL_TO_COMPLEX[d], jvp=defjvp(
                       lambda t, ans, x, y: complex(broadcast_tangent(t, ans), 0.0),
                       lambda t, ans, x, y: complex(0.0, broadcast_tangent(t, ans))),
                   transpose=_complex_transpose)


def complex(x, y):
    """Elementwise x + i*y from two float32 (or float64) arrays."""
    return complex_p.bind(*lax_operands(x, y))


add_p = binary("add", lambda xp, x, y: xp.add(x, y), accepts=NUMERIC, jvp=defjvp(
    lambda t, ans, x, y: broadcast_tangent(t, ans),
    lambda t, ans, x, y: broadcast_tangent(t, ans)),
    transpose=lambda ct, x, y: [unbroadcast(ct, v.aval) if is_undefined(v) else None
                                for v in (x, y)])


def add(x, y):
    """Elementwise addition: x + y (same dtypes; Python scalars take the array's dtype)."""
    return add_p.bind(*lax_operands(x, y))


sub_p = binary("sub", lambda xp, x, y: xp.subtract(x, y), accepts=NUMERIC, jvp=defjvp(
    lambda t, ans, x, y: broadcast_tangent(t, ans),
    lambda t, ans, x, y: neg(broadcast_tangent(t, ans))),
    transpose=lambda ct, x, y: [unbroadcast(ct, x.aval) if is_undefined(x) else None,
                                unbroadcast(neg(ct), y.aval) if is_undefined(y) else None])


def sub(x, y):
    """Elementwise subtraction: x - y."""
    return sub_p.bind(*lax_operands(x, y))


def _mul_impl(xp, x, y, *, out_dtype=None):
    if out_dtype is not None:
        return xp.multiply(xp.asarray(x).astype(out_dtype), xp.asarray(y).astype(out_dtype))
    return xp.multiply(x, y)


def _mul_abstract_eval(x, y, *, out_dtype=None):
    check_operand("mul", x, 0, NUMERIC)
    check_operand("mul", y, 1, NUMERIC)
    if out_dtype is None:
        check_same_dtypes("mul", (x, y))
    return ShapedArray(elementwise_shape("mul", (x, y)),
                       x.dtype if out_dtype is None else out_dtype, x.weak_type and y.weak_type)


def _mul_transpose(ct, x, y, **params):
    # Linear in one operand at a time: the cotangent times the other, summed to shape.
    if is_undefined(x) and is_undefined(y):
        raise NotImplementedError("mul is not linear in both operands at once")
    if is_undefined(x):
        return [unbroadcast(mul_p.bind(ct, y, **params), x.aval), None]
    return [None, unbroadcast(mul_p.bind(x, ct, **params), y.aval)]


mul_p = standard("mul", _mul_impl, _mul_abstract_eval, jvp=defjvp(
    lambda t, ans, x, y, **params: mul_p.bind(t, y, **params),
    lambda t, ans, x, y, **params: mul_p.bind(x, t, **params)), transpose=_mul_transpose,
    batch=ELEMENTWISE_BATCH)


def mul(x, y, *, out_dtype=None):
    """Elementwise multiplication: x * y (computed in `out_dtype` when one is given)."""
    if out_dtype is None:  # (no param then, so Jaxprs print `mul a b` as JAX's do)
        return mul_p.bind(*lax_operands(x, y))
    out_dtype = dtypes.check_user_dtype(out_dtype, "mul")
    return mul_p.bind(*lax_operands(x, y), out_dtype=out_dtype)


def _int_divisor(xp, x, y, dtype):
    """(x, y with its zeros replaced by 1, mask of the zeros): XLA defines x/0 and x%0."""
    x, y = xp.asarray(x, dtype), xp.asarray(y, dtype)
    zero = y == 0
    one = xp.ones((), dtype)
    safe = xp.where(zero, one, y)
    if dtype.kind == "i":
        # x % -1 == x % 1 == 0 always, and dividing INT_MIN by 1 gives XLA's INT_MIN / -1.
        safe = xp.where((y == -1) & (x == np.iinfo(dtype).min), one, safe)
    return x, safe, zero


def _div_impl(xp, x, y):
    dtype = _dtype_of(x, y)
    if dtype.kind not in "iu":
        return xp.true_divide(x, y)
    x, safe, zero = _int_divisor(xp, x, y, dtype)
    remainder = xp.fmod(x, safe)
    # x - remainder is an exact multiple of the divisor: floor division is truncation here.
    quotient = xp.floor_divide(x - remainder, safe)
    fill = xp.asarray(-1 if dtype.kind == "i" else np.iinfo(dtype).max, dtype)
    return xp.where(zero, fill, quotient)


div_p = binary("div", _div_impl, accepts=NUMERIC, jvp=defjvp(
    lambda t, ans, x, y: div(t, y),
    lambda t, ans, x, y: mul(mul(neg(t), x), integer_pow(y, -2))),
    # Linear in the numerator only.
    transpose=lambda ct, x, y: [unbroadcast(div(ct, y), x.aval), None])


def div(x, y):
    """Elementwise division; integers truncate toward zero and x / 0 == -1 (all ones)."""
    return div_p.bind(*lax_operands(x, y))


def _rem_impl(xp, x, y):
    dtype = _dtype_of(x, y)
    if dtype.kind not in "iu":
        return xp.fmod(x, y)
    x, safe, zero = _int_divisor(xp, x, y, dtype)
    return xp.where(zero, x, xp.fmod(x, safe))


def _truncate(x):
    return select(ge(x, 0.0), floor(x), ceil(x))


# rem(x, y) = x - y trunc(x / y): the quotient is piecewise constant.
rem_p = binary("rem", _rem_impl, accepts=INTEGER | FLOAT, jvp=defjvp(
    lambda t, ans, x, y: broadcast_tangent(t, ans),
    lambda t, ans, x, y: mul(neg(t), _truncate(div(x, y)))))


def rem(x, y):
    """Elementwise remainder with the sign of the dividend (C fmod); x % 0 == x for ints."""
    return rem_p.bind(*lax_operands(x, y))


def _tie_share(x, ans, y):
    """1 where x alone gives the result, 0.5 where x and y tie, 0 where y does (or nan)."""
    tie = broadcast_tangent(eq(y, ans), ans)
    share = select(tie, full_like(ans, 0.5), full_like(ans, 1.0))
    return select(broadcast_tangent(eq(x, ans), ans), share, full_like(ans, 0.0))


# Which of two equal operands NumPy's maximum returns (measured, not assumed).
_TIE_TAKES_SECOND = bool(np.signbit(np.maximum(np.float32(0.0), np.float32(-0.0))))


def _extremum(xp, x, y, is_min):
    """max/min with XLA's order of zeros, -0.0 < +0.0 (NumPy returns one of two equal
    zeros by position): max is -0.0 only if both zeros are, min if either is. A scalar
    zero is placed where NumPy's tie goes when it is the zero that must win (relu's
    maximum(x, 0.0) costs nothing extra); two arrays are fixed up where the result is 0."""
    op = xp.minimum if is_min else xp.maximum
    dtype = getattr(x, "dtype", None)
    if dtype is None or not (dtype.kind == "f" or dtype == dtypes.bfloat16):
        return op(x, y)
    for scalar, other in ((y, x), (x, y)):
        if np.ndim(scalar) == 0:
            wins = scalar == 0 and bool(np.signbit(scalar)) == is_min
            # (a nonzero scalar cannot tie with a zero: either order is right)
            return op(other, scalar) if wins == _TIE_TAKES_SECOND else op(scalar, other)
    out = op(x, y)
    zero = out == 0
    if not zero.any():
        return out
    at = np.nonzero(zero)
    x_neg = np.signbit(np.broadcast_to(x, out.shape)[at])
    y_neg = np.signbit(np.broadcast_to(y, out.shape)[at])
    negative = (x_neg | y_neg) if is_min else (x_neg & y_neg)
    out = np.array(out, copy=True)
    out[at] = np.where(negative, -np.zeros((), out.dtype), np.zeros((), out.dtype))
    return out


_MAX_MIN_JVP = defjvp(lambda t, ans, x, y: mul(t, _tie_share(x, ans, y)),
                      lambda t, ans, x, y: mul(t, _tie_share(y, ans, x)))
max_p = binary("max", lambda xp, x, y: _extremum(xp, x, y, False), accepts=ANY,
               jvp=_MAX_MIN_JVP)


def max(x, y):
    """Elementwise maximum; nan wins; complex numbers compare (real, imag) lexicographically."""
    return max_p.bind(*lax_operands(x, y))


min_p = binary("min", lambda xp, x, y: _extremum(xp, x, y, True), accepts=ANY,
               jvp=_MAX_MIN_JVP)


def min(x, y):
    """Elementwise minimum; nan wins; complex numbers compare (real, imag) lexicographically."""
    return min_p.bind(*lax_operands(x, y))


def _mulhi_impl(xp, x, y):
    dtype = _dtype_of(x, y)
    x, y = xp.asarray(x, dtype), xp.asarray(y, dtype)
    bits = dtype.itemsize * 8
    if bits < 64:
        wide = np.dtype(np.int64 if dtype.kind == "i" else np.uint64)
        product = xp.multiply(x.astype(wide), y.astype(wide))
        return xp.right_shift(product, bits).astype(dtype)
    # 64 x 64 -> 128 bits from 32-bit halves, in uint64 arithmetic (which wraps).
    u64 = np.dtype(np.uint64)
    a, b = x.view(u64), y.view(u64)
    low_mask, half = np.uint64(0xFFFFFFFF), np.uint64(32)
    a_lo, a_hi, b_lo, b_hi = a & low_mask, a >> half, b & low_mask, b >> half
    lo_lo, hi_lo, lo_hi = a_lo * b_lo, a_hi * b_lo, a_lo * b_hi
    cross = (lo_lo >> half) + (hi_lo & low_mask) + lo_hi
    high = a_hi * b_hi + (hi_lo >> half) + (cross >> half)
    if dtype.kind == "i":
        # The signed high word: subtract b where a < 0 and a where b < 0 (mod 2**64).
        zero = np.uint64(0)
        high = high - xp.where(x < 0, b, zero) - xp.where(y < 0, a, zero)
    return high.view(dtype)


mulhi_p = binary("mulhi", _mulhi_impl, accepts=INTEGER, jvp=_ZERO_JVP)


def mulhi(x, y, /):
    """Elementwise high half of the double-width product x * y of N-bit integers."""
    return mulhi_p.bind(*lax_operands(x, y))


# -- comparisons ----------------------------------------------------------------------------

_ORDERED = INTEGER | FLOAT | BOOL


def _comparison(name, impl, accepts, **rules):
    # As in JAX, comparing weak operands gives a weak bool (measured with JAX 0.10.2).
    return binary(name, impl, accepts=accepts, result_dtype=to_bool, jvp=_ZERO_JVP, **rules)


def _all_words(reduce_name):
    """finish of eq/ne on extended arrays: combine the comparisons of each element's
    physical words (all equal, any different)."""
    def finish(out, tail):
        from . import reductions
        return getattr(reductions, reduce_name)(out, trailing(out.ndim - len(tail), tail))
    return finish


eq_p = _comparison("eq", lambda xp, x, y: xp.equal(x, y), ANY,
                   physical=on_physical(finish=_all_words("reduce_and")))
ne_p = _comparison("ne", lambda xp, x, y: xp.not_equal(x, y), ANY,
                   physical=on_physical(finish=_all_words("reduce_or")))
lt_p = _comparison("lt", lambda xp, x, y: xp.less(x, y), _ORDERED)
le_p = _comparison("le", lambda xp, x, y: xp.less_equal(x, y), _ORDERED)
gt_p = _comparison("gt", lambda xp, x, y: xp.greater(x, y), _ORDERED)
ge_p = _comparison("ge", lambda xp, x, y: xp.greater_equal(x, y), _ORDERED)


def eq(x, y):
    """Elementwise x == y; a bool array."""
    return eq_p.bind(*lax_operands(x, y))


def ne(x, y):
    """Elementwise x != y; a bool array."""
    return ne_p.bind(*lax_operands(x, y))


def lt(x, y):
    """Elementwise x < y; a bool array."""
    return lt_p.bind(*lax_operands(x, y))


def le(x, y):
    """Elementwise x <= y; a bool array."""
    return le_p.bind(*lax_operands(x, y))


def gt(x, y):
    """Elementwise x > y; a bool array."""
    return gt_p.bind(*lax_operands(x, y))


def ge(x, y):
    """Elementwise x >= y; a bool array."""
    return ge_p.bind(*lax_operands(x, y))


# -- selection ------------------------------------------------------------------------------

def _select_n_impl(xp, which, *cases):
    if len(cases) == 1:
        return xp.asarray(cases[0])
    if which.dtype == np.bool_:
        return xp.where(which, cases[1], cases[0])
    return _select_tree(xp, which, cases, 0)


def _select_tree(xp, which, cases, first):
    """cases[which - first], as a balanced tree of selects (as JAX lowers select_n), so
    out-of-range indices clamp to the first or last case."""
    if len(cases) == 1:
        return cases[0]
    mid = len(cases) // 2
    return xp.where(which < first + mid, _select_tree(xp, which, cases[:mid], first),
                    _select_tree(xp, which, cases[mid:], first + mid))


def _select_n_abstract_eval(which, *cases):
    if not cases:
        raise TypeError("select must have at least one case")
    if builtins.any(c.shape != cases[0].shape for c in cases[1:]):
        raise TypeError("select cases must have the same shapes, got "
                        f"[{', '.join(str(c.shape) for c in cases)}].")
    if which.shape and which.shape != cases[0].shape:
        raise TypeError("select `which` must be scalar or have the same shape as cases, got "
                        f"`which` shape {which.shape} but case shape {cases[0].shape}.")
    check_same_dtypes("select", cases)
    if which.dtype not in INT_OR_BOOL:
        raise TypeError(f"select `which` must be boolean or integer type, got "
                        f"{which.dtype.name}.")
    if which.dtype == np.bool_ and len(cases) > 2:
        raise TypeError("select with boolean `which` cannot have > 2 cases.")
    return ShapedArray(cases[0].shape, cases[0].dtype, _all_weak(cases))


def _select_n_jvp(primals, tangents):
    # The chosen case's tangent, routed by the same select (no arithmetic masking, so a
    # nan tangent in an unchosen case stays out, as in JAX).
    from ..transforms.jvp import instantiate
    which, *cases = primals
    ans = select_n_p.bind(which, *cases)
    if builtins.all(is_zero(t) for t in tangents[1:]):
        return ans, zero_tangent_like(ans)
    return ans, select_n_p.bind(which, *(instantiate(t) for t in tangents[1:]))


def _select_n_transpose(ct, which, *cases):
    # Each linear case receives the cotangent where it was chosen and zeros elsewhere.
    if is_undefined(which):
        raise NotImplementedError("select_n is not linear in its predicate")
    zeros = full_like(ct, 0)
    return [None] + [select_n_p.bind(which, *[ct if j == i else zeros
                                              for j in range(len(cases))])
                     if is_undefined(case) else None for i, case in enumerate(cases)]


def _select_n_physical(args):
    which, *cases = args
    datas, like, _ = extended_operands("select_n", cases)
    if which.shape:  # an array `which` selects whole elements: repeat it over their words
        from .shape import broadcast_in_dim
        which = broadcast_in_dim(which, datas[0].shape, tuple(range(len(which.shape))))
    return like._from_physical(select_n_p.bind(which, *datas))


select_n_p = standard("select_n", _select_n_impl, _select_n_abstract_eval, jvp=_select_n_jvp,
                      transpose=_select_n_transpose,
                      batch=StrictElementwiseBatch(scalar_ok=(0,)), physical=_select_n_physical)


def select_n(which, *cases):
    """cases[which] elementwise: `which` is bool (two cases) or an integer array."""
    if not cases:
        raise ValueError("select_n() must have at least one case")
    return select_n_p.bind(which, *lax_operands(*cases))


def select(pred, on_true, on_false):
    """on_true where pred is True, else on_false (select_n(pred, on_false, on_true))."""
    return select_n(pred, on_false, on_true)


def _clamp_abstract_eval(low, x, high):
    for i, aval in enumerate((low, x, high)):
        check_operand("clamp", aval, i, ANY)
    check_same_dtypes("clamp", (low, x, high))
    for name, bound in (("min", low), ("max", high)):
        if bound.shape and bound.shape != x.shape:
            raise TypeError(f"clamp requires {name}.shape == operand.shape or {name}.shape == "
                            f"(), got {name}.shape={bound.shape}, operand.shape={x.shape}.")
    return ShapedArray(x.shape, x.dtype, _all_weak((low, x, high)))


def _clamp_impl(xp, low, x, high):
    return _extremum(xp, _extremum(xp, x, low, False), high, True)  # (zeros ordered)


def _tangent_where(pred, t, ans):
    return select(pred, broadcast_tangent(t, ans), full_like(ans, 0.0))


# JAX's tangents: the bound's where it clips (min only when min < max), x's strictly inside.
clamp_p = standard("clamp", _clamp_impl, _clamp_abstract_eval, jvp=defjvp(
    lambda t, ans, lo, x, hi: _tangent_where(bitwise_and(gt(lo, x), lt(lo, hi)), t, ans),
    lambda t, ans, lo, x, hi: _tangent_where(bitwise_and(gt(x, lo), lt(x, hi)), t, ans),
    lambda t, ans, lo, x, hi: _tangent_where(lt(hi, x), t, ans)),
    batch=StrictElementwiseBatch(scalar_ok=(0, 2)))


def clamp(min, x, max):
    """Elementwise min(max(x, min), max); min and max are scalars or shaped like x."""
    return clamp_p.bind(*lax_operands(min, x, max))


# -- conversions ----------------------------------------------------------------------------
def _convert_impl(xp, x, *, new_dtype, weak_type=False, sharding=None):
    x = xp.asarray(x)
    old_dtype = x.dtype
    if new_dtype == old_dtype:
        return x
    if new_dtype == np.bool_:
        return x != 0
    if old_dtype.kind == "c" and new_dtype.kind != "c":
        x = xp.real(x)
    if not (dtypes.is_inexact(old_dtype) and dtypes.is_integer(new_dtype)):
        return x.astype(new_dtype)
    # Float to integer saturates and sends nan to 0. The bounds are exact in float64.
    info = dtypes.iinfo(new_dtype)
    low, high = float(info.min), float(info.max) + 1.0
    wide = x.astype(np.float64)
    in_range = (wide >= low) & (wide < high)  # False for nan
    if in_range.all():
        return wide.astype(new_dtype)
    out = xp.where(in_range, wide, 0.0).astype(new_dtype)
    out = xp.where(wide >= high, new_dtype.type(info.max), out)
    return xp.where(wide < low, new_dtype.type(info.min), out)


def _convert_abstract_eval(operand, *, new_dtype, weak_type=False, sharding=None):
    if new_dtype not in dtypes.ALL_DTYPES:
        raise TypeError(f"convert_element_type: {new_dtype} is not a dtype wax supports")
    return ShapedArray(operand.shape, new_dtype, bool(weak_type))


def _convert_jvp(primals, tangents, **params):
    ans = convert_element_type_p.bind(*primals, **params)
    if is_zero(tangents[0]) or not dtypes.is_inexact(params["new_dtype"]):
        return ans, zero_tangent_like(ans)  # (a float0 tangent for integer results)
    return ans, convert_element_type_p.bind(tangents[0], **params)


def _convert_transpose(ct, operand, *, new_dtype, weak_type=False, sharding=None):
    aval = operand.aval
    return [convert_element_type_p.bind(ct, new_dtype=aval.dtype, weak_type=aval.weak_type)]


convert_element_type_p = standard("convert_element_type", _convert_impl,
                                  _convert_abstract_eval, jvp=_convert_jvp,
                                  transpose=_convert_transpose, batch=ELEMENTWISE_BATCH)


def convert_element_type(operand, new_dtype):
    """Elementwise cast: float -> int saturates (nan -> 0), complex -> real keeps the real
    part, anything -> bool is x != 0."""
    if new_dtype is None:
        raise ValueError("convert_element_type: dtype must be specified.")
    new_dtype = dtypes.check_user_dtype(new_dtype, "convert_element_type")
    return _convert_element_type(operand, new_dtype, weak_type=False)


def _convert_element_type(operand, new_dtype, weak_type=False):
    old_dtype, old_weak = dtypes.dtype_and_weak(operand)
    if old_dtype.kind == "c" and new_dtype.kind != "c":
        warnings.warn("Casting complex values to real discards the imaginary part",
                      np.exceptions.ComplexWarning, stacklevel=3)
    if type(operand) is int:
        # A big Python int may fit the target (2**100 as float32) but not int32/int64.
        value = np.asarray(np.asarray(operand).astype(new_dtype))[()]
        operand, old_dtype, old_weak = ArrayImpl(value, weak_type), new_dtype, weak_type
    if (old_dtype, old_weak) == (new_dtype, weak_type) and isinstance(operand, Array):
        return operand
    # JAX's `sharding` param is None on one device; leaving it out keeps the Jaxpr text
    # (`convert_element_type[new_dtype=float32 weak_type=False]`) and wax.numpy's binds alike.
    return convert_element_type_p.bind(operand, new_dtype=new_dtype, weak_type=bool(weak_type))


def _bitcast_abstract_eval(operand, *, new_dtype):
    old_dtype = operand.dtype
    if (old_dtype != new_dtype and
            builtins.any(d == np.bool_ or d.kind == "c" for d in (old_dtype, new_dtype))):
        raise TypeError("lax.bitcast_convert_type does not support bool or complex values "
                        "unless the operand and destination types match. Got operand "
                        f"dtype={old_dtype.name}, new_dtype={new_dtype.name}. Consider "
                        "using the arr.view() method instead.")
    old_bits, new_bits = old_dtype.itemsize * 8, new_dtype.itemsize * 8
    if old_bits == new_bits:
        shape = operand.shape
    elif old_bits > new_bits:
        shape = (*operand.shape, old_bits // new_bits)
    else:
        size = operand.shape[-1] if operand.shape else 1
        if size * old_bits != new_bits:
            raise ValueError(f"Attempting to convert array of shape {operand.shape} from "
                             f"{old_dtype.name} of size {old_bits} bits to {new_dtype.name} "
                             f"of size {new_bits}, bits but {size} * {old_bits} != {new_bits}")
        shape = operand.shape[:-1]
    return ShapedArray(shape, new_dtype, False)


def _bitcast_impl(xp, x, *, new_dtype):
    x = xp.asarray(x)
    if not x.flags.c_contiguous:
        x = xp.ascontiguousarray(x)  # (which would turn a 0-d array into a 1-d one)
    old_size, new_size = x.dtype.itemsize, new_dtype.itemsize
    if old_size > new_size:
        return x[..., None].view(new_dtype)  # the host's (little-endian) byte order, as XLA
    if old_size < new_size:
        return x.view(new_dtype).reshape(x.shape[:-1])
    return x.view(new_dtype)


bitcast_convert_type_p = standard("bitcast_convert_type", _bitcast_impl,
                                  _bitcast_abstract_eval, jvp=_ZERO_JVP,
                                  batch=ELEMENTWISE_BATCH)


def bitcast_convert_type(operand, new_dtype):
    """Reinterpret the bits as `new_dtype`; a narrower type adds a trailing axis, a wider
    one consumes the last axis."""
    new_dtype = dtypes.check_user_dtype(new_dtype, "bitcast_convert_type")
    return bitcast_convert_type_p.bind(operand, new_dtype=new_dtype)


# -- stop_gradient ----------------------------------------------------------------------------

stop_gradient_p = unary("stop_gradient", lambda xp, x: x, accepts=ANY, jvp=defjvp(None))


def stop_gradient(x):
    """x, with a zero derivative: no gradient flows through it (applied to every leaf of
    a pytree)."""
    from ..core.tree import tree_map
    from ..core import dtypes as _dtypes

    def stop(leaf):
        if type(leaf) in _dtypes.python_scalar_types:
            return leaf  # as JAX: a Python scalar carries no derivative and is kept
        if _dtypes.is_inexact(_dtypes.dtype_and_weak(leaf)[0]):
            return stop_gradient_p.bind(leaf)
        return leaf
    return tree_map(stop, x)


__all__ = [
    "neg_p", "sign_p", "floor_p", "ceil_p", "round_p", "is_finite_p", "abs_p", "conj_p",
    "real_p", "imag_p", "complex_p", "add_p", "sub_p", "mul_p", "div_p", "rem_p", "max_p",
    "min_p", "mulhi_p", "eq_p", "ne_p", "lt_p", "le_p", "gt_p", "ge_p",
    "select_n_p", "clamp_p", "convert_element_type_p", "stop_gradient_p", "stop_gradient",
    "bitcast_convert_type_p",
    "neg", "sign", "floor", "ceil", "RoundingMethod", "round", "is_finite", "abs", "conj",
    "real", "imag", "complex", "add", "sub", "mul", "div", "rem", "max", "min", "mulhi", "eq",
    "ne", "lt", "le", "gt", "ge",
    "select_n", "select", "clamp", "convert_element_type", "bitcast_convert_type",
] + elementwise_math.__all__ + bitwise.__all__
