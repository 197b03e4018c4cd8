"""Samples of the reductions and linear algebra made complex-capable late: cumprod (zeros
too), prod's zero-safe gradient, logcumsumexp, ... Complex inputs are complex128
(differentiable, like float64)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng


def _complex_array(*shape: int, seed: int = 0) -> np.ndarray:
    generator = rng(seed)
    return generator.standard_normal(shape) + 1j * generator.standard_normal(shape)


def _numpy_logcumsumexp(z: np.ndarray, dim: int) -> np.ndarray:
    return np.log(np.cumsum(np.exp(z), axis=dim))


_Z = _complex_array(3, 4, seed=21)
_WITH_ZEROS = _Z.copy()
_WITH_ZEROS[0, 1] = 0
_WITH_ZEROS[2, 0] = _WITH_ZEROS[2, 2] = 0
_SMALL = 0.3 * _complex_array(2, 3, seed=22)  # (log's branch cut stays away)

SAMPLES = {
    "cumprod": [
        Sample(lambda z: z.cumprod(1), (_Z,), lambda z: np.cumprod(z, axis=1)),
        Sample(lambda z: ember.cumprod(z, 0), (_Z,), lambda z: np.cumprod(z, axis=0)),
        Sample(lambda z: z.cumprod(1), (_WITH_ZEROS,), lambda z: np.cumprod(z, axis=1)),
    ],
    "prod": [Sample(lambda z: z.prod(), (_WITH_ZEROS[:1],), np.prod)],
    "prod_dim": [Sample(lambda z: z.prod(1), (_WITH_ZEROS,), lambda z: np.prod(z, axis=1))],
    "logcumsumexp": [
        Sample(lambda z: z.logcumsumexp(1), (_SMALL,), lambda z: _numpy_logcumsumexp(z, 1)),
        Sample(lambda z: ember.logcumsumexp(z, 0), (_SMALL,),
               lambda z: _numpy_logcumsumexp(z, 0)),
    ],
}
