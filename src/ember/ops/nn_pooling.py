"""Pooling as op-table primitives: max/avg pooling, adaptive pooling, max unpooling.

The ops pool over the last two dims of inputs with any leading dims ((N, C, H, W),
(C, H, W), or a batch of gradients in front of those), so a batched Jacobian passes a
batch of gradients through the formulas as they are. One-dimensional pooling is the
two-dimensional op on a height of 1, as in torch (`unsqueeze(-2)`, then `squeeze(-2)`).

- Max pooling (MaxPool2DWithIndicesBackward0) and adaptive max pooling
  (AdaptiveMaxPool2DBackward0): the public function finds each window's first maximum in
  scan order (over strided windows of the input padded with -inf), and the op
  takes the values at those flat indices; its gradient adds g back at the indices
  (`*_backward` ops, whose own gradient is the gather again).
- Average pooling (AvgPool2DBackward0): window sums of the zero-padded input divided by
  torch's divisor per output position (`_avg_divisors`); its gradient spreads g / divisor
  over each window (`avg_pool2d_backward`, whose gradient is the pooling again).
- Adaptive average pooling (AdaptiveAvgPool2DBackward0): window sums as two matrix
  products with 0/1 matrices of the windows along each dim, then divided by the window
  sizes; the gradient is the transposed products.
- `max_unpool2d` (MaxUnpool2DBackward0) writes values at given indices into zeros.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .._arguments import called_first, int_list
from .._dispatch import apply
from .._dtype import scalar_type_name
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import keep_versions
from . import _xp as xp
from ._registry import OPS, SAME, declare, needs_grad, public
from .nn_conv import _add_windows, _windows

__all__ = ["max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d",
           "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d", "max_unpool2d",
           "pool_output_size"]


# ---------------------------------------------------------------------- sizes and windows
def pool_output_size(size: int, kernel: int, stride: int, padding: int, dilation: int,
                     ceil_mode: bool) -> int:
    """torch's output size: with ceil_mode a last partial window counts, unless it would
    start in the right padding."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


def _padded(x: np.ndarray, padding: tuple, extent: tuple, fill) -> np.ndarray:
    """x's trailing len(padding) dims padded with `fill`: `padding` before, enough after to
    hold `extent` (the span the windows reach, which ceil_mode may push past the padding)."""
    nd = len(padding)
    size = x.shape[-nd:]
    full = tuple(max(e, n + 2 * p) for e, n, p in zip(extent, size, padding))
    if full == size:
        return x
    out = np.full(x.shape[:-nd] + full, fill, x.dtype)
    out[(Ellipsis,) + tuple(slice(p, p + n) for p, n in zip(padding, size))] = x
    return out


def _extent(out: tuple, kernel: tuple, stride: tuple, dilation: tuple) -> tuple:
    return tuple((o - 1) * s + d * (k - 1) + 1 for o, k, s, d in zip(out, kernel, stride,
                                                                     dilation))


