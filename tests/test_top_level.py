"""The top-level wax namespace: version, submodules, devices and transfers,
ensure_compile_time_eval, wax.ops segment reductions, typing, ShapeDtypeStruct,
eval_shape, make_jaxpr on pytrees, float0 and the error classes.

Facts marked "JAX 0.10.2 gives" were measured with JAX 0.10.2 (CPU, x64 off); values are
written by hand, never computed with wax.
"""
import os
import subprocess
import sys
import types

import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax.core.interpreters import Tracer

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def check(out, expected, dtype, weak=False):
    assert isinstance(out, wax.Array), type(out)
    assert out.dtype == np.dtype(dtype), (out.dtype, dtype)
    assert out.weak_type is weak
    np.testing.assert_array_equal(np.asarray(out), np.asarray(expected, dtype))


# --- the namespace ----------------------------------------------------------------------

def test_version_is_a_string():
    assert isinstance(wax.__version__, str) and wax.__version__


SUBMODULES = ["numpy", "lax", "tree_util", "tree", "dtypes", "errors", "typing",
              "flatten_util", "ops"]


@pytest.mark.parametrize("name", SUBMODULES)
def test_submodule_is_an_attribute(name):
    assert isinstance(getattr(wax, name), types.ModuleType)


def test_submodules_reachable_after_plain_import():
    # A fresh interpreter: only `import wax`, then attribute access.
    code = ("import wax\n"
            + "".join(f"assert type(wax.{n}).__name__ == 'module', '{n}'\n" for n in SUBMODULES)
            + "wax.numpy.ones(2); wax.flatten_util.ravel_pytree; wax.ops.segment_sum\n"
            + "wax.tree_util.tree_map; wax.tree.map; wax.lax.add; wax.errors.JAXTypeError\n")
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr


# --- devices and transfers ----------------------------------------------------------------

def test_devices():
    devices = wax.devices()
    assert isinstance(devices, list) and len(devices) == 1
    device = devices[0]
    # JAX 0.10.2 gives [CpuDevice(id=0)], platform 'cpu', id 0
    assert repr(device) == "CpuDevice(id=0)"
    assert device.platform == "cpu" and device.id == 0
    assert wax.devices("cpu") == devices
    assert wax.local_devices() == devices
    assert wax.device_count() == 1 and wax.local_device_count() == 1
    assert wax.default_backend() == "cpu"
    assert jnp.ones(2).devices() == {device}
    # JAX 0.10.2: RuntimeError "Unknown backend: 'gpu' requested, ..."
    with pytest.raises(RuntimeError, match="gpu"):
        wax.devices("gpu")


def test_device_put_arrays_and_numpy():
    check(wax.device_put(jnp.ones(2)), [1.0, 1.0], np.float32)
    # JAX 0.10.2: NumPy float64 / int64 are canonicalized to float32 / int32, not weak.
    check(wax.device_put(np.ones(2)), [1.0, 1.0], np.float32)
    check(wax.device_put(np.arange(3)), [0, 1, 2], np.int32)
    check(wax.device_put(np.ones(2), wax.devices()[0]), [1.0, 1.0], np.float32)
    # JAX 0.10.2: Python scalars become weak 0-d Arrays.
    check(wax.device_put(2.5), 2.5, np.float32, weak=True)
    check(wax.device_put(3), 3, np.int32, weak=True)
    source = np.zeros(3, np.float32)
    put = wax.device_put(source)
    source[0] = 7.0
    assert np.asarray(put)[0] == 0.0   # the device copy does not alias the NumPy buffer


def test_device_put_pytrees():
    tree = {"a": np.ones(2), "b": [1, 2.0], "c": None, "d": (np.int8(3),)}
    out = wax.device_put(tree)
    assert set(out) == {"a", "b", "c", "d"} and out["c"] is None
    check(out["a"], [1.0, 1.0], np.float32)
    check(out["b"][0], 1, np.int32, weak=True)
    check(out["b"][1], 2.0, np.float32, weak=True)
    assert isinstance(out["b"], list) and isinstance(out["d"], tuple)
    check(out["d"][0], 3, np.int8)
    listed = wax.device_put([1.0, 2.0])
    assert isinstance(listed, list) and len(listed) == 2
    check(listed[1], 2.0, np.float32, weak=True)


