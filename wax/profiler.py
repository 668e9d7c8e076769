"""wax.profiler (jax.profiler): traces of a program's wax activity, and memory profiles.

`start_trace(log_dir)` ... `stop_trace()` (or `with trace(log_dir):`) records, in the
calling thread, every jit call (one event per call: a compiled step is one executable),
every primitive run eagerly, the tracing of functions for jit, and the user's
`TraceAnnotation` / `StepTraceAnnotation` / `annotate_function` blocks. stop_trace writes
them in Chrome's trace-event format where JAX writes its trace,
log_dir/plugins/profile/<date_time>/<host>.trace.json.gz (TensorBoard's profile plugin
and ui.perfetto.dev read it), plus perfetto_trace.json.gz beside it when asked. wax runs
on the host and synchronously, so each event's duration is the time its work took.

`device_memory_profile()` is a pprof profile (gzipped protocol buffer) of the live arrays,
one sample per array under its dtype and shape. There is no profiler server: wax has no
XLA runtime to attach to (start_server says so).
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import socket
import threading
import time

from .core import interpreters, profiling

__all__ = ["ProfileData", "ProfileEvent", "ProfileOptions", "ProfilePlane",
           "StepTraceAnnotation", "TraceAnnotation", "annotate_function",
           "device_memory_profile", "register_subprocess", "save_device_memory_profile",
           "start_server", "start_trace", "stop_server", "stop_trace", "trace"]

_RECORDING = profiling.RecordingEvalTrace(None)
_state = {}  # the running trace's log_dir, options and context token


class ProfileOptions:
    """Options of a trace. wax records the same events whatever they say (it has no
    device tracer levels); they are kept so JAX programs that set them run unchanged."""

    def __init__(self):
        self.host_tracer_level = 2
        self.python_tracer_level = 0
        self.enable_hlo_proto = True
        self.include_dataset_ops = True
        self.start_timestamp_ns = 0
        self.duration_ms = 0
        self.repository_path = ""
        self.session_id = ""
        self.raise_error_on_start_failure = False
        self.advanced_configuration = {}


def start_trace(log_dir, create_perfetto_link: bool = False,
                create_perfetto_trace: bool = False,
                profiler_options: ProfileOptions | None = None) -> None:
    """Start recording a trace of this thread's wax activity, saved to `log_dir` by
    stop_trace(). One trace at a time (RuntimeError otherwise)."""
    if profiling.SESSION is not None:
        raise RuntimeError("Profile has already been started. Only one profile may be run "
                           "at a time.")
    _state.update(log_dir=os.fspath(log_dir), perfetto=create_perfetto_trace,
                  link=create_perfetto_link, options=profiler_options or ProfileOptions(),
                  token=interpreters._current.set(_RECORDING))
    profiling.SESSION = profiling.Session()


def stop_trace() -> None:
    """Stop the running trace and write it (RuntimeError when none runs)."""
    session = profiling.SESSION
    if session is None:
        raise RuntimeError("No profile started")
    profiling.SESSION = None
    token = _state.pop("token")
    try:
        interpreters._current.reset(token)
    except ValueError:  # stopped in another context than it started in
        interpreters._current.set(interpreters.EVAL_TRACE)
    path = _write_trace(session, _state["log_dir"], _state["perfetto"] or _state["link"])
    if _state["link"]:
        _serve_once(os.path.join(os.path.dirname(path), "perfetto_trace.json.gz"))
    _state.clear()


class trace:
    """Context manager: start_trace on entry, stop_trace on exit."""

    def __init__(self, log_dir, create_perfetto_link=False, create_perfetto_trace=False,
                 profiler_options: ProfileOptions | None = None):
        self._args = (log_dir, create_perfetto_link, create_perfetto_trace, profiler_options)

    def __enter__(self):
        start_trace(*self._args)
        return self

    def __exit__(self, *exc):
        stop_trace()
        return False


def _trace_document(session) -> dict:
    pid = os.getpid()
    meta = [{"name": "process_name", "ph": "M", "pid": pid,
             "args": {"name": f"/host:CPU (wax, pid {pid})"}}]
    for tid in sorted({e["tid"] for e in session.events}):
        name = ("main" if tid == threading.main_thread().ident else f"thread {tid}")
        meta.append({"name": "thread_name", "ph": "M", "pid": pid, "tid": tid,
                     "args": {"name": name}})
    events = [dict(e, pid=pid) for e in session.events]
    return {"displayTimeUnit": "ns", "traceEvents": meta + events,
            "otherData": {"producer": "wax.profiler",
                          "start_unix_ns": session.start_unix_ns}}


def _write_trace(session, log_dir: str, perfetto: bool) -> str:
    stamp = time.strftime("%Y_%m_%d_%H_%M_%S", time.localtime(session.start_unix_ns / 1e9))
    run_dir = os.path.join(log_dir, "plugins", "profile", stamp)
    os.makedirs(run_dir, exist_ok=True)
    data = json.dumps(_trace_document(session)).encode()
    path = os.path.join(run_dir, f"{socket.gethostname()}.trace.json.gz")
    with gzip.open(path, "wb") as f:
        f.write(data)
    if perfetto:
        with gzip.open(os.path.join(run_dir, "perfetto_trace.json.gz"), "wb") as f:
            f.write(data)
    return path


def _serve_once(path: str, port: int = 9001) -> None:
    """Serve the Perfetto trace on 127.0.0.1:port until the Perfetto UI fetches it once
    (print the link first), as JAX's create_perfetto_link does."""
    with open(path, "rb") as f:
        body = f.read()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with http.server.HTTPServer(("127.0.0.1", port), Handler) as server:
        print("Open URL in browser: https://ui.perfetto.dev/#!/?url="
              f"http://127.0.0.1:{server.server_address[1]}/perfetto_trace.json.gz",
              flush=True)
        server.handle_request()


