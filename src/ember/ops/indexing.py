"""Indexing: `x[index]`, `x[index] = value`, and gather/scatter, index_select/index_add,
masked_fill/masked_select, take.

An index is read as torch reads it. Its *basic* parts (ints, slices, None, Ellipsis) become
a chain of view ops (select, slice, unsqueeze), as in torch's graphs (`m[0, 1]` is
SelectBackward0 <- SelectBackward0). Its *advanced* parts (integer and boolean tensors,
lists, arrays) are then applied by one `index` op (IndexBackward0) with NumPy's rules for
where the indexed dims go. The gradient of `index` scatter-adds (`np.add.at`), so repeated
indices accumulate, and that backward is an op too, whose own backward is indexing again.

`x[index] = value` writes into x's memory through `call_inplace` with an out-of-place op
(CopySlices for basic indices, IndexPutBackward0 for advanced ones, FillBackward3 or
CopyBackwards for the whole tensor, as torch names them). When x is itself a view, the
write is recorded on its base instead (`shape.inplace_on_view`).
"""

from __future__ import annotations

import warnings

import numpy as np

from .._dispatch import apply, call_inplace
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ._dims import wrap_dim
from ._registry import OPS, declare, public
from ._registry import needs_grad as _needs
from .shape import _view_apply, expanded_shape, inplace_on_view, slice_dim

# ---------------------------------------------------------------------- reading an index
# What each part of an index is. Basic parts become view ops; advanced parts go to `index`.
_NONE, _ELLIPSIS, _INT, _SLICE, _BOOL, _MASK, _ARRAY = range(7)

_BAD_INDEX = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
              "are valid indices (got {})")
_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be "
    "changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will "
    "be interpreted as tensor index, x[torch.tensor(seq)], which will result either in an "
    "error or a different result"
)


def _index_items(index) -> tuple:
    """The parts of an index: a tuple's items, or the index itself as the only part."""
    if type(index) is tuple:
        return index
    if isinstance(index, list) and len(index) < 32 and any(
            item is None or item is Ellipsis or isinstance(item, (slice, list, tuple, Tensor))
            for item in index):
        # torch still reads x[[0, slice(None)]] as x[0, :] (with a deprecation warning).
        warnings.warn(_SEQUENCE_AS_TUPLE, UserWarning, stacklevel=4)
        return tuple(index)
    return (index,)


def _array_part(array: np.ndarray, from_tensor: bool):
    """(kind, value) of an index given as an array of values."""
    kind = array.dtype.kind
    if kind == "b" or (from_tensor and array.dtype == np.uint8):
        if array.dtype == np.uint8:
            warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a "
                          "dtype torch.bool instead.", UserWarning, stacklevel=5)
            array = array.astype(bool)
        return (_BOOL, bool(array)) if array.ndim == 0 else (_MASK, array)
    if kind in "iu":
        if array.ndim == 0:
            return _INT, int(array)  # a 0-d integer tensor selects, as an int does
        return _ARRAY, array.astype(np.int64, copy=False)
    raise IndexError("tensors used as indices must be long, int, byte or bool tensors")


def _sequence_part(items) -> tuple:
    """(kind, value) of an index given as a list, tuple or range of numbers."""
    array = np.asarray(list(items))
    if array.size == 0:
        return _ARRAY, np.zeros(array.shape, np.int64)
    if array.dtype.kind == "f":
        array = array.astype(np.int64)  # torch reads x[[1.0]] as x[[1]]
    if array.dtype.kind not in "biu":
        raise IndexError(_BAD_INDEX.format(type(items).__name__))
    return _array_part(array, from_tensor=False)


def _part(item) -> tuple:
    """Classify one part of an index as (kind, value)."""
    if item is None:
        return _NONE, None
    if item is Ellipsis:
        return _ELLIPSIS, None
    if isinstance(item, (bool, np.bool_)):
        return _BOOL, bool(item)
    if isinstance(item, (int, np.integer)):
        return _INT, int(item)
    if isinstance(item, slice):
        return _SLICE, item
    if isinstance(item, Tensor):
        return _array_part(item._data, from_tensor=True)
    if isinstance(item, np.ndarray):
        return _array_part(item, from_tensor=True)
    if isinstance(item, (list, tuple, range)):
        return _sequence_part(item)
    if isinstance(item, str):
        raise TypeError("new(): invalid data type 'str'")  # torch tried to make a tensor
    raise IndexError(_BAD_INDEX.format(type(item).__name__))


def _slice_bounds(item: slice, size: int) -> tuple[int, int, int]:
    step = 1 if item.step is None else item.step.__index__()
    if step == 0:
        raise ValueError("slice step cannot be zero")
    if step < 0:
        raise ValueError("step must be greater than zero")
    start, stop, _ = slice(item.start, item.stop, step).indices(size)
    return start, max(stop, start), step


def _spans_everything(item: slice, size: int) -> bool:
    """Whether torch skips this slice: it must start at 0 (not -size) and step by 1."""
    start = 0 if item.start is None else item.start.__index__()
    stop = None if item.stop is None else item.stop.__index__()
    return start == 0 and (stop is None or stop >= size) and item.step in (None, 1)


