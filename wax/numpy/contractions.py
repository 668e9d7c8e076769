"""Tensor contractions: dot, matmul, vdot, vecdot, matvec, vecmat, inner, outer,
tensordot, kron, cross, trace (einsum lives in einsum.py).

Operands are promoted to their common dtype first (int with float gives float32); every
contraction is one lax.dot_general, and the result takes JAX's dtype and weak flag: the
promoted dtype, or `preferred_element_type` when it is given.
"""
from __future__ import annotations

import builtins
import operator

import numpy as np

from .. import lax
from ..core import dtypes
from ..core.array import Array
from ..core.avals import canonicalize_axis
from ._promote import check_arraylike, convert_to
from .creation import asarray, concrete_int
from .shape_ops import (_diagonal, broadcast_arrays, broadcast_to, moveaxis, ravel, reshape,
                        stack, _slice_axis)
from ._einsum import einsum

__all__ = ["dot", "matmul", "vdot", "vecdot", "matvec", "vecmat", "inner", "outer",
           "tensordot", "kron", "cross", "trace", "einsum"]


def _operands(fun_name, a, b, preferred_element_type):
    """(a, b) promoted to a common dtype, plus the result's dtype and weak flag and the
    preferred_element_type to hand to dot_general."""
    if (isinstance(a, Array) and isinstance(b, Array) and a.dtype == b.dtype
            and a.weak_type == b.weak_type):
        dtype, weak = a.dtype, a.weak_type
    else:
        check_arraylike(fun_name, a, b)
        dtype, weak = dtypes.result_type_and_weak(a, b)
        a, b = asarray(convert_to(a, dtype, weak)), asarray(convert_to(b, dtype, weak))
    if preferred_element_type is None:
        return a, b, dtype, weak, None
    preferred = dtypes.check_user_dtype(preferred_element_type, fun_name)
    return a, b, preferred, False, preferred


def _check_contracting(a_shape, b_shape, a_dims, b_dims):
    a_sizes = tuple(a_shape[d] for d in a_dims)
    b_sizes = tuple(b_shape[d] for d in b_dims)
    if a_sizes != b_sizes:
        raise TypeError("dot_general requires contracting dimensions to have the same shape, "
                        f"got {a_sizes} and {b_sizes}.")


def _finish(out, dtype, weak):
    """The result with JAX's dtype and weak flag (usually already right)."""
    if out.dtype == dtype and out.weak_type == weak:
        return out
    return convert_to(out, dtype, weak)


def _dot_general(a, b, contracting, batch, precision, preferred, dtype, weak):
    _check_contracting(a.shape, b.shape, *contracting)
    out = lax.dot_general(a, b, (contracting, batch), precision=precision,
                          preferred_element_type=preferred)
    return _finish(out, dtype, weak)


def dot(a, b, *, precision=None, preferred_element_type=None, out_sharding=None):
    """NumPy's dot: a product for scalars, else a contraction of a's last axis with b's
    last (1-D b) or second-to-last axis."""
    a, b, dtype, weak, preferred = _operands("dot", a, b, preferred_element_type)
    if a.ndim == 0 or b.ndim == 0:
        contracting = ((), ())
    elif b.ndim == 1:
        contracting = ((a.ndim - 1,), (0,))
    else:
        contracting = ((a.ndim - 1,), (b.ndim - 2,))
    return _dot_general(a, b, contracting, ((), ()), precision, preferred, dtype, weak)


def _typeof(x) -> str:
    return f"{x.dtype.name}[{','.join(map(str, x.shape))}]"


