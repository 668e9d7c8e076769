"""The op-record table: one record per primitive wrapper or wax.numpy function.

Each family has its own module here exporting RECORDS; tests/test_op_records.py runs the
same checks on all of them (values against NumPy with JAX's result dtype/weak/shape,
agreement with abstract_eval via make_jaxpr, jit against eager). Later issues add
gradient and vmap checks to the same table.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Sequence

import ml_dtypes
import numpy as np

bfloat16 = np.dtype(ml_dtypes.bfloat16)
float16, float32, float64 = np.dtype("float16"), np.dtype("float32"), np.dtype("float64")
complex64, complex128 = np.dtype("complex64"), np.dtype("complex128")
int8, int16, int32, int64 = (np.dtype(t) for t in ("int8", "int16", "int32", "int64"))
uint8, uint16, uint32, uint64 = (np.dtype(t) for t in ("uint8", "uint16", "uint32", "uint64"))
bool_ = np.dtype("bool")

FLOATS = [float32, float16, bfloat16]
COMPLEX = [complex64]
SIGNED = [int32, int8, int16]
UNSIGNED = [uint32, uint8]
INTS = SIGNED + UNSIGNED
INEXACT = FLOATS + COMPLEX
NUMERIC = INTS + INEXACT
ALL = NUMERIC + [bool_]

SHAPES_1 = [(), (3,), (2, 3)]  # shapes for unary ops
SHAPES_2 = [((), ()), ((3,), (3,)), ((2, 3), (2, 3)), ((2, 3), ()), ((1, 3), (2, 3))]


# --- input generators: (shape, dtype, rng) -> np.ndarray -------------------------------

def _cast(values, dtype):
    if dtype.kind == "c":
        return (values + 1j * values[::-1].reshape(values.shape) if values.ndim else
                values + 0.5j).astype(dtype)
    return values.astype(dtype)


def rand_default(shape, dtype, rng):
    """Values in [-3, 3) (integers: small ints; bool: random)."""
    if dtype == bool_:
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        low = 0 if dtype.kind == "u" else -5
        return rng.integers(low, 6, size=shape).astype(dtype)
    return _cast(rng.uniform(-3, 3, size=shape), dtype)


def rand_positive(shape, dtype, rng):
    """Values in [0.5, 3.5) (integers 1..6)."""
    if dtype.kind in "iu":
        return rng.integers(1, 7, size=shape).astype(dtype)
    return _cast(rng.uniform(0.5, 3.5, size=shape), dtype)


def rand_unit(shape, dtype, rng):
    """Values in (-0.9, 0.9), for arcsin, arctanh, erf_inv."""
    return _cast(rng.uniform(-0.9, 0.9, size=shape), dtype)


def rand_nonzero(shape, dtype, rng):
    """Values away from zero (for division), same sign mix as rand_default."""
    x = rand_default(shape, dtype, rng)
    if dtype.kind in "iu":
        return np.where(x == 0, np.ones((), dtype), x).astype(dtype)
    return np.where(np.abs(x.astype(np.complex128 if dtype.kind == "c" else np.float64)) < 0.5,
                    np.ones((), dtype), x).astype(dtype)


def rand_int_small(shape, dtype, rng):
    """Small non-negative integers in [0, 4) (shift amounts, integer powers)."""
    return rng.integers(0, 4, size=shape).astype(dtype)


@dataclasses.dataclass
class OpRecord:
    """One function under test and how to test it.

    op:        the wax function; called as op(*arrays, **params)
    ref:       the reference on NumPy arrays (inputs upcast to float64/complex128 unless
               ref_same_dtype), called as ref(*arrays, **params)
    out_dtype: (*input dtypes) -> the result dtype JAX gives (x64 off), written by hand;
               None means "the same as the first input"
    weak:      the expected weak_type for strongly typed inputs (False nearly always)
    """
    name: str
    op: Callable
    ref: Callable
    nargs: int
    dtypes: Sequence[Any]
    shapes: Sequence[Any] = ()
    rng: Callable = rand_default
    out_dtype: Callable | None = None
    params: dict = dataclasses.field(default_factory=dict)
    tol: float | None = None
    ref_same_dtype: bool = False
    exact: bool = False
    # Forward-mode check (float64 central differences): False where the function is not
    # differentiable at random points (or has no float inputs), with the reason in a comment.
    jvp: bool = True
    jvp_tol: float | None = None
    # The highest derivative order checked (2 by default; 1 where the inputs sit within a
    # finite-difference step of a kink, so a second difference is meaningless there).
    grad_order: int = 2
    # Tolerance of the float32 gradient check (None: check_grads' float32 default).
    grad_tol_f32: float | None = None

    def __post_init__(self):
        if not self.shapes:
            self.shapes = ([(s,) for s in SHAPES_1] if self.nargs == 1 else
                           SHAPES_2 if self.nargs == 2 else [((3,),) * self.nargs])
        elif self.nargs == 1:
            # A one-operand record may list plain shapes.
            self.shapes = [s if s and isinstance(s[0], tuple) else (s,) for s in self.shapes]


def same(*dtypes_):
    return dtypes_[0]


def to(dtype):
    """out_dtype for functions whose result dtype is fixed (e.g. comparisons give bool)."""
    return lambda *dtypes_: dtype


def float_of(dtype):
    """The float dtype JAX gives when an integer or bool input goes through sqrt, sin, ..."""
    if dtype.kind in "iub":
        return float32
    return dtype


def real_of(dtype):
    return {complex64: float32, complex128: float64}.get(dtype, dtype)
