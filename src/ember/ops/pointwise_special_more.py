"""More of torch.special: the Bessel functions (J0, J1, Y0, Y1, the modified I0, I1, K0,
K1, scaled K0, K1, the spherical j0), Airy's Ai, the scaled i0e, i1e and erfcx, the
incomplete gamma functions (torch.igamma/igammac, special.gammainc/gammaincc), the
Hurwitz zeta and the orthogonal polynomials (Chebyshev, Hermite, Laguerre, Legendre).

Differentiable as in torch: i0e, i1e, erfcx; igamma/igammac and zeta with respect to
their second argument only (their first raises torch's NotImplementedError in the
backward). The others record no graph: their results never require grad, as torch's.

Kernels: ops/_special_bessel.py, ops/_special_gamma.py, ops/_special_polynomials.py and
ops/_special_math.py (zeta). They compute in float64 and round to the input's dtype,
except the polynomials, computed in the dtype with torch's roundings.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply, check_shapes
from .._dtype import result_type, scalar_type_name
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _special_bessel as sb
from . import _special_gamma as sg
from . import _special_math as sm
from . import _special_polynomials as sp
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._registry import FLOAT, OPS, OUT, PROMOTE_FLOAT, declare, public
from ._registry import needs_grad as _needs

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
# the dtypes these kernels have no loop for
_NO_KERNEL = frozenset({"float16", "int64", "int32", "int16", "int8", "uint8", "bool"})


def _rounded(kernel, with_dtype: bool = False):
    """A forward computing `kernel` in float64 and returning the input's float dtype
    (`with_dtype`: the kernel also takes that dtype, to round as torch's kernel does)."""
    def forward(x):
        values = kernel(x, x.dtype) if with_dtype else kernel(x)
        return np.asarray(values, dtype=np.float64).astype(x.dtype, copy=False)
    forward.__name__ = kernel.__name__
    return forward


def _elementwise(op):
    _batched_rule(op.name)(op.backward_fn)
    op.tangent(_fw.diagonal)
    return op


def _i0(x):
    with np.errstate(over="ignore"):
        return sb.i0e(x) * np.exp(np.abs(x))


def _i1(x):
    with np.errstate(over="ignore"):
        return sb.i1e(x) * np.exp(np.abs(x))


def _nan_at_infinity(kernel):
    """torch's modified_bessel_i0/i1 give nan at +-inf."""
    def values(x):
        return np.where(np.isinf(x), np.nan, kernel(x))
    values.__name__ = kernel.__name__
    return values


# ---------------------------------------------------------------------- no gradient
# (name, kernel, takes the dtype): torch records no graph for these
_PLAIN = (
    ("airy_ai", sb.airy_ai, False), ("bessel_j0", sb.j0, True), ("bessel_j1", sb.j1, True),
    ("bessel_y0", sb.y0, True), ("bessel_y1", sb.y1, True),
    ("modified_bessel_i0", _nan_at_infinity(_i0), False),
    ("modified_bessel_i1", _nan_at_infinity(_i1), False),
    ("modified_bessel_k0", sb.k0, False), ("modified_bessel_k1", sb.k1, False),
    ("scaled_modified_bessel_k0", sb.k0e, False), ("scaled_modified_bessel_k1", sb.k1e, False),
    ("spherical_bessel_j0", sb.spherical_j0, False),
)
for _name, _kernel, _with_dtype in _PLAIN:
    declare(f"special_{_name}", dtype=FLOAT)(_rounded(_kernel, _with_dtype))


# ---------------------------------------------------------------------- i0e, i1e, erfcx
_i0e = declare("special_i0e", grad_fn="SpecialI0EBackward0", saves=(0, OUT), dtype=FLOAT,
               formula="d i0e(x)/dx = i1e(x) - sgn(x) i0e(x)")(_rounded(sb.i0e))
_i0e.backward(lambda ctx, g: (g * (xp.op("special_i1e", (ctx.saved[0],))
                                   - xp.sgn(ctx.saved[0]) * ctx.saved[1]),))
_elementwise(_i0e)

_i1e = declare("special_i1e", grad_fn="SpecialI1EBackward0", saves=(0, OUT), dtype=FLOAT,
               formula="d i1e(x)/dx = i0e(x) - i1e(x) (sgn(x) + 1/x) (1/2 at 0)")(
                   _rounded(sb.i1e))


@_i1e.backward
def _(ctx, g):
    x, out = ctx.saved
    safe = xp.where(x == 0, 1.0, x)
    slope = xp.op("special_i0e", (x,)) - out * (xp.sgn(x) + 1.0 / safe)
    return (g * xp.where(x == 0, 0.5, slope),)


_elementwise(_i1e)

_erfcx = declare("special_erfcx", grad_fn="SpecialErfcxBackward0", saves=(0, OUT),
                 dtype=FLOAT, formula="d erfcx(x)/dx = 2 x erfcx(x) - 2/sqrt(pi)")(
                     _rounded(sg.erfcx, with_dtype=True))
# torch's order: (2 x erfcx(x) - 2/sqrt(pi)) * g
_erfcx.backward(lambda ctx, g: ((2.0 * ctx.saved[0] * ctx.saved[1] - _TWO_OVER_SQRT_PI) * g,))
_elementwise(_erfcx)


# ---------------------------------------------------------------------- igamma, igammac
def _pair(kernel):
    def forward(a, x):
        dtype = np.result_type(a, x)
        values = kernel(np.asarray(a, dtype), np.asarray(x, dtype))
        return np.asarray(values, np.float64).astype(dtype, copy=False)
    forward.__name__ = kernel.__name__
    return forward


_NO_INPUT_DERIVATIVE = "the derivative for '{}' is not implemented."


def _igamma_slope(a, x):
    """d P(a, x)/dx = exp((a - 1) log x - x - lgamma(a)), in torch's order."""
    return xp.exp((a - 1) * xp.log(x) - x - xp.op("lgamma", (a,)))


for _name, _grad_fn, _sign in (("igamma", "IgammaBackward0", 1.0),
                               ("igammac", "IgammacBackward0", -1.0)):
    _op = declare(_name, grad_fn=_grad_fn, saves=(0, 1), dtype=PROMOTE_FLOAT, broadcasts=True,
                  formula=f"d {_name}(a, x)/dx = {'-' if _sign < 0 else ''}x^(a-1) e^-x / "
                          "Gamma(a); not differentiable in a")(
                      _pair(sg.igamma if _sign > 0 else sg.igammac))

    def _backward(ctx, g, _name=_name, _sign=_sign):
        a, x = ctx.saved
        if _needs(ctx, 0):
            raise NotImplementedError(_NO_INPUT_DERIVATIVE.format(f"{_name}: input"))
        slope = _igamma_slope(a, x)
        return None, (g * slope if _sign > 0 else -g * slope)

    _op.backward(_backward)
    _op.tangent(_fw.diagonal)


# ---------------------------------------------------------------------- zeta
def _zeta_np(s, q):
    dtype = np.result_type(s, q)
    s, q = np.broadcast_arrays(np.asarray(s, np.float64), np.asarray(q, np.float64))
    values = sm.zeta(s, q)
    # s = inf: q^-s alone decides (torch's kernel: inf below 1, 1 at 1, nan above)
    values = np.where(s == np.inf, np.where(q < 1, np.inf, np.where(q == 1, 1.0, np.nan)),
                      values)
    return values.astype(dtype, copy=False)


_ZETA_FORMULA = "d zeta(s, q)/dq = -s zeta(s + 1, q); not differentiable in s"
# one op per argument pattern, as torch names them: tensors, a number as s, a number as q
for _name, _grad_fn in (("special_zeta", "SpecialZetaBackward0"),
                        ("special_zeta_scalar_self", "SpecialZetaBackward1"),
                        ("special_zeta_scalar_other", "SpecialZetaBackward2")):
    _op = declare(_name, grad_fn=_grad_fn, saves=(0, 1), dtype=PROMOTE_FLOAT, broadcasts=True,
                  formula=_ZETA_FORMULA)(_zeta_np)

    def _zeta_backward(ctx, g):
        s, q = ctx.saved
        if _needs(ctx, 0):
            raise NotImplementedError(_NO_INPUT_DERIVATIVE.format("zeta"))
        following = xp.op("special_zeta_scalar_other" if not _is_array(q) else (
            "special_zeta" if _is_array(s) else "special_zeta_scalar_self"), (s + 1.0, q))
        return None, g * -s * following

    _op.backward(_zeta_backward)  # (no tangent rule: torch has no forward mode for zeta)


def _is_array(value) -> bool:
    return not isinstance(value, (int, float, np.number))


# ---------------------------------------------------------------------- polynomials
_POLYNOMIALS = {
    "chebyshev_polynomial_t": lambda x, n: sp.chebyshev("t", x, n),
    "chebyshev_polynomial_u": lambda x, n: sp.chebyshev("u", x, n),
    "chebyshev_polynomial_v": lambda x, n: sp.chebyshev("v", x, n),
    "chebyshev_polynomial_w": lambda x, n: sp.chebyshev("w", x, n),
    "shifted_chebyshev_polynomial_t": lambda x, n: sp.chebyshev("t", x, n, shifted=True),
    "shifted_chebyshev_polynomial_u": lambda x, n: sp.chebyshev("u", x, n, shifted=True),
    "shifted_chebyshev_polynomial_v": lambda x, n: sp.chebyshev("v", x, n, shifted=True),
    "shifted_chebyshev_polynomial_w": lambda x, n: sp.chebyshev("w", x, n, shifted=True),
    "hermite_polynomial_h": sp.hermite_h,
    "hermite_polynomial_he": sp.hermite_he,
    "laguerre_polynomial_l": sp.laguerre,
    "legendre_polynomial_p": sp.legendre,
}


def _polynomial_forward(kernel):
    def forward(x, n):
        dtype = np.result_type(x, n)
        x = np.asarray(x, dtype)
        return kernel(x, np.asarray(n, dtype)).astype(dtype, copy=False)
    return forward


for _name, _kernel in _POLYNOMIALS.items():
    declare(f"special_{_name}", dtype=PROMOTE_FLOAT, broadcasts=True)(
        _polynomial_forward(_kernel))


# ====================================================================== public API
def _kernel_check(name: str, dtype_name: str) -> None:
    """torch has no float16 kernel for most of these (nor integer ones for igamma)."""
    if dtype_name in _NO_KERNEL:
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for "
                                  f"'{scalar_type_name(dtype_name)}'")


