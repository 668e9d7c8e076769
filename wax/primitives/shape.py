"""Shape and structure primitives: broadcast_in_dim, reshape, transpose, squeeze, rev, pad,
concatenate, iota, split, tile, and the wrappers built on them (expand_dims, broadcast,
full, collapse, stack, ...).

Shape operations keep their operand's weak_type (concatenate and pad: weak only when every
operand is); iota is never weak. Impls may return NumPy views (broadcasts, transposes,
flips): buffers are read-only, so sharing memory is safe and keeps eager calls cheap.

All of them are linear: the tangent is the primitive applied to the tangent (pad and
concatenate are linear in all their operands together). iota has no operands, so no jvp.
Their transposes send the cotangent back the way the data came: rev reverses it, pad
slices the operand's part out (the padding value gets the rest of its sum), concatenate
splits it, split concatenates, tile sums the copies.

Their batch (vmap) rules live in shape_batch.py: the batch dimension is written into the
params (a shape, a permutation, axes, a padding config), mostly where it already is.
"""
from __future__ import annotations

import itertools
import math
import operator

import numpy as np

from ..core import dtypes
from ..core.array import Array, ArrayImpl, make_array
from ..core.avals import ShapedArray, broadcast_shapes as _broadcast_shapes, canonicalize_axis
from ..core.errors import JAXTypeError
from .families import (LINEAR_JVP, NUMERIC, check_dtype, check_same_dtypes, is_undefined,
                       is_zero, lax_operands, linear_transpose_rule, on_physical, rule_in,
                       standard, trailing, zero_tangent_like)


# --- argument helpers ------------------------------------------------------------------

def _shape_of(x) -> tuple:
    shape = getattr(x, "shape", None)
    return shape if shape is not None else np.shape(x)


def canonicalize_shape(shape, fun_name: str = "shape") -> tuple:
    """A shape as a tuple of Python ints, or JAX's TypeError for anything else."""
    if type(shape) is tuple and all(type(d) is int for d in shape):
        return shape
    try:
        return tuple(operator.index(d) for d in shape)
    except JAXTypeError:
        raise  # a tracer where a concrete size is needed: keep JAX's explanation
    except TypeError:
        pass
    raise TypeError(f"{fun_name}: shapes must be 1D sequences of concrete values of integer "
                    f"type, got {shape!r}.")


def _index_tuple(values, fun_name: str, arg_name: str) -> tuple:
    if type(values) is tuple and all(type(d) is int for d in values):
        return values
    try:
        return tuple(operator.index(d) for d in values)
    except JAXTypeError:
        raise
    except TypeError:
        pass
    raise TypeError(f"{fun_name} {arg_name} must be a sequence of integers, got {values!r}.")


def _check_nonnegative(fun_name: str, arg_name: str, values) -> None:
    if values and min(values) < 0:
        raise TypeError(f"{fun_name} {arg_name} must have every element be nonnegative, "
                        f"got {values}.")


def _asarray(x):
    """lax.asarray: an Array (or tracer) for any array-like, without copying an Array."""
    if isinstance(x, Array):
        return x
    if type(x) in dtypes.python_scalar_types:
        dtype, weak = dtypes.dtype_and_weak(x)
        return ArrayImpl(np.asarray(x, dtype)[()], weak)
    if isinstance(x, (np.ndarray, np.generic)):
        buf = np.array(x, dtypes.canonicalize_dtype(x.dtype))
        return make_array(buf, False)
    raise TypeError(f"Value {x!r} of type {type(x).__name__} is not a valid wax type")


# --- broadcast_in_dim ------------------------------------------------------------------

def _broadcast_in_dim_impl(xp, x, *, shape, broadcast_dimensions, sharding):
    # broadcast_dimensions increase, so placing the operand's sizes at their target
    # positions (1 elsewhere) is a plain reshape, and NumPy's broadcast finishes the job.
    in_shape = [1] * len(shape)
    for i, d in enumerate(broadcast_dimensions):
        in_shape[d] = x.shape[i]
    if tuple(in_shape) == tuple(shape):  # only size-1 dimensions added: a reshape
        return xp.reshape(x, shape)
    return xp.broadcast_to(xp.reshape(x, in_shape), shape)


