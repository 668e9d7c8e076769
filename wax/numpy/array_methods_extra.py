"""The jax.Array methods and properties beyond array_methods.py's core set: view,
byteswap, choose, compress, argpartition, searchsorted (on every Array, tracers
included), and the buffer and sharding queries of a concrete array (clone, tobytes,
addressable_data, addressable_shards, is_ready, ...), which wax answers for its single
CPU device."""
from __future__ import annotations

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import CPU_DEVICE, Array, ArrayImpl

_UINT8 = np.dtype(np.uint8)


# --- view and byteswap: reinterpreting bytes -------------------------------------------------

def _component_dtype(dtype):
    """The real dtype of a complex dtype's parts (the dtype itself otherwise)."""
    return np.dtype(np.float32 if dtype == np.complex64 else np.float64) \
        if dtype.kind == "c" else dtype


def _to_bytes(x):
    """x's bytes as uint8, the last axis (size n) becoming n * itemsize (x at least 1-D)."""
    if x.dtype == dtypes.bool_:
        return lax.convert_element_type(x, _UINT8)
    if x.dtype.kind == "c":
        parts = lax.concatenate([lax.expand_dims(lax.real(x), (x.ndim,)),
                                 lax.expand_dims(lax.imag(x), (x.ndim,))], x.ndim)
        x = lax.reshape(parts, x.shape[:-1] + (2 * x.shape[-1],))
    if x.dtype.itemsize == 1:
        return lax.bitcast_convert_type(x, _UINT8) if x.dtype != _UINT8 else x
    b = lax.bitcast_convert_type(x, _UINT8)
    return lax.reshape(b, x.shape[:-1] + (x.shape[-1] * x.dtype.itemsize,))