class IndexPlan:
    """An index resolved against a shape.

    steps:    the basic parts as view ops, in order: ("unsqueeze", dim),
              ("select", dim, i) or ("slice", dim, start, stop, step); each dim refers to
              the tensor as the previous steps left it.
    advanced: the NumPy index (slice(None) or an int64 array per dim) applied after the
              steps, or None when the index has no advanced part.
    """

    __slots__ = ("steps", "advanced", "writes_nothing")

    def __init__(self, steps: list, advanced: tuple | None, writes_nothing: bool = False
                 ) -> None:
        self.steps = steps
        self.advanced = advanced
        self.writes_nothing = writes_nothing  # x[False] = v: torch leaves x untouched

    @property
    def whole(self) -> bool:
        """Whether the index designates the whole tensor (x[...], x[:, :])."""
        return not self.steps and self.advanced is None


def _too_many(parts: list, ndim: int) -> IndexError:
    if ndim == 0:
        kind = next(k for k, _ in parts if k in (_INT, _SLICE, _ARRAY, _MASK))
        if kind == _INT:
            return IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        if kind == _SLICE:
            return IndexError("slice() cannot be applied to a 0-dim tensor.")
    return IndexError(f"too many indices for tensor of dimension {ndim}")


def plan_index(shape: tuple, index, *, for_write: bool = False) -> IndexPlan:
    """Resolve `index` against a tensor of `shape` (see IndexPlan); raise torch's errors."""
    items = _index_items(index)
    parts = [_part(item) for item in items]
    consumed = 0
    for kind, value in parts:
        if kind in (_INT, _SLICE, _ARRAY):
            consumed += 1
        elif kind == _MASK:
            consumed += value.ndim
    ndim = len(shape)
    if consumed > ndim:
        raise _too_many(parts, ndim)
    single = len(items) == 1 and type(index) is not tuple
    current = list(shape)  # the shape as the steps so far leave it
    steps, arrays, masks = [], [], []  # arrays: (dim, int64 array); masks: (dim, bool array)
    dim = 0
    writes_nothing = False
    for position, (kind, value) in enumerate(parts):
        if kind == _ELLIPSIS:
            # Each ellipsis stands for the dims the others leave (torch does not refuse two).
            dim += ndim - consumed
            continue
        if (kind == _SLICE and dim >= len(current) and value.start is None
                and value.stop is None and value.step in (None, 1)):
            dim += 1  # torch skips a full slice before it looks at the dim
            continue
        _check_reachable(kind, value, dim, current, position)
        if kind == _NONE:
            steps.append(("unsqueeze", dim))
            current.insert(dim, 1)
            dim += 1
        elif kind == _INT:
            size = current[dim]
            if not -size <= value < size:
                raise IndexError(f"index {value} is out of bounds for dimension {position} "
                                 f"with size {size}")
            steps.append(("select", dim, value % size))
            del current[dim]
        elif kind == _SLICE:
            start, stop, step = _slice_bounds(value, current[dim])
            full = _spans_everything(value, current[dim])
            # torch skips full slices, except in a read of a single slice (x[:])
            if not full or (single and not for_write):
                steps.append(("slice", dim, start, stop, step))
                current[dim] = len(range(start, stop, step))
            dim += 1
        elif kind == _BOOL:
            # x[True] adds a dim of size 1 and keeps it (True) or empties it (False).
            steps.append(("unsqueeze", dim))
            current.insert(dim, 1)
            if for_write:
                writes_nothing = writes_nothing or not value
            else:
                arrays.append((dim, np.zeros(1 if value else 0, np.int64)))
            dim += 1
        elif kind == _MASK:
            masks.append((dim, value))
            dim += value.ndim
        else:  # _ARRAY
            arrays.append((dim, value))
            dim += 1
    # As torch, masks are checked (and turned into positions) after the basic steps ran.
    for dim, mask in masks:
        _check_mask(mask, current, dim)
        arrays.extend((dim + offset, positions.astype(np.int64))
                      for offset, positions in enumerate(np.nonzero(mask)))
    arrays.sort(key=lambda entry: entry[0])
    return IndexPlan(steps, _advanced_index(arrays, current) if arrays else None,
                     writes_nothing)


def _check_reachable(kind: int, value, dim: int, current: list, position: int) -> None:
    """Errors for parts that an extra ellipsis pushed past the last dim (torch's messages)."""
    n = len(current)
    if kind == _NONE:
        if dim > n:
            wrap_dim(dim, n + 1)
    elif dim + (value.ndim if kind == _MASK else 1) > n:
        if kind == _INT:
            raise IndexError(f"index {value} is out of bounds for dimension {position} with "
                             "size 0")
        if kind in (_MASK, _ARRAY):
            raise IndexError(f"too many indices for tensor of dimension {n} (got "
                             f"{dim + (value.ndim if kind == _MASK else 1)})")
        wrap_dim(dim, n)


def _check_mask(mask: np.ndarray, current: list, dim: int) -> None:
    for offset, size in enumerate(mask.shape):
        if size != current[dim + offset]:
            raise IndexError(
                f"The shape of the mask {list(mask.shape)} at index {offset} does not match "
                f"the shape of the indexed tensor {current} at index {dim + offset}")


