"""The rest of lax's names: optimization_barrier, tokens, sharding no-ops on one device,
approximate top-k (exact here), ragged dots, platform dispatch, and the dot algorithm /
tolerance enums that contractions accept.

On one CPU device the sharding constraints and casts are the identity, and the
approximate top-k returns the exact top k (a valid answer for any recall target).
"""
from __future__ import annotations

import dataclasses
import enum

import numpy as np

from ..core import dtypes
from ..core.primitive import Primitive, register

__all__ = ["optimization_barrier", "optimization_barrier_p", "create_token", "after_all",
           "with_sharding_constraint", "pcast", "dce_sink", "stage", "dtype",
           "shape_as_value", "platform_dependent", "composite", "approx_max_k",
           "approx_min_k", "ragged_dot", "ragged_dot_general", "RaggedDotDimensionNumbers",
           "scaled_dot", "Tolerance", "AccuracyMode", "DotAlgorithm", "DotAlgorithmPreset",
           "PrecisionLike"]


# --- optimization_barrier: the identity on a pytree, kept as one equation ----------------

def _barrier_jvp(primals, tangents):
    from ..transforms.jvp import instantiate
    outs = optimization_barrier_p.bind(*primals)
    return outs, [instantiate(t) for t in tangents]


optimization_barrier_p = register(Primitive(
    "optimization_barrier", impl=lambda xp, *xs: list(xs),
    abstract_eval=lambda *avals: list(avals), jvp=_barrier_jvp,
    transpose=lambda cts, *xs: list(cts),
    batch=lambda axis, args, dims: (optimization_barrier_p.bind(*args), list(dims)),
    multiple_results=True))


def optimization_barrier(operand, /):
    """The identity on a pytree of arrays, staged as one equation the compiler may not
    move computations across."""
    from ..core.tree import tree_flatten, tree_unflatten
    from .shape import _asarray
    leaves, tree = tree_flatten(operand)
    return tree_unflatten(tree, optimization_barrier_p.bind(*[_asarray(x) for x in leaves]))


# --- tokens and single-device sharding no-ops -----------------------------------------------

class Token:
    """An ordering token (wax runs effects in program order, so it carries nothing)."""

    def __repr__(self):
        return "Token()"


def create_token(_=None):
    return Token()


def after_all(*operands):
    for op in operands:
        if not isinstance(op, Token):
            raise TypeError(f"after_all takes tokens, got {type(op).__name__}")
    return Token()


def with_sharding_constraint(x, shardings):
    """x itself: one device has nothing to constrain."""
    return x


def pcast(x, axis_name, *, to: str):
    """x itself: wax tracks no varying/invariant types across a mapped axis."""
    if to not in ("varying", "invariant", "unreduced", "reduced"):
        raise ValueError(f"pcast: to must be 'varying' or 'invariant', got {to!r}")
    return x


def dce_sink(val, *, prevent_mlir_dce: bool = False):
    """Marks val as used (it is: wax keeps what its programs compute)."""
    return None


def stage(x, /):
    from .shape import _asarray
    return _asarray(x)


def dtype(x):
    """The canonical dtype of an array, scalar or dtype-like (JAX's lax.dtype)."""
    if hasattr(x, "dtype") and not isinstance(x, type):
        return dtypes.canonicalize_dtype(x.dtype)
    if type(x) in dtypes.python_scalar_types:
        return dtypes.dtype_and_weak(x)[0]
    return dtypes.canonicalize_dtype(np.dtype(x))


def shape_as_value(shape):
    """The shape as a 1-D int32 array."""
    from ..core.array import ArrayImpl
    return ArrayImpl(np.asarray([int(d) for d in shape], np.int32))


def platform_dependent(*args, default=None, **per_platform):
    """Call the branch for the CPU platform ("cpu"), else `default`."""
    branch = per_platform.get("cpu", default)
    if branch is None:
        raise NotImplementedError("platform_dependent: no branch for platform 'cpu' and no "
                                  "default")
    return branch(*args)


