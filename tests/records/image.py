"""Op records for wax.image (resize, scale_and_translate), checked against a float64 NumPy
reference written here pixel by pixel from the documented semantics: pixel centres at
i + 0.5, output pixel o sampling input coordinate (o + 0.5 - translation) / scale, the
kernel widened by 1/scale when antialiasing a downsample, weights normalised per output
pixel, zero where the sample falls outside the input, PyTorch's bicubic without
antialiasing repeating the edge pixels (and never zero outside). JAX's own values (tests/data/jax_image.json) are
compared in tests/image/.

The records' operands all come from one generator; each op maps them into its domain
(scale = 0.4 + u / 3, ...) in both the op and the reference, so the checked derivatives
include those in scale and translation.
"""
import math

import numpy as np

import wax.image as image

from . import OpRecord, float32, int32, rand_positive, to

METHODS = ("linear", "cubic", "cubic-pytorch", "lanczos3", "lanczos5", "area")


# --- the reference ------------------------------------------------------------------------

def _keys(x, a):
    if x >= 2:
        return 0.0
    if x >= 1:
        return a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a
    return (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1


def _lanczos(x, radius):
    if x > radius:
        return 0.0
    if x < 1e-12:
        return 1.0
    return radius * math.sin(math.pi * x) * math.sin(math.pi * x / radius) / (math.pi * x) ** 2


_KERNELS = {"linear": lambda x: max(0.0, 1.0 - x), "cubic": lambda x: _keys(x, -0.5),
            "cubic-pytorch": lambda x: _keys(x, -0.5),
            "lanczos3": lambda x: _lanczos(x, 3), "lanczos5": lambda x: _lanczos(x, 5)}


def reference_weights(method, in_size, out_size, scale, translation, antialias):
    """W[j, o]: input pixel j's share of output pixel o, one scalar at a time."""
    weights = np.zeros((in_size, out_size))
    for o in range(out_size):
        centre = (o + 0.5 - translation) / scale  # in input coordinates, pixel j at j + 0.5
        edge_padded = method == "cubic-pytorch" and not antialias
        if not edge_padded and not 0.0 <= centre <= in_size:
            continue
        column = np.zeros(in_size)
        if method == "area":
            start, end = (o - translation) / scale, (o + 1 - translation) / scale
            for j in range(in_size):
                column[j] = max(0.0, min(end, j + 1) - max(start, j))
        elif edge_padded:
            for p in range(-2, in_size + 2):  # the edge pixels repeated twice each side
                column[min(max(p, 0), in_size - 1)] += _keys(abs(centre - (p + 0.5)), -0.75)
        else:
            width = max(1.0, 1.0 / scale) if antialias else 1.0
            for j in range(in_size):
                column[j] = _KERNELS[method](abs(centre - (j + 0.5)) / width)
        total = column.sum()
        if abs(total) > 1000 * np.finfo(np.float32).eps:
            weights[:, o] = column / total
    return weights


def reference_resample(x, shape, dims, scales, translations, method, antialias=True):
    out = np.asarray(x, np.float64)
    for d, s, t in zip(dims, scales, translations):
        w = reference_weights(method, out.shape[d], shape[d], float(s), float(t), antialias)
        out = np.moveaxis(np.tensordot(out, w, axes=([d], [0])), -1, d)
    return out


def reference_resize(x, shape, method, antialias=True):
    dims = [d for d in range(x.ndim) if x.shape[d] != shape[d]]
    if method == "nearest":
        for d in dims:  # the input pixel whose extent holds the output pixel's centre
            centres = (np.arange(shape[d]) + 0.5) * x.shape[d] / shape[d]
            x = np.take(x, np.floor(centres).astype(int), axis=d)
        return x
    return reference_resample(x, shape, dims, [shape[d] / x.shape[d] for d in dims],
                              [0.0] * len(dims), method, antialias)


# --- records ------------------------------------------------------------------------------

def _resize_record(method, antialias, src, dst):
    def op(x):
        return image.resize(x, dst, method, antialias=antialias)

    def ref(x):
        return reference_resize(x, dst, method, antialias)

    nearest = method == "nearest"
    return OpRecord(f"image.resize_{method}_{'aa' if antialias else 'noaa'}", op, ref, 1,
                    [float32] if nearest else [float32, int32], shapes=[src],
                    out_dtype=None if nearest else to(float32), tol=1e-5,
                    rng=rand_positive)


def _scale(u):
    return 0.4 + u / 3  # (0.57, 1.57): both downsampling and upsampling


def _translation(u):
    return u - 2


def _scale_translate_record(method, antialias):
    src, dst, dims = (2, 5, 4), (2, 3, 6), (1, 2)

    def op(x, s, t):
        return image.scale_and_translate(x, dst, dims, _scale(s), _translation(t), method,
                                         antialias=antialias)

    def ref(x, s, t):
        return reference_resample(x, dst, dims, _scale(s), _translation(t), method, antialias)

    return OpRecord(f"image.scale_and_translate_{method}_{'aa' if antialias else 'noaa'}",
                    # The weights have kinks (triangle, overlaps, the 1/scale widening) at
                    # finitely many points; the random draws sit farther than a step from
                    # them, so derivatives are checked to order 2 like everywhere else.
                    op, ref, 3, [float32], shapes=[(src, (2,), (2,))], tol=1e-5,
                    rng=rand_positive)


# antialias changes only downsampling (and PyTorch's bicubic): every method with it, the
# two whose weights differ most without it; the exhaustive grid is in tests/image/.
_NO_ANTIALIAS = ("linear", "cubic-pytorch")
RECORDS = (
    [_resize_record(m, True, (3, 5), (5, 3)) for m in METHODS]
    + [_resize_record(m, False, (3, 5), (5, 3)) for m in _NO_ANTIALIAS]
    + [_resize_record("nearest", True, (3, 5), (7, 2))]
    + [_scale_translate_record(m, True) for m in METHODS]
    + [_scale_translate_record(m, False) for m in _NO_ANTIALIAS]
)
