"""The facts recorded from JAX 0.10.2 in tests/fft/jax_fft_facts.json, and their decoding
into NumPy arrays (shared by the tests under tests/fft)."""
import json
import pathlib

import numpy as np

FACTS = json.loads((pathlib.Path(__file__).parent / "fft" / "jax_fft_facts.json").read_text())


def decode(entry):
    if "real" in entry:  # (not real + 1j * imag: 1j * nan would spoil the real part)
        values = np.empty(len(entry["real"]), np.complex128)
        values.real, values.imag = entry["real"], entry["imag"]
    else:
        values = np.asarray(entry["values"], dtype=float)
    return values.astype(entry["dtype"]).reshape(entry["shape"])
