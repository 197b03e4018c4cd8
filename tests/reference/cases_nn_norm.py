"""Normalisation, embedding, padding and resampling cases, recorded from torch 2.13.

Functional cases record each result and its gradients (with respect to the input and the
affine parameters or table) as one flat `result`, and print the dtype, shape and grad_fn
name. Module cases pin reprs, parameters and buffers, running statistics after several
training steps (momentum, cumulative average, num_batches_tracked), evaluation with running
statistics, in-place max_norm renormalisation, second derivatives, and torch's errors.

Inputs are deterministic expressions (sines of an arange), so torch and ember start from
the same numbers without sharing a random generator. Ids start with ``norm_``.
"""

from __future__ import annotations

_PRELUDE = '''\
F = torch.nn.functional
nn = torch.nn
def values(*shape, scale=2.0, offset=0.1, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    base = torch.arange(float(n), dtype=torch.float64) * 0.737 + offset
    return (base.sin() * scale).to(dtype).reshape(shape)
def report(out, inputs):
    print(out.dtype, tuple(out.shape), type(out.grad_fn).__name__)
    weights = torch.linspace(0.5, 1.5, out.numel(), dtype=out.dtype).reshape(out.shape)
    grads = torch.autograd.grad(out, inputs, weights, allow_unused=True)
    return [out.detach().reshape(-1)] + [g.reshape(-1) for g in grads if g is not None]
parts = []
'''

_END = "result = torch.cat(parts)\n"


def _case(body: str) -> str:
    return _PRELUDE + body + _END


