"""Normalisation primitives of the op table: batch, layer and group norm, each one node with
torch's grad_fn name (NativeBatchNormBackward0, NativeLayerNormBackward0,
NativeGroupNormBackward0).

The three share one computation on a reshaped view of the input (a `_Layout`): statistics
over some axes of the view, then a per-element affine map whose weight and bias broadcast
against the view.

    batch norm  (N, C, *)  -> (N, C, L),        statistics over (0, 2), weight (1, C, 1)
    layer norm  (*, *norm) -> (M, K),           statistics over (1,),   weight (1, K)
    group norm  (N, C, *)  -> (N, G, C/G, L),   statistics over (2, 3), weight (1, G, C/G, 1)

The forward keeps the mean and 1/std it computed in a `Statistics` object passed as a
param, so the usual backward on arrays does not recompute them, and the caller
(nn.functional's batch_norm) reads the batch mean and variance from it to update running
statistics. On Tensors (create_graph) the backward recomputes them from the saved input
with recorded ops, which is what makes second derivatives right.

Batch norm in evaluation mode (or given fixed statistics) normalises with the running
mean and variance, which are constants: params, not inputs.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _norm_blocks
from . import _xp as xp
from ._batch_norm_terms import (
    affine_output,
    affine_terms,
    channel_backward,
    channel_statistics,
    evaluation_invstd,
    exact,
)
from ._pointwise_common import fused_multiply_add
from ._registry import OPS, SAME, declare
from ._registry import needs_grad as _needs
from ._sum_order import torch_dim_sum

__all__ = ["Statistics", "Layout", "batch_norm_layout", "layer_norm_layout",
           "group_norm_layout", "native_batch_norm", "native_layer_norm",
           "native_group_norm", "normalization_backward"]


class Statistics:
    """What a normalisation's forward computed: the mean and 1/sqrt(var + eps) (shaped to
    broadcast against the layout's view), and the biased variance. Filled by the forward
    when it uses the input's own statistics."""

    __slots__ = ("mean", "invstd", "var", "var_sum", "centred", "running")

    def __init__(self) -> None:
        self.mean = self.invstd = self.var = None
        # batch norm with fixed statistics: the running tensors, which torch's backward
        # reads when it runs (a later training step's update shows in it)
        self.running = None
        self.var_sum = None  # batch norm's sum of squares, for the running variance
        self.centred = None  # x - mean, handed from the statistics to the output

    def __repr__(self) -> str:
        return "<statistics of a normalisation>"


class Layout:
    """How a normalisation sees its input: the shape of the view, the axes statistics are
    taken over, and the shape weight and bias take to broadcast against the view."""

    __slots__ = ("view", "axes", "affine", "count", "param_shape")

    def __init__(self, view: tuple, axes: tuple, affine: tuple, param_shape: tuple) -> None:
        self.view = view
        self.axes = axes
        self.affine = affine
        self.param_shape = param_shape  # the shape of weight and bias themselves
        self.count = math.prod(view[a] for a in axes)  # elements per statistic

    def param_axes(self) -> tuple:
        """The axes weight and bias gradients are summed over."""
        return tuple(i for i, s in enumerate(self.affine) if s == 1)


def batch_norm_layout(shape: tuple) -> Layout:
    n, c = shape[0], shape[1]
    rest = math.prod(shape[2:])
    return Layout((n, c, rest), (0, 2), (1, c, 1), (c,))


def layer_norm_layout(shape: tuple, normalized_ndim: int) -> Layout:
    k = math.prod(shape[len(shape) - normalized_ndim:])
    m = math.prod(shape[:len(shape) - normalized_ndim])
    return Layout((m, k), (1,), (1, k), tuple(shape[len(shape) - normalized_ndim:]))


