"""The multi-class margin losses as torch computes them: multi_margin_loss
(MultiMarginLossBackward0) and multilabel_margin_loss (MultilabelMarginLossBackward0), and
their gradient kernels, which torch does not differentiate (their nodes are NotImplemented,
so a second derivative raises).

torch's CPU kernels walk each sample's classes in order: a sample's loss is a running sum of
the hinge terms (in the input's dtype for multi_margin_loss, rounded after each addition;
in double precision for multilabel_margin_loss, rounded once), divided by the number of
classes; the samples' losses are then summed in double precision (and
divided by their count for "mean") and rounded once. The gradient of a term is a constant
(1 / the number of classes, or 1 / all elements for "mean"), added to or subtracted from
an element once per term it takes part in, again rounding after each step. The running
sums here are NumPy's cumulative sums, which add in order with a rounding per step.
`nn.functional.loss_margin` checks the arguments and applies these ops.
"""

from __future__ import annotations

import numpy as np

from . import _xp as xp
from ._registry import SAME, declare

__all__: list[str] = []  # the ops are reached through the table (OPS)


def _running_total(terms: np.ndarray) -> np.ndarray:
    """The sum along the last axis, added left to right with a rounding per addition."""
    if terms.shape[-1] == 0:
        return np.zeros(terms.shape[:-1], terms.dtype)
    return np.cumsum(terms, axis=-1, dtype=terms.dtype)[..., -1]


def _reduced(per_frame: np.ndarray, reduction: str, shape: tuple) -> np.ndarray:
    """The samples' losses as torch returns them: unreduced in `shape`, or summed in
    double precision (divided by their count for "mean") and rounded once."""
    if reduction == "none":
        return per_frame.reshape(shape)
    if not per_frame.size:  # (torch's multilabel kernel gives 0; its multi-class one
        return np.zeros((), per_frame.dtype)  # leaves the result unwritten)
    total = np.cumsum(per_frame.astype(np.float64))[-1]
    if reduction == "mean":
        total = total / per_frame.size
    return np.asarray(total, per_frame.dtype)


def _frames(x: np.ndarray) -> np.ndarray:
    """The input as (samples, classes): a vector is one sample, a 0-d input one class."""
    return x.reshape(1, -1) if x.ndim <= 1 else x


def _term_constant(x2: np.ndarray, reduction: str):
    """A hinge term's derivative: 1 / classes, or 1 / (samples * classes) for "mean", in
    the input's dtype."""
    frames, classes = x2.shape
    count = frames * classes if reduction == "mean" else classes
    # (no samples: nothing to scale, and torch's double division gives inf, not an error)
    return x2.dtype.type(1.0 / count if count else np.inf)


def _times_output_gradient(grad: np.ndarray, g: np.ndarray, reduction: str) -> np.ndarray:
    """The kernel's gradient times the output gradient (one per sample for "none")."""
    if reduction == "none":
        return grad * np.reshape(g, (-1, 1))
    return grad * g


# ---------------------------------------------------------------------- multi_margin_loss
def _multi_margin_terms(x2, target, weight, p, margin):
    """(hinge terms (N, C), where they count): margin - x[y] + x[i] for each class i other
    than the target y where it is positive, squared for p = 2, times weight[y]."""
    rows = np.arange(x2.shape[0])
    z = (x2.dtype.type(margin) - x2[rows, target])[:, None] + x2
    counted = (z > 0) & (np.arange(x2.shape[1]) != target[:, None])
    terms = z if p == 1 else z * z
    if weight is not None:
        terms = terms * weight[target][:, None]
    return np.where(counted, terms, x2.dtype.type(0)), counted, z


@declare("multi_margin_loss", grad_fn="MultiMarginLossBackward0", saves=(0, 1, 2),
         dtype=SAME, edges=(0,),
         formula="loss_n = sum over i != y_n of max(0, margin - x[y_n] + x[i])^p w[y_n] / C; "
                 "d/dx[i] = (p = 1: 1, p = 2: 2 z) w[y_n] / C where the term is positive, "
                 "minus their sum at x[y_n]")
def _multi_margin(x, target, weight, p, margin, reduction):
    x2 = _frames(x)
    shape = target.shape  # (an unreduced loss has the target's shape)
    target = target.reshape(-1).astype(np.intp)
    terms, _, _ = _multi_margin_terms(x2, target, weight, p, margin)
    per_frame = _running_total(terms) / x2.dtype.type(x2.shape[1])
    return _reduced(per_frame, reduction, shape)


@declare("multi_margin_loss_backward", dtype=SAME,
         grad_not_implemented="aten::multi_margin_loss_backward",
         formula="torch implements no derivative of multi_margin_loss_backward")
