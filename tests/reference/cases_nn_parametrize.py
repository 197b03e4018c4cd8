"""nn.utils' reparametrizations and layer surgery, as users write them: weight-normed and
spectral-normed layers trained a few SGD steps after manual_seed (losses, weights, state_dict
keys, module reprs, the power iteration's random vectors drawn from torch's stream),
orthogonal constraints (matrix_exp, cayley, householder, with and without the
trivialization), custom parametrizations (stacked, with a right_inverse returning one or two
tensors, on buffers, cached, removed), the older hook-based weight_norm / spectral_norm,
conv/linear + batch-norm fusion, skip_init and the convolution weights' memory format; and
the errors each refuses with (ids start with ``nn_parametrize_``).

Losses are `result` (compared to float32 rounding); printed values are rounded to 4
decimals. Orthogonal matrices come from a QR, LAPACK's in ember and MKL's in torch, equal to
rounding: their cases print rounded values and residuals as booleans.
"""

from __future__ import annotations

_PRELUDE = """
nn = torch.nn
F = torch.nn.functional
P = torch.nn.utils.parametrize
def sgd_steps(model, x, y, steps, lr=0.1, loss_fn=None):
    loss_fn = loss_fn or nn.MSELoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
def show(label, t):
    print(label, [round(v, 4) for v in t.detach().reshape(-1).tolist()])
def message(fn):
    try:
        fn()
    except Exception as error:
        print(type(error).__name__, error)
    else:
        print('no error')
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nn_parametrize_{name}", _PRELUDE + body


CASES = [
    # ------------------------------------------------------------------ weight_norm
    _case("weight_norm_mlp_training", """
torch.manual_seed(0)
model = nn.Sequential(
    nn.utils.parametrizations.weight_norm(nn.Linear(4, 8)),
    nn.Tanh(),
    nn.utils.parametrizations.weight_norm(nn.Linear(8, 1), dim=None),
)
print(model)
print(list(model.state_dict().keys()))
print([(n, tuple(p.shape)) for n, p in model.named_parameters()])
x = torch.randn(16, 4)
y = x.sum(1, keepdim=True).sin()
print(model[0].weight.grad_fn.name(), model[2].weight.grad_fn.name())
losses = sgd_steps(model, x, y, 6, lr=0.2)
print([round(l, 4) for l in losses])
show('g0', model[0].parametrizations.weight.original0)
show('g2', model[2].parametrizations.weight.original0)
show('w0 row norms', model[0].weight.norm(dim=1))
show('w0', model[0].weight)
result = torch.tensor(losses)
"""),
    _case("weight_norm_conv_dims", """
torch.manual_seed(3)
conv = nn.utils.parametrizations.weight_norm(nn.Conv2d(2, 3, 3), dim=1)
print(conv)
print(conv.parametrizations.weight.original0.shape, conv.parametrizations.weight.original1.shape)
print(conv.weight.grad_fn.name())
last = nn.utils.parametrizations.weight_norm(nn.Linear(3, 4), dim=1)
print(last.parametrizations.weight.original0.shape, last.weight.grad_fn.name())
whole = nn.utils.parametrizations.weight_norm(nn.Linear(3, 4), dim=None)
print(whole.parametrizations.weight.original0.shape, whole.weight.grad_fn.name())
out = conv(torch.randn(1, 2, 5, 5))
out.sum().backward()
show('g grad', conv.parametrizations.weight.original0.grad)
show('v grad', conv.parametrizations.weight.original1.grad[0, 0])
result = out
"""),
    _case("weight_norm_remove_and_state_dict", """
torch.manual_seed(5)
m = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2))
sd = m.state_dict()
print(list(sd.keys()))
show('original0', sd['parametrizations.weight.original0'])
w = m.weight.detach().clone()
fresh = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2))
print(fresh.load_state_dict(sd))
print(torch.equal(fresh.weight, w))
P.remove_parametrizations(m, 'weight')
print(m, type(m.weight).__name__, m.weight.requires_grad)
print(torch.allclose(m.weight, w), list(m.state_dict().keys()))
print(P.is_parametrized(m), hasattr(m, 'parametrizations'))
result = m.weight
"""),
    _case("weight_norm_loads_old_state_dict", """
