"""More ops on complex tensors: trace, block_diag and prod with their gradients (prod's with
zeros too), truth reductions (any/all/count_nonzero), isreal, and new_full with a complex
fill."""

from __future__ import annotations

CASES = [
    ("complex_trace_block_diag_and_truth", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 0j], [2 - 1j, 0.5j, -1.5 + 0j], [1, 2j, -1 - 1j]],
                 requires_grad=True)
print(z.trace(), torch.block_diag(z[:1, :2], z[2:, 1:]))
print(z.any(), z.all(), z.any(1), z.all(0), z.count_nonzero(), z.count_nonzero(0))
print(z.isreal(), torch.ones(2).isreal(), torch.tensor([1 + 0j, 1j]).isreal())
torch.view_as_real(z.trace()).sum().backward()
print(z.grad)
z.grad = None
weights = torch.arange(16.).reshape(2, 4, 2)
(torch.view_as_real(torch.block_diag(z[:1, :2], z[2:, 1:])) * weights).sum().backward()
print(z.grad)
print(torch.ones(2, dtype=torch.cfloat).new_full((2,), 1 + 1j), torch.ones(2).new_full((2,), 2.5))
"""),
    ("complex_prod", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [2 - 1j, 0.5j, -1.5 + 0j]], requires_grad=True)
p = z.prod()
print(p)
torch.view_as_real(p).sum().backward()
print(z.grad)
z.grad = None
q = z.prod(1)
print(q)
(torch.view_as_real(q) * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
print(z.grad)
w = torch.tensor([[1 + 2j, 0j, 3j], [2 - 1j, 0.5j, 0j]], requires_grad=True)
torch.view_as_real(w.prod()).sum().backward()
print(w.grad)
w.grad = None
torch.view_as_real(w.prod(1)).sum().backward()
print(w.grad)
print(torch.tensor([1j, 2j], dtype=torch.complex128).prod(),
      torch.tensor([], dtype=torch.cfloat).prod())
"""),
]
