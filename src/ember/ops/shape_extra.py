"""More shape functions: meshgrid, cartesian_prod, combinations, rot90, fliplr/flipud,
tensor_split/hsplit/vsplit/dsplit, block_diag, kron, tensordot, vander, diag_embed,
diagflat, tril_indices/triu_indices, and Tensor.unfold (sliding windows, a view).

Those torch composes from other ops are compositions here too, so their grad_fn names are
torch's (meshgrid: ExpandBackward0, tensor_split: SliceBackward0, kron:
UnsafeViewBackward0...); rot90, block_diag, diag_embed and unfold are ops of their own, as
in torch.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.lib.stride_tricks import as_strided as _numpy_as_strided

from .. import _dtype
from .._arguments import tensor_elements
from .._dispatch import apply
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first
from . import _empty_views as empty
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._dims import wrap_dim
from ._registry import OPS, PROMOTE, allow_complex, declare, public
from .shape import _view_apply
from .shape_parts import slice_dim


def _listed(tensors: tuple) -> list:
    """f(a, b) or f([a, b])."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    return tensor_elements(tensors)


# ---------------------------------------------------------------------- meshgrid
@public(method=False)
def meshgrid(*tensors, indexing: str | None = None) -> tuple:
    """Coordinate grids from 0-d or 1-d tensors: 'ij' gives the first tensor's values along
    dim 0, 'xy' swaps the first two dims (matrix vs Cartesian indexing). Without `indexing`
    torch warns and uses 'ij'. The grids are expanded views (ExpandBackward0)."""
    tensors = _listed(tensors)
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing is None:
        warn_once("meshgrid without indexing",
                  "torch.meshgrid: in an upcoming release, it will be required to pass the "
                  "indexing argument.")
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError('torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f"received: {indexing}")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list "
                               f"but got: {t}")
        if t._data.dtype != tensors[0]._data.dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    swap = indexing == "xy" and len(tensors) >= 2
    order = [1, 0] + list(range(2, len(tensors))) if swap else list(range(len(tensors)))
    ordered = [tensors[i] for i in order]
    shape = tuple(t._data.size for t in ordered)
    grids = []
    for k, t in enumerate(ordered):
        view = [1] * len(shape)
        view[k] = -1
        grids.append(t.reshape(view).expand(shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def _one_dimensional(t: Tensor) -> None:
    if t._data.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._data.shape)}")


@public(method=False)
def cartesian_prod(*tensors) -> Tensor:
    """Every combination of one element from each 1-d tensor, as rows (like
    itertools.product); one tensor is returned as it is."""
    tensors = _listed(tensors)
    for t in tensors:
        _one_dimensional(t)
    if len(tensors) == 1:
        return tensors[0]
    from .shape_copies import stack

    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.flatten() for g in grids], 1)


