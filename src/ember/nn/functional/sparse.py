"""Class indices as vectors: one_hot."""

from __future__ import annotations

from ..._creation import empty, zeros
from ..._dtype import int64
from ..._tensor import Tensor

__all__ = ["one_hot"]


def one_hot(input: Tensor, num_classes: int = -1) -> Tensor:
    """An int64 tensor of shape input.shape + (num_classes,), with a 1 at each index.

    num_classes=-1 means one more than the largest index. Indices must be int64,
    non-negative and smaller than num_classes.
    """
    if not isinstance(input, Tensor):
        raise TypeError("one_hot(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input.dtype != int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if input.numel() == 0:
        if num_classes <= 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        return empty((*input.shape, num_classes), dtype=int64)
    if input.min().item() < 0:
        raise RuntimeError("Class values must be non-negative.")
    largest = input.max().item()
    if num_classes == -1:
        num_classes = largest + 1
    elif num_classes <= largest:
        raise RuntimeError("Class values must be smaller than num_classes.")
    result = zeros((*input.shape, num_classes), dtype=int64)
    return result.scatter_(-1, input.unsqueeze(-1), 1)
