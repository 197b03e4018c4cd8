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
# ember records AsinhBackward1 too but differentiates them: diff_grad_fn_call_forms prints
# the names, no case runs their backward.)
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


def _attempts(setup: str, statements: list[str]) -> str:
    """Run each statement after `setup` (fresh each time); print what it printed or
    torch's exception type and message."""
    lines = []
    for statement in statements:
        lines += [setup.rstrip("\n"),
                  "try:",
                  f"    {statement}",
                  "except Exception as error:",
                  f"    print({statement!r}, type(error).__name__, error)"]
    return "\n".join(lines) + "\n"


# 9. Writes into an expand()ed tensor: torch's error only where elements overlap.
CASES += [
    ("diff_expand_writes", _attempts(
        "base = torch.zeros(3)\ne = base.expand(2, 3)", [
            "e.add_(1)", "e.mul_(2)", "e.sqrt_()", "e.copy_(torch.ones(2, 3))",
            "e.clamp_(0, 1)", "e.t().neg_()", "e.detach().add_(1)", "e[...] = 4.",
            "e[:, 0] = 5.", "e.uniform_()", "print(e.fill_(2.), base)",
            "print(e.zero_(), base)", "e[0] = 5.; print(e, base)", "e[0][1] = 9.; print(e, base)",
            "print(e.masked_fill_(torch.tensor([True, False, True]), 7.), base)",
            "print(torch.zeros(1, 3).expand(1, 3).add_(1))"])),
    ("diff_expand_recorded_writes",
     # (torch regenerates e's grad_fn, AsStridedBackward0; ember keeps ExpandBackward0)
     "x = torch.zeros(3, requires_grad=True)\n"
     "e = (x * 1).expand(2, 3)\n"
     "e[0].add_(1)\n"
     "e.sum().backward()\n"
     "print(e.detach(), x.grad)\n"
     "try:\n"
     "    (x * 1).expand(2, 3).add_(1.)\n"
     "except RuntimeError as error:\n"
     "    print(error)\n"),
]

# 10. uint8 and other integer dtypes with numbers that wrap or do not fit.
CASES += [
    ("diff_integer_numbers", _show([
        "u.clamp(-1, 3)", "u.clamp(min=-1)", "u.clamp(max=300)", "u.clamp(-255, 3)",
        "u.clamp(-256, 3)", "i8.clamp(-200, 3)", "u.clone().fill_(-1)", "u.clone().fill_(-255)",
        "u.clone().fill_(-256)", "u.clone().fill_(2.7)", "u.clone().fill_(-1.5)",
        "i8.clone().fill_(200)", "torch.full((2,), -1, dtype=torch.uint8)",
        "torch.full((2,), 256, dtype=torch.uint8)", "torch.full((2,), 200, dtype=torch.int8)",
        "u.masked_fill(u > 1, -1)", "u.masked_fill(u > 1, 300)",
        "u.index_fill(0, torch.tensor([0]), -1)", "u.clamp_min(-1)", "u.clamp_max(-1)",
        "torch.zeros(2, dtype=torch.int64).fill_(2**63)"])),
    ("diff_integer_writes", _attempts(
        "v = torch.tensor([1, 2, 250], dtype=torch.uint8)", [
            "v[0] = -1; print(v)", "v[0] = -256", "v[0] = 256", "v[0] = -1.5",
            "v[:] = -1; print(v)",
            "v[[0]] = -1; print(v)", "v[v > 1] = -1; print(v)",
            "v += torch.tensor([-1, 2, 3]); print(v)", "v *= torch.tensor([-1, 2, 3]); print(v)",
            "v.add_(torch.tensor([1., 2., 3.]))",
            "v.clamp_(min=torch.tensor([-1, 2, 3])); print(v)",
            "v.copy_(torch.tensor([-1, 2, 3])); print(v)"])),
]

