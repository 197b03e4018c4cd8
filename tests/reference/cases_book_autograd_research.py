"""Research-style autograd programs, written as papers' companion code and pytorch.org's
autograd tutorials write them: physics-informed networks (PDE residuals through
`autograd.grad(create_graph=True)`), MAML with functional inner updates, per-sample gradients
and neural tangent kernels with `torch.func`, Jacobians/Hessians/hvp/vhp from
`torch.autograd.functional`, forward-mode AD with dual numbers, custom `autograd.Function`s
(double backward, `once_differentiable`, non-differentiable outputs, `setup_context` with a
vmap rule), neural ODEs with a fixed-step RK4 solver, normalizing flows with log-determinants,
implicit (fixed-point) layers, gradient checkpointing, hooks that inspect gradients,
higher-order derivatives and `gradcheck`/`gradgradcheck`.

Every program starts from `torch.manual_seed`, so default layer initialisation and `randn`
data must reproduce torch's CPU random streams. Ids start with ``research_``.
"""

from __future__ import annotations

_PRELUDE = """
import math
import torch.nn as nn
import torch.nn.functional as F
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return name, _PRELUDE + body


CASES = [
    _case("research_pinn_heat_equation_adam", """
torch.manual_seed(0)
class PINN(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, hidden),
                                 nn.Tanh(), nn.Linear(hidden, 1))
    def forward(self, x, t):
        return self.net(torch.cat([x, t], dim=1))

def pde_residual(model, x, t, alpha=0.1):
    x.requires_grad_(True)
    t.requires_grad_(True)
    u = model(x, t)
    u_t = torch.autograd.grad(u, t, grad_outputs=torch.ones_like(u), create_graph=True)[0]
    u_x = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)[0]
    u_xx = torch.autograd.grad(u_x, x, grad_outputs=torch.ones_like(u_x), create_graph=True)[0]
    return u_t - alpha * u_xx

model = PINN()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
x_col = torch.rand(64, 1) * 2 - 1
t_col = torch.rand(64, 1)
x_ic = torch.linspace(-1, 1, 32).unsqueeze(1)
t_ic = torch.zeros_like(x_ic)
u_ic = torch.sin(math.pi * x_ic)
for step in range(5):
    opt.zero_grad()
    r = pde_residual(model, x_col.clone(), t_col.clone())
    loss_pde = r.pow(2).mean()
    loss_ic = F.mse_loss(model(x_ic, t_ic), u_ic)
    loss = loss_pde + loss_ic
    loss.backward()
    opt.step()
    print(step, round(loss_pde.item(), 6), round(loss_ic.item(), 6), r.grad_fn.name())
print(model.net[0].weight.grad[:3])
"""),
    _case("research_pinn_burgers_lbfgs", """
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(2, 10), nn.Tanh(), nn.Linear(10, 10), nn.Tanh(), nn.Linear(10, 1))
xt = torch.rand(40, 2)
xt[:, 0] = xt[:, 0] * 2 - 1
nu = 0.01 / math.pi
optimizer = torch.optim.LBFGS(net.parameters(), lr=0.5, max_iter=5, history_size=5,
                              line_search_fn="strong_wolfe")
def closure():
    optimizer.zero_grad()
    xt_ = xt.clone().requires_grad_(True)
    u = net(xt_)
    du = torch.autograd.grad(u.sum(), xt_, create_graph=True)[0]
    u_x, u_t = du[:, :1], du[:, 1:]
    u_xx = torch.autograd.grad(u_x.sum(), xt_, create_graph=True)[0][:, :1]
    f = u_t + u * u_x - nu * u_xx
    x0 = xt[:, :1]
    bc = net(torch.cat([x0, torch.zeros_like(x0)], 1)) + torch.sin(math.pi * x0)
    loss = f.pow(2).mean() + bc.pow(2).mean()
    loss.backward()
    return loss
for it in range(3):
    loss = optimizer.step(closure)
    print(it, f"{loss.item():.6f}")
state = optimizer.state[optimizer._params[0]]
print(state['func_evals'], state['n_iter'])
print(net[-1].bias)
"""),
    _case("research_maml_sine_functional_call", """
from torch.func import functional_call
torch.manual_seed(2)
model = nn.Sequential(nn.Linear(1, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 1))
meta_opt = torch.optim.Adam(model.parameters(), lr=1e-3)
inner_lr = 0.01
def sample_task():
    amp = torch.rand(1) * 4.9 + 0.1
    phase = torch.rand(1) * math.pi
    def draw(n):
        x = torch.rand(n, 1) * 10 - 5
        return x, amp * torch.sin(x + phase)
    return draw
for it in range(3):
    meta_opt.zero_grad()
    meta_loss = 0.0
    for _ in range(2):
        draw = sample_task()
        xs, ys = draw(10)
        xq, yq = draw(10)
        params = dict(model.named_parameters())
        for _ in range(2):
            loss = F.mse_loss(functional_call(model, params, (xs,)), ys)
            grads = torch.autograd.grad(loss, list(params.values()), create_graph=True)
            params = {n: p - inner_lr * g for (n, p), g in zip(params.items(), grads)}
        q_loss = F.mse_loss(functional_call(model, params, (xq,)), yq)
        meta_loss = meta_loss + q_loss
    meta_loss = meta_loss / 2
    meta_loss.backward()
    meta_opt.step()
    print(it, round(meta_loss.item(), 5), meta_loss.grad_fn.name())
print(model[0].weight.grad.norm().item() > 0, round(model[4].bias.grad.item(), 6))
"""),
    _case("research_maml_manual_weights_second_order", """
torch.manual_seed(3)
w1 = torch.randn(8, 1, requires_grad=True)
b1 = torch.zeros(8, requires_grad=True)
w2 = torch.randn(1, 8, requires_grad=True)
b2 = torch.zeros(1, requires_grad=True)
weights = [w1, b1, w2, b2]
def forward(x, ws):
    h = torch.tanh(F.linear(x, ws[0], ws[1]))
    return F.linear(h, ws[2], ws[3])
x_tr, x_te = torch.randn(5, 1), torch.randn(5, 1)
y_tr, y_te = 2 * x_tr + 1, 2 * x_te + 1
loss = F.mse_loss(forward(x_tr, weights), y_tr)
grads = torch.autograd.grad(loss, weights, create_graph=True)
fast = [w - 0.1 * g for w, g in zip(weights, grads)]
print([type(g.grad_fn).__name__ for g in grads])
meta = F.mse_loss(forward(x_te, fast), y_te)
meta.backward()
print(round(loss.item(), 5), round(meta.item(), 5))
print(w1.grad.squeeze())
print(b2.grad)
first_order = [w.detach().requires_grad_() for w in fast]
m2 = F.mse_loss(forward(x_te, first_order), y_te)
g_fo = torch.autograd.grad(m2, first_order)
print((g_fo[3] - b2.grad).abs().item() > 0)
"""),
    _case("research_per_sample_grads_tutorial", """
from torch.func import functional_call, vmap, grad
torch.manual_seed(0)
class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 1)
        self.conv2 = nn.Conv2d(4, 8, 3, 1)
        self.fc1 = nn.Linear(8 * 2 * 2, 16)
        self.fc2 = nn.Linear(16, 10)
    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)
def loss_fn(predictions, targets):
    return F.nll_loss(predictions, targets)
