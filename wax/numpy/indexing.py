"""NumPy-style indexing of wax arrays: `x[idx]`, `x.at[idx].set/add/...` and iteration
(`take` and `take_along_axis` are in taking.py).

An index is parsed once into entries (ints, slices, newaxes, integer arrays; concrete
boolean masks become integer arrays) and then lowered:
  * ints and slices only, all static: `slice` (+ `rev` for negative steps, `squeeze`
    for ints, `expand_dims` for None);
  * plus scalar integer tracers: the static slicing, then `dynamic_slice`;
  * anything else (integer arrays, out-of-bounds modes): one `gather`, whose dimension
    numbers `_Indexer` builds; `.at[...]` updates use the same indexer with a `scatter`.
Out of bounds, reads clamp (JAX's promise_in_bounds) and updates are dropped; negative
indices wrap once, so x.at[-10].set(...) on 5 elements is dropped too.
"""
from __future__ import annotations

import operator
import warnings
from typing import NamedTuple

import numpy as np

from ..core import dtypes
from ..core.array import Array, ArrayImpl
from ..core.avals import broadcast_shapes
from ..core.errors import NonConcreteBooleanIndexError
from ..core.interpreters import EVAL_TRACE, Tracer, current_trace
from ..primitives import gather_scatter as gs
from ..primitives import indexing as slicing
from ..primitives import shape as lax_shape
from ..primitives.elementwise import add, lt, select_n
from ..primitives.gather_scatter import (GatherDimensionNumbers, GatherScatterMode,
                                         ScatterDimensionNumbers)
from ._promote import asarray_const, convert_to, promote_dtypes
from .creation import asarray

_BASIC_TYPES = frozenset((int, slice, type(None), type(Ellipsis)))
_INT32_MAX = np.iinfo(np.int32).max
_INT_BOUNDS = {np.dtype(t): (int(np.iinfo(t).min), int(np.iinfo(t).max))
               for t in (np.int32, np.int64)}


def _shape(x) -> tuple:
    aval = getattr(x, "aval", None)
    return aval.shape if aval is not None else np.shape(x)


def _ndim(x) -> int:
    return len(_shape(x))


def _dtype(x) -> np.dtype:
    return dtypes.dtype_and_weak(x)[0]


# --- parsing an index -------------------------------------------------------------------

class _Entry(NamedTuple):
    """One parsed index entry. kind: 'int' (value: Python int), 'dyn' (0-d integer
    tracer), 'array' (integer np.ndarray or tracer), 'mask' (boolean array, until
    expanded), 'bool' (a scalar bool), 'slice', 'none' or 'ellipsis'."""
    kind: str
    value: object


def _concrete_buffer(value):
    """The NumPy value of a concrete array, or None for a tracer without one."""
    if type(value) is ArrayImpl:
        return value._value
    if isinstance(value, Tracer):
        concrete = value.to_concrete_value()
        return None if concrete is None else np.asarray(concrete)
    return np.asarray(value)


def _float_index_error(position, dtype, value):
    return TypeError("Indexer must have integer or boolean type, got indexer with type "
                     f"{dtype.name} at position {position}, indexer value {value}")


def _parse_entry(position, e):
    if e is None:
        return _Entry("none", None)
    if e is Ellipsis:
        return _Entry("ellipsis", None)
    if isinstance(e, slice):
        return _Entry("slice", e)
    if isinstance(e, (bool, np.bool_)):
        return _Entry("bool", bool(e))
    if isinstance(e, (int, np.integer)):
        return _Entry("int", int(e))
    if isinstance(e, str):
        raise TypeError(f"JAX does not support string indexing; got idx={e!r}")
    if isinstance(e, (list, tuple)):
        e = asarray(e) if e else np.zeros(0, np.int32)
    if isinstance(e, (float, complex)):
        raise _float_index_error(position, dtypes.dtype_and_weak(e)[0], e)
    if isinstance(e, (Array, np.ndarray, np.generic)):
        dtype = dtypes.canonicalize_dtype(e.dtype)
        if dtype.kind == "b":
            return _Entry("mask", e)
        if dtype.kind not in "iu":
            raise _float_index_error(position, dtype, e)
        if isinstance(e, Tracer):
            return _Entry("dyn" if e.aval.shape == () else "array", e)
        buf = _concrete_buffer(e)
        if buf.ndim == 0:
            return _Entry("int", int(buf))
        return _Entry("array", np.asarray(buf, dtype))
    if hasattr(e, "__index__"):
        return _Entry("int", operator.index(e))
    raise IndexError(f"Indexing mode not yet supported. Got unsupported indexer at position "
                     f"{position}: {e!r}")