def _advanced_index(arrays: list, shape: list) -> tuple:
    """The NumPy index of the advanced parts, checked with torch's messages."""
    try:
        np.broadcast_shapes(*[array.shape for _, array in arrays])
    except ValueError:
        shapes = ", ".join(str(list(array.shape)) for _, array in arrays)
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together "
                         f"with shapes {shapes}") from None
    index = [slice(None)] * (arrays[-1][0] + 1)
    for dim, array in arrays:
        index[dim] = array
    index = tuple(index)
    if 0 in _advanced_shape(tuple(shape), index):
        # torch reads nothing for an empty result, so it checks no bounds: clip them for
        # NumPy, whose result is just as empty.
        return tuple(part if isinstance(part, slice) or not shape[d]
                     else np.clip(part, -shape[d], shape[d] - 1) for d, part in enumerate(index))
    for k, (dim, array) in enumerate(arrays):
        size = shape[dim]
        bad = (array < -size) | (array >= size)
        if bad.any():
            raise IndexError(f"index {int(array[bad][0])} is out of bounds for dimension {k} "
                             f"with size {size}")
    return index


# ---------------------------------------------------------------------- x[index]
def _with_zero_value(ctx, t):
    """Tangent rule of an op writing a constant `value` (its last param) into x: the same
    write of 0 into the tangent (the written positions no longer depend on x)."""
    return apply(ctx.op, (t,), ctx.params[:-1] + (0,))


def _apply_step(x: Tensor, step: tuple) -> Tensor:
    """One basic step as a view op on an ember tensor."""
    kind, dim = step[0], step[1]
    if kind == "select":
        return _view_apply("select", x, (dim, step[2], x._data.shape))
    if kind == "slice":
        return slice_dim(x, dim, step[2], step[3], step[4])
    return _view_apply("unsqueeze", x, (dim,))


def _region(array: np.ndarray, steps: list) -> np.ndarray:
    """The same basic steps applied to a NumPy array: a view into it."""
    for step in steps:
        kind, dim = step[0], step[1]
        if kind == "select":
            array = array[(slice(None),) * dim + (step[2], Ellipsis)]  # a view, even 0-d
        elif kind == "slice":
            array = array[(slice(None),) * dim + (slice(step[2], step[3], step[4]),)]
        else:
            array = np.expand_dims(array, dim)
    return array


@declare("index", grad_fn="IndexBackward0",
         formula="gradient scatter-added back to the indexed positions")
def _index(x, index, input_shape):
    return x[index]


@_index.backward
def _(ctx, g):
    return (apply(OPS["index_backward"], (g,), ctx.params),)


_index.tangent(_fw.linear)


@declare("index_backward", grad_fn="IndexPutImplBackward0",
         formula="d/dg: the gradient indexed again")
def _index_backward(g, index, input_shape):
    out = np.zeros(input_shape, g.dtype)
    np.add.at(out, index, g)  # repeated indices accumulate
    return out


@_index_backward.backward
def _(ctx, gg):
    return (apply(OPS["index"], (gg,), ctx.params),)


_index_backward.tangent(_fw.linear)


def _index_with_plan(x: Tensor, plan: IndexPlan) -> Tensor:
    out = x
    for step in plan.steps:
        out = _apply_step(out, step)
    if plan.advanced is not None:
        return apply(OPS["index"], (out,), (plan.advanced, out._data.shape))
    if out is x:
        return _view_apply("alias", x)  # x[...] and x[:, :] are aliases, as in torch
    return out


@public(method="__getitem__", function=False)
def _getitem(self: Tensor, index) -> Tensor:
    """`x[index]` with torch's (and NumPy's) rules; basic indices give views."""
    if type(index) is int and self._data.ndim:
        return _select_int(self, index, 0)  # the common x[i]: skip planning
    if (type(index) is tuple and 0 < len(index) <= self._data.ndim
            and all(type(i) is int for i in index)):
        out = self  # x[i, j]: a chain of selects, as in torch
        for position, i in enumerate(index):
            out = _select_int(out, i, position)
        return out
    return _index_with_plan(self, plan_index(self._data.shape, index))


def _select_int(x: Tensor, index: int, position: int) -> Tensor:
    size = x._data.shape[0]
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for dimension {position} with size "
                         f"{size}")
    return _view_apply("select", x, (0, index % size, x._data.shape))


# ---------------------------------------------------------------------- x[index] = value
def _strip_leading_ones(shape: tuple) -> tuple:
    """torch drops a value's leading size-1 dims before broadcasting it into x[index]."""
    start = 0
    while start < len(shape) and shape[start] == 1:
        start += 1
    return shape[start:]


def _sum_to_shape(grad: Tensor, shape: tuple) -> Tensor:
    """A gradient of a value broadcast into a region, summed back to the value's shape."""
    stripped = _strip_leading_ones(shape)
    if tuple(grad._data.shape) != stripped:
        grad = grad.sum_to_size(stripped)
    if stripped != tuple(shape):
        grad = grad.reshape(shape)
    return grad


@declare("copy_slices", grad_fn="CopySlices", broadcasts=True,
         formula="d/dx: gradient with the written region zeroed; d/dvalue: region summed")
def _copy_slices(x, value, steps, value_shape):
    out = x.copy()
    _region(out, steps)[...] = value
    return out


