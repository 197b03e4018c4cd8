"""Samples of the factor-based linear algebra made complex-capable late: the LU family
(lu_factor, linalg.lu, lu_unpack, lu_solve), triangular_solve, cholesky_solve and
cholesky_inverse, geqrf, householder_product / orgqr, ormqr, ldl_factor / ldl_solve, and
tanh's and sigmoid's backward kernels. Complex inputs are complex128 (differentiable, like
float64).

The references are written out in NumPy: reflectors I - tau v v^H as matrices, an LU by
Doolittle's loop with LAPACK's cabs1 pivots (|Re| + |Im|), solves by np.linalg.solve. The
matrices' columns have well separated magnitudes, so a finite difference never changes a
pivot; Cholesky factors have a real positive diagonal (as linalg.cholesky gives them:
torch's potri treats an imaginary part there in its own way) and are passed through
tril/triu, as in tests/samples/linalg_solvers.py (torch's formulas give the whole matrix a
gradient).
"""

from __future__ import annotations

import warnings

import numpy as np

import ember
from tests.samples import Sample, rng
from tests.samples.backward_primitives import gradient_of


def _complex_array(*shape: int, seed: int = 0) -> np.ndarray:
    generator = rng(seed)
    return generator.standard_normal(shape) + 1j * generator.standard_normal(shape)


def _separated(*shape: int, seed: int) -> np.ndarray:
    """A matrix whose columns' pivots are clear: a strong, distinct diagonal."""
    m, n = shape[-2:]
    return 0.4 * _complex_array(*shape, seed=seed) + np.eye(m, n) * np.array(
        [3.0, -2.5 + 1j, 2.0j, 1.6, -1.3j][:n])


def _factor(*shape: int, seed: int, upper: bool = False) -> np.ndarray:
    """A triangular factor with a real positive diagonal (a Cholesky factor's shape)."""
    a = 0.5 * _complex_array(*shape, seed=seed)
    n = shape[-1]
    a = np.triu(a) if upper else np.tril(a)
    a[..., range(n), range(n)] = 1.5 + np.abs(a[..., range(n), range(n)])
    return a


_A33 = _separated(3, 3, seed=41)
_A34 = _separated(3, 4, seed=42)
_A43 = _separated(4, 3, seed=43)
_A233 = _separated(2, 3, 3, seed=44)
_B32 = _complex_array(3, 2, seed=45)
_B23 = _complex_array(2, 3, seed=46)
_UPPER = np.triu(_complex_array(3, 3, seed=47)) + 3 * np.eye(3)
_LOWERS = np.tril(_complex_array(2, 3, 3, seed=48)) + 3 * np.eye(3)
_L33 = _factor(3, 3, seed=49)
_U233 = _factor(2, 3, 3, seed=50, upper=True)
_REFLECTORS = _complex_array(4, 3, seed=51)
_TAU3 = 0.6 * _complex_array(3, seed=52)
_TAU2 = 0.6 * _complex_array(2, seed=53)
_REFLECTORS_B = _complex_array(2, 4, 2, seed=54)
_TAU22 = 0.6 * _complex_array(2, 2, seed=55)
_C42 = _complex_array(4, 2, seed=56)
_C34 = _complex_array(3, 4, seed=57)
_Z = 0.5 * _complex_array(2, 3, seed=58)
_G = _complex_array(2, 3, seed=59)


def _adjoint(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2).conj()


# ---------------------------------------------------------------------- LU
def _np_lu(a: np.ndarray) -> tuple:
    """(P, L, U, packed LU) of one matrix or a batch: Doolittle, cabs1 pivots."""
    if a.ndim > 2:
        parts = [_np_lu(m) for m in a.reshape(-1, *a.shape[-2:])]
        return tuple(np.array([p[i] for p in parts]).reshape(a.shape[:-2] + parts[0][i].shape)
                     for i in range(4))
    m, n = a.shape
    k = min(m, n)
    u = a.astype(np.complex128).copy()
    perm = list(range(m))
    for j in range(k):
        p = j + int(np.argmax(np.abs(u[j:, j].real) + np.abs(u[j:, j].imag)))
        u[[j, p]] = u[[p, j]]
        perm[j], perm[p] = perm[p], perm[j]
        u[j + 1:, j] /= u[j, j]
        u[j + 1:, j + 1:] -= np.outer(u[j + 1:, j], u[j, j + 1:])
    lower = np.tril(u[:, :k], -1) + np.eye(m, k)
    upper = np.triu(u[:k, :])
    p_matrix = np.zeros((m, m))
    p_matrix[perm, range(m)] = 1
    return p_matrix, lower, upper, u


