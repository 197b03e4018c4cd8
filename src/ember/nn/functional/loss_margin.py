"""The margin losses that torch computes with dedicated kernels or composes in Python:
multi_margin_loss, multilabel_margin_loss and triplet_margin_with_distance_loss, with
torch's arguments, checks and error messages.

The first two are ops with torch's kernels' arithmetic and nodes
(ops/nn_loss_margin.py: MultiMarginLossBackward0, MultilabelMarginLossBackward0); the
third composes public ops, as torch's Python does.
"""

from __future__ import annotations

from ... import _dtype
from ..._dispatch import apply
from ..._dtype import scalar_type_name
from ..._grad_mode import is_grad_enabled
from ..._tensor import Tensor
from ...ops._registry import OPS
from ...ops.pointwise_binary import minimum
from .distance import pairwise_distance
from .loss import _apply_reduction, _resolve, get_enum

__all__ = ["multi_margin_loss", "multilabel_margin_loss", "triplet_margin_with_distance_loss"]


# ---------------------------------------------------------------------- multi-class margins
def _scalar_name(dtype) -> str:
    """A dtype as torch's C++ scalar-type messages name it (Float, Double, Long...)."""
    name = str(dtype).removeprefix("torch.")
    return scalar_type_name(name)


def _margin_frames(input: Tensor, kernel: str) -> tuple[int, int]:
    """(number of samples, number of classes) of a vector or matrix input, with torch's
    checks (a 0-d input is one sample of one class)."""
    if input.dtype not in (_dtype.float32, _dtype.float64):  # (torch's kernels: no halves)
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_scalar_name(input.dtype)}'")
    ndim = input.ndim
    if not (ndim == 0 or (ndim == 1 and input.shape[0] != 0)
            or (ndim == 2 and input.shape[1] != 0)):
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch "
                           f"size, but got: {list(input.shape)}")
    if ndim <= 1:
        return 1, 1 if ndim == 0 else input.shape[0]
    return input.shape[0], input.shape[1]


def _check_long(tensor: Tensor) -> None:
    if tensor.dtype != _dtype.int64:
        raise RuntimeError(f"expected scalar type Long but found {_scalar_name(tensor.dtype)}")


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0,
                      weight: Tensor | None = None, size_average: bool | None = None,
                      reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """Multi-class hinge loss: for each sample, the sum over classes i other than the
    target y of max(0, margin - x[y] + x[i]) ** p (times weight[y]), divided by the number
    of classes. `input` (N, C) or (C,), `target` class indices (N,) or ()."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    frames, classes = _margin_frames(input, "multi_margin_loss_cpu_kernel")
    if target.ndim > 1 or target.numel() != frames:
        raise RuntimeError(
            "multi_margin_loss: target tensor should be 1-D with size equal to the number of "
            f"input samples (batch size). Expected target size [{frames}], but got "
            f"{list(target.shape)}. Input has shape {list(input.shape)}.")
    _check_long(target)
    if weight is not None:
        if weight.numel() != classes:
            raise RuntimeError(f"inconsistent weight size, expected {classes} but got "
                               f"{list(weight.shape)}")
        if weight.requires_grad and is_grad_enabled():
            # torch's kernel has no derivative for the class weights
            raise RuntimeError("The function 'multi_margin_loss' is not differentiable with "
                               "respect to argument 'weight'. This input cannot have "
                               "requires_grad True.")
        if weight.dtype != input.dtype:
            raise RuntimeError(f"expected scalar type {_scalar_name(input.dtype)} but found "
                               f"{_scalar_name(weight.dtype)}")
    index = target.reshape(frames)
    if frames and bool(((index < 0) | (index >= classes)).any()):
        raise RuntimeError("target out of range")
    return apply(OPS["multi_margin_loss"], (input, target, weight),
                 (p, margin, reduction))


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
                           reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """Multi-label hinge loss: `target` lists each sample's classes, ended by the first
    -1; the loss sums max(0, 1 - (x[j] - x[i])) over listed classes j and unlisted
    classes i, divided by the number of classes. `input` and `target` (N, C) or (C,)."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    frames, classes = _margin_frames(input, "multilabel_margin_loss_forward_out_frame")
    if input.ndim <= 1:
        consistent = target.ndim <= 1 and target.numel() == classes
    else:
        consistent = target.ndim == 2 and tuple(target.shape) == (frames, classes)
    if not consistent:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of "
                           f"size: {list(input.shape)}")
    _check_long(target)
    if target.numel() and (int(target.min()) < -1 or int(target.max()) >= classes):
        raise RuntimeError("argument #2 'target' is out of range")
    return apply(OPS["multilabel_margin_loss"], (input, target), (reduction,))


# ---------------------------------------------------------------------- triplets, any distance
def triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, *,
                                      distance_function=None, margin: float = 1.0,
                                      swap: bool = False, reduction: str = "mean") -> Tensor:
    """max(0, margin + d(anchor, positive) - d(anchor, negative)) for any distance
    function `d` (pairwise_distance by default); `swap` uses d(positive, negative) when it
    is smaller."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    dims = (anchor.ndim, positive.ndim, negative.ndim)
    if len(set(dims)) != 1:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
            f"{dims[2]}D inputs")
    distance = pairwise_distance if distance_function is None else distance_function
    distance_positive = distance(anchor, positive)
    distance_negative = distance(anchor, negative)
    if swap:
        distance_negative = minimum(distance_negative, distance(positive, negative))
    loss = (margin + distance_positive - distance_negative).clamp_min(0)
    return _apply_reduction(loss, reduction)
