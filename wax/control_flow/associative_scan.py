"""associative_scan: an inclusive prefix scan with an associative binary function, in
O(log n) rounds of whole-array operations (a composition of slices, the function and
concatenations, so it is differentiable and batchable through those primitives).

Each round combines neighbouring pairs, scans that half-length sequence recursively
(giving the prefixes at odd positions), then combines those with the even-position
elements to get the prefixes at even positions, and interleaves the two.
"""
from __future__ import annotations

from ..core.tree import tree_flatten, tree_unflatten
from ..transforms.staging import aval_of


def _slice(x, start, stop, axis, stride=1):
    from ..primitives.indexing import slice_in_dim
    return slice_in_dim(x, start, stop, stride, axis)


def _interleave(evens, odds, axis):
    """[e0, o0, e1, o1, ...] along axis (evens has as many elements as odds, or one more)."""
    from ..primitives.shape import concatenate, expand_dims, reshape
    n_even = aval_of(evens).shape[axis]
    n_odd = aval_of(odds).shape[axis]
    head = evens if n_even == n_odd else _slice(evens, 0, n_odd, axis)
    pairs = concatenate([expand_dims(head, (axis + 1,)), expand_dims(odds, (axis + 1,))],
                        axis + 1)
    shape = list(aval_of(pairs).shape)
    shape[axis:axis + 2] = [shape[axis] * 2]
    out = reshape(pairs, tuple(shape))
    if n_even != n_odd:
        out = concatenate([out, _slice(evens, n_even - 1, n_even, axis)], axis)
    return out


def associative_scan(fn, elems, reverse=False, axis=0):
    """Inclusive scan of `elems` (a pytree of arrays with equal length along `axis`) with
    the associative `fn(a, b)`: out[i] = fn(...fn(fn(x[0], x[1]), x[2])..., x[i])."""
    from ..primitives.shape import _asarray as asarray
    from ..primitives.shape import concatenate, rev
    leaves, tree = tree_flatten(elems)
    if not leaves:
        return elems
    leaves = [asarray(x) for x in leaves]
    ndim = leaves[0].ndim
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for arrays of rank {ndim}")
    axis = axis % ndim
    lengths = {x.shape[axis] for x in leaves}
    if len(lengths) != 1:
        raise ValueError("Array inputs to associative_scan must have the same first "
                         f"dimension. (saw: {sorted(x.shape for x in leaves)})")
    if reverse:
        leaves = [rev(x, (axis,)) for x in leaves]

    def combine(a, b):
        out, out_tree = tree_flatten(fn(tree_unflatten(tree, a), tree_unflatten(tree, b)))
        if out_tree != tree:
            raise ValueError(f"associative_scan: fn must return the structure of elems "
                             f"{tree}, got {out_tree}")
        return out

    def scan(xs):
        n = xs[0].shape[axis]
        if n < 2:
            return xs
        pairs = combine([_slice(x, 0, n - 1, axis, 2) for x in xs],
                        [_slice(x, 1, n, axis, 2) for x in xs])
        odds = scan(pairs)
        rest = [_slice(x, 2, n, axis, 2) for x in xs]
        if n % 2 == 0:
            evens = combine([_slice(o, 0, o.shape[axis] - 1, axis) for o in odds], rest)
        else:
            evens = combine(odds, rest) if rest[0].shape[axis] else []
        evens = [concatenate([_slice(x, 0, 1, axis), *([e] if evens else [])], axis)
                 for x, e in zip(xs, evens or [None] * len(xs))]
        return [_interleave(e, o, axis) for e, o in zip(evens, odds)]

    out = scan(leaves)
    if reverse:
        out = [rev(x, (axis,)) for x in out]
    return tree_unflatten(tree, out)
