"""Element placement and selection: put, put_along_axis, place, insert, delete, resize,
block, choose, compress, extract and piecewise.

JAX arrays are immutable, so the NumPy functions that write in place (put, place,
put_along_axis) return a new array and insist on inplace=False. Positions that depend
on values (place's mask, insert's indices, compress with size=) are computed with lax
operations, so they may be traced; the ones that fix an output shape (delete's indices,
compress without size=, choose's 'raise' check) must be concrete, as in JAX.
"""
from __future__ import annotations

import builtins
import math

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import Array, make_array
from ..core.avals import broadcast_shapes, canonicalize_axis
from ..core.interpreters import Tracer, concrete_value
from ._promote import check_arraylike, convert_to, promote_dtypes
from .creation import arange, array, asarray, concrete_int, full, zeros, zeros_like
from .shape_ops import broadcast_arrays, broadcast_to, concatenate, moveaxis, ravel, reshape

__all__ = ["put", "put_along_axis", "place", "insert", "delete", "resize", "block",
           "choose", "compress", "extract", "piecewise"]


def _inplace_error(name):
    return ValueError(f"jax.numpy.{name} cannot modify arrays in-place, because JAX arrays "
                      "are immutable. Pass inplace=False to instead return an updated array.")


def _index_dtype():
    return dtypes.default_int_dtype()


