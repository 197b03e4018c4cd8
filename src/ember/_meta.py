"""The meta device, as far as torch.func's model-ensembling recipe needs it.

torch's tutorial builds a stateless copy of a model with `copy.deepcopy(model).to('meta')`
and calls it only through `torch.func.functional_call`, which replaces every parameter and
buffer. ember supports exactly that: `Module.to('meta')` and `Tensor.to('meta')` give
tensors that know their shape, strides and dtype, print and deepcopy as torch's meta
tensors do, and refuse to be computed with (torch would propagate shapes only; ember raises
NotImplementedError). Their data is a `MetaArray`: zero-filled memory that the OS maps
lazily, so a meta copy of a large model costs no memory until something reads it, and
every NumPy computation on it raises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["MetaArray", "meta_array", "is_meta_array", "COMPUTE_WITH_META", "NO_DATA"]

COMPUTE_WITH_META = (
    "ember cannot compute with tensors on the meta device (they hold no values, and "
    "ember has no shape-only execution). Use such a module only through "
    "torch.func.functional_call with all of its parameters and buffers replaced, or move "
    "the computation to the CPU.")

NO_DATA = "Cannot copy out of meta tensor; no data!"


class MetaArray(np.ndarray):
    """The data of a meta tensor: shape, strides and dtype, no values to compute with."""

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(COMPUTE_WITH_META)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        raise NotImplementedError(COMPUTE_WITH_META)

    def __getitem__(self, index: Any) -> Any:
        # an element is a NumPy scalar, which would lose the meta type: a 0-d one instead
        item = super().__getitem__(index)
        if not isinstance(item, np.ndarray):
            item = np.zeros((), self.dtype).view(MetaArray)
        return item

    # what a tensor's item()/float()/bool()/tolist() call on their data
    def item(self, *args: Any) -> Any:
        raise RuntimeError("Tensor.item() cannot be called on meta tensors")

    def tolist(self) -> Any:
        raise NotImplementedError(NO_DATA)


def meta_array(data: np.ndarray) -> MetaArray:
    """A meta array of `data`'s shape and dtype, C-contiguous (what torch's to('meta')
    gives)."""
    return np.zeros(data.shape, dtype=data.dtype).view(MetaArray)


def is_meta_array(data: Any) -> bool:
    return type(data) is MetaArray
