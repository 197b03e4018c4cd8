"""Fused loss primitives: the losses whose result torch records as one node of its own
(`MseLossBackward0`, `NllLossBackward0`, `BinaryCrossEntropyBackward0`, ...).

`ember.nn.functional` composes everything else (l1_loss, kl_div, the label smoothing of
cross_entropy, ...) from public ops. Each op is followed by the function that
`nn.functional` calls: it makes the checks torch's kernel makes (dtypes, class indices in
range, input in [0, 1]) and applies the op. The loss ops take the reduction ("none",
"mean" or "sum") as their first param, reduce in the forward, and their backwards scale
by 1/n for "mean" (mul_scalar and div_scalar, at the end, are cross_entropy's scalings
with torch's grad_fn names).

Gradients: the backward formulas are written against ops/_xp.py, so on Tensors they are
ember ops and second derivatives come free. Where torch's formula is a kernel of its own
(mse_loss_backward, nll_loss_backward, ...), it is an op of ops/nn_loss_backward.py, which
the formula records on Tensors (a gradient taken with create_graph=True then has torch's
grad_fn) and computes directly on arrays. Targets given as class indices and weights
are constants: torch refuses a weight (and some targets) that requires grad, and so does
`check_not_differentiable` here.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from .._dtype import scalar_type_name
from .._grad_mode import state as _grad_state
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._nll_order import batch_total, cascade_total
from ._pointwise_common import HALF, in_float32
from ._registry import OPS, PROMOTE, SAME, declare
from ._registry import needs_grad as _needs
from ._sum_order import torch_sum
from ._torch_libm import sleef_exp, sleef_log1p
from .nn_loss_backward import (
    binary_cross_entropy_backward,
    divided,
    huber_loss_backward,
    mse_loss_backward,
    nll_loss_backward,
    smooth_l1_loss_backward,
    soft_margin_loss_backward,
)
from .nn_ops import _require_float

__all__ = ["mse_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "nll_loss",
           "mul_scalar", "div_scalar", "check_not_differentiable"]


# ---------------------------------------------------------------------- shared pieces
def _reduce(losses: np.ndarray, reduction: str) -> np.ndarray:
    if reduction == "none":
        return losses
    # (torch's loss.sum() or loss.mean(): its order of additions, then / n)
    total = torch_sum(losses) if losses.dtype.kind == "f" and losses.dtype.itemsize > 2 else (
        np.sum(losses, dtype=losses.dtype))
    with np.errstate(invalid="ignore", divide="ignore"):  # the mean of nothing is nan
        return total if reduction == "sum" else total / losses.dtype.type(losses.size)


def _pointwise_loss_tangent(ctx, *tangents):
    """Tangent rule of an elementwise loss followed by its reduction: the partial derivatives
    (the backward formula applied to ones) times the tangents, reduced like the loss."""
    out = ctx._result._data
    ones = Tensor(np.ones(out.shape, out.dtype))
    terms = []
    for k, t in enumerate(tangents):
        if t is None:
            continue
        partial = ctx.op.backward_fn(ctx.only(k), ones)[k]
        if partial is not None:  # weights are constants: no partial derivative
            terms.append(partial * t)
    total = _fw.tangent_sum(*terms)
    if total is None:
        return ctx.zeros()
    return total if ctx.params[0] == "none" else total.sum()


def _type_name(array: np.ndarray) -> str:
    return scalar_type_name(str(array.dtype))


def check_not_differentiable(function: str, argument: str, value: object) -> None:
    """torch's refusal of a tensor that requires grad where its kernel has no derivative."""
    if isinstance(value, Tensor) and value._requires_grad and _grad_state.enabled:
        raise RuntimeError(f"The function '{function}' is not differentiable with respect to "
                           f"argument '{argument}'. This input cannot have requires_grad True.")


def _constant_as(value: Tensor | None, dtype: np.dtype) -> Tensor | None:
    """A tensor that never takes part in differentiation (a weight), in the compute dtype."""
    if value is None or value._data.dtype == dtype:
        return value
    return Tensor(value._data.astype(dtype))


