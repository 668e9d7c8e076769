"""Special cases of the linear-algebra functions: empty and singular matrices, NaN input,
dtype promotion (int/bool to float32, float16, x64), the det/slogdet/solve derivatives at
singular points, vmap and jit of the compositions, and the errors JAX raises."""
import numpy as np
import pytest

import wax
import wax.lax.linalg as lax_linalg
import wax.numpy as jnp
import wax.scipy.linalg as wsl


# --- empty, singular, NaN --------------------------------------------------------------

def test_empty_matrices():
    empty = jnp.zeros((0, 0))
    assert float(jnp.linalg.det(empty)) == 1.0
    sign, logdet = jnp.linalg.slogdet(empty)
    assert (float(sign), float(logdet)) == (1.0, 0.0)
    assert jnp.linalg.inv(empty).shape == (0, 0)
    assert jnp.linalg.eigh(jnp.zeros((2, 0, 0))).eigenvalues.shape == (2, 0)
    assert jnp.linalg.cholesky(jnp.zeros((3, 0, 0))).shape == (3, 0, 0)
    assert jnp.linalg.svd(jnp.zeros((2, 0, 3)), compute_uv=False).shape == (2, 0)
    assert jnp.linalg.pinv(jnp.zeros((0, 3))).shape == (3, 0)
    x, resid, rank, s = jnp.linalg.lstsq(jnp.zeros((0, 2)), jnp.zeros((0,)))
    assert x.shape == (2,) and int(rank) == 0 and s.shape == (0,)
    lu, piv, perm = lax_linalg.lu(jnp.zeros((0, 3)))
    assert lu.shape == (0, 3) and piv.shape == (0,) and perm.shape == (0,)
    out = lax_linalg.triangular_solve(jnp.eye(2), jnp.zeros((2, 0)), left_side=True)
    assert out.shape == (2, 0)


def test_singular_matrices():
    sing = jnp.array([[1., 2.], [2., 4.]])
    assert float(jnp.linalg.det(sing)) == 0.0
    big = jnp.array([[1., 2., 3., 4.], [2., 4., 6., 8.], [1., 0., 1., 0.], [0., 1., 1., 3.]])
    assert float(jnp.linalg.det(big)) == 0.0
    sign, logdet = jnp.linalg.slogdet(big)
    assert float(sign) == 0.0 and float(logdet) == -np.inf
    assert not np.all(np.isfinite(np.asarray(jnp.linalg.inv(big))))
    assert int(jnp.linalg.matrix_rank(big)) == 3
    assert float(jnp.linalg.cond(big, 1)) == np.inf


def test_nan_input_gives_nan_factorizations():
    bad = jnp.array([[1., np.nan], [np.nan, 1.]])
    assert np.all(np.isnan(np.asarray(jnp.linalg.eigh(bad).eigenvalues)))
    assert np.all(np.isnan(np.asarray(jnp.linalg.svd(bad, compute_uv=False))))
    assert np.all(np.isnan(np.asarray(jnp.linalg.eigvals(bad))))
    # (cholesky, lu and qr of NaN input: JAX's exact patterns are in the recorded facts)


def test_not_positive_definite_cholesky_is_nan_lower_triangle():
    out = np.asarray(jnp.linalg.cholesky(jnp.array([[1., 2.], [2., 1.]])))
    assert np.isnan(out[0, 0]) and np.isnan(out[1, 0]) and np.isnan(out[1, 1])
    assert out[0, 1] == 0


# --- dtypes ------------------------------------------------------------------------------

@pytest.mark.parametrize("fun", [jnp.linalg.inv, jnp.linalg.det, jnp.linalg.cholesky,
                                 jnp.linalg.eigvalsh, jnp.linalg.svdvals, jnp.linalg.norm,
                                 jnp.linalg.pinv, lambda a: jnp.linalg.slogdet(a)[1],
                                 lambda a: jnp.linalg.qr(a)[1], wsl.expm, wsl.inv])
@pytest.mark.parametrize("dtype", [np.int32, np.bool_, np.uint8])
def test_integer_and_bool_inputs_become_float32(fun, dtype):
    a = np.array([[2, 1], [1, 2]]).astype(dtype)
    out = fun(jnp.asarray(a))
    assert out.dtype == np.float32 and out.weak_type is False


