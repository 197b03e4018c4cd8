"""Samples for the ops of src/ember/ops/linalg_extra.py: the fused products (addmv, addr,
baddbmm, addbmm), cross, slogdet (logdet), matrix_exp, the distances (dist, cdist,
pdist) and renorm.

Distances are sampled away from ties and zeros (where a p-norm has a kink); renorm with
one slice over the bound and one under it.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(97)
m23 = _R.uniform(-1, 1, (2, 3))
v3 = _R.uniform(-1, 1, (3,))
v2 = _R.uniform(-1, 1, (2,))
c23 = _R.uniform(-1, 1, (2, 3))
b234 = _R.uniform(-1, 1, (2, 3, 4))
b243 = _R.uniform(-1, 1, (2, 4, 3))
c233 = _R.uniform(-1, 1, (2, 3, 3))
c33 = _R.uniform(-1, 1, (3, 3))
well_conditioned = np.eye(3) * 2 + _R.uniform(-0.5, 0.5, (3, 3))
batch_conditioned = np.eye(3) * 2 + _R.uniform(-0.5, 0.5, (2, 3, 3))
points_a = _R.uniform(-1, 1, (4, 3))
points_b = _R.uniform(-1, 1, (3, 3))
rows = np.array([[0.3, 2.0, -1.1], [0.1, -0.2, 0.05], [1.5, 0.4, 0.9]])


def np_expm(a: np.ndarray) -> np.ndarray:
    """Taylor series with scaling and squaring (float64, small matrices)."""
    scale = 6
    x = a / 2.0 ** scale
    total = np.broadcast_to(np.eye(a.shape[-1]), a.shape).copy()
    term = total.copy()
    for k in range(1, 30):
        term = term @ x / k
        total = total + term
    for _ in range(scale):
        total = total @ total
    return total


def np_cdist(a, b, p):
    diff = np.abs(a[..., :, None, :] - b[..., None, :, :])
    if p == np.inf:
        return diff.max(-1)
    return (diff ** p).sum(-1) ** (1 / p)


def np_pdist(a, p):
    i, j = np.triu_indices(a.shape[0], 1)
    return (np.abs(a[i] - a[j]) ** p).sum(-1) ** (1 / p)


def np_renorm(x, p, dim, maxnorm):
    axes = tuple(d for d in range(x.ndim) if d != dim)
    norms = (np.abs(x) ** p).sum(axes, keepdims=True) ** (1 / p)
    return x * np.where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0)


SAMPLES: dict[str, list[Sample]] = {
    "addmv": [
        Sample(lambda c, m, v: ember.addmv(c, m, v), (v2, m23, v3),
               lambda c, m, v: c + m @ v, inplace="addmv_"),
        Sample(lambda c, m, v: c.addmv(m, v, beta=0.5, alpha=-2), (v2[:1], m23, v3),
               lambda c, m, v: 0.5 * c + -2 * (m @ v), note="input broadcast"),
    ],
    "addr": [
        Sample(lambda c, u, v: ember.addr(c, u, v, alpha=1.5), (c23, v2, v3),
               lambda c, u, v: c + 1.5 * np.outer(u, v), inplace="addr_",
               inplace_kwargs={"alpha": 1.5}),
    ],
    "baddbmm": [
        Sample(lambda c, a, b: ember.baddbmm(c, a, b), (c233, b234, b243),
               lambda c, a, b: c + a @ b, inplace="baddbmm_"),
        Sample(lambda c, a, b: c.baddbmm(a, b, beta=2, alpha=0.5), (c33, b234, b243),
               lambda c, a, b: 2 * c + 0.5 * (a @ b), note="input broadcast over the batch"),
    ],
    "addbmm": [
        Sample(lambda c, a, b: ember.addbmm(c, a, b), (c33, b234, b243),
               lambda c, a, b: c + (a @ b).sum(0), inplace="addbmm_"),
        Sample(lambda c, a, b: c.addbmm(a, b, beta=0), (c33, b234, b243),
               lambda c, a, b: (a @ b).sum(0), note="beta = 0 ignores input"),
    ],
    "cross": [
        Sample(lambda a, b: ember.cross(a, b, dim=1), (m23, c23),
               lambda a, b: np.cross(a, b, axis=1)),
        Sample(lambda a, b: ember.linalg.cross(a, b), (c33[None], c233),
               lambda a, b: np.cross(a, b), note="a size-1 batch dim broadcasts"),
    ],
    "slogdet": [
        Sample(lambda a: ember.linalg.slogdet(a).logabsdet, (well_conditioned,),
               lambda a: np.linalg.slogdet(a)[1]),
        Sample(lambda a: ember.logdet(a), (batch_conditioned,),
               lambda a: np.log(np.linalg.det(a))),
    ],
    "matrix_exp": [
        Sample(lambda a: ember.matrix_exp(a), (c33,), np_expm),
        Sample(lambda a: ember.linalg.matrix_exp(a * 3), (c233,), lambda a: np_expm(a * 3)),
    ],
    "dist": [
        Sample(lambda a, b: ember.dist(a, b), (m23, c23),
               lambda a, b: np.sqrt(((a - b) ** 2).sum())),
        Sample(lambda a, b: a.dist(b, 3), (m23, v3),
               lambda a, b: (np.abs(a - b) ** 3).sum() ** (1 / 3), note="broadcast"),
        Sample(lambda a, b: ember.dist(a, b, 1), (m23, c23), lambda a, b: np.abs(a - b).sum()),
    ],
    # torch implements no second derivative of cdist or pdist (their gradient kernels,
    # distance_backward below, refuse one)
    "cdist": [
        Sample(lambda a, b: ember.cdist(a, b), (points_a, points_b),
               lambda a, b: np_cdist(a, b, 2), second_order=False),
        Sample(lambda a, b: ember.cdist(a, b, p=1), (points_a, points_b),
               lambda a, b: np_cdist(a, b, 1), second_order=False),
        Sample(lambda a, b: ember.cdist(a, b, p=3.5), (b234, b234[:, :2] * 0.5),
               lambda a, b: np_cdist(a, b, 3.5), note="batched", second_order=False),
        Sample(lambda a, b: ember.cdist(a, b, p=float("inf")), (points_a, points_b),
               lambda a, b: np_cdist(a, b, np.inf), second_order=False),
    ],
    "pdist": [
        Sample(lambda a: ember.pdist(a), (points_a,), lambda a: np_pdist(a, 2),
               second_order=False),
        Sample(lambda a: ember.pdist(a, 1.5), (points_a,), lambda a: np_pdist(a, 1.5),
               second_order=False),
    ],
    "renorm": [
        Sample(lambda x: ember.renorm(x, 2, 0, 1.0), (rows,), lambda x: np_renorm(x, 2, 0, 1.0),
               inplace="renorm_", inplace_args=(2, 0, 1.0)),
        Sample(lambda x: x.renorm(1, 1, 2.0), (rows,), lambda x: np_renorm(x, 1, 1, 2.0)),
    ],
}
