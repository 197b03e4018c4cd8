"""Elementwise arithmetic: + - * / // % fmod ** and unary minus, with the operators and
reflected operators (`__radd__`, `__rsub__`, ...) torch gives them.

Each op's backward sits right under its forward. Gradients are returned in the output's
shape; the engine undoes broadcasting. Binary ops follow torch's type promotion.
One-input functions are in pointwise_unary, other functions of several tensors (where,
clamp, maximum, ...) in pointwise_binary, comparisons and logic in pointwise_logic.
"""

from __future__ import annotations

import cmath
import math

import numpy as np

from .._arguments import is_number, not_a
from .._dispatch import (
    apply,
    check_shapes,
    check_tensors_or_numbers,
    shapes_first,
    shapes_first_with,
)
from .._dtype import FLOAT as FLOAT_CATEGORY
from .._dtype import number_in_dtype, result_type, scalar_type_name
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._pointwise_common import (
    BOOL_NEGATION,
    BOOL_SUBTRACTION,
    HALF,
    check_number_or_tensor,
    fused_multiply_add,
    promoted_for_number,
)
from ._registry import (
    OPS,
    OUT,
    PROMOTE,
    PROMOTE_FLOAT,
    SAME,
    allow_complex,
    declare,
    public,
    recorded_as,
)
from ._registry import needs_grad as _needs
from ._torch_libm import body_and_tail
from .pointwise_unary import reciprocal  # number / tensor


def _check_integer_divisor(b, a) -> None:
    """Integer division by zero is an error in torch (float division gives inf or nan),
    unless nothing is divided (an empty dividend: the result is empty)."""
    dtype = getattr(b, "dtype", None)
    if dtype is not None and dtype.kind in "iu" and not np.all(b) and np.size(a):
        raise RuntimeError("ZeroDivisionError")


# ---------------------------------------------------------------------- arithmetic
# Where the forward is a NumPy ufunc as it is, the ufunc itself is declared: no Python
# frame stands between an op and NumPy on the hot path.
_add = declare("add", grad_fn="AddBackward0", dtype=PROMOTE, broadcasts=True,
               formula="d(a+b)/da = 1, d(a+b)/db = 1")(np.add)


def _complex_plus_scaled(sign):
    """self + sign * other for complex arrays as torch computes it: other times the complex
    alpha (1+0j or -1+0j) first, so an infinite part makes the other part nan (0 * inf)
    and zero parts take that product's signs. (A forward for complex values only: the fast
    paths take float tensors.)"""
    def forward(a, b):
        b = np.asarray(b)
        alpha = np.result_type(a, b).type(sign)
        return np.add(a, np.multiply(b, alpha))
    return forward


@_add.backward
def _(ctx, g):
    return g, g


@_add.tangent
def _(ctx, ta, tb):
    if (ta is None or tb is None) and _fw.records(ta, tb):
        # torch's self_t + other_t with a zero tensor for the absent one: an AddBackward0
        return (_fw.absent(ctx) if ta is None else ta) + (_fw.absent(ctx) if tb is None else tb)
    return _fw.tangent_sum(ta, tb)


_sub = declare("sub", grad_fn="SubBackward0", dtype=PROMOTE, broadcasts=True,
               formula="d(a-b)/da = 1, d(a-b)/db = -1")(np.subtract)


@_sub.backward
def _(ctx, g):
    return g, (-g if _needs(ctx, 1) else None)


@_sub.tangent
def _(ctx, ta, tb):
    if (ta is None or tb is None) and _fw.records(ta, tb):
        # torch's self_t - other_t, the absent one a zero tensor (see forward_ad.zero_term
        # for the signs): a SubBackward0
        return (_fw.absent(ctx) if ta is None else ta) - (_fw.absent(ctx, 0.0) if tb is None
                                                          else tb)
    return _fw.tangent_sum(ta, None if tb is None else -tb)


def _plus_scaled(x, other, alpha):
    """x + alpha * other: one rounding for floats (torch's fused kernel), exact for ints."""
    if isinstance(alpha, Tensor):  # (an optimizer's tensor lr: its value, not __array__)
        alpha = alpha._data.item()
    dtype = np.result_type(x, other)
    if dtype is HALF:
        return _half_plus_scaled(x, other, alpha)
    if dtype.kind == "c" or type(alpha) is complex:
        return np.add(x, np.multiply(alpha, other, dtype=dtype), dtype=dtype)
    if dtype.kind == "f":
        return fused_multiply_add(dtype.type(alpha), np.asarray(other, dtype), x)
    if dtype.kind == "b":
        return np.logical_or(x, np.logical_and(other, bool(alpha)))
    # Integers: modular arithmetic in the computation dtype, as torch (alpha was checked to
    # fit by the public function; as the dtype, -2 is 254 for uint8, which wraps alike).
    scale = np.array(alpha).astype(dtype)
    return np.add(x, np.multiply(scale, np.asarray(other, dtype)), dtype=dtype)


def _half_plus_scaled(x, other, alpha):
    """x + alpha * other in float16 as torch's kernel computes it: alpha (and a number
    `other`) rounded to float16, the product and the sum in float32, rounded to float16.
    (torch's last few elements, past its vectorised loop, round alpha * other to float16
    first: where that overflows, they are inf and ember's are finite.)"""
    f32 = np.float32
    scale = f32(np.float16(alpha))
    product = np.multiply(np.asarray(other, HALF), scale, dtype=f32)
    return np.add(np.asarray(x, HALF), product, dtype=f32).astype(HALF)


@declare("add_alpha", grad_fn="AddBackward0", dtype=PROMOTE, broadcasts=True,
         formula="d(a + alpha*b)/da = 1, d/db = alpha")
def _add_alpha(a, b, alpha):
    return _plus_scaled(a, b, alpha)


