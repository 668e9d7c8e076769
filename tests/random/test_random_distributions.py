"""Every sampler's distribution against SciPy's: a Kolmogorov-Smirnov test (continuous) or
a chi-square goodness-of-fit test (discrete) and the first two moments, with a fixed key.
The keys are fixed, so each test is deterministic; the thresholds (p > 1e-4, moments within
six standard errors) leave a wrong distribution no room to pass at these sample sizes."""
import math

import numpy as np
import pytest

import wax
import wax.numpy as jnp
import wax.random as random

stats = pytest.importorskip("scipy.stats", reason="the distribution tests compare with SciPy")

N = 4000
P_MIN = 1e-4


def _key(name):
    return random.fold_in(random.key(20240601), sum(map(ord, name)))


def _check_moments(x, dist):
    x = np.asarray(x, np.float64)
    mean, var = dist.stats(moments="mv")
    n = x.size
    if np.isfinite(var):
        assert abs(x.mean() - mean) < 6 * math.sqrt(var / n), (x.mean(), mean)
        fourth = dist.moment(4) if np.isfinite(dist.moment(4)) else None
        if fourth is not None:
            central4 = dist.expect(lambda t: (t - mean) ** 4)
            se_var = math.sqrt(max(central4 - var ** 2, 1e-30) / n)
            assert abs(x.var() - var) < 6 * se_var, (x.var(), var)


def _check_continuous(x, dist, moments=True):
    x = np.asarray(x, np.float64).ravel()
    assert np.all(np.isfinite(x))
    with np.errstate(over="ignore"):  # SciPy's gumbel_r cdf overflows far in the tail
        p = stats.kstest(x, dist.cdf).pvalue
    assert p > P_MIN, f"KS p-value {p}"
    if moments:
        with np.errstate(over="ignore"):  # SciPy's numerical moments integrate the tails
            _check_moments(x, dist)


CONTINUOUS = {
    "uniform": (lambda k: random.uniform(k, (N,), minval=-1.0, maxval=3.0),
                stats.uniform(-1, 4)),
    "normal": (lambda k: random.normal(k, (N,)), stats.norm()),
    "normal_float16": (lambda k: random.normal(k, (N,), jnp.float16), stats.norm()),
    "truncated_normal": (lambda k: random.truncated_normal(k, -0.5, 2.0, (N,)),
                         stats.truncnorm(-0.5, 2.0)),
    "exponential": (lambda k: random.exponential(k, (N,)), stats.expon()),
    "cauchy": (lambda k: random.cauchy(k, (N,)), stats.cauchy()),
    "laplace": (lambda k: random.laplace(k, (N,)), stats.laplace()),
    "logistic": (lambda k: random.logistic(k, (N,)), stats.logistic()),
    "gumbel": (lambda k: random.gumbel(k, (N,)), stats.gumbel_r()),
    "gumbel_high": (lambda k: random.gumbel(k, (N,), mode="high"), stats.gumbel_r()),
    "gumbel_highest": (lambda k: random.gumbel(k, (N,), mode="highest"), stats.gumbel_r()),
    "lognormal": (lambda k: random.lognormal(k, 0.5, (N,)), stats.lognorm(0.5)),
    "pareto": (lambda k: random.pareto(k, 5.0, (N,)), stats.pareto(5.0)),
    "rayleigh": (lambda k: random.rayleigh(k, 2.0, (N,)), stats.rayleigh(scale=2.0)),
    "weibull_min": (lambda k: random.weibull_min(k, 2.0, 1.5, (N,)),
                    stats.weibull_min(1.5, scale=2.0)),
    "wald": (lambda k: random.wald(k, 1.5, (N,)), stats.invgauss(1.5)),
    "maxwell": (lambda k: random.maxwell(k, (N,)), stats.maxwell()),
    "double_sided_maxwell": (
        lambda k: jnp.abs(random.double_sided_maxwell(k, 1.0, 2.0, (N,)) - 1.0) / 2.0,
        stats.maxwell()),
    "triangular": (lambda k: random.triangular(k, -1.0, 0.5, 2.0, (N,)),
                   stats.triang(0.5, loc=-1.0, scale=3.0)),
    "generalized_normal": (lambda k: random.generalized_normal(k, 1.5, (N,)),
                           stats.gennorm(1.5)),
    "t": (lambda k: random.t(k, 5.0, (N,)), stats.t(5.0)),
    "chisquare": (lambda k: random.chisquare(k, 3.0, (N,)), stats.chi2(3.0)),
    "f": (lambda k: random.f(k, 4.0, 12.0, (N,)), stats.f(4.0, 12.0)),
    "gamma_small": (lambda k: random.gamma(k, 0.3, (N,)), stats.gamma(0.3)),
    "gamma_large": (lambda k: random.gamma(k, 7.5, (N,)), stats.gamma(7.5)),
    "gamma_float64": (lambda k: random.gamma(k, 2.5, (N,), jnp.float64), stats.gamma(2.5)),
    "loggamma": (lambda k: random.loggamma(k, 0.2, (N,)), stats.loggamma(0.2)),
    "beta": (lambda k: random.beta(k, 2.0, 0.7, (N,)), stats.beta(2.0, 0.7)),
    "dirichlet_marginal": (lambda k: random.dirichlet(k, jnp.array([1.5, 2.0, 0.5]), (N,))[:, 0],
                           stats.beta(1.5, 2.5)),
    "multivariate_normal_projection": (
        lambda k: random.multivariate_normal(
            k, jnp.array([1.0, -2.0]), jnp.array([[2.0, 0.6], [0.6, 1.0]]), (N,)) @
        jnp.array([0.3, -1.0]),
        stats.norm(0.3 * 1.0 + 2.0, math.sqrt(0.09 * 2.0 - 2 * 0.3 * 0.6 + 1.0))),
    "ball_radius": (lambda k: jnp.linalg.norm(random.ball(k, 3, 2, (N,)), axis=-1),
                    stats.beta(3, 1)),
    "orthogonal_entry": (lambda k: (random.orthogonal(k, 4, (N,))[:, 0, 0] + 1) / 2,
                         stats.beta(1.5, 1.5)),
}
HEAVY_TAILED = {"cauchy", "pareto", "f", "t", "loggamma", "orthogonal_entry"}