@public(method=False)
def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """The r-element combinations of a 1-d tensor's elements, as rows (like
    itertools.combinations, or combinations_with_replacement)."""
    _one_dimensional(input)
    from .shape_copies import stack

    if r == 0:
        return Tensor(np.zeros(0, input._data.dtype))
    pick = itertools.combinations_with_replacement if with_replacement else \
        itertools.combinations
    rows = np.array(list(pick(range(input._data.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    if not len(rows):
        return Tensor(np.zeros((0, r), input._data.dtype))
    return stack([input.index_select(0, Tensor(np.ascontiguousarray(rows[:, k])))
                  for k in range(r)], 1)


# ---------------------------------------------------------------------- rot90, flips
@declare("rot90", grad_fn="Rot90Backward0", formula="gradient rotated back by -k")
def _rot90(x, k, dims):
    return np.ascontiguousarray(np.rot90(x, k, dims))


@_rot90.backward
def _(ctx, g):
    k, dims = ctx.params
    return (xp.op("rot90", (g,), -k, dims),)


_rot90.tangent(_fw.linear)


@_batched_rule("rot90")
def _(ctx, g):
    k, dims = ctx.params
    return (np.ascontiguousarray(np.rot90(g, -k, (dims[0] + 1, dims[1] + 1))),)


@public()
def rot90(input: Tensor, k: int = 1, dims=(0, 1)) -> Tensor:
    """Rotate by 90 degrees k times in the plane of `dims`, from dims[0] toward dims[1]."""
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    ndim = input._data.ndim
    if ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {ndim}")
    d0, d1 = wrap_dim(dims[0], ndim), wrap_dim(dims[1], ndim)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and "
                           f"dim1 = {d1}")
    return apply(OPS["rot90"], (input,), (int(k) % 4, (d0, d1)))


@public()
def fliplr(input: Tensor) -> Tensor:
    """Reverse dim 1 (left-right)."""
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return input.flip(1)


@public()
def flipud(input: Tensor) -> Tensor:
    """Reverse dim 0 (up-down)."""
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return input.flip(0)


# ---------------------------------------------------------------------- splits
def _index_list(value) -> list[int] | None:
    """A list of split indices, or None if `value` is a number of sections."""
    if isinstance(value, Tensor):
        if value._data.ndim == 0:
            return None
        return [int(v) for v in value._data.tolist()]
    if isinstance(value, (list, tuple)):
        return [int(v) for v in value]
    return None


@public()
def tensor_split(input: Tensor, indices_or_sections, dim: int = 0) -> tuple:
    """Views splitting `dim` into n nearly equal parts (the first size % n one longer), or
    at the given indices (like NumPy's array_split)."""
    if input._data.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    indices = _index_list(indices_or_sections)
    if indices is None:
        sections = int(indices_or_sections)
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        base, extra = divmod(size, sections)
        bounds, start = [], 0
        for i in range(sections):
            stop = start + base + (1 if i < extra else 0)
            bounds.append((start, stop))
            start = stop
    else:
        # each piece is x[a:b] along dim, with Python's slicing: a negative index counts
        # from the end (x.tensor_split((1, -1)) is x[:1], x[1:-1], x[-1:])
        edges = [0] + [i + size if i < 0 else i for i in indices] + [size]
        bounds = [(min(max(a, 0), size), min(max(b, 0), size)) for a, b in zip(edges, edges[1:])]
        bounds = [(a, max(a, b)) for a, b in bounds]
    return tuple(slice_dim(input, d, a, b) for a, b in bounds)


def _split_along(name: str, input: Tensor, sections, dim: int, least: int) -> tuple:
    ndim = input._data.ndim
    if ndim < least:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {least} dimension, "
                           f"but got a tensor with {ndim} dimensions!")
    if _index_list(sections) is None:
        size = input._data.shape[dim]
        if int(sections) == 0 or size % int(sections):
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the "
                               f"size of the dimension {size} is not divisible by the "
                               f"split_size {int(sections)}!")
    return tensor_split(input, sections, dim)


@public()
def hsplit(input: Tensor, indices_or_sections) -> tuple:
    """tensor_split along dim 1 (dim 0 for 1-d tensors); sections must divide evenly."""
    if input._data.ndim == 0:
        raise RuntimeError("torch.hsplit requires a tensor with at least 1 dimension, but got "
                           "a tensor with 0 dimensions!")
    return _split_along("hsplit", input, indices_or_sections,
                        1 if input._data.ndim > 1 else 0, 1)


@public()
def vsplit(input: Tensor, indices_or_sections) -> tuple:
    """tensor_split along dim 0 of a tensor with at least 2 dims."""
    return _split_along("vsplit", input, indices_or_sections, 0, 2)


@public()
def dsplit(input: Tensor, indices_or_sections) -> tuple:
    """tensor_split along dim 2 of a tensor with at least 3 dims."""
    return _split_along("dsplit", input, indices_or_sections, 2, 3)


# ---------------------------------------------------------------------- block_diag
@declare("block_diag", grad_fn="BlockDiagBackward0", dtype=PROMOTE,
         formula="each input's gradient is its block of the gradient")
def _block_diag(*args):
    arrays = args[:-1]  # the last is the blocks' shapes (used by the backward)
    rows = sum(a.shape[0] for a in arrays)
    cols = sum(a.shape[1] for a in arrays)
    dtype = arrays[0].dtype if arrays else np.float32
    out = np.zeros((rows, cols), dtype)
    r = c = 0
    for a in arrays:
        out[r:r + a.shape[0], c:c + a.shape[1]] = a
        r, c = r + a.shape[0], c + a.shape[1]
    return out


@_block_diag.backward
def _(ctx, g):
    grads, r, c = [], 0, 0
    for shape in ctx.params[0]:
        block = xp.view("slice", g, 0, r, r + shape[0], 1, tuple(g.shape))
        block = xp.view("slice", block, 1, c, c + shape[1], 1, tuple(block.shape))
        grads.append(block)
        r, c = r + shape[0], c + shape[1]
    return tuple(grads)


_block_diag.tangent(_fw.linear)


@public(method=False)
def block_diag(*tensors) -> Tensor:
    """The tensors placed along the diagonal of a zero matrix (0-d as 1x1, 1-d as one row);
    dtypes promote."""
    as_matrices = []
    for i, t in enumerate(tensor_elements(tensors)):
        ndim = t._data.ndim
        if ndim > 2:
            raise RuntimeError("torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                               f"Input {i} has {ndim} dimensions")
        as_matrices.append(t.reshape(1, -1) if ndim < 2 else t)
    if not as_matrices:
        return Tensor(np.zeros((1, 0), _dtype.get_default_dtype().numpy))
    shapes = tuple(m._data.shape for m in as_matrices)
    return apply(OPS["block_diag"], tuple(as_matrices), (shapes,))


# ---------------------------------------------------------------------- kron, tensordot
@public()
def kron(input: Tensor, other: Tensor) -> Tensor:
    """The Kronecker product: every element of input times the whole of other, in blocks
    (dims aligned from the right)."""
    ndim = max(input._data.ndim, other._data.ndim)
    a = input.reshape((1,) * (ndim - input._data.ndim) + tuple(input._data.shape))
    b = other.reshape((1,) * (ndim - other._data.ndim) + tuple(other._data.shape))
    # a's dims at even places, b's at odd: (a0, 1, a1, 1, ...) * (1, b0, 1, b1, ...)
    a_shape, b_shape = [], []
    for sa, sb in zip(a._data.shape, b._data.shape):
        a_shape += [sa, 1]
        b_shape += [1, sb]
    product = a.reshape(a_shape) * b.reshape(b_shape)
    shape = tuple(sa * sb for sa, sb in zip(a._data.shape, b._data.shape))
    return apply(OPS["unsafe_view"], (product,), (shape, product._data.shape))


@public(method=False)
def tensordot(a: Tensor, b: Tensor, dims=2, out=None) -> Tensor:
    """Sum over the last `dims` dims of a and the first of b, or over the dims listed in
    dims = (dims_of_a, dims_of_b): one matrix product of the folded tensors."""
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        dims_a = list(range(-dims, 0))
        dims_b = list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
        if len(dims_a) != len(dims_b):
            raise RuntimeError("both dimension lists should have same length")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("both inputs should have same dtype")
    # As torch: a contracted dim of size 1 on one side broadcasts, summed out of the other
    # side first (keepdim); the rest are folded into one matrix product.
    left, right, size = a, b, 1
    for given_a, given_b in zip(dims_a, dims_b):
        size_a = a._data.shape[wrap_dim(given_a, a._data.ndim)]
        size_b = b._data.shape[wrap_dim(given_b, b._data.ndim)]
        if size_b == 1:
            left = left.sum(given_a, keepdim=True, dtype=left.dtype)  # (no int64 sums)
        elif size_a == 1:
            right = right.sum(given_b, keepdim=True, dtype=right.dtype)
        elif size_a != size_b:
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {size_a} in dim "
                f"{given_a} and second has size {size_b} in dim {given_b}")
        else:
            size *= size_a
    dims_a = [wrap_dim(d, a._data.ndim) for d in dims_a]
    dims_b = [wrap_dim(d, b._data.ndim) for d in dims_b]
    free_a = [d for d in range(a._data.ndim) if d not in dims_a]
    free_b = [d for d in range(b._data.ndim) if d not in dims_b]
    rows = math.prod(left._data.shape[d] for d in free_a)  # (not -1: ambiguous when empty)
    columns = math.prod(right._data.shape[d] for d in free_b)
    if rows == 1 and columns == 1 and a._data.dtype == np.bool_:
        # torch multiplies one row by one column with its dot kernel, which has no bool loop
        # (even with nothing to multiply, where its mm returns False)
        raise NotImplementedError("\"dot\" not implemented for 'Bool'")
    left = left.permute(free_a + dims_a).reshape(rows, size)
    right = right.permute(dims_b + free_b).reshape(size, columns)
    shape = [a._data.shape[d] for d in free_a] + [b._data.shape[d] for d in free_b]
    return left.mm(right).reshape(shape)


# ---------------------------------------------------------------------- vander
@public(method=False)
def vander(x: Tensor, N: int | None = None, increasing: bool = False) -> Tensor:
    """Columns of powers of x: x^(N-1), ..., x, 1 (or the other way round with
    `increasing`), built as a cumulative product (integers stay integers)."""
    if x._data.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x._data.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    dtype = x._data.dtype if x._data.dtype.kind != "b" else np.dtype(np.int64)
    if x._data.dtype.kind in "ui":
        dtype = np.dtype(np.int64)
    rows = x._data.shape[0]
    if n == 0:
        return Tensor(np.zeros((rows, 0), dtype))
    # a column of ones, then the running products written into the rest (CopySlices, as
    # torch fills it)
    result = Tensor(np.zeros((rows, n), dtype))
    result[:, 0] = 1
    if n > 1:
        column = x.to(_dtype.to_dtype(dtype)) if x._data.dtype != dtype else x
        result[:, 1:] = column.unsqueeze(1).expand(rows, n - 1).cumprod(1)
    return result if increasing else result.flip(1)


# ---------------------------------------------------------------------- diag_embed
def _diag_embed_shape(shape: tuple, offset: int, dim1: int, dim2: int) -> tuple:
    n = shape[-1] + abs(offset)
    out = list(shape[:-1])
    for d in sorted((dim1, dim2)):
        out.insert(d, n)
    return tuple(out)


@declare("diag_embed_dims", grad_fn="DiagEmbedBackward0",
         formula="the gradient's diagonal goes back to the input's last dim")
def _diag_embed_dims(x, offset, dim1, dim2):
    from .shape_parts import diagonal_view

    out = np.zeros(_diag_embed_shape(x.shape, offset, dim1, dim2), x.dtype)
    diagonal_view(out, offset, dim1, dim2)[...] = x
    return out


@_diag_embed_dims.backward
def _(ctx, g):
    offset, dim1, dim2 = ctx.params
    return (xp.view("diagonal", g, offset, dim1, dim2, tuple(g.shape)),)


_diag_embed_dims.tangent(_fw.linear)


@public()
def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Matrices (in dims dim1, dim2 of the result) whose `offset` diagonal holds the last
    dim of input."""
    ndim = input._data.ndim + 1
    d1, d2 = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return apply(OPS["diag_embed_dims"], (input,), (offset, d1, d2))


@public()
def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """A matrix with input's elements (flattened) on its `offset` diagonal."""
    return apply(OPS["diag_embed_dims"], (input.reshape(-1),), (offset, 0, 1))


# ---------------------------------------------------------------------- tril/triu indices
def _triangle_indices(which, row: int, col: int, offset: int, dtype) -> Tensor:
    for name, value in (("row", row), ("col", col)):
        if value < 0:
            raise RuntimeError(f"{name} must be non-negative, got{value}")
    np_dtype = _dtype.to_dtype(dtype).numpy if dtype is not None else np.dtype(np.int64)
    rows, cols = which(row, offset, col)
    return Tensor(np.stack([rows, cols]).astype(np_dtype).reshape(2, -1))


@public(method=False)
def tril_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None,
                 layout=None) -> Tensor:
    """The (row, column) indices of the lower triangle (on and below the `offset`
    diagonal) of a row x col matrix, as a 2 x N tensor in row-major order."""
    return _triangle_indices(np.tril_indices, row, col, offset, dtype)


