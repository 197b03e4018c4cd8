"""Gradient kernels of the fused losses: the ops torch's loss formulas end in
(`mse_loss_backward(grad, self, target, reduction)`, `nll_loss_backward(...)`, ...).

As in ops/backward_primitives.py, each kernel is an op of the table with torch's grad_fn
name (MseLossBackwardBackward0, NllLossBackwardBackward0, ...), its own backward and
tangent rule, and samples (tests/samples/nn_loss_backward.py), so a loss's gradient taken
with create_graph=True carries torch's node. The losses' formulas (ops/nn_loss.py) call
the op only on Tensors; on arrays they compute the same expression (the op's forward)
directly, as before these ops existed.

The first input is the loss's output gradient: one value for a reduced loss, broadcast
against the input (the engine sums its gradient back to that one value).
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import OPS, PROMOTE, SAME, declare, needs_grad

__all__ = ["mse_loss_backward", "smooth_l1_loss_backward", "huber_loss_backward",
           "soft_margin_loss_backward", "binary_cross_entropy_backward", "nll_loss_backward",
           "scaled", "divided"]


def scaled(g, reduction: str, like):
    """The output gradient as each element's share: divided by like's element count for
    "mean"."""
    return g / math.prod(like.shape) if reduction == "mean" else g


def _norm(k: float, reduction: str, like):
    """torch's factor of a loss kernel's gradient: k / n for "mean" (divided in double),
    else k, as a number of like's dtype; the kernels multiply by it first (their bits)."""
    value = _over(k, math.prod(like.shape)) if reduction == "mean" else k
    dtype = like.dtype
    return dtype.type(value) if dtype.kind == "f" else value


def divided(value, n: float):
    """value / n for a Python number: on Tensors torch's division by a Scalar
    (DivBackward1, where `/` records DivBackward0)."""
    return xp.op("div_scalar", (value,), n) if xp.is_tensor(value) else _over(value, n)


def _over(k: float, n: float) -> float:
    """k / n in double as torch's kernels divide: by no elements (a mean over an empty
    input, whose gradient has no elements to scale) an infinity or nan, not an error."""
    if n:
        return k / n
    return math.copysign(math.inf, k) if k else math.nan


def _shared(value, reduction: str, like):
    """value divided by like's element count for "mean", last (as torch's double
    backwards divide)."""
    return divided(value, math.prod(like.shape)) if reduction == "mean" else value


def _mask(condition, like):
    """1 where condition holds, else 0, in like's dtype."""
    return xp.astype(condition, xp.numpy_dtype(like))


# A kernel of a loss in (x - y): torch's gradient for the target is the same kernel with
# input and target swapped (its value is exactly the input's negated, which the array
# formulas use). d/dg is the kernel again; d/dx is gg g times the kernel's slope in x
# (in torch's order: the product, the slope, then the division by n for "mean").
_SYMMETRIC_SAVES = dict(saves=(0, 1, 2), save_if={0: (1, 2), 1: (0, 1, 2), 2: (0, 1, 2)},
                        dtype=PROMOTE)


def _symmetric_backward(times_slope):
    """The backward of a kernel f(g, x, y) = share(g) k(x - y): `times_slope(v, d, params)`
    is v k'(d)."""
    def backward(ctx, gg):
        g, x, y = ctx.saved
        reduction = ctx.params[0]
        grad_g = xp.op(ctx.op.name, (gg, x, y), *ctx.params) if needs_grad(ctx, 0) else None
        grad_x = grad_y = None
        if needs_grad(ctx, 1) or needs_grad(ctx, 2):
            curve = _shared(times_slope(gg * g, x - y, ctx.params), reduction, x)
            grad_x = curve if needs_grad(ctx, 1) else None
            grad_y = -curve if needs_grad(ctx, 2) else None
        return grad_g, grad_x, grad_y
    return backward


# ---------------------------------------------------------------------- mse_loss
@declare("mse_loss_backward", grad_fn="MseLossBackwardBackward0", **_SYMMETRIC_SAVES,
         formula="f(g, x, y) = 2 (x - y) g (/ n for mean); d/dg = 2 (x - y) (/ n); "
                 "d/dx = 2 g (/ n) = -d/dy")
def _mse(g, x, y, reduction):
    d = x - y
    return _norm(2.0, reduction, d) * d * g


_mse.backward(_symmetric_backward(lambda v, d, params: xp.times_number(v, 2)))
_mse.tangent(_fw.diagonal)


def mse_loss_backward(g, x, y, reduction: str):
    """mse_loss's gradient for x (for y: x and y swapped); MseLossBackwardBackward0."""
    return apply(_mse, (g, x, y), (reduction,))


# ---------------------------------------------------------------------- smooth_l1 / huber
@declare("smooth_l1_loss_backward", grad_fn="SmoothL1LossBackwardBackward0",
         **_SYMMETRIC_SAVES,
         formula="d = x - y; f(g, x, y) = g d/beta where |d| < beta, else g sign(d) (/ n); "
                 "d/dx = g/beta inside (/ n), 0 outside; d/dy = -d/dx")