def _broadcast_in_dim_abstract_eval(aval, *, shape, broadcast_dimensions, sharding):
    _check_nonnegative("broadcast_in_dim", "shape", shape)
    _check_nonnegative("broadcast_in_dim", "broadcast_dimensions", broadcast_dimensions)
    in_shape, dims = aval.shape, broadcast_dimensions
    if len(in_shape) != len(dims):
        raise TypeError("broadcast_in_dim broadcast_dimensions must have length equal to "
                        f"operand ndim; got broadcast_dimensions {dims} for operand ndim "
                        f"{len(in_shape)} (operand shape {in_shape}).")
    if len(shape) < len(in_shape):
        raise TypeError("broadcast_in_dim target broadcast shape must have equal or higher "
                        "rank to the operand shape; got operand shape "
                        f"{in_shape} and target broadcast shape {shape}.")
    if any(d >= len(shape) for d in dims):
        raise TypeError("broadcast_in_dim broadcast_dimensions must be a subset of output "
                        f"dimensions, got {dims} for operand shape {in_shape} and shape "
                        f"{shape}.")
    if any(s != 1 and s != shape[d] for s, d in zip(in_shape, dims)):
        raise TypeError("broadcast_in_dim operand dimension sizes must either be 1, or be "
                        "equal to their corresponding dimensions in the target broadcast "
                        f"shape; got operand of shape {in_shape}, target broadcast shape "
                        f"{shape}, broadcast_dimensions {dims}")
    if any(a >= b for a, b in zip(dims, dims[1:])):
        raise TypeError("broadcast_in_dim broadcast_dimensions must be strictly increasing; "
                        f"got broadcast_dimensions {dims} for operand shape {in_shape} and "
                        f"shape {shape}")
    return ShapedArray(shape, aval.dtype, aval.weak_type)


def _broadcast_in_dim_transpose_ct(ct, aval, *, shape, broadcast_dimensions, sharding=None):
    # Sum over the new dimensions and over the size-1 dimensions that were broadcast.
    from .reductions import reduce_sum
    new_dims = tuple(d for d in range(len(shape)) if d not in broadcast_dimensions)
    stretched = tuple(d for d, n in zip(broadcast_dimensions, aval.shape)
                      if n == 1 and shape[d] != 1)
    summed = reduce_sum(ct, tuple(sorted(new_dims + stretched)))
    return reshape(summed, aval.shape)


broadcast_in_dim_p = standard("broadcast_in_dim", _broadcast_in_dim_impl,
                              _broadcast_in_dim_abstract_eval, jvp=LINEAR_JVP,
                              transpose=linear_transpose_rule(_broadcast_in_dim_transpose_ct),
                              batch=rule_in("shape_batch", "broadcast_in_dim_batch"),
                              physical=on_physical(lambda p, ndim, tail: dict(
                                  p, shape=(*p["shape"], *tail),
                                  broadcast_dimensions=(*p["broadcast_dimensions"],
                                                        *trailing(len(p["shape"]), tail))),
                                  positions=(0,)))


def broadcast_in_dim(operand, shape, broadcast_dimensions, *, out_sharding=None):
    """Broadcast `operand` to `shape`; operand dimension i becomes broadcast_dimensions[i]."""
    shape = canonicalize_shape(shape, "broadcast_in_dim")
    dims = _index_tuple(broadcast_dimensions, "broadcast_in_dim", "broadcast_dimensions")
    if (not shape and not dims and out_sharding is None and isinstance(operand, Array)
            and not operand.shape):
        return operand
    return broadcast_in_dim_p.bind(operand, shape=shape, broadcast_dimensions=dims,
                                   sharding=out_sharding)


def broadcast(operand, sizes, *, out_sharding=None):
    """Add leading dimensions of the given sizes: the result has shape sizes + operand.shape."""
    sizes = canonicalize_shape(sizes, "broadcast")
    if not sizes and out_sharding is None:
        return _asarray(operand)
    ndim = len(_shape_of(operand))
    return broadcast_in_dim(operand, sizes + tuple(_shape_of(operand)),
                            tuple(range(len(sizes), len(sizes) + ndim)),
                            out_sharding=out_sharding)


def broadcast_to_rank(x, rank):
    """Prepend size-1 dimensions until `x` has rank `rank`."""
    ndim = len(_shape_of(x))
    if ndim == rank:
        return _asarray(x)
    return broadcast(x, (1,) * (rank - ndim))


