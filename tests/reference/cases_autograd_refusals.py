"""What torch's autograd refuses that a program may reach without noticing: integer tensors
that came to require grad (an in-place op with an operand that requires grad), a second
backward through nodes that saved an index or mask, and tensors modified in place after an
op saved them (issue 11, root cause 14).

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must match
(see scripts/record_torch_reference.py).
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


# i: integers made to require grad by an in-place op whose operand does (MaskedFillBackward1)
_MADE = """\
w = torch.tensor(2.5, requires_grad=True)
m = torch.tensor([True, False, True])
def made(dtype=torch.int64):
    return torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=dtype).masked_fill_(m, w)
"""


def _on_made(*calls: str) -> str:
    """Each call on a fresh `i` (in-place calls change it)."""
    return _MADE + _calls(*[f"(lambda i: {call})(made())" for call in calls])


# x: a float tensor requiring grad; each op's result is summed and backpropagated twice
_TWICE = """\
i1 = torch.tensor([1, 0])
idx = torch.tensor([[0, 2], [1, 0]])
m = torch.tensor([[True, False, True], [False, True, True]])
def twice(f):
    x = torch.tensor([[3., -1., 2.], [0.5, 4., -2.]], requires_grad=True)
    y = f(x)
    s = (y[0] if isinstance(y, tuple) else y).sum()
    s.backward()
    s.backward()
    return x.grad
"""

# the same, with x modified in place between the op and the backward
_MODIFIED = """\
i1 = torch.tensor([1, 0])
idx = torch.tensor([[0, 2], [1, 0]])
m = torch.tensor([[True, False, True], [False, True, True]])
F = torch.nn.functional
def modified(f, shape=(2, 3)):
    w = torch.arange(6.).reshape(2, 3).reshape(shape).requires_grad_()
    x = w * 1
    y = f(x)
    x.add_(1)
    (y[0] if isinstance(y, tuple) else y).sum().backward()
    return w.grad
"""

CASES: list[tuple[str, str]] = [
    # --- how integers come to require grad, and what does not make them ---
    ("integers_made_to_require_grad", """\
w = torch.tensor(2.5, requires_grad=True)
def i():
    return torch.tensor([1, 2, 3])
""" + _calls(
        "i().masked_fill_(torch.tensor([True, False, True]), w)", "i().gt_(w)", "i().eq_(w)",
        "i().fill_(w)", "i().index_fill_(0, torch.tensor([0]), w)",
        "torch.tensor([True, False]).masked_fill_(torch.tensor([True, False]), w)",
        "i().copy_(w * torch.ones(3))", "i().logical_and_(w)",
        "torch.tensor([1., 2.]).ge_(w)")),
    # --- then torch refuses every differentiable op with an integer result ---
    ("integers_requiring_grad_refuse_views", _on_made(
        "i.view(6)", "i.reshape(6)", "i.flatten()", "i.t()", "i.transpose(0, 1)",
        "i.permute(1, 0)", "i.unsqueeze(0)", "i.squeeze()", "i.expand(2, 2, 3)",
        "i.narrow(0, 0, 1)", "i.select(0, 0)", "i.diagonal()", "i.split(1)", "i.unbind()",
        "i.chunk(2)", "i[0]", "i[:, 1:]", "i[[0]]", "i[i > 2]",
        "made(torch.uint8).view(6)", "made(torch.bool).view(6)")),
    ("integers_requiring_grad_refuse_ops", _on_made(
        "-i", "i + 1", "i + i", "i * torch.tensor(2)", "i.sum()", "i.prod()", "i.clone()",
        "i.abs()", "i.sign()", "i.max()", "i.max(0)", "i.topk(1)", "i.sort()",
        "i.cumsum(0)", "i.matmul(i.t())", "torch.where(i > 2, i, 0)", "torch.cat([i, i])",
        "torch.stack([i, i])", "i.flip(0)", "i.roll(1)", "i.repeat(2, 1)", "i.clamp(0, 2)",
        "i ** 2", "i % 2", "i.index_select(0, torch.tensor([0]))",
        "i.masked_fill(torch.tensor([True, False, True]), 0)")),
    # ... but not ops torch does not differentiate, conversions, or float results
    ("integers_requiring_grad_allowed", _on_made(
        "i > 1", "i == 1", "i.argmax()", "i // 2", "i & 1", "i.nonzero()", "~made(torch.bool)",
        "i.int()", "i.bool()", "i.to(torch.int16)", "i.long()", "i.contiguous()",
        "i.detach()", "i.float()", "i.half()", "i + 1.5", "i * w", "i / 2", "i.sqrt()",
        "i.mean(dtype=torch.float32)", "i.tolist()", "i.requires_grad", "i.is_leaf",
        "i.grad_fn.name()", "torch.zeros_like(i)")),
    # --- in place on them: recorded (or, for ops torch does not differentiate, left as they
    # were); a basic index's view is refused, a write at indices recorded ---
    ("integers_requiring_grad_in_place", _on_made(
        "i.add_(1)", "i.neg_()", "i.mul_(2)", "i.sub_(1)", "i.fill_(3)", "i.zero_()",
        "i.masked_fill_(torch.tensor([True, False, False]), 0)", "i.gt_(2)", "i.gt_(w)",
        "i.sign_()", "i.fmod_(2)", "i.remainder_(2)", "i.bitwise_and_(1)",
        "i.bitwise_xor_(1)", "i.floor_divide_(2)", "i.gcd_(torch.tensor(2))",
        "i.copy_(torch.ones(2, 3))", "i.copy_(w * torch.ones(2, 3))", "i.detach_()",
        "made(torch.bool).logical_and_(torch.tensor(True))")),
    ("integers_requiring_grad_setitem", _MADE + """\
