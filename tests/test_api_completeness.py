"""Every name of every JAX namespace in tests/data/api.json (JAX 0.10.2; the top-level
`jax` and the jax.Array methods included) exists in wax, unless it is on the exclusion
list below with the reason. Signatures are compared by tests/test_api_surface.py."""
import importlib
import json
import pathlib

import wax

API = json.loads((pathlib.Path(__file__).parent / "data" / "api.json").read_text())

_MUTABLE_REFS = "mutable array references (JAX's Ref state); wax arrays are immutable"
_INTERNAL = "a JAX-internal module (not user API)"
EXCLUDED = {
    ("jax", "Ref"): _MUTABLE_REFS,
    ("jax", "new_ref"): _MUTABLE_REFS,
    ("jax", "empty_ref"): _MUTABLE_REFS,
    ("jax", "free_ref"): _MUTABLE_REFS,
    ("jax", "freeze"): _MUTABLE_REFS,
    ("jax", "ref"): _MUTABLE_REFS,
    ("jax", "ad"): _INTERNAL,
    ("jax", "api_util"): _INTERNAL,
    ("jax", "interpreters"): _INTERNAL,
    ("jax", "lib"): _INTERNAL + " (the jaxlib bindings)",
    ("jax", "ds"): "the slice helper of JAX's experimental dynamic shapes; wax's shapes "
                   "are static",
    ("jax", "experimental"): "JAX's experimental namespace (pallas, sparse, jet, ...), out "
                             "of scope per JAX_SURFACE.md",
    ("jax", "export"): "serialized StableHLO; wax has no StableHLO",
    ("jax", "ffi"): "XLA custom calls; wax has no XLA",
    ("jax", "memory"): "accelerator memory kinds; wax has one CPU memory",
    ("jax.Array (methods and properties)", "device_buffer"): "removed accessor (JAX raises)",
    ("jax.Array (methods and properties)", "device_buffers"): "removed accessor (JAX raises)",
    ("jax.Array (methods and properties)", "format"): "accelerator buffer layouts "
                                                      "(Format); none on the CPU",
    ("jax.lax", "psend"): "point-to-point send between devices; wax maps axes with vmap",
    ("jax.lax", "precv"): "point-to-point receive between devices; wax maps axes with vmap",
    ("jax.lax", "ragged_all_to_all"): "ragged multi-device exchange; wax maps axes with "
                                      "vmap",
}


def _module(namespace):
    if namespace == "jax":
        return wax
    try:
        return importlib.import_module("wax" + namespace[len("jax"):])
    except ImportError:
        return None


def _has(obj, name) -> bool:
    try:
        return hasattr(obj, name)
    except (NotImplementedError, ValueError, TypeError):
        return True  # the attribute exists and refuses this value, as JAX's does


def missing():
    array = wax.numpy.ones((2, 2))
    out = []
    for namespace, names in API.items():
        if namespace.startswith("_"):
            continue
        owner = array if namespace.startswith("jax.Array") else _module(namespace)
        out += [(namespace, n) for n in names if owner is None or not _has(owner, n)]
    return out


def test_every_jax_name_exists_or_is_excluded_with_a_reason():
    assert sorted(set(missing()) - set(EXCLUDED)) == []


def test_the_exclusion_list_holds_only_missing_names():
    assert sorted(set(EXCLUDED) - set(missing())) == []
    assert all(reason for reason in EXCLUDED.values())
