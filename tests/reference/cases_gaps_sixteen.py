"""Small correctness gaps (helper-100), recorded from torch 2.13:

- gamma and Dirichlet draws differentiated in their concentration (the implicit
  reparameterisation gradients of torch's _standard_gamma_grad and _dirichlet_grad, and what
  is built on them: Gamma, Chi2, StudentT, Beta, Dirichlet rsample). Gamma gradients agree
  to the last bit in float32 and float64; Dirichlet ones are shown from float64 (to about
  1e-12), as torch computes parts of float32 ones in float32 (differences up to 1e-2
  relative, docs/differences.md);
- F.hinge_embedding_loss keeping the input's dtype (integer inputs, all reductions, errors);
- linalg.cholesky_ex of matrices that are not positive-definite (or have a nan pivot): the
  partial factor LAPACK leaves, and info (batched, upper; up to 128 rows, see
  docs/differences.md); linalg.cholesky refusing a nan pivot.

Ids start with ``gaps16_``.
"""

from __future__ import annotations

_SHOW = '''\
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    if isinstance(r, torch.Tensor):
        print(label, r.dtype, list(r.shape), r.tolist(),
              type(r.grad_fn).__name__ if r.grad_fn is not None else None)
    else:
        print(label, r)
'''

_F64 = '''\
def f64(t):
    return [float(f"{v:.10g}") for v in t.detach().reshape(-1).tolist()]
'''

