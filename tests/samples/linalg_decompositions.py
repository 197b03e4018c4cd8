"""Samples for src/ember/ops/linalg_decompositions.py: svd (linalg.svd, svdvals, torch.svd),
Cholesky (linalg.cholesky, torch.cholesky) and eigh (linalg.eigh, eigvalsh).

Singular vectors and eigenvectors are defined up to sign (LAPACK's choice, not torch's
contract), so the samples return functions invariant to it: squares of U and V, products
U diag(S) Vh, projections U U^T. Matrices are well separated in their singular values /
eigenvalues, so finite differences are accurate. The symmetric inputs of cholesky and eigh
are built from an unconstrained matrix (A A^T, or A + A^T), so a finite difference
moves them within the symmetric matrices, where the gradient is defined.
"""

from __future__ import annotations

import warnings

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(211)


def spread(m: int, n: int, *batch: int) -> np.ndarray:
    """Matrices with singular values 3, 2, 1, ... (well apart, none zero)."""
    k = min(m, n)
    out = []
    for _ in range(int(np.prod(batch)) if batch else 1):
        u, _r = np.linalg.qr(_R.standard_normal((m, m)))
        v, _r = np.linalg.qr(_R.standard_normal((n, n)))
        s = np.zeros((m, n))
        s[range(k), range(k)] = np.arange(k, 0, -1) + 0.5
        out.append(u @ s @ v.T)
    return np.array(out).reshape(batch + (m, n))


m32, m23, m33, b234 = spread(3, 2), spread(2, 3), spread(3, 3), spread(3, 4, 2)
raw33, raw233 = _R.standard_normal((3, 3)), _R.standard_normal((2, 3, 3))
# far from singular, so that A A^T is well inside the positive-definite matrices
square33 = 3 * np.eye(3) + 0.5 * _R.standard_normal((3, 3))
square233 = 3 * np.eye(3) + 0.5 * _R.standard_normal((2, 3, 3))


def np_svd_invariants(a, full=False):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return (u * u * s[..., None, :]).sum() + (vh * vh).sum(-2).sum() + (
        (u * s[..., None, :]) @ vh).sum() + (u @ np.swapaxes(u, -1, -2)).sum()


def svd_invariants(full: bool):
    def fn(a):
        u, s, vh = ember.linalg.svd(a, full_matrices=full)
        k = s.shape[-1]
        u, vh = u[..., :k], vh[..., :k, :]
        return (u * u * s.unsqueeze(-2)).sum() + (vh * vh).sum(-2).sum() + (
            (u * s.unsqueeze(-2)) @ vh).sum() + (u @ u.mT).sum()
    return fn


def old_svd_invariants(some: bool):
    def fn(a):
        u, s, v = ember.svd(a, some=some)
        k = s.shape[-1]
        u, v = u[..., :k], v[..., :k]
        return (u * s.unsqueeze(-2)) @ v.mT * 2 + (v @ v.mT).sum()
    return fn


def np_old_svd(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    v = np.swapaxes(vh, -1, -2)
    return (u * s[..., None, :]) @ vh * 2 + (v @ np.swapaxes(v, -1, -2)).sum()


def old_cholesky(a, **kwargs):
    """torch.cholesky without its deprecation warning (the reference case
    chol_old_form_and_ex in tests/reference/cases_linalg_svd.py checks the warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return ember.cholesky(a, **kwargs)


def positive_definite(a):
    # (no constant added: reverse-over-forward through `x + constant` loses the tangent's
    # graph in forward_ad.attach_tangent, which copies a borrowed tangent as a plain array)
    return a @ a.mT


def np_positive_definite(a):
    return a @ np.swapaxes(a, -1, -2)


def np_upper_cholesky(a):
    """The upper factor as the lower one's transpose (NumPy 1 has no `upper=`)."""
    return np.swapaxes(np.linalg.cholesky(a), -1, -2)


def symmetric(a):
    return a + a.mT


def np_symmetric(a):
    return a + np.swapaxes(a, -1, -2)


SAMPLES: dict[str, list[Sample]] = {
    "linalg_svd": [
        Sample(svd_invariants(False), (m32,), np_svd_invariants, note="tall, reduced"),
        Sample(svd_invariants(True), (m23,), np_svd_invariants, note="wide, full"),
        Sample(svd_invariants(True), (m32,), np_svd_invariants, note="tall, full"),
        Sample(svd_invariants(False), (b234,), np_svd_invariants, note="batch, wide"),
        Sample(lambda a: ember.linalg.svdvals(a), (m33,),
               lambda a: np.linalg.svd(a, compute_uv=False), note="svdvals"),
        Sample(lambda a: ember.linalg.svd(a)[1], (b234,),
               lambda a: np.linalg.svd(a, compute_uv=False), note="S alone"),
        Sample(old_svd_invariants(True), (m32,), np_old_svd, note="torch.svd"),
        Sample(old_svd_invariants(False), (m23,), np_old_svd, note="torch.svd, some=False"),
        Sample(lambda a: ember.svd(a, compute_uv=False)[1], (m33,),
               lambda a: np.linalg.svd(a, compute_uv=False), note="compute_uv=False"),
        Sample(lambda a: a.svd()[1], (m32,), lambda a: np.linalg.svd(a, compute_uv=False),
               note="method"),
    ],
    "linalg_cholesky": [
        Sample(lambda a: ember.linalg.cholesky(positive_definite(a)), (square33,),
               lambda a: np.linalg.cholesky(np_positive_definite(a))),
        Sample(lambda a: ember.linalg.cholesky(positive_definite(a), upper=True), (square233,),
               lambda a: np_upper_cholesky(np_positive_definite(a)),
               note="upper, batch"),
    ],
    "cholesky": [
        Sample(lambda a: old_cholesky(positive_definite(a)), (square33,),
               lambda a: np.linalg.cholesky(np_positive_definite(a)),
               note="torch.cholesky (deprecated)"),
        Sample(lambda a: old_cholesky(positive_definite(a), upper=True), (square233,),
               lambda a: np_upper_cholesky(np_positive_definite(a)),
               note="upper"),
    ],
    "linalg_eigh": [
        Sample(lambda a: ember.linalg.eigvalsh(symmetric(a)), (raw33,),
               lambda a: np.linalg.eigvalsh(np_symmetric(a)), note="eigvalsh"),
        Sample(lambda a: ember.linalg.eigh(symmetric(a))[1].pow(2), (raw233,),
               lambda a: np.linalg.eigh(np_symmetric(a))[1] ** 2, note="eigenvectors"),
        Sample(lambda a: (lambda w, v: (v * w.unsqueeze(-2)) @ v.mT)(
                   *ember.linalg.eigh(symmetric(a), UPLO="U")),
               (raw33,), np_symmetric, note="V diag(w) V^T, upper"),
    ],
}