import warnings
torch.manual_seed(11)
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    old = nn.utils.weight_norm(nn.Linear(3, 2))
sd = old.state_dict()
print(list(sd.keys()))
new = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2))
print(new.load_state_dict(sd))
x = torch.randn(4, 3)
print(torch.allclose(old(x), new(x)))
show('g', new.parametrizations.weight.original0)
result = new(x)
"""),
    # ------------------------------------------------------------------ spectral_norm
    _case("spectral_norm_discriminator_training", """
torch.manual_seed(1)
disc = nn.Sequential(
    nn.utils.parametrizations.spectral_norm(nn.Linear(5, 6)),
    nn.LeakyReLU(0.2),
    nn.utils.parametrizations.spectral_norm(nn.Linear(6, 1)),
)
print(disc)
print(list(disc.state_dict().keys()))
show('u0', disc[0].parametrizations.weight[0]._u)
show('v0', disc[0].parametrizations.weight[0]._v)
x = torch.randn(8, 5)
target = torch.cat([torch.ones(4, 1), torch.zeros(4, 1)])
losses = sgd_steps(disc, x, target, 5, lr=0.5, loss_fn=nn.BCEWithLogitsLoss())
print([round(l, 4) for l in losses])
show('u0 after', disc[0].parametrizations.weight[0]._u)
disc.eval()
w = disc[0].weight
print(w.grad_fn.name())
print(round(torch.linalg.matrix_norm(w.detach(), 2).item(), 3))
show('w0', w)
print(torch.equal(disc[0].weight, w))
result = torch.tensor(losses)
"""),
    _case("spectral_norm_conv_and_transpose", """
torch.manual_seed(2)
conv = nn.utils.parametrizations.spectral_norm(nn.Conv2d(2, 3, 2))
up = nn.utils.parametrizations.spectral_norm(nn.ConvTranspose2d(2, 3, 2))
vec = nn.utils.parametrizations.spectral_norm(nn.Linear(3, 2), name='bias')
print(conv.parametrizations.weight[0]._u.shape, conv.parametrizations.weight[0]._v.shape)
print(up.parametrizations.weight[0].dim, up.parametrizations.weight[0]._u.shape,
      up.parametrizations.weight[0]._v.shape)
print(list(vec.state_dict().keys()), vec.bias.grad_fn.name())
show('u conv', conv.parametrizations.weight[0]._u)
show('u up', up.parametrizations.weight[0]._u)
show('bias', vec.bias)
out = conv(torch.randn(1, 2, 4, 4))
result = out
"""),
    _case("spectral_norm_eval_and_remove", """
torch.manual_seed(4)
m = nn.utils.parametrizations.spectral_norm(nn.Linear(4, 3), n_power_iterations=3)
m.eval()
a = m.weight
b = m.weight
print(torch.equal(a, b))
m.train()
c = m.weight
print(torch.equal(a, c))
show('c', c)
P.remove_parametrizations(m, 'weight')
print(m, list(m.state_dict().keys()))
show('w', m.weight)
result = m.weight
"""),
    # ------------------------------------------------------------------ orthogonal
    _case("orthogonal_square_matrix_exp", """
torch.manual_seed(6)
m = nn.utils.parametrizations.orthogonal(nn.Linear(4, 4))
print(m)
print(m.parametrizations.weight[0].orthogonal_map, list(m.state_dict().keys()))
Q = m.weight
print(Q.grad_fn.name(), torch.dist(Q.T @ Q, torch.eye(4)).item() < 1e-5)
x = torch.randn(10, 4)
y = torch.randn(10, 4)
losses = sgd_steps(m, x, y, 5, lr=0.1)
print([round(l, 4) for l in losses])
Q = m.weight.detach()
print(torch.dist(Q.T @ Q, torch.eye(4)).item() < 1e-5)
show('Q', Q)
result = torch.tensor(losses)
"""),
    _case("orthogonal_tall_and_wide_householder", """