@public(method=False)
def triu_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None,
                 layout=None) -> Tensor:
    """The (row, column) indices of the upper triangle (on and above the `offset`
    diagonal) of a row x col matrix, as a 2 x N tensor in row-major order."""
    return _triangle_indices(np.triu_indices, row, col, offset, dtype)


# ---------------------------------------------------------------------- unfold (a view)
def _windows(x: np.ndarray, dim: int, size: int, step: int) -> np.ndarray:
    """The windows of `size` every `step` along dim: a strided view, windows last."""
    if x.ndim == 0:
        return x.reshape(1)
    count = (x.shape[dim] - size) // step + 1
    shape = x.shape[:dim] + (count,) + x.shape[dim + 1:] + (size,)
    strides = (x.strides[:dim] + (x.strides[dim] * step,) + x.strides[dim + 1:]
               + (x.strides[dim],))
    return _numpy_as_strided(x, shape, strides)


@declare("unfold", grad_fn="UnfoldBackward0", view=True,
         formula="each window's gradient added back at its place")
def _unfold(x, dim, size, step, input_shape):
    if not x.size:
        x = empty.torch_laid(x)
    return _windows(x, dim, size, step)


@_unfold.backward
def _(ctx, g):
    return (xp.op("unfold_backward", (g,), *ctx.params),)


