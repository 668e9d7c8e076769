"""make_jaxpr, eval_shape and ShapeDtypeStruct: the staging interpreter as a user API."""
from __future__ import annotations

import functools

import numpy as np

from ..core import dtypes
from ..core.traceback_util import api_boundary
from ..core.tree import tree_flatten, tree_unflatten
from .staging import aval_of, flat_arg_names, fun_name, trace_to_jaxpr


class ShapeDtypeStruct:
    """A shape and dtype standing in for an array (eval_shape's results and arguments)."""

    __slots__ = ("shape", "dtype", "weak_type", "sharding")

    def __init__(self, shape, dtype, *, weak_type=False, sharding=None):
        self.shape = tuple(shape)
        self.dtype = dtypes._dtype_arg(dtype)
        self.weak_type, self.sharding = weak_type, sharding

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape)))

    def __eq__(self, other):
        return (isinstance(other, ShapeDtypeStruct) and self.shape == other.shape and
                self.dtype == other.dtype and self.weak_type == other.weak_type)

    def __hash__(self):
        return hash((self.shape, self.dtype, self.weak_type))

    def __repr__(self):
        weak = ", weak_type=True" if self.weak_type else ""
        return f"ShapeDtypeStruct(shape={self.shape}, dtype={self.dtype.name}{weak})"


def _trace_pytree(fun, args, kwargs, static_argnums=()):
    static = {i for i in static_argnums}
    dyn = tuple(a for i, a in enumerate(args) if i not in static)
    leaves, treedef = tree_flatten((dyn, kwargs))
    avals = [aval_of(leaf) for leaf in leaves]
    out_tree_box = []

    def flat_fun(*tracers):
        dyn_args, dyn_kwargs = tree_unflatten(treedef, tracers)
        it = iter(dyn_args)
        full = [args[i] if i in static else next(it) for i in range(len(args))]
        out_leaves, out_tree = tree_flatten(fun(*full, **dyn_kwargs))
        out_tree_box.append(out_tree)
        return out_leaves

    names = flat_arg_names(fun, dyn) if not kwargs and not static else None
    closed = trace_to_jaxpr(flat_fun, avals, fun_name(fun), names)
    return closed, out_tree_box[0]


def make_jaxpr(fun, static_argnums=(), axis_env=None, return_shape=False):
    """A function that returns the ClosedJaxpr of `fun` traced at its arguments' types."""
    if isinstance(static_argnums, int):
        static_argnums = (static_argnums,)

    @api_boundary
    @functools.wraps(fun)
    def make(*args, **kwargs):
        closed, out_tree = _trace_pytree(fun, args, kwargs, static_argnums)
        if return_shape:
            shapes = [ShapeDtypeStruct(a.shape, a.dtype, weak_type=a.weak_type)
                      for a in closed.out_avals]
            return closed, tree_unflatten(out_tree, shapes)
        return closed

    return make


@api_boundary
def eval_shape(fun, *args, **kwargs):
    """The shapes and dtypes `fun` would return, computed without running it."""
    closed, out_tree = _trace_pytree(fun, args, kwargs)
    return tree_unflatten(out_tree, [ShapeDtypeStruct(a.shape, a.dtype, weak_type=a.weak_type)
                                     for a in closed.out_avals])
