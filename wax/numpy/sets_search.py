"""Set operations, unique, searching, counting and histograms (jnp.unique*, isin,
searchsorted, bincount, digitize, histogram*, argwhere, partition, lexsort, ...).

The functions live in modules by family; this one gathers their names for wax.numpy:
setops.py (unique and the set operations), searching.py (searchsorted, digitize, interp,
argwhere, partition, lexsort, sort_complex), histograms.py (bincount, histogram*) and
packing.py (ravel/unravel indices, packbits/unpackbits, trim_zeros).
"""
from . import histograms as _histograms
from . import packing as _packing
from . import searching as _searching
from . import setops as _setops
from .histograms import *  # noqa: F401,F403
from .packing import *  # noqa: F401,F403
from .searching import *  # noqa: F401,F403
from .setops import *  # noqa: F401,F403

__all__ = [*_setops.__all__, *_searching.__all__, *_histograms.__all__, *_packing.__all__]
