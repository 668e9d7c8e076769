"""Shared pieces of the linear-algebra primitives (linalg.py, linalg_solve.py,
linalg_extra.py): the shape/dtype rule every one of them follows, their batch rule, the
per-matrix loop their impls run LAPACK in, and matrix helpers (transpose, product,
triangles, diagonals) built from other primitives, for the jvp rules and the API layers.

Conventions, as JAX's: an operand of rank r+k is a stack of rank-r cores with k leading
batch dimensions, and every operand of one call has the same batch dimensions. vmap moves
the mapped dimension to the front (one more batch dimension), broadcasting unbatched
operands. A factorization that fails (a matrix that is not positive definite, an
iteration that does not converge) gives NaNs for that matrix, never an exception.
"""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from .batch_util import bdim_at_front, not_mapped, shape_of
from .families import INEXACT, check_same_dtypes

_HALF = (np.dtype(np.float16), dtypes.bfloat16)


# --- abstract evaluation -----------------------------------------------------------------

def split_batch(name: str, avals, ranks, accepts=None, same_dtypes=True):
    """(batch shape, core shapes) of a linalg primitive's operands, with JAX's errors for a
    rank too small, unequal batch dimensions or a dtype the primitive does not take."""
    batches, cores = [], []
    for i, (rank, aval) in enumerate(zip(ranks, avals)):
        shape = aval.shape
        if len(shape) < rank:
            raise TypeError(f"Input {i} to {name} must have rank at least {rank}, but got "
                            f"shape={shape}")
        batches.append(shape[:len(shape) - rank])
        cores.append(shape[len(shape) - rank:])
        accepted = (accepts[i] if accepts is not None else INEXACT)
        if aval.dtype not in accepted:
            raise TypeError(f"{name} does not accept dtype {aval.dtype.name} at position {i}. "
                            f"Accepted dtypes at position {i} are subtypes of "
                            f"{accepted.names}.")
    if any(len(b) != len(batches[0]) for b in batches[1:]):
        raise TypeError(f"All inputs to {name} must have the same number of batch dimensions, "
                        f"but got {[len(b) for b in batches]} batch dimensions for the inputs.")
    if any(b != batches[0] for b in batches[1:]):
        raise TypeError(f"All inputs to {name} must have the same batch dimensions, but got "
                        f"shapes {[tuple(a.shape) for a in avals]}.")
    if same_dtypes and len(avals) > 1:
        check_same_dtypes(name, avals)
    return tuple(batches[0]), cores


def linalg_abstract_eval(name: str, ranks, shape_rule, dtype_rule=None, accepts=None,
                         multiple_results=False, same_dtypes=True):
    """abstract_eval from a rule on the core shapes (`shape_rule(*cores, **params)`: one
    core shape, or a list of them) and one on the dtypes (default: the first operand's).
    Results are weak when every operand is (integer results never are)."""
    def abstract_eval(*avals, **params):
        if len(avals) != len(ranks):
            raise TypeError(f"{name} takes {len(ranks)} operands, got {len(avals)}")
        batch, cores = split_batch(name, avals, ranks, accepts, same_dtypes)
        shapes = shape_rule(*cores, **params)
        in_dtypes = [a.dtype for a in avals]
        out_dtypes = dtype_rule(*in_dtypes, **params) if dtype_rule else \
            ([in_dtypes[0]] * len(shapes) if multiple_results else in_dtypes[0])
        weak = all(a.weak_type for a in avals)
        if multiple_results:
            return [ShapedArray(batch + tuple(s), np.dtype(d),
                                weak and dtypes.is_inexact(np.dtype(d)))
                    for s, d in zip(shapes, out_dtypes)]
        return ShapedArray(batch + tuple(shapes), np.dtype(out_dtypes), weak)
    return abstract_eval


def real_dtype(dtype):
    """float32 for complex64, float64 for complex128, the dtype itself otherwise."""
    dtype = np.dtype(dtype)
    return np.dtype(np.float32) if dtype == np.complex64 else \
        np.dtype(np.float64) if dtype == np.complex128 else dtype


