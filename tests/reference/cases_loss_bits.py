"""Full sums, means and loss reductions to their last bit (the sixteenth session): what a
tutorial's `print(loss.item())` shows. torch adds a full sum of a dense float tensor as one
row (its vector lanes, four partial sums, the cascade; ops/_cascade_sum.row_total) and
nll_loss in its own cascade of eight accumulators (ops/_nll_order), which NumPy's pairwise
sum matched in only ~20-50% of cases. Sizes stay below 32,768 elements, where torch adds on
one thread whatever its thread count, except in the case that sets the thread count (torch
splits a larger sum into one range per thread). Ids start with ``loss_bits_``.
"""

# ruff: noqa: E501 - one case of source per line
from __future__ import annotations

_SIZES = '''\
sizes = [1, 2, 3, 5, 7, 8, 9, 15, 31, 33, 64, 100, 127, 513, 1000, 4097, 20000]
def data(n, dtype, scale=1.0):
    return (torch.randn(n, dtype=dtype) * scale + 0.3).to(dtype)
'''

CASES = [
    ("loss_bits_full_sum_and_mean", _SIZES + """
torch.manual_seed(0)
for dtype in (torch.float32, torch.float64):
    for n in sizes:
        x = data(n, dtype, 10.0)
        print(dtype, n, x.sum().item(), x.mean().item(), torch.sum(x).item())
"""),
    ("loss_bits_full_sum_of_layouts", _SIZES + """
torch.manual_seed(1)
x = torch.randn(37, 29) * 3
print(x.sum().item(), x.t().sum().item(), x.mean().item())
print(x[:, ::2].sum().item(), x[::3].mean().item(), x.t().contiguous().sum().item())
y = torch.randn(4, 5, 6, dtype=torch.float64)
print(y.sum().item(), y.permute(2, 0, 1).sum().item(), y[..., 1:].sum().item())
print(torch.zeros(0).sum().item(), torch.tensor(-0.0).sum().item(), torch.full((9,), -0.0).sum().item())
print(torch.tensor([1e30, 1.0, -1e30, 2.0]).sum().item())
z = torch.randn(100, requires_grad=True)
s = (z * 2).sum()
print(s.item(), s.grad_fn.name())
"""),
    ("loss_bits_full_sum_on_threads", _SIZES + """
torch.manual_seed(6)
before = torch.get_num_threads()
for threads in (1, 2, 3):
    torch.set_num_threads(threads)
    for n in (32768, 40001, 100000):
        for dtype in (torch.float32, torch.float64):
            x = data(n, dtype, 10.0)
            print(threads, n, x.sum().item(), x.mean().item(), x[::2].sum().item())
    print(torch.randn(300, 200).sum().item(), torch.randn(300, 200).t().mean().item())
torch.set_num_threads(before)
"""),
    ("loss_bits_pointwise_losses", _SIZES + """
import torch.nn.functional as F
torch.manual_seed(2)
for n in (3, 10, 64, 250, 1000):
    a, b = torch.randn(n, 4), torch.randn(n, 4)
    print(n, F.mse_loss(a, b).item(), F.mse_loss(a, b, reduction='sum').item())
    print(n, F.l1_loss(a, b).item(), F.smooth_l1_loss(a, b).item(), F.huber_loss(a, b, delta=0.5).item())
    print(n, torch.nn.MSELoss()(a.double(), b.double()).item(), ((a - b) ** 2).mean().item())
"""),
    ("loss_bits_nll_loss", _SIZES + """
import torch.nn.functional as F
torch.manual_seed(3)
for n in (1, 2, 4, 16, 17, 33, 100, 256, 257, 1000):
    logp = torch.randn(n, 7) * 2
    t = torch.randint(0, 7, (n,))
    w = torch.rand(7) + 0.1
    print(n, F.nll_loss(logp, t).item(), F.nll_loss(logp, t, reduction='sum').item())
    print(n, F.nll_loss(logp, t, weight=w).item(), F.nll_loss(logp.double(), t, weight=w.double()).item())
    t[::3] = -100
    print(n, F.nll_loss(logp, t).item(), F.nll_loss(logp, t, weight=w, reduction='sum').item())
    print(n, F.nll_loss(logp, t, weight=w).item())
print(F.nll_loss(torch.randn(3, 2), torch.full((3,), -100)).item())
"""),
    ("loss_bits_nll_loss_spatial", _SIZES + """
import torch.nn.functional as F
torch.manual_seed(4)
logp = torch.randn(3, 5, 7, 6)
t = torch.randint(0, 5, (3, 7, 6))
print(F.nll_loss(logp, t).item(), F.nll_loss(logp, t, reduction='sum').item())
w = torch.rand(5) + 0.5
print(F.nll_loss(logp, t, weight=w).item())
t[0, :2] = 2
print(F.nll_loss(logp, t, ignore_index=2).item())
seq = torch.randn(4, 9, 20)
print(F.nll_loss(seq, torch.randint(0, 9, (4, 20))).item())
"""),
    ("loss_bits_training_losses", _SIZES + """
torch.manual_seed(5)
model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
x, y = torch.randn(200, 6), torch.randint(0, 3, (200,))
# (one step: the updated weights come from products whose bits depend on the BLAS)
print(torch.nn.functional.nll_loss(model(x), y).item())
reg = torch.nn.Linear(3, 1)
xs, ys = torch.randn(300, 3), torch.randn(300, 1)
opt = torch.optim.SGD(reg.parameters(), lr=0.05)
for step in range(5):
    loss = torch.nn.MSELoss()(reg(xs), ys)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, loss.item())
"""),
    ("loss_bits_var_mean_means", _SIZES + """
torch.manual_seed(7)
for shape in [(3, 7), (4, 100), (2, 3, 50), (1000,)]:
    x = torch.randn(*shape) * 10 + 3
    v, m = torch.var_mean(x, -1)
    s, m2 = torch.std_mean(x)
    print(shape, m.reshape(-1).tolist(), m2.item(), v.reshape(-1).tolist()[:3], s.item())
"""),
    ("loss_bits_products", _SIZES + """
torch.manual_seed(8)
for n in (3, 31, 32, 33, 100, 513, 4097):
    for dtype in (torch.float32, torch.float64):
        x = 1 + torch.randn(n, dtype=dtype) / 30
        print(n, dtype, x.prod().item(), x.reshape(1, -1).prod(1).item())
m = 1 + torch.randn(6, 70) / 20
print(m.prod(1).tolist(), m.prod(0)[:5].tolist(), m.t().prod().item(), m.prod(-1, keepdim=True).shape)
before = torch.get_num_threads()
torch.set_num_threads(2)
print((1 + torch.randn(40000) / 3000).prod().item())
torch.set_num_threads(before)
"""),
]
