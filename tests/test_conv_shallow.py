"""Shallow convolutions (ops/nn_conv.py: _convolve_shallow, _weight_gradient_shallow): few
input channels x kernel taps, computed a chunk of samples at a time, against the samples'
loop references, with chunks of one sample, of several (the last one short) and of the
whole batch; stride-1 ones over flat runs (ops/_conv_shallow_flat.py) too."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.ops import _conv_shallow_flat, nn_conv
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


# Stride-1 shallow convolutions whose padded rows are at most 1.3x the output rows take the
# flat runs (ops/_conv_shallow_flat.py): columns copied as runs of whole padded rows, the
# positions past each output row's end computed and cropped.
FLAT_CASES = [  # (batch, in channels, out channels, spatial size, kernel, padding, dilation,
    #              groups)
    (5, 1, 6, (20, 18), (5, 5), ((2, 2), (2, 2)), (1, 1), 1),  # LeNet's first layer's kind
    (4, 4, 6, (9, 13), (3, 2), ((1, 0), (0, 1)), (1, 2), 2),
    (3, 2, 3, (10,), (4,), ((2, 1),), (2,), 1),
    (2, 2, 4, (3, 12, 12), (2, 2, 2), ((1, 0), (0, 0), (1, 1)), (1, 1, 1), 2),
]


def _flat_case(n, c, o, size, kernel, padding, dilation, groups):
    rng = np.random.default_rng(n + c + o + len(size))
    x = rng.standard_normal((n, c) + size)
    w = rng.standard_normal((o, c // groups) + kernel)
    assert nn_conv._shallow(x.shape, w.shape, groups)
    assert _conv_shallow_flat.plan(size, kernel, padding, dilation, (1,) * len(size))
    return rng, x, w


@pytest.mark.parametrize("chunk_values", [1, 200, 1 << 30], ids=["1", "some", "all"])
@pytest.mark.parametrize("n, c, o, size, kernel, padding, dilation, groups", FLAT_CASES)
def test_flat_runs(monkeypatch, chunk_values, n, c, o, size, kernel, padding, dilation,
                   groups):
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", chunk_values)
    rng, x, w = _flat_case(n, c, o, size, kernel, padding, dilation, groups)
    stride = (1,) * len(size)
    expected = conv_reference(x, w, None, stride, list(padding), dilation, groups)
    got = nn_conv._convolve(x, w, stride, padding, dilation, groups)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    v = rng.standard_normal(expected.shape)
    want = weight_gradient_reference(
        lambda u: conv_reference(x, u, None, stride, list(padding), dilation, groups),
        w.shape, v)
    weight = nn_conv._weight_gradient(x, v, w.shape, stride, padding, dilation, groups)
    np.testing.assert_allclose(weight, want, rtol=1e-12, atol=1e-12)
    assert got.dtype == weight.dtype == np.float64


@pytest.mark.parametrize("groups", [1, 3])
def test_flat_runs_take_the_bias_into_the_product(groups):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3, 3, 12, 11))
    w, b = rng.standard_normal((6, 3 // groups, 3, 3)), rng.standard_normal(6)
    assert _conv_shallow_flat.plan((12, 11), (3, 3), ((1, 1), (1, 1)), (1, 1), (1, 1))
    got = F.conv2d(ember.tensor(x), ember.tensor(w), ember.tensor(b), padding=1,
                   groups=groups).numpy()
    want = conv_reference(x, w, b, (1, 1), [(1, 1)] * 2, (1, 1), groups)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_flat_runs_keep_the_padded_input(monkeypatch):
    """The forward's padded flat input serves the weight gradient (no second padding),
    through the op as LeNet's first layer runs it; float32 stays float32."""
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", 3000)  # several chunks, the last short
    calls = []
    original = _conv_shallow_flat._padded_flat
    monkeypatch.setattr(_conv_shallow_flat, "_padded_flat",
                        lambda *a: calls.append(1) or original(*a))
    rng = np.random.default_rng(6)
    x = rng.standard_normal((7, 1, 20, 18))
    w = rng.standard_normal((3, 1, 5, 5))
    wt = ember.tensor(w.astype(np.float32), requires_grad=True)
    out = F.conv2d(ember.tensor(x.astype(np.float32)), wt, padding=2)
    assert out.dtype == ember.float32 and len(calls) == 1
    v = rng.standard_normal(tuple(out.shape))
    (out * ember.tensor(v.astype(np.float32))).sum().backward()
    assert len(calls) == 1 and wt.grad.dtype == ember.float32
    want = weight_gradient_reference(
        lambda u: conv_reference(x, u, None, 1, [(2, 2)] * 2, 1, 1), w.shape, v)
    np.testing.assert_allclose(wt.grad.numpy(), want, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(
        out.detach().numpy(), conv_reference(x, w, None, 1, [(2, 2)] * 2, 1, 1),
        rtol=1e-4, atol=1e-4)
