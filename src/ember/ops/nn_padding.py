"""Padding and resampling primitives: constant padding, reflection and replication padding,
nearest and (bi/tri)linear upsampling, pixel shuffle.

Reflection and replication padding and every upsampling mode here are *separable linear
maps* of the last k dims: each output position along a dim is a fixed combination of input
positions along that dim (one position for padding and nearest, two for linear, four for
cubic). An `AxisMap` describes one dim's map as `Tap`s: gathered positions, each with its
weights. The forward applies the maps one dim after another (gathers, weighted, summed);
the gradient applies the transposed maps (each output's gradient added into the inputs it
read, summed run by run) and is an op of its own (`<name>_backward`, whose gradient is the
forward op again), so second derivatives are recorded under torch's names and a leading
batch dim of gradients passes through (the maps address dims from the end).

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
from ._registry import SAME, allow_complex, declare, needs_grad
from .nn_sparse import IndexRuns

__all__ = ["Tap", "AxisMap", "reflection_map", "replication_map", "nearest_map", "linear_map",
           "cubic_map", "antialias_map",
           "constant_pad", "separable", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle",
           "SEPARABLE_OPS", "SEPARABLE_BACKWARD_OPS"]


class Tap:
    """One term of an axis map: output position o reads input index[o], times weight[o]
    (no weight: a copy). `runs` groups the positions by the input they read, for the
    gradient's sums."""

    __slots__ = ("index", "weight", "runs")

    def __init__(self, index: np.ndarray, weight: np.ndarray | None = None) -> None:
        self.index = index.astype(np.intp)
        self.weight = weight
        self.runs = IndexRuns(self.index)


class AxisMap:
    """One dim's linear map from `size` input positions to len(taps[0].index) outputs: the
    sum of its taps (one for padding and nearest, two for linear interpolation)."""

    __slots__ = ("taps", "size", "adjoint")

    def __init__(self, taps: list[Tap], size: int) -> None:
        self.taps = taps
        self.size = size
        # the map whose transpose is the gradient, where torch's backward kernel maps
        # otherwise than its forward (nearest's shortcuts); None: this one
        self.adjoint: AxisMap | None = None

    def __repr__(self) -> str:
        return f"<map of {self.size} positions to {len(self.taps[0].index)}>"


def reflection_map(size: int, before: int, after: int) -> AxisMap:
    """Output o reads input o - before, reflected at both ends (the end itself not
    repeated); negative padding crops."""
    position = np.abs(np.arange(-before, size + after))
    position = np.where(position > size - 1, 2 * (size - 1) - position, position)
    return AxisMap([Tap(position)], size)


def replication_map(size: int, before: int, after: int) -> AxisMap:
    """Output o reads input o - before, clamped to the ends."""
    return AxisMap([Tap(np.clip(np.arange(-before, size + after), 0, size - 1))], size)


def _nearest_index(size: int, out: int, scale: float, exact: bool,
                   shortcut: bool) -> np.ndarray:
    """Output o reads floor(o * scale) (floor((o + 0.5) * scale) for nearest-exact), at
    most the last input, computed in float32 as torch's kernels do. With `shortcut`
    (plain nearest only), an output as long as the input copies it and one twice as long
    reads o // 2, whatever the scale."""
    if shortcut and not exact and out in (size, 2 * size):
        return np.arange(out) // (out // size)
    o = np.arange(out, dtype=np.float32)
    scale32 = np.float32(scale)
    source = np.floor((o + np.float32(0.5)) * scale32 if exact else o * scale32)
    return np.minimum(source.astype(np.int64), size - 1)


def nearest_map(size: int, out: int, scale: float, exact: bool,
                shortcut: bool = False) -> AxisMap:
    """Nearest neighbour (`_nearest_index`); `scale` is input per output. The gradient
    always takes torch's shortcuts (its backward kernels do, even where the 1-d and 3-d
    forward kernels do not), so its map may differ from the forward's."""
    forward = AxisMap([Tap(_nearest_index(size, out, scale, exact, shortcut))], size)
    if not exact and not shortcut and out in (size, 2 * size):
        forward.adjoint = AxisMap([Tap(_nearest_index(size, out, scale, exact, True))],
                                  size)
    return forward


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
    return AxisMap([Tap(low, lower_weight), Tap(high, upper_weight)], size)


def cubic_map(size: int, out: int, scale: float, align_corners: bool,
              dtype: np.dtype) -> AxisMap:
    """Cubic convolution (a = -0.75, torch's) over the four nearest inputs, reads beyond
    the ends clamped to them; positions as for linear_map but never clamped at 0."""
    dtype = np.dtype(dtype)
    o = np.arange(out).astype(dtype)
    scale = dtype.type(scale)
    source = o * scale if align_corners else (o + dtype.type(0.5)) * scale - dtype.type(0.5)
    base = np.floor(source).astype(np.int64)
    t = (source - base.astype(dtype)).astype(dtype)
    a = dtype.type(-0.75)
    one = dtype.type(1)

    def near(d):  # |d| <= 1
        return ((a + 2) * d - (a + 3)) * d * d + one

    def far(d):  # 1 < |d| < 2
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a

    weights = (far(t + one), near(t), near(one - t), far(dtype.type(2) - t))
    taps = [Tap(np.clip(base - 1 + k, 0, size - 1), w.astype(dtype))
            for k, w in enumerate(weights)]
    return AxisMap(taps, size)