def _smooth_l1(g, x, y, reduction, beta):
    d = x - y
    if d.dtype == np.float16:  # (torch's half kernel rounds otherwise: ember's old order)
        return scaled(g, reduction, d) * xp.where(xp.abs(d) < beta, d / beta, xp.sign(d))
    norm = _norm(1.0, reduction, d)
    return xp.where(xp.abs(d) < beta, norm * (d / beta) * g, xp.sign(d) * norm * g)


def _times_smooth_l1_slope(v, d, params):
    beta = params[1]
    if beta == 0:  # the kernel is g sign(d): no slope (torch's zeros)
        return xp.zeros_like(v * d)
    return divided(v * _mask(xp.abs(d) < beta, d), beta)


_smooth_l1.backward(_symmetric_backward(_times_smooth_l1_slope))
_smooth_l1.tangent(_fw.diagonal)


def smooth_l1_loss_backward(g, x, y, reduction: str, beta: float):
    """smooth_l1_loss's gradient for x (for y: swapped); SmoothL1LossBackwardBackward0."""
    return apply(_smooth_l1, (g, x, y), (reduction, beta))


@declare("huber_loss_backward", grad_fn="HuberLossBackwardBackward0", **_SYMMETRIC_SAVES,
         formula="d = x - y; f(g, x, y) = g d where |d| <= delta, else g delta sign(d) (/ n); "
                 "d/dx = g inside (/ n), 0 outside; d/dy = -d/dx")
def _huber(g, x, y, reduction, delta):
    d = x - y
    norm = _norm(1.0, reduction, d)
    return xp.where(xp.abs(d) <= delta, norm * d * g, xp.sign(d) * (norm * delta) * g)


_huber.backward(_symmetric_backward(
    lambda v, d, params: v * _mask(xp.abs(d) <= params[1], d)))
_huber.tangent(_fw.diagonal)


def huber_loss_backward(g, x, y, reduction: str, delta: float):
    """huber_loss's gradient for x (for y: swapped); HuberLossBackwardBackward0."""
    return apply(_huber, (g, x, y), (reduction, delta))


# ---------------------------------------------------------------------- soft_margin_loss
@declare("soft_margin_loss_backward", grad_fn="SoftMarginLossBackwardBackward0",
         saves=(0, 1, 2), save_if={0: (1,), 1: (0, 1), 2: (0, 1)}, dtype=SAME,
         formula="f(g, x, y) = -y sigmoid(-y x) g (/ n); d/dg = -y sigmoid(-y x) (/ n); "
                 "d/dx = y^2 s (1 - s) g (/ n), s = sigmoid(-y x); y is a constant")
def _soft_margin(g, x, y, reduction):
    z = xp.exp(-y * x)
    return _norm(1.0, reduction, x) * -y * z / (1 + z) * g


@_soft_margin.backward
def _(ctx, gg):
    g, x, y = ctx.saved
    reduction = ctx.params[0]
    grad_g = soft_margin_loss_backward(gg, x, y, reduction) if needs_grad(ctx, 0) else None
    grad_x = None
    if needs_grad(ctx, 1):  # s (1 - s) as z / (1 + z)^2, z = exp(-y x): torch's form
        z = xp.exp(x * -y)
        grad_x = _shared(gg * g * (y * y) * z / ((z + 1) * (z + 1)), reduction, x)
    return grad_g, grad_x, None


_soft_margin.tangent(_fw.diagonal)


def soft_margin_loss_backward(g, x, y, reduction: str):
    """soft_margin_loss's gradient for x; SoftMarginLossBackwardBackward0."""
    if xp.is_tensor(g):
        return apply(_soft_margin, (g, x, y), (reduction,))
    return _soft_margin.forward(g, x, y, reduction)


# ---------------------------------------------------------------------- binary cross-entropy
_EPSILON = 1e-12  # torch's floor for x (1 - x) in the gradient


@declare("binary_cross_entropy_backward", grad_fn="BinaryCrossEntropyBackwardBackward0",
         saves=(0, 1, 2, 3), save_if={0: (1, 2), 1: (0, 1, 2), 2: (0, 1, 2), 3: (0, 1, 2)},
         dtype=SAME,
         formula="f(g, x, y) = g w (x - y) / c (/ n), c = max(x (1 - x), 1e-12); "
                 "d/dg = w (x - y) / c; d/dx = g w (1/c - (x - y) c' / c^2); d/dy = -g w / c")
def _bce(g, x, y, w, reduction):
    # torch's order (its bits): g (x - y), divided by the clamp, times w, divided by n last
    grad = g * (x - y) / xp.op("clamp_min", ((1 - x) * x,), _EPSILON)
    if w is not None:
        grad = grad * w
    return _shared(grad, reduction, x)


