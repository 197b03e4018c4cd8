"""Numeric corner cases recorded from torch 2.13 (issue 11's numeric leftovers): var_mean /
std_mean's mean by Welford's update (nan where an inf is not the last value, no overflow
of a sum), the int64 result of einsum on integer operands where torch sums a dim out of
one operand first, float16 products rounded (and overflowing) at every step, and
forward-mode maximum/minimum/fmax/fmin/max/min where a NaN or a tie decides the tangent,
second derivatives at singular points (x % 0, atan2 and copysign at 0), and the
programs of the sweep seeds that were unexplained (docs/differences.md).
Ids start with ``num_``.
"""

# ruff: noqa: E501 - the sweep programs are kept exactly as the sweep printed them

from __future__ import annotations

_ERROR = '''\
def error(fn):
    try:
        r = fn()
        print(r.dtype, r.tolist())
    except Exception as e:
        print(type(e).__name__, str(e).split("\\n")[0])
'''

CASES: list[tuple[str, str]] = [
    ("num_var_mean_inf", """
inf = float('inf')
for values in ([1., inf, 2.], [1., inf], [inf, inf], [-inf, inf], [1., -inf], [1., float('nan')]):
    x = torch.tensor(values)
    print(torch.var_mean(x), torch.std_mean(x))
x = torch.arange(1., 10).reshape(3, 3)
x[1, 2] = inf
x[2, 0] = inf
print(torch.var_mean(x, 1), torch.var_mean(x, 0), torch.std_mean(x, 0, keepdim=True))
for n in (5, 17):
    marks = []
    for pos in range(n):
        y = torch.arange(1., n + 1)
        y[pos] = inf
        marks.append(int(torch.var_mean(y)[1].isinf()))
    print(n, marks)
"""),
    ("num_var_mean_no_overflow", """
x = torch.tensor([[1e308, 1e308], [1., 2.]], dtype=torch.float64)
print(torch.var_mean(x, 1), torch.var_mean(x, 1, keepdim=True)[1].shape)
print(torch.std_mean(torch.tensor([1e38, 3e38, 2e38])))
"""),
    ("num_einsum_integer_promotion", _ERROR + """
def ints(*shape, dtype=torch.int32):
    n = 1
    for s in shape:
        n *= s
    return torch.arange(1, n + 1, dtype=torch.int64).reshape(shape).to(dtype)
for dtype in (torch.int32, torch.uint8, torch.int16, torch.bool):
    error(lambda: torch.einsum('ij,j->i', ints(2, 2, dtype=dtype), ints(1, dtype=dtype)))
    error(lambda: torch.einsum('ij,jk->ik', ints(2, 1, dtype=dtype), ints(3, 2, dtype=dtype)))
    error(lambda: torch.einsum('ij,kl->', ints(2, 3, dtype=dtype), ints(2, 3, dtype=dtype)))
    error(lambda: torch.einsum('ij,ij->', ints(2, 3, dtype=dtype), ints(2, 1, dtype=dtype)))
    error(lambda: torch.einsum('ij,ij->', ints(2, 1, dtype=dtype), ints(2, 3, dtype=dtype)))
    error(lambda: torch.einsum('ij,kj->i', ints(2, 2, dtype=dtype), ints(3, 2, dtype=dtype)))
    error(lambda: torch.einsum('ij,kj->i', ints(2, 2, dtype=dtype), ints(1, 2, dtype=dtype)))
    error(lambda: torch.einsum('ij,jk->ik', ints(2, 3, dtype=dtype), ints(3, 2, dtype=dtype)))
"""),
    ("num_float16_prod", """
x = torch.tensor([[300., 300., 0.001], [1., 2., 3.]], dtype=torch.float16)
print(x.prod(), x.prod(1), x.prod(0), x.t().prod(0), x.prod(1, keepdim=True), x.cumprod(1))
y = (torch.arange(100, dtype=torch.float64) * 0.37).sin().mul(0.2).add(1.1).to(torch.float16)
print(y.prod(), y.reshape(4, 25).prod(1), torch.ones(0, dtype=torch.float16).prod())
"""),
    ("num_forward_mode_extremes_with_nan", """
import torch.autograd.forward_ad as fwAD
nan = float('nan')
x = torch.tensor([nan, 1., nan, 3.])
y = torch.tensor([0., nan, nan, 3.])
with fwAD.dual_level():
    a = fwAD.make_dual(x, torch.tensor([1., 1., 1., 1.]))
    b = fwAD.make_dual(y, torch.tensor([10., 10., 10., 10.]))
    for f in (torch.maximum, torch.minimum, torch.fmax, torch.fmin):
        print(f.__name__, fwAD.unpack_dual(f(a, b)).tangent)
    c = fwAD.make_dual(torch.tensor([1., nan, 2.]), torch.tensor([1., 2., 3.]))
    print(fwAD.unpack_dual(c.max()).tangent, fwAD.unpack_dual(c.min()).tangent)
    e = fwAD.make_dual(torch.tensor([1., 2., 2.]), torch.tensor([1., 2., 3.]))
    print(fwAD.unpack_dual(e.max()).tangent, fwAD.unpack_dual(e.min()).tangent)
"""),
    ("num_second_derivatives_at_singular_points", """
def second(f, *values):
    xs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    gs = torch.autograd.grad(f(*xs).sum(), xs, create_graph=True)
    print([g.tolist() for g in gs])
    for g in gs:
        if g.requires_grad:
            print([None if h is None else h.tolist() for h in torch.autograd.grad(
                g.sum(), xs, allow_unused=True, retain_graph=True)])
second(torch.remainder, [1., 2., 1.], [0., 0., 0.1])
second(torch.fmod, [1., -2., 1.], [0., 0., 0.1])
second(torch.atan2, [0., 0., 1.], [0., 1., 0.])
second(torch.copysign, [0., -0., 2.], [1., -1., -0.])
second(torch.erf, [30., -30., 1e10])
"""),
    # differential sweep seed final-2026-12-02:4756
    ("num_sweep_seed_4756", """
nan, inf = float('nan'), float('inf')
t1 = torch.tensor(1.4, dtype=torch.float16, requires_grad=True)
t2 = t1.contiguous()
t3 = t2.softmax(0, dtype=torch.float64)
t4 = torch.nanmean(t1, (-1,), keepdim=False)
t5 = t3.positive()
t6, = torch.autograd.grad(t4.sum(), [t1], create_graph=True)
print(t4, t6, t6.dtype)
"""),
    # differential sweep seed final-2026-12-02:9711
    ("num_sweep_seed_9711", """
nan, inf = float('nan'), float('inf')
t1 = torch.tensor([[0.9, 0.5, -2.0]], dtype=torch.float16)
t2 = t1.mT
t4 = torch.tensor(2.74, dtype=torch.float16)
t3 = t2.unsqueeze(0)
t3.lerp_(t4, 0.5)
t5 = torch.addcdiv(t4, t1, t2)
t7 = torch.var(t5, 0, keepdim=True, correction=0)
t8 = torch.squeeze(t1, 1)
print(t1, t5, t7)
"""),
    # differential sweep seed final-2026-12-02:49198
    ("num_sweep_seed_49198", """
nan, inf = float('nan'), float('inf')
t1 = torch.tensor([[-1], [1]], dtype=torch.int32)
t2 = torch.tensor([[[4.0, -1.0792], [2.9, 0.26]], [[2.7, -2.9044], [-2.1, 4.0]], [[-0.9, 1.5], [0.09, -1.0]]], dtype=torch.float32, requires_grad=True)
torch.manual_seed(48); t3 = torch.randn((1, 2), dtype=torch.float32, requires_grad=True)
t4 = torch.copysign(t2, t3)
t5, = torch.autograd.grad(t4.sum(), [t2], create_graph=True)
t6, = torch.autograd.grad((t5 * t5).sum(), [t2], allow_unused=True)
print(t5, t6)
"""),
    # differential sweep seed final-2026-12-02:53177
    ("num_sweep_seed_53177", """
nan, inf = float('nan'), float('inf')
t1 = torch.tensor([[1.4, -2.0]], dtype=torch.float32)
t2 = torch.tensor([[[0.0, 2.09, -1.0], [-4.0, -4.0, -2.0], [-0.9, 0.9697, 1.09], [0.076, 4.0, 1.4]], [[2.9478, 3.0, 0.25], [-2.7, 3.0, 0.69], [3.75, -2.83, -2.355], [1.0, 3.75, -1.1103]], [[4.0, -3.0, 0.25], [4.0, -2.5, -0.95], [-1.0, -4.0, -2.5], [0.0859, -4.0, -1.85]]], dtype=torch.float32, requires_grad=True)
t3 = t2.amin(0)
t4 = t2 ** t3
t5 = t4.logit()
t6 = torch.mean(t2)
t5.sum().backward()
print(t2.grad)
"""),
    # differential sweep seed final-2026-12-02:82209
    ("num_sweep_seed_82209", """
nan, inf = float('nan'), float('inf')
t1 = torch.tensor([[[6, 5, 3, 4], [5, -1, 0, 3], [4, -4, 6, -5]], [[-1, -2, -4, 6], [5, 1, -3, -5], [-2, 0, -2, 6]], [[1, -1, 1, 2], [-3, 0, 5, 5], [4, 0, 3, 5]], [[-4, 5, 1, -1], [4, 5, 4, -2], [6, 1, 6, 0]]], dtype=torch.int16)
t2 = torch.msort(t1)
t3 = torch.tensor([[[[-1.0, -1.0, 1.9, -0.5], [4.0, 0.2, 0.0321, -0.125], [1.5, -2.0, -1.2, -0.4549]], [[-1.0, 2.0, -4.0, 0.1], [-3.0, 2.0, 3.0, -0.39], [0.0, 3.0, 2.0, 3.75]], [[-4.0, -1.9, -0.9, -4.0], [2.9, -1.8585, -4.0, -1.0], [0.25, 4.0, -2.5, -2.5]], [[-3.0, -0.7, 4.0, -0.125], [3.0, -0.89, 1.0, 1.19], [-0.17, 3.0, -2.8, -3.0]]], [[[-1.94, 1.71, 0.0, 4.0], [-2.27, -3.0, 1.8, 0.3], [1.1, -3.0, 0.0, -4.0]], [[1.97, -2.0, 3.75, 0.5], [0.0, -1.0, -1.0, 0.52], [3.0, 0.25, -1.0, -2.3]], [[-4.0, -1.86, 2.0, 2.0], [0.0, 1.7, 0.25, 0.4519], [-1.0, 2.66, -0.2, 2.9]], [[-0.32, -4.0, 2.5, 2.28], [1.1, 0.4145, -0.7012, -0.9078], [-0.125, 0.0, 3.0, -4.0]]]], dtype=torch.float32, requires_grad=True)
t4 = t1 % t3
t5 = torch.atan(t4)
t6 = torch.arange(1, 33, dtype=torch.float32).reshape((2, 4, 1, 4)).requires_grad_()
t7 = t4 >= t6
t8, = torch.autograd.grad(t4.sum(), [t3], create_graph=True)
print(t4, t8)
"""),
    ("num_nonfinite_gradients", """
inf = float('inf')
x = torch.tensor([0.0, -0.5123, 3e+38, 1e-30], requires_grad=True)
g, = torch.autograd.grad(torch.erf(x).sum(), [x], create_graph=True)
print(torch.autograd.grad((g * g).sum(), [x]))
y = torch.tensor([inf, 1e-30, 0.0, 2.29], requires_grad=True)
torch.sinc(y).sum().backward()
print(y.grad)
z = torch.tensor([[-2.92, 2.0, -inf, -1.6]], requires_grad=True)
torch.cumprod(z, 0).backward(torch.full((1, 4), 2.0))
print(z.grad)
w = torch.tensor([[-2.92, 1e-30, -inf, -1.6]], dtype=torch.float16, requires_grad=True)
torch.cumprod(w, -2).backward(torch.full((1, 4), inf, dtype=torch.float16))
print(w.grad)
t = torch.tensor([-0.125, 3.75, 0.07], requires_grad=True)
torch.addcdiv(torch.tensor([0.5, 0.25, 0.75]), t, t).square().sum().backward()
print(t.grad)
"""),
    ("num_one_element_norms", """
print(torch.tensor([3e38]).norm(), torch.tensor([[3e38], [4.]]).norm(dim=1, keepdim=True),
      torch.tensor([[1e300]], dtype=torch.float64).norm(), torch.tensor([1e-30]).norm(),
      torch.tensor([3e38]).norm(p=3), torch.tensor([3e38, 1.0]).norm(), torch.linalg.norm(torch.tensor([[1e300]], dtype=torch.float64)))
x = torch.tensor([[3e38], [4.]], requires_grad=True)
x.norm(dim=1).sum().backward()
print(x.grad)
"""),
    ("num_unary_gradients_at_extremes", """
inf = float('inf')
values = [inf, -inf, 0.0, 1e-30, 1e30, -1e30, 3e38, 0.5, -2.0]
for f in (torch.reciprocal, torch.asinh, torch.atanh, torch.erf, torch.erfc, torch.sinc):
    for gval in (1.0, inf):
        x = torch.tensor(values, requires_grad=True)
        y = f(x)
        g, = torch.autograd.grad(y, x, torch.full_like(y, gval), create_graph=True)
        gg, = torch.autograd.grad(g.sum(), x)
        print(f.__name__, gval, g.isnan().tolist(), g.isinf().tolist(), gg.isnan().tolist(),
              gg.isinf().tolist())
"""),
    ("num_binary_gradients_at_extremes", """
import itertools
inf = float('inf')
values = [inf, -inf, 0.0, 1e-30, 1e30, 3e38, 0.5, -2.0]
pairs = list(itertools.product(values, values))
for f in (torch.pow, torch.logaddexp, torch.logaddexp2, torch.atan2, torch.div):
    for gval in (1.0, inf):
        a = torch.tensor([p[0] for p in pairs], requires_grad=True)
        b = torch.tensor([p[1] for p in pairs], requires_grad=True)
        y = f(a, b)
        ga, gb = torch.autograd.grad(y, [a, b], torch.full_like(y, gval), create_graph=True)
        hs = torch.autograd.grad(ga.sum(), [a, b], retain_graph=True, allow_unused=True)
        ts = [t if t is not None else torch.zeros_like(a) for t in (ga, gb) + hs]
        print(f.__name__, gval, [t.isnan().int().tolist() for t in ts])
        print([t.isinf().int().tolist() for t in ts])
"""),
    ("num_norm_gradients_at_zero_and_extremes", """
inf = float('inf')
for values in ([0.0, 0.0, 0.0], [1e-30, 1e-30, 0.0], [inf, 1.0, 2.0], [1e-45, 2.0, 3.0]):
    for gval in (1.0, inf):
        for f in (lambda x: x.norm(), lambda x: torch.dist(x, torch.zeros(3)),
                  lambda x: torch.nn.functional.normalize(x, dim=0)):
            x = torch.tensor(values, requires_grad=True)
            y = f(x)
            g, = torch.autograd.grad(y, x, torch.full_like(y, gval), create_graph=True)
            h, = torch.autograd.grad(g.sum(), x)
            print(g.isnan().tolist(), g.isinf().tolist(), h.isnan().tolist(), h.isinf().tolist())
x = torch.randn(4, 5, generator=torch.Generator().manual_seed(0)).requires_grad_()
g, = torch.autograd.grad(x.norm(dim=1).sum(), x)
result = g
"""),
]
