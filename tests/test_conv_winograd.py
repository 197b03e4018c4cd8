"""Winograd's F(4x4, 3x3) for stride-1 3x3 convolutions (ops/_winograd.py) against the
samples' loop references: the forward, the input gradient (a transposed convolution, run
as the flipped convolution) and the weight gradient, in float64 to 1e-12 and in float32
to the accuracy the module documents; first and second derivatives through the public
API by finite differences along random directions; and which shapes take it.

The op-table samples are too small for Winograd to pay, so its thresholds are lowered
here to force it on small shapes."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.autograd.forward_ad as fwad
import ember.nn.functional as F
from ember._dispatch import apply
from ember.ops import _winograd, nn_conv
from ember.ops._registry import OPS
from tests.samples.nn_conv import (
    conv_reference,
    conv_transpose_reference,
    weight_gradient_reference,
)

CASES = [  # (batch, in channels, out channels, (H, W), padding)
    (2, 3, 5, (9, 11), ((1, 1), (1, 1))),
    (1, 2, 4, (6, 6), ((0, 0), (0, 0))),  # one 4x4 tile
    (3, 4, 2, (13, 10), ((2, 1), (0, 2))),  # uneven padding, partial tiles
    (2, 1, 3, (4, 7), ((1, 2), (2, 1))),
]


@pytest.fixture
def forced(monkeypatch):
    """Winograd taken for any channel count and output size."""
    monkeypatch.setattr(_winograd, "_MIN_CHANNELS", 1)
    monkeypatch.setattr(_winograd, "_MIN_OUTPUT", 1)


@pytest.mark.parametrize("n, c, o, size, padding", CASES)
def test_forward_and_weight_gradient_in_float64(forced, n, c, o, size, padding):
    rng = np.random.default_rng(sum(size) + c)
    x = rng.standard_normal((n, c) + size)
    w = rng.standard_normal((o, c, 3, 3))
    pairs = [tuple(p) for p in padding]
    assert _winograd.suitable(x.shape, w.shape, padding, (1, 1), 1, x.dtype)
    expected = conv_reference(x, w, None, 1, pairs, 1, 1)
    got = nn_conv._convolve(x, w, (1, 1), padding, (1, 1), 1)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    v = rng.standard_normal(expected.shape)
    weight = nn_conv._weight_gradient(x, v, w.shape, (1, 1), padding, (1, 1), 1)
    np.testing.assert_allclose(
        weight, weight_gradient_reference(
            lambda u: conv_reference(x, u, None, 1, pairs, 1, 1), w.shape, v),
        rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("padding, output_padding", [(1, 0), (0, 0), (2, 0), (1, 1)])
def test_input_gradient_as_a_transposed_convolution(forced, monkeypatch, padding,
                                                    output_padding):
    calls = []
    original = _winograd.convolve
    monkeypatch.setattr(_winograd, "convolve", lambda *a: calls.append(1) or original(*a))
    rng = np.random.default_rng(padding)
    x = rng.standard_normal((2, 3, 7, 6))
    w = rng.standard_normal((3, 4, 3, 3))
    stride = 2 if output_padding else 1  # output_padding needs a stride (or dilation) > 1
    got = F.conv_transpose2d(ember.tensor(x), ember.tensor(w), stride=stride,
                             padding=padding, output_padding=output_padding)
    expected = conv_transpose_reference(x, w, None, stride, padding, output_padding, 1)
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12, atol=1e-12)
    assert len(calls) == (stride == 1)


def test_float32_accuracy_at_the_resnet_block_size():
    """~10x the error of a direct float32 product, still ~1e-6 of the output's scale."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 64, 16, 16))
    w = rng.standard_normal((64, 64, 3, 3)) * 0.05
    g = rng.standard_normal((2, 64, 16, 16))
    pairs = ((1, 1), (1, 1))
    assert _winograd.suitable(x.shape, w.shape, pairs, (1, 1), 1, np.dtype(np.float32))
    expected = conv_reference(x, w, None, 1, [(1, 1), (1, 1)], 1, 1)
    got = nn_conv._convolve(x.astype(np.float32), w.astype(np.float32), (1, 1), pairs,
                            (1, 1), 1)
    assert got.dtype == np.float32
    assert np.abs(got - expected).max() < 1e-5 * np.abs(expected).max()
    weight = nn_conv._weight_gradient(x, g, w.shape, (1, 1), pairs, (1, 1), 1)
    weight32 = nn_conv._weight_gradient(x.astype(np.float32), g.astype(np.float32),
                                        w.shape, (1, 1), pairs, (1, 1), 1)
    assert weight32.dtype == np.float32
    assert np.abs(weight32 - weight).max() < 1e-5 * np.abs(weight).max()


def _directional(f, x, v, eps=1e-5):
    return (f(x + eps * v) - f(x - eps * v)) / (2 * eps)


