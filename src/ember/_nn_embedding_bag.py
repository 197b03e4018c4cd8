"""torch.embedding_bag: ATen's form of F.embedding_bag (the weight first, the mode as an int,
offsets required), which returns the bag values with the three bookkeeping tensors torch's
kernel makes for its backward: offset2bag (each index's bag), bag_size (each bag's count of
indices other than padding_idx) and max_indices (max mode: the row each feature's maximum
came from).

The values and their gradient are F.embedding_bag's; the bookkeeping is computed here from
the indices as torch lays it out: integers of the indices' and offsets' promoted dtype,
offset2bag empty in sum mode without padding_idx, bag_size and max_indices zeros in sum
mode, max_indices a copy of bag_size in mean mode, and 0 for a bag without rows.
"""

from __future__ import annotations

import numpy as np

from ._arguments import not_a_tensor, type_name
from ._dtype import promote_types
from ._tensor import Tensor
from .nn import functional as F

__all__ = ["embedding_bag"]

_MODES = ("sum", "mean", "max")
_SIGNATURES = (
    " * (Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq, int mode, "
    "bool sparse, Tensor per_sample_weights, bool include_last_offset, int padding_idx)\n"
    " * (Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq = False, "
    "int mode = 0, bool sparse = False, Tensor per_sample_weights = None, "
    "bool include_last_offset = False)\n")


_PARAMETERS = ("weight", "indices", "offsets", "scale_grad_by_freq", "mode", "sparse",
               "per_sample_weights", "include_last_offset")
_DEFAULTS = {"scale_grad_by_freq": False, "mode": 0, "sparse": False,
             "per_sample_weights": None, "include_last_offset": False}


def embedding_bag(*args, **kwargs) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0,
    sparse=False, per_sample_weights=None, include_last_offset=False[, padding_idx]):
    (bag values, offset2bag, bag_size, max_indices). padding_idx is positional only, as in
    torch (its overload with padding_idx has no defaults)."""
    if len(args) > len(_PARAMETERS) + 1 or len(args) + len(kwargs) < 3:
        got = ", ".join("Tensor" if isinstance(a, Tensor) else type_name(a) for a in args)
        raise TypeError("embedding_bag() received an invalid combination of arguments - got "
                        f"({got}), but expected one of:\n{_SIGNATURES}")
    given = dict(zip(_PARAMETERS, args))
    for name, value in kwargs.items():
        if name not in _PARAMETERS:
            raise TypeError(f"embedding_bag() got an unexpected keyword argument '{name}'")
        given[name] = value
    for position, name in enumerate(("weight", "indices", "offsets"), 1):
        if not isinstance(given.get(name), Tensor):
            raise not_a_tensor("embedding_bag", name, position, given.get(name))
    values = {**_DEFAULTS, **given}
    mode = values["mode"]
    if type(mode) is not int:
        where = " (position 5)" if len(args) >= 5 else ""
        raise TypeError(f"embedding_bag(): argument 'mode'{where} must be int, not "
                        f"{type_name(mode)}")
    if not 0 <= mode <= 2:
        raise RuntimeError("`mode` must be sum, mean, or max.")
    weight, indices, offsets = values["weight"], values["indices"], values["offsets"]
    per_sample_weights = values["per_sample_weights"]
    include_last_offset = values["include_last_offset"]
    if per_sample_weights is not None and mode != 0:
        raise RuntimeError("embedding_bag: per_sample_weights only supported with mode='sum'")
    if indices.ndim != 1:
        raise NotImplementedError("torch.embedding_bag with indices of other than one dim "
                                  "is not implemented in ember; use F.embedding_bag")
    padding = args[8] if len(args) > 8 else None
    bags = F.embedding_bag(indices, weight, offsets, mode=_MODES[mode],
                           per_sample_weights=per_sample_weights,
                           include_last_offset=include_last_offset, padding_idx=padding,
                           scale_grad_by_freq=values["scale_grad_by_freq"],
                           sparse=values["sparse"])
    return (bags, *_bookkeeping(weight, indices, offsets, mode, include_last_offset,
                                  padding))


def _bookkeeping(weight: Tensor, indices: Tensor, offsets: Tensor, mode: int,
                 include_last_offset: bool, padding: int | None) -> tuple[Tensor, ...]:
    dtype = promote_types(indices.dtype, offsets.dtype).numpy
    rows = indices._data.astype(np.intp)
    starts = offsets._data.astype(np.intp)
    n_bags = len(starts) - 1 if include_last_offset else len(starts)
    # each index's bag: the last offset at or before it (so empty bags are skipped, and
    # indices after a last offset get its number, as in torch)
    bag_of = np.searchsorted(starts, np.arange(len(rows)), side="right") - 1
    if padding is not None and padding < 0:
        padding += weight.shape[0]
    kept = rows != padding if padding is not None else np.ones(len(rows), bool)
    sizes = np.bincount(bag_of[kept], minlength=n_bags)[:n_bags]
    offset2bag = (np.zeros(0, dtype) if mode == 0 and padding is None
                  else bag_of.astype(dtype))
    if mode == 0:
        bag_size = max_indices = np.zeros(n_bags, dtype)
    elif mode == 1:
        bag_size = sizes.astype(dtype)
        max_indices = bag_size.copy()
    else:
        bag_size = sizes.astype(dtype)
        max_indices = _max_rows(weight._data, rows, bag_of, kept, n_bags).astype(dtype)
    return Tensor(offset2bag), Tensor(bag_size), Tensor(max_indices.copy())


def _max_rows(table: np.ndarray, rows: np.ndarray, bag_of: np.ndarray, kept: np.ndarray,
              n_bags: int) -> np.ndarray:
    """Per bag and feature, the row of the table whose value was the bag's maximum (the
    first such index of the bag), 0 for a bag without rows."""
    out = np.zeros((n_bags, table.shape[1]), np.int64)
    for bag in range(n_bags):
        members = rows[(bag_of == bag) & kept]
        if members.size:
            out[bag] = members[np.argmax(table[members], axis=0)]
    return out
