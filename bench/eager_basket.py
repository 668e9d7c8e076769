"""Eager per-op cost of wax against NumPy (and JAX when importable), one process per
framework, on a basket of small operations. Run from the project root:

    python bench/eager_basket.py                       # wax and numpy
    /path/to/venv-with-jax/bin/python bench/eager_basket.py --fw numpy,jax,wax

Prints microseconds per operation and the ratios wax/NumPy and wax/JAX. A benchmark,
never a test: the machine is shared, so compare only figures from one run.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import timeit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _frameworks import measure_each, print_table  # noqa: E402

BASKET = [
    # name, setup (defines x: float32[3], i: int32[3], m: float32[4,5], n: a NumPy float32[3]), stmt
    ("f32 y*0.5+1", "y*0.5+1"),
    ("f32 x*y", "x*y"),
    ("f32 x/2", "x/2.0"),
    ("i32 i+1", "i+1"),
    ("i32 i*i", "i*i"),
    ("x > 0", "x > 0"),
    ("-x", "-x"),
    ("x[1]", "x[1]"),
    ("m[1:3]", "m[1:3]"),
    ("m.reshape(5,4)", "m.reshape(5, 4)"),
    ("m.T", "m.T"),
    ("x.sum()", "x.sum()"),
    ("m.sum(axis=0)", "m.sum(axis=0)"),
    ("sin(x)", "xp.sin(x)"),
    ("numpy + wax", "n + x"),
    ("m @ m.T", "m @ mt"),
]

SETUP = """
import numpy as np
{imports}
x = xp.asarray(np.array([1.0, 2.0, 3.0], np.float32))
y = x
i = xp.asarray(np.array([1, 2, 3], np.int32))
m = xp.asarray(np.arange(20, dtype=np.float32).reshape(4, 5))
mt = xp.asarray(np.arange(20, dtype=np.float32).reshape(5, 4))
n = np.array([1.0, 2.0, 3.0], np.float32)
"""

IMPORTS = {"numpy": "xp = np", "jax": "import jax.numpy as xp",
           "wax": "import wax.numpy as xp"}


def measure(fw: str) -> dict:
    setup = SETUP.format(imports=IMPORTS[fw])
    results = {}
    for name, stmt in BASKET:
        timer = timeit.Timer(stmt, setup)
        number, _ = timer.autorange()
        best = min(timer.repeat(repeat=5, number=number)) / number
        results[name] = best * 1e6
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fw", default="numpy,wax")
    parser.add_argument("--child", default=None)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    table = measure_each(__file__, args.fw.split(","))
    print_table(table, [name for name, _ in BASKET], "us")


if __name__ == "__main__":
    main()
