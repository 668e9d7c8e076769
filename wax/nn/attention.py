"""dot_product_attention and the block-scaled matmuls of wax.nn (JAX's jax.nn).

dot_product_attention computes softmax(scale * q k^T + bias, masked) v with JAX's layout
(batch B, sequence T or S, heads N, head size H; key and value may have fewer heads K
than the query, N a multiple of K: grouped-query attention). Its implementation is JAX's
"xla" one written with einsum; 'cudnn' names a GPU kernel wax does not have, and gives
a NotImplementedError saying so. Masked logits become a large negative number (not
-inf), as JAX's, so a fully masked row averages the values uniformly.

scaled_matmul computes what JAX's cuDNN kernel computes (inputs dequantized block by
block, products accumulated in float32) with plain wax operations, for the dtypes wax
has (it has no float8/float4 types, so the operands are e.g. float32 or bfloat16);
scaled_dot_general without configs is dot_general, and with configs (which quantize to
float8/float4) raises NotImplementedError.
"""
from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import ml_dtypes
import numpy as np

from .. import lax
from .. import numpy as jnp
from ..core import dtypes
from ..typing import Array, ArrayLike
from .normalization import logsumexp, softmax

__all__ = ["BlockScaleConfig", "dot_product_attention", "get_scaled_dot_general_config",
           "scaled_dot_general", "scaled_matmul"]


# --- dot_product_attention ----------------------------------------------------------------

def _as_4d(t):
    t = jnp.asarray(t)
    return jnp.expand_dims(t, tuple(range(4 - t.ndim))) if t.ndim < 4 else t


def _check(t, shape, dtype, name: str) -> None:
    """JAX's argument checks: rank, dtype, and each size that `shape` fixes (-1: any)."""
    if t is None:
        return
    if t.ndim != len(shape):
        raise ValueError(f"{name} ndim should be {len(shape)}, but got {t.ndim}")
    if dtype is not None and t.dtype != dtype:
        raise ValueError(f"{name} dtype should be {dtype}, but got {t.dtype}")
    if any(want != -1 and got != want for got, want in zip(t.shape, shape)):
        raise ValueError(f"{name} shape should be {list(shape)}: but got {t.shape}")


def _large_negative(dtype):
    """What masked logits become: -0.7 times the largest finite value (at most float32's)."""
    biggest = min(float(dtypes.finfo(dtype).max), float(np.finfo(np.float32).max))
    return np.array(-0.7 * biggest, dtype)


def _position_masks(T, S, is_causal, local_window_size, q_seqlen, kv_seqlen):
    """The masks attention builds from positions, each broadcastable to (B, 1, 1, T, S)."""
    masks = []
    query_pos = lax.broadcasted_iota(np.int32, (T, S), 0)
    key_pos = lax.broadcasted_iota(np.int32, (T, S), 1)
    if is_causal:
        masks.append(key_pos <= query_pos)
    if local_window_size is not None:
        left, right = local_window_size
        masks.append((query_pos <= key_pos + left) & (query_pos >= key_pos - right))
    if q_seqlen is not None or kv_seqlen is not None:
        padding = True
        if q_seqlen is not None:
            padding = jnp.arange(T)[None, :, None] < q_seqlen[:, None, None]
        if kv_seqlen is not None:
            padding = padding & (jnp.arange(S)[None, None, :] < kv_seqlen[:, None, None])
        masks.append(padding[:, None, None])
    return masks


def _grouped(t, K, G):
    """A (b, n, T, S) bias or mask laid out as (b, K, G, T, S) (n is 1 or N = K * G)."""
    if t is None:
        return None
    b, n, t_len, s_len = t.shape
    if n == 1:
        return t[:, :, None]
    if n != K * G:
        raise ValueError(f"bias and mask must have 1 or {K * G} heads (the query's), got "
                         f"shape {t.shape}")
    return jnp.reshape(t, (b, K, G, t_len, s_len))


