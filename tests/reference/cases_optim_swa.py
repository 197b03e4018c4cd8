"""torch.optim.swa_utils as people use it: the SWA tutorial's loop (CosineAnnealingLR, then
SWALR and AveragedModel.update_parameters from a swa_start epoch, update_bn over the
DataLoader, evaluating the averaged model), an EMA model updated every step, averaged
buffers with BatchNorm, state_dict round trips, SWALR's schedules, warnings and errors.

Models start from `manual_seed` (ember draws torch's numbers); averages are printed with
`tolist()` where the values reaching the averaging are reproducible element by element,
so those lines compare bit for bit. Ids start with ``optim_swa_``.
"""

from __future__ import annotations

_PRELUDE = """
nn = torch.nn
F = torch.nn.functional
from torch.optim.swa_utils import (AveragedModel, SWALR, update_bn, get_ema_multi_avg_fn,
                                   get_swa_multi_avg_fn, get_ema_avg_fn, get_swa_avg_fn)
from torch.utils.data import DataLoader, TensorDataset
def bits(module):
    return [[round(v, 4) for v in p.flatten().tolist()[:6]] for p in module.parameters()]
def drift(module, scale=0.1):
    # moves every parameter by an elementwise step: the values averaged next are torch's
    with torch.no_grad():
        for p in module.parameters():
            p.mul_(0.9).add_(torch.randn(p.shape, dtype=p.dtype) * scale)
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"optim_swa_{name}", _PRELUDE + body


CASES = [
    # pytorch.org's SWA recipe: cosine annealing until swa_start, then SWALR, averaging the
    # weights every epoch; update_bn recomputes the averaged model's BatchNorm statistics.
    _case("tutorial_loop", """
torch.manual_seed(0)
X = torch.randn(64, 6)
y = (X[:, :2].sum(1) > 0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(6, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 2))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
swa_model = AveragedModel(model)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
swa_start = 5
swa_scheduler = SWALR(optimizer, swa_lr=0.05)
for epoch in range(10):
    total = 0.0
    for input, target in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(input), target)
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch > swa_start:
        swa_model.update_parameters(model)
        swa_scheduler.step()
    else:
        scheduler.step()
    print(epoch, f"{total / len(loader):.4f}", optimizer.param_groups[0]["lr"],
          swa_scheduler.get_last_lr(), scheduler.get_last_lr())
print(swa_model.n_averaged, swa_model.module[1].running_mean is model[1].running_mean)
print(torch.allclose(swa_model.module[1].running_mean, model[1].running_mean))
update_bn(loader, swa_model)
print(swa_model.module[1].num_batches_tracked, swa_model.module[1].momentum, swa_model.training)
print(swa_model.module[1].running_mean)
print(swa_model.module[1].running_var)
swa_model.eval()
with torch.no_grad():
    out = swa_model(X)
    print(f"{loss_fn(out, y).item():.4f}", (out.argmax(1) == y).float().mean())
print(swa_model)
result = swa_model.module[0].weight
"""),
    # The same averaging step by step, on parameters moved elementwise (no matrix products),
    # so the averages compare bit for bit: CPU's default is avg + (p - avg) / (n + 1).
    _case("default_average_bits", """
torch.manual_seed(1)
model = nn.Linear(3, 2)
swa = AveragedModel(model)
print(swa.n_averaged, swa.n_averaged.dtype, swa.module is model, type(swa.module).__name__)
print([p.requires_grad for p in swa.parameters()], [n for n, _ in swa.named_parameters()])
for _ in range(5):
    swa.update_parameters(model)
    drift(model)
    print(swa.n_averaged.item(), swa.module.weight.flatten().tolist(), swa.module.bias.tolist())
print(swa.module.weight.grad, swa.module.weight.requires_grad, swa.module.weight.is_leaf)
print(list(swa.state_dict().keys()))
print(swa(torch.ones(1, 3)).shape)
"""),
    # get_swa_multi_avg_fn moves floating tensors with lerp by 1 / (n + 1) computed as a
    # float32 tensor, also for float64 weights.
    _case("swa_multi_lerp_bits", """
torch.manual_seed(2)
for dtype in (torch.float32, torch.float64):
    model = nn.Linear(4, 3).to(dtype)
    swa = AveragedModel(model, multi_avg_fn=get_swa_multi_avg_fn())
    plain = AveragedModel(model)
    for _ in range(6):
        swa.update_parameters(model)
        plain.update_parameters(model)
        drift(model)
    print(dtype, swa.module.weight.flatten().tolist())
    print(swa.module.bias.tolist(), plain.module.bias.tolist())
    print(torch.equal(swa.module.weight, plain.module.weight))
"""),
    # An EMA model updated after every optimizer step (as timm and many recipes do).
    _case("ema_every_step", """
