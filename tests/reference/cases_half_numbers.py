"""float16 tensors with a Python number or a 0-d tensor of another dtype, recorded from
torch 2.13, bit for bit: torch's mul and div kernels read such a second operand in float32
("opmath") and round the result once (`half * 0.1` is not `half * float16(0.1)`, and
`half * 1e5` or `half / 1e-5` are finite), for every call form (operators, functions,
methods, in place, rounding modes, `number / tensor` as reciprocal times the number) and
for the gradients (`grad * 0.1` the same way); add/sub with alpha compute in float32 with
alpha rounded to float16. Each line prints a digest of the result's float16 bits over
~1,800 float16 values (every 37th bit pattern that is finite), so a change in one value
shows; tests/test_half_numbers.py checks a few of the values themselves.
Ids start with ``half_``.
"""

from __future__ import annotations

_SETUP = '''\
import hashlib
import struct
patterns = [struct.unpack('<e', struct.pack('<H', b))[0] for b in range(0, 65536, 37)]
values = [v for v in patterns if v == v and abs(v) != float('inf')]
NUMBERS = [0.1, 1 / 3, -2.5, 3.0, 7, 2, 0.5, 1.0009765625, 1e-3, 1e5, 70000, 65504.0,
           65520.0, 1e40, 1e-5, 5.96e-08, 3e-08, 1e-08, 1e-320, float('inf'), -0.0,
           float('nan')]
def x_half(requires_grad=False):
    return torch.tensor(values, dtype=torch.float16, requires_grad=requires_grad)
def digest(t):
    # (nan's sign bit is left unspecified: docs/differences.md)
    values = [v if v == v else float('nan') for v in t.detach().reshape(-1).tolist()]
    bits = struct.pack(f'<{len(values)}e', *values)
    return hashlib.sha256(bits).hexdigest()[:16]
def zero_dim(s, dtype):
    return torch.tensor(s, dtype=dtype)
def idiv(x, s):
    x /= s
    return x
def imul(x, s):
    x *= s
    return x
FORMS = {
    'x * s': lambda x, s: x * s,
    's * x': lambda x, s: s * x,
    'x / s': lambda x, s: x / s,
    's / x': lambda x, s: s / x,
    'mul(x, s)': lambda x, s: torch.mul(x, s),
    'x.mul(s)': lambda x, s: x.mul(s),
    'x.multiply(s)': lambda x, s: x.multiply(s),
    'div(x, s)': lambda x, s: torch.div(x, s),
    'true_divide(x, s)': lambda x, s: torch.true_divide(x, s),
    'x.divide(s)': lambda x, s: x.divide(s),
    'div trunc': lambda x, s: torch.div(x, s, rounding_mode='trunc'),
    'x.div floor': lambda x, s: x.div(s, rounding_mode='floor'),
    'x // s': lambda x, s: x // s,
    'floor_divide(x, s)': lambda x, s: torch.floor_divide(x, s),
    'x * f32 0-d': lambda x, s: x * zero_dim(s, torch.float32),
    'x * f64 0-d': lambda x, s: x * zero_dim(s, torch.float64),
    'f32 0-d * x': lambda x, s: zero_dim(s, torch.float32) * x,
    'x / f64 0-d': lambda x, s: x / zero_dim(s, torch.float64),
    'f64 0-d / x': lambda x, s: zero_dim(s, torch.float64) / x,
    'x + s': lambda x, s: x + s,
    's - x': lambda x, s: s - x,
}
INPLACE = {
    'mul_': lambda x, s: x.mul_(s),
    'div_': lambda x, s: x.div_(s),
    '*=': imul,
    '/=': idiv,
    'div_ trunc': lambda x, s: x.div_(s, rounding_mode='trunc'),
    'mul_ f64 0-d': lambda x, s: x.mul_(zero_dim(s, torch.float64)),
}
'''

