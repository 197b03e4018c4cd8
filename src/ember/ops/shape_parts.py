"""Views of parts of a tensor: select, narrow/slice, split/chunk, unbind, alias, and the
diagonals (the `diagonal` view; `diag`, a copy).

The backward of a view that picks part of its input (select, slice, diagonal) is an op of
its own (select_backward...), whose backward is the view again: higher derivatives work.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided as _numpy_as_strided

from .._dispatch import apply
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, join_outputs, joint_node_class
from . import _empty_views as empty
from . import _xp as xp
from ._dims import wrap_dim
from ._registry import OPS, allow_complex, declare, public
from .shape import _view_apply


# ---------------------------------------------------------------------- select / slice
def _region(dim: int, index) -> tuple:
    """The NumPy index of `index` (an int or a slice) applied at dim `dim`.

    The trailing Ellipsis makes NumPy return a 0-d view rather than a scalar copy.
    """
    return (slice(None),) * dim + (index, Ellipsis)


@declare("select", grad_fn="SelectBackward0", view=True,
         formula="gradient placed at the selected index, zero elsewhere")
def _select(x, dim, index, input_shape):
    if not x.size:
        x = empty.torch_laid(x)
    if dim == 0:
        return x[index, ...]  # x[i], a DataLoader's every sample: skip building the index
    return x[_region(dim, index)]


@_select.backward
def _(ctx, g):
    return (xp.op("select_backward", (g,), *ctx.params),)


_select.tangent(_fw.linear)


@declare("select_backward", grad_fn="SelectBackwardBackward0",
         formula="d/dg: the selected entry of the gradient")
def _select_backward(g, dim, index, input_shape):
    out = np.zeros(input_shape, g.dtype)
    out[_region(dim, index)] = g
    return out


@_select_backward.backward
def _(ctx, gg):
    return (xp.op("select", (gg,), *ctx.params),)


_select_backward.tangent(_fw.linear)


# unbind's pieces are selects under torch's name for them, sharing one node (_unbind_joint)
@declare("unbind", grad_fn="UnbindBackward0", view=True,
         formula="each piece's gradient at its index (torch's stack), zero for the unused")
def _unbind_piece(x, dim, index, input_shape):
    if not x.size:
        x = empty.torch_laid(x)
    return x[_region(dim, index)]


_unbind_piece.backward(_select.backward_fn)
_unbind_piece.tangent(_fw.linear)


@declare("slice", grad_fn="SliceBackward0", view=True,
         formula="gradient placed in the slice, zero elsewhere")
def _slice(x, dim, start, stop, step, input_shape):
    out = x[_region(dim, slice(start, stop, step))]
    if not out.size:  # (NumPy's empty slice starts at x's first element, step 1)
        return empty.sliced(x, dim, start, stop, step)
    return out


@_slice.backward
def _(ctx, g):
    return (xp.op("slice_backward", (g,), *ctx.params),)


_slice.tangent(_fw.linear)


@declare("slice_backward", grad_fn="SliceBackwardBackward0",
         formula="d/dg: the slice of the gradient")
def _slice_backward(g, dim, start, stop, step, input_shape):
    out = np.zeros(input_shape, g.dtype)
    out[_region(dim, slice(start, stop, step))] = g
    return out


@_slice_backward.backward
def _(ctx, gg):
    return (xp.op("slice", (gg,), *ctx.params),)


_slice_backward.tangent(_fw.linear)


# split's and chunk's pieces are slices under torch's names for them, sharing one node
_split_piece = declare("split", grad_fn="SplitBackward0", view=True,
                       formula="the pieces' gradients concatenated (torch's cat), zeros for "
                               "the unused")(_slice.forward)
_split_piece.backward(_slice.backward_fn)
_split_piece.tangent(_fw.linear)


_split_sized_piece = declare(
    "split_with_sizes", grad_fn="SplitWithSizesBackward0", view=True,
    formula="the pieces' gradients concatenated (torch's cat), zeros for the "
            "unused")(_slice.forward)
_split_sized_piece.backward(_slice.backward_fn)
_split_sized_piece.tangent(_fw.linear)


# ---------------------------------------------------------------------- the pieces' node
# The pieces one call returns share one node (autograd/node.JointNode), whose backward gets
# every piece's gradient at once: on arrays it writes them into one zero gradient, on
# Tensors it composes torch's split_backward (a cat) or unbind_backward (a stack), so that a
# gradient taken with create_graph=True is one CatBackward0, not a sum of one per piece.
def _present(grads):
    return next(g for g in grads if g is not None)


def _split_arrays(node, grads, lead: int = 0) -> tuple:
    """On arrays, with `lead` batch dims before the input's (autograd/batched.py)."""
    params = node.params
    dim, input_shape = params[0][0], params[0][4]
    like = _present(grads)
    out = np.zeros(like.shape[:lead] + input_shape, like.dtype)
    for g, (_, start, stop, step, _) in zip(grads, params):
        if g is not None:
            out[_region(dim + lead, slice(start, stop, step))] = g
    return (out,)


