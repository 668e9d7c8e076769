"""Op records for wax.random: the threefry2x32 primitive and the samplers that are smooth
functions of their parameters for a fixed key (so values, jit, vmap and gradients are
checked like any op).

threefry2x32's reference is Threefry-2x32 written with Python integers (it shares no code
with the NumPy impl; tests/random/test_random_keys.py checks it on JAX's known-answer
vectors). The samplers' references apply the distribution's transform, in float64, to the
standard draws JAX 0.10.2 gives for random.key(0) (tests/data/jax_random.json), so they
also pin the draws to JAX's. Gamma-based samplers are left out: their derivative in the
shape parameter is JAX's implicit-reparameterization rule, not the pathwise derivative a
finite difference of one sample sees (tests/random/test_random_transforms.py checks it).
"""
import json
import pathlib

import numpy as np

import wax.random as random
from wax.primitives.prng import threefry2x32

from . import OpRecord, float32, rand_default, rand_positive, uint32

_DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" / "jax_random.json")
                   .read_text())["cases"]
KEY = random.key(0)


def _jax_draws(expr):
    return np.asarray(_DATA[expr]["value"], np.float64)


UNIFORM = _jax_draws("random.uniform(random.key(0), (3,))")
NORMAL = _jax_draws("random.normal(random.key(0), (3,))")
EXPONENTIAL = _jax_draws("random.exponential(random.key(0), (3,))")


# --- threefry2x32 ---------------------------------------------------------------------------

def _threefry_python(k1, k2, x1, x2):
    mask = 0xFFFFFFFF
    rotations = [13, 15, 26, 6, 17, 29, 16, 24]
    keys = [k1, k2, k1 ^ k2 ^ 0x1BD11BDA]
    x = [(x1 + k1) & mask, (x2 + k2) & mask]
    for i in range(20):
        r = rotations[i % 8]
        x[0] = (x[0] + x[1]) & mask
        x[1] = ((x[1] << r) | (x[1] >> (32 - r))) & mask
        x[1] ^= x[0]
        if i % 4 == 3:
            j = i // 4 + 1
            x[0] = (x[0] + keys[j % 3]) & mask
            x[1] = (x[1] + keys[(j + 1) % 3] + j) & mask
    return x


def threefry_ref(k1, k2, x1, x2):
    arrays = np.broadcast_arrays(k1, k2, x1, x2)
    out = [_threefry_python(*map(int, args)) for args in zip(*(a.ravel() for a in arrays))]
    shape = arrays[0].shape
    return [np.array([o[i] for o in out], np.uint32).reshape(shape) for i in range(2)]


def rand_words(shape, dtype, rng):
    """Any uint32 words, edges included."""
    words = rng.integers(0, 2 ** 32, size=shape, dtype=np.uint64).astype(dtype)
    if words.size:
        words.flat[0] = 0xFFFFFFFF
    return words


def rand_spd(shape, dtype, rng):
    """Symmetric positive definite matrices (a covariance)."""
    n = shape[-1]
    a = rng.uniform(-1, 1, size=shape)
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


def _multivariate_normal_ref(mean, cov):
    return mean + np.linalg.cholesky(cov) @ NORMAL


RECORDS = [
    # Integer words in and out: no derivative exists (float0 tangents).
    OpRecord("threefry2x32", lambda *w: threefry2x32(*w), threefry_ref, 4, [uint32],
             shapes=[((),) * 4, ((3,),) * 4, ((2, 3),) * 4, ((), (), (2, 3), (2, 3)),
                     ((1, 3), (2, 1), (2, 3), ())],
             rng=rand_words, out_dtype=lambda *d: (uint32, uint32), exact=True, jvp=False),
    OpRecord("random.uniform(minval, maxval)",
             lambda lo, hi: random.uniform(KEY, (3,), minval=lo, maxval=hi),
             lambda lo, hi: np.maximum(lo, UNIFORM * (hi - lo) + lo), 2, [float32],
             shapes=[((), ()), ((3,), (3,)), ((3,), ())]),
    OpRecord("random.lognormal(sigma)", lambda s: random.lognormal(KEY, s, (3,)),
             lambda s: np.exp(NORMAL * s), 1, [float32], shapes=[(), (3,)],
             rng=rand_positive),
    OpRecord("random.pareto(b)", lambda b: random.pareto(KEY, b, (3,)),
             lambda b: np.exp(EXPONENTIAL / b), 1, [float32], shapes=[(), (3,)],
             rng=rand_positive),
    OpRecord("random.rayleigh(scale)", lambda s: random.rayleigh(KEY, s, (3,)),
             lambda s: s * np.sqrt(-2 * np.log(UNIFORM)), 1, [float32], shapes=[(), (3,)],
             rng=rand_positive),
    OpRecord("random.weibull_min(scale, concentration)",
             lambda s, c: random.weibull_min(KEY, s, c, (3,)),
             lambda s, c: (-np.log1p(-UNIFORM)) ** (1 / c) * s, 2, [float32],
             shapes=[((), ()), ((3,), (3,)), ((), (3,))], rng=rand_positive),
    OpRecord("random.multivariate_normal(mean, cov)",
             lambda m, c: random.multivariate_normal(KEY, m, c),
             _multivariate_normal_ref, 2, [float32], shapes=[((3,), (3, 3))],
             rng=lambda shape, dtype, rng: (rand_spd if len(shape) == 2 else rand_default)(
                 shape, dtype, rng)),
]
