"""Threefry-2x32 and jax.random's samplers on NumPy buffers, a chunk at a time.

The eager paths of wax.random (concrete keys, no transformation active), random_gamma's
impl, rng_bit_generator and threefry2x32's impl run here. 20 rounds of Threefry are a
hundred passes of uint32 ufuncs: each runs in place on chunks of _CHUNK elements, whose
words stay in L2 through all the rounds, and the samplers turn each chunk's words into
their values (bits, uniform, normal, randint) while it is still in cache. Everything
computes the same bits as the whole-array definitions (and JAX): elementwise maps give the
same result element by element whatever the chunking.
"""
from __future__ import annotations

import math

import numpy as np

from ..core import dtypes

_U32 = np.dtype(np.uint32)
_U64 = np.dtype(np.uint64)
_ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))
_PARITY = np.uint32(0x1BD11BDA)


# -- the rounds -----------------------------------------------------------------------------

_MASK = 0xFFFFFFFF
# Below this many elements, Python integer arithmetic beats a hundred NumPy calls.
_SMALL = 16
# Elements per chunk of the NumPy rounds: the two words and a spare of 16K uint32 each
# (192 KB) stay in L2 through all 20 rounds, where passes over whole arrays would stream
# every round through memory. A power of two, so that a chunk of counters never straddles
# a multiple of 2**32 (its high word is then one constant).
_CHUNK = 1 << 14
# Shift counts as 0-d uint32 arrays: a NumPy ufunc takes those fastest.
_SHIFTS = tuple(tuple((np.array(r, _U32), np.array(32 - r, _U32)) for r in rotations)
                for rotations in _ROTATIONS)


def _threefry_int(k1: int, k2: int, x1: int, x2: int):
    """Threefry-2x32 of one counter pair, on Python ints."""
    ks = (k1, k2, k1 ^ k2 ^ 0x1BD11BDA)
    a, b = (x1 + k1) & _MASK, (x2 + k2) & _MASK
    for block in range(5):
        for r in _ROTATIONS[block % 2]:
            a = (a + b) & _MASK
            b = (((b << r) & _MASK) | (b >> (32 - r))) ^ a
        a = (a + ks[(block + 1) % 3]) & _MASK
        b = (b + ks[(block + 2) % 3] + block + 1) & _MASK
    return a, b


def _u32(value: int):
    """A Python int modulo 2**32 as a 0-d uint32 array."""
    return np.array(value & _MASK, _U32)


