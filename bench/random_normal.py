"""Eager cost of wax.random's samplers on a million values, against NumPy's own generator
and JAX, one process per framework. Run from the project root:

    python bench/random_normal.py                                  # wax and numpy
    python bench/random_normal.py --fw numpy,jax,wax --jax-python /path/to/venv-with-jax/bin/python

Prints the best of several runs in milliseconds per call and the ratios wax/NumPy and
wax/JAX (NumPy has no keys to split or fold: '-'). A benchmark, never a test: the machine
is shared, so compare only figures from one run.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _frameworks import measure_each, print_table  # noqa: E402

M = 1_000_000
KEYS = 10_000

# name -> statement per framework (None: the framework has no such operation). `r` is
# jax.random or wax.random, `key` a key, `keys` KEYS keys, `vmap` the framework's vmap;
# for NumPy, `rng` is a default_rng() Generator.
CASES = {
    "normal f32 1M": {"numpy": "rng.standard_normal(M, dtype=np.float32)",
                      "keyed": "r.normal(key, (M,))"},
    "uniform f32 1M": {"numpy": "rng.random(M, dtype=np.float32)",
                       "keyed": "r.uniform(key, (M,))"},
    "uniform(-2,3) 1M": {"numpy": "rng.uniform(-2.0, 3.0, M).astype(np.float32)",
                         "keyed": "r.uniform(key, (M,), minval=-2.0, maxval=3.0)"},
    "bits u32 1M": {"numpy": "rng.integers(0, 2**32, M, dtype=np.uint32)",
                    "keyed": "r.bits(key, (M,))"},
    "randint 1M": {"numpy": "rng.integers(0, 100, M, dtype=np.int32)",
                   "keyed": "r.randint(key, (M,), 0, 100)"},
    "split 1M keys": {"numpy": None, "keyed": "r.split(key, M)"},
    "vmap split 10K": {"numpy": None, "keyed": "vmap(r.split)(keys)"},
    "vmap fold_in 10K": {"numpy": None, "keyed": "vmap(r.fold_in, (0, None))(keys, 7)"},
    "normal f32 1K": {"numpy": "rng.standard_normal(1000, dtype=np.float32)",
                      "keyed": "r.normal(key, (1000,))"},
}

SETUP = {
    "numpy": "rng = np.random.default_rng(0)",
    "jax": "import jax\nr = jax.random\nvmap = jax.vmap\nkey = r.key(0)\n"
           "keys = r.split(key, KEYS)",
    "wax": "import wax\nr = wax.random\nvmap = wax.vmap\nkey = r.key(0)\n"
           "keys = r.split(key, KEYS)",
}


def _ready(x):
    for leaf in x if isinstance(x, (tuple, list)) else (x,):
        if hasattr(leaf, "block_until_ready"):
            leaf.block_until_ready()


def measure(fw: str, repeat: int) -> dict:
    import numpy as np
    env = {"np": np, "M": M, "KEYS": KEYS}
    exec(SETUP[fw], env)
    results = {}
    for name, stmts in CASES.items():
        stmt = stmts["numpy" if fw == "numpy" else "keyed"]
        if stmt is None:
            continue
        code = compile(stmt, name, "eval")
        _ready(eval(code, env))  # warm up (staging, compilation)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            _ready(eval(code, env))
            times.append(time.perf_counter() - start)
        results[name] = min(times) * 1e3
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fw", default="numpy,wax")
    parser.add_argument("--jax-python", default=None,
                        help="the interpreter of a venv with JAX (default: this one)")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--child", default=None)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat)))
        return
    table = measure_each(__file__, args.fw.split(","), ("--repeat", str(args.repeat)),
                         args.jax_python)
    print_table(table, CASES, "ms", digits=2)


if __name__ == "__main__":
    main()
