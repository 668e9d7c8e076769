"""wax.nn against facts recorded from JAX 0.10.2 (tests/nn/jax_nn_facts.json; its "_about"
entries say how): result dtypes and weak types, values and first and second derivatives
at special points (signed zeros, infinities, NaN, kinks), the normalizers with where=, b=
and return_sign, one_hot, standardize, glu and dot_product_attention."""
import json
import pathlib
import warnings

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import nn

FACTS = json.loads((pathlib.Path(__file__).parent / "jax_nn_facts.json").read_text())


def _array(value, dtype=np.float32):
    if isinstance(value, dict):  # complex values are stored as their parts
        return np.array(value["real"]) + 1j * np.array(value["imag"])
    return np.array(value, dtype)


def _dtype_text(y):
    return f"{y.dtype}{' weak' if y.weak_type else ''}"


# --- result dtypes ------------------------------------------------------------------------

INPUTS = {"int32": np.array([1, 2, 3, 4], np.int32), "uint8": np.array([1, 2, 3, 4], np.uint8),
          "bool": np.array([True, False, True, False]),
          "float16": np.array([1, 2, 3, 4], np.float16),
          "bfloat16": np.array([1, 2, 3, 4], ml_dtypes.bfloat16),
          "float32": np.array([1, 2, 3, 4], np.float32),
          "python float 2.0": 2.0, "python int 2": 2}

# Entries where wax differs from JAX for a reason outside wax.nn, each with the reason.
# strict xfail: once the cause is fixed, the entry must leave this list.
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}


def _dtype_cases():
    for name, row in FACTS["dtypes"].items():
        if name.startswith("_"):
            continue
        for kind, expected in row.items():
            marks = ()
            if (name, kind) in KNOWN_DIFFERENCES:
                marks = pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[name, kind])
            yield pytest.param(name, kind, expected, id=f"{name}-{kind}", marks=marks)


@pytest.mark.parametrize("name,kind,expected", list(_dtype_cases()))
def test_result_dtype_matches_jax(name, kind, expected):
    x64 = kind.endswith(" (x64)")
    x = INPUTS[kind.removesuffix(" (x64)")]

    def run():
        fun = getattr(nn, name)
        if expected in ("TypeError", "ValueError", "IndexError"):
            # JAX's IndexError (a 0-d input to glu/standardize: axis -1 does not exist)
            # is a ValueError naming the axis and rank in wax
            errors = {"TypeError": TypeError, "ValueError": ValueError,
                      "IndexError": (ValueError, IndexError)}[expected]
            with pytest.raises(errors):
                fun(x)
            return
        y = fun(x)
        y = y[0] if isinstance(y, tuple) else y
        assert _dtype_text(y) == expected

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if x64:
            with wax.enable_x64():
                run()
        else:
            run()


# --- elementwise values and derivatives at special points --------------------------------

ELEMENTWISE = {
    "relu": nn.relu, "relu6": nn.relu6, "sigmoid": nn.sigmoid, "softplus": nn.softplus,
    "soft_sign": nn.soft_sign, "silu": nn.silu, "log_sigmoid": nn.log_sigmoid,
    "elu": nn.elu, "elu(alpha=0.5)": lambda x: nn.elu(x, 0.5), "celu": nn.celu,
    "celu(alpha=0.5)": lambda x: nn.celu(x, 0.5), "selu": nn.selu,
    "gelu(approximate=True)": lambda x: nn.gelu(x, True),
    "gelu(approximate=False)": lambda x: nn.gelu(x, False),
    "leaky_relu": nn.leaky_relu,
    "leaky_relu(negative_slope=0.2)": lambda x: nn.leaky_relu(x, 0.2),
    "hard_tanh": nn.hard_tanh, "hard_sigmoid": nn.hard_sigmoid, "hard_silu": nn.hard_silu,
    "sparse_plus": nn.sparse_plus, "sparse_sigmoid": nn.sparse_sigmoid,
    "squareplus": nn.squareplus, "squareplus(b=1)": lambda x: nn.squareplus(x, 1),
    "mish": nn.mish, "identity": nn.identity, "tanh": nn.tanh, "log1mexp": nn.log1mexp,
}
X = np.array(FACTS["elementwise"]["x"], np.float32)