def _as_dtype_of(target: Tensor, input: Tensor) -> Tensor:
    """The target converted to the input's dtype, as kernels that compute in it do."""
    return target if target.dtype == input.dtype else target.to(input.dtype)


# ---------------------------------------------------------------------- mse_loss
@declare("mse_loss", grad_fn="MseLossBackward0", saves=(0, 1), dtype=PROMOTE,
         formula="d/dx reduce((x - y)^2) = 2 (x - y) g (/ n for mean); d/dy = -d/dx")
def _mse(x, y, reduction):
    d = x - y
    return _reduce(d * d, reduction)


def _symmetric_gradients(ctx, g, kernel, tensor_kernel):
    """The gradients of a loss in x - y: torch's kernel for x, and for y the kernel with x
    and y swapped; on arrays, y's is x's negated (the same values: x - y is -(y - x))."""
    x, y = ctx.saved
    if isinstance(g, Tensor):
        return (tensor_kernel(g, x, y, *ctx.params) if _needs(ctx, 0) else None,
                tensor_kernel(g, y, x, *ctx.params) if _needs(ctx, 1) else None)
    gx = kernel.forward(g, x, y, *ctx.params)
    return (gx if _needs(ctx, 0) else None, -gx if _needs(ctx, 1) else None)


@_mse.backward
def _(ctx, g):
    return _symmetric_gradients(ctx, g, OPS["mse_loss_backward"], mse_loss_backward)


_mse.tangent(_pointwise_loss_tangent)


def mse_loss(input: Tensor, target: Tensor, reduction: str) -> Tensor:
    """Mean squared error of two tensors of one shape, reduced."""
    if input._data.dtype.kind != "f" and target._data.dtype.kind != "f":
        _require_float("mse_cpu", input)
    return apply(OPS["mse_loss"], (input, target), (reduction,))


# ---------------------------------------------------------------------- smooth_l1 / huber
@declare("smooth_l1_loss", grad_fn="SmoothL1LossBackward0", saves=(0, 1), dtype=PROMOTE,
         formula="d = x - y; loss = d^2/(2 beta) if |d| < beta else |d| - beta/2; "
                 "d/dx = d/beta inside, sign(d) outside")
def _smooth_l1(x, y, reduction, beta):
    d = x - y
    a = np.abs(d)
    return _reduce(np.where(a < beta, 0.5 * d * d / beta, a - 0.5 * beta).astype(d.dtype),
                   reduction)


@_smooth_l1.backward
def _(ctx, g):
    return _symmetric_gradients(ctx, g, OPS["smooth_l1_loss_backward"],
                                smooth_l1_loss_backward)


_smooth_l1.tangent(_pointwise_loss_tangent)


def smooth_l1_loss(input: Tensor, target: Tensor, reduction: str, beta: float) -> Tensor:
    """Smooth L1 loss (beta >= 0; torch computes it in the promoted dtype)."""
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if input._data.dtype.kind != "f" and target._data.dtype.kind != "f":
        _require_float("smooth_l1_cpu", input)
    return apply(OPS["smooth_l1_loss"], (input, target), (reduction, beta))


@declare("huber_loss", grad_fn="HuberLossBackward0", saves=(0, 1), dtype=SAME,
         formula="d = x - y; loss = d^2/2 if |d| < delta else delta (|d| - delta/2); "
                 "d/dx = d inside, delta sign(d) outside")
def _huber(x, y, reduction, delta):
    d = x - y
    a = np.abs(d)
    return _reduce(np.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta)).astype(d.dtype),
                   reduction)


@_huber.backward
def _(ctx, g):
    return _symmetric_gradients(ctx, g, OPS["huber_loss_backward"], huber_loss_backward)


_huber.tangent(_pointwise_loss_tangent)


def huber_loss(input: Tensor, target: Tensor, reduction: str, delta: float) -> Tensor:
    """Huber loss; torch computes it in the input's dtype (the target is converted)."""
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _require_float("huber_cpu", input)
    return apply(OPS["huber_loss"], (input, _as_dtype_of(target, input)), (reduction, delta))


