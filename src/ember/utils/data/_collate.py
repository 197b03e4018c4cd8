"""default_collate and default_convert: how a DataLoader turns samples into a batch.

Follows torch's rules: tensors are stacked, NumPy arrays and scalars become tensors,
Python floats a float64 tensor, ints (and bools) a tensor of their kind, strings stay a
list, and containers (dicts, named tuples, sequences) are collated field by field."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, MutableMapping, MutableSequence, Sequence
from typing import Any

import numpy as np

from ..._creation import as_tensor, tensor
from ..._dtype import float64
from ..._tensor import Tensor
from ...ops.shape_copies import stack

__all__ = ["collate", "default_collate", "default_collate_fn_map", "default_convert"]

# NumPy dtype codes (bytes, unicode, object) that have no tensor counterpart.
_STRING_OR_OBJECT_DTYPE = re.compile(r"[SaUO]")
_ERROR = ("default_collate: batch must contain tensors, numpy arrays, numbers, "
          "dicts or lists; found {}")


def _collate_tensors(batch: Sequence[Tensor], **_: Any) -> Tensor:
    return stack(list(batch), 0)


def _collate_arrays(batch: Sequence[np.ndarray], *, collate_fn_map: dict) -> Any:
    if _STRING_OR_OBJECT_DTYPE.search(batch[0].dtype.str) is not None:
        raise TypeError(_ERROR.format(batch[0].dtype))
    return collate([as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def _collate_numpy_scalars(batch: Sequence[Any], **_: Any) -> Tensor:
    return as_tensor(list(batch))  # (torch's errors for a mixed batch, not NumPy's)


def _collate_floats(batch: Sequence[float], **_: Any) -> Tensor:
    return tensor(list(batch), dtype=float64)


def _collate_ints(batch: Sequence[int], **_: Any) -> Tensor:
    return tensor(list(batch))


def _collate_strings(batch: Sequence[Any], **_: Any) -> Sequence[Any]:
    return batch


default_collate_fn_map: dict[type | tuple[type, ...], Callable] = {
    Tensor: _collate_tensors,
    np.ndarray: _collate_arrays,
    (np.bool_, np.number, np.object_): _collate_numpy_scalars,
    float: _collate_floats,
    int: _collate_ints,
    str: _collate_strings,
    bytes: _collate_strings,
}


# torch keeps the container type of the samples: a copy of a mutable one with the new
# values put in (so subclasses keep their attributes), else the type built from the new
# values, else a plain dict or list when the type cannot be built that way.
def _rebuilt_mapping(original: Mapping, values: dict) -> Any:
    try:
        if isinstance(original, MutableMapping):
            clone = copy.copy(original)
            clone.update(values)
            return clone
        return type(original)(values)
    except TypeError:
        return values


def _rebuilt_sequence(original: Sequence, items: list) -> Any:
    try:
        if isinstance(original, MutableSequence):
            clone = copy.copy(original)
            for i, item in enumerate(items):
                clone[i] = item
            return clone
        return type(original)(items)
    except TypeError:
        return items


def _collate_mapping(batch: Sequence[Mapping], collate_fn_map: dict | None) -> Any:
    elem = batch[0]
    fields = {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map)
              for key in elem}
    return _rebuilt_mapping(elem, fields)


def _collate_sequence(batch: Sequence[Sequence], collate_fn_map: dict | None) -> Any:
    elem = batch[0]
    size = len(elem)
    if not all(len(item) == size for item in batch[1:]):
        raise RuntimeError("each element in list of batch should be of equal size")
    columns = [collate(c, collate_fn_map=collate_fn_map) for c in zip(*batch)]
    if isinstance(elem, tuple):
        return columns  # torch returns plain tuples' columns as a list
    return _rebuilt_sequence(elem, columns)


def collate(batch: Sequence[Any], *, collate_fn_map: dict | None = None) -> Any:
    """Collate ``batch`` using ``collate_fn_map`` (type -> function) for leaf types and
    torch's container rules for the rest."""
    elem = batch[0]
    elem_type = type(elem)
    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for kind, fn in collate_fn_map.items():
            if isinstance(elem, kind):
                return fn(batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, Mapping):
        return _collate_mapping(batch, collate_fn_map)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return elem_type(*(collate(s, collate_fn_map=collate_fn_map)
                           for s in zip(*batch)))
    if isinstance(elem, Sequence):
        return _collate_sequence(batch, collate_fn_map)
    raise TypeError(_ERROR.format(elem_type))


def default_collate(batch: Sequence[Any]) -> Any:
    """torch's default batching of a list of samples (see the module docstring)."""
    return collate(batch, collate_fn_map=default_collate_fn_map)


def default_convert(data: Any) -> Any:
    """Turn NumPy arrays and scalars inside ``data`` into tensors, leaving the rest; what
    a DataLoader does to samples when batching is disabled (``batch_size=None``)."""
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray) or isinstance(data, (np.bool_, np.number)):
        if isinstance(data, np.ndarray) and _STRING_OR_OBJECT_DTYPE.search(data.dtype.str):
            return data
        return as_tensor(data)
    if isinstance(data, Mapping):
        return _rebuilt_mapping(data, {key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, Sequence) and not isinstance(data, (str, bytes)):
        return _rebuilt_sequence(data, [default_convert(d) for d in data])
    return data