CASES = [
    ("gaps16_standard_gamma_graph", _SHOW + '''\
torch.manual_seed(0)
a = torch.tensor([0.05, 0.5, 2.0, 7.5, 10.0, 40.0], requires_grad=True)
x = torch._standard_gamma(a)
print(x.tolist(), type(x.grad_fn).__name__)
print([(type(n).__name__, i) for n, i in x.grad_fn.next_functions])
x.backward(torch.ones_like(x))
print(a.grad.tolist())
g = torch._standard_gamma_grad(a, x)
print(g.tolist(), g.requires_grad, type(g.grad_fn).__name__)
show("grad of grad", lambda: torch.autograd.grad(g.sum(), a))
show("int", lambda: torch._standard_gamma(torch.tensor([1, 2])))
'''),
    ("gaps16_standard_gamma_grad_regimes", '''\
# series (x < 0.8), rational (alpha <= 8), saddle point (alpha > 8, near and far from alpha)
alpha = torch.tensor([0.3, 2.0, 5.0, 0.7, 3.0, 8.0, 8.5, 9.0, 20.0, 100.0, 100.0, 50.0])
x = torch.tensor([0.001, 0.7, 0.5, 1.2, 3.0, 20.0, 0.9, 5.0, 30.0, 95.0, 120.0, 20.0])
print(torch._standard_gamma_grad(alpha, x).tolist())
print([float(f"{v:.12g}") for v in torch._standard_gamma_grad(alpha.double(), x.double()).tolist()])
'''),
    ("gaps16_gamma_rsample_float32", '''\
torch.manual_seed(3)
conc = torch.tensor([[0.2, 1.5, 4.0], [9.0, 0.9, 25.0]], requires_grad=True)
rate = torch.tensor([2.0, 0.5, 1.0], requires_grad=True)
v = torch.distributions.Gamma(conc, rate).rsample((4,))
print(v.grad_fn.__class__.__name__)
(v * torch.arange(24.).reshape(4, 2, 3)).sum().backward()
print(conc.grad.tolist())
print(rate.grad.tolist())
'''),
    ("gaps16_gamma_rsample_float64", _F64 + '''\
torch.manual_seed(4)
conc = torch.linspace(0.1, 15.0, 12, dtype=torch.float64).requires_grad_()
v = torch.distributions.Gamma(conc, 1.5).rsample((3,))
v.pow(2).sum().backward()
print(f64(v))
print(f64(conc.grad))
'''),
    ("gaps16_chi2_studentt", '''\
torch.manual_seed(5)
df = torch.tensor([1.5, 3.0, 12.0], requires_grad=True)
c = torch.distributions.Chi2(df).rsample((2,))
print(c.tolist(), torch.autograd.grad(c.sum(), df)[0].tolist())
s = torch.distributions.StudentT(df, torch.tensor(1.0), torch.tensor(2.0)).rsample((2,))
# (rsqrt and the broadcast sums of the df gradient: 6 digits, as float32 rounding allows)
print(s.tolist(), [float(f"{v:.6g}") for v in torch.autograd.grad(s.sum(), df)[0].tolist()])
'''),
    ("gaps16_dirichlet_rsample", _SHOW + _F64 + '''\
torch.manual_seed(6)
conc = torch.tensor([[0.3, 2.0, 5.0], [7.0, 9.0, 0.8]], dtype=torch.float64,
                    requires_grad=True)
d = torch.distributions.Dirichlet(conc)
s = d.rsample((2,))
print(type(s.grad_fn).__name__, type(s.grad_fn).__module__, s.grad_fn.name())
print([(type(n).__name__, i) for n, i in s.grad_fn.next_functions])
print(f64(s))
(s * torch.arange(12., dtype=torch.float64).reshape(2, 2, 3)).sum().backward()
print(f64(conc.grad))
c = torch.tensor([0.5, 2.0], requires_grad=True)
y = torch._sample_dirichlet(c)
print(type(y.grad_fn).__name__)
show("backward", lambda: y.sum().backward())
'''),
    ("gaps16_dirichlet_grad_regimes", _SHOW + _F64 + '''\
# near 0, near 1, both concentrations above 6 (near the mean and not), the rational rest
x = torch.tensor([0.05, 0.3, 0.97, 0.6, 0.45, 0.2, 0.5, 0.8, 0.3], dtype=torch.float64)
alpha = torch.tensor([0.5, 1.0, 3.0, 0.7, 9.0, 8.0, 2.0, 5.0, 3.0], dtype=torch.float64)
total = torch.tensor([3.0, 6.0, 3.2, 1.0, 20.0, 30.0, 10.0, 8.0, 4.0], dtype=torch.float64)
print(f64(torch._dirichlet_grad(x, alpha, total)))
a = alpha.clone().requires_grad_()
print(type(torch._dirichlet_grad(x, a, total).grad_fn).__name__)
show("backward", lambda: torch._dirichlet_grad(x, a, total).sum().backward())
'''),
    ("gaps16_beta_rsample", _F64 + '''\
torch.manual_seed(7)
a = torch.tensor([0.7, 3.0, 10.0], dtype=torch.float64, requires_grad=True)
b = torch.tensor([2.0, 0.4, 12.0], dtype=torch.float64, requires_grad=True)
s = torch.distributions.Beta(a, b).rsample((2,))
s.sum().backward()
print(f64(s), f64(a.grad), f64(b.grad))
'''),
    ("gaps16_hinge_embedding_dtypes", _SHOW + '''\
F = torch.nn.functional
for dt in (torch.int64, torch.int32, torch.int16, torch.float32, torch.float64,
           torch.float16, torch.bool):
    for red in ("none", "mean", "sum"):
        x = torch.tensor([[1, -2, 3], [0, 4, -1]]).to(dt)
        y = torch.tensor([[1, -1, 1], [-1, 1, -1]]).to(dt)
        show(f"{dt} {red}", lambda: F.hinge_embedding_loss(x, y, margin=2, reduction=red))
'''),
    ("gaps16_hinge_embedding_margins", _SHOW + '''\
F = torch.nn.functional
x = torch.tensor([-1, -3, 2])
show("int x, float target", lambda: F.hinge_embedding_loss(
    x, torch.tensor([-1., -1, 1]), margin=-0.5, reduction="none"))
show("int x, margin 1.5", lambda: F.hinge_embedding_loss(
    x, torch.tensor([1, -1, -1]), margin=1.5, reduction="sum"))
show("float x, int target", lambda: F.hinge_embedding_loss(
    torch.tensor([0.5, -1.0]), torch.tensor([-1, -1]), margin=0.1, reduction="none"))
show("half", lambda: F.hinge_embedding_loss(
    torch.tensor([0.5, -1.0], dtype=torch.float16), torch.tensor([-1., -1]), margin=0.1))
show("module", lambda: torch.nn.HingeEmbeddingLoss(reduction="sum")(
    torch.tensor([1, 5]), torch.tensor([1, -1])))
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
r = F.hinge_embedding_loss(w, torch.tensor([1, -1, -1]), margin=1.5)
node = r.grad_fn
names = []
while node is not None:
    names.append(type(node).__name__)
    node = node.next_functions[0][0] if node.next_functions else None
print(names)
r.backward()
print(w.grad.tolist())
'''),
    ("gaps16_cholesky_ex_partial", '''\
for A in ([[1., 2], [2, 1]], [[4., 2, 1], [2, 1, 3], [1, 3, 5]],
          [[4., 2, 1], [2, 5, 3], [1, 3, -5]], [[-1., 0], [0, 1]], [[1., 1], [1, 1]],
          [[4., 7, 9], [2, 1, 3], [1, 3, 5]], [[4., 2, float("nan")], [2, 1, 3], [1, 3, 5]],
          [[4., 2, 1], [2, float("nan"), 3], [1, 3, 5]]):
    A = torch.tensor(A)
    for upper in (False, True):
        L, info = torch.linalg.cholesky_ex(A, upper=upper)
        print(upper, L.tolist(), info.item(), L.is_contiguous(), L.mT.is_contiguous())
'''),
    ("gaps16_cholesky_ex_batched", '''\
B = torch.stack([torch.tensor([[4., 2, 1], [2, 1, 3], [1, 3, 5]]), torch.eye(3),
                 torch.tensor([[4., 2, 1], [2, 5, 3], [1, 3, -5]])]).double()
L, info = torch.linalg.cholesky_ex(B)
print(L.tolist(), info.tolist())
U, info = torch.linalg.cholesky_ex(B.mT.reshape(3, 1, 3, 3), upper=True)
print(U.tolist(), info.tolist())
A = torch.tensor([[1., 2], [2, 1]], requires_grad=True)
L, info = torch.linalg.cholesky_ex(A)
print(type(L.grad_fn).__name__, info.requires_grad)
g = torch.Generator().manual_seed(0)
M = torch.randn(100, 100, generator=g, dtype=torch.float64)
A = M @ M.mT + 100 * torch.eye(100, dtype=torch.float64)
A[80, 80] = -1e4
L, info = torch.linalg.cholesky_ex(A)
print(info.item(), [round(v, 8) for v in L[78:, 76:84].reshape(-1).tolist()])
for fn in (lambda: torch.linalg.cholesky_ex(A, check_errors=True),
           lambda: torch.linalg.cholesky(torch.tensor([[4., 2], [2, float("nan")]]))):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, e)
'''),
]
