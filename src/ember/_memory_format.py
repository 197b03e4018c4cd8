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
           "is_contiguous_as", "order_of_format"]


class memory_format:  # noqa: N801 - torch's name
    """One of torch's memory formats (compared by identity, printed as torch prints it)."""

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


def new_array_like(array: np.ndarray, dtype, fmt: memory_format | None) -> np.ndarray:
    """An uninitialised array of `array`'s shape in the layout `fmt` asks for: `array`'s
    own order for preserve_format (None), as NumPy's order "K" keeps it (a gapped or
    broadcast input gives a dense one)."""
    if fmt is None or fmt is preserve_format:
        return np.empty_like(array, dtype=dtype)
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
