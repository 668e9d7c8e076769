"""Linear-algebra primitives (cholesky, eigh, lu, qr, svd, triangular_solve, tridiagonal_solve, ...), each with its jvp and batch rules."""
__all__: list = []
