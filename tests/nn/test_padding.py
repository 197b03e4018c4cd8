"""Padding and resampling: F.pad's modes against np.pad (negative pads crop), batched and
unbatched inputs, the padding modules, interpolate's size and scale rules, pixel shuffle
round trips, derivatives, and torch's errors. Values against torch are in
tests/reference/cases_nn_norm.py."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(17)
_NP_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
             "circular": "wrap"}


def _t(*shape: int, requires_grad: bool = False) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), requires_grad=requires_grad)


@pytest.mark.parametrize("mode", list(_NP_MODES))
@pytest.mark.parametrize("pads, shape", [((1, 2), (2, 3, 4)), ((2, 1), (3, 4)),
                                         ((1, 2, 2, 1), (1, 2, 3, 4)),
                                         ((1, 0, 2, 1, 1, 1), (1, 1, 2, 3, 3))],
                         ids=["1d", "1d unbatched", "2d", "3d"])
def test_pad_matches_numpy(mode, pads, shape):
    x = _t(*shape, requires_grad=True)
    k = len(pads) // 2
    widths = [(0, 0)] * (len(shape) - k) + [(pads[2 * i], pads[2 * i + 1])
                                             for i in reversed(range(k))]
    expected = np.pad(x.detach().numpy(), widths, mode=_NP_MODES[mode])
    out = F.pad(x, pads, mode=mode)
    np.testing.assert_array_equal(out.detach().numpy(), expected)
    assert gradcheck(lambda t: F.pad(t, pads, mode=mode), (x,))


def test_negative_padding_crops():
    x = ember.arange(6.0).reshape(1, 2, 3)
    assert F.pad(x, (-1, 2)).tolist() == [[[1, 2, 0, 0], [4, 5, 0, 0]]]
    assert F.pad(x, (-1, 2), mode="reflect").tolist() == [[[1, 2, 1, 0], [4, 5, 4, 3]]]
    assert F.pad(x, (1, -2), mode="replicate").tolist() == [[[0, 0], [3, 3]]]
    assert F.pad(x, (-1, 2), mode="circular").tolist() == [[[1, 2, 1, 2], [4, 5, 4, 5]]]


def test_grad_fn_names():
    x = _t(1, 2, 3, 4, requires_grad=True)
    names = {mode: type(F.pad(x, (1, 1, 1, 1), mode=mode).grad_fn).__name__
             for mode in _NP_MODES}
    assert names == {"constant": "ConstantPadNdBackward0", "reflect": "ReflectionPad2DBackward0",
                     "replicate": "ReplicationPad2DBackward0", "circular": "CopySlices"}


def test_pad_keeps_integer_dtypes_and_casts_the_value():
    x = ember.arange(3)
    assert F.pad(x, (1, 1), value=2.7).tolist() == [2, 0, 1, 2, 2]
    assert F.pad(x.reshape(1, 1, 3), (1, 1), mode="reflect").dtype == ember.int64


def test_padding_modules():
    x = _t(1, 2, 3, 4)
    assert nn.ZeroPad2d((1, 2, 0, 1))(x).shape == (1, 2, 4, 7)
    assert nn.ConstantPad1d(2, 3.5)(x).shape == (1, 2, 3, 8)
    assert nn.ReflectionPad2d(2)(x).shape == (1, 2, 7, 8)
    assert nn.ReplicationPad3d(1)(x).shape == (1, 4, 5, 6)
    assert nn.CircularPad1d((1, 2))(x[0]).shape == (2, 3, 7)
    assert nn.ConstantPad2d(1, 0.5)(x)[0, 0, 0, 0].item() == 0.5


@pytest.mark.parametrize("mode, pads, message", [
    ("reflect", (4, 4), "Padding size should be less than the corresponding input dimension"),
    ("circular", (5, 5), "wrapping around more than once"),
    ("replicate", (-3, -2), "is too small"),
    ("foo", (1, 1), "Unrecognised padding mode foo"),
])
def test_pad_errors(mode, pads, message):
    with pytest.raises((RuntimeError, NotImplementedError), match=message):
        F.pad(ember.ones(2, 3, 4), pads, mode=mode)


def test_interpolate_sizes_and_scales():
    x = _t(1, 2, 3, 4)
    assert F.interpolate(x, scale_factor=2).shape == (1, 2, 6, 8)
    assert F.interpolate(x, scale_factor=(1.5, 0.5)).shape == (1, 2, 4, 2)
    assert F.interpolate(x, size=5, mode="bilinear").shape == (1, 2, 5, 5)
    doubled = F.interpolate(x, scale_factor=2).numpy()
    np.testing.assert_array_equal(doubled, x.numpy().repeat(2, 2).repeat(2, 3))
    corners = F.interpolate(x, size=(5, 7), mode="bilinear", align_corners=True).numpy()
    np.testing.assert_allclose(corners[..., ::2, ::2], x.numpy(), rtol=1e-12)
    assert nn.Upsample(scale_factor=2, mode="bilinear")(x).shape == (1, 2, 6, 8)
    assert nn.UpsamplingNearest2d(size=(5, 6))(x).shape == (1, 2, 5, 6)
    with pytest.raises(ValueError, match="either size or scale_factor should be defined"):
        F.interpolate(x)
    with pytest.raises(NotImplementedError, match="bilinear mode needs 4D input"):
        F.interpolate(x[0], size=3, mode="bilinear")


@pytest.mark.parametrize("mode", ["nearest", "bilinear", "nearest-exact"])
def test_interpolate_derivatives(mode):
    x = _t(1, 1, 3, 2, requires_grad=True)
    f = lambda t: F.interpolate(t, scale_factor=1.7, mode=mode)  # noqa: E731
    assert gradcheck(f, (x,))
    assert gradgradcheck(lambda t: f(t) ** 2, (x,))


def test_pixel_shuffle_round_trip():
    x = _t(2, 8, 2, 3, requires_grad=True)
    shuffled = nn.PixelShuffle(2)(x)
    assert shuffled.shape == (2, 2, 4, 6)
    np.testing.assert_array_equal(nn.PixelUnshuffle(2)(shuffled).detach().numpy(),
                                  x.detach().numpy())
    assert gradcheck(lambda t: F.pixel_shuffle(t, 2), (x,))
    with pytest.raises(RuntimeError, match="divisible by the square of upscale_factor"):
        F.pixel_shuffle(ember.ones(1, 3, 2, 2), 2)
