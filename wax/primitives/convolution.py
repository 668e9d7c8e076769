"""Convolution: conv_general_dilated and its wrappers (conv, conv_transpose, patches, ...).

The primitive's params are XLA's: explicit (low, high) padding per spatial dimension,
lhs (input) and rhs (window) dilation, and ConvDimensionNumbers naming, for lhs, rhs and
output, which dimension is (batch, feature, spatial...) — for rhs (out feature, in
feature, spatial...). Spatial dimensions pair up in the order they appear in rhs_spec.

Groups split dimensions group-major, as XLA does: with feature_group_count G the lhs
features are (G, C/G) and the rhs out features (G, O/G); with batch_group_count G the lhs
batch is (G, N/G) and the rhs out features (G, O/G), and group g of the output features
sees batch group g.

The impl moves both operands to (N, C, spatial...) / (O, I, window...), dilates and pads
the input in one strided copy (negative padding crops), takes the windows as a strided
view, and runs one batched matmul over the groups, so floats reach BLAS. Integers
accumulate in the result type and wrap, as XLA's do; float16/bfloat16 accumulate in
float32 and round once. `precision` is accepted and ignored on the CPU.
"""
from __future__ import annotations

import functools
import math
import operator
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from ..core.errors import JAXTypeError
from .contractions import Precision, canonicalize_precision, dot_general
from .elementwise import convert_element_type
from .families import ANY, check_dtype, defjvp, is_undefined, lax_operands, standard
from .shape import full, reshape, rev, transpose

_HALF = (np.dtype(np.float16), dtypes.bfloat16)
_FLOAT32 = np.dtype(np.float32)


class ConvDimensionNumbers(NamedTuple):
    """Dimension indices of a convolution: lhs_spec and out_spec are (batch, feature,
    spatial...), rhs_spec is (out feature, in feature, spatial...)."""

    lhs_spec: Sequence[int]
    rhs_spec: Sequence[int]
    out_spec: Sequence[int]


ConvGeneralDilatedDimensionNumbers = tuple[str, str, str] | ConvDimensionNumbers | None


# --- small helpers --------------------------------------------------------------------------

def _dilate_dim(size: int, dilation: int) -> int:
    """The size of a dimension with dilation - 1 zeros between its elements."""
    return 0 if size == 0 else 1 + dilation * (size - 1)


def _shape_of(x) -> tuple:
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else np.shape(x)


def _int_tuple(values, fun_name: str, arg_name: str) -> tuple:
    try:
        return tuple(operator.index(v) for v in values)
    except JAXTypeError:
        raise  # a tracer where a concrete value is needed: keep JAX's explanation
    except TypeError:
        raise TypeError(f"{fun_name}: {arg_name} must be a sequence of integers, got "
                        f"{values!r}") from None


def _int(value, fun_name: str, arg_name: str) -> int:
    try:
        return operator.index(value)
    except JAXTypeError:
        raise
    except TypeError:
        raise TypeError(f"{fun_name}: {arg_name} must be an integer, got {value!r}") from None


# --- padding and shapes ---------------------------------------------------------------------

