"""The scatters into views: slice_scatter, select_scatter and diagonal_scatter.

Each returns a copy of its input (in the input's layout, as torch's clone) with `src` written
into the part that slice / select / diagonal would view. Their gradients are the view of
the gradient for `src` and the gradient with that part zeroed for the input (the same
scatter, of zeros), so higher derivatives come from the same two ops, as in torch
(SliceScatterBackward0, SelectScatterBackward0, DiagonalScatterBackward0).
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._dims import wrap_dim
from ._registry import OPS, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .shape_parts import _index_value, _region, diagonal_view, selected_position


def _copied(x: np.ndarray) -> np.ndarray:
    """x copied in its own memory order (torch's clone keeps a dense input's strides)."""
    return np.array(x, order="K", copy=True)


def _scattered(name: str, g, src_shape: tuple, params: tuple):
    """g with the part the scatter writes set to zero (torch's scatter of zeros_like(src))."""
    return xp.op(name, (g, xp.zeros(src_shape, like=g)), *params)


# ---------------------------------------------------------------------- slice_scatter
@declare("slice_scatter", grad_fn="SliceScatterBackward0", dtype=SAME,
         formula="d/dx: the gradient with the slice zeroed; d/dsrc: the slice of the gradient")
def _slice_scatter(x, src, dim, start, stop, step):
    out = _copied(x)
    out[_region(dim, slice(start, stop, step))] = src
    return out


@_slice_scatter.backward
def _(ctx, g):
    dim, start, stop, step = ctx.params
    shape = tuple(g.shape)
    region = shape[:dim] + (len(range(start, stop, step)),) + shape[dim + 1:]
    grad_x = _scattered("slice_scatter", g, region, ctx.params) if _needs(ctx, 0) else None
    grad_src = xp.view("slice", g, dim, start, stop, step, shape) if _needs(ctx, 1) else None
    return grad_x, grad_src


_slice_scatter.tangent(_fw.linear)


def _slice_bound(value, size: int, default: int) -> int:
    """A slice bound as torch normalises it: None is the default, negatives count from the
    end, and the result is clamped to [0, size]."""
    if value is None:
        return default
    value = _index_value(value)
    if value < 0:
        value += size
    return min(max(value, 0), size)


def slice_window(shape: tuple, dim, start, end, step) -> tuple[int, int, int, int]:
    """(dim, first, stop, step) of torch's slice of a tensor of `shape` (slice_scatter's,
    slice_copy's): the dim wrapped, the bounds normalised, the step positive."""
    if not shape:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, len(shape))
    step = _index_value(step)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    first = _slice_bound(start, shape[d], 0)
    return d, first, max(_slice_bound(end, shape[d], shape[d]), first), step


def refuse_complex_gradient(name: str, *inputs: Tensor) -> None:
    """torch's refusal to record `name` on complex values (it has no complex formula for
    slice_scatter, select_scatter, select_copy and slice_copy: their forward without a
    gradient runs)."""
    if inputs[0]._data.dtype.kind == "c" and is_grad_enabled() and any(
            isinstance(t, Tensor) and t.requires_grad for t in inputs):
        raise RuntimeError(f"{name} does not support automatic differentiation for outputs "
                           "with complex dtype.")


def _check_src(src: Tensor, expected: tuple) -> None:
    if tuple(src._data.shape) != tuple(expected):
        raise RuntimeError("expected src to have a size equal to the slice of self. src size "
                           f"= {list(src._data.shape)}, slice size = {list(expected)}")


@public()
def slice_scatter(input: Tensor, src: Tensor, dim: int = 0, start=None, end=None,
                  step: int = 1) -> Tensor:
    """A copy of input with src written into input[..., start:end:step, ...] at `dim`."""
    history_first(input)
    d, begin, stop, step = slice_window(input._data.shape, dim, start, end, step)
    _check_src(src, input._data[_region(d, slice(begin, stop, step))].shape)
    refuse_complex_gradient("slice_scatter", input, src)
    return apply(OPS["slice_scatter"], (input, src), (d, begin, stop, step))


