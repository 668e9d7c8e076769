"""Decompositions checked by the identities that define them (reconstruction,
orthogonality, triangularity) on tall, wide, square, batched and complex inputs, in
float32 and (x64) float64, plus the lax.linalg primitives the op records do not cover."""
import numpy as np
import pytest
import scipy.linalg as sla

import wax
import wax.lax.linalg as lax_linalg
import wax.numpy as jnp
import wax.scipy.linalg as wsl

SHAPES = [(3, 3), (5, 3), (3, 5), (2, 4, 3), (2, 3, 4)]


def _rand(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.normal(size=shape)
    return x.astype(dtype)


def _H(x):
    return np.swapaxes(np.conj(x), -1, -2)


def _eye_like(x, n):
    return np.broadcast_to(np.eye(n), x.shape[:-2] + (n, n))


def _tol(dtype):
    return 1e-4 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-11


DTYPES = [np.float32, np.complex64, np.float64, np.complex128]


def _x64(dtype):
    return wax.enable_x64(np.dtype(dtype) in (np.float64, np.complex128))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("full", [False, True])
def test_qr_reconstructs_with_unitary_q(shape, dtype, full):
    a = _rand(shape, dtype)
    with _x64(dtype):
        q, r = lax_linalg.qr(jnp.asarray(a), full_matrices=full)
    q, r = np.asarray(q), np.asarray(r)
    assert q.dtype == r.dtype == np.dtype(dtype)
    m, n = shape[-2:]
    k = m if full else min(m, n)
    assert q.shape == shape[:-2] + (m, k) and r.shape == shape[:-2] + (k, n)
    tol = _tol(dtype)
    np.testing.assert_allclose(q @ r, a, atol=tol * 10, rtol=tol)
    np.testing.assert_allclose(_H(q) @ q, _eye_like(q, k), atol=tol)
    np.testing.assert_array_equal(np.tril(r, -1), 0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("full", [False, True])
def test_svd_reconstructs_with_unitary_factors(shape, dtype, full):
    a = _rand(shape, dtype, 1)
    with _x64(dtype):
        u, s, vh = jnp.linalg.svd(jnp.asarray(a), full_matrices=full)
    u, s, vh = map(np.asarray, (u, s, vh))
    m, n = shape[-2:]
    k = min(m, n)
    assert s.dtype == np.dtype(dtype).type(0).real.dtype
    assert u.shape == shape[:-2] + ((m, m) if full else (m, k))
    assert vh.shape == shape[:-2] + ((n, n) if full else (k, n))
    tol = _tol(dtype)
    np.testing.assert_allclose((u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :], a,
                               atol=tol * 10, rtol=tol)
    np.testing.assert_allclose(_H(u) @ u, _eye_like(u, u.shape[-1]), atol=tol)
    np.testing.assert_allclose(vh @ _H(vh), _eye_like(vh, vh.shape[-2]), atol=tol)
    assert np.all(np.diff(s, axis=-1) <= 0) and np.all(s >= 0)
    np.testing.assert_allclose(s, np.linalg.svd(a.astype(np.complex128), compute_uv=False),
                               rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_eigh_diagonalizes_with_ascending_eigenvalues(dtype):
    a = _rand((2, 4, 4), dtype, 2)
    herm = (a + _H(a)) / 2
    with _x64(dtype):
        w, v = jnp.linalg.eigh(jnp.asarray(a))
    w, v = np.asarray(w), np.asarray(v)
    assert w.dtype == np.dtype(dtype).type(0).real.dtype and v.dtype == np.dtype(dtype)
    tol = _tol(dtype)
    np.testing.assert_allclose(herm @ v, v * w[..., None, :], atol=tol * 10)
    np.testing.assert_allclose(_H(v) @ v, _eye_like(v, 4), atol=tol)
    assert np.all(np.diff(w, axis=-1) >= 0)


def test_eigh_subset_by_index_and_lower_triangle():
    a = np.array([[2., 100.], [1., 3.]], np.float32)  # only one triangle is read
    v, w = lax_linalg.eigh(jnp.asarray(a), symmetrize_input=False, lower=True)
    np.testing.assert_allclose(np.asarray(w), np.linalg.eigvalsh(a, UPLO="L"), rtol=1e-6)
    v, w = lax_linalg.eigh(jnp.asarray(a), symmetrize_input=False, lower=False)
    np.testing.assert_allclose(np.asarray(w), np.linalg.eigvalsh(a, UPLO="U"), rtol=1e-6)
    spd = _rand((5, 5), np.float64, 3)
    spd = spd @ spd.T
    with wax.enable_x64():
        v, w = lax_linalg.eigh(jnp.asarray(spd), subset_by_index=(1, 4))
    assert v.shape == (5, 3) and w.shape == (3,)
    np.testing.assert_allclose(np.asarray(w), np.linalg.eigvalsh(spd)[1:4], rtol=1e-10)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_eig_left_and_right_eigenvectors(dtype):
    a = _rand((2, 3, 3), dtype, 4)
    with _x64(dtype):
        w, vl, vr = lax_linalg.eig(jnp.asarray(a))
        only = lax_linalg.eig(jnp.asarray(a), compute_left_eigenvectors=False,
                              compute_right_eigenvectors=False)
    w, vl, vr = map(np.asarray, (w, vl, vr))
    assert w.dtype == vl.dtype == vr.dtype == (np.complex64 if dtype == np.float32 else
                                               np.complex128)
    tol = _tol(dtype) * 10
    np.testing.assert_allclose(a @ vr, vr * w[..., None, :], atol=tol)
    np.testing.assert_allclose(_H(vl) @ a, w[..., :, None] * _H(vl), atol=tol)
    np.testing.assert_allclose(np.linalg.norm(vr, axis=-2), 1, rtol=tol)
    assert len(only) == 1
    np.testing.assert_allclose(np.asarray(only[0]), w, rtol=tol, atol=tol)


@pytest.mark.parametrize("shape", [(3, 3), (4, 2), (2, 4), (2, 3, 3)])
@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_lu_reconstructs_permuted_input(shape, dtype):
    a = _rand(shape, dtype, 5)
    with _x64(dtype):
        lu, pivots, perm = lax_linalg.lu(jnp.asarray(a))
    lu, pivots, perm = map(np.asarray, (lu, pivots, perm))
    m, n = shape[-2:]
    k = min(m, n)
    assert pivots.dtype == perm.dtype == np.int32
    assert pivots.shape == shape[:-2] + (k,) and perm.shape == shape[:-2] + (m,)
    lower = np.tril(lu, -1)[..., :, :k] + np.eye(m, k)
    upper = np.triu(lu)[..., :k, :]
    permuted = np.take_along_axis(a, perm[..., :, None], axis=-2)
    np.testing.assert_allclose(lower @ upper, permuted, atol=_tol(dtype) * 10)
    for idx in np.ndindex(*shape[:-2]):
        ref_lu, ref_piv = sla.lu_factor(a[idx])
        np.testing.assert_array_equal(pivots[idx], ref_piv)


def test_qr_pivoting_and_scipy_qr_multiply():
    a = _rand((5, 3), np.float64, 6)
    with wax.enable_x64():
        q, r, p = lax_linalg.qr(jnp.asarray(a), pivoting=True, full_matrices=False)
        cq, r2 = wsl.qr_multiply(jnp.asarray(a), jnp.eye(5)[:2])
    q, r, p = map(np.asarray, (q, r, p))
    np.testing.assert_allclose(q @ r, a[:, p], atol=1e-12)
    assert np.all(np.abs(np.diagonal(r))[:-1] >= np.abs(np.diagonal(r))[1:])
    np.testing.assert_allclose(np.asarray(cq), sla.qr_multiply(a, np.eye(5)[:2])[0],
                               atol=1e-12)


def test_schur_hessenberg_and_tridiagonal_reconstruct():
    a = _rand((4, 4), np.float64, 7)
    with wax.enable_x64():
        t, z = lax_linalg.schur(jnp.asarray(a))
        h, q = wsl.hessenberg(jnp.asarray(a), calc_q=True)
        sym = jnp.asarray(a + a.T)
        packed, d, e, taus = lax_linalg.tridiagonal(sym)
        tc, zc = wsl.schur(jnp.asarray(a), output="complex")
    t, z, h, q = map(np.asarray, (t, z, h, q))
    np.testing.assert_allclose(z @ t @ z.T, a, atol=1e-12)
    np.testing.assert_allclose(q @ h @ q.T, a, atol=1e-12)
    np.testing.assert_array_equal(np.tril(h, -2), 0)
    tri = np.diag(np.asarray(d)) + np.diag(np.asarray(e), 1) + np.diag(np.asarray(e), -1)
    np.testing.assert_allclose(np.linalg.eigvalsh(tri), np.linalg.eigvalsh(a + a.T),
                               atol=1e-12)
    tc, zc = np.asarray(tc), np.asarray(zc)
    np.testing.assert_allclose(zc @ tc @ _H(zc), a, atol=1e-12)
    np.testing.assert_allclose(np.tril(tc, -1), 0, atol=1e-12)


def test_householder_product_and_ormqr_agree():
    a = _rand((5, 3), np.float64, 8)
    h, taus = sla.lapack.dgeqrf(a)[:2]
    c = _rand((5, 2), np.float64, 9)
    with wax.enable_x64():
        q = np.asarray(lax_linalg.householder_product(jnp.asarray(h), jnp.asarray(taus)))
        qc = lax_linalg.ormqr(jnp.asarray(h), jnp.asarray(taus), jnp.asarray(c))
        qtc = lax_linalg.ormqr(jnp.asarray(h), jnp.asarray(taus), jnp.asarray(c),
                               transpose=True)
        cq = lax_linalg.ormqr(jnp.asarray(h), jnp.asarray(taus), jnp.asarray(c.T), left=False)
    full_q = sla.qr(a)[0]
    np.testing.assert_allclose(q, full_q[:, :3], atol=1e-12)
    np.testing.assert_allclose(np.asarray(qc), full_q @ c, atol=1e-12)
    np.testing.assert_allclose(np.asarray(qtc), full_q.T @ c, atol=1e-12)
    np.testing.assert_allclose(np.asarray(cq), c.T @ full_q, atol=1e-12)


def test_cholesky_update_and_symmetric_product():
    r = np.array([[2., 1., 0.5], [0., 3., 1.], [0., 0., 1.5]])
    w = np.array([1., -1., 2.])
    with wax.enable_x64():
        updated = np.asarray(lax_linalg.cholesky_update(jnp.asarray(r), jnp.asarray(w)))
        sp = lax_linalg.symmetric_product(jnp.asarray(r), jnp.eye(3), alpha=2., beta=-1.,
                                          symmetrize_output=True)
    np.testing.assert_allclose(updated.T @ updated, r.T @ r + np.outer(w, w), atol=1e-12)
    np.testing.assert_allclose(np.tril(updated, -1), 0, atol=1e-12)
    np.testing.assert_allclose(np.asarray(sp), 2 * r @ r.T - np.eye(3), atol=1e-12)


def test_qdwh_polar_decomposition():
    x = _rand((5, 3), np.float64, 10)
    with wax.enable_x64():
        u, h, iters, converged = lax_linalg.qdwh(jnp.asarray(x))
    u, h = np.asarray(u), np.asarray(h)
    assert bool(converged) and 0 < int(iters) <= 10
    np.testing.assert_allclose(u @ h, x, atol=1e-10)
    np.testing.assert_allclose(u.T @ u, np.eye(3), atol=1e-10)
    np.testing.assert_allclose(h, h.T, atol=1e-12)
    assert np.all(np.linalg.eigvalsh(h) > 0)
    np.testing.assert_allclose(u, sla.polar(x)[0], atol=1e-10)


def test_tridiagonal_solve_singular_and_perturbed():
    dl = np.array([0., 1., 1.], np.float32)
    d = np.array([1., 1., 1.], np.float32)
    du = np.array([1., 0., 0.], np.float32)  # singular: rows 0 and 1 equal
    b = np.array([[1.], [2.], [3.]], np.float32)
    out = lax_linalg.tridiagonal_solve(jnp.asarray(dl), jnp.asarray(d), jnp.asarray(du),
                                       jnp.asarray(b))
    assert np.all(np.isnan(np.asarray(out)))  # LAPACK reports the zero pivot: NaNs, as JAX
    perturbed = lax_linalg.tridiagonal_solve(jnp.asarray(dl), jnp.asarray(d), jnp.asarray(du),
                                             jnp.asarray(b), perturb_singular=True)
    assert np.all(np.isfinite(np.asarray(perturbed)))


def test_expm_of_known_matrices():
    theta = 0.7
    rot = np.array([[0., -theta], [theta, 0.]])
    with wax.enable_x64():
        got = np.asarray(wsl.expm(jnp.asarray(rot)))
        nilpotent = np.asarray(wsl.expm(jnp.asarray(np.array([[0., 1.], [0., 0.]]))))
        batched = np.asarray(wsl.expm(jnp.asarray(np.stack([rot, 3 * rot, 40 * rot]))))
    np.testing.assert_allclose(got, [[np.cos(theta), -np.sin(theta)],
                                     [np.sin(theta), np.cos(theta)]], atol=1e-14)
    np.testing.assert_allclose(nilpotent, [[1., 1.], [0., 1.]], atol=1e-15)
    for k, scale in enumerate([1, 3, 40]):
        np.testing.assert_allclose(batched[k], sla.expm(scale * rot), atol=1e-11)
