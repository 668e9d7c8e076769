"""Keys: threefry2x32's known answers, typed key arrays (dtype key<fry>) and legacy uint32
keys, their shape operations, comparisons and errors, and keys carried through jit, vmap,
scan and cond. Values JAX gives are in tests/data/jax_random.json (test_random_jax_values)."""

import numpy as np
import pytest

import wax
import wax.lax as lax
import wax.numpy as jnp
import wax.random as random
from wax.primitives.prng import threefry2x32


def test_namespace_has_every_jax_random_name():
    import json
    import pathlib
    api = json.loads((pathlib.Path(__file__).parents[1] / "data" / "api.json").read_text())
    assert sorted(n for n in api["jax.random"] if not hasattr(random, n)) == []
    assert sorted(random.__all__) == sorted(api["jax.random"])


def data(keys):
    return np.asarray(random.key_data(keys))


# --- threefry2x32 -------------------------------------------------------------------------------

@pytest.mark.parametrize("key,count,expected", [
    # Known-answer vectors of Threefry-2x32 with 20 rounds (Salmon et al.; JAX's tests).
    ((0, 0), (0, 0), (0x6B200159, 0x99BA4EFE)),
    ((0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF), (0x1CB996FC, 0xBB002BE7)),
    ((0x13198A2E, 0x03707344), (0x243F6A88, 0x85A308D3), (0xC4923A9C, 0x483DF7A0)),
])
def test_threefry_known_answers(key, count, expected):
    words = [np.uint32(w) for w in (*key, *count)]
    out = threefry2x32(*words)
    assert [int(o) for o in out] == list(expected)
    assert all(o.dtype == np.uint32 and o.shape == () for o in out)


def test_threefry_small_and_large_arrays_agree():
    # The impl takes a Python-integer path for a few elements and NumPy for more.
    rng = np.random.default_rng(0)
    words = [rng.integers(0, 2 ** 32, size=40, dtype=np.uint64).astype(np.uint32)
             for _ in range(4)]
    whole = [np.asarray(o) for o in threefry2x32(*words)]
    for i in range(0, 40, 7):
        part = threefry2x32(*(w[i:i + 3] for w in words))
        np.testing.assert_array_equal(np.asarray(part[0]), whole[0][i:i + 3])
        np.testing.assert_array_equal(np.asarray(part[1]), whole[1][i:i + 3])


def test_threefry_rejects_other_dtypes():
    with pytest.raises(TypeError, match="threefry2x32 must have uint32 type"):
        threefry2x32(np.int32(0), np.uint32(0), np.uint32(0), np.uint32(0))


# --- typed keys ---------------------------------------------------------------------------------

def test_typed_key_array_basics():
    k = random.key(0)
    assert isinstance(k, wax.Array)
    assert k.shape == () and k.ndim == 0 and k.size == 1
    assert str(k.dtype) == "key<fry>" and k.dtype.name == "key<fry>"
    assert k.dtype == random.key_dtype() == random.key_dtype("threefry2x32")
    assert k.dtype != "threefry2x32"
    assert k.itemsize == 8 and k.nbytes == 8
    assert repr(k) == "Array((), dtype=key<fry>) overlaying:\n[0 0]"
    assert random.key_impl(k) == "threefry2x32"
    assert random.key_impl(random.PRNGKey(0)) == "threefry2x32"
    assert issubclass(k.dtype.type, random._keys.prng_key)
    keys = random.split(k, 4)
    assert keys.shape == (4,) and len(keys) == 4
    assert random.key_data(keys).shape == (4, 2) and random.key_data(keys).dtype == np.uint32


def test_legacy_keys_are_uint32_arrays():
    k = random.PRNGKey(3)
    assert type(k) is not random.PRNGKeyArray and k.dtype == np.uint32 and k.shape == (2,)
    keys = random.split(k, 3)
    assert keys.dtype == np.uint32 and keys.shape == (3, 2)
    np.testing.assert_array_equal(np.asarray(keys), data(random.split(random.key(3), 3)))
    np.testing.assert_array_equal(np.asarray(random.fold_in(k, 5)),
                                  data(random.fold_in(random.key(3), 5)))
    # A NumPy array is a legacy key too.
    np.testing.assert_array_equal(np.asarray(random.uniform(np.asarray(k), (2,))),
                                  np.asarray(random.uniform(random.key(3), (2,))))


def test_wrap_and_unwrap_round_trip():
    raw = jnp.array([[1, 2], [3, 4], [5, 6]], jnp.uint32)
    keys = random.wrap_key_data(raw)
    assert keys.shape == (3,)
    np.testing.assert_array_equal(data(keys), np.asarray(raw))
    again = random.wrap_key_data(random.key_data(keys), dtype=keys.dtype)
    assert bool(jnp.all(again == keys))
    assert data(random.clone(keys)).tolist() == data(keys).tolist()


