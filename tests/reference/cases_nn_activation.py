"""Activation cases: nn.functional activations and their modules, recorded from torch.

Values and gradients (in float64 at the kinks themselves, so torch's side of every kink is
pinned; in float32 and float16 on generic points), grad_fn names (including the
`...Backward1` of in-place variants), in-place behaviour, second derivatives, gradients
with inf upstream or nan inputs, errors and warnings, and the repr of every module.

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must
match (see scripts/record_torch_reference.py). Ids start with ``act_``.
"""

from __future__ import annotations

_HEAD = "F = torch.nn.functional\n"

# Points including every kink of the activations below (0, +-0.5, +-1, +-3, 6, 0.1).
_KINKS = "[-4.0, -3.0, -1.7, -1.0, -0.5, -0.2, 0.0, 0.1, 0.3, 0.5, 1.0, 2.2, 3.0, 6.0, 7.5]"

# name -> expression of x (float64, requires grad)
_FUNCTIONS = {
    "relu": "F.relu(x)",
    "relu6": "F.relu6(x)",
    "hardtanh": "F.hardtanh(x)",
    "hardtanh_bounds": "F.hardtanh(x, -0.5, 3.0)",
    "leaky_relu": "F.leaky_relu(x)",
    "leaky_relu_slope": "F.leaky_relu(x, 0.2)",
    "leaky_relu_negative_slope": "F.leaky_relu(x, -0.3)",
    "prelu_scalar_weight": "F.prelu(x, torch.tensor([0.25], dtype=torch.float64))",
    "rrelu_eval": "F.rrelu(x)",
    "rrelu_eval_bounds": "F.rrelu(x, 0.1, 0.5)",
    "elu": "F.elu(x)",
    "elu_alpha": "F.elu(x, 0.3)",
    "elu_negative_alpha": "F.elu(x, -0.8)",
    "selu": "F.selu(x)",
    "celu": "F.celu(x)",
    "celu_alpha": "F.celu(x, 2.5)",
    "gelu": "F.gelu(x)",
    "gelu_tanh": "F.gelu(x, approximate='tanh')",
    "silu": "F.silu(x)",
    "mish": "F.mish(x)",
    "sigmoid": "F.sigmoid(x)",
    "tanh": "F.tanh(x)",
    "softplus": "F.softplus(x)",
    "softplus_beta_threshold": "F.softplus(x, 2.0, 3.0)",
    "softsign": "F.softsign(x)",
    "hardsigmoid": "F.hardsigmoid(x)",
    "hardswish": "F.hardswish(x)",
    "logsigmoid": "F.logsigmoid(x)",
    "threshold": "F.threshold(x, 0.1, 20.0)",
    "threshold_negative": "F.threshold(x, -1.0, -5.0)",
    "tanhshrink": "F.tanhshrink(x)",
    "softshrink": "F.softshrink(x)",
    "softshrink_one": "F.softshrink(x, 1.0)",
    "hardshrink": "F.hardshrink(x)",
    "hardshrink_three": "F.hardshrink(x, 3.0)",
    "glu": "F.glu(x[:14])",
    "softmax": "F.softmax(x, 0)",
    "log_softmax": "F.log_softmax(x, 0)",
    "softmin": "F.softmin(x, 0)",
    "torch_selu": "torch.selu(x)",
    "torch_celu": "torch.celu(x, 0.5)",
    "torch_threshold": "torch.threshold(x, 0.5, -1.0)",
    "torch_hardshrink": "torch.hardshrink(x, 1.0)",
    "tensor_hardshrink": "x.hardshrink()",
    "torch_rrelu": "torch.rrelu(x)",
}


def _grad_case(expr: str) -> str:
    """Value, gradient (weighted upstream) and grad_fn in float64 at the kinks."""
    return (f"{_HEAD}x = torch.tensor({_KINKS}, dtype=torch.float64, requires_grad=True)\n"
            f"y = {expr}\n"
            "print(type(y.grad_fn).__name__, y.dtype, y.shape)\n"
            "w = torch.linspace(0.5, 2.0, y.numel(), dtype=torch.float64).reshape(y.shape)\n"
            "g, = torch.autograd.grad(y, x, w)\n"
            "result = torch.cat([y.detach().flatten(), g])")


