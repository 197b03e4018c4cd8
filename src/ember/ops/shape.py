"""Shape operations: reshape/view, transpose/permute, expand, squeeze/unsqueeze, and more.

View ops (`view=True`) return tensors sharing memory and the version counter with their
input, as torch's views do; their backward moves the gradient back into the input's layout.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._dispatch import apply
from .._tensor import Size, Tensor
from ._dims import wrap_dim
from ._registry import OPS, declare, public


def _shape_arg(shape: tuple) -> tuple:
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and torch.Size."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return tuple(int(s) for s in shape)


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


# ---------------------------------------------------------------------- reshape / view
@declare("view", grad_fn="ViewBackward0", view=True, formula="gradient reshaped back")
def _view(x, shape, input_shape):
    return x.reshape(shape)


@_view.backward
def _(ctx, g):
    return (g.reshape(ctx.params[1]),)


def _view_params(input: Tensor, shape: tuple) -> tuple:
    return (_infer_shape(_shape_arg(shape), input._data.size), input._data.shape)


@public()
def reshape(input: Tensor, *shape) -> Tensor:
    """The same elements in a new shape; a view when possible, otherwise a copy."""
    params = _view_params(input, shape)
    out = apply(OPS["view"], (input,), params)
    if not np.shares_memory(out._data, input._data):
        # NumPy had to copy: the result is not a view, so it gets its own version counter.
        out._version = [0]
    return out


@public(function=False)
def view(input: Tensor, *shape) -> Tensor:
    """A view with a new shape; raises if the memory layout does not allow one."""
    if len(shape) == 1 and not isinstance(shape[0], (tuple, list, int)):
        raise NotImplementedError("view(dtype) is not supported; use .to(dtype)")
    params = _view_params(input, shape)
    out_shape = params[0]
    if not input._data.flags.c_contiguous and out_shape != input._data.shape:
        try:
            candidate = input._data.view()
            candidate.shape = out_shape  # raises when it would need a copy
        except AttributeError:
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least "
                "one dimension spans across two contiguous subspaces). Use .reshape(...) "
                "instead."
            ) from None
    return apply(OPS["view"], (input,), params)


@public(function=False)
def view_as(input: Tensor, other: Tensor) -> Tensor:
    return view(input, other._data.shape)


@public()
def reshape_as(input: Tensor, other: Tensor) -> Tensor:
    return reshape(input, other._data.shape)


# ---------------------------------------------------------------------- transpose / permute
@declare("permute", grad_fn="PermuteBackward0", view=True, formula="gradient permuted back")
def _permute(x, dims):
    return np.transpose(x, dims)


@_permute.backward
def _(ctx, g):
    return (g.permute(tuple(np.argsort(ctx.params[0]).tolist())),)


@public()
def permute(input: Tensor, *dims) -> Tensor:
    """Reorder the dimensions."""
    dims = _shape_arg(dims)
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
    return apply(OPS["permute"], (input,), (wrapped,))


@declare("transpose", grad_fn="TransposeBackward0", view=True,
         formula="gradient transposed back")
def _transpose(x, dim0, dim1):
    return np.swapaxes(x, dim0, dim1)


@_transpose.backward
def _(ctx, g):
    dim0, dim1 = ctx.params
    return (g.transpose(dim0, dim1),)


@public()
def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions."""
    ndim = input._data.ndim
    d0, d1 = wrap_dim(dim0, ndim), wrap_dim(dim1, ndim)
    if ndim == 0:
        return apply(OPS["permute"], (input,), ((),))
    return apply(OPS["transpose"], (input,), (d0, d1))


swapaxes = public(name="swapaxes")(transpose)
swapdims = public(name="swapdims")(transpose)


@declare("t", grad_fn="TBackward0", view=True, formula="gradient transposed back")
def _t(x):
    return x.T


@_t.backward
def _(ctx, g):
    return (g.t(),)


@public()
def t(input: Tensor) -> Tensor:
    """Transpose a matrix (vectors and scalars are returned as they are)."""
    if input._data.ndim > 2:
        raise RuntimeError(
            f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D"
        )
    return apply(OPS["t"], (input,))


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
    return apply(OPS["permute"], (self,), (tuple(range(ndim - 1, -1, -1)),))


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


# ---------------------------------------------------------------------- expand
@declare("expand", grad_fn="ExpandBackward0", view=True, formula="gradient summed back")
def _expand(x, shape, input_shape):
    return np.broadcast_to(x, shape)


@_expand.backward
def _(ctx, g):
    return (g.sum_to_size(ctx.params[1]),)


@public()
def expand(input: Tensor, *sizes) -> Tensor:
    """A broadcast view with the given size (-1 keeps a dim)."""
    sizes = _shape_arg(sizes)
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand({input.type()}{{{list(shape)}}}, size={list(sizes)}): the number of "
            "sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(shape)})"
        )
    lead = len(sizes) - len(shape)
    target = []
    for i, s in enumerate(sizes):
        if i < lead:
            if s < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({s}) isn't allowed in a leading, "
                    "non-existing dimension 0"
                )
            target.append(s)
            continue
        own = shape[i - lead]
        if s == -1:
            s = own
        elif own != s and own != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({own}) "
                f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor "
                f"sizes: {list(shape)}"
            )
        target.append(s)
    return apply(OPS["expand"], (input,), (tuple(target), shape))


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


@public(inplace=True)
def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at `dim`."""
    ndim = input._data.ndim + 1
    return apply(OPS["unsqueeze"], (input,), (wrap_dim(dim, ndim),))


@declare("squeeze", grad_fn="SqueezeBackward0", view=True, formula="gradient unsqueezed")
def _squeeze(x, dims, shape):
    return np.squeeze(x, dims) if dims else x.view()


@_squeeze.backward
def _(ctx, g):
    return (g.reshape(ctx.params[1]),)


@declare("squeeze_dim", grad_fn="SqueezeBackward1", view=True, formula="gradient unsqueezed")
def _squeeze_dim(x, dims, shape):
    return np.squeeze(x, dims) if dims else x.view()


_squeeze_dim.backward(_squeeze.backward_fn)


@public(inplace=True)
def squeeze(input: Tensor, dim=None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or those in `dim`)."""
    shape = input._data.shape
    if dim is None:
        dims = tuple(i for i, s in enumerate(shape) if s == 1)
        return apply(OPS["squeeze"], (input,), (dims, shape))
    if isinstance(dim, int):
        dim = (dim,)
    dims = tuple(sorted({wrap_dim(d, len(shape)) for d in dim}))
    dims = tuple(d for d in dims if shape and shape[d] == 1)
    return apply(OPS["squeeze_dim"], (input,), (dims, shape))