def _assert_close(got, want, rtol, atol, signed_zeros=False):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if signed_zeros:
        zeros = want == 0
        np.testing.assert_array_equal(np.signbit(got[zeros]), np.signbit(want[zeros]))


@pytest.mark.parametrize("name", list(ELEMENTWISE))
def test_elementwise_values_and_derivatives(name):
    """Values (with signed zeros), f' and f'' at -inf, the kinks, -0.0, 0.0, inf and NaN:
    e.g. relu'(0) = 0, relu6'(6) = 0, softplus'(0) = 0.5, leaky_relu'(0) = 1."""
    f, want = ELEMENTWISE[name], FACTS["elementwise"][name]
    _assert_close(wax.vmap(f)(X), want["value"], 2e-6, 1e-6, signed_zeros=True)
    _assert_close(wax.vmap(wax.grad(f))(X), want["grad"], 2e-6, 1e-6)
    # second derivatives differ from XLA's in the last bits of float32 (different but
    # equivalent formulas for tanh' etc.), so only to 1e-4
    _assert_close(wax.vmap(wax.grad(wax.grad(f)))(X), want["grad2"], 1e-4, 1e-5)


def test_elementwise_under_jit_matches_the_same_facts():
    for name in ["relu", "relu6", "softplus", "log1mexp", "hard_silu"]:
        f, want = ELEMENTWISE[name], FACTS["elementwise"][name]
        _assert_close(wax.jit(wax.vmap(wax.grad(f)))(X), want["grad"], 2e-6, 1e-6)


# --- softmax, log_softmax, logsumexp, logmeanexp ----------------------------------------

NORM = FACTS["normalizers"]
A = np.array(NORM["A"], np.float32)
M = np.array(NORM["M"], bool)
B = np.array(NORM["B"], np.float32)
W4 = np.arange(1, 5, dtype=np.float32)
W3 = np.array([1.0, 2.0, 3.0], np.float32)

NORMALIZERS = {
    "softmax(A)": lambda: nn.softmax(A),
    "softmax(A, axis=0)": lambda: nn.softmax(A, axis=0),
    "softmax(A, axis=(0, 1))": lambda: nn.softmax(A, axis=(0, 1)),
    "softmax(A, where=M)": lambda: nn.softmax(A, where=M),
    "log_softmax(A)": lambda: nn.log_softmax(A),
    "log_softmax(A, axis=0)": lambda: nn.log_softmax(A, axis=0),
    "log_softmax(A, where=M)": lambda: nn.log_softmax(A, where=M),
    "grad softmax(A) . w": lambda: wax.grad(lambda a: jnp.sum(nn.softmax(a) * W4))(A),
    "grad softmax(A, where=M) . w":
        lambda: wax.grad(lambda a: jnp.sum(nn.softmax(a, where=M) * W4))(A),
    "grad log_softmax(A) . w": lambda: wax.grad(lambda a: jnp.sum(nn.log_softmax(a) * W4))(A),
    "grad log_softmax(A, where=M) . w":
        lambda: wax.grad(lambda a: jnp.sum(nn.log_softmax(a, where=M) * W4))(A),
    "logsumexp(A)": lambda: nn.logsumexp(A),
    "logsumexp(A, axis=1)": lambda: nn.logsumexp(A, axis=1),
    "logsumexp(A, axis=0, keepdims=True)": lambda: nn.logsumexp(A, axis=0, keepdims=True),
    "logsumexp(A, axis=1, b=B)": lambda: nn.logsumexp(A, axis=1, b=B),
    "logsumexp(A, axis=1, b=B, return_sign=True)":
        lambda: nn.logsumexp(A, axis=1, b=B, return_sign=True),
    "logsumexp(A, axis=1, return_sign=True)": lambda: nn.logsumexp(A, axis=1, return_sign=True),
    "logsumexp(A, axis=1, where=M)": lambda: nn.logsumexp(A, axis=1, where=M),
    "logsumexp(A, axis=1, b=B, where=M)": lambda: nn.logsumexp(A, axis=1, b=B, where=M),
    "logmeanexp(A, axis=1)": lambda: nn.logmeanexp(A, axis=1),
    "logmeanexp(A)": lambda: nn.logmeanexp(A),
    "logmeanexp(A, axis=1, where=M, keepdims=True)":
        lambda: nn.logmeanexp(A, axis=1, where=M, keepdims=True),
    "grad logsumexp(A, axis=1) . w":
        lambda: wax.grad(lambda a: jnp.sum(nn.logsumexp(a, axis=1) * W3))(A),
    "grad logsumexp(A, axis=1, b=B) . w":
        lambda: wax.grad(lambda a: jnp.sum(nn.logsumexp(a, axis=1, b=B) * W3))(A),
    "grad_b logsumexp(A[2], b=B[2])": lambda: wax.grad(lambda b: nn.logsumexp(A[2], b=b))(B[2]),
    "logsumexp(C) complex":
        lambda: nn.logsumexp(np.array([1 + 1j, 2 - 0.5j, -1 + 3j], np.complex64)),
}


