"""Op records for wax.numpy's reductions (reductions.py), over several axis, keepdims,
where, initial and dtype combinations (each combination is one record: its `params`).

Expected dtypes are JAX's (x64 off), written by hand: sum and prod of bools and narrow
integers give int32 (uint32 for unsigned), mean/var/std of integers give float32, var and
std of complex64 give float32, argmax gives int32, all/any give bool, and cumsum keeps
the input's integer dtype (bools count as int32) while cumulative_sum widens as sum does.
"""
import warnings

import numpy as np

import wax.numpy as jnp
from wax.numpy import reductions as _reductions

from . import (OpRecord, bfloat16, bool_, complex64, float16, float32, int8, int16, int32,
               rand_int_small, rand_positive, real_of, to, uint8, uint32)
from . import float_of as _float_of


def _fn(name):
    found = getattr(jnp, name, None)
    return found if found is not None else getattr(_reductions, name)


# A fixed mask for `where`, broadcast over the leading axis of a (2, 3, 4) operand.
MASK = np.array([[True, False, True, True], [False, False, True, False],
                 [True, True, True, False]])
WEIGHTS = np.array([0.5, 1.0, 2.0], np.float32)
S3 = [(2, 3, 4)]
S2 = [(2, 3)]


def sum_dtype(dtype):
    """JAX's sum/prod dtype: bools and narrow ints widen to the default (u)int."""
    if dtype == bool_ or dtype in (int8, int16):
        return int32
    if dtype == uint8:
        return uint32
    return dtype


def float_of(dtype):
    return _float_of(dtype)


def var_dtype(dtype):
    return real_of(_float_of(dtype))


def cumsum_dtype(dtype):
    return int32 if dtype == bool_ else dtype


def _quiet(np_fn):
    """np_fn without NumPy's warnings (empty slices give NaN, as wax's do, silently)."""
    def ref(*args, **kw):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np_fn(*args, **kw)
    return ref


def _records(name, np_fn, dtypes, combos, shapes=S3, out_dtype=None, **kw):
    """One record per params combination: the name gets the params as a suffix."""
    np_fn = _quiet(np_fn)
    records = []
    for params in combos:
        suffix = ",".join(f"{k}={'mask' if k == 'where' else v}" for k, v in params.items())
        records.append(OpRecord(f"{name}-{suffix}" if suffix else name, _fn(name), np_fn, 1,
                                dtypes, shapes=shapes, out_dtype=out_dtype, params=params,
                                **kw))
    return records


def rand_nans(shape, dtype, rng):
    """Values in [-3, 3) with NaNs, including a slice that is all NaN along each axis
    (integers have no NaN: small integers)."""
    if dtype.kind in "iu":
        return rng.integers(-5, 6, size=shape).astype(dtype)
    x = rng.uniform(-3, 3, size=shape)
    x[rng.random(shape) < 0.3] = np.nan
    x[(0,) * (len(shape) - 1)] = np.nan
    return x.astype(dtype)


def _on_floats(np_fn):
    """np_fn with integer and bool inputs cast to float64 (as JAX computes in float)."""
    def ref(x, **kw):
        return np_fn(x.astype(np.float64) if x.dtype.kind in "iub" else x, **kw)
    return ref


