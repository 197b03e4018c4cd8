"""QR in Householder form: torch.geqrf and torch.linalg.householder_product (torch.orgqr).

`geqrf(A)` is LAPACK's QR factorisation as LAPACK stores it: R on and above the diagonal
of `a`, the Householder vectors below it (each with an implicit one on the diagonal), and
their scales `tau`. NumPy's `linalg.qr(mode="raw")` is that very call (returned
transposed), so the values are LAPACK's; torch's come from MKL, whose blocking may round
the last bits differently. Both results are column-major, as torch's. torch implements
no derivative for geqrf: its outputs are recorded with a GeqrfBackward0 node that refuses.

`householder_product(A, tau)` is the first n columns of H_0 H_1 ... H_{k-1} with
H_i = I - tau_i v_i v_i^H (LAPACK's orgqr / ungqr; k = tau's length, v_i column i of A below the
diagonal with a one on it): the Q of a QR when given geqrf's outputs. Its gradient follows
the product back one reflector at a time: with X_{i+1} = H_{i+1} ... H_{k-1} E (E the
first n columns of I) and G_i the gradient reaching H_i X_{i+1},
    grad tau_i = -(v_i^T G_i)(X_{i+1}^T v_i),
    grad v_i   = -tau_i (G_i X_{i+1}^T v_i + X_{i+1} G_i^T v_i),
    G_{i+1}    = G_i - tau_i v_i (v_i^T G_i),
and A's gradient keeps grad v_i below the diagonal. For complex values (v^H for v^T) tau_i
and its conjugate part ways: grad tau_i = -(v^H G_i)(X_{i+1}^H v_i), grad v_i =
-conj(tau_i) G_i X_{i+1}^H v_i - tau_i X_{i+1} G_i^H v_i, G_{i+1} = H_i^H G_i. Written with
the array namespace, it runs on Tensors too, so second derivatives come from the same
formula.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd.node import join_outputs, joint_node_class
from . import _xp as xp
from ._lapack_layout import column_major
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from .linalg import _mH, _scalar_name
from .return_types import _return_type, return_types

__all__ = ["geqrf", "householder_product", "orgqr"]

_GEQRF = return_types.geqrf = _return_type("geqrf", ("a", "tau"))


# ---------------------------------------------------------------------- geqrf
def _geqrf_arrays(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m, n = a.shape[-2:]
    if a.size == 0:
        return np.zeros(a.shape, a.dtype), np.zeros(a.shape[:-2] + (min(m, n),), a.dtype)
    h, tau = np.linalg.qr(a, mode="raw")
    return np.swapaxes(h, -1, -2).astype(a.dtype, copy=False), tau.astype(a.dtype, copy=False)


@declare("geqrf", grad_fn="GeqrfBackward0", dtype=SAME, grad_not_implemented="geqrf",
         formula="torch implements no derivative of geqrf")
def _geqrf(a, which):
    """Output `which` of LAPACK's geqrf: 0 the packed R and reflectors, 1 tau."""
    return column_major(_geqrf_arrays(a)[which])


@public()
def geqrf(input: Tensor):
    """LAPACK's QR of each matrix: (a, tau), R above the diagonal of `a` and the Householder
    reflectors below it (see the module docstring)."""
    if input._data.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    if input._data.dtype.kind not in "fc" or input._data.dtype == np.float16:
        raise NotImplementedError(f"\"geqrf_cpu\" not implemented for '{_scalar_name(input)}'")
    if input._data.dtype.kind == "c" and input.requires_grad and is_grad_enabled():
        # (torch's check of outputs that would need a complex derivative it has not got)
        raise RuntimeError("geqrf does not support automatic differentiation for outputs "
                           "with complex dtype.")
    op = OPS["geqrf"]
    outputs = [apply(op, (input,), (0,)), apply(op, (input,), (1,))]
    if outputs[0]._grad_fn is not None:  # (one node for both, as torch's)
        join_outputs(outputs, _GEQRF_NODE)
    return _GEQRF(outputs)


def _geqrf_refuses(node, grads):
    raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


_GEQRF_NODE = joint_node_class("GeqrfBackward0", _geqrf_refuses, None, (_geqrf,))


