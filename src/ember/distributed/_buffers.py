"""Tensors as MPI buffers: a contiguous tensor's own memory goes to MPI (no copy); others go
through a contiguous copy written back when the operation completes."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor

_REDUCE_IN_FLOAT32 = np.dtype(np.float16)  # the MPI standard has no 16-bit float type


def check_tensor(tensor, name: str = "tensor") -> Tensor:
    """torch's TypeError for an argument that is not a tensor."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type "
                        f"torch.Tensor\n             but got {type(tensor)} instead.")
    return tensor


def check_tensor_list(tensors, name: str) -> list[Tensor]:
    if not isinstance(tensors, (list, tuple)) or not all(isinstance(t, Tensor) for t in tensors):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type "
                        f"List[torch.Tensor]\n             but got {type(tensors)} instead.")
    return list(tensors)


def readable(tensor: Tensor) -> np.ndarray:
    """The tensor's values in C order, its own memory when it already is."""
    data = tensor._data
    return data if data.flags.c_contiguous else np.ascontiguousarray(data)


def writable(tensor: Tensor, reduce: bool = False) -> np.ndarray:
    """Memory MPI may write the tensor's result into (with its current values, for in-place
    reductions): the tensor's own when contiguous and writeable and, for reductions, of a
    dtype MPI reduces; otherwise a copy that ``write_back`` returns to the tensor."""
    data = tensor._data
    if reduce and data.dtype == _REDUCE_IN_FLOAT32:
        return data.astype(np.float32)
    if data.flags.c_contiguous and data.flags.writeable:
        return data
    return np.ascontiguousarray(data)


def write_back(tensor: Tensor, result: np.ndarray) -> None:
    """Put a result into the tensor (unless MPI wrote it there) and count the change as an
    in-place modification, as torch's collectives do."""
    data = tensor._data
    if result is not data:
        np.copyto(data, result.reshape(data.shape), casting="unsafe")
    tensor._version_counter[0] += 1
