"""Sorting primitives: sort (several operands, lexicographic on the first num_keys) and
top_k, with the wrappers sort_key_val and top_k.

The order is JAX's: NaNs last, -0.0 and 0.0 equal (their input order kept), complex numbers
by (real, imag). NumPy's stable sorts give exactly this, except that NumPy orders complex
NaNs and ml_dtypes' bfloat16 its own way, so those are sorted through float keys.

Derivatives: sort moves every operand's tangent by the permutation it applies (found by
sorting an iota along), top_k reads the tangent at the indices it returns.

vmap: top_k keeps the batch dimension where it is; sort gives every operand the batch
dimension at the same place (broadcasting unbatched ones), since it permutes them together.
"""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray, canonicalize_axis
from .batch_util import move_to, not_mapped
from .families import COMPLEX, is_zero, standard, zero_tangent_like


def _sort_keys(x) -> list:
    """Arrays whose lexicographic stable order is JAX's order of `x`."""
    if x.dtype == dtypes.bfloat16:
        return [x.astype(np.float32)]  # exact; NumPy's sort mishandles bfloat16 NaNs
    if x.dtype.kind == "c":
        return [x.real, x.imag]
    return [x]


def _sort_impl(xp, *operands, dimension, is_stable, num_keys):
    # Stable in every case: is_stable=False allows any order of ties, this one included.
    keys = [k for x in operands[:num_keys] for k in _sort_keys(x)]
    if len(operands) == 1 and keys[0] is operands[0]:
        return [xp.sort(operands[0], axis=dimension, kind="stable")]
    if len(keys) == 1:
        order = xp.argsort(keys[0], axis=dimension, kind="stable")
    else:
        order = xp.lexsort(keys[::-1], axis=dimension)  # lexsort's primary key is last
    return [xp.take_along_axis(x, order, axis=dimension) for x in operands]


def _sort_abstract_eval(*avals, dimension, is_stable, num_keys):
    if not avals:
        raise TypeError("sort requires at least one operand")
    shape = avals[0].shape
    if any(a.shape != shape for a in avals[1:]):
        shapes = " ".join(str(a.shape) for a in avals)
        raise TypeError(f"Arguments to sort must have equal shapes, got: {shapes}")
    if not 0 <= dimension < len(shape):
        raise ValueError(f"sort dimension {dimension} is out of bounds for operands of shape "
                         f"{shape}")
    if not 1 <= num_keys <= len(avals):
        raise ValueError(f"num_keys={num_keys} must be between 1 and the number of operands "
                         f"{len(avals)}")
    return list(avals)


def _take_along(x, indices, axis):
    """x[..., indices, ...] along `axis`, where `indices` has x's shape except along axis:
    a gather whose other dimensions are batching dimensions (linear in x)."""
    from .gather_scatter import GatherDimensionNumbers, gather
    from .shape import expand_dims, full_like
    if 0 in x.shape:  # then the result is empty too (and gather wants windows that fit)
        return full_like(x, 0, shape=indices.shape)
    others = tuple(d for d in range(len(x.shape)) if d != axis)
    dnums = GatherDimensionNumbers(offset_dims=(), collapsed_slice_dims=(axis,),
                                   start_index_map=(axis,), operand_batching_dims=others,
                                   start_indices_batching_dims=others)
    return gather(x, expand_dims(indices, (len(x.shape),)), dnums, (1,) * len(x.shape),
                  indices_are_sorted=False, unique_indices=False, mode="promise_in_bounds")


def _sort_jvp(primals, tangents, *, dimension, is_stable, num_keys):
    # Sort an iota along with the operands: it records the permutation, which then moves
    # every operand's tangent (a gather, so the tangent stays linear in the tangents).
    from .shape import broadcasted_iota
    iota = broadcasted_iota(np.int32, primals[0].shape, dimension)
    *outs, permutation = sort_p.bind(*primals, iota, dimension=dimension,
                                     is_stable=is_stable, num_keys=num_keys)
    tangents_out = [zero_tangent_like(out) if is_zero(t) else
                    _take_along(t, permutation, dimension) for out, t in zip(outs, tangents)]
    return outs, tangents_out


def _sort_batch(axis, args, dims, *, dimension, is_stable, num_keys):
    # The operands are permuted together, so every one needs the batch dimension, at the
    # same place: where the first batched operand has it (no transpose for that one; the
    # others are moved there, the unbatched ones broadcast there).
    bdim = next(d for d in dims if d is not not_mapped)
    moved = [move_to(x, d, bdim, axis.size) for x, d in zip(args, dims)]
    outs = sort_p.bind(*moved, dimension=dimension + (dimension >= bdim),
                       is_stable=is_stable, num_keys=num_keys)
    return outs, [bdim] * len(outs)


