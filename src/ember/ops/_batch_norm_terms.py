"""Batch norm's arithmetic as torch's CPU kernels do it, so that a BatchNorm layer's output,
running statistics and gradients are torch's bits (the tutorials print them).

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

The backward (below) has torch's contiguous kernels for a contiguous gradient and its
generic kernel for another (an expanded or permuted one, such as y.sum()'s).

How far: float32 inputs of up to 32,768 values ((N, C): 4,096) take this arithmetic
(`exact`; the NumPy forms that make it affordable are in ops/_torch_sum_orders.py); larger
ones the faster arithmetic of ops/nn_normalization.py, whose last bits differ. Not
emulated: torch's channels-last kernels, a non-contiguous input's generic forward, and
torch's thread split of at::sum for gradients of 32,768 values or more (below the
threshold anyway); the float64 emulation of float32 fused multiply-adds rounds twice,
which can differ from one rounding in about 1 of 2**29 operations (ops/_torch_sum_orders.py).
"""

from __future__ import annotations

import numpy as np

from .._settings import get_num_threads
from ._pointwise_common import fused_multiply_add
from ._torch_sum_orders import (
    LANES,
    lane_sums,
    multiply_add,
    stack_chunks,
    thread_chunks,
    thread_row_sums,
)

__all__ = ["channel_statistics", "affine_terms", "affine_output", "evaluation_invstd",
           "running_update", "channel_backward", "exact"]


def channel_statistics(xv: np.ndarray, eps: float) -> tuple[np.ndarray, ...]:
    """(mean, var_sum, var, invstd), each of shape (C,) in xv's dtype, of an (N, C, L)
    view, as torch's kernels compute them."""
    dtype = xv.dtype
    count = xv.shape[0] * xv.shape[2]
    if xv.shape[2] == 1 and dtype == np.float32:
        mean, var_sum = _row_statistics(xv.reshape(xv.shape[:2]))
    elif xv.shape[2] == 1 and dtype == np.float64:
        mean, var_sum = _row_statistics_double(xv.reshape(xv.shape[:2]))
    elif dtype == np.float64:  # summed one value after another, as torch's loop
        # (a copy always: a channels-last x is already C-ordered transposed, and the steps
        # below work in place, which wrote into the input)
        rows = xv.transpose(0, 2, 1).copy().reshape(count, xv.shape[1])
        mean = np.add.reduce(rows, axis=0) / count
        rows -= mean
        rows *= rows
        var_sum = np.add.reduce(rows, axis=0)
    elif dtype == np.float32:
        mean = (np.einsum("ncl->c", xv, dtype=np.float64) / count).astype(dtype)
        var_sum = _square_sums(xv, mean)
    else:
        mean = (np.einsum("ncl->c", xv, dtype=np.float64) / count).astype(dtype)
        squares = np.subtract(xv, mean.reshape(1, -1, 1))
        squares *= squares  # (each square rounded to x's dtype, as torch's scalar loop)
        var_sum = np.einsum("ncl->c", squares, dtype=np.float64).astype(dtype)
    var = var_sum / dtype.type(count)
    invstd = (1 / np.sqrt(var.astype(np.float64) + eps)).astype(dtype)
    return mean, var_sum, var, invstd


