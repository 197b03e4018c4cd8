"""Elementwise functions of one tensor: abs and sign, exponentials and logarithms, roots and
reciprocals, trigonometric and hyperbolic functions, sigmoid and relu, erf, rounding, and
exp2, sinc, logit, nan_to_num.

Each op's backward sits right under its forward; the public functions follow the ops.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from .._dtype import scalar_type_name
from .._grad_mode import is_grad_enabled
from .._mt19937 import c_library
from .._tensor import Tensor
from .._ufunc_like import is_ufunc_like
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._pointwise_common import HALF, in_float32
from ._registry import FLOAT, OPS, OUT, SAME, allow_complex, declare, public
from ._torch_libm import (
    WIDE_UP_TO,
    everywhere,
    sleef_exp,
    sleef_expm1,
    sleef_log1p,
    sleef_tanh,
    vector_body,
)
from .backward_primitives import sigmoid_backward, tanh_backward, threshold_backward

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _unary(name: str, grad_fn: str, numpy_fn, formula: str, saves: tuple = (0,),
           dtype: str = FLOAT, inplace_grad_fn: str | None = None):
    """Declare a one-input op whose forward is a NumPy function of one array.

    NumPy's floating-point warnings (log(0), sqrt(-1)...) are silenced where ops run
    (ember/_fp_errors.py): torch computes inf and nan silently.
    """
    return declare(name, grad_fn=grad_fn, saves=saves, dtype=dtype, formula=formula,
                   inplace_grad_fn=inplace_grad_fn)(numpy_fn)


_abs = _unary("abs", "AbsBackward0", np.abs, "d|x|/dx = sign(x)", dtype=SAME)
# (sgn, not sign, as torch's formula: on Tensors its SgnBackward0 gives a symbolic zero)
_abs.backward(lambda ctx, g: (xp.times(g, xp.sgn(ctx.saved[0])),))
# (complex: the real part of conj(t) sgn(z), torch's rule)
_abs.tangent(lambda ctx, t: xp.real(xp.conj(t) * ctx.inputs[0].sgn())
             if ctx.inputs[0].is_complex() else t * ctx.inputs[0].sign())

def _sign_np(x):
    # NumPy has no sign for bools; torch returns them unchanged. torch's sign of nan is 0
    # (NumPy's is nan). A complex sgn is z / |z| as torch computes it (nan for an infinite
    # z, where NumPy's sign gives 1), 0 at 0.
    if x.dtype == np.bool_:
        return x.copy()
    if x.dtype.kind == "c":
        return _complex_sgn(x)
    out = np.sign(x)
    if x.dtype.kind == "f":
        nan = np.isnan(out)
        if nan.any():
            out = np.where(nan, x.dtype.type(0), out)
    return out


def _zero_gradient(ctx, g):
    """The gradient of a piecewise-constant op: zeros, as torch's (not g * 0, which turns an
    inf or nan upstream gradient into nan)."""
    return (xp.zeros_like(g),)


def _complex_sgn(x: np.ndarray) -> np.ndarray:
    """z / |z| as torch's kernel computes it: each part divided by |z| (inf + 0j gives
    nan + 0j, where a complex division gives nan + nanj), |z| of complex64 correctly rounded
    to float32 (NumPy's float32 hypot may be an ulp off); 0 at 0."""
    wide = x.astype(np.complex128) if x.dtype == np.complex64 else x
    magnitude = np.abs(wide).astype(x.real.dtype)
    out = np.empty(x.shape, x.dtype)
    out.real = x.real / magnitude
    out.imag = x.imag / magnitude
    out[magnitude == 0] = 0
    return out


_sign = _unary("sign", "SignBackward0", _sign_np, "d sign(x)/dx = 0", saves=(), dtype=SAME)
_sign.backward(_zero_gradient)
_sign.tangent(_fw.zero)

# sgn is sign for real tensors (torch's complex-aware name), with its own grad_fn; unlike
# sign's, torch's node keeps x and sgn(x) (for complex inputs) and unpacks them before it
# finds the gradient zero: changing either in place since is the usual error at backward
_sgn = _unary("sgn", "SgnBackward0", _sign_np, "d sgn(x)/dx = 0", saves=(0, OUT),
              dtype=SAME)


@_sgn.backward
def _(ctx, g):
    x, sgn = ctx.saved  # (reading them is the version check)
    if xp.is_complex(x):
        return (_along_circle(x, sgn, g),)
    # torch's ZeroTensor (sign's gradient is plain zeros): later products keep it zero
    return (xp.zero_gradient(g),)


def _along_circle(x, sgn, g):
    """sgn's derivative at complex x applied to g: sgn = z / |z| moves only along the
    circle, so g less its part along sgn, over |z| (torch's formula; 0 at 0). The map is
    self-adjoint: the gradient's formula and the tangent's."""
    magnitude = xp.abs(x)
    along = xp.real(g * xp.conj(sgn)) * sgn
    # (masked_fill, as torch's: MaskedFillBackward0 names a gradient taken with
    # create_graph=True)
    return xp.masked_fill((g - along) / magnitude, magnitude == 0, 0.0)


_sgn.tangent(lambda ctx, t: _along_circle(ctx.inputs[0], ctx.output, t)
             if ctx.inputs[0].is_complex() else _fw.zero(ctx, t))

declare("signbit")(lambda x: np.signbit(x))  # a bool answer: no gradient


def _angle_np(x):
    # a real number's argument: pi below zero, 0 from -0.0 up, nan kept (np.angle gives pi
    # for -0.0)
    if x.dtype.kind == "c":
        return np.angle(x)
    return np.where(x < 0, x.dtype.type(math.pi), np.where(np.isnan(x), x, x.dtype.type(0)))


# (integers and bools compute in the default float dtype, as torch's)
_angle = _unary("angle", "AngleBackward0", _angle_np, "d angle(x)/dx = 0 (x real)")


@_angle.backward
def _(ctx, g):
    (x,) = ctx.saved  # torch's node keeps x (for complex inputs): the version check
    if xp.is_complex(x):
        # d atan2(y, x) is (-y dx + x dy) / |z|^2: the gradient g i z / |z|^2, 0 at 0
        return (xp.where(x == 0, 0.0, g * (x * 1j) / (xp.abs(x) ** 2)),)
    return _zero_gradient(ctx, g)  # plain zeros: torch's real-input formula


# (complex: d atan2(y, x) = Im(conj(z) dz) / |z|^2, 0 at 0)
_angle.tangent(lambda ctx, t: xp.where(ctx.inputs[0] == 0, 0.0,
                                       xp.imag(xp.conj(ctx.inputs[0]) * t)
                                       / (ctx.inputs[0].abs() ** 2))
               if ctx.inputs[0].is_complex() else _fw.zero(ctx, t))

_DEGREE = math.pi / 180.0


def _times_constant(x: np.ndarray, factor: float) -> np.ndarray:
    """x times a Python float as torch's kernel computes it: float16 in float32, rounded once."""
    return in_float32(np.multiply, x, factor) if x.dtype == HALF else x * x.dtype.type(factor)


_deg2rad = _unary("deg2rad", "Deg2RadBackward0", lambda x: _times_constant(x, _DEGREE),
                  "d (x pi/180)/dx = pi/180", saves=())
# (on Tensors torch's product by a number: MulBackward1)
_deg2rad.backward(lambda ctx, g: (xp.times_number(g, _DEGREE),))
_deg2rad.tangent(lambda ctx, t: t * _DEGREE)
_rad2deg = _unary("rad2deg", "Rad2DegBackward0", lambda x: _times_constant(x, 1 / _DEGREE),
                  "d (x 180/pi)/dx = 180/pi", saves=())
_rad2deg.backward(lambda ctx, g: (xp.times_number(g, 1 / _DEGREE),))
_rad2deg.tangent(lambda ctx, t: t * (1 / _DEGREE))

# (the forwards rounding as torch's kernels are _torch_libm's, shared with the nn kernels)
_exp = _unary("exp", "ExpBackward0", sleef_exp, "d exp(x)/dx = exp(x)", saves=(OUT,))
# (complex values: g * conj(derivative), torch's convention; the conj of a real value is
# the value itself, no copy)
_exp.backward(lambda ctx, g: (xp.times_conj(g, ctx.saved[0]),))
_exp.tangent(lambda ctx, t: t * ctx.output)

_expm1 = _unary("expm1", "Expm1Backward0",
                sleef_expm1,
                "d(exp(x)-1)/dx = exp(x)",
                saves=(OUT,))
_expm1.backward(lambda ctx, g: (xp.times_conj(g, ctx.saved[0] + 1),))
_expm1.tangent(lambda ctx, t: t * (ctx.output + 1))

_log = _unary("log", "LogBackward0", np.log, "d log(x)/dx = 1/x")
_log.backward(lambda ctx, g: (g / xp.conj(ctx.saved[0]),))
_log.tangent(lambda ctx, t: t / ctx.inputs[0])

_log1p = _unary("log1p", "Log1PBackward0",
                sleef_log1p,
                "d log(1+x)/dx = 1/(1+x)")
_log1p.backward(lambda ctx, g: (g / xp.conj(ctx.saved[0] + 1),))
_log1p.tangent(lambda ctx, t: t / (ctx.inputs[0] + 1))

_log2 = _unary("log2", "Log2Backward0", np.log2, "d log2(x)/dx = 1/(x*ln 2)")
_log2.backward(lambda ctx, g: (g / xp.conj(ctx.saved[0] * _LN2),))
_log2.tangent(lambda ctx, t: t / (ctx.inputs[0] * _LN2))

_log10 = _unary("log10", "Log10Backward0",
                everywhere(np.log10, float32_always=True, float64=True),
                "d log10(x)/dx = 1/(x*ln 10)")
_log10.backward(lambda ctx, g: (g / xp.conj(ctx.saved[0] * _LN10),))
_log10.tangent(lambda ctx, t: t / (ctx.inputs[0] * _LN10))

_sqrt = _unary("sqrt", "SqrtBackward0", np.sqrt, "d sqrt(x)/dx = 1/(2*sqrt(x))",
               saves=(OUT,))
_sqrt.backward(lambda ctx, g: (g / xp.conj(2 * ctx.saved[0]),))
_sqrt.tangent(lambda ctx, t: t / (2 * ctx.output))


def _rsqrt_np(x):
    return 1 / np.sqrt(x)


_rsqrt = _unary("rsqrt", "RsqrtBackward0", _rsqrt_np, "d x^(-1/2)/dx = -x^(-3/2)/2",
                saves=(OUT,))
_rsqrt.backward(lambda ctx, g: (-0.5 * g * xp.conj(ctx.saved[0] ** 3),))
_rsqrt.tangent(lambda ctx, t: -0.5 * t * ctx.output ** 3)


def _complex_reciprocal(z: np.ndarray) -> np.ndarray:
    """1 / z as torch's complex division computes it (Smith's algorithm, in the precision
    of the parts): NumPy's reciprocal differs in the sign of zero parts (1 / (2+0j) is
    0.5-0j there, 0.5+0j in torch) and at 0, where torch divides each part by the zero
    |part| (inf+nanj)."""
    c, d = z.real, z.imag
    one, zero = c.dtype.type(1), c.dtype.type(0)
    with np.errstate(all="ignore"):
        wide = np.abs(c) >= np.abs(d)  # (nan: False, the second form, as torch's test)
        # |c| >= |d|: with r = d / c, (1 - i r) / (c + d r)
        rat = d / c
        scale = one / (c + d * rat)
        re_wide, im_wide = (one + zero * rat) * scale, (zero - rat) * scale
        at_zero = (c == 0) & (d == 0)
        re_wide = np.where(at_zero, one / np.abs(c), re_wide)
        im_wide = np.where(at_zero, zero / np.abs(d), im_wide)
        # else: with r = c / d, (r - i) / (d + c r)
        rat = c / d
        scale = one / (d + c * rat)
        re_tall, im_tall = (rat + zero) * scale, (zero * rat - one) * scale
        out = np.empty(z.shape, z.dtype)
        out.real = np.where(wide, re_wide, re_tall)
        out.imag = np.where(wide, im_wide, im_tall)
    return out


_reciprocal = _unary("reciprocal", "ReciprocalBackward0", np.reciprocal,
                     "d(1/x)/dx = -1/x^2", saves=(OUT,))
_reciprocal.complex_forward = _complex_reciprocal
_reciprocal.backward(lambda ctx, g: (-g * xp.conj(ctx.saved[0] * ctx.saved[0]),))  # torch's order
_reciprocal.tangent(lambda ctx, t: -t * ctx.output * ctx.output)

_sin = _unary("sin", "SinBackward0", np.sin, "d sin(x)/dx = cos(x)")
_sin.backward(lambda ctx, g: (xp.times_conj(g, xp.cos(ctx.saved[0])),), spends_saved=True)
_sin.tangent(lambda ctx, t: t * ctx.inputs[0].cos())

_cos = _unary("cos", "CosBackward0", np.cos, "d cos(x)/dx = -sin(x)")
# (not spends_saved: the negation of sin(x) written into x would be a new array, where
# NumPy negates a new sin(x) in place; measured slower given x)
_cos.backward(lambda ctx, g: (xp.times_conj(g, -xp.sin(ctx.saved[0])),))
_cos.tangent(lambda ctx, t: -t * ctx.inputs[0].sin())

_tan = _unary("tan", "TanBackward0", np.tan, "d tan(x)/dx = 1 + tan(x)^2", saves=(OUT,))
_tan.backward(lambda ctx, g: (xp.times_conj(g, 1 + ctx.saved[0] * ctx.saved[0]),))
_tan.tangent(lambda ctx, t: t * (1 + ctx.output * ctx.output))

_tanh = _unary("tanh", "TanhBackward0", sleef_tanh,
               "d tanh(x)/dx = 1 - tanh(x)^2", saves=(OUT,))
# g * (1 - y^2): torch's tanh_backward kernel, its own op on Tensors (its grad_fn names the
# gradient taken with create_graph=True: TanhBackwardBackward0)
# (complex values: g * conj(1 - y^2), the kernel's complex branch, as torch's)
_tanh.backward(lambda ctx, g: (tanh_backward(g, ctx.saved[0]),), spends_saved=True)
_tanh.tangent(lambda ctx, t: t * (1 - ctx.output * ctx.output) if ctx.output.is_complex()
              else tanh_backward(t, ctx.output))  # torch's formula and node


def _sigmoid_np(x):
    # torch's formula, 1 / (1 + exp(-x)), in four passes over one new array (float16 in
    # float32, rounded once). exp overflows to inf far left (x < -88 in float32), where the
    # result is 0 as in torch; the callers (dispatch, backward passes) keep NumPy quiet.
    if x.dtype == np.float16:
        return _sigmoid_np(x.astype(np.float32)).astype(np.float16)
    t = np.negative(x, out=np.empty_like(x))  # (an array even for 0-d x: out= below)
    if x.dtype == np.float32 and x.size <= WIDE_UP_TO:
        t = sleef_exp(t)  # (exp's value as torch's SLEEF rounds it: ops/_torch_libm)
    else:  # (NumPy's loop, as sleef_exp would take, but in place: 20% faster on LeNet's)
        np.exp(t, out=t)
    t += 1
    # 1 / t as a division: the same bits as np.reciprocal, which NumPy does not vectorise
    # (0.050 -> 0.027 ms on LeNet's 301k float32 values)
    return np.divide(1, t, out=t)


_sigmoid = _unary("sigmoid", "SigmoidBackward0", _sigmoid_np,
                  "d sigmoid(x)/dx = sigmoid(x)*(1-sigmoid(x))", saves=(OUT,))
# (g * (1 - y)) * y: torch's sigmoid_backward kernel (SigmoidBackwardBackward0 on Tensors)
# (complex values: g * conj((1 - y) y), the kernel's complex branch, as torch's)
_sigmoid.backward(lambda ctx, g: (sigmoid_backward(g, ctx.saved[0]),))
_sigmoid.tangent(lambda ctx, t: t * ((1 - ctx.output) * ctx.output) if ctx.output.is_complex()
                 else sigmoid_backward(t, ctx.output))  # as torch's


def _relu_np(x):
    # 0 first: NumPy's maximum returns its second operand on a tie, and torch's relu keeps
    # x there (relu(-0.0) is -0.0); NumPy's float16 loop returns the first, so x goes first
    # there. On a C-ordered x the 0 is an array of zeros, written over: NumPy's vectorised
    # loop takes two contiguous arrays, and its loop for an array and a number is ~3x
    # slower (16 against 6 us for 32,768 float32, zeros included).
    if x.dtype == np.float16:
        return np.maximum(x, np.float16(0))
    if x.flags.c_contiguous:
        zeros = np.zeros(x.shape, x.dtype)
        return np.maximum(zeros, x, out=zeros)
    return np.maximum(0, x).astype(x.dtype, copy=False)


_relu = _unary("relu", "ReluBackward0", _relu_np, "d relu(x)/dx = 1 if x > 0 else 0",
               saves=(OUT,), dtype=SAME)
# torch's threshold_backward(g, result, 0) (ThresholdBackwardBackward0 on Tensors): the mask
# selects rather than multiplies, so an inf or nan upstream gradient where x <= 0 gives 0,
# and a nan input passes its gradient through.
_relu.backward(lambda ctx, g: (threshold_backward(g, ctx.saved[0], 0),))
_relu.tangent(lambda ctx, t: threshold_backward(t, ctx.output, 0))  # as torch's

_asin = _unary("asin", "AsinBackward0", np.arcsin, "d asin(x)/dx = 1/sqrt(1-x^2)")
_asin.backward(lambda ctx, g: (xp.times_conj(g, xp.rsqrt(1 - ctx.saved[0] * ctx.saved[0])),))
_asin.tangent(lambda ctx, t: t * (1 - ctx.inputs[0] * ctx.inputs[0]).rsqrt())

_acos = _unary("acos", "AcosBackward0", np.arccos, "d acos(x)/dx = -1/sqrt(1-x^2)")
# (torch's grad * -rsqrt(...): the negation on the derivative, so symbolic zeros stay zero)
_acos.backward(lambda ctx, g: (g * xp.conj(-xp.rsqrt(1 - ctx.saved[0] * ctx.saved[0])),))
_acos.tangent(lambda ctx, t: -t * (1 - ctx.inputs[0] * ctx.inputs[0]).rsqrt())

_atan = _unary("atan", "AtanBackward0", np.arctan, "d atan(x)/dx = 1/(1+x^2)")
_atan.backward(lambda ctx, g: (g / xp.conj(1 + ctx.saved[0] * ctx.saved[0]),))
_atan.tangent(lambda ctx, t: t / (1 + ctx.inputs[0] * ctx.inputs[0]))

_sinh = _unary("sinh", "SinhBackward0", vector_body(np.sinh, through_exp=True),
               "d sinh(x)/dx = cosh(x)")
_sinh.backward(lambda ctx, g: (xp.times_conj(g, xp.cosh(ctx.saved[0])),),
               spends_saved=True)
_sinh.tangent(lambda ctx, t: t * ctx.inputs[0].cosh())

_cosh = _unary("cosh", "CoshBackward0", vector_body(np.cosh, through_exp=True),
               "d cosh(x)/dx = sinh(x)")
_cosh.backward(lambda ctx, g: (xp.times_conj(g, xp.sinh(ctx.saved[0])),),
               spends_saved=True)
_cosh.tangent(lambda ctx, t: t * ctx.inputs[0].sinh())

# torch records the in-place forms as AsinhBackward1 & co. and cannot differentiate them:
# their backward raises torch's NotImplementedError (code that only ember could run would
# not run under torch)
def _out_of_place_only(name: str, formula):
    def backward(ctx, g):
        if type(ctx) is ctx.op.inplace_node_class:
            raise NotImplementedError(f"the derivative for 'inplace version of {name}' is "
                                      "not implemented.")
        return formula(ctx, g)

    return backward


_asinh = _unary("asinh", "AsinhBackward0", np.arcsinh, "d asinh(x)/dx = 1/sqrt(x^2+1)",
                inplace_grad_fn="AsinhBackward1")
# torch's x.pow(2): its double backward (2 * x) overflows at huge x as torch's does
_asinh.backward(_out_of_place_only(
    "asinh", lambda ctx, g: (xp.times_conj(g, xp.rsqrt(ctx.saved[0] ** 2 + 1)),)))
_asinh.tangent(lambda ctx, t: t * (ctx.inputs[0] * ctx.inputs[0] + 1).rsqrt())

_acosh = _unary("acosh", "AcoshBackward0", np.arccosh, "d acosh(x)/dx = 1/sqrt(x^2-1)",
                inplace_grad_fn="AcoshBackward1")
_acosh.backward(_out_of_place_only(
    "acosh", lambda ctx, g: (xp.times(g, _acosh_derivative(ctx.saved[0])),)))
_acosh.tangent(lambda ctx, t: t * _acosh_slope(ctx.inputs[0]))


def _acosh_slope(x):
    """acosh'(x) on Tensors: 1/sqrt(x^2 - 1), for complex x the principal branch's
    1/(sqrt(x - 1) sqrt(x + 1)) (the conjugate of what the backward multiplies by)."""
    if x.is_complex():
        return (x - 1).rsqrt() * (x + 1).rsqrt()
    return (x * x - 1).rsqrt()

def _acosh_derivative(x):
    """1 / sqrt(x^2 - 1); for complex x conj(1 / (sqrt(x - 1) sqrt(x + 1))), the principal
    branch's derivative (sqrt(x^2 - 1) has the other sign in part of the plane), as torch."""
    if xp.is_complex(x):
        return xp.conj(xp.rsqrt(x - 1) * xp.rsqrt(x + 1))
    return xp.rsqrt(x * x - 1)


_atanh = _unary("atanh", "AtanhBackward0", vector_body(np.arctanh), "d atanh(x)/dx = 1/(1-x^2)",
                inplace_grad_fn="AtanhBackward1")
_atanh.backward(_out_of_place_only(
    "atanh", lambda ctx, g: (g / xp.conj(1 - ctx.saved[0] ** 2),)))  # x.pow(2), as asinh's
_atanh.tangent(lambda ctx, t: t / (1 - ctx.inputs[0] * ctx.inputs[0]))

_erf_scalar = np.frompyfunc(math.erf, 1, 1)


def _erf_np(x):
    # NumPy has no erf; math.erf is exact to double precision.
    return np.asarray(_erf_scalar(x), dtype=x.dtype)


_erf = _unary("erf", "ErfBackward0", _erf_np, "d erf(x)/dx = 2/sqrt(pi)*exp(-x^2)")
# torch's formula and order: 2/sqrt(pi) * exp(-(x ** 2)) * g
_erf.backward(lambda ctx, g: (_TWO_OVER_SQRT_PI * xp.exp(-(ctx.saved[0] ** 2)) * g,))
_erf.tangent(lambda ctx, t: t * _TWO_OVER_SQRT_PI * (-ctx.inputs[0] * ctx.inputs[0]).exp())


def _rounding(name: str, grad_fn: str, numpy_fn):
    op = _unary(name, grad_fn, numpy_fn, f"d {name}(x)/dx = 0", saves=(), dtype=SAME)
    op.backward(_zero_gradient)
    op.tangent(_fw.zero)
    return op


def _keeping_integers(numpy_fn):
    """`numpy_fn` if it returns integers unchanged (NumPy 2: torch's result), else a
    forward that does (NumPy 1 rounds integers through float: np.floor of int8 is
    float16)."""
    if np.dtype(numpy_fn(np.zeros(1, np.int8)).dtype) == np.int8:
        return numpy_fn

    def rounded(x):
        return x.copy() if x.dtype.kind in "iu" else numpy_fn(x)

    rounded.__name__ = numpy_fn.__name__
    return rounded


_floor = _rounding("floor", "FloorBackward0", _keeping_integers(np.floor))
_ceil = _rounding("ceil", "CeilBackward0", _keeping_integers(np.ceil))
_trunc = _rounding("trunc", "TruncBackward0", _keeping_integers(np.trunc))
_round = _rounding("round", "RoundBackward0", np.round)


@declare("round_decimals", grad_fn="RoundBackward1", formula="d round(x, n)/dx = 0")
def _round_decimals(x, decimals):
    if x.dtype == np.float16:  # torch scales and rounds float16 in float32, then rounds once
        return np.round(x.astype(np.float32), decimals).astype(np.float16)
    return np.round(x, decimals)


_round_decimals.backward(_zero_gradient)


_round_decimals.tangent(_fw.zero)


_frac = _unary("frac", "FracBackward0", lambda x: x - np.trunc(x), "d frac(x)/dx = 1",
               saves=(), dtype=SAME)
_frac.backward(lambda ctx, g: (g,))
_frac.tangent(lambda ctx, t: t)


_exp2 = _unary("exp2", "Exp2Backward0", np.exp2, "d 2^x/dx = 2^x * ln 2", saves=(OUT,))


@_exp2.backward
def _(ctx, g):
    scaled = g * xp.conj(ctx.saved[0])
    # (g * 2^x) * ln 2; on Tensors torch's product by a number last (MulBackward1)
    return (xp.times_number(scaled, _LN2),)


_exp2.tangent(lambda ctx, t: t * ctx.output * _LN2)


def _sinc_np(x):
    # torch's kernel: 1 at 0, else sin(product) / product with product = pi * x in x's
    # precision and the C library's sin (here: float32's rounded from double, which is the
    # C library's nearly always; float64's the C library's own, _mt19937.c_library). float16
    # computes in float32 and rounds once, as torch's (sinc(1) is then -0.0, not 0.0).
    if x.dtype == np.float16:
        return _sinc_np(x.astype(np.float32)).astype(np.float16)
    if x.dtype != np.float32 and x.dtype != np.float64:
        return np.sinc(x).astype(x.dtype, copy=False)
    product = x * x.dtype.type(math.pi)
    if x.dtype == np.float32:
        sine = np.sin(product.astype(np.float64)).astype(np.float32)
    else:  # (the C library through `math` refuses an infinite argument: sin(inf) is nan)
        finite = np.isfinite(product)
        sine = np.where(finite, c_library("sin", np.where(finite, product, 0.0)), np.nan)
    return np.where(x == 0, x.dtype.type(1), sine / product)


_sinc = _unary("sinc", "SincBackward0", _sinc_np,
               "d sinc(x)/dx = (cos(pi x) pi x - sin(pi x)) / (pi x^2); 0 at x = 0")


@_sinc.backward
def _(ctx, g):
    (x,) = ctx.saved
    # torch's formula: 0 where x * x * pi is 0, which includes tiny x whose square
    # underflows (1e-30 in float32), not only x == 0
    angle = x * math.pi
    squared = x * x * math.pi
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = g * (angle * xp.cos(angle) - xp.sin(angle)) / squared
    return (xp.where(squared == 0, 0.0, slope),)


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
    # at 0 and 1 torch's kernel gives g * inf (+inf at -0.0 too, where 1 / (x (1 - x))
    # would be -inf); with a graph (create_graph: grad mode on) torch composes the formula
    # itself, which has no such case (-inf at -0.0). Tensors without a graph (hooks,
    # retain_grad, anomaly mode) take the kernel's values.
    if xp.is_tensor(g) and is_grad_enabled():
        # torch's composed formula keeps the slope where x is inside the bounds, so a nan
        # x gets 0 with eps (its kernel, below, tests outside them: nan)
        low, high = (0.0, 1.0) if eps is None else (eps, 1 - eps)
        inside = (x >= low) & (x <= high)
        return (xp.where(inside, g / (x * (1 - x)), 0.0 if eps is not None else math.nan),)
    slope = xp.where((x == 0) | (x == 1), g * math.inf, g / (x * (1 - x)))
    if eps is None:
        # Outside [0, 1] the logarithm is nan, and so is its derivative.
        return (xp.where((x < 0) | (x > 1), math.nan, slope),)
    return (xp.where((x < eps) | (x > 1 - eps), 0.0, slope),)


_logit.tangent(_fw.diagonal)


@declare("nan_to_num", grad_fn="NanToNumBackward0", saves=(0,),
         formula="d nan_to_num(x)/dx = 1 where x is finite, else 0")
def _nan_to_num(x, nan, posinf, neginf):
    if x.dtype.kind not in "fc":
        return x.copy()  # integers and bools have no nan or inf
    # None for posinf/neginf means the dtype's largest/lowest finite value, in both. A
    # replacement beyond the dtype's range becomes inf silently, as in torch.
    with np.errstate(over="ignore"):
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


@_nan_to_num.backward
def _(ctx, g):
    (x,) = ctx.saved
    return (g * xp.isfinite(x),)


_nan_to_num.tangent(_fw.diagonal)


def _refusal(kernel: str, kinds: str):
    """A check raising torch's NotImplementedError for input dtypes (NumPy kinds) that
    torch's kernel `kernel` has no loop for."""
    def check(input: Tensor) -> None:
        dtype = input._data.dtype
        if dtype.kind in kinds:
            raise NotImplementedError(
                f"\"{kernel}\" not implemented for '{scalar_type_name(dtype.name)}'")
    return check


_ROUND_REFUSAL = _refusal("round_vml_cpu", "b")


def _refuse_bool_relu(input: Tensor) -> None:
    if input._data.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")


# Input dtypes torch refuses per function (the float case never reaches these checks
# through the methods, which go straight to the op).
def _refuse_complex_sign(input: Tensor) -> None:
    if input._data.dtype.kind == "c":
        raise NotImplementedError("Unlike NumPy, torch.sign is not intended to support complex "
                                  "numbers. Please use torch.sgn instead.")


_REFUSED = {"abs": _refusal("abs_cpu", "b"), "relu": _refuse_bool_relu,
            "sign": _refuse_complex_sign,
            "floor": _refusal("floor_vml_cpu", "b"), "ceil": _refusal("ceil_vml_cpu", "b"),
            "trunc": _refusal("trunc_vml_cpu", "b"), "frac": _refusal("frac_cpu", "biu")}


def _unary_public(name: str, doc: str, operators: tuple = ()):
    op = OPS[name]
    refuse = _REFUSED.get(name)

    if refuse is None:
        def function(input: Tensor) -> Tensor:
            return apply(op, (input,))
    else:
        def function(input: Tensor) -> Tensor:
            if input._data.dtype.kind != "f":  # floats pass without a call
                refuse(input)
            return apply(op, (input,))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    ufunc_op = op if is_ufunc_like(op.forward) else None
    return public(inplace=True, operators=operators, ufunc_op=ufunc_op)(function)


abs = _unary_public("abs", "|input|, elementwise.", operators=("__abs__",))
absolute = public(name="absolute", inplace=True)(abs)
sign = _unary_public("sign", "-1, 0 or 1 by the sign of each element.")
sgn = _unary_public("sgn", "The sign of each element (sign, for real tensors).")


@public()  # (no angle_: torch has none)
def angle(input: Tensor) -> Tensor:
    """The argument of each element: pi below 0, else 0 (nan stays nan)."""
    return apply(OPS["angle"], (input,))

deg2rad = _unary_public("deg2rad", "Degrees to radians.")
rad2deg = _unary_public("rad2deg", "Radians to degrees.")


@public()
def signbit(input: Tensor) -> Tensor:
    """Whether each element's sign bit is set (True for -0.0 and negative numbers)."""
    return apply(OPS["signbit"], (input,))


@public()
def positive(input: Tensor) -> Tensor:
    """input itself (the unary `+`); refused for bool tensors, as in torch."""
    if input._data.dtype == np.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


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
asinh = _unary_public("asinh", "Inverse hyperbolic sine.")
acosh = _unary_public("acosh", "Inverse hyperbolic cosine (nan below 1).")
atanh = _unary_public("atanh", "Inverse hyperbolic tangent (+-inf at +-1, nan beyond).")
erf = _unary_public("erf", "The error function.")
floor = _unary_public("floor", "Round down.")
ceil = _unary_public("ceil", "Round up.")
trunc = _unary_public("trunc", "Round toward zero.")
frac = _unary_public("frac", "input - trunc(input).")
arcsin = public(name="arcsin", inplace=True)(asin)
arccos = public(name="arccos", inplace=True)(acos)
arctan = public(name="arctan", inplace=True)(atan)
fix = public(name="fix", inplace=True)(trunc)
arcsinh = public(name="arcsinh", inplace=True)(asinh)
arccosh = public(name="arccosh", inplace=True)(acosh)
arctanh = public(name="arctanh", inplace=True)(atanh)


_ROUND_DECIMALS_REFUSAL = _refusal("round_cpu", "biu")
_ROUND_ZERO_DECIMALS_REFUSAL = _refusal("round_vml_cpu", "biu")


@public(inplace=True)
def round(input: Tensor, *, decimals: int | None = None) -> Tensor:
    """Round half to even (as torch), optionally to `decimals` places (given, even 0, it
    takes floating point tensors only, as torch's kernels)."""
    if decimals:
        _ROUND_DECIMALS_REFUSAL(input)
    else:
        (_ROUND_REFUSAL if decimals is None else _ROUND_ZERO_DECIMALS_REFUSAL)(input)
    if decimals:
        return apply(OPS["round_decimals"], (input,), (decimals,))
    return apply(OPS["round"], (input,))


exp2 = _unary_public("exp2", "2 ** input.")
sinc = _unary_public("sinc", "sin(pi * input) / (pi * input), and 1 at 0.")


@public(inplace=True)
def logit(input: Tensor, eps: float | None = None) -> Tensor:
    """log(input / (1 - input)); with `eps`, input is first clamped to [eps, 1 - eps]
    (a negative eps clamps nothing, as in torch)."""
    if eps is not None and eps < 0:
        eps = None
    return apply(OPS["logit"], (input,), (eps,))


@public()
def nan_to_num(input: Tensor, nan: float = 0.0, posinf: float | None = None,
               neginf: float | None = None) -> Tensor:
    """NaN, +inf and -inf replaced by `nan`, `posinf` and `neginf`; infinities default to
    the dtype's largest and lowest finite values. Integer tensors are returned as they are;
    complex ones have each part replaced (without a gradient, as in torch)."""
    if input._data.dtype.kind == "c" and input.requires_grad and is_grad_enabled():
        raise RuntimeError("nan_to_num does not support automatic differentiation for outputs "
                           "with complex dtype.")
    return apply(OPS["nan_to_num"], (input,), (nan, posinf, neginf))


@public(name="nan_to_num_in_place", method=False, function=False, inplace="nan_to_num_")
def _nan_to_num_written(input: Tensor, nan: float = 0.0, posinf: float | None = None,
                        neginf: float | None = None) -> Tensor:
    """nan_to_num_'s value: torch's in-place form records a complex tensor that requires
    grad (NanToNumBackward0, the gradient passed where the value was finite), which its
    out-of-place form refuses."""
    return apply(OPS["nan_to_num"], (input,), (nan, posinf, neginf))


_nan_to_num_written.keeps_integers = True  # (it leaves integers alone: call_inplace)


# Written for complex values too (a holomorphic op's gradient is g * conj(derivative); abs,
# angle and sgn have their own complex formulas).
allow_complex("exp", "expm1", "log", "log1p", "sqrt", "rsqrt", "reciprocal", "sin", "cos",
              "tan", "sinh", "cosh", "tanh", "sigmoid", "abs", "sgn", "angle", "nan_to_num",
              "log2", "log10", "exp2", "asin", "acos", "atan", "asinh", "acosh", "atanh")
