"""Complete programs of the kinds learners and practitioners write, run with ``import torch``
and compared line for line with torch 2.13 (round 2: kinds the earlier tutorial, book and
practitioner topics did not cover): data pipelines with custom collate functions and samplers,
checkpoint/resume with strict=False loading, hooks collecting activations and gradient norms,
custom autograd Functions (needs_input_grad, mark_non_differentiable, set_materialize_grads,
once_differentiable), gradient clipping, weight tying and parameter groups, chained LR
schedulers, early stopping, grad-mode nesting, fine-tuning summaries, module containers,
metrics, a VAE, a packed word-level LSTM LM, gradient accumulation, gradcheck on user
functions, policy gradients with torch.distributions, and more. Each prints losses, tensors,
shapes, reprs and the errors of deliberately wrong calls. Ids start with ``prog2_``; the
``prog2_fix_`` cases pin bugs these programs found.
"""

from __future__ import annotations


def _case(name: str, body: str) -> tuple[str, str]:
    return f"prog2_{name}", body


CASES = [
    _case("sampler_collate", r'''
import torch
from torch.utils.data import (
    Dataset,
    DataLoader,
    WeightedRandomSampler,
    BatchSampler,
    SubsetRandomSampler,
    SequentialSampler,
    RandomSampler,
)

torch.manual_seed(0)


class VarLenDataset(Dataset):
    def __init__(self, n):
        self.lengths = torch.randint(2, 7, (n,)).tolist()
        self.labels = torch.randint(0, 3, (n,))
        self.seqs = [torch.randn(L, 2) for L in self.lengths]

    def __len__(self):
        return len(self.seqs)

    def __getitem__(self, i):
        return {"x": self.seqs[i], "y": self.labels[i].item(), "idx": i}


def pad_collate(batch):
    lengths = torch.tensor([b["x"].shape[0] for b in batch])
    out = torch.zeros(len(batch), int(lengths.max()), 2)
    for i, b in enumerate(batch):
        out[i, : b["x"].shape[0]] = b["x"]
    ys = torch.tensor([b["y"] for b in batch])
    return out, lengths, ys, [b["idx"] for b in batch]


ds = VarLenDataset(20)
print(len(ds), ds.lengths)
counts = torch.bincount(ds.labels, minlength=3)
print("class counts", counts)
class_w = 1.0 / counts.float()
sample_w = class_w[ds.labels]
print(sample_w.dtype, sample_w[:5])
g = torch.Generator().manual_seed(1)
sampler = WeightedRandomSampler(sample_w, num_samples=12, replacement=True, generator=g)
loader = DataLoader(ds, batch_size=4, sampler=sampler, collate_fn=pad_collate)
for x, lengths, ys, idx in loader:
    print(x.shape, lengths.tolist(), ys.tolist(), idx)

bs = BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)
print(list(bs), len(bs))
bs2 = BatchSampler(
    RandomSampler(range(10), generator=torch.Generator().manual_seed(3)),
    batch_size=4,
    drop_last=True,
)
print(list(bs2), len(bs2))
sub = SubsetRandomSampler([0, 2, 4, 6, 8], generator=torch.Generator().manual_seed(5))
print(list(sub), len(sub))
loader2 = DataLoader(ds, batch_sampler=BatchSampler(sub, 2, False), collate_fn=pad_collate)
for x, lengths, ys, idx in loader2:
    print(tuple(x.shape), idx)
default = DataLoader(ds, batch_size=3, collate_fn=lambda b: b)
first = next(iter(default))
print(type(first).__name__, len(first), sorted(first[0].keys()))
try:
    DataLoader(ds, batch_size=2, shuffle=True, sampler=sub)
except ValueError as e:
    print("ValueError:", e)
try:
    DataLoader(ds, batch_sampler=bs, batch_size=2)
except ValueError as e:
    print("ValueError:", e)
try:
    WeightedRandomSampler([0.5, 0.5], num_samples=0)
except ValueError as e:
    print("ValueError:", e)
try:
    next(iter(DataLoader(ds, batch_size=2)))
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])
'''),
    _case("iterable_concat", r'''
import math
import torch
from torch.utils.data import (
    IterableDataset,
    Dataset,
    DataLoader,
    ConcatDataset,
    ChainDataset,
    TensorDataset,
    get_worker_info,
    Subset,
    random_split,
)

torch.manual_seed(1)


class RangeStream(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        print("worker info:", info)
        for i in range(self.start, self.end):
            yield torch.tensor([i, i * i], dtype=torch.float32)


stream = RangeStream(0, 7)
for batch in DataLoader(stream, batch_size=3):
    print(batch)
for batch in DataLoader(stream, batch_size=3, drop_last=True):
    print(batch.shape)
print([t.tolist() for t in DataLoader(RangeStream(2, 4), batch_size=None)])
chain = ChainDataset([RangeStream(0, 2), RangeStream(10, 12)])
print([t[0].item() for t in chain])
try:
    len(stream)
except TypeError as e:
    print("TypeError:", e)
try:
    DataLoader(stream, shuffle=True)
except ValueError as e:
    print("ValueError:", e)

a = TensorDataset(torch.arange(5.0), torch.zeros(5, dtype=torch.long))
b = TensorDataset(torch.arange(100.0, 103.0), torch.ones(3, dtype=torch.long))
cat = ConcatDataset([a, b])
print(len(cat), cat.cumulative_sizes, cat[4], cat[5], cat[-1])
loader = DataLoader(cat, batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(2))
for x, y in loader:
    print(x, y)
train, val = random_split(cat, [0.75, 0.25], generator=torch.Generator().manual_seed(4))
print(len(train), len(val), type(train).__name__, sorted(train.indices))
sub = Subset(cat, [7, 0, 3])
print([sub[i][0].item() for i in range(len(sub))])
plus = a + b
print(type(plus).__name__, len(plus))
try:
    cat[8]
except (IndexError, ValueError) as e:
    print(type(e).__name__ + ":", e)
try:
    random_split(cat, [5, 5])
except ValueError as e:
    print("ValueError:", e)
try:
    TensorDataset(torch.zeros(3), torch.zeros(4))
except (AssertionError, ValueError) as e:
    print(type(e).__name__ + ":", e)
'''),
    _case("checkpoint_resume", r'''
import io
import torch
import torch.nn as nn

torch.manual_seed(3)


def make():
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    return model, opt, sched


X, Y = torch.randn(16, 4), torch.randn(16, 2)
model, opt, sched = make()
history = []
for epoch in range(3):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X), Y)
    loss.backward()
    opt.step()
    sched.step()
    history.append(round(loss.item(), 5))
print("history", history, sched.get_last_lr())
ckpt = {
    "epoch": 3,
    "model": model.state_dict(),
    "optim": opt.state_dict(),
    "sched": sched.state_dict(),
    "history": history,
    "rng": torch.get_rng_state(),
}
buf = io.BytesIO()
torch.save(ckpt, buf)
buf.seek(0)
loaded = torch.load(buf, weights_only=True)
print(sorted(loaded.keys()), loaded["epoch"], type(loaded["history"]).__name__)
print(list(loaded["model"].keys()))
print(loaded["optim"]["param_groups"][0]["lr"], sorted(loaded["optim"]["state"][0].keys()))
print(loaded["optim"]["state"][0]["step"], loaded["sched"])
model2, opt2, sched2 = make()
model2.load_state_dict(loaded["model"])
opt2.load_state_dict(loaded["optim"])
sched2.load_state_dict(loaded["sched"])
torch.set_rng_state(loaded["rng"])
print(
    torch.equal(model2[0].weight, model[0].weight),
    opt2.param_groups[0]["lr"],
    sched2.last_epoch,
)
for epoch in range(3, 5):
    for m, o, s in ((model, opt, sched), (model2, opt2, sched2)):
        o.zero_grad()
        loss = nn.functional.mse_loss(m(X), Y)
        loss.backward()
        o.step()
        s.step()
    print(epoch, torch.allclose(model[2].bias, model2[2].bias), f"{loss.item():.5f}")

bigger = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2), nn.Linear(2, 1))
incompat = bigger.load_state_dict(model.state_dict(), strict=False)
print(incompat)
print(incompat.missing_keys, incompat.unexpected_keys)
extra = dict(model.state_dict())
extra["head.weight"] = torch.zeros(1)
print(model.load_state_dict(extra, strict=False))
try:
    model.load_state_dict(extra)
except RuntimeError as e:
    print("RuntimeError:", e)
bad = dict(model.state_dict())
bad["0.weight"] = torch.zeros(3, 3)
try:
    model.load_state_dict(bad)
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("hooks", r'''
import torch
import torch.nn as nn

torch.manual_seed(4)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(3 * 4 * 4, 16)
        self.act = nn.Tanh()
        self.fc2 = nn.Linear(16, 4)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        return self.fc2(self.act(self.fc1(x.flatten(1))))


def init_fn(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
        print("init", m)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        nn.init.constant_(m.bias, 0.1)
        print("init", m)


net = Net()
ret = net.apply(init_fn)
print(ret is net)
acts, grads = {}, {}


def save_act(name):
    def hook(module, inputs, output):
        acts[name] = output.detach()

    return hook


def save_grad(name):
    def hook(module, grad_input, grad_output):
        grads[name] = (
            tuple(None if g is None else tuple(g.shape) for g in grad_input),
            grad_output[0].norm().item(),
        )

    return hook


handles = []
for name, m in net.named_modules():
    if isinstance(m, (nn.Linear, nn.Conv2d, nn.Tanh)):
        handles.append(m.register_forward_hook(save_act(name)))
        handles.append(m.register_full_backward_hook(save_grad(name)))


def scale_input(module, args):
    print("pre-hook got", type(args).__name__, len(args), tuple(args[0].shape))
    return (args[0] * 2,)


pre = net.fc1.register_forward_pre_hook(scale_input)
x = torch.randn(2, 1, 8, 8)
out = net(x)
loss = out.pow(2).mean()
loss.backward()
for k, v in acts.items():
    print(k, tuple(v.shape), f"mean={v.mean().item():.4f} std={v.std().item():.4f}")
for k, (shapes, n) in grads.items():
    print(k, shapes, f"{n:.4f}")
for name, p in net.named_parameters():
    print(f"{name:12s} {str(tuple(p.shape)):14s} grad_norm={p.grad.norm():.4f}")
for h in handles:
    h.remove()
pre.remove()
acts.clear()
net(x)
print("after remove", acts, len(net._forward_hooks), len(net.fc1._forward_pre_hooks))
th = torch.randn(3, requires_grad=True)
h = th.register_hook(lambda g: g * 10)
(th * 2).sum().backward()
print(th.grad)
h.remove()
th.grad = None
(th * 2).sum().backward()
print(th.grad)
kw = nn.Linear(2, 2)
kw.register_forward_hook(lambda m, a, kwargs, o: print("kwargs hook", kwargs), with_kwargs=True)
kw(input=torch.ones(1, 2))
'''),
    _case("custom_function", r'''
import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable

torch.manual_seed(5)


class ScaledMul(Function):
    @staticmethod
    def forward(ctx, a, b, scale):
        ctx.save_for_backward(a, b)
        ctx.scale = scale
        return a * b * scale

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        print("needs_input_grad", ctx.needs_input_grad)
        ga = grad * b * ctx.scale if ctx.needs_input_grad[0] else None
        gb = grad * a * ctx.scale if ctx.needs_input_grad[1] else None
        return ga, gb, None


a = torch.randn(3, requires_grad=True)
b = torch.randn(3)
y = ScaledMul.apply(a, b, 2.0)
print(y.grad_fn.__class__.__name__, y.requires_grad)
y.sum().backward()
print(torch.allclose(a.grad, 2 * b), b.grad)


class SortWithIdx(Function):
    @staticmethod
    def forward(ctx, x):
        vals, idx = x.sort()
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        return vals, idx

    @staticmethod
    def backward(ctx, gv, gi):
        (idx,) = ctx.saved_tensors
        print("gi is", gi)
        out = torch.zeros_like(gv)
        out.scatter_(0, idx, gv)
        return out


x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
v, i = SortWithIdx.apply(x)
print(v, i, i.requires_grad)
(v * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(x.grad)


class Materialize(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x.clone(), x.clone()

    @staticmethod
    def backward(ctx, g1, g2):
        print("g1", g1, "g2", g2)
        return g1 if g2 is None else g1 + g2


x = torch.ones(2, requires_grad=True)
o1, o2 = Materialize.apply(x)
o1.sum().backward()
print(x.grad)


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return 3 * x**2 * g


x = torch.tensor([1.0, 2.0], requires_grad=True)
y = Cube.apply(x)
(gx,) = torch.autograd.grad(y.sum(), x, create_graph=True)
print(gx, gx.requires_grad, gx.grad_fn)
try:
    gx.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)


class BadGrads(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x + y

    @staticmethod
    def backward(ctx, g):
        return g


p, q = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
try:
    BadGrads.apply(p, q).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)


class WrongShape(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g[:1]


try:
    WrongShape.apply(p).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
print(
    torch.autograd.gradcheck(
        ScaledMul.apply,
        (
            torch.randn(3, dtype=torch.double, requires_grad=True),
            torch.randn(3, dtype=torch.double, requires_grad=True),
            0.5,
        ),
    )
)
'''),
    _case("clip_grad", r'''
import math
import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_, clip_grad_value_

torch.manual_seed(6)
model = nn.Sequential(nn.Linear(5, 5), nn.ReLU(), nn.Linear(5, 1))
x, y = torch.randn(8, 5), torch.randn(8, 1)
nn.functional.mse_loss(model(x), y).mul(100).backward()
norms = [p.grad.norm().item() for p in model.parameters()]
print([f"{n:.4f}" for n in norms])
print(f"manual total {math.sqrt(sum(n * n for n in norms)):.4f}")
total = clip_grad_norm_(model.parameters(), max_norm=1.0)
print(type(total).__name__, total.dtype, total.shape, f"{total.item():.4f}")
after = torch.norm(torch.stack([p.grad.norm() for p in model.parameters()]))
print(f"after clip {after.item():.4f}")
t2 = clip_grad_norm_(model.parameters(), max_norm=0.5, norm_type="inf", foreach=True)
print(
    f"inf norm {t2.item():.4f}",
    max(p.grad.abs().max().item() for p in model.parameters()) <= 0.5 + 1e-6,
)
t3 = clip_grad_norm_(model.parameters(), 10.0, norm_type=1.0, foreach=False)
print(f"l1 {t3.item():.4f}")
clip_grad_value_(model.parameters(), clip_value=0.01)
print(model[0].bias.grad)
single = nn.Parameter(torch.ones(3))
single.grad = torch.tensor([3.0, 4.0, 0.0])
print(clip_grad_norm_(single, 1.0), single.grad)
model[0].weight.grad[0, 0] = float("nan")
t4 = clip_grad_norm_(model.parameters(), 1.0)
print("nan total", t4)
try:
    clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print("RuntimeError:", e)
model[0].weight.grad[0, 0] = float("inf")
try:
    clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print("RuntimeError:", e)
nograds = [nn.Parameter(torch.ones(2)), nn.Parameter(torch.ones(2))]
print(clip_grad_norm_(nograds, 1.0))
print(clip_grad_norm_([], 1.0))
w = nn.Parameter(torch.ones(4, dtype=torch.float64))
w.grad = torch.full((4,), 2.0, dtype=torch.float64)
r = clip_grad_norm_([w], 2.0)
print(r, w.grad)
print(nn.utils.get_total_norm([torch.tensor([3.0, 4.0]), torch.tensor([12.0])]))
g = [torch.tensor([3.0, 4.0])]
nn.utils.clip_grads_with_norm_([nn.Parameter(torch.zeros(2))], 1.0, torch.tensor(5.0))
print(torch.nn.utils.parameters_to_vector(model.parameters()).shape)
'''),
    _case("weight_tying_groups", r'''
import torch
import torch.nn as nn

torch.manual_seed(7)


class TiedLM(nn.Module):
    def __init__(self, vocab, dim):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.proj = nn.Linear(dim, dim)
        self.out = nn.Linear(dim, vocab, bias=True)
        self.out.weight = self.emb.weight

    def forward(self, idx):
        return self.out(torch.tanh(self.proj(self.emb(idx))))


model = TiedLM(10, 4)
print(model.out.weight is model.emb.weight)
names = [n for n, _ in model.named_parameters()]
print(names, len(list(model.parameters())))
print(list(model.state_dict().keys()))
print(sum(p.numel() for p in model.parameters()))
print(len(list(model.named_parameters(remove_duplicate=False))))
decay, no_decay = [], []
for n, p in model.named_parameters():
    (no_decay if n.endswith("bias") or "emb" in n else decay).append(p)
opt = torch.optim.SGD(
    [
        {"params": decay, "weight_decay": 1e-2},
        {"params": no_decay, "lr": 0.5},
    ],
    lr=0.1,
    momentum=0.9,
)
for i, g in enumerate(opt.param_groups):
    print(i, g["lr"], g["weight_decay"], g["momentum"], len(g["params"]), sorted(g.keys()))
idx = torch.randint(0, 10, (6,))
target = torch.randint(0, 10, (6,))
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(idx), target)
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.4f}", f"{model.emb.weight.grad.norm().item():.4f}")
print(torch.equal(model.out.weight, model.emb.weight))
extra = nn.Parameter(torch.zeros(3))
opt.add_param_group({"params": [extra], "lr": 1.0})
print(len(opt.param_groups), opt.param_groups[2]["momentum"], opt.param_groups[2]["lr"])
try:
    opt.add_param_group({"params": [model.proj.weight]})
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.SGD([{"params": decay}, {"params": decay}], lr=0.1)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.Adam([], lr=0.1)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.SGD(model.parameters(), lr=-1)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.Adam(model.parameters(), betas=(1.0, 0.9))
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.SGD(torch.ones(3, requires_grad=True), lr=0.1)
except TypeError as e:
    print("TypeError:", e)
sd = opt.state_dict()
print(
    sd["param_groups"][0]["params"], sd["param_groups"][1]["params"], sorted(sd["state"].keys())
)
print(opt)
'''),
    _case("schedulers_chain", r'''
import torch
from torch.optim import SGD, Adam
from torch.optim.lr_scheduler import (
    SequentialLR,
    ChainedScheduler,
    LinearLR,
    ExponentialLR,
    OneCycleLR,
    CosineAnnealingWarmRestarts,
    ConstantLR,
    MultiStepLR,
    PolynomialLR,
    LambdaLR,
    CyclicLR,
)

torch.manual_seed(8)
w = torch.nn.Parameter(torch.randn(2))


def run(name, opt, sched, epochs, per_batch=1):
    lrs = []
    for epoch in range(epochs):
        for _ in range(per_batch):
            opt.zero_grad()
            (w**2).sum().backward()
            opt.step()
            if isinstance(sched, (OneCycleLR, CyclicLR)):
                sched.step()
        if not isinstance(sched, (OneCycleLR, CyclicLR)):
            sched.step()
        lrs.append(round(sched.get_last_lr()[0], 6))
    print(name, lrs)


opt = SGD([w], lr=0.1)
warm = LinearLR(opt, start_factor=0.1, total_iters=3)
decay = ExponentialLR(opt, gamma=0.8)
run("sequential", opt, SequentialLR(opt, [warm, decay], milestones=[3]), 8)
opt = SGD([w], lr=1.0)
run(
    "chained",
    opt,
    ChainedScheduler(
        [ConstantLR(opt, factor=0.5, total_iters=2), ExponentialLR(opt, gamma=0.9)]
    ),
    6,
)
opt = SGD([w], lr=0.1, momentum=0.9)
sched = OneCycleLR(opt, max_lr=1.0, total_steps=10)
print("onecycle initial", sched.get_last_lr(), opt.param_groups[0]["momentum"])
run("onecycle", opt, sched, 5, per_batch=2)
print("momentum now", round(opt.param_groups[0]["momentum"], 6))
try:
    sched.step()
except ValueError as e:
    print("ValueError:", e)
opt = Adam([w], lr=0.01)
sched = OneCycleLR(
    opt, max_lr=0.1, epochs=2, steps_per_epoch=3, anneal_strategy="linear", three_phase=True
)
run("onecycle adam", opt, sched, 2, per_batch=3)
print("betas", tuple(round(b, 4) for b in opt.param_groups[0]["betas"]))
opt = SGD([w], lr=0.5)
run("warm restarts", opt, CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.01), 10)
opt = SGD([w], lr=0.5)
sched = CosineAnnealingWarmRestarts(opt, T_0=4)
for e in [0.5, 1.0, 1.5, 4.0, 5.25]:
    sched.step(e)
    print("fractional", e, round(opt.param_groups[0]["lr"], 6))
opt = SGD([w], lr=1.0)
run("multistep", opt, MultiStepLR(opt, milestones=[2, 4, 4], gamma=0.1), 6)
opt = SGD([w], lr=1.0)
run("poly", opt, PolynomialLR(opt, total_iters=4, power=2.0), 6)
opt = SGD(
    [{"params": [w]}, {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.2}], lr=1.0
)
s = LambdaLR(opt, [lambda e: 0.5**e, lambda e: 1.0 / (e + 1)])
for _ in range(3):
    opt.step()
    s.step()
print("lambda groups", [round(x, 6) for x in s.get_last_lr()])
opt = SGD([w], lr=0.1, momentum=0.9)
run(
    "cyclic",
    opt,
    CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, mode="triangular2"),
    10,
)
try:
    SequentialLR(opt, [ExponentialLR(opt, 0.9)], milestones=[1])
except ValueError as e:
    print("ValueError:", e)
try:
    OneCycleLR(opt, max_lr=0.1)
except ValueError as e:
    print("ValueError:", e)
try:
    CosineAnnealingWarmRestarts(opt, T_0=0)
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("plateau_early_stop", r'''
import copy
import torch
import torch.nn as nn
from torch.optim.lr_scheduler import ReduceLROnPlateau

torch.manual_seed(9)
X = torch.randn(64, 3)
y = (X @ torch.tensor([1.0, -2.0, 0.5]) + 0.3 * torch.randn(64)).unsqueeze(1)
Xtr, ytr, Xva, yva = X[:48], y[:48], X[48:], y[48:]


class EarlyStopping:
    def __init__(self, patience=3, min_delta=1e-3):
        self.patience, self.min_delta = patience, min_delta
        self.best, self.count, self.best_state = float("inf"), 0, None

    def step(self, loss, model):
        if loss < self.best - self.min_delta:
            self.best, self.count = loss, 0
            self.best_state = copy.deepcopy(model.state_dict())
            return False
        self.count += 1
        return self.count >= self.patience


model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.5)
sched = ReduceLROnPlateau(
    opt,
    mode="min",
    factor=0.5,
    patience=1,
    threshold=0.01,
    threshold_mode="abs",
    cooldown=1,
    min_lr=0.01,
)
stopper = EarlyStopping(patience=4)
for epoch in range(40):
    model.train()
    for i in range(0, 48, 16):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(Xtr[i : i + 16]), ytr[i : i + 16])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        val = nn.functional.mse_loss(model(Xva), yva).item()
    sched.step(val)
    print(
        f"epoch {epoch:2d} val {val:.4f} lr {opt.param_groups[0]['lr']:.4f}",
        f"bad {sched.num_bad_epochs} cd {sched.cooldown_counter}",
    )
    if stopper.step(val, model):
        print("early stop at", epoch, "best", round(stopper.best, 4))
        break
model.load_state_dict(stopper.best_state)
with torch.no_grad():
    print("restored val", round(nn.functional.mse_loss(model(Xva), yva).item(), 4))
print(
    sched.get_last_lr(), round(sched.best, 5), sched.mode, sched.state_dict()["num_bad_epochs"]
)
opt2 = torch.optim.Adam(model.parameters(), lr=1.0)
s2 = ReduceLROnPlateau(opt2, mode="max", patience=0, factor=0.1, eps=1e-3)
for acc in [0.5, 0.6, 0.6, 0.55, 0.7, 0.7, 0.7, 0.7]:
    s2.step(acc)
    print("acc", acc, opt2.param_groups[0]["lr"])
try:
    ReduceLROnPlateau(opt2, factor=1.5)
except ValueError as e:
    print("ValueError:", e)
try:
    ReduceLROnPlateau(opt2, mode="median")
except ValueError as e:
    print("ValueError:", e)
try:
    ReduceLROnPlateau(opt2, threshold_mode="pct")
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("grad_modes", r'''
import torch
import torch.nn as nn

torch.manual_seed(10)
x = torch.randn(3, requires_grad=True)
print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
with torch.no_grad():
    y = x * 2
    print("no_grad", y.requires_grad, torch.is_grad_enabled())
    with torch.enable_grad():
        z = x * 2
        print("enable inside no_grad", z.requires_grad, z.grad_fn.name())
    with torch.set_grad_enabled(True):
        print("set_grad_enabled(True)", (x + 1).requires_grad)
print((x * 2).requires_grad)
torch.set_grad_enabled(False)
print("global off", (x * 2).requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(True)
with torch.inference_mode():
    inf = x * 3
    print("inference", inf.requires_grad, inf.is_inference(), torch.is_inference_mode_enabled())
    with torch.inference_mode(False):
        print("inner off", torch.is_inference_mode_enabled(), (x * 1).requires_grad)
print(inf.is_inference(), x.is_inference())
try:
    (inf * x).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    inf.add_(1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    inf.requires_grad_()
except RuntimeError as e:
    print("RuntimeError:", e)
normal = inf.clone()
print(normal.is_inference(), normal.requires_grad_().requires_grad)


@torch.no_grad()
def predict(model, data):
    return model(data)


@torch.inference_mode()
def predict_fast(model, data):
    return model(data)


@torch.enable_grad()
def needs_grad(t):
    return (t * t).sum()


net = nn.Linear(3, 2)
out = predict(net, torch.randn(4, 3))
print(out.requires_grad, out.grad_fn, predict_fast(net, torch.randn(1, 3)).is_inference())
with torch.no_grad():
    s = needs_grad(x)
print(s.requires_grad, s.grad_fn.name())
prev = torch.is_grad_enabled()
with torch.set_grad_enabled(False):
    print(torch.is_grad_enabled())
print(prev == torch.is_grad_enabled())
with torch.no_grad():
    w = net.weight * 1
    net.weight.mul_(1.0)
print(w.requires_grad, net.weight.requires_grad, net.weight.grad_fn, net.weight._version)
try:
    net.weight.mul_(1.0)
except RuntimeError as e:
    print("RuntimeError:", e)
d = x.detach()
d.zero_()
print(x)
'''),
    _case("finetune_summary", r'''
import torch
import torch.nn as nn

torch.manual_seed(11)


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3),
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.Conv2d(8, 16, 3),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.classifier = nn.Linear(16, 10)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


def summary(model):
    total = trainable = 0
    print(f"{'name':28s} {'shape':18s} {'numel':>6s} train")
    for name, p in model.named_parameters():
        total += p.numel()
        trainable += p.numel() if p.requires_grad else 0
        print(f"{name:28s} {str(list(p.shape)):18s} {p.numel():6d} {p.requires_grad}")
    print(f"total={total:,} trainable={trainable:,} frozen={total - trainable:,}")


model = Backbone()
summary(model)
for p in model.features.parameters():
    p.requires_grad_(False)
model.classifier = nn.Linear(16, 3)
summary(model)
print([n for n, b in model.named_buffers()])
model.features.eval()
opt = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=1e-2)
x, y = torch.randn(4, 3, 10, 10), torch.tensor([0, 1, 2, 1])
before = model.features[0].weight.clone()
rm = model.features[1].running_mean.clone()
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    print(
        step,
        round(loss.item(), 4),
        model.features[0].weight.grad,
        model.classifier.weight.grad.shape,
    )
print(
    torch.equal(before, model.features[0].weight),
    torch.equal(rm, model.features[1].running_mean),
)
model.features[3].requires_grad_(True)
opt.add_param_group({"params": model.features[3].parameters(), "lr": 1e-4})
print([len(g["params"]) for g in opt.param_groups])
print(model.training, model.features.training, model.classifier.training)
model.train()
print(model.features[1].training)
for name, module in model.named_children():
    print(name, type(module).__name__, sum(p.numel() for p in module.parameters()))
print(model.get_submodule("features.3"), model.get_parameter("classifier.bias").shape)
try:
    model.get_submodule("features.9")
except AttributeError as e:
    print("AttributeError:", e)
try:
    model.get_parameter("classifier.scale")
except AttributeError as e:
    print("AttributeError:", e)
x.requires_grad_()
try:
    model.features[0].weight.requires_grad_(True)[0].requires_grad_(False)
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("module_containers", r'''
import torch
import torch.nn as nn

torch.manual_seed(12)


class MultiHead(nn.Module):
    def __init__(self, tasks):
        super().__init__()
        self.trunk = nn.Linear(4, 8)
        self.heads = nn.ModuleDict({t: nn.Linear(8, n) for t, n in tasks.items()})
        self.scales = nn.ParameterDict({t: nn.Parameter(torch.ones(1)) for t in tasks})
        self.extra = nn.ParameterList(
            [nn.Parameter(torch.zeros(2)), nn.Parameter(torch.ones(3, 1))]
        )

    def forward(self, x):
        h = torch.relu(self.trunk(x))
        return {t: head(h) * self.scales[t] for t, head in self.heads.items()}


m = MultiHead({"cls": 3, "reg": 1})
print(m)
print(list(m.heads.keys()), len(m.heads), "cls" in m.heads)
print([n for n, _ in m.named_parameters()])
out = m(torch.randn(5, 4))
print({k: tuple(v.shape) for k, v in out.items()})
loss = out["cls"].logsumexp(1).mean() + out["reg"].pow(2).mean()
loss.backward()
print(m.scales["cls"].grad, m.extra[0].grad)
m.heads["aux"] = nn.Linear(8, 2)
m.heads.update({"cls": nn.Linear(8, 5)})
print(m.heads)
popped = m.heads.pop("reg")
print(popped, list(m.heads))
m.extra.append(nn.Parameter(torch.full((1,), 7.0)))
m.extra.extend([torch.zeros(1)])
print(len(m.extra), type(m.extra[3]).__name__, m.extra[3].requires_grad)
print(m.extra)
print(m.scales)
layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
layers.insert(1, nn.Tanh())
print(layers, layers[-1], len(layers[1:]), type(layers[1:]).__name__)
seq = nn.Sequential(*layers)
print(seq[0:2], seq[-1].out_features)
del seq[1]
print(len(seq), seq)
seq.append(nn.Sigmoid())
print(seq(torch.ones(1, 2)).shape)
try:
    m.heads["bad"] = torch.zeros(1)
except TypeError as e:
    print("TypeError:", e)
try:
    m.heads["missing"]
except KeyError as e:
    print("KeyError:", e)
try:
    layers[10]
except IndexError as e:
    print("IndexError:", e)
try:
    nn.ModuleDict({"a.b": nn.ReLU()})
except KeyError as e:
    print("KeyError:", e)
try:
    m.scales["x"] = 3
except (TypeError, AttributeError) as e:
    print(type(e).__name__ + ":", e)
'''),
    _case("metrics", r'''
import torch

torch.manual_seed(13)
C = 4
logits = torch.randn(30, C)
targets = torch.randint(0, C, (30,))
logits[torch.arange(30), targets] += 1.0
preds = logits.argmax(dim=1)
print(preds.dtype, preds[:10])
acc = (preds == targets).float().mean()
print(f"accuracy {acc:.4f} {acc.item():.2%}")
top2 = logits.topk(2, dim=1)
print(type(top2).__name__, top2.indices[:3], top2.values[:3])
top2_acc = (top2.indices == targets[:, None]).any(dim=1).float().mean().item()
print("top2", round(top2_acc, 4))
cm = torch.bincount(targets * C + preds, minlength=C * C).reshape(C, C)
print(cm)
tp = cm.diag()
precision = tp / cm.sum(0).clamp(min=1)
recall = tp / cm.sum(1).clamp(min=1)
f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-12)
print("precision", precision)
print("recall", recall)
print("f1", f1, "macro", f1.mean().item().__round__(4))
support = cm.sum(1)
print("weighted f1", round((f1 * support).sum().item() / support.sum().item(), 4))
vals, counts = torch.unique(preds, return_counts=True)
print(vals, counts)
u, inv = torch.unique(targets, sorted=True, return_inverse=True)
print(u, inv.shape, torch.equal(u[inv], targets))
probs = logits.softmax(1)
conf, _ = probs.max(1)
bins = torch.linspace(0, 1, 6)
which = torch.bucketize(conf, bins)
print("bins", which.tolist())
ece = torch.zeros(1)
for b in range(1, 6):
    mask = which == b
    if mask.any():
        ece += (
            mask.float().mean()
            * ((preds[mask] == targets[mask]).float().mean() - conf[mask].mean()).abs()
        )
print("ece", ece)
scores = torch.sigmoid(logits[:, 0])
labels = (targets == 0).long()
order = scores.argsort(descending=True)
tps = labels[order].cumsum(0)
fps = (1 - labels[order]).cumsum(0)
tpr, fpr = tps / labels.sum(), fps / (1 - labels).sum()
auc = torch.trapezoid(tpr, fpr)
print("auc", auc, tpr.dtype)
print(torch.histc(conf, bins=5, min=0, max=1))
print(cm.float().div(cm.sum(1, keepdim=True)).nan_to_num().round(decimals=3))
try:
    torch.bincount(torch.tensor([-1, 2]))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.bincount(torch.tensor([[1, 2]]))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    logits.topk(5, dim=1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.bincount(torch.tensor([0, 1, 1]), weights=torch.tensor([0.5, 1.0, 2.0])))
'''),
    _case("vae", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(14)


class VAE(nn.Module):
    def __init__(self, d=16, h=12, z=2):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, h), nn.ReLU())
        self.mu = nn.Linear(h, z)
        self.logvar = nn.Linear(h, z)
        self.dec = nn.Sequential(nn.Linear(z, h), nn.ReLU(), nn.Linear(h, d))

    def encode(self, x):
        h = self.enc(x)
        return self.mu(h), self.logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.dec(z), mu, logvar


def loss_fn(recon_logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(recon_logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld, bce, kld


data = (torch.rand(64, 16) > 0.5).float()
model = VAE()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(5):
    perm = torch.randperm(64)
    total = 0.0
    for i in range(0, 64, 16):
        x = data[perm[i : i + 16]]
        recon, mu, logvar = model(x)
        loss, bce, kld = loss_fn(recon, x, mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
    print(
        f"epoch {epoch} loss/sample {total / 64:.4f} last bce {bce.item():.3f} kld {kld.item():.3f}"
    )
model.eval()
with torch.no_grad():
    mu, logvar = model.encode(data[:4])
    print(mu.shape, logvar.exp().sqrt().mean().item() > 0)
    z = torch.randn(3, 2)
    samples = torch.sigmoid(model.dec(z))
    print(samples.shape, samples.min().item() >= 0, samples.max().item() <= 1)
    print((samples > 0.5).int()[0])
    grid = torch.stack(
        torch.meshgrid(torch.linspace(-1, 1, 3), torch.linspace(-1, 1, 3), indexing="ij"), -1
    ).reshape(-1, 2)
    print(grid)
    print(torch.sigmoid(model.dec(grid)).mean(1).round(decimals=3))
x = data[:2]
recon, mu, logvar = model(x)
print(F.binary_cross_entropy(torch.sigmoid(recon), x, reduction="none").shape)
q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))
kl = torch.distributions.kl_divergence(q, p).sum()
print(torch.allclose(kl, loss_fn(recon, x, mu, logvar)[2], atol=1e-5))
try:
    F.binary_cross_entropy(recon, x)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.binary_cross_entropy_with_logits(recon, x[:1])
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("word_lm_packed", r'''
import math
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

torch.manual_seed(15)
corpus = ["the cat sat on the mat", "a dog ran", "the dog sat on a log today", "cats nap"]
words = sorted({w for s in corpus for w in s.split()})
itos = ["<pad>", "<bos>", "<eos>"] + words
stoi = {w: i for i, w in enumerate(itos)}
seqs = [torch.tensor([1] + [stoi[w] for w in s.split()] + [2]) for s in corpus]
lengths = torch.tensor([len(s) - 1 for s in seqs])
inputs = pad_sequence([s[:-1] for s in seqs], batch_first=True, padding_value=0)
targets = pad_sequence([s[1:] for s in seqs], batch_first=True, padding_value=0)
print(len(itos), inputs.shape, lengths)
print(inputs)


class WordLM(nn.Module):
    def __init__(self, vocab, emb=8, hidden=16):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb, padding_idx=0)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(
            self.emb(x), lengths, batch_first=True, enforce_sorted=False
        )
        out, (h, c) = self.lstm(packed)
        out, out_lens = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        return self.out(out), out_lens, h


model = WordLM(len(itos))
print(model.emb.weight[0])
packed = pack_padded_sequence(inputs, lengths, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
print(packed.data)
crit = nn.CrossEntropyLoss(ignore_index=0)
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(30):
    logits, out_lens, h = model(inputs, lengths)
    loss = crit(logits.reshape(-1, len(itos)), targets.reshape(-1))
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if epoch % 10 == 0 or epoch == 29:
        print(f"epoch {epoch} loss {loss.item():.4f} ppl {math.exp(loss.item()):.2f}")
print(out_lens, h.shape, logits.shape)
print(model.emb.weight.grad[0])
model.eval()
with torch.no_grad():
    tok, state, gen = torch.tensor([[1]]), None, []
    for _ in range(8):
        out, state = model.lstm(model.emb(tok), state)
        tok = model.out(out[:, -1]).argmax(-1, keepdim=True)
        if tok.item() == 2:
            break
        gen.append(itos[tok.item()])
    print("generated:", " ".join(gen))
try:
    pack_padded_sequence(inputs, lengths, batch_first=True)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    pack_padded_sequence(
        inputs, torch.tensor([5, 3, 0, 2]), batch_first=True, enforce_sorted=False
    )
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("grad_accum", r'''
import torch
import torch.nn as nn

torch.manual_seed(16)
model = nn.Sequential(nn.Linear(6, 10), nn.GELU(), nn.LayerNorm(10), nn.Linear(10, 3))
X, y = torch.randn(32, 6), torch.randint(0, 3, (32,))
crit = nn.CrossEntropyLoss()

model.zero_grad()
crit(model(X), y).backward()
full = [p.grad.clone() for p in model.parameters()]

model.zero_grad(set_to_none=True)
print([p.grad for p in model.parameters()][:2])
accum = 4
for i, (xb, yb) in enumerate(zip(X.chunk(accum), y.chunk(accum))):
    loss = crit(model(xb), yb) / accum
    loss.backward()
    print(i, xb.shape[0], f"{loss.item():.5f}", f"{model[0].weight.grad.norm().item():.5f}")
for g_full, p in zip(full, model.parameters()):
    print(tuple(p.shape), torch.allclose(g_full, p.grad, atol=1e-6))

opt = torch.optim.SGD(model.parameters(), lr=0.1)
sizes = [5, 7, 9, 11]
xs, ys = X.split(sizes), y.split(sizes)
print([t.shape[0] for t in xs])
steps = 0
for epoch in range(2):
    opt.zero_grad()
    n_total = sum(t.shape[0] for t in xs)
    for i, (xb, yb) in enumerate(zip(xs, ys)):
        loss = nn.functional.cross_entropy(model(xb), yb, reduction="sum") / n_total
        loss.backward()
        if (i + 1) % 2 == 0:
            opt.step()
            opt.zero_grad()
            steps += 1
    print(epoch, steps, round(loss.item(), 5))
w = torch.ones(3, requires_grad=True)
for k in range(3):
    (w * (k + 1)).sum().backward()
print(w.grad)
w.grad.zero_()
print(w.grad, w.grad.requires_grad)
try:
    (w * 2).sum().backward(inputs=[])
except RuntimeError as e:
    print("RuntimeError:", e)
a = torch.ones(2, requires_grad=True)
b = torch.ones(2, requires_grad=True)
(a * b * 3).sum().backward(inputs=[a])
print(a.grad, b.grad)
loss = (a**2).sum()
loss.backward(retain_graph=True)
loss.backward()
print(a.grad)
try:
    loss.backward()
except RuntimeError as e:
    print("RuntimeError:", str(e)[:90])
'''),
    _case("gradcheck_user", r'''
import torch
from torch.autograd import gradcheck, gradgradcheck
from torch.autograd.gradcheck import GradcheckError

torch.manual_seed(17)


def softplus_norm(x, w):
    return torch.nn.functional.softplus(x @ w).norm(dim=-1)


def my_logsumexp(x):
    m = x.max(dim=-1, keepdim=True).values
    return (x - m).exp().sum(-1).log() + m.squeeze(-1)


x = torch.randn(3, 4, dtype=torch.double, requires_grad=True)
w = torch.randn(4, 2, dtype=torch.double, requires_grad=True)
print(gradcheck(softplus_norm, (x, w), eps=1e-6, atol=1e-4))
print(gradgradcheck(softplus_norm, (x, w)))
print(gradcheck(my_logsumexp, (x,)), torch.allclose(my_logsumexp(x), x.logsumexp(-1)))
print(gradcheck(lambda a: (a.sin() * a.cos()).sum(dim=0), x, fast_mode=True))
print(gradcheck(lambda a, b: a * b, (x, torch.randn(4, dtype=torch.double))))


class BadSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * x


print(
    gradcheck(
        BadSquare.apply,
        (torch.randn(3, dtype=torch.double, requires_grad=True),),
        raise_exception=False,
    )
)
try:
    gradcheck(
        BadSquare.apply, (torch.tensor([1.0, 2.0], dtype=torch.double, requires_grad=True),)
    )
except GradcheckError as e:
    print(type(e).__name__, isinstance(e, RuntimeError))
    print(str(e))
f32 = torch.randn(3, requires_grad=True)
try:
    gradcheck(torch.sin, (f32,))
except Exception as e:
    print(type(e).__name__)
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(gradcheck(torch.sin, (f32,), atol=1e-2, rtol=1e-2, eps=1e-3, raise_exception=False))
    print([str(c.message)[:60] for c in caught])
try:
    gradcheck(torch.sin, (torch.randn(3, dtype=torch.double),))
except ValueError as e:
    print("ValueError:", e)


def abs_at_kink(a):
    return a.abs()


print(
    gradcheck(
        abs_at_kink,
        (torch.tensor([0.0, 1.0], dtype=torch.double, requires_grad=True),),
        raise_exception=False,
    )
)


def two_outputs(a):
    return a.exp(), (a * 2).detach()


print(gradcheck(two_outputs, (torch.randn(2, dtype=torch.double, requires_grad=True),)))
h = torch.autograd.functional.hessian(
    lambda v: (v**3).sum(), torch.tensor([1.0, 2.0], dtype=torch.double)
)
print(h)
j = torch.autograd.functional.jacobian(
    lambda v: v.cumsum(0) ** 2, torch.tensor([1.0, 2.0, 3.0])
)
print(j)
'''),
    _case("policy_gradient", r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical, Normal, Bernoulli, Independent

torch.manual_seed(18)
true_means = torch.tensor([0.1, 0.5, 0.9, 0.3])
logits = nn.Parameter(torch.zeros(4))
opt = torch.optim.Adam([logits], lr=0.1)
baseline = 0.0
for step in range(60):
    dist = Categorical(logits=logits)
    actions = dist.sample((16,))
    rewards = Bernoulli(probs=true_means[actions]).sample()
    baseline = 0.9 * baseline + 0.1 * rewards.mean().item()
    loss = -(dist.log_prob(actions) * (rewards - baseline)).mean() - 0.01 * dist.entropy()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 15 == 0:
        print(
            step,
            f"{loss.item():.4f}",
            dist.probs.detach().round(decimals=3),
            f"{dist.entropy().item():.4f}",
        )
final = Categorical(logits=logits.detach())
print("best arm", final.probs.argmax().item(), final.probs)
print(final.batch_shape, final.event_shape, final.sample((2, 3)).shape)
print(final.log_prob(torch.tensor([0, 2])))


class GaussianPolicy(nn.Module):
    def __init__(self):
        super().__init__()
        self.mu = nn.Linear(2, 2)
        self.log_std = nn.Parameter(torch.full((2,), -0.5))

    def forward(self, s):
        return Independent(Normal(self.mu(s), self.log_std.exp()), 1)


pol = GaussianPolicy()
popt = torch.optim.SGD(pol.parameters(), lr=0.05)
target = torch.tensor([1.0, -1.0])
for step in range(40):
    s = torch.randn(32, 2)
    d = pol(s)
    a = d.sample()
    r = -((a - target) ** 2).sum(-1)
    adv = (r - r.mean()) / (r.std() + 1e-8)
    loss = -(d.log_prob(a) * adv).mean()
    popt.zero_grad()
    loss.backward()
    popt.step()
    if step % 10 == 0:
        print(step, f"{r.mean().item():.3f}", d.batch_shape, d.event_shape)
print(pol.log_std.exp().detach(), pol.mu.bias.detach())
n = Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
x = n.rsample()
print(
    x.requires_grad,
    n.log_prob(torch.tensor([0.0, 0.0])),
    n.entropy(),
    n.cdf(torch.tensor([0.0, 1.0])),
)
print(n)
try:
    Categorical(probs=torch.tensor([0.5, -0.1, 0.6]))
except ValueError as e:
    print("ValueError:", e)
try:
    Normal(torch.tensor([0.0]), torch.tensor([-1.0]))
except ValueError as e:
    print("ValueError:", e)
try:
    final.log_prob(torch.tensor([7]))
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("conv_autoencoder", r'''
import torch
import torch.nn as nn

torch.manual_seed(19)


class ConvAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 4, 3, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv2d(4, 8, 3, stride=2, padding=1),
            nn.ReLU(),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1),
            nn.ReLU(),
            nn.ConvTranspose2d(4, 1, 3, stride=2, padding=1, output_padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z), z


def make_images(n):
    yy, xx = torch.meshgrid(torch.arange(8.0), torch.arange(8.0), indexing="ij")
    cx, cy = torch.randint(2, 6, (n, 1, 1)).float(), torch.randint(2, 6, (n, 1, 1)).float()
    return (((xx - cx) ** 2 + (yy - cy) ** 2) < 4).float().unsqueeze(1)


imgs = make_images(24)
print(imgs.shape, imgs.mean().item())
model = ConvAE()
x = imgs[:2]
h = x
for layer in list(model.encoder) + list(model.decoder):
    h = layer(h)
    print(f"{type(layer).__name__:16s} {tuple(h.shape)}")
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(8):
    noisy = (imgs + 0.3 * torch.randn_like(imgs)).clamp(0, 1)
    recon, z = model(noisy)
    loss = nn.functional.binary_cross_entropy(recon, imgs)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(
        f"epoch {epoch} bce {loss.item():.4f} mse {nn.functional.mse_loss(recon, imgs).item():.4f}"
    )
with torch.no_grad():
    recon, z = model(imgs[:1])
print(z.shape, (recon > 0.5).int().squeeze())
up = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1)
print(up(z).shape, up(z, output_size=[4, 4]).shape)
try:
    up(z, output_size=[7, 7])
except ValueError as e:
    print("ValueError:", e)
try:
    model(torch.zeros(1, 3, 8, 8))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    nn.ConvTranspose2d(4, 4, 3, stride=2, output_padding=2)(torch.zeros(1, 4, 3, 3))
except RuntimeError as e:
    print("RuntimeError:", e)
print(nn.functional.interpolate(z[:, :1], scale_factor=2, mode="nearest").shape)
print(nn.functional.pixel_shuffle(torch.arange(16.0).reshape(1, 4, 2, 2), 2))
'''),
    _case("multitask_detach", r'''
import torch
import torch.nn as nn

torch.manual_seed(20)
trunk = nn.Sequential(nn.Linear(5, 16), nn.SiLU())
head_a = nn.Linear(16, 3)
head_b = nn.Linear(16, 1)
params = list(trunk.parameters()) + list(head_a.parameters()) + list(head_b.parameters())
opt = torch.optim.RMSprop(params, lr=1e-2, alpha=0.9)
X = torch.randn(40, 5)
ya = torch.randint(0, 3, (40,))
yb = X.sum(1, keepdim=True)
log_vars = nn.Parameter(torch.zeros(2))
opt.add_param_group({"params": [log_vars], "lr": 0.05})
for epoch in range(6):
    h = trunk(X)
    la = nn.functional.cross_entropy(head_a(h), ya)
    lb = nn.functional.smooth_l1_loss(head_b(h), yb, beta=0.5)
    loss = (la * torch.exp(-log_vars[0]) + log_vars[0]) + (
        lb * torch.exp(-log_vars[1]) + log_vars[1]
    )
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, f"{la.item():.4f} {lb.item():.4f}", log_vars.detach().numpy().round(4))
h = trunk(X)
la = nn.functional.cross_entropy(head_a(h), ya)
lb = nn.functional.mse_loss(head_b(h.detach()), yb)
grads_a = torch.autograd.grad(la, trunk[0].weight, retain_graph=True)[0]
try:
    torch.autograd.grad(lb, trunk[0].weight)
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.autograd.grad(lb, trunk[0].weight, allow_unused=True), grads_a.shape)
print(
    torch.autograd.grad(lb, trunk[0].weight, allow_unused=True, materialize_grads=True)[0]
    .abs()
    .sum()
)
ga = torch.autograd.grad(la, list(trunk.parameters()), retain_graph=True)
gb = torch.autograd.grad(
    nn.functional.mse_loss(head_b(h), yb), list(trunk.parameters()), retain_graph=True
)
cos = [
    nn.functional.cosine_similarity(a.flatten(), b.flatten(), dim=0).item()
    for a, b in zip(ga, gb)
]
print("grad cosine", [round(c, 4) for c in cos])
flat_a = torch.cat([g.flatten() for g in ga])
flat_b = torch.cat([g.flatten() for g in gb])
dot = flat_a @ flat_b
proj = flat_a - dot.clamp(max=0) / flat_b.dot(flat_b) * flat_b
print(flat_a.shape, f"{dot.item():.5f}", torch.equal(proj, flat_a) == (dot.item() >= 0))
stopped = h.detach().requires_grad_()
out = head_a(stopped).sum()
out.backward()
print(stopped.grad.shape, stopped.is_leaf, h.is_leaf, trunk[0].weight.grad is None)
try:
    h.detach().requires_grad_(True).sum().backward()
    h.sum().backward()
    h.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split(".")[0])
