"""linalg.ldl_factor(_ex) and linalg.ldl_solve: the Bunch-Kaufman factorization of a
symmetric matrix, A = P L D L^T P^T, as LAPACK's sytrf / sytrs compute and pack it (reading
A's lower triangle).

`ldl_factor_np` is LAPACK's dsytf2 (lower) written out: at each step a 1 x 1 pivot, or a
2 x 2 one when the column's diagonal entry is small beside its largest off-diagonal entry
(the Bunch-Kaufman test with alpha = (1 + sqrt(17)) / 8), rows and columns of the trailing
matrix interchanged first. LD holds D's 1 x 1 and 2 x 2 blocks on and just below its
diagonal and L's multipliers below them (torch zeroes the upper triangle); pivots are
LAPACK's: k for a 1 x 1 block whose row was swapped with row k, -k twice for a 2 x 2 block
whose second row was swapped with row k. torch's blocked sytrf makes the same choices
(ties aside) and rounds its updates in another order.

Complex matrices: zsytf2 / zsytrs (A = P L D L^T P^T, magnitudes |Re| + |Im| as LAPACK's
cabs1) or, with hermitian=True, zhetf2 / zhetrs (A = P L D L^H P^T, D's diagonal real).

torch records both functions with a NotImplemented node (no derivative); so does ember.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ._lapack_layout import column_major
from ._registry import OPS, allow_complex, declare
from .linalg import _scalar_name, broadcast_batch
from .linalg_decompositions import _no_out
from .return_types import _return_type, return_types

__all__ = ["ldl_factor_np", "linalg_ldl_factor", "linalg_ldl_factor_ex", "linalg_ldl_solve"]

_LDL_FACTOR = return_types.linalg_ldl_factor = _return_type("linalg_ldl_factor",
                                                            ("LD", "pivots"))
_LDL_FACTOR_EX = return_types.linalg_ldl_factor_ex = _return_type(
    "linalg_ldl_factor_ex", ("LD", "pivots", "info"))
_ALPHA = (1 + math.sqrt(17)) / 8


def _magnitude(values):
    """LAPACK's magnitude in pivot searches: |x|, and |Re x| + |Im x| for complex values
    (cabs1, which izamax, zsytf2 and zhetf2 compare)."""
    if np.iscomplexobj(values):
        return np.abs(np.real(values)) + np.abs(np.imag(values))
    return np.abs(values)


def _first_largest(values: np.ndarray) -> int:
    """idamax / izamax: the first index of the largest magnitude (0 for an empty array)."""
    return int(np.argmax(_magnitude(values))) if values.size else 0


def _ldl_one(a: np.ndarray, hermitian: bool = False) -> tuple:
    """(LD, pivots, info) of one symmetric (or, complex and `hermitian`, Hermitian) matrix,
    its lower triangle read."""
    if hermitian and a.dtype.kind == "c":
        return _ldl_one_hermitian(a)
    n = a.shape[0]
    lower = np.tril(a)
    w = lower + np.tril(lower, -1).T  # the symmetric matrix, updated in place below
    abs = _magnitude  # noqa: A001 - (complex: cabs1 wherever dsytf2 takes |x|)
    ld = np.zeros_like(a)
    pivots = np.zeros(n, np.int32)
    info = 0
    k = 0
    with np.errstate(all="ignore"):
        while k < n:
            step = 1
            absakk = abs(w[k, k])
            if k + 1 < n:
                imax = k + 1 + _first_largest(w[k + 1:, k])
                colmax = abs(w[imax, k])
            else:
                imax, colmax = k, 0.0
            if max(absakk, colmax) == 0 or math.isnan(absakk):
                if info == 0:
                    info = k + 1
                pivots[k] = k + 1
                ld[k, k] = w[k, k]
                ld[k + 1:, k] = w[k + 1:, k]
                k += 1
                continue
            if absakk >= _ALPHA * colmax:
                kp = k
            else:
                others = np.concatenate([w[imax, k:imax], w[imax + 1:, imax]])
                rowmax = float(np.max(abs(others)))
                if absakk >= _ALPHA * colmax * (colmax / rowmax):
                    kp = k
                elif abs(w[imax, imax]) >= _ALPHA * rowmax:
                    kp = imax
                else:
                    kp, step = imax, 2
            kk = k + step - 1
            if kp != kk:  # the trailing matrix's rows and columns kk and kp interchanged
                w[[kk, kp], k:] = w[[kp, kk], k:]
                w[k:, [kk, kp]] = w[k:, [kp, kk]]
            if step == 1:
                d = w[k, k]
                column = w[k + 1:, k]
                scale = 1 / d if abs(d) >= np.finfo(a.dtype).tiny else None
                if k + 1 < n:
                    inverse = 1 / d
                    w[k + 1:, k + 1:] -= np.outer(column, inverse * column)
                ld[k, k] = d
                ld[k + 1:, k] = column * scale if scale is not None else column / d
                pivots[k] = kp + 1
            else:
                d21 = w[k + 1, k]
                d11 = w[k + 1, k + 1] / d21
                d22 = w[k, k] / d21
                t = 1 / (d11 * d22 - 1)
                d21 = t / d21
                col_k, col_k1 = w[k + 2:, k], w[k + 2:, k + 1]
                wk = d21 * (d11 * col_k - col_k1)
                wkp1 = d21 * (d22 * col_k1 - col_k)
                w[k + 2:, k + 2:] -= np.outer(col_k, wk) + np.outer(col_k1, wkp1)
                ld[k, k], ld[k + 1, k], ld[k + 1, k + 1] = w[k, k], w[k + 1, k], w[k + 1, k + 1]
                ld[k + 2:, k], ld[k + 2:, k + 1] = wk, wkp1
                pivots[k] = pivots[k + 1] = -(kp + 1)
            k += step
    # (the trailing updates above kept w symmetric; only its lower part is L's)
    return np.tril(ld), pivots, info


def _ldl_one_hermitian(a: np.ndarray) -> tuple:
    """zhetf2 (lower) written out: Bunch-Kaufman for A = P L D L^H P^T, D's 1 x 1 blocks and
    the diagonals of its 2 x 2 ones real (the imaginary parts of A's diagonal are ignored),
    |Re a_kk| against cabs1 of the column's largest entry."""
    n = a.shape[0]
    lower = np.tril(a)
    w = lower + np.conj(np.tril(lower, -1).T)  # the Hermitian matrix, updated below
    w[range(n), range(n)] = w.diagonal().real
    ld = np.zeros_like(a)
    pivots = np.zeros(n, np.int32)
    info = 0
    k = 0
    with np.errstate(all="ignore"):
        while k < n:
            step = 1
            absakk = abs(w[k, k].real)
            if k + 1 < n:
                imax = k + 1 + _first_largest(w[k + 1:, k])
                colmax = float(_magnitude(w[imax, k]))
            else:
                imax, colmax = k, 0.0
            if max(absakk, colmax) == 0 or math.isnan(absakk):
                if info == 0:
                    info = k + 1
                pivots[k] = k + 1
                ld[k, k] = w[k, k].real
                ld[k + 1:, k] = w[k + 1:, k]
                k += 1
                continue
            if absakk >= _ALPHA * colmax:
                kp = k
            else:
                others = np.concatenate([w[imax, k:imax], w[imax + 1:, imax]])
                rowmax = float(np.max(_magnitude(others)))
                if absakk >= _ALPHA * colmax * (colmax / rowmax):
                    kp = k
                elif abs(w[imax, imax].real) >= _ALPHA * rowmax:
                    kp = imax
                else:
                    kp, step = imax, 2
            kk = k + step - 1
            if kp != kk:  # a symmetric permutation of the trailing (Hermitian) matrix
                w[[kk, kp], k:] = w[[kp, kk], k:]
                w[k:, [kk, kp]] = w[k:, [kp, kk]]
            if step == 1:
                r1 = 1 / w[k, k].real
                column = w[k + 1:, k]
                if k + 1 < n:  # zher: A - r1 x x^H, its diagonal kept real
                    w[k + 1:, k + 1:] -= np.outer(column, r1 * np.conj(column))
                    rest = range(k + 1, n)
                    w[rest, rest] = w[rest, rest].real
                ld[k, k] = w[k, k].real
                ld[k + 1:, k] = column * r1
                pivots[k] = kp + 1
            else:
                d = abs(w[k + 1, k])
                d11 = w[k + 1, k + 1].real / d
                d22 = w[k, k].real / d
                tt = 1 / (d11 * d22 - 1)
                d21 = w[k + 1, k] / d
                d = tt / d
                col_k, col_k1 = w[k + 2:, k], w[k + 2:, k + 1]
                wk = d * (d11 * col_k - d21 * col_k1)
                wkp1 = d * (d22 * col_k1 - np.conj(d21) * col_k)
                w[k + 2:, k + 2:] -= (np.outer(col_k, np.conj(wk))
                                      + np.outer(col_k1, np.conj(wkp1)))
                rest = range(k + 2, n)
                w[rest, rest] = w[rest, rest].real
                ld[k, k], ld[k + 1, k] = w[k, k].real, w[k + 1, k]
                ld[k + 1, k + 1] = w[k + 1, k + 1].real
                ld[k + 2:, k], ld[k + 2:, k + 1] = wk, wkp1
                pivots[k] = pivots[k + 1] = -(kp + 1)
            k += step
    return np.tril(ld), pivots, info


def ldl_factor_np(a: np.ndarray, hermitian: bool = False) -> tuple:
    """(LD column-major, pivots int32, info int32) for a batch of symmetric (or Hermitian)
    matrices."""
    n = a.shape[-1]
    batch = a.shape[:-2]
    count = int(np.prod(batch))
    flat = a.reshape((count, n, n))
    lds = np.zeros((count, n, n), a.dtype)
    pivots = np.zeros((count, n), np.int32)
    infos = np.zeros(count, np.int32)
    for i in range(count):
        lds[i], pivots[i], infos[i] = _ldl_one(flat[i], hermitian)
    return (column_major(lds.reshape(a.shape)), pivots.reshape(batch + (n,)),
            infos.reshape(batch))


def _ldl_solve_one(ld: np.ndarray, pivots: np.ndarray, b: np.ndarray,
                   hermitian: bool = False) -> np.ndarray:
    """LAPACK's dsytrs (lower): X with A X = B from A's packed LD and pivots."""
    if hermitian and ld.dtype.kind == "c":
        return _ldl_solve_hermitian(ld, pivots, b)
    n = ld.shape[0]
    x = np.array(b, dtype=ld.dtype, copy=True)
    with np.errstate(all="ignore"):
        k = 0
        while k < n:  # L D Y = P^T B, a block at a time
            if pivots[k] > 0:
                kp = pivots[k] - 1
                if kp != k:
                    x[[k, kp]] = x[[kp, k]]
                x[k + 1:] -= np.outer(ld[k + 1:, k], x[k])
                x[k] = x[k] / ld[k, k]
                k += 1
            else:
                kp = -pivots[k] - 1
                if kp != k + 1:
                    x[[k + 1, kp]] = x[[kp, k + 1]]
                x[k + 2:] -= np.outer(ld[k + 2:, k], x[k]) + np.outer(ld[k + 2:, k + 1], x[k + 1])
                akm1k = ld[k + 1, k]
                akm1 = ld[k, k] / akm1k
                ak = ld[k + 1, k + 1] / akm1k
                denom = akm1 * ak - 1
                bkm1 = x[k] / akm1k
                bk = x[k + 1] / akm1k
                x[k] = (ak * bkm1 - bk) / denom
                x[k + 1] = (akm1 * bk - bkm1) / denom
                k += 2
        k = n - 1
        while k >= 0:  # L^T X = Y, and the interchanges undone
            if pivots[k] > 0:
                x[k] -= ld[k + 1:, k] @ x[k + 1:]
                kp = pivots[k] - 1
                if kp != k:
                    x[[k, kp]] = x[[kp, k]]
                k -= 1
            else:
                x[k] -= ld[k + 1:, k] @ x[k + 1:]
                x[k - 1] -= ld[k + 1:, k - 1] @ x[k + 1:]
                kp = -pivots[k] - 1
                if kp != k:
                    x[[k, kp]] = x[[kp, k]]
                k -= 2
    return x


def _ldl_solve_hermitian(ld: np.ndarray, pivots: np.ndarray, b: np.ndarray) -> np.ndarray:
    """zhetrs (lower): X with A X = B for A = P L D L^H P^T (D's diagonals real)."""
    n = ld.shape[0]
    x = np.array(b, dtype=ld.dtype, copy=True)
    with np.errstate(all="ignore"):
        k = 0
        while k < n:  # L D Y = P^T B, a block at a time
            if pivots[k] > 0:
                kp = pivots[k] - 1
                if kp != k:
                    x[[k, kp]] = x[[kp, k]]
                x[k + 1:] -= np.outer(ld[k + 1:, k], x[k])
                x[k] = x[k] * (1 / ld[k, k].real)
                k += 1
            else:
                kp = -pivots[k] - 1
                if kp != k + 1:
                    x[[k + 1, kp]] = x[[kp, k + 1]]
                x[k + 2:] -= np.outer(ld[k + 2:, k], x[k]) + np.outer(ld[k + 2:, k + 1], x[k + 1])
                akm1k = ld[k + 1, k]
                akm1 = ld[k, k] / np.conj(akm1k)
                ak = ld[k + 1, k + 1] / akm1k
                denom = akm1 * ak - 1
                bkm1 = x[k] / np.conj(akm1k)
                bk = x[k + 1] / akm1k
                x[k] = (ak * bkm1 - bk) / denom
                x[k + 1] = (akm1 * bk - bkm1) / denom
                k += 2
        k = n - 1
        while k >= 0:  # L^H X = Y, and the interchanges undone
            x[k] -= np.conj(ld[k + 1:, k]) @ x[k + 1:]
            if pivots[k] > 0:
                kp = pivots[k] - 1
                step = 1
            else:
                x[k - 1] -= np.conj(ld[k + 1:, k - 1]) @ x[k + 1:]
                kp = -pivots[k] - 1
                step = 2
            if kp != k:
                x[[k, kp]] = x[[kp, k]]
            k -= step
    return x


@declare("linalg_ldl_factor_ex", grad_not_implemented="aten::linalg_ldl_factor_ex",
         formula="not differentiable (torch records NotImplemented)")
def _ldl_factor_ex(a, which, hermitian=False):
    return ldl_factor_np(a, hermitian)[which]


@declare("linalg_ldl_solve", grad_not_implemented="aten::linalg_ldl_solve", broadcasts=True,
         formula="not differentiable (torch records NotImplemented)")
def _ldl_solve(ld, b, pivots, hermitian=False):
    batch = np.broadcast_shapes(ld.shape[:-2], b.shape[:-2])
    n = ld.shape[-1]
    lds = np.broadcast_to(ld, batch + ld.shape[-2:]).reshape((-1, n, n))
    pivs = np.broadcast_to(pivots, batch + (n,)).reshape((-1, n))
    bs = np.broadcast_to(b, batch + b.shape[-2:]).reshape((-1,) + b.shape[-2:])
    out = np.array([_ldl_solve_one(lds[i], pivs[i], bs[i], hermitian) for i in range(len(bs))])
    return column_major(out.reshape(batch + b.shape[-2:]))


def _check_ldl_input(A: Tensor) -> None:
    name = "torch.linalg.ldl_factor_ex"
    shape = A._data.shape
    if len(shape) < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if shape[-1] != shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are "
                           f"{shape[-2]} by {shape[-1]} matrices")
    if A._data.dtype.kind not in "fc":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got "
                           f"{_scalar_name(A)}")
    if A._data.dtype == np.float16:
        raise NotImplementedError("\"ldl_factor_kernel_cpu\" not implemented for 'Half'")