def _lowest(dtype: np.dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


# ---------------------------------------------------------------------- values at indices
def _gather(x: np.ndarray, indices: np.ndarray, nd: int) -> np.ndarray:
    """x[..., index] over x's flattened last nd dims, for indices (*lead, *out); x may have
    extra dims in front of lead."""
    positions = math.prod(indices.shape[-nd:])
    flat = x.reshape(x.shape[:-nd] + (math.prod(x.shape[-nd:]),))
    index = np.broadcast_to(indices.reshape(indices.shape[:-nd] + (positions,)),
                            flat.shape[:-1] + (positions,))
    return np.take_along_axis(flat, index, axis=-1).reshape(
        x.shape[:-nd] + indices.shape[-nd:])


def _scatter(g: np.ndarray, indices: np.ndarray, size: tuple, disjoint: bool) -> np.ndarray:
    """The adjoint of `_gather`: g added into zeros (*lead, *size) at the indices (summed
    where windows share a maximum)."""
    nd = len(size)
    plane = math.prod(size)
    rows = g.reshape(math.prod(g.shape[:-nd]), math.prod(g.shape[-nd:]))
    index = np.broadcast_to(indices.reshape(indices.shape[:-nd] + (rows.shape[1],)),
                            g.shape[:-nd] + (rows.shape[1],)).reshape(rows.shape)
    if disjoint:  # every input position is some window's at most once
        out = np.zeros((rows.shape[0], plane), g.dtype)
        np.put_along_axis(out, index, rows, axis=-1)
    else:
        offsets = index + (np.arange(rows.shape[0]) * plane)[:, None]
        out = np.bincount(offsets.ravel(), weights=rows.ravel(),
                          minlength=rows.shape[0] * plane).astype(g.dtype, copy=False)
    return out.reshape(g.shape[:-nd] + tuple(size))


def _pooled_input_grad(ctx, gg):
    """The gradient of a pooling's gradient kernel (g, x): the pooling of gg for g, and
    zeros for x, which the kernel reads only for its shape (torch's zeros_like(self))."""
    name = ctx.op.name[:-len("_backward")]
    return (xp.op(name, (gg,), *ctx.params) if needs_grad(ctx, 0) else None,
            xp.zeros_like(gg) if needs_grad(ctx, 1) else None)


def _kernel_tangent(ctx, t_g, t_x):
    """Tangent of a pooling's gradient kernel: linear in g, constant in x."""
    return ctx.zeros() if t_g is None else ctx.run(t_g, ctx.inputs[1])


# The pooling ops save their input, as torch's: its gradient kernel (*_backward) takes it
# as an input (only its shape is read), so that a gradient taken with create_graph=True
# requires grad with it, as torch's does.
def _selection_ops(name: str, grad_fn: str):
    """An op taking the values at given flat indices of the last two dims (the maxima a
    public function found), and its gradient op, each the other's gradient."""
    op = declare(name, grad_fn=grad_fn, dtype=SAME, saves=(0,), saves_params={0: (0,)},
                 formula="y = x at the index of each window's maximum; dx = g added back at "
                         "those indices")(
        lambda x, indices, size, disjoint: _gather(x, indices, len(size)))
    backward_op = declare(f"{name}_backward", grad_fn=grad_fn.replace("Backward0",
                                                                      "BackwardBackward0"),
                          dtype=SAME, saves_params={0: (0,)},
                          formula="g added at the indices; d/dg = g at the indices; "
                                  "d/dx = 0")(
        lambda g, x, indices, size, disjoint: _scatter(g, indices, size, disjoint))

    @op.backward
    def _(ctx, g):
        return (xp.op(f"{name}_backward", (g, ctx.saved[0]), *ctx.params),)

    backward_op.backward(_pooled_input_grad)
    op.tangent(_fw.linear)
    backward_op.tangent(_kernel_tangent)
    return op


_selection_ops("max_pool2d", "MaxPool2DWithIndicesBackward0")
_selection_ops("adaptive_max_pool2d", "AdaptiveMaxPool2DBackward0")
_selection_ops("max_pool3d", "MaxPool3DWithIndicesBackward0")
_selection_ops("adaptive_max_pool3d", "AdaptiveMaxPool3DBackward0")
_selection_ops("fractional_max_pool2d", "FractionalMaxPool2DBackward0")
_selection_ops("fractional_max_pool3d", "FractionalMaxPool3DBackward0")


def _max_pool_indices(x: np.ndarray, kernel, stride, padding, dilation, out) -> np.ndarray:
    """Flat indices into x's last len(kernel) dims of each window's first maximum (scan
    order; a nan counts as the maximum, the last nan as in torch).

    The strided windows are copied once, kernel offset first, so that the maxima and the
    comparisons with them run over contiguous arrays; each position then takes the first
    offset holding its maximum (found walking the offsets backwards), and the flat index is
    the window's corner plus that offset's displacement."""
    nd = len(kernel)
    padded = _padded(x, padding, _extent(out, kernel, stride, dilation), _lowest(x.dtype))
    view = _windows(padded, kernel, stride, dilation, out)  # (*lead, *kernel, *out)
    lead = x.ndim - nd
    taps = np.ascontiguousarray(np.moveaxis(view, tuple(range(lead, lead + nd)),
                                            tuple(range(nd))))
    count = math.prod(kernel)
    taps = taps.reshape((count,) + taps.shape[nd:])  # (taps, *lead, *out)
    best = taps.max(axis=0)
    index_type = np.int16 if count < 2 ** 15 else np.int64
    first = np.full(best.shape, count - 1, index_type)
    for tap in range(count - 2, -1, -1):
        first = np.where(taps[tap] == best, index_type(tap), first)
    if x.dtype.kind == "f":
        missing = np.isnan(best)
        if missing.any():  # nan == nan is false: torch's kernel keeps the last nan seen
            for tap in range(count):
                np.putmask(first, missing & np.isnan(taps[tap]), tap)
    places = _places(x.shape[-nd:])
    offsets = np.indices(kernel).reshape(nd, count)
    shift = sum(offsets[d] * dilation[d] * places[d] for d in range(nd))
    return _corners(out, stride, padding, places) + np.take(shift, first)


def _places(size) -> tuple:
    """How far apart neighbours along each dim are in the flattened dims of `size`."""
    return tuple(math.prod(size[d + 1:]) for d in range(len(size)))


def _corners(out, stride, padding, places) -> np.ndarray:
    """The flat index (in the unpadded input) of each window's first position, (*out)."""
    nd = len(out)
    corner = np.zeros((1,) * nd, np.int64)
    for d in range(nd):
        starts = (np.arange(out[d]) * stride[d] - padding[d]) * places[d]
        corner = corner + starts.reshape((1,) * d + (-1,) + (1,) * (nd - d - 1))
    return corner


# ---------------------------------------------------------------------- average pooling
def _avg_divisors(size, kernel, stride, padding, out, count_include_pad, divisor_override):
    """torch's divisor per output position (*out): the window clipped to the padded input,
    or to the input itself without count_include_pad, or the override."""
    if divisor_override:
        return np.full(out, divisor_override, np.int64)
    nd = len(out)
    divisors = np.ones((1,) * nd, np.int64)
    for d, (n, k, s, p, o) in enumerate(zip(size, kernel, stride, padding, out)):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        if count_include_pad:
            span = end - start
        else:
            span = np.minimum(end, n) - np.maximum(start, 0)
        divisors = divisors * span.reshape((1,) * d + (-1,) + (1,) * (nd - d - 1))
    return divisors


def _avg_layout(kernel, stride, padding, ceil_mode, size):
    out = tuple(pool_output_size(n, k, s, p, 1, ceil_mode)
                for n, k, s, p in zip(size, kernel, stride, padding))
    return out, _extent(out, kernel, stride, (1,) * len(kernel))


def _divide(total: np.ndarray, divisor: np.ndarray) -> np.ndarray:
    if total.dtype.kind == "f":
        return total / divisor.astype(total.dtype)
    return _truncated(total, divisor)  # integer pooling divides as C's integers do


def _truncated(total: np.ndarray, divisor) -> np.ndarray:
    """total / divisor rounded toward zero (C's integer division in torch's kernel; NumPy's
    // rounds down)."""
    quotient = np.floor_divide(total, divisor)
    quotient += (np.remainder(total, divisor) != 0) & ((total < 0) ^ (np.asarray(divisor) < 0))
    return quotient


def _window_sums(view: np.ndarray, nd: int) -> np.ndarray:
    """The sum of each window of a (*lead, *kernel, *out) view over nd dims, in the
    window's scan order: one strided addition per kernel offset. (Summing the view's kernel
    axes with np.sum is about ten times slower: NumPy then walks the strided axes element
    by element.)"""
    taps = _tap_indices(view.shape[-2 * nd:-nd])
    if len(taps) == 1:
        return view[taps[0]].copy()
    total = np.add(view[taps[0]], view[taps[1]])
    for tap in taps[2:]:
        total += view[tap]
    return total


@functools.lru_cache(maxsize=32)
def _tap_indices(kernel: tuple) -> tuple:
    """(..., i, j, :, :) for each kernel offset in scan order, built once per kernel."""
    return tuple((Ellipsis,) + tap + (slice(None),) * len(kernel)
                 for tap in np.ndindex(*kernel))


def _uniform_divisor(kernel, stride, padding, out, size, divisor_override) -> int | None:
    """The one divisor of every window when the windows tile the input (stride = kernel,
    no padding, each window inside it): its size, or the override; None otherwise."""
    if tuple(stride) != tuple(kernel) or any(padding) or any(
            o * k > n for o, k, n in zip(out, kernel, size)):
        return None
    return divisor_override or math.prod(kernel)


def _divide_by(total: np.ndarray, divisor: int) -> np.ndarray:
    """total / divisor in place (as `_divide` with every divisor the same)."""
    if total.dtype.kind == "f":
        return np.divide(total, total.dtype.type(divisor), out=total)
    return _truncated(total, divisor)


def _avg_pool(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override,
              size):
    """Average pooling over the last len(kernel) dims (the forward of avg_pool2d/3d)."""
    nd = len(kernel)
    out, extent = _avg_layout(kernel, stride, padding, ceil_mode, size)
    view = _windows(_padded(x, padding, extent, 0), kernel, stride, (1,) * nd, out)
    uniform = _uniform_divisor(kernel, stride, padding, out, size, divisor_override)
    if uniform is not None:  # (LeNet's pooling) no divisor array, divided in place
        return _divide_by(_window_sums(view, nd), uniform)
    divisors = _avg_divisors(size, kernel, stride, padding, out, count_include_pad,
                             divisor_override)
    return _divide(_window_sums(view, nd), divisors)


def _avg_pool_backward(g, x, kernel, stride, padding, ceil_mode, count_include_pad,
                       divisor_override, size):
    """g / divisor spread over each window (the adjoint of `_avg_pool`)."""
    nd = len(kernel)
    out, extent = _avg_layout(kernel, stride, padding, ceil_mode, size)
    uniform = _uniform_divisor(kernel, stride, padding, out, size, divisor_override)
    if uniform is not None:
        share = (g / g.dtype.type(uniform) if g.dtype.kind == "f" else _truncated(g, uniform))
        return _tiled(share, kernel, size)
    share = _divide(g, _avg_divisors(size, kernel, stride, padding, out, count_include_pad,
                                     divisor_override))
    cols = np.broadcast_to(share[(Ellipsis,) + (None,) * nd + (slice(None),) * nd],
                           g.shape[:-nd] + tuple(kernel) + tuple(out))
    full = tuple(max(e, n + 2 * p) for e, n, p in zip(extent, size, padding))
    spread = _add_windows(cols, full, stride, (1,) * nd)
    return np.ascontiguousarray(
        spread[(Ellipsis,) + tuple(slice(p, p + n) for p, n in zip(padding, size))])


def _average_ops(name: str, grad_fn: str):
    """Average pooling over 2 or 3 dims and its gradient op, each the other's gradient."""
    op = declare(name, grad_fn=grad_fn, dtype=SAME, saves=(0,),
                 formula="y = sum of the window / divisor; dx = g / divisor spread over "
                         "each window")(_avg_pool)
    backward_op = declare(f"{name}_backward",
                          grad_fn=grad_fn.replace("Backward0", "BackwardBackward0"),
                          dtype=SAME, formula=f"g / divisor spread over each window; "
                                              f"d/dg = {name}; d/dx = 0")(_avg_pool_backward)

    @op.backward
    def _(ctx, g):
        return (xp.op(f"{name}_backward", (g, ctx.saved[0]), *ctx.params),)

    backward_op.backward(_pooled_input_grad)
    op.tangent(_fw.linear)
    backward_op.tangent(_kernel_tangent)
    return op


_average_ops("avg_pool2d", "AvgPool2DBackward0")
_average_ops("avg_pool3d", "AvgPool3DBackward0")


def _tiled(share: np.ndarray, kernel, size) -> np.ndarray:
    """Windows that tile the input (stride = kernel, no padding): each value of `share`
    repeated over its window, one strided copy of `share` per kernel offset (copying a
    broadcast view instead walks it element by element, ~2.5x slower), zeros for rows and
    columns past the last window."""
    nd = len(kernel)
    out = share.shape[-nd:]
    exact = tuple(o * k for o, k in zip(out, kernel)) == tuple(size)
    if exact and nd == 2 and kernel[1] == 2 and share.dtype.itemsize in _PAIRS:
        return _tiled_pairs(share, kernel[0])
    spread = (np.empty if exact else np.zeros)(share.shape[:-nd] + tuple(size), share.dtype)
    for tap in np.ndindex(*kernel):
        spread[(Ellipsis,) + tuple(slice(i, o * k, k) for i, o, k in zip(tap, out, kernel))] = \
            share
    return spread


_PAIRS = {2: (np.uint16, np.uint32), 4: (np.uint32, np.uint64)}  # value bits, pair bits


def _tiled_pairs(share: np.ndarray, kh: int) -> np.ndarray:
    """_tiled for windows two values wide that tile the input exactly (LeNet's 2 x 2
    pooling), on 2- or 4-byte values: each value's bits doubled into one integer twice as
    wide (v * (2^bits + 1), the same in either byte order) is a row's window pair, and
    np.repeat copies each row of pairs kh times with one memcpy per row. The strided
    copies of _tiled walk rows of ow values (14 or 5 for LeNet): 0.46 -> 0.27 and 0.27 ->
    0.12 ms on LeNet's two layers (SkylakeX, in isolation). The same bits."""
    value, pair = _PAIRS[share.dtype.itemsize]
    oh, ow = share.shape[-2:]
    doubled = np.ascontiguousarray(share).view(value).astype(pair)
    doubled *= (1 << (8 * share.dtype.itemsize)) + 1
    rows = np.repeat(doubled.reshape(-1, ow), kh, axis=0)
    return rows.view(share.dtype).reshape(share.shape[:-2] + (oh * kh, ow * 2))


# ---------------------------------------------------------------------- adaptive pooling
def _adaptive_bounds(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """torch's adaptive windows along one dim: [floor(i n / o), ceil((i + 1) n / o))."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


def _window_matrix(size: int, out: int, dtype) -> np.ndarray:
    """(out, size): 1 where input position j lies in output i's window."""
    start, end = _adaptive_bounds(size, out)
    j = np.arange(size)
    return ((j >= start[:, None]) & (j < end[:, None])).astype(dtype)


def _window_counts(size: tuple, out: tuple, dtype) -> np.ndarray:
    """The size of each adaptive window, (*out)."""
    nd = len(out)
    counts = np.ones((1,) * nd, np.int64)
    for d, (n, o) in enumerate(zip(size, out)):
        start, end = _adaptive_bounds(n, o)
        counts = counts * (end - start).reshape((1,) * d + (-1,) + (1,) * (nd - d - 1))
    return counts.astype(dtype)


def _along_dims(x: np.ndarray, matrices: list, last: np.ndarray) -> np.ndarray:
    """x's trailing dims each multiplied by a matrix: `matrices[d] @` along dim d for all
    but the last dim, then `@ last` along the last one."""
    nd = len(matrices) + 1
    lead = x.shape[:-nd]
    done: tuple = ()
    for d, matrix in enumerate(matrices):
        rest = x.shape[len(lead) + d + 1:]
        x = np.matmul(matrix, x.reshape(lead + (math.prod(done), x.shape[len(lead) + d],
                                                math.prod(rest))))
        done += (matrix.shape[0],)
        x = x.reshape(lead + done + rest)
    return np.matmul(x, last)


def _adaptive_avg_pool(x, out, size):
    """The mean of each adaptive window: products with the 0/1 window matrices of each dim,
    divided by the window sizes (the forward of adaptive_avg_pool2d/3d)."""
    matrices = [_window_matrix(n, o, x.dtype) for n, o in zip(size, out)]
    total = _along_dims(x, matrices[:-1], matrices[-1].T)
    return total / _window_counts(size, out, x.dtype)


def _adaptive_avg_pool_backward(g, x, out, size):
    """g / window sizes spread over each window (the adjoint of `_adaptive_avg_pool`)."""
    empty = [d for d in range(1, g.ndim) if g.shape[d] == 0]
    if empty:  # (torch's forward gives an empty output, its backward refuses it)
        raise RuntimeError(
            f"adaptive_avg_pool{len(size)}d_backward(): Expected grad_output to have non-zero "
            f"size for non-batch dimensions, but grad_output has sizes {list(g.shape)} with "
            f"dimension {empty[0]} being empty")
    matrices = [_window_matrix(n, o, g.dtype) for n, o in zip(size, out)]
    return _along_dims(g / _window_counts(size, out, g.dtype),
                       [m.T for m in matrices[:-1]], matrices[-1])


def _adaptive_average_ops(name: str, grad_fn: str):
    """Adaptive average pooling over 2 or 3 dims and its gradient op."""
    op = declare(name, grad_fn=grad_fn, dtype=SAME, saves=(0,),
                 formula="y = x times the 0/1 window matrix of each dim / window sizes; "
                         "dx = g / window sizes times the transposed matrices")(
        _adaptive_avg_pool)
    backward_op = declare(f"{name}_backward",
                          grad_fn=grad_fn.replace("Backward0", "BackwardBackward0"),
                          dtype=SAME, formula=f"g / window sizes times the transposed window "
                                              f"matrices; d/dg = {name}; d/dx = 0")(
        _adaptive_avg_pool_backward)

    @op.backward
    def _(ctx, g):
        return (xp.op(f"{name}_backward", (g, ctx.saved[0]), *ctx.params),)

    backward_op.backward(_pooled_input_grad)
    op.tangent(_fw.linear)
    backward_op.tangent(_kernel_tangent)
    return op


_adaptive_average_ops("adaptive_avg_pool2d", "AdaptiveAvgPool2DBackward0")
_adaptive_average_ops("adaptive_avg_pool3d", "AdaptiveAvgPool3DBackward0")


def _adaptive_max_indices(x: np.ndarray, out: tuple) -> np.ndarray:
    """Flat indices of each adaptive window's first maximum: every window is read as the
    longest one, its tail repeating the window's last position (which cannot win a tie
    against the earlier copy)."""
    nd = len(out)
    size = x.shape[-nd:]
    positions = []
    for n, o in zip(size, out):
        start, end = _adaptive_bounds(n, o)
        longest = int((end - start).max()) if o else 1
        positions.append(np.minimum(start[:, None] + np.arange(longest), end[:, None] - 1))
    longest = tuple(p.shape[1] for p in positions)
    index = tuple(p.reshape((1,) * d + (p.shape[0],) + (1,) * (nd - 1) + (p.shape[1],)
                            + (1,) * (nd - d - 1)) for d, p in enumerate(positions))
    values = x[(Ellipsis,) + index]  # (*lead, *out, *longest)
    best = np.argmax(values.reshape(values.shape[:-nd] + (math.prod(longest),)), axis=-1)
    offsets = np.unravel_index(best, longest)
    places = _places(size)
    flat = np.zeros(best.shape, np.int64)
    for d, p in enumerate(positions):
        at = np.arange(out[d]).reshape((-1,) + (1,) * (nd - d - 1))
        flat += p[at, offsets[d]] * places[d]
    return flat


# ---------------------------------------------------------------------- max unpooling
def _unpooling_op(name: str, grad_fn: str, selection: str):
    """Values written at given flat indices into zeros of the trailing `size`; its gradient
    takes g at the indices (op `selection`)."""
    op = declare(name, saves_params={0: (0,)}, grad_fn=grad_fn, dtype=SAME,
                 formula="y = zeros with x written at the indices; dx = g at the indices")(
        lambda x, indices, size: _scatter(x, indices, size, True))

    @op.backward
    def _(ctx, g):
        indices, size = ctx.params
        return (xp.op(selection, (g,), indices, size, True),)

    op.tangent(_fw.linear)
    return op


_unpooling_op("max_unpool2d", "MaxUnpool2DBackward0", "max_pool2d")
_unpooling_op("max_unpool3d", "MaxUnpool3DBackward0", "max_pool3d")


# ---------------------------------------------------------------------- public functions
# where the pooling functions take these arguments (torch's TypeError names the position)
POSITIONS = {"kernel_size": 2, "output_size": 2, "stride": 3, "padding": 4, "dilation": 5}


def _shape_text(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _two(value, function: str, what: str, verb: str = "must either be",
         omitted: bool = False) -> tuple:
    """An int or a tuple of one or two ints, as a pair (torch's message otherwise)."""
    values = int_list(value, function, what, POSITIONS.get(what))
    if len(values) not in (1, 2):
        either = "omitted, a single int" if omitted else "a single int"
        raise RuntimeError(f"{function}: {what} {verb} {either}, or a tuple of two ints")
    return values * 2 if len(values) == 1 else values


def _pool_arguments(function: str, kernel_size, stride, padding, dilation=1):
    kernel = _two(kernel_size, function, "kernel_size")
    stride = kernel if stride is None or (not isinstance(stride, int) and len(stride) == 0) \
        else _two(stride, function, "stride", omitted=True)
    padding = _two(padding, function, "padding")
    dilation = _two(dilation, function, "dilation", verb="must be either")
    if min(stride) <= 0:  # (torch checks the stride first: a zero kernel is its default)
        raise RuntimeError("stride should not be zero")
    if min(kernel) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kernel[0]} "
                           f"kW: {kernel[1]}")
    if min(dilation) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: "
                           f"{dilation[0]} dilationW: {dilation[1]}")
    return kernel, stride, padding, dilation


