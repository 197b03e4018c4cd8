"""Index-vector, mask and flat-position ops: index_select / index_add / index_fill along
one dim, masked_fill / masked_select with a boolean mask, and take on the flattened input.
"""

from __future__ import annotations

from numbers import Number

import numpy as np

from .._batched_array import MASKED_SELECT, refuse_batched
from .._dispatch import _record, _type_name, apply
from .._dtype import number_in_dtype
from .._grad_mode import is_grad_enabled
from .._overlap import warn_indexed
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, keep_versions
from . import _xp as xp
from ._dims import wrap_dim
from ._lapack_layout import c_ordered
from ._registry import OPS, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .indexing_gather import _INDEX_DTYPES, _as_1d, _index_tensor, _with_zero_value


# ---------------------------------------------------------------------- index_select / add
def _along(dim: int, index: np.ndarray) -> tuple:
    return (slice(None),) * dim + (index,)


def _check_index_vector(name: str, index) -> np.ndarray:
    """The index vector of an index_* op as a 1-d array (its range is checked by the op:
    torch's errors for it differ by op and dims)."""
    array = _index_tensor(index, name, 2 if name == "index_select" else 3)
    if array.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"{name}(): Expected dtype int32 or int64 for index")
    if array.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    return _as_1d(array)


def _out_of_range(array: np.ndarray, size: int) -> int | None:
    """The first index of `array` outside 0..size-1, or None."""
    bad = (array < 0) | (array >= size)
    return int(array[bad][0]) if bad.any() else None


@declare("index_select", saves_params={1: (0,)}, grad_fn="IndexSelectBackward0",
         formula="gradient added back at the selected indices")
def _index_select(x, dim, index, input_shape):
    if x.ndim == 0:
        return x.copy()
    if dim:  # (NumPy's x[:, index] is laid out index-dim first; torch's result is C-ordered)
        return np.take(x, index, axis=dim)
    return x[_along(dim, index)]


@_index_select.backward
def _(ctx, g):
    dim, index, input_shape = ctx.params
    if not input_shape:
        return (g,)
    zeros = xp.zeros(input_shape, like=g)
    return (xp.op("index_add", (zeros, g), dim, index, 1),)


_index_select.tangent(_fw.linear)


@public()
def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """The slices of `input` along `dim` at the positions of the vector `index`."""
    history_first(input)
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    raw = _index_tensor(index, "index_select", 2)
    if raw.ndim > 1:  # (torch checks the index's dims first, then a scalar's count)
        raise IndexError("index_select(): Index is supposed to be a vector")
    if input._data.ndim == 0 and raw.size != 1:
        raise RuntimeError("index_select(): Index to scalar can have only 1 value, "
                           f"got {raw.size} value(s)")
    index_array = _check_index_vector("index_select", index)
    bad = _out_of_range(index_array, size)
    if bad is not None:
        if size == 0 and input._data.ndim > 1:
            raise RuntimeError("index_select(): self indexing axis dim should be positive")
        if d == 1 and input._data.ndim > 1:  # (torch's kernel for dim 1 checks on its own)
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} "
                               f"axis_dim={size}")
        raise IndexError("index out of range in self")
    return keep_versions(apply(OPS["index_select"], (input,),
                               (d, index_array, input._data.shape)), index)


# torch keeps the source for its own gradient (grad.index_select(...).expand_as(source)):
# writing it after the forward spoils that gradient only
@declare("index_add", saves=(1,), save_if={1: (1,)}, saves_params={1: (1,)},
         grad_fn="IndexAddBackward0",
         formula="d/dx = 1; d/dsource = alpha * gradient at the indices")
def _index_add(x, source, dim, index, alpha):
    out = x.copy()
    if out.size == 0:  # (torch reads no index then: they may lie out of range)
        return out
    added = source * alpha if alpha != 1 else source
    if out.ndim == 0:  # (one element, at index 0)
        np.add.at(out.reshape(1), index, added.reshape(1))
    elif out.dtype == np.float16 and out.ndim > 1 and alpha == 1:
        # torch adds slices of float16 through scatter_add's float32 buffer (one rounding
        # at the end); a 1-d x, or another alpha, adds element by element in float16
        wide = out.astype(np.float32)
        np.add.at(wide, _along(dim, index), added.astype(np.float32))
        return wide.astype(np.float16)
    else:
        np.add.at(out, _along(dim, index), added)
    return out


