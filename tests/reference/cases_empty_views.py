"""Views of tensors without elements, as torch 2.13 lays them out (ops/_empty_views.py):
their strides (a new empty tensor's are contiguous, and its views permute, expand and
slice them as for any tensor) and their storage offsets (a slice without elements starts
at its start, `t[3:3]` at 3 * t.stride(0)), and what reads them: view(dtype)'s checks of
the offset and strides, as_strided's default offset and its missing bounds check for a
window without elements, and writes and gradients through such views. Each `show` prints
the shape, strides, storage offset and contiguity.

Ids start with ``empty_views_``.
"""

from __future__ import annotations

_SHOW = """\
def show(label, t):
    print(label, tuple(t.shape), t.stride(), t.storage_offset(), t.is_contiguous())
def attempt(label, f):
    try:
        show(label, f())
    except Exception as e:
        print(label, '->', type(e).__name__, str(e).split('\\n')[0])
"""

CASES: list[tuple[str, str]] = [
    ("empty_views_slices", _SHOW + """\
t = torch.zeros(4, 3)
for label, f in [('t[3:3]', lambda: t[3:3]), ('narrow', lambda: t.narrow(0, 1, 0)),
                 ('t[5:2]', lambda: t[5:2]), ('t[-1:1]', lambda: t[-1:1]),
                 ('t[4:4]', lambda: t[4:4]), ('t[1:1:2]', lambda: t[1:1:2]),
                 ('t[:, 2:2]', lambda: t[:, 2:2]), ('t[:, 2:2:3]', lambda: t[:, 2:2:3]),
                 ('t[:, 3:]', lambda: t[:, 3:]), ('t[1:][2:1]', lambda: t[1:][2:1]),
                 ('t.t()[1:1]', lambda: t.t()[1:1]), ('t[2:2].t()', lambda: t[2:2].t()),
                 ('t[2:2, 1:]', lambda: t[2:2, 1:]), ('t[2:2][:, 1]', lambda: t[2:2][:, 1]),
                 ('t[None, 2:2]', lambda: t[None, 2:2]), ('t[..., 3:3]', lambda: t[..., 3:3]),
                 ('narrow(1, 3, 0)', lambda: t.narrow(1, 3, 0)),
                 ('narrow(-1, -2, 0)', lambda: t.narrow(-1, -2, 0))]:
    attempt(label, f)
for label, pieces in [('split', t.split(2, 1)), ('split sizes', t.split([1, 0, 3], 0)),
                      ('split 0', torch.zeros(3, 0).split(0, 1)),
                      ('chunk', torch.zeros(0, 3).chunk(3)),
                      ('tensor_split', t.tensor_split(6, 1)),
                      ('tensor_split idx', t.tensor_split([1, 1, 5], 0)),
                      ('unbind', t[:, 1:1].unbind(0))]:
    for i, p in enumerate(pieces):
        show(f'{label} {i}', p)
"""),
    ("empty_views_of_new_tensors", _SHOW + """\
e = torch.zeros(0, 3)
f = torch.zeros(2, 0, 3)
for expr in ['e', 'e.t()', 'e.T', 'e.mT', 'f.transpose(0, 2)', 'f.permute(1, 2, 0)',
             'f.movedim(0, -1)', 'f.swapaxes(1, 2)', 'e[:, 1:]', 'e[:, 1]', 'f.select(2, 2)',
             'f[1]', 'f[:, :, 1:2]', 'e.unsqueeze(0)', 'e.unsqueeze(1)', 'e.unsqueeze(2)',
             'e[:, None]', 'f[None]', 'f[..., None]', 'torch.zeros(1, 0, 3).squeeze()',
             'torch.zeros(1, 0, 1, 3)[:, :, :, 1:].squeeze(2)', 'e.expand(2, 0, 3)',
             'torch.zeros(1).expand(3, 0)', 'torch.zeros(1, 3)[:, 1:].expand(0, 2)',
             'torch.zeros(3, 1).expand_as(torch.zeros(3, 0))', 'e.broadcast_to(4, 0, 3)',
             'e.broadcast_to((4, 0, 3))', 'e.diagonal(1)', 'e.diagonal(-1)',
             'f.diagonal(1, 0, 2)', 'torch.zeros(3, 4).diagonal(5)',
             'torch.zeros(0, 3, 4).diagonal(1, 1, 2)', 'e.unfold(1, 2, 1)',
             'torch.zeros(3, 0).unfold(0, 2, 1)', 'e.view(3, 0)', 'e.t().view(3, 0)',
             'e[:, 1:].view(2, 0)', 'e.view(0, 1, 3)', 'torch.zeros(0, 6).view(0, 2, -1)',
             'e.t().reshape(0, 3)', 'e[:, 1:].reshape(-1)', 'e.t().flatten()',
             'e[:, 1:].flatten()', 'e.unflatten(0, (2, 0))', 'e.view_as(torch.zeros(3, 0))',
             'f[...]', 'f.permute(2, 0, 1).detach()', 'torch.zeros(4, 3)[:, 1:1].t()',
             'e.t().contiguous()']:
    attempt(expr, lambda: eval(expr))
for label, make in [('unsqueeze_', lambda x: x.unsqueeze_(1)), ('t_', lambda x: x.t_()),
                    ('transpose_', lambda x: x.transpose_(0, 1)),
                    ('squeeze_', lambda x: x.unsqueeze(0).squeeze_())]:
    show(label, make(torch.zeros(0, 3)))
    show(label + ' of slice', make(torch.zeros(4, 3)[2:2]))
"""),
    ("empty_views_chains", _SHOW + """\
t = torch.zeros(4, 3, 2)
e = torch.zeros(3, 0, 2)
for expr in ['t[1:1].permute(2, 0, 1)', 't.narrow(1, 2, 0).unsqueeze(1).transpose(0, 3)',
             't[:, 3:][2]', 't[::2][:, 1:1, 1:]', 'e.mT.expand(2, 3, 2, 0)',
             'e.diagonal(0, 0, 2).t()', 'e.unfold(2, 2, 1).flatten(2)',
             'e.split(1, 2)[1].movedim(2, 0)', 'e.chunk(2, 0)[1].view(0, 2)',
             'e.select(0, 2).unsqueeze(-1)', 'e.transpose(0, 2).narrow(0, 1, 1)',
             't.unfold(0, 2, 1)[3:]', 't[:, :1].expand(4, 5, 2)[:, 2:2]',
             't.unbind(2)[1][2:2, 1:]']:
    attempt(expr, lambda: eval(expr))
"""),
    ("empty_views_view_dtype", _SHOW + """\
t1 = torch.arange(-2, -1, dtype=torch.float32).reshape((1,)).requires_grad_()
d = torch.float64
for expr in ['t1.narrow(0, 1, 0).view(torch.float64)', 't1.narrow(0, 0, 0).view(torch.float64)',
             't1.narrow(0, 1, 0).view(torch.float16)', 't1.narrow(0, 1, 0).view(torch.int8)',
             'torch.zeros(4, 3)[1:1].view(torch.int16)',
             'torch.zeros(4, 4)[1:1].view(torch.float64)',
             'torch.zeros(4, 4)[:, 1:1].view(torch.float64)',
             'torch.zeros(4, 4)[:, 2:2].view(torch.float64)',
             'torch.zeros(0, 4, dtype=d)[:, 3:].view(torch.float32)',
             'torch.zeros(0, 3, dtype=d)[:, 2:].view(torch.float32)',
             'torch.zeros(0, 3)[:, 1:].view(torch.int64)',
             'torch.zeros(0, 5)[:, 1:].view(torch.float64)',
             'torch.zeros(0, 4).t().view(torch.float64)', 'torch.zeros(0, 4).t().view(torch.int16)',
             'torch.zeros(0, 4)[:, ::2].view(torch.int16)',
             'torch.zeros(1, 4).expand(0, 4).view(torch.float64)']:
    attempt(expr, lambda: eval(expr))
"""),
    ("empty_views_as_strided", _SHOW + """\
t = torch.zeros(4, 3)
for label, g in [('t[3:3] default', lambda: t[3:3].as_strided((0, 2), (1, 1))),
                 ('t[1:1] default', lambda: t[1:1].as_strided((0, 2), (1, 1))),
                 ('beyond', lambda: t.as_strided((0,), (1,), 100)),
                 ('before own', lambda: t[2:].as_strided((0, 2), (1, 1), 1)),
                 ('zero strides', lambda: t[1:].as_strided((2, 0), (0, 0), 4)),
                 ('negative', lambda: t.as_strided((0,), (1,), -1)),
                 ('negative full', lambda: t.as_strided((2,), (1,), -1)),
                 ('overlapping input', lambda: t.unfold(0, 2, 1).as_strided((1, 0), (1, 1))),
                 ('of an empty slice', lambda: t[4:4].as_strided((0, 3), (3, 1), 12)),
                 ('window then view', lambda: t.as_strided((0, 4), (4, 1), 6).view(torch.float64)),
                 ('window then t', lambda: t.as_strided((2, 0), (0, 0), 5).t())]:
    attempt(label, g)
"""),
    ("empty_views_writes_and_gradients",
     "a = torch.arange(12.).reshape(4, 3).requires_grad_()\n"
     "b = a * 1\n"
     "v = b[3:3]\n"
     "v.mul_(2)\n"
     "w = b[:, 1:1].t()\n"
     "w.add_(1)\n"
     "print(v.shape, v.stride(), v.storage_offset(), type(v.grad_fn).__name__)\n"
     "print(w.shape, w.stride(), w.storage_offset(), type(w.grad_fn).__name__)\n"
     "print(type(b.grad_fn).__name__)\n"
     "(b.sum() + v.sum() + w.sum()).backward()\n"
     "print(a.grad)\n"
     "e = torch.zeros(0, 3, requires_grad=True)\n"
     "y = e.t().unsqueeze(1).expand(3, 2, 0)\n"
     "print(y, y.stride())\n"
     "y.sum().backward()\n"
     "print(e.grad, e.grad.stride())\n"
     "z = torch.zeros(4, 3)[2:2]\n"
     "z.fill_(1.0)\n"
     "z.copy_(torch.zeros(0, 3))\n"
     "print(z, z.storage_offset(), torch.zeros(4, 3)[3:3].clone().storage_offset())\n"),
    ("empty_views_issue_program",
     "t1 = torch.arange(-2, -1, dtype=torch.float32).reshape((1,)).requires_grad_()\n"
     "t2 = t1.narrow(0, 1, 0)\n"
     "print(t2.storage_offset(), t2.stride())\n"
     "t3 = t2.view(torch.float64)\n"),
]
