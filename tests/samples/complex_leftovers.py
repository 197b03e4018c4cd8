"""Samples of the reductions and linear algebra made complex-capable late: cumprod (zeros
too), prod's zero-safe gradient, logcumsumexp, ... Complex inputs are complex128
(differentiable, like float64)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng


def _complex_array(*shape: int, seed: int = 0) -> np.ndarray:
    generator = rng(seed)
    return generator.standard_normal(shape) + 1j * generator.standard_normal(shape)


def _numpy_logcumsumexp(z: np.ndarray, dim: int) -> np.ndarray:
    return np.log(np.cumsum(np.exp(z), axis=dim))


_Z = _complex_array(3, 4, seed=21)
_WITH_ZEROS = _Z.copy()
_WITH_ZEROS[0, 1] = 0
_WITH_ZEROS[2, 0] = _WITH_ZEROS[2, 2] = 0
_SMALL = 0.3 * _complex_array(2, 3, seed=22)  # (log's branch cut stays away)
_W = _complex_array(2, 3, 4, seed=23)
_OTHER = _complex_array(3, 4, seed=24)
_SQUARE = _complex_array(3, 3, seed=25) + 3 * np.eye(3)  # (well conditioned)
_SQUARES = _complex_array(2, 3, 3, seed=26) + 3 * np.eye(3)
_RHS = _complex_array(3, 2, seed=27)
_TALL = _complex_array(4, 3, seed=28)
_WIDE = _complex_array(2, 3, 4, seed=29)
_LOWER = np.tril(_complex_array(3, 3, seed=30)) + 3 * np.eye(3)


def _hermitian_pd(m):
    """m m^H + 3 I: Hermitian positive-definite, from any square m (ember or NumPy)."""
    if isinstance(m, np.ndarray):
        return m @ np.swapaxes(m, -1, -2).conj() + 3 * np.eye(m.shape[-1])
    return m @ m.mH + 3 * ember.eye(m.shape[-1], dtype=m.dtype)


def _expm_series(a):
    """exp of (a batch of) matrices of small norm by its Taylor series (40 terms)."""
    term = np.broadcast_to(np.eye(a.shape[-1]), a.shape).astype(a.dtype)
    total = term.copy()
    for k in range(1, 40):
        term = term @ a / k
        total = total + term
    return total


def _upper_factor(a):
    return np.swapaxes(np.linalg.cholesky(a), -1, -2).conj()


def _spread(z: np.ndarray, axis=None, correction: int = 1, keepdims: bool = False):
    """var of complex values: mean squared magnitude of the deviations."""
    centred = z - np.mean(z, axis=axis, keepdims=True)
    n = z.size if axis is None else np.prod([z.shape[a] for a in np.atleast_1d(axis)])
    return np.sum(np.abs(centred) ** 2, axis=axis, keepdims=keepdims) / (n - correction)


def _vector_norm(z: np.ndarray, p: float, axis=None, keepdims: bool = False):
    a = np.abs(z)
    if p == np.inf:
        return np.max(a, axis=axis, keepdims=keepdims)
    return np.sum(a ** p, axis=axis, keepdims=keepdims) ** (1 / p)

SAMPLES = {
    "cumprod": [
        Sample(lambda z: z.cumprod(1), (_Z,), lambda z: np.cumprod(z, axis=1)),
        Sample(lambda z: ember.cumprod(z, 0), (_Z,), lambda z: np.cumprod(z, axis=0)),
        Sample(lambda z: z.cumprod(1), (_WITH_ZEROS,), lambda z: np.cumprod(z, axis=1)),
    ],
    "prod": [Sample(lambda z: z.prod(), (_WITH_ZEROS[:1],), np.prod)],
    "prod_dim": [Sample(lambda z: z.prod(1), (_WITH_ZEROS,), lambda z: np.prod(z, axis=1))],
    "logcumsumexp": [
        Sample(lambda z: z.logcumsumexp(1), (_SMALL,), lambda z: _numpy_logcumsumexp(z, 1)),
        Sample(lambda z: ember.logcumsumexp(z, 0), (_SMALL,),
               lambda z: _numpy_logcumsumexp(z, 0)),
    ],
    "var": [
        Sample(lambda z: z.var(), (_Z,), _spread),
        Sample(lambda z: ember.var(z, 1, correction=0, keepdim=True), (_W,),
               lambda z: _spread(z, 1, 0, True)),
    ],
    "std": [
        Sample(lambda z: z.std(), (_Z,), lambda z: np.sqrt(_spread(z))),
        Sample(lambda z: ember.std(z, (0, 2)), (_W,), lambda z: np.sqrt(_spread(z, (0, 2)))),
        Sample(lambda z: ember.std_mean(z)[0], (_W,), lambda z: np.sqrt(_spread(z))),
    ],
    "welford_mean": [
        Sample(lambda z: ember.var_mean(z, 1)[1], (_Z,), lambda z: np.mean(z, 1)),
        Sample(lambda z: ember.std_mean(z, (0, 2))[1], (_W,), lambda z: np.mean(z, (0, 2))),
    ],
    "norm": [
        Sample(lambda z: z.norm(), (_Z,), lambda z: _vector_norm(z, 2)),
        Sample(lambda z: ember.linalg.vector_norm(z, 3, 1), (_Z,),
               lambda z: _vector_norm(z, 3, 1)),
        Sample(lambda z: ember.linalg.vector_norm(z, 1, (0, 2), keepdim=True), (_W,),
               lambda z: _vector_norm(z, 1, (0, 2), True)),
        Sample(lambda z: ember.linalg.vector_norm(z, float("inf"), 0), (_Z,),
               lambda z: _vector_norm(z, np.inf, 0)),
        Sample(lambda z: ember.linalg.vector_norm(z, 0.5), (_Z,),
               lambda z: _vector_norm(z, 0.5)),
        Sample(lambda z: ember.linalg.matrix_norm(z), (_W,),
               lambda z: _vector_norm(z, 2, (1, 2))),
    ],
    "norm_dim": [
        Sample(lambda z: ember.frobenius_norm(z, (0, 1)), (_Z,),
               lambda z: _vector_norm(z, 2)),
    ],
    "dist": [
        Sample(lambda a, b: ember.dist(a, b), (_Z, _OTHER), lambda a, b: _vector_norm(a - b, 2)),
        Sample(lambda a, b: ember.dist(a, b, 3), (_Z, _OTHER),
               lambda a, b: _vector_norm(a - b, 3)),
        Sample(lambda a, b: ember.dist(a, b, 1), (_W, _OTHER),
               lambda a, b: _vector_norm(a - b, 1)),
    ],
    "inverse": [
        Sample(lambda a: ember.linalg.inv(a), (_SQUARE,), np.linalg.inv),
        Sample(lambda a: ember.inverse(a), (_SQUARES,), np.linalg.inv),
    ],
    "solve": [
        Sample(lambda a, b: ember.linalg.solve(a, b), (_SQUARE, _RHS), np.linalg.solve),
        Sample(lambda a, b: ember.linalg.solve(a, b[:, 0]), (_SQUARES, _RHS),
               # (b broadcast to a's batch: NumPy 1 reads a (3, 1) b beside a batch as
               # a batch of vectors)
               lambda a, b: np.linalg.solve(a, np.broadcast_to(b[:, :1], (2, 3, 1)))[..., 0]),
        Sample(lambda a, b: ember.linalg.solve(a, b.mT, left=False).resolve_conj(),
               (_SQUARE, _RHS), lambda a, b: np.linalg.solve(a.T, b).T),
    ],
    "det": [
        Sample(lambda a: ember.linalg.det(a), (_SQUARE,), np.linalg.det),
        Sample(lambda a: ember.det(a), (_SQUARES,), np.linalg.det),
    ],
    "slogdet": [
        Sample(lambda a: ember.linalg.slogdet(a)[1], (_SQUARE,),
               lambda a: np.linalg.slogdet(a)[1]),
        Sample(lambda a: ember.logdet(a), (_SQUARES,),
               lambda a: np.log(np.linalg.det(a))),
    ],
    "slogdet_sign": [
        Sample(lambda a: ember.linalg.slogdet(a)[0], (_SQUARE,),
               lambda a: np.linalg.slogdet(a)[0]),
        Sample(lambda a: ember.slogdet(a).sign, (_SQUARES,),
               lambda a: np.linalg.slogdet(a)[0]),
    ],
    "linalg_cholesky": [
        Sample(lambda m: ember.linalg.cholesky(_hermitian_pd(m)), (_SQUARE,),
               lambda m: np.linalg.cholesky(_hermitian_pd(m))),
        Sample(lambda m: ember.linalg.cholesky(_hermitian_pd(m), upper=True), (_SQUARES,),
               lambda m: _upper_factor(_hermitian_pd(m))),
    ],
    "cholesky": [
        Sample(lambda m: ember.cholesky(_hermitian_pd(m)), (_SQUARE,),
               lambda m: np.linalg.cholesky(_hermitian_pd(m))),
    ],
    "linalg_qr": [
        Sample(lambda a: ember.linalg.qr(a).Q, (_TALL,), lambda a: np.linalg.qr(a)[0]),
        Sample(lambda a: ember.linalg.qr(a).R, (_TALL,), lambda a: np.linalg.qr(a)[1]),
        Sample(lambda a: ember.linalg.qr(a).Q, (_WIDE,), lambda a: np.linalg.qr(a)[0]),
        Sample(lambda a: ember.linalg.qr(a).R * 2, (_WIDE,), lambda a: np.linalg.qr(a)[1] * 2),
        Sample(lambda a: (lambda q, r: q @ r.exp())(*ember.linalg.qr(a, mode="complete")),
               (_SQUARE,), lambda a: (lambda q, r: q @ np.exp(r))(*np.linalg.qr(a))),
    ],
    "solve_triangular": [
        Sample(lambda a, b: ember.linalg.solve_triangular(a, b, upper=False), (_LOWER, _RHS),
               lambda a, b: np.linalg.solve(np.tril(a), b)),
        Sample(lambda a, b: ember.linalg.solve_triangular(a.mT, b.mT, upper=True, left=False),
               (_LOWER, _RHS), lambda a, b: np.linalg.solve(np.tril(a), b).T),
    ],
    "logsumexp": [
        Sample(lambda z: z.logsumexp(1), (_SMALL,),
               lambda z: np.log(np.sum(np.exp(z), axis=1))),
        Sample(lambda z: ember.logsumexp(z, (0, 2), keepdim=True), (_W * 0.3,),
               lambda z: np.log(np.sum(np.exp(z), axis=(0, 2), keepdims=True))),
    ],
    # (functions of the singular vectors that do not depend on their phases)
    "linalg_svd": [
        Sample(lambda a: ember.linalg.svdvals(a), (_TALL,),
               lambda a: np.linalg.svd(a, compute_uv=False)),
        Sample(lambda a: (lambda u, s, vh: u @ vh)(*ember.linalg.svd(a, full_matrices=False)),
               (_TALL,), lambda a: (lambda u, s, vh: u @ vh)(*np.linalg.svd(a, False))),
        Sample(lambda a: (lambda u, s, vh: u @ vh)(*ember.linalg.svd(a, full_matrices=False)),
               (_WIDE,), lambda a: (lambda u, s, vh: u @ vh)(*np.linalg.svd(a, False))),
        Sample(lambda a: ember.linalg.svd(a).U.abs(), (_SQUARE,),
               lambda a: np.abs(np.linalg.svd(a)[0])),
        Sample(lambda a: ember.linalg.matrix_norm(a, "nuc"), (_WIDE,),
               lambda a: np.linalg.svd(a, compute_uv=False).sum(-1)),
    ],
    # (Hermitian inputs built from any square m; functions independent of the phases)
    "linalg_eigh": [
        Sample(lambda m: ember.linalg.eigvalsh(m + m.mH), (_SQUARE,),
               lambda m: np.linalg.eigvalsh(m + m.conj().T)),
        Sample(lambda m: (lambda w, v: v @ ember.diag_embed(w.exp().to(v.dtype)) @ v.mH)(
            *ember.linalg.eigh(m + m.mH)), (_SQUARE,),
            lambda m: (lambda w, v: v @ np.diag(np.exp(w)) @ v.conj().T)(
                *np.linalg.eigh(m + m.conj().T))),
        Sample(lambda m: ember.linalg.eigh(m + m.mH).eigenvectors.abs(), (_SQUARES,),
               lambda m: np.abs(np.linalg.eigh(m + np.swapaxes(m, -1, -2).conj())[1])),
    ],
    "cross": [
        Sample(lambda a, b: ember.linalg.cross(a, b), (_TALL, _TALL[::-1].copy()),
               lambda a, b: np.cross(a, b)),
        Sample(lambda a, b: ember.cross(a, b, dim=0), (_SQUARE, _LOWER),
               lambda a, b: np.cross(a, b, axis=0)),
    ],
    "renorm": [
        Sample(lambda z: z.renorm(2, 0, 1.0), (_Z,),
               lambda z: z * np.minimum(1.0, 1.0 / (np.sqrt((np.abs(z) ** 2).sum(1)) + 1e-7)
                                        )[:, None]),
        Sample(lambda z: ember.renorm(z, 3, 1, 0.5), (_Z,),
               lambda z: z * np.minimum(1.0, 0.5 / ((np.abs(z) ** 3).sum(0) ** (1 / 3) + 1e-7)
                                        )[None, :]),
    ],
    "linalg_pinv": [
        Sample(lambda a: ember.linalg.pinv(a), (_TALL,), np.linalg.pinv),
        Sample(lambda a: ember.linalg.pinv(a), (_WIDE,), np.linalg.pinv),
        Sample(lambda m: ember.linalg.pinv(m + m.mH, hermitian=True), (_SQUARE,),
               lambda m: np.linalg.pinv(m + m.conj().T)),
    ],
    "matrix_exp": [
        Sample(lambda a: ember.linalg.matrix_exp(a), (0.5 * _SQUARE,), _expm_series),
        Sample(lambda a: ember.matrix_exp(a), (0.3 * _SQUARES,), _expm_series),
    ],
    "linalg_lstsq": [
        Sample(lambda a, b: ember.linalg.lstsq(a, b).solution, (_TALL, _TALL[:, :2].copy()),
               lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0]),
        Sample(lambda a, b: ember.linalg.lstsq(a, b, driver="gelsd").residuals,
               (_TALL, _TALL[::-1, :2].copy()),
               lambda a, b: np.linalg.lstsq(a, b, rcond=None)[1]),
        Sample(lambda a, b: ember.linalg.lstsq(a, b, driver="gels").solution,
               (_TALL.T.copy(), _LOWER), lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0]),
    ],
}
