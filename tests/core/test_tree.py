"""Tests for wax.core.tree through the public wax.tree_util and wax.tree namespaces.

Every expected value is written out by hand.
"""

import collections
import copy
import dataclasses
import functools
import operator

import pytest

import wax.tree as wt
import wax.tree_util as tu
from wax.tree_util import (DictKey, FlattenedIndexKey, GetAttrKey, Partial, PyTreeDef,
                           SequenceKey, keystr, tree_flatten, tree_leaves, tree_map,
                           tree_structure, tree_unflatten)

Point = collections.namedtuple('Point', ['x', 'y'])


class Opaque:
    """An unregistered class: always a leaf."""

    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return type(other) is Opaque and other.v == self.v

    def __hash__(self):
        return hash(self.v)


@tu.register_pytree_node_class
class Box:
    def __init__(self, a, b, tag='t'):
        self.a, self.b, self.tag = a, b, tag

    def tree_flatten(self):
        return (self.a, self.b), self.tag

    @classmethod
    def tree_unflatten(cls, aux, children):
        return cls(*children, tag=aux)

    def __eq__(self, other):
        return (type(other) is Box and (self.a, self.b, self.tag) ==
                (other.a, other.b, other.tag))


@tu.register_pytree_with_keys_class
class Named:
    def __init__(self, left, right):
        self.left, self.right = left, right

    def tree_flatten_with_keys(self):
        return ((GetAttrKey('left'), self.left), (GetAttrKey('right'), self.right)), None

    @classmethod
    def tree_unflatten(cls, aux, children):
        return cls(*children)

    def __eq__(self, other):
        return type(other) is Named and (self.left, self.right) == (other.left, other.right)


@tu.register_dataclass
@dataclasses.dataclass
class Params:
    w: object
    b: object
    name: str = wt.static(default='p')


@tu.register_static
class Mode(str):
    pass


# ------------------------------------------------------------------ round trips

ROUND_TRIPS = [
    (1, [1]),
    (None, []),
    ((), []),
    ([], []),
    ({}, []),
    ((1, 2), [1, 2]),
    ([1, [2, 3]], [1, 2, 3]),
    ((1, None, [2, (None, 3)]), [1, 2, 3]),
    ({'b': 2, 'a': 1, 'c': (3, 4)}, [1, 2, 3, 4]),
    (Point(1, (2, 3)), [1, 2, 3]),
    (collections.OrderedDict([('z', 1), ('a', 2)]), [1, 2]),
    (collections.defaultdict(list, {'y': 1, 'x': 2}), [2, 1]),
    (Box(1, [2, 3], tag='hi'), [1, 2, 3]),
    (Params(w=(1, 2), b=3, name='q'), [1, 2, 3]),
    (Named(1, {'k': 2}), [1, 2]),
    (Mode('fast'), []),
    ([Opaque(1), {'o': Opaque(2)}], [Opaque(1), Opaque(2)]),
    ({'p': Params(w=Point(1, 2), b=None), 'l': [Box(3, 4), ()]}, [3, 4, 1, 2]),
]


@pytest.mark.parametrize('tree,expected_leaves', ROUND_TRIPS)
def test_round_trip(tree, expected_leaves):
    leaves, treedef = tree_flatten(tree)
    assert leaves == expected_leaves
    assert treedef.num_leaves == len(expected_leaves)
    rebuilt = tree_unflatten(treedef, leaves)
    assert rebuilt == tree
    assert type(rebuilt) is type(tree)
    assert tree_structure(rebuilt) == treedef


@pytest.mark.parametrize('tree,expected_leaves', ROUND_TRIPS)
def test_is_leaf_path_agrees_with_fast_path(tree, expected_leaves):
    # A never-true is_leaf takes the general code path; results must not differ.
    leaves, treedef = tree_flatten(tree, is_leaf=lambda x: False)
    assert leaves == expected_leaves
    assert treedef == tree_structure(tree)
    pairs, treedef2 = tu.tree_flatten_with_path(tree)
    assert [x for _, x in pairs] == expected_leaves and treedef2 == treedef


