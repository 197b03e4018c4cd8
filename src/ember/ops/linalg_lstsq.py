"""Least squares and the pseudo-inverse: linalg.pinv (torch.pinverse), linalg.lstsq with
its four CPU drivers, and linalg.matrix_rank.

- linalg_pinv is one op (LinalgPinvBackward0), as in torch: its forward is torch's
  composition on arrays (an SVD, or eigh for hermitian=True, singular values at or below
  max(atol, rtol * largest) dropped) and its formula torch's pinv_backward.
- linalg_lstsq is one op for the solution and the residuals (a `which` param), joined into
  one LinalgLstsqBackward0 node; its formula is torch's linalg_lstsq_backward (the
  solution through pinv(A); the residuals |A X - B|^2 add 2 r X^T and -2 r). rank and
  singular_values have no gradient. The drivers compute what LAPACK's do:
  'gelsy' (the CPU default): QR with column pivoting; the rank is the largest r whose
      leading r x r block of R has condition number below 1/rcond (LAPACK estimates it
      incrementally, ember computes it: the two agree but where the estimate is close to
      the bound), then the minimum-norm solution of the rank-r system [R11 R12];
  'gelsd' / 'gelss': the SVD, singular values at or below rcond * largest dropped;
  'gels': QR (LQ when m < n), assuming full rank (a rank-deficient A gives LAPACK's
      arbitrary values there: ember's differ).
  torch's rules for what is empty: residuals only when m > n, the driver is not gelsy and
  (gelsd, gelss) every matrix has rank n; rank except for gels; singular_values for gelsd
  and gelss only. The solution is laid out as LAPACK leaves it: the first n rows of a
  column-major max(m, n) x k array.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._dtype import NUMPY_REAL_OF
from .._tensor import Tensor
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .linalg import _mH, _scalar_name, broadcast_batch
from .linalg_decompositions import matmul_any
from .linalg_solvers import join_keeping_tangents
from .return_types import _return_type, return_types

__all__ = ["linalg_pinv", "pinverse", "linalg_lstsq", "linalg_matrix_rank"]

_LSTSQ = return_types.linalg_lstsq = _return_type(
    "linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))
_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def _epsilon(dtype: np.dtype) -> float:
    dtype = NUMPY_REAL_OF.get(np.dtype(dtype), dtype)  # (complex: its parts', as torch's)
    if dtype not in (np.float32, np.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")
    return float(np.finfo(dtype).eps)


# ====================================================================== pinv
def _tolerances(a: np.ndarray, atol, rtol) -> tuple:
    """torch's get_atol_rtol: atol 0 by default; rtol eps * max(m, n) by default, or 0 when
    a positive atol is given without rtol (float64 arrays of the batch's shape or 0-d)."""
    m, n = a.shape[-2:]
    atol_value = np.zeros((), np.float64) if atol is None else np.asarray(atol, np.float64)
    if rtol is not None:
        return atol_value, np.asarray(rtol, np.float64)
    default = np.float64(_epsilon(a.dtype) * max(m, n))
    if atol is None:
        return atol_value, np.asarray(default)
    return atol_value, np.where(atol_value > 0, 0.0, default)


def _pinv_np(a: np.ndarray, atol, rtol, hermitian: bool) -> np.ndarray:
    m, n = a.shape[-2:]
    atol, rtol = _tolerances(a, atol, rtol)
    if a.size == 0:
        return np.zeros(a.shape[:-2] + (n, m), a.dtype)
    with np.errstate(all="ignore"):
        if not hermitian:
            u, s, vh = np.linalg.svd(a, full_matrices=False)
            largest = s[..., :1]
            tol = np.maximum(atol[..., None], rtol[..., None] * largest)
            s_inv = np.where(s > tol, 1 / s, 0).astype(a.dtype)
            return np.matmul(np.swapaxes(vh, -1, -2).conj() * s_inv[..., None, :],
                             np.swapaxes(u, -1, -2).conj())  # (V S^-1 U^H)
        w, v = np.linalg.eigh(a)
        s_abs = np.abs(w)
        largest = s_abs.max(axis=-1, keepdims=True)
        tol = np.maximum(atol[..., None], rtol[..., None] * largest)
        s_inv = np.where(s_abs > tol, 1 / w, 0).astype(a.dtype)
        return np.matmul(v * s_inv[..., None, :], np.swapaxes(v, -1, -2).conj())


@declare("linalg_pinv", grad_fn="LinalgPinvBackward0", saves=(0, OUT), dtype=SAME,
         formula="P = pinv(A), K = g^T P (m <= n): grad_A = -(P K)^T + K P^T - A P K P^T "
                 "+ P^T P (g^T - K A)")
def _linalg_pinv(a, atol, rtol, hermitian):
    return _pinv_np(a, atol, rtol, hermitian)


def pinv_backward(g, pinv, a):
    """torch's pinv_backward: A's gradient from pinv(A)'s, in the products of the smaller
    dimension."""
    m, n = tuple(a.shape)[-2:]
    # (complex: conjugate transposes throughout, as torch's)
    pinv_t, g_t = _mH(pinv), _mH(g)
    if m <= n:
        k = matmul_any(g_t, pinv)
        k_pinv_t = matmul_any(k, pinv_t)
        return (-_mH(matmul_any(pinv, k)) + k_pinv_t
                - matmul_any(matmul_any(a, pinv), k_pinv_t)
                + matmul_any(matmul_any(pinv_t, pinv), g_t - matmul_any(k, a)))
    k = matmul_any(pinv, g_t)
    pinv_t_k = matmul_any(pinv_t, k)
    return (-_mH(matmul_any(k, pinv))
            + matmul_any(matmul_any(g_t - matmul_any(a, k), pinv), pinv_t)
            + pinv_t_k - matmul_any(matmul_any(pinv_t_k, pinv), a))


@_linalg_pinv.backward
def _(ctx, g):
    a, pinv = ctx.saved
    return (pinv_backward(g, pinv, a),)


def pinv_tangent(a: Tensor, pinv: Tensor, t: Tensor) -> Tensor:
    """d pinv(A) = -P dA P + P P^H dA^H (I - A P) + (I - P A) dA^H P^H P."""
    t_t = t.mH
    return (-(pinv @ t @ pinv) + pinv @ pinv.mH @ (t_t - t_t @ a @ pinv)
            + (t_t - pinv @ a @ t_t) @ pinv.mH @ pinv)


@_linalg_pinv.tangent
def _(ctx, t):
    return pinv_tangent(ctx.inputs[0], ctx.output, t)


def _tolerance_values(value, name: str):
    """A tolerance given as a number or a tensor, as float64 (None stays None)."""
    if value is None:
        return None
    if isinstance(value, Tensor):
        return value._data.astype(np.float64)
    return np.float64(value)


def _pinv(A: Tensor, atol, rtol, hermitian: bool) -> Tensor:
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_pinv(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    if A._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128) or \
            A._data.ndim < 2:
        raise RuntimeError(f"linalg.pinv({_scalar_name(A)}{{{list(A._data.shape)}}}): expected "
                           "a tensor with 2 or more dimensions of float, double, cfloat or "
                           "cdouble types")
    atol, rtol = _tolerance_values(atol, "atol"), _tolerance_values(rtol, "rtol")
    for tolerance in (atol, rtol):
        if tolerance is not None and tolerance.ndim:
            broadcast_batch(tolerance.shape + (1,), A._data.shape[:-2] + (1,))
    return apply(OPS["linalg_pinv"], (A,), (atol, rtol, bool(hermitian)))


def linalg_pinv(A: Tensor, rcond=None, hermitian: bool = False, *, atol=None, rtol=None,
                out=None) -> Tensor:
    """torch.linalg.pinv: the pseudo-inverse, from the SVD (the eigendecomposition with
    hermitian=True), singular values at or below max(atol, rtol * largest) taken as zero.
    rtol defaults to eps * max(m, n), or 0 when a positive atol is given; the older
    `rcond` is rtol (with atol 0)."""
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result "
                                  "instead")
    if rcond is not None:
        if atol is not None or rtol is not None:
            given = ", ".join(["Tensor", f"rcond={type(rcond).__name__}"]
                              + [f"{k}={type(v).__name__}" for k, v in
                                 (("atol", atol), ("rtol", rtol)) if v is not None])
            raise TypeError(f"linalg_pinv() received an invalid combination of arguments - got "
                            f"({given}), but expected one of:")
        return _pinv(A, None, rcond, hermitian)
    return _pinv(A, atol, rtol, hermitian)


