"""Convolution: what the op-record table can't express — the shape and padding helpers
(facts worked out by hand from JAX's documented rules), conv_transpose on hand-derived
examples, dimension numbers, weak types, preferred element types, empty shapes and the
argument errors (class and a message naming the shapes)."""
import re

import ml_dtypes
import numpy as np
import pytest

import wax
import wax.numpy as jnp
from wax import lax
from wax.core.array import make_array

NHWC = ("NHWC", "HWIO", "NHWC")
bfloat16 = np.dtype(ml_dtypes.bfloat16)


def arr(values, dtype=np.float32):
    return jnp.asarray(np.asarray(values, dtype))


def ones(shape, dtype=np.float32):
    return jnp.asarray(np.ones(shape, dtype))


def raises(exc, *fragments):
    """pytest.raises whose message must contain every fragment (shapes, names)."""
    return pytest.raises(exc, match="(?s)" + "".join(f"(?=.*{re.escape(f)})"
                                                     for f in fragments))


# --- padtype_to_pads ------------------------------------------------------------------------

@pytest.mark.parametrize("in_shape, window, strides, padding, expected", [
    # out = ceil(5 / 2) = 3 needs (3 - 1) * 2 + 3 = 7 inputs: 2 pads, split evenly.
    ((5,), (3,), (2,), "SAME", [(1, 1)]),
    # out = 2 needs 5 inputs: 1 pad, on the high side for SAME, the low side for SAME_LOWER.
    ((4,), (3,), (2,), "SAME", [(0, 1)]),
    ((4,), (3,), (2,), "SAME_LOWER", [(1, 0)]),
    ((4,), (3,), (1,), "SAME", [(1, 1)]),
    ((4,), (4,), (1,), "SAME", [(1, 2)]),
    ((4,), (4,), (1,), "SAME_LOWER", [(2, 1)]),
    # out = 2 needs only (2 - 1) * 3 + 1 = 4 of 6 inputs: no padding, never negative.
    ((6,), (1,), (3,), "SAME", [(0, 0)]),
    # a window larger than the input
    ((2,), (5,), (1,), "SAME", [(2, 2)]),
    ((7, 6), (3, 3), (2, 3), "SAME", [(1, 1), (0, 0)]),
    ((7, 6), (3, 3), (2, 3), "VALID", [(0, 0), (0, 0)]),
    ((5,), (3,), (2,), "same", [(1, 1)]),  # case-insensitive, as JAX
])
def test_padtype_to_pads(in_shape, window, strides, padding, expected):
    assert lax.padtype_to_pads(in_shape, window, strides, padding) == expected


def test_padtype_to_pads_rejects_unknown_strings():
    with raises(RuntimeError, "Unrecognized padding type", "FULL"):
        lax.padtype_to_pads((5,), (3,), (1,), "FULL")


