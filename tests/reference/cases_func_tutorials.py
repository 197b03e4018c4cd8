"""Programs of PyTorch's torch.func tutorials (per-sample gradients, Jacobians and Hessians,
model ensembling, neural tangent kernels) and of the forward-mode AD tutorial, written as a
user copies them: `torch.manual_seed(0)` first, small models, printed shapes, dtypes, grads
and error messages. Also the torch.autograd.functional calls their docs show, and what
torch.func refuses of custom autograd.Functions.

The sources reach submodules as attributes (`func = torch.func`), never by `from torch.func
import`, so the replay with `torch` bound to ember resolves them the same way. Values that
go through long float32 reductions go into `result` (compared with a tolerance); printed
tensors are the ones whose four decimals are stable. Ids start with ``functut_``.
"""

from __future__ import annotations

_PRELUDE = """
import copy
import warnings
nn = torch.nn
F = torch.nn.functional
func = torch.func
fwAD = torch.autograd.forward_ad
AF = torch.autograd.functional
torch.manual_seed(0)
def err(fn):
    try:
        print('ok', fn())
    except Exception as e:
        print(type(e).__name__, ':', e)
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return "functut_" + name, _PRELUDE + body


_CNN = """
class SimpleCNN(nn.Module):
    def __init__(self):
        super(SimpleCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 1)
        self.conv2 = nn.Conv2d(4, 6, 3, 1)
        self.fc1 = nn.Linear(6 * 2 * 2, 8)
        self.fc2 = nn.Linear(8, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output

def loss_fn(predictions, targets):
    return F.nll_loss(predictions, targets)

batch_size = 5
data = torch.randn(batch_size, 1, 8, 8)
targets = torch.randint(10, (batch_size,))
model = SimpleCNN()
"""

_PREDICT = """
def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()
D = 4
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)
"""

_MLP_ENSEMBLE = """
class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.fc1 = nn.Linear(12, 8)
        self.fc2 = nn.Linear(8, 6)
        self.fc3 = nn.Linear(6, 3)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        x = self.fc3(x)
        return x

num_models = 4
data = torch.randn(5, 16, 3, 4)
targets = torch.randint(3, (16,))
models = [SimpleMLP() for _ in range(num_models)]
"""

_NTK = """
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, (3, 3))
        self.conv2 = nn.Conv2d(4, 4, (3, 3))
        self.conv3 = nn.Conv2d(4, 4, (3, 3))
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = self.conv1(x)
        x = x.relu()
        x = self.conv2(x)
        x = x.relu()
        x = self.conv3(x)
        x = x.mean((-2, -1))
        x = self.fc(x)
        return x

x_train = torch.randn(4, 2, 7, 7)
x_test = torch.randn(3, 2, 7, 7)
net = CNN()
params = {k: v.detach() for k, v in net.named_parameters()}

def fnet_single(params, x):
    return func.functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)

def empirical_ntk_jacobian_contraction(fnet_single, params, x1, x2, compute='full'):
    jac1 = func.vmap(func.jacrev(fnet_single), (None, 0))(params, x1)
    jac1 = jac1.values()
    jac1 = [j.flatten(2) for j in jac1]
    jac2 = func.vmap(func.jacrev(fnet_single), (None, 0))(params, x2)
    jac2 = jac2.values()
    jac2 = [j.flatten(2) for j in jac2]
    if compute == 'full':
        einsum_expr = 'Naf,Mbf->NMab'
    elif compute == 'trace':
        einsum_expr = 'Naf,Maf->NM'
    elif compute == 'diagonal':
        einsum_expr = 'Naf,Maf->NMa'
    result = torch.stack([torch.einsum(einsum_expr, j1, j2) for j1, j2 in zip(jac1, jac2)])
    result = result.sum(0)
    return result
"""

_MY_EXP = """
class MyExp(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x.exp()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result

class OldStyle(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2
x = torch.randn(3)
"""

CASES: list[tuple[str, str]] = [
    # --- per-sample gradients ---
    _case("per_sample_grads_cnn", _CNN + """
predictions = model(data)
loss = loss_fn(predictions, targets)
loss.backward()
print(loss.shape, type(loss.grad_fn).__name__)

def compute_grad(sample, target):
    sample = sample.unsqueeze(0)
    target = target.unsqueeze(0)
    prediction = model(sample)
    loss = loss_fn(prediction, target)
    return torch.autograd.grad(loss, list(model.parameters()))

def compute_sample_grads(data, targets):
    sample_grads = [compute_grad(data[i], targets[i]) for i in range(batch_size)]
    sample_grads = zip(*sample_grads)
    sample_grads = [torch.stack(shards) for shards in sample_grads]
    return sample_grads

per_sample_grads = compute_sample_grads(data, targets)
print(per_sample_grads[1].shape)
params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}
print(list(params), buffers)

def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0)
    targets = target.unsqueeze(0)
    predictions = func.functional_call(model, (params, buffers), (batch,))
    loss = loss_fn(predictions, targets)
    return loss

ft_compute_grad = func.grad(compute_loss)
ft_compute_sample_grad = func.vmap(ft_compute_grad, in_dims=(None, None, 0, 0))
ft_per_sample_grads = ft_compute_sample_grad(params, buffers, data, targets)
print(type(ft_per_sample_grads).__name__, list(ft_per_sample_grads))
for k, v in ft_per_sample_grads.items():
    print(k, v.shape, v.dtype, v.requires_grad, v.grad_fn)
for per_sample_grad, ft_per_sample_grad in zip(per_sample_grads, ft_per_sample_grads.values()):
    assert torch.allclose(per_sample_grad, ft_per_sample_grad, atol=3e-3, rtol=1e-5)
