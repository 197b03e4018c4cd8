"""Writes into tensors whose elements share memory (the result of `expand`).

`expand` returns NumPy's read-only broadcast view, so any write into it fails in NumPy and
the fast in-place paths (which check `flags.writeable`) step aside. The write paths then
ask `writable` for a target: torch refuses to write into a tensor some of whose elements
share one memory location (a dim of stride 0 and size above 1), except for fill_ and
zero_ (one value everywhere) and, with a deprecation warning, the indexed fills
(masked_fill_, index_fill_, index_put_). A view of an expanded tensor that has no such
dim (`e[0]`, `expand` to the same size) is read-only in NumPy but not in torch: it gets a
writeable alias of the same memory.
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["OVERLAPPING_WRITE", "overlaps_itself", "where_changed", "writable"]

OVERLAPPING_WRITE = (
    "unsupported operation: more than one element of the written-to tensor refers to a "
    "single memory location. Please clone() the tensor before performing the operation."
)

# What an in-place function allows on a target that overlaps itself: set as the attribute
# `overlapping_write` of the function call_inplace receives.
ALLOW = "allow"  # fill_, zero_


def warn_indexed(name: str, example: str) -> str:
    """The rule of torch's indexed writes: allowed, with torch's deprecation warning."""
    return (f"Use of {name} on expanded tensors is deprecated. Please clone() the tensor "
            "before performing this operation. This also applies to advanced indexing "
            f"e.g. {example}")


def overlaps_itself(data: np.ndarray) -> bool:
    """Whether some elements of `data` share a memory location (torch's internal overlap;
    a tensor without elements has none)."""
    return data.size > 0 and any(s == 0 and n > 1 for s, n in zip(data.strides, data.shape))


class _Alias:
    """An array interface that describes memory as writeable (NumPy's as_strided keeps
    the read-only flag of its input); `base` keeps the memory's owner alive."""

    def __init__(self, interface: dict, base) -> None:
        self.__array_interface__ = interface
        self.base = base


def _owner(data: np.ndarray):
    """The array that owns the memory of view `data`."""
    owner = data
    while getattr(owner, "base", None) is not None:
        owner = owner.base
    return owner


def writable(data: np.ndarray, rule: str | None = None, stacklevel: int = 5) -> np.ndarray:
    """`data` itself when NumPy lets us write into it; otherwise a writeable alias of the
    same memory, or torch's RuntimeError when elements overlap and `rule` (ALLOW, or a
    warning's text) does not permit the write (the warning is attributed to the frame
    `stacklevel` calls up: the user's, from call_inplace). Memory that is read-only at its owner
    (a read-only NumPy array given to from_numpy) stays read-only: NumPy's error."""
    if data.flags.writeable:
        return data
    if overlaps_itself(data):
        if rule is None:
            raise RuntimeError(OVERLAPPING_WRITE)
        if rule != ALLOW:
            warnings.warn(rule, UserWarning, stacklevel=stacklevel)
    owner = _owner(data)
    if not isinstance(owner, np.ndarray) or not owner.flags.writeable:
        return data
    interface = dict(data.__array_interface__)
    interface["data"] = (interface["data"][0], False)
    return np.asarray(_Alias(interface, data))


def where_changed(data: np.ndarray, values: np.ndarray):
    """Where a write of `values` into `data` must store: everywhere (True), except into
    memory whose elements repeat, where only the elements the write changes are stored.
    torch's fills and indexed writes touch only their positions; ember computes the whole
    result, whose unchanged repeats would otherwise overwrite the changed ones."""
    if values.shape != data.shape or not overlaps_itself(data):
        return True
    return values != data
