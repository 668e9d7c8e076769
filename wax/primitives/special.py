"""Special-function primitives, each with its rules: igamma, igammac, igamma_grad_a,
regularized_incomplete_beta (lax.betainc), zeta, bessel_i0e, bessel_i1e; and
random_gamma_grad, which (as in JAX) is a composition of them rather than a primitive.

Values come from scipy.special, imported inside the impls, in float64 and rounded to the
operand dtype (float16/bfloat16 therefore go through a wider type, as XLA's CPU does);
the edge cases (domain errors, zeros, infinities) are patched to XLA's results. The
derivative of igamma in `a`, which SciPy lacks, is computed here: the series and the
continued fraction for P(a, x) are evaluated together with their derivatives in `a`
(forward-mode dual numbers).
"""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from . import elementwise as ew
from .batch_util import ELEMENTWISE_BATCH
from .elementwise_math import as_array, check_operand
from .families import FLOAT, defjvp, elementwise_shape, lax_operands, standard
from .shape import full_like


_SCIPY = []


def _scipy_special():
    """scipy.special, imported when an impl first runs."""
    if not _SCIPY:
        try:
            from scipy import special
        except ImportError:  # pragma: no cover - exercised only without SciPy
            raise ImportError("wax's special-function primitives (igamma, betainc, zeta, "
                              "bessel_i0e, ...) compute their values with SciPy; install "
                              "scipy") from None
        _SCIPY.append(special)
    return _SCIPY[0]


def check_same_dtypes(name: str, avals) -> None:
    """JAX's error for operands of different dtypes (with no jnp equivalent to suggest)."""
    if any(a.dtype != avals[0].dtype for a in avals[1:]):
        raise TypeError(f"lax.{name} requires arguments to have the same dtypes, got "
                        f"{', '.join(a.dtype.name for a in avals)}.")


def _float_nary(name: str, nargs: int, impl, jvp=None) -> object:
    """An elementwise primitive on `nargs` floating operands of one dtype (JAX's
    standard_naryop with float operands): weak when every operand is."""
    def abstract_eval(*avals):
        if len(avals) != nargs:
            raise TypeError(f"{name} takes {nargs} operands, got {len(avals)}")
        for i, aval in enumerate(avals):
            check_operand(name, aval, i, FLOAT)
        check_same_dtypes(name, avals)
        return ShapedArray(elementwise_shape(name, avals), avals[0].dtype,
                           all(a.weak_type for a in avals))
    return standard(name, impl, abstract_eval, jvp=jvp, batch=ELEMENTWISE_BATCH)


def _float_unary_abstract_eval(name):
    def abstract_eval(x):
        if x.dtype not in FLOAT:
            raise TypeError(f"{name} does not accept dtype {x.dtype.name}. Accepted dtypes "
                            f"are subtypes of floating.")
        return x
    return abstract_eval


def _wide(*bufs):
    """The operands as float64 arrays of one shape, and the dtype to return."""
    arrays = [np.asarray(b) for b in bufs]
    dtype = arrays[0].dtype
    arrays = [a.astype(np.float64, copy=False) for a in arrays]
    if any(a.shape != arrays[0].shape for a in arrays[1:]):
        arrays = np.broadcast_arrays(*arrays)
    return arrays, dtype


# -- igamma, igammac ------------------------------------------------------------------------

def _igamma_domain(a, x):
    """Where XLA's igamma/igammac give nan: x < 0, a <= 0 (except a == 0 with x > 0),
    a == inf, or a nan operand (nan fails every comparison below)."""
    return ~((x >= 0) & (a >= 0) & (a < np.inf)) | ((a == 0) & (x == 0))


def _igamma_impl(xp, a, x):
    (a, x), dtype = _wide(a, x)
    out = _scipy_special().gammainc(a, x)
    return np.where(_igamma_domain(a, x), np.nan, out).astype(dtype, copy=False)


def _igammac_impl(xp, a, x):
    (a, x), dtype = _wide(a, x)
    out = _scipy_special().gammaincc(a, x)
    return np.where(_igamma_domain(a, x), np.nan, out).astype(dtype, copy=False)


def _igamma_density(a, x):
    """d/dx P(a, x) = x**(a - 1) exp(-x) / Gamma(a)."""
    return ew.exp(ew.sub(ew.mul(ew.sub(a, full_like(a, 1)), ew.log(x)),
                         ew.add(x, ew.lgamma(a))))


def _igamma_jvp_a(t, ans, a, x):
    a, x = as_array(a, ans), as_array(x, ans)
    return ew.mul(t, igamma_grad_a(a, x))


