"""Key paths of pytrees: the entries naming each child (index, dict key, attribute)."""
from typing import Hashable, TypeVar


class _KeyBase:
    """Shared behaviour of key entries; each subclass has one field."""

    __slots__ = ()

    def _value(self):
        return getattr(self, self.__match_args__[0])

    def _simple(self):
        return str(self._value())

    def __eq__(self, other):
        return type(other) is type(self) and other._value() == self._value()

    def __hash__(self):
        return hash((type(self).__name__, self._value()))

    def __repr__(self):
        return f'{type(self).__name__}({self.__match_args__[0]}={self._value()!r})'


class SequenceKey(_KeyBase):
    """Key of a tuple or list child: its index."""

    __slots__ = __match_args__ = ('idx',)

    def __init__(self, idx):
        self.idx = idx

    def __str__(self):
        return f'[{self.idx!r}]'


class DictKey(_KeyBase):
    """Key of a dict child: its dictionary key."""

    __slots__ = __match_args__ = ('key',)

    def __init__(self, key):
        self.key = key

    def __str__(self):
        return f'[{self.key!r}]'


class GetAttrKey(_KeyBase):
    """Key of a namedtuple or dataclass child: its attribute name."""

    __slots__ = __match_args__ = ('name',)

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return f'.{self.name}'


class FlattenedIndexKey(_KeyBase):
    """Key of a custom-node child registered without keys: its flat position."""

    __slots__ = __match_args__ = ('key',)

    def __init__(self, key):
        self.key = key

    def __str__(self):
        return f'[{self.key!r}]'


KeyEntry = TypeVar('KeyEntry', bound=Hashable)
KeyPath = tuple[KeyEntry, ...]


def keystr(keys, *, simple=False, separator=''):
    """Renders a key path as a string, e.g. ``[0]['a'].b``."""
    if simple:
        return separator.join(k._simple() if isinstance(k, _KeyBase) else str(k)
                              for k in keys)
    return separator.join(str(k) for k in keys)
