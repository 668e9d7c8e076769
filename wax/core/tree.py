"""Pytrees: nested containers flattened into a list of leaves plus a hashable structure.

A structure is stored as nested plain tuples ``(kind, aux, children)`` (a leaf is
the ``_LEAF`` marker), so hashing and equality run at C speed inside tuple code;
``PyTreeDef`` wraps one such node with its precomputed hash and leaf count.
"""

import collections
import dataclasses
import functools
import operator
from .tree_keys import (DictKey, FlattenedIndexKey, GetAttrKey, KeyEntry,  # noqa: F401
                        KeyPath, SequenceKey, _KeyBase, keystr)

# Node kinds; the builtin containers are also dispatched on by _Kind identity.
(_K_LEAF, _K_TUPLE, _K_LIST, _K_DICT, _K_NONE, _K_NAMEDTUPLE, _K_ODICT,
 _K_DDICT, _K_CUSTOM, _K_DATACLASS) = range(10)


class _Kind:
    """Registry record for one node type; treedefs compare these by identity."""

    __slots__ = ('type', 'kind', 'flatten', 'unflatten', 'flatten_with_keys',
                 'data_fields', 'meta_fields')

    def __init__(self, typ, kind, flatten=None, unflatten=None,
                 flatten_with_keys=None, data_fields=(), meta_fields=()):
        self.type, self.kind = typ, kind
        self.flatten, self.unflatten = flatten, unflatten
        self.flatten_with_keys = flatten_with_keys
        self.data_fields, self.meta_fields = data_fields, meta_fields

    def __repr__(self):
        return f'_Kind({self.type.__name__})'


class _Sentinel:
    """A named marker object (the leaf placeholder, the "no argument" default)."""

    __slots__ = ('_name',)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return self._name


_NO_VALUE = _Sentinel('<no value>')
_LEAF = _Sentinel('*')  # the leaf placeholder inside structure nodes
_LEAF_KIND = _Kind(object, _K_LEAF)
_TUPLE = _Kind(tuple, _K_TUPLE)
_LIST = _Kind(list, _K_LIST)
_DICT = _Kind(dict, _K_DICT)
_NONE = _Kind(type(None), _K_NONE)
_ODICT = _Kind(collections.OrderedDict, _K_ODICT)
_DDICT = _Kind(collections.defaultdict, _K_DDICT)
_NONE_NODE = (_NONE, None, ())
_EMPTY_DICT_NODE = (_DICT, (), ())

# type -> _Kind for every type seen so far, leaves included, so that dispatch
# is one dict lookup; registering a type simply overwrites its cached entry.
_registry = {k.type: k for k in (_TUPLE, _LIST, _DICT, _NONE, _ODICT, _DDICT)}
_builtin_types = frozenset(_registry)
_explicit = set()
_get = _registry.get


def _classify(t):
    # Namedtuples are nodes without registration; the answer is cached per type.
    if issubclass(t, tuple) and hasattr(t, '_fields'):
        kind = _Kind(t, _K_NAMEDTUPLE)
    else:
        kind = _LEAF_KIND
    _registry[t] = kind
    return kind


def _sorted_keys(d):
    try:
        return tuple(sorted(d))
    except TypeError as e:
        raise ValueError(f'pytree dict keys must be sortable, got {list(d)!r}: {e}') from e


def _children(kind, x):
    """Returns ``(aux, children)`` for a node ``x`` of the given non-leaf kind."""
    k = kind.kind
    if k == _K_TUPLE or k == _K_LIST or k == _K_NAMEDTUPLE:
        return None, x
    if k == _K_DICT:
        keys = _sorted_keys(x)
        return keys, [x[key] for key in keys]
    if k == _K_NONE:
        return None, ()
    if k == _K_DATACLASS:
        return (tuple([getattr(x, n) for n in kind.meta_fields]),
                [getattr(x, n) for n in kind.data_fields])
    if k == _K_ODICT:
        keys = tuple(x)
        return keys, [x[key] for key in keys]
    if k == _K_DDICT:
        keys = _sorted_keys(x)
        return (x.default_factory, keys), [x[key] for key in keys]
    children, aux = kind.flatten(x)
    return aux, children


