"""Differential cases: one per reproducer of issue 11's "silently wrong on valid code" root
causes, recorded from torch 2.13. The start of the corpus the differential tester grows.

Each case prints dtypes, grad_fn names, values and errors as torch prints them, and sets
`result` (values and gradients, flattened) where numbers are compared with a tolerance.
Ids start with ``diff_``.
"""

from __future__ import annotations

_INF = "inf = float('inf'); nan = float('nan')\n"


def _grad_case(setup: str, expression: str, upstream: str) -> str:
    """x.grad after `expression` is backpropagated with gradient `upstream` (inf and nan
    where the op's derivative is 0: a mask must select, not multiply)."""
    return (_INF + setup + f"out = {expression}\n"
            f"out.backward({upstream})\n"
            "print(type(out.grad_fn).__name__, x.grad)\n"
            "result = x.grad\n")


_X = "x = torch.tensor([-2., -0.5, 0., 0.5, 2.], requires_grad=True)\n"
_G = "torch.tensor([inf, nan, -inf, inf, nan])"
_XY = _X + "y = torch.tensor([1., -1., 0., 2., -3.], requires_grad=True)\n"

# 1. Masked backwards select.
_MASKED = {
    "relu_sqrt": ("x = torch.tensor([-1., 4.], requires_grad=True)\n",
                  "torch.relu(x).sqrt().sum()", ""),
    "relu": (_X, "torch.relu(x)", _G),
    "clamp": (_X, "x.clamp(-1, 1)", _G),
    "clamp_min": (_X, "x.clamp_min(0.)", _G),
    "clamp_max": (_X, "x.clamp_max(0.)", _G),
    "clamp_min_tensor": (_XY, "torch.clamp(x, min=y)", _G),
    "clamp_max_tensor": (_XY, "x.clamp_max(y)", _G),
    "where": (_XY, "torch.where(x > 0, x, y)", _G),
    "maximum": (_XY, "torch.maximum(x, y)", _G),
    "minimum": (_XY, "torch.minimum(x, y)", _G),
    "threshold": (_X, "torch.nn.functional.threshold(x, 0.1, 20.)", _G),
    "hardtanh": (_X, "torch.nn.functional.hardtanh(x)", _G),
    "relu6": (_X, "torch.nn.functional.relu6(x)", _G),
    "leaky_relu": (_X, "torch.nn.functional.leaky_relu(x, 0.)", _G),
    "floor": (_X, "x.floor()", _G),
    "round": (_X, "x.round()", _G),
    "round_decimals": (_X, "x.round(decimals=2)", _G),
    "sign": (_X, "x.sign()", _G),
    "div_floor": (_X, "x.div(2., rounding_mode='floor')", _G),
    "pow_zero": (_X, "x ** 0", _G),
    "pow_zero_tensor": (_X, "x ** torch.zeros(5)", _G),
    "rpow_zero_base": (_X, "0.0 ** x", _G),
    "max_all": ("x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)\n",
                "x.max()", "torch.tensor(inf)"),
    "median_all": ("x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)\n",
                   "x.median()", "torch.tensor(inf)"),
    "amax_multiplies": ("x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)\n",
                        "x.amax(1)", "torch.tensor([inf, 1.])"),
    "atan2_origin": ("x = torch.tensor([0., 1.], requires_grad=True)\n",
                     "torch.atan2(x, torch.zeros(2))", "torch.tensor([inf, 1.])"),
}

CASES: list[tuple[str, str]] = [
    (f"diff_masked_{name}", _grad_case(setup, expression, upstream))
    for name, (setup, expression, upstream) in _MASKED.items()
]


def _show(expressions: list[str]) -> str:
    """Print each expression's value and dtype (or torch's error), one line each."""
    lines = ["i = torch.tensor([1, 2, 3])",
             "u = torch.tensor([1, 2, 250], dtype=torch.uint8)",
             "b = torch.tensor([True, False])",
             "i8 = torch.tensor([1, -2, 100], dtype=torch.int8)",
             "h = torch.tensor([1., 2.], dtype=torch.float16)",
             "f = torch.tensor([1., 2.])"]
    for expression in expressions:
        lines += ["try:",
                  f"    value = {expression}",
                  f"    print({expression!r}, value, value.dtype)",
                  "except Exception as error:",
                  f"    print({expression!r}, type(error).__name__, error)"]
    return "\n".join(lines) + "\n"


