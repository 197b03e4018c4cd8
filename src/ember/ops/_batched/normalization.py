"""Batched rules (see _batched/__init__.py) for normalisation, embedding and padding ops.

- batch, layer and group norm: their shared backward takes a count of leading batch dims
  (`lead`), so the rule is that backward with lead=1;
- padding, resampling and pixel shuffle address dims from the end only: their own backward
  formulas take a leading batch dim as they are;
- the markers of the normalisations' gradients are identities;
- embedding's gradient scatters rows whatever dims lead (it takes a batch dim); the
  gradient of embedding_dense_backward gathers along the weight's rows, dim 1 here.

embedding_bag has no rule: its Jacobians take one backward pass per row.
"""

from __future__ import annotations

import numpy as np

from ..nn_normalization import (
    batch_norm_layout,
    group_norm_layout,
    layer_norm_layout,
    normalization_backward,
)
from ..nn_padding import SEPARABLE_BACKWARD_OPS, SEPARABLE_OPS
from ..nn_sparse import row_scale
from ._common import _batch, rule


def _needs(ctx) -> tuple:
    return tuple(ctx._next_nodes[i] is not None for i in range(3))


@rule("native_batch_norm")
def _(ctx, g):
    x, weight = ctx.saved
    _, _, batch_stats, eps, stats = ctx.params
    layout = batch_norm_layout(tuple(x.shape))
    return (*normalization_backward(g, x, weight, layout, eps, stats, batch_stats,
                                    _needs(ctx), lead=1), None, None)


@rule("native_layer_norm")
def _(ctx, g):
    x, weight, _ = ctx.saved
    normalized_ndim, eps, stats = ctx.params
    layout = layer_norm_layout(tuple(x.shape), normalized_ndim)
    return normalization_backward(g, x, weight, layout, eps, stats, True, _needs(ctx), lead=1)


@rule("native_group_norm")
def _(ctx, g):
    x, weight = ctx.saved
    groups, eps, stats = ctx.params
    layout = group_norm_layout(tuple(x.shape), groups)
    return normalization_backward(g, x, weight, layout, eps, stats, True, _needs(ctx), lead=1)


@rule("native_batch_norm_backward", "native_layer_norm_backward")
def _(ctx, g):
    return (g, None, None, None)  # identities on the gradient composed below them


@rule(*SEPARABLE_OPS, *SEPARABLE_BACKWARD_OPS, "constant_pad_nd", "pixel_shuffle",
      "pixel_unshuffle", "embedding")
def _(ctx, g):
    return ctx.op.backward_fn(ctx, g)


@rule("embedding_dense_backward")
def _(ctx, gg):
    (indices,) = ctx.saved
    num_weights, padding_idx, scale_grad_by_freq = ctx.params
    scale = row_scale(indices, num_weights, padding_idx, scale_grad_by_freq, gg.dtype)
    if scale is not None:
        gg = gg * scale
    rows = np.take(gg, indices.reshape(-1), axis=1)
    return (rows.reshape((_batch(gg),) + indices.shape + (gg.shape[-1],)), None)
