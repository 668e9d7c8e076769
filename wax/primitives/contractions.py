"""Contractions: dot_general and its wrappers dot and batch_matmul.

dot_general's output is XLA's: batch dimensions, then lhs free dimensions, then rhs free
dimensions. The impl moves the operands to (batch, free, contracting) layouts and calls
matmul, so float32/float64/complex work reaches BLAS. Integers accumulate in the result
type and wrap as XLA's do; float16/bfloat16 accumulate in float32. `precision` is
accepted and ignored on the CPU, where every dot is computed at full precision.

vmap only rewrites the dimension numbers: a dimension mapped on both sides becomes a new
leading batch dimension, one mapped on one side a free dimension of that side.
"""
from __future__ import annotations

import enum
import functools
import math
import operator
from typing import Sequence

import numpy as np

from .._config import config
from ..core import dtypes
from ..core.avals import ShapedArray
from .batch_util import axes_past, not_mapped, shape_of
from .elementwise import convert_element_type
from .families import ANY, check_dtype, defjvp, is_undefined, lax_operands, standard
from .shape import transpose

_HALF = (np.dtype(np.float16), dtypes.bfloat16)
_FLOAT32 = np.dtype(np.float32)


# --- precision --------------------------------------------------------------------------

class Precision(enum.Enum):
    """The precision of a contraction's arithmetic on accelerators (ignored on the CPU)."""

    DEFAULT = 0
    HIGH = 1
    HIGHEST = 2

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            return _PRECISION_NAMES.get(value.lower())
        return None

    def __repr__(self):
        return f"Precision.{self.name}"

    def __str__(self):
        return self.name


_PRECISION_NAMES = {
    "default": Precision.DEFAULT, "fastest": Precision.DEFAULT,
    "bfloat16": Precision.DEFAULT,
    "high": Precision.HIGH, "bfloat16_3x": Precision.HIGH,
    "tensorfloat32": Precision.HIGH,
    "highest": Precision.HIGHEST, "float32": Precision.HIGHEST,
}

# The names of JAX's DotAlgorithmPreset values, accepted as strings and kept as given.
_ALGORITHM_PRESETS = frozenset((
    "DEFAULT", "ANY_F8_ANY_F8_F32", "ANY_F8_ANY_F8_F32_FAST_ACCUM", "ANY_F8_ANY_F8_ANY",
    "ANY_F8_ANY_F8_ANY_FAST_ACCUM", "F16_F16_F16", "F16_F16_F32", "BF16_BF16_BF16",
    "BF16_BF16_F32", "BF16_BF16_F32_X3", "BF16_BF16_F32_X6", "BF16_BF16_F32_X9",
    "TF32_TF32_F32", "TF32_TF32_F32_X3", "F32_F32_F32", "F64_F64_F64"))


def canonicalize_precision(precision):
    """None, a pair of Precisions, or an algorithm preset name: a hashable param."""
    if precision is None:
        default = config.jax_default_matmul_precision
        return None if default is None else canonicalize_precision(default)
    if isinstance(precision, str) and precision in _ALGORITHM_PRESETS:
        return precision
    if isinstance(precision, (Precision, str)):
        single = _precision_value(precision)
        return (single, single)
    if isinstance(precision, (tuple, list)) and len(precision) == 2:
        return (_precision_value(precision[0]), _precision_value(precision[1]))
    raise ValueError(f"Precision argument must be None, a string in "
                     f"{sorted(_PRECISION_NAMES)}, a lax.Precision value or a tuple of two "
                     f"of them, or a dot algorithm preset name; got {precision!r}.")


def _precision_value(value) -> Precision:
    if isinstance(value, Precision):
        return value
    if isinstance(value, str) and value.lower() in _PRECISION_NAMES:
        return _PRECISION_NAMES[value.lower()]
    raise ValueError(f"Precision argument must be None, a string in "
                     f"{sorted(_PRECISION_NAMES)}, a lax.Precision value or a tuple of two "
                     f"of them; got {value!r}.")


# ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch))
DotDimensionNumbers = tuple[tuple[Sequence[int], Sequence[int]],
                            tuple[Sequence[int], Sequence[int]]]


# --- dtype and shape rules -----------------------------------------------------------------

def _bit_width(dtype) -> int:
    return 1 if dtype == dtypes.bool_ else dtype.itemsize * 8


def _type_rank(dtype) -> tuple:
    """XLA's order of "higher precision" types: complex, then float range and mantissa,
    then width, then signed over unsigned."""
    real = np.dtype(np.float32 if dtype == np.complex64 else
                    np.float64 if dtype == np.complex128 else dtype)
    is_float = dtypes.is_float(real)
    info = dtypes.finfo(real) if is_float else None
    return (dtypes.is_complex(dtype), info.maxexp if is_float else -1,
            info.nmant if is_float else -1, _bit_width(real), real.kind != "u")