@_index_add.backward
def _(ctx, g):
    dim, index, alpha = ctx.params
    grad_source = None
    if _needs(ctx, 1):
        grad_source = _source_gradient(g, dim, index)
        if alpha != 1:
            grad_source = grad_source * alpha
    return g, grad_source


def _source_gradient(g, dim: int, index):
    """The gradient's slices at `index`: on Tensors expanded to the source's shape (its
    own) as torch composes it (ExpandBackward0 under create_graph)."""
    picked = xp.op("index_select", (g,), dim, index, tuple(g.shape))
    return picked.expand(tuple(picked.shape)) if xp.is_tensor(picked) else picked


_index_add.tangent(_fw.linear)


@public(inplace=True)
def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *,
              alpha: Number = 1) -> Tensor:
    """A copy of `input` with alpha * `source` added at `index` along `dim` (repeats add)."""
    d = wrap_dim(dim, input._data.ndim)
    index_array = _check_index_vector("index_add", index)
    if input._data.dtype != source._data.dtype:
        raise RuntimeError(f"index_add_(): self ({_scalar_name(input)}) and source "
                           f"({_scalar_name(source)}) must have the same scalar type")
    count = source._data.shape[d] if source._data.ndim else 1
    if count != index_array.size:
        raise RuntimeError(f"index_add_(): Number of indices ({index_array.size}) should be "
                           f"equal to source.size(dim): ({count}), for dim: {dim}")
    kept = [n for i, n in enumerate(input._data.shape) if i != d]
    source_kept = [n for i, n in enumerate(source._data.shape) if i != d]
    if kept != source_kept or (input._data.ndim == 0) != (source._data.ndim == 0):
        # (the dims beside `dim` must agree, without broadcasting; a 0-d tensor has none)
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the specified "
            f"dimension. Got self.shape = {list(input._data.shape)} source.shape = "
            f"{list(source._data.shape)}")
    size = input._data.shape[d] if input._data.ndim else 1
    if input._data.ndim > 1:
        # torch's kernel for more than one dim adds slice by slice, checking each index,
        # and has nothing to do (nor check) for a tensor without elements
        bad = _out_of_range(index_array, size) if input._data.size else None
        if bad is not None:
            raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size "
                               f"{size}")
    elif _out_of_range(index_array, size) is not None:
        raise IndexError("index out of range in self")
    return keep_versions(apply(OPS["index_add"], (input, source), (d, index_array, alpha)),
                         index)


@declare("index_fill", saves_params={1: (0,)}, grad_fn="IndexFillBackward0",
         formula="gradient zeroed at the filled indices")
def _index_fill(x, dim, index, value):
    out = x.copy()
    _as_1d(out)[_along(dim, index)] = value
    return out


@_index_fill.backward
def _(ctx, g):
    dim, index, _ = ctx.params
    return (xp.op("index_fill", (g,), dim, index, 0),)


_index_fill.tangent(_with_zero_value)


@declare("index_fill_tensor", grad_fn="IndexFillBackward1", broadcasts=True,
         saves_params={1: (0, 1)},
         formula="d/dx: gradient zeroed at the filled indices; d/dvalue: gradient summed "
                 "there")
def _index_fill_tensor(x, value, dim, index):
    out = x.copy()
    _as_1d(out)[_along(dim, index)] = value
    return out


@_index_fill_tensor.backward
def _(ctx, g):
    dim, index = ctx.params
    grad_x = xp.op("index_fill", (g,), dim, index, 0) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):  # each filled position once, however often the index repeats it
        filled = xp.op("index_select", (g,), dim, np.unique(index), tuple(g.shape))
        grad_value = xp.sum(filled)
    return grad_x, grad_value


_index_fill_tensor.tangent(_fw.linear)


@public()
def index_fill(input: Tensor, dim: int, index: Tensor, value) -> Tensor:
    """A copy of `input` with `value` (a number or a 0-d tensor) at `index` along `dim`."""
    history_first(input)
    return _index_filled(input, dim, index, value)