def _keyed_children(kind, x):
    """Like ``_children`` but the children come as ``(key, child)`` pairs."""
    k = kind.kind
    if k == _K_TUPLE or k == _K_LIST:
        return None, [(SequenceKey(i), c) for i, c in enumerate(x)]
    if k == _K_NAMEDTUPLE:
        return None, [(GetAttrKey(f), c) for f, c in zip(type(x)._fields, x)]
    if k == _K_DATACLASS:
        aux, kids = _children(kind, x)
        return aux, [(GetAttrKey(n), c) for n, c in zip(kind.data_fields, kids)]
    if k == _K_CUSTOM:
        if kind.flatten_with_keys is not None:
            pairs, aux = kind.flatten_with_keys(x)
            return aux, list(pairs)
        kids, aux = kind.flatten(x)
        return aux, [(FlattenedIndexKey(i), c) for i, c in enumerate(kids)]
    aux, kids = _children(kind, x)
    keys = aux[1] if k == _K_DDICT else aux
    return aux, [(DictKey(key), c) for key, c in zip(keys or (), kids)]


def _build(kind, aux, children):
    """Rebuilds one node from its aux data and a list of already built children."""
    k = kind.kind
    if k == _K_TUPLE:
        return tuple(children)
    if k == _K_LIST:
        return list(children)
    if k == _K_DICT:
        return dict(zip(aux, children))
    if k == _K_NONE:
        return None
    if k == _K_NAMEDTUPLE:
        return kind.type(*children)
    if k == _K_ODICT:
        return collections.OrderedDict(zip(aux, children))
    if k == _K_DDICT:
        return collections.defaultdict(aux[0], zip(aux[1], children))
    if k == _K_DATACLASS:
        return kind.type(**dict(zip(kind.meta_fields, aux)),
                         **dict(zip(kind.data_fields, children)))
    return kind.unflatten(aux, tuple(children))


def _flatten(x, leaves):
    """Fast flatten without ``is_leaf``: appends leaves, returns the structure node."""
    kind = _get(type(x)) or _classify(type(x))
    if kind is _LEAF_KIND:
        leaves.append(x)
        return _LEAF
    if kind is _TUPLE or kind is _LIST:
        aux, items = None, x
    elif kind is _DICT:
        try:
            aux = tuple(sorted(x))
        except TypeError:
            aux = _sorted_keys(x)  # raises the descriptive error
        items = map(x.__getitem__, aux)
    elif kind is _NONE:
        return _NONE_NODE
    else:
        aux, items = _children(kind, x)
    children = []
    push = children.append
    for c in items:
        # Leaves, None, flat sequences and empty dicts are handled inline, saving
        # a recursive call each.
        ckind = _get(type(c)) or _classify(type(c))
        if ckind is _LEAF_KIND:
            leaves.append(c)
            push(_LEAF)
        elif ckind is _NONE:
            push(_NONE_NODE)
        elif ckind is _TUPLE or ckind is _LIST:
            # Flat sequences of leaves (like jit's positional args) skip recursion.
            for g in c:
                if (_get(type(g)) or _classify(type(g))) is not _LEAF_KIND:
                    push(_flatten(c, leaves))
                    break
            else:
                leaves.extend(c)
                n = len(c)
                push(_FLAT[ckind][n]._node if n < _NFLAT else (ckind, None, (_LEAF,) * n))
        elif ckind is _DICT and not c:
            push(_EMPTY_DICT_NODE)  # e.g. the empty kwargs dict of every jit call
        else:
            push(_flatten(c, leaves))
    return (kind, aux, tuple(children))


def _flatten_general(x, leaves, is_leaf, path, paths, takes_path):
    """Flatten honouring ``is_leaf``; records key paths when ``paths`` is a list."""
    if is_leaf is not None and (is_leaf(path, x) if takes_path else is_leaf(x)):
        kind = _LEAF_KIND
    else:
        kind = _get(type(x)) or _classify(type(x))
    if kind is _LEAF_KIND:
        leaves.append(x)
        if paths is not None:
            paths.append(path)
        return _LEAF
    if paths is None:
        aux, items = _children(kind, x)
        children = tuple([_flatten_general(c, leaves, is_leaf, None, None, False)
                          for c in items])
    else:
        aux, pairs = _keyed_children(kind, x)
        children = tuple([_flatten_general(c, leaves, is_leaf, path + (k,), paths,
                                           takes_path) for k, c in pairs])
    return (kind, aux, children)


