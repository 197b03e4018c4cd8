"""The stride-1 convolution kernels over the flat layout (ops/nn_conv.py: _convolve_flat,
_convolve_transposed_flat, _weight_gradient_flat) against the samples' loop references.

The op-table samples are too small for the flat layout to pay, so here its thresholds are
lowered to force it, at every split between copied and sliced taps."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.ops import nn_conv
from tests.samples.nn_conv import (
    conv_reference,
    conv_transpose_reference,
    weight_gradient_reference,
)

CASES = [  # (spatial size, kernel, padding, dilation, groups)
    ((7, 6), (3, 2), (1, 0), (1, 2), 2),
    ((6, 6), (3, 3), (1, 1), (1, 1), 1),
    ((5, 7), (2, 3), ((0, 1), (2, 1)), (2, 1), 1),
    ((9,), (4,), (2,), (2,), 2),
    ((4, 5, 3), (2, 2, 2), (1, 0, 1), (1, 1, 1), 1),
]


@pytest.fixture(params=[1, 3, 1000], ids=["no-copy", "last-dim-copied", "all-copied"])
def forced(request, monkeypatch):
    """The flat layout taken whatever the junk; depth 1 slices every tap, 3 copies the last
    dim's taps, 1000 copies all (the plan then declines, leaving the strided windows)."""
    monkeypatch.setattr(nn_conv, "_MAX_SPREAD", 100.0)
    monkeypatch.setattr(nn_conv, "_MIN_DEPTH", request.param)
    return request.param


def _pairs(padding):
    return [p if isinstance(p, tuple) else (p, p) for p in padding]


@pytest.mark.parametrize("size, kernel, padding, dilation, groups", CASES)
def test_convolution_and_its_gradients(forced, size, kernel, padding, dilation, groups):
    rng = np.random.default_rng(len(size) + groups)
    nd = len(size)
    x = rng.standard_normal((2, 4) + size)
    w = rng.standard_normal((6, 4 // groups) + kernel)
    pairs = _pairs(padding)
    expected = conv_reference(x, w, None, 1, pairs, dilation, groups)
    got = nn_conv._convolve(x, w, (1,) * nd, tuple(pairs), dilation, groups)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    v = rng.standard_normal(expected.shape)
    weight = nn_conv._weight_gradient(x, v, w.shape, (1,) * nd, tuple(pairs), dilation,
                                      groups)
    np.testing.assert_allclose(
        weight, weight_gradient_reference(
            lambda u: conv_reference(x, u, None, 1, pairs, dilation, groups), w.shape, v),
        rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("padding, output_padding", [((1, 1), (0, 0)), ((0, 2), (1, 0)),
                                                     ((2, 1), (0, 1))])
def test_transposed_convolution(forced, padding, output_padding):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 4, 4, 5))
    w = rng.standard_normal((4, 3, 3, 2))
    got = F.conv_transpose2d(ember.tensor(x), ember.tensor(w), padding=padding,
                             output_padding=output_padding, groups=1, dilation=(2, 2))
    expected = conv_transpose_reference(x, w, None, 1, padding, output_padding, 1, (2, 2))
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12, atol=1e-12)


def test_a_resnet_sized_convolution_takes_the_flat_layout(monkeypatch):
    """Without Winograd's F(4x4, 3x3) (which takes this shape first, see
    test_conv_winograd.py), a stride-1 convolution with many channels is tried on the flat
    layout."""
    monkeypatch.setattr(nn_conv._winograd, "suitable", lambda *args: False)
    calls = []
    original = nn_conv._convolve_flat

    def counting(*args):
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(nn_conv, "_convolve_flat", counting)
    x = ember.randn(2, 64, 8, 8, requires_grad=True)
    w = ember.randn(64, 64, 3, 3, requires_grad=True)
    F.conv2d(x, w, padding=1).sum().backward()
    assert len(calls) == 2  # the forward, and the input gradient as a flipped convolution


@pytest.mark.parametrize("width", [5, 17], ids=["samples-innermost", "positions-innermost"])
def test_strided_transposed_convolution_in_both_column_layouts(width):
    """_convolve_transposed puts samples innermost for short image rows (_SHORT_ROWS)."""
    assert (width < nn_conv._SHORT_ROWS) == (width == 5)
    rng = np.random.default_rng(width)
    x = rng.standard_normal((3, 4, 3, width))
    w = rng.standard_normal((4, 2, 3, 2))
    got = F.conv_transpose2d(ember.tensor(x), ember.tensor(w), stride=2, padding=1,
                             output_padding=1, groups=2)
    expected = conv_transpose_reference(x, w, None, 2, 1, 1, 2)
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("width", [9, 40], ids=["samples-innermost", "positions-innermost"])
def test_strided_convolution_in_both_column_layouts(width):
    """_convolve and _weight_gradient copy windows with samples innermost when the output's
    rows are short (under _SHORT_ROWS)."""
    rng = np.random.default_rng(width)
    x = rng.standard_normal((2, 4, 5, width))
    w = rng.standard_normal((6, 2, 3, 2))
    pairs = ((1, 1), (0, 0))
    expected = conv_reference(x, w, None, (1, 2), [(1, 1), (0, 0)], (1, 2), 2)
    assert (expected.shape[-1] < nn_conv._SHORT_ROWS) == (width == 9)
    got = nn_conv._convolve(x, w, (1, 2), pairs, (1, 2), 2)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    v = rng.standard_normal(expected.shape)
    weight = nn_conv._weight_gradient(x, v, w.shape, (1, 2), pairs, (1, 2), 2)
    np.testing.assert_allclose(
        weight, weight_gradient_reference(
            lambda u: conv_reference(x, u, None, (1, 2), [(1, 1), (0, 0)], (1, 2), 2),
            w.shape, v), rtol=1e-12, atol=1e-12)
