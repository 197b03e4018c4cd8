"""`Tensor.view(dtype)`: the same bytes read as another dtype (ops/shape_dtype.py). Values,
shapes, strides and storage offsets for element sizes that agree and differ, torch's
refusals and their words, the memory and version counter it shares, what autograd makes of
it (a non-differentiable view: no grad_fn, no _base, a leaf), in-place writes through it, its
argument forms, and printing of reinterpreted special values.

Ids start with ``view_dtype_``.
"""

from __future__ import annotations


def _calls(*calls: str, whole: bool = False) -> str:
    """Source that prints, for each call, its result or its exception's type and message
    (the first line of it, or all of it with `whole`)."""
    message = "str(e)" if whole else "str(e).split('\\n')[0]"
    lines = ["def show(text, f):",
             "    try:",
             "        print(text, '->', repr(f()).replace('\\n', ' '))",
             "    except Exception as e:",
             f"        print(text, '->', type(e).__name__, {message})"]
    lines += [f"show({call!r}, lambda: {call})" for call in calls]
    return "\n".join(lines) + "\n"


# A result with its layout (without elements too: tests/reference/cases_empty_views.py)
_LAYOUT = """\
def layout(t):
    return (t, tuple(t.shape), t.stride(), t.storage_offset(), t.dtype)
"""