def _second_order_case(expr: str) -> str:
    """The derivative of the (weighted) gradient: double backward through the op."""
    return (f"{_HEAD}x = torch.tensor([-2.5, -0.7, 0.4, 1.3, 3.6, -0.05], dtype=torch.float64,"
            " requires_grad=True)\n"
            f"y = {expr}\n"
            "w = torch.linspace(0.5, 2.0, y.numel(), dtype=torch.float64).reshape(y.shape)\n"
            "g, = torch.autograd.grad(y, x, w, create_graph=True)\n"
            "gg, = torch.autograd.grad((g * g).sum(), x)\n"
            "result = torch.cat([g.detach(), gg])")


def _dtype_case(expr: str, dtype: str) -> str:
    """Values and gradient in float32 / float16 at generic points."""
    return (f"{_HEAD}x = torch.tensor([-3.7, -1.3, -0.6, -0.1, 0.2, 0.9, 1.6, 4.2], "
            f"dtype=torch.{dtype}, requires_grad=True)\n"
            f"y = {expr}\n"
            "print(type(y.grad_fn).__name__, y.dtype)\n"
            "g, = torch.autograd.grad(y.sum(), x)\n"
            "print(g.dtype)\n"
            "result = torch.cat([y.detach(), g])")


# Piecewise-linear activations are left out: torch's gradient of them still requires grad
# (its second derivative is 0), ember's does not (a constant). torch has no second
# derivative of hardsigmoid at all.
_SECOND_ORDER = ["elu", "elu_alpha", "elu_negative_alpha", "selu", "celu_alpha", "gelu",
                 "gelu_tanh", "silu", "mish", "softplus", "softplus_beta_threshold", "softsign",
                 "hardswish", "logsigmoid", "tanhshrink", "glu", "softmax", "log_softmax",
                 "softmin"]
_FLOAT16 = ["relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish",
            "softplus", "hardsigmoid", "hardswish", "logsigmoid", "threshold", "softshrink",
            "hardshrink", "glu", "softmax", "softmin", "rrelu_eval"]

CASES: list[tuple[str, str]] = []
CASES += [(f"act_grad_{name}", _grad_case(expr)) for name, expr in _FUNCTIONS.items()]
CASES += [(f"act_second_order_{name}", _second_order_case(_FUNCTIONS[name]))
          for name in _SECOND_ORDER]
CASES += [(f"act_float32_{name}", _dtype_case(expr, "float32"))
          for name, expr in _FUNCTIONS.items()]
CASES += [(f"act_float16_{name}", _dtype_case(_FUNCTIONS[name], "float16"))
          for name in _FLOAT16]

# ---------------------------------------------------------------------- in place
# name -> statement modifying y in place (y = x * 1, so x is a leaf that requires grad)
_INPLACE = {
    "relu": "r = F.relu(y, inplace=True)",
    "relu_": "r = F.relu_(y)",
    "relu6": "r = F.relu6(y, inplace=True)",
    "hardtanh": "r = F.hardtanh(y, -0.5, 3.0, inplace=True)",
    "hardtanh_": "r = F.hardtanh_(y)",
    "leaky_relu": "r = F.leaky_relu(y, 0.2, inplace=True)",
    "leaky_relu_": "r = F.leaky_relu_(y)",
    "leaky_relu_zero_slope": "r = F.leaky_relu_(y, 0.0)",
    "elu": "r = F.elu(y, inplace=True)",
    "elu_": "r = F.elu_(y, 0.4)",
    "elu_zero_alpha": "r = F.elu_(y, 0.0)",
    "selu": "r = F.selu(y, inplace=True)",
    "selu_": "r = F.selu_(y)",
    "torch_selu_": "r = torch.selu_(y)",
    "celu": "r = F.celu(y, 1.5, inplace=True)",
    "celu_": "r = F.celu_(y)",
    "torch_celu_": "r = torch.celu_(y, 0.5)",
    "silu": "r = F.silu(y, inplace=True)",
    "mish": "r = F.mish(y, inplace=True)",
    "hardsigmoid": "r = F.hardsigmoid(y, inplace=True)",
    "hardswish": "r = F.hardswish(y, inplace=True)",
    "threshold": "r = F.threshold(y, 0.1, -2.0, inplace=True)",
    "threshold_": "r = F.threshold_(y, 0.5, 0.2)",
    "threshold_value_above": "r = F.threshold_(y, 0.1, 20.0)",
    "torch_threshold_": "r = torch.threshold_(y, 0.1, 20.0)",
    "rrelu_eval": "r = F.rrelu(y, inplace=True)",
    "rrelu_": "r = F.rrelu_(y, 0.2, 0.4)",
    "torch_rrelu_": "r = torch.rrelu_(y)",
}


