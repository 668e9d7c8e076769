"""Index helpers: the r_, c_, s_, index_exp, mgrid and ogrid objects, ix_, indices, the
diagonal and triangle index functions, mask_indices and fill_diagonal.

Index arrays are constants: they are built in NumPy from static sizes and returned as
concrete Arrays (jit records them as constants); sizes given as tracers raise JAX's
ConcretizationTypeError. Element placement (put, insert, delete, ...) is in
placement.py and the function helpers (vectorize, ufunc, ...) in functional.py; both are
re-exported here.
"""
from __future__ import annotations

import builtins

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import make_array
from ..core.interpreters import concrete_value, ensure_compile_time_eval
from ._promote import check_arraylike
from .creation import arange, array, asarray, canonicalize_shape, concrete_int, linspace
from .shape_ops import concatenate, stack, transpose
from .placement import *  # noqa: F401,F403
from .placement import __all__ as _placement_all
from .functional import *  # noqa: F401,F403
from .functional import __all__ as _functional_all

__all__ = ["r_", "c_", "s_", "index_exp", "mgrid", "ogrid", "ix_", "indices", "diag_indices",
           "diag_indices_from", "tril_indices", "tril_indices_from", "triu_indices",
           "triu_indices_from", "mask_indices", "fill_diagonal",
           *_placement_all, *_functional_all]

# NumPy's index-expression builders return plain Python index tuples: JAX reuses them.
s_ = np.s_
index_exp = np.index_exp


# --- mgrid, ogrid ------------------------------------------------------------------------

def _concrete_scalar(value, what):
    return concrete_value(value, f"The problem arose with the {what}.")


def _slice_values(s: slice, fun_name: str):
    """The 1-D array a slice stands for in mgrid/ogrid/r_: arange(start, stop, step), or
    linspace(start, stop, n) (endpoint included) when the step is the imaginary n."""
    start = 0 if s.start is None else _concrete_scalar(s.start, f"slice start of jnp.{fun_name}")
    stop = _concrete_scalar(s.stop, f"slice stop of jnp.{fun_name}")
    step = 1 if s.step is None else _concrete_scalar(s.step, f"slice step of jnp.{fun_name}")
    if stop is None:
        raise ValueError(f"jnp.{fun_name}: a slice needs a stop value, got {s}")
    if np.iscomplexobj(step):
        return linspace(start, stop, int(builtins.abs(step)), endpoint=True)
    return arange(start, stop, step)


class _Grid:
    """mgrid (dense: one stacked array) or ogrid (sparse: a list of broadcastable arrays)."""

    def __init__(self, sparse: bool, name: str):
        self.sparse, self.name = sparse, name

    def __getitem__(self, key):
        if isinstance(key, slice):
            return _slice_values(key, self.name)
        if not isinstance(key, tuple):
            raise TypeError(f"jnp.{self.name} takes slices, got {key!r} of type "
                            f"{type(key).__name__}")
        if not key:
            return [] if self.sparse else make_array(np.zeros((0,), dtypes.default_int_dtype()))
        for k in key:
            if not isinstance(k, slice):
                raise TypeError(f"jnp.{self.name} takes slices, got {k!r} of type "
                                f"{type(k).__name__}")
        with ensure_compile_time_eval():
            axes = [_slice_values(k, self.name) for k in key]
            dtype = dtypes.result_type(*axes)
            nd = len(axes)
            out = []
            for i, a in enumerate(axes):
                a = lax.convert_element_type(a, dtype)
                shape = tuple(a.shape[0] if j == i else 1 for j in range(nd))
                a = lax.reshape(a, shape)
                if not self.sparse:
                    a = lax.broadcast_in_dim(a, tuple(x.shape[0] for x in axes), tuple(range(nd)))
                out.append(a)
            return out if self.sparse else stack(out, 0)

    def __repr__(self):
        return f"wax.numpy.{self.name}"


mgrid = _Grid(sparse=False, name="mgrid")
ogrid = _Grid(sparse=True, name="ogrid")


# --- r_, c_ ------------------------------------------------------------------------------

