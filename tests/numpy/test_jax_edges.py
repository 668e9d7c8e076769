"""wax.numpy against JAX 0.10.2 on edge inputs (tests/data/jax_numpy_edges.json).

Each recorded key is an expression over jax/jnp/lax evaluated in JAX; here the same text is
evaluated with wax in their place. The result must have JAX's dtype, weak type and shape and
its values (NaN and infinity positions exact, signed zeros kept, floats within a few ulp for
their dtype); where JAX raises, wax must raise the same class (or a subclass) with a message
on the same subject. Expressions are grouped per function to keep the per-test overhead
small; a failure lists every failing expression of its group."""
import json
import pathlib
import re

import pytest

import wax
import wax.lax
import wax.numpy as jnp
from recorded_results import check as recorded_check

DATA = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                   "jax_numpy_edges.json").read_text())
NAMESPACE = {"jax": wax, "jnp": jnp, "lax": wax.lax}
# Relative tolerance per result dtype: XLA's approximations of transcendental functions
# round differently from NumPy's by an ulp or two.
RTOL = {"float16": 2e-3, "bfloat16": 1.6e-2, "float32": 4e-6, "float64": 1e-13,
        "complex64": 4e-6, "complex128": 1e-13}

# Differences wax keeps for now, each with its reason (strict xfail: fixing one shows up as
# an XPASS). "lead:" names the file (not this test's area) where the fix belongs.
_KNOWN_GROUPS = {
    ('an axis out of range: JAX fails with an IndexError, wax.core.avals.canonicalize_axis '
     "raises ValueError (lead: raise NumPy's AxisError there, a ValueError and an "
     'IndexError, with the same message)'): [
    ],
    ("XLA's complex kernels give +0.0 (or -0.0) zero parts where wax, as NumPy (C99), keeps "
     "the sign of the input's zero part (lead: ufuncs.py / wax/primitives)"): [
        "jnp.arcsinh(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.arctan(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.arctanh(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.asinh(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.atan(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.atanh(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.cos(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.sin(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.sinh(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.tan(jnp.array([1+2j, -0.5j, 0j, -3+0.5j], jnp.complex64))",
        "jnp.arctan2(jnp.array([1+2j, -0.5j, 0j, 2+0j], jnp.complex64), jnp.array([-2.5, -0.0, 0.0, 3.0], jnp.float32))",
        "jnp.atan2(jnp.array([1+2j, -0.5j, 0j, 2+0j], jnp.complex64), jnp.array([-2.5, -0.0, 0.0, 3.0], jnp.float32))",
    ],
    ("weak type: these ufuncs.py composites use strong constants; JAX's constants are weak "
     'for a weak 0-d operand and strong for a shaped one (lead: ufuncs.py, as lax_const in '
     'ufuncs_extra.py)'): [
        "jnp.floor_divide(jnp.array([-7, -1, 0, 5], jnp.int32), 0.5)",
        "jnp.floor_divide(lax.broadcast(jnp.asarray(0.5), (2,)), lax.broadcast(jnp.asarray(2.0), (2,)))",
        "jnp.divmod(jnp.array([-7, -1, 0, 5], jnp.int32), 0.5)",
        "jnp.divmod(lax.broadcast(jnp.asarray(0.5), (2,)), lax.broadcast(jnp.asarray(2.0), (2,)))",
        "jnp.power(2.0, jnp.array([1, 2], jnp.int8))",
    ],
    ("median over axis=() keeps -0.0 in JAX; wax's gives 0.0 (lead: reductions.py)"): [
        "jnp.median(jnp.array([[1.0, -2.0, 3.0], [4.0, 0.5, -0.0]]), axis=())",
        "jnp.nanmedian(jnp.array([[1.0, -2.0, 3.0], [4.0, 0.5, -0.0]]), axis=())",
    ],
    ('median/quantile/percentile of an empty axis: JAX raises (IndexError or TypeError from '
     'its gather), wax returns 0 (lead: reductions.py)'): [
        "jnp.nanmedian(jnp.zeros((0,)))",
        "jnp.nanmedian(jnp.zeros((2, 0)))",
        "jnp.nanmedian(jnp.zeros((0, 3), jnp.int32))",
        "jnp.nanquantile(jnp.zeros((0,)), 0.5)",
        "jnp.nanquantile(jnp.zeros((2, 0)), 0.5)",
        "jnp.nanpercentile(jnp.zeros((0,)), 50)",
        "jnp.nanpercentile(jnp.zeros((2, 0)), 50)",
    ],
    ("quantile's interpolation gives -0.0 at q=0 of a row whose minimum is -0.0 in JAX; wax "
     'gives 0.0 (lead: reductions.py)'): [
        "jnp.quantile(jnp.array([[1.0, -2.0, 3.0], [4.0, 0.5, -0.0]]), jnp.array([0.0, 0.25, 1.0]), axis=1)",
        "jnp.nanquantile(jnp.array([[1.0, -2.0, 3.0], [4.0, 0.5, -0.0]]), jnp.array([0.0, 0.25, 1.0]), axis=1)",
        "jnp.percentile(jnp.array([[1.0, -2.0, 3.0], [4.0, 0.5, -0.0]]), jnp.array([0.0, 25.0, 100.0]), axis=1)",
        "jnp.nanpercentile(jnp.array([[1.0, -2.0, 3.0], [4.0, 0.5, -0.0]]), jnp.array([0.0, 25.0, 100.0]), axis=1)",
    ],
    ('constant inside jit: wax evaluates operations on constants eagerly while tracing, JAX '
     'stages them and then needs size= (left for the lead to decide)'): [
        "jax.jit(lambda x: jnp.mask_indices(3, jnp.triu))(jnp.array([1, 0]))",
        "jax.jit(lambda: jnp.mask_indices(3, jnp.tril))()",
        "jax.jit(lambda: jnp.unique(jnp.array([1, 1, 2])))()",
        "jax.jit(lambda: jnp.nonzero(jnp.array([1, 0, 2])))()",
        "jax.jit(lambda: jnp.arange(3.0)[jnp.array([True, False, True])])()",
    ],
    ("log10/log2 of complex 0: JAX's imaginary part is 0, wax's NaN (lead: ufuncs.py divides "
     'the complex log by a complex constant)'): [
    ],
    ("frexp of a float32 subnormal: XLA on the CPU flushes subnormals to zero inside JAX's "
     'bit manipulation ((0.5, -149) for 1e-40); wax gives the exact (0.544, -132), as NumPy '
     '(platform-dependent in JAX)'): [
        "jnp.frexp(jnp.array([0.0, -0.0, 1e-40, 8.0, -3.0], jnp.float32))",
    ],
    ("complex / real -0.0: XLA's complex division gives +inf where wax's gives -inf (lead: "
     'ufuncs.py / wax/primitives)'): [
        "jnp.divide(jnp.array([1+2j, -0.5j, 0j, 2+0j], jnp.complex64), jnp.array([-2.5, -0.0, 0.0, 3.0], jnp.float32))",
        "jnp.true_divide(jnp.array([1+2j, -0.5j, 0j, 2+0j], jnp.complex64), jnp.array([-2.5, -0.0, 0.0, 3.0], jnp.float32))",
    ],
    ("float floor_divide: JAX gives floor(x / y) (+-inf for infinite x), wax NumPy's NaN "
     '(lead: ufuncs.py)'): [
    ],
    ('logaddexp/logaddexp2 of complex operands: JAX computes them, wax fails inside lax.div '
     '(lead: ufuncs.py)'): [
    ],
    ("both the shapes and the dtype are wrong: JAX reports the shapes first, wax's binary "
     'abstract_eval the dtype (lead: wax/primitives/families.py)'): [
        "jnp.bitwise_and(jnp.zeros(3), jnp.zeros(2))",
        "jnp.bitwise_or(jnp.zeros(3), jnp.zeros(2))",
        "jnp.bitwise_xor(jnp.zeros(3), jnp.zeros(2))",
    ],
    ("float floor_divide by -0.0: JAX gives floor(x / y) = -inf, wax NumPy's NaN (lead: "
     'ufuncs.py)'): [
    ],
    ("a third positional argument: JAX's TypeError (add takes 2 positional arguments), wax's "
     'ufunc binds it to out= (lead: ufuncs.py)'): [
    ],
    ('all/any of complex values: JAX converts them to bool by their real part only (-1j is '
     'False); wax tests both parts (lead: reductions.py)'): [
        "jnp.all(jnp.array([[1+1j, 2-1j, 0j], [-1j, 3+0j, 1+2j]], jnp.complex64), axis=0)",
    ],
    ("average of a list: JAX's TracerArrayConversionError (a TypeError subclass), wax's "
     'TypeError (lead: reductions.py)'): [
        "jnp.average([1.0, 2.0])",
    ],
    ("a string axis is a named axis in JAX (NameError: unbound axis name); wax's TypeError "
     '(lead: reductions.py)'): [
        "jnp.sum(jnp.array([[1.0, -2.0, 3.0], [4.0, 0.5, -0.0]]), axis='a')",
    ],
    ('jnp.tile with negative repetitions: JAX 0.10.2 fails inside XLA (MLIRError, a class of '
     'jaxlib); wax raises ValueError'): [
        "jnp.tile(jnp.array([1, 2]), -1)",
    ],
    ('promote_types does not canonicalize in JAX (int with float gives float64 even with x64 '
     "off); wax's does (lead: wax/core/dtypes.py)"): [
    ],
    ('a traced k: JAX passes it as a static argument to an inner jit and fails hashing it '
     '(ValueError); wax raises ConcretizationTypeError naming k'): [
        "jax.jit(lambda x, k: jnp.tril(x, k))(jnp.ones((2, 2)), 1)",
    ],
    ('the derivative of logaddexp(x, x) at -inf: NaN in JAX, 0.5 + 0.5 in wax (lead: '
     'ufuncs.py)'): [
        "jax.grad(lambda x: jnp.logaddexp(x, x))(-jnp.inf)",
    ],
    ('weak type of the cotangent of float_power/power with a constant exponent: strong in '
     'JAX (lead: ufuncs.py)'): [
        "jax.grad(lambda x: jnp.float_power(x, 2))(2.0)",
        "jax.grad(lambda x: jnp.power(x, 0.0))(0.0)",
    ],
}
KNOWN = {expr: reason for reason, exprs in _KNOWN_GROUPS.items() for expr in exprs}