def _attention_xla(query, key, value, bias, mask, is_causal, scale, q_seqlen, kv_seqlen,
                   local_window_size, return_residual):
    B, T, N, H = query.shape
    _, S, K, _ = key.shape
    G = N // K
    q = jnp.reshape(query, (B, T, K, G, H))
    logits_dtype = jnp.promote_types(query.dtype, np.float32)
    logits = jnp.einsum("BTKGH,BSKH->BKGTS", q, key, preferred_element_type=logits_dtype)
    logits = logits * jnp.asarray(scale, dtype=logits_dtype)
    bias, mask = _grouped(bias, K, G), _grouped(mask, K, G)
    if bias is not None:
        logits = (logits + bias).astype(logits_dtype)
    masks = ([] if mask is None else [mask]) + _position_masks(
        T, S, is_causal, local_window_size, q_seqlen, kv_seqlen)
    if masks:
        keep = masks[0]
        for m in masks[1:]:
            keep = keep & m
        logits = jnp.where(keep, logits, _large_negative(logits_dtype))
    logits = logits.astype(np.float32)
    probs = softmax(logits, axis=-1).astype(key.dtype)
    encoded = jnp.einsum("BKGTS,BSKH->BTKGH", probs, value)
    encoded = jnp.reshape(encoded, (B, T, N, H))
    if q_seqlen is not None:
        valid = jnp.arange(T)[None, :] < q_seqlen[:, None]
        encoded = encoded * valid[:, :, None, None].astype(encoded.dtype)
    if not return_residual:
        return encoded
    lse = logsumexp(logits, axis=-1).astype(key.dtype)  # (B, K, G, T)
    lse = jnp.reshape(jnp.moveaxis(lse, 3, 1), (B, T, N))
    return encoded, lax.stop_gradient(lse)


def dot_product_attention(query: ArrayLike, key: ArrayLike, value: ArrayLike,
                          bias: ArrayLike | None = None, mask: ArrayLike | None = None, *,
                          scale: float | None = None, is_causal: bool = False,
                          query_seq_lengths: ArrayLike | None = None,
                          key_value_seq_lengths: ArrayLike | None = None,
                          local_window_size: int | tuple[int, int] | None = None,
                          implementation: str | None = None, return_residual: bool = False):
    """Scaled dot-product attention: softmax(scale * query key^T + bias, masked) value.

    query (B, T, N, H), key and value (B, S, K, H) with N a multiple of K (leading
    dimensions may be left out); bias and mask (boolean, True = attend) broadcast to
    (B, N, T, S). scale defaults to 1 / sqrt(H); is_causal keeps key positions <= the
    query's; local_window_size (left, right) keeps keys within that window of the query;
    the sequence lengths mask out padding. With return_residual=True, also returns the
    logsumexp of the logits, shaped (B, T, N).
    """
    output_shape = jnp.shape(query)
    q, k, v = _as_4d(query), _as_4d(key), _as_4d(value)
    bias = None if bias is None else _as_4d(bias)
    mask = None if mask is None else _as_4d(mask)
    if query_seq_lengths is not None:
        query_seq_lengths = jnp.asarray(query_seq_lengths)
    if key_value_seq_lengths is not None:
        key_value_seq_lengths = jnp.asarray(key_value_seq_lengths)
    if isinstance(local_window_size, int):
        local_window_size = (local_window_size, local_window_size)
    B, S, K, H = k.shape
    _check(v, [B, S, K, H], k.dtype, "value")
    _check(q, [B, -1, -1, H], k.dtype, "query")
    _check(mask, [-1] * 4, np.dtype(bool), "mask")
    _check(bias, [-1] * 4, None, "bias")
    _check(query_seq_lengths, [B], np.dtype(np.int32), "query_seq_lengths")
    _check(key_value_seq_lengths, [B], np.dtype(np.int32), "key_value_seq_lengths")
    if q.shape[-2] % K != 0:
        raise ValueError("The number of query heads must be a multiple of key/value heads, "
                         f"but got {q.shape[-2]} vs {K}")
    if implementation not in (None, "xla", "cudnn"):
        raise ValueError(f"Unsupported implementation option: {implementation}")
    if implementation == "cudnn":
        raise NotImplementedError("dot_product_attention(implementation='cudnn') needs "
                                  "NVIDIA's cuDNN kernel, which wax does not have; use "
                                  "implementation='xla' or None")
    scale_value = 1.0 / np.sqrt(H) if scale is None else scale
    out = _attention_xla(q, k, v, bias, mask, is_causal, scale_value, query_seq_lengths,
                         key_value_seq_lengths, local_window_size, return_residual)
    if return_residual:
        encoded, residual = out
        return jnp.reshape(encoded, output_shape), jnp.reshape(residual, output_shape[:-1])
    return jnp.reshape(out, output_shape)


# --- block-scaled matmuls -----------------------------------------------------------------

@dataclasses.dataclass
class BlockScaleConfig:
    """How scaled_dot_general quantizes an operand: blocks of `block_size` along the
    contracting dimension share one scale of `scale_type`; values become `data_type`."""
    mode: str
    block_size: int
    data_type: Any
    scale_type: Any
    global_scale: Any | None
    infer_only: bool