RECORDS = [
    *_records("sum", np.sum, [float32, float16, bfloat16, int32, int8, uint8, bool_,
                              complex64], [{}], out_dtype=sum_dtype),
    *_records("sum", np.sum, [float32, int8, bool_],
              [{"axis": 1}, {"axis": (0, 2), "keepdims": True}, {"axis": -1, "where": MASK},
               {"initial": 2}], out_dtype=sum_dtype),
    *_records("sum", np.sum, [int8, bool_], [{"axis": 0, "dtype": float32}],
              out_dtype=to(float32)),
    *_records("sum", np.sum, [float16, uint8], [{"axis": (2, 1), "where": MASK}],
              out_dtype=sum_dtype),
    *_records("prod", np.prod, [float32, bfloat16, int8, bool_],
              [{}, {"axis": 0, "keepdims": True}, {"where": MASK[0]}], shapes=[(2, 3, 4)],
              rng=rand_positive, out_dtype=sum_dtype),
    *_records("max", np.max, [float32, bfloat16, int8, uint8, bool_],
              [{}, {"axis": 1, "keepdims": True}, {"axis": 0, "initial": 1, "where": MASK}]),
    *_records("min", np.min, [float32, int32, bool_],
              [{}, {"axis": (0, 1)}, {"initial": 0, "where": MASK}]),
    *_records("amax", np.amax, [float16], [{"axis": -1}]),
    *_records("amin", np.amin, [uint8], [{"axis": -2, "keepdims": True}]),
    *_records("all", np.all, [bool_, float32, int8],
              [{}, {"axis": 0}, {"axis": (1, 2), "where": MASK, "keepdims": True}],
              rng=rand_int_small, out_dtype=to(bool_)),
    *_records("any", np.any, [bool_, float32, complex64],
              [{}, {"axis": -1}, {"where": MASK}], rng=rand_int_small, out_dtype=to(bool_)),
    *_records("mean", _on_floats(np.mean), [float32, float16, bfloat16, int32, uint8, bool_,
                                            complex64], [{}], out_dtype=float_of),
    *_records("mean", _on_floats(np.mean), [float32, int32],
              [{"axis": 1}, {"axis": (0, 2), "keepdims": True}, {"where": MASK},
               {"axis": 0, "where": MASK, "keepdims": True}], out_dtype=float_of),
    *_records("mean", np.mean, [int32], [{"axis": 1, "dtype": float16}],
              out_dtype=to(float16), tol=2e-3),
    *_records("var", _on_floats(np.var), [float32, float16, int32, complex64],
              [{}, {"axis": 1, "ddof": 1}, {"axis": (0, 2), "correction": 1}],
              out_dtype=var_dtype),
    # jvp=False: MASK leaves some columns empty, whose variance is NaN; JAX's tangent there
    # is 0 (wax's matches it), which no central difference of a NaN can confirm.
    *_records("var", _on_floats(np.var), [float32, float16, int32, complex64],
              [{"axis": 0, "keepdims": True, "where": MASK}], out_dtype=var_dtype, jvp=False),
    *_records("std", _on_floats(np.std), [float32, bfloat16, int8, complex64],
              [{}, {"axis": -1, "ddof": 1, "keepdims": True}, {"where": MASK}],
              out_dtype=var_dtype),
    *_records("ptp", np.ptp, [float32, int8, uint8], [{}, {"axis": 1, "keepdims": True}]),
    *_records("count_nonzero", np.count_nonzero, [float32, int8, bool_, complex64],
              [{}, {"axis": 1}, {"axis": (0, 1), "keepdims": True}], rng=rand_int_small,
              out_dtype=to(int32)),
    *_records("average", _on_floats(np.average), [float32, int32, float16],
              [{}, {"axis": (0, 2), "keepdims": True}], out_dtype=float_of),
    # float32 weights promote the result to float32
    *_records("average", _on_floats(np.average), [int32, float16],
              [{"axis": 1, "weights": WEIGHTS}], out_dtype=to(float32)),
    *_records("average", _on_floats(np.average), [float32, int8],
              [{"weights": np.ones((2, 3, 4), np.float32), "returned": True}],
              out_dtype=lambda d: (float_of(d), float_of(d))),
    *_records("argmax", np.argmax, [float32, bfloat16, int8, uint8, bool_],
              [{}, {"axis": 1}, {"axis": -1, "keepdims": True}], out_dtype=to(int32)),
    *_records("argmin", np.argmin, [float32, int32, bool_],
              [{}, {"axis": 0}, {"keepdims": True}], out_dtype=to(int32)),
    *_records("cumsum", np.cumsum, [float32, float16, int8, uint8, bool_],
              [{}, {"axis": 1}], shapes=S2, out_dtype=cumsum_dtype, tol=1e-2),
    *_records("cumsum", np.cumsum, [int8, bool_], [{"axis": -1, "dtype": float32}],
              shapes=S2, out_dtype=to(float32)),
    *_records("cumprod", np.cumprod, [float32, int8, bool_], [{}, {"axis": 0}], shapes=S2,
              out_dtype=cumsum_dtype),
    *_records("cumulative_sum", np.cumulative_sum, [float32, int8, uint8, bool_],
              [{"axis": 1}, {"axis": 0, "include_initial": True}], shapes=S2,
              out_dtype=sum_dtype),
    *_records("cumulative_prod", np.cumulative_prod, [float32, int8],
              [{"axis": 1, "include_initial": True}], shapes=S2, out_dtype=cumsum_dtype),

    # NaN-ignoring variants (on integers they are the plain reductions)
    *_records("nansum", np.nansum, [float32, bfloat16], [{}, {"axis": 1, "keepdims": True}],
              rng=rand_nans),
    *_records("nansum", np.nansum, [int8], [{"axis": 0}], out_dtype=sum_dtype),
    *_records("nanprod", np.nanprod, [float32], [{}, {"axis": -1}], rng=rand_nans),
    *_records("nanmax", np.nanmax, [float32, int32], [{}], rng=rand_nans),
    # jvp=False for the per-axis NaN-ignoring reductions below: rand_nans makes one slice
    # all NaN, whose result is NaN while JAX's tangent there is 0 (or, for nanstd, a
    # one-element slice has std 0, where sqrt's tangent is NaN as in JAX): a central
    # difference cannot check those places. wax's tangents elsewhere match JAX's.
    *_records("nanmax", np.nanmax, [float32, int32], [{"axis": 2}], rng=rand_nans, jvp=False),
    *_records("nanmin", np.nanmin, [float32], [{"axis": (0, 1), "keepdims": True}],
              rng=rand_nans),
    *_records("nanmean", _on_floats(np.nanmean), [float32, float16, int32],
              [{}, {"axis": 1}], rng=rand_nans, out_dtype=float_of),
    *_records("nanvar", _on_floats(np.nanvar), [float32, int8], [{}], rng=rand_nans,
              out_dtype=var_dtype),
    *_records("nanvar", _on_floats(np.nanvar), [float32, int8],
              [{"axis": 2, "ddof": 1, "keepdims": True}], rng=rand_nans, out_dtype=var_dtype,
              jvp=False),
    *_records("nanstd", _on_floats(np.nanstd), [float32], [{"axis": 0}], rng=rand_nans,
              jvp=False),
    *_records("nancumsum", np.nancumsum, [float32, int8], [{}, {"axis": 1}], shapes=S2,
              rng=rand_nans),
    *_records("nancumprod", np.nancumprod, [float32], [{"axis": 0}], shapes=S2,
              rng=rand_nans),
    *_records("nanargmax", np.nanargmax, [float32, int8], [{"axis": 1}],
              out_dtype=to(int32)),
    *_records("nanargmin", np.nanargmin, [float32], [{}, {"axis": 0, "keepdims": True}],
              out_dtype=to(int32)),

    # quantiles (JAX's "nearest" breaks exact ties downwards, NumPy to even: no ties here)
    *_records("median", _on_floats(np.median), [float32, int32],
              [{}, {"axis": 1}, {"axis": (0, 2), "keepdims": True}], out_dtype=float_of),
    # jvp=False: an all-NaN slice (see nanmax above). There JAX's tangent is 0 and wax's is
    # one element's tangent (nanmedian/nanquantile pick it after a sort; the value is NaN).
    *_records("nanmedian", np.nanmedian, [float32], [{"axis": -1}], rng=rand_nans,
              jvp=False),
    *_records("quantile", _on_floats(np.quantile), [float32, int8],
              [{"q": np.float32(0.3)}, {"q": np.array([0.2, 0.9], np.float32), "axis": 1},
               {"q": np.array([0.25, 0.6], np.float32), "axis": 0, "method": "nearest",
                "keepdims": True}], out_dtype=float_of),
    *_records("quantile", np.quantile, [float32],
              [{"q": np.float32(0.4), "axis": 2, "method": m}
               for m in ("lower", "higher", "midpoint")]),
    # jvp=False: an all-NaN slice (see nanmedian above).
    *_records("nanquantile", np.nanquantile, [float32],
              [{"q": np.array([0.1, 0.7], np.float32), "axis": 1}], rng=rand_nans, jvp=False),
    *_records("percentile", _on_floats(np.percentile), [float32, uint8],
              [{"q": np.float32(37.0), "axis": 1}], out_dtype=float_of),
    *_records("nanpercentile", np.nanpercentile, [float32],
              [{"q": np.float32(80.0)}], rng=rand_nans),
]
