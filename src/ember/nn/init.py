"""ember.nn.init: fill a parameter in place with torch's initialisation schemes.

    nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5))
    net.apply(lambda m: nn.init.xavier_uniform_(m.weight) if isinstance(m, nn.Linear) else None)

Every initialiser runs under no_grad (a parameter that requires grad can be overwritten
without recording a graph) and returns the tensor it filled. Random numbers are drawn
through the tensor's own random methods (`uniform_`, `normal_`) in torch's order, so after
the same seed they give torch's values bit for bit (orthogonal_ excepted: its QR comes from
NumPy's LAPACK, equal to torch's to float rounding); `generator=` is passed through as in
torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .. import _creation
from .._creation import Generator
from .._grad_mode import no_grad
from .._tensor import Tensor
from .._warnings import warn
from ..ops.pointwise_binary import where

__all__ = [
    "calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_",
    "eye_", "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
    "kaiming_normal_", "orthogonal_", "sparse_",
    "uniform", "normal", "constant", "eye", "dirac", "xavier_uniform", "xavier_normal",
    "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse",
]

_LINEAR_NONLINEARITIES = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                          "conv_transpose2d", "conv_transpose3d", "sigmoid")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The factor by which a nonlinearity scales the standard deviation of its input.

    'linear'/'conv*'/'sigmoid': 1, 'tanh': 5/3, 'relu': sqrt(2), 'selu': 3/4,
    'leaky_relu': sqrt(2 / (1 + negative_slope^2)) with `param` the slope (0.01 if None).
    """
    if nonlinearity in _LINEAR_NONLINEARITIES:
        return 1  # an int, as torch returns
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif isinstance(param, float) or (isinstance(param, int) and not isinstance(param, bool)):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


# ---------------------------------------------------------------------------- plain fills
def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0,
             generator: Generator | None = None) -> Tensor:
    """Fill `tensor` with draws from U(a, b)."""
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0,
            generator: Generator | None = None) -> Tensor:
    """Fill `tensor` with draws from N(mean, std^2)."""
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill `tensor` with `val`."""
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor: Tensor) -> Tensor:
    """Fill `tensor` with ones."""
    return constant_(tensor, 1.0)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill `tensor` with zeros."""
    with no_grad():
        return tensor.zero_()


def eye_(tensor: Tensor) -> Tensor:
    """Fill a 2-D `tensor` with the identity (ones on the main diagonal)."""
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        tensor.copy_(_creation.eye(*tensor.shape, dtype=tensor.dtype))
    return tensor


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """Fill a 3-, 4- or 5-D convolution weight with the Dirac delta: a convolution with it
    copies its input channels (per group of output channels) to its output channels."""
    dims = tensor.ndimension()
    if dims not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tensor.size()
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    per_group = sizes[0] // groups
    centre = tuple(size // 2 for size in sizes[2:])
    with no_grad():
        tensor.zero_()
        for g in range(groups):
            for d in range(min(per_group, sizes[1])):
                tensor[(g * per_group + d, d, *centre)] = 1
    return tensor


# ---------------------------------------------------------------------------- scaled by fans
def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight shaped (out, in, *kernel): in and out times the kernel
    size. torch's private name, kept because tutorials call it."""
    if tensor.dim() < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive_field = math.prod(tensor.shape[2:])
    return tensor.size(1) * receptive_field, tensor.size(0) * receptive_field


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform_(tensor: Tensor, gain: float = 1.0,
                    generator: Generator | None = None) -> Tensor:
    """Glorot/Xavier uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0,
                   generator: Generator | None = None) -> Tensor:
    """Glorot/Xavier normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _kaiming_std(tensor: Tensor, a: float, mode: str, nonlinearity: str) -> float:
    fan = _calculate_correct_fan(tensor, mode)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def _is_empty(tensor: Tensor) -> bool:
    """torch skips (with a warning) the Kaiming fills of zero-element tensors."""
    if 0 in tensor.shape:
        warn("Initializing zero-element tensors is a no-op")
        return True
    return False


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu",
                     generator: Generator | None = None) -> Tensor:
    """He/Kaiming uniform: U(-bound, bound), bound = gain * sqrt(3 / fan), where fan is
    fan_in or fan_out (`mode`) and the gain is `calculate_gain(nonlinearity, a)`."""
    if _is_empty(tensor):
        return tensor
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu",
                    generator: Generator | None = None) -> Tensor:
    """He/Kaiming normal: N(0, std^2), std = gain / sqrt(fan)."""
    if _is_empty(tensor):
        return tensor
    return normal_(tensor, 0, _kaiming_std(tensor, a, mode, nonlinearity), generator)