def test_first_and_second_derivatives_by_finite_differences(forced):
    """Gradients of sum(r * conv2d(x, w)) and of a gradient's dot product with u (which
    differentiates the backward's own convolutions), along random directions."""
    rng = np.random.default_rng(3)
    x0 = rng.standard_normal((2, 3, 6, 7))
    w0 = rng.standard_normal((4, 3, 3, 3))
    r = rng.standard_normal((2, 4, 6, 7))
    u = rng.standard_normal(x0.shape)

    def loss(x, w):
        return float((F.conv2d(ember.tensor(x), ember.tensor(w), padding=1)
                      * ember.tensor(r)).sum())

    def input_gradient_dot_u(x, w):
        xt = ember.tensor(x, requires_grad=True)
        wt = ember.tensor(w, requires_grad=True)
        out = (F.conv2d(xt, wt, padding=1) * ember.tensor(r)).sum()
        (gx,) = ember.autograd.grad(out, xt, create_graph=True)
        return (gx * ember.tensor(u)).sum(), xt, wt

    xt = ember.tensor(x0, requires_grad=True)
    wt = ember.tensor(w0, requires_grad=True)
    (F.conv2d(xt, wt, padding=1) * ember.tensor(r)).sum().backward()
    vx, vw = rng.standard_normal(x0.shape), rng.standard_normal(w0.shape)
    np.testing.assert_allclose(np.sum(xt.grad.numpy() * vx),
                               _directional(lambda x: loss(x, w0), x0, vx), rtol=1e-7)
    np.testing.assert_allclose(np.sum(wt.grad.numpy() * vw),
                               _directional(lambda w: loss(x0, w), w0, vw), rtol=1e-7)
    # second derivative: d/dw of <grad_x, u>
    value, _, wt2 = input_gradient_dot_u(x0, w0)
    value.backward()
    np.testing.assert_allclose(
        np.sum(wt2.grad.numpy() * vw),
        _directional(lambda w: input_gradient_dot_u(x0, w)[0].item(), w0, vw), rtol=1e-7)


@pytest.mark.parametrize("x_shape, w_shape, padding, dilation, groups, dtype, taken", [
    ((16, 64, 32, 32), (64, 64, 3, 3), ((1, 1),) * 2, (1, 1), 1, np.float32, True),
    ((2, 16, 8, 8), (16, 16, 3, 3), ((1, 1),) * 2, (1, 1), 1, np.float64, True),
    ((16, 64, 32, 32), (64, 64, 3, 3), ((1, 1),) * 2, (2, 2), 1, np.float32, False),
    ((16, 64, 32, 32), (64, 32, 3, 3), ((1, 1),) * 2, (1, 1), 2, np.float32, False),
    ((16, 64, 32, 32), (64, 64, 5, 5), ((2, 2),) * 2, (1, 1), 1, np.float32, False),
    ((16, 6, 32, 32), (64, 6, 3, 3), ((1, 1),) * 2, (1, 1), 1, np.float32, False),
    ((16, 64, 4, 4), (64, 64, 3, 3), ((1, 1),) * 2, (1, 1), 1, np.float32, False),
    ((16, 64, 32, 32), (64, 64, 3, 3), ((1, 1),) * 2, (1, 1), 1, np.float16, False),
])
def test_which_convolutions_take_it(x_shape, w_shape, padding, dilation, groups, dtype,
                                    taken):
    assert _winograd.suitable(x_shape, w_shape, padding, dilation, groups,
                              np.dtype(dtype)) == taken


@pytest.mark.parametrize("n, c, o, size, padding", CASES)
def test_both_gradients_from_one_copy_of_the_output_gradient(forced, monkeypatch, n, c, o,
                                                             size, padding):
    """backward() with both gradients wanted runs _winograd.gradients (one copy of g)."""
    calls = []
    original = _winograd.gradients
    monkeypatch.setattr(_winograd, "gradients", lambda *a: calls.append(1) or original(*a))
    rng = np.random.default_rng(sum(size) + o)
    x = rng.standard_normal((n, c) + size)
    w = rng.standard_normal((o, c, 3, 3))
    pairs = [tuple(p) for p in padding]
    expected = conv_reference(x, w, None, 1, pairs, 1, 1)
    v = rng.standard_normal(expected.shape)
    xt = ember.tensor(x, requires_grad=True)
    wt = ember.tensor(w, requires_grad=True)
    # the op itself: uneven padding has no public spelling but the backward's own calls
    y = apply(OPS["convolution"], (xt, wt, None), ((1, 1), padding, (1, 1), False, (0, 0), 1))
    (y * ember.tensor(v)).sum().backward()
    assert calls
    np.testing.assert_allclose(
        wt.grad.numpy(), weight_gradient_reference(
            lambda u: conv_reference(x, u, None, 1, pairs, 1, 1), w.shape, v),
        rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(
        xt.grad.numpy(), weight_gradient_reference(
            lambda u: conv_reference(u, w, None, 1, pairs, 1, 1), x.shape, v),
        rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("input_grad", [True, False], ids=["both", "weight-only"])
def test_the_weight_gradient_reuses_the_forwards_input_tiles(monkeypatch, input_grad):
    """The forward keeps x's transformed tiles for the weight gradient (KeptTiles, a param
    of the op): the backward transforms x again only when it has no such tiles."""
    calls = []
    original = _winograd._input_tiles
    monkeypatch.setattr(_winograd, "_input_tiles", lambda *a: calls.append(1) or original(*a))
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 16, 9, 8)).astype(np.float32)
    w = rng.standard_normal((16, 16, 3, 3)).astype(np.float32)
    v = rng.standard_normal((2, 16, 9, 8)).astype(np.float32)
    xt = ember.tensor(x, requires_grad=input_grad)
    wt = ember.tensor(w, requires_grad=True)
    out = F.conv2d(xt, wt, padding=1)
    assert "KeptTiles" not in repr(out.grad_fn)
    (out * ember.tensor(v)).sum().backward(retain_graph=True)
    assert calls == []
    first = wt.grad.numpy().copy()
    wt.grad = None
    (out * ember.tensor(v)).sum().backward()  # the tiles were released: recomputed
    assert calls == [1]
    np.testing.assert_array_equal(wt.grad.numpy(), first)
    expected = weight_gradient_reference(
        lambda u: conv_reference(x.astype(np.float64), u, None, 1, [(1, 1), (1, 1)], 1, 1),
        w.shape, v.astype(np.float64))
    assert np.abs(first - expected).max() < 1e-5 * np.abs(expected).max()


