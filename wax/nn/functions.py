"""Activation functions of wax.nn (JAX's jax.nn): each is a composition of wax.numpy and
wax.lax operations, so jvp, grad, vmap and jit come from the primitives' own rules.

Result dtypes and weak types follow from the compositions, which mirror JAX's: e.g.
`relu6` of an int32 array is a weak float32 (it meets the Python float 6.0), `relu` of
an int32 array stays int32, and `sigmoid` refuses integers as lax.logistic does.

Where JAX gives a function its own derivative (relu, relu6, log1mexp, and softplus
through jnp.logaddexp's), so do we, with custom_jvp: relu'(0) = 0 (jnp.maximum would
split the tie and give 0.5), relu6' is 0 at both kinks, softplus'(0) = 0.5 and
log1mexp' is 1 / expm1(x) everywhere. softplus is written here rather than as
jnp.logaddexp(x, 0), whose derivative at a tie and weak type currently differ from
JAX's.
"""
from __future__ import annotations

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core.avals import canonicalize_axis
from ..core.interpreters import EVAL_TRACE, current_trace
from ..numpy._promote import check_arraylike, promote_args_inexact
from ..transforms.custom_derivatives import custom_jvp
from ..typing import Array, ArrayLike

__all__ = ["celu", "elu", "gelu", "glu", "hard_sigmoid", "hard_silu", "hard_swish",
           "hard_tanh", "identity", "leaky_relu", "log1mexp", "log_sigmoid", "mish", "relu",
           "relu6", "selu", "sigmoid", "silu", "soft_sign", "softplus", "sparse_plus",
           "sparse_sigmoid", "squareplus", "swish", "tanh"]

tanh = jnp.tanh


def with_derivative(fun, tangent_fn):
    """`fun` (of one array) whose JVP is `tangent_fn(t, ans, x)`. The rule computes the
    primal with this same function, so higher derivatives keep the custom rule too.
    Eager calls (no transformation active) run `fun` directly: the rule matters only to
    a transformation, and staging `fun` on every eager call would cost a trace each time."""
    staged = custom_jvp(fun)

    def call(x):
        if current_trace() is EVAL_TRACE:
            return fun(x)
        return staged(x)

    @staged.defjvp
    def rule(primals, tangents):
        x, = primals
        ans = call(x)
        return ans, tangent_fn(tangents[0], ans, x)
    return call


def _array(name: str, x):
    """x as a wax Array after JAX's array-like check (lists and tuples are refused)."""
    check_arraylike(name, x)
    return jnp.asarray(x)


def _zeros_where_not(pred, g):
    return lax.select(pred, g, lax.full_like(g, 0))


# --- piecewise linear ----------------------------------------------------------------------

_relu = with_derivative(lambda x: jnp.maximum(x, 0),
                        lambda g, ans, x: _zeros_where_not(x > 0, g))


def relu(x: ArrayLike) -> Array:
    """max(x, 0), with derivative 0 at x == 0 (JAX's convention)."""
    check_arraylike("relu", x)
    return _relu(x)


_relu6 = with_derivative(lambda x: jnp.minimum(jnp.maximum(x, 0), 6.0),
                         lambda g, ans, x: _zeros_where_not((x > 0) & (x < 6), g))


def relu6(x: ArrayLike) -> Array:
    """min(max(x, 0), 6), with derivative 0 at both kinks."""
    check_arraylike("relu6", x)
    return _relu6(x)


def identity(x: ArrayLike) -> Array:
    """x itself, as an Array."""
    return _array("identity", x)


def leaky_relu(x: ArrayLike, negative_slope: ArrayLike = 0.01) -> Array:
    """x where x >= 0, else negative_slope * x."""
    x = _array("leaky_relu", x)
    return jnp.where(x >= 0, x, negative_slope * x)


def hard_tanh(x: ArrayLike) -> Array:
    """x clipped to [-1, 1] (keeps integer dtypes)."""
    x = _array("hard_tanh", x)
    return jnp.where(x > 1, 1, jnp.where(x < -1, -1, x))


def hard_sigmoid(x: ArrayLike) -> Array:
    """relu6(x + 3) / 6."""
    x = _array("hard_sigmoid", x)
    return relu6(x + 3.0) / 6.0


def hard_silu(x: ArrayLike) -> Array:
    """x * hard_sigmoid(x)."""
    x = _array("hard_silu", x)
    return x * hard_sigmoid(x)


hard_swish = hard_silu


def sparse_sigmoid(x: ArrayLike) -> Array:
    """(x + 1) / 2 clipped to [0, 1]: sparsemax's two-class case."""
    x = _array("sparse_sigmoid", x)
    return 0.5 * jnp.clip(x + 1.0, 0.0, 2.0)


def sparse_plus(x: ArrayLike) -> Array:
    """0 below -1, x above 1, and (x + 1)^2 / 4 between: a smooth-at-the-joins relu."""
    x = _array("sparse_plus", x)
    middle = (x + 1.0) ** 2 / 4
    return jnp.where(x <= -1.0, 0.0, jnp.where(x >= 1.0, x, middle))


# --- smooth ---------------------------------------------------------------------------------

