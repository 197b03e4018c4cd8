"""Activation primitives: the one-input elementwise activations torch computes with a
kernel of their own (glu, prelu and rrelu are in `nn_activation_parametric`).

They are ops (rather than compositions in `ember.nn.functional`) so that the graph shows
torch's grad_fn (`EluBackward0`, `HardtanhBackward0`, ...) and the gradient at every kink
follows torch's convention. Masked backwards *select* the incoming gradient (`where`)
instead of multiplying it by a 0/1 mask, so an inf or nan gradient arriving at a position
the mask removes gives 0, as in torch.

torch's in-place variants of leaky_relu, elu, celu (and rrelu) save their result instead
of their input (the input is gone) and show up as `...Backward1`; they are declared as
separate ops (`<name>_inplace`) whose backward reads the result (threshold_ is a
`ThresholdBackward1` too, but keeps a copy of its input).

float16 is computed in float32 and rounded once, as torch's CPU kernels do. Inputs that
torch has no kernel for (integers, bool) raise torch's NotImplementedError.
"""

from __future__ import annotations

from numbers import Number

import numpy as np

from .._dispatch import apply, call_inplace
from .._dtype import scalar_type_name
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import OUT, SAME, declare, public
from ._softmax_order import LANES
from ._torch_libm import fma, sleef_exp, vector_body
from .backward_primitives import (  # (the refusal's text: rrelu's in-place form raises it too)
    _NEGATIVE_SLOPE_LEAKY,  # noqa: F401 - imported by nn_activation_parametric
    elu_backward,
    fused_one_minus_square,
    hardswish_backward,
    hardtanh_backward,
    leaky_relu_backward,
    shrink_backward,
    threshold_backward,
)
from .nn_ops import (
    _in_float32_if_half,
    _on_body_and_tail,
    _require_float,
    half_in_float32,
)

__all__ = ["hardtanh", "hardtanh_", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu",
           "selu_", "celu", "celu_", "silu", "silu_", "mish", "mish_", "hardsigmoid",
           "hardsigmoid_", "hardswish", "hardswish_", "threshold", "threshold_", "softshrink",
           "hardshrink", "SELU_ALPHA", "SELU_SCALE"]

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _elementwise(name: str, grad_fn: str, numpy_fn, formula: str, saves: tuple = (0,)):
    """Declare a one-input elementwise op (float16 computed in float32); its tangent rule is
    its backward applied to the tangent, so forward mode keeps the same kink conventions."""
    def forward(x, *params):
        return _in_float32_if_half(numpy_fn, x, *params)

    forward.__name__ = name
    forward.__doc__ = numpy_fn.__doc__
    op = declare(name, grad_fn=grad_fn, saves=saves, dtype=SAME, formula=formula)(forward)
    op.tangent(_fw.diagonal)
    return op


def _quietly(fn):
    """NumPy evaluates both branches of np.where: silence overflow in the unused one."""
    def wrapped(*args):
        with np.errstate(over="ignore", invalid="ignore"):
            return fn(*args)

    wrapped.__doc__ = fn.__doc__
    return wrapped


# ---------------------------------------------------------------------- hardtanh
def _hardtanh_np(x, min_val, max_val):
    """clamp(x, min_val, max_val); integer tensors take integer bounds (truncated)."""
    if x.dtype.kind != "f":
        min_val, max_val = int(min_val), int(max_val)
    return np.clip(x, min_val, max_val).astype(x.dtype, copy=False)


_hardtanh = _elementwise("hardtanh", "HardtanhBackward0", _hardtanh_np,
                         "d hardtanh(x)/dx = 1 if min_val < x < max_val else 0 (0 at the bounds)")


# torch's hardtanh_backward kernel (HardtanhBackwardBackward0 on Tensors): g where
# min_val < x < max_val, else 0
_hardtanh.backward(lambda ctx, g: (hardtanh_backward(g, ctx.saved[0], *ctx.params),))


def _check_hardtanh_input(input: Tensor) -> None:
    if input._data.dtype == np.bool_:
        raise RuntimeError("Bool inputs not supported for hardtanh")


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """Clamp to [min_val, max_val] (torch.nn.functional.hardtanh's kernel; relu6 uses it)."""
    _check_hardtanh_input(input)
    return apply(_hardtanh, (input,), (min_val, max_val))


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """In-place hardtanh (torch records it as HardtanhBackward0 too)."""
    _check_hardtanh_input(input)
    return call_inplace(hardtanh, input, (min_val, max_val), {})


# ---------------------------------------------------------------------- leaky_relu
def _leaky_relu_np(x, slope):
    """x if x > 0 else slope * x."""
    return np.where(x > 0, x, x * slope).astype(x.dtype, copy=False)


