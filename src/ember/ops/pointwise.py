"""Elementwise operations: arithmetic, powers, exponentials, trigonometry, rounding, clamping.

Each op's backward sits right under its forward. Gradients are returned in the output's
shape; the engine undoes broadcasting. Binary ops follow torch's type promotion.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import _broadcast_error, apply
from .._dtype import result_type
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ._registry import COMPARE, FLOAT, OUT, PROMOTE, PROMOTE_FLOAT, SAME, declare, public
from ._registry import needs_grad as _needs

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)



def _check_integer_divisor(b) -> None:
    """Integer division by zero is an error in torch (float division gives inf or nan)."""
    dtype = getattr(b, "dtype", None)
    if dtype is not None and dtype.kind in "iu" and not np.all(b):
        raise RuntimeError("ZeroDivisionError")


# ---------------------------------------------------------------------- arithmetic
# Where the forward is a NumPy ufunc as it is, the ufunc itself is declared: no Python
# frame stands between an op and NumPy on the hot path.
_add = declare("add", grad_fn="AddBackward0", dtype=PROMOTE, broadcasts=True,
               formula="d(a+b)/da = 1, d(a+b)/db = 1")(np.add)


@_add.backward
def _(ctx, g):
    return g, g


@_add.tangent
def _(ctx, ta, tb):
    return _fw.tangent_sum(ta, tb)


_sub = declare("sub", grad_fn="SubBackward0", dtype=PROMOTE, broadcasts=True,
               formula="d(a-b)/da = 1, d(a-b)/db = -1")(np.subtract)


@_sub.backward
def _(ctx, g):
    return g, (-g if _needs(ctx, 1) else None)


@_sub.tangent
def _(ctx, ta, tb):
    return _fw.tangent_sum(ta, None if tb is None else -tb)


@declare("rsub", grad_fn="RsubBackward1", dtype=PROMOTE, formula="d(c-x)/dx = -1")
def _rsub(x, c):
    return np.subtract(c, x)


@_rsub.backward
def _(ctx, g):
    return -g, None


_rsub.tangent(lambda ctx, t: -t)


_mul = declare("mul", grad_fn="MulBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)},
               dtype=PROMOTE, broadcasts=True,
               formula="d(a*b)/da = b, d(a*b)/db = a")(np.multiply)


@_mul.backward
def _(ctx, g):
    a, b = ctx.saved
    return (g * b if _needs(ctx, 0) else None), (g * a if _needs(ctx, 1) else None)


_mul.tangent(_fw.multilinear)


_div = declare("div", grad_fn="DivBackward0", saves=(0, 1), save_if={0: (1,)},
               dtype=PROMOTE_FLOAT, broadcasts=True,
               formula="d(a/b)/da = 1/b, d(a/b)/db = -a/b^2")(np.true_divide)


@_div.backward
def _(ctx, g):
    a, b = ctx.saved
    grad_a = g / b if _needs(ctx, 0) else None
    grad_b = -g * a / (b * b) if _needs(ctx, 1) else None
    return grad_a, grad_b


@_div.tangent
def _(ctx, ta, tb):
    b = ctx.inputs[1]
    return _fw.tangent_sum(None if ta is None else ta / b,
                           None if tb is None else -tb * ctx.output / b)


@declare("div_floor", grad_fn="DivBackward2", dtype=PROMOTE, broadcasts=True,
         formula="d floor(a/b) = 0")
def _div_floor(a, b):
    _check_integer_divisor(b)
    return np.floor_divide(a, b)


@_div_floor.backward
def _(ctx, g):
    return g * 0, g * 0


_div_floor.tangent(_fw.zero)


@declare("div_trunc", grad_fn="DivBackward2", dtype=PROMOTE, broadcasts=True,
         formula="d trunc(a/b) = 0")
def _div_trunc(a, b):
    _check_integer_divisor(b)
    if np.result_type(a, b).kind in "iu":
        # Exact for every integer (a float quotient would round beyond 2**53): floor, then
        # step toward zero where the division was inexact and the signs differ.
        q = np.floor_divide(a, b)
        return q + ((np.remainder(a, b) != 0) & ((np.asarray(a) < 0) != (np.asarray(b) < 0)))
    return np.trunc(np.true_divide(a, b))


@_div_trunc.backward
def _(ctx, g):
    return g * 0, g * 0


_div_trunc.tangent(_fw.zero)


@declare("floor_divide", dtype=PROMOTE, broadcasts=True)
def _floor_divide(a, b):
    _check_integer_divisor(b)
    return np.floor_divide(a, b)


@declare("remainder", grad_fn="RemainderBackward1", saves=(0, 1), dtype=PROMOTE,
         broadcasts=True, formula="d(a mod b)/da = 1, d(a mod b)/db = -floor(a/b)")
def _remainder(a, b):
    _check_integer_divisor(b)
    return np.remainder(a, b)


@_remainder.backward
def _(ctx, g):
    a, b = ctx.saved
    return g, (-g * (a / b).floor() if _needs(ctx, 1) else None)


@_remainder.tangent
def _(ctx, ta, tb):
    a, b = ctx.inputs
    return _fw.tangent_sum(ta, None if tb is None else -tb * (a / b).floor())


@declare("remainder_scalar", grad_fn="RemainderBackward0", dtype=PROMOTE,
         formula="d(a mod c)/da = 1")
def _remainder_scalar(a, c):
    _check_integer_divisor(c)
    return np.remainder(a, c)


@_remainder_scalar.backward
def _(ctx, g):
    return g, None


_remainder_scalar.tangent(lambda ctx, ta, tc: ta)


@declare("fmod", grad_fn="FmodBackward1", saves=(0, 1), dtype=PROMOTE, broadcasts=True,
         formula="d fmod(a,b)/da = 1, d fmod(a,b)/db = -trunc(a/b)")
def _fmod(a, b):
    _check_integer_divisor(b)
    return np.fmod(a, b)


@_fmod.backward
def _(ctx, g):
    a, b = ctx.saved
    return g, (-g * (a / b).trunc() if _needs(ctx, 1) else None)


@_fmod.tangent
def _(ctx, ta, tb):
    a, b = ctx.inputs
    return _fw.tangent_sum(ta, None if tb is None else -tb * (a / b).trunc())


@declare("fmod_scalar", grad_fn="FmodBackward0", dtype=PROMOTE, formula="d fmod(a,c)/da = 1")
def _fmod_scalar(a, c):
    _check_integer_divisor(c)
    return np.fmod(a, c)


@_fmod_scalar.backward
def _(ctx, g):
    return g, None


_fmod_scalar.tangent(lambda ctx, ta, tc: ta)


@declare("pow", grad_fn="PowBackward0", saves=(0,), dtype=PROMOTE,
         formula="d(x^p)/dx = p*x^(p-1)")
def _pow_scalar(x, exponent):
    return np.power(x, exponent)


@_pow_scalar.backward
def _(ctx, g):
    (x,) = ctx.saved
    p = ctx.params[0]
    if p == 0:
        return (g * 0,)
    return (g * p * x ** (p - 1),)


@_pow_scalar.tangent
def _(ctx, t):
    p = ctx.params[0]
    if p == 0:
        return ctx.zeros()
    return t * p * ctx.inputs[0] ** (p - 1)


@declare("pow_tensor", grad_fn="PowBackward1", saves=(0, 1, OUT), dtype=PROMOTE,
         broadcasts=True, formula="d(a^b)/da = b*a^(b-1), d(a^b)/db = a^b*log(a)")
def _pow_tensor(a, b):
    return np.power(a, b)


@_pow_tensor.backward
def _(ctx, g):
    a, b, out = ctx.saved
    grad_a = g * b * a ** (b - 1) if _needs(ctx, 0) else None
    grad_b = None
    if _needs(ctx, 1):
        # torch's convention: at a == 0 with b >= 0 the b-derivative is 0, not nan.
        zero_base = (a == 0) & (b >= 0)
        grad_b = where(zero_base, 0.0, g * out * a.log())
    return grad_a, grad_b


# An elementwise op: the backward formula applied to the tangent (same convention at a == 0).
_pow_tensor.tangent(_fw.diagonal)


@declare("rpow", grad_fn="PowBackward2", saves=(OUT,), dtype=PROMOTE,
         formula="d(c^x)/dx = c^x*log(c)")
def _rpow(x, base):
    return np.power(base, x)


@_rpow.backward
def _(ctx, g):
    (out,) = ctx.saved
    base = ctx.params[0]
    if base == 0:
        return (g * 0,)
    # A negative base has no real logarithm: the gradient is nan, as in torch.
    return (g * out * (math.log(base) if base > 0 else math.nan),)


_rpow.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- unary
def _unary(name: str, grad_fn: str, numpy_fn, formula: str, saves: tuple = (0,),
           dtype: str = FLOAT):
    """Declare a one-input op whose forward is a NumPy function of one array.

    NumPy's floating-point warnings (log(0), sqrt(-1)...) are silenced for ember's ops by a
    warnings filter in ember/__init__.py: torch computes inf and nan silently.
    """
    return declare(name, grad_fn=grad_fn, saves=saves, dtype=dtype, formula=formula)(numpy_fn)


_neg = _unary("neg", "NegBackward0", np.negative, "d(-x)/dx = -1", saves=(), dtype=SAME)
_neg.backward(lambda ctx, g: (-g,))
_neg.tangent(lambda ctx, t: -t)

_abs = _unary("abs", "AbsBackward0", np.abs, "d|x|/dx = sign(x)", dtype=SAME)
_abs.backward(lambda ctx, g: (g * ctx.saved[0].sign(),))
_abs.tangent(lambda ctx, t: t * ctx.inputs[0].sign())

def _sign_np(x):
    # NumPy has no sign for bools; torch returns them unchanged.
    return x.copy() if x.dtype == np.bool_ else np.sign(x)


_sign = _unary("sign", "SignBackward0", _sign_np, "d sign(x)/dx = 0", saves=(), dtype=SAME)
_sign.backward(lambda ctx, g: (g * 0,))
_sign.tangent(_fw.zero)

_exp = _unary("exp", "ExpBackward0", np.exp, "d exp(x)/dx = exp(x)", saves=(OUT,))
_exp.backward(lambda ctx, g: (g * ctx.saved[0],))
_exp.tangent(lambda ctx, t: t * ctx.output)

_expm1 = _unary("expm1", "Expm1Backward0", np.expm1, "d(exp(x)-1)/dx = exp(x)",
                saves=(OUT,))
_expm1.backward(lambda ctx, g: (g * (ctx.saved[0] + 1),))
_expm1.tangent(lambda ctx, t: t * (ctx.output + 1))

_log = _unary("log", "LogBackward0", np.log, "d log(x)/dx = 1/x")
_log.backward(lambda ctx, g: (g / ctx.saved[0],))
_log.tangent(lambda ctx, t: t / ctx.inputs[0])

_log1p = _unary("log1p", "Log1PBackward0", np.log1p, "d log(1+x)/dx = 1/(1+x)")
_log1p.backward(lambda ctx, g: (g / (ctx.saved[0] + 1),))
_log1p.tangent(lambda ctx, t: t / (ctx.inputs[0] + 1))

_log2 = _unary("log2", "Log2Backward0", np.log2, "d log2(x)/dx = 1/(x*ln 2)")
_log2.backward(lambda ctx, g: (g / (ctx.saved[0] * _LN2),))
_log2.tangent(lambda ctx, t: t / (ctx.inputs[0] * _LN2))

_log10 = _unary("log10", "Log10Backward0", np.log10, "d log10(x)/dx = 1/(x*ln 10)")
_log10.backward(lambda ctx, g: (g / (ctx.saved[0] * _LN10),))
_log10.tangent(lambda ctx, t: t / (ctx.inputs[0] * _LN10))

_sqrt = _unary("sqrt", "SqrtBackward0", np.sqrt, "d sqrt(x)/dx = 1/(2*sqrt(x))",
               saves=(OUT,))
_sqrt.backward(lambda ctx, g: (g / (2 * ctx.saved[0]),))
_sqrt.tangent(lambda ctx, t: t / (2 * ctx.output))


def _rsqrt_np(x):
    return 1 / np.sqrt(x)


_rsqrt = _unary("rsqrt", "RsqrtBackward0", _rsqrt_np, "d x^(-1/2)/dx = -x^(-3/2)/2",
                saves=(OUT,))
_rsqrt.backward(lambda ctx, g: (-0.5 * g * ctx.saved[0] ** 3,))
_rsqrt.tangent(lambda ctx, t: -0.5 * t * ctx.output ** 3)


_reciprocal = _unary("reciprocal", "ReciprocalBackward0", np.reciprocal,
                     "d(1/x)/dx = -1/x^2", saves=(OUT,))
_reciprocal.backward(lambda ctx, g: (-g * ctx.saved[0] * ctx.saved[0],))
_reciprocal.tangent(lambda ctx, t: -t * ctx.output * ctx.output)

_sin = _unary("sin", "SinBackward0", np.sin, "d sin(x)/dx = cos(x)")
_sin.backward(lambda ctx, g: (g * ctx.saved[0].cos(),))
_sin.tangent(lambda ctx, t: t * ctx.inputs[0].cos())

_cos = _unary("cos", "CosBackward0", np.cos, "d cos(x)/dx = -sin(x)")
_cos.backward(lambda ctx, g: (-g * ctx.saved[0].sin(),))
_cos.tangent(lambda ctx, t: -t * ctx.inputs[0].sin())

_tan = _unary("tan", "TanBackward0", np.tan, "d tan(x)/dx = 1 + tan(x)^2", saves=(OUT,))
_tan.backward(lambda ctx, g: (g * (1 + ctx.saved[0] * ctx.saved[0]),))
_tan.tangent(lambda ctx, t: t * (1 + ctx.output * ctx.output))

_tanh = _unary("tanh", "TanhBackward0", np.tanh, "d tanh(x)/dx = 1 - tanh(x)^2",
               saves=(OUT,))
_tanh.backward(lambda ctx, g: (g * (1 - ctx.saved[0] * ctx.saved[0]),))
_tanh.tangent(lambda ctx, t: t * (1 - ctx.output * ctx.output))


def _sigmoid_np(x):
    # exp(-|x|) never overflows; the two branches are the same function.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


_sigmoid = _unary("sigmoid", "SigmoidBackward0", _sigmoid_np,
                  "d sigmoid(x)/dx = sigmoid(x)*(1-sigmoid(x))", saves=(OUT,))
_sigmoid.backward(lambda ctx, g: (g * ctx.saved[0] * (1 - ctx.saved[0]),))
_sigmoid.tangent(lambda ctx, t: t * ctx.output * (1 - ctx.output))


def _relu_np(x):
    return np.maximum(x, 0).astype(x.dtype, copy=False)


_relu = _unary("relu", "ReluBackward0", _relu_np, "d relu(x)/dx = 1 if x > 0 else 0",
               saves=(OUT,), dtype=SAME)
_relu.backward(lambda ctx, g: (g * (ctx.saved[0] > 0),))
_relu.tangent(lambda ctx, t: t * (ctx.output > 0))

_asin = _unary("asin", "AsinBackward0", np.arcsin, "d asin(x)/dx = 1/sqrt(1-x^2)")
_asin.backward(lambda ctx, g: (g * (1 - ctx.saved[0] * ctx.saved[0]).rsqrt(),))
_asin.tangent(lambda ctx, t: t * (1 - ctx.inputs[0] * ctx.inputs[0]).rsqrt())

_acos = _unary("acos", "AcosBackward0", np.arccos, "d acos(x)/dx = -1/sqrt(1-x^2)")
_acos.backward(lambda ctx, g: (-g * (1 - ctx.saved[0] * ctx.saved[0]).rsqrt(),))
_acos.tangent(lambda ctx, t: -t * (1 - ctx.inputs[0] * ctx.inputs[0]).rsqrt())

_atan = _unary("atan", "AtanBackward0", np.arctan, "d atan(x)/dx = 1/(1+x^2)")
_atan.backward(lambda ctx, g: (g / (1 + ctx.saved[0] * ctx.saved[0]),))
_atan.tangent(lambda ctx, t: t / (1 + ctx.inputs[0] * ctx.inputs[0]))

_sinh = _unary("sinh", "SinhBackward0", np.sinh, "d sinh(x)/dx = cosh(x)")
_sinh.backward(lambda ctx, g: (g * ctx.saved[0].cosh(),))
_sinh.tangent(lambda ctx, t: t * ctx.inputs[0].cosh())

_cosh = _unary("cosh", "CoshBackward0", np.cosh, "d cosh(x)/dx = sinh(x)")
_cosh.backward(lambda ctx, g: (g * ctx.saved[0].sinh(),))
_cosh.tangent(lambda ctx, t: t * ctx.inputs[0].sinh())

_erf_scalar = np.frompyfunc(math.erf, 1, 1)


def _erf_np(x):
    # NumPy has no erf; math.erf is exact to double precision.
    return np.asarray(_erf_scalar(x), dtype=x.dtype)


_erf = _unary("erf", "ErfBackward0", _erf_np, "d erf(x)/dx = 2/sqrt(pi)*exp(-x^2)")
_erf.backward(lambda ctx, g: (g * _TWO_OVER_SQRT_PI * (-ctx.saved[0] * ctx.saved[0]).exp(),))
_erf.tangent(lambda ctx, t: t * _TWO_OVER_SQRT_PI * (-ctx.inputs[0] * ctx.inputs[0]).exp())


def _rounding(name: str, grad_fn: str, numpy_fn):
    op = _unary(name, grad_fn, numpy_fn, f"d {name}(x)/dx = 0", saves=(), dtype=SAME)
    op.backward(lambda ctx, g: (g * 0,))
    op.tangent(_fw.zero)
    return op


_floor = _rounding("floor", "FloorBackward0", np.floor)
_ceil = _rounding("ceil", "CeilBackward0", np.ceil)
_trunc = _rounding("trunc", "TruncBackward0", np.trunc)
_round = _rounding("round", "RoundBackward0", np.round)


@declare("round_decimals", grad_fn="RoundBackward1", formula="d round(x, n)/dx = 0")
def _round_decimals(x, decimals):
    return np.round(x, decimals)


@_round_decimals.backward
def _(ctx, g):
    return (g * 0,)


_round_decimals.tangent(_fw.zero)


_frac = _unary("frac", "FracBackward0", lambda x: x - np.trunc(x), "d frac(x)/dx = 1",
               saves=(), dtype=SAME)
_frac.backward(lambda ctx, g: (g,))
_frac.tangent(lambda ctx, t: t)


# ---------------------------------------------------------------------- two-input functions
@declare("maximum", grad_fn="MaximumBackward0", saves=(0, 1), dtype=PROMOTE, broadcasts=True,
         formula="d max(a,b)/da = 1 where a > b, 1/2 where a == b")
def _maximum(a, b):
    return np.maximum(a, b)


@_maximum.backward
def _(ctx, g):
    a, b = ctx.saved
    return _split_at_ties(ctx, g, a > b, a == b)


_maximum.tangent(_fw.diagonal)


@declare("minimum", grad_fn="MinimumBackward0", saves=(0, 1), dtype=PROMOTE, broadcasts=True,
         formula="d min(a,b)/da = 1 where a < b, 1/2 where a == b")
def _minimum(a, b):
    return np.minimum(a, b)


@_minimum.backward
def _(ctx, g):
    a, b = ctx.saved
    return _split_at_ties(ctx, g, a < b, a == b)


_minimum.tangent(_fw.diagonal)


def _split_at_ties(ctx, g, a_wins, tie):
    """Gradient of max/min of two tensors: to the winner, halved between equal inputs."""
    share = a_wins + tie * 0.5
    grad_a = g * share if _needs(ctx, 0) else None
    grad_b = g * (1 - share) if _needs(ctx, 1) else None
    return grad_a, grad_b


@declare("atan2", grad_fn="Atan2Backward0", saves=(0, 1), dtype=PROMOTE_FLOAT, broadcasts=True,
         formula="d atan2(a,b)/da = b/(a^2+b^2), d/db = -a/(a^2+b^2)")
def _atan2(a, b):
    return np.arctan2(a, b)


@_atan2.backward
def _(ctx, g):
    a, b = ctx.saved
    radius2 = a * a + b * b
    # At the origin torch's gradient is 0 (not 0/0).
    scale = where(radius2 == 0, 0.0, g / where(radius2 == 0, 1.0, radius2))
    return scale * b, -scale * a


_atan2.tangent(_fw.diagonal)


@declare("logaddexp", grad_fn="LogaddexpBackward0", saves=(0, 1), dtype=PROMOTE_FLOAT,
         broadcasts=True, formula="d log(e^a+e^b)/da = 1/(1+e^(b-a))")
def _logaddexp(a, b):
    return np.logaddexp(a, b)


@_logaddexp.backward
def _(ctx, g):
    a, b = ctx.saved
    return g * (a - b).sigmoid(), g * (b - a).sigmoid()


_logaddexp.tangent(_fw.diagonal)


@declare("where", grad_fn="WhereBackward0", saves=(0,), dtype=PROMOTE, broadcasts=True,
         formula="d where(c,x,y)/dx = c, d/dy = not c")
def _where(x, y, condition):
    return np.where(condition, x, y)


@_where.backward
def _(ctx, g):
    (condition_,) = ctx.params
    cond = Tensor(condition_)
    zero = g * 0
    grad_x = where(cond, g, zero) if _needs(ctx, 0) else None
    grad_y = where(cond, zero, g) if _needs(ctx, 1) else None
    return grad_x, grad_y


_where.tangent(_fw.linear)


@declare("lerp", grad_fn="LerpBackward0", dtype=PROMOTE, broadcasts=True,
         formula="d lerp(a,b,w)/da = 1-w, d/db = w")
def _lerp_scalar(start, end, weight):
    return start + weight * (end - start)


@_lerp_scalar.backward
def _(ctx, g):
    w = ctx.params[0]
    return g * (1 - w), g * w


_lerp_scalar.tangent(_fw.linear)


@declare("lerp_tensor", grad_fn="LerpBackward1", saves=(0, 1, 2), dtype=PROMOTE,
         broadcasts=True, formula="d lerp(a,b,w)/da = 1-w, d/db = w, d/dw = b-a")
def _lerp_tensor(start, end, weight):
    return start + weight * (end - start)


@_lerp_tensor.backward
def _(ctx, g):
    start, end, weight = ctx.saved
    return g * (1 - weight), g * weight, g * (end - start)


_lerp_tensor.tangent(_fw.diagonal)


@declare("clamp", grad_fn="ClampBackward1", saves=(0,),
         formula="d clamp(x)/dx = 1 inside [min, max]")
def _clamp_scalar(x, low, high):
    result = x
    if low is not None:
        result = np.maximum(result, low)
    if high is not None:
        result = np.minimum(result, high)
    return result.astype(x.dtype, copy=False) if result is not x else x.copy()


@_clamp_scalar.backward
def _(ctx, g):
    (x,) = ctx.saved
    low, high = ctx.params
    inside = None
    if low is not None:
        inside = x >= low
    if high is not None:
        upper = x <= high
        inside = upper if inside is None else inside & upper
    return (g * inside,)


_clamp_scalar.tangent(_fw.diagonal)


@declare("clamp_tensor", grad_fn="ClampBackward0", saves=(0, 1, 2), dtype=PROMOTE,
         broadcasts=True, formula="d clamp(x,lo,hi): to x inside, to lo below, to hi above")
def _clamp_tensor(x, low, high):
    result = x
    if low is not None:
        result = np.maximum(result, low)
    if high is not None:
        result = np.minimum(result, high)
    return result.astype(x.dtype, copy=False) if result is not x else x.copy()


@_clamp_tensor.backward
def _(ctx, g):
    x, low, high = ctx.saved
    inside = g * 1
    grad_low = grad_high = None
    if low is not None:
        below = x < low
        inside = where(below, 0.0, inside)
        grad_low = where(below, g, 0.0)
    if high is not None:
        above = x > high
        if low is not None:
            # torch applies max after min, so the upper bound wins when low > high.
            above = above | (low > high)
        inside = where(above, 0.0, inside)
        grad_high = where(above, g, 0.0)
        if grad_low is not None:
            grad_low = where(above, 0.0, grad_low)
    return inside, grad_low, grad_high


_clamp_tensor.tangent(_fw.diagonal)


def _one_sided_clamp(name: str, grad_fn: str, numpy_fn, keeps_x, formula: str):
    """clamp_min / clamp_max with a number as the bound (torch's ClampMin/MaxBackward0)."""

    def forward(x, bound):
        return numpy_fn(x, bound).astype(x.dtype, copy=False)

    forward.__name__ = name
    op = declare(name, grad_fn=grad_fn, saves=(0,), formula=formula)(forward)
    op.backward(lambda ctx, g: (g * keeps_x(ctx.saved[0], ctx.params[0]),))
    op.tangent(_fw.diagonal)
    return op


def _one_sided_clamp_tensor(name: str, grad_fn: str, numpy_fn, keeps_x, formula: str):
    """clamp_min / clamp_max with a tensor bound: the gradient goes to x or to the bound."""

    def forward(x, bound):
        return numpy_fn(x, bound)

    forward.__name__ = name
    op = declare(name, grad_fn=grad_fn, saves=(0, 1), dtype=PROMOTE, broadcasts=True,
                 formula=formula)(forward)

    @op.backward
    def _(ctx, g):
        x, bound = ctx.saved
        keep = keeps_x(x, bound)
        zero = g * 0
        return where(keep, g, zero), (where(keep, zero, g) if _needs(ctx, 1) else None)

    op.tangent(_fw.diagonal)
    return op


_clamp_min = _one_sided_clamp("clamp_min", "ClampMinBackward0", np.maximum,
                              lambda x, low: x >= low, "d max(x, m)/dx = 1 where x >= m")
_clamp_max = _one_sided_clamp("clamp_max", "ClampMaxBackward0", np.minimum,
                              lambda x, high: x <= high, "d min(x, m)/dx = 1 where x <= m")
_clamp_min_tensor = _one_sided_clamp_tensor(
    "clamp_min_tensor", "ClampMinBackward1", np.maximum, lambda x, low: x >= low,
    "d max(x, m)/dx = 1 where x >= m, d/dm = 1 where x < m")
_clamp_max_tensor = _one_sided_clamp_tensor(
    "clamp_max_tensor", "ClampMaxBackward1", np.minimum, lambda x, high: x <= high,
    "d min(x, m)/dx = 1 where x <= m, d/dm = 1 where x > m")


# ---------------------------------------------------------------------- comparisons & logic
def _comparison(name: str, numpy_fn) -> None:
    declare(name, dtype=COMPARE)(lambda a, b: numpy_fn(a, b))


for _name, _fn in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                   ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    _comparison(_name, _fn)

declare("logical_and")(lambda a, b: np.logical_and(a, b))
declare("logical_or")(lambda a, b: np.logical_or(a, b))
declare("logical_xor")(lambda a, b: np.logical_xor(a, b))
declare("logical_not")(lambda a: np.logical_not(a))
declare("isnan")(lambda a: np.isnan(a))
declare("isinf")(lambda a: np.isinf(a))
declare("isfinite")(lambda a: np.isfinite(a))
declare("bitwise_not")(lambda a: np.invert(a))
declare("bitwise_and", dtype=PROMOTE)(lambda a, b: np.bitwise_and(a, b))
declare("bitwise_or", dtype=PROMOTE)(lambda a, b: np.bitwise_or(a, b))
declare("bitwise_xor", dtype=PROMOTE)(lambda a, b: np.bitwise_xor(a, b))


# ---------------------------------------------------------------------- more functions
_exp2 = _unary("exp2", "Exp2Backward0", np.exp2, "d 2^x/dx = 2^x * ln 2", saves=(OUT,))
_exp2.backward(lambda ctx, g: (g * ctx.saved[0] * _LN2,))
_exp2.tangent(lambda ctx, t: t * ctx.output * _LN2)


def _sinc_np(x):
    # NumPy's sinc is the normalized one, sin(pi x) / (pi x), as torch's.
    return np.sinc(x).astype(x.dtype, copy=False)


_sinc = _unary("sinc", "SincBackward0", _sinc_np,
               "d sinc(x)/dx = (cos(pi x) pi x - sin(pi x)) / (pi x^2); 0 at x = 0")


@_sinc.backward
def _(ctx, g):
    (x,) = ctx.saved
    angle = x * math.pi
    slope = (angle * angle.cos() - angle.sin()) / (angle * x)
    return (where(x == 0, 0.0, g * slope),)


_sinc.tangent(_fw.diagonal)


@declare("logit", grad_fn="LogitBackward0", saves=(0,), dtype=FLOAT,
         formula="d log(x/(1-x))/dx = 1/(x(1-x)); 0 where eps clamps x")
def _logit(x, eps):
    if eps is not None:
        # torch's clamp to [eps, 1 - eps] tests the lower bound first (it matters when
        # eps > 1/2 makes the bounds cross).
        x = np.where(x < eps, eps, np.where(x > 1 - eps, 1 - eps, x)).astype(x.dtype)
    return np.log(x / (1 - x))


@_logit.backward
def _(ctx, g):
    (x,) = ctx.saved
    (eps,) = ctx.params
    slope = g / (x * (1 - x))
    if eps is None:
        # Outside [0, 1] the logarithm is nan, and so is its derivative.
        return (where((x < 0) | (x > 1), math.nan, slope),)
    return (where((x < eps) | (x > 1 - eps), 0.0, slope),)


_logit.tangent(_fw.diagonal)


@declare("nan_to_num", grad_fn="NanToNumBackward0", saves=(0,),
         formula="d nan_to_num(x)/dx = 1 where x is finite, else 0")
def _nan_to_num(x, nan, posinf, neginf):
    if x.dtype.kind != "f":
        return x.copy()  # integers and bools have no nan or inf
    # None for posinf/neginf means the dtype's largest/lowest finite value, in both. A
    # replacement beyond the dtype's range becomes inf silently, as in torch.
    with np.errstate(over="ignore"):
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


@_nan_to_num.backward
def _(ctx, g):
    (x,) = ctx.saved
    return (g * x.isfinite(),)


_nan_to_num.tangent(_fw.diagonal)


def _cast_value(value, dtype: np.dtype):
    """addcmul/addcdiv's `value` in the computation's dtype (torch truncates it for ints)."""
    return np.array(value).astype(dtype)[()]


def _scaled(g, value):
    return g if value == 1 else g * value


@declare("addcmul", grad_fn="AddcmulBackward0", saves=(1, 2), save_if={1: (2,), 2: (1,)},
         dtype=PROMOTE, broadcasts=True,
         formula="d(x + v*a*b)/dx = 1, d/da = v*b, d/db = v*a")
def _addcmul(x, tensor1, tensor2, value):
    return x + _cast_value(value, np.result_type(x, tensor1, tensor2)) * tensor1 * tensor2


@_addcmul.backward
def _(ctx, g):
    tensor1, tensor2 = ctx.saved
    (value,) = ctx.params
    grad_1 = _scaled(g * tensor2, value) if _needs(ctx, 1) else None
    grad_2 = _scaled(g * tensor1, value) if _needs(ctx, 2) else None
    return g, grad_1, grad_2


_addcmul.tangent(_fw.diagonal)


@declare("addcdiv", grad_fn="AddcdivBackward0", saves=(1, 2), save_if={1: (2,)},
         dtype=PROMOTE, broadcasts=True,
         formula="d(x + v*a/b)/dx = 1, d/da = v/b, d/db = -v*a/b^2")
def _addcdiv(x, tensor1, tensor2, value):
    return x + _cast_value(value, np.result_type(x, tensor1, tensor2)) * tensor1 / tensor2


@_addcdiv.backward
def _(ctx, g):
    tensor1, tensor2 = ctx.saved
    (value,) = ctx.params
    grad_1 = _scaled(g, value) / tensor2 if _needs(ctx, 1) else None
    grad_2 = -_scaled(g, value) * tensor1 / (tensor2 * tensor2) if _needs(ctx, 2) else None
    return g, grad_1, grad_2


_addcdiv.tangent(_fw.diagonal)


@declare("hypot", grad_fn="HypotBackward0", saves=(0, 1, OUT), dtype=PROMOTE, broadcasts=True,
         formula="d sqrt(a^2+b^2)/da = a/hypot, d/db = b/hypot")
def _hypot(a, b):
    return np.hypot(a, b)


@_hypot.backward
def _(ctx, g):
    a, b, out = ctx.saved
    grad_a = g * a / out if _needs(ctx, 0) else None
    grad_b = g * b / out if _needs(ctx, 1) else None
    return grad_a, grad_b


_hypot.tangent(_fw.diagonal)


def _xlogy_np(x, y):
    # x * log(y), but 0 where x == 0 (even for y == 0 or inf), unless y is nan.
    # A Python number may arrive as it is: log would make it a float64 NumPy scalar,
    # which (unlike the number) promotes a float16/32 tensor, so convert it first.
    dtype = np.result_type(x, y)
    x, y = np.asarray(x, dtype), np.asarray(y, dtype)
    with_log = np.multiply(x, np.log(y))
    return np.where((x == 0) & ~np.isnan(y), np.zeros((), with_log.dtype), with_log)


def _xlogy_grad_x(g, x, y):
    """torch's d xlogy(x, y)/dx: log(y) (as xlogy(g, y)), but 0 where x == 0 and y <= 0."""
    return where((x == 0) & (y <= 0), 0.0, xlogy(g, y))


# One op per argument pattern, as torch names them: both tensors, a number as x, as y.
_XLOGY_FORMULA = "d x*log(y)/dx = log(y), d/dy = x/y"
_xlogy, _xlogy_scalar_self, _xlogy_scalar_other = (
    declare(name, grad_fn=grad_fn, saves=(0, 1), dtype=PROMOTE_FLOAT, broadcasts=True,
            formula=_XLOGY_FORMULA)(_xlogy_np)
    for name, grad_fn in (("xlogy", "XlogyBackward0"), ("xlogy_scalar_self", "XlogyBackward1"),
                          ("xlogy_scalar_other", "XlogyBackward2")))


@_xlogy.backward
def _(ctx, g):
    x, y = ctx.saved
    grad_x = _xlogy_grad_x(g, x, y) if _needs(ctx, 0) else None
    grad_y = g * x / y if _needs(ctx, 1) else None
    return grad_x, grad_y


@_xlogy_scalar_self.backward
def _(ctx, g):
    x, y = ctx.saved
    return None, g * x / y


@_xlogy_scalar_other.backward
def _(ctx, g):
    x, y = ctx.saved
    if y <= 0:
        return where(x == 0, 0.0, xlogy(g, y)), None
    return xlogy(g, y), None


# xlogy is elementwise in all three argument patterns.
for _op in (_xlogy, _xlogy_scalar_self, _xlogy_scalar_other):
    _op.tangent(_fw.diagonal)


# ====================================================================== public API
from ._registry import OPS  # noqa: E402


def _tensor_arg(value, name: str = "input") -> None:
    if not isinstance(value, Tensor):
        raise TypeError(
            f"{name} must be a Tensor, not {type(value).__name__}; wrap values with "
            "torch.tensor(...)"
        )


def _check_number_or_tensor(value, name: str) -> None:
    if type(value) is float or isinstance(value, Tensor):
        return  # the common cases, checked first: this runs on every `x * y`
    if not isinstance(value, (int, float, bool, np.number, np.bool_)):
        raise TypeError(
            f"{name} must be a Tensor or a number, not {type(value).__name__}"
        )


@public(inplace=True, operators=("__add__", "__radd__"))
def add(input: Tensor, other, *, alpha=1) -> Tensor:
    """input + alpha * other, broadcasting."""
    _check_number_or_tensor(other, "other")
    if alpha != 1:
        other = other * alpha
    if not isinstance(input, Tensor):
        input, other = other, input
    return apply(_add, (input, other))


@public(inplace=True, operators=("__sub__",))
def sub(input: Tensor, other, *, alpha=1) -> Tensor:
    """input - alpha * other, broadcasting."""
    _check_number_or_tensor(other, "other")
    if input._data.dtype.kind == "b" or (isinstance(other, Tensor)
                                         and other._data.dtype.kind == "b"):
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    if alpha != 1:
        other = other * alpha
    return apply(_sub, (input, other))


subtract = public(name="subtract", inplace=True)(sub)


@public(method="__rsub__", function=False)
def rsub(input: Tensor, other) -> Tensor:
    """other - input (the reflected subtraction)."""
    if isinstance(other, Tensor):
        return sub(other, input)
    return apply(OPS["rsub"], (input,), (other,))


@public(inplace=True, operators=("__mul__", "__rmul__"))
def mul(input: Tensor, other) -> Tensor:
    """input * other, broadcasting."""
    _check_number_or_tensor(other, "other")
    if not isinstance(input, Tensor):
        input, other = other, input
    return apply(_mul, (input, other))


multiply = public(name="multiply", inplace=True)(mul)


@public(inplace=True, operators=("__truediv__",))
def div(input: Tensor, other, *, rounding_mode: str | None = None) -> Tensor:
    """input / other; `rounding_mode` "trunc" or "floor" rounds the quotient."""
    _check_number_or_tensor(other, "other")
    if rounding_mode is None:
        return apply(_div, (input, other))
    if rounding_mode == "floor":
        return apply(OPS["div_floor"], (input, other))
    if rounding_mode == "trunc":
        return apply(OPS["div_trunc"], (input, other))
    raise ValueError(
        "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
        f"'{rounding_mode}'"
    )


divide = public(name="divide", inplace=True)(div)
true_divide = public(name="true_divide", inplace=True)(div)


@public(method="__rtruediv__", function=False)
def _rtruediv(input: Tensor, other) -> Tensor:
    if isinstance(other, Tensor):
        return div(other, input)
    return reciprocal(input) * other


@public(inplace=True, operators=("__floordiv__",))
def floor_divide(input: Tensor, other) -> Tensor:
    """input // other, rounding toward minus infinity."""
    return apply(OPS["floor_divide"], (input, other))


@public(method="__rfloordiv__", function=False)
def _rfloordiv(input: Tensor, other) -> Tensor:
    return apply(OPS["floor_divide"], (other, input))


@public(inplace=True, operators=("__mod__",))
def remainder(input: Tensor, other) -> Tensor:
    """Python's modulus: the result has the sign of `other`."""
    if not isinstance(other, Tensor):
        return apply(OPS["remainder_scalar"], (input, other))
    return apply(OPS["remainder"], (input, other))


@public(method="__rmod__", function=False)
def _rmod(input: Tensor, other) -> Tensor:
    return apply(OPS["remainder"], (other, input))


@public(inplace=True)
def fmod(input: Tensor, other) -> Tensor:
    """C's fmod: the result has the sign of `input`."""
    if not isinstance(other, Tensor):
        return apply(OPS["fmod_scalar"], (input, other))
    return apply(OPS["fmod"], (input, other))


def _promoted_for_number(input: Tensor, *numbers) -> Tensor:
    """`input` cast to the dtype torch computes `input ** number` (or `clamp(input, lo, hi)`)
    in.

    The numbers are op parameters, not inputs, so the dispatcher's promotion does not see
    them: an integer tensor with a float number computes in the default float dtype.
    """
    if input._data.dtype.kind == "f":
        return input
    target = result_type(input, *numbers)
    return input if target.numpy == input._data.dtype else input.to(target)


@public(inplace=True, operators=("__pow__",))
def pow(input, exponent) -> Tensor:
    """input ** exponent, with tensors or numbers on either side."""
    if not isinstance(input, Tensor):
        return _rpow_method(exponent, input)
    if isinstance(exponent, Tensor):
        return apply(OPS["pow_tensor"], (input, exponent))
    _check_number_or_tensor(exponent, "exponent")
    if input._data.dtype.kind in "iu" and isinstance(exponent, int) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return apply(OPS["pow"], (_promoted_for_number(input, exponent),), (exponent,))


@public(method="__rpow__", function=False)
def _rpow_method(input: Tensor, other) -> Tensor:
    if isinstance(other, Tensor):
        return pow(other, input)
    return apply(OPS["rpow"], (_promoted_for_number(input, other),), (other,))


@public(inplace=True)
def square(input: Tensor) -> Tensor:
    """input ** 2."""
    return pow(input, 2)


@public(inplace=True, operators=("__neg__",))
def neg(input: Tensor) -> Tensor:
    """-input."""
    if input._data.dtype == np.bool_:
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
            "to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return apply(OPS["neg"], (input,))


negative = public(name="negative", inplace=True)(neg)


def _unary_public(name: str, doc: str, operators: tuple = ()):
    op = OPS[name]

    def function(input: Tensor) -> Tensor:
        return apply(op, (input,))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return public(inplace=True, operators=operators)(function)


abs = _unary_public("abs", "|input|, elementwise.", operators=("__abs__",))
absolute = public(name="absolute", inplace=True)(abs)
sign = _unary_public("sign", "-1, 0 or 1 by the sign of each element.")
exp = _unary_public("exp", "e ** input.")
expm1 = _unary_public("expm1", "e ** input - 1, accurate near 0.")
log = _unary_public("log", "Natural logarithm.")
log1p = _unary_public("log1p", "log(1 + input), accurate near 0.")
log2 = _unary_public("log2", "Base-2 logarithm.")
log10 = _unary_public("log10", "Base-10 logarithm.")
sqrt = _unary_public("sqrt", "Square root.")
rsqrt = _unary_public("rsqrt", "1 / sqrt(input).")
reciprocal = _unary_public("reciprocal", "1 / input.")
sin = _unary_public("sin", "Sine.")
cos = _unary_public("cos", "Cosine.")
tan = _unary_public("tan", "Tangent.")
tanh = _unary_public("tanh", "Hyperbolic tangent.")
sigmoid = _unary_public("sigmoid", "1 / (1 + e ** -input).")
relu = _unary_public("relu", "max(input, 0).")
asin = _unary_public("asin", "Inverse sine.")
acos = _unary_public("acos", "Inverse cosine.")
atan = _unary_public("atan", "Inverse tangent.")
sinh = _unary_public("sinh", "Hyperbolic sine.")
cosh = _unary_public("cosh", "Hyperbolic cosine.")
erf = _unary_public("erf", "The error function.")
floor = _unary_public("floor", "Round down.")
ceil = _unary_public("ceil", "Round up.")
trunc = _unary_public("trunc", "Round toward zero.")
frac = _unary_public("frac", "input - trunc(input).")
arcsin = public(name="arcsin", inplace=True)(asin)
arccos = public(name="arccos", inplace=True)(acos)
arctan = public(name="arctan", inplace=True)(atan)
fix = public(name="fix", inplace=True)(trunc)


@public(inplace=True)
def round(input: Tensor, *, decimals: int = 0) -> Tensor:
    """Round half to even (as torch), optionally to `decimals` places."""
    if decimals:
        return apply(OPS["round_decimals"], (input,), (decimals,))
    return apply(OPS["round"], (input,))


@public()
def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum of two tensors (gradient split at ties)."""
    _tensor_arg(other, "other")
    return apply(OPS["maximum"], (input, other))


@public()
def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum of two tensors (gradient split at ties)."""
    _tensor_arg(other, "other")
    return apply(OPS["minimum"], (input, other))


@public(inplace=True)
def atan2(input: Tensor, other: Tensor) -> Tensor:
    """The angle of the point (other, input)."""
    return apply(OPS["atan2"], (input, other))


arctan2 = public(name="arctan2", inplace=True)(atan2)


@public()
def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """log(exp(input) + exp(other)) without overflow."""
    return apply(OPS["logaddexp"], (input, other))


@public(method=False)
def where(condition: Tensor, input=None, other=None) -> Tensor:
    """Elements of `input` where `condition` holds, else of `other`."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a "
                           f"tensor with dtype {condition.dtype.name.capitalize()}")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        # Two numbers: torch makes a tensor of their promoted type (int64, or the default
        # float dtype).
        _check_number_or_tensor(input, "input")
        _check_number_or_tensor(other, "other")
        input = Tensor(np.asarray(input, dtype=result_type(input, other).numpy))
    try:
        return apply(OPS["where"], (input, other), (cond,))
    except ValueError as error:
        # The condition is a parameter, so the dispatcher does not name it in its message.
        raise _broadcast_error((Tensor(cond), input, other)) or error from None


def _where_method(self: Tensor, condition: Tensor, other) -> Tensor:
    return where(condition, self, other)


public(name="where", function=False)(_where_method)


@public(method=False)
def nonzero(input: Tensor, *, as_tuple: bool = False):
    """Indices of the non-zero elements."""
    indices = np.nonzero(input._data)
    if as_tuple:
        return tuple(Tensor(i.astype(np.int64)) for i in indices)
    return Tensor(np.stack(indices, axis=1).astype(np.int64) if indices else
                  np.zeros((int(bool(input._data)), 0), np.int64))


public(name="nonzero", function=False)(lambda self, *, as_tuple=False:
                                       nonzero(self, as_tuple=as_tuple))


@public()
def lerp(input: Tensor, end: Tensor, weight) -> Tensor:
    """input + weight * (end - input)."""
    if isinstance(weight, Tensor):
        return apply(OPS["lerp_tensor"], (input, end, weight))
    return apply(OPS["lerp"], (input, end), (weight,))


@public(inplace=True)
def clamp(input: Tensor, min=None, max=None) -> Tensor:
    """Limit every element to [min, max] (either bound may be None)."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        return apply(OPS["clamp_tensor"], (input, min, max))
    return apply(OPS["clamp"], (_promoted_for_number(input, min, max),), (min, max))


clip = public(name="clip", inplace=True)(clamp)


@public(inplace=True)
def clamp_min(input: Tensor, min) -> Tensor:
    """max(input, min), elementwise."""
    if isinstance(min, Tensor):
        return apply(OPS["clamp_min_tensor"], (input, min))
    return apply(OPS["clamp_min"], (_promoted_for_number(input, min),), (min,))


@public(inplace=True)
def clamp_max(input: Tensor, max) -> Tensor:
    """min(input, max), elementwise."""
    if isinstance(max, Tensor):
        return apply(OPS["clamp_max_tensor"], (input, max))
    return apply(OPS["clamp_max"], (_promoted_for_number(input, max),), (max,))


def _comparison_public(name: str, operator: str, aliases: tuple = ()):
    op = OPS[name]

    def function(input: Tensor, other) -> Tensor:
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            return NotImplemented
        return apply(op, (input, other))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Elementwise `{operator}`, as a bool tensor."
    public(inplace=True, operators=(operator,))(function)
    for alias in aliases:
        public(name=alias, inplace=True)(function)
    return function


eq = _comparison_public("eq", "__eq__")
ne = _comparison_public("ne", "__ne__", ("not_equal",))
lt = _comparison_public("lt", "__lt__", ("less",))
le = _comparison_public("le", "__le__", ("less_equal",))
gt = _comparison_public("gt", "__gt__", ("greater",))
ge = _comparison_public("ge", "__ge__", ("greater_equal",))


def _logical_public(name: str, operators: tuple = ()):
    op = OPS[name]
    arity = 1 if name in ("logical_not", "isnan", "isinf", "isfinite", "bitwise_not") else 2

    if arity == 1:
        def function(input: Tensor) -> Tensor:
            return apply(op, (input,))
    else:
        def function(input: Tensor, other) -> Tensor:
            return apply(op, (input, other))

    function.__name__ = function.__qualname__ = name
    in_place = not name.startswith("is")
    return public(inplace=in_place, operators=operators)(function)


logical_and = _logical_public("logical_and")
logical_or = _logical_public("logical_or")
logical_xor = _logical_public("logical_xor")
logical_not = _logical_public("logical_not")
isnan = _logical_public("isnan")
isinf = _logical_public("isinf")
isfinite = _logical_public("isfinite")
bitwise_not = _logical_public("bitwise_not", ("__invert__",))
bitwise_and = _logical_public("bitwise_and", ("__and__", "__rand__"))
bitwise_or = _logical_public("bitwise_or", ("__or__", "__ror__"))
bitwise_xor = _logical_public("bitwise_xor", ("__xor__", "__rxor__"))


# ---------------------------------------------------------------------- more functions
exp2 = _unary_public("exp2", "2 ** input.")
sinc = _unary_public("sinc", "sin(pi * input) / (pi * input), and 1 at 0.")

_TYPE_WORDS = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
               "uint8": "Byte", "bool": "Bool"}


