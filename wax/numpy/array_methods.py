"""Operators, methods and properties of wax.Array, attached here so core never imports
the numpy layer. Arithmetic operators on a concrete Array with a Python scalar or a
same-dtype Array take a short path to the primitive's impl (DESIGN.md "Hot paths"):
the dtype rules it relies on are NumPy 2's NEP 50 rules, which agree with JAX's weak
scalar promotion for the (dtype kind, scalar type) pairs listed in _SCALAR_KINDS."""
from __future__ import annotations

import warnings

import numpy as np

from .._config import config
from ..core import dtypes
from ..core.array import Array, ArrayImpl
from ..core.interpreters import EVAL_TRACE, NUMPY_ERRORS, NUMPY_QUIET, current_trace
from ..primitives import contractions as contraction_prims
from ..primitives import elementwise as ew
from ..primitives import reductions as reduction_prims
from ..primitives import shape as shape_prims
from .. import numpy as jnp  # imported last by wax/numpy/__init__.py: every name is there
from . import indexing, taking

_ARRAY_LIKE = (Array, np.ndarray, np.generic, bool, int, float, complex)
_INT_RANGE = {False: (-2 ** 31, 2 ** 31 - 1), True: (-2 ** 63, 2 ** 63 - 1)}

# Python scalar types whose mix with an array of a given dtype kind keeps the array's
# dtype both in JAX (weak promotion) and in NumPy >= 2 (NEP 50).
_SCALAR_KINDS = {"f": (int, float), "c": (int, float, complex), "i": (int,), "u": (int,)}


def _fast_binary(prim, slow, *, reflected=False, kinds=_SCALAR_KINDS):
    """An operator with an eager short path through `prim.impl` (see module docstring)."""
    impl = prim.impl

    def op(self, other):
        if type(self) is ArrayImpl and current_trace() is EVAL_TRACE:
            buf = self._buf
            kind = type(other)
            if kind is ArrayImpl:
                obuf = other._buf
                if (not reflected and buf is not None and obuf is not None
                        and buf.dtype == obuf.dtype and buf.shape == obuf.shape
                        and buf.dtype.kind in kinds):
                    token = NUMPY_ERRORS.set(NUMPY_QUIET)
                    try:
                        out = impl(np, buf, obuf)
                    finally:
                        NUMPY_ERRORS.reset(token)
                    return ArrayImpl(out, self._weak and other._weak)
            elif (kind is np.ndarray and buf is not None and other.dtype == buf.dtype
                  and other.shape == buf.shape and buf.dtype.kind in kinds):
                # A NumPy array of the same (canonical) dtype and shape: a strong operand.
                token = NUMPY_ERRORS.set(NUMPY_QUIET)
                try:
                    out = impl(np, other, buf) if reflected else impl(np, buf, other)
                finally:
                    NUMPY_ERRORS.reset(token)
                return ArrayImpl(out, False)
            elif (buf is not None and kind in kinds.get(buf.dtype.kind, ())
                  and (kind is not int or _INT_RANGE[config.jax_enable_x64][0] <= other
                       <= _INT_RANGE[config.jax_enable_x64][1])):
                # (A Python int must fit the default int type, as JAX requires.)
                token = NUMPY_ERRORS.set(NUMPY_QUIET)
                try:
                    out = impl(np, other, buf) if reflected else impl(np, buf, other)
                except OverflowError:
                    # A Python int outside a narrow int dtype: JAX wraps it (general path).
                    out = None
                finally:
                    NUMPY_ERRORS.reset(token)
                # (NumPy widens some narrow types, float8_e5m2 + 1.0: the general path then.)
                if out is not None and (out.dtype == buf.dtype or out.dtype.kind == "b"):
                    return ArrayImpl(out, self._weak)
        if not isinstance(other, _ARRAY_LIKE):
            return NotImplemented
        return slow(other, self) if reflected else slow(self, other)

    return op


def _binary(fun, reflected=False):
    def op(self, other):
        if not isinstance(other, _ARRAY_LIKE):
            if isinstance(other, (list, tuple)):
                return fun(self, other)  # JAX's TypeError for a list where an array goes
            return NotImplemented
        return fun(other, self) if reflected else fun(self, other)
    return op


