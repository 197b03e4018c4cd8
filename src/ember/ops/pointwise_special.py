"""Elementwise special functions: erfc, erfinv, lgamma, digamma, polygamma, mvlgamma, i0
and i1, the entropy term entr, xlog1py, the normal distribution's log_ndtr and ndtri; and
the elementwise number functions without a gradient: gcd, lcm, nextafter, frexp,
isposinf, isneginf, isreal. ldexp and float_power are compositions, as in torch.

The numerical kernels (NumPy has none of these) are in ops/_special_math.py; they compute
in float64, and float16/float32 results are rounded from there.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import (
    apply,
    call_inplace,
    check_shapes,
    check_tensors_or_numbers,
    float_gradient_only,
    shapes_first,
)
from .._dtype import result_type, scalar_type_name
from .._tensor import Tensor
from .._warnings import warn
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, keep_versions
from . import _special_math as sm
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._registry import FLOAT, OPS, OUT, PROMOTE, PROMOTE_FLOAT, SAME, declare, public
from ._registry import needs_grad as _needs
from ._torch_digamma import digamma as torch_digamma
from .return_types import _return_type, return_types

_FREXP = return_types.frexp = _return_type("frexp", ("mantissa", "exponent"))

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2.0
_LOG_PI = math.log(math.pi)


def _rounded(kernel):
    """A forward computing `kernel` in float64 and returning the input's float dtype."""
    def forward(x):
        return np.asarray(kernel(x), dtype=np.float64).astype(x.dtype, copy=False)
    forward.__name__ = kernel.__name__
    return forward


def _elementwise(op):
    """Elementwise: the formula takes a batch of gradients as it is, and forward mode
    applies it to the tangent."""
    _batched_rule(op.name)(op.backward_fn)
    op.tangent(_fw.diagonal)
    return op


# ---------------------------------------------------------------------- error functions
_erfc = declare("erfc", grad_fn="ErfcBackward0", saves=(0,), dtype=FLOAT,
                formula="d erfc(x)/dx = -2/sqrt(pi) exp(-x^2)")(_rounded(sm.erfc))
# torch's formula and order, as erf's: -2/sqrt(pi) * exp(-(x ** 2)) * g
_erfc.backward(lambda ctx, g: (-_TWO_OVER_SQRT_PI * xp.exp(-(ctx.saved[0] ** 2)) * g,))
_elementwise(_erfc)

# torch keeps the input and computes erfinv again in the backward (its result is free to
# be written in place, its input is not)
_erfinv = declare("erfinv", grad_fn="ErfinvBackward0", saves=(0,), dtype=FLOAT,
                  formula="d erfinv(y)/dy = sqrt(pi)/2 exp(erfinv(y)^2)")(_rounded(sm.erfinv))


@_erfinv.backward
def _(ctx, g):
    again = xp.op("erfinv", (ctx.saved[0],))
    return (_SQRT_PI_OVER_TWO * g * xp.exp(again * again),)


_elementwise(_erfinv)


# ---------------------------------------------------------------------- gamma family
_lgamma = declare("lgamma", grad_fn="LgammaBackward0", saves=(0,), dtype=FLOAT,
                  formula="d lgamma(x)/dx = digamma(x)")(_rounded(sm.lgamma))
_lgamma.backward(lambda ctx, g: (g * xp.op("digamma", (ctx.saved[0],)),))
_elementwise(_lgamma)

_digamma = declare("digamma", grad_fn="DigammaBackward0", saves=(0,), dtype=FLOAT,
                   formula="d digamma(x)/dx = polygamma(1, x)")(torch_digamma)
_digamma.backward(lambda ctx, g: (g * xp.op("polygamma", (ctx.saved[0],), 1),))
_elementwise(_digamma)


@declare("polygamma", grad_fn="PolygammaBackward0", saves=(0,), dtype=FLOAT,
         formula="d polygamma(n, x)/dx = polygamma(n + 1, x)")
def _polygamma(x, n):
    if n == 0:  # (torch's digamma kernel)
        return torch_digamma(x)
    if n == 1:
        values = sm.trigamma(x)
    else:  # (-1)^(n+1) n! zeta(n + 1, x)
        values = (-1.0) ** (n + 1) * math.factorial(n) * sm.zeta(float(n + 1), x)
    return np.asarray(values, np.float64).astype(x.dtype, copy=False)


