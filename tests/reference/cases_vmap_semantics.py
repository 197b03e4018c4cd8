"""torch.func.vmap as users see that it is batched (torch runs the function once, on
BatchedTensors; ember once per element, func/_vmap.py), recorded from torch 2.13:

- reading a vmapped value as a Python value (`.item()`, `float()`, `bool()`, `if x:`,
  `.tolist()`, `.numpy()`) and ops whose result's shape depends on it raise torch's errors;
  unmapped values read fine;
- the grad_fn names of outputs that require grad, and the gradients through them;
- randomness='error' / 'same' / 'different': the values drawn after one manual_seed, and
  where the generator stands afterwards;
- a float64 tangent on a float32 primal (func.jvp, forward_ad.make_dual);
- in_dims / out_dims / chunk_size edge cases and their errors.

Each case is ``(case_id, python_source)``; `show(label, thunk)` prints the thunk's result or
the exception's type and message. Transforms are reached as attributes (``torch.func.vmap``).
"""

from __future__ import annotations

_SHOW = (
    "def show(label, thunk):\n"
    "    try:\n"
    "        print(label, thunk())\n"
    "    except Exception as e:\n"
    "        print(label, type(e).__name__, str(e))\n"
    "vmap = torch.func.vmap\n"
    "x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])\n"
)


def _case(name: str, body: str) -> tuple[str, str]:
    return name, _SHOW + body


