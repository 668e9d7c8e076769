"""Every primitive, and every empty rule slot, in one place (tests/data/primitive_rules.json
holds which rules JAX 0.10.2 gives each primitive)."""
import json
import pathlib

import wax  # noqa: F401  (registers every primitive)
from wax.core.primitive import RULE_SLOTS, all_primitives

JAX_RULES = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                        "primitive_rules.json").read_text())["primitives"]


def empty_slots() -> dict:
    """{slot: [primitive names whose slot is empty but JAX fills]} for jvp/transpose/batch."""
    out = {}
    for slot in ("jvp", "transpose", "batch"):
        out[slot] = sorted(name for name, prim in all_primitives().items()
                           if getattr(prim, slot) is None and JAX_RULES.get(name, {}).get(slot))
    return out


def test_every_primitive_has_jax_name_and_result_arity():
    prims = all_primitives()
    assert len(prims) > 100
    # JAX's internal primitives the table of public ones does not list: custom_lin
    # (ad.custom_lin_p, custom_vjp's linear part), custom_vmap_call (custom_batching),
    # debug_callback and pure_callback (the callback primitives), threefry2x32 and
    # random_gamma (jax._src.prng's and jax._src.random's).
    internal = {"custom_lin", "custom_vmap_call", "debug_callback", "pure_callback",
                "threefry2x32", "random_gamma"}
    assert sorted(set(prims) - set(JAX_RULES) - internal) == []
    assert [n for n, p in prims.items() if n in JAX_RULES and
            p.multiple_results != JAX_RULES[n]["multiple_results"]] == []


def test_every_primitive_has_impl_and_abstract_eval():
    prims = all_primitives()
    assert [n for n, p in prims.items() if p.impl is None or p.abstract_eval is None] == []
    assert set(RULE_SLOTS) >= {"jvp", "transpose", "batch", "partial_eval", "dce", "lower"}


def test_every_primitive_jax_differentiates_has_a_jvp_rule():
    assert empty_slots()["jvp"] == []


def test_every_primitive_jax_transposes_has_a_transpose_rule():
    assert empty_slots()["transpose"] == []


def test_every_primitive_jax_batches_has_a_batch_rule():
    assert empty_slots()["batch"] == []
