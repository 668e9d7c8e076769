"""Random-bit primitives: threefry2x32 (JAX's counter-based generator) and rng_bit_generator, with their batch rules."""
__all__: list = []
