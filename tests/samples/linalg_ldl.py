"""Samples for src/ember/ops/linalg_ldl.py: ldl_factor(_ex) and ldl_solve (torch records
no derivative for either: the forward is checked). A diagonally dominant symmetric
matrix needs no pivoting, so its LD is L with D's diagonal, from the Cholesky factor; an
indefinite one takes 2 x 2 pivots, and its solve is checked against NumPy's."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(8405)
_raw = _R.standard_normal((4, 4))
dominant = _raw + _raw.T + 8 * np.eye(4)
indefinite = np.array([[1e-3, 2, 3, 4], [2, 1e-3, 5, 6], [3, 5, 1e-3, 7], [4, 6, 7, 1e-3]])
batch = np.stack([indefinite, _raw + _raw.T])
b42 = _R.standard_normal((4, 2))


def _np_ldl_without_pivots(a):
    factor = np.linalg.cholesky(a)
    d = np.diagonal(factor)
    return np.tril(factor / d, -1) + np.diag(d * d)


def _solve(a, b):
    return ember.linalg.ldl_solve(*ember.linalg.ldl_factor(a), b)


SAMPLES: dict[str, list[Sample]] = {
    "linalg_ldl_factor_ex": [
        Sample(lambda a: ember.linalg.ldl_factor(a).LD, (dominant,), _np_ldl_without_pivots,
               note="no pivoting"),
        Sample(lambda a: ember.linalg.ldl_factor_ex(a).LD, (np.tril(dominant),),
               lambda a: _np_ldl_without_pivots(np.tril(a) + np.tril(a, -1).T),
               note="the lower triangle read"),
    ],
    "linalg_ldl_solve": [
        Sample(_solve, (indefinite, b42), np.linalg.solve, note="2 x 2 pivots"),
        Sample(_solve, (batch, b42),
               lambda a, b: np.linalg.solve(a, np.broadcast_to(b, (2, 4, 2))),
               note="batch, B broadcast"),
    ],
}