def _check_pool_input(x: Tensor, max_pool: bool) -> None:
    if x.ndim not in (3, 4) or 0 in tuple(x.shape)[-3:]:
        if max_pool and x.ndim not in (3, 4):
            raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
        if x.ndim == 0 and not max_pool:
            raise IndexError("Dimension specified as -3 but tensor has no dimensions")
        if x.ndim < 3 and not max_pool:
            raise IndexError(f"Dimension out of range (expected to be in range of "
                             f"[{-x.ndim}, {x.ndim - 1}], but got -3)")
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch "
                           f"size for input, but got:{_shape_text(x.shape)}")


def _check_pool_sizes(x: Tensor, kernel, stride, padding, dilation, ceil_mode) -> tuple:
    for p in padding:
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    for p, k, d in zip(padding, kernel, dilation):
        limit = (d * (k - 1) + 1) // 2 if d != 1 else k // 2
        if p > limit:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    size = tuple(x.shape[-2:])
    out = tuple(pool_output_size(n, k, s, p, d, ceil_mode)
                for n, k, s, p, d in zip(size, kernel, stride, padding, dilation))
    if min(out) < 1:
        planes = x.shape[-3]
        raise RuntimeError(f"Given input size: ({planes}x{size[0]}x{size[1]}). Calculated "
                           f"output size: ({planes}x{out[0]}x{out[1]}). Output size is too "
                           "small")
    return size, out


