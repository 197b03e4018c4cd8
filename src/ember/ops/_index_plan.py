"""Reading an index as torch reads it: `plan_index` resolves `x[index]`'s index against x's
shape into an `IndexPlan`, raising torch's errors and warnings.

Its *basic* parts (ints, slices, None, Ellipsis) become a list of view steps (select,
slice, unsqueeze); its *advanced* parts (integer and boolean tensors, lists, arrays)
become one NumPy index applied after them, with NumPy's rules for where the indexed dims
go. `ops/indexing.py` turns a plan into ops; this module declares none.
"""

from __future__ import annotations

import numpy as np

from .._batched_array import BOOLEAN_MASK, refuse_batched
from .._tensor import Tensor
from .._warnings import warn
from ._dims import wrap_dim

# ---------------------------------------------------------------------- reading an index
# What each part of an index is. Basic parts become view ops; advanced parts go to `index`.
# _REFUSED: a tensor of a dtype that cannot index (its error comes after the basic parts);
# _INVALID: anything else that cannot index (a str, a float, a dict): torch counts it as one
# index, then raises its error when its turn comes among the basic parts
_NONE, _ELLIPSIS, _INT, _SLICE, _BOOL, _MASK, _ARRAY, _REFUSED, _INVALID = range(9)

BAD_TENSOR_INDEX = "tensors used as indices must be long, int, byte or bool tensors"
_INDEX_DTYPES = (np.dtype(np.int64), np.dtype(np.int32))  # (besides masks: uint8, bool)
EMPTY_DIM_INDEX = "index is out of bounds for dimension with size 0"
MASK_SHAPE = "The shape of the mask"
_BAD_INDEX = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
              "are valid indices (got {})")
_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be "
    "changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will "
    "be interpreted as tensor index, x[torch.tensor(seq)], which will result either in an "
    "error or a different result"
)


def index_parts(index) -> tuple:
    """The parts of an index: a tuple's items, a list's that torch reads as a tuple
    (x[[0, slice(None)]] is x[0, :]), or the index itself as the only part."""
    if type(index) is tuple:
        return index
    if _sequence_as_tuple(index):
        return tuple(index)
    return (index,)


def _sequence_as_tuple(index) -> bool:
    return isinstance(index, list) and len(index) < 32 and any(
        item is None or item is Ellipsis or isinstance(item, (slice, list, tuple, Tensor))
        for item in index)


def _index_items(index) -> tuple:
    """index_parts, with torch's deprecation warning for a list read as a tuple."""
    if type(index) is not tuple and _sequence_as_tuple(index):
        warn(_SEQUENCE_AS_TUPLE, UserWarning)
    return index_parts(index)


def _array_part(array: np.ndarray, from_tensor: bool, warns: bool = True,
                tensor: bool = False):
    """(kind, value) of an index given as an array of values. A uint8 tensor is a mask, with
    torch's deprecation warning (`warns`), except a 0-d one, which torch reads as a bool.
    A `tensor` (not a NumPy array) of int8 or int16 cannot index."""
    kind = array.dtype.kind
    if kind == "b" or (from_tensor and array.dtype == np.uint8):
        if array.dtype == np.uint8:
            if warns and array.ndim:
                warn_uint8_index()
            array = array.astype(bool)
        if array.ndim == 0:
            return _BOOL, bool(array)
        refuse_batched(BOOLEAN_MASK, array)
        return _MASK, array
    if kind in "iu":
        if array.ndim == 0:
            return _INT, int(array)  # a 0-d integer tensor selects, as an int does
        if tensor and array.dtype not in _INDEX_DTYPES:
            raise IndexError(BAD_TENSOR_INDEX)  # (int8/int16 tensors; NumPy's arrays pass)
        return _ARRAY, array.astype(np.int64, copy=False)
    raise IndexError(BAD_TENSOR_INDEX)


def _sequence_part(items) -> tuple:
    """(kind, value) of an index given as a list, tuple or range of numbers."""
    array = np.asarray(list(items))
    if array.size == 0:
        return _ARRAY, np.zeros(array.shape, np.int64)
    if array.dtype.kind == "f":
        array = array.astype(np.int64)  # torch reads x[[1.0]] as x[[1]]
    if array.dtype.kind in "US":  # torch tried to make a tensor of the list
        kind = "str" if array.dtype.kind == "U" else "bytes"
        raise TypeError(f"new(): invalid data type '{kind}'")
    if array.dtype.kind not in "biu":
        raise IndexError(_BAD_INDEX.format(type(items).__name__))
    return _array_part(array, from_tensor=False)


