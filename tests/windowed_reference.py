"""A plain-loop reference for window reductions (independent of wax's strided views)."""
import itertools

import numpy as np


def reduce_window_ref(x, init, op, dims, strides, padding, base=None, wdil=None):
    x = np.asarray(x)
    rank = x.ndim
    base = base or (1,) * rank
    wdil = wdil or (1,) * rank
    dilated = [(s - 1) * b + 1 if s else 0 for s, b in zip(x.shape, base)]
    out_shape = [max((dilated[i] + padding[i][0] + padding[i][1] - ((dims[i] - 1) * wdil[i] + 1))
                     // strides[i] + 1, 0) for i in range(rank)]
    out = np.empty(out_shape, x.dtype)
    for pos in itertools.product(*[range(n) for n in out_shape]):
        acc = init
        for k in itertools.product(*[range(w) for w in dims]):
            value = init
            coords = []
            for i in range(rank):
                c = pos[i] * strides[i] + k[i] * wdil[i] - padding[i][0]  # in dilated space
                coords.append(c)
            if all(0 <= c < dilated[i] and c % base[i] == 0 for i, c in enumerate(coords)):
                value = x[tuple(c // base[i] for i, c in enumerate(coords))]
            acc = op(acc, value)
        out[pos] = acc
    return out
