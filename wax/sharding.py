"""wax.sharding: JAX's sharding vocabulary on wax's single CPU device.

Meshes, PartitionSpecs and NamedShardings can be built and passed around as in JAX; a
mesh has as many devices as wax has (one), so every array lives whole on that device and
shard_map / smap / reshard are the identity on the data layout. A mesh asking for more
devices raises JAX's error.
"""
from __future__ import annotations

import contextlib
import enum
import math

from .core.array import SingleDeviceSharding  # noqa: F401

__all__ = ["Mesh", "AbstractMesh", "PartitionSpec", "NamedSharding", "SingleDeviceSharding",
           "AxisType", "Sharding", "make_mesh", "set_mesh", "get_mesh", "reshard",
           "shard_map", "smap", "Shard", "Infer"]


class Sharding:
    """The base class of shardings."""


class AxisType(enum.Enum):
    Auto = enum.auto()
    Explicit = enum.auto()
    Manual = enum.auto()


class _InferFromArgs:
    def __repr__(self):
        return "Infer"


Infer = _InferFromArgs()


class PartitionSpec(tuple):
    """How each dimension of an array is split over mesh axes (None: not split)."""

    def __new__(cls, *partitions, unreduced=frozenset(), reduced=frozenset()):
        spec = super().__new__(cls, partitions)
        spec.unreduced, spec.reduced = frozenset(unreduced), frozenset(reduced)
        return spec

    def __repr__(self):
        return f"PartitionSpec({', '.join(map(repr, self))})"


class Mesh:
    """Devices arranged on named axes."""

    def __init__(self, devices, axis_names, axis_types=None):
        import numpy as np
        self.devices = np.asarray(devices, dtype=object)
        self.axis_names = tuple(axis_names)
        if self.devices.ndim != len(self.axis_names):
            raise ValueError(f"Mesh devices of shape {self.devices.shape} need one axis name "
                             f"per dimension, got {self.axis_names}")
        self.axis_types = tuple(axis_types or (AxisType.Auto,) * len(self.axis_names))

    @property
    def shape(self):
        return dict(zip(self.axis_names, self.devices.shape))

    @property
    def size(self):
        return self.devices.size

    def __enter__(self):
        self._context = set_mesh(self)
        return self._context.__enter__()

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)

    def __repr__(self):
        return f"Mesh({', '.join(f'{n!r}: {s}' for n, s in self.shape.items())})"


AbstractMesh = Mesh


class NamedSharding(Sharding):
    """A mesh and a PartitionSpec."""

    def __init__(self, mesh, spec, *, memory_kind=None):
        self.mesh, self.spec, self.memory_kind = mesh, PartitionSpec(*spec), memory_kind

    def __repr__(self):
        return f"NamedSharding(mesh={self.mesh!r}, spec={self.spec!r})"


class Shard:
    """One device's piece of an array (with one device: all of it)."""

    def __init__(self, device, sharding, global_shape, data=None):
        self.device, self.sharding, self.data = device, sharding, data
        self.index = tuple(slice(None) for _ in global_shape)


def make_mesh(axis_shapes, axis_names, axis_types=None, *, devices=None):
    """A mesh of the given axis sizes over wax's devices (their product must fit)."""
    from ._devices import devices as all_devices
    available = list(devices) if devices is not None else all_devices()
    needed = math.prod(axis_shapes)
    if needed > len(available):
        raise ValueError(f"Number of devices {len(available)} must be >= the product of "
                         f"mesh_shape {tuple(axis_shapes)}")
    import numpy as np
    grid = np.empty(needed, dtype=object)
    grid[:] = available[:needed]
    return Mesh(grid.reshape(tuple(axis_shapes)), axis_names, axis_types)


_CURRENT_MESH = [None]


@contextlib.contextmanager
def _mesh_context(mesh):
    old = _CURRENT_MESH[0]
    _CURRENT_MESH[0] = mesh
    try:
        yield mesh
    finally:
        _CURRENT_MESH[0] = old


class set_mesh:
    """Make `mesh` the current mesh (usable as a context manager, as JAX's)."""

    def __init__(self, mesh):
        self._old = _CURRENT_MESH[0]
        _CURRENT_MESH[0] = mesh
        self.mesh = mesh

    def __enter__(self):
        return self.mesh

    def __exit__(self, *exc):
        _CURRENT_MESH[0] = self._old
        return False


def get_mesh():
    return _CURRENT_MESH[0]


def reshard(xs, out_shardings):
    """xs laid out as out_shardings asks (one device: unchanged)."""
    return xs


def shard_map(f=None, /, *, out_specs, in_specs=Infer, mesh=None, axis_names=frozenset(),
              check_vma=True):
    """f run on each shard of its inputs (one device: f on the whole inputs). Mesh axes of
    size 1 are bound, so collectives over them (psum, ...) work as over one member."""
    if f is None:
        return lambda g: shard_map(g, out_specs=out_specs, in_specs=in_specs, mesh=mesh,
                                   axis_names=axis_names, check_vma=check_vma)
    mesh = mesh if mesh is not None else get_mesh()
    if mesh is None:
        raise ValueError("shard_map requires a mesh: pass mesh= or use jax.set_mesh")
    if mesh.size != 1:
        raise ValueError(f"shard_map: wax has one device; got {mesh!r}")
    import functools

    @functools.wraps(f)
    def mapped(*args):
        fun = f
        for name in reversed(mesh.axis_names):  # bind each size-1 axis by its name
            fun = _unit_axis(fun, name)
        return fun(*args)
    return mapped


def _unit_axis(f, name):
    """f run as the single member of a mapped axis called `name`."""
    from .core.tree import tree_map
    from .transforms.batching import vmap

    def run(*args):
        expanded = tree_map(lambda x: x[None], args)
        out = vmap(lambda *xs: f(*xs), axis_name=name)(*expanded)
        return tree_map(lambda y: y[0], out)
    return run


def smap(f=None, /, *, in_axes=Infer, out_axes, axis_name):
    """f mapped over a single-device axis `axis_name` (the identity mapping here)."""
    if f is None:
        return lambda g: smap(g, in_axes=in_axes, out_axes=out_axes, axis_name=axis_name)
    return _unit_axis(f, axis_name)
