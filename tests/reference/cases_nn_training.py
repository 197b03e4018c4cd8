"""Training equivalence with torch: the book's concise linear regression, softmax
regression and MLP, a builders'-guide style custom module, LeNet (with and without batch
norm) and a GRU language model, each from deterministic
data and weights (set with `copy_` under no_grad), trained for a few hand-written SGD
steps. Every case sets `result` to its losses (compared to float32 rounding) and prints
the trained model (ids start with ``nn_training_``).
"""

from __future__ import annotations

_PRELUDE = """
nn = torch.nn
F = torch.nn.functional
def deterministic(module, scale=0.1):
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            p.copy_(scale * torch.cos(torch.arange(p.numel(), dtype=p.dtype) * 0.7 + i)
                    .reshape(p.shape))
    return module
def sgd(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_()
def images(n, c=1, h=4, w=4):
    return torch.sin(torch.arange(n * c * h * w, dtype=torch.float32) * 0.37).reshape(n, c, h, w)
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nn_training_{name}", _PRELUDE + body


CASES = [
    _case("linear_regression_concise", """
X = torch.sin(torch.arange(80, dtype=torch.float32) * 0.91).reshape(40, 2)
y = (X @ torch.tensor([2.0, -3.4]) + 4.2 + 0.01 * torch.cos(torch.arange(40.0))).reshape(-1, 1)
net = nn.LazyLinear(1)
net(X[:1])
deterministic(net)
loss = nn.MSELoss()
losses = []
for epoch in range(3):
    for start in range(0, 40, 10):
        l = loss(net(X[start:start + 10]), y[start:start + 10])
        losses.append(l.item())
        l.backward()
        sgd(net.parameters(), 0.03)
print(net)
print(l.grad_fn.name(), len(losses))
result = torch.tensor(losses)
"""),
    _case("softmax_regression", """
X = images(20)
y = torch.arange(20) % 10
net = nn.Sequential(nn.Flatten(), nn.LazyLinear(10))
net(X[:1])
deterministic(net)
loss = nn.CrossEntropyLoss()
losses = []
for step in range(6):
    l = loss(net(X), y)
    losses.append(l.item())
    net.zero_grad()
    l.backward()
    with torch.no_grad():
        for p in net.parameters():
            p -= 0.5 * p.grad
print(net)
print(l.grad_fn.name())
result = torch.tensor(losses)
"""),
    _case("mlp_concise", """
X = images(24)
y = (torch.arange(24) * 7) % 10
net = nn.Sequential(nn.Flatten(), nn.LazyLinear(16), nn.ReLU(), nn.LazyLinear(10))
net(X[:1])
deterministic(net, 0.3)
loss = nn.CrossEntropyLoss(reduction='none')
losses = []
for step in range(6):
    batch = slice(8 * (step % 3), 8 * (step % 3) + 8)
    l = loss(net(X[batch]), y[batch])
    losses.append(l.mean().item())
    l.mean().backward()
    sgd(net.parameters(), 0.2)
print(net)
print(l.shape, l.grad_fn.name())
result = torch.tensor(losses)
"""),
    _case("mlp_float64_custom_module", """
class MLP(nn.Module):
    def __init__(self, num_hiddens, num_outputs):
        super().__init__()
        self.hidden = nn.LazyLinear(num_hiddens)
        self.output = nn.LazyLinear(num_outputs)
    def forward(self, X):
        return self.output(F.relu(self.hidden(X)))
class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.rand_weight = torch.cos(torch.arange(400.0, dtype=torch.float64)).reshape(20, 20)
        self.linear = nn.LazyLinear(20)
    def forward(self, X):
        X = self.linear(X)
        X = F.relu(X @ self.rand_weight + 1)
        X = self.linear(X)
        while X.abs().sum() > 1:
            X /= 2
        return X.sum()
X = images(10, h=2, w=2).reshape(10, 4).double()
net = nn.Sequential(MLP(8, 20), FixedHiddenMLP()).double()
net(X)
deterministic(net)
losses = []
for step in range(4):
    out = net(X)
    losses.append(out.item())
    out.backward()
    sgd(net.parameters(), 0.05)
print(net)
print([n for n, _ in net.named_parameters()])
result = torch.tensor(losses, dtype=torch.float64)
"""),
    _case("lenet_sgd", """
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.Sigmoid(),
    nn.Linear(84, 10))
deterministic(net, 0.3)
X = images(8, h=28, w=28)
y = torch.arange(8) % 10
loss_fn = nn.CrossEntropyLoss()
losses = []
for step in range(5):
    loss = loss_fn(net(X), y)
    losses.append(loss.item())
    loss.backward()
    sgd(net.parameters(), 0.9)
print(net)
result = torch.tensor(losses)
"""),
    _case("lenet_batch_norm_sgd", """
net = nn.Sequential(
    nn.LazyConv2d(6, kernel_size=5, padding=2), nn.LazyBatchNorm2d(), nn.Sigmoid(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.LazyConv2d(16, kernel_size=5), nn.LazyBatchNorm2d(), nn.Sigmoid(),
    nn.MaxPool2d(kernel_size=2, stride=2), nn.Flatten(),
    nn.LazyLinear(120), nn.LazyBatchNorm1d(), nn.Sigmoid(),
    nn.LazyLinear(10))
X = images(8, h=28, w=28)
y = torch.arange(8) % 10
net(X)  # the lazy layers take their sizes (and update running statistics)
deterministic(net, 0.2)
for module in net.modules():
    if hasattr(module, "reset_running_stats"):
        module.reset_running_stats()
loss_fn = nn.CrossEntropyLoss()
losses = []
for step in range(5):
    loss = loss_fn(net(X), y)
    losses.append(loss.item())
    loss.backward()
    sgd(net.parameters(), 0.1)
net.eval()
losses.append(loss_fn(net(X), y).item())
print(net)
print(net[1].running_mean, net[1].num_batches_tracked)
result = torch.tensor(losses)
"""),
    _case("gru_language_model", """
class CharModel(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 8)
        self.rnn = nn.GRU(8, hidden, num_layers=2, batch_first=True)
        self.head = nn.Linear(hidden, vocab)
    def forward(self, x, state=None):
        out, state = self.rnn(self.embedding(x), state)
        return self.head(out), state
model = deterministic(CharModel(12, 16), 0.3)
text = (torch.arange(90) * 7 % 12).reshape(6, 15)
inputs, targets = text[:, :-1], text[:, 1:]
loss_fn = nn.CrossEntropyLoss()
losses = []
for step in range(5):
    logits, _ = model(inputs)
    loss = loss_fn(logits.reshape(-1, 12), targets.reshape(-1))
    losses.append(loss.item())
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    sgd(model.parameters(), 1.0)
print(model)
result = torch.tensor(losses)
"""),
]
