"""The derivative rules of gather and scatter (gather_scatter.py defines the primitives
and looks these rules up here when they run; this module imports it back).

JVPs: gather and scatter/-add/-sub are linear (the tangents go through the same indices
and mode); scatter-mul follows the product rule, duplicates included; scatter-min and -max
pass on the tangent of the value that ends up at each place, tied values sharing it
equally (JAX's rule). scatter_apply has no JVP, as in JAX.

Transposes (JAX's rules, same modes): gather's cotangent is a scatter-add of ct into
zeros through the scatter that inverts its dimension numbers; scatter-add/-sub pass ct to
the operand and gather it back for the updates (negated for sub); a plain scatter zeroes
the scattered places of ct for the operand and gathers ct back for the updates (only the
update that was written last at a place gets it when indices may repeat); scatter-mul is
linear in the operand when the updates are known (ct scatter-multiplied by them) and in
unique-index updates when the operand is known.
"""
from __future__ import annotations

import math

import numpy as np

from ..core import dtypes
from ..core.array import ArrayImpl
from .elementwise import convert_element_type, div, eq, mul, neg, select_n
from .families import add_tangents, is_undefined, is_zero, zero_tangent_like
from .gather_scatter import (_CLIP, _FILL, GatherDimensionNumbers, ScatterDimensionNumbers,
                             gather_p, scatter_add_p, scatter_mul_p, scatter_p)
from .shape import full, full_like


def _gather_back(x, indices, updates_shape, params, *, mode=None, fill=0,
                 sorted_unique=False):
    """For every element of a scatter's updates (of `updates_shape`), the element of `x`
    (operand-shaped) it is scattered to: the gather that inverts the scatter's dimension
    numbers, in `mode` (the scatter's unless given; FILL_OR_DROP fills with `fill`).
    The scatter's indices_are_sorted/unique_indices flags carry over only when
    `sorted_unique` (JAX's transposes gather with both False)."""
    dn = params["dimension_numbers"]
    window = iter(updates_shape[d] for d in dn.update_window_dims)
    slice_sizes = tuple(1 if d in dn.inserted_window_dims or d in dn.operand_batching_dims
                        else next(window) for d in range(len(x.shape)))
    gather_dn = GatherDimensionNumbers(
        offset_dims=dn.update_window_dims, collapsed_slice_dims=dn.inserted_window_dims,
        start_index_map=dn.scatter_dims_to_operand_dims,
        operand_batching_dims=dn.operand_batching_dims,
        start_indices_batching_dims=dn.scatter_indices_batching_dims)
    mode = params["mode"] if mode is None else mode
    return gather_p.bind(x, indices, dimension_numbers=gather_dn, slice_sizes=slice_sizes,
                         indices_are_sorted=sorted_unique and params["indices_are_sorted"],
                         unique_indices=sorted_unique and params["unique_indices"],
                         mode=mode, fill_value=fill if mode is _FILL else None)


# --- gather ------------------------------------------------------------------------------

def gather_jvp(primals, tangents, *, mode, fill_value, **params):
    # Linear in the operand (the indices are integers). A window that does not fit is
    # filled with a constant, so its tangent is 0 whatever fill_value is (as in JAX).
    ans = gather_p.bind(*primals, mode=mode, fill_value=fill_value, **params)
    t_operand = tangents[0]
    if is_zero(t_operand):
        return ans, zero_tangent_like(ans)
    tangent_fill = 0 if mode is _FILL else fill_value
    return ans, gather_p.bind(t_operand, primals[1], mode=mode, fill_value=tangent_fill,
                              **params)


def gather_transpose(ct, operand, indices, *, dimension_numbers, slice_sizes,
                     indices_are_sorted, unique_indices, mode, fill_value):
    # Every element read sends its cotangent back where it was read from: a scatter-add
    # into zeros through the inverse dimension numbers, in the same mode (a window the
    # gather filled is dropped; JAX's PROMISE_IN_BOUNDS also drops what the gather clamped).
    if is_zero(ct):
        return [None, None]
    dn = dimension_numbers
    scatter_dn = ScatterDimensionNumbers(
        update_window_dims=dn.offset_dims, inserted_window_dims=dn.collapsed_slice_dims,
        scatter_dims_to_operand_dims=dn.start_index_map,
        operand_batching_dims=dn.operand_batching_dims,
        scatter_indices_batching_dims=dn.start_indices_batching_dims)
    aval = operand.aval
    return [scatter_add_p.bind(full(aval.shape, 0, aval.dtype), indices, ct,
                               dimension_numbers=scatter_dn,
                               indices_are_sorted=indices_are_sorted,
                               unique_indices=unique_indices, mode=mode, update_jaxpr=None,
                               update_consts=()), None]


