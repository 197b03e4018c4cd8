"""Backward primitives: the ops torch's backward formulas end in (sigmoid_backward, ...).

torch computes the gradient of sigmoid, relu, softmax and many activations with a kernel
of its own (`sigmoid_backward(grad, result)`), so a gradient taken with create_graph=True
carries that kernel's node: `SigmoidBackwardBackward0`, `ThresholdBackwardBackward0`,
`SoftmaxBackwardDataBackward0`... Each such kernel is an op here, with torch's grad_fn
name, its own backward (itself again for the incoming gradient, a second derivative for
the saved value) and tangent rule, and samples (tests/samples/backward_primitives.py).

Each op's forward is also the function the first-order formula calls, with arrays or
Tensors (the `xp` protocol of ops/_xp.py): on arrays it computes the gradient directly, the
same expression the formula computed before this op existed (so `loss.backward()` costs
one isinstance check more); on Tensors it records the op, so that the gradient's grad_fn
is torch's.

Where the kernel ignores a saved value's derivative (threshold_backward's mask), torch's
derivative for it is zeros, not undefined: a gradient of relu taken with create_graph=True
requires grad and differentiates to zeros. These ops do the same.

float16 is computed in float32 and rounded once, as torch's CPU kernels (and the formulas
these ops replace) do.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import SAME, allow_complex, declare, needs_grad
from ._softmax_order import LANES, fused_dot, softmax_sum
from ._torch_libm import WIDE_UP_TO, body_and_tail, c_tanh, fma, sleef_exp, sleef_tanh

__all__ = ["threshold_backward", "sigmoid_backward", "tanh_backward", "hardtanh_backward",
           "leaky_relu_backward", "rrelu_with_noise_backward", "elu_backward",
           "shrink_backward", "softplus_backward", "log_sigmoid_backward", "gelu_backward",
           "hardswish_backward", "softmax_backward_data", "log_softmax_backward_data",
           "glu_backward", "prelu_kernel_backward"]

_float16 = np.dtype(np.float16)
_float32 = np.float32


def _in_float32(fn, g, x, *params):
    """fn on float16 arrays computed in float32, rounded once (as the CPU kernels)."""
    return fn(g.astype(_float32), x.astype(_float32), *params).astype(_float16)


def _primitive(name: str, grad_fn: str, formula: str, saves: tuple = (0, 1),
               save_if: dict | None = None):
    """Declare a backward primitive from its array function (grad first, then the saved
    value it reads, then params)."""
    def register(forward):
        return declare(name, grad_fn=grad_fn, saves=saves, dtype=SAME, formula=formula,
                       save_if=save_if)(forward)
    return register


def _zeros_unless(ctx, index: int, gg):
    """The derivative with respect to a value the kernel only reads a mask or a sign from:
    zeros (torch's zeros_like(grad)), None when no gradient is wanted."""
    return xp.zeros_like(gg) if needs_grad(ctx, index) else None


# ---------------------------------------------------------------------- threshold (relu)
def _threshold_arrays(g, x, threshold):
    # Selecting (not multiplying by a mask): an inf or nan gradient where x <= threshold
    # gives 0, as torch's kernel.
    if x.dtype == _float16:
        return _in_float32(_threshold_arrays, g, x, threshold)
    mask = x <= threshold
    if (type(g) is np.ndarray and g.size < xp.SELECT_BY_BITS_FROM
            and mask.size < xp.SELECT_BY_BITS_FROM):
        # (what masked_fill computes for arrays this small, without its checks: a small
        # ReLU's backward)
        return np.where(mask, g.dtype.type(0), g)
    return xp.masked_fill(g, mask, 0, last_use=True)


def threshold_backward(g, x, threshold: float):
    """g where x > threshold, else 0: relu's (x its result, threshold 0) and threshold's
    gradient; recorded as ThresholdBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_threshold, (g, x), (threshold,))
    return _threshold_arrays(g, x, threshold)


_threshold = _primitive("threshold_backward", "ThresholdBackwardBackward0",
                        "d threshold_backward(g, x)/dg = 1 if x > threshold else 0; "
                        "d/dx = 0", saves=(1,))(_threshold_arrays)


@_threshold.backward
def _(ctx, gg):
    (x,) = ctx.saved
    return (threshold_backward(gg, x, *ctx.params), _zeros_unless(ctx, 1, gg))


_threshold.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- hardtanh
def _hardtanh_arrays(g, x, min_val, max_val):
    if x.dtype == _float16:
        return _in_float32(_hardtanh_arrays, g, x, min_val, max_val)
    return xp.where((x <= min_val) | (x >= max_val), 0.0, g)


def hardtanh_backward(g, x, min_val: float, max_val: float):
    """g where min_val < x < max_val, else 0 (HardtanhBackwardBackward0)."""
    if isinstance(g, Tensor):
        return apply(_hardtanh, (g, x), (min_val, max_val))
    return _hardtanh_arrays(g, x, min_val, max_val)


_hardtanh = _primitive("hardtanh_backward", "HardtanhBackwardBackward0",
                       "d hardtanh_backward(g, x)/dg = 1 if min_val < x < max_val else 0; "
                       "d/dx = 0", saves=(1,))(_hardtanh_arrays)


@_hardtanh.backward
def _(ctx, gg):
    (x,) = ctx.saved
    return (hardtanh_backward(gg, x, *ctx.params), _zeros_unless(ctx, 1, gg))


_hardtanh.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- shrinkage
def _shrink_arrays(g, x, lambd):
    if x.dtype == _float16:
        return _in_float32(_shrink_arrays, g, x, lambd)
    return xp.where((x >= -lambd) & (x <= lambd), 0.0, g)


def shrink_backward(g, x, lambd: float, soft: bool):
    """g where |x| > lambd, else 0: softshrink's (SoftshrinkBackwardBackward0) or
    hardshrink's (HardshrinkBackwardBackward0) gradient."""
    if isinstance(g, Tensor):
        return apply(_softshrink if soft else _hardshrink, (g, x), (lambd,))
    return _shrink_arrays(g, x, lambd)


_SHRINK_FORMULA = "d/dg = 1 if |x| > lambd else 0; d/dx = 0"
_softshrink = _primitive("softshrink_backward", "SoftshrinkBackwardBackward0",
                         "softshrink_backward(g, x): " + _SHRINK_FORMULA,
                         saves=(1,))(_shrink_arrays)
_hardshrink = _primitive("hardshrink_backward", "HardshrinkBackwardBackward0",
                         "hardshrink_backward(g, x): " + _SHRINK_FORMULA,
                         saves=(1,))(_shrink_arrays)


def _shrink_double_backward(ctx, gg):
    (x,) = ctx.saved
    soft = ctx.op is _softshrink
    return (shrink_backward(gg, x, ctx.params[0], soft), _zeros_unless(ctx, 1, gg))


_softshrink.backward(_shrink_double_backward)
_softshrink.tangent(_fw.diagonal)
_hardshrink.backward(_shrink_double_backward)
_hardshrink.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- leaky_relu
_NEGATIVE_SLOPE_LEAKY = (
    "In-place leakyReLu backward calculation is triggered with a negative slope which is not "
    "supported. This is caused by calling in-place forward function with a negative slope, "
    "please call out-of-place version instead. File an issue at "
    "https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu "
    "backward calculation with negative slope")


def _leaky_relu_arrays(g, x, slope, x_is_result):
    if x_is_result and slope < 0:  # the result's sign no longer tells which side x was on
        raise RuntimeError(_NEGATIVE_SLOPE_LEAKY)
    if x.dtype == _float16:
        return _in_float32(_leaky_relu_arrays, g, x, slope, x_is_result)
    return xp.where(x > 0, g, g * slope)


def leaky_relu_backward(g, x, slope: float, x_is_result: bool):
    """g where x > 0, else g * slope (x may be the result: same sign for slope >= 0);
    LeakyReluBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_leaky_relu, (g, x), (slope, x_is_result))
    return _leaky_relu_arrays(g, x, slope, x_is_result)


_leaky_relu = _primitive("leaky_relu_backward", "LeakyReluBackwardBackward0",
                         "d leaky_relu_backward(g, x)/dg = 1 if x > 0 else negative_slope; "
                         "d/dx = 0", saves=(1,))(_leaky_relu_arrays)


@_leaky_relu.backward
def _(ctx, gg):
    (x,) = ctx.saved
    # torch's double backward is an out-of-place call: x is an input there
    return (leaky_relu_backward(gg, x, ctx.params[0], False), _zeros_unless(ctx, 1, gg))


_leaky_relu.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- hardsigmoid
# torch multiplies by 1/6 rounded to float32, whatever the dtype
_ONE_SIXTH_F32 = float(np.float32(1.0 / 6.0))


def _hardsigmoid_arrays(g, x):
    """g / 6 where -3 < x < 3, else 0: hardsigmoid's gradient, which torch records with a
    NotImplemented node (its derivative raises)."""
    if x.dtype == _float16:
        return _in_float32(_hardsigmoid_arrays, g, x)
    return xp.where((x > -3) & (x < 3), g * _ONE_SIXTH_F32, 0.0)


declare("hardsigmoid_backward", dtype=SAME, grad_not_implemented="aten::hardsigmoid_backward",
        formula="torch implements no derivative of hardsigmoid_backward")(_hardsigmoid_arrays)


# ---------------------------------------------------------------------- rrelu
def _rrelu_arrays(g, x, lower, upper, noise, x_is_result):
    # training (noise drawn, a range wider than torch's 1e-6): the drawn slopes; otherwise
    # leaky_relu's with the mean slope, as torch's kernel
    if noise is not None and upper - lower > 1e-6:
        return g * noise
    return _leaky_relu_arrays(g, x, (lower + upper) / 2, x_is_result)


def rrelu_with_noise_backward(g, x, lower: float, upper: float, noise, x_is_result: bool):
    """rrelu's gradient for the cotangent g (x may be the result, of the in-place form):
    RreluWithNoiseBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_rrelu, (g, x), (lower, upper, noise, x_is_result))
    return _rrelu_arrays(g, x, lower, upper, noise, x_is_result)