@public(method=False)
def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """Maximum over each window of (N, C, H, W) or (C, H, W); ties and nan: the first in
    scan order. With return_indices, also each maximum's flat index into H x W."""
    kernel, stride, padding, dilation = _pool_arguments("max_pool2d", kernel_size, stride,
                                                        padding, dilation)
    _check_pool_input(input, True)
    size, out = _check_pool_sizes(input, kernel, stride, padding, dilation, ceil_mode)
    if input._data.dtype.kind in "bc":  # (torch's kernel: all real numbers but bool)
        raise NotImplementedError("\"max_pool2d\" not implemented for "
                                  f"'{scalar_type_name(input._data.dtype.name)}'")
    indices = _max_pool_indices(input._data, kernel, stride, padding, dilation, out)
    disjoint = all(d * (k - 1) + 1 <= s for k, s, d in zip(kernel, stride, dilation))
    result = apply(OPS["max_pool2d"], (input,), (indices, size, disjoint))
    if not return_indices:
        return result
    returned = Tensor(indices)  # (saved by torch: its version is checked)
    return keep_versions(result, returned), returned


def _one(value, function: str, what: str) -> int:
    values = int_list(value, function, what, POSITIONS.get(what))
    if len(values) != 1:
        raise RuntimeError(f"{function}() argument '{what}' should contain one int "
                           f"(got {len(values)})")
    return values[0]