_unfold.tangent(_fw.linear)


@declare("unfold_backward", grad_fn="UnfoldBackwardBackward0",
         formula="d/dg: the windows of the gradient")
def _unfold_backward(g, dim, size, step, input_shape):
    out = np.zeros(input_shape, g.dtype)
    if not input_shape:
        return g.reshape(())
    count = g.shape[dim]
    # one strided addition per position inside a window, the last position first: each
    # element then sums its windows in their order, first window first, as torch's kernel
    # does (the same sum to the last bit: istft's overlap-add is this op)
    for j in reversed(range(size)):
        target = [slice(None)] * len(input_shape)
        target[dim] = slice(j, j + step * (count - 1) + 1, step)
        out[tuple(target)] += g[..., j]
    return out


@_unfold_backward.backward
def _(ctx, gg):
    return (xp.op("unfold", (gg,), *ctx.params),)


_unfold_backward.tangent(_fw.linear)


@public(function=False)
def unfold(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """Windows of `size` elements every `step` along `dimension`, as a new last dim (a
    view: windows that overlap share memory)."""
    history_first(input)
    ndim = input._data.ndim
    d = wrap_dim(dimension, max(ndim, 1))
    length = input._data.shape[d] if ndim else 1
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is "
                           f"{size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    return _view_apply("unfold", input, (d, size, step, input._data.shape))

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("rot90", "diag_embed_dims", "unfold", "unfold_backward")
