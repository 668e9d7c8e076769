"""jit's diagnostics: `jax_log_compiles` (log each tracing and executable build) and
`jax_explain_cache_misses` (say why a call traced again), as JAX words them, on the
logger "wax.jit" at WARNING level."""
from __future__ import annotations

import inspect
import logging

import numpy as np

from ..core.avals import ShapedArray
from ..core.interpreters import user_frame

logger = logging.getLogger("wax.jit")


def log_tracing(name: str, seconds: float) -> None:
    logger.warning("Finished tracing %s for jit in %.9f sec", name, seconds)


def log_compile(name: str, in_avals, seconds: float) -> None:
    avals = ", ".join(repr(a) for a in in_avals)
    logger.warning("Compiling jit(%s) with global shapes and types (%s%s).", name, avals,
                   "," if len(in_avals) == 1 else "")
    logger.warning("Finished building the executable of jit(%s) in %.9f sec", name, seconds)


def _where(fun) -> str:
    code = getattr(inspect.unwrap(fun), "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else "<unknown>"


def _sig_text(sig) -> str:
    if isinstance(sig, tuple) and len(sig) == 3 and isinstance(sig[1], np.dtype):
        return ShapedArray(*sig).str_short() + ("{weak_type=True}" if sig[2] else "")
    if isinstance(sig, type):
        return f"Python {sig.__name__} (weak)"
    return str(sig)


def _differences(key, old, arg_names) -> list[str]:
    treedef, statics, sigs, config_key = key
    old_treedef, old_statics, old_sigs, old_config = old
    out = []
    if treedef != old_treedef:
        out.append("different input pytree:\n" f"  * now {treedef} and before {old_treedef}")
        return out
    if statics != old_statics:
        now, before = dict(statics), dict(old_statics)
        changed = [k for k in now if now[k] != before.get(k)]
        out.append("different value of static args:\n" + "\n".join(
            f"  * at {k!r}, now {now[k]!r} and before {before.get(k)!r}" for k in changed))
    if sigs != old_sigs:
        lines = []
        for i, (a, b) in enumerate(zip(sigs, old_sigs)):
            if a != b:
                name = arg_names[i] if arg_names and i < len(arg_names) else f"[{i}]"
                lines.append(f"  * at {name}, now {_sig_text(a)} and before {_sig_text(b)}")
        out.append("different input types:\n" + "\n".join(lines))
    if config_key != old_config:
        out.append("different global configuration (x64, promotion, matmul precision, "
                   "...)")
    return out


def explain_cache_miss(fun, name: str, cache: dict, key, arg_names) -> None:
    """Log why `key` missed `cache` (JAX's "TRACING CACHE MISS" message)."""
    frame = user_frame()
    at = f"{frame[0]}:{frame[1]} ({frame[2]})" if frame else "<unknown>"
    if not cache:
        logger.warning("TRACING CACHE MISS at %s:\n  never seen function:\n    %s id=%d "
                       "defined at %s", at, name, id(fun), _where(fun))
        return
    closest = min(cache, key=lambda old: len(_differences(key, old, arg_names)))
    reasons = _differences(key, closest, arg_names)
    logger.warning("TRACING CACHE MISS at %s:\n  for %s defined at %s\n  all previously "
                   "seen cache keys differ. For the closest previous key:\n  %s", at, name,
                   _where(fun), "\n  ".join(reasons))
