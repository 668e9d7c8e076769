"""Static and dynamic slicing: slice, dynamic_slice, dynamic_update_slice and their
one-axis conveniences (slice_in_dim, index_in_dim, dynamic_*_in_dim).

Dynamic start indices are scalar integer operands of the primitive. They are clamped so
the whole window fits in the operand (XLA's rule), which is why an out-of-bounds start
never raises. The wrappers wrap negative starts first (allow_negative_indices), as JAX's
do; the primitives themselves never wrap.

Transposes: a slice's cotangent is padded back with zeros (interior padding fills the
strides); dynamic_slice's is written into zeros at the same (clamped) starts;
dynamic_update_slice gives the operand ct with the window zeroed and the update the window.

Batching (vmap): a batched operand of slice, or of dynamic_slice/dynamic_update_slice with
unbatched starts, is sliced whole along its batch dimension (start 0, full size). Starts
that differ per batch member turn dynamic_slice into a gather and dynamic_update_slice
into a scatter (CLIP mode: the same clamping), one window per member, a batched operand
paired with its member's starts through operand/indices batching dimensions.
"""
from __future__ import annotations

import builtins
import operator

import numpy as np

from ..core import dtypes
from ..core.array import ArrayImpl
from ..core.avals import ShapedArray
from ..core.interpreters import Tracer
from ..transforms.staging import aval_of
from .elementwise import add, lt, select_n
from .families import (LINEAR_JVP, check_same_dtypes, extended_operands, is_undefined,
                       is_zero, linear_transpose_rule, on_physical, standard,
                       zero_tangent_like)
from .batch_util import axes_past, insert_at, member_aval, move_to, not_mapped, shape_of
from .shape import broadcast_in_dim, concatenate, expand_dims, full, pad, squeeze


def _shape_of(x) -> tuple:
    aval = getattr(x, "aval", None)
    return aval.shape if aval is not None else np.shape(x)


def _dtype_of(x) -> np.dtype:
    return dtypes.dtype_and_weak(x)[0]


def _int_tuple(name: str, arg: str, values) -> tuple:
    try:
        return tuple(operator.index(v) for v in values)
    except TypeError:
        raise TypeError(f"{name} {arg} must be a sequence of integers, got {values!r}") \
            from None


# --- batching helpers --------------------------------------------------------------------

def _zero_start(starts):
    """A start of 0 for the batch dimension, of the other starts' dtype (and weak when
    they all are, so the result's weak type does not change)."""
    avals = [aval_of(s) for s in starts]
    dtype = avals[0].dtype if avals else dtypes.default_int_dtype()
    return ArrayImpl(np.zeros((), dtype), all(a.weak_type for a in avals))


def _start_indices(starts, start_dims, size: int):
    """The (size, len(starts)) index array of a gather or scatter: row i holds member i's
    starts (an unbatched start is repeated down its column)."""
    columns = [broadcast_in_dim(s, (size, 1), () if d is not_mapped else (0,))
               for s, d in zip(starts, start_dims)]
    return concatenate(columns, 1)


# --- slice -------------------------------------------------------------------------------

def _slice_impl(xp, operand, *, start_indices, limit_indices, strides):
    steps = strides or (1,) * len(start_indices)
    window = tuple(builtins.slice(s, l, st)
                   for s, l, st in zip(start_indices, limit_indices, steps))
    # A copy, not a view: no Array may share memory with another (donation reuses it).
    return operand[window].copy()