'''),
    _case("knn_kmeans", r'''
import torch

torch.manual_seed(21)
centers = torch.tensor([[0.0, 0.0], [3.0, 3.0], [-3.0, 2.0]])
labels = torch.randint(0, 3, (60,))
points = centers[labels] + 0.6 * torch.randn(60, 2)
train_x, train_y, test_x, test_y = points[:45], labels[:45], points[45:], labels[45:]
d = torch.cdist(test_x, train_x)
print(d.shape, d.dtype, d.min().item() >= 0)
k = 5
knn_d, knn_i = d.topk(k, largest=False)
votes = train_y[knn_i]
pred, _ = votes.mode(dim=1)
print(votes[:3], pred)
print("knn acc", (pred == test_y).float().mean().item())
weights = 1.0 / (knn_d + 1e-6)
scores = torch.zeros(len(test_x), 3).scatter_add_(1, votes, weights)
print("weighted", scores.argmax(1).eq(test_y).sum().item(), scores.shape)


def kmeans(x, k, iters=10):
    g = torch.Generator().manual_seed(0)
    c = x[torch.randperm(len(x), generator=g)[:k]].clone()
    for it in range(iters):
        assign = torch.cdist(x, c).argmin(1)
        sums = torch.zeros_like(c).index_add_(0, assign, x)
        counts = torch.bincount(assign, minlength=k).clamp(min=1).unsqueeze(1)
        new_c = sums / counts
        shift = (new_c - c).norm(dim=1).max()
        c = new_c
        if shift < 1e-4:
            print("converged at", it)
            break
    inertia = ((x - c[assign]) ** 2).sum()
    return c, assign, inertia


