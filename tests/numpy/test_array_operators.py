"""Python operators on wax Arrays: with Python scalars (weak typing), NumPy arrays on
either side, mixed dtypes, reflected forms and their errors, against JAX 0.10.2's dtypes."""

import numpy as np
import pytest

import wax.numpy as jnp
from array_checks import *  # noqa: F401,F403  (shared arrays and check helpers)

# --- Python operators ---------------------------------------------------------------------

# (id, function of wax arrays (i8, i32, f32, u8, bf, f16, c64, b), expected, dtype, weak):
# dtypes and weak flags are JAX 0.10.2's.
OPERATORS = [
    ("i8+1", lambda a: a.i8 + 1, [2, 3], np.int8, False),
    ("1+i8", lambda a: 1 + a.i8, [2, 3], np.int8, False),
    ("i8*1.5", lambda a: a.i8 * 1.5, [1.5, 3.0], np.float32, True),
    ("i32*1.5", lambda a: a.i32 * 1.5, [1.5, 3.0, 4.5], np.float32, True),
    ("1.5*i32", lambda a: 1.5 * a.i32, [1.5, 3.0, 4.5], np.float32, True),
    ("i8+1j", lambda a: a.i8 + 1j, [1 + 1j, 2 + 1j], np.complex64, True),
    ("u8+1", lambda a: a.u8 + 1, [2, 201], np.uint8, False),
    ("u8-1", lambda a: a.u8 - 1, [0, 199], np.uint8, False),
    ("1-u8", lambda a: 1 - a.u8, [0, 57], np.uint8, False),          # wraps
    ("bf+1.5", lambda a: a.bf + 1.5, [3.0, 4.0], BF16, False),
    ("f16*2", lambda a: a.f16 * 2, [3.0, 5.0], np.float16, False),
    ("c64*2", lambda a: a.c64 * 2, [2 + 4j, 6 - 2j], np.complex64, False),
    ("f32+1j", lambda a: a.f32 + 1j, F32 + 1j, np.complex64, False),
    ("bf+1j", lambda a: a.bf + 1j, [1.5 + 1j, 2.5 + 1j], np.complex64, False),
    ("b+1", lambda a: a.b + 1, [2, 1, 2], np.int32, True),
    ("b*1.5", lambda a: a.b * 1.5, [1.5, 0.0, 1.5], np.float32, True),
    ("10-i8", lambda a: 10 - a.i8, [9, 8], np.int8, False),
    ("f32-1", lambda a: a.f32 - 1, F32 - 1, np.float32, False),
    # true division: integers give float32
    ("i32/2", lambda a: a.i32 / 2, [0.5, 1.0, 1.5], np.float32, False),
    ("2/i32", lambda a: 2 / a.i32, np.float32(2) / I32, np.float32, False),
    ("i32/i32", lambda a: a.i32 / a.i32, [1.0, 1.0, 1.0], np.float32, False),
    ("i8/i8", lambda a: a.i8 / a.i8, [1.0, 1.0], np.float32, False),
    ("u8/2", lambda a: a.u8 / 2, [0.5, 100.0], np.float32, False),
    ("f32/2", lambda a: a.f32 / 2, F32 / 2, np.float32, False),
    ("3/f32", lambda a: 3 / a.f32, np.float32(3) / F32, np.float32, False),
    # floor division and remainder follow Python's signs
    ("i32//2", lambda a: a.i32 // 2, [0, 1, 1], np.int32, False),
    ("7//i32", lambda a: 7 // a.i32, [7, 3, 2], np.int32, False),
    ("f32//2", lambda a: a.f32 // 2, [0.0, -2.0, 1.0], np.float32, False),
    ("i32%2", lambda a: a.i32 % 2, [1, 0, 1], np.int32, False),
    ("7%i32", lambda a: 7 % a.i32, [0, 1, 1], np.int32, False),
    ("-7%i32", lambda a: -7 % a.i32, [0, 1, 2], np.int32, False),
    ("f32%2", lambda a: a.f32 % 2, [1.5, 1.5, 1.0], np.float32, False),
    ("f32%-2", lambda a: a.f32 % -2, [-0.5, -0.5, -1.0], np.float32, False),
    # powers
    ("i32**2", lambda a: a.i32 ** 2, [1, 4, 9], np.int32, False),
    ("2**i32", lambda a: 2 ** a.i32, [2, 4, 8], np.int32, False),
    ("i32**2.0", lambda a: a.i32 ** 2.0, [1.0, 4.0, 9.0], np.float32, True),
    ("f32**2", lambda a: a.f32 ** 2, F32 ** 2, np.float32, False),
    ("2.0**f32", lambda a: 2.0 ** a.f32, np.float32(2.0) ** F32, np.float32, False),
    ("i8**2", lambda a: a.i8 ** 2, [1, 4], np.int8, False),
    ("i32**i32", lambda a: a.i32 ** a.i32, [1, 4, 27], np.int32, False),
    # shifts and bitwise
    ("i32<<1", lambda a: a.i32 << 1, [2, 4, 6], np.int32, False),
    ("1<<i32", lambda a: 1 << a.i32, [2, 4, 8], np.int32, False),
    ("i32>>1", lambda a: a.i32 >> 1, [0, 1, 1], np.int32, False),
    ("16>>i32", lambda a: 16 >> a.i32, [8, 4, 2], np.int32, False),
    ("i8<<2", lambda a: a.i8 << 2, [4, 8], np.int8, False),
    ("~i32", lambda a: ~a.i32, [-2, -3, -4], np.int32, False),
    ("~b", lambda a: ~a.b, [False, True, False], np.bool_, False),
    ("~u8", lambda a: ~a.u8, [254, 55], np.uint8, False),
    ("i32&1", lambda a: a.i32 & 1, [1, 0, 1], np.int32, False),
    ("1&i32", lambda a: 1 & a.i32, [1, 0, 1], np.int32, False),
    ("i32|4", lambda a: a.i32 | 4, [5, 6, 7], np.int32, False),
    ("4|i32", lambda a: 4 | a.i32, [5, 6, 7], np.int32, False),
    ("i32^1", lambda a: a.i32 ^ 1, [0, 3, 2], np.int32, False),
    ("1^i32", lambda a: 1 ^ a.i32, [0, 3, 2], np.int32, False),
    ("b&True", lambda a: a.b & True, [True, False, True], np.bool_, False),
    ("b|b", lambda a: a.b | a.b, [True, False, True], np.bool_, False),
    ("b^True", lambda a: a.b ^ True, [False, True, False], np.bool_, False),
    # unary
    ("-i32", lambda a: -a.i32, [-1, -2, -3], np.int32, False),
    ("+i32", lambda a: +a.i32, [1, 2, 3], np.int32, False),
    ("+b", lambda a: +a.b, [True, False, True], np.bool_, False),
    ("-f32", lambda a: -a.f32, -F32, np.float32, False),
    ("abs(f32)", lambda a: abs(a.f32), [1.5, 2.5, 3.0], np.float32, False),
    ("abs(int8 min)", lambda a: abs(a.i8 - 1 - 127 - 1), [-128, 127], np.int8, False),
    ("abs(c64)", lambda a: abs(a.c64), np.abs(C64), np.float32, False),
    # round(x, ndigits)
    ("round(f32,1)", lambda a: round(a.f32 * 0.5, 1), [0.8, -1.2, 1.5], np.float32, False),
    # matmul
    ("m@m.T", lambda a: jnp.asarray(NP_M) @ jnp.asarray(NP_M).T, NP_M @ NP_M.T, np.int32,
     False),
    ("mf@mf.T", lambda a: MF() @ MF().T, NP_MF @ NP_MF.T, np.float32, False),
    ("i32@i32", lambda a: a.i32 @ a.i32, 14, np.int32, False),
    ("i8@f32", lambda a: jnp.ones(3, jnp.int8) @ a.f32, 2.0, np.float32, False),
    # comparisons
    ("i32==i32", lambda a: a.i32 == a.i32, [True, True, True], np.bool_, False),
    ("i32!=2", lambda a: a.i32 != 2, [True, False, True], np.bool_, False),
    ("f32>=1", lambda a: a.f32 >= 1, [True, False, True], np.bool_, False),
    ("2>i32", lambda a: 2 > a.i32, [True, False, False], np.bool_, False),
    ("1.5<=f32", lambda a: 1.5 <= a.f32, [True, False, True], np.bool_, False),
    ("c64==3-1j", lambda a: a.c64 == (3 - 1j), [False, True], np.bool_, False),
    # wax arrays of different dtypes
    ("i8+i32", lambda a: a.i8 + a.i32[:2], [2, 4], np.int32, False),
    ("u8+i8", lambda a: a.u8 + a.i8, [2, 202], np.int16, False),
    ("u32+i32", lambda a: jnp.asarray([1], jnp.uint32) + jnp.asarray([1], jnp.int32), [2],
     np.int32, False),                                     # int64 truncated with x64 off
    ("i32+f16", lambda a: a.i32[:2] + a.f16, [2.5, 4.5], np.float16, False),
    ("bf+f16", lambda a: a.bf + a.f16, [3.0, 5.0], np.float32, False),
    ("bf+f32", lambda a: a.bf + a.f32[:2], [3.0, 0.0], np.float32, False),
    ("c64+f32", lambda a: a.c64 + a.f32[:2], [2.5 + 2j, 0.5 - 1j], np.complex64, False),
    ("b+b", lambda a: a.b + a.b, [True, False, True], np.bool_, False),
    ("b+i8", lambda a: a.b[:2] + a.i8, [2, 2], np.int8, False),
    ("weak int + i8", lambda a: jnp.asarray(2) + a.i8, [3, 4], np.int8, False),
    ("weak float + i8", lambda a: jnp.asarray(2.0) + a.i8, [3.0, 4.0], np.float32, True),
    ("weak int + weak float", lambda a: jnp.asarray(2) + jnp.asarray(2.0), 4.0, np.float32,
     True),
    ("weak int * 3", lambda a: jnp.asarray(2) * 3, 6, np.int32, True),
    ("f32 * weak float", lambda a: a.f32 * jnp.asarray(2.0), F32 * 2, np.float32, False),
    # NumPy operands on either side are strong, canonicalized to 32 bits with x64 off
    ("np.ones(3)+f32", lambda a: np.ones(3) + a.f32, F32 + 1, np.float32, False),
    ("f32+np.ones(3)", lambda a: a.f32 + np.ones(3), F32 + 1, np.float32, False),
    ("np i64 + i32", lambda a: np.ones(3, np.int64) + a.i32, [2, 3, 4], np.int32, False),
    ("i8 + np i8", lambda a: a.i8 + np.ones(2, np.int8), [2, 3], np.int8, False),
    ("np.float64(2)*i8", lambda a: np.float64(2) * a.i8, [2.0, 4.0], np.float32, False),
    ("i8*np.float64(2)", lambda a: a.i8 * np.float64(2), [2.0, 4.0], np.float32, False),
    ("i8*np.int32(2)", lambda a: a.i8 * np.int32(2), [2, 4], np.int32, False),
    ("np f32 - f32", lambda a: np.ones(3, np.float32) - a.f32, 1 - F32, np.float32, False),
    ("np i8 * bf", lambda a: np.ones(2, np.int8) * a.bf, [1.5, 2.5], BF16, False),
    ("np f64 < f32", lambda a: np.zeros(3) < a.f32, [True, False, True], np.bool_, False),
    ("np f64 == f32", lambda a: np.zeros(3) == a.f32, [False, False, False], np.bool_,
     False),
    ("np f64 / f32", lambda a: np.ones(3) / a.f32, np.float32(1) / F32, np.float32, False),
    ("np i32 // i32", lambda a: np.full(3, 7, np.int32) // a.i32, [7, 3, 2], np.int32,
     False),
    ("np i32 ** i32", lambda a: np.full(3, 2, np.int32) ** a.i32, [2, 4, 8], np.int32,
     False),
    ("np i32 % i32", lambda a: np.full(3, 7, np.int32) % a.i32, [0, 1, 1], np.int32, False),
    ("np i32 & i32", lambda a: np.full(3, 7, np.int32) & a.i32, [1, 2, 3], np.int32, False),
    ("np i32 << i32", lambda a: np.full(3, 1, np.int32) << a.i32, [2, 4, 8], np.int32,
     False),
    ("np @ f32", lambda a: np.ones(3) @ a.f32, 2.0, np.float32, False),
    ("np @ mf", lambda a: np.ones((2, 2)) @ MF(), np.ones((2, 2)) @ NP_MF, np.float32,
     False),
    ("mf @ np", lambda a: MF() @ np.ones((3, 1)), NP_MF @ np.ones((3, 1)), np.float32,
     False),
    # JAX_SURFACE §2.11: integer division by zero follows XLA
    ("i32/0", lambda a: a.i32 / 0, [np.inf] * 3, np.float32, False),
    ("f32/0", lambda a: a.f32 / 0, [np.inf, -np.inf, np.inf], np.float32, False),
]


class _Operands:
    def __init__(self):
        self.i8, self.i32, self.f32 = jnp.asarray(I8), jnp.asarray(I32), jnp.asarray(F32)
        self.u8, self.bf, self.f16 = jnp.asarray(U8), jnp.asarray(BF), jnp.asarray(F16)
        self.c64, self.b = jnp.asarray(C64), jnp.asarray(BOOL)


@pytest.mark.parametrize("fn, expected, dtype, weak", [o[1:] for o in OPERATORS],
                         ids=[o[0] for o in OPERATORS])
def test_operators(fn, expected, dtype, weak):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.asarray(expected)
    check(fn(_Operands()), expected.astype(dtype), dtype, weak)


@pytest.mark.parametrize("fn, expected, dtype", [
    (lambda a: divmod(a.i32, 2), ([0, 1, 1], [1, 0, 1]), np.int32),
    (lambda a: divmod(7, a.i32), ([7, 3, 2], [0, 1, 1]), np.int32),
    (lambda a: divmod(a.f32, 2), ([0.0, -2.0, 1.0], [1.5, 1.5, 1.0]), np.float32),
    (lambda a: divmod(a.i32, a.i32 + 1), ([0, 0, 0], [1, 2, 3]), np.int32),
])
def test_divmod(fn, expected, dtype):
    quotient, remainder = fn(_Operands())
    check(quotient, np.asarray(expected[0], dtype), dtype)
    check(remainder, np.asarray(expected[1], dtype), dtype)


def test_operator_errors():
    a = _Operands()
    with pytest.raises(TypeError, match="unsupported operand"):
        a.f32 + "a"
    with pytest.raises(TypeError):
        "a" + a.f32
    with pytest.raises(TypeError, match="unsupported operand"):
        a.f32 * None
    with pytest.raises(TypeError, match="unsupported operand"):
        a.f32 + [1, 2, 3]        # JAX does not convert lists in operators
    with pytest.raises(TypeError):
        [1, 2, 3] + a.f32
    with pytest.raises(TypeError, match="unsupported operand"):
        a.f32 + (1, 2, 3)
    with pytest.raises(TypeError):
        a.f32 < "a"
    with pytest.raises(TypeError):
        [1.0, 2.0] @ jnp.ones(2)
    # JAX 0.10.2: "Integers cannot be raised to negative powers, got integer_pow(int32[3], -1)"
    with pytest.raises(TypeError, match="Integers cannot be raised to negative powers"):
        a.i32 ** -1
    with pytest.raises(TypeError):
        ~a.f32
    with pytest.raises(TypeError):
        a.f32 & 1
    with pytest.raises(TypeError):
        -a.b                     # JAX 0.10.2: neg does not accept dtype bool
    # JAX 0.10.2: ValueError "matmul input operand 1 must have ndim at least 1"
    with pytest.raises(ValueError):
        M() @ 1
    # An int32 array with a Python int beyond int32 raises OverflowError (JAX 0.10.2 too).
    with pytest.raises(OverflowError):
        a.i32 + 2 ** 31


def test_equality_with_non_arrays_is_false():
    # JAX 0.10.2: x == None and x == 'a' are the Python bool False
    x = jnp.asarray(F32)
    assert (x == None) is False  # noqa: E711
    assert (x == "a") is False
    assert (x != None) is True  # noqa: E711
