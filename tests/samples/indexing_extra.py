"""Samples for the ops of src/ember/ops/indexing_extra.py: index_copy, index_put (written
and accumulated), put (and the zeroing op of its backward), masked_scatter (and its
backward), scatter_reduce with each reduction, and fill_diagonal_ (a write through a
diagonal view, recorded as CopySlices).

Indices repeat only where the op adds (accumulate, scatter_reduce), where the result does
not depend on which write wins. The in-place forms take the index before the source, which
the generated in-place test cannot pass: tests/test_api_surface.py checks them.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng
from tests.samples.shape import first_derivative

_R = rng(107)
x34 = _R.uniform(-2, 2, (3, 4))
src24 = _R.uniform(-2, 2, (2, 4))
src31 = _R.uniform(-2, 2, (3, 1))
v2 = _R.uniform(-2, 2, (2,))
v3 = _R.uniform(-2, 2, (3,))
src6 = _R.uniform(-2, 2, (6,))
mask34 = np.array([[True, False, True, False], [False, False, True, True], [True, False,
                                                                            False, False]])
mask4 = np.array([True, False, False, True])
# distinct magnitudes, no zeros, no ties: amax/amin/prod are differentiable here
positive34 = _R.uniform(0.5, 2.0, (3, 4))
positive24 = _R.uniform(0.5, 2.0, (2, 4))
scatter_index = np.array([[0, 1, 0, 2], [2, 2, 0, 1]])
cotangent34 = _R.uniform(-1, 1, (3, 4))


def np_index_copy(x, s, dim, index):
    out = x.copy()
    out[(slice(None),) * dim + (index,)] = s
    return out


def np_scatter_reduce(x, s, index, reduce, include_self=True):
    out = x.copy()
    touched = np.zeros(x.shape, bool)
    groups: dict = {}
    for i in range(index.shape[0]):
        for j in range(index.shape[1]):
            groups.setdefault((index[i, j], j), []).append(s[i, j])
            touched[index[i, j], j] = True
    for (r, c), values in groups.items():
        pool = ([x[r, c]] if include_self else []) + values
        out[r, c] = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "amax": np.max,
                     "amin": np.min}[reduce](pool)
    return out


def np_masked_scatter(x, m, s):
    out = x.copy()
    full = np.broadcast_to(m, x.shape)
    out[full] = s.reshape(-1)[:full.sum()]
    return out


SAMPLES: dict[str, list[Sample]] = {
    "index_copy": [
        Sample(lambda x, s: x.index_copy(0, ember.tensor([2, 0]), s), (x34, src24),
               lambda x, s: np_index_copy(x, s, 0, [2, 0])),
        Sample(lambda x, s: ember.index_copy(x, 1, ember.tensor([3]), s), (x34, src31),
               lambda x, s: np_index_copy(x, s, 1, [3])),
    ],
    "index_put": [
        Sample(lambda x, v: x.index_put((ember.tensor([0, 2]), ember.tensor([1, 3])), v),
               (x34, v2), lambda x, v: _put_at(x, ([0, 2], [1, 3]), v)),
        Sample(lambda x, v: ember.index_put(x, (ember.tensor([1]),), v), (x34, src24[0]),
               lambda x, v: _put_at(x, ([1],), v)),
    ],
    "index_put_accumulate": [
        Sample(lambda x, v: x.index_put((ember.tensor([0, 0, 2]),), v, accumulate=True),
               (x34, _R.uniform(-2, 2, (3, 4))),
               lambda x, v: _add_at(x, ([0, 0, 2],), v), note="a repeated row adds twice"),
        Sample(lambda x, v: x.index_put((ember.tensor([1, 1]), ember.tensor([2, 2])), v,
                                        accumulate=True), (x34, v2[:1]),
               lambda x, v: _add_at(x, ([1, 1], [2, 2]), np.broadcast_to(v, (2,)))),
    ],
    "put": [
        Sample(lambda x, s: x.put(ember.tensor([3, 0, -1]), s), (x34, v3),
               lambda x, s: _flat_put(x, [3, 0, 11], s)),
        Sample(lambda x, s: ember.put(x, ember.tensor([[5], [5]]), s, accumulate=True),
               (x34, src31[:2]), lambda x, s: _flat_add(x, [5, 5], s)),
    ],
    "put_zero": [
        Sample(first_derivative(lambda p: p.put(ember.tensor([1, 6]), ember.zeros(2,
               dtype=ember.float64))), (x34, cotangent34),
               lambda p, v: _flat_put(v, [1, 6], np.zeros(2)), nondiff=(0,)),
    ],
    "masked_scatter": [
        Sample(lambda x, s: x.masked_scatter(ember.tensor(mask34), s), (x34, src6),
               lambda x, s: np_masked_scatter(x, mask34, s)),
        Sample(lambda x, s: ember.masked_scatter(x, ember.tensor(mask4), s), (x34, x34 * 2),
               lambda x, s: np_masked_scatter(x, mask4, s), note="the mask broadcasts"),
    ],
    "masked_scatter_backward": [
        Sample(first_derivative(lambda p: ember.zeros(3, 4, dtype=ember.float64)
                                .masked_scatter(ember.tensor(mask34), p)),
               (src6, cotangent34),
               lambda p, v: np.concatenate([v[mask34], np.zeros(1)]), nondiff=(0,)),
    ],
    "scatter_reduce": [
        Sample(lambda x, s: x.scatter_reduce(0, ember.tensor(scatter_index), s, "sum"),
               (x34, src24), lambda x, s: np_scatter_reduce(x, s, scatter_index, "sum")),
        Sample(lambda x, s: x.scatter_reduce(0, ember.tensor(scatter_index), s, "mean",
                                             include_self=False), (x34, src24),
               lambda x, s: np_scatter_reduce(x, s, scatter_index, "mean", False)),
        Sample(lambda x, s: ember.scatter_reduce(x, 0, ember.tensor(scatter_index), s,
                                                 "amax"), (positive34, positive24 * 1.1),
               lambda x, s: np_scatter_reduce(x, s, scatter_index, "amax")),
        Sample(lambda x, s: x.scatter_reduce(0, ember.tensor(scatter_index), s, "amin",
                                             include_self=False),
               (positive34, positive24 * 0.9),
               lambda x, s: np_scatter_reduce(x, s, scatter_index, "amin", False)),
        Sample(lambda x, s: x.scatter_reduce(0, ember.tensor(scatter_index), s, "prod"),
               (positive34, positive24),
               lambda x, s: np_scatter_reduce(x, s, scatter_index, "prod")),
    ],
}


def _put_at(x, index, v):
    out = x.copy()
    out[tuple(np.asarray(i) for i in index)] = v
    return out


def _add_at(x, index, v):
    out = x.copy()
    np.add.at(out, tuple(np.asarray(i) for i in index), v)
    return out


def _flat_put(x, positions, s):
    out = x.copy().reshape(-1)
    out[positions] = s.reshape(-1)
    return out.reshape(x.shape)


def _flat_add(x, positions, s):
    out = x.copy().reshape(-1)
    np.add.at(out, positions, s.reshape(-1))
    return out.reshape(x.shape)
