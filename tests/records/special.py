"""Op records for the special-function lax primitives (wax/primitives/special.py) and
wax.scipy.special, checked against scipy.special.

Operands with different domains are drawn from one generator and mapped inside the op
and the reference alike (e.g. u / 4 puts rand_positive's [0.5, 3.5) into the unit
interval), so every record is a plain function of its arrays. Derivatives that JAX does
not define (igamma_grad_a, lax.zeta, betainc in a and b, order arguments) are left out of
the gradient checks, with the reason beside the record; JAX's values at special points
and its errors are in tests/scipy/.
"""
import functools

import numpy as np
import scipy.special as ss

import wax.numpy as jnp
import wax.scipy.special as sp
from wax import lax

from . import (OpRecord, bfloat16, float16, float32, int32, rand_default, rand_nonzero,
               rand_positive, rand_unit, to)

F32 = [float32]
FLOATS = [float32, float16, bfloat16]
FI = [float32, int32]
U = [(), (2, 3)]                       # unary shapes
B = [((2, 3), (2, 3)), ((1, 3), (2, 3))]  # binary shapes, one with size-1 broadcasting
B1 = [((2, 3), (2, 3))]
T = [((3,), (3,), (3,))]
FLOAT32 = to(float32)


def _unit(u):
    """rand_positive's [0.5, 3.5) mapped into (0, 1)."""
    return u / 4


def _shift(u, by):
    return u + by


def _d_igamma_da(a, x):
    """dP/da by a central difference of SciPy's gammainc in float64."""
    h = 1e-5 * np.maximum(a, 1.0)
    return (ss.gammainc(a + h, x) - ss.gammainc(a - h, x)) / (2 * h)


def _random_gamma_grad_ref(a, x):
    density = np.exp((a - 1) * np.log(x) - x - ss.gammaln(a))
    return -_d_igamma_da(a, x) / density


def _rec(name, op, ref, nargs, dtypes, shapes, **kw):
    return OpRecord(name, op, ref, nargs, dtypes, shapes=shapes, **kw)


def _x_only(fun, *fixed):
    """fun(*fixed, x) as a function of x alone (for derivatives JAX defines in x only)."""
    return functools.partial(fun, *fixed)


LAX_RECORDS = [
    _rec("lax.igamma", lax.igamma, ss.gammainc, 2, FLOATS, B, rng=rand_positive,
         # d/da is igamma_grad_a, which (as in JAX) has no derivative: order 1.
         grad_order=1),
    _rec("lax.igamma-x", _x_only(lax.igamma, 2.5),
         _x_only(ss.gammainc, 2.5), 1, F32, U, rng=rand_positive),
    _rec("lax.igammac", lax.igammac, ss.gammaincc, 2, FLOATS, B, rng=rand_positive,
         grad_order=1),  # as igamma
    _rec("lax.igamma_grad_a", lax.igamma_grad_a, _d_igamma_da, 2, [float32], B,
         rng=rand_positive, tol=1e-5,
         jvp=False),  # JAX defines no derivative of igamma_grad_a
    _rec("lax.random_gamma_grad", lax.random_gamma_grad, _random_gamma_grad_ref, 2,
         [float32, float16], B1, rng=rand_positive, tol=2e-4,
         jvp=False),  # built on igamma_grad_a, which has no derivative (as in JAX)
    _rec("lax.betainc", lambda a, b, u: lax.betainc(a, b, _unit(u)),
         lambda a, b, u: ss.betainc(a, b, _unit(u)), 3, [float32, bfloat16], T,
         rng=rand_positive,
         jvp=False),  # JAX raises for derivatives in a and b; x alone below
    _rec("lax.betainc-x", lambda u: lax.betainc(2.5, 1.5, _unit(u)),
         lambda u: ss.betainc(2.5, 1.5, _unit(u)), 1, F32, U, rng=rand_positive),
    _rec("lax.zeta", lambda x, q: lax.zeta(_shift(x, 1), q),
         lambda x, q: ss.zeta(_shift(x, 1), q), 2, FLOATS, B, rng=rand_positive,
         jvp=False),  # lax.zeta has no derivative rule in JAX
    _rec("lax.bessel_i0e", lax.bessel_i0e, ss.i0e, 1, FLOATS, U),
    _rec("lax.bessel_i1e", lax.bessel_i1e, ss.i1e, 1, FLOATS, U),
]


