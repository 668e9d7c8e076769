"""Functions of functions: vectorize (NumPy's, with gufunc signatures, built on vmap),
apply_along_axis, apply_over_axes, fromfunction, and the ufunc class with frompyfunc.

Everything here maps a Python function with vmap (never a Python loop over elements), so
the function must be traceable; ufunc reductions, accumulations and `at` run it in a
lax.scan, so they work under jit, grad and vmap too.
"""
from __future__ import annotations

import functools
import re
import warnings

import numpy as np

from .. import lax
from .._config import config
from ..core import dtypes
from ..core.avals import canonicalize_axis
from ..core.interpreters import concrete_value
from ..transforms.batching import vmap
from ._promote import check_arraylike, convert_to
from .creation import arange, asarray, canonicalize_shape, full
from .shape_ops import broadcast_to, concatenate, expand_dims, moveaxis, ravel

__all__ = ["vectorize", "apply_along_axis", "apply_over_axes", "fromfunction", "frompyfunc",
           "ufunc"]


# --- gufunc signatures ----------------------------------------------------------------------

_DIMENSION = r"\w+"
_CORE_DIMS = rf"(?:{_DIMENSION}(?:,{_DIMENSION})*)?"
_ARGUMENT = rf"\({_CORE_DIMS}\)"
_ARGUMENT_LIST = rf"{_ARGUMENT}(?:,{_ARGUMENT})*"
_SIGNATURE = rf"^{_ARGUMENT_LIST}->{_ARGUMENT_LIST}$"


def _parse_signature(signature: str):
    """'(m,n),(n)->(m)' as ([('m', 'n'), ('n',)], [('m',)])."""
    text = signature.replace(" ", "")
    if not re.match(_SIGNATURE, text):
        raise ValueError(f"not a valid gufunc signature: {signature}")
    inputs, outputs = text.split("->")

    def parse(part):
        return [tuple(re.findall(_DIMENSION, arg)) for arg in re.findall(_ARGUMENT, part)]
    return parse(inputs), parse(outputs)


def _core_sizes(args, input_core_dims, context):
    """The loop (broadcast) shape of the arguments and the size of each core dimension."""
    sizes: dict = {}
    loop_shapes = []
    for arg, core in zip(args, input_core_dims):
        ncore = len(core)
        if arg.ndim < ncore:
            raise ValueError(f"input with shape {arg.shape!r} does not have enough dimensions "
                             f"for all core dimensions {core!r} {context}")
        loop_shapes.append(arg.shape[:arg.ndim - ncore])
        for name, size in zip(core, arg.shape[arg.ndim - ncore:]):
            if sizes.setdefault(name, size) != size:
                raise ValueError(f"inconsistent size for core dimension {name!r}: {size} vs "
                                 f"{sizes[name]} {context}")
    try:
        return np.broadcast_shapes(*loop_shapes), sizes
    except ValueError:
        raise ValueError(f"Incompatible shapes for broadcasting: shapes={loop_shapes} "
                         f"{context}") from None


def _check_outputs(func, sizes, output_core_dims, context):
    """`func` checked to return outputs with the signature's core dimensions."""
    def checked(*args):
        out = func(*args)
        outs = out if isinstance(out, tuple) else (out,)
        if len(output_core_dims) > 1 and not isinstance(out, tuple):
            raise TypeError(f"output must be a tuple when multiple outputs are expected, got "
                            f"{out!r}")
        if len(outs) != len(output_core_dims):
            raise TypeError(f"wrong number of output arguments: expected "
                            f"{len(output_core_dims)}, got {len(outs)}")
        for value, core in zip(outs, output_core_dims):
            shape = np.shape(value)
            if len(shape) != len(core) or any(
                    sizes.get(name, size) != size for name, size in zip(core, shape)):
                raise ValueError(f"output shape {shape!r} does not match core dimensions "
                                 f"{core!r} {context}")
        return out
    return checked


