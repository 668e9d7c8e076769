"""The checks every op record gets: values against NumPy with JAX's dtype, weak_type and
shape; abstract_eval (via make_jaxpr) agreeing with the eager result; jit against eager."""
import functools
import importlib
import pkgutil
import zlib

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from records import OpRecord, bfloat16, float16

RECORDS: list[OpRecord] = []
for info in pkgutil.iter_modules(importlib.import_module("records").__path__):
    RECORDS.extend(importlib.import_module(f"records.{info.name}").RECORDS)

TOLERANCE = {np.dtype("float32"): 2e-5, np.dtype("complex64"): 2e-5, float16: 2e-3,
             bfloat16: 2e-2, np.dtype("float64"): 1e-12, np.dtype("complex128"): 1e-12}


def _dtype_tuple(entry, nargs):
    return tuple(entry) if isinstance(entry, (tuple, list)) else (np.dtype(entry),) * nargs


def _cases():
    for rec in RECORDS:
        for shapes in rec.shapes:
            for entry in rec.dtypes:
                dts = _dtype_tuple(entry, rec.nargs)
                name = f"{rec.name}-{'x'.join(map(str, shapes))}-{'.'.join(d.name for d in dts)}"
                yield pytest.param(rec, shapes, dts, id=name.replace(" ", ""))


CASES = list(_cases())


def _inputs(rec, shapes, dts):
    rng = np.random.default_rng(zlib.crc32(f"{rec.name}{shapes}{dts}".encode()))
    return [rec.rng(shape, dt, rng) for shape, dt in zip(shapes, dts)]


def _upcast(x):
    x = np.asarray(x)
    if x.dtype.kind == "c":
        return x.astype(np.complex128)
    if x.dtype.kind == "f" or x.dtype == bfloat16:
        return x.astype(np.float64)
    return x