def broadcast_shapes(*shapes):
    """The shape NumPy broadcasting gives for `shapes` (ValueError when they clash)."""
    shapes = [canonicalize_shape(s, "broadcast_shapes") for s in shapes]
    if len(shapes) == 1:
        return shapes[0]
    return _broadcast_shapes(*shapes)


def broadcast_like(arr, like_arr):
    """Broadcast `arr` (NumPy-style, trailing dimensions aligned) to the shape of `like_arr`."""
    shape, target = tuple(_shape_of(arr)), tuple(_shape_of(like_arr))
    if shape == target:
        return _asarray(arr)
    lead = len(target) - len(shape)
    return broadcast_in_dim(arr, target, tuple(range(lead, len(target))))


def expand_dims(array, dimensions):
    """Insert size-1 dimensions at `dimensions` (positions in the result; negatives count
    from its end)."""
    dimensions = _index_tuple(dimensions, "expand_dims", "dimensions")
    if not dimensions:
        return _asarray(array)
    shape = list(_shape_of(array))
    ndim_out = len(shape) + len(dimensions)
    dims = [canonicalize_axis(d, ndim_out, "axis") for d in dimensions]
    if len(set(dims)) != len(dims):
        raise ValueError(f"repeated axis in lax.expand_dims: {dims}")
    for d in sorted(dims):
        shape.insert(d, 1)
    kept = tuple(i for i in range(ndim_out) if i not in dims)
    return broadcast_in_dim(array, tuple(shape), kept)


# --- reshape ---------------------------------------------------------------------------

def _reshape_impl(xp, x, *, new_sizes, dimensions, sharding):
    if dimensions is not None:
        x = x.transpose(dimensions)
    return x.reshape(new_sizes)  # the method: a cheaper call than xp.reshape


def _reshape_abstract_eval(aval, *, new_sizes, dimensions, sharding):
    if new_sizes and min(new_sizes) < 0:
        raise TypeError(f"reshape new_sizes must all be positive, got {new_sizes}.")
    old, new = math.prod(aval.shape), math.prod(new_sizes)
    if old != new:
        raise TypeError(f"reshape total size must be unchanged, got new_sizes {new_sizes} "
                        f"(of total size {new}) for shape {aval.shape} (of total size {old}).")
    if dimensions is not None and sorted(dimensions) != list(range(aval.ndim)):
        raise TypeError("reshape dimensions must be a permutation of operand dimensions, "
                        f"got dimensions {dimensions} for shape {aval.shape}.")
    return ShapedArray(new_sizes, aval.dtype, aval.weak_type)


def _reshape_transpose_ct(ct, aval, *, new_sizes, dimensions, sharding=None):
    out = reshape(ct, aval.shape if dimensions is None else
                  tuple(aval.shape[d] for d in dimensions))
    return out if dimensions is None else transpose(out, tuple(np.argsort(dimensions)))


reshape_p = standard("reshape", _reshape_impl, _reshape_abstract_eval, jvp=LINEAR_JVP,
                     transpose=linear_transpose_rule(_reshape_transpose_ct),
                     batch=rule_in("shape_batch", "reshape_batch"),
                     physical=on_physical(lambda p, ndim, tail: dict(
                         p, new_sizes=(*p["new_sizes"], *tail),
                         dimensions=None if p["dimensions"] is None else
                         (*p["dimensions"], *trailing(ndim, tail)))))


def reshape(operand, new_sizes, dimensions=None, *, out_sharding=None):
    """Reshape `operand` to `new_sizes` (after transposing by `dimensions` if given)."""
    new_sizes = canonicalize_shape(new_sizes, "reshape")
    shape = _shape_of(operand)
    if dimensions is None:
        dims = None
    else:
        dims = _index_tuple(dimensions, "reshape", "dimensions")
        if dims == tuple(range(len(shape))):
            dims = None
    if (dims is None and shape and tuple(shape) == new_sizes and out_sharding is None
            and isinstance(operand, Array)):
        return operand
    return reshape_p.bind(operand, new_sizes=new_sizes, dimensions=dims, sharding=out_sharding)


