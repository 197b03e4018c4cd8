"""Samples for src/ember/ops/linalg_solvers.py (cholesky_solve, cholesky_inverse,
triangular_solve) and the solve / inverse ops' other forms: linalg.solve with left=False,
linalg.solve_ex, linalg.inv_ex.

The Cholesky factors are triangles (tril/triu of a matrix with a strong diagonal): the
ops read one triangle, but torch's gradient formulas (which ember's are) give the whole
matrix a gradient, as if the factor were symmetric in its use; a triangular input makes
that the derivative. triangular_solve reads one triangle, and its formula keeps it.
"""

from __future__ import annotations

import warnings

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(8403)
factor33 = np.eye(3) * 2 + _R.uniform(-0.5, 0.5, (3, 3))
factor233 = np.eye(3) * 2 + _R.uniform(-0.5, 0.5, (2, 3, 3))
b32, b232, b23 = (_R.standard_normal((3, 2)), _R.standard_normal((2, 3, 2)),
                  _R.standard_normal((2, 3)))
a33 = np.eye(3) * 2 + _R.standard_normal((3, 3)) * 0.5
a233 = np.eye(3) * 2 + _R.standard_normal((2, 3, 3)) * 0.5
v3 = _R.standard_normal(3)
b43 = _R.standard_normal((4, 3))


def _gram(factor, upper):
    t = np.triu(factor) if upper else np.tril(factor)
    tt = np.swapaxes(t, -1, -2)
    return tt @ t if upper else t @ tt


def _np_solve(a, b):
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]),
                           np.broadcast_to(b, batch + b.shape[-2:]))


def _np_cholesky_solve(upper):
    return lambda b, factor: _np_solve(_gram(factor, upper), b)


def _read(a, upper, unit):
    t = np.triu(a) if upper else np.tril(a)
    if unit:
        n = a.shape[-1]
        t = t - t * np.eye(n) + np.eye(n)
    return t


def _triangular(upper, transpose, unit):
    def fn(b, a):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            x, copy = ember.triangular_solve(b, a, upper, transpose, unit)
        return ember.cat([x.reshape(-1), copy.sin().reshape(-1)])

    def reference(b, a):
        t = _read(a, upper, unit)
        if transpose:
            t = np.swapaxes(t, -1, -2)
        x = _np_solve(t, b)
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        copy = np.broadcast_to(a, batch + a.shape[-2:])
        return np.concatenate([x.reshape(-1), np.sin(copy).reshape(-1)])
    return fn, reference


def _tri_sample(upper, transpose, unit, b, a, note):
    fn, reference = _triangular(upper, transpose, unit)
    return Sample(fn, (b, a), reference, note=note)


SAMPLES: dict[str, list[Sample]] = {
    "cholesky_solve": [
        Sample(lambda b, f: ember.cholesky_solve(b, f.tril()), (b32, factor33),
               _np_cholesky_solve(False), note="lower"),
        Sample(lambda b, f: ember.cholesky_solve(b, f.triu(), upper=True), (b32, factor33),
               _np_cholesky_solve(True), note="upper"),
        Sample(lambda b, f: b.cholesky_solve(f.tril()), (b232, factor33),
               _np_cholesky_solve(False), note="b's batch broadcasts, method"),
        Sample(lambda b, f: ember.cholesky_solve(b, f.triu(), True), (b32, factor233),
               _np_cholesky_solve(True), note="the factor's batch broadcasts"),
    ],
    "cholesky_inverse": [
        Sample(lambda f: ember.cholesky_inverse(f.tril()), (factor33,),
               lambda f: np.linalg.inv(_gram(f, False)), note="lower"),
        Sample(lambda f: f.triu().cholesky_inverse(upper=True), (factor233,),
               lambda f: np.linalg.inv(_gram(f, True)), note="upper, batch, method"),
    ],
    "triangular_solve": [
        _tri_sample(True, False, False, b32, factor33, "upper"),
        _tri_sample(False, False, False, b32, factor33, "lower"),
        _tri_sample(True, True, False, b32, factor33, "upper, transpose"),
        _tri_sample(False, True, True, b32, factor33, "lower, transpose, unit diagonal"),
        _tri_sample(True, False, True, b232, factor33, "b's batch broadcasts"),
        _tri_sample(False, False, False, b32, factor233, "A's batch broadcasts"),
    ],
    "solve": [
        Sample(lambda a, b: ember.linalg.solve(a, b, left=False), (a33, b23),
               lambda a, b: b @ np.linalg.inv(a), note="X A = B"),
        Sample(lambda a, b: ember.linalg.solve(a, b, left=False), (a233, b43),
               lambda a, b: b @ np.linalg.inv(a), note="X A = B, A's batch broadcasts"),
        Sample(lambda a, b: ember.linalg.solve_ex(a, b).result, (a33, v3),
               lambda a, b: np.linalg.solve(a, b[:, None])[:, 0], note="solve_ex, a vector"),
        Sample(lambda a, b: ember.linalg.solve_ex(a, b, left=False, check_errors=True)[0],
               (a233, b232.swapaxes(-1, -2).copy()),
               lambda a, b: b @ np.linalg.inv(a), note="solve_ex, X A = B, batch"),
    ],
    "inverse": [
        Sample(lambda a: ember.linalg.inv_ex(a).inverse, (a33,), np.linalg.inv,
               note="inv_ex"),
        Sample(lambda a: ember.linalg.inv_ex(a, check_errors=True)[0], (a233,), np.linalg.inv,
               note="inv_ex, check_errors, batch"),
    ],
}
