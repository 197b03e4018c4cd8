"""Samples of scatter(..., reduce='add' | 'multiply'): recorded without a derivative, as
torch records it (NotImplemented), so only the forward is checked."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(41)
x34 = _R.uniform(-2, 2, (3, 4))
repeated_index = np.array([[0, 0], [3, 1], [2, 2]])  # repeats accumulate


def _reduced(x, index, src, ufunc):
    out = x.copy()
    rows = np.arange(index.shape[0])[:, None]
    ufunc.at(out, (rows, index), src if np.ndim(src) == 0 else src[:, :index.shape[1]])
    return out


SAMPLES = {
    "scatter_reducing": [
        Sample(lambda p, i, s: p.scatter(1, i, s, reduce="add"),
               (x34, repeated_index, x34[:, :2] * 3),
               lambda p, i, s: _reduced(p, i, s, np.add), nondiff=(0, 1, 2)),
        Sample(lambda p, i, s: ember.scatter(p, 1, i, s, reduce="multiply"),
               (x34, repeated_index, x34 + 1),
               lambda p, i, s: _reduced(p, i, s, np.multiply), nondiff=(0, 1, 2)),
    ],
    "scatter_value_reducing": [
        Sample(lambda p, i: p.scatter(1, i, 1.5, reduce="add"), (x34, repeated_index),
               lambda p, i: _reduced(p, i, 1.5, np.add), nondiff=(0, 1)),
        Sample(lambda p, i: p.scatter(1, i, -2.0, reduce="multiply"), (x34, repeated_index),
               lambda p, i: _reduced(p, i, -2.0, np.multiply), nondiff=(0, 1)),
    ],
}