# --- annotations ---------------------------------------------------------------------------

class TraceAnnotation:
    """Context manager recording the enclosed block as an event named `name` (its keyword
    arguments become the event's arguments) in the running trace, if any."""

    _category = "annotation"

    def __init__(self, name: str, **kwargs):
        self.name, self.kwargs = name, kwargs

    def __enter__(self):
        self._start = time.perf_counter_ns()
        return self

    def __exit__(self, *exc):
        session = profiling.SESSION
        if session is not None:
            session.add(self.name, self._category, self._start, time.perf_counter_ns(),
                        {k: str(v) for k, v in self.kwargs.items()} or None)
        return False


class StepTraceAnnotation(TraceAnnotation):
    """A TraceAnnotation marking one training step: `step_num=` names the step."""

    _category = "step"

    def __init__(self, name: str, **kwargs):
        super().__init__(name, **kwargs)


def annotate_function(func, name: str | None = None, **decorator_kwargs):
    """Decorator: every call of `func` is an event named `name` (default: its qualified
    name) in the running trace."""
    name = name or getattr(func, "__qualname__", getattr(func, "__name__", repr(func)))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with TraceAnnotation(name, **decorator_kwargs):
            return func(*args, **kwargs)
    return wrapper


# --- reading a trace back ------------------------------------------------------------------

class ProfileEvent:
    """One event of a trace: name, start_ns, duration_ns and stats (its arguments)."""

    def __init__(self, name, start_ns, duration_ns, stats):
        self.name, self.start_ns, self.duration_ns = name, start_ns, duration_ns
        self.stats = stats

    def __repr__(self):
        return f"ProfileEvent({self.name!r}, start_ns={self.start_ns}, " \
               f"duration_ns={self.duration_ns})"


class ProfilePlane:
    """The events of one process, by thread (`lines`: (thread name, [ProfileEvent]))."""

    def __init__(self, name, lines):
        self.name, self.lines = name, lines

    @property
    def events(self):
        return [e for _, events in self.lines for e in events]