# ---------------------------------------------------------------------- functional forms
_FUNCTIONAL = {
    "batch_norm_train": """\
x = values(4, 3, 2, 2).requires_grad_(); w = values(3, offset=1.0).requires_grad_()
b = values(3, offset=2.0).requires_grad_()
rm, rv = torch.zeros(3), torch.ones(3)
parts += report(F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.2), [x, w, b])
parts += [rm, rv]
""",
    "batch_norm_train_1d": """\
x = values(5, 3).requires_grad_()
parts += report(F.batch_norm(x, None, None, training=True), [x])
""",
    "batch_norm_train_3d_float64": """\
x = values(2, 3, 4, dtype=torch.float64).requires_grad_()
w = values(3, offset=1.0, dtype=torch.float64).requires_grad_()
parts += report(F.batch_norm(x, None, None, w, None, True, 0.1, 1e-3), [x, w])
""",
    "batch_norm_eval": """\
x = values(4, 3, 5).requires_grad_(); w = values(3, offset=1.0).requires_grad_()
b = values(3, offset=2.0).requires_grad_()
rm, rv = values(3, offset=0.5), values(3, offset=0.7).abs() + 0.5
parts += report(F.batch_norm(x, rm, rv, w, b, training=False), [x, w, b])
""",
    "layer_norm": """\
x = values(3, 2, 4).requires_grad_(); w = values(2, 4, offset=1.0).requires_grad_()
b = values(2, 4, offset=2.0).requires_grad_()
parts += report(F.layer_norm(x, (2, 4), w, b), [x, w, b])
parts += report(F.layer_norm(x, [4], eps=1e-2), [x])
parts += report(F.layer_norm(x, (4,), None, values(4, offset=3.0)), [x])
""",
    "half_precision": """\
x = values(4, 3, 2, dtype=torch.float16).requires_grad_() + 4
# (batch norm's float16 results differ from torch's by up to one float16 ulp of the
# output's scale: torch rounds an intermediate to half that ember keeps in float32)
print(F.batch_norm(x, None, None, training=True).dtype)
for out in (F.layer_norm(x, (2,)), F.group_norm(x, 3)):
    print(out.dtype, type(out.grad_fn).__name__)
    parts += [out.detach().reshape(-1).float()]
""",
    "rms_norm": """\
x = values(3, 2, 4).requires_grad_(); w = values(2, 4, offset=1.0).requires_grad_()
parts += report(F.rms_norm(x, (2, 4), w), [x, w])
parts += report(F.rms_norm(x, [4], eps=1e-2), [x])
parts += report(nn.RMSNorm(4)(x), [x])
parts += report(F.rms_norm(x.double(), (4,)).float(), [x])
""",
    "group_norm": """\
x = values(2, 6, 3).requires_grad_(); w = values(6, offset=1.0).requires_grad_()
b = values(6, offset=2.0).requires_grad_()
parts += report(F.group_norm(x, 3, w, b), [x, w, b])
parts += report(F.group_norm(x, 6, w, b, eps=1e-3), [x, w, b])
parts += report(F.group_norm(values(2, 4, 2, 2).requires_grad_(), 2), [])
""",
    "instance_norm": """\
x = values(2, 3, 4).requires_grad_(); w = values(3, offset=1.0).requires_grad_()
b = values(3, offset=2.0).requires_grad_()
rm, rv = torch.zeros(3), torch.ones(3)
out = F.instance_norm(x, rm, rv, w, b, use_input_stats=True, momentum=0.3)
print(type(out.grad_fn.next_functions[0][0]).__name__)
parts += report(out, [x, w, b])
parts += [rm, rv]
parts += report(F.instance_norm(x, rm, rv, w, b, use_input_stats=False), [x, w, b])
""",
    "local_response_norm": """\
x = values(2, 5, 3).requires_grad_()
parts += report(F.local_response_norm(x, 3, alpha=0.5, beta=0.6, k=2.0), [x])
y = values(2, 4, 2, 3).requires_grad_()
parts += report(F.local_response_norm(y, 2, alpha=0.2), [y])
""",
    "normalize": """\
x = values(3, 4).requires_grad_()
parts += report(F.normalize(x), [x])
parts += report(F.normalize(x, p=1.0, dim=0), [x])
parts += report(F.normalize(torch.zeros(2, 3, requires_grad=True) + x[:2, :3] * 0), [])
""",
    "embedding": """\
w = values(6, 3).requires_grad_()
i = torch.tensor([[1, 2, 1], [0, 5, 1]])
parts += report(F.embedding(i, w), [w])
parts += report(F.embedding(i, w, padding_idx=1), [w])
parts += report(F.embedding(i, w, padding_idx=-1, scale_grad_by_freq=True), [w])
parts += report(F.embedding(torch.tensor(4, dtype=torch.int32), w), [w])
""",
    "embedding_max_norm": """\
w = values(6, 3) * 3
before = w.clone()
out = F.embedding(torch.tensor([0, 2, 2, 4]), w, max_norm=1.5)
print(out.grad_fn, w._version)
parts += [w.reshape(-1), out.reshape(-1)]
w2 = values(6, 3) * 3
F.embedding(torch.tensor([1, 3]), w2, max_norm=2.0, norm_type=1.0)
parts += [w2.reshape(-1)]
""",
    "embedding_bag": """\
w = values(6, 2).requires_grad_()
i = torch.tensor([1, 2, 4, 5, 4, 3]); o = torch.tensor([0, 2, 2, 5])
for mode in ('sum', 'mean', 'max'):
    parts += report(F.embedding_bag(i, w, o, mode=mode), [w])
    parts += report(F.embedding_bag(i, w, o, mode=mode, padding_idx=4), [w])
psw = values(6, offset=1.0).requires_grad_()
parts += report(F.embedding_bag(i, w, o, mode='sum', per_sample_weights=psw), [w, psw])
parts += report(F.embedding_bag(i.reshape(2, 3), w), [w])
parts += report(F.embedding_bag(i, w, torch.tensor([0, 2, 6]), mode='sum',
                                include_last_offset=True), [w])
""",
    "pad_constant": """\
x = values(2, 3, 4).requires_grad_()
parts += report(F.pad(x, (1, 2)), [x])
parts += report(F.pad(x, (1, 0, 2, 1), value=1.5), [x])
parts += report(F.pad(x, (-1, 2, 1, -1, 0, 1)), [x])
parts += report(F.pad(x, []), [x])
""",
    "pad_reflect_replicate": """\
x = values(1, 2, 3, 4).requires_grad_()
for mode in ('reflect', 'replicate'):
    parts += report(F.pad(x, (1, 3, 2, 1), mode=mode), [x])
    parts += report(F.pad(x[0], (2, 1), mode=mode), [x])
    parts += report(F.pad(x, (-1, 2), mode=mode), [x])
    parts += report(F.pad(values(1, 1, 2, 3, 3).requires_grad_(), (1, 2, 1, 1, 1, 1),
                          mode=mode), [])
""",
    "pad_circular": """\
x = values(1, 2, 3, 4).requires_grad_()
parts += report(F.pad(x, (1, 3, 2, 1), mode='circular'), [x])
parts += report(F.pad(x[0], (-1, 2), mode='circular'), [x])
parts += report(F.pad(values(1, 1, 2, 3, 3).requires_grad_(), (1, 2, 1, 1, 1, 1),
                      mode='circular'), [])
""",
    "interpolate_nearest": """\
x = values(1, 2, 3, 4).requires_grad_()
parts += report(F.interpolate(x, scale_factor=2), [x])
parts += report(F.interpolate(x, size=(5, 7)), [x])
parts += report(F.interpolate(x, scale_factor=1.7), [x])
parts += report(F.interpolate(x, scale_factor=1.7, recompute_scale_factor=True), [x])
parts += report(F.interpolate(x, size=(2, 3), mode='nearest-exact'), [x])
parts += report(F.interpolate(x[0], scale_factor=0.6), [x])
parts += report(F.interpolate(values(1, 1, 2, 2, 3).requires_grad_(), size=(3, 4, 2)), [])
""",
    "interpolate_linear": """\
x = values(1, 2, 3, 4).requires_grad_()
parts += report(F.interpolate(x, scale_factor=2, mode='bilinear'), [x])
parts += report(F.interpolate(x, size=(5, 7), mode='bilinear', align_corners=True), [x])
parts += report(F.interpolate(x, scale_factor=1.3, mode='bilinear'), [x])
parts += report(F.interpolate(x, size=(2, 3), mode='bilinear'), [x])
parts += report(F.interpolate(x[0], scale_factor=2.5, mode='linear'), [x])
parts += report(F.interpolate(x[0], size=1, mode='linear', align_corners=True), [x])
parts += report(F.interpolate(values(1, 1, 2, 2, 3).requires_grad_(), size=(3, 4, 2),
                              mode='trilinear'), [])
parts += report(F.interpolate(x.double(), scale_factor=1.5, mode='bilinear'), [x])
parts += report(F.interpolate(x, scale_factor=2, mode='bicubic'), [x])
parts += report(F.interpolate(x, size=(5, 3), mode='bicubic', align_corners=True), [x])
parts += report(F.interpolate(x, size=(2, 2), mode='area'), [x])
""",
    "pixel_shuffle": """\
x = values(2, 8, 2, 3).requires_grad_()
parts += report(F.pixel_shuffle(x, 2), [x])
parts += report(F.pixel_unshuffle(values(1, 2, 4, 6).requires_grad_(), 2), [])
parts += report(nn.PixelShuffle(2)(x[0]), [x])
""",
}