def put(index, value):
    i = made()
    i[index] = value
    return i
""" + _calls(
        "put(0, 7)", "put((0, 0), 7)", "put(slice(0, 1), 7)", "put(None, 7)", "put([0], 7)",
        "put(torch.tensor([True, False]), 7)", "put(torch.tensor([True, False]), w)",
        "put(torch.tensor([0]), torch.tensor(3))", "put(Ellipsis, 7)", "put(slice(None), 7)",
        "put([0], w)")),
    # requires_grad on non-leaves: the property refuses any change, requires_grad_() turning
    # it off (and, for integers, on)
    ("non_leaf_requires_grad_changes", _MADE + """\
y = w * 2
def set_flag(t, value):
    t.requires_grad = value
""" + _calls(
        "set_flag(y, True)", "set_flag(y, False)", "y.requires_grad_(True)",
        "y.requires_grad_(False)", "set_flag(made(), True)", "set_flag(made(), False)",
        "made().requires_grad_(True)", "made().requires_grad_(False)")),
    # a view of integers made before they required grad: given a path when read (as any
    # view written through its base), and in place through a view: the base records it
    ("integers_requiring_grad_views_from_before", _MADE + """\
base = torch.tensor([1, 2, 3, 4])
v = base[:2]
u = base.view(2, 2)
v.masked_fill_(torch.tensor([True, False]), w)
print(base.requires_grad, type(base.grad_fn).__name__, type(v.grad_fn).__name__)
print(u.requires_grad, type(u.grad_fn).__name__)
""" + _calls("base.view(2, 2)", "v.view(2, 1)", "v.add_(1)", "base.add_(1)", "u + 1")),
    ("integers_requiring_grad_no_grad_views", _MADE + """\
i = made()
with torch.no_grad():
    v = i.view(6)
    print(v.requires_grad, v.grad_fn, (i + 1).requires_grad)
print(v.requires_grad, v.is_leaf)
""" + _calls("v + 1", "v.view(2, 3)", "i.detach().view(6)")),

    # --- a second backward: refused where torch saved an index or mask ---
    ("second_backward_through_saved_indices", _TWICE + _calls(*[f"twice(lambda x: {op})" for op in (
        "x.sort(1)", "x.sort(dim=1, stable=True)", "x.msort()", "x.cummax(1)",
        "x.cummin(0)", "x.gather(1, idx)", "torch.take_along_dim(x, idx, 1)",
        "torch.zeros(2, 3).index_add(0, i1, x)", "x.index_fill(1, torch.tensor([0]), 5.)",
        "x.index_fill(1, torch.tensor([0]), torch.tensor(5.))", "torch.where(m, x, 0.)",
        "torch.where(m, x, torch.zeros(2, 3))", "x.masked_select(m)", "x[[0, 1, 0]]", "x[m]",
        "x[torch.tensor([1])]", "x[x.nonzero(as_tuple=True)]", "x.max(1)", "x.min(0)",
        "x.topk(2)", "x.kthvalue(2)", "x.median(1)", "x.mode(1)", "x.nanmedian(1)",
        "x.masked_fill(m, 0.)", "x.masked_fill(m, torch.tensor(1.))",
        "x.masked_scatter(m, torch.ones(6))", "x.scatter(1, idx, 0.)",
        "x.scatter_reduce(1, idx, torch.ones(2, 2), 'sum')", "x.index_select(1, i1)",
        "x.take(torch.tensor([0, 5]))", "x.put(torch.tensor([0]), torch.tensor([1.]))",
        "x.index_put((torch.tensor([0]),), torch.tensor(1.))",
        "x.index_copy(0, i1, torch.ones(2, 3))",
        "torch.nn.functional.max_pool1d(x[None], 2)",
        "torch.nn.functional.adaptive_max_pool1d(x[None], 2)")])),
    # ... in place (a write into a view is one CopySlices holding the op's node), and with
    # saved_tensors_hooks open (what the node keeps is packed: still freed by backward)
    ("second_backward_in_place_and_packed", _TWICE + """\
