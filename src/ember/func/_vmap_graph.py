"""The grad_fn that torch's vmap shows on an output that requires grad.

torch runs the function once on batched tensors, so an output's grad_fn is the node of the
last batched op (`vmap(lambda x: x * w)(xs).grad_fn` is a MulBackward0). ember runs the
function once per element and stacks the results, a StackBackward0 whose inputs are the
elements' nodes; that node keeps its stacking backward (the gradients are the same) and is
shown under the name torch gives:

- an output that does not depend on the mapped inputs is expanded along the batch:
  ExpandBackward0;
- an output whose mapped dimension is not first is moved there: PermuteBackward0;
- otherwise the last op's name, changed where torch's batching rule runs another op than
  the one element ran: a full reduction becomes a reduction over the non-batch dims
  (SumBackward0 -> SumBackward1, max() -> max(dim)), a dot product a matrix-vector
  product, and so on (`_BATCHED_NAME`, read off torch 2.13).

Only the name is torch's: the node's `next_functions` are the elements' nodes, one per
element, and its saved values are stack's (docs/differences.md).
"""

from __future__ import annotations

from .._batched_array import BatchedArray
from .._tensor import Tensor

__all__ = ["batched_grad_fn", "moved_dim"]

# one element's grad_fn -> the grad_fn torch's batched op records (where they differ)
_BATCHED_NAME = {
    "SumBackward0": "SumBackward1",
    "MeanBackward0": "MeanBackward1",
    "ProdBackward0": "ProdBackward1",
    "MaxBackward1": "MaxBackward0",
    "MinBackward1": "MinBackward0",
    "DotBackward0": "MvBackward0",
    "MvBackward0": "PermuteBackward0",
    "MmBackward0": "UnsafeViewBackward0",
    "TBackward0": "TransposeBackward0",
    "SqueezeBackward1": "SqueezeBackward2",
    "SqueezeBackward4": "SqueezeBackward5",
    "MseLossBackward0": "MeanBackward1",
}


def moved_dim(out_dim: int, element_ndim: int) -> int:
    """`out_dim` as a non-negative position in the stacked result."""
    return out_dim % (element_ndim + 1) if out_dim < 0 else out_dim


def batched_grad_fn(column: list[Tensor], out_dim: int, call: int) -> str:
    """The grad_fn name torch shows for the stacked `column` (one output per element)."""
    first = column[0]
    if not any(type(t._data) is BatchedArray and call in t._data.vmap_calls for t in column):
        return "ExpandBackward0"
    if moved_dim(out_dim, first.dim()) != 0:
        return "PermuteBackward0"
    node = first.grad_fn
    if node is None:
        return "StackBackward0"
    name = type(node).__name__
    return _BATCHED_NAME.get(name, name)
