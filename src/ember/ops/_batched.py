"""Backward formulas for a batch of gradients: many cotangents pushed through a graph at once.

A Jacobian is one vector-Jacobian product per output element. Rather than one backward pass
per row, `autograd/batched.py` pushes all rows through the graph together: every gradient
array gets a leading batch dimension. For most ops nothing changes: an elementwise formula
(`g * cos(x)`) broadcasts a gradient of shape (B, *out) against saved values of shape
(*out) as it is, and the engine undoes broadcasting below the batch dimension. Only
formulas that address dimensions or shapes must know about the batch; they are written
again here, for arrays only, with every dimension moved one place to the right.

`batched_formula(op)` says how an op's gradient is batched: its own formula (elementwise
ops with array formulas), a rule from this module, or None (the Jacobian then falls back to
one backward pass per row). tests/test_batched_jacobians.py compares the batched and the
per-row results for every op of the table.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable

import numpy as np

from ._registry import OPS
from ._registry import needs_grad as _needs
from .indexing import _region as steps_region
from .linalg import _einsum_operand_grad as einsum_operand_grad
from .linalg import _matmul_grad_input as matmul_grad_input
from .reduction_cumulative import _cumprod_grad
from .shape_parts import diagonal_view
from .shape_strided import _positions as strided_positions

__all__ = ["batched_formula", "Decline", "DECLINING", "ELEMENTWISE_MODULES", "ELEMENTWISE_OPS",
           "FROM_THE_END_OPS", "RULES"]

# Modules whose ops are all elementwise, and elementwise ops of other modules: their
# formulas only combine same-shaped (or broadcast) values, so a leading batch dimension on
# the gradient passes through them.
ELEMENTWISE_MODULES = {"ember.ops.pointwise", "ember.ops.pointwise_unary",
                       "ember.ops.pointwise_binary", "ember.ops.nn_activation"}
ELEMENTWISE_OPS = {"logsigmoid", "softplus", "gelu", "clone", "to_dtype", "alias", "masked_fill",
                   "mul_scalar", "div_scalar", "prelu", "rrelu_with_noise",
                   "rrelu_with_noise_inplace", "fill", "zero", "random_fill", "copy"}
# Ops whose formulas address dims only from the end (the matrix dims of linear algebra, the
# triangles), which a leading batch dim leaves where they are.
FROM_THE_END_OPS = {"tril", "triu", "det", "inverse", "solve"}


class Decline(Exception):
    """Raised by a rule for a case it does not handle: the Jacobian falls back to one
    backward pass per row."""

RULES: dict[str, Callable] = {}
DECLINING: set[str] = set()  # ops whose rule declines some cases (raises Decline)


def rule(*names: str, declines: bool = False):
    """Register a batched formula (ctx, g) -> input gradients, g of shape (B, *out);
    `declines` when it raises Decline for cases it leaves to the per-row pass."""
    def register(fn: Callable) -> Callable:
        for name in names:
            RULES[name] = fn
            if declines:
                DECLINING.add(name)
        return fn
    return register


def batched_formula(op) -> Callable | None:
    """The formula that takes a batch of gradients for `op`, or None if there is none."""
    found = RULES.get(op.name)
    if found is not None:
        return found
    fn = op.backward_fn
    if fn is not None and op.formula_takes_arrays and (
            fn.__module__ in ELEMENTWISE_MODULES or op.name in ELEMENTWISE_OPS
            or op.name in FROM_THE_END_OPS):
        return fn
    return None


def _batch(g) -> int:
    return g.shape[0]


def _spread(g, keep_shape: tuple, shape: tuple) -> np.ndarray:
    """g (B, *keep_shape) broadcast to (B, *shape), keep_shape being shape with reduced
    dims of size 1."""
    return np.broadcast_to(np.reshape(g, (_batch(g),) + keep_shape), (_batch(g),) + shape)


def _kept(shape: tuple, dims: tuple) -> tuple:
    return tuple(1 if i in dims else s for i, s in enumerate(shape))


def sum_below_batch(g: np.ndarray, shape: tuple) -> np.ndarray:
    """g (B, *big) summed to (B, *shape), `shape` being what was broadcast to `big`."""
    lead = g.ndim - 1 - len(shape)
    dims = tuple(range(1, 1 + lead)) + tuple(
        1 + lead + i for i, size in enumerate(shape) if size == 1 and g.shape[1 + lead + i] != 1)
    if dims:
        g = np.sum(g, axis=dims, keepdims=True).reshape((_batch(g),) + tuple(shape))
    return g


# ---------------------------------------------------------------------- reductions
@rule("sum")
def _(ctx, g):
    (shape,) = ctx.params
    return (_spread(g, (1,) * len(shape), shape),)


@rule("mean")
def _(ctx, g):
    (shape,) = ctx.params
    return (_spread(g / math.prod(shape), (1,) * len(shape), shape),)


@rule("sum_dim")
def _(ctx, g):
    shape, dims, _ = ctx.params
    return (_spread(g, _kept(shape, dims), shape),)


@rule("mean_dim")
def _(ctx, g):
    shape, dims, _ = ctx.params
    count = math.prod(shape[d] for d in dims) if dims else 1
    return (_spread(g / count, _kept(shape, dims), shape),)


@rule("sum_to_size")
def _(ctx, g):
    shape, input_shape = ctx.params
    lead = (1,) * (len(input_shape) - len(shape))  # dims the sum removed
    return (np.broadcast_to(np.reshape(g, (_batch(g),) + lead + tuple(shape)),
                            (_batch(g),) + tuple(input_shape)),)


# Reductions whose gradient is the output gradient spread over the reduced dims times a
# factor of the saved values (prod, the extremes, logsumexp, norms, var/std): the factor is
# the op's own formula applied to a gradient of ones, computed once for the whole batch.
_REDUCED_DIMS: dict[str, Callable] = {
    "prod": lambda params, ndim: range(ndim),
    "max": lambda params, ndim: range(ndim),
    "min": lambda params, ndim: range(ndim),
    "median": lambda params, ndim: range(ndim),
    "prod_dim": lambda params, ndim: (params[0],),
    "max_dim": lambda params, ndim: (params[0],),
    "min_dim": lambda params, ndim: (params[0],),
    "median_dim": lambda params, ndim: (params[0],),
    "kthvalue": lambda params, ndim: (params[0],),
    "amax": lambda params, ndim: params[0],
    "amin": lambda params, ndim: params[0],
    "logsumexp": lambda params, ndim: params[0],
    "var": lambda params, ndim: params[0],
    "std": lambda params, ndim: params[0],
    "norm": lambda params, ndim: params[1],
    "norm_dim": lambda params, ndim: params[1],
}


@rule(*_REDUCED_DIMS)
def _(ctx, g):
    (factor,) = ctx.op.backward_fn(ctx, np.ones(g.shape[1:], g.dtype))
    if factor is None:  # the 0-"norm": no gradient
        return (None,)
    shape = factor.shape
    dims = tuple(_REDUCED_DIMS[ctx.op.name](ctx.params, len(shape)))
    return (_spread(g, _kept(shape, dims), shape) * factor,)


@rule("cumsum")
def _(ctx, g):
    dim, reverse = ctx.params
    if g.ndim == 1:  # a 0-d input
        return (g,)
    return (OPS["cumsum"].forward(g, dim + 1, not reverse),)


@rule("cumprod")
def _(ctx, g):
    x, out = ctx.saved
    if x.ndim == 0:
        return (g,)
    # The formula addresses its dim in g and in the saved values alike: counted from the
    # end, it is the same axis in both.
    return (_cumprod_grad(g, x, out, ctx.params[0] - x.ndim, exact=True),)


# ---------------------------------------------------------------------- shapes and views
@rule("view", "unsafe_view")
def _(ctx, g):
    input_shape = ctx.params[-1]
    return (np.reshape(g, (_batch(g),) + tuple(input_shape)),)


@rule("expand")
def _(ctx, g):
    return (sum_below_batch(g, tuple(ctx.params[-1])),)


@rule("permute")
def _(ctx, g):
    (dims,) = ctx.params
    inverse = np.argsort(dims)
    return (np.transpose(g, (0,) + tuple(int(d) + 1 for d in inverse)),)


@rule("transpose", "transpose_inplace")
def _(ctx, g):
    dim0, dim1 = ctx.params
    ndim = g.ndim - 1
    return (np.swapaxes(g, dim0 % ndim + 1 if ndim else 0, dim1 % ndim + 1 if ndim else 0),)


@rule("t", "t_inplace")
def _(ctx, g):
    return (np.swapaxes(g, 1, 2) if g.ndim == 3 else g,)


@rule("unsqueeze", "unsqueeze_inplace")
def _(ctx, g):
    (dim,) = ctx.params
    return (np.squeeze(g, axis=dim % (g.ndim - 1) + 1),)


@rule("squeeze", "squeeze_dim", "squeeze_inplace", "squeeze_dim_inplace")
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
    padded = (1,) * (len(repeats) - len(input_shape)) + tuple(input_shape)
    # Each dim of the result is (copy, position): split them apart and sum over the copies.
    interleaved = tuple(n for pair in zip(repeats, padded) for n in pair)
    copies = tuple(range(1, 1 + 2 * len(repeats), 2))
    summed = np.sum(np.reshape(g, (_batch(g),) + interleaved), axis=copies)
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


@rule("as_strided")
def _(ctx, g):
    size, stride, offset, input_shape = ctx.params
    numel = math.prod(input_shape)
    flat = _scatter_added(g, (strided_positions(numel, offset, size, stride),), (numel,))
    return (np.reshape(flat, (_batch(g),) + tuple(input_shape)),)


@rule("copy_slices_strided")
def _(ctx, g):
    size, stride, offset, _ = ctx.params
    flat = np.reshape(g, (_batch(g), -1))
    positions = strided_positions(flat.shape[1], offset, size, stride)
    grad_base = grad_value = None
    if _needs(ctx, 0):
        grad_base = flat.copy()
        grad_base[:, positions] = 0
        grad_base = grad_base.reshape(g.shape)
    if _needs(ctx, 1):
        grad_value = flat[:, positions]
    return grad_base, grad_value


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


@rule("select", "unbind")
def _(ctx, g):
    dim, index, input_shape = ctx.params
    return (_placed(g, dim, index, input_shape),)


@rule("select_backward")
def _(ctx, g):
    dim, index, _ = ctx.params
    return (g[_region(dim, index)],)


@rule("slice", "split", "split_with_sizes")
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


# ---------------------------------------------------------------------- indexing
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
    return (_scatter_added(g, positions, input_shape),)


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


# ---------------------------------------------------------------------- matrix products
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
    beta, alpha = ctx.params
    scaled = g if alpha == 1 else g * alpha
    grad_c = (g if beta == 1 else g * beta) if _needs(ctx, 0) else None
    grad_a = _times_right(scaled, b.T) if _needs(ctx, 1) else None
    grad_b = _times_left(a.T, scaled) if _needs(ctx, 2) else None
    return grad_c, grad_a, grad_b


@rule("matmul")
def _(ctx, g):
    a, b = ctx.saved
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


@rule("einsum", "einsum_product", "einsum_sum", "einsum_permute", declines=True)
def _(ctx, g):
    terms, output, sizes = ctx.params
    # The batch is one more letter, in the output and in the operand differentiated.
    free = [c for c in string.ascii_letters if c not in set(output).union(*terms)]
    if not free:
        raise Decline
    batch = free[0]
    sizes = {**sizes, batch: _batch(g)}
    operands = ctx.saved if len(terms) == 2 else (None,)
    return tuple(
        einsum_operand_grad(g, k, terms[:k] + (batch + terms[k],) + terms[k + 1:],
                            batch + output, sizes, operands)
        if _needs(ctx, k) else None for k in range(len(terms)))


# ---------------------------------------------------------------------- softmax, glu
def _from_the_end(dim: int, ndim: int):
    """A dim counted from the end: the same axis with or without a leading batch dim (none
    for a 0-d tensor, whose softmax reduces over nothing)."""
    return (dim % ndim) - ndim if ndim else ()


@rule("softmax", declines=True)
def _(ctx, g):
    (y,) = ctx.saved
    axis = _from_the_end(ctx.params[0], y.ndim)
    if g.dtype != y.dtype:
        raise Decline  # half precision computes in float32: left to the per-row pass
    return (y * (g - np.sum(g * y, axis=axis, keepdims=True)),)


@rule("log_softmax", declines=True)
def _(ctx, g):
    (y,) = ctx.saved
    axis = _from_the_end(ctx.params[0], y.ndim)
    if g.dtype != y.dtype:
        raise Decline
    return (g - np.exp(y) * np.sum(g, axis=axis, keepdims=True),)


@rule("glu", declines=True)
def _(ctx, g):
    (x,) = ctx.saved
    (dim,) = ctx.params
    if x.dtype == np.float16:
        raise Decline  # computed in float32 with torch's roundings: left to the per-row pass
    a, b = np.split(x, 2, axis=dim)
    s = OPS["sigmoid"].forward(b)
    return (np.concatenate([g * s, g * a * s * (1 - s)], axis=dim + 1),)


# ---------------------------------------------------------------------- losses
@rule("mse_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss", "binary_cross_entropy",
      "binary_cross_entropy_with_logits")
def _(ctx, g):
    if ctx.params[0] != "none":  # a reduced loss: each row's gradient, against every element
        ndim = max(np.ndim(v) for v in ctx.saved if v is not None)
        g = np.reshape(g, (_batch(g),) + (1,) * ndim)
    return ctx.op.backward_fn(ctx, g)


@rule("nll_loss", "nll_loss2d")
def _(ctx, g):
    x = ctx.saved[0]
    (factor, *rest) = ctx.op.backward_fn(ctx, np.ones(g.shape[1:], g.dtype))
    # g has one value per target position: the class axis (1, or 0 for one sample) is kept
    # as size 1; a reduced loss has one value per row.
    kept = list(x.shape)
    kept[1 if x.ndim >= 2 else 0] = 1
    if ctx.params[0] != "none":
        kept = [1] * x.ndim
    return (np.reshape(g, (_batch(g),) + tuple(kept)) * factor, *rest)


def _check_names() -> None:
    """Every rule names an op of the table (called by the tests)."""
    unknown = sorted(set(RULES) - set(OPS))
    if unknown:
        raise AssertionError(f"batched rules for ops that do not exist: {unknown}")
