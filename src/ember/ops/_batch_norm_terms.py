"""Batch norm's forward arithmetic as torch's CPU kernels do it, so that a BatchNorm layer's
output and running statistics are torch's bits (the tutorials print them).

For an (N, C, L) input with L > 1 (contiguous: BatchNorm2d's images, BatchNorm1d's
sequences), torch 2.13 (batch_norm_cpu_collect_stats_contiguous_impl and
batch_norm_cpu_update_stats_template, found bit for bit against it on float32 inputs of
1 x 4 x 4 to 16 x 8 x 7 x 7):

- the mean: per channel the sum of x in double, divided by the count in double, rounded
  to x's dtype;
- the variance's sum: the squares of x - mean, each rounded to x's dtype, summed in double
  and rounded (var_sum); the biased variance var_sum / count in x's dtype;
- invstd = 1 / sqrt(var + eps) in double, rounded;
- the output x * alpha + beta with alpha = invstd * weight and beta = bias - mean * alpha,
  both multiply-adds rounded once (the compiler fuses them);
- running_mean = m * mean + (1 - m) * running_mean in x's dtype (m = momentum in x's dtype),
  running_var = m * (var_sum / (count - 1)) + (1 - m) * running_var with the first product
  and the sum in double.

In evaluation mode invstd = 1 / sqrt(running_var + eps) in x's dtype, then the same alpha,
beta and output. float64 inputs follow the same formulas in double throughout. Inputs of
one value per channel and sample (L == 1, BatchNorm1d on (N, C)) take another kernel in
torch, whose threads each add a range of rows (`_row_statistics`, with the thread count
`torch.get_num_threads()` reports). float64 sums are added one value after another, in
torch's order; float32 ones in double, where the order does not show.
"""

from __future__ import annotations

import numpy as np

from .._settings import get_num_threads
from ._pointwise_common import fused_multiply_add

__all__ = ["channel_statistics", "affine_terms", "evaluation_invstd", "running_update"]


def channel_statistics(xv: np.ndarray, eps: float) -> tuple[np.ndarray, ...]:
    """(mean, var_sum, var, invstd), each of shape (C,) in xv's dtype, of an (N, C, L)
    view, as torch's kernels compute them."""
    dtype = xv.dtype
    count = xv.shape[0] * xv.shape[2]
    if xv.shape[2] == 1 and dtype in (np.float32, np.float64):
        mean, var_sum = _row_statistics(xv.reshape(xv.shape[:2]))
    elif dtype == np.float64:  # summed one value after another, as torch's loop
        rows = np.ascontiguousarray(xv.transpose(0, 2, 1)).reshape(count, xv.shape[1])
        mean = np.add.reduce(rows, axis=0) / count
        rows -= mean
        rows *= rows
        var_sum = np.add.reduce(rows, axis=0)
    else:
        mean = (np.einsum("ncl->c", xv, dtype=np.float64) / count).astype(dtype)
        squares = np.subtract(xv, mean.reshape(1, -1, 1))
        squares *= squares  # (each square rounded to x's dtype, as torch's scalar loop)
        var_sum = np.einsum("ncl->c", squares, dtype=np.float64).astype(dtype)
    var = var_sum / dtype.type(count)
    invstd = (1 / np.sqrt(var.astype(np.float64) + eps)).astype(dtype)
    return mean, var_sum, var, invstd