sort_p = standard("sort", _sort_impl, _sort_abstract_eval, multiple_results=True,
                  jvp=_sort_jvp, batch=_sort_batch)


def _shape_of(x) -> tuple:
    shape = getattr(x, "shape", None)
    return shape if shape is not None else np.shape(x)


def sort(operand, dimension=-1, is_stable=True, num_keys=1):
    """Sort along `dimension`. Several operands (a tuple or list) are sorted together,
    lexicographically by the first `num_keys`; a single operand gives a single array."""
    if isinstance(operand, (tuple, list)):
        if not operand:
            raise TypeError("Sort requires at least one operand")
        if not 1 <= num_keys <= len(operand):
            raise ValueError(f"num_keys={num_keys} must be between 1 and "
                             f"len(operand)={len(operand)}")
        dimension = canonicalize_axis(dimension, len(_shape_of(operand[0])), "dimension")
        return tuple(sort_p.bind(*operand, dimension=dimension, is_stable=bool(is_stable),
                                 num_keys=int(num_keys)))
    if num_keys != 1:
        raise ValueError(f"num_keys={num_keys} must equal 1 for a single operand.")
    dimension = canonicalize_axis(dimension, len(_shape_of(operand)), "dimension")
    return sort_p.bind(operand, dimension=dimension, is_stable=bool(is_stable), num_keys=1)[0]


def sort_key_val(keys, values, dimension=-1, is_stable=True):
    """Sort `keys` along `dimension` and permute `values` the same way."""
    dimension = canonicalize_axis(dimension, len(_shape_of(keys)), "dimension")
    k, v = sort_p.bind(keys, values, dimension=dimension, is_stable=bool(is_stable),
                       num_keys=1)
    return k, v


def _top_k_impl(xp, x, *, k, axis):
    # Largest first, ties in index order: a stable ascending sort of the reversed array,
    # read backwards, visits equal values in increasing original index.
    key = _sort_keys(x)[0]
    size = x.shape[axis]
    order = xp.flip(xp.argsort(xp.flip(key, axis), axis=axis, kind="stable"), axis)
    index = [slice(None)] * x.ndim
    index[axis] = slice(0, k)
    indices = (size - 1 - order[tuple(index)]).astype(np.int32)
    return [xp.take_along_axis(x, indices, axis=axis), indices]


def _top_k_abstract_eval(aval, *, k, axis):
    if aval.dtype in COMPLEX:
        raise ValueError("top_k is not compatible with complex inputs.")
    if k < 0:
        raise ValueError(f"k argument to top_k must be nonnegative, got {k}")
    if not aval.shape:
        raise TypeError(f"top_k operand must have >= 1 dimension, got {aval.shape}")
    if not 0 <= axis < aval.ndim:
        raise ValueError(f"top_k axis {axis} is out of bounds for operand shape {aval.shape}")
    shape = list(aval.shape)
    if shape[axis] < k:
        raise ValueError(f"k argument to top_k must be no larger than size along axis "
                         f"{axis} ({shape[axis]}) of operand shape {aval.shape}, got {k}")
    shape[axis] = k
    shape = tuple(shape)
    return [ShapedArray(shape, aval.dtype, aval.weak_type),
            ShapedArray(shape, np.dtype(np.int32), False)]


def _top_k_jvp(primals, tangents, *, k, axis):
    # The tangent read at the chosen indices; the indices carry no tangent.
    values, indices = top_k_p.bind(*primals, k=k, axis=axis)
    return [values, indices], [_take_along(tangents[0], indices, axis),
                               zero_tangent_like(indices)]


def _top_k_batch(axis_data, args, dims, *, k, axis):
    # top_k selects along its own `axis` param, so the batch dimension stays where it is
    # and the axis is renumbered past it.
    x, = args
    bdim, = dims
    outs = top_k_p.bind(x, k=k, axis=axis + (axis >= bdim))
    return outs, [bdim, bdim]


top_k_p = standard("top_k", _top_k_impl, _top_k_abstract_eval, multiple_results=True,
                   jvp=_top_k_jvp, batch=_top_k_batch)


def top_k(operand, k, *, axis=-1):
    """The k largest entries along `axis` and their int32 indices (ties: lower index
    first)."""
    if not isinstance(k, int):
        if not hasattr(k, "__index__"):
            raise TypeError(f"top_k: k must be a concrete integer (shapes must be 1D "
                            f"sequences of concrete values of integer type), got {k!r}")
        k = int(k.__index__())
    if k < 0:
        raise ValueError(f"k argument to top_k must be nonnegative, got {k}")
    axis = canonicalize_axis(axis, len(_shape_of(operand)), "axis")
    values, indices = top_k_p.bind(operand, k=k, axis=axis)
    return [values, indices]  # a list, as JAX returns


__all__ = ["sort_p", "top_k_p", "sort", "sort_key_val", "top_k"]
