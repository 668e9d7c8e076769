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
