"""API leftovers recorded from torch 2.13: `torch.histogramdd` (bins as an int, ints or edge
tensors; range, weight, density; its return type and argument checks; its NotImplemented
nodes), `torch.segment_reduce` (its reductions, lengths or offsets, axis, initial; its
gradients), `torch.svd_lowrank`/`pca_lowrank` (their draws from the global generator) and
minimal storages.

Ids start with ``apil_``.
"""

from __future__ import annotations

_SHOW = '''\
def message(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    print(label, r)
'''

CASES = [
    ("apil_histogramdd_forms", """
x = torch.tensor([[0., 1.], [1., 0.], [2., 0.], [2., 2.]])
r = torch.histogramdd(x, bins=[3, 3], weight=torch.tensor([1., 2., 4., 8.]))
print(r)
print(type(r).__name__, r.bin_edges)
print(torch.histogramdd(x, bins=[2, 2], range=[0., 1., 0., 1.], density=True))
print(torch.histogramdd(x, bins=2))
print(torch.histogramdd(x, 3, density=True, weight=torch.arange(4.)))
b = torch.tensor([0., 1, 3])
h = torch.histogramdd(x, bins=[b, torch.tensor([0., 2])])
print(h, h.bin_edges[0] is b)
print(torch.histogramdd(x, bins=(b, b), density=True))
print(torch.histogramdd(x[:, :1], bins=[3]))
print(torch.histogramdd(torch.zeros(0, 2), bins=2))
print(torch.histogramdd(x.double(), bins=(3, 2), range=(0, 1.5, -1, 1)))
"""),
    ("apil_histogramdd_values", """
torch.manual_seed(0)
for dtype in (torch.float32, torch.float64):
    a = torch.randn(500, 3, dtype=dtype) * 100
    w = torch.rand(500, dtype=dtype)
    r = torch.histogramdd(a, [4, 3, 5], weight=w)
    print(r.hist.flatten().tolist())
    print([e.tolist() for e in r.bin_edges])
    r = torch.histogramdd(a.reshape(5, 100, 3), 4, density=True, range=[-50, 50., -80, 90, 0, 1])
    print(r.hist.flatten().tolist())
    e = [torch.sort(torch.randn(6, dtype=dtype) * 100).values for _ in range(3)]
    print(torch.histogramdd(a, e, weight=w).hist.flatten().tolist())
"""),
    ("apil_histogramdd_errors", _SHOW + """
x = torch.tensor([[0., 1.], [1., 0.], [2., 0.], [2., 2.]])
b = torch.tensor([0., 1, 3])
message('len', lambda: torch.histogramdd(x, bins=[2]))
message('range', lambda: torch.histogramdd(x, bins=[2, 2], range=[0., 1.]))
message('wshape', lambda: torch.histogramdd(x, bins=(2, 2), weight=torch.ones(3)))
message('wshape2', lambda: torch.histogramdd(x, bins=[2, 2], weight=torch.ones(4, 1)))
message('wdtype', lambda: torch.histogramdd(x, bins=(b, b), weight=torch.ones(4).double()))
message('long', lambda: torch.histogramdd(x.long(), bins=2))
message('zero', lambda: torch.histogramdd(x, bins=[2, 0]))
message('negative', lambda: torch.histogramdd(x, bins=[2, -1]))
message('1d', lambda: torch.histogramdd(torch.tensor([1., 2]), bins=2))
message('edges', lambda: torch.histogramdd(x, bins=[b]))
message('order', lambda: torch.histogramdd(x, bins=[2, 2], range=[0., 1., 1., 0.]))
message('float', lambda: torch.histogramdd(x, bins=2.5))
message('mixed', lambda: torch.histogramdd(x, bins=[b, 2]))
message('inf', lambda: torch.histogramdd(x, bins=[2, 2], range=[0., 1., 0., float('inf')]))
message('bdtype', lambda: torch.histogramdd(x, bins=(b.double(), b)))
message('b2d', lambda: torch.histogramdd(x, bins=(b[None], b)))
message('ignored range', lambda: torch.histogramdd(x, bins=(b, b), range=(0., 1, 0, 1)).hist)
y = x.clone().requires_grad_()
for bins in (2, [2, 3], [b, b]):
    h = torch.histogramdd(y, bins=bins)
    print(h.hist.grad_fn.name(), [e.requires_grad for e in h.bin_edges])
    message('backward', lambda: h.hist.sum().backward())
"""),
]
