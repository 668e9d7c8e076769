"""Solver primitives: lu (with pivots and permutation), lu_pivots_to_permutation,
triangular_solve and tridiagonal_solve, each with impl, abstract_eval, jvp, transpose
(triangular_solve and tridiagonal_solve are linear in their right-hand side) and batch
rule; and two compositions the rules and API layers share: lu_solve and solve.

Impls: LAPACK's getrf (LU), BLAS's trsm (triangular solve) and LAPACK's gtsv (tridiagonal
solve) from SciPy, since NumPy exposes none of them; a stack of small triangular systems is
solved by substitution vectorized over the stack instead of one BLAS call per matrix.
A singular matrix is not an error: LU stores the zero pivot, solves give inf/NaN.
"""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from .batch_util import bdim_at_front, moveaxis, not_mapped, shape_of
from .elementwise import add, conj, mul, neg, sub
from .families import DtypeClass, is_undefined, is_zero, standard, zero_tangent_like
from .linalg_util import (BATCH_TO_FRONT, check_lapack_dtype, dtype_of, eye,
                          inverse_permutation, lapack_routine, scipy_linalg,
                          linalg_abstract_eval, matmul, mT, per_matrix, take_rows, tril, triu)
from .shape import broadcast_in_dim, full_like, pad, reshape

_INT32 = DtypeClass("int32", lambda d: d == np.dtype(np.int32))
_HALF = (np.dtype(np.float16), dtypes.bfloat16)


def _core_pad(x, rows=(0, 0), cols=(0, 0)):
    """x with zero rows/columns added around each matrix."""
    nb = len(shape_of(x)) - 2
    return pad(x, np.array(0, dtype_of(x)), [(0, 0, 0)] * nb + [rows + (0,), cols + (0,)])


# --- lu_pivots_to_permutation ---------------------------------------------------------------

def _pivots_to_permutation(pivots, size: int):
    """The permutation LAPACK's row swaps apply (swap i with pivots[i], in order); pivots
    out of range are clipped (JAX leaves them unspecified)."""
    batch, k = pivots.shape[:-1], pivots.shape[-1]
    steps = min(k, size)
    if not batch:  # one matrix: plain Python swaps beat NumPy calls on tiny arrays
        perm = list(range(size))
        for i, j in enumerate(pivots[:steps].tolist()):
            j = min(max(j, 0), size - 1)
            perm[i], perm[j] = perm[j], perm[i]
        return np.array(perm, np.int32)
    count = int(np.prod(batch))
    flat_piv = np.clip(pivots.reshape(count, k), 0, max(size - 1, 0))
    perm = np.broadcast_to(np.arange(size, dtype=np.int32), (count, size)).copy()
    rows = np.arange(count)
    for i in range(steps):
        j = flat_piv[:, i]
        held = perm[rows, i].copy()
        perm[rows, i] = perm[rows, j]
        perm[rows, j] = held
    return perm.reshape(batch + (size,))


def _lu_pivots_to_permutation_impl(xp, pivots, *, permutation_size):
    return _pivots_to_permutation(pivots, permutation_size)


def _lu_pivots_to_permutation_shape(shape, *, permutation_size):
    pivots_size, = shape
    if not permutation_size >= pivots_size:
        raise ValueError(f"Output permutation size {permutation_size} has to exceed the "
                         f"trailing dimension of the pivots. Got pivots size {pivots_size}")
    return (permutation_size,)


lu_pivots_to_permutation_p = standard(
    "lu_pivots_to_permutation", _lu_pivots_to_permutation_impl,
    linalg_abstract_eval("lu_pivots_to_permutation", (1,), _lu_pivots_to_permutation_shape,
                         accepts=(_INT32,)),
    batch=BATCH_TO_FRONT)


def lu_pivots_to_permutation(pivots, permutation_size: int):
    """The permutation (int32, (..., permutation_size)) that LU's row swaps `pivots` apply."""
    return lu_pivots_to_permutation_p.bind(pivots, permutation_size=int(permutation_size))


