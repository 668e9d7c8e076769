"""Family helpers: they build abstract_eval (shape, dtype, weak_type and argument checks)
for whole families of primitives, so each primitive states only what differs."""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from ..core.primitive import Primitive, extended_operands, register
from .batch_util import ELEMENTWISE_BATCH


# --- dtype classes accepted by an operation, with JAX's words for the error --------------

class DtypeClass:
    """A named set of dtypes ("floating", "integer", ...), for checks and errors like JAX's."""

    def __init__(self, names: str, predicate):
        self.names = names
        self.dtypes = frozenset(d for d in dtypes.ALL_DTYPES if predicate(d))

    def __contains__(self, dtype) -> bool:
        return dtype in self.dtypes

    def __or__(self, other: "DtypeClass") -> "DtypeClass":
        return DtypeClass(f"{self.names}, {other.names}",
                          lambda d: d in self.dtypes or d in other.dtypes)


FLOAT = DtypeClass("floating", dtypes.is_float)
COMPLEX = DtypeClass("complexfloating", dtypes.is_complex)
SIGNED = DtypeClass("signedinteger", dtypes.is_signed_integer)
UNSIGNED = DtypeClass("unsignedinteger", dtypes.is_unsigned_integer)
INTEGER = DtypeClass("integer", dtypes.is_integer)
BOOL = DtypeClass("bool", lambda d: d.kind == "b")
INEXACT = FLOAT | COMPLEX
NUMERIC = INTEGER | INEXACT
SIGNED_NUMERIC = SIGNED | INEXACT
ANY = NUMERIC | BOOL
INT_OR_BOOL = INTEGER | BOOL


def check_dtype(name: str, aval: ShapedArray, accepted: DtypeClass,
                position: int | None = None) -> None:
    if aval.dtype not in accepted:
        at = "" if position is None else f" at position {position}"
        raise TypeError(f"{name} does not accept dtype {aval.dtype.name}{at}. Accepted dtypes"
                        f"{at} are subtypes of {accepted.names}.")


# The jnp function JAX's error for mixed dtypes suggests, per lax primitive (JAX 0.10.2
# names one only for these).
_PROMOTING_TWIN = {"add": "add", "sub": "subtract", "mul": "multiply", "div": "divide",
                   "max": "maximum", "min": "minimum", "eq": "equal", "ne": "not_equal",
                   "select": "where", "shift_left": "left_shift",
                   "shift_right_logical": "right_shift",
                   "shift_right_arithmetic": "right_shift", "atan2": "arctan2",
                   "nextafter": "nextafter", "concatenate": "concatenate"}


def check_same_dtypes(name: str, avals) -> None:
    first = avals[0].dtype
    if any(a.dtype != first for a in avals[1:]):
        names = ", ".join(a.dtype.name for a in avals)
        twin = _PROMOTING_TWIN.get(name)
        tip = (f" (Tip: jnp.{twin} is a similar function that does automatic type promotion "
               "on inputs).") if twin else ""
        raise TypeError(f"lax.{name} requires arguments to have the same dtypes, got "
                        f"{names}.{tip}")


def elementwise_shape(name: str, avals) -> tuple:
    """The shape of an elementwise result. Operands have the result's rank (with size-1
    dimensions broadcast, as JAX's lax allows) or are rank-0 scalars."""
    shape = None
    for aval in avals:
        s = aval.shape
        if not s:
            continue
        if shape is None:
            shape = s
            continue
        if len(s) != len(shape):
            raise TypeError(f"{name}: arrays must have the same rank, got shapes "
                            f"{', '.join(str(a.shape) for a in avals)}.")
        if s != shape:
            try:
                shape = tuple(a if b == 1 else b if a == 1 or a == b else _clash() for a, b in
                              zip(shape, s))
            except ValueError:
                raise TypeError(f"{name} got incompatible shapes for broadcasting: "
                                f"{', '.join(str(a.shape) for a in avals)}.") from None
    return shape if shape is not None else ()


def _clash():
    raise ValueError


def _all_weak(avals) -> bool:
    return all(a.weak_type for a in avals)