def _row_statistics(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, var_sum) of (N, C) rows as torch's channels-last kernel computes them: its
    threads each take a range of rows (at::parallel_for's equal chunks) and add them up in
    rows' dtype, one row after another (the sum of squares of x - mean by fused
    multiply-adds); the threads' sums are then added in double."""
    n, dtype = rows.shape[0], rows.dtype
    threads = max(1, min(get_num_threads(), n))
    chunk = -(-n // threads)
    starts = range(0, n, chunk)
    # (NumPy reduces a C-contiguous array over axis 0 row after row, as torch's loop)
    total = sum(np.add.reduce(rows[i:i + chunk], axis=0).astype(np.float64) for i in starts)
    mean = (total / n).astype(dtype)
    squares = np.zeros(rows.shape[1], np.float64)
    for i in starts:
        part = np.zeros(rows.shape[1], dtype)
        for row in rows[i:i + chunk] - mean:
            part = fused_multiply_add(row, row, part)
        squares += part
    return mean, squares.astype(dtype)


def evaluation_invstd(running_var: np.ndarray, eps: float) -> np.ndarray:
    """1 / sqrt(running_var + eps) in running_var's dtype (torch's opmath for float32)."""
    dtype = running_var.dtype
    return dtype.type(1) / np.sqrt(running_var + dtype.type(eps))


def affine_terms(mean: np.ndarray, invstd: np.ndarray, weight, bias) -> tuple:
    """(alpha, beta) per channel: the output is x * alpha + beta, rounded once."""
    dtype = invstd.dtype
    alpha = invstd if weight is None else invstd * weight.reshape(-1).astype(dtype, copy=False)
    shift = (np.zeros_like(alpha) if bias is None
             else bias.reshape(-1).astype(dtype, copy=False))
    beta = fused_multiply_add(-mean.astype(dtype, copy=False), alpha, shift)
    return alpha, beta


def running_update(running_mean: np.ndarray | None, running_var: np.ndarray | None,
                   mean: np.ndarray, var_sum: np.ndarray, count: int,
                   momentum: float) -> None:
    """torch's update of the running statistics, in place (see the module's docstring)."""
    for running in (running_mean, running_var):
        if running is None:
            continue
        dtype = running.dtype
        m = dtype.type(momentum)
        keep = dtype.type(1) - m
        if running is running_mean:
            running[...] = m * mean.astype(dtype, copy=False) + keep * running
        else:
            unbiased = (var_sum.astype(dtype, copy=False) / dtype.type(count - 1)).astype(
                np.float64 if dtype != np.float64 else dtype)
            kept = (keep * running).astype(unbiased.dtype)
            running[...] = (unbiased.dtype.type(m) * unbiased + kept).astype(dtype)


# ---------------------------------------------------------------------- backward
# torch's batch_norm_cpu_backward kernels for float32 (found bit for bit against torch 2.13
# on 1 x 5 x 3 to 16 x 8 x 6 x 6 inputs): per channel the sum of g and the dot product of
# x - mean with g, then
#   grad_weight = dotp * invstd, grad_bias = sum,
#   grad_input = ((g - sum / count) - (x - mean) k) * invstd * weight   (training; the
#       inner product fused, except in the L == 1 kernel's partial last vector of
#       channels; k = dotp * invstd * invstd / count in float32),
#   grad_input = g * invstd * weight                                    (evaluation, with
#       invstd = 1 / sqrt(running_var + eps) in double).
# The sums: for L > 1 each sample's row of a channel is reduced by AVX2's vec::reduce_all
# (eight lanes added vector after vector, the partial last vector into the first lanes,
# its products fused; then the lanes' tree) and the samples' sums added in double; for
# L == 1 as the forward's `_row_statistics` (threads' float32 rows, the products fused).
_LANES = 8  # float32 lanes of a 256-bit vector


def _lane_tree(acc: np.ndarray) -> np.ndarray:
    """AVX2's horizontal sum of 8 lanes: ((a0+a4) + (a2+a6)) + ((a1+a5) + (a3+a7))."""
    halves = acc[..., :4] + acc[..., 4:]
    quarters = halves[..., :2] + halves[..., 2:]
    return quarters[..., 0] + quarters[..., 1]


def _row_reduce(values: np.ndarray, tail_product: tuple | None = None) -> np.ndarray:
    """vec::reduce_all of each row (last axis) of `values`; with `tail_product` (a, b) the
    values are products a * b, and the partial last vector's are fused into the sum."""
    length = values.shape[-1]
    if length < _LANES:  # one partial vector: its lanes added one after another
        acc = values[..., 0]
        for i in range(1, length):
            acc = acc + values[..., i]
        return acc
    full = length - length % _LANES
    vectors = values[..., :full].reshape(*values.shape[:-1], full // _LANES, _LANES)
    acc = vectors[..., 0, :].copy()
    for k in range(1, vectors.shape[-2]):  # vector after vector (twice np.add.reduce's speed)
        acc += vectors[..., k, :]
    if full < length:
        if tail_product is None:
            acc[..., :length - full] += values[..., full:]
        else:
            a, b = tail_product
            acc[..., :length - full] = fused_multiply_add(
                a[..., full:], b[..., full:], acc[..., :length - full])
    return _lane_tree(acc)


def _channel_sums(gv: np.ndarray, centred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sum of g, sum of g (x - mean)) per channel of (N, C, L) float32 views, in double."""
    if gv.shape[2] == 1:
        return _row_sums(gv.reshape(gv.shape[:2]), centred.reshape(gv.shape[:2]))
    sums = _row_reduce(gv)
    dots = _row_reduce(centred * gv, (centred, gv))
    return (np.add.reduce(sums.astype(np.float64), axis=0),
            np.add.reduce(dots.astype(np.float64), axis=0))


def _row_sums(g: np.ndarray, centred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The L == 1 kernel's sums: each thread's rows in float32, then the threads' in double
    (rounded to float32, as its buffer keeps them)."""
    n = g.shape[0]
    threads = max(1, min(get_num_threads(), n))
    chunk = -(-n // threads)
    total = np.zeros(g.shape[1], np.float64)
    dot = np.zeros(g.shape[1], np.float64)
    for i in range(0, n, chunk):
        total += np.add.reduce(g[i:i + chunk], axis=0)
        part = np.zeros(g.shape[1], np.float32)
        for c_row, g_row in zip(centred[i:i + chunk], g[i:i + chunk]):
            part = fused_multiply_add(c_row, g_row, part)
        dot += part
    return total.astype(np.float32), dot.astype(np.float32)


def channel_backward(g: np.ndarray, x: np.ndarray, mean: np.ndarray, invstd: np.ndarray,
                     weight, train: bool, running_var: np.ndarray | None, eps: float,
                     needs_input: bool = True, out: np.ndarray | None = None) -> tuple:
    """(grad_input, grad_weight, grad_bias) of float32 batch norm over (N, C, L) views g
    and x, as torch's kernels compute them (see above); mean and invstd per channel are
    the forward's (for evaluation: the running mean, and the running variance given).
    grad_input is None unless `needs_input`; it is written into `out` if given (an (N, C, L)
    view of an array that a leaf's `.grad` can then take without a copy)."""
    count = x.shape[0] * x.shape[2]
    if not train:
        invstd = (1 / np.sqrt(running_var.astype(np.float64) + eps)).astype(np.float32)
    centred = x - mean.reshape(1, -1, 1)
    total, dot = _channel_sums(g, centred)
    grad_weight = (dot * invstd.astype(np.float64)).astype(np.float32)
    grad_bias = total.astype(np.float32)
    spread = (1, -1, 1)
    if not needs_input:
        return None, grad_weight, grad_bias
    if train:
        if g.shape[2] == 1:  # (the L == 1 kernel divides float32 sums)
            k = dot * invstd * invstd / np.float32(count)
            grad_mean = total / np.float32(count)
        else:
            k = dot.astype(np.float32) * invstd * invstd / np.float32(count)
            grad_mean = (total / count).astype(np.float32)
        if out is None:
            out = np.empty_like(g)
        grad_input = fused_multiply_add(-centred, k.reshape(spread),
                                        g - grad_mean.reshape(spread), out=out)
        tail = g.shape[1] - g.shape[1] % _LANES
        if g.shape[2] == 1 and tail < g.shape[1]:
            # (the L == 1 kernel's partial last vector of channels is not fused)
            grad_input[:, tail:] = (g[:, tail:] - grad_mean.reshape(spread)[:, tail:]
                                    - centred[:, tail:] * k.reshape(spread)[:, tail:])
    elif out is None:
        grad_input = g.copy()
    else:
        grad_input = out
        grad_input[...] = g
    grad_input *= invstd.reshape(spread)
    if weight is not None:
        grad_input *= weight.reshape(spread).astype(np.float32, copy=False)
    return grad_input, grad_weight, grad_bias