def _from_bytes(b, dtype):
    """The uint8 array b (last axis a multiple of dtype's size) read as `dtype`."""
    if dtype == dtypes.bool_:
        return lax.ne(b, lax.full_like(b, 0))
    if dtype.kind == "c":
        parts = _from_bytes(b, _component_dtype(dtype))
        parts = lax.reshape(parts, parts.shape[:-1] + (parts.shape[-1] // 2, 2))
        n = parts.ndim
        real = lax.squeeze(lax.slice_in_dim(parts, 0, 1, axis=n - 1), (n - 1,))
        imag = lax.squeeze(lax.slice_in_dim(parts, 1, 2, axis=n - 1), (n - 1,))
        return lax.complex(real, imag)
    size = dtype.itemsize
    if size == 1:
        return b if dtype == _UINT8 else lax.bitcast_convert_type(b, dtype)
    grouped = lax.reshape(b, b.shape[:-1] + (b.shape[-1] // size, size))
    return lax.bitcast_convert_type(grouped, dtype)


def _plain(dtype) -> bool:
    return dtype != dtypes.bool_ and dtype.kind != "c"


def _view(self, dtype=None, type=None):
    """The array's bytes reinterpreted as `dtype`: the last axis scales by the ratio of the
    item sizes (as ndarray.view)."""
    if type is not None:
        raise NotImplementedError("`type` argument of array.view() is not supported.")
    if dtype is None:
        return self
    new = dtypes.check_user_dtype(dtype, "view")
    old = self.dtype
    if new == old:
        return self
    if self.ndim == 0:
        if new.itemsize != old.itemsize:
            raise ValueError("view() of a 0d array is only supported if the itemsize is "
                             "unchanged.")
        return lax.reshape(_view(lax.reshape(self, (1,)), new), ())
    if new.itemsize > old.itemsize and (self.shape[-1] * old.itemsize) % new.itemsize:
        raise ValueError("When changing to a larger dtype, its size must be a divisor of the "
                         "total size in bytes of the last axis of the array.")
    if _plain(old) and _plain(new) and old.itemsize == new.itemsize:
        return lax.bitcast_convert_type(self, new)
    return _from_bytes(_to_bytes(self), new)


def _byteswap(self):
    """The array with the bytes of each element (of each part, for complex) reversed."""
    size = _component_dtype(self.dtype).itemsize
    if size == 1:
        return self
    x = lax.reshape(self, (1,)) if self.ndim == 0 else self
    b = _to_bytes(x)
    grouped = lax.reshape(b, b.shape[:-1] + (b.shape[-1] // size, size))
    swapped = lax.rev(grouped, (grouped.ndim - 1,))
    out = _from_bytes(lax.reshape(swapped, b.shape), self.dtype)
    return lax.reshape(out, ()) if self.ndim == 0 else out


# --- methods delegating to wax.numpy ---------------------------------------------------------------

def _numpy():
    from .. import numpy as jnp  # the whole namespace (searchsorted and argpartition included)
    return jnp


def _argpartition(self, kth, axis=-1):
    """Indices that partition the array around its kth element (jnp.argpartition)."""
    return _numpy().argpartition(self, kth, axis=axis)


def _searchsorted(self, v, side="left", sorter=None, *, method="scan"):
    """Insertion points of v in this sorted 1-D array (jnp.searchsorted)."""
    return _numpy().searchsorted(self, v, side=side, sorter=sorter, method=method)


def _choose(self, choices, out=None, mode="raise"):
    """jnp.choose with this array as the index array."""
    return _numpy().choose(self, choices, out=out, mode=mode)


def _compress(self, condition, axis=None, *, out=None, size=None, fill_value=0):
    """jnp.compress of this array."""
    return _numpy().compress(condition, self, axis, size=size, fill_value=fill_value, out=out)


# --- buffers and shards of a concrete array --------------------------------------------------------

class Shard:
    """One device's piece of an array: wax's arrays live whole on one device."""

    __slots__ = ("device", "index", "replica_id", "data")

    def __init__(self, device, index, replica_id, data):
        self.device, self.index, self.replica_id, self.data = device, index, replica_id, data

    def __repr__(self):
        return (f"Shard(device={self.device!r}, index={self.index}, "
                f"replica_id={self.replica_id}, data={self.data})")


def _shards(self):
    return [Shard(CPU_DEVICE, (slice(None),) * self.ndim, 0, _clone(self))]


def _clone(self):
    """A new Array with the same value (buffers are immutable, so they are shared)."""
    return ArrayImpl(self._value, self._weak)


def _addressable_data(self, index):
    """The data of this process's shard `index` (0: wax keeps arrays on one device)."""
    if index != 0:
        raise IndexError(f"addressable_data: index {index} out of range: the array has one "
                         "addressable shard")
    return _clone(self)


def _buffer_pointer(self):
    buf = self._value
    return buf.__array_interface__["data"][0]


def _gone(message):
    def get(self):
        raise AttributeError(message)
    return property(get)


def attach():
    """Give wax.Array (and concrete ArrayImpl) the methods above."""
    A = Array
    A.view = _view
    A.byteswap = _byteswap
    A.argpartition = _argpartition
    A.searchsorted = _searchsorted
    A.choose = _choose
    A.compress = _compress
    C = ArrayImpl
    C.clone = _clone
    C.tobytes = lambda self, order="C": np.asarray(self._value).tobytes(order)
    C.addressable_data = _addressable_data
    C.addressable_shards = property(_shards)
    C.global_shards = property(_shards)
    C.committed = property(lambda self: False)
    C.is_fully_addressable = property(lambda self: True)
    C.is_fully_replicated = property(lambda self: True)
    C.is_ready = lambda self: self._value is not None
    C.on_device_size_in_bytes = lambda self: self._value.nbytes
    C.platform = lambda self: CPU_DEVICE.platform
    C.unsafe_buffer_pointer = _buffer_pointer
    C.traceback = property(lambda self: None)
    C.device_buffer = _gone("arr.device_buffer has been deprecated. Use arr.addressable_data(0)")
    C.device_buffers = _gone("arr.device_buffers has been deprecated. Use [x.data for x in "
                             "arr.addressable_shards]")
