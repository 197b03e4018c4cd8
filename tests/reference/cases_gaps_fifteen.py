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
]