# 2. Reflected operators and numbers first follow torch's promotion.
CASES += [
    ("diff_reflected_int", _show([
        "1.0 - i", "1 - i", "1.5 / i", "2 / i", "2.0 ** i", "2 ** i", "7.5 // i", "7 // i",
        "7.5 % i", "7 % i", "torch.sub(1.5, i)", "torch.sub(2, i, alpha=2)",
        "torch.rsub(i, 2.5)", "i.__rsub__(2.5)", "True - i", "1.0 - i.reshape(3, 1)[0]"])),
    ("diff_reflected_uint8", _show([
        "1.0 - u", "1 - u", "300 - u", "2.5 ** u", "torch.sub(1.5, u)", "2.5 / u",
        "torch.sub(2, u, alpha=3)", "torch.rsub(u, 3, alpha=2)"])),
    ("diff_reflected_bool", _show([
        "1.0 - b", "1 - b", "True - b", "b - True", "2.0 * b", "2.0 / b", "2.0 ** b",
        "1.5 + b", "True ** b", "b ** True", "b ** -1", "torch.sub(1.5, b)"])),
    ("diff_reflected_float", _show([
        "1.0 - h", "torch.sub(1.5, h)", "torch.sub(2, f, alpha=2)", "True - f",
        "torch.rsub(f, 2.5, alpha=2)"])),
    ("diff_reflected_grad_fn",
     "x = torch.tensor([1., 2.], requires_grad=True)\n"
     "for out in (2. - x, torch.rsub(x, 2.), torch.sub(2.5, x), torch.sub(2.5, x, alpha=2)):\n"
     "    out.sum().backward()\n"
     "    print(type(out.grad_fn).__name__, out, x.grad)\n"
     "    x.grad = None\n"),
]

# 5. add/sub with an integer alpha on small integer dtypes: torch's modular arithmetic and
# its range check of alpha.
CASES += [
    ("diff_alpha_small_ints", _show([
        "u.add(u, alpha=2)", "u.sub(u, alpha=2)", "u.add(u, alpha=-1)", "u.add(u, alpha=255)",
        "u.add(u, alpha=256)", "u.sub(u, alpha=255)", "u.sub(u, alpha=256)",
        "i8.add(i8, alpha=-128)", "i8.add(i8, alpha=128)", "i8.sub(i8, alpha=-128)",
        "i8.sub(i8, alpha=127)", "torch.add(u, 3, alpha=100)", "torch.add(u, 1, alpha=300)",
        "u.add(torch.tensor([1, 2, 3]), alpha=-1)", "b.add(b, alpha=2)",
        "u.add(u, alpha=1.5)", "u.clone().sub_(u, alpha=3)",
        "torch.tensor([1, 2]).sub(torch.tensor([1, 2]), alpha=-2**63)"])),
]

# 4. dtype= of the sum-like reductions: result dtype, computation and gradient dtype.
CASES += [
    ("diff_reduction_dtype_ints", _show([
        "u.sum(dtype=torch.uint8)", "u.sum(dtype=torch.int16)", "u.sum(0, dtype=torch.uint8)",
        "torch.sum(u, 0, True, dtype=torch.uint8)", "b.sum(dtype=torch.bool)",
        "b.sum(dtype=torch.uint8)", "u.prod(dtype=torch.uint8)", "u.prod(0, dtype=torch.uint8)",
        "i.prod(dtype=torch.float32)", "u.cumsum(0, dtype=torch.uint8)",
        "u.cumprod(0, dtype=torch.uint8)", "i.cumprod(0, dtype=torch.float64)",
        "i.mean(dtype=torch.float64)", "u.mean(dtype=torch.int64)", "h.sum(dtype=torch.int64)"])),
    ("diff_reduction_dtype_grads",
     "for call in ('sum', 'prod', 'cumsum', 'cumprod', 'mean'):\n"
     "    x = torch.tensor([[1., 2.5], [3., 4.]], requires_grad=True)\n"
     "    args = (1,) if call.startswith('cum') else ()\n"
     "    out = getattr(x, call)(*args, dtype=torch.float64)\n"
     "    out.sum().backward()\n"
     "    print(call, out, out.dtype, type(out.grad_fn).__name__, x.grad, x.grad.dtype)\n"
     "    try:\n"
     "        getattr(x, call)(*args, dtype=torch.int64)\n"
     "    except Exception as error:\n"
     "        print(type(error).__name__, error)\n"
     "h = torch.tensor([1., 2.], dtype=torch.float16, requires_grad=True)\n"
     "out = h.sum(dtype=torch.float32)\n"
     "out.backward()\n"
     "print(out, type(out.grad_fn).__name__, h.grad, h.grad.dtype)\n"),
]