_leaky_relu = _elementwise("leaky_relu", "LeakyReluBackward0", _leaky_relu_np,
                           "d leaky_relu(x)/dx = 1 if x > 0 else negative_slope")
_leaky_relu_inplace = _elementwise(
    "leaky_relu_inplace", "LeakyReluBackward1", _leaky_relu_np,
    "d leaky_relu(x)/dx = 1 if y > 0 else negative_slope (read from the result y)",
    saves=(OUT,))


# torch's leaky_relu_backward kernel (LeakyReluBackwardBackward0 on Tensors), from the input
# or, for the in-place form, from the result (refused for a negative slope: the result's
# sign no longer tells which side x was on)
_leaky_relu.backward(
    lambda ctx, g: (leaky_relu_backward(g, ctx.saved[0], ctx.params[0], False),))
_leaky_relu_inplace.backward(
    lambda ctx, g: (leaky_relu_backward(g, ctx.saved[0], ctx.params[0], True),))


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """x if x > 0 else negative_slope * x."""
    _require_float("leaky_relu_cpu", input)
    return apply(_leaky_relu, (input,), (negative_slope,))


def _leaky_relu_result(input: Tensor, negative_slope: float) -> Tensor:
    return apply(_leaky_relu_inplace, (input,), (negative_slope,))


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """In-place leaky_relu (LeakyReluBackward1, which reads the result)."""
    _require_float("leaky_relu_cpu", input)
    return call_inplace(_leaky_relu_result, input, (negative_slope,), {})


# ---------------------------------------------------------------------- elu, selu, celu
# torch's elu kernel calls SLEEF's expm1 on its vectorised loop's body and the C library's
# (NumPy's) on the tail of each contiguous run (ops/_torch_libm.py: vector_body)
_expm1_as_elu = vector_body(np.expm1)


@_quietly
def _elu_np(x, alpha, scale, input_scale):
    """scale * x if x > 0 else alpha * scale * (exp(input_scale * x) - 1)."""
    negative = _expm1_as_elu(x * input_scale) * (alpha * scale)
    return np.where(x <= 0, negative, x * scale).astype(x.dtype, copy=False)


# torch's elu_backward kernel (EluBackwardBackward0 on Tensors, for celu and selu too), from
# the input or, for the in-place forms, from the result (refused for a negative alpha)
def _elu_backward(ctx, g):
    return (elu_backward(g, ctx.saved[0], *ctx.params, False),)


def _elu_backward_from_result(ctx, g):
    return (elu_backward(g, ctx.saved[0], *ctx.params, True),)


_ELU_FORMULA = ("d elu(x)/dx = scale if x > 0 else "
                "input_scale * alpha * scale * exp(input_scale * x)")
_elu = _elementwise("elu", "EluBackward0", _elu_np, _ELU_FORMULA)
_elu.backward(_elu_backward)
_elu_inplace = _elementwise("elu_inplace", "EluBackward1", _elu_np,
                            _ELU_FORMULA + " (from the result y)", saves=(OUT,))
_elu_inplace.backward(_elu_backward_from_result)
# celu(x) = elu with input_scale 1/alpha; torch records it under its own name.
_celu = _elementwise("celu", "CeluBackward0", _elu_np,
                     "d celu(x)/dx = 1 if x > 0 else exp(x / alpha)")
_celu.backward(_elu_backward)
_celu_inplace = _elementwise("celu_inplace", "CeluBackward1", _elu_np,
                             "d celu(x)/dx = 1 if x > 0 else y / alpha + 1 (from the result y)",
                             saves=(OUT,))
_celu_inplace.backward(_elu_backward_from_result)


def _elu_call(op, input: Tensor, params: tuple) -> Tensor:
    _require_float("elu_cpu", input)
    return apply(op, (input,), params)


def elu(input: Tensor, alpha: float = 1.0, scale: float = 1.0,
        input_scale: float = 1.0) -> Tensor:
    """scale * x for x > 0, alpha * scale * (exp(input_scale * x) - 1) otherwise."""
    return _elu_call(_elu, input, (alpha, scale, input_scale))


def _elu_result(input: Tensor, alpha: float, scale: float, input_scale: float) -> Tensor:
    return _elu_call(_elu_inplace, input, (alpha, scale, input_scale))


def elu_(input: Tensor, alpha: float = 1.0, scale: float = 1.0,
         input_scale: float = 1.0) -> Tensor:
    """In-place elu (EluBackward1, which reads the result)."""
    _require_float("elu_cpu", input)
    return call_inplace(_elu_result, input, (alpha, scale, input_scale), {})


@public(method=False)
def selu(input: Tensor) -> Tensor:
    """SELU_SCALE * elu(x, SELU_ALPHA): self-normalising (torch records EluBackward0)."""
    return elu(input, SELU_ALPHA, SELU_SCALE)


