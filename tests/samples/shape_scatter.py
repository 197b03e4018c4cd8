"""Samples for the ops of src/ember/ops/shape_scatter.py: slice_scatter, select_scatter and
diagonal_scatter (a copy of the input with `src` written into one view of it)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(851)
x34 = _R.uniform(-2, 2, (3, 4))
x234 = _R.uniform(-2, 2, (2, 3, 4))
src32 = _R.uniform(-2, 2, (3, 2))
src24 = _R.uniform(-2, 2, (2, 4))
src3 = _R.uniform(-2, 2, (3,))
src4 = _R.uniform(-2, 2, (4,))
src23 = _R.uniform(-2, 2, (2, 3))
src2 = _R.uniform(-2, 2, (2,))
src232 = _R.uniform(-2, 2, (2, 3, 2))


def written(x, where, src):
    out = x.copy()
    out[where] = src
    return out


def np_diagonal_scatter(x, src, offset=0, dim1=0, dim2=1):
    out = x.copy()
    moved = np.moveaxis(out, (dim1, dim2), (-2, -1))
    rows, cols = moved.shape[-2:]
    for k in range(src.shape[-1]):
        i, j = (k, k + offset) if offset >= 0 else (k - offset, k)
        if i < rows and j < cols:
            moved[..., i, j] = src[..., k]
    return out


SAMPLES: dict[str, list[Sample]] = {
    "slice_scatter": [
        Sample(lambda x, s: ember.slice_scatter(x, s, 1, 1, 3), (x34, src32),
               lambda x, s: written(x, (slice(None), slice(1, 3)), s)),
        Sample(lambda x, s: x.slice_scatter(s, start=0, end=3, step=2), (x34, src24),
               lambda x, s: written(x, slice(0, 3, 2), s)),
        Sample(lambda x, s: ember.slice_scatter(x, s, -1, -2), (x234, src232),
               lambda x, s: written(x, (Ellipsis, slice(-2, None)), s)),
    ],
    "select_scatter": [
        Sample(lambda x, s: ember.select_scatter(x, s, 0, 1), (x34, src4),
               lambda x, s: written(x, 1, s)),
        Sample(lambda x, s: x.select_scatter(s, -1, 2), (x34, src3),
               lambda x, s: written(x, (slice(None), 2), s)),
        Sample(lambda x, s: ember.select_scatter(x, s, 1, 0), (x234, src24),
               lambda x, s: written(x, (slice(None), 0), s)),
    ],
    "diagonal_scatter": [
        Sample(lambda x, s: ember.diagonal_scatter(x, s), (x34, src3),
               lambda x, s: np_diagonal_scatter(x, s)),
        Sample(lambda x, s: x.diagonal_scatter(s, 1), (x34, src3),
               lambda x, s: np_diagonal_scatter(x, s, 1)),
        Sample(lambda x, s: ember.diagonal_scatter(x, s, -1), (x34, src2),
               lambda x, s: np_diagonal_scatter(x, s, -1)),
        Sample(lambda x, s: ember.diagonal_scatter(x, s, 0, 1, 2), (x234, src23),
               lambda x, s: np_diagonal_scatter(x, s, 0, 1, 2)),
    ],
}
