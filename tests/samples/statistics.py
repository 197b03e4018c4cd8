"""Samples for the ops of src/ember/ops/statistics.py: histogram's two results (the counts
and the bin edges), which carry torch's NotImplemented node when the input requires grad.
cov, corrcoef and gradient compose other ops; tests/reference/cases_api_more.py checks
their values and gradients against torch."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(855)
data = _R.uniform(-2, 2, (20,))
weights = _R.uniform(0, 1, (20,))

SAMPLES: dict[str, list[Sample]] = {
    "histogram": [
        Sample(lambda x: ember.histogram(x, 5)[0], (data,),
               lambda x: np.histogram(x, 5)[0].astype(x.dtype)),
        Sample(lambda x, w: ember.histogram(x, 4, range=(-1.0, 1.0), weight=w).hist,
               (data, weights),
               lambda x, w: np.histogram(x, 4, range=(-1.0, 1.0), weights=w)[0]),
    ],
    "histogram_bin_edges": [
        Sample(lambda x: ember.histogram(x, 5)[1], (data,),
               lambda x: np.histogram(x, 5)[1]),
        Sample(lambda x: x.histogram(ember.tensor([-2.0, 0.0, 0.5, 2.0], dtype=ember.float64))
               .bin_edges, (data,), lambda x: np.array([-2.0, 0.0, 0.5, 2.0])),
    ],
}
