"""Activation primitives with more than a fixed elementwise map: glu halves its input along
a dim, prelu takes a learned weight as a second input, rrelu draws a random slope per
element in training. The conventions (kinks, float16 in float32, in-place `...Backward1`
variants that read the result) are those of `nn_activation`, whose helpers they share.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply, call_inplace
from .._dtype import scalar_type_name
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._dims import wrap_dim
from ._lapack_layout import c_ordered
from ._registry import OUT, SAME, declare, needs_grad, public
from .backward_primitives import glu_backward, prelu_kernel_backward, rrelu_with_noise_backward
from .nn_activation import _elementwise, _leaky_relu_np, _quietly
from .nn_ops import _in_float32_if_half, _require_float, half_in_float32

__all__ = ["glu", "prelu", "rrelu", "rrelu_"]


# ---------------------------------------------------------------------- glu
@_quietly
def _glu_np(x, dim):
    a, b = np.split(x, 2, axis=dim)
    return a / (1 + np.exp(-b))


@declare("glu", grad_fn="GluBackward0", saves=(0,), dtype=SAME,
         formula="glu(x) = a * sigmoid(b) for the halves a, b of x: "
                 "da = g * sigmoid(b), db = g * a * sigmoid(b) * (1 - sigmoid(b))")
def _glu(x, dim):
    # torch's result is C-contiguous whatever x's strides; NumPy's keeps the halves' layout
    return c_ordered(_in_float32_if_half(_glu_np, x, dim))


@_glu.backward
def _(ctx, g):
    (x,) = ctx.saved
    (dim,) = ctx.params  # non-negative: glu() wraps it
    return (glu_backward(g, x, dim),)  # torch's kernel (GluBackwardBackward0)


@_glu.tangent
def _(ctx, t):
    a, b = ctx.inputs[0].chunk(2, ctx.params[0])
    ta, tb = t.chunk(2, ctx.params[0])
    s = b.sigmoid()
    return ta * s + tb * a * s * (1 - s)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """a * sigmoid(b), where a and b are the two halves of the input along `dim`."""
    shape = input._data.shape
    if not shape:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    dim = wrap_dim(dim, len(shape))
    if shape[dim] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size "
                           f"{shape[dim]}")
    _require_float("glu_cpu", input)  # (torch's kernel checks the halves first)
    return apply(_glu, (input,), (dim,))


# ---------------------------------------------------------------------- prelu
def _prelu_np(x, weight):
    """x if x > 0 else weight * x (the weight already shaped to broadcast against x)."""
    return np.where(x > 0, x, weight * x).astype(x.dtype, copy=False)


@declare("prelu", grad_fn="PreluKernelBackward0", saves=(0, 1), dtype=SAME, broadcasts=True,
         formula="d prelu(x, w)/dx = 1 if x > 0 else w; d/dw = 0 if x > 0 else x")
def _prelu(x, weight):
    return _in_float32_if_half(_prelu_np, x, weight)


@_prelu.backward
@half_in_float32
def _(ctx, g):
    # In the output's shape: the engine sums the weight's gradient down to its shape.
    x, weight = ctx.saved
    positive = x > 0
    grad_x = prelu_kernel_backward(g, x, weight) if needs_grad(ctx, 0) else None
    grad_w = xp.where(positive, 0.0, g * x) if needs_grad(ctx, 1) else None
    return grad_x, grad_w


_prelu.tangent(_fw.diagonal)


def _check_prelu(input: Tensor, weight: Tensor) -> None:
    if not isinstance(weight, Tensor):
        raise TypeError(f"prelu(): argument 'weight' (position 2) must be Tensor, not "
                        f"{type(weight).__name__}")
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.ndim}")
    x_type, w_type = input._data.dtype, weight._data.dtype
    if x_type != w_type:
        raise RuntimeError(f"prelu: Type promoting not supported. Got "
                           f"{scalar_type_name(str(x_type))} and {scalar_type_name(str(w_type))}")
    count = weight.numel()
    if count != 1:
        if input.ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.shape[1] if input.ndim >= 2 else 1
        if count != channels:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {count} and channel size = {channels}.")
    _require_float("prelu_cpu", input)


@public()
def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """x if x > 0 else weight * x, with one learned weight per channel (dim 1) or one for
    all."""
    _check_prelu(input, weight)
    if weight.ndim != input.ndim:
        # As torch: a view of the weight with the input's number of dims, its values along
        # dim 1 (the graph shows it as ViewBackward0 between the weight and the kernel).
        shape = [1] * input.ndim
        if input.ndim >= 2:
            shape[1] = weight.numel()
        weight = weight.reshape(shape)
    return apply(_prelu, (input, weight), ())


# ---------------------------------------------------------------------- rrelu
def _rrelu_np(x, lower, upper, noise):
    """x * noise in training (noise: U(lower, upper) where x <= 0, else 1), otherwise
    leaky_relu with the mean slope (lower + upper) / 2."""
    if noise is None:
        return _leaky_relu_np(x, (lower + upper) / 2)
    return (x * noise).astype(x.dtype, copy=False)


def _rrelu_backward(ctx, g):
    # torch's kernel (RreluWithNoiseBackwardBackward0 under create_graph), which computes
    # float16 in float32
    (x_or_y,) = ctx.saved
    lower, upper, noise = ctx.params
    return (rrelu_with_noise_backward(g, x_or_y, lower, upper, noise,
                                      ctx.op is _rrelu_inplace),)


_RRELU_FORMULA = "d rrelu(x)/dx = noise (training) or 1 if x > 0 else (lower + upper) / 2"
_rrelu = _elementwise("rrelu_with_noise", "RreluWithNoiseBackward0", _rrelu_np, _RRELU_FORMULA)
_rrelu.backward(_rrelu_backward)
_rrelu_inplace = _elementwise("rrelu_with_noise_inplace", "RreluWithNoiseBackward1", _rrelu_np,
                              _RRELU_FORMULA + " (read from the result)", saves=(OUT,))
_rrelu_inplace.backward(_rrelu_backward)


def _rrelu_params(input: Tensor, lower: float, upper: float, training: bool) -> tuple:
    _require_float("leaky_relu_cpu", input)
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if not training:
        return (lower, upper, None)
    if input._data.dtype == np.float16:  # torch's CPU kernel has no half version for training
        raise NotImplementedError('"rrelu_with_noise_out_cpu" not implemented for \'Half\'')
    # One draw of torch's stream per non-positive element, in the input's logical order.
    from .._creation import rrelu_noise  # creation imports the op table

    return (lower, upper, rrelu_noise(input._data, lower, upper))


@public(method=False)
def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
          training: bool = False) -> Tensor:
    """Randomized leaky ReLU: in training each non-positive element gets a slope drawn from
    U(lower, upper); in evaluation the slope is their mean."""
    return apply(_rrelu, (input,), _rrelu_params(input, lower, upper, training))


def _rrelu_result(input: Tensor, params: tuple) -> Tensor:
    return apply(_rrelu_inplace, (input,), params)


@public(method=False, name="rrelu_")
def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
           training: bool = False) -> Tensor:
    """In-place rrelu (RreluWithNoiseBackward1)."""
    params = _rrelu_params(input, lower, upper, training)
    return call_inplace(_rrelu_result, input, (params,), {})