# 11. Valid code that failed.
CASES += [
    ("diff_integer_negative_powers", _show([
        "torch.tensor([2, 3, 1, -1, 0, -2]) ** torch.tensor([-1, 2, -2, -1, 2, -3])",
        "torch.pow(2, torch.tensor([-1, 1]))", "torch.tensor([0]) ** torch.tensor([-1])",
        "torch.tensor([-1], dtype=torch.int32) ** torch.tensor([-3], dtype=torch.int32)",
        "torch.tensor([2]) ** -1"])),
    ("diff_zero_dim_shapes",
     "print(torch.where(torch.tensor(1.)), torch.where(torch.tensor(0)),\n"
     "      torch.nonzero(torch.tensor(3.)), torch.nonzero(torch.tensor(0.)),\n"
     "      torch.tensor(2.).nonzero(as_tuple=True), torch.argwhere(torch.tensor([0, 4, 5])))\n"
     "x = torch.tensor(2., requires_grad=True)\n"
     "for y in (x.movedim(0, 0), x.movedim(-1, 0), x.transpose(0, -1), x.swapaxes(0, 0),\n"
     "          x.mT, x.mH, x.H, x.T):\n"
     "    print(y, y is x, type(y.grad_fn).__name__)\n"
     "y = x * 1\n"
     "y.transpose_(0, -1)\n"
     "y.backward()\n"
     "print(y, type(y.grad_fn).__name__, x.grad)\n"),
    ("diff_empty_inner_products",
     "for a, b, product in ((torch.ones(3, 0), torch.ones(2, 0), torch.inner),\n"
     "                      (torch.ones(0), torch.ones(0), torch.inner),\n"
     "                      (torch.ones(2, 3, 0), torch.ones(4, 0), torch.inner),\n"
     "                      (torch.ones(2, 3, 0), torch.ones(2, 0, 4), torch.matmul),\n"
     "                      (torch.ones(2, 3, 0), torch.ones(0), torch.matmul)):\n"
     "    a.requires_grad_()\n"
     "    b.requires_grad_()\n"
     "    out = product(a, b)\n"
     "    out.sum().backward()\n"
     "    print(out.shape, type(out.grad_fn).__name__, a.grad.shape, b.grad.shape)\n"),
    ("diff_sigmoid_zero_dim",
     "x = torch.tensor(0.5, requires_grad=True)\n"
     "out = x.sigmoid()\n"
     "out.backward()\n"
     "print(out, x.grad, torch.tensor(0.25).sigmoid_())\n"),
]

# 12. grad_fn names of call forms torch names apart.
CASES += [
    ("diff_grad_fn_call_forms",
     "x = torch.tensor([[1., 2.5], [3., 4.]], requires_grad=True)\n"
     "name = lambda t: type(t.grad_fn).__name__\n"
     "print([name(t) for t in torch.var_mean(x, 0) + torch.std_mean(x) + x.aminmax()])\n"
     "print(name(x.unsqueeze(0).squeeze((0,))), name(x.unsqueeze(0).squeeze(0)),\n"
     "      name(2 % x), name(x % 2), name(torch.fill(x, 2.)), name((x * 1).fill_(2.)),\n"
     "      name((x * 1).fill_(torch.tensor(2.))))\n"
     "for method in ('asinh_', 'acosh_', 'atanh_'):\n"
     "    y = torch.tensor([1.5, 2.], requires_grad=True) * 1\n"
     "    getattr(y, method)()\n"
     "    print(method, name(y))\n"),
]

# 13. Autograd bookkeeping: in-place comparisons, ops torch cannot differentiate, clamp_
# by a bound that alone requires grad.
CASES += [
    ("diff_in_place_comparisons",
     "x = torch.tensor([-1., 0.5, 2.], requires_grad=True)\n"
     "t = torch.tensor([0., 1., 1.], requires_grad=True)\n"
     "for method in ('gt_', 'lt_', 'ge_', 'le_', 'eq_', 'ne_', 'greater_'):\n"
     "    y, z, w = x * 1, x * 1, torch.tensor([-1., 0.5, 2.])\n"
     "    getattr(y, method)(0)\n"
     "    getattr(z, method)(torch.tensor([0., 1., 1.]))\n"
     "    getattr(w, method)(t)\n"
     "    (y.sum() + z.sum() + w.sum()).backward()\n"
     "    print(method, y, z, w, x.grad, t.grad)\n"
     "print(torch.tensor([1, -2, 3]).gt_(0))\n"),
    ("diff_not_implemented_gradients",
     "x = torch.tensor([-1., 0.5, 2.], requires_grad=True)\n"
     "for make in (lambda: x // 2, lambda: 2 // x, lambda: torch.floor_divide(x, 2.),\n"
     "             lambda: torch.heaviside(x, torch.tensor([0.5]))):\n"
     "    out = make()\n"
     "    print(out, out.requires_grad, type(out.grad_fn).__name__)\n"
     "    try:\n"
     "        out.sum().backward()\n"
     "    except RuntimeError as error:\n"
     "        print(error)\n"
     "print((x.detach() // 2).requires_grad)\n"),
    ("diff_clamp_by_a_bound_requiring_grad",
     "t = torch.tensor([0., 1., 1.], requires_grad=True)\n"
     "for write in (lambda y: y.clamp_(max=t), lambda y: y.clamp_(min=t),\n"
     "              lambda y: y.clamp_(t, None), lambda y: y.clamp_max_(t),\n"
     "              lambda y: y.clamp_min_(t)):\n"
     "    y = torch.tensor([-1., 0.5, 2.])\n"
     "    write(y)\n"
     "    y.sum().backward()\n"
     "    print(y, type(y.grad_fn).__name__, t.grad)\n"
     "    t.grad = None\n"),
]

