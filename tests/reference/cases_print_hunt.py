"""Printed output hunted against torch 2.13 (helper-115): `print(model)` for the nn module
families with non-default arguments (conv/pool tuples, padding modes, norms, recurrent and
transformer layers, embeddings, activations, containers with repeated blocks, losses),
`print(optimizer)` / state_dict()s / lr_scheduler state_dict()s, and tensor printing corners
(print options and profiles, summarised tensors, scientific notation, integer, bool, half and
complex tensors, default-dtype changes, empty and 0-d tensors, grad_fn suffixes, Parameter
reprs, torch.Size / dtype / device / finfo / iinfo, return types, f-strings).

The first cases are the differences this hunt fixed: `torch._tensor_str` (PRINT_OPTS and the
printoptions context manager), blank extra_repr lines of nested modules, set_grad_enabled's
repr, str() of tensor subclasses that override __repr__, `grad_fn._saved_*`, gradcheck's
mismatch messages, Adam's and AdamW's betas kept as a tuple, iinfo's %g bounds, SyncBatchNorm,
padding modules given a float, and Node.metadata. The rest passed already and stand guard.

Ids start with ``ph_``.
"""

from __future__ import annotations

CASES: list[tuple[str, str]] = [
    ('ph_tensor_str_module', r"""
import torch._tensor_str as ts
print(ts.PRINT_OPTS.precision, ts.PRINT_OPTS.threshold, ts.PRINT_OPTS.edgeitems,
    ts.PRINT_OPTS.linewidth, ts.PRINT_OPTS.sci_mode)
with ts.printoptions(precision=2, sci_mode=True):
    print(torch.tensor([1.23456, 100.0])); print(ts.get_printoptions())
print(torch.tensor([1.23456, 100.0])); print(ts.get_printoptions())
torch.set_printoptions(threshold=5); print(ts.PRINT_OPTS.threshold); print(torch.arange(10))
with ts.printoptions(profile='full'):
    print(torch.arange(10))
print(torch.arange(10))
try:
    with ts.printoptions(precision=1):
        raise KeyError('inside')
except KeyError:
    print(torch.tensor([1.23456]))
"""),
    ('ph_adam_betas', r"""
p = [torch.nn.Parameter(torch.zeros(1))]
def t(f):
    try: o = f(); print(o.param_groups[0]['betas'], o.defaults['betas'])
    except Exception as e: print(type(e).__name__, e)
t(lambda: torch.optim.Adam(p, betas=[0.5, 0.9]))
t(lambda: torch.optim.AdamW(p, betas=[0.5, 0.9]))
t(lambda: torch.optim.NAdam(p, betas=[0.5, 0.9]))
t(lambda: torch.optim.Adam(p, betas=(0, 0)))
t(lambda: torch.optim.Adam(p, betas=(torch.tensor(0.5), 0.9)))
t(lambda: torch.optim.Adam(p, betas=(torch.tensor([0.5]), torch.tensor(0.9))))
t(lambda: torch.optim.Adam(p, betas=(torch.tensor(0.5), torch.tensor(0.9)), foreach=True))
t(lambda: torch.optim.Adam(p, lr=torch.tensor(0.1), foreach=True))
t(lambda: torch.optim.Adam(p, lr=torch.tensor(0.1), foreach=True, capturable=True))
t(lambda: torch.optim.Adam(p, betas=(1.5, 0)))
t(lambda: torch.optim.AdamW(p, weight_decay=-1, betas=(0, 0)))
t(lambda: torch.optim.Adam(p, betas=(0.5, 0.9, 0.1)))
t(lambda: torch.optim.SGD(p, lr=torch.tensor(0.1),
    foreach=True).param_groups[0].__setitem__('betas', None) or torch.optim.SGD(p, lr=0.1,
        foreach=True) and torch.optim.RAdam(p, betas=[0.1, 0.2]))
print(torch.optim.Adam(p, lr=0.001, betas=[0.5, 0.9]))
"""),
    ('ph_iinfo_finfo', r"""
for d in [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]:
    i = torch.iinfo(d); print(i); print(i.min, i.max, i.bits, i.dtype)
for d in [torch.float16, torch.float32, torch.float64]:
    f = torch.finfo(d); print(f)
    print(f.eps, f.max, f.min, f.tiny, f.resolution, f.bits, f.dtype)
"""),
    ('ph_extra_repr_weird', r"""
nn = torch.nn
for er in ['', 'a', 'a\n', '\nb', 'a\n\nb', '  lead', 'x=1, y=(2, 3)', 'tab\tx']:
    class M(nn.Module):
        def extra_repr(self, er=er): return er
    class P(nn.Module):
        def __init__(self):
            super().__init__(); self.child = M(); self.lin = nn.Linear(1, 1)
        def extra_repr(self, er=er): return er
    print(repr(repr(M()))); print(repr(repr(P())))
    print(repr(repr(nn.ModuleList([M(), M()])))); print(repr(repr(nn.Sequential(P()))))
class R(nn.Module):
    def __repr__(self): return 'custom\nrepr'
print(nn.Sequential(R(), nn.ReLU())); print(nn.ModuleList([R(), R(), R()]))
"""),
    ('ph_grad_mode_objs', r"""
# (the module part of the name is ember's own in ember: docs/differences.md)
def name(o): return str(o).split('.')[-1]
print(name(torch.set_grad_enabled(False)), torch.is_grad_enabled())
print(name(repr(torch.set_grad_enabled(True))), torch.is_grad_enabled())
with torch.set_grad_enabled(False) as g:
    print(g, torch.is_grad_enabled())
e = torch.autograd.set_grad_enabled(True)
print(name(e), e.mode, torch.set_grad_enabled(False).mode)
"""),
    ('ph_constraints_transforms', r"""
D = torch.distributions
c = D.constraints
for x in [c.real, c.positive, c.nonnegative, c.unit_interval, c.interval(0.0, 2.0),
    c.half_open_interval(0, 1), c.greater_than(1.0), c.greater_than_eq(0), c.less_than(3),
          c.integer_interval(0, 5), c.boolean, c.simplex, c.lower_cholesky, c.positive_definite,
              c.real_vector, c.independent(c.real, 1), c.cat([c.real, c.positive], dim=0,
                  lengths=[1, 1]),
          c.stack([c.real, c.positive]), c.dependent, c.nonnegative_integer, c.positive_integer,
              c.corr_cholesky, c.one_hot, c.multinomial(3) if hasattr(c,
                  'multinomial') else c.real, c.square, c.symmetric]:
    print(repr(x))
T = D.transforms
for t in [T.ExpTransform(), T.SigmoidTransform(), T.TanhTransform(), T.AffineTransform(1.0,
    2.0), T.PowerTransform(2.0), T.SoftmaxTransform(), T.StickBreakingTransform(),
        T.AbsTransform(),
          T.ComposeTransform([T.ExpTransform(), T.AffineTransform(0., 1.)]),
              T.ExpTransform().inv, T.LowerCholeskyTransform(), T.ReshapeTransform((4,), (2,
                  2)), T.IndependentTransform(T.ExpTransform(), 1),
          T.CatTransform([T.ExpTransform(), T.ExpTransform()], lengths=[1, 1]),
              T.StackTransform([T.ExpTransform()]), T.SoftplusTransform(),
                  T.CumulativeDistributionTransform(D.Normal(0., 1.)), T.identity_transform]:
    print(repr(t))
print(D.MixtureSameFamily(D.Categorical(torch.ones(2)), D.Normal(torch.zeros(2),
    torch.ones(2))))
print(D.TransformedDistribution(D.Normal(torch.zeros(2), 1.), [T.ExpTransform()]))
print(D.Independent(D.Bernoulli(torch.full((2, 2), 0.5)), 2))
"""),
    ('ph_subclass_repr', r"""
class MyTensor(torch.Tensor):
    pass
x = torch.tensor([1.0, 2.0]).as_subclass(MyTensor)
print(x); print(repr(x)); print(str(x)); print(f'{x}')
print(torch.ones(2, 3).as_subclass(MyTensor))
print(torch.ones(2, requires_grad=True).as_subclass(MyTensor))
class Named(torch.Tensor):
    def __repr__(self, *, tensor_contents=None): return 'Named!'
n = torch.ones(1).as_subclass(Named)
print(n); print(str(n)); print([n]); print(f'{n}'); print('%s' % n)
class P(torch.nn.Parameter):
    def __repr__(self): return 'P!'
print(P(torch.ones(1))); print(str(P(torch.ones(1))))
p = torch.nn.Parameter(torch.ones(2))
print(type(p * 1).__name__, type(p.data).__name__, type(p.detach()).__name__)
print(str(p)); print(str(torch.nn.UninitializedParameter()))
print(str(torch.nn.UninitializedBuffer()))
"""),
    ('ph_saved_sizes', r"""
x = torch.randn(2, 3, requires_grad=True)
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, str(e)[:90])
for y in [x.sum(), x.mean(), x.view(6), x.sum(1), x.sum(-1, keepdim=True), x.mean(0),
    x.reshape(3, 2), x.expand(2, 2, 3), x[0], x.select(1, 2), x.max(1)[0], x.min(0)[0],
          x.max(), x.min(), x.squeeze(), x.unsqueeze(0).squeeze(0), x.unsqueeze(0).squeeze((0,
              )), x.clamp(0, 1), x.clamp(min=0), x.clamp(max=0.5)]:
    f = y.grad_fn
    print(type(f).__name__)
    for n in ['_saved_self_sym_sizes', '_saved_self_sym_numel', '_saved_keepdim', '_saved_min',
        '_saved_max']:
        t(lambda: getattr(f, n))
    t(lambda: f._saved_self is x); t(lambda: f._saved_result is y)
"""),
    ('ph_gradcheck_dtypes', r"""
import warnings
warnings.simplefilter('ignore')
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return g * 3
x = torch.tensor([1.0, 2.0], requires_grad=True)
xd = x.detach().double().requires_grad_()
for f, inp in [(lambda t: Bad.apply(t.double()), x), (lambda t: Bad.apply(t.float()), xd),
    (lambda t: Bad.apply(t), x), (lambda t: Bad.apply(t), xd),
               (lambda t: Bad.apply(t).float(), xd), (lambda t: t.sin(), x)]:
    for fast in (False,):
        try: print(torch.autograd.gradcheck(f, (inp,), fast_mode=fast))
        except Exception as e: print(type(e).__name__); print(e)
"""),
    ('ph_gradcheck_fast_note', r"""
import warnings
warnings.simplefilter('ignore')
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return g * 3
for inp in [torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True),
    torch.tensor([1.0, 2.0], requires_grad=True)]:
    try:
        torch.autograd.gradcheck(Bad.apply, (inp,), fast_mode=True)
    except Exception as e:
        lines = str(e).split(chr(10))
        # (the v^T J u numbers of lines 1-2 come from random vectors)
        print(type(e).__name__); print(lines[0]); print(chr(10).join(lines[3:]))
"""),
    ('ph_saved_attrs', r"""
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True); y = torch.randn(3, requires_grad=True)
c = torch.randn(3)
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, str(e)[:90])
t(lambda: (x * y).grad_fn._saved_self is x); t(lambda: (x * y).grad_fn._saved_other is y)
t(lambda: (x * 2.5).grad_fn._saved_other); t(lambda: (x * 2).grad_fn._saved_other)
t(lambda: (x * c).grad_fn._saved_self); t(lambda: (c * x).grad_fn._saved_other)
t(lambda: (x / c).grad_fn._saved_other is c); t(lambda: (x / 2).grad_fn._saved_self)
t(lambda: x.pow(2).grad_fn._saved_exponent); t(lambda: x.pow(2.5).grad_fn._saved_self is x)
t(lambda: x.pow(y).grad_fn._saved_exponent is y)
z = x.exp(); t(lambda: z.grad_fn._saved_result); t(lambda: z.grad_fn._saved_result is z)
t(lambda: z.grad_fn._saved_result.equal(z))
t(lambda: z.grad_fn._saved_result.grad_fn is z.grad_fn)
t(lambda: x.sin().grad_fn._saved_self is x); t(lambda: x.tanh().grad_fn._saved_result)
t(lambda: x.sigmoid().grad_fn._saved_result); t(lambda: x.relu().grad_fn._saved_result)
t(lambda: x.log().grad_fn._saved_self is x); t(lambda: x.cos().grad_fn._saved_self is x)
t(lambda: x.abs().grad_fn._saved_self is x)
m = x.unsqueeze(0).mm(y.unsqueeze(1)); t(lambda: m.grad_fn._saved_self)
t(lambda: m.grad_fn._saved_mat2); t(lambda: torch.dot(x, y).grad_fn._saved_tensor is y)
t(lambda: torch.maximum(x, y).grad_fn._saved_other is y)
t(lambda: torch.atan2(x, y).grad_fn._saved_self is x)
t(lambda: (x * y).grad_fn._saved_bogus); t(lambda: x.sin().grad_fn._saved_result)
w = x.exp(); w.sum().backward(); t(lambda: w.grad_fn._saved_result)
v = x * y; v.sum().backward(retain_graph=True); t(lambda: v.grad_fn._saved_self is x)
q = x.sin(); q.sum().backward(); t(lambda: q.grad_fn._saved_self)
a = torch.randn(3, requires_grad=True).clone(); b = a.sin(); a.add_(1)
t(lambda: b.grad_fn._saved_self)
"""),
    ('ph_syncbn', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.SyncBatchNorm(4); print(m); print(m.process_group)
print(m(torch.randn(2, 4)).shape); print(m(torch.randn(2, 4, 3, 3, 2, 2)).shape)
print(m.num_batches_tracked, m.running_mean)
try: m(torch.randn(4))
except ValueError as e: print('ValueError', e)
bn = nn.BatchNorm1d(3); bn.eval()
s = nn.SyncBatchNorm.convert_sync_batchnorm(bn)
print(s, s.training, s.weight is bn.weight, s.running_mean is bn.running_mean)
net = nn.Sequential(nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3), nn.Sequential(nn.BatchNorm1d(2,
    affine=False, momentum=None), nn.ReLU()))
print(nn.SyncBatchNorm.convert_sync_batchnorm(net)); l = nn.Linear(2, 2)
print(nn.SyncBatchNorm.convert_sync_batchnorm(l) is l)
print(nn.SyncBatchNorm(2, bias=False), isinstance(m, nn.modules.batchnorm._BatchNorm))
print(nn.SyncBatchNorm.convert_sync_batchnorm(nn.BatchNorm1d(3, track_running_stats=False)))
"""),
    ('ph_float_pad', r"""
nn = torch.nn
print(nn.ZeroPad2d(0.5), nn.ReflectionPad1d(2.0), nn.ConstantPad1d(1.5, 2))
"""),
    ('ph_conv', r"""
import torch.nn as nn
torch.manual_seed(0)
print(nn.Conv2d(3, 8, (3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=1,
    bias=False, padding_mode='reflect'))
print(nn.Conv2d(4, 8, 3, groups=2, padding='same', padding_mode='circular'))
print(nn.Conv2d(4, 8, 3, padding='valid'))
print(nn.Conv1d(4, 8, 3, stride=2, padding=1, dilation=1, padding_mode='replicate'))
print(nn.Conv3d(2, 4, (1, 2, 3), stride=(1, 1, 2), padding=(0, 1, 0)))
print(nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2, bias=False,
    dilation=2))
print(nn.ConvTranspose1d(4, 2, 3))
print(nn.ConvTranspose3d(4, 2, (1,2,3), stride=(2,2,2)))
print(nn.Conv2d(3, 3, 1, padding_mode='zeros'))
print(nn.Conv2d(3, 3, 2, padding=0, dilation=1, groups=3))
print(nn.LazyConv2d(8, 3))
print(nn.Conv2d(3, 8, 3, stride=1, padding=1, dilation=1))
print(nn.Conv2d(3, 8, 3, stride=(1,1), padding=(0,0), dilation=(1,1)))
"""),
    ('ph_pool', r"""
import torch.nn as nn
print(nn.MaxPool2d(2))
print(nn.MaxPool2d((3, 2), stride=(2, 1), padding=1, dilation=2, return_indices=True,
    ceil_mode=True))
print(nn.MaxPool1d(3, stride=2))
print(nn.MaxPool3d(2, padding=1))
print(nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False,
    divisor_override=2))
