"""QR: linalg.qr (and the deprecated torch.qr), and ormqr (the Q of geqrf's Householder
reflectors, or its transpose, times a matrix). geqrf and householder_product / orgqr are
in ops/linalg_householder.py.

NumPy's qr is LAPACK's geqrf + orgqr, the routines torch calls, so Q's and R's signs are
LAPACK's as in torch (R's diagonal may be negative). One op per decomposition:
- linalg_qr: Q and R (a `which` param), joined into one LinalgQrBackward0 node. Its formula
  is torch's linalg_qr_backward; mode='r' (no Q) and mode='complete' on a tall matrix (Q's
  extra columns are not determined by A) raise torch's errors when differentiated.
- ormqr: op(Q) C or C op(Q) for the full m x m Q of the reflectors, H_i = I - tau_i v_i
  v_i^T; its gradient runs the product backwards, one reflector at a time, in matrix
  products with constant selectors (so the formula reads the same on arrays and Tensors).
  Complex reflectors are H_i = I - tau_i v_i v_i^H (LAPACK's zunmqr), and transpose=True
  applies Q^H.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd.node import joint_node_class
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._lapack_layout import column_major
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .linalg import _mH, _scalar_name
from .linalg_decompositions import _join_factors, matmul_any
from .return_types import _return_type, return_types

__all__ = ["linalg_qr", "qr", "ormqr"]

_LINALG_QR = return_types.linalg_qr = _return_type("linalg_qr", ("Q", "R"))
_QR = return_types.qr = _return_type("qr", ("Q", "R"))

_MODES = ("reduced", "complete", "r")


# ====================================================================== qr
def _qr_np(a: np.ndarray, mode: str) -> tuple:
    """(Q, R) as LAPACK's geqrf + orgqr give them (Q None for mode 'r')."""
    m, n = a.shape[-2:]
    k = min(m, n)
    if a.size == 0:
        q_cols = m if mode == "complete" else k
        r_rows = m if mode == "complete" else k
        q = np.zeros(a.shape[:-2] + (m, q_cols), a.dtype)
        q[..., range(min(m, q_cols)), range(min(m, q_cols))] = 1
        return (None if mode == "r" else q), np.zeros(a.shape[:-2] + (r_rows, n), a.dtype)
    if mode == "r":
        return None, np.asarray(np.linalg.qr(a, mode="r"), a.dtype)
    q, r = np.linalg.qr(a, mode=mode)
    return q.astype(a.dtype, copy=False), r.astype(a.dtype, copy=False)


@declare("linalg_qr", grad_fn="LinalgQrBackward0", saves=(OUT,), dtype=SAME,
         formula="A = Q R: grad_A = (gQ + Q copyltu(M)) R^-T, M = R gR^T - gQ^T Q (tall); "
                 "wide: through the square part of R")
def _linalg_qr(a, mode, which):
    q, r = _qr_np(a, mode)
    if which == 0:
        return np.zeros((0,), a.dtype) if q is None else column_major(q)
    return column_major(r)  # (torch's LAPACK layout, as Q's)


def _check_differentiable(mode: str, m: int, n: int) -> None:
    if mode == "r":
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed "
                           "when mode='r'. Please use linalg.qr(A, mode='reduced') if you are "
                           "going to differentiate through linalg.qr.")
    if mode == "complete" and m > n:
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' "
                           "and nrows > ncols.")


def _halved_diagonal(x):
    """x with its diagonal halved (torch: real(diagonal).mul_(0.5))."""
    n = tuple(x.shape)[-1]
    scale = np.ones((n, n)) - 0.5 * np.eye(n)
    return x * xp.constant(scale.astype(xp.numpy_dtype(x)), x)


