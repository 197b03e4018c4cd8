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
message('half', lambda: torch.histogramdd(x.half(), 2))
message('half 1-d', lambda: torch.histogram(x[:, 0].half(), 2))
message('bins and range', lambda: torch.histogramdd(x, bins=[2], range=[0., 1.]))
message('float in bins', lambda: torch.histogramdd(x, bins=[2, 2.5]))
message('floats as bins', lambda: torch.histogramdd(x, bins=[2.5, 3]))
message('lists as bins', lambda: torch.histogramdd(x, bins=[[0., 1], [0., 1]]))
message('no columns', lambda: torch.histogramdd(torch.zeros(2, 2, 0), bins=[]))
message('no columns density', lambda: torch.histogramdd(torch.zeros(3, 0), bins=[],
                                                        weight=torch.ones(3), density=True))
message('positional', lambda: torch.histogramdd(x, 2, None, None, True))
message('list input', lambda: torch.histogramdd([[1., 2.]], 2))
message('list weight', lambda: torch.histogramdd(x, 2, weight=[1., 2., 3., 4.]))
message('int range', lambda: torch.histogramdd(x, 2, range=3))
message('float bins positional', lambda: torch.histogramdd(x, 2.5))
message('ignored range', lambda: torch.histogramdd(x, bins=(b, b), range=(0., 1, 0, 1)).hist)
y = x.clone().requires_grad_()
for bins in (2, [2, 3], [b, b]):
    h = torch.histogramdd(y, bins=bins)
    print(h.hist.grad_fn.name(), [e.requires_grad for e in h.bin_edges])
    message('backward', lambda: h.hist.sum().backward())
"""),
    ("apil_segment_reduce_values", """
d = torch.tensor([3., 3, 1, 0, 2, 0, 0, 5, 4, 4, 4], requires_grad=True)
L = torch.tensor([3, 3, 2, 3, 0])
g = torch.tensor([1., 2, -3, 4, 5])
for red in ["sum", "mean", "max", "amax", "min", "amin", "prod"]:
    for init in [None, 3.]:
        r = torch.segment_reduce(d, red, lengths=L, initial=init)
        gr, = torch.autograd.grad(r, d, g, create_graph=True)
        print(red, init, r, gr.tolist(), type(gr.grad_fn).__name__)
print(torch.segment_reduce(d, "sum", offsets=torch.tensor([0, 2, 2, 5, 6])))
print(torch.segment_reduce(d, "sum", offsets=torch.tensor([1, 3, 5]), unsafe=True))
print(torch.segment_reduce(d, "sum", lengths=torch.tensor([2, 2]), unsafe=True))
x = torch.tensor([1., float('nan'), 3, 3, 2, 2, 1, float('nan'), float('nan'), 2],
                 requires_grad=True)
r = torch.segment_reduce(x, 'max', lengths=torch.tensor([3, 1, 2, 4]))
print(r, torch.autograd.grad(r, x, torch.tensor([2., 1, -3, 2]))[0])
torch.manual_seed(0)
for dtype in (torch.float32, torch.float64):
    a = torch.randn(2, 300, 3, dtype=dtype, requires_grad=True)
    lengths = torch.tensor([[100, 0, 150, 50], [1, 299, 0, 0]])
    for red in ["sum", "mean", "max", "min", "prod"]:
        r = torch.segment_reduce(a, red, lengths=lengths, axis=1, initial=0.5)
        gr, = torch.autograd.grad(r, a, torch.randn(r.shape, dtype=dtype))
        print(red, r.flatten().tolist(), gr.flatten()[::7].tolist())
h = torch.arange(24.).reshape(2, 3, 4).half()
print(torch.segment_reduce(h, "mean", lengths=torch.tensor([[1, 2], [0, 3]]), axis=1))
"""),
    ("apil_segment_reduce_errors", _SHOW + """
