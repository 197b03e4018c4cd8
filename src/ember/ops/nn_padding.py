"""Padding and resampling primitives: constant padding, reflection and replication padding,
nearest and (bi/tri)linear upsampling, pixel shuffle.

Reflection and replication padding and every upsampling mode here are *separable linear
maps* of the last k dims: each output position along a dim is a fixed combination of input
positions along that dim (one position for padding and nearest, two for linear). An
`AxisMap` describes one dim's map as a dense matrix M (output length x input length), plus
the gathered positions when each output copies one input. The forward applies the maps
one dim after another (a gather, exact, where possible; a product with M otherwise); the
backward applies the transposed matrices, written against ops/_xp.py as products with
constants, so that on Tensors it is recorded (its own derivative is the forward map again)
and a leading batch dim of gradients passes through (the maps address dims from the end).

Each torch kernel has its own op (and grad_fn name: ReflectionPad2DBackward0,
UpsampleBilinear2DBackward0, ...); they share that one implementation. Circular padding is
composed by nn.functional from slice assignments, whose grad_fn is torch's CopySlices.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import SAME, declare

__all__ = ["AxisMap", "reflection_map", "replication_map", "nearest_map", "linear_map",
           "constant_pad", "separable", "pixel_shuffle", "pixel_unshuffle",
           "SEPARABLE_OPS", "SEPARABLE_BACKWARD_OPS"]


class AxisMap:
    """One dim's linear map: `matrix` (out x in), and `index` (out,) when output position o
    copies input position index[o] (padding, nearest)."""

    __slots__ = ("matrix", "index")

    def __init__(self, matrix: np.ndarray, index: np.ndarray | None = None) -> None:
        self.matrix = matrix
        self.index = index

    @classmethod
    def gather(cls, index: np.ndarray, size: int) -> AxisMap:
        matrix = np.zeros((len(index), size))
        matrix[np.arange(len(index)), index] = 1
        return cls(matrix, index.astype(np.intp))

    def __repr__(self) -> str:
        out, size = self.matrix.shape
        return f"<map of {size} positions to {out}>"


def reflection_map(size: int, before: int, after: int) -> AxisMap:
    """Output o reads input o - before, reflected at both ends (the end itself not
    repeated); negative padding crops."""
    position = np.arange(-before, size + after)
    position = np.abs(position)
    position = np.where(position > size - 1, 2 * (size - 1) - position, position)
    return AxisMap.gather(position, size)


def replication_map(size: int, before: int, after: int) -> AxisMap:
    """Output o reads input o - before, clamped to the ends."""
    return AxisMap.gather(np.clip(np.arange(-before, size + after), 0, size - 1), size)


def nearest_map(size: int, out: int, scale: float, exact: bool) -> AxisMap:
    """Nearest neighbour: output o reads floor(o * scale) (floor((o + 0.5) * scale) for
    nearest-exact), at most the last input; `scale` is input per output, in float32 as
    torch's kernels compute it."""
    o = np.arange(out, dtype=np.float32)
    scale32 = np.float32(scale)
    source = np.floor((o + np.float32(0.5)) * scale32 if exact else o * scale32)
    return AxisMap.gather(np.minimum(source.astype(np.int64), size - 1), size)


def linear_map(size: int, out: int, scale: float, align_corners: bool,
               dtype: np.dtype) -> AxisMap:
    """Linear interpolation between the two nearest inputs, positions computed in `dtype`
    (the input's, as torch's kernels do). With align_corners the first and last positions
    of input and output coincide; otherwise pixel centres do (and positions before the
    first centre read the first input)."""
    dtype = np.dtype(dtype)
    o = np.arange(out).astype(dtype)
    scale = dtype.type(scale)
    if align_corners:
        source = o * scale
    else:
        source = np.maximum((o + dtype.type(0.5)) * scale - dtype.type(0.5), dtype.type(0))
    low = np.minimum(np.floor(source).astype(np.int64), size - 1)
    high = np.where(low < size - 1, low + 1, low)
    upper_weight = (source - low.astype(dtype)).astype(dtype)
    lower_weight = dtype.type(1) - upper_weight
    matrix = np.zeros((out, size))
    rows = np.arange(out)
    np.add.at(matrix, (rows, low), lower_weight)
    np.add.at(matrix, (rows, high), upper_weight)
    return AxisMap(matrix)


