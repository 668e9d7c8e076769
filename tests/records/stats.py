"""Op records for wax.scipy.stats, checked against scipy.stats.

Every record draws its operands from rand_positive ([0.5, 3.5), integers 1..6) and maps
them into the distribution's domain inside both the op and the reference (loc = u - 2,
q = u / 4, ...), so one generator serves all operands. Discrete arguments (k of a pmf)
and non-elementwise ones (Dirichlet's x, the normal's covariance) are fixed arrays the
op closes over, so the checked derivatives are those in the continuous parameters.
Out-of-support values, nan parameters and JAX's conventions there are in tests/scipy/.
"""
import numpy as np
import scipy.stats as ss

import wax.scipy.stats as st

from . import OpRecord, float32, int32, rand_positive, to

F32 = [float32]
FI = [float32, int32]
FLOAT32 = to(float32)
S1 = [(2, 3)]
S2 = [((2, 3), (2, 3))]
S3 = [((2, 3), (1, 3), (2, 3))]


def _centered(u):
    return u - 2


def _quantile(u):
    return u / 4


def _record(name, op, ref, nargs, shapes, dtypes=F32, **kw):
    if any(np.dtype(d).kind == "i" for d in dtypes):
        kw.setdefault("out_dtype", FLOAT32)
    return OpRecord(f"stats.{name}", op, ref, nargs, dtypes, shapes=shapes,
                    rng=rand_positive, **kw)


def _loc_scale(dist, fn, x_map=_centered, dtypes=F32, **kw):
    """dist.fn(x, loc, scale) with x = x_map(u), loc = u - 2, scale = u."""
    ours, theirs = getattr(getattr(st, dist), fn), getattr(getattr(ss, dist), fn)
    return _record(f"{dist}.{fn}",
                   lambda x, loc, scale: ours(x_map(x), _centered(loc), scale),
                   lambda x, loc, scale: theirs(x_map(x), _centered(loc), scale),
                   3, S3, dtypes, **kw)


def _shape_param(dist, fn, x_map=lambda u: u, **kw):
    """dist.fn(x, a) for one positive shape parameter a (gamma's a, chi2's df, t's df)."""
    ours, theirs = getattr(getattr(st, dist), fn), getattr(getattr(ss, dist), fn)
    return _record(f"{dist}.{fn}", lambda x, a: ours(x_map(x), a),
                   lambda x, a: theirs(x_map(x), a), 2, S2, **kw)


def _beta(fn, **kw):
    ours, theirs = getattr(st.beta, fn), getattr(ss.beta, fn)
    return _record(f"beta.{fn}", lambda x, a, b: ours(_quantile(x), a, b),
                   lambda x, a, b: theirs(_quantile(x), a, b), 3, S3, **kw)


_K_BERNOULLI = np.array([0.0, 1.0, 1.0], np.float32)
_K_COUNTS = np.array([0.0, 2.0, 5.0], np.float32)
_N_BINOM = np.array([5.0, 6.0, 9.0], np.float32)
_DIRICHLET_X = np.array([0.2, 0.3, 0.5], np.float32)
_MEAN = np.array([0.5, -1.0, 0.25])
_COV = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 0.5]])
_V = [(3,)]