def test_a_tangent_does_not_replace_the_kept_tiles():
    """Forward mode runs the op again on the tangent with the same params; the tiles kept
    are the primal input's (the first call's)."""
    rng = np.random.default_rng(8)
    x = rng.standard_normal((1, 16, 8, 8))
    w = rng.standard_normal((16, 16, 3, 3))
    wt = ember.tensor(w, requires_grad=True)
    with fwad.dual_level():
        dual = fwad.make_dual(ember.tensor(x), ember.tensor(rng.standard_normal(x.shape)))
        out = F.conv2d(dual, wt, padding=1)
    out.sum().backward()
    expected = weight_gradient_reference(
        lambda u: conv_reference(x, u, None, 1, [(1, 1), (1, 1)], 1, 1), w.shape,
        np.ones((1, 16, 8, 8)))
    np.testing.assert_allclose(wt.grad.numpy(), expected, rtol=1e-12, atol=1e-10)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_batches_in_chunks_of_samples(forced, monkeypatch, n):
    """Samples go through in chunks (here one or two per chunk): the forward, both
    gradients (from the kept tiles, a list by chunk) and the weight gradient alone agree
    with the references, and an empty batch gives a zero weight gradient."""
    monkeypatch.setattr(_winograd, "_CHUNK_VALUES", 2 * 3 * 9 * 11 - 1)  # one sample each
    rng = np.random.default_rng(n)
    x = rng.standard_normal((n, 3, 9, 11))
    w = rng.standard_normal((4, 3, 3, 3))
    padding = ((1, 1), (1, 1))
    pairs = [(1, 1), (1, 1)]
    assert len(_winograd._chunks(x.shape)) == max(n, 1)
    keep = nn_conv.KeptInput()
    got = _winograd.convolve(x, w, padding, keep)
    np.testing.assert_allclose(got, conv_reference(x, w, None, 1, pairs, 1, 1),
                               rtol=1e-12, atol=1e-12)
    v = rng.standard_normal(got.shape)
    tiles = keep.take(x, ("winograd", padding))
    assert isinstance(tiles, list) and len(tiles) == max(n, 1)
    gx, gw = _winograd.gradients(x, w, v, padding, tiles)
    expected_w = weight_gradient_reference(
        lambda u: conv_reference(x, u, None, 1, pairs, 1, 1), w.shape, v)
    np.testing.assert_allclose(gw, expected_w, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(_winograd.weight_gradient(x, v, padding), expected_w,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(
        gx, weight_gradient_reference(lambda u: conv_reference(u, w, None, 1, pairs, 1, 1),
                                      x.shape, v), rtol=1e-12, atol=1e-12)
    if n == 0:
        assert gw.shape == w.shape and not gw.any()


def test_the_laid_out_copies_skew_the_width_step():
    """The spatial-major copies step W by N C + _SKEW values (a 4 KiB step makes the
    transposing copies evict their own runs) and hold x's values at the offset."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 8, 5, 6)).astype(np.float32)
    p = _winograd._to_spatial_major(x, (1, 2), (8, 10))
    assert p.shape == (8, 10, 2, 8)
    assert p.strides[1] == (2 * 8 + _winograd._SKEW) * 4
    np.testing.assert_array_equal(p[1:6, 2:8], x.transpose(2, 3, 0, 1))
    assert not p[0].any() and not p[:, :2].any() and not p[6:].any() and not p[:, 8:].any()
    back = np.empty((2, 8, 5, 6), np.float32)
    _winograd._from_spatial_major(p[1:, 2:], (5, 6), back)
    np.testing.assert_array_equal(back, x)
