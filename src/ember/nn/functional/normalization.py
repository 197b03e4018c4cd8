"""Functional normalisation: batch_norm, layer_norm, group_norm, instance_norm,
local_response_norm, normalize.

batch_norm, layer_norm and group_norm are one op each (ops/nn_normalization.py);
instance_norm is batch norm of the input seen as one sample with N * C channels (so its
grad_fn is torch's ViewBackward0 over NativeBatchNormBackward0); normalize and
local_response_norm compose public ops, as torch does. Running statistics are updated in
place, outside the graph, with the batch's mean and its unbiased variance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..._arguments import called_first, int_list, not_a_tensor
from ..._grad_mode import is_grad_enabled, no_grad
from ..._tensor import Tensor
from ...autograd._transforms_active import state as _transforms
from ...ops._batch_norm_terms import running_update
from ...ops._registry import recorded_as
from ...ops.nn_normalization import (
    Statistics,
    native_batch_norm,
    native_group_norm,
    native_layer_norm,
)
from ...ops.nn_ops import _require_float

__all__ = ["batch_norm", "layer_norm", "group_norm", "instance_norm", "local_response_norm",
           "normalize", "rms_norm"]


def _check_elements(name: str, value: Tensor | None, channels: int) -> None:
    if value is not None and value.numel() != channels:
        raise RuntimeError(f"{name} should contain {channels} elements not {value.numel()}")


def _check_same_dtype(input: Tensor, *others: Tensor | None, batch_norm: bool = False) -> None:
    """torch's CPU kernels take parameters (and running statistics) of the input's dtype."""
    dtype = input._data.dtype
    for other in others:
        if other is not None and other._data.dtype != dtype:
            if batch_norm and dtype == np.float32:
                raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type "
                                   "of Float")
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _check_mixed_dtype(input: Tensor, weight: Tensor | None, bias: Tensor | None) -> None:
    """torch's CPU layer norm takes parameters of another dtype than the input's only as
    float32 beside a float16 input (which it normalises in float32); it checks the
    parameters' dtype first, then the input's."""
    params = [p for p in (weight, bias) if p is not None]
    if not params or params[0]._data.dtype == input._data.dtype:
        return
    if any(p._data.dtype != np.float32 for p in params):
        raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
    if input._data.dtype != np.float16:
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _check_more_than_one_value(input: Tensor) -> None:
    shape = input.shape
    per_channel = shape[0]
    for size in shape[2:]:
        per_channel *= size
    if per_channel == 1:
        raise ValueError("Expected more than 1 value per channel when training, got input "
                         f"size {shape!r}")


def _update_running(running: Tensor, batch_value: np.ndarray, momentum: float) -> None:
    """running = (1 - momentum) running + momentum value, in place and outside the graph
    (a new version of the buffer, as torch's kernel writes it)."""
    data = running._data
    value = batch_value.reshape(data.shape).astype(data.dtype, copy=False)
    with no_grad():
        data *= data.dtype.type(1 - momentum)
        data += value * data.dtype.type(momentum)
    running._version_counter[0] += 1


def _update_running_statistics(stats: Statistics, count: int, running_mean: Tensor | None,
                               running_var: Tensor | None, momentum: float) -> None:
    if stats.var_sum is not None:  # batch norm's own statistics: torch's arithmetic
        running_update(None if running_mean is None else running_mean._data,
                       None if running_var is None else running_var._data,
                       stats.mean.reshape(-1), stats.var_sum, count, momentum)
        for running in (running_mean, running_var):
            if running is not None:  # (a new version of the buffer, as torch's kernel)
                running._version_counter[0] += 1
        return
    if running_mean is not None:
        _update_running(running_mean, stats.mean.reshape(-1), momentum)
    if running_var is not None:
        unbiased = stats.var.reshape(-1) * (count / (count - 1))
        _update_running(running_var, unbiased, momentum)


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each channel (dim 1) of input (N, C, *): with the batch's mean and biased
    variance when training (updating the running statistics given, in place, with the
    unbiased variance), else with running_mean and running_var."""
    if not isinstance(momentum, (int, float)):
        raise TypeError("batch_norm(): argument 'momentum' (position 7) must be float, not "
                        f"{type(momentum).__name__}")
    if training and running_mean is not None and _transforms.vmaps:
        _check_batched_statistics(running_mean, running_var)
    if training:
        _check_more_than_one_value(input)  # (a 0-d input: torch's IndexError from its size)
    elif running_mean is None or running_var is None:
        which = "running_mean" if running_mean is None else "running_var"
        raise RuntimeError(f"{which} must be defined in evaluation mode")
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither "
                         "be None")
    # (torch's kernel counts no channels in an input of fewer than two dims)
    channels = input.size(1) if input.ndim > 1 else 0
    _require_float("batch_norm", input)
    for name, value in (("running_mean", running_mean), ("running_var", running_var),
                        ("weight", weight), ("bias", bias)):
        _check_elements(name, value, channels)
    if input.ndim < 2:
        input.size(1)  # (then torch's kernel reads the channels: its IndexError)
    _check_same_dtype(input, weight, bias, running_mean, running_var, batch_norm=True)
    if input.numel() == 0:
        return _without_elements(input, weight, bias)
    out, stats = native_batch_norm(input, weight, bias, running_mean, running_var, training,
                                   eps)
    if training:
        count = input.numel() // channels
        _update_running_statistics(stats, count, running_mean, running_var, momentum)
    return out


def _without_elements(input: Tensor, weight: Tensor | None, bias: Tensor | None) -> Tensor:
    """torch's batch norm of an input without elements: a copy of it (not a view, and not a
    new empty tensor, which would cut the graph) times weight[0], plus bias[0] (grad_fn
    CloneBackward0, MulBackward0 or AddBackward0), with the running statistics left alone."""
    out = input.clone()
    if weight is not None:
        out = out * weight[0]
    if bias is not None:
        out = out + bias[0]
    return out


def _check_batched_statistics(running_mean: Tensor, running_var: Tensor | None) -> None:
    """Inside vmap, torch refuses to update running statistics that are not mapped over
    (the same buffer for every element), as ember's per-element vmap would do."""
    from ...func._vmap import is_vmap_slice

    if not is_vmap_slice(running_mean) or (running_var is not None
                                           and not is_vmap_slice(running_var)):
        raise RuntimeError(
            "Batch norm got a batched tensor as input while the running_mean or running_var, "
            "which will be updated in place, were not batched.\nIf you are using a module and "
            "do not need eval mode, please set `track_running_stats` to be False.If you are "
            "using a prebuilt module and do not need eval mode, please see the functorch "
            "website for resources on how to patch your module to work with vmap")