torch.manual_seed(7)
tall = nn.utils.parametrizations.orthogonal(nn.Linear(3, 5))
wide = nn.utils.parametrizations.orthogonal(nn.Linear(5, 3))
print(tall.parametrizations.weight[0].orthogonal_map,
      wide.parametrizations.weight[0].orthogonal_map)
print(tall.parametrizations.weight[0].base.shape, wide.parametrizations.weight[0].base.shape)
Qt, Qw = tall.weight, wide.weight
print(Qt.grad_fn.name(), Qw.grad_fn.name())
print(torch.dist(Qt.T @ Qt, torch.eye(3)).item() < 1e-5,
      torch.dist(Qw @ Qw.T, torch.eye(3)).item() < 1e-5)
losses = sgd_steps(nn.Sequential(tall, nn.ReLU(), wide), torch.randn(6, 3), torch.randn(6, 3), 4)
Qt = tall.weight.detach()
print(torch.dist(Qt.T @ Qt, torch.eye(3)).item() < 1e-5)
print([round(l, 4) for l in losses])
show('Qt', Qt)
result = torch.tensor(losses)
"""),
    _case("orthogonal_cayley_and_no_trivialization", """
torch.manual_seed(8)
c = nn.utils.parametrizations.orthogonal(nn.Linear(3, 3), orthogonal_map='cayley')
h = nn.utils.parametrizations.orthogonal(nn.Linear(3, 4), orthogonal_map='householder',
                                         use_trivialization=False)
print(list(c.state_dict().keys()), list(h.state_dict().keys()))
Q = c.weight
print(Q.grad_fn.name(), torch.dist(Q.T @ Q, torch.eye(3)).item() < 1e-5)
H = h.weight
print(H.grad_fn.name(), torch.dist(H.T @ H, torch.eye(3)).item() < 1e-5)
losses = sgd_steps(c, torch.randn(5, 3), torch.randn(5, 3), 3)
print([round(l, 4) for l in losses])
Q = c.weight.detach()
print(torch.dist(Q.T @ Q, torch.eye(3)).item() < 1e-5)
show('Q', Q)
result = torch.tensor(losses)
"""),
    _case("orthogonal_assign_and_batches", """
torch.manual_seed(9)
m = nn.utils.parametrizations.orthogonal(nn.Linear(3, 3))
skew = torch.tensor([[0.0, 1.0, 0.5], [-1.0, 0.0, 0.2], [-0.5, -0.2, 0.0]])
target = torch.linalg.matrix_exp(skew)
m.weight = target
print(torch.allclose(m.weight, target, atol=1e-6))
show('original', m.parametrizations.weight.original)
class Batched(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(2, 4, 3))
b = nn.utils.parametrizations.orthogonal(Batched(), 'w')
W = b.w
print(W.shape, torch.dist(W.mT @ W, torch.eye(3).expand(2, 3, 3)).item() < 1e-5)
h = nn.utils.parametrizations.orthogonal(nn.Linear(2, 4), orthogonal_map='householder',
                                         use_trivialization=False)
Q = torch.linalg.householder_product(*torch.geqrf(torch.randn(4, 2)))
h.weight = Q
print(torch.allclose(h.weight, Q, atol=1e-6))
c = nn.utils.parametrizations.orthogonal(nn.Linear(3, 3), orthogonal_map='cayley',
                                         use_trivialization=False)
message(lambda: setattr(c, 'weight', torch.eye(3)))
result = m.weight
"""),
    # ------------------------------------------------------------------ parametrize
    _case("custom_symmetric_stacked", """