def test_same_padding_keeps_ceil_of_input_over_stride_outputs():
    for size in range(1, 9):
        for window in range(1, 5):
            for stride in range(1, 4):
                (lo, hi), = lax.padtype_to_pads((size,), (window,), (stride,), "SAME")
                out = max(0, (size + lo + hi - window) // stride + 1)
                assert out == -(-size // stride)
                assert hi - lo in (0, 1)


# --- dimension numbers ----------------------------------------------------------------------

def test_conv_general_permutations():
    assert lax.conv_general_permutations(("NCHW", "OIHW", "NCHW")) == (
        (0, 1, 2, 3), (0, 1, 2, 3), (0, 1, 2, 3))
    assert lax.conv_general_permutations(NHWC) == ((0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))
    # Spatial dimensions pair up by letter and are ordered as in the rhs spec.
    assert lax.conv_general_permutations(("NWHC", "IWOH", "WHCN")) == (
        (0, 3, 1, 2), (2, 0, 1, 3), (3, 2, 0, 1))
    assert lax.conv_general_permutations(("NC", "IO", "NC")) == ((0, 1), (1, 0), (0, 1))


@pytest.mark.parametrize("specs, fragment", [
    (("NHW", "OIHW", "NCHW"), "dimension_numbers[0] must contain the characters 'N' and 'C'"),
    (("NCHW", "OOHW", "NCHW"), "dimension_numbers[1] must contain the characters 'O' and 'I'"),
    (("NCHH", "OIHW", "NCHW"), "dimension_numbers[0] cannot have duplicate characters"),
    (("NCHW", "OIHX", "NCHW"), "must each have the same set of spatial characters"),
])
def test_conv_general_permutations_errors(specs, fragment):
    with raises(TypeError, fragment):
        lax.conv_general_permutations(specs)


def test_conv_dimension_numbers():
    dn = lax.conv_dimension_numbers((2, 3, 4, 5), (6, 3, 1, 2), None)
    assert dn == lax.ConvDimensionNumbers((0, 1, 2, 3), (0, 1, 2, 3), (0, 1, 2, 3))
    assert type(dn) is lax.ConvDimensionNumbers
    assert lax.conv_dimension_numbers((2, 4, 5, 3), (1, 2, 3, 6), NHWC) == (
        (0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))
    given = lax.ConvDimensionNumbers([0, 3, 1, 2], [3, 2, 0, 1], [0, 3, 1, 2])
    dn = lax.conv_dimension_numbers((2, 4, 5, 3), (1, 2, 3, 6), given)
    assert dn == ((0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))
    assert hash(dn) == hash(tuple(map(tuple, given)))  # int tuples: usable in a jit key
    assert dn.lhs_spec == (0, 3, 1, 2) and dn.out_spec == (0, 3, 1, 2)


@pytest.mark.parametrize("lhs_shape, rhs_shape, dn, fragment", [
    ((2, 3, 4), (6, 3, 1, 2), None, "lhs and rhs ndim to be equal, got 3 and 4"),
    ((2, 3, 4, 5), (6, 3, 1, 2), ("NCHW", "OIHW"), "must be length 3, got 2"),
    ((2, 3, 4, 5), (6, 3, 1, 2), ("NCW", "OIW", "NCW"),
     "dimension_numbers[0] must have len equal to the ndim of lhs and rhs, got 3"),
    ((2, 3, 4, 5), (6, 3, 1, 2), ((0, 1, 2, 3),) * 3, "elements must be strings"),
    ((2, 3, 4, 5), (6, 3, 1, 2), "NCHW", "must be tuple/list or None"),
    ((2, 3, 4, 5), (6, 3, 1, 2), 7, "must be tuple/list or None"),
])
def test_conv_dimension_numbers_errors(lhs_shape, rhs_shape, dn, fragment):
    with raises(TypeError, fragment):
        lax.conv_dimension_numbers(lhs_shape, rhs_shape, dn)


# --- shape tuples -----------------------------------------------------------------------------

def test_conv_shape_tuple():
    assert lax.conv_shape_tuple((2, 3, 10, 10), (4, 3, 3, 3), (1, 1), "VALID") == (2, 4, 8, 8)
    assert lax.conv_shape_tuple((2, 3, 10, 10), (4, 3, 3, 3), (1, 1), "SAME") == (2, 4, 10, 10)
    assert lax.conv_shape_tuple((2, 3, 10, 9), (4, 3, 3, 3), (2, 2), "SAME") == (2, 4, 5, 5)
    assert lax.conv_shape_tuple((2, 3, 10, 10), (4, 3, 3, 3), (1, 1),
                                ((1, 1), (0, 0))) == (2, 4, 10, 8)
    assert lax.conv_shape_tuple((2, 3, 10, 10), (4, 3, 3, 3), (3, 2), "VALID") == (2, 4, 3, 4)
    # A window larger than the padded input leaves no outputs (never a negative size).
    assert lax.conv_shape_tuple((2, 3, 2), (4, 3, 5), (1,), "VALID") == (2, 4, 0)
    assert lax.conv_shape_tuple((4, 3, 10, 10), (4, 3, 3, 3), (1, 1), "VALID",
                                batch_group_count=2) == (2, 4, 8, 8)


def test_conv_shape_tuple_errors():
    with raises(TypeError, "Wrong number of explicit pads", "expected 2, got 1"):
        lax.conv_shape_tuple((2, 3, 10, 10), (4, 3, 3, 3), (1, 1), ((1, 1),))
    with raises(ValueError, "Negative padding is larger than", "(4,)"):
        lax.conv_shape_tuple((2, 3, 4), (4, 3, 1), (1,), ((-3, -2),))


def test_conv_general_shape_tuple():
    assert lax.conv_general_shape_tuple((2, 10, 10, 3), (3, 3, 3, 4), (1, 1), "SAME",
                                        NHWC) == (2, 10, 10, 4)
    assert lax.conv_general_shape_tuple((2, 10, 10, 3), (3, 3, 3, 4), (2, 1), "VALID",
                                        NHWC) == (2, 4, 8, 4)
    assert lax.conv_general_shape_tuple((2, 3, 10, 8), (4, 3, 3, 2), (1, 1), "VALID",
                                        ("NCHW", "OIHW", "HWNC")) == (8, 7, 2, 4)


def test_conv_transpose_shape_tuple():
    # SAME: in * stride outputs; VALID: (in - 1) * stride + window.
    assert lax.conv_transpose_shape_tuple((2, 5, 5, 3), (3, 3, 4, 3), (2, 2), "SAME",
                                          NHWC) == (2, 10, 10, 3)
    assert lax.conv_transpose_shape_tuple((2, 5, 5, 3), (3, 3, 4, 3), (2, 2), "VALID",
                                          NHWC) == (2, 11, 11, 3)
    # Explicit padding is the transposed conv's own: (5 - 1) * 2 - 3 + 2 + 1 = 8.
    assert lax.conv_transpose_shape_tuple((2, 5, 3), (3, 4, 3), (2,), ((1, 0),),
                                          ("NWC", "WIO", "NWC")) == (2, 8, 3)


# --- conv_transpose on hand-derived examples ------------------------------------------------

def _transpose_1d(x, w, strides, padding, **kwargs):
    """conv_transpose of one-feature NWC input x and WIO kernel w, as a flat list."""
    lhs = arr(np.reshape(x, (1, -1, 1)))
    rhs = arr(np.reshape(w, (-1, 1, 1)))
    out = lax.conv_transpose(lhs, rhs, strides, padding, **kwargs)
    return np.asarray(out).ravel().tolist()


def test_conv_transpose_valid():
    # x = [1, 2, 3] dilated by 2 is [1, 0, 2, 0, 3]; VALID pads it by window - 1 = 1 on each
    # side, and the window [1, 10] slides over [0, 1, 0, 2, 0, 3, 0] without flipping.
    assert _transpose_1d([1, 2, 3], [1, 10], (2,), "VALID") == [10, 1, 20, 2, 30, 3]
    # transpose_kernel flips the window: each input scatters x * [1, 10] at 2 * i.
    assert _transpose_1d([1, 2, 3], [1, 10], (2,), "VALID", transpose_kernel=True) == [
        1, 10, 2, 20, 3, 30]


def test_conv_transpose_valid_with_stride_above_window():
    # (3 - 1) * 3 + 2 = 8 scattered values, zero-padded to in * stride = 9.
    assert _transpose_1d([1, 2, 3], [1, 10], (3,), "VALID", transpose_kernel=True) == [
        1, 10, 0, 2, 20, 0, 3, 30, 0]


def test_conv_transpose_same():
    # window 3, stride 2: SAME pads the dilated [1, 0, 2, 0, 3] by (2, 1), giving
    # [0, 0, 1, 0, 2, 0, 3, 0], and keeps in * stride = 6 outputs of the window [1, 2, 4].
    assert _transpose_1d([1, 2, 3], [1, 2, 4], (2,), "SAME") == [4, 2, 9, 4, 14, 6]
    # window 4, stride 2: pads (2, 2); [0, 0, 1, 0, 2, 0, 3, 0, 0] against [1, 1, 1, 1].
    assert _transpose_1d([1, 2, 3], [1, 1, 1, 1], (2,), "SAME") == [1, 3, 3, 5, 5, 3]


def test_conv_transpose_explicit_padding():
    # Explicit pairs pad the dilated input directly (JAX's default).
    assert _transpose_1d([1, 2, 3], [1, 2, 3], (2,), ((1, 1),)) == [2, 7, 4, 11, 6]
    assert _transpose_1d([1, 2, 3], [1, 2, 3], (2,), ((0, 2),)) == [7, 4, 11, 6, 3]
    # With use_consistent_padding they are the forward conv's padding (PyTorch's
    # convention): window 3, padding 1 pads the dilated input by 3 - 1 - 1 = 1 per side.
    assert _transpose_1d([1, 2, 3], [1, 2, 3], (2,), ((1, 1),),
                         use_consistent_padding=True) == [2, 7, 4, 11, 6]
    assert _transpose_1d([1, 2, 3], [1, 2, 3], (2,), ((0, 0),),
                         use_consistent_padding=True) == [3, 2, 7, 4, 11, 6, 3]


def test_conv_transpose_2d_shape_and_layout():
    x = np.arange(1, 7, dtype=np.float32).reshape(1, 2, 3, 1)
    w = np.ones((2, 2, 1, 2), np.float32)  # HWIO, with 2 output features
    out = lax.conv_transpose(arr(x), arr(w), (2, 2), "VALID")
    assert out.shape == lax.conv_transpose_shape_tuple((1, 2, 3, 1), (2, 2, 1, 2), (2, 2),
                                                       "VALID", NHWC) == (1, 4, 6, 2)
    # With stride = window = 2 and a ones kernel, each input fills its own 2x2 block.
    expected = np.kron(x[0, :, :, 0], np.ones((2, 2)))
    np.testing.assert_array_equal(np.asarray(out)[0, :, :, 0], expected)
    np.testing.assert_array_equal(np.asarray(out)[0, :, :, 1], expected)


def test_conv_transpose_rejects_high_rank_without_dimension_numbers():
    with raises(ValueError, "No 4+ dimensional dimension_number defaults"):
        lax.conv_transpose(ones((1,) * 6), ones((1,) * 6), (1,) * 4, "VALID")


# --- values the records don't cover ------------------------------------------------------

def test_identity_kernel_and_one_hot_window():
    x = np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4)
    eye = np.eye(2, dtype=np.float32).reshape(2, 2, 1, 1)
    np.testing.assert_array_equal(np.asarray(lax.conv(arr(x), arr(eye), (1, 1), "VALID")), x)
    # A 1x2 window [0, 1] with stride 2 picks every odd column.
    pick = np.array([0, 1], np.float32).reshape(1, 1, 1, 2)
    out = lax.conv(arr(x[:, :1]), arr(pick), (1, 2), "VALID")
    np.testing.assert_array_equal(np.asarray(out), x[:, :1, :, 1::2])


def test_rhs_dilation_spreads_the_window():
    x = arr(np.arange(8).reshape(1, 1, 8))
    w = arr(np.array([1, 1]).reshape(1, 1, 2))
    out = lax.conv_general_dilated(x, w, (1,), "VALID", rhs_dilation=(3,))
    assert np.asarray(out).ravel().tolist() == [i + i + 3 for i in range(5)]


def test_lhs_dilation_inserts_zeros():
    x = arr(np.array([1, 2, 3]).reshape(1, 1, 3))
    w = arr(np.array([1]).reshape(1, 1, 1))
    out = lax.conv_general_dilated(x, w, (1,), ((1, 2),), lhs_dilation=(3,))
    assert np.asarray(out).ravel().tolist() == [0, 1, 0, 0, 2, 0, 0, 3, 0, 0]


def test_depthwise_conv_keeps_features_apart():
    x = np.zeros((1, 3, 3, 2), np.float32)  # NHWC: feature 0 is ones, feature 1 is twos
    x[..., 0], x[..., 1] = 1, 2
    w = np.ones((3, 3, 1, 4), np.float32)  # 2 outputs per input feature
    w[..., 1] = 10
    out = lax.conv_general_dilated(arr(x), arr(w), (1, 1), "VALID", dimension_numbers=NHWC,
                                   feature_group_count=2)
    # Output features (0, 1) see input feature 0 and (2, 3) see feature 1: group-major.
    assert np.asarray(out).ravel().tolist() == [9, 90, 18, 18]


def test_batch_groups_pair_batch_and_feature_groups():
    x = np.arange(1, 5, dtype=np.float32).reshape(4, 1, 1)  # batch (2 groups of 2)
    w = np.array([1, 10, 100], np.float32).reshape(3, 1, 1) * np.ones((3, 1, 1))
    w = np.concatenate([w, -w])  # 6 out features: the first 3 see batch group 0
    out = lax.conv_general_dilated(arr(x), arr(w), (1,), "VALID", batch_group_count=2)
    assert out.shape == (2, 6, 1)
    np.testing.assert_array_equal(np.asarray(out)[:, :, 0],
                                  [[1, 10, 100, -3, -30, -300], [2, 20, 200, -4, -40, -400]])


def test_patches_hand_example():
    x = arr(np.arange(9).reshape(1, 1, 3, 3))
    out = np.asarray(lax.conv_general_dilated_patches(x, (2, 2), (1, 1), "VALID"))
    assert out.shape == (1, 4, 2, 2)
    np.testing.assert_array_equal(out[0], [[[0, 1], [3, 4]], [[1, 2], [4, 5]],
                                           [[3, 4], [6, 7]], [[4, 5], [7, 8]]])


def test_integer_conv_wraps_and_preferred_type_widens():
    x = arr(np.full((1, 3, 1), 100), np.int8)
    w = arr(np.full((1, 3, 1), 100), np.int8)
    out = lax.conv(x, w, (1,), "VALID")
    assert out.dtype == np.int8
    assert int(np.asarray(out).ravel()[0]) == np.int64(30000).astype(np.int8)
    wide = lax.conv(x, w, (1,), "VALID", preferred_element_type=np.int32)
    assert wide.dtype == np.int32 and int(np.asarray(wide).ravel()[0]) == 30000


def test_half_precision_accumulates_in_float32():
    # 2048 + 1 + 1 + ... in float16 steps would stick at 2048; one rounding gives 2112.
    x = arr(np.array([2048] + [1] * 64).reshape(1, 1, 65), np.float16)
    w = arr(np.ones((1, 1, 65)), np.float16)
    out = lax.conv(x, w, (1,), "VALID")
    assert out.dtype == np.float16 and float(np.asarray(out).ravel()[0]) == 2112


def test_zero_sized_operands():
    assert lax.conv(ones((0, 3, 5)), ones((4, 3, 2)), (1,), "VALID").shape == (0, 4, 4)
    out = lax.conv(ones((2, 0, 5)), ones((4, 0, 2)), (1,), "VALID")
    assert out.shape == (2, 4, 4) and not np.asarray(out).any()
    assert lax.conv(ones((2, 3, 5)), ones((0, 3, 2)), (1,), "SAME").shape == (2, 0, 5)
    assert lax.conv(ones((2, 3, 1)), ones((4, 3, 2)), (1,), "VALID").shape == (2, 4, 0)


def test_no_spatial_dimensions_is_a_matrix_product():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(4, 3)
    out = lax.conv_general_dilated(arr(a), arr(b), (), ())
    np.testing.assert_array_equal(np.asarray(out), a @ b.T)


def test_inputs_are_not_modified_and_numpy_operands_work():
    x = np.arange(10, dtype=np.float32).reshape(1, 1, 10)
    w = np.ones((1, 1, 3), np.float32)
    before = x.copy()
    out = lax.conv_general_dilated(x, w, (2,), ((-1, 2),), lhs_dilation=(2,))
    np.testing.assert_array_equal(x, before)
    assert isinstance(out, wax.Array)


# --- dtypes and weak types --------------------------------------------------------------------

def test_weak_only_when_both_operands_are():
    strong = ones((1, 1, 3))
    weak = make_array(np.ones((1, 1, 3), np.float32), True)
    assert lax.conv(weak, weak, (1,), "VALID").weak_type is True
    assert lax.conv(weak, strong, (1,), "VALID").weak_type is False
    assert lax.conv(strong, strong, (1,), "VALID").weak_type is False


def test_preferred_element_type():
    x = ones((1, 1, 3), np.float16)
    assert lax.conv(x, x, (1,), "VALID", preferred_element_type=np.float32).dtype == np.float32
    i = ones((1, 1, 3), np.int8)
    assert lax.conv(i, i, (1,), "VALID", preferred_element_type=np.float32).dtype == np.float32
    with raises(TypeError, "must not be narrower"):
        lax.conv(ones((1, 1, 3)), ones((1, 1, 3)), (1,), "VALID",
                 preferred_element_type=np.float16)
    with raises(TypeError, "incompatible with `preferred_element_type`"):
        lax.conv(ones((1, 1, 3)), ones((1, 1, 3)), (1,), "VALID",
                 preferred_element_type=np.int32)
    with raises(TypeError, "same signedness"):
        lax.conv(i, i, (1,), "VALID", preferred_element_type=np.uint16)


def test_mixed_dtypes_are_rejected():
    with raises(TypeError, "conv_general_dilated requires arguments to have the same dtypes",
                "float32", "int32"):
        lax.conv(ones((1, 1, 3)), ones((1, 1, 3), np.int32), (1,), "VALID")


def test_jaxpr_params():
    jaxpr = wax.make_jaxpr(lambda a, b: lax.conv_general_dilated(
        a, b, (1, 2), "SAME", dimension_numbers=NHWC, feature_group_count=3))(
            ones((2, 5, 6, 3)), ones((3, 3, 1, 6)))
    eqn, = jaxpr.jaxpr.eqns
    params = eqn.params
    assert params["dimension_numbers"] == lax.ConvDimensionNumbers(
        (0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))
    assert params["padding"] == ((1, 1), (0, 1))
    assert params["window_strides"] == (1, 2)
    assert params["lhs_dilation"] == params["rhs_dilation"] == (1, 1)
    assert params["feature_group_count"] == 3 and params["batch_group_count"] == 1
    assert jaxpr.out_avals[0].shape == (2, 5, 3, 6)
    hash(tuple(params.items()))


# --- forward mode -------------------------------------------------------------------------------

def test_jvp_is_bilinear_with_the_same_params():
    rng = np.random.default_rng(0)
    lhs, t_lhs = (arr(rng.standard_normal((2, 4, 5, 6))) for _ in range(2))
    rhs, t_rhs = (arr(rng.standard_normal((6, 2, 2, 3))) for _ in range(2))

    def conv(a, b):
        return lax.conv_general_dilated(a, b, (2, 1), ((1, 0), (0, 2)), lhs_dilation=(1, 2),
                                        rhs_dilation=(2, 1), feature_group_count=2)

    out, t = wax.jvp(conv, (lhs, rhs), (t_lhs, t_rhs))
    np.testing.assert_array_equal(np.asarray(out), np.asarray(conv(lhs, rhs)))
    np.testing.assert_allclose(np.asarray(t), np.asarray(conv(t_lhs, rhs) + conv(lhs, t_rhs)),
                               rtol=1e-5, atol=1e-5)
    # Only one operand moving: the other term is skipped, not computed with zeros.
    _, t = wax.jvp(lambda a: conv(a, rhs), (lhs,), (t_lhs,))
    np.testing.assert_allclose(np.asarray(t), np.asarray(conv(t_lhs, rhs)), rtol=1e-6)
    text = str(wax.make_jaxpr(lambda a, ta: wax.jvp(lambda x: conv(x, rhs), (a,), (ta,)))(
        lhs, t_lhs))
    assert text.count("conv_general_dilated[") == 2


def test_jvp_tangent_takes_the_preferred_element_type():
    lhs, rhs = ones((1, 2, 4), np.float16), ones((3, 2, 2), np.float16)
    out, t = wax.jvp(lambda a, b: lax.conv_general_dilated(
        a, b, (1,), "VALID", preferred_element_type=np.float32), (lhs, rhs), (lhs, rhs))
    assert out.dtype == t.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(t), np.full((1, 3, 3), 8., np.float32))