def _expand_masks(entries, shape):
    """Concrete boolean masks become their nonzero() integer arrays (0-d ones, scalar bools)."""
    if not any(e.kind == "mask" for e in entries):
        return entries
    consumed = sum(_ndim(e.value) if e.kind == "mask" else 1 for e in entries
                   if e.kind not in ("none", "ellipsis", "bool"))
    out, dim = [], 0
    for position, e in enumerate(entries):
        if e.kind == "ellipsis":
            dim += len(shape) - consumed
        if e.kind != "mask":
            out.append(e)
            if e.kind not in ("none", "ellipsis", "bool"):
                dim += 1
            continue
        mask = _concrete_buffer(e.value)
        if mask is None:
            raise NonConcreteBooleanIndexError(e.value)
        if mask.ndim == 0:
            out.append(_Entry("bool", bool(mask)))
            continue
        expected = tuple(shape[dim:dim + mask.ndim])
        if len(expected) != mask.ndim:
            raise IndexError(f"too many boolean indices at index {position}: got mask of shape "
                             f"{mask.shape}, but only {len(expected)} dimensions remain.")
        if any(m not in (0, s) for m, s in zip(mask.shape, expected)):
            raise IndexError("boolean index did not match shape of indexed array in index "
                             f"{position}: got {mask.shape}, expected {expected}")
        out.extend(_Entry("array", np.asarray(nz, np.int32)) for nz in np.nonzero(mask))
        dim += mask.ndim
    return out


def _parse_index(idx, shape):
    """(entries, advanced_contiguous, bool_dims): entries cover every dimension of the
    operand once its size-1 `bool_dims` (for scalar-bool indices) are inserted."""
    if not isinstance(idx, tuple):
        if isinstance(idx, list):
            raise TypeError("Using a non-tuple sequence for multidimensional indexing is not "
                            "allowed; use `arr[array(seq)]` instead of `arr[seq]`. See "
                            "https://github.com/jax-ml/jax/issues/4564 for more information.")
        idx = (idx,)
    entries = _expand_masks([_parse_entry(i, e) for i, e in enumerate(idx)], shape)
    # Advanced entries separated by anything (None and ... included) go to the front,
    # decided before the ellipsis is expanded, as NumPy does.
    advanced_positions = [i for i, e in enumerate(entries)
                          if e.kind in ("int", "dyn", "array", "bool")]
    contiguous = all(b - a == 1 for a, b in zip(advanced_positions, advanced_positions[1:]))
    consumed = sum(e.kind not in ("none", "ellipsis", "bool") for e in entries)
    if consumed > len(shape):
        word = "index" if consumed == 1 else "indices"
        raise IndexError(f"Too many indices: {len(shape)}-dimensional array indexed with "
                         f"{consumed} regular {word}.")
    ellipses = [i for i, e in enumerate(entries) if e.kind == "ellipsis"]
    if len(ellipses) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    fill = [_Entry("slice", slice(None))] * (len(shape) - consumed)
    if ellipses:
        entries = entries[:ellipses[0]] + fill + entries[ellipses[0] + 1:]
    else:
        entries = entries + fill
    bool_dims, dim = [], 0
    for i, e in enumerate(entries):
        if e.kind == "bool":
            bool_dims.append(dim)
            entries[i] = _Entry("array", np.arange(int(e.value), dtype=np.int32))
        if e.kind != "none":
            dim += 1
    if any(e.kind == "array" for e in entries):
        entries = [_Entry("array", np.asarray(e.value)) if e.kind == "int" else
                   _Entry("array", e.value) if e.kind == "dyn" else e for e in entries]
    return entries, contiguous, tuple(bool_dims)