def test_long_and_deep_trees():
    long = tuple(range(100))
    leaves, treedef = tree_flatten(long)
    assert leaves == list(range(100)) and tree_unflatten(treedef, leaves) == long
    nested = ([list(range(70)), (1, 2)], {'k': tuple(range(80))})
    assert tree_leaves(nested) == list(range(70)) + [1, 2] + list(range(80))
    assert tree_map(lambda x: x, nested) == nested
    deep = 0
    for _ in range(200):
        deep = [deep, None]
    assert tree_leaves(deep) == [0]
    assert tree_map(lambda x: x + 1, deep) == tree_unflatten(tree_structure(deep), [1])


def test_equal_structures_share_one_treedef():
    a = tree_structure(((1, 2), {'a': [3], 'b': None}))
    b = tree_structure((('x', 'y'), {'b': None, 'a': ['z']}))
    assert a is b
    assert tree_structure((1, 2)) is tree_structure((3, 4))


def test_unflatten_accepts_any_iterable():
    treedef = tree_structure({'a': (0, 0)})
    assert tree_unflatten(treedef, iter([5, 6])) == {'a': (5, 6)}
    assert tree_unflatten(tree_structure([0, 0]), (7, 8)) == [7, 8]


def test_dict_keys_sorted():
    d = {'b': 1, 'a': 2, 'c': 3}
    assert tree_leaves(d) == [2, 1, 3]
    out = tree_map(lambda x: x * 10, d)
    assert list(out) == ['a', 'b', 'c']
    assert out == {'a': 20, 'b': 10, 'c': 30}
    assert tree_structure({'a': 0, 'b': 0}) == tree_structure({'b': 0, 'a': 0})


def test_unsortable_dict_keys():
    with pytest.raises(ValueError):
        tree_flatten({1: 'a', 'x': 'b'})


def test_dict_key_types_survive_round_trip():
    # 1 == True, but the rebuilt dict must keep each tree's own key.
    assert list(tree_map(lambda x: x, {1: 'a'})) == [1]
    out = tree_map(lambda x: x, {True: 'b'})
    assert type(next(iter(out))) is bool
    assert tree_map(lambda x: x, Box(1, 2, tag=0)).tag == 0
    assert tree_map(lambda x: x, Box(1, 2, tag=False)).tag is False
    assert tree_map(lambda x: x, Box(1, 2, tag=1.0)).tag.__class__ is float


def test_ordered_and_default_dicts():
    od = collections.OrderedDict([('z', 1), ('a', 2)])
    assert tree_leaves(od) == [1, 2]
    assert list(tree_map(lambda x: x, od)) == ['z', 'a']
    od2 = collections.OrderedDict([('a', 2), ('z', 1)])
    assert tree_structure(od) != tree_structure(od2)
    dd = collections.defaultdict(list, {'b': 1, 'a': 2})
    out = tree_map(lambda x: -x, dd)
    assert type(out) is collections.defaultdict and out.default_factory is list
    assert out == {'a': -2, 'b': -1}
    assert (tree_structure(collections.defaultdict(list, {'a': 0})) !=
            tree_structure(collections.defaultdict(set, {'a': 0})))


def test_none_is_an_empty_node():
    assert tree_leaves(None) == []
    assert tree_leaves([None, 1, (None,)]) == [1]
    assert tree_map(lambda x: x + 1, (None, 1)) == (None, 2)
    assert tree_structure(None).num_leaves == 0
    assert tree_structure(None).num_nodes == 1
    assert tree_structure(None) != tree_structure(())


def test_dict_subclass_is_a_leaf():
    class MyDict(dict):
        pass

    d = MyDict(a=1)
    assert tree_leaves([d]) == [d]