def test_eig_of_integers_is_complex64_and_x64_gives_64_bit_results():
    assert jnp.linalg.eigvals(jnp.array([[2, 1], [0, 3]])).dtype == np.complex64
    with wax.enable_x64():
        a = jnp.array([[2., 1.], [1., 3.]])
        assert a.dtype == np.float64
        assert jnp.linalg.inv(a).dtype == np.float64
        assert jnp.linalg.eigh(a).eigenvalues.dtype == np.float64
        assert jnp.linalg.eigvals(a).dtype == np.complex128
        assert jnp.linalg.det(jnp.array([[1, 2], [3, 4]])).dtype == np.float64
        w = jnp.linalg.eigvalsh(jnp.array([[2., 1j], [-1j, 2.]]))
        assert w.dtype == np.float64
        np.testing.assert_allclose(np.asarray(w), [1., 3.], rtol=1e-14)


def test_half_precision():
    # LAPACK has no half-precision routines: JAX raises NotImplementedError, except where a
    # closed form or a non-LAPACK path applies (2x2/3x3 det, norms, triangular solves).
    a16 = jnp.asarray(np.array([[2., 1.], [1., 2.]], np.float16))
    assert jnp.linalg.det(a16).dtype == np.float16
    assert jnp.linalg.norm(a16).dtype == np.float16
    out = lax_linalg.triangular_solve(a16, a16, left_side=True, lower=True)
    assert out.dtype == np.float16
    np.testing.assert_allclose(np.asarray(out, np.float32),
                               np.linalg.solve(np.tril([[2., 1.], [1., 2.]]), [[2., 1.], [1., 2.]]),
                               atol=2e-3)
    for fun in (jnp.linalg.inv, jnp.linalg.cholesky, jnp.linalg.eigvalsh, jnp.linalg.svdvals,
                lax_linalg.lu):
        with pytest.raises(NotImplementedError, match="float16"):
            fun(a16)


def test_complex_hermitian_functions():
    a = np.array([[2., 1 + 1j], [1 - 1j, 3.]], np.complex64)
    w, v = jnp.linalg.eigh(jnp.asarray(a))
    assert w.dtype == np.float32 and v.dtype == np.complex64
    np.testing.assert_allclose(np.asarray(w), np.linalg.eigvalsh(a), rtol=1e-5)
    chol = np.asarray(jnp.linalg.cholesky(jnp.asarray(a)))
    np.testing.assert_allclose(chol @ chol.conj().T, a, atol=1e-5)
    sign, logdet = jnp.linalg.slogdet(jnp.asarray(a))
    assert sign.dtype == np.complex64 and logdet.dtype == np.float32


# --- derivatives at special points ---------------------------------------------------------

def test_det_gradient_is_the_adjugate_even_when_singular():
    with wax.enable_x64():
        a = np.diag([1., 2., 3., 4., 0.])
        grad = np.asarray(wax.grad(jnp.linalg.det)(jnp.asarray(a)))
        expected = np.zeros((5, 5))
        expected[4, 4] = 24.0  # the cofactor of the zero pivot
        np.testing.assert_allclose(grad, expected, atol=1e-12)
        rank2 = np.diag([1., 2., 0., 0.])
        np.testing.assert_array_equal(np.asarray(wax.grad(jnp.linalg.det)(jnp.asarray(rank2))),
                                      0.0)
        b = np.array([[1., 2., 3.], [4., 5., 6.], [7., 8., 10.]])
        np.testing.assert_allclose(np.asarray(wax.grad(jnp.linalg.det)(jnp.asarray(b))),
                                   np.linalg.det(b) * np.linalg.inv(b).T, rtol=1e-12)
        c = np.random.default_rng(0).normal(size=(5, 5))
        np.testing.assert_allclose(np.asarray(wax.grad(jnp.linalg.det)(jnp.asarray(c))),
                                   np.linalg.det(c) * np.linalg.inv(c).T, rtol=1e-10)