def _igamma_jvp_x(t, ans, a, x):
    a, x = as_array(a, ans), as_array(x, ans)
    return ew.mul(t, _igamma_density(a, x))


igamma_p = _float_nary("igamma", 2, _igamma_impl, jvp=defjvp(_igamma_jvp_a, _igamma_jvp_x))


def igamma(a, x):
    """Elementwise regularized lower incomplete gamma function P(a, x)."""
    return igamma_p.bind(*lax_operands(a, x))


igammac_p = _float_nary("igammac", 2, _igammac_impl, jvp=defjvp(
    lambda t, ans, a, x: ew.neg(_igamma_jvp_a(t, ans, a, x)),
    lambda t, ans, a, x: ew.neg(_igamma_jvp_x(t, ans, a, x))))


def igammac(a, x):
    """Elementwise regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""
    return igammac_p.bind(*lax_operands(a, x))


# -- d/da P(a, x) -----------------------------------------------------------------------------

_MAX_TERMS = 20000
_TINY = 1e-300


def _series_da(a, x, eps):
    """Power series P = x**a e**-x / Gamma(a + 1) * S, S = sum_n x**n / ((a+1)...(a+n)),
    for x <= max(a, 1). Returns (S, dS/da)."""
    term, dterm = np.ones_like(a), np.zeros_like(a)
    total, dtotal = term.copy(), dterm.copy()
    active = np.ones(a.shape, bool)
    n = 0
    while active.any() and n < _MAX_TERMS:
        n += 1
        idx = np.nonzero(active)
        an, xn = a[idx] + n, x[idx]
        ratio = xn / an
        dterm[idx] = ratio * (dterm[idx] - term[idx] / an)
        term[idx] = term[idx] * ratio
        total[idx] += term[idx]
        dtotal[idx] += dterm[idx]
        done = ((np.abs(term[idx]) <= eps * np.abs(total[idx]))
                & (np.abs(dterm[idx]) <= eps * np.abs(dtotal[idx]) + _TINY))
        active[tuple(i[done] for i in idx)] = False
    return total, dtotal


def _continued_fraction_da(a, x, eps):
    """Legendre's continued fraction for Q = x**a e**-x / Gamma(a) * h, for x > max(a, 1),
    by the modified Lentz method carried with derivatives in a. Returns (h, dh/da)."""
    b = x + 1.0 - a
    db = -np.ones_like(a)
    c, dc = np.full_like(a, 1.0 / _TINY), np.zeros_like(a)
    d = 1.0 / b
    dd = 1.0 / (b * b)  # d(1/b)/da with db/da = -1
    h, dh = d.copy(), dd.copy()
    active = np.ones(a.shape, bool)
    i = 0
    while active.any() and i < _MAX_TERMS:
        i += 1
        idx = np.nonzero(active)
        ai = a[idx]
        an, dan = -i * (i - ai), np.full_like(ai, float(i))
        b[idx] += 2.0
        bi, dbi = b[idx], db[idx]
        den = an * d[idx] + bi
        dden = dan * d[idx] + an * dd[idx] + dbi
        den = np.where(np.abs(den) < _TINY, _TINY, den)
        ci, dci = c[idx], dc[idx]
        cn = bi + an / ci
        dcn = dbi + (dan * ci - an * dci) / (ci * ci)
        cn = np.where(np.abs(cn) < _TINY, _TINY, cn)
        dn = 1.0 / den
        ddn = -dden / (den * den)
        delta = dn * cn
        ddelta = ddn * cn + dn * dcn
        new_dh = dh[idx] * delta + h[idx] * ddelta
        new_h = h[idx] * delta
        done = ((np.abs(delta - 1.0) <= eps)
                & (np.abs(new_dh - dh[idx]) <= eps * np.abs(new_dh) + _TINY))
        h[idx], dh[idx], c[idx], dc[idx], d[idx], dd[idx] = new_h, new_dh, cn, dcn, dn, ddn
        active[tuple(j[done] for j in idx)] = False
    return h, dh


def _igamma_da_parts(a, x):
    """(dP/da, and dP/da divided by the density d/dx P) for float64 a, x in the domain
    x > 0, a > 0 (elsewhere the result is garbage the caller masks)."""
    special = _scipy_special()
    eps = np.finfo(np.float64).eps
    use_cf = (x > 1) & (x > a)
    safe_a = np.where(np.isfinite(a) & (a > 0), a, 1.0)
    safe_x = np.where(np.isfinite(x) & (x > 0), x, 1.0)
    log_x = np.log(safe_x)
    grad = np.empty_like(safe_a)
    ratio = np.empty_like(safe_a)
    s = ~use_cf
    if s.any():
        a_s, x_s, lx = safe_a[s], safe_x[s], log_x[s]
        total, dtotal = _series_da(a_s, x_s, eps)
        inner = (lx - special.digamma(a_s + 1.0)) * total + dtotal
        prefactor = np.exp(a_s * lx - x_s - special.gammaln(a_s + 1.0))
        grad[s] = prefactor * inner
        # density = x**(a-1) e**-x / Gamma(a) = prefactor * a / x
        ratio[s] = inner * x_s / a_s
    if use_cf.any():
        a_c, x_c, lx = safe_a[use_cf], safe_x[use_cf], log_x[use_cf]
        h, dh = _continued_fraction_da(a_c, x_c, eps)
        inner = (lx - special.digamma(a_c)) * h + dh
        prefactor = np.exp(a_c * lx - x_c - special.gammaln(a_c))
        grad[use_cf] = -prefactor * inner
        # density = prefactor / x
        ratio[use_cf] = -inner * x_c
    return grad, ratio


def _igamma_grad_a_impl(xp, a, x):
    (a, x), dtype = _wide(a, x)
    grad, _ = _igamma_da_parts(a, x)
    grad = np.where(x == 0, 0.0, grad)
    bad = (x < 0) | (a <= 0) | np.isnan(a) | np.isnan(x) | np.isinf(a) | np.isinf(x)
    return np.where(bad, np.nan, grad).astype(dtype)


# JAX gives igamma_grad_a no derivative rule of its own.
igamma_grad_a_p = _float_nary("igamma_grad_a", 2, _igamma_grad_a_impl)


def igamma_grad_a(a, x):
    """Elementwise derivative of the regularized lower incomplete gamma function in a."""
    return igamma_grad_a_p.bind(*lax_operands(a, x))


def random_gamma_grad(*args):
    """The derivative of a Gamma(a, 1) sample x with respect to a (implicit
    reparameterization): -(dP/da) / (dP/dx) at (a, x); called as random_gamma_grad(a, x)."""
    if len(args) != 2:
        raise TypeError(f"random_gamma_grad takes 2 arguments (a, x), got {len(args)}")
    a, x = lax_operands(*args)
    avals = [_aval(a), _aval(x)]
    for i, aval in enumerate(avals):
        check_operand("random_gamma_grad", aval, i, FLOAT)
    check_same_dtypes("random_gamma_grad", avals)
    shape = elementwise_shape("random_gamma_grad", avals)
    dtype = avals[0].dtype
    if dtype in (np.dtype(np.float16), dtypes.bfloat16):  # computed in float32, as in JAX
        a, x = (ew.convert_element_type(v, np.float32) for v in (a, x))
    a, x = _broadcast_to(a, shape), _broadcast_to(x, shape)
    zero, one = full_like(a, 0), full_like(a, 1)
    in_domain = ew.bitwise_and(ew.gt(x, zero), ew.gt(a, zero))
    safe_a, safe_x = ew.select(in_domain, a, one), ew.select(in_domain, x, one)
    log_density = ew.sub(ew.mul(ew.sub(safe_a, one), ew.log(safe_x)),
                         ew.add(safe_x, ew.lgamma(safe_a)))
    out = ew.neg(ew.div(igamma_grad_a(safe_a, safe_x), ew.exp(log_density)))
    out = ew.select(ew.eq(x, zero), zero, out)
    bad = ew.bitwise_or(ew.bitwise_or(ew.lt(x, zero), ew.le(a, zero)),
                        ew.bitwise_or(ew.ne(a, a), ew.ne(x, x)))
    out = ew.select(bad, full_like(a, np.nan), out)
    return ew.convert_element_type(out, dtype) if out.dtype != dtype else out


def _aval(x):
    from ..transforms.staging import aval_of
    return aval_of(x)


def _broadcast_to(x, shape):
    """x (rank 0, or the rank of `shape` with size-1 dimensions) broadcast to `shape`."""
    from .shape import broadcast_in_dim, reshape
    x_shape = _aval(x).shape
    if x_shape == shape:
        return x
    keep = tuple(i for i, n in enumerate(x_shape) if n == shape[i]) if x_shape else ()
    if len(keep) != len(x_shape):
        x = reshape(x, tuple(x_shape[i] for i in keep))
    return broadcast_in_dim(x, shape, keep)


# -- regularized incomplete beta ----------------------------------------------------------

def _betainc_impl(xp, a, b, x):
    (a, b, x), dtype = _wide(a, b, x)
    return _scipy_special().betainc(a, b, x).astype(dtype)


def _betainc_grad_ab(t, ans, a, b, x):
    raise ValueError("Betainc gradient with respect to a and b not supported.")


def _betainc_jvp_x(t, ans, a, b, x):
    a, b, x = (as_array(v, ans) for v in (a, b, x))
    one = full_like(a, 1)
    log_beta = ew.sub(ew.add(ew.lgamma(a), ew.lgamma(b)), ew.lgamma(ew.add(a, b)))
    log_density = ew.sub(ew.add(ew.mul(ew.sub(b, one), ew.log1p(ew.neg(x))),
                                ew.mul(ew.sub(a, one), ew.log(x))), log_beta)
    return ew.mul(t, ew.exp(log_density))


regularized_incomplete_beta_p = _float_nary(
    "regularized_incomplete_beta", 3, _betainc_impl,
    jvp=defjvp(_betainc_grad_ab, _betainc_grad_ab, _betainc_jvp_x))


def betainc(a, b, x):
    """Elementwise regularized incomplete beta integral I_x(a, b)."""
    return regularized_incomplete_beta_p.bind(*lax_operands(a, b, x))


# -- Hurwitz zeta -----------------------------------------------------------------------------

def _zeta_impl(xp, x, q):
    (x, q), dtype = _wide(x, q)
    out = _scipy_special().zeta(x, q)
    # XLA's special values (JAX 0.10.2), later rules winning: nan for x < 1, x = inf or
    # q = inf; at the poles q = 0, -1, ..., -inf the sum is inf for an even integer x
    # and nan otherwise; x == 1 is inf for every q.
    out = np.where((x < 1) | np.isinf(x) | (q == np.inf), np.nan, out)
    pole = (q <= 0) & (np.floor(q) == q)
    even = np.isfinite(x) & (np.floor(x / 2) * 2 == x)
    out = np.where(pole, np.where(even, np.inf, np.nan), out)
    return np.where(x == 1, np.inf, out).astype(dtype)


# JAX gives lax.zeta no derivative rule (jax.scipy.special.zeta has a custom one).
zeta_p = _float_nary("zeta", 2, _zeta_impl)


def zeta(x, q):
    """Elementwise Hurwitz zeta function: sum over k >= 0 of (k + q)**-x."""
    return zeta_p.bind(*lax_operands(x, q))


# -- exponentially scaled modified Bessel functions ----------------------------------------

def _bessel_i0e_impl(xp, x):
    x = np.asarray(x)
    return _scipy_special().i0e(x.astype(np.float64)).astype(x.dtype)


def _bessel_i1e_impl(xp, x):
    x = np.asarray(x)
    out = _scipy_special().i1e(x.astype(np.float64)).astype(x.dtype)
    return np.where(x == 0, x, out)  # i1e(-0.) is -0. in XLA


def _bessel_i0e_jvp(t, ans, x):
    x = as_array(x, ans)
    return ew.mul(t, ew.sub(bessel_i1e(x), ew.mul(ew.sign(x), ans)))


def _bessel_i1e_jvp(t, ans, x):
    x = as_array(x, ans)
    eps = float(dtypes.finfo(ans.dtype).eps)
    not_tiny = ew.gt(ew.abs(x), full_like(x, eps))
    safe_x = ew.select(not_tiny, x, full_like(x, eps))
    slope = ew.sub(bessel_i0e(safe_x),
                   ew.mul(ans, ew.add(ew.sign(safe_x), ew.div(full_like(x, 1), safe_x))))
    return ew.mul(t, ew.select(not_tiny, slope, full_like(x, 0.5)))


bessel_i0e_p = standard("bessel_i0e", _bessel_i0e_impl,
                        _float_unary_abstract_eval("bessel_i0e"),
                        jvp=defjvp(_bessel_i0e_jvp), batch=ELEMENTWISE_BATCH)


def bessel_i0e(x):
    """Exponentially scaled modified Bessel function of order 0: exp(-|x|) I0(x)."""
    return bessel_i0e_p.bind(x)


bessel_i1e_p = standard("bessel_i1e", _bessel_i1e_impl,
                        _float_unary_abstract_eval("bessel_i1e"),
                        jvp=defjvp(_bessel_i1e_jvp), batch=ELEMENTWISE_BATCH)


def bessel_i1e(x):
    """Exponentially scaled modified Bessel function of order 1: exp(-|x|) I1(x)."""
    return bessel_i1e_p.bind(x)


__all__ = [
    "igamma_p", "igammac_p", "igamma_grad_a_p", "regularized_incomplete_beta_p", "zeta_p",
    "bessel_i0e_p", "bessel_i1e_p",
    "igamma", "igammac", "igamma_grad_a", "random_gamma_grad", "betainc", "zeta",
    "bessel_i0e", "bessel_i1e",
]
