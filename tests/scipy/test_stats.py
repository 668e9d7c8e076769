"""wax.scipy.stats beyond the op records: supports and their edges against scipy.stats
(-inf log-densities and 0 densities outside the support), broadcasting, integer inputs,
float64 under x64, transformations, and the functions' errors."""
import numpy as np
import pytest
import scipy.stats as ss

import wax
import wax.numpy as jnp
import wax.scipy.stats as st


def f32(values):
    return jnp.asarray(np.asarray(values, np.float32))


def assert_like(got, want, rtol=2e-6, atol=1e-6):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(np.isinf(got) * np.sign(got), np.isinf(want) * np.sign(want))
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=rtol, atol=atol)


X = np.array([-np.inf, -2.0, -0.5, 0.0, 0.3, 1.0, 2.5, 7.0, np.inf])

# (wax function, SciPy function, extra arguments): evaluated over X, where each has
# the same support conventions as SciPy.
CONTINUOUS = [
    ("norm", "logpdf", ()), ("norm", "cdf", ()), ("norm", "logcdf", ()), ("norm", "sf", ()),
    ("norm", "logsf", ()), ("cauchy", "cdf", (0.5, 2.0)), ("cauchy", "logpdf", ()),
    ("laplace", "logpdf", ()), ("laplace", "cdf", (1.0, 0.5)), ("logistic", "cdf", ()),
    ("logistic", "sf", ()), ("expon", "logpdf", (0.5, 2.0)), ("expon", "pdf", ()),
    ("expon", "cdf", ()), ("expon", "sf", ()), ("expon", "logsf", ()),
    ("uniform", "logpdf", (-1.0, 3.0)), ("uniform", "pdf", ()), ("uniform", "cdf", (0.0, 2.0)),
    ("gamma", "logpdf", (2.5,)), ("gamma", "cdf", (2.5,)), ("gamma", "sf", (2.5,)),
    ("chi2", "logpdf", (3.0,)), ("chi2", "cdf", (3.0,)), ("chi2", "sf", (3.0,)),
    ("t", "logpdf", (4.0,)), ("beta", "logpdf", (2.0, 3.0)), ("beta", "cdf", (2.0, 3.0)),
    ("beta", "sf", (2.0, 3.0)), ("beta", "pdf", (2.0, 3.0, -1.0, 4.0)),
]


@pytest.mark.parametrize("dist,fn,args", CONTINUOUS, ids=lambda v: str(v))
def test_continuous_over_the_real_line(dist, fn, args):
    ours = getattr(getattr(st, dist), fn)
    theirs = getattr(getattr(ss, dist), fn)
    x = X[1:-1] if dist == "t" else X  # SciPy's t.logpdf(+-inf) is nan, JAX's -inf
    with np.errstate(all="ignore"):
        want = theirs(x, *args)
    assert_like(ours(f32(x), *args), want)


@pytest.mark.parametrize("dist,fn", [("norm", "ppf"), ("norm", "isf"), ("cauchy", "ppf"),
                                     ("logistic", "ppf"), ("logistic", "isf"),
                                     ("expon", "ppf"), ("uniform", "ppf")])
def test_quantiles_including_the_ends(dist, fn):
    q = np.array([0.0, 1e-6, 0.1, 0.5, 0.9, 1.0])
    if fn == "isf" or dist == "cauchy":
        # isf is ppf(1 - q) and cauchy's ppf is tan(pi q - pi/2), as in JAX: in float32
        # both lose the tails (and tan(+-pi/2) is finite), so compare the body.
        q = q[2:-1]
    want = getattr(getattr(ss, dist), fn)(q, 0.5, 2.0)
    got = getattr(getattr(st, dist), fn)(f32(q), 0.5, 2.0)
    assert_like(got, want, rtol=2e-5, atol=1e-5)
    # Outside [0, 1]: nan where JAX checks the domain (the exponential and uniform).
    if dist in ("expon", "uniform"):
        assert np.isnan(getattr(getattr(st, dist), fn)(f32([-0.1, 1.1]))).all()


def test_discrete_distributions():
    k = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 7.0])
    assert_like(st.poisson.logpmf(f32(k), 2.5), ss.poisson.logpmf(k, 2.5))
    assert_like(st.poisson.pmf(f32(k), 2.5, 1.0), ss.poisson.pmf(k, 2.5, 1.0))
    assert_like(st.poisson.cdf(f32(k + 0.5), 2.5), ss.poisson.cdf(k + 0.5, 2.5))
    assert_like(st.binom.logpmf(f32(k), 6, 0.3), ss.binom.logpmf(k, 6, 0.3), rtol=1e-5)
    assert_like(st.binom.pmf(f32(k), 6, 0.3, 1), ss.binom.pmf(k, 6, 0.3, 1), rtol=1e-5)
    assert_like(st.bernoulli.logpmf(f32(k), 0.3), ss.bernoulli.logpmf(k, 0.3))
    assert_like(st.bernoulli.cdf(f32(k), 0.3), ss.bernoulli.cdf(k, 0.3))
    q = np.array([0.5, 0.69, 0.71, 1.0])
    assert_like(st.bernoulli.ppf(f32(q), 0.3), ss.bernoulli.ppf(q, 0.3))
    assert float(st.bernoulli.ppf(0.0, 0.3)) == 0.0  # JAX's value (SciPy says -1)
    # Non-integer counts have zero Poisson mass.
    assert float(st.poisson.pmf(2.5, 3.0)) == 0.0