def test_is_leaf():
    tree = [(1, 2), [3], None]
    assert tree_leaves(tree, is_leaf=lambda x: isinstance(x, tuple)) == [(1, 2), 3]
    assert tree_leaves(tree, is_leaf=lambda x: x is None) == [1, 2, 3, None]
    leaves, treedef = tree_flatten(tree, is_leaf=lambda x: isinstance(x, list) and len(x) == 1)
    assert leaves == [1, 2, [3]]
    assert repr(treedef) == 'PyTreeDef([(*, *), *, None])'
    assert tree_map(lambda x: x is None, tree, is_leaf=lambda x: x is None) == \
        [(False, False), [False], True]


# ------------------------------------------------------------------ tree_map

def test_tree_map_several_trees():
    assert tree_map(lambda a, b, c: a + b + c, (1, [2]), (10, [20]), (100, [200])) == \
        (111, [222])
    # Later trees only need the first tree as a prefix.
    assert tree_map(lambda a, b: (a, b), [1, 2], [(3, 4), {'k': 5}]) == \
        [(1, (3, 4)), (2, {'k': 5})]


def test_tree_map_structure_mismatch_names_both_structures():
    with pytest.raises(ValueError) as info:
        tree_map(lambda a, b: a + b, {'a': 1, 'b': (2, 3)}, {'a': 1, 'b': (2, 3, 4)})
    msg = str(info.value)
    assert "PyTreeDef({'a': *, 'b': (*, *)})" in msg
    assert "PyTreeDef({'a': *, 'b': (*, *, *)})" in msg
    with pytest.raises(ValueError, match="PyTreeDef"):
        tree_map(lambda a, b: a, {'a': 1}, {'b': 1})
    with pytest.raises(ValueError):
        tree_map(lambda a, b: a, (1, 2), [1, 2])
    with pytest.raises(ValueError):
        tree_map(lambda a, b: a, [None], [1])
    with pytest.raises(ValueError):
        tree_map(lambda a, b: a, Box(1, 2, tag='x'), Box(1, 2, tag='y'))


def test_unflatten_wrong_leaf_count():
    treedef = tree_structure((1, [2, 3]))
    with pytest.raises(ValueError):
        tree_unflatten(treedef, [1, 2])
    with pytest.raises(ValueError):
        tree_unflatten(treedef, [1, 2, 3, 4])
    with pytest.raises(ValueError):
        tree_unflatten(tree_structure((1, 2)), [1])


# ------------------------------------------------------------------ treedefs

def test_treedef_repr():
    assert repr(tree_structure([1, (2, 3), [4, 5]])) == 'PyTreeDef([*, (*, *), [*, *]])'
    assert repr(tree_structure([1, {'x': 3}])) == "PyTreeDef([*, {'x': *}])"
    assert repr(tree_structure(None)) == 'PyTreeDef(None)'
    assert repr(tree_structure(5)) == 'PyTreeDef(*)'
    assert repr(tree_structure((5,))) == 'PyTreeDef((*,))'
    assert repr(tree_structure(((), {}))) == 'PyTreeDef(((), {}))'
    assert repr(tree_structure(Params(w=1, b=2, name='add'))) == \
        "PyTreeDef(CustomNode(Params[('add',)], [*, *]))"
    assert repr(tree_structure(Box(1, 2, tag='hi'))) == "PyTreeDef(CustomNode(Box[hi], [*, *]))"
    assert repr(tree_structure(Point(1, 2))) == \
        'PyTreeDef(CustomNode(namedtuple[Point], [*, *]))'