def _multi_margin_backward(g, x, target, weight, p, margin, reduction):
    x2 = _frames(x)
    target = target.reshape(-1).astype(np.intp)
    constant = _term_constant(x2, reduction)
    _, counted, z = _multi_margin_terms(x2, target, None, p, margin)
    slope = np.full_like(x2, constant) if p == 1 else (2 * constant) * z
    if weight is not None:
        slope = slope * weight[target][:, None]
    grad = np.where(counted, slope, x2.dtype.type(0))
    # the target's own element: minus the other terms' slopes, subtracted in order
    rows = np.arange(x2.shape[0])
    grad[rows, target] = -_running_total(grad)
    grad[rows, target] = np.where(counted.any(axis=1), grad[rows, target], 0)
    return _times_output_gradient(grad, g, reduction).reshape(x.shape)


@_multi_margin.backward
def _(ctx, g):
    x, target, weight = ctx.saved
    return (xp.op("multi_margin_loss_backward", (g, x, target, weight), *ctx.params),
            None, None)


# ---------------------------------------------------------------------- multilabel_margin_loss
def _multilabel_pairs(x2, target2):
    """(hinge terms (N, J, C), where they count): for each listed class j (the entries
    before a sample's first -1, in order) and each class i not listed, 1 - x[j] + x[i]
    where it is positive."""
    frames, classes = x2.shape
    listed = np.cumprod(target2 != -1, axis=1).astype(bool)  # (N, J)
    named = np.zeros((frames, classes), bool)
    rows, slots = np.nonzero(listed)
    named[rows, target2[rows, slots]] = True
    picked = np.take_along_axis(x2, np.where(listed, target2, 0), axis=1)  # (N, J)
    z = (x2.dtype.type(1) - picked)[:, :, None] + x2[:, None, :]
    counted = listed[:, :, None] & ~named[:, None, :] & (z > 0)
    return np.where(counted, z, x2.dtype.type(0)), counted, listed


@declare("multilabel_margin_loss", grad_fn="MultilabelMarginLossBackward0", saves=(0, 1),
         dtype=SAME, edges=(0,),
         formula="loss_n = sum over listed j and unlisted i of max(0, 1 - x[j] + x[i]) / C; "
                 "d/dx[i] = +1/C per positive term with i, -1/C per positive term with j")
def _multilabel_margin(x, target, reduction):
    x2 = _frames(x)
    target2 = target.reshape(x2.shape).astype(np.intp)
    terms, _, _ = _multilabel_pairs(x2, target2)
    # this kernel adds a sample's terms in double precision and rounds the sum to the
    # dtype; unreduced, each sum is then divided; reduced, the sums are added up in double
    # precision first, then divided
    flat = terms.reshape(x2.shape[0], x2.shape[1] ** 2)
    sums = _running_total(flat.astype(np.float64)).astype(x2.dtype)
    classes = x2.shape[1]
    if reduction == "none":
        return (sums / x2.dtype.type(classes)).reshape(x.shape[:-1] if x.ndim == 2 else ())
    if not sums.size:
        return np.zeros((), x2.dtype)
    total = _running_total(sums.astype(np.float64)) / classes
    return np.asarray(total / x2.shape[0] if reduction == "mean" else total, x2.dtype)


@declare("multilabel_margin_loss_backward", dtype=SAME,
         grad_not_implemented="aten::multilabel_margin_loss_backward",
         formula="torch implements no derivative of multilabel_margin_loss_backward")
def _multilabel_margin_backward(g, x, target, reduction):
    x2 = _frames(x)
    target2 = target.reshape(x2.shape).astype(np.intp)
    constant = _term_constant(x2, reduction)
    _, counted, listed = _multilabel_pairs(x2, target2)
    frames, classes = x2.shape
    # each element gains the constant once per term it is the unlisted class of, and
    # loses it once per term it is the listed class of: a running sum of equal steps
    gains = counted.sum(axis=1)  # (N, C)
    losses = np.zeros((frames, classes), np.intp)
    rows, slots = np.nonzero(listed)
    np.add.at(losses, (rows, target2[rows, slots]), counted[rows, slots].sum(axis=-1))
    steps = int(max(gains.max(initial=0), losses.max(initial=0)))
    sums = np.zeros(steps + 1, x2.dtype)  # sums[k]: the constant added k times
    sums[1:] = np.cumsum(np.full(steps, constant, x2.dtype))
    grad = np.where(losses > 0, -sums[losses], sums[gains])
    return _times_output_gradient(grad, g, reduction).reshape(x.shape)


@_multilabel_margin.backward
def _(ctx, g):
    x, target = ctx.saved
    return (xp.op("multilabel_margin_loss_backward", (g, x, target), *ctx.params), None)
