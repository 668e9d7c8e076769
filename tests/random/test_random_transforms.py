"""Samplers under jit, vmap and grad: jit (and make_jaxpr) agree with eager bit for bit,
vmap over keys and parameters equals a Python loop, and gamma's derivative in its shape
parameter is the implicit-reparameterization one, -(dF/da) / f(x) (checked against
SciPy's gamma CDF)."""
import functools

import numpy as np
import pytest

import wax
import wax.numpy as jnp
import wax.random as random

KEY = random.key(11)

SAMPLERS = {
    "uniform": lambda k: random.uniform(k, (3,), minval=-1.5, maxval=2.5),
    "uniform:bf16": lambda k: random.uniform(k, (3,), jnp.bfloat16),
    "normal": lambda k: random.normal(k, (2, 2)),
    "normal:c64": lambda k: random.normal(k, (2,), jnp.complex64),
    "randint": lambda k: random.randint(k, (4,), -7, 100),
    "randint:i8": lambda k: random.randint(k, (4,), -7, 100, jnp.int8),
    "bits": lambda k: random.bits(k, (3,), jnp.uint16),
    "bernoulli": lambda k: random.bernoulli(k, jnp.array([0.2, 0.9])),
    "permutation": lambda k: random.permutation(k, jnp.arange(6.)),
    "permutation:2d": lambda k: random.permutation(k, jnp.arange(6.).reshape(2, 3), axis=1),
    "choice": lambda k: random.choice(k, 7, (3,), replace=False),
    "choice:p": lambda k: random.choice(k, 3, (4,), p=jnp.array([0.2, 0.3, 0.5])),
    "categorical": lambda k: random.categorical(k, jnp.array([[0., 1.], [2., -1.]])),
    "gumbel": lambda k: random.gumbel(k, (3,), mode="highest"),
    "truncated_normal": lambda k: random.truncated_normal(k, -1., 1., (3,)),
    "exponential": lambda k: random.exponential(k, (3,)),
    "cauchy": lambda k: random.cauchy(k, (3,)),
    "laplace": lambda k: random.laplace(k, (3,)),
    "logistic": lambda k: random.logistic(k, (3,)),
    "lognormal": lambda k: random.lognormal(k, 0.3, (3,)),
    "maxwell": lambda k: random.maxwell(k, (3,)),
    "double_sided_maxwell": lambda k: random.double_sided_maxwell(k, 0.5, 2.0, (3,)),
    "rademacher": lambda k: random.rademacher(k, (3,)),
    "pareto": lambda k: random.pareto(k, 3.0, (3,)),
    "rayleigh": lambda k: random.rayleigh(k, 1.5, (3,)),
    "wald": lambda k: random.wald(k, 2.0, (3,)),
    "weibull_min": lambda k: random.weibull_min(k, 1.0, 2.0, (3,)),
    "triangular": lambda k: random.triangular(k, 0., 1., 2., (3,)),
    "generalized_normal": lambda k: random.generalized_normal(k, 3.0, (3,)),
    "ball": lambda k: random.ball(k, 2),
    "orthogonal": lambda k: random.orthogonal(k, 3),
    "multivariate_normal": lambda k: random.multivariate_normal(
        k, jnp.zeros(2), jnp.array([[1., .5], [.5, 2.]])),
    "gamma": lambda k: random.gamma(k, jnp.array([0.2, 1.0, 4.0])),
    "loggamma": lambda k: random.loggamma(k, 0.5, (3,)),
    "beta": lambda k: random.beta(k, 2.0, 3.0, (3,)),
    "dirichlet": lambda k: random.dirichlet(k, jnp.array([1., 2., 3.])),
    "chisquare": lambda k: random.chisquare(k, 4.0, (3,)),
    "f": lambda k: random.f(k, 3.0, 7.0, (3,)),
    "t": lambda k: random.t(k, 5.0, (3,)),
    "poisson": lambda k: random.poisson(k, jnp.array([2.0, 30.0])),
    "binomial": lambda k: random.binomial(k, jnp.array([5.0, 80.0]), 0.4),
    "multinomial": lambda k: random.multinomial(k, 10.0, jnp.array([0.2, 0.8])),
    "geometric": lambda k: random.geometric(k, 0.25, (3,)),
}


