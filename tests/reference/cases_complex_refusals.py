"""Ops torch has no complex kernel for: each refuses a complex tensor with torch's own
NotImplementedError ("<kernel>" not implemented for 'ComplexFloat'), in its function, method
and torch.nn.functional forms, after the argument checks torch makes first; and the same
ops' refusals of real dtypes beside them (the ScalarType names of every dtype)."""

from __future__ import annotations

# Each call's exception type and message (or its result's dtype, were it to succeed).
_HELPERS = """
import torch.nn.functional as F

def show(label, f):
    try:
        print(label, "->", f().dtype)
    except (RuntimeError, NotImplementedError, TypeError) as e:
        print(label, "->", type(e).__name__, e)

z = torch.tensor([[1+2j, -0.5+0.25j, 3j], [2-1j, 0j, -1.5+0j]])
zd = z.to(torch.complex128)
"""

CASES = [
    ("complex_refusals_integer_kernels", _HELPERS + """
for t in (z, zd):
    show("bincount", lambda: t.bincount())
    show("torch.bincount", lambda: torch.bincount(t.flatten()))
    for name in ("gcd", "lcm", "nextafter"):
        show(name, lambda: getattr(t, name)(t))
        show("torch." + name, lambda: getattr(torch, name)(t, t))
        show(name + "_", lambda: getattr(t.clone(), name + "_")(t))
show("gcd with int", lambda: torch.gcd(z, torch.ones(3, dtype=torch.int64)))
show("nextafter with float", lambda: torch.nextafter(torch.ones(3), zd))
for d in (torch.float32, torch.bool, torch.int8):
    show(f"gcd {d}", lambda: torch.gcd(torch.ones(3, dtype=d), torch.ones(3, dtype=d)))
    show(f"nextafter {d}", lambda: torch.nextafter(torch.ones(3, dtype=d),
                                                   torch.ones(3, dtype=d)))
    show(f"bincount {d}", lambda: torch.ones(3, dtype=d).bincount())
"""),
    ("complex_refusals_softmax_hardshrink", _HELPERS + """
for t in (z, zd):
    show("hardshrink", lambda: t.hardshrink())
    show("F.hardshrink", lambda: F.hardshrink(t, 0.3))
    show("softmax", lambda: t.softmax(0))
    show("torch.softmax", lambda: torch.softmax(t, -1))
    show("F.softmax", lambda: F.softmax(t, dim=1))
    show("log_softmax", lambda: t.log_softmax(0))
    show("torch.log_softmax", lambda: torch.log_softmax(t, -1))
    show("F.log_softmax", lambda: F.log_softmax(t, dim=1))
for d in (torch.int64, torch.uint8, torch.bool):
    x = torch.ones(2, 3, dtype=d)
    show(f"softmax {d}", lambda: x.softmax(0))
    show(f"log_softmax {d}", lambda: F.log_softmax(x, 1))
    show(f"hardshrink {d}", lambda: F.hardshrink(x))
"""),
    ("complex_refusals_histc", _HELPERS + """
empty = torch.tensor([], dtype=torch.complex64)
for t in (z, zd):
    show("histc", lambda: t.histc())
    show("torch.histc", lambda: torch.histc(t, bins=4))
    show("histc range", lambda: t.histc(min=-1, max=1))
    show("histc equal bounds", lambda: torch.histc(t, min=2, max=2))
show("histc empty", lambda: empty.histc())
show("histc bins 0", lambda: z.histc(bins=0))
show("histc min > max", lambda: z.histc(min=1, max=0))
show("histc int16", lambda: torch.ones(3, dtype=torch.int16).histc())
for x in (torch.tensor([1, 2]), torch.tensor([True]), torch.tensor([1.5])):
    for kw in ({"bins": 0}, {"bins": 3, "min": 2, "max": 1}, {"bins": 3}):
        show(f"histc {x.dtype} {kw}", lambda: torch.histc(x, **kw))
"""),
]