print(nn.AvgPool1d(3))
print(nn.AvgPool3d((1,2,2)))
print(nn.AdaptiveAvgPool2d((None, 7)))
print(nn.AdaptiveAvgPool2d(1))
print(nn.AdaptiveMaxPool2d((2, 3), return_indices=True))
print(nn.AdaptiveAvgPool1d(5))
print(nn.AdaptiveMaxPool1d(5))
print(nn.AdaptiveAvgPool3d((1,2,3)))
print(nn.LPPool2d(2, 3, stride=2))
print(nn.LPPool1d(1.5, 3))
print(nn.MaxUnpool2d(2, stride=2))
print(nn.MaxUnpool1d(2))
print(nn.FractionalMaxPool2d(3, output_size=(5, 5)))
print(nn.FractionalMaxPool2d(2, output_ratio=0.5))
"""),
    ('ph_norm', r"""
import torch.nn as nn
print(nn.BatchNorm2d(16))
print(nn.BatchNorm2d(16, eps=1e-3, momentum=0.01, affine=False, track_running_stats=False))
print(nn.BatchNorm1d(8, momentum=None))
print(nn.BatchNorm3d(4))
print(nn.LazyBatchNorm1d())
print(nn.InstanceNorm2d(3))
print(nn.InstanceNorm1d(3, affine=True, track_running_stats=True))
print(nn.InstanceNorm3d(3, eps=1e-6))
print(nn.LayerNorm(10))
print(nn.LayerNorm((4, 5), eps=1e-6, elementwise_affine=False))
print(nn.LayerNorm([4, 5], bias=False))
print(nn.GroupNorm(2, 8))
print(nn.GroupNorm(2, 8, eps=1e-3, affine=False))
print(nn.LocalResponseNorm(2))
print(nn.LocalResponseNorm(3, alpha=0.001, beta=0.5, k=2.0))
print(nn.RMSNorm(8))
print(nn.RMSNorm([3, 4], eps=1e-5, elementwise_affine=False))
print(nn.SyncBatchNorm(4))
print(nn.CrossMapLRN2d(3))
"""),
    ('ph_rnn', r"""
import torch.nn as nn
print(nn.RNN(10, 20))
print(nn.RNN(10, 20, num_layers=2, nonlinearity='relu', bias=False, batch_first=True,
    dropout=0.5, bidirectional=True))
print(nn.LSTM(10, 20, 2, batch_first=True))
print(nn.LSTM(10, 20, proj_size=5, bidirectional=True))
print(nn.GRU(8, 16, num_layers=3, dropout=0.2))
print(nn.GRU(8, 16, bias=True, batch_first=False))
print(nn.LSTMCell(4, 8))
print(nn.LSTMCell(4, 8, bias=False))
print(nn.GRUCell(4, 8))
print(nn.RNNCell(4, 8, nonlinearity='relu'))
print(nn.RNNCell(4, 8))
print(nn.RNN(3, 4, dropout=0.0))
"""),
    ('ph_transformer', r"""
import torch.nn as nn
torch.manual_seed(0)
print(nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32, dropout=0.1,
    batch_first=True))
print(nn.TransformerDecoderLayer(16, 4, 32, activation='gelu', norm_first=True))
print(nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), num_layers=3))
print(nn.MultiheadAttention(16, 4))
print(nn.MultiheadAttention(16, 4, dropout=0.1, bias=False, kdim=8, vdim=8, batch_first=True))
"""),
    ('ph_transformer_full', r"""
import torch.nn as nn
print(nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1,
    dim_feedforward=16))
"""),
    ('ph_embedding', r"""
import torch.nn as nn
print(nn.Embedding(10, 3))
print(nn.Embedding(10, 3, padding_idx=0))
print(nn.Embedding(10, 3, padding_idx=-1, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True,
    sparse=True))
print(nn.Embedding(10, 3, max_norm=2))
print(nn.Embedding.from_pretrained(torch.ones(4, 2)))
print(nn.Embedding.from_pretrained(torch.ones(4, 2), freeze=False, padding_idx=1))
print(nn.EmbeddingBag(10, 3))
print(nn.EmbeddingBag(10, 3, mode='sum', padding_idx=2, max_norm=1.0))
print(nn.EmbeddingBag(10, 3, mode='max', include_last_offset=True))
"""),
    ('ph_activations', r"""
import torch.nn as nn
for m in [nn.ReLU(), nn.ReLU(inplace=True), nn.ReLU6(True), nn.LeakyReLU(), nn.LeakyReLU(0.2),
    nn.LeakyReLU(0.2, inplace=True),
          nn.Softmax(), nn.Softmax(dim=1), nn.Softmax(-1), nn.LogSoftmax(dim=1),
              nn.Softmin(dim=0), nn.Softmax2d(),
          nn.ELU(), nn.ELU(alpha=0.5, inplace=True), nn.CELU(), nn.CELU(2.0), nn.SELU(),
              nn.SELU(inplace=True),
          nn.Hardtanh(), nn.Hardtanh(-2, 2), nn.Hardtanh(-2.0, 2.0, inplace=True),
              nn.Threshold(0.1, 20), nn.Threshold(0.1, 20.0, True),
          nn.GELU(), nn.GELU(approximate='tanh'), nn.SiLU(), nn.SiLU(inplace=True), nn.Mish(),
              nn.Sigmoid(), nn.Tanh(), nn.Hardsigmoid(),
          nn.Hardswish(), nn.Softplus(), nn.Softplus(beta=2, threshold=10), nn.Softplus(0.5),
              nn.Softshrink(), nn.Softshrink(0.3), nn.Hardshrink(),
          nn.Hardshrink(lambd=1), nn.Tanhshrink(), nn.Softsign(), nn.LogSigmoid(), nn.PReLU(),
              nn.PReLU(3, init=0.1), nn.RReLU(), nn.RReLU(0.1, 0.3),
          nn.RReLU(0.1, 0.3, inplace=True), nn.GLU(), nn.GLU(dim=1), nn.Hardswish(inplace=True),
              nn.Hardsigmoid(True), nn.Mish(inplace=True)]:
    print(m)
"""),
    ('ph_dropout', r"""
import torch.nn as nn
for m in [nn.Dropout(), nn.Dropout(0.2), nn.Dropout(p=0.3, inplace=True), nn.Dropout1d(0.1),
    nn.Dropout2d(), nn.Dropout3d(0.4),
          nn.AlphaDropout(0.2), nn.FeatureAlphaDropout(0.1), nn.Dropout(0), nn.Dropout(1)]:
    print(m)
"""),
    ('ph_shape_modules', r"""
import torch.nn as nn
for m in [nn.Flatten(), nn.Flatten(0), nn.Flatten(start_dim=2, end_dim=3), nn.Unflatten(1, (2,
    5)), nn.Unflatten(1, torch.Size([2, 5])),
          nn.Unflatten(-1, [2, 5]), nn.Identity(), nn.Identity(54, unused='x'),
              nn.PixelShuffle(2), nn.PixelUnshuffle(3), nn.ChannelShuffle(2),
          nn.Upsample(scale_factor=2), nn.Upsample(scale_factor=2.0, mode='bilinear',
              align_corners=True), nn.Upsample(size=(4, 5), mode='nearest'),
          nn.Upsample(size=10, mode='linear'), nn.Upsample(scale_factor=(2, 3), mode='bicubic',
              align_corners=False), nn.UpsamplingNearest2d(scale_factor=2),
          nn.UpsamplingBilinear2d(size=(3, 3)), nn.Fold(output_size=(4, 5), kernel_size=2),
              nn.Unfold(kernel_size=(2, 3), dilation=1, padding=1, stride=2),
          nn.ZeroPad2d(2), nn.ZeroPad2d((1, 2, 3, 4)), nn.ConstantPad1d(2, 3.5),
              nn.ConstantPad2d((1, 1, 2, 0), 0), nn.ReflectionPad1d(2), nn.ReflectionPad2d((1,0,
                  1,0)),
          nn.ReplicationPad3d(1), nn.CircularPad2d(1), nn.ZeroPad1d(3), nn.ZeroPad3d(1),
              nn.ConstantPad3d(1, -1.0), nn.ReflectionPad3d(1), nn.ReplicationPad1d((1, 2))]:
    print(m)
"""),
    ('ph_linear_misc', r"""
import torch.nn as nn
for m in [nn.Linear(3, 4), nn.Linear(3, 4, bias=False), nn.Bilinear(2, 3, 4), nn.Bilinear(2, 3,
    4, bias=False), nn.LazyLinear(5),
          nn.CosineSimilarity(), nn.CosineSimilarity(dim=0, eps=1e-6), nn.PairwiseDistance(),
              nn.PairwiseDistance(p=1.0, keepdim=True),
          nn.Linear(3, 4, dtype=torch.float64)]:
    print(m)