def _check_entry(got, want):
    values = want["value"]
    outs = got if isinstance(got, tuple) else (got,)
    expected = values if isinstance(got, tuple) else [values]
    dtypes_ = want.get("dtype")
    if dtypes_ is not None:
        dtypes_ = dtypes_ if isinstance(dtypes_, list) else [dtypes_]
        assert [_dtype_text(o) for o in outs] == dtypes_
    for out, value in zip(outs, expected):
        ref = _array(value, np.float64)
        got_np = np.asarray(out)
        if got_np.dtype.kind == "c":
            np.testing.assert_allclose(got_np, ref, rtol=2e-6, atol=1e-6)
        else:
            _assert_close(got_np.astype(np.float64), ref, 2e-6, 1e-6)


@pytest.mark.parametrize("expr", list(NORMALIZERS))
def test_normalizers_match_jax(expr):
    _check_entry(NORMALIZERS[expr](), NORM[expr])


def test_normalizers_under_jit_and_vmap():
    _check_entry(wax.jit(lambda a: nn.softmax(a, where=M))(A), NORM["softmax(A, where=M)"])
    _check_entry(wax.vmap(lambda a, m: nn.log_softmax(a, where=m))(A, M),
                 NORM["log_softmax(A, where=M)"])
    _check_entry(wax.jit(lambda a: nn.logsumexp(a, axis=1, b=B, return_sign=True))(A),
                 NORM["logsumexp(A, axis=1, b=B, return_sign=True)"])
    grad = wax.jit(wax.grad(lambda a: jnp.sum(nn.softmax(a, where=M) * W4)))
    _check_entry(grad(A), NORM["grad softmax(A, where=M) . w"])


# --- one_hot --------------------------------------------------------------------------------

