"""wax.scipy.special and the special-function lax primitives beyond the op records:
SciPy references over grids with special points (0, negatives, poles, inf, nan), float64
under x64, half precision, the points where wax deliberately differs from JAX 0.10.2,
derivatives JAX defines by custom rules (checked against finite differences of SciPy),
transformations of the SciPy-backed functions, and errors."""
import numpy as np
import pytest
import scipy.special as ss

import wax
import wax.numpy as jnp
import wax.scipy.special as sp
from wax import lax


def f32(values):
    return jnp.asarray(np.asarray(values, np.float32))


def f64(values):
    return jnp.asarray(np.asarray(values, np.float64))


def assert_close(got, want, rtol, atol=0.0):
    got = np.asarray(got).astype(np.complex128 if np.iscomplexobj(got) else np.float64)
    want = np.asarray(want)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    finite = np.isfinite(want)
    np.testing.assert_array_equal(got[~finite], want[~finite])
    np.testing.assert_allclose(got[finite], want[finite], rtol=rtol, atol=atol)


SPECIAL_POINTS = [-np.inf, -3.0, -2.5, -1.0, -0.5, -0.0, 0.0, 1e-30, 0.5, 1.0, 2.0, 7.5,
                  40.0, np.inf, np.nan]

# Functions whose values wax takes from SciPy directly: equal to SciPy everywhere,
# including the special points (inf, nan, poles), up to float32 rounding.
UNARY_LIKE_SCIPY = [
    (sp.expi, ss.expi), (sp.exp1, ss.exp1), (sp.dawsn, ss.dawsn), (sp.erfcx, ss.erfcx),
    (sp.i0e, ss.i0e), (sp.i1e, ss.i1e), (sp.i0, ss.i0), (sp.i1, ss.i1), (sp.erf, ss.erf),
    (sp.erfc, ss.erfc), (sp.expit, ss.expit), (sp.ndtr, ss.ndtr), (sp.log_ndtr, ss.log_ndtr),
    (sp.gammaln, ss.gammaln), (sp.gamma, ss.gamma), (sp.gammasgn, ss.gammasgn),
]


@pytest.mark.parametrize("ours,theirs", UNARY_LIKE_SCIPY, ids=lambda f: f.__name__)
def test_unary_at_special_points_match_scipy(ours, theirs):
    x = np.array(SPECIAL_POINTS, np.float32)
    with np.errstate(all="ignore"):
        want = theirs(x.astype(np.float64))
    if theirs is ss.gammasgn:
        # JAX's convention: nan at the poles -1, -3, ... and at -inf (SciPy says 0 / nan).
        want = np.where((x < 0) & (np.floor(x) == x), np.nan, want)
        want = np.where(x == 0, np.copysign(1.0, x), want)
    if theirs is ss.gamma:
        want = np.where((x < 0) & (np.floor(x) == x), np.nan, want)  # JAX: nan at poles
        want = np.where(x == -np.inf, np.nan, want)
        want = np.where(x == 0, np.copysign(np.inf, x), want)
    with np.errstate(over="ignore"):  # gamma(40) is inf in float32
        want = want.astype(np.float32)
    assert_close(ours(f32(x)), want, rtol=2e-6, atol=1e-30)