print(model.fc2.bias.grad.shape, ft_per_sample_grads['fc2.bias'].mean(0).shape)
result = torch.cat([g.reshape(-1) for g in ft_per_sample_grads.values()])
"""),
    _case("per_sample_grads_mlp_grad_and_value", """
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
params = {k: v.detach() for k, v in model.named_parameters()}
x = torch.randn(6, 3)
y = torch.randint(2, (6,))
def loss(params, xi, yi):
    out = func.functional_call(model, params, (xi,))
    return F.cross_entropy(out, yi)
g = func.vmap(func.grad(loss), in_dims=(None, 0, 0))(params, x, y)
print({k: v.shape for k, v in g.items()})
print(g['2.weight'][0])
grads, values = func.vmap(func.grad_and_value(loss), in_dims=(None, 0, 0))(params, x, y)
print(values)
print(torch.equal(grads['0.bias'], g['0.bias']))
full = torch.autograd.grad(F.cross_entropy(model(x), y), list(model.parameters()))
print([torch.allclose(a, b.mean(0), atol=1e-6) for a, b in zip(full, g.values())])
"""),
    _case("vmap_randomness_flags", """
def noisy(x):
    return F.dropout(x, p=0.5, training=True)
xs = torch.ones(3, 4)
err(lambda: func.vmap(noisy)(xs))
torch.manual_seed(1)
print(func.vmap(noisy, randomness='different')(xs))
torch.manual_seed(1)
print(func.vmap(noisy, randomness='same')(xs))
def add_noise(x):
    return x + torch.randn(2)
torch.manual_seed(2)
print(func.vmap(add_noise, randomness='different')(torch.zeros(3, 2)))
torch.manual_seed(2)
print(func.vmap(add_noise, randomness='same')(torch.zeros(3, 2)))
err(lambda: func.vmap(add_noise, randomness='bad')(torch.zeros(3, 2)))
torch.manual_seed(3)
print(func.vmap(torch.rand_like, randomness='different')(torch.zeros(3, 2)))
torch.manual_seed(3)
print(func.vmap(torch.rand_like, randomness='same')(torch.zeros(3, 2)))
err(lambda: func.vmap(torch.rand_like)(torch.zeros(3, 2)))
"""),
    # --- Jacobians, Hessians ---
    _case("jacobians_tutorial", _PREDICT + """
primal = x.clone().requires_grad_()
cotangents = torch.eye(D)
def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0]
                     for vec in cotangents]
    return torch.stack(jacobian_rows)
jacobian = compute_jac(primal)
print(jacobian.shape)
print(jacobian[0])
_, vjp_fn = func.vjp(lambda x: predict(weight, bias, x), x)
ft_jacobian, = func.vmap(vjp_fn)(cotangents)
assert torch.allclose(ft_jacobian, jacobian)
ft_jacobian = func.jacrev(predict, argnums=2)(weight, bias, x)
assert torch.allclose(ft_jacobian, jacobian)
print(ft_jacobian)
ft_jac_weight, ft_jac_bias = func.jacrev(predict, argnums=(0, 1))(weight, bias, x)
print(ft_jac_weight.shape, ft_jac_bias.shape)
print(ft_jac_bias)
jf = func.jacfwd(predict, argnums=2)(weight, bias, x)
print(torch.allclose(jf, ft_jacobian))
jw, jb = func.jacfwd(predict, argnums=(0, 1))(weight, bias, x)
print(jw.shape, jb.shape, torch.allclose(jw, ft_jac_weight))
result = torch.cat([ft_jac_weight.reshape(-1), jw.reshape(-1)])
"""),
    # the tutorials time the loop against vmap with torch.utils.benchmark.Timer; timings
    # vary, so only the printout's shape and the fixed Measurements' text are compared
    _case("benchmark_timer", _PREDICT + """
import torch.utils.benchmark
from torch.utils.benchmark.utils.common import Measurement, TaskSpec
Timer = torch.utils.benchmark.Timer
xp = x.clone().requires_grad_()
unit_vectors = torch.eye(D)
def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0]
                     for vec in unit_vectors]
    return torch.stack(jacobian_rows)
jacrev = func.jacrev
without_vmap = Timer(stmt="compute_jac(xp)", globals=globals())
with_vmap = Timer(stmt="jacrev(predict, argnums=2)(weight, bias, x)", globals=globals())
no_vmap_timer = without_vmap.timeit(20)
with_vmap_timer = with_vmap.timeit(20)
for m in (no_vmap_timer, with_vmap_timer):
    lines = str(m).splitlines()
    print(lines[0].split(' object')[0].split('.')[-1], lines[1], lines[-1], len(lines))
    print(type(m).__name__, len(m.times), m.number_per_run, m.mean > 0,
          m.median == m.times[0], m.iqr, m.has_warnings, m.title)
def get_perf(first, first_descriptor, second, second_descriptor):
    faster = second.times[0]
    slower = first.times[0]
    gain = (slower-faster)/slower
    if gain < 0: gain *=-1
    final_gain = gain*100
    return f" Performance delta: {final_gain:.4f} percent improvement with {first_descriptor} "
print(get_perf(with_vmap_timer, "vmap", no_vmap_timer, "no vmap")[:20])
m = Timer("x.sin()", setup="y = 1", globals={'x': x}, label="sin", sub_label="16",
          description="vec").blocked_autorange(min_run_time=0.02)
print(str(m).splitlines()[1:4], len(m.times) >= 1)
m = Timer("torch.ones(3)").adaptive_autorange(min_run_time=0.01, max_run_time=0.2)
print(len(m.times) >= 1, str(m).splitlines()[1])
err(lambda: Timer('x', language='bad'))
err(lambda: Timer('1/0').timeit(1))
err(lambda: Timer('x').autorange())
ts = TaskSpec('f(x)', 'pass')
for raw in [[1.234e-7], [5.6789e-3], [7.986], [321.0], [0.1, 0.11, 0.09, 0.105], [1e-10]]:
    print(str(Measurement(100, raw, ts)).split('\\n', 1)[1])
