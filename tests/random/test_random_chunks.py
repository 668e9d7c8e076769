"""The eager NumPy paths of wax.random work a chunk of elements at a time
(wax/primitives/prng_numpy.py): threefry2x32, bits, split, uniform, normal and randint must
give the same bits on either side of a chunk boundary, with one key or many, as a plain
whole-array Threefry-2x32 written here (checked on a published known answer) and as the
staged (jitted) paths do."""

import numpy as np
import pytest

import wax
import wax.random as random
from wax.primitives import prng_numpy as prng
from wax.primitives.prng import threefry2x32

CHUNK = prng._CHUNK
SIZES = [CHUNK - 1, CHUNK + 1, 2 * CHUNK + 3]
MASK = np.uint64(0xFFFFFFFF)


def reference_threefry(k1, k2, x1, x2):
    """Threefry-2x32 with 20 rounds in uint64 arithmetic masked to 32 bits (the Salmon et al.
    definition, not the code under test)."""
    k1, k2, x1, x2 = np.broadcast_arrays(*(np.asarray(w, np.uint64) for w in (k1, k2, x1, x2)))
    ks = [k1, k2, k1 ^ k2 ^ np.uint64(0x1BD11BDA)]
    rotations = [13, 15, 26, 6, 17, 29, 16, 24]
    x = [(x1 + ks[0]) & MASK, (x2 + ks[1]) & MASK]
    for i in range(20):
        r = np.uint64(rotations[i % 8])
        x[0] = (x[0] + x[1]) & MASK
        x[1] = (((x[1] << r) | (x[1] >> (np.uint64(32) - r))) & MASK) ^ x[0]
        if i % 4 == 3:
            s = i // 4 + 1
            x[0] = (x[0] + ks[s % 3]) & MASK
            x[1] = (x[1] + ks[(s + 1) % 3] + np.uint64(s)) & MASK
    return x[0].astype(np.uint32), x[1].astype(np.uint32)


def reference_words(key, n):
    """The two words of the counters 0..n-1 under one key (uint32[2])."""
    key = np.asarray(key, np.uint32)
    return reference_threefry(key[0], key[1], np.zeros(n, np.uint32), np.arange(n, dtype=np.uint32))


def test_reference_threefry_known_answer():
    out = reference_threefry(0x13198A2E, 0x03707344, 0x243F6A88, 0x85A308D3)
    assert [int(w) for w in out] == [0xC4923A9C, 0x483DF7A0]


def _words(rng, shape):
    return rng.integers(0, 2 ** 32, size=shape, dtype=np.uint64).astype(np.uint32)


@pytest.mark.parametrize("n", SIZES)
def test_threefry_elementwise_keys_and_counts(n):
    rng = np.random.default_rng(n)
    words = [_words(rng, n) for _ in range(4)]
    got = threefry2x32(*words)
    want = reference_threefry(*words)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(np.asarray(g), w)


def test_threefry_shared_keys_broadcast_counts_and_strides():
    rng = np.random.default_rng(1)
    n = CHUNK + 7
    k1, k2 = _words(rng, (3, 1)), np.full((1, 1), 0xFFFFFFFF, np.uint32)
    high = np.broadcast_to(np.uint32(5), (1, n))            # a constant (stride 0)
    low = _words(rng, 2 * n)[::2].reshape(1, n)              # a strided operand
    got = threefry2x32(k1, k2, high, low)
    want = reference_threefry(k1, k2, high, low)
    for g, w in zip(got, want):
        assert np.asarray(g).shape == (3, n)
        np.testing.assert_array_equal(np.asarray(g), w)


@pytest.mark.parametrize("n", SIZES)
def test_bits_and_split_across_chunks(n):
    key = random.PRNGKey(17)
    w1, w2 = reference_words(key, n)
    np.testing.assert_array_equal(np.asarray(random.bits(key, (n,))), w1 ^ w2)
    np.testing.assert_array_equal(np.asarray(random.bits(key, (n,), "uint8")),
                                  (w1 ^ w2).astype(np.uint8))
    np.testing.assert_array_equal(np.asarray(random.split(key, n)), np.stack([w1, w2], -1))
    keys = np.asarray(random.split(key, (2, n)))
    assert keys.shape == (2, n, 2)
    w1, w2 = reference_words(key, 2 * n)
    np.testing.assert_array_equal(keys.reshape(-1, 2), np.stack([w1, w2], -1))