c, assign, inertia = kmeans(points, 3)
order = c[:, 0].argsort()
print(c[order].round(decimals=2), f"{inertia.item():.3f}")
print(torch.bincount(assign, minlength=3))
sq = (points.unsqueeze(1) - c.unsqueeze(0)).pow(2).sum(-1)
print(
    torch.equal(sq.argmin(1), assign),
    torch.allclose(sq.sqrt(), torch.cdist(points, c), atol=1e-5),
)
print(torch.cdist(points[:2], c, p=1), torch.cdist(points[:2], c, p=float("inf")))
print(torch.pdist(centers), torch.nn.functional.pairwise_distance(centers[:2], centers[1:]))
sil_a = torch.stack([sq[i].sqrt()[assign[i]] for i in range(5)])
print(sil_a.shape, assign[:5])
onehot = torch.nn.functional.one_hot(assign, 3).float()
print(
    onehot.sum(0), (onehot.T @ points / onehot.sum(0, keepdim=True).T).round(decimals=2)[order]
)
try:
    torch.cdist(points, c[:, :1])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    votes.float().mode(dim=3)
except IndexError as e:
    print("IndexError:", e)
try:
    torch.zeros(3, 2).index_add_(0, torch.tensor([0, 5]), torch.ones(2, 2))
except (IndexError, RuntimeError) as e:
    print(type(e).__name__ + ":", e)
'''),
    _case("lbfgs_logreg", r'''
import torch
import torch.nn as nn

torch.manual_seed(22)
n, d = 100, 3
X = torch.randn(n, d)
w_true = torch.tensor([2.0, -1.0, 0.5])
y = (torch.sigmoid(X @ w_true + 0.3) > torch.rand(n)).float()
model = nn.Linear(d, 1)
crit = nn.BCEWithLogitsLoss()
opt = torch.optim.LBFGS(
    model.parameters(), lr=1, max_iter=20, history_size=5, line_search_fn="strong_wolfe"
)
calls = 0


def closure():
    global calls
    calls += 1
    opt.zero_grad()
    loss = crit(model(X).squeeze(1), y) + 1e-3 * model.weight.pow(2).sum()
    loss.backward()
    return loss


for it in range(3):
    loss = opt.step(closure)
    print(it, f"{loss.item():.6f}", calls)
print(model.weight.detach().round(decimals=3), model.bias.detach().round(decimals=3))
state = opt.state[opt._params[0]]
print(sorted(state.keys()))
print(state["n_iter"], state["func_evals"], len(state["old_dirs"]))
probs = torch.sigmoid(model(X).squeeze(1))
print("acc", ((probs > 0.5).float() == y).float().mean().item())
nll = nn.functional.binary_cross_entropy(probs, y)
print(f"{nll.item():.5f}")
H = torch.autograd.functional.hessian(
    lambda w: crit(X @ w, y), model.weight.detach().squeeze(0)
)
print(H.shape, torch.linalg.eigvalsh(H).min().item() > 0)
model2 = nn.Linear(d, 1)
opt2 = torch.optim.LBFGS(model2.parameters(), lr=0.5, max_iter=5)
for it in range(3):

    def closure2():
        opt2.zero_grad()
        l = crit(model2(X).squeeze(1), y)
        l.backward()
        return l

    print("plain", f"{opt2.step(closure2).item():.5f}")
try:
    opt2.step()
except (TypeError, RuntimeError) as e:
    print(type(e).__name__ + ":", e)
