"""Records for lax.reduce_window (sum/max/min monoids and a general computation)."""
import numpy as np

from records import FLOATS, OpRecord, float32
from windowed_reference import reduce_window_ref
from wax import lax

CASES = {  # name: (operand shape, window, strides, padding, base_dilation, window_dilation)
    "2x2s2": ((4, 6), (2, 2), (2, 2), ((0, 0), (0, 0)), None, None),
    "3x3same": ((5, 4), (3, 3), (1, 1), ((1, 1), (1, 1)), None, None),
    "dilated": ((6, 5), (2, 2), (1, 2), ((1, 0), (0, 1)), (1, 2), (2, 1)),
    "1d": ((7,), (3,), (2,), ((1, 2),), None, None),
}

_OPS = {"sum": (0.0, lax.add, np.add), "max": (-np.inf, lax.max, np.maximum),
        "min": (np.inf, lax.min, np.minimum), "mul": (1.0, lax.mul, np.multiply)}


def _record(kind, case):
    shape, dims, strides, padding, base, wdil = CASES[case]
    init, op, ref_op = _OPS[kind]

    def fun(x):
        return lax.reduce_window(x, init, op, dims, strides, padding, base, wdil)

    def ref(x):
        return reduce_window_ref(x, np.asarray(init, x.dtype), ref_op, dims, strides, padding,
                                 base, wdil)

    return OpRecord(f"reduce_window_{kind}_{case}", fun, ref, 1,
                    [float32] if kind == "mul" else FLOATS[:1], shapes=[shape],
                    # max/min: random inputs have no ties, so the derivative is smooth.
                    ref_same_dtype=True, tol=1e-5 if kind == "mul" else None,
                    # A general computation has no reverse mode in JAX either (jax#7815);
                    # its forward mode is checked in tests/primitives/test_windowed.py.
                    jvp=kind != "mul")


RECORDS = [_record(kind, case) for kind in _OPS for case in CASES]