@_add_alpha.backward
def _(ctx, g):
    alpha = ctx.params[0]
    if not _needs(ctx, 1):
        return g, None
    return g, (g * alpha.conjugate() if type(alpha) is complex else xp.times_number(g, alpha))


@_add_alpha.tangent
def _(ctx, ta, tb):
    if ta is None and _fw.records(tb):  # torch's self_t + other_t * alpha (zero self_t)
        return _fw.absent(ctx) + tb * ctx.params[0]
    if tb is None and _fw.records(ta):
        return ta + _fw.absent(ctx)
    return _fw.tangent_sum(ta, None if tb is None else tb * ctx.params[0])


@declare("sub_alpha", grad_fn="SubBackward0", dtype=PROMOTE, broadcasts=True,
         formula="d(a - alpha*b)/da = 1, d/db = -alpha")
def _sub_alpha(a, b, alpha):
    return _plus_scaled(a, b, -alpha)


@_sub_alpha.backward
def _(ctx, g):
    # torch's (-g) * alpha on Tensors: the same values as g * -alpha, but for symbolic
    # zeros (ops/_symbolic_zero.py), which -g turns into plain -0s, as torch's negation
    if not _needs(ctx, 1):
        return g, None
    alpha = ctx.params[0]
    if type(alpha) is complex:
        return g, g * -alpha.conjugate()
    if xp.is_tensor(g) or g.dtype is HALF or type(g) is not np.ndarray:
        return g, xp.times_number(-g, alpha)  # (float16: computed in float32)
    return g, g * -alpha


@_sub_alpha.tangent
def _(ctx, ta, tb):
    if ta is None and _fw.records(tb):  # torch's self_t - other_t * alpha (zero self_t)
        return _fw.absent(ctx) - tb * ctx.params[0]
    if tb is None and _fw.records(ta):
        return ta - _fw.absent(ctx, 0.0)
    return _fw.tangent_sum(ta, None if tb is None else tb * -ctx.params[0])


@declare("rsub", grad_fn="RsubBackward1", dtype=PROMOTE, formula="d(c-x)/dx = -1")
def _rsub(x, c):
    # The public function has cast x to the dtype torch computes in; an integer c is taken
    # modulo an integer dtype's range, as torch wraps it (NumPy refuses out-of-range ints).
    if x.dtype.kind in "iu":
        c = np.array(c).astype(x.dtype)[()]
    elif x.dtype is HALF:
        c = np.float16(c)  # (NumPy 1 would compute 65520 - float16 in float32)
    return np.subtract(c, x)


@_rsub.backward
def _(ctx, g):
    return -g, None


_rsub.tangent(lambda ctx, t: -t)


_mul = declare("mul", grad_fn="MulBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)},
               dtype=PROMOTE, broadcasts=True, number_in_float32=True,
               formula="d(a*b)/da = b, d(a*b)/db = a")(np.multiply)


@_mul.backward
def _(ctx, g):
    a, b = ctx.saved
    # (complex values: torch's g * conj(other); the conj of a real value is itself)
    if not _needs(ctx, 1):
        # (b may be a number: float16 rounds as torch)
        return xp.times_conj_operand(g, b), None
    # (the second is g's last use: times may write into it)
    return (xp.times_conj_operand(g, b, last_use=False) if _needs(ctx, 0) else None), \
        xp.times_conj_operand(g, a)


_mul.tangent(_fw.multilinear)


_div = declare("div", grad_fn="DivBackward0", saves=(0, 1), save_if={0: (1,)},
               dtype=PROMOTE_FLOAT, broadcasts=True, number_in_float32=True,
               formula="d(a/b)/da = 1/b, d(a/b)/db = -a/b^2")(np.true_divide)


@_div.backward
def _(ctx, g):
    a, b = ctx.saved
    if xp.is_complex(a) or xp.is_complex(b):  # torch's g / conj(b), -g * conj(a / b / b)
        grad_a = g / xp.conj(b) if _needs(ctx, 0) else None
        return grad_a, (-g * xp.conj(a / b / b) if _needs(ctx, 1) else None)
    grad_a = xp.over_operand(g, b) if _needs(ctx, 0) else None
    # torch's order, (a / b) / b: a / (b * b) rounds differently in a third of the cases
    # (a float16 a over a 0-d divisor of another dtype: each quotient in float32, rounded
    # to float16, as the forward)
    grad_b = -g * xp.over_operand(xp.over_operand(a, b), b) if _needs(ctx, 1) else None
    return grad_a, grad_b


@_div.tangent
def _(ctx, ta, tb):
    # torch's (self_t - other_t * result) / other, an absent tangent a zero tensor
    b, out = ctx.inputs[1], ctx.output
    if ta is None:
        return -tb * out / b
    if tb is None:
        if _fw.records(ta, out, b):  # the zero other_t * result is recorded
            return (ta - _fw.zero_term(_fw.zeros_for(b) * out, 0.0)) / b
        return ta / b
    return (ta - tb * out) / b


# torch's DivBackward2 keeps the divisor (a number as a wrapped tensor) whatever requires
# grad, though its gradient is 0: writing the divisor in place, or a second backward, makes
# the backward refuse (its formula unpacks it). The dividend is kept only for the divisor's
# gradient, so `a.div_(b, rounding_mode=...)` on integers that require grad is recorded.
@declare("div_floor", grad_fn="DivBackward2", dtype=PROMOTE, broadcasts=True, saves=(0, 1),
         save_if={0: (1,)}, number_in_float32=True, formula="d floor(a/b) = 0")
def _div_floor(a, b):
    _check_integer_divisor(b, a)
    return np.floor_divide(a, b)


@_div_floor.backward
def _(ctx, g):
    _ = ctx.saved  # (unpacked: torch's checks on the divisor)
    # zeros, not g * 0: an inf or nan upstream gradient still gives 0, as in torch
    return xp.zeros_like(g), xp.zeros_like(g)


