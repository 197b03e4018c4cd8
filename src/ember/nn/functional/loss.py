"""Loss functions of torch.nn.functional: the same names, arguments, defaults, results,
grad_fn names, errors and warnings as torch 2.13.

Each function checks its arguments as torch does, resolves the reduction ("none", "mean",
"sum", or the legacy `size_average`/`reduce` flags, with torch's deprecation warning) and
then either calls a fused primitive of `ember.ops.nn_loss` (where torch records one node:
mse_loss, smooth_l1_loss, huber_loss, nll_loss, binary_cross_entropy(_with_logits),
soft_margin_loss) or composes public ops in the order torch's own composite does, so the
graph reads the same (l1_loss, kl_div, cross_entropy's label smoothing, ...). Nothing here
computes a derivative.
"""

from __future__ import annotations

import math

from ... import _creation
from ..._dispatch import apply as _apply
from ..._grad_mode import no_grad
from ..._tensor import Tensor
from ..._warnings import warn
from ...autograd.node import history_first
from ...ops import nn_loss as _kernels
from ...ops._registry import OPS as _OPS
from ...ops.nn_ops import logsigmoid
from ...ops.pointwise_binary import minimum, where
from .distance import broadcast_pair, pairwise_distance

__all__ = ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy",
           "nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div",
           "cosine_embedding_loss", "margin_ranking_loss", "triplet_margin_loss",
           "soft_margin_loss", "hinge_embedding_loss", "poisson_nll_loss",
           "gaussian_nll_loss", "multilabel_soft_margin_loss"]


# ---------------------------------------------------------------------- reductions
def get_enum(reduction: str) -> str:
    """The reduction torch would use for this string (it raises for an unknown one)."""
    if reduction in ("none", "mean", "sum"):
        return reduction
    if reduction == "elementwise_mean":
        warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' "
             "instead.")
        return "mean"
    raise ValueError(f"{reduction} is not a valid value for reduction")


def legacy_get_string(size_average: bool | None, reduce: bool | None,
                      emit_warning: bool = True) -> str:
    """The reduction that torch's deprecated `size_average`/`reduce` flags stand for."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        reduction = "mean"
    elif reduce:
        reduction = "sum"
    else:
        reduction = "none"
    if emit_warning:
        warn(f"size_average and reduce args will be deprecated, please use "
             f"reduction='{reduction}' instead.")
    return reduction


def _resolve(size_average, reduce, reduction: str) -> str:
    """The reduction string, from the legacy flags when either is given."""
    if size_average is not None or reduce is not None:
        return legacy_get_string(size_average, reduce)
    return reduction


def _apply_reduction(loss: Tensor, reduction: str) -> Tensor:
    """What torch's C++ composites do at the end (reduction already validated)."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


# ---------------------------------------------------------------------- broadcasting
def _warn_if_shapes_differ(input: Tensor, target: Tensor) -> None:
    # (size(), target's first: a non-tensor raises torch's AttributeError about `size`)
    if target.size() != input.size():
        warn(
            f"Using a target size ({target.size()}) that is different to the input size "
            f"({input.size()}). This will likely lead to incorrect results due to "
            "broadcasting. Please ensure they have the same size.")


def _broadcast_shapes(*shapes) -> tuple:
    """torch.broadcast_shapes, with its error message."""
    common = [1] * max(len(s) for s in shapes)
    for index, shape in enumerate(shapes):
        for dim in range(-1, -1 - len(shape), -1):
            if common[dim] == 1:
                common[dim] = shape[dim]
            elif shape[dim] != 1 and shape[dim] != common[dim]:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {shape[dim]} at {dim}! "
                    f"Mismatching argument at index {index} had {shape}; but expected shape "
                    f"should be broadcastable to {common}")
    return tuple(common)


def _weighted(loss: Tensor, weight: Tensor, shape, reduction: str) -> Tensor:
    """The `weight=` branch of mse_loss and l1_loss: weighted mean divides by sum(weight).
    The weight has the input's own shape (`shape`, before broadcasting), as torch checks."""
    if weight.shape != shape:
        raise ValueError("Weights and input must have the same size.")
    loss = loss * weight
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.sum() / weight.sum()
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', "
                     "'sum'.")


