"""wax demo: a JAX program, unchanged but for its imports.

Renders the Mandelbrot set with a jitted, vectorized escape-time iteration; shows the
Jaxpr wax staged for one step; checks the result against plain NumPy; and times the
jitted function against running the same code op by op.
"""
import time

import numpy as np

import wax as jax
import wax.numpy as jnp

WIDTH, HEIGHT, STEPS = 78, 32, 60
PALETTE = " .:-=+*#%@"


def step(z, c, count):
    """One escape-time iteration over the whole grid: no Python loop over points."""
    inside = jnp.abs(z) <= 2.0
    z = jnp.where(inside, z * z + c, z)
    return z, count + inside.astype(jnp.int32)


def mandelbrot(re, im):
    c = re[None, :] + 1j * im[:, None]
    z = jnp.zeros_like(c)
    count = jnp.zeros(c.shape, jnp.int32)
    for _ in range(STEPS):  # unrolled while tracing: STEPS is a Python constant
        z, count = step(z, c, count)
    return count


def numpy_reference(re, im):
    c = re[None, :].astype(np.complex64) + 1j * im[:, None].astype(np.complex64)
    z = np.zeros_like(c)
    count = np.zeros(c.shape, np.int32)
    for _ in range(STEPS):
        inside = np.abs(z) <= 2.0
        z = np.where(inside, z * z + c, z)
        count += inside
    return count


def main():
    re = jnp.linspace(-2.2, 0.8, WIDTH)
    im = jnp.linspace(-1.2, 1.2, HEIGHT)

    print("The Jaxpr of one step, as wax staged it:")
    z0 = jnp.zeros((2, 2), jnp.complex64)
    print(jax.make_jaxpr(step)(z0, z0, jnp.zeros((2, 2), jnp.int32)))

    fast = jax.jit(mandelbrot)
    start = time.perf_counter()
    counts = fast(re, im).block_until_ready()
    first = time.perf_counter() - start
    start = time.perf_counter()
    counts = fast(re, im).block_until_ready()
    second = time.perf_counter() - start
    with jax.disable_jit():
        start = time.perf_counter()
        eager = mandelbrot(re, im)
        eager_time = time.perf_counter() - start

    levels = (np.asarray(counts) * (len(PALETTE) - 1)) // STEPS
    print(f"\nThe Mandelbrot set, {STEPS} iterations on a {WIDTH}x{HEIGHT} grid:")
    for row in levels:
        print("".join(PALETTE[v] for v in row))

    same = np.array_equal(np.asarray(counts), np.asarray(eager))
    agree = np.mean(np.asarray(counts) == numpy_reference(np.asarray(re), np.asarray(im)))
    print(f"\njit == op-by-op: {same}; points agreeing with NumPy: {agree:.1%}")
    print(f"jit: first call (trace + stage + run) {first * 1e3:.1f} ms, "
          f"second call {second * 1e3:.1f} ms; op by op {eager_time * 1e3:.1f} ms")
    print(f"one jitted program of {len(fast.trace(re, im).jaxpr.eqns)} equations, "
          f"{fast._cache_size()} trace")


if __name__ == "__main__":
    main()
