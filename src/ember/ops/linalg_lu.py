"""LU factorization with partial pivoting and what is built on it: linalg.lu_factor(_ex),
linalg.lu, lu_unpack, linalg.lu_solve (and the deprecated torch.lu, torch.lu_solve).

NumPy has no LU routine, so `lu_factor_np` is LAPACK's getrf written out: for each column
the first entry of largest magnitude is the pivot (idamax: never a nan unless it is the
first), its whole row is swapped up, the column below is scaled by the pivot's reciprocal
(dgetrf2's dscal) and the trailing block updated. A zero pivot sets `info` (its 1-based
column, the first one) and leaves the column unscaled, as LAPACK does. The loop runs over
columns with every matrix of a batch at once. Blocked LAPACKs (MKL's) add the same products
in another order, so factors agree with torch's to rounding, not bit for bit.

Ops of the table (one declaration each, torch's grad_fn names):
- linalg_lu_factor_ex: the packed LU (LinalgLuFactorExBackward0); the pivots are a param.
- linalg_lu: L and U, one op with a `which` param, joined into one LinalgLuBackward0 node
  (P is a constant: it has no gradient).
- lu_unpack: L and U read out of a packed LU, joined into one LuUnpackBackward0 node.
- linalg_lu_solve: X with A X = B from A's packed LU (LinalgLuSolveBackward0), left or
  right, with A or its transpose.
The backward formulas are torch's (FunctionsManual: linalg_lu_backward,
lu_factor_ex_backward, lu_unpack_backward, linalg_lu_solve_LU), written against ops/_xp.py.
Complex matrices: zgetrf's pivots are the first largest |Re| + |Im| (not the modulus),
adjoint=True solves with A^H, and the formulas take adjoints where real ones transpose (the
same arrays for real values: xp.conj of a real value is the value).
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd.node import join_outputs, joint_node_class, keep_versions
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._lapack_layout import column_major
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .linalg import _mH, _mT, _scalar_name, broadcast_batch
from .linalg_decompositions import _join_factors, _no_out, matmul_any
from .linalg_solvers import _adjoint_np
from .linalg_triangular import _solve as _triangular_solve_np
from .return_types import _return_type, return_types

__all__ = ["lu_factor_np", "linalg_lu_factor", "linalg_lu_factor_ex", "linalg_lu",
           "linalg_lu_solve", "lu_unpack", "lu", "lu_solve"]

_LU_FACTOR = return_types.linalg_lu_factor = _return_type("linalg_lu_factor", ("LU", "pivots"))
_LU_FACTOR_EX = return_types.linalg_lu_factor_ex = _return_type(
    "linalg_lu_factor_ex", ("LU", "pivots", "info"))
_LU = return_types.linalg_lu = _return_type("linalg_lu", ("P", "L", "U"))
_LU_UNPACK = return_types.lu_unpack = _return_type("lu_unpack", ("P", "L", "U"))
_LU_WITH_INFO = return_types._lu_with_info = _return_type("_lu_with_info",
                                                          ("LU", "pivots", "info"))


# ====================================================================== the kernel
def lu_factor_np(a: np.ndarray) -> tuple:
    """(LU, pivots, info) of a (batch of) m x n matrices as LAPACK's getrf gives them: LU
    packs the unit lower L (below the diagonal) and U (on and above it), pivots (int32,
    1-based, min(m, n) per matrix) says row i was swapped with row pivots[i], info is 0 or
    the first column whose pivot is exactly zero. The LU array is C-ordered."""
    shape = a.shape
    m, n = shape[-2:]
    k = min(m, n)
    batch = shape[:-2]
    lu = np.array(a, dtype=a.dtype, copy=True).reshape((int(np.prod(batch)), m, n))
    count = lu.shape[0]
    pivots = np.zeros((count, k), np.int32)
    info = np.zeros(count, np.int32)
    rows = np.arange(count)
    with np.errstate(all="ignore"):
        for j in range(k):
            column = _magnitude(lu[:, j:, j])
            # idamax: the first largest |value|; a nan is never larger, unless it comes
            # first (then nothing is larger than it either)
            p = np.argmax(np.where(np.isnan(column), -1.0, column), axis=1)
            p[np.isnan(column[:, 0])] = 0
            p += j
            pivots[:, j] = p + 1
            swap = p != j
            if swap.any():
                which = rows[swap]
                upper = lu[which, j].copy()
                lu[which, j] = lu[which, p[swap]]
                lu[which, p[swap]] = upper
            pivot = lu[:, j, j]
            zero = pivot == 0
            info[zero & (info == 0)] = j + 1
            if j + 1 < m:
                # dgetrf2 scales by the reciprocal (and divides only below sfmin)
                tiny = np.abs(pivot) < np.finfo(a.dtype).tiny
                scale = np.where(zero, 1, np.where(tiny, 1, 1 / np.where(zero, 1, pivot)))
                below = lu[:, j + 1:, j] * scale[:, None]
                divided = lu[:, j + 1:, j] / np.where(zero, 1, pivot)[:, None]
                lu[:, j + 1:, j] = np.where((tiny & ~zero)[:, None], divided, below)
                if j + 1 < n:
                    lu[:, j + 1:, j + 1:] -= lu[:, j + 1:, j:j + 1] * lu[:, j:j + 1, j + 1:]
    return lu.reshape(shape), pivots.reshape(batch + (k,)), info.reshape(batch)


def _magnitude(column: np.ndarray) -> np.ndarray:
    """The pivot search's magnitudes: |x|, and for complex values |Re x| + |Im x| (izamax's
    cabs1, which picks other pivots than the modulus would: torch's do the same)."""
    if column.dtype.kind == "c":
        return np.abs(column.real) + np.abs(column.imag)
    return np.abs(column)


