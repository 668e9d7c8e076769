"""lax.custom_linear_solve and lax.custom_root: values, implicit derivatives (both modes,
order 2), vmap and jit, against NumPy."""
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.test_util import check_grads

A0 = np.array([[4.0, 1.0], [0.5, 3.0]])
B0 = np.array([1.0, 2.0])


def solve2(matvec, b):
    """An exact solver for any 2x2 linear matvec, written with wax ops only."""
    m = jnp.stack([matvec(jnp.array([1.0, 0.0])), matvec(jnp.array([0.0, 1.0]))], axis=1)
    det = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
    inv = jnp.array([[m[1, 1], -m[0, 1]], [-m[1, 0], m[0, 0]]]) / det
    return inv @ b


def linear_solve(A, b):
    return lax.custom_linear_solve(lambda x: A @ x, b, solve2, transpose_solve=solve2)


def test_custom_linear_solve_values_grads_vmap_jit():
    with wax.enable_x64():
        np.testing.assert_allclose(np.asarray(linear_solve(A0, B0)), np.linalg.solve(A0, B0))
        check_grads(linear_solve, (A0, B0), order=2, modes=("fwd", "rev"))
        got = wax.vmap(linear_solve, (0, None))(np.stack([A0, 2 * A0]), B0)
        np.testing.assert_allclose(np.asarray(got[1]), np.linalg.solve(2 * A0, B0))
        got = wax.vmap(linear_solve, (None, 0))(A0, np.stack([B0, 2 * B0]))
        np.testing.assert_allclose(np.asarray(got[1]), np.linalg.solve(A0, 2 * B0))
        np.testing.assert_allclose(np.asarray(wax.jit(linear_solve)(A0, B0)),
                                   np.linalg.solve(A0, B0))


def test_the_solver_itself_is_not_differentiated():
    # A "solver" whose own derivative is wrong (stop_gradient) still gives the implicit
    # derivative d(A^-1 b)/db = A^-1.
    def opaque(matvec, b):
        return lax.stop_gradient(solve2(matvec, b))
    f = lambda b: lax.custom_linear_solve(lambda x: A0 @ x, b, opaque, transpose_solve=opaque)
    with wax.enable_x64():
        np.testing.assert_allclose(np.asarray(wax.jacrev(f)(B0)), np.linalg.inv(A0))
        np.testing.assert_allclose(np.asarray(wax.jacfwd(f)(B0)), np.linalg.inv(A0))


def test_reverse_mode_needs_transpose_solve_unless_symmetric():
    with pytest.raises(TypeError, match="transpose_solve required"):
        wax.grad(lambda b: lax.custom_linear_solve(lambda x: A0 @ x, b, solve2).sum())(B0)
    S = A0 + A0.T
    f = lambda b: lax.custom_linear_solve(lambda x: S @ x, b, solve2, symmetric=True).sum()
    np.testing.assert_allclose(np.asarray(wax.grad(f)(B0)), np.linalg.inv(S).sum(0),
                               rtol=1e-5)


def newton_sqrt(a):
    def f(x):
        return x * x - a

    def solve(f, x0):
        return lax.fori_loop(0, 30, lambda i, x: x - f(x) / (2 * x), x0)
    return lax.custom_root(f, 1.0, solve, lambda g, y: y / g(1.0))


def test_custom_root_implicit_derivative():
    with wax.enable_x64():
        assert float(newton_sqrt(2.0)) == pytest.approx(np.sqrt(2.0))
        assert float(wax.grad(newton_sqrt)(2.0)) == pytest.approx(0.5 / np.sqrt(2.0))
        check_grads(newton_sqrt, (2.0,), order=2)
        np.testing.assert_allclose(np.asarray(wax.vmap(wax.grad(newton_sqrt))(
            jnp.array([4.0, 9.0]))), [0.25, 1 / 6])
