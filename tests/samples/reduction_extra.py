"""Samples for the ops of src/ember/ops/reduction_extra.py: logcumsumexp, mode,
nanmedian (of everything and along a dim), and the counting ops without gradients
(histc, bincount with and without weights, isin).

quantile, diff and trapezoid are compositions of other families' ops; their values,
gradients and grad_fn names are compared with torch in tests/reference/cases_api_surface.py.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(101)
x34 = _R.uniform(-2, 2, (3, 4))
x5 = _R.uniform(-2, 2, (5,))
big = np.array([[800.0, 801.0, -5.0], [0.1, -900.0, 2.0]])
# repeated values (the mode as torch picks it: most frequent, then smallest; the index of
# its last occurrence) are checked against torch in tests/reference: finite differences
# would split the ties, so the samples here have distinct values (the mode is the minimum)
repeats = np.array([[1.5, 0.5, 1.25, 2.0, 0.75, -1.5], [3.0, -1.0, -0.5, 2.2, 2.5, 0.0]])
with_nan = np.array([[0.3, np.nan, -1.2, 2.5, 0.9], [np.nan, 1.1, 0.4, np.nan, -0.7]])
counts = np.array([1, 4, 1, 0, 2, 4, 4], dtype=np.int64)
weights = _R.uniform(0, 1, (7,))
ints = np.array([[3, 1, 4], [1, 5, 9]], dtype=np.int64)


def np_logcumsumexp(x, axis):
    return np.logaddexp.accumulate(x, axis=axis)


def np_nanmedian_dim(x, axis):
    moved = np.moveaxis(x, axis, -1)
    out = []
    for row in moved.reshape(-1, moved.shape[-1]):
        kept = np.sort(row[~np.isnan(row)])
        out.append(kept[(len(kept) - 1) // 2] if len(kept) else np.nan)
    return np.array(out).reshape(moved.shape[:-1])


def np_mode(x, axis):
    moved = np.moveaxis(x, axis, -1)
    out = []
    for row in moved.reshape(-1, moved.shape[-1]):
        values, found = np.unique(row, return_counts=True)
        out.append(values[np.argmax(found)])
    return np.array(out).reshape(moved.shape[:-1])


SAMPLES: dict[str, list[Sample]] = {
    "logcumsumexp": [
        Sample(lambda p: ember.logcumsumexp(p, 1), (x34,), lambda p: np_logcumsumexp(p, 1)),
        Sample(lambda p: p.logcumsumexp(0), (x34,), lambda p: np_logcumsumexp(p, 0)),
        Sample(lambda p: p.logcumsumexp(-1), (big,), lambda p: np_logcumsumexp(p, -1),
               note="exp would overflow and underflow: the log domain keeps every digit"),
    ],
    "mode_dim": [
        Sample(lambda p: ember.mode(p, 1).values, (repeats,), lambda p: np_mode(p, 1)),
        Sample(lambda p: p.mode(0, keepdim=True)[0], (repeats,),
               lambda p: np_mode(p, 0)[None]),
    ],
    "nanmedian": [
        Sample(lambda p: ember.nanmedian(p), (with_nan,),
               lambda p: np_nanmedian_dim(p.reshape(1, -1), 1)[0]),
        Sample(lambda p: p.nanmedian(), (x34,), lambda p: np.sort(p.reshape(-1))[5]),
    ],
    "nanmedian_dim": [
        Sample(lambda p: ember.nanmedian(p, 1).values, (with_nan,),
               lambda p: np_nanmedian_dim(p, 1)),
        Sample(lambda p: p.nanmedian(0, keepdim=True).values, (x34,),
               lambda p: np_nanmedian_dim(p, 0)[None]),
    ],
    "histc": [
        Sample(lambda p: ember.histc(p, bins=4, min=-2, max=2), (x34,),
               lambda p: np.histogram(p, bins=4, range=(-2, 2))[0].astype(np.float64)),
        Sample(lambda p: p.histc(3), (x5,),
               lambda p: np.histogram(p, bins=3, range=(p.min(), p.max()))[0]
               .astype(np.float64)),
    ],
    "bincount": [
        Sample(lambda c: ember.bincount(c), (counts,), np.bincount),
        Sample(lambda c: c.bincount(minlength=8), (counts,),
               lambda c: np.bincount(c, minlength=8)),
    ],
    "bincount_weighted": [
        Sample(lambda c, w: ember.bincount(c, w), (counts, weights),
               lambda c, w: np.bincount(c, weights=w), nondiff=(1,)),
    ],
    "isin": [
        Sample(lambda a, b: ember.isin(a, b), (ints, np.array([1, 9, 7])), np.isin),
        Sample(lambda a, b: ember.isin(a, b, invert=True), (x34, x34[0]),
               lambda a, b: ~np.isin(a, b)),
    ],
}
