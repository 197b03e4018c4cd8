"""Shape operations: views (reshape/view, transpose/permute, expand, squeeze/unsqueeze,
select/narrow/split/unbind, diagonal, movedim, as_strided) and copies (cat/stack and the
h/v/d/column stacks, repeat/tile/repeat_interleave, flip, roll, tril/triu, diag).

View ops (`view=True`) return tensors sharing memory and the version counter with their
input, as torch's views do; their backward moves the gradient back into the input's layout.
The public functions of view ops also record the view's base (`_as_view`), so that an
in-place operation can tell it is writing through a view: `inplace_on_view` records such a
write on the base, as torch's CopySlices does.

The backward of a view that picks part of its input (select, slice, diagonal) is an op of
its own (select_backward...), whose backward is the view again: higher derivatives work.
"""

from __future__ import annotations

import operator
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided as _numpy_as_strided

from .._dispatch import apply
from .._dtype import dtype as _dtype_class
from .._grad_mode import is_grad_enabled
from .._tensor import Size, Tensor
from ..autograd import forward_ad as _fw
from ._dims import wrap_dim
from ._registry import OPS, PROMOTE, declare, public
from ._registry import needs_grad as _needs


def _shape_arg(shape: tuple, function: str = "view", argument: str = "size") -> tuple:
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and torch.Size; refuse non-integers as torch."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    try:
        return tuple([operator.index(s) for s in shape])
    except TypeError:
        position = next(i for i, s in enumerate(shape) if not hasattr(s, "__index__"))
        raise TypeError(
            f"{function}(): argument '{argument}' (position 1) must be tuple of ints, but "
            f"found element of type {type(shape[position]).__name__} at pos {position}"
        ) from None



def _as_view(out: Tensor, input: Tensor) -> Tensor:
    """Record that `out` is a view of `input` (of input's own base, if input is a view).

    As in torch, `view._base` is the tensor that owns the memory, whether or not anything
    requires grad.
    """
    extra = input._extra
    base = extra.get("base") if extra else None
    base = input if base is None else base
    if out._extra is None:
        out._extra = {"base": base}
    else:
        out._extra["base"] = base  # keep what is there already (a forward-mode tangent)
    return out


def _view_apply(name: str, input: Tensor, params: tuple = ()) -> Tensor:
    """Run view op `name` on `input` and mark the result as a view of it."""
    return _as_view(apply(OPS[name], (input,), params), input)


def _infer_shape(shape: tuple, numel: int) -> tuple:
    """Resolve one -1 in a target shape; raise torch's errors for impossible shapes."""
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for s in shape:
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def _reshaped_view(data: np.ndarray, shape: tuple) -> np.ndarray | None:
    """`data` in `shape` without copying, or None when the strides make that impossible."""
    try:
        return _reshape_no_copy(data, shape)
    except (ValueError, AttributeError):
        return None


def _reshape_no_copy(data: np.ndarray, shape: tuple) -> np.ndarray:
    """np.reshape(..., copy=False), which NumPy 1.26 lacks: there a view's shape is set."""
    if _RESHAPE_HAS_COPY:
        return np.reshape(data, shape, copy=False)
    view = data.view()
    view.shape = shape  # raises AttributeError when it would need a copy
    return view


_RESHAPE_HAS_COPY = np.lib.NumpyVersion(np.__version__) >= "2.1.0"


# ---------------------------------------------------------------------- reshape / view
@declare("view", grad_fn="ViewBackward0", view=True, formula="gradient reshaped back")
def _view(x, shape, input_shape):
    return _reshape_no_copy(x, shape)


@_view.backward
def _(ctx, g):
    return (g.reshape(ctx.params[1]),)


_view.tangent(_fw.linear)


@declare("unsafe_view", grad_fn="UnsafeViewBackward0", formula="gradient reshaped back")
def _unsafe_view(x, shape, input_shape):
    return x.reshape(shape)


_unsafe_view.backward(_view.backward_fn)
_unsafe_view.tangent(_fw.linear)

_VIEW_IMPOSSIBLE = (
    "view size is not compatible with input tensor's size and stride (at least one "
    "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
)


def _view_params(input: Tensor, shape: tuple, function: str) -> tuple:
    return (_infer_shape(_shape_arg(shape, function, "shape"), input._data.size),
            input._data.shape)


@public()
def reshape(input: Tensor, *shape) -> Tensor:
    """The same elements in a new shape; a view when possible, otherwise a copy."""
    params = _view_params(input, shape, "reshape")
    if _reshaped_view(input._data, params[0]) is not None:
        return _view_apply("view", input, params)
    # As torch: a contiguous copy, then a view of the copy that is not a view of the input.
    return apply(OPS["unsafe_view"], (apply(OPS["clone"], (input,)),), params)


@public(function=False)
def view(input: Tensor, *shape) -> Tensor:
    """A view with a new shape; raises if the memory layout does not allow one."""
    if len(shape) == 1 and isinstance(shape[0], _dtype_class):
        raise NotImplementedError("view(dtype) is not supported; use .to(dtype)")
    params = _view_params(input, shape, "view")
    if _reshaped_view(input._data, params[0]) is None:
        raise RuntimeError(_VIEW_IMPOSSIBLE)
    return _view_apply("view", input, params)


@public(function=False)
def view_as(input: Tensor, other: Tensor) -> Tensor:
    return view(input, other._data.shape)


@public()
def reshape_as(input: Tensor, other: Tensor) -> Tensor:
    return reshape(input, other._data.shape)