_div_floor.tangent(_fw.zero)


@declare("div_trunc", grad_fn="DivBackward2", dtype=PROMOTE, broadcasts=True, saves=(0, 1),
         save_if={0: (1,)}, number_in_float32=True, formula="d trunc(a/b) = 0")
def _div_trunc(a, b):
    _check_integer_divisor(b, a)
    if np.result_type(a, b).kind in "iu":
        # Exact for every integer (a float quotient would round beyond 2**53): floor, then
        # step toward zero where the division was inexact and the signs differ.
        q = np.floor_divide(a, b)
        return q + ((np.remainder(a, b) != 0) & ((np.asarray(a) < 0) != (np.asarray(b) < 0)))
    return np.trunc(np.true_divide(a, b))


@_div_trunc.backward
def _(ctx, g):
    _ = ctx.saved  # (unpacked: torch's checks on the divisor, as div_floor's)
    return xp.zeros_like(g), xp.zeros_like(g)


_div_trunc.tangent(_fw.zero)


@declare("floor_divide", dtype=PROMOTE, broadcasts=True, grad_not_implemented="aten::floor_divide",
         number_in_float32=True)
def _floor_divide(a, b):
    _check_integer_divisor(b, a)
    return np.floor_divide(a, b)


@declare("remainder", grad_fn="RemainderBackward1", saves=(0, 1), save_if={0: (1,), 1: (1,)},
         dtype=PROMOTE,
         broadcasts=True, formula="d(a mod b)/da = 1, d(a mod b)/db = -floor(a/b)")
def _remainder(a, b):
    _check_integer_divisor(b, a)
    return _torch_remainder(a, b)


def _torch_remainder(a, b):
    """Python's modulus as torch computes it for floats: fmod, then b added where the signs
    differ, so a zero result keeps fmod's sign (NumPy gives zero the divisor's sign)."""
    if np.result_type(a, b).kind != "f":
        return np.remainder(a, b)
    mod = np.fmod(a, b)
    shift = (mod != 0) & ((np.asarray(b) < 0) != (mod < 0))
    return np.where(shift, mod + b, mod) if shift.any() else mod


def _in_dtype_of(g, a, b) -> tuple:
    """The saved operands of a promoting op in the dtype torch's formula computes them in,
    their promotion (as the Tensor path promotes), for a formula on arrays: NumPy would
    divide an int64 by a float32 in float64 (5 / 0.2 is 24.99... there, 25 in float32).
    That is the result's dtype (g's), except for an in-place op into a narrower tensor (a
    0-d float16 fmod_ by a 0-d float32 computes, and differentiates, in float32)."""
    if xp.is_tensor(g) or a is None or b is None:  # (None: b's gradient is not wanted)
        return a, b
    like = g.dtype
    if a.dtype != b.dtype:
        like = result_type(Tensor(a), Tensor(b)).numpy
    return (a if a.dtype == like else a.astype(like),
            b if b.dtype == like else b.astype(like))


@_remainder.backward
def _(ctx, g):
    a, b = _in_dtype_of(g, *ctx.saved)
    # torch's floor division (Python's: 1 // 0.1 is 9), one op whose derivative is zero, so
    # the second derivative at b = 0 is 0, not the nan of floor(a / b)'s chain
    return g, (-g * xp.op("div_floor", (a, b)) if _needs(ctx, 1) else None)


@_remainder.tangent
def _(ctx, ta, tb):
    a, b = ctx.inputs
    return _fw.tangent_sum(ta, None if tb is None else -tb * apply(OPS["div_floor"], (a, b)))


@declare("remainder_scalar", grad_fn="RemainderBackward0", dtype=PROMOTE,
         formula="d(a mod c)/da = 1")
def _remainder_scalar(a, c):
    _check_integer_divisor(c, a)
    return _torch_remainder(a, c)


@_remainder_scalar.backward
def _(ctx, g):
    return g, None


_remainder_scalar.tangent(lambda ctx, ta, tc: ta)


# (a and b are kept only for b's gradient, as torch: a later in-place write into an integer
# divisor that needs no gradient does not spoil a's)
@declare("fmod", grad_fn="FmodBackward1", saves=(0, 1), save_if={0: (1,), 1: (1,)},
         dtype=PROMOTE, broadcasts=True,
         formula="d fmod(a,b)/da = 1, d fmod(a,b)/db = -trunc(a/b)")
def _fmod(a, b):
    _check_integer_divisor(b, a)
    return np.fmod(a, b)


@_fmod.backward
def _(ctx, g):
    a, b = _in_dtype_of(g, *ctx.saved)
    return g, (-g * xp.op("div_trunc", (a, b)) if _needs(ctx, 1) else None)  # as remainder's


@_fmod.tangent
def _(ctx, ta, tb):
    a, b = ctx.inputs
    return _fw.tangent_sum(ta, None if tb is None else -tb * apply(OPS["div_trunc"], (a, b)))


@declare("fmod_scalar", grad_fn="FmodBackward0", dtype=PROMOTE, formula="d fmod(a,c)/da = 1")
def _fmod_scalar(a, c):
    _check_integer_divisor(c, a)
    return np.fmod(a, c)


@_fmod_scalar.backward
def _(ctx, g):
    return g, None


_fmod_scalar.tangent(lambda ctx, ta, tc: ta)


@declare("pow", grad_fn="PowBackward0", saves=(0,), dtype=PROMOTE,
         formula="d(x^p)/dx = p*x^(p-1)")