def _unary(name: str, half: bool = False, argument: str = "input"):
    """torch.special.<name>(argument); `half`: torch has a float16 kernel."""
    op = OPS[f"special_{name}"]

    def function(input: Tensor) -> Tensor:
        if not half and input._data.dtype == np.float16:
            _kernel_check(name, "float16")
        return apply(op, (input,))

    if argument == "x":  # (the name torch's messages give the argument)
        def function(x: Tensor) -> Tensor:  # noqa: F811
            if not half and x._data.dtype == np.float16:
                _kernel_check(name, "float16")
            return apply(op, (x,))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"torch.special.{name}, elementwise."
    return function


airy_ai = _unary("airy_ai", argument="x")
bessel_j0 = _unary("bessel_j0")
bessel_j1 = _unary("bessel_j1")
bessel_y0 = _unary("bessel_y0")
bessel_y1 = _unary("bessel_y1")
modified_bessel_i0 = _unary("modified_bessel_i0")
modified_bessel_i1 = _unary("modified_bessel_i1")
modified_bessel_k0 = _unary("modified_bessel_k0")
modified_bessel_k1 = _unary("modified_bessel_k1")
scaled_modified_bessel_k0 = _unary("scaled_modified_bessel_k0", argument="x")
scaled_modified_bessel_k1 = _unary("scaled_modified_bessel_k1", argument="x")
spherical_bessel_j0 = _unary("spherical_bessel_j0", argument="x")
i0e = _unary("i0e", half=True)
i1e = _unary("i1e", half=True)
erfcx = _unary("erfcx")