def _leaves(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


@pytest.mark.parametrize("rec,shapes,dts", CASES)
def test_values(rec, shapes, dts):
    args_np = _inputs(rec, shapes, dts)
    args = [jnp.asarray(a) for a in args_np]
    outs = _leaves(rec.op(*args, **rec.params))
    refs = _leaves(rec.ref(*(a if rec.ref_same_dtype else _upcast(a) for a in args_np),
                           **rec.params))
    assert len(outs) == len(refs)
    expected_dtypes = _leaves(rec.out_dtype(*dts)) if rec.out_dtype else [dts[0]] * len(outs)
    for out, ref, dtype in zip(outs, refs, expected_dtypes):
        ref = np.asarray(ref)
        assert isinstance(out, wax.Array)
        assert out.dtype == dtype, f"dtype {out.dtype} != JAX's {dtype}"
        assert out.weak_type is False
        assert out.shape == ref.shape
        tol = rec.tol if rec.tol is not None else TOLERANCE.get(np.dtype(dtype), 0)
        got = _upcast(np.asarray(out))
        if tol == 0 or rec.exact:
            np.testing.assert_array_equal(got, ref.astype(got.dtype))
        else:
            np.testing.assert_allclose(got, ref, rtol=tol, atol=tol, equal_nan=True)


@pytest.mark.parametrize("rec,shapes,dts", CASES)
def test_abstract_eval_and_jit_agree_with_eager(rec, shapes, dts):
    args = [jnp.asarray(a) for a in _inputs(rec, shapes, dts)]
    fun = functools.partial(rec.op, **rec.params)
    eager = _leaves(fun(*args))
    closed = wax.make_jaxpr(fun)(*args)
    assert [a for a in closed.out_avals] == [o.aval for o in eager]
    jitted = _leaves(wax.jit(fun)(*args))
    for e, j in zip(eager, jitted):
        assert j.aval == e.aval
        np.testing.assert_array_equal(_upcast(j), _upcast(e))


def _jvp_cases():
    for rec in RECORDS:
        if not rec.jvp:
            continue
        for entry in rec.dtypes:
            dts = _dtype_tuple(entry, rec.nargs)
            if all(np.dtype(d) == np.dtype("float32") for d in dts):
                shapes = rec.shapes[-1]
                yield pytest.param(rec, shapes, dts, id=f"{rec.name}-{'x'.join(map(str, shapes))}")
                break


@pytest.mark.parametrize("rec,shapes,dts", list(_jvp_cases()))
def test_jvp_against_finite_differences(rec, shapes, dts):
    """Forward mode to order 2 in float64 along a random direction (check_grads)."""
    _check_grads_float64(rec, shapes, dts, "fwd")


@pytest.mark.parametrize("rec,shapes,dts", list(_jvp_cases()))
def test_vjp_against_finite_differences(rec, shapes, dts):
    """Reverse mode to order 2 in float64: <u, J^T v> against <J u, v>, J u a central
    difference."""
    _check_grads_float64(rec, shapes, dts, "rev")


def _check_grads_float64(rec, shapes, dts, mode):
    from wax.test_util import check_grads
    with wax.enable_x64():
        args = [np.asarray(a, np.float64) for a in _inputs(rec, shapes, dts)]
        fun = functools.partial(rec.op, **rec.params)
        check_grads(fun, args, order=rec.grad_order, modes=(mode,), atol=rec.jvp_tol,
                    rtol=rec.jvp_tol)


@pytest.mark.parametrize("rec,shapes,dts", list(_jvp_cases()))
def test_grads_in_float32(rec, shapes, dts):
    """Both modes to order 2 in float32 (x64 off), where rounding is JAX's: check_grads
    picks float32's step and tolerances, so a rule that loses precision (or computes in
    the wrong dtype) shows up here rather than in float64."""
    from wax.test_util import check_grads
    args = [jnp.asarray(a) for a in _inputs(rec, shapes, dts)]
    fun = functools.partial(rec.op, **rec.params)
    tol = rec.grad_tol_f32
    check_grads(fun, args, order=rec.grad_order, modes=("fwd", "rev"), atol=tol, rtol=tol,
                eps=1e-3)


# --- vmap against a Python loop ----------------------------------------------------------

BATCH = 3


def _vmap_cases():
    for rec in RECORDS:
        if rec.nargs == 0:
            continue
        dts = _dtype_tuple(rec.dtypes[0], rec.nargs)
        for k, shapes in enumerate(rec.shapes):
            name = f"{rec.name}-{'x'.join(map(str, shapes))}-{'.'.join(d.name for d in dts)}"
            yield pytest.param(rec, shapes, dts, k, id=name.replace(" ", ""))


def _in_axes(shapes, k):
    """A different mix of leading, trailing and unmapped axes per case (never all None)."""
    axes = []
    for i, shape in enumerate(shapes):
        choice = (k + i) % 3
        axes.append(0 if choice == 0 else None if choice == 2 else
                    (-1 if len(shape) else 0))
    if all(a is None for a in axes):
        axes[0] = 0
    return tuple(axes)


@pytest.mark.parametrize("rec,shapes,dts,k", list(_vmap_cases()))
def test_vmap_against_loop(rec, shapes, dts, k):
    """vmap(op) with in_axes mixing 0, -1 and None (and out_axes -1 on every other case)
    equals stacking op's per-example results, with the same dtype and weak type."""
    in_axes = _in_axes(shapes, k)
    out_axis = -1 if k % 2 else 0
    rng = np.random.default_rng(zlib.crc32(f"vmap{rec.name}{shapes}{dts}".encode()))
    examples = [[rec.rng(shape, dt, rng) for shape, dt in zip(shapes, dts)]
                for _ in range(BATCH)]
    for i, axis in enumerate(in_axes):  # an unmapped argument is the same in every example
        if axis is None:
            for ex in examples[1:]:
                ex[i] = examples[0][i]
    batched_args = [jnp.asarray(examples[0][i]) if axis is None else
                    jnp.asarray(np.stack([ex[i] for ex in examples], axis=axis))
                    for i, axis in enumerate(in_axes)]
    fun = functools.partial(rec.op, **rec.params)
    per_example = [_leaves(fun(*[jnp.asarray(a) for a in ex])) for ex in examples]
    got = _leaves(wax.vmap(fun, in_axes=in_axes, out_axes=out_axis)(*batched_args))
    assert len(got) == len(per_example[0])
    for j, out in enumerate(got):
        outs = [p[j] for p in per_example]
        expected = np.stack([np.asarray(o) for o in outs], axis=out_axis)
        assert out.shape == expected.shape
        assert out.dtype == outs[0].dtype and out.weak_type == outs[0].weak_type
        tol = rec.tol if rec.tol is not None else TOLERANCE.get(np.dtype(out.dtype), 0)
        if tol == 0 or rec.exact:
            np.testing.assert_array_equal(_upcast(out), _upcast(expected))
        else:
            np.testing.assert_allclose(_upcast(out), _upcast(expected), rtol=tol, atol=tol,
                                       equal_nan=True)