def _pow_scalar(x, exponent):
    if x.dtype == np.bool_:  # bool ** bool stays bool in torch (NumPy gives int8)
        return np.logical_or(x, not exponent)
    if x.dtype.kind == "f" and x.dtype.itemsize < 8 and exponent in _POWER_SHORTCUTS:
        if x.dtype.itemsize == 2:  # float16 computes in float32, rounded once at the end
            return _POWER_SHORTCUTS[exponent](x.astype(np.float32)).astype(x.dtype)
        return _POWER_SHORTCUTS[exponent](x)
    if x.dtype is HALF:
        # torch's float16 kernel takes the exponent as a float16 (made from a float); so
        # does NumPy 2 with a Python number, NumPy 1 would widen to float32 for 65504.0
        with np.errstate(over="ignore"):  # (inf stays inf; larger ones are refused before)
            exponent = np.float16(np.float32(exponent))
    elif x.dtype == np.float32 and _through_double(exponent):
        with np.errstate(over="ignore", under="ignore"):
            return _float32_power(x, float(exponent))
    return np.power(x, exponent)


def _float32_power(x: np.ndarray, exponent: float) -> np.ndarray:
    """float32 x to a number's power as torch's kernel computes it. Its scalar loop (the
    tail of each thread's range: the last n % 16 values, and strided inputs) computes in
    double, rounded once; NumPy's float32 pow differs in the last bit in about a fifth of
    the values there, and its exponent rounded to float32 would make x ** 2147483647 an
    even power. Its vectorised body is SLEEF's powf, which takes the exponent rounded to
    float32: x ** 2.2 differed from torch's in 48% of the body's values while ember took
    the double exponent there too, 1.7% now (SLEEF's powf is within an ulp, not always
    the correctly rounded value; the tutorials' x ** 4 differs in those 1.7%)."""
    def power(part: np.ndarray, p: float) -> np.ndarray:
        return np.power(part.astype(np.float64), p).astype(np.float32)

    narrowed = float(np.float32(exponent))
    if narrowed == exponent or x.ndim == 0:
        return power(x, exponent)
    return body_and_tail(x, lambda part: power(part, narrowed),
                         lambda part: power(part, exponent), rows=True)


# exponents whose float32 power NumPy computes exactly as torch (by a square, a square
# root, a reciprocal, or no arithmetic at all)
_EXACT_IN_FLOAT32 = (0.0, 1.0, 2.0, 0.5, -1.0)


def _through_double(exponent) -> bool:
    """Whether a float32 power by this number is computed in double: a Python number, or
    the 0-d float32 array the fast path keeps for one, other than the exact ones."""
    if type(exponent) not in (int, float, np.ndarray):
        return False
    return float(exponent) not in _EXACT_IN_FLOAT32


def _power(x, exponent):
    """x ** exponent for a formula: an array as the forward computes it, or ember's pow."""
    return x ** exponent if xp.is_tensor(x) else _pow_scalar.forward(x, exponent)


# torch's float32 kernel computes these exponents with products and reciprocals (rounding
# after each step), not with pow; NumPy's pow differs from them in the last bit. (float64
# uses pow in torch too.)
_POWER_SHORTCUTS = {
    3: lambda x: x * x * x,
    -2: lambda x: np.reciprocal(x * x),
    -0.5: lambda x: np.reciprocal(np.sqrt(x)),
}


@_pow_scalar.backward
def _(ctx, g):
    (x,) = ctx.saved
    p = ctx.params[0]
    if p == 0 and type(p) is not bool:
        # torch's zeros: an inf gradient does not become nan (its check exponent.equal(0.0)
        # is false for the bool False, which takes the formula: MulBackward0, nan at 0)
        return (xp.zeros_like(g),)
    # torch's order, g * (p * x^(p-1)): (g * p) * x^(p-1) rounds differently in a third of
    # the cases, and 2 * x may overflow where g * 2 does not (the nan of erf'' at huge x);
    # p * x^(p-1) is torch's product by a Scalar (float16 in float32, rounded once);
    # complex: its conjugate (the conj of a real value is itself)
    return (g * xp.conj(_times_exponent(_power(x, p - 1), p)),)


def _times_exponent(power, p):
    """p * power as torch's pow formulas compute it: a product by a Scalar for a float power
    (an integer one, of an integer input's tangent, is NumPy's or ember's product)."""
    if xp.numpy_dtype(power).kind in "fc" and type(p) is not complex:
        return xp.times_scalar(power, p)
    return p * power


@_pow_scalar.tangent
def _(ctx, t):
    p = ctx.params[0]
    if p == 0 and type(p) is not bool:  # (as backward)
        return ctx.zeros()
    # (torch's order, as backward; a tangent takes the derivative itself, not its conj)
    return t * _times_exponent(_power(ctx.inputs[0], p - 1), p)


@declare("pow_tensor", grad_fn="PowBackward1", saves=(0, 1, OUT), dtype=PROMOTE,
         broadcasts=True, formula="d(a^b)/da = b*a^(b-1), d(a^b)/db = a^b*log(a)")
def _pow_tensor(a, b):
    if b.dtype.kind == "i" and a.dtype.kind in "iu":
        return integer_power(a, b)
    return c_power(a, b)


def c_power(a, b):
    """a ** b with C's pow at a base of -inf, as torch's power of two tensors: +inf for a
    positive exponent that is no integer, +0 for a negative one, where NumPy's power gives
    nan (a number exponent keeps NumPy's: torch's own kernel gives nan there too)."""
    out = np.power(a, b)
    if type(out) is np.ndarray and out.dtype.kind == "f" and out.size:
        base = np.asarray(a)
        if base.dtype.kind == "f" and np.isneginf(base).any():
            exponent = np.asarray(b)
            fix = np.isneginf(base) & np.isnan(out) & np.isfinite(exponent)
            if fix.any():
                fixed = np.where(exponent > 0, np.inf, 0.0).astype(out.dtype)
                out = np.where(fix, fixed, out)
    return out