@_copy_slices.backward
def _(ctx, g):
    steps, value_shape = ctx.params
    grad_x = apply(OPS["copy_slices"], (g, 0), (steps, None)) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):
        region = g
        for step in steps:
            region = _apply_step(region, step)
        grad_value = _sum_to_shape(region, value_shape)
    return grad_x, grad_value


_copy_slices.tangent(_fw.linear)


@declare("index_put", grad_fn="IndexPutBackward0", broadcasts=True,
         formula="d/dx: gradient with the written positions zeroed; d/dvalue: gradient "
                 "indexed, summed over broadcasting")
def _index_put(x, value, steps, index, value_shape):
    out = x.copy()
    _region(out, steps)[index] = value
    return out


_write_at_index = _index_put.forward


@_index_put.backward
def _(ctx, g):
    steps, index, value_shape = ctx.params
    grad_x = None
    if _needs(ctx, 0):
        grad_x = apply(OPS["index_put"], (g, 0), (steps, index, None))
    grad_value = None
    if _needs(ctx, 1):
        region = g
        for step in steps:
            region = _apply_step(region, step)
        picked = apply(OPS["index"], (region,), (index, region._data.shape))
        grad_value = _sum_to_shape(picked, value_shape)
    return grad_x, grad_value


_index_put.tangent(_fw.linear)


# torch indexes a view when the index also has basic parts; writing into that view is
# recorded on x as CopySlices. The values and gradients are those of index_put.
@declare("index_put_slices", grad_fn="CopySlices", broadcasts=True,
         formula="d/dx: gradient with the written positions zeroed; d/dvalue: gradient "
                 "indexed, summed over broadcasting")
def _index_put_slices(x, value, steps, index, value_shape):
    return _write_at_index(x, value, steps, index, value_shape)


_index_put_slices.backward(_index_put.backward_fn)
_index_put_slices.tangent(_fw.linear)


@declare("fill_index", grad_fn="FillBackward3", broadcasts=True,
         formula="d/dx = 0, d/dvalue = sum of the gradient")
def _fill_index(x, value):
    return np.full_like(x, value)


@_fill_index.backward
def _(ctx, g):
    grad_x = apply(OPS["zero"], (g,)) if _needs(ctx, 0) else None
    return grad_x, (g.sum() if _needs(ctx, 1) else None)


_fill_index.tangent(_fw.linear)


