"""More writes at indices: index_copy, index_put (with accumulate), put (flat positions),
masked_scatter, scatter_reduce (sum, prod, mean, amax, amin) and fill_diagonal_.

Each out-of-place form is an op with torch's grad_fn (IndexCopyBackward0,
IndexPutBackward0, PutBackward0, MaskedScatterBackward0, ScatterReduceBackward0); the
in-place methods are derived from them. fill_diagonal_ fills a view, so its node is
CopySlices, as in torch.
"""

from __future__ import annotations

from numbers import Number

import numpy as np

from .._dispatch import _type_name, apply
from .._overlap import warn_indexed
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import keep_versions
from . import _xp as xp
from ._dims import wrap_dim
from ._index_plan import UINT8_MASK_FILL, warn_uint8_index
from ._registry import OPS, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .indexing_gather import (
    _check_scatter_index,
    _grid,
    _index_tensor,
    _scatter_gather_index,
    _size_mismatch,
    _src_gradient,
)
from .indexing_select import (
    _along,
    _check_index_vector,
    _out_of_range,
    _scalar_name,
    _source_gradient,
)


def _same_dtype(function: str, input: Tensor, other: Tensor, what: str = "source") -> None:
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"{function}(): self ({_scalar_name(input)}) and {what} "
                           f"({_scalar_name(other)}) must have the same scalar type")


# ---------------------------------------------------------------------- index_copy
# (torch keeps the source for its own gradient, as index_add's and put's)
@declare("index_copy", saves=(1,), save_if={1: (1,)}, saves_params={1: (0, 1)},
         grad_fn="IndexCopyBackward0", dtype=SAME,
         formula="d/dx: gradient zeroed at the copied slices; d/dsource: those slices")
def _index_copy(x, source, dim, index):
    out = x.copy()
    out[_along(dim, index)] = source
    return out


@_index_copy.backward
def _(ctx, g):
    dim, index = ctx.params
    grad_x = xp.op("index_fill", (g,), dim, index, 0) if _needs(ctx, 0) else None
    grad_source = _source_gradient(g, dim, index) if _needs(ctx, 1) else None
    return grad_x, grad_source


_index_copy.tangent(_fw.linear)


@public(inplace=True)
def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:
    """A copy of input with the slices at `index` along dim replaced by source's."""
    d = wrap_dim(dim, max(input._data.ndim, 1))
    size = input._data.shape[d] if input._data.ndim else 1
    index_array = _check_index_vector("index_copy", index)
    bad = _out_of_range(index_array, size)
    if bad is not None:
        raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {d} with "
                         f"size {size}")
    count = source._data.shape[d] if source._data.ndim else 1
    if count != index_array.size:
        raise IndexError(f"index_copy_(): Number of indices ({index_array.size}) should be "
                         f"equal to source.size(dim) ({count})")
    _same_dtype("index_copy_", input, source)
    return keep_versions(apply(OPS["index_copy"], (input, source), (d, index_array)), index)


# ---------------------------------------------------------------------- index_put
@declare("index_put_accumulate", grad_fn="IndexPutBackward0", dtype=SAME, broadcasts=True,
         saves_params={0: (1,)},
         formula="d/dx = 1; d/dvalues: the gradient at the indices, summed over repeats")
def _index_put_accumulate(x, values, index, values_shape):
    out = x.copy()
    np.add.at(out, index, values)
    return out


@_index_put_accumulate.backward
def _(ctx, g):
    index, values_shape = ctx.params
    grad_values = None
    if _needs(ctx, 1):
        from .indexing import _sum_to_shape

        picked = xp.op("index", (g,), index, tuple(g.shape))
        grad_values = _sum_to_shape(picked, values_shape)
    return g, grad_values


_index_put_accumulate.tangent(_fw.linear)