def _threefry_chunks(n: int, k1, k2, x1=None, x2=None, *, out=None, finish=None):
    """Threefry-2x32 (20 rounds) of n flat elements, _CHUNK at a time, in place.

    k1, k2, x1, x2 are each a 0-d uint32 array (one value for every element) or a flat
    (n,) uint32 array; x1 = x2 = None hashes the element index, as JAX's 64-bit counters
    (high word, low word). The two words of a chunk land in out[0][start:stop] and
    out[1][start:stop] when `out` (two flat (n,) arrays) is given, else in scratch buffers
    handed to finish(start, stop, a, b), which the next chunk overwrites."""
    size = min(n, _CHUNK)
    spare = np.empty(size, _U32)
    if out is None:
        buf_a, buf_b = np.empty(size, _U32), np.empty(size, _U32)
    scalar_keys = k1.ndim == 0 and k2.ndim == 0
    if scalar_keys:  # the key schedule, with each block's step folded into b's injection
        ks = (int(k1), int(k2), int(k1) ^ int(k2) ^ int(_PARITY))
        inject = [(_u32(ks[(i + 1) % 3]), _u32(ks[(i + 2) % 3] + i + 1)) for i in range(5)]
    else:
        k3_buf = np.empty(size, _U32)
        steps = [_u32(i + 1) for i in range(5)]
    if x1 is None:
        base = np.arange(size, dtype=_U32)
    part = lambda v, start, stop: v if v.ndim == 0 else v[start:stop]  # noqa: E731
    add, shl, shr, bor, bxor = (np.add, np.left_shift, np.right_shift, np.bitwise_or,
                                np.bitwise_xor)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        m = stop - start
        if out is None:
            a, b = buf_a[:m], buf_b[:m]
        else:
            a, b = out[0][start:stop], out[1][start:stop]
        s = spare[:m]
        c1, c2 = part(k1, start, stop), part(k2, start, stop)
        # b = x2 + k2, then a = x1 + k1 (both constants: a single pass a = b + (x1 + k1)
        # that is also the first round's a += b).
        if x1 is None:
            high = _u32(start >> 32)
            if c2.ndim == 0:
                add(base[:m], _u32(start + int(c2)), b)
            else:
                add(base[:m], _u32(start), b)
                add(b, c2, b)
            d1 = high
        else:
            d1 = part(x1, start, stop)
            add(part(x2, start, stop), c2, b)
        fused_first = d1.ndim == 0 and c1.ndim == 0
        if fused_first:
            add(b, _u32(int(d1) + int(c1)), a)
        else:
            add(d1, c1, a)
        if not scalar_keys:
            k3 = k3_buf[:m]
            bxor(c1, c2, k3)
            bxor(k3, _PARITY, k3)
            keys = (c1, c2, k3)
        for block in range(5):
            for j, (left, right) in enumerate(_SHIFTS[block % 2]):
                if block or j or not fused_first:
                    add(a, b, a)
                # b = rotate_left(b, r) ^ a
                shl(b, left, s)
                shr(b, right, b)
                bor(b, s, b)
                bxor(b, a, b)
            if scalar_keys:
                add(a, inject[block][0], a)
                add(b, inject[block][1], b)
            else:
                add(a, keys[(block + 1) % 3], a)
                add(b, keys[(block + 2) % 3], b)
                add(b, steps[block], b)
        if finish is not None:
            finish(start, stop, a, b)


def _flat_operand(word, shape):
    """A uint32 operand broadcast to `shape`, for _threefry_chunks: 0-d when it holds one
    value (a size-1 array or a broadcast constant), else flat and contiguous. Broadcast
    axes are filled by np.repeat (a ufunc or copy through a broadcast view of short rows,
    as a vmapped key's (batch, 1) against (1, 2) counters, steps element by element)."""
    if word.size == 1:
        return word.reshape(())
    if not any(word.strides):
        return np.array(word[(0,) * word.ndim], _U32)
    word = word.reshape((1,) * (len(shape) - word.ndim) + word.shape)
    word = word[tuple(slice(0, 1) if stride == 0 else slice(None) for stride in word.strides)]
    for axis, (have, want) in enumerate(zip(word.shape, shape)):
        if have != want:
            word = np.repeat(word, want, axis=axis)
    return word.reshape(-1)


def threefry_words(xp, k1, k2, x1, x2):
    """Threefry-2x32 (20 rounds) of counts (x1, x2) under key (k1, k2): uint32 arrays that
    broadcast together; uint32 arithmetic wraps."""
    k1, k2, x1, x2 = (xp.asarray(a, _U32) for a in (k1, k2, x1, x2))
    shape = np.broadcast_shapes(k1.shape, k2.shape, x1.shape, x2.shape)
    size = math.prod(shape)
    if xp is np and size <= _SMALL:
        words = [w.ravel().tolist() if w.shape == shape else
                 [int(w.reshape(-1)[0])] * size if w.size == 1 else
                 np.broadcast_to(w, shape).ravel().tolist() for w in (k1, k2, x1, x2)]
        pairs = [_threefry_int(*args) for args in zip(*words)]
        out1 = np.array([p[0] for p in pairs], _U32).reshape(shape)
        return out1, np.array([p[1] for p in pairs], _U32).reshape(shape)
    if xp is np:
        out = (np.empty(size, _U32), np.empty(size, _U32))
        _threefry_chunks(size, *(_flat_operand(w, shape) for w in (k1, k2, x1, x2)), out=out)
        return out[0].reshape(shape), out[1].reshape(shape)
    ks = (k1, k2, k1 ^ k2 ^ _PARITY)
    a = xp.broadcast_to(xp.add(x1, k1, dtype=_U32), shape).copy()
    b = xp.broadcast_to(xp.add(x2, k2, dtype=_U32), shape).copy()
    spare = xp.empty(shape, _U32)
    for block in range(5):
        for r in _ROTATIONS[block % 2]:
            a += b
            xp.left_shift(b, r, out=spare)
            b >>= 32 - r
            b |= spare
            b ^= a
        a += ks[(block + 1) % 3]
        b += ks[(block + 2) % 3]
        b += block + 1
    return a, b


