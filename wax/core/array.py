"""Array: the type of every wax array. ArrayImpl is a concrete one: an immutable
device buffer plus a weak-type flag. Operators, methods and `.at` are attached by the
numpy layer (wax/numpy/array_methods.py), so core never imports upward; tracers
subclass Array too, so `isinstance(tracer, wax.Array)` holds as in JAX.
"""
from __future__ import annotations

import numpy as np

from .avals import ShapedArray


class Array:
    """wax.Array: the base of concrete arrays and tracers (a plain class: fast isinstance)."""

    __slots__ = ()
    # NumPy defers its binary operators to ours (np.ones(3) + x is a wax Array), while
    # np.sin(x) still works through __array__ and gives a NumPy array, as with JAX.
    __array_priority__ = 100

    ndim = property(lambda self: len(self.aval.shape))
    size = property(lambda self: self.aval.size)
    weak_type = property(lambda self: self.aval.weak_type)
    itemsize = property(lambda self: self.aval.dtype.itemsize)
    nbytes = property(lambda self: self.aval.size * self.aval.dtype.itemsize)

    def __setitem__(self, index, value):
        raise TypeError(
            f"'{type(self).__name__}' object does not support item assignment. JAX arrays are "
            "immutable. Instead of ``x[idx] = y``, use ``x = x.at[idx].set(y)`` or another "
            ".at[] method: https://docs.jax.dev/en/latest/_autosummary/jax.numpy.ndarray.at.html")

    def __hash__(self):
        raise TypeError(f"unhashable type: '{type(self).__name__}'")


class ExtendedArray(Array):
    """An array of an extended dtype (typed PRNG keys): each element is stored as
    `_physical_ndim` trailing axes of a plain array, `_physical_data`.

    Primitives with a `physical` rule (shape operations, selection, equality) run on
    such arrays by applying themselves to that data; others refuse the dtype."""

    __slots__ = ()
    _physical_ndim = 0

    @property
    def _physical_data(self):
        raise NotImplementedError

    def _from_physical(self, data) -> "ExtendedArray":
        """An array like this one (same dtype) over other physical data."""
        raise NotImplementedError


class Device:
    """A device: a platform name and an index (only the CPU until the GPU backend lands)."""

    __slots__ = ("platform", "id")

    def __init__(self, platform: str = "cpu", id: int = 0):
        self.platform, self.id = platform, id

    device_kind = property(lambda self: self.platform)
    process_index = 0

    def __repr__(self):
        return f"CpuDevice(id={self.id})" if self.platform == "cpu" else \
            f"{self.platform}:{self.id}"

    def __eq__(self, other):
        return isinstance(other, Device) and (self.platform, self.id) == (other.platform,
                                                                            other.id)

    def __hash__(self):
        return hash((self.platform, self.id))


CPU_DEVICE = Device("cpu", 0)


def _deleted_error(array) -> RuntimeError:
    return RuntimeError(f"Array has been deleted with shape={array._aval_str}.")


