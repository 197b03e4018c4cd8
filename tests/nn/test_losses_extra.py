"""Margin losses, gumbel_softmax and channel_shuffle beyond the recorded torch cases
(tests/reference/cases_nn_losses_extra.py): first and second derivatives against finite
differences in float64 (away from the hinges' kinks), the losses against a direct loop
over their definitions, and the modules passing their options on."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(31)


def _x(*shape: int) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), requires_grad=True)


# ---------------------------------------------------------------------- direct definitions
def _multi_margin_loop(x, y, p, margin, w):
    out = []
    for row, target in zip(x, y):
        total = 0.0
        for i, value in enumerate(row):
            if i != target:
                z = max(0.0, margin - row[target] + value)
                total += z ** p * (1.0 if w is None else w[target])
        out.append(total / len(row))
    return np.array(out)


def _multilabel_loop(x, y):
    out = []
    for row, labels in zip(x, y):
        listed = []
        for label in labels:
            if label < 0:
                break
            listed.append(label)
        total = 0.0
        for j in listed:
            for i in range(len(row)):
                if i not in listed:
                    total += max(0.0, 1.0 - (row[j] - row[i]))
        out.append(total / len(row))
    return np.array(out)


@pytest.mark.parametrize("p, margin, weighted", [(1, 1.0, False), (2, 0.6, True)])
def test_multi_margin_loss_matches_its_definition(p, margin, weighted):
    x = _R.standard_normal((6, 5))
    y = _R.integers(0, 5, 6)
    w = _R.uniform(0.5, 2.0, 5) if weighted else None
    got = F.multi_margin_loss(ember.tensor(x), ember.tensor(y), p=p, margin=margin,
                              weight=None if w is None else ember.tensor(w), reduction="none")
    np.testing.assert_allclose(got.numpy(), _multi_margin_loop(x, y, p, margin, w), rtol=1e-12)


def test_multilabel_margin_loss_matches_its_definition():
    x = _R.standard_normal((5, 6))
    y = _R.integers(-1, 6, (5, 6))
    got = F.multilabel_margin_loss(ember.tensor(x), ember.tensor(y), reduction="none")
    np.testing.assert_allclose(got.numpy(), _multilabel_loop(x, y), rtol=1e-12)


# ---------------------------------------------------------------------- finite differences
def _margin_input(shape: tuple, scale: float = 3.0) -> ember.Tensor:
    # distinct multiples of 0.45 * 3 / scale: every pairwise difference is a multiple of
    # that step, at least 0.1 away from the margins used below (1.0 and 0.7), so no kink
    # lies within finite differences
    count = int(np.prod(shape))
    values = (_R.permutation(count) - count / 2) * 0.45 * 3.0 / scale
    return ember.tensor(values.reshape(shape), requires_grad=True)


_POSITIVE = ember.tensor(_R.standard_normal((4, 3)) * 0.3)
_NEGATIVE = ember.tensor(_R.standard_normal((4, 3)) * 2.0)
_CASES = {
    "multi_margin": lambda r: (
        lambda x: F.multi_margin_loss(x, ember.tensor([1, 0, 3, 2]), reduction=r),
        _margin_input((4, 5))),
    "multi_margin_p2_weight": lambda r: (
        lambda x: F.multi_margin_loss(x, ember.tensor([4, 0, 3, 2]), p=2, margin=0.7,
                                      weight=ember.tensor([0.5, 1.0, 2.0, 1.5, 0.3],
                                                          dtype=ember.float64),
                                      reduction=r),
        _margin_input((4, 5))),
    "multilabel_margin": lambda r: (
        lambda x: F.multilabel_margin_loss(
            x, ember.tensor([[1, 2, -1, 0, 0], [0, -1, 1, 1, 1], [4, 3, 2, 1, 0]]),
            reduction=r),
        _margin_input((3, 5), scale=6.0)),
    "triplet_distance": lambda r: (
        lambda a: F.triplet_margin_with_distance_loss(
            a, _POSITIVE, _NEGATIVE, reduction=r, swap=True,
            distance_function=lambda u, v: (u - v).pow(2).sum(-1)),
        _x(4, 3)),
}


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("name", sorted(_CASES))
def test_gradcheck_and_gradgradcheck(name, reduction):
    function, x = _CASES[name](reduction)
    if "margin" in name:
        # torch's margin-loss kernels have neither a forward-mode formula nor a derivative
        # of their gradient kernels: first derivatives only, and the second refused
        assert gradcheck(function, (x,))
        kernel = "multilabel" if "multilabel" in name else "multi"
        with pytest.raises(RuntimeError, match=f"aten::{kernel}_margin_loss_backward"):
            gradgradcheck(function, (x,))
        return
    assert gradcheck(function, (x,), check_forward_ad=True)
    assert gradgradcheck(function, (x,))


def test_gumbel_softmax_gradcheck_with_a_fixed_draw():
    x = _x(3, 4)

    def sample(x):
        ember.manual_seed(4)
        return F.gumbel_softmax(x, tau=0.7)

    assert gradcheck(sample, (x,))


def test_gumbel_softmax_hard_is_one_hot_with_the_soft_gradient():
    x = _x(5, 4)
    ember.manual_seed(2)
    hard = F.gumbel_softmax(x, hard=True)
    ember.manual_seed(2)
    soft = F.gumbel_softmax(x)
    assert hard.detach().sum(-1).tolist() == [1.0] * 5
    assert ember.equal(hard.argmax(-1), soft.argmax(-1))
    weights = ember.tensor(_R.standard_normal((5, 4)))
    (g_hard,) = ember.autograd.grad((hard * weights).sum(), x)
    (g_soft,) = ember.autograd.grad((soft * weights).sum(), x)
    np.testing.assert_allclose(g_hard.numpy(), g_soft.numpy(), rtol=1e-12, atol=1e-15)


def test_channel_shuffle_gradcheck_and_inverse():
    x = _x(2, 6, 3)
    assert gradcheck(lambda x: F.channel_shuffle(x, 2), (x,))
    # shuffling by g then by C/g restores the order
    assert ember.equal(F.channel_shuffle(F.channel_shuffle(x, 2), 3), x)


# ---------------------------------------------------------------------- modules
def test_modules_pass_their_options_on():
    x = _x(4, 5)
    y = ember.tensor([1, 0, 3, 2])
    w = ember.tensor([0.5, 1.0, 2.0, 1.5, 0.3], dtype=ember.float64)
    module = nn.MultiMarginLoss(p=2, margin=0.4, weight=w, reduction="sum")
    assert ember.equal(module(x, y), F.multi_margin_loss(x, y, 2, 0.4, w, reduction="sum"))
    assert list(module.state_dict()) == ["weight"]
    labels = ember.tensor([[1, -1, 0, 0, 0]] * 4)
    assert ember.equal(nn.MultiLabelMarginLoss(reduction="none")(x, labels),
                       F.multilabel_margin_loss(x, labels, reduction="none"))
    a, p, n = _x(3, 4), _x(3, 4), _x(3, 4)
    distance = nn.PairwiseDistance(p=1)
    triplet = nn.TripletMarginWithDistanceLoss(distance_function=distance, margin=3.0,
                                               swap=True, reduction="none")
    assert triplet.distance_function is distance
    assert ember.equal(triplet(a, p, n), F.triplet_margin_with_distance_loss(
        a, p, n, distance_function=distance, margin=3.0, swap=True, reduction="none"))
    c = _x(1, 6, 2)
    assert ember.equal(nn.ChannelShuffle(3)(c), F.channel_shuffle(c, 3))


# ---------------------------------------------------------------------- ctc_loss
def _ctc_batch(frames=7, batch=4, classes=6, seed=0):
    generator = np.random.default_rng(seed)
    logits = ember.tensor(generator.standard_normal((frames, batch, classes)),
                          requires_grad=True)
    target_lengths = [3, 0, 2, 4][:batch]
    targets = ember.tensor(generator.integers(1, classes, (batch, 4)))
    input_lengths = [frames, frames - 2, 3, frames - 1][:batch]
    return logits, targets, input_lengths, target_lengths


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_ctc_loss_gradcheck_through_log_softmax(reduction):
    logits, targets, input_lengths, target_lengths = _ctc_batch()

    def loss(x):
        return F.ctc_loss(x.log_softmax(2), targets, input_lengths, target_lengths,
                          reduction=reduction, zero_infinity=True)

    assert gradcheck(loss, (logits,), check_forward_ad=True)


def test_ctc_loss_matches_the_cell_by_cell_reference():
    from tests.samples.nn_ctc import ctc_reference

    logits, targets, input_lengths, target_lengths = _ctc_batch(frames=9, seed=3)
    lp = logits.detach().log_softmax(2)
    got = F.ctc_loss(lp, targets, input_lengths, target_lengths, reduction="none")
    want = ctc_reference(lp.numpy(), targets.numpy().tolist(), input_lengths, target_lengths)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)


def test_ctc_gradient_is_torchs_logit_gradient():
    """torch's gradient for log_probs is exp(log_probs) - posterior: with log_softmax
    inputs each frame's gradient sums to zero, and frames past a sample's length get
    none."""
    logits, targets, input_lengths, target_lengths = _ctc_batch(seed=5)
    lp = logits.detach().log_softmax(2).requires_grad_()
    loss = F.ctc_loss(lp, targets, input_lengths, target_lengths, reduction="sum")
    (grad,) = ember.autograd.grad(loss, lp)
    np.testing.assert_allclose(grad.numpy().sum(-1), 0.0, atol=1e-12)
    assert float(grad[input_lengths[1]:, 1].abs().sum()) == 0.0


def test_ctc_loss_module_and_impossible_alignments():
    logits, targets, _, _ = _ctc_batch(batch=2)
    lp = logits.log_softmax(2)
    # three labels need at least three frames
    losses = nn.CTCLoss(reduction="none")(lp, targets, [2, 7], [3, 0])
    assert float(losses[0]) == float("inf")
    zeroed = nn.CTCLoss(reduction="sum", zero_infinity=True)(lp, targets, [2, 7], [3, 0])
    (grad,) = ember.autograd.grad(zeroed, logits)
    assert float(grad[:, 0].abs().sum()) == 0.0
    assert np.isfinite(grad.numpy()).all()


# ---------------------------------------------------------------------- adaptive softmax
def test_adaptive_log_softmax_is_a_distribution_and_gradchecks():
    ember.manual_seed(0)
    model = nn.AdaptiveLogSoftmaxWithLoss(6, 11, [3, 7], div_value=2.0, head_bias=True)
    model.double()
    x = _x(5, 6)
    target = ember.tensor([0, 4, 10, 2, 8])
    log_prob = model.log_prob(x)
    np.testing.assert_allclose(log_prob.exp().sum(1).detach().numpy(), 1.0, rtol=1e-12)
    out = model(x, target)
    np.testing.assert_allclose(out.output.detach().numpy(),
                               log_prob.gather(1, target.unsqueeze(1)).squeeze(1).detach()
                               .numpy(), rtol=1e-12)
    assert ember.equal(model.predict(x), log_prob.argmax(1))
    assert gradcheck(lambda x: model(x, target).loss, (x,))


def test_every_extra_loss_is_checked():
    """A loss added to loss_margin.py or loss_ctc.py without a gradcheck (and its module
    without an options check) fails, as tests/nn/test_loss.py does for loss.py."""
    from ember.nn.functional import loss_ctc, loss_margin

    source = open(__file__).read()
    names = loss_margin.__all__ + loss_ctc.__all__
    unchecked = [name for name in names if f"F.{name}(" not in source]
    assert not unchecked, f"losses without a check here: {unchecked}"
    modules = nn.modules.loss_margin.__all__ + nn.modules.loss_ctc.__all__
    unchecked = [name for name in modules if f"nn.{name}(" not in source]
    assert not unchecked, f"loss modules without a check here: {unchecked}"