_FLOAT_KINDS = {"f": (int, float), "c": (int, float, complex)}
# Comparisons take the short path only for floats: NumPy compares a Python int with an
# int array by value, JAX after converting (and wrapping) it to the array's dtype.
_ORDERED_KINDS = {"f": (int, float)}


def _neg(self):
    if type(self) is ArrayImpl and current_trace() is EVAL_TRACE and self._buf is not None \
            and self._buf.dtype.kind in "fiuc":
        token = NUMPY_ERRORS.set(NUMPY_QUIET)
        try:
            return ArrayImpl(ew.neg_p.impl(np, self._buf), self._weak)
        finally:
            NUMPY_ERRORS.reset(token)
    return jnp.negative(self)


def _attach_operators():
    A = Array
    A.__add__ = _fast_binary(ew.add_p, jnp.add)
    A.__radd__ = _fast_binary(ew.add_p, jnp.add, reflected=True)
    A.__sub__ = _fast_binary(ew.sub_p, jnp.subtract)
    A.__rsub__ = _fast_binary(ew.sub_p, jnp.subtract, reflected=True)
    A.__mul__ = _fast_binary(ew.mul_p, jnp.multiply)
    A.__rmul__ = _fast_binary(ew.mul_p, jnp.multiply, reflected=True)
    # int / int is a float division in JAX: only float kinds take the short path.
    A.__truediv__ = _fast_binary(ew.div_p, jnp.true_divide, kinds=_FLOAT_KINDS)
    A.__rtruediv__ = _fast_binary(ew.div_p, jnp.true_divide, reflected=True,
                                  kinds=_FLOAT_KINDS)
    for name, prim, fun in (("lt", ew.lt_p, jnp.less), ("le", ew.le_p, jnp.less_equal),
                            ("gt", ew.gt_p, jnp.greater),
                            ("ge", ew.ge_p, jnp.greater_equal)):
        setattr(A, f"__{name}__", _fast_binary(prim, fun, kinds=_ORDERED_KINDS))
    A.__eq__ = _binary(jnp.equal)
    A.__ne__ = _binary(jnp.not_equal)
    A.__floordiv__ = _binary(jnp.floor_divide)
    A.__rfloordiv__ = _binary(jnp.floor_divide, True)
    A.__mod__ = _binary(jnp.remainder)
    A.__rmod__ = _binary(jnp.remainder, True)
    A.__divmod__ = _binary(jnp.divmod)
    A.__rdivmod__ = _binary(jnp.divmod, True)
    A.__pow__ = _binary(jnp.power)
    A.__rpow__ = _binary(jnp.power, True)
    A.__matmul__ = _matmul
    A.__rmatmul__ = _binary(jnp.matmul, True)
    A.__and__ = _binary(jnp.bitwise_and)
    A.__rand__ = _binary(jnp.bitwise_and, True)
    A.__or__ = _binary(jnp.bitwise_or)
    A.__ror__ = _binary(jnp.bitwise_or, True)
    A.__xor__ = _binary(jnp.bitwise_xor)
    A.__rxor__ = _binary(jnp.bitwise_xor, True)
    A.__lshift__ = _binary(jnp.left_shift)
    A.__rlshift__ = _binary(jnp.left_shift, True)
    A.__rshift__ = _binary(jnp.right_shift)
    A.__rrshift__ = _binary(jnp.right_shift, True)
    A.__neg__ = _neg
    A.__pos__ = lambda self: jnp.positive(self)
    A.__abs__ = lambda self: jnp.absolute(self)
    A.__invert__ = lambda self: jnp.invert(self)
    A.__round__ = lambda self, ndigits=None: _round_builtin(self, ndigits)


def _round_builtin(self, ndigits):
    """round(x) is an int Array of x's shape (half to even), round(x, n) a float one."""
    if ndigits is None:
        return jnp.round(self).astype(dtypes.default_int_dtype())
    return jnp.round(self, ndigits)


# --- methods -------------------------------------------------------------------------------