def test_bits_64_and_many_keys_across_chunks():
    n = CHUNK + 5
    key = random.PRNGKey(3)
    w1, w2 = reference_words(key, n)
    with wax.enable_x64():
        got = np.asarray(random.bits(key, (n,), "uint64"))
    want = (w1.astype(np.uint64) << np.uint64(32)) | w2.astype(np.uint64)
    np.testing.assert_array_equal(got, want)
    # Several keys, each with its own chunked counters (the helpers on raw key data).
    keys = np.asarray(random.split(key, 3))
    got = prng.random_bits_words(keys, 32, (n,))
    split = prng.split_keys(keys, n)
    for i, k in enumerate(keys):
        w1, w2 = reference_words(k, n)
        np.testing.assert_array_equal(got[i], w1 ^ w2)
        np.testing.assert_array_equal(split[i], np.stack([w1, w2], -1))


def test_uniform_and_normal_match_their_definition_across_chunks():
    n = 2 * CHUNK + 3
    key = random.PRNGKey(5)
    w1, w2 = reference_words(key, n)
    floats = (((w1 ^ w2) >> np.uint32(9)) | np.uint32(0x3F800000)).view(np.float32) - 1
    np.testing.assert_array_equal(np.asarray(random.uniform(key, (n,))), floats)
    lo = np.nextafter(np.float32(-1), np.float32(0))
    u = np.maximum(lo, floats * np.float32(2) + lo)
    # (lax.erf_inv is checked against JAX's values in tests/primitives/test_erf_inv.py)
    want = np.float32(np.sqrt(2)) * np.asarray(wax.lax.erf_inv(u))
    np.testing.assert_array_equal(np.asarray(random.normal(key, (n,))), want)


@pytest.mark.parametrize("dtype,bounds", [
    ("float32", (0.0, 1.0)), ("float32", (-2.0, 3.0)), ("float32", (-0.0, 4.0)),
    ("float32", (5.0, -3.0)), ("float16", (-1.0, 1.0)), ("bfloat16", (0.0, 1.0)),
    ("float16", (-2.0, 3.0)),
])
def test_eager_uniform_equals_staged(dtype, bounds):
    key = random.PRNGKey(9)
    shape = (3, CHUNK // 2 + 1)
    eager = random.uniform(key, shape, dtype, *bounds)
    staged = wax.jit(lambda k: random.uniform(k, shape, dtype, *bounds))(key)
    assert eager.dtype == staged.dtype and eager.shape == shape
    np.testing.assert_array_equal(np.asarray(eager).view(np.uint8),
                                  np.asarray(staged).view(np.uint8))


@pytest.mark.parametrize("dtype", ["float32", "float16", "bfloat16"])
def test_eager_normal_equals_staged(dtype):
    key = random.PRNGKey(11)
    shape = (CHUNK + 9,)
    eager = random.normal(key, shape, dtype)
    staged = wax.jit(lambda k: random.normal(k, shape, dtype))(key)
    np.testing.assert_array_equal(np.asarray(eager).view(np.uint8),
                                  np.asarray(staged).view(np.uint8))


def test_eager_float64_samplers_equal_staged():
    key = random.PRNGKey(13)
    shape = (CHUNK + 3,)
    with wax.enable_x64():
        for sample in (lambda k: random.normal(k, shape),
                       lambda k: random.uniform(k, shape, minval=-3.0, maxval=4.2),
                       lambda k: random.randint(k, shape, -5, 2 ** 40)):
            np.testing.assert_array_equal(np.asarray(sample(key)),
                                          np.asarray(wax.jit(sample)(key)))


@pytest.mark.parametrize("bounds,dtype", [
    ((0, 100), None), ((-7, 2 ** 31 - 1), None), ((-2 ** 31, 2 ** 31 - 1), None),
    ((5, 5), None), ((9, 2), None), ((0, 256), "uint8"), ((-3, 1000), "int16"),
    ((1.5, 99.0), None),
])
def test_eager_randint_equals_staged(bounds, dtype):
    key = random.PRNGKey(21)
    shape = (CHUNK + 11,)
    eager = random.randint(key, shape, *bounds, dtype=dtype)
    staged = wax.jit(lambda k: random.randint(k, shape, *bounds, dtype=dtype))(key)
    assert eager.dtype == staged.dtype
    np.testing.assert_array_equal(np.asarray(eager), np.asarray(staged))


def test_randint_matches_its_definition():
    n = CHUNK + 11
    key = random.PRNGKey(23)
    high_key, low_key = np.asarray(random.split(key))
    high = np.bitwise_xor(*reference_words(high_key, n)).astype(np.uint64)
    low = np.bitwise_xor(*reference_words(low_key, n)).astype(np.uint64)
    # minval + (high * 2**32 + low) % span: exact in uint64 (high < 2**32), and JAX's
    # (high % span * (2**32 % span) + low % span) % span does not wrap for a span < 2**16.
    span = 1000 - (-3)
    want = ((high * 2 ** 32 + low) % span).astype(np.int64) - 3
    np.testing.assert_array_equal(np.asarray(random.randint(key, (n,), -3, 1000)), want)