def _value_for(self: Tensor, value):
    """The value to write: a tensor or a Python/NumPy number, as torch accepts them."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating)):
        return value.item() if isinstance(value, np.generic) else value
    raise TypeError(f"can't assign a {type(value).__name__} to a {self.type()}")


def _advanced_shape(shape: tuple, index: tuple) -> tuple:
    """The shape of array[index] for a NumPy index of slice(None)s and int arrays."""
    dims = [d for d, part in enumerate(index) if not isinstance(part, slice)]
    broadcast = np.broadcast_shapes(*[index[d].shape for d in dims])
    rest = [s for d, s in enumerate(shape) if d not in dims]
    if dims == list(range(dims[0], dims[-1] + 1)):  # adjacent: the result goes in place
        return tuple(shape[:dims[0]]) + broadcast + tuple(shape[dims[-1] + 1:])
    return broadcast + tuple(rest)


def _check_value_shape(self: Tensor, value, plan: IndexPlan, region_shape: tuple) -> None:
    if not isinstance(value, Tensor):
        return
    stripped = _strip_leading_ones(value._data.shape)
    if plan.advanced is None:
        expanded_shape(stripped, region_shape, value.type())
        return
    target = _advanced_shape(region_shape, plan.advanced)
    try:
        ok = np.broadcast_shapes(stripped, target) == target
    except ValueError:
        ok = False
    if not ok:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(value._data.shape)} "
                           f"cannot be broadcast to indexing result of shape {list(target)}")


_PARTIAL_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor "
    "refer to a single memory location. Please clone() the tensor before performing the "
    "operation."
)


def _memory_range(array: np.ndarray) -> tuple[int, int]:
    start = array.__array_interface__["data"][0]
    return start, start + array.nbytes


def _check_no_partial_overlap(target: np.ndarray, value: np.ndarray) -> None:
    """torch refuses a write whose value partly overlaps the written memory. Like torch, it
    only decides for dense layouts (the overlap of strided ones is 'too hard' to tell)."""
    if not target.size or not value.size:
        return
    dense = (target.flags.c_contiguous or target.flags.f_contiguous) and (
        value.flags.c_contiguous or value.flags.f_contiguous)
    if not dense:
        return
    (a_start, a_end), (b_start, b_end) = _memory_range(target), _memory_range(value)
    if (a_start, a_end) != (b_start, b_end) and a_start < b_end and b_start < a_end:
        raise RuntimeError(_PARTIAL_OVERLAP)


def index_put(input: Tensor, plan: IndexPlan, value) -> Tensor:
    """Out of place: `input` with `value` written at the index of `plan` (CopySlices or
    IndexPutBackward0). `x[index] = value` runs it through call_inplace."""
    value_shape = value._data.shape if isinstance(value, Tensor) else None
    if plan.advanced is None:
        return apply(OPS["copy_slices"], (input, value), (plan.steps, value_shape))
    op = OPS["index_put_slices" if plan.steps else "index_put"]
    return apply(op, (input, value), (plan.steps, plan.advanced, value_shape))


_VIEW_OF_LEAF = ("a view of a leaf Variable that requires grad is being used in an in-place "
                 "operation.")


@public(method="__setitem__", function=False)
def _setitem(self: Tensor, index, value) -> None:
    """`x[index] = value`: write into x's memory (a number, or a tensor broadcast to the
    indexed region), bumping its version; recorded as CopySlices / IndexPutBackward0."""
    value = _value_for(self, value)
    plan = plan_index(self._data.shape, index, for_write=True)
    if plan.writes_nothing:
        return
    region = _region(self._data, plan.steps)
    _check_value_shape(self, value, plan, region.shape)
    if isinstance(value, Tensor):
        _check_no_partial_overlap(region, value._data)
    value_requires_grad = isinstance(value, Tensor) and value._requires_grad
    recording = (is_grad_enabled() and (self._requires_grad or value_requires_grad)
                 and self._data.dtype.kind == "f")
    if not recording and _fw.state.active and _fw.involved(self, value):
        call_inplace(index_put, self, (plan, value), {})  # carries the tangents
        return
    if not recording:
        data = value._data if isinstance(value, Tensor) else value
        if plan.advanced is None:
            region[...] = data
        else:
            region[plan.advanced] = data
        self._version_counter[0] += 1
        return
    # Writing into a view records on its base (CopySlices), as torch does.
    is_view = self._extra is not None and self._extra.get("base") is not None
    write = inplace_on_view if is_view else call_inplace
    if plan.whole:
        if not isinstance(value, Tensor) or value._data.ndim == 0:
            write(_fill_whole, self, (value,), {})
        else:
            write(_copy_whole, self, (value,), {})
        return
    if plan.advanced is None and self._requires_grad and self.grad_fn is None:
        raise RuntimeError(_VIEW_OF_LEAF)
    write(index_put, self, (plan, value), {})


def _fill_whole(input: Tensor, value) -> Tensor:
    return apply(OPS["fill_index"], (input, value))


def _copy_whole(input: Tensor, value: Tensor) -> Tensor:
    """x[...] = tensor is x.copy_(tensor) in torch (CopyBackwards)."""
    stripped = _strip_leading_ones(value._data.shape)
    if stripped != value._data.shape:
        value = value.reshape(stripped)
    return apply(OPS["copy"], (input, value))


_fill_whole.__name__ = "fill"
_copy_whole.__name__ = "copy"


# ---------------------------------------------------------------------- gather / scatter
_INDEX_DTYPES = (np.dtype(np.int64), np.dtype(np.int32))


def _index_tensor(index, function: str, position: int) -> np.ndarray:
    if not isinstance(index, Tensor):
        raise TypeError(f"{function}(): argument 'index' (position {position}) must be "
                        f"Tensor, not {type(index).__name__}")
    return index._data


def _grid(index: np.ndarray, dim: int) -> tuple:
    """The NumPy index of gather/scatter: index along `dim`, each position elsewhere."""
    ndim = index.ndim
    parts = []
    for axis in range(ndim):
        if axis == dim:
            parts.append(index)
        else:
            shape = [1] * ndim
            shape[axis] = index.shape[axis]
            parts.append(np.arange(index.shape[axis]).reshape(shape))
    return tuple(parts)


def _check_scatter_index(name: str, x: np.ndarray, dim: int, index: np.ndarray,
                         src: np.ndarray | None = None) -> None:
    if index.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    if max(index.ndim, 1) != max(x.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as "
                           f"{'input' if name == 'gather' else 'self'} tensor")
    if src is not None and max(index.ndim, 1) != max(src.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as src "
                           "tensor")
    for axis in range(index.ndim):
        too_big = axis != dim and x.ndim and index.shape[axis] > x.shape[axis]
        too_big_src = src is not None and src.ndim and index.shape[axis] > src.shape[axis]
        if too_big and name == "gather":
            raise RuntimeError(
                f"Size does not match at dimension {axis} expected index {list(index.shape)} "
                f"to be no larger than self {list(x.shape)} apart from dimension {dim}")
        if too_big or too_big_src:
            raise RuntimeError(
                f"Expected index {list(index.shape)} to be no larger than self "
                f"{list(x.shape)} apart from dimension {dim} and to be no larger size than "
                f"src {list(src.shape if src is not None else ())}")
    size = x.shape[dim] if x.ndim else 1
    bad = (index < 0) | (index >= size)
    if bad.any():
        raise RuntimeError(f"index {int(index[bad][0])} is out of bounds for dimension {dim} "
                           f"with size {size}")


def _as_1d(array: np.ndarray) -> np.ndarray:
    return array.reshape(1) if array.ndim == 0 else array


def _gather_array(x: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
    return _as_1d(x)[_grid(_as_1d(index), dim)].reshape(index.shape)


@declare("gather", grad_fn="GatherBackward0",
         formula="gradient scatter-added back to the gathered positions")
def _gather(x, dim, index, input_shape):
    return _gather_array(x, dim, index)


@_gather.backward
def _(ctx, g):
    dim, index, input_shape = ctx.params
    zeros = Tensor(np.zeros(input_shape, g._data.dtype))
    return (scatter_add(zeros, dim, Tensor(index), g),)


_gather.tangent(_fw.linear)


@public()
def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """Values of `input` along `dim` at the positions in `index` (same ndim as input)."""
    index_array = _index_tensor(index, "gather", 2)
    d = wrap_dim(dim, input._data.ndim)
    _check_scatter_index("gather", input._data, d, index_array)
    return apply(OPS["gather"], (input,), (d, index_array, input._data.shape))


@public()
def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:
    """`gather` with NumPy's take_along_axis rules: the tensors broadcast except along
    `dim`; without `dim`, both are flattened."""
    index_array = _index_tensor(indices, "take_along_dim", 2)
    if dim is None:
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    if input._data.ndim != index_array.ndim:
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {input._data.ndim} dimensions for input, and "
            f"{index_array.ndim} dimensions for indices")
    d = wrap_dim(dim, input._data.ndim)
    shape, index_shape = list(input._data.shape), list(index_array.shape)
    shape[d] = index_shape[d] = 1
    common = list(np.broadcast_shapes(tuple(shape), tuple(index_shape)))
    input_shape, index_target = common.copy(), common.copy()
    input_shape[d], index_target[d] = input._data.shape[d], index_array.shape[d]
    index = indices if tuple(index_target) == index_array.shape else \
        Tensor(np.broadcast_to(index_array, index_target))
    return gather(input.expand(input_shape), d, index)


def _pad_to(grad: Tensor, shape: tuple) -> Tensor:
    """A gradient for the leading part of a larger input, zero-padded to its shape."""
    if tuple(grad._data.shape) == tuple(shape):
        return grad
    corner = tuple(slice(0, n) for n in grad._data.shape)
    return apply(OPS["index_backward"], (grad,), (corner, shape))


def _scattered(x: np.ndarray, dim: int, index: np.ndarray, src, accumulate: bool):
    out = x.copy()
    target = _as_1d(out)
    grid = _grid(_as_1d(index), dim)
    if isinstance(src, np.ndarray):
        src = _as_1d(src)[tuple(slice(0, n) for n in _as_1d(index).shape)]
    if accumulate:
        np.add.at(target, grid, src)
    else:
        target[grid] = src
    return out


@declare("scatter", grad_fn="ScatterBackward0",
         formula="d/dx: gradient zeroed where written; d/dsrc: gradient gathered")
def _scatter(x, src, dim, index, src_shape):
    return _scattered(x, dim, index, src, accumulate=False)


@_scatter.backward
def _(ctx, g):
    dim, index, src_shape = ctx.params
    index_t = Tensor(index)
    grad_x = g.scatter(dim, index_t, 0) if _needs(ctx, 0) else None
    grad_src = _pad_to(g.gather(dim, index_t), src_shape) if _needs(ctx, 1) else None
    return grad_x, grad_src


_scatter.tangent(_fw.linear)


@declare("scatter_value", grad_fn="ScatterBackward1",
         formula="d/dx: gradient zeroed where written")
def _scatter_value(x, dim, index, value):
    return _scattered(x, dim, index, value, accumulate=False)


@_scatter_value.backward
def _(ctx, g):
    dim, index, _ = ctx.params
    return (g.scatter(dim, Tensor(index), 0),)


_scatter_value.tangent(_with_zero_value)


def _check_same_dtype(name: str, input: Tensor, src: Tensor) -> None:
    if input._data.dtype != src._data.dtype:
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")


@public(inplace=True)
def scatter(input: Tensor, dim: int, index: Tensor, src=None, *, value=None,
            reduce: str | None = None) -> Tensor:
    """A copy of `input` with `src` (a tensor or a number) written along `dim` at `index`."""
    if reduce is not None:
        raise NotImplementedError("scatter(reduce=...) is not supported by ember; use "
                                  "scatter_add, or scatter_reduce once it exists")
    if src is None:
        src = value
    index_array = _index_tensor(index, "scatter", 3)
    d = wrap_dim(dim, input._data.ndim)
    if isinstance(src, Tensor):
        _check_scatter_index("scatter", input._data, d, index_array, src._data)
        _check_same_dtype("scatter", input, src)
        return apply(OPS["scatter"], (input, src), (d, index_array, src._data.shape))
    _check_scatter_index("scatter", input._data, d, index_array)
    return apply(OPS["scatter_value"], (input,), (d, index_array, src))


@declare("scatter_add", grad_fn="ScatterAddBackward0",
         formula="d/dx = 1; d/dsrc: gradient gathered")
def _scatter_add(x, src, dim, index, src_shape):
    return _scattered(x, dim, index, src, accumulate=True)


@_scatter_add.backward
def _(ctx, g):
    dim, index, src_shape = ctx.params
    grad_src = None
    if _needs(ctx, 1):
        grad_src = _pad_to(g.gather(dim, Tensor(index)), src_shape)
    return g, grad_src


_scatter_add.tangent(_fw.linear)


@public(inplace=True)
def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of `input` with `src` added along `dim` at `index` (repeats accumulate)."""
    index_array = _index_tensor(index, "scatter_add", 3)
    d = wrap_dim(dim, input._data.ndim)
    _check_scatter_index("scatter", input._data, d, index_array, src._data)
    _check_same_dtype("scatter", input, src)
    return apply(OPS["scatter_add"], (input, src), (d, index_array, src._data.shape))