def _eager(self) -> bool:
    """True when `self` is a live concrete Array and no transformation is active: the
    condition for the method short paths below, which call the primitive's impl."""
    return type(self) is ArrayImpl and self._buf is not None and current_trace() is EVAL_TRACE


def _run_impl(prim, buf, weak, **params):
    token = NUMPY_ERRORS.set(NUMPY_QUIET)
    try:
        return ArrayImpl(prim.impl(np, buf, **params), weak)
    finally:
        NUMPY_ERRORS.reset(token)


def _reshape(self, *shape, order="C", copy=None):
    """a.reshape(2, 3) and a.reshape((2, 3)), as NumPy."""
    new_shape = shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape
    if order == "C" and type(new_shape) is tuple and _eager(self):
        # For a valid C-order shape (with at most one -1) NumPy's reshape is JAX's; any
        # other shape falls through to jnp.reshape, which raises JAX's error.
        try:
            if new_shape and min(new_shape) < -1:
                raise ValueError  # NumPy takes any negative size as "infer"; JAX does not
            out = shape_prims.reshape_p.impl(np, self._buf, new_sizes=new_shape,
                                             dimensions=None, sharding=None)
        except (ValueError, TypeError):
            pass
        else:
            return ArrayImpl(out, self._weak)
    return jnp.reshape(self, new_shape, order=order)


def _transpose(self, *axes):
    if not axes or (len(axes) == 1 and axes[0] is None):
        return _T(self)
    return jnp.transpose(self, axes[0] if len(axes) == 1 and not isinstance(
        axes[0], int) else axes)


def _T(self):
    if _eager(self) and self._buf.ndim == 2:  # (a transpose cannot warn: no error state)
        return ArrayImpl(shape_prims.transpose_p.impl(np, self._buf, permutation=(1, 0)),
                         self._weak)
    return jnp.transpose(self)


_SUM_SAME_DTYPE = {np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.complex64),
                   np.dtype(np.complex128)}


def _sum(self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None,
         promote_integers=True):
    # Short path: a float sum over all axes or one int axis keeps the dtype and, as in
    # JAX, drops the weak flag.
    if (_eager(self) and dtype is None and out is None and not keepdims and initial is None
            and where is None and self._buf.dtype in _SUM_SAME_DTYPE
            and (axis is None or (type(axis) is int and -self._buf.ndim <= axis
                                  < self._buf.ndim))):
        ndim = self._buf.ndim
        axes = tuple(range(ndim)) if axis is None else (axis % ndim,)
        return _run_impl(reduction_prims.reduce_sum_p, self._buf, False, axes=axes)
    return jnp.sum(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                   initial=initial, where=where, promote_integers=promote_integers)


def _matmul(self, other):
    # Short path: 2-D @ 2-D of one float dtype with matching inner sizes is one
    # dot_general; everything else (and every error) takes the general path.
    if (_eager(self) and type(other) is ArrayImpl and other._buf is not None):
        a, b = self._buf, other._buf
        if (a.ndim == 2 and b.ndim == 2 and a.dtype == b.dtype and a.shape[1] == b.shape[0]
                and a.dtype in _SUM_SAME_DTYPE):
            token = NUMPY_ERRORS.set(NUMPY_QUIET)
            try:
                out = contraction_prims.dot_general_p.impl(
                    np, a, b, dimension_numbers=_MATMUL_DIMS)
            finally:
                NUMPY_ERRORS.reset(token)
            return ArrayImpl(out, self._weak and other._weak)
    if not isinstance(other, _ARRAY_LIKE):
        return NotImplemented
    return jnp.matmul(self, other)


_MATMUL_DIMS = (((1,), (0,)), ((), ()))


def _astype(self, dtype, copy=False, device=None):
    """The array converted to `dtype` (64-bit requests warn when x64 is off)."""
    from ._promote import convert_to
    new_dtype = dtypes.check_user_dtype(dtype, "astype")
    if dtypes.is_complex(self.dtype) and not dtypes.is_complex(new_dtype):
        warnings.warn("Casting from complex to real dtypes will soon raise a ValueError. "
                      "Please first use jnp.real or jnp.imag to take the real/imaginary "
                      "component of your input.", DeprecationWarning, stacklevel=2)
    return convert_to(self, new_dtype, False)