def _index_filled(input: Tensor, dim: int, index: Tensor, value, in_place: bool = False
                  ) -> Tensor:
    d = wrap_dim(dim, input._data.ndim)
    array = _index_tensor(index, "index_fill", 3)
    if array.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if array.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    if isinstance(value, Tensor) and value._data.ndim:
        raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but "
                           f"got tensor with {value._data.ndim} dimension(s).")
    _check_fill_value("index_fill", value)
    # torch converts the value (a 0-d tensor's too) to input's dtype before it checks the
    # indices' range: a value the dtype cannot hold is refused first
    number = number_in_dtype(value._data.item() if isinstance(value, Tensor) else value,
                             input._data.dtype)
    size = input._data.shape[d] if input._data.ndim else 1
    bad = (array < -size) | (array >= size)
    if bad.any() and input._data.size == 0:
        if size:  # (torch fills nothing, and checks nothing, in a tensor without elements)
            array, bad = array[~bad], bad[~bad]
        else:  # (torch restrides self to the index's length along a dim of size 0, and fails)
            raise RuntimeError(f"index_fill_(): cannot fill at index {int(array[bad][0])} "
                               f"along dimension {dim} of size 0")
    if bad.any():
        raise IndexError(f"index {int(array[bad][0])} is out of bounds for dimension {dim} "
                         f"with size {size}")
    array = _as_1d(array) % size
    if isinstance(value, Tensor):
        return keep_versions(_fill_with_tensor(OPS["index_fill_tensor"], input, value,
                                               (d, array), in_place), index)
    return keep_versions(apply(OPS["index_fill"], (input,), (d, array, number)), index)


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


@declare("masked_fill", saves_params={0: (0,)}, grad_fn="MaskedFillBackward0", broadcasts=True,
         formula="gradient zeroed where the mask is set")
def _masked_fill(x, mask, value):
    # torch's result is a fresh C-contiguous tensor whatever x's strides; np.where keeps
    # its inputs' layout (c_ordered copies only then)
    return c_ordered(np.where(mask, np.asarray(value).astype(x.dtype), x))


@_masked_fill.backward
def _(ctx, g):
    return (xp.masked_fill(g, ctx.params[0], 0),)


_masked_fill.tangent(_with_zero_value)


@declare("masked_fill_tensor", grad_fn="MaskedFillBackward1", broadcasts=True,
         saves_params={0: (0, 1)},
         formula="d/dx: gradient zeroed where the mask is set; d/dvalue: gradient summed "
                 "where it is set")
def _masked_fill_tensor(x, value, mask):
    return c_ordered(np.where(mask, value.astype(x.dtype), x))  # (C order, as above)


@_masked_fill_tensor.backward
def _(ctx, g):
    # a 0-d mask as an array: a NumPy bool scalar would become a float Tensor (create_graph)
    mask = np.asarray(ctx.params[0])
    grad_x = xp.masked_fill(g, mask, 0) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):
        grad_value = xp.sum(xp.masked_fill(g, np.asarray(np.logical_not(mask)), 0))
    return grad_x, grad_value


_masked_fill_tensor.tangent(_fw.linear)


@public()
def masked_fill(input: Tensor, mask: Tensor, value) -> Tensor:
    """A copy of `input` with `value` (a number or a 0-d tensor) where `mask` is True."""
    return _masked_filled(input, mask, value)


def _masked_filled(input: Tensor, mask: Tensor, value, in_place: bool = False) -> Tensor:
    mask_array = _mask_array(mask, "masked_fill_")
    _broadcast_with_mask(input._data.shape, mask_array)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value._data.ndim} dimension(s).")
        return keep_versions(_fill_with_tensor(OPS["masked_fill_tensor"], input, value,
                                               (mask_array,), in_place), mask)
    _check_fill_value("masked_fill", value)
    value = number_in_dtype(value, input._data.dtype)
    return keep_versions(apply(OPS["masked_fill"], (input,), (mask_array, value)), mask)


def _check_fill_value(name: str, value) -> None:
    """torch's TypeError for a fill value that is neither a number nor a tensor (None)."""
    if not isinstance(value, (Number, Tensor, np.bool_)):
        raise TypeError(f"{name}(): argument 'value' must be Number, not "
                        f"{type(value).__name__}")