CASES: list[tuple[str, str]] = [
    # One element size: any layout, the shape and strides kept
    ("view_dtype_same_size", _LAYOUT + """\
f = torch.arange(4.)
print(*layout(f.view(torch.int32)))
print(*layout(f.view(torch.int32).view(torch.float32)))
print(*layout(torch.tensor([-1.5, 2., 0.1], dtype=torch.float64).view(torch.int64)))
print(*layout(torch.tensor([1, -2, 2**62]).view(torch.float64)))
print(*layout(torch.tensor([-1.5, 2., 65504.], dtype=torch.float16).view(torch.int16)))
print(*layout(torch.tensor([1, 0x7bff, -1024], dtype=torch.int16).view(torch.float16)))
print(*layout(torch.tensor([True, False]).view(torch.uint8)))
print(*layout(torch.tensor([True, False]).view(torch.int8)))
print(*layout(torch.tensor([0, 1, 1], dtype=torch.uint8).view(torch.bool)))
print(*layout(torch.tensor([1, 255, 128], dtype=torch.uint8).view(torch.int8)))
print(*layout(torch.tensor([-1, 127], dtype=torch.int8).view(torch.uint8)))
print(*layout(torch.tensor(3.).view(torch.int32)))
print(*layout(torch.tensor(-0.).view(torch.int32)))
m = torch.arange(6.).reshape(2, 3)
print(*layout(m.t().view(torch.int32)))
print(*layout(m[:, ::2].view(torch.int32)))
print(*layout(m[1:, 1:].view(torch.int32)))
print(*layout(m[:1].expand(3, 3).view(torch.int32)))
print(*layout(torch.zeros(0, 3).view(torch.int32)))
"""),
    # Smaller elements: each splits along the last dim, strides and offset scaled
    ("view_dtype_smaller", _LAYOUT + """\
f = torch.arange(4.)
print(*layout(f.view(torch.int16)))
print(*layout(f.view(torch.int8)))
print(*layout(f.view(torch.uint8)))
print(*layout(f.view(torch.bool)))
print(*layout(f.view(torch.float16)))
print(*layout(f[1:].view(torch.float16)))
d = torch.tensor([[1., -2.], [3., 4.]], dtype=torch.float64)
print(*layout(d.view(torch.int8)))
print(*layout(d.view(torch.float32)))
print(*layout(d[1:].view(torch.int16)))
print(*layout(torch.tensor([1, 2, 3]).view(torch.int32)))
b = torch.arange(40.)
print(*layout(b.as_strided((3, 4), (4, 1), 2).view(torch.int8)))
print(*layout(b.reshape(4, 10)[:, :3].view(torch.int16)))
print(*layout(b.reshape(2, 4, 5)[:, ::2].view(torch.float16)))
print(*layout(b[:4].reshape(4, 1).view(torch.int16)))
print(*layout(torch.zeros(4, 2)[:, 0:1].view(torch.int8)))
print(*layout(torch.zeros(1, 4).expand(3, 4).view(torch.int16)))
print(*layout(torch.zeros(3, 0).view(torch.int16)))
print(*layout(torch.zeros(0).view(torch.int16)))
"""),
    # Larger elements: neighbours along the last dim merge, strides and offset divided
    ("view_dtype_larger", _LAYOUT + """\
s = torch.arange(8, dtype=torch.int16)
print(*layout(s.view(torch.int32)))
print(*layout(s.view(torch.float32)))
print(*layout(s.view(torch.int64)))
print(*layout(s.view(torch.float64)))
print(*layout(s.reshape(2, 4)[:, 2:].view(torch.int32)))
print(*layout(s.reshape(2, 4)[1:, 2:].view(torch.int32)))
print(*layout(torch.arange(12, dtype=torch.int16).reshape(2, 6)[:, :4].view(torch.int32)))
print(*layout(torch.arange(24, dtype=torch.int16).reshape(2, 3, 4)[:, ::2].view(torch.int32)))
print(*layout(torch.arange(16, dtype=torch.uint8).view(torch.float64)))
print(*layout(torch.tensor([True, False, False, True]).view(torch.int16)))
f = torch.arange(12.)
print(*layout(f.view(torch.float64)))
print(*layout(f[2:10].view(torch.float64)))
print(*layout(f.reshape(3, 4)[:, :2].view(torch.float64)))
print(*layout(torch.zeros(1, 4).expand(3, 4).view(torch.float64)))
print(*layout(torch.zeros(0, 4).view(torch.float64)))
print(*layout(torch.zeros(0).view(torch.float64)))
"""),
    # torch's refusals of another element size, checked in its order
    ("view_dtype_refusals", """\
f = torch.arange(12.)
b = torch.zeros(40)
""" + _calls(
        "torch.tensor(3.).view(torch.int16)", "torch.tensor(3.).view(torch.float64)",
        "torch.tensor(True).view(torch.int16)",
        "f.reshape(3, 4)[:, ::2].view(torch.int16)", "f.reshape(3, 4).t().view(torch.int8)",
        "f[:3].view(torch.float64)", "f.reshape(4, 3).view(torch.float64)",
        "f[1:5].view(torch.float64)", "f.reshape(3, 4)[:, 1:3].view(torch.float64)",
        "f.reshape(4, 3)[:, :2].view(torch.float64)",
        "torch.zeros(3, 1).expand(3, 4).view(torch.float64)",
        "b.as_strided((3, 4), (3, 2), 0).view(torch.float64)",
        "b.as_strided((3, 4), (3, 2), 1).view(torch.float64)",
        "b.as_strided((3, 4), (3, 1), 1).view(torch.float64)",
        "b.as_strided((3, 3), (3, 2), 1).view(torch.float64)",
        "b.as_strided((2, 3, 4), (1, 8, 1), 0).view(torch.float64)",
        "b.as_strided((2, 3, 4), (2, 7, 1), 0).view(torch.float64)",
        "b.as_strided((3, 1), (3, 2), 3).view(torch.int8)",
        "torch.zeros(3, 0).view(torch.float64)", "torch.zeros(3).view(torch.float64)",
        "torch.arange(6, dtype=torch.int16).view(torch.float64)",
        "torch.zeros(3, dtype=torch.uint8).view(torch.int16)",
        "torch.zeros(2, dtype=torch.bool).view(torch.float32)")),
    # It shares memory and the version counter: writes either way are seen, and counted
    ("view_dtype_memory", """\
x = torch.arange(4.)
v = x.view(torch.int32)
h = x.view(torch.int16)
print(v.data_ptr() == x.data_ptr(), h.data_ptr() == x.data_ptr())
print(x[1:].view(torch.int8).data_ptr() - x.data_ptr())
v[0] = 1065353216
print(x, x._version, v._version, h._version)
x.add_(1)
print(v, h, x._version, v._version, h._version)
h[1] = -1
print(x, v, x._version, v._version)
v.copy_(torch.tensor([1, 2, 3, 4]))
print(x)
x.view(torch.int8).fill_(0)
print(x, v, x._version)
with torch.no_grad():
    v.add_(1)
print(x, x._version)
r = torch.arange(4.).view(torch.int32)
print(r.float(), (r + 1).view(torch.float32), r.is_contiguous(), r._base is None)
"""),
    # autograd: a non-differentiable view, a leaf without grad_fn or _base, whatever the
    # source, the dtype, and grad mode
    ("view_dtype_autograd", """\
x = torch.arange(4., requires_grad=True)
a = x * 2
p = x[1:]
def show(name, t):
    print(name, t.dtype, t.requires_grad, t.grad_fn, t.is_leaf, t._base is None, t._version)
for src, name in ((x, "leaf"), (a, "non-leaf"), (p, "view")):
    for dtype in (torch.float32, torch.int32, torch.int16, torch.float16, torch.float64):
        if dtype is torch.float64 and name == "view":
            continue
        show(f"{name}.view({dtype})", src.view(dtype))
with torch.no_grad():
    show("no_grad leaf.view(int32)", x.view(torch.int32))
    show("no_grad non-leaf.view(float32)", a.view(torch.float32))
v = a.view(torch.float32)
print(v, a.view(torch.int32), x.view(torch.float16))
print(v is a, (v * 2).requires_grad, (v * 2).grad_fn)
s = v[1:]
print(s.requires_grad, s.grad_fn, s._base is v, s.is_leaf)
pa = torch.nn.Parameter(torch.ones(2))
w = pa.view(torch.int32)
print(type(w).__name__, w.requires_grad, w.grad_fn, w)
""" + _calls("v.retain_grad()", "v.backward(torch.ones(4))",
             "torch.autograd.grad(v.sum(), x)", "x.view(torch.int32).requires_grad_()",
             "x.view(torch.float32).requires_grad_().is_leaf")),
    # In-place writes through it are not recorded on its source; the shared version
    # counter still makes saved values refuse, and views of the source stale
    ("view_dtype_inplace_autograd", """\
def leaf():
    return torch.arange(4., requires_grad=True)
x = leaf(); v = x.view(torch.float32); v.add_(1)
print(x, x._version, x.grad_fn, v.grad_fn, v.requires_grad)
x.sum().backward(); print(x.grad)
x = leaf(); x.view(torch.int32).add_(1); print(x, x._version)
x = leaf(); x.view(torch.int16)[0] = 5; print(x)
x = leaf(); a = x * 2; a.view(torch.float32).mul_(3)
print(a, a._version, type(a.grad_fn).__name__)
a.sum().backward(); print(x.grad)
x = leaf(); w = torch.ones(4, requires_grad=True); v = x.view(torch.float32); v.mul_(w)
print(v, type(v.grad_fn).__name__, x.grad_fn, x.requires_grad)
x = leaf(); v = x.view(torch.float32); v[0] = torch.tensor(5., requires_grad=True)
print(v, type(v.grad_fn).__name__, x)
x = leaf(); v = x.view(torch.float32); s = v[1:]; s.mul_(torch.ones(3, requires_grad=True))
print(type(v.grad_fn).__name__, type(s.grad_fn).__name__, x.grad_fn, v.requires_grad)
x = leaf(); b = x * 1; s = b[1:]; b.view(torch.float32).mul_(2)
print(type(s.grad_fn).__name__, type(b.grad_fn).__name__, s._version)
s.sum().backward(); print(x.grad)
x = leaf(); v = x.view(torch.float32); v.requires_grad_(); (v * 3).sum().backward()
print(v.grad, x.grad)
x = torch.arange(4.); v = x.view(torch.float16); v.requires_grad_(); (v * 2).sum().backward()
print(v.grad, x.grad)
with torch.no_grad():
    x = leaf(); x.view(torch.int32).add_(1)
print(x, x._version)
def exp_then_write():
    x = leaf(); a = x.exp(); a.view(torch.int32).add_(1); a.sum().backward()
def mul_then_zero():
    x = leaf(); y = x * 2; z = y.pow(2); y.view(torch.float32).zero_(); z.sum().backward()
def square_then_write():
    x = leaf(); y = x * x; x.view(torch.float32).add_(1); y.sum().backward()
""" + _calls("exp_then_write()", "mul_then_zero()", "square_then_write()")),
    # Its argument forms: by position or keyword, Python's types as dtypes, and torch's
    # TypeErrors for calls of neither signature (view(dtype) or view(*size))
    ("view_dtype_arguments", """\
x = torch.arange(4.)
""" + _calls(
        "x.view(dtype=torch.int32)", "x.view(int)", "x.view(float)", "x.view(bool)",
        "x.view(dtype=int)", "torch.Tensor.view(x, torch.int16)",
        "torch.Tensor.view(x, dtype=torch.int16)", "x.view(size=(2, 2))", "x.view(size=[4])",
        "x.view_as(torch.zeros(4, dtype=torch.int32))", "x.view(torch.Size([2, 2]))",
        "x.view(torch.tensor(4))", "x.view(torch.tensor(2), 2)", "x.view(size=())",
        whole=False) + _calls(
        "x.view('int32')", "x.view(None)", "x.view()", "x.view(2.0)",
        "x.view((torch.int32,))", "x.view([torch.int32, torch.int32])",
        "x.view(torch.int32, 2)", "x.view(dtype=None)", "x.view(size=2)",
        "x.view(torch.int32, dtype=torch.int32)", "x.view(4, dtype=torch.int32)",
        "x.view(size=(2, 2), dtype=torch.int32)", "x.view(2, size=(2,))",
        "x.view(size=(4,), shape=2)", "x.view(foo=1)", "x.view(2, 2, foo=1)",
        "x.view(2.0, 2)", "x.view('a', 2)", "x.view(int, 2)", "torch.tensor([5.]).view()",
        whole=True) + _calls(
        "x.view(2, torch.int32)", "x.view([2, 2.0])", "x.view((2, 'a'))", "x.view(2, None)",
        "x.view(size=(2, 2.0))", "x.view(1, int)", "x.view(2, 2, torch.float32)",
        "x.view([])")),
    # A dual tensor's view(dtype) has no tangent, whatever the dtype
    ("view_dtype_forward_ad", """\
import torch.autograd.forward_ad as fwAD
with fwAD.dual_level():
    d = fwAD.make_dual(torch.arange(4.), torch.ones(4))
    for dtype in (torch.float32, torch.int32, torch.float16):
        v = d.view(dtype)
        print(dtype, fwAD.unpack_dual(v).tangent, v.requires_grad)
"""),
    # Saved: its memory in its own dtype, shared with other views of that dtype; tensors
    # reading one memory as different dtypes are refused together
    ("view_dtype_save", """\
import io
def round_trip(objs):
    buffer = io.BytesIO()
    torch.save(objs, buffer)
    buffer.seek(0)
    return torch.load(buffer)
x = torch.arange(6.)
a, b, c = round_trip([x[1:].view(torch.int16), x[2:4].view(torch.int16),
                      x.view(torch.int16)[3:7:2]])
print(a, b, c, a.storage_offset(), b.storage_offset(), c.storage_offset(), c.stride())
b[0] = -1
print(a)
print(round_trip(x.view(torch.float64)))
""" + _calls("round_trip([x, x.view(torch.int32)])",
             "round_trip({'a': x.view(torch.float64), 'b': x.view(torch.int8)})",
             "round_trip([x.view(torch.int32).view(torch.float32), x[1:]])")),
    # Reinterpreted bits print as torch prints them: infinities, nan, subnormals, -0.
    ("view_dtype_special_values", """\
i32 = [0x7f800000, -0x800000, 0x7fc00001, 1, 0x00800000, -1, -2**31]
print(torch.tensor(i32, dtype=torch.int32).view(torch.float32))
i16 = [1, 0x7c00, 0x7e01, -32767, 0x0400, -32768]
print(torch.tensor(i16, dtype=torch.int16).view(torch.float16))
print(torch.tensor([1, 2**62, -2**63], dtype=torch.int64).view(torch.float64))
print(torch.tensor([[1., -2.], [3., 4.]], dtype=torch.float64).view(torch.int8))
print(torch.tensor([float('nan'), float('-inf'), 1e-45]).view(torch.int32))
print(torch.tensor([1, 2, 3], dtype=torch.int8).view(torch.uint8)[None].view(torch.bool))
"""),
]