_polygamma.backward(lambda ctx, g: (g * xp.op("polygamma", (ctx.saved[0],),
                                                ctx.params[0] + 1),))
_elementwise(_polygamma)


@declare("mvlgamma", grad_fn="MvlgammaBackward0", saves=(0,), dtype=FLOAT,
         formula="d mvlgamma(x, p)/dx = sum_i digamma(x - i/2), i < p")
def _mvlgamma(x, p):
    total = p * (p - 1) / 4.0 * _LOG_PI + sum(sm.lgamma(x - i / 2.0) for i in range(p))
    return np.asarray(total, np.float64).astype(x.dtype, copy=False)


@_mvlgamma.backward
def _(ctx, g):
    (x,) = ctx.saved
    (p,) = ctx.params
    slope = xp.op("digamma", (x,))
    for i in range(1, p):
        slope = slope + xp.op("digamma", (x - i / 2.0,))
    return (g * slope,)


_elementwise(_mvlgamma)


# ---------------------------------------------------------------------- Bessel I0, I1
_i0 = declare("i0", grad_fn="I0Backward0", saves=(0,), dtype=FLOAT,
              formula="d i0(x)/dx = i1(x)")(_rounded(np.i0))
_i0.backward(lambda ctx, g: (g * xp.op("special_i1", (ctx.saved[0],)),))
_elementwise(_i0)

_i1 = declare("special_i1", grad_fn="SpecialI1Backward0", saves=(0, OUT), dtype=FLOAT,
              formula="d i1(x)/dx = i0(x) - i1(x)/x (1/2 at 0)")(_rounded(sm.i1))


@_i1.backward
def _(ctx, g):
    x, out = ctx.saved
    safe = xp.where(x == 0, 1.0, x)
    return (g * xp.where(x == 0, 0.5, xp.op("i0", (x,)) - out / safe),)


_elementwise(_i1)


# ---------------------------------------------------------------------- entropy terms
def _entr_np(x):
    with np.errstate(all="ignore"):
        values = np.where(x > 0, -x * np.log(np.where(x > 0, x, 1)), np.where(x == 0, 0, -np.inf))
    return np.where(np.isnan(x), x, values).astype(x.dtype, copy=False)


_entr = declare("special_entr", grad_fn="SpecialEntrBackward0", saves=(0,), dtype=FLOAT,
                formula="d (-x log x)/dx = -(log x + 1)")(_entr_np)
_entr.backward(lambda ctx, g: (-g * (xp.log(ctx.saved[0]) + 1),))
_elementwise(_entr)


def _xlog1py_np(x, y):
    dtype = np.result_type(x, y)
    x, y = np.asarray(x, dtype), np.asarray(y, dtype)
    with_log = np.multiply(x, np.log1p(y))
    return np.where((x == 0) & ~np.isnan(y), np.zeros((), with_log.dtype), with_log)


_xlog1py = declare("special_xlog1py", grad_fn="SpecialXlog1PyBackward0", saves=(0, 1),
                   dtype=PROMOTE_FLOAT, broadcasts=True,
                   formula="d x log1p(y)/dx = log1p(y), d/dy = x/(1+y)")(_xlog1py_np)


@_xlog1py.backward
def _(ctx, g):
    x, y = ctx.saved
    grad_x = None
    if _needs(ctx, 0):  # torch's: xlog1py(g, y), 0 where x == 0 and y <= -1 (masked_fill last)
        grad_x = xp.masked_fill(xp.op("special_xlog1py", (g, y)), (x == 0) & (y <= -1), 0)
    grad_y = g * x / (y + 1) if _needs(ctx, 1) else None
    return grad_x, grad_y


_elementwise(_xlog1py)


# ---------------------------------------------------------------------- normal distribution
_log_ndtr = declare("special_log_ndtr", grad_fn="SpecialLogNdtrBackward0", saves=(0, OUT),
                    dtype=FLOAT, formula="d log Phi(x)/dx = phi(x) / Phi(x)")(
                        _rounded(sm.log_ndtr))


