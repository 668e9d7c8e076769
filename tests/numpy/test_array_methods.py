"""wax.Array's methods and properties (operators: test_array_operators.py), against NumPy, with the dtype and
weak type JAX gives written by hand.

Each dtype/weak-type fact marked "JAX 0.10.2 gives" was measured with JAX 0.10.2 on the CPU
with x64 off; values are written by hand or computed with NumPy, never with wax.
"""
import copy
import operator
import pickle

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.errors import ConcretizationTypeError, TracerBoolConversionError

from array_checks import *  # noqa: F401,F403  (shared arrays and check helpers)

# --- astype ------------------------------------------------------------------------------


@pytest.mark.parametrize("target, dtype, expected", [
    (jnp.int8, np.int8, [[1, -5, 2], [7, 0, -3]]),           # truncation toward zero
    (int, np.int32, [[1, -5, 2], [7, 0, -3]]),
    (float, np.float32, NP_MF),
    (complex, np.complex64, NP_MF),
    (bool, np.bool_, [[True, True, True], [True, False, True]]),
    (jnp.bfloat16, BF16, NP_MF),
    ("float16", np.float16, NP_MF),
    (np.uint16, np.uint16, [[1, 0, 2], [7, 0, 0]]),  # JAX 0.10.2: negatives saturate to 0
])
def test_astype(target, dtype, expected):
    with no_warnings():
        out = MF().astype(target)
    check(out, np.asarray(expected).astype(dtype), dtype)


def test_astype_drops_the_weak_flag():
    # JAX 0.10.2 gives Array(2.5, dtype=float32) (strong) for asarray(2.5).astype(float32)
    check(jnp.asarray(2.5).astype(jnp.float32), 2.5, np.float32)
    check(jnp.asarray(2.5).astype(float), 2.5, np.float32)


@pytest.mark.parametrize("target, name, truncated", [
    ("float64", "float64", np.float32), (np.float64, "float64", np.float32),
    ("int64", "int64", np.int32), (np.int64, "int64", np.int32),
    ("complex128", "complex128", np.complex64), (jnp.uint64, "uint64", np.uint32),
])
def test_astype_64_bit_truncation_warns(target, name, truncated):
    # JAX 0.10.2: "Explicitly requested dtype float64 requested in astype is not available,
    # and will be truncated to dtype float32. ..." (a UserWarning)
    with pytest.warns(UserWarning, match=f"Explicitly requested dtype {name} requested in "
                                         f"astype is not available"):
        out = MF().astype(target)
    assert out.dtype == truncated


def test_astype_64_bit_with_x64_does_not_warn():
    with wax.enable_x64(), no_warnings():
        out = MF().astype("float64")
        assert out.dtype == np.float64
        np.testing.assert_array_equal(np.asarray(out), NP_MF.astype(np.float64))


def test_astype_float_to_int_saturates():
    # JAX_SURFACE §2.11: float to int saturates and NaN becomes 0.
    out = jnp.asarray([1e10, -1e10, np.nan]).astype(jnp.int32)
    check(out, [2147483647, -2147483648, 0], np.int32)
    # JAX 0.10.2 gives [0, 255, 2] for [-1., 300., 2.7].astype(uint8)
    check(jnp.asarray([-1.0, 300.0, 2.7]).astype(jnp.uint8), [0, 255, 2], np.uint8)


def test_astype_rejects_non_numeric_dtypes():
    with pytest.raises(TypeError):
        M().astype("str")


# --- reshape, transpose and the other shape methods ------------------------------------

@pytest.mark.parametrize("args, shape", [
    (((4, 6),), (4, 6)), ((4, 6), (4, 6)), ((-1, 4), (6, 4)), (((-1,),), (24,)),
    ((-1,), (24,)), (([6, 4],), (6, 4)), ((2, -1, 2), (2, 6, 2)), ((24,), (24,)),
])
def test_reshape(args, shape):
    check(X().reshape(*args), NP_X.reshape(shape), np.float32)


def test_reshape_keeps_weak_type_and_order_f():
    check(jnp.asarray(2.5).reshape(1), [2.5], np.float32, weak=True)
    check(jnp.asarray([5.0]).reshape(()), 5.0, np.float32)
    check(M().reshape((3, 2), order="F"), NP_M.reshape((3, 2), order="F"), np.int32)


def test_reshape_errors():
    # JAX 0.10.2 raises TypeError for both.
    with pytest.raises(TypeError, match="cannot reshape array of shape"):
        X().reshape(5, 5)
    with pytest.raises(TypeError, match="only specify one unknown axis size"):
        X().reshape(-1, -1)