model = SimpleCNN()
batch_size = 4
data = torch.randn(batch_size, 1, 8, 8)
targets = torch.randint(10, (batch_size,))
def compute_grad(sample, target):
    sample, target = sample.unsqueeze(0), target.unsqueeze(0)
    loss = loss_fn(model(sample), target)
    return torch.autograd.grad(loss, list(model.parameters()))
per_sample_grads = [compute_grad(data[i], targets[i]) for i in range(batch_size)]
per_sample_grads = zip(*per_sample_grads)
per_sample_grads = [torch.stack(shards) for shards in per_sample_grads]
params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}
def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0)
    targets = target.unsqueeze(0)
    predictions = functional_call(model, (params, buffers), (batch,))
    return loss_fn(predictions, targets)
ft_compute_grad = grad(compute_loss)
ft_compute_sample_grad = vmap(ft_compute_grad, in_dims=(None, None, 0, 0))
ft_per_sample_grads = ft_compute_sample_grad(params, buffers, data, targets)
for per_sample_grad, ft_per_sample_grad in zip(per_sample_grads, ft_per_sample_grads.values()):
    assert torch.allclose(per_sample_grad, ft_per_sample_grad, atol=3e-3, rtol=1e-5)
print({k: tuple(v.shape) for k, v in ft_per_sample_grads.items()})
print(ft_per_sample_grads['fc2.bias'][:, :4])
"""),
    _case("research_per_sample_grad_norms_dp_clipping", """
from torch.func import functional_call, vmap, grad
torch.manual_seed(4)
model = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 3))
x = torch.randn(8, 6)
y = torch.randint(0, 3, (8,))
params = {k: v.detach() for k, v in model.named_parameters()}
def loss_one(p, xi, yi):
    out = functional_call(model, p, (xi.unsqueeze(0),))
    return F.cross_entropy(out, yi.unsqueeze(0))
g = vmap(grad(loss_one), in_dims=(None, 0, 0))(params, x, y)
norms = torch.stack([v.flatten(1).norm(dim=1) for v in g.values()], dim=1).norm(dim=1)
print(norms)
C, sigma = 1.0, 0.5
factor = (C / (norms + 1e-6)).clamp(max=1.0)
clipped = {k: (v * factor.view(-1, *[1] * (v.dim() - 1))).sum(0) for k, v in g.items()}
noisy = {k: (v + sigma * C * torch.randn_like(v)) / x.shape[0] for k, v in clipped.items()}
for k, v in noisy.items():
    print(k, tuple(v.shape), round(v.abs().sum().item(), 4))
model.zero_grad()
F.cross_entropy(model(x), y, reduction='sum').backward()
print(torch.allclose(model[2].bias.grad, g['2.bias'].sum(0), atol=1e-6))
"""),
    _case("research_ntk_jacrev_vmap", """
from torch.func import functional_call, vmap, vjp, jvp, jacrev
torch.manual_seed(0)
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, (3, 3))
        self.conv2 = nn.Conv2d(4, 4, (3, 3))
        self.fc = nn.Linear(4, 3)
    def forward(self, x):
        x = self.conv1(x)
        x = x.relu()
        x = self.conv2(x)
        x = x.relu()
        x = x.mean(dim=(-2, -1))
        return self.fc(x)
net = CNN()
x_train = torch.randn(5, 3, 8, 8)
x_test = torch.randn(2, 3, 8, 8)
params = {k: v.detach() for k, v in net.named_parameters()}
def fnet_single(params, x):
    return functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)
def empirical_ntk_jacobian_contraction(fnet_single, params, x1, x2, compute='full'):
    jac1 = vmap(jacrev(fnet_single), (None, 0))(params, x1)
    jac1 = jac1.values()
    jac1 = [j.flatten(2) for j in jac1]
    jac2 = vmap(jacrev(fnet_single), (None, 0))(params, x2)
    jac2 = jac2.values()
    jac2 = [j.flatten(2) for j in jac2]
    if compute == 'full':
        einsum_expr = 'Naf,Mbf->NMab'
    elif compute == 'trace':
        einsum_expr = 'Naf,Maf->NM'
    elif compute == 'diagonal':
        einsum_expr = 'Naf,Maf->NMa'
    result = torch.stack([torch.einsum(einsum_expr, j1, j2) for j1, j2 in zip(jac1, jac2)])
    return result.sum(0)
result = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test)
print(result.shape)
print(result[0, 0])
trace = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test, 'trace')
print(trace)
diag = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test, 'diagonal')
print(torch.allclose(diag.sum(-1), trace, atol=1e-4))
"""),
    _case("research_ntk_vjp_jvp_products", """
from torch.func import functional_call, vmap, vjp, jvp
torch.manual_seed(5)
net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
params = {k: v.detach() for k, v in net.named_parameters()}
def fnet_single(params, x):
    return functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)
def empirical_ntk_ntk_vps(func, params, x1, x2, compute='full'):
    def get_ntk(x1, x2):
        def func_x1(params):
            return func(params, x1)
        def func_x2(params):
            return func(params, x2)
        output, vjp_fn = vjp(func_x1, params)
        def get_ntk_slice(vec):
            vjps = vjp_fn(vec)
            _, jvps = jvp(func_x2, (params,), vjps)
            return jvps
        basis = torch.eye(output.numel(), dtype=output.dtype,
                          device=output.device).view(output.numel(), -1)
        return vmap(get_ntk_slice)(basis)
    result = vmap(vmap(get_ntk, (None, 0)), (0, None))(x1, x2)
    if compute == 'trace':
        return torch.einsum('NMKK->NM', result)
    return result
x1 = torch.randn(3, 4)
x2 = torch.randn(2, 4)
ntk = empirical_ntk_ntk_vps(fnet_single, params, x1, x2)
print(ntk.shape)
print(ntk[1])
print(empirical_ntk_ntk_vps(fnet_single, params, x1, x2, 'trace'))
"""),
    _case("research_jacobians_hessians_tutorial", """
from torch.func import jacrev, jacfwd, vmap, hessian
from functools import partial
torch.manual_seed(0)
def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()
D = 16
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)
def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0]
                     for vec in unit_vectors]
    return torch.stack(jacobian_rows)
xp = x.clone().requires_grad_()
unit_vectors = torch.eye(D)
jacobian = compute_jac(xp)
print(jacobian.shape)
print(jacobian[0])
jacobian_ft = jacrev(predict, argnums=2)(weight, bias, x)
assert torch.allclose(jacobian, jacobian_ft)
ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)
print(ft_jac_weight.shape, ft_jac_bias.shape)
print(torch.allclose(jacfwd(predict, argnums=2)(weight, bias, x), jacobian_ft, atol=1e-6))
hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
print(hess_api.shape, torch.allclose(hess_api, hess_fwdfwd, atol=1e-6),
      torch.allclose(hess_api, hess_revrev, atol=1e-6))
batch_size = 8
x = torch.randn(batch_size, D)
compute_batch_jacobian = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, x)
def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)
batch_jacobian1 = jacrev(predict_with_output_summed, argnums=2)(weight, bias, x).movedim(1, 0)
# (atol: entries of 1 - tanh^2 near zero, computed per sample and for the batch)
print(batch_jacobian0.shape, torch.allclose(batch_jacobian0, batch_jacobian1, atol=1e-6))
compute_batch_hessian = vmap(hessian(predict, argnums=2), in_dims=(None, None, 0))
batch_hess = compute_batch_hessian(weight, bias, x)
print(batch_hess.shape)
print(batch_hess[0, 0, :2, :4])
def hvp(f, primals, tangents):
    return torch.func.jvp(torch.func.grad(f), primals, tangents)[1]
