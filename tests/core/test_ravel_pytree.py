"""wax.flatten_util.ravel_pytree: a pytree of arrays as one flat vector and back.

Facts marked "JAX 0.10.2 gives" were measured with JAX 0.10.2 (CPU, x64 off); values are
written by hand or computed with NumPy, never with wax.
"""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.flatten_util import ravel_pytree
from wax.tree_util import tree_flatten, tree_structure

BF16 = np.dtype(jnp.bfloat16)


def check(out, expected, dtype, weak=False):
    assert isinstance(out, wax.Array), type(out)
    assert out.dtype == np.dtype(dtype), (out.dtype, dtype)
    assert out.weak_type is weak
    expected = np.asarray(expected)
    assert out.shape == expected.shape, (out.shape, expected.shape)
    np.testing.assert_array_equal(np.asarray(out).astype(np.float64) if out.dtype == BF16
                                  else np.asarray(out), expected)


def assert_same_tree(got, want):
    """Same structure; every leaf an Array of the same dtype, shape and values."""
    assert tree_structure(got) == tree_structure(want)
    for g, w in zip(tree_flatten(got)[0], tree_flatten(want)[0]):
        w = np.asarray(w)
        assert isinstance(g, wax.Array)
        assert g.dtype == w.dtype and g.shape == w.shape, (g.dtype, g.shape, w.dtype, w.shape)
        np.testing.assert_array_equal(np.asarray(g), w)


# --- round trips -------------------------------------------------------------------------

def test_dict_leaves_in_sorted_key_order():
    b = np.arange(4, dtype=np.float32).reshape(2, 2) + 10
    a = np.arange(3, dtype=np.float32)
    tree = {"b": jnp.asarray(b), "a": jnp.asarray(a)}
    flat, unravel = ravel_pytree(tree)
    # dict keys are flattened in sorted order: a before b
    check(flat, np.concatenate([a, b.ravel()]), np.float32)
    assert_same_tree(unravel(flat), {"a": a, "b": b})


def test_nested_tuples_lists_and_none():
    x = np.ones(2, np.float32)
    y = np.arange(6, dtype=np.float32).reshape(1, 2, 3)
    z = np.float32(7.5)
    tree = (jnp.asarray(x), [jnp.asarray(y), None], None, {"z": jnp.asarray(z)})
    flat, unravel = ravel_pytree(tree)
    check(flat, np.concatenate([x, y.ravel(), [z]]), np.float32)
    back = unravel(flat)
    assert back[1][1] is None and back[2] is None and isinstance(back[1], list)
    assert_same_tree(back, (x, [y, None], None, {"z": np.asarray(z)}))


def test_unravel_of_a_new_vector():
    tree = {"w": jnp.zeros((2, 3)), "b": jnp.zeros(3)}
    flat, unravel = ravel_pytree(tree)
    assert flat.shape == (9,)
    vector = np.arange(9, dtype=np.float32)
    back = unravel(jnp.asarray(vector))
    assert_same_tree(back, {"b": vector[:3], "w": vector[3:].reshape(2, 3)})


@pytest.mark.parametrize("shapes", [[(3,)], [(2, 2), (1,), ()], [(2, 0), (3,)],
                                    [(1, 1, 1), (4, 1)]])
def test_many_shapes_round_trip(shapes):
    rng = np.random.default_rng(0)
    leaves = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    flat, unravel = ravel_pytree([jnp.asarray(leaf) for leaf in leaves])
    check(flat, np.concatenate([leaf.ravel() for leaf in leaves]), np.float32)
    assert_same_tree(unravel(flat), leaves)


# --- mixed dtypes -------------------------------------------------------------------------

