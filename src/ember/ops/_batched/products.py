"""Batched rules for matrix products: mm, addmm, matmul, bmm, mv, dot, trace."""

from __future__ import annotations

import numpy as np

from .._registry import needs_grad as _needs
from ..linalg import _matmul_grad_input as matmul_grad_input
from ..linalg import kept_operands
from ._common import _batch, rule


def _times_right(g: np.ndarray, m: np.ndarray) -> np.ndarray:
    """g (B, n, k) @ m (k, p) as one matrix product of (B*n, k) rows: one BLAS call
    instead of B small ones."""
    batch, n, k = g.shape
    return (np.reshape(g, (batch * n, k)) @ m).reshape(batch, n, m.shape[1])


def _times_left(m: np.ndarray, g: np.ndarray) -> np.ndarray:
    """m (p, n) @ g (B, n, k), as (g^T m^T)^T with the batch folded into the rows."""
    batch, n, k = g.shape
    folded = np.reshape(np.swapaxes(g, 1, 2), (batch * k, n)) @ m.T
    return np.swapaxes(folded.reshape(batch, k, m.shape[0]), 1, 2)


@rule("mm")
def _(ctx, g):
    a, b = ctx.saved
    grad_a = _times_right(g, b.T) if _needs(ctx, 0) else None
    grad_b = _times_left(a.T, g) if _needs(ctx, 1) else None
    return grad_a, grad_b


@rule("addmm")
def _(ctx, g):
    a, b = ctx.saved
    beta, alpha = ctx.params[:2]
    scaled = g if alpha == 1 else g * alpha
    grad_c = (g if beta == 1 else g * beta) if _needs(ctx, 0) else None
    grad_a = _times_right(scaled, b.T) if _needs(ctx, 1) else None
    grad_b = _times_left(a.T, scaled) if _needs(ctx, 2) else None
    return grad_c, grad_a, grad_b


@rule("matmul")
def _(ctx, g):
    a, b = kept_operands(ctx, g.shape[1:])
    grad_a = matmul_grad_input(g, a, b) if _needs(ctx, 0) else None  # batch-safe as it is
    grad_b = None
    if _needs(ctx, 1):
        k = a.shape[-1]
        if b.ndim == 1:  # a's batch folded into rows, per row of g
            grad_b = np.reshape(g, (_batch(g), -1)) @ np.reshape(a, (-1, k))
        elif b.ndim == 2 and a.ndim >= 2:
            grad_b = _times_left(np.reshape(a, (-1, k)).T,
                                 np.reshape(g, (_batch(g), -1, g.shape[-1])))
        else:
            grad_b = np.matmul(np.swapaxes(a, -1, -2) if a.ndim > 1 else a[:, None],
                               g if a.ndim > 1 else g[..., None, :])
    return grad_a, grad_b


@rule("dot", "vdot")
def _(ctx, g):
    a, b = ctx.saved
    g = np.reshape(g, (_batch(g), 1))
    return (g * b if _needs(ctx, 0) else None), (g * a if _needs(ctx, 1) else None)


@rule("mv")
def _(ctx, g):
    a, v = ctx.saved
    grad_a = g[:, :, None] * v if _needs(ctx, 0) else None  # outer(g, v) per row
    grad_v = g @ a if _needs(ctx, 1) else None
    return grad_a, grad_v


@rule("bmm")
def _(ctx, g):
    a, b = ctx.saved
    grad_a = np.matmul(g, np.swapaxes(b, -1, -2)) if _needs(ctx, 0) else None
    grad_b = np.matmul(np.swapaxes(a, -1, -2), g) if _needs(ctx, 1) else None
    return grad_a, grad_b


@rule("trace")
def _(ctx, g):
    (shape,) = ctx.params
    return (g[:, None, None] * np.eye(*shape, dtype=g.dtype),)