@_bce.backward
def _(ctx, gg):
    g, x, y, w = ctx.saved
    reduction = ctx.params[0]
    grad_g = binary_cross_entropy_backward(gg, x, y, w, reduction) if needs_grad(
        ctx, 0) else None
    grad_x = grad_y = None
    if needs_grad(ctx, 1) or needs_grad(ctx, 2):
        product = (1 - x) * x
        clamped = xp.op("clamp_min", (product,), _EPSILON)
        if needs_grad(ctx, 1):  # the floor's slope is 0 where it holds
            slope = (1 - 2 * x) * _mask(product > _EPSILON, x)
            curve = (1 / clamped - (x - y) * slope / (clamped * clamped)) * (gg * g)
            grad_x = _shared(curve if w is None else curve * w, reduction, x)
        if needs_grad(ctx, 2):
            share = -gg * g
            grad_y = _shared((share if w is None else share * w) / clamped, reduction, x)
    return grad_g, grad_x, grad_y, None


_bce.tangent(_fw.diagonal)


def binary_cross_entropy_backward(g, x, y, w, reduction: str):
    """binary_cross_entropy's gradient for x; BinaryCrossEntropyBackwardBackward0."""
    if xp.is_tensor(g):
        return apply(_bce, (g, x, y, w), (reduction,))
    return _bce.forward(g, x, y, w, reduction)


# ---------------------------------------------------------------------- nll_loss
def _nll_coefficients(x: np.ndarray, target: np.ndarray, weight, reduction: str,
                      ignore_index: int) -> np.ndarray:
    """d loss / dx: -w[t] at each target's class (divided by the total weight for "mean"),
    zero elsewhere and for ignored targets. Only x's shape and dtype are read."""
    _at_targets, _nll_picks = nn_loss._at_targets, nn_loss._nll_picks
    if reduction == "mean" and nn_loss._plain_mean(x, target, weight, ignore_index):
        # every weight 1: each coefficient is -(1 / count), as the general path's ones / sum
        # (np.zeros where zeros_like gives the same C-ordered array: ~1 us less)
        coefficients = (np.zeros(x.shape, x.dtype) if x.flags.c_contiguous
                        else np.zeros_like(x))
        one = x.dtype.type(1)
        coefficients[_at_targets(x, target.astype(np.intp, copy=False))] = -(
            one / x.dtype.type(target.size))
        return coefficients
    _, w, safe, ignored = _nll_picks(x, target, weight, ignore_index)
    if reduction == "mean":
        if ignored is None and weight is None and w.size:  # a count of ones: never 0 / 0
            w = w / np.add.reduce(w, axis=None, dtype=x.dtype)
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                w = w / np.sum(w, dtype=x.dtype)
    coefficients = np.zeros_like(x)
    coefficients[_at_targets(x, safe)] = -w if ignored is None else np.where(ignored, 0, -w)
    return coefficients


def _nll(g, x, target, weight, reduction, ignore_index):
    coefficients = _nll_coefficients(x, target, weight, reduction, ignore_index)
    if reduction == "none" and g.ndim:  # one value per sample: spread over the classes
        g = np.expand_dims(g, 1 if x.ndim >= 2 else 0)
    return g * coefficients


_NLL_FORMULA = ("f(g, x) = g times d loss/dx (-w[t] at each target's class, / total weight "
                "for mean); d/dg = the loss of gg; d/dx = 0 (only x's shape is read)")
_nll_op = declare("nll_loss_backward", grad_fn="NllLossBackwardBackward0", saves=(2, 3),
                  dtype=SAME, formula=_NLL_FORMULA)(_nll)
_nll2d_op = declare("nll_loss2d_backward", grad_fn="NllLoss2DBackwardBackward0", saves=(2, 3),
                    dtype=SAME, formula=_NLL_FORMULA)(_nll)


def _nll_double_backward(ctx, gg):
    target, weight = ctx.saved
    loss = OPS["nll_loss2d" if ctx.op is _nll2d_op else "nll_loss"]
    grad_g = None
    if needs_grad(ctx, 0):  # the loss is linear in x: its coefficients applied to gg
        grad_g = (apply(loss, (gg, target, weight), ctx.params) if xp.is_tensor(gg)
                  else loss.forward(gg, target, weight, *ctx.params))
    return grad_g, xp.zeros_like(gg) if needs_grad(ctx, 1) else None, None, None


def _nll_tangent(ctx, t_g, *_):
    return ctx.zeros() if t_g is None else ctx.run(t_g, *ctx.inputs[1:])


for _op in (_nll_op, _nll2d_op):
    _op.backward(_nll_double_backward)
    _op.tangent(_nll_tangent)


def nll_loss_backward(g, x, target, weight, reduction: str, ignore_index: int,
                      spatial: bool):
    """nll_loss's gradient for x: NllLossBackwardBackward0 (NllLoss2DBackwardBackward0 for
    the spatial kernel). x is an input, as in torch: the gradient requires grad with it."""
    if xp.is_tensor(g):
        return apply(_nll2d_op if spatial else _nll_op, (g, x, target, weight),
                     (reduction, ignore_index))
    return _nll(g, xp.numpy_value(x), target, weight, reduction, ignore_index)


# (last: nn_loss imports this module, so its names are read when a gradient is computed;
# an import inside the function cost ~2 us a call)
from . import nn_loss  # noqa: E402