d = torch.tensor([1., 2, 3, 4, 5, 6], requires_grad=True)
L = torch.tensor([2, 0, 3, 1])
x = torch.arange(24.).reshape(2, 3, 4)
rows = torch.tensor([[1, 2], [0, 3]])
empty = torch.tensor([], dtype=torch.long)
message('name', lambda: torch.segment_reduce(d, "foo", lengths=L))
message('case', lambda: torch.segment_reduce(d, "SUM", lengths=L))
message('none', lambda: torch.segment_reduce(d, "sum"))
message('indices', lambda: torch.segment_reduce(d, "sum", indices=L))
message('short', lambda: torch.segment_reduce(d, "sum", lengths=torch.tensor([2, 2])))
message('negative', lambda: torch.segment_reduce(d, "sum", lengths=torch.tensor([-1, 7])))
message('unsafe negative', lambda: torch.segment_reduce(d, "sum", lengths=torch.tensor([-1, 2]),
                                                        unsafe=True))
message('float lengths', lambda: torch.segment_reduce(d, "sum", lengths=torch.tensor([2., 4])))
message('int lengths', lambda: torch.segment_reduce(d, "sum", lengths=L[:2].int() + 1))
message('both', lambda: torch.segment_reduce(d, "sum", lengths=torch.tensor([6]),
                                             offsets=torch.tensor([0, 2, 2, 5, 6])))
message('offsets', lambda: torch.segment_reduce(d, "sum", offsets=torch.tensor([0, 3, 2, 6])))
message('one offset', lambda: torch.segment_reduce(d, "sum", offsets=torch.tensor([0])))
message('no offset', lambda: torch.segment_reduce(d, "sum", offsets=empty))
message('no length', lambda: torch.segment_reduce(d, "sum", lengths=empty))
message('axis', lambda: torch.segment_reduce(d, "sum", lengths=L, axis=1))
message('axis -1', lambda: torch.segment_reduce(d, "sum", lengths=L, axis=-1))
message('lengths dims', lambda: torch.segment_reduce(x, "sum", lengths=L, axis=1))
message('long', lambda: torch.segment_reduce(x.long(), "sum", lengths=rows, axis=1))
message('bool', lambda: torch.segment_reduce(x.bool(), "sum", lengths=rows, axis=1))
message('rows', lambda: torch.segment_reduce(x, "max", lengths=rows - rows.T, axis=1))
message('lengths 2d', lambda: torch.segment_reduce(d, "max", lengths=torch.tensor([[2, 4]])))
message('0-d lengths', lambda: torch.segment_reduce(d, "mean", lengths=torch.tensor(6)))
message('list data', lambda: torch.segment_reduce([1., 2.], 'sum', lengths=L))
message('list lengths', lambda: torch.segment_reduce(d, 'sum', lengths=[6]))
message('str initial', lambda: torch.segment_reduce(d, 'sum', lengths=L, initial='a'))
message('int reduce', lambda: torch.segment_reduce(d, 3, lengths=L))
message('int reduce kw', lambda: torch.segment_reduce(d, reduce=3, lengths=L))
message('float axis', lambda: torch.segment_reduce(d, 'sum', lengths=L, axis=0.5))
message('keywords', lambda: torch.segment_reduce(data=d, reduce="sum", lengths=L))
message('positional', lambda: torch.segment_reduce(d, "sum", L))
message('int initial', lambda: torch.segment_reduce(d, "sum", lengths=L, initial=2))
r = torch.segment_reduce(d, "max", lengths=L)
message('double backward', lambda: torch.autograd.grad(
    torch.autograd.grad(r.sum(), d, create_graph=True)[0].sum(), d))
import torch.autograd.forward_ad as fwAD
with fwAD.dual_level():
    p = fwAD.make_dual(d.detach(), torch.ones(6))
    message('forward AD', lambda: torch.segment_reduce(p, "sum", lengths=L))
"""),
    # (singular vectors shown up to sign, as ember's linalg.svd may pick other signs than
    # torch's LAPACK for non-square matrices; the draws show in the next randn value)
    ("apil_lowrank", _SHOW + """