@pytest.mark.parametrize("args, axes", [
    ((), None), ((None,), None), (((1, 0, 2),), (1, 0, 2)), ((2, 0, 1), (2, 0, 1)),
    (([0, 2, 1],), (0, 2, 1)), ((-1, 0, 1), (2, 0, 1)),
])
def test_transpose(args, axes):
    check(X().transpose(*args), NP_X.transpose(axes), np.float32)


def test_transpose_bad_permutation():
    # JAX 0.10.2: TypeError "transpose permutation isn't a permutation of operand dimensions"
    with pytest.raises(TypeError, match="permutation"):
        X().transpose(0, 1)


def test_T_and_mT():
    check(X().T, NP_X.T, np.float32)
    check(M().T, NP_M.T, np.int32)
    check(jnp.arange(3).T, [0, 1, 2], np.int32)
    check(jnp.asarray(2.5).T, 2.5, np.float32, weak=True)
    check(X().mT, np.swapaxes(NP_X, -1, -2), np.float32)
    check(M().mT, NP_M.T, np.int32)
    # JAX 0.10.2: ValueError "x must be at least two-dimensional for matrix_transpose"
    with pytest.raises(ValueError, match="two-dimensional"):
        jnp.arange(3).mT


def test_ravel_and_flatten():
    check(M().ravel(), NP_M.ravel(), np.int32)
    check(M().ravel(order="F"), NP_M.ravel(order="F"), np.int32)
    check(X().flatten(), NP_X.flatten(), np.float32)
    check(M().flatten(order="F"), NP_M.flatten(order="F"), np.int32)
    # JAX 0.10.2 keeps the weak flag: Array([2.5], dtype=float32, weak_type=True)
    check(jnp.asarray(2.5).ravel(), [2.5], np.float32, weak=True)
    check(jnp.asarray(2.5).flatten(), [2.5], np.float32, weak=True)


def test_squeeze():
    z = jnp.zeros((1, 3, 1))
    check(z.squeeze(), np.zeros(3), np.float32)
    check(z.squeeze(axis=0), np.zeros((3, 1)), np.float32)
    check(z.squeeze(2), np.zeros((1, 3)), np.float32)
    check(z.squeeze((0, 2)), np.zeros(3), np.float32)
    check(z.squeeze(-1), np.zeros((1, 3)), np.float32)
    # JAX 0.10.2: ValueError "cannot select an axis to squeeze out which has size not equal
    # to one"
    with pytest.raises(ValueError, match="size not equal to one"):
        z.squeeze(1)


def test_swapaxes():
    check(X().swapaxes(0, 2), NP_X.swapaxes(0, 2), np.float32)
    check(X().swapaxes(-1, 1), NP_X.swapaxes(-1, 1), np.float32)
    check(M().swapaxes(1, 1), NP_M, np.int32)


# --- reductions --------------------------------------------------------------------------