def _slice_bounds(s: slice, size: int):
    """(start, step, count) of a static slice on an axis of `size`."""
    for bound in (s.start, s.stop, s.step):
        if isinstance(bound, Tracer) and bound.to_concrete_value() is None:
            raise IndexError("Array slice indices must have static start/stop/step to be used "
                             "with NumPy indexing syntax. Found slice("
                             f"{s.start}, {s.stop}, {s.step}). To index a statically sized "
                             "array at a dynamic position, try lax.dynamic_slice/"
                             "dynamic_update_slice (JAX does not support dynamically sized "
                             "arrays within JIT compiled functions).")
    start, stop, step = s.indices(size)
    return start, step, len(range(start, stop, step))


def _wrap_static(i: int, size: int) -> int:
    return i + size if i < 0 else i


# --- reads: x[idx] ------------------------------------------------------------------------

def getitem(arr, idx):
    """arr[idx] with NumPy's indexing rules and JAX's out-of-bounds behaviour (clamping)."""
    if type(arr) is ArrayImpl and current_trace() is EVAL_TRACE:
        # Eager short path: NumPy's basic indexing gives the same result as slice/squeeze.
        buf = arr._buf
        kind = type(idx)
        if buf is not None and (kind is int or kind is slice or (
                kind is tuple and all(type(i) in _BASIC_TYPES for i in idx))):
            try:
                out = buf[idx]
            except IndexError:
                pass  # out of bounds (clamped below) or too many indices (JAX's error)
            else:
                # A view is safe: buffers are never written (__array__ hands out read-only
                # views, and executors allocate their outputs).
                return ArrayImpl(out, arr._weak)
    return rewriting_take(arr, idx)


def rewriting_take(arr, idx, indices_are_sorted=False, unique_indices=False, mode=None,
                   fill_value=None):
    """arr[idx] lowered to slice/dynamic_slice when it can be, to gather otherwise."""
    if not isinstance(arr, Array):
        arr = asarray_const(np.asarray(arr))
    shape = _shape(arr)
    entries, contiguous, bool_dims = _parse_index(idx, shape)
    parsed_mode = None if mode is None else GatherScatterMode.from_any(mode)
    clamps = parsed_mode in (None, GatherScatterMode.PROMISE_IN_BOUNDS, GatherScatterMode.CLIP)
    kinds = {e.kind for e in entries}
    if not bool_dims and "array" not in kinds:
        ints_ok = clamps or all(0 <= _wrap_static(e.value, n) < n for e, n in zip(
            (e for e in entries if e.kind != "none"), shape) if e.kind == "int")
        if "dyn" not in kinds and ints_ok:
            return _static_take(arr, entries)
        if clamps and ints_ok:
            return _dynamic_take(arr, entries)
    if fill_value is not None:
        value = _concrete_buffer(fill_value)
        if value is None or np.ndim(value) != 0:
            raise ValueError("fill_value argument to indexed get() must be a scalar")
        fill_value = value.item() if isinstance(value, (np.ndarray, np.generic)) else value
    if bool_dims:
        arr = lax_shape.expand_dims(arr, bool_dims)
    indexer = _Indexer.build(_shape(arr), entries, contiguous)
    if 0 in indexer.slice_shape:
        return _full(indexer.slice_shape, _dtype(arr), dtypes.dtype_and_weak(arr)[1], 0)
    y = arr
    if indexer.has_indices:
        y = gs.gather(arr, indexer.indices, indexer.dnums, indexer.slice_sizes,
                      unique_indices=unique_indices or indexer.unique,
                      indices_are_sorted=indices_are_sorted or indexer.unique,
                      mode=parsed_mode, fill_value=fill_value)
    if indexer.newaxis_dims:
        y = lax_shape.expand_dims(y, indexer.newaxis_dims)
    return y