def show(label, r, A=None, M=None):
    U, S, V = r
    print(label, type(r).__name__, list(U.shape), list(S.shape), list(V.shape), U.dtype,
          [round(v, 4) for v in S.flatten().tolist()],
          [round(v, 4) for v in U.abs().sum(-2).flatten().tolist()],
          [round(v, 4) for v in V.abs().sum(-2).flatten().tolist()],
          round(torch.randn(()).item(), 6))
    if A is not None:
        back = U @ torch.diag_embed(S).to(U.dtype) @ V.mT
        target = A if M is None else A - M
        print('   reconstructs', round((back - target).abs().max().item(), 3))
torch.manual_seed(0)
A = torch.randn(8, 5, dtype=torch.float64)
show('default', torch.svd_lowrank(A), A)
show('q3', torch.svd_lowrank(A, q=3))
show('niter0', torch.svd_lowrank(A, q=4, niter=0))
show('niter None', torch.svd_lowrank(A, q=4, niter=None))
show('M', torch.svd_lowrank(A, M=A.mean(0, keepdim=True)), A, A.mean(0, keepdim=True))
B = torch.randn(4, 9)
show('wide', torch.svd_lowrank(B, q=3))
show('wide full', torch.svd_lowrank(B, q=4), B)
show('pca', torch.pca_lowrank(B, q=3))  # (centred, B has rank 3)
show('pca q2', torch.pca_lowrank(B, q=2, center=False, niter=3))
show('pca batch', torch.pca_lowrank(torch.randn(2, 6, 4, dtype=torch.float64), q=3))
show('int', torch.svd_lowrank(torch.arange(12.).reshape(3, 4), q=2))
C = torch.randn(6, 4, requires_grad=True)
U, S, V = torch.svd_lowrank(C, q=4)
print(type(S.grad_fn).__name__, type(U.grad_fn).__name__)
S.sum().backward()
print([round(v, 3) for v in C.grad.flatten().tolist()])
message('q big', lambda: torch.pca_lowrank(B, q=5))
message('q negative', lambda: torch.pca_lowrank(B, q=-1))
message('niter', lambda: torch.pca_lowrank(B, niter=-1))
message('svd q big', lambda: torch.svd_lowrank(B, q=7)[1])
message('int pca', lambda: torch.pca_lowrank(torch.arange(12).reshape(3, 4)))
"""),
    ("apil_storage", """
import warnings
x = torch.arange(6.).reshape(2, 3)
u = x.untyped_storage()
print(u.nbytes(), u.data_ptr() == x.data_ptr(), len(u), u.size(), u.element_size())
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    s = x.storage()
    x.storage()
    print(len(w), w[0].category.__name__, str(w[0].message))
print(s.size(), len(s), s.tolist(), s.data_ptr() == x.data_ptr(), s.dtype, s.nbytes(),
      s.element_size())
print(torch.is_storage(s), torch.is_storage(u), torch.is_storage(x),
      torch.is_storage(s.untyped()))
y = x[1:, 1:]
print(y.storage().size(), y.untyped_storage().nbytes(), y.storage().data_ptr() == x.data_ptr(),
      y.untyped_storage().data_ptr() == x.data_ptr())
print(u.tolist()[:8], s[1], s[-1], list(iter(s))[:3], s.device, u.device, s.is_shared())
print(torch.tensor([1, 2], dtype=torch.int32).storage().tolist(),
      torch.tensor(True).storage().tolist())
e = torch.empty(0)
print(e.storage().size(), e.untyped_storage().nbytes(), e.storage().tolist())
print(x.t().storage().tolist(), x.t().untyped_storage().nbytes(),
      x.expand(3, 2, 3).storage().size())
print(x.t().contiguous().storage().tolist(), x.t().clone().storage().tolist(),
      x.t().clone().stride())
print(torch.arange(3, dtype=torch.float64).storage().tolist(),
      torch.tensor([0.1]).storage().tolist())
print(isinstance(s, torch.TypedStorage), isinstance(u, torch.UntypedStorage))
try:
    s[1:2]
except Exception as e:
    print(type(e).__name__, e)
"""),
]