class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)
class Scale(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.s = s
    def forward(self, X):
        return X * self.s
    def right_inverse(self, X):
        return X / self.s
torch.manual_seed(10)
m = nn.Linear(3, 3)
P.register_parametrization(m, 'weight', Symmetric())
P.register_parametrization(m, 'weight', Scale(2.0))
print(m)
print(type(m).__name__, P.type_before_parametrizations(m).__name__)
print(P.is_parametrized(m), P.is_parametrized(m, 'weight'), P.is_parametrized(m, 'bias'))
W = m.weight
print(W.grad_fn.name(), torch.equal(W, W.T))
print(list(m.state_dict().keys()), [n for n, _ in m.named_parameters()])
losses = sgd_steps(m, torch.randn(6, 3), torch.randn(6, 3), 3)
print([round(l, 4) for l in losses])
show('W', m.weight)
print(len(m.parametrizations.weight), m.parametrizations.weight.unsafe)
result = torch.tensor(losses)
"""),
    _case("custom_right_inverse_pair", """
class RankOne(nn.Module):
    def forward(self, x, y):
        return x.unsqueeze(-1) @ y.unsqueeze(-2)
    def right_inverse(self, Z):
        return Z[:, 0], Z[0, :] / Z[0, 0]
torch.manual_seed(12)
m = nn.Linear(3, 3)
with torch.no_grad():
    m.weight.copy_(torch.outer(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([0.5, -1.0, 2.0])))
P.register_parametrization(m, 'weight', RankOne())
print(list(m.state_dict().keys()))
pl = m.parametrizations.weight
print(pl.is_tensor, pl.ntensors, type(pl.original0).__name__, pl.original0.requires_grad)
show('original0', pl.original0)
show('original1', pl.original1)
print(m.weight.grad_fn.name())
m.weight = torch.outer(torch.tensor([1.0, 0.0, -1.0]), torch.tensor([2.0, 1.0, 1.0]))
show('after assign', m.weight)
message(lambda: P.remove_parametrizations(m, 'weight', leave_parametrized=False))
P.remove_parametrizations(m, 'weight')
print(m, type(m.weight).__name__)
show('left', m.weight)
result = m.weight
"""),
    _case("custom_buffer_and_unsafe", """
class Negate(nn.Module):
    def forward(self, X):
        return -X
    def right_inverse(self, X):
        return -X
class Flatten(nn.Module):
    def forward(self, X):
        return X.reshape(-1)
bn = nn.BatchNorm1d(2)
P.register_parametrization(bn, 'running_mean', Negate())
print(bn)
print(list(bn.state_dict().keys()), [n for n, _ in bn.named_buffers()])
bn(torch.tensor([[1.0, 2.0], [3.0, 6.0]]))
show('running_mean', bn.running_mean)
show('original', bn.parametrizations.running_mean.original)
u = P.register_parametrization(nn.Linear(2, 3), 'weight', Flatten(), unsafe=True)
print(u.weight.shape, u.parametrizations.weight.unsafe)
P.remove_parametrizations(bn, 'running_mean', leave_parametrized=False)
print(type(bn).__name__, list(bn.state_dict().keys()))
show('restored', bn.running_mean)
"""),
    _case("cached_and_copies", """
import copy, io
calls = []
class Count(nn.Module):
    def forward(self, X):
        calls.append(1)
        return X * 2
torch.manual_seed(13)
m = nn.Linear(2, 2)
P.register_parametrization(m, 'weight', Count())
print(len(calls))
with P.cached():
    a = m.weight
    b = m.weight
    with P.cached():
        c = m.weight
print(a is b, a is c, len(calls))
d = m.weight
print(d is a, len(calls))
twin = copy.deepcopy(m)
print(type(twin).__name__, torch.equal(twin.weight, m.weight),
      twin.parametrizations.weight.original is m.parametrizations.weight.original)
message(lambda: torch.save(m, io.BytesIO()))
buffer = io.BytesIO()
torch.save(m.state_dict(), buffer)
buffer.seek(0)
print(list(torch.load(buffer).keys()))
"""),
    _case("parametrize_errors", """
class Sum(nn.Module):
    def forward(self, X):
        return X.sum(0)
class Double(nn.Module):
    def forward(self, X):
        return X.double()
class Plain(nn.Module):
    def forward(self, X):
        return X * 2
class NotTensor(nn.Module):
    def forward(self, X):
        return [X]
message(lambda: P.register_parametrization(nn.Linear(2, 2), 'weight', Sum()))
message(lambda: P.register_parametrization(nn.Linear(2, 2), 'weight', Double()))
message(lambda: P.register_parametrization(nn.Linear(2, 2), 'weight', NotTensor()))
message(lambda: P.register_parametrization(nn.Linear(2, 2), 'foo', Plain()))
m = P.register_parametrization(nn.Linear(2, 2), 'weight', Plain())
message(lambda: P.register_parametrization(m, 'weight', Sum()))
message(lambda: setattr(m, 'weight', torch.ones(2, 2)))
message(lambda: setattr(m, 'weight', nn.Parameter(torch.ones(2, 2))))
message(lambda: P.remove_parametrizations(m, 'bias'))
message(lambda: P.remove_parametrizations(nn.Linear(2, 2), 'weight'))
print(P.is_parametrized(nn.Linear(2, 2)))
"""),
    _case("parametrizations_errors", """
message(lambda: nn.utils.parametrizations.orthogonal(nn.Linear(2, 2), 'bias'))
message(lambda: nn.utils.parametrizations.orthogonal(nn.Linear(2, 2), 'nothing'))
message(lambda: nn.utils.parametrizations.orthogonal(nn.Linear(2, 2), orthogonal_map='qr'))
message(lambda: nn.utils.parametrizations.spectral_norm(nn.Linear(2, 2), n_power_iterations=0))
message(lambda: nn.utils.parametrizations.spectral_norm(nn.Linear(2, 2), dim=2))
message(lambda: nn.utils.parametrizations.spectral_norm(nn.Linear(2, 2), 'nothing'))
o = nn.utils.parametrizations.orthogonal(nn.Linear(3, 3))
message(lambda: setattr(o, 'weight', torch.eye(2)))
"""),
    # ------------------------------------------------------------------ the older hook-based forms
    _case("old_weight_norm_training", """
import warnings
torch.manual_seed(14)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    conv = nn.utils.weight_norm(nn.Conv1d(2, 3, 3))
print([(w.category.__name__, str(w.message)) for w in caught])
print(conv, list(conv.state_dict().keys()))
print([n for n, _ in conv.named_parameters()], conv.weight.grad_fn.name())
print(conv.weight_g.shape, conv.weight_v.shape)
x = torch.randn(4, 2, 6)
losses = sgd_steps(conv, x, torch.zeros(4, 3, 4), 4, lr=0.3)
print([round(l, 4) for l in losses])
show('g', conv.weight_g)
message(lambda: nn.utils.weight_norm(conv))
nn.utils.remove_weight_norm(conv)
print(conv, [n for n, _ in conv.named_parameters()], type(conv.weight).__name__)
show('w', conv.weight[0])
message(lambda: nn.utils.remove_weight_norm(conv))
result = torch.tensor(losses)
"""),
    _case("old_weight_norm_dim_none", """
import warnings
torch.manual_seed(15)
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    m = nn.utils.weight_norm(nn.Linear(3, 2), dim=None)
print(m.weight_g.shape, m.weight.grad_fn.name())
show('g', m.weight_g)
out = m(torch.randn(2, 3))
out.sum().backward()
show('g grad', m.weight_g.grad)
result = out
"""),
    _case("old_spectral_norm_training", """
torch.manual_seed(16)
m = nn.utils.spectral_norm(nn.Linear(4, 3))
print(m, list(m.state_dict().keys()))
print([n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()])
show('u', m.weight_u)
show('v', m.weight_v)
sd = m.state_dict()
print(dict(sd._metadata))
x = torch.randn(5, 4)
losses = sgd_steps(m, x, torch.randn(5, 3), 4, lr=0.2)
# (3 places: u's power iteration goes through matrix-vector products, whose last bits
# follow the BLAS, and the fourth loss is 1.703650 to 7 places)
print([round(l, 3) for l in losses])
show('u after', m.weight_u)
print(m.weight.grad_fn.name())
m.eval()
out = m(x)
show('w', m.weight)
fresh = nn.utils.spectral_norm(nn.Linear(4, 3))
print(fresh.load_state_dict(m.state_dict()))
fresh.eval()
print(torch.allclose(fresh(x), out))
message(lambda: nn.utils.spectral_norm(m))
nn.utils.remove_spectral_norm(m)
print(m, list(m.state_dict().keys()), type(m.weight).__name__)
message(lambda: nn.utils.remove_spectral_norm(m))
result = torch.tensor(losses)
"""),
    _case("old_spectral_norm_conv_transpose", """
torch.manual_seed(17)
up = nn.utils.spectral_norm(nn.ConvTranspose2d(3, 2, 2))
print(up.weight_u.shape, up.weight_v.shape)
show('u', up.weight_u)
y = up(torch.randn(1, 3, 2, 2))
print(y.shape)
message(lambda: nn.utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=0))
result = y
"""),
    # ------------------------------------------------------------------ fusion
    _case("fuse_conv_bn_eval", """