def _inplace_case(statement: str) -> str:
    return (f"{_HEAD}x = torch.tensor({_KINKS}, dtype=torch.float64, requires_grad=True)\n"
            f"y = x * 1\n{statement}\n"
            "print(r is y, type(y.grad_fn).__name__, y._version)\n"
            "w = torch.linspace(0.5, 2.0, y.numel(), dtype=torch.float64)\n"
            "g, = torch.autograd.grad(y, x, w)\n"
            "result = torch.cat([y.detach(), g])")


CASES += [(f"act_inplace_{name}", _inplace_case(stmt)) for name, stmt in _INPLACE.items()]

_NO_GRAD_INPLACE = ("x = torch.tensor([-1.5, 0.5, 2.0])\n"
                    "r = {call}\nprint(r is x, x, x._version)")
CASES += [
    (f"act_inplace_no_grad_{name}", _HEAD + _NO_GRAD_INPLACE.format(call=call))
    for name, call in {
        "relu": "F.relu(x, True)", "leaky_relu": "F.leaky_relu(x, 0.5, True)",
        "elu": "F.elu(x, 1.0, True)", "hardtanh": "F.hardtanh(x, inplace=True)",
        "threshold": "F.threshold(x, 1.0, 9.0, True)", "silu": "F.silu(x, True)",
        "hardswish": "F.hardswish(x, True)", "celu": "F.celu(x, 2.0, True)",
    }.items()
]



def _backward_error_case(statements: str) -> str:
    """Run `statements` on y = x * 1, then backward, printing the error it raises."""
    return (f"{_HEAD}x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)\n"
            f"y = x * 1\n{statements}\ntry:\n    y.sum().backward()\n"
            "except RuntimeError as e:\n    print(type(e).__name__, e)\n")


CASES += [
    ("act_inplace_leaky_relu_negative_slope_backward",
     _backward_error_case("F.leaky_relu_(y, -0.1)\nprint(type(y.grad_fn).__name__)")),
    ("act_inplace_elu_negative_alpha_backward",
     _backward_error_case("F.elu_(y, -1.0)\nprint(type(y.grad_fn).__name__)")),
    ("act_inplace_celu_negative_alpha_backward",
     _backward_error_case("F.celu(y, -1.0, inplace=True)")),
    ("act_inplace_rrelu_negative_slope_backward",
     _backward_error_case("F.rrelu(y, -0.5, -0.1, False, True)")),
    ("act_inplace_leaky_negative_slope_no_grad_is_fine",
     f"{_HEAD}x = torch.tensor([-1.0, 2.0])\nprint(F.leaky_relu_(x, -0.1))"),
    ("act_inplace_on_leaf_requiring_grad",
     f"{_HEAD}x = torch.tensor([-1.0, 2.0], requires_grad=True)\n"
     "for f in (lambda: F.relu(x, True), lambda: F.elu(x, inplace=True),\n"
     "          lambda: F.hardtanh_(x), lambda: F.threshold_(x, 0.0, 1.0)):\n"
     "    try:\n        f()\n    except RuntimeError as e:\n        print(e)"),
    ("act_inplace_module_modifies_input",
     "nn = torch.nn\nx = torch.tensor([-1.0, 2.0])\n"
     "for m in (nn.ReLU(True), nn.LeakyReLU(0.5, True), nn.ELU(inplace=True), nn.SELU(True),\n"
     "          nn.Hardtanh(-0.5, 0.5, True), nn.ReLU6(True), nn.SiLU(True), nn.Mish(True),\n"
     "          nn.Hardswish(True), nn.Hardsigmoid(True), nn.Threshold(0., 3., True),\n"
     "          nn.CELU(2., True), nn.RReLU(inplace=True).eval()):\n"
     "    x = torch.tensor([-1.0, 2.0])\n    r = m(x)\n    print(type(m).__name__, r is x)\n"
     "    result = x"),
]