@public()
def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dims start_dim..end_dim into one (a view when the layout allows)."""
    shape = input._data.shape
    if not shape:
        return reshape(input, (1,))
    start, end = wrap_dim(start_dim, len(shape)), wrap_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input  # torch returns the tensor itself
    merged = 1
    for s in shape[start:end + 1]:
        merged *= s
    return reshape(input, shape[:start] + (merged,) + shape[end + 1:])


@public()
def unflatten(input: Tensor, dim: int, sizes) -> Tensor:
    """Split dim `dim` into `sizes` (one of which may be -1); always a view."""
    shape = input._data.shape
    d = wrap_dim(dim, len(shape))
    sizes = tuple(int(s) for s in sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if sizes.count(-1) > 1:
        raise RuntimeError("unflatten: only one dimension can be inferred")
    known = int(np.prod([s for s in sizes if s != -1]))
    if (-1 in sizes and (known == 0 or shape[d] % known)) or (
            -1 not in sizes and known != shape[d]):
        raise RuntimeError(
            f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim "
            f"{dim} ({shape[d]}) in the input tensor"
        )
    sizes = tuple(shape[d] // known if s == -1 else s for s in sizes)
    return _view_apply("view", input, (shape[:d] + sizes + shape[d + 1:], shape))


# ---------------------------------------------------------------------- transpose / permute
@declare("permute", grad_fn="PermuteBackward0", view=True, formula="gradient permuted back")
def _permute(x, dims):
    return np.transpose(x, dims)


@_permute.backward
def _(ctx, g):
    return (g.permute(tuple(np.argsort(ctx.params[0]).tolist())),)


_permute.tangent(_fw.linear)


@public()
def permute(input: Tensor, *dims) -> Tensor:
    """Reorder the dimensions."""
    dims = _shape_arg(dims, "permute", "dims")
    ndim = input._data.ndim
    if len(dims) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match "
            f"the length of the desired ordering of dimensions i.e. input.dim() = {ndim} "
            f"is not equal to len(dims) = {len(dims)}"
        )
    wrapped = tuple(wrap_dim(d, ndim) for d in dims)
    if len(set(wrapped)) != ndim:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _view_apply("permute", input, (wrapped,))


@declare("transpose", grad_fn="TransposeBackward0", view=True,
         formula="gradient transposed back")
def _transpose(x, dim0, dim1):
    return np.swapaxes(x, dim0, dim1)


@_transpose.backward
def _(ctx, g):
    dim0, dim1 = ctx.params
    return (g.transpose(dim0, dim1),)


_transpose.tangent(_fw.linear)


@public()
def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions."""
    ndim = input._data.ndim
    d0, d1 = wrap_dim(dim0, ndim), wrap_dim(dim1, ndim)
    if ndim == 0:
        return _view_apply("permute", input, ((),))
    return _view_apply("transpose", input, (d0, d1))


swapaxes = public(name="swapaxes")(transpose)
swapdims = public(name="swapdims")(transpose)


@declare("t", grad_fn="TBackward0", view=True, formula="gradient transposed back")
def _t(x):
    return x.T


@_t.backward
def _(ctx, g):
    return (g.t(),)


_t.tangent(_fw.linear)


@public()
def t(input: Tensor) -> Tensor:
    """Transpose a matrix (vectors and scalars are returned as they are)."""
    _check_matrix(input)
    return _view_apply("t", input)


def _check_matrix(input: Tensor) -> None:
    if input._data.ndim > 2:
        raise RuntimeError(
            f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D"
        )


def _reverse_dims(self: Tensor) -> Tensor:
    """`x.T`: all dims reversed (deprecated by torch for anything but matrices)."""
    ndim = self._data.ndim
    if ndim != 2:
        warnings.warn(
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
            "deprecated and it will throw an error in a future release. Consider `x.mT` to "
            "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` "
            "to reverse the dimensions of a tensor.",
            UserWarning, stacklevel=2,
        )
    return _view_apply("permute", self, (tuple(range(ndim - 1, -1, -1)),))


def _matrix_transpose(self: Tensor) -> Tensor:
    """`x.mT`: swap the last two dims."""
    if self._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. "
                           f"Got {self._data.ndim}-D tensor.")
    return transpose(self, -2, -1)


Tensor.T = property(_reverse_dims)
Tensor.mT = property(_matrix_transpose)
Tensor.H = property(lambda self: t(self) if self._data.ndim == 2 else _reverse_dims(self))
Tensor.mH = property(_matrix_transpose)


def _check_unique(dims: tuple, original, which: str) -> None:
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"movedim: repeated dim in `{which}` ({list(original)})")


@public()
def movedim(input: Tensor, source, destination) -> Tensor:
    """Move the dims in `source` to the positions in `destination`; the others keep order."""
    ndim = input._data.ndim
    src = (source,) if isinstance(source, int) else tuple(source)
    dst = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({list(src)} dims) should "
            f"contain the same number of dims as destination ({list(dst)} dims)"
        )
    wrapped_src = tuple(wrap_dim(d, ndim) for d in src)
    wrapped_dst = tuple(wrap_dim(d, ndim) for d in dst)
    _check_unique(wrapped_src, src, "source")
    _check_unique(wrapped_dst, dst, "destination")
    order = [d for d in range(ndim) if d not in wrapped_src]
    for position, dim in sorted(zip(wrapped_dst, wrapped_src)):
        order.insert(position, dim)
    return _view_apply("permute", input, (tuple(order),))


moveaxis = public(name="moveaxis")(movedim)


# ---------------------------------------------------------------------- expand
@declare("expand", grad_fn="ExpandBackward0", view=True, formula="gradient summed back")
def _expand(x, shape, input_shape):
    return np.broadcast_to(x, shape)