def qr_backward(g_q, g_r, q, r, mode: str, m: int, n: int):
    """The gradient of A = Q R from those of Q and R (torch's linalg_qr_backward)."""
    _check_differentiable(mode, m, n)
    if g_q is None and g_r is None:
        return None
    # (complex: conjugate transposes where real matrices take transposes)
    if g_q is not None:
        grad = -matmul_any(_mH(q), g_q)
        if g_r is not None:
            grad = matmul_any(g_r, _mH(r)) + grad
    else:
        grad = matmul_any(g_r, _mH(r))
    if m >= n:
        upper = xp.op("triu", (grad,), 0)
        grad = matmul_any(q, _halved_diagonal(upper + _mH(upper)))
        if g_q is not None:
            grad = grad + g_q
        return xp.op("solve_triangular", (_mH(r), grad), False, False, False)
    x = -grad
    skew = xp.op("tril", (x - _mH(x),), 0)
    if xp.is_complex(skew):  # (its diagonal, 2i Im(x_ii), halved as torch's; real: 0)
        skew = _halved_diagonal(skew)
    grad = matmul_any(q, skew)
    r_square = xp.view("slice", r, len(tuple(r.shape)) - 1, 0, m, 1, tuple(r.shape))
    grad = xp.op("solve_triangular", (_mH(r_square), grad), False, False, False)
    shape = tuple(grad.shape)[:-1] + (n - m,)  # (grad's: it may carry a batch of rows)
    grad = xp.cat([grad, xp.zeros(shape, grad)], -1)
    if g_r is not None:
        grad = grad + matmul_any(q, g_r)
    return grad


def _qr_joint(node, grads):
    q, r = node.saved
    factors = [None, None]
    for g, (_, which) in zip(grads, node.params):
        factors[which] = g
    mode = node.params[0][0]
    shape = node.input_meta[0][0] if node.input_meta and node.input_meta[0] else None
    m, n = shape[-2:] if shape is not None else (tuple(q.shape)[-2], tuple(r.shape)[-1])
    return (qr_backward(*factors, q, r, mode, m, n),)


@_linalg_qr.backward
def _(ctx, g):
    # One factor's gradient (params: mode, which) on a node saving both factors, for
    # callers of the op's backward; the engine calls the JointNode's formula
    factors = [None, None]
    mode, which = ctx.params
    factors[which] = g
    q, r = ctx.saved
    m, n = tuple(q.shape)[-2], tuple(r.shape)[-1]
    return (qr_backward(*factors, q, r, mode, m, n),)


_QR_NODE = joint_node_class("LinalgQrBackward0", _qr_joint, _qr_joint, (_linalg_qr,))
_batched_rule("linalg_qr")(_linalg_qr.backward_fn)


def _square_qr_tangents(t: Tensor, q: Tensor, r: Tensor) -> tuple:
    """(dQ, dR) of A = Q R with R square (m >= n, reduced) for A's tangent t."""
    from .linalg_triangular import solve_triangular

    t_rinv = solve_triangular(r, t, upper=True, left=False)  # dA R^-1
    c = q.mH @ t_rinv
    lower = c.tril(-1)
    # triu(C) + tril(C, -1)^H (upper triangular), less i Im of C's diagonal for complex
    # values (that is Q^H dQ's, skew-Hermitian: LAPACK's R has a real diagonal)
    upper_part = c - (lower - lower.mH)
    if c.is_complex():
        n = c.shape[-1]
        eye = Tensor(np.eye(n, dtype=c._data.dtype))
        upper_part = upper_part - eye * (1j * c.diagonal(0, -2, -1).imag).unsqueeze(-1)
    return t_rinv - q @ upper_part, upper_part @ r


@_linalg_qr.tangent
def _(ctx, t):
    mode, which = ctx.params
    a = ctx.inputs[0]
    m, n = a.shape[-2], a.shape[-1]
    _check_differentiable(mode, m, n)
    q, r = _qr_outputs(a, mode)  # (recorded: reverse-over-forward reaches A)
    if m >= n:
        d_q, d_r = _square_qr_tangents(t, q, r)
    else:
        from .shape_copies import cat

        r1, r2 = r[..., :, :m], r[..., :, m:]
        d_q, d_r1 = _square_qr_tangents(t[..., :, :m], q, r1)
        d_r2 = q.mH @ (t[..., :, m:] - d_q @ r2)
        d_r = cat([d_r1, d_r2], -1)
    return d_q if which == 0 else d_r


def _qr_outputs(A: Tensor, mode: str) -> tuple:
    op = OPS["linalg_qr"]
    outputs = (apply(op, (A,), (mode, 0)), apply(op, (A,), (mode, 1)))
    if outputs[0]._grad_fn is not None:
        _join_factors(outputs, _QR_NODE)
    return outputs