RECORDS = [
    _loc_scale("norm", "logpdf", dtypes=FI),
    _loc_scale("norm", "pdf"),
    _loc_scale("norm", "cdf"),
    _loc_scale("norm", "logcdf"),
    _loc_scale("norm", "sf"),
    _loc_scale("norm", "logsf"),
    _loc_scale("norm", "ppf", x_map=_quantile),
    _loc_scale("norm", "isf", x_map=_quantile),
    _loc_scale("cauchy", "logpdf"),
    _loc_scale("cauchy", "pdf"),
    _loc_scale("cauchy", "cdf"),
    _loc_scale("cauchy", "logcdf"),
    _loc_scale("cauchy", "sf"),
    _loc_scale("cauchy", "logsf"),
    _loc_scale("cauchy", "ppf", x_map=_quantile),
    _loc_scale("cauchy", "isf", x_map=_quantile),
    _loc_scale("laplace", "logpdf", grad_order=1),  # |x - loc| has a kink at loc
    _loc_scale("laplace", "pdf", grad_order=1),
    _loc_scale("laplace", "cdf", grad_order=1),
    _loc_scale("logistic", "logpdf"),
    _loc_scale("logistic", "pdf"),
    _loc_scale("logistic", "cdf"),
    _loc_scale("logistic", "sf"),
    _loc_scale("logistic", "ppf", x_map=_quantile),
    _loc_scale("logistic", "isf", x_map=_quantile),
    # x = u + 1.5 >= 2 stays inside the support [loc, inf) of the exponential (loc < 1.5).
    _loc_scale("expon", "logpdf", x_map=lambda u: u + 1.5),
    _loc_scale("expon", "pdf", x_map=lambda u: u + 1.5),
    _loc_scale("expon", "cdf", x_map=lambda u: u + 1.5),
    _loc_scale("expon", "logcdf", x_map=lambda u: u + 1.5),
    _loc_scale("expon", "sf", x_map=lambda u: u + 1.5),
    _loc_scale("expon", "logsf", x_map=lambda u: u + 1.5),
    _loc_scale("expon", "ppf", x_map=_quantile),
    # uniform on [loc, loc + scale] with x = loc + scale * q inside it.
    _record("uniform.logpdf", lambda q, loc, scale: st.uniform.logpdf(
        _centered(loc) + scale * _quantile(q), _centered(loc), scale),
        lambda q, loc, scale: ss.uniform.logpdf(
            _centered(loc) + scale * _quantile(q), _centered(loc), scale), 3, S3),
    _record("uniform.cdf", lambda q, loc, scale: st.uniform.cdf(
        _centered(loc) + scale * _quantile(q), _centered(loc), scale),
        lambda q, loc, scale: ss.uniform.cdf(
            _centered(loc) + scale * _quantile(q), _centered(loc), scale), 3, S3),
    _loc_scale("uniform", "pdf", x_map=lambda u: u, jvp=False),  # piecewise constant in x
    _loc_scale("uniform", "ppf", x_map=_quantile),
    _shape_param("gamma", "logpdf"),
    _shape_param("gamma", "pdf"),
    _shape_param("gamma", "cdf", grad_order=1),  # d/da is igamma_grad_a (no derivative)
    _shape_param("gamma", "logcdf", grad_order=1),
    _shape_param("gamma", "sf", grad_order=1),
    _shape_param("gamma", "logsf", grad_order=1),
    _record("gamma.logpdf-loc-scale", lambda x, a, s: st.gamma.logpdf(x + 1, a, 0.5, s),
            lambda x, a, s: ss.gamma.logpdf(x + 1, a, 0.5, s), 3, S3),
    _shape_param("chi2", "logpdf"),
    _shape_param("chi2", "pdf"),
    _shape_param("chi2", "cdf", grad_order=1),  # as gamma.cdf
    _shape_param("chi2", "logcdf", grad_order=1),
    _shape_param("chi2", "sf", grad_order=1),
    _shape_param("chi2", "logsf", grad_order=1),
    _record("chi2.logpdf-loc-scale", lambda x, df, s: st.chi2.logpdf(x + 1, df, 0.5, s),
            lambda x, df, s: ss.chi2.logpdf(x + 1, df, 0.5, s), 3, S3),
    _shape_param("t", "logpdf", x_map=_centered),
    _shape_param("t", "pdf", x_map=_centered),
    _record("t.logpdf-loc-scale", lambda x, df, s: st.t.logpdf(x, df, 1.0, s),
            lambda x, df, s: ss.t.logpdf(x, df, 1.0, s), 3, S3),
    _beta("logpdf"),
    _beta("pdf"),
    _beta("cdf", jvp=False),  # betainc has no derivative in a and b (as in JAX)
    _beta("logcdf", jvp=False),
    _beta("sf", jvp=False),
    _beta("logsf", jvp=False),
    _record("bernoulli.logpmf", lambda p: st.bernoulli.logpmf(_K_BERNOULLI, _quantile(p)),
            lambda p: ss.bernoulli.logpmf(_K_BERNOULLI, _quantile(p)), 1, _V),
    _record("bernoulli.pmf", lambda p: st.bernoulli.pmf(_K_BERNOULLI, _quantile(p)),
            lambda p: ss.bernoulli.pmf(_K_BERNOULLI, _quantile(p)), 1, _V),
    _record("bernoulli.cdf", lambda p: st.bernoulli.cdf(_K_BERNOULLI - 0.5, _quantile(p)),
            lambda p: ss.bernoulli.cdf(_K_BERNOULLI - 0.5, _quantile(p)), 1, _V),
    _record("bernoulli.ppf", lambda q: st.bernoulli.ppf(_quantile(q), 0.4),
            lambda q: ss.bernoulli.ppf(_quantile(q), 0.4), 1, _V,
            jvp=False),  # piecewise constant
    _record("binom.logpmf", lambda p: st.binom.logpmf(_K_COUNTS, _N_BINOM, _quantile(p)),
            lambda p: ss.binom.logpmf(_K_COUNTS, _N_BINOM, _quantile(p)), 1, _V, tol=1e-5),
    _record("binom.pmf", lambda p: st.binom.pmf(_K_COUNTS, _N_BINOM, _quantile(p)),
            lambda p: ss.binom.pmf(_K_COUNTS, _N_BINOM, _quantile(p)), 1, _V, tol=1e-5),
    _record("poisson.logpmf", lambda mu: st.poisson.logpmf(_K_COUNTS, mu),
            lambda mu: ss.poisson.logpmf(_K_COUNTS, mu), 1, _V),
    _record("poisson.pmf", lambda mu: st.poisson.pmf(_K_COUNTS, mu),
            lambda mu: ss.poisson.pmf(_K_COUNTS, mu), 1, _V),
    _record("poisson.cdf", lambda mu: st.poisson.cdf(_K_COUNTS, mu),
            lambda mu: ss.poisson.cdf(_K_COUNTS, mu), 1, _V),
    _record("poisson.entropy", st.poisson.entropy, lambda mu: ss.poisson(mu).entropy(),
            1, _V, tol=1e-5),
    _record("dirichlet.logpdf", lambda alpha: st.dirichlet.logpdf(_DIRICHLET_X, alpha),
            lambda alpha: ss.dirichlet.logpdf(_DIRICHLET_X, alpha), 1, _V, tol=1e-5),
    _record("dirichlet.pdf", lambda alpha: st.dirichlet.pdf(_DIRICHLET_X, alpha),
            lambda alpha: ss.dirichlet.pdf(_DIRICHLET_X, alpha), 1, _V, tol=1e-5),
    _record("multivariate_normal.logpdf",
            lambda x: st.multivariate_normal.logpdf(_centered(x), _MEAN, _COV),
            lambda x: ss.multivariate_normal(_MEAN, _COV).logpdf(_centered(x)), 1,
            [(4, 3)], tol=1e-5),
    _record("multivariate_normal.pdf",
            lambda m: st.multivariate_normal.pdf(np.array([0.5, 0.5, 0.5]), _centered(m),
                                                 _COV),
            lambda m: ss.multivariate_normal(_centered(m), _COV).pdf([0.5, 0.5, 0.5]), 1,
            _V, tol=1e-5),
]
