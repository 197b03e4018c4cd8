"""The `*_copy` forms of the views (torch.view_copy, permute_copy, select_copy, ...): the
view's values in new C-ordered memory, recorded as one node under torch's name for it
(`ViewBackward0_copy`), whose gradient is the view's.

Each copy op is its view op's forward followed by a copy, with the view op's backward and
tangent. The public functions reach the view op's params by calling the view function
itself (which checks the arguments with torch's words) and reading its node: a view costs
no copy, and each function's argument rules stay in one place. Where nothing is recorded,
the view is copied (a clone in C order, which carries a forward-mode tangent).
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._dtype import dtype as _dtype_class
from .._tensor import Tensor
from ..autograd.node import join_outputs, joint_node_class, settled
from ._registry import OPS, allow_complex, declare, public, recorded_as
from .shape import (
    _infer_shape,
    _shape_arg,
    expand,
    permute,
    squeeze,
    t,
    transpose,
    unsqueeze,
)
from .shape_dtype import view_as_dtype
from .shape_extra import unfold
from .shape_parts import (
    _batched,
    _split_arrays,
    _split_joint,
    _unbind_arrays,
    _unbind_joint,
    diagonal,
    narrow,
    select,
    split,
    unbind,
)
from .shape_scatter import refuse_complex_gradient, slice_window
from .shape_strided import as_strided

# view op -> (its copy op, torch's grad_fn name for the copy)
_COPIES = {
    "permute": ("permute_copy", "PermuteBackward0_copy"),
    "expand": ("expand_copy", "ExpandBackward0_copy"),
    "transpose": ("transpose_copy", "TransposeBackward0_copy"),
    "t": ("t_copy", "TBackward0_copy"),
    "squeeze": ("squeeze_copy", "SqueezeBackward0_copy"),
    "squeeze_dim": ("squeeze_dim_copy", "SqueezeBackward1_copy"),
    "unsqueeze": ("unsqueeze_copy", "UnsqueezeBackward0_copy"),
    "select": ("select_copy", "SelectBackward0_copy"),
    "slice": ("slice_copy", "SliceBackward0_copy"),
    "split": ("split_copy", "SplitBackward0_copy"),
    "split_with_sizes": ("split_with_sizes_copy", "SplitWithSizesBackward0_copy"),
    "unbind": ("unbind_copy", "UnbindBackward0_copy"),
    "unfold": ("unfold_copy", "UnfoldBackward0_copy"),
    "alias": ("alias_copy", "AliasBackward0_copy"),
    "as_strided": ("as_strided_copy", "AsStridedBackward0_copy"),
}


def _copying(forward):
    def copied(x, *params):
        return np.array(forward(x, *params), copy=True, order="C")

    copied.__doc__ = forward.__doc__
    return copied


def _declare_copy(view_name: str, name: str, grad_fn: str):
    view = OPS[view_name]
    op = declare(name, grad_fn=grad_fn, formula=f"{view.formula} (the view's gradient)")(
        _copying(view.forward))
    op.backward(view.backward_fn)
    op.tangent(view.tangent_fn)
    return op


for _view_name, (_name, _grad_fn) in _COPIES.items():
    _declare_copy(_view_name, _name, _grad_fn)


# view_copy also takes inputs a view cannot reshape (a transposed one): a reshape, copied
@declare("view_copy", grad_fn="ViewBackward0_copy", formula="gradient reshaped back")
def _view_copy(x, shape, input_shape):
    return np.array(np.reshape(x, shape), copy=True, order="C")


_view_copy.backward(OPS["view"].backward_fn)
_view_copy.tangent(OPS["view"].tangent_fn)

# narrow_copy is a slice copied, under a name of its own
_declare_copy("slice", "narrow_copy", "NarrowCopyBackward0")

# torch records detach_copy with a node whose backward raises
_detach_copy_op = declare("detach_copy", grad_not_implemented="aten::detach_copy")(
    lambda x: np.array(x, copy=True, order="C"))

_JOINT_COPIES = {
    name: joint_node_class(OPS[name].grad_fn_name, formula, _batched(arrays), (OPS[name],))
    for name, formula, arrays in (
        ("split_copy", _split_joint, _split_arrays),
        ("split_with_sizes_copy", _split_joint, _split_arrays),
        ("unbind_copy", _unbind_joint, _unbind_arrays))}


def _copied(view: Tensor, input: Tensor, copy_name: str | None = None) -> Tensor:
    """The copy of `view` (just made from `input` by a view function): the copy op with the
    view node's params when the view was recorded, else a C-ordered clone."""
    node = view._grad_fn
    if node is None or getattr(node, "op", None) is None:
        return apply(OPS["clone"], (view,), ("C",))
    node = settled(node)
    name = copy_name or _COPIES[node.op.name][0]
    out = apply(OPS[name], (input,), node.params)
    if copy_name is None and type(node).__name__ != node.op.grad_fn_name:
        recorded_as(out, type(node).__name__ + "_copy")  # (squeeze's SqueezeBackward2)
    return out


