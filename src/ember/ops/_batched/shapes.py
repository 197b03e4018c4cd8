"""Batched rules for shapes and views: reshape, permute, expand, select/slice, stack/cat,
diagonals, writes through views and indices."""

from __future__ import annotations

import math

import numpy as np

from .._registry import needs_grad as _needs
from ..indexing import _region as steps_region
from ..shape_copies import repeat_layout
from ..shape_parts import diagonal_view
from ..shape_strided import _positions as strided_positions
from ._common import Decline, _batch, batched_formula, rule, sum_below_batch
from .indexing import _batched_index, _indexed, _scatter_added


@rule("view", "reshape_alias", "unsafe_view", "view_copy")
def _(ctx, g):
    input_shape = ctx.params[-1]
    return (np.reshape(g, (_batch(g),) + tuple(input_shape)),)


@rule("expand", "expand_copy")
def _(ctx, g):
    return (sum_below_batch(g, tuple(ctx.params[-1])),)


@rule("permute", "permute_copy")
def _(ctx, g):
    (dims,) = ctx.params
    inverse = np.argsort(dims)
    return (np.transpose(g, (0,) + tuple(int(d) + 1 for d in inverse)),)


@rule("transpose", "transpose_inplace", "transpose_copy")
def _(ctx, g):
    dim0, dim1 = ctx.params
    ndim = g.ndim - 1
    return (np.swapaxes(g, dim0 % ndim + 1 if ndim else 0, dim1 % ndim + 1 if ndim else 0),)


@rule("t", "t_inplace", "t_copy")
def _(ctx, g):
    return (np.swapaxes(g, 1, 2) if g.ndim == 3 else g,)


@rule("unsqueeze", "unsqueeze_inplace", "unsqueeze_copy")
def _(ctx, g):
    (dim,) = ctx.params
    return (np.squeeze(g, axis=dim % (g.ndim - 1) + 1),)


@rule("squeeze", "squeeze_dim", "squeeze_inplace", "squeeze_dim_inplace", "squeeze_copy",
      "squeeze_dim_copy")
def _(ctx, g):
    shape = ctx.params[-1]
    return (np.reshape(g, (_batch(g),) + tuple(shape)),)


@rule("flip")
def _(ctx, g):
    return (np.flip(g, tuple(d + 1 for d in ctx.params[0])),)


@rule("roll")
def _(ctx, g):
    shifts, dims = ctx.params
    if dims is None:  # a roll of the flattened tensor
        return (np.roll(np.reshape(g, (_batch(g), -1)), -shifts, 1).reshape(g.shape),)
    return (np.roll(g, tuple(-s for s in shifts), tuple(d + 1 for d in dims)),)


@rule("repeat")
def _(ctx, g):
    repeats, input_shape = ctx.params
    if not repeats:
        return (g,)
    split, copies = repeat_layout(repeats, input_shape, lead=(_batch(g),))
    summed = np.sum(np.reshape(g, split), axis=copies)
    return (np.reshape(summed, (_batch(g),) + tuple(input_shape)),)


@rule("diagonal", "diag_copy")
def _(ctx, g):
    offset, dim1, dim2, input_shape = ctx.params
    out = np.zeros((_batch(g),) + tuple(input_shape), g.dtype)
    diagonal_view(out, offset, dim1 + 1, dim2 + 1)[...] = g
    return (out,)


@rule("diagonal_backward")
def _(ctx, g):
    offset, dim1, dim2, _ = ctx.params
    return (diagonal_view(g, offset, dim1 + 1, dim2 + 1).copy(),)


@rule("diag_embed")
def _(ctx, g):
    return (diagonal_view(g, ctx.params[0], 1, 2).copy(),)


@rule("as_strided", "as_strided_copy")
def _(ctx, g):
    size, stride, offset, layout, input_shape = ctx.params
    numel = math.prod(input_shape)
    positions = strided_positions(input_shape, layout, offset, size, stride)
    flat = _scatter_added(g, (positions,), (numel,))
    return (np.reshape(flat, (_batch(g),) + tuple(input_shape)),)


@rule("copy_slices_strided", declines=True)
def _(ctx, g):
    size, stride, offset, layout = ctx.params[:4]
    flat = np.reshape(g, (_batch(g), -1))
    positions = strided_positions(g.shape[1:], layout, offset, size, stride)
    if len(ctx.params) > 5:  # holding the in-place op's node: its formula on the window
        if all(size) and any(s == 0 and n > 1 for s, n in zip(stride, size)):
            raise Decline  # (the per-row formula raises torch's error)
        return _through_the_write(ctx, flat, positions, tuple(size), g.shape)
    grad_base = grad_value = None
    if _needs(ctx, 0):
        grad_base = flat.copy()
        grad_base[:, positions] = 0
        grad_base = grad_base.reshape(g.shape)
    if _needs(ctx, 1):
        grad_value = flat[:, positions]
    return grad_base, grad_value