# 6. Numerics: var/std accumulate in float64, torch's sign(nan) is 0, lerp at extreme
# values, float16 sums accumulate in float32.
CASES += [
    ("diff_numerics_var_std_large",
     "for values in ([1e20, 3e20, 2e20], [3e38, -3e38], [1e19, 3e19, 2e19, 5e19]):\n"
     "    x = torch.tensor(values, requires_grad=True)\n"
     "    print(x.std(), x.var())\n"
     "    print([t.detach() for t in torch.std_mean(x) + torch.var_mean(x)])\n"
     "    x.std().backward()\n"
     "    print(x.grad)\n"),
    ("diff_numerics_sign_nan",
     "x = torch.tensor([float('nan'), -0.0, 0.0, -2., 3., float('-inf')])\n"
     "print(x.sign(), torch.sign(x.double()), x.half().sign())\n"),
    ("diff_numerics_lerp_extremes",
     "inf = float('inf')\n"
     "s = torch.tensor([3e38, 0., inf, 1., -inf, 1e38, -3e38, 5., inf, 0.])\n"
     "e = torch.tensor([-3e38, inf, inf, 2., inf, 3e38, 3e38, 5., 1., -inf])\n"
     "for w in (0., 0.25, 0.5, 0.75, 1., 2., -1.):\n"
     "    print(w, torch.lerp(s, e, w), torch.lerp(s, e, torch.full((10,), w)))\n"
     "    print(torch.lerp(s.half(), e.half(), w), torch.lerp(s.double(), e.double(), w))\n"),
    ("diff_numerics_float16_accumulation",
     "ones = torch.full((3000,), 1., dtype=torch.float16)\n"
     "print(ones.cumsum(0)[-1], ones.sum(), torch.full((70000,), 1., dtype=torch.float16).mean())\n"
     "print(ones.reshape(30, 100).sum(1)[:2], ones.reshape(30, 100).mean(0)[:2])\n"
     "print(torch.full((40,), 1.25, dtype=torch.float16).cumprod(0)[-1])\n"),
]

# 7. The inverse hyperbolic functions: function, method, in-place, aliases, grad_fn names.
# (torch records asinh_ & co. as AsinhBackward1, whose backward raises NotImplementedError;
# ember records AsinhBackward0 and differentiates them: the in-place grad_fn is not printed.
# Values outside the domains make NumPy warn, which is issue 11's item 16.)
CASES += [
    ("diff_inverse_hyperbolic",
     "for name, values in (('asinh', [-2., -0.5, 0., 0.5, 3.]), ('acosh', [1.25, 1.5, 3.]),\n"
     "                     ('atanh', [-0.9, 0., 0.5])):\n"
     "    x = torch.tensor(values, requires_grad=True)\n"
     "    out = getattr(torch, name)(x)\n"
     "    out.sum().backward()\n"
     "    print(name, out, x.grad)\n"
     "    print(getattr(x.detach(), name)(), getattr(torch, 'arc' + name[1:])(x.detach()))\n"
     "    y = x.detach().clone().requires_grad_() * 1\n"
     "    getattr(y, name + '_')()\n"
     "    print(y.detach(), getattr(torch.tensor([1, 2, 3]), name)())\n"
     "    z = x.detach().clone()\n"
     "    getattr(z, 'arc' + name[1:] + '_')()\n"
     "    print(z)\n"),
]

# Names of the README's support table that were missing: fmax/fmin (with item 1's masks),
# cumsum_/cumprod_, the bitwise shifts and the bitwise ops' errors on floats.
CASES += [
    ("diff_fmax_fmin",
     "inf, nan = float('inf'), float('nan')\n"
     "for name in ('fmax', 'fmin'):\n"
     "    x = torch.tensor([-2., nan, 0., 0.5, 2.], requires_grad=True)\n"
     "    y = torch.tensor([1., -1., 0., nan, -3.], requires_grad=True)\n"
     "    out = getattr(torch, name)(x, y)\n"
     "    out.backward(torch.tensor([inf, inf, -inf, inf, nan]))\n"
     "    print(name, out, x.grad, y.grad, x.detach().fmax(y.detach()))\n"),
    ("diff_cumulative_in_place",
     "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
     "y = x * 1\n"
     "y.cumsum_(1)\n"
     "z = x * 1\n"
     "z.cumprod_(0)\n"
     "(y.sum() + z.sum()).backward()\n"
     "print(y, z, x.grad)\n"
     "u = torch.tensor([100, 200], dtype=torch.uint8)\n"
     "print(u.cumsum_(0), torch.tensor([1, 2, 3], dtype=torch.int32).cumprod_(0))\n"),
    ("diff_bitwise_shifts", _show([
        "i << 2", "i >> 1", "i << 70", "-i >> 70", "i << -1", "u << 1", "u >> 9", "i8 >> 9",
        "i8 << 7", "2 << i", "torch.bitwise_left_shift(i, torch.tensor([1, 2, 3]))",
        "torch.bitwise_right_shift(-i, 1)", "i.bitwise_left_shift(1)", "f << 1", "b << 1",
        "f & 1", "h ^ True", "f | torch.tensor([2, 3])", "i & 6"])),
]

