"""`out=` on the factories (zeros, arange, rand, randn, randint, normal, bernoulli,
multinomial, randperm, ...): the result written into out and out returned, out's dtype,
resizing (arange warns), torch's dtype/autograd errors, views written through, the random
factories drawing as the in-place fills, and requires_grad set from the factory's argument.
Each case is ``(case_id, python_source)`` (scripts/record_torch_reference.py)."""

from __future__ import annotations

_SHOW = """\
import warnings
torch.manual_seed(0)
def show(label, f):
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = f()
        print(label, r, r.dtype, r.shape, [str(x.message)[:60] for x in w])
    except Exception as e:
        print(label, type(e).__name__, e)
"""

CASES = [
    ("factory_out_0", _SHOW + """\
t = torch.empty(2, dtype=torch.float64)
show("zeros", lambda: torch.zeros(3, out=t)); print(t)
t = torch.empty(3, dtype=torch.int64)
r = torch.ones(3, out=t); print(r is t, t)
show("dtype", lambda: torch.zeros(3, out=t, dtype=torch.float32))
torch.manual_seed(0); t = torch.empty(3, dtype=torch.float64)
r = torch.rand(3, out=t); print(r is t, r)
"""),
    ("factory_out_1", _SHOW + """\
show("rand long", lambda: torch.rand(3, out=torch.empty(3, dtype=torch.int64)))
show("grad", lambda: torch.zeros(3, out=torch.empty(3, requires_grad=True)))
show("rand grad", lambda: torch.rand(3, out=torch.empty(3, requires_grad=True)))
torch.manual_seed(0)
show("randint", lambda: torch.randint(0, 10, (2,), out=torch.empty(2, dtype=torch.int32)))
show("randint float", lambda: torch.randint(0, 10, (3,), out=torch.zeros(3)))
"""),
    ("factory_out_2", _SHOW + """\
show("normal", lambda: torch.normal(0., 1., (2,), out=torch.empty(2)))
show("normal t", lambda: torch.normal(torch.zeros(3), 1., out=torch.empty(3, dtype=torch.float64)))
show("randn 20", lambda: torch.randn(4, 5, out=torch.empty(20)))
show("arange", lambda: torch.arange(3, out=torch.empty(5)))
show("full", lambda: torch.full((2,), 7, out=torch.empty(2, dtype=torch.int64)))
"""),
    ("factory_out_3", _SHOW + """\
t = torch.zeros(6); v = t[::2]
torch.ones(3, out=v); print(t)
t = torch.zeros(6); v = t[::2]
torch.manual_seed(1); torch.rand(3, out=v); print(t)
t = torch.zeros(2, 3); v = t.t()
torch.manual_seed(1); r = torch.randn(3, 2, out=v); print(r, t)
show("eye", lambda: torch.eye(2, out=torch.empty(1)))
"""),
    ("factory_out_4", _SHOW + """\
show("linspace", lambda: torch.linspace(0, 1, 3, out=torch.empty(3, dtype=torch.float64)))
show("logspace", lambda: torch.logspace(0, 1, 3, out=torch.empty(3)))
torch.manual_seed(0)
p = torch.tensor([.3, .6, .9])
show("bern", lambda: torch.bernoulli(p, out=torch.empty(3, dtype=torch.float64)))
torch.manual_seed(0)
p = torch.tensor([0.2, 0.3, 0.5])
show("multi", lambda: torch.multinomial(p, 2, out=torch.empty(5, dtype=torch.int64)))
"""),
    ("factory_out_5", _SHOW + """\
show("multi f", lambda: torch.multinomial(torch.tensor([0.2, 0.3, 0.5]), 2, out=torch.empty(2)))
torch.manual_seed(0)
show("randperm", lambda: torch.randperm(4, out=torch.empty(4)))
show("randperm2", lambda: torch.randperm(4, out=torch.empty(2, dtype=torch.int32)))
with torch.no_grad():
    t = torch.zeros(3, requires_grad=True); torch.ones(3, out=t); print(t)
"""),
    ("factory_out_6", _SHOW + """\
t = torch.zeros(3); v0 = t._version; torch.zeros(3, out=t); print(t._version > v0)
t = torch.zeros(3, requires_grad=True)
with torch.no_grad(): torch.rand(3, out=t)
print(t.requires_grad)
t = torch.zeros(3)
r = torch.ones(3, out=t, requires_grad=True); print(t.requires_grad, r is t)
"""),
    ("factory_out_7", _SHOW + """\
t = torch.zeros(3)
torch.manual_seed(0); r = torch.rand(3, out=t, requires_grad=True); print(t)
t = torch.zeros(3, requires_grad=True)
with torch.no_grad(): torch.bernoulli(torch.ones(3)/2, out=t)
print(t.requires_grad)
show("int rg", lambda: torch.ones(3, out=torch.zeros(3, dtype=torch.int64), requires_grad=True))
"""),
]