def complex_power(a, b):
    """a ** b for complex arrays as torch computes it: C's cpow, exp(b log a), which NumPy's
    power calls too, except where NumPy takes shortcuts: at a base of 0, inf or nan (0 **
    -1.5 is inf+nanj in torch, nan+nanj in NumPy; nan ** 0 is nan, not 1). (NumPy's
    products for integer exponents differ from cpow in the last bit only.)"""
    out = np.power(a, b)
    base = np.asarray(a)
    odd = (base == 0) | ~np.isfinite(base)
    if odd.any():
        exponent = np.asarray(b)
        with np.errstate(all="ignore"):
            out = np.where(odd, np.exp(exponent * np.log(base)), out)
    return out


_pow_tensor.complex_forward = complex_power


def _complex_scalar_power(x, exponent):
    """A complex tensor to a number's power as torch's kernel computes it: its shortcuts
    for the exponents 0.5 (sqrt), 2 and 3 (products), -0.5, -1 and -2 (reciprocals, by
    torch's complex division), 1 (a copy) and 0 (ones); C's cpow for others (NumPy's power
    but at a base of 0, inf or nan: complex_power)."""
    if type(exponent) is not complex:
        shortcut = _COMPLEX_SHORTCUTS.get(exponent)
        if shortcut is not None and type(exponent) is not bool:
            return shortcut(x)
    return complex_power(x, np.asarray(exponent, x.dtype))


def _complex_reciprocal(z):
    from .pointwise_unary import _complex_reciprocal as reciprocal  # (imports this module)
    return reciprocal(z)


_COMPLEX_SHORTCUTS = {
    0: lambda x: np.ones_like(x), 1: lambda x: x.copy(), 2: lambda x: x * x,
    3: lambda x: x * x * x, 0.5: np.sqrt, -0.5: lambda x: _complex_reciprocal(np.sqrt(x)),
    -1: lambda x: _complex_reciprocal(x), -2: lambda x: _complex_reciprocal(x * x),
}
_pow_scalar.complex_forward = _complex_scalar_power


def _promoted_dtype(a, b) -> np.dtype:
    """torch's result dtype of an op on a and b (arrays or Tensors)."""
    return result_type(*(x if xp.is_tensor(x) else Tensor(np.asarray(x)) for x in (a, b))).numpy


def integer_power(base, exponent):
    """base ** exponent in an integer dtype, where torch allows negative exponents (NumPy
    refuses them): 1 / base ** -e truncated, so 1 for a base of 1, +-1 for -1, else 0."""
    negative = exponent < 0
    if not negative.any():
        return np.power(base, exponent)
    result = np.power(base, np.where(negative, 0, exponent))
    small = np.where(base == -1, np.where(exponent % 2 == 0, 1, -1), np.where(base == 1, 1, 0))
    return np.where(negative, small.astype(result.dtype), result)


@_pow_tensor.backward
def _(ctx, g):
    a, b, out = ctx.saved
    if _needs(ctx, 0) and xp.numpy_value(b).dtype == np.bool_:
        raise RuntimeError(BOOL_SUBTRACTION)  # (torch's formula computes exponent - 1)
    # torch selects 0 where the exponent is 0 (so an inf gradient or 0 ** -1 gives 0).
    # (g * (b * a^(b-1)): torch's order, so an inf g meets b * a^(b-1) = 0 as nan, as torch)
    complex_case = xp.is_complex(out)
    grad_a = None
    if _needs(ctx, 0):
        derivative = _exponent_times_power(a, b, out)
        grad_a = xp.where(b == 0, 0.0, g * (xp.conj(derivative) if complex_case
                                            else derivative))
    grad_b = None
    if _needs(ctx, 1):
        # torch's convention: at a == 0 with b >= 0 the b-derivative is 0, not nan; torch
        # multiplies g by it (an inf gradient gives nan there), as here. (A complex b
        # counts as >= 0 only when real.)
        zero_base = (a == 0) & _at_least_zero(b)
        # the base's log in the dtype a ** b has (an integer base's too: NumPy's log of
        # int8/uint8 is float16), as torch's formula casts it, also where an in-place
        # power saved its result cast to the target's dtype (f16.pow_(f64))
        log_a = xp.log(xp.astype(a, _promoted_dtype(a, b)))
        derivative = xp.where(zero_base, 0.0, out * log_a)
        grad_b = g * (xp.conj(derivative) if complex_case else derivative)
    return grad_a, grad_b


def _at_least_zero(b):
    """b >= 0; for complex values, a real part >= 0 and no imaginary part (torch's test)."""
    if not xp.is_complex(b):
        return b >= 0
    return (xp.real(b) >= 0) & (xp.imag(b) == 0)


def _holomorphic_diagonal(ctx, *tangents):
    """An elementwise op's rule, the backward formula applied to the tangent; for a complex
    result, whose backward passes g * conj(f'), conj(backward(conj(t))) = f' t."""
    if not ctx.output.is_complex():
        return _fw.diagonal(ctx, *tangents)
    tangents = tuple(None if t is None else xp.conj(t) for t in tangents)
    return xp.conj(_fw.diagonal(ctx, *tangents))


# An elementwise op: the backward formula applied to the tangent (same convention at a == 0).
_pow_tensor.tangent(_holomorphic_diagonal)


def _exponent_times_power(a, b, out):
    """b * a^(b-1) as torch's pow_backward_self: b - 1 in b's own dtype (an integer one
    wraps at its minimum), then a float op casts each integer operand to the result's
    dtype: int64 -2**63 + 1 is -inf in float16, and -inf * a^(-inf) is nan where a^(b-1)
    is 0 (NumPy would have promoted int64 with float16 to float64: -9.2e18 * 0 = -0)."""
    exponent = xp.numpy_value(b)
    dtype = xp.numpy_dtype(out)
    if xp.is_tensor(a):
        # (under create_graph the ops cast as torch's: b - 1 stays an integer tensor, so
        # the second derivative's b - 2 wraps too)
        return b * a ** (b - 1)
    if exponent.dtype.kind not in "iu" or dtype.kind != "f":
        return b * c_power(a, b - 1)
    with np.errstate(over="ignore"):
        less = xp.constant(np.asarray(exponent - 1).astype(dtype), like=a)
        exponent = xp.constant(exponent.astype(dtype), like=a)
    return exponent * c_power(a, less)