# ---------------------------------------------------------------------------- truncated normal
def _normal_cdf(x: float) -> float:
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0, generator: Generator | None = None) -> Tensor:
    """Fill `tensor` with N(mean, std^2) draws restricted to [a, b], by rejection sampling.

    As torch 2.13 does: when [a, b] holds more than 30% of the normal's mass, redraw normal
    values that fall outside until none does; otherwise propose uniform values in [a, b]
    and accept each with probability density/peak density, redrawing the rejected ones.
    """
    if mean < a - 2 * std or mean > b + 2 * std:
        warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
             "The distribution of values may be incorrect.")
    with no_grad():
        mass = _normal_cdf((b - mean) / std) - _normal_cdf((a - mean) / std)
        if mass > 0.3:
            _trunc_normal_by_normal_draws(tensor, mean, std, a, b, generator)
        else:
            _trunc_normal_by_uniform_proposals(tensor, mean, std, a, b, generator)
    return tensor


def _trunc_normal_by_normal_draws(tensor: Tensor, mean: float, std: float, a: float,
                                  b: float, generator: Generator | None) -> None:
    # the bounds as the tensor's dtype rounds them, so that no stored value lies outside
    low = _creation.tensor(a, dtype=tensor.dtype).item()
    high = _creation.tensor(b, dtype=tensor.dtype).item()
    result = tensor.normal_(mean, std, generator=generator)
    while True:
        outside = (result < low) | (result > high)
        if not outside.any():
            break
        redrawn = _creation.empty_like(result).normal_(mean, std, generator=generator)
        result = where(outside, redrawn, result)
    if result is not tensor:
        tensor.copy_(result)


def _trunc_normal_by_uniform_proposals(tensor: Tensor, mean: float, std: float, a: float,
                                       b: float, generator: Generator | None) -> None:
    # log of the density at the mode (the point of [a, b] nearest the mean), so that
    # log(density / peak) = -((x - mean) / std)^2 / 2 - log_peak <= 0
    mode = max(a, min(mean, b))
    log_peak = -0.5 * ((mode - mean) / std) ** 2

    def log_acceptance(values: Tensor) -> Tensor:
        return values.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak)

    def rejected(log_ratio: Tensor) -> Tensor:
        return uniform_buffer.uniform_(generator=generator).log_().gt(log_ratio)

    candidates = _creation.empty_like(tensor)
    uniform_buffer = _creation.empty_like(tensor)
    tensor.uniform_(a, b, generator=generator)
    candidates.copy_(tensor)
    pending = rejected(log_acceptance(candidates))
    if not pending.any():
        return
    result = tensor
    while True:
        candidates.uniform_(a, b, generator=generator)
        result = where(pending, candidates, result)
        log_ratio = log_acceptance(candidates)
        pending = where(pending, rejected(log_ratio), pending)
        if not pending.any():
            break
    tensor.copy_(result)


# ---------------------------------------------------------------------------- structured
def orthogonal_(tensor: Tensor, gain: float = 1, generator: Generator | None = None) -> Tensor:
    """Fill `tensor` (flattened to rows x rest) with a (semi-)orthogonal matrix times `gain`:
    the Q of the QR decomposition of a standard normal draw, with Q's columns multiplied by
    the signs of R's diagonal so that the result is uniformly distributed (as torch does)."""
    if tensor.ndimension() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    with no_grad():
        drawn = _creation.empty((rows, cols), dtype=tensor.dtype).normal_(
            0, 1, generator=generator)
        matrix = drawn.numpy()
        if rows < cols:
            matrix = matrix.T
        # No gradient flows here, so NumPy's (LAPACK's Householder) QR is used directly.
        # torch's QR is MKL's geqrf/orgqr, whose blocking and CPU-specific kernels round
        # differently: Q agrees to a few units in the last place, not bit for bit.
        q, r = np.linalg.qr(matrix)
        q = q * np.sign(np.diagonal(r))
        if rows < cols:
            q = q.T
        tensor.copy_(_creation.tensor(np.ascontiguousarray(q).reshape(tensor.shape),
                                      dtype=tensor.dtype))
        tensor.mul_(gain)
    return tensor


def sparse_(tensor: Tensor, sparsity: float, std: float = 0.01,
            generator: Generator | None = None) -> Tensor:
    """Fill a 2-D `tensor` with N(0, std^2) draws, then zero ceil(sparsity * rows) randomly
    chosen entries of every column. As in torch, the rows to zero are drawn from the default
    generator (torch.randperm without `generator`)."""
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = math.ceil(sparsity * rows)
    with no_grad():
        tensor.normal_(0, std, generator=generator)
        for col in range(cols):
            zeroed_rows = _creation.randperm(rows)[:num_zeros]
            tensor[zeroed_rows, col] = 0
    return tensor


# ---------------------------------------------------------------------------- old names
def _deprecated(initialiser: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """The name without the trailing underscore, kept by torch with a FutureWarning."""
    new_name = initialiser.__name__
    old_name = new_name[:-1]

    def deprecated_init(*args, **kwargs) -> Tensor:
        warn(f"`nn.init.{old_name}` is now deprecated in favor of "
             f"`nn.init.{new_name}`.", FutureWarning)
        return initialiser(*args, **kwargs)

    deprecated_init.__name__ = old_name
    deprecated_init.__doc__ = f"Deprecated alias of `{new_name}` (warns)."
    return deprecated_init


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
sparse = _deprecated(sparse_)
