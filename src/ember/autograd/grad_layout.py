"""torch's layout contract for the gradients AccumulateGrad stores in `.grad`.

A leaf whose elements fill one block of memory in some order of its dims (C order, a
transpose, a permutation: "non-overlapping and dense") gets its gradient with its own
strides; any other leaf (a slice with gaps) gets a C-ordered one. A gradient that arrives
in another layout is copied into the right one (torch's `clone_obey_contract`); under
create_graph that copy is recorded: CopyBackwards into the leaf's layout, or
CloneBackward0 into C order for a leaf with gaps.
"""

from __future__ import annotations

import numpy as np

from .._memory_format import empty_in_order
from .._transposed_copy import c_order_copy

__all__ = ["dense_order", "empty_for_leaf", "obeying_contract"]


def dense_order(array: np.ndarray) -> list | None:
    """The array's dims from slowest to fastest in memory when its elements fill one block
    without gaps or overlaps, else None."""
    order = sorted(range(array.ndim), key=lambda d: -array.strides[d])
    if array.transpose(order).flags.c_contiguous:
        return order
    return None


def obeying_contract(grad: np.ndarray, leaf: np.ndarray, must_copy: bool) -> np.ndarray:
    """`grad`, or a copy of it, in the layout torch gives the `.grad` of `leaf` (C order for
    a leaf that is not C-ordered and not dense). `must_copy`: grad may not be stored as it
    is (someone else holds it, or it is a view)."""
    order = dense_order(leaf)
    if order is None or order == sorted(order):
        if must_copy or not grad.flags.c_contiguous:
            return c_order_copy(grad)
        return grad
    if must_copy or not grad.transpose(order).flags.c_contiguous:  # (not in that order)
        copied = empty_in_order(grad.shape, grad.dtype, order)
        copied[...] = grad
        return copied
    return grad


def empty_for_leaf(leaf: np.ndarray, dtype) -> np.ndarray | None:
    """Zeros in the layout of `leaf`'s `.grad` when it is dense and not C-ordered (the
    target of a recorded CopyBackwards); None for a leaf whose gradient is C-ordered."""
    order = dense_order(leaf)
    if order is None or order == sorted(order):
        return None
    zeros = empty_in_order(leaf.shape, dtype, order)
    zeros[...] = 0
    return zeros