REDUCTIONS = [
    # (method, source, kwargs, expected, JAX 0.10.2's dtype)
    ("sum", NP_M, {}, 18, np.int32),
    ("sum", NP_M, {"axis": 0}, [8, 5, 5], np.int32),
    ("sum", NP_M, {"axis": 1, "keepdims": True}, [[8], [10]], np.int32),
    ("sum", NP_X, {"axis": (0, 2)}, NP_X.sum(axis=(0, 2)), np.float32),
    ("sum", NP_MF, {"axis": -1}, NP_MF.sum(-1), np.float32),
    ("sum", NP_MF, {"keepdims": True}, NP_MF.sum(keepdims=True), np.float32),
    ("sum", NP_I8, {}, 147, np.int32),          # JAX 0.10.2: int8 sums to int32
    ("sum", NP_U8, {}, 300, np.uint32),         # JAX 0.10.2: uint8 sums to uint32
    ("sum", NP_B, {}, 3, np.int32),
    ("sum", NP_M, {"dtype": jnp.float32}, 18.0, np.float32),
    ("mean", NP_M, {}, 3.0, np.float32),        # JAX 0.10.2: int mean is float32
    ("mean", NP_M, {"axis": 0}, [4.0, 2.5, 2.5], np.float32),
    ("mean", NP_MF, {"axis": 1, "keepdims": True}, NP_MF.mean(1, keepdims=True), np.float32),
    ("mean", NP_I8, {}, 49.0, np.float32),
    ("mean", NP_B, {}, 0.75, np.float32),
    ("max", NP_M, {}, 7, np.int32),
    ("max", NP_M, {"axis": 1}, [5, 7], np.int32),
    ("max", NP_MF, {"axis": 0, "keepdims": True}, [[7.0, 0.0, 2.0]], np.float32),
    ("max", NP_I8, {}, 100, np.int8),
    ("max", NP_B, {}, True, np.bool_),
    ("min", NP_MF, {}, -5.0, np.float32),
    ("min", NP_MF, {"axis": 0}, [1.5, -5.0, -3.25], np.float32),
    ("min", NP_M, {"axis": 1, "keepdims": True}, [[1], [0]], np.int32),
    ("min", NP_U8, {}, 100, np.uint8),
    ("prod", NP_M, {}, 0, np.int32),
    ("prod", NP_M, {"axis": 0}, [7, 0, 6], np.int32),
    ("prod", NP_MF, {"axis": 1, "keepdims": True}, [[-15.0], [-0.0]], np.float32),
    ("prod", NP_I8, {}, -15000, np.int32),      # JAX 0.10.2: int8 product is int32
    ("prod", NP_U8, {}, 20000, np.uint32),
    ("prod", NP_B, {}, 0, np.int32),
    ("argmax", NP_M, {}, 3, np.int32),
    ("argmax", NP_M, {"axis": 1}, [1, 0], np.int32),
    ("argmax", NP_M, {"axis": 0, "keepdims": True}, [[1, 0, 1]], np.int32),
    ("argmax", NP_M, {"keepdims": True}, [[3]], np.int32),
    ("argmax", NP_B, {}, 0, np.int32),
    ("argmin", NP_MF, {}, 1, np.int32),
    ("argmin", NP_MF, {"axis": 0}, [0, 0, 1], np.int32),
    ("argmin", NP_MF, {"axis": -1, "keepdims": True}, [[1], [2]], np.int32),
    ("all", NP_B, {}, False, np.bool_),
    ("all", NP_B, {"axis": 0}, [True, False], np.bool_),
    ("all", NP_B, {"axis": 1, "keepdims": True}, [[False], [True]], np.bool_),
    ("all", NP_MF, {}, False, np.bool_),
    ("any", NP_B, {}, True, np.bool_),
    ("any", NP_M, {"axis": 1}, [True, True], np.bool_),
    ("any", NP_MF, {"axis": 0, "keepdims": True}, [[True, True, True]], np.bool_),
    ("cumsum", NP_M, {}, [1, 6, 8, 15, 15, 18], np.int32),
    ("cumsum", NP_M, {"axis": 1}, [[1, 6, 8], [7, 7, 10]], np.int32),
    ("cumsum", NP_I8, {}, [100, -106, -109], np.int8),   # JAX 0.10.2: stays int8, wraps
    ("cumsum", NP_U8, {}, [200, 44], np.uint8),
    ("cumsum", NP_B, {}, [1, 1, 2, 3], np.int32),
    ("cumsum", NP_M, {"dtype": jnp.float32}, [1, 6, 8, 15, 15, 18], np.float32),
    ("cumsum", NP_MF, {"axis": 0}, NP_MF.cumsum(0), np.float32),
]


@pytest.mark.parametrize("method, source, kwargs, expected, dtype", REDUCTIONS,
                         ids=[f"{r[0]}-{r[1].dtype}-{r[2]}" for r in REDUCTIONS])
def test_reduction_methods(method, source, kwargs, expected, dtype):
    out = getattr(jnp.asarray(source), method)(**kwargs)
    check(out, np.asarray(expected).astype(dtype), dtype)


@pytest.mark.parametrize("method, expected, dtype", [
    # JAX 0.10.2: reductions of a weak 0-d array are strong.
    ("sum", 2.5, np.float32), ("mean", 2.5, np.float32), ("max", 2.5, np.float32),
    ("min", 2.5, np.float32), ("prod", 2.5, np.float32), ("cumsum", [2.5], np.float32),
    ("argmax", 0, np.int32),
])
def test_reductions_of_weak_scalars_are_strong(method, expected, dtype):
    check(getattr(jnp.asarray(2.5), method)(), expected, dtype)


def test_reduction_positional_axis_and_bf16():
    check(MF().sum(1), NP_MF.sum(1), np.float32)
    check(M().max(0), NP_M.max(0), np.int32)
    bf = jnp.asarray([1.5, 2.5], jnp.bfloat16)
    # JAX 0.10.2: bfloat16 sum and mean stay bfloat16.
    check(bf.sum(), 4.0, BF16)
    check(bf.mean(), 2.0, BF16)


