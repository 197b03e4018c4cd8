"""Samples for src/ember/ops/backward_primitives.py: the gradient kernels torch's backward
formulas end in (sigmoid_backward, threshold_backward, ...).

They are not public functions (torch exposes them only as torch.ops.aten.*): a sample
reaches one the way a user does, by taking the first derivative of the activation with
create_graph=True. Its inputs are the incoming gradient g and the activation's input x;
the op tests then check the kernel's own derivatives (with respect to g and, through the
saved value, to x) against finite differences, and its second derivatives through another
create_graph=True: the third derivative of the activation. Inputs stay clear of kinks.
"""

from __future__ import annotations

import math

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(53)
_SHAPE = (2, 3)


def _clear_of(kinks: tuple, shape: tuple = _SHAPE, scale: float = 2.0,
              margin: float = 0.1) -> np.ndarray:
    x = _R.standard_normal(shape) * scale
    for k in kinks:
        close = np.abs(x - k) < margin
        x[close] = k + np.where(x[close] >= k, margin, -margin) * 2
    return x


def gradient_of(activation):
    """fn(g, x): the gradient of activation at x for the cotangent g, taken with
    create_graph=True. Called on inputs that do not require grad (the forward checks,
    forward mode), it still needs x to require grad inside, and cuts the result (and its
    tangent) from that inner graph, as an op's result would have none."""
    def fn(g, x):
        outer = x.requires_grad or g.requires_grad
        with ember.enable_grad():
            if not x.requires_grad:
                x = x.clone().requires_grad_()  # (a clone keeps a forward-mode tangent)
            (grad,) = ember.autograd.grad(activation(x), x, g, create_graph=True)
        return grad if outer else _cut(grad)

    return fn


def _cut(tensor):
    forward_ad = ember.autograd.forward_ad  # (an attribute: the scripts bind torch as ember)
    primal, tangent = forward_ad.unpack_dual(tensor)
    if tangent is None:
        return primal.detach()
    return forward_ad.make_dual(primal.detach(), tangent.detach())


def _sample(activation, derivative, x: np.ndarray, **options) -> Sample:
    """A sample of g * activation'(x); `derivative` is activation' in NumPy."""
    g = _R.standard_normal(x.shape)
    return Sample(gradient_of(activation), (g, x), lambda g, x: g * derivative(x), **options)


