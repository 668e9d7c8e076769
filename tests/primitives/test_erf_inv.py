"""lax.erf_inv in float32 against JAX 0.10.2's values (tests/data/jax_erf_inv.json):
wax evaluates Giles' single-precision polynomials as XLA does, so the values (and so
random.normal's) agree with JAX's to 2 ulp, 95% bit for bit."""
import json
import pathlib

import ml_dtypes
import numpy as np

from wax import lax

DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" / "jax_erf_inv.json")
                  .read_text())
X = np.array(DATA["x"], np.int32).view(np.float32)
Y = np.array(DATA["y"], np.int32).view(np.float32)


def test_erf_inv_float32_matches_jax():
    got = np.asarray(lax.erf_inv(X))
    assert got.dtype == np.float32
    np.testing.assert_array_equal(np.isnan(got), np.isnan(Y))
    # (XLA's CPU code flushes subnormal inputs to zero; wax computes with them)
    subnormal = (X != 0) & (np.abs(X) < np.finfo(np.float32).tiny)
    infinite = np.isinf(Y)
    np.testing.assert_array_equal(got[infinite], Y[infinite])
    finite = np.isfinite(Y) & ~subnormal
    ulps = np.abs(got[finite].view(np.int32).astype(np.int64) -
                  Y[finite].view(np.int32).astype(np.int64))
    assert ulps.max() <= 2
    assert (ulps == 0).mean() > 0.9  # (XLA fuses the polynomial steps into FMAs)


def test_erf_inv_half_precision_goes_through_float32():
    for dtype in (np.float16, ml_dtypes.bfloat16):
        x = X[np.isfinite(X) & (np.abs(X) < 1)][:200].astype(dtype)
        got = np.asarray(lax.erf_inv(x))
        assert got.dtype == dtype
        want = np.asarray(lax.erf_inv(x.astype(np.float32))).astype(dtype)
        np.testing.assert_array_equal(got.astype(np.float32), want.astype(np.float32))


def test_erf_inv_float64_is_accurate():
    import wax
    from scipy import special
    x = np.linspace(-0.999999, 0.999999, 101)
    with wax.enable_x64():
        got = np.asarray(lax.erf_inv(x))
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, special.erfinv(x), rtol=1e-13)