def _static_take(arr, entries):
    """Static ints and slices: one `slice`, then `rev`, `squeeze` and `expand_dims`."""
    shape = _shape(arr)
    starts, limits, strides = [], [], []
    reversed_dims, squeezed, newaxes = [], [], []
    dim = out_pos = 0
    for e in entries:
        if e.kind == "none":
            newaxes.append(out_pos)
            out_pos += 1
            continue
        size = shape[dim]
        if e.kind == "int":
            if size == 0:
                raise IndexError(f"index is out of bounds for axis {dim} with size 0")
            i = min(max(_wrap_static(e.value, size), 0), size - 1)  # clamped, as JAX's
            starts.append(i), limits.append(i + 1), strides.append(1)
            squeezed.append(dim)
        else:
            start, step, count = _slice_bounds(e.value, size)
            if count == 0:
                start, limit, step = 0, 0, 1
            elif step > 0:
                limit = start + (count - 1) * step + 1
            else:
                start, limit, step = start + (count - 1) * step, start + 1, -step
                if count > 1:
                    reversed_dims.append(dim)
            starts.append(start), limits.append(limit), strides.append(step)
            out_pos += 1
        dim += 1
    y = arr
    if any(starts) or tuple(limits) != tuple(shape) or any(s != 1 for s in strides):
        y = slicing.slice(y, starts, limits,
                          None if all(s == 1 for s in strides) else strides)
    if reversed_dims:
        y = lax_shape.rev(y, reversed_dims)
    if squeezed:
        y = lax_shape.squeeze(y, squeezed)
    if newaxes:
        y = lax_shape.expand_dims(y, newaxes)
    return y


def _dynamic_take(arr, entries):
    """Scalar integer tracers among static ints/slices: static slicing, then dynamic_slice."""
    sliced = [e if e.kind == "slice" else _Entry("slice", slice(None)) for e in entries
              if e.kind != "none"]
    y = _static_take(arr, sliced)
    shape = _shape(y)
    index_dtype = _index_dtype(shape)
    starts, sizes, squeezed, newaxes = [], [], [], []
    dim = out_pos = 0
    for e in entries:
        if e.kind == "none":
            newaxes.append(out_pos)
            out_pos += 1
            continue
        if e.kind == "slice":
            starts.append(np.asarray(0, index_dtype))
            sizes.append(shape[dim])
            out_pos += 1
        else:
            if shape[dim] == 0:
                raise IndexError(f"index is out of bounds for axis {dim} with size 0")
            value = e.value
            if e.kind == "int":
                value = np.asarray(_wrap_static(value, shape[dim]), index_dtype)
            elif _dtype(value) != index_dtype:
                value = convert_to(value, index_dtype)
            starts.append(value)
            sizes.append(1)
            squeezed.append(dim)
        dim += 1
    y = slicing.dynamic_slice(y, starts, sizes)
    y = lax_shape.squeeze(y, squeezed)
    if newaxes:
        y = lax_shape.expand_dims(y, newaxes)
    return y


def _index_dtype(shape):
    """int32 unless a dimension needs more (as JAX's indexing does, x64 or not)."""
    if any(d > _INT32_MAX for d in shape) and dtypes.canonicalize_dtype(np.int64) == np.int64:
        return np.dtype(np.int64)
    return np.dtype(np.int32)


def _full(shape, dtype, weak, value):
    return lax_shape.broadcast_in_dim(ArrayImpl(np.asarray(value, dtype)[()], weak),
                                      tuple(shape), ())