try:
    torch.optim.LBFGS([torch.zeros(1, requires_grad=True)], line_search_fn="armijo").step(
        lambda: torch.zeros(())
    )
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.optim.LBFGS(
        [
            {"params": [torch.zeros(1, requires_grad=True)]},
            {"params": [torch.zeros(1, requires_grad=True)]},
        ]
    )
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("state_dict_surgery", r'''
import io
from collections import OrderedDict
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(23)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 3)
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))
        self.register_buffer("cache", torch.zeros(3), persistent=False)

    def forward(self, x):
        self.steps += 1
        return self.lin(x)


old = nn.Sequential(OrderedDict(block=Block(), head=nn.Linear(3, 1)))
old(torch.randn(2, 3))
sd = old.state_dict()
print(list(sd.keys()), sd["block.steps"])
print(type(sd).__name__, sd["head.weight"].requires_grad, sd["head.weight"].grad_fn)
renamed = OrderedDict(
    (k.replace("block.", "encoder.").replace("lin", "proj"), v) for k, v in sd.items()
)
print(list(renamed))


class New(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Module()
        self.encoder.proj = nn.Linear(3, 3)
        self.encoder.register_buffer("steps", torch.zeros((), dtype=torch.long))
        self.head = nn.Linear(3, 2)


new = New()
filtered = {
    k: v
    for k, v in renamed.items()
    if k in new.state_dict() and v.shape == new.state_dict()[k].shape
}
res = new.load_state_dict(filtered, strict=False)
print(res.missing_keys, res.unexpected_keys, new.encoder.steps)
print(torch.equal(new.encoder.proj.weight, old.block.lin.weight))
vec = parameters_to_vector(old.parameters())
print(vec.shape, vec.requires_grad, vec.grad_fn.name())
vector_to_parameters(torch.arange(vec.numel(), dtype=torch.float32), old.parameters())
print(old.head.weight, old.block.lin.bias)
buf = io.BytesIO()
torch.save(old.state_dict(), buf)
print(buf.tell() > 0)
buf.seek(0)
sd2 = torch.load(buf)
print({k: (tuple(v.shape), v.dtype) for k, v in sd2.items()})
half = {k: v.half() if v.is_floating_point() else v for k, v in sd2.items()}
old.load_state_dict(half)
print(old.head.weight.dtype, old.head.weight)
sd3 = old.state_dict(prefix="model.", keep_vars=True)
print(list(sd3)[:2], type(sd3["model.head.weight"]).__name__)
sub = nn.Linear(3, 3)
sub.load_state_dict({k.split("lin.")[1]: v for k, v in sd2.items() if "lin." in k}, assign=True)
print(sub.weight.requires_grad, sub.bias)
try:
    new.load_state_dict(renamed)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    vector_to_parameters(torch.zeros(3), old.parameters())
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    parameters_to_vector(torch.zeros(3))
except TypeError as e:
    print("TypeError:", e)
'''),
    _case("timeseries_gru", r'''
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(24)
t = torch.arange(0, 120, dtype=torch.float32)
series = torch.sin(0.2 * t) + 0.5 * torch.sin(0.05 * t) + 0.1 * torch.randn(120)
mean, std = series[:90].mean(), series[:90].std()
norm = (series - mean) / std
print(f"mean {mean:.4f} std {std:.4f}")


class Windows(Dataset):
    def __init__(self, x, width, horizon=1):
        self.w = x.unfold(0, width + horizon, 1)
        self.width = width

    def __len__(self):
        return self.w.shape[0]

    def __getitem__(self, i):
        return self.w[i, : self.width].unsqueeze(-1), self.w[i, self.width :]


train = Windows(norm[:90], width=12)
test = Windows(norm[78:], width=12)
print(len(train), len(test), train[0][0].shape, train[0][1].shape, train.w.stride())
loader = DataLoader(
    train, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0)
)


class Forecaster(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.gru = nn.GRU(1, hidden, num_layers=2, batch_first=True, dropout=0.1)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, h = self.gru(x)
        return self.head(out[:, -1]), h


model = Forecaster()
print(model.gru)
print([(n, tuple(p.shape)) for n, p in model.gru.named_parameters()][:4])
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(6):
    model.train()
    total = 0.0
    for xb, yb in loader:
        pred, _ = model(xb)
        loss = nn.functional.mse_loss(pred, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    model.eval()
    with torch.no_grad():
        xs = torch.stack([test[i][0] for i in range(len(test))])
        ys = torch.stack([test[i][1] for i in range(len(test))])
        p, h = model(xs)
        mae = (p - ys).abs().mean() * std
    print(
        f"epoch {epoch} train {total / len(train):.4f} test MAE {mae.item():.4f} h {tuple(h.shape)}"
    )
with torch.no_grad():
    window = norm[-12:].reshape(1, 12, 1)
    preds = []
    for _ in range(5):
        p, _ = model(window)
        preds.append(p.item() * std.item() + mean.item())
        window = torch.cat([window[:, 1:], p.reshape(1, 1, 1)], dim=1)
print([round(v, 3) for v in preds])
try:
    model(torch.zeros(4, 12))
except (RuntimeError, ValueError) as e:
    print(type(e).__name__ + ":", e)
try:
    norm.unfold(0, 200, 1)
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("custom_optimizer", r'''
import torch
from torch.optim import Optimizer

torch.manual_seed(25)


class SignSGD(Optimizer):
    def __init__(self, params, lr=1e-2, momentum=0.0, weight_decay=0.0):
        if lr <= 0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad.add(p, alpha=group["weight_decay"])
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["buf"] = torch.zeros_like(p)
                state["step"] += 1
                buf = state["buf"].mul_(group["momentum"]).add_(g)
                p.add_(buf.sign(), alpha=-group["lr"])
        return loss


w = torch.nn.Parameter(torch.randn(4))
b = torch.nn.Parameter(torch.zeros(1))
opt = SignSGD([{"params": [w]}, {"params": [b], "lr": 0.1}], lr=0.05, momentum=0.9)
print(opt)
print(opt.defaults)
target = torch.tensor([1.0, -2.0, 0.5, 0.0])
for step in range(5):

    def closure():
        opt.zero_grad()
        loss = ((w - target) ** 2).sum() + (b - 1).pow(2).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    print(step, round(loss.item(), 4), w.detach().round(decimals=3), b.item())
sd = opt.state_dict()
print(sd["state"][0]["step"], sd["state"][0]["buf"], sd["param_groups"])
opt2 = SignSGD([{"params": [w]}, {"params": [b]}], lr=0.05)
opt2.load_state_dict(sd)
print(opt2.param_groups[1]["lr"], opt2.state[w]["step"], opt2.state[b]["buf"])
calls = []
opt.register_step_pre_hook(lambda o, args, kwargs: calls.append("pre"))
opt.register_step_post_hook(lambda o, args, kwargs: calls.append("post"))
opt.step()
print(calls)
opt.zero_grad(set_to_none=False)
print(w.grad, b.grad)
opt.zero_grad()
print(w.grad)
try:
    SignSGD([w], lr=0)
except ValueError as e:
    print("ValueError:", e)
try:
    opt2.load_state_dict({"state": {}, "param_groups": [{"params": [0], "lr": 1.0}]})
except ValueError as e:
    print("ValueError:", e)
try:
    Optimizer([w], {})
except Exception as e:
    print(type(e).__name__, e)
try:
    SignSGD([{"params": w, "lr": 0.1}, {"lr": 0.2}])
except (KeyError, ValueError, TypeError) as e:
    print(type(e).__name__ + ":", e)
'''),
    _case("masked_attention_pool", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(26)
B, T, D = 3, 5, 8
lengths = torch.tensor([5, 3, 1])
x = torch.randn(B, T, D)
mask = torch.arange(T)[None, :] < lengths[:, None]
print(mask)
mean_pool = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
print(mean_pool.shape, torch.allclose(mean_pool[2], x[2, 0]))
max_pool = x.masked_fill(~mask.unsqueeze(-1), float("-inf")).max(1).values
print(torch.equal(max_pool[1], x[1, :3].max(0).values))


class AttnPool(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.score = nn.Linear(d, 1, bias=False)

    def forward(self, x, mask):
        s = self.score(x).squeeze(-1).masked_fill(~mask, float("-inf"))
        a = s.softmax(-1)
        return (a.unsqueeze(-1) * x).sum(1), a


pool = AttnPool(D)
out, attn = pool(x, mask)
print(attn.round(decimals=4))
print(torch.allclose(attn.sum(-1), torch.ones(B)), out.shape)
out.sum().backward()
print(pool.score.weight.grad.shape, pool.score.weight.grad.abs().sum() > 0)
q = torch.randn(B, 2, T, 4)
k = torch.randn(B, 2, T, 4)
v = torch.randn(B, 2, T, 4)
attn_mask = mask[:, None, None, :]
o1 = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
scores = q @ k.transpose(-2, -1) / 2.0
o2 = scores.masked_fill(~attn_mask, float("-inf")).softmax(-1) @ v
print(o1.shape, torch.allclose(o1, o2, atol=1e-6))
causal = F.scaled_dot_product_attention(q, k, v, is_causal=True)
print(torch.allclose(causal[:, :, 0], v[:, :, 0], atol=1e-6))
mha = nn.MultiheadAttention(D, 2, batch_first=True)
o, w = mha(x, x, x, key_padding_mask=~mask)
print(o.shape, w.shape, w[2, 0])
o, w = mha(x, x, x, key_padding_mask=~mask, average_attn_weights=False)
print(w.shape)
all_masked = torch.zeros(1, 4, dtype=torch.bool)
print(torch.randn(1, 4).masked_fill(~all_masked, float("-inf")).softmax(-1))
try:
    x.masked_fill(mask, 0.0)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, is_causal=True)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    mha(x, x, x, key_padding_mask=mask[:, :3])
except (AssertionError, RuntimeError) as e:
    print(type(e).__name__ + ":", e)
'''),
    _case("lr_finder", r'''
import math
import torch
import torch.nn as nn

torch.manual_seed(27)
X = torch.randn(256, 10)
y = (X[:, :3].sum(1) > 0).long()
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
init_state = {k: v.clone() for k, v in model.state_dict().items()}
opt = torch.optim.SGD(model.parameters(), lr=1e-5, momentum=0.9, nesterov=True)
start, end, n = 1e-5, 10.0, 30
mult = (end / start) ** (1 / (n - 1))
lrs, losses, smooth, best = [], [], 0.0, float("inf")
for i in range(n):
    idx = torch.randint(0, 256, (32,))
    loss = nn.functional.cross_entropy(model(X[idx]), y[idx])
    smooth = 0.98 * smooth + 0.02 * loss.item()
    debiased = smooth / (1 - 0.98 ** (i + 1))
    lr = opt.param_groups[0]["lr"]
    lrs.append(lr)
    losses.append(debiased)
    if debiased > 4 * best:
        print("diverged at", i, f"lr={lr:.2e}")
        break
    best = min(best, debiased)
    opt.zero_grad()
    loss.backward()
    opt.step()
    for g in opt.param_groups:
        g["lr"] *= mult
print(len(lrs), f"{lrs[0]:.1e} {lrs[-1]:.3e}")
t = torch.tensor(losses)
print(t.argmin().item(), f"{lrs[t.argmin().item()]:.3e}")
grads = (t[1:] - t[:-1]) / torch.tensor([math.log(l) for l in lrs[1:]]).diff(
    prepend=torch.tensor([math.log(lrs[0])])
)
print(grads.shape, torch.isfinite(grads).all())
model.load_state_dict(init_state)
print(torch.equal(model[0].weight, init_state["0.weight"]))
suggested = lrs[t.argmin().item()] / 10
opt = torch.optim.SGD(model.parameters(), lr=suggested, momentum=0.9, nesterov=True)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: min(1.0, (e + 1) / 3))
for epoch in range(5):
    perm = torch.randperm(256)
    for i in range(0, 256, 64):
        idx = perm[i : i + 64]
        loss = nn.functional.cross_entropy(model(X[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    sched.step()
    with torch.no_grad():
        acc = (model(X).argmax(1) == y).float().mean()
    print(epoch, f"{loss.item():.4f}", f"{acc.item():.4f}", f"{sched.get_last_lr()[0]:.3e}")
print(sched.state_dict().keys())
try:
    torch.optim.SGD(model.parameters(), lr=0.1, nesterov=True)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, dampening=0.5, nesterov=True)
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("label_smoothing_weights", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(28)
logits = torch.randn(6, 4, requires_grad=True)
target = torch.tensor([0, 1, 2, 3, 1, -100])
w = torch.tensor([1.0, 2.0, 0.5, 1.0])
for ls in [0.0, 0.1]:
    for red in ["mean", "sum", "none"]:
        loss = F.cross_entropy(
            logits, target, weight=w, label_smoothing=ls, reduction=red, ignore_index=-100
        )
        print(ls, red, loss.detach().round(decimals=4))
loss = F.cross_entropy(logits, target, weight=w, label_smoothing=0.1)
loss.backward()
print(logits.grad.round(decimals=4))
soft = F.one_hot(target.clamp(min=0), 4).float() * 0.9 + 0.025
print(
    F.cross_entropy(logits, soft).item().__round__(5),
    F.cross_entropy(logits, soft, label_smoothing=0.2).item().__round__(5),
)
crit = nn.CrossEntropyLoss(weight=w, ignore_index=1, reduction="mean")
print(crit, f"{crit(logits, target.clamp(min=0)).item():.5f}")
nll = nn.NLLLoss(weight=w)
print(f"{nll(logits.log_softmax(1), target.clamp(min=0)).item():.5f}")
seg_logits = torch.randn(2, 3, 4, 4)
seg_target = torch.randint(0, 3, (2, 4, 4))
seg_target[0, 0] = 255
print(F.cross_entropy(seg_logits, seg_target, ignore_index=255).item().__round__(5))
print(F.cross_entropy(seg_logits, seg_target, ignore_index=255, reduction="none").shape)
all_ignored = torch.full((3,), -100)
print(F.cross_entropy(torch.randn(3, 4), all_ignored))
focal_gamma = 2.0
ce = F.cross_entropy(logits, target.clamp(min=0), reduction="none")
pt = torch.exp(-ce)
print(((1 - pt) ** focal_gamma * ce).mean().item().__round__(5))
print(F.kl_div(logits.log_softmax(1), soft, reduction="batchmean").item().__round__(5))
print(F.multi_margin_loss(logits, target.clamp(min=0)).item().__round__(5))
try:
    F.cross_entropy(logits, torch.tensor([0, 1, 2, 3, 1, 4]))
except (IndexError, RuntimeError) as e:
    print(type(e).__name__ + ":", e)
try:
    F.cross_entropy(logits, target.float())
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.cross_entropy(logits, target, weight=torch.ones(3))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.cross_entropy(logits, soft, ignore_index=0)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.cross_entropy(logits, target, label_smoothing=1.5)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.nll_loss(logits, target[:3])
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("graph_walk_hooks", r'''
import torch

torch.manual_seed(29)
x = torch.randn(3, requires_grad=True)
w = torch.randn(3, 3, requires_grad=True)
h = torch.tanh(w @ x)
h.retain_grad()
y = (h * h).sum() + x.exp().mean()


def walk(fn, depth=0, seen=None):
    seen = set() if seen is None else seen
    if fn is None or fn in seen:
        return
    seen.add(fn)
    extra = f" -> leaf {tuple(fn.variable.shape)}" if hasattr(fn, "variable") else ""
    print("  " * depth + type(fn).__name__ + extra)
    for nxt, idx in fn.next_functions:
        walk(nxt, depth + 1, seen)


walk(y.grad_fn)
print(y.grad_fn.next_functions[0][0].name(), y.grad_fn.metadata)
seen_grads = []
y.grad_fn.register_prehook(lambda gout: seen_grads.append(("pre", gout[0].item())))
h.grad_fn.register_hook(
    lambda gin, gout: seen_grads.append(("post", len(gin), tuple(gout[0].shape)))
)
y.backward()
print(seen_grads)
print(h.grad, h.is_leaf, h.retains_grad, x.grad.shape)
print(w.grad.norm().item().__round__(5))
try:
    _ = (h * 2).grad
except Exception as e:
    print(type(e).__name__, e)
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    z = x * 2
    print(z.grad)
    print([str(c.message)[:70] for c in caught])
saved = torch.tanh(x).grad_fn
print(type(saved._saved_result).__name__, torch.equal(saved._saved_result, torch.tanh(x)))
m = x * w[0]
print(sorted(a for a in dir(m.grad_fn) if a.startswith("_saved")))
print(m.grad_fn._saved_other is None, torch.equal(m.grad_fn._saved_self, x))
counts = {}


def count(fn):
    stack, seen = [fn], set()
    while stack:
        f = stack.pop()
        if f is None or f in seen:
            continue
        seen.add(f)
        counts[type(f).__name__] = counts.get(type(f).__name__, 0) + 1
        stack.extend(n for n, _ in f.next_functions)


count((torch.sigmoid(w @ x) * x).sum().grad_fn)
print(sorted(counts.items()))
a = torch.tensor(2.0, requires_grad=True)
b = a * 3
b.register_hook(lambda g: print("b grad", g))
c = b**2
c.register_hook(lambda g: g * 0.5)
c.backward()
print(a.grad)
try:
    torch.ones(2).register_hook(lambda g: g)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    y.backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split("\n")[0][:80])
'''),
    _case("distributed_sampler_loader", r'''
import torch
from torch.utils.data import DataLoader, TensorDataset, default_collate
from torch.utils.data.distributed import DistributedSampler
from collections import namedtuple
import numpy as np

torch.manual_seed(30)
ds = TensorDataset(torch.arange(10.0).unsqueeze(1), torch.arange(10) % 3)
for rank in range(3):
    s = DistributedSampler(ds, num_replicas=3, rank=rank, shuffle=True, seed=7)
    s.set_epoch(1)
    print(rank, len(s), list(s))
s0 = DistributedSampler(ds, num_replicas=3, rank=0, shuffle=False, drop_last=True)
print(len(s0), list(s0))
loader = DataLoader(
    ds, batch_size=2, sampler=DistributedSampler(ds, num_replicas=2, rank=1, shuffle=False)
)
print(len(loader), [y.tolist() for _, y in loader])
try:
    DistributedSampler(ds, num_replicas=2, rank=5)
except ValueError as e:
    print("ValueError:", e)
try:
    DistributedSampler(ds)
except (RuntimeError, ValueError) as e:
    print(type(e).__name__ + ":", str(e)[:60])

Point = namedtuple("Point", ["x", "y"])
batch = [Point(np.array([1.0, 2.0]), 3), Point(np.array([4.0, 5.0]), 6)]
out = default_collate(batch)
print(type(out).__name__, out.x, out.x.dtype, out.y)
nested = [{"a": (torch.tensor(1), 2.5), "b": "s1"}, {"a": (torch.tensor(2), 3.5), "b": "s2"}]
print(default_collate(nested))
print(default_collate([np.float32(1.5), np.float32(2.0)]), default_collate([True, False]))
print(default_collate([[1, 2], [3, 4]]))
try:
    default_collate([torch.zeros(2), torch.zeros(3)])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    default_collate([object(), object()])
except TypeError as e:
    print("TypeError:", str(e)[:80])
loader = DataLoader(ds, batch_size=4, drop_last=True)
print(len(loader), len(DataLoader(ds, batch_size=4)), loader.batch_size, loader.drop_last)
try:
    DataLoader(ds, prefetch_factor=2)
except ValueError as e:
    print("ValueError:", e)
try:
    DataLoader(ds, persistent_workers=True)
except ValueError as e:
    print("ValueError:", e)
try:
    DataLoader(ds, num_workers=-1)
except ValueError as e:
    print("ValueError:", e)
it = iter(
    DataLoader(ds, batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(3))
)
print(next(it)[1], next(it)[1])
print(type(it).__name__)
'''),
    _case("module_setattr_repr", r'''
import torch
import torch.nn as nn

torch.manual_seed(31)


class Scale(nn.Module):
    def __init__(self, n, init=1.0):
        super().__init__()
        self.n = n
        self.weight = nn.Parameter(torch.full((n,), init))

    def forward(self, x):
        return x * self.weight

    def extra_repr(self):
        return f"n={self.n}, init={self.weight[0].item()}"


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(4, 4), Scale(4, 0.5), nn.Dropout(0.25), nn.LeakyReLU(0.1)
        )
        self.shared = Scale(4)
        self.again = self.shared
        self.blocks = nn.ModuleList(
            [nn.Identity(), nn.BatchNorm1d(4, momentum=None, affine=False)]
        )

    def forward(self, x):
        return self.blocks[1](self.again(self.shared(self.body(x))))


net = Net()
print(net)
print([n for n, _ in net.named_modules()])
print(len(list(net.named_modules(remove_duplicate=False))), len(list(net.modules())))
print([n for n, _ in net.named_parameters()])
print(net.blocks[1].running_mean, net.blocks[1].num_batches_tracked)
net(torch.randn(6, 4))
print(net.blocks[1].num_batches_tracked, net.blocks[1].running_var.round(decimals=3))
net.register_module("tail", nn.Tanh())
net.add_module("tail2", None)
print(list(net._modules), net.tail2)
net.temperature = nn.Parameter(torch.tensor(1.0))
net.register_parameter("unused", None)
print([n for n, _ in net.named_parameters()][-2:], "unused" in dict(net.named_parameters()))
try:
    net.shared.weight = torch.zeros(4)
except TypeError as e:
    print("TypeError:", e)
try:
    net.body = torch.zeros(3)
except TypeError as e:
    print("TypeError:", e)
try:
    net.add_module("a.b", nn.ReLU())
except KeyError as e:
    print("KeyError:", e)
try:
    net.register_buffer("temperature", torch.zeros(1))
except KeyError as e:
    print("KeyError:", e)
try:
    net.add_module("x", 3)
except TypeError as e:
    print("TypeError:", e)
try:
    net.nonexistent
except AttributeError as e:
    print("AttributeError:", e)
del net.temperature
print(hasattr(net, "temperature"))
net.shared.weight = nn.Parameter(torch.ones(4) * 2)
print(net.again.weight, net.shared)
print(net.body[1:], net.body[-1].negative_slope)
net.eval()
print(net.body[2].training, str(net.body[2]), repr(nn.Flatten(0, -1)), nn.Unflatten(1, (2, 2)))
print(
    nn.Softmax(dim=-1),
    nn.Hardtanh(-2, 2),
    nn.ELU(alpha=0.5, inplace=True),
    nn.Threshold(0.1, 20),
)
'''),
    _case("init_schemes", r'''
import math
import torch
import torch.nn as nn

torch.manual_seed(32)
for nl in ["linear", "conv2d", "sigmoid", "tanh", "relu", "selu"]:
    print(nl, round(nn.init.calculate_gain(nl), 6))
print(round(nn.init.calculate_gain("leaky_relu", 0.2), 6))
w = torch.empty(64, 32)
for name, fn in [
    (
        "xavier_uniform",
        lambda t: nn.init.xavier_uniform_(t, gain=nn.init.calculate_gain("tanh")),
    ),
    ("xavier_normal", nn.init.xavier_normal_),
    ("kaiming_uniform", lambda t: nn.init.kaiming_uniform_(t, a=math.sqrt(5))),
    (
        "kaiming_normal_fan_out",
        lambda t: nn.init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu"),
    ),
    ("trunc_normal", lambda t: nn.init.trunc_normal_(t, std=0.02, a=-0.04, b=0.04)),
    ("orthogonal", nn.init.orthogonal_),
    ("uniform", lambda t: nn.init.uniform_(t, -0.1, 0.1)),
    ("normal", lambda t: nn.init.normal_(t, 0.0, 0.5)),
]:
    out = fn(w)
    print(
        f"{name:24s} std={w.std().item():.4f} min={w.min().item():.4f}",
        f"max={w.max().item():.4f} same={out is w}",
    )