def _solve_with(left: bool, adjoint: bool):
    def fn(a, b):
        lu, pivots = ember.linalg.lu_factor(a)
        return ember.linalg.lu_solve(lu, pivots, b, left=left, adjoint=adjoint)

    def solve(a, b):  # (batches broadcast first: NumPy 1 reads a b of a.ndim - 1 dims as vectors)
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        return np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]),
                               np.broadcast_to(b, batch + b.shape[-2:]))

    def reference(a, b):
        a = _adjoint(a) if adjoint else a
        if left:
            return solve(a, b)
        return _adjoint(solve(_adjoint(a), _adjoint(b)))
    return fn, reference


def _old(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return fn(*args)


def _unpacked(lu, pivots):
    """A function of lu_unpack's L and U (P is a constant of the pivots)."""
    p, lower, upper = ember.lu_unpack(lu, pivots)
    return (p @ lower).sum(-1, keepdim=True) * 2j + upper.sum(-2, keepdim=True)


def _np_unpacked(lu, pivots):
    m, n = lu.shape[-2:]
    k = min(m, n)
    perm = list(range(m))
    for j, row in enumerate(pivots - 1):
        perm[j], perm[row] = perm[row], perm[j]
    p = np.zeros((m, m))
    p[perm, range(m)] = 1
    lower = np.tril(lu[..., :, :k], -1) + np.eye(m, k)
    upper = np.triu(lu[..., :k, :])
    return (p @ lower).sum(-1, keepdims=True) * 2j + upper.sum(-2, keepdims=True)


_PIVOTS43 = np.array([3, 2, 4], np.int32)
_PIVOTS34 = np.array([2, 3, 3], np.int32)


# ---------------------------------------------------------------------- reflectors
def _np_householder(a: np.ndarray, tau: np.ndarray, columns: int | None = None) -> np.ndarray:
    """H_0 ... H_{k-1}, H_i = I - tau_i v_i v_i^H as matrices; the first `columns` kept."""
    if a.ndim > 2:
        return np.stack([_np_householder(x, t, columns) for x, t in zip(a, tau)])
    m, n = a.shape
    q = np.eye(m, dtype=np.complex128)
    for i in range(tau.shape[-1]):
        v = np.where(np.arange(m) > i, a[:, i], 0.0) + (np.arange(m) == i)
        q = q @ (np.eye(m) - tau[i] * np.outer(v, v.conj()))
    return q[:, :n if columns is None else columns]


def _np_ormqr(left: bool, transpose: bool):
    def reference(a, tau, c):
        q = _np_householder(a, tau, a.shape[-2])
        if transpose:
            q = q.conj().T
        return q @ c if left else c @ q
    return reference


def _np_geqrf(which: int):
    def reference(a):
        h, tau = np.linalg.qr(a, mode="raw")
        return (np.swapaxes(h, -1, -2), tau)[which]
    return reference


# ---------------------------------------------------------------------- Cholesky factors
def _np_cholesky_solve(b, factor, upper=False):
    a = _adjoint(factor) @ factor if upper else factor @ _adjoint(factor)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]),
                           np.broadcast_to(b, batch + b.shape[-2:]))


def _np_cholesky_inverse(factor, upper=False):
    return np.linalg.inv(_adjoint(factor) @ factor if upper else factor @ _adjoint(factor))


def _np_triangular(b, a, upper=True, transpose=False, unit=False):
    a = np.triu(a) if upper else np.tril(a)
    if unit:
        n = a.shape[-1]
        a = a.copy()
        a[..., range(n), range(n)] = 1
    if transpose:  # (op(A) = A^T even for complex A, as LAPACK's trans='T')
        a = np.swapaxes(a, -1, -2)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]),
                           np.broadcast_to(b, batch + b.shape[-2:]))