def _item(self, *args):
    return self.item(*args)


def _attach_methods():
    A = Array
    A.astype = _astype
    A.reshape = _reshape
    A.transpose = _transpose
    A.T = property(_T)
    A.mT = property(lambda self: jnp.matrix_transpose(self))
    A.real = property(lambda self: jnp.real(self))
    A.imag = property(lambda self: jnp.imag(self))
    A.ravel = lambda self, order="C": jnp.ravel(self, order)
    A.flatten = lambda self, order="C": jnp.ravel(self, order)
    A.squeeze = lambda self, axis=None: jnp.squeeze(self, axis)
    A.swapaxes = lambda self, axis1, axis2: jnp.swapaxes(self, axis1, axis2)
    A.sum = _sum
    A.prod = lambda self, *args, **kwargs: jnp.prod(self, *args, **kwargs)
    A.mean = lambda self, *args, **kwargs: jnp.mean(self, *args, **kwargs)
    A.var = lambda self, *args, **kwargs: jnp.var(self, *args, **kwargs)
    A.std = lambda self, *args, **kwargs: jnp.std(self, *args, **kwargs)
    A.max = lambda self, *args, **kwargs: jnp.max(self, *args, **kwargs)
    A.min = lambda self, *args, **kwargs: jnp.min(self, *args, **kwargs)
    A.all = lambda self, *args, **kwargs: jnp.all(self, *args, **kwargs)
    A.any = lambda self, *args, **kwargs: jnp.any(self, *args, **kwargs)
    A.argmax = lambda self, *args, **kwargs: jnp.argmax(self, *args, **kwargs)
    A.argmin = lambda self, *args, **kwargs: jnp.argmin(self, *args, **kwargs)
    A.cumsum = lambda self, *args, **kwargs: jnp.cumsum(self, *args, **kwargs)
    A.cumprod = lambda self, *args, **kwargs: jnp.cumprod(self, *args, **kwargs)
    A.ptp = lambda self, *args, **kwargs: jnp.ptp(self, *args, **kwargs)
    A.clip = lambda self, *args, **kwargs: jnp.clip(self, *args, **kwargs)
    A.round = lambda self, decimals=0, out=None: jnp.round(self, decimals, out)
    A.conj = lambda self: jnp.conjugate(self)
    A.conjugate = lambda self: jnp.conjugate(self)
    A.dot = lambda self, b, **kwargs: jnp.dot(self, b, **kwargs)
    A.copy = lambda self: jnp.array(self, copy=True)
    A.take = lambda self, *args, **kwargs: taking.take(self, *args, **kwargs)
    A.sort = lambda self, axis=-1, **kwargs: jnp.sort(self, axis, **kwargs)
    A.argsort = lambda self, axis=-1, **kwargs: jnp.argsort(self, axis, **kwargs)
    A.nonzero = lambda self, *, size=None, fill_value=None: jnp.nonzero(
        self, size=size, fill_value=fill_value)
    A.repeat = lambda self, repeats, axis=None, **kwargs: jnp.repeat(self, repeats, axis,
                                                                     **kwargs)
    A.diagonal = lambda self, offset=0, axis1=0, axis2=1: jnp.diagonal(self, offset, axis1,
                                                                       axis2)
    A.trace = lambda self, *args, **kwargs: jnp.trace(self, *args, **kwargs)
    A.to_device = lambda self, device, *, stream=None: self
    A.flat = property(_flat)
    A.__array_namespace__ = lambda self, api_version=None: _numpy_module()


def _flat(self):
    raise NotImplementedError("JAX Arrays do not implement the arr.flat property: consider "
                              "arr.flatten() instead.")


def _numpy_module():
    import wax.numpy
    return wax.numpy


_attach_operators()
_attach_methods()
indexing.attach(Array)

# The further jax.Array methods (view, byteswap, choose, compress, argpartition,
# searchsorted, and a concrete array's buffer and shard queries).
from . import array_methods_extra as _array_methods_extra  # noqa: E402

_array_methods_extra.attach()
