"""wax.image: JAX's signatures, results checked by hand or against NumPy (interpolation,
block means), the transformations (vmap against a loop, jit against eager, gradients in the
scale and translation), and the bad inputs wax refuses where JAX fails obscurely or answers
silently. JAX's recorded values are in test_image_jax_facts.py."""
import ast
import inspect
import json
import pathlib

import numpy as np
import pytest

import wax
import wax.image as image
import wax.numpy as jnp
from wax.test_util import check_grads

SIGNATURES = json.loads((pathlib.Path(__file__).parents[1] / "data" /
                         "jax_image.json").read_text())["signatures"]


def _parameters(signature_text):
    """(name, kind, has a default) of each parameter of a printed signature."""
    args = ast.parse(f"def f{signature_text}: pass").body[0].args
    defaults = [False] * (len(args.args) - len(args.defaults)) + [True] * len(args.defaults)
    return [(a.arg, "positional", d) for a, d in zip(args.args, defaults)]


@pytest.mark.parametrize("name", list(SIGNATURES))
def test_signature_matches_jax(name):
    fun = image.ResizeMethod.from_string if name == "ResizeMethod.from_string" else \
        getattr(image, name)
    ours = [(p.name, "positional" if p.kind is p.POSITIONAL_OR_KEYWORD else str(p.kind),
             p.default is not p.empty) for p in inspect.signature(fun).parameters.values()]
    assert ours == _parameters(SIGNATURES[name])
    if name != "ResizeMethod.from_string":
        params = inspect.signature(fun).parameters
        assert params["antialias"].default is True
        assert repr(params["precision"].default) == "Precision.HIGHEST"


def test_resize_method_enum():
    assert [(m.name, m.value) for m in image.ResizeMethod] == [
        ("NEAREST", 0), ("LINEAR", 1), ("LANCZOS3", 2), ("LANCZOS5", 3), ("CUBIC", 4),
        ("CUBIC_PYTORCH", 5), ("AREA", 6)]
    assert image.ResizeMethod.from_string("bicubic-pytorch") is image.ResizeMethod.CUBIC_PYTORCH


# --- values worked out independently --------------------------------------------------------

def test_linear_upsample_by_hand():
    # Output centres at -0.25, 0.25, 0.75, 1.25 input pixels: the outer two see one pixel.
    out = image.resize(jnp.array([0.0, 1.0]), (4,), "linear")
    np.testing.assert_array_equal(np.asarray(out), [0.0, 0.25, 0.75, 1.0])


def test_linear_without_antialias_is_interpolation_at_the_centres():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(9, 2))
    for out_size in (4, 13):
        centres = (np.arange(out_size) + 0.5) * 9 / out_size - 0.5
        want = np.stack([np.interp(centres, np.arange(9), x[:, c]) for c in range(2)], 1)
        got = image.resize(jnp.asarray(x, jnp.float32), (out_size, 2), "bilinear",
                           antialias=False)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("antialias", [True, False])
def test_area_downsample_by_an_integer_factor_is_the_block_mean(antialias):
    x = np.arange(48.0).reshape(2, 6, 4) ** 1.5
    got = image.resize(jnp.asarray(x, jnp.float32), (2, 3, 2), "area", antialias=antialias)
    want = x.reshape(2, 3, 2, 2, 2).mean(axis=(2, 4))
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6)


@pytest.mark.parametrize("method", ["linear", "cubic", "lanczos3", "lanczos5", "area",
                                    "cubic-pytorch"])
def test_constant_images_stay_constant_and_identity_keeps_the_image(method):
    ones = jnp.full((5, 4), 3.0)
    np.testing.assert_allclose(np.asarray(image.resize(ones, (8, 3), method)), 3.0, rtol=1e-6)
    x = jnp.arange(20.0).reshape(5, 4)
    same = image.scale_and_translate(x, (5, 4), (0, 1), jnp.ones(2), jnp.zeros(2), method)
    np.testing.assert_allclose(np.asarray(same), np.asarray(x), rtol=1e-6, atol=1e-6)


def test_translation_by_whole_pixels_shifts_and_zero_fills():
    x = jnp.arange(1.0, 6.0)
    out = image.scale_and_translate(x, (5,), (0,), jnp.array([1.0]), jnp.array([2.0]), "linear")
    np.testing.assert_array_equal(np.asarray(out), [0.0, 0.0, 1.0, 2.0, 3.0])


# --- transformations -----------------------------------------------------------------------

def _image(shape, seed=0):
    return jnp.asarray(np.random.default_rng(seed).normal(size=shape), jnp.float32)


