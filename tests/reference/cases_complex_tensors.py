"""Complex tensors through creation, conversion, shapes, indexing, reductions and matrix
products, recorded from torch 2.13: factories with complex dtypes and fill values, the
random streams of complex randn/rand/normal_/uniform_ (drawn as the float stream of the
(re, im) pairs), casts both ways (complex to real keeps the real part, with torch's
warning), and the values, gradients (torch's convention: grad @ b^H for products) and
grad_fn names of the linear ops on complex values.

Ids start with ``complex_``.
"""

from __future__ import annotations

_SHOW = '''\
def message(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    if isinstance(r, torch.Tensor):
        print(label, r.dtype, list(r.shape), r.tolist(), r.requires_grad,
              type(r.grad_fn).__name__ if r.grad_fn is not None else None)
    else:
        print(label, type(r).__name__, r)
def z(*shape, k=0):
    n = 1
    for s in shape:
        n *= s
    re = torch.arange(n, dtype=torch.float64).reshape(shape) * 0.5 - 1 + k
    im = torch.arange(n, dtype=torch.float64).flip(0).reshape(shape) * 0.25 - 0.5 * k
    return torch.complex(re, im).detach().requires_grad_()
def grads(f, *inputs):
    out = f(*inputs)
    print(type(out.grad_fn).__name__, out.dtype, out.tolist())
    loss = torch.view_as_real(out).pow(2).sum() if out.is_complex() else (out * out).sum()
    for g in torch.autograd.grad(loss, inputs):
        print(' grad', g.dtype, g.tolist())
'''

