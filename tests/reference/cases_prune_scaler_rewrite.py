"""`torch.nn.utils.prune` and `torch.amp.GradScaler`, recorded from torch 2.13 as the spec for
ember's own rewrite of both modules: the masks and the number of entries each pruning
function removes for int and float amounts (with Python's round-half-even), the bad amounts
and dims with torch's exception types and messages, importance scores, repeated pruning
composed in a PruningContainer, remove(), global pruning; and the scaler's scale / unscale_
/ step / update cycle with and without inf gradients, growth and backoff over several steps,
its state_dict round trip and copies, a disabled scaler, and its misuse errors.

Ids start with ``psr_``.
"""

from __future__ import annotations

_SHOW = '''\
import torch.nn as nn
import torch.nn.utils.prune as prune
def message(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return None
    if isinstance(r, torch.Tensor):
        print(label, r.dtype, list(r.shape), r.tolist())
    elif isinstance(r, nn.Module):
        print(label, type(r).__name__)
    else:
        print(label, type(r).__name__, r)
    return r
def layout(m):
    hooks = [type(h).__name__ for h in m._forward_pre_hooks.values()]
    print(' params', [n for n, _ in m.named_parameters()], 'buffers',
          [n for n, _ in m.named_buffers()], 'hooks', hooks)
def pruned(m, name):
    mask = getattr(m, name + '_mask')
    print(' ', name, 'pruned', int((mask == 0).sum()), 'of', mask.numel(), mask.dtype,
          mask.tolist())
'''