def test_device_get_returns_numpy():
    out = wax.device_get(jnp.asarray([1.0, 2.0]))
    assert type(out) is np.ndarray and out.dtype == np.float32
    np.testing.assert_array_equal(out, [1.0, 2.0])
    assert not out.flags.writeable   # JAX 0.10.2 hands out a read-only array too
    zero_d = wax.device_get(jnp.asarray(2.5))
    assert type(zero_d) is np.ndarray and zero_d.shape == () and zero_d == 2.5
    tree = wax.device_get({"a": jnp.ones(2), "b": (jnp.asarray(3), 4), "c": 1.5, "d": None})
    assert type(tree["a"]) is np.ndarray and tree["a"].dtype == np.float32
    assert type(tree["b"][0]) is np.ndarray and tree["b"][0].dtype == np.int32
    assert tree["b"][1] == 4 and type(tree["b"][1]) is int
    assert tree["c"] == 1.5 and type(tree["c"]) is float and tree["d"] is None
    np.testing.assert_array_equal(wax.device_get(np.arange(3)), [0, 1, 2])


def test_block_until_ready_of_a_pytree():
    a, b = jnp.ones(2), jnp.zeros(1)
    tree = {"a": a, "b": [b, 3], "c": None}
    out = wax.block_until_ready(tree)
    assert out["a"] is a and out["b"][0] is b and out["b"][1] == 3 and out["c"] is None
    assert wax.block_until_ready(a) is a
    assert wax.block_until_ready(7) == 7


# --- ensure_compile_time_eval ------------------------------------------------------------

def test_ensure_compile_time_eval_inside_jit():
    seen = {}

    @wax.jit
    def f(x):
        with wax.ensure_compile_time_eval():
            total = jnp.sum(jnp.arange(3.0))
            seen["total"] = total
            as_float = float(total)   # concrete: works inside the block
            seen["traced"] = x * 2     # depends on the argument: still traced
        return x + as_float

    check(f(jnp.ones(2)), [4.0, 4.0], np.float32)
    # JAX 0.10.2: the op on concrete values is a concrete ArrayImpl, not a tracer.
    total = seen["total"]
    assert isinstance(total, wax.Array) and not isinstance(total, Tracer)
    check(total, 3.0, np.float32)
    assert isinstance(seen["traced"], Tracer)


def test_ensure_compile_time_eval_outside_jit_is_plain_eager():
    with wax.ensure_compile_time_eval():
        check(jnp.ones(2) + 1, [2.0, 2.0], np.float32)


def test_ensure_compile_time_eval_concrete_shapes_for_python_control_flow():
    @wax.jit
    def f(x):
        with wax.ensure_compile_time_eval():
            n = int(jnp.asarray([1, 2, 3]).sum())
        return x * n if n > 5 else x

    check(f(jnp.asarray([1.0, 2.0])), [6.0, 12.0], np.float32)


# --- wax.ops segment reductions -----------------------------------------------------------

DATA = [1.0, 2.0, 3.0, 4.0, 5.0]
IDS = [0, 0, 2, 2, 5]        # segment 1 is empty; id 5 is out of range for 4 segments


@pytest.mark.parametrize("name, expected", [
    # JAX 0.10.2 gives these, empty segments included
    ("segment_sum", [3.0, 0.0, 7.0, 0.0]),
    ("segment_prod", [2.0, 1.0, 12.0, 1.0]),
    ("segment_max", [2.0, -np.inf, 4.0, -np.inf]),
    ("segment_min", [1.0, np.inf, 3.0, np.inf]),
])
def test_segment_float(name, expected):
    out = getattr(wax.ops, name)(jnp.asarray(DATA), jnp.asarray(IDS), num_segments=4)
    check(out, expected, np.float32)


