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

points = _R.uniform(-2, 2, (12, 2))
point_weights = _R.uniform(0, 1, (12,))


def _histogram2d(x: np.ndarray, bins, range_=None, w=None) -> np.ndarray:
    return np.histogramdd(x, bins, range=range_, weights=w)[0]


SAMPLES.update({
    "histogramdd_from_bin_cts": [
        Sample(lambda x: ember.histogramdd(x, [3, 2]).hist, (points,),
               lambda x: _histogram2d(x, [3, 2])),
        Sample(lambda x, w: ember.histogramdd(x, 2, range=[-1.0, 1.0, -2.0, 2.0],
                                              weight=w).hist,
               (points, point_weights),
               lambda x, w: _histogram2d(x, 2, [(-1.0, 1.0), (-2.0, 2.0)], w)),
        Sample(lambda x: ember.histogramdd(x, [3, 2]).bin_edges[1], (points,),
               lambda x: np.histogramdd(x, [3, 2])[1][1], note="the bin edges"),
    ],
    "histogramdd_from_bin_tensors": [
        Sample(lambda x: ember.histogramdd(x, [ember.tensor([-2.0, 0.0, 2.0],
                                                            dtype=ember.float64)] * 2).hist,
               (points,), lambda x: _histogram2d(x, [np.array([-2.0, 0.0, 2.0])] * 2)),
    ],
})