print(str(Measurement(10, [0.5, 0.6, 0.7], TaskSpec('f(x)\\ng(y)', 'a=1\\nb=2', label='Lab',
                                                     description='desc', num_threads=4))
          ).split('\\n', 1)[1])
only_sub = Measurement(10, [0.5], TaskSpec('f(x)', 'pass', sub_label='only sub'))
print(str(only_sub).split('\\n', 1)[1])
print(str(Measurement(10, [0.5, 0.7], ts)).split('\\n', 1)[1])
m = Measurement(10, [0.5, 0.7, 0.6, 0.9], ts)
print(str(m).split('\\n', 1)[1])
print(m.mean, m.median, m.iqr, m.has_warnings, m.meets_confidence(), m.meets_confidence(0.3),
      m.times)
"""),
    _case("hessians_and_batch_jacobians", _PREDICT + """
hess_api = func.hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = func.jacfwd(func.jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = func.jacrev(func.jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
print(hess_api.shape, torch.allclose(hess_api, hess_fwdfwd), torch.allclose(hess_api, hess_revrev))
batch_size, Din, Dout = 3, 5, 4
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(batch_size, Din)
compute_batch_jacobian = func.vmap(func.jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, x)
print(batch_jacobian0.shape)
def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)
batch_jacobian1 = func.jacrev(predict_with_output_summed, argnums=2)(weight, bias, x).movedim(1, 0)
print(batch_jacobian1.shape, torch.allclose(batch_jacobian0, batch_jacobian1))
compute_batch_hessian = func.vmap(func.hessian(predict, argnums=2), in_dims=(None, None, 0))
batch_hess = compute_batch_hessian(weight, bias, x)
print(batch_hess.shape)
result = torch.cat([hess_api.reshape(-1), batch_hess.reshape(-1)])
"""),
    _case("jacobian_has_aux_chunk_size_errors", """
def f_aux(x):
    y = x.sin()
    return y, {'cos': x.cos(), 'n': y.sum()}
x = torch.randn(3)
j, aux = func.jacrev(f_aux, has_aux=True)(x)
print(j, aux)
j, aux = func.jacfwd(f_aux, has_aux=True)(x)
print(j, aux)
j1 = func.jacrev(torch.sin, chunk_size=1)(x)
j2 = func.jacrev(torch.sin, chunk_size=2)(x)
print(torch.equal(j1, j2), j1)
err(lambda: func.jacrev(torch.sin, chunk_size=0)(x))
err(lambda: func.jacrev(torch.sin, argnums=1)(x))
err(lambda: func.jacrev(torch.sin, argnums=(0, 0))(x))
err(lambda: func.jacrev(torch.sin, argnums=1.5)(x))
err(lambda: func.jacrev(torch.sin, argnums=())(x))
err(lambda: func.jacfwd(torch.sin, argnums=3)(x))
err(lambda: func.jacrev(lambda x: (x, x), has_aux=True)(x))
err(lambda: func.jacrev(lambda x: 3.0)(x))
err(lambda: func.jacfwd(torch.sin, randomness='bad')(x))
err(lambda: func.jacrev(torch.sin)(torch.arange(3)))
err(lambda: func.jacfwd(torch.sin)(torch.arange(3)))
j = func.jacrev(lambda a, b: {'s': (a * b).sum(), 'p': a * b}, argnums=(0, 1))(x, x.exp())
print({k: tuple(t.shape for t in v) for k, v in j.items()})
print(j['s'])
"""),
    # jacrev takes each row as one vjp of all outputs, the others' cotangents zero: their
    # 0 * inf terms put NaN into the other blocks, and +0 replaces -0
    _case("jacrev_several_outputs_zero_cotangents", """
x = torch.tensor([0.0, 1.0])
print(func.jacrev(lambda x: (x.sqrt(), x * 2))(x))
print(func.jacrev(lambda x: {'a': x.sin(), 'b': x.cos()})(torch.tensor([0.5, -0.3])))
print(func.jacrev(lambda x: (x.sqrt(), torch.ones(2)))(x))
print(func.jacrev(lambda x: (torch.ones(2), x.sqrt(), x * 2))(x))
print(func.jacrev(lambda x, y: (x.sqrt(), y * 2), argnums=(0, 1))(x, -x))
print(func.jacrev(lambda x: (x.sqrt(), -x * 0.0))(x))
print(func.jacrev(lambda x: (x.sqrt(), x * 2), chunk_size=1)(x))
print(func.jacrev(lambda x: [x.sqrt().sum(), x * 2])(x))
print(func.vmap(func.jacrev(lambda x: (x.sqrt(), x * 2)))(torch.tensor([[0.0], [4.0]])))
print(AF.jacobian(lambda x: (x.sqrt(), x * 2), x))
print(AF.jacobian(lambda x: (x.sqrt(), x * 2), x, vectorize=True))
print(func.jacfwd(lambda x: (x.sqrt(), x * 2))(x))
print(func.hessian(lambda x: x.sqrt().sum())(x))
"""),
    # jacrev/jacfwd (and hessian, an outer jacfwd) refuse complex inputs and outputs,
    # indexed among all flattened arguments; aux must hold only tensors
    _case("transform_real_and_aux_checks", """
x = torch.randn(3)
c = torch.ones(2, dtype=torch.complex64)
err(lambda: func.jacrev(lambda x: x.abs())(c))
err(lambda: func.jacfwd(lambda x: x.abs())(c))
err(lambda: func.hessian(lambda x: x.abs().sum())(c))
err(lambda: func.jacrev(lambda x, y: x.abs() + y, argnums=1)(c, x[:2]))
err(lambda: func.jacrev(lambda x, y: x + y.abs(), argnums=(0, 1))(x[:2], c))
err(lambda: func.jacrev(lambda n, x: x.abs(), argnums=1)(3, c))
err(lambda: func.jacrev(lambda d: d['a'].abs())({'a': c}))
err(lambda: func.jacrev(lambda x: 1 / 0)(c))
err(lambda: func.jacrev(lambda x: x.real * 1j)(x))
err(lambda: func.jacfwd(lambda x: x * 1j)(x))
err(lambda: func.grad(lambda x: x.abs().sum())(c))
err(lambda: func.grad(lambda x: (x.sin().sum(), 1), has_aux=True)(x))
err(lambda: func.grad(lambda x: (x.sin().sum(), {'a': 1.5}), has_aux=True)(x))
err(lambda: func.grad(lambda x: (x.sin().sum(), (x, 'name')), has_aux=True)(x))
err(lambda: func.grad(lambda x: (x.sin().sum(), None), has_aux=True)(x))
err(lambda: func.grad(lambda x: ([x.sum()], 1), has_aux=True)(x))
err(lambda: func.grad_and_value(lambda x: (x.sin().sum(), 2), has_aux=True)(x))
err(lambda: func.vjp(lambda x: (x.sin(), 1), x, has_aux=True)[2])
err(lambda: func.jacrev(lambda x: (x.sin(), 1), has_aux=True)(x))
err(lambda: func.jacrev(lambda x: (x * 1j, 1), has_aux=True)(x))
err(lambda: func.jacfwd(lambda x: (x.sin(), 1), has_aux=True)(x))
err(lambda: func.jvp(lambda x: (x.sin(), 1), (x,), (x,), has_aux=True))
err(lambda: func.vmap(lambda x: (x.sin(), 1))(x))
print(func.grad(lambda x: (x.sin().sum(), {'c': x.cos()}), has_aux=True)(x))
"""),
    # --- torch.autograd.functional ---
    _case("autograd_functional_docs", """
def exp_reducer(x):
    return x.exp().sum(dim=1)
inputs = torch.rand(2, 2)
print(AF.jacobian(exp_reducer, inputs))
print(AF.jacobian(exp_reducer, inputs, create_graph=True))
def exp_adder(x, y):
    return 2 * x.exp() + 3 * y
inputs = (torch.rand(2), torch.rand(2))
print(AF.jacobian(exp_adder, inputs))
print(AF.jacobian(exp_adder, inputs, vectorize=True))
print(AF.jacobian(exp_adder, inputs, vectorize=True, strategy="forward-mode"))
err(lambda: AF.jacobian(exp_adder, inputs, strategy="forward-mode"))
err(lambda: AF.jacobian(exp_adder, inputs, strategy="bad"))
err(lambda: AF.jacobian(exp_adder, inputs, strict=True, vectorize=True))
err(lambda: AF.jacobian(lambda x, y: x.exp(), inputs, strict=True))
print(AF.jacobian(lambda x, y: x.exp(), inputs))
print(AF.jacobian(lambda x: (x.sin(), x.cos()), torch.rand(2)))
def pow_reducer(x):
    return x.pow(3).sum()
print(AF.hessian(pow_reducer, torch.rand(2, 2)))
def pow_adder_reducer(x, y):
    return (2 * x.pow(2) + 3 * y.pow(2)).sum()
inputs = (torch.rand(2), torch.rand(2))
print(AF.hessian(pow_adder_reducer, inputs))
print(AF.hessian(pow_adder_reducer, inputs, vectorize=True))
err(lambda: AF.hessian(lambda x: x * 2, torch.rand(2)))
inputs = torch.rand(4, 4)
print(AF.vjp(exp_reducer, inputs, torch.ones(4)))
print(AF.vjp(exp_reducer, inputs, torch.ones(4), create_graph=True))
print(AF.jvp(exp_reducer, inputs, torch.ones(4, 4)))
err(lambda: AF.vjp(exp_reducer, torch.rand(4, 4)))
err(lambda: AF.vjp(exp_reducer, torch.rand(4, 4), torch.ones(3)))
print(AF.vhp(pow_reducer, torch.rand(2, 2), torch.ones(2, 2)))
print(AF.hvp(pow_adder_reducer, (torch.rand(2), torch.rand(2)), (torch.zeros(2), torch.ones(2))))
print(AF.hvp(pow_reducer, torch.rand(2, 2), torch.ones(2, 2), create_graph=True))
err(lambda: AF.hvp(lambda x: x * 2, torch.rand(2), torch.ones(2)))
err(lambda: AF.hvp(lambda x: x.sum(), torch.rand(2), torch.ones(2), strict=True))
err(lambda: AF.vhp(lambda x: (x ** 2).sum(), torch.rand(2)))
"""),
    # forward-mode jacobian: a tuple of blocks for several outputs of one input, lists for
    # tuple inputs, and the grad_fn names of the permute-then-reshape layout
    _case("autograd_functional_forward_mode_layout", """
x = torch.rand(3, requires_grad=True)
print(AF.jacobian(lambda a: a.exp(), x, vectorize=True, strategy='forward-mode'))
print(AF.jacobian(lambda a: a.exp().sum(), x, vectorize=True, strategy='forward-mode'))
print(AF.jacobian(lambda a: a.exp(), torch.rand(2, 2).requires_grad_(), vectorize=True,
                  strategy='forward-mode'))
print(AF.jacobian(lambda a: (a.exp(), a * 2), x, vectorize=True, strategy='forward-mode'))
print(AF.jacobian(lambda a, b: a * b, (torch.rand(2), torch.rand(2)), vectorize=True,
                  strategy='forward-mode'))
print(AF.hessian(lambda a: a.pow(3).sum(), torch.rand(3), outer_jacobian_strategy='forward-mode',
                 vectorize=True))
print(AF.hessian(lambda a, b: (a * b).pow(2).sum(), (torch.rand(2), torch.rand(2)),
                 outer_jacobian_strategy='forward-mode', vectorize=True))
"""),
    # jvp by double backward with create_graph: sum(dim)'s backward re-inserts the dim
    # with unsqueeze, so the product's grad_fn is SqueezeBackward1
    _case("autograd_functional_jvp_create_graph", """
def exp_reducer(x):
    return x.exp().sum(dim=1)
print(AF.jvp(exp_reducer, torch.rand(4, 4), torch.ones(4, 4), create_graph=True))
print(type(AF.jvp(lambda a: a.exp().sum((0, 2)), torch.rand(2, 3, 2), torch.ones(2, 3, 2),
                  create_graph=True)[1].grad_fn).__name__)
print(type(AF.jvp(lambda a: a.sum(-1, keepdim=True), torch.rand(2, 3), torch.ones(2, 3),
                  create_graph=True)[1].grad_fn).__name__)
print(AF.jvp(lambda a: (a.exp(), a * 2), torch.rand(2), torch.ones(2), create_graph=True))
x = torch.rand(2, 3, 4, requires_grad=True)
for dims in [1, (0, 2), (2, 0), -1]:
    y = x.sum(dims)
    g = torch.ones_like(y, requires_grad=True)
    gx, = torch.autograd.grad(y, x, g, create_graph=True)
    gg, = torch.autograd.grad(gx, g, torch.ones_like(gx), create_graph=True)
    print(type(gx.grad_fn).__name__, [type(n).__name__ for n, _ in gx.grad_fn.next_functions],
          type(gg.grad_fn).__name__, gg.shape)
"""),
    # --- model ensembling ---
    _case("model_ensembling", _MLP_ENSEMBLE + """
minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch)
                                   for model, minibatch in zip(models, minibatches)]
