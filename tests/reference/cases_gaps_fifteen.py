"""Small torch-compatibility gaps (helper 88), recorded from torch 2.13: the modules public
classes report (`<class 'torch.Tensor'>`, grad_fn classes made in C), `Tensor._is_view`,
inference tensors, `as_strided` of detached views, the strides of copies of empty tensors
and of elementwise results on expanded inputs, and torch's NumPy-style argument aliases.

Ids start with ``gaps15_``. Class names are printed with ``ember`` read as ``torch`` (the
module's own name is the one difference the cases cannot avoid).
"""

from __future__ import annotations

_SHOWN = '''\
def shown(kind):
    print(str(kind).replace('ember', 'torch'), kind.__qualname__)
'''

_TRY = '''\
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e))
        return
    if isinstance(r, torch.Tensor):
        print(label, r.tolist(), r.requires_grad, r.is_inference(),
              type(r.grad_fn).__name__ if r.grad_fn is not None else None)
    else:
        print(label, r)
'''

CASES: list[tuple[str, str]] = [
    ("gaps15_class_modules", _SHOWN + """
x = torch.ones(2, requires_grad=True)
for kind in [type(x), type(torch.nn.Parameter(torch.ones(1))), type(x.dtype), type(x.shape),
             type(x.device), type(torch.Generator()), type(torch.finfo(torch.float32)),
             type(torch.iinfo(torch.int8)), type(torch.contiguous_format),
             torch.Tensor, torch.Size, torch.dtype, torch.device, torch.no_grad,
             torch.enable_grad, torch.set_grad_enabled, torch.inference_mode,
             torch.autograd.detect_anomaly, torch.autograd.set_detect_anomaly,
             torch.linalg.LinAlgError, torch.serialization.StorageType,
             torch.utils.data._utils.worker.WorkerInfo]:
    shown(kind)
"""),
    ("gaps15_grad_fn_classes", _SHOWN + """
x = torch.ones(2, 3, requires_grad=True)
y = x * 2
for node in [y.grad_fn, y.grad_fn.next_functions[0][0], y.sum().grad_fn, x[0].grad_fn,
             x.split(1)[0].grad_fn, torch.linalg.qr(x.T)[0].grad_fn]:
    shown(type(node))
z = x.clone()
z[0] = 1
shown(type(z.grad_fn))
class Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t * 2
    @staticmethod
    def backward(ctx, g):
        return g * 2
shown(type(Twice.apply(x).grad_fn))
"""),
    ("gaps15_class_modules_pickle", """
import io, pickle, copy
for value in [torch.ones(2, requires_grad=True), torch.nn.Parameter(torch.ones(2)),
              torch.Size([2, 3]), torch.float16, torch.device('cpu'), torch.nn.Linear(2, 2),
              torch.arange(6.).view(2, 3)[1:]]:
    back = pickle.loads(pickle.dumps(value))
    buffer = io.BytesIO()
    torch.save(value, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=False)
    print(type(back).__name__, type(loaded).__name__, type(copy.deepcopy(value)).__name__,
          str(back).replace(chr(10), ' ') == str(value).replace(chr(10), ' '),
          str(loaded).replace(chr(10), ' ') == str(value).replace(chr(10), ' '))
"""),
    ("gaps15_is_view", """
a = torch.arange(6.)
m = torch.arange(6.).view(2, 3)
for label, t in [('plain', a), ('slice', a[1:]), ('view', a.view(2, 3)), ('detach', a.detach()),
                 ('slice detach', a[1:].detach()), ('clone', a.clone()), ('reshape', a.reshape(6)),
                 ('reshape copy', m.T.reshape(6)), ('T', m.T), ('view dtype', a.view(torch.int64)),
                 ('unbind', m.unbind()[0]), ('split', a.split(2)[1]), ('expand', a.expand(2, 6)),
                 ('diagonal', m.diagonal()), ('select', m[0]), ('index', a[[0, 1]]),
                 ('contiguous', a.contiguous()), ('unsqueeze', a.unsqueeze(0)),
                 ('as_strided', a.as_strided((2,), (2,))), ('unfold', a.unfold(0, 2, 1)),
                 ('parameter', torch.nn.Parameter(a[1:])), ('permute', m.permute(1, 0)),
                 ('view of view', a[1:][1:]), ('empty slice', torch.ones(0)[0:0])]:
    print(label, t._is_view(), t._base is not None)
"""),
    ("gaps15_inference_tensors", _TRY + """
w = torch.ones(2, requires_grad=True)
n = torch.ones(2)
with torch.inference_mode():
    i = torch.ones(2)
    j = n * 2
    print(torch.is_inference_mode_enabled(), i.is_inference(), j.is_inference(), n.is_inference(),
          w.is_inference(), torch.is_inference(j))
    for label, t in [('view of normal', n.view(2)), ('slice of normal', n[1:]),
                     ('detach of normal', w.detach()), ('data', w.data),
                     ('view of inference', i[0:1]), ('double', n.double()),
                     ('view dtype', n.view(torch.int32)),
                     ('from_numpy', torch.from_numpy(n.numpy())),
                     ('tensor', torch.tensor([1.0])), ('zeros_like', torch.zeros_like(w)),
                     ('parameter', torch.nn.Parameter(torch.ones(2))), ('clone', n.clone())]:
        print(label, t.is_inference(), t._is_view())
    i.add_(1)
    i[0] = 5.0
    n.add_(1)
    print('inside', i.tolist(), n.tolist(), n._version, i.requires_grad_().requires_grad)
    i.requires_grad_(False)
with torch.inference_mode(False):
    print('inference_mode(False)', torch.ones(1).is_inference(), torch.is_grad_enabled())
with torch.inference_mode():
    with torch.inference_mode(False):
        print('nested False', torch.ones(1).is_inference(), torch.is_inference_mode_enabled(),
              torch.is_grad_enabled())
    with torch.no_grad():
        print('nested no_grad', torch.ones(1).is_inference())
print('outside', i.is_inference(), i.clone().is_inference(), i.view(2).is_inference(),
      i.detach().is_inference(), (i + 1).is_inference(), i[0].is_inference())
show('i * w', lambda: i * w)
show('w * i', lambda: w * i)
show('w / i', lambda: w / i)
show('i + w', lambda: i + w)
show('w.exp() * i', lambda: w.exp() * i)
show('i @ w', lambda: i @ w)
show('cat', lambda: torch.cat([i, w]))
show('pow', lambda: w ** i)
show('linear', lambda: torch.nn.functional.linear(i, w.view(1, 2)))
show('add_', lambda: i.add_(1))
show('view mul_', lambda: i.view(2).mul_(2))
show('setitem', lambda: i.__setitem__(0, 1.0))
show('zero_', lambda: i.zero_())
show('copy_', lambda: i.copy_(n))
show('uniform_', lambda: i.uniform_())
show('out=', lambda: torch.add(n, n, out=i))
show('into normal', lambda: n.clone().copy_(i))
show('requires_grad_', lambda: i.requires_grad_())
show('requires_grad =', lambda: setattr(i, 'requires_grad', True))
show('requires_grad_(False)', lambda: i.requires_grad_(False))
show('_version', lambda: i._version)
show('grad', lambda: i.grad)
print(i.tolist())
# torch's kernels write before the refusal: the values change
show('slice add_', lambda: i[1:].add_(w[0]))
show('bad shapes', lambda: i.add_(torch.ones(3)))
show('arange out=', lambda: torch.arange(2, out=i))
show('set_', lambda: i.set_(torch.ones(3)))
show('resize by view_', lambda: i.unsqueeze_(0))
print(i.tolist(), i.is_inference(), i[1:]._is_view(), i.view(-1)._base is None)
show('set_ into normal', lambda: torch.ones(2).set_(i))
"""),
    ("gaps15_inference_custom_function", _TRY + """
class Keep(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(y)
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g * 2, None
with torch.inference_mode():
    i = torch.ones(2)
w = torch.ones(2, requires_grad=True)
show('saved', lambda: Keep.apply(w, i))
show('not recorded', lambda: Keep.apply(w.detach(), i))
show('normal', lambda: Keep.apply(w, i.clone()))
"""),
    ("gaps15_as_strided_of_aliases", """
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e))
        return
    print(label, r.tolist(), r.stride(), r.storage_offset(), r._is_view())
a = torch.arange(6.)
b = a[1:].detach()
show('detached', lambda: b.as_strided((2,), (1,)))
show('detached, offset 3', lambda: b.as_strided((2,), (1,), 3))
show('detached, offset 0', lambda: b.as_strided((2,), (1,), 0))
show('detached, too far', lambda: b.as_strided((3,), (2,), 1))
show('view, offset before it', lambda: a[2:].as_strided((2,), (1,), 1))
show('row of a detached matrix', lambda: a.view(2, 3)[1].detach().as_strided((2, 2), (1, 1)))
show('data', lambda: a[1:].data.as_strided((2,), (2,)))
show('parameter', lambda: torch.nn.Parameter(a[3:], requires_grad=False).as_strided((2,), (1,), 2))
show('view of detached', lambda: a[1:].detach()[1:].as_strided((2,), (1,)))
show('view of detached, offset 0', lambda: a[1:].detach()[1:].as_strided((2,), (1,), 0))
show('view of a clone', lambda: a[1:].clone()[1:].as_strided((2,), (1,), 0))
m = torch.arange(12.).view(3, 4).t().detach()
show('transposed', lambda: m[1:].as_strided((2, 2), (1, 4)))
show('transposed, offset', lambda: m[1:].as_strided((2, 2), (1, 4), 2))
show('expanded', lambda: a[1:].detach().expand(2, 5).as_strided((2,), (1,)))
w = torch.arange(6., requires_grad=True)
show('of a leaf requiring grad', lambda: w[1:].detach().as_strided((2,), (1,), 4))
r = w[2:].as_strided((2,), (1,), 3)
r.sum().backward()
print(r.tolist(), type(r.grad_fn).__name__, w.grad.tolist())
"""),
    ("gaps15_empty_copies_keep_strides", """
inputs = {'transposed': torch.zeros(3, 0).t(), 'unsqueezed': torch.zeros(0, 3).unsqueeze(1),
          'permuted': torch.zeros(2, 0, 3).permute(2, 0, 1), 'stepped': torch.zeros(4, 0)[::2],
          'expanded': torch.zeros(1, 0).expand(3, 0), 'plain': torch.zeros(0, 3)}
copies = [('clone', lambda x: x.clone()), ('contiguous', lambda x: x.contiguous()),
          ('clone contiguous', lambda x: x.clone(memory_format=torch.contiguous_format)),
          ('clone preserve', lambda x: torch.clone(x, memory_format=torch.preserve_format)),
          ('empty_like', lambda x: torch.empty_like(x)),
          ('empty_like int64', lambda x: torch.empty_like(x, dtype=torch.int64)),
          ('zeros_like', lambda x: torch.zeros_like(x)),
          ('ones_like', lambda x: torch.ones_like(x)),
          ('full_like', lambda x: torch.full_like(x, 2)),
          ('rand_like', lambda x: torch.rand_like(x)),
          ('randn_like', lambda x: torch.randn_like(x)),
          ('randint_like', lambda x: torch.randint_like(x, 5)),
          ('to float64', lambda x: x.to(torch.float64)), ('double', lambda x: x.double()),
          ('half', lambda x: x.half()), ('int', lambda x: x.int()), ('bool', lambda x: x.bool()),
          ('type', lambda x: x.type(torch.float64)), ('new_zeros', lambda x: x.new_zeros(x.shape)),
          ('clone then mul_', lambda x: x.clone().mul_(2)), ('detach', lambda x: x.detach())]
for name, x in inputs.items():
    print(name, x.stride(), [(label, f(x).stride()) for label, f in copies])
w = torch.zeros(3, 0, requires_grad=True)
c = w.t().clone()
print(c.stride(), type(c.grad_fn).__name__, c.sum().item())
"""),
    ("gaps15_elementwise_on_expanded", """
F = torch.nn.functional
inputs = {'row': torch.arange(3.).expand(2, 3),
          'middle': torch.arange(6.).view(2, 1, 3).expand(2, 4, 3),
          'first': torch.arange(12.).view(1, 3, 4).expand(2, 3, 4),
          'of a transpose': torch.arange(6.).view(3, 2).t()[:1].expand(4, 3),
          '4d': torch.arange(4.).view(1, 4, 1, 1).expand(2, 4, 3, 3),
          'transposed column': torch.arange(2.).view(2, 1).expand(2, 3).t()}
ops = [('* 4', lambda x: x * 4), ('neg', lambda x: -x), ('exp', torch.exp),
       ('sigmoid', torch.sigmoid), ('lgamma', torch.lgamma), ('nan_to_num', torch.nan_to_num),
       ('x + x', lambda x: x + x), ('relu', F.relu), ('gelu', F.gelu), ('clone', torch.clone),
       ('double', lambda x: x.double()), ('> 1', lambda x: x > 1),
       ('where', lambda x: torch.where(x > 1, x, 0.)), ('clamp', lambda x: x.clamp(0, 1)),
       ('* contiguous', lambda x: x * x.contiguous()),
       ('contiguous *', lambda x: x.contiguous() * x),
       ('* column-major', lambda x: x * x.contiguous().transpose(-1, -2).contiguous()
        .transpose(-1, -2)),
       ('int exp', lambda x: x.long().exp()), ('int sigmoid', lambda x: x.long().sigmoid()),
       ('int * 1.5', lambda x: x.long() * 1.5), ('int / 2', lambda x: x.long() / 2),
       ('int + column-major', lambda x: x.long() + x.contiguous().transpose(-1, -2).contiguous()
        .transpose(-1, -2)),
       ('column-major + int', lambda x: x.contiguous().transpose(-1, -2).contiguous()
        .transpose(-1, -2) + x.long()),
       ('int < column-major', lambda x: x.long() < x.contiguous().transpose(-1, -2).contiguous()
        .transpose(-1, -2)),
       ('half sigmoid', lambda x: x.half().sigmoid())]
for name, x in inputs.items():
    print(name, x.stride(), [(label, f(x).stride()) for label, f in ops])
"""),
    ("gaps15_numpy_argument_names", """
t = torch.arange(6.).view(2, 3)
u = torch.ones(2, 3)
def show(label, fn):
    try:
        r = fn()
    except TypeError as e:
        print(label, 'TypeError')
        return
    print(label, r.tolist() if isinstance(r, torch.Tensor) else r)
show('sum(x=)', lambda: torch.sum(x=t))
show('sum(a=)', lambda: torch.sum(a=t))
show('sum(x1=)', lambda: torch.sum(x1=t))
show('sum(input=)', lambda: torch.sum(input=t))
show('sum(input=, x=)', lambda: torch.sum(input=t, x=t))
show('mean(x=, axis=, keepdims=)', lambda: torch.mean(x=t, axis=1, keepdims=True))
show('add(x1=, x2=)', lambda: torch.add(x1=t, x2=u))
show('add(t, x2=)', lambda: torch.add(t, x2=u))
show('add(x1=, x2=, alpha=)', lambda: torch.add(x1=t, x2=u, alpha=2))
show('add(t, u, x2=)', lambda: torch.add(t, u, x2=u))
show('t.add(x2=)', lambda: t.add(x2=u))
show('t.mul(x2=)', lambda: t.mul(x2=u))
show('t.add(x=)', lambda: t.add(x=u))
show('mul(x1=, x2=)', lambda: torch.mul(x1=t, x2=u))
show('sub(x1=, x2=)', lambda: torch.sub(x1=t, x2=u))
show('div(x1=, x2=)', lambda: torch.div(x1=t, x2=u))
show('exp(x=)', lambda: torch.exp(x=t).round())
show('abs(a=)', lambda: torch.abs(a=-t))
show('clamp(x=, min=)', lambda: torch.clamp(x=t, min=1))
show('eq(x1=, x2=)', lambda: torch.eq(x1=t, x2=u))
show('maximum(x1=, x2=)', lambda: torch.maximum(x1=t, x2=u))
show('atan2(x1=, x2=)', lambda: torch.atan2(x1=t, x2=u).round())
show('matmul(x1=, x2=)', lambda: torch.matmul(x1=t, x2=u.t()))
show('logical_and(x1=, x2=)', lambda: torch.logical_and(x1=t, x2=u))
show('dist(x1=, x2=)', lambda: round(torch.dist(x1=t, x2=u).item(), 4))
show('isclose(x1=, x2=)', lambda: torch.isclose(x1=t, x2=u))
show('equal(x1=, x2=)', lambda: torch.equal(x1=t, x2=u))
show('softmax(x=, axis=)', lambda: torch.softmax(x=t, axis=1).argmax(1))
show('cumsum(x=, axis=)', lambda: torch.cumsum(x=t, axis=1))
show('t.size(axis=)', lambda: t.size(axis=0))
show('t.size(axis=-1)', lambda: t.size(axis=-1))
show('t.size(dim=, axis=)', lambda: t.size(dim=0, axis=0))
show('t.softmax(axis=, dim=)', lambda: t.softmax(axis=1, dim=1))
show('t.swapaxes(axis0=, axis1=)', lambda: t.swapaxes(axis0=0, axis1=1))
show('swapaxes(t, axis0=, axis1=)', lambda: torch.swapaxes(t, axis0=1, axis1=0))
show('swapaxes_(axis0=, axis1=)', lambda: t.clone().swapaxes_(axis0=0, axis1=1))
show('t.swapdims(dim0=, dim1=)', lambda: t.swapdims(dim0=0, dim1=1))
show('transpose(axis0=)', lambda: t.transpose(axis0=0, axis1=1))
show('norm(x=)', lambda: torch.norm(x=t))
show('unique(x=)', lambda: torch.unique(x=t))
show('split axis', lambda: t.split(1, axis=1))
"""),
]