def test_treedef_equality_and_hash():
    a, b = tree_structure((1, 2)), tree_structure(('x', 'y'))
    assert a == b and hash(a) == hash(b)
    assert a != tree_structure([1, 2])
    assert a != tree_structure((1, 2, 3))
    assert a != tree_structure((1, (2,)))
    d1, d2 = tree_structure({'a': 1, 'b': [2]}), tree_structure({'b': [0], 'a': 0})
    assert d1 == d2 and hash(d1) == hash(d2)
    assert d1 != tree_structure({'a': 1, 'c': [2]})
    assert tree_structure(Box(1, 2, tag='x')) != tree_structure(Box(1, 2, tag='y'))
    assert tree_structure(Point(1, 2)) != tree_structure((1, 2))
    assert len({a, b, d1, d2, tree_structure(None)}) == 3
    assert a != 'not a treedef'
    assert copy.deepcopy(d1) == d1 and copy.copy(d1) is d1


def test_treedef_with_unhashable_aux_still_flattens():
    leaves, treedef = tree_flatten(Box(1, 2, tag=[1, 2]))
    assert leaves == [1, 2]
    assert tree_unflatten(treedef, [3, 4]) == Box(3, 4, tag=[1, 2])
    with pytest.raises(TypeError):
        hash(treedef)


def test_treedef_counts_children_and_helpers():
    treedef = tree_structure((1, [2, None], {'a': 3}))
    assert treedef.num_leaves == 3
    assert treedef.num_nodes == 7  # tuple, leaf, list, leaf, None, dict, leaf
    kids = tu.treedef_children(treedef)
    assert [repr(k) for k in kids] == ['PyTreeDef(*)', 'PyTreeDef([*, None])',
                                       "PyTreeDef({'a': *})"]
    assert treedef.children() == kids
    assert tu.treedef_is_leaf(tree_structure(1))
    assert tu.treedef_is_leaf(tree_structure(None))
    assert not tu.treedef_is_leaf(treedef)
    assert tu.treedef_is_strict_leaf(tree_structure(1))
    assert not tu.treedef_is_strict_leaf(tree_structure(None))
    xy = tu.treedef_tuple([tree_structure([1, 2, 3]), tree_structure({'a': 4, 'b': 5})])
    assert xy == tree_structure(([1, 2, 3], {'a': 4, 'b': 5}))
    assert xy.num_leaves == 5
    assert tree_structure({'a': 1}).node_data() == (dict, ('a',))
    assert tree_structure(1).node_data() is None


def test_flatten_up_to_and_compose():
    treedef = tree_structure((0, [0, 0]))
    assert treedef.flatten_up_to(({'a': 1}, [(2, 3), None])) == [{'a': 1}, (2, 3), None]
    with pytest.raises(ValueError):
        treedef.flatten_up_to((1, [2]))
    composed = tree_structure([0, 0]).compose(tree_structure((0, {'k': 0})))
    assert composed == tree_structure([(1, {'k': 2}), (3, {'k': 4})])
    assert composed.num_leaves == 4


def test_flat_containers_rebuild_with_right_type():
    leaves, treedef = tree_flatten([Opaque(1), Opaque(2)])
    out = tree_unflatten(treedef, [1, 2])
    assert out == [1, 2] and type(out) is list
    assert tree_unflatten(tree_structure((1, 2, 3)), [4, 5, 6]) == (4, 5, 6)
    assert tree_unflatten(tree_structure(9), ['x']) == 'x'
    assert tree_unflatten(tree_structure(None), []) is None


# ------------------------------------------------------------------ key paths

def test_key_paths_and_keystr():
    tree = [1, {'a': Point(2, 3)}, Params(w=4, b=5), Box(6, 7), Named(8, 9)]
    paths = [p for p, _ in tu.tree_leaves_with_path(tree)]
    assert [keystr(p) for p in paths] == [
        '[0]', "[1]['a'].x", "[1]['a'].y", '[2].w', '[2].b', '[3][0]', '[3][1]',
        '[4].left', '[4].right']
    assert paths[1] == (SequenceKey(1), DictKey('a'), GetAttrKey('x'))
    assert paths[5] == (SequenceKey(3), FlattenedIndexKey(0))
    assert [keystr(p, simple=True, separator='/') for p in paths[:3]] == \
        ['0', '1/a/x', '1/a/y']