def test_reduction_errors():
    with pytest.raises(ValueError, match="axis 2 is out of bounds for array of dimension 2"):
        MF().sum(2)
    # JAX 0.10.2: ValueError "zero-size array to reduction operation max which has no
    # identity"
    with pytest.raises(ValueError, match="zero-size array to reduction operation max"):
        jnp.zeros((0,)).max()


def test_argmax_with_nan_points_at_the_nan():
    v = jnp.asarray([1.0, np.nan, 3.0])
    check(v.argmax(), 1, np.int32)
    check(v.argmin(), 1, np.int32)


# --- clip, round, dot --------------------------------------------------------------------

def test_clip():
    check(MF().clip(0, 2), np.clip(NP_MF, 0, 2), np.float32)
    check(MF().clip(min=0), np.clip(NP_MF, 0, None), np.float32)
    check(MF().clip(max=1), np.clip(NP_MF, None, 1), np.float32)
    check(M().clip(min=1, max=4), np.clip(NP_M, 1, 4), np.int32)
    check(MF().clip(jnp.zeros(3), jnp.ones(3)), np.clip(NP_MF, 0, 1), np.float32)
    check(jnp.asarray(NP_I8).clip(0, 60), [60, 50, 0], np.int8)
    check(M().clip(), NP_M, np.int32)
    # JAX 0.10.2: an int array clipped by Python floats is a weak float32.
    check(M().clip(0.5, 2.5), np.clip(NP_M, 0.5, 2.5), np.float32, weak=True)


def test_round_method():
    v = jnp.asarray([0.5, 1.5, 2.5, -0.5, 1.234])
    check(v.round(), [0.0, 2.0, 2.0, -0.0, 1.0], np.float32)  # half to even
    check(jnp.asarray([1.25, 1.35, -2.45]).round(1), np.round(
        np.array([1.25, 1.35, -2.45], np.float32), 1), np.float32)
    check(jnp.asarray([1234.5, 56.0]).round(decimals=-2), [1200.0, 100.0], np.float32)
    check(M().round(), NP_M, np.int32)  # integer round is a no-op
    check(jnp.asarray(2.5).round(), 2.0, np.float32, weak=True)
    check(jnp.asarray([1.5, 2.5], jnp.bfloat16).round(), [2.0, 2.0], BF16)
    c = jnp.asarray([1 + 2j, 3 - 4j], jnp.complex64)
    check(c.round(), [1 + 2j, 3 - 4j], np.complex64)


def test_dot_method():
    ones3 = np.ones(3, np.int32)
    check(M().dot(jnp.asarray(ones3)), NP_M @ ones3, np.int32)
    check(MF().dot(MF().T), NP_MF @ NP_MF.T, np.float32)
    check(MF().dot(2), NP_MF * 2, np.float32)
    check(M().dot(jnp.ones(3)), (NP_M @ np.ones(3)).astype(np.float32), np.float32)
    # JAX 0.10.2: a float64 NumPy operand is canonicalized: the result is float32.
    check(M().dot(np.ones(3)), [8.0, 10.0], np.float32)
    check(jnp.arange(3).dot(jnp.arange(3)), 5, np.int32)


# --- scalars, lists, copies and devices --------------------------------------------------

def test_item():
    assert jnp.asarray(2.5).item() == 2.5 and type(jnp.asarray(2.5).item()) is float
    assert type(jnp.asarray(3).item()) is int and jnp.asarray(3).item() == 3
    assert jnp.asarray([7]).item() == 7
    assert M().item(4) == 0 and M().item((1, 0)) == 7
    assert jnp.asarray(True).item() is True
    assert jnp.asarray([200], jnp.uint8).item() == 200
    out = jnp.asarray([1.5], jnp.bfloat16).item()
    assert type(out) is float and out == 1.5
    out = jnp.asarray([1 + 2j], jnp.complex64).item()
    assert type(out) is complex and out == 1 + 2j
    with pytest.raises(ValueError, match="size 1"):
        M().item()


def test_tolist():
    assert M().tolist() == [[1, 5, 2], [7, 0, 3]]
    assert jnp.asarray(2.5).tolist() == 2.5
    assert jnp.asarray(NP_B).tolist() == [[True, False], [True, True]]
    assert jnp.asarray([1.5, 2.5], jnp.bfloat16).tolist() == [1.5, 2.5]
    assert jnp.asarray([1 + 2j], jnp.complex64).tolist() == [1 + 2j]
    assert type(M().tolist()[0][0]) is int