def test_poisson_entropy_over_its_branches():
    mu = np.array([0.0, 0.5, 3.0, 9.99, 10.0, 42.0, 99.0, 100.0, 1000.0])
    want = np.array([ss.poisson(m).entropy() if m > 0 else 0.0 for m in mu])
    assert_like(st.poisson.entropy(f32(mu)), want, rtol=2e-5)
    # Its derivative is finite in every branch.
    grads = wax.vmap(wax.grad(st.poisson.entropy))(f32(mu[1:]))
    assert np.isfinite(np.asarray(grads)).all()
    h = 1e-3
    fd = [(ss.poisson(m + h).entropy() - ss.poisson(m - h).entropy()) / (2 * h)
          for m in mu[1:]]
    np.testing.assert_allclose(grads, fd, rtol=2e-3, atol=1e-4)


def test_dirichlet_and_multivariate_normal():
    alpha = np.array([1.5, 2.0, 3.0])
    x = np.array([[0.2, 0.1, 0.6], [0.3, 0.4, 0.3], [0.5, 0.5, 0.1]])
    assert_like(st.dirichlet.logpdf(f32(x), f32(alpha)), ss.dirichlet.logpdf(x, alpha),
                rtol=1e-5)
    # Off the simplex: -inf.
    assert float(st.dirichlet.logpdf(f32([0.5, 0.6, 0.1]), f32(alpha))) == -np.inf
    mean = np.array([0.5, -1.0])
    cov = np.array([[2.0, 0.3], [0.3, 1.0]])
    points = np.array([[0.0, 0.0], [1.0, -2.0], [3.0, 1.0]])
    assert_like(st.multivariate_normal.logpdf(f32(points), f32(mean), f32(cov)),
                ss.multivariate_normal(mean, cov).logpdf(points), rtol=1e-5)
    # A batch of covariances broadcasts against the points.
    covs = np.stack([cov, 2 * cov])
    got = st.multivariate_normal.logpdf(f32(points[:, None]), f32(mean), f32(covs))
    want = np.stack([ss.multivariate_normal(mean, c).logpdf(points) for c in covs], axis=1)
    assert got.shape == (3, 2)
    assert_like(got, want, rtol=1e-5)


def test_broadcasting_and_promotion():
    x = jnp.arange(3)
    out = st.norm.logpdf(x, f32([[0.0], [1.0]]), 2)
    assert out.shape == (2, 3) and out.dtype == np.float32
    assert_like(out, ss.norm.logpdf(np.arange(3), [[0.0], [1.0]], 2))
    assert st.gamma.logpdf(jnp.int32(2), 3).dtype == np.float32
    assert st.poisson.pmf(True, 0.5).dtype == np.float32


def test_float64_under_x64():
    x = np.array([0.1, 0.7, 2.0, 5.0])
    with wax.enable_x64():
        for ours, want in [
            (st.gamma.logpdf(jnp.asarray(x), 2.5, 0.0, 1.5), ss.gamma.logpdf(x, 2.5, 0.0, 1.5)),
            (st.beta.cdf(jnp.asarray(x / 6), 2.0, 3.5), ss.beta.cdf(x / 6, 2.0, 3.5)),
            (st.norm.logcdf(jnp.asarray(-10 * x)), ss.norm.logcdf(-10 * x)),
            (st.t.pdf(jnp.asarray(x), 3.5), ss.t.pdf(x, 3.5)),
            (st.chi2.sf(jnp.asarray(x), 3.0), ss.chi2.sf(x, 3.0)),
        ]:
            assert ours.dtype == np.float64
            np.testing.assert_allclose(ours, want, rtol=1e-12)


def test_jit_and_vmap():
    x = f32([0.2, 1.4, 3.0])
    np.testing.assert_allclose(wax.jit(st.gamma.cdf)(x, 2.0), st.gamma.cdf(x, 2.0))
    batched = wax.vmap(st.norm.logpdf, in_axes=(0, 0, None))(x, x / 2, 1.5)
    np.testing.assert_allclose(batched, st.norm.logpdf(x, x / 2, 1.5), rtol=1e-6)
    np.testing.assert_allclose(wax.vmap(lambda a: st.dirichlet.logpdf(f32([0.2, 0.3, 0.5]),
                                                                       a))(
        f32([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]])),
        [ss.dirichlet.logpdf([0.2, 0.3, 0.5], a) for a in ([1, 2, 3], [2, 2, 2])], rtol=1e-5)


