"""Convolutions as op-table primitives: conv1d/2d/3d, transposed convolutions, unfold/fold
(strided windows and one matrix product per call).

Layout: inputs are (N, C, *spatial) and weights (C_out, C_in / groups, *kernel), as in
torch; any number of spatial dims is served by the same code.

- `convolution` (ConvolutionBackward0) is torch's op of that name: a convolution or, with
  `transposed`, its adjoint with respect to the input (the weight then is
  (C_in, C_out / groups, *kernel)). A convolution builds the windows of the padded input as
  a strided view (`_windows`), copies them once into columns laid out (C k, N L), and
  multiplies by the weight in one `np.matmul` (one GEMM for the whole batch, per group in
  the same call). A transposed convolution multiplies first and then adds each kernel
  offset's block back into place (a loop over the kernel's offsets only).
- Each one's gradient with respect to the input is the other, so the gradient of a
  convolution is itself a convolution and second derivatives come free.
- `convolution_weight` is the gradient with respect to the weight, W(a, g)[o, c, k] =
  sum over n and positions p of g[n, o, p] a[n, c, p * stride + k * dilation - pad]: one
  matrix product of the output gradient with the input's columns. It is bilinear; its own
  gradients are convolutions again.
- `im2col` / `col2im` (Im2ColBackward0 / Col2ImBackward0) are torch's unfold and fold,
  the same windows and the same adding back, each the other's adjoint.

Padding is kept as (before, after) pairs per spatial dim so that padding="same" with an
even kernel (one more zero after than before) needs no separate op.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Iterable, Sequence

import numpy as np

from .._arguments import int_list
from .._dispatch import apply
from .._dtype import scalar_type_name
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from . import _conv_shallow_flat as _shallow_flat
from . import _winograd
from . import _xp as xp
from ._conv_arguments import parse_conv
from ._conv_kept import KEEP_VALUES, KeptInput
from ._registry import OPS, SAME, declare, public
from ._registry import needs_grad as _needs
from ._strided import reshaped_view, strided
from .nn_padding import constant_pad

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "convolution", "unfold", "fold", "conv_output_size"]

Pairs = tuple[tuple[int, int], ...]


# ---------------------------------------------------------------------- windows
def conv_output_size(size: int, kernel: int, stride: int, before: int, after: int,
                     dilation: int) -> int:
    """How many windows of a dilated kernel fit along one padded dim."""
    return (size + before + after - dilation * (kernel - 1) - 1) // stride + 1


def _pad(x: np.ndarray, padding: Pairs) -> np.ndarray:
    """x with zeros around its trailing dims (x itself without padding)."""
    if not any(a or b for a, b in padding):
        return x
    lead = x.ndim - len(padding)
    shape = x.shape[:lead] + tuple(s + a + b for s, (a, b) in zip(x.shape[lead:], padding))
    out = np.zeros(shape, x.dtype)
    out[(Ellipsis,) + tuple(slice(a, a + s) for s, (a, _) in zip(x.shape[lead:], padding))] = x
    return out


def _windows(x: np.ndarray, kernel: Sequence[int], stride: Sequence[int],
             dilation: Sequence[int], out: Sequence[int]) -> np.ndarray:
    """A read-only view (*lead, *kernel, *out) of the windows over x's trailing dims: element
    [..., k, p] is x[..., p * stride + k * dilation]."""
    nd = len(kernel)
    lead = x.ndim - nd
    strides = x.strides
    shape = x.shape[:lead] + tuple(kernel) + tuple(out)
    window_strides = (strides[:lead] + tuple(strides[lead + i] * dilation[i] for i in range(nd))
                      + tuple(strides[lead + i] * stride[i] for i in range(nd)))
    return strided(x, shape, window_strides, writeable=False)


def _add_windows(cols: np.ndarray, size: Sequence[int], stride: Sequence[int],
                 dilation: Sequence[int]) -> np.ndarray:
    """The adjoint of `_windows`: cols (*lead, *kernel, *out) added into zeros of shape
    (*lead, *size) at the places the windows read. One strided addition per kernel offset
    (the kernel's few elements are the only Python loop)."""
    nd = len(size)
    lead = cols.ndim - 2 * nd
    kernel, out = cols.shape[lead:lead + nd], cols.shape[lead + nd:]
    result = np.zeros(cols.shape[:lead] + tuple(size), cols.dtype)
    head = (slice(None),) * lead
    for offset in np.ndindex(*kernel):
        target = head + tuple(slice(k * d, k * d + s * (n - 1) + 1, s)
                              for k, d, s, n in zip(offset, dilation, stride, out))
        result[target] += cols[head + offset]
    return result


def _crop(x: np.ndarray, padding: Pairs, size: Sequence[int]) -> np.ndarray:
    """x's trailing dims cut to `size` after dropping each dim's leading padding."""
    if not any(a or b for a, b in padding) and tuple(x.shape[-len(size):]) == tuple(size):
        return x
    return x[(Ellipsis,) + tuple(slice(a, a + s) for (a, _), s in zip(padding, size))]


def _input_windows(x, kernel, stride, padding, dilation):
    """The windows (N, C, *kernel, *out) of the zero-padded input and the output size."""
    padded = _pad(x, padding)
    nd = len(kernel)
    out = tuple(conv_output_size(x.shape[-nd + i], kernel[i], stride[i], *padding[i],
                                 dilation[i]) for i in range(nd))
    return _windows(padded, kernel, stride, dilation, out), out


# ---------------------------------------------------------------------- stride 1: flat runs
# With stride 1, lay the zero-padded input out as (C, N * padded size): the padded grids of
# all samples one after another in each channel's row. The output at flat position q (an
# output position on the padded grid, of some sample) reads kernel offset k at q + off(k),
# off(k) = sum_i k_i d_i (the dim's flat stride): every kernel offset reads one contiguous
# run of every row, so a tap is a plain 2-D slice that BLAS takes as it is. Positions
# whose window would leave the grid (the grid's margins and the sample boundaries) are
# computed too and dropped by the final crop (~10-40% of the products for small images).
#
# The taps of the kernel's trailing dims ("inner") are copied side by side into columns
# (C, inner taps, run) so that one product has a depth of C / groups x inner taps; the
# remaining ("outer") taps are contiguous slices of those columns, one product each,
# added up. Copying only the last dim's taps is cheaper than copying all k^nd of them (a
# full im2col), and keeps each product deep enough to run at BLAS speed.
_MIN_DEPTH = 128
_MAX_SPREAD = 1.3  # padded grid / output positions, above which the junk costs too much


def _flat_plan(size, kernel, padding, dilation, n, per_group):
    """The geometry of a stride-1 convolution over the flat layout, or None where it does
    not pay: when every tap would be copied (channels too few for a deep product from the
    last dim's taps alone, so the columns are an im2col with junk) or when the margins are
    a large part of the grid (small images, large kernels). Cached by geometry: a training
    step asks again for every layer and pass."""
    return _flat_plan_of(tuple(size), tuple(kernel), tuple(tuple(p) for p in padding),
                         tuple(dilation), n, per_group)


@functools.lru_cache(maxsize=128)
def _flat_plan_of(size, kernel, padding, dilation, n, per_group):
    full = tuple(s + a + b for s, (a, b) in zip(size, padding))
    out = tuple(f - d * (k - 1) for f, k, d in zip(full, kernel, dilation))
    strides = tuple(math.prod(full[i + 1:]) for i in range(len(full)))
    split = len(kernel)  # kernel dims [split:] are copied side by side into columns
    while split > 0 and per_group * math.prod(kernel[split:]) < _MIN_DEPTH:
        split -= 1
    if split == 0 or math.prod(full) > _MAX_SPREAD * math.prod(out):
        return None  # all taps copied, or many junk positions: the strided windows win
    inner = tuple(sum(k * d * s for k, d, s in zip(o, dilation[split:], strides[split:]))
                  for o in np.ndindex(*kernel[split:]))
    outer = tuple(sum(k * d * s for k, d, s in zip(o, dilation[:split], strides[:split]))
                  for o in np.ndindex(*kernel[:split]))
    total = n * math.prod(full)
    run = total - outer[-1] - inner[-1]  # positions computed: every valid one lies below
    return full, out, split, inner, outer, total, run


def _flat_rows(x, padding, full):
    """x (N, C, *size) zero-padded and laid out as (C, N * padded size)."""
    n, channels = x.shape[:2]
    rows = np.zeros((channels, n) + full, x.dtype)
    rows[(Ellipsis,) + tuple(slice(a, a + s) for s, (a, _) in zip(x.shape[2:], padding))] = \
        np.swapaxes(x, 0, 1)
    return rows.reshape(channels, -1)


def _flat_columns(rows, inner, length):
    """Columns (C, inner taps, length): block [c, j] is row c from inner offset j on."""
    cols = np.empty((rows.shape[0], len(inner), length), rows.dtype)
    for j, off in enumerate(inner):
        cols[:, j] = rows[:, off:off + length]
    return cols


def _convolve_flat(x, w, padding, dilation, groups):
    """A stride-1 convolution over the flat layout (see above); None where it does not
    pay."""
    n, channels = x.shape[:2]
    kernel, out_channels = w.shape[2:], w.shape[0]
    per_group = channels // groups
    plan = _flat_plan(x.shape[2:], kernel, padding, dilation, n, per_group)
    if plan is None:
        return None
    full, out, split, inner, outer, total, run = plan
    cols = _flat_columns(_flat_rows(x, padding, full), inner, run + outer[-1])
    cols = cols.reshape(groups, per_group * len(inner), -1)
    # the weight as (outer taps, groups, O / G, C / G x inner taps), matching the columns
    nd = len(kernel)
    order = (tuple(range(2, 2 + split)) + (0, 1) + tuple(range(2 + split, 2 + nd)))
    weights = np.ascontiguousarray(w.transpose(order)).reshape(
        len(outer), groups, out_channels // groups, per_group * len(inner))
    y = np.empty((groups, out_channels // groups, total), x.dtype)
    np.matmul(weights[0], cols[:, :, outer[0]:outer[0] + run], out=y[:, :, :run])
    if len(outer) > 1:
        term = np.empty((groups, out_channels // groups, run), x.dtype)
        for tap, off in enumerate(outer[1:], 1):
            np.matmul(weights[tap], cols[:, :, off:off + run], out=term)
            y[:, :, :run] += term
    grid = y.reshape((out_channels, n) + full)
    kept = grid[(Ellipsis,) + tuple(slice(0, o) for o in out)]
    return np.ascontiguousarray(np.swapaxes(kept, 0, 1))


def _convolve_transposed_flat(x, w, padding, dilation, output_padding, groups):
    """A stride-1 transposed convolution as the convolution it equals: the kernel flipped,
    its two channel dims swapped within each group, and d (k - 1) - pad zeros around x
    (None when some padding would be negative or the flat layout does not pay)."""
    kernel = w.shape[2:]
    pads = tuple((d * (k - 1) - a, d * (k - 1) - b + p) for k, d, (a, b), p
                 in zip(kernel, dilation, padding, output_padding))
    if any(a < 0 or b < 0 for a, b in pads):
        return None
    in_group, out_group = x.shape[1] // groups, w.shape[1]
    flipped = w[(slice(None), slice(None)) + (slice(None, None, -1),) * len(kernel)]
    swapped = np.swapaxes(flipped.reshape((groups, in_group, out_group) + kernel), 1, 2)
    weight = swapped.reshape((groups * out_group, in_group) + kernel)
    return _convolve_stride1(x, weight, pads, dilation, groups)


def _convolve_stride1(x, w, padding, dilation, groups, keep=None):
    """A stride-1 convolution by Winograd's F(4x4, 3x3) where it applies (3x3 kernels,
    enough channels, see ops/_winograd.py; `keep` receives its input tiles), else over the
    flat layout; None where neither pays."""
    if _winograd.suitable(x.shape, w.shape, padding, dilation, groups, x.dtype):
        return _winograd.convolve(x, np.ascontiguousarray(w), padding, keep)
    return _convolve_flat(x, w, padding, dilation, groups)


def _weight_gradient_flat(a, g, weight_shape, padding, dilation, groups):
    """W(a, g) of a stride-1 convolution without leading batch dims: g laid on the flat
    positions (zeros elsewhere), one product with the columns per outer tap, each giving
    that tap's slice of the weight (None where the flat layout does not pay)."""
    n, channels = a.shape[:2]
    kernel, out_channels = weight_shape[2:], weight_shape[0]
    per_group = channels // groups
    plan = _flat_plan(a.shape[2:], kernel, padding, dilation, n, per_group)
    if plan is None:
        return None
    full, out, split, inner, outer, total, run = plan
    spread = np.zeros((out_channels, n) + full, g.dtype)
    spread[(Ellipsis,) + tuple(slice(0, s) for s in g.shape[2:])] = np.swapaxes(g, 0, 1)
    spread = spread.reshape(groups, out_channels // groups, total)[:, :, :run]
    cols = _flat_columns(_flat_rows(a, padding, full), inner, run + outer[-1])
    cols = cols.reshape(groups, per_group * len(inner), -1)
    result = np.empty((len(outer), groups, per_group * len(inner), out_channels // groups),
                      cols.dtype)
    spread_t = np.swapaxes(spread, 1, 2)
    for tap, off in enumerate(outer):  # (cols spread^T)^T, the faster orientation
        np.matmul(cols[:, :, off:off + run], spread_t, out=result[tap])
    # (outer, G, C / G, inner, O / G) back to (O, C / G, *outer kernel, *inner kernel)
    nd = len(kernel)
    result = result.reshape(kernel[:split] + (groups, per_group) + kernel[split:]
                            + (out_channels // groups,))
    order = ((split, nd + 2, split + 1) + tuple(range(split))
             + tuple(range(split + 2, nd + 2)))
    result = result.transpose(order)  # (G, O / G, C / G, *kernel)
    return np.ascontiguousarray(result).reshape(weight_shape)


# ---------------------------------------------------------------------- forward kernels
def _channels_first(view: np.ndarray, nd: int) -> np.ndarray:
    """Windows (N, C, *kernel, *out) reordered as (C, *kernel, N, *out) (a view): rows are
    weight entries and columns are positions of every sample, so that one matrix product
    covers the whole batch."""
    order = (1,) + tuple(range(2, 2 + nd)) + (0,) + tuple(range(2 + nd, 2 + 2 * nd))
    return view.transpose(order)


_SHORT_ROWS = 16  # output rows shorter than this: columns with samples innermost


def _samples_to_back(a: np.ndarray) -> np.ndarray:
    """np.moveaxis(a, 0, -1) as a plain transpose (moveaxis's argument checks cost ~5 us, a
    tenth of a small layer's copy)."""
    return a.transpose(tuple(range(1, a.ndim)) + (0,))


def _samples_to_front(a: np.ndarray) -> np.ndarray:
    """np.moveaxis(a, -1, 0) as a plain transpose."""
    return a.transpose((a.ndim - 1,) + tuple(range(a.ndim - 1)))


def _samples_last_input(x, padding):
    """x (N, C, *in) zero-padded and reordered as (C, *full, N): samples innermost (one
    copy of the input). Copying windows whose rows are short (a small image's) walks runs
    of a row's width only; with samples last, a window row of every sample is one run (row
    width x N values)."""
    return np.ascontiguousarray(_samples_to_back(_pad(x, padding)))


def _samples_last_windows(moved, kernel, stride, dilation, out):
    """The windows of a _samples_last_input as a read-only view (C, *kernel, *out, N)."""
    nd = len(kernel)
    strides = moved.strides
    return strided(moved, (moved.shape[0],) + tuple(kernel) + tuple(out) + (moved.shape[-1],),
                      (strides[0],) + tuple(strides[1 + i] * dilation[i] for i in range(nd))
                      + tuple(strides[1 + i] * stride[i] for i in range(nd))
                      + (strides[-1],), writeable=False)


def _column_bands(view, groups, piece=None, ones=False):
    """The columns (G, C / G x k, positions) of samples-last windows (C, *kernel, *out, N),
    a band of output rows (the first spatial dim) at a time, each copied into the same
    buffer of ~_CHUNK_VALUES values: yields (index, columns), index selecting the band in
    (*out). A band's columns are still in L2 when a product reads them, and no copy of all
    the columns is written to memory (a LeNet step's second layer, SkylakeX: the forward's
    columns kept whole cost a 3.8 MB write and a read back).

    `piece` caps a band's positions: a row longer than that is cut along the second spatial
    dim (index: the row and a slice of it) if each step of that dim is a multiple of
    _SAME_BITS positions. With `ones`, the columns have one more row of ones (a bias's
    column of the weight)."""
    nd = (view.ndim - 2) // 2
    depth = view.shape[0] // groups * math.prod(view.shape[1:1 + nd])
    count = view.shape[1 + nd]
    band = math.prod(view.shape[2 + nd:])  # positions of one output row of every sample
    limit = max(1, _CHUNK_VALUES // max(1, groups * depth))
    if piece is not None:
        limit = min(limit, piece)
    across = view.shape[2 + nd] if nd > 1 else 1
    if band <= limit or nd == 1 or band // across % _SAME_BITS:
        step = max(1, limit // band)
        bands = [(slice(i, min(i + step, count)),) for i in range(0, count, step)]
        most = min(step, count) * band
    else:  # parts of one row
        inner = band // across
        step = max(1, limit // inner)
        bands = [(row, slice(i, min(i + step, across))) for row in range(count)
                 for i in range(0, across, step)]
        most = min(step, across) * inner
    flat = np.empty(groups * (depth + ones) * most, view.dtype)
    lead = (slice(None),) * (1 + nd)
    for index in bands:
        window = view[lead + index]
        split = (groups, window.shape[0] // groups) + window.shape[1:]
        # a contiguous prefix of the buffer, so that the reshapes are views
        positions = window.size // (view.shape[0] * math.prod(view.shape[1:1 + nd]))
        cols = flat[:groups * (depth + ones) * positions].reshape(groups, depth + ones, -1)
        reshaped_view(cols[:, :depth], split)[...] = window.reshape(split)
        if ones:
            cols[:, depth] = 1
        yield index, cols


def _convolve_samples_last(x, w, stride, padding, dilation, out, groups, keep, key,
                           bias=None):
    """_convolve with samples-last columns, copied and multiplied a band of output rows at
    a time (_column_bands), the bias (if given) a column of the product. The same
    products, column by column, as one product: the same bits. `keep` receives the padded,
    reordered input (N C x padded size values, not the k times larger columns): the weight
    gradient copies its bands again.

    Bands of at most _PIECE positions: OpenBLAS runs LeNet's second layer's (16 x 150) by
    (150 x positions) products quickest at ~320 positions (SkylakeX, in L2: 0.55 ms for
    6,400 positions against 0.74 in bands of 1,280; the layer's forward 1.2 -> 0.93 ms)."""
    n = x.shape[0]
    out_channels = w.shape[0]
    moved = _samples_last_input(x, padding)
    view = _samples_last_windows(moved, w.shape[2:], stride, dilation, out)
    result = np.empty((groups, out_channels // groups) + tuple(out) + (n,), x.dtype)
    weights = w.reshape(groups, out_channels // groups, -1)
    if bias is not None:
        weights = np.concatenate([weights, bias.reshape(groups, -1, 1)], axis=-1)
    for index, cols in _column_bands(view, groups, _PIECE, bias is not None):
        target = result[(slice(None),) * 2 + index]
        np.matmul(weights, cols, out=reshaped_view(target, target.shape[:2] + (-1,)))
    if keep is not None and moved.size <= KEEP_VALUES:
        keep.put(x, key + ("samples last",), moved)
    result = result.reshape((out_channels,) + out + (n,))
    return np.ascontiguousarray(_samples_to_front(result))


_PIECE = 320  # positions per band of a samples-last forward product (see above)
# OpenBLAS's SkylakeX kernels give a product's columns the bits of one whole product when
# they come in blocks of 16; other widths take a tail kernel that sums in another order
_SAME_BITS = 16


def _weight_gradient_samples_last(a, g, weight_shape, stride, padding, dilation, groups,
                                  keep):
    """_weight_gradient for short output rows: per band of output rows, the band's
    columns (_column_bands, from the forward's kept input if there is one) times g's band,
    summed over bands (as (cols g^T)^T, the faster orientation)."""
    moved = _kept_columns(keep, a, "samples last", stride, padding, dilation, groups)
    if moved is None:
        moved = _samples_last_input(a, padding)
    out = g.shape[2:]
    view = _samples_last_windows(moved, weight_shape[2:], stride, dilation, out)
    out_channels = g.shape[1]
    grads = np.reshape(_samples_to_back(g), (groups, out_channels // groups, out[0], -1))
    total = np.zeros((groups, view.shape[0] // groups * math.prod(weight_shape[2:]),
                      out_channels // groups), np.result_type(a, g))
    grads = grads.reshape((groups, out_channels // groups) + tuple(out) + (-1,))
    for index, cols in _column_bands(view, groups):
        band = grads[(slice(None),) * 2 + index].reshape(groups, out_channels // groups, -1)
        total += np.matmul(cols, np.swapaxes(band, -1, -2))
    return np.swapaxes(total, -1, -2).reshape(weight_shape)


# ---------------------------------------------------------------------- shallow products
# A convolution whose product is shallow (few input channels x kernel taps, e.g. a first
# layer on one-channel images) runs its GEMM at a fraction of BLAS speed when the columns
# of the whole batch are one long operand that streams from memory: per sample, and a few
# samples at a time, the columns stay in cache, and the products land in (N, O, L) order
# directly (no reordering of the result).
_SHALLOW = 32  # product depth (C / groups x kernel taps) up to which samples go in chunks
_CHUNK_VALUES = 1 << 18  # column values per chunk (1 MiB of float32: in L2)


def _shallow(x_shape, w_shape, groups) -> bool:
    return x_shape[1] // groups * math.prod(w_shape[2:]) <= _SHALLOW


def _chunks(n: int, per_sample: int):
    """(start, stop) of consecutive samples whose columns hold about _CHUNK_VALUES."""
    step = max(1, _CHUNK_VALUES // max(per_sample, 1))
    return [(i, min(i + step, n)) for i in range(0, n, step)]


def _convolve_shallow(x, w, stride, padding, dilation, groups, keep=None):
    """_convolve by chunks of samples, one product per sample (see above); `keep` receives
    the chunks' columns (a list) when they hold at most KEEP_VALUES in all."""
    n, channels = x.shape[:2]
    kernel, out_channels = w.shape[2:], w.shape[0]
    plan = _shallow_flat.plan(x.shape[2:], kernel, padding, dilation, stride)
    if plan is not None:
        return _convolve_shallow_flat(x, w, None, stride, padding, dilation, groups, keep,
                                      plan)
    nd = len(kernel)
    out = tuple(conv_output_size(x.shape[2 + i], kernel[i], stride[i], *padding[i],
                                 dilation[i]) for i in range(nd))
    depth, positions = channels // groups * math.prod(kernel), math.prod(out)
    padded = _pad(x, padding)
    weights = w.reshape(groups, out_channels // groups, depth)
    y = np.empty((n, out_channels) + out, x.dtype)
    rows = y.reshape(n, groups, out_channels // groups, positions)
    kept = [] if keep is not None and n * depth * positions * groups <= KEEP_VALUES else None
    for start, stop in _chunks(n, depth * positions * groups):
        view = _windows(padded[start:stop], kernel, stride, dilation, out)
        cols = np.reshape(view, (stop - start, groups, depth, positions))
        np.matmul(weights, cols, out=rows[start:stop])
        if kept is not None:
            kept.append(cols)
    if kept is not None:
        keep.put(x, ("columns", stride, padding, dilation, groups, "chunks"), kept)
    return y


def _convolve_shallow_flat(x, w, bias, stride, padding, dilation, groups, keep, plan):
    """Stride 1: columns copied as flat runs (ops/_conv_shallow_flat.py); `keep` receives
    the padded flat input."""
    y, flat = _shallow_flat.convolve(x, w, bias, padding, groups, plan, _CHUNK_VALUES)
    if keep is not None and flat.size <= KEEP_VALUES:
        keep.put(x, ("columns", stride, padding, dilation, groups, "flat"), flat)
    return y


def _weight_gradient_shallow(a, g, weight_shape, stride, padding, dilation, groups,
                             keep=None):
    """_weight_gradient by chunks of samples: per sample (g columns^T), summed; with the
    forward's chunks of columns if it kept them. (g columns^T rather than (columns g^T)^T:
    LeNet's first layer 0.48 -> 0.39 ms on SkylakeX, the same bits there.)"""
    n, channels = a.shape[:2]
    kernel, out_channels = weight_shape[2:], weight_shape[0]
    plan = _shallow_flat.plan(a.shape[2:], kernel, padding, dilation, stride)
    if plan is not None and tuple(g.shape[2:]) == plan[1]:
        flat = _kept_columns(keep, a, "flat", stride, padding, dilation, groups)
        return _shallow_flat.weight_gradient(a, g, weight_shape, padding, groups, plan,
                                             _CHUNK_VALUES, flat)
    out = g.shape[2:]
    depth, positions = channels // groups * math.prod(kernel), math.prod(out)
    grads = g.reshape(n, groups, out_channels // groups, positions)
    total = np.zeros((groups, out_channels // groups, depth), a.dtype)
    kept = _kept_columns(keep, a, "chunks", stride, padding, dilation, groups)
    padded = _pad(a, padding) if kept is None else None
    for index, (start, stop) in enumerate(_chunks(n, depth * positions * groups)):
        if kept is not None:
            cols = kept[index]
        else:
            view = _windows(padded[start:stop], kernel, stride, dilation, out)
            cols = np.reshape(view, (stop - start, groups, depth, positions))
        total += np.matmul(grads[start:stop], np.swapaxes(cols, -1, -2)).sum(axis=0)
    return total.reshape(weight_shape)


def _convolve(x, w, stride, padding, dilation, groups, keep=None, bias=None):
    """x (N, C, *in) with w (O, C / groups, *k), plus the bias (O,) if given: the windows
    copied once into columns (C k, N L), one matrix product (per group, in the same call),
    the result reordered. `keep` (a KeptInput) receives the columns, or Winograd's tiles,
    for the weight gradient."""
    if bias is not None and _shallow(x.shape, w.shape, groups):
        plan = _shallow_flat.plan(x.shape[2:], w.shape[2:], padding, dilation, stride)
        if plan is not None:  # the bias is a column of the product
            return _convolve_shallow_flat(x, w, bias, stride, padding, dilation, groups,
                                          keep, plan)
    out, added = _convolve_paths(x, w, stride, padding, dilation, groups, keep, bias)
    if bias is not None and not added:  # into the product's own fresh array
        out += bias.reshape((-1,) + (1,) * (out.ndim - 2))
    return out


def _convolve_paths(x, w, stride, padding, dilation, groups, keep, bias):
    """_convolve's output and whether it has the bias added (the samples-last path adds
    it as a column of its products)."""
    if all(s == 1 for s in stride):
        flat = _convolve_stride1(x, w, padding, dilation, groups, keep)
        if flat is not None:
            return flat, False
    if _shallow(x.shape, w.shape, groups):
        return _convolve_shallow(x, w, stride, padding, dilation, groups, keep), False
    n, channels = x.shape[:2]
    nd = w.ndim - 2
    kernel = w.shape[2:]
    out_channels = w.shape[0]
    out = tuple(conv_output_size(x.shape[2 + i], kernel[i], stride[i], *padding[i],
                                 dilation[i]) for i in range(nd))
    key = ("columns", stride, padding, dilation, groups)
    if out[-1] < _SHORT_ROWS:
        return _convolve_samples_last(x, w, stride, padding, dilation, out, groups, keep,
                                      key, bias), True
    view, out = _input_windows(x, kernel, stride, padding, dilation)
    cols = np.reshape(_channels_first(view, nd),
                      (groups, channels // groups * math.prod(kernel), n * math.prod(out)))
    if keep is not None and cols.size <= KEEP_VALUES:
        keep.put(x, key + ("positions last",), cols)
    result = np.matmul(w.reshape(groups, out_channels // groups, -1), cols)
    result = result.reshape((out_channels, n) + out)
    return np.ascontiguousarray(np.swapaxes(result, 0, 1)), False


def _kept_columns(keep, a, layout, stride, padding, dilation, groups):
    """The forward's columns of `a` in this layout if it kept them, else None."""
    if keep is None:
        return None
    return keep.take(a, ("columns", stride, padding, dilation, groups, layout))


def _transposed_size(size, kernel, stride, padding, dilation, output_padding):
    return tuple((i - 1) * s - a - b + d * (k - 1) + p + 1 for i, k, s, (a, b), d, p
                 in zip(size, kernel, stride, padding, dilation, output_padding))


def _convolve_transposed(x, w, stride, padding, dilation, output_padding, groups):
    """The adjoint of `_convolve` in its input: x (N, C_in, *in) with w (C_in, C_out / groups,
    *k) multiplied into columns (one product for the batch), which are added back into the
    (padded) output, one kernel offset at a time.

    The weight's rows are ordered (group, kernel offset, output channel), so each offset's
    block of the product is one contiguous array added into a buffer of the same layout,
    reordered to (N, C_out, *out) once at the end. Its columns are (sample, position), or
    (position, sample) when the image's rows are short (under _SHORT_ROWS values): every
    strided addition then runs over rows of width x N values rather than a few, which pays
    for reordering the input and the result."""
    if all(s == 1 for s in stride):
        flat = _convolve_transposed_flat(x, w, padding, dilation, output_padding, groups)
        if flat is not None:
            return flat
    n, channels = x.shape[:2]
    kernel, size = w.shape[2:], x.shape[2:]
    taps = math.prod(kernel)
    in_group, out_group = channels // groups, w.shape[1]
    per_group = np.reshape(w.reshape(groups, in_group, out_group, taps).transpose(0, 3, 2, 1),
                           (groups, taps * out_group, in_group))
    inner = size[-1] < _SHORT_ROWS  # samples innermost
    rows = _samples_to_back(x) if inner else np.swapaxes(x, 0, 1)
    rows = np.reshape(rows, (groups, in_group, n * math.prod(size)))
    out = _transposed_size(size, kernel, stride, padding, dilation, output_padding)
    full = tuple(o + a + b for o, (a, b) in zip(out, padding))
    head, tail = ((slice(None),) * 2, (slice(None),)) if inner else ((slice(None),) * 3, ())
    dtype = np.result_type(per_group, rows)
    buffer = np.zeros((groups, out_group) + (full + (n,) if inner else (n,) + full), dtype)
    if inner and stride[0] == 1 and len(kernel) > 1:
        _add_back_by_rows(buffer, per_group, rows, kernel, dilation, stride, size)
    else:
        _add_back(buffer, per_group, rows, kernel, dilation, stride, size, inner)
    cropped = buffer[head + tuple(slice(a, a + o) for o, (a, _) in zip(out, padding)) + tail]
    cropped = cropped.reshape((groups * out_group,) + (out + (n,) if inner else (n,) + out))
    return np.ascontiguousarray(_samples_to_front(cropped) if inner
                                else np.swapaxes(cropped, 0, 1))


def _add_back(buffer, per_group, rows, kernel, dilation, stride, size, inner):
    """buffer (G, O / G, *full, N) or (G, O / G, N, *full) += every kernel offset's block of
    per_group (G, taps x O / G, C / G) times rows (G, C / G, positions), at its place."""
    groups, out_group = buffer.shape[:2]
    taps, n, dtype = math.prod(kernel), buffer.shape[-1 if inner else 2], buffer.dtype
    targets = _tap_targets(tuple(kernel), tuple(dilation), tuple(stride), tuple(size), inner)
    # The product a few taps at a time (~_CHUNK_VALUES values), each block added back while
    # it is in L2 rather than written out whole and read again (LeNet's second layer,
    # SkylakeX: 2.6 -> 2.25 ms). The same products and additions in the same order.
    per_tap = groups * out_group * rows.shape[-1]
    step = min(taps, max(1, _CHUNK_VALUES // max(1, per_tap)))
    block = np.empty((groups, step * out_group, rows.shape[-1]), dtype)
    for start in range(0, taps, step):
        stop = min(start + step, taps)
        part = block[:, :(stop - start) * out_group]
        np.matmul(per_group[:, start * out_group:stop * out_group], rows, out=part)
        part = part.reshape((groups, stop - start, out_group)
                            + (size + (n,) if inner else (n,) + size))
        for tap in range(start, stop):
            buffer[targets[tap]] += part[:, tap - start]


def _add_back_by_rows(buffer, per_group, rows, kernel, dilation, stride, size):
    """_add_back for samples-last buffers (G, O / G, *full, N) with stride 1 in the first
    spatial dim, in two stages. NumPy adds into a strided block at ~0.6 ns a value against
    0.2 for a contiguous one (LeNet's second layer: blocks of 10 x 64 values, 14 x 64 apart):
    so for each offset r of the kernel's other dims, the first dim's taps' blocks are summed
    into `rows_sum` (G, O / G, full rows, *size[1:], N), where each lands on one contiguous
    run per channel, and only that sum is added at r's strided place. LeNet's second layer,
    SkylakeX: the additions 0.9 -> ~0.45 ms. (The sums are grouped by r: float rounding
    differs from adding the taps one by one.)"""
    groups, out_group = buffer.shape[:2]
    first, rest = kernel[0], tuple(kernel[1:])
    taps_rest = math.prod(rest)
    in_group = per_group.shape[-1]
    # the weight's rows as (r, first dim's tap, O / G): r's taps are one block
    by_rest = per_group.reshape(groups, first, taps_rest, out_group, in_group)
    by_rest = np.ascontiguousarray(by_rest.transpose(0, 2, 1, 3, 4)).reshape(
        groups, taps_rest, first * out_group, in_group)
    size0, step0 = size[0], dilation[0]
    block = np.empty((groups, first * out_group, rows.shape[-1]), buffer.dtype)
    rows_sum = np.empty(buffer.shape[:2] + (buffer.shape[2],) + tuple(size[1:])
                        + buffer.shape[-1:], buffer.dtype)
    flat_sum = rows_sum.reshape(groups, out_group, -1)
    run = math.prod(size) * buffer.shape[-1]  # one block's values per channel
    line = run // size0  # values per row of a block
    targets = _rest_targets(rest, tuple(dilation[1:]), tuple(stride[1:]), tuple(size[1:]))
    positions = rows.shape[-1]
    for r in range(taps_rest):
        for start in range(0, positions, _GRADIENT_PIECE):  # (see _GRADIENT_PIECE)
            stop = min(start + _GRADIENT_PIECE, positions)
            np.matmul(by_rest[:, r], rows[:, :, start:stop], out=block[:, :, start:stop])
        part = block.reshape(groups, first, out_group, run)
        flat_sum[:, :, :run] = part[:, 0]
        flat_sum[:, :, run:] = 0
        for tap in range(1, first):
            start = tap * step0 * line
            target = flat_sum[:, :, start:start + run]
            np.add(target, part[:, tap], out=target)
        buffer[targets[r]] += rows_sum


# positions per product of _add_back_by_rows: OpenBLAS runs LeNet's (30 x 16) by (16 x
# positions) products quicker in blocks (SkylakeX: 6,400 positions 0.82 ms whole, 0.52 in
# blocks of 1,280); a multiple of _SAME_BITS
_GRADIENT_PIECE = 1280


@functools.lru_cache(maxsize=64)
def _rest_targets(kernel, dilation, stride, size):
    """Where _add_back_by_rows adds each offset of the kernel's other dims' sums in its
    buffer (G, O / G, *full, N)."""
    return tuple((slice(None),) * 3 + tuple(slice(k * d, k * d + s * (i - 1) + 1, s)
                                            for k, d, s, i in zip(offset, dilation, stride, size))
                 + (slice(None),) for offset in np.ndindex(*kernel))


@functools.lru_cache(maxsize=64)
def _tap_targets(kernel, dilation, stride, size, inner):
    """Where each kernel offset's block of a transposed convolution's columns is added in
    its buffer (G, O / G, *full, N) or (G, O / G, N, *full): built once per geometry (the
    Python of 25 index tuples is ~a tenth of LeNet's second layer's input gradient)."""
    head, tail = ((slice(None),) * 2, (slice(None),)) if inner else ((slice(None),) * 3, ())
    return tuple(head + tuple(slice(k * d, k * d + s * (i - 1) + 1, s)
                              for k, d, s, i in zip(offset, dilation, stride, size)) + tail
                 for offset in np.ndindex(*kernel))


def _weight_gradient(a, g, weight_shape, stride, padding, dilation, groups, keep=None):
    """W(a, g): the gradient of a convolution of `a` with respect to its weight, given the
    output gradient g. Either argument may carry one extra leading (batch) dim, which the
    result then has too (batched Jacobians use that). `keep`: what the forward kept of a
    (its columns are taken from there when they are a's and the layout is this one)."""
    nd = len(weight_shape) - 2
    if (a.ndim == g.ndim == nd + 2 and all(s == 1 for s in stride)
            and _winograd.suitable(a.shape, weight_shape, padding, dilation, groups, a.dtype)
            and g.dtype == a.dtype
            and tuple(g.shape[2:]) == _winograd.output_size(a.shape, padding)):
        return _winograd.weight_gradient(a, g, padding)
    if a.ndim == g.ndim == nd + 2 and all(s == 1 for s in stride):
        flat = _weight_gradient_flat(a, g, weight_shape, padding, dilation, groups)
        if flat is not None:
            return flat
    kernel = weight_shape[2:]
    if a.ndim == g.ndim == nd + 2 and _shallow(a.shape, weight_shape, groups):
        return _weight_gradient_shallow(a, g, weight_shape, stride, padding, dilation,
                                        groups, keep)
    if a.ndim == g.ndim == nd + 2 and g.shape[-1] < _SHORT_ROWS:
        return _weight_gradient_samples_last(a, g, weight_shape, stride, padding, dilation,
                                             groups, keep)
    a_lead, g_lead = a.shape[:-nd - 2], g.shape[:-nd - 2]
    n, channels = a.shape[-nd - 2:-nd]
    out = g.shape[-nd:]
    b_a, b_g = math.prod(a_lead), math.prod(g_lead)  # 1 without a leading batch
    cols = _kept_columns(keep, a, "positions last", stride, padding, dilation, groups)
    if cols is None:
        a = a.reshape((b_a * n,) + a.shape[-nd - 1:])
        view = _windows(_pad(a, padding), kernel, stride, dilation, out)
        view = view.reshape((b_a, n) + view.shape[1:])
        # columns as (batch, C, *kernel, N, *out): rows are weight entries, columns positions
        order = (0, 2) + tuple(range(3, 3 + nd)) + (1,) + tuple(range(3 + nd, 3 + 2 * nd))
        cols = view.transpose(order)
    cols = np.reshape(cols, (b_a, groups, channels // groups * math.prod(kernel),
                             n * math.prod(out)))
    g = g.reshape((b_g, n) + g.shape[-nd - 1:])
    out_channels = g.shape[2]
    grads = np.reshape(np.swapaxes(g, 1, 2),
                       (b_g, groups, out_channels // groups, n * math.prod(out)))
    # as (cols grads^T)^T: BLAS runs this orientation 10-40% faster on these shapes (a
    # long inner dim, few output channels)
    result = np.swapaxes(np.matmul(cols, np.swapaxes(grads, -1, -2)), -1, -2)
    return result.reshape(a_lead + g_lead + tuple(weight_shape))


# ---------------------------------------------------------------------- the convolution op
@declare("convolution", grad_fn="ConvolutionBackward0", saves=(0, 1), dtype=SAME,
         formula="y = conv(x, w) + b; dx = conv_transpose(g, w); dw = sum_n,p g x-windows; "
                 "db = sum of g over batch and positions (transposed: the roles of conv and "
                 "conv_transpose swap)")
def _convolution(x, w, b, stride, padding, dilation, transposed, output_padding, groups,
                 keep=None):
    # keep: an optional KeptInput the public function passes when the weight will want a
    # gradient (the backward then reuses the input's columns or transformed tiles)
    if transposed:
        out = _convolve_transposed(x, w, stride, padding, dilation, output_padding, groups)
        if b is not None:  # into the product's own fresh array
            out += b.reshape((-1,) + (1,) * (out.ndim - 2))
        return out
    return _convolve(x, w, stride, padding, dilation, groups, keep, b)


def _input_output_padding(size, out, kernel, stride, padding, dilation):
    """The output_padding under which a transposed convolution of `out` has `size` again
    (the rows a strided convolution left over)."""
    return tuple(i + a + b - d * (k - 1) - 1 - (o - 1) * s for i, o, k, s, (a, b), d
                 in zip(size, out, kernel, stride, padding, dilation))


@_convolution.backward
def _(ctx, g):
    x, w = ctx.saved[:2]
    if isinstance(g, Tensor):
        return _recorded_gradients(ctx, g, x, w)
    stride, padding, dilation, transposed, output_padding, groups = ctx.params[:6]
    keep = ctx.params[6] if len(ctx.params) > 6 else None
    gx = gw = gb = None
    nd = len(stride)
    if _needs(ctx, 1) and not transposed:
        shared = _winograd_gradients(x, w, g, stride, padding, dilation, groups, keep,
                                     _needs(ctx, 0))
        if shared is not None:
            gx, gw = shared
    if _needs(ctx, 0) and gx is None:
        if transposed:
            gx = xp.op("convolution", (g, w, None), stride, padding, dilation, False,
                       (0,) * nd, groups)
            gx = _cut_to(gx, x)
        else:
            extra = _input_output_padding(tuple(x.shape)[2:], tuple(g.shape)[2:],
                                          tuple(w.shape)[2:], stride, padding, dilation)
            gx = xp.op("convolution", (g, w, None), stride, padding, dilation, True, extra,
                       groups)
    if _needs(ctx, 1) and gw is None:
        a, b = (g, x) if transposed else (x, g)
        if keep is not None and not xp.is_tensor(g):  # the forward's columns, if kept
            gw = _weight_gradient(x, g, tuple(w.shape), stride, padding, dilation, groups,
                                  keep)
        else:
            gw = xp.op("convolution_weight", (a, b, w), tuple(w.shape), stride, padding,
                       dilation, groups)
    if _needs(ctx, 2):
        gb = _bias_gradient(g, nd)
    return gx, gw, gb


def _bias_gradient(g, nd: int):
    """g summed over the batch and the positions, per channel. On float32/float64 arrays
    by einsum, which reads g once with several accumulators: ~3x quicker than NumPy's
    multi-axis sum (LeNet's first layer 0.11 -> 0.04 ms) and as accurate there (largest
    error against a float64 sum 1.0e-7 of the largest value, NumPy's sum 2.2e-7)."""
    if not xp.is_tensor(g) and g.dtype in (np.float32, np.float64):
        return np.einsum("ncl->c", g.reshape(g.shape[0], g.shape[1], -1))
    return xp.sum(g, dim=(0,) + tuple(range(2, 2 + nd)))


def _recorded_gradients(ctx, g, x, w):
    """The gradients as torch's convolution_backward kernel records them
    (ConvolutionBackwardBackward0: ops/nn_conv_backward.py)."""
    from .nn_conv_backward import convolution_bias_grad, convolution_input_grad

    params = ctx.params[:6]
    stride, padding, dilation, transposed, _, groups = params
    gx = convolution_input_grad(g, x, w, params) if _needs(ctx, 0) else None
    gw = None
    if _needs(ctx, 1):
        a, b = (g, x) if transposed else (x, g)
        gw = xp.op("convolution_weight", (a, b, w), tuple(w.shape), stride, padding, dilation,
                   groups)
    return gx, gw, convolution_bias_grad(g, x, w) if _needs(ctx, 2) else None


def _winograd_gradients(x, w, g, stride, padding, dilation, groups, keep, input_too):
    """The weight gradient (and the input gradient if input_too, None otherwise) of a
    Winograd-sized stride-1 convolution on arrays, from the input tiles the forward kept
    and one copy of g serving both (ops/_winograd.py); None for Tensors (which record the
    two ops) and other convolutions."""
    if xp.is_tensor(g) or any(s != 1 for s in stride) or g.dtype != x.dtype:
        return None
    if not _winograd.suitable(x.shape, w.shape, padding, dilation, groups, x.dtype):
        return None
    tiles = None if keep is None else keep.take(x, ("winograd", padding))
    if not input_too:
        return None, _winograd.weight_gradient(x, g, padding, tiles)
    return _winograd.gradients(x, w, g, padding, tiles)


@_convolution.tangent
def _(ctx, tx, tw, tb):
    x, w, _ = ctx.inputs
    terms = []
    # (an absent tangent is a zero term where torch's formula is recorded: see
    # forward_ad.records)
    pad = _fw.records(x, w, tx, tw, tb)
    terms.append(ctx.run(tx, w, None) if tx is not None else
                 _fw.zero_term(ctx.run(_fw.zeros_for(x), w, None)) if pad else None)
    terms.append(ctx.run(x, tw, None) if tw is not None else
                 _fw.zero_term(ctx.run(x, _fw.zeros_for(w), None)) if pad else None)
    if tb is not None:
        terms.append(tb.reshape((-1,) + (1,) * (ctx._result._data.ndim - 2)))
    total = _fw.tangent_sum(*terms)
    return ctx.zeros() if total is None else total


# The weight's gradient kernel; w, its third input, is the convolution's weight (None where
# there is none: the input gradient's own derivative), read for nothing but kept as torch's
# one ConvolutionBackwardBackward0 node keeps it: written in place after the gradient was
# taken, it makes the backward refuse
@declare("convolution_weight", grad_fn="ConvolutionBackwardBackward0", saves=(0, 1, 2),
         dtype=SAME,
         formula="W(a, g)[o, c, k] = sum_n,p g[n, o, p] a[n, c, p s + k d - pad]; "
                 "dW/da = conv_transpose(g, v), dW/dg = conv(a, v); d/dw: none")
def _convolution_weight(a, g, w, weight_shape, stride, padding, dilation, groups):
    return _weight_gradient(a, g, weight_shape, stride, padding, dilation, groups)


@_convolution_weight.backward
def _(ctx, v):
    a, g, _ = ctx.saved
    weight_shape, stride, padding, dilation, groups = ctx.params
    nd = len(stride)
    ga = gg = None
    if _needs(ctx, 0):
        extra = _input_output_padding(tuple(a.shape)[2:], tuple(g.shape)[2:], weight_shape[2:],
                                      stride, padding, dilation)
        ga = xp.op("convolution", (g, v, None), stride, padding, dilation, True, extra, groups)
    if _needs(ctx, 1):
        gg = _cut_to(xp.op("convolution", (a, v, None), stride, padding, dilation, False,
                           (0,) * nd, groups), g)
    return ga, gg, None


@_convolution_weight.tangent
def _(ctx, ta, tg, tw):
    """Bilinear in (a, g); the weight is read for nothing (left out)."""
    a, g, _ = ctx.inputs
    terms = []
    if ta is not None:
        terms.append(ctx.run(ta, g, None))
    if tg is not None:
        terms.append(ctx.run(a, tg, None))
    total = _fw.tangent_sum(*terms)
    return ctx.zeros() if total is None else total


def _cut_to(grad, like):
    """A gradient computed as a convolution over a transposed convolution's output, cut to
    the spatial size of `like`: the output_padding positions a stride of 1 does not absorb
    (dilation > 1 allows them) were never reached from `like`."""
    size = tuple(like.shape)[2:]
    if tuple(grad.shape)[2:] == size:
        return grad
    return grad[(slice(None), slice(None)) + tuple(slice(0, n) for n in size)]


# ---------------------------------------------------------------------- unfold / fold
@declare("im2col", grad_fn="Im2ColBackward0", dtype=SAME,
         formula="the sliding blocks of the padded input as columns; d/dx adds the columns "
                 "back into place (col2im)")
def _im2col(x, kernel, stride, padding, dilation, size):
    if x.ndim == 3:  # unbatched, as torch's kernel takes it
        return _im2col.forward(x[None], kernel, stride, padding, dilation, size)[0]
    view, out = _input_windows(x, kernel, stride, padding, dilation)
    n, channels = x.shape[:2]
    return np.reshape(view, (n, channels * math.prod(kernel), math.prod(out)))


@_im2col.backward
def _(ctx, g):
    kernel, stride, padding, dilation, size = ctx.params
    return (xp.op("col2im", (g,), size, kernel, stride, padding, dilation),)


@declare("col2im", grad_fn="Col2ImBackward0", dtype=SAME,
         formula="columns added back into the padded output, cropped; d/dcols = im2col")
def _col2im(cols, size, kernel, stride, padding, dilation):
    if cols.ndim == 2:  # unbatched, as torch's kernel takes it
        return _col2im.forward(cols[None], size, kernel, stride, padding, dilation)[0]
    n = cols.shape[0]
    nd = len(kernel)
    out = tuple(conv_output_size(size[i], kernel[i], stride[i], *padding[i], dilation[i])
                for i in range(nd))
    channels = cols.shape[1] // math.prod(kernel)
    blocks = cols.reshape((n, channels) + tuple(kernel) + out)
    full = tuple(s + a + b for s, (a, b) in zip(size, padding))
    return np.ascontiguousarray(_crop(_add_windows(blocks, full, stride, dilation), padding,
                                      size))


@_col2im.backward
def _(ctx, g):
    size, kernel, stride, padding, dilation = ctx.params
    return (xp.op("im2col", (g,), kernel, stride, padding, dilation, size),)


_im2col.tangent(_fw.linear)
_col2im.tangent(_fw.linear)


# ---------------------------------------------------------------------- public functions
_DIM_NAMES = {1: ("width",), 2: ("height", "width"), 3: ("depth", "height", "width")}
_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half",
               "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
               "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
               "complex128": "c10::complex<double>"}


def _expand(value, nd: int) -> tuple:
    """An int repeated for each spatial dim; a sequence as given (checked later)."""
    if isinstance(value, (int, np.integer)):
        return (int(value),) * nd
    values = tuple(int(v) for v in value)
    return values * nd if len(values) == 1 else values


def _check_length(name: str, values: tuple, nd: int) -> None:
    if len(values) != nd:
        listed = ", ".join(str(v) for v in values)
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {nd} "
                           f"values to match the convolution dimensions, but got "
                           f"{name}=[{listed}]")


def _shape_list(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _check_dtypes(x: Tensor, weight: Tensor, bias: Tensor | None, bias_first: bool) -> None:
    """torch's refusals of mixed dtypes: the bias's first (where `bias_first`: a plain
    convolution with numeric padding), then the weight's; the transposed ones and those
    with padding "same" or "valid" take another path in torch, which checks the weight
    first (the bias after it, as here)."""
    dtype = x._data.dtype
    if bias_first:
        _check_bias_dtype(dtype, bias)
    if weight._data.dtype != dtype:
        # (torch's oneDNN path, which words it so, takes float32 batches of two or more)
        if dtype == np.float32 and x.ndim == weight.ndim and x.shape[0] > 1:
            raise RuntimeError(
                f"Input type (torch.FloatTensor) and weight type (torch."
                f"{scalar_type_name(weight._data.dtype.name)}Tensor) should be the same "
                "or input should be a MKLDNN tensor and weight is a dense tensor")
        raise RuntimeError(f"expected scalar type {scalar_type_name(dtype.name)} but found "
                           f"{scalar_type_name(weight._data.dtype.name)}")
    _check_bias_dtype(dtype, bias)


def _check_bias_dtype(dtype: np.dtype, bias: Tensor | None) -> None:
    if bias is not None and bias._data.dtype != dtype:
        raise RuntimeError(f"Input type ({_TYPE_NAMES.get(dtype.name, dtype.name)}) and bias "
                           f"type ({_TYPE_NAMES.get(bias._data.dtype.name)}) should be the "
                           "same")


def _same_padding(weight_shape: tuple, dilation: tuple, stride: tuple) -> Pairs:
    """padding="same": the total d (k - 1) split with the odd zero after (as torch does)."""
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    totals = [d * (k - 1) for d, k in zip(dilation, weight_shape[2:])]
    if any(t % 2 for t in totals):
        warn_once("padding='same' of an odd total",
                  "Using padding='same' with even kernel lengths and odd dilation may "
                  "require a zero-padded copy of the input be created")
    return tuple((t // 2, t - t // 2) for t in totals)


def convolution(input: Tensor, weight: Tensor, bias: Tensor | None, stride, padding,
                dilation, transposed: bool, output_padding, groups: int,
                name: str, nd: int) -> Tensor:
    """The checks torch makes, then the op. `name` (conv2d, conv_transpose1d, ...) and `nd`
    (its spatial dims) are the public function's; an unbatched input is given a batch dim."""
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to "
                           f"{name}, but got input of size: {_shape_list(input.shape)}")
    if input.ndim == nd + 1:
        out = convolution(input.unsqueeze(0), weight, bias, stride, padding, dilation,
                          transposed, output_padding, groups, name, nd)
        return out.squeeze(0)
    w_nd = weight.ndim - 2
    stride = _expand(stride, nd)
    dilation = _expand(dilation, nd)
    output_padding = _expand(output_padding, nd)
    _check_length("stride", stride, w_nd)
    if isinstance(padding, str):
        if padding == "valid":
            pairs = ((0, 0),) * w_nd
        elif padding == "same":
            _check_length("dilation", dilation, w_nd)
            pairs = None
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        padding = _expand(padding, nd)
        _check_length("padding", padding, w_nd)
        if any(p < 0 for p in padding):
            raise RuntimeError("negative padding is not supported")
        pairs = tuple((p, p) for p in padding)
    _check_length("dilation", dilation, w_nd)
    if transposed:
        _check_length("output_padding", output_padding, w_nd)
        if any(p < 0 for p in output_padding):
            raise RuntimeError("negative output_padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("non-positive dilation is not supported")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if pairs is None:
        pairs = _same_padding(tuple(weight.shape), dilation, stride)
        if any(a != b for a, b in pairs):
            # torch pads the odd zero explicitly (ConstantPadNdBackward0), then convolves
            # with the symmetric rest
            extra = [0] * (2 * w_nd)
            for i, (a, b) in enumerate(pairs):
                extra[2 * (w_nd - 1 - i) + 1] = b - a
            input = constant_pad(input, tuple(extra), 0.0)
            pairs = tuple((a, a) for a, _ in pairs)
    # (torch's plain convolution with numeric padding checks the bias's dtype before
    # anything else; its other path checks the weight's after the shapes)
    bias_first = not transposed and not isinstance(padding, str)
    if bias_first:
        _check_bias_dtype(input._data.dtype, bias)
    _check_shapes(input, weight, bias, pairs, dilation, transposed, groups)
    if transposed:
        _check_output_padding(output_padding, stride, dilation, name)
        _check_transposed_size(tuple(input.shape[2:]), tuple(weight.shape[2:]), stride,
                               pairs, dilation, output_padding)
    # (a kernel missing for the input's dtype is refused before a weight of another dtype)
    _check_kernel_dtype(input._data.dtype, transposed, any(d > 1 for d in dilation), w_nd)
    _check_dtypes(input, weight, bias, bias_first)
    params = (stride, pairs, dilation, transposed,
              output_padding if transposed else (0,) * w_nd, groups)
    if not transposed and weight.requires_grad and is_grad_enabled():
        params += (KeptInput(),)  # filled by the forward's Winograd or column paths
    return apply(OPS["convolution"], (input, weight, bias), params)


def _check_kernel_dtype(dtype: np.dtype, transposed: bool, dilated: bool, nd: int) -> None:
    """torch's CPU convolution kernels' dtypes: the transposed and dilated ones take floats
    and int64 only, the plain ones any number but bool (1-d runs as 2-d)."""
    if dtype.kind == "f" or dtype == np.int64 or (dtype.kind in "iu" and not transposed
                                                   and not dilated):
        return
    if dtype.kind not in "biu":
        return  # (complex: refused elsewhere)
    if transposed:
        kernel = f"slow_conv_transpose{max(nd, 2)}d_out_cpu"
    elif dilated:
        kernel = "slow_conv_dilated<>"
    else:
        kernel = "slow_conv3d_cpu" if nd == 3 else "slow_conv2d_cpu"
    raise NotImplementedError(f'"{kernel}" not implemented for '
                              f"'{scalar_type_name(dtype.name)}'")


def _check_shapes(x: Tensor, w: Tensor, b: Tensor | None, pairs: Pairs, dilation: tuple,
                  transposed: bool, groups: int) -> None:
    shape = tuple(w.shape)
    if shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by "
                           f"{groups} at dimension 0, but got weight of size "
                           f"[{_shape_list(shape)}] instead")
    channels = shape[0] if transposed else shape[1] * groups
    given = "transposed=1" if transposed else f"groups={groups}"
    if x.shape[1] != channels:
        raise RuntimeError(f"Given {given}, weight of size {_shape_list(shape)}, expected "
                           f"input{_shape_list(x.shape)} to have {channels} channels, but "
                           f"got {x.shape[1]} channels instead")
    out_channels = shape[1] * groups if transposed else shape[0]
    if b is not None and (b.ndim != 1 or b.shape[0] != out_channels):
        prefix = "Given transposed=1, weight" if transposed else "Given weight"
        raise RuntimeError(f"{prefix} of size {_shape_list(shape)}, expected bias to be "
                           f"1-dimensional with {out_channels} elements, but got bias of "
                           f"size {_shape_list(b.shape)} instead")
    if not transposed:
        padded = [s + a + c for s, (a, c) in zip(x.shape[2:], pairs)]
        kernel = [d * (k - 1) + 1 for d, k in zip(dilation, shape[2:])]
        if any(k > p for k, p in zip(kernel, padded)):
            raise RuntimeError(
                f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
                f"Kernel size: ({' x '.join(map(str, kernel))}). Kernel size can't be greater "
                "than actual input size")


def _check_transposed_size(spatial: tuple, kernel: tuple, stride: tuple, pairs: Pairs,
                           dilation: tuple, output_padding: tuple) -> None:
    """A transposed convolution whose output would have no positions (padding eats it)."""
    out = tuple((n - 1) * s - a - b + d * (k - 1) + p + 1 for n, k, s, (a, b), d, p in
                zip(spatial, kernel, stride, pairs, dilation, output_padding))
    if all(o > 0 for o in out):
        return
    if len(spatial) == 1:  # (torch runs a 1-d convolution as a 2-d one of height 1)
        spatial, out = (1, *spatial), (1, *out)
    raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, spatial))}). "
                       f"Calculated output size per channel: ({' x '.join(map(str, out))}). "
                       "Output size is too small")


def _check_output_padding(output_padding: tuple, stride: tuple, dilation: tuple,
                          name: str) -> None:
    if all(p < s or p < d for p, s, d in zip(output_padding, stride, dilation)):
        return
    nd = len(stride)
    # torch runs a 1-d transposed convolution as a 2-d one with a height of 1
    values = [(0, 1, 1)] * (nd == 1) + list(zip(output_padding, stride, dilation))
    names = _DIM_NAMES[max(nd, 2)]
    parts = [f"{label}_{dim}: {v[i]}" for i, label in enumerate(
        ("output_padding", "stride", "dilation")) for dim, v in zip(names, values)]
    raise RuntimeError("output padding must be smaller than either stride or dilation, but "
                       "got " + " ".join(parts))


def _conv_function(nd: int):
    name = f"conv{nd}d"

    def signature(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                  padding=0, dilation=1, groups: int = 1) -> Tensor: ...

    def conv(*args, **kwargs) -> Tensor:
        # (two signatures, as torch's: a call matching neither is their joint TypeError)
        a = parse_conv(name, args, kwargs)
        return convolution(a["input"], a["weight"], a.get("bias"), a.get("stride", 1),
                           a.get("padding", 0), a.get("dilation", 1), False, 0,
                           a.get("groups", 1), name, nd)

    conv.__signature__ = inspect.signature(signature)
    conv.__name__ = conv.__qualname__ = name
    conv.__doc__ = (f"{nd}-d convolution (cross-correlation, as torch) of input (N, C, ...) "
                    "or (C, ...) with weight (C_out, C / groups, *kernel); padding may be "
                    "an int, a tuple, 'valid' or 'same'.")
    return public(method=False)(conv)


def _conv_transpose_function(nd: int):
    name = f"conv_transpose{nd}d"

    def conv_transpose(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                       padding=0, output_padding=0, groups: int = 1, dilation=1) -> Tensor:
        if isinstance(padding, str):
            raise TypeError(f"{name}(): argument 'padding' must be tuple of ints, not str")
        return convolution(input, weight, bias, stride, padding, dilation, True,
                           output_padding, groups, name, nd)

    conv_transpose.__name__ = conv_transpose.__qualname__ = name
    conv_transpose.__doc__ = (f"{nd}-d transposed convolution (the adjoint of conv{nd}d in "
                              "its input); weight (C_in, C_out / groups, *kernel).")
    return public(method=False)(conv_transpose)


conv1d = _conv_function(1)
conv2d = _conv_function(2)
conv3d = _conv_function(3)
conv_transpose1d = _conv_transpose_function(1)
conv_transpose2d = _conv_transpose_function(2)
conv_transpose3d = _conv_transpose_function(3)


def _block_pair(value, function: str, name: str, position: int) -> tuple:
    """An argument of unfold/fold as torch passes it on: its _pair (a sequence, or anything
    iterable, as a tuple; anything else twice), read by im2col's or col2im's parser as a
    tuple of ints, then of length 2."""
    value = tuple(value) if isinstance(value, Iterable) else (value, value)
    values = int_list(value, function, name, position)
    if len(values) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(values)}")
    return values


def _check_block_params(kernel: tuple, dilation: tuple, padding: tuple, stride: tuple) -> None:
    """torch's im2col/col2im checks of their parameters, before any of the input."""
    for values, what, word, low in ((kernel, "kernel size", "kernel", 1),
                                    (dilation, "dilation", "dilation", 1),
                                    (padding, "padding", "pad", 0),
                                    (stride, "stride", "stride", 1)):
        if min(values) < low:
            bound = "greater than zero" if low else "non-negative"
            raise RuntimeError(f"{what} should be {bound}, but got {word}_height: "
                               f"{values[0]} {word}_width: {values[1]}")


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Sliding blocks of a (N, C, H, W) or (C, H, W) input as columns (N, C k_h k_w, L)."""
    parsed = [_block_pair(v, "im2col", n, i) for i, (n, v) in enumerate(
        (("kernel_size", kernel_size), ("dilation", dilation), ("padding", padding),
         ("stride", stride)), 2)]
    kernel, dilation, padding, stride = parsed
    _check_block_params(kernel, dilation, padding, stride)
    if input.ndim < 3:  # (torch's kernel reads the planes and the height first)
        input.size(1), input.size(2)
    # (only a 4-d input's batch may be empty)
    if input.ndim not in (3, 4) or 0 in tuple(input.shape)[input.ndim - 3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size "
                           "and other non-zero dimensions for input, but got: "
                           f"{_shape_list(input.shape)}")
    size = tuple(input.shape[-2:])
    blocks = [conv_output_size(size[i], kernel[i], stride[i], padding[i], padding[i],
                               dilation[i]) for i in range(2)]
    if min(blocks) < 1:
        raise RuntimeError(
            f"Given input with spatial size {size}, kernel_size={kernel}, dilation={dilation}, "
            f"padding={padding}, calculated shape of the array of sliding blocks as "
            f"({blocks[0]}, {blocks[1]}), but its components must be at least one.")
    if input._data.dtype.kind in "iu":  # (torch's kernel: floats, complex and bool)
        raise NotImplementedError("\"im2col_out_cpu\" not implemented for "
                                  f"'{scalar_type_name(input._data.dtype.name)}'")
    return apply(OPS["im2col"], (input,),
                 (kernel, stride, tuple((p, p) for p in padding), dilation, size))


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0,
         stride=1) -> Tensor:
    """Columns (N, C k_h k_w, L) or (C k_h k_w, L) added back into (N, C, H, W): unfold's
    adjoint (overlapping blocks add up)."""
    parsed = [_block_pair(v, "col2im", n, i) for i, (n, v) in enumerate(
        (("output_size", output_size), ("kernel_size", kernel_size), ("dilation", dilation),
         ("padding", padding), ("stride", stride)), 2)]
    size, kernel, dilation, padding, stride = parsed
    _check_block_params(kernel, dilation, padding, stride)
    if input.ndim not in (2, 3) or 0 in tuple(input.shape)[1:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                           "batch size and non-zero dimensions for input, but got: "
                           f"{_shape_list(input.shape)}")
    channels, blocks_given = input.shape[-2:]
    if channels % math.prod(kernel):
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the "
                           f"product of kernel_size, but got input.size(1)={channels} "
                           f"and kernel_size={kernel}.")
    blocks = [conv_output_size(size[i], kernel[i], stride[i], padding[i], padding[i],
                               dilation[i]) for i in range(2)]
    if blocks[0] * blocks[1] != blocks_given:
        raise RuntimeError(
            f"Given output_size={size}, kernel_size={kernel}, dilation={dilation}, "
            f"padding={padding}, stride={stride}, expected size of input's dimension 2 to "
            f"match the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
            f"{blocks[0] * blocks[1]}, but got input.size(2)={blocks_given}.")
    if min(blocks) < 1:  # (two negative counts can multiply to the input's)
        raise RuntimeError(
            f"Given output_size={size}, kernel_size={kernel}, dilation={dilation}, "
            f"padding={padding}, stride={stride}, calculated shape of the array of sliding "
            f"blocks as ({blocks[0]}, {blocks[1]}), which is too small (non-positive)")
    if input._data.dtype.kind in "iu":  # (torch's kernel: floats, complex and bool)
        raise NotImplementedError("\"col2im_out_cpu\" not implemented for "
                                  f"'{scalar_type_name(input._data.dtype.name)}'")
    return apply(OPS["col2im"], (input,),
                 (size, kernel, stride, tuple((p, p) for p in padding), dilation))