q = nn.init.orthogonal_(torch.empty(4, 6))
print(torch.allclose(q @ q.T, torch.eye(4), atol=1e-5), q.shape)
e = nn.init.eye_(torch.empty(3, 4))
print(e)
d = nn.init.dirac_(torch.empty(2, 2, 3))
print(d)
s = nn.init.sparse_(torch.empty(6, 4), sparsity=0.5)
print((s == 0).sum(0))
c = nn.init.constant_(torch.empty(2, 2), 0.3)
print(c, nn.init.ones_(torch.empty(2)), nn.init.zeros_(torch.empty(1, 2)))
conv = nn.Conv2d(3, 8, 3)
fan_in = conv.weight[0].numel()
bound = 1 / math.sqrt(fan_in)
print(fan_in, conv.weight.abs().max().item() <= bound, conv.bias.abs().max().item() <= bound)
lin = nn.Linear(100, 50)
with torch.no_grad():
    lin.weight.copy_(nn.init.kaiming_uniform_(torch.empty(50, 100), nonlinearity="relu"))
print(lin.weight.requires_grad, lin.weight.grad_fn, f"{lin.weight.var().item():.5f}")
p = nn.Parameter(torch.empty(3, 3))
nn.init.normal_(p)
print(p.requires_grad, p.is_leaf, type(p).__name__)
try:
    nn.init.xavier_uniform_(torch.empty(5))
except ValueError as e:
    print("ValueError:", e)
try:
    nn.init.calculate_gain("swish")
except ValueError as e:
    print("ValueError:", e)
try:
    nn.init.kaiming_normal_(torch.empty(3, 3), mode="fan_avg")
except ValueError as e:
    print("ValueError:", e)
try:
    nn.init.eye_(torch.empty(2, 2, 2))
except ValueError as e:
    print("ValueError:", e)
try:
    nn.init.orthogonal_(torch.empty(3))
except ValueError as e:
    print("ValueError:", e)
try:
    nn.init.dirac_(torch.empty(3, 3))
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("embeddings_pretrained", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(33)
vocab = ["<pad>", "<unk>", "good", "bad", "movie", "plot", "great", "awful"]
pretrained = torch.randn(len(vocab), 4)
emb = nn.Embedding.from_pretrained(pretrained, freeze=True, padding_idx=0)
print(emb, emb.weight.requires_grad, emb.padding_idx)
trainable = nn.Embedding.from_pretrained(pretrained.clone(), freeze=False, max_norm=1.0)
print(trainable)
ids = torch.tensor([[2, 4, 0, 0], [3, 5, 7, 0]])
before = trainable.weight.norm(dim=1).clone()
out = trainable(ids)
after = trainable.weight.norm(dim=1)
print(before.round(decimals=3), after.round(decimals=3))
print(out.norm(dim=-1).max().item() <= 1.0 + 1e-6)
pad_emb = nn.Embedding(8, 3, padding_idx=0)
print(pad_emb.weight[0])
x = pad_emb(ids).sum()
x.backward()
print(pad_emb.weight.grad[0], pad_emb.weight.grad[2])
bag = nn.EmbeddingBag.from_pretrained(pretrained, mode="mean", padding_idx=0)
print(bag(ids))
sims = F.cosine_similarity(pretrained[2:3], pretrained, dim=1)
print(sims.round(decimals=4))
print([vocab[i] for i in sims.topk(3).indices.tolist()])
normed = F.normalize(pretrained, dim=1)
print(torch.allclose(normed @ normed[2], sims, atol=1e-6))
print(F.embedding(torch.tensor([1, 2]), pretrained, max_norm=0.5).norm(dim=1))
onehot = F.one_hot(ids, num_classes=len(vocab)).float()
print(torch.allclose(onehot @ pretrained, F.embedding(ids, pretrained)))
try:
    emb(torch.tensor([8]))
except IndexError as e:
    print("IndexError:", e)
try:
    emb(torch.tensor([1.0]))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    nn.Embedding.from_pretrained(torch.zeros(3))
except (AssertionError, ValueError) as e:
    print(type(e).__name__ + ":", e)
try:
    nn.Embedding(5, 2, padding_idx=7)
except AssertionError as e:
    print("AssertionError:", e)
'''),
    _case("optimizers_state", r'''
import torch
import torch.nn as nn

torch.manual_seed(34)
X, y = torch.randn(20, 3), torch.randn(20, 1)
results = {}
for name, make in [
    (
        "Adagrad",
        lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1),
    ),
    ("Adadelta", lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.9)),
    ("NAdam", lambda p: torch.optim.NAdam(p, lr=0.05, momentum_decay=4e-3)),
    (
        "RAdam",
        lambda p: torch.optim.RAdam(p, lr=0.05, decoupled_weight_decay=True, weight_decay=0.1),
    ),
    ("Adamax", lambda p: torch.optim.Adamax(p, lr=0.05)),
    ("ASGD", lambda p: torch.optim.ASGD(p, lr=0.05, t0=2)),
    ("Rprop", lambda p: torch.optim.Rprop(p, lr=0.01, etas=(0.4, 1.3))),
    ("AdamW-amsgrad", lambda p: torch.optim.AdamW(p, lr=0.05, amsgrad=True)),
    ("SGD-maximize", lambda p: torch.optim.SGD(p, lr=0.01, maximize=True)),
]:
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    opt = make(model.parameters())
    for step in range(5):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        opt.step()
    state = opt.state[model.weight]
    keys = sorted(state.keys())
    step_val = state.get("step")
    print(f"{name:14s} loss {loss.item():.5f} keys {keys} step {step_val}")
    results[name] = model.weight.detach().clone()
print(results["NAdam"], results["Rprop"])
opt = torch.optim.Adam(nn.Linear(2, 2).parameters(), lr=1e-3)
print(opt.state_dict()["param_groups"][0])
opt = torch.optim.Adam([torch.zeros(2, requires_grad=True)], lr=torch.tensor(0.01))
print(type(opt.param_groups[0]["lr"]).__name__)
try:
    torch.optim.Adam([torch.zeros(2, requires_grad=True)], lr=0.1, eps=-1)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.Adagrad([torch.zeros(2, requires_grad=True)], lr_decay=-0.1)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.Rprop([torch.zeros(2, requires_grad=True)], etas=(1.5, 1.2))
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.Adadelta([torch.zeros(2, requires_grad=True)], rho=1.5)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.optim.SGD([torch.zeros(2)], lr=0.1).step() or print("no grad: step is a no-op")
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.SGD([torch.zeros(2, dtype=torch.long, requires_grad=False)], lr=0.1)
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("transformer_decoder_lm", r'''
import math
import torch
import torch.nn as nn

torch.manual_seed(35)
V, D, T = 12, 16, 6


class TinyGPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, D)
        self.pos = nn.Parameter(torch.zeros(1, T, D))
        layer = nn.TransformerEncoderLayer(
            D,
            nhead=2,
            dim_feedforward=32,
            dropout=0.0,
            batch_first=True,
            norm_first=True,
            activation="gelu",
        )
        self.blocks = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.ln = nn.LayerNorm(D)
        self.head = nn.Linear(D, V, bias=False)

    def forward(self, idx):
        t = idx.shape[1]
        mask = nn.Transformer.generate_square_subsequent_mask(t)
        h = self.tok(idx) + self.pos[:, :t]
        h = self.blocks(h, mask=mask, is_causal=True)
        return self.head(self.ln(h))


print(nn.Transformer.generate_square_subsequent_mask(4))
model = TinyGPT()
print(sum(p.numel() for p in model.parameters()))
data = torch.arange(60) % V
xs = torch.stack([data[i : i + T] for i in range(0, 40, 3)])
ys = torch.stack([data[i + 1 : i + T + 1] for i in range(0, 40, 3)])
print(xs.shape, xs[0], ys[0])
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, betas=(0.9, 0.95), weight_decay=0.1)
for step in range(25):
    logits = model(xs)
    loss = nn.functional.cross_entropy(logits.view(-1, V), ys.reshape(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    gn = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if step % 6 == 0:
        print(f"step {step} loss {loss.item():.4f} gnorm {gn.item():.4f}")


@torch.no_grad()
def generate(idx, n, temperature=1.0, top_k=None):
    for _ in range(n):
        logits = model(idx[:, -T:])[:, -1, :] / temperature
        if top_k is not None:
            v, _ = torch.topk(logits, top_k)
            logits[logits < v[:, [-1]]] = -float("inf")
        probs = logits.softmax(-1)
        idx = torch.cat([idx, torch.multinomial(probs, 1)], dim=1)
    return idx


model.eval()
print(generate(torch.tensor([[0, 1]]), 8, top_k=1))
torch.manual_seed(0)
print(generate(torch.tensor([[3]]), 5, temperature=0.8, top_k=3).shape)
with torch.no_grad():
    a = model(xs[:1, :4])
    b = model(xs[:1, :5])[:, :4]
print(torch.allclose(a, b, atol=1e-5))
try:
    model(torch.zeros(1, T + 1, dtype=torch.long))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("half_precision", r'''
import torch
import torch.nn as nn

torch.manual_seed(36)
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
x = torch.randn(5, 8)
hm = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)).half()
out = hm(x.half())
loss = nn.functional.cross_entropy(out.float(), torch.tensor([0, 1, 2, 3, 0]))
print(
    out.dtype,
    loss.dtype,
    out.softmax(-1).dtype,
    (x.half() @ x.half().T).dtype,
    (x.half() + 1.0).dtype,
)
print(torch.is_autocast_enabled("cpu"))
print(torch.promote_types(torch.float16, torch.int64), (x.half() + x).dtype)
loss.backward()
print(hm[0].weight.grad.dtype, hm[0].weight.grad.abs().max().item() > 0)
b = torch.tensor([1.0, 2.5, 3.14159, 1000.3], dtype=torch.float16)
print(b, b.dtype, b.element_size(), b.float())
print(torch.tensor([1e-3, 65504.0, 1e5]).half(), torch.finfo(torch.float16))
print(
    torch.finfo(torch.float16).eps,
    torch.finfo(torch.float16).max,
    torch.finfo(torch.float32).tiny,
)
half_model = nn.Linear(4, 2).to(torch.float16)
print(half_model.weight.dtype, half_model(torch.ones(1, 4, dtype=torch.float16)).dtype)
try:
    half_model(torch.ones(1, 4))
except RuntimeError as e:
    print("RuntimeError:", e)
d = model.double()
print(d[0].weight.dtype, d(x.double()).dtype)
acc = torch.zeros((), dtype=torch.float16)
for i in range(300):
    acc += 1
print(acc, torch.ones(300, dtype=torch.float16).sum())
print(
    torch.tensor(0.1, dtype=torch.float16) * 3,
    torch.tensor([0.1, 0.2], dtype=torch.float16).sum(),
)
print(torch.arange(5, dtype=torch.float16) / 3)
scaler = torch.amp.GradScaler("cpu", init_scale=8.0)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
l2 = d(x.double()).pow(2).mean()
scaler.scale(l2.float()).backward()
scaler.step(opt)
scaler.update()
print(scaler.get_scale(), scaler.state_dict())
'''),
    _case("preprocessing_stats", r'''
import torch

