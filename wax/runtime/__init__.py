"""The runtime: executing a staged program on buffers.

Consumes a ClosedJaxpr, produces an Executable: a callable from input buffers to output
buffers. Today the executable is the Jaxpr evaluator (evaluator.py); the compiler
registers its own executor with `wax.transforms.jit.set_executor`.
"""