# Second derivatives, with the grad_fn names of the gradients taken with create_graph.
_SECOND_ORDER = {
    "batch_norm": "F.batch_norm(x, None, None, w, b, training=True)",
    "batch_norm_eval": "F.batch_norm(x, b.detach(), w.detach() ** 2, w, b)",
    "layer_norm": "F.layer_norm(x, (2,), w[:2], b[:2])",
    "group_norm": "F.group_norm(x, 3, w, b)",
    "embedding": "F.embedding(torch.tensor([[0, 2], [1, 0]]), x.reshape(6, 2))",
    "pad_reflect": "F.pad(x, (1, 1), mode='reflect') ** 2",
    "pad_constant": "F.pad(x, (1, 1, 0, 1)) ** 2",
    "bilinear": "F.interpolate(x, scale_factor=2, mode='bilinear') ** 2",
    "nearest": "F.interpolate(x, size=(3, 5)) ** 2",
    "bicubic": "F.interpolate(x, size=(3, 5), mode='bicubic') ** 2",
}


def _second_order_case(call: str, names: bool = True) -> str:
    return _case(f"""\
x = values(2, 3, 2, dtype=torch.float64).requires_grad_()
w = values(3, offset=1.0, dtype=torch.float64).requires_grad_()
b = values(3, offset=2.0, dtype=torch.float64).requires_grad_()
if {call!r}.startswith('F.interpolate') or 'x, (1, 1, 0, 1)' in {call!r}:
    x = values(1, 1, 2, 3, dtype=torch.float64).requires_grad_()
out = {call}
v = torch.linspace(-1.0, 1.0, out.numel(), dtype=out.dtype).reshape(out.shape)
grads = torch.autograd.grad(out, [x, w, b], v, create_graph=True, allow_unused=True)
used = [g for g in grads if g is not None]
if {names!r}:
    print([type(g.grad_fn).__name__ for g in used])
total = sum((g * g).sum() for g in used)
second = torch.autograd.grad(total, [x, w, b], allow_unused=True)
parts += [g.reshape(-1) for g in used] + [g.reshape(-1) for g in second if g is not None]
""")


