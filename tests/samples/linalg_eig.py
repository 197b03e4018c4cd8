"""Samples of linalg.eig / eigvals: functions of the eigenvectors that do not depend on their
phase (torch refuses the others), on real and complex matrices with distinct eigenvalues."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_REAL = rng(7).standard_normal((3, 3))
_COMPLEX = rng(8).standard_normal((3, 3)) + 1j * rng(9).standard_normal((3, 3))
_BATCH = rng(10).standard_normal((2, 3, 3))


def _moduli(vectors) -> np.ndarray:
    return np.abs(vectors) ** 2


def _squared_moduli(z):
    return (ember.view_as_real(z) ** 2).sum(-1)


SAMPLES = {
    "linalg_eig": [
        Sample(lambda a: ember.linalg.eig(a).eigenvalues, (_REAL,),
               lambda a: np.linalg.eigvals(a).astype(np.complex128), second_order=False),
        Sample(lambda a: _squared_moduli(ember.linalg.eig(a).eigenvectors), (_REAL,),
               lambda a: _moduli(np.linalg.eig(a)[1]), second_order=False),
        Sample(lambda a: ember.linalg.eigvals(a), (_COMPLEX,), np.linalg.eigvals,
               second_order=False),
        Sample(lambda a: _squared_moduli(ember.linalg.eig(a)[1]), (_COMPLEX,),
               lambda a: _moduli(np.linalg.eig(a)[1]), second_order=False),
        Sample(lambda a: ember.view_as_real(ember.linalg.eigvals(a)), (_BATCH,),
               lambda a: np.stack([np.linalg.eigvals(a).real, np.linalg.eigvals(a).imag], -1),
               second_order=False),
    ],
}


def _eigenvalue_sum_gradient(a: np.ndarray) -> np.ndarray:
    """d/dA of sum(Re l + Im l) by central differences (independent of the formula)."""
    def total(m):
        values = np.linalg.eigvals(m)
        return float(np.sum(values.real + values.imag))

    gradient = np.zeros_like(a)
    for index in np.ndindex(a.shape):
        step = np.zeros_like(a)
        step[index] = 1e-6
        gradient[index] = (total(a + step) - total(a - step)) / 2e-6
    return gradient


def _gradient_with_graph(a):
    """The gradient of the eigenvalues' sum with create_graph=True: the backward is then
    recorded (as the op linalg_eig_backward)."""
    with ember.enable_grad():  # (the op tests run a non-differentiable op's sample without)
        leaf = a.detach().requires_grad_()
        total = ember.view_as_real(ember.linalg.eigvals(leaf)).sum()
        return ember.autograd.grad(total, leaf, create_graph=True)[0]


SAMPLES["linalg_eig_backward"] = [
    Sample(_gradient_with_graph, (_REAL,), _eigenvalue_sum_gradient, second_order=False,
           atol=1e-6),
]


def _eigenvalue_tangent(a):
    """The forward-mode tangent of the eigenvalues along the all-ones direction (computed
    by the op linalg_eig_jvp)."""
    from ember.autograd import forward_ad

    with forward_ad.dual_level():
        dual = forward_ad.make_dual(a.detach(), ember.ones_like(a))
        return forward_ad.unpack_dual(ember.linalg.eigvals(dual)).tangent


def _eigenvalue_directional_derivative(a: np.ndarray) -> np.ndarray:
    step = 1e-6
    return (np.linalg.eigvals(a + step) - np.linalg.eigvals(a - step)) / (2 * step)


SAMPLES["linalg_eig_jvp"] = [
    Sample(_eigenvalue_tangent, (_REAL,), _eigenvalue_directional_derivative,
           second_order=False, atol=1e-6),
]
