"""lax.reduce_window beyond the op-record table: padding strings, the general
computation's forward mode and its missing reverse mode (as JAX), pytrees, errors."""
import numpy as np
import pytest

import wax
from wax import lax
from wax.test_util import check_grads
from windowed_reference import reduce_window_ref

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("padding", ["VALID", "SAME", "SAME_LOWER"])
def test_padding_strings_match_explicit_pads(padding):
    x = RNG.standard_normal((5, 7)).astype(np.float32)
    pads = lax.padtype_to_pads(x.shape, (2, 3), (2, 2), padding)
    got = lax.reduce_window(x, -np.inf, lax.max, (2, 3), (2, 2), padding)
    ref = reduce_window_ref(x, np.float32(-np.inf), np.maximum, (2, 3), (2, 2), pads)
    np.testing.assert_array_equal(np.asarray(got), ref)
    assert got.shape == lax.reduce_window_shape_tuple(x.shape, (2, 3), (2, 2), pads)


def test_monoids_bind_their_own_primitives_and_others_the_general_one():
    x = np.ones((4, 4), np.float32)
    names = lambda f: [e.primitive.name for e in wax.make_jaxpr(f)(x).eqns]
    assert names(lambda x: lax.reduce_window(x, 0.0, lax.add, (2, 2), (2, 2), "VALID")) == \
        ["reduce_window_sum"]
    assert names(lambda x: lax.reduce_window(x, -np.inf, lax.max, (2, 2), (1, 1), "VALID")) \
        == ["reduce_window_max"]
    # An init that is not the identity is the general reduction (as in JAX).
    assert names(lambda x: lax.reduce_window(x, 1.0, lax.add, (2, 2), (2, 2), "VALID")) == \
        ["reduce_window"]
    got = lax.reduce_window(x, 1.0, lax.add, (2, 2), (2, 2), "VALID")
    np.testing.assert_array_equal(np.asarray(got), np.full((2, 2), 5.0))


def test_general_computation_forward_mode_and_jax_reverse_mode_error():
    with wax.enable_x64():
        x = RNG.uniform(0.5, 2.0, (4, 5))
        f = lambda x: lax.reduce_window(x, 1.0, lax.mul, (2, 2), (1, 2), ((0, 1), (1, 0)))
        check_grads(f, (x,), order=2, modes=("fwd",))
        with pytest.raises(NotImplementedError, match="Transpose rule .* 'reduce_window'"):
            wax.grad(lambda x: f(x).sum())(x)


def test_pytree_operands_reduce_together():
    # (value, index) pairs: the argmax of each window, computed by one reduce_window.
    x = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0], np.float32)
    idx = np.arange(6, dtype=np.int32)

    def pick(a, b):
        take_b = b[0] > a[0]
        return (lax.select(take_b, b[0], a[0]), lax.select(take_b, b[1], a[1]))

    vals, where = lax.reduce_window((x, idx), (np.float32(-np.inf), np.int32(-1)), pick,
                                    (3,), (1,), "VALID")
    np.testing.assert_array_equal(np.asarray(vals), [4.0, 4.0, 5.0, 9.0])
    np.testing.assert_array_equal(np.asarray(where), [2, 2, 4, 5])


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = np.array([[1.0, 3.0], [3.0, 2.0]], np.float32)
    g = wax.grad(lambda x: lax.reduce_window(x, -np.inf, lax.max, (2, 2), (1, 1),
                                             "VALID").sum())(x)
    np.testing.assert_array_equal(np.asarray(g), [[0.0, 1.0], [0.0, 0.0]])


def test_errors_name_the_bad_argument():
    x = np.ones((3, 3), np.float32)
    with pytest.raises(TypeError, match="window_strides .* one entry per operand dimension"):
        lax.reduce_window(x, 0.0, lax.add, (2, 2), (1,), "VALID")
    with pytest.raises(TypeError, match="padding .* one pair per operand dimension"):
        lax.reduce_window(x, 0.0, lax.add, (2, 2), (1, 1), ((0, 0),))
