"""Samples for src/ember/ops/distance_backward.py: cdist's and pdist's gradient kernels,
reached as a user does, by a first derivative taken with create_graph=True. torch
implements no derivative for them: the ops are not differentiable (their nodes refuse),
so the op tests check their values only."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng
from tests.samples.backward_primitives import _cut
from tests.samples.linalg_extra import np_cdist, np_pdist

_R = rng(61)
_A = _R.uniform(-1, 1, (4, 3))
_B = _R.uniform(-1, 1, (3, 3))


def _cdist_gradient(which: int, p: float):
    """fn(g, a, b): the gradient of cdist(a, b, p) for a (which 0) or b, cotangent g."""
    def fn(g, a, b):
        outer = g.requires_grad or a.requires_grad or b.requires_grad
        with ember.enable_grad():
            a, b = (t if t.requires_grad else t.clone().requires_grad_() for t in (a, b))
            (grad,) = ember.autograd.grad(ember.cdist(a, b, p=p), (a, b)[which], g,
                                          create_graph=True)
        return grad if outer else _cut(grad)

    return fn


def _pdist_gradient(p: float):
    def fn(g, a):
        outer = g.requires_grad or a.requires_grad
        with ember.enable_grad():
            a = a if a.requires_grad else a.clone().requires_grad_()
            (grad,) = ember.autograd.grad(ember.pdist(a, p), a, g, create_graph=True)
        return grad if outer else _cut(grad)

    return fn


def _np_cdist_gradient(which: int, p: float):
    def reference(g, a, b):
        diff = a[:, None, :] - b[None, :, :]
        dist = np_cdist(a, b, p)[..., None]
        slope = np.sign(diff) * np.abs(diff) ** (p - 1) / dist ** (p - 1)
        weighted = g[..., None] * slope
        return weighted.sum(1) if which == 0 else -weighted.sum(0)

    return reference


def _np_pdist_gradient(g, a):
    first, second = np.triu_indices(a.shape[0], 1)
    slope = (a[first] - a[second]) / np_pdist(a, 2)[:, None]
    out = np.zeros_like(a)
    np.add.at(out, first, g[:, None] * slope)
    np.add.at(out, second, -g[:, None] * slope)
    return out


SAMPLES: dict[str, list[Sample]] = {
    "cdist_backward": [
        Sample(_cdist_gradient(0, 2.0), (_R.standard_normal((4, 3)), _A, _B),
               _np_cdist_gradient(0, 2.0)),
        Sample(_cdist_gradient(1, 3.0), (_R.standard_normal((4, 3)), _A, _B),
               _np_cdist_gradient(1, 3.0), note="the second operand's"),
    ],
    "pdist_backward": [
        Sample(_pdist_gradient(2.0), (_R.standard_normal(6), _A), _np_pdist_gradient),
    ],
}
