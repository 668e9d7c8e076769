"""wax.nn: JAX's jax.nn: activation functions (functions.py), normalizers and one_hot
(normalization.py), dot_product_attention and the scaled matmuls (attention.py), and the
parameter initializers (initializers.py). Everything is a composition of wax.numpy and
wax.lax, so every transformation applies."""
from . import initializers  # noqa: F401
from .functions import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .attention import (dot_product_attention, get_scaled_dot_general_config,  # noqa: F401
                        scaled_dot_general, scaled_matmul)
