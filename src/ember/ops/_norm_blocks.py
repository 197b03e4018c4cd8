"""Batch norm's forward and backward on arrays, a block of samples (or channels) at a
time (used by ops/nn_normalization.py for (N, C, L) views with long rows).

Why blocks: each per-channel step over the whole (N, C, L) view is a NumPy pass that
streams the array through memory, and a step with a per-channel constant broadcast as
(1, C, 1) runs NumPy's loop once per row of L values (~0.3 us a row on top of the
arithmetic). Here each constant is spread once into a (C, L) array (one sample's worth),
and every step works on a block of about _BLOCK_VALUES values that stays in L2 between
steps: a contiguous block of whole samples (C, L each) against the spread constants,
which NumPy runs as one long loop per sample. The ResNet block's batch norm (16 x 64 x
1024 float32, Intel SkylakeX) measured 5.3-5.6 -> 3.5-3.7 ms backward in isolation.

Same formulas and per-element order as the whole-array code; the per-channel sums add
up the blocks' sums (float32 partial sums of ~64K values instead of one einsum over the
channel), so results may differ from it in the last bits.
"""

from __future__ import annotations

import numpy as np

__all__ = ["blocks", "forward", "backward"]

_BLOCK_VALUES = 1 << 16  # values per block (256 KiB of float32)
_MIN_ROW = 64  # shorter rows: the whole-array code (few, cheap row loops)