def test_copy_block_until_ready_devices():
    x = MF()
    y = x.copy()
    assert y is not x
    check(y, NP_MF, np.float32)
    check(jnp.asarray(2.5).copy(), 2.5, np.float32, weak=True)
    assert x.block_until_ready() is x
    devices = x.devices()
    assert isinstance(devices, set) and devices == {wax.devices()[0]}
    c1, c2 = copy.copy(x), copy.deepcopy(x)
    check(c1, NP_MF, np.float32)
    check(c2, NP_MF, np.float32)
    check(pickle.loads(pickle.dumps(jnp.asarray(2.5))), 2.5, np.float32, weak=True)


def test_real_and_imag():
    c = jnp.asarray([1 + 2j, 3 - 4j], jnp.complex64)
    check(c.real, [1.0, 3.0], np.float32)
    check(c.imag, [2.0, -4.0], np.float32)
    check(MF().real, NP_MF, np.float32)
    check(MF().imag, np.zeros((2, 3)), np.float32)
    check(M().real, NP_M, np.int32)
    check(M().imag, np.zeros((2, 3)), np.int32)
    check(jnp.asarray(2.5).real, 2.5, np.float32, weak=True)
    check(jnp.asarray(2.5).imag, 0.0, np.float32, weak=True)
    check(jnp.asarray(NP_B).imag, np.zeros((2, 2), bool), np.bool_)
    check(c.conj(), [1 - 2j, 3 + 4j], np.complex64)
    check(c.conjugate(), [1 - 2j, 3 + 4j], np.complex64)


@pytest.mark.parametrize("value, itemsize, nbytes", [
    (np.zeros((2, 3), np.float32), 4, 24), (np.zeros(2, BF16), 2, 4),
    (np.zeros(2, np.complex64), 8, 16), (np.zeros((2, 2), bool), 1, 4),
    (np.zeros(3, np.int8), 1, 3), (np.zeros((3, 0), np.float32), 4, 0),
])
def test_itemsize_and_nbytes(value, itemsize, nbytes):
    x = jnp.asarray(value)
    assert x.itemsize == itemsize and x.nbytes == nbytes
    assert type(x.itemsize) is int and type(x.nbytes) is int


def test_ndim_size_weak_type():
    assert X().ndim == 3 and X().size == 24 and X().shape == (2, 3, 4)
    s = jnp.asarray(2.5)
    assert s.ndim == 0 and s.size == 1 and s.shape == ()
    assert jnp.zeros((3, 0)).size == 0
    assert s.weak_type is True and M().weak_type is False
    assert (s + 1).weak_type is True and (s * MF()).weak_type is False
    assert (s * M()).weak_type is True   # JAX 0.10.2: weak float * int32 is a weak float32
    assert jnp.asarray(3, jnp.int32).weak_type is False


# --- conversions, iteration, len --------------------------------------------------------

def test_iteration_gives_arrays():
    rows = list(jnp.asarray(np.arange(6, dtype=np.int32).reshape(2, 3)))
    assert len(rows) == 2
    check(rows[0], [0, 1, 2], np.int32)
    check(rows[1], [3, 4, 5], np.int32)
    items = list(jnp.asarray(F32))
    assert len(items) == 3
    for got, want in zip(items, F32):
        check(got, want, np.float32)
    a, b = jnp.asarray(np.ones((2, 2), np.float32))
    check(a, [1.0, 1.0], np.float32)
    assert list(jnp.zeros((0, 3))) == []
    check(list(reversed(jnp.asarray(F32)))[0], 3.0, np.float32)
    assert 2.5 not in jnp.asarray(F32) and 3.0 in jnp.asarray(F32)


def test_zero_d_array_is_not_iterable():
    # JAX 0.10.2: TypeError "iteration over a 0-d array"
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        iter(jnp.asarray(2.5))
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        list(jnp.asarray(3))


def test_len():
    assert len(jnp.asarray(F32)) == 3 and len(X()) == 2 and len(jnp.zeros((0, 2))) == 0
    with pytest.raises(TypeError, match="len\\(\\) of unsized object"):
        len(jnp.asarray(2.5))