# 3. In place on a view whose base is a leaf (the leaf itself being a view of an arange).
_VIEW_OF_LEAF_WRITES = ("w[0].mul_(2)", "w.mul_(2)", "w.view(6).add_(1)", "w[0].zero_()",
                        "w.detach()[0].mul_(2)")
CASES += [
    ("diff_view_of_view_leaf_in_place",
     "for write in " + repr(_VIEW_OF_LEAF_WRITES) + ":\n"
     "    w = torch.arange(6.).reshape(2, 3).requires_grad_()\n"
     "    try:\n"
     "        eval(write)\n"
     "        print(write, 'ok', w)\n"
     "    except RuntimeError as error:\n"
     "        print(write, error, w)\n"
     "w = torch.arange(6.).reshape(2, 3).requires_grad_()\n"
     "with torch.no_grad():\n"
     "    w[0].mul_(2)\n"
     "print(w)\n"),
]

# 8. In-place methods on views of a non-contiguous (transposed, permuted) tensor.
_TRANSPOSED_WRITES = {
    "row_mul": ("x.t() * 2", "y[0].mul_(3)"),
    "column_add": ("x.t() * 2", "y[:, 1].add_(torch.tensor([10., 20., 30.]))"),
    "permuted_sqrt": ("x.reshape(1, 2, 3).permute(2, 0, 1) * 1", "y[1].sqrt_()"),
    "view_of_view": ("x.t() * 2", "y.t()[0].zero_()"),
    "diagonal": ("x.t()[:2] * 2", "y.diagonal().mul_(5)"),
    "element": ("x.t() * 2", "y[2, 1].mul_(10)"),
}
CASES += [
    (f"diff_transposed_view_in_place_{name}",
     "x = torch.arange(1., 7.).reshape(2, 3).requires_grad_()\n"
     f"y = {make}\n"
     f"v = {write}\n"
     "(y * torch.arange(1., y.numel() + 1).reshape(y.shape)).sum().backward()\n"
     "print(y, type(v.grad_fn).__name__, x.grad)\n"
     "result = torch.cat([y.detach().reshape(-1), x.grad.reshape(-1)])\n")
    for name, (make, write) in _TRANSPOSED_WRITES.items()
]

# 2 (continued). Every operator with a number or a 0-d tensor on either side, per dtype.
_SCALAR_POSITIONS = ("+", "-", "*", "/", "//", "%", "**")
CASES += [
    (f"diff_scalar_positions_{dtype}",
     f"x = torch.tensor([1, 0, 3]).to(torch.{dtype})\n"
     "for op in " + repr(_SCALAR_POSITIONS) + ":\n"
     "    for other in (2, 2.5, True, -3, torch.tensor(2), torch.tensor(2.5),\n"
     "                  torch.tensor(True), torch.tensor(2, dtype=torch.uint8)):\n"
     "        for expression in ('x ' + op + ' other', 'other ' + op + ' x'):\n"
     "            try:\n"
     "                value = eval(expression)\n"
     "                print(expression, repr(other), value.dtype, value)\n"
     "            except Exception as error:\n"
     "                print(expression, repr(other), type(error).__name__, error)\n")
    for dtype in ("bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64")
]
CASES += [
    ("diff_sign_family_and_degrees",
     "x = torch.tensor([-2., 0., 3.], requires_grad=True)\n"
     "y = torch.tensor([1., -1., -0.], requires_grad=True)\n"
     "for make in (lambda: torch.copysign(x, y), lambda: torch.copysign(x, -1.),\n"
     "             lambda: x.sgn(), lambda: x.deg2rad(), lambda: x.rad2deg(),\n"
     "             lambda: torch.logaddexp2(x, y)):\n"
     "    x.grad = y.grad = None\n"
     "    out = make()\n"
     "    out.backward(torch.tensor([1., 3., 2.]))\n"
     "    print(out, x.grad, y.grad)\n"
     "print(x.signbit(), torch.tensor([1, -2]).sgn(), torch.tensor([1, 2]).deg2rad(),\n"
     "      torch.copysign(torch.tensor([1, 2]), -1), torch.positive(x) is x,\n"
     "      torch.heaviside(torch.tensor([-1., 0., 2.]), torch.tensor(0.5)),\n"
     "      torch.heaviside(torch.tensor([-1, 0, 2]), torch.tensor(7)))\n"
     "for bad in ('torch.positive(torch.tensor([True]))',\n"
     "            'torch.logaddexp2(torch.tensor([1, 2]), torch.tensor([1, 2]))'):\n"
     "    try:\n"
     "        eval(bad)\n"
     "    except Exception as error:\n"
     "        print(type(error).__name__, error)\n"),
]
CASES += [
    ("diff_masked_cumprod_zeros",
     "inf = float('inf')\n"
     "for row in ([-2., -0.5, 1.5, 0.5, 2.], [1., 3., -1., 0., 2.], [0., 2., 3.],\n"
     "            [2., 0., 0., 3.]):\n"
     "    for g in ([inf] * len(row), [1.] * (len(row) - 1) + [inf],\n"
     "              [inf] + [1.] * (len(row) - 1)):\n"
     "        x = torch.tensor(row, requires_grad=True)\n"
     "        x.cumprod(0).backward(torch.tensor(g))\n"
     "        print(row, g, x.grad)\n"),
]