# ---------------------------------------------------------------------- modules
_REPRS = [
    "nn.BatchNorm1d(3)", "nn.BatchNorm2d(3, momentum=None, affine=False)",
    "nn.BatchNorm3d(4, track_running_stats=False)", "nn.BatchNorm2d(5, eps=1e-3, bias=False)",
    "nn.LazyBatchNorm1d()", "nn.LazyBatchNorm2d(affine=False)", "nn.LayerNorm(4)",
    "nn.LayerNorm((3, 4), elementwise_affine=False)", "nn.LayerNorm([4], bias=False)",
    "nn.GroupNorm(2, 4)", "nn.GroupNorm(2, 4, affine=False)", "nn.RMSNorm(4)",
    "nn.RMSNorm([3, 4], eps=1e-3, elementwise_affine=False)", "nn.InstanceNorm1d(3)",
    "nn.InstanceNorm2d(3, affine=True, track_running_stats=True)", "nn.InstanceNorm3d(2)",
    "nn.LazyInstanceNorm2d()", "nn.LocalResponseNorm(2)",
    "nn.LocalResponseNorm(3, alpha=0.1, beta=0.5, k=2)", "nn.Embedding(5, 3)",
    "nn.Embedding(5, 3, padding_idx=0, max_norm=1.0)",
    "nn.Embedding(5, 3, padding_idx=-1, max_norm=1.0, norm_type=3., "
    "scale_grad_by_freq=True, sparse=True)",
    "nn.EmbeddingBag(5, 3)", "nn.EmbeddingBag(5, 3, mode='sum', padding_idx=1)",
    "nn.EmbeddingBag(5, 3, max_norm=2.0, norm_type=1.0, mode='max')",
    "nn.ZeroPad1d(2)", "nn.ZeroPad2d((1, 2, 3, 4))", "nn.ZeroPad3d(1)",
    "nn.ConstantPad1d(2, 3.5)", "nn.ConstantPad2d(1, 0.)", "nn.ConstantPad3d(1, 2)",
    "nn.ReflectionPad1d(2)", "nn.ReflectionPad2d((1, 0, 1, 0))", "nn.ReflectionPad3d(1)",
    "nn.ReplicationPad1d(1)", "nn.ReplicationPad2d(2)", "nn.ReplicationPad3d(1)",
    "nn.CircularPad1d(1)", "nn.CircularPad2d((1, 2, 0, 1))", "nn.CircularPad3d(1)",
    "nn.Upsample(scale_factor=2)", "nn.Upsample(size=4, mode='bilinear', align_corners=True)",
    "nn.Upsample(scale_factor=(2, 3))", "nn.Upsample(size=(2, 3), mode='nearest')",
    "nn.UpsamplingNearest2d(scale_factor=2)", "nn.UpsamplingBilinear2d(size=(3, 4))",
    "nn.PixelShuffle(2)", "nn.PixelUnshuffle(3)",
]