@pytest.mark.parametrize("name", sorted(CONTINUOUS))
def test_continuous_sampler(name):
    sample, dist = CONTINUOUS[name]
    if name.endswith("float64"):
        with wax.enable_x64():
            x = sample(_key(name))
            assert x.dtype == np.float64
    else:
        x = sample(_key(name))
    _check_continuous(x, dist, moments=name not in HEAVY_TAILED)


def _check_discrete(x, pmf, support):
    """Chi-square goodness of fit of integer samples over `support` (the rest pooled)."""
    x = np.asarray(x).ravel().astype(np.int64)
    support = np.asarray(support)
    probs = pmf(support)
    observed = np.array([np.sum(x == s) for s in support] + [np.sum(~np.isin(x, support))])
    expected = np.append(probs, max(1 - probs.sum(), 0)) * x.size
    keep = expected > 5
    rest_obs, rest_exp = observed[~keep].sum(), expected[~keep].sum()
    observed, expected = observed[keep], expected[keep]
    if rest_exp > 0:
        observed, expected = np.append(observed, rest_obs), np.append(expected, rest_exp)
    expected = expected * observed.sum() / expected.sum()
    p = stats.chisquare(observed, expected).pvalue
    assert p > P_MIN, f"chi-square p-value {p}"


DISCRETE = {
    "randint": (lambda k: random.randint(k, (N,), -3, 7), stats.randint(-3, 7).pmf,
                range(-3, 7)),
    "randint_uint8": (lambda k: random.randint(k, (N,), 250, 256, jnp.uint8),
                      stats.randint(250, 256).pmf, range(250, 256)),
    "poisson_knuth": (lambda k: random.poisson(k, 3.5, (N,)), stats.poisson(3.5).pmf,
                      range(15)),
    "poisson_rejection": (lambda k: random.poisson(k, 40.0, (N,)), stats.poisson(40.0).pmf,
                          range(15, 70)),
    "binomial_inversion": (lambda k: random.binomial(k, 12.0, 0.3, (N,)),
                           stats.binom(12, 0.3).pmf, range(13)),
    "binomial_btrs": (lambda k: random.binomial(k, 200.0, 0.4, (N,)),
                      stats.binom(200, 0.4).pmf, range(55, 106)),
    "binomial_p_above_half": (lambda k: random.binomial(k, 30.0, 0.8, (N,)),
                              stats.binom(30, 0.8).pmf, range(31)),
    "geometric": (lambda k: random.geometric(k, 0.3, (N,)), stats.geom(0.3).pmf, range(1, 20)),
    "bernoulli": (lambda k: random.bernoulli(k, 0.3, (N,)), stats.bernoulli(0.3).pmf, [0, 1]),
    "bernoulli_high": (lambda k: random.bernoulli(k, 0.3, (N,), mode="high"),
                       stats.bernoulli(0.3).pmf, [0, 1]),
    "rademacher": (lambda k: (random.rademacher(k, (N,)) + 1) // 2, stats.bernoulli(0.5).pmf,
                   [0, 1]),
    "categorical": (lambda k: random.categorical(k, jnp.log(jnp.array([0.1, 0.6, 0.3])),
                                                 shape=(N,)),
                    lambda s: np.array([0.1, 0.6, 0.3])[s], range(3)),
    "choice_p": (lambda k: random.choice(k, 4, (N,), p=jnp.array([0.4, 0.1, 0.2, 0.3])),
                 lambda s: np.array([0.4, 0.1, 0.2, 0.3])[s], range(4)),
    "choice_uniform": (lambda k: random.choice(k, jnp.arange(5) * 2, (N,)) // 2,
                       lambda s: np.full(len(s), 0.2), range(5)),
    "bits_low_byte": (lambda k: random.bits(k, (N,)) % 8, lambda s: np.full(len(s), 1 / 8),
                      range(8)),
    "bits_high_byte": (lambda k: random.bits(k, (N,), jnp.uint16) >> 13,
                       lambda s: np.full(len(s), 1 / 8), range(8)),
}


