"""jnp.linalg's norms (norm, vector_norm, matrix_norm), condition number (cond) and the
array-API names it shares with jnp (cross, outer, diagonal, trace, matmul, vecdot,
tensordot, matrix_transpose, multi_dot), with JAX's semantics: each works on the last
axis or the last two axes, and checks the shapes the array API requires."""
from __future__ import annotations

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.avals import canonicalize_axis
from ..primitives import linalg_util as mat
from ._promote import check_arraylike, convert_to
from .creation import asarray

__all__ = ["cond", "cross", "diagonal", "matmul", "matrix_norm", "matrix_transpose",
           "multi_dot", "norm", "outer", "tensordot", "trace", "vecdot", "vector_norm"]


def _inexact(fun_name, x):
    check_arraylike(fun_name, x)
    dtype, weak = dtypes.result_type_and_weak(x)
    dtype = dtypes.to_inexact_dtype(dtype)
    return asarray(convert_to(x, dtype, weak))


def trace_last(x):
    """The trace over the last two axes (in x's dtype)."""
    return lax.reduce_sum(mat.diag_part(x), (x.ndim - 2,))


def max_or_zero(x, axis):
    from .reductions import amax
    return amax(x, axis=axis, initial=0) if x.size == 0 else amax(x, axis=axis)


def _abs_square_sum(x, axis, keepdims):
    from .reductions import sum as jsum
    squares = lax.real(lax.mul(x, lax.conj(x))) if x.dtype.kind == "c" else lax.mul(x, x)
    return jsum(squares, axis=axis, keepdims=keepdims)


def vector_norm(x, /, *, axis=None, keepdims: bool = False, ord=2):
    """The vector p-norm over `axis` (all axes by default); ord 0 counts nonzeros, ±inf
    takes the largest/smallest magnitude."""
    from .reductions import amax, amin, sum as jsum
    check_arraylike("jnp.linalg.vector_norm", x)
    x = asarray(x)
    if ord is None or (not isinstance(ord, str) and ord == 2):
        from .ufuncs import sqrt
        return sqrt(_abs_square_sum(x, axis, keepdims))
    if isinstance(ord, str):
        msg = f"Invalid order '{ord}' for vector norm."
        if ord == "inf":
            msg += "Use 'jax.numpy.inf' instead."
        if ord == "-inf":
            msg += "Use '-jax.numpy.inf' instead."
        raise ValueError(msg)
    from .ufuncs import abs as jabs
    if ord == np.inf:
        return amax(jabs(x), axis=axis, keepdims=keepdims, initial=0)
    if ord == -np.inf:
        return amin(jabs(x), axis=axis, keepdims=keepdims)
    if ord == 0:
        if not dtypes.is_inexact(x.dtype):
            raise ValueError(f"data type {x.dtype.type} not inexact")
        return jsum(lax.ne(x, lax.full_like(x, 0)), dtype=mat.real_dtype(x.dtype), axis=axis,
                    keepdims=keepdims)
    if ord == 1:
        return jsum(jabs(x), axis=axis, keepdims=keepdims)
    abs_x = jabs(x) if dtypes.is_inexact(x.dtype) else jabs(_inexact("vector_norm", x))
    p = abs_x.dtype.type(ord)
    out = jsum(lax.pow(abs_x, lax.full_like(abs_x, p)), axis=axis, keepdims=keepdims)
    return lax.pow(out, lax.full_like(out, abs_x.dtype.type(1) / p))


def _matrix_norm(x, ord, axis, keepdims):
    from .reductions import amax, amin, sum as jsum
    from .ufuncs import abs as jabs, sqrt
    row_axis, col_axis = axis
    if ord is None or ord in ("f", "fro"):
        return sqrt(_abs_square_sum(x, axis, keepdims))
    if isinstance(ord, str) and ord != "nuc":
        raise ValueError(f"Invalid order '{ord}' for matrix norm.")
    if ord in (1, -1):
        if not keepdims and col_axis > row_axis:
            col_axis -= 1
        sums = jsum(jabs(x), axis=row_axis, keepdims=keepdims)
        return amax(sums, axis=col_axis, keepdims=keepdims, initial=0) if ord == 1 else \
            amin(sums, axis=col_axis, keepdims=keepdims)
    if ord in (np.inf, -np.inf):
        if not keepdims and row_axis > col_axis:
            row_axis -= 1
        sums = jsum(jabs(x), axis=col_axis, keepdims=keepdims)
        return amax(sums, axis=row_axis, keepdims=keepdims, initial=0) if ord > 0 else \
            amin(sums, axis=row_axis, keepdims=keepdims)
    if ord in ("nuc", 2, -2):
        from .linalg import svd
        from .shape_ops import expand_dims, moveaxis
        s = svd(moveaxis(x, axis, (-2, -1)), compute_uv=False)
        if ord == 2:
            y = amax(s, axis=-1, initial=0)
        elif ord == -2:
            y = amin(s, axis=-1)
        else:
            y = jsum(s, axis=-1)
        return expand_dims(y, axis) if keepdims else y
    raise ValueError(f"Invalid order '{ord}' for matrix norm.")


