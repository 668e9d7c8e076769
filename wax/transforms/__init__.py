"""Transformations: one interpreter per file, with no per-primitive code inside.

Consumes the core (Trace, bind, Jaxpr); produces make_jaxpr/eval_shape (staging.py,
api.py) and jit (jit.py). grad, vmap and friends arrive with later issues.
"""