def _aa_filter(x: np.ndarray, cubic: bool) -> np.ndarray:
    """The antialiasing kernels: the triangle, or cubic convolution with a = -0.5 (PIL's,
    which torch's antialiased bicubic uses, not its plain -0.75)."""
    x = np.abs(x)
    if not cubic:
        return np.where(x < 1, 1 - x, 0.0)
    a = -0.5
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = (((x - 5) * x + 8) * x - 4) * a
    return np.where(x < 1, near, np.where(x < 2, far, 0.0))


def antialias_map(size: int, out: int, scale: float, cubic: bool, dtype: np.dtype) -> AxisMap:
    """torch's antialiased resampling (interpolate(..., antialias=True)): output o averages
    the inputs within the filter's support around its centre scale (o + 0.5), the filter
    stretched by `scale` (input per output) when downsampling, its weights normalised to
    sum to 1. Taps beyond an output's support read its first input with weight 0."""
    stretch = max(scale, 1.0)
    support = (2.0 if cubic else 1.0) * stretch
    centre = scale * (np.arange(out) + 0.5)
    first = np.maximum((centre - support + 0.5).astype(np.int64), 0)
    stop = np.minimum((centre + support + 0.5).astype(np.int64), size)
    count = stop - first
    taps_needed = int(count.max()) if out else 0
    offsets = np.arange(taps_needed)
    weights = _aa_filter((first[:, None] + offsets - centre[:, None] + 0.5) / stretch, cubic)
    weights = np.where(offsets < count[:, None], weights, 0.0)
    totals = weights.sum(axis=1, keepdims=True)
    weights = np.divide(weights, totals, out=np.zeros_like(weights), where=totals != 0)
    index = np.where(offsets < count[:, None], first[:, None] + offsets, first[:, None])
    taps = [Tap(np.clip(index[:, t], 0, size - 1), weights[:, t].astype(dtype))
            for t in range(taps_needed)]
    return AxisMap(taps, size)


# ---------------------------------------------------------------------- applying maps
def _weights_along(weight: np.ndarray, axis: int, dtype) -> np.ndarray:
    """A tap's weights shaped to broadcast along dim `axis` (negative)."""
    return weight.astype(dtype, copy=False).reshape((-1,) + (1,) * (-axis - 1))


def _gather(x: np.ndarray, axis_map: AxisMap, axis: int) -> np.ndarray:
    """The map applied along `axis` on arrays: each tap's gather, weighted, summed."""
    out = None
    for tap in axis_map.taps:
        term = np.take(x, tap.index, axis=axis)
        if tap.weight is not None:
            term *= _weights_along(tap.weight, axis, x.dtype)
        out = term if out is None else np.add(out, term, out=out)
    return out


def _scatter(g: np.ndarray, axis_map: AxisMap, axis: int) -> np.ndarray:
    """The transposed map along `axis` on arrays: each output's gradient added into the
    inputs it read."""
    out = None
    if axis_map.adjoint is not None:
        axis_map = axis_map.adjoint
    for tap in axis_map.taps:
        term = g if tap.weight is None else g * _weights_along(tap.weight, axis, g.dtype)
        sums = tap.runs.sum_into(term, axis_map.size, axis)
        out = sums if out is None else np.add(out, sums, out=out)
    return out


def _forward_maps(x: np.ndarray, maps: tuple) -> np.ndarray:
    """The maps applied to x's last len(maps) dims (maps[0] to the first of them)."""
    out = x
    k = len(maps)
    for i, axis_map in enumerate(maps):
        out = _gather(out, axis_map, i - k)
    return np.ascontiguousarray(out)


def _transposed_maps(g: np.ndarray, maps: tuple) -> np.ndarray:
    """The transposed maps applied to g: the adjoint of the forward (the `_backward` ops'
    forward; on Tensors those ops are recorded, so their gradient is the forward map)."""
    k = len(maps)
    for i, axis_map in enumerate(maps):
        g = _scatter(g, axis_map, i - k)
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
    "upsample_bicubic2d": ("UpsampleBicubic2DBackward0", "cubic convolution"),
    "upsample_bilinear2d_aa": ("UpsampleBilinear2DAaBackward0", "antialiased linear filter"),
    "upsample_bicubic2d_aa": ("UpsampleBicubic2DAaBackward0", "antialiased cubic filter"),
}
# Each op's gradient is an op of its own (torch's `..._backward` kernels), so that a
# gradient taken with create_graph=True is recorded under torch's name for it
# (ReflectionPad2DBackwardBackward0, ...).
SEPARABLE_BACKWARD_OPS = {f"{name}_backward": (name, grad_fn.replace("Backward0",
                                                                      "BackwardBackward0"))
                          for name, (grad_fn, _) in SEPARABLE_OPS.items()}