torch.manual_seed(3)
X = torch.randn(48, 5)
y = X @ torch.randn(5, 1) + 0.1 * torch.randn(48, 1)
loader = DataLoader(TensorDataset(X, y), batch_size=12, shuffle=True)
model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 1))
ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(4):
    for xb, yb in loader:
        optimizer.zero_grad()
        F.mse_loss(model(xb), yb).backward()
        optimizer.step()
        ema_model.update_parameters(model)
    with torch.no_grad():
        print(epoch, ema_model.n_averaged.item(), f"{F.mse_loss(model(X), y).item():.4f}",
              f"{F.mse_loss(ema_model(X), y).item():.4f}")
print(bits(ema_model))
result = ema_model.module[2].weight
"""),
    # EMA by lerp(1 - decay) is bit for bit; get_ema_avg_fn's decay * ema + (1 - decay) * p
    # and get_swa_avg_fn as avg_fn take the tensor-by-tensor path.
    _case("ema_functions_bits", """
torch.manual_seed(4)
model = nn.Linear(3, 3)
models = {
    "ema_multi": AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.95)),
    "ema_avg": AveragedModel(model, avg_fn=get_ema_avg_fn(0.95)),
    "swa_avg": AveragedModel(model, avg_fn=get_swa_avg_fn()),
    "ema_default": AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn()),
}
for _ in range(4):
    for m in models.values():
        m.update_parameters(model)
    drift(model, 0.5)
for name, m in models.items():
    print(name, m.module.weight.flatten().tolist())
print(get_ema_avg_fn(0.5)(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 6.0]), 7))
print(get_swa_avg_fn()(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 6.0]), torch.tensor(3)))
print(get_swa_avg_fn()(torch.tensor([1, 2]), torch.tensor([3, 7]), 1))
a = [torch.tensor([1.0, 2.0]), torch.tensor([[0.5]])]
get_swa_multi_avg_fn()(a, [torch.tensor([3.0, 6.0]), torch.tensor([[1.5]])], 2)
print(a)
a = [torch.tensor([1.0, 2.0], dtype=torch.float64)]
get_swa_multi_avg_fn()(a, [torch.tensor([3.0, 6.0], dtype=torch.float64)], torch.tensor(2))
print(a[0].tolist())
get_swa_multi_avg_fn()(a, [torch.tensor([3.0, 6.0], dtype=torch.float64)], 2)
print(a[0].tolist())
e = [torch.tensor([10, 20, -7])]
get_ema_multi_avg_fn(0.9)(e, [torch.tensor([0, 50, 7])], None)
print(e)
"""),
    # use_buffers=True averages BatchNorm's statistics too; num_batches_tracked (int64)
    # follows avg + (p - avg) / (n + 1) in float, truncated by copy_.
    _case("use_buffers_batchnorm", """
torch.manual_seed(5)
model = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1))
swa = AveragedModel(model, use_buffers=True)
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.8), use_buffers=True)
follow = AveragedModel(model)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
for step in range(5):
    for _ in range(step + 1):
        x = torch.randn(8, 4)
        optimizer.zero_grad()
        model(x).pow(2).mean().backward()
        optimizer.step()
    for m in (swa, ema, follow):
        m.update_parameters(model)
    print(step, model[1].num_batches_tracked.item(), swa.module[1].num_batches_tracked.item(),
          ema.module[1].num_batches_tracked.item(), follow.module[1].num_batches_tracked.item())
print(swa.module[1].running_mean)
print(ema.module[1].running_var)
print(follow.module[1].running_mean)
print([k for k in swa.state_dict()])
result = swa.module[1].running_var
"""),
    # get_swa_multi_avg_fn with averaged buffers reaches the int64 counter on the second
    # update: torch refuses integer addcdiv.
    _case("use_buffers_swa_multi_refuses_integers", """
torch.manual_seed(6)
model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
swa = AveragedModel(model, multi_avg_fn=get_swa_multi_avg_fn(), use_buffers=True)
model(torch.randn(4, 2))
swa.update_parameters(model)
print(swa.n_averaged, swa.module[1].num_batches_tracked)
seen = []
def spy(averaged, current, n):
    seen.append((averaged[0].dtype, len(averaged), n.item()))
AveragedModel(model, multi_avg_fn=spy, use_buffers=True).update_parameters(model)
spied = AveragedModel(model, multi_avg_fn=spy, use_buffers=True)
spied.update_parameters(model)
spied.update_parameters(model)
print(seen)
model(torch.randn(4, 2))
swa.update_parameters(model)
"""),
    # Saving and restoring: the averaged model's state_dict (n_averaged first), loading it
    # into a fresh AveragedModel or its module into the plain model, through torch.save.
    _case("state_dict_round_trip", """
import io
torch.manual_seed(7)
model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
swa = AveragedModel(model)
for _ in range(3):
    swa.update_parameters(model)
    drift(model)
