"""dtype cases: type promotion, the default dtype, aliases and dtype inference from data.

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must match
(see scripts/record_torch_reference.py). Cases that change the default dtype restore it.
"""

from __future__ import annotations

CASES: list[tuple[str, str]] = [
    # --- Python scalars never widen a tensor of the same category ---
    ("int_tensor_plus_float_scalar", "print((torch.tensor([1, 2]) + 1.5).dtype)"),
    ("int_tensor_times_float_scalar", "print(torch.tensor([1, 2]) * 0.5)"),
    ("int_tensor_plus_int_scalar", "print((torch.tensor([1, 2], dtype=torch.int8) + 1000))"),
    ("int32_tensor_plus_int_scalar", "print((torch.tensor([1, 2], dtype=torch.int32) + 7).dtype)"),
    ("float16_plus_float_scalar", "print((torch.ones(2, dtype=torch.float16) + 1e-3).dtype)"),
    ("bool_tensor_plus_int_scalar", "print(torch.tensor([True, False]) + 1)"),
    ("bool_tensor_times_float_scalar", "print(torch.tensor([True, False]) * 2.5)"),
    ("int_tensor_plus_bool_scalar", "print((torch.tensor([1, 2]) + True))"),
    ("uint8_plus_negative_int_scalar", "print(torch.tensor([1, 2], dtype=torch.uint8) + (-1))"),
    # --- 0-d tensors rank between dimensioned tensors and Python numbers ---
    ("int_plus_zero_dim_float64",
     "r = torch.tensor([1, 2]) + torch.tensor(1.5, dtype=torch.float64)\nprint(r.dtype)\nprint(r)"),
    ("float32_plus_zero_dim_float64",
     "print((torch.ones(2) + torch.tensor(1.0, dtype=torch.float64)).dtype)"),
    ("float16_plus_zero_dim_float32",
     "print((torch.ones(2, dtype=torch.float16) + torch.tensor(1.0)).dtype)"),
    ("int8_plus_zero_dim_int64",
     "print((torch.ones(2, dtype=torch.int8) + torch.tensor(300)).dtype)"),
    ("zero_dim_float64_plus_zero_dim_float32",
     "print((torch.tensor(1.0, dtype=torch.float64) + torch.tensor(2.0)).dtype)"),
    ("zero_dim_int_plus_float_scalar", "print((torch.tensor(3) + 0.5).dtype)"),
    ("zero_dim_int32_plus_int_scalar",
     "print((torch.tensor(3, dtype=torch.int32) + 2).dtype)"),
    ("zero_dim_float64_times_int_tensor",
     "print((torch.tensor(2.0, dtype=torch.float64) * torch.arange(3)).dtype)"),
    # --- tensor with tensor ---
    ("float16_plus_int64",
     "print((torch.ones(2, dtype=torch.float16) + torch.ones(2, dtype=torch.int64)).dtype)"),
    ("uint8_plus_int8",
     "print((torch.ones(2, dtype=torch.uint8) + torch.ones(2, dtype=torch.int8)).dtype)"),
    ("uint8_plus_int16",
     "print((torch.ones(2, dtype=torch.uint8) + torch.ones(2, dtype=torch.int16)).dtype)"),
    ("int32_plus_int64",
     "print((torch.ones(2, dtype=torch.int32) + torch.ones(2, dtype=torch.int64)).dtype)"),
    ("float32_plus_float64", "print((torch.ones(2) + torch.ones(2, dtype=torch.float64)).dtype)"),
    ("int32_plus_float16",
     "print((torch.ones(2, dtype=torch.int32) * torch.ones(2, dtype=torch.float16)).dtype)"),
    ("bool_plus_bool", "r = torch.tensor([True, False]) + torch.tensor([True, True])\nprint(r)"),
    ("bool_times_bool", "print(torch.tensor([True, False]) * torch.tensor([True, True]))"),
    ("bool_plus_int8", "print((torch.tensor([True]) + torch.tensor([3], dtype=torch.int8)).dtype)"),
    ("promote_types_table",
     "pairs = [(torch.uint8, torch.int8), (torch.int16, torch.float16), "
     "(torch.bool, torch.int32),\n"
     "         (torch.float16, torch.float32), (torch.int64, torch.float32), "
     "(torch.bool, torch.bool)]\n"
     "for a, b in pairs:\n"
     "    print(a, b, torch.promote_types(a, b))"),
    # --- division and functions that always give floats ---
    ("int_div_int", "r = torch.tensor([1, 2, 3]) / torch.tensor([2, 2, 2])\nprint(r)"),
    ("int_div_int_scalar", "print(torch.tensor([3, 4]) / 2)"),
    ("int_floor_div", "print(torch.tensor([7, -7]) // 2)"),
    ("int_true_divide_float64",
     "print((torch.tensor([1, 2]) / torch.tensor([4.0], dtype=torch.float64)).dtype)"),
    ("sqrt_of_int", "r = torch.sqrt(torch.tensor([4, 9, 2]))\nprint(r.dtype)\nresult = r"),
    ("exp_of_int", "r = torch.exp(torch.tensor([0, 1]))\nprint(r.dtype)\nresult = r"),
    ("sqrt_of_bool", "print(torch.sqrt(torch.tensor([True, False])))"),
    ("sin_of_int32", "print(torch.sin(torch.tensor([0], dtype=torch.int32)).dtype)"),
    ("mean_of_int_errors", "torch.tensor([1, 2, 3]).mean()"),
    ("mean_of_int_with_dtype", "print(torch.tensor([1, 2, 4]).mean(dtype=torch.float32))"),
    ("int_pow_negative_int_errors", "torch.tensor([2, 3]) ** -1"),
    ("int_pow_float", "print(torch.tensor([2, 3]) ** 0.5)"),
    ("int_pow_int", "print(torch.tensor([2, 3]) ** 2)"),
    ("float_scalar_pow_int_tensor", "print(2.0 ** torch.tensor([1, 2]))"),
    # --- comparisons and reductions ---
    ("comparison_dtype", "print((torch.tensor([1, 2]) > 1).dtype)"),
    ("comparison_mixed_dtypes", "print(torch.tensor([1, 2]) == torch.tensor([1.0, 2.5]))"),
    ("comparison_with_float_scalar", "print(torch.tensor([1, 2, 3]) < 2.5)"),
    ("sum_int32", "s = torch.tensor([1, 2], dtype=torch.int32).sum()\nprint(s, s.dtype)"),
    ("sum_int8", "print(torch.tensor([100, 100], dtype=torch.int8).sum())"),
    ("sum_uint8", "print(torch.tensor([200, 100], dtype=torch.uint8).sum())"),
    ("sum_bool", "s = torch.tensor([True, True, False]).sum()\nprint(s, s.dtype)"),
    ("sum_float16", "print(torch.tensor([1.5, 2.0], dtype=torch.float16).sum())"),
    ("sum_with_dtype", "print(torch.tensor([1, 2]).sum(dtype=torch.float64))"),
    ("prod_int32", "print(torch.tensor([2, 3], dtype=torch.int32).prod().dtype)"),
    ("max_keeps_int_dtype", "print(torch.tensor([1, 5, 3], dtype=torch.int16).max())"),
    ("cumsum_int32", "print(torch.tensor([1, 2, 3], dtype=torch.int32).cumsum(0).dtype)"),
    # --- the default dtype ---
    ("default_dtype", "print(torch.get_default_dtype())"),
    ("set_default_dtype_float64",
     "torch.set_default_dtype(torch.float64)\n"
     "print(torch.tensor([1.5]).dtype, torch.zeros(1).dtype, torch.arange(2.0).dtype)\n"
     "print(torch.tensor([1, 2]).dtype, (torch.tensor([1, 2]) * 0.5).dtype)\n"
     "print(torch.get_default_dtype())\n"
     "torch.set_default_dtype(torch.float32)\n"
     "print(torch.tensor([1.5]).dtype)"),
    ("set_default_dtype_repr",
     "torch.set_default_dtype(torch.float64)\n"
     "print(torch.tensor([1.5, 2.0]))\nprint(torch.tensor([1.5], dtype=torch.float32))\n"
     "torch.set_default_dtype(torch.float32)"),
    ("set_default_dtype_int_errors", "torch.set_default_dtype(torch.int64)"),
    ("set_default_dtype_float16",
     "torch.set_default_dtype(torch.float16)\nprint(torch.tensor([0.1]).dtype)\n"
     "print((torch.tensor([1, 2]) / 2).dtype)\ntorch.set_default_dtype(torch.float32)"),
    # --- aliases and dtype objects ---
    ("aliases",
     "print(torch.float, torch.double, torch.half, torch.long, torch.int, torch.short)"),
    ("alias_identity", "print(torch.float is torch.float32, torch.long is torch.int64)"),
    ("alias_equality", "print(torch.double == torch.float64, torch.int == torch.int64)"),
    ("dtype_printing",
     "for d in [torch.float16, torch.float32, torch.float64, torch.int8, torch.int16,\n"
     "          torch.int32, torch.int64, torch.uint8, torch.bool]:\n"
     "    print(d, repr(d), str(d))"),
    ("dtype_is_floating_point",
     "print(torch.float16.is_floating_point, torch.int32.is_floating_point, "
     "torch.bool.is_floating_point)"),
    ("dtype_is_signed",
     "print(torch.uint8.is_signed, torch.int8.is_signed, torch.float32.is_signed)"),
    ("dtype_itemsize", "print(torch.float64.itemsize, torch.int16.itemsize, torch.bool.itemsize)"),
    ("dtype_type_name", "print(type(torch.float32).__name__)"),
    ("tensor_is_floating_point",
     "print(torch.ones(1).is_floating_point(), "
     "torch.ones(1, dtype=torch.int64).is_floating_point())"),
    ("element_size",
     "print(torch.ones(1, dtype=torch.float16).element_size(), torch.ones(1).element_size())"),
    # --- inferring the dtype from data ---
    ("tensor_mixed_list", "t = torch.tensor([1, 2.5])\nprint(t, t.dtype)"),
    ("tensor_int_list", "print(torch.tensor([1, 2]).dtype)"),
    ("tensor_true", "t = torch.tensor(True)\nprint(t, t.dtype, t.shape)"),
    ("tensor_bool_and_int", "print(torch.tensor([True, 2]))"),
    ("tensor_bool_and_float", "print(torch.tensor([True, 2.5]))"),
    ("tensor_nested_mixed", "print(torch.tensor([[1, 2], [3.0, 4]]))"),
    ("tensor_from_numpy_float64",
     "import numpy as np\nt = torch.tensor(np.array([1.0, 2.0]))\nprint(t.dtype)\nprint(t)"),
    ("tensor_from_numpy_float32",
     "import numpy as np\nprint(torch.tensor(np.array([1.0], dtype=np.float32)).dtype)"),
    ("tensor_from_numpy_int32",
     "import numpy as np\nprint(torch.tensor(np.array([1, 2], dtype=np.int32)).dtype)"),
    ("from_numpy_keeps_dtype",
     "import numpy as np\nprint(torch.from_numpy(np.array([1.0, 2.0])))"),
    ("tensor_from_numpy_scalar_float64",
     "import numpy as np\nprint(torch.tensor(np.float64(1.5)).dtype)"),
    ("tensor_list_of_numpy_float64",
     "import numpy as np\nprint(torch.tensor([np.float64(1.5), np.float64(2.0)]).dtype)"),
    ("tensor_with_dtype_int_truncates", "print(torch.tensor([1.7, -1.7], dtype=torch.int64))"),
    ("tensor_with_dtype_bool", "print(torch.tensor([0.0, 2.0, -1.0], dtype=torch.bool))"),
    ("tensor_dtype_python_float",
     "print(torch.tensor([1], dtype=float).dtype, torch.tensor([1.0], dtype=int).dtype)"),
    ("tensor_from_tensors_list", "print(torch.tensor([torch.tensor(1.5), torch.tensor(2.0)]))"),
    # --- casting ---
    ("to_int_truncates", "print(torch.tensor([2.9, -2.9]).to(torch.int32))"),
    ("cast_methods",
     "x = torch.tensor([1.5, 0.0])\n"
     "print(x.long(), x.int().dtype, x.double().dtype, x.half().dtype, x.bool(), x.float().dtype)"),
    ("type_with_dtype", "print(torch.tensor([1.5]).type(torch.int64))"),
    ("type_string", "print(torch.tensor([1.5]).type())"),
    ("type_string_int", "print(torch.tensor([1]).type(), torch.tensor([True]).type())"),
    ("to_same_dtype_is_same_tensor",
     "x = torch.ones(2)\nprint(x.to(torch.float32) is x, x.to(torch.float64) is x)"),
    ("to_with_other_tensor",
     "print(torch.ones(2).to(torch.tensor([1], dtype=torch.int16)).dtype)"),
    ("uint8_wraps_on_cast", "print(torch.tensor([-1, 256]).to(torch.uint8))"),
    ("float16_overflow", "print(torch.tensor([70000.0]).half())"),
    ("result_type_function",
     "print(torch.result_type(torch.tensor([1]), 1.0), torch.result_type(torch.tensor([1.0]), 1))"),
    ("can_cast",
     "print(torch.can_cast(torch.float64, torch.int32), "
     "torch.can_cast(torch.int32, torch.float64))"),
    ("finfo_eps", "print(torch.finfo(torch.float32).eps, torch.finfo(torch.float64).eps)"),
    ("iinfo_max", "print(torch.iinfo(torch.int32).max, torch.iinfo(torch.uint8).min)"),
    ("finfo_repr",
     "print(torch.finfo(torch.float16))\nprint(torch.finfo())\nf = torch.finfo(torch.float64)\n"
     "print(f.bits, f.max, f.tiny, f.resolution, f.dtype)"),
    ("iinfo_repr", "print(torch.iinfo(torch.uint8), torch.iinfo(torch.int64).bits)"),
    ("finfo_of_int_errors", "torch.finfo(torch.int32)"),
    ("iinfo_of_float_errors", "torch.iinfo(torch.float32)"),
    ("can_cast_table",
     "kinds = [torch.bool, torch.uint8, torch.int64, torch.float16, torch.float64]\n"
     "for a in kinds:\n    print(a, [torch.can_cast(a, b) for b in kinds])"),
    # --- in-place ops keep the left operand's dtype ---
    ("inplace_int_plus_float_errors", "x = torch.tensor([1, 2])\nx += 1.5"),
    ("inplace_float_plus_int", "x = torch.tensor([1.0, 2.0])\nx += torch.tensor([1, 2])\nprint(x)"),
    ("inplace_float32_plus_float64",
     "x = torch.ones(2)\nx.add_(torch.ones(2, dtype=torch.float64))\nprint(x.dtype)"),
    ("inplace_int_div_errors", "x = torch.tensor([2, 4])\nx /= 2"),
]