# ---------------------------------------------------------------------- soft_margin_loss
@declare("soft_margin_loss", grad_fn="SoftMarginLossBackward0", saves=(0, 1), dtype=SAME,
         formula="loss = log(1 + exp(-y x)); d/dx = -y sigmoid(-y x)")
def _soft_margin(x, y, reduction):
    # log1p(exp(.)) as torch's kernel computes it (it overflows to inf where torch's does);
    # the backward uses the sigmoid form, finite everywhere.
    with np.errstate(over="ignore"):
        return _reduce(np.log1p(np.exp(-y * x)), reduction)


@_soft_margin.backward
def _(ctx, g):
    x, y = ctx.saved
    return (soft_margin_loss_backward(g, x, y, ctx.params[0]), None)


_soft_margin.tangent(_pointwise_loss_tangent)


def soft_margin_loss(input: Tensor, target: Tensor, reduction: str) -> Tensor:
    """log(1 + exp(-y x)), reduced; the target is a constant in the input's dtype."""
    check_not_differentiable("soft_margin_loss", "target", target)
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_type_name(input._data)}")
    return apply(OPS["soft_margin_loss"], (input, _as_dtype_of(target, input)), (reduction,))


# ---------------------------------------------------------------------- binary cross-entropy


@declare("binary_cross_entropy", grad_fn="BinaryCrossEntropyBackward0", saves=(0, 1, 2),
         dtype=SAME, edges=(0, 1),
         formula="loss = -w (y log x + (1 - y) log(1 - x)), logs clamped to >= -100; "
                 "d/dx = w (x - y) / max(x (1 - x), 1e-12); d/dy = w (log(1 - x) - log x)")
def _bce(x, y, w, reduction):
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(x), -100)
        log_1mx = np.maximum(np.log1p(-x), -100)
    losses = -(y * log_x + (1 - y) * log_1mx)
    if w is not None:
        losses = losses * w
    return _reduce(losses.astype(x.dtype, copy=False), reduction)


@_bce.backward
def _(ctx, g):
    x, y, w = ctx.saved
    reduction = ctx.params[0]
    gx = binary_cross_entropy_backward(g, x, y, w, reduction) if _needs(ctx, 0) else None
    gy = None
    if _needs(ctx, 1):  # torch's order: -logit(x) g, times w, divided by n last
        gy = -xp.op("logit", (x,), None) * g
        if w is not None:
            gy = gy * w
        if reduction == "mean":
            gy = divided(gy, math.prod(x.shape))
    return (gx, gy, None)


_bce.tangent(_pointwise_loss_tangent)


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None,
                         reduction: str) -> Tensor:
    """BCE of probabilities; input, target (and weight, broadcast to them) of one shape."""
    check_not_differentiable("binary_cross_entropy", "weight", weight)
    x = input._data
    if target._data.dtype != x.dtype:
        raise RuntimeError(f"Found dtype {_type_name(target._data)} but expected "
                           f"{_type_name(x)}")
    _require_float("binary_cross_entropy", input)
    if not np.all((x >= 0) & (x <= 1)):
        raise RuntimeError("all elements of input should be between 0 and 1")
    weight = _constant_as(weight, x.dtype)
    return apply(OPS["binary_cross_entropy"], (input, target, weight), (reduction,))


def _logsigmoid_np(z):
    # (torch's log_sigmoid kernel, its exp and log1p SLEEF's: ops/_torch_libm)
    return np.minimum(z, 0) - sleef_log1p(sleef_exp(-np.abs(z)))


@declare("binary_cross_entropy_with_logits", grad_fn="BinaryCrossEntropyWithLogitsBackward0",
         saves=(0, 1, 2, 3), dtype=SAME, edges=(0, 1),
         formula="loss = -w (p y log sigmoid(x) + (1 - y) log sigmoid(-x)), p = pos_weight; "
                 "d/dx = w (sigmoid(x) (1 - y + p y) - p y); "
                 "d/dy = w (log sigmoid(-x) - p log sigmoid(x))")
