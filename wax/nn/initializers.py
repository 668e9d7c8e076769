"""wax.nn.initializers: JAX's parameter initializers.

An initializer is a function `init(key, shape, dtype=None, out_sharding=None) -> Array`
(the `Initializer` protocol); the makers here (normal(), glorot_uniform(), ...) return
one. dtype defaults to the default float dtype (float32, float64 under x64).

variance_scaling is the general scheme: with fan_in / fan_out computed from the shape
(the receptive field is every axis other than in_axis, out_axis and batch_axis), it draws
with variance scale / fan (fan_in, fan_out, their mean or their geometric mean) from a
truncated normal (renormalized so the truncation keeps that variance), a normal or a
uniform distribution; complex dtypes draw the modulus and phase separately, as JAX does.
glorot/xavier, lecun and he/kaiming are its named cases.
"""
from __future__ import annotations

import math
import typing
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from .. import numpy as jnp
from ..core import dtypes
from ..typing import Array, ArrayLike

__all__ = ["Initializer", "constant", "delta_orthogonal", "glorot_normal", "glorot_uniform",
           "he_normal", "he_uniform", "kaiming_normal", "kaiming_uniform", "lecun_normal",
           "lecun_uniform", "normal", "ones", "orthogonal", "truncated_normal", "uniform",
           "variance_scaling", "xavier_normal", "xavier_uniform", "zeros"]

DTypeLikeInexact = Any
RealNumeric = Any
OutShardingType = Any

# The standard deviation of a unit normal truncated to [-2, 2], and of the modulus-based
# complex equivalent: dividing by them restores the requested variance after truncation.
_TRUNCATED_STD = 0.87962566103423978
_COMPLEX_TRUNCATED_STD = 0.95311164380491208


def _random():
    """wax.random, imported when an initializer first draws (it sits beside this layer)."""
    from .. import random
    return random


def _dtype(dtype):
    return dtypes.default_float_dtype() if dtype is None else dtypes.check_user_dtype(dtype)


def _shape(shape) -> tuple:
    try:
        return tuple(int(d) for d in shape)
    except TypeError:
        return (int(shape),)


def _no_sharding(out_sharding, name: str) -> None:
    if out_sharding is not None:
        raise NotImplementedError(f"nn.initializers.{name}: out_sharding is not supported "
                                  "by wax (every array lives on one device)")


@typing.runtime_checkable
class Initializer(Protocol):
    """What every initializer is: init(key, shape, dtype=None, out_sharding=None)."""

    def __call__(self, key: Array, shape, dtype: DTypeLikeInexact | None = None,
                 out_sharding: OutShardingType = None) -> Array:
        raise NotImplementedError


def zeros(key: Array, shape, dtype: DTypeLikeInexact | None = None,
          out_sharding: OutShardingType = None) -> Array:
    """An initializer: zeros of `shape` (the key is unused)."""
    _no_sharding(out_sharding, "zeros")
    return jnp.zeros(_shape(shape), _dtype(dtype))


def ones(key: Array, shape, dtype: DTypeLikeInexact | None = None,
         out_sharding: OutShardingType = None) -> Array:
    """An initializer: ones of `shape` (the key is unused)."""
    _no_sharding(out_sharding, "ones")
    return jnp.ones(_shape(shape), _dtype(dtype))


def constant(value: ArrayLike, dtype: DTypeLikeInexact | None = None) -> Initializer:
    """An initializer filling the array with `value`."""
    def init(key: Array, shape, dtype: DTypeLikeInexact | None = dtype,
             out_sharding: OutShardingType = None) -> Array:
        _no_sharding(out_sharding, "constant")
        return jnp.full(_shape(shape), value, dtype=_dtype(dtype))
    return init


def uniform(scale: RealNumeric = 1e-2, dtype: DTypeLikeInexact | None = None) -> Initializer:
    """An initializer drawing uniformly from [0, scale)."""
    def init(key: Array, shape, dtype: DTypeLikeInexact | None = dtype,
             out_sharding: OutShardingType = None) -> Array:
        _no_sharding(out_sharding, "uniform")
        dtype = _dtype(dtype)
        return _random().uniform(key, _shape(shape), dtype) * jnp.array(scale, dtype)
    return init


def normal(stddev: RealNumeric = 1e-2, dtype: DTypeLikeInexact | None = None) -> Initializer:
    """An initializer drawing from a normal distribution with standard deviation stddev."""
    def init(key: Array, shape, dtype: DTypeLikeInexact | None = dtype,
             out_sharding: OutShardingType = None) -> Array:
        _no_sharding(out_sharding, "normal")
        dtype = _dtype(dtype)
        return _random().normal(key, _shape(shape), dtype) * jnp.array(stddev, dtype)
    return init


