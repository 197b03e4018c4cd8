"""Differences between ember and torch 2.13 in nn modules and nn.functional found by the
randomised differential fuzzer ``scripts/fuzz_nn.py`` (random hyperparameters, shapes and
invalid configurations run under both libraries), recorded from torch 2.13. Each case failed
on ember before its fix.

Ids start with ``nnfuzz_``.
"""

from __future__ import annotations

_SHOW = '''\
F = torch.nn.functional
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    for t in (r if isinstance(r, tuple) else (r,)):
        if isinstance(t, torch.Tensor):
            print(label, t.dtype, list(t.shape), t.tolist(),
                  type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        else:
            print(label, type(t).__name__, t)
'''


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nnfuzz_{name}", _SHOW + body


CASES = [
    # indices past include_last_offset's last offset belong to no bag (they went to bag 0)
    _case("embedding_bag_past_last_offset", """
w = torch.arange(10.).reshape(5, 2).requires_grad_()
i = torch.tensor([0, 1, 2, 3, 4, 0, 1, 2])
for offsets in ([0, 6, 7], [0, 5], [0, 5, 5], [0, 3, 8]):
    show(offsets, lambda: F.embedding_bag(i, w, torch.tensor(offsets), mode='sum',
                                          include_last_offset=True))
    show(offsets, lambda: F.embedding_bag(i, w, torch.tensor(offsets), mode='sum',
                                          include_last_offset=True,
                                          per_sample_weights=torch.arange(8.)))
"""),
    # a scale factor whose output keeps a dim's size (or doubles it): torch's 2-d nearest
    # kernel and every nearest backward copy (or halve the index) whatever the factor,
    # its 1-d and 3-d forward kernels do not; the linear kernels copy a kept dim
    _case("interpolate_kept_and_doubled_sizes", """
def grads(shape, **kw):
    x = torch.arange(float(torch.Size(shape).numel()), dtype=torch.float64).reshape(shape)
    x.requires_grad_()
    y = F.interpolate(x, **kw)
    y.backward(torch.arange(float(y.numel()), dtype=torch.float64).reshape(y.shape))
    print(kw, list(y.shape), [round(v, 9) for v in y.flatten().tolist()],
          [round(v, 9) for v in x.grad.flatten().tolist()], type(y.grad_fn).__name__)
for shape in ((1, 1, 2), (1, 1, 3), (1, 1, 2, 3), (1, 2, 1, 2, 3)):
    for sf in (1.3, 2.3, 2.7):
        grads(shape, scale_factor=sf, mode='nearest')
        grads(shape, scale_factor=sf, mode='nearest-exact')
grads((1, 1, 2), scale_factor=1.3, mode='linear')
grads((1, 2, 2, 5), scale_factor=(1.3, 1.3), mode='bilinear')
grads((1, 2, 2, 5), scale_factor=(1.3, 1.3), mode='bicubic')
grads((1, 1, 2, 5, 4), scale_factor=(1.3, 0.7, 1.3), mode='trilinear')
grads((1, 1, 2, 5), scale_factor=(1.3, 1.3), mode='bilinear', align_corners=True)
"""),
    # torch's 2-d and 3-d kernels say "... input (H: 2, W: 2) output (...)", the 1-d "and output"
    _case("interpolate_empty_output_message", """
for shape, mode in (((1, 1, 2), 'nearest'), ((1, 1, 2, 2), 'nearest'), ((1, 1, 2, 2, 2), 'nearest'),
                    ((1, 1, 2), 'linear'), ((1, 1, 2, 2), 'bilinear'), ((1, 1, 2, 2), 'bicubic'),
                    ((1, 1, 2, 2, 2), 'trilinear'), ((1, 1, 2, 2, 2), 'nearest-exact')):
    show(mode, lambda: F.interpolate(torch.ones(shape), scale_factor=0.4, mode=mode))
"""),
    # EmbeddingBag's padding_idx message is lower-case, F.embedding_bag's is the kernel's;
    # with max_norm the renorm meets float or out-of-range indices before the kernel does;
    # float offsets promote the indices to float
    _case("embedding_bag_messages", """
w = torch.ones(5, 2)
show('bag', lambda: torch.nn.EmbeddingBag(5, 2, padding_idx=5))
show('bag', lambda: torch.nn.EmbeddingBag(5, 2, padding_idx=-6))
show('bag', lambda: torch.nn.EmbeddingBag.from_pretrained(w, padding_idx=5))
show('emb', lambda: torch.nn.Embedding(5, 2, padding_idx=5))
show('F.bag', lambda: F.embedding_bag(torch.tensor([[1]]), w, padding_idx=5))
show('F.bag', lambda: F.embedding_bag(torch.tensor([[1]]), w, padding_idx=-6))
show('F.emb', lambda: F.embedding(torch.tensor([[1]]), w, padding_idx=5))
show('renorm', lambda: F.embedding_bag(torch.tensor([1., 2.]), w, torch.tensor([0]), max_norm=1.0))
show('renorm', lambda: F.embedding_bag(torch.tensor([[1., 2.]]), w, max_norm=1.0))
show('renorm', lambda: F.embedding(torch.tensor([1., 2.]), w, max_norm=1.0))
show('plain', lambda: F.embedding(torch.tensor([1., 2.]), w))
show('offsets', lambda: F.embedding_bag(torch.tensor([1, 2]), w, torch.tensor([0.]), max_norm=1.0))
show('range', lambda: F.embedding_bag(torch.tensor([1, 7]), w, torch.tensor([0]), max_norm=1.0))
show('range', lambda: F.embedding(torch.tensor([1, 7]), w, max_norm=1.0))
show('int32', lambda: F.embedding_bag(torch.tensor([1, 2], dtype=torch.int32), w, torch.tensor([0]),
                                      max_norm=1.0))
"""),
    # an int input: torch's transposed convolutions and padding="same"/"valid" check the
    # weight's dtype before the bias's
    _case("conv_int_input_message", """
import warnings
warnings.simplefilter('ignore')
torch.manual_seed(0)
nn = torch.nn
x1 = torch.ones(1, 2, 5, dtype=torch.int64)
x2 = torch.ones(1, 2, 5, 5, dtype=torch.int64)
x3 = torch.ones(1, 2, 4, 4, 4, dtype=torch.int64)
show('conv1d', lambda: nn.Conv1d(2, 2, 2)(x1))
show('conv1d no bias', lambda: nn.Conv1d(2, 2, 2, bias=False)(x1))
show('same', lambda: nn.Conv1d(2, 2, 2, padding='same')(x1))
show('same3', lambda: nn.Conv1d(2, 2, 3, padding='same')(x1))
show('valid', lambda: nn.Conv2d(2, 2, 3, padding='valid')(x2))
show('double same', lambda: nn.Conv1d(2, 2, 3, padding='same')(x1.double()))
show('reflect', lambda: nn.Conv1d(2, 2, 2, padding=1, padding_mode='reflect')(x1))
show('t1', lambda: nn.ConvTranspose1d(2, 2, 2)(x1))
show('t2', lambda: nn.ConvTranspose2d(2, 2, 2, stride=2)(x2))
show('t3', lambda: nn.ConvTranspose3d(2, 1, 3, stride=2, padding=1, output_padding=1)(x3))
show('t2 unbatched', lambda: nn.ConvTranspose2d(2, 2, 2)(x2[0]))
show('t1 double', lambda: nn.ConvTranspose1d(2, 2, 2)(x1.double()))
"""),
    # the order of torch's convolution checks: a plain one refuses a bias of another dtype
    # before any shape; a transposed one whose padding leaves no output says so
    _case("conv_check_order", """
xi = torch.ones(1, 2, 3, dtype=torch.int64)
w = torch.ones(2, 2, 5)
b = torch.ones(2)
show('kernel', lambda: F.conv1d(xi, w, b))
show('kernel no bias', lambda: F.conv1d(xi, w))
show('channels', lambda: F.conv1d(xi, torch.ones(2, 3, 1), b))
show('bias shape', lambda: F.conv1d(xi, torch.ones(2, 2, 1), torch.ones(3)))
show('groups', lambda: F.conv1d(xi, torch.ones(3, 2, 1), torch.ones(3), groups=2))
show('double', lambda: F.conv1d(xi.double(), w, b))
show('valid', lambda: F.conv1d(xi, w, b, padding='valid'))
x = torch.ones(1, 2, 3)
show('t1', lambda: F.conv_transpose1d(x, torch.ones(2, 2, 1), padding=2))
show('t1 ok', lambda: F.conv_transpose1d(x, torch.ones(2, 2, 1), padding=1))
show('t1 int', lambda: F.conv_transpose1d(xi, w, b, padding=4))
show('t1 unbatched', lambda: F.conv_transpose1d(x[0], torch.ones(2, 2, 1), padding=2))
show('t1 output_padding', lambda: F.conv_transpose1d(x, torch.ones(2, 2, 1), padding=4,
                                                     output_padding=3, stride=2))
show('t2', lambda: F.conv_transpose2d(torch.ones(1, 2, 3, 3), torch.ones(2, 2, 1, 1),
                                      padding=(1, 2)))
show('t3', lambda: torch.nn.ConvTranspose3d(1, 1, 1, dilation=2, padding=1, bias=False)(
    torch.ones(1, 1, 4, 4, 2)))
"""),
    # group_norm refuses one value per group (torch's Python check, in eval mode too) and
    # takes an empty batch
    _case("group_norm_one_value_per_group", """
for shape, groups in (((1, 1), 1), ((1, 1, 1), 1), ((1, 2), 2), ((1, 2), 1), ((1, 4, 1), 2),
                      ((2, 2), 2), ((1, 0), 1), ((1, 3, 1, 1), 3), ((1, 5), 2), ((1, 1), 2)):
    show(shape, lambda: F.group_norm(torch.ones(shape), groups).shape)
show('module eval', lambda: torch.nn.GroupNorm(1, 1).eval()(torch.ones(1, 1, 1)))
x = torch.ones(0, 2, 3, requires_grad=True)
w = torch.ones(2, requires_grad=True)
y = F.group_norm(x, 1, w)
y.sum().backward()
print(y.shape, type(y.grad_fn).__name__, x.grad.shape, w.grad)
"""),
    # negative pads that crop too much: each mode's own message (constant: the narrow that
    # crops; 2-d and 3-d reflect/replicate accept an empty output and refuse a negative size
    # when allocating; circular names the empty dimension), and empty results
    _case("pad_negative_crop", """
for mode in ('constant', 'reflect', 'replicate', 'circular'):
    for shape, pad in (((2, 4, 2, 1, 1), (-1, -1)), ((2, 4, 1, 3), (1, 1, -1, -1, -1, 1)),
                       ((2, 2, 1), (-1, -1, -1, 2)), ((1, 2, 3), (-2, -1)),
                       ((1, 2, 3), (-3, 0)), ((1, 2, 3), (-4, 1)), ((1, 2, 3), (-1, -1)),
                       ((1, 2, 3, 3), (-2, -1, 0, 0)), ((1, 2, 3, 3), (0, 0, -3, 0)),
                       ((1, 1, 2, 2, 2), (-1, -1, 0, 0, 0, 0)), ((1, 2, 3), (-1, 3))):
        show((mode, shape, pad), lambda: F.pad(torch.ones(shape), pad, mode=mode).shape)
x = torch.ones(1, 2, 3, 3, requires_grad=True)
y = F.pad(x, (-2, -1, 0, 0), mode='reflect')
y.sum().backward()
print(y.shape, type(y.grad_fn).__name__, x.grad.sum())
"""),
    # max_pool1d with return_indices runs the 2-d kernel, whose message it shows
    _case("max_pool1d_indices_too_small", """
x = torch.ones(2, 2, 2)
show('plain', lambda: F.max_pool1d(x, 3))
show('indices', lambda: F.max_pool1d(x, 3, return_indices=True))
show('indices unbatched', lambda: F.max_pool1d(x[0], 3, return_indices=True))
show('module', lambda: torch.nn.MaxPool1d(2, dilation=2, return_indices=True)(x))
"""),
    # channel_shuffle records one ChannelShuffleBackward0 node (its gradient is a shuffle too)
    _case("channel_shuffle_node", """
x = torch.arange(12.).reshape(1, 6, 2).requires_grad_()
y = F.channel_shuffle(x, 3)
show('F', lambda: y)
g, = torch.autograd.grad((y * y).sum(), x, create_graph=True)
print(type(g.grad_fn).__name__, [type(f).__name__ for f, _ in g.grad_fn.next_functions], g.tolist())
show('module', lambda: torch.nn.ChannelShuffle(2)(x))
show('torch', lambda: torch.channel_shuffle(x, 2))
show('int', lambda: F.channel_shuffle(torch.arange(8).reshape(1, 4, 2), 2))
"""),
    # the margin losses are torch's kernels: one node whatever the reduction, whose gradient
    # torch does not differentiate; a target written in place spoils the backward
    _case("margin_loss_kernels", """
x0 = torch.linspace(-1.5, 2, 12, dtype=torch.float64).reshape(3, 4)
y = torch.tensor([0, 2, 3])
t = torch.tensor([[0, 2, -1, 1], [3, -1, 0, 0], [1, 2, 3, 0]])
w = torch.tensor([0.5, 1.5, 2.0, 0.25], dtype=torch.float64)
def run(label, f, x):
    x = x.clone().requires_grad_()
    loss = f(x)
    g, = torch.autograd.grad(loss.sum(), x, create_graph=True)
    print(label, type(loss.grad_fn).__name__, [round(v, 10) for v in loss.reshape(-1).tolist()],
          [round(v, 10) for v in g.reshape(-1).tolist()], type(g.grad_fn).__name__)
    show(label, lambda: g.sum().backward())
for red in ('none', 'mean', 'sum'):
    run(('mm', red), lambda x: F.multi_margin_loss(x, y, p=2, margin=0.7, weight=w,
                                                   reduction=red), x0)
    run(('mm 1d', red), lambda x: F.multi_margin_loss(x, y[1], reduction=red), x0[0])
    run(('ml', red), lambda x: F.multilabel_margin_loss(x, t, reduction=red), x0)
    run(('ml 1d', red), lambda x: F.multilabel_margin_loss(x, t[1], reduction=red), x0[0])
run('module', lambda x: torch.nn.MultiMarginLoss()(x, y), x0)
run('module', lambda x: torch.nn.MultiLabelMarginLoss()(x, t), x0)
x = x0.float().requires_grad_()
print(F.multi_margin_loss(x, y).item(), F.multilabel_margin_loss(x, t).item())
x = x0.clone().requires_grad_()
target = t.clone()
loss = F.multilabel_margin_loss(x, target)
target[0, 0] = 1
show('written target', lambda: loss.backward())
"""),
    # embedding_bag's scale_grad_by_freq (NotImplementedError before): torch 2.13's CPU
    # kernel divides the k-th distinct index by the count at position k of the sorted
    # indices (pytorch/pytorch#190063); max mode refuses it; torch's order of checks
    _case("embedding_bag_scale_grad_by_freq", """
w = torch.ones(4, 1, requires_grad=True)
i = torch.tensor([0, 1, 1, 2, 2, 2, 3])
for mode in ('sum', 'mean'):
    r = F.embedding_bag(i, w, torch.tensor([0, 3]), mode=mode, scale_grad_by_freq=True)
    r.backward(torch.tensor([[1.], [10.]]))
    print(mode, w.grad.flatten().tolist())
    w.grad = None
w = torch.linspace(-1, 1, 10).reshape(5, 2).requires_grad_()
p = torch.tensor([0.5, -1.0, 2.0, 1.5, 0.25, 3.0], requires_grad=True)
bag = torch.nn.EmbeddingBag.from_pretrained(w.detach(), freeze=False, mode='sum',
                                            scale_grad_by_freq=True, padding_idx=3)
r = bag(torch.tensor([4, 3, 1, 4, 0, 3]), torch.tensor([0, 2]), per_sample_weights=p)
r.backward(torch.tensor([[1., 2.], [3., -1.]]))
print(bag.weight.grad.tolist(), p.grad.tolist())
w = torch.ones(4, 2)
i2 = torch.tensor([[1, 2]])
show('max', lambda: F.embedding_bag(i2, w, mode='max', scale_grad_by_freq=True))
show('module max', lambda: torch.nn.EmbeddingBag(4, 2, mode='max', scale_grad_by_freq=True)(i2))
show('offsets first', lambda: F.embedding_bag(i2, w, torch.tensor([0]), mode='bad'))
show('mode before dtype', lambda: F.embedding_bag(i2, w.long(), mode='bad'))
show('max psw', lambda: F.embedding_bag(i2, w, mode='max', scale_grad_by_freq=True,
                                        per_sample_weights=torch.ones(1, 2)))
show('psw shape', lambda: F.embedding_bag(i2, w, mode='mean', per_sample_weights=torch.ones(1, 3)))
show('max padding', lambda: F.embedding_bag(i2, w, mode='max', scale_grad_by_freq=True,
                                            padding_idx=9))
"""),
    # 4-d attention runs torch's CPU flash kernel: one node, an undifferentiated gradient,
    # a mask and is_causal together; the math path elsewhere
    _case("sdpa_flash_kernel", """
q = torch.linspace(-1, 1, 12, dtype=torch.float64).reshape(1, 2, 2, 3).requires_grad_()
k = torch.linspace(-2, 1, 18, dtype=torch.float64).reshape(1, 2, 3, 3)
v = torch.linspace(0, 3, 18, dtype=torch.float64).reshape(1, 2, 3, 3).requires_grad_()
m = torch.tensor([[True, False, True], [False, False, False]])
for label, f in (
        ('plain', lambda: F.scaled_dot_product_attention(q, k, v)),
        ('bool mask', lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=m)),
        ('causal and mask', lambda: F.scaled_dot_product_attention(
            q, k, v, attn_mask=m.double(), is_causal=True)),
        ('3-d causal and mask', lambda: F.scaled_dot_product_attention(
            q[0], k[0], v[0], attn_mask=m, is_causal=True)),
        ('3-d', lambda: F.scaled_dot_product_attention(q[0], k[0], v[0])),
        ('gqa', lambda: F.scaled_dot_product_attention(q, k[:, :1], v[:, :1], enable_gqa=True)),
        ('batch broadcast', lambda: F.scaled_dot_product_attention(q.expand(2, 2, 2, 3), k, v)),
        ('scale', lambda: F.scaled_dot_product_attention(q, k, v, scale=0.3))):
    try:
        o = f()
    except Exception as e:
        print(label, type(e).__name__, e)
        continue
    g = torch.autograd.grad(o.sum(), (q, v), create_graph=True)
    print(label, type(o.grad_fn).__name__, [round(x, 8) for x in o.flatten().tolist()],
          [type(x.grad_fn).__name__ for x in g], [round(x, 8) for x in g[0].flatten().tolist()])
    show('double', lambda: g[1].sum().backward())
o = F.scaled_dot_product_attention(q, k, v)
o.mul_(2)
show('output written', lambda: o.sum().backward())
"""),
    # kl_div refuses an integral (or bool) tensor on either side, not only both
    _case("kl_div_integral_side", """
import warnings
warnings.simplefilter('ignore')
x = torch.linspace(-1, 1, 3)
for label, f in (('long target', lambda: F.kl_div(x, torch.tensor([1, 2, 3]), log_target=True)),
                 ('long target plain', lambda: F.kl_div(x, torch.tensor([1, 2, 3]))),
                 ('long input', lambda: F.kl_div(torch.tensor([1, 2, 3]), x)),
                 ('both long', lambda: F.kl_div(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 3]))),
                 ('bool target', lambda: F.kl_div(x, torch.tensor([True, False, True]))),
                 ('double target', lambda: F.kl_div(x, x.double().abs(), reduction='sum')),
                 ('module', lambda: torch.nn.KLDivLoss(reduction='none')(
                     x, torch.tensor([1, 2, 3])))):
    show(label, f)
"""),
    # instance_norm's running statistics of the wrong size: the batch norm's message for the
    # (1, N C, *) view it normalises (ember failed to reshape)
    _case("instance_norm_running_size", """
import warnings
warnings.simplefilter('ignore')
x = torch.linspace(-1, 1, 24).reshape(3, 2, 4)
show('module', lambda: torch.nn.InstanceNorm1d(1, track_running_stats=True)(x))
show('mean', lambda: F.instance_norm(x, torch.zeros(3), torch.ones(3)))
show('var', lambda: F.instance_norm(x, torch.zeros(2), torch.ones(3)))
show('var only', lambda: F.instance_norm(x, None, torch.ones(3)))
"""),
    # fold whose negative block counts multiply to the input's: torch's non-positive message
    _case("fold_negative_blocks", """
show('negative', lambda: F.fold(torch.ones(1, 18, 2), (3, 2), 3, dilation=2))
show('count', lambda: F.fold(torch.ones(1, 18, 1), (3, 2), 3, dilation=2))
show('zero', lambda: F.fold(torch.ones(1, 18, 2), (5, 2), 3))
show('unbatched', lambda: F.fold(torch.ones(18, 2), (3, 2), 3, dilation=2))
"""),
    # interpolate(..., antialias=True) for bilinear and bicubic (NotImplementedError before)
    _case("interpolate_antialias", """
x = torch.linspace(-2, 3, 40, dtype=torch.float64).reshape(1, 2, 5, 4).sin().requires_grad_()
for mode in ('bilinear', 'bicubic'):
    for kw in (dict(size=(2, 3)), dict(size=(7, 9)), dict(scale_factor=0.6),
               dict(size=(3, 2), align_corners=True), dict(scale_factor=(1.5, 0.5))):
        y = F.interpolate(x, mode=mode, antialias=True, **kw)
        g, = torch.autograd.grad(y, x, torch.ones_like(y).cumsum(-1))
        print(mode, kw, list(y.shape), type(y.grad_fn).__name__,
              [round(v, 9) for v in y.flatten().tolist()],
              [round(v, 9) for v in g.flatten().tolist()])
show('3-d', lambda: F.interpolate(x[0], size=3, mode='bilinear', antialias=True))
show('nearest', lambda: F.interpolate(x, size=3, mode='nearest', antialias=True))
"""),
    # interpolate's "area" with an empty output: adaptive pooling gives it, its backward
    # refuses it (ember refused in the forward)
    _case("area_empty_output", """
for shape, sf in (((2, 2, 1), 0.5), ((1, 1, 1, 2, 5), (0.7, 0.7, 0.7)), ((2, 1, 1, 1), (2.0, 0.7))):
    x = torch.ones(shape, requires_grad=True)
    y = F.interpolate(x, scale_factor=sf, mode='area')
    print(list(y.shape), type(y.grad_fn).__name__)
    show('backward', lambda: y.sum().backward())
y = F.adaptive_avg_pool2d(torch.ones(2, 1, 1, 1, requires_grad=True), (0, 1))
show('adaptive', lambda: y.sum().backward())
"""),
]
