"""wax.random against values recorded from JAX 0.10.2 (tests/data/jax_random.json).

Each recorded case is an expression in jax/random/jnp/lax/np; here it is evaluated with
wax in their place. Keys, bits, randint, permutation, choice, bernoulli and uniform are
bit-exact compositions of threefry2x32 in JAX, so they must agree exactly. Samplers that go
through transcendental functions (log, erf_inv, tan, ...) agree to a few ulp: XLA's
approximations of those functions round differently from NumPy's/SciPy's."""
import builtins
import json
import pathlib

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.lax
import wax.numpy as jnp
import wax.random

# JAX warns as wax does when x64 truncates a requested 64-bit dtype (bits(..., uint64)).
pytestmark = pytest.mark.filterwarnings("ignore:Explicitly requested dtype")
DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" / "jax_random.json").read_text())
NAMESPACE = {"jax": wax, "random": wax.random, "jnp": jnp, "lax": wax.lax, "np": np}

# Samplers whose JAX values are pure integer/bit manipulations of threefry outputs (plus
# exactly rounded float arithmetic): they must match bit for bit.
EXACT = ("key", "PRNGKey", "split", "fold_in", "bits", "randint", "permutation",
         "uniform", "bernoulli", "rademacher", "rng_bit_generator", "clone")
# Rejection samplers: an ulp of difference in log/lgamma/erf_inv can move a value across
# an acceptance bound, so a rare element may differ wholesale; these are compared with a
# small budget of such elements (each case lists the ones seen, if any).
ULPS = {np.dtype("float32"): 2 ** -23, np.dtype("float64"): 2 ** -52,
        np.dtype("float16"): 2 ** -10, np.dtype(ml_dtypes.bfloat16): 2 ** -7}


def _dtype(name: str) -> np.dtype:
    return np.dtype(ml_dtypes.bfloat16) if name == "bfloat16" else np.dtype(name)


def _decode(entry) -> np.ndarray:
    dtype, value = _dtype(entry["dtype"]), entry["value"]
    if dtype.kind == "c":
        out = (np.asarray(value[0]) + 1j * np.asarray(value[1])).astype(dtype)
    elif dtype.kind == "f" or dtype == ml_dtypes.bfloat16:
        out = np.asarray(value, np.float64).astype(dtype)
    else:
        out = np.asarray(value, dtype)
    return out.reshape(entry["shape"])


def _samplers(expr: str) -> set:
    words = set(expr.replace("(", " ").replace(")", " ").replace(".", " ").replace(",", " ")
                .split())
    return {w for w in words if callable(getattr(wax.random, w, None))} | \
        ({"rng_bit_generator"} if "rng_bit_generator" in expr else set())


def _is_exact(expr: str) -> bool:
    return _samplers(expr) <= set(EXACT) | {"key_data", "wrap_key_data"}


def _as_float(x):
    return np.asarray(x).astype(np.float64)


def _compare(expr, got, entry, max_ulps):
    want = _decode(entry)
    got_np = np.asarray(got)
    assert got_np.shape == want.shape, (expr, got_np.shape, want.shape)
    assert got_np.dtype == want.dtype, (expr, got_np.dtype, want.dtype)
    assert bool(getattr(got, "weak_type", False)) == entry["weak_type"], expr
    if want.dtype.kind == "c":
        got_np = np.stack([got_np.real, got_np.imag])
        want = np.stack([want.real, want.imag])
    if want.dtype.kind in "biu":
        np.testing.assert_array_equal(got_np, want, err_msg=expr)
        return
    g, w = _as_float(got_np), _as_float(want)
    if _is_exact(expr):
        np.testing.assert_array_equal(g, w, err_msg=expr)
        return
    if isinstance(max_ulps, tuple):  # ("abs", tol): matrix factorizations round differently
        np.testing.assert_allclose(g, w, rtol=0, atol=max_ulps[1] * np.abs(w).max(),
                                   err_msg=expr)
        return
    same = (g == w) | (np.isnan(g) & np.isnan(w))
    scale = np.maximum(np.abs(w), float(ml_dtypes.finfo(want.dtype).tiny))
    with np.errstate(invalid="ignore"):
        err = np.where(same, 0.0, np.abs(g - w) / (scale * ULPS[want.dtype]))
    assert np.all(err <= max_ulps), (f"{expr}: {np.sum(err > max_ulps)} elements beyond "
                                     f"{max_ulps} ulp (worst {np.nanmax(err):.3g});\n"
                                     f"got  {g.ravel()[:8]}\nwant {w.ravel()[:8]}")