def padtype_to_pads(in_shape, window_shape, window_strides, padding) -> list:
    """(low, high) pads for 'VALID', 'SAME' (odd extra padding on the high side) or
    'SAME_LOWER' (on the low side); SAME gives ceil(in / stride) outputs."""
    if not isinstance(padding, str):
        raise TypeError(f"Unknown padding type: {padding}.")
    kind = padding.upper()
    if kind not in ("VALID", "SAME", "SAME_LOWER"):
        raise RuntimeError("Unrecognized padding type: expected 'VALID', 'SAME', or "
                           f"'SAME_LOWER', got {padding}.")
    in_shape = [operator.index(d) for d in in_shape]
    if kind == "VALID":
        return [(0, 0)] * len(in_shape)
    window_shape = [operator.index(d) for d in window_shape]
    window_strides = [operator.index(s) for s in window_strides]
    if not len(in_shape) == len(window_shape) == len(window_strides):
        raise ValueError(f"padtype_to_pads: in_shape {tuple(in_shape)}, window_shape "
                         f"{tuple(window_shape)} and window_strides {tuple(window_strides)} "
                         "must have the same length")
    pads = []
    for size, window, stride in zip(in_shape, window_shape, window_strides):
        out = -(-size // stride)
        total = max((out - 1) * stride + window - size, 0)
        half = total // 2
        pads.append((half, total - half) if kind == "SAME" else (total - half, half))
    return pads


def conv_general_permutations(dimension_numbers) -> tuple:
    """Spec strings like ('NHWC', 'HWIO', 'NHWC') as (lhs_perm, rhs_perm, out_perm):
    (batch, feature, spatial...) indices, spatial ordered as in the rhs spec."""
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    char_pairs = (("N", "C"), ("O", "I"), ("N", "C"))
    for i, (a, b) in enumerate(char_pairs):
        spec = dimension_numbers[i]
        if not spec.count(a) == spec.count(b) == 1:
            raise TypeError(f"convolution dimension_numbers[{i}] must contain the characters "
                            f"'{a}' and '{b}' exactly once, got {spec}.")
        if len(spec) != len(set(spec)):
            raise TypeError(f"convolution dimension_numbers[{i}] cannot have duplicate "
                            f"characters, got {spec}.")
    spatial = set(rhs_spec) - {"O", "I"}
    if not set(lhs_spec) - {"N", "C"} == spatial == set(out_spec) - {"N", "C"}:
        raise TypeError("convolution dimension_numbers elements must each have the same set "
                        f"of spatial characters, got {tuple(dimension_numbers)}.")
    order = [c for c in rhs_spec if c in spatial]

    def perm(spec, pair):
        return (spec.index(pair[0]), spec.index(pair[1])) + tuple(spec.index(c) for c in order)

    return tuple(perm(spec, pair) for spec, pair in zip(dimension_numbers, char_pairs))


def conv_dimension_numbers(lhs_shape, rhs_shape, dimension_numbers) -> ConvDimensionNumbers:
    """None (NCHW, OIHW, NCHW), spec strings or a ConvDimensionNumbers, as a
    ConvDimensionNumbers of int tuples."""
    if isinstance(dimension_numbers, ConvDimensionNumbers):
        return ConvDimensionNumbers(
            *(_int_tuple(spec, "conv_dimension_numbers", name)
              for spec, name in zip(dimension_numbers, ("lhs_spec", "rhs_spec", "out_spec"))))
    lhs_shape, rhs_shape = tuple(lhs_shape), tuple(rhs_shape)
    if len(lhs_shape) != len(rhs_shape):
        raise TypeError("convolution requires lhs and rhs ndim to be equal, got "
                        f"{len(lhs_shape)} and {len(rhs_shape)}.")
    if dimension_numbers is None:
        iota = tuple(range(len(lhs_shape)))
        return ConvDimensionNumbers(iota, iota, iota)
    if not isinstance(dimension_numbers, (list, tuple)):
        raise TypeError("convolution dimension_numbers must be tuple/list or None, got "
                        f"{type(dimension_numbers)}.")
    if len(dimension_numbers) != 3:
        raise TypeError("convolution dimension_numbers list/tuple must be length 3, got "
                        f"{len(dimension_numbers)}.")
    if not all(isinstance(spec, str) for spec in dimension_numbers):
        raise TypeError("convolution dimension_numbers elements must be strings, got "
                        f"{tuple(map(type, dimension_numbers))}.")
    for i, spec in enumerate(dimension_numbers):
        if len(spec) != len(lhs_shape):
            raise TypeError(f"convolution dimension_numbers[{i}] must have len equal to the "
                            f"ndim of lhs and rhs, got {len(spec)} for lhs and rhs shapes "
                            f"{lhs_shape} and {rhs_shape}.")
    return ConvDimensionNumbers(*conv_general_permutations(dimension_numbers))


def conv_shape_tuple(lhs_shape, rhs_shape, strides, pads, batch_group_count=1) -> tuple:
    """The output shape of a conv whose shapes are in (N, C, spatial...) / (O, I,
    window...) order; pads may be a padding string."""
    lhs_shape, rhs_shape = tuple(lhs_shape), tuple(rhs_shape)
    if isinstance(pads, str):
        pads = padtype_to_pads(lhs_shape[2:], rhs_shape[2:], strides, pads)
    if len(pads) != len(lhs_shape) - 2:
        raise TypeError("Wrong number of explicit pads for convolution: expected "
                        f"{len(lhs_shape) - 2}, got {len(pads)}.")
    padded = [int(d) + int(lo) + int(hi) for d, (lo, hi) in zip(lhs_shape[2:], pads)]
    if any(d < 0 for d in padded):
        raise ValueError("Negative padding is larger than the size of the corresponding "
                         f"dimension: got padding={tuple(tuple(p) for p in pads)} for "
                         f"lhs_shape[2:]={tuple(lhs_shape[2:])}")
    spatial = tuple(max(0, (d - int(k)) // int(s) + 1)
                    for d, k, s in zip(padded, rhs_shape[2:], strides))
    batch = int(lhs_shape[0])
    if batch_group_count > 1:
        batch //= batch_group_count
    return (batch, int(rhs_shape[0])) + spatial


def conv_general_shape_tuple(lhs_shape, rhs_shape, window_strides, padding,
                             dimension_numbers) -> tuple:
    """The output shape of a conv with spec-string dimension numbers, in out_spec order."""
    lhs_perm, rhs_perm, out_perm = conv_general_permutations(dimension_numbers)
    out = conv_shape_tuple([lhs_shape[d] for d in lhs_perm], [rhs_shape[d] for d in rhs_perm],
                           window_strides, padding)
    return tuple(out[i] for i in np.argsort(out_perm))


def _conv_transpose_padding(window: int, stride: int, padding) -> tuple:
    """(low, high) padding of the lhs-dilated conv that transposes a forward conv with this
    padding: a string, or that conv's (low, high) pair."""
    if padding == "SAME":
        total = window + stride - 2
        low = window - 1 if stride > window - 1 else -(-total // 2)
    elif padding == "VALID":
        total = window + stride - 2 + max(window - stride, 0)
        low = window - 1
    elif isinstance(padding, tuple):
        low = window - padding[0] - 1
        total = low + window - padding[1] - 1
    else:
        raise ValueError(f"Invalid padding mode: {padding}")
    return low, total - low


def conv_transpose_shape_tuple(lhs_shape, rhs_shape, window_strides, padding,
                               dimension_numbers) -> tuple:
    """The output shape of conv_transpose with spec-string dimension numbers."""
    lhs_perm, rhs_perm, out_perm = conv_general_permutations(dimension_numbers)
    lhs_trans = [lhs_shape[d] for d in lhs_perm]
    rhs_trans = [rhs_shape[d] for d in rhs_perm]
    if isinstance(padding, str):
        padding = [_conv_transpose_padding(k, s, padding)
                   for k, s in zip(rhs_trans[2:], window_strides)]
    spatial = tuple((i - 1) * s - k + 2 + sum(pad)
                    for i, k, s, pad in zip(lhs_trans[2:], rhs_trans[2:], window_strides,
                                            padding))
    out = (lhs_trans[0], rhs_trans[0]) + spatial
    return tuple(out[i] for i in np.argsort(out_perm))


# --- dtype and shape rules -------------------------------------------------------------------

def _check_preferred(dtype, preferred) -> None:
    if not (dtypes.is_integer(dtype) and dtypes.is_float(preferred)):
        for kind in (dtypes.is_integer, dtypes.is_float, dtypes.is_complex):
            if kind(dtype) and not kind(preferred):
                raise TypeError(
                    "Input type is incompatible with `preferred_element_type`. The compatible "
                    "combinations of (input_type, preferred_element_type) are (integral, "
                    "integral), (integral, floating), (floating, floating), (complex, "
                    f"complex); got ({dtype.name}, {preferred.name}).")
        if dtype.kind == "i" and preferred.kind != "i":
            raise TypeError("`preferred_element_type` must have the same signedness as the "
                            f"original type, got {preferred.name} for {dtype.name}.")
    if preferred.itemsize < dtype.itemsize:
        raise TypeError("`preferred_element_type` must not be narrower than the original "
                        f"type, got {preferred.name} for {dtype.name}.")


@functools.cache
def _conv_dtype(lhs_dtype, rhs_dtype, preferred):
    if lhs_dtype != rhs_dtype:
        raise TypeError("lax.conv_general_dilated requires arguments to have the same dtypes, "
                        f"got {lhs_dtype.name}, {rhs_dtype.name}.")
    if preferred is None or preferred == lhs_dtype:
        return lhs_dtype
    _check_preferred(lhs_dtype, preferred)
    return preferred


def _check_spec(spec, ndim: int, name: str, shapes: str) -> None:
    if sorted(spec) != list(range(ndim)):
        raise TypeError(f"conv_general_dilated dimension_numbers.{name} must be a permutation "
                        f"of range({ndim}), got {spec} {shapes}")


@functools.lru_cache(maxsize=1024)
def _conv_shapes(lhs_shape, rhs_shape, window_strides, padding, lhs_dilation, rhs_dilation,
                 dimension_numbers, feature_group_count, batch_group_count) -> tuple:
    """The checked output shape in (N, O, spatial...) order and in out_spec's layout."""
    shapes = f"(lhs shape {lhs_shape}, rhs shape {rhs_shape})"
    if len(lhs_shape) != len(rhs_shape):
        raise ValueError("conv_general_dilated lhs and rhs must have the same number of "
                         f"dimensions, but got {lhs_shape} and {rhs_shape}.")
    ndim = len(lhs_shape)
    if ndim < 2:
        raise ValueError("conv_general_dilated lhs and rhs need a batch and a feature "
                         f"dimension (rank at least 2), got {lhs_shape} and {rhs_shape}.")
    if type(dimension_numbers) is not ConvDimensionNumbers:
        raise TypeError("conv_general_dilated dimension_numbers must be a "
                        f"ConvDimensionNumbers, got {dimension_numbers!r}")
    for spec, name in zip(dimension_numbers, ("lhs_spec", "rhs_spec", "out_spec")):
        _check_spec(spec, ndim, name, shapes)
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    lhs_trans = tuple(lhs_shape[d] for d in lhs_spec)
    rhs_trans = tuple(rhs_shape[d] for d in rhs_spec)
    fgc, bgc = feature_group_count, batch_group_count
    if fgc <= 0:
        raise ValueError(f"conv_general_dilated feature_group_count must be a positive "
                         f"integer, got {fgc}.")
    quot, rem = divmod(lhs_trans[1], fgc)
    if rem:
        raise ValueError("conv_general_dilated feature_group_count must divide lhs feature "
                         f"dimension size, but {fgc} does not divide {lhs_trans[1]}. {shapes}")
    if quot != rhs_trans[1]:
        raise ValueError("conv_general_dilated lhs feature dimension size divided by "
                         "feature_group_count must equal the rhs input feature dimension "
                         f"size, but {lhs_trans[1]} // {fgc} != {rhs_trans[1]}. {shapes}")
    if rhs_trans[0] % fgc:
        raise ValueError("conv_general_dilated rhs output feature dimension size must be a "
                         f"multiple of feature_group_count, but {rhs_trans[0]} is not a "
                         f"multiple of {fgc}. {shapes}")
    if bgc <= 0:
        raise ValueError(f"conv_general_dilated batch_group_count must be a positive "
                         f"integer, got {bgc}.")
    if bgc > 1 and lhs_trans[0] % bgc:
        raise ValueError("conv_general_dilated batch_group_count must divide lhs batch "
                         f"dimension size, but {bgc} does not divide {lhs_trans[0]}. {shapes}")
    if rhs_trans[0] % bgc:
        raise ValueError("conv_general_dilated rhs output feature dimension size must be a "
                         f"multiple of batch_group_count, but {rhs_trans[0]} is not a "
                         f"multiple of {bgc}. {shapes}")
    if bgc > 1 and fgc > 1:
        raise ValueError("At most one of batch_group_count and feature_group_count may be > "
                         f"1, got batch_group_count={bgc} and feature_group_count={fgc}")
    nspatial = ndim - 2
    for name, value in (("window_strides", window_strides), ("lhs_dilation", lhs_dilation),
                        ("rhs_dilation", rhs_dilation)):
        if len(value) != nspatial:
            raise ValueError(f"conv_general_dilated window and {name} must have the same "
                             f"number of dimensions, but got {nspatial} and {len(value)} "
                             f"({name}={value}) {shapes}")
    if any(s <= 0 for s in window_strides):
        raise ValueError(f"conv_general_dilated window_strides must be positive, got "
                         f"{window_strides}.")
    for dilation in (lhs_dilation, rhs_dilation):
        if any(d <= 0 for d in dilation):
            raise TypeError(f"All dilations must be positive, got {dilation}.")
    in_dilated = (lhs_trans[0], lhs_trans[1]) + tuple(
        _dilate_dim(d, r) for d, r in zip(lhs_trans[2:], lhs_dilation))
    window_dilated = (rhs_trans[0], rhs_trans[1]) + tuple(
        _dilate_dim(k, r) for k, r in zip(rhs_trans[2:], rhs_dilation))
    canonical = conv_shape_tuple(in_dilated, window_dilated, window_strides, padding, bgc)
    out = [0] * ndim
    for i, d in enumerate(out_spec):
        out[d] = canonical[i]
    return canonical, tuple(out)


def _conv_abstract_eval(lhs, rhs, *, window_strides, padding, lhs_dilation, rhs_dilation,
                        dimension_numbers, feature_group_count, batch_group_count,
                        precision=None, preferred_element_type=None, out_sharding=None):
    check_dtype("conv_general_dilated", lhs, ANY)
    check_dtype("conv_general_dilated", rhs, ANY)
    dtype = _conv_dtype(lhs.dtype, rhs.dtype, preferred_element_type)
    _, shape = _conv_shapes(lhs.shape, rhs.shape, window_strides, padding, lhs_dilation,
                            rhs_dilation, dimension_numbers, feature_group_count,
                            batch_group_count)
    return ShapedArray(shape, dtype, lhs.weak_type and rhs.weak_type)


# --- the impl -------------------------------------------------------------------------------

def _dilate_and_pad(xp, x, lhs_dilation, padding, dtype):
    """x (N, C, spatial...) with dilation - 1 zeros between elements and (low, high) zeros
    around them; negative padding crops. One zero-filled buffer and one strided copy."""
    if all(d == 1 for d in lhs_dilation) and all(lo == hi == 0 for lo, hi in padding):
        return x.astype(dtype, copy=False)
    shape, source, target = list(x.shape[:2]), [slice(None)] * 2, [slice(None)] * 2
    empty = False
    for size, dilation, (lo, hi) in zip(x.shape[2:], lhs_dilation, padding):
        padded = _dilate_dim(size, dilation) + lo + hi
        shape.append(padded)
        # Input element i lands at lo + i * dilation; keep those inside [0, padded).
        first = max(0, -(lo // dilation))
        last = min(size - 1, (padded - 1 - lo) // dilation)
        if first > last:
            empty = True
            continue
        source.append(slice(first, last + 1))
        target.append(slice(lo + first * dilation, lo + last * dilation + 1, dilation))
    out = xp.zeros(shape, dtype)
    if not empty:
        out[tuple(target)] = x[tuple(source)]
    return out


def _conv_impl(xp, lhs, rhs, *, window_strides, padding, lhs_dilation, rhs_dilation,
               dimension_numbers, feature_group_count, batch_group_count, precision=None,
               preferred_element_type=None, out_sharding=None):
    lhs, rhs = xp.asarray(lhs), xp.asarray(rhs)
    out_dtype = _conv_dtype(lhs.dtype, rhs.dtype, preferred_element_type)
    canonical, _ = _conv_shapes(lhs.shape, rhs.shape, window_strides, padding, lhs_dilation,
                                rhs_dilation, dimension_numbers, feature_group_count,
                                batch_group_count)
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    out_perm = tuple(int(i) for i in np.argsort(out_spec))
    # XLA converts both operands to the result type and accumulates in it (integers wrap);
    # half floats accumulate in float32 and are rounded once at the end.
    work_dtype = _FLOAT32 if out_dtype in _HALF else out_dtype
    lhs = xp.transpose(lhs, lhs_spec)
    rhs = xp.transpose(rhs, rhs_spec).astype(work_dtype, copy=False)
    if math.prod(canonical) == 0 or math.prod(rhs.shape[1:]) == 0:
        return xp.transpose(xp.zeros(canonical, out_dtype), out_perm)
    nspatial = len(window_strides)
    padded = _dilate_and_pad(xp, lhs, lhs_dilation, padding, work_dtype)
    window = tuple(_dilate_dim(k, r) for k, r in zip(rhs.shape[2:], rhs_dilation))
    spatial_axes = tuple(range(2, 2 + nspatial))
    # (N, C, positions..., window...): a view; strides and rhs dilation are slicings of it.
    view = xp.lib.stride_tricks.sliding_window_view(padded, window, axis=spatial_axes)
    view = view[(slice(None), slice(None))
                + tuple(slice(None, None, s) for s in window_strides)
                + tuple(slice(None, None, r) for r in rhs_dilation)]
    batch, features = view.shape[:2]
    groups = max(feature_group_count, batch_group_count)
    if batch_group_count > 1:  # the batch is (groups, batch / groups), group-major
        view = view.reshape((groups, batch // groups) + view.shape[1:])
        group_axis, rows_axis, depth_axis = 0, 1, 2
    else:  # the features are (groups, features / groups), group-major
        view = view.reshape((batch, groups, features // groups) + view.shape[2:])
        group_axis, rows_axis, depth_axis = 1, 0, 2
    out_axes = tuple(range(3, 3 + nspatial))
    window_axes = tuple(range(3 + nspatial, 3 + 2 * nspatial))
    # im2col: one (rows, depth) matrix per group, rows = (batch, output positions),
    # depth = (in features, window positions), matching the kernel's (I, window...) order.
    lhs_mat = xp.transpose(view, (group_axis, rows_axis) + out_axes + (depth_axis,)
                           + window_axes)
    rows = lhs_mat.shape[1] * math.prod(canonical[2:])
    depth = math.prod(rhs.shape[1:])
    lhs_mat = lhs_mat.reshape(groups, rows, depth)
    out_features = rhs.shape[0]
    rhs_mat = xp.transpose(rhs.reshape(groups, out_features // groups, depth), (0, 2, 1))
    out = xp.matmul(lhs_mat, rhs_mat)  # (groups, rows, out features / groups)
    out = out.reshape((groups, canonical[0]) + canonical[2:] + (out_features // groups,))
    out = xp.transpose(out, (1, 0, 2 + nspatial) + tuple(range(2, 2 + nspatial)))
    out = out.reshape(canonical)
    return xp.transpose(out, out_perm).astype(out_dtype, copy=False)


# --- transpose ------------------------------------------------------------------------------
#
# In (N, C, spatial...) terms, with P(x) = lo + x * lhs_dilation the place of input element x
# in the dilated, padded input, the forward conv is
#     out[n, o, y] = sum_{i, k: P(x) = y * stride + k * rhs_dilation} lhs[n, g(o) I + i, x]
#                                                                     * rhs[o, i, k].
# Both cotangents are convolutions again:
# - lhs: ct dilated by the strides, correlated with the spatially reversed kernel (its in
#   and out features swapped) at stride lhs_dilation; feature groups stay feature groups,
#   and batch groups become feature groups whose outputs move back into the batch.
# - rhs: lhs correlated with ct as the window (window dilation = the strides, stride =
#   rhs_dilation), lhs's batch and feature dimensions swapping roles; so feature groups
#   become batch groups and batch groups feature groups.


def _spatial(shape, spec) -> list:
    return [shape[d] for d in spec[2:]]


def _zeros(aval):
    return full(aval.shape, 0, aval.dtype)


def _as_dtype(x, dtype):
    return x if x.dtype == dtype else convert_element_type(x, dtype)


def _conv_transpose_lhs(ct, rhs, lhs_aval, *, window_strides, padding, lhs_dilation,
                        rhs_dilation, dimension_numbers, feature_group_count,
                        batch_group_count, precision, preferred_element_type):
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    ndim = len(lhs_spec)
    window = _spatial(rhs.shape, rhs_spec)
    if 0 in lhs_aval.shape or 0 in ct.shape or 0 in window:
        return _zeros(lhs_aval)
    pads = []
    for size, out_size, k, stride, ld, rd, (lo, _) in zip(
            _spatial(lhs_aval.shape, lhs_spec), _spatial(ct.shape, out_spec), window,
            window_strides, lhs_dilation, rhs_dilation, padding):
        k = _dilate_dim(k, rd)
        # The reversed window's first tap meets input element 0 at P(0) = lo; the high
        # side is cut (or padded) so that exactly `size` outputs come out.
        low = k - 1 - lo
        pads.append((low, (size - 1) * ld + k - low - _dilate_dim(out_size, stride)))
    groups = max(feature_group_count, batch_group_count)
    kernel = _as_dtype(rev(rhs, rhs_spec[2:]), ct.dtype)
    if groups == 1:
        kernel_spec = (rhs_spec[1], rhs_spec[0]) + tuple(rhs_spec[2:])
    else:
        # (O, I, window...) = (G, O/G, I, window...) -> (G * I, O/G, window...): group g's
        # I outputs read group g's O/G cotangent features.
        kernel = transpose(kernel, rhs_spec)
        out_features, in_features = kernel.shape[:2]
        kernel = reshape(kernel, (groups, out_features // groups, in_features) + tuple(window))
        kernel = transpose(kernel, (0, 2, 1) + tuple(range(3, ndim + 1)))
        kernel = reshape(kernel, (groups * in_features, out_features // groups) + tuple(window))
        kernel_spec = tuple(range(ndim))
    canonical = tuple(range(ndim))
    out = conv_general_dilated_p.bind(
        ct, kernel, window_strides=tuple(lhs_dilation), padding=tuple(pads),
        lhs_dilation=tuple(window_strides), rhs_dilation=tuple(rhs_dilation),
        dimension_numbers=ConvDimensionNumbers(
            tuple(out_spec), kernel_spec, canonical if batch_group_count > 1 else tuple(lhs_spec)),
        feature_group_count=groups, batch_group_count=1, precision=precision,
        preferred_element_type=preferred_element_type, out_sharding=None)
    if batch_group_count > 1:
        # (N/G, G * C, spatial...) -> (G, N/G, C, spatial...) -> (N, C, spatial...), then
        # into lhs's layout.
        batch, features = out.shape[:2]
        spatial = tuple(out.shape[2:])
        out = reshape(out, (batch, groups, features // groups) + spatial)
        out = transpose(out, (1, 0) + tuple(range(2, ndim + 1)))
        out = reshape(out, (groups * batch, features // groups) + spatial)
        out = transpose(out, tuple(int(i) for i in np.argsort(lhs_spec)))
    return _as_dtype(out, lhs_aval.dtype)


def _conv_transpose_rhs(ct, lhs, rhs_aval, *, window_strides, padding, lhs_dilation,
                        rhs_dilation, dimension_numbers, feature_group_count,
                        batch_group_count, precision, preferred_element_type):
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    window = _spatial(rhs_aval.shape, rhs_spec)
    if 0 in lhs.shape or 0 in ct.shape or 0 in rhs_aval.shape:
        return _zeros(rhs_aval)
    pads = []
    for size, out_size, k, stride, ld, rd, (lo, _) in zip(
            _spatial(lhs.shape, lhs_spec), _spatial(ct.shape, out_spec), window,
            window_strides, lhs_dilation, rhs_dilation, padding):
        # Same low padding as the forward conv; the high side keeps exactly the k taps.
        pads.append((lo, (k - 1) * rd + _dilate_dim(out_size, stride)
                     - _dilate_dim(size, ld) - lo))

    def swap(spec):
        return (spec[1], spec[0]) + tuple(spec[2:])

    out = conv_general_dilated_p.bind(
        _as_dtype(lhs, ct.dtype), ct, window_strides=tuple(rhs_dilation), padding=tuple(pads),
        lhs_dilation=tuple(lhs_dilation), rhs_dilation=tuple(window_strides),
        dimension_numbers=ConvDimensionNumbers(swap(lhs_spec), swap(out_spec),
                                               swap(rhs_spec)),
        feature_group_count=batch_group_count, batch_group_count=feature_group_count,
        precision=precision, preferred_element_type=preferred_element_type, out_sharding=None)
    return _as_dtype(out, rhs_aval.dtype)


def _conv_general_dilated_transpose(ct, lhs, rhs, *, precision=None,
                                    preferred_element_type=None, out_sharding=None,
                                    **params):
    if is_undefined(lhs) and is_undefined(rhs):
        raise NotImplementedError("conv_general_dilated is not linear in both operands at once")
    if is_undefined(lhs):
        return [_conv_transpose_lhs(ct, rhs, lhs.aval, precision=precision,
                                    preferred_element_type=preferred_element_type, **params),
                None]
    return [None, _conv_transpose_rhs(ct, lhs, rhs.aval, precision=precision,
                                      preferred_element_type=preferred_element_type, **params)]


def _conv_batch(axis, args, dims, **params):
    # convolution_batch.py (imported at the end: it binds the primitive defined here).
    return _batching.conv_batch(axis, args, dims, **params)


# Bilinear in lhs and rhs: conv(t_lhs, rhs) + conv(lhs, t_rhs), with the same params.
conv_general_dilated_p = standard(
    "conv_general_dilated", _conv_impl, _conv_abstract_eval,
    jvp=defjvp(lambda t, ans, lhs, rhs, **params: conv_general_dilated_p.bind(t, rhs, **params),
               lambda t, ans, lhs, rhs, **params: conv_general_dilated_p.bind(lhs, t, **params)),
    transpose=_conv_general_dilated_transpose, batch=_conv_batch)


# --- wrappers -------------------------------------------------------------------------------

def _check_out_sharding(out_sharding):
    if out_sharding is not None:
        raise NotImplementedError("conv_general_dilated: out_sharding is not supported by wax "
                                  f"(got {out_sharding!r}); pass out_sharding=None")


def _explicit_padding(padding) -> tuple:
    try:
        return tuple((operator.index(lo), operator.index(hi)) for lo, hi in padding)
    except JAXTypeError:
        raise
    except (ValueError, TypeError):
        raise ValueError("padding argument to conv_general_dilated should be a string or a "
                         f"sequence of (low, high) pairs, got {padding}") from None


def conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation=None,
                         rhs_dilation=None, dimension_numbers=None, feature_group_count=1,
                         batch_group_count=1, precision=None, preferred_element_type=None,
                         out_sharding=None):
    """N-d convolution with strides, padding, input and window dilation, layouts and
    feature/batch groups (XLA's ConvGeneralDilated)."""
    _check_out_sharding(out_sharding)
    lhs, rhs = lax_operands(lhs, rhs)
    lhs_shape, rhs_shape = _shape_of(lhs), _shape_of(rhs)
    dnums = conv_dimension_numbers(lhs_shape, rhs_shape, dimension_numbers)
    if len(lhs_shape) < 2:
        raise ValueError("conv_general_dilated lhs and rhs need a batch and a feature "
                         f"dimension (rank at least 2), got {lhs_shape} and {rhs_shape}.")
    nspatial = len(lhs_shape) - 2
    window_strides = _int_tuple(window_strides, "conv_general_dilated", "window_strides")
    lhs_dilation = ((1,) * nspatial if lhs_dilation is None else
                    _int_tuple(lhs_dilation, "conv_general_dilated", "lhs_dilation"))
    rhs_dilation = ((1,) * nspatial if rhs_dilation is None else
                    _int_tuple(rhs_dilation, "conv_general_dilated", "rhs_dilation"))
    if isinstance(padding, str):
        if any(d != 1 for d in lhs_dilation):
            raise ValueError("String padding is not implemented for transposed convolution "
                             "using this op. Please either exactly specify the required "
                             "padding or use conv_transpose.")
        for name, value in (("window_strides", window_strides), ("rhs_dilation", rhs_dilation)):
            if len(value) != nspatial:
                raise ValueError(f"conv_general_dilated window and {name} must have the same "
                                 f"number of dimensions, but got {nspatial} and {len(value)}")
        lhs_spec, rhs_spec, _ = dnums
        in_shape = [lhs_shape[d] for d in lhs_spec[2:]]
        window = [_dilate_dim(rhs_shape[d], r) for d, r in zip(rhs_spec[2:], rhs_dilation)]
        padding = tuple(padtype_to_pads(in_shape, window, window_strides, padding))
    else:
        padding = _explicit_padding(padding)
    preferred = (None if preferred_element_type is None else
                 dtypes.check_user_dtype(preferred_element_type, "conv_general_dilated"))
    return conv_general_dilated_p.bind(
        lhs, rhs, window_strides=window_strides, padding=padding, lhs_dilation=lhs_dilation,
        rhs_dilation=rhs_dilation, dimension_numbers=dnums,
        feature_group_count=_int(feature_group_count, "conv_general_dilated",
                                 "feature_group_count"),
        batch_group_count=_int(batch_group_count, "conv_general_dilated", "batch_group_count"),
        precision=canonicalize_precision(precision), preferred_element_type=preferred,
        out_sharding=None)


def conv(lhs, rhs, window_strides, padding, precision=None, preferred_element_type=None):
    """A convolution in NCHW / OIHW layout with 'SAME' or 'VALID' padding."""
    return conv_general_dilated(lhs, rhs, window_strides, padding, precision=precision,
                                preferred_element_type=preferred_element_type)


def conv_with_general_padding(lhs, rhs, window_strides, padding, lhs_dilation, rhs_dilation,
                              precision=None, preferred_element_type=None):
    """A convolution in NCHW / OIHW layout with explicit padding and dilations."""
    return conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation=lhs_dilation,
                                rhs_dilation=rhs_dilation, precision=precision,
                                preferred_element_type=preferred_element_type)


_TRANSPOSE_DEFAULT_SPECS = {2: ("NC", "IO", "NC"), 3: ("NHC", "HIO", "NHC"),
                            4: ("NHWC", "HWIO", "NHWC"), 5: ("NHWDC", "HWDIO", "NHWDC")}


def conv_transpose(lhs, rhs, strides, padding, rhs_dilation=None, dimension_numbers=None,
                   transpose_kernel=False, precision=None, preferred_element_type=None,
                   use_consistent_padding=False):
    """A fractionally strided ("transposed") convolution: the input dilated by `strides`,
    convolved with stride 1; TensorFlow layouts by default."""
    lhs, rhs = lax_operands(lhs, rhs)
    lhs_shape, rhs_shape = _shape_of(lhs), _shape_of(rhs)
    if len(lhs_shape) != len(rhs_shape) or len(lhs_shape) < 2:
        raise TypeError("conv_transpose requires lhs and rhs of equal rank, at least 2, got "
                        f"shapes {lhs_shape} and {rhs_shape}.")
    ndim = len(lhs_shape)
    if dimension_numbers is None:
        if ndim not in _TRANSPOSE_DEFAULT_SPECS:
            raise ValueError("No 4+ dimensional dimension_number defaults.")
        dimension_numbers = _TRANSPOSE_DEFAULT_SPECS[ndim]
    dnums = conv_dimension_numbers(lhs_shape, rhs_shape, dimension_numbers)
    strides = _int_tuple(strides, "conv_transpose", "strides")
    rhs_dilation = ((1,) * (ndim - 2) if rhs_dilation is None else
                    _int_tuple(rhs_dilation, "conv_transpose", "rhs_dilation"))
    window = [rhs_shape[d] for d in dnums.rhs_spec[2:]]
    if use_consistent_padding or padding in ("SAME", "VALID"):
        per_dim = ([padding] * len(strides) if isinstance(padding, str) else
                   [tuple(p) for p in _explicit_padding(padding)])
        pads = tuple(_conv_transpose_padding(_dilate_dim(k, r), s, p)
                     for k, r, s, p in zip(window, rhs_dilation, strides, per_dim))
    else:
        pads = padding
    if transpose_kernel:
        # Flip the window and swap the kernel's in and out features (Keras/TF convention).
        rhs = rev(rhs, dnums.rhs_spec[2:])
        perm = list(range(ndim))
        out_dim, in_dim = dnums.rhs_spec[:2]
        perm[out_dim], perm[in_dim] = in_dim, out_dim
        rhs = transpose(rhs, perm)
    return conv_general_dilated(lhs, rhs, (1,) * (ndim - 2), pads, lhs_dilation=strides,
                                rhs_dilation=rhs_dilation, dimension_numbers=dnums,
                                precision=precision,
                                preferred_element_type=preferred_element_type)


def _dtype_of(x) -> np.dtype:
    dtype = getattr(x, "dtype", None)
    return dtypes.canonicalize_dtype(dtype if dtype is not None else np.asarray(x).dtype)


def conv_general_dilated_patches(lhs, filter_shape, window_strides, padding, lhs_dilation=None,
                                 rhs_dilation=None, dimension_numbers=None, precision=None,
                                 preferred_element_type=None):
    """The patches conv_general_dilated would see: each output feature holds one
    (input feature, window position...) entry, input feature major."""
    filter_shape = _int_tuple(filter_shape, "conv_general_dilated_patches", "filter_shape")
    lhs_shape = _shape_of(lhs)
    dnums = conv_dimension_numbers(lhs_shape, (1, 1) + filter_shape, dimension_numbers)
    lhs_spec, rhs_spec, _ = dnums
    window_size = math.prod(filter_shape)
    channels = lhs_shape[lhs_spec[1]]
    # A one-hot kernel: output feature (c, p) copies window position p of input feature c.
    kernel = np.broadcast_to(np.eye(window_size, dtype=_dtype_of(lhs)),
                             (channels, window_size, window_size))
    kernel = kernel.reshape((channels * window_size, 1) + filter_shape)
    kernel = np.moveaxis(kernel, (0, 1), (rhs_spec[0], rhs_spec[1]))
    return conv_general_dilated(
        lhs, kernel, window_strides, padding, lhs_dilation=lhs_dilation,
        rhs_dilation=rhs_dilation, dimension_numbers=dnums,
        feature_group_count=channels,
        precision=None if precision is None else (precision, Precision.DEFAULT),
        preferred_element_type=preferred_element_type)


def conv_general_dilated_local(lhs, rhs, window_strides, padding, filter_shape,
                               lhs_dilation=None, rhs_dilation=None, dimension_numbers=None,
                               precision=None):
    """An unshared convolution: a separate kernel at each output position, whose `I`
    dimension holds (input feature, window position...) as the patches do."""
    precision_pair = canonicalize_precision(precision)
    if precision_pair is not None and not isinstance(precision_pair, tuple):
        raise ValueError(f"Unsupported precision for conv_general_dilated_local: {precision}")
    patches = conv_general_dilated_patches(
        lhs, filter_shape, window_strides, padding, lhs_dilation=lhs_dilation,
        rhs_dilation=rhs_dilation, dimension_numbers=dimension_numbers,
        precision=None if precision_pair is None else precision_pair[0])
    filter_shape = tuple(filter_shape)
    _, rhs_spec, out_spec = conv_dimension_numbers(
        _shape_of(lhs), (1, 1) + filter_shape, dimension_numbers)
    # Output positions are batch dimensions of one dot_general with the local kernels.
    patch_batch = list(out_spec[2:])
    kernel_batch = [rhs_spec[2:][i] for i in sorted(range(len(patch_batch)),
                                                   key=lambda i: patch_batch[i])]
    patch_batch.sort()
    out = dot_general(patches, rhs, (((out_spec[1],), (rhs_spec[1],)),
                                     (tuple(patch_batch), tuple(kernel_batch))),
                      precision=precision)
    # dot_general gives (positions..., batch, out features): move the last two into place.
    ndim = len(out_spec)
    order = [d for d in range(ndim) if d not in (out_spec[0], out_spec[1])]
    perm = [0] * ndim
    for position, d in enumerate(order):
        perm[d] = position
    perm[out_spec[0]], perm[out_spec[1]] = ndim - 2, ndim - 1
    return transpose(out, perm)


__all__ = ["conv_general_dilated_p", "conv_general_dilated", "conv",
           "conv_with_general_padding", "conv_transpose", "conv_general_dilated_patches",
           "conv_general_dilated_local", "ConvDimensionNumbers",
           "ConvGeneralDilatedDimensionNumbers", "conv_dimension_numbers",
           "conv_general_permutations", "conv_shape_tuple", "conv_general_shape_tuple",
           "conv_transpose_shape_tuple", "padtype_to_pads"]


from . import convolution_batch as _batching  # noqa: E402  (it binds conv_general_dilated_p)