# (torch keeps the exponent too: writing it in place makes the backward refuse)
@declare("rpow", grad_fn="PowBackward2", saves=(0, OUT), dtype=PROMOTE,
         formula="d(c^x)/dx = c^x*log(c)")
def _rpow(x, base):
    if x.dtype.kind in "iu":  # an integer base wraps into the dtype, as torch's
        base = np.array(base).astype(x.dtype)[()]
        if x.dtype.kind == "i":
            return integer_power(base, x)
    elif x.dtype.itemsize >= 4 and (x.dtype.kind == "c" or not isinstance(base, complex)):
        # the base rounded to x's dtype first, as torch's kernel and NumPy 2's weak scalars
        # take it (NumPy 1 would compute a 0-d x in float64 and round the power)
        with np.errstate(over="ignore"):
            base = x.dtype.type(base)
    return np.power(base, x)


@_rpow.backward
def _(ctx, g):
    _, out = ctx.saved
    base = ctx.params[0]
    if xp.is_complex(out):
        # g * conj(out * log(base)), 0 where base is 0 and x is real and >= 0 (torch's)
        derivative = out * cmath.log(base) if base != 0 else xp.where(
            _at_least_zero(ctx.saved[0]), 0.0, out * complex(-math.inf, 0.0))
        return (g * xp.conj(derivative),)
    if base == 0:
        # torch: out * log(0) (= -inf where x < 0, i.e. out is inf), masked to 0 where
        # x >= 0 (out is 0 or 1); a nan x stays nan.
        return (g * xp.where(out <= 1, 0.0, out * -math.inf),)
    # A negative base has no real logarithm: the gradient is nan, as in torch. torch's
    # order, g * (out * log(base)), the second a product by a Scalar (float16 in float32)
    return (g * xp.times_scalar(out, math.log(base) if base > 0 else math.nan),)


_rpow.tangent(_holomorphic_diagonal)


# Unary minus, the `-x` operator.
_neg = declare("neg", grad_fn="NegBackward0", dtype=SAME, formula="d(-x)/dx = -1")(np.negative)
_neg.backward(lambda ctx, g: (-g,))
_neg.tangent(lambda ctx, t: -t)


# ====================================================================== public API
def _check_alpha_type(function: str, alpha) -> None:
    """torch's TypeError for an alpha its parser does not read as a Number (a str, None, a
    tensor with dims), before `alpha != 1` would ask such a tensor for its truth value."""
    if not is_number(alpha):
        raise not_a("Number", function, "alpha", None, alpha)


def _check_alpha(input, other, alpha, sign: int = 1) -> None:
    """torch refuses a float alpha when the sum is computed in an integer or bool dtype, and
    one float16 cannot hold (it converts alpha to float16, checking); a complex alpha unless
    the sum is complex."""
    if isinstance(alpha, (complex, np.complexfloating)):
        if not result_type(input, other).is_complex:
            raise RuntimeError("For non-complex input tensors, argument alpha must not be a "
                               "complex number.")
        return
    if isinstance(input, Tensor) and input._data.dtype.kind == "f":
        if input._data.dtype is HALF and result_type(input, other).numpy is HALF:
            _check_half_alpha(alpha)
        return
    dtype = result_type(input, other)
    if dtype.category >= FLOAT_CATEGORY:  # (a complex sum takes any alpha)
        return
    if isinstance(alpha, float):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")
    if dtype.numpy.kind in "iu" and isinstance(alpha, (int, np.integer)):
        # torch converts alpha (sub: -alpha) to the computation dtype and refuses values
        # that do not fit; an unsigned dtype also takes the negatives of its values.
        info = np.iinfo(dtype.numpy)
        low = -int(info.max) if info.min == 0 else int(info.min)
        value = (int(alpha) * sign + 2**63) % 2**64 - 2**63  # torch negates in int64
        if not low <= value <= int(info.max):
            raise RuntimeError(f"value cannot be converted to type {_C_TYPE_NAMES[dtype.name]} "
                               "without overflow")


def _check_half_alpha(alpha) -> None:
    """torch's refusal of an alpha beyond float16's finite range (inf and nan pass)."""
    if isinstance(alpha, (int, float, np.number)) and not isinstance(alpha, bool) and (
            math.isfinite(alpha) and abs(alpha) > float(np.finfo(np.float16).max)):
        raise RuntimeError("value cannot be converted to type c10::Half without overflow")


_add.complex_forward = _complex_plus_scaled(1)
_sub.complex_forward = _complex_plus_scaled(-1)
# (number - tensor: torch's other - alpha * self, the tensor times -1+0j)
_rsub.complex_forward = lambda x, c: np.add(c, np.multiply(x, x.dtype.type(-1)))

_C_TYPE_NAMES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int",
                 "int64": "int64_t"}


@public(inplace=True, operators=("__add__", "__radd__"), ufunc_op=_add, alpha_sign=1)
def add(input: Tensor, other, *, alpha=1) -> Tensor:
    """input + alpha * other, broadcasting."""
    check_number_or_tensor(other, "other")
    if type(alpha) is not int and type(alpha) is not float:
        _check_alpha_type("add", alpha)
    if alpha != 1:
        # (a number first, torch.add(2.5, x, alpha=3), computes in the result's dtype, as sub)
        _check_alpha(input, other, alpha)
        return apply(_add_alpha, (input, other), (alpha,))
    if not isinstance(input, Tensor):
        input, other = other, input
    return apply(_add, (input, other))


_BOOL_SUBTRACTION = BOOL_SUBTRACTION


