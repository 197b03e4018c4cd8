"""Shape operations that copy: tril/triu, flip, roll, repeat/tile/repeat_interleave, and
joining (cat/stack, atleast_1d/2d/3d and the h/v/d/column stacks).
"""

from __future__ import annotations

import operator

import numpy as np

from .._arguments import int_list, tensor_elements
from .._dispatch import apply
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first
from . import _xp as xp
from ._dims import dims_of_tensor, wrap_dim
from ._lapack_layout import c_ordered
from ._registry import OPS, PROMOTE, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .shape import _shape_arg, expand, reshape, unsqueeze, view


# ---------------------------------------------------------------------- copies: triangles
def _triangle(name: str, numpy_fn, which: str):
    """Declare tril or triu: keep the lower/upper triangle of the last two dims."""

    def forward(x, diagonal):
        return numpy_fn(x, diagonal)

    forward.__name__ = name
    op = declare(name, grad_fn=f"{name.capitalize()}Backward0",
                 formula=f"gradient kept on the {which} triangle, zero elsewhere")(forward)
    op.backward(lambda ctx, g: (xp.op(name, (g,), ctx.params[0]),))
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
    return (xp.op("flip", (g,), ctx.params[0]),)


_flip.tangent(_fw.linear)


@public()
def flip(input: Tensor, *dims) -> Tensor:
    """A copy with the order of elements reversed along `dims`."""
    history_first(input)
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    elif len(dims) == 1 and isinstance(dims[0], Tensor):  # (torch's int[] takes one element)
        dims = dims_of_tensor(dims[0], "dims")
        dims = (dims,) if isinstance(dims, int) else dims
    elif len(dims) == 1 and isinstance(dims[0], np.ndarray) and dims[0].ndim == 0:
        dims = (int(dims[0]),)  # (torch's flip takes a 0-d array as one dim)
    wrapped = tuple(wrap_dim(d, input._data.ndim) for d in dims)
    if len(set(wrapped)) != len(wrapped):
        duplicate = next(d for d in wrapped if wrapped.count(d) > 1)
        raise RuntimeError(f"dim {duplicate} appears multiple times in the list of dims")
    return apply(OPS["flip"], (input,), (wrapped if input._data.ndim else (),))


@declare("roll", grad_fn="RollBackward0", formula="gradient rolled back")
def _roll(x, shifts, dims):
    # torch's result is C-contiguous whatever x's strides; np.roll keeps x's layout
    return c_ordered(np.roll(x, shifts, dims))


@_roll.backward
def _(ctx, g):
    shifts, dims = ctx.params
    if dims is None:
        return (xp.op("roll", (g,), -shifts, None),)
    return (xp.op("roll", (g,), tuple(-s for s in shifts), dims),)


_roll.tangent(_fw.linear)


@public()
def roll(input: Tensor, shifts, dims=None) -> Tensor:
    """Shift elements cyclically along `dims` (over the flattened tensor without dims)."""
    history_first(input)
    shifts_t = int_list(shifts, "roll", "shifts", 2)
    if dims is None:
        if len(shifts_t) != 1:
            raise RuntimeError(
                f"shifts and dimensions must align. shifts: {len(shifts_t)}, dims:0")
        return apply(OPS["roll"], (input,), (shifts_t[0], None))
    if isinstance(dims, Tensor):
        dims = dims_of_tensor(dims, "dims")
    elif isinstance(dims, np.integer):
        dims = int(dims)
    elif isinstance(dims, np.ndarray):  # (torch's parser takes no array for dims)
        raise TypeError("roll(): argument 'dims' (position 2) must be tuple of ints, not "
                        "numpy.ndarray")
    dims_t = (dims,) if isinstance(dims, int) else tuple(dims)
    if len(shifts_t) != len(dims_t):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts_t)}, "
                           f"dims:{len(dims_t)}")
    if input._data.ndim == 0:  # (torch's roll has no wrapping of a 0-d tensor's dim)
        raise IndexError(f"Dimension specified as {dims_t[0]} but tensor has no dimensions")
    wrapped = tuple(wrap_dim(d, input._data.ndim) for d in dims_t)
    return apply(OPS["roll"], (input,), (shifts_t, wrapped))


@declare("repeat", grad_fn="RepeatBackward0", formula="gradient summed over the copies")
def _repeat(x, repeats, input_shape):
    return np.tile(x, repeats)