def norm(x, ord=None, axis=None, keepdims: bool = False):
    """NumPy's norm: the 2-norm of the flattened array by default; a vector norm over one
    axis; a matrix norm ('fro', 'nuc', ±1, ±2, ±inf) over two."""
    x = _inexact("jnp.linalg.norm", x)
    ndim = x.ndim
    if axis is None:
        if ord is None:
            from .ufuncs import sqrt
            return sqrt(_abs_square_sum(x, None, keepdims))
        axis = tuple(range(ndim))
    elif isinstance(axis, tuple):
        axis = tuple(canonicalize_axis(a, ndim, "jnp.linalg.norm: axis") for a in axis)
    else:
        axis = (canonicalize_axis(axis, ndim, "jnp.linalg.norm: axis"),)
    if len(axis) == 1:
        return vector_norm(x, ord=2 if ord is None else ord, axis=axis, keepdims=keepdims)
    if len(axis) == 2:
        return _matrix_norm(x, ord, axis, keepdims)
    raise ValueError(f"Improper number of axes for norm: axis={axis!r}. Pass one axis to "
                     "compute a vector-norm, or two axes to compute a matrix-norm.")


def matrix_norm(x, /, *, keepdims: bool = False, ord="fro"):
    """The matrix norm over the last two axes."""
    check_arraylike("jnp.linalg.matrix_norm", x)
    return norm(x, ord=ord, keepdims=keepdims, axis=(-2, -1))


def cond(x, p=None):
    """The condition number: s_max/s_min for p None/2 (-2: the reverse), otherwise
    norm(x, p) · norm(inv(x), p); inf where x is singular."""
    from .linalg import inv, svdvals
    from .reductions import any as jany
    from .ufuncs import isnan
    check_arraylike("cond", x)
    arr = asarray(x)
    if arr.ndim < 2:
        raise ValueError(f"jnp.linalg.cond: input array must be at least 2D; got "
                         f"arr.shape={arr.shape!r}")
    if arr.shape[-1] == 0 or arr.shape[-2] == 0:
        raise ValueError(f"jnp.linalg.cond: input array must not be empty; got "
                         f"arr.shape={arr.shape!r}")
    if p is None or p == 2:
        s = svdvals(arr)
        return lax.div(s[..., 0], s[..., -1])
    if p == -2:
        s = svdvals(arr)
        r = lax.div(s[..., -1], s[..., 0])
    else:
        if arr.shape[-2] != arr.shape[-1]:
            raise ValueError(f"jnp.linalg.cond: for p={p!r}, array must be square; got "
                             f"arr.shape={arr.shape!r}")
        r = lax.mul(norm(arr, ord=p, axis=(-2, -1)), norm(inv(arr), ord=p, axis=(-2, -1)))
    arr_nan = jany(isnan(arr), axis=(-2, -1))
    return lax.select(lax.bitwise_and(isnan(r), lax.bitwise_not(arr_nan)),
                      lax.full_like(r, np.inf), r)


def cross(x1, x2, /, *, axis=-1):
    """The cross product of 3-vectors along `axis`."""
    from .contractions import cross as jcross
    check_arraylike("jnp.linalg.cross", x1, x2)
    x1, x2 = asarray(x1), asarray(x2)
    if x1.shape[axis] != 3 or x2.shape[axis] != 3:
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but they "
                         f"have x1.shape[axis]={x1.shape[axis]!r} and "
                         f"x2.shape[axis]={x2.shape[axis]!r}")
    return jcross(x1, x2, axis=axis)