# ---------------------------------------------------------------------- applying maps
def _along(x, matrix, axis: int):
    """matrix (out x in) applied along dim `axis` (negative) of x, arrays or Tensors."""
    if axis == -1:
        return xp.matmul(x, matrix.T if not xp.is_tensor(matrix) else xp.transpose(
            matrix, 0, 1))
    if axis == -2:
        return xp.matmul(matrix, x)
    moved = xp.transpose(x, axis, -1)
    mapped = xp.matmul(moved, matrix.T if not xp.is_tensor(matrix) else xp.transpose(
        matrix, 0, 1))
    return xp.transpose(mapped, axis, -1)


def _forward_maps(x: np.ndarray, maps: tuple) -> np.ndarray:
    """The maps applied to x's last len(maps) dims (maps[0] to the first of them)."""
    out = x
    k = len(maps)
    for i, axis_map in enumerate(maps):
        axis = i - k
        if axis_map.index is not None:
            out = np.take(out, axis_map.index, axis=axis)
        else:
            matrix = axis_map.matrix.astype(x.dtype, copy=False)
            out = _along(out, matrix, axis)
    return np.ascontiguousarray(out)


def _transposed_maps(g, maps: tuple):
    """The transposed maps applied to g (arrays or Tensors): the adjoint of the forward."""
    k = len(maps)
    for i, axis_map in enumerate(maps):
        matrix = np.ascontiguousarray(axis_map.matrix.T.astype(xp.numpy_dtype(g)))
        g = _along(g, xp.constant(matrix, like=g), i - k)
    return g


def _tangent_maps(ctx, t):
    return ctx.run(t)


_FORMULA = ("y = M_1 x M_2^T (each of the last dims mapped by a fixed matrix M_d: "
            "{what}); dx = the transposed maps applied to g ({name}_backward)")
_BACKWARD_FORMULA = ("dx = the transposed maps of {name} applied to g; its own gradient is "
                     "{name} again")

# op name -> (grad_fn name, what the maps are)
SEPARABLE_OPS = {
    "reflection_pad1d": ("ReflectionPad1DBackward0", "reflection at both ends"),
    "reflection_pad2d": ("ReflectionPad2DBackward0", "reflection at both ends"),
    "reflection_pad3d": ("ReflectionPad3DBackward0", "reflection at both ends"),
    "replication_pad1d": ("ReplicationPad1DBackward0", "the ends repeated"),
    "replication_pad2d": ("ReplicationPad2DBackward0", "the ends repeated"),
    "replication_pad3d": ("ReplicationPad3DBackward0", "the ends repeated"),
    "upsample_nearest1d": ("UpsampleNearest1DBackward0", "nearest input"),
    "upsample_nearest2d": ("UpsampleNearest2DBackward0", "nearest input"),
    "upsample_nearest3d": ("UpsampleNearest3DBackward0", "nearest input"),
    "upsample_nearest_exact1d": ("UpsampleNearestExact1DBackward0", "nearest input centre"),
    "upsample_nearest_exact2d": ("UpsampleNearestExact2DBackward0", "nearest input centre"),
    "upsample_nearest_exact3d": ("UpsampleNearestExact3DBackward0", "nearest input centre"),
    "upsample_linear1d": ("UpsampleLinear1DBackward0", "linear interpolation"),
    "upsample_bilinear2d": ("UpsampleBilinear2DBackward0", "linear interpolation"),
    "upsample_trilinear3d": ("UpsampleTrilinear3DBackward0", "linear interpolation"),
}
# Each op's gradient is an op of its own (torch's `..._backward` kernels), so that a
# gradient taken with create_graph=True is recorded under torch's name for it
# (ReflectionPad2DBackwardBackward0, ...).
SEPARABLE_BACKWARD_OPS = {f"{name}_backward": (name, grad_fn.replace("Backward0",
                                                                      "BackwardBackward0"))
                          for name, (grad_fn, _) in SEPARABLE_OPS.items()}


def _declare_separable(name: str, grad_fn: str, what: str) -> None:
    backward_name = f"{name}_backward"

    def forward(x, maps):
        return _forward_maps(x, maps)

    def backward_forward(g, maps):
        return np.ascontiguousarray(_transposed_maps(g, maps))

    forward.__name__, backward_forward.__name__ = name, backward_name
    forward.__doc__ = f"{name}: the last dims of x mapped by fixed matrices ({what})."
    backward_forward.__doc__ = f"The gradient of {name}: its maps transposed."
    op = declare(name, grad_fn=grad_fn, dtype=SAME,
                 formula=_FORMULA.format(what=what, name=name))(forward)
    adjoint = declare(backward_name, grad_fn=SEPARABLE_BACKWARD_OPS[backward_name][1],
                      dtype=SAME, formula=_BACKWARD_FORMULA.format(name=name))(
        backward_forward)
    op.backward(lambda ctx, g: (xp.op(backward_name, (g,), *ctx.params),))
    adjoint.backward(lambda ctx, g: (xp.op(name, (g,), *ctx.params),))
    op.tangent(_tangent_maps)
    adjoint.tangent(_tangent_maps)