def matmul(a, b, *, precision=None, preferred_element_type=None, out_sharding=None):
    """NumPy's matmul: 1-D operands are vectors, leading dimensions broadcast as batches."""
    a, b, dtype, weak, preferred = _operands("matmul", a, b, preferred_element_type)
    for i, x in enumerate((a, b)):
        if x.ndim < 1:
            raise ValueError(f"matmul input operand {i} must have ndim at least 1, but it "
                             f"has ndim {x.ndim}")
    a_mat, b_mat = a.ndim > 1, b.ndim > 1
    a_contract, b_contract = a.ndim - 1, b.ndim - 2 if b_mat else 0
    if a.ndim <= 2 and b.ndim <= 2:
        return _dot_general(a, b, ((a_contract,), (b_contract,)), ((), ()), precision,
                            preferred, dtype, weak)
    _check_contracting(a.shape, b.shape, (a_contract,), (b_contract,))
    a_batch = a.shape[:-2] if a_mat else ()
    b_batch = b.shape[:-2] if b_mat else ()
    nb = builtins.max(len(a_batch), len(b_batch))
    a_off, b_off = nb - len(a_batch), nb - len(b_batch)
    # Classify each batch position: a batch dimension of dot_general, a free dimension of
    # one side (the other lacks it or has size 1, squeezed), or size 1 on both sides
    # (squeezed from both and put back at the end).
    kinds, a_squeeze, b_squeeze = [], [], []
    for i in range(nb):
        da = a_batch[i - a_off] if i >= a_off else None
        db = b_batch[i - b_off] if i >= b_off else None
        if da is not None and db is not None and da == db == 1:
            kinds.append("both")
            a_squeeze.append(i - a_off)
            b_squeeze.append(i - b_off)
        elif da is None or (da == 1 and db is not None):
            kinds.append("b")
            if da is not None:
                a_squeeze.append(i - a_off)
        elif db is None or db == 1:
            kinds.append("a")
            if db is not None:
                b_squeeze.append(i - b_off)
        elif da == db:
            kinds.append("batch")
        else:
            raise ValueError(f"Incompatible types for matmul arguments: {_typeof(a)} and "
                             f"{_typeof(b)}")
    if a_squeeze:
        a = lax.squeeze(a, tuple(a_squeeze))
    if b_squeeze:
        b = lax.squeeze(b, tuple(b_squeeze))
    # Positions of the kept batch dims inside the squeezed operands.
    a_pos, b_pos, a_batch_dims, b_batch_dims = 0, 0, [], []
    for kind in kinds:
        if kind == "batch":
            a_batch_dims.append(a_pos)
            b_batch_dims.append(b_pos)
        a_pos += kind in ("batch", "a")
        b_pos += kind in ("batch", "b")
    kept = [i for i, kind in enumerate(kinds) if kind != "both"]
    final = {i: j for j, i in enumerate(kept)}
    row, col = len(kept), len(kept) + a_mat
    # Where each output dimension of dot_general goes in the final result.
    order = ([final[i] for i, k in enumerate(kinds) if k == "batch"] +
             [final[i] for i, k in enumerate(kinds) if k == "a"] + ([row] if a_mat else []) +
             [final[i] for i, k in enumerate(kinds) if k == "b"] + ([col] if b_mat else []))
    out = lax.dot_general(a, b, (((a.ndim - 1,), (b.ndim - 1 - b_mat,)),
                                 (tuple(a_batch_dims), tuple(b_batch_dims))),
                          precision=precision, preferred_element_type=preferred)
    perm = tuple(sorted(range(len(order)), key=order.__getitem__))
    if perm != tuple(range(len(perm))):
        out = lax.transpose(out, perm)
    both = tuple(i for i, k in enumerate(kinds) if k == "both")
    if both:
        out = lax.expand_dims(out, both)
    return _finish(out, dtype, weak)


def _conj(x):
    return lax.conj(x) if dtypes.is_complex(x.dtype) else x


def vdot(a, b, *, precision=None, preferred_element_type=None):
    """The dot product of the flattened operands, conjugating the first."""
    check_arraylike("vdot", a, b)
    a = asarray(a)
    return dot(ravel(_conj(a)), ravel(b), precision=precision,
               preferred_element_type=preferred_element_type)


