"""Samples for src/ember/ops/linalg_householder.py: geqrf (values only: torch implements no
derivative for it) and householder_product / orgqr (tall, square, fewer reflectors than
columns, a batch), checked against a NumPy product of the reflectors."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(877)
a53 = _R.standard_normal((5, 3))
a33 = _R.standard_normal((3, 3))
a243 = _R.standard_normal((2, 4, 3))
tau3 = _R.uniform(0.5, 1.5, 3)
tau2 = _R.uniform(0.5, 1.5, 2)
tau22 = _R.uniform(0.5, 1.5, (2, 2))


def np_householder_product(a: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Each reflector I - tau v v^T as a matrix, multiplied out, first n columns kept."""
    if a.ndim > 2:
        return np.stack([np_householder_product(x, t) for x, t in zip(a, tau)])
    m, n = a.shape
    q = np.eye(m)
    for i in range(tau.shape[-1]):
        v = np.where(np.arange(m) > i, a[:, i], 0.0) + (np.arange(m) == i)
        q = q @ (np.eye(m) - tau[i] * np.outer(v, v))
    return q[:, :n]


def np_geqrf(which: int):
    def reference(a):
        h, tau = np.linalg.qr(a, mode="raw")
        return (np.swapaxes(h, -1, -2), tau)[which]

    return reference


SAMPLES: dict[str, list[Sample]] = {
    "geqrf": [
        Sample(lambda a: ember.geqrf(a).a, (a53,), np_geqrf(0), note="tall: R and reflectors"),
        Sample(lambda a: ember.geqrf(a).tau, (a243,), np_geqrf(1), note="batch: tau"),
    ],
    "householder_product": [
        Sample(lambda a, t: ember.linalg.householder_product(a, t), (a53, tau3),
               np_householder_product, note="tall"),
        Sample(lambda a, t: ember.orgqr(a, t), (a33, tau2), np_householder_product,
               note="square, fewer reflectors than columns"),
        Sample(lambda a, t: ember.linalg.householder_product(a, t), (a243, tau22),
               np_householder_product, note="batch"),
    ],
}
