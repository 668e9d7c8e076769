"""Evaluated scan cost against its length: the time per step of an 8x64 tanh RNN cell
for 250 to 16000 steps, so a quadratic cost (re-copying the stacked outputs each step)
would show as a growing per-step time. A benchmark, never a test.

    python bench/scan_length.py
"""
import time

import numpy as np

import wax
import wax.numpy as jnp
from wax import lax


def main():
    rng = np.random.default_rng(0)
    W = (rng.standard_normal((64, 64)) / 8).astype(np.float32)
    h0 = np.zeros((8, 64), np.float32)

    @wax.jit
    def run(h0, xs):
        return lax.scan(lambda h, x: (jnp.tanh(h @ W + x), h), h0, xs)

    print(f"{'steps':>7} {'ms':>9} {'us/step':>8}")
    for n in (250, 1000, 4000, 16000):
        xs = rng.standard_normal((n, 8, 64)).astype(np.float32)
        run(h0, xs)[1].block_until_ready()
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            run(h0, xs)[1].block_until_ready()
            best = min(best, time.perf_counter() - start)
        print(f"{n:7d} {best * 1e3:9.2f} {best / n * 1e6:8.2f}")


if __name__ == "__main__":
    main()