def sigmoid(x: ArrayLike) -> Array:
    """1 / (1 + exp(-x)) (lax.logistic: floating-point inputs only)."""
    check_arraylike("sigmoid", x)
    return lax.logistic(x)


def _softplus_value(x):
    return jnp.maximum(x, 0) + jnp.log1p(jnp.exp(-jnp.abs(x)))  # NaN stays NaN


def _finite_or_zero(x):
    return jnp.where(x == np.inf, 0, x)


# The derivative is exp(x - softplus(x)) (= sigmoid(x)) with +inf replaced by 0 on both
# sides: JAX's logaddexp rule, so softplus'(0) = 0.5, softplus'(inf) = 1, softplus'(-inf) = 0.
_softplus = with_derivative(
    _softplus_value,
    lambda g, ans, x: g * jnp.exp(_finite_or_zero(x) - _finite_or_zero(ans)))


def softplus(x: ArrayLike) -> Array:
    """log(1 + exp(x)), computed without overflow."""
    check_arraylike("softplus", x)
    # promoted together with a weak 0, as JAX's logaddexp(x, 0): bool and Python scalars
    # give a weak float, integer arrays a strong one
    x, _ = promote_args_inexact("softplus", x, 0)
    if np.dtype(x.dtype).kind == "c":
        raise TypeError(f"softplus requires real floating-point input, got x of shape "
                        f"{x.shape} and dtype {x.dtype}")
    return _softplus(x)


def log_sigmoid(x: ArrayLike) -> Array:
    """log(sigmoid(x)) = -softplus(-x)."""
    x = _array("log_sigmoid", x)
    return -softplus(-x)


def soft_sign(x: ArrayLike) -> Array:
    """x / (|x| + 1)."""
    x = _array("soft_sign", x)
    return x / (jnp.abs(x) + 1)


def silu(x: ArrayLike) -> Array:
    """x * sigmoid(x)."""
    x = _array("silu", x)
    return x * sigmoid(x)


swish = silu


def mish(x: ArrayLike) -> Array:
    """x * tanh(softplus(x))."""
    x = _array("mish", x)
    return x * jnp.tanh(softplus(x))


def squareplus(x: ArrayLike, b: ArrayLike = 4) -> Array:
    """(x + sqrt(x^2 + b)) / 2."""
    check_arraylike("squareplus", x, b)
    x, b = jnp.asarray(x), jnp.asarray(b)
    return (x + jnp.sqrt(jnp.square(x) + b)) / 2


def elu(x: ArrayLike, alpha: ArrayLike = 1.0) -> Array:
    """x where x > 0, else alpha * (exp(x) - 1); the exp never sees large positive x, so
    its derivative stays finite where the branch is not taken."""
    x = _array("elu", x)
    positive = x > 0
    return jnp.where(positive, x, alpha * jnp.expm1(jnp.where(positive, 0.0, x)))


def celu(x: ArrayLike, alpha: ArrayLike = 1.0) -> Array:
    """max(x, 0) + alpha * expm1(min(x, 0) / alpha): elu made continuously differentiable
    for any alpha."""
    check_arraylike("celu", x)
    return jnp.maximum(x, 0.0) + alpha * jnp.expm1(jnp.minimum(x, 0.0) / alpha)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(x: ArrayLike) -> Array:
    """scale * elu(x, alpha) with the self-normalizing constants."""
    return _SELU_SCALE * elu(x, _SELU_ALPHA)


def gelu(x: ArrayLike, approximate: bool = True) -> Array:
    """x * Phi(x), Phi the standard normal CDF; approximate=True uses the tanh form
    0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))."""
    x, = promote_args_inexact("gelu", x)
    dtype = np.dtype(x.dtype)
    if approximate:
        # NumPy scalars of x's dtype: strongly typed, as JAX's are (the result is never weak)
        c = np.asarray(np.sqrt(2 / np.pi)).astype(dtype)[()]
        cdf = 0.5 * (1.0 + jnp.tanh(c * (x + 0.044715 * x ** 3)))
        return x * cdf
    sqrt_half = np.asarray(np.sqrt(0.5)).astype(dtype)[()]
    return jnp.asarray(0.5 * x * lax.erfc(-x * sqrt_half), dtype=dtype)


def glu(x: ArrayLike, axis: int = -1) -> Array:
    """Gated linear unit: the first half of `axis` times sigmoid of the second half."""
    x = _array("glu", x)
    ax = canonicalize_axis(axis, x.ndim)
    size = x.shape[ax]
    if size % 2:
        raise ValueError(f"glu: the size of axis {axis} must be divisible by 2, got x of "
                         f"shape {x.shape} and dtype {x.dtype}")
    first, second = jnp.split(x, 2, ax)
    return first * sigmoid(second)


def _log1mexp(x):
    x = jnp.asarray(x)
    near_zero = x < jnp.log(2.0)
    return jnp.where(near_zero, jnp.log(-jnp.expm1(-x)), jnp.log1p(-jnp.exp(-x)))


_log1mexp_custom = with_derivative(_log1mexp, lambda g, ans, x: g / jnp.expm1(x))


def log1mexp(x: ArrayLike) -> Array:
    """log(1 - exp(-x)) for x > 0, accurate near 0 and for large x."""
    check_arraylike("log1mexp", x)
    return _log1mexp_custom(x)