I32_MIN, I32_MAX = -2147483648, 2147483647


@pytest.mark.parametrize("name, dtype, expected", [
    # JAX 0.10.2: empty max/min segments hold the dtype's lowest/highest value
    ("segment_sum", np.int32, [3, 0, 7, 0]),
    ("segment_prod", np.int32, [2, 1, 12, 1]),
    ("segment_max", np.int32, [2, I32_MIN, 4, I32_MIN]),
    ("segment_min", np.int32, [1, I32_MAX, 3, I32_MAX]),
    ("segment_max", np.uint8, [2, 0, 4, 0]),
    ("segment_min", np.uint8, [1, 255, 3, 255]),
    ("segment_max", np.int8, [2, -128, 4, -128]),
    ("segment_min", np.int8, [1, 127, 3, 127]),
    ("segment_max", np.float16, [2.0, -np.inf, 4.0, -np.inf]),
    ("segment_min", jnp.bfloat16, [1.0, np.inf, 3.0, np.inf]),
])
def test_segment_dtypes_and_empty_segments(name, dtype, expected):
    data = jnp.asarray(np.asarray([1, 2, 3, 4, 5]).astype(np.dtype(dtype)))
    out = getattr(wax.ops, name)(data, jnp.asarray(IDS), 4)
    assert out.dtype == np.dtype(dtype) and not out.weak_type
    np.testing.assert_array_equal(np.asarray(out).astype(np.float64),
                                  np.asarray(expected, np.float64))


def test_segment_bool():
    flags = jnp.asarray([True, False, True, False, True])
    # JAX 0.10.2 gives [True, False, True, False] and [False, True, False, True]
    check(wax.ops.segment_max(flags, jnp.asarray(IDS), 4), [True, False, True, False],
          np.bool_)
    check(wax.ops.segment_min(flags, jnp.asarray(IDS), 4), [False, True, False, True],
          np.bool_)
    # JAX 0.10.2: TypeError, add does not accept dtype bool
    with pytest.raises(TypeError):
        wax.ops.segment_sum(flags, jnp.asarray(IDS), 4)


def test_segment_num_segments_inferred():
    # Without num_segments: max id + 1 segments (JAX 0.10.2 gives 6 here).
    check(wax.ops.segment_sum(jnp.asarray(DATA), jnp.asarray(IDS)),
          [3.0, 0.0, 7.0, 0.0, 0.0, 5.0], np.float32)
    check(wax.ops.segment_max(jnp.asarray(DATA), jnp.asarray(IDS)),
          [2.0, -np.inf, 4.0, -np.inf, -np.inf, 5.0], np.float32)


def test_segment_out_of_range_ids_are_dropped():
    check(wax.ops.segment_sum(jnp.asarray(DATA), jnp.asarray([0, 9, 1, 1, 2]), 2),
          [1.0, 7.0], np.float32)
    check(wax.ops.segment_max(jnp.asarray(DATA), jnp.asarray([3, 0, 3, 0, 3]), 2),
          [4.0, -np.inf], np.float32)


def test_segment_trailing_dims_and_numpy_inputs():
    data = np.arange(6.0, dtype=np.float32).reshape(3, 2)
    check(wax.ops.segment_sum(jnp.asarray(data), jnp.asarray([1, 0, 1]), 2),
          [[2.0, 3.0], [4.0, 6.0]], np.float32)
    check(wax.ops.segment_sum(np.arange(3.0), np.asarray([0, 0, 1]), 2), [1.0, 2.0],
          np.float32)
    # indices_are_sorted and bucket_size are accepted.
    check(wax.ops.segment_sum(jnp.asarray(DATA), jnp.asarray([0, 0, 1, 1, 1]), 2,
                              indices_are_sorted=True), [3.0, 12.0], np.float32)
    check(wax.ops.segment_sum(jnp.asarray(DATA), jnp.asarray(IDS), 4, bucket_size=2),
          [3.0, 0.0, 7.0, 0.0], np.float32)