CASES = [
    ("complex_factories", _SHOW + '''\
message('zeros', lambda: torch.zeros(2, dtype=torch.complex64))
message('ones', lambda: torch.ones(2, 1, dtype=torch.cdouble))
message('full', lambda: torch.full((2,), 1 + 2j))
message('full c128', lambda: torch.full((2,), 1 - 2j, dtype=torch.complex128))
message('full real value', lambda: torch.full((2,), 3.5, dtype=torch.complex64))
message('full into float', lambda: torch.full((2,), 1 + 2j, dtype=torch.float32))
message('full into long', lambda: torch.full((2,), 1 + 2j, dtype=torch.int64))
message('full zero imag', lambda: torch.full((2,), 1 + 0j, dtype=torch.float32))
message('full grad', lambda: torch.full((1,), 1 + 2j, requires_grad=True))
message('empty', lambda: torch.empty(2, 3, dtype=torch.cfloat).shape)
message('eye', lambda: torch.eye(2, dtype=torch.cfloat))
message('zeros_like', lambda: torch.zeros_like(torch.tensor([1 + 2j])))
message('ones_like', lambda: torch.ones_like(torch.tensor([1.]), dtype=torch.cdouble))
message('full_like', lambda: torch.full_like(torch.tensor([1 + 2j]), 2 - 1j))
message('full_like real', lambda: torch.full_like(torch.zeros(2), 1 + 2j))
message('full_like dtype', lambda: torch.full_like(torch.zeros(2), 1 + 2j,
                                                   dtype=torch.cdouble))
message('empty_like', lambda: torch.empty_like(torch.tensor([1 + 2j])).dtype)
message('fill_', lambda: torch.zeros(2, dtype=torch.cfloat).fill_(1 - 1j))
message('fill_ real', lambda: torch.zeros(2).fill_(1 - 1j))
message('tensor ints', lambda: torch.tensor([1, 2], dtype=torch.complex64))
message('tensor mixed', lambda: torch.tensor([1, 1j]))
message('tensor bools', lambda: torch.tensor([True, 1j]))
message('tensor scalar', lambda: torch.tensor(1 + 1j, dtype=torch.complex128))
message('tensor into float', lambda: torch.tensor(1 + 1j, dtype=torch.float32))
message('tensor into long', lambda: torch.tensor([1 + 0j], dtype=torch.int64))
message('tensor into bool', lambda: torch.tensor([1j, 0j], dtype=torch.bool))
message('requires_grad', lambda: torch.zeros(2, dtype=torch.complex64, requires_grad=True))
message('randn requires_grad', lambda: torch.randn(2, dtype=torch.cdouble,
                                                   requires_grad=True).requires_grad)
message('linspace', lambda: torch.linspace(0, 1, 3, dtype=torch.cfloat))
message('arange', lambda: torch.arange(3, dtype=torch.cfloat))
message('arange float', lambda: torch.arange(0., 1., 0.5, dtype=torch.cdouble))
message('new_zeros', lambda: torch.zeros(2, dtype=torch.cfloat).new_zeros(3))
message('new_tensor', lambda: torch.zeros(2, dtype=torch.cfloat).new_tensor([1j, 2]))
'''),
    ("complex_numpy", _SHOW + '''\
import numpy as np
message('as_tensor', lambda: torch.as_tensor(np.array([1 + 2j, 3])))
message('from_numpy', lambda: torch.from_numpy(np.array([1 + 2j], dtype=np.complex64)))
a = np.array([1 + 2j, 3 - 1j])
t = torch.from_numpy(a)
a[0] = 5j
print(t, t.numpy().dtype)
print(torch.tensor([1 + 2j]).numpy(), torch.tensor([1 + 2j]).item(),
      torch.tensor([[1 + 2j]], dtype=torch.cdouble).tolist())
'''),
    ("complex_random", '''\
for dtype in (torch.complex64, torch.complex128):
    for n in (1, 3, 7, 8, 9, 16, 17):
        torch.manual_seed(7)
        print(dtype, n, torch.randn(n, dtype=dtype).tolist())
        print(' rand', torch.rand(n, dtype=dtype).tolist())
        print(' normal_', torch.empty(n, dtype=dtype).normal_(1.5, 3).tolist())
        print(' uniform_', torch.empty(n, dtype=dtype).uniform_(-2, 1).tolist())
        print(' randn_like', torch.randn_like(torch.zeros(2, n, dtype=dtype).t()).tolist())
        print(' rand_like', torch.rand_like(torch.zeros(n, dtype=dtype)).tolist())
    g = torch.Generator().manual_seed(11)
    print(' generator', torch.randn(3, 5, dtype=dtype, generator=g).tolist())
    print(' after', torch.randn(2).tolist())
    r = torch.randn(2, dtype=dtype, requires_grad=True)
    print(' grad', r.requires_grad, r.is_leaf)
try:
    torch.empty(2, dtype=torch.cfloat).exponential_()
except Exception as e:
    print(type(e).__name__, e)
'''),
    ("complex_casts", _SHOW + '''\
import warnings
torch.set_warn_always(True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    message('to float', lambda: torch.tensor([1 + 2j, -3 - 1j]).to(torch.float32))
    message('to long', lambda: torch.tensor([1.7 + 2j, -2.5 - 1j]).to(torch.int64))
    message('to half', lambda: torch.tensor([1 + 2j]).half())
    message('double', lambda: torch.tensor([1 + 2j]).double())
    message('to bool', lambda: torch.tensor([0 + 2j, 0j]).to(torch.bool))
    message('tensor of array', lambda: torch.tensor(__import__('numpy').array([1 + 2j]),
                                                    dtype=torch.float64))
torch.set_warn_always(False)
for w in caught:
    print(w.category.__name__, str(w.message).split(' (Triggered')[0])
message('to complex', lambda: torch.tensor([1., 2.]).to(torch.complex64))
message('cfloat', lambda: torch.tensor([1, 2]).cfloat())
message('cdouble', lambda: torch.tensor([1.5]).cdouble())
message('widen', lambda: torch.tensor([1 + 2j]).to(torch.complex128))
print(torch.tensor([1 + 2j]).type(), torch.tensor([1j], dtype=torch.cdouble).type())
message('type cast', lambda: torch.tensor([1 + 2j]).type(torch.complex128))
message('type str', lambda: torch.tensor([1.]).type('torch.ComplexFloatTensor'))
message('type_as', lambda: torch.tensor([1.]).type_as(torch.tensor([1j])))
x = torch.tensor([1., -2.], requires_grad=True)
y = x.to(torch.complex64)
print(type(y.grad_fn).__name__, y.requires_grad)
(torch.view_as_real(y).pow(2).sum()).backward()
print(x.grad)
w = z(3)
v = w.to(torch.complex64).to(torch.float64)
print(type(v.grad_fn).__name__, v.dtype, v.tolist())
v.sum().backward()
print(w.grad)
c = z(2)
d = c.to(torch.int64)
print(d, d.requires_grad)
'''),
    ("complex_shapes", _SHOW + '''\
x = z(2, 3)
for label, f in [
        ('view', lambda t: t.view(3, 2)), ('reshape', lambda t: t.reshape(-1)),
        ('flatten', lambda t: t.flatten()), ('unsqueeze', lambda t: t.unsqueeze(1)),
        ('squeeze', lambda t: t[:1].squeeze(0)), ('permute', lambda t: t.permute(1, 0)),
        ('transpose', lambda t: t.transpose(0, 1)), ('t', lambda t: t.t()),
        ('expand', lambda t: t[:1].expand(3, 3)), ('repeat', lambda t: t.repeat(1, 2)),
        ('flip', lambda t: t.flip(1)), ('roll', lambda t: t.roll(1, 1)),
        ('narrow', lambda t: t.narrow(1, 1, 2)), ('clone', lambda t: t.clone()),
        ('contiguous', lambda t: t.t().contiguous()), ('chunk', lambda t: t.chunk(3, 1)[1]),
        ('split', lambda t: t.split([1, 2], 1)[1]), ('unbind', lambda t: t.unbind(0)[1]),
        ('diagonal', lambda t: t.diagonal()), ('diag', lambda t: torch.diag(t)),
        ('diag vector', lambda t: torch.diag(t[0])),
        ('cat', lambda t: torch.cat([t, t.flip(0)], 1)),
        ('stack', lambda t: torch.stack([t, t.flip(0)])),
        ('getitem', lambda t: t[1, 1:]), ('advanced', lambda t: t[:, torch.tensor([2, 0, 2])]),
        ('index_select', lambda t: t.index_select(1, torch.tensor([2, 2]))),
        ('gather', lambda t: t.gather(1, torch.tensor([[0, 2], [1, 1]]))),
        ('masked_fill', lambda t: t.masked_fill(torch.tensor([[True, False, True]]), 2j)),
        ('sum', lambda t: t.sum()), ('sum dim', lambda t: t.sum(1)),
        ('cumsum', lambda t: t.cumsum(1))]:
    print(label)
    grads(f, x)
y = z(2, 3)
y2 = y.clone()
y2[0, 1] = 5 - 5j
y2[:, torch.tensor([2])] = torch.tensor([[1j], [2.]], dtype=torch.complex128)
print(type(y2.grad_fn).__name__, y2.tolist())
torch.view_as_real(y2).sum().backward()
print(y.grad)
print(torch.tensor([1 + 2j, 3 - 4j]).sum(), torch.tensor([[1 + 2j, 3 - 4j]]).cumsum(1))
print(torch.zeros(3).sum(dtype=torch.cdouble), torch.tensor([1 + 2j]).sum(dtype=torch.float32))
r = torch.zeros(2)
r[0] = 1 + 0j
print(r)
message('real setitem', lambda: r.__setitem__(1, 1 + 2j))
'''),
    ("complex_indexing_more", _SHOW + '''\
x, v = z(2, 3), z(2, 2, k=1)
r = torch.arange(6, dtype=torch.float64).reshape(2, 3).requires_grad_()
for label, f, args in [
        ('cat mixed', lambda p, q: torch.cat([p, q]), (x, r)),
        ('stack mixed', lambda p, q: torch.stack([p, q]), (x, r)),
        ('index_add', lambda p, q: p.index_add(1, torch.tensor([2, 0]), q), (x, v)),
        ('index_fill', lambda p: p.index_fill(1, torch.tensor([1]), 2.0), (x,)),
        ('index_fill complex', lambda p: p.index_fill(1, torch.tensor([1]), 2 - 1j), (x,)),
        ('scatter', lambda p, q: p.scatter(1, torch.tensor([[2], [0]]), q[:, :1]), (x, v)),
        ('scatter_add', lambda p, q: p.scatter_add(1, torch.tensor([[2, 2], [0, 1]]), q),
         (x, v)),
        ('diagonal_scatter', lambda p, q: torch.diagonal_scatter(p, q[0]), (x, v)),
        ('rot90', lambda p: p.rot90(), (x,)), ('unfold', lambda p: p.unfold(1, 2, 1), (x,)),
        ('tril', lambda p: p.tril(), (x,)), ('triu', lambda p: p.triu(1), (x,)),
        ('masked_select', lambda p: p.masked_select(torch.tensor([[True, False, True]])),
         (x,)),
        ('take', lambda p: p.take(torch.tensor([5, 0, 5])), (x,)),
        ('put', lambda p, q: p.put(torch.tensor([5, 0]), q[0]), (x, v)),
        ('index_put accumulate', lambda p, q: p.index_put((torch.tensor([0, 0]),),
                                                          q, accumulate=True), (x, z(3, k=2))),
        ('masked_scatter', lambda p, q: p.masked_scatter(torch.tensor([[True, False, True]]),
                                                          q), (x, v)),
        ('index_copy', lambda p, q: p.index_copy(1, torch.tensor([2, 0]), q), (x, v)),
        ('as_strided', lambda p: p.as_strided((2, 2), (1, 2)), (x,)),
        ('to real', lambda p: p.to(torch.float64), (x,)),
        ('real to complex', lambda q: q.to(torch.complex64), (r,)),
        ('copy_', lambda p, q: p.clone().copy_(q), (x, r))]:
    print(label)
    grads(f, *args)
# torch has no complex derivative for these four: recording refuses, computing runs
for label, f in [('slice_scatter', lambda p, q: torch.slice_scatter(p, q, 1, 0, 2)),
                 ('select_scatter', lambda p, q: torch.select_scatter(p, q, 0, 1)),
                 ('select_copy', lambda p, q: torch.select_copy(p, 0, 1)),
                 ('slice_copy', lambda p, q: torch.slice_copy(p, 1, 0, 2))]:
    src = z(3, k=2) if label == 'select_scatter' else v
    message(label, lambda: f(x, src))
    with torch.no_grad():
        message(label + ' no_grad', lambda: f(x, src))
    message(label + ' detached', lambda: f(x.detach(), src.detach()))
'''),
    ("complex_products", _SHOW + '''\
a, b = z(2, 3), z(3, 2, k=1)
for label, f, args in [
        ('mm', lambda p, q: p.mm(q), (a, b)),
        ('matmul', lambda p, q: p @ q, (a, b)),
        ('mm transposed', lambda p, q: p.t().mm(q.t()), (z(3, 2), z(2, 3, k=2))),
        ('bmm', lambda p, q: torch.bmm(p, q), (z(2, 2, 3), z(2, 3, 2, k=1))),
        ('batched matmul', lambda p, q: p @ q, (z(2, 2, 3), z(3, 2, k=1))),
        ('addmm', lambda c, p, q: torch.addmm(c, p, q), (z(2, 2, k=3), a, b)),
        ('dot', torch.dot, (z(3), z(3, k=1))), ('vdot', torch.vdot, (z(3), z(3, k=1))),
        ('mv', torch.mv, (a, z(3, k=1))), ('mean', lambda t: t.mean(), (a,)),
        ('mean dim', lambda t: t.mean(0), (a,)),
        ('vector matmul', lambda p, q: p @ q, (z(3, k=1), b)),
        ('addmm scaled', lambda c, p, q: torch.addmm(c, p, q, beta=0.5, alpha=2),
         (z(2, 2, k=3), a, b))]:
    print(label)
    grads(f, *args)
message('mixed mm', lambda: torch.ones(2, 2, dtype=torch.cfloat) @ torch.ones(2, 2))
message('mixed dot', lambda: torch.dot(torch.ones(2, dtype=torch.cfloat),
                                       torch.ones(2, dtype=torch.cdouble)))
'''),
]
