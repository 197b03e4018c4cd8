"""torch's memory formats: `torch.contiguous_format`, `preserve_format`, `channels_last`,
`channels_last_3d`, and the layouts they ask for.

ember's tensors are NumPy arrays, whose memory may follow any order of their dims; a
memory format names one such order for a new tensor: C order, the input's own order
(`preserve_format`, the default of `clone` and the `*_like` functions), or the channels
innermost for a batch of images (`channels_last`: N, H, W, C in memory for an N, C, H, W
tensor).
"""

from __future__ import annotations

import numpy as np

__all__ = ["memory_format", "contiguous_format", "preserve_format", "channels_last",
           "channels_last_3d", "checked_format", "empty_in_order", "new_array_like",
           "is_contiguous_as", "order_of_format", "iterator_order", "preserved_order"]


class memory_format:  # noqa: N801 - torch's name
    """One of torch's memory formats (compared by identity, printed as torch prints it)."""

    __module__ = "ember"  # shown as torch's

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"torch.{self._name}"

    def __reduce__(self):  # (pickled as the module's own constant)
        return self._name


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")

# The dims in memory, slowest first, of each channels-last format, and the rank it needs.
_CHANNELS_LAST = {channels_last: (4, (0, 2, 3, 1)), channels_last_3d: (5, (0, 2, 3, 4, 1))}


def checked_format(value, function: str) -> memory_format | None:
    """`value` (None: not given) if it is a memory format; torch's TypeError if not."""
    if value is None or isinstance(value, memory_format):
        return value
    raise TypeError(f"{function}(): argument 'memory_format' must be torch.memory_format, "
                    f"not {type(value).__name__}")


def order_of_format(fmt: memory_format, ndim: int) -> tuple | None:
    """The dims' order in memory (slowest first) a channels-last format asks for; None
    for C order (contiguous_format). torch's RuntimeError for a tensor of another rank."""
    if fmt is contiguous_format:
        return None
    rank, order = _CHANNELS_LAST[fmt]
    if ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {fmt._name} format")
    return order


def empty_in_order(shape: tuple, dtype, order) -> np.ndarray:
    """An uninitialised array of `shape` whose memory follows `order` (slowest dim first)."""
    inverse = [0] * len(order)
    for position, d in enumerate(order):
        inverse[d] = position
    return np.empty([shape[d] for d in order], dtype).transpose(inverse)


def preserved_order(array: np.ndarray) -> tuple | str | None:
    """The order torch's preserve_format gives a copy of `array` where NumPy's order "K"
    would not: for an input with a broadcast dim (stride 0), torch's order of the other
    dims with the broadcast ones where C order puts them ("C" when that is C order), where
    NumPy moves them innermost. None where "K" is torch's order."""
    flags = array.flags
    if flags.c_contiguous or flags.f_contiguous or not any(
            stride == 0 and size > 1 for size, stride in zip(array.shape, array.strides)):
        return None  # (a contiguous array has no broadcast dim: the cheap test first)
    order = iterator_order(array.shape, [array])
    return "C" if order == sorted(order) else tuple(order)


def new_array_like(array: np.ndarray, dtype, fmt: memory_format | None) -> np.ndarray:
    """An uninitialised array of `array`'s shape in the layout `fmt` asks for: `array`'s
    own order for preserve_format (None), as NumPy's order "K" keeps it (a gapped input
    gives a dense one; a broadcast one, torch's order: preserved_order)."""
    if fmt is None or fmt is preserve_format:
        if not array.size:  # (torch keeps an empty input's strides exactly)
            from .ops._empty_views import copy_laid_as  # (the ops import this module)

            return copy_laid_as(array, dtype)
        order = preserved_order(array)
        if order is None:
            return np.empty_like(array, dtype=dtype)
        if order == "C":
            return np.empty(array.shape, dtype)
        return empty_in_order(array.shape, dtype, order)
    order = order_of_format(fmt, array.ndim)
    if order is None:
        return np.empty(array.shape, dtype)
    return empty_in_order(array.shape, dtype, order)


def is_contiguous_as(array: np.ndarray, fmt: memory_format) -> bool:
    """torch's is_contiguous(memory_format=fmt): C order, or the channels innermost for a
    tensor of the format's rank (dims of one element aside)."""
    if fmt is contiguous_format:
        return array.flags.c_contiguous
    if fmt is preserve_format:
        return False
    rank, order = _CHANNELS_LAST[fmt]
    return array.ndim == rank and array.transpose(order).flags.c_contiguous


def cast_as_torch(array: np.ndarray, np_dtype) -> np.ndarray:
    """array.astype(np_dtype), laid out as torch's cast (`.to()`, which TensorIterator makes
    of an input of another dtype than the op computes in): NumPy's order "K" sorts an
    expanded array's broadcast dims (stride 0) first, where torch's copy of it leaves them
    where TensorIterator's order of that array alone puts them."""
    if array.ndim < 2 or 0 not in array.strides or not array.size:
        return array.astype(np_dtype)
    copied = empty_in_order(array.shape, np_dtype, iterator_order(array.shape, [array]))
    np.copyto(copied, array, casting="unsafe")
    return copied


def iterator_order(shape: tuple, arrays: list) -> list:
    """The dims of an elementwise result of `arrays` (its operands in torch's order; one for
    a copy), slowest first, as TensorIterator orders them: an insertion sort from C order
    in which each comparison asks the operands in turn, skipping one broadcast in either
    dim; the first with two different strides decides, and one with equal strides moves
    the larger dim out (stride ties only arise for size-1 dims)."""
    ndim = len(shape)
    strides = [aligned_strides(shape, a) for a in arrays]

    def should_swap(dim0: int, dim1: int) -> int:
        for s in strides:
            s0, s1 = s[dim0], s[dim1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return 1 if s0 > s1 else -1
            if shape[dim0] > shape[dim1]:
                return 1
        return 0

    perm = list(range(ndim - 1, -1, -1))  # fastest first
    for i in range(1, ndim):
        dim1 = i
        for dim0 in range(i - 1, -1, -1):
            comparison = should_swap(perm[dim0], perm[dim1])
            if comparison > 0:
                perm[dim0], perm[dim1] = perm[dim1], perm[dim0]
                dim1 = dim0
            elif comparison < 0:
                break
    return perm[::-1]


def aligned_strides(shape: tuple, array: np.ndarray) -> list:
    """The array's strides against the result's dims: 0 where it is broadcast."""
    lead = len(shape) - array.ndim
    strides = [0] * lead
    for i, (size, stride) in enumerate(zip(array.shape, array.strides)):
        strides.append(0 if size == 1 and shape[lead + i] != 1 else stride)
    return strides