torch.manual_seed(18)
conv = nn.Conv2d(2, 3, 3, bias=False)
bn = nn.BatchNorm2d(3)
x = torch.randn(4, 2, 5, 5)
bn(conv(x))
bn(conv(x * 2))
conv.eval()
bn.eval()
fused = nn.utils.fuse_conv_bn_eval(conv, bn)
print(fused, type(fused.weight).__name__, fused.weight.requires_grad, fused.bias.shape)
print(fused is conv, conv.bias is None)
print((fused(x) - bn(conv(x))).abs().max().item() < 1e-5)
show('bias', fused.bias)
show('w', fused.weight[0, 0])
convT = nn.ConvTranspose2d(3, 2, 2).eval()
bn2 = nn.BatchNorm2d(2).eval()
with torch.no_grad():
    bn2.running_mean.copy_(torch.tensor([0.5, -0.5]))
    bn2.running_var.copy_(torch.tensor([2.0, 0.5]))
fusedT = nn.utils.fuse_conv_bn_eval(convT, bn2, transpose=True)
z = torch.randn(1, 3, 3, 3)
print((fusedT(z) - bn2(convT(z))).abs().max().item() < 1e-5)
message(lambda: nn.utils.fuse_conv_bn_eval(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3)))
result = fused(x)
"""),
    _case("fuse_linear_bn_and_weights", """
