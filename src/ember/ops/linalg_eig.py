"""The eigendecomposition of a general square matrix: linalg.eig and linalg.eigvals.

Both results are complex (complex64 for float32 or complex64 input, complex128 for double
precision), whatever the eigenvalues: LAPACK's geev, which NumPy and torch both call, orders
the eigenvalues and scales each eigenvector to unit length with its largest component real.
As for eigh (ops/linalg_decompositions.py), one op returns one factor (its last param says
which) and the two factors of a call share one node, torch's LinalgEigBackward0, whose
formula is torch's:

    gA = V^-H (diag(gL) + (V^H gV - V^H V Re(diag(V^H gV))) / (conj(l_j) - conj(l_i))) V^H

An eigenvector is defined up to a factor e^(i phi), so a loss that depends on that factor
(the imaginary part of diag(V^H gV) not zero) is refused, with torch's error. A real input
receives the real part of gA (the engine takes it). The formula runs on arrays; in a graph
of the backward (create_graph=True) it is one recorded op whose own derivative raises.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._dtype import NUMPY_COMPLEX_OF, scalar_type_name
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd.node import joint_node_class
from . import _xp as xp
from ._registry import OPS, OUT, SAME, declare
from .linalg_decompositions import _join_factors, _no_out
from .return_types import _return_type, return_types

__all__ = ["linalg_eig", "linalg_eigvals"]

_EIG = return_types.linalg_eig = _return_type("linalg_eig", ("eigenvalues", "eigenvectors"))
_PHASE_DEPENDENT = ("linalg_eig_backward: The eigenvectors in the complex case are specified "
                    "up to multiplication by e^{i phi}. The specified loss function depends on "
                    "this quantity, so it is ill-defined.")


def _eig_np(a: np.ndarray, values_only: bool = False) -> tuple:
    """LAPACK's eigenvalues and eigenvectors, complex always (NumPy returns real arrays when
    every eigenvalue is real). torch refuses a matrix with inf or nan, except where it
    computes eigenvalues alone (eigvals without a gradient): there LAPACK's own result,
    all nan here (torch's LAPACK keeps finite values of a triangular matrix)."""
    complex_type = NUMPY_COMPLEX_OF[a.dtype]
    if a.size and not np.isfinite(a).all():
        if not values_only:
            raise RuntimeError("torch.linalg.eig: input tensor should not contain infs or "
                               "NaNs.")
        return np.full(a.shape[:-1], complex(np.nan, np.nan), complex_type), None
    values, vectors = np.linalg.eig(a)
    return values.astype(complex_type, copy=False), vectors.astype(complex_type, copy=False)


@declare("linalg_eig", grad_fn="LinalgEigBackward0", saves=(OUT,), dtype=SAME, complex_ok=True,
         formula="A = V diag(L) V^-1: gA = V^-H (diag(gL) + (V^H gV - V^H V Re(diag(V^H gV)))"
                 " / (conj(l_j) - conj(l_i))) V^H")
def _linalg_eig(a, which, values_only=False):
    return _eig_np(a, values_only)[which]


def eig_backward(values, vectors, g_values, g_vectors):
    """torch's gradient of A from its eigenvalues' and eigenvectors' gradients (None for an
    unused one). On Tensors (a graph of the backward) it is one recorded op whose own
    derivative is not implemented (a second derivative through eig raises)."""
    if xp.is_tensor(values):
        g_values = xp.zeros_like(values) if g_values is None else g_values
        g_vectors = xp.zeros_like(vectors) if g_vectors is None else g_vectors
        return xp.op("linalg_eig_backward", (values, vectors, g_values, g_vectors))
    return _eig_backward_np(values, vectors, g_values, g_vectors)


def _eig_backward_np(values, vectors, g_values, g_vectors) -> np.ndarray:
    vectors_h = np.conj(np.swapaxes(vectors, -1, -2))
    n = values.shape[-1]
    if g_vectors is None:
        inner = np.zeros(vectors.shape, vectors.dtype)
    else:
        vhgv = vectors_h @ g_vectors
        diagonal = np.diagonal(vhgv, axis1=-2, axis2=-1)
        if not np.allclose(diagonal.imag, 0, rtol=1e-2, atol=1e-2):
            raise RuntimeError(_PHASE_DEPENDENT)
        vhgv = vhgv - vectors_h @ (vectors * diagonal.real[..., None, :])
        conj_values = np.conj(values)
        gaps = conj_values[..., None, :] - conj_values[..., :, None]
        gaps[..., np.arange(n), np.arange(n)] = 1
        inner = vhgv / gaps
    if g_values is not None:
        inner = inner + g_values[..., :, None] * np.eye(n, dtype=vectors.dtype)
    return np.linalg.solve(vectors_h, inner @ vectors_h)


@declare("linalg_eig_backward", grad_not_implemented="linalg_eig_backward", complex_ok=True)
def _linalg_eig_backward(values, vectors, g_values, g_vectors):
    return _eig_backward_np(values, vectors, g_values, g_vectors)


@declare("linalg_eig_jvp", grad_not_implemented="linalg_eig_jvp", complex_ok=True)
def _linalg_eig_jvp(t, values, vectors, which):
    """torch's tangent of the eigenvalues (which 0) or eigenvectors (1) for a tangent t of A:
    with dP = V^-1 t V, dL = diag(dP), dV = V (dP / (l_j - l_i), zero diagonal), projected
    to keep each eigenvector's length (minus V Re(diag(V^H dV)))."""
    d_p = np.linalg.solve(vectors, t @ vectors)
    if which == 0:
        return np.diagonal(d_p, axis1=-2, axis2=-1).copy()
    gaps = values[..., None, :] - values[..., :, None]
    n = values.shape[-1]
    with np.errstate(all="ignore"):
        d_x = d_p / gaps
    d_x[..., np.arange(n), np.arange(n)] = 0
    d_v = vectors @ d_x
    along = np.real(np.sum(np.conj(vectors) * d_v, axis=-2))
    return d_v - vectors * along[..., None, :]


@_linalg_eig.tangent
def _(ctx, t):
    which = ctx.params[0]
    op = OPS["linalg_eig"]
    (a,) = ctx.inputs
    values = apply(op, (a.detach(),), (0, False))
    vectors = apply(op, (a.detach(),), (1, False))
    return apply(OPS["linalg_eig_jvp"], (t, values, vectors), (which,))


def _eig_joint(node, grads):
    """The node of one call's eigenvalues and eigenvectors (autograd/node.JointNode)."""
    values, vectors = node.saved
    factors = [None, None]
    for g, (which, _) in zip(grads, node.params):
        factors[which] = g
    return (eig_backward(values, vectors, *factors),)


@_linalg_eig.backward
def _(ctx, g):
    factors = [None, None]
    factors[ctx.params[0]] = g
    values, vectors = ctx.saved
    return (eig_backward(values, vectors, *factors),)


_EIG_NODE = joint_node_class("LinalgEigBackward0", _eig_joint, _eig_joint, (_linalg_eig,))


def _eig_outputs(A: Tensor) -> tuple:
    op = OPS["linalg_eig"]
    outputs = (apply(op, (A,), (0, False)), apply(op, (A,), (1, False)))
    if outputs[0]._grad_fn is not None:
        _join_factors(outputs, _EIG_NODE)
    return outputs


def _check(A, name: str) -> None:
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    data = A._data
    if data.ndim < 2:
        raise RuntimeError(f"linalg.{name}: The input tensor A must have at least 2 "
                           "dimensions.")
    if data.shape[-1] != data.shape[-2]:
        rows, cols = data.shape[-2:]
        raise RuntimeError(f"linalg.{name}: A must be batches of square matrices, but they are "
                           f"{rows} by {cols} matrices")
    if data.dtype.kind not in "fc":  # (torch looks for the complex type of the input's)
        raise RuntimeError(f"Unknown Complex ScalarType for {scalar_type_name(data.dtype.name)}")
    if data.dtype == np.float16:
        warn_once("complex half", "ComplexHalf support is experimental and many operators "
                  "don't support it yet.")
        raise NotImplementedError("\"linalg_eig_out_cpu\" not implemented for 'Half'")


def linalg_eig(A: Tensor, *, out=None):
    """torch.linalg.eig: (eigenvalues, eigenvectors as columns), complex, of a square
    matrix (or a batch)."""
    _no_out(out)
    _check(A, "eig")
    return _EIG(_eig_outputs(A))


def linalg_eigvals(A: Tensor, *, out=None) -> Tensor:
    """torch.linalg.eigvals: the eigenvalues, complex, of a square matrix (or a batch)."""
    _no_out(out)
    _check(A, "eigvals")
    recording = A._requires_grad and is_grad_enabled()
    values = apply(OPS["linalg_eig"], (A,), (0, not recording))
    if values._grad_fn is not None:  # (torch computes and saves the eigenvectors too)
        _join_factors((values, apply(OPS["linalg_eig"], (A,), (1, False))), _EIG_NODE)
    return values