def test_errors():
    with pytest.raises(ValueError, match="`alpha` must be one-dimensional"):
        st.dirichlet.logpdf(f32([0.5, 0.5]), f32([[1.0, 1.0]]))
    with pytest.raises(ValueError, match="incompatible shapes"):
        st.multivariate_normal.logpdf(f32([1.0, 2.0]), f32([0.0, 0.0]), jnp.eye(3))
    with pytest.raises(NotImplementedError, match="allow_singular"):
        st.multivariate_normal.logpdf(f32([1.0]), f32([0.0]), jnp.eye(1), allow_singular=True)
    with pytest.raises(TypeError, match="requires ndarray or scalar arguments"):
        st.norm.logpdf([1.0, 2.0])


# The distributions JAX 0.10.2 has beyond tests/data/api.json's list.
X_MORE = np.array([-1.0, 0.2, 1.5, 3.0, 7.0])
K_MORE = np.array([-1.0, 0.0, 1.0, 2.0, 5.0, 11.0])
Q_MORE = np.array([0.1, 0.5, 0.9])
MORE = [
    ("betabinom", "logpmf", K_MORE, (10, 2.5, 1.5)), ("betabinom", "pmf", K_MORE, (10, 2.5, 1.5)),
    ("gennorm", "logpdf", X_MORE, (1.5,)), ("gennorm", "cdf", X_MORE, (1.5,)),
    ("geom", "logpmf", K_MORE, (0.3,)), ("geom", "pmf", K_MORE, (0.3, 1)),
    ("nbinom", "logpmf", K_MORE, (3.5, 0.4)), ("nbinom", "pmf", K_MORE, (3.5, 0.4)),
    ("wrapcauchy", "logpdf", X_MORE, (0.4,)), ("vonmises", "logpdf", X_MORE, (2.5,)),
    ("vonmises", "pdf", X_MORE, (0.7,)),
] + [(dist, fn, X_MORE, (0.5, 2.0)) for dist in ("gumbel_l", "gumbel_r")
     for fn in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")] + [
    ("gumbel_l", "ppf", Q_MORE, (0.5, 2.0)), ("gumbel_r", "ppf", Q_MORE, (0.5, 2.0)),
    ("pareto", "ppf", Q_MORE, (2.5, 0.5, 1.0)),
] + [("pareto", fn, X_MORE, (2.5, 0.5, 1.0))
     for fn in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")] + [
    ("truncnorm", fn, X_MORE, (-0.5, 2.0, 0.5, 1.5))
    for fn in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")]


@pytest.mark.parametrize("dist,fn,x,args", MORE, ids=lambda v: str(v)[:20])
def test_more_distributions_match_scipy(dist, fn, x, args):
    with np.errstate(all="ignore"):
        want = getattr(getattr(ss, dist), fn)(x, *args)
    assert_like(getattr(getattr(st, dist), fn)(f32(x), *args), want, rtol=1e-5)


def test_more_distributions_edges_and_gradients():
    # JAX's conventions: invalid parameters give nan.
    assert np.isnan(st.gumbel_r.logpdf(1.0, 0.0, -1.0))
    assert np.isnan(st.wrapcauchy.logpdf(1.0, 1.5))
    assert np.isnan(st.vonmises.logpdf(1.0, -1.0))
    assert np.isnan(st.truncnorm.logpdf(0.0, 1.0, 0.5))
    assert float(st.wrapcauchy.logpdf(7.0, 0.5)) == -np.inf
    counts = np.array([[1, 2, 3], [0, 6, 0], [1, 1, 1]])
    got = st.multinomial.logpmf(jnp.asarray(counts), 6, f32([0.2, 0.3, 0.5]))
    want = ss.multinomial.logpmf(counts, 6, [0.2, 0.3, 0.5])
    assert_like(got, want, rtol=1e-5)  # counts not summing to n: -inf
    with pytest.raises(ValueError, match="must be of integer type"):
        st.multinomial.logpmf(f32([1.0, 2.0]), 3, f32([0.5, 0.5]))
    from wax.test_util import check_grads
    with wax.enable_x64():
        check_grads(lambda x, s: st.gumbel_r.logsf(x, 0.3, s), (0.7, 1.4), order=2)
        check_grads(lambda x, a: st.truncnorm.logcdf(x, a, 2.0), (0.4, -0.5), order=1)
        check_grads(lambda x, k: st.vonmises.logpdf(x, k), (0.4, 1.5), order=2)
