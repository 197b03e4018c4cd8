"""Numeric corner cases recorded from torch 2.13 (issue 11's numeric leftovers): var_mean /
std_mean's mean by Welford's update (nan where an inf is not the last value, no overflow
of a sum), the int64 result of einsum on integer operands where torch sums a dim out of
one operand first, float16 products rounded (and overflowing) at every step, and
forward-mode maximum/minimum/fmax/fmin/max/min where a NaN or a tie decides the tangent,
and second derivatives at singular points (x % 0, atan2 and copysign at 0).
Ids start with ``num_``.
"""

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
]