# ---------------------------------------------------------------------- regression
def mse_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
             reduce: bool | None = None, reduction: str = "mean",
             weight: Tensor | None = None) -> Tensor:
    """Mean squared error; `weight` (input's shape) gives a weighted mean."""
    _warn_if_shapes_differ(input, target)
    reduction = _resolve(size_average, reduce, reduction)
    shape = input.shape
    input, target = broadcast_pair(input, target)
    if weight is not None:
        return _weighted((input - target).pow(2), weight, shape, reduction)
    return _kernels.mse_loss(input, target, get_enum(reduction))


def l1_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
            reduce: bool | None = None, reduction: str = "mean",
            weight: Tensor | None = None) -> Tensor:
    """Mean absolute error: |input - target|, reduced (torch composes it too)."""
    _warn_if_shapes_differ(input, target)
    reduction = _resolve(size_average, reduce, reduction)
    shape = input.shape
    input, target = broadcast_pair(input, target)
    if weight is not None:
        return _weighted((input - target).abs(), weight, shape, reduction)
    return _apply_reduction((input - target).abs(), get_enum(reduction))


def smooth_l1_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
                   reduce: bool | None = None, reduction: str = "mean",
                   beta: float = 1.0) -> Tensor:
    """Quadratic below `beta`, linear above; beta=0 is exactly l1_loss."""
    _warn_if_shapes_differ(input, target)
    reduction = _resolve(size_average, reduce, reduction)
    input, target = broadcast_pair(input, target)
    if beta == 0.0:
        return _apply_reduction((input - target).abs(), get_enum(reduction))
    return _kernels.smooth_l1_loss(input, target, get_enum(reduction), beta)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0,
               weight: Tensor | None = None) -> Tensor:
    """Quadratic below `delta`, delta-sloped linear above (smooth_l1_loss times delta)."""
    _warn_if_shapes_differ(input, target)
    shape = input.shape  # (the weight's, as torch checks it: before broadcasting)
    input, target = broadcast_pair(input, target)
    if weight is None:
        return _kernels.huber_loss(input, target, get_enum(reduction), delta)
    if weight.shape != shape:
        raise ValueError("Weights and input must have the same size.")
    loss = _kernels.huber_loss(input, target, "none", delta) * weight
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', "
                     "'sum'.")


# ---------------------------------------------------------------------- classification
def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
             size_average: bool | None = None, ignore_index: int = -100,
             reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """Negative log likelihood of log-probabilities `input` (N, C, d1, ...) at the class
    indices `target` (N, d1, ...); `weight` per class, `ignore_index` skipped."""
    reduction = _resolve(size_average, reduce, reduction)
    return _nll_loss_nd(input, target, weight, get_enum(reduction), ignore_index)


def _nll_loss_nd(input: Tensor, target: Tensor, weight: Tensor | None, reduction: str,
                 ignore_index: int) -> Tensor:
    """Any number of extra dims: 3-D and 5-D+ inputs are viewed as 4-D (N, C, 1, rest) for
    the 2-D kernel, as torch does (so its graph shows the views)."""
    ndim = input.ndim
    if ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {ndim})")
    if ndim != 1 and input.shape[0] != (target.shape[0] if target.ndim else 0):
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target "
                         f"batch_size ({target.shape[0] if target.ndim else 0}).")
    if ndim == 1 and target.ndim == 1 and target.shape[0] != 1:
        raise ValueError("For 1D input, 1D target must have size 1, but got target size: "
                         f"{target.shape[0]}")
    if ndim <= 2 or ndim == 4:
        return _kernels.nll_loss(input, target, weight, reduction, ignore_index)
    n, c = input.shape[0], input.shape[1]
    out_size = [n, *input.shape[2:]]
    if tuple(target.shape[1:]) != tuple(input.shape[2:]):
        raise RuntimeError(f"Expected target size {out_size}, got {list(target.shape)}")
    input = input.contiguous()
    target = target.contiguous()
    input = input.view(n, c, 1, -1) if input.numel() else input.view(n, c, 0, 0)
    target = target.view(n, 1, -1) if target.numel() else target.view(n, 0, 0)
    out = _kernels.nll_loss(input, target, weight, reduction, ignore_index)
    return out if reduction != "none" else out.view(out_size)