minibatch = data[0]
predictions2 = [model(minibatch) for model in models]
params, buffers = func.stack_module_state(models)
print(type(params).__name__, list(params))
for k, v in params.items():
    print(k, v.shape, v.dtype, v.requires_grad, v.is_leaf, v.grad_fn)
print(buffers)
base_model = copy.deepcopy(models[0])
base_model = base_model.to('meta')
print(base_model)
print(base_model.fc1.weight)
print(base_model.fc1.weight.device, base_model.fc1.weight.shape, base_model.fc1.weight.is_meta)

def fmodel(params, buffers, x):
    return func.functional_call(base_model, (params, buffers), (x,))

print([p.size(0) for p in params.values()])
predictions1_vmap = func.vmap(fmodel)(params, buffers, minibatches)
print(predictions1_vmap.shape, predictions1_vmap.requires_grad,
      predictions1_vmap.grad_fn is not None)
assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop),
                      atol=1e-3, rtol=1e-5)
predictions2_vmap = func.vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)
assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)
print(predictions2_vmap[:, :2])
predictions2_vmap.sum().backward()
print(params['fc3.bias'].grad)
print(models[0].fc3.bias.grad)
result = predictions1_vmap
"""),
    _case("model_ensembling_buffers_and_errors", """
class WithBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 2)
        self.bn = nn.BatchNorm1d(2)
    def forward(self, x):
        return self.bn(self.lin(x))