def test_scalar_conversions():
    s, si, sb, sc = jnp.asarray(2.5), jnp.asarray(3), jnp.asarray(True), jnp.asarray(1 + 2j)
    assert bool(s) is True and bool(jnp.asarray(0.0)) is False
    assert bool(jnp.asarray([1])) is True          # size 1 is fine, as in NumPy
    assert int(s) == 2 and type(int(s)) is int and int(jnp.asarray(-2.7)) == -2
    assert float(si) == 3.0 and type(float(si)) is float and float(sb) == 1.0
    assert complex(s) == 2.5 + 0j and complex(sc) == 1 + 2j
    assert operator.index(si) == 3 and [10, 20, 30, 40][si] == 40
    assert list(range(si)) == [0, 1, 2] and hex(si) == "0x3"
    assert operator.index(jnp.asarray(200, jnp.uint8)) == 200
    assert f"{s:.2f}" == "2.50" and f"{si:03d}" == "003"
    assert str(s) == "2.5" and str(jnp.asarray(F32)) == "[ 1.5 -2.5  3. ]"


def test_scalar_conversion_errors():
    # JAX 0.10.2 raises ValueError for bool() of more than one element (as NumPy) and of
    # an empty array, and TypeError for int()/float()/complex() of a non-0-d array.
    with pytest.raises(ValueError, match="ambiguous"):
        bool(jnp.ones(2))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(jnp.zeros(0))
    for convert in (int, float, complex):
        with pytest.raises(TypeError):
            convert(jnp.ones(2))
    with pytest.raises(TypeError):
        int(jnp.asarray([5]))
    with pytest.raises(TypeError):
        float(jnp.asarray([[2.0]]))
    with pytest.raises(TypeError):
        int(jnp.asarray(1 + 2j))
    with pytest.raises(TypeError):
        float(jnp.asarray(1 + 2j))
    with pytest.raises(ValueError, match="NaN"):
        int(jnp.asarray(np.nan))
    with pytest.raises(TypeError):
        operator.index(jnp.asarray(2.5))
    with pytest.raises(TypeError):
        operator.index(jnp.ones(2, jnp.int32))


# --- repr ----------------------------------------------------------------------------------

@pytest.mark.parametrize("make, text", [
    # Every expected string is what JAX 0.10.2 prints.
    (lambda: jnp.asarray([1.5, 2.5, 3.5]), "Array([1.5, 2.5, 3.5], dtype=float32)"),
    (lambda: jnp.asarray([1.5, 2.25, -3.0], jnp.bfloat16),
     "Array([1.5, 2.25, -3], dtype=bfloat16)"),
    (lambda: jnp.asarray([0, 7, 255], jnp.uint8), "Array([  0,   7, 255], dtype=uint8)"),
    (lambda: jnp.asarray([1 + 2j, -0.5j], jnp.complex64),
     "Array([ 1.+2.j , -0.-0.5j], dtype=complex64)"),
    (lambda: jnp.asarray([True, False]), "Array([ True, False], dtype=bool)"),
    (lambda: jnp.asarray(2.5), "Array(2.5, dtype=float32, weak_type=True)"),
    (lambda: jnp.asarray(3), "Array(3, dtype=int32, weak_type=True)"),
    (lambda: jnp.asarray(1 + 2j), "Array(1.+2.j, dtype=complex64, weak_type=True)"),
    (lambda: jnp.asarray(True), "Array(True, dtype=bool)"),
    (lambda: jnp.float32(2.5), "Array(2.5, dtype=float32)"),
    (lambda: jnp.bfloat16(1.5), "Array(1.5, dtype=bfloat16)"),
    (lambda: jnp.complex64(1 + 2j), "Array(1.+2.j, dtype=complex64)"),
    (lambda: jnp.arange(6).reshape(2, 3), "Array([[0, 1, 2],\n       [3, 4, 5]], dtype=int32)"),
    (lambda: jnp.asarray([[1.5, 2.0], [3.0, 4.25]]),
     "Array([[1.5 , 2.  ],\n       [3.  , 4.25]], dtype=float32)"),
    (lambda: jnp.arange(8).reshape(2, 2, 2),
     "Array([[[0, 1],\n        [2, 3]],\n\n       [[4, 5],\n        [6, 7]]], dtype=int32)"),
    (lambda: jnp.zeros((0, 3)), "Array([], shape=(0, 3), dtype=float32)"),
    (lambda: jnp.zeros((0,)), "Array([], shape=(0,), dtype=float32)"),
    (lambda: jnp.asarray([-1, 2], jnp.int8), "Array([-1,  2], dtype=int8)"),
    (lambda: jnp.asarray([1.5], jnp.float16), "Array([1.5], dtype=float16)"),
    (lambda: jnp.asarray([np.nan, np.inf, -np.inf]),
     "Array([ nan,  inf, -inf], dtype=float32)"),
    (lambda: jnp.asarray([1e10, 1.0]), "Array([1.e+10, 1.e+00], dtype=float32)"),
    (lambda: jnp.asarray([1], jnp.uint32), "Array([1], dtype=uint32)"),
    (lambda: jnp.asarray(2.5) * jnp.ones(1), "Array([2.5], dtype=float32)"),
    (lambda: jnp.arange(12).reshape(3, 4) * 1000,
     "Array([[    0,  1000,  2000,  3000],\n       [ 4000,  5000,  6000,  7000],\n"
     "       [ 8000,  9000, 10000, 11000]], dtype=int32)"),
])
def test_repr_like_jax(make, text):
    assert repr(make()) == text


