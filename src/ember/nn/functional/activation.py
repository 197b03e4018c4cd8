"""Activation functions of torch.nn.functional, with torch's signatures and defaults.

Each is a thin call: activations with a kernel of their own in torch are ops in
`ember.ops.nn_activation`, `ember.ops.nn_activation_parametric` (glu, prelu, rrelu) and
`ember.ops.nn_ops` (so the grad_fn and the gradient at kinks are torch's); the others
compose public ops exactly as torch composes them (softsign is a division, tanhshrink a
subtraction, softmin a softmax of -x), so their graphs read the same.
`inplace=True` writes into the input through ember's in-place machinery and returns it.
"""

from __future__ import annotations

from ... import _dtype
from ..._arguments import called_first
from ..._tensor import Tensor
from ..._warnings import warn
from ...ops import nn_activation as _act
from ...ops import nn_activation_parametric as _param
from ...ops import nn_ops as _nn

__all__ = ["relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "prelu", "rrelu", "rrelu_",
           "elu", "elu_", "selu", "selu_", "celu", "celu_", "gelu", "silu", "mish", "sigmoid",
           "tanh", "softplus", "softsign", "hardtanh", "hardtanh_", "hardsigmoid", "hardswish",
           "logsigmoid", "threshold", "threshold_", "softmax", "log_softmax", "softmin",
           "tanhshrink", "softshrink", "hardshrink", "glu"]


def _check_tensor(name: str, input: object) -> None:
    """torch's argument check for its built-in functions."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")


# ---------------------------------------------------------------------- ReLU family
def _check_relu_input(input: Tensor) -> None:
    _check_tensor("relu", input)
    if input._data.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """max(x, 0), elementwise."""
    _check_relu_input(input)
    return input.relu_() if inplace else input.relu()


def relu_(input: Tensor) -> Tensor:
    """In-place relu."""
    _check_relu_input(input)
    return input.relu_()


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    """Clamp to [min_val, max_val]."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    _check_tensor("hardtanh", input)
    if inplace:
        return _act.hardtanh_(input, min_val, max_val)
    return _act.hardtanh(input, min_val, max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """In-place hardtanh."""
    _check_tensor("hardtanh_", input)
    return _act.hardtanh_(input, min_val, max_val)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6): hardtanh(x, 0, 6), which is how torch records it."""
    _check_tensor("relu6", input)
    return _act.hardtanh_(input, 0.0, 6.0) if inplace else _act.hardtanh(input, 0.0, 6.0)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x if x > 0 else negative_slope * x."""
    _check_tensor("leaky_relu", input)
    if inplace:
        return _act.leaky_relu_(input, negative_slope)
    return _act.leaky_relu(input, negative_slope)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """In-place leaky_relu."""
    _check_tensor("leaky_relu_", input)
    return _act.leaky_relu_(input, negative_slope)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """leaky_relu with a learned slope per channel (dim 1), or one shared slope."""
    _check_tensor("prelu", input)
    return _param.prelu(input, weight)


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
          training: bool = False, inplace: bool = False) -> Tensor:
    """Randomized leaky ReLU: slopes drawn from U(lower, upper) in training, their mean
    otherwise."""
    _check_tensor("rrelu", input)
    if inplace:
        return _param.rrelu_(input, lower, upper, training)
    return _param.rrelu(input, lower, upper, training)


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
           training: bool = False) -> Tensor:
    """In-place rrelu."""
    _check_tensor("rrelu_", input)
    return _param.rrelu_(input, lower, upper, training)