def _check_qr_input(A: Tensor, mode) -> None:
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_qr(): argument 'A' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    if A._data.ndim < 2:
        raise RuntimeError("linalg.qr: The input tensor A must have at least 2 dimensions.")
    if A._data.dtype.kind not in "fc":
        raise RuntimeError(f"linalg.qr: Expected a floating point or complex tensor as input. "
                           f"Got {_scalar_name(A)}")
    if mode not in _MODES:
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    if A._data.dtype == np.float16:
        raise NotImplementedError("\"geqrf_cpu\" not implemented for 'Half'")


def linalg_qr(A: Tensor, mode: str = "reduced", *, out=None):
    """torch.linalg.qr: (Q, R) with A = Q R, Q's columns orthonormal, R upper triangular.
    mode 'reduced': Q m x k, R k x n (k = min(m, n)); 'complete': Q m x m, R m x n; 'r':
    R alone (Q is an empty tensor)."""
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result "
                                  "instead")
    _check_qr_input(A, mode)
    return _LINALG_QR(_qr_outputs(A, mode))


@public()
def qr(input: Tensor, some: bool = True):
    """torch.qr (deprecated in torch for linalg.qr): (Q, R), reduced when `some`."""
    warn_once("qr", "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in "
              "a future PyTorch release.\nThe boolean parameter 'some' has been replaced with "
              "a string parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\n"
              "Q, R = torch.linalg.qr(A, 'reduced' if some else 'complete')")
    mode = "reduced" if some else "complete"
    _check_qr_input(input, mode)
    return _QR(_qr_outputs(input, mode))


# ====================================================================== reflectors
def _selector(k: int, i: int, dtype) -> np.ndarray:
    e = np.zeros((k, 1), dtype)
    e[i, 0] = 1
    return e


def _reflectors(a, k: int):
    """V (..., m, k): the Householder vectors in a's first k columns, unit diagonal."""
    m, n = tuple(a.shape)[-2:]
    dtype = xp.numpy_dtype(a)
    first = xp.constant(np.eye(n, k, dtype=dtype), a)
    mask = xp.constant(np.tril(np.ones((m, k), dtype), -1), a)
    return matmul_any(a, first) * mask + xp.constant(np.eye(m, k, dtype=dtype), a)


def _householder_np(a: np.ndarray, tau: np.ndarray, columns: int) -> np.ndarray:
    """H_1 ... H_k applied to the first `columns` columns of the identity."""
    m = a.shape[-2]
    k = tau.shape[-1]
    v = np.tril(a[..., :, :k], -1) + np.eye(m, k, dtype=a.dtype)
    q = np.broadcast_to(np.eye(m, columns, dtype=a.dtype), a.shape[:-2] + (m, columns))
    for i in reversed(range(k)):
        vi = v[..., :, i:i + 1]
        q = q - tau[..., i, None, None] * (vi @ (np.conj(np.swapaxes(vi, -1, -2)) @ q))
    return q


def _reflector_steps(a, tau, columns: int):
    """Per reflector i: (v_i (..., m, 1), tau_i (..., 1, 1), X_{i+1}) where X_k is the
    identity's first `columns` columns and X_i = H_i X_{i+1} (X_0 is the product)."""
    m = tuple(a.shape)[-2]
    k = tuple(tau.shape)[-1]
    dtype = xp.numpy_dtype(a)
    v_all = _reflectors(a, k)
    tau_row = xp.unsqueeze(tau, -2)
    x = xp.constant(np.eye(m, columns, dtype=dtype), a)
    steps = []
    for i in reversed(range(k)):
        e = xp.constant(_selector(k, i, dtype), a)
        v = matmul_any(v_all, e)
        t = matmul_any(tau_row, e)
        steps.append((v, t, x))
        x = x - t * matmul_any(v, matmul_any(_mH(v), x))
    steps.reverse()
    return steps, x