def test_vmap_over_image_scale_and_translation_matches_a_loop():
    xs = _image((3, 2, 4, 5))
    scales = jnp.array([[1.3, 0.6], [0.7, 1.9], [2.1, 1.0]])
    shifts = jnp.array([[0.2, -0.4], [1.1, 0.0], [-0.3, 0.5]])

    def fun(x, s, t):
        return image.scale_and_translate(x, (2, 6, 3), (1, 2), s, t, "lanczos3")

    got = wax.vmap(fun, in_axes=(0, 0, 0), out_axes=1)(xs, scales, shifts)
    want = np.stack([np.asarray(fun(xs[i], scales[i], shifts[i])) for i in range(3)], 1)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("method", ["nearest", "cubic-pytorch"])
def test_vmap_of_resize_matches_a_loop(method):
    xs = _image((4, 3, 5), seed=1)

    def fun(x):
        return image.resize(x, (6, 2), method, antialias=False)

    got = wax.vmap(fun, in_axes=2)(xs)
    want = np.stack([np.asarray(fun(xs[:, :, i])) for i in range(5)])
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6, atol=1e-6)


def test_jit_matches_eager_and_traces_once():
    traces = []

    @wax.jit
    def fun(x, s, t):
        traces.append(None)
        return image.scale_and_translate(x, (7, 3), (0, 1), s, t, "cubic")

    x = _image((4, 5), seed=2)
    for s in ([1.5, 0.6], [0.8, 0.9]):
        s, t = jnp.array(s), jnp.array([0.3, -0.2])
        eager = image.scale_and_translate(x, (7, 3), (0, 1), s, t, "cubic")
        np.testing.assert_allclose(np.asarray(fun(x, s, t)), np.asarray(eager), rtol=1e-6,
                                   atol=1e-6)
    assert len(traces) == 1


@pytest.mark.parametrize("method", ["linear", "lanczos5", "area"])
def test_grads_in_scale_and_translation_of_a_3d_resample(method):
    x = np.random.default_rng(3).normal(size=(3, 4, 2, 3))

    def fun(s, t):
        return image.scale_and_translate(jnp.asarray(x), (5, 3, 4, 3), (0, 1, 2), s, t, method)

    with wax.enable_x64():
        check_grads(fun, (np.array([1.3, 0.7, 1.6]), np.array([0.15, -0.35, 0.45])), order=2)


def test_nearest_gradient_counts_the_picks():
    grad = wax.grad(lambda x: image.resize(x, (9,), "nearest").sum())(jnp.arange(4.0))
    # Output pixel o takes input floor((o + 0.5) * 4 / 9): 0,0,0,1,2,2,3,3,3... counted.
    picks = np.bincount(np.floor((np.arange(9) + 0.5) * 4 / 9).astype(int), minlength=4)
    np.testing.assert_array_equal(np.asarray(grad), picks)


# --- bad input: errors naming the argument --------------------------------------------------

X = jnp.arange(5.0)
S, T = jnp.array([1.5]), jnp.array([0.3])


@pytest.mark.parametrize("call, error, words", [
    # JAX returns an empty array for a negative size; wax refuses it.
    (lambda: image.resize(X, (-3,), "linear"), ValueError, "negative"),
    # JAX fails with ZeroDivisionError (linear) or a gather TypeError (nearest).
    (lambda: image.resize(jnp.ones(0), (3,), "linear"), ValueError, "size 0"),
    (lambda: image.resize(jnp.ones(0), (3,), "nearest"), ValueError, "size 0"),
    # JAX: AssertionError.
    (lambda: image.resize(X, (8,), None), TypeError, "method"),
    (lambda: image.resize(X, (8,), 1), TypeError, "method"),
    (lambda: image.scale_and_translate(X, (7,), (0,), jnp.array([1.5, 2.0]), T, "linear"),
     ValueError, "scale must have shape (1,)"),
    # JAX: TypeError "len() of unsized object".
    (lambda: image.scale_and_translate(X, (7,), (0,), 1.5, 0.3, "linear"), TypeError,
     "scale must be an array"),
    (lambda: image.scale_and_translate(X, (7,), (0,), S, jnp.array(0.3), "linear"),
     ValueError, "translation must have shape (1,)"),
    (lambda: image.scale_and_translate(X, (7,), 0, S, T, "linear"), TypeError,
     "spatial_dims"),
    # JAX silently returns the input's size along a dimension left out of spatial_dims.
    (lambda: image.scale_and_translate(jnp.ones((4, 5)), (4, 6), (0,), S, T, "linear"),
     ValueError, "dimension 1 is not in spatial_dims"),
    (lambda: image.scale_and_translate(jnp.ones((4, 5)), (4, 5), (0, -2), jnp.ones(2),
                                       jnp.zeros(2), "linear"), ValueError, "repeated"),
    (lambda: image.scale_and_translate(X, (7,), (0,), S + 0j, T, "linear"), TypeError,
     "scale must be real"),
    (lambda: image.resize([1.0, 2.0], (3,), "linear"), TypeError, "resize requires ndarray"),
])
def test_bad_arguments(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