# --- lu ---------------------------------------------------------------------------------------

def _lu_impl(xp, x):
    check_lapack_dtype("lu", x)
    batch, (m, n) = x.shape[:-2], x.shape[-2:]
    k = min(m, n)
    lu = np.array(x)
    pivots = np.zeros(batch + (k,), np.int32)
    if k:
        getrf = lapack_routine("lu", "getrf", x.dtype)

        def one(a):
            factors, piv, info = getrf(a)
            if info < 0:
                return np.full_like(a, np.nan), piv
            return factors, piv
        per_matrix(one, [x], len(batch), [lu, pivots])
    return [lu, pivots, _pivots_to_permutation(pivots, m)]


def _lu_shape(shape):
    m, n = shape
    return [shape, (min(m, n),), (m,)]


def _lu_dtypes(dtype):
    return [dtype, np.dtype(np.int32), np.dtype(np.int32)]


def _lu_factors(lu):
    """The unit-lower (m, m) and upper (n, n) factors of a packed (m, n) LU, each padded
    with the identity where the rectangular factors have no entries."""
    from .linalg import _slice_core
    m, n = shape_of(lu)[-2:]
    k = min(m, n)
    dtype = dtype_of(lu)
    lower = add(_core_pad(tril(_slice_core(lu, cols=(0, k)), -1), cols=(0, m - k)),
                eye(dtype, tuple(shape_of(lu)[:-2]) + (m, m)))
    upper = _core_pad(triu(_slice_core(lu, rows=(0, k))), rows=(0, n - k))
    if n > k:
        tail = _core_pad(eye(dtype, tuple(shape_of(lu)[:-2]) + (n - k, n - k)),
                         rows=(k, 0), cols=(k, 0))
        upper = add(upper, tail)
    return lower, upper


def _lu_jvp(primals, tangents):
    # With P A = L U: L⁻¹ P dA U⁻¹ = L⁻¹ dL + dU U⁻¹, a strictly lower plus an upper part.
    a, = primals
    a_dot, = tangents
    lu, pivots, permutation = lu_p.bind(a)
    zeros = [zero_tangent_like(pivots), zero_tangent_like(permutation)]
    if is_zero(a_dot):
        return [lu, pivots, permutation], [zero_tangent_like(lu)] + zeros
    lower, upper = _lu_factors(lu)
    la = triangular_solve(lower, take_rows(a_dot, permutation), left_side=True, lower=True,
                          unit_diagonal=True)
    lau = triangular_solve(upper, la, left_side=False, lower=False)
    lu_dot = add(matmul(lower, tril(lau, -1)), matmul(triu(lau), upper))
    return [lu, pivots, permutation], [lu_dot] + zeros


lu_p = standard("lu", _lu_impl,
                linalg_abstract_eval("lu", (2,), _lu_shape, _lu_dtypes, multiple_results=True),
                multiple_results=True, jvp=_lu_jvp, batch=BATCH_TO_FRONT)


def lu(x):
    """(lu, pivots, permutation): P x = L U with partial pivoting; L (unit diagonal, not
    stored) and U packed in lu; pivots are LAPACK's row swaps (0-based, int32)."""
    lu_, pivots, permutation = lu_p.bind(x)
    return lu_, pivots, permutation


# --- triangular_solve -----------------------------------------------------------------------

def _substitute(a, b, lower):
    """Solve a x = b for stacks of triangular a (left side, no transpose), row by row,
    vectorized over the stack and the right-hand sides."""
    n = a.shape[-1]
    x = np.empty(np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + b.shape[-2:],
                 np.result_type(a, b))
    order = range(n) if lower else range(n - 1, -1, -1)
    for i in order:
        known = slice(0, i) if lower else slice(i + 1, n)
        acc = b[..., i, :]
        if (i > 0) if lower else (i < n - 1):
            acc = acc - np.einsum("...j,...jk->...k", a[..., i, known], x[..., known, :])
        x[..., i, :] = acc / a[..., i, i][..., None]
    return x