"""),
    ('ph_containers', r"""
import torch.nn as nn
from collections import OrderedDict
torch.manual_seed(0)
m = nn.Sequential(OrderedDict([('conv1', nn.Conv2d(1, 20, 5)), ('relu1', nn.ReLU()), ('conv2',
    nn.Conv2d(20, 64, 5)), ('relu2', nn.ReLU())]))
print(m)
l = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
print(l)
l2 = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4), nn.Linear(4,
    4), nn.Linear(4, 4)])
print(l2)
d = nn.ModuleDict({'a': nn.Linear(2, 2), 'b': nn.Sequential(nn.ReLU(), nn.ModuleList([nn.Tanh(),
    nn.Tanh()]))})
print(d)
print(nn.Sequential())
print(nn.ModuleList())
print(nn.ModuleDict())
s = nn.Sequential(*[nn.Sequential(nn.Linear(3, 3), nn.ReLU()) for _ in range(4)])
print(s)
p = nn.ParameterList([nn.Parameter(torch.randn(2, 3)), nn.Parameter(torch.randn(3))])
print(p)
pd = nn.ParameterDict({'w': nn.Parameter(torch.randn(2)), 'b': nn.Parameter(torch.zeros(1,
    dtype=torch.float64))})
print(pd)
print(nn.Sequential(nn.ModuleList([nn.ReLU()] * 4), nn.ModuleList([nn.Linear(1,1), nn.Linear(1,
    1), nn.Linear(1,2)])))
"""),
    ('ph_custom_module', r"""
import torch.nn as nn
class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c)
        self.act = nn.ReLU(inplace=True)
        self.register_buffer('step', torch.zeros(1))
        self.scale = nn.Parameter(torch.ones(1))
    def extra_repr(self):
        return f'c={self.conv.in_channels}'
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([Block(4) for _ in range(3)])
        self.head = nn.Linear(4, 10)
        self.empty = nn.Module()
    def forward(self, x): return x
n = Net()
print(n)
print(repr(n.blocks[0]))
print(str(nn.Module()))
class Multi(nn.Module):
    def extra_repr(self):
        return 'line1\nline2'
class Outer(nn.Module):
    def __init__(self):
        super().__init__(); self.m = Multi(); self.lin = nn.Linear(1, 1)
    def extra_repr(self): return 'x=1\ny=2'
print(Outer())
print(Multi())
"""),
    ('ph_losses', r"""
import torch.nn as nn
w = torch.tensor([1.0, 2.0])
for m in [nn.MSELoss(), nn.MSELoss(reduction='sum'), nn.L1Loss(reduction='none'),
    nn.CrossEntropyLoss(), nn.CrossEntropyLoss(weight=w, ignore_index=3, label_smoothing=0.1),
          nn.NLLLoss(weight=w, reduction='sum'), nn.BCELoss(),
              nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0])), nn.HuberLoss(delta=0.5),
                  nn.SmoothL1Loss(beta=2.0),
          nn.KLDivLoss(reduction='batchmean', log_target=True),
              nn.MarginRankingLoss(margin=0.5), nn.HingeEmbeddingLoss(),
                  nn.TripletMarginLoss(margin=2.0, p=1),
          nn.CosineEmbeddingLoss(), nn.CTCLoss(blank=1, zero_infinity=True),
              nn.PoissonNLLLoss(log_input=False), nn.GaussianNLLLoss(full=True),
          nn.MultiLabelMarginLoss(), nn.MultiLabelSoftMarginLoss(), nn.MultiMarginLoss(p=2,
              margin=0.5), nn.SoftMarginLoss(), nn.TripletMarginWithDistanceLoss(margin=0.3),
          nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8])]:
    print(m)
"""),
    ('ph_seq_ops', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid())
print(m[1:]); print(m[::2]); print(m[-1]); m.append(nn.Dropout(0.1)); print(m)
m.insert(1, nn.Tanh()); print(m)
del m[0]; print(m); m.extend([nn.Identity()]); print(m); print(len(m)); print(m[:0])
m2 = nn.Sequential(); m2.add_module('fc', nn.Linear(1, 1)); m2.add_module('act', nn.ReLU())
print(m2); print(m2[1:]); print(m2.fc)
print(m + nn.Sequential(nn.ReLU())) if hasattr(m, '__add__') else None
l = nn.ModuleList([nn.Linear(1, 1)] * 2 + [nn.ReLU(), nn.Linear(1, 1), nn.Linear(1, 1)])
print(l); print(l[1:3]); print(l + nn.ModuleList([nn.ReLU()]))
l.append(nn.ReLU()); l.insert(0, nn.ReLU()); print(l); del l[2]; print(l)
l.extend([nn.ReLU(), nn.ReLU()]); print(l); print(l[-2:])
"""),
    ('ph_collapse_patterns', r"""
nn = torch.nn
class B(nn.Module):
    def __init__(self, k):
        super().__init__(); self.lin = nn.Linear(k, k); self.k = k
    def extra_repr(self): return f'k={self.k}' if self.k > 2 else ''
print(nn.ModuleList([B(1), B(1), B(2), B(3), B(3), B(3), B(1)]))
print(nn.ModuleList([nn.ModuleList([nn.ReLU(), nn.ReLU()]), nn.ModuleList([nn.ReLU(),
    nn.ReLU()])]))
print(nn.Sequential(nn.ReLU(), nn.ReLU(), nn.ReLU()))
print(nn.ModuleDict({'a': nn.ReLU(), 'b': nn.ReLU()}))
print(nn.ModuleList([nn.Sequential(nn.Linear(2, 2), nn.ReLU()) for _ in range(12)]))
"""),
    ('ph_module_misc_repr', r"""
torch.manual_seed(0)
nn = torch.nn
class Empty(nn.Module): pass
class WithParamOnly(nn.Module):
    def __init__(self): super().__init__(); self.w = nn.Parameter(torch.zeros(2))
class Lambda(nn.Module):
    def __init__(self, f): super().__init__(); self.f = f
    def forward(self, x): return self.f(x)
print(Empty()); print(WithParamOnly()); print(nn.Sequential(Lambda(lambda x: x), Empty()))
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 4 * 4, 120), nn.ReLU(),
            nn.Dropout(0.5), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
        self.loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
net = Net(); print(net); print(net.apply(lambda m: None) is net)
print(net.features[0].weight.shape, net.classifier[-1])
print(sum(p.numel() for p in net.parameters() if p.requires_grad))
print(list(net.children())[0][2]); print(net.features._modules.keys())
print(type(net.features._modules).__name__)
net.features[0] = nn.Conv2d(1, 6, 3, padding=1); print(net.features[0])
print(net.get_submodule('classifier.1'))
print(net.half().classifier[1].weight.dtype); print(net.double().features[0].bias.dtype)
"""),
    ('ph_sgd_state', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.Linear(2, 1)
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
m(torch.ones(1, 2)).sum().backward(); opt.step()
print(opt.state_dict()); print(opt.state); print(opt.param_groups[0]['params'][1])
opt2 = torch.optim.SGD(m.parameters(), lr=0.1); opt2.step(); print(opt2.state_dict())
print(torch.nn.utils.clip_grad_norm_(m.parameters(), 0.5))
print(torch.nn.utils.clip_grad_value_(m.parameters(), 0.1)); print(m.weight.grad)
print(torch.nn.utils.parameters_to_vector(m.parameters()))
"""),
    ('ph_grad_scaler', r"""
s = torch.amp.GradScaler('cpu') if hasattr(torch, 'amp') else None
print(s.state_dict() if s else None); print(s.get_scale() if s else None); print(s.is_enabled())
"""),
    ('ph_opt_repr_details', r"""
nn = torch.nn
p = [nn.Parameter(torch.zeros(1))]
print(torch.optim.SGD(p, lr=1e-3)); print(torch.optim.SGD(p, 0.1, 0.9))
print(torch.optim.Adam(p, lr=0.001, betas=[0.5, 0.9]))
print(torch.optim.Adam([{'params': p, 'lr': 1e-2, 'name': 'head'}], lr=1e-3))
print(torch.optim.SGD([{'params': p}, {'params': [nn.Parameter(torch.zeros(1))],
    'weight_decay': 0.5}], lr=0.1))
o = torch.optim.AdamW(p, lr=1e-3); o.param_groups[0]['lr'] = 5e-4; print(o)
print(o.state_dict())
print(torch.optim.SGD(p, lr=0.1, momentum=0.9, foreach=True))
print(torch.optim.Adam(p, fused=None))
"""),
    ('ph_none_child', r"""
nn = torch.nn
class Block(nn.Module):
    def __init__(self, down):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 1)
        self.downsample = nn.Conv2d(2, 2, 1) if down else None
        self.register_module('opt', None)
        self.register_buffer('buf', None)
        self.register_parameter('p', None)
print(Block(True)); print(Block(False)); print(list(Block(False).named_children()))
print(Block(False).state_dict().keys())
print(nn.ModuleList([Block(False), Block(False), Block(True)]))
"""),
    ('ph_shared_and_keys', r"""
nn = torch.nn
l = nn.Linear(1, 1)
s = nn.Sequential(l, nn.ReLU(), l); print(s); print(len(list(s.parameters())))
print(list(s.state_dict().keys()))
d = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Tanh()}); d.update({'c': nn.ReLU()})
d['a'] = nn.Sigmoid(); print(d); print(list(d.keys()))
d2 = nn.ModuleDict([('z', nn.ReLU()), ('y', nn.ReLU())]); print(d2); del d2['z']; print(d2)
print(d2.pop('y')); print(d2)
m = nn.Module(); m.add_module('1', nn.ReLU())
m.add_module('layer.x' if False else 'layer_x', nn.Tanh()); print(m)
pl = nn.ParameterList([nn.Parameter(torch.zeros(2, dtype=torch.float64)),
    nn.Parameter(torch.zeros(1, 2), requires_grad=False)])
print(pl)
pd = nn.ParameterDict({'a': nn.Parameter(torch.zeros(3))}); pd['b'] = torch.ones(2); print(pd)
print(type(pd['b']).__name__)
print(nn.ParameterList([torch.zeros(2), 3, 'x']) if False else nn.ParameterList())
class Holder(nn.Module):
    def __init__(self):
        super().__init__(); self.plist = nn.ParameterList([nn.Parameter(torch.ones(2))])
        self.pdict = nn.ParameterDict({'k': nn.Parameter(torch.ones(1))})
print(Holder())
"""),
    ('ph_loss_weight_buffers', r"""
nn = torch.nn
l = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0])); print(l); print(l.state_dict())
print(list(l.named_buffers()))
print(nn.BCEWithLogitsLoss(pos_weight=torch.ones(2)).state_dict())
print(nn.NLLLoss(ignore_index=1).ignore_index)
print(nn.CrossEntropyLoss(reduction='sum').reduction)
print(nn.CrossEntropyLoss(size_average=False))
print(nn.CrossEntropyLoss(size_average=False).reduction)
print(nn.MSELoss(reduce=False).reduction)
"""),
    ('ph_collate', r"""
torch.manual_seed(0)
from torch.utils.data import DataLoader, Dataset
import numpy as np
class D(Dataset):
    def __len__(self): return 4
    def __getitem__(self, i): return {'x': torch.full((2,), float(i)), 'y': i, 'name': f'n{i}',
        'np': np.array([i, i]), 'f': i * 0.5, 't': (i, torch.tensor(i))}
for b in DataLoader(D(), batch_size=2): print(b)
print(next(iter(DataLoader(list(range(5)), batch_size=3))))
print(next(iter(DataLoader([(1.5, 2), (2.5, 3)], batch_size=2))))
print(next(iter(DataLoader([np.float32(1.5), np.float32(2.0)], batch_size=2))))
print(next(iter(DataLoader([[1, 2], [3, 4]], batch_size=2))))
print(next(iter(DataLoader([True, False], batch_size=2))))
"""),
    ('ph_warn_prints', r"""
import warnings
warnings.simplefilter('always')
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    torch.nn.functional.softmax(torch.ones(2, 2)); torch.ones(3).T; torch.tensor(torch.ones(2))
    torch.nn.functional.sigmoid(torch.ones(1))
    torch.nn.MSELoss()(torch.ones(2, 1), torch.ones(2))
    print([str(x.message)[:120] for x in w]); print([x.category.__name__ for x in w])