torch.manual_seed(19)
lin = nn.Linear(3, 4)
bn = nn.BatchNorm1d(4)
x = torch.randn(8, 3)
bn(lin(x))
lin.eval()
bn.eval()
fused = nn.utils.fuse_linear_bn_eval(lin, bn)
print(fused, (fused(x) - bn(lin(x))).abs().max().item() < 1e-5)
show('w', fused.weight)
show('b', fused.bias)
message(lambda: nn.utils.fuse_linear_bn_eval(lin, nn.BatchNorm1d(3).eval()))
message(lambda: nn.utils.fuse_linear_bn_eval(nn.Linear(3, 4), bn))
w, b = nn.utils.fuse_conv_bn_weights(torch.ones(2, 1, 1), None, torch.tensor([1.0, 2.0]),
                                     torch.tensor([4.0, 1.0]), 0.0, None, None)
print(type(w).__name__, w.requires_grad, b.requires_grad)
show('w', w)
show('b', b)
w, b = nn.utils.fuse_linear_bn_weights(torch.ones(2, 2, dtype=torch.float64), None,
                                       torch.zeros(2), torch.ones(2), 0.0, torch.tensor([2.0, 3.0]),
                                       torch.tensor([1.0, 1.0]))
print(w.dtype, b.dtype)
show('w', w)
result = fused(x)
"""),
    # ------------------------------------------------------------------ skip_init, memory format
    _case("skip_init", """