@_expand.backward
def _(ctx, g):
    return (g.sum_to_size(ctx.params[1]),)


_expand.tangent(_fw.linear)


def expanded_shape(shape: tuple, sizes: tuple, type_name: str) -> tuple:
    """The shape a tensor of `shape` expanded to `sizes` has (-1 keeps a dim), or torch's
    RuntimeError (`type_name` as in torch.FloatTensor)."""
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand({type_name}{{{list(shape)}}}, size={list(sizes)}): the number of "
            f"sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(shape)})"
        )
    lead = len(sizes) - len(shape)
    target = list(sizes)
    for i in range(len(sizes) - 1, -1, -1):  # torch checks from the last dim
        s = sizes[i]
        if i < lead:
            if s < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({s}) isn't allowed in a leading, "
                    "non-existing dimension 0"
                )
            continue
        own = shape[i - lead]
        if s == -1:
            target[i] = own
        elif own != s and own != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({own}) "
                f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor "
                f"sizes: {list(shape)}"
            )
    return tuple(target)


@public()
def expand(input: Tensor, *sizes) -> Tensor:
    """A broadcast view with the given size (-1 keeps a dim)."""
    target = expanded_shape(input._data.shape, _shape_arg(sizes, "expand"), input.type())
    return _view_apply("expand", input, (target, input._data.shape))


@public()
def expand_as(input: Tensor, other: Tensor) -> Tensor:
    return expand(input, other._data.shape)


@public(method=False)
def broadcast_to(input: Tensor, size) -> Tensor:
    """`input` expanded to `size` (torch.broadcast_to)."""
    return expand(input, tuple(size))


public(name="broadcast_to", function=False)(broadcast_to)


@public(method=False)
def broadcast_shapes(*shapes) -> Size:
    try:
        return Size(np.broadcast_shapes(*[tuple(s) if not isinstance(s, int) else (s,)
                                          for s in shapes]))
    except ValueError:
        raise RuntimeError(f"Shape mismatch: objects cannot be broadcast to a single shape. "
                           f"Mismatch is between {shapes}") from None


@public(method=False)
def broadcast_tensors(*tensors: Tensor) -> tuple:
    shape = broadcast_shapes(*[t._data.shape for t in tensors])
    return tuple(expand(t, shape) for t in tensors)


# ---------------------------------------------------------------------- squeeze / unsqueeze
@declare("unsqueeze", grad_fn="UnsqueezeBackward0", view=True, formula="gradient squeezed")
def _unsqueeze(x, dim):
    return np.expand_dims(x, dim)


@_unsqueeze.backward
def _(ctx, g):
    return (g.squeeze(ctx.params[0]),)


_unsqueeze.tangent(_fw.linear)


@public()
def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at `dim`."""
    ndim = input._data.ndim + 1
    return _view_apply("unsqueeze", input, (wrap_dim(dim, ndim),))


@declare("squeeze", grad_fn="SqueezeBackward0", view=True, formula="gradient unsqueezed")
def _squeeze(x, dims, shape):
    return np.squeeze(x, dims) if dims else x.view()


@_squeeze.backward
def _(ctx, g):
    return (g.reshape(ctx.params[1]),)


_squeeze.tangent(_fw.linear)


@declare("squeeze_dim", grad_fn="SqueezeBackward1", view=True, formula="gradient unsqueezed")
def _squeeze_dim(x, dims, shape):
    return np.squeeze(x, dims) if dims else x.view()


_squeeze_dim.backward(_squeeze.backward_fn)
_squeeze_dim.tangent(_fw.linear)


def _squeeze_params(shape: tuple, dim) -> tuple:
    if dim is None:
        return (tuple(i for i, s in enumerate(shape) if s == 1), shape)
    if isinstance(dim, int):
        dim = (dim,)
    dims = tuple(sorted({wrap_dim(d, len(shape)) for d in dim}))
    return (tuple(d for d in dims if shape and shape[d] == 1), shape)


@public()
def squeeze(input: Tensor, dim=None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or those in `dim`)."""
    params = _squeeze_params(input._data.shape, dim)
    return _view_apply("squeeze" if dim is None else "squeeze_dim", input, params)


# In-place shape changes: the tensor object takes the new shape (and, when recording, the
# node of the view op, under torch's name for the in-place form).
@declare("unsqueeze_inplace", grad_fn="UnsqueezeBackward1", view=True,
         formula="gradient squeezed")
def _unsqueeze_inplace(x, dim):
    return np.expand_dims(x, dim)


_unsqueeze_inplace.backward(_unsqueeze.backward_fn)
_unsqueeze_inplace.tangent(_fw.linear)


@declare("squeeze_inplace", grad_fn="SqueezeBackward3", view=True,
         formula="gradient unsqueezed")
def _squeeze_inplace(x, dims, shape):
    return np.squeeze(x, dims) if dims else x.view()


_squeeze_inplace.backward(_squeeze.backward_fn)
_squeeze_inplace.tangent(_fw.linear)


@declare("squeeze_dim_inplace", grad_fn="SqueezeBackward4", view=True,
         formula="gradient unsqueezed")
def _squeeze_dim_inplace(x, dims, shape):
    return np.squeeze(x, dims) if dims else x.view()


_squeeze_dim_inplace.backward(_squeeze.backward_fn)
_squeeze_dim_inplace.tangent(_fw.linear)


