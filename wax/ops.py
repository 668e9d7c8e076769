"""wax.ops: segment reductions (sum, prod, max, min over segment ids)."""
from __future__ import annotations

import operator

import numpy as np

from .core import dtypes


def _segment(data, segment_ids, num_segments, indices_are_sorted, unique_indices, mode,
             update, identity):
    import wax.numpy as jnp
    from .core.interpreters import concrete_value
    from .numpy._promote import check_arraylike
    check_arraylike("segment reduction", data, segment_ids)
    data = jnp.asarray(data)
    segment_ids = jnp.asarray(segment_ids)
    if not dtypes.is_integer(segment_ids.dtype):
        raise TypeError(f"segment_ids must be an integer array, got {segment_ids.dtype}")
    if num_segments is None:
        ids = concrete_value(segment_ids, "segment reductions need num_segments under jit")
        num_segments = int(np.max(np.asarray(ids))) + 1 if np.size(ids) else 0
    num_segments = operator.index(num_segments)
    out = jnp.full((num_segments,) + tuple(data.shape[segment_ids.ndim:]),
                   identity(data.dtype), data.dtype)
    # Negative ids are out of range (dropped), not counted from the end.
    segment_ids = jnp.where(segment_ids < 0, num_segments, segment_ids)
    ref = out.at[segment_ids]
    return update(ref)(data, mode=mode or "drop", indices_are_sorted=indices_are_sorted,
                       unique_indices=unique_indices)


def _lowest(dtype):
    return -np.inf if dtypes.is_inexact(dtype) else (np.iinfo(dtype).min if dtype.kind != "b"
                                                     else False)


def _highest(dtype):
    return np.inf if dtypes.is_inexact(dtype) else (np.iinfo(dtype).max if dtype.kind != "b"
                                                    else True)


def segment_sum(data, segment_ids, num_segments=None, indices_are_sorted=False,
                unique_indices=False, bucket_size=None, mode=None, out_sharding=None):
    """Sum of `data` over each segment id (out-of-range ids are dropped)."""
    return _segment(data, segment_ids, num_segments, indices_are_sorted, unique_indices, mode,
                    lambda ref: ref.add, lambda dtype: 0)


def segment_prod(data, segment_ids, num_segments=None, indices_are_sorted=False,
                 unique_indices=False, bucket_size=None, mode=None, out_sharding=None):
    """Product of `data` over each segment id."""
    return _segment(data, segment_ids, num_segments, indices_are_sorted, unique_indices, mode,
                    lambda ref: ref.multiply, lambda dtype: 1)


def segment_max(data, segment_ids, num_segments=None, indices_are_sorted=False,
                unique_indices=False, bucket_size=None, mode=None, out_sharding=None):
    """Maximum of `data` over each segment id (empty segments give the dtype's lowest)."""
    return _segment(data, segment_ids, num_segments, indices_are_sorted, unique_indices, mode,
                    lambda ref: ref.max, _lowest)


def segment_min(data, segment_ids, num_segments=None, indices_are_sorted=False,
                unique_indices=False, bucket_size=None, mode=None, out_sharding=None):
    """Minimum of `data` over each segment id (empty segments give the dtype's highest)."""
    return _segment(data, segment_ids, num_segments, indices_are_sorted, unique_indices, mode,
                    lambda ref: ref.min, _highest)