sd = swa.state_dict()
print(list(sd.keys()))
print(sd["n_averaged"], sd["module.1.num_batches_tracked"])
buffer = io.BytesIO()
torch.save({"swa": sd}, buffer)
buffer.seek(0)
loaded = torch.load(buffer)["swa"]
fresh = AveragedModel(nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2)))
print(fresh.load_state_dict(loaded))
print(fresh.n_averaged, torch.equal(fresh.module[0].weight, swa.module[0].weight))
fresh.update_parameters(model)
swa.update_parameters(model)
print(fresh.n_averaged, torch.equal(fresh.module[2].bias, swa.module[2].bias))
plain = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
print(plain.load_state_dict(swa.module.state_dict()))
print(torch.equal(plain[0].weight, swa.module[0].weight))
print(plain.load_state_dict(swa.state_dict(), strict=False))
"""),
    # SWALR's schedules: cosine and linear annealing, per-group swa_lr, anneal_epochs=0,
    # its state_dict and a restart from it, resuming with last_epoch.
    _case("swalr_schedules", """
def run(**kwargs):
    params = [torch.nn.Parameter(torch.zeros(1)), torch.nn.Parameter(torch.zeros(1))]
    opt = torch.optim.SGD([{"params": params[:1]}, {"params": params[1:], "lr": 0.3}], lr=0.1)
    sched = SWALR(opt, **kwargs)
    lrs = [sched.get_last_lr()]
    for _ in range(7):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
    return opt, sched, lrs
for kwargs in [dict(swa_lr=0.05), dict(swa_lr=[0.01, 0.5], anneal_epochs=4),
               dict(swa_lr=0.02, anneal_epochs=3, anneal_strategy="linear"),
               dict(swa_lr=0.02, anneal_epochs=0), dict(swa_lr=0.2, anneal_epochs=1)]:
    opt, sched, lrs = run(**kwargs)
    print(kwargs, lrs)
print(sched.state_dict())
print(opt.param_groups[1]["swa_lr"], opt.param_groups[1]["initial_lr"], sched.anneal_func(0.5))
params = [torch.nn.Parameter(torch.zeros(1))]
opt = torch.optim.SGD(params, lr=0.1)
sched = SWALR(opt, swa_lr=0.01, anneal_epochs=5, anneal_strategy="linear")
for _ in range(2):
    opt.step()
    sched.step()
state = sched.state_dict()
print(state)
opt2 = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
opt2.load_state_dict(opt.state_dict())
sched2 = SWALR(opt2, swa_lr=0.5)
sched2.load_state_dict(state)
print(sched2.anneal_func(0.25), sched2.anneal_epochs, opt2.param_groups[0]["lr"])
for _ in range(4):
    opt.step(); sched.step(); opt2.step(); sched2.step()
    print(sched.get_last_lr(), sched2.get_last_lr())
opt3 = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.07)
opt3.param_groups[0]["initial_lr"] = 0.2
resumed = SWALR(opt3, swa_lr=0.01, anneal_epochs=3, last_epoch=4)
print(resumed.last_epoch, resumed._step_count, resumed.get_last_lr(), resumed.base_lrs)
"""),
    # SWALR after another scheduler moved the lr: each step restarts the anneal from the
    # group's current lr; with a tensor lr the values stay tensors.
    _case("swalr_with_other_schedulers", """
params = [torch.nn.Parameter(torch.zeros(2))]
opt = torch.optim.SGD(params, lr=0.5, momentum=0.9)
cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=8, eta_min=0.01)
swa_sched = SWALR(opt, swa_lr=0.03, anneal_epochs=3)
for epoch in range(10):
    opt.step()
    if epoch >= 4:
        swa_sched.step()
    else:
        cosine.step()
    print(epoch, opt.param_groups[0]["lr"], swa_sched.get_last_lr(), cosine.get_last_lr())
opt = torch.optim.SGD(params, lr=0.5)
mult = torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda e: 0.9)
swa_sched = SWALR(opt, anneal_strategy="linear", anneal_epochs=4, swa_lr=0.05)
for epoch in range(8):
    opt.step()
    mult.step()
    swa_sched.step()
    print(epoch, opt.param_groups[0]["lr"])
opt = torch.optim.Adam(params, lr=torch.tensor(0.01))
swa_sched = SWALR(opt, swa_lr=0.001, anneal_epochs=2)
for _ in range(3):
    opt.step()
    swa_sched.step()
    print(opt.param_groups[0]["lr"], swa_sched.get_last_lr())
"""),
    # The warnings: get_lr() outside step(), stepping before the optimizer.
    _case("swalr_warnings", """