_rrelu = _primitive("rrelu_with_noise_backward", "RreluWithNoiseBackwardBackward0",
                    "d rrelu_with_noise_backward(g, x)/dg = noise (training) or 1 if x > 0 "
                    "else (lower + upper) / 2; d/dx = 0", saves=(1,))(_rrelu_arrays)


@_rrelu.backward
def _(ctx, gg):
    (x,) = ctx.saved
    lower, upper, noise, _ = ctx.params
    return (rrelu_with_noise_backward(gg, x, lower, upper, noise, False),
            _zeros_unless(ctx, 1, gg))


_rrelu.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- elu, celu, selu
_NEGATIVE_SLOPE_ELU = (
    "In-place elu backward calculation is triggered with a negative slope which is not "
    "supported. This is caused by calling in-place forward function with a negative slope, "
    "please call out-of-place version instead.")


def _elu_arrays(g, x, alpha, scale, input_scale, x_is_result):
    if x_is_result and alpha < 0:  # the result's sign no longer tells which side x was on
        raise RuntimeError(_NEGATIVE_SLOPE_ELU)
    if x.dtype == _float16:
        return _in_float32(_elu_arrays, g, x, alpha, scale, input_scale, x_is_result)
    if x_is_result:
        # For x <= 0, y = alpha*scale*(exp(input_scale*x) - 1),
        # so dy/dx = input_scale * (y + alpha*scale).
        return xp.where(x <= 0, g * input_scale * (x + alpha * scale), g * scale)
    negative = g * (input_scale * alpha * scale) * xp.exp(x * input_scale)
    return xp.where(x <= 0, negative, g * scale)


