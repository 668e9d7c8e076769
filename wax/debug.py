"""wax.debug: print and call back with runtime values from inside transformed code."""
from __future__ import annotations

from .primitives.callbacks import debug_callback as _debug_callback

__all__ = ["callback", "print"]


def callback(callback=None, *args, ordered=False, partitioned=False, **kwargs):
    """Call `callback(*args, **kwargs)` with concrete arrays whenever the program runs:
    eagerly, under jit, inside scan/cond/while_loop, once per member under vmap (and with
    primal values under grad). Without a callback, a decorator."""
    if callback is None:
        return lambda fn: _debug_callback(fn, *args, ordered=ordered, **kwargs)
    _debug_callback(callback, *args, ordered=ordered, **kwargs)


def print(fmt=None, *args, ordered=False, partitioned=False, skip_format_check=False,
          _use_logging=False, **kwargs):
    """Print `fmt.format(*args, **kwargs)` with the runtime values of the arrays."""
    import builtins
    if fmt is None:
        return lambda f: print(f, *args, ordered=ordered, **kwargs)
    _debug_callback(lambda *a, **k: builtins.print(fmt.format(*a, **k)), *args,
                    ordered=ordered, **kwargs)


class DebugEffect:
    """The effect of an unordered debug callback (as JAX's)."""


class OrderedDebugEffect(DebugEffect):
    """The effect of an ordered debug callback."""


def log(fmt=None, *args, ordered=False, partitioned=False, skip_format_check=False,
        _use_logging=True, **kwargs):
    """As print, through the `logging` module (logger "wax.debug", level INFO)."""
    import logging
    if fmt is None:
        return lambda f: log(f, *args, ordered=ordered, **kwargs)
    logger = logging.getLogger("wax.debug")
    _debug_callback(lambda *a, **k: logger.info(fmt.format(*a, **k)), *args,
                    ordered=ordered, **kwargs)


def breakpoint(*, backend=None, filter_frames=True, num_frames=None, ordered=False,
               token=None, **kwargs):
    """Stop in Python's debugger (pdb) when the program reaches this point at run time,
    with the values passed as keyword arguments available."""
    import pdb

    def stop(**values):
        pdb.Pdb().set_trace()
        del values
    _debug_callback(stop, ordered=ordered, **kwargs)


def inspect_array_sharding(value, *, callback):
    """Call callback with value's sharding (one device: a SingleDeviceSharding)."""
    from .core.array import SingleDeviceSharding
    from ._devices import devices
    callback(SingleDeviceSharding(devices()[0]))


def visualize_sharding(shape, sharding, *, use_color=True, scale=1.0, min_width=9,
                       max_width=80, color_map=None):
    """Print the layout of an array of `shape` over devices (one device holds it all)."""
    label = "CPU 0"
    width = max(min_width, min(max_width, len(label) + 4))
    print("┌" + "─" * width + "┐")
    print("│" + label.center(width) + "│")
    print("└" + "─" * width + "┘")
    del shape, sharding, use_color, scale, color_map


def visualize_array_sharding(arr, **kwargs):
    """visualize_sharding of arr's shape and sharding."""
    visualize_sharding(getattr(arr, "shape", ()), getattr(arr, "sharding", None), **kwargs)


__all__ += ["DebugEffect", "OrderedDebugEffect", "log", "breakpoint",
            "inspect_array_sharding", "visualize_sharding", "visualize_array_sharding"]