"""),
    ('ph_opt_SGD_0', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True,
    weight_decay=1e-4)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_SGD_1', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.01)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adam_2', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.8, 0.99), eps=1e-6,
    weight_decay=0.01, amsgrad=True)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adam_3', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adam(model.parameters(), )
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_AdamW_4', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_AdamW_5', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1, foreach=False)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adagrad_6', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adagrad(model.parameters(), lr=0.1, lr_decay=0.01,
    initial_accumulator_value=0.1)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_RMSprop_7', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, centered=True, momentum=0.5)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adadelta_8', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adadelta(model.parameters(), rho=0.95)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adamax_9', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adamax(model.parameters(), lr=0.002)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_NAdam_10', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.NAdam(model.parameters(), momentum_decay=0.005)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_RAdam_11', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.RAdam(model.parameters(), decoupled_weight_decay=True, weight_decay=0.1)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_ASGD_12', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.ASGD(model.parameters(), lambd=1e-3, t0=10)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Rprop_13', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Rprop(model.parameters(), etas=(0.4, 1.3), step_sizes=(1e-5, 10))
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_LBFGS_14', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.LBFGS(model.parameters(), lr=1, history_size=5, line_search_fn="strong_wolfe")
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adafactor_15', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adafactor(model.parameters(), lr=0.01)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_SparseAdam_16', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SparseAdam(model.parameters(), lr=0.01)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adam_17', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adam(model.parameters(), lr=torch.tensor(0.01))
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_Adam_18', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.Adam(model.parameters(), capturable=True, differentiable=False)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_SGD_19', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, maximize=True, dampening=0.1, momentum=0.9)
print(opt)
print(repr(opt.defaults))
"""),
    ('ph_opt_groups', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD([{'params': model[0].parameters()}, {'params': model[2].parameters(),
    'lr': 0.5, 'momentum': 0.9}], lr=0.01, weight_decay=1e-5)
print(opt)
step(opt, 2)
sd = opt.state_dict()
print(sd)
print(sd['param_groups'])
opt.add_param_group({'params': [nn.Parameter(torch.zeros(2))], 'lr': 1.0})
print(opt)
"""),
    ('ph_opt_adamw_amsgrad_state', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.AdamW(model[2].parameters(), lr=0.01, amsgrad=True)
step(opt)
print(opt.state_dict())
"""),
    ('ph_opt_misc_state', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

for cls in [torch.optim.RMSprop, torch.optim.Adagrad, torch.optim.Adadelta, torch.optim.Adamax,
    torch.optim.NAdam, torch.optim.RAdam, torch.optim.ASGD, torch.optim.Rprop]:
    torch.manual_seed(0)
    m = nn.Linear(2, 1)
    opt = cls(m.parameters())
    m(torch.randn(3, 2)).sum().backward()
    opt.step()
    print(cls.__name__, opt.state_dict()['state'])
"""),
    ('ph_opt_lbfgs_state', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.LBFGS(model[2].parameters(), lr=0.1, history_size=3)
def closure():
    opt.zero_grad(); l = model(torch.ones(2, 3)).pow(2).sum(); l.backward(); return l
print(opt.step(closure))
print(opt.state_dict()['param_groups'])
print(sorted(opt.state_dict()['state'][0].keys()))
"""),
    ('ph_sched', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheds = [torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)]
print(scheds[0].state_dict())
for _ in range(3):
    step(opt); scheds[0].step()