def _prelu_gradient(g, x, w):
    """prelu's gradient for the input at x for the cotangent g, taken with create_graph=True
    (as gradient_of, with the weight an input too)."""
    outer = x.requires_grad or g.requires_grad or w.requires_grad
    with ember.enable_grad():
        if not x.requires_grad:
            x = x.clone().requires_grad_()
        (grad,) = ember.autograd.grad(F.prelu(x, w), x, g, create_graph=True)
    return grad if outer else _cut(grad)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _pdf(x):
    return np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def _cdf(x):
    return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def _gelu_tanh_derivative(x):
    k, c = math.sqrt(2 / math.pi), 0.044715
    t = np.tanh(k * (x + c * x ** 3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * c * x * x)


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_gradient(g, x, axis):
    y = _softmax(x, axis)
    return y * (g - (g * y).sum(axis=axis, keepdims=True))


def _log_softmax_gradient(g, x, axis):
    return g - _softmax(x, axis) * g.sum(axis=axis, keepdims=True)


away = _clear_of((0.0,))
shrinkable = _clear_of((-0.5, 0.5), (3, 4))
_g23 = _R.standard_normal(_SHAPE)
_g234 = _R.standard_normal((2, 3, 4))
_x234 = _R.standard_normal((2, 3, 4))

SAMPLES: dict[str, list[Sample]] = {
    "threshold_backward": [
        _sample(ember.relu, lambda x: (x > 0) * 1.0, away),
        _sample(lambda x: F.threshold(x, 0.3, -1.0), lambda x: (x > 0.3) * 1.0,
                _clear_of((0.3,))),
        _sample(lambda x: F.relu(x * 1, inplace=True), lambda x: (x > 0) * 1.0, away),
    ],
    "hardtanh_backward": [
        _sample(lambda x: F.hardtanh(x, -0.5, 0.7), lambda x: ((x > -0.5) & (x < 0.7)) * 1.0,
                _clear_of((-0.5, 0.7), scale=1.0)),
        _sample(F.relu6, lambda x: ((x > 0) & (x < 6)) * 1.0, _clear_of((0.0, 6.0), scale=4.0)),
    ],
    "softshrink_backward": [
        _sample(F.softshrink, lambda x: (np.abs(x) > 0.5) * 1.0, shrinkable),
    ],
    "hardshrink_backward": [
        _sample(F.hardshrink, lambda x: (np.abs(x) > 0.5) * 1.0, shrinkable),
    ],
    "leaky_relu_backward": [
        _sample(lambda x: F.leaky_relu(x, 0.1), lambda x: np.where(x > 0, 1.0, 0.1), away),
        _sample(lambda x: F.leaky_relu(x * 1, 0.2, inplace=True),
                lambda x: np.where(x > 0, 1.0, 0.2), away),
    ],
    # not differentiable in torch (a NotImplemented node): values only
    "hardsigmoid_backward": [
        _sample(F.hardsigmoid, lambda x: np.where(np.abs(x) < 3, np.float32(1 / 6), 0.0),
                _clear_of((-3.0, 3.0), scale=3.0)),
    ],
    "rrelu_with_noise_backward": [
        _sample(lambda x: F.rrelu(x, 0.1, 0.3), lambda x: np.where(x > 0, 1.0, 0.2), away,
                note="evaluation: the mean slope"),
        _sample(lambda x: F.rrelu(x * 1, 0.2, 0.4, inplace=True),
                lambda x: np.where(x > 0, 1.0, 0.3), away, note="in place: the result saved"),
        Sample(gradient_of(lambda x: F.rrelu(x, 0.1, 0.3, training=True)),
               (_R.standard_normal(_SHAPE), away), None,
               note="training: the drawn slopes (the generator is reseeded for every call)"),
    ],
    "elu_backward": [
        _sample(lambda x: F.elu(x, 1.3), lambda x: np.where(x > 0, 1.0, 1.3 * np.exp(x)), away),
        _sample(lambda x: F.elu(x * 1, 0.8, inplace=True),
                lambda x: np.where(x > 0, 1.0, 0.8 * np.exp(x)), away),
        _sample(lambda x: F.celu(x, 0.7), lambda x: np.where(x > 0, 1.0, np.exp(x / 0.7)), away),
        _sample(F.selu, lambda x: 1.0507009873554805 * np.where(
            x > 0, 1.0, 1.6732632423543772 * np.exp(x)), away),
    ],
    "sigmoid_backward": [
        _sample(ember.sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x)), away),
    ],
    "tanh_backward": [
        _sample(ember.tanh, lambda x: 1 - np.tanh(x) ** 2, away),
    ],
    "softplus_backward": [
        _sample(F.softplus, _sigmoid, away),
        _sample(lambda x: F.softplus(x, beta=2.0, threshold=1.5),
                lambda x: np.where(2 * x > 1.5, 1.0, _sigmoid(2 * x)), _clear_of((0.75,))),
    ],
    "glu_backward": [
        Sample(gradient_of(lambda x: F.glu(x)), (_R.standard_normal((2, 3)),
                                                  _R.standard_normal((2, 6))),
               lambda g, x: np.concatenate(
                   [g * _sigmoid(x[:, 3:]),
                    g * x[:, :3] * _sigmoid(x[:, 3:]) * (1 - _sigmoid(x[:, 3:]))], 1)),
        Sample(gradient_of(lambda x: F.glu(x, 0)), (_R.standard_normal((1, 3)),
                                                     _R.standard_normal((2, 3))),
               lambda g, x: np.concatenate(
                   [g * _sigmoid(x[1:]), g * x[:1] * _sigmoid(x[1:]) * (1 - _sigmoid(x[1:]))],
                   0), note="along dim 0"),
    ],
    "prelu_kernel_backward": [
        Sample(_prelu_gradient, (_R.standard_normal((2, 3, 2)), _clear_of((0.0,), (2, 3, 2)),
                                 np.array([0.25, -0.5, 1.5])),
               lambda g, x, w: np.where(x > 0, g, g * w.reshape(1, 3, 1))),
        Sample(_prelu_gradient, (_R.standard_normal(4), _clear_of((0.0,), (4,)),
                                 np.array([0.3])),
               lambda g, x, w: np.where(x > 0, g, g * w), note="one weight"),
    ],
    "log_sigmoid_backward": [
        _sample(F.logsigmoid, lambda x: _sigmoid(-x), away),
    ],
    "gelu_backward": [
        _sample(F.gelu, lambda x: _cdf(x) + x * _pdf(x), away),
        _sample(lambda x: F.gelu(x, approximate="tanh"), _gelu_tanh_derivative, away),
    ],
    "hardswish_backward": [
        _sample(F.hardswish, lambda x: np.where(x <= -3, 0.0, np.where(x < 3, x / 3 + 0.5, 1.0)),
                _clear_of((-3.0, 3.0), scale=3.0)),
    ],
    "softmax_backward_data": [
        Sample(gradient_of(lambda x: ember.softmax(x, 1)), (_g23, away),
               lambda g, x: _softmax_gradient(g, x, 1)),
        Sample(gradient_of(lambda x: ember.softmax(x, 0)), (_g234, _x234),
               lambda g, x: _softmax_gradient(g, x, 0)),
    ],
    "log_softmax_backward_data": [
        Sample(gradient_of(lambda x: ember.log_softmax(x, 1)), (_g23, away),
               lambda g, x: _log_softmax_gradient(g, x, 1)),
        Sample(gradient_of(lambda x: ember.log_softmax(x, -1)), (_g234, _x234),
               lambda g, x: _log_softmax_gradient(g, x, -1)),
    ],
}
