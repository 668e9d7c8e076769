"""The whole promotion table against JAX's results (tests/data/promotion.json)."""
import json
import pathlib

import ml_dtypes
import numpy as np
import pytest

from wax._config import enable_x64
from wax.core import dtypes

TABLE = json.loads((pathlib.Path(__file__).parents[1] / "data" / "promotion.json").read_text())
WEAK = {"i*": 1, "f*": 1.0, "c*": 1j}


def _typed(name):
    """A (dtype, weak) pair for a row/column name of the table."""
    if name in WEAK:
        return dtypes.dtype_and_weak(WEAK[name])
    return dtypes.canonicalize_dtype(np.dtype(getattr(ml_dtypes, name, None) or name)), False


def _cases():
    for mode in ("x64_off", "x64_on"):
        for row, cols in TABLE[mode].items():
            for col, expected in cols.items():
                yield pytest.param(mode, row, col, expected, id=f"{mode}-{row}-{col}")


@pytest.mark.parametrize("mode,row,col,expected", list(_cases()))
def test_promotion_table(mode, row, col, expected):
    with enable_x64(mode == "x64_on"):
        a, b = _typed(row), _typed(col)
        dtype, weak = dtypes.promote_pair(*a, *b)
    assert (dtype.name + ("*" if weak else "")) == expected


def test_promotion_is_symmetric_and_memo_tracks_x64():
    f64 = np.dtype("float64")
    with enable_x64(True):
        assert dtypes.promote_pair(f64, False, f64, False)[0] == f64
    assert dtypes.promote_pair(f64, False, f64, False)[0] == np.dtype("float32")


def test_strict_promotion_raises():
    from wax._config import numpy_dtype_promotion
    i32, f32 = np.dtype("int32"), np.dtype("float32")
    with numpy_dtype_promotion("strict"):
        with pytest.raises(dtypes.TypePromotionError):
            dtypes.promote_pair(i32, False, f32, False)
        assert dtypes.promote_pair(f32, False, f32, True) == (f32, False)


# --- narrow types: int2/uint2/int4/uint4 and the 8- and 4-bit floats ---------------------

NARROW = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                     "promotion_narrow.json").read_text())


def _zero_or_scalar(name):
    import wax.numpy as jnp
    return WEAK[name] if name in WEAK else jnp.zeros((), getattr(ml_dtypes, name, None) or name)


@pytest.mark.parametrize("row", list(NARROW["table"]))
def test_narrow_type_promotion_matches_jax(row):
    # Each row through jnp.add, as recorded: narrow types join only themselves, bool, weak
    # Python scalars and (narrow floats) integer types; anything else is JAX's
    # TypePromotionError, a ValueError.
    x = _zero_or_scalar(row)
    for col, expected in NARROW["table"][row].items():
        if expected.startswith("ERR"):
            with pytest.raises(dtypes.TypePromotionError, match="no available implicit dtype"):
                x + _zero_or_scalar(col)
            continue
        out = x + _zero_or_scalar(col)
        assert out.dtype.name + ("*" if out.weak_type else "") == expected, (row, col)


@pytest.mark.parametrize("expr", list(NARROW["values"]))
def test_narrow_type_arithmetic_matches_jax(expr):
    import wax.numpy as jnp
    got = eval(expr, {"jnp": jnp, "np": np})
    expected = NARROW["values"][expr]
    assert got.dtype.name == expected["dtype"]
    values = [v if v != "nan" else np.nan for v in expected["values"]]
    np.testing.assert_array_equal(np.asarray(got).astype(np.float64).ravel(), values)


def test_narrow_promotion_error_names_the_types_and_the_cast():
    import wax.numpy as jnp
    with pytest.raises(ValueError, match=r"\('int4', 'int8'\).*1-bit, 2-bit and 4-bit integers"
                                         r".*x.astype\('int32'\)"):
        jnp.promote_types("int4", "int8")
    with pytest.raises(ValueError, match=r"\('float8_e4m3fn', \"<class 'complex'>\"\).*8-bit "
                                         r"floats.*x.astype\('float32'\)"):
        jnp.zeros(2, jnp.float8_e4m3fn) + 1j
