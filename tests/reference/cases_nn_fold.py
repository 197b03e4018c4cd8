"""nn.Fold and nn.Unfold (the modules of F.fold / F.unfold): reprs, values, gradients and
grad_fn names.

Each case is ``(case_id, python_source)`` (see scripts/record_torch_reference.py).
"""

from __future__ import annotations

CASES = [
    ("unfold_module_repr", """
print(repr(torch.nn.Unfold((2, 3))))
print(repr(torch.nn.Unfold(2, dilation=2, padding=1, stride=2)))
"""),
    ("fold_module_repr", """
print(repr(torch.nn.Fold((4, 5), (2, 2))))
print(repr(torch.nn.Fold(4, 2, stride=2)))
"""),
    ("unfold_module_values_and_grad", """
x = torch.arange(18.0).reshape(1, 2, 3, 3).requires_grad_()
y = torch.nn.Unfold(2, padding=1, stride=2)(x)
print(y)
y.pow(2).sum().backward()
print(x.grad)
"""),
    ("fold_module_adds_overlaps", """
cols = torch.arange(24.0).reshape(1, 8, 3).requires_grad_()
y = torch.nn.Fold((2, 4), 2, stride=1)(cols)
print(y)
(y * torch.arange(16.0).reshape(1, 2, 2, 4)).sum().backward()
print(cols.grad)
"""),
    ("fold_of_unfold_counts_each_pixel", """
x = torch.ones(1, 1, 4, 4)
print(torch.nn.Fold(4, 2)(torch.nn.Unfold(2)(x)))
"""),
]