def reflectors_backward(g, a, tau, columns: int, need_a: bool, need_tau: bool):
    """Gradients of a and tau for Q = H_1 ... H_k E (E: the identity's first `columns`
    columns), from Q's gradient g: the product run backwards, one reflector at a time.
    For H = I - t v v^T and X = H Y: grad_Y = H G, grad_t = -(v^T G)(Y^T v),
    grad_v = -t (Y G^T v + G Y^T v); complex (H = I - t v v^H): grad_Y = H^H G,
    grad_t = -(v^H G)(Y^H v), grad_v = -(t Y G^H v + conj(t) G Y^H v)."""
    m, n = tuple(a.shape)[-2:]
    k = tuple(tau.shape)[-1]
    dtype = xp.numpy_dtype(a)
    steps, _ = _reflector_steps(a, tau, columns)
    complex_values = xp.is_complex(a)
    grad_v = None
    # tau's gradient written element by element into zeros, as torch's formula (on Tensors:
    # CopySlices); made at the first write, whose value has g's leading dims (a batched
    # Jacobian pass adds one that tau lacks)
    grad_tau = None
    for i, (v, t, y) in enumerate(steps):
        e_row = xp.constant(_selector(k, i, dtype).T, a)
        w_g = matmul_any(_mH(g), v)  # G^H v
        w_y = matmul_any(_mH(y), v)  # Y^H v
        if need_tau:
            value = -matmul_any(_mH(w_g), w_y)[..., 0, 0]
            if grad_tau is None:
                grad_tau = xp.zeros(tuple(value.shape) + (k,), tau)
            grad_tau[..., i] = value
        if need_a:
            if complex_values:
                dv = -(t * matmul_any(y, w_g) + xp.conj(t) * matmul_any(g, w_y))
            else:
                dv = -t * (matmul_any(y, w_g) + matmul_any(g, w_y))
            grad_v = matmul_any(dv, e_row) if grad_v is None else grad_v + matmul_any(dv,
                                                                                      e_row)
        g = g - xp.conj(t) * matmul_any(v, matmul_any(_mH(v), g))
    if need_tau and grad_tau is None:  # (no reflector: k is 0)
        grad_tau = xp.zeros(tuple(tau.shape), tau)
    grad_a = None
    if need_a and grad_v is not None:  # (below the diagonal of the first k columns)
        grad_a = xp.op("tril", (matmul_any(grad_v, xp.constant(np.eye(k, n, dtype=dtype), a)),),
                       -1)
    return grad_a, grad_tau


def _reflector_tangent(a: Tensor, tau: Tensor, t_a, t_tau, columns: int) -> Tensor:
    """The tangent of H_1 ... H_k E for tangents of a and tau (either may be None)."""
    m = a.shape[-2]
    k = tau.shape[-1]
    dtype = a._data.dtype
    mask = Tensor(np.tril(np.ones((m, k), dtype), -1))
    first = Tensor(np.eye(a.shape[-1], k, dtype=dtype))
    steps, _ = _reflector_steps(a, tau, columns)
    d_v_all = None if t_a is None else (t_a @ first) * mask
    d_tau_row = None if t_tau is None else t_tau.unsqueeze(-2)
    d_x = Tensor(np.zeros((m, columns), dtype))
    for i in reversed(range(k)):
        v, t, y = steps[i]
        e = Tensor(_selector(k, i, dtype))
        # X_i = Y - t v (v^H Y): dX_i = dY - dt v v^H Y - t (dv v^H + v dv^H) Y - t v v^H dY
        d_x = d_x - t * (v @ (v.mH @ d_x))
        if d_tau_row is not None:
            d_x = d_x - (d_tau_row @ e) * (v @ (v.mH @ y))
        if d_v_all is not None:
            dv = d_v_all @ e
            d_x = d_x - t * (dv @ (v.mH @ y) + v @ (dv.mH @ y))
    return d_x


# ====================================================================== ormqr
def _full_q_np(a: np.ndarray, tau: np.ndarray) -> np.ndarray:
    return _householder_np(a, tau, a.shape[-2])


@declare("ormqr", grad_fn="OrmqrBackward0", saves=(0, 1, 2, OUT), dtype=SAME,
         formula="op(Q) C: grad_C = op(Q)^T g; Q's gradient g C^T (or its transpose) through "
                 "the reflectors")
def _ormqr(a, tau, c, left, transpose):
    q = _full_q_np(a, tau)
    if transpose:  # (complex: Q^H, as torch's)
        q = np.swapaxes(q, -1, -2)
        if q.dtype.kind == "c":
            q = np.conj(q)
    return column_major(q @ c if left else c @ q)


