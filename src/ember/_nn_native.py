"""torch's `native_*` ATen functions: normalisations that return their saved statistics,
and dropout that returns its mask, as tuples shaped as torch's.

    native_layer_norm(input, normalized_shape, weight, bias, eps) -> (out, mean, rstd)
    native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum,
                      eps) -> (out, save_mean, save_invstd)
    native_group_norm(input, weight, bias, N, C, HxW, group, eps) -> (out, mean, rstd)
    native_dropout(input, p, train) -> (out, mask)

The normalisations run the op table's kernels (ops/nn_normalization.py), which keep the
statistics they computed; those come back as plain tensors in the input's dtype.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._creation import empty_like, ones_like
from ._dispatch import apply
from ._dtype import scalar_type_name
from ._tensor import Tensor
from .nn.functional.normalization import _update_running_statistics
from .ops import OPS
from .ops.nn_normalization import Statistics
from .ops.nn_normalization import native_batch_norm as _batch_norm

__all__ = ["native_layer_norm", "native_batch_norm", "native_group_norm", "native_dropout",
           "native_norm"]


def _statistic(values: np.ndarray | None, shape: tuple, dtype: np.dtype) -> Tensor:
    if values is None:  # (no elements to take statistics of)
        return Tensor(np.full(shape, np.nan, dtype))
    return Tensor(np.array(values, dtype=dtype).reshape(shape))


def native_layer_norm(input: Tensor, normalized_shape: Sequence[int], weight: Tensor | None,
                      bias: Tensor | None, eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """Layer norm over the last dims; also the mean and 1/std of each normalised row,
    shaped as input with those dims 1."""
    shape = tuple(int(s) for s in normalized_shape)
    dims = tuple(input.shape)
    if not shape or len(dims) < len(shape) or dims[len(dims) - len(shape):] != shape:
        expected = ", ".join(["*"] + [str(s) for s in shape])
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[{expected}], but got input of size{list(dims)}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and tuple(value.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but "
                               f"got {name} of shape {list(value.shape)} and normalized_shape "
                               f"= {list(shape)}")
    stats = Statistics()
    out = apply(OPS["native_layer_norm"], (input, weight, bias), (len(shape), eps, stats))
    kept = dims[:len(dims) - len(shape)] + (1,) * len(shape)
    dtype = input._data.dtype
    return out, _statistic(stats.mean, kept, dtype), _statistic(stats.invstd, kept, dtype)


def native_batch_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,
                      running_mean: Tensor | None, running_var: Tensor | None, training: bool,
                      momentum: float, eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """Batch norm; in training also the batch's mean and 1/std per channel (the running
    statistics given are updated in place), in evaluation two empty tensors."""
    dtype = input._data.dtype
    if not training and (running_mean is None or running_var is None):
        # (torch's kernel reads the missing statistics anyway and crashes)
        raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
    out, stats = _batch_norm(input, weight, bias, running_mean, running_var, bool(training),
                             eps)
    if not training:
        return out, Tensor(np.empty(0, dtype)), Tensor(np.empty(0, dtype))
    channels = input.shape[1]
    _update_running_statistics(stats, input.numel() // channels, running_mean, running_var,
                               momentum)
    return (out, _statistic(stats.mean, (channels,), dtype),
            _statistic(stats.invstd, (channels,), dtype))


def native_group_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None, N: int,
                      C: int, HxW: int, group: int, eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """Group norm of input (N, C, *), HxW the product of the trailing sizes; also the
    mean and 1/std per sample and group, (N, group)."""
    if group <= 0 or C % group:
        raise RuntimeError("Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {list(input.shape)} and "
                           f"num_groups={group}")
    if input.numel() != N * C * HxW:
        raise RuntimeError("Expected X.numel() == N * C * HxW to be true, but got false.  "
                           "(Could this error message be improved?  If so, please report an "
                           "enhancement request to PyTorch.)")
    stats = Statistics()
    out = apply(OPS["native_group_norm"], (input, weight, bias), (group, eps, stats))
    dtype = input._data.dtype
    # (torch's mean and rstd carry the node too: docs/differences.md)
    return out, _statistic(stats.mean, (N, group), dtype), _statistic(stats.invstd,
                                                                     (N, group), dtype)


def native_dropout(input: Tensor, p: float, train: bool | None) -> tuple[Tensor, Tensor]:
    """Dropout that returns its mask (bool, True where kept); train None counts as
    training. Out of training, the input's values and a mask of ones."""
    if train is not None and not train:
        mask = ones_like(input, dtype=bool)
        return apply(OPS["native_dropout"], (input,), (mask._data, 1.0)), mask
    if not input.is_floating_point():
        raise RuntimeError("result type Float can't be cast to the desired output type "
                           f"{scalar_type_name(input._data.dtype.name)}")
    keep = 1.0 - p
    draws = empty_like(input).bernoulli_(keep)  # (checks p: bernoulli_'s words)
    mask = draws._data.astype(bool)
    scale = 0.0 if keep == 0 else 1.0 / keep
    return apply(OPS["native_dropout"], (input,), (mask, scale)), Tensor(mask)


def native_norm(input: Tensor, p=2, dim=None, keepdim: bool = False, dtype=None) -> Tensor:
    """torch.native_norm exists for sparse tensors only: on strided ones torch refuses."""
    raise NotImplementedError(
        "Could not run 'aten::native_norm' with arguments from the 'CPU' backend. This could "
        "be because the operator doesn't exist for this backend, or was omitted during the "
        "selective/custom build process (if using custom build). If you are a Facebook "
        "employee using PyTorch on mobile, please visit https://fburl.com/ptmfixes for "
        "possible resolutions. 'aten::native_norm' is only available for these backends: "
        "[SparseCPU].")

