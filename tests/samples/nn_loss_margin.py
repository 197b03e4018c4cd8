"""Samples for src/ember/ops/nn_loss_margin.py: multi_margin_loss and multilabel_margin_loss
through ember.nn.functional, and their gradient kernels, reached as a user reaches them (a
first derivative taken with create_graph=True). torch implements no derivative of the
kernels, so the losses have no second-order check and the kernels' samples check values.

The inputs keep every hinge term (margin - x[y] + x[i]) away from 0, where finite
differences would straddle the kink. Targets and class weights are constants.
"""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng
from tests.samples.backward_primitives import _cut

_R = rng(97)

# classes spaced 0.3 apart, shuffled per row: with margins 1 and 0.45, no term is near 0
_X = np.array([[0.0, 0.3, 0.6, 0.9, 1.2], [1.2, 0.0, 0.9, 0.3, 0.6],
               [0.6, 1.2, 0.0, 0.3, 0.9]]) + 0.05
_TARGETS = np.array([2, 0, 4])
_WEIGHT = np.array([0.5, 1.5, 1.0, 2.0, 0.75])
_LISTED = np.array([[1, 3, -1, 0, 2], [4, -1, 1, 1, 1], [0, 2, 2, -1, 4]])


def _np_multi_margin(x, t, p=1, margin=1.0, weight=None, reduction="mean"):
    rows = np.arange(x.shape[0])
    z = margin - x[rows, t][:, None] + x
    z[rows, t] = 0
    terms = np.maximum(z, 0) ** p
    if weight is not None:
        terms = terms * weight[t][:, None]
    per_frame = terms.sum(1) / x.shape[1]
    return {"none": per_frame, "sum": per_frame.sum(), "mean": per_frame.mean()}[reduction]


def _np_multilabel_margin(x, t, reduction="mean"):
    losses = []
    for row, targets in zip(x, t):
        listed = list(targets[:list(targets).index(-1)] if -1 in targets else targets)
        others = [i for i in range(len(row)) if i not in listed]
        losses.append(sum(max(0.0, 1 - row[j] + row[i]) for j in listed for i in others)
                      / len(row))
    per_frame = np.array(losses)
    return {"none": per_frame, "sum": per_frame.sum(), "mean": per_frame.mean()}[reduction]


def _np_multi_margin_gradient(g, x, t, p=1, margin=1.0, reduction="mean"):
    rows = np.arange(x.shape[0])
    z = margin - x[rows, t][:, None] + x
    on = (z > 0) & (np.arange(x.shape[1]) != t[:, None])
    slope = np.where(on, 1.0 if p == 1 else 2 * z, 0.0) / x.shape[1]
    slope[rows, t] = -slope.sum(1)
    if reduction == "mean":
        slope = slope / x.shape[0]
    return slope * (np.reshape(g, (-1, 1)) if reduction == "none" else g)


def _np_multilabel_gradient(g, x, t, reduction="mean"):
    grad = np.zeros_like(x)
    for n, (row, targets) in enumerate(zip(x, t)):
        listed = list(targets[:list(targets).index(-1)] if -1 in targets else targets)
        for j in listed:
            for i in range(len(row)):
                if i not in listed and 1 - row[j] + row[i] > 0:
                    grad[n, j] -= 1 / len(row)
                    grad[n, i] += 1 / len(row)
    if reduction == "mean":
        grad = grad / x.shape[0]
    return grad * (np.reshape(g, (-1, 1)) if reduction == "none" else g)


def _gradient(loss):
    """fn(g, x, ...): the gradient of loss(x, ...) for the cotangent g."""
    def fn(g, x, *rest):
        outer = g.requires_grad or x.requires_grad
        with ember.enable_grad():
            x = x if x.requires_grad else x.clone().requires_grad_()
            (grad,) = ember.autograd.grad(loss(x, *rest), x, g, create_graph=True)
        return grad if outer else _cut(grad)

    return fn


SAMPLES: dict[str, list[Sample]] = {
    "multi_margin_loss": [
        Sample(lambda x, t: F.multi_margin_loss(x, t), (_X, _TARGETS), _np_multi_margin,
               second_order=False),
        Sample(lambda x, t, w: F.multi_margin_loss(x, t, p=2, margin=0.45, weight=w,
                                                   reduction="none"),
               (_X, _TARGETS, _WEIGHT),
               lambda x, t, w: _np_multi_margin(x, t, 2, 0.45, w, "none"), nondiff=(2,),
               second_order=False, note="squared hinge, class weights, unreduced"),
        Sample(lambda x, t: F.multi_margin_loss(x, t, reduction="sum"),
               (_X[1], np.array(_TARGETS[1])),
               lambda x, t: _np_multi_margin(x[None], np.array([t]), reduction="sum"),
               second_order=False, note="one sample: input (C,), target ()"),
    ],
    "multi_margin_loss_backward": [
        Sample(_gradient(lambda x, t: F.multi_margin_loss(x, t)),
               (np.array(1.5), _X, _TARGETS), _np_multi_margin_gradient),
        Sample(_gradient(lambda x, t: F.multi_margin_loss(x, t, p=2, margin=0.45,
                                                          reduction="none")),
               (_R.standard_normal(3), _X, _TARGETS),
               lambda g, x, t: _np_multi_margin_gradient(g, x, t, 2, 0.45, "none")),
    ],
    "multilabel_margin_loss": [
        Sample(lambda x, t: F.multilabel_margin_loss(x, t), (_X, _LISTED),
               _np_multilabel_margin, second_order=False,
               note="a class listed twice counts twice"),
        Sample(lambda x, t: F.multilabel_margin_loss(x, t, reduction="none"), (_X, _LISTED),
               lambda x, t: _np_multilabel_margin(x, t, "none"), second_order=False),
    ],
    "multilabel_margin_loss_backward": [
        Sample(_gradient(lambda x, t: F.multilabel_margin_loss(x, t, reduction="sum")),
               (np.array(0.5), _X, _LISTED),
               lambda g, x, t: _np_multilabel_gradient(g, x, t, "sum")),
        Sample(_gradient(lambda x, t: F.multilabel_margin_loss(x, t, reduction="none")),
               (_R.standard_normal(3), _X, _LISTED),
               lambda g, x, t: _np_multilabel_gradient(g, x, t, "none")),
    ],
}
