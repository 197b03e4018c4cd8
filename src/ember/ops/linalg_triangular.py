"""torch.linalg.solve_triangular: X with A X = B (or X A = B) for a triangular A.

Only A's upper (or lower) triangle is read, and with unitriangular=True not its diagonal
either (taken as ones). The forward substitutes row by row as LAPACK's trsm does, so a zero
on the diagonal gives inf/nan as in torch instead of an error. The gradient of A keeps the
triangle that was read (a mask that selects, so an infinite gradient does not leak out of
it).
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from . import _xp as xp
from ._lapack_layout import column_major
from ._registry import OPS, OUT, SAME, allow_complex, declare
from ._registry import needs_grad as _needs
from .linalg import _matmul, _mH, _scalar_name, broadcast_batch, matmul

__all__ = ["solve_triangular"]


def _substitute(a: np.ndarray, b: np.ndarray, upper: bool, unit: bool) -> np.ndarray:
    """X with A X = B by substitution (A: (..., n, n), B: (..., n, k), batches broadcast)."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:]))
    n = a.shape[-1]
    with np.errstate(all="ignore"):  # a zero on the diagonal: inf/nan, silently as torch
        for i in (range(n - 1, -1, -1) if upper else range(n)):
            known = slice(i + 1, n) if upper else slice(0, i)
            row = x[..., i, :] - np.einsum("...j,...jk->...k", a[..., i, known], x[..., known, :])
            x[..., i, :] = row if unit else row / a[..., i, i, None]
    return x


def _solve(a, b, upper: bool, left: bool, unit: bool) -> np.ndarray:
    if left:
        return _substitute(a, b, upper, unit)
    # X A = B is A^T X^T = B^T, and A^T is triangular on the other side
    return np.swapaxes(_substitute(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2),
                                   not upper, unit), -1, -2)


@declare("solve_triangular", grad_fn="LinalgSolveTriangularBackward0", saves=(0, OUT),
         dtype=SAME, broadcasts=True,
         formula="X = A^-1 B: grad_B = A^-T g, grad_A = -(grad_B X^T) on A's triangle "
                 "(X = B A^-1: grad_B = g A^-T, grad_A = -(X^T grad_B))")
def _solve_triangular(a, b, upper, left, unit):
    return column_major(_solve(a, b, upper, left, unit))  # torch's LAPACK layout (trsm's)


@_solve_triangular.backward
def _(ctx, g):
    a, x = ctx.saved
    upper, left, unit = ctx.params
    # (complex: conjugate transposes, A^-H g and grad_B X^H)
    grad_b = xp.op("solve_triangular", (_mH(a), g), not upper, left, unit)
    grad_a = None
    if _needs(ctx, 0):
        product = _matmul(grad_b, _mH(x)) if left else _matmul(_mH(x), grad_b)
        # the triangle that was read (triu/tril set the rest to 0: an inf there is dropped)
        diagonal = (1 if upper else -1) if unit else 0
        grad_a = xp.op("triu" if upper else "tril", (-product,), diagonal)
    return grad_a, (grad_b if _needs(ctx, 1) else None)


@_solve_triangular.tangent
def _(ctx, ta, tb):
    # A X = B, so A dX = dB - dA X, dA read on the triangle only (X A = B likewise)
    a, x = ctx.inputs[0], ctx.output
    upper, left, unit = ctx.params
    rhs = tb
    if ta is not None:
        diagonal = (1 if upper else -1) if unit else 0
        ta = apply(OPS["triu" if upper else "tril"], (ta,), (diagonal,))
        da_x = matmul(ta, x) if left else matmul(x, ta)
        rhs = -da_x if rhs is None else rhs - da_x
    return apply(OPS["solve_triangular"], (a, rhs), (upper, left, unit))


def solve_triangular(A: Tensor, B: Tensor, *, upper: bool, left: bool = True,
                     unitriangular: bool = False, out=None) -> Tensor:
    """The X with A X = B (left=True) or X A = B, reading only the upper (or lower) triangle
    of A, and not its diagonal with unitriangular=True. A and B are (batches of) matrices;
    the batch dims broadcast; the result has A's dtype."""
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result "
                                  "instead")
    for name, t in (("A", A), ("B", B)):
        if not isinstance(t, Tensor):
            raise TypeError(f"linalg_solve_triangular(): argument '{name}' must be Tensor, not "
                            f"{type(t).__name__}")
    for name, t in (("A", A), ("B", B)):
        if t._data.ndim < 2:
            raise RuntimeError(f"linalg.solve_triangular: The input tensor {name} must have at "
                               "least 2 dimensions.")
    sa, sb = A._data.shape, B._data.shape
    if sa[-1] != sa[-2]:
        raise RuntimeError(f"linalg.solve_triangular: A must be batches of square matrices, but "
                           f"they are {sa[-2]} by {sa[-1]} matrices")
    if (sb[-2] if left else sb[-1]) != sa[-1]:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the "
                           f"equation {equation} ({sa[-2]}x{sa[-1]} and {sb[-2]}x{sb[-1]})")
    broadcast_batch(sb[:-2], sa[:-2])
    if A._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f"\"triangular_solve_cpu\" not implemented for "
                                  f"'{_scalar_name(A)}'")
    if B.dtype != A.dtype:  # torch solves in A's dtype
        B = B.to(A.dtype)
    return apply(OPS["solve_triangular"], (A, B), (bool(upper), bool(left), bool(unitriangular)))


# Complex triangular systems: substitution as for real ones, gradients with A^H and X^H
# (checked against torch: tests/samples/complex_leftovers.py)
allow_complex("solve_triangular")
