"""Samples for src/ember/ops/nn_conv.py: convolutions (1-, 2- and 3-d, transposed, grouped,
strided, dilated, padded, 'same'), their weight gradient, unfold and fold, with NumPy
references written as plain loops over output (or input) positions.

`convolution_weight` is the gradient with respect to a weight: its samples take that
gradient with create_graph=True, so the op is recorded on the input and the cotangent.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(101)


# ---------------------------------------------------------------------- references
def _pairs(padding, nd: int) -> list:
    if isinstance(padding, int):
        return [(padding, padding)] * nd
    return [p if isinstance(p, tuple) else (p, p) for p in padding]


def conv_reference(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Cross-correlation by a loop over output positions; padding may be (before, after)
    pairs per dim."""
    nd = w.ndim - 2
    stride = (stride,) * nd if isinstance(stride, int) else stride
    dilation = (dilation,) * nd if isinstance(dilation, int) else dilation
    pads = _pairs(padding, nd)
    xp = np.pad(x, [(0, 0), (0, 0)] + pads)
    kernel = w.shape[2:]
    out = [(xp.shape[2 + i] - dilation[i] * (kernel[i] - 1) - 1) // stride[i] + 1
           for i in range(nd)]
    n, o = x.shape[0], w.shape[0]
    cin, cout = w.shape[1], o // groups
    y = np.zeros((n, o, *out))
    for position in itertools.product(*[range(s) for s in out]):
        window = xp[(slice(None), slice(None)) + tuple(
            slice(p * s, p * s + d * (k - 1) + 1, d)
            for p, s, d, k in zip(position, stride, dilation, kernel))]
        for g in range(groups):
            part = window[:, g * cin:(g + 1) * cin]
            weights = w[g * cout:(g + 1) * cout]
            y[(slice(None), slice(g * cout, (g + 1) * cout)) + position] = np.tensordot(
                part, weights, axes=(list(range(1, nd + 2)), list(range(1, nd + 2))))
    if b is not None:
        y += b.reshape((-1,) + (1,) * nd)
    return y


