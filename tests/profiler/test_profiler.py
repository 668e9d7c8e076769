"""wax.profiler: traces of jit calls, eager primitives, tracing and annotations written
where JAX writes them (Chrome trace-event JSON, gzipped), read back, and memory profiles
in pprof's format (decoded here by an independent protocol-buffer reader)."""
import glob
import gzip
import json
import os
import threading
import urllib.request

import numpy as np
import pytest

import wax
import wax.numpy as jnp
import wax.profiler as profiler


def _events(log_dir):
    paths = glob.glob(os.path.join(log_dir, "plugins", "profile", "*", "*.trace.json.gz"))
    assert len(paths) == 1, paths
    with gzip.open(paths[0]) as f:
        document = json.loads(f.read())
    return [e for e in document["traceEvents"] if e["ph"] == "X"], paths[0]


def test_trace_records_jit_calls_ops_tracing_and_annotations(tmp_path):
    @wax.jit
    def step(x):
        return jnp.sum(jnp.sin(x) * 2.0)

    @profiler.annotate_function
    def helper(x):
        return x + 1

    x = jnp.arange(8.0)
    with profiler.trace(str(tmp_path)):
        for i in range(3):
            with profiler.StepTraceAnnotation("train", step_num=i):
                step(x)
        with profiler.TraceAnnotation("eager block", size=8):
            y = jnp.cos(x) * 3.0
        helper(y)
    events, _ = _events(str(tmp_path))
    names = [e["name"] for e in events]
    assert names.count("jit(step)") == 3  # one event per call: the compiled step
    assert names.count("trace jit(step)") == 1  # traced once, cached afterwards
    assert names.count("train") == 3
    assert [e["args"]["step_num"] for e in events if e["name"] == "train"] == ["0", "1", "2"]
    assert "cos" in names and "mul" in names  # eager primitives, one event each
    assert "sin" not in names  # ... but the ops inside the jitted step are not separate
    block = next(e for e in events if e["name"] == "eager block")
    assert block["args"] == {"size": "8"}
    cos = next(e for e in events if e["name"] == "cos")
    assert block["ts"] <= cos["ts"] and cos["ts"] + cos["dur"] <= block["ts"] + block["dur"]
    assert cos["args"]["inputs"] == "f32[8]"
    assert any(n.endswith("helper") for n in names)
    assert all(e["dur"] >= 0 for e in events)
    # Tracing stops with the trace: nothing more is recorded, and eager ops are eager again.
    assert wax.core.interpreters.current_trace() is wax.core.interpreters.EVAL_TRACE
    with profiler.TraceAnnotation("outside"):
        step(x)


def test_trace_reads_back_and_perfetto_copy(tmp_path):
    profiler.start_trace(tmp_path, create_perfetto_trace=True)
    wax.jit(lambda a: a * 2)(jnp.ones(3))
    profiler.stop_trace()
    events, path = _events(str(tmp_path))
    perfetto = os.path.join(os.path.dirname(path), "perfetto_trace.json.gz")
    with gzip.open(perfetto) as f, gzip.open(path) as g:
        assert f.read() == g.read()
    data = profiler.ProfileData.from_file(path)
    (plane,) = data.planes
    assert plane.name.startswith("/host:CPU")
    assert data.find_plane_with_name(plane.name) is plane
    assert [e.name for e in plane.events] == [e["name"] for e in events]
    assert all(e.duration_ns >= 0 for e in plane.events)


def test_one_trace_at_a_time_with_jax_errors(tmp_path):
    with pytest.raises(RuntimeError, match="No profile started"):
        profiler.stop_trace()
    profiler.start_trace(tmp_path)
    try:
        with pytest.raises(RuntimeError, match="Only one profile may be run at a time"):
            profiler.start_trace(tmp_path)
    finally:
        profiler.stop_trace()


