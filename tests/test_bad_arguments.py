"""Bad arguments get a clear TypeError/ValueError (or JAX's error class) naming the
argument, shapes or dtypes — never a NumPy traceback from deep inside. The list of cases
the foundation issue asks for, kept as tests."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax

X3 = jnp.asarray(np.arange(3, dtype=np.float32))
X4 = jnp.asarray(np.arange(4, dtype=np.float32))
M23 = jnp.asarray(np.ones((2, 3), np.float32))


def test_incompatible_broadcast_shapes():
    # JAX: equal ranks reach lax's TypeError; different ranks fail jnp's rank promotion.
    with pytest.raises(TypeError, match=r"add got incompatible shapes for broadcasting: \(3,\), \(4,\)"):
        jnp.add(X3, X4)
    with pytest.raises(ValueError, match=r"Incompatible shapes for broadcasting: shapes=\[\(2, 3\), \(4,\)\]"):
        jnp.add(M23, X4)
    with pytest.raises((TypeError, ValueError), match=r"\(3,\)"):
        lax.add(X3, X4)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="axis 2 is out of bounds for array of dimension 2"):
        jnp.sum(M23, axis=2)
    with pytest.raises(ValueError, match="out of bounds"):
        jnp.concatenate([M23, M23], axis=-3)


def test_reshape_to_wrong_size():
    with pytest.raises((TypeError, ValueError), match=r"\(2, 2\)"):
        jnp.reshape(X3, (2, 2))
    with pytest.raises(TypeError, match="reshape total size must be unchanged"):
        lax.reshape(X3, (2, 2))


def test_dot_of_mismatched_inner_dimensions():
    with pytest.raises(TypeError, match=r"\(3,\).*\(4,\)|\(2, 3\).*\(4,\)"):
        jnp.dot(M23, X4)
    with pytest.raises(TypeError):
        M23 @ X4


def test_list_where_jax_wants_an_array():
    with pytest.raises(TypeError, match="sum requires ndarray or scalar arguments"):
        jnp.sum([1, 2])
    with pytest.raises(TypeError):
        jnp.add([1, 2], 1)


def test_unknown_dtype_name():
    with pytest.raises(TypeError, match="not_a_dtype"):
        jnp.zeros(3, dtype="not_a_dtype")


def test_float_index():
    with pytest.raises(TypeError, match="Indexer must have integer or boolean type"):
        X3[1.5]


def test_item_assignment():
    with pytest.raises(TypeError, match="immutable"):
        X3[0] = 2.0


def test_leaked_tracer_after_its_transformation():
    box = []
    wax.jit(lambda x: box.append(x) or x)(X3)
    with pytest.raises(wax.errors.UnexpectedTracerError):
        jnp.sin(box[0])


def test_unsupported_operand_types_defer_to_python():
    with pytest.raises(TypeError, match="unsupported operand"):
        X3 + "text"


def test_reshape_method_short_path_keeps_jax_errors():
    m = jnp.asarray(np.arange(6.0, dtype=np.float32))
    assert m.reshape(2, -1).shape == (2, 3)
    for bad in [(4, 2), (-2, 3), (-1, -1), (2.0, 3)]:
        with pytest.raises(TypeError):
            m.reshape(bad)
        with pytest.raises(TypeError):
            wax.jit(lambda x, s=bad: x.reshape(s))(m)