@public(method=False, name="selu_")
def selu_(input: Tensor) -> Tensor:
    """In-place selu."""
    return elu_(input, SELU_ALPHA, SELU_SCALE)


def _celu_params(alpha: float) -> tuple:
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return (alpha, 1.0, 1.0 / alpha)


@public(method=False)
def celu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    _require_float("elu_cpu", input)
    return apply(_celu, (input,), _celu_params(alpha))


def _celu_result(input: Tensor, alpha: float) -> Tensor:
    return apply(_celu_inplace, (input,), _celu_params(alpha))


@public(method=False, name="celu_")
def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """In-place celu (CeluBackward1, which reads the result)."""
    _require_float("elu_cpu", input)
    _celu_params(alpha)
    return call_inplace(_celu_result, input, (alpha,), {})


# ---------------------------------------------------------------------- silu, mish
@_quietly
def _silu_np(x):
    """x * sigmoid(x) = x / (1 + exp(-x))."""
    return x / (1 + sleef_exp(-x))


_silu = _elementwise("silu", "SiluBackward0", _silu_np,
                     "d x*sigmoid(x)/dx = sigmoid(x) * (1 + x * (1 - sigmoid(x)))")


@_silu.backward
@half_in_float32
def _(ctx, g):
    (x,) = ctx.saved
    s = xp.sigmoid(x)
    if not xp.is_tensor(x) and x.dtype in LANES:  # (torch's fused multiply-add: its bits)
        return (g * s * fma(x, 1 - s, x.dtype.type(1)),)
    return (g * s * (1 + x * (1 - s)),)


@_quietly
def _mish_np(x):
    """x * tanh(softplus(x))."""
    return x * _on_body_and_tail(_mish_factor, x)


def _mish_factor(x, exp, log1p, tanh):
    return tanh(log1p(exp(x)))


_mish = _elementwise("mish", "MishBackward0", _mish_np,
                     "d x*tanh(softplus(x))/dx = t + x * sigmoid(x) * (1 - t^2), "
                     "t = tanh(softplus(x))")


@_mish.backward
@half_in_float32
def _(ctx, g):
    (x,) = ctx.saved
    if not xp.is_tensor(x) and x.dtype in LANES:  # (torch's fused multiply-adds: its bits)
        t = _on_body_and_tail(_mish_factor, x)  # (as the forward computes it)
        return (g * fma(x * xp.sigmoid(x), fused_one_minus_square(t), t),)
    t = xp.tanh(xp.op("softplus", (x,), 1.0, 20.0))  # softplus(x), torch's defaults
    return (g * (t + x * xp.sigmoid(x) * (1 - t * t)),)


def silu(input: Tensor) -> Tensor:
    """x * sigmoid(x) (also called swish)."""
    _require_float("silu_cpu", input)
    return apply(_silu, (input,))


def silu_(input: Tensor) -> Tensor:
    """In-place silu (torch records SiluBackward0 on the old value)."""
    _require_float("silu_cpu", input)
    return call_inplace(silu, input, (), {})


def mish(input: Tensor) -> Tensor:
    """x * tanh(softplus(x))."""
    _require_float("mish_cpu", input)
    return apply(_mish, (input,))


def mish_(input: Tensor) -> Tensor:
    """In-place mish."""
    _require_float("mish_cpu", input)
    return call_inplace(mish, input, (), {})


# ---------------------------------------------------------------------- hardsigmoid, hardswish
def _hardsigmoid_np(x):
    """clamp(x + 3, 0, 6) / 6."""
    return np.clip(x + 3, 0, 6) / 6


_hardsigmoid = _elementwise("hardsigmoid", "HardsigmoidBackward0", _hardsigmoid_np,
                            "d hardsigmoid(x)/dx = 1/6 if -3 < x < 3 else 0")


# torch's hardsigmoid_backward kernel, whose derivative torch does not implement (a
# NotImplemented node on Tensors)
_hardsigmoid.backward(lambda ctx, g: (xp.op("hardsigmoid_backward", (g, ctx.saved[0])),))


def _hardswish_np(x):
    """x * clamp(x + 3, 0, 6) / 6."""
    return x * np.clip(x + 3, 0, 6) / 6


_hardswish = _elementwise("hardswish", "HardswishBackward0", _hardswish_np,
                          "d hardswish(x)/dx = 0 if x <= -3, x/3 + 1/2 if x < 3, else 1")


# torch's hardswish_backward kernel (HardswishBackwardBackward0 on Tensors)
_hardswish.backward(lambda ctx, g: (hardswish_backward(g, ctx.saved[0]),))


