"""Samples for src/ember/ops/nn_normalization.py: batch, layer and group norm (and instance
norm, which is batch norm of a reshaped input), called through ember.nn.functional, with
NumPy references written from the definitions.

Inputs are small (the gradient checks difference every element) and not constant along
any normalised slice, whose variance would then be 0 and the result eps-dominated.
"""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(83)

x2 = _R.standard_normal((4, 3))
x3 = _R.standard_normal((3, 2, 4))
x4 = _R.standard_normal((2, 3, 2, 2))
w3, b3 = _R.uniform(0.5, 1.5, 3), _R.standard_normal(3)
w2, b2 = _R.uniform(0.5, 1.5, 2), _R.standard_normal(2)
running_mean3, running_var3 = _R.standard_normal(3), _R.uniform(0.5, 2.0, 3)
w24, b24 = _R.uniform(0.5, 1.5, (2, 4)), _R.standard_normal((2, 4))
w4, b4 = _R.uniform(0.5, 1.5, 4), _R.standard_normal(4)
x6 = _R.standard_normal((2, 6, 3))
w6, b6 = _R.uniform(0.5, 1.5, 6), _R.standard_normal(6)


def normalized(x, axes, eps=1e-5):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


def _channel(v, ndim):
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def batch_norm_reference(x, w=None, b=None):
    y = normalized(x, (0, *range(2, x.ndim)))
    if w is not None:
        y = y * _channel(w, x.ndim)
    if b is not None:
        y = y + _channel(b, x.ndim)
    return y


def batch_norm_eval_reference(x, w, b, mean, var, eps=1e-5):
    y = (x - _channel(mean, x.ndim)) / np.sqrt(_channel(var, x.ndim) + eps)
    return y * _channel(w, x.ndim) + _channel(b, x.ndim)


def layer_norm_reference(x, shape, w=None, b=None):
    y = normalized(x, tuple(range(x.ndim - len(shape), x.ndim)))
    return y * (1 if w is None else w) + (0 if b is None else b)


def group_norm_reference(x, groups, w=None, b=None):
    n, c = x.shape[:2]
    y = normalized(x.reshape(n, groups, -1), (2,)).reshape(x.shape)
    if w is not None:
        y = y * _channel(w, x.ndim) + _channel(b, x.ndim)
    return y


def instance_norm_reference(x, w=None, b=None):
    y = normalized(x, tuple(range(2, x.ndim)))
    if w is not None:
        y = y * _channel(w, x.ndim) + _channel(b, x.ndim)
    return y


def _training(x, w=None, b=None):
    return F.batch_norm(x, None, None, w, b, training=True)


def _with_running(x, w, b):
    # running statistics are updated in place; the result uses the batch's
    return F.batch_norm(x, ember.zeros(3, dtype=ember.float64),
                        ember.ones(3, dtype=ember.float64), w, b, training=True, momentum=0.3)


def _evaluation(x, w, b):
    return F.batch_norm(x, ember.tensor(running_mean3), ember.tensor(running_var3), w, b)


SAMPLES: dict[str, list[Sample]] = {
    "native_batch_norm": [
        Sample(_training, (x2, w3, b3), batch_norm_reference),
        Sample(_training, (x3[:, :2].copy(),), lambda x: batch_norm_reference(x)),
        Sample(_with_running, (x4, w3, b3), batch_norm_reference),
        Sample(lambda x, w: F.batch_norm(x, None, None, w, None, True), (x4, w3),
               lambda x, w: batch_norm_reference(x, w)),
        Sample(_evaluation, (x4, w3, b3),
               lambda x, w, b: batch_norm_eval_reference(x, w, b, running_mean3,
                                                         running_var3)),
        Sample(_training, (x4.astype(np.float32),),
               lambda x: batch_norm_reference(x).astype(np.float32), atol=1e-5),
        Sample(lambda x, w, b: F.instance_norm(x, weight=w, bias=b), (x3[:, :2].copy(), w2,
                                                                       b2),
               instance_norm_reference),
        Sample(lambda x: F.instance_norm(x), (x4,), instance_norm_reference),
    ],
    "native_layer_norm": [
        Sample(lambda x, w, b: F.layer_norm(x, (2, 4), w, b), (x3, w24, b24),
               lambda x, w, b: layer_norm_reference(x, (2, 4), w, b)),
        Sample(lambda x: F.layer_norm(x, (4,)), (x3,),
               lambda x: layer_norm_reference(x, (4,))),
        Sample(lambda x, w: F.layer_norm(x, [4], w), (x3, w4),
               lambda x, w: layer_norm_reference(x, (4,), w)),
        Sample(lambda x, b: F.layer_norm(x, (4,), None, b), (x3, b4),
               lambda x, b: layer_norm_reference(x, (4,), None, b)),
        Sample(lambda x: F.layer_norm(x, (3,)), (x2.astype(np.float32),),
               lambda x: layer_norm_reference(x, (3,)).astype(np.float32), atol=1e-5),
    ],
    "native_group_norm": [
        Sample(lambda x, w, b: F.group_norm(x, 3, w, b), (x6, w6, b6),
               lambda x, w, b: group_norm_reference(x, 3, w, b)),
        Sample(lambda x: F.group_norm(x, 2), (x6,), lambda x: group_norm_reference(x, 2)),
        Sample(lambda x, w, b: F.group_norm(x, 1, w, b), (x4, w3, b3),
               lambda x, w, b: group_norm_reference(x, 1, w, b)),
        Sample(lambda x, w, b: F.group_norm(x, 3, w, b), (x4, w3, b3),
               lambda x, w, b: group_norm_reference(x, 3, w, b)),
    ],
}


def _weight_gradient(norm):
    """fn(x, w, v): the gradient of norm(x, w) with respect to the weight w for the
    upstream gradient v, taken with create_graph=True, so that it is recorded through
    torch's Native...BackwardBackward0. x and w are constants here (nondiff): the gradient
    is linear in v with coefficients from x alone, so its forward-mode tangent needs no
    graph; the samples above check second derivatives in x."""
    def fn(x, w, v):
        with ember.enable_grad():
            leaf = w.detach().requires_grad_()
            (grad,) = ember.autograd.grad(norm(x, leaf), leaf, v, create_graph=True)
        return grad
    return fn


def _sum_but(value, axes):
    return value.sum(axis=tuple(a for a in range(value.ndim) if a not in axes))


_v2, _v3 = _R.standard_normal((4, 3)), _R.standard_normal((3, 2, 4))

SAMPLES.update({
    "native_batch_norm_backward": [
        Sample(_weight_gradient(lambda x, w: F.batch_norm(x, None, None, w, None, True)),
               (x2, w3, _v2), lambda x, w, v: _sum_but(v * batch_norm_reference(x), (1,)),
               nondiff=(0, 1)),
    ],
    "native_layer_norm_backward": [
        Sample(_weight_gradient(lambda x, w: F.layer_norm(x, (4,), w)), (x3, w4, _v3),
               lambda x, w, v: _sum_but(v * layer_norm_reference(x, (4,)), (2,)),
               nondiff=(0, 1)),
    ],
})