def _ldl_outputs(A: Tensor, hermitian: bool) -> tuple:
    op = OPS["linalg_ldl_factor_ex"]
    # (hermitian matters for complex matrices only: zhetrf, else zsytrf)
    hermitian = bool(hermitian) and A._data.dtype.kind == "c"
    _, pivots, info = ldl_factor_np(A._data, hermitian)
    params = (0, True) if hermitian else (0,)
    return apply(op, (A,), params), Tensor(pivots), Tensor(info)


def _raise_for_info(name: str, info: np.ndarray) -> None:
    if info.any():
        code = int(info.reshape(-1)[np.flatnonzero(info.reshape(-1))[0]])
        # (torch 2.13 reports LAPACK's info > 0 as a failed internal assert)
        raise RuntimeError(f"{name}: Unknown error code: {code}. (D's diagonal element {code} "
                           "is zero: A is singular)")


def linalg_ldl_factor_ex(A: Tensor, *, hermitian: bool = False, check_errors: bool = False,
                         out=None):
    """torch.linalg.ldl_factor_ex: (LD, pivots, info) of A = P L D L^T P^T (Bunch-Kaufman,
    A's lower triangle read); info is 0 or the first zero diagonal element of D."""
    _no_out(out)
    _check_ldl_input(A)
    result = _ldl_outputs(A, hermitian)
    if check_errors:
        _raise_for_info("torch.linalg.ldl_factor_ex", result[2]._data)
    return _LDL_FACTOR_EX(result)


