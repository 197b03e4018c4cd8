"""nn modules with complex parameters: Module.to(complex dtype) casts floating and complex
parameters and buffers (integer buffers keep theirs) with torch's warning, a complex Linear
layer's forward and backward, and a few SGD steps on it."""

from __future__ import annotations

CASES = [
    ("module_to_complex", """
import warnings
m = torch.nn.Linear(2, 2)
m.register_buffer("b_int", torch.tensor([1, 2]))
m.register_buffer("b_f", torch.tensor([1., 2.]))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    m.to(torch.complex64)
print([str(w.message)[:40] for w in caught])
print([(n, t.dtype) for n, t in m.named_buffers()], m.weight.dtype, m.bias.dtype)
m.to(torch.complex128)
print(m.weight.dtype, m.b_int.dtype)
m.double()
print(m.weight.dtype)
try:
    m.to(torch.int32)
except TypeError as e:
    print("TypeError", e)
"""),
    ("complex_linear_training", """
import warnings
warnings.simplefilter("ignore")
torch.manual_seed(0)
z = torch.randn(4, 3, dtype=torch.cfloat)
target = torch.randn(4, 2, dtype=torch.cfloat)
m = torch.nn.Linear(3, 2).to(torch.complex64)
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
for step in range(3):
    opt.zero_grad()
    out = m(z)
    loss = (out - target).abs().pow(2).mean()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4), out.grad_fn.name(), m.weight.grad.dtype)
result = torch.view_as_real(m.weight.detach())
"""),
]
