"""Autograd cases: grad_fn names, leaves, gradients, accumulation, graphs, hooks, grad modes.

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must match
(see scripts/record_torch_reference.py). ``print(y.grad_fn)`` would show a memory address, so
cases print ``y.grad_fn.name()`` or the type name instead.
"""

from __future__ import annotations


def _grad_fn_case(expression: str) -> str:
    """A source printing the grad_fn name of an expression of x (2x2) and w (2x2)."""
    return (
        "x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)\n"
        "w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)\n"
        f"print(({expression}).grad_fn.name())"
    )


# Which grad_fn each expression gets: one case each, so a failure names the op.
_GRAD_FN_EXPRESSIONS = {
    # arithmetic and operators
    "add": "x + w", "add_scalar": "x + 1", "radd_scalar": "1 + x", "sub": "x - w",
    "sub_scalar": "x - 1", "rsub_scalar": "1 - x", "neg_operator": "-x", "mul": "x * w",
    "mul_scalar": "x * 2", "rmul_scalar": "2 * x", "div": "x / w", "div_scalar": "x / 2",
    "rdiv_scalar": "2 / x", "pow_scalar": "x ** 2", "pow_tensor": "x ** w",
    "rpow_scalar": "2 ** x", "matmul_operator": "x @ w", "abs_builtin": "abs(x)",
    # pointwise
    "exp": "x.exp()", "log": "x.log()", "sin": "x.sin()", "cos": "x.cos()",
    "tanh": "x.tanh()", "sigmoid": "x.sigmoid()", "sqrt": "x.sqrt()", "relu": "x.relu()",
    "abs": "x.abs()", "neg": "x.neg()", "pow_method": "x.pow(3)", "clamp": "x.clamp(0, 2)",
    "clamp_min": "x.clamp(min=0)", "reciprocal": "x.reciprocal()", "rsqrt": "x.rsqrt()",
    "square": "x.square()", "tan": "torch.tan(x)", "exp2": "x.exp2()", "log1p": "x.log1p()",
    "expm1": "x.expm1()", "sign": "x.sign()", "floor": "x.floor()", "round": "x.round()",
    "log2": "x.log2()", "maximum": "torch.maximum(x, w)", "minimum": "torch.minimum(x, w)",
    # reductions
    "sum": "x.sum()", "sum_dim": "x.sum(0)", "mean": "x.mean()", "mean_dim": "x.mean(dim=1)",
    "prod": "x.prod()", "max": "x.max()", "min": "x.min()", "amax": "x.amax(0)",
    "std": "x.std()", "var": "x.var()", "norm": "x.norm()", "logsumexp": "x.logsumexp(0)",
    "cumsum": "x.cumsum(0)", "softmax": "torch.softmax(x, 0)",
    "log_softmax": "torch.log_softmax(x, 1)",
    # shapes, indexing, joining
    "view": "x.view(4)", "reshape": "x.reshape(4)", "t": "x.t()", "T": "x.T", "mT": "x.mT",
    "transpose": "x.transpose(0, 1)", "permute": "x.permute(1, 0)",
    "unsqueeze": "x.unsqueeze(0)", "squeeze": "x.squeeze()", "flatten": "x.flatten()",
    "expand": "x.expand(3, 2, 2)", "select": "x[0]", "select_column": "x[:, 1]",
    "slice": "x[0:1]", "bool_mask": "x[x > 2]", "integer_lists": "x[[0, 1], [1, 0]]",
    "cat": "torch.cat([x, w])", "stack": "torch.stack([x, w])", "clone": "x.clone()",
    "contiguous": "x.t().contiguous()", "to_float64": "x.to(torch.float64)",
    "unbind": "x.unbind(0)[0]", "chunk": "x.chunk(2)[1]", "split": "x.split(1)[0]",
    "narrow": "x.narrow(0, 0, 1)", "diag": "x.diag()", "trace": "x.trace()",
    "where": "torch.where(x > 2, x, w)", "masked_fill": "x.masked_fill(x > 2, 0.0)",
    "repeat": "x.repeat(2, 1)", "flip": "x.flip(0)", "dot": "x[0].dot(w[0])",
    "mm": "x.mm(w)", "matmul_vector": "x.matmul(w[0])", "outer": "torch.outer(x[0], w[0])",
    "mv": "x.mv(w[0])",
}


