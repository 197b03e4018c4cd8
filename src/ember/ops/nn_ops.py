"""Neural-network ops: softmax and log_softmax (torch.softmax, Tensor.softmax, ...), and the
activations `ember.nn.functional` builds on (logsigmoid, softplus, gelu).

All are computed the numerically stable way: softmax subtracts the maximum along `dim`
before exponentiating (exp(1000.) would overflow), and softplus/logsigmoid never
exponentiate a large positive number.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .._dispatch import _type_name, apply
from .._dtype import scalar_type_name
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first
from . import _xp as xp
from ._dims import wrap_dim
from ._lapack_layout import c_ordered
from ._registry import OPS, OUT, SAME, declare, public
from ._softmax_order import LANES, softmax_sum
from ._torch_libm import body_and_tail, c_exp, c_tanh, fma, sleef_exp, sleef_log1p, sleef_tanh
from .backward_primitives import (
    gelu_backward,
    log_sigmoid_backward,
    log_softmax_backward_data,
    softmax_backward_data,
    softplus_backward,
)

__all__ = ["softmax", "log_softmax", "implicit_softmax_dim", "logsigmoid", "softplus", "gelu",
           "half_in_float32"]

_MISSING = object()


def _require_float(kernel: str, input: Tensor) -> None:
    """torch has no integer kernels for these ops (it does not cast to float for you)."""
    if input._data.dtype.kind != "f":
        name = scalar_type_name(input._data.dtype)
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{name}'")


def _in_float32_if_half(fn, x, *args):
    """float16 is computed in float32 and rounded once, as torch's CPU kernels do."""
    if x.dtype == np.float16:
        return fn(x.astype(np.float32), *args).astype(np.float16)
    return fn(x, *args)


class _Float32Context:
    """A backward's view of its node with the saved float16 tensors as float32."""

    __slots__ = ("_ctx", "saved")

    def __init__(self, ctx, saved: tuple) -> None:
        self._ctx = ctx
        self.saved = saved

    def __getattr__(self, name: str):
        return getattr(self._ctx, name)


def half_in_float32(backward):
    """Decorator for a backward formula: with float16 values it runs on float32 copies
    (saved values and gradient) and rounds each input gradient once, as torch's CPU kernels
    compute half precision in float. On Tensors the casts are ember ops, so double backward
    works."""

    def wrapped(ctx, g):
        if xp.numpy_dtype(g) != np.float16:
            return backward(ctx, g)
        saved = tuple(xp.astype(s, np.float32) if s is not None and xp.numpy_dtype(s) == np.float16
                      else s for s in ctx.saved)
        grads = backward(_Float32Context(ctx, saved), xp.astype(g, np.float32))
        return tuple(None if r is None else xp.astype(r, np.float16) for r in grads)

    # The formula's own module: the engine decides from it whether it takes arrays.
    return functools.wraps(backward)(wrapped)


# ---------------------------------------------------------------------- softmax
# np.max's and np.sum's own work on an ndarray, without their Python wrappers (~1 us a
# call, as much as a small reduction): the same ufunc reductions, so the same bits.
_max_reduce = np.maximum.reduce
_add_reduce = np.add.reduce


def _shifted(x, axis):
    """x minus its max along axis: every exponent is <= 0, so exp cannot overflow. (inf -
    inf is nan, as in torch; forwards run with NumPy's warnings off.)"""
    return x - _max_reduce(x, axis=axis, keepdims=True, initial=-np.inf)


def _softmax_np(x, axis):
    e = sleef_exp(_shifted(x, axis))
    if axis is None or x.dtype not in LANES:
        return e / _add_reduce(e, axis=axis, keepdims=True)
    total = softmax_sum(e, axis)  # (torch's order of additions: ops/_softmax_order)
    if axis == x.ndim - 1:  # torch's last-dim kernel multiplies by the sum's reciprocal
        return e * (1 / total)
    return e / total


def _log_softmax_np(x, axis):
    s = _shifted(x, axis)
    if axis is None or x.dtype not in LANES:
        return s - np.log(_add_reduce(np.exp(s), axis=axis, keepdims=True))
    total = softmax_sum(sleef_exp(s), axis)
    # the log of one sum per row: torch's scalar log, correctly rounded for float32
    return s - (np.log(total.astype(np.float64)).astype(np.float32)
                if total.dtype == np.float32 else np.log(total))