# ---------------------------------------------------------------------- inf and nan
# Masked backwards select: an inf gradient arriving where the mask is off gives 0.
_INF_UPSTREAM = {
    "hardtanh": ("F.hardtanh(x)", "[-2.0, 0.0]"),
    "relu6": ("F.relu6(x)", "[7.0, 1.0]"),
    "leaky_relu": ("F.leaky_relu(x)", "[-1.0, 1.0]"),
    "threshold": ("F.threshold(x, 0.5, 2.0)", "[0.0, 1.0]"),
    "hardsigmoid": ("F.hardsigmoid(x)", "[-4.0, 0.0]"),
    "hardswish": ("F.hardswish(x)", "[-4.0, 0.0]"),
    "softshrink": ("F.softshrink(x)", "[0.2, 1.0]"),
    "hardshrink": ("F.hardshrink(x)", "[0.2, 1.0]"),
    "elu_zero_alpha": ("F.elu(x, 0.0)", "[-1.0, 1.0]"),
    "prelu_zero_weight": ("F.prelu(x, torch.tensor([0.0], dtype=torch.float64))",
                          "[-1.0, 1.0]"),
    "softplus": ("F.softplus(x)", "[30.0, 1.0]"),
    "rrelu": ("F.rrelu(x)", "[-1.0, 1.0]"),
}
CASES += [
    (f"act_inf_upstream_{name}",
     f"{_HEAD}x = torch.tensor({points}, dtype=torch.float64, requires_grad=True)\n"
     f"y = {expr}\ng, = torch.autograd.grad(y, x, torch.tensor([float('inf'), 1.0], "
     "dtype=torch.float64))\nprint(g)")
    for name, (expr, points) in _INF_UPSTREAM.items()
]
_SPECIAL = "[float('nan'), float('inf'), -float('inf')]"
CASES += [
    (f"act_nonfinite_{name}",
     f"{_HEAD}x = torch.tensor({_SPECIAL}, dtype=torch.float64, requires_grad=True)\n"
     f"y = {expr}\ng, = torch.autograd.grad(y.sum(), x)\nprint(y.detach(), g)")
    for name, expr in {
        "relu6": "F.relu6(x)", "hardtanh": "F.hardtanh(x)", "leaky_relu": "F.leaky_relu(x)",
        "elu": "F.elu(x)", "selu": "F.selu(x)", "celu": "F.celu(x)", "silu": "F.silu(x)",
        "mish": "F.mish(x)", "hardsigmoid": "F.hardsigmoid(x)", "hardswish": "F.hardswish(x)",
        "threshold": "F.threshold(x, 0.5, 2.0)", "softshrink": "F.softshrink(x)",
        "hardshrink": "F.hardshrink(x)", "softsign": "F.softsign(x)",
        "tanhshrink": "F.tanhshrink(x)", "rrelu": "F.rrelu(x)",
        "prelu": "F.prelu(x, torch.tensor([0.25], dtype=torch.float64))",
    }.items()
]

# ---------------------------------------------------------------------- prelu
CASES += [
    ("act_prelu_channels",
     f"{_HEAD}torch.manual_seed(0)\n"
     "x = torch.tensor([[[-1.0, 2.0], [0.0, -3.0], [0.5, -0.5]],\n"
     "                  [[4.0, -2.0], [-1.5, 1.0], [-2.0, 0.0]]], requires_grad=True)\n"
     "w = torch.tensor([0.25, -0.5, 2.0], requires_grad=True)\n"
     "y = F.prelu(x, w)\nprint(y)\n"
     "print([type(n).__name__ for n, _ in y.grad_fn.next_functions])\n"
     "gx, gw = torch.autograd.grad(y, (x, w), torch.arange(12.0).reshape(2, 3, 2))\n"
     "print(gx)\nprint(gw)"),
    ("act_prelu_4d",
     f"{_HEAD}x = torch.linspace(-3, 3, 24, dtype=torch.float64).reshape(2, 2, 3, 2)\n"
     "x.requires_grad_()\nw = torch.tensor([0.1, 0.7], dtype=torch.float64, requires_grad=True)\n"
     "y = F.prelu(x, w)\ngx, gw = torch.autograd.grad((y * y).sum(), (x, w))\n"
     "result = torch.cat([y.detach().flatten(), gx.flatten(), gw])"),
    ("act_prelu_0d_weight",
     f"{_HEAD}x = torch.tensor([[-1.0, 2.0], [-3.0, 0.5]], requires_grad=True)\n"
     "w = torch.tensor(0.3, requires_grad=True)\ny = F.prelu(x, w)\n"
     "gx, gw = torch.autograd.grad(y.sum(), (x, w))\nprint(y, gx, gw, gw.shape)"),
    ("act_prelu_1d_and_0d_inputs",
     f"{_HEAD}w = torch.tensor([0.5], requires_grad=True)\n"
     "x = torch.tensor([-2.0, 3.0], requires_grad=True)\ny = F.prelu(x, w)\n"
     "print(y, torch.autograd.grad(y.sum(), w))\n"
     "s = torch.tensor(-4.0, requires_grad=True)\nz = F.prelu(s, w)\n"
     "print(z, z.shape, torch.autograd.grad(z, (s, w)))"),
    ("act_prelu_method_and_function",
     "x = torch.tensor([[-1.0, 2.0]])\nw = torch.tensor([0.1, 0.2])\n"
     "print(x.prelu(w), torch.prelu(x, w))"),
    ("act_prelu_second_order",
     f"{_HEAD}x = torch.tensor([[-1.5, 2.0, -0.3], [0.7, -2.2, 1.1]], dtype=torch.float64,"
     " requires_grad=True)\n"
     "w = torch.tensor([0.2, -0.4, 0.9], dtype=torch.float64, requires_grad=True)\n"
     "y = F.prelu(x, w)\ngx, gw = torch.autograd.grad((y * y).sum(), (x, w), create_graph=True)\n"
     "hx, hw = torch.autograd.grad((gx * gx).sum() + (gw * gw).sum(), (x, w))\n"
     "result = torch.cat([gx.detach().flatten(), gw.detach(), hx.flatten(), hw])"),
    ("act_prelu_float16",
     f"{_HEAD}x = torch.tensor([[-1.0, 2.5], [0.3, -0.7]], dtype=torch.float16)\n"
     "w = torch.tensor([0.3, 0.6], dtype=torch.float16)\nresult = F.prelu(x, w)"),
]

