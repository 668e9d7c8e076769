"""Devices and transfers: the CPU device, device_put/device_get, block_until_ready."""
from __future__ import annotations

import numpy as np

from .core.array import CPU_DEVICE, Array, ArrayImpl, Device  # noqa: F401
from .core.tree import tree_map


def devices(backend=None) -> list:
    """The devices of `backend` (only the CPU until a GPU backend lands)."""
    if backend not in (None, "cpu"):
        raise RuntimeError(f"Unknown backend {backend!r}; available: cpu")
    return [CPU_DEVICE]


def local_devices(process_index=None, backend=None, host_id=None) -> list:
    """The devices of this process (all of them: wax runs one process)."""
    return devices(backend)


def device_count(backend=None) -> int:
    return len(devices(backend))


local_device_count = device_count


def default_backend() -> str:
    return "cpu"


def process_index(backend=None) -> int:
    return 0


def process_count(backend=None) -> int:
    return 1


def device_put(x, device=None, *, src=None, donate=False, may_alias=None):
    """Put each leaf of `x` on the device as a wax Array."""
    from .numpy.creation import asarray
    return tree_map(lambda leaf: leaf if isinstance(leaf, Array) else asarray(leaf), x)


def device_get(x):
    """Each Array leaf of `x` as a NumPy array (other leaves unchanged)."""
    return tree_map(lambda leaf: np.asarray(leaf) if isinstance(leaf, Array) else leaf, x)


def block_until_ready(x):
    """Wait for every Array leaf of `x`; returns x."""
    tree_map(lambda leaf: leaf.block_until_ready() if isinstance(leaf, Array) else leaf, x)
    return x