# ---------------------------------------------------------------------- index_select / add
def _along(dim: int, index: np.ndarray) -> tuple:
    return (slice(None),) * dim + (index,)


def _check_index_vector(name: str, index, size: int) -> np.ndarray:
    array = _index_tensor(index, name, 2 if name == "index_select" else 3)
    if array.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"{name}(): Expected dtype int32 or int64 for index")
    if array.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    array = _as_1d(array)
    if ((array < 0) | (array >= size)).any():
        raise IndexError("index out of range in self")
    return array


@declare("index_select", grad_fn="IndexSelectBackward0",
         formula="gradient added back at the selected indices")
def _index_select(x, dim, index, input_shape):
    if x.ndim == 0:
        return x.copy()
    return x[_along(dim, index)]


@_index_select.backward
def _(ctx, g):
    dim, index, input_shape = ctx.params
    if not input_shape:
        return (g,)
    zeros = Tensor(np.zeros(input_shape, g._data.dtype))
    return (index_add(zeros, dim, Tensor(index), g),)


_index_select.tangent(_fw.linear)


@public()
def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """The slices of `input` along `dim` at the positions of the vector `index`."""
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    index_array = _check_index_vector("index_select", index, size)
    return apply(OPS["index_select"], (input,), (d, index_array, input._data.shape))


