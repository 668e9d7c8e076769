"""The core samplers: bits, uniform, randint, normal, bernoulli, gumbel, categorical,
permutation and choice. Each is JAX's algorithm step for step (so the same key gives the
same bits), staged once per shape and dtype with jit as JAX does."""
from __future__ import annotations

import math
import operator
from collections.abc import Sequence

import numpy as np

from ..core import dtypes
from ..core.avals import canonicalize_axis
from ..primitives import elementwise as ew
from ..primitives import shape as sh
from ..core.array import ArrayImpl
from ..primitives import prng
from ..primitives.prng import uniform_bit_width
from ..transforms.jit import jit
from . import _bits
from ._common import jnp_module as _jnp
from ._common import (canonical_shape, check_arraylike, check_shape, float_dtype,
                      shape_of)
from ._keys import check_key



def _lax():
    import wax.lax as lax
    return lax


def _const(dtype, value):
    return sh.full((), value, dtype)


# -- bits -----------------------------------------------------------------------------------------

def bits(key, shape=(), dtype=None, *, out_sharding=None):
    """Uniform random bits as unsigned integers (uint32, or uint64 with x64, by default)."""
    data, _, _ = check_key("bits", key)
    dtype = dtypes.default_uint_dtype() if dtype is None else dtypes.check_user_dtype(dtype)
    if dtype.kind != "u":
        raise ValueError("dtype argument to `bits` must be an unsigned int dtype, got "
                         f"{dtype}")
    shape = canonical_shape(shape)
    if _bits.eager_buffer(data) is not None:
        return _bits.random_bits(data, dtype.itemsize * 8, shape)
    return _bits_jit(data, dtype.itemsize * 8, shape)


_bits_jit = jit(_bits.random_bits, static_argnums=(1, 2))


# -- uniform and normal ---------------------------------------------------------------------------

def uniform(key, shape=(), dtype=None, minval=0., maxval=1., *, out_sharding=None):
    """Uniform values in [minval, maxval) of a float dtype."""
    data, _, _ = check_key("uniform", key)
    dtype = float_dtype("uniform", dtype)
    shape = canonical_shape(shape)
    buf = _bits.eager_buffer(data)
    if buf is not None and _scalar_bound(minval) and _scalar_bound(maxval):
        return ArrayImpl(_uniform_numpy(buf, shape, dtype, minval, maxval))
    if (type(minval) in (int, float) and type(maxval) in (int, float)
            and _exact_scale(minval, maxval, dtype)):
        # Bounds a power of two apart (0 and 1 above all) are staged as constants: the
        # scaling is then exact and needs no emulated fused multiply-add.
        return _uniform_static_jit(data, minval, maxval, shape, dtype)
    return _uniform_jit(data, minval, maxval, shape, dtype)


def _scalar_bound(x) -> bool:
    return type(x) in (int, float) or (isinstance(x, (np.ndarray, np.generic, ArrayImpl))
                                        and np.ndim(x) == 0)


def _uniform_numpy(buf, shape, dtype, minval, maxval):
    """uniform on NumPy buffers (the eager path): the same steps as _uniform."""
    with np.errstate(all="ignore"):
        return prng.uniform_words(buf, shape, dtype, np.asarray(minval).astype(dtype),
                                  np.asarray(maxval).astype(dtype))


def _uniform(key, minval, maxval, shape, dtype):
    """JAX's uniform: random mantissa bits under the exponent of 1.0, minus 1, scaled."""
    exact = _exact_scale(minval, maxval, dtype)
    minval = sh.broadcast_to_rank(ew.convert_element_type(minval, dtype), len(shape))
    maxval = sh.broadcast_to_rank(ew.convert_element_type(maxval, dtype), len(shape))
    info = dtypes.finfo(dtype)
    nbits, rng_bits = info.bits, uniform_bit_width(dtype)
    uint = _bits.UINT_DTYPES[nbits]
    random = _bits.random_bits(key, rng_bits, shape)
    if rng_bits != nbits:
        random = ew.convert_element_type(random, uint)
    float_bits = ew.shift_right_logical(random, _const(uint, rng_bits - info.nmant))
    one_bits = np.array(1.0, dtype).view(uint)
    float_bits = ew.bitwise_or(float_bits, _const(uint, one_bits))
    floats = ew.sub(ew.bitcast_convert_type(float_bits, dtype), _const(dtype, 1.0))
    span = ew.sub(maxval, minval)
    if exact:
        scaled = ew.add(ew.mul(floats, span), minval)
    else:
        scaled = fused_multiply_add(floats, span, minval)
    return ew.max(minval, sh.reshape(scaled, shape))


