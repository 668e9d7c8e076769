"""wax.scipy.ndimage.map_coordinates against scipy.ndimage (JAX's 'constant' and 'wrap'
are SciPy's 'grid-constant' and 'grid-wrap'), for every mode at orders 0 and 1, inside
and outside the input; integer inputs, gradients and errors."""
import numpy as np
import pytest
import scipy.ndimage

import wax
import wax.numpy as jnp
from wax.scipy.ndimage import map_coordinates

SCIPY_MODE = {"constant": "grid-constant", "nearest": "nearest", "wrap": "grid-wrap",
              "mirror": "mirror", "reflect": "reflect"}


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("mode", sorted(SCIPY_MODE))
def test_matches_scipy(order, mode):
    rng = np.random.default_rng(order)
    image = rng.normal(size=(5, 6)).astype(np.float32)
    coords = [rng.uniform(-4, 9, size=(4, 7)), rng.uniform(-4, 10, size=(4, 7))]
    # Keep order-0 points off the rounding ties, where float32 and float64 may differ.
    coords = [np.where(np.abs(c % 1 - 0.5) < 1e-3, c + 0.01, c) for c in coords]
    got = map_coordinates(jnp.asarray(image), [jnp.asarray(c, np.float32) for c in coords],
                          order, mode=mode, cval=0.5)
    want = scipy.ndimage.map_coordinates(image.astype(np.float64), coords, order=order,
                                         mode=SCIPY_MODE[mode], cval=0.5)
    assert got.shape == (4, 7) and got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_integer_input_rounds_half_away_from_zero():
    image = jnp.asarray(np.array([0, 10, 20, 30], np.int32))
    got = map_coordinates(image, [jnp.asarray(np.array([0.25, 0.5, 1.5, 2.75], np.float32))], 1)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, [3, 5, 15, 28])  # 2.5 -> 3, 27.5 -> 28


def test_gradients_in_input_and_coordinates():
    image = jnp.asarray(np.array([0.0, 10.0, 20.0, 35.0], np.float32))
    coords = jnp.asarray(np.array([0.5, 2.25], np.float32))
    # d/dc of linear interpolation: the slope of the segment holding c.
    np.testing.assert_allclose(
        wax.grad(lambda c: map_coordinates(image, [c], 1).sum())(coords), [10.0, 15.0])
    # d/d(image): the interpolation weights.
    np.testing.assert_allclose(
        wax.grad(lambda im: map_coordinates(im, [coords], 1).sum())(image),
        [0.5, 0.5, 0.75, 0.25])


def test_zero_dimensional_input_and_jit():
    assert float(map_coordinates(jnp.asarray(4.0), [], 1)) == 4.0
    image = jnp.asarray(np.arange(12.0).reshape(3, 4))
    coords = [jnp.asarray([0.5, 2.5]), jnp.asarray([1.5, 3.5])]
    eager = map_coordinates(image, coords, 1, mode="wrap")
    np.testing.assert_array_equal(wax.jit(lambda c0, c1: map_coordinates(
        image, [c0, c1], 1, mode="wrap"))(*coords), eager)


def test_errors():
    image = jnp.zeros((3, 3))
    with pytest.raises(ValueError, match="coordinates must be a sequence of length"):
        map_coordinates(image, [jnp.zeros(2)], 1)
    with pytest.raises(NotImplementedError, match="requires order<=1"):
        map_coordinates(image, [jnp.zeros(2)] * 2, 3)
    with pytest.raises(NotImplementedError, match="does not yet support mode grid-wrap"):
        map_coordinates(image, [jnp.zeros(2)] * 2, 1, mode="grid-wrap")
