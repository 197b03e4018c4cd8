"""Printing cases replayed against ember and compared with output recorded from real PyTorch.

Each case is ``(case_id, python_source)``. The source refers to ``torch`` (bound to real torch
when recording, to ember when replaying) and prints with ``print()``; the harness compares the
captured stdout exactly. Snippets that change print options restore the default profile at the
end so cases stay independent.
"""

from __future__ import annotations

CASES: list[tuple[str, str]] = [
    # --- scalars (0-d tensors) ---
    ("scalar_float", "print(torch.tensor(3.5))"),
    ("scalar_float_whole", "print(torch.tensor(28.))"),
    ("scalar_int", "print(torch.tensor(7))"),
    ("scalar_bool", "print(torch.tensor(True))"),
    ("scalar_float64", "print(torch.tensor(0.1, dtype=torch.float64))"),
    ("scalar_int32", "print(torch.tensor(-3, dtype=torch.int32))"),
    ("scalar_repr", "print(repr(torch.tensor(-0.25)))"),
    # --- 1-D basics ---
    ("vector_floats", "print(torch.tensor([1.5, -2.25, 3.0]))"),
    ("vector_whole_floats", "print(torch.arange(0., 16., 4.))"),
    ("vector_ints", "print(torch.tensor([1, -20, 300]))"),
    ("vector_bools", "print(torch.tensor([True, False, True]))"),
    ("vector_precision_rounding", "print(torch.tensor([0.123456, 9.87654321, -1.0]))"),
    ("arange_int", "print(torch.arange(10))"),
    ("ones_zeros", "print(torch.ones(3))\nprint(torch.zeros(4))"),
    ("negative_zero", "print(torch.tensor([-0.0, 1.0]))"),
    # --- dtype suffix ---
    ("dtype_float64", "print(torch.tensor([1.0, 2.5], dtype=torch.float64))"),
    ("dtype_float16", "print(torch.tensor([1.0, 2.5, 0.1], dtype=torch.float16))"),
    ("dtype_int32", "print(torch.zeros(2, 3, dtype=torch.int32))"),
    ("dtype_int64_hidden", "print(torch.ones(2, dtype=torch.int64))"),
    ("dtype_bool", "print(torch.zeros(3, dtype=torch.bool))"),
    (
        "dtype_int8_uint8",
        "print(torch.tensor([1, 2], dtype=torch.int8))\n"
        "print(torch.tensor([200, 3], dtype=torch.uint8))",
    ),
    # --- scientific notation and special values ---
    ("sci_large", "print(torch.tensor([1e10, 1.0]))"),
    ("sci_small", "print(torch.tensor([1e-5, 1.0]))"),
    ("sci_ratio", "print(torch.tensor([0.5, 2000.0]))"),
    ("no_sci_ratio_1000", "print(torch.tensor([1.0, 1000.0]))"),
    ("nan_inf", "print(torch.tensor([float('nan'), float('inf'), -float('inf'), 1.5]))"),
    ("nan_inf_whole", "print(torch.tensor([float('nan'), 2.0, -float('inf')]))"),
    # --- multi-dimensional layout ---
    ("matrix", "print(torch.arange(6.).reshape(2, 3))"),
    ("matrix_int", "print(torch.arange(12).reshape(3, 4) - 5)"),
    ("tensor_3d", "print(torch.arange(24).reshape(2, 3, 4))"),
    ("tensor_4d", "print(torch.arange(16.).reshape(2, 2, 2, 2) / 4)"),
    ("wrap_long_row", "print(torch.arange(30.) / 7)"),
    # --- autograd suffixes ---
    ("requires_grad", "print(torch.tensor([1.0, 2.0], requires_grad=True))"),
    ("grad_fn_mul", "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\nprint(x * 2)"),
    (
        "grad_fn_scalar",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\nprint((x * x).sum() * 2)",
    ),
    ("grad_fn_add_wrap", "x = torch.arange(8., requires_grad=True)\nprint(x + 0.5)"),
    ("requires_grad_float64", "print(torch.ones(2, 2, dtype=torch.float64, requires_grad=True))"),
    # --- print options ---
    (
        "precision_2",
        "torch.set_printoptions(precision=2)\nprint(torch.tensor([1.23456, 2.5]))\n"
        "torch.set_printoptions(profile='default')",
    ),
    (
        "sci_mode_false",
        "torch.set_printoptions(sci_mode=False)\nprint(torch.tensor([1e-5, 1.0]))\n"
        "torch.set_printoptions(profile='default')",
    ),
    (
        "sci_mode_true",
        "torch.set_printoptions(sci_mode=True)\nprint(torch.tensor([1.5, 2.0]))\n"
        "torch.set_printoptions(profile='default')",
    ),
    (
        "linewidth_40",
        "torch.set_printoptions(linewidth=40)\nprint(torch.arange(20.) * 1.5)\n"
        "torch.set_printoptions(profile='default')",
    ),
    (
        "profile_short",
        "torch.set_printoptions(profile='short')\nprint(torch.arange(2000.) / 3)\n"
        "torch.set_printoptions(profile='default')",
    ),
    (
        "threshold_edgeitems",
        "torch.set_printoptions(threshold=5, edgeitems=2)\n"
        "print(torch.arange(20).reshape(4, 5))\ntorch.set_printoptions(profile='default')",
    ),
    # --- summarisation of big tensors ---
    ("big_arange", "print(torch.arange(2000.))"),
    ("big_matrix", "print(torch.arange(2000.).reshape(40, 50))"),
    ("big_3d_int", "print(torch.arange(2000).reshape(10, 10, 20))"),
    ("big_scaled", "print(torch.arange(2000.) * 0.5)"),
    # --- empty tensors ---
    ("empty_float", "print(torch.tensor([]))"),
    ("empty_2d", "print(torch.zeros(0, 3))"),
    ("empty_int64", "print(torch.tensor([], dtype=torch.int64))"),
    ("empty_float64_2d", "print(torch.ones(2, 0, dtype=torch.float64))"),
]