print(scheds[0].state_dict())
print(scheds[0].get_last_lr())
print(opt.param_groups[0]['lr'], opt.param_groups[0]['initial_lr'])
print(opt)
"""),
    ('ph_sched_MultiStepLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.1)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_ExponentialLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_CosineAnnealingLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10, eta_min=1e-4)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_ReduceLROnPlateau', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_CyclicLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_OneCycleLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_CosineAnnealingWarmRestarts', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_LambdaLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda e: 0.9 ** e)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_MultiplicativeLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda e: 0.95)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_ConstantLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_LinearLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=3)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_PolynomialLR', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
for i in range(3):
    step(opt)
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        s.step(1.0)
    else:
        s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_scale_fn_ref', 'scale_fn')})
print(s.get_last_lr() if hasattr(s, 'get_last_lr') else None)
print(opt.param_groups[0]['lr'])
"""),
    ('ph_sched_seq', r"""
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
def step(opt, n=1):
    for _ in range(n):
        opt.zero_grad()
        model(torch.randn(5, 3)).pow(2).mean().backward()
        opt.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1)
s1 = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=2)
s2 = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
s = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[s1, s2], milestones=[2])
for i in range(4):
    step(opt); s.step(); print(i, s.get_last_lr())
print(s.state_dict())
c = torch.optim.lr_scheduler.ChainedScheduler([torch.optim.lr_scheduler.ConstantLR(opt,
    factor=0.5, total_iters=1)])
print(c.state_dict())
"""),
    ('ph_po_precision', r"""
torch.manual_seed(0)
x = torch.randn(3, 4)
torch.set_printoptions(precision=2); print(x)
torch.set_printoptions(precision=8); print(x)
torch.set_printoptions(precision=0); print(x); print(x * 100)
torch.set_printoptions(precision=10); print(x.double())
torch.set_printoptions(profile='default'); print(x)
"""),
    ('ph_po_threshold', r"""
torch.manual_seed(0)
torch.set_printoptions(threshold=5)
print(torch.arange(10)); print(torch.randn(4, 4)); print(torch.arange(6.))
torch.set_printoptions(threshold=5, edgeitems=1); print(torch.arange(60).reshape(3, 4, 5))
print(torch.randn(3, 3, 3))
torch.set_printoptions(edgeitems=2, threshold=10); print(torch.arange(100).reshape(10, 10))
torch.set_printoptions(profile='full'); print(torch.arange(1200))
torch.set_printoptions(profile='short'); print(torch.randn(5, 5)); print(torch.arange(1001))
print(torch.randn(3, 400))
torch.set_printoptions(profile='default'); print(torch.arange(1001)); print(torch.arange(1000))
"""),
    ('ph_po_linewidth', r"""
torch.manual_seed(0)
torch.set_printoptions(linewidth=40); print(torch.randn(2, 12)); print(torch.arange(30))
print(torch.randn(20))
torch.set_printoptions(linewidth=200); print(torch.randn(3, 20))
torch.set_printoptions(linewidth=10); print(torch.randn(2, 3))
print(torch.tensor([1.5, 2.5, 3.5], requires_grad=True))
"""),
    ('ph_po_sci', r"""
x = torch.tensor([1e-5, 1.0, 100.0])
print(x)
torch.set_printoptions(sci_mode=False); print(x); print(torch.tensor([1e-10, 1e10]))
torch.set_printoptions(sci_mode=True); print(torch.tensor([1.0, 2.0]))
print(torch.tensor([1, 2])); print(torch.tensor(3.0))
torch.set_printoptions(sci_mode=None); print(torch.tensor([1.0, 2.0]))
"""),
    ('ph_mixed_magnitudes', r"""
for v in [[1e-5, 1.0], [1e8, 1.0], [1e7, 1.0], [123456789.0], [1e-4, 1.0], [0.0001, 1000.0],
    [1e3, 1e-3], [1e15], [1e16, 1.5], [0.1, 0.25],
          [1.0, 2.0, 3.0], [100.0, 1.5], [12345.678], [-1e-5, 5.0], [1e-8], [0.0, -0.0], [-0.0],
              [1e30, -1e-30], [3.14159, 2.71828, -1e3], [65504.0]]:
    print(torch.tensor(v)); print(torch.tensor(v, dtype=torch.float64))
"""),
    ('ph_ints', r"""
print(torch.tensor([-1, 20, -300, 4000])); print(torch.tensor([[1, -2], [300000, 4]]))
print(torch.tensor([2**40, -5]))
print(torch.tensor([1, 2], dtype=torch.int8)); print(torch.tensor([1, 2], dtype=torch.uint8))
print(torch.tensor([1, 2], dtype=torch.int16))
print(torch.tensor([1, 2], dtype=torch.int32)); print(torch.tensor(5, dtype=torch.int32))
print(torch.tensor(-7)); print(torch.tensor([]).long())
print(torch.arange(-5, 5).reshape(2, 5))
print(torch.tensor([9223372036854775807, -9223372036854775808]))
"""),
    ('ph_bools', r"""
print(torch.tensor([True, False])); print(torch.tensor(True))
print(torch.zeros(2, 3, dtype=torch.bool)); print(torch.tensor([1, 2]) > 1)
print(torch.ones(0, dtype=torch.bool)); print(torch.tensor([[True], [False]]))
torch.set_printoptions(threshold=3); print(torch.ones(10, dtype=torch.bool))
"""),
    ('ph_half', r"""
torch.manual_seed(0)
print(torch.randn(3).half()); print(torch.tensor([1.0, 65504.0], dtype=torch.float16))
print(torch.tensor(0.1, dtype=torch.float16))
print(torch.tensor([1e-5, 1.0], dtype=torch.float16))
print(torch.tensor([1, 2.], dtype=torch.float16, requires_grad=True))
print(torch.tensor([float('inf'), float('nan')], dtype=torch.half))

"""),
    ('ph_default_dtype', r"""
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.0, 2.5])); print(torch.tensor([1.0, 2.5], dtype=torch.float32))
print(torch.randn(2) .dtype); print(torch.tensor(1.5))
print(torch.tensor([1, 2])); print(torch.zeros(2, dtype=torch.float32, requires_grad=True))
print(torch.tensor([1.0], dtype=torch.float16)); print(torch.tensor([], dtype=torch.float32))
print(torch.tensor([]))
print(torch.tensor([1+2j])); print(torch.tensor([1+2j], dtype=torch.complex64))
torch.set_default_dtype(torch.float16); print(torch.tensor([1.0]))
print(torch.tensor([1.0], dtype=torch.float32)); print(torch.tensor(2.0))

"""),
    ('ph_nan_inf', r"""
print(torch.tensor([float('nan'), 1.0, float('inf'), -float('inf')]))
print(torch.tensor([float('nan')])); print(torch.tensor([float('inf'), 1e-5]))
print(torch.tensor([float('nan'), 1e10]))
print(torch.tensor([[float('nan'), 2.0], [3.0, float('-inf')]]))
print(torch.tensor(float('nan')))
print(torch.tensor([float('inf')] * 3)); print(torch.tensor([float('nan'), 0.5, 1.25]).double())
print(torch.tensor([float('nan'), 123456.0]))
"""),
    ('ph_empty', r"""
for s in [(0,), (0, 3), (3, 0), (2, 0, 4), (0, 0), (1, 0)]:
    print(torch.empty(s)); print(torch.zeros(s, dtype=torch.long))
    print(repr(torch.zeros(s, dtype=torch.float64)))
print(torch.tensor([])); print(torch.tensor([[]])); print(torch.zeros(0, requires_grad=True))
print(torch.zeros(0, 2, dtype=torch.bool)); print(torch.zeros(0, dtype=torch.float16))
print(torch.zeros(0, 3).sum(0))
"""),
    ('ph_zero_d', r"""
for dt in [torch.float32, torch.float64, torch.float16, torch.int8, torch.uint8, torch.int16,
    torch.int32, torch.int64, torch.bool, torch.complex64, torch.complex128]:
    t = torch.tensor(3, dtype=dt); print(t, repr(t), str(t), t.item(), f'{t}')
print(torch.tensor(1e-6)); print(torch.tensor(12345678.0))
print(torch.tensor(-0.5, requires_grad=True)); print(torch.tensor(2.0, requires_grad=True) * 3)
"""),
    ('ph_grad_fn', r"""
torch.manual_seed(0)
a = torch.randn(3, requires_grad=True)
b = a * 2; print(b); c = b.sum(); print(c); print(type(c.grad_fn).__name__)
print([(type(f).__name__, i) for f, i in c.grad_fn.next_functions])
print(b.grad_fn.next_functions[0][0].variable is a)
print(a.relu().grad_fn.name(), a.exp().mean()); print(torch.tensor([1.0], requires_grad=True))
print(a[0]); print(a.view(3, 1)); print(a.detach())
with torch.no_grad(): print(a * 2)
print(a.double()); print(a.sum(0, keepdim=True)); print(a.unsqueeze(0).t()); print(a.clone())
print(a.new_ones(2)); print((a + 1).grad_fn.name()); print(a.grad_fn)
print(a.is_leaf, b.is_leaf)
d = a.max(); print(d); print(torch.stack([a, a]))
print(type(torch.cat([a, a]).grad_fn).__name__)
"""),
    ('ph_parameter', r"""
torch.manual_seed(0)
p = torch.nn.Parameter(torch.randn(2, 3)); print(p); print(repr(p)); print(str(p))
print(torch.nn.Parameter(torch.randn(2), requires_grad=False))
print(torch.nn.Parameter(torch.tensor(1.0)))
print(torch.nn.Parameter(torch.zeros(2, dtype=torch.float64)))
print(torch.nn.Parameter(torch.empty(0)))
l = torch.nn.Linear(2, 1); print(l.weight); print(l.bias); print(list(l.parameters()))
print(l.state_dict()); print(dict(l.named_parameters()))
print(p * 1); print(p.data); print(p[0]); print(torch.nn.Parameter())
"""),
    ('ph_size_dtype_device', r"""
print(torch.Size([2, 3])); print(torch.Size([])); print(torch.Size([5]))
print(torch.zeros(2, 3).shape, torch.zeros(2,3).size(), torch.zeros(2,3).size(1))
print(repr(torch.Size((1,)))); print(str(torch.Size((1, 2)))); print(torch.Size([2, 3]) + (4,))
print(torch.Size([2, 3])[1:])
print(torch.float32, repr(torch.float64), str(torch.int64), torch.bool, torch.half,
    torch.cfloat, torch.long, torch.uint8)
print(torch.device('cpu'), repr(torch.device('cpu')), torch.device('cuda:1'),
    repr(torch.device('cuda', 0)), torch.zeros(1).device, str(torch.device('cpu', 0)))
print(torch.finfo(torch.float32)); print(torch.finfo(torch.float16)); print(torch.finfo())
print(torch.finfo(torch.float64))
print(torch.iinfo(torch.int32)); print(torch.iinfo(torch.uint8))
print(torch.iinfo(torch.int64)); print(torch.iinfo(torch.int8)); print(torch.iinfo(torch.int16))
print(torch.finfo(torch.float32).eps, torch.finfo(torch.float32).tiny,
    torch.finfo(torch.float32).max, torch.finfo(torch.float16).resolution)
print(torch.zeros(2).dtype.is_floating_point, torch.float32.itemsize, torch.get_default_dtype(),
    torch.zeros(1).layout, torch.strided)
print(torch.finfo(torch.complex64))
print(torch.zeros(2).storage_offset(), torch.zeros(2, 3).stride())
"""),
    ('ph_return_types', r"""
torch.manual_seed(0)
x = torch.randn(3, 4)
print(torch.max(x, 1)); print(x.min(dim=0, keepdim=True)); print(torch.sort(x[0]))
print(torch.topk(x[0], 2)); print(x.kthvalue(2, 1))
print(torch.median(x, 1)); print(torch.mode(torch.tensor([1, 2, 2, 3])))
print(torch.linalg.slogdet(torch.eye(2) * 2)); print(torch.aminmax(x))
print(torch.cummax(x[0], 0)); print(torch.var_mean(x, 1)); print(torch.std_mean(x))
print(torch.sort(x, descending=True, dim=0).indices)
u = torch.linalg.svd(torch.eye(2)); print(u); print(type(u).__name__)
print(torch.linalg.eigh(torch.eye(2)))
# (no zeros in Q: the sign of a zero differs between LAPACK builds)
print(torch.linalg.qr(torch.tensor([[3., 0.], [4., 5.]])))
print(torch.unique(torch.tensor([1, 1, 2]), return_counts=True)); print(torch.max(x, 1)[0])
v, i = torch.max(x, 1); print(v, i)
print(torch.frexp(torch.tensor([8.0])))
print(torch.histogram(torch.tensor([1., 2., 1.]), bins=2))
print(torch.linalg.lu_factor(torch.eye(2)))
print(torch.svd(torch.eye(2))); print(torch.linalg.inv_ex(torch.eye(2)))
print(torch.nanmedian(x, 0)); print(torch.cummin(x[0], 0)); print(torch.max(x, 1).values)
"""),
    ('ph_fstrings', r"""
torch.manual_seed(0)
x = torch.randn(3)
print(f'{x}'); print(f'loss: {x.sum()}'); print(f'{x.sum():.4f}')
print(format(x.sum().item(), '.4f')); print('{:.3f}'.format(x[0].item()))
print('%s' % x); print(str(x) == repr(x)); print([x[0], x[1]]); print((x[0], torch.tensor(1)))
print({'a': x}); print(f'{x.mean().item():.2e}')
print(f'{torch.tensor(3)}'); print(f'{torch.tensor(3.5):.2f}')
print(f'{torch.tensor(7):d}' if False else 'x'); print(x.tolist()); print(x.sum().item())
print(x.numpy()); print(f'{x.sum():>10.3f}|'); print(round(x.sum().item(), 3))
print(float(x[0]), int(torch.tensor(3)))
print(torch.tensor([0.1, 0.2, 0.3]).tolist()); print(torch.tensor(0.1).item())
print('%.2f' % x[0])
"""),
    ('ph_complex_print', r"""
print(torch.tensor([1+2j, -3.5-1j])); print(torch.tensor(1j))
print(torch.tensor([1e-5+1j, 100+0j])); print(torch.zeros(2, dtype=torch.complex128))
print(torch.tensor([float('nan') + 1j])); print(torch.tensor([[1+1j, 2], [3, 4j]]))
"""),
    ('ph_requires_grad_misc', r"""
torch.manual_seed(0)
w = torch.randn(2, 2, requires_grad=True); print(w); print(w.T); print(w @ w); print(w.grad)
loss = (w ** 2).sum(); loss.backward(); print(w.grad); print(loss)
print(w.to(torch.float64)); print(torch.zeros(2, dtype=torch.long))
x = torch.ones(2, requires_grad=True); y = x * 2; y.retain_grad(); print(y)
print(torch.ones(3, requires_grad=True).sum(dim=0))
"""),
    ('ph_summ_4d', r"""
torch.manual_seed(0)
print(torch.randn(2, 3, 20, 20)); print(torch.arange(2000).reshape(2, 10, 100))
print(torch.randn(1001) * 1e5); print(torch.randn(40, 40).double())
"""),
    ('ph_summ_mixed', r"""
torch.manual_seed(0)
x = torch.randn(50, 50); x[0, 0] = 1e-7; x[49, 49] = 1e6; print(x)
y = torch.randn(2000); y[1000] = 1e9; print(y)  # hidden big value in the middle
z = torch.randn(2000); z[0] = float('nan'); print(z)
w = torch.arange(2000) - 1000; w[1000] = 10**12; print(w)
print(torch.randn(1100, dtype=torch.complex64))
print(torch.ones(3, 2000, dtype=torch.bool))
"""),
    ('ph_precision_sci', r"""
x = torch.tensor([1e-5, 1.0, 123.456])
for p in [0, 1, 2, 6, 10]:
    torch.set_printoptions(precision=p); print(x); print(torch.tensor([1.5, 2.25]))
    print(torch.tensor([100.0, 2.0]))
"""),
    ('ph_int_floats', r"""
print(torch.tensor([1.0, 2.0, 300.0])); print(torch.tensor([1.0, -2.0]))
print(torch.tensor([1e5, 2.0])); print(torch.tensor([1e8, 2.0])); print(torch.tensor([1e9]))
print(torch.tensor([123456789.0, 1.0])); print(torch.tensor([-100000000.0]))
print(torch.tensor([0.0])); print(torch.tensor([0.5, 100000.0]))
print(torch.tensor([0.5, 1000000.0]))
print(torch.arange(10.)); print(torch.linspace(0, 1, 5)); print(torch.linspace(-1e-3, 1e3, 4))
print(torch.logspace(-10, 10, 5))
"""),
    ('ph_noncontig', r"""
torch.manual_seed(0)
x = torch.randn(4, 5); print(x.t()); print(x[:, ::2]); print(x[1]); print(x[..., 0])
print(x.expand(2, 4, 5)[1, 0]); print(x.T.contiguous()[0])
print(torch.zeros(3).expand(2, 3)); print(x.diagonal())
print(torch.arange(24).reshape(2, 3, 4).permute(2, 0, 1))
"""),
    ('ph_negative_zero', r"""
print(torch.tensor([-0.0, 0.0, 1.0])); print(torch.tensor(-0.0)); print(-torch.zeros(2))
print(torch.tensor([-0.0, 1e-5])); print(torch.tensor([-0.0]).double())
"""),
    ('ph_state_dict_prints', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
print(m.state_dict()); print(list(m.state_dict().keys())); print(list(m.named_children()))
print(list(m.named_modules())[1:])
print(m[0].weight.shape, m[1].running_mean, m[1].num_batches_tracked)
print(sum(p.numel() for p in m.parameters())); print([n for n, _ in m.named_parameters()])
print(list(m.buffers()))
print(m[0].weight.grad); print(m.training, m.eval().training); print(m[1].__class__.__name__)
for n, p in m.named_parameters(): print(n, p.shape, p.requires_grad, p.dtype)
"""),
    ('ph_parameter_more', r"""
torch.manual_seed(0)
nn = torch.nn
p = nn.Parameter(torch.randn(3, 3))
print(p.T); print(p.sum()); print(p.detach()); print(p.data.shape); print(p.grad)
p2 = nn.Parameter(torch.arange(3.), requires_grad=False); print(p2); print(p2 + 1)
print(nn.Parameter(torch.randn(2000))); print(nn.UninitializedParameter())
print(nn.Linear(2, 2).weight.requires_grad)
print(nn.Buffer(torch.ones(2)) if hasattr(nn, 'Buffer') else None)
"""),
    ('ph_print_mix', r"""
torch.manual_seed(0)
x = torch.randn(2, 3)
print(x, x.shape, x.dtype); print('x =', x); print([x, x.sum()]); print((x.shape, x.size(0)))
print(x.shape[0], len(x))
print(x.mean(), x.std(), x.var()); print(x.argmax(), x.argmax(1)); print(x.max().item())
print(x.sum(1).tolist())
print(torch.tensor([[1, 2], [3, 4]]).float().mean(0))
print(x.numel(), x.dim(), x.ndim, x.is_contiguous())
print(x > 0); print(x[x > 0]); print(torch.where(x > 0)); print(torch.nonzero(x > 0))
print(x.nonzero(as_tuple=True))
print(torch.tensor([1, 2, 3]) / 2); print(torch.tensor([1, 2, 3]) // 2)
print(torch.tensor(7) / torch.tensor(2)); print(torch.tensor([4]) ** 0.5)
"""),
    ('ph_repr_vs_str', r"""
torch.manual_seed(0)
x = torch.randn(2, requires_grad=True) * 2
print(repr(x)); print(str(x)); print(x.__format__('')); print(repr(x.dtype), str(x.dtype))
print(repr(x.shape)); print(repr(x.device)); print(str(x.device))
print(repr([torch.float16])); print({torch.int64: 1}); print(x.grad_fn.name()); print(x.type())
print(torch.zeros(1).long().type()); print(x.data.type())
"""),
    ('ph_autograd_reprs', r"""
torch.manual_seed(0)
a = torch.randn(2, requires_grad=True); b = torch.randn(2, requires_grad=True)
c = (a * b + a.sin()).sum()
def walk(f, d=0):
    if f is None: print(' ' * d + 'None'); return
    print(' ' * d + type(f).__name__, f.name())
    for g, i in f.next_functions: walk(g, d + 2)
walk(c.grad_fn)
print([(type(f).__name__, i) for f,
    i in c.grad_fn.next_functions[0][0].next_functions[0][0].next_functions])
x = torch.ones(2, requires_grad=True); y = x.view(2, 1); z = y.t()
print(z.grad_fn.name(), z._base is x if hasattr(z, '_base') else None, z.is_leaf)
print(c.requires_grad, c.is_leaf, c.grad_fn.metadata)
"""),
    ('ph_types_tensor_constructors', r"""
print(torch.FloatTensor([1, 2])); print(torch.LongTensor([1, 2]))
print(torch.DoubleTensor(2).zero_()); print(torch.BoolTensor([True]))
print(torch.Tensor([1, 2]))
print(torch.Tensor(2, 3).zero_()); print(torch.IntTensor([[1]])); print(torch.ByteTensor([255]))
print(torch.HalfTensor([1.5]))
"""),
    ('ph_printoptions_get', r"""
print(torch._tensor_str.PRINT_OPTS.precision if hasattr(torch, '_tensor_str') else 4)
torch.set_printoptions(precision=3, threshold=10, edgeitems=2, linewidth=50)
print(torch.arange(20.)); print(torch.randn(2, 30).shape)
torch.set_printoptions(profile='default'); torch.set_printoptions(precision=4)
print(torch.tensor([1.23456789]))
with torch.no_grad(): pass
torch.set_printoptions(threshold=float('inf')); print(torch.arange(1100).sum())
torch.set_printoptions(threshold=1000, edgeitems=0); print(torch.arange(1200))
"""),
    ('ph_printoptions_ctx', r"""
torch.set_printoptions(precision=2)
print(torch.tensor([1.23456]))
if hasattr(torch, 'printoptions'):
    pass
torch.set_printoptions(linewidth=20, sci_mode=False)
print(torch.tensor([1e-8, 12345678.9, 3.0]))
torch.set_printoptions(profile='short'); print(torch.tensor([1.23456]))
"""),
    ('ph_packed', r"""
torch.manual_seed(0)
nn = torch.nn
x = torch.randn(3, 4, 2); lengths = torch.tensor([4, 2, 1])
p = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True)
print(p)
print(p.batch_sizes, p.data.shape)
out, h = nn.GRU(2, 3, batch_first=True)(p)
print(type(out).__name__, h.shape)
y, l = nn.utils.rnn.pad_packed_sequence(out, batch_first=True); print(y.shape, l)
print(nn.utils.rnn.pad_sequence([torch.ones(2), torch.ones(3)]))
ps = nn.utils.rnn.pack_sequence([torch.tensor([1., 2., 3.]), torch.tensor([4., 5.])]); print(ps)
"""),
    ('ph_param_modules', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.utils.parametrizations.weight_norm(nn.Linear(2, 3)); print(m)
m2 = nn.utils.parametrizations.spectral_norm(nn.Linear(2, 3)); print(m2)
m3 = nn.utils.parametrizations.orthogonal(nn.Linear(3, 3)); print(m3)
class Sym(nn.Module):
    def forward(self, X): return X.triu() + X.triu(1).T
m4 = nn.Linear(3, 3); nn.utils.parametrize.register_parametrization(m4, 'weight', Sym())
print(m4)
print(type(m4).__name__)
m5 = nn.utils.weight_norm(nn.Linear(2, 2)); print(m5)
print(sorted(n for n, _ in m5.named_parameters()))
"""),
    ('ph_distributions', r"""
torch.manual_seed(0)
D = torch.distributions
print(D.Normal(0.0, 1.0)); print(D.Normal(torch.zeros(2), torch.ones(2)))
print(D.Categorical(probs=torch.tensor([0.2, 0.8])))
print(D.Bernoulli(0.3)); print(D.Uniform(0, 1))
print(D.MultivariateNormal(torch.zeros(2), torch.eye(2))); print(D.Beta(2.0, 3.0))
print(D.Categorical(logits=torch.zeros(3)))
print(D.Independent(D.Normal(torch.zeros(2), torch.ones(2)), 1))
print(D.Normal(0., 1.).sample((2,)))
print(D.Gamma(torch.tensor([1.0]), torch.tensor([2.0]))); print(D.Poisson(3.0))
print(D.Exponential(torch.tensor(1.5)))
"""),
    ('ph_nn_init_returns', r"""
torch.manual_seed(0)
nn = torch.nn
w = torch.empty(2, 3)
print(nn.init.xavier_uniform_(w)); print(nn.init.zeros_(w)); print(nn.init.constant_(w, 0.5))
print(nn.init.eye_(torch.empty(2, 2)))
print(nn.init.kaiming_normal_(torch.empty(2, 2), mode='fan_out', nonlinearity='relu'))
print(nn.init.calculate_gain('leaky_relu', 0.2))
l = nn.Linear(2, 2)
with torch.no_grad(): l.weight.fill_(1.0)
print(l.weight); print(l.weight.fill_(2.0) if False else l.weight.data.fill_(2.0))
"""),
    ('ph_data_utils', r"""
torch.manual_seed(0)
from torch.utils.data import TensorDataset, DataLoader, random_split
ds = TensorDataset(torch.arange(10.).view(5, 2), torch.arange(5))
print(ds[0]); print(len(ds)); a, b = random_split(ds, [3, 2])
print(len(a), a.indices if hasattr(a, 'indices') else None)
for xb, yb in DataLoader(ds, batch_size=2): print(xb, yb)
print(next(iter(DataLoader(ds, batch_size=4, shuffle=True))))
print(list(torch.utils.data.BatchSampler(range(5), 2, drop_last=False)))
"""),
    ('ph_functional_outputs', r"""
torch.manual_seed(0)
F = torch.nn.functional
x = torch.randn(2, 3)
print(F.softmax(x, dim=1)); print(F.one_hot(torch.tensor([0, 2]), 3))
print(F.cross_entropy(x, torch.tensor([0, 2]))); print(F.pad(x, (1, 1)))
print(F.normalize(x)); print(F.log_softmax(x, -1).exp().sum(1))
print(F.mse_loss(x, torch.zeros(2, 3), reduction='none'))
print(F.interpolate(torch.arange(4.).view(1, 1, 2, 2), scale_factor=2))
print(F.embedding(torch.tensor([1]), torch.eye(3)))
"""),
    ('ph_suffix_wrap', r"""
torch.manual_seed(0)
print(torch.randn(8, dtype=torch.float64, requires_grad=True))
print(torch.randn(6, dtype=torch.float64, requires_grad=True) * 2)
print(torch.randn(2, 7, dtype=torch.float64, requires_grad=True).sum(0))
print(torch.randn(3, 6, dtype=torch.float64).exp().requires_grad_())
print(torch.arange(15, dtype=torch.int32))
print(torch.arange(12, dtype=torch.int16).reshape(1, 12))
print(torch.randn(9, dtype=torch.float16))
print(torch.randn(10).double().requires_grad_().clone())
x = torch.randn(7, requires_grad=True)
print(torch.nn.functional.softplus(x, beta=2, threshold=5) * 1e-5)
print(torch.tensor([], dtype=torch.int32, requires_grad=False).reshape(0, 4))
print(torch.zeros(0, 3, dtype=torch.float64, requires_grad=True))
print(torch.zeros(0, requires_grad=True) * 2)
"""),
    ('ph_wide_rows', r"""
torch.manual_seed(0)
print(torch.randn(2, 15)); print(torch.randn(3, 2, 13)); print(torch.arange(40).reshape(2, 20))
print(torch.randn(2, 12) * 1e-6)
print(torch.randn(2, 15, dtype=torch.complex64))
print(torch.arange(30).reshape(1, 30) * 100000)
"""),
    ('ph_sci_details', r"""
torch.set_printoptions(precision=0); print(torch.tensor([1e-5, 1.0]))
print(torch.tensor([1.5e10]))
torch.set_printoptions(precision=1, sci_mode=True); print(torch.tensor([0.0, 1.0, -2.5]))
print(torch.tensor([float('nan'), float('inf'), 0.5]))
torch.set_printoptions(precision=4, sci_mode=False); print(torch.tensor([1e20, 1.0]))
print(torch.tensor([1e-20, 1.0])); print(torch.tensor([float('nan'), 1e-6]))
print(torch.tensor([1e20 + 0j, 1j]))
"""),
    ('ph_int_mode_special', r"""
print(torch.tensor([float('nan'), 1.0, 2.0])); print(torch.tensor([float('inf'), 1.0]))
print(torch.tensor([float('inf'), -float('inf')]))
print(torch.tensor([float('nan'), 1e9])); print(torch.tensor([float('nan'), 100.0, 2.0]))
print(torch.tensor([1e8, 1.0])); print(torch.tensor([1e8 + 2, 1.0]).double())
print(torch.tensor([float('inf'), 1e-5])); print(torch.tensor([float('inf'), 12345.5]))
print(torch.tensor([0.0, 0.0])); print(torch.tensor([1000.0, 1.0]))
print(torch.tensor([1001.0, 1.0])); print(torch.tensor([1001.5, 1.0]))
print(torch.tensor([999.5, 1.0]))
print(torch.tensor([0.001, 1.0])); print(torch.tensor([0.0009, 0.9]))
print(torch.tensor([0.0001])); print(torch.tensor([0.00009]))
print(torch.tensor([99999999.0, 0.5]))
"""),
    ('ph_format_specs', r"""
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
x = torch.tensor([1.5, 2.5]); s = torch.tensor(3.14159); i = torch.tensor(7)
b = torch.tensor(True)
t(lambda: f'{x:.2f}'); t(lambda: f'{x}'); t(lambda: f'{s:.2f}'); t(lambda: f'{s:10.3e}')
t(lambda: f'{i:5d}'); t(lambda: f'{i:.2f}'); t(lambda: f'{b}')
t(lambda: f'{b:d}'); t(lambda: f'{s:%}'); t(lambda: f'{s!r}'); t(lambda: f'{s!s}')
t(lambda: f'{i:x}'); t(lambda: format(s)); t(lambda: format(x, ''))
t(lambda: f'{torch.tensor(1+2j)}'); t(lambda: f'{torch.tensor(1+2j):.1f}')
t(lambda: f'{torch.tensor(2.5, requires_grad=True)}')
t(lambda: f'{torch.tensor(2.5, requires_grad=True):.3f}')
t(lambda: f'{torch.tensor(2.5, dtype=torch.float16)}'); t(lambda: f'{torch.tensor(0.1)}')
t(lambda: f'{torch.tensor(0.1, dtype=torch.float64)}'); t(lambda: f'{torch.tensor([3.0])}')
t(lambda: f'{torch.tensor([3.0]):.2f}'); t(lambda: '%d' % torch.tensor(3))
t(lambda: '%.3f' % torch.tensor([3.0])); t(lambda: '%s' % (torch.tensor(3),))
t(lambda: '{:.2f}'.format(torch.tensor(2.0))); t(lambda: '{}'.format(torch.zeros(2)))
t(lambda: str(torch.tensor(1e-3).item())); t(lambda: f'{torch.tensor(1e20):g}')
t(lambda: round(torch.tensor(2.567), 2)); t(lambda: round(torch.tensor(2.567)))
t(lambda: int(torch.tensor(2.9))); t(lambda: float(torch.tensor([2])))
t(lambda: bool(torch.tensor([0.0])))
t(lambda: hex(torch.tensor(255))); t(lambda: list(range(torch.tensor(3))))
t(lambda: [1, 2, 3][torch.tensor(1)]); t(lambda: complex(torch.tensor(2.0)))
t(lambda: abs(torch.tensor(-2))); t(lambda: divmod(torch.tensor(7), 2))
t(lambda: torch.tensor(7) % 3); t(lambda: 3 ** torch.tensor(2))
t(lambda: 2.0 ** torch.tensor([1, 2]))
"""),
    ('ph_default_dtype_64_print', r"""
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
x = torch.randn(3, requires_grad=True); print(x); print(x * 2); print(x.float())
print(x.half()); print(torch.arange(3.)); print(torch.linspace(0, 1, 3))
print(torch.tensor(1.5)); print(torch.zeros(2, 2)); print(torch.nn.Linear(2, 1).weight)
print(torch.tensor([1.0], dtype=torch.float32) + 1); print(torch.tensor([1+1j]))
print(torch.tensor([1.0]).dtype, torch.get_default_dtype())
print(torch.ones(2, dtype=torch.float32, requires_grad=True).sum())
torch.set_default_dtype(torch.float32); print(torch.tensor([1.0], dtype=torch.float64))
print(torch.tensor([1+1j])); print(torch.tensor([1+1j], dtype=torch.complex128))
"""),
    ('ph_numpy_interop_print', r"""
import numpy as np
print(torch.from_numpy(np.array([1, 2], dtype=np.int32))); print(torch.tensor(np.float64(1.5)))
print(torch.tensor(np.array([1.5, 2.5])))
print(torch.as_tensor([1, 2], dtype=torch.float32))
print(torch.tensor(np.arange(6).reshape(2, 3)).T); print(torch.from_numpy(np.zeros((2, 0))))
print(torch.tensor([np.int64(3)])); print(torch.tensor(np.bool_(True)))
print(torch.tensor(np.array(3.0, dtype=np.float32)))
x = torch.ones(2); print(x.numpy(), x.numpy().dtype); print(np.asarray(x))
print(torch.zeros(2, dtype=torch.float16).numpy())
"""),
    ('ph_hooks_handles', r"""
x = torch.ones(2, requires_grad=True)
h = x.register_hook(lambda g: print('hook', g) or g * 2)
y = (x * 3).sum(); y.backward(); print(x.grad); h.remove()
m = torch.nn.Linear(2, 1)
h2 = m.register_forward_hook(lambda mod, i, o: print('fwd', type(mod).__name__, i[0].shape,
    o.shape))
m(torch.ones(1, 2)); h2.remove()
h3 = m.register_full_backward_hook(lambda mod, gi, go: print('bwd',
    [g.shape if g is not None else None for g in gi], go[0].shape))
m(torch.ones(1, 2, requires_grad=True)).sum().backward()
"""),
    ('ph_autograd_fn_outputs', r"""
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
print(torch.autograd.grad((x ** 2).sum(), x))
print(torch.autograd.grad((x ** 2).sum(), x, create_graph=True))
print(torch.autograd.functional.jacobian(lambda t: t ** 2, x))
print(torch.autograd.functional.hessian(lambda t: (t ** 3).sum(), x))
print(torch.func.grad(lambda t: (t.sin()).sum())(x))
print(torch.func.vmap(torch.dot)(torch.ones(2, 3), torch.ones(2, 3)))
print(torch.autograd.functional.vjp(lambda t: t * 2, x, torch.ones(3)))
print(torch.func.jacrev(torch.sin)(x))
class Sq(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i): ctx.save_for_backward(i); return i ** 2
    @staticmethod
    def backward(ctx, g): i, = ctx.saved_tensors; return 2 * i * g
y = Sq.apply(x); print(y); print(y.grad_fn.name() if hasattr(y.grad_fn, 'name') else None)
print(type(y.grad_fn).__name__)
"""),
    ('ph_prune', r"""
torch.manual_seed(0)
nn = torch.nn
import torch.nn.utils.prune as prune
m = nn.Linear(3, 2)
prune.l1_unstructured(m, name='weight', amount=0.5)
print(m); print([n for n, _ in m.named_parameters()]); print([n for n, _ in m.named_buffers()])
print(m.weight_mask); print(m.weight)
prune.remove(m, 'weight'); print([n for n, _ in m.named_parameters()]); print(m.weight)
"""),
    ('ph_assert_close_msgs', r"""
def t(f):
    try: f(); print('ok')
    except Exception as e: print(type(e).__name__); print(e)
t(lambda: torch.testing.assert_close(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.5,
    3.0])))
t(lambda: torch.testing.assert_close(torch.tensor([1, 2]), torch.tensor([1, 3])))
t(lambda: torch.testing.assert_close(torch.tensor([1.0]), torch.tensor([1.0],
    dtype=torch.float64)))
t(lambda: torch.testing.assert_close(torch.zeros(2), torch.zeros(3)))
t(lambda: torch.testing.assert_close(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[1.0,
    2.0], [3.0, 4.1]]), rtol=0, atol=0.01))
t(lambda: torch.testing.assert_close(1.0, 1.1))
t(lambda: torch.testing.assert_close(torch.tensor(float('nan')), torch.tensor(float('nan'))))
t(lambda: torch.testing.assert_close(torch.tensor([1.0]), torch.tensor([1.0 + 1e-7])))
t(lambda: torch.testing.assert_close([torch.ones(1)], [torch.zeros(1)]))
"""),
    ('ph_serialize_roundtrip', r"""
import io
torch.manual_seed(0)
nn = torch.nn
m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
buf = io.BytesIO(); torch.save(m.state_dict(), buf); buf.seek(0); sd = torch.load(buf)
print(sd); print(type(sd).__name__)
m2 = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)); print(m2.load_state_dict(sd))
print(m2.load_state_dict(sd, strict=False))
sd2 = dict(sd); sd2.pop('0.bias'); sd2['extra'] = torch.zeros(1)
print(m2.load_state_dict(sd2, strict=False))
buf = io.BytesIO()
torch.save({'epoch': 3, 'x': torch.arange(3), 'lst': [1.5, torch.tensor(2)]}, buf); buf.seek(0)
print(torch.load(buf))
"""),
    ('ph_defaults_misc', r"""
print(torch.get_default_device() if hasattr(torch, 'get_default_device') else None)
print(torch.zeros(1).is_cuda, torch.zeros(1).is_cpu if hasattr(torch.zeros(1),
    'is_cpu') else None)
print(torch.tensor([1, 2, 3]).unique(return_inverse=True))
print(torch.tensor([3, 1, 2, 1]).unique(sorted=True, return_counts=True, return_inverse=True))
print(torch.tensor([1.0]) == 1); print(torch.equal(torch.ones(2), torch.ones(2)))
print(torch.allclose(torch.ones(2), torch.ones(2) + 1e-9))
print(torch.bincount(torch.tensor([1, 1, 3])))
print(torch.histc(torch.tensor([1., 2., 1.]), bins=4, min=0, max=3))
print(torch.bucketize(torch.tensor([1, 5]), torch.tensor([0, 2, 4])))
print(torch.meshgrid(torch.arange(2), torch.arange(3), indexing='ij'))
print(torch.broadcast_tensors(torch.ones(2, 1), torch.ones(3))[0].shape)
print(torch.tril_indices(3, 3))
print(torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4])))
print(torch.combinations(torch.tensor([1, 2, 3])))
print(torch.tensor([[1, 2], [3, 4]]).chunk(2))
print(torch.tensor([1, 2, 3, 4, 5]).split([2, 3]))
print(torch.tensor([[1, 2], [3, 4]]).unbind())
"""),
    ('ph_rt_more', r"""
torch.manual_seed(0)
A = torch.randn(3, 3); x = torch.randn(2, 5)
def t(f):
    try: r = f(); print(type(r).__name__); print(r)
    except Exception as e: print(type(e).__name__, e)
t(lambda: torch.lu_unpack(*torch.linalg.lu_factor(A)))
t(lambda: torch.linalg.cholesky_ex(A @ A.T + torch.eye(3)))
t(lambda: torch.linalg.lu_factor_ex(A))
t(lambda: torch.linalg.ldl_factor(A @ A.T)); t(lambda: torch.geqrf(A))
t(lambda: torch.triangular_solve(torch.ones(3, 1), A.triu()))
t(lambda: torch.linalg.eigvalsh(A @ A.T))
t(lambda: torch.max(x, 1, keepdim=True)); t(lambda: x.max(dim=-1))
t(lambda: torch.min(x, dim=0)); t(lambda: x.sort(stable=True)); t(lambda: torch.msort(x))
t(lambda: torch.cummax(x, 1)); t(lambda: torch.logcumsumexp(x, 1)); t(lambda: torch.qr(A))
t(lambda: torch.linalg.svd(A, full_matrices=False)); t(lambda: torch.nanmedian(x, 1))
t(lambda: torch.lobpcg(A @ A.T + 3 * torch.eye(3), k=1) if False else None)
t(lambda: torch.linalg.ldl_factor_ex(A @ A.T))
t(lambda: torch.slogdet(A)); t(lambda: torch.linalg.slogdet(A)[0]); r = torch.max(x, 1)
print(r[0].shape, len(r), r.values is r[0])
t(lambda: torch.aminmax(x, dim=1)); t(lambda: torch.kthvalue(x, 2)); t(lambda: torch.mode(x, 1))
t(lambda: torch.topk(x, 2, largest=False, sorted=True)); t(lambda: torch.frexp(x))
t(lambda: torch.histogramdd(torch.rand(4, 2), bins=2))
t(lambda: torch.nn.functional.max_pool1d(x.unsqueeze(0), 2, return_indices=True))
"""),
    ('ph_err_msgs', r"""
torch.manual_seed(0)
nn = torch.nn
def t(f):
    try: f()
    except Exception as e: print(type(e).__name__, e)
t(lambda: torch.randn(2, 3) @ torch.randn(4, 5)); t(lambda: nn.Linear(3, 4)(torch.randn(2, 5)))
t(lambda: torch.randn(2, 3) + torch.randn(3, 2))
t(lambda: torch.randn(2, 3).view(4)); t(lambda: nn.Conv2d(3, 8, 3)(torch.randn(1, 4, 8, 8)))
t(lambda: torch.cat([torch.zeros(2, 3), torch.zeros(3, 2)]))
t(lambda: torch.zeros(3)[5])
t(lambda: nn.CrossEntropyLoss()(torch.randn(2, 3), torch.tensor([0, 3])))
t(lambda: torch.zeros(2, requires_grad=True).numpy())
t(lambda: torch.zeros(2).backward()); t(lambda: torch.tensor([1, 2]).mean())
t(lambda: nn.Embedding(3, 2)(torch.tensor([3])))
t(lambda: torch.stack([torch.zeros(2), torch.zeros(3)]))
t(lambda: torch.randn(2, 3).reshape(-1, 4)); t(lambda: nn.BatchNorm1d(3)(torch.randn(1, 3)))
t(lambda: torch.zeros(2, 3).transpose(0, 2)); t(lambda: torch.zeros(2).item())
t(lambda: nn.MaxPool2d(2)(torch.randn(1, 1, 1, 1)))
t(lambda: nn.LSTM(3, 4)(torch.randn(2, 5, 6))); t(lambda: torch.zeros(2, 3).sum(dim=2))
t(lambda: nn.functional.mse_loss(torch.zeros(2), torch.zeros(3)))
x = torch.ones(2, requires_grad=True); y = x * 2; y.sum().backward()
t(lambda: y.sum().backward()); t(lambda: x.add_(1))
t(lambda: torch.zeros(2).long() + torch.zeros(2).bool().float().requires_grad_())
t(lambda: nn.Linear(2, 2).load_state_dict({'weight': torch.zeros(3, 2),
    'bias': torch.zeros(2)}))
t(lambda: nn.Linear(2, 2).load_state_dict({'weight': torch.zeros(2, 2)}))
t(lambda: torch.optim.SGD([], lr=0.1)); t(lambda: torch.optim.SGD(nn.Linear(1, 1).parameters()))
"""),
    ('ph_dist_reprs', r"""
torch.manual_seed(0)
D = torch.distributions
ds = [D.Normal(torch.zeros(3), torch.ones(3)), D.Normal(torch.tensor(0.5), 2.0), D.LogNormal(0.,
    1.), D.Laplace(0., 1.), D.Cauchy(0., 1.), D.HalfNormal(1.0), D.HalfCauchy(1.0),
      D.StudentT(3.0), D.Chi2(2.0), D.Gamma(2.0, 1.0), D.Beta(torch.ones(2), torch.ones(2)),
          D.Dirichlet(torch.ones(3)), D.Binomial(10, 0.3), D.Geometric(0.3),
              D.NegativeBinomial(5, 0.4),
      D.Multinomial(5, torch.tensor([0.2, 0.8])), D.OneHotCategorical(torch.tensor([0.5, 0.5])),
          D.RelaxedBernoulli(torch.tensor(0.5), probs=torch.tensor(0.3)), D.Gumbel(0., 1.),
              D.Weibull(1., 2.),
      D.Pareto(1., 2.), D.Kumaraswamy(1., 2.), D.VonMises(0., 1.), D.ContinuousBernoulli(0.3),
          D.FisherSnedecor(2., 3.), D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2,
              1), torch.ones(2)),
      D.MultivariateNormal(torch.zeros(2), scale_tril=torch.eye(2)), D.LKJCholesky(3, 0.5),
          D.Wishart(3., torch.eye(2)), D.Uniform(torch.zeros(2), torch.ones(2)),
              D.Exponential(2.0), D.Poisson(torch.tensor([1., 2.])),
      D.Categorical(probs=torch.ones(2, 3) / 3), D.Bernoulli(logits=torch.tensor([0.0, 1.0])),
          D.TransformedDistribution(D.Normal(0., 1.), [D.transforms.ExpTransform()]),
      D.MixtureSameFamily(D.Categorical(torch.ones(2)), D.Normal(torch.zeros(2),
          torch.ones(2))), D.Independent(D.Normal(torch.zeros(2, 3), 1.), 1),
              D.RelaxedOneHotCategorical(torch.tensor(0.5), probs=torch.ones(3) / 3),
      D.GeneralizedPareto(0., 1., 0.1) if hasattr(D, 'GeneralizedPareto') else D.Normal(0., 1.),
          D.InverseGamma(2., 1.) if hasattr(D, 'InverseGamma') else D.Normal(0., 1.)]
for d in ds:
    print(d)
    print(d.batch_shape, d.event_shape)
print(D.transforms.ExpTransform(), D.transforms.AffineTransform(0., 2.), D.constraints.positive,
    D.constraints.interval(0, 1), D.constraints.real, D.Normal.arg_constraints)
print(D.kl_divergence(D.Normal(0., 1.), D.Normal(1., 2.)))
"""),
    ('ph_swa', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.Linear(2, 1)
swa = torch.optim.swa_utils.AveragedModel(m); print(swa); print(swa.n_averaged)
swa.update_parameters(m); print(swa.n_averaged); print(list(swa.state_dict().keys()))
opt = torch.optim.SGD(m.parameters(), lr=0.1)
s = torch.optim.swa_utils.SWALR(opt, swa_lr=0.05, anneal_epochs=2); s.step()
print(s.get_last_lr()); print({k: v for k, v in s.state_dict().items() if k != 'anneal_func'})
ema = torch.optim.swa_utils.AveragedModel(m,
    multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(0.9))
print(ema)
"""),
    ('ph_mha_outputs', r"""
torch.manual_seed(0)
nn = torch.nn
mha = nn.MultiheadAttention(4, 2, batch_first=True)
q = torch.randn(1, 3, 4)
o, w = mha(q, q, q); print(o.shape, w.shape, o.grad_fn.name(), w.grad_fn.name())
o, w = mha(q, q, q, need_weights=False); print(w)
o, w = mha(q, q, q, average_attn_weights=False); print(w.shape)
print(mha.in_proj_weight.shape, mha.out_proj, mha.in_proj_bias.shape, mha.bias_k,
    mha._qkv_same_embed_dim)
print([n for n, _ in mha.named_parameters()])
t = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
    dim_feedforward=8, dropout=0.0, batch_first=True)