def _backward_case(setup: str, expression: str) -> str:
    """A source that backpropagates from `expression` and shows every leaf's gradient."""
    return (
        f"{setup}\n"
        f"y = {expression}\n"
        "y.backward()\n"
        "for name, leaf in list(globals().items()):\n"
        "    if isinstance(leaf, torch.Tensor) and leaf.is_leaf and leaf.requires_grad:\n"
        "        print(name, leaf.grad)"
    )


_X3 = "x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)"
_XW = _X3 + "\nw = torch.tensor([1.5, 0.25, -2.0], requires_grad=True)"
_M = ("a = torch.tensor([[1.0, 2.0, 0.5], [-1.0, 0.25, 3.0]], requires_grad=True)\n"
      "b = torch.tensor([[0.5, -1.0], [2.0, 1.0], [0.0, 1.5]], requires_grad=True)")

_GRADIENTS = [
    ("grad_sum_of_squares", _X3, "(x * x).sum()"),
    ("grad_pow3", _X3, "(x ** 3).sum()"),
    ("grad_exp", _X3, "x.exp().sum()"),
    ("grad_sin_cos", _X3, "(x.sin() * x.cos()).sum()"),
    ("grad_tanh", _X3, "x.tanh().sum()"),
    ("grad_sigmoid", _X3, "torch.sigmoid(x).sum()"),
    ("grad_relu_at_zero", "x = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)",
     "x.relu().sum()"),
    ("grad_abs_at_zero", "x = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)",
     "x.abs().sum()"),
    ("grad_sqrt_at_zero", "x = torch.tensor([0.0, 4.0], requires_grad=True)", "x.sqrt().sum()"),
    ("grad_clamp_edges", "x = torch.tensor([-2.0, 0.0, 0.5, 1.0, 3.0], requires_grad=True)",
     "x.clamp(0.0, 1.0).sum()"),
    ("grad_product", _XW, "(x * w).sum()"),
    ("grad_division", _XW, "(x / w).sum()"),
    ("grad_pow_tensor_exponent", "x = torch.tensor([0.5, 2.0], requires_grad=True)\n"
     "w = torch.tensor([1.5, 3.0], requires_grad=True)", "(x ** w).sum()"),
    ("grad_mean", _X3, "x.mean()"),
    ("grad_prod", _X3, "x.prod()"),
    ("grad_max_unique", _X3, "x.max()"),
    ("grad_max_tied", "x = torch.tensor([2.0, 1.0, 2.0], requires_grad=True)", "x.max()"),
    ("grad_max_dim_tied", "x = torch.tensor([[2.0, 2.0], [1.0, 3.0]], requires_grad=True)",
     "x.max(dim=1).values.sum()"),
    ("grad_amax_tied", "x = torch.tensor([2.0, 1.0, 2.0], requires_grad=True)", "x.amax()"),
    ("grad_norm", _X3, "x.norm()"),
    ("grad_norm_at_zero", "x = torch.zeros(3, requires_grad=True)", "x.norm()"),
    ("grad_std", _X3, "x.std()"),
    ("grad_var_unbiased_false", _X3, "x.var(unbiased=False)"),
    ("grad_softmax_weighted", _X3, "(torch.softmax(x, 0) * torch.tensor([1.0, 2.0, 3.0])).sum()"),
    ("grad_log_softmax_pick", _X3, "torch.log_softmax(x, 0)[1]"),
    ("grad_logsumexp", _X3, "x.logsumexp(0)"),
    ("grad_matmul", _M, "(a @ b).sum()"),
    ("grad_matmul_vector", _M, "(a @ b[:, 0]).sum()"),
    ("grad_dot", _XW, "torch.dot(x, w)"),
    ("grad_broadcast_add", "x = torch.ones(2, 3, requires_grad=True)\n"
     "w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)", "((x + w) * w).sum()"),
    ("grad_broadcast_column", "x = torch.ones(2, 1, requires_grad=True)\n"
     "w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)", "(x * w).sum()"),
    ("grad_scalar_times_tensor", "x = torch.tensor(3.0, requires_grad=True)\n"
     "w = torch.tensor([1.0, 2.0], requires_grad=True)", "(x * w).sum()"),
    ("grad_index", _X3, "x[1] * 3"),
    ("grad_index_repeated", _X3, "x[[0, 0, 2]].sum()"),
    ("grad_bool_mask", _X3, "x[x > 0].sum()"),
    ("grad_slice", "x = torch.arange(6.0, requires_grad=True)", "x[1:5:2].sum()"),
    ("grad_view_reshape", "x = torch.arange(6.0, requires_grad=True)",
     "(x.view(2, 3) * torch.tensor([[1.0], [2.0]])).sum()"),
    ("grad_transpose", _M, "(a.t() * b).sum()"),
    ("grad_cat", _XW, "(torch.cat([x, w * 2]) * torch.arange(6.0)).sum()"),
    ("grad_stack", _XW, "(torch.stack([x, w]) ** 2).sum()"),
    ("grad_where", _XW, "torch.where(x > 0, x * 2, w).sum()"),
    ("grad_expand", "x = torch.tensor([[1.0], [2.0]], requires_grad=True)",
     "x.expand(2, 3).sum()"),
    ("grad_unsqueeze_squeeze", _X3, "x.unsqueeze(1).squeeze(1).pow(2).sum()"),
    ("grad_cumsum", _X3, "(x.cumsum(0) * torch.tensor([1.0, 2.0, 3.0])).sum()"),
    ("grad_reused_input", _X3, "(x * x * x).sum() + x.sum()"),
    ("grad_to_float64", _X3, "(x.double() * 2).sum()"),
    ("grad_seed_y", "x = torch.arange(4.0, requires_grad=True)", "2 * torch.dot(x, x)"),
    ("grad_log", "x = torch.tensor([0.5, 2.0], requires_grad=True)", "x.log().sum()"),
    ("grad_reciprocal", "x = torch.tensor([0.5, 2.0], requires_grad=True)",
     "(1 / x).sum()"),
    ("grad_float64_leaf", "x = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)",
     "(x ** 2).sum()"),
]

