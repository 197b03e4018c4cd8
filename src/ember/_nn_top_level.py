"""torch's top-level forms of nn functions: `torch.batch_norm`, `torch.dropout`,
`torch.embedding`, `torch.kl_div`, ...

torch exposes these ATen functions beside `torch.nn.functional`'s, with ATen's argument
lists: flags without defaults (`torch.dropout(x, p, train)`), a loss's reduction as an int
(0 none, 1 mean, 2 sum), `embedding(weight, indices)` with the weight first, batch norm's
weight before its running statistics. Each one here only reorders its arguments and calls
the functional form, so values, gradients and grad_fn names are the functional form's.
The `cudnn_enabled` flags are accepted and ignored, as on torch's CPU.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._dispatch import check_not_leaf
from ._grad_mode import is_grad_enabled
from ._nn_embedding_bag import embedding_bag
from ._tensor import Tensor
from .nn import functional as F
from .nn.functional.sparse import _check_indices, renorm_rows_

__all__ = [
    "batch_norm", "instance_norm", "layer_norm", "group_norm", "rms_norm", "embedding",
    "embedding_bag",
    "dropout", "dropout_", "alpha_dropout", "alpha_dropout_", "feature_dropout",
    "feature_dropout_", "feature_alpha_dropout", "feature_alpha_dropout_",
    "binary_cross_entropy_with_logits", "kl_div", "cosine_embedding_loss",
    "hinge_embedding_loss", "margin_ranking_loss", "triplet_margin_loss", "poisson_nll_loss",
    "constant_pad_nd", "adaptive_max_pool1d", "pixel_shuffle", "pixel_unshuffle",
    "channel_shuffle", "native_channel_shuffle", "bilinear", "relu_",
    "max_pool1d_with_indices", "convolution", "ctc_loss", "embedding_renorm_",
]

def _reduction(reduction, name: str, position: int) -> str:
    """ATen's reduction enum as the functional forms' string: 1 mean, 2 sum, any other int
    none (ATen reduces only for those two)."""
    if type(reduction) is not int:
        raise TypeError(f"{name}(): argument 'reduction' (position {position}) must be int, "
                        f"not {type(reduction).__name__}")
    return "mean" if reduction == 1 else "sum" if reduction == 2 else "none"


# torch's signatures say reduction=Mean, but called without one these functions return the
# unreduced loss in torch 2.13: the default here is 0 (none), which is what torch does.
_UNREDUCED = 0


# ---------------------------------------------------------------------- normalisation
def batch_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,
               running_mean: Tensor | None, running_var: Tensor | None, training: bool,
               momentum: float, eps: float, cudnn_enabled: bool) -> Tensor:
    return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum,
                        eps)


def instance_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,
                  running_mean: Tensor | None, running_var: Tensor | None,
                  use_input_stats: bool, momentum: float, eps: float,
                  cudnn_enabled: bool) -> Tensor:
    return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats,
                           momentum, eps)


def layer_norm(input: Tensor, normalized_shape: Sequence[int], weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5,
               cudnn_enable: bool = True) -> Tensor:
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5,
               cudnn_enabled: bool = True) -> Tensor:
    return F.group_norm(input, num_groups, weight, bias, eps)


def rms_norm(input: Tensor, normalized_shape: Sequence[int], weight: Tensor | None = None,
             eps: float | None = None) -> Tensor:
    return F.rms_norm(input, normalized_shape, weight, eps)


def embedding(weight: Tensor, indices: Tensor, padding_idx: int = -1,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Rows of `weight` (ATen's order: the weight first). padding_idx -1 means none here,
    as in ATen, so no row can be named by -1."""
    return F.embedding(indices, weight, None if padding_idx == -1 else padding_idx,
                       scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


# ---------------------------------------------------------------------- dropout
def dropout(input: Tensor, p: float, train: bool) -> Tensor:
    _check_probability(p)
    return F.dropout(input, p, train)


def dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    _check_probability(p)
    return F.dropout(input, p, train, inplace=True)


def alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    _check_probability(p)
    return F.alpha_dropout(input, p, train)


def alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    _check_probability(p)
    return F.alpha_dropout(input, p, train, inplace=True)


def _feature_dropout(input: Tensor, p: float, train: bool, inplace: bool) -> Tensor:
    """Whole channels dropped together: one draw per (sample, channel), as ATen's feature
    noise of shape (N, C, 1, ...)."""
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    _check_probability(p)
    if not train or p == 0 or input.numel() == 0:
        return input
    if p == 1:
        mask = input.new_zeros(())
    else:
        shape = list(input.shape[:2]) + [1] * (input.ndim - 2)
        mask = input.new_empty(shape).bernoulli_(1 - p).div_(1 - p)
    return input.mul_(mask) if inplace else input * mask


def _check_probability(p: float) -> None:
    if not 0 <= p <= 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")


def feature_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    return _feature_dropout(input, p, train, False)


def feature_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    return _feature_dropout(input, p, train, True)


def feature_alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    return F.feature_alpha_dropout(input, p, train)


def feature_alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    return F.feature_alpha_dropout(input, p, train, inplace=True)


# ---------------------------------------------------------------------- losses
def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Tensor | None = None,
                                     pos_weight: Tensor | None = None,
                                     reduction: int = _UNREDUCED) -> Tensor:
    mode = _reduction(reduction, "binary_cross_entropy_with_logits", 5)
    return F.binary_cross_entropy_with_logits(input, target, weight, reduction=mode,
                                              pos_weight=pos_weight)