def composite(decomposition, name: str, version: int = 0):
    """A function that runs `decomposition` (XLA's composite names it for rewriting)."""
    import functools

    @functools.wraps(decomposition)
    def wrapped(*args, **kwargs):
        return decomposition(*args, **kwargs)
    return wrapped


# --- approximate top-k (exact on the CPU) --------------------------------------------------

def _approx_k(operand, k, reduction_dimension, largest):
    from .sorting import top_k
    from .elementwise import neg
    from .shape import _asarray
    operand = _asarray(operand)
    axis = reduction_dimension % max(operand.ndim, 1)
    if not 0 <= k <= operand.shape[axis]:
        raise ValueError(f"approx top-k: k={k} must be in [0, {operand.shape[axis]}] for "
                         f"operand shape {operand.shape}")
    if largest:
        return top_k(operand, k, axis=axis)
    values, idx = top_k(neg(operand), k, axis=axis)
    return neg(values), idx


def approx_max_k(operand, k: int, reduction_dimension: int = -1, recall_target: float = 0.95,
                 reduction_input_size_override: int = -1, aggregate_to_topk: bool = True):
    """The k largest values along reduction_dimension and their indices (exact here)."""
    return _approx_k(operand, k, reduction_dimension, True)


def approx_min_k(operand, k: int, reduction_dimension: int = -1, recall_target: float = 0.95,
                 reduction_input_size_override: int = -1, aggregate_to_topk: bool = True):
    """The k smallest values along reduction_dimension and their indices (exact here)."""
    return _approx_k(operand, k, reduction_dimension, False)


# --- ragged dots ---------------------------------------------------------------------------

class RaggedDotDimensionNumbers:
    """dot_general's dimension numbers plus which lhs dimension is split into groups and
    which rhs dimension indexes the groups."""

    def __init__(self, dot_dimension_numbers, lhs_ragged_dimensions, rhs_group_dimensions):
        self.dot_dimension_numbers = dot_dimension_numbers
        self.lhs_ragged_dimensions = tuple(lhs_ragged_dimensions)
        self.rhs_group_dimensions = tuple(rhs_group_dimensions)


def ragged_dot(lhs, rhs, group_sizes, precision=None, preferred_element_type=None,
               group_offset=None, out_sharding=None):
    """lhs [m, k] split along m into consecutive groups of `group_sizes` rows; group g is
    multiplied by rhs[g] ([g, k, n]): out [m, n]."""
    from .contractions import dot_general
    from .elementwise import bitwise_and, ge, lt, select_n, sub
    from .reductions import cumsum, reduce_sum
    from .shape import _asarray, broadcast_in_dim, broadcasted_iota, full
    lhs, rhs, group_sizes = _asarray(lhs), _asarray(rhs), _asarray(group_sizes)
    if lhs.ndim != 2 or rhs.ndim != 3 or group_sizes.shape != (rhs.shape[0],):
        raise TypeError(f"ragged_dot expects lhs [m, k], rhs [g, k, n] and group_sizes [g]; "
                        f"got {lhs.shape}, {rhs.shape} and {group_sizes.shape}")
    if group_offset is not None:
        raise NotImplementedError("ragged_dot: group_offset is not supported")
    (m, _), (g, _, n) = lhs.shape, rhs.shape
    ends = cumsum(group_sizes, 0)
    starts = sub(ends, group_sizes)
    rows = broadcasted_iota(group_sizes.dtype, (g, m), 1)
    member = bitwise_and(ge(rows, broadcast_in_dim(starts, (g, m), (0,))),
                         lt(rows, broadcast_in_dim(ends, (g, m), (0,))))  # [g, m]
    # per_group[g, m, n] = lhs[m, :] @ rhs[g, :, :]
    per_group = dot_general(rhs, lhs, (((1,), (1,)), ((), ())), precision=precision,
                            preferred_element_type=preferred_element_type)  # [g, n, m]
    per_group = broadcast_in_dim(per_group, (g, n, m), (0, 1, 2))
    mask = broadcast_in_dim(member, (g, n, m), (0, 2))
    picked = select_n(mask, full((g, n, m), 0, per_group.dtype), per_group)
    out = reduce_sum(picked, (0,))  # [n, m]
    from .shape import transpose
    return transpose(out, (1, 0))


