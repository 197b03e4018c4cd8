"""Pooling modules and functions: shapes, module attributes, indices and unpooling, ties,
nan, -inf padding, divisors, second derivatives, and that gradients of float32 stay
float32."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(12)


def _t(*shape: int, grad: bool = True) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), requires_grad=grad)


@pytest.mark.parametrize("module, shape, out_shape", [
    (lambda: nn.MaxPool2d(2), (2, 3, 6, 7), (2, 3, 3, 3)),
    (lambda: nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), (1, 2, 6, 6), (1, 2, 4, 4)),
    (lambda: nn.MaxPool1d(3, stride=2), (2, 3, 9), (2, 3, 4)),
    (lambda: nn.AvgPool2d((2, 3), stride=1), (3, 5, 5), (3, 4, 3)),
    (lambda: nn.AvgPool1d(2), (2, 3, 9), (2, 3, 4)),
    (lambda: nn.AdaptiveAvgPool2d((3, None)), (2, 2, 7, 5), (2, 2, 3, 5)),
    (lambda: nn.AdaptiveAvgPool2d(1), (2, 2, 7, 5), (2, 2, 1, 1)),
    (lambda: nn.AdaptiveAvgPool1d(4), (2, 3, 10), (2, 3, 4)),
    (lambda: nn.AdaptiveMaxPool2d(2), (2, 5, 6), (2, 2, 2)),
    (lambda: nn.AdaptiveMaxPool1d(3), (2, 3, 10), (2, 3, 3)),
])
def test_modules_shapes_and_float32_gradients(module, shape, out_shape):
    x = _t(*shape, grad=False).float().requires_grad_()
    y = module()(x)
    assert tuple(y.shape) == out_shape
    assert y.dtype == ember.float32
    y.sum().backward()
    assert x.grad.dtype == ember.float32 and x.grad.shape == x.shape
    assert list(module().parameters()) == []


def test_max_pool_returns_indices_that_unpool_back():
    x = _t(2, 3, 6, 6, grad=False).abs() + 1  # positive: the zeros unpooling adds never win
    pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    y, indices = pool(x)
    assert indices.dtype == ember.int64
    restored = unpool(y, indices)
    mask = restored.numpy() != 0
    np.testing.assert_array_equal(restored.numpy()[mask], x.numpy()[mask])
    assert mask.sum() == y.numel()
    again, _ = pool(restored)
    np.testing.assert_array_equal(again.numpy(), y.numpy())


def test_ties_go_to_the_first_element_in_scan_order():
    x = ember.tensor([[[[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0]]]],
                     requires_grad=True)
    y, indices = F.max_pool2d(x, 2, stride=1, return_indices=True)
    np.testing.assert_array_equal(indices.numpy()[0, 0], [[0, 1], [3, 4]])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy()[0, 0], [[1, 1, 0], [1, 1, 0], [0, 0, 0]])


def test_max_pool_pads_with_minus_infinity_and_propagates_nan():
    x = -ember.ones(1, 1, 2, 2) * 5
    assert F.max_pool2d(x, 2, stride=1, padding=1).max().item() == -5
    nan = ember.tensor([[[[float("nan"), 1.0], [2.0, 3.0]]]])
    assert np.isnan(F.max_pool2d(nan, 2).item())


def test_avg_pool_divisors():
    ones = ember.ones(1, 1, 6, 6)
    included = F.avg_pool2d(ones, 3, stride=2, padding=1, ceil_mode=True).numpy()[0, 0]
    # corner: 4 of 9 inside; last row/column: the window past the padding is not counted
    assert included[0, 0] == pytest.approx(4 / 9)
    assert included[-1, -1] == pytest.approx(1 / 4)
    excluded = F.avg_pool2d(ones, 3, stride=2, padding=1, ceil_mode=True,
                            count_include_pad=False)
    np.testing.assert_allclose(excluded.numpy(), 1.0)
    override = F.avg_pool2d(ones, 2, divisor_override=3)
    np.testing.assert_allclose(override.numpy(), 4 / 3, rtol=1e-6)


@pytest.mark.parametrize("size, kernel, override", [((6, 8), (2, 2), None), ((7, 9), (2, 3), None),
                                                    ((6, 6), (3, 2), 5)])
def test_tiling_avg_pool_sums_in_scan_order_and_divides_once(size, kernel, override):
    """Windows that tile the input (stride = kernel): torch's kernel adds each window in
    scan order and divides the sum once; float32 results match that exactly, and the
    gradient is g / divisor on every position a window covers (zero on the rows and
    columns past the last window)."""
    x = _R.standard_normal((2, 3) + size).astype(np.float32)
    xt = ember.tensor(x, requires_grad=True)
    out = F.avg_pool2d(xt, kernel, divisor_override=override)
    (kh, kw), divisor = kernel, np.float32(override or kernel[0] * kernel[1])
    oh, ow = size[0] // kh, size[1] // kw
    total = np.zeros((2, 3, oh, ow), np.float32)
    for i in range(kh):
        for j in range(kw):
            total = total + x[..., i:oh * kh:kh, j:ow * kw:kw]
    np.testing.assert_array_equal(out.detach().numpy(), total / divisor)
    g = _R.standard_normal((2, 3, oh, ow)).astype(np.float32)
    out.backward(ember.tensor(g))
    expected = np.zeros_like(x)
    expected[..., :oh * kh, :ow * kw] = np.repeat(np.repeat(g / divisor, kh, -2), kw, -1)
    np.testing.assert_array_equal(xt.grad.numpy(), expected)


def test_adaptive_avg_pool_of_one_is_a_mean():
    x = _t(2, 3, 5, 4)
    y = F.adaptive_avg_pool2d(x, 1)
    assert type(y.grad_fn).__name__ == "MeanBackward1"
    np.testing.assert_allclose(y.detach().numpy(), x.detach().numpy().mean((2, 3),
                                                                          keepdims=True))


@pytest.mark.parametrize("function", [
    lambda x: F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True),
    lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False),
    lambda x: F.adaptive_avg_pool2d(x, (4, 3)),
    lambda x: F.adaptive_max_pool2d(x, (3, 2)),
    lambda x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2),
], ids=["max", "avg", "adaptive_avg", "adaptive_max", "unpool"])
def test_first_and_second_derivatives(function):
    x = _t(1, 2, 5, 6)
    assert gradcheck(lambda t: function(t) ** 2, (x,))
    assert gradgradcheck(lambda t: function(t) ** 2, (x,))


def test_integer_pooling_keeps_the_dtype():
    x = ember.arange(32).reshape(2, 1, 4, 4)
    assert F.max_pool2d(x, 2).dtype == ember.int64
    avg = F.avg_pool2d(x, 2)
    assert avg.dtype == ember.int64
    np.testing.assert_array_equal(avg.numpy()[0, 0], [[2, 4], [10, 12]])
    with pytest.raises(NotImplementedError, match="adaptive_avg_pool2d"):
        F.adaptive_avg_pool2d(x, 2)


def test_jacobian_through_pooling_uses_one_batched_pass():
    x = _t(1, 2, 4, 4, grad=False)
    jacobian = ember.autograd.functional.jacobian(lambda t: F.avg_pool2d(t, 2).sin(), x)
    rows = ember.autograd.functional.jacobian(
        lambda t: F.avg_pool2d(t, 2).sin(), x, vectorize=False)
    np.testing.assert_allclose(jacobian.numpy(), rows.numpy(), rtol=1e-12)


@pytest.mark.parametrize("function", [
    lambda x: F.max_pool2d(x, 2), lambda x: F.max_pool2d(x, 3, 1, 1),
    lambda x: F.avg_pool2d(x, 2), lambda x: F.adaptive_avg_pool2d(x, 2),
    lambda x: F.adaptive_max_pool2d(x, 2),
], ids=["max", "max_overlapping", "avg", "adaptive_avg", "adaptive_max"])
def test_empty_batch(function):
    x = _t(0, 3, 4, 4)
    y = function(x)
    assert y.shape[0] == 0
    y.sum().backward()
    assert tuple(x.grad.shape) == (0, 3, 4, 4)


def test_adaptive_pooling_to_nothing():
    x = _t(2, 3, 4, 4)
    assert tuple(F.adaptive_max_pool2d(x, 0).shape) == (2, 3, 0, 0)
    assert tuple(F.adaptive_avg_pool2d(x, (0, 2)).shape) == (2, 3, 0, 2)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("kh", [1, 2, 3])
def test_tiled_gradient_copies_the_bits(dtype, kh):
    """The tiling average pool's gradient spread (nn_pooling._tiled; windows two wide on 2-
    or 4-byte values take doubled-bit pairs): every value's bits, -0.0 and NaN included,
    on each position of its window."""
    from ember.ops import nn_pooling

    share = _R.standard_normal((2, 3, 4, 5)).astype(dtype)
    share[0, 0, 0, :2] = [-0.0, np.nan]
    got = nn_pooling._tiled(share, (kh, 2), (4 * kh, 10))
    want = np.repeat(np.repeat(share, kh, -2), 2, -1)
    assert got.dtype == dtype and got.shape == want.shape
    np.testing.assert_array_equal(got.view(np.uint8), want.view(np.uint8))
