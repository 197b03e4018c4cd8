"""Public torch functions and Tensor methods ember lacked (issue 16, helper 103), recorded
from torch 2.13: the `*_copy` views (values, grad_fn names, gradients, out=), the
`native_*` normalisations and dropout with their saved statistics and masks, the RNN cells
and raw recurrent functions, and smaller namespace functions and Tensor methods.

Ids start with ``api16_``.
"""

from __future__ import annotations

_SHOW = '''\
def name(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    for t in (r if isinstance(r, (tuple, list)) else [r]):
        if isinstance(t, torch.Tensor):
            print(label, t.dtype, list(t.shape), t.stride(), t.is_contiguous(), t.requires_grad,
                  name(t), [round(v, 4) for v in t.detach().flatten()[:8].tolist()])
        else:
            print(label, type(t).__name__, t)
'''

_X = '''\
x = torch.linspace(-2, 3, 24).reshape(2, 3, 4).requires_grad_()
'''

_RNN = '''\
torch.manual_seed(0)
def name(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None
def nxt(t):
    return [type(f).__name__ for f, _ in t.grad_fn.next_functions]
def r4(t):
    return [round(v, 4) for v in t.detach().flatten()[:6].tolist()]
def e(label, f):
    try:
        r = f()
        print(label, 'ok', [t.shape for t in r] if isinstance(r, tuple) else r.shape)
    except Exception as ex:
        print(label, type(ex).__name__, str(ex).split(chr(10))[0])
'''

