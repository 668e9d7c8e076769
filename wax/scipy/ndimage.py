"""wax.scipy.ndimage: map_coordinates (orders 0 and 1), with JAX's semantics."""
from __future__ import annotations

import functools
import itertools
import operator

import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core import dtypes
from ..core.interpreters import concrete_value


def _mirror(index, size):
    """Reflect about the edge samples: ... 2 1 | 0 1 2 ... n-1 | n-2 ..."""
    period = size - 1
    if period == 0:
        return jnp.zeros_like(index)
    return jnp.abs((index + period) % (2 * period) - period)


def _reflect(index, size):
    """Reflect about the edges, repeating the edge samples: ... 1 0 | 0 1 ... | n-1 n-1 ..."""
    return jnp.floor_divide(_mirror(2 * index + 1, 2 * size + 1) - 1, 2)


_INDEX_FIXERS = {
    "constant": lambda index, size: index,
    "nearest": lambda index, size: jnp.clip(index, 0, size - 1),
    "wrap": lambda index, size: index % size,
    "mirror": _mirror,
    "reflect": _reflect,
}


def _round_half_away_from_zero(a):
    return a if dtypes.is_integer(a.dtype) else lax.round(a)


def _nearest(coordinate):
    index = _round_half_away_from_zero(coordinate).astype(np.int32)
    return [(index, None)]


def _linear(coordinate):
    lower = jnp.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.astype(np.int32)
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def map_coordinates(input, coordinates, order, mode="constant", cval=0.0):
    """Values of `input` at fractional `coordinates` (one array per input dimension, all
    of the output's shape) by nearest-neighbour (order 0) or linear (order 1)
    interpolation. mode: how points outside the input are handled ('constant' uses cval,
    'nearest', 'wrap', 'mirror', 'reflect')."""
    input_arr = jnp.asarray(input)
    if isinstance(coordinates, (str, bytes)) or not hasattr(coordinates, "__len__"):
        raise TypeError("coordinates must be a sequence of arrays, one per input dimension")
    coordinate_arrs = [jnp.asarray(c) for c in coordinates]
    cval = jnp.asarray(cval, input_arr.dtype)
    if len(coordinate_arrs) != input_arr.ndim:
        raise ValueError("coordinates must be a sequence of length input.ndim, but "
                         f"{len(coordinate_arrs)} != {input_arr.ndim}")
    order = operator.index(concrete_value(order, "order argument of map_coordinates"))
    fixer = _INDEX_FIXERS.get(mode)
    if fixer is None:
        raise NotImplementedError(
            f"jax.scipy.ndimage.map_coordinates does not yet support mode {mode}. "
            f"Currently supported modes are {set(_INDEX_FIXERS)}.")
    if order == 0:
        nodes_of = _nearest
    elif order == 1:
        nodes_of = _linear
    else:
        raise NotImplementedError(
            "jax.scipy.ndimage.map_coordinates currently requires order<=1")
    if coordinate_arrs:
        shape = jnp.broadcast_shapes(*[c.shape for c in coordinate_arrs])
        coordinate_arrs = [jnp.broadcast_to(c, shape) for c in coordinate_arrs]

    per_axis = []
    for coordinate, size in zip(coordinate_arrs, input_arr.shape):
        nodes = []
        for index, weight in nodes_of(coordinate):
            valid = ((index >= 0) & (index < size)) if mode == "constant" else None
            nodes.append((fixer(index, size), valid, weight))
        per_axis.append(nodes)

    contributions = []
    for combination in itertools.product(*per_axis):
        indices = tuple(node[0] for node in combination)
        value = input_arr[indices] if indices else input_arr
        validity = [node[1] for node in combination if node[1] is not None]
        if validity:
            value = jnp.where(functools.reduce(operator.and_, validity), value, cval)
        weights = [node[2] for node in combination if node[2] is not None]
        if weights:
            value = functools.reduce(operator.mul, weights) * value
        contributions.append(value)
    result = functools.reduce(operator.add, contributions)
    if dtypes.is_integer(input_arr.dtype):
        result = _round_half_away_from_zero(result)
    return result.astype(input_arr.dtype)


__all__ = ["map_coordinates"]