# Unary functions on every dtype: result dtypes, values and torch's refusals.
_UNARY = ("abs", "neg", "sign", "sgn", "exp", "log1p", "sqrt", "reciprocal", "sin", "tanh",
          "sigmoid", "relu", "asinh", "atanh", "erf", "floor", "ceil", "trunc", "round", "frac",
          "deg2rad", "signbit", "square", "positive", "logical_not", "bitwise_not")
CASES += [
    (f"diff_unary_dtypes_{dtype}",
     "for name in " + repr(_UNARY) + ":\n"
     "    for form in (name, name + '_'):\n"
     f"        x = torch.tensor([1, 0, 3]).to(torch.{dtype})\n"
     "        if not hasattr(x, form):\n"
     "            continue\n"
     "        try:\n"
     "            value = getattr(x, form)()\n"
     "            print(form, value.dtype, value)\n"
     "        except Exception as error:\n"
     "            print(form, type(error).__name__, error)\n")
    for dtype in ("bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64")
]
CASES += [
    ("diff_nansum_nanmean",
     "inf, nan = float('inf'), float('nan')\n"
     "x = torch.tensor([[1., nan], [2., 3.]], requires_grad=True)\n"
     "for make in (lambda: torch.nansum(x), lambda: x.nansum(1, keepdim=True),\n"
     "             lambda: x.nansum(dtype=torch.float64), lambda: torch.nanmean(x),\n"
     "             lambda: x.nanmean(0)):\n"
     "    x.grad = None\n"
     "    out = make()\n"
     "    out.backward(torch.full(out.shape, inf, dtype=out.dtype))\n"
     "    print(out, type(out.grad_fn).__name__, x.grad)\n"
     "print(torch.nansum(torch.tensor([1, 2], dtype=torch.int8)),\n"
     "      torch.nansum(torch.tensor([100, 200], dtype=torch.uint8), dtype=torch.uint8),\n"
     "      torch.nanmean(torch.tensor([nan])), torch.nansum(torch.tensor([nan])),\n"
     "      torch.full((3000,), 1., dtype=torch.float16).nansum())\n"
     "try:\n"
     "    torch.nanmean(torch.tensor([1, 2]))\n"
     "except RuntimeError as error:\n"
     "    print(error)\n"),
]
CASES += [
    ("diff_cummax_cummin",
     "nan = float('nan')\n"
     "x = torch.tensor([1., 3., 3., 2., nan, 5., nan], requires_grad=True)\n"
     "result = torch.cummax(x, 0)\n"
     "result.values.backward(torch.arange(7.))\n"
     "print(result, x.grad, torch.cummin(x.detach(), 0))\n"
     "print(torch.cummax(torch.tensor([[1, 5], [3, 2]]), 1), torch.cummax(torch.tensor(2.), 0))\n"
     "print(torch.cummax(torch.tensor([True, False, True]), 0),\n"
     "      torch.cummin(torch.tensor([True, False, True]), 0))\n"
     "y = torch.tensor([[1., 4.], [3., 2.]], requires_grad=True)\n"
     "v = y.cummin(dim=0)\n"
     "v.values.sum().backward()\n"
     "print(v, y.cummax(-1), y.grad)\n"),
]
