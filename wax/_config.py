"""Every setting of wax, read once from the environment into one explicit `Config`.

Settings that change what a traced program computes (x64, promotion rules) are
listed in `_JIT_KEY_SETTINGS`; `config.jit_key()` gives their current values so
jit can include them in its cache key.
"""
from __future__ import annotations

import contextlib
import os


def _env_flag(*names: str, default: bool = False) -> bool:
    for name in names:
        value = os.environ.get(name)
        if value is not None:
            return value.strip().lower() in ("1", "true", "yes", "on")
    return default


_CHOICES = {
    "jax_traceback_filtering": ("auto", "off", "tracebackhide", "remove_frames",
                                "quiet_remove_frames"),
    "jax_numpy_rank_promotion": ("allow", "warn", "raise"),
    "jax_numpy_dtype_promotion": ("standard", "strict"),
}
# Settings JAX programs set that have no effect in wax (one CPU device, no XLA, no
# tracing cache to explain): accepted so such programs run unchanged.
_INERT_SETTINGS = {
    "jax_allow_f16_reductions": False, "jax_array_garbage_collection_guard": None,
    "jax_auto_pcast": False, "jax_debug_key_reuse": False, "jax_default_device": None,
    "jax_default_prng_impl": "threefry2x32", "jax_enable_checks": False,
    "jax_enable_custom_prng": False,
    "jax2tf_associative_scan_reductions": False, "jax_legacy_prng_key": "allow",
    "jax_no_execution": False, "jax_no_tracing": False,
    "jax_remove_size_one_mesh_axis_from_type": False, "jax_softmax_custom_jvp": False,
    "jax_thread_guard": False, "jax_transfer_guard_device_to_device": None,
    "jax_transfer_guard_device_to_host": None, "jax_transfer_guard_host_to_device": None,
}
_JIT_KEY_SETTINGS = ("jax_enable_x64", "jax_numpy_rank_promotion", "jax_numpy_dtype_promotion",
                     "jax_default_matmul_precision")


class Config:
    """The settings, as attributes; change them with `update` so listeners hear of it."""

    def __init__(self):
        self.jax_enable_x64 = _env_flag("WAX_ENABLE_X64", "JAX_ENABLE_X64")
        self.jax_disable_jit = _env_flag("WAX_DISABLE_JIT", "JAX_DISABLE_JIT")
        self.jax_numpy_rank_promotion = os.environ.get("JAX_NUMPY_RANK_PROMOTION", "allow")
        self.jax_numpy_dtype_promotion = os.environ.get("JAX_NUMPY_DTYPE_PROMOTION", "standard")
        self.jax_check_tracer_leaks = _env_flag("WAX_CHECK_TRACER_LEAKS", "JAX_CHECK_TRACER_LEAKS")
        self.jax_debug_nans = _env_flag("WAX_DEBUG_NANS", "JAX_DEBUG_NANS")
        self.jax_debug_infs = _env_flag("WAX_DEBUG_INFS", "JAX_DEBUG_INFS")
        self.jax_default_matmul_precision = None
        # jit's diagnostics (logged on "wax.jit") and the tracebacks of errors raised
        # through wax's transformations (wax's own frames removed unless "off").
        self.jax_log_compiles = _env_flag("JAX_LOG_COMPILES")
        self.jax_explain_cache_misses = _env_flag("JAX_EXPLAIN_CACHE_MISSES")
        self.jax_traceback_filtering = os.environ.get("JAX_TRACEBACK_FILTERING", "auto")
        self.jax_platforms = os.environ.get("JAX_PLATFORMS", "")
        # JAX's threefry_partitionable default (True since JAX 0.5): how random bits are
        # laid out over a shape (wax.random reads it).
        self.jax_threefry_partitionable = _env_flag("JAX_THREEFRY_PARTITIONABLE",
                                                    default=True)
        # Accepted for compatibility; they change nothing on wax's single CPU device.
        for name, default in _INERT_SETTINGS.items():
            setattr(self, name, default)
        self._listeners = []
        for name, choices in _CHOICES.items():
            self._check(name, getattr(self, name))
        self._jit_key = self._compute_jit_key()

    def _check(self, name, value):
        if name.startswith("_") or not hasattr(self, name):
            raise AttributeError(f"Unrecognized config option: {name}")
        choices = _CHOICES.get(name)
        if choices is not None and value not in choices:
            raise ValueError(f"Invalid value {value!r} for {name}; expected one of {choices}")

    def update(self, name: str, value) -> None:
        """Set a setting by its JAX name, e.g. `config.update('jax_enable_x64', True)`."""
        self._check(name, value)
        if isinstance(getattr(self, name), bool):
            value = bool(value)
        setattr(self, name, value)
        self._jit_key = self._compute_jit_key()
        for listener in self._listeners:
            listener(name)

    def add_listener(self, callback) -> None:
        """Call `callback(name)` after each update (caches that depend on a setting use it)."""
        self._listeners.append(callback)

    def jit_key(self) -> tuple:
        """The values of the settings that change the meaning of a traced program."""
        return self._jit_key

    def _compute_jit_key(self) -> tuple:
        return tuple(getattr(self, name) for name in _JIT_KEY_SETTINGS)

    def read(self, name: str):
        """The current value of a setting by name."""
        self._check(name, None if name not in _CHOICES else _CHOICES[name][0])
        return getattr(self, name)

    @contextlib.contextmanager
    def _override(self, name, value):
        old = getattr(self, name)
        self.update(name, value)
        try:
            yield
        finally:
            self.update(name, old)