def _through_the_write(ctx, flat: np.ndarray, positions: np.ndarray, size: tuple,
                       shape: tuple) -> tuple:
    """The batched backward of a CopySlices node that holds the in-place op's node (ops/
    shape_strided.py): that node's batched formula on the view's part of each row."""
    fn_node = ctx.params[5]
    formula = batched_formula(fn_node.op) if (
        fn_node._plain_backward and getattr(fn_node, "op", None) is not None) else None
    if formula is None:
        raise Decline
    batch = flat.shape[0]
    grads = tuple(formula(fn_node, flat[:, positions].reshape((batch,) + size)))
    grad_base = None
    if _needs(ctx, 0):
        grad_base = flat.copy()
        old_view = grads[0] if grads else None
        grad_base[:, positions] = 0 if old_view is None else np.broadcast_to(
            old_view, (batch,) + size)
        grad_base = grad_base.reshape(shape)
    return (grad_base, *grads[1:])


def _shifted(steps: list) -> list:
    """An index's basic steps (select, slice, unsqueeze at a dim) for a batched array."""
    return [(step[0], step[1] + 1) + tuple(step[2:]) for step in steps]


def _value_grad(region, value_shape: tuple) -> np.ndarray:
    """The gradient of a value broadcast into a region (torch first drops the value's
    leading size-1 dims)."""
    stripped = tuple(value_shape)
    while stripped and stripped[0] == 1:
        stripped = stripped[1:]
    return np.reshape(sum_below_batch(region, stripped), (_batch(region),) + tuple(value_shape))


@rule("copy_slices")
def _(ctx, g):
    steps, value_shape = ctx.params
    steps = _shifted(steps)
    grad_x = grad_value = None
    if _needs(ctx, 0):
        grad_x = g.copy()
        steps_region(grad_x, steps)[...] = 0
    if _needs(ctx, 1):
        grad_value = _value_grad(steps_region(g, steps), value_shape)
    return grad_x, grad_value


@rule("index_put", "index_put_slices", declines=True)
def _(ctx, g):
    steps, index, value_shape = ctx.params
    steps = _shifted(steps)
    grad_x = grad_value = None
    if _needs(ctx, 0):
        grad_x = g.copy()
        steps_region(grad_x, steps)[_batched_index(index)[0]] = 0
    if _needs(ctx, 1):
        grad_value = _value_grad(_indexed(steps_region(g, steps), index), value_shape)
    return grad_x, grad_value


def _region(dim: int, index) -> tuple:
    """The index of `index` at dim `dim` of a batched array (the batch is dim 0)."""
    return (slice(None),) * (dim + 1) + (index, Ellipsis)


def _placed(g, dim: int, index, input_shape: tuple) -> np.ndarray:
    out = np.zeros((_batch(g),) + tuple(input_shape), g.dtype)
    out[_region(dim, index)] = g
    return out


@rule("select", "unbind", "select_copy", "unbind_copy")
def _(ctx, g):
    dim, index, input_shape = ctx.params
    return (_placed(g, dim, index, input_shape),)


@rule("select_backward")
def _(ctx, g):
    dim, index, _ = ctx.params
    return (g[_region(dim, index)],)


@rule("slice", "split", "split_with_sizes", "slice_copy", "split_copy",
      "split_with_sizes_copy", "narrow_copy")
def _(ctx, g):
    dim, start, stop, step, input_shape = ctx.params
    return (_placed(g, dim, slice(start, stop, step), input_shape),)


@rule("slice_backward")
def _(ctx, g):
    dim, start, stop, step, _ = ctx.params
    return (g[_region(dim, slice(start, stop, step))],)


@rule("stack")
def _(ctx, g):
    (dim,) = ctx.params
    return tuple(g[_region(dim, i)] if _needs(ctx, i) else None
                 for i in range(len(ctx._next_nodes)))


@rule("cat")
def _(ctx, g):
    dim, sizes = ctx.params
    grads, offset = [], 0
    for i, size in enumerate(sizes):
        if size is None:  # a skipped empty 1-d input
            grads.append(None)
            continue
        grads.append(g[_region(dim, slice(offset, offset + size))] if _needs(ctx, i) else None)
        offset += size
    return tuple(grads)