def _check_tensor_arg(function: str, value, name: str, position: int) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{function}(): argument '{name}' (position {position}) must be "
                        f"Tensor, not {type(value).__name__}")


@public(inplace=True)
def logit(input: Tensor, eps: float | None = None) -> Tensor:
    """log(input / (1 - input)); with `eps`, input is first clamped to [eps, 1 - eps]
    (a negative eps clamps nothing, as in torch)."""
    if eps is not None and eps < 0:
        eps = None
    return apply(OPS["logit"], (input,), (eps,))


@public(inplace=True)
def nan_to_num(input: Tensor, nan: float = 0.0, posinf: float | None = None,
               neginf: float | None = None) -> Tensor:
    """NaN, +inf and -inf replaced by `nan`, `posinf` and `neginf`; infinities default to
    the dtype's largest and lowest finite values. Integer tensors are returned as they are."""
    return apply(OPS["nan_to_num"], (input,), (nan, posinf, neginf))


def _pointwise_value(function: str, input: Tensor, tensor1, tensor2, value):
    """Checks shared by addcmul/addcdiv; `value` as a Python number."""
    _check_tensor_arg(function, tensor1, "tensor1", 2)
    _check_tensor_arg(function, tensor2, "tensor2", 3)
    if isinstance(value, Tensor):
        value = value.item()
    dtype = result_type(input, tensor1, tensor2)
    if dtype.name == "bool":
        raise NotImplementedError(f"\"{function}_cpu_out\" not implemented for 'Bool'")
    return value


