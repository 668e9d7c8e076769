"""Op records for convolution (wax/primitives/convolution.py).

The reference is a slow, direct reading of XLA's definition: for every output position,
feature and batch element it walks the window, maps each window tap to a coordinate of
the dilated, padded input, and skips taps that land on a dilation hole or in the padding.
Layouts are read from the spec strings here, groups are split group-major by hand, and
'SAME' padding follows JAX's documented rule (ceil(in / stride) outputs, the odd extra on
the high side, on the low side for SAME_LOWER). Integers accumulate in int64 and wrap to
the input type at the end, which equals XLA's wrapping accumulation modulo 2**bits.
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from records import OpRecord, bfloat16, complex64, float16, float32, int8, int32
from wax import lax

_ALL = [float32, float16, bfloat16, complex64, int32]
_F32_I32 = [float32, int32]


def _default_specs(nspatial):
    spatial = "HWDXYZ"[:nspatial]
    return ("NC" + spatial, "OI" + spatial, "NC" + spatial)


def _dilated(size, dilation):
    return 0 if size == 0 else (size - 1) * dilation + 1


def _string_pads(kind, in_sizes, windows, strides):
    if kind == "VALID":
        return [(0, 0)] * len(in_sizes)
    pads = []
    for size, window, stride in zip(in_sizes, windows, strides):
        total = max((math.ceil(size / stride) - 1) * stride + window - size, 0)
        small, large = total // 2, total - total // 2
        pads.append((small, large) if kind == "SAME" else (large, small))
    return pads


def conv_reference(lhs, rhs, strides, padding, lhs_dilation=None, rhs_dilation=None,
                   specs=None, feature_group_count=1, batch_group_count=1, result_dtype=None):
    """conv_general_dilated by its definition, one output element at a time. Integer
    results wrap to `result_dtype` (default: the input's)."""
    nspatial = lhs.ndim - 2
    lhs_spec, rhs_spec, out_spec = specs or _default_specs(nspatial)
    spatial = [c for c in rhs_spec if c not in "OI"]
    x = np.transpose(lhs, [lhs_spec.index(c) for c in ["N", "C"] + spatial])
    w = np.transpose(rhs, [rhs_spec.index(c) for c in ["O", "I"] + spatial])
    lhs_dilation = lhs_dilation or (1,) * nspatial
    rhs_dilation = rhs_dilation or (1,) * nspatial
    in_sizes, window_sizes = x.shape[2:], w.shape[2:]
    windows = [_dilated(k, r) for k, r in zip(window_sizes, rhs_dilation)]
    if isinstance(padding, str):
        padding = _string_pads(padding, in_sizes, windows, strides)
    out_sizes = [max(0, (_dilated(n, d) + lo + hi - k) // s + 1) for n, d, (lo, hi), k, s
                 in zip(in_sizes, lhs_dilation, padding, windows, strides)]
    batch = x.shape[0]
    out_features, kernel_in = w.shape[:2]
    groups = max(feature_group_count, batch_group_count)
    out_batch = batch // batch_group_count
    per_group = out_features // groups
    acc_dtype = (np.complex128 if x.dtype.kind == "c" else
                 np.int64 if x.dtype.kind in "iu" else np.float64)
    x, w = x.astype(acc_dtype), w.astype(acc_dtype)
    out = np.zeros((out_batch, out_features) + tuple(out_sizes), acc_dtype)
    for n, o in itertools.product(range(out_batch), range(out_features)):
        g = o // per_group
        b = g * out_batch + n if batch_group_count > 1 else n
        channels = (slice(g * kernel_in, (g + 1) * kernel_in) if feature_group_count > 1
                    else slice(0, kernel_in))
        for pos in itertools.product(*map(range, out_sizes)):
            total = 0
            for tap in itertools.product(*map(range, window_sizes)):
                index = []
                for p, t, s, r, d, (lo, _), size in zip(pos, tap, strides, rhs_dilation,
                                                         lhs_dilation, padding, in_sizes):
                    q = p * s + t * r - lo  # coordinate in the dilated input
                    if q < 0 or q % d or q // d >= size:
                        break
                    index.append(q // d)
                else:
                    total = total + np.dot(x[(b, channels) + tuple(index)],
                                           w[(o, slice(None)) + tap])
            out[(n, o) + pos] = total
    order = ["N", "C"] + spatial
    out = np.transpose(out, [order.index(c) for c in out_spec])
    result_dtype = np.dtype(result_dtype or lhs.dtype)
    return out.astype(result_dtype) if result_dtype.kind in "iu" else out


def _record(label, shapes, dtypes_, strides, padding, tol=None, **params):
    def op(lhs, rhs):
        return lax.conv_general_dilated(lhs, rhs, strides, padding, **params)

    ref_params = dict(params)
    if "dimension_numbers" in ref_params:
        ref_params["specs"] = ref_params.pop("dimension_numbers")
    if "preferred_element_type" in ref_params:
        ref_params["result_dtype"] = ref_params.pop("preferred_element_type")

    def ref(lhs, rhs):
        return conv_reference(lhs, rhs, strides, padding, **ref_params)

    preferred = params.get("preferred_element_type")
    return OpRecord(f"conv_general_dilated-{label}", op, ref, 2, dtypes_, [shapes],
                    out_dtype=None if preferred is None else lambda *d: preferred, tol=tol)


_NHWC = ("NHWC", "HWIO", "NHWC")

CONV_RECORDS = [
    # 1-D
    _record("1d-valid", ((2, 3, 7), (4, 3, 3)), _ALL, (1,), "VALID"),
    _record("1d-strided-same", ((2, 2, 8), (3, 2, 3)), _F32_I32, (2,), "SAME"),
    _record("1d-same-lower", ((1, 2, 6), (2, 2, 4)), [float32], (1,), "SAME_LOWER"),
    _record("1d-window-larger-than-input", ((1, 2, 2), (2, 2, 4)), [float32], (1,), "VALID"),
    _record("1d-nwc-batch-groups", ((6, 7, 2), (3, 2, 6)), [float32, int32], (2,),
            ((1, 0),), dimension_numbers=("NWC", "WIO", "NWC"), batch_group_count=3),
    # 2-D: padding and strides
    _record("2d-valid", ((2, 3, 5, 6), (4, 3, 3, 2)), _ALL, (1, 1), "VALID"),
    _record("2d-strided-same", ((2, 3, 7, 6), (4, 3, 3, 3)), [float32, float16], (2, 3),
            "SAME"),
    _record("2d-explicit-padding", ((1, 2, 4, 5), (3, 2, 2, 3)), _F32_I32, (1, 2),
            ((1, 2), (0, 1))),
    _record("2d-negative-padding", ((1, 2, 6, 6), (2, 2, 2, 2)), [float32], (1, 1),
            ((-1, 2), (2, -2))),
    _record("2d-crop-everything-but-one", ((1, 1, 4, 3), (1, 1, 1, 1)), [float32], (1, 1),
            ((-3, 0), (0, -2))),
    # 2-D: dilations
    _record("2d-lhs-dilation", ((1, 2, 3, 4), (2, 2, 3, 2)), _F32_I32, (1, 1),
            ((2, 2), (1, 0)), lhs_dilation=(2, 3)),
    _record("2d-rhs-dilation-same", ((2, 2, 7, 6), (3, 2, 3, 2)), [float32, bfloat16],
            (1, 1), "SAME", rhs_dilation=(2, 3)),
    _record("2d-both-dilations-strided", ((1, 2, 5, 4), (2, 2, 2, 3)), [float32, complex64],
            (2, 2), ((1, 0), (2, 1)), lhs_dilation=(2, 1), rhs_dilation=(1, 2)),
    _record("2d-lhs-dilation-negative-padding", ((1, 1, 4, 3), (1, 1, 2, 2)), [float32],
            (1, 2), ((-2, 1), (-1, -1)), lhs_dilation=(3, 2)),
    # 2-D: layouts
    _record("2d-nhwc-hwio", ((2, 5, 6, 3), (3, 3, 3, 4)), [float32, float16, int32], (1, 2),
            "SAME", dimension_numbers=_NHWC),
    _record("2d-permuted-spatial", ((2, 5, 4, 3), (3, 2, 4, 3)), [float32], (1, 2),
            ((1, 0), (0, 1)), dimension_numbers=("NWHC", "IWOH", "WHCN")),
    _record("2d-out-layout-differs", ((2, 3, 5, 4), (4, 2, 3, 3)), [float32], (2, 1),
            "VALID", dimension_numbers=("NCHW", "OHWI", "HNWC")),
    # 2-D: groups
    _record("2d-feature-groups", ((2, 6, 5, 5), (4, 3, 3, 3)), [float32, int32, complex64],
            (1, 1), "VALID", feature_group_count=2),
    _record("2d-depthwise-nhwc", ((2, 5, 5, 3), (3, 3, 1, 6)), [float32, float16], (1, 1),
            "SAME", dimension_numbers=_NHWC, feature_group_count=3),
    _record("2d-feature-groups-strided-dilated", ((1, 4, 6, 6), (6, 2, 2, 2)), [float32],
            (2, 1), ((0, 1), (1, 1)), rhs_dilation=(2, 1), feature_group_count=2),
    _record("2d-batch-groups", ((4, 3, 5, 5), (6, 3, 2, 2)), [float32, int32], (1, 1),
            "VALID", batch_group_count=2),
    _record("2d-batch-groups-nhwc", ((6, 4, 3, 2), (2, 2, 2, 3)), [float32], (1, 1),
            ((0, 1), (1, 0)), dimension_numbers=_NHWC, batch_group_count=3),
    # 3-D
    _record("3d-explicit", ((1, 2, 4, 5, 3), (3, 2, 2, 3, 2)), _F32_I32, (1, 2, 1),
            ((1, 0), (1, 1), (0, 1))),
    _record("3d-ndhwc-same-dilated", ((1, 4, 5, 3, 2), (2, 3, 2, 2, 3)), [float32, float16],
            (2, 1, 1), "SAME", dimension_numbers=("NDHWC", "DHWIO", "NDHWC"),
            rhs_dilation=(1, 2, 1)),
    _record("3d-feature-groups-lhs-dilation", ((1, 4, 3, 2, 2), (2, 2, 2, 2, 1)), [float32],
            (1, 1, 1), ((0, 0), (1, 1), (0, 0)), lhs_dilation=(2, 1, 2),
            feature_group_count=2),
    # rank 2: no spatial dimensions, a matrix product
    _record("0d-spatial", ((3, 4), (5, 4)), _F32_I32, (), ()),
    # integers: int8 wraps like XLA's int8 accumulation; preferred types widen it
    _record("2d-int8-wraps", ((1, 3, 4, 4), (2, 3, 3, 3)), [int8], (1, 1), "VALID"),
    _record("2d-preferred-i32", ((1, 3, 4, 4), (2, 3, 3, 3)), [int8], (1, 1), "VALID",
            preferred_element_type=int32),
    _record("2d-preferred-f32", ((1, 3, 4, 4), (2, 3, 3, 3)), [float16, bfloat16, int8],
            (1, 1), "SAME", preferred_element_type=float32),
]


# --- the wrappers -------------------------------------------------------------------------

def _conv(lhs, rhs):
    return lax.conv(lhs, rhs, (2, 1), "SAME")


def _conv_with_general_padding(lhs, rhs):
    return lax.conv_with_general_padding(lhs, rhs, (1, 2), ((1, 0), (0, 2)), (2, 1), (1, 2))


def transpose_reference(lhs, rhs, strides, length, flip):
    """A transposed conv as a scatter, NHWC / HWIO: each input element adds its value times
    the kernel at input_position * stride + tap; `length` crops or zero-pads the result.
    With flip=False (JAX's default) the taps are reversed and rhs is read as HWIO; with
    flip=True (Keras' convention) rhs's O dimension meets lhs's features."""
    nspatial = lhs.ndim - 2
    if flip:
        rhs = np.swapaxes(rhs, -1, -2)
    else:
        rhs = rhs[tuple(slice(None, None, -1) for _ in range(nspatial))]
    window = rhs.shape[:nspatial]
    full = [(n - 1) * s + k for n, s, k in zip(lhs.shape[1:-1], strides, window)]
    out = np.zeros((lhs.shape[0],) + tuple(max(f, n) for f, n in zip(full, length))
                   + (rhs.shape[-1],), np.result_type(lhs, rhs))
    for pos in itertools.product(*(range(n) for n in lhs.shape[1:-1])):
        for tap in itertools.product(*map(range, window)):
            target = tuple(p * s + t for p, s, t in zip(pos, strides, tap))
            out[(slice(None),) + target] += lhs[(slice(None),) + pos] @ rhs[tap]
    return out[(slice(None),) + tuple(slice(0, n) for n in length)]


def _transpose_record(label, shapes, dtypes_, strides, padding, length, flip):
    def op(lhs, rhs):
        return lax.conv_transpose(lhs, rhs, strides, padding, transpose_kernel=flip)

    def ref(lhs, rhs):
        return transpose_reference(lhs, rhs, strides, length, flip)

    return OpRecord(f"conv_transpose-{label}", op, ref, 2, dtypes_, [shapes])


def _patches(lhs):
    return lax.conv_general_dilated_patches(lhs, (2, 3), (1, 2), ((1, 0), (0, 1)))


def patches_reference(lhs):
    """NCHW patches of a (2, 3) window, strides (1, 2), padding ((1, 0), (0, 1)): output
    feature c * 6 + (i * 3 + j) holds tap (i, j) of input feature c."""
    x = np.pad(lhs, ((0, 0), (0, 0), (1, 0), (0, 1)))
    out_h, out_w = x.shape[2] - 1, (x.shape[3] - 3) // 2 + 1
    out = np.zeros((lhs.shape[0], lhs.shape[1] * 6, out_h, out_w), lhs.dtype)
    for c, i, j, y, z in itertools.product(range(lhs.shape[1]), range(2), range(3),
                                           range(out_h), range(out_w)):
        out[:, c * 6 + i * 3 + j, y, z] = x[:, c, y + i, 2 * z + j]
    return out


def _local(lhs, rhs):
    return lax.conv_general_dilated_local(lhs, rhs, (1, 1), "VALID", (2, 2),
                                          dimension_numbers=_NHWC)


def local_reference(lhs, rhs):
    """An NHWC unshared conv with a (2, 2) window: rhs[y, x, (c, i, j), o] is the kernel of
    output position (y, x)."""
    batch, height, width, _ = lhs.shape
    out = np.zeros((batch, height - 1, width - 1, rhs.shape[-1]), np.result_type(lhs, rhs))
    for y, x in itertools.product(range(height - 1), range(width - 1)):
        patch = np.transpose(lhs[:, y:y + 2, x:x + 2, :], (0, 3, 1, 2)).reshape(batch, -1)
        out[:, y, x, :] = patch @ rhs[y, x]
    return out


WRAPPER_RECORDS = [
    OpRecord("conv-strided-same", _conv,
             lambda lhs, rhs: conv_reference(lhs, rhs, (2, 1), "SAME"), 2,
             [float32, float16, int32], [((2, 3, 5, 4), (2, 3, 3, 2))]),
    OpRecord("conv_with_general_padding", _conv_with_general_padding,
             lambda lhs, rhs: conv_reference(lhs, rhs, (1, 2), ((1, 0), (0, 2)), (2, 1),
                                             (1, 2)), 2,
             [float32], [((1, 2, 3, 5), (2, 2, 2, 2))]),
    _transpose_record("1d-valid", ((2, 3, 2), (3, 2, 4)), [float32, int32], (2,), "VALID",
                      (7,), flip=False),
    _transpose_record("1d-valid-stride-above-window", ((1, 3, 2), (2, 1, 2)), [float32],
                      (3,), "VALID", (9,), flip=True),
    _transpose_record("2d-same-flip", ((1, 3, 2, 2), (3, 2, 3, 2)), [float32, float16],
                      (2, 2), "SAME", (6, 4), flip=True),
    _transpose_record("2d-valid-flip", ((2, 2, 3, 3), (2, 3, 2, 3)), [float32], (2, 1),
                      "VALID", (4, 5), flip=True),
    OpRecord("conv_general_dilated_patches", _patches, patches_reference, 1,
             [float32, int32, bfloat16], [((2, 2, 3, 4),)], exact=True),
    OpRecord("conv_general_dilated_local", _local, local_reference, 2, [float32],
             [((2, 3, 4, 2), (2, 3, 8, 3))]),
]

RECORDS = CONV_RECORDS + WRAPPER_RECORDS
