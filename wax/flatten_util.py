"""wax.flatten_util.ravel_pytree: a pytree of arrays as one flat vector, and its inverse."""
from __future__ import annotations

import numpy as np

from .core import dtypes
from .core.tree import tree_flatten, tree_unflatten


def ravel_pytree(pytree):
    """(flat 1-D array of every leaf, concatenated; a function rebuilding the pytree)."""
    import wax.numpy as jnp
    leaves, treedef = tree_flatten(pytree)
    leaves = [jnp.asarray(leaf) for leaf in leaves]
    shapes = [leaf.shape for leaf in leaves]
    leaf_dtypes = [leaf.dtype for leaf in leaves]
    sizes = [int(np.prod(s)) for s in shapes]
    if leaves:
        flat_dtype = dtypes.result_type(*leaf_dtypes)
        flat = jnp.concatenate([jnp.ravel(leaf).astype(flat_dtype) for leaf in leaves])
    else:
        flat = jnp.zeros((0,), dtypes.default_float_dtype())

    def unravel(vector):
        if vector.shape != flat.shape:
            raise ValueError("The unravel function expected an array of shape "
                             f"{flat.shape}, got shape {vector.shape}.")
        parts, offset = [], 0
        for shape, dtype, size in zip(shapes, leaf_dtypes, sizes):
            part = vector[offset:offset + size].reshape(shape)
            parts.append(part.astype(dtype))
            offset += size
        return tree_unflatten(treedef, parts)

    return flat, unravel