# -- NumPy helpers on raw key buffers (random_gamma's impl, eager key operations) ---------

def counts_2x32(shape):
    """The (high, low) uint32 words of the 64-bit counters 0..size-1 shaped `shape` (JAX's
    iota_2x32_shape)."""
    index = np.arange(math.prod(shape), dtype=np.uint64).reshape(shape)
    return (index >> np.uint64(32)).astype(_U32), index.astype(_U32)


def _hash(keys, shape):
    """The two threefry words for counters 0..size-1 under each key of `keys` (..., 2):
    arrays of shape (..., *shape)."""
    hi, lo = counts_2x32(shape)
    lead = (slice(None),) * (keys.ndim - 1) + (None,) * len(shape)
    with np.errstate(over="ignore"):
        return threefry_words(np, keys[..., 0][lead], keys[..., 1][lead], hi, lo)


def _per_key(keys, shape) -> bool:
    """Whether to hash each key's counters in its own chunked run (one key, or many
    counters per key) rather than all (key, counter) pairs broadcast together."""
    n = math.prod(shape)
    return n > _SMALL and (keys.size == 2 or n >= _CHUNK // 2)


def _each_key(keys, shape, out, finish):
    """For each key of `keys` (..., 2) and the counters 0..size-1 of `shape`, run the
    chunked rounds; finish(out_row, start, stop, a, b) stores a chunk of the words into
    that key's flat row of `out` (keys.size // 2 rows)."""
    rows = out.reshape(keys.size // 2, -1) if out.size else out
    n = math.prod(shape)
    for row, (k1, k2) in zip(rows, keys.reshape(-1, 2)):
        _threefry_chunks(n, np.array(k1, _U32), np.array(k2, _U32),
                         finish=lambda start, stop, a, b, row=row: finish(row, start, stop,
                                                                         a, b))
    return out


def split_keys(keys, num):
    """split(key, num) for each key of `keys` (..., 2) -> (..., *num, 2), num an int or a
    shape (the partitionable layout)."""
    shape = (num,) if isinstance(num, int) else tuple(num)
    if _per_key(keys, shape):
        def store(row, start, stop, a, b):
            pairs = row.reshape(-1, 2)
            pairs[start:stop, 0] = a
            pairs[start:stop, 1] = b
        return _each_key(keys, shape, np.empty((*keys.shape[:-1], *shape, 2), _U32), store)
    b1, b2 = _hash(keys, shape)
    return np.stack([b1, b2], axis=-1)


def fold_in_keys(keys, data):
    """fold_in(key, data) for each key of `keys` (..., 2) and uint32 data."""
    with np.errstate(over="ignore"):
        b1, b2 = threefry_words(np, keys[..., 0], keys[..., 1], np.zeros((), _U32),
                                np.asarray(data, _U32))
    return np.stack([b1, b2], axis=-1)


def _bits_of_words(a, b, bit_width: int, out=None):
    """Random bits from the two hash words (their xor; their concatenation for 64 bits),
    into `out` when given; a is overwritten."""
    if bit_width == 64:
        if out is None:
            out = np.empty(a.shape, _U64)
        out[...] = a
        np.left_shift(out, np.uint64(32), out)
        return np.bitwise_or(out, b, out)
    bits = np.bitwise_xor(a, b, a)
    if out is None:
        return bits if bit_width == 32 else bits.astype(np.dtype(f"uint{bit_width}"))
    out[...] = bits  # (8 and 16 bits keep the low bits, as astype does)
    return out


def random_bits_words(keys, bit_width: int, shape=()):
    """random_bits(key, bit_width, shape) for each key of `keys` (..., 2)."""
    shape = tuple(shape)
    if _per_key(keys, shape):
        def store(row, start, stop, a, b):
            _bits_of_words(a, b, bit_width, row[start:stop])
        out = np.empty((*keys.shape[:-1], *shape), np.dtype(f"uint{bit_width}"))
        return _each_key(keys, shape, out, store)
    return _bits_of_words(*_hash(keys, shape), bit_width)


def uniform_bit_width(dtype) -> int:
    """How many random bits jax.random.uniform draws per `dtype` value (8 when the
    mantissa is shorter than 8 bits, as bfloat16's 7)."""
    info = dtypes.finfo(dtype)
    return 8 if info.nmant < 8 else info.bits


def _fma_split(b, dtype):
    """What a * b + c rounded once needs of b (any shape): (split, scale, b * scale and the
    high and low halves of b * scale), scale a power of two that keeps the split of a huge
    b from overflowing."""
    info = dtypes.finfo(dtype)
    half = (info.nmant + 2) // 2
    split = dtype.type(2.0 ** half + 1)
    scale = np.where(np.abs(b) > dtype.type(2.0 ** (info.maxexp - half - 4)),
                     dtype.type(2.0 ** -(half + 2)), dtype.type(1.0))
    b_scaled = b * scale
    scaled = split * b_scaled
    b_hi = scaled - (scaled - b_scaled)
    return split, scale, b_scaled, b_hi, b_scaled - b_hi


def fused_multiply_add_numpy(a, b, c):
    """a * b + c rounded once (XLA's CPU code contracts it to an FMA): through float32 for
    narrower floats, else Dekker's exact product and Knuth's two-sum."""
    dtype = a.dtype
    if dtype.itemsize < 4:
        f32 = np.float32
        return (a.astype(f32) * np.asarray(b, f32) + np.asarray(c, f32)).astype(dtype)
    with np.errstate(all="ignore"):
        split, scale, b_scaled, b_hi, b_lo = _fma_split(b, dtype)
        product = a * b
        plain = product + c
        scaled = split * a
        a_hi = scaled - (scaled - a)
        a_lo = a - a_hi
        err = (((a_hi * b_hi - a * b_scaled) + a_hi * b_lo) + a_lo * b_hi) + a_lo * b_lo
        back = plain - product
        sum_err = (product - (plain - back)) + (c - back)
        correction = (plain + (sum_err + err / scale)) - plain
        return plain + np.where(np.isfinite(correction), correction, dtype.type(0))


def _fma_in_place(a, b, c, parts):
    """fused_multiply_add_numpy(a, b, c) for float32/float64 a and 0-d b and c, with
    parts = _fma_split(b, dtype): the same operations, on a few buffers; a is kept."""
    split, scale, b_scaled, b_hi, b_lo = parts
    mul, add, sub = np.multiply, np.add, np.subtract
    product, plain = mul(a, b), np.empty_like(a)
    add(product, c, plain)
    high, tmp = mul(split, a), np.empty_like(a)
    sub(high, sub(high, a, tmp), high)                   # a's high half
    low = sub(a, high)
    err = mul(high, b_hi)
    sub(err, mul(a, b_scaled, tmp), err)
    add(err, mul(high, b_lo, tmp), err)
    add(err, mul(low, b_hi, tmp), err)
    add(err, mul(low, b_lo, tmp), err)
    back = sub(plain, product, high)
    sub(product, sub(plain, back, tmp), product)
    add(product, sub(c, back, tmp), product)             # the sum's error
    add(product, np.divide(err, scale, err), product)
    correction = sub(add(plain, product, product), plain, product)
    finite = np.isfinite(correction)
    if not finite.all():
        np.copyto(correction, a.dtype.type(0), where=~finite)
    return add(plain, correction, plain)


class _UniformMap:
    """jax.random.uniform's map from random bits to [minval, maxval) in `dtype`: the top
    mantissa bits under the exponent of 1.0, minus 1, scaled, then at least minval. With
    0-d bounds it works in place on the bits it is given (a chunk at a time)."""

    def __init__(self, dtype, minval=0.0, maxval=1.0):
        self.dtype = dtype = np.dtype(dtype)
        info = dtypes.finfo(dtype)
        self.uint = uint = np.dtype(f"uint{info.bits}")
        self.bit_width = uniform_bit_width(dtype)
        self.shift = np.array(self.bit_width - info.nmant, uint)
        self.lo, hi = np.asarray(minval, dtype), np.asarray(maxval, dtype)
        with np.errstate(all="ignore"):
            self.span = span = hi - self.lo
        mantissa, _ = np.frexp(np.abs(span.astype(np.float64)))
        self.exact = bool(np.all((mantissa == 0.5) | (mantissa == 0)))  # floats * span exact
        self.in_place = in_place = self.lo.ndim == 0 and span.ndim == 0
        negative_zero_lo = bool(np.all((self.lo == 0) & np.signbit(self.lo)))
        # A positive normal power-of-two span (1 above all) needs no multiply: the random
        # mantissa under span's exponent, minus span, is floats * span exactly (and adding
        # minval = +0.0 to it changes nothing).
        self.by_exponent = self.exact and in_place and bool(span >= info.tiny) and bool(
            np.isfinite(span))
        self.base = span if self.by_exponent else np.array(1.0, dtype)
        self.base_bits = self.base.view(uint)
        self.add_lo = not (self.by_exponent and self.lo == 0 and not negative_zero_lo)
        # floats * span >= 0 exactly, so (rounding being monotonic) floats * span + minval
        # >= minval and the final max(minval, .) is the identity, but for the tie of -0.0.
        self.clamp = not (self.exact and in_place and bool(span >= 0) and not negative_zero_lo)
        if not self.exact and in_place and dtype.itemsize >= 4:
            with np.errstate(all="ignore"):
                self.fma_parts = _fma_split(span, dtype)

    def __call__(self, bits, out=None):
        """The values of `bits` (uint of bit_width bits; overwritten when of the float's
        width), into `out` when given."""
        words = bits if bits.dtype == self.uint else bits.astype(self.uint)
        np.right_shift(words, self.shift, words)
        np.bitwise_or(words, self.base_bits, words)
        floats = words.view(self.dtype)
        np.subtract(floats, self.base, floats)
        with np.errstate(all="ignore"):
            if self.by_exponent:
                scaled = np.add(floats, self.lo, floats) if self.add_lo else floats
            elif not self.exact and hasattr(self, "fma_parts"):
                scaled = _fma_in_place(floats, self.span, self.lo, self.fma_parts)
            elif not self.exact:
                scaled = fused_multiply_add_numpy(floats, self.span, self.lo)
            elif self.in_place:
                scaled = np.add(np.multiply(floats, self.span, floats), self.lo, floats)
            else:
                scaled = floats * self.span + self.lo
        if self.clamp:
            return np.maximum(self.lo, scaled, out=scaled if out is None else out)
        if out is None:
            return scaled
        np.copyto(out, scaled)
        return out


_UNIFORM_MAPS: dict = {}


def _uniform_map(dtype, minval, maxval) -> _UniformMap:
    """The _UniformMap of scalar bounds, built once per (dtype, minval, maxval)."""
    dtype = np.dtype(dtype)
    lo, hi = np.asarray(minval, dtype), np.asarray(maxval, dtype)
    if lo.ndim or hi.ndim:
        return _UniformMap(dtype, lo, hi)
    key = (dtype, lo.tobytes(), hi.tobytes())
    uniform = _UNIFORM_MAPS.get(key)
    if uniform is None:
        if len(_UNIFORM_MAPS) >= 64:
            _UNIFORM_MAPS.clear()
        uniform = _UNIFORM_MAPS[key] = _UniformMap(dtype, lo, hi)
    return uniform


def uniform_from_bits(bits, dtype, minval=0.0, maxval=1.0):
    """jax.random.uniform's map from random bits to [minval, maxval) in `dtype`."""
    uniform = _uniform_map(dtype, minval, maxval)
    return uniform(bits.copy() if bits.dtype == uniform.uint else bits)


def _sample_words(keys, shape, dtype, bit_width: int, transform):
    """transform(bits, out) over the random bits of `shape` drawn from each key of `keys`
    (..., 2), a chunk at a time: -> (..., *shape) values of `dtype`."""
    shape = tuple(shape)
    out = np.empty((*keys.shape[:-1], *shape), dtype)
    with np.errstate(all="ignore"):
        if not _per_key(keys, shape):
            transform(random_bits_words(keys, bit_width, shape), out)
            return out
        scratch = np.empty(min(math.prod(shape), _CHUNK), _U64) if bit_width == 64 else None

        def store(row, start, stop, a, b):
            wide = None if scratch is None else scratch[:stop - start]
            transform(_bits_of_words(a, b, bit_width, wide), row[start:stop])
        return _each_key(keys, shape, out, store)


def uniform_words(keys, shape, dtype, minval=0.0, maxval=1.0):
    """uniform(key, shape, dtype, minval, maxval) for each key of `keys` (..., 2), with
    scalar bounds."""
    uniform = _uniform_map(dtype, minval, maxval)
    return _sample_words(keys, shape, dtype, uniform.bit_width, uniform)


def normal_words(keys, shape, dtype):
    """normal(key, shape, dtype) for each key of `keys` (..., 2), a real float dtype:
    sqrt(2) erf_inv(u) with u uniform in (-1, 1)."""
    from .elementwise_math import erf_inv_p
    dtype = np.dtype(dtype)
    uniform = _uniform_map(dtype, np.nextafter(np.array(-1.0, dtype), np.array(0.0, dtype)),
                           1.0)
    sqrt2 = np.array(np.sqrt(2), dtype)

    def transform(bits, out):
        np.multiply(sqrt2, erf_inv_p.impl(np, uniform(bits)), out=out)
    return _sample_words(keys, shape, dtype, uniform.bit_width, transform)


def _rem_by(x, divisor, scratch):
    """x % divisor in place, for unsigned x and a 0-d divisor (x when it is 0, as lax.rem):
    x - (x // divisor) * divisor, NumPy dividing by one value far faster than x % divisor."""
    if divisor:
        np.floor_divide(x, divisor, scratch)
        np.multiply(scratch, divisor, scratch)
        np.subtract(x, scratch, x)
    return x


def randint_words(key_high, key_low, shape, minval, span, multiplier):
    """randint's map, minval + (high * 2**nbits + low) % span, with high and low the nbits
    random bits of `shape` drawn from the keys key_high and key_low ((2,) each): span and
    multiplier (2**nbits % span) 0-d unsigned of nbits, minval 0-d of the result's dtype."""
    shape = tuple(shape)
    nbits = span.dtype.itemsize * 8
    high = random_bits_words(key_high, nbits, shape).reshape(-1)
    out = np.empty(shape, minval.dtype)
    flat = out.reshape(-1)

    def combine(high, low, out, scratch):  # (overwrites high and low)
        _rem_by(high, span, scratch)
        np.multiply(high, multiplier, high)
        np.add(high, _rem_by(low, span, scratch), high)
        out[...] = _rem_by(high, span, scratch)  # (wraps into a signed dtype, as astype)
        np.add(out, minval, out)

    if not _per_key(key_low, shape):
        low = random_bits_words(key_low, nbits, shape).reshape(-1)
        combine(high, low, flat, np.empty_like(low))
        return out
    scratch = np.empty(min(flat.size, _CHUNK), span.dtype)
    wide = np.empty(scratch.size, _U64) if nbits == 64 else None

    def store(row, start, stop, a, b):
        low = _bits_of_words(a, b, nbits, None if wide is None else wide[:stop - start])
        combine(high[start:stop], low, row[start:stop], scratch[:stop - start])
    _each_key(key_low, shape, out, store)
    return out


def _uniform_scalar(keys, dtype, minval=0.0, maxval=1.0):
    return uniform_words(keys, (), dtype, minval, maxval)


def _normal_scalar(keys, dtype):
    return normal_words(keys, (), dtype)