def _tile_to(flat, n):
    """The 1-D `flat` repeated and cut to length n (np.resize's rule)."""
    if flat.shape[0] == n:
        return flat
    reps = -(-n // flat.shape[0])
    if reps > 1:
        flat = concatenate([flat] * reps)
    return lax.slice(flat, (0,), (n,))


def _check_integer(name, what, x):
    if not dtypes.is_integer(x.dtype):
        raise TypeError(f"jnp.{name}: {what} must be of integer type, got {x.dtype.name}")


# --- put, put_along_axis, place --------------------------------------------------------------

def put(a, ind, v, mode=None, *, inplace=True):
    """A copy of `a` with the elements at flat positions `ind` replaced by `v` (repeated as
    needed). mode: None (as JAX: a negative index counts from the end once, then indices
    are clipped), 'clip' (clipped as given) or 'wrap'."""
    if inplace:
        raise _inplace_error("put")
    check_arraylike("put", a, ind, v)
    a, ind, v = asarray(a), ravel(asarray(ind)), ravel(asarray(v))
    _check_integer("put", "indices", ind)
    if a.size == 0 or ind.size == 0 or v.size == 0:
        return a
    v = _tile_to(v, ind.size)
    n = a.size
    if mode is None:
        scatter_mode = "clip"
    elif mode == "clip":
        ind = lax.clamp(convert_to(0, ind.dtype), ind, convert_to(n - 1, ind.dtype))
        scatter_mode = "promise_in_bounds"
    elif mode == "wrap":
        from .ufuncs import remainder
        ind = remainder(ind, convert_to(n, ind.dtype))
        scatter_mode = "promise_in_bounds"
    elif mode == "raise":
        raise NotImplementedError("The 'raise' mode to jnp.put is not supported.")
    else:
        raise ValueError(f"mode should be one of 'wrap' or 'clip'; got mode={mode!r}")
    out = ravel(a).at[ind].set(v, mode=scatter_mode)
    return lax.reshape(out, a.shape)


def _along_axis_index(shape, indices, axis):
    """The full index tuple that addresses `indices` along `axis` and every position of the
    other axes (indices broadcast against shape, as take_along_axis)."""
    rank = len(shape)
    target = broadcast_shapes(indices.shape, shape[:axis] + (1,) + shape[axis + 1:])
    out = []
    for d in range(rank):
        if d == axis:
            out.append(broadcast_to(indices, target))
        else:
            iota = lax.broadcasted_iota(_index_dtype(), target, d)
            out.append(iota)
    return tuple(out)


def put_along_axis(arr, indices, values, axis, inplace=True, *, mode=None):
    """A copy of `arr` with `values` written at `indices` along `axis` (the counterpart of
    take_along_axis); out-of-bounds indices are dropped unless mode='clip'."""
    if inplace:
        raise _inplace_error("put_along_axis")
    check_arraylike("put_along_axis", arr, indices, values)
    arr, indices, values = asarray(arr), asarray(indices), asarray(values)
    _check_integer("put_along_axis", "indices", indices)
    original_shape = arr.shape
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("put_along_axis: indices must be 1-D when axis=None, got shape "
                             f"{indices.shape}")
        arr = ravel(arr)
        axis = 0
    axis = canonicalize_axis(concrete_int(axis, "'axis' argument of jnp.put_along_axis"),
                             arr.ndim)
    if indices.ndim != arr.ndim:
        raise ValueError("put_along_axis: indices and arr must have the same number of "
                         f"dimensions; got {indices.ndim} and {arr.ndim}")
    index = _along_axis_index(arr.shape, indices, axis)
    out = arr.at[index].set(values, mode=mode)
    return lax.reshape(out, original_shape) if out.shape != original_shape else out


def place(arr, mask, vals, *, inplace=True):
    """A copy of `arr` whose elements where `mask` holds are, in order, the values of `vals`
    (repeated as needed). The mask may be traced."""
    if inplace:
        raise _inplace_error("place")
    check_arraylike("place", arr, mask, vals)
    arr, mask, vals = asarray(arr), asarray(mask), ravel(asarray(vals))
    if arr.size != mask.size:
        raise ValueError(f"place: arr and mask must be the same size, got shapes {arr.shape} "
                         f"and {mask.shape}")
    if vals.size == 0:
        raise ValueError("Cannot place values from an empty array")
    if arr.size == 0:
        return arr
    from .sorting import nonzero
    n = mask.size
    # The k-th masked position receives vals[k % len(vals)]; unused slots point past the
    # end and are dropped.
    positions, = nonzero(ravel(mask), size=n, fill_value=n)
    out = ravel(arr).at[positions].set(_tile_to(vals, n), mode="drop")
    return lax.reshape(out, arr.shape)


# --- insert, delete, resize ------------------------------------------------------------------

def _axis_and_array(name, arr, axis):
    a = asarray(arr)
    if axis is None:
        return ravel(a), 0
    axis = concrete_int(axis, f"'axis' argument of jnp.{name}()")
    return a, canonicalize_axis(axis, a.ndim)


def insert(arr, obj, values, axis=None):
    """`arr` with `values` inserted before the indices `obj` along `axis` (flattened when
    None). Out-of-range indices are clipped to the ends (NumPy raises); `obj` may be traced."""
    check_arraylike("insert", arr, 0 if isinstance(obj, slice) else obj, values)
    a, axis = _axis_and_array("insert", arr, axis)
    n_input = a.shape[axis]
    traced = isinstance(obj, Tracer)
    if isinstance(obj, slice):
        indices = np.arange(*obj.indices(n_input))
    elif traced:
        indices = obj
    else:
        indices = np.asarray(concrete_value(obj))
    if indices.ndim > 1:
        raise ValueError("jnp.insert(): obj must be a slice, a one-dimensional array, or a "
                         f"scalar; got {obj}")
    if not dtypes.is_integer(dtypes.canonicalize_dtype(indices.dtype)):
        if indices.size == 0 and not isinstance(obj, Array):
            indices = np.zeros((0,), np.int64)
        else:
            raise ValueError(f"jnp.insert(): index array must be integer typed; got {obj}")
    values = array(values, dtype=a.dtype, ndmin=a.ndim, copy=False)
    if indices.size == 1 and indices.ndim == 0:
        values = moveaxis(values, 0, axis)
    if indices.size == 1:
        count = values.shape[axis]
        indices = (lax.broadcast_in_dim(lax.reshape(indices, ()), (count,), ()) if traced
                   else np.full((count,), indices.ravel()[0]))
    n_insert = broadcast_shapes(indices.shape, (values.shape[axis],))[0]
    if traced:
        values_at, arr_at = _insert_positions(broadcast_to(indices, (n_insert,)), n_input,
                                              n_insert)
    else:
        values_at, arr_at = (make_array(p.astype(_index_dtype())) for p in
                             _insert_positions_static(np.broadcast_to(indices, (n_insert,)),
                                                      n_input, n_insert))
    out_shape = a.shape[:axis] + (n_input + n_insert,) + a.shape[axis + 1:]
    lead = (slice(None),) * axis
    out = zeros_like(a, shape=out_shape)  # (of a's dtype; for keys, keys of zero data)
    out = out.at[lead + (values_at,)].set(values)
    out = out.at[lead + (arr_at,)].set(a)
    return convert_to(out, a.dtype, dtypes.dtype_and_weak(a)[1])


def _insert_positions_static(indices, n_input, n_insert):
    """Where the inserted values and the original entries land in the output: the values
    for index i go before original entry i, several at one index in their given order."""
    wrapped = np.clip(np.where(indices < 0, indices + n_input, indices), 0, n_input)
    order = np.argsort(wrapped, kind="stable")
    values_at = wrapped.astype(np.int64)
    values_at[order] += np.arange(n_insert)
    keep = np.ones(n_input + n_insert, bool)
    keep[values_at] = False
    return values_at, np.flatnonzero(keep)


def _insert_positions(indices, n_input, n_insert):
    """_insert_positions_static for traced indices, in lax operations."""
    from .sorting import argsort, nonzero
    from .ufuncs_extra import clip
    dtype = indices.dtype if indices.dtype.itemsize >= 4 else np.dtype(np.int32)
    indices = convert_to(indices, dtype)
    wrapped = lax.select_n(lax.lt(indices, convert_to(0, dtype)), indices,
                           lax.add(indices, convert_to(n_input, dtype)))
    wrapped = clip(wrapped, 0, n_input)
    order = argsort(wrapped, stable=True)
    values_at = wrapped.at[order].add(arange(n_insert, dtype=dtype))
    keep = full((n_input + n_insert,), True).at[values_at].set(False)
    arr_at, = nonzero(keep, size=n_input)
    return values_at, arr_at


def delete(arr, obj, axis=None, *, assume_unique_indices=False):
    """`arr` without the entries at `obj` (an int, slice, integer array or boolean mask)
    along `axis` (flattened when None). Index arrays must be concrete unless
    assume_unique_indices=True, which also allows traced indices."""
    check_arraylike("delete", arr)
    a, axis = _axis_and_array("delete", arr, axis)
    n = a.shape[axis]
    if isinstance(obj, slice):
        keep = np.ones(n, bool)
        keep[obj] = False
        return _take_static(a, np.flatnonzero(keep), axis)
    if isinstance(obj, (int, np.integer)) and not isinstance(obj, (bool, np.bool_)):
        i = int(obj)
        if not -n <= i < n:
            raise ValueError(f"jnp.delete(): index {i} is out of bounds for axis {axis} with "
                             f"size {n}")
        i %= n
        return concatenate([lax.slice_in_dim(a, 0, i, axis=axis),
                            lax.slice_in_dim(a, i + 1, n, axis=axis)], axis=axis)
    check_arraylike("delete", obj)
    if assume_unique_indices:
        return _delete_unique(a, asarray(obj), axis, n)
    value = np.asarray(concrete_value(obj, "The problem arose with the 'obj' array argument "
                                           "of jnp.delete()."))
    if value.dtype == np.bool_:
        if value.shape != (n,):
            raise ValueError(f"jnp.delete(): a boolean mask must have shape ({n},) to match "
                             f"axis {axis}; got shape {value.shape}")
        return _take_static(a, np.flatnonzero(~value), axis)
    if value.size == 0:
        return a
    if value.dtype.kind not in "iu":
        raise ValueError("index array argument obj to delete must be one of integer or "
                         f"boolean type, got {value.dtype.name}")
    value = value.ravel().astype(np.int64)
    bad = value[(value < -n) | (value >= n)]
    if bad.size:
        raise IndexError(f"index {bad[0]} is out of bounds for axis {axis} with size {n}")
    keep = np.ones(n, bool)
    keep[value] = False
    return _take_static(a, np.flatnonzero(keep), axis)


def _take_static(a, positions, axis):
    """a's entries at the concrete, sorted `positions` along `axis`."""
    if positions.size == a.shape[axis]:
        return a
    index = make_array(positions.astype(_index_dtype()))
    return a[(slice(None),) * axis + (index,)]


def _delete_unique(a, obj, axis, n):
    """delete for unique (possibly traced) indices: output position i reads input position
    i + #{j : sorted_obj[j] - j <= i}."""
    from .sorting import sort
    _check_integer("delete", "obj", obj)
    obj = ravel(obj)
    k = obj.size
    if k == 0:
        return a
    dtype = _index_dtype()
    obj = convert_to(obj, dtype)
    obj = lax.select_n(lax.lt(obj, convert_to(0, dtype)), obj, lax.add(obj, convert_to(n, dtype)))
    shifted = lax.sub(sort(obj), arange(k, dtype=dtype))
    out_positions = arange(builtins.max(n - k, 0), dtype=dtype)
    before = lax.le(lax.broadcast_in_dim(shifted, (k, n - k), (0,)),
                    lax.broadcast_in_dim(out_positions, (k, n - k), (1,)))
    source = lax.add(out_positions, lax.reduce_sum(lax.convert_element_type(before, dtype), (0,)))
    return a[(slice(None),) * axis + (source,)]


def resize(a, new_shape):
    """An array of shape `new_shape` filled with a's flattened elements, repeated as needed."""
    check_arraylike("resize", a)
    a = asarray(a)
    shape = (new_shape,) if isinstance(new_shape, (int, np.integer)) else tuple(new_shape)
    shape = tuple(concrete_int(d, "'new_shape' argument of jnp.resize()") for d in shape)
    if builtins.any(d < 0 for d in shape):
        raise ValueError("all elements of `new_shape` must be non-negative")
    size = math.prod(shape)
    if a.size == 0 or size == 0:
        return zeros(shape, a.dtype)
    flat = _tile_to(ravel(a), size)
    return reshape(flat, shape)


# --- block ----------------------------------------------------------------------------------

def block(arrays):
    """An array assembled from nested lists of blocks: the innermost lists are joined along
    the last axis, the next ones along the one before, and so on."""
    depth, max_ndim = _block_depth(arrays, ())
    if depth == 0:
        check_arraylike("block", arrays)
        return asarray(arrays)
    ndim = builtins.max(depth, max_ndim)
    return _block_join(arrays, depth, ndim, 0)


def _block_depth(arrays, index):
    """(list depth, largest leaf ndim), checking JAX's rules on tuples and empty lists."""
    if isinstance(arrays, tuple):
        raise ValueError(f"jax.numpy.block does not allow tuples, got {arrays}")
    if isinstance(arrays, list):
        if not arrays:
            raise ValueError("jax.numpy.block does not allow empty list arguments")
        results = [_block_depth(item, index + (i,)) for i, item in enumerate(arrays)]
        depths = {d for d, _ in results}
        if len(depths) != 1:
            raise ValueError("Mismatched list depths in jax.numpy.block")
        return depths.pop() + 1, builtins.max(m for _, m in results)
    check_arraylike("block", arrays)
    return 0, np.ndim(arrays) if not isinstance(arrays, Array) else arrays.ndim


def _block_join(arrays, depth, ndim, level):
    if level == depth:
        x = asarray(arrays)
        if x.ndim < ndim:
            x = lax.reshape(x, (1,) * (ndim - x.ndim) + x.shape)
        return x
    parts = [_block_join(item, depth, ndim, level + 1) for item in arrays]
    return concatenate(parts, axis=-(depth - level))


# --- choose, compress, extract ----------------------------------------------------------------

def choose(a, choices, out=None, mode="raise"):
    """Element i of choices[a[i]], everything broadcast together. mode: 'raise' (a must be
    concrete and in range), 'wrap' or 'clip'."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.choose is not supported.")
    check_arraylike("choose", a, *choices)
    a = asarray(a)
    if not dtypes.is_integer(a.dtype):
        raise ValueError(f"`a` array must be integer typed, got {a.dtype.name}")
    n = len(choices)
    if mode == "raise":
        value = np.asarray(concrete_value(
            a, "The error occurred because jnp.choose was jit-compiled with mode='raise'. "
               "Use mode='wrap' or mode='clip' instead."))
        if n == 0 or np.any(value < 0) or np.any(value >= n):
            raise ValueError("invalid entry in choice array")
    elif mode == "wrap":
        if n == 0:
            raise ValueError("invalid entry in choice array")
        from .ufuncs import remainder
        a = remainder(a, convert_to(n, a.dtype))
    elif mode == "clip":
        if n == 0:
            raise ValueError("invalid entry in choice array")
        a = lax.clamp(convert_to(0, a.dtype), a, convert_to(n - 1, a.dtype))
    else:
        raise ValueError(f"mode={mode!r} not understood. Must be 'raise', 'wrap', or 'clip'")
    which = convert_to(a, np.dtype(np.int32))
    cases = [asarray(c) for c in promote_dtypes(*choices)]
    which, *cases = broadcast_arrays(which, *cases)
    out = lax.select_n(which, *cases)
    return convert_to(out, out.dtype, False)  # (strong even for Python scalars, as JAX)


def compress(condition, a, axis=None, *, size=None, fill_value=0, out=None):
    """The slices of `a` along `axis` (flattened when None) where the 1-D `condition` holds;
    with `size`, exactly that many, padded with `fill_value` (condition may then be traced)."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.compress is not supported.")
    check_arraylike("compress", condition, a, fill_value)
    a = asarray(a)
    if np.ndim(condition) != 1:
        raise ValueError(f"condition must be a 1D array, got shape {np.shape(condition)}")
    if axis is None:
        a, axis = ravel(a), 0
    else:
        axis = canonicalize_axis(concrete_int(axis, "'axis' argument of jnp.compress"), a.ndim)
    n = a.shape[axis]
    if size is not None:
        size = concrete_int(size, "'size' argument of jnp.compress")
        usable = min(np.shape(condition)[0], n)  # (the axis is cut to the condition)
        if not 0 <= size <= usable:
            raise ValueError("size must be positive and not greater than the size of the "
                             f"array axis; got size={size} for a.shape[axis]={usable}")
    if isinstance(condition, Tracer):
        if size is None:
            # As JAX, which tests the entries past the axis' end with a Python `if`: a
            # TracerBoolConversionError (pass size= to use jnp.compress under jit).
            bool(_as_bool(condition)[n:].any())
        return _compress_traced(condition, a, axis, n, size, fill_value)
    mask = np.asarray(concrete_value(condition)) != 0
    if mask.shape[0] > n:
        if mask[n:].any():
            raise ValueError("condition contains entries that are out of bounds")
        mask = mask[:n]
    positions = np.flatnonzero(mask)
    if size is None:
        return _take_static(a, positions, axis)
    positions = np.concatenate([positions[:size], np.full(max(size - positions.size, 0), n)])
    return _take_filled(a, make_array(positions.astype(_index_dtype())), axis, fill_value)