# torch's index_put_ writes one value through one mask with masked_fill_, which refuses uint8
UINT8_MASK_FILL = ("masked_fill_ only supports boolean masks, but got mask with dtype "
                   "unsigned char")


def warn_uint8_index() -> None:
    warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
         "instead.")


def _part(item, warns: bool = True) -> tuple:
    """Classify one part of an index as (kind, value) (`warns`: see _array_part)."""
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
        return _array_part(item._data, True, warns, tensor=True)
    if isinstance(item, np.ndarray):
        if item.dtype.kind not in "biuf":
            raise TypeError(f"can't convert np.ndarray of type numpy.{item.dtype.type.__name__}. "
                            "The only supported types are: float64, float32, float16, complex64, "
                            "complex128, int64, int32, int16, int8, uint64, uint32, uint16, "
                            "uint8, and bool.")
        if item.dtype.kind == "f":  # torch reads it as a sequence: x[np.array([1.5])] is x[[1]]
            item = item.astype(np.int64)
        return _array_part(item, True, warns)
    if isinstance(item, (list, tuple, range)):
        return _sequence_part(item)
    if isinstance(item, (str, bytes)):  # torch tried to make a tensor of it
        raise TypeError(f"new(): invalid data type '{type(item).__name__}'")
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
    tensors:  the index tensors of the advanced part, which torch saves for the backward
              (their versions are checked there: autograd.node.keep_versions).
    """

    __slots__ = ("steps", "advanced", "writes_nothing", "tensors")

    def __init__(self, steps: list, advanced: tuple | None, writes_nothing: bool = False,
                 tensors: tuple = ()) -> None:
        self.steps = steps
        self.advanced = advanced
        self.writes_nothing = writes_nothing  # x[False] = v: torch leaves x untouched
        self.tensors = tensors

    @property
    def whole(self) -> bool:
        """Whether the index designates the whole tensor (x[...], x[:, :])."""
        return not self.steps and self.advanced is None


def _too_many(parts: list, ndim: int, single: bool) -> IndexError:
    if ndim == 0 and single:  # (x[0] and x[:] of a 0-d x; x[0,] is too many, as in torch)
        kind = parts[0][0]
        if kind == _INT:
            return IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        if kind == _SLICE:
            return IndexError("slice() cannot be applied to a 0-dim tensor.")
    return IndexError(f"too many indices for tensor of dimension {ndim}")


def plan_index(shape: tuple, index, *, for_write: bool = False,
               warns: bool = True) -> IndexPlan:
    """Resolve `index` against a tensor of `shape` (see IndexPlan); raise torch's errors
    (and issue its warning for a uint8 mask, unless not `warns`)."""
    items = _index_items(index)
    parts = []
    for item in items:
        try:
            parts.append(_part(item, warns))
        except (IndexError, TypeError) as error:
            # torch counts the indices and runs the basic parts before it refuses a tensor
            # of a dtype that cannot index (as one index; `_check_advanced`)
            refused = isinstance(error, IndexError) and str(error).startswith(BAD_TENSOR_INDEX)
            parts.append((_REFUSED if refused else _INVALID, error))
    consumed = 0
    for kind, value in parts:
        if kind in (_INT, _SLICE, _ARRAY, _REFUSED, _INVALID):
            consumed += 1
        elif kind == _MASK:
            consumed += value.ndim
    ndim = len(shape)
    if consumed > ndim:
        raise _too_many(parts, ndim, len(items) == 1 and type(index) is not tuple)
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
        if kind == _INVALID:
            raise value
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
        elif kind == _MASK or kind == _REFUSED:
            masks.append((dim, kind, value))
            dim += value.ndim if kind == _MASK else 1
        else:  # _ARRAY
            arrays.append((dim, value))
            dim += 1
    if not masks and not arrays:
        return IndexPlan(steps, None, writes_nothing)
    tensors = tuple([item for item, (kind, _) in zip(items, parts)
                     if isinstance(item, Tensor) and kind in (_MASK, _ARRAY)])
    try:
        return IndexPlan(steps, _check_advanced(masks, arrays, current, for_write),
                         writes_nothing, tensors)
    except IndexError as error:
        # Raised by torch's index/index_put_ on what the basic steps made: a write makes
        # the in-place checks first (a leaf, a view it may not write: ops/indexing.py)
        error.index_put_into = steps[-1][0].capitalize() if steps else ""
        raise


def _check_advanced(masks: list, arrays: list, current: list, for_write: bool) -> tuple:
    """The NumPy index of the advanced parts, after the basic steps left `current`: masks
    turned into positions, each part checked as torch's kernels check them. Reading, torch
    refuses an index tensor of a dtype that cannot index before it looks at any mask;
    writing (index_put_), it looks at the parts in order."""
    if not for_write:
        for _, kind, value in masks:
            if kind == _REFUSED:
                raise value
    for dim, kind, value in masks:
        if kind == _REFUSED:
            raise value
        _check_mask(value, current, dim)
        arrays.extend((dim + offset, positions.astype(np.int64))
                      for offset, positions in enumerate(np.nonzero(value)))
    arrays.sort(key=lambda entry: entry[0])
    return _advanced_index(arrays, current)


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
        if kind in (_MASK, _ARRAY, _REFUSED):
            raise IndexError(f"too many indices for tensor of dimension {n} (got "
                             f"{dim + (value.ndim if kind == _MASK else 1)})")
        wrap_dim(dim, n)


def _check_mask(mask: np.ndarray, current: list, dim: int) -> None:
    for offset, size in enumerate(mask.shape):
        if size != current[dim + offset]:
            raise IndexError(
                f"{MASK_SHAPE} {list(mask.shape)} at index {offset} does not match "
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
    for dim, array in arrays:
        if not shape[dim] and array.size:  # torch checks this one early, without the index
            raise IndexError(EMPTY_DIM_INDEX)
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


def _advanced_shape(shape: tuple, index: tuple) -> tuple:
    """The shape of array[index] for a NumPy index of slice(None)s and int arrays."""
    dims = [d for d, part in enumerate(index) if not isinstance(part, slice)]
    broadcast = np.broadcast_shapes(*[index[d].shape for d in dims])
    rest = [s for d, s in enumerate(shape) if d not in dims]
    if dims == list(range(dims[0], dims[-1] + 1)):  # adjacent: the result goes in place
        return tuple(shape[:dims[0]]) + broadcast + tuple(shape[dims[-1] + 1:])
    return broadcast + tuple(rest)


def runs_a_view_op_first(shape: tuple, index, error: Exception) -> bool:
    """Whether torch's reading of `index` (item by item: a view op for each basic part, the
    advanced parts gathered into one index op at the end) runs an op on the tensor before
    it meets the error plan_index raised: torch's autograd checks the tensor's history when
    an op runs, before the op's own checks, so an index into a view it refuses to use (one
    of split's outputs whose base was written since) raises that refusal first, unless the
    error comes from reading an item before any op (an int out of range, a bad step, too
    many indices: counted first)."""
    if str(error).startswith("too many indices"):
        return False
    items = index_parts(index)
    try:
        parts = [_part(item, False) for item in items]
    except (IndexError, TypeError):
        parts = None
    consumed = 0 if parts is None else sum(
        value.ndim if kind == _MASK else 0 if kind in (_NONE, _ELLIPSIS, _BOOL) else 1
        for kind, value in parts)
    current = list(shape)
    dim = 0
    advanced = False
    for item in items:
        try:
            kind, value = _part(item, False)
        except (IndexError, TypeError):
            return False  # (raised as torch reaches the item: no op before it)
        if kind == _ELLIPSIS:
            dim += max(len(shape) - consumed, 0)
        elif kind in (_NONE, _BOOL):
            return True  # an unsqueeze
        elif kind == _INT:
            if dim >= len(current) or not -current[dim] <= value < current[dim]:
                return False
            return True  # a select
        elif kind == _SLICE:
            if dim >= len(current):
                return False
            try:
                _slice_bounds(value, current[dim])
            except ValueError:
                return False
            if not _spans_everything(value, current[dim]) or len(items) == 1:
                return True  # a slice (torch skips a full one, but for x[:])
            dim += 1
        else:  # advanced: gathered for the index op at the end
            advanced = True
            dim += value.ndim if kind == _MASK else 1
    return advanced