# ---------------------------------------------------------------------- select_scatter
@declare("select_scatter", grad_fn="SelectScatterBackward0", dtype=SAME,
         formula="d/dx: the gradient with the slice zeroed; d/dsrc: the selected slice of "
                 "the gradient")
def _select_scatter(x, src, dim, index):
    out = _copied(x)
    out[_region(dim, index)] = src
    return out


@_select_scatter.backward
def _(ctx, g):
    dim, index = ctx.params
    shape = tuple(g.shape)
    region = shape[:dim] + shape[dim + 1:]
    grad_x = _scattered("select_scatter", g, region, ctx.params) if _needs(ctx, 0) else None
    grad_src = xp.view("select", g, dim, index, shape) if _needs(ctx, 1) else None
    return grad_x, grad_src


_select_scatter.tangent(_fw.linear)


@public()
def select_scatter(input: Tensor, src: Tensor, dim: int, index: int) -> Tensor:
    """A copy of input with src written into the slice input.select(dim, index)."""
    history_first(input)
    shape = input._data.shape
    d, i = selected_position(shape, dim, index)
    _check_src(src, shape[:d] + shape[d + 1:])
    refuse_complex_gradient("select_scatter", input, src)
    return apply(OPS["select_scatter"], (input, src), (d, i))


# ---------------------------------------------------------------------- diagonal_scatter
@declare("diagonal_scatter", grad_fn="DiagonalScatterBackward0", dtype=SAME,
         formula="d/dx: the gradient with the diagonal zeroed; d/dsrc: the diagonal of the "
                 "gradient")
def _diagonal_scatter(x, src, offset, dim1, dim2):
    out = _copied(x)
    diagonal_view(out, offset, dim1, dim2)[...] = src
    return out


@_diagonal_scatter.backward
def _(ctx, g):
    offset, dim1, dim2 = ctx.params
    shape = tuple(g.shape)
    region = diagonal_view(np.empty(shape, np.bool_), offset, dim1, dim2).shape
    grad_x = _scattered("diagonal_scatter", g, region, ctx.params) if _needs(ctx, 0) else None
    grad_src = xp.view("diagonal", g, offset, dim1, dim2, shape) if _needs(ctx, 1) else None
    return grad_x, grad_src


_diagonal_scatter.tangent(_fw.linear)


@public()
def diagonal_scatter(input: Tensor, src: Tensor, offset: int = 0, dim1: int = 0,
                     dim2: int = 1) -> Tensor:
    """A copy of input with src written into its diagonal input.diagonal(offset, dim1, dim2)."""
    history_first(input)
    ndim = input._data.ndim
    d1, d2 = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    _check_src(src, diagonal_view(input._data, offset, d1, d2).shape)
    return apply(OPS["diagonal_scatter"], (input, src), (offset, d1, d2))


# ---------------------------------------------------------------------- batched gradients
# (g has a leading batch dim: every dim of the op moves one place right)
def _batched_parts(ctx, g, region_of):
    grad_x = grad_src = None
    if _needs(ctx, 0):
        grad_x = g.copy()
        region_of(grad_x)[...] = 0
    if _needs(ctx, 1):
        grad_src = region_of(g)
    return grad_x, grad_src


@_batched_rule("slice_scatter")
def _(ctx, g):
    dim, start, stop, step = ctx.params
    return _batched_parts(ctx, g, lambda a: a[_region(dim + 1, slice(start, stop, step))])


@_batched_rule("select_scatter")
def _(ctx, g):
    dim, index = ctx.params
    return _batched_parts(ctx, g, lambda a: a[_region(dim + 1, index)])


@_batched_rule("diagonal_scatter")
def _(ctx, g):
    offset, dim1, dim2 = ctx.params
    return _batched_parts(ctx, g, lambda a: diagonal_view(a, offset, dim1 + 1, dim2 + 1))

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("slice_scatter", "select_scatter", "diagonal_scatter")
