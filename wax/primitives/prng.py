"""Random-bit primitives, with their rules side by side.

- `threefry2x32`: JAX's counter-based hash (Threefry-2x32, 20 rounds) on uint32 words:
  (key1, key2, count1, count2) -> (out1, out2), elementwise with broadcasting. Every
  jax.random function is a composition of it (wax/random), so those get jit/vmap for free.
- `random_gamma`: jax.random's gamma sampler (Marsaglia-Tsang rejection, one key per
  element) with the implicit-reparameterization derivative in its shape parameter.
- `rng_bit_generator` (lax): XLA's RngBitGenerator on a uint32[4] (or uint64[2]) state,
  THREE_FRY and PHILOX (the CPU default) bit for bit as XLA computes them.
- `rng_uniform` (lax): the stateful uniform sampler (NumPy's generator; not reproducible,
  as in JAX).

The NumPy helpers of prng_numpy.py (threefry_words, split_keys, fold_in_keys,
random_bits_words, uniform_words, normal_words, randint_words) compute the same bits on raw
buffers, a chunk at a time: the impls here and wax/random's eager paths (concrete keys, no
transformation) use them; traced code binds the primitives.
"""
from __future__ import annotations

import enum
import math

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from .batch_util import ELEMENTWISE_BATCH, bdim_at_front, moveaxis, not_mapped, shape_of
from .families import defjvp, elementwise_shape, standard
# (the raw-buffer helpers stay importable from here, as wax/random and tests use them)
from .prng_numpy import (_normal_scalar, _uniform_scalar, counts_2x32,  # noqa: F401
                         fold_in_keys, fused_multiply_add_numpy, normal_words,
                         random_bits_words, randint_words, split_keys, threefry_words,
                         uniform_bit_width, uniform_from_bits, uniform_words)

_U32 = np.dtype(np.uint32)
_U64 = np.dtype(np.uint64)


# -- threefry2x32 -------------------------------------------------------------------------

def _threefry_impl(xp, k1, k2, x1, x2):
    with np.errstate(over="ignore"):
        return list(threefry_words(xp, k1, k2, x1, x2))


def _threefry_abstract_eval(*avals):
    if any(a.dtype != _U32 for a in avals):
        raise TypeError("Arguments to threefry2x32 must have uint32 type, got "
                        f"{', '.join(a.str_short() for a in avals)}")
    shape = elementwise_shape("threefry2x32", avals)
    out = ShapedArray(shape, _U32, False)
    return [out, out]


# No jvp rule: every operand and result is an integer, so tangents are float0 zeros.
threefry2x32_p = standard("threefry2x32", _threefry_impl, _threefry_abstract_eval,
                          batch=ELEMENTWISE_BATCH, multiple_results=True)


def threefry2x32(key1, key2, count1, count2):
    """The two uint32 words of Threefry-2x32 of (count1, count2) under (key1, key2)."""
    return threefry2x32_p.bind(key1, key2, count1, count2)


# -- random_gamma -------------------------------------------------------------------------

def _gamma_samples(keys, alpha, log_space: bool):
    """Marsaglia-Tsang for each (key, alpha) pair, drawing exactly what jax.random's
    per-element sampler draws: the same splits, normals and uniforms in the same order,
    so the values agree with JAX's up to the rounding of log/erf_inv."""
    dtype = alpha.dtype
    c = lambda v: dtype.type(v)  # noqa: E731
    one, zero = c(1), c(0)
    boost = alpha >= one
    alpha_b = np.where(boost, alpha, alpha + one)
    d = alpha_b - c(1.0 / 3.0)
    scale = c(1.0 / 3.0) / np.sqrt(d)
    pair = split_keys(keys, 2)
    keys, final_key = pair[..., 0, :], pair[..., 1, :]
    X = np.zeros_like(alpha)
    V = np.ones_like(alpha)
    U = np.full_like(alpha, c(2))

    def rejected(X, V, U, d):
        first = U >= one - c(0.0331) * (X * X)
        second = np.log(U) >= X * c(0.5) + d * ((one - V) + np.log(V))
        return first & second

    active = np.flatnonzero(rejected(X, V, U, d))
    while active.size:
        three = split_keys(keys[active], 3)
        keys[active] = three[:, 0]
        x_keys, u_keys = three[:, 1].copy(), three[:, 2]
        x = np.zeros(active.size, dtype)
        v = np.full(active.size, c(-1))
        todo = np.flatnonzero(v <= zero)
        while todo.size:
            two = split_keys(x_keys[todo], 2)
            x_keys[todo] = two[:, 0]
            x[todo] = _normal_scalar(two[:, 1], dtype)
            v[todo] = one + x[todo] * scale[active][todo]
            todo = todo[v[todo] <= zero]
        X[active] = x * x
        V[active] = v * v * v
        U[active] = _uniform_scalar(u_keys, dtype)
        active = active[rejected(X[active], V[active], U[active], d[active])]
    if log_space:
        u = _uniform_scalar(final_key, dtype)
        log_samples = np.log1p(-u)
        log_boost = np.where(boost | (log_samples == zero), zero, log_samples * (one / alpha))
        return np.asarray(np.log(d) + np.log(V) + log_boost, dtype)
    samples = one - _uniform_scalar(final_key, dtype)
    boost_factor = np.where(boost, one, np.power(samples, one / alpha))
    return np.asarray(d * V * boost_factor, dtype)


