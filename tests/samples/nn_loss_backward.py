"""Samples for src/ember/ops/nn_loss_backward.py: the fused losses' gradient kernels
(mse_loss_backward, nll_loss_backward, ...).

As for tests/samples/backward_primitives.py, a sample reaches a kernel the way a user
does: the loss's gradient for its input, taken with create_graph=True. Its inputs are the
incoming gradient g (one value for a reduced loss), the loss's input and, where the kernel
reads it as a value, the target; the op tests check the kernel's derivatives by finite
differences, and its second derivatives (the loss's third) through create_graph=True.
Inputs stay clear of the kinks, as in tests/samples/nn_loss.py.
"""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng
from tests.samples.backward_primitives import _cut

_R = rng(57)

x34 = _R.standard_normal((3, 4))
y34 = _R.standard_normal((3, 4))
g34 = _R.standard_normal((3, 4))
g3 = _R.standard_normal(3)
g0 = np.array(_R.standard_normal())
far_x = np.array([[-2.5, -0.7, 0.1, 0.55], [1.3, 0.2, -0.05, 3.0]])  # |x - y| clear of
far_y = np.array([[0.1, 0.05, -0.02, 0.0], [0.0, -0.1, 0.0, 0.1]])   # 0.4, 1 and 2
g24 = _R.standard_normal((2, 4))
signs34 = np.sign(_R.standard_normal((3, 4)))
probabilities34 = _R.uniform(0.1, 0.9, (3, 4))
soft34 = _R.uniform(0.0, 1.0, (3, 4))
weight4 = _R.uniform(0.5, 2.0, 4)
classes = np.array([2, 0, 3])
classes_ignored = np.array([2, -100, 1])
x2d = _R.standard_normal((2, 3, 2, 3))
classes2d = _R.integers(0, 3, (2, 2, 3))
g223 = _R.standard_normal((2, 2, 3))


def loss_gradient(loss):
    """fn(g, x, *rest): the gradient of loss(x, *rest) for x at the cotangent g, taken with
    create_graph=True (cut from the inner graph when nothing outside requires grad, as an
    op's result would be)."""
    def fn(g, x, *rest):
        outer = any(getattr(v, "requires_grad", False) for v in (g, x, *rest))
        with ember.enable_grad():
            if not x.requires_grad:
                x = x.clone().requires_grad_()  # (a clone keeps a forward-mode tangent)
            (grad,) = ember.autograd.grad(loss(x, *rest), x, g, create_graph=True)
        return grad if outer else _cut(grad)

    return fn


def _share(g, x, reduction):
    return g / x.size if reduction == "mean" else g


def _smooth_l1(g, x, y, reduction, beta):
    d = x - y
    return _share(g, x, reduction) * np.where(np.abs(d) < beta, d / beta, np.sign(d))


def _huber(g, x, y, reduction, delta):
    d = x - y
    return _share(g, x, reduction) * np.where(np.abs(d) <= delta, d, delta * np.sign(d))


def _nll(g, x, t, w=None, reduction="mean", ignore_index=-100):
    classes_last = np.moveaxis(np.zeros_like(x), 1, -1) if x.ndim > 1 else np.zeros_like(x)
    keep = t != ignore_index
    safe = np.where(keep, t, 0)
    weights = (np.ones(x.shape[1 if x.ndim > 1 else 0]) if w is None else w)[safe] * keep
    share = g / weights.sum() if reduction == "mean" else g
    np.put_along_axis(classes_last, safe[..., None], (-weights * share)[..., None], -1)
    return np.moveaxis(classes_last, -1, 1) if x.ndim > 1 else classes_last


SAMPLES: dict[str, list[Sample]] = {
    "mse_loss_backward": [
        Sample(loss_gradient(F.mse_loss), (g0, x34, y34),
               lambda g, x, y: 2 * (x - y) * g / x.size),
        Sample(loss_gradient(lambda x, y: F.mse_loss(x, y, reduction="none")), (g34, x34, y34),
               lambda g, x, y: 2 * (x - y) * g),
        Sample(loss_gradient(lambda x, y: F.mse_loss(y, x, reduction="sum")), (g0, x34, y34),
               lambda g, x, y: 2 * (x - y) * g, note="the target's gradient: input and "
                                                    "target swapped"),
    ],
    "smooth_l1_loss_backward": [
        Sample(loss_gradient(F.smooth_l1_loss), (g0, far_x, far_y),
               lambda g, x, y: _smooth_l1(g, x, y, "mean", 1.0)),
        Sample(loss_gradient(lambda x, y: F.smooth_l1_loss(x, y, reduction="none", beta=0.4)),
               (g24, far_x, far_y), lambda g, x, y: _smooth_l1(g, x, y, "none", 0.4)),
    ],
    "huber_loss_backward": [
        Sample(loss_gradient(F.huber_loss), (g0, far_x, far_y),
               lambda g, x, y: _huber(g, x, y, "mean", 1.0)),
        Sample(loss_gradient(lambda x, y: F.huber_loss(x, y, reduction="sum", delta=2.0)),
               (g0, far_x, far_y), lambda g, x, y: _huber(g, x, y, "sum", 2.0)),
    ],
    "soft_margin_loss_backward": [
        Sample(loss_gradient(F.soft_margin_loss), (g0, x34, signs34),
               lambda g, x, y: g / x.size * -y / (1 + np.exp(y * x)), nondiff=(2,)),
        Sample(loss_gradient(lambda x, y: F.soft_margin_loss(x, y, reduction="none")),
               (g34, x34, signs34), lambda g, x, y: g * -y / (1 + np.exp(y * x)),
               nondiff=(2,)),
    ],
    "binary_cross_entropy_backward": [
        Sample(loss_gradient(F.binary_cross_entropy), (g0, probabilities34, soft34),
               lambda g, x, y: g / x.size * (x - y) / (x * (1 - x))),
        Sample(loss_gradient(lambda x, y, w: F.binary_cross_entropy(x, y, weight=w,
                                                                    reduction="none")),
               (g34, probabilities34, soft34, weight4),
               lambda g, x, y, w: g * w * (x - y) / (x * (1 - x)), nondiff=(3,)),
    ],
    "nll_loss_backward": [
        Sample(loss_gradient(F.nll_loss), (g0, x34, classes), lambda g, x, t: _nll(g, x, t)),
        Sample(loss_gradient(lambda x, t, w: F.nll_loss(x, t, weight=w, reduction="none")),
               (g3, x34, classes_ignored, weight4),
               lambda g, x, t, w: _nll(g, x, t, w, "none"), nondiff=(3,)),
        Sample(loss_gradient(lambda x, t, w: F.nll_loss(x, t, weight=w)),
               (g0, x34, classes_ignored, weight4),
               lambda g, x, t, w: _nll(g, x, t, w, "mean"), nondiff=(3,)),
    ],
    "nll_loss2d_backward": [
        Sample(loss_gradient(F.nll_loss), (g0, x2d, classes2d), lambda g, x, t: _nll(g, x, t)),
        Sample(loss_gradient(lambda x, t: F.nll_loss(x, t, reduction="none")),
               (g223, x2d, classes2d), lambda g, x, t: _nll(g, x, t, None, "none")),
    ],
}
