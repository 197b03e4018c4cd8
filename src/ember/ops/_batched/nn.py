"""Batched rules for softmax, log_softmax, glu and the losses."""

from __future__ import annotations

import numpy as np

from .._registry import OPS, needs_grad
from ._common import Decline, _batch, rule


def _from_the_end(dim: int, ndim: int):
    """A dim counted from the end: the same axis with or without a leading batch dim (none
    for a 0-d tensor, whose softmax reduces over nothing)."""
    return (dim % ndim) - ndim if ndim else ()


@rule("softmax", declines=True)
def _(ctx, g):
    (y,) = ctx.saved
    axis = _from_the_end(ctx.params[0], y.ndim)
    if g.dtype != y.dtype:
        raise Decline  # half precision computes in float32: left to the per-row pass
    return (y * (g - np.sum(g * y, axis=axis, keepdims=True)),)


@rule("log_softmax", declines=True)
def _(ctx, g):
    (y,) = ctx.saved
    axis = _from_the_end(ctx.params[0], y.ndim)
    if g.dtype != y.dtype:
        raise Decline
    return (g - np.exp(y) * np.sum(g, axis=axis, keepdims=True),)


@rule("glu", declines=True)
def _(ctx, g):
    (x,) = ctx.saved
    (dim,) = ctx.params
    if x.dtype == np.float16:
        raise Decline  # computed in float32 with torch's roundings: left to the per-row pass
    a, b = np.split(x, 2, axis=dim)
    s = OPS["sigmoid"].forward(b)
    return (np.concatenate([g * s, g * a * s * (1 - s)], axis=dim + 1),)


# ---------------------------------------------------------------------- losses
@rule("mse_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss", "binary_cross_entropy",
      "binary_cross_entropy_with_logits")
def _(ctx, g):
    if ctx.params[0] != "none":  # a reduced loss: each row's gradient, against every element
        ndim = max(np.ndim(v) for v in ctx.saved if v is not None)
        g = np.reshape(g, (_batch(g),) + (1,) * ndim)
    return ctx.op.backward_fn(ctx, g)


@rule("nll_loss_backward", "nll_loss2d_backward")
def _(ctx, gg):
    """The kernel is g times fixed coefficients: each row's gradient for g is gg times
    them, summed over the classes (over everything for a reduced loss); none for x."""
    target, weight = ctx.saved
    reduction = ctx.params[0]
    x = np.zeros(gg.shape[1:], gg.dtype)  # the kernel reads only x's shape and dtype
    g = np.ones(() if reduction != "none" else np.shape(target), gg.dtype)
    coefficients = ctx.op.forward(g, x, target, weight, *ctx.params)
    products = gg * coefficients
    if reduction != "none":
        grad_g = products.reshape(_batch(gg), -1).sum(axis=1)
    else:
        grad_g = products.sum(axis=2 if x.ndim >= 2 else 1)
    return grad_g, np.zeros_like(gg) if needs_grad(ctx, 1) else None, None, None


@rule("nll_loss", "nll_loss2d")
def _(ctx, g):
    x = ctx.saved[0]
    (factor, *rest) = ctx.op.backward_fn(ctx, np.ones(g.shape[1:], g.dtype))
    # g has one value per target position: the class axis (1, or 0 for one sample) is kept
    # as size 1; a reduced loss has one value per row.
    kept = list(x.shape)
    kept[1 if x.ndim >= 2 else 0] = 1
    if ctx.params[0] != "none":
        kept = [1] * x.ndim
    return (np.reshape(g, (_batch(g),) + tuple(kept)) * factor, *rest)
