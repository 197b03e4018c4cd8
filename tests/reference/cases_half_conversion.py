"""float64 values converted to float16, recorded from torch 2.13: torch makes a half from a
float, so a double rounds to float32 first and then to float16 (a double just off a
float16 tie rounds as the float32 tie it becomes), in tensor(), as_tensor(), .to()/.half(),
copy_, full, fill_ and x[i] = v. The values are the first doubles of a seeded stream whose
direct and two-step roundings differ. Ids start with ``hc_``.
"""

from __future__ import annotations

CASES: list[tuple[str, str]] = [
    ("hc_double_to_half_through_float", """
import numpy as np
rng = np.random.default_rng(5)
v = rng.standard_normal(200000) * 10 ** rng.uniform(-8, 4, 200000)
with np.errstate(all='ignore'):
    direct, stepped = v.astype(np.float16), v.astype(np.float32).astype(np.float16)
vals = [float(x) for x in v[direct != stepped][:8]]
H = torch.float16
print(torch.tensor(vals, dtype=H).tolist())
print(torch.tensor(np.array(vals), dtype=H).tolist())
print(torch.as_tensor(np.array(vals), dtype=H).tolist())
print(torch.tensor(vals, dtype=torch.float64).to(H).tolist())
print(torch.tensor(vals, dtype=torch.float64).half().tolist())
print([torch.full((1,), x, dtype=H).item() for x in vals])
print([torch.zeros(1, dtype=H).fill_(x).item() for x in vals])
def setitem(x):
    t = torch.zeros(2, dtype=H)
    t[0] = x
    return t[0].item()
print([setitem(x) for x in vals])
print([torch.tensor(x, dtype=H).item() for x in vals])
t = torch.zeros(len(vals), dtype=H)
t.copy_(torch.tensor(vals, dtype=torch.float64))
print(t.tolist())
x = torch.tensor(vals, dtype=torch.float64, requires_grad=True)
y = x.half()
y.backward(torch.ones(len(vals), dtype=H))
print(y.grad_fn.name(), x.grad.dtype)
"""),
]
CASES += [
    ("hc_zero_dim_divisor_grad_beside_half", """
import numpy as np
rng = np.random.default_rng(2)
for trial in range(40):
    x = torch.tensor((rng.standard_normal(5) * 10 ** rng.uniform(-2, 3, 5)).tolist(),
                     dtype=torch.float16, requires_grad=True)
    d = torch.tensor(float(rng.standard_normal() * 10 ** rng.uniform(-2, 2)),
                     requires_grad=True)
    y = x / d
    y.backward(torch.tensor((rng.standard_normal(5) * 3).tolist(), dtype=torch.float16))
    print(y.dtype, x.grad.tolist(), d.grad.dtype, d.grad.item())
"""),
]