def _exact_scale(minval, maxval, dtype) -> bool:
    """True when the bounds are known and their difference is a power of two (or zero),
    so floats * span is exact and a separate multiply and add round as a fused one."""
    from ..core.interpreters import Tracer
    if isinstance(minval, Tracer) or isinstance(maxval, Tracer):
        return False
    with np.errstate(all="ignore"):
        span = np.asarray(maxval).astype(dtype) - np.asarray(minval).astype(dtype)
    mantissa, _ = np.frexp(np.abs(span.astype(np.float64)))
    return bool(np.all((mantissa == 0.5) | (mantissa == 0)))


def fused_multiply_add(a, b, c):
    """a * b + c rounded once, as XLA's CPU code computes it (LLVM contracts the multiply
    and add into an FMA), so uniform(minval, maxval) matches JAX bit for bit.

    float16/bfloat16 go through float32, where their product is exact (as XLA computes
    them). float32/float64: Dekker's exact product (b pre-scaled by a power of two when
    huge, so the split cannot overflow) and Knuth's two-sum give the rounding error of
    a * b + c, added under stop_gradient so the derivatives are those of a * b + c."""
    dtype = a.aval.dtype if hasattr(a, "aval") else np.dtype(a.dtype)
    if dtype.itemsize < 4:
        f32 = np.dtype(np.float32)
        wide = [ew.convert_element_type(x, f32) for x in (a, b, c)]
        return ew.convert_element_type(ew.add(ew.mul(wide[0], wide[1]), wide[2]), dtype)
    info = dtypes.finfo(dtype)
    half = (info.nmant + 2) // 2
    product = ew.mul(a, b)
    plain = ew.add(product, c)
    big = ew.gt(ew.abs(b), _const(dtype, 2.0 ** (info.maxexp - half - 4)))
    scale = ew.select(big, sh.full_like(b, 2.0 ** -(half + 2)), sh.full_like(b, 1.0))
    b_scaled = ew.mul(b, scale)
    split = _const(dtype, 2.0 ** half + 1)

    def halves(x):
        scaled = ew.mul(split, x)
        high = ew.sub(scaled, ew.sub(scaled, x))
        return high, ew.sub(x, high)

    a_hi, a_lo = halves(a)
    b_hi, b_lo = halves(b_scaled)
    product_scaled = ew.mul(a, b_scaled)
    err = ew.sub(ew.mul(a_hi, b_hi), product_scaled)
    err = ew.add(ew.add(ew.add(err, ew.mul(a_hi, b_lo)), ew.mul(a_lo, b_hi)),
                 ew.mul(a_lo, b_lo))
    product_err = ew.div(err, scale)
    back = ew.sub(plain, product)
    sum_err = ew.add(ew.sub(product, ew.sub(plain, back)), ew.sub(c, back))
    fused = ew.add(plain, ew.add(sum_err, product_err))
    correction = ew.sub(fused, plain)
    correction = ew.select(ew.is_finite(correction), correction, sh.full_like(correction, 0))
    from ..primitives.elementwise import stop_gradient
    return ew.add(plain, stop_gradient(correction))


_uniform_jit = jit(_uniform, static_argnums=(3, 4))
_uniform_static_jit = jit(_uniform, static_argnums=(1, 2, 3, 4))


def normal(key, shape=(), dtype=None, *, out_sharding=None):
    """Standard normal values of a float (or complex: variance 1 split over both parts)."""
    data, _, _ = check_key("normal", key)
    dtype = float_dtype("normal", dtype, inexact=True)
    shape = canonical_shape(shape)
    buf = _bits.eager_buffer(data)
    if buf is not None and not dtypes.is_complex(dtype):
        return ArrayImpl(prng.normal_words(buf, shape, dtype))
    return _normal_jit(data, shape, dtype)


def _normal_real(key, shape, dtype):
    lo = np.nextafter(np.array(-1., dtype), np.array(0., dtype))
    u = _uniform(key, lo, np.array(1., dtype), shape, dtype)
    return ew.mul(_const(dtype, np.sqrt(2)), ew.erf_inv(u))


