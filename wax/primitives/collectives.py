"""Collectives over a named mapped axis: psum, pmax, pmin, all_gather, axis_index (and
pmean, a psum divided by the axis size).

Inside `vmap(f, axis_name="i")` the batch dimension is the axis "i": psum over it is a
reduce_sum over the batch dimension, axis_index is an iota, all_gather stacks the batch.
The primitives are `collective`, so vmap hands them to their batch rule even when the
operand is not batched (psum of an unbatched x over "i" is x * size). Outside any
mapped axis of that name they raise JAX's unbound-axis NameError.
"""
from __future__ import annotations

import numpy as np

from ..core.avals import ShapedArray
from ..core.primitive import Primitive, register
from .batch_util import moveaxis, not_mapped, shape_of

__all__ = ["psum", "pmean", "pmax", "pmin", "all_gather", "axis_index", "ppermute",
           "all_to_all", "psum_p", "pmax_p", "pmin_p", "all_gather_p", "axis_index_p",
           "ppermute_p", "all_to_all_p"]


def _names(axis_name) -> tuple:
    return tuple(axis_name) if isinstance(axis_name, (tuple, list)) else (axis_name,)


def _unbound(name):
    return NameError(f"unbound axis name: {name}. The following axis names (e.g. defined by "
                     "pmap) are available to collective operations: []")


def _unbound_impl(xp, *args, axes=None, axis_name=None, **params):
    raise _unbound((axes or (axis_name,))[0])


def _same_aval(aval, **params):
    return ShapedArray(aval.shape, aval.dtype, aval.weak_type)


def _reduction_batch(reduce, unbatched):
    """The batch rule of psum/pmax/pmin: over our axis, reduce the batch dimension (an
    unbatched operand is the same in every member: `unbatched(x, size)`); other axis
    names stay for an enclosing mapped axis."""
    def batch(axis, args, dims, *, axes, axis_index_groups=None):
        (x,), (d,) = args, dims
        prim = _REDUCTIONS[reduce]
        rest = tuple(a for a in axes if a != axis.name)
        if len(rest) == len(axes):  # not our axis: reduce elementwise across the batch
            return prim.bind(x, axes=axes, axis_index_groups=axis_index_groups), d
        out = unbatched(x, axis.size) if d is not_mapped else reduce(x, (d,))
        if rest:
            out = prim.bind(out, axes=rest, axis_index_groups=axis_index_groups)
        return out, not_mapped
    return batch


def _psum_transpose(ct, x, *, axes, axis_index_groups=None):
    from .families import is_zero
    if is_zero(ct):
        return [None]
    return [psum_p.bind(ct, axes=axes, axis_index_groups=axis_index_groups)]


def _psum_jvp(primals, tangents, **params):
    from .families import is_zero, zero_tangent_like
    out = psum_p.bind(primals[0], **params)
    if is_zero(tangents[0]):
        return out, zero_tangent_like(out)
    return out, psum_p.bind(tangents[0], **params)


def _sum_unbatched(x, size):
    from .elementwise import mul
    return mul(x, np.asarray(size, x.dtype))


def _reduce_sum(x, axes):
    from .reductions import reduce_sum
    return reduce_sum(x, axes)


def _reduce_max(x, axes):
    from .reductions import reduce_max
    return reduce_max(x, axes)


def _reduce_min(x, axes):
    from .reductions import reduce_min
    return reduce_min(x, axes)


psum_p = register(Primitive("psum", impl=_unbound_impl, abstract_eval=_same_aval,
                            jvp=_psum_jvp, transpose=_psum_transpose,
                            batch=_reduction_batch(_reduce_sum, _sum_unbatched),
                            collective=True))
pmax_p = register(Primitive("pmax", impl=_unbound_impl, abstract_eval=_same_aval,
                            batch=_reduction_batch(_reduce_max, lambda x, n: x),
                            collective=True))
pmin_p = register(Primitive("pmin", impl=_unbound_impl, abstract_eval=_same_aval,
                            batch=_reduction_batch(_reduce_min, lambda x, n: x),
                            collective=True))
_REDUCTIONS = {_reduce_sum: psum_p, _reduce_max: pmax_p, _reduce_min: pmin_p}


def _tree_collective(prim, x, axis_name, axis_index_groups):
    from ..core.tree import tree_map
    from .shape import _asarray as asarray
    if axis_index_groups is not None:
        raise NotImplementedError("axis_index_groups is not supported")
    axes = _names(axis_name)
    return tree_map(lambda leaf: prim.bind(asarray(leaf), axes=axes,
                                           axis_index_groups=None), x)