def _declare_separable(name: str, grad_fn: str, what: str) -> None:
    backward_name = f"{name}_backward"
    # torch's padding kernels take the input beside the gradient (its shape is all they
    # read; their derivative for it is zeros), so a gradient taken with create_graph=True
    # requires grad with it; the upsampling kernels take sizes only.
    takes_input = name.startswith(("reflection", "replication"))

    def forward(x, maps):
        return _forward_maps(x, maps)

    def backward_forward(g, *rest):
        return np.ascontiguousarray(_transposed_maps(g, rest[-1]))

    forward.__name__, backward_forward.__name__ = name, backward_name
    forward.__doc__ = f"{name}: the last dims of x mapped by fixed matrices ({what})."
    backward_forward.__doc__ = f"The gradient of {name}: its maps transposed."
    op = declare(name, grad_fn=grad_fn, dtype=SAME, saves=(0,) if takes_input else (),
                 formula=_FORMULA.format(what=what, name=name))(forward)
    adjoint = declare(backward_name, grad_fn=SEPARABLE_BACKWARD_OPS[backward_name][1],
                      dtype=SAME, formula=_BACKWARD_FORMULA.format(name=name))(
        backward_forward)
    if takes_input:
        op.backward(lambda ctx, g: (xp.op(backward_name, (g, ctx.saved[0]), *ctx.params),))
        adjoint.backward(lambda ctx, gg: (
            xp.op(name, (gg,), *ctx.params) if needs_grad(ctx, 0) else None,
            xp.zeros_like(gg) if needs_grad(ctx, 1) else None))
        adjoint.tangent(lambda ctx, t_g, t_x: ctx.zeros() if t_g is None
                        else ctx.run(t_g, ctx.inputs[1]))
    else:
        op.backward(lambda ctx, g: (xp.op(backward_name, (g,), *ctx.params),))
        adjoint.backward(lambda ctx, g: (xp.op(name, (g,), *ctx.params),))
        adjoint.tangent(_tangent_maps)
    op.tangent(_tangent_maps)


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
    if x.size == 0:
        return x.copy()  # (torch's kernel returns a copy of an empty input, in its shape)
    return _unshuffle_np(x, r)


@_pixel_unshuffle.backward
def _(ctx, g):
    r = ctx.params[0]
    if 0 in tuple(g.shape) and g.shape[-3] % (r * r):
        # (an empty input keeps its channels, which torch's pixel_shuffle then checks)
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be "
                           "divisible by the square of upscale_factor, but input.size(-3)="
                           f"{g.shape[-3]} is not divisible by {r * r}")
    grad = xp.op("pixel_shuffle", (g,), r)
    if tuple(grad.shape) != tuple(g.shape) and 0 in tuple(g.shape):
        # the empty input's copy had its shape; the shuffled gradient has not, and torch's
        # engine refuses it
        raise RuntimeError("Function PixelUnshuffleBackward0 returned an invalid gradient at "
                           f"index 0 - got {list(grad.shape)} but expected shape compatible "
                           f"with {list(g.shape)}")
    return (grad,)


_pixel_shuffle.tangent(_fw.linear)
_pixel_unshuffle.tangent(_fw.linear)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    return apply(_pixel_shuffle, (input,), (upscale_factor,))


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    return apply(_pixel_unshuffle, (input,), (downscale_factor,))


# ---------------------------------------------------------------------- channel shuffle
def _channel_shuffle_np(x, groups):
    n, c, *rest = x.shape
    out = x.reshape(n, groups, c // groups, *rest).swapaxes(1, 2)
    return np.ascontiguousarray(out).reshape(x.shape)


@declare("channel_shuffle", grad_fn="ChannelShuffleBackward0", dtype=SAME,
         formula="(N, C, *) with C = G k: output channel j G + g is input channel g k + j; "
                 "dx = channel_shuffle(g, k), the inverse permutation")
def _channel_shuffle(x, groups):
    return _channel_shuffle_np(x, groups)


@_channel_shuffle.backward
def _(ctx, g):
    groups = ctx.params[0]
    return (xp.op("channel_shuffle", (g,), g.shape[1] // groups),)


_channel_shuffle.tangent(_fw.linear)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """input's channels (dim 1, checked by the caller) interleaved from `groups` groups."""
    return apply(_channel_shuffle, (input,), (groups,))

# The 1-d reflection and replication pads are index maps with real (0/1) weights, right
# for complex values as they stand; torch pads complex signals so (torch.stft, centred).
allow_complex("reflection_pad1d", "reflection_pad1d_backward", "replication_pad1d",
              "replication_pad1d_backward")