def test_keystr_docs_example():
    params = {'foo': {'bar': {'baz': 1, 'bat': [2, 3]}}}
    paths = [p for p, _ in tu.tree_leaves_with_path(params)]
    assert [keystr(p) for p in paths] == [
        "['foo']['bar']['bat'][0]", "['foo']['bar']['bat'][1]", "['foo']['bar']['baz']"]
    assert [keystr(p, simple=True, separator='/') for p in paths] == [
        'foo/bar/bat/0', 'foo/bar/bat/1', 'foo/bar/baz']


def test_key_entries():
    assert repr(SequenceKey(0)) == 'SequenceKey(idx=0)'
    assert repr(DictKey('x')) == "DictKey(key='x')"
    assert repr(GetAttrKey('b')) == "GetAttrKey(name='b')"
    assert repr(FlattenedIndexKey(2)) == 'FlattenedIndexKey(key=2)'
    assert str(DictKey('x')) == "['x']" and str(GetAttrKey('b')) == '.b'
    assert SequenceKey(1) == SequenceKey(1) and SequenceKey(1) != FlattenedIndexKey(1)
    assert hash(DictKey('a')) == hash(DictKey('a'))
    assert SequenceKey(3).idx == 3 and DictKey('k').key == 'k' and GetAttrKey('n').name == 'n'
    match DictKey('z'):
        case DictKey(key=k):
            assert k == 'z'


def test_flatten_with_path_docs_example():
    path_vals, treedef = tu.tree_flatten_with_path([1, {'x': 3}])
    assert path_vals == [((SequenceKey(0),), 1), ((SequenceKey(1), DictKey('x')), 3)]
    assert repr(treedef) == "PyTreeDef([*, {'x': *}])"


def test_map_with_path():
    assert tu.tree_map_with_path(lambda path, x: x + path[0].idx, [1, 2, 3]) == [1, 3, 5]
    out = tu.tree_map_with_path(lambda p, x, y: (keystr(p), x + y), {'a': 1, 'b': (2,)},
                                {'a': 10, 'b': (20,)})
    assert out == {'a': ("['a']", 11), 'b': (("['b'][0]", 22),)}
    out = tu.tree_map_with_path(lambda p, x: len(p), {'a': (1, 2), 'b': 3},
                                is_leaf=lambda p, x: len(p) == 1, is_leaf_takes_path=True)
    assert out == {'a': 1, 'b': 1}


def test_flatten_one_level():
    assert tu.flatten_one_level((1, [2])) == ([1, [2]], None)
    assert tu.flatten_one_level({'b': 1, 'a': 2}) == ([2, 1], ('a', 'b'))
    assert tu.flatten_one_level(None) == ([], None)
    assert tu.flatten_one_level(Box(1, 2, tag='t')) == ([1, 2], 't')
    with pytest.raises(ValueError):
        tu.flatten_one_level(3)
    assert tu.flatten_one_level_with_keys([5, 6]) == \
        ([(SequenceKey(0), 5), (SequenceKey(1), 6)], None)
    with pytest.raises(ValueError):
        tu.flatten_one_level_with_keys(Opaque(1))


# ------------------------------------------------------------------ Partial

def test_partial_is_a_pytree():
    p = Partial(operator.add, 1)
    leaves, treedef = tree_flatten(p)
    assert leaves == [1]
    q = tree_unflatten(treedef, [41])
    assert isinstance(q, Partial) and isinstance(q, functools.partial)
    assert q(1) == 42
    doubled = tree_map(lambda x: x * 2, Partial(pow, 3, exp=2))
    assert doubled.args == (6,) and doubled.keywords == {'exp': 4}
    assert doubled() == 1296
    assert tree_structure(Partial(operator.add, 1)) == tree_structure(Partial(operator.add, 2))
    assert tree_structure(Partial(operator.add, 1)) != tree_structure(Partial(operator.mul, 1))