def _reshape_in_place(self: Tensor, op_name: str, params: tuple) -> Tensor:
    """Give `self` the shape computed by view op `op_name`, keeping the object."""
    if self._requires_grad and self.grad_fn is None and is_grad_enabled():
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation.")
    result = apply(OPS[op_name], (self,), params)
    self._data = result._data
    if _fw.state.active:
        _fw.copy_tangent(result, self)
    if result.grad_fn is not None:
        self.grad_fn = result.grad_fn
        self._output_nr = result._output_nr
    self._version_counter[0] += 1
    return self


def unsqueeze_(self: Tensor, dim: int) -> Tensor:
    """In-place `unsqueeze`: self gets the new dimension."""
    return _reshape_in_place(self, "unsqueeze_inplace",
                             (wrap_dim(dim, self._data.ndim + 1),))


def squeeze_(self: Tensor, dim=None) -> Tensor:
    """In-place `squeeze`."""
    name = "squeeze_inplace" if dim is None else "squeeze_dim_inplace"
    return _reshape_in_place(self, name, _squeeze_params(self._data.shape, dim))


@declare("t_inplace", grad_fn="TBackward1", view=True, formula="gradient transposed back")
def _t_inplace(x):
    return x.T


_t_inplace.backward(_t.backward_fn)
_t_inplace.tangent(_fw.linear)


@declare("transpose_inplace", grad_fn="TransposeBackward1", view=True,
         formula="gradient transposed back")
def _transpose_inplace(x, dim0, dim1):
    return np.swapaxes(x, dim0, dim1)


_transpose_inplace.backward(_transpose.backward_fn)
_transpose_inplace.tangent(_fw.linear)


def t_(self: Tensor) -> Tensor:
    """In-place `t`: self becomes its transpose."""
    _check_matrix(self)
    return _reshape_in_place(self, "t_inplace", ())


def transpose_(self: Tensor, dim0: int, dim1: int) -> Tensor:
    """In-place `transpose`."""
    ndim = self._data.ndim
    return _reshape_in_place(self, "transpose_inplace",
                             (wrap_dim(dim0, ndim), wrap_dim(dim1, ndim)))


Tensor.unsqueeze_ = unsqueeze_
Tensor.squeeze_ = squeeze_
Tensor.t_ = t_
Tensor.transpose_ = transpose_
Tensor.swapaxes_ = Tensor.swapdims_ = transpose_


# ---------------------------------------------------------------------- select / slice
def _region(dim: int, index) -> tuple:
    """The NumPy index of `index` (an int or a slice) applied at dim `dim`.

    The trailing Ellipsis makes NumPy return a 0-d view rather than a scalar copy.
    """
    return (slice(None),) * dim + (index, Ellipsis)


@declare("select", grad_fn="SelectBackward0", view=True,
         formula="gradient placed at the selected index, zero elsewhere")
def _select(x, dim, index, input_shape):
    return x[_region(dim, index)]


@_select.backward
def _(ctx, g):
    return (apply(OPS["select_backward"], (g,), ctx.params),)


_select.tangent(_fw.linear)


@declare("select_backward", grad_fn="SelectBackwardBackward0",
         formula="d/dg: the selected entry of the gradient")
def _select_backward(g, dim, index, input_shape):
    out = np.zeros(input_shape, g.dtype)
    out[_region(dim, index)] = g
    return out


@_select_backward.backward
def _(ctx, gg):
    return (apply(OPS["select"], (gg,), ctx.params),)


_select_backward.tangent(_fw.linear)


# unbind's pieces are selects under torch's name for them
@declare("unbind", grad_fn="UnbindBackward0", view=True,
         formula="gradient placed at the piece's index, zero elsewhere")
def _unbind_piece(x, dim, index, input_shape):
    return x[_region(dim, index)]


_unbind_piece.backward(_select.backward_fn)
_unbind_piece.tangent(_fw.linear)


@declare("slice", grad_fn="SliceBackward0", view=True,
         formula="gradient placed in the slice, zero elsewhere")
def _slice(x, dim, start, stop, step, input_shape):
    return x[_region(dim, slice(start, stop, step))]


@_slice.backward
def _(ctx, g):
    return (apply(OPS["slice_backward"], (g,), ctx.params),)


_slice.tangent(_fw.linear)


@declare("slice_backward", grad_fn="SliceBackwardBackward0",
         formula="d/dg: the slice of the gradient")
def _slice_backward(g, dim, start, stop, step, input_shape):
    out = np.zeros(input_shape, g.dtype)
    out[_region(dim, slice(start, stop, step))] = g
    return out


@_slice_backward.backward
def _(ctx, gg):
    return (apply(OPS["slice"], (gg,), ctx.params),)


_slice_backward.tangent(_fw.linear)


# split's and chunk's pieces are slices under torch's names for them
@declare("split", grad_fn="SplitBackward0", view=True,
         formula="gradient placed in the piece, zero elsewhere")
def _split_piece(x, dim, start, stop, step, input_shape):
    return x[_region(dim, slice(start, stop, step))]


_split_piece.backward(_slice.backward_fn)
_split_piece.tangent(_fw.linear)


@declare("split_with_sizes", grad_fn="SplitWithSizesBackward0", view=True,
         formula="gradient placed in the piece, zero elsewhere")
def _split_sized_piece(x, dim, start, stop, step, input_shape):
    return x[_region(dim, slice(start, stop, step))]


_split_sized_piece.backward(_slice.backward_fn)
_split_sized_piece.tangent(_fw.linear)


def _index_value(index) -> int:
    """An int argument that may come as a 0-d integer tensor."""
    return int(index.__index__()) if isinstance(index, Tensor) else int(index)