@_log_ndtr.backward
def _(ctx, g):
    x, out = ctx.saved
    # phi(x)/Phi(x) = exp(-x^2/2 - log Phi(x)) / sqrt(2 pi), finite far left; in torch's
    # order (g / sqrt(2 pi) first)
    return ((g / math.sqrt(2 * math.pi)) * xp.exp(-(out + x ** 2 / 2)),)


_elementwise(_log_ndtr)

_ndtri = declare("special_ndtri", grad_fn="SpecialNdtriBackward0", saves=(OUT,), dtype=FLOAT,
                 formula="d ndtri(p)/dp = sqrt(2 pi) exp(ndtri(p)^2 / 2)")(_rounded(sm.ndtri))
_ndtri.backward(lambda ctx, g: (g * math.sqrt(2 * math.pi)
                                * xp.exp(ctx.saved[0] * ctx.saved[0] / 2),))
_elementwise(_ndtri)


# ---------------------------------------------------------------------- without gradients
declare("gcd", dtype=PROMOTE, broadcasts=True)(lambda a, b: np.gcd(a, b))
declare("lcm", dtype=PROMOTE, broadcasts=True)(lambda a, b: np.lcm(a, b))
declare("isposinf")(lambda x: np.isposinf(x) if x.dtype.kind == "f" else np.zeros(x.shape, bool))
declare("isneginf")(lambda x: np.isneginf(x) if x.dtype.kind == "f" else np.zeros(x.shape, bool))
declare("isreal", complex_ok=True)(  # (a real tensor is real everywhere)
    lambda x: x.imag == 0 if x.dtype.kind == "c" else np.ones(x.shape, bool))
declare("frexp_exponent")(lambda x: np.frexp(x)[1].astype(np.int32))

# (torch's node keeps both inputs when x's gradient is wanted, though neither is read)
_nextafter = declare("nextafter", grad_fn="NextafterBackward0", dtype=PROMOTE, broadcasts=True,
                     saves=(0, 1), save_if={0: (0,), 1: (0,)},
                     formula="d nextafter(x, y)/dx = 1, d/dy = 0")(
                         lambda a, b: np.nextafter(a, b))


@_nextafter.backward
def _(ctx, g):
    ctx.saved  # noqa: B018 - unpacked for the version check alone, as torch's node does
    return g if _needs(ctx, 0) else None, xp.zeros_like(g) if _needs(ctx, 1) else None


_elementwise(_nextafter)


# frexp's mantissa x / 2^e: its gradient is g / 2^e (the exponent is a constant), with 2^e
# in float32 as torch computes it (exp2 of the int32 exponent): 0 past 2^128, so the
# gradient of a float64 x beyond it is 0 (and inf below 2^-149), as torch's. The node keeps
# the exponent frexp returned (a param: torch's saved tensor), not x, as torch's: x is free
# to be written in place after the forward, the exponent is not.
@declare("frexp", grad_fn="FrexpBackward0", saves_params={0: (0,)}, dtype=SAME,
         formula="d mantissa/dx = 2^-exponent(x)")
def _frexp(x, exponent):
    return np.frexp(x)[0]


@_frexp.backward
def _frexp_grad(ctx, g):
    (exponent,) = ctx.params
    grad = g / xp.constant(np.exp2(exponent.astype(np.float32)), like=g)
    # (float16: computed in float32, cast back as torch's engine does: ToCopyBackward0)
    return (xp.astype(grad, xp.numpy_dtype(g)),)


# elementwise, with the formula itself: the backward's checks of what the node kept are
# for the node's own pass
_batched_rule("frexp")(_frexp.backward_fn)
_frexp.tangent(lambda ctx, t: _frexp_grad(ctx, t)[0])


# (torch's node keeps the result too, which its formula for a float exponent reads: the
# result written in place after the forward spoils the backward, as in torch)
@declare("ldexp", grad_fn="LdexpBackward0", saves=(1, OUT), dtype=PROMOTE_FLOAT, broadcasts=True,
         formula="d x 2^e/dx = 2^e for e >= 0, 0 for e < 0 (torch's integer power)")
