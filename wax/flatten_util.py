"""wax.flatten_util.ravel_pytree: a pytree of arrays as one flat vector, and its inverse."""
from __future__ import annotations

import math

from .core import dtypes
from .core.tree import tree_flatten, tree_unflatten


def ravel_pytree(pytree):
    """(every leaf raveled and concatenated into one 1-D array, a function rebuilding the
    pytree from such a vector). Leaves of several dtypes are promoted to a common one, and
    the rebuild function then checks the vector's dtype and casts each piece back."""
    import wax.numpy as jnp
    leaves, treedef = tree_flatten(pytree)
    leaves = [jnp.asarray(leaf) for leaf in leaves]
    shapes = [leaf.shape for leaf in leaves]
    sizes = [math.prod(s) for s in shapes]
    leaf_types = [dtypes.dtype_and_weak(leaf) for leaf in leaves]
    mixed = len({d for d, _ in leaf_types}) > 1
    if not leaves:
        flat = jnp.zeros((0,), dtypes.default_float_dtype())
    else:
        from .numpy._promote import convert_to
        if mixed:  # promoted by dtype: strong, as JAX's result
            flat_dtype = dtypes.result_type(*(d for d, _ in leaf_types))
            leaves = [convert_to(leaf, flat_dtype, False) for leaf in leaves]
        flat = jnp.concatenate([jnp.ravel(leaf) for leaf in leaves])

    def unravel(vector):
        vector = jnp.asarray(vector)
        if vector.shape != flat.shape:
            raise ValueError("The unravel function expected an array of shape "
                             f"{flat.shape}, got shape {vector.shape}.")
        if mixed and vector.dtype != flat.dtype:
            raise TypeError(f"unravel function given array of dtype {vector.dtype}, but "
                            f"expected dtype {flat.dtype}")
        parts, offset = [], 0
        for shape, (dtype, _), size in zip(shapes, leaf_types, sizes):
            part = vector[offset:offset + size].reshape(shape)
            if mixed:
                from .numpy._promote import convert_to
                part = convert_to(part, dtype, False)
            parts.append(part)
            offset += size
        return tree_unflatten(treedef, parts)

    return flat, unravel