@public()
def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """torch.pinverse: linalg.pinv(input, rtol=rcond)."""
    return _pinv(input, None, rcond, False)


# ====================================================================== lstsq
def _pivoted_qr(a: np.ndarray, b: np.ndarray) -> tuple:
    """LAPACK's geqp3 on one matrix, A[:, perm] = Q R, the column of largest remaining norm
    brought forward at each step; returns (R (m x n), perm, Q^T b). Q itself is never
    formed (a tall A's would be m x m): each reflector is applied to b as it is made."""
    m, n = a.shape
    r = np.array(a, copy=True)
    c = np.array(b, dtype=a.dtype, copy=True)
    perm = np.arange(n)
    complex_values = a.dtype.kind == "c"  # (zgeqp3: |.|^2, H^H = I - conj(tau) v v^H)
    for j in range(min(m, n)):
        block = r[j:, j:]
        norms = np.sqrt(np.sum((block * block.conj()).real if complex_values
                               else block * block, axis=0))
        p = j + int(np.argmax(norms))
        if p != j:
            r[:, [j, p]] = r[:, [p, j]]
            perm[[j, p]] = perm[[p, j]]
        x = r[j:, j]
        norm = float(np.sqrt(np.sum((x * x.conj()).real if complex_values else x * x)))
        if norm == 0:
            continue
        alpha = x[0] if complex_values else float(x[0])
        beta = -np.copysign(norm, alpha.real)  # (dlarfg/zlarfg: R's diagonal entry, real)
        v = x / (alpha - beta)
        v[0] = 1
        tau = (beta - alpha) / beta
        if complex_values:
            tau, w = np.conj(tau), v.conj()
        else:
            w = v
        r[j:, j:] -= tau * np.outer(v, w @ r[j:, j:])
        c[j:] -= tau * np.outer(v, w @ c[j:])
    return r, perm, c