# --- argument errors --------------------------------------------------------------------------

def conv(lhs_shape, rhs_shape, strides=(1,), padding="VALID", **kwargs):
    return lax.conv_general_dilated(ones(lhs_shape), ones(rhs_shape), strides, padding,
                                    **kwargs)


@pytest.mark.parametrize("lhs_shape, rhs_shape, kwargs, exc, fragments", [
    ((2, 3, 5), (4, 2, 3), {}, ValueError,
     ["lhs feature dimension size divided by feature_group_count must equal the rhs "
      + "input feature dimension size", "3 // 1 != 2", "(2, 3, 5)", "(4, 2, 3)"]),
    ((2, 6, 5), (4, 3, 3), {"feature_group_count": 4}, ValueError,
     ["feature_group_count must divide lhs feature dimension size", "4 does not divide 6"]),
    ((2, 6, 5), (5, 3, 3), {"feature_group_count": 2}, ValueError,
     ["rhs output feature dimension size must be a multiple of feature_group_count",
      "5 is not a multiple of 2"]),
    ((2, 6, 5), (4, 6, 3), {"feature_group_count": 0}, ValueError,
     ["feature_group_count must be a positive integer, got 0"]),
    ((3, 6, 5), (4, 6, 3), {"batch_group_count": 2}, ValueError,
     ["batch_group_count must divide lhs batch dimension size", "2 does not divide 3"]),
    ((4, 6, 5), (3, 6, 3), {"batch_group_count": 2}, ValueError,
     ["multiple of batch_group_count", "3 is not a multiple of 2"]),
    ((4, 6, 5), (4, 3, 3), {"batch_group_count": 2, "feature_group_count": 2}, ValueError,
     ["At most one of batch_group_count and feature_group_count may be > 1"]),
    ((2, 3, 5), (4, 3, 3), {"strides": (1, 1)}, ValueError,
     ["window and window_strides must have the same number of dimensions"]),
    ((2, 3, 5), (4, 3, 3), {"padding": ((1, 1), (1, 1))}, TypeError,
     ["Wrong number of explicit pads for convolution: expected 1, got 2"]),
    ((2, 3, 5), (4, 3, 3), {"padding": ((-3, -3),)}, ValueError,
     ["Negative padding is larger than the size of the corresponding dimension"]),
    ((2, 3, 5), (4, 3, 3), {"padding": "FULL"}, RuntimeError, ["Unrecognized padding type"]),
    ((2, 3, 5), (4, 3, 3), {"padding": (1, 1)}, ValueError,
     ["padding argument to conv_general_dilated should be a string or a sequence of "
      + "(low, high) pairs"]),
    ((2, 3, 5), (4, 3, 3), {"padding": "SAME", "lhs_dilation": (2,)}, ValueError,
     ["String padding is not implemented for transposed convolution"]),
    ((2, 3, 5), (4, 3, 3), {"padding": ((0, 0),), "rhs_dilation": (0,)}, TypeError,
     ["All dilations must be positive, got (0,)"]),
    ((2, 3, 5), (4, 3, 3), {"strides": (0,)}, ValueError,
     ["window_strides must be positive"]),
    ((2, 3, 5), (4, 3, 3), {"lhs_dilation": (1, 1)}, ValueError,
     ["lhs_dilation must have the same number of dimensions"]),
    ((2, 3, 5), (4, 3, 3, 1), {}, TypeError,
     ["convolution requires lhs and rhs ndim to be equal, got 3 and 4"]),
    ((3,), (3,), {"strides": ()}, ValueError, ["rank at least 2"]),
])
def test_errors(lhs_shape, rhs_shape, kwargs, exc, fragments):
    strides = kwargs.pop("strides", (1,))
    padding = kwargs.pop("padding", "VALID")
    with raises(exc, *fragments):
        conv(lhs_shape, rhs_shape, strides, padding, **kwargs)


