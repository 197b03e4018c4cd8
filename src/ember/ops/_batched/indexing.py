"""Batched rules for indexing: x[idx] and its backward, take, masked ops, index_*,
gather/scatter, sort/topk."""

from __future__ import annotations

import numpy as np

from .._registry import needs_grad as _needs
from ._common import Decline, _batch, rule


def _batched_index(index) -> tuple[tuple, int | None]:
    """A NumPy index of slices and int arrays, for a batched array; and, when its arrays
    are not next to each other (NumPy then puts their dims first, before the batch dim),
    how many dims they give."""
    parts = index if type(index) is tuple else (index,)
    if not all(isinstance(p, (slice, np.ndarray)) for p in parts):
        raise Decline
    arrays = [i for i, p in enumerate(parts) if isinstance(p, np.ndarray)]
    if arrays and arrays[-1] - arrays[0] + 1 != len(arrays):
        lead = len(np.broadcast_shapes(*[parts[i].shape for i in arrays]))
        return (slice(None),) + parts, lead
    return (slice(None),) + parts, None


def _scatter_added(g, index, input_shape: tuple) -> np.ndarray:
    """g (B, *x[index].shape) added into zeros (B, *input_shape) at index."""
    bindex, lead = _batched_index(index)
    out = np.zeros((_batch(g),) + tuple(input_shape), g.dtype)
    np.add.at(out, bindex, g if lead is None else np.moveaxis(g, 0, lead))
    return out


def _indexed(g, index) -> np.ndarray:
    """g[index] for g (B, *shape): (B, *x[index].shape)."""
    bindex, lead = _batched_index(index)
    picked = g[bindex]
    return picked if lead is None else np.moveaxis(picked, lead, 0)


@rule("index", declines=True)
def _(ctx, g):
    return (_scatter_added(g, *ctx.params),)


@rule("index_backward", declines=True)
def _(ctx, g):
    return (_indexed(g, ctx.params[0]),)


@rule("take")
def _(ctx, g):
    _, positions, input_shape = ctx.params
    grad = _scatter_added(g, positions, input_shape or (1,))
    return (grad if input_shape else grad.reshape(grad.shape[:1]),)


@rule("masked_select")
def _(ctx, g):
    mask, shape = ctx.params
    return (_scatter_added(g, np.nonzero(mask), shape),)


def _along(dim: int, index) -> tuple:
    """index at dim `dim` of a batched array."""
    return (slice(None),) * (dim + 1) + (index,)


def _as_1d_batched(g) -> np.ndarray:
    """A batch of 0-d values as a batch of 1-d ones (the ops below read 0-d as 1-d)."""
    return np.reshape(g, (_batch(g), 1)) if g.ndim == 1 else g


@rule("index_select")
def _(ctx, g):
    dim, index, input_shape = ctx.params
    if not input_shape:
        return (g,)
    out = np.zeros((_batch(g),) + tuple(input_shape), g.dtype)
    np.add.at(out, _along(dim, index), g)
    return (out,)


@rule("index_add")
def _(ctx, g):
    dim, index, alpha = ctx.params
    grad_source = None
    if _needs(ctx, 1):
        grad_source = _as_1d_batched(g)[_along(dim, index)]
        if alpha != 1:
            grad_source = grad_source * alpha
    return g, grad_source


def _zeroed_along(g, dim: int, index) -> np.ndarray:
    out = _as_1d_batched(g).copy()
    out[_along(dim, index)] = 0
    return out.reshape(g.shape)


@rule("index_fill")
def _(ctx, g):
    dim, index, _ = ctx.params
    return (_zeroed_along(g, dim, index),)


@rule("index_fill_tensor")
def _(ctx, g):
    dim, index = ctx.params
    grad_x = _zeroed_along(g, dim, index) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):  # each filled position once, however often the index repeats it
        filled = _as_1d_batched(g)[_along(dim, np.unique(index))]
        grad_value = _sum_per_row(filled)
    return grad_x, grad_value


def _sum_per_row(g) -> np.ndarray:
    """Every element of each row summed: shape (B,)."""
    return np.sum(np.reshape(g, (_batch(g), -1)), axis=1)


@rule("masked_fill_tensor")
def _(ctx, g):
    mask = ctx.params[0]
    grad_x = np.where(mask, g.dtype.type(0), g) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):
        grad_value = _sum_per_row(np.where(mask, g, g.dtype.type(0)))
    return grad_x, grad_value


@rule("fill_tensor", "fill_index")
def _(ctx, g):
    grad_x = np.zeros_like(g) if _needs(ctx, 0) else None
    return grad_x, (_sum_per_row(g) if _needs(ctx, 1) else None)


def _grid(index: np.ndarray, dim: int) -> tuple:
    """The NumPy index of gather/scatter for a batched array: `index` along dim + 1, each
    position elsewhere (the batch dim taken whole)."""
    index = index.reshape(1) if index.ndim == 0 else index
    parts = []
    for axis, size in enumerate(index.shape):
        shape = [1] * index.ndim
        shape[axis] = size
        parts.append(index if axis == dim else np.arange(size).reshape(shape))
    return (slice(None),) + tuple(parts)


def _gathered(g, dim: int, index: np.ndarray) -> np.ndarray:
    return _as_1d_batched(g)[_grid(index, dim)].reshape((_batch(g),) + index.shape)


def _padded(grad, shape: tuple) -> np.ndarray:
    """A gradient for the leading part of a larger input, zero-padded to (B, *shape)."""
    if grad.shape[1:] == tuple(shape):
        return grad
    out = np.zeros((_batch(grad),) + tuple(shape), grad.dtype)
    out[tuple(slice(0, n) for n in grad.shape)] = grad
    return out


@rule("gather")
def _(ctx, g):
    dim, index, input_shape = ctx.params
    out = np.zeros((_batch(g),) + (tuple(input_shape) or (1,)), g.dtype)
    index1 = index.reshape(1) if index.ndim == 0 else index
    np.add.at(out, _grid(index, dim), np.reshape(g, (_batch(g),) + index1.shape))
    return (out.reshape((_batch(g),) + tuple(input_shape)),)


def _written_zeroed(g, dim: int, index: np.ndarray) -> np.ndarray:
    out = _as_1d_batched(g).copy()
    out[_grid(index, dim)] = 0
    return out.reshape(g.shape)


@rule("scatter", "scatter_add")
def _(ctx, g):
    dim, index, src_shape = ctx.params
    grad_x = None
    if _needs(ctx, 0):
        grad_x = g if ctx.op.name == "scatter_add" else _written_zeroed(g, dim, index)
    grad_src = _padded(_gathered(g, dim, index), src_shape) if _needs(ctx, 1) else None
    return grad_x, grad_src


@rule("scatter_value")
def _(ctx, g):
    dim, index, _ = ctx.params
    return (_written_zeroed(g, dim, index),)


@rule("sort", "topk")
def _(ctx, g):
    dim, indices, input_shape = ctx.params
    if not input_shape:
        return (g,)
    out = np.zeros((_batch(g),) + tuple(input_shape), g.dtype)
    out[_grid(indices, dim)] = g  # distinct along dim: writing equals adding
    return (out,)