def test_slogdet_and_solve_gradients_by_hand():
    with wax.enable_x64():
        a = np.array([[3., 1., 0.5], [1., 4., 1.], [0., 1., 5.]])
        b = np.array([1., 2., 3.])
        grad = wax.grad(lambda x: jnp.linalg.slogdet(x)[1])(jnp.asarray(a))
        np.testing.assert_allclose(np.asarray(grad), np.linalg.inv(a).T, rtol=1e-12)
        # d/db of sum(solve(a, b)) is solve(aᵀ, 1); d/da is -outer(that, x).
        ga, gb = wax.grad(lambda x, y: jnp.sum(jnp.linalg.solve(x, y)), argnums=(0, 1))(
            jnp.asarray(a), jnp.asarray(b))
        lam = np.linalg.solve(a.T, np.ones(3))
        x = np.linalg.solve(a, b)
        np.testing.assert_allclose(np.asarray(gb), lam, rtol=1e-12)
        np.testing.assert_allclose(np.asarray(ga), -np.outer(lam, x), rtol=1e-12)


def test_eigvals_second_derivative_raises_as_jax():
    a = jnp.asarray(np.random.default_rng(1).normal(size=(3, 3)).astype(np.float32))
    f = lambda x: jnp.sum(jnp.real(jnp.linalg.eigvals(x)))  # noqa: E731
    np.testing.assert_allclose(np.asarray(wax.grad(f)(a)), np.eye(3), atol=1e-5)
    with pytest.raises(NotImplementedError, match="enable_eigvec_derivs"):
        wax.hessian(f)(a)
    with pytest.raises(NotImplementedError, match="enable_eigvec_derivs"):
        wax.grad(lambda x: jnp.sum(jnp.abs(jnp.linalg.eig(x).eigenvectors)))(a)


def test_eig_eigenvector_derivatives_when_enabled():
    from wax.test_util import check_grads
    rng = np.random.default_rng(2)
    with wax.enable_x64():
        a = jnp.asarray(rng.normal(size=(3, 3)))

        def f(x):
            w, vr = lax_linalg.eig(x, compute_left_eigenvectors=False,
                                   enable_eigvec_derivs=True)
            return jnp.real(vr * jnp.conj(vr)), jnp.real(w)
        check_grads(f, (a,), order=1, modes=("fwd", "rev"))


def test_svd_full_matrices_jvp_raises_for_rectangular():
    a = jnp.ones((3, 2))
    with pytest.raises(NotImplementedError, match="full matrices"):
        wax.jvp(lambda x: jnp.linalg.svd(x)[0], (a,), (a,))
    # square matrices are fine
    wax.jvp(lambda x: jnp.linalg.svd(x)[0], (jnp.eye(2),), (jnp.eye(2),))


def test_expm_gradient_and_frechet():
    rng = np.random.default_rng(3)
    with wax.enable_x64():
        a = rng.normal(size=(3, 3))
        e = rng.normal(size=(3, 3))
        import scipy.linalg as sla
        expm_a, frechet = wsl.expm_frechet(jnp.asarray(a), jnp.asarray(e))
        ref_expm, ref_frechet = sla.expm_frechet(a, e)
        np.testing.assert_allclose(np.asarray(expm_a), ref_expm, rtol=1e-12)
        np.testing.assert_allclose(np.asarray(frechet), ref_frechet, rtol=1e-10)
        # grad of <E, expm(A)> is the Fréchet derivative in direction E at Aᵀ
        grad = wax.grad(lambda x: jnp.sum(wsl.expm(x) * jnp.asarray(e)))(jnp.asarray(a))
        np.testing.assert_allclose(np.asarray(grad), sla.expm_frechet(a.T, e)[1], rtol=1e-10)


# --- transformations of the compositions ---------------------------------------------------

def test_vmap_and_jit_of_scipy_and_numpy_compositions():
    rng = np.random.default_rng(4)
    a = rng.normal(size=(3, 4, 4)).astype(np.float32) + 4 * np.eye(4, dtype=np.float32)
    b = rng.normal(size=(3, 4)).astype(np.float32)
    for fun in (jnp.linalg.inv, jnp.linalg.det, jnp.linalg.pinv, wsl.expm,
                lambda x: jnp.linalg.norm(x, 2, axis=(-2, -1)), lambda x: wsl.lu(x)[2],
                lambda x: jnp.linalg.matrix_power(x, -3)):
        batched = np.asarray(wax.vmap(fun)(jnp.asarray(a)))
        loop = np.stack([np.asarray(fun(jnp.asarray(m))) for m in a])
        np.testing.assert_allclose(batched, loop, rtol=2e-5, atol=2e-5)
        np.testing.assert_array_equal(np.asarray(wax.jit(fun)(jnp.asarray(a))),
                                      np.asarray(fun(jnp.asarray(a))))
    x = wax.vmap(jnp.linalg.solve, in_axes=(None, 0))(jnp.asarray(a[0]), jnp.asarray(b))
    np.testing.assert_allclose(np.asarray(x), np.linalg.solve(a[0], b.T).T, rtol=1e-4,
                               atol=1e-5)
    sols = wax.vmap(lambda c: wsl.cho_solve((c, True), jnp.ones(4)))(
        jnp.asarray(np.linalg.cholesky(a @ np.swapaxes(a, -1, -2))))
    np.testing.assert_allclose(np.asarray(sols), np.linalg.solve(a @ np.swapaxes(a, -1, -2),
                                                                 np.ones((3, 4, 1)))[..., 0],
                               rtol=1e-4)


