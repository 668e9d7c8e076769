"""Op records for the shape/structure primitives and sorting (wax/primitives/shape.py and
sorting.py), checked against NumPy: broadcast_to, reshape, transpose, squeeze, flip, a
hand-written padding reference (NumPy's pad knows no interior padding), concatenate,
arange, split, tile, stable sort/argsort and lexsort."""
import numpy as np

from wax import lax

from . import OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int32, uint32

# One of each kind, the narrow and the unusual ones included.
DTYPES = [bool_, int8, uint32, float16, bfloat16, float32, complex64]
NUMBERS = [d for d in DTYPES if d != bool_]  # iota accepts no bool
REALS = [d for d in DTYPES if d != complex64]  # top_k accepts no complex


def _exact(name, op, ref, nargs=1, dtypes=DTYPES, **kwargs):
    return OpRecord(name, op, ref, nargs, dtypes, exact=True, **kwargs)


# --- references ------------------------------------------------------------------------

def broadcast_in_dim_ref(x, shape, dims):
    missing = tuple(i for i in range(len(shape)) if i not in dims)
    return np.broadcast_to(np.expand_dims(x, missing), shape)


def pad_ref(x, value, config):
    """Pad one axis at a time: spread the elements `interior` apart, then add (or for
    negative widths, cut) the edges."""
    x = np.asarray(x)
    for axis, (lo, hi, interior) in enumerate(config):
        moved = np.moveaxis(x, axis, 0)
        n = moved.shape[0]
        spread = np.full(((n - 1) * (interior + 1) + 1 if n else 0,) + moved.shape[1:], value,
                         x.dtype)
        spread[::interior + 1] = moved
        edge = lambda k: np.full((k,) + moved.shape[1:], value, x.dtype)
        spread = np.concatenate([edge(max(lo, 0)), spread, edge(max(hi, 0))])
        spread = spread[max(-lo, 0):len(spread) - max(-hi, 0)]
        x = np.moveaxis(spread, 0, axis)
    return x


PAD_CONFIGS = {0: (), 1: ((2, -1, 1),), 2: ((1, -1, 2), (-1, 2, 0))}


def _sort_order_keys(x):
    """JAX's sort order as lexsort keys (primary last): complex numbers compare by
    (real, imag), each with NaN last (NumPy's own complex sort puts any NaN last)."""
    if x.dtype.kind == "c":
        return [x.imag, x.real]
    return [x]


def sort_ref(*xs, dimension=-1, num_keys=1):
    keys = [k for x in reversed(xs[:num_keys]) for k in _sort_order_keys(x)]
    order = np.lexsort(keys, axis=dimension)
    return tuple(np.take_along_axis(x, order, axis=dimension) for x in xs)


def top_k_ref(x, k):
    """Largest first along the last axis, NaN largest, ties in index order."""
    x = np.asarray(x)
    rows = x.reshape(-1, x.shape[-1])
    out_v, out_i = [], []
    for row in rows:
        key = row.astype(np.float64)  # exact for every input dtype used here
        finite = np.where(np.isnan(key), 0.0, key)
        order = np.lexsort((np.arange(len(row)), -finite, ~np.isnan(key)))[:k]
        out_v.append(row[order])
        out_i.append(order)
    shape = x.shape[:-1] + (k,)
    return (np.array(out_v).reshape(shape),
            np.array(out_i, np.int32).reshape(shape))