def _unflatten(node, it):
    if node is _LEAF:
        return next(it)
    kind, aux, children = node
    # An explicit loop: a comprehension costs an extra frame per node on 3.11.
    vals = []
    push = vals.append
    for c in children:
        push(next(it) if c is _LEAF else _unflatten(c, it))
    if kind is _TUPLE:
        return tuple(vals)
    if kind is _LIST:
        return vals
    if kind is _DICT:
        return dict(zip(aux, vals))
    return _build(kind, aux, vals)


def _count(node, nodes):
    """Number of leaves (or of nodes, if ``nodes``) under a structure node."""
    if node is _LEAF:
        return 1
    return nodes + sum([_count(c, nodes) for c in node[2]])


def _flatten_up_to(node, x, out):
    if node is _LEAF:
        out.append(x)
        return
    kind, aux, children = node
    xkind = _get(type(x)) or _classify(type(x))
    if xkind is not kind:
        raise ValueError(f'expected a {kind.type.__name__} node, got {x!r}')
    xaux, items = _children(kind, x)
    if xaux != aux:
        what = 'keys' if kind.kind in (_K_DICT, _K_ODICT, _K_DDICT) else 'node data'
        raise ValueError(f'{kind.type.__name__} {what} mismatch: expected {aux!r}, '
                         f'got {xaux!r}')
    items = items if type(items) in (tuple, list) else list(items)
    if len(items) != len(children):
        raise ValueError(f'{kind.type.__name__} arity mismatch: expected '
                         f'{len(children)} children, got {len(items)}: {x!r}')
    for c, v in zip(children, items):
        _flatten_up_to(c, v, out)


def _node_str(node):
    if node is _LEAF:
        return '*'
    kind, aux, children = node
    parts = [_node_str(c) for c in children]
    if kind is _TUPLE:
        return '(' + ', '.join(parts) + (',)' if len(parts) == 1 else ')')
    if kind is _LIST:
        return '[' + ', '.join(parts) + ']'
    if kind is _DICT:
        return '{' + ', '.join(f'{k!r}: {p}' for k, p in zip(aux, parts)) + '}'
    if kind is _NONE:
        return 'None'
    name = kind.type.__name__
    if kind.kind == _K_NAMEDTUPLE:
        label = f'namedtuple[{name}]'
    elif kind.kind == _K_ODICT:
        label = f'{name}[{list(aux)!r}]'
    elif kind.kind == _K_DDICT:
        label = f'{name}[({aux[0]!r}, {list(aux[1])!r})]'
    else:
        label = f'{name}[{aux}]'
    return f'CustomNode({label}, [{", ".join(parts)}])'


def _compose(node, inner):
    if node is _LEAF:
        return inner
    kind, aux, children = node
    return (kind, aux, tuple([_compose(c, inner) for c in children]))


class PyTreeDef:
    """The structure of a pytree: hashable, comparable, and able to rebuild trees."""

    __slots__ = ('_node', '_hash', 'num_leaves', '_num_nodes', '_fast', '__weakref__')

    def unflatten(self, leaves):
        """Builds a pytree of this structure from an iterable of leaves."""
        if type(leaves) is not list and type(leaves) is not tuple:
            leaves = list(leaves)
        if len(leaves) != self.num_leaves:
            few = 'few' if len(leaves) < self.num_leaves else 'many'
            raise ValueError(f'Too {few} leaves for {self!r}; expected '
                             f'{self.num_leaves}, got {len(leaves)}')
        fast = self._fast
        if fast is tuple:
            return tuple(leaves)
        if fast is list:
            return list(leaves)
        if fast is _LEAF:
            return leaves[0]
        return _unflatten(self._node, iter(leaves))

    def flatten_up_to(self, tree):
        """Flattens ``tree`` down to this structure's leaves (which may be subtrees)."""
        out = []
        try:
            _flatten_up_to(self._node, tree, out)
        except ValueError as e:
            raise ValueError(f'Tree structure mismatch: {tree!r} does not match '
                             f'{self!r}: {e}') from None
        return out

    @property
    def num_nodes(self):
        """Number of nodes, leaves and None included."""
        if self._num_nodes is None:
            self._num_nodes = _count(self._node, True)
        return self._num_nodes

    def children(self):
        """Treedefs of the root node's children."""
        if self._node is _LEAF:
            return []
        return [_make_def(c, _count(c, False)) for c in self._node[2]]

    def node_data(self):
        """``(type, aux_data)`` of the root node, or None for a leaf."""
        if self._node is _LEAF:
            return None
        kind, aux, _ = self._node
        return kind.type, aux

    def compose(self, inner):
        """Treedef of this structure with every leaf replaced by ``inner``."""
        return _make_def(_compose(self._node, inner._node),
                         self.num_leaves * inner.num_leaves)

    def __eq__(self, other):
        if self is other:
            return True
        if type(other) is not PyTreeDef:
            return NotImplemented
        h, oh = self._hash, other._hash
        if h is not None and oh is not None and h != oh:
            return False
        return self._node == other._node

    def __hash__(self):
        if self._hash is None:
            raise TypeError(f'unhashable aux data in {self!r}')
        return self._hash

    def __repr__(self):
        return f'PyTreeDef({_node_str(self._node)})'

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        # Treedefs are immutable, so copies can share them.
        return self

    def __reduce__(self):
        raise TypeError('PyTreeDef objects cannot be pickled')


