"""vmap: the batching interpreter.

A BatchTracer carries a value with one extra dimension, the batch dimension, at position
`bdim` (or `not_mapped` for a value that is the same in every batch member; such values
are never wrapped). The batch trace hands each primitive to its `batch` rule with the
parent trace current, `rule(axis, args, dims, **params) -> (out, out_dim)`, so rules bind
primitives on whole batches (wax/primitives/batch_util.py has the helpers). Primitives
whose operands are all unbatched pass straight through, except collectives
(`Primitive.collective`), which always see the axis so psum over it can scale or reduce.
"""
from __future__ import annotations

import dataclasses
import functools

from ..core.interpreters import (Trace, Tracer, current_trace, leaked_tracer_error,
                                 new_trace, set_current_trace, user_frame)
from ..core.avals import ShapedArray
from ..core.traceback_util import api_boundary
from ..core.tree import tree_flatten, tree_unflatten
from .staging import aval_of, cached_per_jaxpr

not_mapped = None  # the batch dimension of an unbatched value


@dataclasses.dataclass(frozen=True)
class AxisData:
    """The mapped axis of one vmap: its name (or None), size and spmd_axis_name."""
    name: object
    size: int
    spmd_name: object = None


class BatchTracer(Tracer):
    __slots__ = ("val", "bdim", "_source")

    def __init__(self, trace, val, bdim: int, source=None):
        self._trace, self.val, self.bdim, self._source = trace, val, bdim, source

    @property
    def aval(self):
        aval = aval_of(self.val)
        shape = aval.shape[:self.bdim] + aval.shape[self.bdim + 1:]
        return ShapedArray(shape, aval.dtype, aval.weak_type)

    def _origin(self):
        if isinstance(self.val, Tracer):
            return self.val._origin()
        if self._source is None:
            where = "This value is a batched argument of the function.\n"
        else:
            filename, line, fn = self._source
            where = ("This value became a tracer due to JAX operations on these lines:\n\n"
                     f"  operation created at {filename}:{line} ({fn})\n")
        return (f"The error occurred while tracing the function {self._trace.fun_name} for "
                f"vmap. {where}")


class BatchTrace(Trace):
    def __init__(self, parent, axis: AxisData, fun_name: str = "<fun>"):
        super().__init__(parent)
        self.axis, self.fun_name = axis, fun_name

    def lift(self, value):
        """(value, batch dim) of an operand: our tracers split, anything else is unbatched."""
        if isinstance(value, BatchTracer) and value._trace is self:
            return value.val, value.bdim
        if isinstance(value, Tracer) and not value._trace.live:
            raise leaked_tracer_error(value)
        return value, not_mapped

    def process_primitive(self, prim, args, params):
        vals, dims = [], []
        for arg in args:
            v, d = self.lift(arg)
            vals.append(v)
            dims.append(d)
        with set_current_trace(self.parent):
            if not prim.collective and all(d is not_mapped for d in dims):
                return prim.bind(*vals, **params)
            rule = prim.batch
            if rule is None:
                raise NotImplementedError(f"Batching rule for '{prim.name}' not implemented")
            out, out_dims = rule(self.axis, vals, dims, **params)
        if prim.multiple_results:
            return [self.wrap(o, d) for o, d in zip(out, out_dims)]
        return self.wrap(out, out_dims)

    def wrap(self, val, bdim):
        return val if bdim is not_mapped else BatchTracer(self, val, bdim, user_frame())


# --- the vmap API -------------------------------------------------------------------------

def _flat_axes(spec, tree, what, error_name):
    """The per-leaf axes of a prefix-pytree `spec` over the value `tree`."""
    from ..core.tree import tree_broadcast, tree_structure
    try:
        full = tree_broadcast(spec, tree, is_leaf=lambda x: x is None)
    except (ValueError, TypeError):
        raise ValueError(f"vmap {error_name} specification must be a tree prefix of the "
                         f"corresponding value, got specification {spec} for value tree "
                         f"{tree_structure(tree)}.") from None
    leaves, _ = tree_flatten(full, is_leaf=lambda x: x is None)
    for axis in leaves:
        if axis is not None and type(axis) is not int:
            raise TypeError(f"vmap {what} must be an int, None, or a tuple of entries "
                            f"corresponding to the positional arguments passed to the "
                            f"function, but got {spec}.")
    return leaves


def _arg_label(path_names, i):
    return path_names[i] if path_names and i < len(path_names) else f"args[{i}]"


def _batch_size(leaves, axes, names, axis_size):
    sizes = []
    for i, (x, axis) in enumerate(zip(leaves, axes)):
        if axis is None:
            continue
        shape = aval_of(x).shape
        if not -len(shape) <= axis < len(shape):
            raise ValueError(f"vmap was requested to map its argument along axis {axis}, "
                             f"which implies that its rank should be at least "
                             f"{axis + 1 if axis >= 0 else -axis}, but is only {len(shape)} "
                             f"(its shape is {shape})")
        sizes.append((shape[axis], axis % len(shape), i))
    if not sizes:
        if axis_size is None:
            raise ValueError("vmap must have at least one non-None value in in_axes")
        return axis_size
    distinct = {s for s, _, _ in sizes}
    if axis_size is not None:
        distinct.add(axis_size)
    if len(distinct) > 1:
        lines = []
        for size in sorted(distinct, key=lambda s: -sum(1 for t, _, _ in sizes if t == s)):
            members = [(a, i) for s, a, i in sizes if s == size]
            if not members:
                lines.append(f"  * axis_size was {size}")
                continue
            a, i = members[0]
            x = leaves[i]
            aval = aval_of(x)
            desc = (f"axis {a} of argument {_arg_label(names, i)} of type "
                    f"{aval.dtype.name}[{','.join(map(str, aval.shape))}]")
            lines.append(f"  * one axis had size {size}: {desc}" if len(members) == 1 else
                         f"  * most axes ({len(members)} of them) had size {size}, "
                         f"e.g. {desc}")
        raise ValueError("vmap got inconsistent sizes for array axes to be mapped:\n"
                         + ";\n".join(lines))
    return distinct.pop()