def test_primitive_checks_params_it_did_not_get_from_the_wrapper():
    lhs, rhs = ones((2, 3, 5)), ones((4, 3, 3))
    params = {"window_strides": (1,), "padding": ((0, 0),), "lhs_dilation": (1,),
              "rhs_dilation": (1,), "feature_group_count": 1, "batch_group_count": 1,
              "precision": None, "preferred_element_type": None, "out_sharding": None}
    with raises(TypeError, "must be a ConvDimensionNumbers"):
        lax.conv_general_dilated_p.bind(lhs, rhs, dimension_numbers=((0, 1, 2),) * 3,
                                        **params)
    with raises(TypeError, "dimension_numbers.rhs_spec must be a permutation of range(3)"):
        lax.conv_general_dilated_p.bind(
            lhs, rhs, dimension_numbers=lax.ConvDimensionNumbers((0, 1, 2), (0, 0, 2),
                                                                 (0, 1, 2)), **params)


def test_out_sharding_is_not_supported():
    with pytest.raises(NotImplementedError, match="out_sharding"):
        lax.conv_general_dilated(ones((1, 1, 3)), ones((1, 1, 3)), (1,), "VALID",
                                 out_sharding="x")


# --- transpose rules (reverse mode) -----------------------------------------------------------

def test_conv_cotangents_by_hand():
    # out = [1*1 + 2*10, 3*1 + 4*10] (stride 2): each lhs element meets one tap; the kernel
    # taps collect ct-weighted sums of the elements they met.
    lhs, rhs = arr([[[1., 2., 3., 4.]]]), arr([[[1., 10.]]])
    out, pull = wax.vjp(lambda a, b: lax.conv(a, b, (2,), "VALID"), lhs, rhs)
    np.testing.assert_array_equal(out, [[[21., 43.]]])
    ct_lhs, ct_rhs = pull(arr([[[1., 100.]]]))
    np.testing.assert_array_equal(ct_lhs, [[[1., 10., 100., 1000.]]])
    np.testing.assert_array_equal(ct_rhs, [[[301., 402.]]])


