"""Structured control flow: cond/switch, while_loop/fori_loop, scan/map,
associative_scan. A layer above the transformations: each primitive's rules transform
its sub-Jaxprs with the transformations' Jaxpr-level functions (jvp_jaxpr,
linearize_jaxpr, transpose_jaxpr, batch_jaxpr)."""
from .associative_scan import associative_scan  # noqa: F401
from .cond import cond, cond_p, switch  # noqa: F401
from .loops import fori_loop, while_loop, while_p  # noqa: F401
from .scan import map, scan, scan_p  # noqa: F401
from .solves import custom_linear_solve, custom_linear_solve_p, custom_root  # noqa: F401

__all__ = ["associative_scan", "cond", "cond_p", "switch", "fori_loop", "while_loop", "while_p", "map", "scan",
           "scan_p", "custom_linear_solve", "custom_linear_solve_p", "custom_root"]