def _slice_abstract_eval(operand, *, start_indices, limit_indices, strides):
    shape = operand.shape
    if len(start_indices) != len(shape):
        raise TypeError("slice start_indices must have length equal to the number of "
                        f"dimensions of the operand, got indices {start_indices} for operand "
                        f"shape {shape}.")
    if len(limit_indices) != len(start_indices):
        raise TypeError("slice limit_indices must have the same length as start_indices, got "
                        f"start_indices {start_indices} and limit_indices {limit_indices}.")
    if any(l > d for l, d in zip(limit_indices, shape)):
        raise TypeError("slice limit_indices must be less than or equal to operand shape, got "
                        f"limit_indices {limit_indices} for operand shape {shape}.")
    if any(s < 0 for s in start_indices):
        raise TypeError("slice start_indices must be greater than or equal to zero, got "
                        f"start_indices of {start_indices}.")
    if any(l < s for s, l in zip(start_indices, limit_indices)):
        raise TypeError("slice limit_indices must be greater than or equal to start_indices, "
                        f"got start_indices {start_indices} and limit_indices {limit_indices}.")
    sizes = [l - s for s, l in zip(start_indices, limit_indices)]
    if strides is not None:
        if len(strides) != len(shape):
            raise TypeError("slice strides must have length equal to the number of dimensions "
                            f"of the operand, got strides {strides} for operand shape {shape}.")
        if any(st <= 0 for st in strides):
            raise TypeError(f"slice strides must be positive, got {strides}")
        sizes = [0 if n == 0 else (n - 1) // st + 1 for n, st in zip(sizes, strides)]
    return ShapedArray(tuple(sizes), operand.dtype, operand.weak_type)


def _slice_transpose_ct(ct, aval, *, start_indices, limit_indices, strides):
    # ct put back where it was read, zeros elsewhere: a pad whose interior fills the gaps
    # between strided elements; the high edge is what remains after the last element read.
    steps = strides or (1,) * len(start_indices)
    config = []
    for start, size, n, step in zip(start_indices, aval.shape, _shape_of(ct), steps):
        read = 0 if n == 0 else (n - 1) * step + 1  # from the first to the last element read
        config.append((start, size - start - read, step - 1))
    return pad(ct, 0, config)


def _slice_batch(axis, args, dims, *, start_indices, limit_indices, strides):
    # The whole batch dimension is kept: start 0, limit its size, stride 1.
    (operand,), (bdim,) = args, dims
    size = shape_of(operand)[bdim]
    return slice_p.bind(operand, start_indices=insert_at(start_indices, bdim, 0),
                        limit_indices=insert_at(limit_indices, bdim, size),
                        strides=None if strides is None else insert_at(strides, bdim, 1)), bdim


slice_p = standard("slice", _slice_impl, _slice_abstract_eval, jvp=LINEAR_JVP,
                   transpose=linear_transpose_rule(_slice_transpose_ct), batch=_slice_batch,
                   physical=on_physical(lambda p, ndim, tail: dict(
                       start_indices=(*p["start_indices"], *(0,) * len(tail)),
                       limit_indices=(*p["limit_indices"], *tail),
                       strides=p["strides"] and (*p["strides"], *(1,) * len(tail)))))


def slice(operand, start_indices, limit_indices, strides=None):
    """The static window operand[start:limit:stride] along every dimension (lax.slice)."""
    start = _int_tuple("slice", "start_indices", start_indices)
    limit = _int_tuple("slice", "limit_indices", limit_indices)
    steps = None if strides is None else _int_tuple("slice", "strides", strides)
    return slice_p.bind(operand, start_indices=start, limit_indices=limit, strides=steps)


def slice_in_dim(operand, start_index, limit_index, stride=1, axis=0):
    """lax.slice along one axis: operand[..., start:limit:stride, ...]."""
    shape = _shape_of(operand)
    axis = operator.index(axis)
    size = shape[axis]
    start = 0 if start_index is None else operator.index(start_index)
    limit = size if limit_index is None else operator.index(limit_index)
    if start < 0:
        start += size
    if limit < 0:
        limit += size
    starts, limits, strides = [0] * len(shape), list(shape), [1] * len(shape)
    starts[axis], limits[axis], strides[axis] = start, limit, operator.index(stride)
    return slice(operand, starts, limits, strides)


def index_in_dim(operand, index, axis=0, keepdims=True):
    """The slice at a static `index` along `axis` (IndexError when out of bounds)."""
    index, axis = operator.index(index), operator.index(axis)
    size = _shape_of(operand)[axis]
    wrapped = index + size if index < 0 else index
    if not 0 <= wrapped < size:
        raise IndexError(f"index {index} is out of bounds for axis {axis} with size {size}")
    result = slice_in_dim(operand, wrapped, wrapped + 1, 1, axis)
    if keepdims:
        return result
    return squeeze(result, (axis,))


# --- dynamic_slice -----------------------------------------------------------------------

def _clamped_starts(shape, starts, sizes):
    # Python ints: clamping in NumPy's integer dtypes could overflow (int8 starts).
    return [min(max(int(s), 0), d - n) for s, d, n in zip(starts, shape, sizes)]


def _dynamic_slice_impl(xp, operand, *starts, slice_sizes):
    begin = _clamped_starts(operand.shape, starts, slice_sizes)
    window = tuple(builtins.slice(b, b + n) for b, n in zip(begin, slice_sizes))
    return operand[window].copy()


def _check_start_avals(name: str, operand, starts) -> None:
    if len(starts) != len(operand.shape):
        raise TypeError(f"{name} start_indices must have length equal to the number of "
                        f"dimensions of the operand, got {len(starts)} indices for operand "
                        f"shape {operand.shape}.")
    if any(s.shape != () for s in starts):
        raise TypeError(f"start_indices arguments to {name} must be scalars, got indices "
                        f"{[str(s) for s in starts]}")
    if any(s.dtype != starts[0].dtype or not dtypes.is_integer(s.dtype) for s in starts):
        raise TypeError(f"index arguments to {name} must be integers of the same type, got: "
                        f"{', '.join(s.dtype.name for s in starts)}")


def _dynamic_slice_abstract_eval(operand, *starts, slice_sizes):
    _check_start_avals("dynamic_slice", operand, starts)
    if len(slice_sizes) != len(operand.shape):
        raise TypeError("dynamic_slice slice_sizes must have the same length as start_indices, "
                        f"got start_indices length {len(starts)} and slice_sizes "
                        f"{slice_sizes}.")
    if any(n > d for n, d in zip(slice_sizes, operand.shape)):
        raise TypeError("slice slice_sizes must be less than or equal to operand shape, got "
                        f"slice_sizes {slice_sizes} for operand shape {operand.shape}.")
    if any(n < 0 for n in slice_sizes):
        raise TypeError("slice slice_sizes must be greater than or equal to zero, got "
                        f"slice_sizes of {slice_sizes}.")
    return ShapedArray(slice_sizes, operand.dtype, operand.weak_type)


def _dynamic_slice_transpose(ct, operand, *starts, slice_sizes):
    # ct written into zeros at the same starts: dynamic_update_slice clamps them exactly
    # as dynamic_slice did (the window has the same size).
    if is_zero(ct):
        return [None] * (1 + len(starts))
    aval = operand.aval
    zeros = full(aval.shape, 0, aval.dtype)
    return [dynamic_update_slice_p.bind(zeros, ct, *starts)] + [None] * len(starts)


def _dynamic_slice_batch(axis, args, dims, *, slice_sizes):
    operand, *starts = args
    bdim, start_dims = dims[0], dims[1:]
    if all(d is not_mapped for d in start_dims):
        # Every member is sliced at the same starts: the batch dimension is sliced whole.
        size = shape_of(operand)[bdim]
        return dynamic_slice_p.bind(operand, *insert_at(starts, bdim, _zero_start(starts)),
                                    slice_sizes=insert_at(slice_sizes, bdim, size)), bdim
    # Starts that differ per member: a gather of one window per member (XLA clamps a
    # gather's starts in CLIP mode exactly as dynamic_slice's). A batched operand is
    # paired with the indices through batching dimensions, and the result keeps the
    # operand's batch position.
    from .gather_scatter import GatherDimensionNumbers, GatherScatterMode, gather
    member_aval(_dynamic_slice_abstract_eval, args, dims, slice_sizes=slice_sizes)
    indices = _start_indices(starts, start_dims, axis.size)
    rank = len(slice_sizes)
    out_bdim = 0 if bdim is not_mapped else bdim
    offset_dims = tuple(d for d in range(rank + 1) if d != out_bdim)
    if bdim is not_mapped:
        dnums = GatherDimensionNumbers(offset_dims=offset_dims, collapsed_slice_dims=(),
                                       start_index_map=tuple(range(rank)))
        sizes = tuple(slice_sizes)
    else:
        dnums = GatherDimensionNumbers(
            offset_dims=offset_dims, collapsed_slice_dims=(),
            start_index_map=axes_past(range(rank), bdim),
            operand_batching_dims=(bdim,), start_indices_batching_dims=(0,))
        sizes = insert_at(slice_sizes, bdim, 1)
    return gather(operand, indices, dnums, sizes, mode=GatherScatterMode.CLIP), out_bdim


# Linear in the operand; the start indices are integers, so their tangents are always
# symbolic zeros and LINEAR_JVP's "first operand only" holds.
def _physical_starts(starts, tail):
    """The starts of a dynamic slice of extended arrays' data: 0 along their words."""
    zero = _zero_like_index(starts[0]) if starts else 0
    return (*starts, *(zero,) * len(tail))


def _dynamic_slice_physical(args, *, slice_sizes):
    (data,), like, trail = extended_operands("dynamic_slice", args[:1])
    tail = tuple(data.shape[len(data.shape) - trail:])
    return like._from_physical(dynamic_slice_p.bind(
        data, *_physical_starts(args[1:], tail), slice_sizes=(*slice_sizes, *tail)))


dynamic_slice_p = standard("dynamic_slice", _dynamic_slice_impl, _dynamic_slice_abstract_eval,
                           jvp=LINEAR_JVP, transpose=_dynamic_slice_transpose,
                           batch=_dynamic_slice_batch, physical=_dynamic_slice_physical)


def _dynamic_update_slice_impl(xp, operand, update, *starts):
    out = np.array(operand, copy=True)  # a writable ndarray even for a NumPy scalar
    begin = _clamped_starts(operand.shape, starts, update.shape)
    out[tuple(builtins.slice(b, b + n) for b, n in zip(begin, update.shape))] = update
    return out


def _dynamic_update_slice_abstract_eval(operand, update, *starts):
    if len(update.shape) != len(operand.shape):
        raise TypeError("dynamic_update_slice update must have the same rank as operand, got "
                        f"update shape {update.shape} for operand shape {operand.shape}.")
    _check_start_avals("dynamic_update_slice", operand, starts)
    if any(u > d for u, d in zip(update.shape, operand.shape)):
        raise TypeError("dynamic_update_slice update shape must be smaller than operand shape, "
                        f"got update shape {update.shape} for operand shape {operand.shape}.")
    check_same_dtypes("dynamic_update_slice", (operand, update))
    weak = operand.weak_type and update.weak_type and all(s.weak_type for s in starts)
    return ShapedArray(operand.shape, operand.dtype, weak)


def _dynamic_update_slice_jvp(primals, tangents):
    # Linear in the operand and the update together, at the same (integer) starts.
    starts = primals[2:]
    ans = dynamic_update_slice_p.bind(*primals)
    t_operand, t_update = tangents[:2]
    if is_zero(t_operand) and is_zero(t_update):
        return ans, zero_tangent_like(ans)
    from ..transforms.jvp import instantiate
    return ans, dynamic_update_slice_p.bind(instantiate(t_operand), instantiate(t_update),
                                            *starts)


def _dynamic_update_slice_transpose(ct, operand, update, *starts):
    # The operand's cotangent is ct with the update's window zeroed (those elements were
    # overwritten); the update's is that window of ct.
    if is_zero(ct):
        return [None] * (2 + len(starts))
    shape = update.aval.shape if is_undefined(update) else _shape_of(update)
    t_operand = t_update = None
    if is_undefined(operand):
        zeros = full(shape, 0, operand.aval.dtype)
        t_operand = dynamic_update_slice_p.bind(ct, zeros, *starts)
    if is_undefined(update):
        t_update = dynamic_slice_p.bind(ct, *starts, slice_sizes=tuple(shape))
    return [t_operand, t_update] + [None] * len(starts)


def _dynamic_update_slice_batch(axis, args, dims):
    operand, update, *starts = args
    operand_bdim, update_bdim, start_dims = dims[0], dims[1], dims[2:]
    size = axis.size
    # Both get the batch dimension where the operand (else the update) has it: every
    # member's result is a different array, and every member writes its own update.
    bdim = operand_bdim if operand_bdim is not not_mapped else \
        update_bdim if update_bdim is not not_mapped else 0
    operand = move_to(operand, operand_bdim, bdim, size)
    update = move_to(update, update_bdim, bdim, size)
    if all(d is not_mapped for d in start_dims):
        # The same starts for every member: the update covers the whole batch dimension.
        starts = insert_at(starts, bdim, _zero_start(starts))
        return dynamic_update_slice_p.bind(operand, update, *starts), bdim
    # Starts that differ per member: a scatter of one window per member, paired with the
    # operand's members through batching dimensions (CLIP clamps as dynamic_update_slice
    # does, so the whole update is always written).
    from .elementwise import convert_element_type_p
    from .gather_scatter import GatherScatterMode, ScatterDimensionNumbers, scatter
    member_aval(_dynamic_update_slice_abstract_eval, args, dims)
    rank = len(shape_of(operand)) - 1
    window = axes_past(range(rank), bdim)
    dnums = ScatterDimensionNumbers(update_window_dims=window, inserted_window_dims=(),
                                    scatter_dims_to_operand_dims=window,
                                    operand_batching_dims=(bdim,),
                                    scatter_indices_batching_dims=(0,))
    indices = _start_indices(starts, start_dims, size)
    out = scatter(operand, indices, update, dnums, indices_are_sorted=False,
                  unique_indices=True, mode=GatherScatterMode.CLIP)
    # dynamic_update_slice is weak only when its update and starts are too; scatter
    # follows the operand alone.
    weak = all(aval_of(x).weak_type for x in args)
    out_aval = aval_of(out)
    if out_aval.weak_type != weak:
        out = convert_element_type_p.bind(out, new_dtype=out_aval.dtype, weak_type=weak)
    return out, bdim


dynamic_update_slice_p = standard("dynamic_update_slice", _dynamic_update_slice_impl,
                                  _dynamic_update_slice_abstract_eval,
                                  jvp=_dynamic_update_slice_jvp,
                                  transpose=_dynamic_update_slice_transpose,
                                  batch=_dynamic_update_slice_batch,
                                  physical=lambda args: _dynamic_update_slice_physical(args))


def _dynamic_update_slice_physical(args):
    (data, update), like, trail = extended_operands("dynamic_update_slice", args[:2])
    tail = tuple(data.shape[len(data.shape) - trail:])
    return like._from_physical(dynamic_update_slice_p.bind(
        data, update, *_physical_starts(args[2:], tail)))


def _wrap_negative(index, size: int, allow_negative: bool):
    """`index + size` where a signed `index` is negative (concrete values stay concrete)."""
    if isinstance(index, (int, np.integer)) and not isinstance(index, (bool, np.bool_)):
        dtype = dtypes.canonicalize_dtype(np.asarray(index).dtype if isinstance(
            index, np.integer) else dtypes.default_int_dtype())
        value = int(index)
        if value < 0 and allow_negative and dtype.kind == "i":
            value += size
        return np.asarray(value, dtype)
    if isinstance(index, np.ndarray):
        index = ArrayImpl(np.asarray(index, dtypes.canonicalize_dtype(index.dtype)), False)
    dtype = _dtype_of(index)
    if not allow_negative or dtype.kind != "i":
        return index
    if type(index) is ArrayImpl:
        buf = index._value
        if buf.ndim == 0 and buf < 0:
            return ArrayImpl(np.asarray(int(buf) + size, buf.dtype), index._weak)
        return index
    if isinstance(index, Tracer) and index.aval.shape == ():
        # Constants as weak as the index, so a traced index keeps its weak type as a
        # concrete one does (the primitive's result is weak only when its starts are).
        weak = index.aval.weak_type
        return select_n(lt(index, ArrayImpl(np.asarray(0, dtype), weak)), index,
                        add(index, ArrayImpl(np.asarray(size, dtype), weak)))
    return index


def _dynamic_slice_indices(shape, start_indices, allow_negative_indices):
    if not isinstance(start_indices, (tuple, list)):
        if len(_shape_of(start_indices)) != 1:
            raise ValueError("Slice indices must be a 1D sequence, got "
                             f"{_shape_of(start_indices)}")
        start_indices = list(start_indices)
    if len(start_indices) != len(shape):
        raise ValueError("Length of slice indices must match number of operand dimensions "
                         f"({len(start_indices)} vs {shape})")
    if isinstance(allow_negative_indices, (bool, np.bool_)):
        allow_negative_indices = [bool(allow_negative_indices)] * len(shape)
    return [_wrap_negative(i, d, allow)
            for i, d, allow in zip(start_indices, shape, allow_negative_indices)]


def dynamic_slice(operand, start_indices, slice_sizes, *, allow_negative_indices=True):
    """The window of `slice_sizes` at runtime `start_indices`, clamped to fit the operand."""
    starts = _dynamic_slice_indices(_shape_of(operand), start_indices, allow_negative_indices)
    sizes = _int_tuple("dynamic_slice", "slice_sizes", slice_sizes)
    return dynamic_slice_p.bind(operand, *starts, slice_sizes=sizes)


def dynamic_update_slice(operand, update, start_indices, *, allow_negative_indices=True):
    """`operand` with `update` written at runtime `start_indices` (clamped to fit)."""
    starts = _dynamic_slice_indices(_shape_of(operand), start_indices, allow_negative_indices)
    return dynamic_update_slice_p.bind(operand, update, *starts)


def _zero_like_index(index):
    """A zero start for the other axes, of the index's dtype (dynamic_slice wants one)."""
    if isinstance(index, int):
        return 0
    return np.zeros((), _dtype_of(index))


def dynamic_slice_in_dim(operand, start_index, slice_size, axis=0, *,
                         allow_negative_indices=True):
    """dynamic_slice along one axis: operand[..., start:start + slice_size, ...]."""
    shape = _shape_of(operand)
    axis = operator.index(axis)
    starts = [_zero_like_index(start_index)] * len(shape)
    starts[axis] = start_index
    sizes = list(shape)
    sizes[axis] = operator.index(slice_size)
    return dynamic_slice(operand, starts, sizes, allow_negative_indices=allow_negative_indices)


def dynamic_index_in_dim(operand, index, axis=0, keepdims=True, *,
                         allow_negative_indices=True):
    """The slice at a runtime `index` along `axis` (clamped into range)."""
    result = dynamic_slice_in_dim(operand, index, 1, axis,
                                  allow_negative_indices=allow_negative_indices)
    if keepdims:
        return result
    return squeeze(result, (operator.index(axis),))


def dynamic_update_slice_in_dim(operand, update, start_index, axis, *,
                                allow_negative_indices=True):
    """dynamic_update_slice along one axis, at a runtime `start_index`."""
    axis = operator.index(axis)
    starts = [_zero_like_index(start_index)] * len(_shape_of(operand))
    starts[axis] = start_index
    return dynamic_update_slice(operand, update, starts,
                                allow_negative_indices=allow_negative_indices)


def dynamic_update_index_in_dim(operand, update, index, axis, *, allow_negative_indices=True):
    """Write `update` (with or without the size-1 `axis`) at a runtime `index` along `axis`."""
    axis = operator.index(axis)
    if len(_shape_of(update)) != len(_shape_of(operand)):
        update = expand_dims(update, (axis,))
    return dynamic_update_slice_in_dim(operand, update, index, axis,
                                       allow_negative_indices=allow_negative_indices)


__all__ = ["slice_p", "dynamic_slice_p", "dynamic_update_slice_p", "slice", "slice_in_dim",
           "index_in_dim", "dynamic_slice", "dynamic_update_slice", "dynamic_slice_in_dim",
           "dynamic_index_in_dim", "dynamic_update_slice_in_dim", "dynamic_update_index_in_dim"]