def test_shape_operations_on_key_arrays():
    keys = random.split(random.key(1), (2, 3))
    raw = data(keys)
    assert keys[1].shape == (3,)
    np.testing.assert_array_equal(data(keys[1, 2]), raw[1, 2])
    np.testing.assert_array_equal(data(keys[:, ::2]), raw[:, ::2])
    np.testing.assert_array_equal(data(keys[..., 0]), raw[..., 0, :])
    assert keys[None].shape == (1, 2, 3) and keys[..., None].shape == (2, 3, 1)
    np.testing.assert_array_equal(data(keys[np.array([True, False])]), raw[[0]])
    np.testing.assert_array_equal(data(keys.reshape(3, 2)), raw.reshape(3, 2, 2))
    np.testing.assert_array_equal(data(keys.reshape((-1,))), raw.reshape(6, 2))
    np.testing.assert_array_equal(data(keys.ravel()), raw.reshape(6, 2))
    np.testing.assert_array_equal(data(keys.T), raw.transpose(1, 0, 2))
    np.testing.assert_array_equal(data(keys.swapaxes(0, 1)), raw.transpose(1, 0, 2))
    np.testing.assert_array_equal(data(keys.reshape(1, 6).squeeze()), raw.reshape(6, 2))
    np.testing.assert_array_equal(data(keys.take(np.array([4, 0]))), raw.reshape(6, 2)[[4, 0]])
    np.testing.assert_array_equal(data(keys.take(np.array([2, 0]), axis=-1)), raw[:, [2, 0]])
    updated = keys.at[0, 1].set(random.key(7))
    np.testing.assert_array_equal(data(updated[0, 1]), data(random.key(7)))
    np.testing.assert_array_equal(data(updated[1]), raw[1])
    np.testing.assert_array_equal(data(keys.at[1].get()), raw[1])
    assert [data(k).tolist() for k in keys[0]] == raw[0].tolist()
    with pytest.raises(IndexError, match="Too many indices"):
        keys[0, 0, 0]


def test_key_equality():
    a, b = random.split(random.key(0))
    assert bool(a == a) and not bool(a == b) and bool(a != b)
    np.testing.assert_array_equal(np.asarray(random.split(random.key(0)) == a), [True, False])
    with pytest.raises(TypeError, match="equal does not accept dtypes key<fry>, int32"):
        a == 3  # noqa: B015
    with pytest.raises(TypeError, match="equal does not accept dtypes key<fry>, uint32"):
        a == random.PRNGKey(0)  # noqa: B015


@pytest.mark.parametrize("op,message", [
    (lambda k: k + 1, "add does not accept dtypes key<fry>, int32."),
    (lambda k: 1 + k, "add does not accept dtypes int32, key<fry>."),
    (lambda k: k - 1, "subtract does not accept dtypes key<fry>, int32."),
    (lambda k: k * 2.0, "multiply does not accept dtypes key<fry>, float32."),
    (lambda k: -k, "neg does not accept dtype key<fry>."),
    (lambda k: k < k, "less does not accept dtypes key<fry>, key<fry>."),
    (lambda k: bool(k), "key array cannot be converted to boolean."),
    (lambda k: np.asarray(k), "JAX array with PRNGKey dtype cannot be converted to a NumPy"),
    (lambda k: len(k), "len() of unsized object"),
    (lambda k: hash(k), "unhashable type: 'PRNGKeyArray'"),
    (lambda k: iter(k), "iteration over a 0-d key array"),
])
def test_key_arrays_refuse_arithmetic(op, message):
    with pytest.raises(TypeError) as info:
        op(random.key(0))
    assert str(info.value).startswith(message)


def test_key_arrays_have_no_numeric_methods():
    with pytest.raises(NotImplementedError, match="Cannot call abstract method astype"):
        random.key(0).astype(jnp.uint32)
    with pytest.raises(NotImplementedError, match="Cannot call abstract method sum"):
        random.split(random.key(0)).sum()


def test_unknown_and_unavailable_implementations():
    with pytest.raises(ValueError, match='unrecognized PRNG implementation "foo"'):
        random.key(0, impl="foo")
    with pytest.raises(NotImplementedError, match="rbg PRNG implementation is not available"):
        random.key(0, impl="rbg")
    assert random.key(0, impl="threefry2x32").dtype == random.key(0).dtype
    assert random.key(0, dtype=random.key_dtype()).dtype == random.key(0).dtype


def test_seeds_of_every_integer_kind():
    np.testing.assert_array_equal(data(random.key(np.uint8(200))), [0, 200])
    np.testing.assert_array_equal(data(random.key(np.int16(-2))), [0, 2 ** 32 - 2])
    np.testing.assert_array_equal(data(random.key(jnp.uint32(4000000000))), [0, 4000000000])
    np.testing.assert_array_equal(np.asarray(random.PRNGKey(True)), [0, 1])
    with wax.enable_x64():
        np.testing.assert_array_equal(data(random.key(np.uint64(2 ** 64 - 1))),
                                      [2 ** 32 - 1, 2 ** 32 - 1])
        np.testing.assert_array_equal(data(random.key(-2 ** 63)), [2 ** 31, 0])
    with pytest.raises(TypeError, match="PRNG key seed must be an integer"):
        random.key(jnp.array(True))
    with pytest.raises(OverflowError):
        random.key(2 ** 64)