def _triangular(upper=True, transpose=False, unit=False):
    def fn(b, a):
        result = _old(ember.triangular_solve, b, a, upper, transpose, unit)
        return result.solution
    return fn


# ---------------------------------------------------------------------- LDL
_SYMMETRIC = _complex_array(4, 4, seed=60)
_SYMMETRIC = _SYMMETRIC + _SYMMETRIC.T
_HERMITIAN = _complex_array(2, 4, 4, seed=61)
_HERMITIAN = _HERMITIAN + _adjoint(_HERMITIAN)
_B42 = _complex_array(4, 2, seed=62)


def _ldl_solve(hermitian: bool):
    def fn(a, b):
        ld, pivots = ember.linalg.ldl_factor(a, hermitian=hermitian)
        return ember.linalg.ldl_solve(ld, pivots, b, hermitian=hermitian)
    return fn


def _ldl_rebuilt(a):
    """A rebuilt from LD without pivoting (a diagonally dominant Hermitian A): L D L^H."""
    ld = ember.linalg.ldl_factor(a, hermitian=True).LD
    n = a.shape[-1]
    lower = ld.tril(-1) + ember.eye(n, dtype=ld.dtype)
    return lower @ ember.diag_embed(ld.diagonal(0, -2, -1)) @ lower.mH


_DOMINANT = _complex_array(3, 3, seed=63)
_DOMINANT = _DOMINANT + _adjoint(_DOMINANT) + 8 * np.eye(3)

