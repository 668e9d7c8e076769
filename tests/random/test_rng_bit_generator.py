"""lax.rng_bit_generator (XLA's RngBitGenerator: THREE_FRY and PHILOX, the CPU default) and
lax.rng_uniform: result types, the state update, jit/make_jaxpr, JAX's batching convention
and errors. Bit-exact values against JAX are in tests/data/jax_random.json
(test_random_jax_values); the XLA algorithms' structure is checked here by hand."""
import numpy as np
import pytest

import wax
import wax.lax as lax
import wax.numpy as jnp
from wax.primitives.prng import threefry2x32

THREE_FRY = lax.RandomAlgorithm.RNG_THREE_FRY
PHILOX = lax.RandomAlgorithm.RNG_PHILOX
STATE = jnp.array([1, 2, 3, 4], jnp.uint32)


@pytest.mark.parametrize("algorithm", list(lax.RandomAlgorithm))
@pytest.mark.parametrize("shape,dtype", [((), jnp.uint32), ((5,), jnp.uint32),
                                         ((2, 3), jnp.uint8), ((3, 1), jnp.uint16)])
def test_result_types(algorithm, shape, dtype):
    new_state, bits = lax.rng_bit_generator(STATE, shape, dtype, algorithm)
    assert new_state.shape == (4,) and new_state.dtype == np.uint32
    assert bits.shape == shape and bits.dtype == np.dtype(dtype)
    assert not bits.weak_type
    closed = wax.make_jaxpr(lambda s: lax.rng_bit_generator(s, shape, dtype, algorithm))(STATE)
    assert [(a.shape, a.dtype) for a in closed.out_avals] == [((4,), np.uint32),
                                                              (shape, np.dtype(dtype))]
    jitted = wax.jit(lambda s: lax.rng_bit_generator(s, shape, dtype, algorithm))(STATE)
    np.testing.assert_array_equal(np.asarray(jitted[1]), np.asarray(bits))


def test_three_fry_is_threefry_of_a_64_bit_counter():
    # State words (k0, k1, c0, c1): key k0 | k1 << 32 and counter c0 | c1 << 32. A (3,)
    # request hashes counters c, c + 1 (two words each) and keeps three of the four words.
    new_state, bits = lax.rng_bit_generator(STATE, (3,), algorithm=THREE_FRY)
    np.testing.assert_array_equal(np.asarray(new_state), [1, 2, 5, 4])
    words = [threefry2x32(np.uint32(1), np.uint32(2), np.uint32(c), np.uint32(4))
             for c in (3, 4)]
    expected = [int(words[0][0]), int(words[0][1]), int(words[1][0])]
    assert np.asarray(bits).tolist() == expected


def test_counter_carries_into_the_high_word():
    state = jnp.array([0, 0, 0xFFFFFFFF, 7], jnp.uint32)
    new_state, _ = lax.rng_bit_generator(state, (4,), algorithm=THREE_FRY)
    np.testing.assert_array_equal(np.asarray(new_state), [0, 0, 1, 8])
    new_state, _ = lax.rng_bit_generator(state, (4,), algorithm=PHILOX)
    np.testing.assert_array_equal(np.asarray(new_state), [0, 0, 0, 8])


def test_uint64_state_and_bits_with_x64():
    with wax.enable_x64():
        state = jnp.array([1 | 2 << 32, 3 | 4 << 32], jnp.uint64)
        new_state, bits = lax.rng_bit_generator(state, (5,), jnp.uint64, THREE_FRY)
        assert new_state.dtype == np.uint64 and bits.dtype == np.uint64
        _, bits32 = lax.rng_bit_generator(STATE, (5,), jnp.uint64, THREE_FRY)
        np.testing.assert_array_equal(np.asarray(bits), np.asarray(bits32))
        assert np.asarray(new_state).tolist() == [1 | 2 << 32, 8 | 4 << 32]


def test_vmap_follows_jax_convention():
    # JAX's batching rule draws the whole batch from the first member's state and advances
    # only that state.
    states = jnp.stack([STATE, STATE + 10])
    new_states, bits = wax.vmap(lambda s: lax.rng_bit_generator(s, (3,)))(states)
    first_state, first_bits = lax.rng_bit_generator(STATE, (2, 3))
    np.testing.assert_array_equal(np.asarray(bits), np.asarray(first_bits))
    np.testing.assert_array_equal(np.asarray(new_states[0]), np.asarray(first_state))
    np.testing.assert_array_equal(np.asarray(new_states[1]), np.asarray(STATE + 10))


def test_errors():
    with pytest.raises(TypeError, match="rng_bit_generator: unsupported dtype int32"):
        lax.rng_bit_generator(STATE, (3,), jnp.int32)
    with pytest.raises(TypeError, match="key must be uint32"):
        lax.rng_bit_generator(jnp.array([1, 2], jnp.uint32), (3,))


def test_rng_uniform():
    x = lax.rng_uniform(np.float32(2.0), np.float32(3.0), (100,))
    assert x.shape == (100,) and x.dtype == np.float32
    assert np.all((np.asarray(x) >= 2.0) & (np.asarray(x) < 3.0))
    assert lax.rng_uniform(0.0, 1.0, (2,)).weak_type
    with pytest.raises(ValueError, match="identical dtypes"):
        lax.rng_uniform(np.float32(0), np.int32(1), (2,))
    with pytest.raises(ValueError, match="must be scalars"):
        lax.rng_uniform(jnp.zeros(2), 1.0, (2,))
