"""`out=` on the namespace functions (issue 11): the result written into out and out itself
returned, out resized (with torch's deprecation warning unless it was empty), the dtype rule
of each kind of kernel (cast when can_cast allows, or out's dtype must be the result's, or
the reduction computes in out's dtype), the refusal under grad mode, tuple outs, and outs
that overlap an input. Each case is ``(case_id, python_source)``
(scripts/record_torch_reference.py); ember's side is src/ember/_out.py."""

from __future__ import annotations

_SHOW = """\
import warnings
def show(label, f):
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = f()
        print(label, r, [str(x.message)[:150] for x in w])
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
a = torch.tensor([[0.2, 0.5], [0.7, 0.9]]); b = torch.tensor([[0.3, 0.1], [0.6, 0.4]])
ai = torch.tensor([[2, 5], [7, 9]]); bi = torch.tensor([[3, 1], [6, 4]])
c = torch.tensor([[True, False], [False, True]])
"""

# Each function's call on float and integer operands, into outs of several dtypes: the
# value or torch's error.
_DTYPES = """\
def sweep(name, call):
    for tag, x, y in (("f", a, b), ("i", ai, bi)):
        for d in (torch.float32, torch.float64, torch.float16, torch.int64, torch.int32,
                  torch.bool):
            show(f"{name} {tag} {d}", lambda: call(x, y, torch.empty(0, dtype=d)))
"""

_CALLS = {
    "unary": ["sin", "exp", "sqrt", "sigmoid", "abs", "neg", "floor", "sign", "logical_not"],
    "binary": ["add", "sub", "mul", "div", "pow", "maximum", "fmod", "eq", "lt",
               "logical_and", "atan2", "subtract"],
}