def linalg_ldl_factor(A: Tensor, *, hermitian: bool = False, out=None):
    """torch.linalg.ldl_factor: (LD, pivots) of A = P L D L^T P^T (see ldl_factor_ex)."""
    _no_out(out)
    _check_ldl_input(A)
    ld, pivots, info = _ldl_outputs(A, hermitian)
    _raise_for_info("torch.linalg.ldl_factor", info._data)
    return _LDL_FACTOR((ld, pivots))


def linalg_ldl_solve(LD: Tensor, pivots: Tensor, B: Tensor, *, hermitian: bool = False,
                     out=None) -> Tensor:
    """torch.linalg.ldl_solve: X with A X = B from ldl_factor's (LD, pivots). Batch dims
    broadcast."""
    _no_out(out)
    if B._data.ndim < 2:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got "
                         "-2)")
    if B._data.dtype != LD._data.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{_scalar_name(B)} and A of type {_scalar_name(LD)} instead.")
    n = LD._data.shape[-1]
    if B._data.shape[-2] != n:
        raise RuntimeError(f"Incompatible matrix sizes for torch.linalg.ldl_solve: each A "
                           f"matrix is {n} by {n} but each b matrix is {B._data.shape[-2]} by "
                           f"{B._data.shape[-1]}")
    broadcast_batch(B._data.shape[:-2], LD._data.shape[:-2])
    params = (pivots._data.astype(np.int64),)
    if hermitian and LD._data.dtype.kind == "c":
        params += (True,)
    return apply(OPS["linalg_ldl_solve"], (LD, B), params)

# Complex matrices: zsytrf / zsytrs (A = P L D L^T P^T) or, hermitian=True, zhetrf / zhetrs
# (A = P L D L^H P^T), pivots chosen by cabs1 as LAPACK's (checked against torch:
# tests/reference/cases_complex_linalg_more.py); torch records no derivative
allow_complex("linalg_ldl_factor_ex", "linalg_ldl_solve")
