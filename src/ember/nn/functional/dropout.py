"""Dropout in functional form: zero random elements (or whole channels) while training.

    y = F.dropout(x, p=0.5, training=model.training)

All variants share one recipe, as torch's CPU kernels do: draw a Bernoulli(1 - p) mask of
the input's dtype (of shape (N, C, 1, ...) for the channel-wise "feature" variants), scale
it, and multiply; alpha dropout then adds a shift so that a SELU network keeps zero mean and
unit variance. The product is a plain multiplication, so the result's grad_fn is
`MulBackward0` (`AddBackward0` for alpha dropout), exactly as in torch, and the gradient is
the scaled mask. With p = 0, in eval mode, or for an empty input, the input itself comes
back; with p = 1 the input is multiplied by a zero scalar (so -x gives -0.).
"""

from __future__ import annotations

import math

from ..._creation import empty, empty_like, zeros
from ..._tensor import Tensor
from ..._warnings import warn

__all__ = ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
           "feature_alpha_dropout"]

# SELU's alpha * scale: the value SELU saturates to is -_SELU_ALPHA_SCALE, and alpha dropout
# sets dropped elements to (an affine transformation of) that value.
_SELU_ALPHA_SCALE = 1.7580993408473766


def _check_probability(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _feature_noise(input: Tensor) -> Tensor:
    """An uninitialised mask of shape (N, C, 1, 1, ...): one draw per channel."""
    if input.dim() < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2)
    return empty(shape, dtype=input.dtype)


def _dropout(input: Tensor, p: float, train: bool, inplace: bool, *,
             feature: bool = False, alpha: bool = False) -> Tensor:
    """The shared recipe behind every variant (see the module docstring)."""
    _check_probability(p)
    if p == 0 or not train or input.numel() == 0:
        return input
    if p == 1:
        nothing = zeros((), dtype=input.dtype)
        return input.mul_(nothing) if inplace else input * nothing
    noise = _feature_noise(input) if feature else empty_like(input)
    noise.bernoulli_(1 - p)
    if alpha:
        # kept elements scaled by a, dropped ones set to shift = -alpha' * a * (1 - p);
        # a and the shift restore zero mean and unit variance for standardised inputs
        a = 1.0 / math.sqrt((_SELU_ALPHA_SCALE ** 2 * p + 1) * (1 - p))
        shift = noise.add(-1).mul_(_SELU_ALPHA_SCALE * a).add_(_SELU_ALPHA_SCALE * a * p)
        noise.mul_(a)
    else:
        noise.div_(1 - p)
    result = input.mul_(noise) if inplace else input * noise
    return result.add_(shift) if alpha else result


def dropout(input: Tensor, p: float = 0.5, training: bool = True,
            inplace: bool = False) -> Tensor:
    """Zero each element with probability `p` and scale the rest by 1 / (1 - p)."""
    return _dropout(input, p, training, inplace)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                  inplace: bool = False) -> Tensor:
    """Dropout for SELU networks: dropped elements take SELU's saturation value, and an
    affine correction keeps mean 0 and variance 1. Note torch's default training=False."""
    return _dropout(input, p, training, inplace, alpha=True)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                          inplace: bool = False) -> Tensor:
    """Alpha dropout of whole channels (dims 0 and 1 index the mask)."""
    return _dropout(input, p, training, inplace, feature=True, alpha=True)


def _channelwise(input: Tensor, p: float, training: bool, inplace: bool,
                 batched: bool) -> Tensor:
    """Channel dropout, adding (and then removing) a batch dim to unbatched inputs."""
    if not batched:
        input = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
    result = _dropout(input, p, training, inplace, feature=True)
    if not batched:
        result = result.squeeze_(0) if inplace else result.squeeze(0)
    return result


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of an (N, C, L) or (C, L) input with probability `p`."""
    _check_probability(p)
    dims = input.dim()
    if dims not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {dims}D input. Note that "
            "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
            "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D "
            "inputs).")
    return _channelwise(input, p, training, inplace, batched=dims == 3)


def _warn_unexpected_dims(name: str, dims: int, spatial: int) -> None:
    warn(
        f"{name}: Received a {dims}-D input to {name}, which is deprecated and will result "
        "in an error in a future release. To retain the behavior and silence this warning, "
        f"please use dropout instead. Note that {name} exists to provide channel-wise "
        f"dropout on inputs with {spatial} spatial dimensions, a channel dimension, and an "
        f"optional batch dimension (i.e. {spatial + 1}D or {spatial + 2}D inputs).")


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of an (N, C, H, W) input with probability `p`.

    As in torch, a 3-D input is read as (N, C, L) (1-D channel dropout, with a warning),
    not as an unbatched (C, H, W); other ranks warn and are treated as (N, C, ...).
    """
    _check_probability(p)
    dims = input.dim()
    if dims not in (3, 4):
        _warn_unexpected_dims("dropout2d", dims, 2)
    if dims == 3:
        warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
            "dropout behavior is desired - input is interpreted as shape (N, C, L), where C "
            "is the channel dim. This behavior will change in a future release to interpret "
            "the input as one without a batch dimension, i.e. shape (C, H, W). To maintain "
            "the 1D channel-wise dropout behavior, please switch to using dropout1d instead.")
    return _dropout(input, p, training, inplace, feature=True)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of an (N, C, D, H, W) or (C, D, H, W) input with probability
    `p`; other ranks warn and are treated as unbatched."""
    _check_probability(p)
    dims = input.dim()
    if dims not in (4, 5):
        _warn_unexpected_dims("dropout3d", dims, 3)
    return _channelwise(input, p, training, inplace, batched=dims == 5)