def _gelsy_one(a: np.ndarray, b: np.ndarray, rcond: float) -> tuple:
    """(solution, rank) of one m x n system by gelsy's complete orthogonal factorization."""
    m, n = a.shape
    k = min(m, n)
    x = np.zeros((n, b.shape[1]), a.dtype)
    if k == 0:
        return x, 0
    r, perm, c = _pivoted_qr(a, b)
    if r[0, 0] == 0:
        return x, 0
    rank = 1
    for i in range(2, k + 1):
        s = np.linalg.svd(r[:i, :i], compute_uv=False)
        if s[0] * rcond <= s[-1]:
            rank = i
        else:
            break
    top = r[:rank, :]  # [R11 R12]: full row rank
    top_h = top.T.conj() if top.dtype.kind == "c" else top.T
    y = top_h @ np.linalg.solve(top @ top_h, c[:rank])  # the minimum-norm [R11 R12] y = c
    x[perm] = y
    return x, rank


def _lstsq_core(a: np.ndarray, b: np.ndarray, rcond: float, driver: str) -> tuple:
    """(solution (..., n, k), rank (batch) or None, singular values or None) of matrices
    a (..., m, n), b (..., m, k) of one batch shape."""
    m, n = a.shape[-2:]
    k = b.shape[-1]
    batch = a.shape[:-2]
    real = _real_dtype(a.dtype)
    if driver in ("gelsd", "gelss"):
        u, s, vh = np.linalg.svd(a, full_matrices=False) if a.size else (
            np.zeros(batch + (m, min(m, n)), a.dtype), np.zeros(batch + (min(m, n),), real),
            np.zeros(batch + (min(m, n), n), a.dtype))
        largest = s[..., :1] if s.shape[-1] else np.zeros(batch + (1,), real)
        keep = s > rcond * largest
        with np.errstate(all="ignore"):
            s_inv = np.where(keep, 1 / np.where(keep, s, 1), 0).astype(a.dtype)
        x = _adjoint(vh) @ (s_inv[..., :, None] * (_adjoint(u) @ b))  # V S^-1 U^H b
        return x.astype(a.dtype, copy=False), np.asarray(keep.sum(-1), np.int64), s
    if driver == "gels":
        if a.size == 0:
            return np.zeros(batch + (n, k), a.dtype), None, None
        with np.errstate(all="ignore"):
            if m >= n:
                q, r = np.linalg.qr(a)
                from .linalg_triangular import _solve as triangular

                x = triangular(r, _adjoint(q) @ b, True, True, False)
            else:  # the minimum-norm solution through A^H = Q R: x = Q R^-H b
                from .linalg_triangular import _solve as triangular

                q, r = np.linalg.qr(_adjoint(a))
                x = q @ triangular(_adjoint(r), b, False, True, False)
        return x.astype(a.dtype, copy=False), None, None
    # gelsy, matrix by matrix
    count = int(np.prod(batch))
    flat_a = a.reshape((count, m, n))
    flat_b = b.reshape((count, m, k))
    xs = np.zeros((flat_a.shape[0], n, k), a.dtype)
    ranks = np.zeros(flat_a.shape[0], np.int64)
    with np.errstate(all="ignore"):
        for i in range(flat_a.shape[0]):
            xs[i], ranks[i] = _gelsy_one(flat_a[i], flat_b[i], rcond)
    return xs.reshape(batch + (n, k)), ranks.reshape(batch), None