def f(x):
    return x.sin().sum()
x = torch.randn(2048)
tangent = torch.randn(2048)
result = hvp(f, (x,), (tangent,))
assert torch.allclose(result, tangent * -x.sin())
print(result[:3])
"""),
    _case("research_autograd_functional_api", """
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
torch.manual_seed(6)
def exp_reducer(x):
    return x.exp().sum(dim=1)
inputs = torch.rand(2, 2)
print(jacobian(exp_reducer, inputs))
print(jacobian(exp_reducer, inputs, create_graph=True).grad_fn.name())
def exp_adder(x, y):
    return 2 * x.exp() + 3 * y
inputs = (torch.rand(2), torch.rand(2))
print(jacobian(exp_adder, inputs))
def pow_reducer(x):
    return x.pow(3).sum()
inputs = torch.rand(2, 2)
print(hessian(pow_reducer, inputs))
def pow_adder_reducer(x, y):
    return (2 * x.pow(2) + 3 * y.pow(2)).sum()
inputs = (torch.rand(2), torch.rand(2))
print(hessian(pow_adder_reducer, inputs))
def exp_reducer(x):
    return x.exp().sum(dim=1)
inputs = torch.rand(4, 4)
v = torch.ones(4)
print(vjp(exp_reducer, inputs, v))
def exp_reducer(x):
    return x.exp().sum(dim=1)
inputs = torch.rand(4, 4)
v = torch.ones(4, 4)
print(jvp(exp_reducer, inputs, v))
def pow_reducer(x):
    return x.pow(3).sum()
inputs = torch.rand(2, 2)
v = torch.ones(2, 2)
print(vhp(pow_reducer, inputs, v))
print(hvp(pow_reducer, inputs, v))
print(jacobian(exp_reducer, torch.rand(2, 3), vectorize=True, strategy="forward-mode").shape)
"""),
    _case("research_forward_ad_tutorial", """
import torch.autograd.forward_ad as fwAD
torch.manual_seed(0)
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
    print(type(fwAD.unpack_dual(dual_output)).__name__, fwAD.unpack_dual(dual_output)._fields)
assert fwAD.unpack_dual(dual_output).tangent is None
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
print(jvp[:2])
from torch.func import functional_call
model = nn.Linear(5, 5)
dual_params = {}
with fwAD.dual_level():
    for name, p in params.items():
        dual_params[name] = fwAD.make_dual(p, tangents[name])
    out = functional_call(model, dual_params, input)
    jvp2 = fwAD.unpack_dual(out).tangent
assert torch.allclose(jvp2, jvp)
print(out.shape)
"""),
    _case("research_forward_ad_custom_function_jvp", """
import torch.autograd.forward_ad as fwAD
torch.manual_seed(0)
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
print(torch.autograd.gradcheck(Fn.apply, (primal,), check_forward_ad=True,
                               check_backward_ad=False, check_undefined_grad=False,
                               check_batched_grad=False))
from torch.func import jvp as fjvp, jacfwd, vmap
x = torch.randn(5)
t = torch.randn(5)
f = lambda x: (x.sin() * x.cos()).sum()
value, grad_dir = fjvp(f, (x,), (t,))
print(value, grad_dir)
print(jacfwd(lambda x: x.sin() * x)(x).diagonal())
jf = vmap(lambda tt: fjvp(torch.sin, (x,), (tt,))[1])(torch.eye(5))
print(torch.allclose(jf, torch.diag(x.cos())))
"""),
    _case("research_custom_function_double_backward", """
torch.manual_seed(0)
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
def my_cube(x):
    result, dx = MyCube.apply(x)
    return result
x = torch.randn(4, dtype=torch.double, requires_grad=True)
y = my_cube(x)
print(y.grad_fn.name(), type(y.grad_fn).__name__)
gx, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(gx)
ggx, = torch.autograd.grad(gx.sum(), x)
print(ggx, torch.allclose(ggx, 6 * x))
print(torch.autograd.gradcheck(my_cube, (x,)), torch.autograd.gradgradcheck(my_cube, (x,)))
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2
    @staticmethod
    def backward(ctx, grad_out):
        x, = ctx.saved_tensors
        return grad_out * 2 * x
x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
print(torch.autograd.gradcheck(Square.apply, x), torch.autograd.gradgradcheck(Square.apply, x))
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = torch.exp(x)
        ctx.save_for_backward(result)
        return result
    @staticmethod
    def backward(ctx, grad_out):
        result, = ctx.saved_tensors
        return grad_out * result
x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
print(torch.autograd.gradcheck(Exp.apply, x), torch.autograd.gradgradcheck(Exp.apply, x))
"""),
    _case("research_custom_function_once_differentiable", """
from torch.autograd.function import once_differentiable
torch.manual_seed(0)
class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3
    @staticmethod
    @once_differentiable
    def backward(ctx, grad_out):
        x, = ctx.saved_tensors
        return grad_out * 3 * x.pow(2)
x = torch.randn(3, requires_grad=True)
y = Cube.apply(x)
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(g)
print(g.requires_grad, g.grad_fn.name() if g.grad_fn is not None else None)
try:
    g.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
y2 = Cube.apply(x)
y2.sum().backward()
print(x.grad)
"""),
    _case("research_custom_function_non_differentiable_outputs", """
torch.manual_seed(0)
class SortWithIndices(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        values, idx = x.sort(dim=-1)
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        return values, idx
    @staticmethod
    def backward(ctx, g_values, g_idx):
        idx, = ctx.saved_tensors
        print("g_idx is", g_idx)
        grad = torch.zeros_like(g_values)
        grad.scatter_(-1, idx, g_values)
        return grad
x = torch.randn(2, 5, requires_grad=True)
values, idx = SortWithIndices.apply(x)
print(values.requires_grad, idx.requires_grad, idx.dtype, values.grad_fn.name())
(values * torch.arange(5.)).sum().backward()
print(x.grad)
class Clamp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x)
        ctx.lo, ctx.hi = lo, hi
        return x.clamp(lo, hi), (x < lo) | (x > hi)
    @staticmethod
    def backward(ctx, g, g_mask):
        x, = ctx.saved_tensors
        if g is None:
            print("no gradient for the output")
            return None, None, None
        inside = (x >= ctx.lo) & (x <= ctx.hi)
        return g * inside, None, None
y, mask = Clamp.apply(x, -0.5, 0.5)
print(mask.requires_grad, mask.dtype)
x.grad = None
y.pow(2).sum().backward()
print(x.grad)
y2, mask2 = Clamp.apply(x, -0.5, 0.5)
print(torch.autograd.grad(y2.sum(), x)[0].sum().item())
"""),
    _case("research_custom_function_vmap_rule", """
from torch.func import vmap, grad, jacrev
torch.manual_seed(0)
class NumpySort(torch.autograd.Function):
    @staticmethod
    def forward(x, dim):
        idx = torch.argsort(x, dim=dim)
        result = torch.gather(x, dim, idx)
        return result, idx
    @staticmethod
    def setup_context(ctx, inputs, output):
        x, dim = inputs
        _, idx = output
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        ctx.dim = dim
    @staticmethod
    def backward(ctx, grad_output, _0):
        idx, = ctx.saved_tensors
        grad = torch.zeros_like(grad_output).scatter(ctx.dim, idx, grad_output)
        return grad, None
    @staticmethod
    def vmap(info, in_dims, x, dim):
        x_bdim, _ = in_dims
        x = x.movedim(x_bdim, 0)
        dim = dim if dim >= 0 else dim + x.dim() - 1
        result = NumpySort.apply(x, dim + 1)
        return result, (0, 0)