@public()
def select(input: Tensor, dim: int, index) -> Tensor:
    """The slice at `index` along `dim`, with that dim removed (a view)."""
    shape = input._data.shape
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, len(shape))
    i = _index_value(index)
    if not -shape[d] <= i < shape[d]:
        raise IndexError(f"select(): index {i} out of range for tensor of size "
                         f"{list(shape)} at dimension {dim}")
    return _view_apply("select", input, (d, i % shape[d], shape))


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
    return tuple(pieces)


@public()
def split(tensor: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Views of consecutive pieces along `dim`: of one size (the last may be smaller), or
    of the listed sizes."""
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
def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """Split into `chunks` pieces of equal size (the last may be smaller; fewer pieces when
    the size does not allow that many)."""
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if not input._data.ndim:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    length = input._data.shape[wrap_dim(dim, input._data.ndim)]
    if length == 0:
        return _pieces(input, dim, [0] * chunks, "split")
    return split(input, -(-length // chunks), dim)


@public()
def unbind(input: Tensor, dim: int = 0) -> tuple:
    """The slices along `dim`, each without that dim (views)."""
    shape = input._data.shape
    if not shape:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = wrap_dim(dim, len(shape))
    return tuple(_view_apply("unbind", input, (d, i, shape)) for i in range(shape[d]))


@declare("alias", grad_fn="AliasBackward0", view=True, formula="d alias(x)/dx = 1")
def _alias(x):
    return x.view()


@_alias.backward
def _(ctx, g):
    return (g,)


_alias.tangent(_fw.linear)


# ---------------------------------------------------------------------- diagonals
def diagonal_view(x: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
    """A writable view of the diagonal of dims (dim1, dim2), appended as the last dim."""
    y = np.moveaxis(x, (dim1, dim2), (-2, -1))
    y = y[..., :, offset:] if offset >= 0 else y[..., -offset:, :]
    n = max(min(y.shape[-2], y.shape[-1]), 0)
    return _numpy_as_strided(y, y.shape[:-2] + (n,),
                             y.strides[:-2] + (y.strides[-2] + y.strides[-1],))


@declare("diagonal", grad_fn="DiagonalBackward0", view=True,
         formula="gradient placed on the diagonal, zero elsewhere")
def _diagonal(x, offset, dim1, dim2, input_shape):
    return diagonal_view(x, offset, dim1, dim2)


@_diagonal.backward
def _(ctx, g):
    return (apply(OPS["diagonal_backward"], (g,), ctx.params),)


_diagonal.tangent(_fw.linear)


@declare("diagonal_backward", grad_fn="DiagonalBackwardBackward0",
         formula="d/dg: the diagonal of the gradient")
def _diagonal_backward(g, offset, dim1, dim2, input_shape):
    out = np.zeros(input_shape, g.dtype)
    diagonal_view(out, offset, dim1, dim2)[...] = g
    return out


@_diagonal_backward.backward
def _(ctx, gg):
    return (apply(OPS["diagonal"], (gg,), ctx.params),)


_diagonal_backward.tangent(_fw.linear)


@public()
def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of dims (dim1, dim2) with the given offset, as the last dim (a view)."""
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
    return (g.diagonal(ctx.params[0]),)


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


def _triangle(name: str, numpy_fn, which: str):
    """Declare tril or triu: keep the lower/upper triangle of the last two dims."""

    def forward(x, diagonal):
        return numpy_fn(x, diagonal)

    forward.__name__ = name
    op = declare(name, grad_fn=f"{name.capitalize()}Backward0",
                 formula=f"gradient kept on the {which} triangle, zero elsewhere")(forward)
    op.backward(lambda ctx, g: (getattr(g, name)(ctx.params[0]),))
    op.tangent(_fw.linear)

    def function(input: Tensor, diagonal: int = 0) -> Tensor:
        if input._data.ndim < 2:
            raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
        return apply(op, (input,), (int(diagonal),))

    function.__name__ = name
    function.__doc__ = f"The {which} triangle of the last two dims (others set to zero)."
    return public(name=name, inplace=True)(function)


tril = _triangle("tril", np.tril, "lower")
triu = _triangle("triu", np.triu, "upper")


# ---------------------------------------------------------------------- copies: reorder
@declare("flip", grad_fn="FlipBackward0", formula="gradient flipped back")
def _flip(x, dims):
    return np.flip(x, dims).copy()


@_flip.backward
def _(ctx, g):
    return (g.flip(ctx.params[0]),)


_flip.tangent(_fw.linear)


@public()
def flip(input: Tensor, *dims) -> Tensor:
    """A copy with the order of elements reversed along `dims`."""
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    wrapped = tuple(wrap_dim(d, input._data.ndim) for d in dims)
    if len(set(wrapped)) != len(wrapped):
        duplicate = next(d for d in wrapped if wrapped.count(d) > 1)
        raise RuntimeError(f"dim {duplicate} appears multiple times in the list of dims")
    return apply(OPS["flip"], (input,), (wrapped if input._data.ndim else (),))


@declare("roll", grad_fn="RollBackward0", formula="gradient rolled back")
def _roll(x, shifts, dims):
    return np.roll(x, shifts, dims)


@_roll.backward
def _(ctx, g):
    shifts, dims = ctx.params
    if dims is None:
        return (g.roll(-shifts),)
    return (g.roll(tuple(-s for s in shifts), dims),)


_roll.tangent(_fw.linear)


@public()
def roll(input: Tensor, shifts, dims=None) -> Tensor:
    """Shift elements cyclically along `dims` (over the flattened tensor without dims)."""
    shifts_t = (shifts,) if isinstance(shifts, int) else tuple(int(s) for s in shifts)
    if dims is None:
        if len(shifts_t) != 1:
            raise RuntimeError(
                f"shifts and dimensions must align. shifts: {len(shifts_t)}, dims:0")
        return apply(OPS["roll"], (input,), (shifts_t[0], None))
    dims_t = (dims,) if isinstance(dims, int) else tuple(dims)
    if len(shifts_t) != len(dims_t):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts_t)}, "
                           f"dims:{len(dims_t)}")
    wrapped = tuple(wrap_dim(d, input._data.ndim) for d in dims_t)
    return apply(OPS["roll"], (input,), (shifts_t, wrapped))