print(t.generate_square_subsequent_mask(3))
print(nn.Transformer.generate_square_subsequent_mask(2))
"""),
    ('ph_opt_state_more', r"""
torch.manual_seed(0)
nn = torch.nn
for make in [lambda p: torch.optim.Adafactor(p, lr=0.01), lambda p: torch.optim.SGD(p, lr=0.1,
    momentum=0.0), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.5, dampening=0.5),
             lambda p: torch.optim.Adam(p, lr=0.1, amsgrad=True, maximize=True),
                 lambda p: torch.optim.RMSprop(p, centered=True, momentum=0.9),
                     lambda p: torch.optim.Adagrad(p, lr_decay=0.1)]:
    m = nn.Linear(2, 1)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([[0.5, -0.25]])); m.bias.fill_(0.125)
    opt = make(m.parameters())
    for _ in range(2):
        opt.zero_grad(); (m(torch.tensor([[1.0, 2.0]])) ** 2).sum().backward(); opt.step()
    sd = opt.state_dict()
    print(type(opt).__name__, sd['state'], sd['param_groups'])
    print(m.weight, m.bias)
"""),
    ('ph_lazy_after', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.Sequential(nn.LazyLinear(3), nn.LazyBatchNorm1d(), nn.LazyConv1d(2,
    1) if False else nn.ReLU())
print(m); m(torch.randn(4, 5)); print(m); print(m[0].weight.shape)
c = nn.LazyConv2d(4, 3, padding=1); print(c); c(torch.randn(1, 2, 5, 5)); print(c)
"""),
    ('ph_compiled_module', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
cm = torch.compile(m)
print(cm); print(type(cm).__name__); print(list(cm.state_dict().keys()))
print(cm._orig_mod is m)
print([n for n, _ in cm.named_parameters()])
"""),
    ('ph_func_call', r"""
torch.manual_seed(0)
nn = torch.nn
m = nn.Linear(2, 1)
params = {k: v.detach() for k, v in m.named_parameters()}
print(torch.func.functional_call(m, params, (torch.ones(1, 2),)))
print(torch.nn.utils.stateless.functional_call(m, params, torch.ones(1,
    2)) if hasattr(torch.nn.utils, 'stateless') else None)
print(torch.func.grad(lambda p, x: torch.func.functional_call(m, p, (x,)).sum())(params,
    torch.ones(1, 2)))
"""),
    ('ph_size_ops', r"""
s = torch.Size([2, 3])
def t(f):
    try: r = f(); print(type(r).__name__, r)
    except Exception as e: print(type(e).__name__, e)
t(lambda: s * 2); t(lambda: 2 * s); t(lambda: s + (4,)); t(lambda: (1,) + s); t(lambda: s + [4])
t(lambda: s[::-1]); t(lambda: s[0]); t(lambda: s.numel()); t(lambda: list(s))
t(lambda: tuple(s)); t(lambda: s == (2, 3)); t(lambda: s == [2, 3]); t(lambda: torch.Size([]))
t(lambda: torch.Size())
t(lambda: s.index(3)); t(lambda: s.count(2)); t(lambda: hash(s) == hash((2, 3)))
t(lambda: torch.Size([-1])); t(lambda: s + torch.Size([1])); t(lambda: str(s))
t(lambda: f'{s}'); t(lambda: torch.zeros(s).shape)
t(lambda: torch.zeros(2, 3).shape[-2:]); t(lambda: [*s]); t(lambda: dict(a=s))
t(lambda: max(s)); t(lambda: torch.Size(range(3)))
"""),
    ('ph_dtype_attrs', r"""
for d in [torch.float32, torch.float64, torch.float16, torch.int8, torch.uint8, torch.int64,
    torch.bool, torch.complex64]:
    print(d, d.is_floating_point, d.is_complex, d.is_signed, d.itemsize)
print(torch.float32.to_complex(), torch.complex128.to_real())
print(torch.float == torch.float32, torch.double, torch.long, torch.int, torch.short,
    torch.cdouble, torch.half, torch.bool)
print({torch.float32, torch.float}, sorted([str(torch.int64), str(torch.float32)]))
"""),
    ('ph_sched_full_sd', r"""
nn = torch.nn
p = [nn.Parameter(torch.zeros(1))]
S = torch.optim.lr_scheduler
for mk in [lambda o: S.LambdaLR(o, lambda e: 0.5 ** e), lambda o: S.MultiplicativeLR(o,
    lambda e: 0.9), lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=5),
           lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=2), lambda o: S.CyclicLR(o, 0.01,
               0.1, mode='exp_range', gamma=0.9), lambda o: S.ReduceLROnPlateau(o),
           lambda o: S.CosineAnnealingWarmRestarts(o, 2), lambda o: S.PolynomialLR(o),
               lambda o: S.StepLR(o, 1)]:
    o = torch.optim.SGD(p, lr=0.1, momentum=0.9)
    s = mk(o)
    o.step(); s.step(0.5) if isinstance(s, S.ReduceLROnPlateau) else s.step()
    sd = s.state_dict()
    print(type(s).__name__, {k: (v if not callable(v) else 'fn') for k, v in sd.items()})
    print(o.param_groups[0].keys())
