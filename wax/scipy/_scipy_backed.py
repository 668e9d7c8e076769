"""Elementwise functions whose values come from scipy.special and whose derivatives are
written in wax operations (so they differentiate to any order where their derivative
functions do).

JAX computes these (expi, sici, hyp1f1, ...) with long jnp compositions; wax asks SciPy
for the value instead. Eagerly the SciPy ufunc runs on the buffers directly; under a
transformation the call is a `pure_callback` (elementwise, so vmap broadcasts it) inside
a `custom_jvp` carrying the derivative, which is what JAX's own custom_jvp definitions
of these functions specify.
"""
from __future__ import annotations

import numpy as np

from ..core.array import ArrayImpl
from ..core.avals import ShapedArray
from ..core.interpreters import EVAL_TRACE, NUMPY_ERRORS, NUMPY_QUIET, current_trace
from ..primitives.callbacks import pure_callback_p
from ..transforms.custom_derivatives import custom_jvp
from ..transforms.staging import aval_of

_SCIPY = []


def scipy_special():
    """scipy.special (imported on first use), or an ImportError saying which wax
    functions need it."""
    if not _SCIPY:
        try:
            from scipy import special
        except ImportError:  # pragma: no cover - exercised only without SciPy
            raise ImportError("this wax.scipy.special function computes its values with "
                              "scipy.special; install scipy to use it") from None
        _SCIPY.append(special)
    return _SCIPY[0]


def wide_dtype(dtype):
    """The NumPy dtype SciPy computes in for operands of `dtype`."""
    return np.dtype(np.complex128) if np.dtype(dtype).kind == "c" else np.dtype(np.float64)


def _is_concrete(args) -> bool:
    return all(type(a) is ArrayImpl and a._buf is not None for a in args)


class ScipyElementwise:
    """`f(*operands)` for operands of one dtype and shape (the caller promotes and
    broadcasts them).

    values(*float64 or complex128 arrays) -> array, or a tuple of `nout` arrays;
    derivatives[i](ans, *operands) -> d out / d operand i as wax arrays (a tuple when
        nout > 1), or None for an operand the function is not differentiated in;
    out_dtype(dtype) -> the result dtype (default: the operands');
    weak: whether the result keeps the operands' weak type (most of JAX's do not).
    """

    def __init__(self, name, values, derivatives, *, nout=1, out_dtype=None, weak=False):
        self.name, self.values, self.derivatives = name, values, tuple(derivatives)
        self.nout, self.out_dtype, self.weak = nout, out_dtype, weak
        self._callback = self._compute  # one object, so eager memo keys are stable
        traced = custom_jvp(self._traced)
        traced.defjvp(self._jvp)
        self._custom = traced

    def _result_dtype(self, dtype):
        return np.dtype(self.out_dtype(dtype)) if self.out_dtype else np.dtype(dtype)

    def _compute(self, *bufs):
        """The NumPy computation on buffers of one shape and dtype: a list of results."""
        dtype = np.asarray(bufs[0]).dtype
        wide = wide_dtype(dtype)
        token = NUMPY_ERRORS.set(NUMPY_QUIET)  # SciPy's ufuncs warn like NumPy's
        try:
            out = self.values(*[np.asarray(b).astype(wide, copy=False) for b in bufs])
        finally:
            NUMPY_ERRORS.reset(token)
        outs = out if self.nout > 1 else (out,)
        result = self._result_dtype(dtype)
        if result.kind != "c":
            outs = [np.real(o) if np.iscomplexobj(o) else o for o in outs]
        return [np.asarray(o).astype(result, copy=False) for o in outs]

    def __call__(self, *args):
        if current_trace() is EVAL_TRACE and _is_concrete(args):
            weak = self.weak and all(a._weak for a in args)
            outs = [ArrayImpl(_read_only(o), weak) for o in self._compute(*[a._buf for a in args])]
            return tuple(outs) if self.nout > 1 else outs[0]
        out = self._custom(*args)
        return tuple(out) if self.nout > 1 else out

    def _traced(self, *args):
        avals = [aval_of(a) for a in args]
        weak = self.weak and all(a.weak_type for a in avals)
        result = ShapedArray(avals[0].shape, self._result_dtype(avals[0].dtype), weak)
        outs = pure_callback_p.bind(*args, callback=self._callback,
                                    result_avals=(result,) * self.nout,
                                    vmap_method="broadcast_all")
        return tuple(outs) if self.nout > 1 else outs[0]

    def _jvp(self, primals, tangents):
        ans = self(*primals)
        total = None
        for derivative, t in zip(self.derivatives, tangents):
            if derivative is None:
                continue
            slope = derivative(ans, *primals)
            if self.nout == 1:
                term = _times(t, slope)
            else:
                term = tuple(_times(t, s) for s in slope)
            total = term if total is None else (
                total + term if self.nout == 1 else tuple(a + b for a, b in zip(total, term)))
        if total is None:
            from ..numpy import zeros_like
            total = zeros_like(ans) if self.nout == 1 else tuple(zeros_like(a) for a in ans)
        return ans, total


def _times(t, slope):
    """t * slope in slope's dtype (a real tangent of a complex-valued function)."""
    from ..numpy import asarray
    slope = asarray(slope)
    t = asarray(t)
    if t.dtype != slope.dtype:
        from ..lax import convert_element_type
        t = convert_element_type(t, slope.dtype)
    return t * slope


def _read_only(buf):
    buf = np.asarray(buf)
    buf.flags.writeable = False
    return buf


def promote_inexact(name, *args):
    """JAX's promote_args_inexact: one inexact dtype (ints and bools become the default
    float), rank promotion, and the result's weak type on every operand (a Python scalar
    beside a strongly typed array becomes strongly typed too)."""
    from ..numpy._promote import promote_args_inexact
    args = promote_args_inexact(name, *args)
    if len(args) > 1:
        weak = [aval_of(a).weak_type for a in args]
        if any(weak) and not all(weak):
            from ..lax import convert_element_type
            args = [convert_element_type(a, aval_of(a).dtype) if w else a
                    for a, w in zip(args, weak)]
    return list(args)


def prepare(name, *args, complex_ok=False, to_complex=False):
    """JAX's promote_args_inexact followed by broadcasting to one shape: the operands of
    a ScipyElementwise. Complex inputs raise JAX's ValueError unless complex_ok;
    to_complex promotes real operands to complex (wofz)."""
    from ..numpy import broadcast_arrays
    args = promote_inexact(name, *args)
    dtype = aval_of(args[0]).dtype
    if dtype.kind == "c" and not complex_ok and not to_complex:
        raise ValueError(f"{name} does not support complex-valued inputs.")
    if to_complex and dtype.kind != "c":
        from ..numpy._promote import convert_to
        target = np.dtype(np.complex128) if dtype == np.float64 else np.dtype(np.complex64)
        args = [convert_to(a, target, aval_of(a).weak_type) for a in args]
    if len(args) > 1 and len({aval_of(a).shape for a in args}) > 1:
        args = broadcast_arrays(*args)
    return list(args)