def _random_gamma_impl(xp, key_data, a, *, log_space):
    key_rank = key_data.ndim - 1
    per_key = math.prod(a.shape[key_rank:])
    keys = split_keys(key_data.reshape(-1, 2), per_key).reshape(-1, 2)
    alphas = np.asarray(a).reshape(-1)
    with np.errstate(all="ignore"):
        samples = _gamma_samples(keys, alphas, log_space) if alphas.size else alphas
    return samples.reshape(a.shape).astype(a.dtype)


def _random_gamma_abstract_eval(key_aval, a_aval, *, log_space):
    if key_aval.dtype != _U32 or not key_aval.shape or key_aval.shape[-1] != 2:
        raise TypeError("random_gamma takes uint32 key data of shape (..., 2), got "
                        f"{key_aval.str_short()}")
    if not dtypes.is_float(a_aval.dtype):
        raise TypeError(f"random_gamma takes a floating shape parameter, got {a_aval.str_short()}")
    if a_aval.shape[:key_aval.ndim - 1] != key_aval.shape[:-1]:
        raise TypeError("random_gamma: the key shape must prefix the shape parameter's, got "
                        f"{key_aval.str_short()} and {a_aval.str_short()}")
    return ShapedArray(a_aval.shape, a_aval.dtype, False)


def _gamma_grad(t, sample, key, a, *, log_space):
    """t times d sample / d a by implicit reparameterization (as JAX's _gamma_grad)."""
    from . import elementwise as ew
    from .shape import full_like
    from ..transforms.staging import aval_of
    try:
        from .special import random_gamma_grad
    except ImportError as err:
        raise NotImplementedError(
            "the derivative of jax.random.gamma needs lax.random_gamma_grad "
            "(wax/primitives/special.py), which is not available") from err
    if log_space:
        samples = ew.exp(sample)
        tiny = dtypes.finfo(aval_of(samples).dtype).tiny
        samples = ew.select(ew.eq(samples, full_like(samples, 0)), full_like(samples, tiny),
                            samples)
        grad = ew.div(random_gamma_grad(a, samples), samples)
    else:
        grad = random_gamma_grad(a, sample)
    return ew.mul(t, grad)


def _random_gamma_batch(axis, args, dims, *, log_space):
    key, a = args
    key = bdim_at_front(key, dims[0], axis.size)
    a = bdim_at_front(a, dims[1], axis.size)
    return random_gamma_p.bind(key, a, log_space=log_space), 0


random_gamma_p = standard(
    "random_gamma", _random_gamma_impl, _random_gamma_abstract_eval,
    jvp=defjvp(None, lambda t, ans, key, a, *, log_space: _gamma_grad(
        t, ans, key, a, log_space=log_space)),
    batch=_random_gamma_batch)


# -- rng_bit_generator ----------------------------------------------------------------------

class RandomAlgorithm(enum.IntEnum):
    """The algorithm of lax.rng_bit_generator."""

    RNG_DEFAULT = 0
    RNG_THREE_FRY = 1
    RNG_PHILOX = 2

    def __str__(self):
        return self.name


_BIT_DTYPES = tuple(np.dtype(f"uint{n}") for n in (8, 16, 32, 64))


def _state_words(key):
    """A uint32[4] key as two uint64 words (little-endian pairs), or a uint64[2] as is."""
    key = np.asarray(key)
    if key.dtype == _U32:
        return key.astype(_U64)[0::2] | (key.astype(_U64)[1::2] << np.uint64(32))
    return key.astype(_U64)