def _sp(name, nargs, ref, dtypes=F32, shapes=None, rng=rand_default, **kw):
    fun = getattr(sp, name.split("-")[0])
    shapes = shapes or (U if nargs == 1 else B)
    out = kw.pop("out_dtype", FLOAT32 if any(np.dtype(d).kind == "i" for d in dtypes)
                 else None)
    return OpRecord(f"sp.{name}", fun, ref, nargs, dtypes, shapes=shapes, rng=rng,
                    out_dtype=out, **kw)


def _logsumexp_ref(a, axis=None, b=None):
    return ss.logsumexp(a, axis=axis, b=b)


SPECIAL_RECORDS = [
    _sp("gammaln", 1, ss.gammaln, FI, rng=rand_positive),
    _sp("gamma", 1, ss.gamma, FI, rng=rand_positive),
    _sp("loggamma", 1, ss.loggamma, F32, rng=rand_positive),
    _sp("gammasgn", 1, ss.gammasgn, F32, rng=rand_nonzero,
        jvp=False),  # piecewise constant
    _sp("digamma", 1, ss.digamma, FI, rng=rand_positive),
    _sp("betaln", 2, ss.betaln, F32, rng=rand_positive),
    _sp("betaln-large", 2, ss.betaln, F32, shapes=B1,
        rng=lambda s, d, r: r.uniform(5, 60, s).astype(d)),  # the Stirling branch
    _sp("beta", 2, ss.beta, F32, rng=rand_positive),
    OpRecord("sp.betainc-x", lambda u: sp.betainc(2.0, 3.5, _unit(u)),
             lambda u: ss.betainc(2.0, 3.5, _unit(u)), 1, F32, shapes=U, rng=rand_positive),
    _sp("gammainc", 2, ss.gammainc, F32, rng=rand_positive, grad_order=1),  # as lax.igamma
    _sp("gammaincc", 2, ss.gammaincc, F32, rng=rand_positive, grad_order=1),
    _sp("erf", 1, ss.erf, FI),
    _sp("erfc", 1, ss.erfc, F32),
    _sp("erfinv", 1, ss.erfinv, F32, rng=rand_unit),
    _sp("erfcx", 1, ss.erfcx, F32, tol=5e-5),
    _sp("ndtr", 1, ss.ndtr, F32),
    OpRecord("sp.ndtri", lambda u: sp.ndtri(_unit(u)), lambda u: ss.ndtri(_unit(u)), 1, F32,
             shapes=U, rng=rand_positive),
    _sp("log_ndtr", 1, ss.log_ndtr, F32,
        # Far in the left tail the float32 derivative, exp(log_pdf - log_cdf), cancels two
        # large logs; the tail values are checked in float64 in tests/scipy/.
        rng=lambda s, d, r: r.uniform(-8, 6, s).astype(d), jvp_tol=1e-5),
    _sp("dawsn", 1, ss.dawsn, F32),
    _sp("expit", 1, ss.expit, FI),
    OpRecord("sp.logit", lambda u: sp.logit(_unit(u)), lambda u: ss.logit(_unit(u)), 1, F32,
             shapes=U, rng=rand_positive),
    _sp("xlogy", 2, ss.xlogy, F32, rng=rand_positive),
    _sp("xlog1py", 2, ss.xlog1py, F32, rng=rand_positive),
    _sp("entr", 1, ss.entr, F32, rng=rand_positive),
    _sp("rel_entr", 2, ss.rel_entr, F32, rng=rand_positive),
    _sp("kl_div", 2, ss.kl_div, F32, rng=rand_positive),
    _sp("boxcox", 2, ss.boxcox, F32, shapes=B1, rng=rand_positive),
    _sp("boxcox1p", 2, ss.boxcox1p, F32, shapes=B1, rng=rand_positive),
    OpRecord("sp.multigammaln", lambda a: sp.multigammaln(_shift(a, 1.5), 3),
             lambda a: ss.multigammaln(_shift(a, 1.5), 3), 1, F32, shapes=U,
             rng=rand_positive),
    _sp("factorial", 1, ss.factorial, FI, rng=rand_positive, tol=1e-5),
    OpRecord("sp.comb", lambda n, k: sp.comb(_shift(n, 3), k),
             lambda n, k: ss.comb(_shift(n, 3), k), 2, F32, shapes=B, rng=rand_positive,
             tol=1e-5),
    _sp("poch", 2, ss.poch, F32, rng=rand_positive, tol=1e-5),
    OpRecord("sp.polygamma", lambda x: sp.polygamma(2, x),
             lambda x: ss.polygamma(2, x), 1, F32, shapes=U, rng=rand_positive),
    _sp("i0", 1, ss.i0, FI),
    _sp("i0e", 1, ss.i0e, F32),
    _sp("i1", 1, ss.i1, FI),
    _sp("i1e", 1, ss.i1e, F32),
    OpRecord("sp.zeta", lambda x, q: sp.zeta(_shift(x, 1), q),
             lambda x, q: ss.zeta(_shift(x, 1), q), 2, F32, shapes=B, rng=rand_positive,
             grad_tol_f32=2e-2),
    _sp("exp1", 1, ss.exp1, F32, rng=rand_positive),
    OpRecord("sp.expn", lambda x: sp.expn(3, x), lambda x: ss.expn(3, x), 1, F32,
             shapes=U, rng=rand_positive),
    _sp("expi", 1, ss.expi, F32, rng=rand_nonzero),
    _sp("sici", 1, ss.sici, F32, rng=rand_nonzero),
    _sp("fresnel", 1, ss.fresnel, F32),
    _sp("spence", 1, ss.spence, F32, rng=rand_positive),
    _sp("owens_t", 2, ss.owens_t, F32),
    OpRecord("sp.hyp1f1", lambda a, b, x: sp.hyp1f1(a, b, x),
             lambda a, b, x: ss.hyp1f1(a, b, x), 3, F32, shapes=T, rng=rand_positive,
             tol=1e-5),
    OpRecord("sp.hyp1f1-x", lambda x: sp.hyp1f1(1.5, 2.5, x),
             lambda x: ss.hyp1f1(1.5, 2.5, x), 1, F32, shapes=U, tol=1e-5),
    OpRecord("sp.hyp2f1", lambda a, b, c, u: sp.hyp2f1(a, b, c, _unit(u)),
             lambda a, b, c, u: ss.hyp2f1(a, b, c, _unit(u)), 4, F32,
             shapes=[((3,),) * 4], rng=rand_positive, tol=1e-5, grad_tol_f32=5e-2),
    OpRecord("sp.hyp2f1-x", lambda u: sp.hyp2f1(0.5, 1.5, 2.5, _unit(u)),
             lambda u: ss.hyp2f1(0.5, 1.5, 2.5, _unit(u)), 1, F32, shapes=U,
             rng=rand_positive),
    OpRecord("sp.bessel_jn", lambda z: sp.bessel_jn(z, v=3),
             lambda z: np.stack([ss.jv(k, z) for k in range(4)]), 1, F32, shapes=U,
             tol=1e-5),
    OpRecord("sp.sph_harm_y-real", lambda t, p: jnp.real(sp.sph_harm_y(
        np.array([2, 3, 3]), np.array([1, -2, 0]), t, p)),
        lambda t, p: np.real(ss.sph_harm_y(np.array([2, 3, 3]), np.array([1, -2, 0]), t, p)),
        2, F32, shapes=[((3,), (3,))], rng=rand_positive),
    OpRecord("sp.sph_harm_y-imag", lambda t, p: jnp.imag(sp.sph_harm_y(
        np.array([2, 3, 4]), np.array([1, -2, 3]), t, p)),
        lambda t, p: np.imag(ss.sph_harm_y(np.array([2, 3, 4]), np.array([1, -2, 3]), t, p)),
        2, F32, shapes=[((3,), (3,))], rng=rand_positive),
    OpRecord("sp.logsumexp", sp.logsumexp, _logsumexp_ref, 1, FI, shapes=[(2, 3)],
             out_dtype=FLOAT32),
    OpRecord("sp.logsumexp-axis", functools.partial(sp.logsumexp, axis=1),
             functools.partial(_logsumexp_ref, axis=1), 1, F32, shapes=[(2, 3)]),
    OpRecord("sp.logsumexp-b", lambda a, b: sp.logsumexp(a, axis=0, b=b),
             lambda a, b: _logsumexp_ref(a, axis=0, b=b), 2, F32, shapes=B1,
             rng=rand_positive),
    OpRecord("sp.softmax", functools.partial(sp.softmax, axis=-1),
             functools.partial(ss.softmax, axis=-1), 1, F32, shapes=[(2, 3)]),
    OpRecord("sp.log_softmax", sp.log_softmax, ss.log_softmax, 1, F32, shapes=[(2, 3)]),
]

RECORDS = LAX_RECORDS + SPECIAL_RECORDS
