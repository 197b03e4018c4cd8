"""Sorting and selection: sort, argsort, msort, topk, kthvalue, unique, searchsorted, bucketize.

The public functions find the order (or the groups) in NumPy; the ops then take the values
at those positions, so each op's gradient sends every output element's gradient back to
the element it came from: a scatter into zeros, as torch does. The scatter is an ember op,
so the gradient is itself differentiable (its own backward is a gather).

Ties: ember always sorts stably, so equal elements keep their order (in both directions)
and NaN counts as larger than every number, as in torch. torch promises that order only
with `stable=True`; without it, ties may come out in any order (on CPU, long inputs
really do come out differently). `topk` and `kthvalue` pick among equal elements by this
stable order too, where torch's selection algorithms may pick another of the equal ones:
the values agree, the indices of tied elements may not.
"""

from __future__ import annotations

import numpy as np

from .._batched_array import dynamic_shape, refuse_batched
from .._dispatch import _type_name, apply
from .._dtype import result_type, scalar_type_name
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, keep_versions
from . import _tie_order
from . import _xp as xp
from ._dims import wrap_dim
from ._registry import OPS, declare, public
from .return_types import _return_type, return_types

# torch.return_types.sort / topk / kthvalue, beside max, min and median (ops/return_types.py).
return_types.sort = _return_type("sort", ("values", "indices"))
return_types.topk = _return_type("topk", ("values", "indices"))
return_types.kthvalue = _return_type("kthvalue", ("values", "indices"))


def _check_tensor(function: str, value, name: str = "input", position: int = 1) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{function}(): argument '{name}' (position {position}) must be "
                        f"Tensor, not {type(value).__name__}")


def _int_arg(function: str, name: str, value, position: int | None = None) -> int:
    """An argument torch declares as `int`: Python or NumPy integers, never bools."""
    if isinstance(value, np.integer):
        value = int(value)
    elif isinstance(value, Tensor) and value._data.ndim == 0 and value._data.dtype.kind in "iu":
        value = int(value._data)  # (torch's parser reads a 0-d integer tensor as an int)
    if not isinstance(value, int) or isinstance(value, bool):
        where = f" (position {position})" if position else ""
        raise TypeError(f"{function}(): argument '{name}'{where} must be int, not "
                        f"{type(value).__name__}")
    return value


def _bool_arg(function: str, name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{function}(): argument '{name}' must be bool, not "
                        f"{type(value).__name__}")
    return bool(value)


# ====================================================================== ordering (NumPy)
def _stable_order(data: np.ndarray, dim: int, descending: bool) -> np.ndarray:
    """The int64 positions that sort `data` along `dim`, equal elements in their original
    order (also when descending); NaN sorts as the largest value."""
    if data.ndim == 0:
        return np.zeros((), np.int64)
    if not descending:
        return np.argsort(data, axis=dim, kind="stable").astype(np.int64, copy=False)
    # Sorting the reversed data stably and reversing the result puts equal elements back
    # in their original order; it works for every dtype (negating would not: bools,
    # unsigned integers) and keeps NaN first.
    size = data.shape[dim]
    order_of_reversed = np.argsort(np.flip(data, dim), axis=dim, kind="stable")
    # (subtracting from the flipped view writes a new array in C order: torch's results
    # never have negative strides, and `view` of one with them would fail)
    return np.subtract(size - 1, np.flip(order_of_reversed, dim), dtype=np.int64)


def _sort_order(data: np.ndarray, dim: int, descending: bool, stable) -> np.ndarray:
    """sort's positions: equal elements in their original order where `stable`, else where
    torch's (unstable) sort puts them (ops/_tie_order.py)."""
    order = _stable_order(data, dim, descending)
    return order if stable else _tie_order.sort_order(order, data, dim)


def _laid_out_like(result: np.ndarray, x: np.ndarray) -> np.ndarray:
    """`result` (of x's shape) in x's memory order, as torch's sort and argsort allocate
    their outputs (empty_like: a dense input's strides, transposed or permuted); C order
    for a C-ordered input or one that overlaps itself (expanded)."""
    if result.ndim < 2 or x.flags.c_contiguous or 0 in x.strides:
        return result
    out = np.empty_like(x, dtype=result.dtype)
    out[...] = result
    return out


