"""jnp.take and jnp.take_along_axis: one gather each, with JAX's index modes (fill by
default for take, clip and wrap on request) and error messages."""
from __future__ import annotations

import operator

import numpy as np

from ..core import dtypes
from ..core.array import Array, ArrayImpl
from ..core.interpreters import Tracer
from ..primitives import gather_scatter as gs
from ..primitives import shape as lax_shape
from ..primitives.elementwise import add, lt, select_n
from ..primitives.gather_scatter import GatherDimensionNumbers, GatherScatterMode
from ._promote import asarray_const, check_arraylike, convert_to
from .indexing import (_broadcast_to, _concrete_buffer, _dtype, _full, _index_dtype, _ndim,
                       _shape)

__all__ = ["take", "take_along_axis"]


# --- take, take_along_axis ---------------------------------------------------------------

def _take_mode(name, mode, indices, axis_size):
    if mode is None or mode == "fill":
        return GatherScatterMode.FILL_OR_DROP, _wrap_indices(indices, axis_size)
    if mode == "raise":
        raise NotImplementedError(f"The 'raise' mode to jnp.{name} is not supported.")
    if mode == "wrap":
        from .ufuncs import remainder
        return GatherScatterMode.PROMISE_IN_BOUNDS, remainder(
            indices, np.asarray(axis_size, _dtype(indices)))
    if mode == "clip":
        return GatherScatterMode.CLIP, indices
    raise ValueError(f"Invalid mode '{mode}' for np.{name}")


def _wrap_indices(indices, size):
    """Negative (signed) indices plus `size`, elementwise (small int types widened to int32
    first, so that the sum fits)."""
    dtype = _dtype(indices)
    if dtype.kind != "i":
        return indices
    wide = np.promote_types(dtype, np.int32)
    if isinstance(indices, Tracer):
        if wide != dtype:
            indices = convert_to(indices, wide)
        return select_n(lt(indices, np.asarray(0, wide)), indices,
                        add(indices, np.asarray(size, wide)))
    buf = _concrete_buffer(indices).astype(wide)
    return ArrayImpl(np.where(buf < 0, buf + np.asarray(size, wide), buf), False)


