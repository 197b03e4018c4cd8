"""Cases the twentieth session's lead added: a Python number to the power of a float tensor
(0-d too: NumPy 1 computed that in float64 and rounded), gradients of products and
quotients by Python numbers (kept as 0-d arrays of the gradient's dtype), float32 exp and
friends of a few values (the C library's double function value by value), tensors from
long nested lists, and `torch.GradScaler`. Ids start with ``lead20_``.
"""

from __future__ import annotations

CASES = [
    ("lead20_number_to_a_tensors_power", """
for dt in (torch.float32, torch.float64):
    for i in range(1, 40):
        t = torch.tensor(i / 7.0, dtype=dt)
        v = torch.tensor([i / 3.0, -1.5, 0.0], dtype=dt)
        print(dt, (0.999 ** t).item(), (1 - 0.999 ** t).item(), (2.5 ** v).tolist(),
              ((-1.5) ** v).tolist())
x = torch.tensor(1.7, requires_grad=True)
y = 0.9 ** x
y.backward()
print(y, x.grad)
"""),
    ("lead20_gradients_by_python_numbers", """
for b in (0.5, 0.1, 3, 2**40 + 1, 1e300, -0.0, 1e-50):
    for dt in (torch.float32, torch.float64, torch.float16):
        x = torch.tensor([1.5, -2.0, 3e-3], dtype=dt, requires_grad=True)
        (x * b).backward(torch.tensor([1.0, 0.3, 7.0], dtype=dt))
        y = torch.tensor([1.5, -2.0, 3e-3], dtype=dt, requires_grad=True)
        (y / b).backward(torch.tensor([1.0, 0.3, 7.0], dtype=dt))
        z = torch.tensor([1.5, -2.0, 3e-3], dtype=dt, requires_grad=True)
        (b * z).sum().backward()
        print(b, dt, x.grad.tolist(), y.grad.tolist(), z.grad.tolist())
"""),
    ("lead20_few_value_transcendentals", """
# (six significant digits: torch's MKL/SLEEF results are not correctly rounded for 1-3%
# of values, docs/differences.md)
def show(t):
    return ["%.6g" % v for v in t.tolist()]

torch.manual_seed(0)
for n in range(1, 10):
    x = torch.randn(n) * 3
    print(n, show(x.exp()), show(x.expm1()), show(x.tanh()))
    print(show(x.abs().log1p()), show(x.abs().log10()))
special = torch.tensor([-0.0, float("inf"), -float("inf"), float("nan"), 100.0, -1.0, -2.0, 1e-30])
for f in (torch.exp, torch.expm1, torch.log1p, torch.tanh, torch.log10):
    print(f.__name__, f(special[:4]), f(special[4:]))
t = torch.tensor([0.5, 1.5, -2.0], requires_grad=True)
y = t.exp()
y.sum().backward()
print(y, t.grad)
"""),
    ("lead20_tensor_from_long_lists", """
rows = [[float((i * j) % 7) - 3 + 0.25 * j for j in range(50)] for i in range(200)]
t = torch.tensor(rows)
print(t.shape, t.dtype, t.sum().item(), t[17, 3:9])
ints = [[i * j for j in range(30)] for i in range(30)]
print(torch.tensor(ints).dtype, torch.tensor(ints).sum())
mixed = [[1, 2.5, True], [False, 3, 4.0]]
print(torch.tensor(mixed), torch.tensor([[True, False], [False, True]]))
print(torch.tensor([[1, 2], [3, 4]], dtype=torch.float64))
try:
    torch.tensor([[1.0, 2.0], [3.0]])
except Exception as e:
    print(type(e).__name__, e)
"""),
    ("lead20_grad_scaler_name", """
print(torch.GradScaler is torch.amp.GradScaler)
"""),
]