# ====================================================================== the ops
def _scatter_back(g, shape: tuple, dim: int, indices: np.ndarray):
    """The gradient of values taken at `indices` along `dim`: zeros of the input's shape
    with each output gradient written back where its value came from (indices are
    distinct along dim, so writing equals adding)."""
    return xp.op("scatter", (xp.zeros(shape, like=g), g), dim, indices, tuple(g.shape))


def _take(x: np.ndarray, dim: int, indices: np.ndarray) -> np.ndarray:
    return x.copy() if x.ndim == 0 else np.take_along_axis(x, indices, axis=dim)


def _selection_op(name: str, grad_fn: str, formula: str, keeps_layout: bool):
    """sort / topk: the values of x at precomputed positions along one dim (in x's memory
    order where `keeps_layout`: sort's, not topk's)."""

    def forward(x, dim, indices, input_shape):
        values = _take(x, dim, indices)
        return _laid_out_like(values, x) if keeps_layout else values

    forward.__name__ = name
    op = declare(name, grad_fn=grad_fn, formula=formula, saves_params={1: (0,)})(forward)

    @op.backward
    def _(ctx, g):
        dim, indices, input_shape = ctx.params
        return (_scatter_back(g, input_shape, dim, indices),)

    op.tangent(_fw.linear)

    return op


_selection_op("sort", "SortBackward0", "d sort(x)_j/dx_i = 1 if element j came from i", True)
_selection_op("topk", "TopkBackward0", "d topk(x)_j/dx_i = 1 if element j came from i", False)


@declare("kthvalue", saves_params={2: (0,)}, grad_fn="KthvalueBackward0",
         formula="d kthvalue(x)/dx_i = 1 at the returned index, else 0")
def _kthvalue(x, dim, keepdim, indices, input_shape):
    if x.ndim == 0:
        return x.copy()
    kept = indices if keepdim else np.expand_dims(indices, dim)
    values = np.take_along_axis(x, kept, axis=dim)
    return values if keepdim else np.squeeze(values, dim)


@_kthvalue.backward
def _(ctx, g):
    dim, keepdim, indices, input_shape = ctx.params
    if not keepdim and input_shape:
        g = xp.unsqueeze(g, dim)
        indices = np.expand_dims(indices, dim)
    return (_scatter_back(g, input_shape, dim, indices),)


_kthvalue.tangent(_fw.linear)


@declare("argsort")
def _argsort(x, dim, descending, stable):
    return _laid_out_like(_sort_order(x, dim, descending, stable), x)


_NO_DERIVATIVE = "the derivative for '{}' is not implemented."


@declare("unique", grad_fn="Unique2Backward0",
         formula="not differentiable: torch raises in its backward too")
def _unique(x, first_positions):
    return x.reshape(-1)[first_positions]


@_unique.backward
def _(ctx, g):
    raise NotImplementedError(_NO_DERIVATIVE.format("_unique2"))


@declare("unique_dim", grad_fn="UniqueDimBackward0",
         formula="not differentiable: torch raises in its backward too")
def _unique_dim(x, dim, first_positions):
    return np.take(x, first_positions, axis=dim)


@_unique_dim.backward
def _(ctx, g):
    raise NotImplementedError(_NO_DERIVATIVE.format("unique_dim"))


@declare("searchsorted")
def _searchsorted(boundaries, values, side, sorter, index_dtype, common):
    # torch compares in the operands' common dtype (a 0-d int8 -3 beside uint8 boundaries
    # is 253)
    boundaries, values = boundaries.astype(common, copy=False), values.astype(common,
                                                                             copy=False)
    if sorter is not None:
        boundaries = np.take_along_axis(boundaries, sorter, axis=-1)
    if boundaries.ndim == 1:
        positions = np.searchsorted(boundaries, values, side=side)
    else:
        # One search per row: the leading dims of boundaries and values match.
        rows = boundaries.reshape(-1, boundaries.shape[-1])
        queries = values.reshape(rows.shape[0], -1)
        positions = np.stack([np.searchsorted(row, query, side=side)
                              for row, query in zip(rows, queries)]).reshape(values.shape)
    return np.asarray(positions, dtype=index_dtype)


# ====================================================================== public API
def _check_stable(function: str, stable) -> None:
    """`stable` must be a bool (or None: not stable)."""
    if stable is not None and not isinstance(stable, (bool, np.bool_)):
        raise TypeError(f"{function}(): argument 'stable' must be bool, not "
                        f"{type(stable).__name__}")


