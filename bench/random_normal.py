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
import subprocess
import sys
import time

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
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
               JAX_PLATFORMS="cpu")
    table = {}
    for fw in args.fw.split(","):
        python = args.jax_python if fw == "jax" and args.jax_python else sys.executable
        out = subprocess.run([python, __file__, "--child", fw, "--repeat", str(args.repeat)],
                             env=env, capture_output=True, text=True)
        if out.returncode:
            print(f"{fw}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            continue
        table[fw] = json.loads(out.stdout)
    fws = list(table)
    cell = lambda fw, name: (f"{table[fw][name]:11.2f}" if name in table[fw]  # noqa: E731
                             else f"{'-':>11s}")
    header = f"{'op':18s}" + "".join(f"{fw + ' ms':>11s}" for fw in fws)
    if "wax" in table:
        header += "".join(f"{'wax/' + fw:>11s}" for fw in fws if fw != "wax")
    print(header)
    for name in CASES:
        row = f"{name:18s}" + "".join(cell(fw, name) for fw in fws)
        if "wax" in table:
            for fw in fws:
                if fw == "wax":
                    continue
                ok = name in table[fw] and name in table["wax"]
                row += (f"{table['wax'][name] / table[fw][name]:11.2f}" if ok
                        else f"{'-':>11s}")
        print(row)


if __name__ == "__main__":
    main()