def truncated_normal(stddev: RealNumeric = 1e-2, dtype: DTypeLikeInexact | None = None,
                     lower: RealNumeric = -2.0, upper: RealNumeric = 2.0) -> Initializer:
    """An initializer drawing stddev * (a unit normal truncated to [lower, upper]); note
    the result's standard deviation is below stddev (JAX's convention)."""
    def init(key: Array, shape, dtype: DTypeLikeInexact | None = dtype,
             out_sharding: OutShardingType = None) -> Array:
        _no_sharding(out_sharding, "truncated_normal")
        dtype = _dtype(dtype)
        draws = _random().truncated_normal(key, lower, upper, _shape(shape), dtype)
        return draws * jnp.array(stddev, dtype)
    return init


def _axis_size(shape, axes) -> int:
    if isinstance(axes, (int, np.integer)):
        return shape[axes]
    return math.prod(shape[a] for a in axes)


def _compute_fans(shape: Sequence[int], in_axis=-2, out_axis=-1, batch_axis=()):
    """(fan_in, fan_out): the input and output sizes times the receptive field size (the
    product of the other axes, batch axes excluded)."""
    if isinstance(in_axis, (int, np.integer)) and in_axis == -2 and len(shape) <= 1:
        raise ValueError(f"Can't compute input and output sizes of a {len(shape)}-"
                         "dimensional weights tensor with default in_axis. Must be at least "
                         "2D or specify in_axis explicitly.")
    in_size = _axis_size(shape, in_axis)
    out_size = _axis_size(shape, out_axis)
    batch_size = _axis_size(shape, batch_axis)
    receptive_field = math.prod(shape) / in_size / out_size / batch_size
    return in_size * receptive_field, out_size * receptive_field


def _real_dtype(dtype):
    return np.dtype(np.zeros((), dtype).real.dtype)


def _complex_uniform(key, shape, dtype):
    """Uniform over the unit-variance disk: modulus sqrt(2 u), uniform phase."""
    random = _random()
    key_r, key_theta = random.split(key)
    real = _real_dtype(dtype)
    r = jnp.sqrt(2 * random.uniform(key_r, shape, real)).astype(dtype)
    theta = 2 * np.pi * random.uniform(key_theta, shape, real).astype(dtype)
    return r * jnp.exp(1j * theta)


def _complex_truncated_normal(key, upper, shape, dtype):
    """A complex normal whose modulus is truncated at `upper` (inverse-CDF sampling)."""
    random = _random()
    key_r, key_theta = random.split(key)
    real = _real_dtype(dtype)
    t = (1 - jnp.exp(jnp.array(-upper ** 2, dtype))) * random.uniform(
        key_r, shape, real).astype(dtype)
    r = jnp.sqrt(-jnp.log(1 - t))
    theta = 2 * np.pi * random.uniform(key_theta, shape, real).astype(dtype)
    return r * jnp.exp(1j * theta)


def variance_scaling(scale: RealNumeric, mode: str, distribution: str, in_axis=-2,
                     out_axis=-1, batch_axis=(),
                     dtype: DTypeLikeInexact | None = None) -> Initializer:
    """An initializer with variance scale / n, n = fan_in, fan_out, their mean (fan_avg) or
    their geometric mean (fan_geo_avg), drawn from 'truncated_normal', 'normal' or
    'uniform'."""
    if mode not in ("fan_in", "fan_out", "fan_avg", "fan_geo_avg"):
        raise ValueError(f"invalid mode for variance scaling initializer: {mode}")
    if distribution not in ("truncated_normal", "normal", "uniform"):
        raise ValueError(f"invalid distribution for variance scaling initializer: "
                         f"{distribution}")

    def init(key: Array, shape, dtype: DTypeLikeInexact | None = dtype,
             out_sharding: OutShardingType = None) -> Array:
        _no_sharding(out_sharding, "variance_scaling")
        shape = _shape(shape)
        dtype = _dtype(dtype)
        fan_in, fan_out = _compute_fans(shape, in_axis, out_axis, batch_axis)
        denominator = {"fan_in": fan_in, "fan_out": fan_out,
                       "fan_avg": (fan_in + fan_out) / 2,
                       "fan_geo_avg": (fan_in * fan_out) ** 0.5}[mode]
        variance = jnp.array(scale / denominator, dtype=dtype)
        is_complex = dtype.kind == "c"
        random = _random()
        if distribution == "truncated_normal":
            if not is_complex:
                stddev = jnp.sqrt(variance) / jnp.array(_TRUNCATED_STD, dtype)
                return random.truncated_normal(key, -2, 2, shape, dtype) * stddev
            stddev = jnp.sqrt(variance) / jnp.array(_COMPLEX_TRUNCATED_STD, dtype)
            return _complex_truncated_normal(key, 2, shape, dtype) * stddev
        if distribution == "normal":
            return random.normal(key, shape, dtype) * jnp.sqrt(variance)
        if not is_complex:
            return random.uniform(key, shape, dtype, -1) * jnp.sqrt(3 * variance)
        return _complex_uniform(key, shape, dtype) * jnp.sqrt(variance)
    return init