def group_norm_layout(shape: tuple, groups: int) -> Layout:
    n, c = shape[0], shape[1]
    rest = math.prod(shape[2:])
    return Layout((n, groups, c // groups, rest), (2, 3), (1, groups, c // groups, 1), (c,))


# ---------------------------------------------------------------------- forward on arrays
def _is_per_channel(layout: Layout) -> bool:
    """Batch norm's layout: statistics over (N, L) of an (N, C, L) view."""
    return layout.axes == (0, 2)


def _channel_sum(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """Per channel of (N, C, L) views: the sum of a, or of a * b, without temporaries
    (einsum reads both once; NumPy's multi-axis sum is several times slower)."""
    if b is None:
        return np.einsum("ncl->c", a)
    return np.einsum("ncl,ncl->c", a, b)


def _statistics(xv: np.ndarray, layout: Layout, eps: float, stats: Statistics) -> None:
    """The mean, biased variance and 1/std of the view over the layout's axes, kept (two
    passes: the variance is the mean square of the centred values, which loses nothing
    to cancellation)."""
    dtype = xv.dtype
    if _is_per_channel(layout) and exact(layout.view, dtype):
        # batch norm: torch's kernel's arithmetic (ops/_batch_norm_terms.py)
        mean, stats.var_sum, var, invstd = channel_statistics(xv, eps)
        stats.mean, stats.var, stats.invstd = (v.reshape(layout.affine)
                                               for v in (mean, var, invstd))
        return
    if _is_per_channel(layout):
        mean = (_channel_sum(xv) / dtype.type(layout.count)).reshape(layout.affine)
        centred = xv - mean
        var = (_channel_sum(centred, centred) / dtype.type(layout.count)).reshape(
            layout.affine)
        stats.centred = centred  # the forward's output reuses it
    else:
        # Statistics over trailing axes: rows of a 2-D view, reduced along the last axis.
        rows = xv.reshape(math.prod(xv.shape[:layout.axes[0]]),
                          math.prod(xv.shape[layout.axes[0]:]))  # (-1 fails when empty)
        if rows.shape[1]:
            mean = np.mean(rows, axis=1, keepdims=True, dtype=dtype)
        else:  # (nothing to normalise: no statistics, and no "Mean of empty slice")
            mean = np.full((rows.shape[0], 1), np.nan, dtype)
        centred = rows - mean
        var = np.einsum("rk,rk->r", centred, centred) / dtype.type(rows.shape[1])
        kept = xv.shape[:layout.axes[0]] + (1,) * len(layout.axes)
        mean, var = mean.reshape(kept), var.reshape(kept)
        stats.centred = centred.reshape(xv.shape)
    stats.mean, stats.var = mean, var
    stats.invstd = (1 / np.sqrt(var + dtype.type(eps))).astype(dtype, copy=False)


def _normalized(x, weight, bias, layout: Layout, stats: Statistics) -> np.ndarray:
    """(x - mean) * invstd * weight + bias on the view, as x's shape and dtype."""
    xv = x.reshape(layout.view)
    dtype = x.dtype
    if _is_per_channel(layout) and exact(layout.view, dtype):
        # Batch norm: torch's x * alpha + beta, rounded once (ops/_batch_norm_terms.py).
        alpha, beta = affine_terms(stats.mean.reshape(-1), stats.invstd.reshape(-1),
                                   weight, bias)
        out = affine_output(xv, alpha, beta)
    elif all(layout.affine[a] == 1 for a in layout.axes):
        # Weight and bias are constant over the reduced axes (batch norm): one scale and
        # one shift per statistic.
        scale = stats.invstd if weight is None else stats.invstd * weight.reshape(layout.affine)
        scale = scale.astype(dtype, copy=False)
        centred = stats.centred
        stats.centred = None
        if centred is not None:  # (x - mean) from the statistics: scale and shift in place
            out = np.multiply(centred, scale, out=centred)
            if bias is not None:
                out += bias.reshape(layout.affine).astype(dtype, copy=False)
        else:
            # Fixed statistics (evaluation mode): torch's kernel, x * scale + shift rounded
            # once (a fused multiply-add), shift = bias - mean * scale.
            shift = -stats.mean * scale
            if bias is not None:
                shift = shift + bias.reshape(layout.affine)
            out = fused_multiply_add(scale, xv, shift.astype(dtype, copy=False))
    else:
        out = stats.centred if stats.centred is not None else xv - stats.mean
        stats.centred = None
        out *= stats.invstd
        if weight is not None:
            out *= weight.reshape(layout.affine)
        if bias is not None:
            out += bias.reshape(layout.affine)
    return out.reshape(x.shape)


def _fixed_statistics(mean: np.ndarray, var: np.ndarray, layout: Layout, eps: float,
                      dtype: np.dtype, stats: Statistics) -> None:
    stats.mean = mean.reshape(layout.affine).astype(dtype, copy=False)
    stats.var = var.reshape(layout.affine).astype(dtype, copy=False)
    stats.invstd = evaluation_invstd(stats.var, eps)


# ---------------------------------------------------------------------- backward
def _view_statistics(x, layout: Layout, eps: float, stats: Statistics, batch_stats: bool):
    """mean and invstd for a formula: the kept arrays on arrays; on Tensors recomputed with
    recorded ops from x (batch statistics depend on x) or constants (fixed ones)."""
    if not xp.is_tensor(x):
        return stats.mean, stats.invstd
    if not batch_stats:
        return xp.constant(stats.mean, like=x), xp.constant(stats.invstd, like=x)
    xv = xp.reshape(x, layout.view)
    mean = xp.sum(xv, layout.axes, keepdim=True) / layout.count
    centred = xv - mean
    var = xp.sum(centred * centred, layout.axes, keepdim=True) / layout.count
    return mean, xp.rsqrt(var + eps)


def normalization_backward(g, x, weight, layout: Layout, eps: float, stats: Statistics,
                           batch_stats: bool, needs: tuple, lead: int = 0,
                           marker: str | None = None) -> tuple:
    """Gradients (x, weight, bias) of a normalisation for g of shape (*lead dims, *x.shape):
    lead = 1 is a batch of gradients (a batched Jacobian's rows). The weight is saved only
    when x needs a gradient (the weight's own gradient does not read it). On Tensors, each
    gradient passes through the `marker` op (see `_declare_marker`)."""
    grads = _backward(g, x, weight, layout, eps, stats, batch_stats, needs, lead)
    # float16 is normalised in float32: its gradients are rounded back to float16, but for
    # float32 parameters beside a float16 input (layer norm's mixed dtypes) theirs stay
    dtype = xp.numpy_dtype(x)
    param_dtype = dtype if weight is None else xp.numpy_dtype(weight)
    grads = tuple(None if v is None else xp.astype(v, dtype if i == 0 else param_dtype)
                  for i, v in enumerate(grads))
    if marker is None or not xp.is_tensor(x):
        return grads
    return tuple(None if v is None else apply(OPS[marker], (v, x, weight, g)) for v in grads)


def _declare_marker(name: str, grad_fn: str) -> None:
    """torch computes a normalisation's gradients in one kernel, whose node under
    create_graph is Native...BackwardBackward0; ember composes them of recorded ops. Each
    gradient then passes through this identity op of torch's name, whose other inputs are
    torch's kernel's (x, the weight and the incoming gradient g): they receive no gradient
    from it, but the node exists whenever one of them requires grad, and keeps them, as
    torch's does (one written in place after the forward makes the backward refuse). The
    graph below it is ember's composition."""
    def forward(value, x, weight, g):
        return value

    def formula(ctx, g):
        ctx.saved  # noqa: B018 - unpacked for the version check alone, as torch's node does
        return g, None, None, None

    forward.__name__ = name
    op = declare(name, grad_fn=grad_fn, saves=(1, 2, 3), dtype=SAME,
                 formula="identity on the gradient composed below it (torch computes it "
                         "in one kernel); dvalue = g")(forward)
    op.backward(formula)
    op.tangent(lambda ctx, tv, *_: tv if tv is not None else ctx.zeros())


# (torch's group norm gradient is itself composed: ViewBackward0 there too, no marker)
MARKERS = {"native_batch_norm": "native_batch_norm_backward",
           "native_layer_norm": "native_layer_norm_backward"}
for _name, _grad_fn in (("native_batch_norm_backward", "NativeBatchNormBackwardBackward0"),
                        ("native_layer_norm_backward", "NativeLayerNormBackwardBackward0")):
    _declare_marker(_name, _grad_fn)


def _backward(g, x, weight, layout: Layout, eps: float, stats: Statistics,
              batch_stats: bool, needs: tuple, lead: int) -> tuple:
    if not lead and not xp.is_tensor(g) and _is_per_channel(layout) and (
            needs[0] or (g.dtype == np.float32 == stats.invstd.dtype
                         and exact(layout.view, g.dtype))):
        gx, gw, gb = _per_channel_backward(g, x, weight, layout, stats, batch_stats, eps,
                                           needs[0])
        return gx, gw if needs[1] else None, gb if needs[2] else None
    if not lead and not xp.is_tensor(g) and batch_stats and needs[0]:
        return _trailing_backward(g, x, weight, layout, stats, needs)
    mean, invstd = _view_statistics(x, layout, eps, stats, batch_stats)
    lead_shape = tuple(g.shape[:lead])
    gv = xp.reshape(g, lead_shape + layout.view)
    xhat = (xp.reshape(x, layout.view) - mean) * invstd
    axes = tuple(a + lead for a in layout.axes)
    param_axes = tuple(a + lead for a in layout.param_axes())
    param_shape = lead_shape + layout.param_shape
    gw = gb = gx = None
    if needs[1]:
        gw = xp.reshape(xp.sum(gv * xhat, param_axes, keepdim=True), param_shape)
    if needs[2]:
        gb = xp.reshape(xp.sum(gv, param_axes, keepdim=True), param_shape)
    if needs[0]:
        gxhat = gv if weight is None else gv * xp.reshape(weight, layout.affine)
        if batch_stats:
            n = layout.count
            gx = invstd * (gxhat - xp.sum(gxhat, axes, keepdim=True) / n
                           - xhat * (xp.sum(gxhat * xhat, axes, keepdim=True) / n))
        else:
            gx = gxhat * invstd
        gx = xp.reshape(gx, lead_shape + tuple(x.shape))
    return gx, gw, gb


def _per_channel_backward(g: np.ndarray, x: np.ndarray, weight, layout: Layout,
                          stats: Statistics, batch_stats: bool, eps: float,
                          needs_input: bool = True) -> tuple:
    """Batch norm's backward on arrays, all three gradients: float32 as torch's kernels
    compute it (ops/_batch_norm_terms.py); else in as few passes as it takes:
    per-channel sums by einsum, then gx = g k1 + (x - mean) k2 + k3 with per-channel
    constants (the general formula with the sums of g and g xhat factored out)."""
    dtype = stats.invstd.dtype  # x's, or float32 for float16
    gv = g.reshape(layout.view)
    invstd = stats.invstd.reshape(-1)
    if x.dtype == g.dtype == dtype == np.float32 and exact(layout.view, dtype):
        gx = np.empty(x.shape, dtype) if needs_input else None  # (owned by the gradient)
        # (torch's contiguous kernels take a contiguous gradient; another, such as the
        # expanded gradient of y.sum(), takes its generic kernel, which sums g as at::sum)
        strided_sum = None if g.flags.c_contiguous else torch_dim_sum(
            g, (0, *range(2, g.ndim)), False).reshape(-1)
        _, gw, gb = channel_backward(gv, x.reshape(layout.view), stats.mean.reshape(-1),
                                     invstd, weight, batch_stats,
                                     None if batch_stats else stats.var.reshape(-1), eps,
                                     needs_input, None if gx is None else gx.reshape(layout.view),
                                     strided_sum)
        return (gx, gw.reshape(layout.param_shape),
                gb.reshape(layout.param_shape))
    parts = _norm_blocks.blocks(layout.view, dtype) if batch_stats else None
    if parts is not None and x.dtype == g.dtype == dtype:
        # a donated g (ops/_xp.py: `donated`) receives gx: g is read no more after this
        into_g = bool(xp.donated) and id(g) == xp.donated and g.flags.c_contiguous
        # else gx goes to an array of x's shape, not a reshaped view (a leaf's `.grad`
        # would copy a view: ~1 ms on the ResNet block's 1M float32 values)
        gx = g if into_g else np.empty(x.shape, dtype)
        _, g_dot, g_sum = _norm_blocks.backward(gv, x.reshape(layout.view),
                                                stats.mean.reshape(-1), invstd, weight,
                                                layout.count, parts, into_g,
                                                gx.reshape(layout.view))
        gw = (g_dot * invstd).astype(dtype, copy=False)
        return gx, gw.reshape(layout.param_shape), g_sum.reshape(layout.param_shape)
    centred = x.reshape(layout.view) - stats.mean
    g_sum = _channel_sum(gv)
    g_dot = _channel_sum(gv, centred)  # sum of g (x - mean)
    gw = (g_dot * invstd).astype(dtype, copy=False)
    w = np.ones_like(invstd) if weight is None else weight.astype(dtype, copy=False)
    k1 = w * invstd
    gx = None
    if batch_stats:
        n = dtype.type(layout.count)
        k2 = -k1 * invstd * invstd * g_dot / n
        k3 = -k1 * g_sum / n
        gx = np.multiply(centred, k2.reshape(layout.affine), out=centred)
        gx += k3.reshape(layout.affine)
        gx += gv * k1.reshape(layout.affine)
    else:
        gx = gv * k1.reshape(layout.affine)
    return gx.reshape(x.shape), gw.reshape(layout.param_shape), g_sum.reshape(
        layout.param_shape)


def _trailing_backward(g: np.ndarray, x: np.ndarray, weight, layout: Layout,
                       stats: Statistics, needs: tuple) -> tuple:
    """Layer and group norm's backward on arrays: the sums by einsum (no temporaries), the
    combination in place, about half the passes of the general formula."""
    letters = "abcdefgh"[:len(layout.view)]
    kept = "".join(c for i, c in enumerate(letters) if i not in layout.axes)
    per_param = "".join(c for i, c in enumerate(letters) if layout.affine[i] != 1)
    n = stats.invstd.dtype.type(layout.count)
    gv = g.reshape(layout.view)
    xhat = x.reshape(layout.view) - stats.mean
    xhat *= stats.invstd
    gw = gb = None
    if needs[1]:
        gw = np.einsum(f"{letters},{letters}->{per_param}", gv, xhat).reshape(
            layout.param_shape)
    if needs[2]:
        gb = np.einsum(f"{letters}->{per_param}", gv).reshape(layout.param_shape)
    gxhat = gv * weight.reshape(layout.affine) if weight is not None else gv.copy()
    stat_shape = stats.invstd.shape
    g_sum = np.einsum(f"{letters}->{kept}", gxhat).reshape(stat_shape)
    g_dot = np.einsum(f"{letters},{letters}->{kept}", gxhat, xhat).reshape(stat_shape)
    xhat *= g_dot / n
    gxhat -= xhat
    gxhat -= g_sum / n
    gxhat *= stats.invstd
    return gxhat.reshape(x.shape), gw, gb


def _tangent(ctx, tx, tw, tb, layout: Layout, eps: float, stats: Statistics,
             batch_stats: bool):
    """J t of a normalisation, in recorded ember ops (so a JVP can be differentiated)."""
    x, weight, bias = ctx.inputs[:3]
    mean, invstd = _view_statistics(x, layout, eps, stats, batch_stats)
    xv = xp.reshape(x, layout.view)
    xhat = (xv - mean) * invstd
    terms = []
    if tx is not None:
        tv = xp.reshape(tx, layout.view)
        if batch_stats:
            n = layout.count
            centred = tv - xp.sum(tv, layout.axes, keepdim=True) / n
            dxhat = invstd * (centred - xhat * (xp.sum(xhat * centred, layout.axes,
                                                       keepdim=True) / n))
        else:
            dxhat = tv * invstd
        terms.append(dxhat if weight is None else dxhat * xp.reshape(weight, layout.affine))
    if tw is not None:
        terms.append(xhat * xp.reshape(tw, layout.affine))
    if tb is not None:
        terms.append(xp.expand(xp.reshape(tb, layout.affine), layout.view))
    if _fw.records(x, weight, bias, tx, tw, tb):
        # torch computes the terms of absent tangents on zeros: they record the primals
        # they multiply (forward_ad.zero_term)
        dtype = xhat._data.dtype
        if tx is None and weight is not None:
            zeros = Tensor(np.zeros(layout.view, dtype))
            terms.append(_fw.zero_term(zeros * xp.reshape(weight, layout.affine)))
        if tw is None and weight is not None:
            zeros = Tensor(np.zeros(layout.affine, dtype))
            terms.append(_fw.zero_term(xhat * zeros))
        if tb is None and bias is not None:
            terms.append(Tensor(np.full(layout.view, -0.0, dtype)))
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    if tuple(total.shape) == tuple(x.shape):
        return total  # (torch's JVP ends in its sum: AddBackward0, no view)
    return xp.reshape(total, tuple(x.shape))


def _needs3(ctx) -> tuple:
    return (_needs(ctx, 0), _needs(ctx, 1), _needs(ctx, 2))


# ---------------------------------------------------------------------- batch norm
def _in_float32(forward):
    """float16 is normalised in float32 and rounded once, as torch's CPU kernels do (the
    statistics kept for the backward stay float32)."""
    def wrapped(x, weight, bias, *params):
        if x.dtype != np.float16:
            return forward(x, weight, bias, *params)
        widened = [None if v is None else v.astype(np.float32) for v in (x, weight, bias)]
        return forward(*widened, *params).astype(np.float16)

    wrapped.__name__, wrapped.__doc__ = forward.__name__, forward.__doc__
    return wrapped


@declare("native_batch_norm", grad_fn="NativeBatchNormBackward0", saves=(0, 1), dtype=SAME,
         formula="y = (x - mean) / sqrt(var + eps) * w + b per channel; with batch "
                 "statistics dx = w invstd (g - mean(g) - xhat mean(g xhat)), else "
                 "dx = w invstd g; dw = sum(g xhat); db = sum(g)")
@_in_float32
def _batch_norm(x, weight, bias, running_mean, running_var, batch_stats, eps, stats):
    layout = batch_norm_layout(x.shape)
    parts = (_norm_blocks.blocks(layout.view, x.dtype)
             if batch_stats and not exact(layout.view, x.dtype) else None)
    if parts is not None:  # long rows: a block of samples at a time (ops/_norm_blocks.py)
        out, mean, var, invstd = _norm_blocks.forward(x.reshape(layout.view), weight, bias,
                                                      layout.count, eps, parts)
        stats.mean, stats.var, stats.invstd = (v.reshape(layout.affine)
                                               for v in (mean, var, invstd))
        return out.reshape(x.shape)
    if batch_stats:
        _statistics(x.reshape(layout.view), layout, eps, stats)
    else:
        _fixed_statistics(running_mean, running_var, layout, eps, x.dtype, stats)
    return _normalized(x, weight, bias, layout, stats)


@_batch_norm.backward
def _(ctx, g):
    x, weight = ctx.saved
    _, _, batch_stats, eps, stats = ctx.params
    layout = batch_norm_layout(tuple(x.shape))
    if stats.running is not None:
        dtype = stats.mean.dtype
        _fixed_statistics(stats.running[0]._data, stats.running[1]._data, layout, eps, dtype,
                          stats)
    return (*normalization_backward(g, x, weight, layout, eps, stats, batch_stats,
                                    _needs3(ctx), marker=MARKERS["native_batch_norm"]),
            None, None)


@_batch_norm.tangent
def _(ctx, tx, tw, tb, *_):
    _, _, batch_stats, eps, stats = ctx.params
    layout = batch_norm_layout(tuple(ctx.inputs[0].shape))
    return _tangent(ctx, tx, tw, tb, layout, eps, stats, batch_stats)


def native_batch_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,
                      running_mean: Tensor | None, running_var: Tensor | None,
                      batch_stats: bool, eps: float) -> tuple[Tensor, Statistics]:
    """Batch norm of input (N, C, *) with the batch's statistics (batch_stats) or the given
    running ones; returns the result and the statistics the forward used."""
    stats = Statistics()
    mean = None if batch_stats else running_mean._data
    var = None if batch_stats else running_var._data
    out = apply(_batch_norm, (input, weight, bias), (mean, var, batch_stats, eps, stats))
    if not batch_stats:
        stats.running = (running_mean, running_var)
    return out, stats


# ---------------------------------------------------------------------- layer norm
@declare("native_layer_norm", grad_fn="NativeLayerNormBackward0", saves=(0, 1, 2), dtype=SAME,
         formula="y = (x - mean) / sqrt(var + eps) * w + b over the last dims; "
                 "dx = invstd (gw - mean(gw) - xhat mean(gw xhat)) with gw = g w; "
                 "dw = sum(g xhat); db = sum(g)")
@_in_float32
def _layer_norm(x, weight, bias, normalized_ndim, eps, stats):
    layout = layer_norm_layout(x.shape, normalized_ndim)
    xv = x.reshape(layout.view)
    _statistics(xv, layout, eps, stats)
    return _normalized(x, weight, bias, layout, stats)


@_layer_norm.backward
def _(ctx, g):
    x, weight, _ = ctx.saved  # (the bias: kept as torch's node keeps it, unread)
    normalized_ndim, eps, stats = ctx.params
    layout = layer_norm_layout(tuple(x.shape), normalized_ndim)
    return normalization_backward(g, x, weight, layout, eps, stats, True, _needs3(ctx),
                                  marker=MARKERS["native_layer_norm"])


@_layer_norm.tangent
def _(ctx, tx, tw, tb):
    normalized_ndim, eps, stats = ctx.params
    layout = layer_norm_layout(tuple(ctx.inputs[0].shape), normalized_ndim)
    return _tangent(ctx, tx, tw, tb, layout, eps, stats, True)


def native_layer_norm(input: Tensor, normalized_ndim: int, weight: Tensor | None,
                      bias: Tensor | None, eps: float) -> Tensor:
    """Layer norm over the last `normalized_ndim` dims (shapes checked by the caller)."""
    return apply(_layer_norm, (input, weight, bias), (normalized_ndim, eps, Statistics()))


# ---------------------------------------------------------------------- group norm
@declare("native_group_norm", grad_fn="NativeGroupNormBackward0", saves=(0, 1), dtype=SAME,
         formula="y = (x - mean) / sqrt(var + eps) * w + b, statistics per sample and group "
                 "of channels; dx = invstd (gw - mean(gw) - xhat mean(gw xhat)), gw = g w; "
                 "dw = sum(g xhat); db = sum(g)")
@_in_float32
def _group_norm(x, weight, bias, groups, eps, stats):
    layout = group_norm_layout(x.shape, groups)
    _statistics(x.reshape(layout.view), layout, eps, stats)
    return _normalized(x, _per_channel(weight, layout), _per_channel(bias, layout), layout,
                       stats)


def _per_channel(value, layout: Layout):
    return None if value is None else value.reshape(layout.affine)


@_group_norm.backward
def _(ctx, g):
    x, weight = ctx.saved
    groups, eps, stats = ctx.params
    layout = group_norm_layout(tuple(x.shape), groups)
    return normalization_backward(g, x, weight, layout, eps, stats, True, _needs3(ctx))


@_group_norm.tangent
def _(ctx, tx, tw, tb):
    groups, eps, stats = ctx.params
    layout = group_norm_layout(tuple(ctx.inputs[0].shape), groups)
    return _tangent(ctx, tx, tw, tb, layout, eps, stats, True)


def native_group_norm(input: Tensor, groups: int, weight: Tensor | None, bias: Tensor | None,
                      eps: float) -> Tensor:
    """Group norm of input (N, C, *) in `groups` groups of channels (checked by the caller)."""
    return apply(_group_norm, (input, weight, bias), (groups, eps, Statistics()))