def blocks(view: tuple, dtype: np.dtype) -> list | None:
    """(samples, channels) slices covering an (N, C, L) view, each block ~_BLOCK_VALUES
    contiguous values; None where the whole-array code serves (short rows, one sample,
    small arrays, other dtypes)."""
    n, c, length = view
    if (dtype not in (np.float32, np.float64) or length < _MIN_ROW or n < 2
            or n * c * length < 2 * _BLOCK_VALUES):
        return None
    per_sample = c * length
    if per_sample <= _BLOCK_VALUES:
        step = _BLOCK_VALUES // per_sample
        return [(slice(i, min(i + step, n)), slice(None)) for i in range(0, n, step)]
    channels = max(1, _BLOCK_VALUES // length)
    return [(slice(i, i + 1), slice(j, min(j + channels, c)))
            for i in range(n) for j in range(0, c, channels)]


def _spread(values: np.ndarray, length: int, dtype) -> np.ndarray:
    """Per-channel values (C,) as a contiguous (C, L) array."""
    return np.repeat(values.astype(dtype, copy=False).reshape(-1, 1), length, axis=1)


def forward(xv: np.ndarray, weight, bias, count: int, eps: float, parts: list):
    """(output (N, C, L), mean (C,), biased var (C,), invstd (C,)) of batch norm with the
    batch's statistics: the mean by one einsum, then per block x - mean (kept in the
    output) and its sum of squares, then per block the scale and shift in place."""
    dtype, length = xv.dtype, xv.shape[2]
    n = dtype.type(count)
    mean = np.einsum("ncl->c", xv) / n
    out = np.empty_like(xv)
    spread_mean = _spread(mean, length, dtype)
    squares = np.zeros(xv.shape[1], dtype)
    for samples, channels in parts:
        centred = np.subtract(xv[samples, channels], spread_mean[channels],
                              out=out[samples, channels])
        squares[channels] += np.einsum("ncl,ncl->c", centred, centred)
    var = squares / n
    invstd = (1 / np.sqrt(var + dtype.type(eps))).astype(dtype, copy=False)
    scale = _spread(invstd if weight is None else invstd * weight, length, dtype)
    shift = None if bias is None else _spread(bias, length, dtype)
    for samples, channels in parts:
        block = out[samples, channels]
        block *= scale[channels]
        if shift is not None:
            block += shift[channels]
    return out, mean, var, invstd


def backward(gv: np.ndarray, xv: np.ndarray, mean: np.ndarray, invstd: np.ndarray,
             weight, count: int, parts: list, into_g: bool = False,
             out: np.ndarray | None = None) -> tuple:
    """(gx, sum of g (x - mean), sum of g) of batch norm with batch statistics, per
    channel: first per block x - mean and both sums, then per block
    gx = (x - mean) k2 + k3 + g k1. `into_g`: gx is written into gv (a donated gradient,
    C-contiguous), see _backward_into_g; else into `out` if given (C-contiguous, xv's
    shape), else into a new array."""
    if into_g:
        return _backward_into_g(gv, xv, mean, invstd, weight, count, parts)
    dtype, length = xv.dtype, xv.shape[2]
    gx = np.empty_like(xv) if out is None else out
    spread_mean = _spread(mean, length, dtype)
    g_sum, g_dot = _sums(gv, xv, spread_mean, parts, gx)
    k1, k2, k3 = _constants(g_sum, g_dot, invstd, weight, count, length, dtype)
    scratch = np.empty(gx[parts[0]].shape, dtype)
    for samples, channels in parts:  # x - mean is in gx
        block = gx[samples, channels]
        block *= k2[channels]
        block += k3[channels]
        term = np.multiply(gv[samples, channels], k1[channels],
                           out=scratch[:block.shape[0], :block.shape[1]])
        block += term
    return gx, g_dot, g_sum


def _backward_into_g(gv, xv, mean, invstd, weight, count: int, parts: list) -> tuple:
    """backward's gx written into gv: x - mean goes to a scratch block (in L2) in both
    sweeps, computed again in the second, and gx = g k1 + ((x - mean) k2 + k3) block by
    block into g. Written into a fresh gx, x - mean kept there is one 4 MB array (the
    ResNet block's) written in the first sweep and read in the second, which recomputing
    it from x does not beat (3.6 -> 3.7-4.1 ms in isolation); written into the donated g,
    no such array is fetched at all: 3.6-4.1 -> 3.3-3.7 ms. The same bits as backward:
    the same products and sums, each sum's two operands swapped (x + y == y + x)."""
    dtype, length = xv.dtype, xv.shape[2]
    spread_mean = _spread(mean, length, dtype)
    scratch = np.empty(xv[parts[0]].shape, dtype)
    g_sum, g_dot = _sums(gv, xv, spread_mean, parts, None, scratch)
    k1, k2, k3 = _constants(g_sum, g_dot, invstd, weight, count, length, dtype)
    for samples, channels in parts:
        x_block = xv[samples, channels]
        term = np.subtract(x_block, spread_mean[channels],
                           out=scratch[:x_block.shape[0], :x_block.shape[1]])
        term *= k2[channels]
        term += k3[channels]
        block = gv[samples, channels]
        block *= k1[channels]
        block += term
    return gv, g_dot, g_sum


def _sums(gv, xv, spread_mean, parts: list, centred_into, scratch=None) -> tuple:
    """Per channel (sum of g, sum of g (x - mean)), x - mean per block written into
    centred_into (an (N, C, L) array) or else into the scratch block."""
    g_sum = np.zeros(xv.shape[1], xv.dtype)
    g_dot = np.zeros(xv.shape[1], xv.dtype)
    for samples, channels in parts:
        x_block = xv[samples, channels]
        out = (centred_into[samples, channels] if centred_into is not None
               else scratch[:x_block.shape[0], :x_block.shape[1]])
        centred = np.subtract(x_block, spread_mean[channels], out=out)
        g_block = gv[samples, channels]
        g_sum[channels] += np.einsum("ncl->c", g_block)
        g_dot[channels] += np.einsum("ncl,ncl->c", g_block, centred)
    return g_sum, g_dot


def _constants(g_sum, g_dot, invstd, weight, count: int, length: int, dtype) -> tuple:
    """The spread (C, L) constants k1, k2, k3 of gx = g k1 + (x - mean) k2 + k3."""
    n = dtype.type(count)
    k1 = invstd if weight is None else weight.astype(dtype, copy=False) * invstd
    k2 = _spread(-k1 * invstd * invstd * g_dot / n, length, dtype)
    k3 = _spread(-k1 * g_sum / n, length, dtype)
    return _spread(k1, length, dtype), k2, k3