# The last factorization, so that a public function that needs the pivots and the op that
# returns LU factor once (the op's forward is pure: it refactors on any other array).
_last: list = [None, None]


def _factor(a: np.ndarray) -> tuple:
    if _last[0] is a:
        return _last[1]
    return lu_factor_np(a)


def _factor_once(a: np.ndarray) -> tuple:
    """Factor `a` and keep the result for the op's forward that follows on the same array."""
    result = lu_factor_np(a)
    _last[0], _last[1] = a, result
    return result


def _forget() -> None:
    _last[0] = _last[1] = None


def permutation_np(pivots: np.ndarray, m: int, dtype) -> np.ndarray:
    """P (m x m per matrix) with A = P L U, from LAPACK's pivots: row perm[i] of A is row i
    of L U, so P[perm[i], i] = 1."""
    perm = _permutation_indices(pivots, m)
    p = np.zeros(perm.shape + (m,), dtype)
    np.put_along_axis(p, perm[..., None, :], 1, axis=-2)
    return p


def _permutation_indices(pivots: np.ndarray, m: int) -> np.ndarray:
    """perm with (P^T A)[i] = A[perm[i]]: the row swaps applied in order to 0..m-1."""
    batch = pivots.shape[:-1]
    perm = np.broadcast_to(np.arange(m), batch + (m,)).copy()
    count = int(np.prod(batch))
    flat = perm.reshape(count, m)
    swaps = pivots.reshape(count, pivots.shape[-1]).astype(np.int64) - 1
    rows = np.arange(flat.shape[0])
    for j in range(swaps.shape[1]):
        target = swaps[:, j]
        first = flat[rows, j].copy()
        flat[rows, j] = flat[rows, target]
        flat[rows, target] = first
    return flat.reshape(batch + (m,))


