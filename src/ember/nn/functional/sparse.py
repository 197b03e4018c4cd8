"""Class indices as vectors and rows: one_hot, embedding, embedding_bag."""

from __future__ import annotations

import numpy as np

from ..._arguments import called_first
from ..._batched_array import is_batched, running_calls
from ..._creation import arange, empty, zeros
from ..._dtype import int64, promote_types, scalar_type_name
from ..._tensor import Tensor
from ...autograd.node import keep_versions
from ...ops._registry import OPS
from ...ops.nn_sparse import embedding as _embedding
from ...ops.nn_sparse import embedding_bag as _embedding_bag

__all__ = ["one_hot", "embedding", "embedding_bag"]


def one_hot(input: Tensor, num_classes: int = -1) -> Tensor:
    """An int64 tensor of shape input.shape + (num_classes,), with a 1 at each index.

    num_classes=-1 means one more than the largest index. Indices must be int64,
    non-negative and smaller than num_classes.
    """
    if not isinstance(input, Tensor):
        raise TypeError("one_hot(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input.dtype != int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if input.numel() == 0:
        if num_classes <= 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        return empty((*input.shape, num_classes), dtype=int64)
    if running_calls and is_batched(input._data):
        # torch's vmap batching rule: no range checks (that would read values), an index
        # outside [0, num_classes) gives a row of zeros
        if num_classes <= 0:
            raise RuntimeError("When vmap-ing torch.nn.functional.one_hot, please provide an "
                               "explicit positive num_classes argument.")
        return (input.unsqueeze(-1) == arange(num_classes)).long()
    if input.min().item() < 0:
        raise RuntimeError("Class values must be non-negative.")
    largest = input.max().item()
    if num_classes == -1:
        num_classes = largest + 1
    elif num_classes <= largest:
        raise RuntimeError("Class values must be smaller than num_classes.")
    result = zeros((*input.shape, num_classes), dtype=int64)
    return result.scatter_(-1, input.unsqueeze(-1), 1)


# the dtypes with a legacy tensor type (torch.FloatTensor...); torch's C++ names others by
# their backend and scalar type (CPUBoolType)
_LEGACY = frozenset({"uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"})


def _type_string(dtype: np.dtype) -> str:
    """A CPU tensor's type as torch's checks of argument dtypes name it."""
    name = scalar_type_name(str(dtype))
    return f"torch.{name}Tensor" if str(dtype) in _LEGACY else f"CPU{name}Type"


def _check_indices(indices: Tensor, function: str, dtype: np.dtype | None = None) -> np.ndarray:
    """indices' array, refused unless of an integer dtype (`dtype`: the one torch checks,
    where it first promotes the indices with the offsets)."""
    data = indices._data
    dtype = data.dtype if dtype is None else dtype
    if dtype not in (np.int64, np.int32):
        number = 2 if function == "embedding_renorm_" else 1
        raise RuntimeError(f"Expected tensor for argument #{number} 'indices' to have one of "
                           f"the following scalar types: Long, Int; but got "
                           f"{_type_string(dtype)} instead (while checking arguments for "
                           f"{function})")
    return data


def _check_in_range(data: np.ndarray, num_weights: int) -> None:
    if data.size and (data.min() < 0 or data.max() >= num_weights):
        raise IndexError("index out of range in self")


def _padding_index(padding_idx: int | None, num_weights: int, bag: bool = False) -> int | None:
    """padding_idx as a row number (a negative one counts from the end)."""
    if padding_idx is None:
        return None
    if not -num_weights <= padding_idx < num_weights:
        if bag:  # (torch's embedding_bag kernel checks it, embedding's Python wrapper)
            raise RuntimeError(f"padding_idx must be within the number of embeddings, "
                               f"-{num_weights} through {num_weights - 1}, but got "
                               f"{padding_idx}")
        raise AssertionError("Padding_idx must be within num_embeddings")
    return padding_idx % num_weights


def renorm_rows_(weight: Tensor, indices: np.ndarray, max_norm: float,
                 norm_type: float) -> None:
    """Rescale, in place and outside the graph, each looked-up row of weight whose
    norm_type-norm exceeds max_norm to a norm of max_norm (torch's embedding_renorm_)."""
    data = weight._data
    rows = np.unique(indices)
    if not rows.size:
        return
    for row in (rows[0], rows[-1]):
        if not -data.shape[0] <= row < data.shape[0]:
            raise IndexError(f"select(): index {row} out of range for tensor of size "
                             f"{list(data.shape)} at dimension 0")
    rows = rows % data.shape[0]  # torch's renorm selects rows, so -1 is the last
    # torch takes each row's norm in the row's dtype (float16 accumulated in float32 and
    # rounded), the scale max_norm / (norm + 1e-7) in double, rounds it to the row's dtype
    # (row *= scale) and multiplies in float32 for float16, rounding once (equal to
    # torch's on 300 random float16 rows; in double the last bit differed in 2 of 3)
    norms = np.asarray(OPS["norm"].forward(data[rows], float(norm_type), (1,), False),
                       np.float64)
    too_long = norms > max_norm
    if too_long.any():
        scales = max_norm / (norms[too_long] + 1e-7)
        chosen = rows[too_long]
        wide = np.float64 if data.dtype == np.float64 else np.float32
        data[chosen] = (data[chosen].astype(wide)
                        * scales[:, None].astype(data.dtype).astype(wide)).astype(data.dtype)
        weight._version_counter[0] += 1


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """weight's rows at the indices of input: a tensor of shape input.shape + (D,).

    The row at padding_idx gets no gradient; max_norm first rescales, in place, the rows
    looked up whose norm exceeds it; scale_grad_by_freq divides each row's gradient by the
    row's count in the batch.
    """
    for name, position, value in (("weight", 1, weight), ("indices", 2, input)):
        if not isinstance(value, Tensor):  # (torch.embedding(weight, indices) checks these)
            raise TypeError(f"embedding(): argument '{name}' (position {position}) must be "
                            f"Tensor, not {type(value).__name__}")
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    num_weights = weight.shape[0]
    padding_idx = _padding_index(padding_idx, num_weights)
    # (with max_norm torch's embedding_renorm_ meets the indices first)
    data = _check_indices(input, "embedding" if max_norm is None else "embedding_renorm_")
    if sparse:
        raise NotImplementedError("embedding with sparse=True (sparse gradients) is not "
                                  "implemented in ember; use sparse=False")
    if max_norm is not None:
        renorm_rows_(weight, data, max_norm, norm_type)
    _check_in_range(data, num_weights)
    return _embedding(weight, input, padding_idx, scale_grad_by_freq)


def _type_text(value: object) -> str:
    """type(value) as torch's messages print it (ember's Tensor is torch.Tensor there)."""
    return "<class 'torch.Tensor'>" if isinstance(value, Tensor) else str(type(value))


def _check_bag_indices(indices: np.ndarray, num_weights: int) -> None:
    bad = np.flatnonzero((indices < 0) | (indices >= num_weights))
    if bad.size:
        k = int(bad[0])
        raise RuntimeError(f"Index {k} of input takes value {int(indices[k])} which is not in "
                           f"the valid range [0, {num_weights})")


def _check_bag_shapes(input: Tensor, offsets: Tensor | None) -> None:
    """embedding_bag's checks of the input's and offsets' dims (torch's Python ones, made
    before max_norm's renorm)."""
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is "
                             "treated is a mini-batch of fixed length sequences. However, "
                             f"found offsets of type {_type_text(offsets)}")
        if input._data.dtype == np.bool_:
            # (torch's Python code makes the offsets with arange in the input's dtype)
            raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
        return
    if input.ndim != 1:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{input.ndim}")
    if offsets is None:
        raise ValueError("offsets has to be a 1D Tensor but got None")
    if offsets.ndim != 1:
        raise ValueError(f"offsets has to be a 1D Tensor, but got Tensor of dimension "
                         f"{offsets.ndim}")


