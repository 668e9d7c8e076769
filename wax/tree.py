"""Public ``wax.tree`` namespace: short aliases of the ``wax.tree_util`` functions.

The aliases are the very same function objects, so they add no call overhead.
"""

from wax.core.tree import static
from wax.core.tree import tree_all as all  # noqa: A001 - mirrors jax.tree.all
from wax.core.tree import tree_broadcast as broadcast
from wax.core.tree import tree_flatten as flatten
from wax.core.tree import tree_flatten_with_path as flatten_with_path
from wax.core.tree import tree_leaves as leaves
from wax.core.tree import tree_leaves_with_path as leaves_with_path
from wax.core.tree import tree_map as map  # noqa: A001 - mirrors jax.tree.map
from wax.core.tree import tree_map_with_path as map_with_path
from wax.core.tree import tree_reduce as reduce
from wax.core.tree import tree_reduce_associative as reduce_associative
from wax.core.tree import tree_structure as structure
from wax.core.tree import tree_transpose as transpose
from wax.core.tree import tree_unflatten as unflatten

__all__ = [
    'all', 'broadcast', 'flatten', 'flatten_with_path', 'leaves', 'leaves_with_path',
    'map', 'map_with_path', 'reduce', 'reduce_associative', 'static', 'structure',
    'transpose', 'unflatten',
]