def _normal(key, shape, dtype):
    if not dtypes.is_complex(dtype):
        return _normal_real(key, shape, dtype)
    real_dtype = np.dtype(np.float32 if dtype == np.complex64 else np.float64)
    keys = _bits.split_data(key, (2,))
    re = _normal_real(keys[0], shape, real_dtype)
    im = _normal_real(keys[1], shape, real_dtype)
    return ew.div(ew.complex(re, im), _const(dtype, np.sqrt(2)))


_normal_jit = jit(_normal, static_argnums=(1, 2))


# -- randint --------------------------------------------------------------------------------------

def randint(key, shape, minval, maxval, dtype=None, *, out_sharding=None):
    """Uniform integers in [minval, maxval) (8- and 16-bit types are drawn at 32 bits)."""
    data, _, _ = check_key("randint", key)
    dtype = dtypes.check_user_dtype(int if dtype is None else dtype)
    if not dtypes.is_integer(dtype):
        raise TypeError(f"randint only accepts integer dtypes, got {dtype}")
    shape = canonical_shape(shape)
    info = dtypes.iinfo(dtype)
    sampling = dtype
    if info.bits < 32:
        jnp = _jnp()
        sampling = np.dtype(np.int32)
        minval = jnp.clip(jnp.asarray(minval).astype("int32"), int(info.min), int(info.max))
        maxval = jnp.clip(jnp.asarray(maxval).astype("int32"), int(info.min),
                          int(info.max) + 1)
    check_arraylike("randint", minval, maxval)
    check_shape("randint", shape, shape_of(minval), shape_of(maxval))
    buf = _bits.eager_buffer(data)
    if (buf is not None and math.prod(shape) >= _EAGER_RANDINT and _scalar_bound(minval)
            and _scalar_bound(maxval)):
        out = ArrayImpl(_randint_numpy(buf, minval, maxval, shape, sampling))
    else:
        out = _randint_jit(data, minval, maxval, shape, sampling)
    return out if sampling == dtype else ew.convert_element_type(out, dtype)


# From this many values on, eager randint draws on NumPy buffers a chunk at a time rather
# than through its staged jaxpr: below, the eager scalar steps on its bounds cost more
# than the chunking saves.
_EAGER_RANDINT = 1 << 12


def _convert_and_clip_integer(val, dtype):
    """val converted to `dtype`, clipped to its range rather than wrapped."""
    jnp = _jnp()
    val_dtype = val.dtype
    low = max(int(dtypes.iinfo(dtype).min), int(dtypes.iinfo(val_dtype).min))
    high = min(int(dtypes.iinfo(dtype).max), int(dtypes.iinfo(val_dtype).max))
    return jnp.clip(val, _const(val_dtype, low), _const(val_dtype, high)).astype(dtype)