class _Concatenator:
    """r_ and c_: concatenate slices, scalars and arrays along an axis (NumPy's
    AxisConcatenator). A leading string sets 'axis[,ndmin[,trans1d]]', or is 'r'/'c' for a
    2-D row or column result."""

    def __init__(self, axis: int, ndmin: int, trans1d: int, name: str):
        self.axis, self.ndmin, self.trans1d, self.name = axis, ndmin, trans1d, name

    def _directive(self, text: str):
        if text in ("r", "c"):
            return self.axis, self.ndmin, self.trans1d, text
        try:
            values = [int(v) for v in text.split(",")]
        except ValueError:
            raise ValueError(f"could not understand directive {text!r}") from None
        if not 1 <= len(values) <= 3:
            raise ValueError(f"could not understand directive {text!r}")
        axis, ndmin, trans1d = values + [self.ndmin, self.trans1d][len(values) - 1:]
        return axis, ndmin, trans1d, None

    def __getitem__(self, key):
        if not isinstance(key, tuple):
            key = (key,)
        if not key:  # (JAX reads key[0] first)
            raise IndexError("tuple index out of range")
        axis, ndmin, trans1d, matrix = self.axis, self.ndmin, self.trans1d, None
        if key and isinstance(key[0], str):
            axis, ndmin, trans1d, matrix = self._directive(key[0])
            key = key[1:]
        pieces = []
        for item in key:
            if isinstance(item, str):
                raise ValueError("string directive must be placed at the beginning")
            if isinstance(item, slice):
                piece = _slice_values(item, self.name)
                item_ndim = 1
            else:
                if isinstance(item, (list, tuple)):
                    item = array(item)
                check_arraylike(self.name, item)
                piece = asarray(item)
                item_ndim = piece.ndim
            piece = _at_least(piece, ndmin)
            if trans1d != -1 and item_ndim < ndmin:
                piece = _move_new_axes(piece, item_ndim, ndmin, trans1d)
            pieces.append(piece)
        out = concatenate(pieces, axis=axis)  # (no pieces: "Need at least one array")
        if matrix is not None:
            was_1d = out.ndim == 1
            out = _at_least(out, 2)
            if matrix == "c" and was_1d:
                out = transpose(out)
        return out

    def __len__(self):
        return 0

    def __repr__(self):
        return f"wax.numpy.{self.name}"


def _at_least(x, ndmin):
    if x.ndim >= ndmin:
        return x
    return lax.reshape(x, (1,) * (ndmin - x.ndim) + x.shape)


def _move_new_axes(x, item_ndim, ndmin, trans1d):
    """NumPy's placement of an item's own axes when ndmin added leading ones: they start
    at axis `trans1d` (counted as NumPy does for negative values)."""
    k2 = ndmin - item_ndim
    k1 = trans1d + k2 + 1 if trans1d < 0 else trans1d
    axes = list(range(ndmin))
    return transpose(x, axes[:k1] + axes[k2:] + axes[k1:k2])


r_ = _Concatenator(axis=0, ndmin=1, trans1d=-1, name="r_")
c_ = _Concatenator(axis=-1, ndmin=2, trans1d=0, name="c_")


# --- ix_, indices ------------------------------------------------------------------------

def ix_(*args):
    """Open-mesh index arrays: the i-th of n 1-D inputs reshaped to broadcast along axis i."""
    check_arraylike("ix", *args)
    n = len(args)
    out = []
    for i, a in enumerate(args):
        a = asarray(a)
        if a.ndim != 1:
            raise ValueError(f"Arguments to jax.numpy.ix_ must be 1-dimensional, got shape "
                             f"{a.shape}")
        if a.dtype == dtypes.bool_:
            raise NotImplementedError("Boolean arguments to jax.numpy.ix_ are not implemented")
        if a.size == 0:  # (an empty index: of the default integer dtype, as NumPy's)
            a = lax.convert_element_type(a, dtypes.default_int_dtype())
        shape = [1] * n
        shape[i] = a.shape[0]
        out.append(lax.reshape(a, tuple(shape)))
    return tuple(out)


def indices(dimensions, dtype=None, sparse=False):
    """The index grid of an array of shape `dimensions` (one array per axis, stacked unless
    sparse)."""
    dims = canonicalize_shape(dimensions, "indices")
    dtype = dtypes.check_user_dtype(int if dtype is None else dtype, "indices")
    grids = np.indices(dims, dtype=np.int64, sparse=True)
    if sparse:
        return tuple(make_array(g.astype(dtype)) for g in grids)
    return make_array(np.stack([np.broadcast_to(g, dims) for g in grids]).astype(dtype)
                      if dims else np.zeros((0,), dtype))


# --- diagonals and triangles ---------------------------------------------------------------

def _index_array(values):
    return make_array(np.asarray(values, dtypes.default_int_dtype()))