def test_segment_under_jit():
    f = wax.jit(lambda d, i: wax.ops.segment_sum(d, i, num_segments=3))
    check(f(jnp.asarray(DATA), jnp.asarray(IDS)), [3.0, 0.0, 7.0], np.float32)
    # JAX 0.10.2: ConcretizationTypeError without num_segments under jit
    with pytest.raises(wax.errors.ConcretizationTypeError):
        wax.jit(lambda d, i: wax.ops.segment_sum(d, i))(jnp.asarray(DATA), jnp.asarray(IDS))


def test_segment_ids_must_be_integers():
    with pytest.raises(TypeError):
        wax.ops.segment_sum(jnp.asarray(DATA), jnp.asarray([0.0, 1, 1, 0, 0]), 2)


# --- typing, ShapeDtypeStruct, eval_shape, make_jaxpr --------------------------------------

def test_typing_names():
    # JAX 0.10.2's jax.typing has ArrayLike and DTypeLike only; wax.typing also names
    # Array (the issue asks for it), which must be wax.Array itself.
    assert wax.typing.ArrayLike is not None and wax.typing.DTypeLike is not None
    assert wax.typing.Array is wax.Array

    def annotated(x: wax.typing.ArrayLike, dtype: wax.typing.DTypeLike = None) -> wax.Array:
        return jnp.asarray(x, dtype)

    check(annotated([1, 2], jnp.int8), [1, 2], np.int8)


def test_shape_dtype_struct():
    s = wax.ShapeDtypeStruct((2, 3), jnp.float32)
    assert s.shape == (2, 3) and s.dtype == np.float32 and s.ndim == 2 and s.size == 6
    assert s.weak_type is False
    # JAX 0.10.2 gives these reprs
    assert repr(s) == "ShapeDtypeStruct(shape=(2, 3), dtype=float32)"
    assert repr(wax.ShapeDtypeStruct((), jnp.float32, weak_type=True)) == \
        "ShapeDtypeStruct(shape=(), dtype=float32, weak_type=True)"
    assert wax.ShapeDtypeStruct((2,), jnp.float32) == wax.ShapeDtypeStruct((2,), np.float32)
    assert wax.ShapeDtypeStruct([2], jnp.float32).shape == (2,)
    assert wax.ShapeDtypeStruct((2,), jnp.float32) != wax.ShapeDtypeStruct((3,), jnp.float32)
    assert hash(wax.ShapeDtypeStruct((2,), jnp.int32)) == \
        hash(wax.ShapeDtypeStruct((2,), np.int32))


def test_eval_shape_on_pytrees():
    out = wax.eval_shape(lambda a, b: {"s": a @ b, "t": (a.sum(), b.T)},
                         wax.ShapeDtypeStruct((2, 3), jnp.float32), jnp.ones((3, 4), jnp.int32))
    assert set(out) == {"s", "t"} and isinstance(out["t"], tuple)
    # JAX 0.10.2 gives {'s': (2, 4) float32, 't': ((), float32), ((4, 3), int32))}
    assert out["s"] == wax.ShapeDtypeStruct((2, 4), jnp.float32)
    assert out["t"][0] == wax.ShapeDtypeStruct((), jnp.float32)
    assert out["t"][1] == wax.ShapeDtypeStruct((4, 3), jnp.int32)
    weak = wax.eval_shape(lambda a: a * 2, 1.5)
    assert weak == wax.ShapeDtypeStruct((), jnp.float32, weak_type=True)
    assert wax.eval_shape(lambda a: a + 1, jnp.ones(2, jnp.int8)) == \
        wax.ShapeDtypeStruct((2,), jnp.int8)


def test_eval_shape_does_not_run_the_function_eagerly():
    seen = []

    def f(x):
        seen.append(type(x))
        return x * 2

    wax.eval_shape(f, jnp.ones(3))
    assert len(seen) == 1 and issubclass(seen[0], Tracer)


