"""wax.random: JAX's splittable threefry PRNG, bit for bit, and its samplers."""
