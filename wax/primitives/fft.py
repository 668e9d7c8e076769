"""The fft primitive (FftType), with its jvp, transpose and batch rules."""
__all__: list = []