@pytest.mark.parametrize("leaves, flat_dtype", [
    # JAX 0.10.2 gives these flat dtypes: the promotion of the leaves' dtypes
    ([np.array([1.5, 2.5], np.float32), np.array([1, 2], np.int32)], np.float32),
    ([np.array([1.5], np.float16), np.array([2.5], np.float32)], np.float32),
    ([np.array([1.5], BF16), np.array([2.5], np.float16)], np.float32),
    ([np.array([1], np.int8), np.array([200], np.uint8)], np.int16),
    ([np.array([True]), np.array([2.5], np.float32)], np.float32),
    ([np.array([1 + 1j], np.complex64), np.array([2.0], np.float32)], np.complex64),
    ([np.array([True, False])], np.bool_),
    ([np.array([1, 2], np.int32)], np.int32),
    ([np.array([1.5], BF16), np.array([2], np.int8)], BF16),
])
def test_mixed_dtypes_promote_and_cast_back(leaves, flat_dtype):
    flat, unravel = ravel_pytree([jnp.asarray(leaf) for leaf in leaves])
    expected = np.concatenate([leaf.astype(np.complex128 if np.dtype(flat_dtype).kind == "c"
                                           else np.float64).ravel() for leaf in leaves])
    check(flat, expected.astype(flat_dtype), flat_dtype)
    back = unravel(flat)
    assert_same_tree(back, leaves)   # each leaf gets its own dtype back


def test_unravel_casts_to_each_leaf_dtype():
    _, unravel = ravel_pytree({"f": jnp.asarray([1.5]), "i": jnp.asarray([1])})
    back = unravel(jnp.asarray([2.7, 3.9]))
    # JAX 0.10.2 gives {'f': [2.7] float32, 'i': [3] int32}: float to int truncates
    check(back["f"], np.float32([2.7]), np.float32)
    check(back["i"], [3], np.int32)


def test_numpy_leaves_are_canonicalized():
    flat, unravel = ravel_pytree([np.ones(2), np.arange(2)])
    # JAX 0.10.2: float64 and int64 leaves become float32 and int32
    check(flat, [1.0, 1.0, 0.0, 1.0], np.float32)
    assert_same_tree(unravel(flat), [np.ones(2, np.float32), np.arange(2, dtype=np.int32)])


# --- empty pytrees and scalars -----------------------------------------------------------

@pytest.mark.parametrize("tree", [{}, [], (), None, [None, {}], {"a": None}])
def test_empty_pytrees(tree):
    flat, unravel = ravel_pytree(tree)
    # JAX 0.10.2 gives a float32 vector of shape (0,)
    check(flat, np.zeros(0, np.float32), np.float32)
    back = unravel(flat)
    assert tree_structure(back) == tree_structure(tree)
    assert back == tree


def test_python_scalars():
    flat, unravel = ravel_pytree((1.0, 2))
    # JAX 0.10.2: [1., 2.] float32 (not weak), and back a float32 and an int32 scalar
    check(flat, [1.0, 2.0], np.float32)
    back = unravel(flat)
    assert isinstance(back, tuple) and len(back) == 2
    check(back[0], 1.0, np.float32)
    check(back[1], 2, np.int32)


def test_zero_d_leaves():
    flat, unravel = ravel_pytree({"a": jnp.asarray(2.5, jnp.float32), "b": jnp.ones((2,))})
    check(flat, [2.5, 1.0, 1.0], np.float32)
    back = unravel(flat)
    check(back["a"], 2.5, np.float32)
    assert back["a"].shape == ()


# --- errors and transformations -----------------------------------------------------------

def test_unravel_shape_error():
    _, unravel = ravel_pytree([jnp.ones(3)])
    # JAX 0.10.2 raises ValueError ("Sum of sizes 3 must be equal to dimension 0 of the
    # operand shape [4]")
    with pytest.raises(ValueError):
        unravel(jnp.ones(4))
    _, unravel = ravel_pytree({"a": jnp.ones(2), "b": jnp.ones((2, 2))})
    with pytest.raises(ValueError):
        unravel(jnp.ones(5))


def test_ravel_and_unravel_under_jit():
    tree = {"a": jnp.ones(2), "b": jnp.zeros(1)}
    check(wax.jit(lambda t: ravel_pytree(t)[0])(tree), [1.0, 1.0, 0.0], np.float32)
    _, unravel = ravel_pytree(tree)
    out = wax.jit(lambda v: unravel(v))(jnp.arange(3.0))
    assert_same_tree(out, {"a": np.float32([0.0, 1.0]), "b": np.float32([2.0])})