def test_split_shapes():
    k = random.key(2)
    assert random.split(k, 0).shape == (0,)
    assert random.split(k, (2, 0)).shape == (2, 0)
    assert random.split(k, (2, 3, 1)).shape == (2, 3, 1)
    np.testing.assert_array_equal(data(random.split(k, (2, 3))).reshape(6, 2),
                                  data(random.split(k, 6)))
    with pytest.raises(ValueError, match="nonnegative"):
        random.split(k, -1)


def test_fold_in_takes_any_integer_and_wraps_uint32():
    k = random.key(4)
    np.testing.assert_array_equal(data(random.fold_in(k, np.int64(2 ** 32 + 5))),
                                  data(random.fold_in(k, 5)))
    np.testing.assert_array_equal(data(random.fold_in(k, jnp.int32(-1))),
                                  data(random.fold_in(k, 2 ** 32 - 1)))
    with pytest.raises(OverflowError, match="out of bounds for uint32"):
        random.fold_in(k, -1)
    with pytest.raises(TypeError, match="fold_in accepts a scalar"):
        random.fold_in(k, jnp.arange(2))


# --- keys through transformations ---------------------------------------------------------------

def test_keys_through_jit():
    k = random.key(5)
    split = wax.jit(random.split, static_argnums=1)
    np.testing.assert_array_equal(data(split(k, 3)), data(random.split(k, 3)))
    out = wax.jit(lambda k: (k, random.uniform(k)))(k)
    assert type(out[0]) is random.PRNGKeyArray and data(out[0]).tolist() == [0, 5]
    assert float(out[1]) == float(random.uniform(k))
    np.testing.assert_array_equal(data(wax.jit(random.key)(7)), data(random.key(7)))
    np.testing.assert_array_equal(np.asarray(wax.jit(random.PRNGKey)(7)),
                                  np.asarray(random.PRNGKey(7)))
    text = str(wax.make_jaxpr(lambda k: random.normal(k, (2,)))(k))
    assert "threefry2x32" in text and "u32[2]" in text


def test_vmap_over_split_keys_equals_a_loop():
    keys = random.split(random.key(6), 4)
    batched = wax.vmap(lambda k: random.normal(k, (3,)))(keys)
    looped = np.stack([np.asarray(random.normal(k, (3,))) for k in keys])
    np.testing.assert_array_equal(np.asarray(batched), looped)
    nested = wax.vmap(lambda k: random.split(k, 2))(keys)
    assert type(nested) is random.PRNGKeyArray and nested.shape == (4, 2)
    np.testing.assert_array_equal(data(nested),
                                  np.stack([data(random.split(k, 2)) for k in keys]))
    legacy = random.split(random.PRNGKey(6), 4)
    np.testing.assert_array_equal(np.asarray(wax.vmap(random.bits)(legacy)),
                                  [int(random.bits(k)) for k in legacy])
    out = wax.vmap(lambda k: random.uniform(k, (2,)), out_axes=1)(keys)
    assert out.shape == (2, 4)
    seeds = wax.vmap(random.key)(jnp.arange(3))
    np.testing.assert_array_equal(data(seeds), [[0, 0], [0, 1], [0, 2]])


def test_keys_through_scan_cond_and_while():
    def step(key, _):
        key, sub = random.split(key)
        return key, random.uniform(sub)

    final, draws = lax.scan(step, random.key(9), None, length=3)
    key, expected = random.key(9), []
    for _ in range(3):
        key, sub = random.split(key)
        expected.append(float(random.uniform(sub)))
    np.testing.assert_array_equal(np.asarray(draws), np.float32(expected))
    assert type(final) is random.PRNGKeyArray and data(final).tolist() == data(key).tolist()
    chosen = lax.cond(True, lambda k: random.fold_in(k, 1), lambda k: k, random.key(2))
    assert data(chosen).tolist() == data(random.fold_in(random.key(2), 1)).tolist()
    n, k = lax.while_loop(lambda c: c[0] < 2, lambda c: (c[0] + 1, random.split(c[1])[0]),
                          (0, random.key(2)))
    assert data(k).tolist() == data(random.split(random.split(random.key(2))[0])[0]).tolist()
    keys = random.split(random.key(1), 3)
    scanned = lax.scan(lambda c, k: (c, random.bits(k)), 0, keys)[1]
    np.testing.assert_array_equal(np.asarray(scanned), [int(random.bits(k)) for k in keys])


def test_grad_with_a_key_argument():
    f = lambda x, k: jnp.sum(x * random.normal(k, (3,)))  # noqa: E731
    g = wax.grad(f)(jnp.ones(3), random.key(0))
    np.testing.assert_array_equal(np.asarray(g), np.asarray(random.normal(random.key(0), (3,))))


def test_pytree_of_keys():
    keys = random.split(random.key(0), 2)
    leaves, tree = wax.tree_util.tree_flatten({"k": keys})
    assert len(leaves) == 1 and leaves[0].shape == (2, 2)  # the key data
    rebuilt = wax.tree_util.tree_unflatten(tree, leaves)["k"]
    assert type(rebuilt) is random.PRNGKeyArray and rebuilt.shape == (2,)