def test_partial_of_partial_keeps_inner_args_static():
    inner = functools.partial(operator.sub, 10)
    p = Partial(inner, 3)
    assert tree_leaves(p) == [3]
    assert p() == 7


# ------------------------------------------------------------------ reductions etc.

def test_tree_reduce():
    assert tu.tree_reduce(operator.add, [1, (2, 3), {'a': 4}]) == 10
    assert tu.tree_reduce(operator.add, [1, (2, 3)], 100) == 106
    assert tu.tree_reduce(operator.add, [], 7) == 7
    with pytest.raises(TypeError):
        tu.tree_reduce(operator.add, [])
    assert tu.tree_reduce(lambda acc, x: acc + [x], [(1, 2), [3]], [],
                          is_leaf=lambda x: isinstance(x, tuple)) == [(1, 2), 3]


def test_tree_reduce_associative():
    assert tu.tree_reduce_associative(operator.add, [1, (2, 3), [4, 5, 6]]) == 21
    assert tu.tree_reduce_associative(operator.add, ['a', 'b', 'c', 'd', 'e']) == 'abcde'
    assert tu.tree_reduce_associative(operator.add, [], identity=0) == 0
    with pytest.raises(ValueError):
        tu.tree_reduce_associative(operator.add, [])


def test_tree_all():
    assert tu.tree_all([True, (1, {'a': 'x'})])
    assert not tu.tree_all([True, (0,)])
    assert tu.tree_all([])


def test_tree_transpose():
    outer, inner = tree_structure([0, 0, 0]), tree_structure((0, 0))
    assert tu.tree_transpose(outer, inner, [(1, 2), (3, 4), (5, 6)]) == \
        ([1, 3, 5], [2, 4, 6])
    assert tu.tree_transpose(outer, None, [(1, 2), (3, 4), (5, 6)]) == \
        ([1, 3, 5], [2, 4, 6])
    pairs = {'a': {'x': 1, 'y': 2}, 'b': {'x': 3, 'y': 4}}
    out = tu.tree_transpose(tree_structure({'a': 0, 'b': 0}),
                            tree_structure({'x': 0, 'y': 0}), pairs)
    assert out == {'x': {'a': 1, 'b': 3}, 'y': {'a': 2, 'b': 4}}
    with pytest.raises(TypeError):
        tu.tree_transpose(outer, inner, [(1, 2), (3, 4), (5, 6, 7)])


def test_tree_broadcast():
    assert tu.tree_broadcast((1, 2, 3), (0, {'a': 0, 'b': 0}, (0, 0))) == \
        (1, {'a': 2, 'b': 2}, (3, 3))
    assert tu.tree_broadcast(5, [0, (0, 0)]) == [5, (5, 5)]
    with pytest.raises(ValueError):
        tu.tree_broadcast((1, 2), (0, 0, 0))


def test_all_leaves_and_is_tree_node():
    assert tu.all_leaves([1, 'a', Opaque(3)])
    assert not tu.all_leaves([1, (2,)])
    assert not tu.all_leaves([None])
    assert tu.all_leaves([1, (2,)], is_leaf=lambda x: isinstance(x, tuple))
    for typ in (tuple, list, dict, type(None), Point, Box, Params, Partial,
                collections.OrderedDict, collections.defaultdict):
        assert tu.is_tree_node(typ), typ
    for typ in (int, str, Opaque, object):
        assert not tu.is_tree_node(typ), typ


# ------------------------------------------------------------------ registration

def test_registration_errors():
    with pytest.raises(ValueError):
        tu.register_pytree_node(Box, lambda b: ((), None), lambda a, c: Box(0, 0))
    with pytest.raises(ValueError):
        tu.register_pytree_node(tuple, lambda t: (t, None), lambda a, c: tuple(c))

    @dataclasses.dataclass
    class Half:
        a: int
        b: int

    with pytest.raises(ValueError):
        tu.register_dataclass(Half, data_fields=['a'], meta_fields=[])
    with pytest.raises(TypeError):
        tu.register_dataclass(Half, data_fields=['a'])
    with pytest.raises(TypeError):
        tu.register_dataclass(Opaque)