class _Indexer(NamedTuple):
    """A gather (or, transposed, a scatter) equivalent to a parsed NumPy index."""
    indices: object          # gather indices: np.ndarray or traced array, batch + (k,)
    has_indices: bool        # False when no index vector is needed (only full slices)
    dnums: GatherDimensionNumbers
    slice_sizes: tuple
    slice_shape: tuple       # x[idx].shape, newaxis dims included
    newaxis_dims: tuple      # positions of None in slice_shape
    unique: bool             # no advanced index: windows cannot repeat

    @staticmethod
    def build(shape, entries, contiguous):
        index_dtype = _index_dtype(shape)
        advanced = [(i, e) for i, e in enumerate(entries) if e.kind == "array"]
        first_advanced = (advanced[0][0] if contiguous else 0) if advanced else None
        components = []          # (value, batch dim its last dim aligns before)
        batch_shape, slice_shape, newaxis_dims = [], [], []
        offset_dims, collapsed, start_index_map, slice_sizes = [], [], [], []
        dim = gather_pos = 0
        for pos, e in enumerate(entries):
            if pos == first_advanced:
                arrays = [_normalize(a.value, shape[d], index_dtype)
                          for a, d in zip((a for _, a in advanced), _advanced_dims(entries))]
                block = broadcast_shapes(*(_shape(a) for a in arrays))
                for a, d in zip(arrays, _advanced_dims(entries)):
                    components.append((a, len(batch_shape) + len(block)))
                    start_index_map.append(d)
                    collapsed.append(d)
                batch_shape.extend(block)
                slice_shape.extend(block)
                gather_pos += len(block)
            if e.kind == "none":
                newaxis_dims.append(len(slice_shape))
                slice_shape.append(1)
                continue
            size = shape[dim]
            if e.kind == "array":
                slice_sizes.append(1)
            elif e.kind in ("int", "dyn"):
                if size == 0:
                    raise IndexError(f"index is out of bounds for axis {dim} with size 0")
                components.append((_normalize(e.value, size, index_dtype), len(batch_shape)))
                start_index_map.append(dim)
                collapsed.append(dim)
                slice_sizes.append(1)
            else:
                start, step, count = _slice_bounds(e.value, size)
                slice_shape.append(count)
                if step == 1:
                    if count != size:
                        components.append((start, len(batch_shape)))
                        start_index_map.append(dim)
                    slice_sizes.append(count)
                    offset_dims.append(gather_pos)
                else:
                    components.append((start + step * np.arange(count, dtype=np.int64),
                                       len(batch_shape) + 1))
                    batch_shape.append(count)
                    start_index_map.append(dim)
                    collapsed.append(dim)
                    slice_sizes.append(1)
                gather_pos += 1
            dim += 1
        dnums = GatherDimensionNumbers(offset_dims=tuple(offset_dims),
                                       collapsed_slice_dims=tuple(sorted(collapsed)),
                                       start_index_map=tuple(start_index_map))
        indices = _stack_components(components, tuple(batch_shape), index_dtype)
        return _Indexer(indices, bool(components), dnums, tuple(slice_sizes),
                        tuple(slice_shape), tuple(newaxis_dims), not advanced)


def _advanced_dims(entries):
    dims, dim = [], 0
    for e in entries:
        if e.kind == "none":
            continue
        if e.kind == "array":
            dims.append(dim)
        dim += 1
    return dims


def _normalize(value, size, index_dtype):
    """An index with negative values wrapped once, in `index_dtype` (a NumPy array when
    concrete; concrete values beyond the dtype's range are clipped, staying out of bounds)."""
    if isinstance(value, Tracer):
        kind = value.aval.dtype.kind
        if value.aval.dtype != index_dtype:
            value = convert_to(value, index_dtype)
        if kind == "u":
            return value
        return select_n(lt(value, np.asarray(0, index_dtype)), value,
                        add(value, np.asarray(size, index_dtype)))
    if type(value) is int:
        value = value + size if value < 0 else value
        return min(max(value, _INT_BOUNDS[index_dtype][0]), _INT_BOUNDS[index_dtype][1])
    value = np.asarray(value)
    if value.dtype.kind == "i" and (value < 0).any():
        value = np.where(value < 0, value.astype(np.int64) + size, value)
    if value.dtype.itemsize > index_dtype.itemsize or (
            value.dtype.kind == "u" and value.dtype.itemsize == index_dtype.itemsize):
        low, high = _INT_BOUNDS[index_dtype]
        if value.dtype.kind == "i":
            value = np.maximum(value, low)
        value = np.minimum(value, high)
    return value.astype(index_dtype)


