"""Valid torch code that failed in ember, recorded from torch 2.13 (issue 11, root cause 11,
seventh session): take_along_dim with `dim` wraps every index modulo the size along dim
(without `dim` it is gather's range check); an in-place write through a view without
elements, whose strides may repeat, records a CopySlices whose backward runs (no element
overlaps another); a second backward pass through a node freed by the first one that ran
without its saved values. Ids start with ``vc_``.
"""

from __future__ import annotations

_ERROR = '''\
def error(fn):
    try:
        r = fn()
        print('ok', r.dtype, r.tolist())
    except Exception as e:
        print(type(e).__name__, str(e).split("\\n")[0])
'''

CASES: list[tuple[str, str]] = [
    ("vc_take_along_dim_wraps", _ERROR + """
x = torch.tensor([[5., 1], [6, 2], [7, 3]], requires_grad=True)
y = torch.take_along_dim(x, torch.tensor([[3], [-3], [1]]), dim=1)
print(y, y.grad_fn.name())
y.sum().backward()
print(x.grad)
t = torch.tensor([[-2], [2], [0]])
error(lambda: torch.take_along_dim(t.expand(3, -1), torch.tensor([[1]]), dim=1))
error(lambda: torch.take_along_dim(t, torch.tensor([[5], [-7], [0]]), dim=0))
error(lambda: torch.take_along_dim(torch.ones(2, 0), torch.tensor([[1]]), dim=1))
error(lambda: torch.take_along_dim(torch.ones(2, 0), torch.zeros(2, 0, dtype=torch.long), dim=1))
error(lambda: torch.take_along_dim(torch.arange(6.).reshape(3, 2), torch.tensor([-1])))
error(lambda: torch.take_along_dim(torch.arange(6.).reshape(3, 2), torch.tensor([6])))
"""),
    ("vc_inplace_on_empty_views", """
a = torch.ones((0, 2), dtype=torch.float64, requires_grad=True)
b = a.clone()
b.t().gt_(0)
g, = torch.autograd.grad(b.sum(), [a], create_graph=True)
print(g.shape, type(b.grad_fn).__name__)
a = torch.ones((3, 0, 2), requires_grad=True)
b = a * 1
b.narrow(0, 0, 1).abs_()
g, = torch.autograd.grad(b.sum(), [a], create_graph=True)
print(g.shape, type(b.grad_fn).__name__)
a = torch.zeros((3, 3, 0), dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(a.sum(), [a], create_graph=True)
e = torch.zeros((1, 3, 0), dtype=torch.float64, requires_grad=True)
g.pow_(e)
h, = torch.autograd.grad(g.sum(), [e], create_graph=True)
print(h.shape, type(g.grad_fn).__name__)
"""),
]
CASES += [
    ("vc_grad_computes_only_requested_inputs", _ERROR + """
a = torch.ones((2, 2), dtype=torch.float64, requires_grad=True)
p = torch.pow(a, torch.tensor([1]))
t = torch.tensor([[0.5, -1.0], [2.0, 3.0]], dtype=torch.float64, requires_grad=True)
d = torch.tensor([[-4, 2], [4, 1]])
y = torch.addcdiv(p, t, d, value=2)
g, = torch.autograd.grad(y.sum(), [a], create_graph=True)
print(g, type(g.grad_fn).__name__)
error(lambda: torch.autograd.grad(y.sum(), [t], retain_graph=True)[0])
y.sum().backward(inputs=[a])
print(a.grad, t.grad)
error(lambda: y.sum().backward(inputs=[t]))
x = torch.tensor([-2.0], dtype=torch.float16, requires_grad=True)
w = torch.zeros(1, dtype=torch.float16, requires_grad=True)
z = torch.addcdiv(x, w, torch.tensor([[True]]), value=2)
g, = torch.autograd.grad(z.sum(), [x], create_graph=True)
print(g, g.requires_grad)
error(lambda: torch.autograd.grad(z.sum(), [w])[0])
a = torch.arange(0, 2, dtype=torch.float64).reshape((1, 2, 1)).requires_grad_()
b = a.clone()
b.permute(2, 1, 0).div_(2)  # (CopySlices runs the write's own node inside)
g, = torch.autograd.grad(b.sum(), [a], create_graph=True)
print(g, type(g.grad_fn).__name__)
c = a.clone()
c[0].mul_(torch.tensor([[3.0], [4.0]], dtype=torch.float64, requires_grad=True))
g, = torch.autograd.grad(c.sum(), [a])
print(g)
"""),
]
CASES += [
    ("vc_trace_gradient_of_non_square", """
for shape in ((3, 1), (1, 3), (2, 3), (3, 2), (3, 3), (0, 2), (1, 1), (4, 2)):
    x = torch.ones(shape, requires_grad=True)
    g, = torch.autograd.grad(torch.trace(x), [x], create_graph=True)
    h, = torch.autograd.grad(torch.trace(x * 2), [x])
    print(shape, g.tolist(), type(g.grad_fn).__name__, h.tolist())
"""),
]
