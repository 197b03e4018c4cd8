"""linear and bilinear: the affine maps of nn.Linear and nn.Bilinear, composed of ember ops.

The compositions follow torch's so that results carry the grad_fn torch users see: a 2-D
input with a bias is one `addmm` (AddmmBackward0); other contiguous inputs with a bias are
flattened to 2-D, go through `addmm` and are viewed back (ViewBackward0); without a bias
it is `matmul` (MmBackward0, UnsafeViewBackward0, SqueezeBackward4).
"""

from __future__ import annotations

import math

import ember

from ..._arguments import not_a_tensor
from ..._tensor import Tensor
from ...ops.linalg import addmm as _addmm
from ...ops.nn_conv import _TYPE_NAMES

__all__ = ["linear", "bilinear"]


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """input @ weight.T + bias, over the last dimension of `input`."""
    if not (isinstance(input, Tensor) and isinstance(weight, Tensor)
            and (bias is None or isinstance(bias, Tensor))):
        _refuse_non_tensors(input, weight, bias)
    input_ndim, weight_ndim = input._data.ndim, weight._data.ndim
    if input_ndim == 0 or weight_ndim == 0:
        raise RuntimeError("both arguments to linear need to be at least 1D, but they are "
                           f"{input_ndim}D and {weight_ndim}D")
    if bias is None:
        return ember.matmul(input, weight.t())
    # torch's paths: addmm for a 2-d input, and for a contiguous one of other dims with a
    # 1-d bias or one of as many elements as output features (flattened to 2-d), whatever
    # the weight ("mat2 must be a matrix" for a 1-d one); otherwise matmul, the bias added
    # in place
    if input_ndim == 2 or (input.is_contiguous() and (
            bias._data.ndim == 1 or bias._data.size == weight._data.shape[0])):
        if weight_ndim == 1:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        # (addmm itself, not ember.addmm: its wrappers check for tensors, as above, and
        # take `out=`, which linear has not; ~2 us of nn.Linear's ~20)
        if input_ndim == 2:
            return _addmm(bias, input, weight.t())
        # (the leading dims' product, not -1, which is ambiguous for no features)
        flat = input.reshape(math.prod(input.shape[:-1]), input.shape[-1])
        out = _addmm(bias, flat, weight.t())
        return out.view(*input.shape[:-1], out.shape[-1])
    return ember.matmul(input, weight.t()).add_(bias)


def _refuse_non_tensors(input, weight, bias) -> None:
    """torch's TypeError for the first of linear's arguments that is not a tensor."""
    for position, (name, value) in enumerate((("input", input), ("weight", weight),
                                              ("bias", bias)), 1):
        if not isinstance(value, Tensor) and (value is not None or name != "bias"):
            raise not_a_tensor("linear", name, position, value)


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor,
             bias: Tensor | None = None) -> Tensor:
    """y_k = input1 @ weight[k] @ input2 + bias[k], over the last dimension of the inputs
    (leading dimensions must match)."""
    for position, (name, value) in enumerate((("input1", input1), ("input2", input2),
                                              ("weight", weight)), 1):
        if not isinstance(value, Tensor):  # (torch's native bilinear's parser)
            raise not_a_tensor("bilinear", name, position, value)
    # (torch's order: the dtypes, the inputs' dims, then sizes read with size(), which
    # raises its IndexError for a dim the tensor lacks)
    named = [("input1", input1), ("input2", input2), ("weight", weight)]
    if bias is not None:
        named.append(("bias", bias))
    if len({t._data.dtype for _, t in named}) > 1:
        raise RuntimeError("All tensors must have the same dtype, got " + ", ".join(
            f"{n}: {_TYPE_NAMES.get(t._data.dtype.name, t._data.dtype.name)}" for n, t in named))
    if input1.ndim != input2.ndim:
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.ndim} and "
                           f"{input2.ndim}")
    for dim in range(input1.ndim - 1):
        if input1.shape[dim] != input2.shape[dim]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {dim}: "
                               f"got {input1.shape[dim]} and {input2.shape[dim]}")
    for k, (given, expected) in enumerate(((input1.size(-1), weight.size(1)),
                                           (input2.size(-1), weight.size(2)))):
        if given != expected:
            raise RuntimeError(f"bilinear(): input{k + 1} size does not match weight size: "
                               f"got {given} but expected {expected}")
    out_features, in1, in2 = weight.shape[:3]
    if bias is not None and bias.size(0) != out_features:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias.size(0)} but expected {out_features}")
    if weight.ndim != 3:  # (torch's _trilinear, which bilinear runs, compares the dims)
        raise RuntimeError("number of dimensions must match")
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    # One matrix product: x1 (N, i) @ W arranged as (i, o*j), then contract j with x2.
    mixed = ember.mm(x1, weight.permute(1, 0, 2).reshape(in1, out_features * in2))
    out = (mixed.view(-1, out_features, in2) * x2.unsqueeze(1)).sum(-1)
    out = out.view(*lead, out_features)
    return out if bias is None else out + bias