def _bce_logits(x, y, w, pos_weight, reduction):
    # (1 - y) x - log sigmoid(x) equals -(y log sigmoid(x) + (1 - y) log sigmoid(-x)),
    # without ever exponentiating a large positive number. torch computes the log sigmoid
    # in the input's dtype and the rest in place in the target's, which is the result's.
    log_sig = _logsigmoid_np(x)
    if pos_weight is not None:
        log_sig = (log_sig * ((pos_weight - 1) * y + 1)).astype(x.dtype, copy=False)
    losses = (1 - y) * x - log_sig
    if w is not None:
        losses = losses * w
    return _reduce(losses.astype(y.dtype, copy=False), reduction)


@_bce_logits.backward
def _(ctx, g):
    x, y, w, pos_weight = ctx.saved
    reduction = ctx.params[0]
    gx = gy = None
    # torch's order: the slope times g, times w, then divided by n (DivBackward1) for mean
    if _needs(ctx, 0):
        if pos_weight is None:
            gx = (xp.sigmoid(x) - y) * g
        else:
            py = pos_weight * y
            gx = (xp.sigmoid(x) * ((py + 1) - y) - py) * g  # (torch's grouping: its bits)
        gx = xp.astype(_weighted_share(gx, w, reduction, x), xp.numpy_dtype(x))
    if _needs(ctx, 1):
        if pos_weight is None:
            gy = -x * g
        else:
            gy = (xp.op("logsigmoid", (-x,)) - pos_weight * xp.op("logsigmoid", (x,))) * g
        gy = xp.astype(_weighted_share(gy, w, reduction, x), xp.numpy_dtype(y))
    return (gx, gy, None, None)


def _weighted_share(grad, w, reduction: str, x):
    if w is not None:
        grad = grad * w
    return divided(grad, math.prod(x.shape)) if reduction == "mean" else grad


_bce_logits.tangent(_pointwise_loss_tangent)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None,
                                     pos_weight: Tensor | None, reduction: str) -> Tensor:
    """BCE of logits, stable for any magnitude; `pos_weight` weighs the positive term.
    The result has the target's dtype (torch computes in place in a copy of it)."""
    function = "binary_cross_entropy_with_logits"
    check_not_differentiable(function, "weight", weight)
    check_not_differentiable(function, "pos_weight", pos_weight)
    _require_float("log_sigmoid_cpu", input)
    kind = target._data.dtype.kind
    if kind == "b":
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if kind != "f":
        raise RuntimeError("result type Float can't be cast to the desired output type "
                           f"{_type_name(target._data)}")
    shape = input._data.shape
    for extra in (weight, pos_weight):
        if extra is not None:
            _check_broadcasts_to(shape, extra._data.shape, swap=extra is pos_weight)
    dtype = target._data.dtype
    return apply(OPS[function], (input, target, _constant_as(weight, dtype),
                                 _constant_as(pos_weight, dtype)), (reduction,))


def _check_broadcasts_to(shape: tuple, other: tuple, swap: bool) -> None:
    """torch's errors for a weight that does not broadcast to the loss's shape (torch
    multiplies the loss by the weight, but pos_weight by the target: `swap` names the
    operands in that order)."""
    ndim = max(len(shape), len(other))
    for offset in range(1, min(len(shape), len(other)) + 1):
        a, b = shape[-offset], other[-offset]
        if a != b and b != 1 and a != 1:
            a, b = (b, a) if swap else (a, b)
            raise RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b "
                               f"({b}) at non-singleton dimension {ndim - offset}")
    full = np.broadcast_shapes(shape, other)
    if full != tuple(shape):
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast "
                           f"shape {list(full)}")


# ---------------------------------------------------------------------- nll_loss
def _class_axis(x: np.ndarray) -> int:
    return 1 if x.ndim >= 2 else 0