def _tensor_or_number(function: str, x, n, names: tuple[str, str]) -> None:
    """torch's three signatures (Tensor, Tensor), (Number, Tensor), (Tensor, Number)."""
    numbers = (int, float, bool)
    if (isinstance(x, Tensor) and isinstance(n, (Tensor, *numbers))) or (
            isinstance(x, numbers) and isinstance(n, Tensor)):
        return
    got = ", ".join(type(v).__name__ for v in (x, n))
    a, b = names
    raise TypeError(
        f"{function}() received an invalid combination of arguments - got ({got}), but "
        f"expected one of:\n * (Tensor {a}, Tensor {b}, *, Tensor out = None)\n"
        f" * (Number {'self' if a == 'input' else a}, Tensor {b}, *, Tensor out = None)\n"
        f" * (Tensor {a}, Number {b}, *, Tensor out = None)\n")


def _polynomial(name: str):
    op = OPS[f"special_{name}"]

    def function(input, n) -> Tensor:
        _tensor_or_number(f"special_{name}", input, n, ("x", "n"))
        tensors = [v for v in (input, n) if isinstance(v, Tensor)]
        check_shapes(tensors)
        dtype = result_type(input, n)
        if dtype.numpy.kind != "f" or dtype.numpy == np.float16:
            if dtype.numpy == np.float16:
                _kernel_check(f"{name}", "float16")
        if not isinstance(input, Tensor):  # (a number x: a 0-d tensor of its own)
            input = Tensor(np.asarray(input, dtype.numpy if dtype.numpy.kind == "f"
                                      else np.float32))
        return apply(op, (input, n))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"torch.special.{name}(x, n): the polynomial of degree n at x."
    return function