class ProfileData:
    """A trace read back: ProfileData.from_file(path to a .trace.json.gz) -> .planes."""

    def __init__(self, planes):
        self.planes = planes

    @classmethod
    def from_file(cls, path):
        with gzip.open(os.fspath(path), "rb") as f:
            document = json.loads(f.read())
        return cls.from_trace_document(document)

    @classmethod
    def from_trace_document(cls, document):
        names, threads, plane_names = {}, {}, {}
        for e in document["traceEvents"]:
            if e.get("ph") == "M" and e["name"] == "thread_name":
                names[e["pid"], e["tid"]] = e["args"]["name"]
            elif e.get("ph") == "M" and e["name"] == "process_name":
                plane_names[e["pid"]] = e["args"]["name"]
            elif e.get("ph") == "X":
                threads.setdefault(e["pid"], {}).setdefault(e["tid"], []).append(
                    ProfileEvent(e["name"], round(e["ts"] * 1e3), round(e["dur"] * 1e3),
                                 e.get("args", {})))
        return cls([ProfilePlane(plane_names.get(pid, str(pid)),
                                 [(names.get((pid, tid), str(tid)), events)
                                  for tid, events in by_thread.items()])
                    for pid, by_thread in threads.items()])

    def find_plane_with_name(self, name):
        return next((p for p in self.planes if p.name == name), None)


# --- memory ---------------------------------------------------------------------------------

def device_memory_profile(backend: str | None = None) -> bytes:
    """A pprof profile (gzipped protocol buffer) of the live arrays: one sample per array,
    located at its dtype and shape, with sample types (allocations, count) and (space,
    bytes). Read it with `pprof -top` or any pprof viewer."""
    from ._toplevel import live_arrays
    return gzip.compress(_pprof([(f"{a.dtype}{list(a.shape)}", a.nbytes)
                                 for a in live_arrays(backend) if not a.is_deleted()]))


def save_device_memory_profile(filename, backend: str | None = None) -> None:
    """Write device_memory_profile() to `filename`."""
    with open(os.fspath(filename), "wb") as f:
        f.write(device_memory_profile(backend))


def _varint(n: int) -> bytes:
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, payload) -> bytes:
    """A protocol-buffer field: an int (varint) or bytes (length-delimited)."""
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _packed(number: int, values) -> bytes:
    return _field(number, b"".join(_varint(v) for v in values))


def _pprof(samples) -> bytes:
    """pprof's Profile message for (location name, bytes) samples, under a root
    location naming the memory."""
    strings = ["", "allocations", "count", "space", "bytes", "live arrays (CPU)"]
    index = {s: i for i, s in enumerate(strings)}

    def string(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    functions = {"live arrays (CPU)": 1}
    # sample types (ValueType: type, unit as string indices): (allocations, count),
    # (space, bytes)
    body = [_field(1, _field(1, 1) + _field(2, 2)), _field(1, _field(1, 3) + _field(2, 4))]
    for name, nbytes in samples:
        location = functions.setdefault(name, len(functions) + 1)
        body.append(_field(2, _packed(1, [location, 1]) + _packed(2, [1, nbytes])))
    for name, ident in functions.items():
        body.append(_field(4, _field(1, ident) + _field(4, _field(1, ident))))
        body.append(_field(5, _field(1, ident) + _field(2, string(name)) +
                           _field(3, string(name))))
    body.extend(_field(6, s.encode()) for s in strings)
    return b"".join(body)


# --- what wax does not have ------------------------------------------------------------------

def start_server(port: int, requires_backend: bool = True):
    """JAX's profiler server (XLA's gRPC service for remote capture): wax has no XLA
    runtime to serve, so this raises; trace with start_trace/stop_trace instead."""
    raise NotImplementedError(
        "wax has no profiler server (JAX's is XLA's gRPC capture service). Record a trace "
        "with wax.profiler.start_trace(log_dir) / stop_trace() or `with "
        "wax.profiler.trace(log_dir):` instead.")


def stop_server():
    """See start_server: there is no server to stop."""
    raise RuntimeError("No profiler server is running (wax has none; see start_server).")


def register_subprocess(pid: int, port: int):
    """See start_server: subprocesses' profiler servers cannot be attached."""
    raise NotImplementedError("wax has no profiler server to register a subprocess's with; "
                              "trace each process with wax.profiler.trace(log_dir).")