class MyCube(torch.autograd.Function):
    generate_vmap_rule = True
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
        return grad_output * dx + grad_dx * 6 * x
x = torch.randn(3, 5)
result, idx = vmap(NumpySort.apply, in_dims=(0, None))(x, 0)
print(result)
print(idx)
print(vmap(lambda t: MyCube.apply(t)[0])(x[:, :2]))
g = vmap(grad(lambda t: MyCube.apply(t)[0].sum()))(x)
print(torch.allclose(g, 3 * x ** 2))
print(jacrev(lambda t: NumpySort.apply(t, 0)[0])(x[0]))
"""),
    _case("research_neural_ode_rk4", """
torch.manual_seed(0)
class ODEFunc(nn.Module):
    def __init__(self, dim=2, hidden=16):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, dim))
        self.nfe = 0
    def forward(self, t, y):
        self.nfe += 1
        return self.net(y)
def rk4_step(func, t, y, dt):
    k1 = func(t, y)
    k2 = func(t + dt / 2, y + dt / 2 * k1)
    k3 = func(t + dt / 2, y + dt / 2 * k2)
    k4 = func(t + dt, y + dt * k3)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
def odeint(func, y0, t):
    ys = [y0]
    y = y0
    for t0, t1 in zip(t[:-1], t[1:]):
        y = rk4_step(func, t0, y, t1 - t0)
        ys.append(y)
    return torch.stack(ys)
true_A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
t = torch.linspace(0., 1., 11)
with torch.no_grad():
    true_y = odeint(lambda t, y: torch.mm(y ** 3, true_A), torch.tensor([[2., 0.]]), t)
print(true_y[-1])
func = ODEFunc()
optimizer = torch.optim.RMSprop(func.parameters(), lr=1e-3)
for itr in range(1, 6):
    optimizer.zero_grad()
    pred_y = odeint(func, torch.tensor([[2., 0.]]), t)
    loss = torch.mean(torch.abs(pred_y - true_y))
    loss.backward()
    optimizer.step()
    print(itr, f"{loss.item():.4f}", func.nfe, pred_y.shape)
print(func.net[0].weight.grad.abs().sum())
"""),
    _case("research_planar_flow_elbo", """
torch.manual_seed(0)
from torch.distributions import MultivariateNormal
class PlanarFlow(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.u = nn.Parameter(torch.randn(dim) * 0.1)
        self.w = nn.Parameter(torch.randn(dim) * 0.1)
        self.b = nn.Parameter(torch.zeros(1))
    def forward(self, z):
        wu = self.w @ self.u
        u_hat = self.u + (F.softplus(wu) - 1 - wu) * self.w / (self.w.norm() ** 2)
        lin = z @ self.w + self.b
        f = z + u_hat * torch.tanh(lin).unsqueeze(-1)
        psi = (1 - torch.tanh(lin) ** 2).unsqueeze(-1) * self.w
        log_det = torch.log(torch.abs(1 + psi @ u_hat) + 1e-8)
        return f, log_det
def target_log_density(z):
    z1, z2 = z[:, 0], z[:, 1]
    norm = torch.sqrt(z1 ** 2 + z2 ** 2)
    return -0.5 * ((norm - 2) / 0.4) ** 2 + torch.log(
        torch.exp(-0.5 * ((z1 - 2) / 0.6) ** 2) + torch.exp(-0.5 * ((z1 + 2) / 0.6) ** 2))
flows = nn.ModuleList([PlanarFlow(2) for _ in range(4)])
base = MultivariateNormal(torch.zeros(2), torch.eye(2))
opt = torch.optim.Adam(flows.parameters(), lr=1e-2)
for step in range(4):
    z0 = base.sample((64,))
    log_q = base.log_prob(z0)
    z = z0
    for flow in flows:
        z, ld = flow(z)
        log_q = log_q - ld
    loss = (log_q - target_log_density(z)).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    # (3 places: the losses 9.451295... and 7.869750... sit on rounding ties at 5 and 4
    # places, which NumPy 1.26's float32 log/exp bits tip the other way)
    print(step, round(loss.item(), 3))
print(flows[0].u.grad, flows[3].b.grad)
print(base.log_prob(torch.tensor([[0.5, -1.0]])), base.entropy())
"""),
    _case("research_realnvp_coupling_logdet", """
torch.manual_seed(0)
from torch.distributions import MultivariateNormal
class Coupling(nn.Module):
    def __init__(self, dim, mask, hidden=32):
        super().__init__()
        self.register_buffer('mask', mask)
        self.s = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, dim), nn.Tanh())
        self.t = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, dim))
    def forward(self, x):
        x_m = x * self.mask
        s = self.s(x_m) * (1 - self.mask)
        t = self.t(x_m) * (1 - self.mask)
        y = x_m + (1 - self.mask) * (x * torch.exp(s) + t)
        return y, s.sum(dim=1)
    def inverse(self, y):
        y_m = y * self.mask
        s = self.s(y_m) * (1 - self.mask)
        t = self.t(y_m) * (1 - self.mask)
        return y_m + (1 - self.mask) * ((y - t) * torch.exp(-s))
masks = [torch.tensor([1., 0., 1., 0.]), torch.tensor([0., 1., 0., 1.])] * 2
flow = nn.ModuleList([Coupling(4, m) for m in masks])
prior = MultivariateNormal(torch.zeros(4), torch.eye(4))
mix = torch.tensor([[1., .5, 0., 0.], [0., 1., .3, 0.], [0., 0., 1., .2], [0., 0., 0., 1.]])
data = torch.randn(128, 4) @ mix
opt = torch.optim.Adam(flow.parameters(), lr=1e-3)
for step in range(3):
    z, log_det = data, torch.zeros(data.shape[0])
    for layer in flow:
        z, ld = layer(z)
        log_det = log_det + ld
    nll = -(prior.log_prob(z) + log_det).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    print(step, round(nll.item(), 5))
with torch.no_grad():
    z = data[:3]
    for layer in flow:
        z, _ = layer(z)
    x = z
    for layer in reversed(flow):
        x = layer.inverse(x)
print(torch.allclose(x, data[:3], atol=1e-5))
x0 = data[:1].clone().requires_grad_()
jac = torch.autograd.functional.jacobian(lambda v: flow[0](v)[0], x0)
print(jac.shape, torch.logdet(jac.reshape(4, 4)).item() - flow[0](x0)[1].item() < 1e-5)
"""),
    _case("research_deq_fixed_point_implicit_grad", """
torch.manual_seed(0)
class DEQFixedPoint(nn.Module):
    def __init__(self, f, max_iter=50, tol=1e-6):
        super().__init__()
        self.f, self.max_iter, self.tol = f, max_iter, tol
    def forward(self, x):
        with torch.no_grad():
            z = torch.zeros_like(x)
            for i in range(self.max_iter):
                z_next = self.f(z, x)
                if (z_next - z).norm() < self.tol:
                    break
                z = z_next
        self.iters = i
        z = self.f(z, x)
        z0 = z.clone().detach().requires_grad_()
        f0 = self.f(z0, x)
        def backward_hook(grad):
            g = grad
            for _ in range(self.max_iter):
                g_next = torch.autograd.grad(f0, z0, g, retain_graph=True)[0] + grad
                if (g_next - g).norm() < self.tol:
                    break
                g = g_next
            return g_next
        z.register_hook(backward_hook)
        return z