def collapse(operand, start_dimension, stop_dimension=None):
    """Merge dimensions [start_dimension, stop_dimension) into one."""
    shape = tuple(_shape_of(operand))
    lo, hi = start_dimension, stop_dimension
    first, last, _ = slice(lo, hi).indices(len(shape))  # Python's slice rules, as JAX
    if last < first:
        raise ValueError(f"Invalid dimension range passed to collapse: "
                         f"{shape}[{start_dimension}:{stop_dimension}]")
    size = math.prod(shape[lo:hi])
    return reshape(operand, shape[:lo] + (size,) + (shape[hi:] if hi is not None else ()))


# --- transpose, squeeze, rev -----------------------------------------------------------

def _transpose_abstract_eval(aval, *, permutation):
    if sorted(permutation) != list(range(aval.ndim)):
        raise TypeError("transpose permutation isn't a permutation of operand dimensions, "
                        f"got permutation {permutation} for operand shape {aval.shape}.")
    shape = aval.shape
    return ShapedArray(tuple(shape[p] for p in permutation), aval.dtype, aval.weak_type)


transpose_p = standard("transpose", lambda xp, x, *, permutation: x.transpose(permutation),
                       _transpose_abstract_eval, jvp=LINEAR_JVP,
                       transpose=linear_transpose_rule(
                           lambda ct, aval, *, permutation: transpose(
                               ct, tuple(int(i) for i in np.argsort(permutation)))),
                       batch=rule_in("shape_batch", "transpose_batch"),
                       physical=on_physical(lambda p, ndim, tail: dict(
                           permutation=(*p["permutation"], *trailing(ndim, tail)))))


def transpose(operand, permutation):
    """Permute the dimensions of `operand`: result dimension i is operand's permutation[i]."""
    permutation = _index_tuple(permutation, "transpose", "permutation")
    if permutation == tuple(range(len(_shape_of(operand)))) and isinstance(operand, Array):
        return operand
    return transpose_p.bind(operand, permutation=permutation)


def _squeeze_abstract_eval(aval, *, dimensions):
    shape = aval.shape
    if len(set(dimensions)) != len(dimensions):
        raise ValueError(f"dimensions are not unique: {dimensions}")
    if not all(0 <= d < len(shape) for d in dimensions):
        raise ValueError(f"dimensions outside range [0, ndim): {dimensions} for shape {shape}")
    if any(shape[d] != 1 for d in dimensions):
        raise ValueError("cannot select an axis to squeeze out which has size not equal to "
                         f"one, got shape={shape} and dimensions={dimensions}")
    return ShapedArray(tuple(s for i, s in enumerate(shape) if i not in dimensions),
                       aval.dtype, aval.weak_type)


squeeze_p = standard("squeeze", lambda xp, x, *, dimensions: xp.squeeze(x, axis=dimensions),
                     _squeeze_abstract_eval, jvp=LINEAR_JVP,
                     transpose=linear_transpose_rule(
                         lambda ct, aval, *, dimensions: reshape(ct, aval.shape)),
                     batch=rule_in("shape_batch", "squeeze_batch"), physical=on_physical())


def squeeze(array, dimensions):
    """Remove the size-1 dimensions `dimensions` (negatives count from the end)."""
    ndim = len(_shape_of(array))
    dims = tuple(sorted(canonicalize_axis(d, ndim, "axis")
                        for d in _index_tuple(dimensions, "squeeze", "dimensions")))
    if not dims and isinstance(array, Array):
        return array
    return squeeze_p.bind(array, dimensions=dims)


def _rev_abstract_eval(aval, *, dimensions):
    _check_nonnegative("rev", "dimensions", dimensions)
    if len(set(dimensions)) != len(dimensions):
        raise TypeError(f"rev dimensions must be unique, got {dimensions}.")
    if dimensions and max(dimensions) >= aval.ndim:
        raise TypeError("rev dimensions must all be less than operand ndim, got dimension "
                        f"{max(dimensions)} for operand shape {aval.shape}.")
    return aval


rev_p = standard("rev", lambda xp, x, *, dimensions: xp.flip(x, dimensions) if dimensions
                 else x, _rev_abstract_eval, jvp=LINEAR_JVP,
                 transpose=linear_transpose_rule(
                     lambda ct, aval, *, dimensions: rev(ct, dimensions)),
                 batch=rule_in("shape_batch", "rev_batch"), physical=on_physical())


def rev(operand, dimensions):
    """Reverse `operand` along each of `dimensions`."""
    return rev_p.bind(operand, dimensions=_index_tuple(dimensions, "rev", "dimensions"))


# --- pad -------------------------------------------------------------------------------

def _dilated_size(size: int, interior: int) -> int:
    return 0 if size == 0 else size + (size - 1) * interior


def _pad_impl(xp, x, value, *, padding_config):
    # Pad with the non-negative edges and the interior first, then crop negative edges.
    grown, inner, crop = [], [], []
    for size, (lo, hi, interior) in zip(np.shape(x), padding_config):
        dilated = _dilated_size(size, interior)
        lo_pad, hi_pad = max(lo, 0), max(hi, 0)
        total = lo_pad + dilated + hi_pad
        grown.append(total)
        inner.append(slice(lo_pad, lo_pad + dilated, interior + 1))
        crop.append(slice(max(-lo, 0), total - max(-hi, 0)))
    out = xp.full(grown, value, dtype=x.dtype)
    out[tuple(inner)] = x
    return out[tuple(crop)]


def _pad_abstract_eval(aval, value_aval, *, padding_config):
    shape = aval.shape
    if value_aval.dtype != aval.dtype:
        raise TypeError("pad operand and padding_value must be same dtype: got "
                        f"{aval.dtype.name} and {value_aval.dtype.name}.")
    if value_aval.shape:
        raise TypeError(f"pad padding_value must be a scalar, got shape {value_aval.shape}.")
    if len(padding_config) != len(shape):
        raise ValueError("length of padding_config must equal the number of axes of operand, "
                         f"got padding_config {padding_config} for operand shape {shape}")
    if any(interior < 0 for _, _, interior in padding_config):
        raise ValueError("interior padding in padding_config must be nonnegative, got "
                         f"padding_config {padding_config}")
    out = tuple(lo + hi + _dilated_size(d, interior)
                for d, (lo, hi, interior) in zip(shape, padding_config))
    if any(d < 0 for d in out):
        raise ValueError(f"Dimension size after padding is not at least 0, got result shape "
                         f"{out}, for padding_config {padding_config} and operand shape "
                         f"{shape}")
    return ShapedArray(out, aval.dtype, aval.weak_type and value_aval.weak_type)


def _pad_jvp(primals, tangents, *, padding_config):
    # Linear in the operand and the padding value together: pad the tangent with the
    # padding value's tangent (a zero for whichever of the two has none).
    ans = pad_p.bind(*primals, padding_config=padding_config)
    if all(is_zero(t) for t in tangents):
        return ans, zero_tangent_like(ans)
    from ..transforms.jvp import instantiate
    return ans, pad_p.bind(*map(instantiate, tangents), padding_config=padding_config)


def _pad_transpose(ct, operand, padding_value, *, padding_config):
    # The operand's cotangent is the part of ct the operand landed on: undo the edges (pad
    # a cropped edge back with zeros, crop a padded one), then keep every (interior+1)-th
    # element. Everything else came from the padding value: its cotangent is the rest of
    # ct's sum, sum(ct) - sum(operand's part).
    if is_zero(ct):
        return [None, None]
    from .indexing import slice as slice_
    part = ct
    if any(lo or hi for lo, hi, _ in padding_config):
        part = pad(part, 0, tuple((-lo, -hi, 0) for lo, hi, _ in padding_config))
    if any(interior for _, _, interior in padding_config):
        part = slice_(part, (0,) * len(padding_config), _shape_of(part),
                      tuple(interior + 1 for _, _, interior in padding_config))
    t_value = None
    if is_undefined(padding_value):
        from .elementwise import sub
        from .reductions import reduce_sum
        axes = tuple(range(len(padding_config)))
        t_value = sub(reduce_sum(ct, axes), reduce_sum(part, axes))
    return [part if is_undefined(operand) else None, t_value]


pad_p = standard("pad", _pad_impl, _pad_abstract_eval, jvp=_pad_jvp, transpose=_pad_transpose,
                 batch=rule_in("shape_batch", "pad_batch"))