def _map_loop_dims(func, args, core_ndims, loop_shape):
    """func applied over the broadcast loop dimensions with nested vmaps: an argument that
    lacks a loop dimension (or has size 1 where others are larger) is not mapped there."""
    rank = len(loop_shape)
    squeezed, present = [], []
    for arg, ncore in zip(args, core_ndims):
        own = arg.shape[:arg.ndim - ncore]
        lead = rank - len(own)
        has = [False] * lead + [size == loop_shape[lead + i] for i, size in enumerate(own)]
        drop = tuple(i for i, size in enumerate(own) if not has[lead + i])
        squeezed.append(lax.squeeze(arg, drop) if drop else arg)
        present.append(has)
    mapped = func
    for d in reversed(range(rank)):
        mapped = vmap(mapped, in_axes=tuple(0 if has[d] else None for has in present))
    return mapped(*squeezed)


def vectorize(pyfunc, *, excluded=frozenset(), signature=None):
    """A function that maps `pyfunc` over its array arguments' leading dimensions with
    broadcasting (NumPy's vectorize), through vmap; `signature` ('(n),(n)->()') names the
    trailing core dimensions each argument keeps. Positions or names in `excluded` are
    passed through unchanged. As in JAX, keyword arguments not named in `excluded` are
    not passed to `pyfunc` at all (NumPy vectorizes them), and there must be an array
    argument to map over (JAX's AssertionError otherwise)."""
    if any(isinstance(e, int) and e < 0 for e in excluded):
        raise ValueError(f"excluded={excluded!r} contains negative numbers")
    parsed = _parse_signature(signature) if signature is not None else None

    @functools.wraps(pyfunc)
    def wrapped(*args, **kwargs):
        context = f"on vectorized function with excluded={excluded!r} and signature={signature!r}"
        fixed = {i: a for i, a in enumerate(args) if i in excluded or a is None}
        fixed_kw = {k: v for k, v in kwargs.items() if k in excluded}
        positions = [i for i in range(len(args)) if i not in fixed]
        dynamic = [args[i] for i in positions]
        if parsed is not None:
            input_core, output_core = parsed
            if len(input_core) != len(dynamic):
                raise TypeError(f"wrong number of positional arguments: expected "
                                f"{len(input_core)}, got {len(dynamic)} {context}")
        else:
            input_core, output_core = [()] * len(dynamic), None
        for i, a in fixed.items():
            if a is None and i not in excluded and parsed is not None and \
                    input_core[len([p for p in positions if p < i])] != ():
                raise ValueError(f"Cannot pass None at locations {{{i}}} with "
                                 f"signature={signature!r}")

        def call(*values):
            full_args = list(args)
            for i, v in zip(positions, values):
                full_args[i] = v
            return pyfunc(*full_args, **fixed_kw)

        if not dynamic:
            raise AssertionError(f"jnp.vectorize needs a positional array argument to map "
                                 f"over, got args={args!r} {context}")
        dynamic = [asarray(a) for a in dynamic]
        loop_shape, sizes = _core_sizes(dynamic, input_core, context)
        func = call if output_core is None else _check_outputs(call, sizes, output_core, context)
        if config.jax_numpy_rank_promotion != "allow":
            ranks = {a.ndim - len(core) for a, core in zip(dynamic, input_core) if a.ndim}
            if len(ranks) > 1:
                msg = (f"operands with shapes {[a.shape for a in dynamic]} require rank "
                       f"promotion for jnp.vectorize function with signature {signature}. Set "
                       "the jax_numpy_rank_promotion config option to 'allow' to disable this "
                       "message; for more information, see "
                       "https://docs.jax.dev/en/latest/rank_promotion_warning.html.")
                if config.jax_numpy_rank_promotion == "raise":
                    raise ValueError(msg)
                warnings.warn(msg, stacklevel=2)
        return _map_loop_dims(func, dynamic, [len(c) for c in input_core], loop_shape)

    return wrapped