def hardsigmoid(input: Tensor) -> Tensor:
    """clamp(x + 3, 0, 6) / 6: a piecewise-linear sigmoid."""
    _require_float("hardsigmoid_cpu", input)
    return apply(_hardsigmoid, (input,))


def hardsigmoid_(input: Tensor) -> Tensor:
    """In-place hardsigmoid."""
    _require_float("hardsigmoid_cpu", input)
    return call_inplace(hardsigmoid, input, (), {})


def hardswish(input: Tensor) -> Tensor:
    """x * hardsigmoid(x)."""
    _require_float("hardswish_cpu", input)
    return apply(_hardswish, (input,))


def hardswish_(input: Tensor) -> Tensor:
    """In-place hardswish."""
    _require_float("hardswish_cpu", input)
    return call_inplace(hardswish, input, (), {})


# ---------------------------------------------------------------------- threshold
def _threshold_np(x, threshold, value):
    """value where x <= threshold, else x (integer tensors truncate both numbers)."""
    if x.dtype.kind != "f":
        threshold, value = int(threshold), int(value)
    return np.where(x <= threshold, value, x).astype(x.dtype, copy=False)


_threshold = _elementwise("threshold", "ThresholdBackward0", _threshold_np,
                          "d threshold(x)/dx = 0 if x <= threshold else 1")
# torch's threshold_ keeps a copy of the input (ember's in-place machinery hands the op a
# snapshot of it), so its mask is the out-of-place one, under another name.
_threshold_inplace = _elementwise("threshold_inplace", "ThresholdBackward1", _threshold_np,
                                  "d threshold(x)/dx = 0 if x <= threshold else 1")


def _threshold_backward(ctx, g):
    # torch's threshold_backward kernel (ThresholdBackwardBackward0 on Tensors)
    return (threshold_backward(g, ctx.saved[0], ctx.params[0]),)


_threshold.backward(_threshold_backward)
_threshold_inplace.backward(_threshold_backward)


def _check_threshold_input(input: Tensor) -> None:
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"threshold_cpu\" not implemented for 'Bool'")


@public(method=False)
def threshold(input: Tensor, threshold: float, value: float) -> Tensor:
    """`value` where x <= threshold, x elsewhere."""
    _check_threshold_input(input)
    return apply(_threshold, (input,), (threshold, value))


def _threshold_result(input: Tensor, threshold: float, value: float) -> Tensor:
    return apply(_threshold_inplace, (input,), (threshold, value))


@public(method=False, name="threshold_")
def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """In-place threshold (recorded as ThresholdBackward1)."""
    _check_threshold_input(input)
    return call_inplace(_threshold_result, input, (threshold, value), {})


# ---------------------------------------------------------------------- shrinkage
def _softshrink_np(x, lambd):
    """x - lambd above lambd, x + lambd below -lambd, 0 between (x * 0 keeps nan)."""
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, x * 0))


def _hardshrink_np(x, lambd):
    """x outside [-lambd, lambd], 0 inside."""
    return np.where((x >= -lambd) & (x <= lambd), 0, x).astype(x.dtype, copy=False)


def _softshrink_backward(ctx, g):
    # torch's softshrink_backward kernel (SoftshrinkBackwardBackward0 on Tensors)
    return (shrink_backward(g, ctx.saved[0], ctx.params[0], True),)


def _hardshrink_backward(ctx, g):
    return (shrink_backward(g, ctx.saved[0], ctx.params[0], False),)


_softshrink = _elementwise("softshrink", "SoftshrinkBackward0", _softshrink_np,
                           "d softshrink(x)/dx = 0 if |x| <= lambd else 1")
_softshrink.backward(_softshrink_backward)
_hardshrink = _elementwise("hardshrink", "HardshrinkBackward0", _hardshrink_np,
                           "d hardshrink(x)/dx = 0 if |x| <= lambd else 1")
_hardshrink.backward(_hardshrink_backward)

# The largest finite value of each float dtype as torch prints it in softshrink's check.
_LAMBDA_LIMITS = {"float16": "65504", "float32": "3.40282e+38", "float64": "1.79769e+308"}


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """Shrink towards 0 by lambd; values within lambd of 0 become 0."""
    _require_float("softshrink_check", input)
    dtype = str(input._data.dtype)
    if not 0 <= lambd <= float(np.finfo(input._data.dtype).max):
        raise RuntimeError(f"lambda must be in range [0, {_LAMBDA_LIMITS[dtype]}] for input "
                           f"dtype {scalar_type_name(dtype)}, but found {lambd:g}")
    return apply(_softshrink, (input,), (lambd,))


@public()
def hardshrink(input: Tensor, lambd: Number = 0.5) -> Tensor:
    """Zero the values within lambd of 0, keep the others."""
    _require_float("hardshrink_cpu", input)
    return apply(_hardshrink, (input,), (lambd,))
