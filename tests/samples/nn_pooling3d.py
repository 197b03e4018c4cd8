"""Samples for the 3-D pooling ops (ops/nn_pooling.py, ops/nn_pooling3d.py), fractional
max pooling (ops/nn_pooling_fractional.py) and their gradient ops (reached through
create_graph=True), with NumPy references written as loops over output positions.

Inputs are random normals: no two elements of a window tie, so finite differences never
straddle a change of maximum.
"""

from __future__ import annotations

import itertools

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng
from tests.samples.nn_pooling import _out_size, scatter_reference
from tests.samples.shape import first_derivative

_R = rng(303)


def _three(v):
    return (v,) * 3 if isinstance(v, int) else tuple(v)


def _windows(size, kernel, stride, padding, dilation, ceil_mode):
    """For each output position, the in-bounds flat indices of its window and the window's
    span clipped to the padded input (for average pooling's divisor)."""
    out = [_out_size(n, k, s, p, d, ceil_mode)
           for n, k, s, p, d in zip(size, kernel, stride, padding, dilation)]
    windows = {}
    for position in itertools.product(*(range(o) for o in out)):
        axes, padded = [], 1
        for n, k, s, p, d, i in zip(size, kernel, stride, padding, dilation, position):
            start = i * s - p
            axes.append([start + a * d for a in range(k) if 0 <= start + a * d < n])
            padded *= min(start + k, n + p) - start
        flat = [int(np.ravel_multi_index(point, size)) for point in itertools.product(*axes)]
        windows[position] = (flat, padded)
    return out, windows


