"""nn.Module system cases: registration, traversal, state_dict, hooks, containers, Linear,
Bilinear, LazyLinear, printed models and their errors (ids start with ``nn_module_``).

Parameters are set deterministically with `_fill` (random initialisation is compared
elsewhere), so printed values do not depend on the random stream. Errors are printed as
``type: message`` so the message is compared too.
"""

from __future__ import annotations

# Defines `nn`, `F`, `fill(module)` (deterministic parameters) and `show(fn)` (prints the
# exception an action raises, or its result).
_PRELUDE = """
nn = torch.nn
F = torch.nn.functional
from collections import OrderedDict
def fill(module):
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            n = p.numel()
            p.copy_(torch.linspace(-1.0, 1.0 + 0.1 * i, n, dtype=p.dtype).reshape(p.shape))
    return module
def show(fn):
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__ + ":", e)
def kind(fn):  # for errors whose text names torch internals
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__)
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 3)
        self.act = nn.ReLU()
        self.out = nn.Linear(3, 2)
    def forward(self, x):
        return self.out(self.act(self.hidden(x)))
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nn_module_{name}", _PRELUDE + body


CASES = [
    # ------------------------------------------------------------------ printing
    _case("repr_sequential", """
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8), nn.Linear(8, 2)),
                    nn.Identity(), nn.Bilinear(2, 3, 4), nn.Bilinear(2, 3, 4, bias=False),
                    nn.Linear(2, 2, bias=False), nn.LazyLinear(3))
print(net)
print(nn.Sequential())
print(nn.Identity(54, unused='x'))
"""),
    _case("repr_custom", """
net = MLP()
print(net)
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(OrderedDict([('fc', nn.Linear(2, 2)), ('act', nn.ReLU())]))
        self.skip = None
        self.register_module('extra', nn.Linear(1, 1))
        self.scale = nn.Parameter(torch.ones(1))
    def extra_repr(self):
        return 'scale=1\\nsecond line'
    def forward(self, x):
        return self.net(x)
print(Block())
class Leaf(nn.Module):
    def extra_repr(self):
        return 'k=3'
print(Leaf())
print(nn.Module())
"""),
    _case("repr_module_list_runs", """
print(nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU(), nn.Linear(2, 2)]))
print(nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ReLU(), nn.ReLU()]))
print(nn.ModuleList())
print(nn.ModuleList([nn.Sequential(nn.Linear(1, 1)), nn.Sequential(nn.Linear(1, 1))]))
print(nn.ModuleDict({'a': nn.ReLU(), 'b': nn.Linear(1, 1)}))
print(nn.ModuleDict())
"""),
    _case("repr_parameter_containers", """
print(nn.ParameterList([nn.Parameter(torch.ones(2)),
                        nn.Parameter(torch.ones(2, 3, dtype=torch.float64)), torch.zeros(4)]))
print(nn.ParameterList())
pd = nn.ParameterDict({'b': nn.Parameter(torch.ones(2)), 'a': torch.zeros(3, 1)})
print(pd)
print(list(pd.keys()), type(pd['a']).__name__)
print(nn.ParameterDict())
"""),
    _case("repr_parameter", """
p = nn.Parameter(torch.tensor([1.0, 2.0]))
print(p)
print(repr(p))
print(nn.Parameter(torch.tensor(3.0, dtype=torch.float64)))
print(nn.Parameter(torch.ones(2), requires_grad=False))
print(nn.Parameter())
print(type(p * 2).__name__, (p * 2))
print(isinstance(p, torch.Tensor), p.is_leaf, p.requires_grad, type(p.data).__name__,
      type(p.detach()).__name__)
"""),
    _case("parameter_shares_memory", """
t = torch.zeros(3)
p = nn.Parameter(t)
with torch.no_grad():
    p[0] = 5.0
