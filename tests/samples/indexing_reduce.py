"""Samples for src/ember/ops/indexing_reduce.py: index_reduce with each reduction, with
and without the input's own values (distinct magnitudes, no zeros and no ties, where the
gradients of amax, amin and prod are defined)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(852)
x43 = _R.uniform(0.5, 2.0, (4, 3))
src33 = _R.uniform(0.5, 2.0, (3, 3))
src42 = _R.uniform(0.5, 2.0, (4, 2))
_INDEX = [0, 2, 0]


def np_index_reduce(x, s, dim, index, reduce, include_self=True):
    out = np.moveaxis(x.copy(), dim, 0)
    source = np.moveaxis(s, dim, 0)
    pools: dict = {}
    for j, i in enumerate(index):
        pools.setdefault(i, ([out[i].copy()] if include_self else []))
        pools[i].append(source[j])
    combine = {"prod": np.prod, "mean": np.mean, "amax": np.max, "amin": np.min}[reduce]
    for i, values in pools.items():
        out[i] = combine(np.stack(values), axis=0)
    return np.moveaxis(out, 0, dim)


def _sample(reduce, include_self, dim=0, source=src33, index=_INDEX):
    return Sample(
        lambda x, s: ember.index_reduce(x, dim, ember.tensor(index), s, reduce,
                                        include_self=include_self),
        (x43, source),
        lambda x, s: np_index_reduce(x, s, dim, index, reduce, include_self))


SAMPLES: dict[str, list[Sample]] = {
    "index_reduce": [_sample(reduce, include_self)
                     for reduce in ("prod", "mean", "amax", "amin")
                     for include_self in (True, False)]
    + [_sample("mean", True, dim=1, source=src42, index=[2, 2]),
       _sample("amax", False, dim=1, source=src42, index=[1, 0])],
}