def outer(x1, x2, /):
    """The outer product of two 1-D arrays."""
    from .ufuncs import multiply
    check_arraylike("jnp.linalg.outer", x1, x2)
    x1, x2 = asarray(x1), asarray(x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError("Input arrays must be one-dimensional, but they are "
                         f"x1.ndim={x1.ndim!r} x2.ndim={x2.ndim!r}")
    return multiply(x1[:, None], x2[None, :])


def matrix_transpose(x, /):
    """Swap the last two axes."""
    check_arraylike("jnp.linalg.matrix_transpose", x)
    arr = asarray(x)
    if arr.ndim < 2:
        raise ValueError(f"matrix_transpose requires at least 2 dimensions; got ndim={arr.ndim}")
    return mat.mT(arr)


def diagonal(x, /, *, offset: int = 0):
    """The diagonal (at `offset`) of each matrix in the last two axes."""
    from .shape_ops import diagonal as jdiagonal
    check_arraylike("jnp.linalg.diagonal", x)
    return jdiagonal(x, offset=offset, axis1=-2, axis2=-1)


def trace(x, /, *, offset: int = 0, dtype=None):
    """The sum of the diagonal (at `offset`) of each matrix in the last two axes."""
    from .contractions import trace as jtrace
    check_arraylike("jnp.linalg.trace", x)
    return jtrace(x, offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def matmul(x1, x2, /, *, precision=None, preferred_element_type=None):
    """The matrix product (jnp.matmul)."""
    from .contractions import matmul as jmatmul
    check_arraylike("jnp.linalg.matmul", x1, x2)
    return jmatmul(x1, x2, precision=precision, preferred_element_type=preferred_element_type)


def vecdot(x1, x2, /, *, axis: int = -1, precision=None, preferred_element_type=None):
    """The conjugated dot product along `axis` (jnp.vecdot)."""
    from .contractions import vecdot as jvecdot
    check_arraylike("jnp.linalg.vecdot", x1, x2)
    return jvecdot(x1, x2, axis=axis, precision=precision,
                   preferred_element_type=preferred_element_type)


def tensordot(x1, x2, /, *, axes=2, precision=None, preferred_element_type=None,
              out_sharding=None):
    """The tensor contraction over `axes` (jnp.tensordot)."""
    from .contractions import tensordot as jtensordot
    check_arraylike("jnp.linalg.tensordot", x1, x2)
    return jtensordot(x1, x2, axes=axes, precision=precision,
                      preferred_element_type=preferred_element_type, out_sharding=out_sharding)


def multi_dot(arrays, *, precision=None):
    """The product of a chain of matrices (first and last may be vectors), contracted in a
    cheap order."""
    from ._einsum import einsum
    arrays = list(arrays)
    check_arraylike("jnp.linalg.multi_dot", *arrays)
    arrs = [asarray(a) for a in arrays]
    if len(arrs) < 2:
        raise ValueError(f"multi_dot requires at least two arrays; got len(arrays)={len(arrs)}")
    if not (arrs[0].ndim in (1, 2) and arrs[-1].ndim in (1, 2)
            and all(a.ndim == 2 for a in arrs[1:-1])):
        raise ValueError("multi_dot: input arrays must all be two-dimensional, except for the "
                         "first and last array which may be 1 or 2 dimensional. Got array "
                         f"shapes {[a.shape for a in arrs]}")
    if any(a.shape[-1] != b.shape[0] for a, b in zip(arrs[:-1], arrs[1:])):
        raise ValueError("multi_dot: last dimension of each array must match first dimension "
                         f"of following array. Got array shapes {[a.shape for a in arrs]}")
    letters = [chr(ord("a") + i) if i < 26 else chr(ord("A") + i - 26)
               for i in range(len(arrs) + 1)]
    terms = [letters[i] + letters[i + 1] for i in range(len(arrs))]
    if arrs[0].ndim == 1:
        terms[0] = terms[0][1:]
    if arrs[-1].ndim == 1:
        terms[-1] = terms[-1][:1]
    output = (letters[0] if arrs[0].ndim == 2 else "") + \
        (letters[len(arrs)] if arrs[-1].ndim == 2 else "")
    return einsum(",".join(terms) + "->" + output, *arrs, optimize="auto", precision=precision)