class TanhLayer(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.linear = nn.Linear(n, n, bias=False)
        nn.init.normal_(self.linear.weight, 0, 0.3 / math.sqrt(n))
    def forward(self, z, x):
        return torch.tanh(self.linear(z) + x)
f = TanhLayer(6)
deq = DEQFixedPoint(f)
x = torch.randn(3, 6, requires_grad=True)
z = deq(x)
print(deq.iters, (z - f(z, x)).norm().item() < 1e-5)
loss = z.pow(2).sum()
loss.backward()
print(x.grad)
print(f.linear.weight.grad.norm())
x2 = x.detach().clone().requires_grad_()
zz = torch.zeros_like(x2)
for _ in range(60):
    zz = f(zz, x2)
g_unrolled = torch.autograd.grad(zz.pow(2).sum(), x2)[0]
print(torch.allclose(g_unrolled, x.grad, atol=1e-4))
"""),
    _case("research_gradient_checkpointing", """
from torch.utils.checkpoint import checkpoint, checkpoint_sequential
torch.manual_seed(0)
class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.ln = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.calls = 0
    def forward(self, x):
        self.calls += 1
        return x + self.ff(self.ln(x))
blocks = nn.ModuleList([Block(8) for _ in range(3)])
x = torch.randn(4, 8, requires_grad=True)
h = x
for b in blocks:
    h = checkpoint(b, h, use_reentrant=False)
loss = h.pow(2).mean()
loss.backward()
print([b.calls for b in blocks], round(loss.item(), 6), h.grad_fn.name())
g_ckpt = x.grad.clone()
w_ckpt = blocks[0].ff[0].weight.grad.clone()
x.grad = None
blocks.zero_grad()
h = x
for b in blocks:
    h = b(h)
h.pow(2).mean().backward()
print(torch.allclose(g_ckpt, x.grad), torch.allclose(w_ckpt, blocks[0].ff[0].weight.grad))
seq = nn.Sequential(*[Block(8) for _ in range(4)])
out = checkpoint_sequential(seq, 2, x, use_reentrant=False)
out.sum().backward()
print([m.calls for m in seq])
print(x.grad[0])
"""),
    _case("research_hooks_inspect_gradients", """
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))
grads = {}
def save_grad(name):
    def hook(grad):
        grads[name] = grad.clone()
    return hook
acts = {}
def fwd_hook(module, inp, out):
    acts[type(module).__name__ + str(id(module) % 1 )] = out.detach()
    print("forward", type(module).__name__, tuple(inp[0].shape), tuple(out.shape))
def bwd_hook(module, grad_input, grad_output):
    print("backward", type(module).__name__,
          [None if g is None else tuple(g.shape) for g in grad_input],
          [tuple(g.shape) for g in grad_output])
handles = [m.register_forward_hook(fwd_hook) for m in model]
handles += [m.register_full_backward_hook(bwd_hook) for m in model]
x = torch.randn(2, 4, requires_grad=True)
h = model[0](x)
h.register_hook(save_grad('h'))
h.retain_grad()
a = model[1](h)
out = model[2](a)
loss = out.logsumexp(dim=1).mean()
loss.backward()
print(torch.equal(grads['h'], h.grad), h.grad)
print(a.grad)
for hd in handles:
    hd.remove()
def scale_hook(grad):
    return grad * 0.5
x.grad = None
hook = x.register_hook(scale_hook)
model(x).sum().backward()
print(x.grad)
hook.remove()
x.grad = None
model(x).sum().backward()
print(x.grad)
p = model[0].weight
p.register_post_accumulate_grad_hook(
    lambda t: print("accumulated", tuple(t.grad.shape), round(t.grad.norm().item(), 4)))
model(x).sum().backward()
"""),
    _case("research_higher_order_tanh_sin", """
torch.manual_seed(0)
x = torch.linspace(-2, 2, 5, requires_grad=True)
y = torch.tanh(x)
derivs = []
g = y
for order in range(1, 5):
    g = torch.autograd.grad(g.sum(), x, create_graph=True)[0]
    derivs.append(g)
    print(order, g.grad_fn.name(), g.detach())
t = torch.tanh(x).detach()
print(torch.allclose(derivs[0], 1 - t ** 2), torch.allclose(derivs[1], -2 * t * (1 - t ** 2)))
z = torch.tensor(0.7, requires_grad=True)
f = torch.sin(torch.sin(z) * z)
ds = [f]
for k in range(4):
    ds.append(torch.autograd.grad(ds[-1], z, create_graph=True)[0])
print([round(d.item(), 6) for d in ds])
w = torch.randn(3, requires_grad=True)
def energy(w):
    return (w.sin() * w.roll(1).cos()).sum() + 0.5 * (w ** 4).sum()
e = energy(w)
gw, = torch.autograd.grad(e, w, create_graph=True)
H = torch.stack([torch.autograd.grad(gw[i], w, retain_graph=True)[0] for i in range(3)])
print(H)
print(torch.allclose(H, torch.autograd.functional.hessian(energy, w)))
v = torch.randn(3)
hv, = torch.autograd.grad(gw, w, grad_outputs=v, create_graph=True)
third, = torch.autograd.grad(hv.sum(), w)
print(hv.detach(), third)
"""),
    _case("research_gradcheck_small_functions", """
from torch.autograd import gradcheck, gradgradcheck
torch.manual_seed(0)
def f(x, y):
    return (x.sin() * y.exp()).sum(dim=0) / (1 + x.pow(2).sum())
x = torch.randn(3, 2, dtype=torch.double, requires_grad=True)
y = torch.randn(3, 2, dtype=torch.double, requires_grad=True)
print(gradcheck(f, (x, y), eps=1e-6, atol=1e-4))
print(gradgradcheck(f, (x, y)))
print(gradcheck(lambda a: F.softplus(a, beta=2).log_softmax(-1), (x,), fast_mode=True))
lin = nn.Linear(2, 3).double()
print(gradcheck(lambda inp: lin(inp).tanh(), (x,)))
class BadGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.exp()
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * x.exp() * 1.1
print(gradcheck(BadGrad.apply, (x,), raise_exception=False))
try:
    gradcheck(BadGrad.apply, (x,))
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
xf = torch.randn(3, requires_grad=True)
try:
    gradcheck(torch.sin, (xf,))
except Exception as e:
    print(type(e).__name__)
print(gradcheck(torch.sin, (xf.double(),), raise_exception=False))
"""),
    _case("research_forward_ad_tangents_record_primals", """
import torch.autograd.forward_ad as fwAD
torch.manual_seed(0)
lin = nn.Linear(3, 2)
x = torch.randn(4, 3)
v = torch.randn(4, 3)
with fwAD.dual_level():
    dx = fwAD.make_dual(x, v)
    out = lin(dx)
    print(fwAD.unpack_dual(out).tangent)
    h = torch.tanh(out)
    print(fwAD.unpack_dual(h).tangent)
    r = torch.relu(out) * 2 + 1
    print(fwAD.unpack_dual(r).tangent)
    s = torch.sigmoid(out) / out.detach().abs()
    print(fwAD.unpack_dual(s).tangent)
    dw = fwAD.make_dual(lin.weight, torch.ones_like(lin.weight))
    y = x @ dw.t() + lin.bias
    print(fwAD.unpack_dual(y).tangent)
    z = torch.addcmul(lin.bias, dw[:, 0], dw[:, 1], value=0.5)
    print(fwAD.unpack_dual(z).tangent)
    d = dw / 3
    print(fwAD.unpack_dual(d).tangent)
    b = torch.bmm(x.view(2, 2, 3), dw.t().expand(2, 3, 2))
    print(fwAD.unpack_dual(b).tangent.grad_fn.name())
    m = torch.matmul(x.view(2, 2, 3), dw.t())
    print(fwAD.unpack_dual(m).tangent.grad_fn.name())