_NOT_GIVEN = object()


def _is_stable(stable) -> bool:
    return stable is not _NOT_GIVEN and stable is not None and bool(stable)


def _sort_args(function: str, input: Tensor, dim, descending, stable) -> tuple[int, bool]:
    _check_tensor(function, input)
    if stable is _NOT_GIVEN:
        stable = None
    d = wrap_dim(_int_arg(function, "dim", dim), input._data.ndim)
    _check_stable(function, stable)
    return d, _bool_arg(function, "descending", descending)


def _keywords_with_stable(function: str, positional: tuple, dim, descending,
                          stable) -> tuple:
    """dim and descending from torch's two signatures: `(input, dim=-1, descending=False)`
    and `(input, *, stable, dim=-1, descending=False)`: given `stable`, both are keywords."""
    if not positional:
        return dim, descending
    if stable is not _NOT_GIVEN or len(positional) > 2:
        given = ", ".join(["Tensor", *(type(p).__name__ for p in positional)]
                          + ([] if stable is _NOT_GIVEN else ["stable=" + type(stable).__name__]))
        raise TypeError(f"{function}() received an invalid combination of arguments - got "
                        f"({given}), but expected one of: (Tensor input, *, bool stable, int "
                        f"dim = -1, bool descending = False) or (Tensor input, int dim = -1, "
                        f"bool descending = False)")
    return positional[0], positional[1] if len(positional) == 2 else descending


@public()
def sort(input: Tensor, *positional, dim: int = -1, descending: bool = False,
         stable: bool | None = _NOT_GIVEN):
    """(values, indices) sorting `input` along `dim`; NaN counts as the largest value.
    `dim` and `descending` may be given by position unless `stable` is given (torch).

    Equal elements keep their original order with stable=True; otherwise they go where
    torch's unstable sort puts them (ops/_tie_order.py). The gradient goes back to the
    position each value came from.
    """
    history_first(input)
    dim, descending = _keywords_with_stable("sort", positional, dim, descending, stable)
    d, descending = _sort_args("sort", input, dim, descending, stable)
    indices = _laid_out_like(_sort_order(input._data, d, descending, _is_stable(stable)),
                             input._data)
    values = apply(OPS["sort"], (input,), (d, indices, input._data.shape))
    # The node keeps `indices` for its backward: hand the caller a copy, whose version the
    # backward checks as torch's (it saves the indices it returns)
    returned = Tensor(indices.copy(order="K"))
    return return_types.sort((keep_versions(values, returned), returned))


@public()
def argsort(input: Tensor, *positional, dim: int = -1, descending: bool = False,
            stable: bool | None = _NOT_GIVEN) -> Tensor:
    """The indices that sort `input` along `dim` (the `indices` of `sort`)."""
    dim, descending = _keywords_with_stable("argsort", positional, dim, descending, stable)
    history_first(input)  # (torch's argsort is sort's indices: sort reads the history)
    d, descending = _sort_args("argsort", input, dim, descending, stable)
    if input._requires_grad and input._data.dtype.kind not in "fc" and is_grad_enabled():
        # torch's argsort is sort's indices: sort records, and refuses an integer tensor
        # that came to require grad (i.masked_fill_(m, w))
        raise RuntimeError(f"Autograd not support dtype: {_type_name(input._data.dtype)}")
    return apply(OPS["argsort"], (input,), (d, descending, _is_stable(stable)))


@public()
def msort(input: Tensor) -> Tensor:
    """`input` sorted along its first dim (the values of `sort(input, dim=0)`)."""
    _check_tensor("msort", input)
    return sort(input, dim=0).values


@public()
def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True,
         sorted: bool = True):
    """(values, indices) of the k largest (or, with largest=False, smallest) elements along
    `dim`; equal elements, and with sorted=False the order, as torch's kernel leaves them
    (ops/_tie_order.py)."""
    history_first(input)
    _check_tensor("topk", input)
    k = _int_arg("topk", "k", k, 2)
    data = input._data
    d = wrap_dim(_int_arg("topk", "dim", dim), data.ndim)
    largest = _bool_arg("topk", "largest", largest)
    sorted = _bool_arg("topk", "sorted", sorted)
    if data.dtype == np.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    size = data.shape[d] if data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    indices = _tie_order.topk_order(_stable_order(data, d, descending=largest), data, d, k,
                                    sorted)
    values = apply(OPS["topk"], (input,), (d, indices, data.shape))
    returned = Tensor(indices.copy())
    return return_types.topk((keep_versions(values, returned), returned))