def _real_dtype(dtype: np.dtype) -> np.dtype:
    return NUMPY_REAL_OF.get(np.dtype(dtype), np.dtype(dtype))


def _adjoint(x: np.ndarray) -> np.ndarray:
    """The conjugate transpose of the last two dims (the transpose of real matrices)."""
    swapped = np.swapaxes(x, -1, -2)
    return swapped.conj() if x.dtype.kind == "c" else swapped


def lstsq_np(a: np.ndarray, b: np.ndarray, rcond, driver: str, vector: bool) -> dict:
    """Every output of linalg.lstsq as arrays (B a matrix or, `vector`, a batch of vectors;
    the batch dims broadcast)."""
    if vector:
        b = b[..., None]
    m, n = a.shape[-2:]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    k = b.shape[-1]
    if rcond is None:
        rcond = _epsilon(a.dtype) * max(m, n)
    x, rank, singular = _lstsq_core(a, b, float(rcond), driver)
    # LAPACK's layout: the solution's rows are the first n of a column-major max(m, n) x k
    store = np.zeros(batch + (k, max(m, n)), a.dtype)
    store[..., :n] = np.swapaxes(x, -1, -2)
    solution = np.swapaxes(store, -1, -2)[..., :n, :]
    real = _real_dtype(a.dtype)  # (complex systems: real residuals and singular values)
    residuals = np.zeros((0,), real)
    full_rank = rank is None or bool(np.all(rank == n))
    if m > n and driver != "gelsy" and full_rank and a.size:
        # |A X - B|^2 per column (LAPACK sums the squares of Q^T B's last m - n rows: the
        # same number, without an m x m Q)
        rest = a @ x - b
        squares = (rest * rest.conj()).real if rest.dtype.kind == "c" else rest * rest
        residuals = np.sum(squares, axis=-2).astype(real)
    elif m > n and driver != "gelsy" and full_rank:
        residuals = np.zeros(batch + (k,), real)
    if vector:
        solution = solution[..., 0]
    return {
        "solution": solution,
        "residuals": residuals,
        "rank": np.zeros((0,), np.int64) if rank is None else rank,
        "singular_values": np.zeros((0,), real) if singular is None else singular,
    }


_last: list = [None, None]  # (key, result): the public function's call, reused by the op


def _lstsq_values(a, b, rcond, driver, vector) -> dict:
    key = (a, b, rcond, driver, vector)
    last = _last[0]
    if last is not None and all(x is y for x, y in zip(last, key)):
        return _last[1]
    return lstsq_np(a, b, rcond, driver, vector)


@declare("linalg_lstsq", grad_fn="LinalgLstsqBackward0", saves=(0, 1, OUT), dtype=SAME,
         broadcasts=True,
         formula="X = pinv(A) B: grad_B = pinv(A)^T gX, grad_A = pinv_backward(gX B^T); "
                 "residuals |A X - B|^2: grad_A += 2 r X^T, grad_B -= 2 r")