def conv_transpose_reference(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1,
                             dilation=1):
    """Each input element spreads x * w over the output, by a loop over input positions."""
    nd = w.ndim - 2
    stride = (stride,) * nd if isinstance(stride, int) else stride
    dilation = (dilation,) * nd if isinstance(dilation, int) else dilation
    padding = (padding,) * nd if isinstance(padding, int) else padding
    output_padding = (output_padding,) * nd if isinstance(output_padding, int) \
        else output_padding
    kernel = w.shape[2:]
    size = x.shape[2:]
    full = [(size[i] - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 + output_padding[i]
            for i in range(nd)]
    cin_g, cout_g = w.shape[0] // groups, w.shape[1]
    y = np.zeros((x.shape[0], cout_g * groups, *full))
    for position in itertools.product(*[range(s) for s in size]):
        target = tuple(slice(p * s, p * s + d * (k - 1) + 1, d)
                       for p, s, d, k in zip(position, stride, dilation, kernel))
        for g in range(groups):
            values = x[(slice(None), slice(g * cin_g, (g + 1) * cin_g)) + position]
            spread = np.tensordot(values, w[g * cin_g:(g + 1) * cin_g], axes=([1], [0]))
            y[(slice(None), slice(g * cout_g, (g + 1) * cout_g)) + target] += spread
    y = y[(slice(None), slice(None)) + tuple(
        slice(p, f - p) for p, f in zip(padding, full))]
    if b is not None:
        y += b.reshape((-1,) + (1,) * nd)
    return y


def weight_gradient_reference(forward, weight_shape, v):
    """d <forward(w), v> / dw, one weight element at a time (forward is linear in w)."""
    grad = np.zeros(weight_shape)
    for index in np.ndindex(*weight_shape):
        unit = np.zeros(weight_shape)
        unit[index] = 1.0
        grad[index] = np.sum(forward(unit) * v)
    return grad


def unfold_reference(x, kernel, dilation, padding, stride):
    """Columns (N, C k_h k_w, L) by a loop over the blocks."""
    xp = np.pad(x, [(0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2])
    out = [(xp.shape[2 + i] - dilation[i] * (kernel[i] - 1) - 1) // stride[i] + 1
           for i in range(2)]
    columns = []
    for i, j in itertools.product(range(out[0]), range(out[1])):
        block = xp[:, :, i * stride[0]:i * stride[0] + dilation[0] * (kernel[0] - 1) + 1:
                   dilation[0],
                   j * stride[1]:j * stride[1] + dilation[1] * (kernel[1] - 1) + 1:dilation[1]]
        columns.append(block.reshape(x.shape[0], -1))
    return np.stack(columns, axis=-1)


def fold_reference(cols, size, kernel, dilation, padding, stride):
    """Blocks added back by a loop over them (the adjoint of unfold_reference)."""
    n = cols.shape[0]
    channels = cols.shape[1] // (kernel[0] * kernel[1])
    full = [size[i] + 2 * padding[i] for i in range(2)]
    out = [(full[i] - dilation[i] * (kernel[i] - 1) - 1) // stride[i] + 1 for i in range(2)]
    y = np.zeros((n, channels, *full))
    for block, (i, j) in enumerate(itertools.product(range(out[0]), range(out[1]))):
        y[:, :, i * stride[0]:i * stride[0] + dilation[0] * (kernel[0] - 1) + 1:dilation[0],
          j * stride[1]:j * stride[1] + dilation[1] * (kernel[1] - 1) + 1:dilation[1]] += \
            cols[:, :, block].reshape(n, channels, *kernel)
    return y[:, :, padding[0]:padding[0] + size[0], padding[1]:padding[1] + size[1]]


def weight_gradient_of(forward):
    """fn(x, w, v): the gradient of <forward(x, w), v> with respect to w, taken with
    create_graph=True (so convolution_weight is recorded on x and v)."""

    def fn(x, w, v):
        with ember.enable_grad():
            leaf = w.detach().requires_grad_()
            (grad,) = ember.autograd.grad(forward(x, leaf), leaf, v, create_graph=True)
        return grad

    return fn


def conv1d_same(x, w):
    """conv1d with padding='same', without torch's warning about an even kernel."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return F.conv1d(x, w, padding="same")


# ---------------------------------------------------------------------- inputs
x2d = _R.standard_normal((2, 2, 5, 4))
w2d = _R.standard_normal((3, 2, 2, 3))
b3 = _R.standard_normal(3)
x_grouped = _R.standard_normal((1, 2, 5, 6))
w_grouped = _R.standard_normal((4, 1, 2, 2))
b4 = _R.standard_normal(4)
x1d = _R.standard_normal((2, 3, 6))
w1d_even = _R.standard_normal((2, 3, 4))
x3d = _R.standard_normal((1, 2, 3, 4, 3))
w3d = _R.standard_normal((2, 2, 2, 2, 2))
x_t = _R.standard_normal((1, 4, 3, 3))
w_t = _R.standard_normal((4, 1, 3, 2))
b2 = _R.standard_normal(2)
x_t1 = _R.standard_normal((2, 2, 4))
w_t1 = _R.standard_normal((2, 3, 3))
x_unbatched = _R.standard_normal((2, 5, 5))
w_unbatched = _R.standard_normal((2, 2, 3, 3))
v2d = _R.standard_normal((2, 3, 4, 2))            # conv2d(x2d, w2d)'s shape
v_t1 = _R.standard_normal((2, 3, 16))             # conv_transpose1d(x_t1, w_t1, stride=3,
#                                                   dilation=2, output_padding=2)'s shape
x_unfold = _R.standard_normal((2, 2, 4, 5))
cols = _R.standard_normal((2, 8, 12))             # fold to (3, 4), kernel 2, padding (1, 0)


SAMPLES: dict[str, list[Sample]] = {
    "convolution": [
        Sample(lambda x, w, b: F.conv2d(x, w, b), (x2d, w2d, b3), conv_reference),
        Sample(lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, dilation=(1, 2),
                                        groups=2), (x_grouped, w_grouped, b4),
               lambda x, w, b: conv_reference(x, w, b, (2, 2), 1, (1, 2), 2),
               note="grouped, strided, padded, dilated"),
        Sample(conv1d_same, (x1d, w1d_even),
               lambda x, w: conv_reference(x, w, padding=[(1, 2)]),
               note="'same' with an even kernel: the extra zero goes after"),
        Sample(lambda x, w: ember.conv3d(x, w, stride=(1, 2, 1), padding=(0, 1, 1)),
               (x3d, w3d), lambda x, w: conv_reference(x, w, None, (1, 2, 1), (0, 1, 1))),
        Sample(lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1,
                                                  output_padding=1, groups=2),
               (x_t, w_t, b2),
               lambda x, w, b: conv_transpose_reference(x, w, b, 2, 1, 1, 2),
               note="transposed: grouped, strided, padded, output_padding"),
        Sample(lambda x, w: F.conv_transpose1d(x, w, stride=3, output_padding=2, dilation=2),
               (x_t1, w_t1),
               lambda x, w: conv_transpose_reference(x, w, None, 3, 0, 2, 1, 2)),
        Sample(lambda x, w: F.conv_transpose1d(x, w, output_padding=1, dilation=2),
               (x_t1, w_t1),
               lambda x, w: conv_transpose_reference(x, w, None, 1, 0, 1, 1, 2),
               note="stride 1 with output_padding: a row no input element reaches"),
        Sample(lambda x, w: F.conv2d(x, w, padding=1), (x_unbatched, w_unbatched),
               lambda x, w: conv_reference(x[None], w, padding=1)[0],
               note="unbatched input"),
        Sample(lambda x, w, b: F.conv2d(x, w, b, stride=(1, 2)),
               (x2d.astype(np.float32), w2d.astype(np.float32), b3.astype(np.float32)),
               lambda x, w, b: conv_reference(x, w, b, (1, 2)).astype(np.float32),
               note="float32 stays float32"),
    ],
    "convolution_weight": [
        Sample(weight_gradient_of(lambda x, w: F.conv2d(x, w)), (x2d, w2d, v2d),
               lambda x, w, v: weight_gradient_reference(lambda u: conv_reference(x, u),
                                                         w.shape, v), nondiff=(1,)),
        Sample(weight_gradient_of(lambda x, w: F.conv_transpose1d(x, w, stride=3,
                                                                  output_padding=2,
                                                                  dilation=2)),
               (x_t1, w_t1, v_t1),
               lambda x, w, v: weight_gradient_reference(
                   lambda u: conv_transpose_reference(x, u, None, 3, 0, 2, 1, 2), w.shape, v),
               nondiff=(1,), note="a transposed convolution's weight gradient"),
    ],
    "im2col": [
        Sample(lambda x: F.unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)),
               (x_unfold,), lambda x: unfold_reference(x, (2, 3), (1, 2), (1, 1), (2, 1))),
        Sample(lambda x: F.unfold(x, 2), (x_unfold[0],),
               lambda x: unfold_reference(x[None], (2, 2), (1, 1), (0, 0), (1, 1))[0],
               note="unbatched input"),
    ],
    "col2im": [
        Sample(lambda c: F.fold(c, (3, 4), 2, padding=(1, 0)), (cols,),
               lambda c: fold_reference(c, (3, 4), (2, 2), (1, 1), (1, 0), (1, 1)),
               note="overlapping blocks add up"),
        Sample(lambda c: F.fold(c, (5, 5), (2, 3), stride=(3, 2), dilation=(1, 1)),
               (cols[:, :6, :4],),
               lambda c: fold_reference(c, (5, 5), (2, 3), (1, 1), (0, 0), (3, 2))),
    ],
}
