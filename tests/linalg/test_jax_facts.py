"""wax against facts recorded from JAX 0.10.2 (tests/linalg/jax_linalg_facts.json): each
recorded expression is evaluated with wax in place of jax, and every output leaf must
have JAX's dtype and shape and (to rounding) its values, NaNs and infinities included."""
import json
import pathlib

import numpy as np
import pytest

import wax
import wax.numpy as jnp
import wax.scipy.linalg  # noqa: F401  (wax.scipy loads its submodules on first use)

DATA = json.loads((pathlib.Path(__file__).parent / "jax_linalg_facts.json").read_text())

# Eigenvectors are unique only up to the sign (phase) of each one, which depends on the
# LAPACK build: these outputs are compared column by column up to a unit factor.
UP_TO_PHASE = {
    "jnp.linalg.eigh(jnp.array([[1., 2.], [0., 1.]]))": [1],
    "jnp.linalg.eigh(jnp.array([[1., 2.], [0., 1.]]), UPLO='U', symmetrize_input=False)": [1],
    "jax.lax.linalg.eigh(jnp.array([[2., 0.], [0., 1.]]))": [0],
    "jnp.linalg.eig(jnp.array([[0., -1.], [1., 0.]]))": [1],
}
# JAX bisects for tridiagonal eigenvalues where wax calls LAPACK's eigensolver: equal to
# rounding, not bit for bit.
LOOSE = {"jax.scipy.linalg.eigh_tridiagonal"}


def _decode(leaf):
    dtype = np.dtype(leaf["dtype"]) if leaf["dtype"] != "bfloat16" else None
    values = leaf["values"]
    if dtype.kind == "c":
        arr = np.array([complex(re, im) for re, im in values], np.complex128)
    elif dtype.kind == "f":
        arr = np.array([float(v) for v in values], np.float64)
    else:
        arr = np.array(values, dtype)
    return dtype, tuple(leaf["shape"]), arr.reshape(leaf["shape"])


def _cases():
    for mode in ("x64_off", "x64_on"):
        for expr, fact in DATA[mode].items():
            yield pytest.param(mode, expr, fact, id=f"{mode}:{expr[:90]}")


def _evaluate(expr):
    return eval(expr, {"jax": wax, "jnp": jnp, "np": np})  # noqa: S307 - recorded text


def _align_phases(got, want):
    """got's columns rescaled by the unit factors that best match want's."""
    dots = np.sum(np.conj(got) * want, axis=-2)
    phase = np.where(np.abs(dots) > 0, dots / np.where(np.abs(dots) > 0, np.abs(dots), 1), 1)
    return got * phase[..., None, :]


@pytest.mark.parametrize("mode,expr,fact", list(_cases()))
def test_matches_jax(mode, expr, fact):
    with wax.enable_x64(mode == "x64_on"):
        if "error" in fact:
            with pytest.raises(Exception) as info:
                _evaluate(expr)
            assert type(info.value).__name__ == fact["error"]
            return
        leaves = wax.tree_util.tree_leaves(_evaluate(expr))
    assert len(leaves) == len(fact["outputs"])
    for i, (leaf, want) in enumerate(zip(leaves, fact["outputs"])):
        dtype, shape, expected = _decode(want)
        assert leaf.dtype == dtype, f"output {i}: dtype {leaf.dtype} != JAX's {dtype}"
        assert leaf.shape == shape, f"output {i}: shape {leaf.shape} != JAX's {shape}"
        got = np.asarray(leaf)
        if dtype.kind in "iub":
            np.testing.assert_array_equal(got, expected)
            continue
        got = got.astype(np.complex128 if dtype.kind == "c" else np.float64)
        if i in UP_TO_PHASE.get(expr, ()):
            got = _align_phases(got, expected)
        single = dtype in (np.float32, np.complex64, np.float16)
        tol = 1e-3 if dtype == np.float16 else 2e-5 if single else 1e-12
        if any(expr.startswith(p) for p in LOOSE):
            tol = max(tol * 50, 1e-10)
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol, equal_nan=True,
                                   err_msg=f"output {i} of {expr}")
