"""Error cases: the exception type torch raises, and its message where ember should match it.

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must match
(see scripts/record_torch_reference.py). `_message` cases print the type and the message;
`_type_only` cases print only the type, for messages that name torch internals (C++ kernel
names, dispatch keys) that ember has no reason to reproduce.
"""

from __future__ import annotations


def _catch(setup: str, statement: str, show_message: bool) -> str:
    lines = [setup] if setup else []
    body = "\n".join(f"    {line}" for line in statement.splitlines())
    lines += ["try:", body, "except Exception as error:",
              "    print(type(error).__name__)"]
    if show_message:
        lines.append("    print(error)")
    lines.append("else:\n    print('no error')")
    return "\n".join(lines)


def _message(statement: str, setup: str = "") -> str:
    """A source that runs `statement` and prints the type and message of what it raises."""
    return _catch(setup, statement, show_message=True)


def _type_only(statement: str, setup: str = "") -> str:
    """A source that runs `statement` and prints only the type of what it raises."""
    return _catch(setup, statement, show_message=False)


_BINARY_WITH_NUMBERS = ("floor_divide", "remainder", "fmod", "float_power", "bitwise_and",
                        "bitwise_or", "bitwise_xor", "bitwise_left_shift",
                        "bitwise_right_shift", "pow", "hypot", "clamp", "clamp_min",
                        "clamp_max", "gcd")


def _operand_types(call: str) -> str:
    """`call` with each of None, a string, a list and a tuple as `o`, on a float and an
    integer tensor `x`: the exception type of each (torch's argument parser refuses them
    before any dtype check)."""
    return (f"import operator\n"
            f"for x in (torch.ones(2), torch.ones(2, dtype=torch.int64)):\n"
            f"    for o in (None, 'a', [1, 2], (1, 2)):\n"
            f"        try:\n"
            f"            {call}\n"
            f"        except Exception as error:\n"
            f"            print(type(error).__name__)\n"
            f"        else:\n"
            f"            print('no error')")


_M = "m = torch.ones(2, 3)"
_LEAF = "x = torch.ones(3, requires_grad=True)"