def _triangular_solve_impl(xp, a, b, *, left_side, lower, transpose_a, conjugate_a,
                           unit_diagonal):
    out_dtype = b.dtype
    if out_dtype in _HALF:  # XLA's fallback: compute in float32, round once
        a, b = a.astype(np.float32), b.astype(np.float32)
    if b.size == 0:
        return np.zeros(b.shape, out_dtype)
    n = a.shape[-1]
    if unit_diagonal:
        a = a.copy()
        idx = np.arange(n)
        a[..., idx, idx] = 1
    batch = b.shape[:-2]
    count = int(np.prod(batch)) if batch else 1
    if count > 1 and n <= 64:
        # Reduce to "left side, no transpose": materialize op(a) (and transpose the
        # problem for a right-side solve), then substitute over the whole stack at once.
        mat = np.conj(a) if conjugate_a else a
        is_lower = lower
        if transpose_a:
            mat = np.swapaxes(mat, -1, -2)
            is_lower = not is_lower
        rhs = b
        if not left_side:  # x op(a) = b  <=>  op(a)ᵀ xᵀ = bᵀ
            mat = np.swapaxes(mat, -1, -2)
            is_lower = not is_lower
            rhs = np.swapaxes(b, -1, -2)
        mat = np.tril(mat) if is_lower else np.triu(mat)
        x = _substitute(mat, rhs, is_lower)
        if not left_side:
            x = np.swapaxes(x, -1, -2)
        return x.astype(out_dtype)
    if conjugate_a and not transpose_a:
        a, conjugate_a = np.conj(a), False
    trans = 0 if not transpose_a else (2 if conjugate_a else 1)
    trsm, = scipy_linalg("triangular_solve").get_blas_funcs(("trsm",), (a, b))
    out = np.empty(b.shape, b.dtype)

    def one(a1, b1):
        return (trsm(1.0, a1, b1, side=0 if left_side else 1, lower=int(lower),
                     trans_a=trans, diag=int(unit_diagonal)),)
    per_matrix(one, [a, b], len(batch), [out])
    return out.astype(out_dtype)


def _triangular_solve_shape(a_shape, b_shape, *, left_side=False, **_):
    if a_shape[0] != a_shape[1]:
        raise ValueError("The first input to triangular_solve must be a square matrix. Got "
                         f"shape {a_shape}.")
    common = -2 if left_side else -1
    if a_shape[-1] != b_shape[common]:
        raise ValueError(f"Incompatible shapes for arguments to triangular_solve: {a_shape} "
                         f"and {b_shape}.")
    return b_shape


def _triangular_solve_jvp(primals, tangents, *, left_side, lower, transpose_a, conjugate_a,
                          unit_diagonal):
    a, b = primals
    g_a, g_b = tangents
    params = dict(left_side=left_side, lower=lower, transpose_a=transpose_a,
                  conjugate_a=conjugate_a, unit_diagonal=unit_diagonal)
    ans = triangular_solve_p.bind(a, b, **params)
    out = None
    if not is_zero(g_b):
        out = triangular_solve_p.bind(a, g_b, **params)
    if not is_zero(g_a):
        # d(op(A)⁻¹ B) = -op(A)⁻¹ op(dA) X (left side); X op(dA) op(A)⁻¹ on the right. Only
        # the triangle the solve reads (strictly, with a unit diagonal) carries a tangent.
        k = 1 if unit_diagonal else 0
        g = neg(tril(g_a, -k) if lower else triu(g_a, k))
        if transpose_a:
            g = mT(g)
        if conjugate_a:
            g = conj(g)
        m, n = shape_of(b)[-2:]

        def a_inverse(rhs):
            return triangular_solve_p.bind(a, rhs, **params)
        if left_side:
            term = a_inverse(matmul(g, ans)) if m > n else matmul(a_inverse(g), ans)
        else:
            term = a_inverse(matmul(ans, g)) if m < n else matmul(ans, a_inverse(g))
        out = term if out is None else add(out, term)
    return ans, (out if out is not None else zero_tangent_like(ans))