def _stack_components(components, batch_shape, index_dtype):
    """The gather indices: each component broadcast over batch_shape (right-aligned, as
    NumPy broadcasts, to the batch dim it ends before), stacked along a new last dim."""
    k, rank = len(components), len(batch_shape)
    if all(not isinstance(c, Tracer) for c, _ in components):
        out = np.empty(batch_shape + (k,), index_dtype)
        for j, (value, end) in enumerate(components):
            value = np.asarray(value)
            full = [1] * rank
            full[end - value.ndim:end] = value.shape
            out[..., j] = value.reshape(full)
        out.flags.writeable = False
        return out
    pieces = []
    for value, end in components:
        ndim = _ndim(value)
        if not isinstance(value, Tracer):
            value = asarray_const(np.asarray(value, index_dtype))
        pieces.append(lax_shape.broadcast_in_dim(value, batch_shape + (1,),
                                                 tuple(range(end - ndim, end))))
    return pieces[0] if k == 1 else lax_shape.concatenate(pieces, rank)


# --- updates: x.at[idx].set(y) and friends -------------------------------------------------

def _scatter_update(x, idx, y, scatter_op, indices_are_sorted, unique_indices, mode):
    """x with x[idx] combined with y by `scatter_op` (scatter, scatter_add, ...)."""
    if not isinstance(x, Array):
        x = asarray_const(np.asarray(x))
    dtype, weak = dtypes.dtype_and_weak(x)
    if type(y) not in dtypes.python_scalar_types and not isinstance(
            y, (Array, np.ndarray, np.generic)):
        y = asarray(y)
    if dtypes.result_type(y, x) != dtype:
        warnings.warn("scatter inputs have incompatible types: cannot safely cast value from "
                      f"dtype={_dtype(y).name} to dtype={dtype.name} with "
                      "jax_numpy_dtype_promotion=standard. In future JAX releases this will "
                      "result in an error.", FutureWarning, stacklevel=3)
    entries, contiguous, bool_dims = _parse_index(idx, _shape(x))
    shape = list(_shape(x))
    for d in bool_dims:
        shape.insert(d, 1)
    indexer = _Indexer.build(tuple(shape), entries, contiguous)
    if 0 in indexer.slice_shape:
        return x
    x2, y2 = promote_dtypes(x, y)
    y2 = _broadcast_to(y2, indexer.slice_shape)
    if indexer.newaxis_dims:
        y2 = lax_shape.squeeze(y2, indexer.newaxis_dims)
    if bool_dims:
        x2 = lax_shape.expand_dims(x2, bool_dims)
    indices = indexer.indices
    if not indexer.has_indices:
        indices = np.zeros((0,), np.int32)
    dnums = ScatterDimensionNumbers(update_window_dims=indexer.dnums.offset_dims,
                                    inserted_window_dims=indexer.dnums.collapsed_slice_dims,
                                    scatter_dims_to_operand_dims=indexer.dnums.start_index_map)
    out = scatter_op(x2, indices, y2, dnums,
                     indices_are_sorted=indices_are_sorted or indexer.unique,
                     unique_indices=unique_indices or indexer.unique, mode=mode)
    if bool_dims:
        out = lax_shape.squeeze(out, bool_dims)
    return convert_to(out, dtype, weak)


def _broadcast_to(y, shape):
    y_shape = _shape(y)
    if y_shape == tuple(shape):
        return y
    lead = len(shape) - len(y_shape)
    if lead < 0 or any(a not in (1, b) for a, b in zip(y_shape, shape[lead:])):
        raise ValueError(f"Incompatible shapes for broadcasting: {y_shape} and requested "
                         f"shape {tuple(shape)}")
    return lax_shape.broadcast_in_dim(y, tuple(shape), tuple(range(lead, len(shape))))


