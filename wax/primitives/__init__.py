"""Primitives: each defined once, with all its rules side by side.

Consumes the core (Primitive, avals, dtypes, bind); produces the `*_p` primitives and
their thin wrappers (`sin`, `add`, `reduce_sum`, ...), which wax.lax re-exports with
JAX's signatures and wax.numpy builds on. families.py holds the helpers that fill the
common slots, so a primitive states only its impl, its derivative and what differs.
"""