def test_conv_cotangents_with_padding_and_dilations_by_hand():
    # Padding (1, 0) and rhs dilation 2 over [1, 2, 3]: padded [0, 1, 2, 3], taps 2 apart,
    # so out = [0*1 + 2*10, 1*1 + 3*10] = [20, 31].
    lhs, rhs = arr([[[1., 2., 3.]]]), arr([[[1., 10.]]])
    f = lambda a, b: lax.conv_general_dilated(a, b, (1,), [(1, 0)], rhs_dilation=(2,))
    out, pull = wax.vjp(f, lhs, rhs)
    np.testing.assert_array_equal(out, [[[20., 31.]]])
    ct_lhs, ct_rhs = pull(arr([[[1., 100.]]]))
    np.testing.assert_array_equal(ct_lhs, [[[100., 10., 1000.]]])
    np.testing.assert_array_equal(ct_rhs, [[[0. * 1 + 1. * 100, 2. * 1 + 3. * 100]]])


# (lhs shape, rhs shape, strides, padding, lhs_dilation, rhs_dilation, dimension numbers,
#  feature_group_count, batch_group_count)
TRANSPOSE_CASES = [
    ((2, 3, 6, 5), (4, 3, 2, 3), (1, 1), "VALID", (1, 1), (1, 1), None, 1, 1),
    ((2, 3, 6, 5), (4, 3, 2, 3), (2, 3), ((1, 2), (0, 1)), (1, 1), (2, 1), None, 1, 1),
    ((2, 6, 5, 3), (2, 3, 3, 4), (2, 1), "SAME", (1, 1), (1, 1), NHWC, 1, 1),
    ((2, 6, 5, 3), (2, 3, 3, 4), (1, 2), ((-1, 2), (2, -1)), (2, 1), (1, 2), NHWC, 1, 1),
    ((6, 5, 2, 3), (3, 4, 2, 3), (3, 2), ((0, 0), (1, 1)), (1, 2), (2, 2),
     ("HWNC", "IOHW", "CHWN"), 1, 1),
    ((2, 7, 4), (3, 2, 6), (2,), ((1, 1),), (1,), (1,), ("NWC", "WIO", "NWC"), 2, 1),
    ((1, 6, 5, 4), (3, 2, 1, 8), (1, 2), "SAME", (1, 1), (1, 1), NHWC, 4, 1),  # depthwise
    ((2, 3, 6, 5), (3, 1, 3, 2), (2, 1), ((1, 0), (2, 1)), (1, 2), (2, 1), None, 3, 1),
    ((4, 3, 5), (6, 3, 2), (3,), ((2, 0),), (1,), (1,), None, 1, 2),
    ((6, 6, 5, 2), (2, 2, 2, 9), (2, 1), ((1, 1), (0, 1)), (1, 1), (1, 2), NHWC, 1, 3),
    ((2, 5, 4, 4, 3), (2, 1, 2, 3, 2), (1, 2, 1), ((1, 0), (0, 0), (1, 1)), (1, 1, 1),
     (1, 1, 2), ("NDHWC", "DHWIO", "NDHWC"), 1, 1),
]