def _repr_case(spec: str) -> str:
    return (f"nn = torch.nn\nm = {spec}\nprint(m)\n"
            "print([(k, None if type(v).__name__.startswith('Uninitialized') else tuple(v.shape), "
            "str(v.dtype)) for k, v in m.state_dict().items()])\n"
            "print([(k, v.requires_grad) for k, v in m.named_parameters()])\n")


_MODULE_CASES = {
    "batch_norm_training_steps": """\
torch.manual_seed(0)
for momentum in (0.1, None, 0.5):
    bn = nn.BatchNorm2d(3, momentum=momentum)
    with torch.no_grad():
        bn.weight.copy_(values(3, offset=1.0)); bn.bias.copy_(values(3, offset=2.0))
    for step in range(3):
        x = values(4, 3, 2, 2, offset=0.3 * step) + step
        out = bn(x)
    print(bn.num_batches_tracked, bn.num_batches_tracked.dtype)
    parts += [bn.running_mean, bn.running_var, out.reshape(-1)]
    bn.eval()
    parts += [bn(values(2, 3, 2, 2, offset=5.0)).reshape(-1)]
""",
    "batch_norm_1d_steps_and_grads": """\
bn = nn.BatchNorm1d(3)
x = values(5, 3).requires_grad_()
for _ in range(2):
    out = bn(x)
parts += report(out, [x, bn.weight, bn.bias])
parts += [bn.running_mean, bn.running_var]
bn2 = nn.BatchNorm1d(3, affine=False)
y = values(4, 3, 2).requires_grad_()
parts += report(bn2(y), [y])
bn2.eval()
parts += report(bn2(y), [y])
""",
    "batch_norm_untracked_eval": """\
bn = nn.BatchNorm2d(3, track_running_stats=False)
print(bn.running_mean, bn.num_batches_tracked)
bn.eval()
x = values(2, 3, 2, 2).requires_grad_()
parts += report(bn(x), [x])
""",
    "batch_norm_state_dict": """\
bn = nn.BatchNorm1d(2)
bn(values(3, 2))
print(list(bn.state_dict()), bn.num_batches_tracked)
sd = bn.state_dict()
del sd['num_batches_tracked']
fresh = nn.BatchNorm1d(2)
print(fresh.load_state_dict(sd, strict=False))
bn.reset_running_stats()
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
""",
    "lazy_batch_norm": """\
bn = nn.LazyBatchNorm2d()
print(bn)
out = bn(values(2, 4, 2, 2))
print(bn, type(bn).__name__, bn.weight.shape, bn.running_mean.shape)
parts += [out.reshape(-1), bn.running_mean, bn.running_var]
""",
    "instance_norm_modules": """\
m = nn.InstanceNorm1d(3, affine=True, track_running_stats=True)
x = values(2, 3, 4).requires_grad_()
parts += report(m(x), [x, m.weight])
parts += [m.running_mean, m.running_var]
m.eval()
parts += report(m(x), [x])
parts += report(nn.InstanceNorm2d(2)(values(2, 3, 3).requires_grad_()), [])
""",
    "layer_group_norm_modules": """\
ln = nn.LayerNorm((2, 3))
x = values(4, 2, 3).requires_grad_()
parts += report(ln(x), [x, ln.weight, ln.bias])
gn = nn.GroupNorm(2, 4)
y = values(3, 4, 2).requires_grad_()
parts += report(gn(y), [y, gn.weight, gn.bias])
""",
    "embedding_modules": """\
e = nn.Embedding(5, 3, padding_idx=2)
print(e.weight[2], e.weight.requires_grad)
e = nn.Embedding.from_pretrained(values(4, 2))
print(e, e.weight.requires_grad)
out = e(torch.tensor([[0, 3], [1, 1]]))
parts += [out.reshape(-1)]
e = nn.Embedding.from_pretrained(values(4, 2), freeze=False, padding_idx=1)
print(e, e.weight.requires_grad)
out = e(torch.tensor([1, 2, 1]))
parts += report(out, [e.weight])
e = nn.Embedding(3, 2, _weight=torch.ones(3, 2), padding_idx=0)
print(e.weight)
e = nn.Embedding(6, 2, max_norm=1.0)
with torch.no_grad():
    e.weight.copy_(values(6, 2) * 3)
parts += report(e(torch.tensor([0, 5, 5])), [e.weight])
parts += [e.weight.detach().reshape(-1)]
bag = nn.EmbeddingBag.from_pretrained(values(4, 2), mode='sum')
print(bag, bag.weight.requires_grad)
parts += [bag(torch.tensor([[0, 1], [3, 3]])).reshape(-1)]
""",
    "padding_and_upsampling_modules": """\
x = values(1, 2, 3, 4).requires_grad_()
for m in (nn.ZeroPad2d((1, 2, 0, 1)), nn.ConstantPad2d(1, 0.5), nn.ReflectionPad2d(2),
          nn.ReplicationPad2d((1, 0, 2, 1)), nn.CircularPad2d(1), nn.Upsample(scale_factor=2),
          nn.Upsample(size=(4, 5), mode='bilinear'), nn.UpsamplingNearest2d(size=(5, 6)),
          nn.UpsamplingBilinear2d(scale_factor=2), nn.ZeroPad1d(1), nn.ReflectionPad1d(1)):
    parts += report(m(x[0] if isinstance(m, (nn.ZeroPad1d, nn.ReflectionPad1d)) else x), [x])
""",
}