def _as_shape(normalized_shape: Sequence[int], function: str) -> tuple[int, ...]:
    # (torch's parser: a sequence of ints, not one int, for this argument of any length)
    return int_list(normalized_shape, function, "normalized_shape", 2, single=False)


def layer_norm(input: Tensor, normalized_shape: Sequence[int],
               weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """Normalise over the last len(normalized_shape) dims, which must equal
    normalized_shape; weight and bias (if given) have that shape."""
    shape = _as_shape(normalized_shape, "layer_norm")
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                           "containing at least one element, but got normalized_shape = []")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and tuple(value.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but "
                               f"got {name} of shape {list(value.shape)} and normalized_shape "
                               f"= {list(shape)}")
    dims = tuple(input.shape)
    if not shape or len(dims) < len(shape) or dims[len(dims) - len(shape):] != shape:
        expected = ", ".join(["*"] + [str(s) for s in shape])
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[{expected}], but got input of size{list(dims)}")
    _check_mixed_dtype(input, weight, bias)  # (before the kernel's dtype check, as torch)
    _require_float("LayerNormKernelImpl", input)
    return native_layer_norm(input, len(shape), weight, bias, eps)


def rms_norm(input: Tensor, normalized_shape: Sequence[int],
             weight: Tensor | None = None, eps: float | None = None) -> Tensor:
    """input / sqrt(mean of squares over the last dims + eps) (times weight), composed of
    public ops as torch composes it; eps defaults to the dtype's machine epsilon."""
    shape = _as_shape(normalized_shape, "rms_norm")
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                           "containing at least one element, but got normalized_shape = []")
    if weight is not None and tuple(weight.shape) != shape:
        raise RuntimeError("Expected weight to be of same shape as normalized_shape, but got "
                           f"weight of shape {list(weight.shape)} and normalized_shape = "
                           f"{list(shape)}")
    if input.ndim == 0:
        raise ValueError("Input tensor must have at least 1 dimensions, but got 0")
    dims = tuple(input.shape)
    if not shape or len(dims) < len(shape) or dims[len(dims) - len(shape):] != shape:
        expected = ", ".join(str(s) for s in shape)
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{expected}], but got input of size{list(dims)}")
    _require_float("rms_norm", input)
    reduced = tuple(range(input.ndim - len(shape), input.ndim))
    if input._data.dtype == np.float16:
        # torch computes float16 in float32 (its opmath type, whose epsilon is the default
        # eps) from one upcast copy (its gradient summed in float32, then rounded once),
        # multiplies by the weight in float32 too and casts the result back: rms_norm of
        # [300, 400] is no longer 0 from squares that overflow
        import ember

        if eps is None:
            eps = float(np.finfo(np.float32).eps)
        wide = input.to(ember.float32)
        scale = _plus_scalar(wide.pow(2).mean(reduced, keepdim=True), eps).rsqrt()
        out = wide * scale
        if weight is not None:
            out = out * weight
        return out.to(input.dtype)
    if eps is None:
        eps = float(np.finfo(input._data.dtype).eps)
    scale = _plus_scalar(input.pow(2).mean(reduced, keepdim=True), eps).rsqrt()
    out = input * scale
    return out if weight is None else out * weight


