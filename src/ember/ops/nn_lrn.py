"""cross_map_lrn2d: the op behind nn.CrossMapLRN2d (grad_fn CrossMapLRN2dBackward, the
name of torch's custom Function), Lua torch's local response normalisation across channels.

torch computes it with a running sum over channels whose bookkeeping is its own: a window
starts removing old channels one step late (every scale from channel `pre_pad` on keeps
channel 0's square), and the backward adds ratios over a window of `size` channels ending
at `inversePrePad` - 1 past the channel. So the gradient is not the derivative of the
forward (they agree on one channel); both are reproduced here as torch computes them, step
by step over channels, so that modules ported from Lua torch train as in torch. torch
refuses a derivative of the gradient (its backward writes with out=); so does this op's
formula when it would be recorded.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from . import _xp as xp
from ._registry import OPS, OUT, SAME, declare

__all__ = ["cross_map_lrn2d"]


def _scale(x: np.ndarray, size: int, alpha: float, beta: float, k: float) -> np.ndarray:
    """torch's running sum of squares over channels, times alpha / size, plus k."""
    channels = x.shape[1]
    square = x * x
    scale = np.empty_like(x)
    pre_pad = int((size - 1) / 2 + 1)
    first = np.zeros_like(x[:, 0])
    for c in range(min(pre_pad, channels)):
        first += square[:, c]
    scale[:, 0] = first
    for c in range(1, channels):
        current = scale[:, c - 1].copy()
        if c < channels - pre_pad + 1:
            current += square[:, c + pre_pad - 1]
        if c > pre_pad:
            current -= square[:, c - pre_pad]
        scale[:, c] = current
    scale *= x.dtype.type(alpha / size)
    scale += x.dtype.type(k)
    return scale


@declare("cross_map_lrn2d", grad_fn="CrossMapLRN2dBackward", dtype=SAME, saves=(0, OUT),
         formula="y = x * scale ** -beta, scale = k + alpha / size * (torch's running sum of "
                 "squares); dx as torch's backward computes it (its own windows)")
def _cross_map_lrn2d(x, size, alpha, beta, k):
    return np.power(_scale(x, size, alpha, beta, k), x.dtype.type(-beta)) * x


@_cross_map_lrn2d.backward
def _(ctx, g):
    x, out = ctx.saved
    if xp.is_tensor(g):
        if is_grad_enabled():
            raise RuntimeError("mul(): functions with out=... arguments don't support automatic "
                               "differentiation, but one of the arguments requires grad.")
        return (xp.constant(_gradient(g._data, x._data, out._data, *ctx.params), like=g),)
    return (_gradient(g, x, out, *ctx.params),)


def _gradient(g, x, out, size, alpha, beta, k):
    """torch's CrossMapLRN2d.backward, channel by channel."""
    dtype = x.dtype.type
    scale = _scale(x, size, alpha, beta, k)
    grad = np.power(scale, dtype(-beta)) * g
    n, channels = x.shape[:2]
    cache = dtype(2 * alpha * beta / size)
    offset = int(size - (size - 1) / 2)
    padded = np.zeros((n, channels + size - 1) + x.shape[2:], x.dtype)
    padded[:, offset:offset + channels] = g * out / scale
    accum = np.sum(padded[:, :size - 1], axis=1)
    for c in range(channels):
        accum += padded[:, c + size - 1]
        grad[:, c] += -cache * x[:, c] * accum
        accum -= padded[:, c]
    return grad


def cross_map_lrn2d(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,
                    k: float = 1) -> Tensor:
    """Local response normalisation across the channels of (N, C, H, W), as torch's
    CrossMapLRN2d computes it."""
    if input.ndim != 4:
        raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.ndim}D instead.")
    return apply(OPS["cross_map_lrn2d"], (input,), (int(size), float(alpha), float(beta),
                                                    float(k)))