def psum(x, axis_name, *, axis_index_groups=None):
    """The sum of x over the members of the mapped axis `axis_name` (a pytree of arrays)."""
    return _tree_collective(psum_p, x, axis_name, axis_index_groups)


def pmax(x, axis_name, *, axis_index_groups=None):
    return _tree_collective(pmax_p, x, axis_name, axis_index_groups)


def pmin(x, axis_name, *, axis_index_groups=None):
    return _tree_collective(pmin_p, x, axis_name, axis_index_groups)


def pmean(x, axis_name, *, axis_index_groups=None):
    """psum(x) divided by the number of members of the axis."""
    from ..core.tree import tree_map
    from .elementwise import div
    total = psum(x, axis_name, axis_index_groups=axis_index_groups)
    count = psum(1, axis_name)
    return tree_map(lambda t: div(t, count.astype(t.dtype)), total)


# --- axis_index --------------------------------------------------------------------------

def _axis_index_batch(axis, args, dims, *, axis_name):
    if axis_name != axis.name:
        return axis_index_p.bind(axis_name=axis_name), not_mapped
    from .shape import iota
    return iota(np.int32, axis.size), 0


axis_index_p = register(Primitive(
    "axis_index", impl=_unbound_impl,
    abstract_eval=lambda *, axis_name: ShapedArray((), np.dtype(np.int32)),
    batch=_axis_index_batch, collective=True))


def axis_index(axis_name):
    """This member's position along the mapped axis `axis_name` (an int32 scalar)."""
    return axis_index_p.bind(axis_name=axis_name)


def _axis_size(name) -> int:
    """The size of the enclosing mapped axis called `name` (from the vmap trace)."""
    from ..core.interpreters import current_trace
    trace = current_trace()
    while trace is not None:
        axis = getattr(trace, "axis", None)
        if axis is not None and axis.name == name:
            return axis.size
        trace = trace.parent
    raise _unbound(name)


# --- all_gather --------------------------------------------------------------------------

def _all_gather_abstract_eval(aval, *, axis_name, axis, tiled, axis_size):
    shape = list(aval.shape)
    if tiled:
        shape[axis] *= axis_size
    else:
        shape.insert(axis, axis_size)
    return ShapedArray(tuple(shape), aval.dtype, aval.weak_type)


def _gather_batch(axis_data, args, dims, **params):
    from .batch_util import broadcast_batched
    from .shape import reshape
    (x,), (d,) = args, dims
    if params["axis_name"] != axis_data.name:
        return all_gather_p.bind(x, **params), d
    at = params["axis"]
    out = broadcast_batched(x, axis_data.size, at) if d is not_mapped else moveaxis(x, d, at)
    if params["tiled"]:
        shape = list(shape_of(out))
        shape[at:at + 2] = [shape[at] * shape[at + 1]]
        out = reshape(out, tuple(shape))
    return out, not_mapped


def _all_gather_transpose(ct, x, *, axis_name, axis, tiled, axis_size):
    """Member i's cotangent: the sum over members of their cotangent's slice i."""
    from .families import is_zero
    from .indexing import dynamic_slice_in_dim
    from .shape import squeeze
    if is_zero(ct):
        return [None]
    total = psum_p.bind(ct, axes=(axis_name,), axis_index_groups=None)
    size = x.aval.shape[axis] if tiled else 1
    i = axis_index_p.bind(axis_name=axis_name) * np.int32(size)
    piece = dynamic_slice_in_dim(total, i, size, axis)
    return [piece if tiled else squeeze(piece, (axis,))]


def _all_gather_jvp(primals, tangents, **params):
    from .families import is_zero, zero_tangent_like
    out = all_gather_p.bind(primals[0], **params)
    if is_zero(tangents[0]):
        return out, zero_tangent_like(out)
    return out, all_gather_p.bind(tangents[0], **params)


all_gather_p = register(Primitive(
    "all_gather", impl=_unbound_impl, abstract_eval=_all_gather_abstract_eval,
    jvp=_all_gather_jvp, transpose=_all_gather_transpose, batch=_gather_batch,
    collective=True))