CASES = [
    ("out_identity", _SHOW + """\
o = torch.empty(2, 2); v = o._version
r = torch.add(a, b, out=o); print(r is o, o, o._version > v)
o = torch.empty(2, 2); p = o.data_ptr(); r = torch.mul(a, b, out=o); print(r.data_ptr() == p)
print(torch.sin(a, out=None))
t = torch.zeros(8); v = t[::2]
torch.exp(torch.zeros(4), out=v); print(t)
t = torch.zeros(2, 2); torch.sub(a, b, out=t.t()); print(t)
"""),
    ("out_resize", _SHOW + """\
show("larger", lambda: torch.add(a, b, out=torch.empty(3)))
show("empty", lambda: torch.add(a, b, out=torch.empty(0)))
show("same", lambda: torch.add(a, b, out=torch.empty(2, 2)))
show("sum", lambda: torch.sum(a, 0, out=torch.empty(5)))
show("cat", lambda: torch.cat([a, b], out=torch.empty(2)))
"""),
    ("out_autograd", _SHOW + """\
g = a.clone().requires_grad_()
show("add", lambda: torch.add(g, b, out=torch.empty(2, 2)))
show("out rg", lambda: torch.add(a, b, out=torch.empty(2, 2, requires_grad=True)))
show("subtract", lambda: torch.subtract(g, b, out=torch.empty(2, 2)))
show("hstack", lambda: torch.hstack([g, b], out=torch.empty(0)))
show("sort", lambda: torch.sort(g, out=(torch.empty(0), torch.empty(0, dtype=torch.long))))
show("lt", lambda: torch.lt(g, b, out=torch.empty(0, dtype=torch.bool)))
show("argmax", lambda: torch.argmax(g, 0, out=torch.empty(0, dtype=torch.long)))
with torch.no_grad():
    o = torch.empty(2, 2); show("no_grad", lambda: torch.add(g, b, out=o)); print(o.requires_grad)
    o = torch.empty(2, 2, requires_grad=True); torch.add(a, b, out=o)
    print(o.requires_grad, o.grad_fn, o.is_leaf)
"""),
    ("out_tuple", _SHOW + """\
v = torch.empty(0); i = torch.empty(0, dtype=torch.long)
r = torch.max(a, 0, out=(v, i)); print(r, r[0] is v, r[1] is i, type(r).__name__)
r = torch.min(a, 1, keepdim=True, out=[v, i]); print(r, type(r).__name__)
r = torch.sort(b, 1, descending=True, out=(v, i)); print(r, type(r).__name__)
r = torch.topk(a.flatten(), 2, out=(v, i)); print(r, type(r).__name__)
show("idx float", lambda: torch.max(a, 0, out=(torch.empty(0), torch.empty(0))))
show("val double", lambda: torch.sort(a, out=(torch.empty(0, dtype=torch.float64), i)))
show("one", lambda: torch.sort(a, out=(torch.empty(0),)))
show("tuple for single", lambda: torch.add(a, b, out=(torch.empty(0),)))
show("not tensor", lambda: torch.add(a, b, out="x"))
"""),
    ("out_overlap", _SHOW + """\
x = a.clone(); r = torch.add(x, b, out=x); print(r is x, x)
x = a.clone(); torch.mul(x, x, out=x); print(x)
x = torch.arange(5.)
show("partial", lambda: torch.add(x[:3], x[1:4], out=x[1:4]))
show("partial scalar", lambda: torch.sin(x[:3], out=x[1:4]))
show("cat alias", lambda: torch.cat([x, x], out=x))
show("expanded", lambda: torch.add(a, b, out=torch.zeros(1, 2).expand(2, 2)))
"""),
    ("out_reductions", _SHOW + """\
x = torch.tensor([1., 1e-8, 1e-8])
show("sum f64", lambda: torch.sum(x, 0, out=torch.empty(0, dtype=torch.float64)).item())
show("sum long", lambda: torch.sum(a, 0, out=torch.empty(0, dtype=torch.long)))
i8 = torch.tensor([[100, 100]], dtype=torch.int8)
show("sum int8", lambda: torch.sum(i8, 1, out=torch.empty(0, dtype=torch.int8)))
show("prod", lambda: torch.prod(ai, 0, out=torch.empty(0)))
show("cumsum", lambda: torch.cumsum(a, 1, out=torch.empty(0, dtype=torch.long)))
show("cumprod", lambda: torch.cumprod(ai, 0, out=torch.empty(0, dtype=torch.float64)))
show("mean", lambda: torch.mean(a, 0, out=torch.empty(0, dtype=torch.float64)))
show("mean long", lambda: torch.mean(a, 0, out=torch.empty(0, dtype=torch.long)))
show("amax", lambda: torch.amax(a, 0, out=torch.empty(0)))
show("amax f64", lambda: torch.amax(a, 0, out=torch.empty(0, dtype=torch.float64)))
show("argmin", lambda: torch.argmin(a, 1, out=torch.empty(0, dtype=torch.long)))
show("argmin f", lambda: torch.argmin(a, 1, out=torch.empty(0)))
show("std", lambda: torch.std(a, 0, out=torch.empty(0)))
show("max all", lambda: torch.max(a, out=torch.empty(0, dtype=torch.float64)))
show("min ab", lambda: torch.min(a, b, out=torch.empty(0, dtype=torch.float64)))
show("max long", lambda: torch.max(a, out=torch.empty(0, dtype=torch.long)))
show("sum all", lambda: torch.sum(a, out=torch.empty(0)))
show("prod all", lambda: torch.prod(a, out=torch.empty(0)))
show("sum dtype", lambda: torch.sum(a, 0, dtype=torch.float64, out=torch.empty(0)))
show("cumsum dtype", lambda: torch.cumsum(a, 0, dtype=torch.float64, out=torch.empty(0)))
show("sum dtype same", lambda: torch.sum(a, 0, dtype=torch.float64,
                                         out=torch.empty(0, dtype=torch.float64)))
"""),
    ("out_matrix", _SHOW + """\
show("mm", lambda: torch.mm(a, b, out=torch.empty(0)))
show("mm f64", lambda: torch.mm(a, b, out=torch.empty(0, dtype=torch.float64)))
show("mm long", lambda: torch.mm(ai, bi, out=torch.empty(0, dtype=torch.long)))
show("bmm", lambda: torch.bmm(a[None], b[None], out=torch.empty(0)))
show("matmul", lambda: torch.matmul(a, b, out=torch.empty(0)))
show("addmm", lambda: torch.addmm(a, a, b, beta=0.5, out=torch.empty(0)))
show("mv", lambda: torch.mv(a, b[0], out=torch.empty(0)))
show("outer", lambda: torch.outer(a[0], b[0], out=torch.empty(0, dtype=torch.float64)))
"""),
    ("out_shapes", _SHOW + """\
show("cat", lambda: torch.cat([a, b], 1, out=torch.empty(0)))
show("cat f64", lambda: torch.cat([a, b], out=torch.empty(0, dtype=torch.float64)))
show("cat long", lambda: torch.cat([a, b], out=torch.empty(0, dtype=torch.long)))
show("cat int", lambda: torch.cat([ai, bi], out=torch.empty(0, dtype=torch.int32)))
show("stack", lambda: torch.stack([a, b], out=torch.empty(0)))
show("vstack", lambda: torch.vstack([a, b], out=torch.empty(0, dtype=torch.bool)))
show("hstack", lambda: torch.hstack([a[0], b[0]], out=torch.empty(0)))
show("tril", lambda: torch.tril(a, out=torch.empty(0)))
show("gather", lambda: torch.gather(a, 1, torch.tensor([[1], [0]]), out=torch.empty(0)))
show("where", lambda: torch.where(c, a, b, out=torch.empty(0)))
show("where f64", lambda: torch.where(c, a, b, out=torch.empty(0, dtype=torch.float64)))
show("clamp", lambda: torch.clamp(a, 0.3, 0.6, out=torch.empty(0)))
show("clamp f64", lambda: torch.clamp(a, 0.3, 0.6, out=torch.empty(0, dtype=torch.float64)))
show("softmax", lambda: torch.softmax(a, 0, out=torch.empty(0)))
"""),
    ("out_refused", _SHOW + """\
for name in ("relu", "clone", "isnan"):
    show(name, lambda: getattr(torch, name)(a, out=torch.empty(0)))
show("flip", lambda: torch.flip(a, (0,), out=torch.empty(0)))
show("transpose", lambda: torch.transpose(a, 0, 1, out=torch.empty(0)))
"""),
] + [
    (f"out_dtypes_{kind}_{name}", _SHOW + _DTYPES + (
        f"sweep({name!r}, lambda x, y, o: torch.{name}(x, out=o))\n" if kind == "unary" else
        f"sweep({name!r}, lambda x, y, o: torch.{name}(x, y, out=o))\n"))
    for kind, names in _CALLS.items() for name in names
] + [
    (f"out_dtypes_{name}", _SHOW + _DTYPES + f"sweep({name!r}, lambda x, y, o: {call})\n")
    for name, call in (
        ("dot", "torch.dot(x[0], y[0], out=o)"), ("tensordot", "torch.tensordot(x, y, out=o)"),
        ("index_select", "torch.index_select(x, 0, torch.tensor([1]), out=o)"),
        ("take", "torch.take(x, torch.tensor([0, 3]), out=o)"),
        ("signbit", "torch.signbit(x, out=o)"), ("nan_to_num", "torch.nan_to_num(x, out=o)"),
        ("all", "torch.all(x, 0, out=o)"),
        ("nonzero", "torch.nonzero(x, out=o)"), ("diag", "torch.diag(x, out=o)"),
        ("scatter", "torch.scatter(x, 0, torch.tensor([[1, 0]]), y[:1], out=o)"),
        ("clamp_min", "torch.clamp_min(x, 1, out=o)"),
        ("threshold", "torch.threshold(x, 1, 0, out=o)"),
        ("diff", "torch.diff(x, out=o)"), ("isin", "torch.isin(x, y, out=o)"),
        ("masked_select", "torch.masked_select(x, c, out=o)"),
        ("inverse", "torch.inverse(x.double() if x.is_floating_point() else x, out=o)"))
]
