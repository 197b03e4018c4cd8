"""ctc_loss: torch's checks and reductions around the CTC primitive of ember.ops.nn_ctc."""

from __future__ import annotations

from collections.abc import Sequence

import ember

from ..._tensor import Tensor
from ...autograd.node import keep_versions
from ...ops import nn_ctc as _kernel
from .loss import get_enum
from .loss_margin import _scalar_name

__all__ = ["ctc_loss"]

_CHECKING = " (while checking arguments for ctc_loss_allocate_outputs)"

Lengths = Tensor | Sequence[int]


def _lengths(values: Lengths, name: str) -> list[int]:
    if isinstance(values, Tensor):
        if values.is_floating_point() or values.is_complex():
            raise RuntimeError(f"{name} must be integral")
        return [int(v) for v in values.reshape(-1).tolist()]
    if isinstance(values, (list, tuple)):
        return [int(v) for v in values]
    raise TypeError(f"ctc_loss(): argument '{name}' must be a Tensor or a tuple of ints, not "
                    f"{type(values).__name__}")


def _per_sample_targets(targets: Tensor, target_lengths: list[int], batch: int) -> tuple:
    """Each sample's target as a tuple of class indices, from a padded (N, S) tensor or
    the concatenation of all targets (1-D), with torch's size checks."""
    for length in target_lengths:
        if length < 0:
            raise RuntimeError("Expected target_lengths to have value at least 0, but got "
                               f"value {length}{_CHECKING}")
    values = targets.detach().numpy().astype("int64")
    if targets.ndim == 1:
        total = sum(target_lengths)
        if targets.shape[0] != total:
            raise RuntimeError(f"Expected tensor to have size {total} at dimension 0, but got "
                               f"size {targets.shape[0]} for argument #2 'targets'{_CHECKING}")
        rows, start = [], 0
        for length in target_lengths:
            rows.append(tuple(values[start:start + length].tolist()))
            start += length
        return tuple(rows)
    longest = max(target_lengths, default=0)
    if targets.shape[0] != batch:
        raise RuntimeError(f"Expected tensor to have size {batch} at dimension 0, but got size "
                           f"{targets.shape[0]} for argument #2 'targets'{_CHECKING}")
    if targets.shape[1] < longest:
        raise RuntimeError(f"Expected tensor to have size at least {longest} at dimension 1, "
                           f"but got size {targets.shape[1]} for argument #2 "
                           f"'targets'{_CHECKING}")
    return tuple(tuple(row[:length].tolist()) for row, length in zip(values, target_lengths))


def ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths: Lengths,
             target_lengths: Lengths, blank: int = 0, reduction: str = "mean",
             zero_infinity: bool = False) -> Tensor:
    """Connectionist temporal classification loss of log-probabilities (T, N, C) (or
    (T, C) for one sample) against targets, padded (N, S) or concatenated (sum of
    target_lengths,); "mean" divides each loss by its target length before averaging,
    `zero_infinity` turns impossible alignments' infinite losses (and gradients) to zero.
    """
    reduction = get_enum(reduction)
    if isinstance(input_lengths, Tensor) != isinstance(target_lengths, Tensor):
        raise TypeError("ctc_loss(): input_lengths and target_lengths must both be Tensors "
                        "or both be tuples of ints")
    input_list = _lengths(input_lengths, "input_lengths")
    target_list = _lengths(target_lengths, "target_lengths")
    batched = log_probs.ndim == 3
    if not batched:
        log_probs = log_probs.unsqueeze(1)
        if targets.ndim != 1:  # (1-d targets stay the concatenated form, sized exactly)
            targets = targets.unsqueeze(0)
    if log_probs.ndim != 3:
        raise RuntimeError(f"Expected 3-dimensional tensor, but got {log_probs.ndim}-dimensional "
                           f"tensor for argument #1 'log_probs'{_CHECKING}")
    if not log_probs.is_floating_point():
        raise NotImplementedError(f"\"ctc_loss_cpu\" not implemented for "
                                  f"'{_scalar_name(log_probs.dtype)}'")
    frames, batch, classes = log_probs.shape
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    if len(input_list) != batch:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(target_list) != batch:
        raise RuntimeError("target_lengths must be of size batch_size")
    rows = _per_sample_targets(targets, target_list, batch)
    for length in input_list:
        if length < 0:
            raise RuntimeError("Expected input_lengths to have value at least 0, but got value "
                               f"{length}{_CHECKING}")
        if length > frames:
            raise RuntimeError(f"Expected input_lengths to have value at most {frames}, but "
                               f"got value {length}{_CHECKING}")
    losses = _kernel.ctc_loss(log_probs, rows, tuple(input_list), tuple(target_list), blank,
                              zero_infinity)
    keep_versions(losses, targets)  # (torch saves the targets: a write into them refuses)
    if zero_infinity:
        losses = ember.where(losses == float("inf"), ember.zeros((), dtype=losses.dtype),
                             losses)
    if reduction == "mean":
        divisors = ember.tensor(target_list, dtype=losses.dtype).clamp_min(1)
        return (losses / divisors).mean()
    if reduction == "sum":
        return losses.sum()
    return losses if batched else losses.squeeze(0)