# Matrix products and factorizations may sum in another order once batched.
LINEAR_ALGEBRA = {"multivariate_normal", "orthogonal"}


def _same(a, b, rtol=0.0):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape
    if rtol:
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol)
    else:
        np.testing.assert_array_equal(a, b)


def test_every_public_sampler_is_listed():
    key_operations = {"PRNGKey", "key", "split", "fold_in", "clone", "key_data",
                      "wrap_key_data", "key_impl", "key_dtype", "random_gamma_p"}
    assert {name.split(":")[0] for name in SAMPLERS} == set(random.__all__) - key_operations


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_jit_agrees_with_eager(name):
    sample = SAMPLERS[name]
    eager = sample(KEY)
    _same(wax.jit(sample)(KEY), eager)
    closed = wax.make_jaxpr(sample)(KEY)
    assert [a.shape for a in closed.out_avals] == [eager.shape]
    assert [a.dtype for a in closed.out_avals] == [eager.dtype]


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_vmap_over_keys_equals_a_loop(name):
    sample = SAMPLERS[name]
    keys = random.split(KEY, 3)
    looped = np.stack([np.asarray(sample(k)) for k in keys])
    _same(wax.vmap(sample)(keys), looped, rtol=1e-6 if name in LINEAR_ALGEBRA else 0.0)


def test_vmap_over_parameters_equals_a_loop():
    alphas = jnp.array([0.3, 1.0, 6.0])
    looped = np.stack([np.asarray(random.gamma(KEY, a, (2,))) for a in alphas])
    _same(wax.vmap(lambda a: random.gamma(KEY, a, (2,)))(alphas), looped)
    keys = random.split(KEY, 3)
    looped = np.stack([np.asarray(random.gamma(k, a)) for k, a in zip(keys, alphas)])
    _same(wax.vmap(lambda k, a: random.gamma(k, a))(keys, alphas), looped)
    lams = jnp.array([1.0, 12.0, 50.0])
    looped = np.stack([np.asarray(random.poisson(KEY, lam, (2,))) for lam in lams])
    _same(wax.vmap(lambda lam: random.poisson(KEY, lam, (2,)))(lams), looped)
    his = jnp.array([3, 30, 300])
    looped = np.stack([np.asarray(random.randint(KEY, (2,), 0, h)) for h in his])
    _same(wax.vmap(lambda h: random.randint(KEY, (2,), 0, h))(his), looped)


def test_random_gamma_primitive_batches_keys_and_shapes():
    # Key data of shape (2, 2) and shapes (2, 3): each key splits into one key per element.
    keys = random.key_data(random.split(KEY, 2))
    a = jnp.array([[0.5, 1.0, 2.0], [3.0, 4.0, 5.0]])
    out = random.random_gamma_p.bind(keys, a, log_space=False)
    for i in range(2):
        _same(out[i], random.gamma(random.split(KEY, 2)[i], a[i]))


def _implicit_gamma_grad(x, a, h=1e-5):
    from scipy import stats
    dcdf_da = (stats.gamma.cdf(x, a + h) - stats.gamma.cdf(x, a - h)) / (2 * h)
    return -dcdf_da / stats.gamma.pdf(x, a)


def test_gamma_gradient_is_the_implicit_reparameterization():
    pytest.importorskip("scipy.stats", reason="the reference derivative uses SciPy's gamma CDF")
    with wax.enable_x64():
        a = jnp.array([0.3, 0.9, 1.0, 2.5, 12.0], jnp.float64)
        x = np.asarray(random.gamma(KEY, a))
        grad = np.asarray(wax.grad(lambda a: random.gamma(KEY, a).sum())(a))
        np.testing.assert_allclose(grad, _implicit_gamma_grad(x, np.asarray(a)), rtol=1e-5)
        # loggamma: d log(x) / da = (dx / da) / x, with the same draws.
        log_grad = np.asarray(wax.grad(lambda a: random.loggamma(KEY, a).sum())(a))
        np.testing.assert_allclose(log_grad, grad / x, rtol=1e-5)
        # jvp agrees with grad (one key per element, so the Jacobian is diagonal).
        _, tangent = wax.jvp(lambda a: random.gamma(KEY, a), (a,), (jnp.ones_like(a),))
        np.testing.assert_allclose(np.asarray(tangent), grad, rtol=1e-12)