@public(inplace=True)
def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:
    """input + value * tensor1 * tensor2, broadcasting all three."""
    value = _pointwise_value("addcmul", input, tensor1, tensor2, value)
    return apply(OPS["addcmul"], (input, tensor1, tensor2), (value,))


_ADDCDIV_INTEGERS = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can "
    "be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / "
    "tensor2), for all dtypes."
)


@public(inplace=True)
def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:
    """input + value * tensor1 / tensor2, broadcasting all three (floating point only)."""
    value = _pointwise_value("addcdiv", input, tensor1, tensor2, value)
    if tensor1._data.dtype.kind in "biu" and tensor2._data.dtype.kind in "biu":
        raise RuntimeError(_ADDCDIV_INTEGERS)
    return apply(OPS["addcdiv"], (input, tensor1, tensor2), (value,))


@public(inplace=True)
def hypot(input: Tensor, other: Tensor) -> Tensor:
    """sqrt(input ** 2 + other ** 2), without overflow (floating point tensors only)."""
    _check_tensor_arg("hypot", other, "other", 2)
    dtype = result_type(input, other)
    if dtype.numpy.kind != "f":
        word = _TYPE_WORDS.get(dtype.name, dtype.name)
        raise NotImplementedError(f"\"hypot_cpu\" not implemented for '{word}'")
    return apply(OPS["hypot"], (input, other))


@public(inplace=True)
def xlogy(input, other) -> Tensor:
    """input * log(other), but 0 where input is 0 (unless other is nan); either argument
    may be a number."""
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        return apply(OPS["xlogy"], (input, other))
    if isinstance(other, Tensor):
        _check_number_or_tensor(input, "input")
        return apply(OPS["xlogy_scalar_self"], (input, other))
    if isinstance(input, Tensor):
        _check_number_or_tensor(other, "other")
        return apply(OPS["xlogy_scalar_other"], (input, other))
    raise TypeError(f"xlogy(): expected a Tensor as input or other, got "
                    f"{type(input).__name__} and {type(other).__name__}")