@declare("index_add", grad_fn="IndexAddBackward0",
         formula="d/dx = 1; d/dsource = alpha * gradient at the indices")
def _index_add(x, source, dim, index, alpha):
    out = x.copy()
    np.add.at(out, _along(dim, index), source * alpha if alpha != 1 else source)
    return out


@_index_add.backward
def _(ctx, g):
    dim, index, alpha = ctx.params
    grad_source = None
    if _needs(ctx, 1):
        grad_source = g.index_select(dim, Tensor(index))
        if alpha != 1:
            grad_source = grad_source * alpha
    return g, grad_source


_index_add.tangent(_fw.linear)


@public(inplace=True)
def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha=1) -> Tensor:
    """A copy of `input` with alpha * `source` added at `index` along `dim` (repeats add)."""
    d = wrap_dim(dim, input._data.ndim)
    index_array = _check_index_vector("index_add", index, input._data.shape[d])
    if input._data.dtype != source._data.dtype:
        raise RuntimeError(f"index_add_(): self ({_scalar_name(input)}) and source "
                           f"({_scalar_name(source)}) must have the same scalar type")
    count = source._data.shape[d] if source._data.ndim else 1
    if count != index_array.size:
        raise RuntimeError(f"index_add_(): Number of indices ({index_array.size}) should be "
                           f"equal to source.size(dim): ({count}), for dim: {dim}")
    return apply(OPS["index_add"], (input, source), (d, index_array, alpha))


@declare("index_fill", grad_fn="IndexFillBackward0",
         formula="gradient zeroed at the filled indices")
def _index_fill(x, dim, index, value):
    out = x.copy()
    _as_1d(out)[_along(dim, index)] = value
    return out


@_index_fill.backward
def _(ctx, g):
    dim, index, _ = ctx.params
    return (g.index_fill(dim, Tensor(index), 0),)


_index_fill.tangent(_with_zero_value)


@declare("index_fill_tensor", grad_fn="IndexFillBackward1", broadcasts=True,
         formula="d/dx: gradient zeroed at the filled indices; d/dvalue: gradient summed "
                 "there")
def _index_fill_tensor(x, value, dim, index):
    out = x.copy()
    _as_1d(out)[_along(dim, index)] = value
    return out


@_index_fill_tensor.backward
def _(ctx, g):
    dim, index = ctx.params
    grad_x = g.index_fill(dim, Tensor(index), 0) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):  # each filled position once, however often the index repeats it
        grad_value = g.index_select(dim, Tensor(np.unique(index))).sum()
    return grad_x, grad_value


_index_fill_tensor.tangent(_fw.linear)


@public(inplace=True)
def index_fill(input: Tensor, dim: int, index: Tensor, value) -> Tensor:
    """A copy of `input` with `value` (a number or a 0-d tensor) at `index` along `dim`."""
    d = wrap_dim(dim, input._data.ndim)
    array = _index_tensor(index, "index_fill", 3)
    if array.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if array.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    size = input._data.shape[d] if input._data.ndim else 1
    bad = (array < -size) | (array >= size)
    if bad.any():
        raise IndexError(f"index {int(array[bad][0])} is out of bounds for dimension {dim} "
                         f"with size {size}")
    array = _as_1d(array) % size
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value._data.ndim} dimension(s).")
        if input._data.dtype.kind != "f":
            value = value.detach()  # an integer result cannot carry a gradient
        return apply(OPS["index_fill_tensor"], (input, value), (d, array))
    return apply(OPS["index_fill"], (input,), (d, array, value))


def _scalar_name(t: Tensor) -> str:
    return t.type().removeprefix("torch.").removesuffix("Tensor")


