"""Batched rules (see _batched/__init__.py) for convolution and pooling ops.

A batch of output gradients (B, N, C, ...) goes through a convolution's input gradient
with B folded into the samples (one product for all rows), and through its weight
gradient as one product broadcast over B (`_weight_gradient` takes a leading batch dim on
either argument). Unfold and fold fold B into the samples too. The pooling ops work on
the last two dims whatever comes before them, so their own formulas take the batch as it
is. `convolution_weight` has no rule: a batch of weights is not one convolution, so its
Jacobians take one pass per row. The grid samplers fold B into the samples (the input and
grid repeated per row); affine grids take all rows in one product.
"""

from __future__ import annotations

import numpy as np

from .._registry import OPS
from .._registry import needs_grad as _needs
from ..nn_conv import _cut_to, _input_output_padding, _weight_gradient
from ._common import _batch, rule


def _folded(name: str, g: np.ndarray, *params) -> np.ndarray:
    """Op `name`'s forward on g (B, N, ...) with B folded into N, unfolded again."""
    batch = _batch(g)
    out = OPS[name].forward(np.reshape(g, (-1,) + g.shape[2:]), *params)
    return np.reshape(out, (batch, -1) + out.shape[1:])


@rule("convolution")
def _(ctx, g):
    x, w = ctx.saved[:2]
    stride, padding, dilation, transposed, output_padding, groups = ctx.params[:6]
    nd = len(stride)
    folded = np.reshape(g, (-1,) + g.shape[2:])
    gx = gw = gb = None
    if _needs(ctx, 0):
        if transposed:
            gx = _cut_to(OPS["convolution"].forward(folded, w, None, stride, padding,
                                                    dilation, False, (0,) * nd, groups), x)
        else:
            extra = _input_output_padding(x.shape[2:], g.shape[3:], w.shape[2:], stride,
                                          padding, dilation)
            gx = OPS["convolution"].forward(folded, w, None, stride, padding, dilation, True,
                                            extra, groups)
        gx = np.reshape(gx, g.shape[:2] + gx.shape[1:])
    if _needs(ctx, 1):
        a, b = (g, x) if transposed else (x, g)
        gw = _weight_gradient(a, b, w.shape, stride, padding, dilation, groups)
    if _needs(ctx, 2):
        gb = np.sum(g, axis=(1,) + tuple(range(3, 3 + nd)))
    return gx, gw, gb


@rule("im2col")
def _(ctx, g):
    kernel, stride, padding, dilation, size = ctx.params
    if g.ndim == 3:  # an unbatched op: the gradients' batch is the samples' dim
        return (OPS["col2im"].forward(g, size, kernel, stride, padding, dilation),)
    return (_folded("col2im", g, size, kernel, stride, padding, dilation),)


@rule("col2im")
def _(ctx, g):
    size, kernel, stride, padding, dilation = ctx.params
    if g.ndim == 4:  # an unbatched op: the gradients' batch is the samples' dim
        return (OPS["im2col"].forward(g, kernel, stride, padding, dilation, size),)
    return (_folded("im2col", g, kernel, stride, padding, dilation, size),)


@rule("max_pool2d", "max_pool2d_backward", "adaptive_max_pool2d",
      "adaptive_max_pool2d_backward", "avg_pool2d", "avg_pool2d_backward",
      "adaptive_avg_pool2d", "adaptive_avg_pool2d_backward", "max_unpool2d")
def _(ctx, g):
    return ctx.op.backward_fn(ctx, g)  # pooling addresses the last two dims only


@rule("grid_sampler_2d", "grid_sampler_3d")
def _(ctx, g):
    """B folded into the samples: the input and the grid repeated for each row."""
    from ..nn_grid_sample import _backward

    x, grid = ctx.saved
    batch = _batch(g)
    folded = np.reshape(g, (-1,) + g.shape[2:])
    xs = np.broadcast_to(x, (batch,) + x.shape).reshape((-1,) + x.shape[1:])
    grids = np.broadcast_to(grid, (batch,) + grid.shape).reshape((-1,) + grid.shape[1:])
    gx, gg = _backward(folded, xs, grids, *ctx.params, _needs(ctx, 0), _needs(ctx, 1))
    return (None if gx is None else np.reshape(gx, (batch,) + x.shape),
            None if gg is None else np.reshape(gg, (batch,) + grid.shape))


@rule("affine_grid_generator")
def _(ctx, g):
    """The base grid transposed times each row's g (the rows in front)."""
    from ..nn_grid_sample import _base_grid

    size, align = ctx.params
    nd = len(size) - 2
    base = _base_grid(size, align, g.dtype).reshape(-1, nd + 1)
    rows = np.reshape(g, (_batch(g), size[0], -1, nd))
    return (np.swapaxes(np.einsum("pk,bnpd->bnkd", base, rows), 2, 3),)