"""),
    ('ph_rnn_outputs_print', r"""
torch.manual_seed(0)
nn = torch.nn
rnn = nn.LSTM(2, 3, batch_first=True)
out, (h, c) = rnn(torch.ones(1, 2, 2))
print(out); print(h); print(c.shape)
g = nn.GRU(2, 2, bidirectional=True)
o, h = g(torch.ones(2, 1, 2)); print(o); print(h)
print(nn.RNNCell(2, 2)(torch.ones(1, 2)))
for name, p in rnn.named_parameters(): print(name, tuple(p.shape))
print(rnn.all_weights[0][0].shape, len(rnn.all_weights)); print(rnn._flat_weights_names)
"""),
    ('ph_embedding_print', r"""
torch.manual_seed(0)
nn = torch.nn
e = nn.Embedding(5, 3, padding_idx=0); print(e.weight); print(e(torch.tensor([[0, 2], [4, 0]])))
eb = nn.EmbeddingBag(5, 2, mode='sum'); print(eb(torch.tensor([1, 2, 3]), torch.tensor([0, 2])))
"""),
    ('ph_conv_output_print', r"""
torch.manual_seed(0)
nn = torch.nn
c = nn.Conv2d(1, 2, 2, bias=False); print(c.weight); x = torch.arange(9.).view(1, 1, 3, 3)
print(c(x)); print(nn.MaxPool2d(2, 1)(x)); print(nn.AvgPool2d(2, 1)(x))
print(nn.functional.unfold(x, 2)); print(nn.AdaptiveAvgPool2d(1)(x).flatten(1))
print(nn.BatchNorm2d(1)(x))
"""),
    ('ph_packed_unsorted', r"""