def _batched_vector_product(fun_name, x1, x2, x1_core, x2_core, contract, precision,
                            preferred_element_type):
    """A product whose operands end in `x1_core`/`x2_core` core dimensions and whose
    leading dimensions broadcast as batches."""
    x1, x2, dtype, weak, preferred = _operands(fun_name, x1, x2, preferred_element_type)
    if x1.ndim < x1_core or x2.ndim < x2_core:
        raise ValueError(f"{fun_name}: operands need at least {x1_core} and {x2_core} "
                         f"dimensions, got shapes {x1.shape} and {x2.shape}")
    size1 = x1.shape[x1.ndim - x1_core + contract[0]]
    size2 = x2.shape[x2.ndim - x2_core + contract[1]]
    if size1 != size2:  # (JAX's vectorize names the core dimension: n, or m for matvec)
        raise ValueError(f"{fun_name}: inconsistent size for core dimension "
                         f"'{'m' if fun_name == 'matvec' else 'n'}': {size2} vs {size1} "
                         f"(operand shapes {x1.shape} and {x2.shape})")
    batch = np.broadcast_shapes(x1.shape[:x1.ndim - x1_core], x2.shape[:x2.ndim - x2_core])
    x1 = broadcast_to(x1, batch + x1.shape[x1.ndim - x1_core:])
    x2 = broadcast_to(x2, batch + x2.shape[x2.ndim - x2_core:])
    nb = len(batch)
    contracting = ((nb + contract[0],), (nb + contract[1],))
    batch_dims = (tuple(range(nb)), tuple(range(nb)))
    _check_contracting(x1.shape, x2.shape, *contracting)
    out = lax.dot_general(x1, x2, (contracting, batch_dims), precision=precision,
                          preferred_element_type=preferred)
    return _finish(out, dtype, weak)


def vecdot(x1, x2, /, *, axis=-1, precision=None, preferred_element_type=None):
    """Batched conjugated vector dot product along `axis`."""
    check_arraylike("vecdot", x1, x2)
    x1, x2 = asarray(x1), asarray(x2)
    a1, a2 = canonicalize_axis(axis, x1.ndim), canonicalize_axis(axis, x2.ndim)
    if x1.shape[a1] != x2.shape[a2]:
        raise ValueError("x1 and x2 must have the same size along the specified axis.")
    x1, x2 = moveaxis(_conj(x1), a1, -1), moveaxis(x2, a2, -1)
    return _batched_vector_product("vecdot", x1, x2, 1, 1, (0, 0), precision,
                                   preferred_element_type)


def matvec(x1, x2, /):
    """Batched matrix-vector product: (..., m, n) with (..., n) gives (..., m)."""
    return _batched_vector_product("matvec", x1, x2, 2, 1, (1, 0), None, None)


def vecmat(x1, x2, /):
    """Batched conjugated vector-matrix product: (..., m) with (..., m, n) gives (..., n)."""
    check_arraylike("vecmat", x1, x2)
    return _batched_vector_product("vecmat", _conj(asarray(x1)), x2, 1, 2, (0, 0), None, None)


def inner(a, b, *, precision=None, preferred_element_type=None):
    """The contraction of the last axes of a and b (a product for scalars)."""
    a, b, dtype, weak, preferred = _operands("inner", a, b, preferred_element_type)
    if a.ndim == 0 or b.ndim == 0:
        contracting = ((), ())
    else:
        contracting = ((a.ndim - 1,), (b.ndim - 1,))
    return _dot_general(a, b, contracting, ((), ()), precision, preferred, dtype, weak)