def _at_targets(x: np.ndarray, safe: np.ndarray) -> tuple:
    """The index of x's entries at each target position's class: (n, t[n], d1, ...) for
    x of shape (N, C, d1, ...), or (t,) for a single sample of shape (C,)."""
    if x.ndim == 1:
        return (safe,)
    if x.ndim == 2:  # the usual (N, C) batch: np.indices costs several microseconds
        return (np.arange(len(safe)), safe)
    positions = np.indices(safe.shape, sparse=True)
    return (positions[0], safe, *positions[1:])


def _all_plain_classes(target: np.ndarray, classes: int, ignore_index: int) -> bool:
    """Whether every target is a class (0 <= t < classes) and none can be ignore_index, by
    one reduction: as unsigned integers, negative targets (torch's -100 among them) are
    above any class. (The checks below take four NumPy calls, ~15 us for LeNet's batch.)"""
    kind = target.dtype.kind
    if kind not in "iu" or not target.size or 0 <= ignore_index < classes:
        return False
    unsigned = target if kind == "u" else target.view(_UNSIGNED[target.dtype.itemsize])
    return int(_max_reduce(unsigned, axis=None)) < classes


_max_reduce = np.maximum.reduce  # (np.max's ufunc without its Python wrapper)
# (dtypes made once: a view by a name as "u8" parses it each time)
_UNSIGNED = {size: np.dtype(f"u{size}") for size in (1, 2, 4, 8)}


def _plain_mean(x: np.ndarray, target: np.ndarray, weight, ignore_index: int) -> bool:
    """A mean over unweighted targets that are all classes, whose count the dtype holds
    exactly (so that it is the sum of the weights, all 1)."""
    return (weight is None and x.dtype.kind == "f" and x.dtype.itemsize >= 4
            and 0 < target.size < 1 << 24
            and _all_plain_classes(target, x.shape[_class_axis(x)], ignore_index))


def _nll_picks(x, target, weight, ignore_index):
    """For each target position: the input at its class, its weight (0 if ignored), the
    classes as indices, and where targets are ignored (None when none is: the usual
    batch, which then takes no masks)."""
    axis = _class_axis(x)
    classes = x.shape[axis]
    if weight is None and _all_plain_classes(target, classes, ignore_index):
        safe = target.astype(np.intp, copy=False)  # (read only, never written)
        picked = x[_at_targets(x, safe)]
        return picked, np.ones(np.shape(picked), x.dtype), safe, None
    ignored = target == ignore_index
    if not ignored.any():
        if target.size and (target.min() < 0 or target.max() >= classes):
            bad = (target < 0) | (target >= classes)
            raise IndexError(f"Target {int(target[bad].flat[0])} is out of bounds.")
        safe = target.astype(np.intp, copy=False)  # (read only, never written)
        picked = x[_at_targets(x, safe)]
        w = (np.ones(np.shape(picked), x.dtype) if weight is None
             else weight[safe].astype(x.dtype, copy=False))
        return picked, w, safe, None
    bad = ~ignored & ((target < 0) | (target >= classes))
    if bad.any():
        raise IndexError(f"Target {int(target[bad].flat[0])} is out of bounds.")
    safe = np.where(ignored, 0, target).astype(np.intp)
    picked = x[_at_targets(x, safe)]
    w = np.ones_like(picked) if weight is None else weight[safe]
    return picked, np.where(ignored, 0, w).astype(x.dtype, copy=False), safe, ignored


def _nll_forward(x, target, weight, reduction, ignore_index):
    if reduction != "none" and x.ndim > 1 and (x.dtype == np.float32 or x.dtype == np.float64):
        if (weight is None and x.ndim == 2 and target.ndim == 1
                and _all_plain_classes(target, x.shape[1], ignore_index)):
            return _plain_batch_total(x, target, reduction)
        return _nll_total(x, target, weight, reduction, ignore_index)
    picked, w, _, ignored = _nll_picks(x, target, weight, ignore_index)
    losses = -(picked * w)
    if ignored is not None:
        losses = np.where(ignored, 0, losses).astype(x.dtype, copy=False)
    if reduction != "mean":
        return _reduce(losses, reduction)
    with np.errstate(invalid="ignore", divide="ignore"):  # all ignored: 0 / 0 = nan
        return np.sum(losses, dtype=x.dtype) / np.sum(w, dtype=x.dtype)