def elu_backward(g, x, alpha: float, scale: float, input_scale: float, x_is_result: bool):
    """elu's gradient (celu and selu's too), from its input x or, for the in-place forms,
    its result; EluBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_elu, (g, x), (alpha, scale, input_scale, x_is_result))
    return _elu_arrays(g, x, alpha, scale, input_scale, x_is_result)


_elu = _primitive("elu_backward", "EluBackwardBackward0",
                  "d elu_backward(g, x)/dg = scale if x > 0 else input_scale * alpha * scale "
                  "* exp(input_scale * x); d/dx = g * input_scale^2 * alpha * scale * "
                  "exp(input_scale * x) if x < 0 else 0",
                  save_if={0: (1,)})(_elu_arrays)


def _below_zero(x):
    """1 where x < 0, else 0, in x's dtype (torch's `(x < 0).type_as(grad)`)."""
    return xp.astype(x < 0, xp.numpy_dtype(x))


@_elu.backward
def _(ctx, gg):
    g, x = ctx.saved
    alpha, scale, input_scale, x_is_result = ctx.params
    grad_g = elu_backward(gg, x, *ctx.params) if needs_grad(ctx, 0) else None
    grad_x = None
    if needs_grad(ctx, 1):  # torch's composition: a product with the mask comes last
        if x_is_result:  # d/dy of g * input_scale * (y + alpha * scale)
            grad_x = gg * g * input_scale * _below_zero(x)
        else:  # the kernel again on gg * g * input_scale: its x <= 0 branch is the curve
            grad_x = elu_backward(gg * g * input_scale, x, *ctx.params) * _below_zero(x)
    return grad_g, grad_x


_elu.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- sigmoid, tanh
def _sigmoid_arrays(g, y):
    # (g * (1 - y)) * y, the order of torch's kernel (its bits in float16, 32 and 64).
    # 1 - y is the one new array and both products are written into it: g is often no
    # array of its own (average pooling's tiled gradient is a view), so it cannot be
    # donated, and a new array per product costs a fresh 1.2 MB each on LeNet's first layer.
    if (type(g) is np.ndarray and type(y) is np.ndarray and g.shape == y.shape
            and g.dtype == y.dtype and g.dtype.kind == "f"):
        t = np.subtract(1, y, out=np.empty(y.shape, y.dtype))  # (an array even when 0-d)
        np.multiply(t, g, out=t)
        return np.multiply(t, y, out=t)
    if xp.is_complex(y):  # (torch's complex kernel: g conj((1 - y) y))
        return g * xp.conj((1 - y) * y)
    return xp.times(xp.times(g, 1 - y), y)


def sigmoid_backward(g, y):
    """g * (1 - y) * y, y = sigmoid(x); SigmoidBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_sigmoid, (g, y))
    return _sigmoid_arrays(g, y)


