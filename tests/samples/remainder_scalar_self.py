"""Samples of number % tensor (remainder with a number first): recorded without a
derivative, as torch records it (NotImplemented), so only the forward is checked."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample

divisors = np.array([[1.5, -2.0, 0.75], [-0.5, 3.0, -4.0]])

SAMPLES = {
    "remainder_scalar_self": [
        Sample(lambda b: 5.0 % b, (divisors,), lambda b: np.remainder(5.0, b), nondiff=(0,)),
        Sample(lambda b: ember.remainder(-3, b), (divisors,), lambda b: np.remainder(-3, b),
               nondiff=(0,)),
    ],
}
