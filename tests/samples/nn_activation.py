"""Samples for src/ember/ops/nn_activation.py and nn_activation_parametric.py: the
activations with kernels of their own.

They call ember.nn.functional (the public API) and torch-level names where torch has them
(ember.selu, ember.celu, ember.threshold, ember.prelu, Tensor.hardshrink, ember.rrelu).
Inputs stay clear of every kink (finite differences straddling one would measure the
average of two slopes); the gradients *at* the kinks are checked against torch's recorded
values in tests/reference/cases_nn_activation.py. In-place variants (`*_inplace` ops, torch's
`...Backward1`) run on `x * 1`, as a leaf that requires grad cannot be written in place.
"""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from ember.ops.nn_activation import SELU_ALPHA, SELU_SCALE
from tests.samples import Sample, rng

_R = rng(41)


def _clear_of(kinks: tuple, shape: tuple, scale: float = 2.0, margin: float = 0.05):
    """Random values (normal * scale) moved at least `margin` away from each kink."""
    x = _R.standard_normal(shape) * scale
    for k in kinks:
        close = np.abs(x - k) < margin
        x[close] = k + np.where(x[close] >= k, margin, -margin) * 2
    return x


x23 = _clear_of((0.0,), (2, 3))
x234 = _clear_of((0.0,), (2, 3, 4))
wide = np.array([-30.0, -4.2, -0.7, 0.3, 2.1, 35.0])
bounded = _clear_of((-1.0, 1.0), (3, 4))
around_six = np.array([-1.5, 0.4, 3.0, 5.8, 6.3, 9.0])
around_three = np.array([-5.0, -3.2, -2.9, -0.4, 1.1, 2.95, 3.05, 7.0])
shrinkable = _clear_of((-0.5, 0.5), (4, 3))
x32 = x23.astype(np.float32)
x16 = np.array([-2.5, -0.3, 0.7, 4.0], dtype=np.float16)


def leaky_relu_reference(x, slope=0.01):
    return np.where(x > 0, x, x * slope)


def elu_reference(x, alpha=1.0, scale=1.0, input_scale=1.0):
    return np.where(x > 0, scale * x, alpha * scale * np.expm1(np.minimum(x, 0) * input_scale))


def celu_reference(x, alpha=1.0):
    return np.maximum(x, 0) + np.minimum(0, alpha * np.expm1(np.minimum(x, 0) / alpha))


def sigmoid_reference(x):
    return 1 / (1 + np.exp(-x))


def mish_reference(x):
    return x * np.tanh(np.logaddexp(0, x))


def hardsigmoid_reference(x):
    return np.clip(x / 6 + 0.5, 0, 1)


def threshold_reference(x, threshold, value):
    return np.where(x > threshold, x, value)


def softshrink_reference(x, lambd=0.5):
    return np.sign(x) * np.maximum(np.abs(x) - lambd, 0)


def hardshrink_reference(x, lambd=0.5):
    return np.where(np.abs(x) > lambd, x, 0)


def glu_reference(x, axis):
    a, b = np.split(x, 2, axis=axis)
    return a * sigmoid_reference(b)


def prelu_reference(x, weight):
    shape = (1, weight.size) + (1,) * (x.ndim - 2) if weight.size > 1 else ()
    return np.where(x > 0, x, weight.reshape(shape) * x)


def _as32(reference):
    return lambda *arrays: reference(*arrays).astype(np.float32)


def _as16(reference):
    return lambda *arrays: reference(*[a.astype(np.float32) for a in arrays]).astype(np.float16)


_F16 = dict(atol=2e-3, rtol=2e-3)