def _format_double(value: float) -> str:
    """A float as C++ streams print it (torch's messages from C++ code)."""
    return f"{value:g}"


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                  size_average: bool | None = None, ignore_index: int = -100,
                  reduce: bool | None = None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy of logits `input` (C), (N, C) or (N, C, d1, ...) with class indices
    (a target of another shape) or class probabilities (a float target of input's shape).

    log_softmax then nll_loss, as torch computes it; `label_smoothing` mixes the target with
    the uniform distribution; `weight` rescales classes (the mean then divides by the
    total weight of the targets, for class indices).
    """
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    class_dim = 0 if input.ndim == 1 else 1
    if tuple(input.shape) == tuple(target.shape):
        if not target.is_floating_point():
            raise RuntimeError("Expected floating point type for target with class "
                               f"probabilities, got {_type_name(target)}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        return _cross_entropy_probabilities(input, target, weight, reduction,
                                            label_smoothing)
    if label_smoothing > 0.0:
        _check_label_smoothing(label_smoothing)
        return _cross_entropy_smoothed(input, target, weight, reduction, ignore_index,
                                       label_smoothing)
    return _nll_loss_nd(_log_softmax(input, class_dim), target, weight, reduction,
                        ignore_index)


def _log_softmax(input: Tensor, class_dim: int) -> Tensor:
    """input.log_softmax(class_dim); for the usual batch of logits (N, C), floating and not
    empty, the op itself: the method's checks of `dim` and `dtype` cannot fail there (~4 us
    of cross_entropy's ~60)."""
    if (isinstance(input, Tensor) and class_dim == 1 and input._data.ndim == 2
            and input._data.size and input._data.dtype.kind == "f"):
        history_first(input)
        return _apply(_OPS["log_softmax"], (input,), (1,))
    return input.log_softmax(class_dim)


def _type_name(tensor: Tensor) -> str:
    return tensor.type().removeprefix("torch.").removesuffix("Tensor")


def _check_label_smoothing(label_smoothing: float) -> None:
    if label_smoothing > 1.0:
        raise RuntimeError("label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{_format_double(label_smoothing)}")


def _class_weight_view(weight: Tensor, input: Tensor, class_dim: int) -> Tensor:
    """The per-class weight shaped to broadcast along the class dim of `input`."""
    if input.ndim <= 1:
        return weight
    shape = [1] * input.ndim
    shape[class_dim] = weight.shape[0]
    return weight.view(shape)


def _cross_entropy_probabilities(input: Tensor, target: Tensor, weight: Tensor | None,
                                 reduction: str, label_smoothing: float) -> Tensor:
    """-sum(target * log_softmax(input)) over classes; "mean" divides by the number of
    samples (numel / C), whatever the weights."""
    class_dim = 0 if input.ndim == 1 else 1
    classes = input.shape[class_dim] if input.ndim else 1
    if weight is not None and (weight.ndim != 1 or weight.numel() != classes):
        raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all "
                           f"{classes} classes or no classes but got weight tensor of shape: "
                           f"{list(weight.shape)}")
    log_probabilities = input.log_softmax(class_dim)
    if label_smoothing > 0.0:
        _check_label_smoothing(label_smoothing)
        target = target * (1 - label_smoothing) + label_smoothing / classes
    product = log_probabilities * target
    if weight is not None:
        product = product * _class_weight_view(weight, input, class_dim)
    if reduction == "none":
        return -product.sum(class_dim)
    if reduction == "sum":
        return -product.sum()
    samples = input.numel() // classes if classes else 0
    return _kernels.div_scalar(-product.sum(), samples)