_new_object = object.__new__


def _new_def(node, num_leaves, fast=None, h=_NO_VALUE):
    td = _new_object(PyTreeDef)
    td._node, td.num_leaves, td._fast, td._num_nodes = node, num_leaves, fast, None
    if h is _NO_VALUE:
        try:
            h = hash(node)
        except TypeError:
            h = None  # unhashable aux data only matters if the treedef gets hashed
    td._hash = h
    return td


_LEAF_DEF = _new_def(_LEAF, 1, _LEAF)
_NONE_DEF = _new_def(_NONE_NODE, 0)
_NFLAT = 64
# Shared treedefs for flat tuples/lists of leaves: the common jit argument shape.
_FLAT = {kind: [_new_def((kind, None, (_LEAF,) * n), n, kind.type) for n in range(_NFLAT)]
         for kind in (_TUPLE, _LIST)}


def _is_exact(node):
    # Exact: every aux is None or a tuple of str, so any equal node is
    # indistinguishable (unlike 1 == 1.0 == True keys, or arbitrary custom aux).
    if node is _LEAF:
        return True
    aux = node[1]
    if aux is not None and not (type(aux) is tuple and
                                all([type(a) is str for a in aux])):
        return False
    return all([_is_exact(c) for c in node[2]])


# hash(node) -> shared PyTreeDef of an exact structure, or None once an inexact
# one was seen (those get a fresh treedef each time, so unflatten uses the
# tree's own aux data). Keying by hash keeps no aux objects alive.
_intern = {}
_INTERN_MAX = 4096


def _make_def(node, num_leaves):
    if node is _LEAF:
        return _LEAF_DEF
    kind, _, children = node
    if kind is _TUPLE or kind is _LIST:
        if num_leaves == len(children) and children.count(_LEAF) == num_leaves:
            if num_leaves < _NFLAT:
                return _FLAT[kind][num_leaves]
            return _new_def(node, num_leaves, kind.type)
    elif kind is _NONE:
        return _NONE_DEF
    try:
        h = hash(node)
    except TypeError:
        return _new_def(node, num_leaves, None, None)
    td = _intern.get(h, _NO_VALUE)
    if td is _NO_VALUE:
        td = _new_def(node, num_leaves, None, h)
        if len(_intern) >= _INTERN_MAX:
            _intern.clear()
        _intern[h] = td if _is_exact(node) else None
        return td
    if td is not None:
        try:
            if td._node == node:
                return td
        except (TypeError, ValueError):
            pass  # aux whose == does not give a bool: just build a fresh treedef
    return _new_def(node, num_leaves, None, h)


def tree_flatten(tree, is_leaf=None):
    """Flattens a pytree into ``(leaves, treedef)``."""
    if is_leaf is None:
        kind = _get(type(tree))
        if kind is _TUPLE or kind is _LIST:
            for c in tree:
                if (_get(type(c)) or _classify(type(c))) is not _LEAF_KIND:
                    break
            else:
                n = len(tree)
                return list(tree), (_FLAT[kind][n] if n < _NFLAT else
                                    _new_def((kind, None, (_LEAF,) * n), n, kind.type))
        elif kind is _LEAF_KIND:
            return [tree], _LEAF_DEF
        leaves = []
        node = _flatten(tree, leaves)
    else:
        leaves = []
        node = _flatten_general(tree, leaves, is_leaf, None, None, False)
    return leaves, _make_def(node, len(leaves))