def _unbind_arrays(node, grads, lead: int = 0) -> tuple:
    params = node.params
    dim, input_shape = params[0][0], params[0][2]
    like = _present(grads)
    out = np.zeros(like.shape[:lead] + input_shape, like.dtype)
    for g, (_, index, _) in zip(grads, params):
        if g is not None:
            out[_region(dim + lead, index)] = g
    return (out,)


def _split_joint(node, grads):
    like = _present(grads)
    if not xp.is_tensor(like):
        return _split_arrays(node, grads)
    params = node.params
    dim, input_shape = params[0][0], params[0][4]
    parts = []
    for g, (_, start, stop, _, _) in zip(grads, params):
        if g is None:
            stop = min(stop, input_shape[dim])
            g = xp.zeros(input_shape[:dim] + (stop - start,) + input_shape[dim + 1:], like)
        parts.append(g)
    return (xp.cat(parts, dim),)


def _unbind_joint(node, grads):
    like = _present(grads)
    if not xp.is_tensor(like):
        return _unbind_arrays(node, grads)
    dim, input_shape = node.params[0][0], node.params[0][2]
    from .shape_copies import stack  # (shape_copies imports this module)

    zeros = xp.zeros(input_shape[:dim] + input_shape[dim + 1:], like)
    return (stack([zeros if g is None else g for g in grads], dim),)


def _batched(arrays):
    return lambda node, grads: arrays(node, grads, 1)


_JOINT = {name: joint_node_class(OPS[name].grad_fn_name, formula, _batched(arrays),
                                  (OPS[name],))
          for name, formula, arrays in (("split", _split_joint, _split_arrays),
                                        ("split_with_sizes", _split_joint, _split_arrays),
                                        ("unbind", _unbind_joint, _unbind_arrays))}


def _index_value(index) -> int:
    """An int argument that may come as a 0-d integer tensor."""
    return int(index.__index__()) if isinstance(index, Tensor) else int(index)


def selected_position(shape: tuple, dim: int, index) -> tuple[int, int]:
    """(dim, index) of `select` wrapped into range, with torch's IndexErrors (select and
    select_scatter check alike)."""
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, len(shape))
    i = _index_value(index)
    if not -shape[d] <= i < shape[d]:
        raise IndexError(f"select(): index {i} out of range for tensor of size "
                         f"{list(shape)} at dimension {dim}")
    return d, i % shape[d]


@public()
def select(input: Tensor, dim: int, index: int) -> Tensor:
    """The slice at `index` along `dim`, with that dim removed (a view)."""
    history_first(input)
    shape = input._data.shape
    return _view_apply("select", input, (*selected_position(shape, dim, index), shape))


def slice_dim(input: Tensor, dim: int, start: int, stop: int, step: int = 1,
              op_name: str = "slice") -> Tensor:
    """input[..., start:stop:step, ...] at `dim` (normalised bounds), as a view."""
    return _view_apply(op_name, input, (dim, start, stop, step, input._data.shape))