def _from_state_words(words, like):
    if np.asarray(like).dtype == _U32:
        out = np.empty(4, _U32)
        out[0::2] = words.astype(_U32)
        out[1::2] = (words >> np.uint64(32)).astype(_U32)
        return out
    return words.astype(_U64)


def _split_u64(words):
    return words.astype(_U32), (words >> np.uint64(32)).astype(_U32)


def _threefry_generator(key_word, counter, shape, width):
    """XLA's ThreeFryBitGenerator: (bits of `shape`, number of counters used)."""
    k1, k2 = _split_u64(np.asarray(key_word, _U64))
    if width == 64:
        n = math.prod(shape)
        x1, x2 = _split_u64(counter + np.arange(n, dtype=_U64))
        b1, b2 = threefry_words(np, k1, k2, x1, x2)
        out = b1.astype(_U64) | (b2.astype(_U64) << np.uint64(32))
        return out.reshape(shape), n
    if not shape:
        b1, _ = threefry_words(np, k1, k2, *_split_u64(counter + np.zeros(1, _U64)))
        return b1.reshape(()), 1
    # Split along the first even dimension (else the largest) into two halves that
    # receive the two threefry words, interleaved along that dimension.
    even = [i for i, n in enumerate(shape) if n % 2 == 0]
    axis = even[0] if even else int(np.argmax(shape))
    half = list(shape)
    half[axis] = -(-shape[axis] // 2)
    n = math.prod(half)
    x1, x2 = _split_u64(counter + np.arange(n, dtype=_U64))
    b1, b2 = threefry_words(np, k1, k2, x1, x2)
    pair = np.stack([b1.reshape(half), b2.reshape(half)], axis=axis + 1)
    full = list(shape)
    full[axis] = 2 * half[axis]
    out = pair.reshape(full)
    return out[tuple(slice(0, s) for s in shape)], n


_PHILOX_W = (np.uint32(0x9E3779B9), np.uint32(0xBB67AE85))
_PHILOX_M = (np.uint64(0xD2511F53), np.uint64(0xCD9E8D57))


def _philox_words(state, key):
    """Philox-4x32 with 10 rounds on four uint32 arrays under a (k0, k1) key."""
    x0, x1, x2, x3 = state
    k0, k1 = key
    for _ in range(10):
        p0 = x0.astype(_U64) * _PHILOX_M[0]
        p1 = x2.astype(_U64) * _PHILOX_M[1]
        x0, x1, x2, x3 = ((p1 >> np.uint64(32)).astype(_U32) ^ x1 ^ k0, p1.astype(_U32),
                          (p0 >> np.uint64(32)).astype(_U32) ^ x3 ^ k1, p0.astype(_U32))
        k0, k1 = k0 + _PHILOX_W[0], k1 + _PHILOX_W[1]
    return x0, x1, x2, x3


def _philox_generator(key_word, counter_lo, counter_hi, shape, width):
    """XLA's PhiloxBitGenerator on a 128-bit counter: (bits, number of counters used)."""
    n_elems = math.prod(shape)
    per_call = 2 if width == 64 else 4  # values per 128-bit Philox output
    n = -(-n_elems // per_call)
    lo = counter_lo + np.arange(n, dtype=_U64)
    hi = np.where(lo < counter_lo, counter_hi + np.uint64(1), counter_hi).astype(_U64)
    state = (*_split_u64(lo), *_split_u64(hi))
    key = _split_u64(np.asarray(key_word, _U64))
    b = _philox_words(state, key)
    if width == 64:
        words = [b[0].astype(_U64) | (b[1].astype(_U64) << np.uint64(32)),
                 b[2].astype(_U64) | (b[3].astype(_U64) << np.uint64(32))]
    else:
        words = list(b)
    out = np.stack(words, axis=1).reshape(-1)[:n_elems]
    return out.reshape(shape), n


def _rng_bit_generator_impl(xp, key, *, shape, dtype, algorithm, out_sharding=None):
    words = _state_words(key)
    width = 64 if dtype.itemsize == 8 else 32
    with np.errstate(over="ignore"):
        if algorithm == RandomAlgorithm.RNG_THREE_FRY:
            bits, used = _threefry_generator(words[0], words[1], shape, width)
        else:
            # RNG_DEFAULT is PHILOX on XLA's CPU. A two-word state holds the key and the
            # low word of the 128-bit counter, whose high word is the key again (XLA
            # reverses the state); only the low word comes back.
            bits, used = _philox_generator(words[0], words[1], words[0], shape, width)
        new = words.copy()
        new[1] = words[1] + np.uint64(used)
    return [_from_state_words(new, key), bits.astype(dtype)]


def _rng_bit_generator_abstract_eval(key, *, shape, dtype, algorithm, out_sharding=None):
    if not ((key.shape == (4,) and key.dtype == _U32) or
            (key.shape == (2,) and key.dtype == _U64)):
        raise TypeError("rng_bit_generator: the key must be uint32[4] or uint64[2], got "
                        f"{key.str_short()}")
    return [ShapedArray(key.shape, key.dtype, key.weak_type), ShapedArray(shape, dtype, False)]


def _rng_bit_generator_batch(axis, args, dims, *, shape, dtype, algorithm, out_sharding=None):
    # As JAX: the first member's key draws the whole batch of bits and only that member's
    # key advances (the others come back unchanged).
    from .indexing import dynamic_update_slice
    from .indexing import slice as lax_slice
    from .shape import reshape
    (keys,), (dim,) = args, dims
    params = dict(dtype=dtype, algorithm=algorithm, out_sharding=out_sharding)
    if dim is not_mapped:
        return rng_bit_generator_p.bind(keys, shape=shape, **params), [not_mapped] * 2
    keys = moveaxis(keys, dim, 0)
    size, width = shape_of(keys)
    first = reshape(lax_slice(keys, (0, 0), (1, width)), (width,))
    new_key, bits = rng_bit_generator_p.bind(first, shape=(size, *shape), **params)
    keys = dynamic_update_slice(keys, reshape(new_key, (1, width)), (0, 0))
    return [keys, bits], [0, 0]


rng_bit_generator_p = standard("rng_bit_generator", _rng_bit_generator_impl,
                               _rng_bit_generator_abstract_eval,
                               batch=_rng_bit_generator_batch, multiple_results=True)


def rng_bit_generator(key, shape, dtype=np.uint32, algorithm=RandomAlgorithm.RNG_DEFAULT,
                      *, out_sharding=None):
    """(new state, random bits of `shape`): XLA's stateless RngBitGenerator on a uint32[4]
    (or uint64[2]) state, THREE_FRY or PHILOX (RNG_DEFAULT, as on XLA's CPU)."""
    from .shape import canonicalize_shape
    shape = canonicalize_shape(shape, "rng_bit_generator")
    dtype = dtypes.check_user_dtype(dtype, "rng_bit_generator")
    if dtype not in _BIT_DTYPES:
        raise TypeError(f"rng_bit_generator: unsupported dtype {dtype}")
    algorithm = RandomAlgorithm(algorithm)
    return tuple(rng_bit_generator_p.bind(key, shape=shape, dtype=dtype, algorithm=algorithm,
                                          out_sharding=out_sharding))


# -- rng_uniform ----------------------------------------------------------------------------

_STATEFUL_GENERATOR: list = []  # created on first use, then shared (stateful, as XLA's)


def _rng_uniform_impl(xp, a, b, *, shape):
    if not _STATEFUL_GENERATOR:
        _STATEFUL_GENERATOR.append(np.random.default_rng())
    rng = _STATEFUL_GENERATOR[0]
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "iu":
        if b <= a:
            return np.full(shape, a, a.dtype)
        return rng.integers(a, b, size=shape, dtype=a.dtype)
    return np.asarray(rng.random(size=shape) * (b - a) + a, a.dtype)


def _rng_uniform_abstract_eval(a, b, *, shape):
    if a.dtype != b.dtype:
        raise ValueError("Arguments to rng_uniform must have identical dtypes, got "
                         f"{a.dtype} and {b.dtype}.")
    if a.shape != () or b.shape != ():
        raise ValueError("Arguments to rng_uniform must be scalars; got shapes "
                         f"{a.shape} and {b.shape}.")
    return ShapedArray(tuple(shape), a.dtype, a.weak_type and b.weak_type)


# Stateful: no jvp and no batch rule, as in JAX.
rng_uniform_p = standard("rng_uniform", _rng_uniform_impl, _rng_uniform_abstract_eval)


def rng_uniform(a, b, shape):
    """Uniform values in [a, b) from a stateful generator (not reproducible; prefer
    wax.random)."""
    from .families import lax_operands
    a, b = lax_operands(a, b)
    return rng_uniform_p.bind(a, b, shape=tuple(shape))


__all__ = ["RandomAlgorithm", "rng_bit_generator", "rng_bit_generator_p", "rng_uniform",
           "rng_uniform_p"]