@functools.cache
def _dot_general_dtype(lhs_dtype, rhs_dtype, preferred):
    lhs_rank, rhs_rank = _type_rank(lhs_dtype), _type_rank(rhs_dtype)
    if lhs_rank > rhs_rank:
        dtype = lhs_dtype
    elif rhs_rank > lhs_rank:
        dtype = rhs_dtype
    elif lhs_dtype != rhs_dtype:
        raise TypeError(f"lax.dot_general argument type error: {lhs_dtype.name}, "
                        f"{rhs_dtype.name}")
    else:
        dtype = lhs_dtype
    if preferred is None or preferred == dtype:
        return dtype
    if not dtypes.is_float(dtype) and _bit_width(preferred) < _bit_width(dtype):
        raise TypeError("`preferred_element_type` must not be narrower than the original "
                        f"type, got preferred_element_type of {preferred.name} for result "
                        f"type of {dtype.name}.")
    return preferred


@functools.lru_cache(maxsize=2048)
def _dot_general_shape(lhs_shape, rhs_shape, dimension_numbers) -> tuple:
    (lhs_contract, rhs_contract), (lhs_batch, rhs_batch) = dimension_numbers
    shapes = f"(lhs shape {lhs_shape}, rhs shape {rhs_shape})"
    for side, shape, contract, batch in (("lhs", lhs_shape, lhs_contract, lhs_batch),
                                         ("rhs", rhs_shape, rhs_contract, rhs_batch)):
        if not all(0 <= d < len(shape) for d in contract + batch):
            raise TypeError(f"dot_general requires {side} dimension numbers to be nonnegative "
                            f"and less than the number of axes of the {side} value, got "
                            f"{side}_batch of {batch} and {side}_contracting of {contract} "
                            f"for {side} of rank {len(shape)} {shapes}")
        if len(set(batch)) != len(batch):
            raise TypeError(f"dot_general requires {side} batch dimensions to be distinct, "
                            f"got {side}_batch {batch} {shapes}")
        if len(set(contract)) != len(contract):
            raise TypeError(f"dot_general requires {side} contracting dimensions to be "
                            f"distinct, got {side}_contracting {contract} {shapes}")
        if set(batch) & set(contract):
            raise TypeError(f"dot_general requires {side} batch dimensions to be disjoint "
                            f"from contracting dimensions, got {side}_batch {batch} and "
                            f"{side}_contracting {contract} {shapes}")
    if len(lhs_batch) != len(rhs_batch):
        raise TypeError(f"dot_general requires equal numbers of lhs_batch and rhs_batch "
                        f"dimensions, got lhs_batch {lhs_batch} and rhs_batch {rhs_batch} "
                        f"{shapes}")
    if len(lhs_contract) != len(rhs_contract):
        raise TypeError(f"dot_general requires equal numbers of lhs_contracting and "
                        f"rhs_contracting dimensions, got lhs_contracting {lhs_contract} and "
                        f"rhs_contracting {rhs_contract} {shapes}")
    lhs_batch_shape = tuple(lhs_shape[d] for d in lhs_batch)
    rhs_batch_shape = tuple(rhs_shape[d] for d in rhs_batch)
    if lhs_batch_shape != rhs_batch_shape:
        raise TypeError(f"dot_general requires lhs batch dimensions and rhs batch dimensions "
                        f"to have the same shape, got {lhs_batch_shape} and "
                        f"{rhs_batch_shape} {shapes}")
    lhs_contract_shape = tuple(lhs_shape[d] for d in lhs_contract)
    rhs_contract_shape = tuple(rhs_shape[d] for d in rhs_contract)
    if lhs_contract_shape != rhs_contract_shape:
        raise TypeError(f"dot_general requires contracting dimensions to have the same shape, "
                        f"got {lhs_contract_shape} and {rhs_contract_shape} {shapes}")
    return (lhs_batch_shape + _free_shape(lhs_shape, lhs_contract, lhs_batch)
            + _free_shape(rhs_shape, rhs_contract, rhs_batch))


def _free_dims(ndim, contract, batch) -> list:
    return [d for d in range(ndim) if d not in contract and d not in batch]


def _free_shape(shape, contract, batch) -> tuple:
    return tuple(shape[d] for d in _free_dims(len(shape), contract, batch))