# ---------------------------------------------------------------------- masks
_MASK_TYPE_NAMES = {"float32": "float", "float64": "double", "int64": "long int",
                    "int32": "int", "int16": "short int", "int8": "signed char",
                    "uint8": "unsigned char", "float16": "c10::Half"}


def _mask_array(mask, name: str) -> np.ndarray:
    array = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if array.dtype != np.bool_:
        if name == "masked_select":
            raise RuntimeError("masked_select: expected BoolTensor for mask")
        raise RuntimeError(f"{name} only supports boolean masks, but got mask with dtype "
                           f"{_MASK_TYPE_NAMES.get(array.dtype.name, array.dtype.name)}")
    return array


def _broadcast_with_mask(shape: tuple, mask: np.ndarray) -> tuple:
    """The shape of x broadcast with its mask, or torch's error (the mask is tensor a)."""
    try:
        return np.broadcast_shapes(mask.shape, shape)
    except ValueError:
        ndim = max(len(shape), mask.ndim)
        for offset in range(1, min(len(shape), mask.ndim) + 1):
            a, b = mask.shape[-offset], shape[-offset]
            if a != b and a != 1 and b != 1:
                raise RuntimeError(f"The size of tensor a ({a}) must match the size of "
                                   f"tensor b ({b}) at non-singleton dimension "
                                   f"{ndim - offset}") from None
        raise


@declare("masked_fill", grad_fn="MaskedFillBackward0", broadcasts=True,
         formula="gradient zeroed where the mask is set")
def _masked_fill(x, mask, value):
    return np.where(mask, np.asarray(value).astype(x.dtype), x)


@_masked_fill.backward
def _(ctx, g):
    return (g.masked_fill(Tensor(ctx.params[0]), 0),)


_masked_fill.tangent(_with_zero_value)


@declare("masked_fill_tensor", grad_fn="MaskedFillBackward1", broadcasts=True,
         formula="d/dx: gradient zeroed where the mask is set; d/dvalue: gradient summed "
                 "where it is set")
def _masked_fill_tensor(x, value, mask):
    return np.where(mask, value.astype(x.dtype), x)


@_masked_fill_tensor.backward
def _(ctx, g):
    mask = ctx.params[0]
    grad_x = g.masked_fill(Tensor(mask), 0) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):
        grad_value = g.masked_fill(Tensor(np.logical_not(mask)), 0).sum()
    return grad_x, grad_value


_masked_fill_tensor.tangent(_fw.linear)


@public(inplace=True)
def masked_fill(input: Tensor, mask: Tensor, value) -> Tensor:
    """A copy of `input` with `value` (a number or a 0-d tensor) where `mask` is True."""
    mask_array = _mask_array(mask, "masked_fill_")
    _broadcast_with_mask(input._data.shape, mask_array)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value._data.ndim} dimension(s).")
        if input._data.dtype.kind != "f":
            value = value.detach()  # an integer result cannot carry a gradient
        return apply(OPS["masked_fill_tensor"], (input, value), (mask_array,))
    return apply(OPS["masked_fill"], (input,), (mask_array, value))


@declare("masked_select", grad_fn="MaskedSelectBackward0", broadcasts=True,
         formula="gradient placed back where the mask is set")
def _masked_select(x, mask, shape):
    return np.broadcast_to(x, shape)[mask]


@_masked_select.backward
def _(ctx, g):
    mask, shape = ctx.params
    return (apply(OPS["index_backward"], (g,), (np.nonzero(mask), shape)),)


_masked_select.tangent(_fw.linear)


@public()
def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """The elements of `input` where `mask` (broadcast with it) is True, as a 1-d tensor."""
    mask_array = _mask_array(mask, "masked_select")
    shape = _broadcast_with_mask(input._data.shape, mask_array)
    return apply(OPS["masked_select"], (input,), (np.broadcast_to(mask_array, shape), shape))


# ---------------------------------------------------------------------- take
@declare("take", grad_fn="TakeBackward0",
         formula="gradient scatter-added back to the taken positions")
def _take(x, index, positions, input_shape):
    return x[positions]


@_take.backward
def _(ctx, g):
    _, positions, input_shape = ctx.params
    return (apply(OPS["index_backward"], (g,), (positions, input_shape)),)


_take.tangent(_fw.linear)


@public()
def take(input: Tensor, index: Tensor) -> Tensor:
    """Elements of `input`, read as a flat 1-d tensor, at `index` (result: index's shape)."""
    index_array = _index_tensor(index, "take", 1)
    if index_array.dtype != np.int64:
        raise RuntimeError("take(): Expected a long tensor for index, but got "
                           f"{_scalar_name(index)}")
    size = input._data.size
    bad = (index_array < -size) | (index_array >= size)
    if bad.any():
        raise IndexError(f"out of range: tried to access index {int(index_array[bad][0])} on "
                         f"a tensor of {size} elements.")
    flat = index_array % max(size, 1)
    shape = input._data.shape
    positions = np.unravel_index(flat, shape) if shape else ()
    if not shape:
        positions = (np.zeros(flat.shape, np.int64),)
        input = input.reshape(1)
    return apply(OPS["take"], (input,), (index_array, positions, input._data.shape))