def _is_bool(value) -> bool:
    """A bool tensor or a Python bool: torch refuses to subtract either. (NumPy's bool is a
    double to torch's parser.)"""
    if isinstance(value, Tensor):
        return value._data.dtype.kind == "b"
    return isinstance(value, bool)


@public(inplace=True, operators=("__sub__",), ufunc_op=_sub, alpha_sign=-1)
def sub(input: Tensor, other, *, alpha=1) -> Tensor:
    """input - alpha * other, broadcasting; `input` may be a number (torch.sub(1.5, x))."""
    check_number_or_tensor(other, "other")
    if type(alpha) is not int and type(alpha) is not float:
        _check_alpha_type("sub", alpha)
    if not (isinstance(input, Tensor) and input._data.dtype.kind == "f" and (
            type(other) is float or type(other) is int)) and (
            _is_bool(input) or _is_bool(other)):
        if _is_bool(input) and _is_bool(other):
            raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                               "supported. Use the `^` or `logical_xor()` operator instead.")
        raise RuntimeError(_BOOL_SUBTRACTION)
    if not isinstance(input, Tensor):
        check_number_or_tensor(input, "input")
        if not isinstance(other, Tensor):
            raise TypeError(f"sub(): expected a Tensor as input or other, got "
                            f"{type(input).__name__} and {type(other).__name__}")
    if alpha != 1:
        _check_alpha(input, other, alpha, -1)
        return apply(_sub_alpha, (input, other), (alpha,))
    return apply(_sub, (input, other))


subtract = public(name="subtract", inplace=True, ufunc_op=_sub, alpha_sign=-1)(sub)


@public(name="rsub", method="__rsub__")
def rsub(input: Tensor, other, *, alpha=1) -> Tensor:
    """other - alpha * input (the reflected subtraction, `number - tensor`)."""
    if (type(other) is float or type(other) is int) and alpha == 1 and (
            input._data.dtype.kind == "f"):
        return apply(OPS["rsub"], (input,), (other,))  # the common `1 - x`: nothing to cast
    if isinstance(other, Tensor) or alpha != 1:
        return sub(other, input, alpha=alpha)
    check_number_or_tensor(other, "other")
    if isinstance(other, (np.integer, np.floating)):
        # torch's parser reads a NumPy number as a Python one (`np.float64(1.5) - x` stays
        # float32); NumPy would keep the scalar's own dtype in the subtraction
        other = other.item()
    if _is_bool(input) or _is_bool(other):
        return sub(other, input)  # raises torch's error
    # The number is a parameter, so the dispatcher's promotion does not see it: cast the
    # tensor to the dtype torch computes in (1.0 - int_tensor is the default float dtype).
    return apply(OPS["rsub"], (promoted_for_number(input, other),), (other,))


@public(inplace=True, operators=("__mul__", "__rmul__"), ufunc_op=_mul)
def mul(input: Tensor, other) -> Tensor:
    """input * other, broadcasting."""
    check_number_or_tensor(other, "other")
    if not isinstance(input, Tensor):
        input, other = other, input
    return apply(_mul, (input, other))


multiply = public(name="multiply", inplace=True, ufunc_op=_mul)(mul)


class _NoMode:
    """div's rounding_mode when not given (given as None, torch records another node);
    shown as None in signatures."""

    def __repr__(self) -> str:
        return "None"


_NO_MODE = _NoMode()


@public(inplace=True, operators=("__truediv__",), ufunc_op=_div)
@shapes_first_with("rounding_mode")
def div(input: Tensor, other, *, rounding_mode: str | None = _NO_MODE) -> Tensor:
    """input / other; `rounding_mode` "trunc" or "floor" rounds the quotient."""
    check_number_or_tensor(other, "other")
    if rounding_mode is _NO_MODE:
        return apply(_div, (input, other))
    if rounding_mode is None:  # (torch's div with a mode, even None: DivBackward2)
        return recorded_as(apply(_div, (input, other)), "DivBackward2")
    if rounding_mode == "floor":
        _refuse_bool("div_floor_cpu", input, other)
        return apply(OPS["div_floor"], (input, other))
    if rounding_mode == "trunc":
        _refuse_bool("div_trunc_cpu", input, other)
        return apply(OPS["div_trunc"], (input, other))
    raise ValueError(
        "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
        f"'{rounding_mode}'"
    )


divide = public(name="divide", inplace=True, ufunc_op=_div)(div)
true_divide = public(name="true_divide", inplace=True, ufunc_op=_div)(div)


@public(method="__rtruediv__", function=False)
def _rtruediv(input: Tensor, other) -> Tensor:
    if isinstance(other, Tensor):
        return div(other, input)
    return reciprocal(input) * other


def _refuse_bool(kernel: str, a, b) -> None:
    """torch has no bool kernel for //, % and fmod: NotImplementedError when both operands
    make the computation bool (after the shapes, which torch's TensorIterator checks first);
    nor a complex one."""
    if _is_bool(a) and _is_bool(b):
        check_shapes((a, b))
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    refuse_complex_kernel(kernel, a, b)


def refuse_complex_kernel(kernel: str, *operands) -> None:
    """torch's NotImplementedError of a kernel without complex loops, for operands whose
    computation is complex."""
    if any(isinstance(x, (complex, np.complexfloating)) or (
            isinstance(x, Tensor) and x._data.dtype.kind == "c") for x in operands):
        dtype = result_type(*operands)
        if dtype.is_complex:
            check_shapes(operands)
            raise NotImplementedError(
                f"\"{kernel}\" not implemented for '{scalar_type_name(dtype.name)}'")


@public(inplace=True, operators=("__floordiv__",))
@shapes_first
def floor_divide(input: Tensor, other) -> Tensor:
    """input // other, rounding toward minus infinity."""
    check_tensors_or_numbers("floor_divide", input, other)
    _refuse_bool("div_floor_cpu", input, other)
    return apply(OPS["floor_divide"], (input, other))