config = Config()


def enable_x64(new_val: bool = True):
    """Context manager: 64-bit dtypes on (or off) inside the block."""
    return config._override("jax_enable_x64", new_val)


def disable_jit(disable: bool = True):
    """Context manager: jit runs its function op by op inside the block."""
    return config._override("jax_disable_jit", disable)


class _NoDefault:
    def __repr__(self):
        return "<no default>"


_NO_DEFAULT = _NoDefault()


def _state_manager(option: str, boolean: bool, doc: str):
    """A context manager over one option, called as JAX's config states are:
    `name(new_val)`; a boolean option given no value turns on."""
    name = option.removeprefix("jax_")

    def manager(new_val=_NO_DEFAULT):
        if new_val is _NO_DEFAULT:
            if not boolean:
                raise TypeError(f"{name}() needs a value, e.g. {name}('strict')")
            new_val = True
        return config._override(option, new_val)
    manager.__name__ = manager.__qualname__ = name
    manager.__doc__ = doc
    return manager


numpy_dtype_promotion = _state_manager(
    "jax_numpy_dtype_promotion", False,
    "Context manager for 'standard' or 'strict' dtype promotion.")
numpy_rank_promotion = _state_manager(
    "jax_numpy_rank_promotion", False,
    "Context manager for 'allow', 'warn' or 'raise' rank promotion.")
check_tracer_leaks = _state_manager(
    "jax_check_tracer_leaks", True,
    "Context manager: check for leaked tracers when each transformation ends.")
debug_nans = _state_manager(
    "jax_debug_nans", True,
    "Context manager for jax_debug_nans (accepted; wax does not yet re-run to locate NaNs).")
debug_infs = _state_manager(
    "jax_debug_infs", True, "Context manager for jax_debug_infs (accepted, as debug_nans).")
default_matmul_precision = _state_manager(
    "jax_default_matmul_precision", False,
    "Context manager for the default precision of matmuls (the CPU computes at full "
    "precision whatever it is).")
log_compiles = _state_manager(
    "jax_log_compiles", True,
    "Context manager for jax_log_compiles: log each tracing and executable build of jit.")
explain_cache_misses = _state_manager(
    "jax_explain_cache_misses", True,
    "Context manager for jax_explain_cache_misses: log why jit traced again.")
threefry_partitionable = _state_manager(
    "jax_threefry_partitionable", True,
    "Context manager for how random bits are laid out over a shape (as JAX's).")
_INERT_MANAGERS = {name[len("jax_"):] if name.startswith("jax_") else name:
                   _state_manager(name, isinstance(default, bool) or default is None,
                                  f"Context manager for {name} (accepted; no effect in wax).")
                   for name, default in _INERT_SETTINGS.items()}
globals().update(_INERT_MANAGERS)


@contextlib.contextmanager
def transfer_guard(new_val: str):
    """Context manager setting all three transfer guards (accepted; wax has one device)."""
    names = ("jax_transfer_guard_host_to_device", "jax_transfer_guard_device_to_device",
             "jax_transfer_guard_device_to_host")
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.enter_context(config._override(name, new_val))
        yield


def checking_leaks():
    """Context manager: check for leaked tracers when each transformation ends."""
    return config._override("jax_check_tracer_leaks", True)
