"""reduce_window and its monoid forms (reduce_window_sum / _max / _min), with their rules.

A window reduction slides a window (window_dimensions, window_strides, window_dilation)
over the operand after padding it with the reduction's identity (padding) and spreading
it out (base_dilation, holes filled with the identity). The impls take NumPy strided
views of the padded operand and reduce over the window axes.

Derivatives go through a static "window table": for each output position and window
slot, the flat operand index it reads, or the extra slot n (padding and holes). With it,
reduce_window_sum's transpose is a scatter-add of the cotangent, and the tangent of
reduce_window_max/_min is a gather of the tangent at each window's first extremal place
(JAX's select_and_gather_add), linear in the tangent, hence transposable. The general
reduce_window (any computation) differentiates by reducing (value, tangent) pairs with
the computation's JVP.
"""
from __future__ import annotations

import functools
import math
import operator

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from .batch_util import insert_at, move_to, not_mapped
from .families import LINEAR_JVP, define, is_zero, zero_tangent_like

__all__ = ["reduce_window", "reduce_window_shape_tuple", "reduce_window_sum_p",
           "reduce_window_max_p", "reduce_window_min_p", "reduce_window_p"]


# --- geometry ----------------------------------------------------------------------------

def reduce_window_shape_tuple(operand_shape, window_dimensions, window_strides, padding,
                              base_dilation=None, window_dilation=None):
    """The output shape of a window reduction."""
    rank = len(operand_shape)
    base_dilation = base_dilation or (1,) * rank
    window_dilation = window_dilation or (1,) * rank
    out = []
    for size, w, s, (lo, hi), b, d in zip(operand_shape, window_dimensions, window_strides,
                                         padding, base_dilation, window_dilation):
        dilated = (size - 1) * b + 1 if size else 0
        span = (w - 1) * d + 1
        out.append(max((dilated + lo + hi - span) // s + 1, 0))
    return tuple(out)


def _windows(x, fill, params):
    """The strided view (out_shape + window_dimensions) of x padded with `fill`."""
    dims, strides, padding, base, wdil = (params["window_dimensions"],
                                          params["window_strides"], params["padding"],
                                          params["base_dilation"], params["window_dilation"])
    if any(b > 1 for b in base):
        spread = np.full(tuple((s - 1) * b + 1 if s else 0 for s, b in zip(x.shape, base)),
                         fill, x.dtype)
        spread[tuple(slice(None, None, b) for b in base)] = x
        x = spread
    x = np.pad(x, [(max(lo, 0), max(hi, 0)) for lo, hi in padding], constant_values=fill)
    x = x[tuple(slice(-lo if lo < 0 else 0, x.shape[i] + hi if hi < 0 else None)
                for i, (lo, hi) in enumerate(padding))]
    spans = [(w - 1) * d + 1 for w, d in zip(dims, wdil)]
    if any(n < span for n, span in zip(x.shape, spans)):
        out = reduce_window_shape_tuple(x.shape, dims, strides, [(0, 0)] * x.ndim)
        return np.empty(tuple(out) + tuple(dims), x.dtype)
    view = np.lib.stride_tricks.sliding_window_view(x, spans)
    return view[tuple(slice(None, None, s) for s in strides) +
                tuple(slice(None, None, d) for d in wdil)]


@functools.lru_cache(maxsize=256)
def _window_table(shape, params_key):
    """(out_shape, flat table (out_size, window_size)): operand index per window slot,
    n (one past the end) where the slot reads padding or a dilation hole."""
    params = dict(params_key)
    n = math.prod(shape)
    view = _windows(np.arange(n, dtype=np.int64).reshape(shape), n, params)
    rank = len(shape)
    out_shape = view.shape[:rank]
    return out_shape, np.ascontiguousarray(view.reshape(math.prod(out_shape), -1))


def _key(params):
    return tuple(sorted(params.items()))


def _identity(kind, dtype):
    if kind == "sum":
        return np.zeros((), dtype)
    if dtype == np.bool_:
        return np.asarray(kind == "min")
    if dtypes.is_inexact(dtype):
        return np.asarray(-np.inf if kind == "max" else np.inf).astype(dtype)
    info = np.iinfo(dtype)
    return np.asarray(info.min if kind == "max" else info.max, dtype)


def _abstract_eval(aval, **params):
    shape = reduce_window_shape_tuple(aval.shape, params["window_dimensions"],
                                      params["window_strides"], params["padding"],
                                      params["base_dilation"], params["window_dilation"])
    return ShapedArray(shape, aval.dtype, aval.weak_type)


def _monoid_impl(kind):
    reduce = {"sum": np.sum, "max": np.max, "min": np.min}[kind]

    def impl(xp, x, **params):
        x = np.asarray(x)
        view = _windows(x, _identity(kind, x.dtype), params)
        rank = x.ndim
        axes = tuple(range(rank, 2 * rank))
        if view.size == 0:
            return np.full(view.shape[:rank], _identity(kind, x.dtype), x.dtype)
        return np.asarray(reduce(view, axis=axes)).astype(x.dtype, copy=False)
    return impl


# --- rules built on the window table -------------------------------------------------------

def _flat_with_slot(x, fill):
    """x flattened with one extra trailing element `fill` (the padding slot)."""
    from ..transforms.staging import aval_of
    from .shape import concatenate, full, reshape
    aval = aval_of(x)
    flat = reshape(x, (math.prod(aval.shape),))
    return concatenate([flat, full((1,), fill, aval.dtype)], 0)


def _gather_flat(flat, positions):
    """flat[positions] for a 1-D operand and an integer array of positions."""
    from .gather_scatter import GatherDimensionNumbers, gather
    from .shape import reshape
    idx = reshape(positions, tuple(positions.shape) + (1,))
    dnums = GatherDimensionNumbers(offset_dims=(), collapsed_slice_dims=(0,),
                                   start_index_map=(0,))
    return gather(flat, idx, dnums, (1,), mode="promise_in_bounds")


def _sum_transpose(ct, x, **params):
    """Each output's cotangent goes back to every operand element its window read."""
    from ..core.array import ArrayImpl
    from .gather_scatter import ScatterDimensionNumbers, scatter_add
    from .indexing import slice as lax_slice
    from .shape import broadcast_in_dim, full, reshape
    if is_zero(ct):
        return [None]
    shape = x.aval.shape
    out_shape, table = _window_table(shape, _key(params))
    n, (m, w) = math.prod(shape), table.shape
    updates = broadcast_in_dim(reshape(ct, (m,)), (m, w), (0,))
    dnums = ScatterDimensionNumbers(update_window_dims=(), inserted_window_dims=(0,),
                                    scatter_dims_to_operand_dims=(0,))
    idx = ArrayImpl(table.reshape(m, w, 1).astype(np.int32))
    acc = scatter_add(full((n + 1,), 0, ct.dtype), idx, updates, dnums,
                      mode="promise_in_bounds")
    return [reshape(lax_slice(acc, (0,), (n,)), shape)]


def _chooser_jvp(kind):
    """The tangent at each window's first max (min): gather of the tangent, linear."""
    def jvp(primals, tangents, **params):
        from ..core.array import ArrayImpl
        from .reductions import argmax, argmin
        from .elementwise import add
        from .shape import reshape
        (x,), (t,) = primals, tangents
        prim = reduce_window_max_p if kind == "max" else reduce_window_min_p
        out = prim.bind(x, **params)
        if is_zero(t):
            return out, zero_tangent_like(out)
        from ..transforms.staging import aval_of
        shape = aval_of(x).shape
        out_shape, table = _window_table(shape, _key(params))
        m, w = table.shape
        table_arr = ArrayImpl(table.astype(np.int32))
        values = _gather_flat(_flat_with_slot(x, _identity(kind, aval_of(x).dtype)),
                              table_arr)
        pick = (argmax if kind == "max" else argmin)(values, 1, np.int32)
        rows = ArrayImpl((np.arange(m, dtype=np.int32) * w))
        chosen = _gather_flat(reshape(table_arr, (m * w,)), add(rows, pick))
        tangent = _gather_flat(_flat_with_slot(t, 0), chosen)
        return out, reshape(tangent, out_shape)
    return jvp


def _monoid_batch(prim_name):
    def batch(axis, args, dims, **params):
        (x,), (d,) = args, dims
        prim = _MONOIDS[prim_name]
        new = dict(window_dimensions=insert_at(params["window_dimensions"], d, 1),
                   window_strides=insert_at(params["window_strides"], d, 1),
                   padding=insert_at(params["padding"], d, (0, 0)),
                   base_dilation=insert_at(params["base_dilation"], d, 1),
                   window_dilation=insert_at(params["window_dilation"], d, 1))
        return prim.bind(x, **new), d
    return batch


reduce_window_sum_p = define("reduce_window_sum", _monoid_impl("sum"), _abstract_eval,
                             jvp=LINEAR_JVP, transpose=_sum_transpose, batch=_monoid_batch("sum"))
reduce_window_max_p = define("reduce_window_max", _monoid_impl("max"), _abstract_eval,
                             jvp=_chooser_jvp("max"), batch=_monoid_batch("max"))
reduce_window_min_p = define("reduce_window_min", _monoid_impl("min"), _abstract_eval,
                             jvp=_chooser_jvp("min"), batch=_monoid_batch("min"))
_MONOIDS = {"sum": reduce_window_sum_p, "max": reduce_window_max_p, "min": reduce_window_min_p}


# --- the general reduce_window: any computation, several operands -----------------------

def _general_abstract_eval(*avals, jaxpr, consts, **params):
    n = len(avals) // 2
    return [_abstract_eval(a, **params) for a in avals[:n]]


def _general_impl(xp, *args, jaxpr, consts, **params):
    from ..transforms.jit import executable_for
    n = len(args) // 2
    operands, inits = [np.asarray(a) for a in args[:n]], [np.asarray(a) for a in args[n:]]
    views = [_windows(x, init, params) for x, init in zip(operands, inits)]
    rank = operands[0].ndim
    out_shape = views[0].shape[:rank]
    flat = [v.reshape(out_shape + (-1,)) for v in views]
    acc = [np.broadcast_to(init, out_shape).astype(x.dtype) for init, x in zip(inits,
                                                                               operands)]
    run = executable_for(jaxpr)
    for k in range(flat[0].shape[-1]):
        acc = [np.asarray(a).astype(x.dtype, copy=False) for a, x in zip(
            run(*consts, *acc, *[f[..., k] for f in flat]), operands)]
    return acc


def _general_jvp(primals, tangents, *, jaxpr, consts, **params):
    """Reduce (value, tangent) pairs with the computation's JVP."""
    from ..transforms.jvp import instantiate, jvp as jvp_fn
    n = len(primals) // 2
    if all(is_zero(t) for t in tangents):
        outs = reduce_window_p.bind(*primals, jaxpr=jaxpr, consts=consts, **params)
        return outs, [zero_tangent_like(o) for o in outs]
    from ..core.jaxpr import eval_jaxpr

    def f(*xs):
        return eval_jaxpr(jaxpr.jaxpr, consts, *xs)

    def pair_computation(*vals):
        acc, acc_t, x, x_t = vals[:n], vals[n:2 * n], vals[2 * n:3 * n], vals[3 * n:]
        outs, outs_t = jvp_fn(f, (*acc, *x), (*acc_t, *x_t))
        return [*outs, *outs_t]

    from ..transforms.staging import aval_of
    scalars = [ShapedArray((), aval_of(p).dtype) for p in primals[:n]]
    new_jaxpr, new_consts = _stage_computation(pair_computation, scalars * 4)
    operands, inits = primals[:n], primals[n:]
    t_ops = [instantiate(t) for t in tangents[:n]]
    t_inits = [instantiate(t) for t in tangents[n:]]
    outs = reduce_window_p.bind(*operands, *t_ops, *inits, *t_inits, jaxpr=new_jaxpr,
                                consts=new_consts, **params)
    return outs[:n], outs[n:]


def _general_batch(axis, args, dims, *, jaxpr, consts, **params):
    n = len(args) // 2
    if any(d is not not_mapped for d in dims[n:]):
        raise NotImplementedError("reduce_window with batched init values under vmap")
    d = next(d for d in dims[:n] if d is not not_mapped)
    operands = [move_to(x, dx, d, axis.size) for x, dx in zip(args[:n], dims[:n])]
    new = dict(window_dimensions=insert_at(params["window_dimensions"], d, 1),
               window_strides=insert_at(params["window_strides"], d, 1),
               padding=insert_at(params["padding"], d, (0, 0)),
               base_dilation=insert_at(params["base_dilation"], d, 1),
               window_dilation=insert_at(params["window_dilation"], d, 1))
    outs = reduce_window_p.bind(*operands, *args[n:], jaxpr=jaxpr, consts=consts, **new)
    return outs, [d] * n


reduce_window_p = define("reduce_window", _general_impl, _general_abstract_eval,
                         jvp=_general_jvp, batch=_general_batch, multiple_results=True)


def _stage_computation(fun, scalar_avals):
    from ..transforms.staging import closure_convert_jaxpr, trace_to_jaxpr
    closed = trace_to_jaxpr(lambda *xs: list(fun(*xs)), scalar_avals, "reduce_window",
                            purpose="jit")
    jaxpr, consts = closure_convert_jaxpr(closed)
    return jaxpr, tuple(consts)


# --- the API -----------------------------------------------------------------------------

def _canonical_window(operand_shape, window_dimensions, window_strides, padding,
                      base_dilation, window_dilation):
    from .convolution import padtype_to_pads
    rank = len(operand_shape)
    dims = tuple(operator.index(w) for w in window_dimensions)
    strides = tuple(operator.index(s) for s in (window_strides or (1,) * rank))
    base = tuple(operator.index(b) for b in (base_dilation or (1,) * rank))
    wdil = tuple(operator.index(d) for d in (window_dilation or (1,) * rank))
    for name, value in (("window_dimensions", dims), ("window_strides", strides),
                        ("base_dilation", base), ("window_dilation", wdil)):
        if len(value) != rank:
            raise TypeError(f"reduce_window: {name} {value} must have one entry per operand "
                            f"dimension (operand shape {tuple(operand_shape)})")
        if any(v < 1 for v in value) and name != "window_dimensions":
            raise TypeError(f"reduce_window: {name} must be positive, got {value}")
    if isinstance(padding, str):
        dilated = tuple((s - 1) * b + 1 if s else 0 for s, b in zip(operand_shape, base))
        spans = tuple((w - 1) * d + 1 for w, d in zip(dims, wdil))
        padding = padtype_to_pads(dilated, spans, strides, padding)
    padding = tuple((operator.index(lo), operator.index(hi)) for lo, hi in padding)
    if len(padding) != rank:
        raise TypeError(f"reduce_window: padding {padding} must have one pair per operand "
                        f"dimension (operand shape {tuple(operand_shape)})")
    return dict(window_dimensions=dims, window_strides=strides, padding=padding,
                base_dilation=base, window_dilation=wdil)


def _monoid_of(computation, init):
    """'sum'/'max'/'min' when computation is lax.add/max/min and init its identity."""
    from . import elementwise as ew
    kinds = {ew.add: "sum", ew.max: "max", ew.min: "min"}
    kind = kinds.get(computation)
    if kind is None or hasattr(init, "_trace"):
        return None
    init = np.asarray(init)
    if init.shape or not np.array_equal(init, _identity(kind, init.dtype)):
        return None
    return kind


def reduce_window(operand, init_value, computation, window_dimensions, window_strides=None,
                  padding="VALID", base_dilation=None, window_dilation=None):
    """Reduce each window of `operand` (a pytree of arrays, with matching `init_value`s)
    with the binary `computation`, as XLA's ReduceWindow."""
    from ..core.tree import tree_flatten, tree_unflatten
    from .shape import _asarray
    operands, tree = tree_flatten(operand)
    inits, init_tree = tree_flatten(init_value)
    if tree != init_tree:
        raise ValueError("reduce_window: operand and init_value must have the same pytree "
                         f"structure, got {tree} and {init_tree}")
    operands = [_asarray(x) for x in operands]
    params = _canonical_window(np.shape(operands[0]), window_dimensions, window_strides,
                               padding, base_dilation, window_dilation)
    if len(operands) == 1:
        kind = _monoid_of(computation, inits[0])
        if kind is not None:
            return tree_unflatten(tree, [_MONOIDS[kind].bind(operands[0], **params)])
    inits = [_asarray(np.asarray(i, operands[k].dtype)) if not hasattr(i, "aval") else i
             for k, i in enumerate(inits)]
    from ..transforms.staging import aval_of
    scalars = [ShapedArray((), aval_of(x).dtype) for x in operands]
    n = len(operands)

    def pairwise(*xs):
        out, _ = tree_flatten(computation(tree_unflatten(tree, list(xs[:n])),
                                          tree_unflatten(tree, list(xs[n:]))))
        return out

    jaxpr, consts = _stage_computation(pairwise, scalars * 2)
    outs = reduce_window_p.bind(*operands, *inits, jaxpr=jaxpr, consts=consts, **params)
    return tree_unflatten(tree, outs)