def all_gather(x, axis_name, *, axis_index_groups=None, axis=0, tiled=False, to="varying"):
    """Every member's x, stacked along `axis` (concatenated when tiled)."""
    from ..core.tree import tree_map
    from .shape import _asarray as asarray
    if axis_index_groups is not None:
        raise NotImplementedError("axis_index_groups is not supported")
    axis_size = _axis_size(axis_name)

    def gather_leaf(leaf):
        leaf = asarray(leaf)
        at = axis % (leaf.ndim + (0 if tiled else 1))
        return all_gather_p.bind(leaf, axis_name=axis_name, axis=at, tiled=bool(tiled),
                                 axis_size=axis_size)
    return tree_map(gather_leaf, x)


# --- ppermute ----------------------------------------------------------------------------

def _ppermute_batch(axis_data, args, dims, *, axis_name, perm):
    """Member dst receives member src's x for each (src, dst) in perm; members nobody
    sends to receive zeros: a gather along the batch dimension from x padded with a
    zero slice."""
    from .batch_util import broadcast_batched
    from .shape import concatenate, full_like
    from .indexing import slice_in_dim
    (x,), (d,) = args, dims
    if axis_name != axis_data.name:
        return ppermute_p.bind(x, axis_name=axis_name, perm=perm), d
    n = axis_data.size
    if d is not_mapped:
        x, d = broadcast_batched(x, n, 0), 0
    source = [n] * n
    for src, dst in perm:
        source[dst] = src
    padded = concatenate([x, full_like(slice_in_dim(x, 0, 1, 1, d), 0)], d)
    return concatenate([slice_in_dim(padded, s, s + 1, 1, d) for s in source], d), d


def _ppermute_transpose(ct, x, *, axis_name, perm):
    from .families import is_zero
    if is_zero(ct):
        return [None]
    inverse = tuple((dst, src) for src, dst in perm)
    return [ppermute_p.bind(ct, axis_name=axis_name, perm=inverse)]


def _ppermute_jvp(primals, tangents, **params):
    from .families import is_zero, zero_tangent_like
    out = ppermute_p.bind(primals[0], **params)
    if is_zero(tangents[0]):
        return out, zero_tangent_like(out)
    return out, ppermute_p.bind(tangents[0], **params)


ppermute_p = register(Primitive("ppermute", impl=_unbound_impl, abstract_eval=_same_aval,
                                jvp=_ppermute_jvp, transpose=_ppermute_transpose,
                                batch=_ppermute_batch, collective=True))


def ppermute(x, axis_name, perm):
    """Send each member's x along the (source, destination) pairs of `perm`."""
    from ..core.tree import tree_map
    from .shape import _asarray as asarray
    perm = tuple((int(s), int(t)) for s, t in perm)
    if len({s for s, _ in perm}) != len(perm) or len({t for _, t in perm}) != len(perm):
        raise ValueError(f"ppermute sources and destinations must be unique, got {perm}.")
    return tree_map(lambda leaf: ppermute_p.bind(asarray(leaf), axis_name=axis_name,
                                                 perm=perm), x)


# --- all_to_all --------------------------------------------------------------------------

def _all_to_all_abstract_eval(aval, *, axis_name, split_axis, concat_axis, tiled,
                              axis_size):
    shape = list(aval.shape)
    if tiled:
        shape[split_axis] //= axis_size
        shape[concat_axis] *= axis_size
    else:
        del shape[split_axis]
        shape.insert(concat_axis, axis_size)
    return ShapedArray(tuple(shape), aval.dtype, aval.weak_type)


