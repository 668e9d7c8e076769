"""Reordering an array's elements along its axes: flip, fliplr, flipud, rot90, roll (static
or traced shifts), tile, repeat (static or traced repeats with total_repeat_length).

As shape_ops.py: arguments are checked with JAX's messages, then lax operations composed.
"""
from __future__ import annotations

import builtins
import operator

import numpy as np

from .. import lax
from ..core.array import make_array
from ..core.avals import canonicalize_axis
from ..core.interpreters import Tracer, concrete_value
from .creation import asarray, concrete_int
from ._promote import check_arraylike
from .shape_ops import (_array, _axes_tuple, _canonical_axes, _int32, _slice_axis,
                        broadcast_to, ravel, reshape, stack, transpose)

__all__ = ["flip", "fliplr", "flipud", "rot90", "roll", "tile", "repeat"]


# --- flips, rotations, rolls -----------------------------------------------------------

def flip(m, axis=None):
    """`m` with the order of elements reversed along `axis` (all axes when None)."""
    m = _array("flip", m)
    if axis is None:
        dims = tuple(range(m.ndim))
    else:
        dims = _canonical_axes(_axes_tuple(axis), m.ndim, "flip")
    if not dims:
        return m
    return lax.rev(m, tuple(sorted(dims)))


def fliplr(m):
    """`m` flipped along axis 1."""
    return flip(_array("fliplr", m), 1)


def flipud(m):
    """`m` flipped along axis 0."""
    return flip(_array("flipud", m), 0)


def rot90(m, k=1, axes=(0, 1)):
    """`m` rotated by 90 degrees `k` times in the plane of `axes`."""
    m = _array("rot90", m)
    if m.ndim < 2:
        raise ValueError("rot90 requires its first argument to have ndim at least two, but got "
                         f"first argument of shape {m.shape}, which has ndim {m.ndim}")
    k = concrete_int(k, "'k' argument of jnp.rot90") % 4
    if len(axes) != 2:
        raise ValueError(f"len(axes) must be 2, got axes={axes} (too many values to unpack)"
                         if len(axes) > 2 else f"len(axes) must be 2, got axes={axes}")
    ax1, ax2 = canonicalize_axis(axes[0], m.ndim), canonicalize_axis(axes[1], m.ndim)
    if ax1 == ax2:
        raise ValueError("Axes must be different")
    if k == 0:
        return m
    if k == 2:
        return flip(m, (ax1, ax2))
    perm = list(range(m.ndim))
    perm[ax1], perm[ax2] = perm[ax2], perm[ax1]
    if k == 1:
        return transpose(flip(m, ax2), perm)
    return flip(transpose(m, perm), ax2)


def roll(a, shift, axis=None):
    """`a` with elements shifted cyclically by `shift` along `axis` (flattened if None)."""
    a = _array("roll", a)
    if axis is None:
        return reshape(roll(ravel(a), shift, 0), a.shape)
    traced = isinstance(shift, Tracer) or (isinstance(shift, (list, tuple)) and
                                           builtins.any(isinstance(s, Tracer) for s in shift))
    axes = np.asarray(axis)
    if traced:
        shifts = asarray(shift) if not isinstance(shift, (list, tuple)) else \
            stack([asarray(s) for s in shift])
        shifts_shape = shifts.shape
    else:
        shifts = np.asarray(concrete_value(shift, "The problem arose with the 'shift' "
                                           "argument of jnp.roll."))
        shifts_shape = shifts.shape
    b_shape = np.broadcast_shapes(shifts_shape, axes.shape, (1,))
    if len(b_shape) != 1:
        raise ValueError("'shift' and 'axis' arguments to roll must be scalars or 1D arrays")
    axes = np.broadcast_to(axes, b_shape)
    if not traced:
        for s, ax in zip(np.broadcast_to(shifts, b_shape), axes):
            ax = canonicalize_axis(int(ax), a.ndim)
            n = a.shape[ax]
            if n == 0:
                continue
            s = int(s) % n
            if s:
                a = lax.concatenate([_slice_axis(a, n - s, n, ax), _slice_axis(a, 0, n - s, ax)],
                                    ax)
        return a
    shifts = broadcast_to(shifts, b_shape)
    for i, ax in enumerate(axes):
        ax = canonicalize_axis(int(ax), a.ndim)
        n = a.shape[ax]
        if n == 0:
            continue
        s = lax.convert_element_type(lax.squeeze(_slice_axis(shifts, i, i + 1, 0), (0,)),
                                     np.dtype(np.int32))
        s = lax.rem(s, _int32(n))
        s = lax.select_n(lax.lt(s, _int32(0)), s, lax.add(s, _int32(n)))
        doubled = lax.concatenate([a, a], ax)
        starts = [_int32(0)] * a.ndim
        starts[ax] = lax.sub(_int32(n), s)
        a = lax.dynamic_slice(doubled, starts, a.shape)
    return a


# --- tile and repeat ----------------------------------------------------------------------