def into_view(x, write):
    c = x.clone()
    write(c[0])
    return c
def packed(f):
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        return twice(f)
""" + _calls(*[f"twice(lambda x: {op})" for op in (
        "x.clone().masked_fill_(m, 0.)", "x.clone().index_fill_(1, i1, 0.)",
        "x.clone().scatter_(1, idx, 0.)", "x.clone().index_put_((i1,), torch.tensor(1.))",
        "into_view(x, lambda v: v.masked_fill_(m[0], 0.))",
        "into_view(x, lambda v: v.index_fill_(0, i1, 0.))",
        "into_view(x, lambda v: v.__setitem__(i1, 0.))")],
        *[f"packed(lambda x: {op})" for op in (
            "x.sort(1)", "x.index_select(1, i1)", "torch.where(m, x, 0.)",
            "x.masked_fill(m, 0.)", "x.take(torch.tensor([0, 5]))")])),
    # ... and allowed where torch saved nothing (an index only the other input's gradient
    # needs is not saved)
    ("second_backward_without_saved_indices", _TWICE + _calls(*[f"twice(lambda x: {op})" for op in (
        "x.index_add(0, i1, torch.ones(2, 3))", "x.scatter_add(1, idx, torch.ones(2, 2))",
        "x[0]", "x[:, 1:]", "x[None]", "x.triu()", "x.tril()", "x.flip(0)", "x.roll(1)",
        "x + 1", "x.sum(1)", "x.repeat(2, 1)", "x.narrow(1, 0, 2)", "x.split(1)",
        "x.diagonal()", "torch.cat([x, x])")])),
    # --- x[index] = v into a leaf that requires grad (or a view of one): torch reads the
    # index first (a float or too many indices, an int out of range, a bad slice are its
    # errors), then index_put_ makes the in-place checks, and only then its own (an index
    # dtype, mask shapes, broadcasting, the range, the value's dtype and shape) ---
    ("index_put_in_place_checks_first", """\
import numpy as np
d64 = torch.tensor(1., dtype=torch.float64)
def put(index, value=0., view=False, shape=(3, 2), grad=True):
    x = torch.ones(shape, requires_grad=grad)
    v = x[:2] if view else x
    v[index] = value
    return v
def into(index, made, value=0.):
    b = torch.ones(4, 2, requires_grad=True) * 1
    if made == 'no_grad':
        with torch.no_grad():
            v = b[:3]
    else:
        v = b.split(3)[0]
    v[index] = value
    return v