def tree_leaves(tree, is_leaf=None):
    """Returns the leaves of a pytree as a list."""
    leaves = []
    if is_leaf is None:
        kind = _get(type(tree))
        if kind is _TUPLE or kind is _LIST:
            for c in tree:
                if (_get(type(c)) or _classify(type(c))) is not _LEAF_KIND:
                    break
            else:
                return list(tree)
        _flatten(tree, leaves)
    else:
        _flatten_general(tree, leaves, is_leaf, None, None, False)
    return leaves


def tree_structure(tree, is_leaf=None):
    """Returns the treedef of a pytree."""
    return tree_flatten(tree, is_leaf)[1]


def tree_unflatten(treedef, leaves):
    """Rebuilds a pytree from a treedef and its leaves."""
    return treedef.unflatten(leaves)


def _safe_structure(tree):
    try:
        return repr(tree_structure(tree))
    except (TypeError, ValueError):
        return repr(tree)


def _rest_leaves(treedef, rest):
    out = []
    for i, r in enumerate(rest):
        leaves = []
        try:
            _flatten_up_to(treedef._node, r, leaves)
        except ValueError as e:
            raise ValueError(
                f'Tree structure mismatch: the first tree has structure {treedef!r} '
                f'but rest[{i}] has structure {_safe_structure(r)} ({e})') from None
        out.append(leaves)
    return out


def tree_map(f, tree, *rest, is_leaf=None):
    """Maps ``f`` over the leaves of ``tree`` and the matching subtrees of ``rest``."""
    leaves, treedef = tree_flatten(tree, is_leaf)
    if not rest:
        return treedef.unflatten([f(x) for x in leaves])
    others = _rest_leaves(treedef, rest)
    return treedef.unflatten([f(*xs) for xs in zip(leaves, *others)])


def tree_flatten_with_path(tree, is_leaf=None, is_leaf_takes_path=False):
    """Flattens a pytree into ``([(key_path, leaf), ...], treedef)``."""
    leaves, paths = [], []
    node = _flatten_general(tree, leaves, is_leaf, (), paths, is_leaf_takes_path)
    return list(zip(paths, leaves)), _make_def(node, len(leaves))


def tree_leaves_with_path(tree, is_leaf=None, is_leaf_takes_path=False):
    """Returns ``[(key_path, leaf), ...]`` for a pytree."""
    return tree_flatten_with_path(tree, is_leaf, is_leaf_takes_path)[0]


def tree_map_with_path(f, tree, *rest, is_leaf=None, is_leaf_takes_path=False):
    """Like ``tree_map`` but ``f`` also receives each leaf's key path first."""
    pairs, treedef = tree_flatten_with_path(tree, is_leaf, is_leaf_takes_path)
    others = _rest_leaves(treedef, rest)
    return treedef.unflatten([f(p, x, *xs) for (p, x), *xs in zip(pairs, *others)])


def tree_reduce(function, tree, initializer=_NO_VALUE, is_leaf=None):
    """``functools.reduce`` over the leaves of a pytree."""
    leaves = tree_leaves(tree, is_leaf)
    if initializer is _NO_VALUE:
        return functools.reduce(function, leaves)
    return functools.reduce(function, leaves, initializer)