def tile(A, reps):
    """`A` repeated `reps` times along each axis."""
    A = _array("tile", A)
    if type(reps) is float and reps.is_integer():  # (JAX takes a whole float count)
        reps = int(reps)
    try:
        reps = tuple(reps)
    except TypeError:
        reps = (reps,)
    reps = tuple(concrete_int(r, "'reps' argument of jnp.tile") for r in reps)
    if builtins.any(r < 0 for r in reps):
        raise ValueError(f"jnp.tile: negative repetitions are not allowed, got {reps}")
    a_shape = (1,) * (len(reps) - A.ndim) + A.shape
    reps = (1,) * (len(a_shape) - len(reps)) + reps
    A = reshape(A, a_shape)
    if builtins.all(r == 1 for r in reps):
        return A
    interleaved = tuple(x for r, d in zip(reps, a_shape) for x in (r, d))
    out = lax.broadcast_in_dim(A, interleaved, tuple(range(1, 2 * len(reps), 2)))
    return lax.reshape(out, tuple(r * d for r, d in zip(reps, a_shape)))


def _repeat_traced(a, repeats, axis, total):
    """repeat with traced counts and a static output length: output j takes the element
    whose run covers j, i.e. the number of runs ending at or before j (clamped, so that
    entries past the sum repeat the last element)."""
    n = a.shape[axis]
    if n == 0 or total == 0:
        return _slice_axis(a, 0, 0, axis) if total == 0 else a
    int32 = np.dtype(np.int32)
    counts = broadcast_to(ravel(lax.convert_element_type(repeats, int32)), (n,))
    ends = lax.cumsum(counts, 0)
    positions = lax.broadcasted_iota(int32, (total, n), 0)
    done = lax.le(lax.broadcast_in_dim(ends, (total, n), (1,)), positions)
    index = lax.reduce_sum(lax.convert_element_type(done, int32), (1,))
    index = lax.min(index, lax.broadcast_in_dim(_int32(n - 1), (total,), ()))
    return _take(a, lax.reshape(index, (total, 1)), axis, sorted_indices=True)


def _take_static(a, indices, axis):
    """a.take(indices, axis) for indices known in NumPy (all in bounds)."""
    indices = np.asarray(indices, np.int32)
    return _take(a, make_array(indices.reshape(-1, 1)), axis,
                 sorted_indices=bool(np.all(np.diff(indices) >= 0)))


def _take(a, indices, axis, sorted_indices):
    """a.take(indices[:, 0], axis) for an in-bounds (k, 1) int32 index array."""
    nd = a.ndim
    dnums = lax.GatherDimensionNumbers(
        offset_dims=tuple(d for d in range(nd) if d != axis), collapsed_slice_dims=(axis,),
        start_index_map=(axis,))
    slice_sizes = tuple(1 if d == axis else s for d, s in enumerate(a.shape))
    return lax.gather(a, indices, dnums, slice_sizes, indices_are_sorted=sorted_indices,
                      mode="promise_in_bounds")


def repeat(a, repeats, axis=None, *, total_repeat_length=None, out_sharding=None):
    """Each element of `a` repeated `repeats` times along `axis` (flattened if None)."""
    check_arraylike("repeat", a)
    if not isinstance(repeats, int):
        check_arraylike("repeat", repeats)
    if axis is None:
        a = ravel(a)
        axis = 0
    else:
        a = asarray(a)
    axis = concrete_int(axis, "'axis' argument of jnp.repeat()")
    if isinstance(repeats, Tracer) and total_repeat_length is not None and a.ndim:
        return _repeat_traced(a, repeats, canonicalize_axis(axis, a.ndim),
                              operator.index(total_repeat_length))
    repeats = concrete_value(
        repeats, "When jit-compiling jnp.repeat, the total number of repeats must be static. "
        "wax needs a static value for `repeats`.")
    repeats = np.asarray(repeats)
    if repeats.dtype.kind not in "iub":
        raise TypeError("repeat: Shapes must be 1D sequences of concrete values of integer "
                        f"type: repeats must be integers, got {repeats!r}")
    if np.any(repeats < 0):
        raise TypeError("repeat: repeats may not contain negative values (broadcast_in_dim "
                        f"shape must have every element be nonnegative), got {repeats!r}")
    if a.ndim == 0:
        if repeats.size != 1:
            raise ValueError("`repeat` with a scalar parameter `a` is only implemented for "
                             "scalar values of the parameter `repeats`.")
        count = int(repeats.reshape(())) if total_repeat_length is None else \
            total_repeat_length
        return broadcast_to(a, (count,))
    axis = canonicalize_axis(axis, a.ndim)
    n = a.shape[axis]
    if repeats.ndim == 0 and total_repeat_length is None:
        r = int(repeats)
        expanded_shape = a.shape[:axis + 1] + (r,) + a.shape[axis + 1:]
        dims = tuple(d for d in range(a.ndim + 1) if d != axis + 1)
        out = lax.broadcast_in_dim(a, expanded_shape, dims)
        return lax.reshape(out, a.shape[:axis] + (n * r,) + a.shape[axis + 1:])
    if repeats.size not in (1, n):
        raise ValueError(f"repeat: {repeats.size} repeat counts given for the {n} elements "
                         f"along axis {axis} of an array of shape {a.shape}")
    repeats = np.broadcast_to(repeats.ravel(), (n,))
    indices = np.repeat(np.arange(n), repeats)
    if total_repeat_length is not None:
        total = operator.index(total_repeat_length)
        # As JAX: extra entries repeat the last element, missing ones are cut off.
        indices = np.concatenate([indices[:total],
                                  np.full(builtins.max(0, total - len(indices)), n - 1)])
    if n == 0:
        return a  # as JAX: an empty axis stays empty, whatever total_repeat_length says
    if len(indices) == 0:
        return _slice_axis(a, 0, 0, axis)
    return _take_static(a, indices, axis)