ms = [WithBN().eval() for _ in range(2)]
p, b = func.stack_module_state(ms)
print({k: v.shape for k, v in b.items()})
print(b['bn.num_batches_tracked'])
meta = copy.deepcopy(ms[0]).to('meta')
print(meta.bn.running_mean, meta.bn.num_batches_tracked)
out = func.vmap(lambda p, b, x: func.functional_call(meta, (p, b), (x,)),
                in_dims=(0, 0, None))(p, b, torch.randn(4, 3))
print(out.shape)
err(lambda: func.stack_module_state([]))
err(lambda: func.stack_module_state([nn.Linear(2, 2), nn.Linear(2, 3)]))
err(lambda: func.stack_module_state([nn.Linear(2, 2), nn.Linear(2, 2).eval()]))
"""),
    # meta tensors: what ember supports of them (shape-only; computing is not implemented)
    _case("meta_tensors", """
m = nn.Linear(3, 2)
mm = copy.deepcopy(m).to('meta')
w = mm.weight
print(w)
print(repr(w.data), w.device, w.is_meta, w.dtype, w.shape, w.requires_grad, type(w).__name__)
print(m.weight.device, m.weight.is_meta)
x = torch.randn(2, 3).to('meta')
print(x, x.is_leaf, x.grad_fn)
print(x.stride(), x.is_contiguous(), x.numel(), x.dim(), x.size(0), len(x))
print(x[0], x[:, 1], x.t(), x.detach())
err(lambda: x.item())
err(lambda: x.tolist())
err(lambda: x.numpy())
err(lambda: float(x[0, 0]))
err(lambda: x.to('cpu'))
err(lambda: x.cpu())
print(copy.deepcopy(x))
print(torch.randn(2, 3, dtype=torch.float64).to('meta'))
print(torch.tensor([1, 2]).to('meta'), torch.tensor(1.5).to('meta'), torch.ones(0, 3).to('meta'))
print(torch.ones(3).to('meta').to(torch.int32), torch.ones(3).to('meta').double())
print(mm.state_dict())
y = torch.ones(2, requires_grad=True).to(device='meta')
print(y, y.is_leaf)
print(torch.ones(2, 2, requires_grad=True).to('meta', torch.float64))
print(m.to(device='meta', dtype=torch.float64).weight)
print(mm.load_state_dict(nn.Linear(3, 2).state_dict()))
print(x.device == torch.device('meta'), x.device.type)
m2 = nn.Linear(3, 2).to('meta').to_empty(device='cpu')
print(m2.weight.shape, m2.weight.device, m2.weight.is_meta)
bn = nn.BatchNorm1d(2).to('meta')
print(list(bn.named_buffers()))
"""),
    # batch norm under vmap: running statistics must be mapped over too (torch's error),
    # or dropped with replace_all_batch_norm_modules_
    _case("batch_norm_under_vmap", """
