"""Samples for src/ember/ops/sampling.py: torch.poisson (zero gradient: the draw is a
constant) and torch.binomial (no derivative). The generator is reseeded before every call;
the draws themselves are checked against torch in tests/reference/cases_api_more.py."""

from __future__ import annotations

import ember
from tests.samples import Sample, rng

_R = rng(853)
rates = _R.uniform(0.5, 30.0, (2, 3))
counts = _R.integers(0, 40, (2, 3)).astype(float)
probs = _R.uniform(0.05, 0.95, (2, 3))

SAMPLES: dict[str, list[Sample]] = {
    "poisson": [
        Sample(lambda r: ember.poisson(r), (rates,), None,
               note="random counts; the generator is reseeded before every call"),
    ],
    "binomial": [
        Sample(lambda n, p: ember.binomial(n, p), (counts, probs), None, nondiff=(0, 1),
               note="random counts; torch defines no derivative"),
    ],
}