torch.manual_seed(37)
data = torch.randn(50, 4) * torch.tensor([1.0, 10.0, 0.1, 5.0]) + torch.tensor(
    [0.0, 100.0, -1.0, 3.0]
)
data[3, 2] = float("nan")
data[10, 0] = float("nan")
print(torch.isnan(data).sum(0), torch.isnan(data).any(1).nonzero().flatten())
col_mean = torch.nanmean(data, dim=0)
print(col_mean)
filled = torch.where(torch.isnan(data), col_mean.expand_as(data), data)
print(torch.isnan(filled).any().item(), filled[3])
std, mean = torch.std_mean(filled, dim=0, unbiased=True)
print(mean, std)
z = (filled - mean) / std
print(z.mean(0).abs().max().item() < 1e-5, z.std(0))
q = torch.quantile(filled, torch.tensor([0.25, 0.5, 0.75]), dim=0)
print(q.shape, q[:, 1])
iqr = q[2] - q[0]
outliers = ((filled < q[0] - 1.5 * iqr) | (filled > q[2] + 1.5 * iqr)).sum(0)
print("outliers", outliers)
print(
    torch.nanquantile(data[:, 2], 0.5), torch.median(filled[:, 1]), torch.nanmedian(data[:, 0])
)
mn, mx = filled.aminmax(dim=0)
scaled = (filled - mn) / (mx - mn)
print(scaled.min(0).values, scaled.max(0).values)
clipped = filled.clamp(min=q[0], max=q[2])
print(clipped.shape, (clipped <= q[2]).all().item())
cm, ci = filled[:, 0].cummax(0)
print(cm[:6], ci[:6])
print(torch.cumsum(filled[:5, 3], 0), torch.logcumsumexp(filled[:5, 3], 0))
rank = filled[:, 1].argsort().argsort()
print(rank[:10])
cov = torch.cov(z.T)
corr = torch.corrcoef(filled.T)
print(cov.diag(), torch.allclose(cov, corr, atol=1e-5))
print(torch.histogram(filled[:, 0], bins=4))
counts, edges = torch.histogram(filled[:, 0], bins=torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0]))
print(counts, edges)
bucket = torch.bucketize(filled[:8, 0], edges, right=True)
print(bucket)
print(torch.searchsorted(edges, torch.tensor([-2.0, 0.0, 5.0]), side="right"))
print(torch.var(filled, dim=0, correction=0), torch.nansum(data, 0))
print(torch.kthvalue(filled[:, 0], 5))
try:
    torch.quantile(filled, 1.5)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.quantile(filled.long(), 0.5)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.histogram(filled.double(), bins=torch.tensor([1.0, 0.0]))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("optimizer_in_backward", r'''
import torch
import torch.nn as nn

torch.manual_seed(38)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
opts = {p: torch.optim.SGD([p], lr=0.1) for p in model.parameters()}
order = []


def step_hook(p):
    order.append(tuple(p.shape))
    opts[p].step()
    opts[p].zero_grad()


handles = [p.register_post_accumulate_grad_hook(step_hook) for p in model.parameters()]
ref = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
ref.load_state_dict(model.state_dict())
ref_opt = torch.optim.SGD(ref.parameters(), lr=0.1)
X, y = torch.randn(16, 4), torch.randn(16, 1)
for step in range(3):
    order.clear()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    ref_opt.zero_grad()
    ref_loss = nn.functional.mse_loss(ref(X), y)
    ref_loss.backward()
    ref_opt.step()
    same = all(
        torch.allclose(a, b, atol=1e-6) for a, b in zip(model.parameters(), ref.parameters())
    )
    print(step, f"{loss.item():.5f}", order, same, model[0].weight.grad)
for h in handles:
    h.remove()
leaf = torch.ones(2, requires_grad=True)
leaf.register_post_accumulate_grad_hook(lambda t: print("accumulated", t.grad))
(leaf * 3).sum().backward()
(leaf * 2).sum().backward()
try:
    (leaf * 2).register_post_accumulate_grad_hook(lambda t: None)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.ones(2).register_post_accumulate_grad_hook(lambda t: None)
except RuntimeError as e:
    print("RuntimeError:", e)


class AddOneInplace(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.add_(1)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g


a = torch.ones(3, requires_grad=True)
b = a.clone()
out = AddOneInplace.apply(b)
print(out is b, b, b.grad_fn.name(), b._version)
(out * out).sum().backward()
print(a.grad)
try:
    AddOneInplace.apply(a)
except RuntimeError as e:
    print("RuntimeError:", e)


class Forgot(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        return x

    @staticmethod
    def backward(ctx, g):
        return g


c = torch.ones(2, requires_grad=True).clone()
r = Forgot.apply(c)
print(r.grad_fn.name(), r is c)
'''),
    _case("seq2seq_grucell", r'''
import random
import torch
import torch.nn as nn

torch.manual_seed(39)
random.seed(0)
SOS, EOS, V = 0, 1, 8


def make_pair():
    n = random.randint(2, 4)
    src = [random.randint(2, V - 1) for _ in range(n)]
    return torch.tensor(src + [EOS]), torch.tensor(src[::-1] + [EOS])


pairs = [make_pair() for _ in range(30)]
print(pairs[0])


class Encoder(nn.Module):
    def __init__(self, h=24):
        super().__init__()
        self.emb = nn.Embedding(V, h)
        self.cell = nn.GRUCell(h, h)

    def forward(self, src):
        h = torch.zeros(1, self.cell.hidden_size)
        for tok in src:
            h = self.cell(self.emb(tok.view(1)), h)
        return h


class Decoder(nn.Module):
    def __init__(self, h=24):
        super().__init__()
        self.emb = nn.Embedding(V, h)
        self.cell = nn.LSTMCell(h, h)
        self.out = nn.Linear(h, V)

    def forward(self, tok, state):
        h, c = self.cell(self.emb(tok), state)
        return self.out(h).log_softmax(-1), (h, c)


enc, dec = Encoder(), Decoder()
print(enc.cell, dec.cell, dec.cell.weight_ih.shape)
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.Adam(params, lr=0.01)
crit = nn.NLLLoss()
for epoch in range(4):
    total = 0.0
    for i, (src, tgt) in enumerate(pairs):
        h = enc(src)
        state = (h, torch.zeros_like(h))
        tok = torch.tensor([SOS])
        loss = 0
        teacher = random.random() < 0.5
        for t in range(len(tgt)):
            logp, state = dec(tok, state)
            loss = loss + crit(logp, tgt[t].view(1))
            tok = tgt[t].view(1) if teacher else logp.argmax(-1).detach()
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        total += loss.item() / len(tgt)
    print(f"epoch {epoch} avg loss {total / len(pairs):.4f}")


@torch.no_grad()
def translate(src, max_len=6):
    h = enc(src)
    state, tok, out = (h, torch.zeros_like(h)), torch.tensor([SOS]), []
    for _ in range(max_len):
        logp, state = dec(tok, state)
        tok = logp.argmax(-1)
        if tok.item() == EOS:
            break
        out.append(tok.item())
    return out


print(translate(torch.tensor([3, 4, 5, EOS])))
try:
    enc.cell(torch.zeros(1, 10), torch.zeros(1, 24))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    dec.cell(torch.zeros(2, 24), (torch.zeros(3, 24), torch.zeros(3, 24)))
except RuntimeError as e:
    print("RuntimeError:", e)
print(nn.GRUCell(3, 2)(torch.zeros(3)).shape)
'''),
    _case("save_whole_model", r'''
import argparse
import io
import os
import tempfile
import torch
import torch.nn as nn

torch.manual_seed(40)

m = nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 2))
m.classes = ["cat", "dog"]
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "model.pt")
torch.save(m, path)
try:
    torch.load(path)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
loaded = torch.load(path, weights_only=False)
print(type(loaded).__name__, loaded.classes, torch.equal(loaded[0].weight, m[0].weight))
print(loaded)
with torch.serialization.safe_globals([nn.Sequential]):
    try:
        torch.load(path)
    except Exception as e:
        print("still refused:", type(e).__name__)
sd_path = os.path.join(tmp, "weights.pt")
torch.save(
    {
        "state": m.state_dict(),
        "classes": m.classes,
        "meta": {"epoch": 3, "lr": 1e-3, "ok": True},
    },
    sd_path,
)
ck = torch.load(sd_path, weights_only=True, map_location="cpu")
args_path = os.path.join(tmp, "with_args.pt")
torch.save({"args": argparse.Namespace(lr=0.01, epochs=5), "w": torch.ones(2)}, args_path)
print(torch.serialization.get_unsafe_globals_in_checkpoint(args_path))
try:
    torch.load(args_path)
except Exception as e:
    print(type(e).__name__, "Unsupported global" in str(e))
with torch.serialization.safe_globals([argparse.Namespace]):
    print(torch.load(args_path))
torch.serialization.add_safe_globals([argparse.Namespace])
print(
    torch.load(args_path)["args"].epochs,
    argparse.Namespace in torch.serialization.get_safe_globals(),
)
print(ck["classes"], ck["meta"], list(ck["state"])[:2])
buf = io.BytesIO()
torch.save(
    [torch.arange(3), (torch.ones(2, dtype=torch.float64), None), {"k": torch.tensor(True)}],
    buf,
)
buf.seek(0)
obj = torch.load(buf)
print(obj, type(obj[1]).__name__)
base = torch.arange(10.0)
view = base[2:5]
buf = io.BytesIO()
torch.save({"base": base, "view": view}, buf)
buf.seek(0)
back = torch.load(buf)
back["view"].fill_(-1)
print(back["base"], back["view"].storage_offset())
buf = io.BytesIO()
torch.save(view.clone(), buf)
print(buf.getbuffer().nbytes < 2000)
try:
    torch.load(os.path.join(tmp, "missing.pt"))
except FileNotFoundError as e:
    print("FileNotFoundError:", e.strerror)
print(sorted(os.listdir(tmp)))
'''),
    _case("print_options_log", r'''
import torch

torch.manual_seed(41)
w = torch.randn(3, 4) * torch.tensor([1e-5, 1.0, 1e3, 1e6])
print(w)
torch.set_printoptions(precision=2, sci_mode=False)
print(w)
torch.set_printoptions(precision=3, sci_mode=True)
print(w[:, :2])
torch.set_printoptions(profile="default")
big = torch.arange(2000).reshape(40, 50).float() / 7
print(big)
torch.set_printoptions(threshold=5, edgeitems=2)
print(torch.arange(10), torch.linspace(0, 1, 12).reshape(3, 4))
torch.set_printoptions(profile="full")
print(torch.arange(30).reshape(3, 10) * 1000)
torch.set_printoptions(profile="default", linewidth=40)
print(torch.randn(2, 8))
torch.set_printoptions(linewidth=80)
loss = torch.tensor(0.123456789)
print(f"loss={loss:.4f} {loss.item():.2e} {loss!r} {loss}")
acc = torch.tensor([0.5, 0.25])
try:
    print(f"{acc:.2f}")
except (TypeError, ValueError) as e:
    print(type(e).__name__ + ":", e)
print(
    "{:>10}".format(str(torch.tensor(3))),
    format(torch.tensor(2.5), ".1f"),
    f"{torch.tensor(7):04d}",
)
print(torch.tensor([1e-8, 1.0]), torch.tensor([1e10, 1.0]), torch.tensor([0.1, 100000.0]))
print(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5]))
print(torch.tensor([[True, False]]), torch.tensor([1, -20, 100], dtype=torch.int8))
print(torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True) * 2)
print(
    torch.zeros(2, 0, 3), torch.empty(0, dtype=torch.long), torch.tensor(5.0).reshape(1, 1, 1)
)
print(torch.tensor([123456.789, 0.001]), torch.tensor([1.0, 2.0]).half())
print(torch.tensor(1 + 2j), torch.tensor([1.5 - 0.5j, 0.25j]))
print(
    repr(torch.nn.Parameter(torch.ones(2))), str(torch.Size([2, 3])), torch.float16, torch.long
)
print(torch.get_printoptions() if hasattr(torch, "get_printoptions") else "n/a")
'''),
    _case("distributions_misc", r'''
import torch
from torch import distributions as D

torch.manual_seed(42)
base = D.Normal(torch.zeros(2), torch.ones(2))
flow = D.TransformedDistribution(
    base, [D.transforms.AffineTransform(1.0, 2.0), D.transforms.ExpTransform()]
)
x = flow.sample((3,))
print(x.shape, (x > 0).all().item(), flow.log_prob(x).shape)
ln = D.LogNormal(torch.tensor([1.0]), torch.tensor([2.0]))
print(
    torch.allclose(
        ln.log_prob(torch.tensor([2.5])),
        D.TransformedDistribution(
            D.Normal(torch.tensor([1.0]), torch.tensor([2.0])), D.transforms.ExpTransform()
        ).log_prob(torch.tensor([2.5])),
    )
)
mix = D.MixtureSameFamily(
    D.Categorical(torch.tensor([0.3, 0.7])),
    D.Normal(torch.tensor([-2.0, 2.0]), torch.tensor([0.5, 0.5])),
)
s = mix.sample((1000,))
print(s.shape, round(s.mean().item(), 1), mix.mean, mix.variance)
print(mix.log_prob(torch.tensor([0.0, 2.0])))
print(base, ln, D.Categorical(torch.tensor([0.2, 0.8])))
print(D.Bernoulli(logits=torch.tensor([0.0, 2.0])).probs)
e = D.Normal(torch.tensor(0.0), torch.tensor(1.0)).expand([2, 3])
print(e.batch_shape, e.sample().shape, e.log_prob(torch.zeros(2, 3))[0])
ind = D.Independent(D.Normal(torch.zeros(4, 3), torch.ones(4, 3)), 1)
print(ind.batch_shape, ind.event_shape, ind.log_prob(torch.zeros(4, 3)).shape)
mvn = D.MultivariateNormal(
    torch.zeros(2), covariance_matrix=torch.tensor([[2.0, 0.5], [0.5, 1.0]])
)
print(mvn.scale_tril, mvn.entropy(), mvn.log_prob(torch.tensor([0.5, -0.5])))
print(
    D.Dirichlet(torch.tensor([1.0, 2.0, 3.0])).mean,
    D.Beta(2.0, 3.0).mean,
    D.Gamma(2.0, 0.5).variance,
)
p, q = (
    D.Categorical(probs=torch.tensor([0.5, 0.5])),
    D.Categorical(probs=torch.tensor([0.9, 0.1])),
)
print(D.kl_divergence(p, q), D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(1.0, 2.0)))
print(D.constraints.positive, D.Normal.arg_constraints, D.Normal(0.0, 1.0).support)
print(
    D.Poisson(torch.tensor([3.0])).log_prob(torch.tensor([2.0])),
    D.Binomial(10, torch.tensor(0.3)).mean,
)
ohc = D.OneHotCategorical(probs=torch.tensor([0.1, 0.6, 0.3]))
print(ohc.sample((4,)).sum(0).sum().item(), ohc.event_shape)
u = D.Uniform(torch.tensor([0.0]), torch.tensor([2.0]))
print(u.log_prob(torch.tensor([1.0])), u.cdf(torch.tensor([0.5])), u.entropy())
try:
    u.log_prob(torch.tensor([3.0]))
except ValueError as e:
    print("ValueError:", e)
try:
    D.Normal(torch.zeros(2), torch.ones(3))
except (RuntimeError, ValueError) as e:
    print(type(e).__name__ + ":", e)
try:
    D.kl_divergence(D.Normal(0.0, 1.0), D.Categorical(torch.tensor([0.5, 0.5])))
except NotImplementedError as e:
    print("NotImplementedError:", e)
try:
    D.MultivariateNormal(
        torch.zeros(2), covariance_matrix=torch.tensor([[1.0, 2.0], [2.0, 1.0]])
    )
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("siamese_losses", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(43)
enc = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
a, b = torch.randn(10, 6), torch.randn(10, 6)
same = torch.randint(0, 2, (10,)) * 2 - 1
ea, eb = enc(a), enc(b)
for name, crit in [
    ("cosine_embedding", nn.CosineEmbeddingLoss(margin=0.2)),
    ("hinge", None),
    ("margin_ranking", nn.MarginRankingLoss(margin=0.5)),
]:
    if name == "cosine_embedding":
        loss = crit(ea, eb, same)
    elif name == "hinge":
        loss = nn.HingeEmbeddingLoss(margin=1.0)(F.pairwise_distance(ea, eb), same)
    else:
        loss = crit(ea.norm(dim=1), eb.norm(dim=1), same.float())
    print(name, f"{loss.item():.5f}")
anchor, pos, neg = enc(torch.randn(5, 6)), enc(torch.randn(5, 6)), enc(torch.randn(5, 6))
t1 = nn.TripletMarginLoss(margin=1.0, p=2, swap=True)(anchor, pos, neg)
t2 = nn.TripletMarginWithDistanceLoss(
    distance_function=lambda x, y: 1 - F.cosine_similarity(x, y), margin=0.3
)(anchor, pos, neg)
print(f"{t1.item():.5f} {t2.item():.5f}")
d = torch.cdist(ea, eb)
pos_mask = torch.eye(10, dtype=torch.bool)
contrastive = torch.where(pos_mask, d.pow(2), F.relu(1.0 - d).pow(2)).mean()
print(f"contrastive {contrastive.item():.5f}")
logits = F.normalize(ea, dim=1) @ F.normalize(eb, dim=1).T / 0.1
labels = torch.arange(10)
info_nce = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2
print(f"info_nce {info_nce.item():.5f}")
info_nce.backward()
print(enc[0].weight.grad.norm().item() > 0)
print(F.soft_margin_loss(torch.tensor([0.5, -1.0]), torch.tensor([1.0, -1.0])))
print(
    F.multilabel_margin_loss(
        torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([[3, 0, -1, 1]])
    )
)
print(
    F.multilabel_soft_margin_loss(
        torch.tensor([[0.1, 0.2, 0.4]]), torch.tensor([[1.0, 0.0, 1.0]])
    )
)
print(
    F.poisson_nll_loss(torch.tensor([0.5, 1.0]), torch.tensor([1.0, 2.0])),
    F.gaussian_nll_loss(torch.zeros(2), torch.ones(2), torch.ones(2)),
)
print(
    F.huber_loss(torch.tensor([0.0, 3.0]), torch.zeros(2), delta=1.0),
    F.l1_loss(torch.ones(3), torch.zeros(3), reduction="sum"),
)
try:
    nn.CosineEmbeddingLoss()(ea, eb, same[:5])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.margin_ranking_loss(torch.ones(3), torch.ones(2), torch.ones(3))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.triplet_margin_loss(anchor, pos, neg[:, :2])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.gaussian_nll_loss(torch.zeros(2), torch.ones(2), -torch.ones(2))
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("image_augment", r'''
import torch
import torch.nn.functional as F

torch.manual_seed(44)
img = torch.arange(2 * 3 * 6 * 6, dtype=torch.float32).reshape(2, 3, 6, 6) / 100
mean = img.mean(dim=(0, 2, 3))
std = img.std(dim=(0, 2, 3))
print(mean, std)
norm = (img - mean[None, :, None, None]) / std.view(1, 3, 1, 1)
print(norm.mean(dim=(0, 2, 3)).abs().max().item() < 1e-5)


def random_crop(x, size, pad=1):
    x = F.pad(x, (pad, pad, pad, pad), mode="reflect")
    i = torch.randint(0, x.shape[-2] - size + 1, (1,)).item()
    j = torch.randint(0, x.shape[-1] - size + 1, (1,)).item()
    return x[..., i : i + size, j : j + size], (i, j)


crop, ij = random_crop(img[0], 5)
print(crop.shape, ij)
flipped = torch.flip(img, dims=[-1])
print(torch.equal(flipped[..., 0], img[..., -1]), img.flip(-2)[0, 0, 0])
print(torch.rot90(img[0, 0, :3, :3], 1, [0, 1]))
print(F.pad(img[0, :1, :2, :2], (1, 1, 0, 1), mode="replicate"))
print(F.pad(img[0, 0, :2, :2], (1, 1), mode="circular"))
print(F.pad(img[0, 0, :2, :2], (2, 0), value=-1.0))
up = F.interpolate(img[:, :1, :3, :3], size=(5, 5), mode="bilinear", align_corners=True)
print(up[0, 0])
down = F.interpolate(img[:, :1], scale_factor=0.5, mode="area")
print(down.shape, down[0, 0])
print(
    F.interpolate(img[:1, :1, :2, :2], scale_factor=2, mode="bicubic", align_corners=False)[
        0, 0
    ]
)
gray = (img * torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)).sum(1, keepdim=True)
print(gray.shape, gray[0, 0, 0, :3])
kernel = torch.tensor([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]) / 16
blur = F.conv2d(gray, kernel.view(1, 1, 3, 3), padding=1)
print(blur[0, 0, :2, :3])
mixed_lambda = torch.distributions.Beta(0.4, 0.4).sample()
perm = torch.randperm(2)
mixed = mixed_lambda * img + (1 - mixed_lambda) * img[perm]
print(mixed.shape, perm)
patches = F.unfold(img[:1], kernel_size=3, stride=3)
print(patches.shape, F.fold(patches, (6, 6), kernel_size=3, stride=3).equal(img[:1]))
try:
    F.pad(img[0, 0], (4, 4), mode="reflect")
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.interpolate(img, size=(4, 4), mode="linear")
except (ValueError, NotImplementedError) as e:
    print(type(e).__name__ + ":", e)