with torch.no_grad(), fwAD.dual_level():
    out = lin(fwAD.make_dual(x, v))
    print(fwAD.unpack_dual(out).tangent)
"""),
    _case("research_wgan_gp_gradient_penalty", """
torch.manual_seed(0)
critic = nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(0.2), nn.Linear(32, 32), nn.LeakyReLU(0.2),
                       nn.Linear(32, 1))
gen = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 2))
opt_c = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.5, 0.9))
opt_g = torch.optim.Adam(gen.parameters(), lr=1e-4, betas=(0.5, 0.9))
def gradient_penalty(critic, real, fake):
    alpha = torch.rand(real.size(0), 1).expand_as(real)
    interpolates = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    d_interpolates = critic(interpolates)
    gradients = torch.autograd.grad(outputs=d_interpolates, inputs=interpolates,
                                    grad_outputs=torch.ones_like(d_interpolates),
                                    create_graph=True, retain_graph=True, only_inputs=True)[0]
    return ((gradients.norm(2, dim=1) - 1) ** 2).mean()
for it in range(3):
    real = torch.randn(16, 2) * 0.5 + torch.tensor([2.0, -1.0])
    fake = gen(torch.randn(16, 4)).detach()
    gp = gradient_penalty(critic, real, fake)
    d_loss = critic(fake).mean() - critic(real).mean() + 10 * gp
    opt_c.zero_grad()
    d_loss.backward()
    opt_c.step()
    g_loss = -critic(gen(torch.randn(16, 4))).mean()
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    print(it, f"{d_loss.item():.5f} {gp.item():.5f} {g_loss.item():.5f}", gp.grad_fn.name())
print(critic[0].weight.grad[:2])
"""),
    _case("research_input_gradient_regularization", """
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(5, 16), nn.Softplus(), nn.Linear(16, 3))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
x = torch.randn(32, 5)
y = torch.randint(0, 3, (32,))
for step in range(4):
    x_ = x.clone().requires_grad_(True)
    logits = model(x_)
    ce = F.cross_entropy(logits, y)
    g, = torch.autograd.grad(ce, x_, create_graph=True)
    penalty = g.pow(2).sum(dim=1).mean()
    loss = ce + 0.5 * penalty
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(ce.item(), 5), f"{penalty.item():.4e}", g.grad_fn.name())
x_ = x[:4].clone().requires_grad_(True)
out = model(x_)
jac_rows = [torch.autograd.grad(out[:, k].sum(), x_, retain_graph=True)[0] for k in range(3)]
J = torch.stack(jac_rows, dim=1)
print(J.shape, J.norm(dim=(1, 2)))
print(model[0].bias.grad)
"""),
    _case("research_hutchinson_trace_cnf", """
torch.manual_seed(0)
class ODEnet(nn.Module):
    def __init__(self, d=2, h=16):
        super().__init__()
        self.l1 = nn.Linear(d + 1, h)
        self.l2 = nn.Linear(h, d)
    def forward(self, t, z):
        tz = torch.cat([z, t.expand(z.shape[0], 1)], dim=1)
        return self.l2(torch.tanh(self.l1(tz)))
def exact_divergence(f, z):
    div = 0.0
    for i in range(z.shape[1]):
        div = div + torch.autograd.grad(f[:, i].sum(), z, create_graph=True)[0][:, i]
    return div
def hutchinson_divergence(f, z, e):
    e_dfdz = torch.autograd.grad(f, z, e, create_graph=True)[0]
    return (e_dfdz * e).sum(dim=1)
net = ODEnet()
z = torch.randn(6, 2, requires_grad=True)
t = torch.tensor([[0.5]])
f = net(t, z)
div_exact = exact_divergence(f, z)
print(div_exact)
est = torch.stack([hutchinson_divergence(f, z, torch.randn_like(z)) for _ in range(200)]).mean(0)
print(est)
rad = torch.randint(0, 2, z.shape).float() * 2 - 1
print(hutchinson_divergence(f, z, rad))
zt, logp = torch.randn(8, 2, requires_grad=True), torch.zeros(8)
dt = 0.1
for k in range(5):
    tk = torch.tensor([[k * dt]])
    dz = net(tk, zt)
    logp = logp - dt * exact_divergence(dz, zt)
    zt = zt + dt * dz
nll = -(torch.distributions.Normal(0, 1).log_prob(zt).sum(1) + logp).mean()
nll.backward()
print(round(nll.item(), 5), net.l1.weight.grad.norm().item() > 0)
"""),
    _case("research_hamiltonian_nn", """
torch.manual_seed(0)
class HNN(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.H = nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, hidden),
                               nn.Tanh(), nn.Linear(hidden, 1))
    def time_derivative(self, x):
        H = self.H(x).sum()
        dH = torch.autograd.grad(H, x, create_graph=True)[0]
        dHdq, dHdp = dH[:, :1], dH[:, 1:]
        return torch.cat([dHdp, -dHdq], dim=1)
q = torch.rand(64, 1) * 2 - 1
p = torch.rand(64, 1) * 2 - 1
x = torch.cat([q, p], dim=1).requires_grad_(True)
dxdt = torch.cat([p, -q], dim=1)
model = HNN()
opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
for step in range(5):
    pred = model.time_derivative(x)
    loss = (pred - dxdt).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}")
state = torch.tensor([[1.0, 0.0]], requires_grad=True)
traj = [state.detach()]
for _ in range(3):
    d = model.time_derivative(state)
    state = (state + 0.1 * d).detach().requires_grad_(True)
    traj.append(state.detach())
print(torch.cat(traj))
"""),
    _case("research_svgd_rbf_kernel", """
torch.manual_seed(0)
def log_prob(x):
    cov = torch.tensor([[1.0, 0.6], [0.6, 1.0]])
    return torch.distributions.MultivariateNormal(torch.tensor([1.0, -1.0]), cov).log_prob(x)
def rbf_kernel(X, Y):
    XX = X.matmul(X.t())
    XY = X.matmul(Y.t())
    YY = Y.matmul(Y.t())
    dnorm2 = -2 * XY + XX.diag().unsqueeze(1) + YY.diag().unsqueeze(0)
    h = dnorm2.detach().median() / (2 * math.log(X.size(0) + 1))
    sigma = torch.sqrt(h).item()
    gamma = 1.0 / (1e-8 + 2 * sigma ** 2)
    return (-gamma * dnorm2).exp()
X = torch.randn(20, 2) * 2
opt = torch.optim.Adam([X], lr=0.1)
for it in range(5):
    X = X.detach().requires_grad_(True)
    lp = log_prob(X)
    score = torch.autograd.grad(lp.sum(), X)[0]
    K_XX = rbf_kernel(X, X.detach())
    grad_K = -torch.autograd.grad(K_XX.sum(), X)[0]
    phi = (K_XX.detach().matmul(score) + grad_K) / X.size(0)
    X = (X + 0.5 * phi).detach()
    print(it, X.mean(0), round(lp.mean().item(), 4))
print(torch.cov(X.t()))
"""),
    _case("research_reinforce_and_reparameterization", """
