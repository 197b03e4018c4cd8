"""Complex tensors, the core: the dtypes and their promotion, tensors from complex data,
torch's printing of complex values, the ops that build complex tensors from real ones and
take them apart (view_as_real/view_as_complex, real/imag as views, complex, polar, conj,
conj_physical) with their gradients, and the errors of bad calls."""

from __future__ import annotations

CASES = [
    ("complex_dtypes", """
for d in (torch.complex64, torch.complex128, torch.cfloat, torch.cdouble):
    print(d, d.is_complex, d.is_floating_point, d.is_signed, d.itemsize, d.to_real())
print(torch.complex64 is torch.cfloat, torch.complex128 is torch.cdouble)
print(torch.float32.to_complex(), torch.float64.to_complex(), torch.complex64.to_complex())
print(torch.finfo(torch.complex64).eps, torch.finfo(torch.complex128).dtype)
try:
    torch.int32.to_complex()
except RuntimeError as e:
    print("RuntimeError", e)
try:
    torch.set_default_dtype(torch.complex64)
except TypeError as e:
    print("TypeError", e)
"""),
    ("complex_promotion", """
f32, f64, c64, c128 = torch.float32, torch.float64, torch.complex64, torch.complex128
for a in (torch.int64, torch.bool, torch.float16, f32, f64, c64, c128):
    print(a, [torch.promote_types(a, b) for b in (c64, c128)])
print(torch.result_type(torch.ones(2), torch.tensor(1j, dtype=c128)))
print(torch.result_type(torch.ones(2, dtype=f64), torch.tensor(1j, dtype=c64)))
print(torch.result_type(torch.ones(2, dtype=f64), 1j), torch.result_type(torch.ones(2), 2j))
print(torch.result_type(torch.ones(2, dtype=torch.int32), 1j))
print(torch.result_type(torch.tensor(1.0, dtype=f64), torch.ones(2, dtype=c64)))
print(torch.result_type(torch.ones(2, dtype=c64), torch.ones(2, dtype=f64)))
print(torch.result_type(torch.tensor(1), 1j), torch.result_type(torch.tensor(1.5), 1j))
print(torch.can_cast(c64, f32), torch.can_cast(f64, c64), torch.can_cast(c128, c64))
"""),
    ("complex_from_data", """
print(torch.tensor(1j).dtype, torch.tensor([1, 2j]).dtype, torch.tensor([[1.5, 2j]]).dtype)
print(torch.tensor([1 + 2j], dtype=torch.complex128).dtype)
print(torch.tensor([True, 1j]), torch.tensor(3 + 0j))
x = torch.tensor([1 + 2j, 3.5 - 1j])
print(x, x.dtype, x.shape, x.is_complex(), x.is_floating_point(), torch.is_complex(x))
print(x.tolist(), x[1].item(), complex(x[0]), x.element_size())
print(torch.ones(2).is_complex(), torch.is_complex(torch.ones(2)))
torch.set_default_dtype(torch.float64)
print(torch.tensor(1j).dtype, torch.tensor([1 + 2j]), torch.tensor([1 + 2j], dtype=torch.complex64))
"""),
    ("complex_printing", """
print(torch.tensor([1 + 2j, 3 - 1j]), torch.tensor(1 + 2j), torch.tensor(-0.5j))
print(torch.tensor(complex(0, -0.0)), torch.tensor(2.5 + 0j))
print(torch.tensor([[1.5 + 2j, -3 - 1.25j], [0, 1e-5j]]))
print(torch.tensor([1 + 2j], dtype=torch.complex128))
print(torch.tensor([], dtype=torch.complex64), torch.tensor([], dtype=torch.complex128))
print(torch.tensor([float('nan') + 1j, complex(float('inf'), -2)]))
print(torch.tensor([1e10 + 1j, 3 - 1e-6j]))
print(torch.tensor([complex(i, -i * 0.37) for i in range(40)]))
print(torch.tensor([complex(i, -i * 0.37) for i in range(2000)]))
print(torch.tensor([[complex(i, j) for j in range(4)] for i in range(3)]))
torch.set_printoptions(precision=2)
print(torch.tensor([1.23456 + 2.5j, -1j]))
"""),
    ("complex_parts_are_views", """
x = torch.tensor([1 + 2j, 3 - 1j], requires_grad=True)
for y in (x.real, x.imag, torch.real(x), torch.imag(x), torch.view_as_real(x)):
    print(y, y._base is x, y.is_conj(), [type(f).__name__ for f, _ in y.grad_fn.next_functions])
y = torch.tensor([1 + 1j, 2j])
y.real = torch.tensor([5., 6.])
y.imag = torch.tensor([7., 8.])
print(y)
w = torch.zeros(3, 2)
c = torch.view_as_complex(w)
c.real.fill_(1.0)
c.imag[1] = 4.0
print(w, c, c._base is w)
r = torch.view_as_real(c)
r[0, 1] = -2.0
print(c, r.shape, r.stride(), torch.view_as_real(c[::2]).stride())
print(torch.ones(2).real, torch.ones(2).real.data_ptr() == torch.ones(2).data_ptr() or True)
"""),
    ("complex_construct_and_gradients", """
r = torch.tensor([1., 2.], requires_grad=True)
i = torch.tensor([3., -4.], requires_grad=True)
z = torch.complex(r, i)
p = torch.polar(r, i)
print(z, p)
torch.view_as_real(z).sum().backward()
print(r.grad, i.grad)
r.grad = None
i.grad = None
(p.real * 2 + p.imag * 3).sum().backward()
print(r.grad, i.grad)
q = torch.tensor([-2., 0.], requires_grad=True)
t = torch.tensor([-4., 1.], requires_grad=True)
(torch.view_as_real(torch.polar(q, t)) * torch.tensor([2., 3.])).sum().backward()
print(q.grad, t.grad)
d = torch.complex(torch.tensor([1.], dtype=torch.float64), torch.tensor([2.], dtype=torch.float64))
print(d, d.dtype)
v = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
c = torch.view_as_complex(v)
print(c)
(torch.view_as_real(c) * torch.tensor([[1., 10.], [100., 1000.]])).sum().backward()
print(v.grad)
"""),
    ("complex_conjugates", """
x = torch.tensor([1 + 2j, 3 - 1j], requires_grad=True)
c = x.conj()
print(c, c.is_conj(), torch.is_conj(c), c.resolve_conj().is_conj(), x.is_conj())
print(x.conj_physical(), torch.conj_physical(x), torch.conj(x))
(x.conj_physical().real * torch.tensor([1., 2.]) + x.imag * 5 + x.conj().imag).sum().backward()
print(x.grad)
print(torch.ones(2).conj(), torch.ones(2).conj().is_conj())
"""),
    ("complex_bad_calls", """
r = torch.tensor([1., 2.])
cases = [
    lambda: torch.complex(r, r.double()),
    lambda: torch.complex(torch.tensor([1, 2]), torch.tensor([1, 2])),
    lambda: torch.complex(r, 1.0),
    lambda: torch.polar(r, r.double()),
    lambda: torch.view_as_complex(torch.ones(3)),
    lambda: torch.view_as_complex(torch.ones(2, 2).t()),
    lambda: torch.view_as_complex(torch.ones(3, 2)[:, :1]),
    lambda: torch.view_as_complex(torch.ones(3, 2, dtype=torch.int64)),
    lambda: torch.view_as_real(torch.ones(3)),
    lambda: torch.ones(2).imag,
    lambda: torch.tensor([1 + 1j]).sum().backward(),
    lambda: torch.tensor([1 + 1j], requires_grad=True).real.sum().backward() or print("ok"),
]
for case in cases:
    try:
        case()
    except Exception as e:
        print(type(e).__name__, e)
"""),
]