def test_solve_broadcasting_follows_jax():
    a = jnp.array([[2., 1.], [1., 2.]])
    assert jnp.linalg.solve(jnp.stack([a] * 3), jnp.ones((2,))).shape == (3, 2)
    assert jnp.linalg.solve(a, jnp.ones((3, 2, 2))).shape == (3, 2, 2)
    assert jnp.linalg.solve(jnp.stack([a] * 3), jnp.ones((1, 2, 1))).shape == (3, 2, 1)
    with pytest.raises(ValueError, match="Invalid shapes for solve"):
        jnp.linalg.solve(jnp.stack([a] * 3), jnp.ones((3, 2)))


# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("fun", [jnp.linalg.inv, jnp.linalg.det, jnp.linalg.cholesky,
                                 jnp.linalg.eigh, jnp.linalg.eigvals, jnp.linalg.slogdet,
                                 wsl.expm, wsl.cholesky, wsl.schur])
def test_non_square_input_is_a_value_error_naming_the_shape(fun):
    with pytest.raises(ValueError, match=r"\(2, 3\)|2, 3"):
        fun(jnp.ones((2, 3)))


def test_primitive_errors():
    with pytest.raises(TypeError, match="rank at least 2"):
        lax_linalg.cholesky(jnp.ones(3))
    with pytest.raises(TypeError, match="lu does not accept dtype int32"):
        lax_linalg.lu(jnp.ones((2, 2), np.int32))
    with pytest.raises(TypeError, match="triangular_solve does not accept dtype int32"):
        lax_linalg.triangular_solve(jnp.ones((2, 2), np.int32), jnp.ones((2, 2), np.int32))
    with pytest.raises(ValueError, match="Incompatible shapes"):
        lax_linalg.triangular_solve(jnp.eye(2), jnp.ones((3, 3)), left_side=True)
    with pytest.raises(TypeError, match="same number of batch dimensions"):
        lax_linalg.triangular_solve(jnp.eye(2), jnp.ones((2, 2, 2)), left_side=True)
    with pytest.raises(TypeError, match="same dtypes"):
        lax_linalg.triangular_solve(jnp.eye(2), jnp.ones((2, 2), np.complex64))
    with pytest.raises(ValueError, match="square"):
        lax_linalg.eig(jnp.ones((2, 3)))
    with pytest.raises(ValueError, match="full_matrices and subset_by_index"):
        lax_linalg.svd(jnp.ones((3, 3)), subset_by_index=(0, 1))
    with pytest.raises(ValueError, match="permutation size"):
        lax_linalg.lu_pivots_to_permutation(jnp.zeros(4, np.int32), 3)
    with pytest.raises(TypeError, match="rank of exactly 2"):
        lax_linalg.cholesky_update(jnp.ones((2, 2, 2)), jnp.ones((2, 2)))
    with pytest.raises(TypeError, match="tridiagonal_solve requires"):
        lax_linalg.tridiagonal_solve(jnp.ones(3), jnp.ones(3), jnp.ones(2), jnp.ones((3, 1)))
    with pytest.raises(ValueError, match="at least as many rows"):
        lax_linalg.householder_product(jnp.ones((2, 3)), jnp.ones(2))


