"""Samples for src/ember/ops/nn_weight_norm.py: torch._weight_norm's fused kernel (dim 0
and the last dim, g shaped as norm_except_dim gives it), and the whole-tensor norm
of norm_except_dim(v, 2, -1)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(4242)
v342 = _R.standard_normal((3, 4, 2))
g311 = _R.uniform(0.5, 2.0, (3, 1, 1))
g112 = _R.uniform(0.5, 2.0, (1, 1, 2))


def np_weight_norm(dim: int):
    def reference(v, g):
        others = tuple(d for d in range(v.ndim) if d != dim)
        kept = tuple(s if d == dim else 1 for d, s in enumerate(v.shape))
        return v * (g.reshape(kept) / np.sqrt((v * v).sum(others, keepdims=True)))

    return reference


SAMPLES: dict[str, list[Sample]] = {
    "weight_norm_interface": [
        Sample(lambda v, g: ember._weight_norm(v, g, 0), (v342, g311), np_weight_norm(0),
               note="dim 0"),
        Sample(lambda v, g: ember._weight_norm(v, g, 2), (v342, g112), np_weight_norm(2),
               note="the last dim"),
    ],
    "norm_all": [
        Sample(lambda v: ember.norm_except_dim(v, 2, -1), (v342,),
               lambda v: np.sqrt((v * v).sum()), note="dim -1: every element"),
    ],
}