def take(a, indices, axis=None, out=None, mode=None, unique_indices=False,
         indices_are_sorted=False, fill_value=None):
    """Elements of `a` at `indices` along `axis` (flattened when None); out-of-bounds
    indices give `fill_value` (NaN, INT_MIN, UINT_MAX or True) by default."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.take is not supported.")
    check_arraylike("take", a, indices)
    a, indices = _as_array(a), _as_array(indices)
    if _dtype(indices) == dtypes.bool_:  # (JAX takes booleans as the indices 0 and 1)
        indices = convert_to(indices, dtypes.default_int_dtype())
    elif not dtypes.is_integer(_dtype(indices)):
        raise ValueError(f"take: indices must have an integer type, got {_dtype(indices).name}")
    if axis is None:
        a = lax_shape.reshape(a, (int(np.prod(_shape(a))),))
        axis = 0
    shape = _shape(a)
    axis = _canonical_axis(axis, len(shape))
    index_shape = _shape(indices)
    if shape[axis] == 0:
        if int(np.prod(index_shape)) != 0:
            raise IndexError("Cannot do a non-empty jnp.take() from an empty axis.")
        return a
    out_shape = shape[:axis] + index_shape + shape[axis + 1:]
    if 0 in index_shape:
        return _full(out_shape, _dtype(a), dtypes.dtype_and_weak(a)[1], 0)
    gather_mode, indices = _take_mode("take", mode, indices, shape[axis])
    nidx = len(index_shape)
    dnums = GatherDimensionNumbers(
        offset_dims=tuple(range(axis)) + tuple(range(axis + nidx, len(shape) + nidx - 1)),
        collapsed_slice_dims=(axis,), start_index_map=(axis,))
    sizes = tuple(1 if d == axis else n for d, n in enumerate(shape))
    return gs.gather(a, lax_shape.expand_dims(indices, (nidx,)), dnums, sizes, mode=gather_mode,
                     fill_value=fill_value, unique_indices=unique_indices,
                     indices_are_sorted=indices_are_sorted)


def take_along_axis(arr, indices, axis=-1, mode=None, fill_value=None, *,
                    wrap_negative_indices=None):
    """arr's elements at `indices` along `axis`, matched up with arr along the other axes."""
    check_arraylike("take_along_axis", arr, indices)
    a, indices = _as_array(arr), _as_array(indices)
    if not dtypes.is_integer(_dtype(indices)):
        raise TypeError(f"take_along_axis indices must be of integer type, got "
                        f"{_dtype(indices).name}")
    if axis is None:
        if _ndim(indices) != 1:
            raise ValueError(f"take_along_axis indices must be 1D if axis=None, got shape "
                             f"{_shape(indices)}")
        a = lax_shape.reshape(a, (int(np.prod(_shape(a))),))
        axis = 0
    rank = _ndim(a)
    if rank != _ndim(indices):
        raise ValueError("indices and arr must have the same number of dimensions; "
                         f"{_ndim(indices)} vs. {rank}")
    axis = _canonical_axis(axis, rank)
    index_dtype = _index_dtype(_shape(a))
    if _dtype(indices) != index_dtype:
        indices = convert_to(indices, index_dtype)
    a_shape, idx_shape = _shape(a), _shape(indices)
    arr_shape = a_shape[:axis] + (1,) + a_shape[axis + 1:]
    out_shape = np.broadcast_shapes(idx_shape, arr_shape)
    if a_shape[axis] == 0:
        return _full(out_shape, _dtype(a), dtypes.dtype_and_weak(a)[1], 0)
    wrap = (mode != "promise_in_bounds") if wrap_negative_indices is None else \
        bool(wrap_negative_indices)
    if wrap:
        indices = _wrap_indices(indices, a_shape[axis])
    # Along each other axis: a size-1 index axis takes all of arr (an offset dim), a size-1
    # arr axis is squeezed away (indices range over it), equal sizes batch together.
    index_dims = [i for i in range(rank) if i == axis or idx_shape[i] != 1]
    offset_dims, slice_sizes, squeezed = [], [], []
    operand_batching, indices_batching = [], []
    operand_dim = indices_dim = 0
    start_map = None
    for i in range(rank):
        if i == axis:
            start_map = operand_dim
            slice_sizes.append(1)
            operand_dim += 1
            indices_dim += 1
        elif idx_shape[i] == 1:
            offset_dims.append(i)
            slice_sizes.append(arr_shape[i])
            operand_dim += 1
        elif arr_shape[i] == 1:
            squeezed.append(i)
            indices_dim += 1
        else:
            slice_sizes.append(min(1, arr_shape[i]))
            operand_batching.append(operand_dim)
            indices_batching.append(indices_dim)
            operand_dim += 1
            indices_dim += 1
    if squeezed:
        a = lax_shape.squeeze(a, squeezed)
    gather_index_shape = tuple(out_shape[i] for i in index_dims) + (1,)
    indices = _broadcast_to(lax_shape.reshape(indices, tuple(idx_shape[i] for i in index_dims)
                                              + (1,)), gather_index_shape)
    dnums = GatherDimensionNumbers(offset_dims=tuple(offset_dims),
                                   collapsed_slice_dims=(start_map,),
                                   start_index_map=(start_map,),
                                   operand_batching_dims=tuple(operand_batching),
                                   start_indices_batching_dims=tuple(indices_batching))
    return gs.gather(a, indices, dnums, tuple(slice_sizes),
                     mode="fill" if mode is None else mode, fill_value=fill_value)


def _as_array(x):
    if isinstance(x, Array):
        return x
    if type(x) in dtypes.python_scalar_types:
        dtype, weak = dtypes.dtype_and_weak(x)
        return ArrayImpl(np.asarray(x, dtype)[()], weak)
    return asarray_const(np.asarray(x))


def _canonical_axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis
