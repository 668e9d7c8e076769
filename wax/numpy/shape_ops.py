"""The reshape family, broadcasting, joining and splitting, diagonal (flips, rolls, tile
and repeat are in reordering.py, pad in padding.py, where/select in selection.py).

Each function checks and canonicalizes its arguments (axes to non-negative ints, shapes
to tuples) with JAX's error messages, then composes lax operations. Shapes and axes are
static; values may be traced.
"""
from __future__ import annotations

import builtins
import math
import operator

import numpy as np

from .. import lax
from ..core import avals as _avals
from ..core import dtypes
from ..core.array import Array, ArrayImpl, ExtendedArray
from ..core.avals import canonicalize_axis
from ..core.interpreters import concrete_value
from ._promote import check_arraylike, convert_to, promote_dtypes
from .creation import asarray, canonicalize_shape, concrete_int

__all__ = ["diagonal", "reshape", "ravel", "transpose", "permute_dims", "matrix_transpose", "swapaxes",
           "moveaxis", "rollaxis", "expand_dims", "squeeze", "broadcast_to",
           "broadcast_arrays", "broadcast_shapes", "atleast_1d", "atleast_2d", "atleast_3d",
           "concatenate", "concat", "append", "stack", "hstack", "vstack", "dstack",
           "column_stack", "split", "array_split", "hsplit", "vsplit", "dsplit", "unstack",
           "ndim", "shape", "size"]


def _array(fun_name, x):
    if isinstance(x, Array):
        return x
    check_arraylike(fun_name, x)
    return asarray(x)


def _axes_tuple(axis) -> tuple:
    if isinstance(axis, (list, tuple)):
        return tuple(axis)
    return (axis,)


def _canonical_axes(axes, ndim, fun_name="", what="axis") -> tuple:
    out = tuple(canonicalize_axis(concrete_int(a, f"'{what}' argument of jnp.{fun_name}")
                                  if isinstance(a, Array) else a, ndim) for a in axes)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in `{what}` argument" if what != "axis"
                         else "repeated axis")
    return out


def _index_axis(axis, ndim):
    """canonicalize_axis raising NumPy's AxisError, a ValueError and an IndexError: where
    JAX fails on such an axis with an IndexError, callers of either kind catch it."""
    try:
        return canonicalize_axis(axis, ndim)
    except ValueError as err:
        raise np.exceptions.AxisError(str(err)) from None


# --- introspection -----------------------------------------------------------------------

def ndim(a) -> int:
    """The number of dimensions of `a`."""
    return len(shape(a))


def shape(a) -> tuple:
    """The shape of `a`."""
    aval = getattr(a, "aval", None)
    if aval is not None:
        return aval.shape
    return np.shape(a)


def size(a, axis=None) -> int:
    """The number of elements of `a` (along `axis` if given)."""
    s = shape(a)
    if axis is None:
        return math.prod(s)
    return math.prod(s[i] for i in _canonical_axes(_axes_tuple(axis), len(s)))


# --- reshape and transpose ---------------------------------------------------------------

def _compute_newshape(old_shape, newshape) -> tuple:
    """`newshape` with a -1 filled in, or JAX's TypeError naming both shapes."""
    original = newshape
    old_size = math.prod(old_shape)
    if type(newshape) is tuple and builtins.all(type(d) is int and d >= 0 for d in newshape):
        if math.prod(newshape) == old_size:
            return newshape
    new = canonicalize_shape(newshape, "reshape", allow_negative=True)
    unknown = [i for i, d in enumerate(new) if d == -1]
    if len(unknown) > 1:
        raise TypeError("can only specify one unknown axis size with a `-1` value, got "
                        f"{original}")
    if builtins.any(d < -1 for d in new):
        raise TypeError(f"reshape new_sizes must all be positive, got {new}.")
    if unknown:
        i = unknown[0]
        others = math.prod(new[:i] + new[i + 1:])
        if others == 0 or old_size % others != 0:
            if others == 0 and old_size == 0:  # (JAX takes a modulo by zero here)
                raise ZeroDivisionError(
                    f"cannot reshape array of shape {old_shape} (size {old_size}) into shape "
                    f"{original}: the size of the -1 axis is ambiguous (integer modulo by zero)")
            raise TypeError(f"cannot reshape array of shape {old_shape} (size {old_size}) "
                            f"into shape {original} because the product of specified axis "
                            f"sizes ({others}) does not evenly divide {old_size}")
        return new[:i] + (old_size // others,) + new[i + 1:]
    if old_size != math.prod(new):
        raise TypeError(f"cannot reshape array of shape {old_shape} (size {old_size}) into "
                        f"shape {original} (size {math.prod(new)})")
    return new


def reshape(a, shape, order="C", *, copy=None, out_sharding=None):
    """`a` with a new shape (one dimension may be -1); C or Fortran element order."""
    a = _array("reshape", a)
    new = _compute_newshape(a.shape, shape)
    if order == "C":
        return a if new == a.shape else lax.reshape(a, new)
    if order == "F":
        return transpose(lax.reshape(transpose(a), new[::-1]))
    if order == "A":
        raise NotImplementedError("np.reshape order=A is not implemented.")
    raise ValueError(f"Unexpected value for 'order' argument: {order}.")


def ravel(a, order="C", *, out_sharding=None):
    """`a` flattened to one dimension."""
    a = _array("ravel", a)
    if order in ("K", "A"):
        raise NotImplementedError(f"Ravel not implemented for order={order}.")
    if a.ndim == 1:
        return a
    return reshape(a, (a.size,), order=order)


def _permute(a, perm):
    if perm == tuple(range(len(perm))):
        return a
    return lax.transpose(a, perm)


def transpose(a, axes=None):
    """`a` with its axes permuted (reversed when `axes` is None)."""
    a = _array("transpose", a)
    nd = a.ndim
    if axes is None:
        return _permute(a, tuple(range(nd - 1, -1, -1)))
    perm = tuple(canonicalize_axis(i, nd) for i in _axes_tuple(axes))
    if sorted(perm) != list(range(nd)):
        raise TypeError("transpose permutation isn't a permutation of operand dimensions, got "
                        f"permutation {tuple(_axes_tuple(axes))} for operand shape {a.shape}.")
    return _permute(a, perm)


def permute_dims(a, /, axes):
    """Array API name of transpose with explicit axes."""
    return transpose(a, axes)


def matrix_transpose(x, /):
    """`x` with its last two axes swapped."""
    x = _array("matrix_transpose", x)
    if x.ndim < 2:
        raise ValueError("x must be at least two-dimensional for matrix_transpose; got "
                         f"ndim={x.ndim}")
    perm = list(range(x.ndim))
    perm[-1], perm[-2] = perm[-2], perm[-1]
    return _permute(x, tuple(perm))


def swapaxes(a, axis1, axis2):
    """`a` with two axes interchanged."""
    a = _array("swapaxes", a)
    i, j = _index_axis(axis1, a.ndim), _index_axis(axis2, a.ndim)
    perm = list(range(a.ndim))
    perm[i], perm[j] = perm[j], perm[i]
    return _permute(a, tuple(perm))


def moveaxis(a, source, destination):
    """`a` with the `source` axes moved to positions `destination`."""
    a = _array("moveaxis", a)
    src, dst = _axes_tuple(source), _axes_tuple(destination)
    if len(src) != len(dst):
        raise ValueError("Inconsistent number of elements: "
                         f"{len(src)} vs {len(dst)}")
    src = tuple(canonicalize_axis(i, a.ndim) for i in src)
    dst = tuple(canonicalize_axis(i, a.ndim) for i in dst)
    for what, axes in (("source", src), ("destination", dst)):
        if len(set(axes)) != len(axes):  # (JAX's error: the permutation it builds is bad)
            raise TypeError(f"moveaxis: repeated axis in the `{what}` argument {axes}: the "
                            "transpose permutation isn't a permutation of operand dimensions "
                            f"for operand shape {a.shape}.")
    perm = [i for i in range(a.ndim) if i not in src]
    for d, s in sorted(zip(dst, src)):
        perm.insert(d, s)
    return _permute(a, tuple(perm))


def rollaxis(a, axis, start=0):
    """`a` with `axis` rolled back until it lies before position `start` (NumPy's)."""
    a = _array("rollaxis", a)
    n = a.ndim
    axis = canonicalize_axis(axis, n)
    if not -n <= start <= n:
        raise ValueError(f"start={start} must satisfy {-n}<=start<{n + 1}")
    if start < 0:
        start += n
    if axis < start:
        start -= 1
    if axis == start:
        return a
    return moveaxis(a, axis, start)


def expand_dims(a, axis):
    """`a` with new size-1 axes inserted at the positions `axis` of the result."""
    a = _array("expand_dims", a)
    axes = _axes_tuple(axis)
    dims = _canonical_axes(axes, a.ndim + len(axes), "expand_dims")
    if not dims:
        return a
    return lax.expand_dims(a, tuple(sorted(dims)))


def squeeze(a, axis=None):
    """`a` without its size-1 axes (or only those listed in `axis`)."""
    a = _array("squeeze", a)
    shp = a.shape
    if axis is None:
        dims = tuple(i for i, d in enumerate(shp) if d == 1)
    else:
        dims = tuple(canonicalize_axis(i, a.ndim) for i in _axes_tuple(axis))
        if len(set(dims)) != len(dims):
            raise ValueError(f"dimensions are not unique: {dims}")
        if builtins.any(shp[d] != 1 for d in dims):
            raise ValueError("cannot select an axis to squeeze out which has size not equal "
                             f"to one, got shape={shp} and dimensions={tuple(_axes_tuple(axis))}")
    if not dims:
        return a
    return lax.squeeze(a, tuple(sorted(dims)))


# --- broadcasting --------------------------------------------------------------------------

def broadcast_shapes(*shapes) -> tuple:
    """The shape that arrays of `shapes` broadcast to."""
    if not shapes:
        return ()
    shapes = [canonicalize_shape(s, "broadcast_shapes") for s in shapes]
    return _avals.broadcast_shapes(*shapes)


def broadcast_to(array, shape, *, out_sharding=None):
    """`array` broadcast to `shape` (NumPy's rules)."""
    arr = _array("broadcast_to", array)
    old = arr.shape
    if shape == old:
        return arr
    target = canonicalize_shape(shape, "broadcast_to")
    if old == target:
        return arr
    lead = len(target) - len(old)
    if lead < 0 or builtins.any(d != 1 and d != t for d, t in zip(old, target[lead:])):
        raise ValueError(f"Incompatible shapes for broadcasting: {old} and requested shape "
                         f"{target}")
    return lax.broadcast_in_dim(arr, target, tuple(range(lead, len(target))))


def broadcast_arrays(*args):
    """The arguments broadcast against each other (a list of Arrays)."""
    check_arraylike("broadcast_arrays", *args)
    shapes = [np.shape(a) for a in args]
    if not shapes:
        return []
    if builtins.all(s == shapes[0] for s in shapes):
        return [asarray(a) for a in args]
    result = _avals.broadcast_shapes(*shapes)
    return [broadcast_to(a, result) for a in args]


def _atleast(fun_name, arys, nd):
    out = []
    for a in arys:
        a = _array(fun_name, a)
        if a.ndim < nd:
            if nd == 3 and a.ndim == 2:
                new = a.shape + (1,)
            elif nd == 3 and a.ndim == 1:
                new = (1,) + a.shape + (1,)
            else:
                new = (1,) * (nd - a.ndim) + a.shape
            a = lax.reshape(a, new)
        out.append(a)
    return out[0] if len(out) == 1 else out


def atleast_1d(*arys):
    """Each argument as an array of at least one dimension."""
    return _atleast("atleast_1d", arys, 1)


def atleast_2d(*arys):
    """Each argument as an array of at least two dimensions."""
    return _atleast("atleast_2d", arys, 2)


def atleast_3d(*arys):
    """Each argument as an array of at least three dimensions ((n,) becomes (1, n, 1))."""
    return _atleast("atleast_3d", arys, 3)


# --- joining ------------------------------------------------------------------------------

def _is_array(x) -> bool:
    return isinstance(x, (np.ndarray, Array))


def _promote_fast(*args):
    """promote_dtypes, skipping the work when the arguments are already Arrays of one
    dtype and weak flag (the common case in eager code)."""
    first = args[0]
    if isinstance(first, Array) and not isinstance(first, ExtendedArray):
        dtype, weak = first.dtype, first.weak_type
        if builtins.all(isinstance(a, Array) and a.dtype == dtype and a.weak_type == weak
                        for a in args[1:]):
            return list(args)
    return [asarray(a) for a in promote_dtypes(*args)]


def _concatenate_array(arr, axis, dtype):
    """concatenate of the rows of one array: a transpose and a reshape."""
    arr = asarray(arr, dtype=dtype)
    if axis is None:
        return ravel(arr)
    if arr.ndim == 0:
        raise ValueError("Need at least one array to concatenate.")
    if arr.ndim == 1:
        raise ValueError("Zero-dimensional arrays cannot be concatenated.")
    axis = canonicalize_axis(axis, arr.ndim - 1)
    moved = moveaxis(arr, 0, axis)
    new = moved.shape[:axis] + (moved.shape[axis] * moved.shape[axis + 1],) + \
        moved.shape[axis + 2:]
    return lax.reshape(moved, new)


def _check_concat_shapes(shapes, axis):
    nd = len(shapes[0])
    if builtins.any(len(s) != nd for s in shapes):
        raise TypeError("Cannot concatenate arrays with different numbers of dimensions: got "
                        f"{', '.join(map(str, shapes))}.")
    for s in shapes[1:]:
        if s[:axis] != shapes[0][:axis] or s[axis + 1:] != shapes[0][axis + 1:]:
            raise TypeError("Cannot concatenate arrays with shapes that differ in dimensions "
                            f"other than the one being concatenated: concatenating along "
                            f"dimension {axis} for shapes {', '.join(map(str, shapes))}.")


def concatenate(arrays, axis=0, dtype=None):
    """Join arrays along an existing axis (None flattens them first); dtypes promote."""
    if _is_array(arrays):
        return _concatenate_array(arrays, axis, dtype)
    arrays = list(arrays)
    check_arraylike("concatenate", *arrays)
    if not arrays:
        raise ValueError("Need at least one array to concatenate.")
    if axis is None:
        return concatenate([ravel(a) for a in arrays], 0, dtype=dtype)
    if np.ndim(arrays[0]) == 0:
        raise ValueError("Zero-dimensional arrays cannot be concatenated.")
    shapes = [tuple(np.shape(a)) for a in arrays]
    axis = canonicalize_axis(axis, len(shapes[0]))
    _check_concat_shapes(shapes, axis)
    arrays = _promote_fast(*arrays)
    if dtype is not None:
        req = dtypes.check_user_dtype(dtype, "concatenate")
        arrays = [asarray(convert_to(a, req, False)) for a in arrays]
    if len(arrays) == 1:
        return arrays[0]
    return lax.concatenate(arrays, axis)


def concat(arrays, /, *, axis=0):
    """Array API name of concatenate."""
    return concatenate(arrays, axis)


def append(arr, values, axis=None):
    """`values` appended to `arr` (both flattened when axis is None)."""
    if axis is None:
        return concatenate([ravel(arr), ravel(values)], 0)
    return concatenate([arr, values], axis)


def _elements(fun_name, seq):
    """The items of a sequence of array-likes, or the rows of one array."""
    if _is_array(seq):
        return list(unstack(asarray(seq)))
    seq = list(seq)
    check_arraylike(fun_name, *seq)
    return seq


def stack(arrays, axis=0, out=None, dtype=None):
    """Join arrays of one shape along a new axis."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.stack is not supported.")
    if _is_array(arrays):
        arrays = asarray(arrays)
        if arrays.ndim == 0:
            raise ValueError("Need at least one array to stack.")
        axis = canonicalize_axis(axis, arrays.ndim)
        return concatenate(expand_dims(arrays, axis + 1), axis=axis, dtype=dtype)
    arrays = list(arrays)
    if not arrays:
        raise ValueError("Need at least one array to stack.")
    check_arraylike("stack", *arrays)
    shape0 = tuple(np.shape(arrays[0]))
    axis = canonicalize_axis(axis, len(shape0) + 1)
    if builtins.any(tuple(np.shape(a)) != shape0 for a in arrays):
        raise ValueError("All input arrays must have the same shape.")
    return concatenate([expand_dims(a, axis) for a in arrays], axis, dtype=dtype)


def hstack(tup, dtype=None):
    """Join arrays column-wise (along axis 1, or 0 for 1-D arrays)."""
    arrs = [atleast_1d(a) for a in _elements("hstack", tup)]
    if not arrs:  # (JAX looks at the first array's rank first: an IndexError)
        raise IndexError("hstack: need at least one array to concatenate (list index out "
                         "of range)")
    return concatenate(arrs, axis=0 if arrs[0].ndim == 1 else 1, dtype=dtype)


def vstack(tup, dtype=None):
    """Join arrays row-wise (1-D arrays become rows)."""
    return concatenate([atleast_2d(a) for a in _elements("vstack", tup)], axis=0, dtype=dtype)


def dstack(tup, dtype=None):
    """Join arrays along the third axis."""
    return concatenate([atleast_3d(a) for a in _elements("dstack", tup)], axis=2, dtype=dtype)


def column_stack(tup):
    """Join 1-D arrays as columns (2-D arrays are joined along axis 1)."""
    arrs = []
    for a in _elements("column_stack", tup):
        a = asarray(a)
        arrs.append(reshape(a, (-1, 1)) if a.ndim < 2 else a)
    return concatenate(arrs, axis=1)


# --- splitting ----------------------------------------------------------------------------

def _slice_axis(a, start, stop, axis, stride=1):
    """a[..., start:stop:stride, ...] along `axis` (non-negative, in-bounds start/stop)."""
    if start == 0 and stop == a.shape[axis] and stride == 1:
        return a
    starts = [0] * a.ndim
    limits = list(a.shape)
    starts[axis], limits[axis] = start, stop
    strides = None
    if stride != 1:
        strides = [1] * a.ndim
        strides[axis] = stride
    return lax.slice(a, starts, limits, strides)


def _split(fun_name, ary, indices_or_sections, axis):
    ary = _array(fun_name, ary)
    axis = _index_axis(axis, ary.ndim)
    n = ary.shape[axis]
    if isinstance(indices_or_sections, (tuple, list)) or np.ndim(indices_or_sections) > 0:
        what = f"'indices_or_sections' argument of jnp.{fun_name}"
        cuts = [concrete_int(i, what) for i in
                (indices_or_sections if isinstance(indices_or_sections, (tuple, list))
                 else concrete_value(indices_or_sections, what))]
        # As JAX: cuts are taken as given (no wrapping or clipping), so every section's
        # size must come out nonnegative.
        sizes = [hi - lo for lo, hi in zip([0] + cuts, cuts + [n])]
        if builtins.any(size < 0 for size in sizes):
            raise ValueError(f"Sizes passed to split must be nonnegative, got {sizes}")
        offsets = np.cumsum([0] + sizes).tolist()
        bounds = list(zip(offsets[:-1], offsets[1:]))
    else:
        sections = concrete_int(indices_or_sections, f"'indices_or_sections' argument of "
                                f"jnp.{fun_name}")
        if sections == 0:  # (JAX divides by it)
            raise ZeroDivisionError(f"jnp.{fun_name}: the number of sections must be larger "
                                    "than 0 (integer division or modulo by zero)")
        if sections < 0:
            raise ValueError(f"Sum of sizes 0.0 must be equal to dimension {axis} of the "
                             f"operand shape {list(ary.shape)}: the number of sections "
                             f"({sections}) must be larger than 0")
        part, extra = divmod(n, sections)
        if extra and fun_name != "array_split":
            raise ValueError("array split does not result in an equal division")
        sizes = [part + 1] * extra + [part] * (sections - extra)
        offsets = np.cumsum([0] + sizes).tolist()
        bounds = list(zip(offsets[:-1], offsets[1:]))
    return [_slice_axis(ary, lo, hi, axis) for lo, hi in bounds]


def split(ary, indices_or_sections, axis=0):
    """`ary` split into equal sections, or at the given indices, along `axis`."""
    return _split("split", ary, indices_or_sections, axis)


def array_split(ary, indices_or_sections, axis=0):
    """As split, but a number of sections need not divide the axis evenly."""
    return _split("array_split", ary, indices_or_sections, axis)


def hsplit(ary, indices_or_sections):
    """split along axis 1 (axis 0 for 1-D arrays)."""
    a = _array("hsplit", ary)
    if a.ndim == 0:
        raise np.exceptions.AxisError("hsplit only works on arrays of 1 or more dimensions")
    return _split("hsplit", a, indices_or_sections, 0 if a.ndim == 1 else 1)


def vsplit(ary, indices_or_sections):
    """split along axis 0 (a 1-D array too, as JAX)."""
    a = _array("vsplit", ary)
    if a.ndim == 0:
        raise np.exceptions.AxisError("vsplit only works on arrays of 1 or more dimensions")
    return _split("vsplit", a, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    """split along axis 2 of an array of at least three dimensions."""
    a = _array("dsplit", ary)
    if a.ndim < 3:
        raise np.exceptions.AxisError("dsplit only works on arrays of 3 or more dimensions")
    return _split("dsplit", a, indices_or_sections, 2)


def unstack(x, /, *, axis=0):
    """The slices of `x` along `axis`, as a tuple."""
    x = _array("unstack", x)
    axis = canonicalize_axis(axis, x.ndim)
    return tuple(lax.squeeze(_slice_axis(x, i, i + 1, axis), (axis,))
                 for i in range(x.shape[axis]))


def _int32(value):
    return ArrayImpl(np.int32(value), False)


def _zero(dtype):
    return ArrayImpl(np.zeros((), dtype)[()], False)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal of `a` in the plane (axis1, axis2), as a new last axis."""
    check_arraylike("diagonal", a)
    a = asarray(a)
    if a.ndim < 2:
        raise ValueError("diagonal requires an array of at least two dimensions.")
    axis1, axis2 = canonicalize_axis(axis1, a.ndim), canonicalize_axis(axis2, a.ndim)
    if axis1 == axis2:  # (JAX's error: the transpose permutation it builds repeats an axis)
        raise TypeError(f"diagonal: axis1 and axis2 must differ, got both {axis1}: the "
                        "transpose permutation isn't a permutation of operand dimensions for "
                        f"operand shape {a.shape}.")
    return _diagonal(a, operator.index(offset), axis1, axis2)


# --- helpers shared with creation and contractions ----------------------------------------

def _diagonal(a, offset, axis1, axis2):
    """The diagonal of `a` in the plane (axis1, axis2), as the last axis: a strided slice
    of the flattened plane, where element j sits at j * (m + 1) + start."""
    a = asarray(a)
    a = moveaxis(a, (axis1, axis2), (-2, -1))
    *batch, n, m = a.shape
    if offset >= 0:
        length, start = builtins.max(0, builtins.min(n, m - offset)), offset
    else:
        length, start = builtins.max(0, builtins.min(n + offset, m)), -offset * m
    flat = lax.reshape(a, tuple(batch) + (n * m,))
    if length == 0:
        return _slice_axis(flat, 0, 0, len(batch))
    return _slice_axis(flat, start, start + (length - 1) * (m + 1) + 1, len(batch), m + 1)