CASES = [
    # ------------------------------------------------------------------ Python values
    _case("vmap_item_and_friends", (
        "show('item', lambda: vmap(lambda t: t.sum().item())(x))\n"
        "show('float', lambda: vmap(lambda t: float(t.sum()))(x))\n"
        "show('int', lambda: vmap(lambda t: int(t[0]))(x))\n"
        "show('complex', lambda: vmap(lambda t: complex(t[0]))(x))\n"
        "show('format', lambda: vmap(lambda t: f'{t.sum():.2f}')(x))\n"
        "show('index', lambda: vmap(lambda t: [1, 2, 3][t.long()[0]])(x))\n"
        "show('any item', lambda: vmap(lambda t: (t > 0).any().item())(x))\n"
    )),
    _case("vmap_control_flow", (
        "show('bool', lambda: vmap(lambda t: bool(t.sum()))(x))\n"
        "show('if', lambda: vmap(lambda t: t if t.sum() > 0 else -t)(x))\n"
        "show('while', lambda: vmap(lambda t: t * 2 if (t[0] > 0) else t)(x))\n"
        "show('is_nonzero', lambda: vmap(lambda t: t.sum().is_nonzero())(x))\n"
    )),
    _case("vmap_storage", (
        "show('tolist', lambda: vmap(lambda t: t.tolist())(x))\n"
        "show('numpy', lambda: vmap(lambda t: t.numpy())(x))\n"
    )),
    _case("vmap_unmapped_values_read_fine", (
        "y = torch.tensor(2.0)\n"
        "show('item', lambda: vmap(lambda t, s: t * s.item(), in_dims=(0, None))(x, y))\n"
        "show('if', lambda: vmap(lambda t, s: t if s else -t, in_dims=(0, None))(x, y))\n"
        "show('made inside', lambda: vmap(lambda t: t * torch.tensor(3.0).item())(x))\n"
        "show('shape', lambda: vmap(lambda t: t * t.shape[0])(x))\n"
        "show('iter', lambda: vmap(lambda t: sum(u for u in t))(x))\n"
        "show('after', lambda: (vmap(lambda t: t * 2)(x).sum().item(), bool(x[0, 0])))\n"
    )),
    _case("vmap_dynamic_shapes", (
        "show('nonzero', lambda: vmap(lambda t: t.nonzero())(x))\n"
        "show('nonzero tuple', lambda: vmap(lambda t: t.nonzero(as_tuple=True))(x))\n"
        "show('where', lambda: vmap(lambda t: torch.where(t > 0))(x))\n"
        "show('masked_select', lambda: vmap(lambda t: torch.masked_select(t, t > 0))(x))\n"
        "show('mask', lambda: vmap(lambda t: t[t > 0])(x))\n"
        "m = torch.tensor([True, False, True])\n"
        "show('unmapped mask', lambda: vmap(lambda t: t[m])(x))\n"
        "show('unique', lambda: vmap(lambda t: torch.unique(t))(x))\n"
        "show('unique dim', lambda: vmap(lambda t: torch.unique(t, dim=0))(x))\n"
        "show('equal', lambda: vmap(lambda t: torch.equal(t, t))(x))\n"
        "show('allclose', lambda: vmap(lambda t: torch.allclose(t, t))(x))\n"
        "show('masked_fill', lambda: vmap(lambda t: t.masked_fill(t > 0, 0.0))(x))\n"
    )),
    _case("vmap_inplace_into_unmapped", (
        "y = torch.zeros(3)\n"
        "show('sub_', lambda: vmap(lambda t: y.sub_(t))(x))\n"
        "show('mul_', lambda: vmap(lambda t: y.mul_(t))(x))\n"
        "show('div_', lambda: vmap(lambda t: y.div_(t))(x))\n"
        "show('copy_', lambda: vmap(lambda t: y.copy_(t))(x))\n"
        "show('add_', lambda: vmap(lambda t: torch.zeros(4, 3).add_(t))(x))\n"
        "show('add_ 0-d', lambda: vmap(lambda t: torch.zeros(()).add_(t[0]))(x))\n"
        "show('iadd', lambda: vmap(lambda t: torch.zeros(3).__iadd__(t))(x))\n"
        "show('fill_', lambda: vmap(lambda t: torch.zeros(3).fill_(t[0]))(x))\n"
        "show('masked_fill_', lambda: vmap(lambda t: torch.zeros(3).masked_fill_(t > 0, 1.0))(x))\n"
        "inner_add = lambda t: vmap(lambda u: torch.zeros(1).add_(u))(t)\n"
        "show('add_ nested', lambda: vmap(inner_add)(x))\n"
        "def put(t):\n"
        "    y[0] = t[0]\n"
        "    return t\n"
        "show('setitem', lambda: vmap(put)(x))\n"
        "w = torch.arange(5.0)\n"
        "idx = torch.tensor([[0, 1], [2, 3]])\n"
        "show('gather index', lambda: vmap(lambda i: w.gather(0, i).sum().item())(idx))\n"
        "show('advanced index', lambda: vmap(lambda i: w[i].sum().item())(idx))\n"
        "print(y)\n"
        "show('into mapped', lambda: vmap(lambda t: t.clone().mul_(y + 2))(x))\n"
    )),
    _case("vmap_values_after_the_call", (
        "w = torch.tensor([0.5, -2.0, 1.5], requires_grad=True)\n"
        "out = vmap(lambda v: (v * w).sum())(x)\n"
        "out.sum().backward()\n"
        "print(w.grad.sum().item(), bool(out[0] > 0), out.tolist())\n"
        "g = w.grad.clone()\n"
        "print(vmap(lambda v, q: v * q.sum().item(), in_dims=(0, None))(x, g))\n"
    )),
    _case("vmap_ops_that_read_no_values", (
        "torch.manual_seed(0)\n"
        "F = torch.nn.functional\n"
        "z = torch.randn(4, 5)\n"
        "y = torch.tensor([1, 0, 4, 2])\n"
        "idx = torch.tensor([[0, 1], [2, 3], [4, 0], [1, 1]])\n"
        "emb = torch.nn.Embedding(6, 3)\n"
        "conv = torch.nn.Conv2d(1, 2, 3)\n"
        "img = torch.randn(4, 1, 6, 6)\n"
        "ce = vmap(lambda a, t: F.cross_entropy(a[None], t[None]))\n"
        "show('cross_entropy', lambda: ce(z, y))\n"
        "show('embedding', lambda: vmap(lambda i: emb(i))(idx).sum(1))\n"
        "show('gather', lambda: vmap(lambda a, i: a.gather(0, i))(z, idx))\n"
        "show('index', lambda: vmap(lambda a, i: a[i])(z, idx))\n"
        "show('conv', lambda: vmap(lambda im: conv(im[None]))(img).sum((1, 2, 3, 4)))\n"
        "show('scatter', lambda: vmap(lambda a, i: torch.zeros(5).scatter(0, i, a[:2]))(z, idx))\n"
        "show('sort', lambda: vmap(lambda a: a.sort()[1])(z))\n"
        "show('topk', lambda: vmap(lambda a: a.topk(2)[0])(z))\n"
        "show('clamp', lambda: vmap(lambda a: a.clamp(min=a.mean()))(z))\n"
        "show('one_hot', lambda: vmap(lambda t: F.one_hot(t, 3))(idx))\n"
        "show('one_hot -1', lambda: vmap(lambda t: F.one_hot(t))(idx))\n"
        "fill = vmap(lambda a: a.index_fill(0, torch.tensor([0]), a.max()))\n"
        "show('index_fill', lambda: fill(z))\n"
        "def put(a):\n"
        "    b = a.clone()\n"
        "    b[0] = a.max()\n"
        "    return b\n"
        "show('setitem', lambda: vmap(put)(z))\n"
    )),
    # ------------------------------------------------------------------ autograd graph
    _case("vmap_grad_fn_names", (
        "torch.manual_seed(0)\n"
        "w = torch.randn(3, requires_grad=True)\n"
        "M = torch.randn(3, 3, requires_grad=True)\n"
        "xs = torch.randn(4, 3)\n"
        "F = torch.nn.functional\n"
        "fs = {\n"
        " 'mul': lambda v: v * w, 'sum': lambda v: (v * w).sum(),\n"
        " 'sum0': lambda v: (v * w).sum(0),\n"
        " 'mean': lambda v: (v * w).mean(), 'prod': lambda v: (v * w).prod(),\n"
        " 'max': lambda v: (v * w).max(), 'min': lambda v: (v * w).min(),\n"
        " 'amax': lambda v: (v * w).amax(), 'norm': lambda v: (v * w).norm(),\n"
        " 'var': lambda v: (v * w).var(), 'softmax': lambda v: (v * w).softmax(0),\n"
        " 'dot': lambda v: torch.dot(v, w), 'vecmat': lambda v: v @ M,\n"
        " 'mv': lambda v: torch.mv(M, v),\n"
        " 'linear': lambda v: F.linear(v, M), 'outer': lambda v: torch.outer(v, w),\n"
        " 'relu': lambda v: F.relu(v * w), 'pow': lambda v: (v * w) ** 2,\n"
        " 'div': lambda v: v / w,\n"
        " 't': lambda v: torch.outer(v, w).t(), 'T': lambda v: torch.outer(v, w).T,\n"
        " 'reshape': lambda v: (v * w).reshape(3, 1), 'cat': lambda v: torch.cat([v * w, v]),\n"
        " 'slice': lambda v: (v * w)[1:], 'select': lambda v: (v * w)[1],\n"
        " 'where': lambda v: torch.where(v > 0, v * w, v),\n"
        " 'mse': lambda v: F.mse_loss(v * w, v),\n"
        " 'mm': lambda v: torch.outer(v, w) @ M,\n"
        " 'squeeze': lambda v: (v * w).unsqueeze(0).squeeze(0),\n"
        " 'w only': lambda v: w * 2, 'exp': lambda v: (v * w).exp(),\n"
        "}\n"
        "for name, f in fs.items():\n"
        "    out = vmap(f)(xs)\n"
        "    w.grad = M.grad = None\n"
        "    (out * torch.arange(out.numel()).reshape(out.shape)).sum().backward()\n"
        "    print(name, tuple(out.shape), type(out.grad_fn).__name__, w.grad, M.grad)\n"
    )),
    _case("vmap_grad_fn_out_dims_and_inputs", (
        "torch.manual_seed(0)\n"
        "w = torch.randn(3, requires_grad=True)\n"
        "xr = torch.randn(4, 3, requires_grad=True)\n"
        "out = vmap(lambda v: v * w, out_dims=1)(xr)\n"
        "print(type(out.grad_fn).__name__, tuple(out.shape))\n"
        "out.sum().backward()\n"
        "print(xr.grad, w.grad)\n"
        "a, b = vmap(lambda v: (v.sin(), v + w))(xr)\n"
        "print(type(a.grad_fn).__name__, type(b.grad_fn).__name__)\n"
        "u = vmap(lambda v: w * 2, out_dims=None)(xr)\n"
        "print(type(u.grad_fn).__name__, tuple(u.shape))\n"
        "print(vmap(lambda v: v)(xr) is xr, vmap(lambda v: v, in_dims=1, out_dims=1)(xr) is xr)\n"
        "moved = vmap(lambda v: v, out_dims=1)(xr)\n"
        "print(type(moved.grad_fn).__name__, tuple(moved.shape), moved._base is xr)\n"
        "pair = vmap(lambda v, c: (v, c))(xr, xr.detach())\n"
        "print(pair[0] is xr, pair[1] is xr)\n"
        "show('out_dims range', lambda: vmap(lambda v: v, out_dims=-3)(xr))\n"
    )),
    _case("vmap_grad_through_outputs", (
        "w = torch.tensor([0.5, -2.0, 1.5], requires_grad=True)\n"
        "xs = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])\n"
        "per_example = vmap(lambda v: ((v * w).tanh() ** 2).sum())(xs)\n"
        "print(per_example, type(per_example.grad_fn).__name__)\n"
        "g, = torch.autograd.grad(per_example.sum(), w)\n"
        "print(g)\n"
        "jac = vmap(lambda v: torch.func.grad(lambda q: ((q * v).tanh() ** 2).sum())(w))(xs)\n"
        "print(jac)\n"
    )),
    # ------------------------------------------------------------------ randomness
    _case("vmap_randomness_error", (
        "z = torch.zeros(4, 3)\n"
        "show('rand', lambda: vmap(lambda t: t + torch.rand(3))(z))\n"
        "show('dropout', lambda: vmap(lambda t: torch.nn.functional.dropout(t + 1, 0.5))(z))\n"
        "g = torch.Generator().manual_seed(1)\n"
        "show('generator', lambda: vmap(lambda t: t + torch.rand(3, generator=g))(z))\n"
        "y = torch.zeros(3)\n"
        "show('inplace', lambda: vmap(lambda t: t + y.uniform_())(z))\n"
        "show('bad flag', lambda: vmap(lambda t: t, randomness='foo')(z))\n"
    )),
    _case("vmap_randomness_same", (
        "z = torch.zeros(4, 3)\n"
        "torch.manual_seed(0)\n"
        "print(vmap(lambda t: t + torch.rand(3), randomness='same')(z), torch.rand(1))\n"
        "torch.manual_seed(0)\n"
        "same = vmap(lambda t: t.sum() + torch.randn(20), randomness='same')(z)\n"
        "print(same[:, :3], torch.rand(1))\n"
        "torch.manual_seed(0)\n"
        "print(vmap(lambda t: torch.nn.functional.dropout(t + 1, 0.5), randomness='same')(z))\n"
        "y = torch.zeros(3)\n"
        "torch.manual_seed(0)\n"
        "print(vmap(lambda t: t + y.uniform_(), randomness='same')(z), torch.rand(1))\n"
    )),
    _case("vmap_randomness_different", (
        "z = torch.zeros(4, 3)\n"
        "def run(label, f, **kw):\n"
        "    torch.manual_seed(0)\n"
        "    show(label, lambda: (vmap(f, randomness='different', **kw)(z), torch.rand(1)))\n"
        "run('rand', lambda t: t + torch.rand(3))\n"
        "run('randn', lambda t: t + torch.randn(3))\n"
        "run('randn 20', lambda t: t.sum() + torch.randn(5))\n"
        "run('randn 24', lambda t: t.sum() + torch.randn(6) * torch.randn(6))\n"
        "run('two draws', lambda t: t + torch.rand(3) * torch.randn(3))\n"
        "run('rand_like', lambda t: torch.rand_like(t))\n"
        "run('dropout', lambda t: torch.nn.functional.dropout(t + 1, 0.5))\n"
        "run('randint', lambda t: t + torch.randint(0, 10, (3,)))\n"
        "run('normal_', lambda t: (t + 0).normal_())\n"
        "run('exponential_', lambda t: (t + 0).exponential_())\n"
        "run('bernoulli', lambda t: torch.bernoulli(t + torch.tensor([0.1, 0.5, 0.9])))\n"
        "run('normal tensor', lambda t: torch.normal(t, 1.0))\n"
        "run('randperm', lambda t: t + torch.randperm(3))\n"
        "run('multinomial', lambda t: torch.multinomial(t + 1, 2))\n"
        "run('float64', lambda t: torch.randn(5, dtype=torch.float64) + t.sum())\n"
        "run('chunks', lambda t: t + torch.rand(3), chunk_size=3)\n"
        "run('in_dims 1', lambda t: t + torch.rand(4), in_dims=1)\n"
        "run('dropout in_dims 1', lambda t: torch.nn.functional.dropout(t + 1), in_dims=1)\n"
        "y = torch.zeros(3)\n"
        "run('inplace unmapped', lambda t: t + y.uniform_())\n"
        "torch.manual_seed(0)\n"
        "empty = vmap(lambda t: t + torch.randn(3), randomness='different')\n"
        "show('empty batch', lambda: (empty(torch.zeros(0, 3)), torch.rand(1)))\n"
        "g = torch.Generator().manual_seed(3)\n"
        "drawn = vmap(lambda t: t + torch.rand(3, generator=g), randomness='different')\n"
        "show('generator', lambda: (drawn(z), torch.rand(2, generator=g)))\n"
    )),
    _case("vmap_randomness_nested", (
        "z = torch.zeros(4, 3)\n"
        "def inner(mode):\n"
        "    def f(t):\n"
        "        pairs = t.reshape(3, 1).expand(3, 2)\n"
        "        return vmap(lambda u: u + torch.randn(2), randomness=mode)(pairs)\n"
        "    return f\n"
        "for outer, mode in [('different', 'different'), ('same', 'different'),\n"
        "                    ('different', 'same'), ('error', 'different')]:\n"
        "    torch.manual_seed(0)\n"
        "    f = vmap(inner(mode), randomness=outer)\n"
        "    show(outer + '/' + mode, lambda: (f(z)[:, :, 0], torch.rand(1)))\n"
    )),
    # ------------------------------------------------------------------ forward mode dtypes
    _case("vmap_tangent_float64_on_float32", (
        "fwAD = torch.autograd.forward_ad\n"
        "p = torch.tensor([0.5, 1.0])\n"
        "t64 = torch.tensor([1.0, -2.0], dtype=torch.float64)\n"
        "out, tangent = torch.func.jvp(torch.sin, (p,), (t64,))\n"
        "print(out.dtype, tangent.dtype, tangent)\n"
        "out, tangent = torch.func.jvp(lambda a: (a.exp() * 2).sum(), (p,), (t64,))\n"
        "print(out.dtype, tangent.dtype, tangent)\n"
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(p, t64)\n"
        "    print(d.dtype, fwAD.unpack_dual(d).tangent.dtype)\n"
        "    for name, f in [('sin', lambda: d.sin()), ('add', lambda: d + 1),\n"
        "                    ('relu', lambda: d.relu()), ('view', lambda: d.view(2, 1)),\n"
        "                    ('index', lambda: d[0]), ('sub', lambda: p - d),\n"
        "                    ('cat', lambda: torch.cat([d, p])), ('half', lambda: d.half()),\n"
        "                    ('float', lambda: d.float()), ('mean', lambda: d.mean())]:\n"
        "        t = fwAD.unpack_dual(f()).tangent\n"
        "        print(name, t.dtype, t)\n"
        "    e = fwAD.make_dual(p, torch.ones(2))\n"
        "    print('f32 tangent, f64 other', fwAD.unpack_dual(e * t64).tangent.dtype)\n"
        "    f = fwAD.make_dual(p.double(), torch.ones(2))\n"
        "    print('f32 tangent on f64', fwAD.unpack_dual(f).tangent.dtype,\n"
        "          fwAD.unpack_dual(f.sin()).tangent.dtype)\n"
        "    show('int tangent', lambda: fwAD.make_dual(p, torch.ones(2, dtype=torch.int32)))\n"
    )),
    # ------------------------------------------------------------------ in_dims / out_dims
    _case("vmap_in_dims_errors", (
        "y = torch.arange(12.).reshape(3, 4)\n"
        "def add(a, b):\n"
        "    return a + b\n"
        "show('mismatch', lambda: vmap(add)(x, y))\n"
        "show('mismatch 3', lambda: vmap(lambda a, b, c: a + b + c)(x, x, torch.ones(4, 3)))\n"
        "show('in range', lambda: vmap(add, in_dims=(2, 0))(x, x))\n"
        "show('in range neg', lambda: vmap(add, in_dims=(-3, 0))(x, x))\n"
        "show('0-d', lambda: vmap(lambda a: a * 2)(torch.tensor(1.0)))\n"
        "show('none all', lambda: vmap(add, in_dims=(None, None))(x, x))\n"
        "show('wrong len', lambda: vmap(add, in_dims=(0,))(x, x))\n"
        "show('list', lambda: vmap(add, in_dims=[0, None])(x, x))\n"
        "show('float', lambda: vmap(add, in_dims=(0.5, 0))(x, x))\n"
        "show('str', lambda: vmap(add, in_dims='a')(x, x))\n"
        "show('non-tensor mapped', lambda: vmap(lambda a, n: a * n, in_dims=(0, 0))(x, 3))\n"
        "show('non-tensor default', lambda: vmap(lambda a, n: a * n)(x, 3))\n"
        "show('no inputs', lambda: vmap(lambda: torch.ones(2))())\n"
        "show('empty mismatch', lambda: vmap(add)(torch.ones(0, 3), torch.ones(2, 3)))\n"
    )),
    _case("vmap_in_dims_structures", (
        "def add(a, b):\n"
        "    return a + b\n"
        "show('none some', lambda: vmap(add, in_dims=(0, None))(x, torch.ones(3)))\n"
        "show('in_dims 1', lambda: vmap(add, in_dims=(1, None))(x, torch.ones(2)))\n"
        "nested = vmap(lambda t: t[0] + t[1][0], in_dims=((0, (1,)),))\n"
        "show('nested', lambda: nested((x, (x.T,))))\n"
        "show('nested bad', lambda: vmap(lambda t: t[0], in_dims=((0, 1, 2),))((x, (x,))))\n"
        "by_key = vmap(lambda d: d['a'] * d['b'], in_dims=({'a': 0, 'b': None},))\n"
        "show('dict', lambda: by_key({'a': x, 'b': torch.ones(3)}))\n"
        "missing = vmap(lambda d: d['a'], in_dims=({'a': 0},))\n"
        "show('dict missing', lambda: missing({'a': x, 'b': x}))\n"
        "show('unmapped number', lambda: vmap(lambda a, n: a * n, in_dims=(0, None))(x, 3))\n"
        "show('kwargs unmapped', lambda: vmap(lambda a, b=None: a + b)(x, b=torch.ones(3)))\n"
        "show('empty batch', lambda: vmap(lambda a: (a.sum(), a * 2))(torch.ones(0, 3)))\n"
    )),
    _case("vmap_out_dims", (
        "show('tuple', lambda: vmap(lambda a: (a, a * 2), out_dims=(0, 1))(x))\n"
        "show('tuple len', lambda: vmap(lambda a: (a, a * 2), out_dims=(0, 1, 0))(x))\n"
        "show('range', lambda: vmap(lambda a: a * 2, out_dims=2)(x))\n"
        "show('range neg', lambda: vmap(lambda a: a * 2, out_dims=-3)(x))\n"
        "show('neg', lambda: vmap(lambda a: a * 2, out_dims=-1)(x))\n"
        "show('none mapped', lambda: vmap(lambda a: a * 2, out_dims=None)(x))\n"
        "show('none unmapped', lambda: vmap(lambda a: torch.ones(2), out_dims=None)(x))\n"
        "show('none mixed', lambda: vmap(lambda a: (a, torch.ones(2)), out_dims=(0, None))(x))\n"
        "show('float', lambda: vmap(lambda a: a, out_dims=0.5)(x))\n"
        "show('str', lambda: vmap(lambda a: a, out_dims='a')(x))\n"
        "show('list', lambda: vmap(lambda a: [a, a], out_dims=[0, 1])(x))\n"
        "keyed = vmap(lambda a: {'p': a, 'q': a * 2}, out_dims={'p': 0, 'q': 1})\n"
        "show('dict', lambda: keyed(x))\n"
        "show('nested', lambda: vmap(lambda a: ((a, a), a), out_dims=((0, 1), 0))(x))\n"
        "show('number', lambda: vmap(lambda a: 3)(x))\n"
        "show('None', lambda: vmap(lambda a: None)(x))\n"
        "show('scalar', lambda: vmap(lambda a: a.sum())(x))\n"
    )),
    _case("vmap_chunk_size", (
        "show('1', lambda: vmap(lambda a: a * 2, chunk_size=1)(x))\n"
        "show('big', lambda: vmap(lambda a: a * 2, chunk_size=100)(x))\n"
        "show('0', lambda: vmap(lambda a: a * 2, chunk_size=0))\n"
        "show('-1', lambda: vmap(lambda a: a * 2, chunk_size=-1))\n"
        "f = vmap(lambda a: a * 2, chunk_size=1.5)\n"
        "show('1.5', lambda: f(x))\n"
    )),
]