def tree_reduce_associative(operation, tree, *, identity=_NO_VALUE, is_leaf=None):
    """Reduces the leaves pairwise (log depth) with an associative operation."""
    xs = tree_leaves(tree, is_leaf)
    if not xs:
        if identity is _NO_VALUE:
            raise ValueError('identity is required to reduce a tree with no leaves')
        return identity
    while len(xs) > 1:
        paired = [operation(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
        if len(xs) % 2:
            paired.append(xs[-1])
        xs = paired
    return xs[0]


def tree_all(tree, *, is_leaf=None):
    """``all()`` over the leaves of a pytree."""
    return all(tree_leaves(tree, is_leaf))


def tree_transpose(outer_treedef, inner_treedef, pytree_to_transpose):
    """Turns a tree of structure (outer, inner) into one of structure (inner, outer)."""
    flat, treedef = tree_flatten(pytree_to_transpose)
    if inner_treedef is None:
        inner_treedef = tree_structure(outer_treedef.flatten_up_to(pytree_to_transpose)[0])
    expected = outer_treedef.compose(inner_treedef)
    if treedef != expected:
        raise TypeError(f'tree_transpose: structure mismatch: got {treedef!r}, '
                        f'expected {expected!r}')
    n_in, n_out = inner_treedef.num_leaves, outer_treedef.num_leaves
    rows = [flat[i * n_in:(i + 1) * n_in] for i in range(n_out)]
    return inner_treedef.unflatten([outer_treedef.unflatten(col) for col in zip(*rows)])


def tree_broadcast(prefix_tree, full_tree, is_leaf=None):
    """Repeats each leaf of ``prefix_tree`` over its matching subtree of ``full_tree``."""
    prefix_leaves, prefix_def = tree_flatten(prefix_tree, is_leaf)
    subtrees = _rest_leaves(prefix_def, (full_tree,))[0]
    out = []
    for x, sub in zip(prefix_leaves, subtrees):
        out.extend([x] * tree_structure(sub).num_leaves)
    return tree_structure(full_tree).unflatten(out)


def all_leaves(iterable, is_leaf=None):
    """True if every element of ``iterable`` is a leaf."""
    if is_leaf is None:
        return all((_get(type(x)) or _classify(type(x))) is _LEAF_KIND for x in iterable)
    return all(is_leaf(x) or (_get(type(x)) or _classify(type(x))) is _LEAF_KIND
               for x in iterable)


def is_tree_node(typ):
    """True if ``typ`` is a pytree node type (builtin, registered, or namedtuple)."""
    if not isinstance(typ, type):
        typ = type(typ)
    return (_get(typ) or _classify(typ)) is not _LEAF_KIND


def _node_kind(tree):
    kind = _get(type(tree)) or _classify(type(tree))
    if kind is _LEAF_KIND:
        raise ValueError(f"can't tree-flatten type: {type(tree)}")
    return kind


def flatten_one_level(tree):
    """Returns ``(children, aux_data)`` of a node; raises ValueError on a leaf."""
    aux, children = _children(_node_kind(tree), tree)
    return list(children), aux


def flatten_one_level_with_keys(tree):
    """Returns ``([(key, child), ...], aux_data)`` of a node; ValueError on a leaf."""
    aux, pairs = _keyed_children(_node_kind(tree), tree)
    return pairs, aux


def treedef_children(treedef):
    """Treedefs of the root node's children."""
    return treedef.children()


def treedef_is_leaf(treedef):
    """True if the treedef has a single node (a leaf, None or an empty container)."""
    return treedef.num_nodes == 1


def treedef_is_strict_leaf(treedef):
    """True if the treedef is exactly one leaf."""
    return treedef._node is _LEAF


def treedef_tuple(treedefs):
    """The treedef of a tuple whose children have the given treedefs."""
    treedefs = list(treedefs)
    node = (_TUPLE, None, tuple([t._node for t in treedefs]))
    return _make_def(node, sum(t.num_leaves for t in treedefs))


# ---------------------------------------------------------------- registration

def _register(nodetype, kind):
    if nodetype in _builtin_types or nodetype in _explicit:
        raise ValueError(f'Duplicate pytree node registration for {nodetype}')
    _explicit.add(nodetype)
    _registry[nodetype] = kind


def register_pytree_node(nodetype, flatten_func, unflatten_func, flatten_with_keys_func=None):
    """Registers ``nodetype`` as a pytree node with the given (un)flatten functions."""
    _register(nodetype, _Kind(nodetype, _K_CUSTOM, flatten_func, unflatten_func,
                              flatten_with_keys_func))


def register_pytree_with_keys(nodetype, flatten_with_keys, unflatten_func, flatten_func=None):
    """Registers ``nodetype`` with a flatten function that also yields child keys."""
    if flatten_func is None:
        def flatten_func(x):
            pairs, aux = flatten_with_keys(x)
            return [c for _, c in pairs], aux
    register_pytree_node(nodetype, flatten_func, unflatten_func, flatten_with_keys)


def register_pytree_node_class(cls):
    """Class decorator using ``tree_flatten`` / classmethod ``tree_unflatten``."""
    register_pytree_node(cls, operator.methodcaller('tree_flatten'), cls.tree_unflatten)
    return cls


def register_pytree_with_keys_class(cls):
    """Class decorator using ``tree_flatten_with_keys`` / ``tree_unflatten``."""
    flatten = (operator.methodcaller('tree_flatten') if hasattr(cls, 'tree_flatten')
               else None)
    register_pytree_with_keys(cls, operator.methodcaller('tree_flatten_with_keys'),
                              cls.tree_unflatten, flatten)
    return cls


def register_static(cls):
    """Registers ``cls`` as a node with no children: instances are static aux data."""
    register_pytree_node(cls, lambda x: ((), x), lambda aux, _: aux)
    return cls


def register_dataclass(nodetype, data_fields=None, meta_fields=None, drop_fields=()):
    """Registers a dataclass-like type; fields marked ``static`` become aux data."""
    if data_fields is None or meta_fields is None:
        if (data_fields is None) != (meta_fields is None):
            raise TypeError('register_dataclass: give both data_fields and '
                            'meta_fields, or neither')
        if not dataclasses.is_dataclass(nodetype):
            raise TypeError(f'register_dataclass: {nodetype} is not a dataclass, so '
                            'data_fields and meta_fields must be given')
        fields = [f for f in dataclasses.fields(nodetype)
                  if f.init and f.name not in drop_fields]
        data_fields = [f.name for f in fields if not f.metadata.get('static', False)]
        meta_fields = [f.name for f in fields if f.metadata.get('static', False)]
    data_fields, meta_fields = tuple(data_fields), tuple(meta_fields)
    if set(data_fields) & set(meta_fields):
        raise ValueError(f'register_dataclass: fields {set(data_fields) & set(meta_fields)}'
                         ' are listed as both data and meta fields')
    if dataclasses.is_dataclass(nodetype):
        init = {f.name for f in dataclasses.fields(nodetype) if f.init} - set(drop_fields)
        given = set(data_fields) | set(meta_fields)
        if given != init:
            raise ValueError(
                f'register_dataclass: data_fields and meta_fields of {nodetype.__name__} '
                f'must cover exactly its init fields minus drop_fields; missing '
                f'{sorted(init - given)}, unexpected {sorted(given - init)}')
    _register(nodetype, _Kind(nodetype, _K_DATACLASS, data_fields=data_fields,
                              meta_fields=meta_fields))
    return nodetype


def static(**kwargs):
    """``dataclasses.field`` marked ``static`` for ``register_dataclass``."""
    metadata = dict(kwargs.pop('metadata', None) or {})
    metadata['static'] = True
    return dataclasses.field(metadata=metadata, **kwargs)


class PyTreeRegistry:
    """The process-wide registry of pytree node types (there is only one)."""

    def flatten(self, tree, leaf_predicate=None):
        """Flattens ``tree`` into ``(leaves, treedef)``."""
        return tree_flatten(tree, leaf_predicate)

    def flatten_one_level(self, tree):
        """``(children, aux)`` of a node, or None for a leaf."""
        return None if not is_tree_node(type(tree)) else flatten_one_level(tree)

    def register_node(self, nodetype, flatten_func, unflatten_func, flatten_with_keys_func=None):
        """Registers a custom node type."""
        register_pytree_node(nodetype, flatten_func, unflatten_func, flatten_with_keys_func)


default_registry = PyTreeRegistry()


# ---------------------------------------------------------------- Partial

class Partial(functools.partial):
    """A ``functools.partial`` that is a pytree: args/kwargs are leaves, func is static."""

    def __new__(cls, func, *args, **kwargs):
        # partial() would merge a wrapped partial's arguments into ours, turning
        # the inner partial's (static) arguments into leaves.
        if isinstance(func, functools.partial):
            inner = func
            func = functools.wraps(inner)(lambda *a, **k: inner(*a, **k))
        return super().__new__(cls, func, *args, **kwargs)


register_pytree_node(
    Partial,
    lambda p: ((p.args, p.keywords), p.func),
    lambda func, children: Partial(func, *children[0], **children[1]),
)