def _all_to_all_batch(axis_data, args, dims, **params):
    """Member i gets chunk i of every member's x, in member order along concat_axis: with
    the members stacked in front, that is swapping the member axis with the (chunked)
    split axis."""
    from .batch_util import broadcast_batched
    from .shape import reshape
    (x,), (d,) = args, dims
    if params["axis_name"] != axis_data.name:
        return all_to_all_p.bind(x, **params), d
    n = axis_data.size
    x = broadcast_batched(x, n, 0) if d is not_mapped else moveaxis(x, d, 0)
    split, concat = params["split_axis"] + 1, params["concat_axis"] + 1
    if params["tiled"]:
        shape = list(shape_of(x))
        shape[split:split + 1] = [n, shape[split] // n]
        x = reshape(x, tuple(shape))
        x = moveaxis(x, split, 0)  # the chunk index is the receiving member
        x = moveaxis(x, 1, concat)  # the sending member, just before concat_axis
        shape = list(shape_of(x))
        shape[concat:concat + 2] = [shape[concat] * shape[concat + 1]]
        return reshape(x, tuple(shape)), 0
    x = moveaxis(x, split, 0)  # receiving member in front
    return moveaxis(x, 1, concat), 0


def _all_to_all_jvp(primals, tangents, **params):
    from .families import is_zero, zero_tangent_like
    out = all_to_all_p.bind(primals[0], **params)
    if is_zero(tangents[0]):
        return out, zero_tangent_like(out)
    return out, all_to_all_p.bind(tangents[0], **params)


def _all_to_all_transpose(ct, x, *, axis_name, split_axis, concat_axis, tiled, axis_size):
    from .families import is_zero
    if is_zero(ct):
        return [None]
    return [all_to_all_p.bind(ct, axis_name=axis_name, split_axis=concat_axis,
                              concat_axis=split_axis, tiled=tiled, axis_size=axis_size)]


all_to_all_p = register(Primitive(
    "all_to_all", impl=_unbound_impl, abstract_eval=_all_to_all_abstract_eval,
    jvp=_all_to_all_jvp, transpose=_all_to_all_transpose, batch=_all_to_all_batch,
    collective=True))


def all_to_all(x, axis_name, split_axis, concat_axis, *, axis_index_groups=None,
               tiled=False):
    """Split x along split_axis into one chunk per member, send chunk i to member i, and
    put the received chunks along concat_axis (a new axis there unless tiled)."""
    from .shape import _asarray as asarray
    if axis_index_groups is not None:
        raise NotImplementedError("axis_index_groups is not supported")
    x = asarray(x)
    n = _axis_size(axis_name)
    split_axis %= x.ndim
    concat_axis %= x.ndim if tiled else x.ndim
    if x.shape[split_axis] % n if tiled else x.shape[split_axis] != n:
        raise ValueError(f"all_to_all: split_axis {split_axis} of shape {x.shape} must "
                         f"{'divide into' if tiled else 'equal'} the axis size {n}")
    return all_to_all_p.bind(x, axis_name=axis_name, split_axis=split_axis,
                             concat_axis=concat_axis, tiled=bool(tiled), axis_size=n)


# --- compositions over the primitives above ---------------------------------------------

def axis_size(axis_name):
    """The number of members of the enclosing mapped axis `axis_name`."""
    return _axis_size(axis_name)


def pshuffle(x, axis_name, perm):
    """Member i receives member perm[i]'s x (perm is a permutation of the members)."""
    perm = [int(p) for p in perm]
    if sorted(perm) != list(range(len(perm))):
        raise ValueError(f"pshuffle: perm must be a permutation of range({len(perm)}), "
                         f"got {perm}")
    return ppermute(x, axis_name, [(src, dst) for dst, src in enumerate(perm)])


def pswapaxes(x, axis_name, axis, *, axis_index_groups=None):
    """Swap the mapped axis with x's positional `axis` (whose size is the axis size)."""
    return all_to_all(x, axis_name, axis, axis, axis_index_groups=axis_index_groups)


def pbroadcast(x, axis_name, source):
    """Every member gets member `source`'s x."""
    from ..core.tree import tree_map
    from .indexing import index_in_dim
    return tree_map(lambda leaf: index_in_dim(all_gather(leaf, axis_name), int(source), 0,
                                              False), x)


def psum_scatter(x, axis_name, *, scatter_dimension=0, axis_index_groups=None, tiled=False):
    """psum(x), of which member i keeps part i along scatter_dimension (the slice i when
    not tiled, whose size must then be the axis size; the i-th equal chunk when tiled)."""
    from ..core.tree import tree_map
    from .shape import _asarray as asarray
    from .indexing import dynamic_slice_in_dim
    from .shape import squeeze
    n = _axis_size(axis_name)

    def scatter_leaf(leaf):
        leaf = asarray(leaf)
        dim = scatter_dimension % leaf.ndim
        size = leaf.shape[dim]
        if (size % n) if tiled else size != n:
            raise ValueError(f"psum_scatter: dimension {dim} of shape {leaf.shape} must "
                             f"{'divide into' if tiled else 'equal'} the axis size {n}")
        total = psum(leaf, axis_name, axis_index_groups=axis_index_groups)
        chunk = size // n if tiled else 1
        piece = dynamic_slice_in_dim(total, axis_index(axis_name) * np.int32(chunk), chunk,
                                     dim)
        return piece if tiled else squeeze(piece, (dim,))
    return tree_map(scatter_leaf, x)


__all__ += ["axis_size", "pshuffle", "pswapaxes", "pbroadcast", "psum_scatter"]