# --- scatter jvp rules -------------------------------------------------------------------
# `params` below are a scatter's params; rules bind scatters and gathers with the same
# indices and mode, so a dropped (or clipped) update is dropped (or clipped) in the
# tangent computation too.

def _read_targets(operand, indices, updates, params):
    """For every element of `updates`, the element of `operand` it is scattered to: the
    gather that inverts the scatter's dimension numbers (0 where an update is dropped)."""
    clip = params["mode"] is _CLIP
    return _gather_back(operand, indices, updates.shape, params, mode=_CLIP if clip else _FILL,
                        sorted_unique=True)


def _as_dtype_of(mask, like):
    """A bool mask as 0/1 values of `like`'s dtype."""
    return convert_element_type(mask, dtypes.dtype_and_weak(like)[0])


def _tangent_pair(tangents):
    from ..transforms.jvp import instantiate
    return instantiate(tangents[0]), instantiate(tangents[2])


def _no_apply(params):
    if params["update_jaxpr"] is not None:
        raise NotImplementedError("scatter_apply JVP not implemented")


def linear_scatter_jvp(prim, primals, tangents, params):
    """scatter, scatter-add and scatter-sub are linear in the operand and the updates
    together: the tangents go through the same scatter. For a plain scatter with duplicate
    indices the tangent is the last update's, as the value is (wax's order; JAX's general
    rule picks the tangent of whichever update won, which agrees)."""
    _no_apply(params)
    operand, indices, updates = primals
    ans = prim.bind(operand, indices, updates, **params)
    t_operand, t_updates = _tangent_pair(tangents)
    return ans, prim.bind(t_operand, indices, t_updates, **params)


def scatter_mul_jvp(prim, primals, tangents, params):
    # out = operand * P, P the product of the updates at each place: the product rule.
    operand, indices, updates = primals
    ans = prim.bind(operand, indices, updates, **params)
    t_operand, t_updates = tangents[0], tangents[2]
    out = zero_tangent_like(ans)
    if not is_zero(t_operand):
        product = scatter_mul_p.bind(full_like(operand, 1), indices, updates, **params)
        out = mul(t_operand, product)
    if not is_zero(t_updates):
        zeros = full_like(operand, 0)
        if params["unique_indices"]:
            others = None  # each place gets at most one update: d(operand * u) = operand du
        else:
            others = _product_of_others(operand, indices, updates, params)
        spread = t_updates if others is None else mul(t_updates, others)
        out = add_tangents(out, mul(operand, scatter_add_p.bind(zeros, indices, spread,
                                                               **params)))
    return ans, out


def _product_of_others(operand, indices, updates, params):
    """For every update, the product of the other updates scattered to the same place,
    without dividing by zero: the nonzero updates' product over this update when no
    update there is zero, that product for the one zero update, else 0."""
    is_zero_update = eq(updates, full_like(updates, 0))
    ones = full_like(updates, 1)
    nonzero = select_n(is_zero_update, updates, ones)
    product = scatter_mul_p.bind(full_like(operand, 1), indices, nonzero, **params)
    zero_count = scatter_add_p.bind(full_like(operand, 0), indices,
                                    _as_dtype_of(is_zero_update, updates), **params)
    product = _read_targets(product, indices, updates, params)
    zero_count = _read_targets(zero_count, indices, updates, params)
    zeros = full_like(updates, 0)
    if_nonzero = select_n(eq(zero_count, zeros), zeros, div(product, nonzero))
    if_zero = select_n(eq(zero_count, ones), zeros, product)
    return select_n(is_zero_update, if_nonzero, if_zero)