class ArrayImpl(Array):
    """A concrete array: a read-only NumPy buffer (or NumPy scalar) and a weak flag."""

    __slots__ = ("_buf", "_weak", "_aval_str", "__weakref__")

    def __init__(self, buf, weak: bool = False):
        self._buf = buf
        self._weak = weak

    @property
    def aval(self) -> ShapedArray:
        buf = self._value
        return ShapedArray(buf.shape, buf.dtype, self._weak)

    @property
    def _value(self):
        buf = self._buf
        if buf is None:
            raise _deleted_error(self)
        return buf

    shape = property(lambda self: self._value.shape)
    dtype = property(lambda self: self._value.dtype)
    ndim = property(lambda self: self._value.ndim)
    size = property(lambda self: self._value.size)
    weak_type = property(lambda self: self._weak)
    itemsize = property(lambda self: self._value.itemsize)
    nbytes = property(lambda self: self._value.nbytes)

    # --- conversion of a concrete array to Python and NumPy values -----------------
    def __array__(self, dtype=None, copy=None):
        buf = self._value
        if copy:
            return np.array(buf, dtype=dtype, copy=True)
        out = np.asarray(buf, dtype=dtype)
        if out is buf or out.base is buf:
            out = out.view()
            out.flags.writeable = False
        return out

    def __bool__(self):
        return bool(self._value)

    def __int__(self):
        return int(self._value)

    def __float__(self):
        return float(self._value)

    def __complex__(self):
        return complex(self._value)

    def __index__(self):
        buf = self._value
        if buf.dtype.kind not in "iu":
            raise TypeError(f"only integer scalar arrays can be converted to a scalar index; "
                            f"got dtype {buf.dtype.name}")
        return int(buf)

    def __len__(self):
        buf = self._value
        if buf.ndim == 0:
            raise TypeError("len() of unsized object")
        return buf.shape[0]

    def item(self, *args):
        """The element as a Python scalar."""
        return self._value.item(*args)

    def tolist(self):
        """The array as nested Python lists."""
        return self._value.tolist()

    # --- buffers and devices ------------------------------------------------------
    def block_until_ready(self):
        """Wait for the value (wax's CPU execution is synchronous): returns self."""
        self._value
        return self

    def copy_to_host_async(self):
        self._value

    def is_deleted(self) -> bool:
        return self._buf is None

    def delete(self):
        """Free the buffer; any later use raises RuntimeError."""
        if self._buf is not None:
            self._aval_str = f"{self._buf.dtype.name}[{','.join(map(str, self._buf.shape))}]"
            self._buf = None

    def devices(self) -> set:
        return {CPU_DEVICE}

    @property
    def device(self):
        return CPU_DEVICE

    @property
    def sharding(self):
        return SingleDeviceSharding(CPU_DEVICE)

    def __repr__(self):
        # JAX's layout: the values wrapped as NumPy would with "Array(" before them, then
        # the dtype after one space, or after six when it would not fit on the line.
        buf = self._value
        prefix = "Array("
        dtype_text = f"dtype={buf.dtype.name}" + (", weak_type=True" if self._weak else "")
        if buf.size == 0 and buf.ndim:
            return f"{prefix}[], shape={buf.shape}, {dtype_text})"
        body = np.array2string(np.asarray(buf), separator=", ", prefix=prefix, suffix=",")
        last_line = len(body) - body.rfind("\n") + 1 if "\n" in body else len(prefix + body)
        width = np.get_printoptions()["linewidth"]
        sep = " " if last_line + 1 + len(dtype_text) + 1 <= width else " " * len(prefix)
        return f"{prefix}{body},{sep}{dtype_text})"

    def __str__(self):
        return str(np.asarray(self._value))

    def __format__(self, spec):
        buf = self._value
        return format(buf.item() if buf.ndim == 0 else np.asarray(buf), spec)

    def __reduce__(self):
        return (_rebuild, (np.asarray(self._value), self._weak))

    def __dlpack__(self, *args, **kwargs):
        return np.asarray(self._value).__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return np.asarray(self._value).__dlpack_device__()


def _rebuild(buf, weak):
    return ArrayImpl(_readonly(buf), weak)


def _readonly(buf):
    if isinstance(buf, np.ndarray) and buf.flags.writeable:
        buf.flags.writeable = False
    return buf


class SingleDeviceSharding:
    __slots__ = ("device",)

    def __init__(self, device):
        self.device = device

    device_set = property(lambda self: {self.device})

    def __repr__(self):
        return f"SingleDeviceSharding(device={self.device!r})"


def make_array(buf, weak: bool = False) -> ArrayImpl:
    """A concrete Array around `buf`. Users reach buffers only through __array__, which
    hands out read-only views, so fresh impl outputs need no flag change here."""
    return ArrayImpl(buf, weak)
