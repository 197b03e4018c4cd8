"""Creation cases: tensor(), ranges, filled tensors, identity, the *_like forms, sizes.

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must match
(see scripts/record_torch_reference.py).
"""

from __future__ import annotations

CASES: list[tuple[str, str]] = [
    # --- arange ---
    ("arange_end", "print(torch.arange(5))"),
    ("arange_start_end", "print(torch.arange(2, 6))"),
    ("arange_step", "print(torch.arange(1, 10, 3))"),
    ("arange_float_end", "print(torch.arange(4.0))"),
    ("arange_float_step", "print(torch.arange(0, 1, 0.25))"),
    ("arange_negative_step", "print(torch.arange(5, 0, -1))"),
    ("arange_negative_float_step", "print(torch.arange(1.0, -1.0, -0.5))"),
    ("arange_non_integer_count", "print(torch.arange(0, 1, 0.3))"),
    ("arange_float_tail", "result = torch.arange(0.1, 0.5, 0.1)\nprint(result.shape)"),
    ("arange_empty", "t = torch.arange(3, 3)\nprint(t, t.shape)"),
    ("arange_dtype", "print(torch.arange(3, dtype=torch.float64))"),
    ("arange_int_dtype_float_args", "print(torch.arange(0.5, 3.5, dtype=torch.int64))"),
    ("arange_requires_grad", "print(torch.arange(3.0, requires_grad=True))"),
    ("arange_int_requires_grad_errors", "torch.arange(3, requires_grad=True)"),
    ("arange_zero_step_errors", "torch.arange(0, 3, 0)"),
    ("arange_wrong_sign_errors", "torch.arange(0, 3, -1)"),
    ("arange_tensor_args", "print(torch.arange(torch.tensor(3)))"),
    ("arange_keyword_end", "print(torch.arange(start=1, end=4))"),
    # --- linspace and logspace ---
    ("linspace_basic", "print(torch.linspace(0, 1, 5))"),
    ("linspace_ints_give_floats", "print(torch.linspace(0, 10, 3).dtype)"),
    ("linspace_one_step", "print(torch.linspace(2, 5, 1))"),
    ("linspace_zero_steps", "print(torch.linspace(0, 1, 0))"),
    ("linspace_descending", "print(torch.linspace(1, -1, 5))"),
    ("linspace_values", "result = torch.linspace(-3.0, 7.0, 11)"),
    ("linspace_float64", "result = torch.linspace(0, 1, 7, dtype=torch.float64)"),
    ("linspace_int_dtype", "print(torch.linspace(0, 10, 4, dtype=torch.int64))"),
    # torch counts half the values up from start and half down from end, with a fused
    # multiply-add: the exact bits show in printed roundings.
    ("linspace_exact_bits", "for a, b, n in [(-1.0, 1.0, 4), (-1.0, 1.1, 6), (-3, 10, 13), "
                            "(0.1, 0.9, 9), (-7.3, 42.1, 31)]:\n"
                            "    print(torch.linspace(a, b, n).tolist())\n"
                            "    print(torch.linspace(a, b, n, dtype=torch.float64).tolist())"),
    ("logspace_basic", "result = torch.logspace(0, 2, 3)\nprint(result)"),
    ("logspace_base2", "print(torch.logspace(0, 3, 4, base=2))"),
    # --- eye ---
    ("eye_square", "print(torch.eye(3))"),
    ("eye_rect", "print(torch.eye(2, 3))"),
    ("eye_dtype", "print(torch.eye(2, dtype=torch.int64))"),
    ("eye_bool", "print(torch.eye(2, dtype=torch.bool))"),
    ("eye_zero", "print(torch.eye(0).shape)"),
    # --- zeros / ones / empty ---
    ("zeros_varargs", "print(torch.zeros(2, 3))"),
    ("zeros_tuple", "print(torch.zeros((2, 3)).shape)"),
    ("zeros_list", "print(torch.zeros([3]).shape)"),
    ("zeros_size_keyword", "print(torch.zeros(size=(2, 2)))"),
    ("ones_size_keyword_list", "print(torch.ones(size=[1, 3]))"),
    ("ones_from_torch_size", "print(torch.ones(torch.Size([2, 1])))"),
    ("zeros_scalar_shape", "t = torch.zeros(())\nprint(t, t.shape, t.dim())"),
    ("zeros_no_args", "t = torch.zeros(0)\nprint(t, t.shape)"),
    ("zeros_empty_dims", "t = torch.ones(2, 0, 3)\nprint(t.shape, t.numel())"),
    ("zeros_int_dtype", "print(torch.zeros(2, dtype=torch.int32))"),
    ("ones_bool", "print(torch.ones(3, dtype=torch.bool))"),
    ("ones_float16", "print(torch.ones(2, dtype=torch.float16))"),
    ("zeros_negative_size_errors", "torch.zeros(2, -1)"),
    ("zeros_float_size_errors", "torch.zeros(2.5)"),
    ("empty_shape_dtype", "t = torch.empty(2, 3, dtype=torch.float64)\nprint(t.shape, t.dtype)"),
    ("empty_size_keyword", "print(torch.empty(size=(4,)).shape)"),
    ("ones_requires_grad", "t = torch.ones(2, requires_grad=True)\nprint(t, t.is_leaf)"),
    ("zeros_int_requires_grad_errors", "torch.zeros(2, dtype=torch.int64, requires_grad=True)"),
    # --- full ---
    ("full_float", "t = torch.full((2, 2), 1.5)\nprint(t)"),
    ("full_int", "t = torch.full((3,), 7)\nprint(t, t.dtype)"),
    ("full_bool", "t = torch.full((2,), True)\nprint(t, t.dtype)"),
    ("full_dtype", "print(torch.full((2,), 3, dtype=torch.float64))"),
    ("full_list_size", "print(torch.full([1, 2], -1.0))"),
    ("full_int_size", "print(torch.full((3,), 2.0).shape)"),
    ("full_nan", "print(torch.full((2,), float('nan')))"),
    ("full_inf", "print(torch.full((2,), float('-inf')))"),
    ("full_tensor_fill", "print(torch.full((2,), torch.tensor(4.0)))"),
    ("full_requires_grad", "print(torch.full((2,), 0.5, requires_grad=True))"),
    ("full_float_into_int_dtype", "print(torch.full((2,), 2.7, dtype=torch.int64))"),
    # --- *_like ---
    ("zeros_like", "x = torch.tensor([[1, 2]], dtype=torch.int32)\nprint(torch.zeros_like(x))"),
    ("ones_like_float", "print(torch.ones_like(torch.arange(3.0)))"),
    ("ones_like_dtype", "print(torch.ones_like(torch.arange(3), dtype=torch.float32))"),
    ("full_like_int_fill", "print(torch.full_like(torch.zeros(2), 7))"),
    ("full_like_float_into_int", "print(torch.full_like(torch.zeros(2, dtype=torch.int64), 2.9))"),
    ("empty_like_shape",
     "t = torch.empty_like(torch.ones(2, 3, dtype=torch.int16))\nprint(t.shape, t.dtype)"),
    ("like_ignores_requires_grad",
     "x = torch.ones(2, requires_grad=True)\nz = torch.zeros_like(x)\nprint(z, z.requires_grad)"),
    ("like_with_requires_grad", "print(torch.zeros_like(torch.ones(2), requires_grad=True))"),
    ("rand_like_shape_dtype",
     "t = torch.rand_like(torch.ones(2, 2, dtype=torch.float64))\nprint(t.shape, t.dtype)"),
    ("randn_like_int_errors", "torch.randn_like(torch.ones(2, dtype=torch.int64))"),
    # --- tensor() ---
    ("tensor_nested", "t = torch.tensor([[1, 2, 3], [4, 5, 6]])\nprint(t, t.shape)"),
    ("tensor_scalar_shape", "t = torch.tensor(3.0)\nprint(t.shape, t.dim(), t.numel())"),
    ("tensor_empty_list", "t = torch.tensor([])\nprint(t, t.shape, t.dtype)"),
    ("tensor_empty_nested", "print(torch.tensor([[], []]).shape)"),
    ("tensor_tuple", "print(torch.tensor((1.0, 2.0)))"),
    ("tensor_requires_grad",
     "t = torch.tensor([1.0, 2.0], requires_grad=True)\nprint(t.requires_grad, t.is_leaf)"),
    ("tensor_int_requires_grad_errors", "torch.tensor([1, 2], requires_grad=True)"),
    ("tensor_ragged_errors", "torch.tensor([[1, 2], [3]])"),
    ("tensor_string_errors", "torch.tensor(['a'])"),
    ("tensor_ragged_message",
     "for data in ([[1, 2], [3]], [[[1], [2]], [[1], [2, 3]]]):\n"
     "    try:\n        torch.tensor(data)\n    except ValueError as error:\n        print(error)"),
    ("tensor_none_in_list_errors", "torch.tensor([1.0, None])"),
    ("tensor_dict_errors", "torch.tensor({})"),
    ("tensor_list_of_vectors_errors", "torch.tensor([torch.ones(2), torch.ones(2)])"),
    ("tensor_list_of_zero_dim_tensors_keeps_dtype",
     "print(torch.tensor([torch.tensor(1.5, dtype=torch.float64), 2.0]))"),
    ("tensor_numpy_scalars_promote",
     "import numpy as np\n"
     "print(torch.tensor([np.uint8(3), np.int8(1)]).dtype, torch.tensor([np.int32(1)]).dtype,\n"
     "      torch.tensor([np.float32(1.5), 2.0]).dtype,\n"
     "      torch.tensor([True, np.float64(2)]).dtype)"),
    ("tensor_numpy_arrays_in_list",
     "import numpy as np\nprint(torch.tensor([np.array([1.0]), np.array([2.0])]))"),
    ("tensor_huge_int_with_float", "print(torch.tensor([2**63, 1.0]))"),
    ("tensor_int_overflows_uint8_errors", "torch.tensor([300], dtype=torch.uint8)"),
    ("tensor_negative_wraps_into_uint8", "print(torch.tensor([-1, 2.5], dtype=torch.uint8))"),
    ("tensor_nan_into_int_errors", "torch.tensor([float('nan')], dtype=torch.int64)"),
    ("tensor_float_overflow_is_inf", "print(torch.tensor([1e40, -1e40]))"),
    ("tensor_copy_warns",
     "x = torch.ones(2)\ny = torch.tensor(x)\ny[0] = 5\nprint(x, y)"),
    ("tensor_copies_list", "data = [1.0, 2.0]\nt = torch.tensor(data)\ndata[0] = 9.0\nprint(t)"),
    ("tensor_copies_numpy",
     "import numpy as np\na = np.ones(2)\nt = torch.tensor(a)\na[0] = 5\nprint(t)"),
    ("from_numpy_shares",
     "import numpy as np\na = np.ones(2)\nt = torch.from_numpy(a)\na[0] = 5\nprint(t)"),
    ("as_tensor_shares_numpy",
     "import numpy as np\na = np.zeros(2)\nt = torch.as_tensor(a)\nt[1] = 3\nprint(a)"),
    ("as_tensor_same_tensor", "x = torch.ones(2)\nprint(torch.as_tensor(x) is x)"),
    ("numpy_shares_memory",
     "t = torch.zeros(3)\na = t.numpy()\na[0] = 1\nprint(t)"),
    ("tensor_large_int", "print(torch.tensor([2**40, -3]))"),
    ("tensor_int_overflow_errors", "torch.tensor([2**63])"),
    ("tensor_device_cpu", "t = torch.tensor([1.0], device='cpu')\nprint(t.device, t.is_cuda)"),
    ("device_object", "d = torch.device('cpu')\nprint(d, repr(d), d.type)"),
    ("device_equality", "print(torch.ones(1).device == torch.device('cpu'))"),
    ("device_descriptions",
     "print(repr(torch.device('cuda')), repr(torch.device('cuda:1')), torch.device('cuda', 0))\n"
     "print(torch.device('cuda:1') == torch.device('cuda', 1), torch.device('mps').type)\n"
     "try:\n    torch.device('gpu')\nexcept RuntimeError as e:\n    print(e)"),
    ("device_cuda_use_asserts",
     "for use in (lambda: torch.zeros(2, device='cuda'), lambda: torch.ones(1).to('cuda'),\n"
     "            lambda: torch.ones(1).cuda(), lambda: torch.nn.Linear(1, 1).cuda()):\n"
     "    try:\n        use()\n    except AssertionError:\n        print('AssertionError')"),
    ("tensor_shape_properties",
     "t = torch.zeros(2, 3, 4)\nprint(t.shape, t.size(), t.size(1), t.size(-1), t.dim(), t.ndim)\n"
     "print(t.numel(), len(t), t.shape[0], type(t.shape).__name__)"),
    ("size_is_tuple", "s = torch.ones(2, 3).shape\nprint(s == (2, 3), tuple(s), list(s), s[1:])"),
    ("size_numel", "print(torch.Size([2, 3, 4]).numel())"),
    ("stride_and_contiguous",
     "t = torch.zeros(2, 3)\n"
     "print(t.stride(), t.is_contiguous(), t.t().stride(), t.t().is_contiguous())"),
    ("clone_is_independent", "x = torch.ones(2)\ny = x.clone()\ny[0] = 0\nprint(x, y)"),
    # --- random tensors: shapes and ranges only (cases_random.py checks the values) ---
    ("rand_shape",
     "t = torch.rand(2, 3)\nprint(t.shape, t.dtype, bool((t >= 0).all()), bool((t < 1).all()))"),
    ("randn_size_keyword", "print(torch.randn(size=(3, 1)).shape)"),
    ("randint_range",
     "t = torch.randint(0, 3, (50,))\nprint(t.dtype, bool((t >= 0).all()), bool((t < 3).all()))"),
    ("randint_high_only", "print(torch.randint(5, (2, 2)).shape)"),
    ("randperm_sorted", "print(torch.randperm(5).sort().values)"),
    ("manual_seed_repeats",
     "torch.manual_seed(3)\na = torch.rand(3)\ntorch.manual_seed(3)\nb = torch.rand(3)\n"
     "print(torch.equal(a, b))"),
]
