"""Dimension arguments as torch takes them: negative dims, tuples, IndexError when out of range."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _tensor_as_int, _wrap_dim

__all__ = ["wrap_dim", "wrap_dims", "int_dim", "dims_of_tensor"]

wrap_dim = _wrap_dim


def int_dim(dim, name: str = "dim"):
    """`dim` for a parameter torch declares `int`: a 0-d integer tensor (not bool) or a
    NumPy integer read as its int; anything else as it came, for the caller's own check."""
    if isinstance(dim, Tensor):
        return _tensor_as_int(dim, name)
    if isinstance(dim, np.integer):
        return int(dim)
    return dim


def dims_of_tensor(dim: Tensor, name: str = "dim") -> tuple[int] | int:
    """A tensor given for a parameter torch declares `int[]` (sum's, amax's, flip's dims):
    a 0-d integer tensor reads as its int; a tensor of one element of an integer or bool
    dtype as a list of that one int (torch's parser reads it through __index__); others are
    torch's TypeError."""
    data = dim._data
    if data.ndim == 0 and data.dtype.kind in "iu":
        return int(data)
    if data.size == 1 and data.dtype.kind in "iub":
        return (int(data.reshape(())),)
    raise TypeError(f"argument '{name}' must be tuple of ints, not Tensor")


def wrap_dims(dim, ndim: int) -> tuple[int, ...]:
    """`dim` (None, an int, or a sequence of ints) as a sorted tuple of non-negative dims."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, Tensor):
        dim = dims_of_tensor(dim)
    elif isinstance(dim, np.ndarray):  # (torch's parser takes no array for a list of dims)
        raise TypeError("argument 'dim' must be tuple of ints, not numpy.ndarray")
    if isinstance(dim, int):
        return (_wrap_dim(dim, ndim),)
    dims = tuple(_wrap_dim(d, ndim) for d in dim)
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
    return tuple(sorted(dims))
