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
    "jax_numpy_rank_promotion": ("allow", "warn", "raise"),
    "jax_numpy_dtype_promotion": ("standard", "strict"),
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
        self.jax_platforms = os.environ.get("JAX_PLATFORMS", "")
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
    name = option[len("jax_"):]

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


def checking_leaks():
    """Context manager: check for leaked tracers when each transformation ends."""
    return config._override("jax_check_tracer_leaks", True)