_sigmoid = _primitive("sigmoid_backward", "SigmoidBackwardBackward0",
                      "d sigmoid_backward(g, y)/dg = y (1 - y); d/dy = g (1 - 2y)",
                      save_if={0: (1,)})(_sigmoid_arrays)


@_sigmoid.backward
def _(ctx, gg):
    g, y = ctx.saved
    if xp.is_complex(y) or xp.is_complex(g) or xp.is_complex(gg):
        return _sigmoid_complex_grads(ctx, gg, g, y)
    # y's first: sigmoid_backward may write into a donated gg (ops/_xp.py: times)
    grad_y = gg * g * (-2 * y + 1) if needs_grad(ctx, 1) else None  # torch's order
    return (sigmoid_backward(gg, y) if needs_grad(ctx, 0) else None, grad_y)


def _sigmoid_complex_grads(ctx, gg, g, y):
    """g conj((1 - y) y) is linear in g and antiholomorphic in y: grad_g = gg (1 - y) y
    (the kernel at conj(y)), grad_y = conj(gg) g (1 - 2 conj(y))."""
    y_conj = xp.conj(y)
    grad_y = xp.conj(gg) * g * (-2 * y_conj + 1) if needs_grad(ctx, 1) else None
    return (sigmoid_backward(gg, y_conj) if needs_grad(ctx, 0) else None, grad_y)


def _conjugate_kernel_tangent(kernel, slope):
    """The tangent of kernel(g, y) = g conj(f(y)) for complex values: kernel(dg, y) +
    g conj(f'(y) dy), with slope(y) = f'(y) (antiholomorphic in y: no diagonal rule)."""
    def rule(ctx, t_g, t_y):
        g, y = ctx.inputs
        if not y.is_complex():
            return _fw.diagonal(ctx, t_g, t_y)
        terms = []
        if t_g is not None:
            terms.append(kernel(t_g, y))
        if t_y is not None:
            terms.append(g * (slope(y) * t_y).conj())
        return _fw.tangent_sum(*terms)
    return rule


_sigmoid.tangent(_conjugate_kernel_tangent(sigmoid_backward, lambda y: 1 - 2 * y))


def fused_one_minus_square(y):
    """1 - y * y as torch's kernels compute it, one fused multiply-add (their bits: the
    unfused form differs in 70% of tanh's float32 gradients); above WIDE_UP_TO values
    NumPy's faster unfused form (a training step's speed, docs/performance.md)."""
    if type(y) is np.ndarray and y.dtype in LANES and y.size <= WIDE_UP_TO:
        return fma(-y, y, y.dtype.type(1))
    return xp.one_minus_square(y)


def _tanh_arrays(g, y):
    if getattr(y, "dtype", None) == _float16 and getattr(g, "dtype", None) == _float16:
        # torch's Half kernel computes in float and rounds once (in half: 57% differed)
        return _in_float32(_tanh_arrays, g, y)
    if xp.is_complex(y):  # (torch's complex kernel: g conj(1 - y^2))
        return g * xp.conj(1 - y * y)
    return xp.times(g, fused_one_minus_square(y))