def _cross_entropy_smoothed(input: Tensor, target: Tensor, weight: Tensor | None,
                            reduction: str, ignore_index: int,
                            label_smoothing: float) -> Tensor:
    """(1 - s) * nll_loss + s/C * (the loss against the uniform distribution)."""
    class_dim = 0 if input.ndim == 1 else 1
    classes = input.shape[class_dim]
    log_probabilities = input.log_softmax(class_dim)
    nll = _nll_loss_nd(log_probabilities, target, weight, reduction, ignore_index)
    ignored = target == ignore_index
    if weight is not None:
        smooth = -(log_probabilities * _class_weight_view(weight, input, class_dim)).sum(
            class_dim)
    else:
        smooth = -log_probabilities.sum(class_dim)
    smooth = smooth.masked_fill(ignored, 0.0)
    if reduction == "mean":
        if weight is not None:
            # Normalised by the targets' total weight, as nll_loss's weighted mean is.
            smooth = smooth.sum() / weight.gather(0, target.masked_select(~ignored).flatten()
                                                  ).sum()
        else:
            smooth = smooth.sum() / (~ignored).sum()
    elif reduction == "sum":
        smooth = smooth.sum()
    return (_kernels.mul_scalar(nll, 1 - label_smoothing)
            + _kernels.mul_scalar(smooth, label_smoothing / classes))


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         size_average: bool | None = None, reduce: bool | None = None,
                         reduction: str = "mean") -> Tensor:
    """Binary cross-entropy of probabilities `input` in [0, 1]; log terms clamped at -100."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    if target.size() != input.size():
        raise ValueError(f"Using a target size ({target.size()}) that is different to the "
                         f"input size ({input.size()}) is deprecated. Please ensure they have "
                         "the same size.")
    if weight is not None:
        weight = weight.expand(_broadcast_shapes(target.size(), weight.size()))
    return _kernels.binary_cross_entropy(input, target, weight, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Tensor | None = None,
                                     size_average: bool | None = None,
                                     reduce: bool | None = None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Sigmoid and binary cross-entropy in one stable step; `pos_weight` (broadcast along
    the last dim) weighs positive examples."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    if target.size() != input.size():  # (a non-tensor: torch's AttributeError on size)
        raise ValueError(f"Target size ({target.size()}) must be the same as input size "
                         f"({input.size()})")
    return _kernels.binary_cross_entropy_with_logits(input, target, weight, pos_weight,
                                                     reduction)


def soft_margin_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
                     reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """log(1 + exp(-target * input)) for targets of 1 or -1."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    return _kernels.soft_margin_loss(input, target, reduction)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                size_average: bool | None = None, reduce: bool | None = None,
                                reduction: str = "mean") -> Tensor:
    """Binary cross-entropy of logits per class, averaged over the classes (last dim)."""
    reduction = _resolve(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.ndim - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(reduction + " is not valid")


# ---------------------------------------------------------------------- distributions
def kl_div(input: Tensor, target: Tensor, size_average: bool | None = None,
           reduce: bool | None = None, reduction: str = "mean",
           log_target: bool = False) -> Tensor:
    """KL(target || exp(input)) pointwise: target (log target - input); "batchmean"
    divides the sum by the batch size, which is the mathematical KL divergence."""
    if size_average is not None or reduce is not None:
        reduction_enum = legacy_get_string(size_average, reduce)
    else:
        if reduction == "mean":
            warn(
                "reduction: 'mean' divides the total loss by both the batch size and the "
                "support size.'batchmean' divides only by the batch size, and aligns with "
                "the KL div math definition.'mean' will be changed to behave the same as "
                "'batchmean' in the next major release.")
        reduction_enum = "sum" if reduction == "batchmean" else get_enum(reduction)
    # (torch refuses an integral or bool tensor on either side; ember has no complex)
    if not input.is_floating_point() or not target.is_floating_point():
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if log_target:
        output = target.exp() * (target - input)
    else:
        output = target.xlogy(target) - target * input
    reduced = _apply_reduction(output, reduction_enum)
    if reduction == "batchmean" and input.ndim != 0:
        reduced = reduced / input.size()[0]
    return reduced


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True,
                     full: bool = False, size_average: bool | None = None,
                     eps: float = 1e-8, reduce: bool | None = None,
                     reduction: str = "mean") -> Tensor:
    """Negative log likelihood of a Poisson distribution with rate exp(input) (or input
    itself when log_input=False); `full` adds Stirling's term for targets above 1."""
    reduction = _resolve(size_average, reduce, reduction)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not a valid value for reduction")
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = (target * target.log() - target
                    + 0.5 * (2 * math.pi * target).log())
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _apply_reduction(loss, reduction)


