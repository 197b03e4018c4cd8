"""The benchmark workloads, written once for the torch API and once for HIPS autograd.

ember and torch share one implementation (`import ember as torch` is the whole point of
ember), so the two columns run literally the same Python code. HIPS autograd is
functional (`grad(f)(x)` on NumPy arrays), so each workload has a second implementation
that does the same arithmetic with `autograd.numpy`.

Every `make_*` function does the setup (allocating inputs, weights) and returns a
zero-argument callable that runs ONE repetition of the workload: that callable is what
`run.py` times. Sizes are parameters so that the smoke test can run each workload tiny.

The maths is the same for every library:

- `tiny_chain` / `deep_graph`: a 4-element tensor through a repeating cycle of four cheap
  ops, `y*0.5`, `y+0.25`, `sin(y)`, `exp(y)`, whose values stay within [0, 2.8], then
  `sum()` and backward.
- `seed_loop`: the seed notebook's `f(a)` (double until the norm reaches 1000, then a
  data-dependent branch) on a fixed 1-element input, and backward.
- `mlp_step`: a 784-256-256-10 ReLU MLP on a batch of 128, softmax cross-entropy written
  as `mean(log(sum(exp(z), 1)) - sum(z * onehot, 1))` for every library (a formula HIPS
  autograd expresses the same way; logits of this small-weight net stay far from overflow,
  so no max-shift is needed), backward, then a hand-written SGD step.
- `nn_mlp_step`: the same MLP, weights and step written with `nn`: `nn.Sequential` of
  `nn.Linear` and `nn.ReLU`, `nn.CrossEntropyLoss`, `zero_grad`, backward and SGD over
  `parameters()` (HIPS autograd runs mlp_step's formula: the same values).
- `nn_small_step`: that `nn` step on an 8-16-16-4 MLP with a batch of 8, where Python
  overhead per module and op decides the time, not arithmetic.
- `wide_elementwise`: ten elementwise ops on 1,000,000 float32 values, sum, backward.

Training workloads (`TORCH_API_ONLY`: torch against ember, no HIPS autograd column):

- `digits_epoch`: one epoch of the digits MLP of examples/train_digits.py (64-128-10,
  1,437 training images, `DataLoader` with batch 64, `nn.CrossEntropyLoss`, `optim.Adam`).
  The loader does not shuffle, so both libraries compute the same numbers.
- `adam_step`: one `Adam.step()` over a model of 50 `Linear(32, 32)` layers (100 parameter
  tensors) whose gradients are set once.

Layer workloads (`LAYER_WORKLOADS`, issue 10; torch against ember), every parameter drawn
from one NumPy generator in `named_parameters()` order, so both libraries start alike:

- `lenet_step`: one SGD step (lr 0.1) of the book's LeNet (5x5 convs with sigmoid and 2x2
  average pooling, then 120-84-10 linear layers) on a batch of 64 1x28x28 images,
  `nn.CrossEntropyLoss`.
- `resnet_block`: a ResNet basic block (3x3 conv, BatchNorm2d, ReLU, 3x3 conv, BatchNorm2d,
  identity shortcut, ReLU; 64 channels, no conv bias) forward and backward of the output's
  sum in training mode on a batch of 16 64x32x32 inputs.
- `gru_step`: a one-layer `nn.GRU` (input 28, hidden 256) over a sequence of 35 steps with
  batch 32, forward and backward of the sum of the squared outputs.

Random-stream workloads (`RANDOM_WORKLOADS`, issue 12; torch against ember): one call
drawing from a generator seeded once, so that both libraries draw the same numbers (ember
reproduces torch's streams bit for bit, and the warm-up's agreement check sees it):

- `rand_10m` / `rand64_10m`: `torch.rand(10**7)` in float32 / float64.
- `randn_10m` / `randn64_10m`: `torch.randn(10**7)` in float32 / float64.
- `randint_10m`: `torch.randint(0, 1000, (10**7,))`.
- `randperm_60k`: `torch.randperm(60000)`, a shuffle of an MNIST-sized data set.

Function-transform workloads (`TRANSFORM_WORKLOADS`: torch.func / ember.func against
`autograd.hessian` / `autograd.jacobian`):

- `hessian_small`: the 100x100 Hessian of a scalar function of 100 float64 parameters, the
  chained Rosenbrock function `sum(100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2)` (couplings of
  neighbours) plus `log(sum(exp(x)))` (couples every pair, so the Hessian is dense).
- `jacobian_batch`: the Jacobian of `tanh(x @ W)` w.r.t. `x`, a 64x32 -> 64x16 map in
  float32 (W fixed), shape (64, 16, 64, 32).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np

__all__ = [
    "WORKLOADS", "TRANSFORM_WORKLOADS", "TORCH_API_ONLY", "LAYER_WORKLOADS", "RANDOM_WORKLOADS",
    "ALL_WORKLOADS",
    "SEED_INPUT",
    "make_torch_like", "make_autograd", "chain_torch_like", "chain_autograd", "hessian_input",
    "jacobian_arrays", "digits_arrays",
]

WORKLOADS = ("tiny_chain", "seed_loop", "mlp_step", "nn_mlp_step", "nn_small_step",
             "wide_elementwise", "deep_graph")
_MNIST_MLP = (784, 256, 256, 10)
_SMALL_MLP = (8, 16, 16, 4)
TRANSFORM_WORKLOADS = ("hessian_small", "jacobian_batch")
LAYER_WORKLOADS = ("lenet_step", "resnet_block", "gru_step")
RANDOM_WORKLOADS = ("rand_10m", "rand64_10m", "randn_10m", "randn64_10m", "randint_10m",
                    "randperm_60k")
TORCH_API_ONLY = ("digits_epoch", "adam_step", *LAYER_WORKLOADS, *RANDOM_WORKLOADS)
ALL_WORKLOADS = WORKLOADS + TRANSFORM_WORKLOADS + TORCH_API_ONLY

# The seed notebook draws `a = torch.randn(1)`; a fixed draw makes every library run the
# same number of loop iterations (0.37 * 2 doubled 11 times reaches 1000).
SEED_INPUT = 0.37

_OPS_PER_CYCLE = 4
_LEARNING_RATE = 0.01

Runner = Callable[[], object]


# ---------------------------------------------------------------------- torch API (ember, torch)
def chain_torch_like(T: ModuleType, n_ops: int) -> None:
    """`n_ops` cheap elementwise ops on a 4-element tensor, `sum()`, backward."""
    x = T.arange(4.0, requires_grad=True)
    y = x
    for _ in range(n_ops // _OPS_PER_CYCLE):
        y = y * 0.5
        y = y + 0.25
        y = y.sin()
        y = y.exp()
    y.sum().backward()
    return x.grad


def _seed_f(a):
    """The seed notebook's function, verbatim (it works on any torch-like tensor)."""
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def _seed_loop_torch_like(T: ModuleType) -> Runner:
    def run():
        a = T.tensor([SEED_INPUT], requires_grad=True)
        d = _seed_f(a)
        d.backward()
        return a.grad

    return run