def test_chisquare_gradient_follows_gamma():
    pytest.importorskip("scipy.stats", reason="the reference derivative uses SciPy's gamma CDF")
    with wax.enable_x64():
        df = jnp.array([1.0, 3.0, 9.0], jnp.float64)
        x = np.asarray(random.chisquare(KEY, df))
        grad = np.asarray(wax.grad(lambda d: random.chisquare(KEY, d).sum())(df))
        # chisquare = 2 * Gamma(df / 2): d/ddf = dGamma/da(df / 2) (the 2 and 1/2 cancel).
        np.testing.assert_allclose(grad, _implicit_gamma_grad(x / 2, np.asarray(df) / 2),
                                   rtol=1e-5)


def test_samplers_are_not_differentiable_in_keys_and_integer_draws():
    # Draws with no float input carry no tangent: their jvp is zero.
    primal, tangent = wax.jvp(lambda s: random.normal(KEY, (2,)) * s, (2.0,), (1.0,))
    _same(tangent, random.normal(KEY, (2,)))
    g = wax.grad(lambda lo: random.uniform(KEY, (4,), minval=lo, maxval=5.0).sum())(1.0)
    u = np.asarray(random.uniform(KEY, (4,)), np.float64)
    np.testing.assert_allclose(float(g), np.sum(1 - u), rtol=1e-6)


def test_truncated_normal_stays_inside_and_has_gradients_in_bounds():
    x = np.asarray(random.truncated_normal(KEY, 3.0, 3.0001, (50,)))
    assert np.all((x > 3.0) & (x < np.float32(3.0001)))
    g = wax.grad(lambda lo, hi: random.truncated_normal(KEY, lo, hi, (5,)).sum(),
                 (0, 1))(-1.0, 2.0)
    assert all(np.isfinite(float(v)) for v in g)


def test_jitted_sampler_does_not_retrace():
    traces = []

    @functools.partial(wax.jit, static_argnums=1)
    def draw(key, n):
        traces.append(n)
        return random.normal(key, (n,))

    for k in random.split(KEY, 3):
        draw(k, 4)
    assert traces == [4]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_fused_multiply_add_rounds_once(dtype):
    # uniform's a * b + c must round once, as XLA's contracted FMA does on the CPU; both
    # the staged (lax) and the eager (NumPy) versions are checked against exact rationals.
    from fractions import Fraction
    from wax.primitives.prng import fused_multiply_add_numpy
    from wax.random._basic import fused_multiply_add
    rng = np.random.default_rng(7)
    n = 400
    a = rng.random(n).astype(dtype)
    b = (rng.standard_normal(n) * 10.0 ** rng.integers(-3, 3, n)).astype(dtype)
    c = (rng.standard_normal(n) * 10.0 ** rng.integers(-3, 3, n)).astype(dtype)
    with wax.enable_x64(dtype == np.float64):
        staged = np.asarray(wax.jit(fused_multiply_add)(a, b, c))
    eager = fused_multiply_add_numpy(a, b, c)
    bits = np.dtype(f"uint{np.dtype(dtype).itemsize * 8}")

    def nearest(exact):
        f = dtype(float(exact))
        candidates = [np.nextafter(f, dtype(-np.inf)), f, np.nextafter(f, dtype(np.inf))]
        return min(candidates, key=lambda v: (abs(Fraction(float(v)) - exact),
                                              int(np.asarray(v, dtype).view(bits)) & 1))

    expected = np.array([nearest(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)))
                         for x, y, z in zip(a, b, c)], dtype)
    np.testing.assert_array_equal(staged, expected)
    np.testing.assert_array_equal(eager, expected)