def complex_dtype(dtype):
    """The complex dtype of a float dtype's precision (complex64 for float32 and below)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return dtype
    return np.dtype(np.complex128) if dtype == np.float64 else np.dtype(np.complex64)


# --- vmap -------------------------------------------------------------------------------

class _BatchToFront:
    """The batch rule of a primitive whose leading dimensions are batch dimensions: the
    mapped dimension goes to the front of every operand (unbatched ones are broadcast)."""

    def rule(self, cell):
        def batch(axis, args, dims, **params):
            prim = cell[0]
            moved = [bdim_at_front(x, d, axis.size) for x, d in zip(args, dims)]
            out = prim.bind(*moved, **params)
            return (out, [0] * len(out)) if prim.multiple_results else (out, 0)
        return batch


BATCH_TO_FRONT = _BatchToFront()


def all_unbatched_but_last(dims) -> bool:
    return all(d is not_mapped for d in dims[:-1]) and dims[-1] is not not_mapped


# --- impls --------------------------------------------------------------------------------

def check_lapack_dtype(name: str, *arrays) -> None:
    """LAPACK has no float16/bfloat16 routines: JAX fails on them too (NotImplementedError)."""
    for x in arrays:
        if x.dtype in _HALF:
            raise NotImplementedError(f"{name}: unsupported dtype {x.dtype.name} (LAPACK "
                                      "computes in float32, float64, complex64 and "
                                      "complex128).")


def per_matrix(fun, arrays, batch_ndim: int, outs):
    """Run `fun(*cores) -> tuple of core results` over the batch (an index loop: LAPACK
    takes one matrix at a time), writing into the preallocated `outs`."""
    batch = arrays[0].shape[:batch_ndim]
    for index in np.ndindex(*batch):
        results = fun(*[a[index] for a in arrays])
        for out, r in zip(outs, results):
            out[index] = r
    return outs


def nan_where(failed, *arrays):
    """Each array with the matrices whose batch index is in `failed` set to NaN."""
    out = []
    for x in arrays:
        if failed.any():
            x = np.array(x)
            x[failed] = np.nan
        out.append(x)
    return out


def scipy_linalg(what: str):
    """scipy.linalg, imported when first needed (NumPy has no such routine), or an
    ImportError naming the wax function that needs it."""
    try:
        import scipy.linalg
    except ImportError as err:  # pragma: no cover - SciPy is a dependency
        raise ImportError(f"{what} needs SciPy (scipy.linalg's LAPACK/BLAS wrappers), which "
                          "is not installed.") from err
    return scipy.linalg


def scipy_lapack(what: str):
    """scipy.linalg.lapack, imported when first needed: NumPy has no such routine."""
    return scipy_linalg(what).lapack


def lapack_routine(what: str, stem: str, dtype, real_prefix=None):
    """The LAPACK routine `stem` for `dtype` (sgetrf, dgetrf, cgetrf, zgetrf ...).
    `real_prefix` maps the complex names of routines that differ (orgqr/ungqr)."""
    lapack = scipy_lapack(what)
    prefix = {np.dtype(np.float32): "s", np.dtype(np.float64): "d",
              np.dtype(np.complex64): "c", np.dtype(np.complex128): "z"}[np.dtype(dtype)]
    if real_prefix is not None and prefix in "cz":
        stem = real_prefix
    return getattr(lapack, prefix + stem)


# --- matrix helpers on primitives (for rules and the API layers) ------------------------------

def ndim_of(x) -> int:
    return len(shape_of(x))


def mT(x):
    """The matrix transpose of a stack of matrices."""
    from .shape import transpose
    n = ndim_of(x)
    return transpose(x, tuple(range(n - 2)) + (n - 1, n - 2))


def is_complex(x) -> bool:
    from ..transforms.staging import aval_of
    return aval_of(x).dtype.kind == "c"


def dtype_of(x):
    from ..transforms.staging import aval_of
    return aval_of(x).dtype


def mH(x):
    """The conjugate transpose of a stack of matrices."""
    from .elementwise import conj
    t = mT(x)
    return conj(t) if is_complex(t) else t


def matmul(a, b):
    """a @ b for stacks of matrices with equal batch shapes."""
    from .contractions import dot_general
    n = ndim_of(a)
    batch = tuple(range(n - 2))
    return dot_general(a, b, (((n - 1,), (n - 2,)), (batch, batch)))


def _constant(buf, weak=False):
    """A host constant (a read-only NumPy buffer, possibly a broadcast view) as an Array:
    masks and identities cost no primitive call, eager or staged."""
    from ..core.array import ArrayImpl
    buf = np.asarray(buf)
    if buf.flags.writeable:
        buf = buf.view()
        buf.flags.writeable = False
    return ArrayImpl(buf, weak)


def core_mask(shape, keep):
    """A bool Array of `shape`, True at (i, j) of each core where keep(i, j) holds (keep
    gets NumPy index grids)."""
    shape = tuple(shape)
    rows = np.arange(shape[-2])[:, None]
    cols = np.arange(shape[-1])[None, :]
    return _constant(np.broadcast_to(keep(rows, cols), shape))


def _zeros_like(x):
    from ..transforms.staging import aval_of
    aval = aval_of(x)
    return _constant(np.broadcast_to(np.zeros((), aval.dtype), aval.shape), aval.weak_type)


def _select_mask(x, keep):
    from .elementwise import select_n
    return select_n(core_mask(shape_of(x), keep), _zeros_like(x), x)


def tril(x, k: int = 0):
    """The lower triangle of each matrix (on and below diagonal k), zeros elsewhere."""
    return _select_mask(x, lambda r, c: r + k >= c)


def triu(x, k: int = 0):
    """The upper triangle of each matrix (on and above diagonal k), zeros elsewhere."""
    return _select_mask(x, lambda r, c: r + k <= c)


def eye(dtype, shape):
    """Identity matrices of `shape` (batch dims allowed; rectangular: ones on the diagonal)."""
    shape = tuple(shape)
    return _constant(np.broadcast_to(np.eye(shape[-2], shape[-1], dtype=np.dtype(dtype)),
                                     shape))


def diag_part(x):
    """The main diagonal of each (m, n) matrix: shape (..., min(m, n)), read with a reshape
    and a strided slice (no arithmetic, so infinities elsewhere are harmless)."""
    from .indexing import slice as lax_slice
    from .shape import reshape
    shape = tuple(shape_of(x))
    m, n = shape[-2:]
    k = min(m, n)
    batch = shape[:-2]
    if k == 0:
        return reshape(lax_slice(x, (0,) * len(shape), batch + (0, 0)), batch + (0,))
    flat = reshape(x, batch + (m * n,))
    return lax_slice(flat, (0,) * (len(batch) + 1), batch + ((k - 1) * (n + 1) + 1,),
                     (1,) * len(batch) + (n + 1,))


def diag_matrix(v, m: int | None = None):
    """Square matrices (..., k, k) (or (..., m, k) for a given m) with v on the diagonal."""
    from .elementwise import select_n
    from .shape import broadcast_in_dim
    shape = shape_of(v)
    k = shape[-1]
    rows = k if m is None else m
    out_shape = tuple(shape[:-1]) + (rows, k)
    n = len(out_shape)
    spread = broadcast_in_dim(v, out_shape, tuple(range(n - 2)) + (n - 1,))
    return select_n(core_mask(out_shape, lambda r, c: r == c), _zeros_like(spread), spread)


def symmetrize(x):
    """(x + x^H) / 2."""
    from .elementwise import add, div
    return div(add(x, mH(x)), np.array(2, dtype_of(x)))


def take_rows(x, indices):
    """x[..., indices[..., i], :] for each row i: indices has x's batch shape plus one
    dimension (a gather, linear in x)."""
    from .gather_scatter import GatherDimensionNumbers, gather
    from .shape import broadcast_in_dim
    shape = shape_of(x)
    n = len(shape)
    if 0 in shape:
        from .shape import full_like
        return full_like(x, 0, shape=tuple(shape_of(indices)) + (shape[-1],))
    batch = tuple(range(n - 2))
    idx_shape = tuple(shape_of(indices)) + (1,)
    idx = broadcast_in_dim(indices, idx_shape, tuple(range(n - 1)))
    dnums = GatherDimensionNumbers(offset_dims=(n - 1,), collapsed_slice_dims=(n - 2,),
                                   start_index_map=(n - 2,), operand_batching_dims=batch,
                                   start_indices_batching_dims=batch)
    return gather(x, idx, dnums, (1,) * (n - 2) + (1, shape[-1]), indices_are_sorted=False,
                  unique_indices=False, mode="promise_in_bounds")


def inverse_permutation(perm):
    """The inverse of each permutation along the last axis (a scatter of an iota)."""
    from .elementwise import convert_element_type
    from .shape import broadcasted_iota
    shape = shape_of(perm)
    iota = broadcasted_iota(np.int32, shape, len(shape) - 1)
    from .sorting import sort_key_val
    _, inverse = sort_key_val(convert_element_type(perm, np.int32), iota, dimension=-1)
    return inverse
