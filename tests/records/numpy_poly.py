"""Op records for wax.numpy's polynomials, window functions, i0 and spacing
(polynomials.py, windows.py).

Expected dtypes are JAX's (x64 off): polyadd, polysub and polyval keep integer dtypes
(they only promote the operands together), the other polynomial functions compute in the
inexact dtype (integers: float32); the windows are float32 whatever beta's dtype; i0 and
spacing of integers are float32. polydiv's remainder keeps u's length (NumPy trims its
leading zeros, so the reference pads them back).
"""
import numpy as np

import wax.numpy as jnp

from . import (OpRecord, bfloat16, complex64, float16, float32, float_of, int8, int32,
               rand_nonzero, rand_positive, to, uint8)


def rand_roots(shape, dtype, rng):
    """Well-separated real values (distinct roots keep poly and roots well conditioned)."""
    base = np.linspace(-2, 2, shape[-1]) if shape else np.zeros(())
    return (base + rng.uniform(-0.3, 0.3, size=shape)).astype(dtype)


def rand_fit(shape, dtype, rng):
    """Sample points for polyfit: spread-out x (sorted) or noisy values."""
    return (np.linspace(-2, 2, shape[0]).reshape((-1,) + (1,) * (len(shape) - 1))
            + rng.uniform(-0.2, 0.2, size=shape)).astype(dtype)


def np_polydiv(u, v):
    q, r = np.polydiv(u, v)
    return q, np.concatenate([np.zeros(len(u) - len(r), r.dtype), r])


def np_polyint(p, m=1, k=None):
    return np.polyint(p, m, [] if k is None else k)


def joint(a, b):
    """JAX's promotion of the two dtypes the records mix (an integer with float32)."""
    return a if a == b else float32


def inexact2(a, b):
    return float_of(joint(a, b))


def np_spacing_like_jax(x):
    """np.spacing in the input's float dtype (integers: float32)."""
    if x.dtype.kind in "iub":
        x = x.astype(np.float32)
    return np.spacing(x)


WINDOWS = [("bartlett", np.bartlett), ("blackman", np.blackman), ("hamming", np.hamming),
           ("hanning", np.hanning)]

RECORDS = [
    OpRecord("poly", jnp.poly, np.poly, 1, [float32, int32, complex64],
             shapes=[(3,), (1,)], rng=rand_roots, out_dtype=float_of),
    OpRecord("polyadd", jnp.polyadd, np.polyadd, 2, [float32, int32, int8, (int8, float32)],
             shapes=[((3,), (5,)), ((4,), (2,)), ((3,), (3,))],
             out_dtype=joint),
    OpRecord("polysub", jnp.polysub, np.polysub, 2, [float32, int32, complex64],
             shapes=[((3,), (5,)), ((4,), (1,))]),
    OpRecord("polymul", jnp.polymul, np.polymul, 2, [float32, int32, complex64],
             shapes=[((3,), (4,)), ((1,), (2,))], out_dtype=inexact2),
    OpRecord("polydiv", jnp.polydiv, np_polydiv, 2, [float32, (int32, float32)],
             shapes=[((5,), (3,)), ((4,), (1,)), ((2,), (3,))], rng=rand_nonzero,
             out_dtype=lambda a, b: (inexact2(a, b),) * 2, tol=1e-4),
    OpRecord("polyder", lambda p, **kw: jnp.polyder(p, **kw), np.polyder, 1,
             [float32, int32], shapes=[(5,), (2,)], params={"m": 2}, out_dtype=float_of),
    OpRecord("polyint", lambda p, **kw: jnp.polyint(p, **kw), np_polyint, 1,
             [float32, int32], shapes=[(4,), (1,)], params={"m": 2, "k": np.array([1.5, -2.0])},
             out_dtype=float_of),
    OpRecord("polyint-scalar-k", lambda p, **kw: jnp.polyint(p, **kw),
             lambda p, m, k: np.polyint(p, m, [k] * m), 1, [float32],
             shapes=[(3,)], params={"m": 3, "k": 0.5}),
    OpRecord("polyval", jnp.polyval, np.polyval, 2,
             [float32, int32, complex64, (int32, float32)],
             shapes=[((4,), (3,)), ((1,), ()), ((3, 2), (2,)), ((3,), (2, 2))],
             out_dtype=joint),
    OpRecord("polyfit", lambda x, y, **kw: jnp.polyfit(x, y, **kw),
             lambda x, y, **kw: np.polyfit(x, y, **kw), 2, [float32],
             shapes=[((6,), (6,)), ((5,), (5, 2))], rng=rand_fit, params={"deg": 2},
             tol=1e-3, grad_tol_f32=5e-2),
    OpRecord("polyfit-weighted-cov", lambda x, y, w, **kw: jnp.polyfit(x, y, w=w, **kw),
             lambda x, y, w, **kw: np.polyfit(x, y, w=w, **kw), 3, [float32],
             shapes=[((7,), (7,), (7,))], rng=rand_fit, params={"deg": 1, "cov": True},
             out_dtype=lambda *_: (float32, float32), tol=1e-3, grad_tol_f32=5e-2),
    # jvp=False: the roots come from eigvals (whose derivative the linalg records check)
    # and are sorted here, so a conjugate pair can swap under a perturbation.
    OpRecord("roots", lambda p: jnp.sort_complex(jnp.roots(p, strip_zeros=False)),
             lambda p: np.sort_complex(np.roots(p)), 1, [float32],
             shapes=[(4,), (2,)], rng=rand_nonzero, out_dtype=to(complex64), tol=1e-3,
             jvp=False),
    OpRecord("vander", lambda x, **kw: jnp.vander(x, **kw), np.vander, 1,
             [float32, int32, complex64], shapes=[(4,), (1,)]),
    OpRecord("vander-N-increasing", lambda x, **kw: jnp.vander(x, **kw), np.vander, 1,
             [float32, int8], shapes=[(3,)], params={"N": 5, "increasing": True},
             rng=rand_positive),

    # Windows take no array (jvp=False: nothing to differentiate), except kaiser's beta.
    *[OpRecord(f"{name}-{M}", getattr(jnp, name), ref, 0, [float32], params={"M": M},
               out_dtype=to(float32), jvp=False)
      for name, ref in WINDOWS for M in (0, 1, 6)],
    OpRecord("kaiser", lambda beta: jnp.kaiser(7, beta),
             lambda beta: np.kaiser(7, float(beta)), 1, [float32, float16, int32],
             shapes=[()], rng=rand_positive, out_dtype=to(float32)),
    OpRecord("i0", jnp.i0, np.i0, 1, [float32, float16, bfloat16, int32, uint8],
             out_dtype=float_of),
    # jvp=False: nextafter has no derivative (JAX's spacing is not differentiable either).
    OpRecord("spacing", jnp.spacing, np_spacing_like_jax, 1, [float32, float16, int32],
             ref_same_dtype=True, out_dtype=float_of, exact=True, jvp=False),
]