def _check_max_pool1d(kernel: int, stride: int, padding: int, dilation: int) -> None:
    for what, value in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation)):
        if value <= 0:
            raise RuntimeError(f"max_pool1d() {what} must be greater than zero, but got "
                               f"{value}")
    if padding < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {padding}")
    if padding > kernel // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but "
                           f"got padding={padding} and kernel_size={kernel}")


@public(method=False)
def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """Maximum over each window of (N, C, L) or (C, L): max_pool2d on a height of 1."""
    if input.ndim not in (2, 3) or 0 in tuple(input.shape)[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional "
                           f"0 dim batch size for input, but got:{_shape_text(input.shape)}")
    kernel = _one(kernel_size, "max_pool1d", "kernel_size")
    stride = kernel if stride is None or (not isinstance(stride, int) and len(stride) == 0) \
        else _one(stride, "max_pool1d", "stride")
    padding, dilation = _one(padding, "max_pool1d", "padding"), _one(dilation, "max_pool1d",
                                                                      "dilation")
    if not return_indices:  # (with indices: the 2-d kernel checks, in its words)
        _check_max_pool1d(kernel, stride, padding, dilation)
        length = pool_output_size(input.shape[-1], kernel, stride, padding, dilation,
                                  ceil_mode)
        if length < 1:
            raise RuntimeError(f"max_pool1d() Invalid computed output size: {length}")
        if input._data.dtype.kind != "f":  # (torch's kernel without indices: floats only)
            raise NotImplementedError("\"max_pool1d_impl\" not implemented for "
                                      f"'{scalar_type_name(input._data.dtype.name)}'")
    result = max_pool2d(input.unsqueeze(-2), (1, kernel), (1, stride), (0, padding),
                        (1, dilation), ceil_mode, return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """Mean over each window of (N, C, H, W) or (C, H, W), with torch's divisor (padding
    counted with count_include_pad, never what ceil_mode adds past it)."""
    kernel, stride, padding, _ = _pool_arguments("avg_pool2d", kernel_size, stride, padding)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_pool_input(input, False)
    size, _ = _check_pool_sizes(input, kernel, stride, padding, (1, 1), ceil_mode)
    kind = input._data.dtype
    if kind.kind != "f" and kind != np.int64:  # (torch's kernel has floats and int64 only)
        word = scalar_type_name(kind)
        raise NotImplementedError(f'"avg_pool2d" not implemented for \'{word}\'')
    return apply(OPS["avg_pool2d"], (input,), (kernel, stride, padding, bool(ceil_mode),
                                               bool(count_include_pad), divisor_override, size))


def _check_rank_1d(input: Tensor, function: str) -> None:
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional "
                           f"tensor for argument #1 'self' (while checking arguments for "
                           f"{function})")


