"""wax.lax: the primitive-level API, with JAX's names and signatures.

Consumes the primitives layer; every function here is a primitive's wrapper (or a small
composition of them) and every `*_p` is the primitive itself.
"""
from ..primitives.elementwise import *  # noqa: F401,F403
from ..primitives.shape import *  # noqa: F401,F403
from ..primitives.indexing import *  # noqa: F401,F403
from ..primitives.gather_scatter import *  # noqa: F401,F403
from ..primitives.reductions import *  # noqa: F401,F403
from ..primitives.contractions import *  # noqa: F401,F403
from ..primitives.convolution import *  # noqa: F401,F403
from ..primitives.sorting import *  # noqa: F401,F403
from ..control_flow import *  # noqa: F401,F403
from ..primitives.collectives import *  # noqa: F401,F403
from ..primitives.fft import *  # noqa: F401,F403
from ..primitives.windowed import *  # noqa: F401,F403
from ..primitives.special import *  # noqa: F401,F403
from ..primitives.prng import *  # noqa: F401,F403
from . import linalg  # noqa: F401,E402
from ..primitives.misc import *  # noqa: F401,F403