def _dot_general_abstract_eval(lhs, rhs, *, dimension_numbers, precision=None,
                               preferred_element_type=None, out_sharding=None):
    check_dtype("dot_general", lhs, ANY)
    check_dtype("dot_general", rhs, ANY)
    shape = _dot_general_shape(lhs.shape, rhs.shape, dimension_numbers)
    dtype = _dot_general_dtype(lhs.dtype, rhs.dtype, preferred_element_type)
    weak = lhs.weak_type and rhs.weak_type and preferred_element_type is None
    return ShapedArray(shape, dtype, weak)


# --- the impl -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=2048)
def _matmul_plan(lhs_shape, rhs_shape, dimension_numbers):
    """How to run a dot_general as one matmul: the operand permutations (None when already
    in place), the (batch, m, k) / (batch, k, n) shapes, and the output shape."""
    (lhs_contract, rhs_contract), (lhs_batch, rhs_batch) = dimension_numbers
    lhs_free = _free_dims(len(lhs_shape), lhs_contract, lhs_batch)
    rhs_free = _free_dims(len(rhs_shape), rhs_contract, rhs_batch)
    lhs_perm = lhs_batch + tuple(lhs_free) + lhs_contract
    rhs_perm = rhs_batch + rhs_contract + tuple(rhs_free)
    batch_shape = tuple(lhs_shape[d] for d in lhs_batch)
    lhs_free_shape = tuple(lhs_shape[d] for d in lhs_free)
    rhs_free_shape = tuple(rhs_shape[d] for d in rhs_free)
    size_m, size_n = math.prod(lhs_free_shape), math.prod(rhs_free_shape)
    size_k = math.prod(lhs_shape[d] for d in lhs_contract)
    lead = (math.prod(batch_shape),) if batch_shape else ()
    return (None if lhs_perm == tuple(range(len(lhs_shape))) else lhs_perm,
            None if rhs_perm == tuple(range(len(rhs_shape))) else rhs_perm,
            lead + (size_m, size_k), lead + (size_k, size_n),
            batch_shape + lhs_free_shape + rhs_free_shape)


_PLAIN_MATMUL = (((1,), (0,)), ((), ()))
_BLAS_DTYPES = frozenset(np.dtype(t) for t in ("float32", "float64", "complex64",
                                               "complex128"))


def _dot_general_impl(xp, lhs, rhs, *, dimension_numbers, precision=None,
                      preferred_element_type=None, out_sharding=None):
    lhs, rhs = xp.asarray(lhs), xp.asarray(rhs)
    if (dimension_numbers == _PLAIN_MATMUL and lhs.ndim == 2 and rhs.ndim == 2 and
            lhs.dtype == rhs.dtype and lhs.dtype in _BLAS_DTYPES and
            preferred_element_type in (None, lhs.dtype)):
        return xp.matmul(lhs, rhs)  # the common (m, k) @ (k, n) case, straight to BLAS
    out_dtype = _dot_general_dtype(lhs.dtype, rhs.dtype, preferred_element_type)
    # XLA converts both operands to the result type and accumulates in it (integers wrap);
    # half floats accumulate in float32 and are rounded once at the end.
    work_dtype = _FLOAT32 if out_dtype in _HALF else out_dtype
    lhs_perm, rhs_perm, lhs_mat, rhs_mat, out_shape = _matmul_plan(
        lhs.shape, rhs.shape, dimension_numbers)
    if lhs_perm is not None:
        lhs = xp.transpose(lhs, lhs_perm)
    if rhs_perm is not None:
        rhs = xp.transpose(rhs, rhs_perm)
    out = xp.matmul(lhs.astype(work_dtype, copy=False).reshape(lhs_mat),
                    rhs.astype(work_dtype, copy=False).reshape(rhs_mat))
    return out.reshape(out_shape).astype(out_dtype, copy=False)