def _plus_scalar(x: Tensor, eps: float) -> Tensor:
    """x + eps as torch's C++ adds a Scalar: AddBackward1 (Python's `x + 1.0` is
    AddBackward0)."""
    return recorded_as(x + eps, "AddBackward1")


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalise each sample over groups of channels (C / num_groups channels each, with
    all their positions); weight and bias are per channel."""
    if input.dim() < 2:  # (dim(): a non-tensor raises torch's AttributeError)
        raise RuntimeError("Expected at least 2 dimensions for input tensor but received "
                           f"{input.ndim}")
    channels = input.shape[1]
    # torch's Python check, before the kernel's: the input seen as (N C / G, G, *spatial)
    # must have more than one value per group
    per_group = input.shape[0] * channels // num_groups if num_groups > 0 else 0
    if per_group * math.prod(input.shape[2:]) == 1:
        raise ValueError("Expected more than 1 value per channel when training, got input "
                         f"size {[per_group, num_groups, *input.shape[2:]]}")
    if num_groups <= 0 or channels % num_groups:
        raise RuntimeError("Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {list(input.shape)} and "
                           f"num_groups={num_groups}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and (value.ndim != 1 or value.numel() != channels):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number "
                               f"of channels in input, but got {name} of shape "
                               f"{list(value.shape)} and input of shape {list(input.shape)}")
    _check_mixed_dtype(input, weight, bias)  # (before the kernel's dtype check, as torch)
    _require_float("GroupNormKernelImpl", input)
    return native_group_norm(input, num_groups, weight, bias, eps)


def instance_norm(input: Tensor, running_mean: Tensor | None = None,
                  running_var: Tensor | None = None, weight: Tensor | None = None,
                  bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each channel of each sample over its positions: batch norm of the input
    viewed as (1, N * C, *). Running statistics (per channel) take the mean over samples of
    the per-sample statistics."""
    if use_input_stats:
        called_first(input, "size", "instance_norm")  # (torch's Python code: input.size())
    if not isinstance(input, Tensor):
        raise not_a_tensor("instance_norm", "input", 1, input)
    shape = tuple(input.shape)
    if use_input_stats:
        positions = 1
        for size in shape[2:]:
            positions *= size
        if positions == 1:
            raise ValueError("Expected more than 1 spatial element when training, got input "
                             f"size {input.shape!r}")
    n, channels = shape[0], shape[1]
    repeated = [None if v is None else v.repeat(n) for v in (weight, bias)]
    means = [None if v is None else v.repeat(n) for v in (running_mean, running_var)]
    for name, value in (("running_mean", means[0]), ("running_var", means[1])):
        # (torch's batch norm of the (1, N C, *) view checks the repeated statistics)
        if value is not None and value.numel() != n * channels:
            raise RuntimeError(f"{name} should contain {n * channels} elements not "
                               f"{value.numel()}")
    viewed = input.contiguous().view((1, n * channels, *shape[2:]))
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when "
                           "use_input_stats is false")
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither "
                         "be None")
    # (torch's batch norm of the view checks the affine parameters' dtype, not the
    # running statistics', which the instance norm around it averages itself)
    _check_same_dtype(input, weight, bias, batch_norm=True)
    _require_float("batch_norm", input)
    if viewed.numel() == 0:
        # (torch copies the mean over samples of the repeated running statistics back into
        # them: the mean of no samples is nan)
        if n == 0:
            for running in (running_mean, running_var):
                if running is not None:
                    with no_grad():
                        running.fill_(math.nan)
        return _without_elements(viewed, repeated[0], repeated[1]).view(shape)
    out, stats = native_batch_norm(viewed, repeated[0], repeated[1], means[0], means[1],
                                   use_input_stats, eps)
    if use_input_stats:
        count = viewed.numel() // (n * channels)
        per_channel = Statistics()
        per_channel.mean = stats.mean.reshape(n, channels).mean(0)
        per_channel.var = stats.var.reshape(n, channels).mean(0)
        _update_running_statistics(per_channel, count, running_mean, running_var, momentum)
    return out.view(shape)


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,
                        k: float = 1.0) -> Tensor:
    """input / (k + alpha * mean of squares over `size` neighbouring channels) ** beta."""
    called_first(input, "dim", "local_response_norm")  # (torch's Python code: input.dim())
    dim = input.ndim
    if dim < 3:
        # torch's message, with the run of spaces its source line continuation leaves
        raise ValueError("Expected 3D or higher dimensionality" + " " * 26
                         + f"input (got {dim} dimensions)")
    if input.numel() == 0:
        return input
    from .padding import pad  # padding is built beside this module
    from .pooling import avg_pool2d, avg_pool3d

    # torch's composition: the squares padded along the channels and averaged over `size`
    # of them (size // 2 channels before, (size - 1) // 2 after, zeros beyond the ends) by
    # avg_pool2d, or by avg_pool3d for 4-d and wider inputs (which refuses float16)
    squares = input.mul(input)
    if dim == 3:
        padded = pad(squares.unsqueeze(1), (0, 0, size // 2, (size - 1) // 2))
        average = avg_pool2d(padded, (size, 1), stride=1).squeeze(1)
    else:
        sizes = tuple(input.shape)
        squares = squares.view(sizes[0], 1, sizes[1], sizes[2], -1)
        padded = pad(squares, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        average = avg_pool3d(padded, (size, 1, 1), stride=1).squeeze(1).view(sizes)
    denominator = (average * alpha + k) ** beta
    return input / denominator


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,
              out: Tensor | None = None) -> Tensor:
    """input divided by its p-norm along `dim` (at least eps)."""
    denominator = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    if out is None:
        return input / denominator
    if is_grad_enabled() and (input.requires_grad or out.requires_grad):
        raise RuntimeError("div(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    if out.shape != input.shape:
        raise NotImplementedError("normalize(out=...) with an out tensor of another shape "
                                  "(torch resizes it) is not implemented in ember")
    with no_grad():
        return out.copy_(input / denominator)