try:
    F.interpolate(img, scale_factor=2, size=(4, 4))
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("inplace_pitfalls", r'''
import torch

torch.manual_seed(45)
w = torch.randn(3, requires_grad=True)
try:
    w += 1
except RuntimeError as e:
    print("RuntimeError:", e)
with torch.no_grad():
    w += 1
print(w.requires_grad, w.is_leaf, w._version)
x = torch.randn(3, requires_grad=True)
y = x.sigmoid()
z = y * 2
y.mul_(3)
try:
    z.sum().backward()
    print("ok: mul's backward does not need y")
except RuntimeError as e:
    print("RuntimeError:", e)
y2 = x.sigmoid()
out = y2.sum()
y2.add_(1)
try:
    (y2 * 1).sum().backward()
    out.backward()
except RuntimeError as e:
    print("RuntimeError:", e)
a = x.exp()
b = a[0:2]
b.zero_()
print(a.grad_fn.name(), b.grad_fn.name(), a._version, b._version)
try:
    a.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
d = x.detach()
d[0] = 100.0
print(x[0].item() == 100.0, x.grad_fn)
old = torch.ones(3, requires_grad=True)
data_alias = old.data
data_alias.mul_(5)
print(old, old._version, data_alias._version)
v = torch.zeros(4)
view = v.view(2, 2)
view[0, 1] = 7
print(v, v._version, view._base is v, v.is_contiguous(), view.t().is_contiguous())
leaf = torch.ones(2, 2, requires_grad=True)
try:
    leaf[0, 0] = 5
except RuntimeError as e:
    print("RuntimeError:", e)
c = leaf.clone()
c[0, 0] = 5
c.sum().backward()
print(leaf.grad, c.grad_fn.name())
r = torch.randn(3, requires_grad=True).relu()
r.add_(1)
print(r.grad_fn.name())
try:
    torch.ones(2, requires_grad=True).view(2).resize_(4)
except RuntimeError as e:
    print("RuntimeError:", e)
e = torch.arange(6.0).reshape(2, 3)
try:
    e.view(3, 2).t().view(6)
except RuntimeError as err:
    print("RuntimeError:", err)
print(e.t().reshape(6), e.t().contiguous().view(-1))
u = torch.tensor([1.0, 2.0], requires_grad=True)
o = u.unsqueeze(0).expand(3, 2)
try:
    o.add_(1)
except RuntimeError as err:
    print("RuntimeError:", err)
'''),
    _case("rnn_utils", r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import (
    pack_sequence,
    pad_sequence,
    pad_packed_sequence,
    unpad_sequence,
    unpack_sequence,
    pack_padded_sequence,
    PackedSequence,
)

torch.manual_seed(46)
seqs = [torch.randn(4, 2), torch.randn(2, 2), torch.randn(3, 2)]
packed = pack_sequence(seqs, enforce_sorted=False)
print(type(packed).__name__, packed.data.shape, packed.batch_sizes, packed.sorted_indices)
print(packed.is_cuda, packed.to(torch.float64).data.dtype, packed.is_pinned())
lstm = nn.LSTM(2, 3, bidirectional=True, batch_first=True)
out, (h, c) = lstm(packed)
print(type(out).__name__, out.data.shape, h.shape, c.shape)
padded, lens = pad_packed_sequence(out, batch_first=True, padding_value=-9.0)
print(padded.shape, lens, padded[1, 2:, 0])
fwd_last = padded[torch.arange(3), lens - 1, :3]
print(
    torch.allclose(fwd_last, h[0], atol=1e-6), torch.allclose(padded[:, 0, 3:], h[1], atol=1e-6)
)
back = unpack_sequence(out)
print([t.shape for t in back])
p = pad_sequence(seqs)
print(p.shape, pad_sequence(seqs, batch_first=True, padding_side="left")[1, :, 0])
q = p.clone()
print([t.shape for t in unpad_sequence(q, torch.tensor([4, 2, 3]))], q.shape)
gru = nn.GRU(2, 3, num_layers=2)
o2, h2 = gru(pack_padded_sequence(p, torch.tensor([4, 2, 3]), enforce_sorted=False))
print(o2.data.shape, h2.shape)
o3, h3 = gru(p[:2, 1:2])
print(torch.allclose(h3, h2[:, 1:2], atol=1e-6))
rnn = nn.RNN(2, 4, nonlinearity="relu", bias=False)
print(rnn, [n for n, _ in rnn.named_parameters()])
print(rnn.all_weights[0][0].shape, lstm.weight_hh_l0_reverse.shape)
print(PackedSequence(torch.zeros(3, 2), torch.tensor([2, 1])).batch_sizes)
try:
    pack_sequence([torch.zeros(2, 2), torch.zeros(3, 2)])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    lstm(torch.randn(3, 4, 5))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    lstm(torch.randn(3, 4, 2), (torch.zeros(1, 3, 3), torch.zeros(1, 3, 3)))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    nn.LSTM(2, 3, proj_size=3)
except ValueError as e:
    print("ValueError:", e)
try:
    pad_sequence([torch.zeros(2, 2), torch.zeros(2, 3)])
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("closed_form_regression", r'''
import torch

torch.manual_seed(47)
n, d = 60, 4
X = torch.randn(n, d, dtype=torch.float64)
beta = torch.tensor([1.5, -2.0, 0.0, 0.7], dtype=torch.float64)
y = X @ beta + 0.1 * torch.randn(n, dtype=torch.float64)
Xb = torch.cat([X, torch.ones(n, 1, dtype=torch.float64)], dim=1)
normal_eq = torch.linalg.solve(Xb.T @ Xb, Xb.T @ y)
lst = torch.linalg.lstsq(Xb, y.unsqueeze(1)).solution.squeeze(1)
pinv = torch.linalg.pinv(Xb) @ y
print(normal_eq.round(decimals=4))
print(torch.allclose(normal_eq, lst), torch.allclose(normal_eq, pinv))
lam = 1.0
ridge = torch.linalg.solve(X.T @ X + lam * torch.eye(d, dtype=torch.float64), X.T @ y)
print(ridge.round(decimals=4))
w = torch.zeros(d + 1, dtype=torch.float64, requires_grad=True)
opt = torch.optim.LBFGS([w], lr=1.0, max_iter=100, tolerance_grad=1e-12, tolerance_change=1e-14)


def closure():
    opt.zero_grad()
    loss = ((Xb @ w - y) ** 2).mean()
    loss.backward()
    return loss


opt.step(closure)
print(torch.allclose(w.detach(), normal_eq, atol=1e-6))
resid = y - Xb @ normal_eq
r2 = 1 - resid.pow(2).sum() / (y - y.mean()).pow(2).sum()
print(f"R^2 {r2.item():.6f}", resid.mean().abs().item() < 1e-10)
sigma2 = resid.pow(2).sum() / (n - d - 1)
se = torch.sqrt(sigma2 * torch.linalg.inv(Xb.T @ Xb).diag())
print((normal_eq / se).abs().gt(2).tolist())
U, S, Vh = torch.linalg.svd(X, full_matrices=False)
print(S.shape, torch.allclose(U @ torch.diag(S) @ Vh, X), f"cond {(S[0] / S[-1]).item():.4f}")
L = torch.linalg.cholesky(X.T @ X)
sol = torch.cholesky_solve((X.T @ y).unsqueeze(1), L).squeeze(1)
print(torch.allclose(sol, torch.linalg.solve(X.T @ X, X.T @ y)))
Q, R = torch.linalg.qr(X)
print(
    torch.allclose(
        torch.linalg.solve_triangular(R, (Q.T @ y).unsqueeze(1), upper=True).squeeze(1), sol
    )
)
print(
    torch.linalg.matrix_rank(X).item(),
    torch.linalg.det(X.T @ X).item() > 0,
    round(torch.linalg.norm(X).item(), 4),
)
try:
    torch.linalg.solve(
        torch.zeros(2, 2, dtype=torch.float64), torch.ones(2, dtype=torch.float64)
    )
except RuntimeError as e:
    print(type(e).__name__ + ":", e)
try:
    torch.linalg.cholesky(-torch.eye(2))
except RuntimeError as e:
    print(type(e).__name__ + ":", e)
try:
    torch.linalg.solve(X.T @ X, torch.ones(3, dtype=torch.float64))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("scheduler_resume_last_epoch", r'''
import warnings
import torch
from torch.optim.lr_scheduler import StepLR, CosineAnnealingLR, ExponentialLR, LambdaLR

torch.manual_seed(48)
w = torch.nn.Parameter(torch.ones(2))
opt = torch.optim.SGD([w], lr=0.1)
try:
    StepLR(opt, step_size=2, last_epoch=3)
except KeyError as e:
    print("KeyError:", e)
for g in opt.param_groups:
    g.setdefault("initial_lr", g["lr"])
s = StepLR(opt, step_size=2, gamma=0.5, last_epoch=3)
print(s.last_epoch, s.get_last_lr(), opt.param_groups[0]["lr"], s.base_lrs)
for _ in range(3):
    opt.step()
    s.step()
    print(s.last_epoch, s.get_last_lr())
opt2 = torch.optim.SGD([w], lr=1.0)
c = CosineAnnealingLR(opt2, T_max=4, eta_min=0.1)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    c.step()
    print([str(x.message)[:70] for x in caught])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(round(c.get_lr()[0], 6))
    print([str(x.message)[:70] for x in caught])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    c.step(3)
    print([str(x.message)[:70] for x in caught], [round(v, 6) for v in c.get_last_lr()])
print(c.state_dict())
opt3 = torch.optim.Adam([w], lr=0.01)
e = ExponentialLR(opt3, gamma=0.5)
sd = e.state_dict()
opt3.param_groups[0]["lr"] = 5.0
e2 = ExponentialLR(opt3, gamma=0.9)
e2.load_state_dict(sd)
print(e2.gamma, e2.last_epoch, opt3.param_groups[0]["lr"], opt3.param_groups[0]["initial_lr"])
e2.step()
print(opt3.param_groups[0]["lr"])
lam = LambdaLR(opt3, lr_lambda=lambda ep: 0.9**ep)
print("lr_lambdas" in lam.state_dict(), lam.state_dict()["lr_lambdas"])
try:
    LambdaLR(opt3, lr_lambda=[lambda e: 1.0, lambda e: 2.0])
except ValueError as err:
    print("ValueError:", err)
try:
    StepLR("not an optimizer", 2)
except TypeError as err:
    print("TypeError:", err)
print(type(s).__mro__[1].__name__, isinstance(s, torch.optim.lr_scheduler.LRScheduler))
'''),
    _case("module_conversions", r'''
import torch
import torch.nn as nn

torch.manual_seed(49)
net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
print([n for n, _ in net.named_parameters(prefix="model")][:3])
print(len(list(net.parameters(recurse=False))), [type(c).__name__ for c in net.children()])
net.requires_grad_(False)
print(all(not p.requires_grad for p in net.parameters()))
net[3].requires_grad_()
print([p.requires_grad for p in net.parameters()])
h = net.half()
print(
    h is net, net[0].weight.dtype, net[1].running_mean.dtype, net[1].num_batches_tracked.dtype
)
net.float()
print(net[0].weight.dtype, net[1].running_var.dtype)
net.to(torch.float64)
print(net[3].bias.dtype, net[1].num_batches_tracked.dtype)
net.to(dtype=torch.float32, device="cpu")
print(net[0].weight.dtype, net[0].weight.device)
net.train(False)
print(net.training, net[1].training)
net.train()
x = torch.randn(5, 3)
out = net(x)
print(out.shape, out.requires_grad)
out.sum().backward()
print(net[0].weight.grad, net[3].weight.grad.shape)
net.zero_grad()
print(net[3].weight.grad)


def count(m):
    return sum(p.numel() for p in m.parameters()), sum(b.numel() for b in m.buffers())


print(count(net))
clone = type(net)(*[type(m)(*[]) if isinstance(m, nn.ReLU) else m for m in net])
print(clone[0] is net[0], clone[2] is net[2])
import copy

deep = copy.deepcopy(net)
print(
    deep[0].weight is net[0].weight,
    torch.equal(deep[0].weight, net[0].weight),
    deep[0].weight.requires_grad,
)
try:
    net.to("cuda:0")
except (RuntimeError, AssertionError) as e:
    print(type(e).__name__ + ":", str(e).split(":")[0])
try:
    net.to(torch.int64)
except TypeError as e:
    print("TypeError:", e)
try:
    nn.Linear(3, 4)(torch.randn(2, 3).double())
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    net(torch.randn(1, 3))
except ValueError as e:
    print("ValueError:", e)
v = torch.randn(3, requires_grad=True)
y = v * 2
try:
    y.backward()
except RuntimeError as e:
    print("RuntimeError:", e)
y.backward(torch.tensor([1.0, 0.1, 0.01]))
print(v.grad)
try:
    (v * 2).backward(torch.ones(2))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("quantization_ste", r'''
import torch
import torch.nn as nn

torch.manual_seed(50)


class RoundSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.round(x)

    @staticmethod
    def backward(ctx, g):
        return g


class FakeQuant(nn.Module):
    def __init__(self, bits=4):
        super().__init__()
        self.qmax = 2 ** (bits - 1) - 1
        self.scale = nn.Parameter(torch.tensor(0.1))

    def forward(self, x):
        q = torch.clamp(RoundSTE.apply(x / self.scale), -self.qmax - 1, self.qmax)
        return q * self.scale

    def extra_repr(self):
        return f"qmax={self.qmax}"


class QLinear(nn.Linear):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.wq = FakeQuant(4)

    def forward(self, x):
        return nn.functional.linear(x, self.wq(self.weight), self.bias)


model = nn.Sequential(QLinear(4, 8), nn.ReLU(), QLinear(8, 2))
print(model)
X = torch.randn(64, 4)
y = (X[:, 0] * X[:, 1] > 0).long()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(6):
    loss = nn.functional.cross_entropy(model(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(
        epoch,
        f"{loss.item():.4f}",
        f"{model[0].wq.scale.item():.4f}",
        f"{model[0].wq.scale.grad.item():+.4f}",
    )
with torch.no_grad():
    wq = model[0].wq(model[0].weight)
    levels = torch.unique(torch.round(wq / model[0].wq.scale))
    print(levels.numel() <= 16, levels.min().item() >= -8, levels.max().item() <= 7)
x = torch.tensor([-1.26, -0.5, 0.04, 0.05, 0.15, 2.5], requires_grad=True)
out = RoundSTE.apply(x * 10) / 10
out.sum().backward()
print(out, x.grad)
print(
    torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5])),
    torch.round(torch.tensor([1.2345, 2.5]), decimals=2),
)
print((torch.tensor([-1.0, 0.03, 0.5, 2.0]) / 0.1).round().clamp(-8, 7) * 0.1)
q = torch.tensor([0.31, -0.72]).div(0.25).round().clamp(-128, 127).to(torch.int8)
print(q, q.dtype, q.float() * 0.25)
print(
    torch.round(torch.tensor([2.675]), decimals=2),
    torch.tensor([1.7, -1.7]).trunc(),
    torch.tensor([1.7, -1.7]).fix(),
)
print(
    torch.clamp(
        torch.tensor([1, 5, 9]), min=torch.tensor([2, 2, 2]), max=torch.tensor([6, 6, 6])
    )
)
try:
    torch.clamp(torch.tensor([1.0]))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.tensor([300]).to(torch.int8).item()
    print(torch.tensor([300, -200]).to(torch.int8), torch.tensor([3.9, -3.9]).to(torch.int32))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("gnn_message_passing", r'''
import torch
import torch.nn as nn

torch.manual_seed(51)
edges = torch.tensor([[0, 1, 1, 2, 3, 3, 4, 5], [1, 0, 2, 1, 4, 5, 3, 3]])
N = 6
x = torch.randn(N, 3)
labels = torch.tensor([0, 0, 0, 1, 1, 1])
deg = torch.bincount(edges[1], minlength=N).float()
print("degree", deg)
A = torch.zeros(N, N).index_put_((edges[0], edges[1]), torch.ones(edges.shape[1]))
print(torch.equal(A, A.T), A.sum().item())
A_hat = A + torch.eye(N)
d_inv_sqrt = A_hat.sum(1).pow(-0.5)
norm_A = d_inv_sqrt[:, None] * A_hat * d_inv_sqrt[None, :]
print(norm_A.diag().round(decimals=4))


class GCN(nn.Module):
    def __init__(self, i, h, o):
        super().__init__()
        self.l1, self.l2 = nn.Linear(i, h), nn.Linear(h, o)

    def forward(self, x, adj):
        return adj @ self.l2(torch.relu(adj @ self.l1(x)))


class SAGE(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.self_lin, self.nb_lin = nn.Linear(i, o), nn.Linear(i, o, bias=False)

    def forward(self, x, edges):
        src, dst = edges
        agg = torch.zeros(x.shape[0], x.shape[1]).index_add_(0, dst, x[src])
        agg = agg / deg.clamp(min=1).unsqueeze(1)
        mx = torch.full_like(x, float("-inf")).scatter_reduce(
            0, dst[:, None].expand(-1, x.shape[1]), x[src], reduce="amax", include_self=True
        )
        return self.self_lin(x) + self.nb_lin(agg), mx


gcn = GCN(3, 8, 2)
opt = torch.optim.Adam(gcn.parameters(), lr=0.05)
for epoch in range(20):
    out = gcn(x, norm_A)
    loss = nn.functional.cross_entropy(out, labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 5 == 4:
        print(epoch, f"{loss.item():.4f}", (out.argmax(1) == labels).float().mean().item())
sage = SAGE(3, 2)
h, mx = sage(x, edges)
print(h.shape, mx[0], torch.allclose(mx[3], torch.maximum(x[4], x[5])))
mean_agg = torch.zeros(N, 3).scatter_reduce(
    0, edges[1][:, None].expand(-1, 3), x[edges[0]], reduce="mean", include_self=False
)
print(torch.allclose(mean_agg[3], (x[4] + x[5]) / 2))
pooled = torch.zeros(2, 3).index_add_(0, labels, x) / torch.bincount(labels)[:, None]
print(pooled.shape, torch.allclose(pooled[1], x[3:].mean(0)))
print(torch.zeros(3).scatter_add(0, torch.tensor([0, 0, 2]), torch.tensor([1.0, 2.0, 3.0])))
print(
    torch.zeros(2, 2).scatter(1, torch.tensor([[1], [0]]), 5.0),
    torch.zeros(3).index_fill(0, torch.tensor([1]), -1.0),
)
try:
    torch.zeros(3).scatter_reduce(0, torch.tensor([0]), torch.tensor([1.0]), reduce="median")
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.zeros(3, 2).index_add_(0, torch.tensor([0, 1]), torch.ones(3, 2))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    A.index_put_((edges[0],), torch.ones(3))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("mixture_of_experts", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(52)


class MoE(nn.Module):
    def __init__(self, d, n_experts=4, k=2, hidden=8):
        super().__init__()
        self.k, self.n = k, n_experts
        self.gate = nn.Linear(d, n_experts, bias=False)
        self.w1 = nn.Parameter(torch.randn(n_experts, d, hidden) * 0.1)
        self.w2 = nn.Parameter(torch.randn(n_experts, hidden, d) * 0.1)

    def forward(self, x):
        logits = self.gate(x)
        probs = logits.softmax(-1)
        topv, topi = probs.topk(self.k, dim=-1)
        topv = topv / topv.sum(-1, keepdim=True)
        h = torch.einsum("td,edh->teh", x, self.w1).relu()
        y_all = torch.einsum("teh,ehd->ted", h, self.w2)
        chosen = y_all.gather(1, topi.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
        y = (topv.unsqueeze(-1) * chosen).sum(1)
        counts = torch.bincount(topi.flatten(), minlength=self.n).float()
        frac = counts / counts.sum()
        aux = self.n * (frac * probs.mean(0)).sum()
        return y, aux, topi, counts


moe = MoE(6)
x = torch.randn(10, 6)
y, aux, topi, counts = moe(x)
print(y.shape, f"{aux.item():.5f}", topi[:3], counts)
one_hot = F.one_hot(topi, moe.n).sum(1)
print(one_hot.shape, one_hot.sum(0), torch.equal(one_hot.sum(0).float(), counts))
target = torch.randn(10, 6)
opt = torch.optim.Adam(moe.parameters(), lr=0.01)
for step in range(5):
    y, aux, topi, counts = moe(x)
    loss = F.mse_loss(y, target) + 0.01 * aux
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(
        step,
        f"{loss.item():.5f}",
        counts.tolist(),
        moe.w1.grad.abs().sum(dim=(1, 2)).gt(0).tolist(),
    )
print(
    torch.einsum("ii->i", torch.arange(9.0).reshape(3, 3)),
    torch.einsum("i,j->ij", torch.ones(2), torch.arange(3.0)),
)
print(torch.einsum("bij,bjk->bik", torch.ones(2, 2, 3), torch.ones(2, 3, 1)).squeeze(-1))
print(torch.einsum("...d,d->...", torch.ones(2, 3, 4), torch.arange(4.0)))
try:
    torch.einsum("ij,jk->ik", torch.ones(2, 3), torch.ones(2, 3))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.einsum("ij->k", torch.ones(2, 3))
except (RuntimeError, ValueError) as e:
    print(type(e).__name__ + ":", e)
try:
    x.gather(1, torch.tensor([[7]]))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("ctc_speech_toy", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(53)
T, N, C = 12, 3, 5
blank = 0
targets = torch.tensor([1, 2, 2, 3, 1, 4, 4])
target_lengths = torch.tensor([3, 2, 2])
input_lengths = torch.tensor([12, 10, 8])


class Acoustic(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(4, 16, bidirectional=True)
        self.proj = nn.Linear(32, C)

    def forward(self, feats):
        out, _ = self.rnn(feats)
        return self.proj(out).log_softmax(-1)


feats = torch.randn(T, N, 4)
model = Acoustic()
ctc = nn.CTCLoss(blank=blank, zero_infinity=True)
print(ctc)
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(8):
    logp = model(feats)
    loss = ctc(logp, targets, input_lengths, target_lengths)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 2 == 1:
        print(step, f"{loss.item():.4f}")
per = F.ctc_loss(logp, targets, input_lengths, target_lengths, reduction="none")
print(per.shape, per.detach().round(decimals=3))
padded = torch.tensor([[1, 2, 2], [3, 1, 0], [4, 4, 0]])
same = F.ctc_loss(logp, padded, input_lengths, target_lengths, reduction="none")
print(torch.allclose(per, same))


def greedy_decode(logp, lengths):
    best = logp.argmax(-1).T
    outs = []
    for seq, L in zip(best, lengths):
        seq = torch.unique_consecutive(seq[:L])
        outs.append(seq[seq != blank].tolist())
    return outs


print(greedy_decode(logp.detach(), input_lengths))
print(torch.unique_consecutive(torch.tensor([1, 1, 0, 0, 2, 2, 1]), return_counts=True))
impossible = F.ctc_loss(
    logp[:2, :1],
    torch.tensor([[1, 2, 3]]),
    torch.tensor([2]),
    torch.tensor([3]),
    reduction="sum",
)
print(impossible[0] if impossible.dim() else impossible)
print(
    F.ctc_loss(
        logp[:2, :1],
        torch.tensor([[1, 2, 3]]),
        torch.tensor([2]),
        torch.tensor([3]),
        zero_infinity=True,
    )
)
try:
    F.ctc_loss(logp, targets, torch.tensor([13, 10, 8]), target_lengths)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.ctc_loss(logp, targets, input_lengths, torch.tensor([3, 2]))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("custom_sampler_stack", r'''
import torch
from torch.utils.data import (
    Dataset,
    DataLoader,
    Sampler,
    StackDataset,
    TensorDataset,
    default_convert,
)
import numpy as np

torch.manual_seed(54)


class BucketBySize(Sampler):
    def __init__(self, lengths, batch_size, generator=None):
        self.lengths, self.bs, self.g = lengths, batch_size, generator

    def __iter__(self):
        order = torch.argsort(torch.tensor(self.lengths), stable=True)
        batches = [order[i : i + self.bs].tolist() for i in range(0, len(order), self.bs)]
        perm = torch.randperm(len(batches), generator=self.g).tolist()
        for p in perm:
            yield batches[p]

    def __len__(self):
        return (len(self.lengths) + self.bs - 1) // self.bs


lengths = [5, 2, 8, 3, 3, 7, 1, 6, 4]
data = [torch.ones(L) * i for i, L in enumerate(lengths)]


class Seqs(Dataset):
    def __len__(self):
        return len(data)

    def __getitem__(self, i):
        return data[i]


loader = DataLoader(
    Seqs(),
    batch_sampler=BucketBySize(lengths, 3, torch.Generator().manual_seed(1)),
    collate_fn=lambda b: torch.nn.utils.rnn.pad_sequence(b, batch_first=True),
)
print(len(loader))
for batch in loader:
    print(batch.shape, batch[:, 0].tolist())
stack = StackDataset(torch.arange(4), torch.arange(4) * 10)
print(len(stack), stack[2])
named = StackDataset(x=torch.arange(3.0), y=TensorDataset(torch.tensor([7, 8, 9])))
print(named[1])
print(next(iter(DataLoader(named, batch_size=2))))
print(
    default_convert(np.array([1.5, 2.5])),
    default_convert({"a": np.int64(3), "b": [np.zeros(2)]}),
)
print(default_convert((np.float32(1.0), "txt")))
loader2 = DataLoader(np.arange(6).reshape(3, 2), batch_size=2)
print([b for b in loader2])
loader3 = DataLoader([{"x": np.ones(2), "y": 1}] * 3, batch_size=None)
print(next(iter(loader3)))
try:
    StackDataset(torch.arange(3), torch.arange(4))
except ValueError as e:
    print("ValueError:", e)
try:
    StackDataset(torch.arange(3), y=torch.arange(3))
except ValueError as e:
    print("ValueError:", e)
try:
    len(DataLoader(Seqs(), batch_sampler=iter([[0, 1]])))
except TypeError as e:
    print("TypeError:", e)
'''),
    _case("training_loop_utilities", r'''
import time
import math
import random
import numpy as np
import torch
import torch.nn as nn


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


seed_everything(55)
print(torch.are_deterministic_algorithms_enabled(), torch.initial_seed())


class AverageMeter:
    def __init__(self, name, fmt=":.4f"):
        self.name, self.fmt = name, fmt
        self.reset()

    def reset(self):
        self.val = self.avg = self.sum = 0.0
        self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count

    def __str__(self):
        return ("{name} {val" + self.fmt + "} ({avg" + self.fmt + "})").format(**self.__dict__)


X = torch.from_numpy(np.random.randn(96, 5).astype(np.float32))
y = torch.from_numpy((np.random.rand(96) > 0.5).astype(np.int64))
print(X.dtype, y.dtype, X.shape, X.flags if hasattr(X, "flags") else type(X.numpy()).__name__)
model = nn.Sequential(nn.Linear(5, 16), nn.Dropout(0.1), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
total_steps = 3 * 6
warmup = 3
sched = torch.optim.lr_scheduler.LambdaLR(
    opt,
    lambda s: (
        (s + 1) / warmup
        if s < warmup
        else 0.5 * (1 + math.cos(math.pi * (s - warmup) / (total_steps - warmup)))
    ),
)
step = 0
for epoch in range(3):
    losses, accs = AverageMeter("Loss"), AverageMeter("Acc", ":.3f")
    perm = torch.from_numpy(np.random.permutation(96))
    model.train()
    for i in range(6):
        idx = perm[i * 16 : (i + 1) * 16]
        out = model(X[idx])
        loss = nn.functional.cross_entropy(out, y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        step += 1
        losses.update(loss.item(), len(idx))
        accs.update((out.argmax(1) == y[idx]).float().mean().item(), len(idx))
    print(f"Epoch [{epoch + 1}/3] {losses} {accs} lr={sched.get_last_lr()[0]:.5f}")
start = time.perf_counter()
with torch.inference_mode():
    model.eval()
    logits = model(X)
elapsed = time.perf_counter() - start
print(logits.shape, elapsed >= 0, logits.is_inference())
pred = logits.argmax(1).numpy()
print(type(pred).__name__, pred.dtype, (pred == y.numpy()).mean().round(4))
arr = X.numpy()
arr[0, 0] = 123.0
print(
    X[0, 0].item(), torch.as_tensor(arr) is X, torch.as_tensor(arr).data_ptr() == X.data_ptr()
)
try:
    torch.randn(3, requires_grad=True).numpy()
except RuntimeError as e:
    print("RuntimeError:", e)
print(
    torch.tensor(np.array([1, 2], dtype=np.uint8)).dtype, torch.from_numpy(np.array(3.5)).shape
)
try:
    torch.from_numpy(np.array(["a"]))
except TypeError as e:
    print("TypeError:", e)
torch.use_deterministic_algorithms(False)
print(torch.are_deterministic_algorithms_enabled())
'''),
    _case("normalization_layers", r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(56)
x = torch.randn(8, 4) * 3 + 1
bn = nn.BatchNorm1d(4, momentum=None)
for i in range(3):
    bn(x[i * 2 : (i + 1) * 2 + 2])
print(bn.running_mean, bn.num_batches_tracked)
bn2 = nn.BatchNorm1d(4, track_running_stats=False)
print(
    bn2.running_mean,
    bn2(x).mean(0).abs().max().item() < 1e-5,
    bn2.eval()(x).std(0, unbiased=False),
)
bn3 = nn.BatchNorm1d(4, affine=False, momentum=0.5)
bn3(x)
bn3.eval()
print(bn3.running_var, bn3(x[:2]))
rm, rv = torch.zeros(4), torch.ones(4)
out = F.batch_norm(x, rm, rv, training=True, momentum=0.1)
print(rm, rv, out.shape)
img = torch.randn(2, 6, 3, 3)
gn = nn.GroupNorm(3, 6)
g = gn(img)
print(g.view(2, 3, -1).mean(-1).abs().max().item() < 1e-5, gn)
inorm = nn.InstanceNorm2d(6, affine=True, track_running_stats=True)
print(inorm, inorm(img).shape, inorm.running_mean[:3])
ln = nn.LayerNorm([3, 3], elementwise_affine=False)
print(ln, ln(img).mean(dim=(-1, -2)).abs().max().item() < 1e-5, list(ln.parameters()))
ln2 = nn.LayerNorm(4, bias=False)
print([n for n, _ in ln2.named_parameters()], ln2(x).shape)
rms = nn.RMSNorm(4, eps=1e-6)
print(rms, rms(x)[0])
print(F.layer_norm(x, (4,))[0], F.group_norm(img, 2)[0, 0, 0])
print(F.local_response_norm(img, size=3)[0, 0, 0], F.normalize(x, p=1, dim=0)[:, 0].abs().sum())
try:
    nn.GroupNorm(4, 6)
except ValueError as e:
    print("ValueError:", e)
try:
    bn(torch.randn(1, 4))
except ValueError as e:
    print("ValueError:", e)
try:
    nn.BatchNorm2d(4)(torch.randn(2, 4))
except ValueError as e:
    print("ValueError:", e)
try:
    ln(torch.randn(2, 4, 4))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    nn.InstanceNorm1d(3)(torch.randn(2, 3, 1))
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("indexing_wrangling", r'''
import torch

torch.manual_seed(57)
scores = torch.randint(0, 100, (6, 4))
names = ["ann", "bob", "cid", "dee", "eve", "fay"]
print(scores)
passed = scores >= 50
print(passed.sum(1), passed.all(1).nonzero(as_tuple=True)[0].tolist())
best_subject = scores.argmax(1)
print([f"{names[i]}:{best_subject[i].item()}" for i in range(6)])
rows, cols = torch.where(scores > 90)
print(rows, cols, torch.argwhere(scores > 90).shape)
print(scores[scores > 90], torch.masked_select(scores, scores < 10))
curved = scores.clone()
curved[curved < 50] += 10
curved[:, 0] = curved[:, 0].clamp(max=95)
print(curved[:, 0], (curved - scores).sum())
order = scores.sum(1).argsort(descending=True, stable=True)
print([names[i] for i in order.tolist()])
ranked = scores[order]
print(ranked[:2])
print(
    scores.index_select(1, torch.tensor([3, 0]))[:2],
    scores[[0, 2], [1, 3]],
    scores[torch.tensor([True, False, True, False, False, False])].shape,
)
idx = scores.topk(2, dim=1).indices
print(
    torch.take_along_dim(scores, idx, dim=1)[:3],
    scores.gather(1, idx).equal(torch.take_along_dim(scores, idx, 1)),
)
mask = torch.zeros_like(scores, dtype=torch.bool).scatter_(1, idx, True)
print(scores.masked_fill(~mask, 0)[:2])
u, inv, cnt = torch.unique(scores // 25, dim=0, return_inverse=True, return_counts=True)
print(u.shape, inv, cnt)
print(torch.unique(torch.tensor([3, 1, 3, 2, 1]), sorted=False, return_counts=True))
vals, ix = torch.sort(torch.tensor([2, 1, 2, 1, 3]), stable=True)
print(vals, ix)
print(
    torch.tensor([5, 5, 5]).topk(2),
    torch.tensor([1.0, 3.0, 3.0]).argmax(),
    torch.tensor([[2, 7], [7, 2]]).max(dim=1),
)
flat = scores.flatten()
print(flat[flat.argsort()[-3:]], torch.kthvalue(flat, 3).values, scores.view(-1)[::7])
grid = torch.arange(12).reshape(3, 4)
grid[1:, ::2] = torch.tensor([[-1, -2], [-3, -4]])
print(grid, grid[..., -1], grid[None, :, 1].shape, grid[:, None].shape)
try:
    scores[torch.tensor([[True, False]])]
except IndexError as e:
    print("IndexError:", e)
try:
    scores[6]
except IndexError as e:
    print("IndexError:", e)
try:
    scores[:, torch.tensor([1.0])]
except IndexError as e:
    print("IndexError:", e)
try:
    grid[0] = torch.tensor([1, 2, 3])
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("generators_rng", r'''
import torch

torch.manual_seed(58)
g_data = torch.Generator().manual_seed(1)
g_init = torch.Generator().manual_seed(2)
a = torch.randn(3, generator=g_data)
w = torch.empty(2, 2).normal_(0, 0.1, generator=g_init)
print(a, w)
state = g_data.get_state()
print(state.dtype, state.shape, g_data.initial_seed())
r1 = torch.rand(4, generator=g_data)
g_data.set_state(state)
r2 = torch.rand(4, generator=g_data)
print(torch.equal(r1, r2))
global_state = torch.get_rng_state()
x1 = torch.randint(0, 10, (5,))
torch.set_rng_state(global_state)
x2 = torch.randint(0, 10, (5,))
print(x1, torch.equal(x1, x2))
with torch.random.fork_rng():
    torch.manual_seed(123)
    inside = torch.rand(2)
after = torch.rand(2)
torch.set_rng_state(global_state)
torch.randint(0, 10, (5,))
print(inside, torch.equal(after, torch.rand(2)))
print(torch.bernoulli(torch.full((6,), 0.5), generator=torch.Generator().manual_seed(0)))
probs = torch.tensor([0.1, 0.0, 0.6, 0.3])
print(torch.multinomial(probs, 6, replacement=True, generator=torch.Generator().manual_seed(0)))
print(
    torch.multinomial(probs, 3, replacement=False, generator=torch.Generator().manual_seed(0))
)
print(torch.randperm(6, generator=torch.Generator().manual_seed(9)), torch.rand_like(w).shape)
print(torch.normal(torch.zeros(3), torch.ones(3), generator=torch.Generator().manual_seed(4)))
print(torch.empty(3).uniform_(-1, 1, generator=torch.Generator().manual_seed(4)))
print(torch.empty(4).exponential_(2.0, generator=torch.Generator().manual_seed(4)))
print(
    torch.empty(4, dtype=torch.long).random_(0, 5, generator=torch.Generator().manual_seed(4))
)
print(torch.Generator().seed() > 0, torch.default_generator.initial_seed())
g = torch.Generator()
print(g.device, type(g).__name__)
try:
    torch.multinomial(probs, 4, replacement=False)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.multinomial(torch.tensor([0.5, -0.1]), 1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    g_data.set_state(torch.zeros(3, dtype=torch.uint8))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.bernoulli(torch.tensor([1.5]))
except RuntimeError as e:
    print("RuntimeError:", e)
'''),
    _case("spatial_transformer", r'''
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(59)


class STN(nn.Module):
    def __init__(self):
        super().__init__()
        self.loc = nn.Sequential(
            nn.Conv2d(1, 4, 3),
            nn.MaxPool2d(2),
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(4 * 3 * 3, 6),
        )
        nn.init.zeros_(self.loc[-1].weight)
        with torch.no_grad():
            self.loc[-1].bias.copy_(torch.tensor([1.0, 0, 0, 0, 1.0, 0]))

    def forward(self, x):
        theta = self.loc(x).view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False), theta


x = torch.zeros(2, 1, 8, 8)
x[:, :, 2:6, 3:5] = 1.0
stn = STN()
out, theta = stn(x)
print(theta[0], torch.allclose(out, x, atol=1e-6))
angle = math.pi / 2
rot = torch.tensor(
    [[math.cos(angle), -math.sin(angle), 0.0], [math.sin(angle), math.cos(angle), 0.0]]
).unsqueeze(0)
grid = F.affine_grid(rot, (1, 1, 8, 8), align_corners=False)
print(grid.shape, grid[0, 0, 0])
rotated = F.grid_sample(x[:1], grid, mode="nearest", align_corners=False)
print(rotated[0, 0].int())
shift = torch.tensor([[[1.0, 0.0, 0.25], [0.0, 1.0, 0.0]]])
moved = F.grid_sample(
    x[:1],
    F.affine_grid(shift, (1, 1, 8, 8), align_corners=True),
    padding_mode="border",
    align_corners=True,
)
print(moved[0, 0, 3].round(decimals=3))
target = torch.roll(x, shifts=1, dims=3)
opt = torch.optim.Adam(stn.parameters(), lr=0.01)
for step in range(5):
    out, theta = stn(x)
    loss = F.mse_loss(out, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}", theta[0, 0, 2].item().__round__(4))
print(
    F.grid_sample(
        torch.arange(4.0).view(1, 1, 2, 2),
        torch.tensor([[[[0.0, 0.0], [2.0, 2.0]]]]),
        align_corners=False,
        padding_mode="zeros",
    )
)
print(
    F.grid_sample(
        torch.arange(4.0).view(1, 1, 2, 2),
        torch.tensor([[[[-1.0, -1.0], [1.0, 1.0]]]]),
        align_corners=True,
        padding_mode="reflection",
        mode="bicubic",
    )
)
try:
    F.affine_grid(torch.zeros(1, 3, 3), (1, 1, 4, 4), align_corners=False)
except ValueError as e:
    print("ValueError:", e)
try:
    F.grid_sample(x, torch.zeros(2, 4, 4, 3), align_corners=False)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.grid_sample(x, torch.zeros(2, 4, 4, 2), mode="area", align_corners=False)
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("adaptive_softmax_weightnorm", r'''
import warnings
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations, parametrize

torch.manual_seed(60)
V, D = 50, 16
asm = nn.AdaptiveLogSoftmaxWithLoss(D, V, cutoffs=[10, 30], div_value=2.0)
print(asm)
h = torch.randn(8, D)
t = torch.randint(0, V, (8,))
res = asm(h, t)
print(type(res).__name__, res.output.shape, f"{res.loss.item():.4f}")
lp = asm.log_prob(h)
print(lp.shape, torch.allclose(lp.exp().sum(1), torch.ones(8), atol=1e-5))
print(torch.allclose(lp.gather(1, t[:, None]).squeeze(1), res.output, atol=1e-5))
print(asm.predict(h).shape, torch.equal(asm.predict(h), lp.argmax(1)))
res.loss.backward()
print(asm.head.weight.grad.shape, [m.weight.shape for m in asm.tail[0]])
lin = nn.Linear(4, 3)
wn = parametrizations.weight_norm(lin)
print(wn)
print([n for n, _ in wn.named_parameters()])
print(wn.parametrizations.weight.original0.shape, wn.parametrizations.weight.original1.shape)
print(torch.allclose(wn.weight.norm(dim=1, keepdim=True), wn.parametrizations.weight.original0))
opt = torch.optim.SGD(wn.parameters(), lr=0.1)
x, y = torch.randn(10, 4), torch.randn(10, 3)
for _ in range(3):
    loss = nn.functional.mse_loss(wn(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(
    f"{loss.item():.5f}",
    parametrize.is_parametrized(wn),
    parametrize.is_parametrized(wn, "bias"),
)
with parametrize.cached():
    a = wn.weight
    b = wn.weight
print(a is b)
parametrize.remove_parametrizations(wn, "weight")
print(
    type(wn.weight).__name__,
    parametrize.is_parametrized(wn),
    [n for n, _ in wn.named_parameters()],
)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = nn.utils.weight_norm(nn.Linear(2, 2))
    print([c.category.__name__ for c in caught], sorted(n for n, _ in old.named_parameters()))
sn = parametrizations.spectral_norm(nn.Linear(5, 5))
sn(torch.randn(2, 5))
print(torch.linalg.matrix_norm(sn.weight, ord=2).item() < 1.05)
try:
    nn.AdaptiveLogSoftmaxWithLoss(D, V, cutoffs=[30, 10])
except ValueError as e:
    print("ValueError:", e)
try:
    asm(h, t[:4])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    parametrize.remove_parametrizations(nn.Linear(2, 2), "weight")
except ValueError as e:
    print("ValueError:", e)
'''),
    _case("fix_engine_calls_function_without_grads", r'''
import torch


class Double(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        print("Double.backward got", g)
        return g * 2


class Lazy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 2

    @staticmethod
    def backward(ctx, g):
        print("Lazy.backward got", g)
        return None if g is None else g * 2


class Drop(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return None


# A Function's backward runs even when no gradient reaches it (torch calls every node on
# the path), with zeros in place of the missing gradient unless materialization is off.
for name, fn in [
    ("double", Double.apply),
    ("exp+double", lambda t: Double.apply(t.exp())),
    ("double+exp", lambda t: Double.apply(t).exp()),
    ("lazy", Lazy.apply),
    ("exp only", torch.exp),
]:
    x = torch.ones(2, requires_grad=True)
    Drop.apply(fn(x)).sum().backward()
    print(name, x.grad)
x = torch.ones(2, requires_grad=True)
print(torch.autograd.grad(Drop.apply(Double.apply(x)).sum(), x))
a, b = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
print(torch.autograd.gradcheck(lambda p, q: Double.apply(p * q), (a.double(), b.double())))
for call in [
    lambda: torch.autograd.backward((a * 2).sum(), inputs=[]),
    lambda: torch.autograd.grad((a * 2).sum(), []),
]:
    try:
        call()
    except RuntimeError as e:
        print("RuntimeError:", e)
# ...also when it has hooks (they see the missing gradient as None) or under anomaly mode
x = torch.ones(2, requires_grad=True)
d = Double.apply(x)
d.grad_fn.register_prehook(lambda go: print("prehook", go))
d.grad_fn.register_hook(lambda gi, go: print("hook", gi, go))
Drop.apply(d).sum().backward()
print(x.grad)
x = torch.ones(2, requires_grad=True)
with torch.autograd.set_detect_anomaly(True):
    Drop.apply(Double.apply(x)).sum().backward()
print(x.grad)
x = torch.ones(2, requires_grad=True)
print(torch.autograd.grad(Drop.apply(Double.apply(x.exp())).sum(), x, create_graph=True))
'''),
    _case("fix_grad_fn_dir_and_loader_iter", r'''
import torch
from torch.utils.data import DataLoader

x = torch.randn(3, requires_grad=True)
for y in [x * x[0], x.exp(), x.sum(), x @ torch.ones(3), x.pow(2), x.relu(), x.clamp(0, 1)]:
    print(y.grad_fn.name(), [a for a in dir(y.grad_fn) if a.startswith("_saved")])
y = x.exp()
y.sum().backward()
print([a for a in dir(y.grad_fn) if a.startswith("_saved")])

it = iter(DataLoader(range(10), batch_size=3))
print(type(it).__name__, len(it))
print(next(it), next(it))
print(list(it))
try:
    next(it)
except StopIteration:
    print("StopIteration")
'''),
    _case("fix_numpy_unsupported_dtype_messages", r'''
import numpy as np
import torch

arrays = [
    np.array(["a"]),
    np.array([b"x"]),
    np.array([object()]),
    np.array(["2020-01-01"], dtype="datetime64[D]"),
    np.zeros(1, dtype="V4"),
]
for a in arrays:
    for convert in (torch.from_numpy, torch.tensor, torch.as_tensor, torch.asarray):
        try:
            convert(a)
        except TypeError as e:
            print(convert.__name__, "TypeError:", e)
print(
    torch.asarray(np.array([1 + 2j, 0.5j])), torch.asarray(np.array([1, 2], dtype=np.complex64))
)
'''),
    _case("fix_searchsorted_non_contiguous_warnings", r'''
import warnings
import torch

x = torch.randn(8, 4)
edges = torch.tensor([-1.0, 0.0, 1.0])
# torch warns once per process for each non-contiguous operand it has to copy.
calls = [
    ("bucketize column", lambda: torch.bucketize(x[:, 0], edges)),
    ("again", lambda: torch.bucketize(x[:, 1], edges, right=True)),
    ("contiguous", lambda: torch.bucketize(x[:, 0].contiguous(), edges)),
    ("boundaries", lambda: torch.searchsorted(torch.randn(3, 2)[:, 0], torch.zeros(2))),
    (
        "sorter",
        lambda: torch.searchsorted(
            edges, torch.zeros(2), sorter=torch.tensor([[0, 0], [1, 1], [2, 2]])[:, 0]
        ),
    ),
    ("number", lambda: torch.searchsorted(edges, 0.5)),
]
for name, call in calls:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = call()
    print(
        name,
        out.tolist() if out.dim() == 0 else out.shape,
        [str(w.message).split(" (Triggered")[0][:60] for w in caught],
    )
'''),
    _case("fix_serialization_safe_globals", r'''
import argparse
import io
import torch
from torch import serialization as S

buf = io.BytesIO()
torch.save({"args": argparse.Namespace(lr=0.1, n=3), "w": torch.ones(2)}, buf)
buf.seek(0)
print(S.get_unsafe_globals_in_checkpoint(buf))
buf.seek(0)
try:
    torch.load(buf)
except Exception as e:
    print(type(e).__name__, str(e).split("WeightsUnpickler error: ")[1].splitlines()[0])
S.add_safe_globals([argparse.Namespace])
buf.seek(0)
print(torch.load(buf))
buf.seek(0)
print(S.get_unsafe_globals_in_checkpoint(buf))
S.clear_safe_globals()
print(S.get_safe_globals())
with S.safe_globals([argparse.Namespace]):
    print(S.get_safe_globals())
    buf.seek(0)
    print(torch.load(buf)["args"].lr)
print(S.get_safe_globals())
S.add_safe_globals([(argparse.Namespace, "argparse.Namespace")])
print(S.get_safe_globals())
buf.seek(0)
print(torch.load(buf)["args"])
S.clear_safe_globals()
try:
    S.add_safe_globals(argparse.Namespace)
except TypeError as e:
    print("TypeError:", e)
'''),
]