torch.manual_seed(20)
m = nn.utils.skip_init(nn.Linear, 5, 3)
print(m, m.weight.shape, m.bias.shape, m.weight.requires_grad, type(m.weight).__name__)
print(torch.rand(3))
m2 = nn.utils.skip_init(nn.Linear, in_features=6, out_features=1, bias=False)
print(m2, m2.bias)
bn = nn.utils.skip_init(nn.BatchNorm1d, 4)
print(bn, [tuple(b.shape) for b in bn.buffers()], bn.num_batches_tracked.dtype)
message(lambda: nn.utils.skip_init(nn.ReLU))
message(lambda: nn.utils.skip_init(int))
"""),
    _case("convert_weight_memory_format", """
torch.manual_seed(21)
model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Sequential(nn.ConvTranspose2d(4, 2, 2)),
                      nn.Conv3d(1, 2, 2), nn.Linear(2, 2))
before = model[0].weight.detach().clone()
params = list(model.parameters())
out = nn.utils.convert_conv2d_weight_memory_format(model, torch.channels_last)
print(out is model, [p is q for p, q in zip(params, model.parameters())])
print(model[0].weight.stride(), model[2][0].weight.stride(), model[3].weight.stride())
print(model[0].weight.is_contiguous(memory_format=torch.channels_last),
      torch.equal(model[0].weight, before))
print(type(model[0].weight).__name__, model[0].weight.requires_grad)
nn.utils.convert_conv3d_weight_memory_format(model, torch.channels_last_3d)
print(model[3].weight.stride(), model[0].weight.stride())
nn.utils.convert_conv2d_weight_memory_format(model, torch.contiguous_format)
print(model[0].weight.stride())
y = model[0](torch.randn(1, 3, 5, 5))
print(y.shape)
message(lambda: nn.utils.convert_conv3d_weight_memory_format(nn.Conv3d(1, 1, 1),
                                                            torch.channels_last))
message(lambda: nn.utils.convert_conv2d_weight_memory_format(nn.Conv2d(1, 1, 1),
                                                            torch.preserve_format))
"""),
    # ------------------------------------------------------------------ the ops underneath
    _case("weight_norm_ops", """
torch.manual_seed(22)
v = torch.randn(3, 4, 2, dtype=torch.float64, requires_grad=True)
g = torch.rand(3, 1, 1, dtype=torch.float64, requires_grad=True)
w = torch._weight_norm(v, g, 0)
print(w.grad_fn.name(), [type(n).__name__ for n, _ in w.grad_fn.next_functions])
gv, gg = torch.autograd.grad(w.pow(2).sum(), (v, g), create_graph=True)
print(gv.grad_fn.name(), gg.grad_fn.name())
show('gg', gg)
for dim in (1, 2, -1, -2):
    out = torch._weight_norm(v, torch.ones_like(torch.norm_except_dim(v, 2, dim)), dim)
    print(dim, out.grad_fn.name(), torch.norm_except_dim(v, 2, dim).shape,
          torch.norm_except_dim(v, 2, dim).grad_fn.name())
print(torch._weight_norm(v.half(), g.half(), 0).grad_fn.name())
print(torch._weight_norm(v.float(), g.float(), 0).dtype)
message(lambda: torch._weight_norm(v, g.float(), 0))
message(lambda: torch._weight_norm(v, g, 3))
message(lambda: torch._weight_norm(torch.ones(3, 2, dtype=torch.long),
                                   torch.ones(3, 1, dtype=torch.long)))
message(lambda: torch.norm_except_dim(torch.ones(3, 2, dtype=torch.long)))
message(lambda: torch.norm_except_dim(v, 2, 5))
result = torch.norm_except_dim(v, 1, 0)
"""),
    _case("householder_ops", """