def test_make_jaxpr_on_pytrees():
    closed = wax.make_jaxpr(lambda d: d["a"] * d["b"][0] + d["b"][1])(
        {"a": jnp.ones(2), "b": (jnp.ones(2), 2.0)})
    # JAX 0.10.2 prints exactly this
    assert str(closed) == (
        "{ lambda ; a:f32[2] b:f32[2] c:f32[]. let\n"
        "    d:f32[2] = mul a b\n"
        "    e:f32[] = convert_element_type[new_dtype=float32 weak_type=False] c\n"
        "    f:f32[2] = add d e\n"
        "  in (f,) }")
    closed, shapes = wax.make_jaxpr(lambda x: (x, {"y": x.sum()}), return_shape=True)(
        jnp.ones(2))
    assert len(closed.jaxpr.invars) == 1 and len(closed.jaxpr.outvars) == 2
    assert shapes[0] == wax.ShapeDtypeStruct((2,), jnp.float32)
    assert shapes[1] == {"y": wax.ShapeDtypeStruct((), jnp.float32)}
    static = wax.make_jaxpr(lambda x, n: x * n, static_argnums=1)(jnp.ones(2), 3)
    assert len(static.jaxpr.invars) == 1 and "mul" in str(static)


# --- float0 and errors --------------------------------------------------------------------

def test_float0():
    # JAX 0.10.2: float0 is the structured dtype [('float0', 'V')], itemsize 0
    assert isinstance(wax.float0, np.dtype)
    assert wax.float0.itemsize == 0
    assert repr(wax.float0) == "dtype([('float0', 'V')])"
    assert wax.dtypes.float0 is wax.float0


ERRORS = {
    # name: the bases JAX 0.10.2 gives (checked with issubclass)
    "ConcretizationTypeError": (TypeError, "JAXTypeError"),
    "TracerBoolConversionError": (TypeError, "ConcretizationTypeError"),
    "TracerIntegerConversionError": (TypeError, "JAXTypeError"),
    "TracerArrayConversionError": (TypeError, "JAXTypeError"),
    "NonConcreteBooleanIndexError": (IndexError, "JAXIndexError"),
    "UnexpectedTracerError": (TypeError, "JAXTypeError"),
    "KeyReuseError": (TypeError, "JAXTypeError"),
    "JAXTypeError": (TypeError, None),
    "JAXIndexError": (IndexError, None),
    "JaxRuntimeError": (RuntimeError, None),
    "InconclusiveDimensionOperation": (Exception, None),
    "JaxprTypeError": (TypeError, None),
}


def test_error_classes_have_jax_names():
    public = sorted(n for n in dir(wax.errors) if not n.startswith("_")
                    and isinstance(getattr(wax.errors, n), type))
    assert public == sorted(ERRORS)
    for name, (builtin, parent) in ERRORS.items():
        cls = getattr(wax.errors, name)
        assert cls.__name__ == name and issubclass(cls, builtin)
        if parent is not None:
            assert issubclass(cls, getattr(wax.errors, parent))


def test_pmap_maps_with_collectives_over_its_axis():
    from wax import lax
    x = np.arange(4.0, dtype=np.float32)
    got = wax.pmap(lambda v: v / lax.psum(v, "i"), axis_name="i")(x)
    np.testing.assert_allclose(np.asarray(got), x / x.sum(), rtol=1e-6)
    got = wax.pmap(lambda v, s: v * s, static_broadcasted_argnums=(1,))(x, 3.0)
    np.testing.assert_array_equal(np.asarray(got), x * 3)
    got = wax.pmap(lambda v, w: v + w, in_axes=(0, None))(x, np.float32(1.0))
    np.testing.assert_array_equal(np.asarray(got), x + 1)


def test_custom_gradient_and_fwd_and_bwd():
    f = wax.custom_gradient(lambda x: (x ** 2, lambda g: (g * 100.0,)))
    assert float(f(3.0)) == 9.0 and float(wax.grad(f)(3.0)) == 100.0
    fwd, bwd = wax.fwd_and_bwd(lambda x, y: x * y, argnums=(0, 1))
    value, residuals = fwd(2.0, 3.0)
    assert float(value) == 6.0
    assert [float(c) for c in bwd(residuals, 1.0)] == [3.0, 2.0]