def _conv_fun(case):
    _, _, strides, padding, ld, rd, dnums, fgc, bgc = case
    return lambda a, b: lax.conv_general_dilated(a, b, strides, padding, ld, rd, dnums,
                                                 feature_group_count=fgc,
                                                 batch_group_count=bgc)


@pytest.mark.parametrize("case", TRANSPOSE_CASES)
def test_conv_cotangents_are_the_transposed_jacobian(case):
    # The conv is linear in each operand: its Jacobian's columns are the images of the
    # basis vectors, and the cotangent must be exactly J^T ct.
    rng = np.random.default_rng(0)
    lhs, rhs = rng.standard_normal(case[0]), rng.standard_normal(case[1])
    f = _conv_fun(case)
    with wax.enable_x64():
        out, pull = wax.vjp(f, lhs, rhs)
        ct = rng.standard_normal(out.shape)
        cts = pull(ct)
        for i, operand in enumerate((lhs, rhs)):
            basis = np.eye(operand.size).reshape((operand.size,) + operand.shape)
            columns = [np.asarray(f(e, rhs) if i == 0 else f(lhs, e)).ravel() for e in basis]
            expected = (np.stack(columns) @ ct.ravel()).reshape(operand.shape)
            np.testing.assert_allclose(cts[i], expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", TRANSPOSE_CASES[1::2])
def test_conv_check_grads_order_2(case):
    from wax.test_util import check_grads
    rng = np.random.default_rng(1)
    with wax.enable_x64():
        check_grads(_conv_fun(case), (rng.standard_normal(case[0]),
                                      rng.standard_normal(case[1])), order=2, modes=("rev",))


def test_conv_cotangents_keep_the_operand_dtypes_with_a_preferred_type():
    # As in JAX: the cotangent convs run in the preferred (f32) type, then round to bf16.
    lhs, rhs = ones((1, 2, 5), bfloat16), ones((3, 2, 2), bfloat16)
    f = lambda a, b: lax.conv_general_dilated(a, b, (2,), [(1, 0)],
                                              preferred_element_type=np.float32)
    ct_lhs, ct_rhs = wax.vjp(f, lhs, rhs)[1](arr(np.arange(9.).reshape(1, 3, 3)))
    assert ct_lhs.dtype == ct_rhs.dtype == bfloat16
    # Values from JAX 0.10.2.
    np.testing.assert_array_equal(np.asarray(ct_lhs, np.float32),
                                  [[[9, 12, 12, 15, 15]] * 2])
    np.testing.assert_array_equal(np.asarray(ct_rhs, np.float32),
                                  [[[3, 3]] * 2, [[9, 12]] * 2, [[15, 21]] * 2])


def test_conv_cotangents_of_empty_operands():
    f = lambda a, b: lax.conv(a, b, (1,), "VALID")
    ct_lhs, ct_rhs = wax.vjp(f, ones((0, 2, 5)), ones((3, 2, 2)))[1](ones((0, 3, 4)))
    assert ct_lhs.shape == (0, 2, 5)
    np.testing.assert_array_equal(ct_rhs, np.zeros((3, 2, 2)))
