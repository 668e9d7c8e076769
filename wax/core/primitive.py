"""Primitive: a name plus named rule slots. Interpreters read the slots, never the name.

Slots (None means "no such rule exists", and tests list every empty slot):
  impl(xp, *buffers, **params)          run on device buffers; xp is the array namespace
  abstract_eval(*avals, **params)       output aval(s): shape, dtype, weak_type
  jvp(primals, tangents, **params)      forward-mode rule
  linearize(primals, tangents, **params)  the same contract as jvp, used by linearize
                                        (and so grad) where the primitive has a better
                                        split into "run now" and "stage" than its jvp
  transpose(cts, *args, **params)       for linear primitives
  batch(args, dims, **params)           vmap rule
  partial_eval, dce                     for higher-order primitives
  lower                                 the kernel-IR lowering used by the compiler
  physical(args, **params)              for operands of an extended dtype (typed PRNG
                                        keys, core.array.ExtendedArray): the operation
                                        written on their physical data
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from .array import ExtendedArray
from .interpreters import current_trace as _current_trace


@dataclasses.dataclass(frozen=True, eq=False)
class Primitive:
    name: str
    impl: Callable | None = None
    abstract_eval: Callable | None = None
    jvp: Callable | None = None
    linearize: Callable | None = None
    transpose: Callable | None = None
    batch: Callable | None = None
    partial_eval: Callable | None = None
    dce: Callable | None = None
    lower: Any = None
    physical: Callable | None = None
    multiple_results: bool = False
    # A collective (psum, axis_index, ...) reads the mapped axis even when no operand is
    # batched, so vmap hands it to its batch rule always.
    collective: bool = False
    effects: frozenset = frozenset()

    def bind(self, *args, **params):
        """Hand this primitive to the current interpreter."""
        if self.physical is not None:
            for arg in args:
                if isinstance(arg, ExtendedArray):
                    return self.physical(args, **params)
        return _current_trace().process_primitive(self, args, params)

    def __repr__(self):
        return self.name

    def replace(self, **rules) -> "Primitive":
        """A copy with some rule slots filled: later layers add jvp/batch rules this way."""
        return dataclasses.replace(self, **rules)


RULE_SLOTS = ("impl", "abstract_eval", "jvp", "linearize", "transpose", "batch", "partial_eval", "dce",
              "lower")  # (physical is an extension for extended dtypes, not a rule every
#                        primitive needs: the rule-coverage test does not list it)

_REGISTRY: dict[str, Primitive] = {}


def register(prim: Primitive) -> Primitive:
    """Record a primitive so tests can list every primitive and its empty slots."""
    if prim.name in _REGISTRY and _REGISTRY[prim.name] is not prim:
        raise ValueError(f"primitive {prim.name!r} is defined twice")
    _REGISTRY[prim.name] = prim
    return prim


def all_primitives() -> dict[str, Primitive]:
    return dict(_REGISTRY)


def extended_operands(name: str, args):
    """(physical data of each operand, the extended array to rebuild results from, number
    of trailing physical axes) for a `physical` rule; operands of different extended
    dtypes are a TypeError naming them, as is mixing one with an ordinary array."""
    first = next(a for a in args if isinstance(a, ExtendedArray))
    for a in args:
        if not isinstance(a, ExtendedArray) or a.dtype != first.dtype:
            raise extended_dtype_error(name, args)
    return [a._physical_data for a in args], first, first._physical_ndim


def extended_dtype_error(name: str, args) -> TypeError:
    """JAX's TypeError for a primitive given an extended dtype it cannot take."""
    from . import dtypes
    names = []
    for a in args:
        if isinstance(a, ExtendedArray):
            names.append(str(a.dtype))
        else:
            try:
                names.append(dtypes.dtype_and_weak(a)[0].name)
            except TypeError:
                names.append(type(a).__name__)
    return TypeError(f"{name} does not accept dtype{'s' if len(names) > 1 else ''} "
                     f"{', '.join(names)}.")
