"""Samples for src/ember/ops/linalg_lstsq.py: linalg.pinv (tall, wide, batched, hermitian,
tolerances), torch.pinverse and Tensor.pinverse, linalg.lstsq with each driver (the
solution, and the residuals where a driver gives them), vector right-hand sides, batches
that broadcast, and a wide system's minimum-norm solution.

The matrices have full rank and well separated singular values, so no tolerance is near a
singular value and finite differences see the same rank.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(8404)
a43, a34, a33 = _R.standard_normal((4, 3)), _R.standard_normal((3, 4)), _R.standard_normal((3, 3))
a243 = _R.standard_normal((2, 4, 3))
a53, a253 = _R.standard_normal((5, 3)), _R.standard_normal((2, 5, 3))
b52, b5, b25 = _R.standard_normal((5, 2)), _R.standard_normal(5), _R.standard_normal((2, 5))
b152 = _R.standard_normal((1, 5, 2))
b32 = _R.standard_normal((3, 2))
b252 = _R.standard_normal((2, 5, 2))


def _sym(a):
    return a + a.mT


def _np_sym(a):
    return a + np.swapaxes(a, -1, -2)


def _np_lstsq(a, b):
    """The least-squares (minimum-norm) solution, through the pseudo-inverse."""
    return np.linalg.pinv(a) @ b


def _lstsq(driver=None):
    return lambda a, b: ember.linalg.lstsq(a, b, driver=driver).solution


def _with_residuals(driver):
    def fn(a, b):
        r = ember.linalg.lstsq(a, b, driver=driver)
        return ember.cat([r.solution.reshape(-1), r.residuals.reshape(-1)])

    def reference(a, b):
        x = _np_lstsq(a, b)
        residual = a @ x - b
        return np.concatenate([x.reshape(-1), (residual * residual).sum(-2).reshape(-1)])
    return fn, reference


SAMPLES: dict[str, list[Sample]] = {
    "linalg_pinv": [
        Sample(lambda a: ember.linalg.pinv(a), (a43,), np.linalg.pinv, note="tall"),
        Sample(lambda a: ember.linalg.pinv(a), (a34,), np.linalg.pinv, note="wide"),
        Sample(lambda a: ember.linalg.pinv(a, atol=1e-8), (a243,), np.linalg.pinv,
               note="batch, atol"),
        Sample(lambda a: ember.linalg.pinv(_sym(a), hermitian=True), (a33,),
               lambda a: np.linalg.pinv(_np_sym(a)), note="hermitian"),
        Sample(lambda a: ember.pinverse(a, rcond=1e-10), (a43,), np.linalg.pinv,
               note="torch.pinverse"),
        Sample(lambda a: a.pinverse().sin(), (a34,), lambda a: np.sin(np.linalg.pinv(a)),
               note="Tensor.pinverse"),
    ],
    "linalg_lstsq": [
        Sample(_lstsq(), (a53, b52), _np_lstsq, note="gelsy (the default)"),
        Sample(_with_residuals("gelsd")[0], (a53, b52), _with_residuals("gelsd")[1],
               note="gelsd, with the residuals"),
        Sample(_with_residuals("gelss")[0], (a253, b252), _with_residuals("gelss")[1],
               note="gelss, batch"),
        Sample(_with_residuals("gels")[0], (a53, b52), _with_residuals("gels")[1],
               note="gels"),
        Sample(_lstsq(), (a53, b5), lambda a, b: np.linalg.pinv(a) @ b,
               note="a vector right-hand side"),
        Sample(_lstsq("gelsd"), (a253, b25),
               lambda a, b: (np.linalg.pinv(a) @ b[..., None])[..., 0],
               note="a batch of vectors"),
        Sample(_lstsq(), (a253, b152), _np_lstsq, note="B's batch broadcasts"),
        Sample(_lstsq(), (a34, b32), _np_lstsq, note="wide: the minimum-norm solution"),
        Sample(_lstsq("gels"), (a34, b32), _np_lstsq, note="wide, gels"),
        Sample(lambda a, b: ember.linalg.lstsq(a, b, driver="gelsd").residuals * 2,
               (a53, b52), lambda a, b: 2 * ((a @ _np_lstsq(a, b) - b) ** 2).sum(-2),
               note="the residuals alone"),
    ],
}