def tanh_backward(g, y):
    """g * (1 - y^2), y = tanh(x); TanhBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_tanh, (g, y))
    return _tanh_arrays(g, y)


_tanh = _primitive("tanh_backward", "TanhBackwardBackward0",
                   "d tanh_backward(g, y)/dg = 1 - y^2; d/dy = -2 g y",
                   save_if={0: (1,)})(_tanh_arrays)


@_tanh.backward
def _(ctx, gg):
    g, y = ctx.saved
    if xp.is_complex(y) or xp.is_complex(g) or xp.is_complex(gg):
        # linear in g, antiholomorphic in y: grad_g = gg (1 - y^2), the kernel at conj(y);
        # grad_y = conj(gg) g (-2 conj(y))
        y_conj = xp.conj(y)
        grad_y = xp.conj(gg) * (-2 * y_conj * g) if needs_grad(ctx, 1) else None
        return (tanh_backward(gg, y_conj) if needs_grad(ctx, 0) else None, grad_y)
    # y's first: tanh_backward may write into a donated gg (ops/_xp.py: times)
    grad_y = gg * (-2 * y * g) if needs_grad(ctx, 1) else None  # torch's order
    return (tanh_backward(gg, y) if needs_grad(ctx, 0) else None, grad_y)


_tanh.tangent(_conjugate_kernel_tangent(tanh_backward, lambda y: -2 * y))


# ---------------------------------------------------------------------- softplus, logsigmoid
def _softplus_arrays(g, x, beta, threshold):
    if x.dtype == _float16:
        return _in_float32(_softplus_arrays, g, x, beta, threshold)
    bx = x * beta
    if x.dtype in LANES:  # torch's kernel: z = exp(beta x), g z / (z + 1) (its bits)
        with np.errstate(over="ignore", invalid="ignore"):  # (exp's inf above the threshold)
            z = sleef_exp(bx)
            return xp.where(bx > threshold, g, g * z / (z + 1))
    return xp.where(bx > threshold, g, g * xp.sigmoid(bx))


def softplus_backward(g, x, beta: float, threshold: float):
    """g * sigmoid(beta x), g itself above the threshold; SoftplusBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_softplus, (g, x), (beta, threshold))
    return _softplus_arrays(g, x, beta, threshold)


_softplus = _primitive("softplus_backward", "SoftplusBackwardBackward0",
                       "d softplus_backward(g, x)/dg = sigmoid(beta x) (1 above the "
                       "threshold); d/dx = g beta s (1 - s), s = sigmoid(beta x) (0 from "
                       "the threshold on)",
                       save_if={0: (1,)})(_softplus_arrays)


@_softplus.backward
def _(ctx, gg):
    g, x = ctx.saved
    beta, threshold = ctx.params
    grad_g = softplus_backward(gg, x, beta, threshold) if needs_grad(ctx, 0) else None
    grad_x = None
    if needs_grad(ctx, 1):
        # torch's composition: sigmoid's kernel, a mask, then a product with beta (a
        # Python number: MulBackward1); 0 also where beta x equals the threshold
        bx = x * beta
        below = xp.astype(bx < threshold, xp.numpy_dtype(x))
        grad_x = xp.op("mul_scalar", (sigmoid_backward(gg * g, xp.sigmoid(bx)) * below,), beta)
    return grad_g, grad_x


_softplus.tangent(_fw.diagonal)


def _log_sigmoid_arrays(g, x):
    if x.dtype == _float16:
        return _in_float32(_log_sigmoid_arrays, g, x)
    if x.dtype in LANES:  # torch's kernel, z = exp(-|x|): its bits
        z = sleef_exp(-np.abs(x))
        share = z / (1 + z)
        return g * xp.where(x < 0, 1 - share, share)
    return g * xp.sigmoid(-x)