@_ormqr.backward
def _(ctx, g):
    a, tau, c, _ = ctx.saved  # (torch's node keeps the result too)
    left, transpose = ctx.params
    grad_c = grad_a = grad_tau = None
    m = tuple(a.shape)[-2]
    if _needs(ctx, 2):  # op(Q)^T g, or g op(Q)^T: the same product with the other transpose
        grad_c = xp.op("ormqr", (a, tau, g), left, not transpose)
    if _needs(ctx, 0) or _needs(ctx, 1):
        # the gradient of op(Q), then of Q
        g_op = matmul_any(g, _mH(c)) if left else matmul_any(_mH(c), g)
        g_q = _mH(g_op) if transpose else g_op
        grad_a, grad_tau = reflectors_backward(g_q, a, tau, m, _needs(ctx, 0), _needs(ctx, 1))
    return grad_a, grad_tau, grad_c


@_ormqr.tangent
def _(ctx, t_a, t_tau, t_c):
    a, tau, c = ctx.inputs
    left, transpose = ctx.params
    result = None
    if t_c is not None:
        result = apply(OPS["ormqr"], (a, tau, t_c), (left, transpose))
    if t_a is not None or t_tau is not None:
        d_q = _reflector_tangent(a, tau, t_a, t_tau, a.shape[-2])
        if transpose:
            d_q = d_q.mH
        change = d_q @ c if left else c @ d_q
        result = change if result is None else result + change
    return result


@public()
def ormqr(input: Tensor, input2: Tensor, input3: Tensor, left: bool = True,
          transpose: bool = False) -> Tensor:
    """torch.ormqr: op(Q) input3 (left) or input3 op(Q), for the m x m Q of the Householder
    reflectors (input, input2) geqrf gives; op(Q) = Q^T with transpose."""
    a, tau, c = input, input2, input3
    sa, st, sc = a._data.shape, tau._data.shape, c._data.shape
    if len(sa) < 2:
        raise RuntimeError("torch.ormqr: input must have at least 2 dimensions.")
    if len(sc) < 2:
        raise RuntimeError("torch.ormqr: other must have at least 2 dimensions.")
    if len(st) != len(sa) - 1:
        raise RuntimeError(f"torch.ormqr: Expected tau to have one dimension less than input, "
                           f"but got tau.ndim equal to {len(st)} and input.ndim is equal to "
                           f"{len(sa)}")
    if len(sc) != len(sa):
        raise RuntimeError(f"torch.ormqr: Expected other to have the same number of dimensions "
                           f"as input, but got other.ndim equal to {len(sc)} and input.ndim is "
                           f"equal to {len(sa)}")
    mn = sc[-2] if left else sc[-1]
    if st[-1] != min(mn, sa[-1]):
        raise RuntimeError("torch.ormqr: tau.shape[-1] must be equal to min(other.shape[-2], "
                           "input.shape[-1])" if left else
                           "torch.ormqr: tau.shape[-1] must be equal to min(other.shape[-1], "
                           "input.shape[-1])")
    if sa[-2] != mn:
        raise RuntimeError("torch.ormqr: other.shape[-2] must be equal to input.shape[-2]"
                           if left else
                           "torch.ormqr: other.shape[-1] must be equal to input.shape[-2]")
    if st[:-1] != sa[:-2] or sc[:-2] != sa[:-2]:
        raise RuntimeError("torch.ormqr: Expected batch dimensions of tau and other to be equal "
                           "to input.shape[:-2]")
    if tau._data.dtype != a._data.dtype:
        raise RuntimeError(f"torch.ormqr: Expected input and tau to have the same dtype, but "
                           f"input has dtype{_scalar_name(a)} and tau has dtype "
                           f"{_scalar_name(tau)}")
    if c._data.dtype != a._data.dtype:
        raise RuntimeError(f"torch.ormqr: Expected input and other to have the same dtype, but "
                           f"input has dtype{_scalar_name(a)} and other has dtype "
                           f"{_scalar_name(c)}")
    if a._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f"\"ormqr_cpu\" not implemented for '{_scalar_name(a)}'")
    return apply(OPS["ormqr"], (a, tau, c), (bool(left), bool(transpose)))


_batched_rule("ormqr")(OPS["ormqr"].backward_fn)

# Complex QR (LAPACK's, as torch's): torch's gradient with conjugate transposes, the wide
# case's diagonal halved (checked against torch: tests/samples/complex_leftovers.py)
allow_complex("linalg_qr")
# Complex reflectors H = I - tau v v^H, transpose=True applying Q^H (checked against torch:
# tests/samples/complex_linalg_more.py)
allow_complex("ormqr")
