"""In-place ops recorded from torch 2.13 where what torch checks, and in which order,
decides the outcome (issue 11's fifth-session leftovers): binary ops whose dtype checks come
after the shape checks (hypot_, gcd_, lcm_, nextafter_ and their functions: operands that do
not broadcast, or in place not to self's shape; cumsum_/cumprod_/logcumsumexp's dim before
their dtypes), logical_and_/or_/xor_/not_ on a leaf that requires
grad (torch's autograd does not see them: the leaf keeps requiring grad, no grad_fn), and
`int_tensor.fill_(w)` from a 0-d `w` that requires grad (FillBackward3; `fill` out of place
refuses). Ids start with ``ipo_``.
"""

from __future__ import annotations

_ERROR = '''\
def error(fn):
    try:
        r = fn()
        print('ok', r.dtype, r.tolist())
    except Exception as e:
        print(type(e).__name__, str(e).split("\\n")[0])
'''

CASES: list[tuple[str, str]] = [
    ("ipo_shapes_before_dtypes", _ERROR + """
for name in ('hypot', 'gcd', 'lcm', 'nextafter', 'fmod', 'atan2', 'bitwise_and'):
    for target in (torch.int64, torch.bool, torch.float32):
        for shape in ((4,), (5, 2, 3)):
            for other in (torch.int64, torch.float32):
                x = torch.ones(2, 3, dtype=target)
                y = torch.ones(*shape, dtype=other)
                print(name, target, shape, other)
                error(lambda: getattr(x.clone(), name + '_')(y))
                if shape == (4,):  # (out of place, (5, 2, 3) broadcasts: dtype rules decide)
                    error(lambda: getattr(torch, name)(x, y))
"""),
    ("ipo_cumulative_dim_before_dtypes", _ERROR + """
for dtype in (torch.bool, torch.int64, torch.float32):
    for name in ('cumsum_', 'cumprod_'):
        x = torch.ones(2, 3, dtype=dtype)
        error(lambda: getattr(x.clone(), name)(5))
        error(lambda: getattr(x.clone(), name)(-3, dtype=torch.float64))
        error(lambda: getattr(x.clone(), name)(0))
        error(lambda: getattr(x.clone(), name)(1, dtype=torch.int32))
    error(lambda: torch.logcumsumexp(torch.ones(2, 3, dtype=dtype), 5))
    error(lambda: torch.ones(2, 3, dtype=dtype).logcumsumexp(1))
"""),
    ("ipo_logical_inplace_on_leaf", """
for name in ('logical_and_', 'logical_or_', 'logical_xor_', 'logical_not_'):
    x = torch.tensor([0., 1., 2.], requires_grad=True)
    args = () if name == 'logical_not_' else (torch.tensor([1., 0., 2.]),)
    r = getattr(x, name)(*args)
    print(name, r is x, r.tolist(), r.dtype, r.requires_grad, r.grad_fn, r.is_leaf, x._version)
    r.sum().backward()
    print(x.grad)
x = torch.tensor([0., 1., 2.], requires_grad=True)
y = x * 2
r = y.logical_and_(torch.tensor([1., 0., 2.]))
print(r.tolist(), r.requires_grad, type(r.grad_fn).__name__, y._version)
r.sum().backward()
print(x.grad)
x = torch.tensor([0., 1., 2.], requires_grad=True)
v = x[:2]
r = v.logical_not_()
print(r.tolist(), r.requires_grad, type(r.grad_fn).__name__, x.tolist(), x._version)
x = torch.tensor([0., 1., 2.], requires_grad=True)
e = x.exp()
x.logical_or_(torch.tensor([0., 0., 1.]))
e.sum().backward()
print(x.grad, x.tolist())
"""),
    ("ipo_fill_integers_from_grad_value", _ERROR + """
for dtype in (torch.int64, torch.int32, torch.uint8, torch.bool, torch.float32):
    w = torch.tensor(2.7, requires_grad=True)
    i = torch.tensor([1, 2, 3], dtype=dtype)
    r = i.fill_(w)
    print(dtype, r is i, r.tolist(), r.requires_grad, type(r.grad_fn).__name__, r.is_leaf,
          r.grad_fn.next_functions[0], type(r.grad_fn.next_functions[1][0]).__name__, i._version)
w = torch.tensor(2.7, requires_grad=True)
error(lambda: torch.fill(torch.tensor([1, 2]), w))
error(lambda: torch.fill(torch.tensor([True]), w))
print(torch.fill(torch.tensor([1., 2.]), w))
with torch.no_grad():
    r = torch.tensor([1, 2]).fill_(w)
print(r.requires_grad, r.grad_fn, r.tolist())
w2 = torch.tensor(2.7)
r = torch.tensor([1, 2]).fill_(w2)
print(r.requires_grad, r.grad_fn)
"""),
]