@public(method=False)
def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Tensor:
    """Mean over each window of (N, C, L) or (C, L): avg_pool2d on a height of 1."""
    _check_rank_1d(input, "avg_pool1d")
    kernel = _one(kernel_size, "avg_pool1d", "kernel_size")
    stride = kernel if stride is None or (not isinstance(stride, int) and len(stride) == 0) \
        else _one(stride, "avg_pool1d", "stride")
    padding = _one(padding, "avg_pool1d", "padding")
    return avg_pool2d(input.unsqueeze(-2), (1, kernel), (1, stride), (0, padding), ceil_mode,
                      count_include_pad).squeeze(-2)


def size_read_first(input, function: str) -> None:
    """torch's Python-level adaptive pooling (2-d and 3-d, max and average) calls
    `input.size()` before anything else."""
    called_first(input, "size", function)


def list_with_default(output_size, defaults: tuple):
    """torch's Python-level reading of adaptive pooling's output_size: an int as it is;
    otherwise a sequence no longer than the input's dims (len() of anything else is
    Python's TypeError), its Nones taken from the input's trailing sizes."""
    if isinstance(output_size, int):
        return output_size
    if len(defaults) <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    return [v if v is not None else d
            for v, d in zip(output_size, defaults[-len(output_size):])]


def _adaptive_size(input: Tensor, output_size, function: str, colon: str) -> tuple:
    if input.ndim not in (3, 4) or 0 in tuple(input.shape)[-2:]:
        raise RuntimeError(f"{function}(): Expected 3D or 4D tensor, but got{colon} "
                           f"{_shape_text(input.shape)}")
    sizes = (output_size,) * 2 if output_size is None or isinstance(
        output_size, (int, np.integer)) else tuple(output_size)
    if len(sizes) != 2:
        raise RuntimeError(f"{function}: output_size must be 2")
    out = tuple(int(n if s is None else s) for s, n in zip(sizes, input.shape[-2:]))
    if min(out) < 0:
        raise RuntimeError(f"{function}: elements of output_size must be greater than or "
                           f"equal to 0 but received {{{out[0]}, {out[1]}}}")
    if input._data.dtype.kind != "f":
        name = scalar_type_name(input._data.dtype)
        raise NotImplementedError(f'"{function}" not implemented for \'{name}\'')
    return out


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Mean over torch's adaptive windows, giving (..., *output_size); a 1 x 1 output is the
    mean over both dims (MeanBackward1), as in torch."""
    size_read_first(input, "adaptive_avg_pool2d")
    sizes = list_with_default(output_size, tuple(input.shape))
    out = int_list(sizes, "adaptive_avg_pool2d", "output_size", 2)
    if isinstance(sizes, int):  # (the parser repeats one int for both dims)
        out = out * 2
    if len(out) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    if min(out) < 0:
        raise RuntimeError(f"adaptive_avg_pool2d: elements of output_size must be greater than "
                           f"or equal to 0 but received {{{out[0]}, {out[1]}}}")
    if out == (1, 1):  # (torch's shortcut, before any check of the input's dims or dtype)
        return input.mean((-1, -2), keepdim=True)
    out = _adaptive_size(input, out, "adaptive_avg_pool2d", "")
    return apply(OPS["adaptive_avg_pool2d"], (input,), (out, tuple(input.shape[-2:])))


@public(method=False)
def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:
    """Adaptive average pooling of (N, C, L) or (C, L)."""
    _check_rank_1d(input, "adaptive_avg_pool1d")
    size = _one(output_size, "adaptive_avg_pool1d", "output_size")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Maximum over torch's adaptive windows (first maximum in scan order)."""
    size_read_first(input, "adaptive_max_pool2d")
    out = _adaptive_size(input, output_size, "adaptive_max_pool2d", ":")
    size = tuple(input.shape[-2:])
    indices = _adaptive_max_indices(input._data, out)
    disjoint = size[0] % max(out[0], 1) == 0 and size[1] % max(out[1], 1) == 0 and \
        out[0] <= size[0] and out[1] <= size[1]
    result = apply(OPS["adaptive_max_pool2d"], (input,), (indices, size, disjoint))
    if not return_indices:
        return result
    returned = Tensor(indices)  # (saved by torch: its version is checked)
    return keep_versions(result, returned), returned


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    """Adaptive max pooling of (N, C, L) or (C, L)."""
    _check_rank_1d(input, "adaptive_max_pool1d")
    size = _one(output_size, "adaptive_max_pool1d", "output_size")
    result = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """The values of max_pool2d written back at their indices into zeros (elsewhere 0)."""
    called_first(input, "size", "max_unpool2d")  # (torch's Python code: input.size())
    kernel = _two(kernel_size, "max_unpool2d", "kernel_size")
    stride = kernel if stride is None else _two(stride, "max_unpool2d", "stride")
    padding = _two(padding, "max_unpool2d", "padding")
    if input.ndim < 2:  # (torch's Python code reads input.size()[-2] first)
        raise IndexError("tuple index out of range")
    default = tuple((n - 1) * s + k - 2 * p for n, k, s, p in
                    zip(input.shape[-2:], kernel, stride, padding))
    size = default
    if output_size is not None:
        given = tuple(output_size)
        if len(given) not in (2, 4):
            raise ValueError("output_size should be a sequence containing 2 or 4 elements, "
                             f"but it has a length of '{len(given)}'")
        size = tuple(int(s) for s in given[-2:])
        for dim, (wanted, low) in enumerate(zip(size, default)):
            high = low + stride[dim]
            if not low - stride[dim] < wanted < high:
                raise ValueError(f'invalid output_size "{tuple(output_size)}" (dim {dim} '
                                 f"must be between {low - stride[dim]} and {high})")
    if indices._data.dtype != np.int64:  # (torch's kernel checks it first)
        raise RuntimeError("elements in indices should be type int64 but got: "
                           f"{scalar_type_name(indices._data.dtype.name)}")
    if input.ndim not in (3, 4):
        raise RuntimeError("Input to max_unpooling2d should be a 3d or 4d Tensor, but got a "
                           f"tensor with {input.ndim} dimensions.")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError("Expected shape of indices to be same as that of the input tensor "
                           f"({_shape_text(input.shape)}) but got indices tensor with shape: "
                           f"{_shape_text(indices.shape)}")
    index = indices._data
    plane = size[0] * size[1]
    if index.size and (index.min() < 0 or index.max() >= plane):
        bad = int(index[(index < 0) | (index >= plane)].flat[-1])  # torch names the last
        raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                           f"{size[0]}x{size[1]})")
    return keep_versions(apply(OPS["max_unpool2d"], (input,), (index, size)), indices)


