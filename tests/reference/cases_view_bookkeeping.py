"""How torch keeps track of views written in place (issue 11, root causes 12 and 14): views
made under no_grad, views a call returned together (split, unbind, chunk), views whose base
was written after they were made (their grad_fn is made anew), in-place writes into integer
tensors and expanded tensors, and the order of torch's checks. Each case prints results or
each call's exception type and message, so torch's words are recorded too.

Ids start with ``views_``.
"""

from __future__ import annotations


def _calls(*calls: str) -> str:
    """Source that prints, for each call, its result or its exception's type and message."""
    lines = ["def show(text, f):",
             "    try:",
             "        print(text, '->', repr(f()).replace('\\n', ' '))",
             "    except Exception as e:",
             "        print(text, '->', type(e).__name__, str(e).split('\\n')[0])"]
    lines += [f"show({call!r}, lambda: {call})" for call in calls]
    return "\n".join(lines) + "\n"


# y requires grad (not a leaf); v, u, s are views of it made under no_grad
_NO_GRAD_VIEWS = """\
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
y = x * 1
with torch.no_grad():
    v = y[0]
    u = y.view(6)
    s = y.split(1)[0]
"""

CASES: list[tuple[str, str]] = [
    # A view made under no_grad requires grad as its base does; ops record no edge to it
    ("views_no_grad_view_requires_grad", _NO_GRAD_VIEWS + """\
print(v, v.requires_grad, v.is_leaf, v.grad_fn)
w = v * 2
print(w, w.grad_fn.next_functions)  # (no nodes there: None)
w.sum().backward()
print(x.grad, v.grad)
"""),
    # Written in place with grad mode on: refused, whatever the write and its operands
    ("views_no_grad_view_written_with_grad", _NO_GRAD_VIEWS + _calls(
        "v.mul_(2)", "u.add_(1)", "s.zero_()", "v.fill_(1.)", "v.copy_(torch.ones(3))",
        "v.t_()", "v.unsqueeze_(0)", "v.mul_(torch.ones(3, requires_grad=True))",
        "y", "x.grad")),
    # ... also through an index (torch writes into the view the basic index makes)
    ("views_no_grad_view_setitem", _NO_GRAD_VIEWS + _calls(
        "v.__setitem__(0, 5.)", "v.__setitem__(slice(0, 2), 5.)",
        "v.__setitem__(Ellipsis, 5.)", "v.__setitem__(torch.tensor([0]), 5.)",
        "v.__setitem__(torch.tensor([True, False, True]), 5.)", "v.__setitem__(None, 5.)",
        "u.__setitem__((torch.tensor([1]),), 5.)", "y")),
    # A view of such a view, made with grad mode on, is named by its own grad_fn
    ("views_view_of_no_grad_view", _NO_GRAD_VIEWS + _calls(
        "v.t().mul_(2)", "v.unsqueeze(0).mul_(2)", "v.view(3).mul_(2)", "v[1:].mul_(2)",
        "v.expand(2, 3).mul_(2)", "v.as_strided((2,), (1,)).mul_(2)", "v.unbind()[0].mul_(2)",
        "v.detach().mul_(2)")),
    # The base of the view does not require grad: refused only when an operand does
    ("views_no_grad_view_of_plain_tensor", """\
z = torch.tensor([1., 2., 3.])
with torch.no_grad():
    v = z[:2]
""" + _calls("v.mul_(2)", "v.requires_grad", "v.mul_(torch.ones(2, requires_grad=True))",
             "v[:1].mul_(torch.ones(1, requires_grad=True))")),
    # Written (or its base written) anywhere: its history is refused from then on, with
    # grad mode on; under no_grad it is used as a value
    ("views_no_grad_view_after_write", _NO_GRAD_VIEWS + """\
w = v[1:]
with torch.no_grad():
    v.mul_(2)
y.detach().add_(1)
""" + _calls("v.grad_fn", "v.is_leaf", "v.requires_grad", "u.grad_fn", "w.grad_fn",
             "v * 2", "torch.no_grad()(lambda: v * 2)()", "v", "w")),
    # A view op in place under no_grad (t_, squeeze_) makes a view stale the same way
    ("views_view_ops_in_place_under_no_grad", """\
x = torch.tensor([[3.0, -0.84, -3.0]], requires_grad=True)
y = x * 1
with torch.no_grad():
    v = y[1:]
    v.squeeze_()
a = y[0:1]
b, c = y.split(2, 1)
with torch.no_grad():
    a.t_()
    b.t_()
print(v, a, type(a.grad_fn).__name__, b)
a.sum().backward()
print(x.grad)
"""),
    # Views a call returned together: in place with grad refused, also when nothing
    # requires grad but an operand; their history once another view was written
    ("views_multi_output_views", """\
y = torch.tensor([1., 2., 3., 4.], requires_grad=True) * 1
z = torch.tensor([1., 2., 3.])
a, b = y.split(2)
c = y.unbind()[0]
d = y.chunk(2)[1]
e = z.split(1)[0]
with torch.no_grad():
    f = y.unbind()[1]
""" + _calls("a.mul_(2)", "c.add_(1)", "d[0].zero_()", "d.t_()", "e.mul_(2)",
             "e.mul_(torch.ones(1, requires_grad=True))", "f.mul_(2)") + """\
y.detach().mul_(2)
""" + _calls("a.grad_fn", "b.grad_fn", "c.grad_fn", "d[0]")),
    # A view's grad_fn is made anew once its base (or another view of it) is written
    # in place: AsStridedBackward0, also under no_grad and through detach()
    ("views_grad_fn_after_base_write", """\
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
y = x * 1
a = y[0]
b = y.t()
c = y[1:, ::2]
d = x.t()
y.mul_(2)
print(*(type(t.grad_fn).__name__ for t in (a, b, c, d)))
print(type(a.grad_fn.next_functions[0][0]).__name__, b, c)
with torch.no_grad():
    y.detach()[0, 0] = 7.
    x.detach().mul_(1)
print(a, d, type(d.grad_fn.next_functions[0][0]).__name__)
(a.sum() + b.sum() + d.sum()).backward()
print(x.grad)
"""),
    # ... also over a base that does not require grad (a view made a leaf): no edge then
    ("views_grad_fn_made_anew_over_plain_base", """\
t = torch.arange(-2., -1.).reshape(()).requires_grad_()
v = t[None]
with torch.no_grad():
    v.split(1)[0].fill_(3.)
print(v, type(v.grad_fn).__name__, v.grad_fn.next_functions)
"""),
    # ... and requires grad once its base does
    ("views_requires_grad_after_base_write", """\
i = torch.tensor([[1, 2], [3, 4]])
f = torch.tensor([[1., 2.], [3., 4.]])
a = i[0]
b = f.t()
w = torch.tensor(2.5, requires_grad=True)
i.masked_fill_(i > 2, w)
f[1] = w
print(a.requires_grad, type(a.grad_fn).__name__, b.requires_grad, type(b.grad_fn).__name__)
print(a, b)
"""),
    # In place on a view of a leaf, also view ops (t_, squeeze_...): refused
    ("views_view_ops_in_place_on_views_of_leaves", """\
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
""" + _calls("x[0:1].transpose_(0, 1)", "x.squeeze().t_()", "x[0:1].squeeze_()",
             "x[0].unsqueeze_(0)", "x.t_()", "x.T.mul_(2)",
             "type((x * 1)[0:1].t_().grad_fn).__name__")),
    # Into integer tensors: the dtype check refuses float results; comparisons and masked
    # fills with an operand requiring grad record (CopySlices through a view)
    ("views_in_place_into_integers", """\
w = torch.tensor(1.5, requires_grad=True)
i = torch.tensor([1, 2])
""" + _calls("i.add_(w)", "i.view(-1).add_(w)", "i.t().mul_(torch.ones(2, requires_grad=True))",
             "i.clamp_(max=w)", "i.floor_divide_(w)", "i.copy_(torch.ones(2, requires_grad=True))",
             "(i.requires_grad, i.grad_fn)") + """\
k = torch.tensor([1, 2])
k.t().lt_(w)
print(k, type(k.grad_fn).__name__)
m = torch.tensor([1, 2])
m[:1].masked_fill_(torch.tensor([True]), w)
print(m, type(m.grad_fn).__name__)
"""),
    # Expanded tensors: torch refuses the write before computing anything (before the
    # dtype check and the shapes); a tensor without elements overlaps nothing
    ("views_expanded_checks_overlap_first", _calls(
        "torch.zeros(1, dtype=torch.int64).expand(3).bitwise_and_(2.5)",
        "torch.zeros(1, dtype=torch.int64).expand(3).add_(torch.ones(3))",
        "torch.zeros(1, dtype=torch.int64).expand(3).sqrt_()",
        "torch.zeros(1, dtype=torch.int64).expand(3).floor_divide_(0)",
        "torch.zeros(1, dtype=torch.float16).expand(3).add_(torch.ones(2))",
        "torch.zeros(1, dtype=torch.int16).expand(3).hypot_(torch.ones(3, dtype=torch.int16))",
        "torch.zeros((0, 0), dtype=torch.uint8).expand(2, 0, 0).sub_(2)",
        "torch.zeros((2, 0, 4), dtype=torch.int32).expand(2, 2, 0, 4).neg_()")),
    # Indexed writes into an expanded tensor, recorded or not: an advanced index writes
    # with torch's deprecation warning; a basic index into non-repeating elements writes
    ("views_setitem_into_expanded", """\
import warnings
warnings.simplefilter('ignore')
def write(index, value=5., grad=False):
    b = torch.zeros(1, 3, requires_grad=True) * 1 if grad else torch.zeros(1, 3)
    e = b.expand(2, 3)
    e[index] = value
    return e, b
""" + _calls("write(torch.tensor([0]))", "write(torch.tensor([0]), grad=True)",
             "write(torch.tensor([0]), torch.tensor(2., requires_grad=True))",
             "write((slice(None), torch.tensor([1])), grad=True)",
             "write((0, torch.tensor([1])), grad=True)", "write(0, grad=True)",
             "write(Ellipsis)", "write((slice(None), 0), grad=True)")),
    # A float16 target takes values beyond its range as inf, without NumPy's warning
    ("views_setitem_float16_overflow", """\
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    h = torch.ones(3, dtype=torch.float16)
    h[0] = torch.tensor(1e30)
    h[torch.tensor([2])] = torch.tensor(-1e30, dtype=torch.float16)
    h[1:2] = torch.tensor([7e4], dtype=torch.float64)
print(h, [str(w.message) for w in caught])
"""),
    # An in-place op that saves its result (exp_, sigmoid_, relu_...) saves the tensor it
    # wrote: writing it again, or its base, makes the backward refuse
    ("views_in_place_saves_the_written_tensor", """\
x = torch.tensor([[1., -2.], [0.5, 3.]], requires_grad=True)
def backward(f):
    y = x * 1
    f(y)
    y.sum().backward()
    return x.grad
""" + _calls("backward(lambda y: y.exp_().mul_(2))", "backward(lambda y: y.relu_().relu_())",
             "backward(lambda y: y.sigmoid_().add_(1))", "backward(lambda y: y.mul_(2).mul_(2))",
             "backward(lambda y: (y[0].tanh_(), y.__setitem__(1, 0.)))",
             "backward(lambda y: (y.t().sqrt_(), y.diagonal().mul_(3)))",
             "backward(lambda y: y[0].exp_())")),
    # as_strided windows that share elements: each gets its share of the gradient
    ("views_as_strided_overlapping_windows", """\
x = torch.arange(4., requires_grad=True)
y = x.as_strided((3, 2), (1, 1))
y.backward(torch.arange(6.).reshape(3, 2))
print(y, x.grad)
x = torch.arange(4., requires_grad=True)
x.as_strided((2, 2), (0, 1)).backward(torch.tensor([[1., 2.], [3., 4.]]))
print(x.grad)
x = torch.arange(6., requires_grad=True)
(x * 1).as_strided((2, 2), (2, 1), 1).backward(torch.ones(2, 2))
print(x.grad)
"""),
]
