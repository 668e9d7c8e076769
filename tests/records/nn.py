"""Op records for wax.nn: activations, normalizers, one_hot and dot_product_attention,
each against a NumPy/SciPy reference (written here, sharing no code with wax.nn).

Only floating-point dtypes appear here: the records' value check expects strongly typed
results, and JAX's integer results are often weak (relu6 of int32 is a weak float32);
tests/nn/test_jax_facts.py checks every function's dtype and weak type against JAX's.
Inputs avoid the kinks (relu at 0, hard_tanh at +-1, ...) by more than the finite
difference step, so the gradient checks compare smooth pieces; the derivatives *at*
the kinks are JAX facts, checked in tests/nn/test_jax_facts.py.
"""
import numpy as np
import scipy.special

from wax import nn

from . import OpRecord, bfloat16, float16, float32, int32, rand_default, rand_positive, to

FLOATS = [float32, float16, bfloat16]
S1 = [(), (3,), (2, 3)]
S2 = [(2, 3), (2, 3, 4)]


def rand_avoiding(*kinks, width=0.05):
    """rand_default's values, moved off the interval of `width` around each kink."""
    def rng_fn(shape, dtype, rng):
        x = rng.uniform(-7.5, 7.5, size=shape)
        for k in kinks:
            near = np.abs(x - k) < width
            x = np.where(near, k + np.where(x >= k, width, -width) * 2, x)
        return np.asarray(x).astype(dtype)
    return rng_fn


def rand_classes(shape, dtype, rng):
    """Class indices in [-1, 5): some out of range for num_classes=4."""
    return rng.integers(-1, 5, size=shape).astype(dtype)


# --- NumPy references -------------------------------------------------------------------------

def _expit(x):
    return scipy.special.expit(x)


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def _gelu(x, approximate=True):
    if approximate:
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + scipy.special.erf(x / np.sqrt(2)))


def _glu(x, axis=-1):
    a, b = np.split(x, 2, axis)
    return a * _expit(b)


def _sparse_plus(x):
    return np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1) ** 2 / 4))


def _softmax(x, axis=-1, where=None):
    if where is None:
        return scipy.special.softmax(x, axis=axis)
    e = np.where(where, np.exp(x - np.max(np.where(where, x, -np.inf), axis, keepdims=True)), 0)
    return e / np.sum(e, axis, keepdims=True)


def _log_softmax(x, axis=-1, where=None):
    if where is None:
        return scipy.special.log_softmax(x, axis=axis)
    shifted = x - np.max(np.where(where, x, -np.inf), axis, keepdims=True)
    total = np.sum(np.where(where, np.exp(shifted), 0), axis, keepdims=True)
    return np.where(where, shifted - np.log(total), -np.inf)


def _logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False, where=None):
    if where is not None:
        b = np.where(where, 1.0 if b is None else b, 0.0)
    return scipy.special.logsumexp(a, axis=axis, b=b, keepdims=keepdims,
                                   return_sign=return_sign)


def _logmeanexp(x, axis=None, keepdims=False):
    n = x.size if axis is None else np.prod([x.shape[a] for a in np.atleast_1d(axis)])
    return scipy.special.logsumexp(x, axis=axis, keepdims=keepdims) - np.log(n)


def _standardize(x, axis=-1, epsilon=1e-5, where=None):
    mean = np.mean(x, axis, keepdims=True, where=True if where is None else where)
    var = np.var(x, axis, keepdims=True, where=True if where is None else where)
    return (x - mean) / np.sqrt(var + epsilon)


def _one_hot(x, num_classes, axis=-1):
    out = (x[..., None] == np.arange(num_classes)).astype(np.float32)
    return np.moveaxis(out, -1, axis)


def _attention(q, k, v, bias=None, mask=None, is_causal=False, scale=None):
    """Grouped-query attention in NumPy: query head n uses key/value head n // (N / K)."""
    _, T, N, H = q.shape
    S, K = k.shape[1], k.shape[2]
    heads = np.arange(N) // (N // K)
    logits = np.einsum("btnh,bsnh->bnts", q, k[:, :, heads], optimize=True)
    logits = logits * (1 / np.sqrt(H) if scale is None else scale)
    if bias is not None:
        logits = logits + bias
    keep = np.ones(logits.shape, bool)
    if mask is not None:
        keep &= mask
    if is_causal:
        keep &= np.tril(np.ones((T, S), bool))
    logits = np.where(keep, logits, -0.7 * np.finfo(np.float32).max)
    probs = scipy.special.softmax(logits, axis=-1)
    return np.einsum("bnts,bsnh->btnh", probs, v[:, :, heads], optimize=True)


