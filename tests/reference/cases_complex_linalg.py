"""linalg.eig and linalg.eigvals: complex results for real and complex matrices, batches,
gradients of phase-invariant functions (values compared with a tolerance: LAPACK's last
bits differ between builds), torch's refusal of a phase-dependent loss, and bad calls."""

from __future__ import annotations

CASES = [
    ("eig_of_real_and_complex_matrices", """
A = torch.tensor([[1., 2.], [-3., 0.5]], requires_grad=True)
L, V = torch.linalg.eig(A)
print(L, V.dtype, V.shape, type(torch.linalg.eig(A)).__name__)
print(torch.linalg.eigvals(A), torch.linalg.eigvals(A.double()).dtype)
B = torch.tensor([[2., 0.], [0., 3.]], dtype=torch.float64)
print(torch.linalg.eig(B))
print(torch.linalg.eig(torch.tensor([[1 + 1j, 2], [0, 3j]])))
print(torch.linalg.eig(torch.ones(0, 0)), torch.linalg.eig(torch.ones(2, 0, 0)).eigenvalues.shape)
g = torch.Generator().manual_seed(1)
values = torch.linalg.eigvals(torch.randn(2, 3, 3, generator=g))
print(values.shape, values.dtype)
result = torch.view_as_real(values)
"""),
    ("eig_gradients", """
C = torch.tensor([[4., 1., 2.], [0.5, 3., -1.], [2., 2., 1.]], dtype=torch.float64,
                 requires_grad=True)
W = torch.tensor([[1., -2.], [0.5, 3.], [2., 1.]], dtype=torch.float64)
L, V = torch.linalg.eig(C)
print(type(L.grad_fn).__name__, L.grad_fn is V.grad_fn)
(torch.view_as_real(L) * W).sum().backward()
first = C.grad.clone()
C.grad = None
L, V = torch.linalg.eig(C)
M = torch.arange(9.).double().reshape(3, 3)
((torch.view_as_real(V) ** 2).sum(-1) * M).sum().backward()
D = torch.tensor([[1., 2.], [-3., 0.5]], dtype=torch.float64, requires_grad=True)
L, V = torch.linalg.eig(D)
((torch.view_as_real(L) * W[:2]).sum() + ((torch.view_as_real(V) ** 2).sum(-1) * M[:2, :2]).sum()
 ).backward()
result = torch.cat([first.flatten(), C.grad.flatten(), D.grad.flatten()])
"""),
    ("eig_phase_dependent_loss", """
C = torch.tensor([[4., 1.], [0.5, 3.]], dtype=torch.float64, requires_grad=True)
L, V = torch.linalg.eig(C)
try:
    torch.view_as_real(V)[..., 1].sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
"""),
    ("eig_bad_calls", """
for a in (torch.ones(2, 3), torch.ones(3), torch.ones(2, 2, dtype=torch.int64),
          torch.ones(2, 2, dtype=torch.bool), torch.tensor([[float('inf'), 1.], [0., 1.]])):
    for f in (torch.linalg.eig, torch.linalg.eigvals):
        try:
            f(a)
        except Exception as e:
            print(type(e).__name__, e)
try:
    torch.linalg.eigvals(torch.tensor([[1., float('inf')], [0., 1.]], requires_grad=True))
except RuntimeError as e:
    print("RuntimeError", e)
"""),
]