def elementwise(name: str, nargs: int, impl, *, accepts: DtypeClass = ANY,
                result_dtype=None, weak: bool | None = None, same_dtypes: bool = True,
                **rules) -> Primitive:
    """An elementwise primitive of `nargs` operands.

    `result_dtype(dtype) -> dtype` maps the operands' dtype to the result's (default: the
    same); the result is weak when every operand is, unless `weak=False` (comparisons).
    """
    def abstract_eval(*avals, **params):
        if len(avals) != nargs:
            raise TypeError(f"{name} takes {nargs} operands, got {len(avals)}")
        for i, aval in enumerate(avals):
            check_dtype(name, aval, accepts, i if nargs > 1 else None)
        if same_dtypes and nargs > 1:
            check_same_dtypes(name, avals)
        shape = elementwise_shape(name, avals)
        dtype = avals[0].dtype
        out_dtype = dtype if result_dtype is None else result_dtype(dtype)
        is_weak = _all_weak(avals) if weak is None else weak
        return ShapedArray(shape, out_dtype, is_weak)

    rules.setdefault("batch", ELEMENTWISE_BATCH)
    return define(name, impl, abstract_eval, **rules)


def unary(name: str, impl, **kwargs) -> Primitive:
    """An elementwise primitive of one operand."""
    return elementwise(name, 1, impl, **kwargs)


def binary(name: str, impl, **kwargs) -> Primitive:
    """An elementwise primitive of two operands of the same dtype."""
    return elementwise(name, 2, impl, **kwargs)


def standard(name: str, impl, abstract_eval, **rules) -> Primitive:
    """Any other primitive: its own impl and abstract_eval."""
    return define(name, impl, abstract_eval, **rules)


def rule_in(module: str, name: str):
    """The rule `name` of the sibling module `module` (e.g. "shape_batch"), looked up when
    it first runs: a module of rules binds the primitives of the module that defines them,
    so it is imported after them, at the end of that module."""
    import importlib
    found = []

    def rule(*args, **params):
        if not found:
            found.append(getattr(importlib.import_module(f"{__package__}.{module}"), name))
        return found[0](*args, **params)
    rule.__name__ = name
    return rule


def define(name: str, impl, abstract_eval, **rules) -> Primitive:
    """Register a primitive. A `jvp` given as `defjvp(...)` or `LINEAR_JVP`, or a `batch`
    given as one of batch_util's family rules, is turned into a full rule here, once the
    primitive exists (the rule binds the primitive itself)."""
    cell = []
    for slot in ("jvp", "batch", "physical"):
        rule = rules.get(slot)
        if rule is not None and hasattr(rule, "rule"):
            rules[slot] = rule.rule(cell)
    prim = register(Primitive(name, impl=impl, abstract_eval=abstract_eval, **rules))
    cell.append(prim)
    return prim


# --- physical rules: the primitive on extended arrays' data ----------------------------------

class on_physical:
    """A `physical` rule (see core/primitive.py): bind the primitive on the physical data of
    the operands at `positions` (every operand by default; they must share one extended
    dtype), the others unchanged, with params adjusted by `adjust(params, ndim, trail)`
    (ndim: the extended arrays' rank, tail: the shape of their trailing physical axes), and
    rebuild an extended array from the result (or hand it to `finish` when the
    result is an ordinary array, as for eq: `finish(out, tail)`)."""

    def __init__(self, adjust=lambda params, ndim, tail: params, positions=None,
                 finish=None):
        self.adjust, self.positions, self.finish = adjust, positions, finish

    def rule(self, cell):
        def physical(args, **params):
            positions = self.positions if self.positions is not None else range(len(args))
            picked = [args[i] for i in positions]
            datas, like, trail = extended_operands(cell[0].name, picked)
            tail = tuple(datas[0].shape[len(datas[0].shape) - trail:])
            args = list(args)
            for i, data in zip(positions, datas):
                args[i] = data
            out = cell[0].bind(*args, **self.adjust(params, like.ndim, tail))
            return self.finish(out, tail) if self.finish else like._from_physical(out)
        return physical


def trailing(ndim, tail):
    """The positions of the trailing physical axes (of shape `tail`) after `ndim` axes."""
    return tuple(range(ndim, ndim + len(tail)))


# --- JVP rules from parts --------------------------------------------------------------------

class _JvpParts:
    """`defjvp(f0, f1, ...)`: the tangent of the output is the sum over the operands with
    a nonzero tangent t_i of f_i(t_i, ans, *primals, **params); None marks an operand the
    output does not depend on differentiably (an index, a predicate)."""

    def __init__(self, parts):
        self.parts = parts

    def rule(self, cell):
        parts = self.parts

        def jvp(primals, tangents, **params):
            prim = cell[0]
            ans = prim.bind(*primals, **params)
            out = None
            for part, t in zip(parts, tangents):
                if part is None or is_zero(t):
                    continue
                term = part(t, ans, *primals, **params)
                out = term if out is None else add_tangents(out, term)
            if out is None:
                return ans, zero_tangent_like(ans)
            return ans, out
        return jvp


