"""Samples for src/ember/ops/nn_loss.py: the fused losses, called through
ember.nn.functional as users call them, with NumPy references written from the formulas.

Inputs stay away from the kinks (|x - y| = beta or delta for smooth_l1/huber, x at 0 or 1
for binary cross-entropy), where finite differences would straddle two pieces. Targets
given as class indices, weights, and the target of soft_margin_loss are not
differentiable in torch, so they are `nondiff` here.
"""

from __future__ import annotations

import numpy as np

import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(71)

x34 = _R.standard_normal((3, 4))
y34 = _R.standard_normal((3, 4))
x5 = _R.standard_normal(5)
y5 = _R.standard_normal(5)
signs34 = np.sign(_R.standard_normal((3, 4)))
probabilities34 = _R.uniform(0.1, 0.9, (3, 4))
soft34 = _R.uniform(0.0, 1.0, (3, 4))
weight4 = _R.uniform(0.5, 2.0, 4)
pos_weight4 = _R.uniform(0.5, 3.0, 4)
wide_logits = np.array([[-40.0, -3.0, 0.5, 45.0], [700.0, -700.0, 2.0, -0.2]])
wide_targets = np.array([[0.2, 1.0, 0.5, 0.0], [0.7, 0.1, 1.0, 0.3]])
# |x - y| away from 1 (beta, delta) and from 0.4 (the other beta/delta used below)
far_x = np.array([[-2.5, -0.7, 0.1, 0.55], [1.3, 0.2, -0.05, 3.0]])
far_y = np.zeros((2, 4))
classes = np.array([2, 0, 3])
classes_ignored = np.array([2, -100, 1])
log_probabilities = x34 - np.log(np.exp(x34).sum(1, keepdims=True))
x2d = _R.standard_normal((2, 3, 2, 3))
classes2d = _R.integers(0, 3, (2, 2, 3))


def _reduce(losses: np.ndarray, reduction: str):
    if reduction == "mean":
        return np.mean(losses)
    if reduction == "sum":
        return np.sum(losses)
    return losses


