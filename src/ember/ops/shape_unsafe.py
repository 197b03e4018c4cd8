"""unsafe_split, unsafe_split_with_sizes and unsafe_chunk: split's pieces without the view
bookkeeping. As in torch, the pieces share the input's memory but not its version counter,
and autograd does not treat them as views (no `_base`, in-place writes allowed), which is
the "unsafe" part. All pieces of one call share one node (UnsafeSplitBackward0 or
UnsafeSplitWithSizesBackward0) whose gradient is split's: the pieces' gradients joined.
"""

from __future__ import annotations

from .._dispatch import apply
from .._grad_mode import no_grad
from .._tensor import Tensor
from ..autograd.node import join_outputs, joint_node_class
from ._batched import RULES as _BATCHED_RULES
from ._batched import rule as _batched_rule
from ._dims import wrap_dim
from ._registry import OPS, allow_complex, declare, public
from .shape_parts import (
    _batched,
    _slice,
    _split_arrays,
    _split_joint,
    chunk,
    split,
)

for _name, _grad_fn in (("unsafe_split", "UnsafeSplitBackward0"),
                        ("unsafe_split_with_sizes", "UnsafeSplitWithSizesBackward0")):
    _piece = declare(_name, grad_fn=_grad_fn,
                     formula="the pieces' gradients concatenated (torch's cat), zeros for "
                             "the unused")(_slice.forward)
    _piece.backward(_slice.backward_fn)
    _piece.tangent(_slice.tangent_fn)

# (each piece's gradient, batched, is placed as a slice's)
_batched_rule("unsafe_split", "unsafe_split_with_sizes")(_BATCHED_RULES["slice"])

_JOINT = {name: joint_node_class(OPS[name].grad_fn_name, _split_joint, _batched(_split_arrays),
                                  (OPS[name],))
          for name in ("unsafe_split", "unsafe_split_with_sizes")}


def _pieces(tensor: Tensor, dim: int, sizes: list, name: str) -> tuple:
    d = wrap_dim(dim, tensor._data.ndim)
    shape = tensor._data.shape
    pieces, start = [], 0
    for size in sizes:
        pieces.append(apply(OPS[name], (tensor,), (d, start, start + size, 1, shape)))
        start += size
    if pieces and pieces[0]._grad_fn is not None:
        join_outputs(pieces, _JOINT[name])
    return tuple(pieces)


def _sizes_of(views: tuple, dim: int) -> list:
    d = wrap_dim(dim, views[0]._data.ndim) if views else 0
    return [v._data.shape[d] for v in views]


@public()
def unsafe_split(tensor: Tensor, split_size: int, dim: int = 0) -> tuple:
    """split's pieces (of one size, the last may be smaller) that autograd does not treat
    as views of `tensor`."""
    with no_grad():  # (split's checks and sizes; its views are not kept)
        sizes = _sizes_of(split(tensor, split_size, dim), dim)
    name = "unsafe_split_with_sizes" if isinstance(split_size, (list, tuple)) else "unsafe_split"
    return _pieces(tensor, dim, sizes, name)


@public()
def unsafe_split_with_sizes(input: Tensor, split_sizes, dim: int = 0) -> tuple:
    """split_with_sizes' pieces that autograd does not treat as views of `input`."""
    with no_grad():
        sizes = _sizes_of(split(input, list(split_sizes), dim), dim)
    return _pieces(input, dim, sizes, "unsafe_split_with_sizes")


@public()
def unsafe_chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """chunk's pieces that autograd does not treat as views of `input`."""
    with no_grad():
        views = chunk(input, chunks, dim)
    length = input._data.shape[wrap_dim(dim, input._data.ndim)]
    name = "unsafe_split_with_sizes" if length == 0 else "unsafe_split"
    return _pieces(input, dim, _sizes_of(views, dim), name)

# (split's pieces: linear, as split)
allow_complex("unsafe_split", "unsafe_split_with_sizes")