@public()
def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False):
    """(values, indices) of the k-th smallest element (k counts from 1) along `dim`."""
    history_first(input)
    _check_tensor("kthvalue", input)
    k = _int_arg("kthvalue", "k", k, 2)
    data = input._data
    d = wrap_dim(_int_arg("kthvalue", "dim", dim), data.ndim)
    keepdim = _bool_arg("kthvalue", "keepdim", keepdim)
    size = data.shape[d] if data.ndim else 1
    if size == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {d} to have non-zero size.")
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    if data.dtype == np.bool_ and data.ndim:  # (torch copies a 0-d input without its kernel)
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    indices = _tie_order.kthvalue_positions(_stable_order(data, d, descending=False), data,
                                            d, k)
    if keepdim and data.ndim:
        indices = np.expand_dims(indices, d)
    values = apply(OPS["kthvalue"], (input,), (d, keepdim, indices, data.shape))
    returned = Tensor(np.array(indices, np.int64))
    return return_types.kthvalue((keep_versions(values, returned), returned))


# ---------------------------------------------------------------------- unique
def _unique_groups(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group equal rows of a 2-d array, in sorted order.

    Returns, per group, the position of its first row (in input order: the sort is
    stable), the group of every row (the inverse), and the size of each group. NaN never
    equals NaN, so every NaN is a group of its own, as in torch.
    """
    count = rows.shape[0]
    if count == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    if rows.shape[1] == 1:
        order = np.argsort(rows[:, 0], kind="stable")
    else:
        order = np.lexsort(rows.T[::-1])  # stable; the first column is the primary key
    ordered = rows[order]
    starts_group = np.ones(count, np.bool_)
    starts_group[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    inverse = np.empty(count, np.int64)
    inverse[order] = np.cumsum(starts_group) - 1
    starts = np.flatnonzero(starts_group)
    counts = np.diff(np.append(starts, count)).astype(np.int64)
    return order[starts].astype(np.int64), inverse, counts


def _unique_dim_rows(data: np.ndarray, dim) -> tuple[int, np.ndarray]:
    """`dim` checked as torch's unique_dim does, and the slices along it as rows."""
    dim = _int_arg("unique_dim", "dim", dim, 2)
    if data.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = wrap_dim(dim, data.ndim)
    zero_dims = [axis for axis, size in enumerate(data.shape) if size == 0]
    if len(zero_dims) > 1:
        raise RuntimeError("Number of zero sized dimensions is more than one, so unique "
                           "cannot be applied ")
    if zero_dims and zero_dims[0] != d:
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so "
                           "unique cannot be applied")
    slice_size = data.size // data.shape[d] if data.shape[d] else 0
    return d, np.moveaxis(data, d, 0).reshape(data.shape[d], slice_size)


@public()
def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False,
           return_counts: bool = False, dim: int | None = None):
    """The distinct elements of `input` (flattened), or its distinct slices along `dim`,
    in ascending order; with return_inverse / return_counts, a tuple that adds where each
    element went and how often each distinct value occurs.

    The result is sorted also with sorted=False, as torch's CPU implementation does.
    Not differentiable: as in torch, the result records a node whose backward raises.
    """
    refuse_batched(dynamic_shape("_unique2" if dim is None else "unique_dim"), input)
    _check_tensor("unique", input)
    data = input._data
    if dim is None:
        first, inverse, counts = _unique_groups(data.reshape(-1, 1))
        values = apply(OPS["unique"], (input,), (first,))
        inverse = inverse.reshape(data.shape)
    else:
        d, rows = _unique_dim_rows(data, dim)
        first, inverse, counts = _unique_groups(rows)
        values = apply(OPS["unique_dim"], (input,), (d, first))
    extras = []
    if return_inverse:
        extras.append(Tensor(inverse))
    if return_counts:
        extras.append(Tensor(counts))
    return (values, *extras) if extras else values


# ---------------------------------------------------------------------- searchsorted
def _side(right: bool, side: str | None) -> str:
    if side is None:
        return "right" if right else "left"
    if side not in ("left", "right"):
        raise RuntimeError(
            f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
    if right and side == "left":
        raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, "
                           "got side of left while right was True")
    return side