def rand_sort(shape, dtype, rng):
    """Many ties, NaNs, infinities and signed zeros; int32 gives distinct values (a
    permutation), so a sort's carried operand shows whether ties kept their order."""
    size = int(np.prod(shape))
    if dtype == int32:
        return (rng.permutation(size) - size // 2).reshape(shape).astype(dtype)
    if dtype == bool_:
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        return rng.integers(0 if dtype.kind == "u" else -3, 4, size=shape).astype(dtype)
    special = np.array([np.nan, -np.inf, np.inf, -0.0, 0.0, 1.5, -2.0, 1.5, 3.0, -2.0])
    if dtype == bfloat16:
        # np.testing sees no NaN in bfloat16 arrays (the jit-vs-eager check compares them
        # unconverted), so bfloat16 NaNs are tested in tests/primitives/test_shape.py.
        special = special[1:]
    values = rng.choice(special, size=shape)
    if dtype.kind == "c":
        real, values = values, np.empty(shape, np.complex128)
        values.real, values.imag = real, rng.choice(special, size=shape)
    return values.astype(dtype)


# --- the records -----------------------------------------------------------------------

RECORDS = [
    # broadcast_in_dim and its wrappers
    _exact("broadcast_in_dim_scalar", lambda x: lax.broadcast_in_dim(x, (2, 3), ()),
           lambda x: broadcast_in_dim_ref(x, (2, 3), ()), shapes=[()]),
    _exact("broadcast_in_dim_vector", lambda x: lax.broadcast_in_dim(x, (2, 3), (1,)),
           lambda x: broadcast_in_dim_ref(x, (2, 3), (1,)), shapes=[(3,)]),
    _exact("broadcast_in_dim_size1", lambda x: lax.broadcast_in_dim(x, (2, 4, 3), (0, 2)),
           lambda x: broadcast_in_dim_ref(x, (2, 4, 3), (0, 2)), shapes=[(2, 1), (1, 3)]),
    _exact("broadcast_in_dim_empty", lambda x: lax.broadcast_in_dim(x, (0, 2, 3), (0, 2)),
           lambda x: broadcast_in_dim_ref(x, (0, 2, 3), (0, 2)), shapes=[(0, 1)],
           dtypes=[bool_, float32]),
    _exact("broadcast", lambda x: lax.broadcast(x, (2,)),
           lambda x: np.broadcast_to(x, (2,) + x.shape), shapes=[(), (2, 3)]),
    _exact("broadcast_to_rank", lambda x: lax.broadcast_to_rank(x, 3),
           lambda x: x.reshape((1,) * (3 - x.ndim) + x.shape), shapes=[(), (3,)],
           dtypes=[int8, bfloat16]),
    _exact("expand_dims", lambda x: lax.expand_dims(x, (0, -1)),
           lambda x: np.expand_dims(x, (0, -1)), shapes=[(), (3,), (2, 3)]),
    # reshape, collapse, transpose, squeeze, rev
    _exact("reshape", lambda x: lax.reshape(x, (3, 2)), lambda x: x.reshape(3, 2),
           shapes=[(2, 3), (6,)]),
    _exact("reshape_scalar", lambda x: lax.reshape(x, (1, 1)), lambda x: x.reshape(1, 1),
           shapes=[()], dtypes=[bool_, float16, complex64]),
    _exact("reshape_empty", lambda x: lax.reshape(x, (3, 0, 2)), lambda x: x.reshape(3, 0, 2),
           shapes=[(0, 3)], dtypes=[uint32, float32]),
    _exact("reshape_dimensions", lambda x: lax.reshape(x, (6,), dimensions=(1, 0)),
           lambda x: x.T.reshape(6), shapes=[(2, 3)]),
    _exact("collapse", lambda x: lax.collapse(x, 1), lambda x: x.reshape(x.shape[0], -1),
           shapes=[(2, 3, 4)], dtypes=[int8, float32, complex64]),
    _exact("transpose", lambda x: lax.transpose(x, (2, 0, 1)),
           lambda x: np.transpose(x, (2, 0, 1)), shapes=[(2, 3, 4), (0, 2, 1)]),
    _exact("squeeze", lambda x: lax.squeeze(x, (0, -1)), lambda x: np.squeeze(x, (0, -1)),
           shapes=[(1, 3, 1), (1, 1)]),
    _exact("rev", lambda x: lax.rev(x, tuple(range(x.ndim))), lambda x: np.flip(x),
           shapes=[(), (4,), (2, 3)]),
    _exact("rev_one_axis", lambda x: lax.rev(x, (1,)), lambda x: np.flip(x, 1),
           shapes=[(2, 3), (2, 0)], dtypes=[bool_, bfloat16]),
    # pad (edges, negative edges, interior), concatenate, split, tile, stack, unstack
    _exact("pad", lambda x, v: lax.pad(x, v, PAD_CONFIGS[x.ndim]),
           lambda x, v: pad_ref(x, v, PAD_CONFIGS[x.ndim]), nargs=2,
           shapes=[((2, 3), ()), ((4,), ()), ((), ()), ((0, 2), ())]),
    _exact("concatenate", lambda *xs: lax.concatenate(xs, 1),
           lambda *xs: np.concatenate(xs, 1), nargs=2, shapes=[((2, 3), (2, 1)),
                                                               ((0, 3), (0, 2))]),
    _exact("concatenate3", lambda *xs: lax.concatenate(xs, 0),
           lambda *xs: np.concatenate(xs, 0), nargs=3, shapes=[((3,), (1,), (0,))]),
    _exact("split", lambda x: lax.split(x, (2, 0, 3), axis=0),
           lambda x: np.split(x, [2, 2], 0), shapes=[(5, 3)]),
    _exact("tile", lambda x: lax.tile(x, (2,) * x.ndim), lambda x: np.tile(x, (2,) * x.ndim),
           shapes=[(), (2, 3)], dtypes=[bool_, int8, float32, complex64]),
    _exact("stack", lambda *xs: lax.stack(xs, axis=1), lambda *xs: np.stack(xs, 1), nargs=2,
           shapes=[((2, 3), (2, 3))], dtypes=[uint32, float16]),
    _exact("unstack", lambda x: lax.unstack(x, 1), lambda x: tuple(np.moveaxis(x, 1, 0)),
           shapes=[(2, 3)], dtypes=[int8, float32]),
    # iota and full: the input array only carries the dtype
    _exact("iota", lambda x: lax.iota(x.dtype, 5), lambda x: np.arange(5).astype(x.dtype),
           shapes=[()], dtypes=NUMBERS),
    _exact("broadcasted_iota", lambda x: lax.broadcasted_iota(x.dtype, (2, 3, 4), 1),
           lambda x: np.broadcast_to(np.arange(3).reshape(3, 1), (2, 3, 4)).astype(x.dtype),
           shapes=[()], dtypes=NUMBERS),
    _exact("full", lambda x: lax.full((2, 3), x), lambda x: np.full((2, 3), x),
           shapes=[()]),
    _exact("full_dtype", lambda x: lax.full((3,), 2, x.dtype),
           lambda x: np.full((3,), 2).astype(x.dtype), shapes=[()]),
    _exact("full_like", lambda x: lax.full_like(x, 1), lambda x: np.ones_like(x),
           shapes=[(), (2, 3)]),
    _exact("full_like_shape", lambda x: lax.full_like(x, 0, shape=(0, 2)),
           lambda x: np.zeros((0, 2), x.dtype), shapes=[(3,)], dtypes=[int8, float32]),
    # sorting: ties, NaNs, infinities and signed zeros in every float input
    _exact("sort", lambda x: lax.sort(x), lambda x: sort_ref(x)[0], shapes=[(9,), (3, 5), (0,)],
           rng=rand_sort),
    # jvp=False for the rand_sort records: their inputs are NaNs, infinities and ties on
    # purpose, where a sort has no derivative (a tie's order flips under any perturbation);
    # the *_distinct records below check the derivative at distinct finite values.
    _exact("sort_dim0", lambda x: lax.sort(x, dimension=0),
           lambda x: sort_ref(x, dimension=0)[0], shapes=[(6, 3)], rng=rand_sort, jvp=False),
    _exact("sort_key_val", lambda k, v: lax.sort_key_val(k, v), sort_ref, nargs=2,
           shapes=[((12,), (12,)), ((3, 6), (3, 6))], rng=rand_sort,
           dtypes=[(d, int32) for d in DTYPES if d != int32], out_dtype=lambda *d: d),
    _exact("sort_num_keys2", lambda a, b, c: lax.sort((a, b, c), num_keys=2),
           lambda a, b, c: sort_ref(a, b, c, num_keys=2), nargs=3, shapes=[((16,),) * 3],
           rng=rand_sort, out_dtype=lambda *d: d,
           dtypes=[(int8, float32, int32), (bool_, bfloat16, int32), (uint32, complex64, int32),
                   (float16, int8, int32)]),
    _exact("top_k", lambda x: lax.top_k(x, 3), lambda x: top_k_ref(x, 3),
           shapes=[(7,), (3, 6)], dtypes=REALS, rng=rand_sort,
           out_dtype=lambda d: (d, int32), jvp=False),
    # distinct finite values (rand_default), where sorting is differentiable: the tangents
    # follow the sort's permutation
    _exact("sort_distinct", lambda x: lax.sort(x, dimension=0),
           lambda x: sort_ref(x, dimension=0)[0], shapes=[(5, 3)], dtypes=[int8, float32]),
    _exact("sort_key_val_distinct", lambda k, v: lax.sort_key_val(k, v), sort_ref, nargs=2,
           shapes=[((3, 6), (3, 6))], dtypes=[float32], out_dtype=lambda *d: d),
    _exact("sort_num_keys2_distinct", lambda a, b, c: lax.sort((a, b, c), num_keys=2),
           lambda a, b, c: sort_ref(a, b, c, num_keys=2), nargs=3, shapes=[((8,),) * 3],
           dtypes=[float32], out_dtype=lambda *d: d),
    _exact("top_k_distinct", lambda x: lax.top_k(x, 3), lambda x: top_k_ref(x, 3),
           shapes=[(3, 6)], dtypes=[float32], out_dtype=lambda d: (d, int32)),
]