def pad(operand, padding_value, padding_config):
    """Pad `operand` with `padding_value`: (low, high, interior) per dimension; negative
    low/high crop."""
    try:
        config = tuple((operator.index(lo), operator.index(hi), operator.index(interior))
                       for lo, hi, interior in padding_config)
    except JAXTypeError:
        raise
    except (TypeError, ValueError) as err:  # unpacking a pair: ValueError, as in JAX
        raise type(err)("pad padding_config must be a sequence of (low, high, interior) "
                        f"integer triples, got {padding_config!r}.") from None
    operand, padding_value = lax_operands(operand, padding_value)
    return pad_p.bind(operand, padding_value, padding_config=config)


# --- concatenate, split, tile, stack ---------------------------------------------------

def _concatenate_abstract_eval(*avals, dimension):
    if not avals:
        raise TypeError("concatenate expects at least one operand, got 0.")
    shapes = ", ".join(str(a.shape) for a in avals)
    if len({a.ndim for a in avals}) != 1:
        raise TypeError("Cannot concatenate arrays with different numbers of dimensions: "
                        f"got {shapes}.")
    if not 0 <= dimension < avals[0].ndim:
        raise TypeError(f"concatenate dimension out of bounds: dimension {dimension} for "
                        f"shapes {shapes}.")
    others = {a.shape[:dimension] + a.shape[dimension + 1:] for a in avals}
    if len(others) != 1:
        raise TypeError("Cannot concatenate arrays with shapes that differ in dimensions "
                        "other than the one being concatenated: concatenating along "
                        f"dimension {dimension} for shapes {shapes}.")
    check_same_dtypes("concatenate", avals)
    shape = list(avals[0].shape)
    shape[dimension] = sum(a.shape[dimension] for a in avals)
    return ShapedArray(tuple(shape), avals[0].dtype, all(a.weak_type for a in avals))


def _concatenate_jvp(primals, tangents, *, dimension):
    # Linear in every operand: the tangents joined, zeros standing in for missing ones.
    ans = concatenate_p.bind(*primals, dimension=dimension)
    if all(is_zero(t) for t in tangents):
        return ans, zero_tangent_like(ans)
    from ..transforms.jvp import instantiate
    return ans, concatenate_p.bind(*map(instantiate, tangents), dimension=dimension)


def _concatenate_transpose(ct, *operands, dimension):
    # ct split back into the operands' pieces (one split, as JAX does); the pieces of
    # operands that are known values are dropped.
    if is_zero(ct):
        return [None] * len(operands)
    sizes = tuple((o.aval.shape if is_undefined(o) else _shape_of(o))[dimension]
                  for o in operands)
    pieces = split_p.bind(ct, sizes=sizes, axis=dimension)
    return [p if is_undefined(o) else None for p, o in zip(pieces, operands)]


concatenate_p = standard(
    "concatenate", lambda xp, *xs, dimension: xp.concatenate(xs, axis=dimension),
    _concatenate_abstract_eval, jvp=_concatenate_jvp, transpose=_concatenate_transpose,
    batch=rule_in("shape_batch", "concatenate_batch"), physical=on_physical())


def concatenate(operands, dimension):
    """Join arrays of one dtype along the existing dimension `dimension`."""
    operands = list(operands)
    if not operands:
        raise ValueError("concatenate requires a non-empty sequence of arrays")
    dimension = operator.index(dimension)
    if len(operands) == 1 and isinstance(operands[0], Array):
        return operands[0]
    return concatenate_p.bind(*operands, dimension=dimension)


def _split_impl(xp, x, *, sizes, axis):
    if not sizes:
        return []
    return xp.split(x, list(itertools.accumulate(sizes))[:-1], axis=axis)


def _split_abstract_eval(aval, *, sizes, axis):
    if not aval.shape:
        raise ValueError("split does not work on scalars")
    if not 0 <= axis < aval.ndim:
        raise ValueError(f"split axis {axis} is out of bounds for shape {aval.shape}")
    if any(s < 0 for s in sizes):
        raise ValueError(f"Sizes passed to split must be nonnegative, got {list(sizes)}")
    if sum(sizes) != aval.shape[axis]:
        raise ValueError(f"Sum of sizes {sum(sizes)} must be equal to dimension "
                         f"{aval.shape[axis]} of the operand shape {aval.shape}")
    shape = list(aval.shape)
    outs = []
    for size in sizes:
        shape[axis] = size
        outs.append(ShapedArray(tuple(shape), aval.dtype, aval.weak_type))
    return outs