# ---------------------------------------------------------------------- householder_product
def _reflector(a, i: int):
    """v_i: column i of `a` with zeros above the diagonal and a one on it (..., m)."""
    m = a.shape[-2]
    dtype = xp.numpy_dtype(a)
    below = xp.constant((np.arange(m) > i).astype(dtype), like=a)
    one = xp.constant((np.arange(m) == i).astype(dtype), like=a)
    return a[..., :, i] * below + one


def _apply_reflector(x, v, tau_i):
    """H x = x - tau v (v^H x), for x (..., m, n), v (..., m) and tau_i (...)."""
    w = xp.matmul(xp.unsqueeze(xp.conj(v), -2), x)  # v^H x: (..., 1, n)
    scale = xp.unsqueeze(xp.unsqueeze(tau_i, -1), -1)
    return x - scale * (xp.unsqueeze(v, -1) * w)


def _first_columns(a) -> np.ndarray:
    """E: the first n columns of the m x m identity, over a's batch."""
    m, n = a.shape[-2:]
    return np.broadcast_to(np.eye(m, n, dtype=xp.numpy_dtype(a)), tuple(a.shape))


@declare("householder_product", grad_fn="LinalgHouseholderProductBackward0", saves=(0, 1, OUT),
         dtype=SAME,
         formula="Q = H_0 ... H_{k-1} E: back through each reflector, grad tau_i = "
                 "-(v^T G)(X^T v), grad v_i = -tau_i (G X^T v + X G^T v)")
def _householder_product(a, tau):
    """The first n columns of the product of tau's k reflectors (LAPACK's orgqr)."""
    q = np.array(_first_columns(a))
    for i in reversed(range(tau.shape[-1])):
        q = _apply_reflector(q, _reflector(a, i), tau[..., i])
    return column_major(q.astype(a.dtype, copy=False))


@_householder_product.backward
def _(ctx, grad):
    a, tau, _ = ctx.saved
    k = tau.shape[-1]
    reflectors = [_reflector(a, i) for i in range(k)]
    # X_{i+1} for each reflector: the product of the reflectors after it, applied to E
    after = [None] * k
    x = xp.constant(np.array(_first_columns(a)), like=a)
    for i in reversed(range(k)):
        after[i] = x
        x = _apply_reflector(x, reflectors[i], tau[..., i])
    # Written column by column into zeros, then the part below the diagonal kept, as
    # torch's formula (on Tensors: CopySlices, then TrilBackward0 for A's gradient)
    grad_a = xp.zeros(tuple(a.shape), like=a)
    grad_tau = xp.zeros(tuple(tau.shape), like=tau)
    g = grad
    complex_values = xp.is_complex(a)
    for i in range(k):
        v, x = reflectors[i], after[i]
        scale = xp.unsqueeze(xp.unsqueeze(tau[..., i], -1), -1)
        v_row = xp.unsqueeze(xp.conj(v), -2)
        v_g = xp.matmul(v_row, g)  # v^H G: (..., 1, n)
        v_x = xp.matmul(v_row, x)  # v^H X: (..., 1, n)
        if complex_values:  # H = I - tau v v^H: tau and its conjugate in different terms
            grad_tau[..., i] = -xp.sum(v_g * xp.conj(v_x), (-2, -1))
            grad_v = (xp.conj(scale) * xp.matmul(g, _mH(v_x))
                      + scale * xp.matmul(x, _mH(v_g)))
            grad_a[..., :, i] = -grad_v[..., 0]
            g = g - xp.conj(scale) * (xp.unsqueeze(v, -1) * v_g)
            continue
        grad_tau[..., i] = -xp.sum(v_g * v_x, (-2, -1))
        grad_v = xp.matmul(g, xp.transpose(v_x, -1, -2)) + xp.matmul(x, xp.transpose(v_g, -1,
                                                                                       -2))
        grad_a[..., :, i] = -(scale * grad_v)[..., 0]
        g = g - scale * (xp.unsqueeze(v, -1) * v_g)
    grad_a = xp.op("tril", (grad_a,), -1)
    return grad_a, grad_tau