def _triangular_solve_transpose(ct, a, b, *, left_side, lower, transpose_a, conjugate_a,
                                unit_diagonal):
    # Linear in b: the cotangent goes through the transposed solve.
    assert not is_undefined(a) and is_undefined(b)
    if is_zero(ct):
        return [None, None]
    return [None, triangular_solve_p.bind(a, ct, left_side=left_side, lower=lower,
                                          transpose_a=not transpose_a,
                                          conjugate_a=conjugate_a,
                                          unit_diagonal=unit_diagonal)]


def _triangular_solve_batch(axis, args, dims, **params):
    a, b = args
    da, db = dims
    if da is not_mapped:
        # One matrix a for the whole batch: fold the batch into b's free dimension.
        if params["left_side"]:
            b = moveaxis(b, db, -1)
            shape = shape_of(b)
            flat = reshape(b, tuple(shape[:-2]) + (shape[-2] * shape[-1],))
            out = triangular_solve_p.bind(a, flat, **params)
            return reshape(out, shape), len(shape) - 1
        b = moveaxis(b, db, -2)
        shape = shape_of(b)
        flat = reshape(b, tuple(shape[:-3]) + (shape[-3] * shape[-2], shape[-1]))
        out = triangular_solve_p.bind(a, flat, **params)
        return reshape(out, shape), len(shape) - 2
    a = bdim_at_front(a, da, axis.size)
    b = bdim_at_front(b, db, axis.size)
    return triangular_solve_p.bind(a, b, **params), 0


triangular_solve_p = standard(
    "triangular_solve", _triangular_solve_impl,
    linalg_abstract_eval("triangular_solve", (2, 2), _triangular_solve_shape),
    jvp=_triangular_solve_jvp, transpose=_triangular_solve_transpose,
    batch=_triangular_solve_batch)


def triangular_solve(a, b, *, left_side: bool = False, lower: bool = False,
                     transpose_a: bool = False, conjugate_a: bool = False,
                     unit_diagonal: bool = False):
    """X with op(a) X = b (left_side) or X op(a) = b, a triangular (only the `lower` or upper
    triangle is read); op transposes and/or conjugates a. A b with one dimension fewer than
    a is a (batch of) vector(s)."""
    conjugate_a = bool(conjugate_a) and dtype_of(a).kind == "c"
    singleton = len(shape_of(b)) == len(shape_of(a)) - 1
    if singleton:
        from .shape import expand_dims
        b = expand_dims(b, (len(shape_of(b)) if left_side else len(shape_of(b)) - 1,))
    out = triangular_solve_p.bind(a, b, left_side=bool(left_side), lower=bool(lower),
                                  transpose_a=bool(transpose_a), conjugate_a=conjugate_a,
                                  unit_diagonal=bool(unit_diagonal))
    if singleton:
        from .shape import squeeze
        out = squeeze(out, (len(shape_of(out)) - 1 if left_side else len(shape_of(out)) - 2,))
    return out


# --- tridiagonal_solve ------------------------------------------------------------------------

def _gtsv_perturbed(dl, d, du, b):
    """Solve with LAPACK's pivoted tridiagonal LU, first nudging pivots that are (nearly)
    zero to ±eps·max|U| so a singular system still gives a finite answer."""
    gttrf = lapack_routine("tridiagonal_solve", "gttrf", d.dtype)
    gttrs = lapack_routine("tridiagonal_solve", "gttrs", d.dtype)
    l, u_diag, u1, u2, ipiv, _ = gttrf(dl, d, du)
    eps = np.finfo(u_diag.dtype).eps
    scale = max(np.abs(u_diag).max(initial=0), np.abs(u1).max(initial=0),
                np.abs(u2).max(initial=0))
    tiny = eps * (scale if scale > 0 else 1)
    small = np.abs(u_diag) < tiny
    u_diag = np.where(small, np.where(np.real(u_diag) < 0, -tiny, tiny), u_diag)
    x, _ = gttrs(l, u_diag, u1, u2, ipiv, b)
    return x