def _square_sums(xv: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Per channel the sum in double of the float32 squares of the float32 x - mean,
    rounded to float32."""
    centred = np.subtract(xv, mean.reshape(-1, 1))
    centred *= centred
    return np.einsum("ncl->c", centred, dtype=np.float64).astype(np.float32)


def _row_statistics(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, var_sum) of float32 (N, C) rows as torch's channels-last kernel computes
    them: its threads each take a range of rows (at::parallel_for's equal chunks) and add
    them up in float32, one row after another (the sum of squares of x - mean by fused
    multiply-adds); the threads' sums are then added in double (ops/_torch_sum_orders.py)."""
    n, c = rows.shape
    chunk, parts = thread_chunks(n, get_num_threads())
    stacked = stack_chunks(rows, chunk, parts)
    total = thread_row_sums(stacked).reshape(parts, c).astype(np.float64).sum(axis=0)
    mean = (total / n).astype(np.float32)
    centred = stacked - np.tile(mean, parts)
    _zero_padding(centred, n, chunk, parts, c)
    squares = thread_row_sums(centred, centred).reshape(parts, c).astype(np.float64)
    return mean, squares.sum(axis=0).astype(np.float32)


def _zero_padding(stacked: np.ndarray, n: int, chunk: int, parts: int, c: int) -> None:
    """Zeros where stack_chunks padded the last chunk (a value computed there from its
    zeros would enter the sums)."""
    filled = n - (parts - 1) * chunk
    stacked[filled:, (parts - 1) * c:] = 0


def _row_statistics_double(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """_row_statistics for float64 rows (each thread's rows added one after another)."""
    n = rows.shape[0]
    chunk, _ = thread_chunks(n, get_num_threads())
    starts = range(0, n, chunk)
    total = sum(np.add.reduce(rows[i:i + chunk], axis=0) for i in starts)
    mean = total / n
    squares = np.zeros(rows.shape[1])
    for i in starts:
        part = np.zeros(rows.shape[1])
        for row in rows[i:i + chunk] - mean:
            part = fused_multiply_add(row, row, part)
        squares += part
    return mean, squares


def affine_output(xv: np.ndarray, alpha: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """x * alpha + beta per channel of an (N, C, L) view, rounded once."""
    if xv.dtype == np.float32:
        return multiply_add(alpha.reshape(-1, 1), xv, beta.reshape(-1, 1))
    return fused_multiply_add(alpha.reshape(-1, 1), xv, beta.reshape(-1, 1))


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
# Up to these many values (N * C * L) a float32 batch norm takes torch's arithmetic, above
# them ember's own faster arithmetic (ops/nn_normalization.py, ops/_norm_blocks.py), whose
# last bits differ from torch's (docs/differences.md). Measured forward and backward
# against that arithmetic (BatchNorm layer, one thread, 2-core Xeon): (N, C, L) inputs
# 1.15-1.2x up to 32K values, 1.6x at 512K, 1.9x at 1M (float64 passes for the fused
# multiply-adds, a transposing copy of g and of the products for the lane sums); (N, C)
# inputs about 100 us more per call (1.4x at 2K values, 1.5-1.8x at 16K-128K): each
# thread's rows are a chain of fused multiply-adds, one NumPy call per row.
_EXACT_VALUES = 1 << 15
_EXACT_ROW_VALUES = 1 << 12


def exact(view: tuple, dtype: np.dtype) -> bool:
    """Whether batch norm over an (N, C, L) view of `dtype` takes torch's arithmetic."""
    n, c, length = view
    if dtype != np.float32:
        return True
    return n * c * length <= (_EXACT_ROW_VALUES if length == 1 else _EXACT_VALUES)


def _lane_channel_sums(g: np.ndarray, x: np.ndarray, mean: np.ndarray) -> tuple:
    """(sum of g, sum of g (x - mean)) per channel of (N, C, L) float32 views (L > 1), in
    double: each sample's row of a channel by its lane sums, the samples' sums then added
    in double."""
    n, c, length = x.shape
    g_rows = g.reshape(n * c, length)
    centred = np.subtract(x, mean.reshape(-1, 1)).reshape(n * c, length)
    sums = lane_sums(g_rows)
    dots = lane_sums(centred * g_rows, (centred, g_rows))
    return (sums.reshape(n, c).astype(np.float64).sum(axis=0),
            dots.reshape(n, c).astype(np.float64).sum(axis=0))


def _row_sums(g: np.ndarray, x: np.ndarray, mean: np.ndarray) -> tuple:
    """The L == 1 kernel's sums of (N, C) rows: each thread's rows in float32, then the
    threads' in double (rounded to float32, as its buffer keeps them)."""
    n, c = g.shape
    chunk, parts = thread_chunks(n, get_num_threads())
    g_stacked = stack_chunks(g, chunk, parts)
    centred = stack_chunks(x, chunk, parts)
    centred -= np.tile(mean, parts)
    _zero_padding(centred, n, chunk, parts, c)
    total = thread_row_sums(g_stacked).reshape(parts, c).astype(np.float64).sum(axis=0)
    dot = thread_row_sums(centred, g_stacked).reshape(parts, c).astype(np.float64)
    return total.astype(np.float32), dot.sum(axis=0).astype(np.float32)


def channel_backward(g: np.ndarray, x: np.ndarray, mean: np.ndarray, invstd: np.ndarray,
                     weight, train: bool, running_var: np.ndarray | None, eps: float,
                     needs_input: bool = True, out: np.ndarray | None = None,
                     strided_sum: np.ndarray | None = None) -> tuple:
    """(grad_input, grad_weight, grad_bias) of float32 batch norm over (N, C, L) views g
    and x, as torch's kernels compute them (see above); mean and invstd per channel are
    the forward's (for evaluation: the running mean, and the running variance given).
    grad_input is None unless `needs_input`; it is written into `out` if given (an (N, C, L)
    view of an array that a leaf's `.grad` can then take without a copy). `strided_sum`:
    the gradient was not contiguous, and this is its sum per channel in torch's order
    (torch's generic kernel, `_strided_backward`)."""
    n, c, length = x.shape
    count = n * length
    if not train:
        invstd = (1 / np.sqrt(running_var.astype(np.float64) + eps)).astype(np.float32)
    if strided_sum is not None:
        return _strided_backward(g, x, mean, invstd, weight, train, needs_input, out,
                                 strided_sum)
    if length == 1:
        total, dot = _row_sums(g.reshape(n, c), x.reshape(n, c), mean)
    else:
        total, dot = _lane_channel_sums(g, x, mean)
    grad_weight = (dot * invstd.astype(np.float64)).astype(np.float32)
    grad_bias = total.astype(np.float32)
    if not needs_input:
        return None, grad_weight, grad_bias
    if out is None:
        out = np.empty(x.shape, np.float32)
    if not train:
        np.multiply(g, invstd.reshape(1, -1, 1), out=out)
    elif length == 1:  # (the L == 1 kernel divides float32 sums)
        k = dot * invstd * invstd / np.float32(count)
        grad_mean = total / np.float32(count)
        _row_input(g.reshape(n, c), x.reshape(n, c), mean, k, grad_mean, out.reshape(n, c))
        out *= invstd.reshape(1, -1, 1)
    else:
        k = dot.astype(np.float32) * invstd * invstd / np.float32(count)
        grad_mean = (total / count).astype(np.float32)
        _block_input(g, x, mean, k, grad_mean, invstd, out)
    if weight is not None:
        out *= weight.reshape(1, -1, 1).astype(np.float32, copy=False)
    return out, grad_weight, grad_bias


def _strided_backward(g, x, mean, invstd, weight, train: bool, needs_input: bool, out,
                      total: np.ndarray) -> tuple:
    """torch's kernel for a gradient that is not contiguous (TensorIterator loops, found
    bit for bit against torch 2.13 on permuted and expanded gradients): the sum of g is
    at::sum's (given), the dot product adds the float32 products (x - mean) g in double,
    and grad_input is ((g - sum / count) - (x - mean) k) * invstd * weight in float32
    steps, none fused."""
    count = x.shape[0] * x.shape[2]
    centred = np.subtract(x, mean.reshape(-1, 1))
    dot = np.einsum("ncl->c", centred * g, dtype=np.float64)
    grad_weight = (dot * invstd.astype(np.float64)).astype(np.float32)
    if not needs_input:
        return None, grad_weight, total
    if out is None:
        out = np.empty(x.shape, np.float32)
    spread = (-1, 1)
    if train:
        k = dot.astype(np.float32) * invstd * invstd / np.float32(count)
        grad_mean = (total.astype(np.float64) / count).astype(np.float32)
        np.subtract(g, grad_mean.reshape(spread), out=out)
        centred *= k.reshape(spread)
        out -= centred
        out *= invstd.reshape(spread)
    else:
        np.multiply(g, invstd.reshape(spread), out=out)
    if weight is not None:
        out *= weight.reshape(spread).astype(np.float32, copy=False)
    return out, grad_weight, total


def _row_input(g, x, mean, k, grad_mean, out) -> None:
    """(g - grad_mean) - (x - mean) k of (N, C) rows: fused, except in the partial last
    vector of channels."""
    centred = x - mean
    multiply_add(-k, centred, g - grad_mean, out=out)
    tail = g.shape[1] - g.shape[1] % LANES
    if tail < g.shape[1]:
        out[:, tail:] = g[:, tail:] - grad_mean[tail:] - centred[:, tail:] * k[tail:]


def _block_input(g, x, mean, k, grad_mean, invstd, out) -> None:
    """((g - grad_mean) - (x - mean) k) * invstd of (N, C, L) views, the first product and
    difference fused."""
    spread = (-1, 1)
    multiply_add(-k.reshape(spread), np.subtract(x, mean.reshape(spread)),
                 np.subtract(g, grad_mean.reshape(spread)), out=out)
    out *= invstd.reshape(spread)