def _split_transpose(cts, operand, *, sizes, axis):
    # The pieces' cotangents joined back together; a piece nobody used gets zeros.
    if all(is_zero(ct) for ct in cts):
        return [None]
    from ..transforms.jvp import instantiate
    return [concatenate([instantiate(ct) for ct in cts], axis)]


split_p = standard("split", _split_impl, _split_abstract_eval, multiple_results=True,
                   jvp=LINEAR_JVP, transpose=_split_transpose, batch=rule_in("shape_batch", "split_batch"))


def split(operand, sizes, axis=0):
    """Split `operand` along `axis` into pieces of the given sizes."""
    sizes = canonicalize_shape(sizes, "split")
    axis = canonicalize_axis(axis, len(_shape_of(operand)), "axis")
    return split_p.bind(operand, sizes=sizes, axis=axis)


def _tile_abstract_eval(aval, *, reps):
    if len(reps) != aval.ndim:
        raise ValueError(f"tile: reps must have one entry per dimension of the operand, got "
                         f"reps={reps} for operand shape {aval.shape}")
    _check_nonnegative("tile", "reps", reps)
    return ShapedArray(tuple(d * r for d, r in zip(aval.shape, reps)), aval.dtype,
                       aval.weak_type)


def _tile_transpose_ct(ct, aval, *, reps):
    # Output index i * size + j along a dimension is copy i of element j: view each tiled
    # dimension as (reps, size) and sum over the copies.
    shape, copies = [], []
    for r, size in zip(reps, aval.shape):
        if r != 1:
            copies.append(len(shape))
            shape.append(r)
        shape.append(size)
    if not copies:
        return ct
    from .reductions import reduce_sum
    return reduce_sum(reshape(ct, tuple(shape)), tuple(copies))


tile_p = standard("tile", lambda xp, x, *, reps: xp.tile(x, reps), _tile_abstract_eval,
                  jvp=LINEAR_JVP, transpose=linear_transpose_rule(_tile_transpose_ct),
                  batch=rule_in("shape_batch", "tile_batch"))


def tile(operand, reps):
    """Repeat `operand` reps[i] times along each dimension i (len(reps) == operand.ndim)."""
    return tile_p.bind(operand, reps=canonicalize_shape(reps, "tile"))


def stack(operands, axis=0):
    """Join arrays of one shape and dtype along a new dimension `axis`."""
    operands = list(operands)
    if not operands:  # JAX indexes the first operand: an IndexError
        raise IndexError("stack requires a non-empty sequence of arrays (list index out of "
                         "range)")
    shapes = [tuple(_shape_of(x)) for x in operands]
    if any(s != shapes[0] for s in shapes):
        raise ValueError("All input arrays must have the same shape. Got "
                         f"{', '.join(map(str, shapes))}.")
    ndim = len(shapes[0])
    axis = canonicalize_axis(axis, ndim + 1, "axis")
    expanded = [expand_dims(x, (axis,)) for x in operands]
    if len(expanded) == 1:
        return expanded[0]
    return concatenate_p.bind(*expanded, dimension=axis)


def unstack(x, axis=0):
    """The slices of `x` along `axis`, as a tuple of arrays of rank one less."""
    shape = _shape_of(x)
    if not shape:
        raise ValueError("unstack requires arrays with rank > 0, got a scalar.")
    axis = canonicalize_axis(axis, len(shape), "axis")
    pieces = split(x, (1,) * shape[axis], axis)
    return tuple(squeeze(p, (axis,)) for p in pieces)


# --- iota, full ------------------------------------------------------------------------

def _iota_impl(xp, *, dtype, shape, dimension, sharding):
    size = shape[dimension]
    values = xp.arange(size).astype(dtype)  # arange knows no bfloat16; cast an int range
    view = [1] * len(shape)
    view[dimension] = size
    return xp.broadcast_to(values.reshape(view), shape)


def _iota_abstract_eval(*, dtype, shape, dimension, sharding):
    check_dtype("iota", ShapedArray((), dtype), NUMERIC)
    _check_nonnegative("iota", "shape", shape)
    if not 0 <= dimension < len(shape):
        raise ValueError("iota dimension must be between 0 and len(shape), got "
                         f"dimension={dimension} for shape={shape}")
    return ShapedArray(shape, dtype, False)