def _unpacked(lu: np.ndarray, which: int) -> np.ndarray:
    """L (which 1: unit lower, m x k) or U (which 2: upper, k x n) of a packed LU."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    if which == 1:
        return np.tril(lu[..., :, :k], -1) + np.eye(m, k, dtype=lu.dtype)
    return np.triu(lu[..., :k, :])


# ====================================================================== formula helpers
def _tril(x, diagonal: int):
    return xp.op("tril", (x,), diagonal)


def _triu(x, diagonal: int):
    return xp.op("triu", (x,), diagonal)


def _tri_solve(a, b, upper: bool, left: bool = True, unit: bool = False):
    """linalg.solve_triangular(a, b, upper=..., left=..., unitriangular=...) on arrays or
    Tensors (recorded on Tensors, as torch's formulas call it)."""
    return xp.op("solve_triangular", (a, b), upper, left, unit)


def _narrow(x, dim: int, start: int, length: int):
    """x.narrow(dim, start, length) (a recorded slice on Tensors; x itself if it is whole)."""
    shape = tuple(x.shape)
    axis = len(shape) + dim if dim < 0 else dim
    if start == 0 and length == shape[axis]:
        return x
    return xp.view("slice", x, axis, start, start + length, 1, shape)


def _zeros_beside(x, dim: int, size: int):
    """Zeros of x's shape with `size` along dim (torch's zeros_like of a narrowed block)."""
    shape = list(tuple(x.shape))
    shape[dim] = size
    return xp.zeros(tuple(shape), x)


def _add(a, b):
    return b if a is None else (a if b is None else a + b)


def linalg_lu_backward(g_l, g_u, p, l, u, pivot: bool = True):
    """The gradient of A = P L U from those of L and U (None for an unused one): torch's
    linalg_lu_backward, for square, wide and tall A."""
    if g_l is None and g_u is None:
        return None
    m, n = tuple(l.shape)[-2], tuple(u.shape)[-1]
    k = min(m, n)
    if m == n:
        grad = None if g_l is None else _tril(matmul_any(_mH(l), g_l), -1)
        if g_u is not None:
            grad = _add(grad, _triu(matmul_any(g_u, _mH(u)), 0))
        grad = _tri_solve(_mH(u), grad, upper=False, left=False)
        grad = _tri_solve(_mH(l), grad, upper=True, left=True, unit=True)
    elif m < n:  # wide: U = [U1 U2]
        u1 = _narrow(u, -1, 0, k)
        grad = None if g_l is None else matmul_any(_mH(l), g_l)
        if g_u is not None:
            grad = _add(grad, -matmul_any(_triu(g_u, 0), _mH(u)))
        grad = _tri_solve(_mH(u1), _tril(grad, -1), upper=False, left=False)
        if g_u is not None:
            grad = xp.cat([grad + _triu(_narrow(g_u, -1, 0, k), 0),
                           _narrow(g_u, -1, k, n - k)], -1)
        grad = _tri_solve(_mH(l), grad, upper=True, left=True, unit=True)
        if g_u is None:
            grad = xp.cat([grad, _zeros_beside(grad, -1, n - k)], -1)
    else:  # tall: L = [L1; L2]
        l1 = _narrow(l, -2, 0, k)
        grad = None if g_u is None else matmul_any(g_u, _mH(u))
        if g_l is not None:
            grad = _add(grad, -matmul_any(_mH(l), _tril(g_l, -1)))
        grad = _tri_solve(_mH(l1), _triu(grad, 0), upper=True, left=True, unit=True)
        if g_l is not None:
            grad = xp.cat([grad + _tril(_narrow(g_l, -2, 0, k), -1),
                           _narrow(g_l, -2, k, m - k)], -2)
        grad = _tri_solve(_mH(u), grad, upper=False, left=False)
        if g_l is None:
            grad = xp.cat([grad, _zeros_beside(grad, -2, m - k)], -2)
    return matmul_any(p, grad) if pivot else grad


def _unpack_factors(lu, pivots: np.ndarray):
    """(P, L, U) of a saved packed LU: P a constant; L and U recorded lu_unpack outputs on
    Tensors (one LuUnpackBackward0 node, as torch's formula calls lu_unpack), arrays
    otherwise."""
    data = xp.numpy_value(lu)
    p = xp.constant(permutation_np(pivots, data.shape[-2], data.dtype), lu)
    if xp.is_tensor(lu):
        l_factor, u_factor = _unpack_outputs(lu)
        return p, l_factor, u_factor
    return p, _unpacked(lu, 1), _unpacked(lu, 2)


# ====================================================================== lu_factor_ex
@declare("linalg_lu_factor_ex", grad_fn="LinalgLuFactorExBackward0", saves=(OUT,), dtype=SAME,
         formula="A = P L U packed in LU: grad_A = P L^-T [tril(L^T gL, -1) + "
                 "triu(gU U^T)] U^-T (gL, gU: LU's gradient below / on and above the "
                 "diagonal)")
def _lu_factor_ex(a, pivots):
    # (pivots: this call's, kept for the backward's P, as torch saves them)
    return column_major(_factor(a)[0])  # (torch's LAPACK layout)


@_lu_factor_ex.backward
def _(ctx, g):
    (lu,) = ctx.saved
    (pivots,) = ctx.params
    p, l_factor, u_factor = _unpack_factors(lu, pivots)
    m, n = tuple(lu.shape)[-2:]
    k = min(m, n)
    return (linalg_lu_backward(_narrow(g, -1, 0, k), _narrow(g, -2, 0, k), p, l_factor,
                               u_factor),)


def _lu_tangents(a_tangent: Tensor, p: Tensor, l_factor: Tensor, u_factor: Tensor) -> tuple:
    """(dL, dU) of A = P L U for a tangent dA (torch's linalg_lu_jvp)."""
    from .linalg_triangular import solve_triangular

    m, n = a_tangent.shape[-2], a_tangent.shape[-1]
    k = min(m, n)
    pt_da = p.mT @ a_tangent
    if m == n:
        x = solve_triangular(u_factor, solve_triangular(l_factor, pt_da, upper=False,
                                                        unitriangular=True),
                             upper=True, left=False)
        return l_factor @ x.tril(-1), x.triu() @ u_factor
    if m < n:
        u1, u2 = u_factor[..., :, :k], u_factor[..., :, k:]
        linv_da = solve_triangular(l_factor, pt_da, upper=False, unitriangular=True)
        x = solve_triangular(u1, linv_da[..., :, :k], upper=True, left=False)
        d_l = l_factor @ x.tril(-1)
        from .shape_copies import cat

        d_u = cat([x.triu() @ u1, linv_da[..., :, k:] - x.tril(-1) @ u2], -1)
        return d_l, d_u
    l1, l2 = l_factor[..., :k, :], l_factor[..., k:, :]
    x = solve_triangular(u_factor, solve_triangular(l1, pt_da[..., :k, :], upper=False,
                                                    unitriangular=True),
                         upper=True, left=False)
    d_u = x.triu() @ u_factor
    from .shape_copies import cat

    d_l2 = solve_triangular(u_factor, pt_da[..., k:, :], upper=True, left=False) - l2 @ x.triu()
    return cat([l1 @ x.tril(-1), d_l2], -2), d_u


def _packed(d_l: Tensor, d_u: Tensor, m: int, n: int) -> Tensor:
    """dL (strictly lower) and dU (upper) written into one m x n matrix, as LU packs them."""
    from .shape_copies import cat

    k = min(m, n)
    if m < n:
        d_l = cat([d_l, Tensor(np.zeros(tuple(d_l.shape[:-1]) + (n - k,), d_l._data.dtype))],
                  -1)
    elif m > n:
        d_u = cat([d_u, Tensor(np.zeros(tuple(d_u.shape[:-2]) + (m - k, n), d_u._data.dtype))],
                  -2)
    return d_l.tril(-1) + d_u.triu()


@_lu_factor_ex.tangent
def _(ctx, t):
    lu = ctx.output
    (pivots,) = ctx.params
    m, n = lu.shape[-2], lu.shape[-1]
    p = Tensor(permutation_np(pivots, m, lu._data.dtype))
    # (L and U recorded from the output, so that a reverse pass through the tangent
    # reaches A: reverse-over-forward)
    return _packed(*_lu_tangents(t, p, *_unpack_outputs(lu)), m, n)


def _check_lu_input(name: str, A: Tensor, pivot: bool, kernel_name: str = "") -> None:
    if not isinstance(A, Tensor):
        raise TypeError(f"{name}(): argument 'A' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    if A._data.ndim < 2:
        raise RuntimeError(f"{kernel_name or 'torch.lu_factor'}: Expected tensor with 2 or more "
                           f"dimensions. Got size: {list(A._data.shape)} instead")
    if A._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f"\"lu_cpu\" not implemented for '{_scalar_name(A)}'")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")


def _raise_for_info(name: str, info: np.ndarray) -> None:
    flat = info.reshape(-1)
    bad = np.flatnonzero(flat > 0)
    if bad.size:
        first = int(bad[0])
        prefix = f"(Batch element {first}): " if info.ndim else ""
        k = int(flat[first])
        raise RuntimeError(
            f"{name}: {prefix}U[{k},{k}] is zero and using it on lu_solve would result in a "
            "division by zero. If you still want to perform the factorization, consider "
            "calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


def _lu_factor_outputs(A: Tensor) -> tuple:
    """(LU, pivots, info) of one call: LU recorded (its node keeps the pivots)."""
    _, pivots, info = _factor_once(A._data)
    try:
        lu_tensor = apply(OPS["linalg_lu_factor_ex"], (A,), (pivots,))
    finally:
        _forget()
    return lu_tensor, Tensor(pivots), Tensor(info)


def linalg_lu_factor_ex(A: Tensor, *, pivot: bool = True, check_errors: bool = False,
                        out=None):
    """torch.linalg.lu_factor_ex: (LU, pivots, info) of A = P L U with partial pivoting,
    without raising for a singular A unless check_errors (info > 0 then)."""
    _no_out(out)
    _check_lu_input("linalg_lu_factor_ex", A, pivot)
    result = _lu_factor_outputs(A)
    if check_errors:
        _raise_for_info("torch.linalg.lu_factor_ex", result[2]._data)
    return _LU_FACTOR_EX(result)


def linalg_lu_factor(A: Tensor, *, pivot: bool = True, out=None):
    """torch.linalg.lu_factor: (LU, pivots) of A = P L U (partial pivoting); LU packs the
    unit lower L below its diagonal and U on and above it, pivots are LAPACK's (int32,
    1-based). Raises for a singular A (a zero pivot), as torch does."""
    _no_out(out)
    _check_lu_input("linalg_lu_factor", A, pivot)
    lu_tensor, pivots, info = _lu_factor_outputs(A)
    _raise_for_info("torch.linalg.lu_factor", info._data)
    return _LU_FACTOR((lu_tensor, pivots))


@public(method=True)
def lu(A: Tensor, pivot: bool = True, get_infos: bool = False):
    """torch.lu (deprecated in torch for linalg.lu_factor): (LU, pivots), or with
    get_infos (LU, pivots, info) without raising for a singular A."""
    warn_once("lu", "torch.lu is deprecated in favor of torch.linalg.lu_factor / "
              "torch.linalg.lu_factor_ex and will be removed in a future PyTorch release.\n"
              "LU, pivots = torch.lu(A, compute_pivots)\nshould be replaced with\n"
              "LU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\n"
              "LU, pivots, info = torch.lu(A, compute_pivots, get_infos=True)\n"
              "should be replaced with\n"
              "LU, pivots, info = torch.linalg.lu_factor_ex(A, compute_pivots)")
    _check_lu_input("_lu_with_info", A, pivot)
    result = _lu_factor_outputs(A)
    if get_infos:
        return _LU_WITH_INFO(result)
    return result[0], result[1]  # (a singular A raises nothing either way, as in torch)


# ====================================================================== linalg.lu
@declare("linalg_lu", grad_fn="LinalgLuBackward0", saves=(OUT,), dtype=SAME,
         formula="A = P L U: grad_A = P L^-T [tril(L^T gL, -1) + triu(gU U^T)] U^-T")
def _linalg_lu(a, pivots, which):
    # (which: 1 for L, 2 for U; pivots kept for the backward's P)
    return _unpacked(_factor(a)[0], which)


def _linalg_lu_grads(l_factor, u_factor, pivots, g_l, g_u):
    data = xp.numpy_value(l_factor)
    p = xp.constant(permutation_np(pivots, data.shape[-2], data.dtype), l_factor)
    return linalg_lu_backward(g_l, g_u, p, l_factor, u_factor)


def _linalg_lu_joint(node, grads):
    l_factor, u_factor = node.saved
    factors = [None, None]
    for g, (_, which) in zip(grads, node.params):
        factors[which - 1] = g
    return (_linalg_lu_grads(l_factor, u_factor, node.params[0][0], *factors),)


@_linalg_lu.backward
def _(ctx, g):
    # One factor's gradient (params: pivots, which factor) on a node saving the call's two
    # factors, for callers of the op's backward; the engine calls the JointNode's formula
    factors = [None, None]
    factors[ctx.params[1] - 1] = g
    l_factor, u_factor = ctx.saved
    return (_linalg_lu_grads(l_factor, u_factor, ctx.params[0], *factors),)


_LU_NODE = joint_node_class("LinalgLuBackward0", _linalg_lu_joint, _linalg_lu_joint,
                            (_linalg_lu,))


@_linalg_lu.tangent
def _(ctx, t):
    pivots, which = ctx.params
    a = ctx.inputs[0]
    # the factors recomputed as recorded ops of A (reverse-over-forward reaches A)
    lu_tensor = apply(OPS["linalg_lu_factor_ex"], (a,), (pivots,))
    p = Tensor(permutation_np(pivots, a.shape[-2], a._data.dtype))
    d_l, d_u = _lu_tangents(t, p, *_unpack_outputs(lu_tensor))
    return d_l if which == 1 else d_u


def linalg_lu(A: Tensor, *, pivot: bool = True, out=None):
    """torch.linalg.lu: (P, L, U) with A = P L U, L unit lower (m x k), U upper (k x n),
    k = min(m, n). P is a permutation matrix in A's dtype (no gradient)."""
    _no_out(out)
    _check_lu_input("linalg_lu", A, pivot, "linalg.lu")
    _, pivots, _ = _factor_once(A._data)
    try:
        op = OPS["linalg_lu"]
        l_factor = apply(op, (A,), (pivots, 1))
        u_factor = apply(op, (A,), (pivots, 2))
    finally:
        _forget()
    if l_factor._grad_fn is not None:
        _join_factors((l_factor, u_factor), _LU_NODE)
    p = Tensor(permutation_np(pivots, A._data.shape[-2], A._data.dtype))
    return _LU((p, l_factor, u_factor))


# ====================================================================== lu_unpack
@declare("lu_unpack", grad_fn="LuUnpackBackward0", dtype=SAME,
         formula="L = tril(LU, -1) + I, U = triu(LU): grad_LU = tril(gL, -1) + triu(gU)")
def _lu_unpack(lu_data, which):
    return _unpacked(lu_data, which)


def lu_unpack_backward(g_l, g_u, m: int, n: int):
    """LU_data's gradient from those of L and U (torch's lu_unpack_backward)."""
    if g_l is None and g_u is None:
        return None
    k = min(m, n)
    if g_l is not None and g_u is not None:
        if m == n:
            return _tril(g_l, -1) + _triu(g_u, 0)
        block = _tril(_narrow(g_l, -2, 0, k), -1) + _triu(_narrow(g_u, -1, 0, k), 0)
        rest = _narrow(g_l, -2, k, m - k) if m > n else _narrow(g_u, -1, k, n - k)
        return xp.cat([block, rest], -2 if m > n else -1)
    if g_l is not None:
        if m >= n:
            return _tril(g_l, -1)
        return xp.cat([_tril(g_l, -1), _zeros_beside(g_l, -1, n - m)], -1)
    if n >= m:
        return _triu(g_u, 0)
    return xp.cat([_triu(g_u, 0), _zeros_beside(g_u, -2, m - n)], -2)


def _lu_unpack_joint(node, grads):
    factors = [None, None]
    for g, (which,) in zip(grads, node.params):
        factors[which - 1] = g
    m, n = node.input_meta[0][0][-2:]  # (the joint node always records LU_data's shape)
    return (lu_unpack_backward(factors[0], factors[1], m, n),)


@_lu_unpack.backward
def _(ctx, g):
    (which,) = ctx.params
    shape = ctx.input_meta[0][0] if ctx.input_meta and ctx.input_meta[0] else tuple(g.shape)
    m, n = shape[-2:]
    return (lu_unpack_backward(g if which == 1 else None, g if which == 2 else None, m, n),)


_LU_UNPACK_NODE = joint_node_class("LuUnpackBackward0", _lu_unpack_joint, _lu_unpack_joint,
                                   (_lu_unpack,))


@_lu_unpack.tangent
def _(ctx, t):
    (which,) = ctx.params
    m, n = t.shape[-2], t.shape[-1]
    k = min(m, n)
    if which == 1:
        return t[..., :, :k].tril(-1)
    return t[..., :k, :].triu()


def _unpack_outputs(LU_data: Tensor) -> tuple:
    """(L, U) of a packed LU, sharing one LuUnpackBackward0 node when recorded."""
    op = OPS["lu_unpack"]
    outputs = (apply(op, (LU_data,), (1,)), apply(op, (LU_data,), (2,)))
    if outputs[0]._grad_fn is not None:
        join_outputs(list(outputs), _LU_UNPACK_NODE)
    return outputs


@public(method=False)
def lu_unpack(LU_data: Tensor, LU_pivots: Tensor, unpack_data: bool = True,
              unpack_pivots: bool = True):
    """torch.lu_unpack: (P, L, U) from lu_factor's (LU, pivots). Without unpack_data L and
    U are empty; without unpack_pivots P is."""
    if LU_data._data.ndim < 2:
        raise RuntimeError(f"torch.lu_unpack: Expected tensor with 2 or more dimensions. Got "
                           f"size: {list(LU_data._data.shape)} instead")
    if LU_pivots._data.dtype != np.int32:
        raise RuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor "
                           "of torch.int32 dtype.")
    m, n = LU_data._data.shape[-2:]
    k = min(m, n)
    if LU_pivots._data.shape != LU_data._data.shape[:-2] + (k,):
        raise RuntimeError("torch.lu_unpack: LU_pivots.size(-1) must be equal to "
                           "min(LU_data.size(-2), LU_data.size(-1))" if
                           LU_pivots._data.shape[-1:] != (k,) else
                           "torch.lu_unpack: batch dimensions of LU_pivots must be equal to "
                           "batch dimensions of LU_data")
    dtype = LU_data._data.dtype
    empty = Tensor(np.zeros((0,), dtype))
    if unpack_data:
        l_factor, u_factor = _unpack_outputs(LU_data)
    else:
        l_factor, u_factor = empty, Tensor(np.zeros((0,), dtype))
    if unpack_pivots:
        pivots = LU_pivots._data
        if pivots.size and (pivots.min() < 1 or pivots.max() > m):
            raise RuntimeError("pivots passed to lu_unpack must be between 1 and LU.size(-2) "
                               "inclusive.Did you properly pass the result of lu_factor?")
        p = Tensor(permutation_np(pivots, m, dtype))
    else:
        p = Tensor(np.zeros((0,), dtype))
    return _LU_UNPACK((p, l_factor, u_factor))


# ====================================================================== lu_solve
def _lu_solve_np(lu: np.ndarray, pivots: np.ndarray, b: np.ndarray, left: bool,
                 adjoint: bool) -> np.ndarray:
    """X with A X = B (A^T X = B when adjoint; X A = B, X A^T = B when not left) for the
    A = P L U packed in `lu`; the batch dims broadcast. Left solves come back column-major
    (LAPACK's getrs), right ones C-ordered (their transposes), as torch's."""
    if not left:  # X A = B is A^H X^H = B^H; X A^H = B is A X^H = B^H
        return _adjoint_np(_lu_solve_np(lu, pivots, _adjoint_np(b), True, not adjoint))
    n = lu.shape[-1]
    batch = np.broadcast_shapes(lu.shape[:-2], b.shape[:-2])
    perm = _permutation_indices(pivots, n)
    b = np.broadcast_to(b, batch + b.shape[-2:])
    perm = np.broadcast_to(perm, batch + (n,))
    if not adjoint:  # X = U^-1 L^-1 P^T B, with (P^T B)[i] = B[perm[i]]
        pb = np.take_along_axis(b, perm[..., :, None], axis=-2)
        y = _triangular_solve_np(lu, pb, False, True, True)
        x = _triangular_solve_np(lu, y, True, True, False)
    else:  # A^H = U^H L^H P^T: X = P L^-H U^-H B
        lu_t = _adjoint_np(lu)
        y = _triangular_solve_np(lu_t, b, False, True, False)
        z = _triangular_solve_np(lu_t, y, True, True, True)
        x = np.empty_like(z)
        np.put_along_axis(x, perm[..., :, None], z, axis=-2)
    return column_major(x)


@declare("linalg_lu_solve", grad_fn="LinalgLuSolveBackward0", saves=(0, OUT), dtype=SAME,
         broadcasts=True, saves_params={0: (0, 1)},
         formula="X = A^-1 B, A = P L U: grad_B = lu_solve(LU, g, adjoint); grad_LU from "
                 "-grad_B X^T through the factors")
def _linalg_lu_solve(lu, b, pivots, left, adjoint):
    return _lu_solve_np(lu, pivots, b, left, adjoint)


def linalg_lu_solve_lu(g, lu, pivots: np.ndarray, x, left: bool, adjoint: bool):
    """The gradient of the packed LU (torch's linalg_lu_solve_LU)."""
    p, l_factor, u_factor = _unpack_factors(lu, pivots)
    if left != adjoint:
        rhs = -matmul_any(g if left else _mH(g), _mH(x) if left else x)
        g_r = _tri_solve(_mH(u_factor), rhs, upper=False)
        g_l = _tril(_tri_solve(_mH(l_factor), matmul_any(g_r, _mH(u_factor)), upper=True,
                               left=True, unit=True), -1)
        return g_l + _triu(g_r, 0)
    g_r = -matmul_any(matmul_any(matmul_any(_mT(p), x if left else _mH(x)),
                                 _mH(g) if left else g), p)
    g_r = _tri_solve(_mH(l_factor), g_r, upper=True, left=False, unit=True)
    g_u = _triu(_tri_solve(_mH(u_factor), matmul_any(_mH(l_factor), g_r), upper=False,
                           left=False), 0)
    return _tril(g_r, -1) + g_u


@_linalg_lu_solve.backward
def _(ctx, g):
    lu, x = ctx.saved
    pivots, left, adjoint = ctx.params
    grad_b = None
    if _needs(ctx, 1):
        grad_b = xp.op("linalg_lu_solve", (lu, g), pivots, left, not adjoint)
    grad_lu = None
    if _needs(ctx, 0):
        grad_lu = linalg_lu_solve_lu(g, lu, pivots, x, left, adjoint)
    return grad_lu, grad_b


@_linalg_lu_solve.tangent
def _(ctx, t_lu, t_b):
    lu, x = ctx.inputs[0], ctx.output
    pivots, left, adjoint = ctx.params
    rhs = t_b
    if t_lu is not None:
        p = Tensor(permutation_np(pivots, lu.shape[-1], lu._data.dtype))
        l_factor, u_factor = _unpack_outputs(lu)
        d_a = p @ (t_lu.tril(-1) @ u_factor + l_factor @ t_lu.triu())
        if adjoint:
            d_a = d_a.mH
        change = d_a @ x if left else x @ d_a
        rhs = -change if rhs is None else rhs - change
    return apply(OPS["linalg_lu_solve"], (lu, rhs), (pivots, left, adjoint))


def linalg_lu_solve(LU: Tensor, pivots: Tensor, B: Tensor, *, left: bool = True,
                    adjoint: bool = False, out=None) -> Tensor:
    """torch.linalg.lu_solve: X with A X = B for the A whose lu_factor is (LU, pivots);
    adjoint=True solves A^T X = B, left=False X A = B. The batch dims broadcast."""
    _no_out(out)
    for name, t in (("LU", LU), ("pivots", pivots), ("B", B)):
        if not isinstance(t, Tensor):
            raise TypeError(f"linalg_lu_solve(): argument '{name}' must be Tensor, not "
                            f"{type(t).__name__}")
    sa, sb = LU._data.shape, B._data.shape
    if len(sa) < 2:
        raise RuntimeError("torch.linalg.lu_solve: The input tensor A must have at least 2 "
                           "dimensions.")
    if sa[-1] != sa[-2]:
        raise RuntimeError(f"torch.linalg.lu_solve: A must be batches of square matrices, but "
                           f"they are {sa[-2]} by {sa[-1]} matrices")
    if LU._data.dtype.kind not in "fc":
        raise RuntimeError(f"torch.linalg.lu_solve: Expected a floating point or complex "
                           f"tensor as input. Got {_scalar_name(LU)}")
    if len(sb) < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 "
                           "dimensions.")
    if (sb[-2] if left else sb[-1]) != sa[-1]:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation "
                           f"{equation} ({sa[-2]}x{sa[-1]} and {sb[-2]}x{sb[-1]})")
    if LU._data.dtype != B._data.dtype:
        raise RuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, but "
                           f"found LU of type {_scalar_name(LU)} and B of type "
                           f"{_scalar_name(B)} instead")
    if pivots._data.dtype != np.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type "
                           "torch.int32")
    if pivots._data.shape[-1:] != sa[-1:]:
        raise RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the "
                           "dimension of the matrix")
    if pivots._data.shape[:-1] != sa[:-2]:
        raise RuntimeError("linalg.lu_solve: Expected LU.shape[:-2] == pivots.shape[:-1]")
    if LU._data.dtype == np.float16:
        raise NotImplementedError("\"lu_solve_cpu\" not implemented for 'Half'")
    broadcast_batch(sb[:-2], sa[:-2])
    # (the node keeps the pivots as torch saves them: written in place since, the backward
    # refuses)
    return keep_versions(apply(OPS["linalg_lu_solve"], (LU, B),
                               (pivots._data.copy(), bool(left), bool(adjoint))), pivots)