# --- apply_along_axis, apply_over_axes, fromfunction ----------------------------------------------

def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """func1d applied to every 1-D slice of `arr` along `axis` (vmapped); the dimensions of
    its result take the place of `axis`."""
    check_arraylike("apply_along_axis", arr)
    arr = asarray(arr)
    axis = canonicalize_axis(axis, arr.ndim)
    moved = moveaxis(arr, axis, -1)

    def apply(v):
        return asarray(func1d(v, *args, **kwargs))
    mapped = apply
    for _ in range(arr.ndim - 1):
        mapped = vmap(mapped)
    out = mapped(moved)
    out_ndim = out.ndim - (arr.ndim - 1)
    if out_ndim and axis != arr.ndim - 1:
        start = arr.ndim - 1
        out = moveaxis(out, tuple(range(start, start + out_ndim)),
                       tuple(range(axis, axis + out_ndim)))
    return out


def apply_over_axes(func, a, axes):
    """func(a, axis) applied for each axis in turn, each result keeping a's rank."""
    check_arraylike("apply_over_axes", a)
    a = asarray(a)
    for axis in axes:
        b = asarray(func(a, axis))
        if b.ndim == a.ndim - 1:
            b = expand_dims(b, axis)
        elif b.ndim != a.ndim:
            raise ValueError("function is not returning an array of the correct shape")
        a = b
    return a


def fromfunction(function, shape, *, dtype=float, **kwargs):
    """function(i, j, ...) evaluated at every index of `shape`, each index of `dtype`. The
    function is vmapped over scalar indices (JAX's rule); keyword arguments go through
    the same vmaps, which map them along their leading axes (one per dimension of
    `shape`, as in JAX: a scalar keyword argument is an error)."""
    shape = canonicalize_shape(shape, "fromfunction")
    dtype = dtypes.check_user_dtype(dtype, "fromfunction")
    mapped = function
    for i in range(len(shape)):
        in_axes = tuple(0 if j == len(shape) - 1 - i else None for j in range(len(shape)))
        mapped = vmap(mapped, in_axes=in_axes)
    return mapped(*(arange(n, dtype=dtype) for n in shape), **kwargs)


# --- ufunc, frompyfunc ------------------------------------------------------------------------

def _not_supported(name, what):
    return NotImplementedError(f"The '{what}' argument to jnp.{name} is not supported.")