def test_bookkeeping_names():
    assert wax.typeof(np.ones(2, np.float32)).shape == (2,)
    kept = wax.numpy.ones(3)
    assert any(a is kept for a in wax.live_arrays())
    f = wax.jit(lambda x: x + 1)
    f(1.0)
    wax.clear_caches()
    assert f._cache == {} and float(f(1.0)) == 2.0
    assert wax.named_call(len) is len
    with wax.named_scope("block"):
        pass
    assert wax.host_count() == 1 and wax.process_indices() == [0]
    assert "wax:" in wax.print_environment_info(return_string=True)
    made = wax.make_array_from_callback((2, 3), None, lambda index: np.ones((2, 3)))
    assert made.shape == (2, 3)
    with pytest.raises(ValueError, match="callback returned shape"):
        wax.make_array_from_callback((2, 3), None, lambda index: np.ones(3))


def test_inert_config_states_are_accepted_context_managers():
    with wax.log_compiles(True):
        assert wax.config.jax_log_compiles is True
    assert wax.config.jax_log_compiles is False
    with wax.transfer_guard("disallow"):
        assert wax.config.jax_transfer_guard_host_to_device == "disallow"
    with wax.default_matmul_precision("highest"):
        assert wax.config.jax_default_matmul_precision == "highest"


def test_sharding_vocabulary_on_one_device():
    from wax import lax
    mesh = wax.make_mesh((1,), ("x",))
    assert mesh.shape == {"x": 1}
    spec = wax.P("x", None)
    assert tuple(spec) == ("x", None)
    assert wax.NamedSharding(mesh, spec).spec == spec
    f = wax.shard_map(lambda a: lax.psum(a, "x") * 2, mesh=mesh, in_specs=wax.P("x"),
                      out_specs=wax.P("x"))
    np.testing.assert_array_equal(np.asarray(f(np.arange(3.0))), [0.0, 2.0, 4.0])
    with wax.set_mesh(mesh):
        g = wax.shard_map(lambda a: a + lax.axis_index("x"), in_specs=wax.P(),
                          out_specs=wax.P())
        np.testing.assert_array_equal(np.asarray(g(np.ones(2))), [1.0, 1.0])
    x = np.ones(2)
    assert wax.reshard(x, None) is x
    with pytest.raises(ValueError, match="Number of devices 1 must be >="):
        wax.make_mesh((2,), ("x",))


def test_debug_and_dtypes_extras(capsys):
    seen = []
    wax.debug.inspect_array_sharding(np.ones(2), callback=seen.append)
    assert "SingleDeviceSharding" in repr(seen[0])
    wax.debug.visualize_array_sharding(jnp.ones(3))
    assert "CPU 0" in capsys.readouterr().out
    assert wax.dtypes.finfo(np.float32).eps == np.finfo(np.float32).eps
    assert wax.dtypes.iinfo(np.int8).max == 127
    assert issubclass(wax.dtypes.prng_key, wax.dtypes.extended)
    assert wax.custom_derivatives.custom_jvp is wax.custom_jvp
    assert wax.version.__version__ == wax.__version__


def test_dlpack_and_stages_modules():
    got = wax.dlpack.from_dlpack(np.arange(3.0))
    np.testing.assert_array_equal(np.asarray(got), [0.0, 1.0, 2.0])
    assert wax.dlpack.is_supported_dtype(np.float32)
    assert not wax.dlpack.is_supported_dtype(wax.dtypes.bfloat16)
    lowered = wax.jit(lambda x: x + 1).lower(1.0)
    assert isinstance(lowered, wax.stages.Lowered)
    assert isinstance(lowered.compile(), wax.stages.Compiled)
    assert isinstance(wax.jit(len), wax.stages.Wrapped)