def defjvp(*parts) -> _JvpParts:
    """A jvp rule from one tangent function per operand (see _JvpParts)."""
    return _JvpParts(parts)


class _LinearJvp:
    """The tangent of a primitive linear in its (single differentiable) first operand is
    the primitive applied to the tangent, other operands and params unchanged."""

    def rule(self, cell):
        def jvp(primals, tangents, **params):
            prim = cell[0]
            ans = prim.bind(*primals, **params)
            if is_zero(tangents[0]):
                return ans, zero_tangent_like(ans) if not prim.multiple_results else \
                    [zero_tangent_like(a) for a in ans]
            return ans, prim.bind(tangents[0], *primals[1:], **params)
        return jvp


LINEAR_JVP = _LinearJvp()


def is_zero(tangent) -> bool:
    from ..transforms.jvp import Zero
    return type(tangent) is Zero


def zero_tangent_like(value):
    """The symbolic zero tangent of a primal value."""
    from ..transforms.jvp import Zero, tangent_aval
    from ..transforms.staging import aval_of
    return Zero(tangent_aval(aval_of(value)))


def add_tangents(a, b):
    """a + b for tangents, either of which may be a symbolic zero."""
    if is_zero(a):
        return b
    if is_zero(b):
        return a
    from .elementwise import add_p
    return add_p.bind(a, b)


# --- helpers for the wrappers ------------------------------------------------------------

def to_bool(dtype):
    return dtypes.bool_


def complex_to_real(dtype):
    """abs/real/imag of complex64 are float32 (float64 for complex128)."""
    return np.dtype(np.float32) if dtype == np.complex64 else \
        np.dtype(np.float64) if dtype == np.complex128 else dtype


def lax_operands(*args):
    """lax accepts Python scalars beside arrays: they take the arrays' dtype and stay weak."""
    scalars = dtypes.python_scalar_types
    if not any(type(a) in scalars for a in args):
        return args
    typed = [a for a in args if type(a) not in scalars]
    if not typed:
        # All Python scalars: each keeps its own type, so lax.add(1, 2.0) raises as in JAX.
        return tuple(scalar_array(a, dtypes.dtype_and_weak(a)[0]) for a in args)
    dtype = dtypes.dtype_and_weak(typed[0])[0]
    return tuple(scalar_array(a, dtype) if type(a) in scalars else a for a in args)


def scalar_array(value, dtype):
    """A weak-typed 0-d Array holding a Python scalar converted to `dtype`.

    As in JAX, a Python int must fit the default int type (int32, or int64 with x64)
    and then wraps into a narrower integer dtype: int8 array + 300 is int8 44 + ... .
    """
    from ..core.array import ArrayImpl
    weak = type(value) is not bool
    if type(value) is int and dtypes.is_integer(dtype):
        default = dtypes.default_int_dtype()
        info = np.iinfo(default)
        if not info.min <= value <= info.max:
            raise OverflowError(f"Python int {value} too large to convert to {default.name}")
        return ArrayImpl(np.asarray(value, default).astype(dtype)[()], weak)
    if dtypes.is_integer(dtype) and isinstance(value, float):
        value = int(value)
    return ArrayImpl(np.asarray(value, dtype)[()], weak)


# --- transpose rules -------------------------------------------------------------------------

def is_undefined(value) -> bool:
    """True for a linear operand of a transpose rule (an UndefinedPrimal)."""
    from ..transforms.transpose import UndefinedPrimal
    return type(value) is UndefinedPrimal


def unbroadcast(ct, aval):
    """A cotangent of a broadcasting op's output summed down to an operand's shape (the
    operand was rank 0, or had size-1 dimensions the output broadcast)."""
    from .reductions import reduce_sum
    from .shape import reshape
    from ..transforms.staging import aval_of
    shape = aval_of(ct).shape
    if shape == aval.shape:
        return ct
    if not aval.shape:
        return reduce_sum(ct, tuple(range(len(shape))))
    axes = tuple(i for i, (a, b) in enumerate(zip(aval.shape, shape)) if a == 1 and b != 1)
    return reshape(reduce_sum(ct, axes), aval.shape)


def linear_transpose_rule(transpose_ct):
    """The transpose rule of a primitive linear in its one operand: `transpose_ct(ct,
    operand_aval, **params)` gives the operand's cotangent."""
    def transpose(ct, operand, *rest, **params):
        if is_zero(ct):
            return [None] * (1 + len(rest))
        return [transpose_ct(ct, operand.aval, **params)] + [None] * len(rest)
    return transpose