def gaussian_nll_loss(input: Tensor, target: Tensor, var: Tensor | float,
                      full: bool = False, eps: float = 1e-6,
                      reduction: str = "mean") -> Tensor:
    """Negative log likelihood of a Gaussian with mean `input` and variance `var` (of
    input's shape, or one dim short / with a last dim of 1: one variance per sample)."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * _creation.ones_like(input)
    elif (var < 0).any():
        raise ValueError("var has negative entry/entries")
    if var.shape != input.shape:
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif input.ndim == var.ndim and sum(
                y for x, y in zip(input.shape, var.shape) if x != y) == 1:
            pass  # one dim of size 1 where input has more: broadcast
        else:
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)  # for stability, without changing the gradient
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _apply_reduction(loss, reduction)


# ---------------------------------------------------------------------- embeddings, ranking
_COSINE_EPSILON = 1e-12


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                          size_average: bool | None = None, reduce: bool | None = None,
                          reduction: str = "mean") -> Tensor:
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    dim = target.ndim
    if dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if dim == 1 and not (input1.ndim == 2 and input2.ndim == 2):
        raise RuntimeError("1D target tensor expects 2D input tensors, but found inputs with "
                           f"sizes {list(input1.shape)} and {list(input2.shape)}.")
    if dim == 0 and not (input1.ndim == 1 and input2.ndim == 1):
        raise RuntimeError("0D target tensor expects 1D input tensors, but found inputs with "
                           f"sizes {list(input1.shape)} and {list(input2.shape)}.")
    product = (input1 * input2).sum(dim)
    squared1 = (input1 * input1).sum(dim) + _COSINE_EPSILON
    squared2 = (input2 * input2).sum(dim) + _COSINE_EPSILON
    cosine = product / (squared1 * squared2).sqrt()
    zeros = _creation.zeros_like(cosine)
    positive = where(target == 1, 1 - cosine, zeros)
    negative = where(target == -1, (cosine - margin).clamp_min(0), zeros)
    return _apply_reduction(positive + negative, reduction)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                        size_average: bool | None = None, reduce: bool | None = None,
                        reduction: str = "mean") -> Tensor:
    """max(0, -target * (input1 - input2) + margin): input1 should rank above input2 where
    target is 1, below where it is -1."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    if input1.ndim != input2.ndim or input1.ndim != target.ndim:
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got "
            f"sizes: input1: {input1.size()}, input2: {input2.size()}, target: "
            f"{target.size()} ")
    return _apply_reduction((-target * (input1 - input2) + margin).clamp_min(0), reduction)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0,
                         size_average: bool | None = None, reduce: bool | None = None,
                         reduction: str = "mean") -> Tensor:
    """input where target is 1, max(0, margin - input) where it is -1 (summed where the
    target is neither)."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    zeros = _creation.zeros_like(input)
    # torch makes the margin a 0-d tensor of the input's dtype (truncated for integer
    # inputs, refused with two bools), so the loss keeps the input's dtype (SubBackward0)
    margin = _creation.full((), margin, dtype=input.dtype, device=input.device)
    below_margin = where(target != 1, (margin - input).clamp_min(0), zeros)
    itself = where(target != -1, input, zeros)
    return _apply_reduction(below_margin + itself, reduction)


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor,
                        margin: float = 1.0, p: float = 2, eps: float = 1e-6,
                        swap: bool = False, size_average: bool | None = None,
                        reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """max(0, margin + d(anchor, positive) - d(anchor, negative)) with d the p-norm
    distance; `swap` uses d(positive, negative) when it is smaller."""
    reduction = get_enum(_resolve(size_average, reduce, reduction))
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    dims = (anchor.ndim, positive.ndim, negative.ndim)
    if len(set(dims)) != 1:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
            f"{dims[2]}D inputs")
    distance_positive = pairwise_distance(anchor, positive, p, eps)
    distance_negative = pairwise_distance(anchor, negative, p, eps)
    if swap:
        distance_negative = minimum(distance_negative,
                                    pairwise_distance(positive, negative, p, eps))
    loss = (margin + distance_positive - distance_negative).clamp_min(0)
    return _apply_reduction(loss, reduction)