@declare("repeat", grad_fn="RepeatBackward0", formula="gradient summed over the copies")
def _repeat(x, repeats, input_shape):
    return np.tile(x, repeats)


@_repeat.backward
def _(ctx, g):
    repeats, input_shape = ctx.params
    if not repeats:
        return (g,)
    padded = (1,) * (len(repeats) - len(input_shape)) + tuple(input_shape)
    # Each dim of the result is (copy, position): split them apart and sum over the copies.
    interleaved = tuple(n for pair in zip(repeats, padded) for n in pair)
    copies = tuple(range(0, 2 * len(repeats), 2))
    return (g.reshape(interleaved).sum(copies).reshape(input_shape),)


_repeat.tangent(_fw.linear)


@public()
def repeat(input: Tensor, *sizes) -> Tensor:
    """The tensor tiled `sizes[i]` times along each dim (leading new dims allowed)."""
    repeats = _shape_arg(sizes, "repeat", "repeats")
    shape = input._data.shape
    if len(repeats) < len(shape):
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than "
                           "number of dimensions of tensor")
    padded = (1,) * (len(repeats) - len(shape)) + shape
    result = tuple(r * s for r, s in zip(repeats, padded))
    if any(r < 0 for r in repeats):
        raise RuntimeError(f"Trying to create tensor with negative dimension "
                           f"{min(result)}: {list(result)}")
    return apply(OPS["repeat"], (input,), (repeats, shape))


@public()
def tile(input: Tensor, *dims) -> Tensor:
    """`repeat`, with fewer dims than the tensor allowed (they count from the last dim)."""
    dims = _shape_arg(dims, "tile", "dims")
    dims = (1,) * (input._data.ndim - len(dims)) + dims
    return repeat(input, dims)


@public()
def repeat_interleave(input: Tensor, repeats=None, dim: int | None = None, *,
                      output_size: int | None = None) -> Tensor:
    """Each element (or slice along `dim`) repeated `repeats` times in place; `repeats` is a
    number or a tensor with one count per element. With only a tensor of counts, the indices
    0, 1, ... repeated by those counts."""
    if repeats is None:
        counts = input._data
        if counts.dtype.kind not in "iu" or (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        return Tensor(np.repeat(np.arange(counts.size), counts.reshape(-1)))
    if dim is None:
        input, dim = reshape(input, (-1,)), 0
    d = wrap_dim(dim, input._data.ndim)
    if isinstance(repeats, Tensor) and repeats._data.size != 1:
        counts = repeats._data.reshape(-1)
        if counts.size != input._data.shape[d]:
            raise RuntimeError(
                "repeats must have the same size as input along dim, but got repeats.size(0) "
                f"= {counts.size} and input.size({dim}) = {input._data.shape[d]}")
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        positions = Tensor(np.repeat(np.arange(counts.size), counts))
        return input.index_select(d, positions)
    if isinstance(repeats, Tensor):
        positions = Tensor(np.repeat(np.arange(input._data.shape[d]), int(repeats.item())))
        return input.index_select(d, positions)
    count = operator.index(repeats)
    if count < 0:
        raise RuntimeError("Repeats must be non-negative")
    # As torch: a broadcast view of each slice `count` times, copied, then merged into dim.
    shape = input._data.shape
    spread = expand(unsqueeze(input, d + 1), shape[:d + 1] + (count,) + shape[d + 1:])
    merged = shape[:d] + (shape[d] * count,) + shape[d + 1:]
    return view(apply(OPS["clone"], (spread,)), merged)


# ---------------------------------------------------------------------- copies: joining
def _refuse_out(out, name: str) -> None:
    if out is not None:
        raise NotImplementedError(f"{name}(out=...) is not supported by ember; assign the "
                                  "result instead")


def _check_tensor_list(tensors, name: str) -> list:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    return list(tensors)


@declare("cat", grad_fn="CatBackward0", dtype=PROMOTE,
         formula="each input gets its slice of the gradient")
def _cat(*arrays_and_params):
    *arrays, dim, sizes = arrays_and_params
    joined = [a for a, size in zip(arrays, sizes) if size is not None]
    if not joined:
        return np.zeros((0,), arrays[0].dtype)
    return np.concatenate(joined, axis=dim)


@_cat.backward
def _(ctx, g):
    dim, sizes = ctx.params
    grads, offset = [], 0
    for i, size in enumerate(sizes):
        if size is None:  # a skipped empty 1-d input
            grads.append(None)
            continue
        grads.append(g.narrow(dim, offset, size) if _needs(ctx, i) else None)
        offset += size
    return tuple(grads)


_cat.tangent(_fw.linear)


def _legacy_empty(t: Tensor) -> bool:
    """torch's cat skips 1-d empty tensors whatever the other inputs' shapes."""
    return t._data.shape == (0,)


@public(method=False)
def cat(tensors, dim: int = 0, *, axis: int | None = None, out=None) -> Tensor:
    """Join tensors along an existing dim (sizes must match in the other dims); the result
    has the promoted dtype of the inputs."""
    _refuse_out(out, "cat")
    tensors = _check_tensor_list(tensors, "cat")
    if axis is not None:
        dim = axis
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if t._data.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
    joined = [(i, t) for i, t in enumerate(tensors) if not _legacy_empty(t)]
    if not joined:
        return apply(OPS["cat"], tuple(tensors), (0, tuple(None for _ in tensors)))
    first_index, first = joined[0]
    ndim = first._data.ndim
    d = wrap_dim(dim, ndim)
    for i, t in joined[1:]:
        if t._data.ndim != ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ndim} "
                               f"and {t._data.ndim}")
        for k in range(ndim):
            if k != d and t._data.shape[k] != first._data.shape[k]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{first._data.shape[k]} but got size {t._data.shape[k]} for tensor "
                    f"number {i} in the list.")
    sizes = tuple(None if _legacy_empty(t) else t._data.shape[d] for t in tensors)
    return apply(OPS["cat"], tuple(tensors), (d, sizes))


