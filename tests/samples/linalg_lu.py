"""Samples for src/ember/ops/linalg_lu.py: lu_factor(_ex) and torch.lu (the packed LU),
linalg.lu (L and U), lu_unpack, linalg.lu_solve (left and right, with and without the
adjoint, from a factorization and from a given packed LU).

The reference LU is written out here (Doolittle with partial pivoting, one matrix at a
time), independently of ember's batched kernel. The matrices' columns have well separated
magnitudes, so a finite difference never changes the pivot order.
"""

from __future__ import annotations

import warnings

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(8401)


def _matrix(*shape) -> np.ndarray:
    return _R.standard_normal(shape)


a33, a34, a43 = _matrix(3, 3), _matrix(3, 4), _matrix(4, 3)
a233, a234 = _matrix(2, 3, 3), _matrix(2, 3, 4)
b32, b23, b232 = _matrix(3, 2), _matrix(2, 3), _matrix(2, 3, 2)
# a packed LU with a strong diagonal, and pivots given as data
lu33 = _matrix(3, 3) * 0.5 + np.diag([2.0, -1.5, 1.8])
piv33 = np.array([2, 3, 3], np.int32)
lu32 = _matrix(3, 2) * 0.5 + np.eye(3, 2) * 2
piv32 = np.array([3, 2], np.int32)
lu23 = _matrix(2, 3) * 0.5 + np.eye(2, 3) * 2
piv23 = np.array([2, 2], np.int32)


def np_lu(a: np.ndarray) -> tuple:
    """(P, L, U, packed LU) of one matrix or a batch, by Doolittle's loop."""
    if a.ndim > 2:
        parts = [np_lu(m) for m in a.reshape(-1, *a.shape[-2:])]
        return tuple(np.array([p[i] for p in parts]).reshape(a.shape[:-2] + parts[0][i].shape)
                     for i in range(4))
    m, n = a.shape
    k = min(m, n)
    u = a.astype(np.float64).copy()
    perm = list(range(m))
    for j in range(k):
        p = j + int(np.argmax(np.abs(u[j:, j])))
        u[[j, p]] = u[[p, j]]
        perm[j], perm[p] = perm[p], perm[j]
        u[j + 1:, j] /= u[j, j]
        u[j + 1:, j + 1:] -= np.outer(u[j + 1:, j], u[j, j + 1:])
    lower = np.tril(u[:, :k], -1) + np.eye(m, k)
    upper = np.triu(u[:k, :])
    p_matrix = np.zeros((m, m))
    p_matrix[perm, range(m)] = 1
    return p_matrix, lower, upper, u


def np_unpack(lu: np.ndarray, pivots: np.ndarray) -> tuple:
    m, n = lu.shape[-2:]
    k = min(m, n)
    perm = list(range(m))
    for j, p in enumerate(pivots - 1):
        perm[j], perm[p] = perm[p], perm[j]
    p_matrix = np.zeros((m, m))
    p_matrix[perm, range(m)] = 1
    return p_matrix, np.tril(lu[:, :k], -1) + np.eye(m, k), np.triu(lu[:k, :])


def _flat(*ts):
    return ember.cat([t.reshape(-1) for t in ts])


def _np_flat(*arrays):
    return np.concatenate([a.reshape(-1) for a in arrays])


def _old_lu(a):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return ember.lu(a)


def _old_lu_solve(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return ember.lu_solve(b, *ember.linalg.lu_factor(a))


def _lu_factors(a):
    _, lower, upper, _ = np_lu(a)
    return _np_flat(np.sin(lower), np.cos(upper))


def _np_solve(a, b, left=True, adjoint=False):
    if adjoint:
        a = np.swapaxes(a, -1, -2)
    if left:
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        return np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]),
                               np.broadcast_to(b, batch + b.shape[-2:]))
    return np.swapaxes(_np_solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)


def _solve_with(left, adjoint):
    def fn(a, b):
        lu, pivots = ember.linalg.lu_factor(a)
        return ember.linalg.lu_solve(lu, pivots, b, left=left, adjoint=adjoint)
    return fn