nn = torch.nn
seqs = [torch.tensor([1., 2.]), torch.tensor([3., 4., 5.]), torch.tensor([6.])]
p = nn.utils.rnn.pack_sequence(seqs, enforce_sorted=False); print(p)
print(nn.utils.rnn.pad_packed_sequence(p, batch_first=True, padding_value=-1.0))
print(nn.utils.rnn.pad_sequence(seqs, batch_first=True, padding_value=-1))
print(nn.utils.rnn.unpad_sequence(nn.utils.rnn.pad_sequence(seqs), torch.tensor([2, 3, 1])))
print(nn.utils.rnn.unpack_sequence(p)); print(p.is_cuda, p.to(torch.float64).data.dtype)
x = torch.zeros(3, 3, 2)
print(nn.utils.rnn.pack_padded_sequence(x, [3, 1, 2], enforce_sorted=False))
"""),
    ('ph_opt_param_groups_print', r"""
torch.manual_seed(0)
m = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(m.parameters(), lr=0.1)
print(opt.param_groups)
print(opt.state_dict()['param_groups'])
opt.zero_grad(); print(m.weight.grad); m(torch.ones(1, 2)).sum().backward()
opt.zero_grad(set_to_none=False); print(m.weight.grad)
"""),
    ('ph_po_extremes', r"""
torch.set_printoptions(threshold=0); print(torch.arange(3)); print(torch.arange(7.))
print(torch.ones(2, 7)); print(torch.tensor(5.)); print(torch.zeros(0))
torch.set_printoptions(threshold=0, edgeitems=10); print(torch.arange(25))
print(torch.arange(20))
torch.set_printoptions(profile='default', linewidth=1); print(torch.arange(4.))
print(torch.ones(2, 2, requires_grad=True) * 1)
torch.set_printoptions(profile='default', precision=12); print(torch.tensor([1/3, 2/3]))
print(torch.tensor([1/3], dtype=torch.float64)); print(torch.tensor([0.1], dtype=torch.float16))
torch.set_printoptions(profile='default', precision=1, sci_mode=True)
print(torch.tensor([123.456, 0.001])); print(torch.tensor([1+2j]))
torch.set_printoptions(profile='full', threshold=10); print(torch.arange(12))
torch.set_printoptions(edgeitems=1, threshold=1); print(torch.arange(27).reshape(3, 3, 3))
print(torch.arange(4).reshape(1, 1, 4))
"""),
    ('ph_cuda_queries', r"""
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, str(e).split(':')[0])
t(lambda: torch.cuda.is_available()); t(lambda: torch.cuda.device_count())
t(lambda: torch.cuda.get_device_name()); t(lambda: torch.cuda.memory_allocated())
t(lambda: torch.cuda.current_device()); t(lambda: torch.zeros(1).cuda())
t(lambda: torch.zeros(1).to('cuda')); t(lambda: torch.backends.cudnn.is_available())
t(lambda: torch.cuda.manual_seed(0)); t(lambda: torch.cuda.manual_seed_all(0))
t(lambda: torch.cuda.empty_cache()); t(lambda: torch.cuda.synchronize())
t(lambda: torch.backends.mps.is_available())
t(lambda: torch.device('cuda' if torch.cuda.is_available() else 'cpu'))
t(lambda: torch.cuda.is_bf16_supported())
t(lambda: torch.get_default_device())
t(lambda: torch.accelerator.is_available() if hasattr(torch, 'accelerator') else None)
"""),
    ('ph_train_loop_prints', r"""
torch.manual_seed(0)
nn = torch.nn
X = torch.randn(32, 4); y = (X.sum(1) > 0).long()
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(3):
    out = model(X); loss = nn.functional.cross_entropy(out, y)
    opt.zero_grad(); loss.backward(); opt.step()
    correct = (out.argmax(1) == y).sum(); total = y.numel()
    print(f"epoch {epoch+1} | loss {loss:.3f} | acc {correct / total:.2%}", end=' ')
    print(f"| {correct}/{total} | {correct.item()}")
    print("Accuracy:", correct / total, (correct / total * 100).round())
"""),
]