concat = public(name="concat", method=False)(cat)
concatenate = public(name="concatenate", method=False)(cat)


@declare("stack", grad_fn="StackBackward0", dtype=PROMOTE,
         formula="each input gets its slice of the gradient")
def _stack(*arrays_and_params):
    *arrays, dim = arrays_and_params
    return np.stack(arrays, axis=dim)


@_stack.backward
def _(ctx, g):
    (dim,) = ctx.params
    return tuple(g.select(dim, i) if _needs(ctx, i) else None
                 for i in range(len(ctx._next_nodes)))


_stack.tangent(_fw.linear)


@public(method=False)
def stack(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join equally shaped tensors along a new dim."""
    _refuse_out(out, "stack")
    tensors = _check_tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors[1:], start=1):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(t._data.shape)} at entry "
                               f"{i}")
    d = wrap_dim(dim, len(shape) + 1)
    return apply(OPS["stack"], tuple(tensors), (d,))


# ---------------------------------------------------------------------- stacking helpers
def _at_least(ndim: int, tensors: tuple):
    """Shared by atleast_1d/2d/3d: one tensor in, one out; several (or a sequence) in, a
    tuple out."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    grown = tuple(_grow(t, ndim) for t in tensors)
    return grown[0] if len(grown) == 1 else grown


def _grow(t: Tensor, ndim: int) -> Tensor:
    shape = t._data.shape
    if len(shape) >= ndim:
        return t
    if not shape:
        return reshape(t, (1,) * ndim)
    if ndim == 2 or len(shape) == 2:  # (n,) -> (1, n); (m, n) -> (m, n, 1)
        t = unsqueeze(t, 0) if len(shape) == 1 else t
        return unsqueeze(t, -1) if ndim == 3 else t
    return unsqueeze(unsqueeze(t, 0), -1)  # (n,) -> (1, n, 1)


@public(method=False)
def atleast_1d(*tensors):
    """The tensor(s) with at least one dimension."""
    return _at_least(1, tensors)


@public(method=False)
def atleast_2d(*tensors):
    """The tensor(s) with at least two dimensions (a vector becomes a row)."""
    return _at_least(2, tensors)


@public(method=False)
def atleast_3d(*tensors):
    """The tensor(s) with at least three dimensions."""
    return _at_least(3, tensors)


def _stack_list(tensors, name: str) -> list:
    tensors = _check_tensor_list(tensors, name)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


@public(method=False)
def hstack(tensors, *, out=None) -> Tensor:
    """Join along the columns: dim 1, or dim 0 for vectors."""
    _refuse_out(out, "hstack")
    tensors = [_grow(t, 1) for t in _stack_list(tensors, "hstack")]
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


@public(method=False)
def vstack(tensors, *, out=None) -> Tensor:
    """Join along the rows (dim 0), vectors becoming rows."""
    _refuse_out(out, "vstack")
    return cat([_grow(t, 2) for t in _stack_list(tensors, "vstack")], 0)


row_stack = public(name="row_stack", method=False)(vstack)


@public(method=False)
def dstack(tensors, *, out=None) -> Tensor:
    """Join along the depth (dim 2), after making every tensor at least 3-d."""
    _refuse_out(out, "dstack")
    return cat([_grow(t, 3) for t in _stack_list(tensors, "dstack")], 2)


@public(method=False)
def column_stack(tensors, *, out=None) -> Tensor:
    """Join as columns: vectors (and scalars) become columns, matrices are joined by dim 1."""
    _refuse_out(out, "column_stack")
    columns = [reshape(t, (t._data.size, 1)) if t._data.ndim <= 1 else t
               for t in _stack_list(tensors, "column_stack")]
    return cat(columns, 1)


# ---------------------------------------------------------------------- as_strided
def _storage(t: Tensor) -> np.ndarray:
    """The array owning t's memory, as ember sees it: the base tensor's data."""
    base = t._extra.get("base") if t._extra else None
    return (base if base is not None else t)._data


def _element_offset(array: np.ndarray, storage: np.ndarray) -> int:
    start = storage.__array_interface__["data"][0]
    return (array.__array_interface__["data"][0] - start) // storage.itemsize


def strided_window(flat: np.ndarray, offset: int, size: tuple, stride: tuple) -> np.ndarray:
    """A view of the 1-d array `flat` with torch's (size, stride, storage offset) geometry."""
    item = flat.itemsize
    return _numpy_as_strided(flat[offset:], size, tuple(s * item for s in stride))


def _positions(numel: int, offset: int, size: tuple, stride: tuple) -> np.ndarray:
    """The flat index, in C order, of each element of a strided window."""
    return strided_window(np.arange(numel), offset, size, stride).copy()


@declare("as_strided", grad_fn="AsStridedBackward0", view=True,
         formula="gradient scatter-added back to the positions the window reads")
def _as_strided(x, size, stride, offset, input_shape):
    # Positions count elements in C order: a contiguous x gives a true view.
    return strided_window(np.ascontiguousarray(x).reshape(-1), offset, size, stride)


@_as_strided.backward
def _(ctx, g):
    size, stride, offset, input_shape = ctx.params
    numel = int(np.prod(input_shape))
    positions = (_positions(numel, offset, size, stride),)
    flat = apply(OPS["index_backward"], (g,), (positions, (numel,)))
    return (flat.reshape(input_shape),)


_as_strided.tangent(_fw.linear)


@public()
def as_strided(input: Tensor, size, stride, storage_offset: int | None = None) -> Tensor:
    """A view with the given sizes and strides (in elements) over input's memory.

    ember supports windows over a contiguous tensor's own elements; the storage offset
    counts, as in torch, from the start of the memory input shares with its base.
    """
    size = _shape_arg((size,), "as_strided", "size")
    stride = _shape_arg((stride,), "as_strided", "stride")
    data = input._data
    if not data.flags.c_contiguous:
        raise NotImplementedError("as_strided() of a non-contiguous tensor is not supported "
                                  "by ember; call .contiguous() first")
    own_offset = _element_offset(data, _storage(input))
    offset = own_offset if storage_offset is None else int(storage_offset)
    needed = offset + 1 + sum((n - 1) * s for n, s in zip(size, stride)) if all(size) else 0
    if offset < own_offset or needed > own_offset + data.size:
        storage_size = _storage(input).size
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {data.itemsize} requiring a storage size of {needed * data.itemsize}"
            f" are out of bounds for storage of size {storage_size * data.itemsize}")
    params = (size, stride, offset - own_offset, data.shape)
    return _view_apply("as_strided", input, params)