def test_float64_values_under_x64():
    x = np.array([0.3, 1.7, 6.25, 30.0, -2.2])
    positive = np.abs(x)
    with wax.enable_x64():
        cases = [
            (sp.expi(f64(x)), ss.expi(x)), (sp.exp1(f64(positive)), ss.exp1(positive)),
            (sp.expn(3, f64(positive)), ss.expn(3, positive)),
            (sp.dawsn(f64(x)), ss.dawsn(x)), (sp.erfcx(f64(x)), ss.erfcx(x)),
            (sp.log_ndtr(f64(x * 7)), ss.log_ndtr(x * 7)),
            (sp.ndtri(f64(positive / 31)), ss.ndtri(positive / 31)),
            (sp.spence(f64(positive)), ss.spence(positive)),
            (sp.owens_t(f64(x), f64(positive)), ss.owens_t(x, positive)),
            (sp.hyp1f1(f64(positive), f64(positive + 1), f64(x)),
             ss.hyp1f1(positive, positive + 1, x)),
            (sp.hyp2f1(1.5, f64(positive), 3.5, f64(x / 31)),
             ss.hyp2f1(1.5, positive, 3.5, x / 31)),
            (sp.zeta(f64(positive + 1.5), f64(positive)), ss.zeta(positive + 1.5, positive)),
            (sp.i0(f64(x)), ss.i0(x)), (sp.i1e(f64(x)), ss.i1e(x)),
            (sp.gammainc(f64(positive), f64(positive * 2)), ss.gammainc(positive, positive * 2)),
            (sp.betainc(f64(positive), 2.0, f64(positive / 31)),
             ss.betainc(positive, 2.0, positive / 31)),
            (sp.betaln(f64(positive), f64(positive * 10)), ss.betaln(positive, positive * 10)),
            (sp.multigammaln(f64(positive + 3), 4), ss.multigammaln(positive + 3, 4)),
            (sp.poch(f64(positive), f64(x)), ss.poch(positive, x)),
            (sp.entr(f64(positive)), ss.entr(positive)),
            (sp.logsumexp(f64(x)), ss.logsumexp(x)),
        ]
        for got, want in cases:
            assert got.dtype == np.float64
            assert_close(got, want, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("dtype", [np.float16, "bfloat16"])
def test_half_precision_keeps_dtype(dtype):
    x = jnp.asarray(np.array([0.5, 1.5, 3.0], np.float32)).astype(dtype)
    for fun in (sp.expi, sp.dawsn, sp.erfcx, sp.gammaln, sp.i1e, sp.entr, sp.expit):
        out = fun(x)
        assert out.dtype == x.dtype, fun.__name__
    out = sp.gammainc(x, x)
    np.testing.assert_allclose(np.asarray(out, np.float32),
                               ss.gammainc([0.5, 1.5, 3.0], [0.5, 1.5, 3.0]), rtol=1e-2)


def test_deliberate_differences_from_jax_follow_scipy():
    """JAX 0.10.2 returns nan or a wrong value here (its series/asymptotic expansions fail);
    wax returns the mathematically right value, SciPy's."""
    with np.errstate(all="ignore"):
        assert_close(sp.expi(f32([0.0, np.inf, -np.inf])), ss.expi([0.0, np.inf, -np.inf]),
                     rtol=0)
        assert_close(sp.exp1(f32([np.inf])), [0.0], rtol=0)
    assert_close(sp.expn(2, f32([0.0])), [1.0], rtol=0)  # 1 / (n - 1); JAX gives 1 / n
    assert_close(sp.hyp1f1(1.0, 2.0, f32([-200.0])), [ss.hyp1f1(1, 2, -200)], rtol=1e-6)
    assert_close(sp.hyp2f1(1.0, 2.0, 3.0, f32([-2.0])), [ss.hyp2f1(1, 2, 3, -2)], rtol=1e-6)
    z = np.array([0.0, 1.0, 10.0])
    assert_close(sp.bessel_jn(f32(z), v=3), np.stack([ss.jv(k, z) for k in range(4)]),
                 rtol=1e-5, atol=1e-7)
    # d/dx spence(x) = log(x) / (1 - x) -> -1 at x = 1 (JAX's piecewise definition gives 0).
    assert float(wax.grad(sp.spence)(1.0)) == -1.0
    # E_1'' = E_0 (1 + 1/x): JAX cannot take this second derivative at all.
    np.testing.assert_allclose(float(wax.grad(wax.grad(sp.exp1))(1.0)),
                               2 * np.exp(-1.0), rtol=1e-6)


def test_lax_primitives_in_float64_against_scipy():
    rng = np.random.default_rng(0)
    a = np.concatenate([rng.uniform(0.01, 5, 20), rng.uniform(5, 300, 20)])
    x = np.concatenate([rng.uniform(0.001, 8, 20), rng.uniform(1, 350, 20)])
    with wax.enable_x64():
        assert_close(lax.igamma(f64(a), f64(x)), ss.gammainc(a, x), rtol=1e-13)
        assert_close(lax.igammac(f64(a), f64(x)), ss.gammaincc(a, x), rtol=1e-12)
        h = 1e-6 * a
        fd = (ss.gammainc(a + h, x) - ss.gammainc(a - h, x)) / (2 * h)
        big = np.abs(fd) > 1e-6
        got = np.asarray(lax.igamma_grad_a(f64(a), f64(x)))
        np.testing.assert_allclose(got[big], fd[big], rtol=1e-6)


def test_random_gamma_grad_is_the_derivative_of_the_gamma_quantile():
    """For x = Q(a, u) (the Gamma(a, 1) quantile at a fixed u), dx/da is what
    random_gamma_grad gives at (a, x): checked by differencing SciPy's gammaincinv."""
    a = np.array([0.3, 1.0, 2.5, 9.0, 60.0])
    u = np.array([0.2, 0.5, 0.7, 0.05, 0.9])
    x = ss.gammaincinv(a, u)
    h = 1e-6 * a
    want = (ss.gammaincinv(a + h, u) - ss.gammaincinv(a - h, u)) / (2 * h)
    with wax.enable_x64():
        np.testing.assert_allclose(lax.random_gamma_grad(f64(a), f64(x)), want, rtol=1e-6)
    np.testing.assert_allclose(lax.random_gamma_grad(f32(a), f32(x)), want, rtol=1e-3)


def _central(fun, x, h=1e-6):
    return (fun(x + h) - fun(x - h)) / (2 * h)


def test_custom_derivatives_against_scipy_differences():
    """The derivatives JAX defines by custom rules (hypergeometric parameters, zeta in x,
    Owen's T, ...) agree with central differences of SciPy, in float64."""
    with wax.enable_x64():
        a, b, c, x = 1.5, 2.5, 3.5, 0.3
        grads = wax.grad(sp.hyp1f1, argnums=(0, 1, 2))(a, b, x)
        want = [_central(lambda t: ss.hyp1f1(t, b, x), a),
                _central(lambda t: ss.hyp1f1(a, t, x), b),
                _central(lambda t: ss.hyp1f1(a, b, t), x)]
        np.testing.assert_allclose(grads, want, rtol=1e-7)
        grads = wax.grad(sp.hyp2f1, argnums=(0, 1, 2, 3))(a, b, c, x)
        want = [_central(lambda t: ss.hyp2f1(t, b, c, x), a),
                _central(lambda t: ss.hyp2f1(a, t, c, x), b),
                _central(lambda t: ss.hyp2f1(a, b, t, x), c),
                _central(lambda t: ss.hyp2f1(a, b, c, t), x)]
        np.testing.assert_allclose(grads, want, rtol=1e-7)
        # Second derivatives in a parameter: the series one order up.
        second = wax.grad(wax.grad(sp.hyp1f1, 0), 0)(a, b, x)
        np.testing.assert_allclose(
            second, _central(lambda t: _central(lambda s: ss.hyp1f1(s, b, x), t, 1e-4), a,
                             1e-4), rtol=1e-5)
        for q in (1.0, 2.5):
            dx, dq = wax.grad(sp.zeta, argnums=(0, 1))(3.5, q)
            np.testing.assert_allclose(dx, _central(lambda t: ss.zeta(t, q), 3.5), rtol=1e-7)
            np.testing.assert_allclose(dq, -3.5 * ss.zeta(4.5, q), rtol=1e-12)
        dh, da = wax.grad(sp.owens_t, argnums=(0, 1))(0.7, 1.5)
        np.testing.assert_allclose([dh, da], [_central(lambda t: ss.owens_t(t, 1.5), 0.7),
                                              _central(lambda t: ss.owens_t(0.7, t), 1.5)],
                                   rtol=1e-7)
        for fun, ref, point in [(sp.expi, ss.expi, 1.3), (sp.dawsn, ss.dawsn, 0.8),
                                (sp.spence, ss.spence, 0.4), (sp.ndtri, ss.ndtri, 0.3),
                                (sp.log_ndtr, ss.log_ndtr, -12.0), (sp.erfcx, ss.erfcx, 2.0),
                                (lambda t: sp.expn(4, t), lambda t: ss.expn(4, t), 0.9),
                                (lambda t: sp.sici(t)[1], lambda t: ss.sici(t)[1], 2.0),
                                (lambda t: sp.fresnel(t)[0], lambda t: ss.fresnel(t)[0], 1.1)]:
            np.testing.assert_allclose(wax.grad(fun)(point), _central(ref, point), rtol=1e-7)
            np.testing.assert_allclose(wax.grad(wax.grad(fun))(point),
                                       _central(lambda t: _central(ref, t, 1e-4), point, 1e-4),
                                       rtol=1e-4)


def test_complex_derivatives_are_holomorphic():
    """wofz and complex erfcx: the JVP along a complex direction is f'(z) dz."""
    z = np.complex128(0.7 + 0.4j)
    with wax.enable_x64():
        for fun, ref in [(sp.wofz, ss.wofz), (sp.erfcx, ss.erfcx)]:
            _, tangent = wax.jvp(fun, (jnp.asarray(z),), (jnp.asarray(np.complex128(1.0)),))
            want = (ref(z + 1e-6) - ref(z - 1e-6)) / 2e-6
            np.testing.assert_allclose(complex(tangent), want, rtol=1e-7)


def test_sph_harm_y_derivatives():
    n, m = np.array([2, 3, 4]), np.array([1, -2, 3])
    theta, phi = np.array([0.4, 1.2, 2.0]), np.array([0.3, 2.5, -1.0])
    with wax.enable_x64():
        def part(t, p, take):
            return jnp.sum(take(sp.sph_harm_y(n, m, t, p)))
        for take, ref_take in [(jnp.real, np.real), (jnp.imag, np.imag)]:
            d_theta, d_phi = wax.grad(part, argnums=(0, 1))(f64(theta), f64(phi), take)
            h = 1e-6
            want_theta = ref_take(ss.sph_harm_y(n, m, theta + h, phi)
                                  - ss.sph_harm_y(n, m, theta - h, phi)) / (2 * h)
            want_phi = ref_take(ss.sph_harm_y(n, m, theta, phi + h)
                                - ss.sph_harm_y(n, m, theta, phi - h)) / (2 * h)
            np.testing.assert_allclose(d_theta, want_theta, rtol=1e-6, atol=1e-9)
            np.testing.assert_allclose(d_phi, want_phi, rtol=1e-6, atol=1e-9)


def test_scipy_backed_functions_under_jit_and_vmap():
    x = f32([[0.3, 1.2, 2.5], [4.0, 0.7, 9.0]])
    for fun in (sp.expi, sp.dawsn, sp.log_ndtr, lambda t: sp.sici(t)[1],
                lambda t: sp.hyp1f1(0.5, 1.5, t), lambda t: sp.bessel_jn(t, v=2)):
        eager = fun(x)
        np.testing.assert_array_equal(wax.jit(fun)(x), eager)
        np.testing.assert_array_equal(wax.vmap(fun)(x), eager if eager.ndim == 2 else
                                      jnp.moveaxis(eager, 0, 1))
        np.testing.assert_array_equal(wax.vmap(fun, in_axes=1, out_axes=-1)(x), eager)
    # A scalar broadcast against a batched operand (the callback sees one shape).
    got = wax.vmap(sp.owens_t, in_axes=(0, None))(f32([0.1, 0.5, 2.0]), np.float32(0.7))
    np.testing.assert_allclose(got, ss.owens_t([0.1, 0.5, 2.0], 0.7), rtol=1e-6)
    jaxpr = str(wax.make_jaxpr(sp.expi)(x))
    assert "custom_jvp_call" in jaxpr and "pure_callback" in jaxpr


# B_0 .. B_20 (B_1 = -1/2), from the literature.
BERNOULLI = [1, -1 / 2, 1 / 6, 0, -1 / 30, 0, 1 / 42, 0, -1 / 30, 0, 5 / 66, 0, -691 / 2730,
             0, 7 / 6, 0, -3617 / 510, 0, 43867 / 798, 0, -174611 / 330]


def test_bernoulli_numbers_exact():
    np.testing.assert_array_equal(sp.bernoulli(10), np.float32(BERNOULLI[:11]))
    with wax.enable_x64():
        out = sp.bernoulli(20)
        assert out.dtype == np.float64
        np.testing.assert_allclose(out, BERNOULLI, rtol=1e-15)
    with pytest.raises(TypeError):
        sp.bernoulli(2.5)


def test_logsumexp_edge_cases():
    a = f32([[1.0, -np.inf, 3.0], [-np.inf, -np.inf, -np.inf]])
    np.testing.assert_allclose(sp.logsumexp(a, axis=1), ss.logsumexp(np.asarray(a), axis=1),
                               rtol=1e-6)
    b = f32([[2.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
    np.testing.assert_allclose(sp.logsumexp(a, axis=1, b=b),
                               ss.logsumexp(np.asarray(a), axis=1, b=np.asarray(b)), rtol=1e-6)
    out, sign = sp.logsumexp(f32([0.0, 1.0]), b=f32([1.0, -1.0]), return_sign=True)
    want, want_sign = ss.logsumexp([0.0, 1.0], b=[1.0, -1.0], return_sign=True)
    np.testing.assert_allclose([out, sign], [want, want_sign], rtol=1e-6)
    assert sp.logsumexp(f32(np.zeros((0,)))) == -np.inf
    assert sp.logsumexp(jnp.zeros((2, 0)), axis=1).shape == (2,)
    # Large entries do not overflow; the gradient is the softmax.
    np.testing.assert_allclose(wax.grad(sp.logsumexp)(f32([1000.0, 1000.0])), [0.5, 0.5])


def test_softmax_axes_and_gradients():
    x = f32([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]])
    np.testing.assert_allclose(sp.softmax(x), ss.softmax(np.asarray(x)), rtol=1e-6)
    np.testing.assert_allclose(sp.softmax(x, axis=(0, 1)), ss.softmax(np.asarray(x)),
                               rtol=1e-6)
    np.testing.assert_allclose(sp.log_softmax(x, axis=0),
                               ss.log_softmax(np.asarray(x), axis=0), rtol=1e-6)
    # The rows of the Jacobian of softmax sum to zero.
    jac = wax.jacfwd(lambda v: sp.softmax(v, axis=-1))(f32([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(np.asarray(jac).sum(0), 0.0, atol=1e-6)


def test_entropy_family_at_zero():
    # 0 log 0 = 0 with the derivative JAX's custom rules give.
    assert float(sp.xlogy(0.0, 0.0)) == 0.0
    assert float(wax.grad(sp.xlogy, argnums=1)(0.0, 2.0)) == 0.0
    np.testing.assert_allclose(wax.grad(sp.xlogy, argnums=(0, 1))(2.0, 3.0),
                               [np.log(3.0), 2 / 3], rtol=1e-6)
    assert float(sp.rel_entr(0.0, 0.0)) == 0.0
    assert float(sp.kl_div(0.0, 2.0)) == 2.0


def test_errors_name_the_problem():
    with pytest.raises(TypeError, match="igamma does not accept dtype int32"):
        lax.igamma(jnp.int32(1), jnp.int32(2))
    with pytest.raises(TypeError, match="random_gamma_grad does not accept dtype int32"):
        lax.random_gamma_grad(jnp.int32(1), 2.0)
    with pytest.raises(TypeError, match="random_gamma_grad takes 2 arguments"):
        lax.random_gamma_grad(1.0)
    with pytest.raises(ValueError, match="non-negative order"):
        sp.bessel_jn(f32([1.0]), v=-1)
    with pytest.raises(wax.errors.ConcretizationTypeError):
        wax.jit(lambda a, d: sp.multigammaln(a, d))(2.0, 3)
    with pytest.raises(TypeError, match="x.dtype=int32 is not supported"):
        sp.spence(jnp.int32(2))
