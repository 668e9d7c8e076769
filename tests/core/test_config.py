"""wax.config: names, context managers, environment variables, and the jit key."""
import os
import subprocess
import sys

import numpy as np
import pytest

import wax
from wax.core import dtypes


def test_update_and_read_x64():
    assert wax.config.jax_enable_x64 is False
    wax.config.update("jax_enable_x64", True)
    try:
        assert wax.config.jax_enable_x64 is True
        assert dtypes.canonicalize_dtype(np.float64) == np.float64
    finally:
        wax.config.update("jax_enable_x64", False)
    assert dtypes.canonicalize_dtype(np.float64) == np.float32


def test_context_managers_restore():
    with wax.enable_x64():
        assert wax.config.jax_enable_x64
        with wax.enable_x64(False):
            assert not wax.config.jax_enable_x64
        assert wax.config.jax_enable_x64
    assert not wax.config.jax_enable_x64
    with wax.disable_jit():
        assert wax.config.jax_disable_jit
    with wax.numpy_dtype_promotion("strict"):
        assert wax.config.jax_numpy_dtype_promotion == "strict"
    with wax.numpy_rank_promotion("raise"):
        assert wax.config.jax_numpy_rank_promotion == "raise"
    with wax.checking_leaks():
        assert wax.config.jax_check_tracer_leaks
    wax.config.update("jax_debug_nans", True)
    wax.config.update("jax_debug_nans", False)


def test_bad_names_and_values():
    with pytest.raises(AttributeError, match="Unrecognized config option"):
        wax.config.update("jax_no_such_option", 1)
    with pytest.raises(ValueError, match="jax_numpy_rank_promotion"):
        wax.config.update("jax_numpy_rank_promotion", "sometimes")


def test_jit_key_tracks_semantic_settings():
    base = wax.config.jit_key()
    with wax.enable_x64():
        assert wax.config.jit_key() != base
    with wax.numpy_rank_promotion("warn"):
        assert wax.config.jit_key() != base
    assert wax.config.jit_key() == base


@pytest.mark.parametrize("var", ["JAX_ENABLE_X64", "WAX_ENABLE_X64"])
def test_environment_variable_turns_x64_on(var):
    env = dict(os.environ, **{var: "1"})
    out = subprocess.run([sys.executable, "-c",
                          "import wax; print(wax.config.jax_enable_x64)"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_x64_truncation_warns():
    with pytest.warns(UserWarning, match="Explicitly requested dtype float64"):
        assert dtypes.check_user_dtype("float64", "zeros") == np.float32