def repeat_layout(repeats: tuple, input_shape: tuple, lead: tuple = ()) -> tuple:
    """How to sum a repeat's gradient back: each dim of the result is (copy, position), so
    the gradient is reshaped to `lead + interleaved` and summed over the copies' dims
    (`lead`: dims kept in front, the batch of ops/_batched)."""
    padded = (1,) * (len(repeats) - len(input_shape)) + tuple(input_shape)
    interleaved = tuple(n for pair in zip(repeats, padded) for n in pair)
    copies = tuple(range(len(lead), len(lead) + 2 * len(repeats), 2))
    return lead + interleaved, copies


@_repeat.backward
def _(ctx, g):
    repeats, input_shape = ctx.params
    if not repeats:
        return (g,)
    if xp.is_tensor(g):
        return (_repeat_grad_graph(g, repeats, tuple(input_shape)),)
    split, copies = repeat_layout(repeats, input_shape)
    return (xp.reshape(xp.sum(xp.reshape(g, split), copies), input_shape),)


_repeat.tangent(_fw.linear)


def _repeat_grad_graph(g: Tensor, repeats: tuple, input_shape: tuple) -> Tensor:
    """A repeat's gradient on Tensors, composed as torch's repeat_backward: the leading new
    dims summed one at a time, then one reshape that splits each repeated dim into (copy,
    position) and one sum over the copies (SumBackward1)."""
    if 0 in repeats:
        return xp.zeros(input_shape, like=g)
    lead = len(repeats) - len(input_shape)
    for _ in range(lead):
        g = g.sum(0)
    split, copies = [], []
    for repeat, size in zip(repeats[lead:], input_shape):
        if repeat != 1:
            split.append(repeat)
            copies.append(len(split) - 1)
        split.append(size)
    return g.reshape(split).sum(copies) if copies else g


@public()
def repeat(input: Tensor, *sizes) -> Tensor:
    """The tensor tiled `sizes[i]` times along each dim (leading new dims allowed)."""
    history_first(input)
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
    return tensor_elements(tensors)


@declare("cat", grad_fn="CatBackward0", dtype=PROMOTE,
         formula="each input gets its slice of the gradient")
def _cat(*arrays_and_params):
    *arrays, dim, sizes = arrays_and_params
    joined = [a for a, size in zip(arrays, sizes) if size is not None]
    if not joined:
        return np.zeros((0,), arrays[0].dtype)
    # torch's result is C-contiguous (2-d and 3-d inputs; no channels-last format here);
    # NumPy's is F-ordered when every input is
    return c_ordered(np.concatenate(joined, axis=dim))


@_cat.backward
def _(ctx, g):
    dim, sizes = ctx.params
    grads, offset = [], 0
    for i, size in enumerate(sizes):
        if size is None:  # a skipped empty 1-d input: torch gives it empty zeros
            grads.append(xp.zeros((0,), g) if _needs(ctx, i) else None)
            continue
        grads.append(xp.view("slice", g, dim, offset, offset + size, 1, tuple(g.shape))
                     if _needs(ctx, i) else None)
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
    history_first(*_sequence(tensors))
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
    return c_ordered(np.stack(arrays, axis=dim))  # (C order, as cat's)


@_stack.backward
def _(ctx, g):
    (dim,) = ctx.params
    return tuple(xp.view("select", g, dim, i, tuple(g.shape)) if _needs(ctx, i) else None
                 for i in range(len(ctx._next_nodes)))


_stack.tangent(_fw.linear)


@public(method=False)
def stack(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join equally shaped tensors along a new dim."""
    history_first(*_sequence(tensors))
    _refuse_out(out, "stack")
    tensors = _check_tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    d = wrap_dim(dim, len(shape) + 1)  # (torch checks the dim before the shapes)
    for i, t in enumerate(tensors[1:], start=1):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(t._data.shape)} at entry "
                               f"{i}")
    return apply(OPS["stack"], tuple(tensors), (d,))


# ---------------------------------------------------------------------- stacking helpers
def _at_least(ndim: int, tensors: tuple):
    """Shared by atleast_1d/2d/3d: one tensor in, one out; several (or a sequence) in, a
    tuple out."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    grown = tuple(_grow(t, ndim) for t in tensor_elements(tensors, f"atleast_{ndim}d"))
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


def _sequence(tensors) -> tuple:
    """The tensors of a list or tuple argument, for history_first (nothing from an
    iterator, which reading would use up)."""
    return tuple(tensors) if isinstance(tensors, (list, tuple)) else ()

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("flip", "roll", "repeat", "cat", "stack", "tril", "triu")
