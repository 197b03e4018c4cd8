"""Dropout: the statistics of the masks, gradients equal to the scaled mask, gradchecks
with the mask held fixed (the generator reseeded before every evaluation), and the modules'
train/eval switch. Reprs, grad_fn names, errors and warnings are replayed from torch in
tests/reference/cases_nn_misc.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember import nn
from ember.autograd import gradcheck, gradgradcheck

SELU_ALPHA_SCALE = 1.7580993408473766


def _x(*shape, seed=0, dtype=ember.float64):
    rng = np.random.default_rng(seed)
    return ember.tensor(rng.normal(size=shape) + 3.0, dtype=dtype)  # no zeros


# ---------------------------------------------------------------------------- statistics
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_zeros_a_fraction_p_and_scales_the_rest(p):
    ember.manual_seed(0)
    x = ember.ones(200_000)
    y = F.dropout(x, p)
    dropped = (y == 0).float().mean().item()
    assert abs(dropped - p) < 0.01
    kept = y[y != 0]
    np.testing.assert_allclose(kept.numpy(), np.float32(1 / (1 - p)), rtol=1e-6)
    assert abs(y.mean().item() - 1.0) < 0.03  # the expectation is preserved


@pytest.mark.parametrize("function, shape, channel_shape", [
    (F.dropout1d, (40, 50, 7), (40, 50, 1)),
    (F.dropout1d, (50, 7), (50, 1)),
    (F.dropout2d, (40, 50, 3, 4), (40, 50, 1, 1)),
    (F.dropout3d, (40, 50, 2, 3, 2), (40, 50, 1, 1, 1)),
    (F.dropout3d, (50, 2, 3, 2), (50, 1, 1, 1)),
])
def test_channel_dropout_drops_whole_channels(function, shape, channel_shape):
    ember.manual_seed(1)
    y = function(ember.ones(shape), 0.3).numpy()
    channels = y.reshape(channel_shape[:-1] + (-1,))  # one row per channel
    assert np.all(channels == channels[..., :1])  # one decision per channel
    assert abs((channels[..., 0] == 0).mean() - 0.3) < 0.05


def test_alpha_dropout_keeps_zero_mean_and_unit_variance():
    ember.manual_seed(2)
    x = ember.randn(300_000, dtype=ember.float64)
    for p in (0.1, 0.5):
        y = F.alpha_dropout(x, p, training=True)
        assert abs(y.mean().item()) < 0.01
        assert abs(y.std().item() - 1.0) < 0.01


def test_alpha_dropout_sets_dropped_elements_to_the_selu_saturation_affinely():
    ember.manual_seed(3)
    p = 0.3
    a = 1 / math.sqrt((SELU_ALPHA_SCALE ** 2 * p + 1) * (1 - p))
    x = _x(1000)
    y = F.alpha_dropout(x, p, training=True).numpy()
    dropped_value = -SELU_ALPHA_SCALE * a * (1 - p)
    kept = ~np.isclose(y, dropped_value)
    np.testing.assert_allclose(y[kept], x.numpy()[kept] * a + SELU_ALPHA_SCALE * a * p)
    assert abs((~kept).mean() - p) < 0.05


def test_the_mask_comes_from_embers_generator():
    ember.manual_seed(4)
    first = F.dropout(ember.ones(50), 0.5)
    ember.manual_seed(4)
    assert ember.equal(F.dropout(ember.ones(50), 0.5), first)
    assert not ember.equal(F.dropout(ember.ones(50), 0.5), first)


# ---------------------------------------------------------------------------- gradients
@pytest.mark.parametrize("p", [0.25, 0.6])
def test_gradient_is_the_mask_scaled_by_one_over_keep(p):
    ember.manual_seed(5)
    x = _x(30, 20).requires_grad_()
    y = F.dropout(x, p)
    y.backward(ember.ones_like(y))
    mask = (y.detach() != 0).double()
    np.testing.assert_array_equal(x.grad.numpy(), (mask / (1 - p)).numpy())


def _fixed_mask(function, *args, **kwargs):
    """`function` with the generator reseeded on each call: the same mask every time,
    so finite differences see a fixed linear (or affine) map."""
    def run(x):
        ember.manual_seed(6)
        return function(x, *args, **kwargs)
    return run


@pytest.mark.parametrize("function, args, shape", [
    (F.dropout, (0.3,), (4, 5)),
    (F.dropout, (0.0,), (4, 5)),
    (F.dropout, (1.0,), (3,)),
    (F.dropout1d, (0.5,), (3, 4, 2)),
    (F.dropout2d, (0.5,), (2, 3, 2, 2)),
    (F.dropout3d, (0.5,), (3, 2, 2, 2)),
    (F.alpha_dropout, (0.4, True), (4, 5)),
    (F.feature_alpha_dropout, (0.4, True), (3, 4, 2)),
])
def test_gradcheck_with_a_fixed_mask(function, args, shape):
    x = _x(*shape).requires_grad_()
    run = _fixed_mask(function, *args)
    assert gradcheck(run, (x,))
    assert gradgradcheck(run, (x,))


def test_double_backward_of_dropout_times_input():
    # d/dx sum(dropout(x) * x) = 2x mask/(1-p); its derivative is 2 mask/(1-p)
    ember.manual_seed(7)
    x = _x(10).requires_grad_()
    y = F.dropout(x, 0.5)
    scaled_mask = (y.detach() != 0).double() * 2
    (g,) = ember.autograd.grad((y * x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), (scaled_mask * 2 * x.detach()).numpy())
    (h,) = ember.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(h.numpy(), 2 * scaled_mask.numpy())


# ---------------------------------------------------------------------------- modules
@pytest.mark.parametrize("module, shape", [
    (nn.Dropout(0.5), (6, 5)), (nn.Dropout1d(0.5), (3, 6, 5)),
    (nn.Dropout2d(0.5), (3, 6, 2, 2)), (nn.Dropout3d(0.5), (3, 6, 2, 2, 2)),
    (nn.AlphaDropout(0.5), (6, 5)), (nn.FeatureAlphaDropout(0.5), (3, 6, 5)),
])
def test_modules_drop_in_training_and_pass_through_in_eval(module, shape):
    x = _x(*shape, dtype=ember.float32)
    ember.manual_seed(8)
    trained = module(x)
    assert trained is not x and not ember.equal(trained, x)
    module.eval()
    assert module(x) is x
    module.train()
    ember.manual_seed(8)
    assert ember.equal(module(x), trained)


def test_inplace_module_overwrites_its_input():
    x = ember.ones(100)
    ember.manual_seed(9)
    y = nn.Dropout(0.5, inplace=True)(x)
    assert y is x
    assert set(np.unique(x.numpy())) == {0.0, 2.0}


def test_dropout_inside_a_model_trains_and_evaluates():
    ember.manual_seed(10)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 1))
    x = ember.randn(16, 4)
    model.eval()
    assert ember.equal(model(x), model(x))  # deterministic in eval mode
    model.train()
    model(x).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