def _index_arrays(indices, shape: tuple) -> tuple:
    """A tuple of integer or bool index tensors as NumPy's advanced index."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError("index_put(): argument 'indices' must be tuple of Tensors, not "
                        f"{type(indices).__name__}")
    if len(indices) > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)} (got "
                         f"{len(indices)})")
    arrays = []
    for i in indices:
        array = i._data if isinstance(i, Tensor) else np.asarray(i)
        if array.dtype.kind not in "iub" or (
                isinstance(i, Tensor) and array.dtype.name in ("int8", "int16")):
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        arrays.append(array)
    return tuple(arrays)


def _masks_of_uint8(index: tuple, shape: tuple, one_value: bool) -> tuple:
    """torch reads a uint8 index tensor as a mask, with its deprecation warning. One value
    through one mask (`one_value`: no accumulate) it writes with masked_fill_, which checks
    the mask's shape and refuses a uint8 mask."""
    if one_value and len(index) == 1 and index[0].dtype == np.uint8:
        mask = index[0]
        for i, size in enumerate(mask.shape):
            if i >= len(shape) or size != shape[i]:
                raise IndexError(f"The shape of the mask {list(mask.shape)} at index {i} does "
                                 f"not match the shape of the indexed tensor {list(shape)} at "
                                 f"index {i}")
        raise RuntimeError(UINT8_MASK_FILL)
    masks = []
    for array in index:
        if array.dtype == np.uint8:
            warn_uint8_index()
            array = array.astype(bool)
        masks.append(array)
    return tuple(masks)


@public(inplace=True)
def index_put(input: Tensor, indices, values: Tensor, accumulate: bool = False) -> Tensor:
    """A copy of input with values written (or, with accumulate, added) at the positions
    the index tensors name: input[indices] = values."""
    index = _index_arrays(indices, input._data.shape)
    if not isinstance(values, Tensor):
        values = Tensor(np.asarray(values, input._data.dtype))
    index = _masks_of_uint8(index, input._data.shape, values._data.size == 1 and not accumulate)
    if values._data.dtype != input._data.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{_scalar_name(input)} for the destination and "
                           f"{_scalar_name(values)} for the source.")
    try:
        target_shape = input._data[index].shape
        np.broadcast_shapes(values._data.shape, target_shape)
    except IndexError as error:
        raise IndexError(str(error)) from None
    except ValueError:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(values._data.shape)} "
                           f"cannot be broadcast to indexing result of shape "
                           f"{list(target_shape)}") from None
    kept = [i for i in indices if isinstance(i, Tensor)]  # (torch saves the index tensors)
    if accumulate:
        return keep_versions(apply(OPS["index_put_accumulate"], (input, values),
                                   (index, values._data.shape)), *kept)
    return keep_versions(apply(OPS["index_put"], (input, values),
                               ((), index, values._data.shape)), *kept)


# torch writes index_put_ into an expanded tensor, with a deprecation warning.
index_put.overlapping_write = warn_indexed("index_put_", "tensor[indices] = tensor")


# ---------------------------------------------------------------------- put
@declare("put", saves=(1,), save_if={1: (1,)}, saves_params={0: (0, 1)},
         grad_fn="PutBackward0", dtype=SAME,
         formula="d/dx: gradient zeroed at the written flat positions (unless accumulated); "
                 "d/dsource: the gradient at those positions")
def _put(x, source, index, accumulate, source_shape):
    out = x.copy()
    flat = out.reshape(-1)  # out is contiguous: a view
    if accumulate:
        np.add.at(flat, index, source.reshape(-1))
    else:
        flat[index] = source.reshape(-1)
    return out


@_put.backward
def _(ctx, g):
    index, accumulate, source_shape = ctx.params
    grad_x = grad_source = None
    if _needs(ctx, 0):
        grad_x = g if accumulate else xp.op("put_zero", (g,), index)
    if _needs(ctx, 1):
        flat = xp.reshape(g, (-1,))
        grad_source = xp.reshape(xp.op("index", (flat,), (index,), tuple(flat.shape)),
                                 source_shape)
    return grad_x, grad_source