def _masked_filled_in_place(input: Tensor, mask: Tensor, value) -> Tensor:
    return _masked_filled(input, mask, value, in_place=True)


def _index_filled_in_place(input: Tensor, dim: int, index: Tensor, value) -> Tensor:
    return _index_filled(input, dim, index, value, in_place=True)


public(name="masked_fill_in_place", method=False, function=False,
       inplace="masked_fill_")(_masked_filled_in_place)
public(name="index_fill_in_place", method=False, function=False,
       inplace="index_fill_")(_index_filled_in_place)


def _fill_with_tensor(op, input: Tensor, value: Tensor, params: tuple, in_place: bool
                      ) -> Tensor:
    """`op` filling `input` with a 0-d `value` tensor. Into an integer or bool tensor, a
    value that requires grad is refused out of place (torch: 'Autograd not support dtype'),
    but recorded in place, as torch does (the tensor then requires grad). torch reads the
    value as a number first: one out of input's range is refused as a number would be."""
    number_in_dtype(value._data.item(), input._data.dtype)
    if input._data.dtype.kind in "fc" or not (value._requires_grad and is_grad_enabled()):
        return apply(op, (input, value), params)
    if not in_place:
        raise RuntimeError(f"Autograd not support dtype: {_type_name(input._data.dtype)}")
    out = apply(op, (input, value.detach()), params)
    return _record(op, (input, value), params, out._data, None)


@declare("masked_select", saves=(0,), saves_params={0: (0,)},
         grad_fn="MaskedSelectBackward0", broadcasts=True,
         formula="gradient placed back where the mask is set")
def _masked_select(x, mask, shape):
    return np.broadcast_to(x, shape)[mask]


@_masked_select.backward
def _(ctx, g):
    mask, shape = ctx.params
    if xp.is_tensor(g):  # a graph of the gradient: torch's g written into zeros under the mask
        return (xp.op("masked_scatter", (xp.zeros(shape, like=g), g), mask, g._data.shape),)
    return (xp.op("index_backward", (g,), np.nonzero(mask), shape),)


_masked_select.tangent(_fw.linear)


@public()
def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """The elements of `input` where `mask` (broadcast with it) is True, as a 1-d tensor."""
    refuse_batched(MASKED_SELECT, mask)
    mask_array = _mask_array(mask, "masked_select")
    shape = _broadcast_with_mask(input._data.shape, mask_array)
    return keep_versions(apply(OPS["masked_select"], (input,),
                               (np.broadcast_to(mask_array, shape), shape)), mask)


# ---------------------------------------------------------------------- take
@declare("take", saves=(0,), saves_params={1: (0,)}, grad_fn="TakeBackward0",
         formula="gradient scatter-added back to the taken positions")
def _take(x, index, positions, input_shape):
    return (x.reshape(1) if x.ndim == 0 else x)[positions]


@_take.backward
def _(ctx, g):
    _, positions, input_shape = ctx.params
    if xp.is_tensor(g):  # torch's take_backward: zeros, then put_ with accumulate
        flat = Tensor(np.ravel_multi_index(positions, input_shape or (1,)))
        return (xp.zeros(input_shape, like=g).put_(flat, g, accumulate=True),)
    grad = xp.op("index_backward", (g,), positions, input_shape or (1,))
    return (grad if input_shape else xp.reshape(grad, ()),)


_take.tangent(_fw.linear)


@public()
def take(input: Tensor, index: Tensor) -> Tensor:
    """Elements of `input`, read as a flat 1-d tensor, at `index` (result: index's shape)."""
    history_first(input)
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
    if not shape:  # (a 0-d input is read as one element; torch does not reshape it)
        positions = (np.zeros(flat.shape, np.int64),)
    return keep_versions(apply(OPS["take"], (input,), (index_array, positions, shape)), index)


# torch writes the indexed fills into an expanded tensor, with a deprecation warning.
_masked_filled_in_place.overlapping_write = warn_indexed("masked_fill_", "tensor[mask] = scalar")
_index_filled_in_place.overlapping_write = warn_indexed("index_fill_", "tensor[mask] = scalar")

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("index_select", "index_add", "index_fill", "index_fill_tensor", "masked_fill",
              "masked_fill_tensor", "masked_select", "take")