print(t, p._version == t._version)
x = torch.ones(2, requires_grad=True) * 2
q = nn.Parameter(x)
print(q.is_leaf, q.grad_fn, q.requires_grad)
show(lambda: nn.Parameter(torch.tensor([1, 2])))
print(nn.Parameter(torch.tensor([1, 2]), requires_grad=False))
"""),
    # ------------------------------------------------------------------ registration
    _case("registration_order", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.b = nn.Parameter(torch.zeros(2))
        self.register_buffer('running', torch.ones(2))
        self.register_buffer('temp', torch.ones(1), persistent=False)
        self.child = nn.Linear(2, 1)
        self.a = nn.Parameter(torch.ones(1))
        self.register_parameter('none_param', None)
        self.register_buffer('none_buf', None)
        self.plain = 3
    def forward(self, x):
        return x
net = fill(Net())
print([n for n, _ in net.named_parameters()])
print([n for n, _ in net.named_buffers()])
print([n for n, _ in net.named_children()], [n for n, _ in net.named_modules()])
print(list(net.state_dict().keys()))
print(net.none_param, net.none_buf, net.plain, net.running)
print([n for n, _ in net.named_parameters(recurse=False)],
      [n for n, _ in net.named_parameters(prefix='m')])
"""),
    _case("shared_parameters", """
shared = nn.Linear(2, 2)
net = nn.Sequential(shared, nn.ReLU(), shared)
print([n for n, _ in net.named_parameters()], len(list(net.parameters())))
print([n for n, _ in net.named_modules()], len(list(net.modules())), len(list(net.children())))
print(list(net.state_dict().keys()))
print([n for n, _ in net.named_parameters(remove_duplicate=False)])
print([n for n, _ in net.named_modules(remove_duplicate=False)])
class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(3, 2, bias=False)
        self.dec = nn.Linear(2, 3, bias=False)
        self.dec.weight = nn.Parameter(torch.zeros(3, 2))
        self.w2 = self.enc.weight
m = Tied()
print([n for n, _ in m.named_parameters()], list(m.state_dict().keys()))
"""),
    _case("reassign_kinds", """
m = nn.Module()
m.x = nn.Parameter(torch.ones(1))
m.x = None
print(list(m._parameters.items()))
m.y = nn.Linear(1, 1)
show(lambda: setattr(m, 'y', 3))
m.y = None
print(m)
m.register_buffer('buf', torch.zeros(1))
m.buf = torch.ones(2)
print(m.buf, list(m.state_dict().keys()))
show(lambda: setattr(m, 'buf', 3))
m.z = nn.Parameter(torch.ones(1))
del m.z
show(lambda: m.z)
m.w = nn.Buffer(torch.arange(3.0))
m.v = nn.Buffer(torch.zeros(1), persistent=False)
print(type(m.w).__name__, m.w, list(m.state_dict().keys()), [n for n, _ in m.named_buffers()])
"""),
    _case("assign_tensor_to_parameter", """
lin = nn.Linear(2, 2)
show(lambda: setattr(lin, 'weight', torch.zeros(2, 2)))
show(lambda: setattr(lin, 'weight', torch.zeros(2, 2, dtype=torch.float64)))
show(lambda: setattr(lin, 'weight', 1.0))
lin.weight = nn.Parameter(torch.zeros(2, 2))
print(lin.weight)
"""),
    _case("registration_errors", """
m = nn.Module()
show(lambda: m.register_parameter('a.b', nn.Parameter(torch.ones(1))))
show(lambda: m.register_parameter('', nn.Parameter(torch.ones(1))))
show(lambda: m.register_parameter(1, nn.Parameter(torch.ones(1))))
show(lambda: m.register_parameter('t', torch.ones(1)))
show(lambda: m.register_parameter('training', nn.Parameter(torch.ones(1))))
show(lambda: m.register_parameter('nl', nn.Parameter(torch.ones(1, requires_grad=True) * 2)))
show(lambda: m.register_buffer('a.b', torch.ones(1)))
show(lambda: m.register_buffer('', torch.ones(1)))
show(lambda: m.register_buffer('b', 3))
show(lambda: m.register_buffer('training', torch.ones(1)))
show(lambda: m.add_module('a.b', nn.ReLU()))
show(lambda: m.add_module('', nn.ReLU()))
show(lambda: m.add_module('x', 3))
show(lambda: m.add_module(2, nn.ReLU()))
show(lambda: m.missing)
show(lambda: nn.Linear(2, 2).wieght)
class Early(nn.Module):
    def __init__(self):
        self.w = nn.Parameter(torch.ones(1))
show(Early)
class EarlyModule(nn.Module):
    def __init__(self):
        self.c = nn.ReLU()
show(EarlyModule)
class EarlyBuffer(nn.Module):
    def __init__(self):
        self.register_buffer('b', torch.ones(1))
show(EarlyBuffer)
class TooMany(nn.Module):
    def __init__(self):
        super().__init__(3)
show(TooMany)
class Keyword(nn.Module):
    def __init__(self):
        super().__init__(size=3)
show(Keyword)
"""),
    _case("no_forward", """
class NoForward(nn.Module):
    pass
show(lambda: NoForward()(torch.ones(1)))
show(lambda: nn.ModuleList([nn.ReLU()])(torch.ones(1)))
show(lambda: nn.Module()(1))
"""),
    # ------------------------------------------------------------------ traversal and modes
    _case("train_eval_apply", """
net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU(), nn.Linear(2, 1)))
print(net.training, net[1][0].training)
print(net.eval() is net, [m.training for m in net.modules()])
net.train()
print([m.training for m in net.modules()])
net[1].train(False)
print([m.training for m in net.modules()])
show(lambda: net.train('yes'))
names = []
def visit(m):
    names.append(type(m).__name__)
print(net.apply(visit) is net, names)
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.constant_(m.weight, 0.5)
        nn.init.zeros_(m.bias)
net.apply(init_weights)
print(net[0].weight, net[1][1].bias)
"""),
    _case("requires_grad_zero_grad", """
net = fill(nn.Linear(3, 2))
out = net(torch.ones(4, 3)).sum()
out.backward()
print(net.weight.grad, net.bias.grad)
net.zero_grad(set_to_none=False)
print(net.weight.grad, net.bias.grad)
net(torch.ones(1, 3)).sum().backward()
net.zero_grad()
print(net.weight.grad, net.bias.grad)
print(net.requires_grad_(False) is net, [p.requires_grad for p in net.parameters()])
print(net(torch.ones(1, 3)).requires_grad)
"""),
    _case("get_submodule", """
net = nn.Sequential(OrderedDict([('enc', MLP()), ('head', nn.Linear(2, 1))]))
print(net.get_submodule('enc.hidden'))
print(net.get_parameter('enc.out.bias').shape, net.get_submodule('') is net)
show(lambda: net.get_submodule('enc.missing'))
show(lambda: net.get_parameter('enc.act'))
"""),
    # ------------------------------------------------------------------ dtype and device
    _case("to_dtype", """
class WithBuffers(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 2)
        self.register_buffer('count', torch.tensor(3))
        self.register_buffer('mean', torch.zeros(2))
m = WithBuffers()
w = m.lin.weight
print(m.double() is m, m.lin.weight.dtype, m.count.dtype, m.mean.dtype, m.lin.weight is w)
print(m.float().lin.weight.dtype, m.half().lin.bias.dtype, m.mean.dtype)
print(m.to(torch.float64).lin.weight.dtype, m.to('cpu') is m,
      m.to(device='cpu', dtype=torch.float32).mean.dtype)
print(m.to(torch.zeros(1, dtype=torch.float64)).lin.weight.dtype)
print(m.to(torch.device('cpu')).count.dtype, m.cpu() is m)
show(lambda: m.to(torch.int64))
m.lin(torch.ones(1, 2, dtype=torch.float64)).sum().backward()
m.float()
print(m.lin.weight.grad.dtype)
"""),
    # ------------------------------------------------------------------ state_dict
    _case("state_dict_values", """
net = fill(MLP())
sd = net.state_dict()
print(type(sd).__name__, list(sd.keys()))
print(sd['hidden.weight'])
print(sd['out.bias'].requires_grad, sd['out.bias'].grad_fn)
sd['out.bias'][0] = 100.0
print(net.out.bias)
kv = net.state_dict(keep_vars=True)
print(kv['out.bias'] is net.out.bias, type(kv['out.bias']).__name__)
print(list(net.state_dict(prefix='model.').keys()))
print(list(nn.Sequential(net).state_dict().keys()))
print(sd._metadata)
"""),
    _case("load_state_dict", """
src = fill(MLP())
dst = MLP()
print(dst.load_state_dict(src.state_dict()))
print(dst.out.weight)
print(torch.equal(dst.hidden.weight, src.hidden.weight), dst.hidden.weight is not src.hidden.weight)
sd = src.state_dict()
del sd['out.bias']
sd['extra.weight'] = torch.ones(1)
sd['hidden.junk'] = torch.ones(1)
res = dst.load_state_dict(sd, strict=False)
print(res)
print(res.missing_keys, res.unexpected_keys)
show(lambda: dst.load_state_dict(sd))
"""),
    _case("load_state_dict_shape_mismatch", """
dst = MLP()
sd = fill(MLP()).state_dict()
sd['hidden.weight'] = torch.zeros(3, 5)
show(lambda: dst.load_state_dict(sd))
show(lambda: dst.load_state_dict(sd, strict=False))
sd['out.bias'] = 3.0
show(lambda: dst.load_state_dict(sd, strict=False))
show(lambda: dst.load_state_dict([1, 2]))
print(nn.Linear(2, 2).load_state_dict({'weight': torch.ones(2, 2), 'bias': torch.ones(2)}))
"""),
    _case("load_state_dict_key_kinds", """
lin = fill(nn.Linear(2, 2))
sd = lin.state_dict()
show(lambda: lin.load_state_dict({**sd, 'weight.x': torch.ones(1)}))
print(lin.load_state_dict({**sd, 'weight.x': torch.ones(1)}, strict=False))
seq = nn.Sequential(nn.Linear(1, 1))
show(lambda: seq.load_state_dict({**seq.state_dict(), '0': torch.ones(1), '1.w': torch.ones(1)}))
class Scalar(nn.Module):
    def __init__(self):
        super().__init__()
        self.s = nn.Parameter(torch.tensor(1.0))
m = Scalar()
print(m.load_state_dict({'s': torch.tensor([5.0])}), m.s)
show(lambda: m.load_state_dict({'s': torch.tensor([5.0, 6.0])}))
print(type(lin.named_parameters()).__name__, repr(lin.named_parameters()).split(' at ')[0],
      repr(lin.buffers()).split(' at ')[0], repr(lin.named_modules()).split(' at ')[0])
h = lin.register_forward_hook(lambda m, a, o: None)
print(type(h).__name__, type(h).__module__.replace('ember', 'torch'))
"""),
    _case("load_state_dict_assign", """
dst = nn.Linear(2, 2)
w = torch.ones(2, 2, dtype=torch.float64)
print(dst.load_state_dict({'weight': w, 'bias': torch.zeros(2, dtype=torch.float64)}, assign=True))
print(dst.weight, type(dst.weight).__name__, dst.weight.requires_grad)
dst2 = nn.Linear(2, 2)
dst2.load_state_dict({'weight': w, 'bias': torch.zeros(2, dtype=torch.float64)})
print(dst2.weight.dtype)
"""),
    # ------------------------------------------------------------------ hooks
    _case("forward_hooks", """
net = fill(nn.Linear(2, 2))
calls = []
def pre(m, args):
    calls.append(('pre', type(m).__name__, len(args)))
def pre_replace(m, args):
    return args[0] * 0
def post(m, args, out):
    calls.append(('post', tuple(out.shape)))
def post_replace(m, args, out):
    return out + 100
h1 = net.register_forward_pre_hook(pre)
h2 = net.register_forward_hook(post)
print(net(torch.ones(1, 2)))
h3 = net.register_forward_pre_hook(pre_replace)
h4 = net.register_forward_hook(post_replace)
print(net(torch.ones(1, 2)))
h3.remove(); h4.remove()
print(net(torch.ones(1, 2)))
h1.remove(); h2.remove()
net(torch.ones(1, 2))
print(calls)
order = []
net.register_forward_hook(lambda m, a, o: order.append('first'))
net.register_forward_hook(lambda m, a, o: order.append('prepended'), prepend=True)
net(torch.ones(1, 2))
print(order)
def kw_pre(m, args, kwargs):
    return (args[0] * 2,), kwargs
def kw_post(m, args, kwargs, out):
    return out * 0 + len(kwargs)
net2 = fill(nn.Linear(2, 1))
net2.register_forward_pre_hook(kw_pre, with_kwargs=True)
print(net2(torch.ones(1, 2)))
net2.register_forward_hook(kw_post, with_kwargs=True)
print(net2(torch.ones(1, 2)))
"""),
    _case("hook_handle_context", """
net = nn.Identity()
seen = []
with net.register_forward_hook(lambda m, a, o: seen.append(1)):
    net(torch.ones(1))
net(torch.ones(1))
print(seen)
"""),
    _case("full_backward_hooks", """
class M(nn.Module):
    def forward(self, x, k, y):
        return x * k + y, x - y
def as_lists(grads):
    return [None if g is None else g.tolist() for g in grads]
def hook(mod, gi, go):
    print('hook', type(mod).__name__, as_lists(gi), as_lists(go))
def pre(mod, go):
    print('pre', as_lists(go))
m = M()
m.register_full_backward_pre_hook(pre)
h = m.register_full_backward_hook(hook)
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = torch.tensor([3.0, 4.0])
a, b = m(x, 3, y)
print(a.grad_fn.name(), b.grad_fn.name())
(a.sum() + 2 * b.sum()).backward()
print(x.grad)
x.grad = None
a, b = m(x, 3, y)
a.sum().backward()
print(x.grad)
h.remove()
m(x, 3, y)[0].sum().backward()
lin = fill(nn.Linear(2, 1))
lin.register_full_backward_hook(hook)
lin(torch.ones(1, 2)).sum().backward()
lin2 = fill(nn.Linear(2, 1))
lin2.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))
x = torch.ones(1, 2, requires_grad=True)
lin2(x).sum().backward()
print(x.grad, lin2.weight.grad)
lin3 = fill(nn.Linear(2, 1))
lin3.register_full_backward_pre_hook(lambda m, go: (go[0] * 0,))
x = torch.ones(1, 2, requires_grad=True)
lin3(x).sum().backward()
print(x.grad, lin3.weight.grad)
seq = fill(nn.Sequential(nn.Linear(2, 2), nn.ReLU()))
seq.register_full_backward_hook(hook)
seq(torch.ones(1, 2, requires_grad=True)).sum().backward()
with torch.no_grad():
    print(seq(torch.ones(1, 2)).grad_fn)
lin2.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
show(lambda: lin2(torch.ones(1, 2, requires_grad=True)).sum().backward())
"""),
    # ------------------------------------------------------------------ containers
    _case("sequential_indexing", """
net = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 3), nn.Tanh())
print(net[0], net[-1], len(net))
print(net[1:3])
print(net[::2])
print(type(net[1:]).__name__, [type(m).__name__ for m in net])
show(lambda: net[4])
show(lambda: net[-5])
net[1] = nn.Sigmoid()
print(net)
del net[0]
print(net)
net.append(nn.ReLU())
net.insert(0, nn.Identity())
net.extend([nn.Linear(3, 3)])
print(net)
print(net.pop(1))
print(net)
show(lambda: net.insert(10, nn.ReLU()))
named = nn.Sequential(OrderedDict([('fc', nn.Linear(1, 2)), ('act', nn.ReLU())]))
print(named.fc, named[0] is named.fc, named[1:])
print(nn.Sequential(nn.ReLU()) + nn.Sequential(nn.Tanh()))
"""),
    _case("sequential_forward", """
net = fill(nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)))
x = torch.tensor([[1.0, -2.0, 0.5], [0.0, 1.0, 2.0]])
y = net(x)
print(y)
y.sum().backward()
print(net[0].weight.grad)
print(net[2].bias.grad)
"""),
    _case("module_list_dict", """
layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
print(len(layers), layers[-1] is layers[2], type(layers[1:]).__name__, len(layers[1:]))
layers.append(nn.ReLU())
layers.extend([nn.Tanh()])
layers.insert(1, nn.Sigmoid())
print([type(m).__name__ for m in layers])
del layers[0]
print([n for n, _ in layers.named_children()])
layers += [nn.ReLU()]
print(len(layers), [n for n, _ in layers.named_parameters()])
show(lambda: layers[10])
show(lambda: layers.extend(3))
d = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Linear(1, 1)})
print(list(d.keys()), 'a' in d, len(d))
d['c'] = nn.Tanh()
d.update([('e', nn.ReLU())])
print(list(d), [n for n, _ in d.named_parameters()])
print(d.pop('b'), list(d.keys()))
show(lambda: d.update(3))
class Holder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 1)])
        self.heads = nn.ModuleDict({'x': nn.Linear(1, 1)})
    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.heads['x'](x)
h = fill(Holder())
print(list(h.state_dict().keys()))
print(h(torch.ones(3, 2)))
"""),
    _case("parameter_list_dict", """
pl = nn.ParameterList([nn.Parameter(torch.ones(2)), torch.zeros(3)])
print(type(pl[1]).__name__, pl[1].requires_grad, len(pl))
pl.append(nn.Parameter(torch.ones(1)))
print([n for n, _ in pl.named_parameters()])
pl[0] = torch.full((2,), 3.0)
print(pl[0])
pd = nn.ParameterDict({'w': nn.Parameter(torch.ones(2))})
pd['b'] = torch.zeros(1)
pd.update({'z': torch.ones(1), 'c': torch.ones(1)})
print(list(pd.keys()), [n for n, _ in pd.named_parameters()], 'w' in pd)
print(pd.pop('w').shape, len(pd))
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.ps = nn.ParameterList([nn.Parameter(torch.ones(2)) for _ in range(2)])
    def forward(self, x):
        for p in self.ps:
            x = x * p
        return x
n = Net()
print(n(torch.full((2,), 2.0)), list(n.state_dict().keys()))
"""),
    # ------------------------------------------------------------------ Linear and friends
    _case("linear_forward_backward", """
lin = fill(nn.Linear(3, 2))
x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]], requires_grad=True)
y = lin(x)
print(y)
y.backward(torch.ones_like(y))
print(x.grad, lin.weight.grad, lin.bias.grad)
print(lin(torch.ones(3)).grad_fn.name(), lin(torch.ones(4, 5, 3)).grad_fn.name())
print(lin(torch.ones(5, 4, 3).transpose(0, 1)).grad_fn.name())
nb = fill(nn.Linear(3, 2, bias=False))
print(nb(torch.ones(3)).grad_fn.name(), nb(torch.ones(2, 3)).grad_fn.name(),
      nb(torch.ones(4, 5, 3)).grad_fn.name())
print(nb.bias, lin.in_features, lin.out_features, lin.weight.shape, lin.bias.shape)
print(fill(nn.Linear(3, 2, dtype=torch.float64))(torch.ones(1, 3, dtype=torch.float64)))
print(nn.Linear(2, 0).weight.shape, nn.Linear(0, 2).weight.shape)
"""),
    _case("linear_errors", """
show(lambda: nn.Linear(4, 3)(torch.ones(2, 5)))
show(lambda: nn.Linear(4, 3)(torch.ones(5)))
show(lambda: nn.Linear(4, 3)(torch.ones(2, 3, 5)))
show(lambda: nn.Linear(4, 3, bias=False)(torch.ones(2, 3, 5)))
show(lambda: nn.Linear(4, 3)(torch.ones(2, 4, dtype=torch.float64)))
show(lambda: nn.Linear(4, 3)(torch.tensor(1.0)))
show(lambda: F.linear(torch.ones(2, 4), torch.ones(3, 4), torch.ones(2)))
"""),
    _case("functional_linear", """
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
w = torch.tensor([[0.5, -1.0], [2.0, 0.25], [1.0, 1.0]], requires_grad=True)
b = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)
y = F.linear(x, w, b)
print(y)
(y * torch.arange(6.0).reshape(2, 3)).sum().backward()
print(x.grad, w.grad, b.grad)
print(F.linear(torch.ones(2, 2), w))
print(F.linear(torch.ones(2), torch.ones(2)))
"""),
    _case("bilinear", """
bl = fill(nn.Bilinear(2, 3, 4))
x1 = torch.tensor([[1.0, 2.0], [0.5, -1.0]], requires_grad=True)
x2 = torch.tensor([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]], requires_grad=True)
y = bl(x1, x2)
print(y)
y.sum().backward()
print(x1.grad, x2.grad)
print(bl.weight.grad)
print(bl.weight.shape, y.grad_fn.name())
nb = fill(nn.Bilinear(2, 3, 4, bias=False))
print(nb(x1, x2).grad_fn.name(), nb(torch.ones(2), torch.ones(3)).shape,
      nb(torch.ones(5, 6, 2), torch.ones(5, 6, 3)).shape)
show(lambda: bl(torch.ones(5, 2), torch.ones(4, 3)))
show(lambda: bl(torch.ones(5, 3), torch.ones(5, 3)))
show(lambda: bl(torch.ones(5, 2), torch.ones(5, 4)))
show(lambda: F.bilinear(torch.ones(5, 2), torch.ones(5, 3), bl.weight, torch.ones(3)))
"""),
    _case("lazy_linear", """
net = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(2))
print(net)
print(net[0].weight, net[0].has_uninitialized_params(), list(net.state_dict().keys()))
show(lambda: net[0].weight.shape)
kind(lambda: net[0].weight + 1)
kind(lambda: F.linear(torch.ones(2, 2), net[0].weight))
kind(lambda: sum(p.numel() for p in net.parameters()))
print(net[0].weight.dtype, net[0].weight.requires_grad)
y = net(torch.ones(3, 5))
print(y.shape, net, type(net[0]).__name__, net[0].weight.shape, net[2].weight.shape)
print(hasattr(net[0], 'has_uninitialized_params'))
print(sum(p.numel() for p in net.parameters()))
nb = nn.LazyLinear(3, bias=False)
print(nb.bias, nb)
nb(torch.ones(1, 7))
print(nb)
d = nn.LazyLinear(3).double()
d(torch.ones(1, 2, dtype=torch.float64))
print(d.weight.dtype)
"""),
    _case("lazy_linear_load", """
lazy = nn.LazyLinear(3)
res = lazy.load_state_dict(fill(nn.Linear(4, 3)).state_dict())
print(res, lazy, type(lazy).__name__, lazy.weight.shape)
print(lazy.weight)
show(lambda: nn.Linear(3, 4).load_state_dict(nn.LazyLinear(4).state_dict()))
"""),
    _case("distance_modules", """
x1 = torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 2.0]], requires_grad=True)
x2 = torch.tensor([[0.5, 2.0, -1.0], [1.0, 1.0, 1.0]])
pd = nn.PairwiseDistance(p=1.0, keepdim=True)
cs = nn.CosineSimilarity(dim=0)
print(nn.PairwiseDistance(), pd, nn.CosineSimilarity(), cs)
print(pd.norm, pd.eps, pd.keepdim, cs.dim, cs.eps)
d = pd(x1, x2)
c = cs(x1, x2)
print(d, c)
(d.sum() + c.sum()).backward()
print(x1.grad)
"""),
    # ------------------------------------------------------------------ copying
    _case("deepcopy_pickle", """
import copy, pickle, io
net = fill(nn.Sequential(nn.Linear(2, 2), nn.ReLU()))
net[0].register_buffer('count', torch.tensor(1))
clone = copy.deepcopy(net)
print(clone, clone[0].weight is net[0].weight, torch.equal(clone[0].weight, net[0].weight))
print(type(clone[0].weight).__name__, clone[0].weight.requires_grad, clone[0].count)
with torch.no_grad():
    clone[0].weight.fill_(0)
print(net[0].weight.sum())
restored = pickle.loads(pickle.dumps(net))
print(restored, restored[0].bias)
shared = nn.Linear(1, 1)
tied = copy.deepcopy(nn.Sequential(shared, shared))
print(tied[0] is tied[1], tied[0].weight is tied[1].weight)
lazy = copy.deepcopy(nn.LazyLinear(2))
print(lazy(torch.ones(1, 3)).shape, lazy)
"""),
    # nn.DataParallel without CUDA devices: torch keeps no device ids and runs the module
    _case("data_parallel_without_devices", """
import io
torch.manual_seed(0)
m = nn.DataParallel(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)))
print(m)
print(list(m.state_dict()))
print(m.device_ids, [k for k in vars(m) if not k.startswith('_')])
out = m(torch.ones(3, 2)); print(out)
out.sum().backward(); print(m.module[0].weight.grad)
m.eval(); print(m.module.training, m.training)
print(nn.parallel.DataParallel is nn.DataParallel)
print(nn.DataParallel(nn.Linear(1, 1), device_ids=[0]).device_ids)
buf = io.BytesIO(); torch.save(m.state_dict(), buf); buf.seek(0)
plain = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
sd = {k.removeprefix("module."): v for k, v in torch.load(buf).items()}
print(plain.load_state_dict(sd))
try:
    nn.parallel.data_parallel(nn.Linear(2, 1), torch.ones(1, 2))
except RuntimeError as e:
    print(e)
"""),
    # integer devices name an accelerator, which a CPU-only torch refuses; linear's
    # arguments that are not tensors (a loader yielding dicts into a model)
    _case("integer_devices_and_linear_argument_types", """
for call in (lambda: torch.ones(2).to(0), lambda: nn.Linear(2, 2).to(1),
             lambda: torch.device(0), lambda: torch.ones(2, device=0),
             lambda: F.linear({'a': 1}, torch.ones(2, 2)),
             lambda: F.linear(torch.ones(2), [1, 2]),
             lambda: F.linear(torch.ones(2), torch.ones(2, 2), 3),
             lambda: F.linear(torch.ones(2), None)):
    try:
        call()
    except (RuntimeError, TypeError) as e:
        print(type(e).__name__, e)
print(F.linear(torch.ones(2), torch.ones(3, 2), None))
"""),
]