# 14. What torch rejects.
CASES += [
    ("diff_multi_output_view_writes", _attempts(
        "y = torch.arange(6.).reshape(2, 3).requires_grad_() * 1", [
            "y.unbind()[0].mul_(2)", "y.unbind(1)[2].zero_()", "y.split(1)[1].add_(1)",
            "y.chunk(2)[0].t_()", "y.split([1, 1])[0].mul_(2)", "y.split(1)[0][0].mul_(2)",
            "print(torch.ones(2, 3).unbind()[0].mul_(2))"])),
    ("diff_rejected_arguments", _attempts("f = torch.ones(1, 3)", [
        "f.squeeze((0, 0))", "torch.ones(2, 1).squeeze((1, -1))", "torch.eye(-1)",
        "torch.eye(2, -1)", "torch.arange(0., float('inf'))", "torch.arange(0.5, float('nan'))",
        "torch.arange(1, 5, float('nan'))", "torch.sum(f, (0, 0))"])),
]

# 16. No NumPy floating-point warning reaches a user (the recorder lists warnings).
CASES += [
    ("diff_no_floating_point_warnings",
     "import warnings\n"
     "inf = float('inf')\n"
     "with warnings.catch_warnings():\n"
     "    warnings.simplefilter('always')\n"
     "    print(torch.log(torch.tensor([-1., 0., 1.])), torch.tensor([1., 0.]) / 0,\n"
     "          torch.tensor([inf]) - inf, torch.tensor([0.5]).acosh(),\n"
     "          torch.tensor([-1.]).sqrt_(), torch.tensor([3e38]) * 10,\n"
     "          torch.tensor([1, 2]).copy_(torch.tensor([2.5, 3.5])))\n"
     "    x = torch.tensor([0., -1.], requires_grad=True)\n"
     "    x.sqrt().sum().backward()\n"
     "    print(x.grad)\n"
     "print(torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled())\n"),
]

# Leftovers of items 6 and 8: a view reshaped in place under no_grad keeps its gradient
# layout; forward mode through in-place ops on views of transposed tensors.
CASES += [
    ("diff_view_reshaped_in_place_under_no_grad",
     "for make, change in ((lambda y: y[:, :2], lambda v: v.transpose_(0, 1)),\n"
     "                     (lambda y: y.view(3, 2), lambda v: v.t_()),\n"
     "                     (lambda y: y[0], lambda v: v.unsqueeze_(0))):\n"
     "    x = torch.arange(6.).reshape(2, 3).requires_grad_()\n"
     "    v = make(x * 1)\n"
     "    with torch.no_grad():\n"
     "        change(v)\n"
     "    (v * torch.arange(1., v.numel() + 1).reshape(v.shape)).sum().backward()\n"
     "    print(v.shape, type(v.grad_fn).__name__, x.grad)\n"),
    ("diff_forward_mode_views_of_transposed",
     "fw = torch.autograd.forward_ad\n"
     "with fw.dual_level():\n"
     "    x = fw.make_dual(torch.arange(6.).reshape(2, 3), torch.arange(6.).reshape(2, 3))\n"
     "    y = x.t() * 2\n"
     "    y[0].mul_(3)\n"
     "    print(fw.unpack_dual(y).tangent)\n"
     "    v = (x * 1).t()\n"
     "    v[:, 0].mul_(fw.make_dual(torch.tensor([1., 2., 3.]), torch.tensor([10., 20., 30.])))\n"
     "    print(fw.unpack_dual(v).tangent)\n"
     "    u = (x * 1).permute(1, 0)[1:]\n"
     "    u.diagonal().sqrt_()\n"
     "    print(fw.unpack_dual(u).tangent)\n"
     "    w = x + 1\n"
     "    w[0].mul_(3)\n"
     "    print(fw.unpack_dual(w).tangent, fw.unpack_dual(x).tangent)\n"),
]