@pytest.mark.parametrize("name", sorted(DISCRETE))
def test_discrete_sampler(name):
    sample, pmf, support = DISCRETE[name]
    _check_discrete(sample(_key(name)), pmf, support)


def test_poisson_and_binomial_moments():
    lam = jnp.array([0.5, 8.0, 25.0])
    x = np.asarray(random.poisson(_key("poisson moments"), lam, (N, 3)), np.float64)
    for j, l in enumerate(np.asarray(lam)):
        _check_moments(x[:, j], stats.poisson(l))
    y = np.asarray(random.binomial(_key("binomial moments"), 50.0, jnp.array([0.05, 0.5, 0.97]),
                                   (N, 3)))
    for j, p in enumerate([0.05, 0.5, 0.97]):
        _check_moments(y[:, j], stats.binom(50, p))


def test_multinomial_counts():
    p = jnp.array([0.2, 0.5, 0.3])
    counts = np.asarray(random.multinomial(_key("multinomial"), 20.0, p, shape=(N, 3)))
    assert np.all(counts.sum(-1) == 20) and np.all(counts >= 0)
    for j, pj in enumerate(np.asarray(p)):
        _check_discrete(counts[:, j], stats.binom(20, float(pj)).pmf, range(21))


def test_permutation_positions_are_uniform():
    keys = random.split(_key("permutation"), 1500)
    perms = np.asarray(wax.vmap(lambda k: random.permutation(k, 5))(keys))
    assert np.all(np.sort(perms, axis=1) == np.arange(5))
    for position in range(5):
        _check_discrete(perms[:, position], lambda s: np.full(len(s), 0.2), range(5))


def test_choice_without_replacement():
    keys = random.split(_key("choice"), 1500)
    draws = np.asarray(wax.vmap(lambda k: random.choice(k, 6, (3,), replace=False))(keys))
    assert all(len(set(row)) == 3 for row in draws)
    _check_discrete(draws[:, 0], lambda s: np.full(len(s), 1 / 6), range(6))
    weighted = np.asarray(wax.vmap(lambda k: random.choice(
        k, 3, (1,), replace=False, p=jnp.array([0.7, 0.2, 0.1])))(keys))
    _check_discrete(weighted[:, 0], lambda s: np.array([0.7, 0.2, 0.1])[s], range(3))


def test_orthogonal_matrices_are_orthogonal():
    q = np.asarray(random.orthogonal(_key("orthogonal"), 4, (10,)), np.float64)
    np.testing.assert_allclose(q @ np.swapaxes(q, -1, -2), np.broadcast_to(np.eye(4), q.shape),
                               atol=1e-5)
    wide = np.asarray(random.orthogonal(_key("wide"), 2, m=5), np.float64)
    assert wide.shape == (2, 5)
    np.testing.assert_allclose(wide @ wide.T, np.eye(2), atol=1e-5)


def test_dirichlet_rows_sum_to_one():
    x = np.asarray(random.dirichlet(_key("dirichlet"), jnp.array([0.1, 1.0, 10.0]), (500,)),
                   np.float64)
    np.testing.assert_allclose(x.sum(-1), 1.0, rtol=1e-5)
    assert np.all(x >= 0)