def _variance_scaling_maker(scale, mode, distribution, doc):
    def maker(in_axis: int | Sequence[int] = -2, out_axis: int | Sequence[int] = -1,
              batch_axis: int | Sequence[int] = (),
              dtype: DTypeLikeInexact | None = None) -> Initializer:
        return variance_scaling(scale, mode, distribution, in_axis=in_axis,
                                out_axis=out_axis, batch_axis=batch_axis, dtype=dtype)
    maker.__doc__ = doc
    return maker


glorot_uniform = _variance_scaling_maker(
    1.0, "fan_avg", "uniform", "Glorot/Xavier uniform: variance 2 / (fan_in + fan_out).")
glorot_normal = _variance_scaling_maker(
    1.0, "fan_avg", "truncated_normal",
    "Glorot/Xavier normal (truncated): variance 2 / (fan_in + fan_out).")
lecun_uniform = _variance_scaling_maker(
    1.0, "fan_in", "uniform", "LeCun uniform: variance 1 / fan_in.")
lecun_normal = _variance_scaling_maker(
    1.0, "fan_in", "truncated_normal", "LeCun normal (truncated): variance 1 / fan_in.")
he_uniform = _variance_scaling_maker(
    2.0, "fan_in", "uniform", "He/Kaiming uniform: variance 2 / fan_in.")
he_normal = _variance_scaling_maker(
    2.0, "fan_in", "truncated_normal", "He/Kaiming normal (truncated): variance 2 / fan_in.")
for _maker, _name in ((glorot_uniform, "glorot_uniform"), (glorot_normal, "glorot_normal"),
                      (lecun_uniform, "lecun_uniform"), (lecun_normal, "lecun_normal"),
                      (he_uniform, "he_uniform"), (he_normal, "he_normal")):
    _maker.__name__ = _maker.__qualname__ = _name
xavier_uniform, xavier_normal = glorot_uniform, glorot_normal
kaiming_uniform, kaiming_normal = he_uniform, he_normal


def orthogonal(scale: RealNumeric = 1.0, column_axis: int = -1,
               dtype: DTypeLikeInexact | None = None) -> Initializer:
    """An initializer of (scaled) orthogonal matrices: the array reshaped to (rows,
    shape[column_axis]) has orthonormal rows or columns, whichever are fewer."""
    def init(key: Array, shape, dtype: DTypeLikeInexact | None = dtype,
             out_sharding: OutShardingType = None) -> Array:
        _no_sharding(out_sharding, "orthogonal")
        shape = _shape(shape)
        dtype = _dtype(dtype)
        if len(shape) < 2:
            raise ValueError("orthogonal initializer requires at least a 2D shape, got "
                             f"shape {shape}")
        if any(d == 0 for d in shape):
            return jnp.zeros(shape, dtype=dtype)
        n_cols = shape[column_axis]
        n_rows = math.prod(shape) // n_cols
        q = _random().orthogonal(key, n_rows, (), dtype, n_cols)
        rest = tuple(np.delete(np.array(shape), column_axis))
        q = jnp.moveaxis(jnp.reshape(q, rest + (n_cols,)), -1, column_axis)
        return jnp.array(scale, dtype) * q
    return init


def delta_orthogonal(scale: RealNumeric = 1.0, column_axis: int = -1,
                     dtype: DTypeLikeInexact | None = None) -> Initializer:
    """An initializer for 3-, 4- or 5-D convolution kernels: zero except at the spatial
    center, which holds an orthogonal (in, out) matrix (requires in <= out)."""
    def init(key: Array, shape, dtype: DTypeLikeInexact | None = dtype,
             out_sharding: OutShardingType = None) -> Array:
        _no_sharding(out_sharding, "delta_orthogonal")
        shape = _shape(shape)
        dtype = _dtype(dtype)
        if len(shape) not in (3, 4, 5):
            raise ValueError("Delta orthogonal initializer requires a 3D, 4D or 5D shape, "
                             f"got shape {shape}.")
        if shape[-1] < shape[-2]:
            raise ValueError("`fan_in` must be less or equal than `fan_out`, got shape "
                             f"{shape}.")
        center = orthogonal(scale=scale, column_axis=column_axis, dtype=dtype)(
            key, shape[-2:])
        index = tuple((k - 1) // 2 for k in shape[:-2])
        return jnp.zeros(shape, dtype=dtype).at[index].set(center)
    return init