def _copied_pieces(views: tuple, input: Tensor) -> tuple:
    node = views[0]._grad_fn if views else None
    if node is None or getattr(node, "op", None) is None:
        return tuple(apply(OPS["clone"], (v,), ("C",)) for v in views)
    name = _COPIES[node.op.name][0]
    pieces = [apply(OPS[name], (input,), params) for params in node.params]
    if pieces[0]._grad_fn is not None:
        join_outputs(pieces, _JOINT_COPIES[name])
    return tuple(pieces)


@public(method=False)
def view_copy(input: Tensor, size) -> Tensor:
    """torch.view_copy: input in a new shape (or its memory read as a dtype), as new
    memory; unlike `view`, any layout of input will do."""
    if isinstance(size, _dtype_class):
        return apply(OPS["clone"], (view_as_dtype(input, size),), ("C",))
    if not isinstance(size, (tuple, list)) and not (
            isinstance(size, Tensor) or type(size).__name__ == "Size"):
        raise TypeError(
            "view_copy() received an invalid combination of arguments - got (Tensor, "
            f"{type(size).__name__}), but expected one of:\n"
            " * (Tensor input, torch.dtype dtype, *, Tensor out = None)\n"
            " * (Tensor input, tuple of ints size, *, Tensor out = None)\n")
    shape = _infer_shape(_shape_arg((size,), "view_copy"), input._data.size)
    return apply(OPS["view_copy"], (input,), (shape, input._data.shape))


@public(method=False)
def permute_copy(input: Tensor, dims) -> Tensor:
    return _copied(permute(input, dims), input)


@public(method=False)
def expand_copy(input: Tensor, size, *, implicit: bool = False) -> Tensor:
    return _copied(expand(input, size), input)


@public(method=False)
def transpose_copy(input: Tensor, dim0: int, dim1: int) -> Tensor:
    return _copied(transpose(input, dim0, dim1), input)


@public(method=False)
def t_copy(input: Tensor) -> Tensor:
    return _copied(t(input), input)


@public(method=False)
def squeeze_copy(input: Tensor, dim=None) -> Tensor:
    return _copied(squeeze(input, dim), input)


@public(method=False)
def unsqueeze_copy(input: Tensor, dim: int) -> Tensor:
    return _copied(unsqueeze(input, dim), input)


@public(method=False)
def select_copy(input: Tensor, dim: int, index) -> Tensor:
    refuse_complex_gradient("select_copy", input)
    return _copied(select(input, dim, index), input)


@public(method=False)
def slice_copy(input: Tensor, dim: int = 0, start=None, end=None, step=1) -> Tensor:
    """torch.slice_copy: input[..., start:end:step, ...] at `dim`, as new memory (bounds
    clamped into the dim, as Python's slices; the step must be positive)."""
    shape = input._data.shape
    d, first, last, step = slice_window(shape, dim, start, end, step)
    refuse_complex_gradient("slice_copy", input)
    return apply(OPS["slice_copy"], (input,), (d, first, last, step, shape))


@public(method=False)
def split_copy(input: Tensor, split_size: int, dim: int = 0) -> tuple:
    return _copied_pieces(split(input, split_size, dim), input)


@public(method=False)
def split_with_sizes_copy(input: Tensor, split_sizes, dim: int = 0) -> tuple:
    return _copied_pieces(split(input, list(split_sizes), dim), input)


@public(method=False)
def unbind_copy(input: Tensor, dim: int = 0) -> tuple:
    return _copied_pieces(unbind(input, dim), input)


@public(method=False)
def unfold_copy(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    return _copied(unfold(input, dimension, size, step), input)


@public(method=False)
def diagonal_copy(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    # (torch.diag of a matrix is this copy too: op diag_copy, DiagonalBackward0_copy)
    return _copied(diagonal(input, offset, dim1, dim2), input, "diag_copy")


@public(method=False)
def alias_copy(input: Tensor) -> Tensor:
    return _copied(apply(OPS["alias"], (input,)), input)


@public(method=False)
def as_strided_copy(input: Tensor, size, stride, storage_offset: int | None = None) -> Tensor:
    return _copied(as_strided(input, size, stride, storage_offset), input)


@public(method=False)
def detach_copy(input: Tensor) -> Tensor:
    """A copy of input's values; torch records it with a node that cannot differentiate."""
    return apply(_detach_copy_op, (input,))


@public()
def narrow_copy(input: Tensor, dim: int, start, length: int) -> Tensor:
    """`narrow`'s elements as new memory (NarrowCopyBackward0)."""
    return _copied(narrow(input, dim, start, length), input, "narrow_copy")

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("view_copy", "detach_copy", "permute_copy", "expand_copy", "transpose_copy",
              "t_copy", "squeeze_copy", "squeeze_dim_copy", "unsqueeze_copy", "select_copy",
              "slice_copy", "split_copy", "split_with_sizes_copy", "unbind_copy", "unfold_copy",
              "alias_copy", "as_strided_copy", "narrow_copy")