SAMPLES: dict[str, list[Sample]] = {
    "hardtanh": [
        Sample(lambda x: F.hardtanh(x), (bounded,), lambda x: np.clip(x, -1, 1)),
        Sample(lambda x: F.hardtanh(x, -0.5, 2.0), (bounded,), lambda x: np.clip(x, -0.5, 2.0)),
        Sample(lambda x: F.relu6(x), (around_six,), lambda x: np.clip(x, 0, 6),
               note="relu6 is recorded as hardtanh"),
        Sample(lambda x: F.hardtanh(x * 1, inplace=True), (bounded,), lambda x: np.clip(x, -1, 1),
               note="torch records hardtanh_ as HardtanhBackward0 too"),
        Sample(lambda x: F.relu6(x), (np.array([[-3, 2, 9]]),), lambda x: np.clip(x, 0, 6),
               note="integers stay integers"),
        Sample(lambda x: F.hardtanh(x), (x32,), _as32(lambda x: np.clip(x, -1, 1))),
    ],
    "leaky_relu": [
        Sample(lambda x: F.leaky_relu(x), (x23,), leaky_relu_reference),
        Sample(lambda x: F.leaky_relu(x, 0.2), (x234,), lambda x: leaky_relu_reference(x, 0.2)),
        Sample(lambda x: F.leaky_relu(x, -1.5), (x23,), lambda x: leaky_relu_reference(x, -1.5)),
        Sample(lambda x: F.leaky_relu(x, 0.1), (x16,), _as16(lambda x: leaky_relu_reference(x, .1)),
               **_F16),
    ],
    "leaky_relu_inplace": [
        Sample(lambda x: F.leaky_relu(x * 1, 0.3, inplace=True), (x23,),
               lambda x: leaky_relu_reference(x, 0.3)),
        Sample(lambda x: F.leaky_relu_(x * 1), (x234,), leaky_relu_reference),
    ],
    "elu": [
        Sample(lambda x: F.elu(x), (x23,), elu_reference),
        Sample(lambda x: F.elu(x, 0.4), (wide,), lambda x: elu_reference(x, 0.4)),
        Sample(lambda x: F.selu(x), (x234,),
               lambda x: elu_reference(x, SELU_ALPHA, SELU_SCALE), note="selu is an elu"),
        Sample(lambda x: ember.selu(x), (x23,),
               lambda x: elu_reference(x, SELU_ALPHA, SELU_SCALE)),
        Sample(lambda x: F.elu(x, -0.7), (x23,), lambda x: elu_reference(x, -0.7)),
        Sample(lambda x: F.elu(x), (x32,), _as32(elu_reference)),
        Sample(lambda x: F.selu(x), (x16,), _as16(lambda x: elu_reference(x, SELU_ALPHA,
                                                                          SELU_SCALE)), **_F16),
    ],
    "elu_inplace": [
        Sample(lambda x: F.elu(x * 1, 2.0, inplace=True), (x23,), lambda x: elu_reference(x, 2.0)),
        Sample(lambda x: F.selu_(x * 1), (x234,),
               lambda x: elu_reference(x, SELU_ALPHA, SELU_SCALE)),
        Sample(lambda x: ember.selu_(x * 1), (wide,),
               lambda x: elu_reference(x, SELU_ALPHA, SELU_SCALE)),
    ],
    "celu": [
        Sample(lambda x: F.celu(x), (x23,), celu_reference),
        Sample(lambda x: F.celu(x, 2.5), (wide,), lambda x: celu_reference(x, 2.5)),
        Sample(lambda x: ember.celu(x, 0.5), (x234,), lambda x: celu_reference(x, 0.5)),
    ],
    "celu_inplace": [
        Sample(lambda x: F.celu(x * 1, 1.7, inplace=True), (x23,),
               lambda x: celu_reference(x, 1.7)),
        Sample(lambda x: ember.celu_(x * 1), (x234,), celu_reference),
    ],
    "silu": [
        Sample(lambda x: F.silu(x), (x23,), lambda x: x * sigmoid_reference(x)),
        Sample(lambda x: F.silu(x), (wide,), lambda x: x * sigmoid_reference(x)),
        Sample(lambda x: F.silu(x * 1, inplace=True), (x234,), lambda x: x * sigmoid_reference(x)),
        Sample(lambda x: F.silu(x), (x16,), _as16(lambda x: x * sigmoid_reference(x)), **_F16),
    ],
    "mish": [
        Sample(lambda x: F.mish(x), (x23,), mish_reference),
        Sample(lambda x: F.mish(x), (wide,), mish_reference),
        Sample(lambda x: F.mish(x * 1, inplace=True), (x234,), mish_reference),
        Sample(lambda x: F.mish(x), (x32,), _as32(mish_reference)),
    ],
    # torch implements no second derivative of hardsigmoid (its kernel's node refuses)
    "hardsigmoid": [
        Sample(lambda x: F.hardsigmoid(x), (around_three,), hardsigmoid_reference,
               second_order=False),
        Sample(lambda x: F.hardsigmoid(x * 1, inplace=True), (around_three,),
               hardsigmoid_reference, second_order=False),
        Sample(lambda x: F.hardsigmoid(x), (x32,), _as32(hardsigmoid_reference),
               second_order=False),
    ],
    "hardswish": [
        Sample(lambda x: F.hardswish(x), (around_three,), lambda x: x * hardsigmoid_reference(x)),
        Sample(lambda x: F.hardswish(x * 1, inplace=True), (around_three,),
               lambda x: x * hardsigmoid_reference(x)),
        Sample(lambda x: F.hardswish(x), (x16,), _as16(lambda x: x * hardsigmoid_reference(x)),
               **_F16),
    ],
    "threshold": [
        Sample(lambda x: F.threshold(x, 0.1, 20.0), (x23,),
               lambda x: threshold_reference(x, 0.1, 20.0)),
        Sample(lambda x: ember.threshold(x, -0.5, -3.0), (wide,),
               lambda x: threshold_reference(x, -0.5, -3.0)),
        Sample(lambda x: F.threshold(x, 1, 7), (np.array([[-2, 1, 2, 5]]),),
               lambda x: threshold_reference(x, 1, 7), note="integers stay integers"),
    ],
    "threshold_inplace": [
        Sample(lambda x: F.threshold(x * 1, 0.2, -1.0, inplace=True), (x23,),
               lambda x: threshold_reference(x, 0.2, -1.0)),
        Sample(lambda x: F.threshold_(x * 1, 0.2, 5.0), (x234,),
               lambda x: threshold_reference(x, 0.2, 5.0),
               note="the mask comes from the input, even where the value passes the threshold"),
    ],
    "softshrink": [
        Sample(lambda x: F.softshrink(x), (shrinkable,), softshrink_reference),
        Sample(lambda x: F.softshrink(x, 1.25), (wide,), lambda x: softshrink_reference(x, 1.25)),
        Sample(lambda x: F.softshrink(x), (x16,), _as16(softshrink_reference), **_F16),
    ],
    "hardshrink": [
        Sample(lambda x: F.hardshrink(x), (shrinkable,), hardshrink_reference),
        Sample(lambda x: x.hardshrink(1.0), (wide,), lambda x: hardshrink_reference(x, 1.0)),
        Sample(lambda x: ember.hardshrink(x, 0.0), (x23,), lambda x: hardshrink_reference(x, 0)),
    ],
    "glu": [
        Sample(lambda x: F.glu(x), (x234,), lambda x: glu_reference(x, -1)),
        Sample(lambda x: F.glu(x, 0), (_R.standard_normal((4, 3)),),
               lambda x: glu_reference(x, 0)),
        Sample(lambda x: F.glu(x, 1), (x234[:, :2].copy(),), lambda x: glu_reference(x, 1)),
        Sample(lambda x: F.glu(x, 0), (_R.standard_normal(6),), lambda x: glu_reference(x, 0)),
        Sample(lambda x: F.glu(x), (_R.standard_normal(4).astype(np.float32),),
               _as32(lambda x: glu_reference(x, -1))),
    ],
    "prelu": [
        Sample(lambda x, w: F.prelu(x, w), (x234, np.array([0.25, -0.5, 1.5])), prelu_reference),
        Sample(lambda x, w: F.prelu(x, w), (x23, np.array([0.1])), prelu_reference,
               note="one weight for every channel"),
        Sample(lambda x, w: ember.prelu(x, w), (wide, np.array(0.3)), prelu_reference,
               note="a 0-d weight"),
        Sample(lambda x, w: x.prelu(w), (x23, np.array([-0.2, 0.4, 0.6])), prelu_reference),
        Sample(lambda x, w: F.prelu(x, w), (_clear_of((0.0,), (2, 2, 2, 3)), np.array([2.0, 0.5])),
               prelu_reference, note="4-d input: the weight lines up with dim 1"),
        Sample(lambda x, w: F.prelu(x, w), (x234, np.array([0.25, 0.5, 1.0])), prelu_reference,
               nondiff=(1,), note="gradient for the input only"),
        Sample(lambda x, w: F.prelu(x, w), (x32, np.array([0.3], dtype=np.float32)),
               lambda x, w: prelu_reference(x, w).astype(np.float32)),
    ],
    "rrelu_with_noise": [
        Sample(lambda x: F.rrelu(x), (x23,), lambda x: leaky_relu_reference(x, (1 / 8 + 1 / 3) / 2),
               note="evaluation mode: the mean slope"),
        Sample(lambda x: ember.rrelu(x, 0.1, 0.3), (x234,),
               lambda x: leaky_relu_reference(x, 0.2)),
        Sample(lambda x: F.rrelu(x, 0.1, 0.3, training=True), (x234,), None,
               note="random slopes; the generator is reseeded before every call"),
    ],
    "rrelu_with_noise_inplace": [
        Sample(lambda x: F.rrelu(x * 1, inplace=True), (x23,),
               lambda x: leaky_relu_reference(x, (1 / 8 + 1 / 3) / 2)),
        Sample(lambda x: F.rrelu_(x * 1, 0.2, 0.5, True), (x234,), None,
               note="random slopes; the generator is reseeded before every call"),
    ],
}