""" + _calls(
        "put(torch.tensor(1.5))", "put(torch.tensor([1.5]), view=True)",
        "put((torch.tensor(1.5), 0))", "put((torch.tensor([1]), torch.tensor([1.])))",
        "put(torch.tensor([True, False]))", "put(torch.tensor([7]))",
        "put(torch.tensor([7]), view=True)", "put(torch.tensor([0]), shape=(0, 2))",
        "put((slice(None), torch.tensor([0])), shape=(2, 0))", "put(torch.tensor([0]), d64)",
        "put(torch.tensor([0]), torch.ones(5), view=True)", "put(0, d64)",
        "put((torch.tensor([0, 1]), torch.tensor([0, 1, 0])))",
        "put((None, torch.tensor([1.5])))", "put((..., torch.tensor([1.5])))",
        "put((slice(0, 2), torch.tensor([1.5])))", "put(np.array([1.5]))",
        "put([1.5, 0])", "put(torch.tensor(True))",
        "put(1.5)", "put((torch.tensor(0), 0, 0))", "put((torch.tensor([1.5]), 7))",
        "put((7, torch.tensor([1.5])))", "put((torch.tensor([1.5]), slice(None, None, -1)))",
        "put(torch.tensor(7))",
        "put((torch.tensor([True]), torch.tensor([1.5])), grad=False)",
        "put((torch.tensor([1.5]), torch.tensor([True])), grad=False)",
        "put((torch.tensor([7]), torch.tensor([1.5])), grad=False)",
        "put(np.array([-1.5]), grad=False)",
        "into(torch.tensor([1.5]), 'no_grad')", "into(torch.tensor([7]), 'split')",
        "into((torch.tensor([0]), 0, 0), 'no_grad')", "into((torch.tensor([1.5]), 7), 'split')",
        "into(torch.tensor([True]), 'split', d64)",
        "torch.ones(3, 2)[(torch.tensor([1.5]), 7)]",
        "torch.ones(3, 2)[(torch.tensor([True]), torch.tensor([1.5]))]",
        "torch.arange(6.).reshape(3, 2)[np.array([1.0, 2.9])]",
        "torch.arange(6.).reshape(3, 2)[np.array(1.5)]")),
    # --- saved inputs: an in-place change before backward is torch's version error ---
    ("inputs_saved_by_index_ops", _MODIFIED + _calls(*[f"modified(lambda x: {op})" for op in (
        "x.take(torch.tensor([0, 5]))", "x.masked_select(m)", "x.gather(1, idx)",
        "torch.take_along_dim(x, idx, 1)", "x.cummax(1)", "x.cummin(0)",
        "x.index_fill(1, torch.tensor([0]), 5.)", "x.triu()", "x.tril(1)", "x.sort(1)",
        "x.max(1)", "x.topk(2)", "x.index_select(1, i1)", "x[[0, 1, 0]]", "x[m]",
        "torch.where(m, x, 0.)", "x.masked_fill(m, 0.)", "x.scatter(1, idx, 0.)")])),
    # cumsum/cumprod with a float dtype= are one node whose input is x (torch records no
    # cast before it): cumprod saves x itself, so writing x is its version error; the
    # gradient is cast to x's dtype before the formula
    ("cumulative_dtype_keeps_input", """\
def grad(op, x, dtype, create=False):
    w = x.clone().requires_grad_()
    y = getattr(w * 1, op)(-1, dtype=dtype)
    weights = torch.arange(1., 1. + y.numel()).reshape(y.shape).to(y.dtype)
    g, = torch.autograd.grad((y * weights).sum(), w, create_graph=create)
    names = (y.grad_fn.name(), y.grad_fn.next_functions[0][0].name())
    if create:
        return y.dtype, names, g, g.grad_fn.name(), torch.autograd.grad(g.sum(), w)[0]
    return y.dtype, names, g
def written(op):
    w = torch.tensor([1., 2., 3.], requires_grad=True)
    x = w * 1
    y = getattr(x, op)(0, dtype=torch.float64)
    x.mul_(2)
    y.sum().backward()
    return w.grad
x1 = torch.tensor([[0.3, -1.7, 2.1], [1e-3, 4.5, -0.7]])
x0 = torch.tensor([[0.3, 0., 2.1, 1.3], [0., 4.5, 0., -0.7]])
def tangent(op):
    fw = torch.autograd.forward_ad
    with fw.dual_level():
        d = fw.make_dual(x1, torch.ones_like(x1) * 0.5)
        return fw.unpack_dual(getattr(d, op)(-1, dtype=torch.float64)).tangent
""" + _calls(*[call for op in ("cumprod", "cumsum") for call in (
        f"grad('{op}', x1, torch.float64)", f"grad('{op}', x1, torch.float32)",
        f"grad('{op}', x1, torch.float16)", f"grad('{op}', x0, torch.float64)",
        f"grad('{op}', x1.half(), torch.float32)", f"grad('{op}', x1.double(), torch.float32)",
        f"grad('{op}', x1, torch.float64, True)", f"grad('{op}', x0, torch.float64, True)",
        f"grad('{op}', torch.tensor(2.5), torch.float64)", f"written('{op}')",
        f"torch.tensor([1, 2, 3]).{op}(0, dtype=torch.float32)",
        f"torch.tensor([1., 2.], requires_grad=True).{op}(0, dtype=torch.int32)",
        f"tangent('{op}')")])),
    ("inputs_saved_by_pooling", _MODIFIED + _calls(*[
        f"modified(lambda x: {op}, (1, 2, 1, 3))" for op in (
            "F.max_pool2d(x, (1, 2))", "F.max_pool2d(x, (1, 2), return_indices=True)",
            "F.avg_pool2d(x, (1, 2))", "F.adaptive_avg_pool2d(x, (1, 2))",
            "F.adaptive_max_pool2d(x, (1, 2))", "F.max_pool1d(x[0, :, 0], 2)",
            "F.avg_pool1d(x[0, :, 0], 2)", "F.adaptive_avg_pool1d(x[0, :, 0], 2)")])),
]