# ---------------------------------------------------------------------- exponential family
def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x if x > 0 else alpha * (exp(x) - 1)."""
    _check_tensor("elu", input)
    return _act.elu_(input, alpha) if inplace else _act.elu(input, alpha)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """In-place elu."""
    _check_tensor("elu_", input)
    return _act.elu_(input, alpha)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """scale * elu(x, alpha) with the self-normalising constants."""
    _check_tensor("selu", input)
    return _act.selu_(input) if inplace else _act.selu(input)


def selu_(input: Tensor) -> Tensor:
    """In-place selu."""
    _check_tensor("selu_", input)
    return _act.selu_(input)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    _check_tensor("celu", input)
    return _act.celu_(input, alpha) if inplace else _act.celu(input, alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """In-place celu."""
    _check_tensor("celu_", input)
    return _act.celu_(input, alpha)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x * Phi(x), Phi the standard normal CDF; approximate='tanh' uses the tanh formula."""
    _check_tensor("gelu", input)
    return _nn.gelu(input, approximate)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """x * sigmoid(x)."""
    _check_tensor("silu", input)
    return _act.silu_(input) if inplace else _act.silu(input)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """x * tanh(softplus(x))."""
    _check_tensor("mish", input)
    return _act.mish_(input) if inplace else _act.mish(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta * x)) / beta; x itself where beta * x > threshold."""
    _check_tensor("softplus", input)
    return _nn.softplus(input, beta, threshold)


def logsigmoid(input: Tensor) -> Tensor:
    """log(sigmoid(x)), computed without overflow."""
    _check_tensor("log_sigmoid", input)
    return _nn.logsigmoid(input)


# ---------------------------------------------------------------------- sigmoid-like
def sigmoid(input: Tensor) -> Tensor:
    """1 / (1 + exp(-x)) (torch.sigmoid)."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    """Hyperbolic tangent (torch.tanh)."""
    return input.tanh()


def softsign(input: Tensor) -> Tensor:
    """x / (1 + |x|)."""
    if input._data.dtype.kind == "b":  # torch's abs has no bool kernel
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
    return input / (input.abs() + 1)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """clamp(x + 3, 0, 6) / 6."""
    _check_tensor("hardsigmoid", input)
    return _act.hardsigmoid_(input) if inplace else _act.hardsigmoid(input)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """x * clamp(x + 3, 0, 6) / 6."""
    _check_tensor("hardswish", input)
    return _act.hardswish_(input) if inplace else _act.hardswish(input)


# ---------------------------------------------------------------------- thresholds, shrinkage
def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """`value` where x <= threshold, x elsewhere."""
    _check_tensor("threshold", input)
    if inplace:
        return _act.threshold_(input, threshold, value)
    return _act.threshold(input, threshold, value)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """In-place threshold."""
    _check_tensor("threshold_", input)
    return _act.threshold_(input, threshold, value)


def tanhshrink(input: Tensor) -> Tensor:
    """x - tanh(x)."""
    return input - input.tanh()


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x - lambd above lambd, x + lambd below -lambd, 0 between."""
    _check_tensor("softshrink", input)
    return _act.softshrink(input, lambd)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x outside [-lambd, lambd], 0 inside."""
    _check_tensor("hardshrink", input)
    return _act.hardshrink(input, lambd)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """Gated linear unit: a * sigmoid(b) for the two halves a, b of the input along dim."""
    called_first(input, "dim", "glu")  # (torch's Python glu reads input.dim() first)
    return _param.glu(input, dim)


# ---------------------------------------------------------------------- softmax family
def _softmax_dim(name: str, ndim: int) -> int:
    """The dim torch picks when none is given, with its deprecation warning (at the user's
    line: `_stacklevel`, torch's way of placing it, is accepted and not needed)."""
    warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
         "to include dim=X as an argument.")
    return _nn.implicit_softmax_dim(ndim)


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
            dtype: _dtype.dtype | None = None) -> Tensor:
    """exp(x) / sum(exp(x)) along dim; `dtype` casts the input first."""
    if dim is None:
        dim = _softmax_dim("softmax", input.dim())
    return input.softmax(dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
                dtype: _dtype.dtype | None = None) -> Tensor:
    """log(softmax(x)) along dim, computed stably."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input.dim())
    return input.log_softmax(dim, dtype=dtype)


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
            dtype: _dtype.dtype | None = None) -> Tensor:
    """softmax(-x) along dim."""
    if dim is None:
        dim = _softmax_dim("softmin", input.dim())
    return (-input).softmax(dim, dtype=dtype)