torch.manual_seed(0)
from torch.distributions import Categorical, Normal, kl_divergence
policy = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
opt = torch.optim.Adam(policy.parameters(), lr=1e-2)
states = torch.randn(10, 4)
for ep in range(3):
    logits = policy(states)
    dist = Categorical(logits=logits)
    actions = dist.sample()
    rewards = (actions == 1).float() - 0.1 * actions.float()
    returns = (rewards - rewards.mean()) / (rewards.std() + 1e-8)
    loss = -(dist.log_prob(actions) * returns).mean() - 0.01 * dist.entropy().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(ep, actions.tolist(), round(loss.item(), 5))
mu = torch.zeros(3, requires_grad=True)
log_sigma = torch.zeros(3, requires_grad=True)
q = Normal(mu, log_sigma.exp())
z = q.rsample((1000,))
obj = (z - torch.tensor([1.0, 2.0, -1.0])).pow(2).mean()
obj.backward()
print(mu.grad, log_sigma.grad)
kl = kl_divergence(Normal(mu + 1, log_sigma.exp() * 2), Normal(0., 1.)).sum()
print(kl, torch.autograd.grad(kl, [mu, log_sigma]))
print(z.grad_fn.name(), q.has_rsample, Categorical(logits=torch.zeros(3)).has_rsample)
"""),
    _case("research_gumbel_softmax_straight_through", """
torch.manual_seed(0)
logits = torch.randn(4, 5, requires_grad=True)
y_soft = F.gumbel_softmax(logits, tau=0.5, hard=False)
y_hard = F.gumbel_softmax(logits, tau=0.5, hard=True)
print(y_soft)
print(y_hard, y_hard.grad_fn.name())
w = torch.arange(5.)
(y_hard * w).sum().backward()
print(logits.grad)
class STEThreshold(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return (x > 0).float()
    @staticmethod
    def backward(ctx, g):
        return F.hardtanh(g)
x = torch.randn(6, requires_grad=True)
b = STEThreshold.apply(x)
(b * torch.linspace(-2, 2, 6)).sum().backward()
print(b, x.grad)
x2 = x.detach().requires_grad_()
q = x2 + (torch.round(x2 * 4) / 4 - x2).detach()
(q ** 2).sum().backward()
print(q, x2.grad)
class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)
    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.neg() * ctx.lambd, None
feat = torch.randn(3, 2, requires_grad=True)
rev = GradReverse.apply(feat, 0.3)
print(rev.grad_fn.name(), rev._base is None)
(rev.sum() * 2).backward()
print(feat.grad)
"""),
    _case("research_implicit_diff_ridge_hypergradient", """
torch.manual_seed(0)
X_tr, X_val = torch.randn(30, 5, dtype=torch.float64), torch.randn(20, 5, dtype=torch.float64)
w_true = torch.randn(5, dtype=torch.float64)
y_tr = X_tr @ w_true + 0.3 * torch.randn(30, dtype=torch.float64)
y_val = X_val @ w_true + 0.3 * torch.randn(20, dtype=torch.float64)
log_lam = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
def inner_solution(log_lam):
    lam = log_lam.exp()
    A = X_tr.T @ X_tr + lam * torch.eye(5, dtype=torch.float64)
    return torch.linalg.solve(A, X_tr.T @ y_tr)
w = inner_solution(log_lam)
val_loss = ((X_val @ w - y_val) ** 2).mean()
hyper_direct, = torch.autograd.grad(val_loss, log_lam)
print(f"{val_loss.item():.8f} {hyper_direct.item():.8f}")
w_star = w.detach().requires_grad_(True)
def inner_loss(w, log_lam):
    return ((X_tr @ w - y_tr) ** 2).sum() / 2 + log_lam.exp() / 2 * (w ** 2).sum()
g_w = torch.autograd.grad(inner_loss(w_star, log_lam), w_star, create_graph=True)[0]
H = torch.autograd.functional.hessian(lambda w: inner_loss(w, log_lam.detach()), w_star.detach())
dval_dw = torch.autograd.grad(((X_val @ w_star - y_val) ** 2).mean(), w_star)[0]
v = torch.linalg.solve(H, dval_dw)
hyper_ift = -torch.autograd.grad(g_w, log_lam, grad_outputs=v)[0]
print(f"{hyper_ift.item():.8f}", torch.allclose(hyper_ift, hyper_direct))
def cg(Av, b, iters=20):
    x = torch.zeros_like(b); r = b.clone(); p = r.clone(); rs = r @ r
    for _ in range(iters):
        Ap = Av(p); alpha = rs / (p @ Ap)
        x = x + alpha * p; r = r - alpha * Ap
        rs_new = r @ r
        if rs_new.sqrt() < 1e-10:
            break
        p = r + rs_new / rs * p; rs = rs_new
    return x
def hvp(vec):
    return torch.autograd.functional.hvp(lambda w: inner_loss(w, log_lam.detach()),
                                         w_star.detach(), vec)[1]
v_cg = cg(hvp, dval_dw)
print(torch.allclose(v_cg, v), v_cg)
"""),
    _case("research_saved_tensor_hooks_and_anomaly", """
torch.manual_seed(0)
packed = []
def pack_hook(t):
    packed.append((tuple(t.shape), t.dtype))
    return t.clone()
def unpack_hook(t):
    return t
x = torch.randn(3, 4, requires_grad=True)
w = torch.randn(4, 2, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = (x @ w).tanh().pow(2).sum()
print(packed)
y.backward()
print(w.grad)
with torch.autograd.graph.save_on_cpu():
    z = (x.exp() * w.sum()).mean()
z.backward()
print(x.grad[0])
a = torch.tensor([-1.0, 4.0], requires_grad=True)
with torch.autograd.detect_anomaly(check_nan=True):
    try:
        b = torch.sqrt(a)
        b.sum().backward()
    except RuntimeError as e:
        print("RuntimeError:", str(e).split(".")[0])
print(a.grad)
print(torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled())
c = torch.tensor([0.0, 1.0], requires_grad=True)
out = (c * torch.log(c)).sum()
out.backward()
print(c.grad)
"""),
    _case("research_custom_function_returns_input_view", """
torch.manual_seed(0)
class Identity(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x
    @staticmethod
    def backward(ctx, g):
        return g * 2
class RowView(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return x[0], x.sum()
    @staticmethod
    def backward(ctx, g_row, g_sum):
        grad = g_sum.expand(ctx.shape).clone()
        grad[0] += g_row
        return grad
w = torch.randn(2, 3, requires_grad=True)
h = w * 1.5
out = Identity.apply(h)
print(out._base is h, out.is_leaf, out.grad_fn.name(), out.data_ptr() == h.data_ptr())
for write in (lambda: out.mul_(2), lambda: out.view(6).add_(1), lambda: out.__setitem__(0, 1.0)):
    try:
        write()
    except RuntimeError as e:
        print("RuntimeError:", e)
y = out.clone()
y.mul_(2)
y.sum().backward()
print(w.grad)
row, total = RowView.apply(h)
print(row._base is h, total._base is None, row.grad_fn.name(), total.grad_fn.name())
try:
    row.zero_()
except RuntimeError as e:
    print("RuntimeError:", e)
with torch.no_grad():
    plain = Identity.apply(h)
print(plain.requires_grad, plain._base is h)
n = torch.ones(3)
print(Identity.apply(n)._base is n)
"""),
    _case("research_model_ensembling_tutorial", """
from torch.func import stack_module_state, functional_call, vmap
import copy
torch.manual_seed(0)
class SimpleMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.fc2 = nn.Linear(32, 16)
        self.fc3 = nn.Linear(16, 4)
    def forward(self, x):
        x = x.flatten(1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
num_models = 5
data = torch.randn(num_models, 8, 4, 4)
targets = torch.randint(4, (num_models * 8,))
models = [SimpleMLP() for _ in range(num_models)]
minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch)
                                   for model, minibatch in zip(models, minibatches)]
minibatch = data[0]
predictions2 = [model(minibatch) for model in models]
params, buffers = stack_module_state(models)
base_model = copy.deepcopy(models[0])
def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))
print([p.size(0) for p in params.values()])
minibatches = data[:num_models]
predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)
assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop),
                      atol=1e-3, rtol=1e-5)
predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)
assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)
print(predictions2_vmap.shape, predictions2_vmap[2, :2])
print(params['fc1.weight'].requires_grad, params['fc1.weight'].is_leaf)
loss = F.cross_entropy(predictions1_vmap.reshape(-1, 4), targets)
loss.backward()
print(round(loss.item(), 5), params['fc3.bias'].grad[:2])
"""),
    _case("research_autograd_grad_options", """
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
y = torch.randn(3, requires_grad=True)
z = (x ** 2).sum()
try:
    torch.autograd.grad(z, [x, y], retain_graph=True)
except RuntimeError as e:
    print("RuntimeError:", e)
gx, gy = torch.autograd.grad(z, [x, y], allow_unused=True, retain_graph=True)
print(gx, gy)
gx, gy = torch.autograd.grad(z, [x, y], allow_unused=True, materialize_grads=True)
print(gy)
out = torch.stack([x.sin(), x * y, y.exp()])
eye = torch.eye(3).unsqueeze(-1).expand(3, 3, 3)
jac_rows, = torch.autograd.grad(out, x, grad_outputs=eye, is_grads_batched=True, retain_graph=True)
print(jac_rows.shape)
print(jac_rows)
a = torch.randn(2, requires_grad=True)
b = torch.randn(2, requires_grad=True)
loss = (a * b).sum() + a.pow(3).sum()
torch.autograd.backward(loss, inputs=[a])
print(a.grad, b.grad)
l2 = (a * b).sum()
l2.backward(inputs=[b])
print(a.grad, b.grad)
w = torch.ones(2, requires_grad=True)
def hook(grads):
    print("multi grad hook", [None if g is None else g.tolist() for g in grads])
h1 = w * 2
h2 = w * 3
handle = torch.autograd.graph.register_multi_grad_hook((h1, h2), hook)
(h1.sum() + h2.sum()).backward()
handle.remove()
n = (w * 5).sum()
mul_node = n.grad_fn.next_functions[0][0]
print(n.grad_fn.name(), mul_node.name(),
      [(type(f).__name__, nr) for f, nr in mul_node.next_functions])
def pre(grad_outputs):
    print("prehook", grad_outputs)
n.grad_fn.register_prehook(pre)
n.grad_fn.register_hook(lambda gi, go: print("hook", gi, go))
n.backward()
"""),
    _case("research_hessian_power_iteration_pyhessian", """
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(32, 4)
y = torch.randn(32, 1)
params = [p for p in model.parameters() if p.requires_grad]
loss = F.mse_loss(model(x), y)
grads = torch.autograd.grad(loss, params, create_graph=True)
def normalize(vs):
    s = torch.sqrt(sum((v * v).sum() for v in vs))
    return [v / (s + 1e-6) for v in vs]
def hv_product(vs):
    return torch.autograd.grad(grads, params, grad_outputs=vs, retain_graph=True)
v = normalize([torch.randn_like(p) for p in params])
eig = None
for i in range(20):
    Hv = hv_product(v)
    new_eig = sum((a * b).sum() for a, b in zip(Hv, v)).item()
    v = normalize(Hv)
    if eig is not None and abs(new_eig - eig) / (abs(eig) + 1e-6) < 1e-4:
        break
    eig = new_eig
print(i, round(new_eig, 4))
trace = 0.0
for _ in range(50):
    vs = [torch.randint_like(p, high=2) * 2 - 1 for p in params]
    Hv = hv_product(vs)
    trace += sum((a * b).sum() for a, b in zip(Hv, vs)).item()
print(round(trace / 50, 3))
flat = torch.cat([g.reshape(-1) for g in grads])
rows = []
for k in range(flat.numel()):
    row = torch.autograd.grad(flat[k], params, retain_graph=True)
    rows.append(torch.cat([h.reshape(-1) for h in row]))
H = torch.stack(rows)
evals = torch.linalg.eigvalsh((H + H.T) / 2)
print(H.shape, round(evals[-1].item(), 4), round(torch.trace(H).item(), 3))
"""),
    _case("research_meta_sgd_learned_lrs", """
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(1, 16), nn.ReLU(), nn.Linear(16, 1))
lrs = [nn.Parameter(torch.full_like(p, 0.01)) for p in net.parameters()]
meta_opt = torch.optim.Adam(list(net.parameters()) + lrs, lr=1e-3)
from torch.func import functional_call
names = [n for n, _ in net.named_parameters()]
for it in range(3):
    amp, phase = torch.rand(1) * 4 + 1, torch.rand(1) * 3
    xs, xq = torch.rand(5, 1) * 10 - 5, torch.rand(5, 1) * 10 - 5
    ys, yq = amp * torch.sin(xs + phase), amp * torch.sin(xq + phase)
    params = list(net.parameters())
    support = F.mse_loss(net(xs), ys)
    grads = torch.autograd.grad(support, params, create_graph=True)
    fast = {n: p - lr * g for n, p, lr, g in zip(names, params, lrs, grads)}
    query = F.mse_loss(functional_call(net, fast, (xq,)), yq)
    meta_opt.zero_grad()
    query.backward()
    meta_opt.step()
    print(it, round(support.item(), 4), round(query.item(), 4))
print(lrs[3].grad, lrs[0].data.mean().item() != 0.01)
print([tuple(l.shape) for l in lrs])
"""),
    _case("research_func_linearize_aux_chunks", """
from torch.func import jacrev, jacfwd, vmap, grad_and_value, linearize, vjp
torch.manual_seed(0)
def f(x):
    y = x.sin() * x.cos().sum()
    return y, {"norm": y.norm()}
x = torch.randn(4)
jac, aux = jacrev(f, has_aux=True)(x)
print(jac.diagonal(), aux["norm"])
jac2, aux2 = jacfwd(f, has_aux=True)(x)
print(torch.allclose(jac, jac2, atol=1e-6), aux2["norm"].item() == aux["norm"].item())
def loss(w, x):
    out = (x @ w).tanh()
    return out.pow(2).mean(), out
w = torch.randn(3, 2)
xs = torch.randn(5, 3)
(g, (value, out)) = grad_and_value(loss, has_aux=True)(w, xs)
print(g, value, out.shape)
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # torch's tracer warns about its constant folding
    out, jvp_fn = linearize(torch.sin, x)
    print(jvp_fn(torch.ones(4)), out)
    batched = vmap(lambda t: jvp_fn(t), chunk_size=2)(torch.eye(4))
    print(torch.allclose(batched, torch.diag(x.cos())))
    try:
        jvp_fn(torch.ones(3))
    except RuntimeError as e:
        print("RuntimeError:", e)
j3 = jacrev(lambda v: v.exp().cumsum(0), chunk_size=1)(x)
print(j3)
out, vjp_fn, aux = vjp(lambda v: (v ** 2, v.sum()), x, has_aux=True)
print(vjp_fn(torch.ones(4)), aux)
"""),
]
