"""What the differential sweeps of complex programs (helper-119) found, against torch 2.13:
!= of a 0-d complex tensor and a complex number (bool), conj_physical_ of complex values,
reciprocal as torch's complex division (inf+nanj at 0, the signs of zero parts), tensor **
tensor at a complex base of 0, inf or nan (C's cpow), nan_to_num_ recording a complex
tensor that requires grad, index_fill/masked_fill of a complex tensor with a 0-d value
that requires grad (trace's double backward), and the nodes of polar's and conj's
gradients taken with create_graph=True.

Ids start with ``csweep_``.
"""

from __future__ import annotations

_HELPERS = """
def attempt(label, f):
    try:
        r = f()
    except (RuntimeError, NotImplementedError, TypeError, ValueError, IndexError) as e:
        print(label, "->", type(e).__name__, e)
        return
    if isinstance(r, torch.Tensor):
        print(label, "->", r.dtype, r, type(r.grad_fn).__name__ if r.grad_fn else None)
    else:
        print(label, "->", r)

def parts(t):  # the parts, signs of zeros included
    return [(repr(z.real), repr(z.imag)) for z in t.flatten().tolist()]
"""

CASES = [
    ("csweep_ne_with_a_complex_number", _HELPERS + """
z = torch.full((), 2.2, requires_grad=True).to(torch.cfloat)
for label, f in (("ne", lambda: torch.ne(z, 1 + 2j)), ("!=", lambda: z != 2.2 + 0j),
                 ("eq", lambda: torch.eq(z, 2.2 + 0j)),
                 ("ne 1-d", lambda: torch.tensor([1j, 2]) != 1j),
                 ("ne cdouble 0-d", lambda: torch.tensor(1j, dtype=torch.cdouble).ne(1j)),
                 ("ne_", lambda: torch.tensor([1j, 2j]).ne_(1j))):
    attempt(label, f)
"""),
    ("csweep_conj_physical_inplace", _HELPERS + """
x = torch.tensor([-0.5, -4.0], requires_grad=True)
y = x * (1 + 1j)
y.conj_physical_()
print(y, y.is_conj(), y.grad_fn.name())
torch.view_as_real(y * (2 - 1j)).sum().backward()
print(x.grad)
w = torch.tensor([1 + 2j, -3j, 0j], dtype=torch.cdouble)
print(w.conj_physical_(), torch.conj_physical_(w), w._version)
r = torch.tensor([1.5, -2.0])
print(r.conj_physical_(), r._version)
leaf = torch.tensor([1j], requires_grad=True)
attempt("leaf", lambda: leaf.conj_physical_())
"""),
    ("csweep_reciprocal", _HELPERS + """
values = [0j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, -0.0), 2 + 0j,
          complex(2.0, -0.0), -4 + 0j, complex(-4.0, -0.0), 4j, -4j, 1 + 1j, -2 - 2j,
          complex(float('inf'), 0.0), complex(0.0, float('inf')), complex(float('nan'), 1.0),
          3e38 + 3e38j, 1e-40 + 0j]
for dtype in (torch.complex64, torch.complex128):
    z = torch.tensor(values, dtype=dtype)
    print(dtype, parts(z.reciprocal()))
    print(parts(torch.reciprocal(z[:5])), parts(z[:3].clone().reciprocal_()))
z = torch.tensor([2 + 0j, 1 - 1j, 0.5j], requires_grad=True)
y = z.reciprocal()
g, = torch.autograd.grad(torch.view_as_real(y).sum(), [z], create_graph=True)
print(y, g, g.grad_fn.name())
"""),
    ("csweep_power_at_odd_bases", _HELPERS + """
nan, inf = float('nan'), float('inf')
bases = [0j, 0j, 0j, complex(-0.0, 0.0), complex(nan, -1.44), complex(nan, nan), complex(1, nan),
         complex(inf, 0.0), complex(-inf, 1.0), 1 + 2j]
exponents = [-1.88 + 0j, 2 + 0j, -1 - 2j, 0.5 + 1j, 0j, 0j, 3 + 0j, -1 + 0j, 0.5 + 0j, 0.5 + 1j]
for dtype in (torch.complex64, torch.complex128):
    a = torch.tensor(bases, dtype=dtype)
    b = torch.tensor(exponents, dtype=dtype)
    print(dtype, parts(a ** b))
    print(parts(torch.pow(a, b.real)), parts(a.clone().pow_(b)))
print(parts(torch.zeros(2, dtype=torch.cfloat) ** torch.tensor([-1.88, 2.0])))
"""),
    ("csweep_nan_to_num_inplace", _HELPERS + """
nan, inf = float('nan'), float('inf')
z = torch.tensor([complex(nan, 1.0), complex(2.0, inf), -0.5 + 1.5j], requires_grad=True)
y = z.clone()
y.nan_to_num_(nan=7.0, posinf=9.0)
print(y, y.grad_fn.name())
torch.view_as_real(y * (1 + 2j)).sum().backward()
print(z.grad)
attempt("out of place", lambda: torch.nan_to_num(z))
attempt("method", lambda: z.nan_to_num())
attempt("leaf in place", lambda: z.nan_to_num_())
with torch.no_grad():
    print(torch.nan_to_num(z), z.detach().nan_to_num())
i = torch.tensor([1, 2])
print(i.nan_to_num_(), i._version)
"""),
    ("csweep_fill_complex_with_grad_value", _HELPERS + """
v = torch.tensor(1 + 2j, dtype=torch.cdouble, requires_grad=True)
x = torch.zeros(3, dtype=torch.cdouble)
y = x.index_fill(0, torch.tensor([0, 2]), v)
print(y, y.grad_fn.name())
m = x.masked_fill(torch.tensor([True, False, True]), v)
print(m, m.grad_fn.name())
(y.abs().sum() + torch.view_as_real(m).sum()).backward()
print(v.grad)
attempt("into int64", lambda: torch.zeros(3, dtype=torch.int64).index_fill(
    0, torch.tensor([0]), torch.tensor(1.0, requires_grad=True)))
t = torch.tensor([[1 + 1j, 2 - 1j, 0.5j], [3j, 1 + 0j, -1 - 1j]], requires_grad=True)
s = torch.trace(t)
g, = torch.autograd.grad((s * s).real.mean(), [t], create_graph=True)
print(g, g.grad_fn.name())
print(torch.autograd.grad(g.abs().sum(), [t]))
"""),
    ("csweep_empty_mean_and_running_extremes", _HELPERS + """
import warnings
nan = float('nan')
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    e = torch.zeros((0,), dtype=torch.cfloat, requires_grad=True)
    print(torch.mean(e, -1, keepdim=True), torch.mean(e),
          torch.zeros((2, 0), dtype=torch.cdouble).mean(1))
    z = torch.tensor([[1 + 2j, 3 - 1j], [0.5j, 2]], dtype=torch.cfloat)
    print(z.mean(0), z.mean(), z.mean((0, 1)), z.mean(1, keepdim=True))
    w = torch.tensor([1 + 1j, complex(nan, 0.0), 2j], dtype=torch.complex128)
    for f in (torch.cummax, torch.cummin):
        attempt(f.__name__, lambda: f(w, 0))
print("warnings:", [str(c.message) for c in caught])  # (NumPy's must not reach the user)
"""),
    ("csweep_second_derivative_through_a_complex_view", _HELPERS + """
t = torch.tensor([-1.0, -0.1], dtype=torch.float64, requires_grad=True)
z = torch.view_as_complex(t)
for label, f in (("abs ** 2", lambda z: z.abs() ** 2), ("z * z", lambda z: z * z),
                 ("logsumexp", lambda z: torch.logsumexp(z, 0)), ("exp", lambda z: z.exp())):
    y = f(z)
    loss = (y * y.conj()).real.sum() if y.is_complex() else y.sum()
    g, = torch.autograd.grad(loss, [t], create_graph=True)
    h, = torch.autograd.grad((g * g).sum(), [t])
    print(label, g, h.mul(1e9).round().div(1e9) + 0)
r = torch.tensor([[1.0, 2.0], [-0.5, 3.0]], requires_grad=True)
w = torch.view_as_complex(r)[1]
g, = torch.autograd.grad((w * w).real, [r], create_graph=True)
print(g, torch.autograd.grad(g.sum(), [r]))
"""),
    ("csweep_empty_complex_median", _HELPERS + """
for dtype in (torch.cfloat, torch.cdouble):
    e = torch.zeros((3, 0, 1), dtype=dtype)
    attempt("median", lambda: torch.median(e))
    attempt("nanmedian", lambda: e.nanmedian())
    attempt("median dim", lambda: e.median(0))
    attempt("median 1-d", lambda: torch.median(torch.ones(2, dtype=dtype)))
g = torch.zeros((0,), dtype=torch.cfloat, requires_grad=True)
attempt("requires grad", lambda: torch.median(g))
attempt("nanmedian requires grad", lambda: torch.nanmedian(g))
with torch.no_grad():
    attempt("no_grad", lambda: torch.median(g))
"""),
    ("csweep_add_through_alpha", _HELPERS + """
import itertools
inf, nan = float('inf'), float('nan')
vals = [complex(a, b) for a in (0.0, -0.0, 1.5, -inf, nan) for b in (0.0, -0.0, -2.0, inf)]
for dtype in (torch.complex64, torch.complex128):
    x = torch.tensor([v for v, w in itertools.product(vals, vals)], dtype=dtype)
    y = torch.tensor([w for v, w in itertools.product(vals, vals)], dtype=dtype)
    r = torch.tensor([w.real for v, w in itertools.product(vals, vals)])
    for label, t in (("x + y", x + y), ("x - y", x - y), ("x + r", x + r), ("r - x", r - x),
                     ("x - inf", x - inf), ("3 - x", 3 - x), ("add_", x.clone().add_(y)),
                     ("sub_", x.clone().sub_(y)), ("alpha", torch.add(x, y, alpha=2))):
        print(dtype, label, parts(t))
z = torch.tensor([1 + 2j, -0.5j], requires_grad=True)
w = torch.tensor([2.0, -1.0], requires_grad=True)
out = z + w - (1 - z)
torch.view_as_real(out * (1 - 2j)).sum().backward()
print(out, z.grad, w.grad)
"""),
    ("csweep_polar_conj_gradient_graphs", _HELPERS + """
r = torch.tensor([2.0, -2.5, 0.0, 1.0], dtype=torch.float64, requires_grad=True)
a = torch.tensor([3.75, 1.0, 2.0, -1.0], dtype=torch.float64, requires_grad=True)
y = torch.polar(r, a)
w = torch.tensor([1 + 2j, -0.5j, 3, 1 - 1j], dtype=torch.cdouble)
g1, g2 = torch.autograd.grad((y * w).real.sum() + y.imag.sum(), [r, a], create_graph=True)
print(g1, g2, g1.grad_fn.name(), g2.grad_fn.name())
h1, h2 = torch.autograd.grad((g1 * g1).sum() + (g2 * g2).sum(), [r, a])
print(h1, h2.mul(1e9).round().div(1e9) + 0)  # (an entry that is 0 in exact arithmetic)
y = torch.polar(r, a)
g, = torch.autograd.grad(y.angle().sum(), [a], create_graph=True)
print(g.grad_fn.name())
z = torch.tensor([1 + 2j, 2 - 3j], requires_grad=True)
g, = torch.autograd.grad(z.conj().abs().sum(), [z], create_graph=True)
print(g, g.grad_fn.name(), g.is_conj())
g, = torch.autograd.grad(z.conj().resolve_conj().angle().sum(), [z], create_graph=True)
print(g, g.grad_fn.name())
s = torch.tensor([1 + 1j, 0j, -2 + 0.5j, complex(float('inf'), 1.0)], requires_grad=True)
g, = torch.autograd.grad((torch.view_as_real(s.sgn()) * torch.tensor([1., 2])).sum(), [s],
                         create_graph=True)
print(g, g.grad_fn.name(), torch.autograd.grad(g.abs().sum(), [s]))
"""),
]