# --- immutability, .at, __array__, the type ----------------------------------------------

def test_item_assignment_raises_type_error():
    x = jnp.asarray(F32)
    with pytest.raises(TypeError, match="immutable"):
        x[0] = 1.0
    with pytest.raises(TypeError, match=r"\.at\[idx\]\.set\(y\)"):
        x[:] = 0.0
    with pytest.raises(AttributeError):
        del x[0]
    np.testing.assert_array_equal(np.asarray(x), F32)


def test_at_basics():
    v = jnp.asarray([1.5, 2.5, 3.5])
    check(v.at[0].set(9.0), [9.0, 2.5, 3.5], np.float32)
    check(v.at[1:].add(1), [1.5, 3.5, 4.5], np.float32)
    check(M().at[:, 0].multiply(5), [[5, 5, 2], [35, 0, 3]], np.int32)
    check(v.at[1].get(), 2.5, np.float32)
    check(v.at[2].min(0.0), [1.5, 2.5, 0.0], np.float32)
    check(v.at[0].max(10.0), [10.0, 2.5, 3.5], np.float32)
    check(v.at[0].divide(3), [0.5, 2.5, 3.5], np.float32)
    check(v.at[1].power(2), [1.5, 6.25, 3.5], np.float32)
    check(v.at[0].subtract(1), [0.5, 2.5, 3.5], np.float32)
    check(v.at[0].apply(lambda t: t * 10), [15.0, 2.5, 3.5], np.float32)
    check(v.at[-1].set(0.0), [1.5, 2.5, 0.0], np.float32)
    check(v.at[v > 2].set(0.0), [1.5, 0.0, 0.0], np.float32)
    # JAX_SURFACE §2.3-2.4: out-of-bounds updates are dropped, gets clamp, duplicates add.
    check(v.at[10].set(9.0), [1.5, 2.5, 3.5], np.float32)
    check(v.at[10].get(), 3.5, np.float32)
    check(v.at[jnp.asarray([0, 0])].add(1.0), [3.5, 2.5, 3.5], np.float32)
    # The original is unchanged.
    np.testing.assert_array_equal(np.asarray(v), [1.5, 2.5, 3.5])


def test_array_protocol_is_read_only():
    x = jnp.asarray(F32)
    out = np.asarray(x)
    assert out.dtype == np.float32 and not out.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        out[0] = 1.0
    assert np.array(x).flags.writeable          # np.array copies
    assert np.asarray(x, dtype=np.float64).dtype == np.float64
    zero_d = np.asarray(jnp.asarray(2.5))
    assert zero_d.shape == () and zero_d.dtype == np.float32
    np.testing.assert_array_equal(np.from_dlpack(x), F32)
    np.testing.assert_array_equal(np.asarray(x), F32)   # nothing was written


def test_ndarray_is_array():
    assert jnp.ndarray is wax.Array
    assert isinstance(jnp.asarray(F32), jnp.ndarray)
    assert not isinstance(np.ones(2), wax.Array)
    with pytest.raises(TypeError, match="unhashable"):
        hash(jnp.asarray(F32))
    assert jnp.asarray(F32).__array_namespace__() is jnp


# --- operators and methods under jit ------------------------------------------------------

