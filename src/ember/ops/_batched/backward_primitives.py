"""Batched rules for the backward primitives that address a dim (softmax's and
log_softmax's gradient kernels); the elementwise ones take a batch as they are."""

from __future__ import annotations

import numpy as np

from .._registry import needs_grad
from ._common import Decline, rule
from .nn import _from_the_end


def _operands(ctx, gg):
    g, y = ctx.saved
    if y.dtype == np.float16:
        raise Decline  # computed in float32: left to the per-row pass
    return g, y, _from_the_end(ctx.params[0], y.ndim)


@rule("softmax_backward_data", declines=True)
def _(ctx, gg):
    g, y, axis = _operands(ctx, gg)
    grad_g = y * (gg - np.sum(gg * y, axis=axis, keepdims=True)) if needs_grad(ctx, 0) else None
    grad_y = None
    if needs_grad(ctx, 1):
        grad_y = (gg * (g - np.sum(g * y, axis=axis, keepdims=True))
                  - g * np.sum(gg * y, axis=axis, keepdims=True))
    return grad_g, grad_y


@rule("log_softmax_backward_data", declines=True)
def _(ctx, gg):
    g, y, axis = _operands(ctx, gg)
    grad_g = None
    if needs_grad(ctx, 0):
        grad_g = gg - np.sum(gg * np.exp(y), axis=axis, keepdims=True)
    grad_y = -np.sum(g, axis=axis, keepdims=True) * np.exp(y) * gg if needs_grad(ctx, 1) else None
    return grad_g, grad_y
