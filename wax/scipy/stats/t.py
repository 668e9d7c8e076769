"""Student's t distribution (wax.scipy.stats.t)."""
from ._common import lax, np, promote, standardize


def logpdf(x, df, loc=0, scale=1):
    """Log of Student's t density."""
    x, df, loc, scale = promote("t.logpdf", x, df, loc, scale)
    z = standardize(x, loc, scale)
    half_df = df / 2
    half_df_plus = half_df + 0.5
    log_norm = (lax.lgamma(half_df) + lax.log(scale * scale * np.pi * df) / 2
                - lax.lgamma(half_df_plus))
    return -(log_norm + half_df_plus * lax.log1p(z * z / df))


def pdf(x, df, loc=0, scale=1):
    """Student's t density."""
    return lax.exp(logpdf(x, df, loc, scale))