ONE_HOT = {
    "one_hot([-1, 0, 2, 3, 5], 3)": lambda: nn.one_hot(np.array([-1, 0, 2, 3, 5]), 3),
    "one_hot([[0, 1], [2, 0]], 3, axis=0)":
        lambda: nn.one_hot(np.array([[0, 1], [2, 0]]), 3, axis=0),
    "one_hot([[0, 1], [2, 0]], 3, axis=1)":
        lambda: nn.one_hot(np.array([[0, 1], [2, 0]]), 3, axis=1),
    "one_hot([0, 2], 3, dtype=int8)": lambda: nn.one_hot(np.array([0, 2]), 3, dtype=np.int8),
    "one_hot([0, 2], 3, dtype=bool)": lambda: nn.one_hot(np.array([0, 2]), 3, dtype=bool),
    "one_hot([0, 2], 3, dtype=bfloat16)":
        lambda: nn.one_hot(np.array([0, 2]), 3, dtype=jnp.bfloat16),
    "one_hot([0.5, 1.0, 2.7], 3)": lambda: nn.one_hot(np.array([0.5, 1.0, 2.7]), 3),
    "one_hot(2, 4)": lambda: nn.one_hot(2, 4),
    "one_hot([1, 0], 0)": lambda: nn.one_hot(np.array([1, 0]), 0),
    "one_hot(uint8 [1, 255], 3)": lambda: nn.one_hot(np.array([1, 255], np.uint8), 3),
    "one_hot([0, 1], 2, axis=2)": lambda: nn.one_hot(np.array([0, 1]), 2, axis=2),
    "one_hot([True, False], 2)": lambda: nn.one_hot(np.array([True, False]), 2),
}


@pytest.mark.parametrize("expr", list(ONE_HOT))
def test_one_hot_matches_jax(expr):
    want = FACTS["one_hot"][expr]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if "error" in want:
            with pytest.raises((TypeError, ValueError)):
                ONE_HOT[expr]()
            return
        got = ONE_HOT[expr]()
    assert _dtype_text(got) == want["dtype"]
    np.testing.assert_array_equal(np.asarray(got).astype(np.float64),
                                  np.array(want["value"], np.float64))


def test_one_hot_x64_default_dtype():
    with wax.enable_x64():
        got = nn.one_hot(np.array([0, 2]), 3)
    assert _dtype_text(got) == FACTS["one_hot"]["one_hot([0, 2], 3) (x64)"]["dtype"]


# --- standardize, glu -------------------------------------------------------------------------

ST = FACTS["standardize_glu"]
S = np.array(ST["S"], np.float32)
SM = np.array(ST["SM"], bool)
STANDARDIZE = {
    "standardize(S)": lambda: nn.standardize(S),
    "standardize(S, axis=0)": lambda: nn.standardize(S, axis=0),
    "standardize(S, axis=None)": lambda: nn.standardize(S, axis=None),
    "standardize(S, algorithm='stable')": lambda: nn.standardize(S, algorithm="stable"),
    "standardize(S, where=SM)": lambda: nn.standardize(S, where=SM),
    "standardize(S, mean=1.0, variance=4.0)": lambda: nn.standardize(S, mean=1.0, variance=4.0),
    "standardize(S, epsilon=0.5)": lambda: nn.standardize(S, epsilon=0.5),
    "grad standardize(S) . w":
        lambda: wax.grad(lambda s: jnp.sum(nn.standardize(s) * np.arange(1.0, 5.0,
                                                                          dtype=np.float32)))(S),
    "glu(S)": lambda: nn.glu(S),
    "glu(S, axis=0) on S[:2]": lambda: nn.glu(S[:2], axis=0),
}


@pytest.mark.parametrize("expr", list(STANDARDIZE))
def test_standardize_and_glu_match_jax(expr):
    got, want = STANDARDIZE[expr](), ST[expr]
    assert _dtype_text(got) == want["dtype"]
    # the constant row of S has variance 0: 'fast' gives exactly 0 there, as JAX's
    _assert_close(got, want["value"], 1e-5, 1e-5)


def test_standardize_and_glu_errors():
    with pytest.raises(ValueError, match="Unknown algorithm 'slow'"):
        nn.standardize(S, algorithm="slow")
    # JAX asserts (AssertionError); wax raises a ValueError naming the shape
    with pytest.raises(ValueError, match=r"divisible by 2.*\(3, 3\)"):
        nn.glu(S[:, :3])


# --- dot_product_attention ----------------------------------------------------------------