def _plain_batch_total(x, target, reduction):
    """_nll_total of the usual (N, C) batch: no weights, every target a class (N > 0), so
    nothing is ignored and the mean's count is N, never 0 (no 0 / 0 to silence)."""
    terms = np.negative(x[np.arange(target.shape[0]), target.astype(np.intp, copy=False)])
    total = batch_total(terms)
    if reduction == "sum":
        return np.asarray(total)
    return np.asarray(total / x.dtype.type(terms.shape[0]))


def _nll_total(x, target, weight, reduction, ignore_index):
    """A batch's summed or averaged loss in torch's order of additions (_nll_order): the
    samples (and the positions of a K-dim input) in C order, the ignored ones skipped."""
    picked, w, _, ignored = _nll_picks(x, target, weight, ignore_index)
    picked = picked.reshape(-1)
    terms = np.negative(picked) if weight is None else -(picked * w.reshape(-1))
    if ignored is None:
        total = batch_total(terms) if terms.size else x.dtype.type(0)
        kept = terms.size
    else:
        positions = np.flatnonzero(~ignored)
        total = cascade_total(terms[positions], positions, terms.size)
        kept = positions.size
    if reduction == "sum":
        return np.asarray(total)
    if weight is None:
        count = x.dtype.type(kept)
    elif ignored is None:
        count = batch_total(w.reshape(-1)) if w.size else x.dtype.type(0)
    else:
        count = cascade_total(w.reshape(-1)[positions], positions, w.size)
    with np.errstate(invalid="ignore", divide="ignore"):  # nothing counted: 0 / 0 = nan
        return np.asarray(total / count)


def _nll_backward(ctx, g):
    """The gradient is g times a constant: -w[t] at each target's class (divided by the
    total weight for "mean"), zero elsewhere and for ignored targets (torch's kernel,
    ops/nn_loss_backward.py)."""
    x, target, weight = ctx.saved
    return (nll_loss_backward(g, x, target, weight, *ctx.params, ctx.op.name == "nll_loss2d"),
            None, None)


def _nll_tangent(ctx, t, *_):
    return ctx.run(t, *ctx.inputs[1:])  # linear in the input


_NLL_FORMULA = ("loss_n = -w[t_n] x[n, t_n] (0 where t_n = ignore_index), summed or divided "
                "by sum of w[t_n] for mean; d/dx[n, c] = -w[c] [c = t_n] g")


@declare("nll_loss", grad_fn="NllLossBackward0", saves=(0, 1, 2), dtype=SAME, edges=(0,),
         formula=_NLL_FORMULA)
def _nll(x, target, weight, reduction, ignore_index):
    return _nll_forward(x, target, weight, reduction, ignore_index)


@declare("nll_loss2d", grad_fn="NllLoss2DBackward0", saves=(0, 1, 2), dtype=SAME, edges=(0,),
         formula=_NLL_FORMULA + " (input (N, C, H, W), target (N, H, W))")
def _nll2d(x, target, weight, reduction, ignore_index):
    return _nll_forward(x, target, weight, reduction, ignore_index)


for _op in (_nll, _nll2d):
    _op.backward(_nll_backward)
    _op.tangent(_nll_tangent)


_TARGET_DTYPES = (np.dtype(np.int64), np.dtype(np.uint8))


def _check_nll2d_shapes(x: np.ndarray, t: np.ndarray, weight: Tensor | None) -> None:
    """torch's shape checks for input (N, C, H, W) with target (N, H, W)."""
    if t.ndim != 3:
        raise RuntimeError("only batches of spatial targets supported (3D tensors) but "
                           f"got targets of dimension: {t.ndim}")
    if x.shape[0] != t.shape[0] or x.shape[2:] != t.shape[1:]:
        raise RuntimeError(f"size mismatch (got input: {list(x.shape)} , target: "
                           f"{list(t.shape)}")
    if weight is not None and weight.numel() != x.shape[1]:
        raise RuntimeError("weight tensor should be defined either for all or no classes")