bn = nn.BatchNorm1d(4)
err(lambda: func.vmap(bn)(torch.randn(3, 2, 4)))
print(bn.running_mean, bn.num_batches_tracked)
bn.eval()
print(func.vmap(bn)(torch.randn(3, 2, 4)).shape)
print(func.vmap(nn.BatchNorm1d(4, track_running_stats=False))(torch.randn(3, 2, 4)).shape)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 4)
        self.bn = nn.BatchNorm1d(4)
    def forward(self, x):
        return self.bn(self.lin(x))
models = [Net() for _ in range(3)]
params, buffers = func.stack_module_state(models)
base = copy.deepcopy(models[0]).to('meta')
def fmodel(p, b, x):
    return func.functional_call(base, (p, b), (x,))
out = func.vmap(fmodel, in_dims=(0, 0, None))(params, buffers, torch.randn(5, 3))
print(out.shape, buffers['bn.running_mean'], buffers['bn.num_batches_tracked'])
err(lambda: func.vmap(fmodel, in_dims=(0, None, None))(
    params, {k: v[0] for k, v in buffers.items()}, torch.randn(5, 3)))
net = Net()
p = {k: v.detach() for k, v in net.named_parameters()}
b = {k: v.detach() for k, v in net.named_buffers()}
def loss(p, b, x):
    return func.functional_call(net, (p, b), (x.unsqueeze(0).expand(2, 3),)).sum()
err(lambda: func.vmap(func.grad(loss), in_dims=(None, None, 0))(p, b, torch.randn(4, 3)))
print(func.replace_all_batch_norm_modules_(net) is net, net)
print(net.bn.running_mean, net.bn.running_var, net.bn.num_batches_tracked)
b = {k: v.detach() for k, v in net.named_buffers()}
print(b)
g = func.vmap(func.grad(loss), in_dims=(None, None, 0))(p, b, torch.randn(4, 3))
print({k: v.shape for k, v in g.items()})
m = nn.Sequential(nn.InstanceNorm1d(2, track_running_stats=True), nn.LazyBatchNorm1d(),
                  nn.Sequential(nn.BatchNorm2d(2)))
func.replace_all_batch_norm_modules_(m)
print(m)
print(m[0].running_mean, m[1].running_mean, list(dict(m.named_buffers())))
"""),
    _case("functionalize_debug_unwrap", """
def f(a):
    b = a.clone()
    b.add_(1)
    a.mul_(2)
    return b
x = torch.ones(3)
print(func.functionalize(f)(x), x)
print(func.functionalize(f, remove='mutations_and_views')(torch.ones(2)))
err(lambda: func.functionalize(f, remove='bad'))
print(func.debug_unwrap(x) is x)
"""),
    # --- neural tangent kernels ---
    _case("ntk_jacobian_contraction", _NTK + """
result = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test)
print(result.shape)
print(empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test, 'trace').shape)
print(empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test, 'diagonal').shape)
"""),
    _case("ntk_vector_products", _NTK + """
def empirical_ntk_ntk_vps(func_, params, x1, x2, compute='full'):
    def get_ntk(x1, x2):
        def func_x1(params):
            return func_(params, x1)
        def func_x2(params):
            return func_(params, x2)
        output, vjp_fn = func.vjp(func_x1, params)
        def get_ntk_slice(vec):
            vjps = vjp_fn(vec)
            _, jvps = func.jvp(func_x2, (params,), vjps)
            return jvps
        basis = torch.eye(output.numel(), dtype=output.dtype,
                          device=output.device).view(output.numel(), -1)
        return func.vmap(get_ntk_slice)(basis)
    result = func.vmap(func.vmap(get_ntk, (None, 0)), (0, None))(x1, x2)
    if compute == 'full':
        return result
    if compute == 'trace':
        return torch.einsum('NMKK->NM', result)
    if compute == 'diagonal':
        return torch.einsum('NMKK->NMK', result)

result_from_jacobian_contraction = empirical_ntk_jacobian_contraction(fnet_single, params,
                                                                      x_test, x_train)
result_from_ntk_vps = empirical_ntk_ntk_vps(fnet_single, params, x_test, x_train)
assert torch.allclose(result_from_jacobian_contraction, result_from_ntk_vps, atol=1e-5)
print(result_from_ntk_vps.shape)
result = result_from_ntk_vps
"""),
    _case("jvp_linearize_vjp_grad_and_value", """
x = torch.randn(5)
t = torch.randn(5)
out, jo = func.jvp(torch.sin, (x,), (t,))
print(out, jo, torch.allclose(jo, x.cos() * t))
def f2(a, b):
    return a * b, (a + b).sum()
out, jo = func.jvp(f2, (x, x.exp()), (t, t))
print(out, jo)
out, jo, aux = func.jvp(lambda a: (a.sin(), a.cos()), (x,), (t,), has_aux=True)
print(out, jo, aux)
with warnings.catch_warnings():
    warnings.simplefilter('ignore')  # (torch's tracer warns about its own constants)
    out, jvp_fn = func.linearize(torch.sin, x)
    print(out, jvp_fn(t), jvp_fn(torch.ones(5)))
(o1, o2), vjp_fn = func.vjp(f2, x, x.exp())
print(o1, o2)
print(vjp_fn((torch.ones(5), torch.tensor(2.0))))
err(lambda: vjp_fn(torch.ones(5)))
err(lambda: func.jvp(torch.sin, x, t))
err(lambda: func.jvp(torch.sin, (x,), (t[:2],)))
err(lambda: func.jvp(torch.sin, (x,), (t, t)))
def loss_aux(w, x):
    y = (w * x).sum()
    return y ** 2, y
