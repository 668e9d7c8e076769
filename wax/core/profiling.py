"""The state of a running profiler trace (wax.profiler is the public API).

While a trace runs, the calling thread's bottom interpreter is a RecordingEvalTrace: an
EvalTrace that times every primitive it runs (a jit call is one `jit` primitive, so a
jitted step is one event, as one XLA executable is in JAX's traces), and `event()` times
the blocks the rest of wax marks (tracing a function for jit). With no trace running
nothing is recorded and nothing costs more than one global read.
"""
from __future__ import annotations

import contextlib
import threading
import time

from .interpreters import EvalTrace

SESSION = None  # the running _Session, or None


class Session:
    """The events of one trace, in Chrome's trace-event form (times in microseconds)."""

    def __init__(self):
        self.events = []
        self.lock = threading.Lock()
        self.start_ns = time.perf_counter_ns()
        self.start_unix_ns = time.time_ns()

    def add(self, name: str, category: str, start_ns: int, end_ns: int, args=None):
        event = {"name": name, "cat": category, "ph": "X",
                 "ts": (start_ns - self.start_ns) / 1e3, "dur": (end_ns - start_ns) / 1e3,
                 "tid": threading.get_ident()}
        if args:
            event["args"] = args
        with self.lock:
            self.events.append(event)


@contextlib.contextmanager
def event(name: str, category: str, args=None):
    """Record the enclosed block as one event of the running trace (if any)."""
    session = SESSION
    if session is None:
        yield
        return
    start = time.perf_counter_ns()
    try:
        yield
    finally:
        session.add(name, category, start, time.perf_counter_ns(), args)


def _shapes(values) -> str:
    parts = []
    for value in values:
        aval = getattr(value, "aval", None)
        parts.append(aval.str_short() if aval is not None else type(value).__name__)
    return ", ".join(parts)


class RecordingEvalTrace(EvalTrace):
    """EvalTrace that records each primitive it runs into the running session."""

    def process_primitive(self, prim, args, params):
        session = SESSION
        start = time.perf_counter_ns()
        out = super().process_primitive(prim, args, params)
        if session is not None:
            name = f"jit({params['name']})" if prim.name == "jit" else prim.name
            outs = out if prim.multiple_results else (out,)
            session.add(name, "jit" if prim.name == "jit" else "op", start,
                        time.perf_counter_ns(),
                        {"inputs": _shapes(args), "outputs": _shapes(outs)})
        return out