def test_numpy_layer_errors():
    with pytest.raises(TypeError, match="requires ndarray or scalar"):
        jnp.linalg.inv([[1., 0.], [0., 1.]])
    with pytest.raises(ValueError, match="Invalid order 'fro' for vector norm"):
        jnp.linalg.norm(jnp.ones(3), "fro")
    with pytest.raises(ValueError, match="Invalid order '3' for matrix norm"):
        jnp.linalg.norm(jnp.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="Improper number of axes"):
        jnp.linalg.norm(jnp.ones((2, 2, 2)), 2)
    with pytest.raises(ValueError, match="Use 'jax.numpy.inf' instead"):
        jnp.linalg.vector_norm(jnp.ones(3), ord="inf")
    with pytest.raises(TypeError, match="exponent must be an integer"):
        jnp.linalg.matrix_power(jnp.eye(2), 1.5)
    with pytest.raises(TypeError, match="must be square"):
        jnp.linalg.matrix_power(jnp.ones((2, 3)), 2)
    with pytest.raises(ValueError, match="only one of rtol and rcond"):
        jnp.linalg.pinv(jnp.eye(2), rtol=0.1, rcond=0.1)
    with pytest.raises(ValueError, match="only one of tol or rtol"):
        jnp.linalg.matrix_rank(jnp.eye(2), rtol=0.1, tol=0.1)
    with pytest.raises(ValueError, match="UPLO must be one of"):
        jnp.linalg.eigh(jnp.eye(2), UPLO="X")
    with pytest.raises(ValueError, match="Unsupported QR decomposition mode"):
        jnp.linalg.qr(jnp.eye(2), mode="economic")
    with pytest.raises(ValueError, match="Unknown slogdet method"):
        jnp.linalg.slogdet(jnp.eye(2), method="svd")
    with pytest.raises(ValueError, match="left hand array must be at least two"):
        jnp.linalg.solve(jnp.ones(2), jnp.ones(2))
    with pytest.raises(ValueError, match="3-dimensional vectors"):
        jnp.linalg.cross(jnp.ones(2), jnp.ones(2))
    with pytest.raises(ValueError, match="one-dimensional"):
        jnp.linalg.outer(jnp.ones((2, 2)), jnp.ones(2))
    with pytest.raises(ValueError, match="at least two arrays"):
        jnp.linalg.multi_dot([jnp.ones(2)])
    with pytest.raises(ValueError, match="tensorinv is only possible"):
        jnp.linalg.tensorinv(jnp.ones((2, 3)), ind=1)
    with pytest.raises(ValueError, match="must not be empty"):
        jnp.linalg.cond(jnp.ones((0, 2)))
    with pytest.raises(ValueError, match="Leading dimensions"):
        jnp.linalg.lstsq(jnp.ones((3, 2)), jnp.ones(2))


def test_scipy_layer_errors():
    with pytest.raises(ValueError, match="assume_a"):
        wsl.solve(jnp.eye(2), jnp.ones(2), assume_a="banded")
    with pytest.raises(ValueError, match="Invalid 'trans' value"):
        wsl.solve_triangular(jnp.eye(2), jnp.ones(2), trans=3)
    with pytest.raises(NotImplementedError, match="b=None"):
        wsl.eigh(jnp.eye(2), jnp.eye(2))
    with pytest.raises(ValueError, match="'real' or 'complex'"):
        wsl.schur(jnp.eye(2), output="other")
    with pytest.raises(ValueError, match="`side` must be either"):
        wsl.polar(jnp.eye(2), side="top")
    with pytest.raises(NotImplementedError, match="qdwh"):
        wsl.polar(jnp.ones((2, 3)))
    with pytest.raises(ValueError, match="power of 2"):
        wsl.hadamard(6)
    with pytest.raises(NotImplementedError, match="select='v'"):
        wsl.eigh_tridiagonal(jnp.ones(3), jnp.ones(2), select="v")
    with pytest.raises(TypeError, match="same dtype"):
        wsl.eigh_tridiagonal(jnp.ones(3), jnp.ones(2, np.int32))
    with pytest.raises(NotImplementedError, match="Blocked"):
        wsl.sqrtm(jnp.eye(2), blocksize=2)
    with pytest.raises(ValueError, match="Unsupported QR decomposition mode 'raw'"):
        wsl.qr(jnp.eye(2), mode="raw")
    with pytest.raises(ValueError, match="Incompatible shapes for Sylvester"):
        wsl.solve_sylvester(jnp.eye(2), jnp.eye(3), jnp.ones((3, 3)))
    with pytest.warns(FutureWarning, match="batched 1D solves"):
        wsl.solve_triangular(jnp.stack([jnp.eye(2)] * 3), jnp.ones((3, 2)))