def log_sigmoid_backward(g, x):
    """g * sigmoid(-x); LogSigmoidBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_log_sigmoid, (g, x))
    return _log_sigmoid_arrays(g, x)


_log_sigmoid = _primitive("log_sigmoid_backward", "LogSigmoidBackwardBackward0",
                          "d log_sigmoid_backward(g, x)/dg = sigmoid(-x); "
                          "d/dx = -g sigmoid(x) sigmoid(-x)",
                          save_if={0: (1,)})(_log_sigmoid_arrays)


@_log_sigmoid.backward
def _(ctx, gg):
    g, x = ctx.saved
    grad_g = log_sigmoid_backward(gg, x) if needs_grad(ctx, 0) else None
    grad_x = -(gg * g) * xp.sigmoid(x) * xp.sigmoid(-x) if needs_grad(ctx, 1) else None
    return grad_g, grad_x


_log_sigmoid.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- gelu
_SQRT_2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_SCALE = math.sqrt(2.0 / math.pi)
_TANH_CUBIC = 0.044715


def _gelu_arrays(g, x, approximate):
    if x.dtype == _float16:
        return _in_float32(_gelu_arrays, g, x, approximate)
    if approximate == "tanh" and x.dtype in LANES:
        # torch's kernel, its multiply-adds fused (its bits in float32 and float64)
        dtype = x.dtype.type
        scale, cubic = dtype(_TANH_SCALE), dtype(_TANH_CUBIC)
        square = x * x
        inner = scale * fma(cubic, square * x, x)
        t = body_and_tail(inner, sleef_tanh, c_tanh)  # (SLEEF's on the body, the C library's)
        slope = scale * fma(dtype(3) * cubic, square, dtype(1))
        return g * (0.5 * (1 + t) + 0.5 * x * fma(-t, t, dtype(1)) * slope)
    if approximate == "tanh":
        t = xp.tanh((x + _TANH_CUBIC * x * x * x) * _TANH_SCALE)
        slope = _TANH_SCALE * (1 + 3 * _TANH_CUBIC * x * x)
        return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * slope)
    cdf = 0.5 * (1 + xp.erf(x / _SQRT_2))
    pdf = xp.exp(x * x * -0.5) * _INV_SQRT_2PI
    return g * (cdf + x * pdf)


def gelu_backward(g, x, approximate: str):
    """g * gelu'(x) (gelu' = Phi + x phi, or the tanh form's own); GeluBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_gelu, (g, x), (approximate,))
    return _gelu_arrays(g, x, approximate)


_gelu = _primitive("gelu_backward", "GeluBackwardBackward0",
                   "d gelu_backward(g, x)/dg = gelu'(x); d/dx = g gelu''(x), "
                   "gelu'' = phi (2 - x^2) (tanh form: its own)",
                   save_if={0: (1,)})(_gelu_arrays)


@_gelu.backward
def _(ctx, gg):
    g, x = ctx.saved
    (approximate,) = ctx.params
    grad_g = gelu_backward(gg, x, approximate) if needs_grad(ctx, 0) else None
    if not needs_grad(ctx, 1):
        return grad_g, None
    if approximate == "tanh":
        # u = k (x + c x^3), t = tanh(u): gelu'' = (1 - t^2) (u' + x (u'' - 2 t u'^2) / 2)
        t = xp.tanh((x + _TANH_CUBIC * x * x * x) * _TANH_SCALE)
        du = _TANH_SCALE * (1 + 3 * _TANH_CUBIC * x * x)
        ddu = (6 * _TANH_SCALE * _TANH_CUBIC) * x
        curve = (1 - t * t) * (du + 0.5 * x * (ddu - 2 * t * du * du))
    else:
        curve = xp.exp(x * x * -0.5) * _INV_SQRT_2PI * (2 - x * x)
    return grad_g, gg * g * curve


_gelu.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- hardswish
def _hardswish_arrays(g, x):
    if x.dtype == _float16:
        return _in_float32(_hardswish_arrays, g, x)
    return xp.where(x <= -3, 0.0, xp.where(x < 3, g * (x / 3 + 0.5), g))