ATT = FACTS["attention"]
Q, K_, V = (np.array(ATT[n], np.float32) for n in ("q", "k", "v"))
BIAS, BIAS1 = np.array(ATT["bias"], np.float32), np.array(ATT["bias1"], np.float32)
MASK = np.array(ATT["mask"], bool)
dpa = nn.dot_product_attention
BF = jnp.bfloat16
ATTENTION = {
    "dpa(q, k, v)": lambda: dpa(Q, K_, V),
    "dpa(q, k, v, bias)": lambda: dpa(Q, K_, V, BIAS),
    "dpa(q, k, v, bias1, mask)": lambda: dpa(Q, K_, V, BIAS1, MASK),
    "dpa(q, k, v, is_causal=True, scale=0.3)": lambda: dpa(Q, K_, V, is_causal=True, scale=0.3),
    "dpa(q, k, v, mask=mask, is_causal=True, implementation='xla')":
        lambda: dpa(Q, K_, V, mask=MASK, is_causal=True, implementation="xla"),
    "dpa(q, k, v, local_window_size=1)": lambda: dpa(Q, K_, V, local_window_size=1),
    "dpa(q, k, v, local_window_size=(2, 0))": lambda: dpa(Q, K_, V, local_window_size=(2, 0)),
    "dpa(q, k, v, query_seq_lengths=[2, 3], key_value_seq_lengths=[4, 1])":
        lambda: dpa(Q, K_, V, query_seq_lengths=np.array([2, 3], np.int32),
                    key_value_seq_lengths=np.array([4, 1], np.int32)),
    "dpa(q, k, v, return_residual=True)": lambda: dpa(Q, K_, V, return_residual=True),
    "dpa(q[0], k[0], v[0])": lambda: dpa(Q[0], K_[0], V[0]),
    "dpa(q.astype(bf16), k.astype(bf16), v.astype(bf16))":
        lambda: dpa(Q.astype(BF), K_.astype(BF), V.astype(BF)),
    "grad_q sum(dpa(q, k, v, bias) * v0)":
        lambda: wax.grad(lambda qq: jnp.sum(dpa(qq, K_, V, BIAS) * Q))(Q),
    "dpa(q, k, v.astype(float16))": lambda: dpa(Q, K_, V.astype(np.float16)),
    "dpa(q[:, :, :3], k, v)": lambda: dpa(Q[:, :, :3], K_, V),
    "dpa(q, k, v, mask=mask.astype(int32))": lambda: dpa(Q, K_, V, mask=MASK.astype(np.int32)),
    "dpa(q, k, v, implementation='foo')": lambda: dpa(Q, K_, V, implementation="foo"),
}


@pytest.mark.parametrize("expr", list(ATTENTION))
def test_dot_product_attention_matches_jax(expr):
    want = ATT[expr]
    if "error" in want:
        with pytest.raises(ValueError, match=want["message"].split(",")[0][:40]):
            ATTENTION[expr]()
        return
    got = ATTENTION[expr]()
    outs = got if isinstance(got, tuple) else (got,)
    values = want["value"] if isinstance(got, tuple) else [want["value"]]
    dtypes_ = want["dtype"] if isinstance(want["dtype"], list) else [want["dtype"]]
    assert [_dtype_text(o) for o in outs] == dtypes_
    tol = 2e-2 if "bf16" in expr else 1e-5
    for out, value in zip(outs, values):
        _assert_close(np.asarray(out).astype(np.float64), value, tol, tol)


def test_dot_product_attention_under_jit_and_vmap():
    want = np.array(ATT["dpa(q, k, v, bias1, mask)"]["value"])
    got = wax.jit(lambda q, k, v: dpa(q, k, v, BIAS1, MASK, is_causal=False))(Q, K_, V)
    _assert_close(got, want, 1e-5, 1e-5)
    # vmap over the batch: each example is a 3-D (T, N, H) problem
    want = np.array(ATT["dpa(q, k, v)"]["value"])
    _assert_close(wax.vmap(dpa)(Q, K_, V), want, 1e-5, 1e-5)


def test_dot_product_attention_cudnn_is_not_available():
    with pytest.raises(NotImplementedError, match="cuDNN"):
        dpa(Q, K_, V, implementation="cudnn")