def _take_filled(a, positions, axis, fill_value):
    """a's slices at `positions` along `axis`, `fill_value` where a position is n."""
    from .taking import take
    return take(a, positions, axis=axis, mode="fill", fill_value=fill_value)


def _compress_traced(condition, a, axis, n, size, fill_value):
    """compress for a traced condition (size given): the first `size` true positions."""
    from .sorting import nonzero
    condition = _as_bool(condition)
    length = condition.shape[0]
    if length > n:
        # Entries past the end cannot be checked when traced: they are ignored.
        condition = lax.slice(condition, (0,), (n,))
    elif length < n:
        condition = concatenate([condition, full((n - length,), False)])
    positions, = nonzero(condition, size=size, fill_value=n)
    return _take_filled(a, positions, axis, fill_value)


def extract(condition, arr, *, size=None, fill_value=0):
    """The elements of `arr` where `condition` holds, both flattened (see compress)."""
    check_arraylike("extract", condition, arr, fill_value)
    if isinstance(condition, Tracer):
        condition = ravel(condition)
    else:
        condition = np.ravel(np.asarray(concrete_value(condition)))
    return compress(condition, ravel(asarray(arr)), size=size, fill_value=fill_value)


# --- piecewise ---------------------------------------------------------------------------------

def piecewise(x, condlist, funclist, *args, **kw):
    """funclist[i](x) where condlist[i] holds (later conditions win), the extra last entry
    (or 0) elsewhere. Entries of funclist are callables or constants; each is applied
    element by element (vmapped) and its result cast to x's dtype."""
    check_arraylike("piecewise", x)
    x = asarray(x)
    if isinstance(condlist, (Array, np.ndarray)) or (
            isinstance(condlist, (list, tuple)) and not condlist):
        conds = asarray(condlist)
        cond_list = [conds[i] for i in range(conds.shape[0])] if conds.ndim else [conds]
    else:
        cond_list = list(condlist)
    check_arraylike("piecewise", *cond_list)
    nc, nf = len(cond_list), len(funclist)
    if nf == nc + 1:
        funcs, default = list(funclist[:nc]), funclist[nc]
    elif nf == nc:
        funcs, default = list(funclist), 0
    else:
        raise ValueError(f"with {nc} condition(s), either {nc} or {nc + 1} functions are "
                         f"expected; got {nf}")
    conds = [broadcast_to(_as_bool(c), x.shape) for c in cond_list]
    # The branch of each element: 1 + the last condition that holds, 0 for the default.
    dtype = np.dtype(np.int32)
    which = full(x.shape, 0, dtype)
    for i, c in enumerate(conds):
        which = lax.select_n(c, which, full(x.shape, i + 1, dtype))
    branches = [_branch(f, x.dtype, kw) for f in [default] + funcs]
    from .functional import vectorize

    def pick(index, value, *extra):
        return lax.switch(index, branches, value, *extra)
    return vectorize(pick)(which, x, *args)


def _as_bool(c):
    c = asarray(c)
    return c if c.dtype == dtypes.bool_ else lax.ne(c, convert_to(0, c.dtype))


def _branch(f, dtype, kw):
    """A piecewise branch returning an array of `dtype` (constants become functions); the
    keyword arguments are passed unchanged (not vectorized)."""
    if callable(f):
        def branch(value, *args):
            return convert_to(asarray(f(value, *args, **kw)), dtype)
    else:
        def branch(value, *args):
            return convert_to(asarray(f), dtype)
    return branch

