"""Samples for src/ember/ops/linalg_qr.py: linalg.qr in its modes (tall, wide, square,
batched; Q and R alone), torch.qr and Tensor.qr, ormqr; and more for geqrf and
householder_product / orgqr (ops/linalg_householder.py): batches, fewer reflectors.

Q and R are unique once R's diagonal signs are fixed as LAPACK fixes them, and NumPy's qr
is the same LAPACK routine, so the references compare them directly. The Householder
references build each reflector as a matrix.
"""

from __future__ import annotations

import warnings

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(8402)
a43, a34, a33 = _R.standard_normal((4, 3)), _R.standard_normal((3, 4)), _R.standard_normal((3, 3))
a243 = _R.standard_normal((2, 4, 3))
reflectors42 = _R.standard_normal((4, 2))
tau2 = _R.uniform(0.5, 1.5, 2)
reflectors43 = _R.standard_normal((2, 4, 3))
tau23 = _R.uniform(0.5, 1.5, (2, 3))
c43 = _R.standard_normal((4, 3))
c34 = _R.standard_normal((3, 4))


def _flat(*ts):
    return ember.cat([t.reshape(-1) for t in ts])


def _qr_fn(mode):
    def fn(a):
        q, r = ember.linalg.qr(a, mode=mode)
        return _flat(q.sin(), r.cos())
    return fn


def _np_qr(mode):
    def reference(a):
        q, r = np.linalg.qr(a, mode=mode)
        return np.concatenate([np.sin(q).reshape(-1), np.cos(r).reshape(-1)])
    return reference


def _old_qr(a, some=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return ember.qr(a, some=some)


def _old_qr_method(a):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return a.qr(some=False)


def np_householder(a: np.ndarray, tau: np.ndarray, columns: int | None = None) -> np.ndarray:
    """H_1 ... H_k as explicit matrices, first `columns` columns (default: a's)."""
    if a.ndim > 2:
        return np.array([np_householder(x, t, columns) for x, t in zip(a, tau)])
    m, n = a.shape
    q = np.eye(m)
    for i in range(tau.shape[-1]):
        v = np.zeros(m)
        v[i] = 1
        v[i + 1:] = a[i + 1:, i]
        q = q @ (np.eye(m) - tau[i] * np.outer(v, v))
    return q[:, :n if columns is None else columns]


def _np_ormqr(left, transpose):
    def reference(a, tau, c):
        q = np_householder(a, tau, a.shape[-2])
        if transpose:
            q = q.T
        return q @ c if left else c @ q
    return reference


def _np_geqrf(a):
    h, _ = np.linalg.qr(a, mode="raw")
    return h.T


SAMPLES: dict[str, list[Sample]] = {
    "linalg_qr": [
        Sample(_qr_fn("reduced"), (a43,), _np_qr("reduced"), note="tall, reduced"),
        Sample(_qr_fn("reduced"), (a34,), _np_qr("reduced"), note="wide, reduced"),
        Sample(_qr_fn("complete"), (a34,), _np_qr("complete"), note="wide, complete"),
        Sample(_qr_fn("complete"), (a33,), _np_qr("complete"), note="square, complete"),
        Sample(_qr_fn("reduced"), (a243,), _np_qr("reduced"), note="batch"),
        Sample(lambda a: ember.linalg.qr(a).R, (a43,), lambda a: np.linalg.qr(a)[1],
               note="R alone"),
        Sample(lambda a: ember.linalg.qr(a).Q * 2, (a34,), lambda a: np.linalg.qr(a)[0] * 2,
               note="Q alone, wide"),
        Sample(lambda a: (lambda q, r: q @ r.exp())(*_old_qr(a)), (a43,),
               lambda a: (lambda q, r: q @ np.exp(r))(*np.linalg.qr(a)), note="torch.qr"),
        Sample(lambda a: _old_qr_method(a).R.sin(), (a34,),
               lambda a: np.sin(np.linalg.qr(a, mode="complete")[1]), note="Tensor.qr"),
    ],
    "geqrf": [
        Sample(lambda a: ember.geqrf(a)[0], (a43,), _np_geqrf, note="a (ops/linalg_qr's view)"),
        Sample(lambda a: ember.geqrf(a).tau, (a34,), lambda a: np.linalg.qr(a, mode="raw")[1],
               note="tau, wide"),
    ],
    "householder_product": [
        Sample(lambda a, t: ember.linalg.householder_product(a, t), (reflectors42, tau2),
               np_householder, note="tall"),
        Sample(lambda a, t: ember.orgqr(a, t), (reflectors43, tau23), np_householder,
               note="torch.orgqr, batch"),
        Sample(lambda a, t: ember.linalg.householder_product(a, t[..., :1]).sin(),
               (a43, tau2), lambda a, t: np.sin(np_householder(a, t[..., :1])),
               note="fewer reflectors than columns"),
    ],
    "ormqr": [
        Sample(lambda a, t, c: ember.ormqr(a, t, c), (reflectors42, tau2, c43),
               _np_ormqr(True, False), note="Q C"),
        Sample(lambda a, t, c: ember.ormqr(a, t, c, transpose=True), (reflectors42, tau2, c43),
               _np_ormqr(True, True), note="Q^T C"),
        Sample(lambda a, t, c: ember.ormqr(a, t, c, left=False), (reflectors42, tau2, c34),
               _np_ormqr(False, False), note="C Q"),
        Sample(lambda a, t, c: a.ormqr(t, c, left=False, transpose=True),
               (reflectors42, tau2, c34), _np_ormqr(False, True), note="C Q^T, method"),
    ],
}
