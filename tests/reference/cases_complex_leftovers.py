"""Reductions and linear algebra made complex-capable late, against torch 2.13: cumprod
(zeros too, and graphs of its gradient), prod's gradient graph with zeros, logcumsumexp
(torch's scan: imaginary parts not wrapped; infinities and nan), ..."""

from __future__ import annotations

_HELPERS = """
def attempt(label, f):
    try:
        print(label, "->", f())
    except (RuntimeError, NotImplementedError, TypeError, ValueError) as e:
        print(label, "->", type(e).__name__, e)
"""

CASES = [
    ("complex_cumprod", _HELPERS + """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j, 0.5 - 1j], [2 - 1j, 0j, -1.5 + 0j, 1 + 1j]],
                 requires_grad=True)
c = z.cumprod(1)
print(c, c.dtype)
w = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]])
(torch.view_as_real(c).sum(-1) * w).sum().backward()
print(z.grad)
z.grad = None
d = torch.cumprod(z, 0)
torch.view_as_real(d).pow(2).sum().backward()
print(d, z.grad)
print(torch.tensor([1, 2, 3]).cumprod(0, dtype=torch.cdouble),
      torch.tensor([1j, 2j]).cumprod(0, dtype=torch.complex128))
r = torch.tensor([0.5, -2., 3.], requires_grad=True)
for f in (lambda: r.cumprod(0, dtype=torch.cfloat), lambda: r.prod(dtype=torch.cfloat),
          lambda: r.prod(0, dtype=torch.cdouble)):
    attempt("complex dtype= of a real input", lambda: torch.autograd.grad(
        torch.view_as_real(f() * (1 + 2j)).sum(), r))
y = torch.tensor([1 + 1j, 2j, -1 + 0j])
y.cumprod_(0)
print(y)
"""),
    ("complex_cumprod_double_backward", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j, 0.5 - 1j], [2 - 1j, 0j, -1.5 + 0j, 1 + 1j]],
                 dtype=torch.complex128, requires_grad=True)
w = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]], dtype=torch.float64)
for x in (z, z[:1]):
    g, = torch.autograd.grad((torch.view_as_real(x.cumprod(1)).sum(-1) * w[:len(x)]).sum(),
                             z, create_graph=True)
    print(g, type(g.grad_fn).__name__)
    gg, = torch.autograd.grad(torch.view_as_real(g).pow(2).sum(), z)
    print(gg)
"""),
    ("complex_prod_graph_with_zeros", """
w = torch.tensor([[1 + 2j, 0j, 3j], [2 - 1j, 0.5j, 0j]], dtype=torch.complex128,
                 requires_grad=True)
g, = torch.autograd.grad(torch.view_as_real(w.prod(1)).sum(), w, create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(torch.view_as_real(g).pow(2).sum(), w)[0])
v = torch.tensor([1 + 2j, 0j, 3j, -1j], dtype=torch.complex128, requires_grad=True)
g, = torch.autograd.grad(torch.view_as_real(v.prod()).sum(), v, create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(torch.view_as_real(g).pow(2).sum(), v)[0])
"""),
    ("complex_logcumsumexp", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j, 0.5 - 1j], [2 - 1j, 0j, -1.5 + 0j, 1 + 1j]],
                 requires_grad=True)
c = z.logcumsumexp(1)
print(c, c.dtype)
w = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]])
(torch.view_as_real(c)[..., 0] * w - torch.view_as_real(c)[..., 1]).sum().backward()
print(z.grad)
z2 = z.detach().to(torch.complex128).requires_grad_()
g, = torch.autograd.grad(torch.view_as_real(torch.logcumsumexp(z2, 0)).sum(), z2,
                         create_graph=True)
print(g, type(g.grad_fn).__name__, g.is_conj())
print(torch.autograd.grad(torch.view_as_real(g.resolve_conj()).pow(2).sum(), z2)[0])
inf, nan = float('inf'), float('nan')
print(torch.tensor([complex(-inf, 1), complex(-inf, 2), 1 + 1j, complex(inf, 0),
                    complex(nan, 0)]).logcumsumexp(0))
print(torch.tensor([complex(-inf, 1), 2 + 3j, complex(inf, 1), complex(inf, 2)])
      .logcumsumexp(0))
print(torch.tensor([-0.0 + 0j, 1j], dtype=torch.complex128).logcumsumexp(0))
print(torch.tensor([5 + 3j, -4 + 2j, 100 + 0j, 100 - 3j]).logcumsumexp(0))
print(torch.tensor(1 + 2j).logcumsumexp(0), torch.zeros(0, 2, dtype=torch.cfloat).logcumsumexp(1))
"""),
]
