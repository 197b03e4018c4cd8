"""Samples for src/ember/ops/shape_unsafe.py: the pieces of unsafe_split, unsafe_chunk and
unsafe_split_with_sizes (split's slices, not views for autograd)."""

from __future__ import annotations

import ember
from tests.samples import Sample, rng

_R = rng(854)
x34 = _R.uniform(-2, 2, (3, 4))

SAMPLES: dict[str, list[Sample]] = {
    "unsafe_split": [
        Sample(lambda p: ember.unsafe_split(p, 2, 1)[1], (x34,), lambda p: p[:, 2:]),
        Sample(lambda p: p.unsafe_chunk(2)[0], (x34,), lambda p: p[:2]),
    ],
    "unsafe_split_with_sizes": [
        Sample(lambda p: ember.unsafe_split_with_sizes(p, [1, 3], 1)[1], (x34,),
               lambda p: p[:, 1:]),
    ],
}
