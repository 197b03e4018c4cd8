"""torch's CPU flash attention kernel as an op: scaled_dot_product_attention of 4-d query,
key and value with one head size, no dropout and a mask that needs no gradient runs
`_scaled_dot_product_flash_attention_for_cpu` in torch, recorded as one node
(ScaledDotProductFlashAttentionForCpuBackward0) instead of the matmul/softmax chain.

Its gradient kernel is not differentiated by torch: the three gradients (query, key,
value) are kernels here too, declared with `grad_not_implemented`, so a gradient taken with
create_graph=True records NotImplemented and differentiating it raises torch's error.
The mask (boolean: may attend; or added) and the causal flag both apply; a row that may
attend to nothing gives zeros, as torch's kernel does.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from . import _xp as xp
from ._registry import OUT, SAME, declare, needs_grad

__all__ = ["flash_attention"]

_KERNEL = "aten::_scaled_dot_product_flash_attention_for_cpu_backward"


def _weights(q, k, mask, is_causal, scale):
    """The attention weights softmax(q k^T scale + mask) over the keys, zero rows where
    every key is masked."""
    scores = np.matmul(q, np.swapaxes(k, -1, -2)) * q.dtype.type(scale)
    if mask is not None:
        if mask.dtype == np.bool_:
            scores = np.where(mask, scores, q.dtype.type(-np.inf))
        else:
            scores = scores + mask.astype(q.dtype, copy=False)
    if is_causal:
        length, keys = scores.shape[-2:]
        scores = np.where(np.tri(length, keys, dtype=bool), scores, q.dtype.type(-np.inf))
    top = np.max(scores, axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, q.dtype.type(0))
    with np.errstate(invalid="ignore", divide="ignore"):
        exp = np.exp(scores - top)
        total = np.sum(exp, axis=-1, keepdims=True)
        return np.where(total > 0, exp / total, q.dtype.type(0)).astype(q.dtype, copy=False)


@declare("scaled_dot_product_flash_attention_for_cpu",
         grad_fn="ScaledDotProductFlashAttentionForCpuBackward0", saves=(0, 1, 2, OUT),
         dtype=SAME,
         formula="y = softmax(q k^T s + mask) v; with P the weights: dv = P^T g, "
                 "dS = P (g v^T - rowsum(P g v^T)), dq = dS k s, dk = dS^T q s")
def _flash(q, k, v, mask, is_causal, scale):
    return np.matmul(_weights(q, k, mask, is_causal, scale), v)


def _gradients(g, q, k, v, mask, is_causal, scale):
    p = _weights(q, k, mask, is_causal, scale)
    dp = np.matmul(g, np.swapaxes(v, -1, -2))
    ds = p * (dp - np.sum(dp * p, axis=-1, keepdims=True)) * q.dtype.type(scale)
    return np.matmul(ds, k), np.matmul(np.swapaxes(ds, -1, -2), q), np.matmul(
        np.swapaxes(p, -1, -2), g)


for _k, _which in enumerate(("query", "key", "value")):
    declare(f"scaled_dot_product_flash_attention_for_cpu_backward_{_which}", dtype=SAME,
            grad_not_implemented=_KERNEL,
            formula=f"the flash kernel's gradient for the {_which}; torch implements no "
                    "derivative of it")(
        lambda g, q, k, v, mask, is_causal, scale, _k=_k: _gradients(
            g, q, k, v, mask, is_causal, scale)[_k])


@_flash.backward
def _(ctx, g):
    q, k, v, _ = ctx.saved  # (torch's node keeps the output too: writing into it refuses)
    return tuple(
        xp.op(f"scaled_dot_product_flash_attention_for_cpu_backward_{which}", (g, q, k, v),
              *ctx.params) if needs_grad(ctx, i) else None
        for i, which in enumerate(("query", "key", "value")))


def flash_attention(query: Tensor, key: Tensor, value: Tensor, mask: np.ndarray | None,
                    is_causal: bool, scale: float) -> Tensor:
    """Attention of 4-d query (B, H, L, E), key and value (B, H, S, E) (checked and chosen
    by nn.functional); `mask` a constant that broadcasts to (B, H, L, S)."""
    return apply(_flash, (query, key, value), (mask, is_causal, scale))