def smooth_l1_reference(x, y, reduction="mean", beta=1.0):
    d = np.abs(x - y)
    return _reduce(np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_reference(x, y, reduction="mean", delta=1.0):
    d = np.abs(x - y)
    return _reduce(np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)


def bce_reference(x, y, weight=None, reduction="mean"):
    losses = -(y * np.log(x) + (1 - y) * np.log(1 - x))
    return _reduce(losses if weight is None else losses * weight, reduction)


def bce_logits_reference(x, y, weight=None, pos_weight=None, reduction="mean"):
    log_p, log_not_p = -np.logaddexp(0, -x), -np.logaddexp(0, x)
    p = 1 if pos_weight is None else pos_weight
    losses = -(p * y * log_p + (1 - y) * log_not_p)
    return _reduce(losses if weight is None else losses * weight, reduction)


def nll_reference(x, target, weight=None, reduction="mean", ignore_index=-100):
    target = np.asarray(target)
    x = np.moveaxis(x, 1, -1) if x.ndim > 1 else x  # classes last
    keep = target != ignore_index
    safe = np.where(keep, target, 0)
    w = (np.ones(x.shape[-1]) if weight is None else weight)[safe] * keep
    losses = -w * np.take_along_axis(x, safe[..., None], -1)[..., 0]
    return losses.sum() / w.sum() if reduction == "mean" else _reduce(losses, reduction)


def smoothed_reference(x, target, smoothing):
    log_p = x - np.log(np.exp(x).sum(1, keepdims=True))
    nll = -np.take_along_axis(log_p, target[:, None], 1)[:, 0]
    return (1 - smoothing) * nll - smoothing / x.shape[1] * log_p.sum(1)


SAMPLES: dict[str, list[Sample]] = {
    "mse_loss": [
        Sample(lambda x, y: F.mse_loss(x, y), (x34, y34),
               lambda x, y: np.mean((x - y) ** 2)),
        Sample(lambda x, y: F.mse_loss(x, y, reduction="none"), (x5, y5),
               lambda x, y: (x - y) ** 2),
        Sample(lambda x, y: F.mse_loss(x, y, reduction="sum"), (x34, y34),
               lambda x, y: np.sum((x - y) ** 2)),
        Sample(lambda x, y: F.mse_loss(x, y), (x34.astype(np.float32), y34),
               lambda x, y: np.mean((x - y) ** 2), note="float32 with float64 promotes"),
    ],
    "smooth_l1_loss": [
        Sample(lambda x, y: F.smooth_l1_loss(x, y), (far_x, far_y), smooth_l1_reference),
        Sample(lambda x, y: F.smooth_l1_loss(x, y, reduction="none", beta=0.4),
               (far_x, far_y), lambda x, y: smooth_l1_reference(x, y, "none", 0.4)),
        Sample(lambda x, y: F.smooth_l1_loss(x, y, reduction="sum", beta=2.0),
               (far_x, far_y), lambda x, y: smooth_l1_reference(x, y, "sum", 2.0)),
    ],
    "huber_loss": [
        Sample(lambda x, y: F.huber_loss(x, y), (far_x, far_y), huber_reference),
        Sample(lambda x, y: F.huber_loss(x, y, reduction="none", delta=0.4),
               (far_x, far_y), lambda x, y: huber_reference(x, y, "none", 0.4)),
        Sample(lambda x, y: F.huber_loss(x, y, reduction="sum", delta=2.0),
               (far_x, far_y), lambda x, y: huber_reference(x, y, "sum", 2.0)),
    ],
    "soft_margin_loss": [
        Sample(lambda x, y: F.soft_margin_loss(x, y), (x34, signs34),
               lambda x, y: np.mean(np.logaddexp(0, -y * x)), nondiff=(1,)),
        Sample(lambda x, y: F.soft_margin_loss(x, y, reduction="none"), (wide_logits / 10,
               np.sign(wide_targets - 0.5)),
               lambda x, y: np.logaddexp(0, -y * x), nondiff=(1,)),
    ],
    "binary_cross_entropy": [
        Sample(lambda x, y: F.binary_cross_entropy(x, y), (probabilities34, soft34),
               bce_reference),
        Sample(lambda x, y, w: F.binary_cross_entropy(x, y, weight=w, reduction="none"),
               (probabilities34, soft34, weight4),
               lambda x, y, w: bce_reference(x, y, w, "none"), nondiff=(2,)),
        Sample(lambda x, y: F.binary_cross_entropy(x, y, reduction="sum"),
               (probabilities34, soft34), lambda x, y: bce_reference(x, y, None, "sum")),
    ],
    "binary_cross_entropy_with_logits": [
        Sample(lambda x, y: F.binary_cross_entropy_with_logits(x, y), (x34, soft34),
               bce_logits_reference),
        Sample(lambda x, y, w, p: F.binary_cross_entropy_with_logits(
                   x, y, weight=w, pos_weight=p, reduction="none"),
               (x34, soft34, weight4, pos_weight4),
               lambda x, y, w, p: bce_logits_reference(x, y, w, p, "none"), nondiff=(2, 3)),
        Sample(lambda x, y, p: F.binary_cross_entropy_with_logits(x, y, pos_weight=p,
                                                                  reduction="sum"),
               (wide_logits, wide_targets, pos_weight4),
               lambda x, y, p: bce_logits_reference(x, y, None, p, "sum"), nondiff=(2,),
               note="large logits of both signs stay finite"),
    ],
    "nll_loss": [
        Sample(lambda x, t: F.nll_loss(x, t), (log_probabilities, classes), nll_reference),
        Sample(lambda x, t, w: F.nll_loss(x, t, weight=w, reduction="none"),
               (x34, classes_ignored, weight4),
               lambda x, t, w: nll_reference(x, t, w, "none"), nondiff=(2,)),
        Sample(lambda x, t, w: F.nll_loss(x, t, weight=w),
               (x34, classes_ignored, weight4),
               lambda x, t, w: nll_reference(x, t, w, "mean"), nondiff=(2,),
               note="weighted mean: divided by the total weight of the kept targets"),
        Sample(lambda x, t: F.nll_loss(x, t, reduction="sum", ignore_index=0),
               (x34, classes), lambda x, t: nll_reference(x, t, None, "sum", 0)),
        Sample(lambda x, t: F.cross_entropy(x, t), (x34, classes),
               lambda x, t: nll_reference(x - np.log(np.exp(x).sum(1, keepdims=True)), t),
               note="cross_entropy is log_softmax then nll_loss"),
        Sample(lambda x, t: F.nll_loss(x, t), (x5, np.array(3)),
               lambda x, t: nll_reference(x, t), note="one sample: input (C,), target ()"),
    ],
    "nll_loss2d": [
        Sample(lambda x, t: F.nll_loss(x, t), (x2d, classes2d), nll_reference),
        Sample(lambda x, t, w: F.nll_loss(x, t, weight=w, reduction="none"),
               (x2d, classes2d, weight4[:3]),
               lambda x, t, w: nll_reference(x, t, w, "none"), nondiff=(2,)),
        Sample(lambda x, t: F.nll_loss(x, t, reduction="sum"), (x2d[:, :, 0], classes2d[:, 0]),
               lambda x, t: nll_reference(x, t, None, "sum"),
               note="3-D input: viewed as 4-D for the 2-D kernel"),
    ],
    "div_scalar": [
        Sample(lambda x, t: F.cross_entropy(x, t), (x34, soft34),
               lambda x, t: -np.sum(t * (x - np.log(np.exp(x).sum(1, keepdims=True)))) / 3,
               note="class probabilities: the mean divides by the number of samples"),
    ],
    "mul_scalar": [
        Sample(lambda x, t: F.cross_entropy(x, t, label_smoothing=0.3, reduction="none"),
               (x34, classes), lambda x, t: smoothed_reference(x, t, 0.3),
               note="(1 - s) nll + s/C smooth: both terms scaled by numbers"),
    ],
}
