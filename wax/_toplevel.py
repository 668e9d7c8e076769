"""The rest of the top-level `jax` names: pmap (on wax's virtual devices), custom_gradient,
fwd_and_bwd, naming helpers, cache and array bookkeeping, and host/process queries for
wax's single process."""
from __future__ import annotations

import contextlib
import functools
import gc
import platform
import sys

import numpy as np

__all__ = ["pmap", "custom_gradient", "fwd_and_bwd", "named_call", "named_scope",
           "clear_caches", "typeof", "live_arrays", "make_array_from_callback",
           "make_array_from_single_device_arrays", "make_array_from_process_local_data",
           "effects_barrier", "print_environment_info", "host_count", "host_id", "host_ids",
           "process_indices", "copy_to_host_async", "make_user_context"]


def pmap(fun, axis_name=None, *, in_axes=0, out_axes=0, static_broadcasted_argnums=(),
         devices=None, backend=None, axis_size=None, donate_argnums=()):
    """fun mapped over the leading axis as if on that many devices, with collectives over
    `axis_name`. wax runs the members on its one CPU device: pmap is jit of vmap with the
    same axis name (so psum, all_gather, axis_index, ... mean what they mean under pmap)."""
    from .transforms.batching import vmap
    from .transforms.jit import jit
    static = (static_broadcasted_argnums,) if isinstance(static_broadcasted_argnums, int) \
        else tuple(static_broadcasted_argnums)

    @functools.wraps(fun)
    def mapped(*args, **kwargs):
        dynamic = [i for i in range(len(args)) if i not in static]
        axes = in_axes if isinstance(in_axes, (tuple, list)) and len(in_axes) == len(args) \
            else (in_axes,) * len(args)

        def call(*dyn):
            full = list(args)
            for i, value in zip(dynamic, dyn):
                full[i] = value
            return fun(*full, **kwargs)

        batched = vmap(call, in_axes=tuple(axes[i] for i in dynamic), out_axes=out_axes,
                       axis_name=axis_name, axis_size=axis_size)
        return jit(batched)(*[args[i] for i in dynamic])

    return mapped


def custom_gradient(fun):
    """fun(*args) -> (value, vjp) where vjp(cotangent) gives one cotangent per argument:
    the returned function differentiates through vjp (JAX's custom_gradient)."""
    from .transforms.custom_derivatives import custom_vjp

    @custom_vjp
    def wrapped(*args):
        return fun(*args)[0]

    def fwd(*args):
        return fun(*args)[0], args  # the arguments are the residuals

    def bwd(args, ct):
        # The user's vjp is a Python closure, not arrays a residual can hold: the backward
        # pass calls fun again to get it.
        cts = fun(*args)[1](ct)
        return tuple(cts) if isinstance(cts, (tuple, list)) else (cts,)

    wrapped.defvjp(fwd, bwd)
    functools.update_wrapper(wrapped, fun)
    return wrapped


def fwd_and_bwd(fun, argnums, has_aux=False, jitted=True):
    """(fwd, bwd): fwd(*args) -> (value, residuals) and bwd(residuals, cotangent) -> the
    cotangents of the arguments at argnums (the two halves of vjp). The residuals are
    the pullback itself, a Python function, so `jitted` is accepted but fwd runs as
    written (jit the function inside instead)."""
    from .transforms.grad import vjp
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)

    def fwd(*args):
        def partial_fun(*dyn):
            full = list(args)
            for i, value in zip(nums, dyn):
                full[i] = value
            return fun(*full)
        result = vjp(partial_fun, *[args[i] for i in nums], has_aux=has_aux)
        if has_aux:
            value, pullback, aux = result
            return (value, aux), pullback
        value, pullback = result
        return value, pullback

    def bwd(pullback, cotangent):
        cts = pullback(cotangent)
        return cts[0] if isinstance(argnums, int) else cts

    return fwd, bwd


def named_call(fun, *, name=None):
    """fun itself (JAX uses the name in profiles; wax has none)."""
    return fun


@contextlib.contextmanager
def named_scope(name: str):
    """A named scope for profiles (no effect in wax)."""
    if not isinstance(name, str):
        raise TypeError("named_scope name argument must be a string.")
    yield


def clear_caches():
    """Forget every compiled program and staged Jaxpr (jit's caches)."""
    from .transforms import jit as jit_module
    jit_module._executables.clear()
    jit_module.clear_shared_caches()
    for obj in gc.get_objects():
        if isinstance(obj, jit_module.JitWrapped):
            obj._cache.clear()
            obj._flat_cache.clear()


def typeof(x):
    """The abstract value (ShapedArray) of an array, tracer or scalar."""
    from .transforms.staging import aval_of
    return aval_of(x)


def live_arrays(platform=None):
    """The wax arrays still alive in this process."""
    from .core.array import ArrayImpl
    return [obj for obj in gc.get_objects() if type(obj) is ArrayImpl]


def make_array_from_callback(shape, sharding, data_callback, dtype=None):
    """The array data_callback(index) gives for the whole shape (one device: one call)."""
    from .numpy import asarray
    index = tuple(slice(None) for _ in shape)
    data = np.asarray(data_callback(index))
    if tuple(data.shape) != tuple(shape):
        raise ValueError(f"make_array_from_callback: the callback returned shape "
                         f"{data.shape}, expected {tuple(shape)}")
    return asarray(data, dtype=dtype)


def make_array_from_single_device_arrays(shape, sharding, arrays, *, dtype=None):
    """The array made of one device's array (wax has one device)."""
    from .numpy import asarray
    if len(arrays) != 1 or tuple(np.shape(arrays[0])) != tuple(shape):
        raise ValueError(f"make_array_from_single_device_arrays: wax has one device, so "
                         f"expects one array of shape {tuple(shape)}, got "
                         f"{[np.shape(a) for a in arrays]}")
    return asarray(arrays[0], dtype=dtype)


def make_array_from_process_local_data(sharding, local_data, global_shape=None):
    """The array of this process's data (wax runs one process: all of it)."""
    from .numpy import asarray
    if global_shape is not None and tuple(np.shape(local_data)) != tuple(global_shape):
        raise ValueError(f"make_array_from_process_local_data: local data of shape "
                         f"{np.shape(local_data)} is not the global shape {global_shape}")
    return asarray(local_data)


def effects_barrier():
    """Wait for pending effects (wax runs them in order, synchronously)."""


def print_environment_info(return_string: bool = False):
    """The versions of wax, Python, NumPy and the platform."""
    from . import __version__
    text = (f"wax:    {__version__}\nnumpy:  {np.__version__}\npython: "
            f"{sys.version.split()[0]}\nplatform: {platform.platform()}\ndevices: 1 CPU\n")
    if return_string:
        return text
    print(text, end="")
    return None


def host_count(backend=None) -> int:
    return 1


def host_id(backend=None) -> int:
    return 0


def host_ids(backend=None) -> list:
    return [0]


def process_indices(backend=None) -> list:
    return [0]


def copy_to_host_async(x):
    """Start copying x to the host (it is there already)."""
    return x


def make_user_context(default_value=None):
    """A context-manager factory carrying a value in a ContextVar (JAX's user context)."""
    import contextvars
    var = contextvars.ContextVar("wax_user_context", default=default_value)

    @contextlib.contextmanager
    def context(value):
        token = var.set(value)
        try:
            yield
        finally:
            var.reset(token)

    context.get = var.get
    return context