def _packed_solve(left=True, adjoint=False):
    def fn(lu, pivots, b):
        return ember.linalg.lu_solve(lu, pivots, b, left=left, adjoint=adjoint)

    def reference(lu, pivots, b):
        p, lower, upper = np_unpack(lu, pivots)
        return _np_solve(p @ lower @ upper, b, left, adjoint)
    return fn, reference


def _unpack_sample(lu, pivots, note):
    def fn(lu_t, piv_t):
        _, lower, upper = ember.lu_unpack(lu_t, piv_t)
        return _flat(lower.sin(), upper.exp())

    def reference(lu_a, piv_a):
        _, lower, upper = np_unpack(lu_a, piv_a)
        return _np_flat(np.sin(lower), np.exp(upper))
    return Sample(fn, (lu, pivots), reference, note=note)


SAMPLES: dict[str, list[Sample]] = {
    "linalg_lu_factor_ex": [
        Sample(lambda a: ember.linalg.lu_factor(a)[0], (a33,), lambda a: np_lu(a)[3],
               note="square"),
        Sample(lambda a: ember.linalg.lu_factor_ex(a).LU, (a234,), lambda a: np_lu(a)[3],
               note="wide, batch"),
        Sample(lambda a: _old_lu(a)[0], (a43,), lambda a: np_lu(a)[3], note="torch.lu, tall"),
    ],
    "linalg_lu": [
        Sample(lambda a: (lambda p, lower, upper: _flat(lower.sin(), upper.cos()))(
                   *ember.linalg.lu(a)), (a33,), _lu_factors, note="square"),
        Sample(lambda a: (lambda p, lower, upper: _flat(lower.sin(), upper.cos()))(
                   *ember.linalg.lu(a)), (a34,), _lu_factors, note="wide"),
        Sample(lambda a: (lambda p, lower, upper: _flat(lower.sin(), upper.cos()))(
                   *ember.linalg.lu(a)), (a43,), _lu_factors, note="tall"),
        Sample(lambda a: ember.linalg.lu(a).U.pow(2), (a233,), lambda a: np_lu(a)[2] ** 2,
               note="U alone, batch"),
    ],
    "lu_unpack": [
        _unpack_sample(lu33, piv33, "square"),
        _unpack_sample(lu32, piv32, "tall"),
        _unpack_sample(lu23, piv23, "wide"),
        Sample(lambda lu, piv: ember.lu_unpack(lu, piv).U * 3, (lu32, piv32),
               lambda lu, piv: np_unpack(lu, piv)[2] * 3, note="U alone, tall"),
    ],
    "linalg_lu_solve": [
        Sample(_solve_with(True, False), (a33, b32), _np_solve, note="from lu_factor"),
        Sample(_solve_with(True, True), (a33, b32),
               lambda a, b: _np_solve(a, b, True, True), note="adjoint"),
        Sample(_solve_with(False, False), (a33, b23),
               lambda a, b: _np_solve(a, b, False), note="X A = B"),
        Sample(_solve_with(False, True), (a33, b23),
               lambda a, b: _np_solve(a, b, False, True), note="X A^T = B"),
        Sample(_solve_with(True, False), (a233, b32), _np_solve, note="A's batch broadcasts"),
        Sample(_solve_with(True, False), (a33, b232), _np_solve, note="B's batch broadcasts"),
        Sample(_packed_solve()[0], (lu33, piv33, b32), _packed_solve()[1],
               note="a given packed LU"),
        Sample(_packed_solve(True, True)[0], (lu33, piv33, b32), _packed_solve(True, True)[1],
               note="a given packed LU, adjoint"),
        Sample(_packed_solve(False, False)[0], (lu33, piv33, b23),
               _packed_solve(False, False)[1], note="a given packed LU, X A = B"),
        Sample(_packed_solve(False, True)[0], (lu33, piv33, b23),
               _packed_solve(False, True)[1], note="a given packed LU, X A^T = B"),
        Sample(_old_lu_solve, (a33, b32), _np_solve, note="torch.lu_solve"),
    ],
}