_put.tangent(_fw.linear)


@declare("put_zero", saves_params={0: (0,)}, grad_fn="PutBackward0", dtype=SAME,
         formula="gradient zeroed at the flat positions")
def _put_zero(g, index):
    out = g.copy()
    out.reshape(-1)[index] = 0
    return out


_put_zero.backward(lambda ctx, gg: (xp.op("put_zero", (gg,), *ctx.params),))
_put_zero.tangent(_fw.linear)


@public(inplace=True)
def put(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
    """A copy of input with source's elements written (or added) at the flat positions
    `index` (input seen as one dim, negative positions from the end)."""
    positions = _index_tensor(index, "put", 1)
    if positions.dtype != np.int64:
        raise RuntimeError("put_(): Expected a long tensor for index, but got "
                           f"{_type_name(positions.dtype)}")
    size = input._data.size
    if ((positions < -size) | (positions >= size)).any():
        bad = positions[(positions < -size) | (positions >= size)][0]
        raise IndexError(f"out of range: tried to access index {bad} on a tensor of {size} "
                         "elements.")
    if positions.size != source._data.size:
        raise RuntimeError(f"put_(): Expected source and index to have the same number of "
                           f"elements, but got source.numel() = {source._data.size}, "
                           f"index.numel() = {positions.size}")
    _same_dtype("put_", input, source)
    positions = np.where(positions < 0, positions + size, positions).reshape(-1)
    return keep_versions(apply(OPS["put"], (input.contiguous(), source),
                               (positions, bool(accumulate), source._data.shape)), index)


# ---------------------------------------------------------------------- masked_scatter
@declare("masked_scatter", saves_params={0: (0, 1)}, grad_fn="MaskedScatterBackward0", dtype=SAME,
         formula="d/dx: gradient zeroed under the mask; d/dsource: the gradient under the "
                 "mask, in order, zeros after")
def _masked_scatter(x, source, mask, source_shape):
    out = x.copy()
    count = int(mask.sum())
    out[mask] = source.reshape(-1)[:count]
    return out


@_masked_scatter.backward
def _(ctx, g):
    mask, source_shape = ctx.params
    grad_x = xp.masked_fill(g, xp.constant(mask, like=g), 0) if _needs(ctx, 0) else None
    grad_source = None
    if _needs(ctx, 1):
        grad_source = xp.op("masked_scatter_backward", (g,), mask, source_shape)
    return grad_x, grad_source


_masked_scatter.tangent(_fw.linear)


@declare("masked_scatter_backward", grad_fn="MaskedScatterBackwardBackward0", dtype=SAME,
         saves_params={0: (0,)},
         formula="d/dg: the gradient spread back under the mask")
def _masked_scatter_backward(g, mask, source_shape):
    values = g[mask]
    out = np.zeros(int(np.prod(source_shape, dtype=np.int64)), g.dtype)
    out[:values.size] = values
    return out.reshape(source_shape)


@_masked_scatter_backward.backward
def _(ctx, gg):
    mask, source_shape = ctx.params
    zeros = xp.zeros(mask.shape, like=gg)
    return (xp.op("masked_scatter", (zeros, gg), mask, source_shape),)


_masked_scatter_backward.tangent(_fw.linear)


@public(inplace=True)
def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """A copy of input with source's elements, in order, written where mask is True (mask
    broadcasts to input)."""
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_scatter_: expected BoolTensor for mask")
    _same_dtype("masked_scatter_", input, source)
    shape = np.broadcast_shapes(input._data.shape, mask._data.shape)
    if shape != input._data.shape:
        input = input.expand(shape)
    full_mask = np.ascontiguousarray(np.broadcast_to(mask._data, shape))
    if int(full_mask.sum()) > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    return keep_versions(apply(OPS["masked_scatter"], (input, source),
                               (full_mask, source._data.shape)), mask)


# ---------------------------------------------------------------------- scatter_reduce
_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")
# torch 2.13's forward still takes these (undocumented); its backward refuses them
_LEGACY_NAMES = {"max": "amax", "min": "amin"}
_IDENTITY = {"sum": 0.0, "mean": 0.0, "prod": 1.0, "amax": -np.inf, "amin": np.inf}
_UFUNCS = {"sum": np.add, "mean": np.add, "prod": np.multiply, "amax": np.maximum,
           "amin": np.minimum}


def _scatter_counts(shape: tuple, dim: int, index: np.ndarray) -> np.ndarray:
    counts = np.zeros(shape, np.int64)
    np.add.at(counts, _grid(index, dim), 1)
    return counts


@declare("scatter_reduce", grad_fn="ScatterReduceBackward0", saves=(0, 1, "out"), dtype=SAME,
         saves_params={1: (0, 1)},
         formula="sum: 1 and gathered g; mean: divided by the count; amax/amin: split among "
                 "the elements equal to the result; prod: out / element")
def _scatter_reduce(x, src, dim, index, reduce, include_self):
    reduce = _LEGACY_NAMES.get(reduce, reduce)
    grid = _grid(index, dim)
    picked = src[tuple(slice(0, s) for s in index.shape)]
    counts = _scatter_counts(x.shape, dim, index)
    touched = counts > 0
    # (torch reduces float16 in a float32 copy of x, rounded once at the end)
    out = x.astype(np.float32) if x.dtype == np.float16 else x.copy()
    if x.dtype == np.float16:
        picked = picked.astype(np.float32)
    if not include_self:  # the written positions start from the reduction's identity
        out[touched] = _identity(reduce, x.dtype)
    _UFUNCS[reduce].at(out, grid, picked)
    if reduce == "mean":
        total = np.where(touched, counts + (1 if include_self else 0), 1)
        if out.dtype.kind == "f":
            out = out / total.astype(out.dtype)
        else:  # integer means round down, as torch's
            out = np.floor_divide(out, total)
    return out.astype(x.dtype, copy=False)


def _identity(reduce: str, dtype: np.dtype):
    if dtype.kind in "iu" and reduce in ("amax", "amin"):
        info = np.iinfo(dtype)
        return info.min if reduce == "amax" else info.max
    if dtype.kind == "b":
        return reduce in ("prod", "amin")
    return _IDENTITY[reduce]


def _hits(values, result, src_values, dim: int, index, include_self: bool):
    """Where amax/amin took its value from: self's elements (if included) and src's
    elements equal to the result, and how many tie at each result."""
    touched = _scatter_counts(values.shape, dim, index) > 0
    self_hits = (values == result) & (include_self | ~touched)
    src_part = src_values[tuple(slice(0, s) for s in index.shape)]
    if index.ndim != src_part.ndim:  # (an empty index of fewer dims: torch's broadcast fails)
        raise _size_mismatch(list(src_part.shape), list(index.shape))
    src_hits = src_part == result[_grid(index, dim)].reshape(index.shape)
    ties = self_hits.astype(np.int64)
    np.add.at(ties, _grid(index, dim), src_hits)
    return self_hits, src_hits, np.maximum(ties, 1)


@_scatter_reduce.backward
def _(ctx, g):
    x, src, out = ctx.saved
    dim, index, reduce, include_self = ctx.params
    if reduce in _LEGACY_NAMES:
        raise RuntimeError("Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', "
                           f"'amin' but got {reduce}.")
    values = xp.numpy_value(x)
    shape = values.shape
    counts = _scatter_counts(shape, dim, index)
    touched = counts > 0
    src_shape = tuple(src.shape)
    if reduce in ("amax", "amin", "prod") and src_shape != index.shape:
        # torch's formulas for these combine src with values gathered at the index
        raise _size_mismatch(list(src_shape), list(index.shape))

    def gathered(t):
        return xp.op("gather", (t,), dim, index, tuple(t.shape))

    def to_src(t):
        return _src_gradient(t, src_shape, "ScatterReduceBackward0") if _needs(ctx, 1) \
            else None

    if reduce == "sum":
        grad_x = g if include_self else xp.masked_fill(g, xp.constant(touched, like=g), 0)
        return grad_x, to_src(gathered(g))
    if reduce in ("mean", "amax", "amin") and xp.is_tensor(g):
        return _scatter_reduce_recorded(ctx, g, values, counts, touched, gathered, to_src)
    if reduce == "mean":
        total = np.where(touched, counts + (1 if include_self else 0), 1).astype(values.dtype)
        scaled = g / xp.constant(total, like=g)
        grad_x = scaled if include_self else xp.masked_fill(scaled,
                                                           xp.constant(touched, like=g), 0)
        return grad_x, to_src(gathered(scaled))
    if reduce in ("amax", "amin"):
        self_hits, src_hits, ties = _hits(values, xp.numpy_value(out), xp.numpy_value(src),
                                          dim, index, include_self)
        share = g / xp.constant(ties.astype(values.dtype), like=g)
        grad_x = xp.where(xp.constant(self_hits, like=g), share, 0.0)
        grad_src = xp.where(xp.constant(src_hits, like=g), gathered(share), 0.0)
        return grad_x, to_src(grad_src)
    # prod: d out / d element = out / element; where an element is 0 that is the product
    # of the others (then a constant: first derivatives only, as elsewhere at zeros)
    src_values = xp.numpy_value(src)
    picked = src[tuple(slice(0, s) for s in index.shape)]
    if not (values == 0).any() and not (src_values == 0).any():
        grad_x = g * out / x
        if not include_self:
            grad_x = xp.masked_fill(grad_x, xp.constant(touched, like=g), 0)
        return grad_x, to_src(gathered(g * out) / picked)
    slope_x, slope_src = _prod_slopes(values, src_values, dim, index, include_self)
    grad_x = g * xp.constant(slope_x, like=g)
    grad_src = gathered(g) * xp.constant(slope_src, like=g)
    return grad_x, to_src(grad_src)


def _scatter_reduce_recorded(ctx, g, values, counts, touched, gathered, to_src) -> tuple:
    """mean's, amax's and amin's gradients on Tensors (create_graph), composed as torch's:
    g divided by the count (of contributors, or of ties at the extreme), times the mask of
    the elements that gave the extreme, self's written positions zeroed by a scatter
    (ScatterBackward1) when self is left out."""
    x, src, out = ctx.saved
    dim, index, reduce, include_self = ctx.params
    positions = Tensor(np.asarray(index))
    if reduce == "mean":
        total = np.where(touched, counts + (1 if include_self else 0), 1).astype(values.dtype)
        grad_x = g / Tensor(total)
        grad_src = gathered(g) / gathered(Tensor(total))  # (a constant: nothing recorded)
    else:
        result = xp.numpy_value(out)
        _, src_hits, ties = _hits(values, result, xp.numpy_value(src), dim, index,
                                  include_self)
        share = g / Tensor(ties.astype(values.dtype))
        grad_x = Tensor((values == result).astype(values.dtype)) * share
        grad_src = Tensor(src_hits.astype(values.dtype)) * gathered(share)
    if not include_self:
        grad_x = grad_x.scatter(dim, positions, 0)
    return grad_x, to_src(grad_src)


def _prod_slopes(values, src_values, dim: int, index, include_self: bool):
    """d out / d element for reduce='prod' with zeros: the product of the other
    contributors (0 when another one is 0 too)."""
    grid = _grid(index, dim)
    part = src_values[tuple(slice(0, s) for s in index.shape)]
    touched = _scatter_counts(values.shape, dim, index) > 0
    own = include_self | ~touched
    nonzero_product = np.where(own & (values != 0), values, 1).astype(values.dtype)
    np.multiply.at(nonzero_product, grid, np.where(part != 0, part, 1))
    zeros = (own & (values == 0)).astype(np.int64)
    np.add.at(zeros, grid, part == 0)

    def slope(element, product, zero_count):
        safe = np.where(element == 0, 1, element)
        return np.where(element != 0, np.where(zero_count == 0, product / safe, 0),
                        np.where(zero_count == 1, product, 0))

    slope_x = np.where(own, slope(values, nonzero_product, zeros), 0).astype(values.dtype)
    slope_src = slope(part, nonzero_product[grid].reshape(index.shape),
                      zeros[grid].reshape(index.shape)).astype(values.dtype)
    return slope_x, slope_src


@_scatter_reduce.tangent
def _(ctx, tx, tsrc):
    x, src = ctx.inputs
    dim, index, reduce, include_self = ctx.params
    reduce = _LEGACY_NAMES.get(reduce, reduce)
    if reduce in ("sum", "mean"):
        return _fw.linear(ctx, tx, tsrc)
    out = ctx.output
    index_tensor = Tensor(index)
    touched = Tensor(_scatter_counts(x.shape, dim, index) > 0)
    if reduce in ("amax", "amin"):
        self_hits, src_hits, ties = _hits(x._data, out._data, src._data, dim, index,
                                          include_self)
        total = None
        if tx is not None:
            total = tx.masked_fill(Tensor(~self_hits), 0)
        if tsrc is not None:
            part = tsrc[tuple(slice(0, s) for s in index.shape)]
            spread = (x * 0).detach().scatter_add(dim, index_tensor,
                                                  part.masked_fill(Tensor(~src_hits), 0))
            total = spread if total is None else total + spread
        return total / Tensor(ties.astype(x._data.dtype))
    # prod: d out = out * (sum of d element / element)
    relative = None
    if tx is not None:
        relative = tx / x
        if not include_self:
            relative = relative.masked_fill(touched, 0)
    if tsrc is not None:
        part = (tsrc / src)[tuple(slice(0, s) for s in index.shape)]
        spread = (x * 0).detach().scatter_add(dim, index_tensor, part)
        relative = spread if relative is None else relative + spread
    return out * relative




@public(inplace=True)
def scatter_reduce(input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                   include_self: bool = True) -> Tensor:
    """A copy of input with src's elements reduced into it at `index` along dim (like
    scatter_add, for sum, prod, mean, amax or amin); include_self=False leaves input's
    own values at the written positions out of the reduction."""
    if _LEGACY_NAMES.get(reduce, reduce) not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, "
                           f"got {reduce}")
    index_array = _scatter_gather_index(index, "scatter_reduce", 3)
    d = wrap_dim(dim, max(input._data.ndim, 1))
    # (torch's checks name the function scatter here too)
    _check_scatter_index("scatter", input._data, d, index_array, src._data)
    if input._data.dtype != src._data.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    return keep_versions(apply(OPS["scatter_reduce"], (input, src),
                               (d, index_array, reduce, bool(include_self))), index)


# ---------------------------------------------------------------------- fill_diagonal_
@public(function=False)
def fill_diagonal_(input: Tensor, fill_value: Number, wrap: bool = False) -> Tensor:
    """Fill the main diagonal (all dims equal for more than two); a tall matrix with wrap
    starts again every columns + 1 rows, as NumPy's fill_diagonal."""
    ndim = input._data.ndim
    if ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    shape = input._data.shape
    if ndim > 2 and len(set(shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    if ndim == 2:
        rows, cols = shape
        if wrap and rows > cols + 1:
            for start in range(0, rows, cols + 1):  # one block of cols rows at a time
                block = input.narrow(0, start, min(cols, rows - start))
                block.diagonal().fill_(fill_value)
            return input
        input.diagonal().fill_(fill_value)
        return input
    view = input
    for _ in range(ndim - 2):  # the diagonal of the first two dims, again and again
        view = view.diagonal(0, 0, 1).movedim(-1, 0)
    view.diagonal().fill_(fill_value)
    return input

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("index_copy", "index_put_accumulate", "put", "put_zero", "masked_scatter",
              "masked_scatter_backward")
