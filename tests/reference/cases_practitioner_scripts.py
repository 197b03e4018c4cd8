"""Complete training scripts of the kind practitioners write with PyTorch and port as they
are: ``import torch`` at the top, ``torch.manual_seed`` first, default initialisation, torch's
random functions for data, Dataset/DataLoader pipelines, train/eval loops with Dropout and
BatchNorm, metrics, checkpoints saved and resumed, schedulers, gradient accumulation and
clipping, parameter groups, EMA, freezing and fine-tuning, global settings (default dtype,
deterministic algorithms, cudnn flags, the device idiom, torch.compile). Each prints what
such a script prints: losses with ``.item()`` in f-strings, tensor reprs, state_dict keys,
optimizer state. Ids start with ``script_``.
"""

from __future__ import annotations


def _case(name: str, body: str) -> tuple[str, str]:
    return f"script_{name}", body


CASES = [
    _case("mlp_classifier_train_eval", """
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(42)
device = 'cuda' if torch.cuda.is_available() else 'cpu'
print(f"Using device: {device}")

N, D, C = 200, 10, 3
X = torch.randn(N, D)
true_w = torch.randn(D, C)
y = (X @ true_w + 0.5 * torch.randn(N, C)).argmax(dim=1)
print(X.shape, y.shape, torch.bincount(y, minlength=C))

train_ds = TensorDataset(X[:160], y[:160])
val_ds = TensorDataset(X[160:], y[160:])
g = torch.Generator().manual_seed(0)
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True, generator=g)
val_loader = DataLoader(val_ds, batch_size=64)

class MLP(nn.Module):
    def __init__(self, d_in, hidden, n_classes, p=0.2):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden, bias=False)  # BN follows
        self.bn1 = nn.BatchNorm1d(hidden)
        self.drop = nn.Dropout(p)
        self.fc2 = nn.Linear(hidden, n_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.fc1(x)))
        return self.fc2(self.drop(x))

model = MLP(D, 32, C).to(device)
print(model)
n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"Trainable parameters: {n_params:,}")
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

def evaluate(model, loader):
    model.eval()
    correct, total, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            out = model(xb)
            loss_sum += criterion(out, yb).item() * xb.size(0)
            correct += (out.argmax(1) == yb).sum().item()
            total += yb.size(0)
    return loss_sum / total, correct / total

for epoch in range(5):
    model.train()
    running = 0.0
    for batch_idx, (xb, yb) in enumerate(train_loader):
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item()
    val_loss, val_acc = evaluate(model, val_loader)
    print(f"Epoch {epoch+1:02d} | train loss {running/len(train_loader):.4f} | "
          f"val loss {val_loss:.4f} | val acc {val_acc:.2%}")
print(model.bn1.running_mean[:4], model.bn1.num_batches_tracked)
result = torch.cat([p.detach().flatten() for p in model.parameters()])
"""),
    _case("checkpoint_resume_equals_uninterrupted", """
import io
import torch
import torch.nn as nn

def make():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    return model, opt, sched

torch.manual_seed(1)
X = torch.randn(64, 4)
y = X.sum(dim=1, keepdim=True) ** 2 / 4
loss_fn = nn.MSELoss()

def train_epoch(model, opt, sched, epoch):
    gen = torch.Generator().manual_seed(100 + epoch)
    perm = torch.randperm(64, generator=gen)
    for i in range(0, 64, 16):
        idx = perm[i:i + 16]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
    sched.step()
    return loss.item()

model, opt, sched = make()
full = []
for epoch in range(6):
    full.append(train_epoch(model, opt, sched, epoch))
print([f"{l:.4f}" for l in full])

model2, opt2, sched2 = make()
for epoch in range(3):
    loss = train_epoch(model2, opt2, sched2, epoch)
buf = io.BytesIO()
torch.save({
    'epoch': 3,
    'model_state_dict': model2.state_dict(),
    'optimizer_state_dict': opt2.state_dict(),
    'scheduler': sched2.state_dict(),
    'loss': loss,
}, buf)
buf.seek(0)
ckpt = torch.load(buf)
print(sorted(ckpt.keys()), ckpt['epoch'], f"{ckpt['loss']:.4f}")
print(list(ckpt['model_state_dict'].keys()))
print(ckpt['optimizer_state_dict']['param_groups'])
print(list(ckpt['optimizer_state_dict']['state'].keys()),
      list(ckpt['optimizer_state_dict']['state'][0].keys()))
print(ckpt['scheduler'])

model3, opt3, sched3 = make()
model3.load_state_dict(ckpt['model_state_dict'])
opt3.load_state_dict(ckpt['optimizer_state_dict'])
sched3.load_state_dict(ckpt['scheduler'])
resumed = []
for epoch in range(ckpt['epoch'], 6):
    resumed.append(train_epoch(model3, opt3, sched3, epoch))
print([f"{l:.4f}" for l in resumed])
print("identical:", resumed == full[3:],
      all(torch.equal(a, b) for a, b in zip(model.parameters(), model3.parameters())))
print(sched3.get_last_lr(), opt3.param_groups[0]['lr'])
result = torch.tensor(full)
"""),
    _case("checkpoint_tempfile_weights_only_strict", """
import os
import tempfile
import torch
import torch.nn as nn

torch.manual_seed(3)

class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.head = nn.Linear(4, 5)
    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return self.head(x.mean(dim=(2, 3)))

model = Backbone()
x = torch.randn(2, 1, 6, 6)
model(x)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, 'model.pt')
    torch.save(model.state_dict(), path)
    sd = torch.load(path, map_location='cpu', weights_only=True)
    print(type(sd).__name__, list(sd.keys()))
    print(sd['bn.num_batches_tracked'], sd['bn.running_var'])
    full_path = os.path.join(d, 'full.pth')
    torch.save({'state': model.state_dict(), 'meta': {'classes': 5, 'name': 'bb'}}, full_path)
    meta = torch.load(full_path, weights_only=True)['meta']
    print(meta)

class WithNewHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.classifier = nn.Linear(4, 2)
    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return self.classifier(x.mean(dim=(2, 3)))

new = WithNewHead()
res = new.load_state_dict(sd, strict=False)
print(res)
print("missing:", res.missing_keys)
print("unexpected:", res.unexpected_keys)
print(torch.equal(new.conv.weight, model.conv.weight))
try:
    new.load_state_dict(sd)
except RuntimeError as e:
    print(str(e).splitlines()[0])
bad = dict(sd)
bad['conv.weight'] = torch.zeros(4, 1, 5, 5)
try:
    new.load_state_dict(bad, strict=False)
except RuntimeError as e:
    print(str(e))
new.eval()
with torch.inference_mode():
    out = new(x)
print(out, out.requires_grad)
result = out
"""),
    _case("schedulers_in_training_loop", """
import torch
import torch.nn as nn
from torch.optim.lr_scheduler import StepLR, CosineAnnealingLR, OneCycleLR, LambdaLR

torch.manual_seed(0)
X = torch.randn(32, 3)
y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.1

def run(make_sched, epochs=6, steps_per_epoch=4, per_step=False):
    torch.manual_seed(1)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = make_sched(opt)
    lrs = []
    for epoch in range(epochs):
        for i in range(steps_per_epoch):
            xb, yb = X[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(xb), yb)
            loss.backward()
            opt.step()
            if per_step:
                sched.step()
        if not per_step:
            sched.step()
        lrs.append(round(sched.get_last_lr()[0], 6))
    print(type(sched).__name__, lrs, f"final loss {loss.item():.4f}")
    return sched

run(lambda o: StepLR(o, step_size=2, gamma=0.1))
run(lambda o: CosineAnnealingLR(o, T_max=6, eta_min=1e-3))
s = run(lambda o: OneCycleLR(o, max_lr=0.2, total_steps=24), per_step=True)
sd = s.state_dict()
print(sorted(sd.keys()))
print(sd['total_steps'], sd['_step_count'], sd['last_epoch'])
warmup = 3
def lr_lambda(step):
    if step < warmup:
        return float(step + 1) / warmup
    return 0.5 ** (step - warmup + 1)
s = run(lambda o: LambdaLR(o, lr_lambda))
print(s.state_dict())
print(s.optimizer.param_groups[0]['initial_lr'])
"""),
    _case("reduce_lr_on_plateau_early_stopping", """
import copy
import torch
import torch.nn as nn

torch.manual_seed(7)
X = torch.randn(120, 5)
w = torch.randn(5, 1)
y = X @ w + 0.3 * torch.randn(120, 1)
Xtr, ytr, Xva, yva = X[:90], y[:90], X[90:], y[90:]
model = nn.Sequential(nn.Linear(5, 20), nn.ReLU(), nn.Dropout(0.3), nn.Linear(20, 1))
opt = torch.optim.AdamW(model.parameters(), lr=0.05)
sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1)
crit = nn.MSELoss()
best, best_state, patience, bad_epochs = float('inf'), None, 3, 0
for epoch in range(30):
    model.train()
    perm = torch.randperm(90)
    for i in range(0, 90, 30):
        idx = perm[i:i + 30]
        opt.zero_grad()
        loss = crit(model(Xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        val = crit(model(Xva), yva).item()
    sched.step(val)
    lr = opt.param_groups[0]['lr']
    print(f"epoch {epoch:2d} train {loss.item():.4f} val {val:.4f} lr {lr:.5f}")
    if val < best - 1e-4:
        best, bad_epochs = val, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        bad_epochs += 1
        if bad_epochs >= patience:
            print(f"Early stopping at epoch {epoch}, best val {best:.4f}")
            break
model.load_state_dict(best_state)
with torch.no_grad():
    print(f"restored val {crit(model(Xva), yva).item():.4f}")
print(sched.state_dict()['best'] == best, sched.get_last_lr())
print(sched.state_dict().keys())
"""),
    _case("grad_accumulation_and_clipping", """
import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_, clip_grad_value_

torch.manual_seed(11)
model = nn.Sequential(nn.Linear(8, 32), nn.GELU(), nn.LayerNorm(32), nn.Linear(32, 4))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()
X = torch.randn(48, 8) * 3
y = torch.randint(0, 4, (48,))
accum_steps = 3
micro = 4
opt.zero_grad(set_to_none=True)
for step, i in enumerate(range(0, 48, micro)):
    xb, yb = X[i:i + micro], y[i:i + micro]
    loss = criterion(model(xb), yb) / accum_steps
    loss.backward()
    if (step + 1) % accum_steps == 0:
        total_norm = clip_grad_norm_(model.parameters(), max_norm=1.0)
        print(f"step {(step + 1) // accum_steps}: loss {loss.item() * accum_steps:.4f} "
              f"grad norm {total_norm:.4f}", total_norm)
        opt.step()
        opt.zero_grad()
print(model[0].weight.grad)
out = model(X[:4])
out.sum().backward()
clip_grad_value_(model.parameters(), clip_value=0.01)
print(model[3].bias.grad, model[3].weight.grad.abs().max())
norm = clip_grad_norm_(model.parameters(), max_norm=0.5, norm_type=float('inf'))
print(norm, norm.dtype)
norm2 = clip_grad_norm_([p for p in model.parameters()], 1e9, norm_type=2.0)
print(f"{norm2.item():.6f}")
result = torch.cat([p.detach().flatten() for p in model.parameters()])
"""),
    _case("weight_decay_param_groups", """
import torch
import torch.nn as nn

torch.manual_seed(5)
model = nn.Sequential(
    nn.Conv2d(3, 8, 3, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10), nn.LayerNorm(10))
decay, no_decay = [], []
for name, param in model.named_parameters():
    if not param.requires_grad:
        continue
    if param.ndim <= 1 or name.endswith(".bias"):
        no_decay.append(param)
        print("no decay:", name, tuple(param.shape))
    else:
        decay.append(param)
        print("decay:   ", name, tuple(param.shape))
optimizer = torch.optim.AdamW([
    {'params': decay, 'weight_decay': 0.05},
    {'params': no_decay, 'weight_decay': 0.0},
], lr=3e-3, betas=(0.9, 0.95))
print(len(optimizer.param_groups), [len(g['params']) for g in optimizer.param_groups])
print({k: v for k, v in optimizer.param_groups[0].items() if k != 'params'})
x = torch.randn(4, 3, 8, 8)
target = torch.randint(0, 10, (4,))
for it in range(4):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), target, label_smoothing=0.1)
    loss.backward()
    optimizer.step()
    print(f"iter {it} loss {loss.item():.4f}")
state = optimizer.state_dict()
print(state['param_groups'][1])
print(len(state['state']), sorted(state['state'][0].keys()), state['state'][0]['step'])
print(state['state'][3]['exp_avg'])
result = torch.cat([p.detach().flatten() for p in model.parameters()])
"""),
    _case("ema_of_weights", """
import copy
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(2)
model = nn.Sequential(nn.Linear(6, 12), nn.SiLU(), nn.Linear(12, 2))
ema = copy.deepcopy(model)
for p in ema.parameters():
    p.requires_grad_(False)
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
X = torch.randn(40, 6)
y = torch.randn(40, 2)
decay = 0.9

@torch.no_grad()
def update_ema(ema, model, decay):
    ema_params = list(ema.parameters())
    model_params = list(model.parameters())
    torch._foreach_mul_(ema_params, decay)
    torch._foreach_add_(ema_params, model_params, alpha=1 - decay)

for step in range(10):
    opt.zero_grad()
    loss = ((model(X) - y) ** 2).mean()
    loss.backward()
    opt.step()
    update_ema(ema, model, decay)
    if step % 3 == 0:
        with torch.no_grad():
            ema_loss = ((ema(X) - y) ** 2).mean()
        print(f"step {step} loss {loss.item():.4f} ema loss {ema_loss.item():.4f}")

vec = parameters_to_vector(model.parameters())
ema_vec = parameters_to_vector(ema.parameters())
print(vec.shape, (vec - ema_vec).norm())
ema2 = copy.deepcopy(model)
v2 = parameters_to_vector(ema2.parameters())
with torch.no_grad():
    v2.mul_(0.5).add_(ema_vec, alpha=0.5)
vector_to_parameters(v2, ema2.parameters())
print(ema2[2].bias, ema2[2].bias.requires_grad)
with torch.no_grad():
    torch._foreach_lerp_(list(ema2.parameters()), list(model.parameters()), 0.25)
print(ema2[2].bias)
result = ema_vec
"""),
    _case("freeze_and_finetune_new_head", """
import torch
import torch.nn as nn

torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self, n_out):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU())
        self.fc = nn.Linear(16, n_out)
    def forward(self, x):
        return self.fc(self.features(x))

pretrained = Net(5)
X = torch.randn(30, 10)
y = torch.randint(0, 5, (30,))
opt = torch.optim.SGD(pretrained.parameters(), lr=0.1)
for _ in range(5):
    opt.zero_grad()
    nn.functional.cross_entropy(pretrained(X), y).backward()
    opt.step()

model = Net(5)
model.load_state_dict(pretrained.state_dict())
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(model.fc.in_features, 2)
print(model)
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
print(trainable, frozen)
optimizer = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=1e-2)
y2 = (X[:, 0] > 0).long()
before = model.features[0].weight.clone()
for epoch in range(6):
    optimizer.zero_grad()
    out = model(X)
    loss = nn.functional.cross_entropy(out, y2)
    loss.backward()
    optimizer.step()
    acc = (out.argmax(1) == y2).float().mean()
    print(f"epoch {epoch} loss {loss.item():.4f} acc {acc.item():.4f}")
print(torch.equal(before, model.features[0].weight), model.features[0].weight.grad)
model.features[2].requires_grad_(True)
optimizer.add_param_group({'params': model.features[2].parameters(), 'lr': 1e-3})
print([g['lr'] for g in optimizer.param_groups])
optimizer.zero_grad()
nn.functional.cross_entropy(model(X), y2).backward()
optimizer.step()
print(model.features[2].bias.grad is not None, model.features[0].bias.grad)
print(optimizer.state_dict()['param_groups'])
result = model.fc.weight.detach()
"""),
    _case("default_dtype_float64_deterministic", """
import random
import numpy as np
import torch
import torch.nn as nn

def seed_everything(seed=42):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False

seed_everything(123)
print(torch.initial_seed(), random.random() < 1, np.random.rand() < 1)
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled(), torch.backends.cudnn.deterministic,
      torch.backends.cudnn.benchmark)
torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype(), torch.tensor([1.5]).dtype, torch.randn(2).dtype)
model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
print(model[0].weight.dtype)
x = torch.linspace(-1, 1, 50).unsqueeze(1).repeat(1, 3)
x = x + 0.05 * torch.randn_like(x)
y = torch.sin(3 * x[:, :1])
opt = torch.optim.LBFGS(model.parameters(), lr=0.5, max_iter=10)
def closure():
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    return loss
for i in range(3):
    loss = opt.step(closure)
    print(f"lbfgs step {i}: {loss.item():.10f}")
print(loss)
torch.use_deterministic_algorithms(False)
torch.set_default_dtype(torch.float32)
print(torch.tensor(1.0).dtype, torch.initial_seed())
result = torch.cat([p.detach().flatten() for p in model.parameters()])
"""),
    _case("torch_compile_passthrough", """
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
compiled = torch.compile(model)
print(type(compiled).__name__)
x = torch.randn(5, 4)
print(torch.equal(compiled(x), model(x)))
print(list(compiled.state_dict().keys()))
opt = torch.optim.SGD(compiled.parameters(), lr=0.1)
y = torch.tensor([0, 1, 2, 0, 1])
for i in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(compiled(x), y)
    loss.backward()
    opt.step()
    print(f"{i}: {loss.item():.4f}")

@torch.compile
def gelu_ish(x):
    return 0.5 * x * (1 + torch.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))
print(gelu_ish(torch.linspace(-2, 2, 5)))
print(compiled._orig_mod[0].weight.shape, compiled._orig_mod is model)
result = model[2].weight.detach()
"""),
    _case("tabular_regression_standardise", """
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader, random_split

torch.manual_seed(2024)
n = 300
scale, shift = torch.tensor([1.0, 3.0, 0.1, 5.0]), torch.tensor([0.0, 5.0, 1.0, -3.0])
features = torch.randn(n, 4) * scale + shift
target = (features[:, 0] * 2 + features[:, 1] * 0.1 - features[:, 3] * 0.5
          + torch.randn(n) * 0.2).unsqueeze(1)

class Tabular(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        return {'x': self.X[i], 'y': self.y[i]}

full = Tabular(features, target)
train_ds, val_ds, test_ds = random_split(full, [0.7, 0.15, 0.15],
                                         generator=torch.Generator().manual_seed(42))
print(len(train_ds), len(val_ds), len(test_ds), train_ds.indices[:5])
tr_idx = torch.tensor(train_ds.indices)
mean = features[tr_idx].mean(dim=0, keepdim=True)
std = features[tr_idx].std(dim=0, keepdim=True)
print(mean, std, features[tr_idx].std(dim=0, unbiased=False))
y_mean, y_std = target[tr_idx].mean(), target[tr_idx].std()
print(f"target mean {y_mean:.4f} std {y_std:.4f}")

loader = DataLoader(train_ds, batch_size=50, shuffle=True, drop_last=True,
                    generator=torch.Generator().manual_seed(1))
batch = next(iter(loader))
print(type(batch).__name__, sorted(batch.keys()), batch['x'].shape, batch['y'].shape)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(8):
    total = 0.0
    for b in loader:
        x = (b['x'] - mean) / std
        yy = (b['y'] - y_mean) / y_std
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), yy)
        loss.backward()
        opt.step()
        total += loss.item()
    print(f"epoch {epoch}: {total / len(loader):.4f}  batches={len(loader)}")

def rmse(ds):
    xs = torch.stack([ds[i]['x'] for i in range(len(ds))])
    ys = torch.stack([ds[i]['y'] for i in range(len(ds))])
    with torch.no_grad():
        pred = model((xs - mean) / std) * y_std + y_mean
    return torch.sqrt(((pred - ys) ** 2).mean()).item()
print(f"val RMSE {rmse(val_ds):.4f} test RMSE {rmse(test_ds):.4f}")
"""),
    _case("amp_pattern_on_cpu", """
import warnings
import torch
import torch.nn as nn

torch.manual_seed(0)
device = 'cuda' if torch.cuda.is_available() else 'cpu'
use_amp = device == 'cuda'
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scaler = torch.amp.GradScaler(device, enabled=use_amp)
print(scaler.is_enabled(), scaler.get_scale(), scaler.state_dict())
X = torch.randn(64, 16, device=device)
y = torch.randint(0, 4, (64,), device=device)
for epoch in range(3):
    for i in range(0, 64, 16):
        xb, yb = X[i:i + 16], y[i:i + 16]
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb)
        print(logits.dtype, torch.is_autocast_enabled(), end=' | ')
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
    print(f"epoch {epoch} loss {loss.item():.4f} norm {norm:.4f}")
old = torch.cuda.amp.GradScaler(enabled=use_amp)
print(old.is_enabled(), old.scale(loss) is loss)
with torch.autocast('cuda', dtype=torch.float16):
    out = model(X[:2])
print(out.dtype, out.shape)
@torch.autocast(device_type='cuda')
def predict(x):
    return model(x).argmax(1)
print(predict(X[:8]))
ckpt = {'model': model.state_dict(), 'scaler': scaler.state_dict()}
print(list(ckpt['model'].keys()), ckpt['scaler'])
"""),
    _case("grad_scaler_cpu_overflow_and_resume", """
import io
import torch
import torch.nn as nn

torch.manual_seed(4)
model = nn.Linear(5, 1)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
scaler = torch.amp.GradScaler('cpu', init_scale=2.0 ** 10, growth_interval=3)
X = torch.randn(40, 5)
y = X.sum(1, keepdim=True)
for step in range(10):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X[step * 4:(step + 1) * 4]), y[step * 4:(step + 1) * 4])
    scaled = scaler.scale(loss)
    scaled.backward()
    if step == 5:
        model.weight.grad[0, 0] = float('inf')
    scaler.unscale_(opt)
    gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
    before = model.bias.item()
    ret = scaler.step(opt)
    scaler.update()
    skipped = model.bias.item() == before
    print(f"step {step} loss {loss.item():.4f} scaled {scaled.item():.1f} norm {gnorm:.4f} "
          f"skipped={skipped} scale={scaler.get_scale()} ret={ret}")
state = scaler.state_dict()
print(state)
buf = io.BytesIO()
torch.save({'model': model.state_dict(), 'optimizer': opt.state_dict(), 'scaler': state}, buf)
buf.seek(0)
ck = torch.load(buf, weights_only=True)
scaler2 = torch.amp.GradScaler('cpu')
scaler2.load_state_dict(ck['scaler'])
print(scaler2.get_scale(), scaler2.get_growth_interval(), scaler2.state_dict()['_growth_tracker'])
print(ck['optimizer']['state'][0]['step'], ck['optimizer']['param_groups'][0]['betas'])
try:
    disabled = torch.amp.GradScaler('cpu', enabled=False)
    torch.amp.GradScaler('cpu').load_state_dict(disabled.state_dict())
except RuntimeError as e:
    print(e)
result = torch.cat([model.weight.detach().flatten(), model.bias.detach()])
"""),
    _case("torchscript_friendly_model_code", """
from typing import List, Optional
import torch
import torch.nn as nn
import torch.nn.functional as F

class Block(nn.Module):
    scale: torch.jit.Final[float]

    def __init__(self, dim: int, scale: float = 0.5):
        super().__init__()
        self.fc = nn.Linear(dim, dim)
        self.scale = scale

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        h = self.fc(x)
        if mask is not None:
            h = h.masked_fill(mask, 0.0)
        if not torch.jit.is_scripting() and not torch.jit.is_tracing():
            self.debug_stats(h)
        return x + self.scale * F.gelu(h)

    @torch.jit.ignore
    def debug_stats(self, h):
        print(f"mean {h.mean().item():.4f} std {h.std().item():.4f}")

    @torch.jit.export
    def features(self, x: torch.Tensor) -> List[torch.Tensor]:
        out = torch.jit.annotate(List[torch.Tensor], [])
        out.append(self.fc(x))
        return out

torch.manual_seed(9)
block = Block(6)
x = torch.randn(3, 6)
y = block(x, mask=x > 1.0)
print(y)
print(len(block.features(x)), block.features(x)[0].shape)
print(torch.jit.is_scripting(), torch.jit.is_tracing())
result = y
"""),
    _case("classification_metrics_confusion_topk", """
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(17)
num_classes = 4
counts = torch.tensor([60, 25, 10, 5])
y = torch.cat([torch.full((int(c),), i) for i, c in enumerate(counts)])
X = torch.randn(len(y), 8) + F.one_hot(y, num_classes).float().repeat(1, 2) * 1.5
perm = torch.randperm(len(y))
X, y = X[perm], y[perm]
class_weights = counts.sum() / (num_classes * counts.float())
print("class weights:", class_weights)
model = nn.Linear(8, num_classes)
criterion = nn.CrossEntropyLoss(weight=class_weights)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(20):
    opt.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    opt.step()
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1}: loss = {loss.item():.4f}")
model.eval()
with torch.inference_mode():
    logits = model(X)
    probs = F.softmax(logits, dim=1)
    preds = probs.argmax(dim=1)
print(torch.is_inference_mode_enabled(), logits.requires_grad)
cm = torch.bincount(num_classes * y + preds, minlength=num_classes ** 2)
cm = cm.reshape(num_classes, num_classes)
print("confusion matrix:")
print(cm)
tp = cm.diag()
precision = tp / cm.sum(0).clamp(min=1)
recall = tp / cm.sum(1).clamp(min=1)
f1 = 2 * precision * recall / (precision + recall + 1e-8)
print(f"accuracy {tp.sum().item() / cm.sum().item():.4f}")
for c in range(num_classes):
    print(f"class {c}: P={precision[c]:.3f} R={recall[c]:.3f} F1={f1[c]:.3f} support={cm[c].sum()}")
print(f"macro F1 {f1.mean():.4f}")
top2 = probs.topk(2, dim=1)
print(top2.indices[:5], top2.values[:3])
top2_acc = (top2.indices == y.unsqueeze(1)).any(dim=1).float().mean()
print(f"top-2 accuracy {top2_acc.item():.4f}")
vals, idx = torch.sort(probs[:, 3], descending=True)
print(idx[:5], vals[:5])
result = cm
"""),
    _case("multilabel_bce_pos_weight", """
import torch
import torch.nn as nn

torch.manual_seed(21)
n, d, L = 150, 12, 5
X = torch.randn(n, d)
W = torch.randn(d, L)
bias = torch.tensor([-2.0, -1.0, 0.0, -3.0, -0.5])
Y = (torch.sigmoid(X @ W + bias) > torch.rand(n, L)).float()
pos = Y.sum(0)
neg = n - pos
pos_weight = neg / pos.clamp(min=1)
print("label frequency:", Y.mean(0))
print("pos_weight:", pos_weight)
model = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, L))
criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
opt = torch.optim.RMSprop(model.parameters(), lr=0.01)
for epoch in range(15):
    model.train()
    for i in range(0, n, 50):
        opt.zero_grad()
        loss = criterion(model(X[i:i + 50]), Y[i:i + 50])
        loss.backward()
        opt.step()
    if epoch % 3 == 0:
        print(f"epoch {epoch:2d} loss {loss.item():.4f}")
model.eval()
with torch.no_grad():
    probs = torch.sigmoid(model(X))
pred = (probs > 0.5).float()
tp = (pred * Y).sum(0)
fp = (pred * (1 - Y)).sum(0)
fn = ((1 - pred) * Y).sum(0)
precision = tp / (tp + fp).clamp(min=1e-8)
recall = tp / (tp + fn).clamp(min=1e-8)
f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-8)
print("per-label F1:", f1)
micro_f1 = 2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum())
print(f"micro F1 {micro_f1:.4f} macro F1 {f1.mean():.4f}")
exact = (pred == Y).all(dim=1).float().mean()
hamming = (pred != Y).float().mean()
print(f"subset accuracy {exact:.4f} hamming loss {hamming:.4f}")
none = nn.BCEWithLogitsLoss(reduction='none', pos_weight=pos_weight)(model(X[:2]), Y[:2])
print(none)
result = probs
"""),
    _case("data_pipeline_subset_concat_samplers", """
import torch
from torch.utils.data import (Dataset, TensorDataset, DataLoader, Subset, ConcatDataset,
                              random_split, SubsetRandomSampler, WeightedRandomSampler,
                              SequentialSampler, BatchSampler)

torch.manual_seed(0)

class Squares(Dataset):
    def __init__(self, n, offset=0):
        self.n, self.offset = n, offset
    def __len__(self):
        return self.n
    def __getitem__(self, idx):
        x = torch.tensor([float(idx + self.offset)])
        return x, (idx + self.offset) ** 2

a, b = Squares(10), Squares(5, offset=100)
both = ConcatDataset([a, b])
print(len(both), both[9], both[10], both.cumulative_sizes)
sub = Subset(both, [0, 2, 11, 14])
print(len(sub), [sub[i][1] for i in range(len(sub))])
for xb, yb in DataLoader(sub, batch_size=3):
    print(xb.shape, xb.dtype, yb, yb.dtype)
g = torch.Generator().manual_seed(7)
tr, va = random_split(both, [12, 3], generator=g)
print(sorted(tr.indices), va.indices)
sampler = SubsetRandomSampler(list(range(0, 15, 2)), generator=torch.Generator().manual_seed(3))
print([yb.tolist() for _, yb in DataLoader(both, batch_size=4, sampler=sampler)])
weights = torch.tensor([0.1] * 10 + [1.0] * 5)
ws = WeightedRandomSampler(weights, num_samples=12, replacement=True,
                           generator=torch.Generator().manual_seed(1))
print(list(ws))
bs = BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)
print(list(bs), len(bs))
dl = DataLoader(both, batch_sampler=BatchSampler(SequentialSampler(both), 4, drop_last=True))
print(len(dl), [yb.tolist() for _, yb in dl])

def collate_dicts(batch):
    xs, ys = zip(*batch)
    return {'inputs': torch.stack(xs), 'targets': torch.tensor(ys), 'n': len(batch)}
loader = DataLoader(a, batch_size=4, shuffle=True, drop_last=True, collate_fn=collate_dicts,
                    generator=torch.Generator().manual_seed(5))
for batch in loader:
    print(batch['inputs'].squeeze(1), batch['targets'], batch['n'])
td = TensorDataset(torch.arange(6.).view(3, 2), torch.tensor([1, 0, 1]))
print(next(iter(DataLoader(td, batch_size=3))))
class DictDS(Dataset):
    def __len__(self):
        return 4
    def __getitem__(self, i):
        return {'id': i, 'feat': torch.full((2,), float(i)), 'meta': ('x', i * 0.5)}
print(next(iter(DataLoader(DictDS(), batch_size=2))))
"""),
    _case("lstm_text_classifier_packed", """
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(123)
vocab_size, emb_dim, hidden, n_classes = 30, 8, 16, 2

class ToyText(Dataset):
    def __init__(self, n):
        self.lengths = torch.randint(3, 9, (n,))
        self.seqs = [torch.randint(1, vocab_size, (int(l),)) for l in self.lengths]
        self.labels = [int((s % 2 == 0).sum() > len(s) // 2) for s in self.seqs]
    def __len__(self):
        return len(self.seqs)
    def __getitem__(self, i):
        return self.seqs[i], self.labels[i]

def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = pad_sequence(seqs, batch_first=True, padding_value=0)
    return padded, lengths, torch.tensor(labels)

class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.lstm = nn.LSTM(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, n_classes)
    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.emb(x), lengths, batch_first=True,
                                      enforce_sorted=False)
        out, (h, c) = self.lstm(packed)
        feats = torch.cat([h[-2], h[-1]], dim=1)
        return self.fc(feats), out

ds = ToyText(48)
loader = DataLoader(ds, batch_size=12, shuffle=True, collate_fn=collate,
                    generator=torch.Generator().manual_seed(0))
model = LSTMClassifier()
print(model)
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(4):
    total, correct, loss_sum = 0, 0, 0.0
    for x, lengths, y in loader:
        opt.zero_grad()
        logits, _ = model(x, lengths)
        loss = nn.functional.cross_entropy(logits, y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        loss_sum += loss.item() * len(y)
        correct += (logits.argmax(1) == y).sum().item()
        total += len(y)
    print(f"epoch {epoch}: loss {loss_sum / total:.4f} acc {correct / total:.3f}")
x, lengths, y = next(iter(loader))
_, packed_out = model(x, lengths)
unpacked, out_lens = pad_packed_sequence(packed_out, batch_first=True)
print(x.shape, unpacked.shape, out_lens)
print(model.emb.weight[0], model.emb.weight.grad[0])
"""),
    _case("cnn_images_best_checkpoint", """
import copy
import io
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(8)
N = 64
images = torch.rand(N, 1, 12, 12)
labels = (images[:, :, :6, :].mean(dim=(1, 2, 3)) > images[:, :, 6:, :].mean(dim=(1, 2, 3))).long()
print(labels.bincount())

class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, padding=1)
        self.conv2 = nn.Conv2d(6, 12, 3)
        self.pool = nn.MaxPool2d(2)
        self.drop = nn.Dropout2d(0.25)
        self.fc = nn.Linear(12 * 2 * 2, 2)
    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.drop(x)
        return self.fc(torch.flatten(x, 1))

model = SmallCNN()
print(sum(p.numel() for p in model.parameters()))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
train_x, train_y, val_x, val_y = images[:48], labels[:48], images[48:], labels[48:]
best_acc, best_epoch = -1.0, -1
best = io.BytesIO()
for epoch in range(6):
    model.train()
    for i in range(0, 48, 16):
        opt.zero_grad()
        loss = F.cross_entropy(model(train_x[i:i + 16]), train_y[i:i + 16])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        val_out = model(val_x)
        val_acc = (val_out.argmax(1) == val_y).float().mean().item()
    print(f"epoch {epoch} loss {loss.item():.4f} val_acc {val_acc:.4f}")
    if val_acc > best_acc:
        best_acc, best_epoch = val_acc, epoch
        best.seek(0)
        best.truncate()
        torch.save({'epoch': epoch, 'model_state_dict': model.state_dict(),
                    'optimizer_state_dict': opt.state_dict(), 'val_acc': val_acc}, best)
best.seek(0)
ckpt = torch.load(best, map_location='cpu')
print(ckpt['epoch'], best_epoch, f"{ckpt['val_acc']:.4f}")
restored = SmallCNN()
restored.load_state_dict(ckpt['model_state_dict'])
restored.eval()
with torch.no_grad():
    print(restored(val_x[:3]))
print(ckpt['optimizer_state_dict']['param_groups'][0]['nesterov'],
      ckpt['optimizer_state_dict']['state'][0]['momentum_buffer'].shape)
"""),
    _case("vae_reparameterization", """
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(31)

class VAE(nn.Module):
    def __init__(self, d=10, h=16, z=2):
        super().__init__()
        self.enc = nn.Linear(d, h)
        self.mu = nn.Linear(h, z)
        self.logvar = nn.Linear(h, z)
        self.dec1 = nn.Linear(z, h)
        self.dec2 = nn.Linear(h, d)
    def encode(self, x):
        h = F.relu(self.enc(x))
        return self.mu(h), self.logvar(h)
    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std
    def decode(self, z):
        return torch.sigmoid(self.dec2(F.relu(self.dec1(z))))
    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar

def loss_function(recon_x, x, mu, logvar):
    bce = F.binary_cross_entropy(recon_x, x, reduction='sum')
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld, bce, kld

data = (torch.rand(80, 10) > 0.6).float()
model = VAE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(1, 6):
    model.train()
    train_loss = 0
    for i in range(0, 80, 20):
        batch = data[i:i + 20]
        optimizer.zero_grad()
        recon, mu, logvar = model(batch)
        loss, bce, kld = loss_function(recon, batch, mu, logvar)
        loss.backward()
        train_loss += loss.item()
        optimizer.step()
    print(f"====> Epoch: {epoch} Average loss: {train_loss / len(data):.4f} "
          f"(bce {bce.item():.3f}, kld {kld.item():.3f})")
model.eval()
with torch.no_grad():
    sample = torch.randn(4, 2)
    out = model.decode(sample)
    print(out.round(decimals=3))
    mu, logvar = model.encode(data[:3])
    print(mu, logvar.exp())
result = out
"""),
    _case("transformer_encoder_classifier", """
import math
import torch
import torch.nn as nn

torch.manual_seed(5)

class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=50):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer('pe', pe)
    def forward(self, x):
        return x + self.pe[:x.size(1)]

class TinyTransformer(nn.Module):
    def __init__(self, vocab=20, d_model=16, nhead=2, n_classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.pos = PositionalEncoding(d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=32, dropout=0.1,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, n_classes)
    def forward(self, tokens, pad_mask):
        h = self.encoder(self.pos(self.embed(tokens) * math.sqrt(16)),
                         src_key_padding_mask=pad_mask)
        h = h.masked_fill(pad_mask.unsqueeze(-1), 0.0)
        return self.head(h.sum(1) / (~pad_mask).sum(1, keepdim=True))

tokens = torch.randint(1, 20, (24, 7))
lengths = torch.randint(3, 8, (24,))
pad_mask = torch.arange(7).unsqueeze(0) >= lengths.unsqueeze(1)
tokens = tokens.masked_fill(pad_mask, 0)
labels = tokens[:, 0] % 3
model = TinyTransformer()
print([name for name, _ in model.named_parameters()][:8])
print(list(model.state_dict().keys())[:3], model.pos.pe.shape)
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=4)
for step in range(8):
    model.train()
    opt.zero_grad()
    logits = model(tokens, pad_mask)
    loss = nn.functional.cross_entropy(logits, labels)
    loss.backward()
    opt.step()
    sched.step()
    print(f"step {step} loss {loss.item():.4f} lr {sched.get_last_lr()[0]:.6f}")
model.eval()
with torch.no_grad():
    acc = (model(tokens, pad_mask).argmax(-1) == labels).float().mean()
print(f"train accuracy {acc:.4f}")
"""),
    _case("seeding_and_rng_state_replay", """
import random
import numpy as np
import torch

def set_seed(seed: int = 42) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    print(f"Random seed set as {seed}")

set_seed(1234)
print(torch.initial_seed(), torch.rand(3))
state = torch.get_rng_state()
print(state.dtype, state.shape)
a = torch.randn(2, 2)
torch.set_rng_state(state)
b = torch.randn(2, 2)
print(torch.equal(a, b), a)
g = torch.Generator()
g.manual_seed(99)
print(g.initial_seed(), torch.randint(0, 100, (5,), generator=g))
gs = g.get_state()
x1 = torch.randperm(8, generator=g)
g.set_state(gs)
x2 = torch.randperm(8, generator=g)
print(x1, torch.equal(x1, x2))
print(torch.normal(mean=torch.zeros(3), std=torch.ones(3)))
print(torch.empty(4).uniform_(-1, 1), torch.empty(3).normal_(0, 0.1))
print(torch.bernoulli(torch.full((6,), 0.5)),
      torch.multinomial(torch.tensor([0.1, 0.3, 0.6]), 4, replacement=True))
print(torch.empty(3).exponential_(), torch.empty(2).geometric_(0.3))

def worker_init_fn(worker_id):
    worker_seed = torch.initial_seed() % 2 ** 32
    np.random.seed(worker_seed)
    random.seed(worker_seed)
gen = torch.Generator()
gen.manual_seed(0)
loader = torch.utils.data.DataLoader(list(range(10)), batch_size=4, shuffle=True,
                                     worker_init_fn=worker_init_fn, generator=gen)
print([b.tolist() for b in loader])
print(torch.initial_seed())
with torch.random.fork_rng():
    torch.manual_seed(0)
    inner = torch.rand(2)
print(inner, torch.rand(2))
"""),
    _case("gan_two_optimizers", """
import torch
import torch.nn as nn

torch.manual_seed(2)
latent = 4
G = nn.Sequential(nn.Linear(latent, 16), nn.LeakyReLU(0.2), nn.Linear(16, 2))
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Sigmoid())
criterion = nn.BCELoss()
opt_g = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
real_data = torch.randn(64, 2) * 0.5 + torch.tensor([2.0, -1.0])
for it in range(6):
    for i in range(0, 64, 32):
        real = real_data[i:i + 32]
        bs = real.size(0)
        real_labels = torch.ones(bs, 1)
        fake_labels = torch.zeros(bs, 1)
        opt_d.zero_grad()
        z = torch.randn(bs, latent)
        fake = G(z)
        d_loss = criterion(D(real), real_labels) + criterion(D(fake.detach()), fake_labels)
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        g_loss = criterion(D(fake), real_labels)
        g_loss.backward()
        opt_g.step()
    print(f"[{it}] D loss: {d_loss.item():.4f} G loss: {g_loss.item():.4f} "
          f"D(x): {D(real).mean().item():.4f}")
with torch.no_grad():
    samples = G(torch.randn(500, latent))
print(samples.mean(0), samples.std(0))
print(D[2].weight.grad is not None, G[0].weight.grad.shape)
result = samples[:5]
"""),
    _case("init_hooks_state_dict_printing", """
import torch
import torch.nn as nn

torch.manual_seed(0)
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
print(device, device.type, torch.backends.mps.is_available())
torch.set_float32_matmul_precision('high')
torch.backends.cudnn.allow_tf32 = True
torch.backends.cuda.matmul.allow_tf32 = True
print(torch.get_float32_matmul_precision(), torch.backends.cudnn.enabled)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.BatchNorm1d(6))
        self.out = nn.Linear(6, 2)
    def forward(self, x):
        return self.out(self.body(x))

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm1d):
        nn.init.ones_(m.weight)
        nn.init.constant_(m.bias, 0.1)

model = Net().to(device)
model.apply(init_weights)
nn.init.kaiming_normal_(model.out.weight, mode='fan_out', nonlinearity='relu')
print(model.state_dict())
for name, module in model.named_modules():
    print(repr(name), type(module).__name__)
activations = {}
def save_activation(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()
    return hook
handles = [model.body[1].register_forward_hook(save_activation('relu')),
           model.out.register_forward_hook(save_activation('out'))]
x = torch.randn(5, 4).to(device, non_blocking=True)
y = model(x)
print(sorted(activations), activations['relu'].gt(0).float().mean(),
      torch.equal(activations['out'], y))
for h in handles:
    h.remove()
torch.set_printoptions(precision=2, sci_mode=False)
print(y)
torch.set_printoptions(profile='default')
opt = torch.optim.Adam(model.parameters(), lr=1e-3, amsgrad=True)
y.pow(2).mean().backward()
opt.step()
sd = opt.state_dict()
print(sd['param_groups'])
# (3 digits: the gradients flow through Linear(4, 6)'s float32 product, whose last bits
# are BLAS's order of additions, docs/differences.md, and BatchNorm's backward magnifies
# them into the fifth digit of its small input gradients)
torch.set_printoptions(precision=3)
print({k: v for k, v in sd['state'].items() if k in (0, 1, 4, 5)})
torch.set_printoptions(profile='default')
print(opt)
"""),
    _case("checkpointing_activation_and_no_grad_decorators", """
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(10)
class Deep(nn.Module):
    def __init__(self, width=8, depth=4, use_ckpt=True):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Sequential(nn.Linear(width, width), nn.Tanh())
                                     for _ in range(depth)])
        self.use_ckpt = use_ckpt
    def forward(self, x):
        for block in self.blocks:
            x = checkpoint(block, x, use_reentrant=False) if self.use_ckpt else block(x)
        return x

model = Deep()
x = torch.randn(3, 8, requires_grad=True)
out = model(x).sum()
out.backward()
g1 = [p.grad.clone() for p in model.parameters()]
model.zero_grad()
model.use_ckpt = False
x.grad = None
model(x).sum().backward()
print(all(torch.allclose(a, p.grad) for a, p in zip(g1, model.parameters())), f"{out.item():.4f}")
seq = nn.Sequential(*[nn.Linear(8, 8) for _ in range(4)])
y = checkpoint_sequential(seq, 2, x, use_reentrant=False)
print(y.shape, y.grad_fn is not None)

@torch.no_grad()
def predict(model, x):
    return model(x)
p = predict(model, x)
print(p.requires_grad, torch.is_grad_enabled())
with torch.set_grad_enabled(False):
    q = model(x)
print(q.requires_grad)
torch.set_grad_enabled(True)
with torch.enable_grad():
    r = model(x)
print(r.requires_grad, r.grad_fn.name())
with torch.inference_mode():
    z = model(x)
print(z.requires_grad, torch.is_inference_mode_enabled())
print(torch.equal(p, z), torch.allclose(q, r))
"""),
    _case("lr_schedules_warmup_cosine_restarts", """
import math
import torch
from torch.optim.lr_scheduler import (LambdaLR, LinearLR, CosineAnnealingLR, SequentialLR,
                                      CosineAnnealingWarmRestarts, ExponentialLR, MultiStepLR,
                                      ChainedScheduler, OneCycleLR, CyclicLR, PolynomialLR)

def make_opt(lr=0.1):
    p = torch.nn.Parameter(torch.zeros(1))
    return torch.optim.SGD([p], lr=lr, momentum=0.9)

def get_cosine_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps):
    def lr_lambda(current_step):
        if current_step < num_warmup_steps:
            return float(current_step) / float(max(1, num_warmup_steps))
        progress = float(current_step - num_warmup_steps) / float(
            max(1, num_training_steps - num_warmup_steps))
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    return LambdaLR(optimizer, lr_lambda)

def trace(sched, steps, opt):
    lrs = []
    for _ in range(steps):
        opt.step()
        sched.step()
        lrs.append(f"{opt.param_groups[0]['lr']:.5f}")
    return lrs

opt = make_opt()
print(trace(get_cosine_schedule_with_warmup(opt, 3, 10), 10, opt))
opt = make_opt()
warm = LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=3)
cos = CosineAnnealingLR(opt, T_max=5, eta_min=0.001)
seq = SequentialLR(opt, schedulers=[warm, cos], milestones=[3])
print(trace(seq, 9, opt))
print(seq.state_dict()['_milestones'], seq.state_dict()['last_epoch'])
opt = make_opt()
wr = CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.01)
lrs = []
iters = 4
for epoch in range(3):
    for i in range(iters):
        opt.step()
        wr.step(epoch + i / iters)
        lrs.append(round(wr.get_last_lr()[0], 5))
print(lrs, wr.T_cur, wr.T_i)
opt = make_opt()
chain = ChainedScheduler([ExponentialLR(opt, gamma=0.9),
                          MultiStepLR(opt, milestones=[2, 4], gamma=0.5)])
print(trace(chain, 6, opt))
opt = make_opt()
cyc = CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, mode='triangular2')
print(trace(cyc, 10, opt))
print(opt.param_groups[0]['momentum'])
opt = make_opt()
print(trace(PolynomialLR(opt, total_iters=4, power=2.0), 6, opt))
opt = make_opt()
oc = OneCycleLR(opt, max_lr=1.0, epochs=2, steps_per_epoch=5, anneal_strategy='linear')
print(trace(oc, 10, opt), [f"{m:.4f}" for m in [opt.param_groups[0]['momentum']]])
try:
    oc.step()
except ValueError as e:
    print(e)
"""),
    _case("kfold_cross_validation", """
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, Subset

torch.manual_seed(77)
X = torch.randn(60, 3)
y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).long()
dataset = TensorDataset(X, y)
k = 4
folds = torch.randperm(len(dataset)).chunk(k)
print([len(f) for f in folds])
scores = []
for fold, val_idx in enumerate(folds):
    train_idx = torch.cat([f for i, f in enumerate(folds) if i != fold])
    train_loader = DataLoader(Subset(dataset, train_idx.tolist()), batch_size=15, shuffle=True)
    val_loader = DataLoader(Subset(dataset, val_idx.tolist()), batch_size=100)
    model = nn.Sequential(nn.Linear(3, 10), nn.ReLU(), nn.Linear(10, 2))
    opt = torch.optim.Adagrad(model.parameters(), lr=0.1)
    for epoch in range(10):
        for xb, yb in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
    with torch.no_grad():
        xb, yb = next(iter(val_loader))
        acc = (model(xb).argmax(1) == yb).float().mean().item()
    scores.append(acc)
    print(f"fold {fold}: acc {acc:.4f} (train {len(train_idx)}, val {len(val_idx)})")
scores = torch.tensor(scores)
print(f"CV accuracy: {scores.mean():.4f} +/- {scores.std():.4f}")
print(scores.var(unbiased=False), scores.std(correction=0))
"""),
    _case("torch_load_weights_only_refusals", """
import argparse
import io
import collections
import pickle
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 2)
args = argparse.Namespace(lr=0.1, epochs=3)
buf = io.BytesIO()
torch.save({'state': model.state_dict(), 'args': args}, buf)
buf.seek(0)
try:
    torch.load(buf)
except pickle.UnpicklingError as e:
    print(type(e).__name__, str(e).splitlines()[0])
buf.seek(0)
print(torch.load(buf, weights_only=False)['args'])
buf = io.BytesIO()
torch.save({'state': model.state_dict(), 'epoch': 3, 'history': [0.5, 0.25],
            'od': collections.OrderedDict(a=1), 'shape': torch.Size([2, 2]),
            'dtype': torch.float32, 'name': 'run1', 'tuple': (1, 'x', None)}, buf)
buf.seek(0)
ck = torch.load(buf)
print(ck['epoch'], ck['history'], ck['od'], ck['shape'], ck['dtype'], ck['tuple'])
print(ck['state'])
buf.seek(0)
ck2 = torch.load(buf, weights_only=False, map_location=torch.device('cpu'))
print(type(ck2['state']).__name__, ck2['state']['weight'].device)
whole = io.BytesIO()
torch.save(model, whole)
whole.seek(0)
try:
    torch.load(whole)
except pickle.UnpicklingError as e:
    print(type(e).__name__, str(e).splitlines()[0])
whole.seek(0)
m2 = torch.load(whole, weights_only=False)
print(type(m2).__name__, m2, torch.equal(m2.weight, model.weight))
"""),
    _case("tabular_embeddings_mixed_features", """
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(12)
n = 120
cat_a = torch.randint(0, 5, (n,))
cat_b = torch.randint(0, 3, (n,))
num = torch.randn(n, 3)
y = (num[:, 0] + (cat_a == 2).float() - 0.5 * (cat_b == 1).float() > 0.2).float()

class MixedDS(Dataset):
    def __len__(self):
        return n
    def __getitem__(self, i):
        return (cat_a[i], cat_b[i]), num[i], y[i]

class TabNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb_a = nn.Embedding(5, 3)
        self.emb_b = nn.Embedding(3, 2)
        self.bn = nn.BatchNorm1d(3)
        self.mlp = nn.Sequential(nn.Linear(3 + 2 + 3, 16), nn.ReLU(), nn.Dropout(0.2),
                                 nn.Linear(16, 1))
    def forward(self, cats, x):
        a, b = cats
        h = torch.cat([self.emb_a(a), self.emb_b(b), self.bn(x)], dim=1)
        return self.mlp(h).squeeze(-1)

loader = DataLoader(MixedDS(), batch_size=32, shuffle=True, drop_last=True)
cats, xb, yb = next(iter(loader))
print(type(cats).__name__, len(cats), cats[0].dtype, xb.shape, yb.shape)
model = TabNet()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.BCEWithLogitsLoss()
history = {'loss': [], 'acc': []}
for epoch in range(8):
    model.train()
    losses = []
    for cats, xb, yb in loader:
        opt.zero_grad()
        logit = model(cats, xb)
        loss = loss_fn(logit, yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        acc = ((model((cat_a, cat_b), num) > 0).float() == y).float().mean().item()
    history['loss'].append(sum(losses) / len(losses))
    history['acc'].append(acc)
    print(f"epoch {epoch}: loss {history['loss'][-1]:.4f} acc {acc:.4f}")
print(torch.tensor(history['loss']).argmin().item(), max(history['acc']))
print(model.emb_a.weight, model.bn.running_var)
"""),
]
