"""jnp.pad: constant, edge, wrap, reflect and symmetric (even and odd), linear_ramp and the
statistic modes (maximum, minimum, mean, median), and a callable mode; built from lax.pad,
slices, reversals and concatenations along one axis at a time."""
from __future__ import annotations

import builtins

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.interpreters import Tracer, concrete_value
from ._promote import convert_to
from .shape_ops import _array, _slice_axis, broadcast_to

__all__ = ["pad"]


_PAD_KWARGS = {"constant": {"constant_values"}, "edge": set(), "wrap": set(), "empty": set(),
               "reflect": {"reflect_type"}, "symmetric": {"reflect_type"},
               "linear_ramp": {"end_values"}, "maximum": {"stat_length"},
               "minimum": {"stat_length"}, "mean": {"stat_length"},
               "median": {"stat_length"}}


def _pad_pairs(value, nd, what):
    """A pad_width-like argument broadcast to nd (before, after) pairs of ints."""
    arr = np.asarray(concrete_value(value, f"The problem arose with the {what} argument of "
                                    "jnp.pad."))
    if arr.dtype.kind not in "iu":
        if arr.size and not np.all(np.equal(np.mod(arr, 1), 0)):
            raise TypeError(f"`{what}` must be of integral type.")
        arr = arr.astype(np.int64)
    try:
        pairs = np.broadcast_to(arr, (nd, 2))
    except ValueError:
        raise ValueError(f"jnp.pad: {what} with shape {arr.shape} cannot be broadcast to "
                         f"({nd}, 2)") from None
    if np.any(pairs < 0):
        raise ValueError("index can't contain negative values")
    return [(int(b), int(e)) for b, e in pairs]


def pad(array, pad_width, mode="constant", **kwargs):
    """`array` padded by `pad_width` along each axis. Modes: constant, empty, edge, wrap,
    reflect, symmetric, linear_ramp (end_values), maximum, minimum, mean, median
    (stat_length; integer results rounded half to even), or a function
    `mode(vector, iaxis_pad_width, iaxis, kwargs)` returning each padded 1-D vector, the
    array being padded with zeros first (as JAX: it returns the vector, no in-place
    update)."""
    array = _array("pad", array)
    nd = array.ndim
    if callable(mode):
        widths = _pad_pairs(pad_width, nd, "pad_width")
        return _pad_function(array, widths, mode, kwargs) if nd else array
    if mode not in _PAD_KWARGS:
        raise NotImplementedError(f"Unimplemented padding mode '{mode}' for np.pad.")
    unsupported = set(kwargs) - _PAD_KWARGS[mode]
    if unsupported:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {unsupported}")
    widths = _pad_pairs(pad_width, nd, "pad_width")
    if nd == 0:
        return array
    if mode in ("constant", "empty"):
        return _pad_constant(array, widths, kwargs.get("constant_values", 0))
    if mode in _STATISTICS:
        stat_length = kwargs.get("stat_length")
        lengths = None if stat_length is None else _pad_pairs(stat_length, nd, "stat_length")
        return _pad_statistic(array, widths, lengths, mode)
    if mode == "linear_ramp":
        return _pad_linear_ramp(array, widths, kwargs.get("end_values", 0))
    for i, (before, after) in enumerate(widths):
        if array.shape[i] == 0 and (before or after):
            raise ValueError(f"Cannot apply '{mode}' padding to empty axis {i}")
    if mode == "edge":
        return _pad_edge(array, widths)
    if mode == "wrap":
        return _pad_wrap(array, widths)
    if mode in ("reflect", "symmetric"):
        reflect_type = kwargs.get("reflect_type", "even")
        if reflect_type not in ("even", "odd"):
            raise ValueError(f"unsupported reflect_type '{reflect_type}'")
        return _pad_reflect(array, widths, mode, reflect_type)


def _pad_constant(array, widths, constant_values):
    dtype, weak = dtypes.dtype_and_weak(array)
    if isinstance(constant_values, Tracer) or np.ndim(constant_values) == 0:
        value = convert_to(constant_values if not isinstance(constant_values, np.ndarray)
                           else constant_values[()], dtype, False)
        return lax.pad(array, value, [(b, e, 0) for b, e in widths])
    values = np.broadcast_to(np.asarray(concrete_value(constant_values)), (array.ndim, 2))
    for i, (before, after) in enumerate(widths):
        for side, width in ((0, before), (1, after)):
            if width:
                config = [(0, 0, 0)] * array.ndim
                config[i] = (width, 0, 0) if side == 0 else (0, width, 0)
                array = lax.pad(array, convert_to(values[i, side][()], dtype, False), config)
    return array


def _edge_block(array, axis, width, before):
    n = array.shape[axis]
    edge = _slice_axis(array, 0, 1, axis) if before else _slice_axis(array, n - 1, n, axis)
    target = list(array.shape)
    target[axis] = width
    return broadcast_to(edge, tuple(target))