def max_pool3d_reference(x, kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    kernel = _three(kernel)
    stride = kernel if stride is None else _three(stride)
    size = x.shape[-3:]
    out, windows = _windows(size, kernel, stride, _three(padding), _three(dilation), ceil_mode)
    values = np.zeros(x.shape[:-3] + tuple(out))
    indices = np.zeros(x.shape[:-3] + tuple(out), np.int64)
    flat_x = x.reshape(x.shape[:-3] + (-1,))
    for position, (flat, _) in windows.items():
        window = flat_x[..., flat]
        best = np.argmax(window, axis=-1)
        values[(Ellipsis,) + position] = np.take_along_axis(window, best[..., None], -1)[..., 0]
        indices[(Ellipsis,) + position] = np.array(flat)[best]
    return values, indices


def avg_pool3d_reference(x, kernel, stride=None, padding=0, ceil_mode=False,
                         count_include_pad=True, divisor_override=None):
    kernel = _three(kernel)
    stride = kernel if stride is None else _three(stride)
    out, windows = _windows(x.shape[-3:], kernel, stride, _three(padding), (1, 1, 1),
                            ceil_mode)
    y = np.zeros(x.shape[:-3] + tuple(out))
    flat_x = x.reshape(x.shape[:-3] + (-1,))
    for position, (flat, padded) in windows.items():
        divisor = divisor_override or (padded if count_include_pad else len(flat))
        y[(Ellipsis,) + position] = flat_x[..., flat].sum(axis=-1) / divisor
    return y


def _adaptive_ranges(n, o):
    return [range(i * n // o, -(-(i + 1) * n // o)) for i in range(o)]


def adaptive3d_reference(x, out, reduce):
    size = x.shape[-3:]
    y = np.zeros(x.shape[:-3] + tuple(out))
    indices = np.zeros(x.shape[:-3] + tuple(out), np.int64)
    flat_x = x.reshape(x.shape[:-3] + (-1,))
    ranges = [_adaptive_ranges(n, o) for n, o in zip(size, out)]
    for position in itertools.product(*(range(o) for o in out)):
        axes = [ranges[d][position[d]] for d in range(3)]
        flat = [int(np.ravel_multi_index(p, size)) for p in itertools.product(*axes)]
        window = flat_x[..., flat]
        y[(Ellipsis,) + position] = reduce(window, axis=-1)
        indices[(Ellipsis,) + position] = np.array(flat)[np.argmax(window, axis=-1)]
    return y, indices


def _linear_adjoint(reference, v, shape):
    """The gradient of a linear reference: one unit input at a time."""
    grad = np.zeros(shape)
    for index in np.ndindex(*shape):
        unit = np.zeros(shape)
        unit[index] = 1.0
        grad[index] = np.sum(reference(unit) * v)
    return grad


# ---------------------------------------------------------------------- fractional
def _starts(sample, size, out, kernel):
    starts = np.zeros(out, np.int64)
    if out > 1:
        alpha = (size - kernel) / (out - 1)
        for i in range(out - 1):
            starts[i] = int((i + sample) * alpha) - int(sample * alpha)
    starts[out - 1] = size - kernel
    return starts


def fractional_reference(x, samples, kernel, out):
    """(values, indices) of fractional max pooling of (N, C, *size); samples (N, C, nd):
    sample 0 moves the width and 1 the height in 2-D, sample d dim d in 3-D."""
    nd = len(kernel)
    size = x.shape[2:]
    order = (1, 0) if nd == 2 else (0, 1, 2)
    values = np.zeros(x.shape[:2] + tuple(out))
    indices = np.zeros(x.shape[:2] + tuple(out), np.int64)
    for n, c in np.ndindex(*x.shape[:2]):
        starts = [_starts(samples[n, c, order[d]], size[d], out[d], kernel[d])
                  for d in range(nd)]
        for position in itertools.product(*(range(o) for o in out)):
            axes = [range(starts[d][position[d]], starts[d][position[d]] + kernel[d])
                    for d in range(nd)]
            flat = [int(np.ravel_multi_index(p, size)) for p in itertools.product(*axes)]
            window = x[n, c].ravel()[flat]
            best = int(np.argmax(window))
            values[(n, c) + position] = window[best]
            indices[(n, c) + position] = flat[best]
    return values, indices


# ---------------------------------------------------------------------- inputs
x5 = _R.standard_normal((2, 2, 4, 5, 6))
x4 = _R.standard_normal((2, 4, 5, 5))
pooled = _R.standard_normal((2, 2, 2, 2, 3))          # max_pool3d(x5, 2)'s shape
pooled_overlapping = _R.standard_normal((2, 2, 3, 3, 4))  # max_pool3d(x5, 2, stride=1, ...)
unpool_indices = max_pool3d_reference(x5, 2)[1]
avg_cotangent = _R.standard_normal((2, 2, 3, 3, 4))       # avg_pool3d(x5, 3, 2, 1, True)'s
adaptive_cotangent = _R.standard_normal((2, 2, 2, 3, 4))
frac2_input = _R.standard_normal((2, 3, 7, 8))
frac2_samples = _R.random((2, 3, 2))
frac3_input = _R.standard_normal((2, 2, 6, 7, 5))
frac3_samples = _R.random((2, 2, 3))
frac2_cotangent = _R.standard_normal((2, 3, 4, 5))
frac3_cotangent = _R.standard_normal((2, 2, 3, 4, 3))


def _frac2(x, s):
    return F.fractional_max_pool2d(x, (3, 2), output_size=(4, 5), return_indices=True,
                                   _random_samples=s)


def _frac3(x, s):
    return F.fractional_max_pool3d(x, (2, 3, 2), output_size=(3, 4, 3), return_indices=True,
                                   _random_samples=s)


SAMPLES: dict[str, list[Sample]] = {
    "max_pool3d": [
        Sample(lambda x: F.max_pool3d(x, 2), (x5,), lambda x: max_pool3d_reference(x, 2)[0]),
        Sample(lambda x: F.max_pool3d(x, (2, 3, 2), stride=(1, 2, 2), padding=(1, 1, 0),
                                      dilation=(2, 1, 1), ceil_mode=True, return_indices=True),
               (x5,), lambda x: max_pool3d_reference(x, (2, 3, 2), (1, 2, 2), (1, 1, 0),
                                                     (2, 1, 1), True),
               note="overlapping windows, padding, dilation, ceil_mode, with indices"),
        Sample(lambda x: F.max_pool3d(x, 3, stride=2, padding=1), (x4,),
               lambda x: max_pool3d_reference(x, 3, 2, 1)[0], note="unbatched"),
    ],
    "max_pool3d_backward": [
        Sample(first_derivative(lambda x: F.max_pool3d(x, 2)), (x5, pooled),
               lambda x, v: scatter_reference(
                   v.reshape(v.shape[:2] + (1, -1)),
                   max_pool3d_reference(x, 2)[1].reshape(v.shape[:2] + (1, -1)),
                   (1, 120)).reshape(x.shape), nondiff=(0,), note="disjoint windows"),
        Sample(first_derivative(lambda x: F.max_pool3d(x, 2, stride=1, padding=(0, 0, 1))),
               (x5, _R.standard_normal((2, 2, 3, 4, 7))),
               lambda x, v: scatter_reference(
                   v.reshape(v.shape[:2] + (1, -1)),
                   max_pool3d_reference(x, 2, 1, (0, 0, 1))[1].reshape(v.shape[:2] + (1, -1)),
                   (1, 120)).reshape(x.shape), nondiff=(0,),
               note="overlapping windows: shared maxima add up"),
    ],
    "avg_pool3d": [
        Sample(lambda x: F.avg_pool3d(x, 2), (x5,), lambda x: avg_pool3d_reference(x, 2)),
        Sample(lambda x: F.avg_pool3d(x, 3, stride=2, padding=1, ceil_mode=True), (x5,),
               lambda x: avg_pool3d_reference(x, 3, 2, 1, True),
               note="the divisor counts the padding, not what ceil_mode adds past it"),
        Sample(lambda x: F.avg_pool3d(x, (2, 3, 3), stride=(1, 2, 2), padding=(1, 1, 1),
                                      count_include_pad=False), (x4,),
               lambda x: avg_pool3d_reference(x, (2, 3, 3), (1, 2, 2), (1, 1, 1), False,
                                              False), note="unbatched"),
        Sample(lambda x: F.avg_pool3d(x, (3, 2, 2), stride=(2, 1, 3), padding=(1, 0, 1),
                                      divisor_override=5), (x5,),
               lambda x: avg_pool3d_reference(x, (3, 2, 2), (2, 1, 3), (1, 0, 1), False,
                                              True, 5)),
        Sample(lambda x: F.avg_pool3d(x, 2), (x5.astype(np.float32),),
               lambda x: avg_pool3d_reference(x, 2).astype(np.float32),
               note="float32 stays float32"),
    ],
    "avg_pool3d_backward": [
        Sample(first_derivative(lambda x: F.avg_pool3d(x, 3, stride=2, padding=1,
                                                       ceil_mode=True)),
               (x5, avg_cotangent),
               lambda x, v: _linear_adjoint(lambda u: avg_pool3d_reference(u, 3, 2, 1, True),
                                            v, x.shape), nondiff=(0,)),
    ],
    "adaptive_avg_pool3d": [
        Sample(lambda x: F.adaptive_avg_pool3d(x, (2, 3, 4)), (x5,),
               lambda x: adaptive3d_reference(x, (2, 3, 4), np.mean)[0]),
        Sample(lambda x: F.adaptive_avg_pool3d(x, (3, None, 7)), (x4,),
               lambda x: adaptive3d_reference(x, (3, 5, 7), np.mean)[0],
               note="None keeps a size; more outputs than inputs: windows overlap"),
    ],
    "adaptive_avg_pool3d_backward": [
        Sample(first_derivative(lambda x: F.adaptive_avg_pool3d(x, (2, 3, 4))),
               (x5, adaptive_cotangent),
               lambda x, v: _linear_adjoint(
                   lambda u: adaptive3d_reference(u, (2, 3, 4), np.mean)[0], v, x.shape),
               nondiff=(0,)),
    ],
    "adaptive_max_pool3d": [
        Sample(lambda x: F.adaptive_max_pool3d(x, (2, 3, 4), return_indices=True), (x5,),
               lambda x: adaptive3d_reference(x, (2, 3, 4), np.max)),
        Sample(lambda x: F.adaptive_max_pool3d(x, (3, 2, 7)), (x4,),
               lambda x: adaptive3d_reference(x, (3, 2, 7), np.max)[0]),
    ],
    "adaptive_max_pool3d_backward": [
        Sample(first_derivative(lambda x: F.adaptive_max_pool3d(x, (2, 3, 4))),
               (x5, adaptive_cotangent),
               lambda x, v: _linear_adjoint(
                   lambda u: np.take_along_axis(
                       u.reshape(u.shape[:2] + (-1,)),
                       adaptive3d_reference(x, (2, 3, 4), np.max)[1].reshape(
                           u.shape[:2] + (-1,)), -1).reshape(v.shape), v, x.shape),
               nondiff=(0,)),
    ],
    "max_unpool3d": [
        Sample(lambda v, i: F.max_unpool3d(v, i, 2, output_size=(4, 5, 6)),
               (pooled, unpool_indices),
               lambda v, i: scatter_reference(v.reshape(v.shape[:2] + (1, -1)),
                                              i.reshape(i.shape[:2] + (1, -1)),
                                              (1, 120)).reshape(v.shape[:2] + (4, 5, 6))),
    ],
    "max_unpool2d": [
        Sample(lambda v, i: F.max_unpool1d(v[0, 0], i[0, 0], 2, output_size=(9,)),
               (_R.standard_normal((1, 1, 3, 4)),
                np.array([[[[0, 3, 5, 6], [1, 2, 4, 7], [0, 2, 5, 8]]]])),
               lambda v, i: scatter_reference(v[0, 0][:, None, :], i[0, 0][:, None, :],
                                              (1, 9))[:, 0, :],
               note="max_unpool1d: max_unpool2d on a width of 1"),
    ],
    "fractional_max_pool2d": [
        Sample(_frac2, (frac2_input, frac2_samples),
               lambda x, s: fractional_reference(x, s, (3, 2), (4, 5)), nondiff=(1,)),
        Sample(lambda x, s: F.fractional_max_pool2d(x[0], 2, output_ratio=(0.5, 0.5),
                                                    _random_samples=s[:1]),
               (frac2_input, frac2_samples),
               lambda x, s: fractional_reference(x[:1], s[:1], (2, 2), (3, 4))[0][0],
               nondiff=(1,), note="unbatched, output_ratio"),
    ],
    "fractional_max_pool2d_backward": [
        Sample(first_derivative(lambda x: _frac2(x, ember.tensor(frac2_samples))[0]),
               (frac2_input, frac2_cotangent),
               lambda x, v: scatter_reference(
                   v, fractional_reference(x, frac2_samples, (3, 2), (4, 5))[1], (7, 8)),
               nondiff=(0,)),
    ],
    "fractional_max_pool3d": [
        Sample(_frac3, (frac3_input, frac3_samples),
               lambda x, s: fractional_reference(x, s, (2, 3, 2), (3, 4, 3)), nondiff=(1,)),
    ],
    "fractional_max_pool3d_backward": [
        Sample(first_derivative(lambda x: _frac3(x, ember.tensor(frac3_samples))[0]),
               (frac3_input, frac3_cotangent),
               lambda x, v: scatter_reference(
                   v.reshape(v.shape[:2] + (1, -1)),
                   fractional_reference(x, frac3_samples, (2, 3, 2), (3, 4, 3))[1].reshape(
                       v.shape[:2] + (1, -1)), (1, 210)).reshape(x.shape),
               nondiff=(0,)),
    ],
}


# ---------------------------------------------------------------------- cross_map_lrn2d
def _lrn_reference(x, size, alpha, beta, k):
    """One channel: x * (k + alpha / size * x^2) ** -beta (on more channels torch's running
    sums have windows of their own; tests/reference/cases_nn_more.py compares those)."""
    return x * (k + alpha / size * x * x) ** -beta


SAMPLES["cross_map_lrn2d"] = [
    Sample(lambda x: ember.nn.CrossMapLRN2d(3, alpha=0.5, beta=0.75, k=1.5)(x),
           (_R.standard_normal((2, 1, 3, 4)),), lambda x: _lrn_reference(x, 3, 0.5, 0.75, 1.5),
           second_order=False,
           note="one channel, where torch's gradient is the forward's derivative; torch "
                "refuses a second derivative"),
]