@public(method="__rfloordiv__", function=False)
def _rfloordiv(input: Tensor, other) -> Tensor:
    check_tensors_or_numbers("floor_divide", other, input)
    _refuse_bool("div_floor_cpu", input, other)
    return apply(OPS["floor_divide"], (other, input))


@public(inplace=True, operators=("__mod__",))
@shapes_first
def remainder(input: Tensor, other) -> Tensor:
    """Python's modulus: the result has the sign of `other`."""
    check_tensors_or_numbers("remainder", input, other)
    _refuse_bool("remainder_cpu", input, other)
    if not isinstance(input, Tensor):  # torch.remainder(3, x) is 3 % x
        return _rmod(other, input)
    if not isinstance(other, Tensor):
        return apply(OPS["remainder_scalar"], (input, other))
    return apply(OPS["remainder"], (input, other))


# torch has no derivative for a number % tensor: its node is NotImplemented, whose backward
# raises "derivative for aten::remainder is not implemented"
@declare("remainder_scalar_self", dtype=PROMOTE, broadcasts=True,
         grad_not_implemented="aten::remainder")
def _remainder_scalar_self(a, b):
    return _remainder.forward(a, b)


@public(method="__rmod__", function=False)
def _rmod(input: Tensor, other) -> Tensor:
    check_tensors_or_numbers("remainder", other, input)
    _refuse_bool("remainder_cpu", input, other)
    return apply(OPS["remainder_scalar_self"], (other, input))


@public(inplace=True)
@shapes_first
def fmod(input: Tensor, other) -> Tensor:
    """C's fmod: the result has the sign of `input`."""
    if not isinstance(input, Tensor):
        raise TypeError(
            f"fmod() received an invalid combination of arguments - got "
            f"({type(input).__name__}, {type(other).__name__}), but expected one of:\n"
            " * (Tensor input, Tensor other, *, Tensor out = None)\n"
            " * (Tensor input, Number other, *, Tensor out = None)\n")
    check_tensors_or_numbers("fmod", input, other)
    _refuse_bool("fmod_cpu", input, other)
    if not isinstance(other, Tensor):
        return apply(OPS["fmod_scalar"], (input, other))
    return apply(OPS["fmod"], (input, other))


@public(inplace=True, operators=("__pow__",))
@shapes_first
def pow(input, exponent) -> Tensor:
    """input ** exponent, with tensors or numbers on either side."""
    if not isinstance(input, Tensor):
        if not isinstance(exponent, Tensor):  # (pow(2, None): torch's TypeError)
            check_number_or_tensor(input, "input")
            raise TypeError(f"pow(): argument 'exponent' (position 2) must be Tensor, not "
                            f"{type(exponent).__name__}")
        return _rpow_method(exponent, input)
    if isinstance(exponent, Tensor):
        if _is_bool(input) and _is_bool(exponent):
            check_shapes((input, exponent))
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        return apply(OPS["pow_tensor"], (input, exponent))
    check_number_or_tensor(exponent, "exponent")
    if isinstance(exponent, (np.integer, np.floating)):
        exponent = exponent.item()  # (a Python number to torch's parser, as in rsub)
    integer_exponent = isinstance(exponent, int) and not isinstance(exponent, bool)
    if integer_exponent:
        _check_scalar_int(exponent)
    if input._data.dtype.kind in "biu" and isinstance(exponent, int) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    input = promoted_for_number(input, exponent)
    if integer_exponent and input._data.dtype.kind in "iu":
        # torch's integer kernel converts the exponent to the tensor's dtype (int8 ** 300 is
        # refused, not wrapped; 2**63 and above is beyond its int64 Scalar first)
        if exponent > 2**63 - 1:
            raise RuntimeError("value cannot be converted to type int64_t without overflow")
        number_in_dtype(exponent, input._data.dtype)
    if input._data.dtype is HALF:
        # torch's float16 kernel converts the exponent to float16 and refuses a number
        # beyond its range (even for a tensor without elements)
        number_in_dtype(exponent, HALF)
    return apply(OPS["pow"], (input,), (exponent,))


def _check_scalar_int(value: int) -> None:
    """torch's OverflowError for a Python integer no Scalar holds (beyond uint64 upwards,
    int64 downwards)."""
    if value > 2**64 - 1:
        raise OverflowError("int too big to convert")
    if value < -2**63:
        raise OverflowError("can't convert negative int to unsigned")


@public(method="__rpow__", function=False)
def _rpow_method(input: Tensor, other) -> Tensor:
    if isinstance(other, Tensor):
        return pow(other, input)
    check_number_or_tensor(other, "base")
    if isinstance(other, np.generic):
        # torch reads a NumPy number as the Python number (np.float64(2) ** float32 is
        # float32), where NumPy's own float64 scalar would make the power float64; its
        # bool as a float (np.bool_(True) ** int_tensor is float32)
        other = float(other) if isinstance(other, np.bool_) else other.item()
    input = promoted_for_number(input, other)
    if input._data.dtype.kind == "b":
        raise NotImplementedError("\"pow\" not implemented for 'Bool'")
    return apply(OPS["rpow"], (input,), (other,))


@public(inplace=True)
def square(input: Tensor) -> Tensor:
    """input ** 2."""
    return pow(input, 2)


@public(inplace=True, operators=("__neg__",), ufunc_op=_neg)
def neg(input: Tensor) -> Tensor:
    """-input."""
    if input._data.dtype == np.bool_:
        raise RuntimeError(BOOL_NEGATION)
    return apply(OPS["neg"], (input,))


negative = public(name="negative", inplace=True, ufunc_op=_neg)(neg)


# Written for complex values too (a holomorphic op's gradient is g * conj(derivative)).
allow_complex("add_alpha", "sub_alpha", "rsub", "mul", "div", "pow", "pow_tensor", "rpow")
