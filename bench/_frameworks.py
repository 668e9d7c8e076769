"""The benchmarks' shared driver: each framework measured in its own process (the script
re-run with --child FW), then one table with the ratios of wax to the others."""
from __future__ import annotations

import json
import os
import subprocess
import sys


def measure_each(script: str, fws, child_args=(), jax_python=None) -> dict:
    """{framework: the JSON its child printed} for the frameworks that ran."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(script)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
               JAX_PLATFORMS="cpu")
    table = {}
    for fw in fws:
        python = jax_python if fw == "jax" and jax_python else sys.executable
        out = subprocess.run([python, script, "--child", fw, *child_args], env=env,
                             capture_output=True, text=True)
        if out.returncode:
            print(f"{fw}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            continue
        table[fw] = json.loads(out.stdout)
    return table


def print_table(table: dict, names, unit: str, digits: int = 3) -> None:
    """Rows per name: each framework's figure, then wax/other ratios ('-': not measured)."""
    fws = list(table)
    cell = lambda fw, name: (f"{table[fw][name]:11.{digits}f}" if name in table[fw]  # noqa: E731
                             else f"{'-':>11s}")
    header = f"{'op':18s}" + "".join(f"{fw + ' ' + unit:>11s}" for fw in fws)
    if "wax" in table:
        header += "".join(f"{'wax/' + fw:>11s}" for fw in fws if fw != "wax")
    print(header)
    for name in names:
        row = f"{name:18s}" + "".join(cell(fw, name) for fw in fws)
        if "wax" in table:
            for fw in fws:
                if fw != "wax":
                    ok = name in table[fw] and name in table["wax"]
                    row += (f"{table['wax'][name] / table[fw][name]:11.2f}" if ok
                            else f"{'-':>11s}")
        print(row)