def _axis(x, dim):
    return dim if x.ndim else None


@declare("softmax", grad_fn="SoftmaxBackward0", saves=(OUT,), dtype=SAME,
         formula="d softmax(x)_i/dx_j = y_i (delta_ij - y_j), so grad = y * (g - sum(g * y))")
def _softmax(x, dim):
    # torch's softmax kernels write a fresh C-contiguous result whatever x's strides (a
    # transposed or column-major LAPACK x too); NumPy's ufuncs would keep x's layout
    x = c_ordered(x)
    return _in_float32_if_half(_softmax_np, x, _axis(x, dim))


# torch's _softmax_backward_data kernel (SoftmaxBackwardDataBackward0 on Tensors)
_softmax.backward(lambda ctx, g: (softmax_backward_data(g, ctx.saved[0], ctx.params[0]),))


@_softmax.tangent
def _(ctx, t):
    y = ctx.output
    return y * (t - (t * y).sum(ctx.params[0], keepdim=True))


@declare("log_softmax", grad_fn="LogSoftmaxBackward0", saves=(OUT,), dtype=SAME,
         formula="d log_softmax(x)_i/dx_j = delta_ij - softmax(x)_j, "
                 "so grad = g - exp(y) * sum(g)")
def _log_softmax(x, dim):
    x = c_ordered(x)  # (a C-contiguous result, as softmax's)
    return _in_float32_if_half(_log_softmax_np, x, _axis(x, dim))


# torch's _log_softmax_backward_data kernel (LogSoftmaxBackwardDataBackward0 on Tensors)
_log_softmax.backward(
    lambda ctx, g: (log_softmax_backward_data(g, ctx.saved[0], ctx.params[0]),))


@_log_softmax.tangent
def _(ctx, t):
    return t - (ctx.output.exp() * t).sum(ctx.params[0], keepdim=True)


def _softmax_call(name: str, input: Tensor, dim, dtype) -> Tensor:
    if dim is _MISSING:
        raise TypeError(f"{name}() missing 1 required positional arguments: \"dim\"")
    if isinstance(dim, np.integer):
        dim = int(dim)
    elif isinstance(dim, Tensor) and dim._data.ndim == 0 and dim._data.dtype.kind in "iu":
        dim = int(dim._data)  # (torch's parser reads a 0-d integer tensor as an int)
    if isinstance(dim, bool) or not isinstance(dim, int):
        raise TypeError(f"{name}(): argument 'dim' (position 2) must be int, not "
                        f"{type(dim).__name__}")
    ndim = input._data.ndim
    dim = wrap_dim(dim, ndim)
    if dtype is not None:
        input = input.to(dtype)
    where_ = "lastdim_" if dim == max(ndim - 1, 0) else ""
    if not input._data.size and input._data.dtype.kind != "f":
        # torch runs no kernel on nothing, any dtype; but an integer result that would
        # require grad (an input that came to by `eq_`) is refused, as elsewhere
        if input._requires_grad and is_grad_enabled():
            raise RuntimeError(f"Autograd not support dtype: {_type_name(input._data.dtype)}")
        return Tensor(input._data.copy())
    _require_float(f"{name}_{where_}kernel_impl", input)
    return apply(OPS[name], (input,), (dim,))


@public()
def softmax(input: Tensor, dim: int = _MISSING, dtype=None) -> Tensor:
    """exp(x) / sum(exp(x)) along `dim` (required); `dtype` casts the input first."""
    history_first(input)
    return _softmax_call("softmax", input, dim, dtype)


@public()
def log_softmax(input: Tensor, dim: int = _MISSING, dtype=None) -> Tensor:
    """x - logsumexp(x) along `dim` (required), more accurate than log(softmax(x))."""
    history_first(input)
    return _softmax_call("log_softmax", input, dim, dtype)


def implicit_softmax_dim(ndim: int) -> int:
    """The dim torch.nn.functional.softmax picks (with a deprecation warning) when none is
    given: 0 for 0-, 1- and 3-D inputs, else 1."""
    return 0 if ndim in (0, 1, 3) else 1