def diag_indices(n, ndim=2):
    """Indices of the main diagonal of an n x ... x n array of `ndim` dimensions."""
    n = concrete_int(n, "'n' argument of jnp.diag_indices()")
    ndim = concrete_int(ndim, "'ndim' argument of jnp.diag_indices()")
    if n < 0:
        raise ValueError(f"n argument to diag_indices must be nonnegative, got {n}")
    if ndim < 0:
        raise ValueError(f"ndim argument to diag_indices must be nonnegative, got {ndim}")
    return (_index_array(np.arange(n)),) * ndim


def _shape_of(arr, fun_name):
    shape = getattr(arr, "shape", None)
    if shape is None or isinstance(arr, (list, tuple)):
        check_arraylike(fun_name, arr)
        shape = np.shape(arr)
    return tuple(shape)


def diag_indices_from(arr):
    """Indices of the main diagonal of `arr` (all of whose dimensions must be equal)."""
    shape = _shape_of(arr, "diag_indices_from")
    if len(shape) < 2:
        raise ValueError(f"input array must be at least 2-d, got shape {shape}")
    if len(set(shape)) != 1:
        raise ValueError(f"All dimensions of input must be of equal length, got shape {shape}")
    return diag_indices(shape[0], len(shape))


def _triangle(fun, name, n, k, m):
    n = concrete_int(n, f"'n' argument of jnp.{name}()")
    k = concrete_int(k, f"'k' argument of jnp.{name}()")
    m = n if m is None else concrete_int(m, f"'m' argument of jnp.{name}()")
    if n < 0 or m < 0:
        raise TypeError(f"broadcast_in_dim shape must have every element be nonnegative, got "
                        f"{(n, m)}.")
    rows, cols = fun(n, k, m)
    return _index_array(rows), _index_array(cols)


def tril_indices(n, k=0, m=None):
    """Row and column indices of the lower triangle (at and below diagonal k) of an n x m
    array."""
    return _triangle(np.tril_indices, "tril_indices", n, k, m)


def triu_indices(n, k=0, m=None):
    """Row and column indices of the upper triangle (at and above diagonal k) of an n x m
    array."""
    return _triangle(np.triu_indices, "triu_indices", n, k, m)


def _triangle_from(fun, name, arr, k):
    shape = _shape_of(arr, name)
    if len(shape) != 2:
        raise ValueError(f"Only 2-D inputs are accepted, got shape {shape}")
    return fun(shape[0], k=k, m=shape[1])


def tril_indices_from(arr, k=0):
    """tril_indices for the shape of the 2-D `arr`."""
    return _triangle_from(tril_indices, "tril_indices_from", arr, k)


def triu_indices_from(arr, k=0):
    """triu_indices for the shape of the 2-D `arr`."""
    return _triangle_from(triu_indices, "triu_indices_from", arr, k)


def mask_indices(n, mask_func, k=0, *, size=None):
    """Indices of the non-zero entries of mask_func(ones((n, n)), k), e.g. with jnp.triu."""
    from .sorting import nonzero
    n = concrete_int(n, "'n' argument of jnp.mask_indices()")
    with ensure_compile_time_eval():
        mask = asarray(mask_func(make_array(np.ones((n, n), np.int32)), k))
        if mask.ndim != 2:
            raise ValueError(f"mask_func must return a 2-D array, got shape {mask.shape}")
        return nonzero(mask, size=size)


def fill_diagonal(a, val, wrap=False, *, inplace=True):
    """A copy of `a` with its main diagonal set to `val` (repeated as needed); JAX arrays
    are immutable, so inplace=False is required."""
    if inplace:
        raise NotImplementedError("JAX arrays are immutable, must use inplace=False")
    if wrap:
        raise NotImplementedError("wrap=True is not implemented, must use wrap=False")
    check_arraylike("fill_diagonal", a, val)
    a, val = asarray(a), asarray(val)
    if a.ndim < 2:
        raise ValueError(f"array must be at least 2-d, got shape {a.shape}")
    if a.ndim > 2 and len(set(a.shape)) != 1:
        raise ValueError(f"All dimensions of input must be of equal length, got shape {a.shape}")
    n = builtins.min(a.shape)
    if val.size == 0 or n == 0:
        return a
    flat = lax.reshape(val, (val.size,))
    if val.size != n:
        flat = _tile_to(flat, n)
    diag = _index_array(np.arange(n))
    return a.at[(diag,) * a.ndim].set(flat)


def _tile_to(flat, n):
    """The 1-D `flat` repeated (and cut) to length n, as np.resize does."""
    reps = -(-n // flat.shape[0])
    if reps > 1:
        flat = concatenate([flat] * reps)
    return lax.slice(flat, (0,), (n,))