POLYNOMIAL_NAMES = tuple(_POLYNOMIALS)
for _name in POLYNOMIAL_NAMES:
    globals()[_name] = _polynomial(_name)


def _floating_pair(name: str, input: Tensor, other: Tensor) -> None:
    check_shapes((input, other))
    dtype = result_type(input, other)
    if dtype.numpy.kind != "f":
        _kernel_check(name, dtype.name)


@public(inplace=True)
def igamma(input: Tensor, other: Tensor) -> Tensor:
    """The regularised lower incomplete gamma function P(input, other)."""
    _floating_pair("igamma", input, other)
    return apply(OPS["igamma"], (input, other))


@public(inplace=True)
def igammac(input: Tensor, other: Tensor) -> Tensor:
    """The regularised upper incomplete gamma function Q(input, other) = 1 - P."""
    _floating_pair("igammac", input, other)
    return apply(OPS["igammac"], (input, other))


def gammainc(input: Tensor, other: Tensor) -> Tensor:
    """torch.special.gammainc: torch.igamma."""
    return igamma(input, other)


def gammaincc(input: Tensor, other: Tensor) -> Tensor:
    """torch.special.gammaincc: torch.igammac."""
    return igammac(input, other)


def zeta(input, other) -> Tensor:
    """The Hurwitz zeta function sum_k (k + other)^-input; either may be a number."""
    _tensor_or_number("special_zeta", input, other, ("input", "other"))
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        check_shapes((input, other))
        name = "special_zeta"
    else:
        name = "special_zeta_scalar_self" if isinstance(other, Tensor) else (
            "special_zeta_scalar_other")
    if result_type(input, other).numpy == np.float16:
        _kernel_check("zeta", "float16")
    return apply(OPS[name], (input, other))