def _mlp_arrays(batch: int, sizes: tuple[int, ...], seed: int = 0) -> tuple[list, np.ndarray,
                                                                                   np.ndarray]:
    """Weights, inputs and one-hot targets as float32 NumPy arrays, identical for all libraries."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, (fan_out,)).astype(np.float32))
    inputs = rng.standard_normal((batch, sizes[0])).astype(np.float32)
    onehot = np.zeros((batch, sizes[-1]), dtype=np.float32)
    onehot[np.arange(batch), rng.integers(0, sizes[-1], batch)] = 1.0
    return params, inputs, onehot


def _mlp_torch_like(T: ModuleType, batch: int, sizes: tuple[int, ...]) -> Runner:
    arrays, inputs, onehot = _mlp_arrays(batch, sizes)
    params = [T.tensor(a, requires_grad=True) for a in arrays]
    x = T.tensor(inputs)
    y = T.tensor(onehot)

    def run():
        h = x
        last = len(params) // 2 - 1
        for layer in range(len(params) // 2):
            h = h @ params[2 * layer] + params[2 * layer + 1]
            if layer != last:
                h = h.relu()
        loss = (h.exp().sum(1).log() - (h * y).sum(1)).mean()
        loss.backward()
        with T.no_grad():
            for p in params:
                p -= _LEARNING_RATE * p.grad
                p.grad = None
        return loss

    return run


def _nn_mlp_torch_like(T: ModuleType, batch: int, sizes: tuple[int, ...]) -> Runner:
    arrays, inputs, onehot = _mlp_arrays(batch, sizes)
    nn = T.nn
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])
    with T.no_grad():
        for param, array in zip(model.parameters(), arrays):
            param.copy_(T.tensor(array.T))  # nn.Linear keeps its weight as (out, in)
    x = T.tensor(inputs)
    labels = T.tensor(onehot.argmax(1))
    loss_fn = nn.CrossEntropyLoss()

    def run():
        loss = loss_fn(model(x), labels)
        model.zero_grad()
        loss.backward()
        with T.no_grad():
            for p in model.parameters():
                p -= _LEARNING_RATE * p.grad
        return loss

    return run


def _wide_torch_like(T: ModuleType, n: int) -> Runner:
    x = T.tensor(np.linspace(-1.0, 1.0, n, dtype=np.float32), requires_grad=True)

    def run():
        y = x * 1.5
        y = y + 0.5
        y = y.sin()
        y = y.exp()
        y = y * x
        y = y.tanh()
        y = y - 0.25
        y = y.cos()
        y = y * 0.5
        y = y + x
        y.sum().backward()
        grad = x.grad
        x.grad = None
        return grad

    return run


def hessian_input(n: int) -> np.ndarray:
    """The point at which hessian_small differentiates: n float64 values in [-1, 1]."""
    return np.linspace(-1.0, 1.0, n)


def _hessian_torch_like(T: ModuleType, n: int) -> Runner:
    def f(x):
        a, b = x[:-1], x[1:]
        return (100 * (b - a**2) ** 2 + (1 - a) ** 2).sum() + x.exp().sum().log()

    hessian = T.func.hessian(f)
    x = T.tensor(hessian_input(n))
    return lambda: hessian(x)


def jacobian_arrays(batch: int, n_in: int = 32, n_out: int = 16) -> tuple[np.ndarray,
                                                                         np.ndarray]:
    """Inputs (batch x n_in) and weights (n_in x n_out) of jacobian_batch, float32."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((batch, n_in)).astype(np.float32)
    w = (rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(np.float32)
    return x, w


def _jacobian_torch_like(T: ModuleType, batch: int) -> Runner:
    x_array, w_array = jacobian_arrays(batch)
    x, w = T.tensor(x_array), T.tensor(w_array)
    jacobian = T.func.jacrev(lambda inputs: (inputs @ w).tanh())
    return lambda: jacobian(x)


def digits_arrays(limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The first 80% of scikit-learn's 8x8 digits (pixels / 16) and their labels; random
    pixels of the same shape when scikit-learn is absent (the timing is the same)."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        rng = np.random.default_rng(0)
        images, labels = rng.random((1797, 64)), rng.integers(0, 10, 1797)
    else:
        digits = load_digits()
        images, labels = digits.data / 16.0, digits.target
    n = int(0.8 * len(images)) if limit is None else limit
    return images[:n].astype(np.float32), labels[:n].astype(np.int64)


def _digits_epoch_torch_like(T: ModuleType, limit: int | None) -> Runner:
    images, labels = digits_arrays(limit)
    weights = _mlp_arrays(1, (64, 128, 10))[0]
    nn = T.nn
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    with T.no_grad():
        for param, array in zip(model.parameters(), weights):
            param.copy_(T.tensor(array.T))
    loader = T.utils.data.DataLoader(
        T.utils.data.TensorDataset(T.tensor(images), T.tensor(labels)), batch_size=64)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = T.optim.Adam(model.parameters(), lr=1e-3)

    def run():
        for X, y in loader:
            loss = loss_fn(model(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return loss

    return run


def _adam_step_torch_like(T: ModuleType, layers: int) -> Runner:
    rng = np.random.default_rng(0)
    model = T.nn.Sequential(*[T.nn.Linear(32, 32) for _ in range(layers)])
    with T.no_grad():
        for param in model.parameters():
            param.copy_(T.tensor(rng.standard_normal(tuple(param.shape)).astype(np.float32)))
            param.grad = T.tensor(rng.standard_normal(tuple(param.shape)).astype(np.float32))
    optimizer = T.optim.Adam(model.parameters(), lr=1e-3)
    first = next(iter(model.parameters()))

    def run():
        optimizer.step()
        return first

    return run


def _fill_parameters(T: ModuleType, model, seed: int = 0, scale: float = 0.1) -> None:
    """Every parameter of `model` drawn from one NumPy generator in `named_parameters()`
    order (normal * scale), so that ember and torch start from the same weights."""
    rng = np.random.default_rng(seed)
    with T.no_grad():
        for _, param in model.named_parameters():
            values = rng.standard_normal(tuple(param.shape)) * scale
            param.copy_(T.tensor(values.astype(np.float32)))


def _lenet_step_torch_like(T: ModuleType, batch: int) -> Runner:
    nn = T.nn
    model = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))
    _fill_parameters(T, model)
    rng = np.random.default_rng(1)
    images = T.tensor(rng.random((batch, 1, 28, 28)).astype(np.float32))
    labels = T.tensor(rng.integers(0, 10, batch))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = T.optim.SGD(model.parameters(), lr=0.1)

    def run():
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss

    return run


def _resnet_block_torch_like(T: ModuleType, batch: int) -> Runner:
    nn = T.nn
    channels = 64
    conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
    conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
    bn1, bn2 = nn.BatchNorm2d(channels), nn.BatchNorm2d(channels)
    block = nn.ModuleList([conv1, bn1, conv2, bn2])
    _fill_parameters(T, block, scale=0.05)
    rng = np.random.default_rng(2)
    x = T.tensor(rng.standard_normal((batch, channels, 32, 32)).astype(np.float32),
                 requires_grad=True)

    def run():
        y = T.relu(bn1(conv1(x)))
        y = T.relu(bn2(conv2(y)) + x)
        block.zero_grad()
        x.grad = None
        y.sum().backward()
        return conv1.weight.grad

    return run


def _gru_step_torch_like(T: ModuleType, batch: int) -> Runner:
    gru = T.nn.GRU(input_size=28, hidden_size=256)
    _fill_parameters(T, gru, scale=0.06)
    rng = np.random.default_rng(3)
    x = T.tensor(rng.standard_normal((35, batch, 28)).astype(np.float32))

    def run():
        output, _ = gru(x)
        gru.zero_grad()
        loss = output.square().sum()
        loss.backward()
        return gru.weight_hh_l0.grad

    return run


def _random_torch_like(T: ModuleType, workload: str, size: int) -> Runner:
    generator = T.Generator().manual_seed(0)
    if workload == "randperm_60k":
        return lambda: T.randperm(size, generator=generator)
    if workload == "randint_10m":
        return lambda: T.randint(0, 1000, (size,), generator=generator)
    draw = T.randn if workload.startswith("randn") else T.rand
    dtype = T.float64 if "64_" in workload else T.float32
    return lambda: draw(size, dtype=dtype, generator=generator)


def make_torch_like(T: ModuleType, workload: str, size: int | None = None) -> Runner:
    """A runner of `workload` for a torch-API module (ember or torch). `size` overrides the
    workload's default size (ops for the chains, batch for the MLP, elements for wide)."""
    if workload == "tiny_chain":
        n = size or 1000
        return lambda: chain_torch_like(T, n)
    if workload == "deep_graph":
        n = size or 100_000
        return lambda: chain_torch_like(T, n)
    if workload == "seed_loop":
        return _seed_loop_torch_like(T)
    if workload == "mlp_step":
        return _mlp_torch_like(T, size or 128, _MNIST_MLP)
    if workload == "nn_mlp_step":
        return _nn_mlp_torch_like(T, size or 128, _MNIST_MLP)
    if workload == "nn_small_step":
        return _nn_mlp_torch_like(T, size or 8, _SMALL_MLP)
    if workload == "wide_elementwise":
        return _wide_torch_like(T, size or 1_000_000)
    if workload == "hessian_small":
        return _hessian_torch_like(T, size or 100)
    if workload == "jacobian_batch":
        return _jacobian_torch_like(T, size or 64)
    if workload == "digits_epoch":
        return _digits_epoch_torch_like(T, size)
    if workload == "adam_step":
        return _adam_step_torch_like(T, size or 50)
    if workload == "lenet_step":
        return _lenet_step_torch_like(T, size or 64)
    if workload == "resnet_block":
        return _resnet_block_torch_like(T, size or 16)
    if workload == "gru_step":
        return _gru_step_torch_like(T, size or 32)
    if workload in RANDOM_WORKLOADS:
        default = 60_000 if workload == "randperm_60k" else 10_000_000
        return _random_torch_like(T, workload, size or default)
    raise ValueError(f"unknown workload {workload!r}; expected one of {ALL_WORKLOADS}")


# ---------------------------------------------------------------------- HIPS autograd
def chain_autograd(n_ops: int):
    """The chain workload in HIPS autograd: same ops, same values."""
    import autograd
    import autograd.numpy as anp

    def chain(x):
        y = x
        for _ in range(n_ops // _OPS_PER_CYCLE):
            y = y * 0.5
            y = y + 0.25
            y = anp.sin(y)
            y = anp.exp(y)
        return anp.sum(y)

    return autograd.grad(chain)(np.arange(4.0, dtype=np.float32))


def _seed_loop_autograd() -> Runner:
    import autograd
    import autograd.numpy as anp

    def f(a):
        b = a * 2
        while anp.linalg.norm(b) < 1000:
            b = b * 2
        if anp.sum(b) > 0:
            c = b
        else:
            c = 100 * b
        return c

    gradient = autograd.grad(f)
    return lambda: gradient(np.array([SEED_INPUT], dtype=np.float32))


def _mlp_autograd(batch: int, sizes: tuple[int, ...]) -> Runner:
    import autograd
    import autograd.numpy as anp

    params, x, y = _mlp_arrays(batch, sizes)

    def loss_fn(params):
        h = x
        last = len(params) // 2 - 1
        for layer in range(len(params) // 2):
            h = anp.dot(h, params[2 * layer]) + params[2 * layer + 1]
            if layer != last:
                h = anp.maximum(h, 0.0)
        return anp.mean(anp.log(anp.sum(anp.exp(h), axis=1)) - anp.sum(h * y, axis=1))

    value_and_grad = autograd.value_and_grad(loss_fn)

    def run():
        loss, grads = value_and_grad(params)
        # The functional SGD step: new arrays, as autograd has no in-place updates.
        params[:] = [p - _LEARNING_RATE * g for p, g in zip(params, grads)]
        return loss

    return run


def _wide_autograd(n: int) -> Runner:
    import autograd
    import autograd.numpy as anp

    x0 = np.linspace(-1.0, 1.0, n, dtype=np.float32)

    def f(x):
        y = x * 1.5
        y = y + 0.5
        y = anp.sin(y)
        y = anp.exp(y)
        y = y * x
        y = anp.tanh(y)
        y = y - 0.25
        y = anp.cos(y)
        y = y * 0.5
        y = y + x
        return anp.sum(y)

    gradient = autograd.grad(f)
    return lambda: gradient(x0)


def _hessian_autograd(n: int) -> Runner:
    import autograd
    import autograd.numpy as anp

    def f(x):
        a, b = x[:-1], x[1:]
        return anp.sum(100 * (b - a**2) ** 2 + (1 - a) ** 2) + anp.log(anp.sum(anp.exp(x)))

    hessian = autograd.hessian(f)
    x = hessian_input(n)
    return lambda: hessian(x)


def _jacobian_autograd(batch: int) -> Runner:
    import autograd
    import autograd.numpy as anp

    x, w = jacobian_arrays(batch)
    jacobian = autograd.jacobian(lambda inputs: anp.tanh(anp.dot(inputs, w)))
    return lambda: jacobian(x)


def make_autograd(workload: str, size: int | None = None) -> Runner:
    """A runner of `workload` for HIPS autograd; `size` as in `make_torch_like`."""
    if workload == "tiny_chain":
        n = size or 1000
        return lambda: chain_autograd(n)
    if workload == "deep_graph":
        n = size or 100_000
        return lambda: chain_autograd(n)
    if workload == "seed_loop":
        return _seed_loop_autograd()
    if workload in ("mlp_step", "nn_mlp_step"):
        return _mlp_autograd(size or 128, _MNIST_MLP)
    if workload == "nn_small_step":
        return _mlp_autograd(size or 8, _SMALL_MLP)
    if workload == "wide_elementwise":
        return _wide_autograd(size or 1_000_000)
    if workload == "hessian_small":
        return _hessian_autograd(size or 100)
    if workload == "jacobian_batch":
        return _jacobian_autograd(size or 64)
    raise ValueError(f"unknown workload {workload!r}; expected one of {ALL_WORKLOADS}")
