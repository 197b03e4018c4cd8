"""Dimension arguments as torch takes them: negative dims, tuples, IndexError when out of range."""

from __future__ import annotations

from .._tensor import _wrap_dim

__all__ = ["wrap_dim", "wrap_dims"]

wrap_dim = _wrap_dim


def wrap_dims(dim, ndim: int) -> tuple[int, ...]:
    """`dim` (None, an int, or a sequence of ints) as a sorted tuple of non-negative dims."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, int):
        return (_wrap_dim(dim, ndim),)
    dims = tuple(_wrap_dim(d, ndim) for d in dim)
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
    return tuple(sorted(dims))
