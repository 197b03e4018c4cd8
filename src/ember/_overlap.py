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

import numpy as np

from ._tensor import Tensor
from ._warnings import warn

__all__ = ["OVERLAPPING_WRITE", "PARTIAL_OVERLAP", "check_no_partial_overlap", "overlap_partly",
           "overlaps_itself", "refuses_overlap", "shares_memory_of", "where_changed",
           "writable"]

OVERLAPPING_WRITE = (
    "unsupported operation: more than one element of the written-to tensor refers to a "
    "single memory location. Please clone() the tensor before performing the operation."
)

PARTIAL_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor "
    "refer to a single memory location. Please clone() the tensor before performing the "
    "operation."
)

# In-place functions that torch does not run through its elementwise machinery (matrix
# products, masked_scatter_) or computes from a copy (ldexp_, float_power_): an operand
# sharing the target's memory is theirs to read.
_OWN_OVERLAP_RULES = frozenset({"addmm", "addmv", "addbmm", "baddbmm", "masked_scatter",
                                "ldexp", "float_power"})
# Fills whose 0-d tensor value torch reads as a number before writing (value.item()): it
# may lie in the written memory.
_READ_AS_A_NUMBER = frozenset({"_fill_in_place", "_masked_filled_in_place",
                               "_index_filled_in_place"})

# What an in-place function allows on a target that overlaps itself: set as the attribute
# `overlapping_write` of the function call_inplace receives.
ALLOW = "allow"  # zero_
# fill_: a number is written (one value everywhere), a tensor value is refused as torch's
# fill_(Tensor) kernel refuses it (its TensorIterator checks the output's overlap)
ALLOW_NUMBER = "allow a number"


def refuses_overlap(rule: str | None, args) -> bool:
    """Whether an in-place call with this `overlapping_write` rule and these operands is
    refused on a target whose elements overlap (before anything is computed)."""
    if rule is None:
        return True
    # (a value with dims is fill_'s own error, which torch raises first)
    return rule is ALLOW_NUMBER and any(isinstance(a, Tensor) and not a._data.ndim
                                        for a in args)


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


def writable(data: np.ndarray, rule: str | None = None) -> np.ndarray:
    """`data` itself when NumPy lets us write into it; otherwise a writeable alias of the
    same memory, or torch's RuntimeError when elements overlap and `rule` (ALLOW, or a
    warning's text) does not permit the write (the warning is attributed to the user's
    line). Memory that is read-only at its owner (a read-only NumPy array given to
    from_numpy) stays read-only: NumPy's error."""
    if data.flags.writeable:
        return data
    if overlaps_itself(data):
        if rule is None:
            raise RuntimeError(OVERLAPPING_WRITE)
        if rule != ALLOW and rule != ALLOW_NUMBER:
            warn(rule, UserWarning)
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


def _dense(data: np.ndarray) -> bool:
    """torch's is_non_overlapping_and_dense: some order of the dims (size-1 dims aside)
    lays the elements out one after another."""
    expected = data.itemsize
    for stride, size in sorted((s, n) for s, n in zip(data.strides, data.shape) if n != 1):
        if stride != expected:
            return False
        expected *= size
    return True


def _owner_of(data: np.ndarray):
    """The object owning `data`'s memory. Bases that are not arrays are followed too:
    as_strided's windows (diagonal, unfold...) have NumPy's DummyArray as base, whose
    own base is the array they view (stopping there missed `t.narrow(...)` written with
    `t.diagonal()` of the same memory)."""
    base = data.base
    while base is not None:
        data = base
        base = getattr(base, "base", None)
    return data


def overlap_partly(target: np.ndarray, data: np.ndarray) -> bool:
    """torch's partial overlap of two arrays of one memory: both dense, and their ranges
    intersect without being the same elements in the same layout."""
    if not (target.size and data.size and _dense(target) and _dense(data)):
        return False
    start = target.__array_interface__["data"][0]
    other_start = data.__array_interface__["data"][0]
    end, other_end = start + target.nbytes, other_start + data.nbytes
    if start == other_start and end == other_end:
        return [s // target.itemsize for s in target.strides] != [
            s // data.itemsize for s in data.strides]
    return start < other_end and other_start < end


def shares_memory_of(target: np.ndarray, operands) -> bool:
    """Whether some tensor operand other than `target` itself views target's memory."""
    owner = None
    for other in operands:
        data = getattr(other, "_data", None)
        if type(data) is np.ndarray and data is not target:
            if owner is None:
                owner = _owner_of(target)
            if _owner_of(data) is owner:
                return True
    return False


def check_no_partial_overlap(function, target: np.ndarray, operands) -> None:
    """torch's refusal of an elementwise in-place op (`x.lt_(x[0])`, `x.clip_(x.mT)`) whose
    operand shares some but not all of the written memory, or all of it in another layout:
    the result would depend on the order elements are written. As torch, only dense layouts
    are judged (the overlap of other strided ones is too hard to tell: allowed), and the
    same memory in the same layout (`x.add_(x)`) is allowed."""
    owner = None
    for other in operands:
        data = getattr(other, "_data", None)
        if type(data) is not np.ndarray or data is target or not data.size:
            continue
        if not data.ndim and getattr(function, "__name__", None) in _READ_AS_A_NUMBER:
            continue
        if owner is None:
            if not target.size:
                return
            owner = _owner_of(target)
        if _owner_of(data) is not owner:
            continue  # (the usual case: another tensor's memory)
        if getattr(function, "__name__", None) in _OWN_OVERLAP_RULES:
            return
        if overlap_partly(target, data):
            raise RuntimeError(PARTIAL_OVERLAP)