def _tridiagonal_solve_impl(xp, dl, d, du, b, *, perturb_singular):
    check_lapack_dtype("tridiagonal_solve", b)
    batch, (m, k) = b.shape[:-2], b.shape[-2:]
    if m == 0 or k == 0:
        return np.zeros(b.shape, b.dtype)
    if m == 1:
        return b / d[..., :, None]
    gtsv = lapack_routine("tridiagonal_solve", "gtsv", b.dtype)
    out = np.empty(b.shape, b.dtype)

    def one(dl1, d1, du1, b1):
        if perturb_singular:
            return (_gtsv_perturbed(dl1[1:], d1, du1[:-1], b1),)
        *_, x, info = gtsv(dl1[1:], d1, du1[:-1], b1)
        return (np.full_like(b1, np.nan) if info != 0 else x,)
    per_matrix(one, [dl, d, du, b], len(batch), [out])
    return out


def _tridiagonal_solve_shape(dl_shape, d_shape, du_shape, b_shape, **_):
    if dl_shape != d_shape or dl_shape != du_shape:
        raise TypeError("tridiagonal_solve requires that all diagonal arguments have the same "
                        "shape.")
    if dl_shape != b_shape[:-1]:
        raise TypeError("tridiagonal_solve requires that the leading ndim-1 dimensions of b "
                        "equal the dimensions of the diagonal arguments.")
    return b_shape


def _tridiagonal_matmul(dl, d, du, x):
    """A x for the tridiagonal A given by its three diagonals (each (..., m))."""
    from .indexing import slice as lax_slice
    shape = shape_of(x)
    nb = len(shape) - 2
    m, k = shape[-2:]

    def spread(v):
        return broadcast_in_dim(v, shape, tuple(range(nb + 1)))

    y = mul(spread(d), x)
    if m > 1:
        start, stop = (0,) * (nb + 2), tuple(shape[:-2])
        above = lax_slice(x, start, stop + (m - 1, k))      # x[i-1] for rows 1..m-1
        below = lax_slice(x, start[:-2] + (1, 0), stop + (m, k))  # x[i+1] for rows 0..m-2
        zero = np.array(0, dtype_of(x))
        cfg = [(0, 0, 0)] * nb
        y = add(y, mul(spread(dl), pad(above, zero, cfg + [(1, 0, 0), (0, 0, 0)])))
        y = add(y, mul(spread(du), pad(below, zero, cfg + [(0, 1, 0), (0, 0, 0)])))
    return y


def _tridiagonal_solve_jvp(primals, tangents, *, perturb_singular):
    *diags, b = primals
    *diag_dots, b_dot = tangents
    ans = tridiagonal_solve_p.bind(*primals, perturb_singular=perturb_singular)
    if all(is_zero(t) for t in diag_dots):
        if is_zero(b_dot):
            return ans, zero_tangent_like(ans)
        rhs = b_dot
    else:
        dots = [full_like(p, 0) if is_zero(t) else t for p, t in zip(diags, diag_dots)]
        product = _tridiagonal_matmul(*dots, ans)
        rhs = neg(product) if is_zero(b_dot) else sub(b_dot, product)
    return ans, tridiagonal_solve_p.bind(*diags, rhs, perturb_singular=perturb_singular)


