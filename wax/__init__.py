"""wax: a from-scratch, JAX-compatible array system. `import wax as jax`.

Layers, lowest first: core -> transforms -> primitives -> API layers (lax, numpy, ...);
the runtime (and later the compiler) stands beside them. See docs/architecture.md.
"""
from .version import __version__  # noqa: F401

from ._config import (check_tracer_leaks, checking_leaks, config, debug_infs,  # noqa: F401
                      debug_nans, default_matmul_precision, disable_jit, enable_x64,
                      explain_cache_misses, log_compiles, numpy_dtype_promotion,
                      numpy_rank_promotion, threefry_partitionable, transfer_guard)
from ._config import _INERT_MANAGERS as _inert
from ._toplevel import *  # noqa: F401,F403
from .sharding import (NamedSharding, Shard, make_mesh, reshard, set_mesh,  # noqa: F401
                       shard_map, smap)
from .sharding import PartitionSpec as P  # noqa: F401
from ._devices import (Device, block_until_ready, default_backend, device_count,  # noqa: F401
                       device_get, device_put, devices, local_device_count, local_devices,
                       process_count, process_index)
from .core.array import Array  # noqa: F401
from .core.dtypes import float0  # noqa: F401
from .core.interpreters import ensure_compile_time_eval  # noqa: F401
from .transforms.api import ShapeDtypeStruct, eval_shape, make_jaxpr  # noqa: F401
from .transforms.jit import jit  # noqa: F401
from .transforms.checkpoint import checkpoint, checkpoint_policies, remat  # noqa: F401
from .transforms.custom_derivatives import custom_jvp, custom_vjp  # noqa: F401
from .transforms.grad import (closure_convert, grad, hessian, jacfwd,  # noqa: F401
                              jacobian, jacrev, linear_transpose, value_and_grad, vjp)
from .transforms.batching import vmap  # noqa: F401
from .transforms.jvp import jvp  # noqa: F401
from .transforms.linearize import linearize  # noqa: F401

from .primitives.callbacks import pure_callback  # noqa: F401,E402
from . import (custom_batching, custom_derivatives, debug, dlpack, dtypes,  # noqa: F401,E402
               errors, flatten_util, lax, numpy, ops, sharding, stages, test_util, tree,
               tree_util, typing, version)


globals().update(_inert)  # config states accepted with no effect (see _config.py)
del _inert

_LAZY_SUBMODULES = ("random", "nn", "scipy", "example_libraries", "image", "profiler",
                    "distributed", "monitoring")


def __getattr__(name):
    # The heavier namespaces load on first use, so `import wax` stays fast.
    if name in _LAZY_SUBMODULES:
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'wax' has no attribute {name!r}")