def _linalg_lstsq(a, b, rcond, driver, vector, which):
    values = _lstsq_values(a, b, rcond, driver, vector)
    return values["solution" if which == 0 else "residuals"]


def lstsq_backward(g_x, g_res, a, b, x, vector: bool, need_a: bool, need_b: bool):
    """torch's linalg_lstsq_backward: the solution's gradient through pinv(A) (recorded as
    linalg.pinv on Tensors), the residuals' as the derivative of |A X - B|^2."""
    has_res = g_res is not None and int(np.prod(tuple(g_res.shape))) > 0
    if (g_x is None and not has_res) or not (need_a or need_b):
        return None, None
    if vector:
        b = xp.unsqueeze(b, -1)
    grad_a = grad_b = None
    if g_x is not None:
        g_matrix = xp.unsqueeze(g_x, -1) if vector else g_x
        pinv = xp.op("linalg_pinv", (a,), None, None, False)
        if need_a:  # (complex: conjugate transposes, torch's convention)
            grad_a = pinv_backward(matmul_any(g_matrix, _mH(b)), pinv, a)
        if need_b:
            grad_b = matmul_any(_mH(pinv), g_matrix)
            grad_b = xp.squeeze(grad_b, -1) if vector else grad_b
    if has_res:
        x_matrix = xp.unsqueeze(x, -1) if vector else x
        r = matmul_any(a, x_matrix) - b
        weight = xp.unsqueeze(g_res, -2)
        if need_a:  # (products by Python numbers: MulBackward1 under create_graph, torch's)
            term = xp.times_scalar(matmul_any(weight * r, _mH(x_matrix)), 2)
            grad_a = term if grad_a is None else grad_a + term
        if need_b:
            term = r * xp.times_scalar(weight, -2)
            term = xp.squeeze(term, -1) if vector else term
            grad_b = term if grad_b is None else grad_b + term
    return grad_a, grad_b


def _lstsq_joint(node, grads):
    a, b, x = node.saved
    given = [None, None]
    for g, params in zip(grads, node.params):
        given[params[3]] = g
    vector = node.params[0][2]
    return lstsq_backward(*given, a, b, x, vector, _needs(node, 0), _needs(node, 1))


@_linalg_lstsq.backward
def _(ctx, g):
    a, b, x = ctx.saved
    given = [None, None]
    given[ctx.params[3]] = g
    return lstsq_backward(*given, a, b, x, ctx.params[2], _needs(ctx, 0), _needs(ctx, 1))


from ..autograd.node import joint_node_class  # noqa: E402 - beside its use

_LSTSQ_NODE = joint_node_class("LinalgLstsqBackward0", _lstsq_joint, _lstsq_joint,
                               (_linalg_lstsq,))


@_linalg_lstsq.tangent
def _(ctx, t_a, t_b):
    a, b = ctx.inputs
    rcond, driver, vector, which = ctx.params
    x = apply(OPS["linalg_lstsq"], (a, b), (rcond, driver, vector, 0))
    if which == 1 and ctx.output.numel() == 0:
        return ctx.zeros()
    b_matrix = b.unsqueeze(-1) if vector else b
    x_matrix = x.unsqueeze(-1) if vector else x
    if which == 0:
        pinv = apply(OPS["linalg_pinv"], (a,), (None, None, False))
        d_x = None
        if t_a is not None:
            d_x = pinv_tangent(a, pinv, t_a) @ b_matrix
        if t_b is not None:
            term = pinv @ (t_b.unsqueeze(-1) if vector else t_b)
            d_x = term if d_x is None else d_x + term
        return d_x.squeeze(-1) if vector else d_x
    r = a @ x_matrix - b_matrix
    change = None
    if t_a is not None:
        change = t_a @ x_matrix
    if t_b is not None:
        t_matrix = t_b.unsqueeze(-1) if vector else t_b
        change = -t_matrix if change is None else change - t_matrix
    if r.is_complex():  # (d|r|^2 = 2 Re(conj(r) dr))
        return (2 * (r.conj() * change).real).sum(-2)
    return (2 * r * change).sum(-2)


