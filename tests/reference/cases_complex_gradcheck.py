"""torch.autograd.gradcheck and gradgradcheck with complex inputs and outputs (checked as
pairs of reals), in slow and fast mode: correct formulas pass, a wrong one fails, and
polar's gradient for a negative radius fails as torch's does (its formula uses sgn)."""

from __future__ import annotations

CASES = [
    ("gradcheck_complex_functions", """
z = torch.tensor([1 + 2j, -0.5 + 0.25j], dtype=torch.complex128, requires_grad=True)
r = torch.tensor([0.7, 1.2], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(lambda a: torch.view_as_real(a.conj_physical()), (z,)))
print(torch.autograd.gradcheck(lambda a, b: torch.polar(b, a.real), (z, r)))
print(torch.autograd.gradcheck(lambda a, b: torch.complex(b, a.imag), (z, r), fast_mode=True))
print(torch.autograd.gradgradcheck(
    lambda a, b: torch.view_as_real(torch.polar(b, a.imag)) ** 2, (z, r)))
print(torch.autograd.gradcheck(lambda a: torch.view_as_real(a) ** 2, (z,), fast_mode=True))
"""),
    ("gradcheck_complex_failures", """
class BadConj(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.conj_physical()

    @staticmethod
    def backward(ctx, g):
        return g


z = torch.tensor([1 + 2j, -0.5 + 0.25j], dtype=torch.complex128, requires_grad=True)
print(torch.autograd.gradcheck(BadConj.apply, (z,), raise_exception=False))
print(torch.autograd.gradcheck(BadConj.apply, (z,), raise_exception=False, fast_mode=True))
r = torch.tensor([0.7, -1.2], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(lambda a: torch.polar(a, a), (r,), raise_exception=False))
try:
    torch.autograd.gradcheck(BadConj.apply, (z,))
except Exception as e:
    print(type(e).__name__)
"""),
]
