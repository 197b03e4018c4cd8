"""Samples for src/ember/ops/F.py: softmax, log_softmax and the activations that
ember.nn.functional exposes (logsigmoid, softplus, gelu; torch has them only there).

Inputs include large magnitudes on purpose: the stable formulas must not overflow.
Softplus inputs stay clear of the threshold, where its derivative jumps.
"""

from __future__ import annotations

import math

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(37)

x23 = _R.standard_normal((2, 3))
x234 = _R.standard_normal((2, 3, 4))
x5 = _R.standard_normal(5)
large = np.array([[1000.0, 998.5, -1000.0], [-3.0, 50.0, 49.0]])
scalar = np.array(0.4)
ints = _R.integers(-3, 4, (2, 3)).astype(np.int64)
wide = np.array([-30.0, -4.2, -0.7, 0.3, 2.1, 35.0])


def softmax_reference(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax_reference(x: np.ndarray, axis: int) -> np.ndarray:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softplus_reference(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0):
    return np.where(x * beta > threshold, x, np.logaddexp(0, x * beta) / beta)


_erf = np.vectorize(math.erf)


def gelu_reference(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + _erf(x / math.sqrt(2)))


def gelu_tanh_reference(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


SAMPLES: dict[str, list[Sample]] = {
    "softmax": [
        Sample(lambda x: ember.softmax(x, 1), (x23,), lambda x: softmax_reference(x, 1)),
        Sample(lambda x: x.softmax(0), (x234,), lambda x: softmax_reference(x, 0)),
        Sample(lambda x: x.softmax(dim=-1), (large,), lambda x: softmax_reference(x, -1),
               note="exp(1000.) overflows unless the max is subtracted"),
        Sample(lambda x: ember.softmax(x, 0), (scalar,), lambda x: np.array(1.0)),
        Sample(lambda x: ember.softmax(x, 1, dtype=ember.float64), (ints,),
               lambda x: softmax_reference(x.astype(np.float64), 1), note="dtype= casts"),
        Sample(lambda x: F.softmax(x, -1), (x234,), lambda x: softmax_reference(x, -1)),
        Sample(lambda x: F.softmin(x, 1), (x23,), lambda x: softmax_reference(-x, 1),
               note="softmin is softmax of -x"),
        Sample(lambda x: F.softmin(x, 0, dtype=ember.float64), (ints,),
               lambda x: softmax_reference(-x.astype(np.float64), 0)),
        Sample(lambda x: ember.softmax(x, 1, ember.float32), (x23,),
               lambda x: softmax_reference(x, 1).astype(np.float32), atol=1e-6,
               note="dtype given positionally"),
    ],
    "log_softmax": [
        Sample(lambda x: ember.log_softmax(x, 1), (x23,),
               lambda x: log_softmax_reference(x, 1)),
        Sample(lambda x: x.log_softmax(-2), (x234,), lambda x: log_softmax_reference(x, -2)),
        Sample(lambda x: x.log_softmax(1), (large,), lambda x: log_softmax_reference(x, 1),
               note="-2000 stays finite"),
        Sample(lambda x: ember.log_softmax(x, -1), (scalar,), lambda x: np.array(0.0)),
        Sample(lambda x: F.log_softmax(x, 2), (x234,), lambda x: log_softmax_reference(x, 2)),
        Sample(lambda x: x.log_softmax(0, dtype=ember.float64), (ints,),
               lambda x: log_softmax_reference(x.astype(np.float64), 0)),
    ],
    "logsigmoid": [
        Sample(lambda x: F.logsigmoid(x), (x23,), lambda x: -np.logaddexp(0, -x)),
        Sample(lambda x: F.logsigmoid(x), (wide,), lambda x: -np.logaddexp(0, -x),
               note="large magnitudes of both signs"),
    ],
    "softplus": [
        Sample(lambda x: F.softplus(x), (x23,), softplus_reference),
        Sample(lambda x: F.softplus(x), (wide,), softplus_reference,
               note="35 is above the default threshold of 20"),
        Sample(lambda x: F.softplus(x, beta=2.0, threshold=3.0), (wide,),
               lambda x: softplus_reference(x, 2.0, 3.0)),
    ],
    "gelu": [
        Sample(lambda x: F.gelu(x), (x5,), gelu_reference),
        Sample(lambda x: F.gelu(x, approximate="tanh"), (x23,), gelu_tanh_reference),
        Sample(lambda x: F.gelu(x), (wide,), gelu_reference),
    ],
}