def _check_3d(*arrays) -> None:
    if not all(jnp.ndim(x) == 3 for x in arrays):
        shapes = ", ".join(str(jnp.shape(x)) for x in arrays)
        raise ValueError("scaled_matmul requires all inputs to be 3-dimensional arrays, got "
                         f"shapes {shapes}")


def scaled_matmul(lhs: Array, rhs: Array, lhs_scales: Array, rhs_scales: Array,
                  preferred_element_type=np.float32) -> Array:
    """out[b, m, n] = sum_k lhs[b, m, k] * lhs_scale * rhs[b, n, k] * rhs_scale, each
    scale shared by a block of k (the block size is K / the scales' last dimension)."""
    _check_3d(lhs, rhs, lhs_scales, rhs_scales)
    (b_a, m_a, k_a), (b_b, n_b, k_b) = jnp.shape(lhs), jnp.shape(rhs)
    if k_a != k_b or b_a != b_b:
        raise ValueError("scaled_matmul requires inputs a and b to have matching batch (B) "
                         "and contract (K) dimensions, but got shapes "
                         f"{jnp.shape(lhs)} and {jnp.shape(rhs)}")
    (bs_a, ms_a, ks_a), (bs_b, ns_b, ks_b) = jnp.shape(lhs_scales), jnp.shape(rhs_scales)
    if ks_a != ks_b or bs_a != bs_b:
        raise ValueError("scaled_matmul requires scales to have matching batch (B) and "
                         "contract (K) dimensions, but got shapes "
                         f"{jnp.shape(lhs_scales)} and {jnp.shape(rhs_scales)}")
    if ms_a != m_a or ns_b != n_b:
        raise ValueError("scaled_matmul requires scales to match non-contract dimensions of "
                         f"inputs, but got shapes a: {jnp.shape(lhs)}, b: {jnp.shape(rhs)}, "
                         f"a_scales: {jnp.shape(lhs_scales)}, b_scales: "
                         f"{jnp.shape(rhs_scales)}")
    if k_a % ks_a:
        raise ValueError(f"scaled_matmul: the contract dimension {k_a} is not a multiple of "
                         f"the scales' {ks_a}")
    out_dtype = dtypes.check_user_dtype(preferred_element_type, "scaled_matmul")
    a = _dequantize(jnp.asarray(lhs), jnp.asarray(lhs_scales))
    b = _dequantize(jnp.asarray(rhs), jnp.asarray(rhs_scales))
    return jnp.einsum("bmk,bnk->bmn", a, b, preferred_element_type=np.float32).astype(
        out_dtype)


def _dequantize(x, scales):
    """x (B, M, K) times its per-block scales (B, M, K / block), in float32."""
    block = x.shape[-1] // scales.shape[-1]
    full = jnp.repeat(scales.astype(np.float32), block, axis=-1)
    return x.astype(np.float32) * full


def get_scaled_dot_general_config(mode: str, global_scale: Array | None = None):
    """The BlockScaleConfig of 'mxfp8' (float8_e4m3fn data, e8m0 scales, blocks of 32) or
    'nvfp4' (float4_e2m1fn data, e4m3fn scales, blocks of 16, a global scale)."""
    if mode == "nvfp4":
        one = jnp.ones((1,), dtype=np.float32)
        return BlockScaleConfig(mode="nvfp4", block_size=16, data_type=ml_dtypes.float4_e2m1fn,
                                scale_type=ml_dtypes.float8_e4m3fn,
                                global_scale=one if global_scale is None else global_scale,
                                infer_only=False)
    if mode == "mxfp8":
        return BlockScaleConfig(mode="mxfp8", block_size=32, data_type=ml_dtypes.float8_e4m3fn,
                                scale_type=ml_dtypes.float8_e8m0fnu, global_scale=None,
                                infer_only=False)
    raise ValueError(f"Unsupported mode: {mode}")


def scaled_dot_general(lhs, rhs, dimension_numbers, preferred_element_type=np.float32,
                       configs: list | None = None, implementation: str | None = None):
    """lax.dot_general with preferred_element_type. With `configs` (block-scaled
    quantization of the operands to float8/float4), NotImplementedError: wax has no
    float8 or float4 dtypes (JAX computes it only with cuDNN on a GPU)."""
    if implementation is not None:
        warnings.warn("Backend selector, now ignored. The system chooses the backend "
                      "automatically.", DeprecationWarning, stacklevel=2)
    if configs is not None:
        raise NotImplementedError("scaled_dot_general with configs quantizes its operands to "
                                  "float8/float4 blocks; wax supports neither dtype (JAX "
                                  "runs it only through cuDNN on NVIDIA GPUs)")
    return lax.dot_general(lhs, rhs, dimension_numbers,
                           preferred_element_type=preferred_element_type)