def vmap(fun, in_axes=0, out_axes=0, axis_name=None, axis_size=None, spmd_axis_name=None,
         sum_match=False):
    """Vectorize `fun` over the axes `in_axes` of its arguments (see the module docstring)."""
    if not callable(fun):
        raise TypeError(f"vmap requires a callable, got {fun!r}")
    if isinstance(in_axes, list):
        raise TypeError("vmap in_axes must be an int, None, or a tuple of entries "
                        "corresponding to the positional arguments passed to the function, "
                        f"but got {in_axes}.")
    if axis_size is not None and type(axis_size) is not int:
        raise TypeError(f"vmap axis_size must be an int, got {axis_size!r}")

    @api_boundary
    @functools.wraps(fun)
    def batched(*args, **kwargs):
        from ..primitives.batch_util import move_to  # rule helpers: they bind primitives
        from .jvp import _as_array
        from .staging import flat_arg_names, fun_name
        spec = in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args)
        if isinstance(in_axes, tuple) and len(in_axes) != len(args):
            raise ValueError(f"vmap in_axes must be an int, None, or a tuple of entries "
                             f"corresponding to the positional arguments passed to the "
                             f"function, but got len(in_axes)={len(in_axes)}, "
                             f"len(args)={len(args)}")
        leaves, in_tree = tree_flatten(args)
        axes = _flat_axes(spec, args, "in_axes", "in_axes")
        kw_leaves, kw_tree = tree_flatten(kwargs)
        leaves = [_as_array(x) for x in leaves] + [_as_array(x) for x in kw_leaves]
        axes = axes + [0] * len(kw_leaves)
        names = flat_arg_names(fun, args)
        size = _batch_size(leaves, axes, names, axis_size)
        trace = BatchTrace(current_trace(), AxisData(axis_name, size, spmd_axis_name),
                           fun_name(fun))
        with new_trace(trace):
            tracers = [x if a is None else BatchTracer(trace, x, a % len(aval_of(x).shape))
                       for x, a in zip(leaves, axes)]
            n = in_tree.num_leaves
            out = fun(*tree_unflatten(in_tree, tracers[:n]),
                      **tree_unflatten(kw_tree, tracers[n:]))
            out_leaves, out_tree = tree_flatten(out)
            lifted = [trace.lift(o) for o in out_leaves]
        out_spec = _flat_axes(out_axes, out, "out_axes", "out_axes")
        results = []
        for (val, bdim), axis in zip(lifted, out_spec):
            if axis is None:
                if bdim is not not_mapped:
                    raise ValueError(f"vmap has mapped output (axis_name={axis_name}) but "
                                     "out_axes is None")
                results.append(val)
                continue
            ndim = len(aval_of(val).shape) + (bdim is not_mapped)
            if not -ndim <= axis < ndim:
                raise ValueError(f"vmap out_axes specification {axis} is out of range for "
                                 f"an output of rank {ndim}")
            results.append(move_to(_as_array(val), bdim, axis % ndim, size))
        return tree_unflatten(out_tree, results)

    return batched


# --- batching a Jaxpr (call and control-flow primitives) ---------------------------------

@cached_per_jaxpr
def _batch_jaxpr(closed, axis, dims, force):
    from ..core.jaxpr import eval_jaxpr
    from ..primitives.batch_util import move_to
    from .staging import closure_convert_jaxpr, trace_to_jaxpr
    out_dims = []

    def batched_program(*args):
        trace = BatchTrace(current_trace(), axis)
        with new_trace(trace):
            outs = eval_jaxpr(closed.jaxpr, closed.consts, *[
                a if d is not_mapped else BatchTracer(trace, a, d) for a, d in zip(args, dims)])
            lifted = [trace.lift(o) for o in outs]
        results = []
        out_dims.clear()
        for (val, d), f in zip(lifted, force):
            if d is not_mapped and not f:
                results.append(val)
                out_dims.append(not_mapped)
            else:
                results.append(move_to(val, d, 0, axis.size))
                out_dims.append(0)
        return results

    in_avals = []
    for aval, d in zip(closed.in_avals, dims):
        if d is not_mapped:
            in_avals.append(aval)
        else:
            shape = list(aval.shape)
            shape.insert(d, axis.size)
            in_avals.append(ShapedArray(tuple(shape), aval.dtype, aval.weak_type))
    staged = trace_to_jaxpr(batched_program, in_avals, "vmap", purpose="jit")
    return (*closure_convert_jaxpr(staged), tuple(out_dims))


def batch_jaxpr(closed, axis, dims, force=None):
    """A ClosedJaxpr batched along `axis`, staged once per (Jaxpr, axis, dims, force):
    (jaxpr, consts, out_dims). The Jaxpr takes [*consts, *inputs] where input i has its
    batch dimension at dims[i] (or none); each output is batched at 0 or unbatched
    (out_dims), and `force[i]` makes output i batched even if it does not depend on the
    batch (loop carries, the branches of a cond)."""
    force = tuple(force) if force is not None else (False,) * len(closed.out_avals)
    return _batch_jaxpr(closed, axis, tuple(dims), force)
