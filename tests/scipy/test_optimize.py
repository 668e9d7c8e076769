"""wax.scipy.optimize.minimize(method="BFGS") against SciPy's BFGS and known minima:
convergence, the result fields, float64, args, jit and vmap, and errors."""
import numpy as np
import pytest
import scipy.optimize

import wax
import wax.numpy as jnp
from wax.scipy.optimize import OptimizeResults, minimize


def rosenbrock(x):
    return jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosenbrock_np(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def test_rosenbrock_in_float64_reaches_the_minimum():
    x0 = np.array([1.3, 0.7, 0.8, 1.9, 1.2])
    with wax.enable_x64():
        result = minimize(rosenbrock, jnp.asarray(x0), method="BFGS")
    assert isinstance(result, OptimizeResults)
    assert bool(result.success) and int(result.status) == 0
    np.testing.assert_allclose(result.x, np.ones(5), atol=1e-5)
    assert float(result.fun) < 1e-10
    assert np.max(np.abs(np.asarray(result.jac))) < 1e-5
    assert int(result.nfev) == int(result.njev) and int(result.nit) > 0


def test_rosenbrock_local_minimum_like_scipy():
    """From (-1.2, 1, 0.8, 1.5) the 4-d Rosenbrock function has a local minimum near
    (-0.78, 0.61, 0.38, 0.15); SciPy's BFGS and wax's both stop there."""
    x0 = np.array([-1.2, 1.0, 0.8, 1.5])
    with wax.enable_x64():
        result = minimize(rosenbrock, jnp.asarray(x0), method="BFGS")
    reference = scipy.optimize.minimize(rosenbrock_np, x0, method="BFGS")
    assert bool(result.success)
    np.testing.assert_allclose(result.x, reference.x, atol=1e-4)
    np.testing.assert_allclose(result.fun, reference.fun, rtol=1e-8)


def test_quadratic_result_fields():
    """A quadratic 1/2 x^T A x - b^T x: minimum A^-1 b; BFGS's inverse-Hessian estimate
    is symmetric positive definite and near A^-1 (exactly A^-1 only with exact line
    searches)."""
    a = np.array([[3.0, 0.5, 0.0], [0.5, 2.0, 0.3], [0.0, 0.3, 1.0]])
    b = np.array([1.0, -2.0, 0.5])

    def fun(x, a, b):
        return 0.5 * x @ a @ x - b @ x

    with wax.enable_x64():
        result = minimize(fun, jnp.zeros(3), args=(jnp.asarray(a), jnp.asarray(b)),
                          method="bfgs")
    np.testing.assert_allclose(result.x, np.linalg.solve(a, b), atol=1e-5)
    h = np.asarray(result.hess_inv)
    np.testing.assert_allclose(h, h.T, atol=1e-12)
    assert np.linalg.eigvalsh(h).min() > 0
    np.testing.assert_allclose(h, np.linalg.inv(a), atol=2e-2)
    assert result.x.dtype == np.float64 and result.success.dtype == np.bool_


def test_float32_and_options():
    x0 = jnp.asarray(np.array([3.0, -2.0], np.float32))
    result = minimize(lambda x: jnp.sum(jnp.cosh(x - 1.0)), x0, method="BFGS")
    np.testing.assert_allclose(result.x, [1.0, 1.0], atol=1e-3)
    assert result.x.dtype == np.float32
    capped = minimize(lambda x: jnp.sum(jnp.cosh(x - 1.0)), x0, method="BFGS",
                      options={"maxiter": 1})
    assert int(capped.nit) == 1 and int(capped.status) == 1 and not bool(capped.success)
    loose = minimize(lambda x: jnp.sum(jnp.cosh(x - 1.0)), x0, method="BFGS",
                     options={"gtol": 1e-1, "norm": 2})
    assert bool(loose.success) and int(loose.nit) <= int(result.nit)


def test_unbounded_problem_reports_line_search_failure():
    result = minimize(lambda x: -jnp.sum(x), jnp.ones(2), method="BFGS")
    assert not bool(result.success)
    assert int(result.status) >= 2  # 2 + the line search's status


def test_jit_and_vmap_over_starting_points():
    def solve(x0):
        return minimize(lambda x: jnp.sum((x - 3.0) ** 2 * jnp.arange(1.0, 3.0)), x0,
                        method="BFGS").x

    starts = jnp.asarray(np.array([[0.0, 1.0], [5.0, 6.0], [-2.0, 2.0]], np.float32))
    np.testing.assert_allclose(wax.jit(solve)(starts[0]), [3.0, 3.0], atol=1e-4)
    np.testing.assert_allclose(wax.vmap(solve)(starts), np.full((3, 2), 3.0), atol=1e-4)


def test_errors():
    with pytest.raises(ValueError, match="Method Nelder-Mead not recognized"):
        minimize(rosenbrock, jnp.zeros(2), method="Nelder-Mead")
    with pytest.raises(TypeError, match="must be a tuple"):
        minimize(rosenbrock, jnp.zeros(2), args=[1.0], method="BFGS")
    with pytest.raises(ValueError, match="one-dimensional x0"):
        minimize(rosenbrock, jnp.zeros((2, 2)), method="BFGS")
    with pytest.raises(TypeError, match="scalar"):
        minimize(lambda x: x * 2, jnp.zeros(2), method="BFGS")