def _pad_edge(array, widths):
    for axis, (before, after) in enumerate(widths):
        parts = []
        if before:
            parts.append(_edge_block(array, axis, before, True))
        parts.append(array)
        if after:
            parts.append(_edge_block(array, axis, after, False))
        if len(parts) > 1:
            array = lax.concatenate(parts, axis)
    return array


def _pad_wrap(array, widths):
    for axis, (before, after) in enumerate(widths):
        if not (before or after):
            continue
        n = array.shape[axis]
        copies_before, copies_after = -(-before // n), -(-after // n)
        tiled = lax.concatenate([array] * (copies_before + 1 + copies_after), axis)
        start = copies_before * n - before
        array = _slice_axis(tiled, start, start + before + n + after, axis)
    return array


def _pad_reflect(array, widths, mode, reflect_type):
    """Mirror the array at its edges, extending by at most one period per step, as NumPy
    does (the 'odd' type then extends the values, not only the pattern)."""
    for axis, (before, after) in enumerate(widths):
        n = array.shape[axis]
        offset = 1 if mode == "reflect" and n > 1 else 0
        period = n - offset
        for is_before, width in ((True, before), (False, after)):
            edge = _edge_block(array, axis, 1, is_before)
            while width > 0:
                step = builtins.min(width, period)
                width -= step
                size = array.shape[axis]
                if is_before:
                    block = _slice_axis(array, offset, offset + step, axis)
                else:
                    stop = size - offset if (mode == "reflect" and n > 1) else size
                    block = _slice_axis(array, stop - step, stop, axis)
                block = lax.rev(block, (axis,))
                if reflect_type == "odd":
                    block = _odd_reflection(edge, block)
                    if n > 1:
                        k = block.shape[axis]
                        edge = _slice_axis(block, 0, 1, axis) if is_before else \
                            _slice_axis(block, k - 1, k, axis)
                parts = [block, array] if is_before else [array, block]
                array = lax.concatenate(parts, axis)
    return array


def _odd_reflection(edge, block):
    edge = broadcast_to(edge, block.shape)
    return lax.sub(lax.add(edge, edge), block)


def _statistics():
    from .reductions import max, mean, median, min
    return {"maximum": max, "minimum": min, "mean": mean, "median": median}


_STATISTICS = ("maximum", "minimum", "mean", "median")


def _pad_statistic(array, widths, lengths, mode):
    """Each side padded with a statistic of the `lengths` elements next to it (all of the
    axis when None), one axis after the other; integer results rounded half to even."""
    reduce = _statistics()[mode]
    for axis, (before, after) in enumerate(widths):
        n = array.shape[axis]
        if lengths is None:
            stat_before = stat_after = reduce(array, axis=axis, keepdims=True)
        else:
            length_before, length_after = lengths[axis]
            if length_before == 0 or length_after == 0:
                raise ValueError("stat_length of 0 yields no value for padding")
            length_before, length_after = min(length_before, n), min(length_after, n)
            stat_before = reduce(_slice_axis(array, 0, length_before, axis), axis=axis,
                                 keepdims=True)
            stat_after = reduce(_slice_axis(array, n - length_after, n, axis), axis=axis,
                                keepdims=True)
        parts = [array]
        if before:
            parts.insert(0, _fill_block(array, stat_before, axis, before))
        if after:
            parts.append(_fill_block(array, stat_after, axis, after))
        if len(parts) > 1:
            array = lax.concatenate(parts, axis)
    return array


def _fill_block(array, stat, axis, width):
    """`width` copies along `axis` of the statistic `stat`, in array's dtype."""
    from .ufuncs_extra import round as round_
    if dtypes.is_integer(array.dtype):
        stat = round_(stat)
    stat = lax.convert_element_type(stat, array.dtype)
    shape = list(array.shape)
    shape[axis] = width
    return broadcast_to(stat, tuple(shape))


def _pad_linear_ramp(array, widths, end_values):
    """Each side padded with a ramp from its end value (inclusive) to the edge element
    (exclusive), in the array's dtype (as linspace with that dtype)."""
    ends = np.broadcast_to(np.asarray(concrete_value(
        end_values, "The problem arose with the end_values argument of jnp.pad.")),
        (array.ndim, 2))
    for axis, (before, after) in enumerate(widths):
        parts = [array]
        if before:
            parts.insert(0, _ramp(array, axis, before, ends[axis, 0][()], True))
        if after:
            parts.append(_ramp(array, axis, after, ends[axis, 1][()], False))
        if len(parts) > 1:
            array = lax.concatenate(parts, axis)
    return array


def _ramp(array, axis, width, end, before):
    from .creation import linspace
    edge = lax.squeeze(_edge_block(array, axis, 1, before), (axis,))
    ramp = linspace(end, edge, width, endpoint=False, dtype=array.dtype, axis=axis)
    return ramp if before else lax.rev(ramp, (axis,))


def _pad_function(array, widths, func, kwargs):
    """NumPy's callable mode: pad with zeros, then map func over the 1-D slices along each
    axis in turn."""
    from .functional import apply_along_axis
    array = _pad_constant(array, widths, 0)
    for axis in range(array.ndim):
        array = apply_along_axis(func, axis, array, widths[axis], axis, kwargs)
    return array
