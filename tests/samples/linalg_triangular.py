"""Samples for src/ember/ops/linalg_triangular.py: solve_triangular, upper and lower, with a
unit diagonal, X A = B, and batches that broadcast.

The matrices are full (both triangles random): the op must read only its triangle, and the
reference solves with the other triangle cleared. Diagonals are near 2 (well conditioned).
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(131)
a33 = np.eye(3) * 2 + _R.uniform(-0.5, 0.5, (3, 3))
a233 = np.eye(3) * 2 + _R.uniform(-0.5, 0.5, (2, 3, 3))
b32 = _R.uniform(-1, 1, (3, 2))
b23 = _R.uniform(-1, 1, (2, 3))
b232 = _R.uniform(-1, 1, (2, 3, 2))


def _read(a: np.ndarray, upper: bool, unit: bool) -> np.ndarray:
    """The matrix solve_triangular sees: one triangle, with ones on the diagonal if unit."""
    t = np.triu(a) if upper else np.tril(a)
    if unit:
        n = a.shape[-1]
        t = t - t * np.eye(n) + np.eye(n)
    return t


def _left(upper: bool, unit: bool = False):
    def solve(a, b):
        # both batches broadcast first: NumPy 1's solve takes a (3, 2) b beside a (2, 3, 3)
        # matrix for a stack of vectors
        t = _read(a, upper, unit)
        batch = np.broadcast_shapes(t.shape[:-2], b.shape[:-2])
        return np.linalg.solve(np.broadcast_to(t, batch + t.shape[-2:]),
                               np.broadcast_to(b, batch + b.shape[-2:]))
    return solve


SAMPLES: dict[str, list[Sample]] = {
    "solve_triangular": [
        Sample(lambda a, b: ember.linalg.solve_triangular(a, b, upper=True), (a33, b32),
               _left(True), note="upper"),
        Sample(lambda a, b: ember.linalg.solve_triangular(a, b, upper=False), (a33, b32),
               _left(False), note="lower"),
        Sample(lambda a, b: ember.linalg.solve_triangular(a, b, upper=True, unitriangular=True),
               (a33, b32), _left(True, True), note="unit diagonal: the diagonal is not read"),
        Sample(lambda a, b: ember.linalg.solve_triangular(a, b, upper=False, left=False),
               (a33, b23), lambda a, b: b @ np.linalg.inv(_read(a, False, False)),
               note="X A = B"),
        Sample(lambda a, b: ember.linalg.solve_triangular(a, b, upper=True), (a233, b32),
               _left(True), note="A's batch broadcasts over B"),
        Sample(lambda a, b: ember.linalg.solve_triangular(a, b, upper=False), (a33, b232),
               _left(False), note="B's batch broadcasts over A"),
    ],
}