# Bilinear: each operand's tangent goes through dot_general with the other operand and the
# same params, so with preferred_element_type both terms come out in the result's dtype.
def _dot_transpose_lhs(ct, y, x_aval, x_dims, y_dims, y_ndim, precision):
    """The cotangent of x in dot_general(x, y) with dims ((x_contract, y_contract),
    (x_batch, y_batch)), when ct's dims are (batch, x_free, y_free): contract ct with y
    over y's free dims (batching over the batch dims), then put x's dims back in order."""
    (x_contract, y_contract), (x_batch, y_batch) = x_dims, y_dims
    nb = len(x_batch)
    x_free = [d for d in range(len(x_aval.shape)) if d not in x_contract and d not in x_batch]
    y_free = [d for d in range(y_ndim) if d not in y_contract and d not in y_batch]
    ct_y_free = tuple(range(nb + len(x_free), nb + len(x_free) + len(y_free)))
    out = dot_general_p.bind(ct, y, dimension_numbers=((ct_y_free, tuple(y_free)),
                                                       (tuple(range(nb)), tuple(y_batch))),
                             precision=precision, preferred_element_type=None)
    # out's dims: batch, x_free, then y's contracting dims in increasing order.
    y_remaining = sorted(y_contract)
    position = {}
    for i, d in enumerate(x_batch):
        position[d] = i
    for i, d in enumerate(x_free):
        position[d] = nb + i
    for xc, yc in zip(x_contract, y_contract):
        position[xc] = nb + len(x_free) + y_remaining.index(yc)
    perm = tuple(position[d] for d in range(len(x_aval.shape)))
    if perm != tuple(range(len(perm))):
        out = transpose(out, perm)
    return convert_element_type(out, x_aval.dtype) if out.dtype != x_aval.dtype else out


def _dot_general_transpose(ct, lhs, rhs, *, dimension_numbers, precision=None,
                           preferred_element_type=None, out_sharding=None):
    (lc, rc), (lb, rb) = dimension_numbers
    cts = [None, None]
    if is_undefined(lhs):
        cts[0] = _dot_transpose_lhs(ct, rhs, lhs.aval, (lc, rc), (lb, rb), rhs.ndim, precision)
    if is_undefined(rhs):
        # Swap the roles: ct's dims are (batch, lhs_free, rhs_free); reorder to
        # (batch, rhs_free, lhs_free) and treat rhs as the "x" above.
        nb = len(lb)
        n_lhs_free = len(lhs.shape) - len(lc) - nb
        n_rhs_free = len(rhs.aval.shape) - len(rc) - nb
        perm = (tuple(range(nb)) + tuple(range(nb + n_lhs_free, nb + n_lhs_free + n_rhs_free))
                + tuple(range(nb, nb + n_lhs_free)))
        ct_swapped = transpose(ct, perm) if perm != tuple(range(len(perm))) else ct
        cts[1] = _dot_transpose_lhs(ct_swapped, lhs, rhs.aval, (rc, lc), (rb, lb),
                                    len(lhs.shape), precision)
    return cts


def _dot_general_batch(axis, args, dims, *, dimension_numbers, **params):
    # No operand is moved or broadcast: the vmapped dimensions only enter the dimension
    # numbers, and the impl lays the operands out for matmul once.
    lhs, rhs = args
    lhs_bdim, rhs_bdim = dims
    (lhs_contract, rhs_contract), (lhs_batch, rhs_batch) = dimension_numbers
    if lhs_bdim is not not_mapped:
        lhs_contract, lhs_batch = (axes_past(lhs_contract, lhs_bdim),
                                   axes_past(lhs_batch, lhs_bdim))
    if rhs_bdim is not not_mapped:
        rhs_contract, rhs_batch = (axes_past(rhs_contract, rhs_bdim),
                                   axes_past(rhs_batch, rhs_bdim))
    if lhs_bdim is not not_mapped and rhs_bdim is not not_mapped:
        # Both mapped: a new leading batch dimension of dot_general, first in the output.
        lhs_batch, rhs_batch = (lhs_bdim,) + lhs_batch, (rhs_bdim,) + rhs_batch
        out_dim = 0
    elif lhs_bdim is not not_mapped:
        # A free dimension of lhs: in the output after the batch dimensions and lhs's
        # free dimensions that come before it.
        out_dim = len(lhs_batch) + sum(
            1 for d in range(lhs_bdim) if d not in lhs_contract and d not in lhs_batch)
    else:
        # A free dimension of rhs: after the batch and all of lhs's free dimensions.
        lhs_free = len(shape_of(lhs)) - len(lhs_contract) - len(lhs_batch)
        out_dim = len(rhs_batch) + lhs_free + sum(
            1 for d in range(rhs_bdim) if d not in rhs_contract and d not in rhs_batch)
    out = dot_general_p.bind(lhs, rhs, dimension_numbers=((lhs_contract, rhs_contract),
                                                          (lhs_batch, rhs_batch)), **params)
    return out, out_dim


# Bilinear: each operand's tangent goes through dot_general with the other operand and the
# same params, so with preferred_element_type both terms come out in the result's dtype.
dot_general_p = standard(
    "dot_general", _dot_general_impl, _dot_general_abstract_eval,
    jvp=defjvp(lambda t, ans, lhs, rhs, **params: dot_general_p.bind(t, rhs, **params),
               lambda t, ans, lhs, rhs, **params: dot_general_p.bind(lhs, t, **params)),
    transpose=_dot_general_transpose, batch=_dot_general_batch)


