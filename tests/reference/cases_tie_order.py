"""Where torch's sort, argsort, topk and kthvalue put equal elements (ops/_tie_order.py):
rows of ties, NaN and -0, integers, bools, float16/float64, both topk kernels
(partial_sort for k * 64 <= n, nth_element otherwise) with sorted=True and False, mode
(its values too, where NaN splits runs of equal values in torch's sort), rows of
up to 16 elements (std::sort's insertion sort: stable) and longer ones (introsort), and
other dims than the last."""

from __future__ import annotations

CASES = [
    ("tie_order_small_rows", """
x = torch.tensor([[1, 3, 3, 2, 3], [0, 0, 0, 0, 0], [5, 1, 5, 1, 5]])
for k in range(1, 6):
    print(k, torch.topk(x, k, 1).indices.tolist(),
          torch.topk(x, k, 1, largest=False).indices.tolist(),
          torch.kthvalue(x, k, 1).indices.tolist())
print(torch.sort(x, 1).indices.tolist(), torch.sort(x, 1, descending=True).indices.tolist())
print(torch.topk(x.float(), 3, sorted=False), torch.kthvalue(x.double(), 2, 1, keepdim=True))
"""),
    ("tie_order_long_rows", """
ones = torch.ones(20)
print(torch.sort(ones).indices.tolist(), torch.argsort(ones, descending=True).tolist())
print(torch.topk(ones, 3).indices.tolist(), torch.kthvalue(ones, 7).indices.tolist())
z = torch.zeros(3, 40, dtype=torch.int64)
print(torch.sort(z, 1).indices[:, :12].tolist(),
      torch.sort(z, dim=1, stable=True).indices[0, :5].tolist())
g = torch.Generator().manual_seed(3)
for n, hi in ((17, 3), (33, 4), (100, 10), (130, 5), (300, 40), (700, 3)):
    v = torch.randint(0, hi, (2, n), generator=g)
    print(n, torch.sort(v, 1).indices[:, :10].tolist(),
          torch.sort(v, 1, descending=True).indices[:, -6:].tolist())
    print(torch.topk(v, 2, 1).indices.tolist(),
          torch.topk(v, n // 3 + 1, 1, largest=False).indices[:, :8].tolist())
    print(torch.topk(v, n // 2, 1, sorted=False).indices[:, :8].tolist(),
          torch.kthvalue(v, n // 2, 1).indices.tolist())
"""),
    ("tie_order_nan_zeros_dtypes", """
x = torch.tensor([2.0, float('nan'), -0.0, 1.0, 0.0, float('nan'), -1.0, 0.0] * 3)
print(torch.sort(x).indices.tolist(), torch.sort(x, descending=True).indices.tolist())
print(torch.topk(x, 4).indices.tolist(), torch.topk(x, 4, largest=False).indices.tolist(),
      torch.kthvalue(x, 9).indices.tolist())
for dtype in (torch.float16, torch.float64, torch.int8, torch.bool):
    v = (torch.arange(36) % 3).to(dtype)
    ranked = v.to(torch.float32) if dtype == torch.bool else v
    print(dtype, torch.sort(v).indices[:8].tolist(), torch.topk(ranked, 5).indices.tolist())
"""),
    ("tie_order_mode", """
x = torch.tensor([[1, 3, 3, 2, 3, 1, 1], [0, 0, 0, 0, 0, 0, 0], [5, 1, 5, 1, 5, 1, 2]])
print(torch.mode(x, 1), torch.mode(x.t(), 0).indices)
g = torch.Generator().manual_seed(5)
for n in (17, 40, 129):
    v = torch.randint(0, 4, (3, n), generator=g)
    print(n, torch.mode(v, 1).indices.tolist(), torch.mode(v.double(), 1).values.tolist())
nan = float('nan')
print(torch.mode(torch.tensor([[nan, 1.0], [1.0, nan], [2.0, nan, ][:2], [nan, nan]]), 1))
w = torch.tensor([0.5, nan, 0.0, 0.5, nan, 0.0, 0.5, 0.0, 1.0] * 3)
print(torch.mode(w), torch.mode(w[:9]))
"""),
    ("tie_order_other_dims", """
v = (torch.arange(60) % 4).reshape(20, 3)
print(torch.sort(v, 0).indices[:6].tolist(), torch.topk(v, 3, 0).indices.tolist(),
      torch.kthvalue(v, 10, 0).indices.tolist())
w = (torch.arange(2 * 18 * 2) % 3).reshape(2, 18, 2).float()
print(torch.sort(w, 1, descending=True).indices[:, :5].tolist(),
      torch.argsort(w.transpose(1, 2), 2)[0, :, :6].tolist())
"""),
]