class ufunc:
    """A universal function over arrays (jnp.ufunc): calling it maps `func` elementwise with
    broadcasting; .reduce, .accumulate, .at, .outer and .reduceat apply a binary one along
    an axis, at indices or over all pairs. Custom implementations of any of them may be
    given; the generic ones run `func` in a lax.scan."""

    def __init__(self, func, /, nin, nout, *, name=None, nargs=None, identity=None,
                 call=None, reduce=None, accumulate=None, at=None, reduceat=None):
        self.func = func
        self.nin, self.nout = int(nin), int(nout)
        self.nargs = self.nin if nargs is None else int(nargs)
        self.identity = identity
        self.__name__ = name or getattr(func, "__name__", repr(func))
        self._call, self._reduce, self._accumulate = call, reduce, accumulate
        self._at, self._reduceat = at, reduceat

    def __repr__(self):
        return f"<jnp.ufunc '{self.__name__}'>"

    def __call__(self, *args, out=None, where=None):
        if out is not None:
            raise _not_supported(self.__name__, "out")
        if where is not None:
            raise _not_supported(self.__name__, "where")
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__}() takes {self.nin} positional argument(s) but "
                            f"{len(args)} were given")
        check_arraylike(self.__name__, *args)
        if self._call is not None:
            return self._call(*args)
        return vectorize(self.func)(*args)

    def _binary(self, method):
        if self.nin != 2 or self.nout != 1:
            raise ValueError(f"{method} only supported for binary ufuncs with one output")

    def _combine(self, acc, x):
        """func(acc, x) elementwise, returned with acc's dtype and weak type (scan's carry)."""
        out = asarray(self(acc, x))
        return convert_to(out, *dtypes.dtype_and_weak(acc))

    def _fold(self, acc, xs):
        """func folded over the leading axis of xs, starting from acc."""
        def body(carry, x):
            return self._combine(carry, x), None
        result, _ = lax.scan(body, acc, xs)
        return result

    def reduce(self, a, axis=0, dtype=None, out=None, keepdims=False, initial=None,
               where=None):
        """func folded over `axis` (all axes when None), from `initial` (else the identity,
        else the first element); `where` masks elements out."""
        self._binary("reduce")
        if out is not None:
            raise _not_supported(f"{self.__name__}.reduce", "out")
        check_arraylike(f"{self.__name__}.reduce", a)
        if self._reduce is not None:
            return self._reduce(a, axis, dtype=dtype, keepdims=keepdims, initial=initial,
                                where=where)
        a = asarray(a)
        if dtype is not None:
            a = convert_to(a, dtypes.check_user_dtype(dtype, f"{self.__name__}.reduce"))
        original_ndim = a.ndim
        if isinstance(axis, tuple):
            if len(axis) != 1:
                raise NotImplementedError(f"{self.__name__}.reduce over several axes is not "
                                          "supported for a generic ufunc")
            axis, = axis
        if where is not None:
            where = asarray(where)
            if where.shape != a.shape:
                where = lax.broadcast_in_dim(where, a.shape, tuple(
                    range(a.ndim - where.ndim, a.ndim))) if where.ndim else \
                    lax.broadcast_in_dim(where, a.shape, ())
        if axis is None:
            a = ravel(a)
            where = None if where is None else ravel(where)
            axis = 0
        else:
            axis = canonicalize_axis(axis, a.ndim)
        start = self.identity if initial is None else initial
        if where is not None and start is None:
            raise ValueError(f"reduction operation {self.__name__} does not have an identity, "
                             "so to use a where mask one has to specify 'initial'")
        if a.shape[axis] == 0 and start is None:
            raise ValueError(f"zero-size array to reduction operation {self.__name__} which has "
                             "no identity")
        xs = moveaxis(a, axis, 0)
        if start is None:
            acc, xs = xs[0], xs[1:]
        else:
            acc = full(xs.shape[1:], start, a.dtype)
        if where is None:
            result = self._fold(acc, xs)
        else:
            def masked(acc, item):
                x, keep = item
                return lax.select_n(keep, acc, self._combine(acc, x)), None
            result, _ = lax.scan(masked, acc, (xs, moveaxis(where, axis, 0)))
        if keepdims:
            if original_ndim != a.ndim:  # axis=None on a multi-dimensional array
                result = lax.reshape(result, (1,) * original_ndim)
            else:
                result = expand_dims(result, axis)
        return result

    def accumulate(self, a, axis=0, dtype=None, out=None):
        """The running func along `axis`, starting from the first element."""
        self._binary("accumulate")
        if out is not None:
            raise _not_supported(f"{self.__name__}.accumulate", "out")
        check_arraylike(f"{self.__name__}.accumulate", a)
        if self._accumulate is not None:
            return self._accumulate(a, axis, dtype=dtype)
        a = asarray(a)
        if dtype is not None:
            a = convert_to(a, dtypes.check_user_dtype(dtype, f"{self.__name__}.accumulate"))
        axis = canonicalize_axis(axis, a.ndim)
        if a.shape[axis] == 0:
            return a
        xs = moveaxis(a, axis, 0)

        def body(acc, x):
            new = self._combine(acc, x)
            return new, new
        _, rest = lax.scan(body, xs[0], xs[1:])
        return moveaxis(concatenate([xs[:1], rest]), 0, axis)

    def at(self, a, indices, b=None, /, *, inplace=True):
        """A copy of `a` with func applied at `indices` (with operand b for a binary ufunc);
        repeated indices apply func repeatedly, in order."""
        if inplace:
            raise ValueError("jnp.ufunc.at cannot modify arrays in-place, because JAX arrays "
                             "are immutable. Pass inplace=False to instead return an updated "
                             "array.")
        if self.nout != 1 or self.nin not in (1, 2):
            raise ValueError("at only supported for unary or binary ufuncs with one output")
        if self.nin == 2 and b is None:
            raise ValueError(f"{self.__name__}.at requires a second operand b")
        if self.nin == 1 and b is not None:
            raise ValueError(f"{self.__name__}.at takes no second operand for a unary ufunc")
        check_arraylike(f"{self.__name__}.at", a, *([] if b is None else [b]))
        if self._at is not None:
            return self._at(a, indices, b)
        a = asarray(a)
        selected = asarray(lax.reshape(arange(a.size, dtype=dtypes.default_int_dtype()),
                                       a.shape)[indices])
        positions = ravel(selected)
        flat = ravel(a)
        if self.nin == 2:
            operand = ravel(broadcast_to(asarray(b), selected.shape))

            def body(acc, item):
                p, v = item
                return acc.at[p].set(self._combine(acc[p], v)), None
            flat, _ = lax.scan(body, flat, (positions, operand))
        else:
            def unary_body(acc, p):
                value = convert_to(asarray(self(acc[p])), *dtypes.dtype_and_weak(acc))
                return acc.at[p].set(value), None
            flat, _ = lax.scan(unary_body, flat, positions)
        return lax.reshape(flat, a.shape)

    def outer(self, A, B, /):
        """func applied to every pair (a, b) of elements of A and B: shape A.shape + B.shape."""
        self._binary("outer")
        check_arraylike(f"{self.__name__}.outer", A, B)
        A, B = asarray(A), asarray(B)
        A = lax.reshape(A, A.shape + (1,) * B.ndim)
        return self(A, B)

    def reduceat(self, a, indices, axis=0, dtype=None, out=None):
        """func reduced over the slices indices[i]:indices[i+1] along `axis` (just
        a[indices[i]] where indices[i] >= indices[i+1]); indices must be concrete."""
        self._binary("reduceat")
        if out is not None:
            raise _not_supported(f"{self.__name__}.reduceat", "out")
        check_arraylike(f"{self.__name__}.reduceat", a, indices)
        if self._reduceat is not None:
            return self._reduceat(a, indices, axis=axis, dtype=dtype)
        a = asarray(a)
        if dtype is not None:
            a = convert_to(a, dtypes.check_user_dtype(dtype, f"{self.__name__}.reduceat"))
        axis = canonicalize_axis(axis, a.ndim)
        idx = np.asarray(concrete_value(indices, "The problem arose with the indices argument "
                                                 f"of jnp.{self.__name__}.reduceat.")).ravel()
        n = a.shape[axis]
        if idx.size and (idx.min() < -n or idx.max() >= n):
            raise ValueError(f"index out of bounds for axis {axis} with size {n}: {idx}")
        idx = np.where(idx < 0, idx + n, idx)
        pieces = []
        for i, start in enumerate(idx):
            stop = idx[i + 1] if i + 1 < idx.size else n
            if stop <= start:
                stop = start + 1
            part = lax.slice_in_dim(a, int(start), int(stop), axis=axis)
            if stop - start > 1:
                xs = moveaxis(part, axis, 0)
                folded = self._fold(xs[0], xs[1:])
                part = expand_dims(folded, axis)
            pieces.append(part)
        if not pieces:
            return lax.slice_in_dim(a, 0, 0, axis=axis)
        return concatenate(pieces, axis=axis)


def frompyfunc(func, /, nin, nout, *, identity=None):
    """A jnp.ufunc from a Python function of `nin` scalars returning `nout` values."""
    return ufunc(func, nin, nout, identity=identity)