ATT_SHAPES = [((2, 3, 4, 5), (2, 4, 2, 5), (2, 4, 2, 5))]
ATT_BIAS = np.linspace(-1.0, 1.0, 2 * 4 * 3 * 4).reshape(2, 4, 3, 4).astype(np.float32)
ATT_MASK = (np.arange(3 * 4).reshape(1, 1, 3, 4) % 5 != 1)
AXIS_MASK = np.array([[True, False, True, True], [False, True, True, True],
                      [True, True, False, True]])


def unary(name, op, ref, *, rng=rand_default, dtypes=FLOATS, shapes=S1, **kw):
    return OpRecord(name, op, ref, 1, dtypes, shapes=shapes, rng=rng, **kw)


RECORDS = [
    unary("nn.relu", nn.relu, lambda x: np.maximum(x, 0), rng=rand_avoiding(0)),
    unary("nn.relu6", nn.relu6, lambda x: np.clip(x, 0, 6), rng=rand_avoiding(0, 6)),
    unary("nn.sigmoid", nn.sigmoid, _expit),
    unary("nn.softplus", nn.softplus, lambda x: np.logaddexp(x, 0)),
    unary("nn.soft_sign", nn.soft_sign, lambda x: x / (np.abs(x) + 1), rng=rand_avoiding(0)),
    unary("nn.silu", nn.silu, lambda x: x * _expit(x)),
    unary("nn.swish", nn.swish, lambda x: x * _expit(x), shapes=[(3,)]),
    unary("nn.log_sigmoid", nn.log_sigmoid, lambda x: -np.logaddexp(0, -x)),
    unary("nn.elu", nn.elu, _elu, rng=rand_avoiding(0)),
    unary("nn.elu-alpha", nn.elu, _elu, rng=rand_avoiding(0), params={"alpha": 0.5},
          shapes=[(2, 3)]),
    unary("nn.celu", nn.celu, lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(
        np.minimum(x, 0) / alpha)), rng=rand_avoiding(0), params={"alpha": 0.7}),
    unary("nn.selu", nn.selu, lambda x: SELU_SCALE * _elu(x, SELU_ALPHA),
          rng=rand_avoiding(0)),
    unary("nn.gelu", nn.gelu, _gelu),
    unary("nn.gelu-exact", nn.gelu, _gelu, params={"approximate": False}),
    unary("nn.glu", nn.glu, _glu, shapes=[(4,), (2, 6)]),
    unary("nn.glu-axis0", nn.glu, _glu, shapes=[(4, 3)], params={"axis": 0}),
    unary("nn.leaky_relu", nn.leaky_relu, lambda x: np.where(x >= 0, x, 0.01 * x),
          rng=rand_avoiding(0)),
    unary("nn.leaky_relu-slope", nn.leaky_relu, lambda x, negative_slope: np.where(
        x >= 0, x, negative_slope * x), rng=rand_avoiding(0), params={"negative_slope": 0.3},
          shapes=[(2, 3)]),
    unary("nn.hard_tanh", nn.hard_tanh, lambda x: np.clip(x, -1, 1), rng=rand_avoiding(-1, 1)),
    unary("nn.hard_sigmoid", nn.hard_sigmoid, lambda x: np.clip(x + 3, 0, 6) / 6,
          rng=rand_avoiding(-3, 3)),
    unary("nn.hard_silu", nn.hard_silu, lambda x: x * np.clip(x + 3, 0, 6) / 6,
          rng=rand_avoiding(-3, 3)),
    unary("nn.hard_swish", nn.hard_swish, lambda x: x * np.clip(x + 3, 0, 6) / 6,
          rng=rand_avoiding(-3, 3), shapes=[(3,)]),
    # sparse_plus is smooth to first order at +-1; its second derivative jumps there
    unary("nn.sparse_plus", nn.sparse_plus, _sparse_plus, rng=rand_avoiding(-1, 1)),
    unary("nn.sparse_sigmoid", nn.sparse_sigmoid, lambda x: np.clip((x + 1) / 2, 0, 1),
          rng=rand_avoiding(-1, 1)),
    unary("nn.squareplus", nn.squareplus, lambda x: (x + np.sqrt(x * x + 4)) / 2),
    unary("nn.squareplus-b", nn.squareplus, lambda x, b: (x + np.sqrt(x * x + b)) / 2,
          params={"b": 0.5}, shapes=[(2, 3)]),
    unary("nn.mish", nn.mish, lambda x: x * np.tanh(np.logaddexp(x, 0))),
    unary("nn.identity", nn.identity, lambda x: x),
    unary("nn.tanh", nn.tanh, np.tanh, shapes=[(2, 3)]),
    unary("nn.log1mexp", nn.log1mexp, lambda x: np.log(-np.expm1(-x)), rng=rand_positive),
    # --- normalizers
    unary("nn.softmax", nn.softmax, _softmax, shapes=S2),
    unary("nn.softmax-axis0", nn.softmax, _softmax, shapes=[(3, 4)], params={"axis": 0}),
    unary("nn.softmax-axes", nn.softmax, _softmax, shapes=[(2, 3, 4)],
          params={"axis": (0, 2)}, dtypes=[float32]),
    unary("nn.softmax-where", nn.softmax, _softmax, shapes=[(3, 4)],
          params={"where": AXIS_MASK}, dtypes=[float32, float16]),
    unary("nn.log_softmax", nn.log_softmax, _log_softmax, shapes=S2),
    unary("nn.log_softmax-axis0", nn.log_softmax, _log_softmax, shapes=[(3, 4)],
          params={"axis": 0}, dtypes=[float32]),
    unary("nn.log_softmax-where", nn.log_softmax, _log_softmax, shapes=[(3, 4)],
          params={"where": AXIS_MASK}, dtypes=[float32]),
    unary("nn.logsumexp", nn.logsumexp, _logsumexp, shapes=[(3,), (3, 4)]),
    unary("nn.logsumexp-axis", nn.logsumexp, _logsumexp, shapes=[(3, 4)],
          params={"axis": 1, "keepdims": True}),
    unary("nn.logsumexp-b", nn.logsumexp, _logsumexp, shapes=[(3, 4)], dtypes=[float32],
          params={"axis": 0, "b": np.array([0.5, 2.0, 1.0, 3.0], np.float32)}),
    unary("nn.logsumexp-sign", nn.logsumexp, _logsumexp, shapes=[(3, 4)], dtypes=[float32],
          params={"axis": -1, "b": np.array([1.0, -2.0, 0.5, -0.25], np.float32),
                  "return_sign": True}),
    unary("nn.logsumexp-where", nn.logsumexp, _logsumexp, shapes=[(3, 4)], dtypes=[float32],
          params={"axis": 1, "where": AXIS_MASK}),
    unary("nn.logmeanexp", nn.logmeanexp, _logmeanexp, shapes=[(3, 4)]),
    unary("nn.logmeanexp-axis", nn.logmeanexp, _logmeanexp, shapes=[(3, 4)],
          params={"axis": 0, "keepdims": True}, dtypes=[float32]),
    unary("nn.standardize", nn.standardize, _standardize, shapes=[(3, 4)], tol=1e-4,
          dtypes=[float32]),
    unary("nn.standardize-where", nn.standardize, _standardize, shapes=[(3, 4)], tol=1e-4,
          params={"axis": 1, "where": AXIS_MASK}, dtypes=[float32]),
    # jvp=False: integer class indices have no derivative
    OpRecord("nn.one_hot", nn.one_hot, _one_hot, 1, [int32], shapes=[(5,), (2, 3)],
             rng=rand_classes, params={"num_classes": 4}, out_dtype=to(float32), jvp=False),
    OpRecord("nn.one_hot-axis0", nn.one_hot, _one_hot, 1, [int32], shapes=[(2, 3)],
             rng=rand_classes, params={"num_classes": 4, "axis": 0}, out_dtype=to(float32),
             jvp=False),
    # jvp_tol: JAX's attention takes the softmax in float32 even for float64 inputs (and so
    # does wax's), so the float64 central differences carry float32 rounding (~1e-3)
    OpRecord("nn.dot_product_attention", nn.dot_product_attention, _attention, 3, [float32],
             shapes=ATT_SHAPES, tol=1e-5, jvp_tol=5e-2),
    OpRecord("nn.dot_product_attention-bias-mask", nn.dot_product_attention,
             _attention, 3, [float32], shapes=ATT_SHAPES, tol=1e-5, jvp_tol=5e-2,
             params={"bias": ATT_BIAS, "mask": ATT_MASK}),
    OpRecord("nn.dot_product_attention-causal", nn.dot_product_attention, _attention, 3,
             [float32], shapes=ATT_SHAPES, tol=1e-5, jvp_tol=5e-2,
             params={"is_causal": True, "scale": 0.5}),
]
