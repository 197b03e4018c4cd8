"""Samples for var_mean's and std_mean's mean (op `welford_mean` in
src/ember/ops/reduction_stats.py): the mean of torch's Welford update, which equals the
plain mean on finite values and differs only where a value is inf or a sum overflows
(tests/reference/cases_numerics.py pins those)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(307)
x23 = _R.standard_normal((2, 3))
x234 = _R.standard_normal((2, 3, 4))

SAMPLES: dict[str, list[Sample]] = {
    "welford_mean": [
        Sample(lambda x: ember.var_mean(x)[1], (x23,), lambda x: np.mean(x)),
        Sample(lambda x: ember.std_mean(x, (0, 2), keepdim=True)[1], (x234,),
               lambda x: np.mean(x, (0, 2), keepdims=True), note="dims, keepdim"),
        Sample(lambda x: ember.var_mean(x, 1, correction=0)[1] * 2, (x23,),
               lambda x: np.mean(x, 1) * 2, note="one dim"),
    ],
}
