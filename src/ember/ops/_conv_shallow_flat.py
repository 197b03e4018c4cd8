"""Shallow stride-1 convolutions (few input channels x kernel taps, LeNet's first layer)
over flat runs, one sample's image at a time.

Each sample's zero-padded image is one flat run per channel; with stride 1, the output at
position q of the padded grid (q = row x padded width + column) reads kernel tap k at
q + off(k). So tap k's column row of a sample is the contiguous run of `out rows x padded
width` values from off(k): copying the columns walks runs of ~900 values instead of
one output row (28 for LeNet), and the copy of a chunk of samples' columns into one
reused buffer stays in L2. The positions past each output row's end (the padded width's
last kernel - 1 columns) are computed too and cropped: 1.14x the products for LeNet.
(SkylakeX, LeNet's first layer: forward 1.6-1.9 -> 0.95 ms, forward and weight gradient
2.6-2.9 -> 2.0 ms.)

The weight gradient copies each chunk's columns again from the kept padded input, and lays
g onto the same flat positions (zeros at the cropped ones, so they add nothing): g x
columns^T per sample, summed.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ._strided import reshaped_view, strided

__all__ = ["plan", "convolve", "weight_gradient"]

_MAX_SPREAD = 1.3  # padded row width / output row width above which the junk costs too much


def plan(size, kernel, padding, dilation, stride):
    """(full, out, run, tap strides, slack) of a stride-1 convolution's flat runs, or None
    where it does not apply (a stride, or output rows much shorter than the padded
    ones)."""
    if any(s != 1 for s in stride):
        return None
    return _plan(tuple(size), tuple(kernel), tuple(tuple(p) for p in padding),
                 tuple(dilation))


@functools.lru_cache(maxsize=64)
def _plan(size, kernel, padding, dilation):
    full = tuple(s + a + b for s, (a, b) in zip(size, padding))
    out = tuple(f - d * (k - 1) for f, k, d in zip(full, kernel, dilation))
    if min(out) < 1 or math.prod(full[1:]) > _MAX_SPREAD * math.prod(out[1:]):
        return None
    steps = tuple(math.prod(full[i + 1:]) for i in range(len(full)))  # flat strides
    run = out[0] * steps[0]
    last = sum(d * (k - 1) * s for k, d, s in zip(kernel, dilation, steps))
    # the last tap's run ends past the image by (at most) the cropped positions' reads
    slack = max(0, last + run - math.prod(full))
    taps = tuple(d * s for d, s in zip(dilation, steps))
    return full, out, run, taps, slack


def _padded_flat(x, padding, full, slack):
    """x (N, C, *size) zero-padded, flat, with `slack` zeros after the last image."""
    n, channels = x.shape[:2]
    image = channels * math.prod(full)
    flat = np.zeros(n * image + slack, x.dtype)
    inside = tuple(slice(a, a + s) for s, (a, _) in zip(x.shape[2:], padding))
    flat[:n * image].reshape((n, channels) + full)[(Ellipsis,) + inside] = x
    return flat


def _tap_runs(flat, n, channels, kernel, the_plan):
    """A read-only view (N, C, *kernel, run): tap k of channel c of sample i is the run of
    flat from that image's start plus off(k)."""
    full, _, run, taps, _ = the_plan
    size = flat.itemsize
    image = math.prod(full)
    return strided(flat, (n, channels) + tuple(kernel) + (run,),
                      (channels * image * size, image * size)
                      + tuple(t * size for t in taps) + (size,), writeable=False)


def _copy_taps(cols, view, groups):
    """cols (m, G, C / G x taps, run), possibly a slice of a larger buffer, = view (m, C,
    *kernel, run), through a split of cols' dims (a view of it, never a copy)."""
    shape = view.shape[:1] + (groups, view.shape[1] // groups) + view.shape[2:]
    reshaped_view(cols, shape)[...] = view.reshape(shape)


def _chunk(n: int, per_sample: int, chunk_values: int) -> int:
    return max(1, min(n, chunk_values // max(1, per_sample)))


def _crop(flat_out, out, full):
    """(m, O, run) results on the padded grid's rows -> (m, O, *out)."""
    grid = flat_out.reshape(flat_out.shape[:2] + (out[0],) + full[1:])
    return grid[(Ellipsis,) + tuple(slice(0, o) for o in out[1:])]


def convolve(x, w, bias, padding, groups, the_plan, chunk_values):
    """The convolution (N, O, *out), plus the bias (O,) if given, and the padded flat input
    (for the weight gradient). The bias is one more column of the product (a row of ones
    under the columns): adding it to the output as its own pass, a (O, 1, 1) operand, costs
    ~0.2 ms on LeNet's first layer (NumPy's inner loop restarts at every channel's row)."""
    n, channels = x.shape[:2]
    kernel, out_channels = w.shape[2:], w.shape[0]
    full, out, run, _, slack = the_plan
    depth = channels // groups * math.prod(kernel)
    flat = _padded_flat(x, padding, full, slack)
    view = _tap_runs(flat, n, channels, kernel, the_plan)
    weights = w.reshape(groups, out_channels // groups, depth)
    ones = bias is not None
    if ones:
        weights = np.concatenate([weights, bias.reshape(groups, -1, 1)], axis=-1)
    y = np.empty((n, out_channels) + out, x.dtype)
    step = _chunk(n, channels * math.prod(kernel) * run, chunk_values)
    cols = np.empty((step, groups, depth + ones, run), x.dtype)
    if ones:
        cols[:, :, depth] = 1
    result = np.empty((step, groups, out_channels // groups, run), x.dtype)
    for start in range(0, n, step):
        m = min(step, n - start)
        _copy_taps(cols[:m, :, :depth], view[start:start + m], groups)
        np.matmul(weights, cols[:m], out=result[:m])
        y[start:start + m] = _crop(result[:m].reshape(m, out_channels, run), out, full)
    return y, flat


def weight_gradient(a, g, weight_shape, padding, groups, the_plan, chunk_values, flat=None):
    """W(a, g) from the chunks' columns (copied again from `flat`, the forward's padded
    input, or from a) and g laid onto the flat positions: per sample g columns^T, summed."""
    n, channels = a.shape[:2]
    kernel, out_channels = weight_shape[2:], weight_shape[0]
    full, out, run, _, slack = the_plan
    depth = channels // groups * math.prod(kernel)
    if flat is None:
        flat = _padded_flat(a, padding, full, slack)
    view = _tap_runs(flat, n, channels, kernel, the_plan)
    step = _chunk(n, channels * math.prod(kernel) * run, chunk_values)
    cols = np.empty((step, groups, depth, run), a.dtype)
    spread = np.zeros((step, groups, out_channels // groups, run), g.dtype)
    total = np.zeros((groups, out_channels // groups, depth), np.result_type(a, g))
    for start in range(0, n, step):
        m = min(step, n - start)
        _copy_taps(cols[:m], view[start:start + m], groups)
        _crop(spread[:m].reshape(m, out_channels, run), out, full)[...] = g[start:start + m]
        total += np.matmul(spread[:m], np.swapaxes(cols[:m], -1, -2)).sum(axis=0)
    return total.reshape(weight_shape)