def _check_nll_shapes(x: np.ndarray, t: np.ndarray, weight: Tensor | None) -> None:
    """torch's shape checks for input (C,) or (N, C) with target () or (N,)."""
    if not 1 <= x.ndim <= 2:
        raise RuntimeError("input tensor should be 1D or 2D")
    if t.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    one_sample = x.ndim == 1 and (t.ndim == 0 or t.shape == (1,))
    if not one_sample and x.shape[0] != (t.shape[0] if t.ndim else 1):
        raise RuntimeError(f"size mismatch (got input: {list(x.shape)}, target: "
                           f"{list(t.shape)})")
    classes = x.shape[-1]
    if weight is not None and (weight.ndim != 1 or weight.numel() != classes):
        raise RuntimeError(
            f"weight tensor should be defined either for all {classes} classes or no "
            f"classes but got weight tensor of shape: {list(weight.shape)}")


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None, reduction: str,
             ignore_index: int) -> Tensor:
    """The negative log likelihood kernels: input (C,) or (N, C) with target () or (N,)
    (NllLossBackward0), or input (N, C, H, W) with target (N, H, W) (NllLoss2DBackward0).
    """
    spatial = input.ndim == 4
    check_not_differentiable("nll_loss2d_forward" if spatial else "nll_loss_forward",
                             "weight", weight)
    x, t = input._data, target._data
    if spatial:
        _check_nll2d_shapes(x, t, weight)
    else:
        _check_nll_shapes(x, t, weight)
        if x.ndim == 1 and t.shape == (1,):
            target = target.reshape(())  # one target for one sample: as a 0-d target
    if t.dtype not in _TARGET_DTYPES:
        raise RuntimeError("expected target dtype to be Long or Byte, but got "
                           f"{_type_name(t)}")
    _require_float("nll_loss2d_forward_out_frame" if spatial else "nll_loss_out_frame", input)
    if weight is not None and weight._data.dtype != x.dtype:
        raise RuntimeError(f"expected scalar type {_type_name(x)} but found "
                           f"{_type_name(weight._data)}")
    op = OPS["nll_loss2d"] if spatial else OPS["nll_loss"]
    return apply(op, (input, target, weight), (reduction, ignore_index))


# ---------------------------------------------------------------------- scaling by a number
# torch's C++ losses multiply and divide by Python numbers with the Scalar overloads of mul
# and div, whose nodes are MulBackward1 and DivBackward1 (Python's `*` and `/` record
# MulBackward0 and DivBackward0). These two ops let the composite losses record the same.
@declare("mul_scalar", grad_fn="MulBackward1", dtype=SAME, formula="d (x c)/dx = c")
def _mul_scalar(x, factor):
    if x.dtype is HALF:  # torch computes float16 with a number in float32
        return in_float32(np.multiply, x, factor)
    return np.asarray(x * x.dtype.type(factor))


@_mul_scalar.backward
def _(ctx, g):
    return (xp.op("mul_scalar", (g,), ctx.params[0]),)


@declare("div_scalar", grad_fn="DivBackward1", dtype=SAME, formula="d (x / c)/dx = 1/c")
def _div_scalar(x, divisor):
    if x.dtype is HALF:  # torch computes float16 with a number in float32
        return in_float32(np.true_divide, x, divisor)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0 is nan, as in torch
        return np.asarray(x / x.dtype.type(divisor))


@_div_scalar.backward
def _(ctx, g):
    return (xp.op("div_scalar", (g,), ctx.params[0]),)


_mul_scalar.tangent(_fw.linear)
_div_scalar.tangent(_fw.linear)


def mul_scalar(input: Tensor, factor: float) -> Tensor:
    """input * factor for a Python number, recorded as MulBackward1."""
    return apply(OPS["mul_scalar"], (input,), (factor,))


def div_scalar(input: Tensor, divisor: float) -> Tensor:
    """input / divisor for a Python number, recorded as DivBackward1."""
    return apply(OPS["div_scalar"], (input,), (divisor,))
