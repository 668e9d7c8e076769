"""Errors raised through wax's transformations carry tracebacks without wax's own frames
(JAX's traceback filtering), except the frame that raised; JAX_TRACEBACK_FILTERING=off
(config jax_traceback_filtering) keeps them all."""
import os
import traceback

import pytest

import wax
import wax.numpy as jnp

WAX_DIR = os.path.dirname(os.path.abspath(wax.__file__))


def user_function(x):
    return jnp.add(x, jnp.ones(4))  # shapes (3,) and (4,): a TypeError inside wax


def _frames(run):
    with pytest.raises(TypeError) as info:
        run()
    return traceback.extract_tb(info.value.__traceback__), info.value


@pytest.mark.parametrize("transform", [
    lambda: wax.jit(user_function)(jnp.ones(3)),
    lambda: wax.grad(lambda x: jnp.sum(user_function(x)))(jnp.ones(3)),
    lambda: wax.vmap(user_function)(jnp.ones((2, 3))),
    lambda: wax.jvp(user_function, (jnp.ones(3),), (jnp.ones(3),)),
    lambda: wax.vjp(user_function, jnp.ones(3)),
    lambda: wax.make_jaxpr(user_function)(jnp.ones(3)),
    lambda: wax.jit(wax.grad(lambda x: jnp.sum(user_function(x))))(jnp.ones(3)),
], ids=["jit", "grad", "vmap", "jvp", "vjp", "make_jaxpr", "jit_of_grad"])
def test_wax_frames_are_removed(transform):
    frames, err = _frames(transform)
    inside = [f for f in frames if f.filename.startswith(WAX_DIR)]
    assert len(inside) == 1 and frames[-1] is inside[0]  # only where it was raised
    assert any(f.name == "user_function" for f in frames)
    assert any("JAX_TRACEBACK_FILTERING=off" in note for note in err.__notes__)


def test_filtering_off_keeps_every_frame():
    wax.config.update("jax_traceback_filtering", "off")
    try:
        frames, err = _frames(lambda: wax.jit(user_function)(jnp.ones(3)))
    finally:
        wax.config.update("jax_traceback_filtering", "auto")
    assert len([f for f in frames if f.filename.startswith(WAX_DIR)]) > 3
    assert not getattr(err, "__notes__", [])
