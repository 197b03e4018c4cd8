"""Vector norms printed with every digit, recorded from torch 2.13 on an AVX2 CPU: the last
bit of a float32 or float64 norm depends on torch's order of operations (its vector lanes,
the fused multiply-adds of a row's tail, the plain loop of strided norms), which
ember/ops/_norm_order.py follows. `x.norm().item()`, the total norm clip_grad_norm_ returns
(as training loops print it), F.normalize's rows and vectors, norms over dims
of slices and transposes, and the other p.

Ids start with ``norm_bits_``.
"""

from __future__ import annotations

_PRELUDE = """
nn = torch.nn
F = torch.nn.functional
def digits(t):
    print(t.dtype, list(t.shape), [repr(v) for v in t.reshape(-1).tolist()])
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return "norm_bits_" + name, _PRELUDE + body


CASES = [
    _case("item_of_whole_norms", """
torch.manual_seed(0)
for n in (3, 7, 12, 13, 100, 1000, 4099, 100000):
    x = torch.randn(n)
    print(n, x.norm().item(), torch.linalg.vector_norm(x).item(),
          torch.norm(x).item(), x.double().norm().item())
x = torch.tensor([3.0, 4.0])
print(x.norm().item(), x.norm(p=1).item(), x.norm(p=float('inf')).item())
"""),
    _case("while_norm_loop", """
torch.manual_seed(1)
x = torch.randn(3)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y.tolist(), y.norm().item())
"""),
    _case("clip_grad_norm_total", """
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
for step in range(3):
    for p in model.parameters():
        p.grad = torch.randn_like(p) * 0.1
    total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
    print(step, total_norm.item())
digits(model[2].bias.grad)
print(nn.utils.clip_grad_norm_(model.parameters(), 1.0, norm_type=1.0).item())
print(nn.utils.clip_grad_norm_(model.parameters(), 1.0, norm_type=3).item())
print(nn.utils.get_total_norm([p.grad for p in model.parameters()]).item())
w = torch.randn(1000, 300, dtype=torch.float64)
w.grad = torch.randn_like(w)
print(nn.utils.clip_grad_norm_([w], 10.0).item(), w.grad[0, 0].item())
"""),
    _case("normalize_rows", """
torch.manual_seed(2)
x = torch.randn(4, 13)
digits(F.normalize(x))
digits(F.normalize(x, dim=0)[:, :3])
digits(F.normalize(x.double(), dim=-1)[0])
digits(F.normalize(x.t(), dim=0)[:, 0])
digits(F.normalize(torch.randn(2, 3, 2, 2))[0, :, 0, 0])
"""),
    _case("norms_over_dims_and_layouts", """
torch.manual_seed(3)
x = torch.randn(6, 37)
digits(x.norm(dim=1))
digits(x.norm(dim=0, keepdim=True)[:, :6])
digits(x.t().norm(dim=0))
digits(x[:, 1:].norm(dim=1))
digits(x[:, ::2].norm(dim=1))
print(x[:, 5:30].norm().item(), x.t().norm().item())
y = torch.randn(3, 4, 21)
digits(torch.linalg.vector_norm(y, dim=(0, 2)))
digits(torch.linalg.vector_norm(y, dim=(1, 2), keepdim=True))
digits(torch.linalg.vector_norm(y.permute(2, 0, 1), dim=(1, 2)))
print(torch.linalg.norm(x).item(), torch.linalg.matrix_norm(x).item())
"""),
    _case("other_p_and_dtypes", """
torch.manual_seed(4)
x = torch.randn(5, 29)
for p in (1, 3, 0.5, -1.5):
    digits(x.norm(p=p, dim=1))
    print(p, x.norm(p=p).item())
h = torch.randn(2, 40).half()
digits(h.norm(dim=1))
digits(torch.linalg.vector_norm(h, dim=1, dtype=torch.float32))
print(torch.linalg.vector_norm(x, dtype=torch.float64).item())
z = torch.tensor([0.0, 1e-30, 3e-20, 2e19, float('inf')])
print(z[:4].norm().item(), z.norm().item(), z[:2].norm().item())
"""),
    # spectral_norm's power iteration normalises its vectors as below (its matrix-vector
    # products are MKL's, which ember's BLAS does not follow bit for bit)
    _case("normalize_vectors", """
torch.manual_seed(5)
u = torch.randn(10)
v = torch.randn(20, dtype=torch.float64)
digits(F.normalize(u, dim=0, eps=1e-12))
digits(F.normalize(v, dim=0, eps=1e-12)[:5])
"""),
]