CASES: list[tuple[str, str]] = [
    # --- dimensions out of range: IndexError with the valid range ---
    ("dim_out_of_range_sum", _message("m.sum(2)", _M)),
    ("dim_out_of_range_negative", _message("m.sum(-3)", _M)),
    ("dim_out_of_range_softmax", _message("torch.softmax(m, dim=5)", _M)),
    ("dim_out_of_range_size", _message("m.size(2)", _M)),
    ("dim_out_of_range_transpose", _message("m.transpose(0, 2)", _M)),
    ("dim_out_of_range_unsqueeze", _message("m.unsqueeze(3)", _M)),
    ("dim_out_of_range_cat", _message("torch.cat([m, m], dim=2)", _M)),
    ("dim_out_of_range_scalar", _message("torch.tensor(1.0).sum(1)")),
    ("dim_out_of_range_max", _message("m.max(dim=-3)", _M)),
    ("dim_repeated_in_permute", _type_only("m.permute(0, 0)", _M)),
    ("dim_repeated_in_sum", _message("m.sum((0, 0))", _M)),
    # --- shape mismatches: RuntimeError ---
    ("matmul_shape_mismatch", _message("m @ m", _M)),
    ("matmul_vector_mismatch", _type_only("torch.ones(3) @ torch.ones(4)")),
    ("matmul_matrix_vector_mismatch", _type_only("m @ torch.ones(2)", _M)),
    ("mm_needs_matrices", _type_only("torch.mm(torch.ones(3), torch.ones(3))")),
    ("dot_needs_vectors", _message("torch.dot(m, m)", _M)),
    ("dot_size_mismatch", _type_only("torch.dot(torch.ones(2), torch.ones(3))")),
    ("matmul_zero_dim", _message("torch.tensor(1.0) @ torch.ones(2)")),
    ("broadcast_add_mismatch", _message("torch.ones(3) + torch.ones(2)")),
    ("broadcast_mul_2d_mismatch", _message("torch.ones(2, 3) * torch.ones(3, 2)")),
    ("broadcast_inplace_cannot_grow", _message("torch.ones(3).add_(torch.ones(2, 3))")),
    ("view_non_contiguous", _message("m.t().view(6)", _M)),
    ("view_wrong_numel", _message("m.view(4)", _M)),
    ("reshape_wrong_numel", _message("m.reshape(5, -1)", _M)),
    ("view_two_minus_ones", _message("m.view(-1, -1)", _M)),
    ("expand_wrong_size", _type_only("m.expand(3, 3)", _M)),
    ("cat_shape_mismatch", _type_only("torch.cat([torch.ones(2, 3), torch.ones(2, 2)])")),
    ("cat_empty_list", _type_only("torch.cat([])")),
    ("stack_shape_mismatch", _type_only("torch.stack([torch.ones(2), torch.ones(3)])")),
    ("squeeze_dim_out_of_range", _message("m.squeeze(4)", _M)),
    ("t_on_3d", _message("torch.ones(2, 2, 2).t()")),
    ("where_shape_mismatch", _type_only("torch.where(torch.ones(2) > 0, torch.ones(3), 0.0)")),
    # --- autograd misuse ---
    ("numpy_on_requires_grad", _message("x.numpy()", _LEAF)),
    ("inplace_on_leaf_requiring_grad", _message("x.add_(1)", _LEAF)),
    ("inplace_operator_on_leaf", _message("x += 1", _LEAF)),
    ("setitem_on_leaf_requiring_grad", _message("x[0] = 2.0", _LEAF)),
    ("zero_on_leaf_requiring_grad", _message("x.zero_()", _LEAF)),
    ("inplace_on_view_of_leaf", _message("x[:2].mul_(2)", _LEAF)),
    ("modified_by_inplace_exp",
     _message("y.backward(torch.ones(3))", _LEAF + "\ny = x.exp()\ny.add_(1)")),
    ("modified_by_inplace_saved_input",
     _message("z.sum().backward()", _LEAF + "\nh = x * 2\nz = h * h\nh.mul_(3)")),
    ("modified_by_inplace_type", _type_only(
        "z.sum().backward()", _LEAF + "\nh = x + 0\nz = h.sin()\nh[0] = 5.0")),
    ("modified_by_inplace_not_saved_ok",
     _message("z.sum().backward()\nprint(x.grad)", _LEAF + "\nh = x * 2\nz = h + 1\nh.mul_(3)")),
    ("int_tensor_requires_grad", _message("torch.tensor([1, 2], requires_grad=True)")),
    ("int_tensor_requires_grad_method", _message("torch.arange(3).requires_grad_()")),
    ("int_tensor_requires_grad_setter",
     _message("x.requires_grad = True", "x = torch.arange(3)")),
    ("bool_tensor_requires_grad", _message("torch.ones(2, dtype=torch.bool).requires_grad_()")),
    ("backward_non_scalar", _message("(x * 2).backward()", _LEAF)),
    ("backward_twice", _message("y.backward()", _LEAF + "\ny = (x * x).sum()\ny.backward()")),
    ("backward_no_grad_fn", _message("torch.ones(2).sum().backward()")),
    ("backward_gradient_shape", _message("(x * 2).backward(torch.ones(2))", _LEAF)),
    ("grad_unused_input",
     _message("torch.autograd.grad(x.sum(), [x, w])",
              _LEAF + "\nw = torch.ones(2, requires_grad=True)")),
    ("grad_input_without_grad",
     _message("torch.autograd.grad((x * 2).sum(), torch.ones(3))", _LEAF)),
    ("grad_output_without_grad", _message("torch.autograd.grad(torch.ones(1).sum(), x)", _LEAF)),
    ("requires_grad_false_on_non_leaf", _message("(x * 2).requires_grad_(False)", _LEAF)),
    ("retain_grad_plain_tensor", _message("torch.ones(2).retain_grad()")),
    ("hook_on_plain_tensor", _message("torch.ones(2).register_hook(print)")),
    ("deepcopy_non_leaf",
     _type_only("copy.deepcopy(x * 2)", "import copy\n" + _LEAF)),
    # --- conversions ---
    ("item_multi_element", _message("torch.ones(2).item()")),
    ("item_empty", _message("torch.ones(0).item()")),
    ("float_multi_element", _message("float(torch.ones(3))")),
    ("int_multi_element", _type_only("int(torch.ones(2))")),
    ("bool_multi_element", _message("bool(torch.tensor([True, False]))")),
    ("bool_empty", _message("bool(torch.tensor([]))")),
    ("if_on_vector", _message("'yes' if torch.ones(2) > 0 else 'no'")),
    ("and_on_vectors", _message("torch.ones(2) and torch.ones(2)")),
    ("index_with_float_tensor", _type_only("torch.arange(3)[torch.tensor([0.0])]")),
    ("float_tensor_as_python_index", _message("[1, 2][torch.tensor(1.0)]")),
    ("len_of_zero_dim", _message("len(torch.tensor(2))")),
    ("iterate_zero_dim", _message("iter(torch.tensor(2))")),
    # --- indexing ---
    ("index_out_of_bounds", _message("torch.arange(3)[5]")),
    ("index_2d_out_of_bounds", _message("m[0, 3]", _M)),
    ("index_too_many", _message("m[0, 0, 0]", _M)),
    ("index_list_out_of_bounds", _type_only("torch.arange(3)[[0, 7]]")),
    ("bool_mask_wrong_shape", _type_only("torch.arange(3)[torch.tensor([True, False])]")),
    ("gather_index_out_of_bounds", _type_only("m.gather(1, torch.tensor([[5]]))", _M)),
    # --- creation and dtypes ---
    ("tensor_ragged", _type_only("torch.tensor([[1, 2], [3]])")),
    ("tensor_strings", _type_only("torch.tensor('abc')")),
    ("tensor_none", _type_only("torch.tensor(None)")),
    ("zeros_negative", _message("torch.zeros(-1)")),
    ("arange_zero_step", _message("torch.arange(0, 5, 0)")),
    ("arange_bad_bounds", _message("torch.arange(5, 0)")),
    ("linspace_negative_steps", _message("torch.linspace(0, 1, -1)")),
    ("set_default_dtype_int", _message("torch.set_default_dtype(torch.int32)")),
    ("mean_of_int", _type_only("torch.tensor([1, 2]).mean()")),
    ("int_pow_negative", _message("torch.tensor([2]) ** -1")),
    ("inplace_result_type", _message("torch.tensor([1, 2]).add_(0.5)")),
    ("inplace_div_int", _type_only("torch.tensor([2, 4]).div_(2)")),
    ("integer_division_by_zero", _message("torch.tensor([1]) // 0")),
    ("randint_bad_range", _type_only("torch.randint(5, 2, (3,))")),
    ("unknown_attribute", _type_only("torch.ones(2).no_such_method()")),
    ("softmax_int", _type_only("torch.softmax(torch.tensor([1, 2]), dim=0)")),
    ("exp_of_bool_ok", _message("print(torch.exp(torch.tensor([True])))")),
    ("sum_bad_keyword", _type_only("torch.ones(2).sum(axis_typo=0)")),
    ("reshape_non_int", _type_only("torch.ones(4).reshape(2.0, 2)")),
    # --- operands that are neither tensors nor numbers: TypeError before any dtype check ---
    *[(f"operand_types_{name}", _operand_types(f"torch.{name}(x, o)"))
      for name in _BINARY_WITH_NUMBERS],
    *[(f"operand_types_{name}_", _operand_types(f"x.clone().{name}_(o)"))
      for name in _BINARY_WITH_NUMBERS],
    *[(f"operand_types_operator_{name}",
       _operand_types(f"operator.{name}(x.clone(), o)\n            operator.{name}(o, x)"))
      for name in ("floordiv", "mod", "and_", "or_", "xor", "lshift", "rshift", "ifloordiv",
                   "imod", "iand", "ilshift")],
    ("operand_types_where_two", _operand_types("torch.where(x > 0, o)")),
    ("operand_types_where_other", _operand_types("torch.where(x > 0, x, o)")),
    ("operand_types_where_input", _operand_types("torch.where(x > 0, o, x)")),
    ("operand_types_where_method", _operand_types("x.where(x > 0, o)")),
    ("operand_types_special_xlog1py", _operand_types("torch.special.xlog1py(x, o)")),
    # --- errors raised directly, recorded by the harness ---
    ("raise_dim_out_of_range", "torch.ones(2).sum(1)"),
    ("raise_matmul_mismatch",
     "print('before')\ntorch.ones(2, 3) @ torch.ones(2, 3)\nprint('after')"),
    ("raise_broadcast_mismatch", "torch.ones(4) - torch.ones(3)"),
    ("raise_numpy_requires_grad", "torch.ones(2, requires_grad=True).numpy()"),
    ("raise_item_multi", "torch.arange(3).item()"),
    ("raise_bool_multi", "if torch.arange(3):\n    pass"),
    ("raise_index_error", "torch.arange(3)[3]"),
]
