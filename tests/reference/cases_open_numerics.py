"""Numerics that were open after the sixth session's sweeps, recorded from torch 2.13:
the gradients of clamp_min/clamp_max with a tensor bound where x or the bound is nan (each
side's own comparison, so neither gets any); maximum/minimum/fmax/fmin keeping the first
operand where +0 and -0 tie (on tensors shorter than torch's vector block: its vector body
keeps the second, see docs/differences.md); var/std's backward when nothing is left to
divide by (torch's var_backward: nan where x equals the mean, else inf, for a reduction
over everything; 2 (x - mean) / (n - correction) unclamped with dims given, n = 1 for
dim=()); atan2's gradient in torch's order ((g * b) * recip: float16 products that
overflow make nan); cumprod's gradient passed through for an input without elements; an
index tensor of a dtype that cannot index refused before the value's dtype. Ids start
with ``on_``.
"""

from __future__ import annotations

CASES: list[tuple[str, str]] = [
    ("on_clamp_tensor_bound_nan_grads", """
nan = float('nan')
xs = [nan, 1.0, 1.0, 1.0, nan, 2.0, 0.0, -0.0, 1.0]
bs = [0.0, nan, 1.0, 2.0, nan, 1.0, -0.0, 0.0, 0.0]
for up in (1.0, float('inf')):
    for name in ('clamp_min', 'clamp_max', 'maximum', 'minimum', 'fmax', 'fmin'):
        x = torch.tensor(xs, requires_grad=True)
        b = torch.tensor(bs, requires_grad=True)
        y = getattr(torch, name)(x, b)
        y.backward(torch.full_like(y, up))
        print(name, up, y.tolist(), torch.signbit(y).tolist(), x.grad.tolist(), b.grad.tolist())
"""),
    ("on_signed_zero_ties_small", """
for dt in (torch.float16, torch.float32, torch.float64):
    for n in (1, 3):
        z, nz = torch.zeros(n, dtype=dt), -torch.zeros(n, dtype=dt)
        for a, b in ((z, nz), (nz, z), (z, nz[:1]), (nz[:1], z), (z, torch.tensor(-0.0, dtype=dt))):
            for f in (torch.maximum, torch.minimum, torch.fmax, torch.fmin, torch.clamp_min,
                      torch.clamp_max, lambda a, b: torch.clamp(a, b, b)):
                print(dt, n, torch.signbit(f(a, b)).tolist())
"""),
    ("on_var_std_no_degrees_of_freedom", """
import warnings
warnings.simplefilter('ignore')
for fn in ('var', 'std'):
    for c in (1, 2, 3, 1.5):
        for data in ([-1.74], [-1.74, 2.0], [2.0, 2.0], -1.74):
            for dim in (None, 0, ()):
                if dim == () and fn == 'std':
                    continue
                x = torch.tensor(data, requires_grad=True)
                kw = {} if dim is None else {'dim': dim}
                v = getattr(torch, fn)(x, correction=c, **kw)
                v.sum().backward()
                print(fn, c, data, dim, v.tolist(), x.grad.tolist())
        x = torch.tensor([[1.0, 2.0], [3.0, 3.0]], requires_grad=True)
        v = getattr(torch, fn + '_mean')(x, correction=c)[0]
        v.backward()
        print(fn, c, 'mean', v.tolist(), x.grad.tolist())
x = torch.tensor([-1.74], requires_grad=True)
v = torch.var_mean(x[torch.tensor([True])], correction=2)[0]
v.backward()
print(x.grad)
x = torch.zeros((3, 3), requires_grad=True)
torch.det(x).var(dim=0, correction=2).mean().backward()
print(x.grad)
"""),
    ("on_atan2_grad_order", """
a = torch.tensor([65504.0, -1e30, 0.25, -2.5, 0.0, 300.0], dtype=torch.float16, requires_grad=True)
b = torch.tensor([0.0, 1.0, 2.0, 3.0, 0.0, 300.0], dtype=torch.float16, requires_grad=True)
torch.atan2(a, b).square().sum().backward()
print(a.grad, b.grad)
for dt in (torch.float32, torch.float64):
    a = torch.tensor([1e20, -3.0, 0.0, 1e-30, 7.0], dtype=dt, requires_grad=True)
    b = torch.tensor([1e20, 4.0, 0.0, -1e-30, 0.0], dtype=dt, requires_grad=True)
    y = torch.atan2(a, b)
    g, = torch.autograd.grad(y.sum(), [a], create_graph=True)
    print(g, type(g.grad_fn).__name__)
b = torch.tensor([[2.2]], requires_grad=True)
y = torch.atan2(torch.isinf(torch.tensor([[5]])), b)
try:
    y.sum().backward()
except RuntimeError as e:
    print(type(e).__name__, str(e)[:40])
"""),
    ("on_cumprod_grad_without_elements", """
for shape, dim in (((1,), 0), ((), 0), ((2, 1), 1), ((0, 3), 0), ((0, 3), 1), ((3,), 0)):
    x = torch.ones(shape, requires_grad=True)
    g, = torch.autograd.grad(x.cumprod(dim).sum(), [x], create_graph=True)
    print(shape, dim, g.shape, g.requires_grad, type(g.grad_fn).__name__)
"""),
    ("on_index_dtype_before_value_dtype", """
def error(f):
    try:
        f()
        print('ok')
    except Exception as e:
        print(type(e).__name__, str(e)[:80])
def put(t, i, v):
    def f():
        t[i] = v
    return f
u = torch.ones(3, dtype=torch.uint8)
error(put(u, torch.tensor([]), torch.tensor(-3.0)))
error(put(u, torch.tensor([1.0]), torch.tensor([2.0])))
error(put(u, torch.tensor([5]), torch.tensor([2.0])))
error(put(u, torch.tensor([1.0]), 2))
error(put(torch.ones(3), torch.tensor([1.0]), torch.tensor([2.0])))
error(put(torch.ones(3), torch.tensor([]), torch.tensor([2], dtype=torch.int64)))
"""),
]