def scatter_extremal_jvp(prim, primals, tangents, params):
    """scatter-min/max: the tangent of the value that ends up at each place; when the
    operand and several updates tie there, their tangents are averaged (JAX's rule)."""
    operand, indices, updates = primals
    ans = prim.bind(operand, indices, updates, **params)
    t_operand, t_updates = _tangent_pair(tangents)
    kept = eq(operand, ans)
    won = eq(updates, _read_targets(ans, indices, updates, params))
    sharers = scatter_add_p.bind(_as_dtype_of(kept, operand), indices,
                                 _as_dtype_of(won, updates), **params)
    total = scatter_add_p.bind(select_n(kept, full_like(operand, 0), t_operand), indices,
                               select_n(won, full_like(updates, 0), t_updates), **params)
    nothing = eq(sharers, full_like(sharers, 0))  # a NaN result: nothing equals it
    return ans, div(total, select_n(nothing, sharers, full_like(sharers, 1)))


# --- scatter transpose rules -------------------------------------------------------------

def _updates_shape(updates):
    return updates.aval.shape if is_undefined(updates) else np.shape(updates)


def _no_apply_transpose(params):
    if params["update_jaxpr"] is not None:
        raise NotImplementedError("scatter_apply transpose not implemented")


def _additive_transpose(ct, operand, indices, updates, params, negate):
    if is_zero(ct):
        return [None, None, None]
    t_updates = None
    if is_undefined(updates):
        t_updates = _gather_back(ct, indices, updates.aval.shape, params)
        if negate:
            t_updates = neg(t_updates)
    return [ct if is_undefined(operand) else None, None, t_updates]


def scatter_add_transpose(ct, operand, indices, updates, **params):
    return _additive_transpose(ct, operand, indices, updates, params, negate=False)


def scatter_sub_transpose(ct, operand, indices, updates, **params):
    return _additive_transpose(ct, operand, indices, updates, params, negate=True)


def _last_writes(operand_shape, indices, updates_shape, params):
    """True for each update element that a scatter with repeated indices leaves in its
    result (the last one written to its place), False for the overwritten and the dropped:
    scatter every element's position in `updates` and read the positions back."""
    order = np.arange(math.prod(updates_shape), dtype=np.int32).reshape(updates_shape)
    order = ArrayImpl(order, False)
    written = scatter_p.bind(full(operand_shape, -1, np.int32), indices, order, **params)
    clip = params["mode"] is _CLIP
    read = _gather_back(written, indices, updates_shape, params,
                        mode=_CLIP if clip else _FILL, fill=-1)
    return eq(read, order)


def scatter_transpose(ct, operand, indices, updates, **params):
    # out = operand outside the scattered places, the updates inside them.
    _no_apply_transpose(params)
    if is_zero(ct):
        return [None, None, None]
    shape = _updates_shape(updates)
    t_operand = t_updates = None
    if is_undefined(operand):
        zeros = full(shape, 0, dtypes.dtype_and_weak(ct)[0])
        t_operand = scatter_p.bind(ct, indices, zeros, **{**params, "unique_indices": True})
    if is_undefined(updates):
        t_updates = _gather_back(ct, indices, shape, params)
        if not params["unique_indices"]:
            # JAX transposes unique indices only (its JVP of a scatter with repeated
            # indices is not a scatter); wax's is, so only the last write gets ct.
            kept = _last_writes(ct.shape, indices, shape, params)
            t_updates = select_n(kept, full_like(t_updates, 0), t_updates)
    return [t_operand, None, t_updates]


def scatter_mul_transpose(ct, operand, indices, updates, **params):
    # out = operand * (the product of the updates at each place): linear in the operand
    # when the updates are known, and in the updates when the operand is known and each
    # place gets at most one update.
    if is_zero(ct):
        return [None, None, None]
    if is_undefined(operand) and is_undefined(updates):
        raise NotImplementedError("scatter-mul is not linear in its operand and updates "
                                  "together")
    if is_undefined(operand):
        return [scatter_mul_p.bind(ct, indices, updates, **params), None, None]
    if not params["unique_indices"]:
        raise NotImplementedError(
            "scatter_mul gradients are only implemented if `unique_indices=True`")
    return [None, None, _gather_back(mul(ct, operand), indices, updates.aval.shape, params)]