# ---------------------------------------------------------------------- glu
CASES += [
    ("act_glu_dims",
     f"{_HEAD}x = torch.linspace(-2, 2, 24, dtype=torch.float64).reshape(2, 4, 3)\n"
     "x.requires_grad_()\nparts = []\nfor d in (0, 1, -3, -2):\n"
     "    y = F.glu(x, d)\n    print(d, tuple(y.shape), type(y.grad_fn).__name__)\n"
     "    parts += [y.detach().flatten(), torch.autograd.grad((y * y).sum(), x)[0].flatten()]\n"
     "result = torch.cat(parts)"),
]

# ---------------------------------------------------------------------- softmax family
CASES += [
    (f"act_{name}_implicit_dim_{ndim}d",
     f"{_HEAD}x = torch.arange({24 if ndim else 1}.0).reshape({shape}) / 7\n"
     f"y = F.{name}(x)\nprint(y.shape)\nresult = y")
    for name in ("softmax", "log_softmax", "softmin")
    for ndim, shape in ((0, "()"), (1, "24"), (2, "4, 6"), (3, "2, 3, 4"), (4, "2, 3, 2, 2"))
]
CASES += [
    ("act_softmax_dtype_and_stacklevel",
     f"{_HEAD}x = torch.tensor([[1, 2], [3, 5]])\n"
     "print(F.softmax(x, 1, dtype=torch.float64))\n"
     "print(F.log_softmax(x, 0, 3, torch.float64))\n"
     "print(F.softmin(x, dim=1, _stacklevel=4, dtype=torch.float32))\n"
     "print(F.softmax(x.float(), dim=None, dtype=torch.float16))"),
    ("act_softmax_module_implicit_dim",
     "nn = torch.nn\nx = torch.arange(6.0).reshape(2, 3)\n"
     "print(nn.Softmax()(x))\nprint(nn.LogSoftmax()(x))\nprint(nn.Softmin()(x))"),
    ("act_softmax_modules",
     "nn = torch.nn\nx = torch.arange(24.0).reshape(2, 3, 4) / 10\n"
     "for m in (nn.Softmax(dim=1), nn.LogSoftmax(-1), nn.Softmin(0), nn.Softmax2d()):\n"
     "    y = m(x)\n    print(m, type(y.grad_fn).__name__ if y.grad_fn else None)\n"
     "    result = y\nprint(nn.Softmax2d()(x.unsqueeze(0)).sum(1))"),
    ("act_softmax2d_bad_dims",
     "nn = torch.nn\nfor s in ((2, 3), (1, 2, 3, 4, 5)):\n    try:\n"
     "        nn.Softmax2d()(torch.ones(s))\n    except ValueError as e:\n        print(e)"),
    ("act_softmin_graph",
     f"{_HEAD}x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = F.softmin(x, 0)\n"
     "print(type(y.grad_fn).__name__, type(y.grad_fn.next_functions[0][0]).__name__)"),
]