# ---------------------------------------------------------------------- in-place through views
@declare("copy_slices_strided", grad_fn="CopySlices", broadcasts=True,
         formula="d/dbase: gradient with the view's positions zeroed; d/dvalue: the view's "
                 "part of the gradient")
def _copy_slices_strided(base, value, size, stride, offset, value_shape):
    out = np.array(base, copy=True, order="C")
    strided_window(out.reshape(-1), offset, size, stride)[...] = value
    return out


@_copy_slices_strided.backward
def _(ctx, g):
    size, stride, offset, value_shape = ctx.params
    grad_base = grad_value = None
    if _needs(ctx, 0):
        grad_base = apply(OPS["copy_slices_strided"], (g, 0), (size, stride, offset, None))
    if _needs(ctx, 1):  # the value has the view's shape: its gradient is the window
        grad_value = apply(OPS["as_strided"], (g,), (size, stride, offset, g._data.shape))
    return grad_base, grad_value


_copy_slices_strided.tangent(_fw.linear)


_VIEW_OF_LEAF = ("a view of a leaf Variable that requires grad is being used in an in-place "
                 "operation.")
_OVERLAPPING_WRITE = (
    "unsupported operation: more than one element of the written-to tensor refers to a "
    "single memory location. Please clone() the tensor before performing the operation."
)


def inplace_on_view(function, view: Tensor, args: tuple, kwargs: dict) -> Tensor:
    """`view.fn_(*args)` recorded as torch does for a view (`view._base` is set).

    The new values of the view are computed from a snapshot of it, written into the shared
    memory, and the base is given a CopySlices node: the base's old gradient path outside
    the view, the in-place op's path inside it. The view then reads from the new base
    (AsStridedBackward0). Other views of the same base made before the write keep their
    old graph (torch would regenerate theirs).
    """
    base = view._extra["base"]
    if base._requires_grad and base.grad_fn is None:
        raise RuntimeError(_VIEW_OF_LEAF)
    storage = base._data
    if not storage.flags.c_contiguous:
        raise NotImplementedError(
            "ember records in-place operations on views only for views of contiguous "
            "tensors; apply the operation out of place or make the base contiguous first")
    data = view._data
    item = storage.itemsize
    size, stride = data.shape, tuple(s // item for s in data.strides)
    if any(s == 0 and n > 1 for s, n in zip(stride, size)):
        raise RuntimeError(_OVERLAPPING_WRITE)
    offset = _element_offset(data, storage)

    before_view = Tensor(data.copy(), view._requires_grad, view.grad_fn)
    before_view._output_nr = view._output_nr
    if _fw.state.active:
        _fw.copy_tangent(view, before_view)
    result = function(before_view, *args, **kwargs)
    if result._data.shape != data.shape:
        raise RuntimeError(f"output with shape {list(data.shape)} doesn't match the broadcast "
                           f"shape {list(result._data.shape)}")
    before_base = Tensor(storage.copy(), base._requires_grad, base.grad_fn)
    before_base._output_nr = base._output_nr
    new_base = apply(OPS["copy_slices_strided"], (before_base, result),
                     (size, stride, offset, data.shape))
    np.copyto(data, result._data, casting="unsafe")
    view._version_counter[0] += 1
    if _fw.state.active:
        _fw.after_inplace(view, result)
    if new_base.grad_fn is not None:
        base.grad_fn, base._requires_grad, base._output_nr = new_base.grad_fn, True, 0
        window = apply(OPS["as_strided"], (new_base,), (size, stride, offset, storage.shape))
        view.grad_fn, view._requires_grad, view._output_nr = window.grad_fn, True, 0
    return view
