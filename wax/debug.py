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