# ---------------------------------------------------------------------- graphs of compositions
CASES += [
    ("act_composed_grad_fns",
     f"{_HEAD}x = torch.tensor([-1.0, 2.0], requires_grad=True)\n"
     "for y in (F.softsign(x), F.tanhshrink(x), F.sigmoid(x), F.tanh(x), F.relu6(x),\n"
     "          F.selu(x), F.celu(x), F.rrelu(x), F.gelu(x), F.logsigmoid(x), F.softplus(x)):\n"
     "    print(type(y.grad_fn).__name__)"),
    ("act_rrelu_training",
     f"{_HEAD}torch.manual_seed(3)\n"
     "x = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0] * 20, requires_grad=True)\n"
     "y = F.rrelu(x, 0.1, 0.3, training=True)\ng, = torch.autograd.grad(y.sum(), x)\n"
     "neg = x.detach() < 0\nslope = (y.detach()[neg] / x.detach()[neg])\n"
     "print(type(y.grad_fn).__name__, bool((slope >= 0.1).all()), bool((slope <= 0.3).all()))\n"
     "print(bool((g[neg] == slope).all()), bool((g[x.detach() > 0] == 1).all()))\n"
     "print(bool((y.detach()[x.detach() > 0] == x.detach()[x.detach() > 0]).all()))\n"
     "print(len(set(slope.tolist())) > 1)"),
    ("act_rrelu_module_train_and_eval",
     "nn = torch.nn\nm = nn.RReLU(0.2, 0.2)\nx = torch.tensor([-1.0, 2.0])\n"
     "print(m(x), m.training)\nm.eval()\nprint(m(x))"),
]

# ---------------------------------------------------------------------- errors
_INT_ERRORS = {
    "leaky_relu": "F.leaky_relu(x)", "elu": "F.elu(x)", "selu": "F.selu(x)",
    "celu": "F.celu(x)", "gelu": "F.gelu(x)", "silu": "F.silu(x)", "mish": "F.mish(x)",
    "softplus": "F.softplus(x)", "hardsigmoid": "F.hardsigmoid(x)",
    "hardswish": "F.hardswish(x)", "logsigmoid": "F.logsigmoid(x)",
    "softshrink": "F.softshrink(x)", "hardshrink": "F.hardshrink(x)", "glu": "F.glu(x)",
    "softmax": "F.softmax(x, 0)", "log_softmax": "F.log_softmax(x, 0)",
    "softmin": "F.softmin(x, 0)", "rrelu": "F.rrelu(x)", "elu_inplace": "F.elu_(x)",
    "leaky_relu_inplace": "F.leaky_relu(x, inplace=True)", "silu_inplace": "F.silu(x, True)",
    "prelu": "F.prelu(x, torch.tensor([1]))",
}
CASES += [
    (f"act_error_{dtype}_{name}",
     f"{_HEAD}x = torch.tensor([-1, 0, 1, 2], dtype=torch.{dtype})\n"
     f"try:\n    {expr}\nexcept (NotImplementedError, RuntimeError) as e:\n"
     "    print(type(e).__name__, e)")
    for dtype in ("int64", "int32", "bool")
    for name, expr in _INT_ERRORS.items()
]
CASES += [
    (f"act_integer_{name}",
     f"{_HEAD}x = torch.tensor([-3, -1, 0, 1, 2, 7])\nprint({expr})")
    for name, expr in {
        "relu": "F.relu(x)", "relu6": "F.relu6(x)", "hardtanh": "F.hardtanh(x)",
        "hardtanh_float_bounds": "F.hardtanh(x, -1.5, 2.5)",
        "threshold": "F.threshold(x, 1, 20)",
        "threshold_float_args": "F.threshold(x, -0.5, 9.7)",
        "relu_inplace": "F.relu(x, inplace=True), x",
        "sigmoid": "F.sigmoid(x)", "tanh": "F.tanh(x)", "softsign": "F.softsign(x)",
        "tanhshrink": "F.tanhshrink(x)",
    }.items()
]
CASES += [
    (f"act_error_bool_{name}",
     f"{_HEAD}x = torch.tensor([True, False])\n"
     f"try:\n    {expr}\nexcept Exception as e:\n    print(type(e).__name__, e)")
    for name, expr in {
        "relu": "F.relu(x)", "relu6": "F.relu6(x)", "hardtanh": "F.hardtanh(x)",
        "threshold": "F.threshold(x, 0.5, 1.0)", "softsign": "F.softsign(x)",
        "tanhshrink": "F.tanhshrink(x)", "sigmoid": "print(F.sigmoid(x))",
    }.items()
]