def _ones_like(x):
    dtype, weak = dtypes.dtype_and_weak(x)
    return _full(_shape(x), dtype, weak, 1)


class _IndexUpdateRef:
    """x.at[idx]: the indexed-update methods (each returns a new array)."""

    __slots__ = ("array", "index")

    def __init__(self, array, index):
        self.array, self.index = array, index

    def __repr__(self):
        return f"_IndexUpdateRef({self.array!r}, {self.index!r})"

    def get(self, *, indices_are_sorted=False, unique_indices=False, mode=None,
            fill_value=None, out_sharding=None):
        """x[idx], with a choice of out-of-bounds `mode` ('fill' uses `fill_value`)."""
        if out_sharding is not None:
            raise NotImplementedError("wax does not support out_sharding in .at[].get()")
        return rewriting_take(self.array, self.index, indices_are_sorted=indices_are_sorted,
                              unique_indices=unique_indices, mode=mode,
                              fill_value=fill_value)

    def _update(self, values, op, indices_are_sorted, unique_indices, mode):
        return _scatter_update(self.array, self.index, values, op, indices_are_sorted,
                               unique_indices, mode)

    def set(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] = values (out-of-bounds updates are dropped unless mode='clip')."""
        return self._update(values, gs.scatter, indices_are_sorted, unique_indices, mode)

    def add(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] += values, with repeated indices accumulating."""
        return self._update(values, gs.scatter_add, indices_are_sorted, unique_indices, mode)

    def subtract(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] -= values, with repeated indices accumulating."""
        return self._update(values, gs.scatter_sub, indices_are_sorted, unique_indices, mode)

    def multiply(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] *= values, with repeated indices accumulating."""
        return self._update(values, gs.scatter_mul, indices_are_sorted, unique_indices, mode)

    mul = multiply

    def divide(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] /= values: x divided by the product of the values scattered at each index."""
        from .ufuncs import true_divide
        divisors = _scatter_update(_ones_like(self.array), self.index, values, gs.scatter_mul,
                                   indices_are_sorted, unique_indices, mode)
        return true_divide(self.array, divisors)

    def power(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] **= values: x to the product of the exponents scattered at each index."""
        from .ufuncs import power
        exponents = _scatter_update(_ones_like(self.array), self.index, values,
                                    gs.scatter_mul, indices_are_sorted, unique_indices, mode)
        return power(self.array, exponents)

    def min(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] = minimum(x[idx], values), over every repeated index."""
        return self._update(values, gs.scatter_min, indices_are_sorted, unique_indices, mode)

    def max(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] = maximum(x[idx], values), over every repeated index."""
        return self._update(values, gs.scatter_max, indices_are_sorted, unique_indices, mode)

    def apply(self, func, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x[idx] = func(x[idx]) for a unary elementwise func, once per repeated index."""
        def scatter_apply(x, indices, y, dnums, **kwargs):
            return gs.scatter_apply(x, indices, func, dnums, update_shape=_shape(y), **kwargs)
        zero = ArrayImpl(np.zeros((), _dtype(self.array)), True)
        return self._update(zero, scatter_apply, indices_are_sorted, unique_indices, mode)


class _IndexUpdateHelper:
    """The `x.at` property: `x.at[idx]` gives the indexed-update methods."""

    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array

    def __getitem__(self, index):
        return _IndexUpdateRef(self.array, index)

    def __repr__(self):
        return f"_IndexUpdateHelper({self.array!r})"


# --- attaching to Array ---------------------------------------------------------------------

def _iter(self):
    if not _shape(self):
        raise TypeError("iteration over a 0-d array")
    return (getitem(self, i) for i in range(_shape(self)[0]))


def attach(array_class):
    """Give `array_class` (wax.Array) __getitem__, .at and __iter__."""
    array_class.__getitem__ = getitem
    array_class.at = property(_IndexUpdateHelper)
    array_class.__iter__ = _iter