@_householder_product.tangent
def _(ctx, a_t, tau_t):
    """dQ = sum_i H_0 ... H_{i-1} dH_i X_{i+1}, dH_i x = -(dtau v v^T + tau dv v^T +
    tau v dv^T) x, with dv_i the tangent's column i below the diagonal."""
    a, tau = ctx.inputs
    k = tau.shape[-1]
    zeros_a = a_t is None
    a_t = xp.zeros(tuple(a.shape), like=a) if a_t is None else a_t
    tau_t = xp.zeros(tuple(tau.shape), like=tau) if tau_t is None else tau_t
    reflectors = [_reflector(a, i) for i in range(k)]
    after = [None] * k
    x = Tensor(np.array(_first_columns(a)))
    for i in reversed(range(k)):
        after[i] = x
        x = _apply_reflector(x, reflectors[i], tau[..., i])
    m = a.shape[-2]
    prefix = Tensor(np.broadcast_to(np.eye(m, dtype=a._data.dtype), tuple(a.shape[:-2])
                                    + (m, m)).copy())
    total = None
    for i in range(k):
        v, x = reflectors[i], after[i]
        if zeros_a:
            dv = xp.zeros(tuple(v.shape), like=v)
        else:
            below = Tensor((np.arange(m) > i).astype(a._data.dtype))
            dv = a_t[..., :, i] * below
        tau_i = xp.unsqueeze(xp.unsqueeze(tau[..., i], -1), -1)
        dtau_i = xp.unsqueeze(xp.unsqueeze(tau_t[..., i], -1), -1)
        v_x = xp.matmul(xp.unsqueeze(xp.conj(v), -2), x)  # v^H X
        dv_x = xp.matmul(xp.unsqueeze(xp.conj(dv), -2), x)
        v_col, dv_col = xp.unsqueeze(v, -1), xp.unsqueeze(dv, -1)
        d_hx = -(dtau_i * (v_col * v_x) + tau_i * (dv_col * v_x) + tau_i * (v_col * dv_x))
        term = xp.matmul(prefix, d_hx)
        total = term if total is None else total + term
        # prefix H_i: P - tau (P v) v^H
        prefix = prefix - tau_i * (xp.matmul(prefix, v_col) * xp.unsqueeze(xp.conj(v), -2))
    return xp.zeros(tuple(a.shape), like=a) if total is None else total


def _check_householder(input: Tensor, tau: Tensor) -> None:
    name = "torch.linalg.householder_product"
    a, t = input._data, tau._data
    if a.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if a.shape[-2] < a.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-2] must be greater than or equal to "
                           "input.shape[-1]")
    if t.ndim and a.shape[-1] < t.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-1] must be greater than or equal to "
                           "tau.shape[-1]")
    if a.ndim - t.ndim != 1:
        raise RuntimeError(f"{name}: Expected tau to have one dimension less than input, but "
                           f"got tau.ndim equal to {t.ndim} and input.ndim is equal to "
                           f"{a.ndim}")
    if a.ndim > 2 and t.shape[:-1] != a.shape[:-2]:
        raise RuntimeError(f"{name}: Expected batch dimensions of tau to be equal to "
                           f"input.shape[:-2], but got {list(t.shape[:-1])}")
    if t.dtype != a.dtype:
        raise RuntimeError(f"{name}: tau dtype {_scalar_name(tau)} does not match input dtype "
                           f"{_scalar_name(input)}")
    if a.dtype.kind not in "fc" or a.dtype == np.float16:
        raise NotImplementedError(f"\"orgqr_cpu\" not implemented for '{_scalar_name(input)}'")


def householder_product(input: Tensor, tau: Tensor) -> Tensor:
    """torch.linalg.householder_product: the first n columns of the product of the
    Householder reflectors (input's columns below the diagonal, scaled by tau)."""
    _check_householder(input, tau)
    return apply(OPS["householder_product"], (input, tau))


@public()
def orgqr(input: Tensor, tau: Tensor) -> Tensor:
    """torch.orgqr: torch.linalg.householder_product."""
    return householder_product(input, tau)

# Complex reflectors (LAPACK's zgeqrf / zungqr: H = I - tau v v^H; checked against torch:
# tests/samples/complex_linalg_more.py)
allow_complex("geqrf", "householder_product")