_ERRORS = {
    "prelu_channel_mismatch": "F.prelu(torch.randn(2, 3, 4), torch.ones(4))",
    "prelu_2d_weight": "F.prelu(torch.randn(2, 3), torch.ones(3, 1))",
    "prelu_0d_input": "F.prelu(torch.tensor(1.0), torch.ones(3))",
    "prelu_1d_input": "F.prelu(torch.randn(3), torch.ones(3))",
    "prelu_weight_dtype": "F.prelu(torch.randn(2, 3), torch.ones(3, dtype=torch.float64))",
    "prelu_half_float": "F.prelu(torch.ones(2, dtype=torch.float16), torch.tensor([0.25]))",
    "prelu_number_weight": "F.prelu(torch.randn(2, 3), 0.25)",
    "glu_odd": "F.glu(torch.randn(2, 5))",
    "glu_scalar": "F.glu(torch.tensor(1.0))",
    "glu_dim_out_of_range": "F.glu(torch.randn(2, 4), 2)",
    "softshrink_negative_float32": "F.softshrink(torch.ones(2), -0.5)",
    "softshrink_negative_float64": "F.softshrink(torch.ones(2, dtype=torch.float64), -1)",
    "softshrink_too_big_float16": "F.softshrink(torch.ones(2, dtype=torch.float16), 70000.0)",
    "celu_zero_alpha": "F.celu(torch.ones(2), 0.0)",
    "hardtanh_min_above_max": "F.hardtanh(torch.ones(2), 1.0, -1.0)",
    "gelu_approximate": "F.gelu(torch.ones(2), approximate='exact')",
    "rrelu_bounds": "F.rrelu(torch.ones(2), 0.5, 0.1)",
    "rrelu_bounds_training": "F.rrelu(torch.ones(2), 0.5, 0.1, training=True)",
    "softmax_dim_out_of_range": "F.softmax(torch.ones(2, 3), 2)",
    "relu_list": "F.relu([1.0, 2.0])",
    "silu_list": "F.silu([1.0])",
    "elu_list": "F.elu([1.0])",
    "sigmoid_list": "F.sigmoid([1.0])",
    "gelu_module_bad_approximate": "torch.nn.GELU('exact')(torch.ones(2))",
    "hardtanh_module_bounds": "torch.nn.Hardtanh(1.0, -1.0)",
    "hardtanh_module_equal_bounds": "torch.nn.Hardtanh(1, 1)",
    "prelu_module_channels": "torch.nn.PReLU(3)(torch.randn(2, 4))",
    "threshold_module_missing_args": "torch.nn.Threshold(0.5)",
}
CASES += [
    (f"act_error_{name}",
     f"{_HEAD}try:\n    {expr}\nexcept Exception as e:\n    print(type(e).__name__, e)")
    for name, expr in _ERRORS.items()
]

# ---------------------------------------------------------------------- modules
_DEFAULT_MODULES = ["ReLU", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "ELU", "SELU", "CELU",
                    "GELU", "SiLU", "Mish", "Sigmoid", "Tanh", "Softplus", "Softsign",
                    "Hardtanh", "Hardsigmoid", "Hardswish", "LogSigmoid", "Softmax",
                    "LogSoftmax", "Softmin", "Softmax2d", "Tanhshrink", "Softshrink",
                    "Hardshrink", "GLU"]