# ---------------------------------------------------------------------- errors
_ERROR_SETUP = "F = torch.nn.functional\nnn = torch.nn\nx = torch.ones(2, 3, 4)\n"


def _error(statement: str) -> str:
    return (_ERROR_SETUP + "try:\n    " + statement + "\nexcept Exception as error:\n"
            "    print(type(error).__name__)\n    print(error)\nelse:\n    print('no error')\n")


_ERRORS = {
    "bn1d_rank": "nn.BatchNorm1d(3)(torch.ones(2, 3, 4, 5))",
    "bn1d_1d": "nn.BatchNorm1d(3)(torch.ones(3))",
    "bn2d_rank": "nn.BatchNorm2d(3)(x)",
    "bn3d_rank": "nn.BatchNorm3d(3)(torch.ones(2, 3, 4, 4))",
    "bn_channels": "nn.BatchNorm1d(4)(x)",
    "bn_one_value": "nn.BatchNorm1d(3)(torch.ones(1, 3))",
    "bn_one_value_2d": "nn.BatchNorm2d(3)(torch.ones(1, 3, 1, 1))",
    "bn_one_value_eval_ok": "nn.BatchNorm1d(3).eval()(torch.ones(1, 3))",
    "f_bn_running_mean_size": "F.batch_norm(torch.ones(2, 3), torch.zeros(4), torch.ones(4), "
                              "training=True)",
    "f_bn_weight_size": "F.batch_norm(torch.ones(2, 3), None, None, torch.ones(4), "
                        "training=True)",
    "f_bn_bias_size": "F.batch_norm(torch.ones(2, 3), None, None, None, torch.ones(2), "
                      "training=True)",
    "f_bn_1d_input": "F.batch_norm(torch.ones(3), None, None, training=True)",
    "f_bn_eval_no_stats": "F.batch_norm(torch.ones(2, 3), None, None)",
    "ln_shape": "F.layer_norm(x, (3,))",
    "ln_shape_module": "nn.LayerNorm((2, 4))(x)",
    "ln_weight": "F.layer_norm(x, (4,), torch.ones(3))",
    "ln_bias": "F.layer_norm(x, (4,), None, torch.ones(2, 2))",
    "rms_shape": "F.rms_norm(x, (3,))",
    "rms_weight": "F.rms_norm(x, (4,), torch.ones(3))",
    "rms_long": "F.rms_norm(torch.ones(2, dtype=torch.long), (2,))",
    "gn_module_groups": "nn.GroupNorm(2, 3)",
    "gn_groups": "F.group_norm(x, 2)",
    "gn_channels_module": "nn.GroupNorm(2, 4)(x)",
    "gn_1d": "F.group_norm(torch.ones(4), 2)",
    "in1d_rank": "nn.InstanceNorm1d(3)(torch.ones(2, 3, 4, 5))",
    "in2d_rank": "nn.InstanceNorm2d(3)(torch.ones(3, 4))",
    "in1d_affine_channels": "nn.InstanceNorm1d(4, affine=True)(x)",
    "in_one_value": "F.instance_norm(torch.ones(2, 3, 1))",
    "lrn_rank": "F.local_response_norm(torch.ones(2, 3), 2)",
    "emb_out_of_range": "F.embedding(torch.tensor([5]), torch.ones(5, 3))",
    "emb_negative": "F.embedding(torch.tensor([-1]), torch.ones(5, 3))",
    "emb_float_indices": "F.embedding(torch.tensor([1.0]), torch.ones(5, 3))",
    "emb_padding_idx": "nn.Embedding(5, 3, padding_idx=5)",
    "emb_padding_idx_negative": "nn.Embedding(5, 3, padding_idx=-6)",
    "f_emb_padding_idx": "F.embedding(torch.tensor([1]), torch.ones(5, 3), padding_idx=5)",
    "emb_1d_weight": "F.embedding(torch.tensor([1]), torch.ones(5))",
    "emb_pretrained_1d": "nn.Embedding.from_pretrained(torch.ones(5))",
    "emb_weight_shape": "nn.Embedding(3, 2, _weight=torch.ones(2, 2))",
    "bag_psw_mean": "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 3), "
                    "per_sample_weights=torch.ones(1, 2))",
    "bag_no_offsets": "F.embedding_bag(torch.tensor([1, 2]), torch.ones(5, 3))",
    "bag_2d_offsets": "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 3), "
                      "torch.tensor([0]))",
    "bag_out_of_range": "F.embedding_bag(torch.tensor([[1, 7]]), torch.ones(5, 3))",
    "bag_offsets_start": "F.embedding_bag(torch.tensor([1, 2]), torch.ones(5, 3), "
                         "torch.tensor([1]))",
    "bag_mode": "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 3), mode='prod')",
    "bag_3d": "F.embedding_bag(torch.tensor([[[1, 2]]]), torch.ones(5, 3))",
    "emb_renorm_out_of_range": "F.embedding(torch.tensor([7]), torch.ones(5, 3), max_norm=1.0)",
    "ln_empty_shape": "F.layer_norm(x, ())",
    "bn_momentum_none": "F.batch_norm(x, torch.zeros(3), torch.ones(3), training=True, "
                        "momentum=None)",
    "pad_odd": "F.pad(x, (1,))",
    "pad_too_long": "F.pad(x, (1, 1, 1, 1, 1, 1, 1, 1))",
    "pad_reflect_too_big": "F.pad(x, (4, 4), mode='reflect')",
    "pad_reflect_2d_height": "F.pad(x, (1, 1, 3, 3), mode='reflect')",
    "pad_reflect_3d": "F.pad(torch.ones(2, 3, 4, 5, 6), (1, 1, 1, 1, 4, 1), mode='reflect')",
    "pad_reflect_1d_input": "F.pad(torch.ones(4), (1, 1), mode='reflect')",
    "pad_mode": "F.pad(x, (1, 1), mode='foo')",
    "pad_circular_wraps": "F.pad(x, (5, 5), mode='circular')",
    "pad_replicate_empty": "F.pad(torch.ones(2, 3, 0), (1, 1), mode='replicate')",
    "pad_crop_too_much": "F.pad(x, (-2, -3), mode='replicate')",
    "pad_reflect_value": "F.pad(x, (1, 1), mode='reflect', value=1.0)",
    "pad_float": "F.pad(x, (1.5, 1))",
    "interp_no_size": "F.interpolate(x)",
    "interp_both": "F.interpolate(x, size=3, scale_factor=2)",
    "interp_bilinear_rank": "F.interpolate(x, size=3, mode='bilinear')",
    "interp_linear_rank": "F.interpolate(torch.ones(1, 1, 2, 2), size=3, mode='linear')",
    "interp_align_nearest": "F.interpolate(x, size=3, align_corners=True)",
    "interp_mode": "F.interpolate(x, size=3, mode='foo')",
    "interp_long": "F.interpolate(torch.ones(1, 2, 3, dtype=torch.long), scale_factor=2)",
    "interp_byte_linear": "F.interpolate(torch.ones(1, 2, 3, dtype=torch.uint8), size=4, "
                          "mode='linear')",
    "bn_long": "F.batch_norm(torch.ones(4, 2, dtype=torch.long), None, None, training=True)",
    "bn_mixed": "nn.BatchNorm1d(2)(torch.ones(4, 2, dtype=torch.float64))",
    "bn_mixed_float_input": "F.batch_norm(torch.ones(4, 2), None, None, "
                            "torch.ones(2, dtype=torch.float64), training=True)",
    "ln_mixed": "nn.LayerNorm(2)(torch.ones(4, 2, dtype=torch.float64))",
    "gn_long": "F.group_norm(torch.ones(4, 2, dtype=torch.long), 1)",
    "pad_bool_reflect": "F.pad(torch.ones(1, 2, 3, dtype=torch.bool), (1, 1), mode='reflect')",
    "bag_long_table": "F.embedding_bag(torch.tensor([[1]]), torch.ones(3, 2, dtype=torch.long))",
    "interp_size_length": "F.interpolate(x, size=(3, 3))",
    "interp_scale_length": "F.interpolate(x, scale_factor=(2, 2))",
    "interp_recompute_with_size": "F.interpolate(x, size=3, recompute_scale_factor=True)",
    "interp_zero_output": "F.interpolate(x, scale_factor=0.1)",
    "pixel_shuffle_channels": "F.pixel_shuffle(torch.ones(1, 3, 2, 2), 2)",
    "pixel_unshuffle_height": "F.pixel_unshuffle(torch.ones(1, 3, 3, 2), 2)",
    "pixel_shuffle_rank": "F.pixel_shuffle(torch.ones(4, 2), 2)",
}


CASES: list[tuple[str, str]] = [
    *[(f"norm_functional_{name}", _case(body)) for name, body in _FUNCTIONAL.items()],
    *[(f"norm_second_order_{name}", _second_order_case(call))
      for name, call in _SECOND_ORDER.items()],
    *[(f"norm_repr_{i:02d}", _repr_case(spec)) for i, spec in enumerate(_REPRS)],
    *[(f"norm_module_{name}", _case(body)) for name, body in _MODULE_CASES.items()],
    *[(f"norm_error_{name}", _error(statement)) for name, statement in _ERRORS.items()],
]