_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]{3,}")
_STOP = {"with", "that", "must", "have", "from", "this", "were", "when", "array", "arrays",
         "should", "argument", "arguments", "expected", "value", "values", "got", "given",
         "than", "only", "None", "type", "jax", "numpy", "dtype"}


# Python's own messages from errors raised inside JAX's implementation (an index past the
# end of a tuple, a division by zero, ...): their wording is incidental, only the class of
# the error is compared.
_INCIDENTAL = re.compile(r"index out of range|division or modulo by zero|modulo by zero|"
                         r"values to unpack|unsized object|^$")


def _gist_matches(message, want):
    """The messages share a word naming the subject (an argument, a function, ...): JAX's
    wording need not be reproduced exactly."""
    if _INCIDENTAL.search(want):
        return True
    words = set(_WORD.findall(want)) - _STOP
    if not words:
        return True
    return bool(words & set(_WORD.findall(message)))


def check(expr, entry):
    """None if wax evaluates `expr` like JAX did, else a description of the difference."""
    return recorded_check(expr, entry, NAMESPACE, RTOL.get, _gist_matches)


def _group(expr):
    match = re.search(r"(?:jnp|jax)\.(\w+)", expr)
    return match.group(1) if match else "other"


def _params(section):
    groups, known = {}, []
    for expr in DATA[section]:
        if expr in KNOWN:
            known.append(pytest.param(section, [expr], id=expr[:100],
                                      marks=pytest.mark.xfail(strict=True, reason=KNOWN[expr])))
        else:
            groups.setdefault(_group(expr), []).append(expr)
    return [pytest.param(section, exprs, id=f"{section}-{name}")
            for name, exprs in groups.items()] + known


def _run(section, exprs):
    failures = []
    for expr in exprs:
        if section == "cases_x64":
            with wax.enable_x64():
                problem = check(expr, DATA[section][expr])
        else:
            problem = check(expr, DATA[section][expr])
        if problem:
            failures.append(f"{expr}\n    {problem}")
    assert not failures, f"{len(failures)} of {len(exprs)} differ from JAX:\n" + \
        "\n".join(failures)


@pytest.mark.parametrize("section,exprs", _params("cases") + _params("cases_x64"))
def test_matches_jax(section, exprs):
    _run(section, exprs)


def test_known_differences_are_recorded():
    recorded = set(DATA["cases"]) | set(DATA["cases_x64"])
    assert not set(KNOWN) - recorded, sorted(set(KNOWN) - recorded)
