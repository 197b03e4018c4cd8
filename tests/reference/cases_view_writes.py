"""In-place writes through views and the values autograd keeps for them (issue 11, root
causes 11 and 14, ninth session): the saved result of an in-place op on a view (its
grad_fn is the view's, while that lives), writes into expanded tensors whose base needs no
gradient, fill_ of a tensor value into an expanded tensor, the order of the leaf and
overlap checks, which operands matmul keeps (and copies), and descending argsort's layout.
Each case prints results, grad_fn names, or exception types and messages.

Ids start with ``view_writes_``.
"""

from __future__ import annotations

_SHOW = """\
def show(text, f):
    try:
        print(text, '->', repr(f()).replace('\\n', ' '))
    except Exception as e:
        print(text, '->', type(e).__name__, str(e).split('\\n')[0])
def chain(node):
    names = []
    while node is not None and len(names) < 9:
        names.append(type(node).__name__)
        nexts = [n for n, _ in node.next_functions if n is not None]
        node = nexts[0] if nexts else None
    return names
"""

CASES: list[tuple[str, str]] = [
    # the saved result of tanh_ on a view is unpacked with the view's AsStridedBackward0,
    # so the second derivative passes through the base's CopySlices and its retain_grad
    ("view_writes_saved_result_reaches_base", _SHOW + """\
x = torch.tensor([[2.19, 1.314]], requires_grad=True)
a = x * 1
v = a.squeeze()
v.tanh_()
a.retain_grad()
g, = torch.autograd.grad(a.sum(), [x], create_graph=True)
print(chain(g.grad_fn))
h, = torch.autograd.grad((g * g).sum(), [x])
print(h, a.grad)
result = [h.tolist(), a.grad.tolist()]
"""),
    # the view gone (or given a newer grad_fn by a later write), the saved result falls
    # back to the in-place op's own node: the base's retain_grad sees the first pass only
    ("view_writes_saved_result_view_gone", _SHOW + """\
x = torch.tensor([[0.3, -1.2, 0.7], [1.5, 0.2, -0.4]], requires_grad=True)
a = x * 1
v = a[0]
v.exp_()
del v
a.retain_grad()
g, = torch.autograd.grad((a * a).sum(), [x], create_graph=True)
(g * g).sum().backward()
print(a.grad, x.grad)
b = x * 1
u = b[0][1:]
u.exp_()
b.retain_grad()
k, = torch.autograd.grad((b * b).sum(), [x], create_graph=True)
(k * k).sum().backward()
print(b.grad)
result = [a.grad.tolist(), b.grad.tolist()]
"""),
    # a later write into the view: the version error names the view's node
    ("view_writes_saved_result_written_again", _SHOW + """\
x = torch.tensor([[0.3, -1.2, 0.7], [1.5, 0.2, -0.4]], requires_grad=True)
a = x * 1
v = a[0]
v.exp_()
v.mul_(2)
show('grad', lambda: torch.autograd.grad(a.sum(), [x], create_graph=True))
b = x * 1
u = b[0]
u.exp_()
b.T[0].sin_()
show('grad', lambda: torch.autograd.grad(b.sum(), [x], create_graph=True))
"""),
    # an index write into an expanded tensor whose base needs no gradient: nothing is
    # written back into the base's gradient, so only the value's gradient is read
    ("view_writes_expanded_base_without_grad", _SHOW + """\
w = torch.tensor(2.0, requires_grad=True)
e = torch.zeros(1).expand(3)
e[torch.tensor([True, False, True])] = w
print(e, type(e.grad_fn).__name__)
e.sum().backward()
print(w.grad)
x = torch.tensor([[[-1.0, 1.7]]], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(x.sum(), [x], create_graph=True)
u = torch.tensor([[1.5, 1e-40]], dtype=torch.float64, requires_grad=True)
g[torch.tensor([True])] = u
g.backward(torch.ones_like(g))
print(u.grad, x.grad)
y = torch.zeros(1, requires_grad=True) * 1
f = y.expand(3)
show('fill_', lambda: f.fill_(w))
show('backward', lambda: f.sum().backward())
"""),
    # fill_ writes a number into an expanded tensor, not a tensor value; a leaf's expanded
    # view is refused as a view of a leaf first
    ("view_writes_fill_into_expanded", _SHOW + """\
e = torch.zeros(1).expand(3)
show('number', lambda: e.fill_(2.0))
show('tensor', lambda: e.fill_(torch.tensor(1.0)))
show('int tensor', lambda: e.fill_(torch.tensor(1)))
show('1-d value', lambda: e.fill_(torch.tensor([1.0, 2.0])))
show('zero_', lambda: e.zero_())
show('one element', lambda: torch.zeros(1).expand(1).fill_(torch.tensor(1.0)))
show('empty', lambda: torch.zeros(0).expand(2, 0).fill_(torch.tensor(1.0)))
x = torch.zeros(1, requires_grad=True)
show('leaf add_', lambda: x.expand(3).add_(1))
show('leaf fill_', lambda: x.expand(3).fill_(torch.tensor(1.0)))
y = x * 1
show('add_', lambda: y.expand(3).add_(1))
"""),
    # matmul keeps an operand only for the other's gradient, and a copy where torch's
    # reshape of it copies (a batch that does not fold into rows without one)
    ("view_writes_matmul_saved_operands", _SHOW + """\
def show(text, f):  # (the version error names the folded shape torch saved: type only)
    try:
        print(text, '->', f())
    except RuntimeError as e:
        print(text, '->', type(e).__name__)
def run(sa, sb, grads, written, expand_a=None, transpose_b=False):
    a = torch.ones(sa, dtype=torch.float64, requires_grad='a' in grads)
    b = torch.ones(sb, dtype=torch.float64, requires_grad='b' in grads)
    y = (a.expand(expand_a) if expand_a else a) @ (b.mT if transpose_b else b)
    with torch.no_grad():
        (a if written == 'a' else b).mul_(2)
    y.sum().backward()
    return [None if t.grad is None else t.grad.sum().item() for t in (a, b)]
show('fold, a written', lambda: run((2, 3, 4), (4, 5), 'a', 'a'))
show('fold, b needs a', lambda: run((2, 3, 4), (4, 5), 'b', 'a'))
show('fold copies', lambda: run((2, 3), (3, 5), 'b', 'a', (4, 2, 3)))
show('batched copies', lambda: run((2, 1, 3, 4), (5, 4, 2), 'b', 'a'))
show('batched view', lambda: run((1, 3, 4), (5, 4, 2), 'b', 'a', (5, 3, 4)))
show('batch on the right', lambda: run((3, 4), (2, 5, 4), 'a', 'b', None, True))
show('both, copied', lambda: run((2, 1, 3, 4), (5, 4, 2), 'ab', 'a'))
"""),
    # a one-element diagonal is dense to torch: written with a narrow that holds it (or the
    # other way round), the overlap is partial and refused; a longer diagonal is not dense,
    # and torch does not judge it
    ("view_writes_partial_overlap_of_window_views", _SHOW + """\
def fresh(*shape):
    return torch.arange(float(shape[0] * shape[1])).reshape(shape)
t = fresh(3, 1)
show('narrow *= diagonal', lambda: t.narrow(0, 0, 2).mul_(t.diagonal()))
show('diagonal *= narrow', lambda: t.diagonal().mul_(t.narrow(0, 0, 2)[0]))
show('heaviside_', lambda: t.narrow(0, 0, 2).heaviside_(t.diagonal()))
show('unfold', lambda: t.view(3).unfold(0, 1, 1).squeeze(1)[:2].add_(t.diagonal()))
show('long diagonal', lambda: fresh(4, 4).diagonal().mul_(torch.ones(4)))
u = fresh(4, 4)
show('long diagonal, row', lambda: u.diagonal().mul_(u.narrow(0, 0, 1).reshape(4)))
x = fresh(3, 1).requires_grad_()
y = x * 1
show('recorded', lambda: y.narrow(0, 0, 2).mul_(y.diagonal()))
print(t, u)
"""),
    # descending sorts give indices in C order (torch's results have no negative strides)
    ("view_writes_descending_argsort_layout", _SHOW + """\
x = torch.tensor([[1.0, -1.6903], [2.0, 1.0], [2.0, -2.2], [-1.1, -3.0]])
i = torch.argsort(x, dim=-1, descending=True)
print(i.stride(), i.view(2, 4))
j = torch.argsort(x, dim=0, descending=True)
print(j.stride(), j.view(-1))
v, k = torch.sort(x, dim=0, descending=True)
print(v.stride(), k.stride())
t, m = torch.topk(x, 2, dim=0)
print(t.stride(), m.stride())
"""),
]
