"""Sums and means over dims in torch's order of additions (ops/_sum_order.py), recorded
from torch 2.13: the last printed digit of a column mean (`X.mean(dim=0)` of 210 rows near
50 prints 49.6162 in torch; NumPy's order of additions gave ember 50.3770 for 50.3771),
row sums, several dims, keepdim, transposed and strided inputs, nansum/nanmean, float64,
a Linear layer's bias gradient (torch's sum over the batch), and the +0 of a sum of -0s.
Each reduction has fewer than 32,768 elements, so torch adds it in one thread whatever its
thread count.

Ids start with ``dsb_``.
"""

from __future__ import annotations

# (magnitudes from 1e-4 to 1e4 picked by index, so that the inputs are exact in both)
_DATA = '''\
torch.manual_seed(2)
X = 50 + 10 * torch.randn(210, 6)
torch.set_printoptions(precision=8)
def spread(*shape, dtype=torch.float32):
    scale = torch.tensor([1e-4, 1e-2, 1.0, 1e2, 1e4], dtype=dtype)
    return torch.randn(*shape, dtype=dtype) * scale[torch.randint(0, 5, shape)]
'''

CASES = [
    ("dsb_column_means", '''\
torch.manual_seed(2)
X = 50 + 10 * torch.randn(210, 6)
print(X.mean(dim=0))
print(X.mean(0, keepdim=True))
standardised = (X - X.mean(0)) / X.std(0)
print(standardised[:3])
'''),
    ("dsb_column_means_bits", _DATA + '''\
print(X.mean(dim=0).tolist())
print(X.sum(0).tolist())
print(X.double().mean(0).tolist())
'''),
    ("dsb_row_sums", _DATA + '''\
torch.manual_seed(3)
A = torch.randn(40, 5) * 100
print(A.sum(1).tolist())
print(A.sum(dim=-1, keepdim=True)[:4].tolist())
B = torch.randn(16, 300)
print(B.sum(1).tolist())
print(B.mean(-1).tolist())
'''),
    ("dsb_several_dims", _DATA + '''\
torch.manual_seed(4)
C = spread(7, 9, 11)
print(C.sum(dim=(0, 2)).tolist())
print(C.sum((1, 2), keepdim=True).flatten().tolist())
print(C.mean((0, 1)).tolist())
print(C.sum(dim=(0, 1, 2)).item(), C.sum().item())
'''),
    ("dsb_views", _DATA + '''\
torch.manual_seed(5)
D = spread(70, 40)
print(D.t().sum(1).tolist())
print(D.t().sum(0).tolist())
print(D[:, ::2].sum(0).tolist())
print(D[::3].mean(1).tolist())
print(D.t().contiguous().t().sum(0).tolist())
'''),
    ("dsb_nan", _DATA + '''\
torch.manual_seed(6)
E = spread(50, 12)
E[E.abs() < 0.05] = float('nan')
print(torch.nansum(E, 0).tolist())
print(E.nansum(dim=1).tolist())
print(torch.nanmean(E, dim=0).tolist())
'''),
    ("dsb_float64", _DATA + '''\
torch.manual_seed(7)
F = spread(300, 20, dtype=torch.float64)
print(F.sum(0).tolist())
print(F.mean(1)[:10].tolist())
'''),
    ("dsb_bias_gradient", _DATA + '''\
torch.manual_seed(8)
layer = torch.nn.Linear(20, 45)
x = torch.randn(128, 20)
g = spread(128, 45)
layer(x).backward(g)
print(layer.bias.grad.tolist())
b = torch.zeros(1, 45, requires_grad=True)
(x[:, :1] * 0 + b).backward(g)
print(b.grad.tolist())
'''),
    ("dsb_negative_zero", '''\
z = -torch.zeros(1, 3)
print(z.sum(0), z.sum(1), (-torch.zeros(4, 9)).sum(1), (-torch.zeros(5)).mean(0))
'''),
]
