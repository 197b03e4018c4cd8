"""Shallow convolutions (ops/nn_conv.py: _convolve_shallow, _weight_gradient_shallow): few
input channels x kernel taps, computed a chunk of samples at a time, against the samples'
loop references, with chunks of one sample, of several (the last one short) and of the
whole batch."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ember.ops import nn_conv
from tests.samples.nn_conv import conv_reference, weight_gradient_reference

CASES = [  # (batch, in channels, out channels, spatial size, kernel, stride, padding,
    #         dilation, groups)
    (5, 1, 6, (12, 11), (5, 5), (1, 1), ((2, 2), (2, 2)), (1, 1), 1),  # LeNet's first layer
    (4, 4, 6, (9, 8), (3, 2), (2, 1), ((1, 0), (0, 1)), (1, 2), 2),
    (3, 2, 3, (10,), (4,), (3,), ((2, 1),), (2,), 1),
    (2, 2, 4, (5, 4, 6), (2, 2, 3), (1, 2, 1), ((1, 1), (0, 0), (1, 0)), (1, 1, 2), 2),
]


@pytest.mark.parametrize("chunk_values", [1, 200, 1 << 30], ids=["1", "some", "all"])
@pytest.mark.parametrize("n, c, o, size, kernel, stride, padding, dilation, groups", CASES)
def test_convolution_and_weight_gradient(monkeypatch, chunk_values, n, c, o, size, kernel,
                                         stride, padding, dilation, groups):
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", chunk_values)
    rng = np.random.default_rng(n + c + o)
    x = rng.standard_normal((n, c) + size)
    w = rng.standard_normal((o, c // groups) + kernel)
    assert c // groups * math.prod(kernel) <= nn_conv._SHALLOW
    assert nn_conv._shallow(x.shape, w.shape, groups)
    pairs = [tuple(p) for p in padding]
    expected = conv_reference(x, w, None, stride, pairs, dilation, groups)
    got = nn_conv._convolve(x, w, stride, padding, dilation, groups)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    v = rng.standard_normal(expected.shape)
    weight = nn_conv._weight_gradient(x, v, w.shape, stride, padding, dilation, groups)
    np.testing.assert_allclose(
        weight, weight_gradient_reference(
            lambda u: conv_reference(x, u, None, stride, pairs, dilation, groups), w.shape,
            v), rtol=1e-12, atol=1e-12)
    assert got.dtype == weight.dtype == np.float64
