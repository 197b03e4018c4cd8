"""Minimal storages: what `Tensor.untyped_storage()` and `Tensor.storage()` return.

A storage here is a read-only description of the memory a tensor lies in (the NumPy array
owning it, as `Tensor.storage_offset` finds it): its size, address and contents in memory
order. torch's storages can also be resized, filled, shared or written; these cannot (no
ember op takes a storage).
"""

from __future__ import annotations

import numpy as np

from ._tensor_extras import _root_array
from ._warnings import warn

__all__ = ["UntypedStorage", "TypedStorage"]

_warned_typed = False  # torch warns about TypedStorage once per process, whatever filters say


def _in_memory_order(root: np.ndarray) -> np.ndarray:
    return root.ravel(order="K")


class UntypedStorage:
    """The bytes of a tensor's memory."""

    __module__ = "ember.storage"

    def __init__(self, root: np.ndarray) -> None:
        self._root = root

    def nbytes(self) -> int:
        return int(self._root.nbytes)

    def size(self) -> int:
        return self.nbytes()

    def __len__(self) -> int:
        return self.nbytes()

    def element_size(self) -> int:
        return 1

    def data_ptr(self) -> int:
        return self._root.__array_interface__["data"][0]

    @property
    def device(self):
        from ._device import cpu

        return cpu

    def is_shared(self) -> bool:
        return False

    def tolist(self) -> list:
        return _in_memory_order(self._root).view(np.uint8).tolist()

    def __getitem__(self, index: int) -> int:
        return self.tolist()[index]

    def __str__(self) -> str:
        body = "\n".join(f" {v}" for v in self.tolist())
        return f"{body or ' '}\n[ember.storage.UntypedStorage(device=cpu) of size {len(self)}]"

    __repr__ = __str__


class TypedStorage:
    """The elements of a tensor's memory, of its dtype (torch's deprecated storage)."""

    __module__ = "ember.storage"

    def __init__(self, root: np.ndarray, dtype) -> None:
        self._untyped_storage = UntypedStorage(root)
        self.dtype = dtype

    def untyped(self) -> UntypedStorage:
        return self._untyped_storage

    def size(self) -> int:
        return self._untyped_storage._root.size

    def __len__(self) -> int:
        return self.size()

    def nbytes(self) -> int:
        return self._untyped_storage.nbytes()

    def element_size(self) -> int:
        return self._untyped_storage._root.itemsize

    def data_ptr(self) -> int:
        return self._untyped_storage.data_ptr()

    @property
    def device(self):
        return self._untyped_storage.device

    def is_shared(self) -> bool:
        return False

    def tolist(self) -> list:
        return _in_memory_order(self._untyped_storage._root).tolist()

    def __getitem__(self, index):
        if isinstance(index, slice):
            raise RuntimeError("slices are only supported in UntypedStorage.__getitem__")
        return self.tolist()[index]

    def __iter__(self):
        return iter(self.tolist())

    def __str__(self) -> str:
        body = "\n".join(f" {v}" for v in self.tolist())
        return (f"{body or ' '}\n[ember.storage.TypedStorage(dtype={self.dtype}, device=cpu) "
                f"of size {len(self)}]")

    __repr__ = __str__


def untyped_storage(self) -> UntypedStorage:
    """The memory self lies in (the whole of it, not only self's elements)."""
    return UntypedStorage(_root_array(self._data))


def storage(self) -> TypedStorage:
    """The memory self lies in, as elements of self's dtype (deprecated in torch: warns
    once)."""
    global _warned_typed
    if not _warned_typed:
        _warned_typed = True
        warn("TypedStorage is deprecated. It will be removed in the future and UntypedStorage "
             "will be the only storage class. This should only matter to you if you are using "
             "storages directly.  To access UntypedStorage directly, use "
             "tensor.untyped_storage() instead of tensor.storage()")
    return TypedStorage(_root_array(self._data), self.dtype)