(g, (v, a)) = func.grad_and_value(loss_aux, has_aux=True)(x, t)
print(g, v, a)
g, v = func.grad_and_value(lambda w: (w ** 2).sum())(x)
print(g, v)
print(func.grad(func.grad(torch.sin))(torch.tensor(1.0)))
print(func.vmap(func.grad(torch.sin))(x))
print(func.grad(lambda w, x: (w * x).sum(), argnums=(0, 1))(x, t))
err(lambda: func.grad(lambda w: w * 2)(x))
"""),
    # --- forward-mode AD tutorial ---
    _case("forward_ad_tutorial", """
primal = torch.randn(10, 10)
tangent = torch.randn(10, 10)
def fn(x, y):
    return x ** 2 + y ** 2
with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    assert fwAD.unpack_dual(dual_input).tangent is tangent
    dual_input_alt = fwAD.make_dual(primal, tangent.T)
    assert fwAD.unpack_dual(dual_input_alt).tangent is not tangent
    plain_tensor = torch.randn(10, 10)
    dual_output = fn(dual_input, plain_tensor)
    jvp = fwAD.unpack_dual(dual_output).tangent
    print(jvp[0, :4])
    u = fwAD.unpack_dual(dual_output)
    print(type(u).__name__, u._fields, u.primal.shape, u.tangent.shape)
print(fwAD.unpack_dual(dual_output).tangent is None)
with fwAD.dual_level():
    d = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]))
    print(d)
    print(fwAD.unpack_dual(d))
    y = d.exp() * 3
    print(y)
    print(repr(fwAD.unpack_dual(y)))
    print(fwAD.unpack_dual(torch.ones(2)))
    p, t = fwAD.unpack_dual(y)
    print(p, t)
err(lambda: fwAD.make_dual(primal, tangent))
with fwAD.dual_level():
    err(lambda: fwAD.make_dual(primal, torch.ones(2)))
"""),
    # a primal unpacked from a dual that requires grad: torch's node has no generated
    # class (CppFunction, name() torch::autograd::Identity, shown grad_fn=<Identity>)
    _case("forward_ad_primal_of_graph", """
x = torch.randn(3, requires_grad=True)
t = torch.randn(3)
with fwAD.dual_level():
    d = fwAD.make_dual(x, t)
    print(type(d.grad_fn).__name__)
    p = fwAD.unpack_dual(d).primal
    n = p.grad_fn
    print(n.name(), type(n).__name__, type(n.next_functions[0][0]).__name__, p)
    print(p._base is x, p._is_view(), p.requires_grad, p.is_leaf)
    (p * 2).sum().backward()
    print(x.grad)
    y = d.exp() * 3
    print(fwAD.unpack_dual(y))
    g, = torch.autograd.grad((d ** 3).sum(), d, create_graph=True)
    print(fwAD.unpack_dual(g))
"""),
    _case("forward_ad_module_parameters", """
model = nn.Linear(5, 5)
input = torch.randn(16, 5)
params = {name: p for name, p in model.named_parameters()}
tangents = {name: torch.rand_like(p) for name, p in params.items()}
with fwAD.dual_level():
    for name, p in params.items():
        delattr(model, name)
        setattr(model, name, fwAD.make_dual(p, tangents[name]))
    out = model(input)
    jvp = fwAD.unpack_dual(out).tangent
print(jvp[0])
model = nn.Linear(5, 5)
dual_params = {}
with fwAD.dual_level():
    for name, p in params.items():
        dual_params[name] = fwAD.make_dual(p, tangents[name])
    out = func.functional_call(model, dual_params, input)
    jvp2 = fwAD.unpack_dual(out).tangent
assert torch.allclose(jvp, jvp2)
print(jvp2[1])
"""),
    # the tutorial's functional API part: func.jvp over a module's parameters (which
    # require grad: the primal output is an alias of the graph, AliasBackward0)
    _case("forward_ad_functional_api", """
from functools import partial
primal0 = torch.randn(10, 10)
tangent0 = torch.randn(10, 10)
primal1 = torch.randn(10, 10)
tangent1 = torch.randn(10, 10)
def fn(x, y):
    return x ** 2 + y ** 2
primal_out, tangent_out = func.jvp(fn, (primal0, primal1), (tangent0, tangent1))
print(primal_out[0, :3], tangent_out[0, :3])
model = nn.Linear(5, 5)
input = torch.randn(16, 5)
params = tuple(model.parameters())
tangents = tuple([torch.rand_like(p) for p in params])
param_names = [n for n, _ in model.named_parameters()]
def f(params_tuple, input):
    params = {name: p for name, p in zip(param_names, params_tuple)}
    return func.functional_call(model, params, input)
primal_out, tangent_out = func.jvp(partial(f, input=input), (params,), (tangents,))
print(primal_out.shape, primal_out.requires_grad, tangent_out.requires_grad)
print(type(primal_out.grad_fn).__name__, type(tangent_out.grad_fn).__name__)
print(tangent_out[0])
pd = dict(model.named_parameters())
td = {k: torch.rand_like(v) for k, v in pd.items()}
o, t = func.jvp(lambda p: func.functional_call(model, p, (input,)), (pd,), (td,))
print(o.requires_grad, t.requires_grad, t[0])
err(lambda: func.jvp(lambda p: func.functional_call(model, p, (input,)), (pd,),
                     (tuple(td.values()),)))
J = func.jacfwd(lambda p: func.functional_call(model, p, (input[0],)))(pd)
print({k: v.shape for k, v in J.items()}, J['bias'].requires_grad)
g = func.grad(lambda p: func.functional_call(model, p, (input,)).sum())(pd)
print(g['bias'], g['bias'].requires_grad)
"""),
    _case("forward_ad_custom_function", """