import warnings
params = [torch.nn.Parameter(torch.zeros(1))]
opt = torch.optim.SGD(params, lr=0.1)
sched = SWALR(opt, swa_lr=0.05, anneal_epochs=2)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(sched.get_lr())
    sched.step()
    opt.step()
    sched.step()
for w in caught:
    print(w.category.__name__, str(w.message)[:60])
print(sched.get_last_lr())
"""),
    # update_bn: a loader of plain tensors, of tuples, a device; modes and momenta restored;
    # a model without BatchNorm is left alone.
    _case("update_bn_loaders", """
torch.manual_seed(8)
model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4, momentum=0.3), nn.ReLU(),
                      nn.Linear(4, 4), nn.BatchNorm1d(4))
batches = [torch.randn(5, 3) for _ in range(3)]
model.eval()
update_bn(batches, model)
print(model.training, model[1].momentum, model[4].momentum, model[1].num_batches_tracked)
print(model[1].running_mean, model[4].running_var)
mean = torch.cat(batches).mean(0)
print(torch.allclose(model[1].running_mean, (model[0](torch.cat(batches)).mean(0))))
model.train()
update_bn([(b, torch.zeros(5)) for b in batches], model, device="cpu")
print(model.training, model[1].running_mean)
update_bn(DataLoader(TensorDataset(torch.cat(batches)), batch_size=5), model,
          device=torch.device("cpu"))
print(model[4].running_mean, model[4].num_batches_tracked)
plain = nn.Linear(3, 1)
print(update_bn(batches, plain))
swa = AveragedModel(model)
update_bn(batches, swa)
print(swa.module[1].num_batches_tracked, swa.training)
"""),
    # An averaged model of a model with a buffer but no BatchNorm, and a custom avg_fn.
    _case("custom_avg_fn_and_buffers", """
class Scaler(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.tensor([1.0, 2.0, 3.0]))
        self.register_buffer("scale", torch.tensor(2.0))
        self.register_buffer("steps", torch.tensor(0))
    def forward(self, x):
        return x * self.weight * self.scale
model = Scaler()
calls = []
def mean_of_two(avg, cur, n):
    calls.append((tuple(avg.shape), n.item(), avg.requires_grad))
    return (avg + cur) / 2
avg = AveragedModel(model, avg_fn=mean_of_two)
for k in range(3):
    with torch.no_grad():
        model.weight.add_(1.0)
    model.scale.fill_(k + 5.0)
    model.steps.add_(3)
    avg.update_parameters(model)
print(calls)
print(avg.module.weight, avg.module.scale, avg.module.steps, avg(torch.ones(3)))
print(avg)
print(avg.state_dict())
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.5), use_buffers=True)
for k in range(3):
    model.steps.add_(5)
    model.scale.mul_(2)
    ema.update_parameters(model)
print(ema.module.steps, ema.module.scale, ema.n_averaged)
"""),
    # Refusals: a decay outside [0, 1], an unknown anneal_strategy, a negative or non-int
    # anneal_epochs, a swa_lr list of the wrong length, both averaging functions.
    _case("errors_messages", """
def show(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, e)
params = [torch.nn.Parameter(torch.zeros(1))]
opt = torch.optim.SGD(params, lr=0.1)
show(lambda: get_ema_multi_avg_fn(1.5))
show(lambda: get_ema_avg_fn(-0.1))
show(lambda: SWALR(opt, swa_lr=0.05, anneal_strategy="exp"))
print(opt.param_groups[0]["swa_lr"], "initial_lr" in opt.param_groups[0])
show(lambda: SWALR(opt, swa_lr=0.05, anneal_epochs=-1))
show(lambda: SWALR(opt, swa_lr=0.05, anneal_epochs=2.5))
show(lambda: SWALR(opt, swa_lr=[0.05, 0.01]))
show(lambda: SWALR(params, swa_lr=0.05))
show(lambda: AveragedModel(nn.Linear(1, 1), avg_fn=get_swa_avg_fn(),
                           multi_avg_fn=get_swa_multi_avg_fn()))
show(lambda: get_ema_multi_avg_fn()([torch.ones(2), torch.ones(2)], [torch.ones(2)], 1))
try:  # ember's message adds what to do on a CPU-only library; the type is torch's
    AveragedModel(nn.Linear(1, 1), device="cuda")
except Exception as e:
    print(type(e).__name__, str(e)[:36])
on_cpu = AveragedModel(nn.Linear(1, 1), device=torch.device("cpu"))
print(on_cpu.n_averaged.device, on_cpu.module.weight.device)
"""),
    _case("error_bad_decay", """
ema_model = AveragedModel(nn.Linear(2, 2), multi_avg_fn=get_ema_multi_avg_fn(decay=1.01))
"""),
    _case("error_bad_anneal_strategy", """
opt = torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)
swa_scheduler = SWALR(opt, swa_lr=0.05, anneal_strategy="cosine")
"""),
]
