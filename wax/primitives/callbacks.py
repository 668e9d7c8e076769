"""Calls back into Python from staged code: debug_callback (effectful: never removed by
dead-code elimination, printed per batch member under vmap) and pure_callback (a pure
function of its arguments, batched by its `vmap_method`)."""
from __future__ import annotations

import numpy as np

from ..core.avals import ShapedArray
from ..core.primitive import Primitive, register
from .batch_util import moveaxis, not_mapped, shape_of

DEBUG_EFFECT = "debug_callback"


def _as_arrays(bufs):
    from ..core.array import ArrayImpl
    return [ArrayImpl(np.asarray(b)) for b in bufs]


# --- debug_callback ------------------------------------------------------------------------

def _debug_impl(xp, *bufs, callback, **params):
    callback(*_as_arrays(bufs))
    return []


def _debug_jvp(primals, tangents, **params):
    # Tangents are not shown (JAX prints the primal values).
    return debug_callback_p.bind(*primals, **params), []


def _debug_batch(axis, args, dims, **params):
    """One callback per batch member, in order, as JAX prints per lane."""
    from .indexing import index_in_dim
    for i in range(axis.size):
        debug_callback_p.bind(*[a if d is not_mapped else index_in_dim(a, i, d, False)
                                for a, d in zip(args, dims)], **params)
    return [], []


debug_callback_p = register(Primitive(
    "debug_callback", impl=_debug_impl, abstract_eval=lambda *avals, **params: [],
    jvp=_debug_jvp, transpose=lambda cts, *args, **params: [None] * len(args),
    batch=_debug_batch, multiple_results=True, effects=frozenset({DEBUG_EFFECT})))


def debug_callback(callback, *args, ordered=False, **kwargs):
    """Call `callback(*args, **kwargs)` with concrete arrays when the program runs (each
    time, also under jit, inside loops, and per member under vmap)."""
    from ..core.tree import tree_flatten, tree_unflatten
    from .shape import _asarray as asarray
    if not callable(callback):
        raise TypeError(f"first argument to jax.debug.callback must be callable, got "
                        f"{callback!r}")
    leaves, tree = tree_flatten((args, kwargs))
    leaves = [asarray(x) for x in leaves]

    def flat_callback(*arrays):
        a, k = tree_unflatten(tree, list(arrays))
        callback(*a, **k)

    debug_callback_p.bind(*leaves, callback=flat_callback, ordered=bool(ordered))


def debug_print(fmt: str, *args, ordered=False, **kwargs):
    """print(fmt.format(*args, **kwargs)) with the runtime values."""
    debug_callback(lambda *a, **k: print(fmt.format(*a, **k)), *args, ordered=ordered,
                   **kwargs)


# --- pure_callback -------------------------------------------------------------------------

def _pure_impl(xp, *bufs, callback, result_avals, vmap_method):
    outs = callback(*[np.asarray(b) for b in bufs])
    results = []
    for out, aval in zip(outs, result_avals):
        out = np.asarray(out)
        if out.shape != aval.shape:
            raise RuntimeError(f"pure_callback: the callback returned shape {out.shape}, "
                               f"but result_shape_dtypes says {aval.shape}")
        results.append(out.astype(aval.dtype, copy=False))
    return results


def _pure_jvp(primals, tangents, **params):
    raise ValueError("Pure callbacks do not support JVP. Please use `jax.custom_jvp` to "
                     "use callbacks while taking gradients.")


def _pure_batch(axis, args, dims, *, callback, result_avals, vmap_method):
    from .batch_util import bdim_at_front, expand_front
    if vmap_method == "sequential":
        from .indexing import index_in_dim
        from .shape import concatenate, expand_dims
        per_member = [pure_callback_p.bind(
            *[a if d is not_mapped else index_in_dim(a, i, d, False)
              for a, d in zip(args, dims)],
            callback=callback, result_avals=result_avals, vmap_method=vmap_method)
            for i in range(axis.size)]
        return ([concatenate([expand_dims(o, (0,)) for o in outs], 0)
                 for outs in zip(*per_member)], [0] * len(result_avals))
    if vmap_method in ("expand_dims", "broadcast_all", "legacy_vectorized"):
        moved = []
        for a, d in zip(args, dims):
            if d is not_mapped:
                moved.append(bdim_at_front(a, d, axis.size) if vmap_method == "broadcast_all"
                             else expand_front(a, len(shape_of(a)) + 1))
            else:
                moved.append(moveaxis(a, d, 0))
        out_avals = tuple(ShapedArray((axis.size,) + a.shape, a.dtype) for a in result_avals)
        outs = pure_callback_p.bind(*moved, callback=callback, result_avals=out_avals,
                                    vmap_method=vmap_method)
        return outs, [0] * len(outs)
    raise NotImplementedError(
        "Pure callbacks under vmap need a `vmap_method`: one of 'sequential', "
        "'expand_dims', 'broadcast_all' (got None).")


pure_callback_p = register(Primitive(
    "pure_callback", impl=_pure_impl,
    abstract_eval=lambda *avals, result_avals, **params: list(result_avals),
    jvp=_pure_jvp, batch=_pure_batch, multiple_results=True))


def pure_callback(callback, result_shape_dtypes, *args, sharding=None, vmap_method=None,
                  **kwargs):
    """Call a pure Python function on NumPy arrays from staged code; its results have the
    shapes and dtypes of `result_shape_dtypes` (a pytree of objects with .shape/.dtype)."""
    from ..core import dtypes
    from ..core.tree import tree_flatten, tree_unflatten
    from .shape import _asarray as asarray
    if vmap_method not in (None, "sequential", "expand_dims", "broadcast_all",
                           "legacy_vectorized"):
        raise ValueError(f"vmap_method must be one of 'sequential', 'expand_dims', "
                         f"'broadcast_all' or None, got {vmap_method!r}")
    leaves, tree = tree_flatten((args, kwargs))
    leaves = [asarray(x) for x in leaves]
    result_leaves, result_tree = tree_flatten(result_shape_dtypes)
    result_avals = tuple(ShapedArray(tuple(r.shape),
                                     dtypes.canonicalize_dtype(np.dtype(r.dtype)))
                         for r in result_leaves)

    def flat_callback(*arrays):
        a, k = tree_unflatten(tree, list(arrays))
        out_leaves, out_tree = tree_flatten(callback(*a, **k))
        if out_tree != result_tree:
            raise TypeError(f"pure_callback: the callback returned {out_tree}, but "
                            f"result_shape_dtypes is {result_tree}")
        return out_leaves

    outs = pure_callback_p.bind(*leaves, callback=flat_callback, result_avals=result_avals,
                                vmap_method=vmap_method)
    return tree_unflatten(result_tree, outs)