# --- wrappers -----------------------------------------------------------------------------

def _dims_tuple(dims, what) -> tuple:
    try:
        return tuple(operator.index(d) for d in dims)
    except TypeError:
        raise TypeError(f"dot_general: {what} must be a sequence of ints, got {dims!r}") \
            from None


def _canonical_dimension_numbers(dimension_numbers) -> tuple:
    if _is_canonical(dimension_numbers):
        return dimension_numbers
    try:
        (lhs_contract, rhs_contract), (lhs_batch, rhs_batch) = dimension_numbers
    except (TypeError, ValueError):
        raise TypeError("dot_general: dimension_numbers must be ((lhs_contracting, "
                        "rhs_contracting), (lhs_batch, rhs_batch)), got "
                        f"{dimension_numbers!r}") from None
    return ((_dims_tuple(lhs_contract, "lhs_contracting"),
             _dims_tuple(rhs_contract, "rhs_contracting")),
            (_dims_tuple(lhs_batch, "lhs_batch"), _dims_tuple(rhs_batch, "rhs_batch")))


def _is_canonical(dimension_numbers) -> bool:
    """Already a tuple of tuples of ints (what dot, batch_matmul and jnp pass): the fast path."""
    if type(dimension_numbers) is not tuple or len(dimension_numbers) != 2:
        return False
    for pair in dimension_numbers:
        if type(pair) is not tuple or len(pair) != 2:
            return False
        for dims in pair:
            if type(dims) is not tuple or any(type(d) is not int for d in dims):
                return False
    return True


def _check_out_sharding(out_sharding):
    if out_sharding is not None:
        raise NotImplementedError("dot_general: out_sharding is not supported by wax (got "
                                  f"{out_sharding!r}); pass out_sharding=None")


def dot_general(lhs, rhs, dimension_numbers, precision=None, preferred_element_type=None, *,
                out_sharding=None):
    """General contraction: ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch));
    the result holds the batch, then lhs free, then rhs free dimensions."""
    _check_out_sharding(out_sharding)
    preferred = (None if preferred_element_type is None else
                 dtypes.check_user_dtype(preferred_element_type, "dot_general"))
    lhs, rhs = lax_operands(lhs, rhs)
    return dot_general_p.bind(lhs, rhs,
                              dimension_numbers=_canonical_dimension_numbers(dimension_numbers),
                              precision=canonicalize_precision(precision),
                              preferred_element_type=preferred, out_sharding=None)


def _shape_of(x) -> tuple:
    shape = getattr(x, "shape", None)
    if shape is not None:
        return shape
    aval = getattr(x, "aval", None)
    return aval.shape if aval is not None else np.shape(x)


def dot(lhs, rhs, *, dimension_numbers=None, precision=None, preferred_element_type=None,
        out_sharding=None):
    """Vector·vector, matrix·vector or matrix·matrix product; with `dimension_numbers`,
    the general contraction of dot_general."""
    if dimension_numbers is None:
        lhs_shape, rhs_shape = _shape_of(lhs), _shape_of(rhs)
        if not (1 <= len(lhs_shape) <= 2 and 1 <= len(rhs_shape) <= 2
                and lhs_shape[-1] == rhs_shape[0]):
            raise TypeError(f"Incompatible shapes for dot: got {lhs_shape} and {rhs_shape}.")
        dimension_numbers = (((len(lhs_shape) - 1,), (0,)), ((), ()))
    return dot_general(lhs, rhs, dimension_numbers, precision=precision,
                       preferred_element_type=preferred_element_type,
                       out_sharding=out_sharding)


def batch_matmul(lhs, rhs, precision=None):
    """Batched matrix product: lhs[..., m, k] @ rhs[..., k, n], with equal batch shapes."""
    lhs_ndim, rhs_ndim = len(_shape_of(lhs)), len(_shape_of(rhs))
    if min(lhs_ndim, rhs_ndim) < 2:
        raise ValueError(f"Arguments to batch_matmul must be at least 2D, got {lhs_ndim}, "
                         f"{rhs_ndim}")
    if lhs_ndim != rhs_ndim:
        raise ValueError(f"Arguments to batch_matmul must have same ndim, got {lhs_ndim}, "
                         f"{rhs_ndim}")
    batch = tuple(range(lhs_ndim - 2))
    return dot_general(lhs, rhs, (((lhs_ndim - 1,), (rhs_ndim - 2,)), (batch, batch)),
                       precision=precision)


__all__ = ["dot_general_p", "dot_general", "dot", "batch_matmul", "Precision",
           "DotDimensionNumbers"]