def test_transformations_run_unchanged_under_a_trace(tmp_path):
    f = lambda x: jnp.sum(jnp.tanh(x) ** 2)
    x = jnp.linspace(-1.0, 1.0, 5)
    expected = (np.asarray(wax.grad(f)(x)), np.asarray(wax.vmap(wax.grad(f))(x[:, None])))
    with profiler.trace(tmp_path):
        got = (np.asarray(wax.grad(f)(x)), np.asarray(wax.vmap(wax.grad(f))(x[:, None])))
        key_sum = wax.random.normal(wax.random.key(0), (4,))
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])
    np.testing.assert_array_equal(np.asarray(key_sum),
                                  np.asarray(wax.random.normal(wax.random.key(0), (4,))))


def test_perfetto_link_serves_the_trace_once(tmp_path, capsys, monkeypatch):
    fetched = {}

    def fetch():
        # Wait for the link, then fetch the trace as the Perfetto UI would.
        for _ in range(200):
            out = capsys.readouterr().out
            if "url=" in out:
                url = out.split("url=")[1].split()[0]
                fetched["body"] = urllib.request.urlopen(url, timeout=10).read()
                return
            threading.Event().wait(0.05)

    thread = threading.Thread(target=fetch)
    thread.start()
    with profiler.trace(tmp_path, create_perfetto_link=True):
        jnp.ones(2) + 1
    thread.join(timeout=30)
    _, path = _events(str(tmp_path))
    with open(os.path.join(os.path.dirname(path), "perfetto_trace.json.gz"), "rb") as f:
        assert fetched["body"] == f.read()


# --- memory profile: decoded with a reader written here --------------------------------------

def _read_varint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        shift += 7
        if not byte & 0x80:
            return value, i


def _fields(data):
    i, out = 0, []
    while i < len(data):
        key, i = _read_varint(data, i)
        if key & 7 == 0:
            value, i = _read_varint(data, i)
        else:
            n, i = _read_varint(data, i)
            value, i = data[i:i + n], i + n
        out.append((key >> 3, value))
    return out


def _packed_values(data):
    i, out = 0, []
    while i < len(data):
        v, i = _read_varint(data, i)
        out.append(v)
    return out


def test_device_memory_profile_is_pprof_of_the_live_arrays(tmp_path):
    keep = [jnp.ones((1000,), jnp.float32), jnp.zeros((7, 3), jnp.int8)]
    profile = _fields(gzip.decompress(profiler.device_memory_profile()))
    strings = [v.decode() for k, v in profile if k == 6]
    assert strings[0] == ""
    types = [dict(_fields(v)) for k, v in profile if k == 1]
    assert [(strings[t[1]], strings[t[2]]) for t in types] == [("allocations", "count"),
                                                             ("space", "bytes")]
    functions = {dict(_fields(v))[1]: strings[dict(_fields(v))[2]]
                 for k, v in profile if k == 5}
    by_kind = {}
    for k, v in profile:
        if k == 2:
            sample = dict(_fields(v))
            leaf, root = _packed_values(sample[1])
            count, nbytes = _packed_values(sample[2])
            assert functions[root] == "live arrays (CPU)" and count == 1
            by_kind.setdefault(functions[leaf], []).append(nbytes)
    assert 4000 in by_kind["float32[1000]"]
    assert 21 in by_kind["int8[7, 3]"]
    total = sum(a.nbytes for a in wax.live_arrays() if not a.is_deleted())
    assert sum(sum(v) for v in by_kind.values()) <= total + 4021  # (arrays made since)
    profiler.save_device_memory_profile(tmp_path / "mem.prof")
    saved = _fields(gzip.decompress((tmp_path / "mem.prof").read_bytes()))
    assert [v for k, v in saved if k == 1] == [v for k, v in profile if k == 1]
    assert any(k == 2 for k, _ in saved)
    del keep


def test_no_profiler_server():
    with pytest.raises(NotImplementedError, match="no profiler server"):
        profiler.start_server(9999)
    with pytest.raises(RuntimeError, match="No profiler server is running"):
        profiler.stop_server()
