"""wax.scipy (special, stats, ndimage, optimize) and the special-function lax primitives
against facts recorded from JAX 0.10.2 (tests/data/scipy_special.json): each recorded
expression is evaluated with wax in place of jax and must give JAX's dtype, weak type,
shape and values (to a tolerance: JAX evaluates many of these with float32 series where
wax asks SciPy), or raise JAX's exception class with JAX's message.

The few points where wax deliberately differs from JAX 0.10.2 (where JAX's approximation
breaks down) are not in the data; tests/scipy/test_special.py checks them against SciPy.
"""
import json
import pathlib

import numpy as np
import pytest

import wax
import wax.numpy as jnp
import wax.scipy.ndimage as nd
import wax.scipy.optimize as opt
import wax.scipy.special as sp
import wax.scipy.stats as st
from wax import lax

DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" / "scipy_special.json")
                  .read_text())


def F(values):
    return jnp.asarray(np.asarray(values, np.float32))


def D(values):
    return jnp.asarray(np.asarray(values, np.float64))


NAMESPACE = {"jax": wax, "jnp": jnp, "lax": lax, "sp": sp, "st": st, "nd": nd, "opt": opt,
             "np": np, "F": F, "D": D}

# Relative tolerances (float32 unless x64) beyond the default, with the reason.
DEFAULT_RTOL = {False: 2e-5, True: 1e-12}
RTOL = {
    # JAX sums the Poisson entropy in float32 (and wax in a different order).
    "st.poisson.entropy(F([0, 1, 5, 50, 500]))": 1e-4,
    # JAX's float32 series for the derivative in a lose a few more digits.
    "lax.igamma_grad_a(F([0, 0, 1, 1, -1, np.inf, 1, 2, 0.5, 3, 20, 1]), F([0, 1, 0, -1, 1, 1, np.inf, 3, 0.2, 0.5, 25, np.nan]))": 1e-4,  # noqa: E501
    "lax.random_gamma_grad(F([0, 1, 1, -1, 2, 0.5, 100, 0.1, 5]), F([1, 0, -1, 1, 3, 0.2, 90, 0.01, 4]))": 1e-4,  # noqa: E501
    "jax.grad(sp.hyp1f1, argnums=(0, 1, 2))(1.5, 2.5, 0.7)": 1e-4,
    "jax.grad(sp.hyp2f1, argnums=(0, 1, 2, 3))(1.5, 2.5, 3.5, 0.3)": 1e-4,
    # JAX's series for zeta's x-derivative in float32 (8 terms).
    "jax.grad(sp.zeta, 0)(2., 1.)": 1e-4,
    "jax.grad(sp.zeta, 0)(3.5, 2.5)": 1e-4,
    # float64 series in JAX (16 terms) against wax's: agree to ~1e-10.
    "jax.grad(sp.zeta, 0)(3.5, 2.5)#x64": 1e-9,
    "sp.log_ndtr(D([-50, -25, -3, 0, 10]))": 1e-10,
    "st.norm.logcdf(D([-40, 0, 5]))": 1e-10,
    "lax.random_gamma_grad(D([0.5, 3, 20, 100]), D([0.2, 7, 18, 90]))": 1e-10,
    "st.poisson.entropy(D([1, 5, 50, 500]))": 1e-9,
    # JAX evaluates Bernoulli numbers from a truncated zeta sum; wax's are exact.
    "sp.bernoulli(12)": 1e-4,
    "sp.bernoulli(4)#x64": 1e-5,
    # JAX's betaln (TOMS 708's algdiv) is off by 4e-9 at (10, 20); wax's Stirling
    # difference is within 1e-15 of the exact value there.
    "sp.betaln(D([1, 10, 0.5, 100]), D([1000, 20, 1e4, 1e5]))#x64": 1e-8,
}
ATOL = {False: 1e-6, True: 1e-12}

# Optimizer results are compared on what the method promises, not on its path (the
# number of line-search evaluations depends on interpolation details).
OPTIMIZE_FIELDS = ("x", "success", "status", "fun")
OPTIMIZE_ATOL = 2e-4


def _cases():
    for case in DATA["cases"]:
        name = case["expr"] + ("#x64" if case["x64"] else "")
        yield pytest.param(case, id=name[:120])


def _evaluate(case):
    if case["x64"]:
        with wax.enable_x64():
            return eval(case["expr"], dict(NAMESPACE))
    return eval(case["expr"], dict(NAMESPACE))


def _class_names(exc):
    return {cls.__name__ for cls in type(exc).__mro__}


def _check(got, expected, rtol, atol, where, weak=True):
    if "tuple" in expected:
        assert isinstance(got, tuple), f"{where}: expected a tuple, got {type(got)}"
        parts = expected["tuple"]
        fields = expected.get("fields")
        assert len(got) == len(parts)
        if fields:
            assert list(got._fields) == fields
            for field, part in zip(fields, parts):
                if field in OPTIMIZE_FIELDS:
                    _check(getattr(got, field), part, 0, OPTIMIZE_ATOL, f"{where}.{field}",
                           weak)
            return
        for i, (g, part) in enumerate(zip(got, parts)):
            _check(g, part, rtol, atol, f"{where}[{i}]", weak)
        return
    if "py" in expected:
        assert got == expected["py"]
        return
    assert isinstance(got, wax.Array), f"{where}: expected an Array, got {type(got)}"
    assert str(got.dtype) == expected["dtype"], where
    if weak:
        assert got.weak_type == expected["weak"], f"{where}: weak_type"
    assert list(got.shape) == expected["shape"], where
    value = np.asarray(got)
    if value.dtype.kind == "c":
        want = np.asarray(expected["real"]) + 1j * np.asarray(expected["imag"])
        np.testing.assert_allclose(value.astype(np.complex128), want, rtol=rtol, atol=atol,
                                   equal_nan=True, err_msg=where)
    elif value.dtype.kind in "fV" or str(value.dtype) == "bfloat16":
        want = np.asarray(expected["value"], np.float64)
        value = value.astype(np.float64)
        np.testing.assert_array_equal(np.isnan(value), np.isnan(want), err_msg=where)
        np.testing.assert_array_equal(np.isinf(value) * np.sign(value),
                                      np.isinf(want) * np.sign(want), err_msg=where)
        finite = np.isfinite(want)
        np.testing.assert_allclose(value[finite], want[finite], rtol=rtol, atol=atol,
                                   err_msg=where)
    else:
        np.testing.assert_array_equal(value, np.asarray(expected["value"]), err_msg=where)


@pytest.mark.parametrize("case", list(_cases()))
def test_matches_jax(case):
    expected = case["result"]
    if "error" in expected:
        with pytest.raises(Exception) as info:
            _evaluate(case)
        assert expected["error"] in _class_names(info.value), (
            f"raised {type(info.value).__name__}: {info.value}")
        assert str(info.value).split("\n")[0] == expected["message"]
        return
    got = _evaluate(case)
    key = case["expr"] + ("#x64" if case["x64"] else "")
    rtol = RTOL.get(key, RTOL.get(case["expr"], DEFAULT_RTOL[case["x64"]]))
    # Gradients' weak types follow wax.grad's convention (strong cotangents), which is
    # the transformations' business, not these functions'; their values are checked.
    weak = not case["expr"].startswith("jax.grad(")
    _check(got, expected, rtol, ATOL[case["x64"]], case["expr"], weak)