for _name, (_grad_fn, _what) in SEPARABLE_OPS.items():
    _declare_separable(_name, _grad_fn, _what)


def separable(name: str, input: Tensor, maps: tuple) -> Tensor:
    """Op `name` of SEPARABLE_OPS: input's last len(maps) dims mapped by `maps`."""
    from ._registry import OPS

    return apply(OPS[name], (input,), (tuple(maps),))


# ---------------------------------------------------------------------- constant padding
def _constant_pad_np(x, pads, value):
    """x padded by pads (torch's order: last dim's before and after, then the dim before
    it, ...) with `value`; negative pads crop."""
    ndim = x.ndim
    shape = list(x.shape)
    source, target = [slice(None)] * ndim, [slice(None)] * ndim
    for k in range(len(pads) // 2):
        axis = ndim - 1 - k
        before, after = pads[2 * k], pads[2 * k + 1]
        size = shape[axis]
        shape[axis] = size + before + after
        source[axis] = slice(max(-before, 0), size - max(-after, 0))
        target[axis] = slice(max(before, 0), max(before, 0) + max(
            size - max(-before, 0) - max(-after, 0), 0))
    out = np.full(shape, value, dtype=x.dtype)
    out[tuple(target)] = x[tuple(source)]
    return out


@declare("constant_pad_nd", grad_fn="ConstantPadNdBackward0", dtype=SAME,
         formula="y = x surrounded by the value (negative pads crop); "
                 "dx = g with the pads cropped off (the opposite pads)")
def _constant_pad(x, pads, value):
    return _constant_pad_np(x, pads, value)


@_constant_pad.backward
def _(ctx, g):
    pads, _ = ctx.params
    return (xp.op("constant_pad_nd", (g,), tuple(-p for p in pads), 0),)


@_constant_pad.tangent
def _(ctx, t):
    return apply(_constant_pad, (t,), (ctx.params[0], 0))


def constant_pad(input: Tensor, pads: tuple, value: float) -> Tensor:
    """input padded with `value` (checked by the caller)."""
    if input._data.dtype.kind in "iub":
        value = input._data.dtype.type(int(value))
    return apply(_constant_pad, (input,), (tuple(pads), value))


# ---------------------------------------------------------------------- pixel shuffle
def _shuffle_np(x, r):
    *lead, c, h, w = x.shape
    out = x.reshape(*lead, c // (r * r), r, r, h, w)
    n = len(lead)
    out = out.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return np.ascontiguousarray(out).reshape(*lead, c // (r * r), h * r, w * r)


def _unshuffle_np(x, r):
    *lead, c, h, w = x.shape
    out = x.reshape(*lead, c, h // r, r, w // r, r)
    n = len(lead)
    out = out.transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return np.ascontiguousarray(out).reshape(*lead, c * r * r, h // r, w // r)


@declare("pixel_shuffle", grad_fn="PixelShuffleBackward0", dtype=SAME,
         formula="(*, C r^2, H, W) -> (*, C, H r, W r), channel blocks spread over r x r "
                 "pixels; dx = pixel_unshuffle(g)")
def _pixel_shuffle(x, r):
    return _shuffle_np(x, r)


@_pixel_shuffle.backward
def _(ctx, g):
    return (xp.op("pixel_unshuffle", (g,), ctx.params[0]),)


@declare("pixel_unshuffle", grad_fn="PixelUnshuffleBackward0", dtype=SAME,
         formula="(*, C, H r, W r) -> (*, C r^2, H, W), the inverse of pixel_shuffle; "
                 "dx = pixel_shuffle(g)")
def _pixel_unshuffle(x, r):
    return _unshuffle_np(x, r)


@_pixel_unshuffle.backward
def _(ctx, g):
    return (xp.op("pixel_shuffle", (g,), ctx.params[0]),)


_pixel_shuffle.tangent(_fw.linear)
_pixel_unshuffle.tangent(_fw.linear)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    return apply(_pixel_shuffle, (input,), (upscale_factor,))


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    return apply(_pixel_unshuffle, (input,), (downscale_factor,))