def linalg_lstsq(A: Tensor, B: Tensor, rcond=None, *, driver=None):
    """torch.linalg.lstsq: the least-squares solution X of A X = B (minimum norm where A is
    rank-deficient, except with 'gels'), with the residuals, rank and singular values as
    the driver computes them (see this module's docstring for which are empty)."""
    for name, t in (("self", A), ("b", B)):
        if not isinstance(t, Tensor):
            raise TypeError(f"linalg_lstsq(): argument '{name}' must be Tensor, not "
                            f"{type(t).__name__}")
    sa, sb = A._data.shape, B._data.shape
    if len(sa) < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same "
                           f"dtype, but got input's dtype {_scalar_name(A)} and other's dtype "
                           f"{_scalar_name(B)}")
    if not (len(sa) >= len(sb) and len(sa) - len(sb) <= 1):
        raise RuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to "
                           "other.dim() and (input.dim() - other.dim()) <= 1")
    vector = len(sb) == len(sa) - 1
    broadcast_batch(sa[:-2], sb[:-1] if vector else sb[:-2])
    rows = sb[-1] if vector else sb[-2]
    if rows != sa[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-1)"
                           if vector else
                           "torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    chosen = "gelsy" if driver is None else driver
    if chosen not in _DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, "
                           "gelsy, gelsd, gelss)")
    if rcond is None:
        _epsilon(A._data.dtype)  # (torch's error for other dtypes)
    elif A._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f"\"linalg_lstsq_cpu\" not implemented for "
                                  f"'{_scalar_name(A)}'")
    rcond_value = None if rcond is None else float(rcond)
    values = lstsq_np(A._data, B._data, rcond_value, chosen, vector)
    _last[0], _last[1] = (A._data, B._data, rcond_value, chosen, vector), values
    try:
        op = OPS["linalg_lstsq"]
        params = (rcond_value, chosen, vector)
        outputs = [apply(op, (A, B), params + (0,)), apply(op, (A, B), params + (1,))]
    finally:
        _last[0] = _last[1] = None
    if outputs[0]._grad_fn is not None:
        join_keeping_tangents(outputs, _LSTSQ_NODE)
    return _LSTSQ((outputs[0], outputs[1], Tensor(values["rank"]),
                   Tensor(values["singular_values"])))


# ====================================================================== matrix_rank
def linalg_matrix_rank(A: Tensor, tol=None, hermitian: bool = False, *, atol=None, rtol=None,
                       out=None) -> Tensor:
    """torch.linalg.matrix_rank: the number of singular values (absolute eigenvalues with
    hermitian=True) above max(atol, rtol * largest); rtol defaults as in linalg.pinv. The
    older `tol` is atol with rtol 0."""
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result "
                                  "instead")
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_matrix_rank(): argument 'input' (position 1) must be Tensor, "
                        f"not {type(A).__name__}")
    if tol is not None:
        atol, rtol = tol, 0.0
    data = A._data
    if data.ndim < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least "
                           "2 dimensions.")
    atol_value, rtol_value = _tolerance_values(atol, "atol"), _tolerance_values(rtol, "rtol")
    if rtol_value is None:
        _epsilon(data.dtype)
    if data.dtype.kind not in "fc":
        raise RuntimeError(f"linalg.{'eigh' if hermitian else 'svd'}: Expected a floating point "
                           f"or complex tensor as input. Got {_scalar_name(A)}")
    atol_value, rtol_value = _tolerances(data, atol_value, rtol_value)
    if data.size == 0:
        return Tensor(np.zeros(data.shape[:-2], np.int64))
    work = data.astype(np.float32) if data.dtype == np.float16 else data
    if hermitian:
        s = np.abs(np.linalg.eigvalsh(work))
        largest = s.max(axis=-1, keepdims=True)
    else:
        s = np.linalg.svd(work, compute_uv=False)
        largest = s[..., :1]
    tol_value = np.maximum(atol_value[..., None], rtol_value[..., None] * largest)
    return Tensor(np.asarray(np.sum(s > tol_value, axis=-1), np.int64))


for _name in ("linalg_pinv", "linalg_lstsq"):
    _batched_rule(_name)(OPS[_name].backward_fn)
del _name

# Complex pseudo-inverses: V S^-1 U^H, torch's gradient with conjugate transposes
allow_complex("linalg_pinv")
allow_complex("linalg_lstsq")  # (the four drivers on complex systems, torch's gradients)