CASES = [
    ("psr_amount_checks", _SHOW + """
for amount in [-1, 1.5, -0.1, '0.3', None, 2 + 0j, True, 0, 1.0, 10 ** 30]:
    message(f'L1Unstructured({amount!r})', lambda: prune.L1Unstructured(amount).amount)
    message(f'RandomStructured({amount!r})', lambda: prune.RandomStructured(amount).amount)
    message(f'LnStructured({amount!r})', lambda: prune.LnStructured(amount, 2).amount)
torch.manual_seed(0)
m = nn.Linear(3, 2)
# too many entries: the error comes when the mask is computed, and the parameter moves back
# (after bias, in the order torch re-registers it)
for fn in [lambda: prune.l1_unstructured(m, 'weight', 7),
           lambda: prune.random_unstructured(m, 'weight', 7),
           lambda: prune.random_structured(m, 'weight', 4, 1),
           lambda: prune.ln_structured(m, 'weight', 3, 2, 0),
           lambda: prune.random_structured(m, 'bias', 0.5, 0),
           lambda: prune.ln_structured(m, 'bias', 1, 1, 0),
           lambda: prune.random_structured(m, 'weight', 0.5, 2),
           lambda: prune.ln_structured(m, 'weight', 0.5, 1, 5),
           lambda: prune.random_structured(m, 'weight', 0.5, -3),
           lambda: prune.ln_structured(m, 'weight', 0.5, 2, -3),
           lambda: prune.l1_unstructured(m, 'weight', 2, importance_scores=torch.ones(2)),
           lambda: prune.ln_structured(m, 'weight', 1, 2, 0, importance_scores=torch.ones(3)),
           lambda: prune.l1_unstructured(m, 'nope', 2),
           lambda: prune.random_unstructured(m, 'weight', -2),
           lambda: prune.l1_unstructured(m, 'weight', 'half')]:
    message('prune', fn)
    layout(m)
print(torch.rand(2))
x = torch.tensor([[3., -1., 2.], [0.5, -4., 1.]])
message('prune() scores', lambda: prune.L1Unstructured(1).prune(x, importance_scores=torch.ones(3)))
message('prune() too many', lambda: prune.L1Unstructured(7).prune(x))
message('structured 1-d', lambda: prune.LnStructured(1, 2).prune(x[0]))
"""),
    ("psr_unstructured_masks", _SHOW + """
# float amounts round half to even: 0.25 * 6 = 1.5 -> 2, 0.75 * 6 = 4.5 -> 4
w = torch.tensor([[0.3, -2.0, 1.5], [-0.1, 0.7, -1.2]])
for amount in [0, 1, 4, 6, 0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 0.417]:
    m = nn.Linear(3, 2)
    with torch.no_grad():
        m.weight.copy_(w)
    prune.l1_unstructured(m, 'weight', amount)
    print('l1', amount, end='')
    pruned(m, 'weight')
torch.manual_seed(3)
for amount in [0, 2, 0.5, 1.0, 0.3]:
    m = nn.Linear(4, 3)
    prune.random_unstructured(m, 'weight', amount)
    print('random', amount, end='')
    pruned(m, 'weight')
    print(' next draw', torch.rand(1).item())
m = nn.Linear(3, 2)
with torch.no_grad():
    m.weight.copy_(w)
# the scores choose the entries; the weight values are what gets masked
prune.l1_unstructured(m, 'weight', 3, importance_scores=torch.arange(6.).view(2, 3))
pruned(m, 'weight')
print(m.weight)
layout(m)
print(m.weight_orig is dict(m.named_parameters())['weight_orig'], type(m.weight).__name__,
      m.weight.grad_fn.__class__.__name__, m.weight_mask.requires_grad)
m(torch.ones(1, 3)).sum().backward()
print(m.weight_orig.grad)
d = nn.Linear(2, 2).double()
prune.random_unstructured(d, 'bias', 1)
print(d.bias_mask.dtype, d.bias.dtype)
"""),
    ("psr_structured_masks", _SHOW + """
torch.manual_seed(5)
conv = nn.Conv2d(3, 4, 2)
w0 = conv.weight.detach().clone()
for dim in [0, 1, 2, -1, -4]:
    for amount in [0, 1, 0.5, 0.34]:
        c = nn.Conv2d(3, 4, 2)
        with torch.no_grad():
            c.weight.copy_(w0)
        prune.random_structured(c, 'weight', amount, dim)
        keep = (c.weight_mask != 0).sum(dim=[d for d in range(4) if d != dim % 4])
        print('random', dim, amount, 'channels kept', keep.tolist(), 'next',
              round(torch.rand(1).item(), 6))
# (not n=0: every channel then has the same count, and which of equal values topk picks is
# torch's sort order, a documented difference)
for n in [1, 2, 3, float('inf'), float('-inf'), 0.5, -1]:
    for dim in [0, 1, -1]:
        c = nn.Conv2d(3, 4, 2)
        with torch.no_grad():
            c.weight.copy_(w0)
        prune.ln_structured(c, 'weight', 0.5, n, dim)
        keep = (c.weight_mask != 0).sum(dim=[d for d in range(4) if d != dim % 4])
        print('ln', n, dim, 'channels kept', keep.tolist())
message('fro on 4-d, pruning none',
        lambda: prune.LnStructured(0, 'fro', 0).compute_mask(w0, torch.ones_like(w0)))
for n in ['fro', 2]:
    lin = nn.Linear(4, 3)
    prune.ln_structured(lin, 'weight', 1, n, 0)
    pruned(lin, 'weight')
lin = nn.Linear(4, 3)
scores = torch.tensor([[1., 1., 1., 1.], [9., 9., 9., 9.], [2., 2., 2., 2.]])
prune.ln_structured(lin, 'weight', 2, 1, 0, importance_scores=scores)
pruned(lin, 'weight')
x = torch.tensor([[3., -1., 2.], [0.5, -4., 1.]])
print(prune.LnStructured(1, 1, dim=0).prune(x))
print(prune.LnStructured(1, 1, dim=1).prune(
    x, default_mask=torch.tensor([[1., 0., 1.], [1., 1., 1.]])))
print(prune.LnStructured(0, 2, dim=1).compute_mask(x, torch.ones(2, 3)))
print(prune.RandomStructured(0).compute_mask(x, torch.ones(2, 3)))
"""),
    ("psr_container", _SHOW + """
torch.manual_seed(7)
m = nn.Linear(5, 4)
prune.l1_unstructured(m, 'weight', 0.25)
pruned(m, 'weight')
prune.random_structured(m, 'weight', 1, 0)
pruned(m, 'weight')
prune.ln_structured(m, 'weight', 0.5, 2, 1)
pruned(m, 'weight')
prune.random_unstructured(m, 'weight', 3)
pruned(m, 'weight')
prune.identity(m, 'weight')
pruned(m, 'weight')
prune.custom_from_mask(m, 'weight', torch.tensor([[0, 1, 1, 1, 1]] * 4))
pruned(m, 'weight')
layout(m)
hook = [h for h in m._forward_pre_hooks.values() if h._tensor_name == 'weight'][0]
print(type(hook).__name__, len(hook), [type(x).__name__ for x in hook], type(hook[2]).__name__)
print(torch.equal(m.weight, m.weight_orig * m.weight_mask))
# structured after a structured pruning: only the channels still alive compete
s = nn.Linear(3, 6)
prune.ln_structured(s, 'weight', 2, 1, 0)
prune.ln_structured(s, 'weight', 2, 1, 0)
prune.random_structured(s, 'weight', 1, 0)
pruned(s, 'weight')
message('too many left', lambda: prune.ln_structured(s, 'weight', 2, 1, 0))
layout(s)
s = nn.Linear(3, 2)
prune.l1_unstructured(s, 'weight', 1)
message('bad amount later', lambda: prune.l1_unstructured(s, 'weight', -1))
layout(s)
s = nn.Linear(3, 2)
prune.l1_unstructured(s, 'weight', 1)
message('dim past the end', lambda: prune.random_structured(s, 'weight', 1, 5))
message('dim before the start', lambda: prune.random_structured(s, 'weight', 1, -5))
layout(s)
# a second hook for the same tensor registered by hand
h = nn.Linear(2, 2)
prune.l1_unstructured(h, 'weight', 1)
h.register_forward_pre_hook(prune.Identity())
list(h._forward_pre_hooks.values())[-1]._tensor_name = 'weight'
message('two hooks', lambda: prune.l1_unstructured(h, 'weight', 1))
a = prune.L1Unstructured(0.3)
a._tensor_name = 'w'
b = prune.L1Unstructured(0.3)
b._tensor_name = 'v'
c = prune.PruningContainer(a)
print(c._tensor_name, len(c))
try:
    c.add_pruning_method(b)
except ValueError as e:
    print('ValueError', str(e).split(' to ')[0], '|', str(e).split('. ')[-1])
message('add int', lambda: c.add_pruning_method(3))
message('add None', lambda: c.add_pruning_method(None))
print(len(c), c[-1])
message('no name', lambda: prune.PruningContainer(a, a))
message('empty', lambda: len(prune.PruningContainer()))
class Odd(prune.BasePruningMethod):
    PRUNING_TYPE = 'weird'
    def compute_mask(self, t, default_mask):
        return default_mask
class NoDim(Odd):
    PRUNING_TYPE = 'structured'
for cls in [Odd, NoDim]:
    meth = cls()
    meth._tensor_name = 'w'
    cont = prune.PruningContainer(a)
    cont.add_pruning_method(meth)
    message(cls.__name__, lambda: cont.compute_mask(torch.ones(2, 2), torch.ones(2, 2)))
"""),
    ("psr_remove", _SHOW + """
torch.manual_seed(11)
model = nn.Sequential(nn.Linear(3, 3), nn.Sequential(nn.Linear(3, 2)))
print(prune.is_pruned(model))
prune.l1_unstructured(model[1][0], 'weight', 2)
prune.random_unstructured(model[1][0], 'weight', 1)
prune.l1_unstructured(model[1][0], 'bias', 1)
print(prune.is_pruned(model), prune.is_pruned(model[0]))
lin = model[1][0]
expected = lin.weight.detach().clone()
layout(lin)
out = prune.remove(lin, 'weight')
print(out is lin)
layout(lin)
print(type(lin.weight).__name__, lin.weight.requires_grad, torch.equal(lin.weight, expected))
message('again', lambda: prune.remove(lin, 'weight'))
message('never', lambda: prune.remove(model[0], 'weight'))
prune.remove(lin, 'bias')
layout(lin)
print(prune.is_pruned(model))
message('apply_mask unnamed', lambda: prune.L1Unstructured(1).apply_mask(lin))
message('remove unnamed', lambda: prune.L1Unstructured(1).remove(lin))
# the pre-hook recomputes the weight from weight_orig before every call
p = nn.Linear(2, 1)
prune.custom_from_mask(p, 'weight', torch.tensor([[1, 0]]))
with torch.no_grad():
    p.weight_orig.fill_(3.0)
print(p.weight.tolist(), p(torch.ones(1, 2)).item() - p.bias.item(), p.weight.tolist())
prune.remove(p, 'weight')
print(p.weight.tolist(), [n for n, _ in p.named_parameters()])
"""),
    ("psr_global", _SHOW + """
torch.manual_seed(13)
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
params = [(net[0], 'weight'), (net[2], 'weight'), (net[2], 'bias')]
print(prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=0.4))
for mod, name in params:
    pruned(mod, name)
layout(net[2])
prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=3)
for mod, name in params:
    pruned(mod, name)
hook = list(net[2]._forward_pre_hooks.values())[0]
print(type(hook).__name__, [type(x).__name__ for x in hook])
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
params = ((net[0], 'weight'), (net[2], 'weight'))
scores = {(net[0], 'weight'): torch.arange(12.).view(3, 4)}
prune.global_unstructured(params, pruning_method=prune.L1Unstructured,
                          importance_scores=scores, amount=5)
for mod, name in params:
    pruned(mod, name)
prune.global_unstructured(params, pruning_method=prune.RandomUnstructured, amount=0.5)
for mod, name in params:
    pruned(mod, name)
print(torch.rand(1))
message('not iterable', lambda: prune.global_unstructured(3, prune.L1Unstructured, amount=1))
message('scores list', lambda: prune.global_unstructured(params, prune.L1Unstructured,
                                                         importance_scores=[1], amount=1))
try:
    prune.global_unstructured(params, prune.RandomStructured, amount=1)
except TypeError as e:  # (the class prints under its own module's name)
    print('structured', str(e).split(' <class')[0], '|', str(e).rsplit(' of type ', 1)[1])
message('too many', lambda: prune.global_unstructured(params, prune.L1Unstructured,
                                                      amount=100))
message('bad kw', lambda: prune.global_unstructured(params, prune.L1Unstructured))
layout(net[0])
"""),
    ("psr_custom_method", _SHOW + """
class EveryOther(prune.BasePruningMethod):
    PRUNING_TYPE = 'unstructured'
    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::2] = 0
        return mask
torch.manual_seed(17)
m = nn.Linear(3, 3)
meth = EveryOther.apply(m, 'bias')
print(type(meth).__name__, meth._tensor_name)
pruned(m, 'bias')
meth2 = EveryOther.apply(m, 'bias')
print(type(meth2).__name__, len(meth2), meth2[0] is meth)
pruned(m, 'bias')
ident = prune.Identity.apply(m, 'weight')
print(type(ident).__name__, m.weight_mask.sum().item())
cm = prune.CustomFromMask.apply(m, 'weight', mask=torch.eye(3))
print(type(cm).__name__, [type(x).__name__ for x in cm])
pruned(m, 'weight')
message('mask shape', lambda: prune.CustomFromMask(torch.tensor([1, 0])).compute_mask(
    torch.ones(3), torch.ones(3)))
print(prune.CustomFromMask(torch.tensor([True, False, True])).compute_mask(
    torch.ones(3), torch.ones(3, dtype=torch.float64)))
print(prune.Identity().prune(torch.tensor([1., 2.])))
print(prune.RandomUnstructured(1).prune(torch.tensor([1., 2., 3.]),
                                        default_mask=torch.tensor([1., 0., 1.])))
print(torch.rand(1))
r = prune.L1Unstructured.apply(nn.Linear(2, 2), 'weight', amount=1, importance_scores=None)
print(type(r).__name__, r.amount, r._tensor_name)
"""),
    ("psr_scaler_cycle", """
import torch.nn as nn
torch.manual_seed(19)
model = nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler('cpu', init_scale=8.0, growth_factor=3.0, backoff_factor=0.25,
                              growth_interval=2)
print(scaler._scale, scaler.get_scale(), scaler._get_growth_tracker())
x = torch.randn(4, 3)
for step in range(9):
    opt.zero_grad()
    loss = model(x).pow(2).mean()
    scaled = scaler.scale(loss)
    scaled.backward()
    raw = model.weight.grad[0, 0].item()
    if step in (2, 6):
        model.bias.grad[1] = float('inf')
    if step == 5:
        model.weight.grad[1, 2] = float('nan')
    if step % 2 == 0:
        scaler.unscale_(opt)
        print(' unscaled', round(model.weight.grad[0, 0].item(), 5), round(raw, 4))
    before = model.weight.detach().clone()
    ret = scaler.step(opt)
    scaler.update()
    print(step, round(scaled.item(), 4), scaled.dtype, ret,
          torch.equal(before, model.weight), scaler.get_scale(), scaler._scale.dtype,
          scaler._growth_tracker, scaler._get_growth_tracker())
print(model.bias.grad)
# two optimizers: an inf in either skips only that one's step, the update backs off
a, b = nn.Linear(2, 1), nn.Linear(2, 1)
oa, ob = torch.optim.SGD(a.parameters(), lr=1.0), torch.optim.SGD(b.parameters(), lr=1.0)
s2 = torch.amp.GradScaler('cpu', init_scale=2.0)
s2.scale([a(torch.ones(1, 2)).sum(), b(torch.ones(1, 2)).sum()])[0].backward()
s2.scale(b(torch.ones(1, 2)).sum()).backward()
b.bias.grad.fill_(float('inf'))
wa, wb = a.weight.detach().clone(), b.weight.detach().clone()
print(s2.step(oa), s2.step(ob), torch.equal(wa, a.weight), torch.equal(wb, b.weight))
s2.update()
print(s2.get_scale(), s2._growth_tracker)
# scale keeps the loss dtype; reciprocal computed in float64 then cast to float32
s3 = torch.amp.GradScaler('cpu', init_scale=3.0)
print(s3.scale(torch.tensor(1.0, dtype=torch.float64)),
      s3.scale(torch.tensor([2], dtype=torch.int64)))
p = nn.Parameter(torch.ones(2))
o = torch.optim.SGD([p], lr=1.0)
s3.scale(p.sum()).backward()
s3.unscale_(o)
print(p.grad.tolist(), p.grad.dtype)
s3.step(o)
s3.update(0.5)
print(s3._scale, s3._growth_tracker)
# growth that would overflow float32 keeps the scale
s4 = torch.amp.GradScaler('cpu', init_scale=3e38, growth_interval=1)
for i in range(2):
    o.zero_grad()
    s4.scale(p.sum() * 1e-38).backward()
    s4.step(o)
    s4.update()
    print(s4.get_scale(), s4._growth_tracker)
s5 = torch.amp.GradScaler('cpu', init_scale=1.0, growth_factor=1.1, growth_interval=1)
for i in range(3):
    o.zero_grad()
    s5.scale(p.sum()).backward()
    s5.step(o)
    s5.update()
    print(repr(s5.get_scale()))
s6 = torch.amp.GradScaler('cpu', init_scale=1.0, backoff_factor=0.3, growth_interval=2)
for i in range(6):
    o.zero_grad()
    s6.scale(p.sum()).backward()
    if i < 3:
        p.grad[0] = float('nan')
    s6.step(o)
    s6.update()
    print(repr(s6.get_scale()), s6._get_growth_tracker())
# a growth interval lowered below the count so far: equality is never met again
s6.set_growth_interval(1)
for i in range(2):
    o.zero_grad()
    s6.scale(p.sum()).backward()
    s6.step(o)
    s6.update()
    print(repr(s6.get_scale()), s6._get_growth_tracker())
# the inf check looks at the gradients before they are divided
s7 = torch.amp.GradScaler('cpu')
s7.scale(torch.tensor(1.0))
s7.update(1e-30)
p.grad = torch.tensor([1e30, 1.0])
s7.unscale_(o)
print(p.grad, s7.step(o), p)
s7.update()
print(s7.get_scale())
result = model.weight.detach()
"""),
    ("psr_scaler_misuse", """
import torch.nn as nn
def message(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    print(label, 'ok', r if not isinstance(r, map) else type(r).__name__)
def setup(with_grads=True):
    p = nn.Parameter(torch.ones(2))
    q = nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([p, q], lr=0.1)
    s = torch.amp.GradScaler('cpu', init_scale=4)
    loss = s.scale(p.sum() * 3)
    if with_grads:
        loss.backward()
    return s, opt, p, q
s = torch.amp.GradScaler('cpu', init_scale=4)
print(s.get_scale(), s.state_dict())
opt = setup()[1]
message('unscale_ first', lambda: s.unscale_(opt))
message('step first', lambda: s.step(opt))
message('update first', lambda: s.update())
# no gradients at all: nothing is checked, so nothing is recorded
s, opt, p, q = setup(with_grads=False)
message('step no grads', lambda: s.step(opt))
message('unscale no grads', lambda: s.unscale_(opt))
message('update no grads', lambda: s.update())
s, opt, p, q = setup(with_grads=False)
message('update before step', lambda: s.update())
s, opt, p, q = setup()
message('unscale_', lambda: s.unscale_(opt))
message('unscale_ twice', lambda: s.unscale_(opt))
message('closure', lambda: s.step(opt, closure=lambda: 1.0))
message('step', lambda: s.step(opt))
message('step twice', lambda: s.step(opt))
message('unscale_ after step', lambda: s.unscale_(opt))
message('update', lambda: s.update())
print(s._scale, s._growth_tracker, p.grad, q.grad, p)
s, opt, p, q = setup()
message('step', lambda: s.step(opt))
message('unscale_ after step', lambda: s.unscale_(opt))
message('update', lambda: s.update())
message('unscale_ next round', lambda: s.unscale_(opt))
for value in [5.0, torch.tensor(3, dtype=torch.int64), torch.tensor(3.5, requires_grad=True),
              torch.tensor([6.0]), torch.tensor([[7.5]]), torch.tensor([1.0, 2.0]), 1024, True,
              'x', torch.tensor(2.5, dtype=torch.float64), float('inf')]:
    s, opt, p, q = setup()
    s.step(opt)
    message(f'update({value!r})', lambda: s.update(value))
    print(' ', s._scale, s._growth_tracker)
s = torch.amp.GradScaler('cpu', init_scale=2.0)
message('scale float', lambda: s.scale(3.0))
message('scale str', lambda: s.scale('ab'))
message('scale nested', lambda: s.scale((torch.tensor(1.), [torch.tensor(2.)], ())))
message('scale list of ints', lambda: s.scale([torch.tensor(1.), 3]))
print(list(s.scale(iter([torch.tensor(1.), torch.tensor(2.)]))))
print(type(s.scale({torch.tensor(5.)})).__name__)
class Outputs(list):
    pass
class Pair(tuple):
    pass
print(type(s.scale(Outputs([torch.tensor(1.)]))).__name__, type(s.scale(Pair([]))).__name__)
import collections
Named = collections.namedtuple('Named', 'a b')
message('scale namedtuple', lambda: s.scale(Named(torch.tensor(1.), torch.tensor(2.))))
lazy = torch.amp.GradScaler('cpu', init_scale=2.0)
print(lazy.scale([]), lazy._scale, type(lazy.scale(iter([]))).__name__, lazy._scale)
message('scale float first', lambda: lazy.scale(3.0))
print(lazy._scale, lazy.scale([[torch.tensor(1.)]]), lazy._scale)
message('growth 1.0', lambda: torch.amp.GradScaler('cpu', growth_factor=1.0))
message('backoff 1.0', lambda: torch.amp.GradScaler('cpu', backoff_factor=1.0))
message('disabled bad',
        lambda: torch.amp.GradScaler('cpu', backoff_factor=1.0, enabled=False).is_enabled())
h = nn.Parameter(torch.ones(2, dtype=torch.float16))
oh = torch.optim.SGD([h], lr=0.1)
h.grad = torch.ones(2, dtype=torch.float16)
s16 = torch.amp.GradScaler('cpu')
s16.scale(torch.tensor(1.0))
message('fp16 grads', lambda: s16.unscale_(oh))
message('fp16 grads again', lambda: s16.unscale_(oh))
g = nn.Parameter(torch.ones(2))
g.grad = torch.full((2,), 8.0)
omixed = torch.optim.SGD([g, h], lr=0.1)
message('fp16 after fp32', lambda: s16.unscale_(omixed))
print(g.grad)
x = torch.amp.GradScaler('xyz', init_scale=4.)
x.scale(torch.tensor(1.))
message('other device', lambda: x.update(torch.tensor(3.)))
"""),
    ("psr_scaler_state", """
import copy
import io
import torch.nn as nn
def message(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    print(label, 'ok', r)
torch.manual_seed(23)
model = nn.Linear(2, 2)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
s = torch.amp.GradScaler('cpu', init_scale=16.0, growth_interval=3)
print(s.state_dict())
for step in range(5):
    opt.zero_grad()
    s.scale(model(torch.ones(1, 2)).sum()).backward()
    if step == 1:
        model.weight.grad.fill_(float('inf'))
    s.step(opt)
    s.update()
sd = s.state_dict()
print(sd, {k: type(v).__name__ for k, v in sd.items()})
buf = io.BytesIO()
torch.save({'scaler': sd}, buf)
buf.seek(0)
loaded = torch.load(buf, weights_only=True)['scaler']
fresh = torch.amp.GradScaler('cpu')
fresh.load_state_dict(loaded)
print(fresh.state_dict(), fresh._scale, fresh.get_growth_factor(), fresh.get_backoff_factor(),
      fresh.get_growth_interval())
print(fresh.scale(torch.tensor(1.0)), fresh._growth_tracker)
fresh.load_state_dict({'scale': 2.0, 'growth_factor': 4.0, 'backoff_factor': 0.125,
                       'growth_interval': 7, '_growth_tracker': 5})
print(fresh._scale, fresh._growth_tracker, fresh.state_dict())
message('partial', lambda: fresh.load_state_dict({'scale': 32.0}))
print(fresh.state_dict())
message('empty', lambda: fresh.load_state_dict({}))
fresh.set_growth_factor(5.0)
fresh.set_backoff_factor(0.2)
fresh.set_growth_interval(9)
print(fresh.state_dict())
# copies: allowed between iterations (tensors dropped, values kept), refused mid-iteration
c = copy.deepcopy(s)
print(c._scale, c._growth_tracker, c.state_dict(), c.scale(torch.tensor(1.0)),
      c._growth_tracker)
c0 = copy.deepcopy(torch.amp.GradScaler('cpu', init_scale=3))
print(c0._scale, c0.get_scale(), c0.state_dict())
s.scale(model(torch.ones(1, 2)).sum()).backward()
s.unscale_(opt)
message('deepcopy mid-iteration', lambda: copy.deepcopy(s))
s.step(opt)
s.update()
print(copy.deepcopy(s).state_dict())
# disabled: everything passes through
d = torch.amp.GradScaler('cpu', enabled=False)
loss = model(torch.ones(1, 2)).sum()
print(d.is_enabled(), d.scale(loss) is loss, d.get_scale(), d.state_dict(),
      d._get_growth_tracker())
loss.backward()
message('disabled unscale_', lambda: d.unscale_(opt))
message('disabled step closure', lambda: d.step(opt, closure=lambda: 1.5))
message('disabled update', lambda: d.update(3.0))
message('disabled load', lambda: d.load_state_dict({}))
message('disabled growth factor', lambda: d.get_growth_factor())
message('disabled interval', lambda: d.get_growth_interval())
d.set_growth_factor(3.0)
print(d.get_growth_factor())
message('load from disabled', lambda: torch.amp.GradScaler('cpu').load_state_dict(
    torch.amp.GradScaler('cpu', enabled=False).state_dict()))
print(copy.deepcopy(d).is_enabled())
"""),
]
