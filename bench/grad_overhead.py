"""Per-call cost of grad of a small function, eager and under jit, for wax and (when run
with a Python that has it) JAX. A benchmark, never a test.

    python bench/grad_overhead.py                 # wax
    /path/to/venv-with-jax/bin/python bench/grad_overhead.py --fw jax,wax
"""
import argparse
import os
import subprocess
import sys
import timeit

CODE = """
import numpy as np
{imports}
f = lambda x: jnp.sum(jnp.sin(x) ** 2 * 0.5 + x)
g = jax.grad(f)
gj = jax.jit(g)
x = jnp.asarray(np.array([0.1, 0.2, 0.3], np.float32))
g(x).block_until_ready(); gj(x).block_until_ready()
"""
IMPORTS = {"jax": "import jax, jax.numpy as jnp", "wax": "import wax as jax, wax.numpy as jnp"}


def measure(fw):
    setup = CODE.format(imports=IMPORTS[fw])
    out = {}
    for name, stmt in (("grad eager", "g(x).block_until_ready()"),
                       ("grad under jit", "gj(x).block_until_ready()")):
        timer = timeit.Timer(stmt, setup)
        number, _ = timer.autorange()
        out[name] = min(timer.repeat(5, number)) / number * 1e6
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--fw", default="wax")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(repr(measure(args.child)))
        sys.exit()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root, JAX_PLATFORMS="cpu")
    for fw in args.fw.split(","):
        res = subprocess.run([sys.executable, __file__, "--child", fw], env=env,
                             capture_output=True, text=True, check=True)
        for name, us in eval(res.stdout).items():
            print(f"{fw:4s} {name:15s} {us:9.1f} us/call")