def hardswish_backward(g, x):
    """g * (x/3 + 1/2) for -3 < x < 3, g above, 0 below; HardswishBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_hardswish, (g, x))
    return _hardswish_arrays(g, x)


_hardswish = _primitive("hardswish_backward", "HardswishBackwardBackward0",
                        "d hardswish_backward(g, x)/dg = 0, x/3 + 1/2 or 1; "
                        "d/dx = g/3 for -3 < x < 3, else 0",
                        save_if={0: (1,)})(_hardswish_arrays)


@_hardswish.backward
def _(ctx, gg):
    g, x = ctx.saved
    grad_g = hardswish_backward(gg, x) if needs_grad(ctx, 0) else None
    grad_x = xp.where((x > -3) & (x < 3), gg * g / 3, 0.0) if needs_grad(ctx, 1) else None
    return grad_g, grad_x


_hardswish.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- softmax, log_softmax
def _axis(y, dim):
    return dim if y.ndim else None


def _softmax_arrays(g, y, dim):
    if y.dtype == _float16:
        return _in_float32(_softmax_arrays, g, y, dim)
    axis = _axis(y, dim)
    if axis is None or y.dtype not in LANES:
        return y * (g - xp.sum(g * y, axis, keepdim=True))
    axis %= y.ndim
    # torch's kernels: along the last dim sum(g y) in vector lanes, along another one
    # fused multiply-add per element (ops/_softmax_order); a large tensor keeps the
    # unfused sum in torch's order (one NumPy pass instead of a fused step per element
    # of the dim: speed, as _torch_libm.WIDE_UP_TO)
    if axis == y.ndim - 1 or y.size > WIDE_UP_TO:
        return y * (g - softmax_sum(g * y, axis))
    return y * (g - fused_dot(g, y, axis))


def softmax_backward_data(g, y, dim: int):
    """y * (g - sum(g * y)) along dim, y = softmax(x); SoftmaxBackwardDataBackward0."""
    if isinstance(g, Tensor):
        return apply(_softmax, (g, y), (dim,))
    return _softmax_arrays(g, y, dim)


_softmax = _primitive("softmax_backward_data", "SoftmaxBackwardDataBackward0",
                      "f(g, y) = y (g - sum(g y)): d/dg is f itself (symmetric); "
                      "d/dy = gg (g - sum(g y)) - g sum(gg y)",
                      save_if={0: (1,)})(_softmax_arrays)


@_softmax.backward
def _(ctx, gg):
    g, y = ctx.saved
    (dim,) = ctx.params
    grad_g = softmax_backward_data(gg, y, dim) if needs_grad(ctx, 0) else None
    grad_y = None
    if needs_grad(ctx, 1):
        axis = _axis(y, dim)
        grad_y = (gg * (g - xp.sum(g * y, axis, keepdim=True))
                  - g * xp.sum(gg * y, axis, keepdim=True))
    return grad_g, grad_y


@_softmax.tangent
def _(ctx, t_g, t_y):
    g, y = ctx.inputs
    axis = _axis(y, ctx.params[0])
    terms = []
    if t_g is not None:
        terms.append(softmax_backward_data(t_g, y, ctx.params[0]))
    if t_y is not None:
        terms.append(t_y * (g - xp.sum(g * y, axis, keepdim=True))
                     - y * xp.sum(g * t_y, axis, keepdim=True))
    return _fw.tangent_sum(*terms)


def _log_softmax_arrays(g, y, dim):
    if y.dtype == _float16:
        return _in_float32(_log_softmax_arrays, g, y, dim)
    axis = _axis(y, dim)
    if axis is None or y.dtype not in LANES:
        return g - xp.exp(y) * xp.sum(g, axis, keepdim=True)
    # torch's kernel: sum(g) in its order (ops/_softmax_order), then one fused
    # multiply-add per element, g - exp(y) * sum(g) rounded once
    total = softmax_sum(np.asarray(g), axis % y.ndim)
    return fma(-sleef_exp(y), total, g)


def log_softmax_backward_data(g, y, dim: int):
    """g - exp(y) * sum(g) along dim, y = log_softmax(x); LogSoftmaxBackwardDataBackward0."""
    if isinstance(g, Tensor):
        return apply(_log_softmax, (g, y), (dim,))
    return _log_softmax_arrays(g, y, dim)


_log_softmax = _primitive("log_softmax_backward_data", "LogSoftmaxBackwardDataBackward0",
                          "f(g, y) = g - exp(y) sum(g): d/dg = gg - sum(gg exp(y)); "
                          "d/dy = -gg exp(y) sum(g)",
                          save_if={0: (1,)})(_log_softmax_arrays)


@_log_softmax.backward
def _(ctx, gg):
    g, y = ctx.saved
    axis = _axis(y, ctx.params[0])
    grad_g = (gg - xp.sum(gg * xp.exp(y), axis, keepdim=True)) if needs_grad(ctx, 0) else None
    grad_y = None
    if needs_grad(ctx, 1):
        grad_y = -xp.sum(g, axis, keepdim=True) * xp.exp(y) * gg  # torch's order
    return grad_g, grad_y


@_log_softmax.tangent
def _(ctx, t_g, t_y):
    g, y = ctx.inputs
    axis = _axis(y, ctx.params[0])
    terms = []
    if t_g is not None:
        terms.append(log_softmax_backward_data(t_g, y, ctx.params[0]))
    if t_y is not None:
        terms.append(-(xp.exp(y) * t_y) * xp.sum(g, axis, keepdim=True))
    return _fw.tangent_sum(*terms)


# ---------------------------------------------------------------------- glu
def _glu_halves(x, dim: int) -> tuple:
    """The halves a, b of x along dim (views, on arrays or Tensors)."""
    half, before = x.shape[dim] // 2, (slice(None),) * dim
    return x[before + (slice(None, half),)], x[before + (slice(half, None),)]


def _glu_arrays(g, x, dim):
    a, b = _glu_halves(x, dim)
    s = xp.sigmoid(b)
    dtype = xp.numpy_dtype(x)
    if dtype == np.float16:
        # torch rounds sigmoid(b) to half, then computes the products in float.
        s, a, g = (xp.astype(v, np.float32) for v in (s, a, g))
    return xp.astype(xp.cat([g * s, g * a * s * (1 - s)], dim), dtype)


def glu_backward(g, x, dim: int):
    """d glu(x)/dx for the cotangent g (half of x's size along dim): GluBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_glu, (g, x), (dim,))
    return _glu_arrays(g, x, dim)


_glu = _primitive("glu_backward", "GluBackwardBackward0",
                  "glu_backward(g, x) = [g s, g a s (1 - s)], s = sigmoid(b): d/dg = "
                  "[s, a s (1 - s)]; d/da = g s (1 - s) on b's part; d/db adds "
                  "g a s (1 - s)(1 - 2s)", save_if={0: (1,)})(_glu_arrays)


@_glu.backward
def _(ctx, gg):
    g, x = ctx.saved
    (dim,) = ctx.params
    a, b = _glu_halves(x, dim)
    gg_a, gg_b = _glu_halves(gg, dim)
    s = xp.sigmoid(b)
    slope = s * (1 - s)
    grad_g = gg_a * s + gg_b * a * slope if needs_grad(ctx, 0) else None
    grad_x = None
    if needs_grad(ctx, 1):
        grad_x = xp.cat([gg_b * g * slope, (gg_a + gg_b * a * (1 - 2 * s)) * g * slope], dim)
    return grad_g, grad_x


@_glu.tangent
def _(ctx, t_g, t_x):
    g, x = ctx.inputs
    (dim,) = ctx.params
    a, b = _glu_halves(x, dim)
    s = b.sigmoid()
    slope = s * (1 - s)
    part_a, part_b = [], []
    if t_g is not None:
        part_a.append(t_g * s)
        part_b.append(t_g * a * slope)
    if t_x is not None:
        t_a, t_b = _glu_halves(t_x, dim)
        part_a.append(g * slope * t_b)
        part_b.append(g * slope * t_a + g * a * slope * (1 - 2 * s) * t_b)
    return xp.cat([_fw.tangent_sum(*part_a), _fw.tangent_sum(*part_b)], dim)


# ---------------------------------------------------------------------- prelu
def _prelu_input_arrays(g, x, weight):
    return xp.where(x > 0, g, g * weight)


def prelu_kernel_backward(g, x, weight):
    """d prelu(x, w)/dx for the cotangent g (the weight shaped to broadcast against x):
    torch's _prelu_kernel_backward for the input, PreluKernelBackwardBackward0."""
    if isinstance(g, Tensor):
        return apply(_prelu_input, (g, x, weight))
    return _prelu_input_arrays(g, x, weight)


# (torch's one kernel for all three gradients reads all three inputs: each is kept
# whatever gradient is wanted)
_prelu_input = declare(
    "prelu_kernel_backward", grad_fn="PreluKernelBackwardBackward0", saves=(0, 1, 2),
    dtype=SAME, broadcasts=False,
    formula="prelu_kernel_backward(g, x, w) = g if x > 0 else w g: d/dg = 1 or w; "
            "d/dw = 0 or g (x < 0); d/dx = 0")(_prelu_input_arrays)


@_prelu_input.backward
def _(ctx, gg):
    g, x, weight = ctx.saved
    # torch's derivatives of its kernel: the masks are x >= 0, and x's is zeros (defined)
    kept = x >= 0
    grad_g = xp.where(kept, gg, gg * weight) if needs_grad(ctx, 0) else None
    grad_x = xp.zeros(tuple(x.shape), like=gg) if needs_grad(ctx, 1) else None
    grad_w = None
    if needs_grad(ctx, 2):  # summed to the weight's (broadcast) shape
        grad_w = xp.sum_to(xp.where(kept, 0.0, g * gg), tuple(weight.shape))
    return grad_g, grad_x, grad_w


@_prelu_input.tangent
def _(ctx, t_g, t_x, t_w):
    g, x, weight = ctx.inputs
    positive = x > 0
    terms = []
    if t_g is not None:
        terms.append(xp.where(positive, t_g, t_g * weight))
    if t_w is not None:
        terms.append(xp.where(positive, 0.0, g * t_w))
    return _fw.tangent_sum(*terms)


# Complex values: the kernels conjugate the derivative (g conj(1 - y^2), g conj((1 - y) y)),
# as torch's (checked against torch: tests/samples/complex_linalg_more.py)
allow_complex("tanh_backward", "sigmoid_backward")
