"""In-place cases: the trailing-underscore methods, augmented assignment, versions and views.

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must match
(see scripts/record_torch_reference.py). Object identity is printed as a comparison, never as
an id.
"""

from __future__ import annotations

_X = "x = torch.tensor([1.0, -2.0, 3.0])"

CASES: list[tuple[str, str]] = [
    # --- the methods ---
    ("add_", f"{_X}\nr = x.add_(1)\nprint(x, r is x)"),
    ("add_alpha", f"{_X}\nx.add_(torch.ones(3), alpha=2)\nprint(x)"),
    ("sub_", f"{_X}\nx.sub_(torch.tensor([1.0, 1.0, 1.0]))\nprint(x)"),
    ("mul_", f"{_X}\nx.mul_(2)\nprint(x)"),
    ("mul_broadcast", "x = torch.ones(2, 3)\nx.mul_(torch.tensor([1.0, 2.0, 3.0]))\nprint(x)"),
    ("div_", f"{_X}\nx.div_(4)\nprint(x)"),
    ("pow_", f"{_X}\nx.pow_(2)\nprint(x)"),
    ("neg_abs_", f"{_X}\nx.neg_()\nprint(x)\nx.abs_()\nprint(x)"),
    ("exp_", "x = torch.tensor([0.0, 1.0])\nx.exp_()\nresult = x"),
    ("sqrt_", "x = torch.tensor([4.0, 9.0])\nx.sqrt_()\nprint(x)"),
    ("zero_", f"{_X}\nr = x.zero_()\nprint(x, r is x)"),
    ("fill_", f"{_X}\nx.fill_(7)\nprint(x)"),
    ("fill_int_tensor_with_float", "x = torch.zeros(2, dtype=torch.int64)\nx.fill_(2.9)\nprint(x)"),
    ("fill_with_zero_dim_tensor", f"{_X}\nx.fill_(torch.tensor(5.0))\nprint(x)"),
    ("copy_", f"{_X}\nx.copy_(torch.tensor([9.0, 8.0, 7.0]))\nprint(x)"),
    ("copy_broadcast", "x = torch.zeros(2, 2)\nx.copy_(torch.tensor([1.0, 2.0]))\nprint(x)"),
    ("copy_casts",
     "x = torch.zeros(2, dtype=torch.int32)\nx.copy_(torch.tensor([1.7, -1.7]))\nprint(x)"),
    ("clamp_", f"{_X}\nx.clamp_(-1, 2)\nprint(x)"),
    ("clamp_min_", f"{_X}\nx.clamp_(min=0)\nprint(x)"),
    ("clamp_max_", f"{_X}\nx.clamp_(max=0)\nprint(x)"),
    ("relu_", f"{_X}\nx.relu_()\nprint(x)"),
    ("sigmoid_", "x = torch.tensor([0.0, 2.0])\nx.sigmoid_()\nresult = x"),
    ("masked_fill_", f"{_X}\nx.masked_fill_(x < 0, 0.0)\nprint(x)"),
    ("uniform_range",
     "x = torch.zeros(100)\nx.uniform_(2, 3)\nprint(bool((x >= 2).all() & (x < 3).all()))"),
    ("normal_shape", "x = torch.zeros(2, 2)\nr = x.normal_()\nprint(r is x, x.shape)"),
    ("index_fill_", "x = torch.zeros(3)\nx.index_fill_(0, torch.tensor([0, 2]), -1.0)\nprint(x)"),
    ("scatter_",
     "x = torch.zeros(3)\nx.scatter_(0, torch.tensor([2, 0]), torch.tensor([5.0, 6.0]))\nprint(x)"),
    ("index_add_",
     "x = torch.zeros(3)\nx.index_add_(0, torch.tensor([0, 0, 2]), torch.tensor([1.0, 2.0, 3.0]))\n"
     "print(x)"),
    ("unsqueeze_", "x = torch.zeros(3)\nx.unsqueeze_(0)\nprint(x.shape)"),
    ("t_", "x = torch.zeros(2, 3)\nx.t_()\nprint(x.shape)"),
    ("requires_grad_returns_self", "x = torch.ones(2)\nprint(x.requires_grad_() is x)"),
    # --- augmented assignment keeps the object ---
    ("iadd_same_object", f"{_X}\nbefore = id(x)\nx += 1\nprint(id(x) == before, x)"),
    ("imul_same_object", f"{_X}\nbefore = id(x)\nx *= torch.tensor([2.0, 2.0, 2.0])\n"
     "print(id(x) == before, x)"),
    ("isub_itruediv", f"{_X}\nx -= 1\nx /= 2\nprint(x)"),
    ("ipow", f"{_X}\nx **= 2\nprint(x)"),
    ("ifloordiv_int", "x = torch.tensor([7, 8])\nx //= 2\nprint(x)"),
    ("imod", "x = torch.tensor([7.0, -7.0])\nx %= 3\nprint(x)"),
    ("iand_bool", "x = torch.tensor([True, True])\nx &= torch.tensor([True, False])\nprint(x)"),
    ("imatmul_rebinds",
     "x = torch.eye(2)\nbefore = x\nx @= torch.ones(2, 2)\nprint(x is before, x)"),
    ("plain_add_makes_new_object", f"{_X}\ny = x\nx = x + 1\nprint(x is y, y)"),
    ("iadd_alias_sees_change", f"{_X}\ny = x\nx += 1\nprint(y)"),
    ("iadd_broadcast_to_self", "x = torch.zeros(2, 2)\nx += torch.tensor([1.0, 2.0])\nprint(x)"),
    ("iadd_int_into_float", f"{_X}\nx += 2\nprint(x.dtype)"),
    ("iadd_float_into_int_errors", "x = torch.tensor([1, 2])\nx += torch.tensor([0.5, 0.5])"),
    # --- the version counter ---
    ("version_after_ops",
     f"{_X}\nprint(x._version)\nx.add_(1)\nprint(x._version)\nx += 1\nprint(x._version)\n"
     "x[0] = 5\nprint(x._version)\ny = x + 1\nprint(x._version, y._version)"),
    ("version_fill_zero", f"{_X}\nx.fill_(1)\nx.zero_()\nprint(x._version)"),
    ("version_shared_with_views",
     "x = torch.zeros(4)\nv = x[1:3]\nr = x.view(2, 2)\nv.add_(1)\n"
     "print(x._version, v._version, r._version)"),
    ("version_shared_with_detach",
     "x = torch.zeros(2, requires_grad=True)\nd = x.detach()\nd.add_(1)\n"
     "print(x._version, d._version)"),
    ("version_not_shared_with_clone",
     f"{_X}\nc = x.clone()\nc.add_(1)\nprint(x._version, c._version)"),
    ("version_setitem_on_view", "x = torch.zeros(2, 2)\nx[0][1] = 3\nprint(x, x._version)"),
    ("version_copy_", f"{_X}\nx.copy_(torch.ones(3))\nprint(x._version)"),
    ("version_no_grad_inplace",
     "x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    x.mul_(2)\n"
     "print(x._version)"),
    # --- views see in-place changes ---
    ("slice_assign_all", f"{_X}\ny = x\nx[:] = torch.tensor([4.0, 5.0, 6.0])\nprint(y, x is y)"),
    ("slice_assign_scalar", "X = torch.zeros(2, 3)\nX[:] = 2\nprint(X)"),
    ("slice_assign_broadcast_row",
     "X = torch.zeros(2, 3)\nX[:] = torch.tensor([1.0, 2.0, 3.0])\nprint(X)"),
    ("view_sees_inplace", "x = torch.arange(6.0)\nv = x.view(2, 3)\nx.mul_(2)\nprint(v)"),
    ("base_sees_view_inplace", "x = torch.arange(6.0)\nv = x.view(2, 3)\nv[1].zero_()\nprint(x)"),
    ("transpose_view_shares", "x = torch.zeros(2, 3)\nt = x.t()\nt[0, 1] = 1\nprint(x)"),
    ("select_view_shares", "x = torch.zeros(2, 2)\nrow = x[1]\nrow += 3\nprint(x)"),
    ("unsqueeze_view_shares", "x = torch.zeros(3)\nu = x.unsqueeze(0)\nu[0, 2] = 1\nprint(x)"),
    ("expand_view_reads_base",
     "x = torch.tensor([1.0, 2.0])\ne = x.expand(2, 2)\nx[0] = 9\nprint(e)"),
    ("reshape_contiguous_is_view",
     "x = torch.zeros(4)\nr = x.reshape(2, 2)\nr[0, 0] = 1\nprint(x)"),
    ("reshape_non_contiguous_copies",
     "x = torch.zeros(2, 2)\nr = x.t().reshape(4)\nr[1] = 1\nprint(x)"),
    ("detach_sees_inplace", f"{_X}\nd = x.detach()\nx.mul_(-1)\nprint(d)"),
    ("numpy_view_sees_inplace", "x = torch.zeros(2)\na = x.numpy()\nx.add_(1)\nprint(a)"),
    ("is_view_base",
     "x = torch.zeros(4)\nv = x[1:]\nprint(v._base is x, x._base, x.view(2, 2)._base is x)"),
    ("data_ptr_shared",
     "x = torch.zeros(4)\nprint(x.view(2, 2).data_ptr() == x.data_ptr(), "
     "x.clone().data_ptr() == x.data_ptr())"),
    ("contiguous_copy_independent",
     "x = torch.zeros(2, 2)\nc = x.t().contiguous()\nc[0, 1] = 1\nprint(x, c.is_contiguous())"),
    # --- in-place and autograd ---
    ("inplace_on_non_leaf_grad",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 2\ny.add_(1)\ny.mul_(3)\n"
     "y.sum().backward()\nprint(x.grad)"),
    ("inplace_mul_by_itself_errors",
     # mul_ saves its other operand, which is the tensor it then modifies.
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 2\ny.mul_(y)\n"
     "y.sum().backward()"),
    ("inplace_on_non_leaf_view_grad",
     "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x * 1\ny[1:].mul_(10)\n"
     "y.sum().backward()\nprint(x.grad, y.grad_fn.name())"),
    ("setitem_tensor_value_grad",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\nw = torch.tensor(5.0, requires_grad=True)\n"
     "y = x * 1\ny[0] = w * 2\ny.sum().backward()\nprint(x.grad, w.grad)"),
    ("inplace_makes_plain_tensor_require_grad",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\nb = torch.zeros(2)\nb.add_(x)\n"
     "print(b.requires_grad, b.is_leaf, b.grad_fn.name())\nb.sum().backward()\nprint(x.grad)"),
    ("copy_into_plain_tensor_grad",
     "x = torch.tensor([1.0, 2.0], requires_grad=True)\nb = torch.zeros(2)\nb.copy_(x * 3)\n"
     "b.sum().backward()\nprint(x.grad, b.grad_fn.name())"),
    ("zero_grad_inplace_keeps_object",
     "x = torch.ones(2, requires_grad=True)\nx.sum().backward()\ng = x.grad\nx.grad.zero_()\n"
     "(x * 3).sum().backward()\nprint(x.grad is g, g)"),
    ("inplace_after_use_not_saved",
     "x = torch.ones(2, requires_grad=True)\ny = x + 1\nz = y * 2\ny.add_(1)\nz.sum().backward()\n"
     "print(x.grad)"),
    ("inplace_version_error_type",
     "x = torch.ones(2, requires_grad=True)\ny = x.sigmoid()\ny.mul_(2)\ny.sum().backward()"),
]