# ---------------------------------------------------------------------- activations
def _on_body_and_tail(formula, x):
    """formula(x, exp, log1p, tanh) as torch's kernel computes it: with SLEEF's functions
    on its vectorised body, the C library's on its scalar tail (ops/_torch_libm.py)."""
    if x.dtype not in LANES:
        return formula(x, np.exp, np.log1p, np.tanh)
    return body_and_tail(x, lambda part: formula(part, sleef_exp, sleef_log1p, sleef_tanh),
                         lambda part: formula(part, c_exp, np.log1p, c_tanh))


def _log1p_exp(x, exp, log1p, tanh):
    return log1p(exp(x))


def _tanh(x, exp, log1p, tanh):
    return tanh(x)


# These are not in torch's top-level namespace; ember.nn.functional exposes them.
def _logsigmoid_np(x):
    # log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)): no overflow for any x.
    # (SLEEF's functions on every value: torch's scalar tail here is not the C library's)
    return np.minimum(x, 0) - sleef_log1p(sleef_exp(-np.abs(x)))


@declare("logsigmoid", grad_fn="LogSigmoidBackward0", saves=(0,), dtype=SAME,
         formula="d log(sigmoid(x))/dx = sigmoid(-x)")
def _logsigmoid(x):
    return _in_float32_if_half(_logsigmoid_np, x)


# torch's log_sigmoid_backward kernel (LogSigmoidBackwardBackward0 on Tensors)
_logsigmoid.backward(lambda ctx, g: (log_sigmoid_backward(g, ctx.saved[0]),))


_logsigmoid.tangent(_fw.diagonal)


def logsigmoid(input: Tensor) -> Tensor:
    """log(1 / (1 + exp(-x))), elementwise (torch.nn.functional.logsigmoid)."""
    _require_float("log_sigmoid_cpu", input)
    return apply(OPS["logsigmoid"], (input,))


def _softplus_np(x, beta, threshold):
    bx = x * beta
    # log1p(exp(bx)) as torch's kernel computes it (SLEEF's functions; it overflows to inf
    # where torch's does, for a threshold above exp's range); above the threshold, x itself
    smooth = _on_body_and_tail(_log1p_exp, bx) / beta
    return np.where(bx > threshold, x, smooth).astype(x.dtype, copy=False)


@declare("softplus", grad_fn="SoftplusBackward0", saves=(0,), dtype=SAME,
         formula="d softplus(x)/dx = sigmoid(beta*x) (1 above the threshold)")
def _softplus(x, beta, threshold):
    return _in_float32_if_half(_softplus_np, x, beta, threshold)


# torch's softplus_backward kernel (SoftplusBackwardBackward0 on Tensors)
_softplus.backward(lambda ctx, g: (softplus_backward(g, ctx.saved[0], *ctx.params),))


_softplus.tangent(_fw.diagonal)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta * x)) / beta, and x itself where beta * x > threshold."""
    _require_float("softplus_cpu", input)
    return apply(OPS["softplus"], (input,), (beta, threshold))


_SQRT_2 = math.sqrt(2.0)
_TANH_SCALE = math.sqrt(2.0 / math.pi)
_TANH_CUBIC = 0.044715
_erf = np.frompyfunc(math.erf, 1, 1)


def _gelu_np(x, approximate):
    if approximate == "tanh":
        # (x + c x^3 as one fused multiply-add, as torch's kernel is compiled)
        inner = _TANH_SCALE * fma(x.dtype.type(_TANH_CUBIC), x * x * x, x)
        return 0.5 * x * (1 + _on_body_and_tail(_tanh, inner))
    # np.asarray: the Python ufunc returns a plain float for a 0-d input
    cdf = 1 + np.asarray(_erf(x / _SQRT_2), dtype=x.dtype)
    return (0.5 * x * cdf).astype(x.dtype, copy=False)


@declare("gelu", grad_fn="GeluBackward0", saves=(0,), dtype=SAME,
         formula="d x*Phi(x)/dx = Phi(x) + x*phi(x) (tanh form: its own derivative)")
def _gelu(x, approximate):
    return _in_float32_if_half(_gelu_np, x, approximate)


# torch's gelu_backward kernel (GeluBackwardBackward0 on Tensors)
_gelu.backward(lambda ctx, g: (gelu_backward(g, ctx.saved[0], ctx.params[0]),))


_gelu.tangent(_fw.diagonal)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x * Phi(x) with Phi the standard normal CDF; approximate="tanh" uses torch's tanh
    formula."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _require_float("GeluKernelImpl", input)
    return apply(OPS["gelu"], (input,), (approximate,))
