"""Views of tensors without elements, laid out as torch's.

NumPy keeps no layout for an array without elements: a new one has strides 0 (NumPy 2;
NumPy 1 zeroes the strides before a dim of 0), and a slice without elements starts at the
array's first byte with step 1. torch keeps both: a view of an empty tensor has the strides
its history gives it (`zeros(0, 3).t().stride()` is (1, 3)), and `x[3:3]` starts at element
3 * x.stride(0) of the storage, which `storage_offset()`, view(dtype)'s checks and
as_strided's default offset read. So a view op's forward, given an input without elements,
takes it laid out as torch's (`torch_laid`), and the views NumPy lays out otherwise (an
empty slice, unsqueeze, expand, view) are made here with torch's geometry (`window`). Only
tensors without elements come here: the common path pays one `size` test.
"""

from __future__ import annotations

import numpy as np

from .._tensor import torch_strides

__all__ = ["laid_out_here", "torch_laid", "window", "sliced", "unsqueezed", "reshaped",
           "copy_laid_as"]


class _Memory:
    """An array interface over memory that `base` owns (and keeps alive): NumPy's own
    as_strided cannot move the start, and a slice without elements resets it."""

    def __init__(self, interface: dict, base: np.ndarray) -> None:
        self.__array_interface__ = interface
        self.base = base


def window(x: np.ndarray, shape: tuple, strides: tuple, offset: int = 0) -> np.ndarray:
    """A view of x's memory without elements: `shape`, `strides` in bytes, starting
    `offset` bytes after x's first element (nothing is read there, so it may lie outside
    x's memory, as torch's storage offset may); read-only if x is."""
    interface = dict(x.__array_interface__)
    start, read_only = interface["data"]
    interface["data"] = (start + offset, read_only)
    interface["shape"] = tuple(shape)
    interface["strides"] = tuple(strides)
    return np.asarray(_Memory(interface, x))


def copy_laid_as(x: np.ndarray, dtype) -> np.ndarray:
    """A new array without elements, of x's shape (x has none) and `dtype`, with x's
    strides as torch has them: torch's preserve_format (clone, the *_like functions, casts)
    keeps the strides of a non-overlapping and dense input exactly, and a tensor without
    elements counts as one, even expanded or sliced with a step."""
    item = np.dtype(dtype).itemsize
    strides = tuple(s * item for s in torch_strides(x))
    return window(np.empty(0, dtype), x.shape, strides)


def laid_out_here(x: np.ndarray) -> bool:
    """Whether x (without elements) is, or was made by NumPy from, a view `window` made:
    its strides are torch's, even all 0 (which NumPy gives a new array)."""
    base = x.base
    while base is not None and not isinstance(base, _Memory):
        base = getattr(base, "base", None)  # (NumPy's as_strided: a dummy object's base)
    return base is not None


def torch_laid(x: np.ndarray) -> np.ndarray:
    """x without elements with torch's strides: a view with the contiguous strides torch
    gives a new tensor where NumPy's are those of a new array, else x itself."""
    strides = tuple(s * x.itemsize for s in torch_strides(x))
    return x if strides == x.strides else window(x, x.shape, strides)


def sliced(x: np.ndarray, dim: int, start: int, stop: int, step: int) -> np.ndarray:
    """x[..., start:stop:step, ...] at `dim` for an x or a result without elements: torch's
    slice starts at `start` (clamped to the dim as Python's slice.indices does, which is
    torch's clamping) and steps its stride by `step`, elements or not."""
    x = torch_laid(x)
    start, stop, step = slice(start, stop, step).indices(x.shape[dim])
    shape = list(x.shape)
    shape[dim] = len(range(start, stop, step))
    strides = list(x.strides)
    strides[dim] *= step
    return window(x, shape, strides, start * x.strides[dim])


def unsqueezed(x: np.ndarray, dim: int) -> np.ndarray:
    """x without elements with a dim of size 1 inserted at `dim`: torch's stride there is
    the one the dim after it spans (NumPy's is 0)."""
    x = torch_laid(x)
    stride = x.shape[dim] * x.strides[dim] if dim < x.ndim else x.itemsize
    return window(x, x.shape[:dim] + (1,) + x.shape[dim:],
                  x.strides[:dim] + (stride,) + x.strides[dim:])


def reshaped(x: np.ndarray, shape: tuple) -> np.ndarray:
    """x without elements viewed in `shape`: torch keeps the strides when the shape stays,
    else gives the contiguous strides of the new shape (a dim of 0 counting as 1)."""
    x = torch_laid(x)
    if tuple(shape) == x.shape:
        return window(x, x.shape, x.strides)
    strides, step = [], x.itemsize
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return window(x, shape, strides[::-1])