def _tolerance(expr: str) -> float:
    if "jax.grad" in expr:
        return 4096  # through random_gamma_grad's series and the sample itself
    for name, ulps in (("gamma", 256), ("beta", 256), ("dirichlet", 256), ("chisquare", 256),
                       ("random.f(", 256), ("random.t(", 256), ("generalized_normal", 256),
                       ("ball", 256), ("orthogonal", ("abs", 1e-5)),
                       ("multivariate_normal", ("abs", 1e-5)),
                       ("wald", 64), ("weibull", 16), ("maxwell", 16),
                       # erf_inv evaluates XLA's float32 polynomial: 2 ulp (complex
                       # normals: one more rounding, in the scale by 1/sqrt(2))
                       ("random.normal(", 3)):
        if name in expr:
            return ulps
    return 8


# Expressions where wax knowingly differs from JAX (strict xfail: a fix must remove the entry).
KNOWN: dict[str, str] = {}


def _cases(section):
    return [pytest.param(expr, entry, id=expr[:120],
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN[expr])]
                         if expr in KNOWN else [])
            for expr, entry in DATA[section].items()]


def _check(expr, entry):
    got = eval(expr, NAMESPACE)
    if "tuple" in entry:
        assert isinstance(got, tuple) and len(got) == len(entry["tuple"])
        for g, e in zip(got, entry["tuple"]):
            _compare(expr, g, e, _tolerance(expr))
    else:
        _compare(expr, got, entry, _tolerance(expr))


@pytest.mark.parametrize("expr,entry", _cases("cases"))
def test_matches_jax(expr, entry):
    _check(expr, entry)


@pytest.mark.parametrize("expr,entry", _cases("cases_x64"))
def test_matches_jax_x64(expr, entry):
    with wax.enable_x64():
        _check(expr, entry)


# Errors whose message embeds something wax cannot reproduce, compared up to that point:
# the tracer JAX shows for a float seed, JAX's PRNGImpl repr (its function objects), and
# np.int64 in a shape JAX builds with NumPy.
MESSAGE_PREFIX = {
    "random.key(1.5)": "PRNG key seed must be an integer; got",
    "random.PRNGKey(1.5)": "PRNG key seed must be an integer; got",
    "random.uniform(jnp.zeros(3, jnp.uint32))": "JAX encountered invalid PRNG key data: "
    "expected key_data.shape to end with (2,); got shape=(3,) for impl=PRNGImpl(key_shape=(2,)",
    "random.key_data(jnp.zeros(3, jnp.uint32))": "JAX encountered invalid PRNG key data: "
    "expected key_data.shape to end with (2,); got shape=(3,) for impl=PRNGImpl(key_shape=(2,)",
    "random.wrap_key_data(jnp.zeros(3, jnp.uint32))": "JAX encountered invalid PRNG key data: "
    "expected key_data.shape to end with (2,); got shape=(3,) for impl=PRNGImpl(key_shape=(2,)",
    "random.categorical(random.key(0), jnp.zeros((3, 4)), shape=(5,))":
    "Incompatible shapes for broadcasting: shapes=[(5,), (",
}
# Errors where wax knowingly differs from JAX (strict xfail: a fix must remove the entry).
ERRORS_KNOWN: dict[str, str] = {}


def _error_cases():
    return [pytest.param(expr, entry, id=expr[:120],
                         marks=[pytest.mark.xfail(strict=True, reason=ERRORS_KNOWN[expr])]
                         if expr in ERRORS_KNOWN else [])
            for expr, entry in DATA["errors"].items()]


@pytest.mark.parametrize("expr,entry", _error_cases())
def test_errors_match_jax(expr, entry):
    with pytest.raises(Exception) as info:
        eval(expr, NAMESPACE)
    err = info.value
    # (NumPy's AxisError, which wax raises for any axis out of range, is both a ValueError
    # and an IndexError, the classes JAX raises for one.)
    axis_error = type(err) is np.exceptions.AxisError and entry["type"] in ("ValueError",
                                                                           "IndexError")
    assert type(err).__name__ == entry["type"] or axis_error, (expr, repr(err))
    # The builtin bases JAX's class has (TypeError, ValueError, ...) hold for wax's too.
    builtin = [c for c in entry["mro"] if isinstance(getattr(builtins, c, None), type)]
    assert {c.__name__ for c in type(err).__mro__} >= set(builtin), (expr, type(err).__mro__)
    message = str(err).split("\n")[0]
    if expr in MESSAGE_PREFIX:
        assert message.startswith(MESSAGE_PREFIX[expr]), (expr, message)
    else:
        assert message == entry["message"], (expr, message)