def outer(a, b, out=None):
    """The outer product of the flattened operands."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.outer is not supported.")
    a, b, dtype, weak, _ = _operands("outer", a, b, None)
    return _dot_general(ravel(a), ravel(b), ((), ()), ((), ()), None, None, dtype, weak)


def _is_int(x) -> bool:
    try:
        operator.index(x)
    except TypeError:
        return False
    return True


def tensordot(a, b, axes=2, *, precision=None, preferred_element_type=None,
              out_sharding=None):
    """The sum of products over `axes` (an int: a's last with b's first; or two lists)."""
    a, b, dtype, weak, preferred = _operands("tensordot", a, b, preferred_element_type)
    if _is_int(axes):
        n = operator.index(axes)
        if n > builtins.min(a.ndim, b.ndim):
            raise TypeError(f"Number of tensordot axes (axes {n}) exceeds input ranks "
                            f"({a.ndim} and {b.ndim})")
        n = builtins.max(n, 0)  # (as JAX: a negative count contracts nothing)
        contracting = (tuple(range(a.ndim - n, a.ndim)), tuple(range(n)))
    elif isinstance(axes, (list, tuple)) and len(axes) == 2:
        ax1, ax2 = axes
        if _is_int(ax1) and _is_int(ax2):
            contracting = ((canonicalize_axis(ax1, a.ndim),), (canonicalize_axis(ax2, b.ndim),))
        elif isinstance(ax1, (list, tuple)) and isinstance(ax2, (list, tuple)):
            if len(ax1) != len(ax2):
                raise TypeError("tensordot requires axes lists to have equal length, got "
                                f"{ax1} and {ax2}.")
            contracting = (tuple(canonicalize_axis(i, a.ndim) for i in ax1),
                           tuple(canonicalize_axis(i, b.ndim) for i in ax2))
        else:
            raise TypeError("tensordot requires both axes lists to be either ints, tuples or "
                            f"lists, got {ax1} and {ax2}")
    else:
        raise TypeError("tensordot axes argument must be an int, a pair of ints, or a pair of "
                        f"lists/tuples of ints, got {axes}.")
    return _dot_general(a, b, contracting, ((), ()), precision, preferred, dtype, weak)


def kron(a, b):
    """The Kronecker product of a and b."""
    a, b, dtype, weak, _ = _operands("kron", a, b, None)
    nd = builtins.max(a.ndim, b.ndim)
    a = reshape(a, (1,) * (nd - a.ndim) + a.shape)
    b = reshape(b, (1,) * (nd - b.ndim) + b.shape)
    out = _dot_general(a, b, ((), ()), ((), ()), None, None, dtype, weak)
    perm = tuple(i for k in range(nd) for i in (k, nd + k))
    out = lax.transpose(out, perm) if nd > 1 else out
    return reshape(out, tuple(x * y for x, y in zip(a.shape, b.shape)))


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of vectors of length 2 or 3 along the given axes."""
    check_arraylike("cross", a, b)
    if axis is not None:
        axisa = axisb = axisc = axis
    dtype, weak = dtypes.result_type_and_weak(a, b)
    a = moveaxis(asarray(convert_to(a, dtype, weak)), axisa, -1)
    b = moveaxis(asarray(convert_to(b, dtype, weak)), axisb, -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError("Dimension must be either 2 or 3 for cross product")

    def component(x, i):
        if i >= x.shape[-1]:
            return None
        return lax.squeeze(_slice_axis(x, i, i + 1, x.ndim - 1), (x.ndim - 1,))

    def times(x, y):
        return lax.mul(*broadcast_arrays(x, y))

    def minus(p, q):
        if q is None:
            return p
        return lax.sub(*broadcast_arrays(p, q))

    a0, a1, a2 = (component(a, i) for i in range(3))
    b0, b1, b2 = (component(b, i) for i in range(3))
    if a2 is None and b2 is None:
        return minus(times(a0, b1), times(a1, b0))

    def product(x, y):
        return None if x is None or y is None else times(x, y)

    def difference(p, q):
        if p is None:
            return lax.neg(q) if q is not None else None
        return minus(p, q)

    parts = [difference(product(a1, b2), product(a2, b1)),
             difference(product(a2, b0), product(a0, b2)),
             difference(product(a0, b1), product(a1, b0))]
    c = stack(broadcast_arrays(*parts), axis=-1)
    return moveaxis(c, -1, axisc)


def _sum_dtype(dtype):
    """The dtype jnp.sum gives: bool and narrow integers widen to the default width."""
    if dtype == dtypes.bool_:
        return dtypes.default_int_dtype()
    if dtype.kind == "i" and dtype.itemsize < dtypes.default_int_dtype().itemsize:
        return dtypes.default_int_dtype()
    if dtype.kind == "u" and dtype.itemsize < dtypes.default_uint_dtype().itemsize:
        return dtypes.default_uint_dtype()
    return dtype


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """The sum along a diagonal of `a` (in the plane of axis1 and axis2)."""
    check_arraylike("trace", a)
    a = asarray(a)
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.trace is not supported.")
    if canonicalize_axis(axis1, a.ndim) == canonicalize_axis(axis2, a.ndim):
        raise ValueError(f"axis1 and axis2 can not be same. axis1={axis1} and axis2={axis2}")
    req = dtypes.check_user_dtype(dtype, "trace")
    offset = concrete_int(offset, "'offset' argument of jnp.trace")
    diagonal = _diagonal(a, offset, axis1, axis2)
    out_dtype = req or _sum_dtype(a.dtype)
    diagonal = convert_to(diagonal, out_dtype, False)
    if out_dtype == dtypes.bool_:
        return lax.reduce_or(diagonal, (diagonal.ndim - 1,))
    return lax.reduce_sum(diagonal, (diagonal.ndim - 1,))