class Fn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, foo):
        result = torch.exp(foo)
        ctx.result = result
        return result

    @staticmethod
    def jvp(ctx, gI):
        gO = gI * ctx.result
        del ctx.result
        return gO

fn = Fn.apply
primal = torch.randn(10, 10, dtype=torch.double, requires_grad=True)
tangent = torch.randn(10, 10)
with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    dual_output = fn(dual_input)
    jvp = fwAD.unpack_dual(dual_output).tangent
    print(jvp.dtype, jvp[0, :3])
    print(type(dual_output.grad_fn).__name__)
print(torch.autograd.gradcheck(Fn.apply, (primal,), check_forward_ad=True,
                               check_backward_ad=False, check_undefined_grad=False,
                               check_batched_grad=False))
"""),
    # custom Functions under torch.func: setup_context is required, and vmap (also inside
    # jacfwd and hessian, which vmap) needs a vmap staticmethod or generate_vmap_rule
    _case("custom_function_transform_refusals", _MY_EXP + """
err(lambda: func.vmap(lambda x: MyExp.apply(torch.ones(2)) + x)(x))
err(lambda: func.vmap(lambda x: OldStyle.apply(torch.ones(2)) + x)(x))
err(lambda: func.vmap(OldStyle.apply)(x))
err(lambda: func.grad(lambda x: OldStyle.apply(x).sum())(x))
err(lambda: func.grad(lambda x: OldStyle.apply(torch.ones(2)).sum() + x.sum())(x))
err(lambda: func.vjp(OldStyle.apply, x)[0])
err(lambda: func.jvp(OldStyle.apply, (x,), (x,)))
err(lambda: func.jacrev(OldStyle.apply)(x))
err(lambda: func.jacrev(MyExp.apply)(x))
err(lambda: func.jacfwd(MyExp.apply)(x))
err(lambda: func.hessian(lambda x: MyExp.apply(x).sum())(x))
err(lambda: func.jvp(MyExp.apply, (x,), (x,)))
err(lambda: func.vmap(MyExp.apply)(x))
err(lambda: func.vmap(func.grad(lambda x: MyExp.apply(x).sum()))(x))
err(lambda: func.grad(lambda x: func.vmap(MyExp.apply)(x).sum())(x))
err(lambda: AF.jacobian(OldStyle.apply, x))
err(lambda: AF.jacobian(MyExp.apply, x, vectorize=True))
err(lambda: AF.jacobian(MyExp.apply, x, vectorize=True, strategy='forward-mode'))
print(OldStyle.apply(x.requires_grad_()).grad_fn is not None)
print(torch.autograd.Function.generate_vmap_rule)
err(lambda: torch.autograd.Function.vmap(None, (0,), x))
"""),
    _case("custom_function_vmap_support", _MY_EXP + """
class GenExp(MyExp):
    generate_vmap_rule = True
err(lambda: func.vmap(GenExp.apply)(x))
err(lambda: func.jacfwd(GenExp.apply)(x))
err(lambda: func.jacrev(GenExp.apply)(x))
class WithRule(MyExp):
    @staticmethod
    def vmap(info, in_dims, x):
        return MyExp.apply(x.movedim(in_dims[0], 0)), 0
err(lambda: func.vmap(WithRule.apply)(x))
err(lambda: func.jacrev(WithRule.apply)(x))
class Both(MyExp):
    generate_vmap_rule = True
    @staticmethod
    def vmap(info, in_dims, x):
        return MyExp.apply(x), 0
err(lambda: func.vmap(Both.apply)(x))

class MyExpJvp(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x.exp()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)
        ctx.save_for_forward(output)

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result

    @staticmethod
    def jvp(ctx, x_t):
        result, = ctx.saved_tensors
        return x_t * result

print(func.grad(lambda x: MyExpJvp.apply(x).sum())(x))
print(func.jacfwd(MyExpJvp.apply)(x))
print(func.vmap(MyExpJvp.apply)(x))
print(func.jvp(MyExpJvp.apply, (x,), (torch.ones(3),)))
print(func.hessian(lambda x: MyExpJvp.apply(x).sum())(x))

class Sort(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x, dim):
        result, ind = x.sort(dim=dim)
        ind_inv = ind.argsort(dim=dim)
        return result, ind, ind_inv

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, dim = inputs
        _, ind, ind_inv = output
        ctx.mark_non_differentiable(ind, ind_inv)
        ctx.save_for_backward(ind, ind_inv)
        ctx.dim = dim

    @staticmethod
    def backward(ctx, grad_output, _0, _1):
        ind, ind_inv = ctx.saved_tensors
        return torch.gather(grad_output, ctx.dim, ind_inv), None

xs = torch.randn(2, 3)
print(func.vmap(Sort.apply, in_dims=(0, None))(xs, 0))
weighted = lambda x: Sort.apply(x, 0)[0].mul(torch.arange(3.0)).sum()
print(func.grad(weighted)(xs[0]))
print(func.vmap(func.grad(weighted))(xs))

class MyCube(torch.autograd.Function):
    @staticmethod
    def forward(x):
        result = x ** 3
        dx = 3 * x ** 2
        return result, dx

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        result, dx = output
        ctx.save_for_backward(x, dx)

    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        result = grad_output * dx + grad_dx * 6 * x
        return result

    @staticmethod
    def vmap(info, in_dims, x):
        x_bdim, = in_dims
        x = x.movedim(x_bdim, 0)
        result = MyCube.apply(x)
        return result, (0, 0)

def my_cube(x):
    result, _ = MyCube.apply(x)
    return result
print(func.vmap(my_cube)(x))
print(func.grad(my_cube)(torch.tensor(2.0)))
print(func.grad(func.grad(my_cube))(torch.tensor(2.0)))
print(func.vmap(func.grad(my_cube))(x))
"""),
]