_CONFIGURED_MODULES = [
    "LeakyReLU(0.2, inplace=True)", "LeakyReLU(1)", "LeakyReLU(negative_slope=0.3)",
    "ReLU(True)", "ReLU(inplace=False)", "ReLU6(True)", "ELU(0.5, True)", "ELU(alpha=2)",
    "CELU(2, True)", "CELU(-1.0)", "SELU(True)", "Hardtanh(-2, 3, True)", "Hardtanh(-2, 3.5)",
    "Hardtanh(-1, 1)", "Threshold(0.1, 20, True)", "Threshold(threshold=0.5, value=1.0)",
    "Softmax(1)", "LogSoftmax(dim=-1)", "Softmin(0)", "Softplus(2, 10)", "Softplus(beta=1.5)",
    "GELU('tanh')", "GELU(approximate='none')", "SiLU(True)", "Mish(True)", "Hardswish(True)",
    "Hardsigmoid(True)", "PReLU(3, 0.1)", "PReLU(num_parameters=0)", "PReLU(init=-1.0)",
    "RReLU(0.1, 0.2, True)", "RReLU(inplace=True)", "Softshrink(0.3)", "Hardshrink(1)",
    "GLU(0)",
]
CASES += [
    ("act_module_reprs_default",
     "nn = torch.nn\n"
     f"for name in {_DEFAULT_MODULES!r}:\n    print(getattr(nn, name)())"),
    ("act_module_reprs_configured",
     "nn = torch.nn\n"
     f"for text in {_CONFIGURED_MODULES!r}:\n    print(text, '->', eval('nn.' + text))"),
    ("act_module_repr_in_sequential",
     "nn = torch.nn\n"
     "print(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.PReLU(3), nn.LeakyReLU(0.2, True),\n"
     "                    nn.GELU('tanh'), nn.Softmax(dim=1)))"),
    ("act_module_attributes",
     "nn = torch.nn\n"
     "print(nn.ReLU6().min_val, nn.ReLU6().max_val, isinstance(nn.ReLU6(), nn.Hardtanh))\n"
     "print(nn.ELU().alpha, nn.ELU().inplace, nn.LeakyReLU().negative_slope)\n"
     "print(nn.Softplus().beta, nn.Softplus().threshold, nn.GLU().dim, nn.Softmax().dim)\n"
     "print(nn.RReLU().lower, nn.RReLU().upper, nn.Softshrink().lambd, nn.GELU().approximate)\n"
     "print(nn.Threshold(1, 2).threshold, nn.Threshold(1, 2).value, nn.SELU().inplace)\n"
     "p = nn.PReLU(3)\nprint(p.num_parameters, p.init)"),
    ("act_module_hardtanh_deprecated_names",
     "import warnings\nnn = torch.nn\nwith warnings.catch_warnings(record=True) as w:\n"
     "    warnings.simplefilter('always')\n"
     "    m = nn.Hardtanh(min_value=-2.0, max_value=2.0)\n"
     "print(m, [(x.category.__name__, str(x.message)) for x in w])"),
    ("act_module_prelu_parameters",
     "nn = torch.nn\np = nn.PReLU(2)\nprint(list(p.named_parameters()))\n"
     "print(p.state_dict())\nprint(p.weight.dtype, p.weight.requires_grad)\n"
     "print(nn.PReLU(dtype=torch.float64).weight)\np.reset_parameters()\nprint(p.weight)"),
    ("act_module_prelu_gradient",
     "nn = torch.nn\np = nn.PReLU(3, init=0.5)\n"
     "x = torch.tensor([[-1.0, 2.0, -3.0], [4.0, -5.0, -0.5]])\n"
     "y = p(x)\ny.sum().backward()\nprint(y)\nprint(p.weight.grad)"),
    ("act_module_values",
     "nn = torch.nn\nx = torch.tensor([[-3.5, -1.0, -0.2, 0.0, 0.4, 1.2, 2.5, 6.5]])\n"
     "out = []\n"
     "for m in (nn.ReLU(), nn.ReLU6(), nn.LeakyReLU(0.1), nn.PReLU(), nn.RReLU().eval(),\n"
     "          nn.ELU(0.7), nn.SELU(), nn.CELU(1.3), nn.GELU(), nn.GELU('tanh'), nn.SiLU(),\n"
     "          nn.Mish(), nn.Sigmoid(), nn.Tanh(), nn.Softplus(2.0, 5.0), nn.Softsign(),\n"
     "          nn.Hardtanh(-2.0, 2.0), nn.Hardsigmoid(), nn.Hardswish(), nn.LogSigmoid(),\n"
     "          nn.Threshold(0.3, -1.0), nn.Softmax(1), nn.LogSoftmax(1), nn.Softmin(1),\n"
     "          nn.Tanhshrink(), nn.Softshrink(0.3), nn.Hardshrink(0.3), nn.GLU()):\n"
     "    out.append(m(x).detach().flatten())\n"
     "result = torch.cat(out)"),
]