torch.manual_seed(23)
A = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
a, tau = torch.geqrf(A)
print(type(torch.geqrf(A)).__name__, a.grad_fn.name(), tau.grad_fn.name(), a.stride())
message(lambda: a.sum().backward())
Q = torch.linalg.householder_product(a.detach(), tau.detach())
print(torch.allclose(Q.T @ Q, torch.eye(3, dtype=torch.float64)), Q.stride())
t = torch.rand(3, dtype=torch.float64, requires_grad=True)
H = torch.linalg.householder_product(A, t)
print(H.grad_fn.name(), torch.orgqr(A, t).grad_fn.name(), A.orgqr(t).grad_fn.name())
gA, gt = torch.autograd.grad((H * H.detach().cos()).sum(), (A, t), create_graph=True)
print(gA.grad_fn.name(), gt.grad_fn.name())
show('gA', gA)
show('gt', gt)
print(torch.linalg.householder_product(torch.randn(2, 4, 3), torch.rand(2, 2)).shape)
print(torch.geqrf(torch.randn(2, 5)).tau.shape, torch.geqrf(torch.randn(2, 3, 4)).a.stride())
message(lambda: torch.geqrf(torch.randn(3)))
message(lambda: torch.geqrf(torch.ones(2, 2, dtype=torch.long)))
message(lambda: torch.linalg.householder_product(torch.randn(3, 4), torch.rand(3)))
message(lambda: torch.linalg.householder_product(torch.randn(4, 3), torch.rand(4)))
message(lambda: torch.linalg.householder_product(torch.randn(4, 3), torch.rand(2, 3)))
message(lambda: torch.linalg.householder_product(torch.randn(2, 4, 3), torch.rand(3, 3)))
message(lambda: torch.linalg.householder_product(torch.randn(4, 3),
                                                 torch.rand(3, dtype=torch.float64)))
message(lambda: torch.linalg.householder_product(torch.randn(3), torch.rand(3)))
message(lambda: torch.linalg.householder_product(torch.randn(4, 3), 2))
result = H
"""),
    _case("tensor_set_", """
a = torch.zeros(2)
b = torch.ones(3)
a.set_(b)
print(a, a._version, b._version, a.data_ptr() == b.data_ptr())
b[0] = 5
print(a)
p = nn.Parameter(torch.zeros(2))
message(lambda: p.set_(torch.ones(2)))
with torch.no_grad():
    p.set_(torch.ones(2, 3))
print(p, type(p).__name__)
x = torch.zeros(2)
print(x.set_().shape, x._version)
message(lambda: torch.zeros(2).set_(torch.ones(2, dtype=torch.float64)))
"""),
    _case("transfer_and_to_empty", """
torch.manual_seed(24)
class Negate(nn.Module):
    def forward(self, X):
        return -X
src = P.register_parametrization(nn.Linear(3, 2), 'weight', Negate())
dst = nn.Linear(3, 2)
P.transfer_parametrizations_and_params(src, dst)
print(dst)
print(torch.equal(dst.weight, src.weight))
m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
params = list(m.parameters())
print(m.to_empty(device='cpu') is m, [p is q for p, q in zip(params, m.parameters())])
print([tuple(t.shape) for t in m.state_dict().values()], m[1].num_batches_tracked.dtype)
print(torch.rand(2))
"""),
    _case("old_spectral_norm_loads_version_0", """
torch.manual_seed(25)
m = nn.utils.spectral_norm(nn.Linear(3, 4))
m.eval()
x = torch.randn(2, 3)
out = m(x)
sd = m.state_dict()
old = dict(sd)
old['weight'] = m.weight.detach().clone()
del old['weight_v']
import collections
old = collections.OrderedDict(old)
old._metadata = collections.OrderedDict(
    {'': {'version': 1, 'spectral_norm': {'weight.version': 0}}})
fresh = nn.utils.spectral_norm(nn.Linear(3, 4))
print(fresh.load_state_dict(old))
fresh.eval()
print(torch.allclose(fresh(x), out, atol=1e-5))
show('v', fresh.weight_v)
"""),
]