def _ldexp(x, e, exponent=None):
    x = np.asarray(x)
    if exponent is not None:
        # a float x and an integer exponent: torch's kernel takes the exponent as a C int
        # (int64 wraps to int32: 2**32 + 3 is 3) and scales exactly, so 0 * 2**256 is 0
        # and 2 * 2**-150 is float32's smallest subnormal (float16 scaled in float32)
        wide = x.astype(np.float32) if x.dtype == np.float16 else x
        with np.errstate(over="ignore", under="ignore"):
            return np.ldexp(wide, exponent).astype(x.dtype, copy=False)
    return (x * np.exp2(np.asarray(e, x.dtype))).astype(x.dtype, copy=False)


# torch's formula takes 2^e in e's integer dtype: 0 for a negative e (its gradient there is
# 0, a quirk kept so that gradients agree)
_ldexp.backward(lambda ctx, g: (g * xp.where(ctx.saved[0] < 0, 0.0,
                                             xp.op("exp2", (ctx.saved[0],))), None))
_elementwise(_ldexp)


# ====================================================================== public API
def _unary_public(name: str, op_name: str, doc: str, *, method: bool = True,
                  inplace: bool = True):
    op = OPS[op_name]

    def function(input: Tensor) -> Tensor:
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        return apply(op, (input,))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return public(name=name, method=method, inplace=inplace)(function)


erfc = _unary_public("erfc", "erfc", "1 - erf(input), accurate where erf is near 1.")
erfinv = _unary_public("erfinv", "erfinv",
                       "The inverse of erf on [-1, 1] (+-inf at +-1, nan outside).")
lgamma = _unary_public("lgamma", "lgamma", "log |Gamma(input)| (inf at 0, -1, -2, ...).")
digamma = _unary_public("digamma", "digamma", "Gamma'(x) / Gamma(x) (psi).")
i0 = _unary_public("i0", "i0", "The modified Bessel function of the first kind, order 0.")


@public(inplace=True)
def polygamma(n: int, input: Tensor) -> Tensor:
    """The n-th derivative of digamma (n = 0 is digamma itself)."""
    if isinstance(n, Tensor):  # Tensor.polygamma(n): the method takes self first
        n, input = input, n
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return apply(OPS["polygamma"], (input,), (n,))


@public(inplace=True)
def mvlgamma(input: Tensor, p: int) -> Tensor:
    """The multivariate log-gamma of dimension p: sum_i lgamma(x - i/2) + p(p-1)/4 log pi."""
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    if input._data.dtype.kind != "f":
        raise RuntimeError("mvlgamma is not implemented for integer dtypes")
    return apply(OPS["mvlgamma"], (input,), (int(p),))


def _kernel_check(name: str, a: Tensor, b: Tensor, kinds: str) -> None:
    """torch picks the kernel by the operands' common dtype (gcd of uint8 and bool is a
    uint8 gcd; nextafter of float32 and int16 a float32 one)."""
    dtype = result_type(a, b)
    if dtype.numpy.kind not in kinds:
        raise NotImplementedError(
            f"\"{name}_cpu\" not implemented for '{scalar_type_name(dtype)}'")


@public(inplace=True)
@shapes_first
def gcd(input: Tensor, other: Tensor) -> Tensor:
    """The greatest common divisor of integer tensors (always non-negative)."""
    history_first(input, other)  # (torch's autograd reads it before any check)
    check_shapes((input, other))
    _kernel_check("gcd", input, other, "iu")
    return apply(OPS["gcd"], (input, other))


@public(inplace=True)
@shapes_first
def lcm(input: Tensor, other: Tensor) -> Tensor:
    """The least common multiple of integer tensors (always non-negative)."""
    history_first(input, other)  # (torch's autograd reads it before any check)
    check_shapes((input, other))
    _kernel_check("lcm", input, other, "iu")
    return apply(OPS["lcm"], (input, other))


@public(inplace=True)
@shapes_first
@float_gradient_only
def nextafter(input: Tensor, other: Tensor) -> Tensor:
    """The next float after input in the direction of other."""
    check_shapes((input, other))
    _kernel_check("nextafter", input, other, "f")
    return apply(OPS["nextafter"], (input, other))


@public()
def frexp(input: Tensor):
    """(mantissa, exponent) with input = mantissa * 2**exponent and |mantissa| in [0.5, 1);
    the exponent is int32."""
    if input._data.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    exponent = apply(OPS["frexp_exponent"], (input,))
    mantissa = keep_versions(apply(OPS["frexp"], (input,), (exponent._data,)), exponent)
    return _FREXP((mantissa, exponent))