def _bags(input: Tensor, offsets: Tensor | None, include_last_offset: bool, mode: str):
    """(flat indices, the bag of each, number of bags) for a 2-D input (one bag per row) or
    a 1-D input cut at offsets."""
    _check_bag_shapes(input, offsets)
    dtype = None
    if offsets is not None:  # (torch's kernel promotes indices and offsets to one dtype)
        dtype = promote_types(input.dtype, offsets.dtype).numpy
    data = _check_indices(input, "embedding_bag", dtype)
    if input.ndim == 2:
        n_bags, length = data.shape
        return data.reshape(-1), np.repeat(np.arange(n_bags), length), n_bags
    starts = offsets._data.astype(np.int64)
    n = data.shape[0]
    if starts.size and starts[-1] > n:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {n} but got "
                           f"offsets[-1] of {starts[-1]}")
    if include_last_offset:
        ends = starts[1:]
        starts = starts[:-1]
        if ends.size and ends[-1] < n and mode != "sum":
            # torch sums only up to the last offset but counts (mean) or searches (max) the
            # last bag up to the input's end; its documentation asks for offsets[-1] == n
            raise NotImplementedError(
                f"embedding_bag with include_last_offset=True and mode='{mode}' where the "
                "last offset is less than the number of indices is not implemented in ember")
    else:
        ends = np.append(starts[1:], n)
    if starts.size and starts[0] != 0:
        raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the "
                           f"mini-batch has to start from position 0. However, got "
                           f"{starts[0]}\n[ torch.LongTensor{{}} ]")
    # indices after the last offset (include_last_offset) belong to no bag: -1, dropped
    bags = np.full(n, -1, np.int64)
    for b, (start, end) in enumerate(zip(starts, ends)):
        bags[start:end] = b
    return data, bags, len(starts)


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None,
                  max_norm: float | None = None, norm_type: float = 2,
                  scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights: Tensor | None = None, include_last_offset: bool = False,
                  padding_idx: int | None = None) -> Tensor:
    """Per bag (a row of a 2-D input, or a slice of a 1-D input between offsets), the sum,
    mean or max of weight's rows at its indices; an empty bag gives zeros."""
    # (in torch's order: its Python checks, then its kernel's)
    if weight.ndim != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension "
                         f"{weight.ndim}")
    if per_sample_weights is not None and tuple(per_sample_weights.shape) != tuple(
            input.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape})"
                         f" is not None, then it must have the same shape as the input "
                         f"({input.shape})")
    called_first(input, "dim", "embedding_bag")  # (torch's Python code: input.dim())
    _check_bag_shapes(input, offsets)
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature "
            "request on GitHub.")
    if weight._data.dtype.kind != "f":
        name = scalar_type_name(str(weight._data.dtype))
        raise RuntimeError("Expected tensor for argument #1 'weight' to have one of the "
                           "following scalar types: Half, BFloat16, Float, Double; but got "
                           f"torch.{name}Tensor instead (while checking arguments for "
                           "embedding_bag)")
    if sparse:
        raise NotImplementedError("embedding_bag with sparse=True (sparse gradients) is not "
                                  "implemented in ember; use sparse=False")
    num_weights = weight.shape[0]
    if max_norm is not None:  # (torch renorms before its kernel checks anything more)
        renorm_rows_(weight, _check_indices(input, "embedding_renorm_").reshape(-1),
                     max_norm, norm_type)
    padding_idx = _padding_index(padding_idx, num_weights, bag=True)
    indices, bags, n_bags = _bags(input, offsets, include_last_offset, mode)
    _check_bag_indices(indices, num_weights)
    if per_sample_weights is not None and per_sample_weights.ndim == 2:
        # (as torch: flattened with 2-d input only, so a 1-d one's gradient has no view)
        per_sample_weights = per_sample_weights.reshape(-1)
    # (torch saves the indices and offsets: a write into them refuses the backward)
    return keep_versions(_embedding_bag(weight, indices.reshape(-1), bags, n_bags, mode,
                                        per_sample_weights, padding_idx,
                                        scale_grad_by_freq), input.reshape(-1),
                         offsets)