CASES: list[tuple[str, str]] = [
    ("api16_copy_views", _SHOW + _X + """
show('view', lambda: torch.view_copy(x, (6, 4)))
show('view -1', lambda: torch.view_copy(x, [4, -1]))
show('view transposed', lambda: torch.view_copy(x.transpose(0, 1), (24,)))
show('view dtype', lambda: torch.view_copy(x.detach(), torch.int32))
show('view float64', lambda: torch.view_copy(x, torch.float64))
show('permute', lambda: torch.permute_copy(x, (2, 0, 1)))
show('expand', lambda: torch.expand_copy(x[:, :1], (2, 5, 4)))
show('expand implicit', lambda: torch.expand_copy(x, (2, 2, 3, 4), implicit=True))
show('transpose', lambda: torch.transpose_copy(x, 0, 2))
show('t', lambda: torch.t_copy(x[0]))
show('t 1-d', lambda: torch.t_copy(x[0, 0]))
show('squeeze', lambda: torch.squeeze_copy(x[:, :1]))
show('squeeze dim', lambda: torch.squeeze_copy(x[:, :1], 1))
show('squeeze dims', lambda: torch.squeeze_copy(x[:, :1], (0, 1)))
show('unsqueeze', lambda: torch.unsqueeze_copy(x, 1))
show('select', lambda: torch.select_copy(x, 1, 2))
show('select tensor', lambda: torch.select_copy(x, 0, torch.tensor(1)))
show('slice', lambda: torch.slice_copy(x, 1, 0, 3, 2))
show('slice defaults', lambda: torch.slice_copy(x))
show('slice keywords', lambda: torch.slice_copy(x, dim=2, start=-3, end=None, step=2))
show('slice clamped', lambda: torch.slice_copy(x, 1, -10, 10))
show('slice empty', lambda: torch.slice_copy(x, 1, 3, 1))
show('split', lambda: torch.split_copy(x, 2, 1))
show('split sizes', lambda: torch.split_with_sizes_copy(x, [1, 2], 1))
show('unbind', lambda: torch.unbind_copy(x, 1))
show('unbind default', lambda: torch.unbind_copy(x))
show('unfold', lambda: torch.unfold_copy(x, 2, 2, 1))
show('unfold 0-d', lambda: torch.unfold_copy(torch.tensor(5.), 0, 1, 1))
show('diagonal', lambda: torch.diagonal_copy(x, 0, 1, 2))
show('detach', lambda: torch.detach_copy(x))
show('alias', lambda: torch.alias_copy(x))
show('as_strided', lambda: torch.as_strided_copy(x, (2, 2), (1, 2)))
show('as_strided offset', lambda: torch.as_strided_copy(x, (2, 2), (1, 2), 3))
show('narrow', lambda: torch.narrow_copy(x, 1, 0, 2))
show('narrow method', lambda: x.narrow_copy(-1, 1, 2))
show('narrow tensor start', lambda: torch.narrow_copy(x, 1, torch.tensor(1), 2))
show('int permute', lambda: torch.permute_copy(torch.arange(6).reshape(2, 3), (1, 0)))
s = torch.tensor(3.)
show('0-d', lambda: [torch.squeeze_copy(s), torch.unsqueeze_copy(s, 0),
                     torch.transpose_copy(torch.tensor(3.), 0, -1)])
with torch.no_grad():
    show('no_grad', lambda: torch.permute_copy(x, (2, 0, 1)))
print(x.data_ptr() != torch.alias_copy(x).data_ptr())
pieces = torch.split_copy(x, 2, 1)
print(pieces[0].grad_fn is pieces[1].grad_fn, torch.unbind_copy(x)[0].grad_fn.name())
print(torch.detach_copy(x).grad_fn.name())
"""),
    ("api16_copy_gradients", _SHOW + _X + """
calls = {
    'view': lambda: torch.view_copy(x.transpose(0, 1), (6, 4)),
    'permute': lambda: torch.permute_copy(x, (2, 0, 1)),
    'expand': lambda: torch.expand_copy(x[:, :1], (2, 5, 4)),
    'transpose': lambda: torch.transpose_copy(x, 0, 2),
    'squeeze dims': lambda: torch.squeeze_copy(x[:1], (0,)),
    'select': lambda: torch.select_copy(x, 1, 2),
    'slice': lambda: torch.slice_copy(x, 1, 0, 3, 2),
    'split': lambda: torch.cat([p.flatten() for p in torch.split_copy(x, 2, 1)]),
    'unbind': lambda: torch.unbind_copy(x, 2)[3],
    'unfold': lambda: torch.unfold_copy(x, 2, 2, 1),
    'diagonal': lambda: torch.diagonal_copy(x, 1, 1, 2),
    'alias': lambda: torch.alias_copy(x),
    'as_strided': lambda: torch.as_strided_copy(x, (2, 2), (1, 2), 1),
    'narrow': lambda: torch.narrow_copy(x, 1, 1, 2),
}
for label, call in calls.items():
    r = call()
    v = torch.arange(r.numel(), dtype=r.dtype).reshape(r.shape).requires_grad_()
    g, = torch.autograd.grad(r, x, v, create_graph=True)
    print(label, name(r), name(g), g.sum().item(), (g * g).sum().item())
try:
    torch.detach_copy(x).sum().backward()
except RuntimeError as e:
    print('detach_copy', e)
"""),
    ("api16_copy_errors_and_out", _SHOW + """
x = torch.arange(24.).reshape(2, 3, 4)
show('view bad', lambda: torch.view_copy(x, (5,)))
show('view int', lambda: torch.view_copy(x, 24))
show('permute bad', lambda: torch.permute_copy(x, (0, 1)))
show('select bad', lambda: torch.select_copy(x, 1, 5))
show('slice step 0', lambda: torch.slice_copy(x, 1, 0, 2, 0))
show('narrow bad', lambda: torch.narrow_copy(x, 1, 2, 5))
show('unfold bad', lambda: torch.unfold_copy(x, 1, 5, 1))
show('t bad', lambda: torch.t_copy(x))
show('diagonal same', lambda: torch.diagonal_copy(x, 0, 1, 1))
show('expand bad', lambda: torch.expand_copy(x, (3, 3, 4)))
show('split list', lambda: torch.split_copy(x, [1, 2], 1))
show('not a tensor', lambda: torch.permute_copy(1, (0,)))
show('out dtype', lambda: torch.view_copy(x, (24,), out=torch.empty(0, dtype=torch.int64)))
o = torch.empty(0)
show('out', lambda: torch.permute_copy(x, (2, 0, 1), out=o))
print(o.shape, o.is_contiguous())
a, b = torch.empty(2, 2, 4), torch.empty(2, 1, 4)
show('split out', lambda: torch.split_copy(x, 2, 1, out=[a, b]))
print(a.sum().item(), b.sum().item())
show('split out size', lambda: torch.split_copy(x, 2, 1, out=[a]))
show('narrow out', lambda: torch.narrow_copy(x, 1, 0, 2, out=torch.empty(0)))
xr = x.clone().requires_grad_()
show('out beside grad', lambda: torch.t_copy(xr[0], out=torch.empty(4, 3)).detach())
show('out requires grad', lambda: torch.t_copy(xr[0], out=torch.empty(4, 3, requires_grad=True)))
show('narrow out grad', lambda: torch.narrow_copy(xr, 0, 0, 1, out=torch.empty(0)))
show('unbind out size', lambda: torch.unbind_copy(x, 1, out=[torch.empty(0), torch.empty(0)]))
i0 = torch.empty(0, dtype=torch.int64)
show('unbind out dtype', lambda: torch.unbind_copy(x, 0, out=[torch.empty(0), i0]))
show('unbind out tensor', lambda: torch.unbind_copy(x, 0, out=torch.empty(0)))
e2 = (torch.empty(0), torch.empty(0))
show('sizes out', lambda: torch.split_with_sizes_copy(x, [1, 2], 1, out=e2))
show('sizes out short', lambda: torch.split_with_sizes_copy(x, [1, 2], 1, out=(torch.empty(0),)))
show('alias out dtype', lambda: torch.alias_copy(x, out=torch.empty(0, dtype=torch.int32)))
show('view dtype out', lambda: torch.view_copy(x, torch.int32, out=torch.empty(0)))
"""),
    ("api16_native_norms", _SHOW + """
torch.manual_seed(0)
x = torch.randn(2, 3, 4, requires_grad=True)
w = torch.randn(4, requires_grad=True)
b = torch.randn(4, requires_grad=True)
show('layer', lambda: torch.native_layer_norm(x, [4], w, b, 1e-5))
show('layer 2 dims', lambda: torch.native_layer_norm(x, (3, 4), None, None, 1e-5))
xi = torch.randn(4, 3, 5, requires_grad=True)
rm, rv = torch.zeros(3), torch.ones(3)
for train in [True, False]:
    show(f'batch {train}',
         lambda: torch.native_batch_norm(xi, w[:3], b[:3], rm, rv, train, 0.1, 1e-5))
    print([round(v, 4) for v in rm.tolist() + rv.tolist()])
show('batch no stats', lambda: torch.native_batch_norm(xi, None, None, None, None, True, 0.1, 1e-5))
xg = torch.randn(2, 6, 5, requires_grad=True)
out, mean, rstd = torch.native_group_norm(xg, None, None, 2, 6, 5, 3, 1e-5)
show('group', lambda: out)
print([list(t.shape) for t in (mean, rstd)],
      [round(v, 4) for v in mean.detach().flatten().tolist()],
      [round(v, 4) for v in rstd.detach().flatten().tolist()])
out = torch.native_layer_norm(x, [4], w, b, 1e-5)[0]
(out * torch.arange(24.).reshape(2, 3, 4)).sum().backward()
print([round(v, 4) for v in x.grad.flatten()[:6].tolist()], [round(v, 4) for v in w.grad.tolist()])
h = torch.randn(2, 3, dtype=torch.float16)
print([t.dtype for t in torch.native_layer_norm(h, [3], None, None, 1e-5)])
print([t.dtype for t in torch.native_batch_norm(h, None, None, None, None, True, 0.1, 1e-5)])
d = torch.randn(2, 3, dtype=torch.float64)
print([t.dtype for t in torch.native_layer_norm(d, [3], None, None, 1e-5)])
x2 = torch.randn(4, 3)
show('layer shape', lambda: torch.native_layer_norm(x2, [4], None, None, 1e-5))
show('layer weight', lambda: torch.native_layer_norm(x2, (3,), torch.ones(4), None, 1e-5))
g3 = torch.randn(2, 6, 5)
show('group groups', lambda: torch.native_group_norm(g3, None, None, 2, 6, 5, 4, 1e-5))
show('group numel', lambda: torch.native_group_norm(g3, None, None, 2, 6, 4, 3, 1e-5))
try:
    torch.native_norm(x2)
except NotImplementedError as e:
    print(str(e)[:80])
"""),
    ("api16_native_dropout", _SHOW + """
torch.manual_seed(0)
x = torch.randn(2, 3, 4, requires_grad=True)
torch.manual_seed(1)
show('train', lambda: torch.native_dropout(x, 0.5, True))
show('eval', lambda: torch.native_dropout(x, 0.5, False))
show('train None', lambda: torch.native_dropout(x, 0.5, None))
r = torch.native_dropout(x, 0.3, True)
r[0].sum().backward()
print([round(v, 4) for v in x.grad.flatten()[:8].tolist()], r[1].flatten()[:8].tolist())
show('p 1', lambda: torch.native_dropout(x, 1.0, True))
show('p 0', lambda: torch.native_dropout(x, 0.0, True))
y = torch.native_dropout(x, 0.5, True)[0]
g, = torch.autograd.grad(y, x, torch.ones(2, 3, 4, requires_grad=True), create_graph=True)
print(name(g))
h = torch.randn(5, dtype=torch.float16)
show('half', lambda: torch.native_dropout(h, 0.2, True))
show('p bad', lambda: torch.native_dropout(x, 1.5, True))
show('int', lambda: torch.native_dropout(torch.arange(3), 0.5, True))
"""),
    ("api16_rnn_cells", _RNN + """
x, h, c = torch.randn(3, 4), torch.randn(3, 5), torch.randn(3, 5)
wi, wh = torch.randn(5, 4, requires_grad=True), torch.randn(5, 5, requires_grad=True)
bi, bh = torch.randn(5, requires_grad=True), torch.randn(5, requires_grad=True)
r = torch.rnn_tanh_cell(x, h, wi, wh, bi, bh)
print(name(r), nxt(r), r4(r))
r = torch.rnn_tanh_cell(x, h, wi, wh)
print(name(r), nxt(r), r4(r))
r = torch.rnn_relu_cell(x, h, wi, wh, bi, bh)
print(name(r), nxt(r), r4(r))
w4i, w4h = torch.randn(20, 4, requires_grad=True), torch.randn(20, 5, requires_grad=True)
b4 = torch.randn(20, requires_grad=True)
r = torch.lstm_cell(x, (h, c), w4i, w4h, b4, b4)
print(type(r).__name__, [name(t) for t in r], nxt(r[0]), nxt(r[1]), r4(r[0]), r4(r[1]))
w3i, w3h = torch.randn(15, 4, requires_grad=True), torch.randn(15, 5, requires_grad=True)
b3 = torch.randn(15, requires_grad=True)
r = torch.gru_cell(x, h, w3i, w3h, b3, b3)
print(name(r), nxt(r), r4(r))
r.sum().backward()
print(r4(w3i.grad), r4(b3.grad))
wi, wh, w4i, w4h = wi.detach(), wh.detach(), w4i.detach(), w4h.detach()
w3i, w3h = w3i.detach(), w3h.detach()
e(1, lambda: torch.rnn_tanh_cell(x, h, w4i, wh))
e(2, lambda: torch.rnn_tanh_cell(x, h, wi, w4h))
e(3, lambda: torch.lstm_cell(x, (h, c), wi, w4h))
e(4, lambda: torch.lstm_cell(x, (h, c), w4i, wh))
e(5, lambda: torch.gru_cell(x, h, w3i, wh))
e(6, lambda: torch.rnn_tanh_cell(x[:2], h, wi, wh))
e(7, lambda: torch.lstm_cell(x, (h, c[:, :3]), w4i, w4h))
e(8, lambda: torch.lstm_cell(x, (h, c[:2]), w4i, w4h))
e(10, lambda: torch.rnn_tanh_cell(x, h, wi, wh, None, torch.randn(5)))
e(12, lambda: torch.lstm_cell(x, [h, c], w4i, w4h))
e(13, lambda: torch.lstm_cell(x, (h, c, c), w4i, w4h))
e(14, lambda: torch.rnn_relu_cell(x, h, wi, wh[:, :3]))
e(15, lambda: torch.rnn_tanh_cell(x[:, :3], h, wi, wh))
e(16, lambda: torch.lstm_cell(x, h, w4i, w4h))
e(17, lambda: torch.rnn_tanh_cell(x[0], h[0], wi, wh))
"""),
    ("api16_rnn_sequences", _RNN + """
for mode, cls in [('lstm', torch.nn.LSTM), ('gru', torch.nn.GRU), ('rnn_tanh', torch.nn.RNN)]:
    for bidir, layers, bf in [(False, 1, False), (True, 2, True)]:
        m = cls(4, 5, num_layers=layers, bidirectional=bidir, batch_first=bf)
        seq = torch.randn(3, 2, 4) if not bf else torch.randn(2, 3, 4)
        d = 2 if bidir else 1
        h0 = torch.randn(layers * d, 2, 5)
        hx = (h0, torch.randn(layers * d, 2, 5)) if mode == 'lstm' else h0
        out = getattr(torch, mode)(seq, hx, m._flat_weights, True, layers, 0.0, False, bidir, bf)
        ref = m(seq, hx)
        print(mode, bidir, layers, len(out), [list(t.shape) for t in out],
              [name(t) for t in out], r4(out[0]), torch.allclose(out[0], ref[0]))
m = torch.nn.RNN(4, 5, nonlinearity='relu')
out = torch.rnn_relu(torch.randn(3, 2, 4), torch.zeros(1, 2, 5), m._flat_weights, True, 1, 0.0,
                     True, False, False)
print(name(out[0]), r4(out[0]))
m = torch.nn.LSTM(4, 5, bias=False)
data, bs = torch.randn(5, 4), torch.tensor([2, 2, 1])
out = torch.lstm(data, bs, (torch.zeros(1, 2, 5), torch.zeros(1, 2, 5)), m._flat_weights, False,
                 1, 0.0, False, False)
print([list(t.shape) for t in out], r4(out[0]), r4(out[1]))
m = torch.nn.GRU(4, 5)
out = torch.gru(data, bs, torch.zeros(1, 2, 5), m._flat_weights, True, 1, 0.0, False, False)
print([list(t.shape) for t in out], r4(out[0]), r4(out[1]))
"""),
    ("api16_aten_nn_forms", """
torch.manual_seed(0)
def e(l,f):
    try:
        r=f()
        if isinstance(r, tuple):
            r = [(t.dtype, list(t.shape), type(t.grad_fn).__name__ if t.grad_fn else None,
                  t.flatten()[:6].tolist()) for t in r]
        elif isinstance(r, torch.Tensor):
            r = (r.dtype, list(r.shape), type(r.grad_fn).__name__ if r.grad_fn else None,
                 [round(v, 4) for v in r.flatten()[:6].tolist()])
        print(l,'ok', r)
    except Exception as ex: print(l,type(ex).__name__, str(ex).split(chr(10))[0])
x=torch.randn(2,3,8,requires_grad=True)
e('mp', lambda: torch.max_pool1d_with_indices(x,3))
e('mp2', lambda: torch.max_pool1d_with_indices(x,3,2,1,1,True))
e('mp empty stride', lambda: torch.max_pool1d_with_indices(x,3,[]))
e('mp pad', lambda: torch.max_pool1d_with_indices(x,3,padding=2))
w=torch.randn(4,3,3,requires_grad=True)
e('conv', lambda: torch.convolution(x,w,None,[1],[0],[1],False,[0],1))
e('convT', lambda: torch.convolution(x,w.transpose(0,1),None,[1],[0],[1],True,[0],1))
e('conv groups', lambda: torch.convolution(x,torch.randn(4,3,3),None,[1],[0],[1],False,[0],2))
w2 = torch.randn(4, 3, 3)
e('conv bias', lambda: torch.convolution(x, w2, torch.zeros(4), [2], [1], [1], False, [0], 1))
x4, w4 = x.reshape(2, 3, 2, 4), torch.randn(4, 3, 1, 3)
e('conv2d', lambda: torch.convolution(x4, w4, None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1))
e('convT op', lambda: torch.convolution(x,torch.randn(3,2,3),None,[2],[1],[1],True,[1],1))
emb=torch.randn(5,3)
e('renorm', lambda: (torch.embedding_renorm_(emb, torch.tensor([0, 2, 2]), 1.0, 2.0) is emb,
                    emb.norm(dim=1)))
e('renorm p1', lambda: torch.embedding_renorm_(emb,torch.tensor([1,3,4]),1.5,1.0))
er=torch.randn(5,3,requires_grad=True)
e('renorm leaf', lambda: torch.embedding_renorm_(er,torch.tensor([0]),1.0,2.0))
e('renorm float', lambda: torch.embedding_renorm_(emb,torch.tensor([0.]),1.0,2.0))
e('renorm range', lambda: torch.embedding_renorm_(emb,torch.tensor([7]),1.0,2.0))
lp=torch.randn(6,2,4).log_softmax(2).requires_grad_()
tg=torch.tensor([[1,2],[3,1]])
e('ctc', lambda: torch.ctc_loss(lp,tg,[6,5],[2,2]))
e('ctc mean', lambda: torch.ctc_loss(lp,tg,torch.tensor([6,5]),torch.tensor([2,2]),0,1,False))
e('ctc sum', lambda: torch.ctc_loss(lp,tg,[6,5],[2,2],0,2,True))
e('ctc str', lambda: torch.ctc_loss(lp,tg,[6,5],[2,2],0,'mean'))
e('ctc mixed', lambda: torch.ctc_loss(lp,tg,[6,5],torch.tensor([2,2])))
"""),
    ("api16_max_pool_checks", """
x=torch.randn(2,3,8)
F=torch.nn.functional
for kw in [dict(padding=2), dict(padding=1, dilation=2), dict(stride=0), dict(padding=-1),
           dict(dilation=0), dict(padding=1, dilation=3)]:
  for ri in [True, False]:
    try: print(F.max_pool1d(x,3,return_indices=ri,**kw)[0].shape)
    except Exception as e: print(type(e).__name__, e)
try: print(F.max_pool1d(x,0,return_indices=True))
except Exception as e: print(type(e).__name__, e)
try: print(torch.max_pool1d_with_indices(x,9))
except Exception as e: print(type(e).__name__, e)
x=torch.randn(2,3,8,8)
for k,s in [(0,None),(0,1),(1,0)]:
  try: torch.nn.functional.max_pool2d(x,k,s)
  except Exception as e: print(e)
  try: torch.nn.functional.avg_pool2d(x,k,s)
  except Exception as e: print(e)
for p in [(-1,0),(0,-1),(-1,5)]:
  try: torch.nn.functional.max_pool2d(x,3,padding=p)
  except Exception as e: print(e)
"""),
    ("api16_tensor_methods", """

x = torch.arange(6.0).reshape(2, 3)
for a in [
    'is_meta',
    'is_nested',
    'is_quantized',
    'is_sparse_csr',
    'is_mkldnn',
    'is_vulkan',
    'is_xla',
    'is_xpu',
    'is_mps',
    'is_mtia',
    'is_maia',
    'is_ipu',
]:
    print(a, getattr(x, a))
print(
    x.const_data_ptr() == x.data_ptr(),
    x.dim_order(),
    x.t().dim_order(),
    x.to_dense() is x,
    x.to_dense(torch.float64).dtype,
)
print(torch.randn(2, 3, 4).permute(2, 0, 1).dim_order(), x.dim_order(ambiguity_check=True))
try:
    print(torch.empty(2, 1, 3).dim_order(ambiguity_check=True))
except Exception as e:
    print(type(e).__name__, e)


class M(torch.Tensor):
    pass


y = x.as_subclass(M)
print(type(y).__name__, y.data_ptr() == x.data_ptr(), isinstance(y, torch.Tensor))
xr = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = xr.as_subclass(M)
print(type(y).__name__, type(y.grad_fn).__name__, y.is_leaf, y.requires_grad, y._base is xr)
(y * 2).sum().backward()
print(xr.grad)
try:
    xr.as_subclass(int)
except Exception as e:
    print(type(e).__name__, e)
x2 = torch.arange(3.0)
y2 = x2.as_subclass(M)
x2.add_(1)
print(y2.tolist(), y2._version)
print(
    x.new(2, 3).shape,
    x.new([1, 2]).dtype,
    x.new().shape,
    x.new(torch.Size([2])).shape,
    x.new((2,)).shape,
    x.new([1.5]),
    x.new(3).shape,
)
print(x.new(x).data_ptr() == x.data_ptr())
try:
    x.new(torch.tensor([1, 2]))
except Exception as e:
    print(type(e).__name__, e)
z = torch.arange(6.0)
r = z.resize_(2, 2)
print(r is z, z)
z = torch.arange(6.0)
z.resize_(8)
print(z.shape, z[:6])
z = torch.arange(6.0)
z.resize_as_(torch.ones(3))
print(z)
z = torch.arange(6.0)
z.resize_((3,))
print(z)
print(torch.resize_as_(torch.arange(4.0), torch.ones(2, 2)))
try:
    torch.arange(4.0, requires_grad=True).resize_(2)
except Exception as e:
    print(type(e).__name__, e)
w = torch.arange(4.0)
print(
    w.apply_(lambda v: v * 2),
    w.map_(torch.ones(4), lambda a, b: a + b),
    w.map2_(torch.ones(4), torch.full((4,), 2.0), lambda a, b, c: a * b * c),
)
w = torch.arange(4.0)
w.map_(torch.tensor([10.0]), lambda a, b: a - b)
print(w, w._version)
try:
    torch.arange(4.0, requires_grad=True).apply_(lambda v: v)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.arange(4.0, requires_grad=True).map_(torch.ones(4), lambda a, b: a)
except Exception as e:
    print(type(e).__name__, e)
print(
    torch.arange(4).apply_(lambda v: v * 1.7),
    torch.tensor([True, False]).apply_(lambda v: not v),
)
print(torch.arange(-3, 3).apply_(lambda v: v / 2))
print(
    torch.nonzero_static(torch.tensor([0, 1, 0, 2]), size=3),
    torch.tensor([[1, 0], [0, 1]]).nonzero_static(size=1, fill_value=-5),
)
print(
    torch.nonzero_static(torch.zeros(2, 2), size=2).shape,
    torch.nonzero_static(torch.tensor(1.0), size=2),
)
z = torch.arange(6.0)
z.resize_(6)
print(z._version)
z.resize_(2, 3)
print(z._version)


class N(torch.Tensor):
    pass


print(
    repr(torch.tensor([1.5, 2.0]).as_subclass(N)),
    repr(torch.tensor([1.5, 2.0], requires_grad=True).as_subclass(N)),
)
"""),
    ("api16_namespace_functions", """
import warnings


def e(l, f):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            r = f()
            print(l, 'ok', r)
        except Exception as ex:
            print(l, type(ex).__name__, str(ex).split(chr(10))[0][:300])
        if 'default_tensor' not in str(l):
            print('  warnings', [(x.category.__name__, str(x.message)[:60]) for x in w])


e(
    'default_tensor 1',
    lambda: torch.set_default_tensor_type(torch.DoubleTensor) or torch.get_default_dtype(),
)
e(
    'default_tensor 2',
    lambda: torch.set_default_tensor_type('torch.FloatTensor') or torch.get_default_dtype(),
)
e('default_tensor 3', lambda: torch.set_default_tensor_type(torch.LongTensor))
e('default_tensor 4', lambda: torch.set_default_tensor_type('torch.cuda.FloatTensor'))
e('default_tensor 5', lambda: torch.set_default_tensor_type(torch.float64))
e('default_tensor 6', lambda: torch.set_default_tensor_type('float'))
torch.set_default_dtype(torch.float32)
x = torch.arange(6.0)
e(7, lambda: torch.slice_inverse(x[1:4], torch.zeros(6), 0, 1, 4, 1))
e(9, lambda: torch.empty_permuted((2, 3, 4), (2, 0, 1)).stride())
e(10, lambda: torch.empty_permuted((2, 3), (0, 0)))
e(11, lambda: torch.empty_permuted((2, 3), (0, 1, 2)))
e(
    12,
    lambda: (
        torch.empty_permuted([2, 3], [1, 0], requires_grad=True, dtype=torch.float64).stride(),
        torch.empty_permuted([2, 3], [1, 0]).requires_grad,
    ),
)
e(13, lambda: torch.cond(torch.tensor(True), lambda x: x + 1, lambda x: x - 1, (x,)))
e(14, lambda: torch.cond(False, lambda x: x + 1, lambda x: x - 1, [x]))
e(
    15,
    lambda: torch.while_loop(
        lambda i, s: i < 3, lambda i, s: (i + 1, s * 2), (torch.tensor(0), torch.ones(2))
    ),
)
e(16, lambda: torch.cond(torch.tensor([True, False]), lambda x: x + 1, lambda x: x - 1, (x,)))
e(18, lambda: torch.while_loop(lambda i: i < 3, lambda i: (i + 1,), (0,)))
e(19, lambda: torch.while_loop(lambda i: i < 3, lambda i: i + 1, (torch.tensor(0),)))
e(20, lambda: torch.while_loop(lambda i: i < 3, lambda i: (i + 1,), [torch.tensor(0)]))
e(21, lambda: torch.while_loop(lambda i: i < 3, lambda i: (i + 1,), ('a',)))
e(22, lambda: torch.while_loop(1, lambda i: (i + 1,), (torch.tensor(0),)))
e(23, lambda: torch.while_loop(lambda i: i < 3, lambda i: (i + 1,), (torch.tensor(5),)))
e(25, lambda: torch.set_flush_denormal(True))
e(26, lambda: torch.set_flush_denormal(False))
e(27, lambda: torch.init_num_threads())
e(28, lambda: (torch.is_storage(x), torch.is_storage(3)))
e(
    29,
    lambda: (
        torch.get_device_module('cpu') is torch.cpu,
        torch.get_device_module() is torch.cpu,
        torch.get_device_module('cuda') is torch.cuda,
        torch.get_device_module(torch.device('cpu')) is torch.cpu,
    ),
)
e(30, lambda: torch.get_device_module('bogus'))
m = torch.get_device_module('cpu')
e(31, lambda: (m.is_available(), m.device_count(), m.current_device(), m.synchronize()))
import numpy as np

a = np.arange(4.0)
t = torch.from_dlpack(a)
a[0] = 7
e(32, lambda: t)
e(33, lambda: torch.from_dlpack(torch.to_dlpack(torch.arange(3))))
src = torch.arange(3.0)
back = torch.from_dlpack(src)
src.add_(1)
e(34, lambda: back)
e(35, lambda: np.from_dlpack(torch.arange(3.0)))
e(36, lambda: torch.from_dlpack([1, 2]))
for f in [
    'get_autocast_gpu_dtype',
    'get_autocast_ipu_dtype',
    'is_autocast_cpu_enabled',
    'is_autocast_ipu_enabled',
    'is_autocast_xla_enabled',
    'is_autocast_cache_enabled',
    'is_autocast_enabled',
]:
    e(f, getattr(torch, f))
e('dtype cuda', lambda: torch.get_autocast_dtype('cuda'))
e(
    'nesting',
    lambda: (
        torch.autocast_increment_nesting(),
        torch.autocast_increment_nesting(),
        torch.autocast_decrement_nesting(),
        torch.autocast_decrement_nesting(),
        torch.autocast_decrement_nesting(),
        torch.autocast_increment_nesting(),
    ),
)
e(
    'enable cuda',
    lambda: (
        torch.set_autocast_enabled(True),
        torch.is_autocast_enabled(),
        torch.is_autocast_enabled('cuda'),
        torch.set_autocast_enabled('cuda', False),
        torch.is_autocast_enabled(),
    ),
)
e(
    'cpu dtype',
    lambda: (
        torch.set_autocast_dtype('cpu', torch.float16),
        torch.get_autocast_dtype('cpu'),
        torch.get_autocast_cpu_dtype(),
    ),
)
e(
    'cache',
    lambda: (
        torch.set_autocast_cache_enabled(False),
        torch.is_autocast_cache_enabled(),
        torch.set_autocast_cache_enabled(True),
        torch.clear_autocast_cache(),
    ),
)
e('bogus dtype', lambda: torch.get_autocast_dtype('bogus'))
e('bogus enabled', lambda: torch.is_autocast_enabled('bogus'))
e('enable str', lambda: torch.set_autocast_enabled('bogus'))
e('cache str', lambda: torch.set_autocast_cache_enabled('bogus'))
e('cpu int', lambda: torch.set_autocast_cpu_enabled(1))
e('cpu disable', lambda: torch.set_autocast_cpu_enabled(False))
e('xla off', lambda: torch.set_autocast_xla_enabled(False))
xr = torch.ones(2, requires_grad=True)
e(37, lambda: type(torch.to_dlpack(xr)).__name__)
e(38, lambda: [int(v) for v in xr.__dlpack_device__()])
e(39, lambda: xr.__dlpack__())
"""),
]