def _tridiagonal_solve_transpose(ct, dl, d, du, b, *, perturb_singular):
    # Linear in b; Aᵀ's sub-diagonal is A's super-diagonal shifted down, and vice versa.
    from .indexing import slice as lax_slice
    assert not any(is_undefined(x) for x in (dl, d, du)) and is_undefined(b)
    if is_zero(ct):
        return [None] * 4
    shape = shape_of(d)
    nb, m = len(shape) - 1, shape[-1]
    zero = np.array(0, dtype_of(d))
    cfg = [(0, 0, 0)] * nb
    start, stop = (0,) * (nb + 1), tuple(shape[:-1])
    dl_t = pad(lax_slice(du, start, stop + (max(m - 1, 0),)), zero, cfg + [(1, 0, 0)]) \
        if m else du
    du_t = pad(lax_slice(dl, start[:-1] + (min(1, m),), stop + (m,)), zero, cfg + [(0, 1, 0)]) \
        if m else dl
    return [None, None, None,
            tridiagonal_solve_p.bind(dl_t, d, du_t, ct, perturb_singular=perturb_singular)]


def _tridiagonal_solve_batch(axis, args, dims, *, perturb_singular):
    dl, d, du, b = args
    if all(x is not_mapped for x in dims[:3]):
        b = moveaxis(b, dims[3], -2)
        shape = shape_of(b)
        flat = reshape(b, tuple(shape[:-3]) + (shape[-3], shape[-2] * shape[-1]))
        out = tridiagonal_solve_p.bind(dl, d, du, flat, perturb_singular=perturb_singular)
        return reshape(out, shape), len(shape) - 2
    moved = [bdim_at_front(x, dim, axis.size) for x, dim in zip(args, dims)]
    return tridiagonal_solve_p.bind(*moved, perturb_singular=perturb_singular), 0


tridiagonal_solve_p = standard(
    "tridiagonal_solve", _tridiagonal_solve_impl,
    linalg_abstract_eval("tridiagonal_solve", (1, 1, 1, 2), _tridiagonal_solve_shape),
    jvp=_tridiagonal_solve_jvp, transpose=_tridiagonal_solve_transpose,
    batch=_tridiagonal_solve_batch)


def tridiagonal_solve(dl, d, du, b, *, perturb_singular: bool = False):
    """X with A X = b for the tridiagonal A: dl[i] = A[i, i-1] (dl[0] unused), d[i] = A[i, i],
    du[i] = A[i, i+1] (du[-1] unused)."""
    return tridiagonal_solve_p.bind(dl, d, du, b, perturb_singular=bool(perturb_singular))


# --- compositions -----------------------------------------------------------------------------

def lu_solve(lu, permutation, b, trans: int = 0):
    """Solve with a packed LU: A X = b (trans 0), Aᵀ X = b (1) or Aᴴ X = b (2); lu, the
    permutation and b (..., m, k) share their batch dimensions."""
    if trans == 0:
        x = take_rows(b, permutation)
        x = triangular_solve(lu, x, left_side=True, lower=True, unit_diagonal=True)
        return triangular_solve(lu, x, left_side=True, lower=False)
    if trans not in (1, 2):
        raise ValueError(f"'trans' value must be 0, 1, or 2, got {trans}")
    conjugate = trans == 2
    x = triangular_solve(lu, b, left_side=True, lower=False, transpose_a=True,
                         conjugate_a=conjugate)
    x = triangular_solve(lu, x, left_side=True, lower=True, unit_diagonal=True,
                         transpose_a=True, conjugate_a=conjugate)
    return take_rows(x, inverse_permutation(permutation))


def solve(a, b):
    """A⁻¹ b for square a (..., n, n) and b (..., n, k) with the same batch dimensions."""
    lu_, _, permutation = lu(a)
    return lu_solve(lu_, permutation, b)


__all__ = ["lu_p", "lu_pivots_to_permutation_p", "triangular_solve_p", "tridiagonal_solve_p",
           "lu", "lu_pivots_to_permutation", "triangular_solve", "tridiagonal_solve"]
