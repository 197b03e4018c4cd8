"""float16 gradients of ops whose backward formulas multiply by a Python number, and the
numbers torch refuses, recorded from torch 2.13 bit for bit. torch's formulas compute
`exponent * self.pow(exponent - 1)` (pow), `result * log(base)` (number ** x),
`tensor2 * value` and `value * tensor1` (addcmul/addcdiv) and `grad * weight` (lerp) as
products by a Scalar: float16 in float32 ("opmath"), rounded once, where NumPy would round
the number to float16 first (about 1 value in 4 then differed in the last bit). Its
kernels convert such a number to the type they compute in and refuse one that does not
fit: float16's for `x ** n` of a float16 x, float's for addcmul/addcdiv's value and lerp's
weight on float16 and float32 tensors, the integer dtype's for addcmul on integers. Each
line prints a digest of the float16 bits over ~1,800 float16 values (every 37th finite bit
pattern), so a change in one value shows. Ids start with ``half_grad_``.
"""

from __future__ import annotations

_SETUP = '''\
import hashlib
import struct
patterns = [struct.unpack('<e', struct.pack('<H', b))[0] for b in range(0, 65536, 37)]
values = [v for v in patterns if v == v and abs(v) != float('inf') and abs(v) < 60]
def half(vals, requires_grad=True):
    return torch.tensor(vals, dtype=torch.float16, requires_grad=requires_grad)
def digest(t):
    # (nan's sign bit is left unspecified: docs/differences.md)
    vals = [v if v == v else float('nan') for v in t.detach().reshape(-1).tolist()]
    return hashlib.sha256(struct.pack(f'<{len(vals)}e', *vals)).hexdigest()[:16]
n = len(values)
X = values
A = values[n // 3:] + values[:n // 3]
B = values[2 * n // 3:] + values[:2 * n // 3]
G = [v / 8 for v in values[::-1]]
def grads(fn, *columns):
    inputs = [half(c) for c in columns]
    y = fn(*inputs)
    y.backward(half(G, False))
    return ' '.join(digest(x.grad) for x in inputs)
'''

CASES: list[tuple[str, str]] = [
    ("half_grad_pow_number", _SETUP + """
for p in (-1.3, -0.7, 0.3, 1.7, 2.2, 1 / 3, 0.1, -2.5, 7.0, 2, 3):
    print(p, grads(lambda x: x.abs() ** p, X), grads(lambda x: torch.pow(x, p), X))
for base in (1.7, 0.3, 10.0, 1 / 3, 2, 2.5):
    print(base, grads(lambda x: base ** x, X))
"""),
    ("half_grad_addcmul_addcdiv_value", _SETUP + """
for v in (0.3, 1 / 3, -1.7, 1, 2, 0.1, 1e-3, 1e4):
    print(v, grads(lambda x, a, b: torch.addcmul(x, a, b, value=v), X, A, B),
          grads(lambda x, a, b: torch.addcdiv(x, a, b, value=v), X, A, B))
"""),
    ("half_grad_lerp_weight", _SETUP + """
for w in (0.3, 1 / 3, -1.7, 0.1, 0.7, 1.5, 2):
    print(w, grads(lambda x, a: torch.lerp(x, a, w), X, A),
          grads(lambda x, a: x.clone().lerp_(a, w), X, A))
"""),
    ("half_grad_create_graph", """
x = torch.tensor([1e-3, 0.5, 1.7, -3.1, 10.3], dtype=torch.float16, requires_grad=True)
a = torch.tensor([0.3, -0.7, 1.1, 2.9, -5.3], dtype=torch.float16, requires_grad=True)
b = torch.tensor([1.3, 0.9, -2.1, 0.4, 3.3], dtype=torch.float16, requires_grad=True)
g = torch.tensor([0.3, 0.7, -1.1, 2.0, 5.0], dtype=torch.float16, requires_grad=True)
p = torch.tensor([1e-3, 0.5, 1.7, 3.1, 10.3], dtype=torch.float16, requires_grad=True)
# (p, not x.abs(): abs's own double-backward name is another matter)
for name, y, inputs in (('pow', p ** -1.3, (p,)), ('rpow', 1.7 ** x, (x,)),
                        ('addcmul', torch.addcmul(x, a, b, value=0.3), (a, b)),
                        ('addcdiv', torch.addcdiv(x, a, b, value=0.3), (a, b)),
                        ('lerp', torch.lerp(x, a, 0.3), (x, a))):
    grads = torch.autograd.grad(y, inputs, g, create_graph=True)
    print(name, [(t.tolist(), t.grad_fn.name(),
                  [f[0] and f[0].name() for f in t.grad_fn.next_functions]) for t in grads])
"""),
    ("half_grad_refused_numbers", """
H = lambda: torch.ones(2, dtype=torch.float16)
F = lambda: torch.ones(2)
I8 = lambda: torch.ones(2, dtype=torch.int8)
U8 = lambda: torch.ones(2, dtype=torch.uint8)
calls = {
    'half ** n': lambda n: H() ** n,
    'pow(half, n)': lambda n: torch.pow(H(), n),
    'half.pow_(n)': lambda n: H().pow_(n),
    'empty half ** n': lambda n: torch.ones(0, dtype=torch.float16) ** n,
    'float ** n': lambda n: F() ** n,
    'addcmul half': lambda n: torch.addcmul(H(), H(), H(), value=n),
    'addcmul float': lambda n: torch.addcmul(F(), F(), F(), value=n),
    'addcmul_ float': lambda n: F().addcmul_(F(), F(), value=n),
    'addcmul empty': lambda n: torch.addcmul(torch.ones(0), F()[:0], F()[:0], value=n),
    'addcmul double': lambda n: torch.addcmul(F().double(), F(), F(), value=n),
    'addcmul int8': lambda n: torch.addcmul(I8(), I8(), I8(), value=n),
    'addcmul uint8': lambda n: torch.addcmul(U8(), U8(), U8(), value=n),
    'addcdiv half': lambda n: torch.addcdiv(H(), H(), H(), value=n),
    'addcdiv_ float': lambda n: F().addcdiv_(F(), F(), value=n),
    'lerp half': lambda n: torch.lerp(H(), H(), n),
    'lerp float': lambda n: torch.lerp(F(), F(), n),
    'lerp_ float': lambda n: F().lerp_(F(), n),
    'lerp double': lambda n: torch.lerp(F().double(), F().double(), n),
}
for n in (65504.0, 65504.5, -65505.0, 70000, 1e5, 3.4028234663852886e38, 3.4028235e38,
          -1e39, 1e300, float('inf'), float('nan'), 300, -255, -256, 0.5, -0.5):
    line = []
    for name, call in calls.items():
        try:
            call(n)
            line.append('ok')
        except RuntimeError as e:
            line.append(str(e).split(' to type ')[-1].split(' without')[0])
    print(n, ' '.join(line))
"""),
]