def kl_div(input: Tensor, target: Tensor, reduction: int = _UNREDUCED, *,
           log_target: bool = False) -> Tensor:
    """The pointwise KL loss reduced by ATen's enum (1 is the plain mean, without the
    warning F.kl_div gives for "mean")."""
    mode = _reduction(reduction, "kl_div", 3)
    pointwise = F.kl_div(input, target, reduction="none", log_target=log_target)
    return pointwise if mode == "none" else pointwise.mean() if mode == "mean" else \
        pointwise.sum()


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor,
                          margin: float = 0.0, reduction: int = _UNREDUCED) -> Tensor:
    return F.cosine_embedding_loss(input1, input2, target, margin,
                                   reduction=_reduction(reduction, "cosine_embedding_loss", 5))


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0,
                         reduction: int = _UNREDUCED) -> Tensor:
    return F.hinge_embedding_loss(input, target, margin,
                                  reduction=_reduction(reduction, "hinge_embedding_loss", 4))


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor,
                        margin: float = 0.0, reduction: int = _UNREDUCED) -> Tensor:
    return F.margin_ranking_loss(input1, input2, target, margin,
                                 reduction=_reduction(reduction, "margin_ranking_loss", 5))


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor,
                        margin: float = 1.0, p: float = 2, eps: float = 1e-6,
                        swap: bool = False, reduction: int = _UNREDUCED) -> Tensor:
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                 reduction=_reduction(reduction, "triplet_margin_loss", 8))


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool, full: bool,
                     eps: float, reduction: int) -> Tensor:
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps,
                              reduction=_reduction(reduction, "poisson_nll_loss", 6))


# ---------------------------------------------------------------------- shapes and layers
def constant_pad_nd(input: Tensor, pad: Sequence[int], value: float = 0) -> Tensor:
    return F.pad(input, pad, "constant", value)


def adaptive_max_pool1d(input: Tensor, output_size) -> tuple[Tensor, Tensor]:
    """The pooled values and their indices (ATen's form always returns both)."""
    return F.adaptive_max_pool1d(input, output_size, return_indices=True)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    return F.pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    return F.pixel_unshuffle(input, downscale_factor)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    return F.channel_shuffle(input, groups)


native_channel_shuffle = channel_shuffle


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor,
             bias: Tensor | None = None) -> Tensor:
    return F.bilinear(input1, input2, weight, bias)


def relu_(input: Tensor) -> Tensor:
    return input.relu_()


# ---------------------------------------------------------------------- more ATen forms
def max_pool1d_with_indices(input: Tensor, kernel_size, stride=(), padding=0, dilation=1,
                            ceil_mode: bool = False) -> tuple[Tensor, Tensor]:
    """max_pool1d and its indices; an empty stride (ATen's default) is the kernel size."""
    if isinstance(stride, (tuple, list)) and not stride:
        stride = None
    return F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def convolution(input: Tensor, weight: Tensor, bias: Tensor | None, stride: Sequence[int],
                padding: Sequence[int], dilation: Sequence[int], transposed: bool,
                output_padding: Sequence[int], groups: int) -> Tensor:
    """ATen's convolution: the functional conv{1,2,3}d, or conv_transpose{1,2,3}d when
    `transposed`, by the number of spatial dims of weight."""
    dims = weight.ndim - 2
    if dims not in (1, 2, 3):
        raise RuntimeError(f"Expected 3D, 4D or 5D weight for convolution, but got weight of "
                           f"size {list(weight.shape)}")
    if transposed:
        function = getattr(F, f"conv_transpose{dims}d")
        return function(input, weight, bias, stride, padding, output_padding, groups, dilation)
    return getattr(F, f"conv{dims}d")(input, weight, bias, stride, padding, dilation, groups)


def ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths, target_lengths, blank: int = 0,
             reduction=_UNREDUCED, zero_infinity: bool = False) -> Tensor:
    """The CTC loss with ATen's reduction enum (lengths both tensors or both int lists)."""
    if isinstance(input_lengths, Tensor) != isinstance(target_lengths, Tensor) or type(
            reduction) is not int:
        given = (log_probs, targets, input_lengths, target_lengths, blank, reduction)
        got = ", ".join("Tensor" if isinstance(v, Tensor) else type(v).__name__
                        for v in given[:4 if (blank, reduction) == (0, _UNREDUCED) else 6])
        raise TypeError(f"ctc_loss() received an invalid combination of arguments - got "
                        f"({got}), but expected one of:")
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
                      _reduction(reduction, "ctc_loss", 6), zero_infinity)


def embedding_renorm_(input: Tensor, indices: Tensor, max_norm: float,
                      norm_type: float) -> Tensor:
    """Rescale, in place, the rows of input that indices name whose norm_type-norm exceeds
    max_norm to that norm; returns input."""
    if is_grad_enabled() and input.requires_grad:
        check_not_leaf(input)
    renorm_rows_(input, _check_indices(indices, "embedding_renorm_"), max_norm, norm_type)
    return input