@public(method=True)
def lu_solve(input: Tensor, LU_data: Tensor, LU_pivots: Tensor) -> Tensor:
    """torch.lu_solve (deprecated in torch for linalg.lu_solve, whose arguments are
    reversed): X with A X = input for A's lu_factor (LU_data, LU_pivots)."""
    warn_once("lu_solve", "torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand "
              "will be removed in a future PyTorch release.\nNote that torch.linalg.lu_solve "
              "has its arguments reversed.\nX = torch.lu_solve(B, LU, pivots)\nshould be "
              "replaced with\nX = torch.linalg.lu_solve(LU, pivots, B)")
    return linalg_lu_solve(LU_data, LU_pivots, input)


# The formulas address the matrix dims from the end (and solve_triangular, matmul and
# linalg_lu_solve broadcast batch dims): a leading batch dim of gradients passes through.
for _name in ("linalg_lu_factor_ex", "linalg_lu", "lu_unpack", "linalg_lu_solve"):
    _batched_rule(_name)(OPS[_name].backward_fn)
del _name

# Complex LU: cabs1 pivots as LAPACK's zgetrf, the formulas with adjoints where real ones take
# transposes, adjoint=True solving with A^H (checked against torch:
# tests/samples/complex_linalg_more.py)
allow_complex("linalg_lu_factor_ex", "linalg_lu", "lu_unpack", "linalg_lu_solve")