def test_register_dataclass_explicit_fields_and_drop():
    @dataclasses.dataclass
    class Cfg:
        x: object
        scale: float
        cache: object = None

    tu.register_dataclass(Cfg, data_fields=['x'], meta_fields=['scale'], drop_fields=['cache'])
    leaves, treedef = tree_flatten(Cfg(x=[1, 2], scale=0.5, cache='drop me'))
    assert leaves == [1, 2]
    assert tree_unflatten(treedef, [3, 4]) == Cfg(x=[3, 4], scale=0.5, cache=None)
    assert [keystr(p) for p, _ in tu.tree_leaves_with_path(Cfg([1], 1.0))] == ['.x[0]']


def test_static_field_and_static_registration():
    f = wt.static(default=3, metadata={'doc': 'd'})
    assert f.metadata == {'doc': 'd', 'static': True} and f.default == 3
    assert tree_leaves(Params(w=1, b=2, name='n')) == [1, 2]
    assert tree_structure(Params(1, 2, 'n')) != tree_structure(Params(1, 2, 'm'))
    assert tree_structure(Mode('a')) == tree_structure(Mode('a'))
    assert tree_structure(Mode('a')) != tree_structure(Mode('b'))
    assert tree_map(lambda x: x, [Mode('a'), 1]) == [Mode('a'), 1]


def test_register_pytree_node_with_keys_func():
    class Pair:
        def __init__(self, p, q):
            self.p, self.q = p, q

    tu.register_pytree_with_keys(
        Pair, lambda s: (((DictKey('p'), s.p), (DictKey('q'), s.q)), None),
        lambda aux, kids: Pair(*kids))
    assert tree_leaves(Pair(1, (2, 3))) == [1, 2, 3]
    assert [keystr(p) for p, _ in tu.tree_leaves_with_path(Pair(1, 2))] == ["['p']", "['q']"]


def test_default_registry():
    leaves, treedef = tu.default_registry.flatten({'a': 1})
    assert leaves == [1] and treedef == tree_structure({'a': 0})
    assert tu.default_registry.flatten_one_level(5) is None
    assert isinstance(treedef, PyTreeDef)


# ------------------------------------------------------------------ wax.tree namespace

def test_wax_tree_namespace():
    assert wt.map(lambda x, y: x * y, [1, (2,)], [3, (4,)]) == [3, (8,)]
    assert wt.leaves({'b': 1, 'a': 2}) == [2, 1]
    leaves, treedef = wt.flatten((1, {'k': 2}))
    assert leaves == [1, 2] and treedef == wt.structure((0, {'k': 0}))
    assert wt.unflatten(treedef, [5, 6]) == (5, {'k': 6})
    assert wt.reduce(operator.mul, [2, (3, 4)]) == 24
    assert wt.reduce(operator.mul, [], 1) == 1
    assert wt.reduce_associative(operator.mul, [2, (3, 4)]) == 24
    assert wt.all([1, (True,)]) and not wt.all([1, (False,)])
    assert wt.map_with_path(lambda p, x: keystr(p), {'a': [0]}) == {'a': ["['a'][0]"]}
    assert wt.leaves_with_path((7,)) == [((SequenceKey(0),), 7)]
    pairs, _ = wt.flatten_with_path({'z': 1})
    assert pairs == [((DictKey('z'),), 1)]
    assert wt.transpose(wt.structure([0, 0]), wt.structure((0, 0)), [(1, 2), (3, 4)]) == \
        ([1, 3], [2, 4])
    assert wt.broadcast([1, 2], [(0, 0), 0]) == [(1, 1), 2]
    assert callable(wt.static)