JIT_CASES = [
    ("i32*1.5", lambda a: a * 1.5, lambda: (jnp.asarray(I32),)),
    ("1+i8", lambda a: 1 + a, lambda: (jnp.asarray(I8),)),
    ("10-i8", lambda a: 10 - a, lambda: (jnp.asarray(I8),)),
    ("divmod", lambda a: divmod(a, 2), lambda: (jnp.asarray(I32),)),
    ("rdivmod", lambda a: divmod(7, a), lambda: (jnp.asarray(I32),)),
    ("pow", lambda a: (a ** 2, 2 ** a), lambda: (jnp.asarray(I32),)),
    ("pow float", lambda a: a ** 2.5, lambda: (jnp.asarray(F32),)),
    ("shifts", lambda a: (a << 2, 1 << a, a >> 1, 16 >> a), lambda: (jnp.asarray(I32),)),
    ("bitwise", lambda a: (a & 1, 1 | a, a ^ 3, ~a), lambda: (jnp.asarray(I32),)),
    ("abs neg", lambda a: (abs(a), -a, +a), lambda: (jnp.asarray(F32),)),
    ("matmul", lambda a, b: a @ b, lambda: (jnp.ones((2, 3)), jnp.ones((3, 2)))),
    ("numpy left", lambda a: np.ones(3) + a, lambda: (jnp.asarray(F32),)),
    ("numpy right", lambda a: a - np.ones(3, np.int32), lambda: (jnp.asarray(I32),)),
    ("mod", lambda a: (a % -2, a // 2), lambda: (jnp.asarray(F32),)),
    ("rtruediv", lambda a: 3 / a, lambda: (jnp.asarray(I32),)),
    ("compare", lambda a: (a > 1, a <= 2, a == 3, a != 3), lambda: (jnp.asarray(I32),)),
    ("weak 0-d", lambda a: a * 2, lambda: (jnp.asarray(3),)),
    ("mixed dtypes", lambda a, b: (a + b, a * b), lambda: (jnp.asarray(U8),
                                                          jnp.asarray(I8))),
    ("round ndigits", lambda a: round(a, 1), lambda: (jnp.asarray(F32 / 3),)),
    ("methods", lambda a: (a.sum(0), a.mean(), a.max(1), a.min(), a.prod(0), a.T,
                           a.reshape(3, 2), a.astype(jnp.int8), a.cumsum(1), a.argmax(),
                           a.argmin(1), a.ravel(), a.clip(1, 3), a.round(), a.any(),
                           a.all(0), a.swapaxes(0, 1), a.transpose(), a.dot(a.T), a.mT,
                           a.real, a.imag, a.copy(), a.flatten(), a[None].squeeze(0)),
     lambda: (jnp.asarray(NP_MF),)),
    ("complex parts", lambda a: (a.real, a.imag, a.conj()),
     lambda: (jnp.asarray(C64),)),
    ("at", lambda a: (a.at[0].add(5.0), a.at[1:].set(0.0), a.at[0].get()),
     lambda: (jnp.asarray(F32),)),
    ("iteration", lambda a: tuple(a), lambda: (jnp.asarray(NP_MF),)),
    ("len", lambda a: a * len(a), lambda: (jnp.asarray(F32),)),
]


@pytest.mark.parametrize("fn, make_args", [c[1:] for c in JIT_CASES],
                         ids=[c[0] for c in JIT_CASES])
def test_jit_matches_eager(fn, make_args):
    eager = fn(*make_args())
    staged = wax.jit(fn)(*make_args())
    eager_leaves, eager_tree = wax.tree_util.tree_flatten(eager)
    staged_leaves, staged_tree = wax.tree_util.tree_flatten(staged)
    assert eager_tree == staged_tree
    for e, s in zip(eager_leaves, staged_leaves):
        assert isinstance(s, wax.Array)
        assert (s.dtype, s.weak_type, s.shape) == (e.dtype, e.weak_type, e.shape)
        np.testing.assert_array_equal(np.asarray(s), np.asarray(e))


def test_jit_python_scalar_weak_results():
    # JAX 0.10.2: jit(lambda a: a + 1)(2.5) is Array(3.5, dtype=float32, weak_type=True)
    check(wax.jit(lambda a: a + 1)(2.5), 3.5, np.float32, weak=True)
    check(wax.jit(lambda a: a * 1.5)(jnp.asarray(I32)), I32 * 1.5, np.float32, weak=True)


def test_conversions_of_tracers_raise():
    x = jnp.asarray(2.0)
    with pytest.raises(TracerBoolConversionError):
        wax.jit(lambda a: bool(a))(x)
    for convert in (int, float, complex, lambda a: a.item(), lambda a: a.tolist()):
        with pytest.raises(ConcretizationTypeError):
            wax.jit(convert)(x)
    with pytest.raises(wax.errors.TracerIntegerConversionError):
        wax.jit(lambda a: [1, 2][a])(jnp.asarray(1))
    with pytest.raises(wax.errors.TracerArrayConversionError):
        wax.jit(lambda a: np.asarray(a))(x)
    with pytest.raises(TypeError, match="immutable"):
        wax.jit(lambda a: a.__setitem__(0, 1.0))(jnp.asarray(F32))
    with pytest.raises(TypeError, match="unsupported operand"):
        wax.jit(lambda a: a + "a")(x)