@public()
def narrow(input: Tensor, dim: int, start, length: int) -> Tensor:
    """`length` elements along `dim` from `start` (a view)."""
    shape = input._data.shape
    if not shape:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, len(shape))
    size = shape[d]
    start = _index_value(start)
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got "
            f"{start})")
    if start < 0:
        start += size
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start + length > size:
        raise RuntimeError(
            f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return slice_dim(input, d, start, start + length)


def _pieces(input: Tensor, dim: int, sizes, op_name: str) -> tuple:
    d = wrap_dim(dim, input._data.ndim)
    pieces, start = [], 0
    for size in sizes:
        pieces.append(slice_dim(input, d, start, start + size, 1, op_name))
        start += size
    return _multi_output_views(pieces, "SplitWithSizes" if op_name == "split_with_sizes"
                               else "Split")


def _multi_output_views(views, function: str) -> tuple:
    """Mark the views one call returned together (split, unbind): torch refuses to record
    an in-place write into them (shape_strided.check_view_writable)."""
    if is_grad_enabled():  # (made under no_grad, they are no_grad views: ops/shape._as_view)
        for i, view in enumerate(views):
            view._extra.pop("no_grad_view", None)  # the newer mark wins, as in torch
            view._extra["multi_output"] = (function, i)
        node = views[0]._grad_fn if views else None
        if node is not None:
            join_outputs(views, _JOINT[node.op.name])
    return tuple(views)


@public()
def split(tensor: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Views of consecutive pieces along `dim`: of one size (the last may be smaller), or
    of the listed sizes."""
    history_first(tensor)
    if not tensor._data.ndim:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    length = tensor._data.shape[wrap_dim(dim, tensor._data.ndim)]
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = [int(s) for s in split_size_or_sections]
        if any(s < 0 for s in sizes):
            raise RuntimeError("split_with_sizes expects split_sizes have only non-negative "
                               f"entries, but got split_sizes={sizes}")
        if sum(sizes) != length:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {length} (input "
                f"tensor's size at dimension {dim}), but got split_sizes={sizes}")
        return _pieces(tensor, dim, sizes, "split_with_sizes")
    size = _index_value(split_size_or_sections)
    if size < 0:
        raise RuntimeError(
            f"split expects split_size be non-negative, but got split_size={size}")
    if size == 0:
        if length:
            raise RuntimeError("split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {length}")
        return _pieces(tensor, dim, [0], "split")
    sizes = [min(size, length - start) for start in range(0, length, size)] or [0]
    return _pieces(tensor, dim, sizes, "split")


@public()
def split_with_sizes(input: Tensor, split_sizes, dim: int = 0) -> tuple:
    """Views of consecutive pieces along `dim` of the listed sizes (split with a list)."""
    return split(input, list(split_sizes), dim)


@public()
def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """Split into `chunks` pieces of equal size (the last may be smaller; fewer pieces when
    the size does not allow that many)."""
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if not input._data.ndim:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    length = input._data.shape[wrap_dim(dim, input._data.ndim)]
    if length == 0:  # torch splits a dim without elements by sizes: `chunks` empty pieces
        return _pieces(input, dim, [0] * chunks, "split_with_sizes")
    return split(input, -(-length // chunks), dim)


@public()
def unbind(input: Tensor, dim: int = 0) -> tuple:
    """The slices along `dim`, each without that dim (views)."""
    history_first(input)
    shape = input._data.shape
    if not shape:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = wrap_dim(dim, len(shape))
    return _multi_output_views(
        [_view_apply("unbind", input, (d, i, shape)) for i in range(shape[d])], "Unbind")


@declare("alias", grad_fn="AliasBackward0", view=True, formula="d alias(x)/dx = 1")
def _alias(x):
    if not x.size:
        x = empty.torch_laid(x)
    return x.view()


@_alias.backward
def _(ctx, g):
    return (g,)


_alias.tangent(_fw.linear)


# ---------------------------------------------------------------------- diagonals
def diagonal_view(x: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
    """A writable view of the diagonal of dims (dim1, dim2), appended as the last dim."""
    y = np.moveaxis(x, (dim1, dim2), (-2, -1))
    rows, columns = y.shape[-2:]
    n = max(min(rows, columns - offset) if offset >= 0 else min(rows + offset, columns), 0)
    if n:  # (torch's diagonal without elements starts where x does)
        y = y[..., :, offset:] if offset >= 0 else y[..., -offset:, :]
    return _numpy_as_strided(y, y.shape[:-2] + (n,),
                             y.strides[:-2] + (y.strides[-2] + y.strides[-1],))


@declare("diagonal", grad_fn="DiagonalBackward0", view=True,
         formula="gradient placed on the diagonal, zero elsewhere")
def _diagonal(x, offset, dim1, dim2, input_shape):
    if not x.size:
        x = empty.torch_laid(x)
    return diagonal_view(x, offset, dim1, dim2)


@_diagonal.backward
def _(ctx, g):
    return (xp.op("diagonal_backward", (g,), *ctx.params),)


_diagonal.tangent(_fw.linear)


@declare("diagonal_backward", grad_fn="DiagonalBackwardBackward0",
         formula="d/dg: the diagonal of the gradient")
def _diagonal_backward(g, offset, dim1, dim2, input_shape):
    out = np.zeros(input_shape, g.dtype)
    diagonal_view(out, offset, dim1, dim2)[...] = g
    return out


@_diagonal_backward.backward
def _(ctx, gg):
    return (xp.op("diagonal", (gg,), *ctx.params),)


_diagonal_backward.tangent(_fw.linear)


@public()
def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of dims (dim1, dim2) with the given offset, as the last dim (a view)."""
    history_first(input)
    ndim = input._data.ndim
    d1, d2 = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return _view_apply("diagonal", input, (offset, d1, d2, input._data.shape))


@declare("diag_copy", grad_fn="DiagonalBackward0_copy",
         formula="gradient placed on the diagonal, zero elsewhere")
def _diag_copy(x, offset, dim1, dim2, input_shape):
    return diagonal_view(x, offset, dim1, dim2).copy()


_diag_copy.backward(_diagonal.backward_fn)
_diag_copy.tangent(_fw.linear)


@declare("diag_embed", grad_fn="DiagEmbedBackward0",
         formula="gradient's diagonal goes back to the vector")
def _diag_embed(v, offset):
    return np.diag(v, offset)


@_diag_embed.backward
def _(ctx, g):
    return (xp.view("diagonal", g, ctx.params[0], 0, 1, tuple(g.shape)),)


_diag_embed.tangent(_fw.linear)


@public()
def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """A vector's diagonal matrix, or a matrix's diagonal (a copy)."""
    ndim = input._data.ndim
    if ndim == 1:
        return apply(OPS["diag_embed"], (input,), (diagonal,))
    if ndim == 2:
        return apply(OPS["diag_copy"], (input,), (diagonal, 0, 1, input._data.shape))
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {ndim}D")

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("unbind", "slice", "slice_backward", "split", "alias", "diagonal",
              "diagonal_backward", "diag_copy", "diag_embed", "split_with_sizes")