SAMPLES: dict[str, list[Sample]] = {
    "linalg_lu_factor_ex": [
        Sample(lambda a: ember.linalg.lu_factor(a).LU, (_A33,), lambda a: _np_lu(a)[3]),
        Sample(lambda a: ember.linalg.lu_factor_ex(a).LU, (_A34,), lambda a: _np_lu(a)[3],
               note="wide"),
        Sample(lambda a: _old(ember.lu, a)[0], (_A233,), lambda a: _np_lu(a)[3],
               note="torch.lu, a batch"),
    ],
    "linalg_lu": [
        Sample(lambda a: (lambda p, lo, up: lo @ up.exp())(*ember.linalg.lu(a)), (_A33,),
               lambda a: (lambda p, lo, up, _: lo @ np.exp(up))(*_np_lu(a))),
        Sample(lambda a: ember.linalg.lu(a).L, (_A43,), lambda a: _np_lu(a)[1], note="tall: L"),
        Sample(lambda a: ember.linalg.lu(a).U, (_A43,), lambda a: _np_lu(a)[2], note="tall: U"),
        Sample(lambda a: (lambda p, lo, up: lo.sum(-1, keepdim=True) * up)(*ember.linalg.lu(a)),
               (_A34,), lambda a: (lambda p, lo, up, _: lo.sum(-1, keepdims=True) * up)(
                   *_np_lu(a)), note="wide"),
    ],
    "lu_unpack": [
        Sample(_unpacked, (_A43, _PIVOTS43), _np_unpacked, note="tall"),
        Sample(_unpacked, (_A34, _PIVOTS34), _np_unpacked, note="wide"),
    ],
    "linalg_lu_solve": [
        Sample(_solve_with(True, False)[0], (_A33, _B32), _solve_with(True, False)[1]),
        Sample(_solve_with(True, True)[0], (_A33, _B32), _solve_with(True, True)[1],
               note="adjoint: A^H X = B"),
        Sample(_solve_with(False, False)[0], (_A233, _B23), _solve_with(False, False)[1],
               note="X A = B, a batch"),
        Sample(_solve_with(False, True)[0], (_A33, _B23), _solve_with(False, True)[1],
               note="X A^H = B"),
        Sample(lambda a, b: _old(ember.lu_solve, b, *ember.linalg.lu_factor(a)), (_A33, _B32),
               _solve_with(True, False)[1], note="torch.lu_solve"),
    ],
    "triangular_solve": [
        Sample(_triangular(), (_B32, _UPPER), _np_triangular),
        Sample(_triangular(transpose=True), (_B32, _UPPER),
               lambda b, a: _np_triangular(b, a, transpose=True), note="A^T"),
        Sample(_triangular(False, True, True), (_B32, _LOWERS),
               lambda b, a: _np_triangular(b, a, False, True, True),
               note="lower, unit diagonal, A^T, a batch"),
        Sample(lambda b, a: (lambda r: r.solution * 2 + r.cloned_coefficient[..., :2])(
            _old(ember.triangular_solve, b, a)), (_B32, _UPPER),
            lambda b, a: _np_triangular(b, a) * 2 + a[..., :2], note="the copy of A too"),
    ],
    "cholesky_solve": [
        Sample(lambda b, f: ember.cholesky_solve(b, f.tril()), (_B32, _L33), _np_cholesky_solve),
        Sample(lambda b, f: ember.cholesky_solve(b, f.triu(), upper=True), (_B32, _U233),
               lambda b, f: _np_cholesky_solve(b, f, True), note="upper, a batch"),
    ],
    "cholesky_inverse": [
        Sample(lambda f: ember.cholesky_inverse(f.tril()), (_L33,), _np_cholesky_inverse),
        Sample(lambda f: f.triu().cholesky_inverse(upper=True), (_U233,),
               lambda f: _np_cholesky_inverse(f, True), note="upper, a batch"),
    ],
    "geqrf": [
        # (torch refuses complex inputs that require grad: no complex derivative recorded)
        Sample(lambda a: ember.geqrf(a).a, (_A43,), _np_geqrf(0), nondiff=(0,),
               note="R and reflectors"),
        Sample(lambda a: ember.geqrf(a).tau, (_A233,), _np_geqrf(1), nondiff=(0,),
               note="tau, a batch"),
    ],
    "householder_product": [
        Sample(lambda a, t: ember.linalg.householder_product(a, t), (_REFLECTORS, _TAU3),
               _np_householder),
        Sample(lambda a, t: ember.orgqr(a, t), (_REFLECTORS, _TAU2), _np_householder,
               note="fewer reflectors than columns"),
        Sample(lambda a, t: ember.linalg.householder_product(a, t), (_REFLECTORS_B, _TAU22),
               _np_householder, note="a batch"),
    ],
    "ormqr": [
        Sample(lambda a, t, c: ember.ormqr(a, t, c), (_REFLECTORS, _TAU3, _C42),
               _np_ormqr(True, False), note="Q C"),
        Sample(lambda a, t, c: ember.ormqr(a, t, c, transpose=True), (_REFLECTORS, _TAU3, _C42),
               _np_ormqr(True, True), note="Q^H C"),
        Sample(lambda a, t, c: ember.ormqr(a, t, c, left=False), (_REFLECTORS, _TAU3, _C34),
               _np_ormqr(False, False), note="C Q"),
        Sample(lambda a, t, c: a.ormqr(t, c, left=False, transpose=True),
               (_REFLECTORS, _TAU3, _C34), _np_ormqr(False, True), note="C Q^H, method"),
    ],
    "linalg_ldl_factor_ex": [
        Sample(_ldl_rebuilt, (_DOMINANT,), lambda a: a, note="Hermitian: L D L^H"),
    ],
    "linalg_ldl_solve": [
        Sample(_ldl_solve(False), (_SYMMETRIC, _B42), np.linalg.solve, note="symmetric"),
        Sample(_ldl_solve(True), (_HERMITIAN, _B42),
               lambda a, b: np.linalg.solve(a, np.broadcast_to(b, (2, 4, 2))),
               note="Hermitian, a batch"),
    ],
    "tanh_backward": [
        Sample(gradient_of(ember.tanh), (_G, _Z), lambda g, z: g * np.conj(1 - np.tanh(z) ** 2)),
    ],
    "sigmoid_backward": [
        Sample(gradient_of(ember.sigmoid), (_G, _Z),
               lambda g, z: g * np.conj((1 - 1 / (1 + np.exp(-z))) / (1 + np.exp(-z)))),
    ],
}