def ragged_dot_general(lhs, rhs, group_sizes, ragged_dot_dimension_numbers, precision=None,
                       preferred_element_type=None, group_offset=None, out_sharding=None):
    """ragged_dot for the dimension numbers of the plain [m, k] x [g, k, n] case."""
    dn = ragged_dot_dimension_numbers
    if (tuple(map(tuple, dn.dot_dimension_numbers[0])) != ((1,), (1,)) or
            dn.lhs_ragged_dimensions != (0,) or dn.rhs_group_dimensions != (0,)):
        raise NotImplementedError("ragged_dot_general: only the ragged_dot layout "
                                  "(lhs [m, k], rhs [g, k, n], groups along m) is supported")
    return ragged_dot(lhs, rhs, group_sizes, precision, preferred_element_type, group_offset)


def scaled_dot(lhs, rhs, *, lhs_scale=None, rhs_scale=None, dimension_numbers=None,
               preferred_element_type=None):
    """dot_general of lhs * lhs_scale and rhs * rhs_scale (scales broadcast)."""
    from .contractions import dot_general
    from .elementwise import mul
    if lhs_scale is not None:
        lhs = mul(lhs, lhs_scale)
    if rhs_scale is not None:
        rhs = mul(rhs, rhs_scale)
    dimension_numbers = dimension_numbers or (((lhs.ndim - 1,), (0,)), ((), ()))
    return dot_general(lhs, rhs, dimension_numbers,
                       preferred_element_type=preferred_element_type)


# --- the enums and records contractions accept -----------------------------------------------

@dataclasses.dataclass(frozen=True)
class Tolerance:
    atol: float = 0.0
    rtol: float = 0.0
    ulps: int = 0


class AccuracyMode(enum.Enum):
    HIGHEST = 1
    DEFAULT = 2


@dataclasses.dataclass(frozen=True)
class DotAlgorithm:
    """A dot's operand and accumulation types (accepted; the CPU computes at full
    precision of the result type)."""
    lhs_precision_type: object
    rhs_precision_type: object
    accumulation_type: object
    lhs_component_count: int = 1
    rhs_component_count: int = 1
    num_primitive_operations: int = 1
    allow_imprecise_accumulation: bool = False


class DotAlgorithmPreset(enum.Enum):
    DEFAULT = enum.auto()
    ANY_F8_ANY_F8_F32 = enum.auto()
    ANY_F8_ANY_F8_F32_FAST_ACCUM = enum.auto()
    ANY_F8_ANY_F8_ANY = enum.auto()
    ANY_F8_ANY_F8_ANY_FAST_ACCUM = enum.auto()
    F16_F16_F16 = enum.auto()
    F16_F16_F32 = enum.auto()
    BF16_BF16_BF16 = enum.auto()
    BF16_BF16_F32 = enum.auto()
    BF16_BF16_F32_X3 = enum.auto()
    BF16_BF16_F32_X6 = enum.auto()
    BF16_BF16_F32_X9 = enum.auto()
    TF32_TF32_F32 = enum.auto()
    TF32_TF32_F32_X3 = enum.auto()
    F32_F32_F32 = enum.auto()
    F64_F64_F64 = enum.auto()


def PrecisionLike(*args, **kwargs):
    """JAX's type alias for what `precision=` accepts (None, a Precision, a string, a pair,
    a DotAlgorithm or preset); calling it is an error, as calling a typing alias."""
    raise TypeError("PrecisionLike is a type annotation, not a callable")

