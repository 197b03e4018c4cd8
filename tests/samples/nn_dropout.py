"""Samples for src/ember/ops/nn_dropout.py: torch.native_dropout with masks that do not
depend on the draws (p 0 keeps every element, p 1 none, train False returns the input), so
the gradient checks see one function."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(1604)
x23 = _R.standard_normal((2, 3))

SAMPLES: dict[str, list[Sample]] = {
    "native_dropout": [
        Sample(lambda p: ember.native_dropout(p, 0.0, True)[0], (x23,), lambda p: p),
        Sample(lambda p: ember.native_dropout(p, 0.5, False)[0], (x23,), lambda p: p),
        Sample(lambda p: ember.native_dropout(p, 1.0, True)[0], (x23,),
               lambda p: np.zeros_like(p)),
    ],
}