CASES: list[tuple[str, str]] = [
    ("half_number_forward", _SETUP + """
x = x_half()
for name, form in FORMS.items():
    print(name, ' '.join(digest(form(x, s)) for s in NUMBERS))
for name, form in INPLACE.items():
    print(name, ' '.join(digest(form(x.clone(), s)) for s in NUMBERS))
"""),
    ("half_number_forward_values", _SETUP + """
x = torch.tensor([1e-3, 0.5, 1.0, -3.0, 100.0], dtype=torch.float16)
for s in (0.1, 1e5, 1e-5, 3e-08, 1 / 3):
    print(s, (x * s).tolist(), (x / s).tolist(), (s / x).tolist(), (x // s).tolist())
print((x * torch.tensor(0.1)).dtype, (x * torch.tensor(1e5, dtype=torch.float64)).tolist())
print((torch.tensor(2.0, dtype=torch.float16) * torch.tensor(0.1)).dtype)
print((torch.tensor(1e-3, dtype=torch.float16) * torch.tensor(70000)).tolist())
"""),
    ("half_number_grad", _SETUP + """
g = x_half().flip(0)
for name, form in FORMS.items():
    if '//' in name or 'floor_divide' in name:
        continue  # (torch has no derivative of floor_divide)
    line = []
    for s in NUMBERS:
        x = x_half(True)
        y = form(x, s)
        y.backward(g)
        line.append(digest(x.grad))
    print(name, type(y.grad_fn).__name__, ' '.join(line))
for name, form in INPLACE.items():
    line = []
    for s in NUMBERS:
        x = x_half(True)
        y = form(x.clone(), s)
        y.backward(g)
        line.append(digest(x.grad))
    print(name, type(y.grad_fn).__name__, ' '.join(line))
"""),
    ("half_number_grad_create_graph", _SETUP + """
x = torch.tensor([1e-3, 0.5, 1.0, -3.0, 100.0], dtype=torch.float16, requires_grad=True)
g = torch.tensor([0.3, 0.7, -1.1, 2.0, 5.0], dtype=torch.float16, requires_grad=True)
for s in (0.1, 1e5, 3e-08):
    for form in (lambda: x * s, lambda: x / s, lambda: s / x, lambda: x * torch.tensor(s)):
        y = form()
        (gx,) = torch.autograd.grad(y, x, g, create_graph=True)
        print(s, gx.tolist(), type(gx.grad_fn).__name__)
"""),
    ("half_add_alpha", _SETUP + """
x = x_half()
y = x.flip(0)
# (not alpha * other beyond float16's range: torch's last elements, past its vectorised
# loop, round alpha * other to float16 first, so where it overflows they alone are inf)
for s in (0.1, 1 / 3, -2.5, 3.0, 7, 2, 1e-3, 1e-5, 3e-08, -1.0, 300.0, 600.0):
    line = [digest(torch.add(x, y, alpha=s)), digest(torch.sub(x, y, alpha=s)),
            digest(x.clone().add_(y, alpha=s)), digest(x.clone().sub_(y, alpha=s)),
            digest(torch.add(x, 2, alpha=s)), digest(torch.add(x, 0.1, alpha=s)),
            digest(torch.sub(x, 1 / 3, alpha=s)), digest(x.clone().add_(0.7, alpha=s))]
    xg = x_half(True)
    yg = x_half(True)
    torch.add(xg, yg, alpha=s).backward(y)
    line.append(digest(yg.grad))
    yg.grad = None
    torch.sub(xg, yg, alpha=s).backward(y)
    line.append(digest(yg.grad))
    print(s, ' '.join(line))
"""),
    ("half_add_alpha_overflow", """
x = torch.ones(3, dtype=torch.float16)
for s in (65504.0, 65519.0, 65520.0, 1e5, -1e5, 1e40, float('inf'), float('nan')):
    for fn in (lambda: torch.add(x, x, alpha=s), lambda: torch.sub(x, x, alpha=s),
               lambda: x.clone().add_(x, alpha=s)):
        try:
            print(s, fn().tolist())
        except RuntimeError as e:
            print(s, type(e).__name__, e)
"""),
]