@public(inplace=False)  # (ldexp_ below: its own check comes first)
@shapes_first
def ldexp(input: Tensor, other: Tensor) -> Tensor:
    """input * 2**other; integers give the default float dtype."""
    if isinstance(input, Tensor) and isinstance(other, Tensor) and (
            input._data.dtype.kind == "f" and other._data.dtype.kind == "b"):
        # torch's float kernel takes no bool exponents (an integer input computes both
        # operands in the default float dtype, which it does take)
        check_shapes((input, other))
        raise NotImplementedError("\"ldexp_cpu_exp\" not implemented for 'Bool'")
    if (isinstance(input, Tensor) and isinstance(other, Tensor)
            and input._data.dtype.kind == "f" and other._data.dtype.kind in "iu"):
        shape = input._data.shape
        if input._data.size and other._data.shape != shape:
            result = np.broadcast_shapes(shape, other._data.shape)
            if result != shape:  # (torch's kernel writes into empty_like(input), resized)
                from .._out import _RESIZED  # (it imports the ops)

                warn(_RESIZED.format(list(shape), list(result)), UserWarning)
        exponent = other._data.astype(np.int64, copy=False).astype(np.int32)
        return apply(OPS["ldexp"], (input, other), (exponent,))
    return apply(OPS["ldexp"], (input, other))


def _ldexp_inplace(self: Tensor, other: Tensor) -> Tensor:
    """In place, torch refuses a self that is not floating before looking at shapes."""
    if self._data.dtype.kind != "f":
        raise RuntimeError(f"ldexp can't be cast to the desired output type "
                           f"{scalar_type_name(self._data.dtype)}")
    return call_inplace(ldexp, self, (other,), {})


def _float_power_inplace(self: Tensor, exponent) -> Tensor:
    """In place, the base must already be float64 (torch refuses to round the result)."""
    check_tensors_or_numbers("float_power_", exponent)
    if self._data.dtype != np.float64:
        word = scalar_type_name(self._data.dtype)
        raise RuntimeError(f"the base given to float_power_ has dtype {word} but the "
                           "operation's result requires dtype Double")
    return call_inplace(float_power, self, (exponent,), {})


@public(inplace=False)
def float_power(input, exponent) -> Tensor:
    """input ** exponent computed in float64 (the result is float64 whatever the inputs)."""
    from .. import _dtype

    check_tensors_or_numbers("float_power", input, exponent)
    double = _dtype.float64
    base = input.to(double) if isinstance(input, Tensor) else float(input)
    power = exponent.to(double) if isinstance(exponent, Tensor) else float(exponent)
    if not isinstance(base, Tensor):
        return base ** power
    return base.pow(power)


Tensor.float_power_ = _float_power_inplace
Tensor.ldexp_ = _ldexp_inplace


@public()
def isposinf(input: Tensor) -> Tensor:
    """Whether each element is +inf."""
    return apply(OPS["isposinf"], (input,))


@public()
def isneginf(input: Tensor) -> Tensor:
    """Whether each element is -inf."""
    return apply(OPS["isneginf"], (input,))


@public()
def isreal(input: Tensor) -> Tensor:
    """True everywhere: ember has no complex dtypes."""
    return apply(OPS["isreal"], (input,))


# functions only reachable as torch.special.* (no Tensor method in torch)
def special_i1(input: Tensor) -> Tensor:
    return apply(OPS["special_i1"], (input,))


def special_entr(input: Tensor) -> Tensor:
    return apply(OPS["special_entr"], (input,))


def special_xlog1py(input, other) -> Tensor:
    check_tensors_or_numbers("special_xlog1py", input, other)
    if not isinstance(input, Tensor):
        input = Tensor(np.asarray(input, other._data.dtype if other._data.dtype.kind == "f"
                                  else np.float32))
    return apply(OPS["special_xlog1py"], (input, other))


def special_log_ndtr(input: Tensor) -> Tensor:
    return apply(OPS["special_log_ndtr"], (input,))


def special_ndtri(input: Tensor) -> Tensor:
    return apply(OPS["special_ndtri"], (input,))
