"""Samples for src/ember/ops/nn_pooling.py: max, average and adaptive pooling over their
options (stride, padding, dilation, ceil_mode, count_include_pad, divisor_override,
unbatched and 1-d inputs), max unpooling, and the gradient ops (reached through
create_graph=True), with NumPy references written as loops over output positions.

Inputs are random normals: no two elements of a window tie, so finite differences never
straddle a change of maximum.
"""

from __future__ import annotations

import itertools

import numpy as np

import ember.nn.functional as F
from tests.samples import Sample, rng
from tests.samples.shape import first_derivative

_R = rng(202)


# ---------------------------------------------------------------------- references
def _out_size(n, k, s, p, d, ceil_mode):
    span = n + 2 * p - d * (k - 1) - 1
    out = (int(np.ceil(span / s)) if ceil_mode else span // s) + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def max_pool_reference(x, kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    """(values, flat indices) by a loop over output positions; windows clipped to x."""
    kernel = _two(kernel)
    stride = kernel if stride is None else _two(stride)
    padding, dilation = _two(padding), _two(dilation)
    h, w = x.shape[-2:]
    out = [_out_size(n, k, s, p, d, ceil_mode)
           for n, k, s, p, d in zip((h, w), kernel, stride, padding, dilation)]
    values = np.zeros(x.shape[:-2] + tuple(out))
    indices = np.zeros(x.shape[:-2] + tuple(out), np.int64)
    for i, j in itertools.product(range(out[0]), range(out[1])):
        rows = [i * stride[0] - padding[0] + a * dilation[0] for a in range(kernel[0])]
        cols = [j * stride[1] - padding[1] + b * dilation[1] for b in range(kernel[1])]
        flat = [r * w + c for r in rows for c in cols if 0 <= r < h and 0 <= c < w]
        window = x.reshape(x.shape[:-2] + (-1,))[..., flat]
        best = np.argmax(window, axis=-1)
        values[..., i, j] = np.take_along_axis(window, best[..., None], -1)[..., 0]
        indices[..., i, j] = np.array(flat)[best]
    return values, indices


def scatter_reference(v, indices, size):
    """v added into zeros of `size` (last two dims) at the flat indices."""
    out = np.zeros(v.shape[:-2] + (size[0] * size[1],))
    for position in np.ndindex(*v.shape[:-2]):
        np.add.at(out[position], indices[position].ravel(), v[position].ravel())
    return out.reshape(v.shape[:-2] + tuple(size))


def avg_pool_reference(x, kernel, stride=None, padding=0, ceil_mode=False,
                       count_include_pad=True, divisor_override=None):
    kernel = _two(kernel)
    stride = kernel if stride is None else _two(stride)
    padding = _two(padding)
    h, w = x.shape[-2:]
    out = [_out_size(n, k, s, p, 1, ceil_mode)
           for n, k, s, p in zip((h, w), kernel, stride, padding)]
    y = np.zeros(x.shape[:-2] + tuple(out))
    for i, j in itertools.product(range(out[0]), range(out[1])):
        r0, c0 = i * stride[0] - padding[0], j * stride[1] - padding[1]
        r1, c1 = min(r0 + kernel[0], h + padding[0]), min(c0 + kernel[1], w + padding[1])
        padded_count = (r1 - r0) * (c1 - c0)
        r0, c0, r1, c1 = max(r0, 0), max(c0, 0), min(r1, h), min(c1, w)
        total = x[..., r0:r1, c0:c1].sum(axis=(-2, -1))
        divisor = divisor_override or (padded_count if count_include_pad
                                       else (r1 - r0) * (c1 - c0))
        y[..., i, j] = total / divisor
    return y


def _adaptive_windows(n, o):
    return [(i * n // o, -(-(i + 1) * n // o)) for i in range(o)]


def adaptive_reference(x, out, reduce):
    h, w = x.shape[-2:]
    y = np.zeros(x.shape[:-2] + tuple(out))
    for (i, (r0, r1)), (j, (c0, c1)) in itertools.product(
            enumerate(_adaptive_windows(h, out[0])), enumerate(_adaptive_windows(w, out[1]))):
        y[..., i, j] = reduce(x[..., r0:r1, c0:c1], axis=(-2, -1))
    return y


def adaptive_max_indices(x, out):
    h, w = x.shape[-2:]
    indices = np.zeros(x.shape[:-2] + tuple(out), np.int64)
    for (i, (r0, r1)), (j, (c0, c1)) in itertools.product(
            enumerate(_adaptive_windows(h, out[0])), enumerate(_adaptive_windows(w, out[1]))):
        window = x[..., r0:r1, c0:c1]
        best = np.argmax(window.reshape(x.shape[:-2] + (-1,)), axis=-1)
        indices[..., i, j] = (r0 + best // (c1 - c0)) * w + c0 + best % (c1 - c0)
    return indices


def as_1d(reference):
    """A 2-d reference applied to (..., L) as (..., 1, L)."""
    def fn(x, *args, **kwargs):
        result = reference(x[..., None, :], *args, **kwargs)
        if isinstance(result, tuple):
            return tuple(r[..., 0, :] for r in result)
        return result[..., 0, :]
    return fn


# ---------------------------------------------------------------------- inputs
x4 = _R.standard_normal((2, 2, 5, 6))
x3 = _R.standard_normal((2, 5, 5))
x1 = _R.standard_normal((2, 3, 7))
pooled = _R.standard_normal((2, 2, 2, 3))               # max_pool2d(x4, 2)'s shape
pooled_overlapping = _R.standard_normal((2, 2, 3, 4))   # max_pool2d(x4, 3, stride=1)'s
unpool_indices = max_pool_reference(x4, 2)[1]
avg_cotangent = _R.standard_normal((2, 2, 3, 4))         # avg_pool2d(x4, 3, 2, 1, True)'s
adaptive_cotangent = _R.standard_normal((2, 2, 3, 4))


SAMPLES: dict[str, list[Sample]] = {
    "max_pool2d": [
        Sample(lambda x: F.max_pool2d(x, 2), (x4,), lambda x: max_pool_reference(x, 2)[0]),
        Sample(lambda x: F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), (x4,),
               lambda x: max_pool_reference(x, 3, 2, 1, 1, True)[0],
               note="overlapping windows, padding, ceil_mode"),
        Sample(lambda x: F.max_pool2d(x, (2, 3), stride=(1, 2), padding=(1, 1),
                                      dilation=(2, 1)), (x4,),
               lambda x: max_pool_reference(x, (2, 3), (1, 2), (1, 1), (2, 1))[0]),
        Sample(lambda x: F.max_pool2d(x, 2, stride=1, return_indices=True), (x3,),
               lambda x: max_pool_reference(x, 2, 1), note="unbatched, with indices"),
        Sample(lambda x: F.max_pool1d(x, 3, stride=2, padding=1, ceil_mode=True,
                                      return_indices=True), (x1,),
               as_1d(lambda x: max_pool_reference(x, (1, 3), (1, 2), (0, 1), 1, True))),
    ],
    "max_pool2d_backward": [
        Sample(first_derivative(lambda x: F.max_pool2d(x, 2)), (x4, pooled),
               lambda x, v: scatter_reference(v, max_pool_reference(x, 2)[1], (5, 6)),
               nondiff=(0,), note="disjoint windows"),
        Sample(first_derivative(lambda x: F.max_pool2d(x, 3, stride=1)), (x4, pooled_overlapping),
               lambda x, v: scatter_reference(v, max_pool_reference(x, 3, 1)[1], (5, 6)),
               nondiff=(0,), note="overlapping windows: shared maxima add up"),
    ],
    "avg_pool2d": [
        Sample(lambda x: F.avg_pool2d(x, 2), (x4,), lambda x: avg_pool_reference(x, 2)),
        Sample(lambda x: F.avg_pool2d(x, (2, 3)), (x4[:, :, :4],),
               lambda x: avg_pool_reference(x, (2, 3)),
               note="windows that tile the input exactly"),
        Sample(lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), (x4,),
               lambda x: avg_pool_reference(x, 3, 2, 1, True),
               note="the divisor counts the padding, not what ceil_mode adds past it"),
        Sample(lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True,
                                      count_include_pad=False), (x4,),
               lambda x: avg_pool_reference(x, 3, 2, 1, True, False)),
        Sample(lambda x: F.avg_pool2d(x, (3, 2), stride=(2, 3), padding=(1, 1),
                                      divisor_override=5), (x4,),
               lambda x: avg_pool_reference(x, (3, 2), (2, 3), (1, 1), False, True, 5)),
        Sample(lambda x: F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False),
               (x3,), lambda x: avg_pool_reference(x, 3, 1, 1, False, False),
               note="unbatched"),
        Sample(lambda x: F.avg_pool1d(x, 4, stride=3, padding=2, ceil_mode=True,
                                      count_include_pad=False), (x1,),
               as_1d(lambda x: avg_pool_reference(x, (1, 4), (1, 3), (0, 2), True, False))),
        Sample(lambda x: F.avg_pool2d(x, 2), (x4.astype(np.float32),),
               lambda x: avg_pool_reference(x, 2).astype(np.float32),
               note="float32 stays float32"),
    ],
    "avg_pool2d_backward": [
        Sample(first_derivative(lambda x: F.avg_pool2d(x, 3, stride=2, padding=1,
                                                       ceil_mode=True)),
               (x4, avg_cotangent),
               lambda x, v: _avg_adjoint(v, x.shape, (3, 2, 1, True)), nondiff=(0,)),
    ],
    "adaptive_avg_pool2d": [
        Sample(lambda x: F.adaptive_avg_pool2d(x, (3, 4)), (x4,),
               lambda x: adaptive_reference(x, (3, 4), np.mean)),
        Sample(lambda x: F.adaptive_avg_pool2d(x, (7, 4)), (x3,),
               lambda x: adaptive_reference(x, (7, 4), np.mean),
               note="more outputs than inputs: windows overlap"),
        Sample(lambda x: F.adaptive_avg_pool1d(x, 4), (x1,),
               as_1d(lambda x: adaptive_reference(x, (1, 4), np.mean))),
    ],
    "adaptive_avg_pool2d_backward": [
        Sample(first_derivative(lambda x: F.adaptive_avg_pool2d(x, (3, 4))),
               (x4, adaptive_cotangent),
               lambda x, v: _adaptive_avg_adjoint(v, x.shape), nondiff=(0,)),
    ],
    "adaptive_max_pool2d": [
        Sample(lambda x: F.adaptive_max_pool2d(x, (3, 4), return_indices=True), (x4,),
               lambda x: (adaptive_reference(x, (3, 4), np.max),
                          adaptive_max_indices(x, (3, 4)))),
        Sample(lambda x: F.adaptive_max_pool2d(x, (7, 2)), (x3,),
               lambda x: adaptive_reference(x, (7, 2), np.max)),
        Sample(lambda x: F.adaptive_max_pool1d(x, 3), (x1,),
               as_1d(lambda x: adaptive_reference(x, (1, 3), np.max))),
    ],
    "adaptive_max_pool2d_backward": [
        Sample(first_derivative(lambda x: F.adaptive_max_pool2d(x, (3, 4))),
               (x4, adaptive_cotangent),
               lambda x, v: scatter_reference(v, adaptive_max_indices(x, (3, 4)), (5, 6)),
               nondiff=(0,)),
    ],
    "max_unpool2d": [
        Sample(lambda v, i: F.max_unpool2d(v, i, 2, output_size=(5, 6)),
               (pooled, unpool_indices),
               lambda v, i: scatter_reference(v, i, (5, 6))),
    ],
}


def _avg_adjoint(v, shape, options):
    """The gradient of avg_pool_reference: one unit input at a time (it is linear)."""
    grad = np.zeros(shape)
    for index in np.ndindex(*shape):
        unit = np.zeros(shape)
        unit[index] = 1.0
        grad[index] = np.sum(avg_pool_reference(unit, *options) * v)
    return grad


def _adaptive_avg_adjoint(v, shape):
    grad = np.zeros(shape)
    for index in np.ndindex(*shape):
        unit = np.zeros(shape)
        unit[index] = 1.0
        grad[index] = np.sum(adaptive_reference(unit, v.shape[-2:], np.mean) * v)
    return grad