def _randint_params(minval, maxval, dtype):
    """(minval, span, multiplier) of randint: it draws minval + (hi * 2**nbits + lo) % span
    from random bits hi and lo of dtype's nbits, with multiplier = 2**nbits % span."""
    jnp = _jnp()
    minval, maxval = jnp.asarray(minval), jnp.asarray(maxval)
    if not dtypes.is_integer(minval.dtype):
        minval = minval.astype(int)
    if not dtypes.is_integer(maxval.dtype):
        maxval = maxval.astype(int)
    # maxval past dtype's range (randint(key, shape, 0, 256, uint8)) widens the span by one.
    top = _convert_and_clip_integer(jnp.array(dtypes.iinfo(dtype).max, dtype), maxval.dtype)
    maxval_out_of_range = ew.gt(maxval, top)
    minval = _convert_and_clip_integer(minval, dtype)
    maxval = _convert_and_clip_integer(maxval, dtype)
    nbits = dtypes.iinfo(dtype).bits
    unsigned = _bits.UINT_DTYPES[nbits]
    span = ew.convert_element_type(ew.sub(maxval, minval), unsigned)
    # maxval <= minval gives minval (span 1); a span of the whole range wraps to 0, and
    # x % 0 == x then leaves the bits as they are.
    span = ew.select(ew.le(maxval, minval), sh.full_like(span, 1), span)
    span = ew.select(ew.bitwise_and(maxval_out_of_range, ew.gt(maxval, minval)),
                     ew.add(span, _const(unsigned, 1)), span)
    # (hi * 2**nbits + lo) % span without overflow: hi % span * (2**nbits % span) + lo % span.
    multiplier = ew.rem(_const(unsigned, 2 ** (nbits // 2)), span)
    multiplier = ew.rem(ew.mul(multiplier, multiplier), span)
    return minval, span, multiplier


def _randint(key, minval, maxval, shape, dtype):
    minval, span, multiplier = (sh.broadcast_to_rank(x, len(shape))
                                for x in _randint_params(minval, maxval, dtype))
    nbits = dtypes.iinfo(dtype).bits
    keys = _bits.split_data(key, (2,))
    higher = _bits.random_bits(keys[0], nbits, shape)
    lower = _bits.random_bits(keys[1], nbits, shape)
    offset = ew.add(ew.mul(ew.rem(higher, span), multiplier), ew.rem(lower, span))
    offset = ew.rem(offset, span)
    return ew.add(minval, ew.convert_element_type(offset, dtype))


def _randint_numpy(buf, minval, maxval, shape, dtype):
    """randint on NumPy buffers (the eager path, scalar bounds): the same steps as
    _randint."""
    minval, span, multiplier = (np.asarray(x) for x in _randint_params(minval, maxval, dtype))
    keys = prng.split_keys(buf, 2)
    with np.errstate(over="ignore"):
        return prng.randint_words(keys[0], keys[1], shape, minval, span, multiplier)


_randint_jit = jit(_randint, static_argnums=(3, 4))


# -- bernoulli, gumbel, categorical ---------------------------------------------------------------

def bernoulli(key, p=0.5, shape=None, mode="low", *, out_sharding=None):
    """Booleans that are True with probability p."""
    if shape is not None:
        shape = canonical_shape(shape)
    if mode not in ("high", "low"):
        raise ValueError(f"got mode={mode!r}, expected 'high' or 'low'")
    data, _, _ = check_key("bernoulli", key)
    dtype = dtypes.dtype_and_weak(p)[0]
    if not dtypes.is_float(dtype):
        raise TypeError(f"bernoulli probability `p` must have a floating dtype, got {dtype}.")
    p = ew.convert_element_type(p, dtype)
    if shape is None:
        shape = shape_of(p)
    else:
        check_shape("bernoulli", shape, shape_of(p))
    return _bernoulli_jit(data, p, shape, mode)


def _bernoulli(key, p, shape, mode):
    dtype = dtypes.dtype_and_weak(p)[0]
    if mode == "high":
        both = _uniform(key, 0., 1., (2, *shape), dtype)
        u1, u2 = both[0], both[1]
        u2 = ew.mul(u2, _const(dtype, 2.0 ** -dtypes.finfo(dtype).nmant))
        return _jnp().less(u2, _jnp().subtract(p, u1))
    return _jnp().less(_uniform(key, 0., 1., shape, dtype), p)


_bernoulli_jit = jit(_bernoulli, static_argnums=(2, 3))


def gumbel(key, shape=(), dtype=None, mode=None, *, out_sharding=None):
    """Standard Gumbel values; mode 'high' (or 'highest' for float32) spends more bits on
    the tail."""
    data, _, _ = check_key("gumbel", key)
    dtype = float_dtype("gumbel", dtype)
    shape = canonical_shape(shape)
    mode = "low" if mode is None else mode
    if mode not in ("highest", "high", "low"):
        raise ValueError("Must provide valid mode for gumbel got: %s" % mode)
    return _gumbel_jit(data, shape, dtype, mode)


def _safe_int_to_float(hi, lo):
    """A float32 in (0, 1) from the 64-bit fraction hi:lo (JAX's _safe_int_to_float)."""
    jnp = _jnp()
    u32 = np.dtype(np.uint32)
    info = dtypes.finfo(np.float32)
    hiclz, loclz = ew.clz(hi), ew.clz(lo)
    low_part = jnp.where(ew.eq(hiclz, _const(u32, 32)), ew.shift_left(lo, loclz),
                         ew.shift_right_logical(lo, ew.sub(_const(u32, 32), hiclz)))
    mantissa = ew.bitwise_or(ew.shift_left(hi, hiclz), low_part)
    mantissa = ew.shift_right_logical(mantissa, _const(u32, 32 - info.nmant - 1))
    mantissa = ew.bitwise_and(mantissa, _const(u32, (1 << info.nmant) - 1))
    lead = jnp.where(ew.eq(hiclz, _const(u32, 32)), ew.add(loclz, _const(u32, 32)), hiclz)
    exponent = ew.shift_left(ew.sub(_const(u32, -info.minexp), lead),
                             _const(u32, info.nmant))
    exponent = ew.bitwise_and(exponent, _const(u32, (1 << (32 - 2)) - (1 << (info.nmant - 1))))
    return ew.bitcast_convert_type(ew.bitwise_or(exponent, mantissa), np.dtype(np.float32))


def _gumbel(key, shape, dtype, mode):
    jnp = _jnp()
    info = dtypes.finfo(dtype)
    if dtype == np.float32 and mode == "highest":
        u32 = np.dtype(np.uint32)
        random = _bits.random_bits(key, 32, (2, *shape))
        neg = ew.bitwise_not(random)
        lo_bits = neg[1]
        carry = jnp.stack([ew.convert_element_type(ew.eq(lo_bits, _const(u32, 2 ** 32 - 1)), u32),
                           sh.full_like(lo_bits, 1)])
        neg = ew.add(neg, carry)
        flip = ew.lt(random[0], _const(u32, 2 ** 31))
        chosen = jnp.where(flip, random, neg)
        x = _safe_int_to_float(chosen[0], chosen[1])
        return jnp.where(flip, -jnp.log(-jnp.log1p(-x)), -jnp.log(-jnp.log(x)))
    if mode in ("high", "highest"):
        both = _uniform(key, 0., 1., (2, *shape), dtype)
        high, low = both[0], both[1]
        x = jnp.where(high >= 0.5, high,
                      high + _const(dtype, 2.0 ** -info.nmant) * low + _const(dtype, info.tiny))
        return -jnp.log(-jnp.log1p(-x))
    u = _uniform(key, np.array(info.tiny, dtype), 1., shape, dtype)
    return -jnp.log(-jnp.log(u))


_gumbel_jit = jit(_gumbel, static_argnums=(1, 2, 3))


def categorical(key, logits, axis=-1, shape=None, replace=True, mode=None, *,
                out_sharding=None):
    """Category indices drawn with probabilities softmax(logits) along `axis` (the
    Gumbel-max trick; without replacement, the Gumbel top-k)."""
    data, _, _ = check_key("categorical", key)
    check_arraylike("categorical", logits)
    jnp = _jnp()
    logits = jnp.asarray(logits)
    batch_shape = tuple(np.delete(np.array(logits.shape, dtype=np.int64), axis).tolist())
    if shape is None:
        shape = batch_shape
    else:
        shape = canonical_shape(shape)
        check_shape("categorical", shape, batch_shape)
    return _categorical(data, logits, shape, batch_shape, axis, replace, mode)


def _categorical(key, logits, shape, batch_shape, axis, replace, mode):
    jnp = _jnp()
    lax = _lax()
    ndim = logits.ndim
    prefix = shape[:len(shape) - len(batch_shape)]
    if replace:
        if axis >= 0:
            axis -= ndim
        logits_shape = list(shape[len(shape) - len(batch_shape):])
        logits_shape.insert(axis % ndim, logits.shape[axis])
        noise = _gumbel_for(key, (*prefix, *logits_shape), logits.dtype, mode)
        return jnp.argmax(noise + lax.expand_dims(logits, tuple(range(len(prefix)))),
                          axis=axis)
    logits = logits + _gumbel_for(key, logits.shape, logits.dtype, mode)
    k = math.prod(prefix)
    if k > logits.shape[axis]:
        raise ValueError(f"Number of samples without replacement ({k}) cannot exceed number "
                         f"of categories ({logits.shape[axis]}).")
    _, indices = lax.top_k(jnp.moveaxis(logits, axis, -1), k)
    dimensions = (indices.ndim - 1, *range(indices.ndim - 1))
    return lax.reshape(indices, shape, dimensions)


def _gumbel_for(key, shape, dtype, mode):
    dtype = float_dtype("gumbel", dtype)
    mode = "low" if mode is None else mode
    if mode not in ("highest", "high", "low"):
        raise ValueError("Must provide valid mode for gumbel got: %s" % mode)
    return _gumbel_jit(key, tuple(shape), dtype, mode)


# -- permutation and choice -----------------------------------------------------------------------

def permutation(key, x, axis=0, independent=False, *, out_sharding=None):
    """A shuffled copy of x along `axis` (of arange(x) for an integer x); `independent`
    shuffles each slice along `axis` on its own."""
    data, _, _ = check_key("permutation", key)
    check_arraylike("permutation", x)
    jnp = _jnp()
    ndim = len(shape_of(x))
    axis = canonicalize_axis(axis, ndim or 1)
    if not ndim:
        if not dtypes.is_integer(dtypes.dtype_and_weak(x)[0]):
            raise TypeError("x must be an integer or at least 1-dimensional")
        n = _concrete_int(x, "argument x of jax.random.permutation()")
        return _shuffle_jit(data, jnp.arange(n), axis)
    x = jnp.asarray(x)
    if independent or ndim == 1:
        return _shuffle_jit(data, x, axis)
    order = _shuffle_jit(data, jnp.arange(x.shape[axis]), 0)
    return jnp.take(x, order, axis, unique_indices=True)


def _concrete_int(x, context: str) -> int:
    from ..core.interpreters import Tracer
    if isinstance(x, Tracer):
        value = x.to_concrete_value()
        if value is None:
            from ..core.errors import ConcretizationTypeError
            raise ConcretizationTypeError(x, f"The error occurred in {context}")
        x = value
    return operator.index(np.asarray(x).item())


def _shuffle(key, x, axis):
    """Sort by fresh random 32-bit keys, enough rounds that ties are unlikely (JAX's
    shuffle: 3 * log(size) / log(2**32 - 1) rounds)."""
    lax = _lax()
    size = math.prod(x.shape)
    rounds = int(np.ceil(3 * np.log(max(1, size)) / np.log(np.iinfo(np.uint32).max)))
    for _ in range(rounds):
        keys = _bits.split_data(key, (2,))
        key, subkey = keys[0], keys[1]
        sort_keys = _bits.random_bits(subkey, 32, x.shape)
        _, x = lax.sort_key_val(sort_keys, x, axis)
    return x


_shuffle_jit = jit(_shuffle, static_argnums=(2,))


def choice(key, a, shape=(), replace=True, p=None, axis=0, mode=None):
    """Samples of a (or of arange(a) for an int), with or without replacement, optionally
    with probabilities p along `axis`."""
    data, _, _ = check_key("choice", key)
    if not isinstance(shape, Sequence):
        raise TypeError(f"shape argument of jax.random.choice must be a sequence, got {shape}")
    check_arraylike("choice", a)
    jnp = _jnp()
    lax = _lax()
    arr = jnp.asarray(a)
    if arr.ndim == 0:
        n_inputs = _concrete_int(a, "jax.random.choice()")
    else:
        axis = canonicalize_axis(axis, arr.ndim)
        n_inputs = arr.shape[axis]
    shape = tuple(shape)
    n_draws = math.prod(shape)
    if n_draws == 0:
        return jnp.zeros(shape, dtype=arr.dtype)
    if n_inputs <= 0:
        raise ValueError("a must be greater than 0 unless no samples are taken")
    if not replace and n_draws > n_inputs:
        raise ValueError(f"Cannot take a larger sample (size {n_draws}) than population "
                         f"(size {n_inputs}) when 'replace=False'")
    if p is None:
        if replace:
            ind = randint(data, shape, 0, n_inputs)
            result = ind if arr.ndim == 0 else jnp.take(arr, ind, axis)
        else:
            slices = (slice(None),) * axis + (slice(n_draws),)
            result = permutation(data, n_inputs if arr.ndim == 0 else arr, axis)[slices]
    else:
        check_arraylike("choice", p)
        p_arr = jnp.asarray(p)
        if not dtypes.is_inexact(p_arr.dtype):
            p_arr = p_arr.astype(dtypes.to_inexact_dtype(p_arr.dtype))
        if p_arr.shape != (n_inputs,):
            raise ValueError("p must be None or a 1D vector with the same size as "
                             f"a.shape[axis]. p has shape {p_arr.shape} and a.shape[axis] is "
                             f"{n_inputs}.")
        if replace:
            p_cuml = jnp.cumsum(p_arr)
            r = p_cuml[-1] * (1 - uniform(data, shape, dtype=p_cuml.dtype))
            # searchsorted(p_cuml, r) (side 'left'): how many cumulative sums are below r.
            ind = jnp.sum(p_cuml < r[..., None], axis=-1).astype(int)
        else:
            g = gumbel(data, (n_inputs,), dtype=p_arr.dtype, mode=mode) + jnp.log(p_arr)
            ind = lax.top_k(g, n_draws)[1].astype(int)
        result = ind if arr.ndim == 0 else jnp.take(arr, ind, axis)
    return result.reshape(shape if arr.ndim == 0 else
                          arr.shape[0:axis] + tuple(shape) + arr.shape[axis + 1:])
