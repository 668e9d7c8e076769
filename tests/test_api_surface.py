"""wax's API against JAX's, read from tests/data/api.json (JAX 0.10.2's public names and
signatures). Every function wax has must take JAX's parameters (names and kinds); the
names the foundation promises must exist. The whole-surface check, with its commented
exclusion list, arrives with the API-surface issue; `missing_names` already computes it."""
import ast
import inspect
import json
import pathlib
import re

import pytest

import wax
import wax.lax
import wax.numpy
import wax.tree
import wax.tree_util

API = json.loads((pathlib.Path(__file__).parent / "data" / "api.json").read_text())
def _namespace(name: str):
    """wax's module for JAX's namespace `name` (jax.scipy.stats.norm -> wax.scipy.stats.norm),
    or None when wax has no such module yet."""
    import importlib
    if name == "jax":
        return wax
    if name.startswith("jax.Array"):
        return None  # methods: checked on Array instances elsewhere
    try:
        return importlib.import_module("wax" + name[len("jax"):])
    except ImportError:
        return None


NAMESPACES = {name: module for name in API if not name.startswith("_")
              for module in [_namespace(name)] if module is not None}

# Parameters wax deliberately takes differently, with the reason: JAX's ufuncs (add,
# negative, ...) are jnp.ufunc objects called as (*args, out=None, where=None); wax's are
# plain functions with positional-only operands, so the eager path stays short.
SIGNATURE_EXCLUSIONS = {
    ("jax.numpy", name) for name, info in API["jax.numpy"].items()
    if info.get("signature", "").startswith("(*args: 'ArrayLike', out: 'None' = None")
}

# The names the foundation issue promises in wax.lax (JAX_SURFACE.md §1.3 [C] lists and
# the issue's own list) and in wax.numpy.
FOUNDATION_LAX = """add sub mul div neg exp log sqrt rsqrt tanh logistic max min pow integer_pow
abs sign select select_n convert_element_type eq ne lt le gt ge erf erf_inv lgamma digamma
atan2 bitwise_and bitwise_or bitwise_not bitwise_xor shift_left shift_right_logical
shift_right_arithmetic clamp bitcast_convert_type broadcast_in_dim reshape transpose
concatenate pad squeeze expand_dims iota broadcasted_iota full full_like rev reduce
reduce_sum reduce_max reduce_min reduce_prod reduce_and reduce_or argmax argmin cumsum
cumprod cummax cummin cumlogsumexp dot_general dot slice dynamic_slice dynamic_update_slice
gather scatter scatter_add sort""".split()
FOUNDATION_NUMPY = """array asarray zeros ones full zeros_like ones_like full_like arange linspace
eye identity sin cos exp log sqrt add multiply sum mean max min prod argmax argmin cumsum
all any reshape ravel transpose squeeze expand_dims swapaxes moveaxis concatenate stack
split where take dot matmul einsum tensordot outer result_type promote_types finfo iinfo
dtype issubdtype can_cast ndarray""".split()


def _parameters(signature_text: str):
    """(name, kind) of each parameter of a signature printed by inspect."""
    text = signature_text
    while re.search(r"<[^<>]*>", text):  # defaults like <function f.<locals>.g at 0x..>
        text = re.sub(r"<[^<>]*>", "None", text)
    text = text.split(" -> ")[0] if ") -> " in text else text
    tree = ast.parse(f"def f{text}: pass")
    args = tree.body[0].args
    params = [(a.arg, "positional-only") for a in args.posonlyargs]
    params += [(a.arg, "positional") for a in args.args]
    if args.vararg:
        params.append((args.vararg.arg, "*args"))
    params += [(a.arg, "keyword-only") for a in args.kwonlyargs]
    if args.kwarg:
        params.append((args.kwarg.arg, "**kwargs"))
    return params


def _ours(fun):
    sig = inspect.signature(fun)
    kinds = {inspect.Parameter.POSITIONAL_ONLY: "positional-only",
             inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
             inspect.Parameter.VAR_POSITIONAL: "*args",
             inspect.Parameter.KEYWORD_ONLY: "keyword-only",
             inspect.Parameter.VAR_KEYWORD: "**kwargs"}
    return [(p.name, kinds[p.kind]) for p in sig.parameters.values()]


def _function_cases():
    for namespace, module in NAMESPACES.items():
        for name, info in sorted(API[namespace].items()):
            if (info.get("kind") == "function" and "signature" in info
                    and callable(getattr(module, name, None))
                    and (namespace, name) not in SIGNATURE_EXCLUSIONS):
                yield pytest.param(namespace, name, id=f"{namespace}.{name}")


@pytest.mark.parametrize("namespace,name", list(_function_cases()))
def test_signature_matches_jax(namespace, name):
    ours = getattr(NAMESPACES[namespace], name)
    try:
        got = _ours(ours)
    except (TypeError, ValueError):
        pytest.fail(f"{namespace}.{name} has no inspectable signature")
    assert got == _parameters(API[namespace][name]["signature"])


def missing_names(namespace: str):
    module = NAMESPACES[namespace]
    return sorted(n for n in API[namespace] if not hasattr(module, n))


def test_foundation_names_exist():
    assert [n for n in FOUNDATION_LAX if not hasattr(wax.lax, n)] == []
    assert [n for n in FOUNDATION_NUMPY if not hasattr(wax.numpy, n)] == []


def test_tree_namespaces_are_complete():
    assert missing_names("jax.tree_util") == []
    assert missing_names("jax.tree") == []