# No jvp rule: iota has no operands, so a JVP trace never differentiates it (as in JAX).
iota_p = standard("iota", _iota_impl, _iota_abstract_eval)


def broadcasted_iota(dtype, shape, dimension, *, out_sharding=None):
    """An array of `shape` whose values count 0, 1, ... along `dimension`."""
    dtype = dtypes.check_user_dtype(dtype, "broadcasted_iota")
    shape = canonicalize_shape(shape, "broadcasted_iota")
    return iota_p.bind(dtype=dtype, shape=shape, dimension=operator.index(dimension),
                       sharding=out_sharding)


def iota(dtype, size):
    """The 1-D array [0, 1, ..., size - 1] of `dtype`."""
    dtype = dtypes.check_user_dtype(dtype, "iota")
    return iota_p.bind(dtype=dtype, shape=(operator.index(size),), dimension=0, sharding=None)


def _convert_scalar(value, dtype, weak):
    """`value` (a scalar of any kind) as a 0-d Array or tracer of `dtype` and weak flag."""
    kind = type(value)
    if kind is int:
        # Python ints wrap into the target type, as NumPy's astype does (JAX does the same).
        return ArrayImpl(np.asarray(value).astype(dtype)[()], weak)
    if kind is bool or (kind is float and dtypes.is_inexact(dtype)) or \
            (kind is complex and dtypes.is_complex(dtype)):
        return ArrayImpl(np.asarray(value, dtype)[()], weak)
    value = _asarray(value)
    value_dtype, value_weak = dtypes.dtype_and_weak(value)
    if value_dtype == dtype:
        if value_weak == weak:
            return value
        if type(value) is ArrayImpl:
            return ArrayImpl(value._value, weak)
    from .elementwise import convert_element_type_p  # a sibling family, bound lazily
    return convert_element_type_p.bind(value, new_dtype=dtype, weak_type=weak)


def full(shape, fill_value, dtype=None, *, sharding=None):
    """An array of `shape` filled with the scalar `fill_value` (weak when fill_value is a
    Python scalar and no dtype is given)."""
    shape = canonicalize_shape(shape, "full")
    if np.shape(fill_value) if not isinstance(fill_value, Array) else fill_value.shape:
        raise TypeError("full must be called with scalar fill_value, got fill_value.shape "
                        f"{np.shape(fill_value)}.")
    value_dtype, value_weak = dtypes.dtype_and_weak(fill_value)
    weak = dtype is None and value_weak
    dtype = value_dtype if dtype is None else dtypes.check_user_dtype(dtype, "full")
    value = _convert_scalar(fill_value, dtype, weak)
    return broadcast(value, shape, out_sharding=sharding)


def full_like(x, fill_value, dtype=None, shape=None, sharding=None):
    """An array like `x` (its shape and dtype unless given) filled with `fill_value`."""
    fill_shape = tuple(_shape_of(x)) if shape is None else canonicalize_shape(shape, "full_like")
    x_dtype, x_weak = dtypes.dtype_and_weak(x)
    weak = dtype is None and x_weak
    dtype = x_dtype if dtype is None else dtypes.check_user_dtype(dtype, "full_like")
    if np.shape(fill_value) if not isinstance(fill_value, Array) else fill_value.shape:
        raise TypeError("full must be called with scalar fill_value, got fill_value.shape "
                        f"{np.shape(fill_value)}.")
    return broadcast(_convert_scalar(fill_value, dtype, weak), fill_shape)


def empty(shape, dtype, *, out_sharding=None):
    """An array of `shape` and `dtype` whose contents are unspecified (zeros in wax)."""
    return full(shape, 0, dtype, sharding=out_sharding)


__all__ = [
    "broadcast_in_dim_p", "reshape_p", "transpose_p", "squeeze_p", "rev_p", "pad_p",
    "concatenate_p", "split_p", "tile_p", "iota_p",
    "broadcast_in_dim", "broadcast", "broadcast_to_rank", "broadcast_shapes", "broadcast_like",
    "expand_dims", "reshape", "collapse", "transpose", "squeeze", "rev", "pad", "concatenate",
    "split", "tile", "stack", "unstack", "iota", "broadcasted_iota", "full", "full_like",
    "empty",
]