CASES: list[tuple[str, str]] = [
    # --- grad_fn names ---
    *[(f"grad_fn_name_{name}", _grad_fn_case(expression))
      for name, expression in _GRAD_FN_EXPRESSIONS.items()],
    ("grad_fn_type_name",
     "x = torch.ones(2, requires_grad=True)\nprint(type((x * 2).grad_fn).__name__)"),
    ("grad_fn_max_dim",
     "x = torch.tensor([[1.0, 3.0], [2.0, 0.0]], requires_grad=True)\n"
     "r = x.max(dim=1)\nprint(r.values.grad_fn.name(), r.indices.grad_fn)"),
    ("grad_fn_sort_topk",
     "x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)\n"
     "print(x.sort().values.grad_fn.name(), x.topk(2).values.grad_fn.name())"),
    ("grad_fn_setitem",
     "x = torch.ones(3, requires_grad=True)\ny = x * 1\ny[0] = 5.0\nprint(y.grad_fn.name())"),
    ("grad_fn_inplace_method",
     "x = torch.ones(3, requires_grad=True)\ny = x * 1\ny.add_(1)\nprint(y.grad_fn.name())\n"
     "y.mul_(2)\nprint(y.grad_fn.name())"),
    ("grad_fn_of_leaf", "x = torch.ones(2, requires_grad=True)\nprint(x.grad_fn)"),
    ("grad_fn_of_plain_tensor", "print(torch.ones(2).grad_fn)"),
    ("next_functions_mul",
     "x = torch.ones(2, requires_grad=True)\nw = torch.ones(2)\ny = x * w\n"
     "for fn, index in y.grad_fn.next_functions:\n"
     "    print(None if fn is None else fn.name(), index)"),
    ("next_functions_chain",
     "x = torch.ones(2, requires_grad=True)\nz = (x.exp() + x).sum()\n"
     "fn = z.grad_fn\nprint(fn.name())\n"
     "add = fn.next_functions[0][0]\nprint(add.name())\n"
     "print([(f.name(), i) for f, i in add.next_functions])\n"
     "print(add.next_functions[0][0].next_functions[0][0].name())"),
    ("next_functions_accumulate_grad_variable",
     "x = torch.ones(2, requires_grad=True)\ny = x * 2\n"
     "acc = y.grad_fn.next_functions[0][0]\nprint(acc.name(), acc.variable is x)"),
    ("next_functions_of_python_scalar_input",
     "x = torch.ones(2, requires_grad=True)\ny = x + 1\nprint(len(y.grad_fn.next_functions))"),
    # --- leaves and requires_grad of results ---
    ("leaf_flags",
     "x = torch.ones(2, requires_grad=True)\nc = torch.ones(2)\ny = x * 2\n"
     "print(x.is_leaf, x.requires_grad, c.is_leaf, c.requires_grad, y.is_leaf, y.requires_grad)"),
    ("ops_on_plain_tensors",
     "a = torch.ones(2)\nb = a * 2 + 1\nprint(b.requires_grad, b.is_leaf, b.grad_fn)"),
    ("cast_of_leaf",
     "x = torch.ones(2, requires_grad=True)\nd = x.double()\nf = x.float()\n"
     "print(d.is_leaf, d.requires_grad, d.grad_fn.name())\nprint(f is x, f.is_leaf)"),
    ("detach_flags",
     "x = torch.ones(2, requires_grad=True)\nd = (x * 2).detach()\n"
     "print(d.requires_grad, d.is_leaf, d.grad_fn)"),
    ("detach_shares_memory",
     "x = torch.ones(2, requires_grad=True)\nd = x.detach()\nd[0] = 7\nprint(x)"),
    ("data_attribute",
     "x = torch.ones(2, requires_grad=True)\nd = x.data\nprint(d.requires_grad, d)\n"
     "d.mul_(3)\nprint(x)"),
    ("mixed_requires_grad",
     "x = torch.ones(2, requires_grad=True)\nc = torch.ones(2)\nprint((x + c).requires_grad, "
     "(c + c).requires_grad)"),
    ("requires_grad_on_non_leaf_false_errors",
     "x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.requires_grad_(False)"),
    ("requires_grad_on_non_leaf_true_ok",
     "x = torch.ones(2, requires_grad=True)\ny = x * 2\nprint(y.requires_grad_() is y)"),
    ("requires_grad_setter", "x = torch.ones(2)\nx.requires_grad = True\nprint(x)"),
    ("requires_grad_on_int_errors", "torch.ones(2, dtype=torch.int64).requires_grad_()"),
    ("comparison_has_no_grad",
     "x = torch.ones(2, requires_grad=True)\nm = x > 0\nprint(m.requires_grad, m.grad_fn)"),
    ("argmax_has_no_grad",
     "x = torch.tensor([1.0, 3.0], requires_grad=True)\ni = x.argmax()\n"
     "print(i, i.requires_grad)"),
    ("grad_of_non_leaf_is_none_warns",
     "x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.sum().backward()\nprint(y.grad)"),
    ("grad_initially_none", "x = torch.ones(2, requires_grad=True)\nprint(x.grad)"),
    # --- gradients of small functions ---
    *[(case_id, _backward_case(setup, expression)) for case_id, setup, expression in _GRADIENTS],
    ("grad_values_tolerance",
     "x = torch.tensor([0.3, -1.7, 2.2], requires_grad=True)\n"
     "(x.exp() * x.sin() + x.tanh() ** 2).sum().backward()\nresult = x.grad"),
    ("grad_softmax_values",
     "x = torch.tensor([[0.1, 1.2, -0.7], [2.0, 0.3, 0.4]], requires_grad=True)\n"
     "w = torch.tensor([[1.0, -2.0, 0.5], [0.3, 0.2, 0.1]])\n"
     "(torch.softmax(x, dim=1) * w).sum().backward()\nresult = x.grad"),
    ("grad_std_values",
     "x = torch.tensor([[0.1, 1.2, -0.7], [2.0, 0.3, 0.4]], requires_grad=True)\n"
     "x.std(dim=0).sum().backward()\nresult = x.grad"),
    ("grad_nonscalar_with_gradient",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * x\n"
     "y.backward(torch.tensor([1.0, 0.5]))\nprint(x.grad)"),
    ("grad_backward_keyword_gradient",
     "x = torch.arange(4.0, requires_grad=True)\ny = x * x\n"
     "y.backward(gradient=torch.ones(len(y)))\nprint(x.grad)"),
    # --- accumulation and retain_graph ---
    ("accumulate_two_backwards",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
     "(x * 3).sum().backward()\n(x * x).sum().backward()\nprint(x.grad)"),
    ("zero_grad_between",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
     "(x * 3).sum().backward()\nx.grad.zero_()\n(x * x).sum().backward()\nprint(x.grad)"),
    ("grad_none_between",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
     "(x * 3).sum().backward()\nx.grad = None\nx.sum().backward()\nprint(x.grad)"),
    ("retain_graph_twice",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = (x * x).sum()\n"
     "y.backward(retain_graph=True)\ny.backward()\nprint(x.grad)"),
    ("second_backward_errors",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = (x * x).sum()\n"
     "y.backward()\nprint(x.grad)\ny.backward()"),
    ("second_backward_without_saved_tensors_ok",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = (x + 1).sum()\n"
     "y.backward()\ny.backward()\nprint(x.grad)"),
    ("backward_non_scalar_errors",
     "x = torch.ones(2, requires_grad=True)\n(x * 2).backward()"),
    ("backward_gradient_wrong_shape_errors",
     "x = torch.ones(2, requires_grad=True)\n(x * 2).backward(torch.ones(3))"),
    ("backward_without_requires_grad_errors", "torch.ones(2).sum().backward()"),
    ("backward_scalar_gradient_argument",
     "x = torch.tensor(2.0, requires_grad=True)\n(x ** 2).backward(torch.tensor(3.0))\n"
     "print(x.grad)"),
    ("fan_out_accumulates",
     "x = torch.tensor(2.0, requires_grad=True)\na = x * 3\nb = x ** 2\n(a + b).backward()\n"
     "print(x.grad)"),
    ("diamond_graph",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\nh = x * 2\n"
     "y = (h.sin() + h.cos() * h).sum()\ny.backward()\nresult = x.grad"),
    # --- higher order ---
    ("second_derivative_cube",
     "x = torch.tensor(2.0, requires_grad=True)\ny = x ** 3\n"
     "(g,) = torch.autograd.grad(y, x, create_graph=True)\nprint(g)\n"
     "(h,) = torch.autograd.grad(g, x)\nprint(h)"),
    ("second_derivative_sin",
     "x = torch.tensor([0.5, 1.0], requires_grad=True)\n"
     "(g,) = torch.autograd.grad(x.sin().sum(), x, create_graph=True)\n"
     "(h,) = torch.autograd.grad(g.sum(), x)\nresult = [g.tolist(), h.tolist()]\n"
     "print(g.grad_fn.name() if g.grad_fn else None)"),
    ("second_derivative_backward_create_graph",
     "x = torch.tensor(3.0, requires_grad=True)\ny = x ** 4\ny.backward(create_graph=True)\n"
     "print(x.grad)\ng = x.grad\nx.grad = None\ng.backward()\nprint(x.grad)"),
    ("third_derivative_exp",
     "x = torch.tensor(0.5, requires_grad=True)\ny = (2 * x).exp()\n"
     "g1, = torch.autograd.grad(y, x, create_graph=True)\n"
     "g2, = torch.autograd.grad(g1, x, create_graph=True)\n"
     "g3, = torch.autograd.grad(g2, x)\nresult = [g1.item(), g2.item(), g3.item()]"),
    ("second_derivative_tanh",
     "x = torch.tensor([-0.5, 0.25], requires_grad=True)\n"
     "g, = torch.autograd.grad(x.tanh().sum(), x, create_graph=True)\n"
     "h, = torch.autograd.grad(g.sum(), x)\nresult = h"),
    ("mixed_second_derivative",
     "x = torch.tensor(2.0, requires_grad=True)\nw = torch.tensor(3.0, requires_grad=True)\n"
     "gx, = torch.autograd.grad(x * x * w, x, create_graph=True)\n"
     "gxw, = torch.autograd.grad(gx, w)\nprint(gx, gxw)"),
    ("grad_without_create_graph_is_constant",
     "x = torch.tensor(2.0, requires_grad=True)\n"
     "g, = torch.autograd.grad(x ** 2, x)\nprint(g, g.requires_grad)"),
    # --- torch.autograd.grad ---
    ("autograd_grad_tuple",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
     "w = torch.tensor([3.0, 4.0], requires_grad=True)\n"
     "gs = torch.autograd.grad((x * w).sum(), [x, w])\nprint(type(gs).__name__, gs)\n"
     "print(x.grad, w.grad)"),
    ("autograd_grad_unused_errors",
     "x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\n"
     "torch.autograd.grad(x.sum(), [x, w])"),
    ("autograd_grad_allow_unused",
     "x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\n"
     "print(torch.autograd.grad(x.sum(), [x, w], allow_unused=True))"),
    ("autograd_grad_materialize",
     "x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\n"
     "print(torch.autograd.grad(x.sum(), [x, w], allow_unused=True, materialize_grads=True))"),
    ("autograd_grad_outputs",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
     "print(torch.autograd.grad(x * 3, x, grad_outputs=torch.tensor([1.0, -1.0])))"),
    ("autograd_grad_non_leaf_input",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\nh = x * 2\n"
     "print(torch.autograd.grad((h ** 2).sum(), h))"),
    ("autograd_grad_input_not_requiring_grad_errors",
     "x = torch.ones(2)\ny = torch.ones(2, requires_grad=True)\n"
     "torch.autograd.grad((x * y).sum(), x)"),
    ("autograd_backward_function",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
     "torch.autograd.backward([(x * x).sum()])\nprint(x.grad)"),
    ("backward_inputs_argument",
     "x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\n"
     "(x * w * 2).sum().backward(inputs=[x])\nprint(x.grad, w.grad)"),
    # --- grad modes ---
    ("no_grad_block",
     "x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    y = x * 2\n"
     "    print(torch.is_grad_enabled())\n"
     "print(y.requires_grad, y.grad_fn, torch.is_grad_enabled())\n"
     "print(y)"),
    ("no_grad_decorator",
     "x = torch.ones(2, requires_grad=True)\n@torch.no_grad()\ndef f(t):\n    return t * 2\n"
     "print(f(x).requires_grad)"),
    ("enable_grad_inside_no_grad",
     "x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n"
     "    with torch.enable_grad():\n        y = x * 2\n    z = x * 2\n"
     "print(y.requires_grad, z.requires_grad)"),
    ("set_grad_enabled_false",
     "x = torch.ones(2, requires_grad=True)\ntorch.set_grad_enabled(False)\ny = x * 2\n"
     "torch.set_grad_enabled(True)\nprint(y.requires_grad, (x * 2).requires_grad)"),
    ("set_grad_enabled_context",
     "x = torch.ones(2, requires_grad=True)\nwith torch.set_grad_enabled(False):\n"
     "    y = x + 1\nprint(y.requires_grad, torch.is_grad_enabled())"),
    ("inference_mode_block",
     "x = torch.ones(2, requires_grad=True)\nwith torch.inference_mode():\n    y = x * 2\n"
     "print(y.requires_grad)"),
    ("no_grad_inplace_on_leaf_ok",
     "x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    x -= 0.5\n"
     "print(x, x.is_leaf)"),
    ("no_grad_creation_keeps_requires_grad",
     "with torch.no_grad():\n    x = torch.ones(2, requires_grad=True)\nprint(x.requires_grad)"),
    # --- retain_grad and hooks ---
    ("retain_grad_non_leaf",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 3\ny.retain_grad()\n"
     "(y * y).sum().backward()\nprint(y.grad, y.retains_grad, x.grad)"),
    # a retained grad is a new tensor at each backward (never written in place), a clone
    # (CloneBackward0) when building a graph; a 0-d one keeps its dtype
    ("retain_grad_accumulates_out_of_place",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 2\ny.retain_grad()\n"
     "loss = (y * y).sum()\nloss.backward(retain_graph=True)\ng, gx = y.grad, x.grad\n"
     "loss.backward()\nprint(g, y.grad, g is y.grad, gx is x.grad)"),
    ("retain_grad_create_graph_is_a_clone",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 2\ny.retain_grad()\n"
     "g, = torch.autograd.grad((y * y).sum(), [x], create_graph=True)\n"
     "print(y.grad, x.grad, g)\n(y * y).sum().backward(create_graph=True)\n"
     "print(y.grad, x.grad)"),
    ("retain_grad_of_non_leaf_input_out_of_place",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 2\nloss = (y * y).sum()\n"
     "loss.backward(inputs=[y], retain_graph=True)\ng = y.grad\n"
     "loss.backward(inputs=[y], retain_graph=True)\nprint(g, y.grad, g is y.grad)"),
    ("retain_grad_0d_float64_accumulates",
     "x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)\ny = x * 3\n"
     "y.retain_grad()\nloss = y * y\nloss.backward(retain_graph=True)\nloss.backward()\n"
     "print(y.grad, x.grad)"),
    ("retain_grad_on_leaf_is_noop",
     "x = torch.ones(2, requires_grad=True)\nx.retain_grad()\nprint(x.retains_grad)"),
    ("hook_doubles_grad",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\nh = x.register_hook(lambda g: g * 2)\n"
     "(x * x).sum().backward()\nprint(x.grad)"),
    ("hook_on_non_leaf",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 3\n"
     "y.register_hook(lambda g: print('hook sees', g))\n(y * y).sum().backward()\nprint(x.grad)"),
    ("hook_replaces_non_leaf_grad",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 3\n"
     "y.register_hook(lambda g: torch.ones_like(g))\ny.sum().backward()\nprint(x.grad)"),
    ("hook_remove",
     "x = torch.ones(2, requires_grad=True)\nh = x.register_hook(lambda g: g * 10)\nh.remove()\n"
     "x.sum().backward()\nprint(x.grad)"),
    ("hook_on_plain_tensor_errors", "torch.ones(2).register_hook(lambda g: g)"),
    ("retain_grad_without_requires_grad_errors", "torch.ones(2).retain_grad()"),
    # --- the seed notebook ---
    ("seed_notebook_cells",
     "x = torch.arange(4.0)\nprint(x)\nx.requires_grad_(True)\nprint(x.grad)\n"
     "y = 2 * torch.dot(x.T, x)\nprint(y)\ny.backward()\nprint(x.grad)\nprint(x.grad == 4 * x)\n"
     "x.grad.zero_()\ny = x.sum()\ny.backward()\nprint(x.grad)\n"
     "x.grad.zero_()\ny = x * x\ny.backward(gradient=torch.ones(len(y)))\nprint(x.grad)\n"
     "x.grad.zero_()\ny = x * x\nu = y.detach()\nz = u * x\nz.sum().backward()\nprint(x.grad)\n"
     "print(x.grad == u)"),
    ("seed_notebook_control_flow",
     "def f(a):\n    b = a * 2\n    while b.norm() < 1000:\n        b = b * 2\n"
     "    if b.sum() > 0:\n        c = b\n    else:\n        c = 100 * b\n    return c\n"
     "for start in [0.3, -0.7, 1.5]:\n"
     "    a = torch.tensor([start], requires_grad=True)\n    d = f(a)\n    d.backward()\n"
     "    print(a.grad, a.grad == d / a)"),
    ("seed_notebook_randn_size",
     "a = torch.randn(size=(1,), requires_grad=True)\nprint(a.shape, a.requires_grad)"),
    # grad(..., is_grads_batched=True): a leading batch dim on grad_outputs and results.
    ("grad_is_grads_batched",
     "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x ** 2\n"
     "print(torch.autograd.grad(y, x, torch.eye(3), is_grads_batched=True, retain_graph=True))\n"
     "s = (x * x.exp()).sum()\n"
     "print(torch.autograd.grad(s, x, torch.tensor([1.0, -2.0]), is_grads_batched=True))\n"
     "z = torch.tensor([1.0], requires_grad=True)\n"
     "print(torch.autograd.grad(y, [x, z], torch.eye(3), is_grads_batched=True, "
     "allow_unused=True, retain_graph=True))\n"
     "print(torch.autograd.grad(y, [x, z], torch.eye(3), is_grads_batched=True, "
     "materialize_grads=True, retain_graph=True))\n"
     "g = torch.autograd.grad(y, x, torch.eye(3), is_grads_batched=True, create_graph=True)[0]\n"
     "print(g.requires_grad, g.shape)\n"
     "print(torch.autograd.grad(y, x, torch.eye(3), is_grads_batched=True))"),
    ("grad_is_grads_batched_shape_mismatch",
     "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"
     "torch.autograd.grad(x ** 2, x, torch.ones(2, 4), is_grads_batched=True)"),
    ("grad_is_grads_batched_unbatched_gradient",
     "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"
     "torch.autograd.grad(x ** 2, x, torch.ones(3), is_grads_batched=True)"),
    ("grad_is_grads_batched_graph_freed",
     "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x.exp()\n"
     "torch.autograd.grad(y, x, torch.eye(3), is_grads_batched=True)\n"
     "torch.autograd.grad(y, x, torch.eye(3), is_grads_batched=True)"),
    ("grad_is_grads_batched_unused_errors",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\nz = torch.ones(1, requires_grad=True)\n"
     "torch.autograd.grad(x * 2, [x, z], torch.eye(2), is_grads_batched=True)"),
    # maximum/minimum: an infinite upstream gradient gives the loser 0, not nan; a nan input
    # splits the gradient as torch does.
    ("maximum_minimum_gradients_at_inf_and_nan",
     "a = torch.tensor([1.0, 5.0, float('nan'), 2.0], requires_grad=True)\n"
     "b = torch.tensor([3.0, 1.0, 1.0, 2.0], requires_grad=True)\n"
     "g = torch.tensor([float('inf'), 1.0, 1.0, 1.0])\n"
     "for f in (torch.maximum, torch.minimum):\n"
     "    a.grad = b.grad = None\n    f(a, b).backward(g)\n    print(a.grad, b.grad)"),
    ("fill_backward_with_infinite_gradient",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 1\ny.fill_(3.0)\n"
     "y.backward(torch.tensor([float('inf'), 1.0]))\nprint(x.grad)\n"
     "x.grad = None\ny = x * 1\ny.zero_()\n"
     "y.backward(torch.tensor([float('inf'), float('nan')]))\nprint(x.grad)"),
    ("gelu_zero_dim",
     "x = torch.tensor(0.7, requires_grad=True)\ny = torch.nn.functional.gelu(x)\n"
     "y.backward()\nprint(y, x.grad)"),
    # relu's mask selects: inf/nan upstream where x <= 0 gives 0, a nan input passes.
    ("relu_gradient_masks_select",
     "x = torch.tensor([-1.0, 4.0, float('nan'), 0.0], requires_grad=True)\n"
     "torch.relu(x).sqrt().sum().backward()\nprint(x.grad)\nx.grad = None\n"
     "torch.relu(x).backward(torch.tensor([float('inf'), 1.0, 2.0, float('nan')]))\n"
     "print(x.grad)"),
    # Reverse over forward: x + 3 passes the tangent on as a copy that keeps its graph.
    ("reverse_over_forward_through_added_constant",
     "fwAD = torch.autograd.forward_ad\n"
     "x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)\n"
     "v = torch.tensor([1.0, 0.5, -0.25], dtype=torch.float64)\n"
     "with fwAD.dual_level():\n"
     "    out = (fwAD.make_dual(x, v) ** 2 + 3).sin()\n"
     "    tangent = fwAD.unpack_dual(out).tangent\n"
     "    tangent.sum().backward()\n"
     "print(tangent, x.grad)"),
]