def _check_boundaries(boundaries: np.ndarray, values: np.ndarray) -> None:
    if boundaries.ndim == 1:
        return
    if values.ndim == 0:
        raise RuntimeError(
            "torch.searchsorted(): input value can be a scalar only when boundaries tensor "
            f"dimension is 1, but we got boundaries tensor dim({boundaries.ndim}) and input "
            f"value's dim({values.ndim}) numel({values.size})")
    if boundaries.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive "
                           "dimension, but got 0 dimension")
    if boundaries.shape[:-1] != values.shape[:-1]:
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
            "dimensions of boundaries tensor and input value tensor must match, but we got "
            f"boundaries tensor {list(boundaries.shape)} and input value tensor "
            f"{list(values.shape)}")


def _sorter_array(sorter, boundaries: np.ndarray) -> np.ndarray | None:
    if sorter is None:
        return None
    _check_tensor("searchsorted", sorter, "sorter", 5)
    array = sorter._data
    if array.dtype != np.int64:
        raise RuntimeError("torch.searchsorted(): sorter must be a tensor of long dtype but "
                           f"got dtype {scalar_type_name(array.dtype.name)}")
    if array.shape != boundaries.shape:
        raise RuntimeError(
            "torch.searchsorted(): boundary and sorter must have the same size, but got "
            f"boundary tensor {list(boundaries.shape)}and got sorter tensor "
            f"{list(array.shape)}")
    if array.size and (array.min() < 0 or array.max() >= boundaries.shape[-1]):
        raise RuntimeError("torch.searchsorted(): sorter index out of range")
    return array


@public(method=False)
def searchsorted(sorted_sequence: Tensor, input, *, out_int32: bool = False,
                 right: bool = False, side: str | None = None, sorter: Tensor | None = None
                 ) -> Tensor:
    """Where each value of `input` would go in `sorted_sequence` (along its last dim) to
    keep it sorted: before equal elements (side='left') or after them (side='right').

    `sorted_sequence` is 1-d, or has the leading dims of `input`, one sorted row each;
    `input` may be a number. `sorter` gives the order of an unsorted sequence.
    """
    _check_tensor("searchsorted", sorted_sequence, "sorted_sequence", 1)
    if not isinstance(input, Tensor):
        if not isinstance(input, (int, float, np.number, np.bool_)):
            raise TypeError("searchsorted(): argument 'input' (position 2) must be Tensor or "
                            f"a number, not {type(input).__name__}")
        input = Tensor(np.asarray(input))
    boundaries = sorted_sequence._data
    if boundaries.dtype == np.bool_ and input._data.dtype == np.bool_ and input._data.size:
        # (no values to look up: torch returns the empty result without its kernel)
        raise NotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    _check_boundaries(boundaries, input._data)
    params = (_side(right, side), _sorter_array(sorter, boundaries),
              np.int32 if out_int32 else np.int64,
              result_type(sorted_sequence, input).numpy)
    _warn_non_contiguous(input, sorted_sequence, sorter)
    return apply(OPS["searchsorted"], (sorted_sequence, input), params)


def _warn_non_contiguous(input: Tensor, boundaries: Tensor, sorter: Tensor | None) -> None:
    """torch's once-per-process warnings that its kernel copies a non-contiguous operand
    (bucketize's too: it is searchsorted underneath)."""
    for key, tensor in (("input value", input), ("boundary", boundaries), ("sorter", sorter)):
        if tensor is not None and not tensor.is_contiguous():
            warn_once(f"searchsorted {key}",
                      f"torch.searchsorted(): {key} tensor is non-contiguous, this will lower "
                      "the performance due to extra data copy when converting non-contiguous "
                      f"tensor to contiguous, please use contiguous {key} tensor if possible. "
                      "This message will only appear once per program.")


@public(method=False)
def bucketize(input, boundaries: Tensor, *, out_int32: bool = False,
              right: bool = False) -> Tensor:
    """The bucket of each element of `input` among the sorted 1-d `boundaries`:
    i with boundaries[i-1] < x <= boundaries[i] (with right=True: <= x <)."""
    _check_tensor("bucketize", boundaries, "boundaries", 2)
    if boundaries._data.ndim != 1:
        raise RuntimeError(
            f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
