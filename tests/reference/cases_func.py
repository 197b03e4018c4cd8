"""Function-transform cases: torch.func (grad, vjp, jvp, jacrev, jacfwd, hessian, vmap) and
torch.autograd.functional (jacobian, hessian, vjp, jvp, hvp, vhp) on the Rosenbrock
function, softmax cross-entropy, and a small MLP's loss w.r.t. its weights.

Each case is ``(case_id, python_source)`` (see scripts/record_torch_reference.py). Values go
into ``result`` (compared with the dtype's tolerance); several tensors are concatenated
flat, in a fixed order. Printed lines show the structures: types, dict keys, shapes.
Per-example losses pick the target's log-probability with `gather`: torch's vmap cannot
index with a batched tensor (ember's, a loop, could). Sources reach the transforms as
attributes (``torch.func.grad``), never by ``from torch.func
import``, so that the replay with ``torch`` bound to ember resolves them the same way.
"""

from __future__ import annotations

_ROSENBROCK = (
    "def rosen(p):\n"
    "    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2\n"
    "p = torch.tensor([-1.5, 2.0], dtype=torch.float64)\n"
    "v = torch.tensor([0.25, -1.0], dtype=torch.float64)\n"
)

# softmax cross-entropy of a 2x3 batch of logits
_CROSS_ENTROPY = (
    "logits = torch.tensor([[1.0, -0.5, 2.0], [0.3, 0.8, -1.2]], dtype=torch.float64)\n"
    "target = torch.tensor([2, 0])\n"
    "def ce(z):\n"
    "    return -z.log_softmax(dim=1).gather(1, target[:, None]).mean()\n"
    "def ce_row(z, t):\n"
    "    return -z.log_softmax(dim=0).gather(0, t[None])[0]\n"
)

# a 3-5-2 ReLU MLP on 4 examples, written with plain tensor ops
_MLP = (
    "x = torch.linspace(-1.0, 1.3, 12, dtype=torch.float64).reshape(4, 3)\n"
    "y = torch.tensor([1, 0, 1, 1])\n"
    "params = {\n"
    "    'W1': torch.linspace(-0.55, 0.6, 15, dtype=torch.float64).reshape(3, 5),\n"
    "    'b1': torch.linspace(0.05, 0.25, 5, dtype=torch.float64),\n"
    "    'W2': torch.linspace(0.45, -0.35, 10, dtype=torch.float64).reshape(5, 2),\n"
    "    'b2': torch.tensor([0.1, -0.1], dtype=torch.float64),\n"
    "}\n"
    "def logits(params, x):\n"
    "    h = (x @ params['W1'] + params['b1']).relu()\n"
    "    return h @ params['W2'] + params['b2']\n"
    "def loss(params):\n"
    "    return -logits(params, x).log_softmax(1).gather(1, y[:, None]).mean()\n"
    "def example_loss(params, xi, yi):\n"
    "    return -logits(params, xi[None])[0].log_softmax(0).gather(0, yi[None])[0]\n"
    "def flat(tree):\n"
    "    return torch.cat([tree[k].reshape(-1) for k in sorted(tree)])\n"
)

CASES: list[tuple[str, str]] = [
    # --- Rosenbrock ---
    ("func_grad_rosenbrock",
     f"{_ROSENBROCK}g = torch.func.grad(rosen)(p)\n"
     "print(g.shape, g.dtype, g.requires_grad, p.requires_grad)\nresult = g"),
    ("func_grad_and_value_rosenbrock",
     f"{_ROSENBROCK}g, value = torch.func.grad_and_value(rosen)(p)\n"
     "print(value.shape, value.requires_grad)\nresult = torch.cat([g, value[None]])"),
    ("func_hessian_rosenbrock",
     f"{_ROSENBROCK}H = torch.func.hessian(rosen)(p)\nprint(H.shape, H.requires_grad)\n"
     "result = H"),
    ("func_jacfwd_jacrev_rosenbrock",
     f"{_ROSENBROCK}result = torch.func.jacfwd(torch.func.jacrev(rosen))(p)"),
    ("func_jacrev_jacrev_rosenbrock",
     f"{_ROSENBROCK}result = torch.func.jacrev(torch.func.jacrev(rosen))(p)"),
    ("func_hvp_rosenbrock",
     f"{_ROSENBROCK}g, hv = torch.func.jvp(torch.func.grad(rosen), (p,), (v,))\n"
     "result = torch.cat([g, hv])"),
    ("func_grad_grad_rosenbrock_along_x",
     f"{_ROSENBROCK}def along_x(a):\n    return rosen(torch.stack([a, p[1]]))\n"
     "d2 = torch.func.grad(torch.func.grad(along_x))(p[0])\nprint(d2.shape)\nresult = d2"),
    ("func_vmap_hessian_rosenbrock",
     f"{_ROSENBROCK}points = torch.tensor([[-1.5, 2.0], [0.0, 0.0], [1.0, 1.0]], "
     "dtype=torch.float64)\nHs = torch.func.vmap(torch.func.hessian(rosen))(points)\n"
     "print(Hs.shape)\nresult = Hs"),
    ("functional_hessian_rosenbrock",
     f"{_ROSENBROCK}H = torch.autograd.functional.hessian(rosen, p)\n"
     "print(type(H).__name__, H.shape)\nresult = H"),
    ("functional_hvp_vhp_rosenbrock",
     f"{_ROSENBROCK}value, hv = torch.autograd.functional.hvp(rosen, p, v)\n"
     "_, vh = torch.autograd.functional.vhp(rosen, p, v)\n"
     "print(value.shape, hv.shape, vh.shape)\nresult = torch.cat([value[None], hv, vh])"),
    ("functional_hessian_rosenbrock_tuple",
     f"{_ROSENBROCK}def split(a, b):\n    return rosen(torch.stack([a, b]))\n"
     "H = torch.autograd.functional.hessian(split, (p[0], p[1]))\n"
     "print(type(H).__name__, len(H), type(H[0]).__name__, len(H[0]), H[0][1].shape)\n"
     "result = torch.stack([H[0][0], H[0][1], H[1][0], H[1][1]])"),
    # --- softmax cross-entropy ---
    ("func_grad_cross_entropy",
     f"{_CROSS_ENTROPY}g = torch.func.grad(ce)(logits)\nprint(g.shape)\nresult = g"),
    ("func_jacrev_softmax",
     f"{_CROSS_ENTROPY}J = torch.func.jacrev(lambda z: z.softmax(-1))(logits[0])\n"
     "print(J.shape)\nresult = J"),
    ("func_jacfwd_log_softmax_batch",
     f"{_CROSS_ENTROPY}J = torch.func.jacfwd(lambda z: z.log_softmax(-1))(logits)\n"
     "print(J.shape)\nresult = J"),
    ("func_hessian_cross_entropy",
     f"{_CROSS_ENTROPY}H = torch.func.hessian(ce)(logits)\nprint(H.shape)\nresult = H"),
    ("func_vmap_grad_cross_entropy",
     f"{_CROSS_ENTROPY}per_example = torch.func.vmap(torch.func.grad(ce_row))(logits, target)\n"
     "print(per_example.shape)\nresult = per_example"),
    ("func_vmap_jacrev_softmax_out_dims",
     f"{_CROSS_ENTROPY}J = torch.func.vmap(torch.func.jacrev(lambda z: z.softmax(0)), "
     "in_dims=1, out_dims=2)(logits.T)\nprint(J.shape)\nresult = J"),
    ("functional_jacobian_cross_entropy",
     f"{_CROSS_ENTROPY}J = torch.autograd.functional.jacobian(ce, logits)\n"
     "print(type(J).__name__, J.shape)\nresult = J"),
    ("functional_vjp_jvp_softmax",
     f"{_CROSS_ENTROPY}u = torch.tensor([1.0, 2.0, -1.0], dtype=torch.float64)\n"
     "sm = lambda z: z.softmax(0)\n"
     "out, vj = torch.autograd.functional.vjp(sm, logits[0], u)\n"
     "_, jv = torch.autograd.functional.jvp(sm, logits[0], u)\n"
     "print(out.shape, vj.shape, jv.shape)\nresult = torch.cat([out, vj, jv])"),
    # --- MLP loss w.r.t. its weights ---
    ("func_grad_mlp",
     f"{_MLP}g = torch.func.grad(loss)(params)\n"
     "print(type(g).__name__, list(g), [tuple(g[k].shape) for k in g])\nresult = flat(g)"),
    ("func_vjp_mlp",
     f"{_MLP}out, vjp_fn = torch.func.vjp(loss, params)\n"
     "(g,) = vjp_fn(torch.tensor(2.0, dtype=torch.float64))\n"
     "print(out.shape, type(g).__name__, sorted(g))\nresult = torch.cat([out[None], flat(g)])"),
    ("func_jacrev_mlp_logits",
     f"{_MLP}J = torch.func.jacrev(logits)(params, x)\n"
     "print({k: tuple(J[k].shape) for k in sorted(J)})\nresult = flat(J)"),
    ("func_jacfwd_mlp_logits_argnums",
     f"{_MLP}Jp, Jx = torch.func.jacfwd(logits, argnums=(0, 1))(params, x)\n"
     "print(sorted(Jp), Jx.shape)\nresult = torch.cat([flat(Jp), Jx.reshape(-1)])"),
    ("func_hessian_mlp_second_layer",
     f"{_MLP}def loss_w2(W2):\n    return loss({{**params, 'W2': W2}})\n"
     "H = torch.func.hessian(loss_w2)(params['W2'])\nprint(H.shape)\nresult = H"),
    ("func_hessian_mlp_two_arguments",
     f"{_MLP}def loss_wb(W2, b2):\n    return loss({{**params, 'W2': W2, 'b2': b2}})\n"
     "H = torch.func.hessian(loss_wb, argnums=(0, 1))(params['W2'], params['b2'])\n"
     "print([[tuple(block.shape) for block in row] for row in H])\n"
     "result = torch.cat([block.reshape(-1) for row in H for block in row])"),
    ("func_vmap_mlp_per_example_losses",
     f"{_MLP}losses = torch.func.vmap(example_loss, in_dims=(None, 0, 0))(params, x, y)\n"
     "print(losses.shape)\nresult = torch.cat([losses, losses.mean()[None]])"),
    ("func_vmap_grad_mlp_per_example_gradients",
     f"{_MLP}grads = torch.func.vmap(torch.func.grad(example_loss), in_dims=(None, 0, 0))"
     "(params, x, y)\nprint({k: tuple(grads[k].shape) for k in sorted(grads)})\n"
     "result = flat(grads)"),
    ("functional_jacobian_mlp_tuple",
     f"{_MLP}def f(W2, b2):\n    return logits({{**params, 'W2': W2, 'b2': b2}}, x)\n"
     "J = torch.autograd.functional.jacobian(f, (params['W2'], params['b2']))\n"
     "print(type(J).__name__, len(J), J[0].shape, J[1].shape)\n"
     "result = torch.cat([J[0].reshape(-1), J[1].reshape(-1)])"),
    # --- vmap on its own ---
    ("func_vmap_in_dims_out_dims",
     "a = torch.arange(24.0).reshape(2, 3, 4)\nb = torch.linspace(-1, 1, 4)\n"
     "out = torch.func.vmap(lambda m, w: m @ w, in_dims=(1, None), out_dims=1)(a, b)\n"
     "print(out.shape)\nresult = out"),
    ("func_vmap_nested_outer",
     "a = torch.arange(6.0).reshape(2, 3)\nb = torch.arange(8.0).reshape(2, 4) / 4\n"
     "out = torch.func.vmap(torch.func.vmap(torch.outer, in_dims=(None, 0)), "
     "in_dims=(0, None))(a, b)\nprint(out.shape)\nresult = out"),
    ("func_vmap_pytree_outputs",
     "a = torch.arange(6.0).reshape(3, 2)\n"
     "out = torch.func.vmap(lambda r: {'sum': r.sum(), 'pair': (r * 2, r.exp())}, "
     "out_dims={'sum': 0, 'pair': (1, 0)})(a)\n"
     "print(list(out), out['sum'].shape, out['pair'][0].shape, out['pair'][1].shape)\n"
     "result = torch.cat([out['sum'], out['pair'][0].reshape(-1), out['pair'][1].reshape(-1)])"),
    # --- signed zeros: the printed Jacobians and Hessians of elementwise functions show
    # -0. where a zero cotangent or tangent met a negative factor, as torch's do ---
    ("func_jacobians_of_elementwise_functions_keep_signed_zeros",
     "x = torch.tensor([1.5, -0.3, -2.2], dtype=torch.float64)\n"
     "for f in (lambda x: x ** 2, lambda x: x * x, lambda x: (x.sin() * x).exp(),\n"
     "          lambda x: torch.tanh(x) * 2, lambda x: x / 3 + x.abs()):\n"
     "    print(torch.autograd.functional.jacobian(f, x))\n"
     "    print(torch.func.jacrev(f)(x))\n"
     "    print(torch.func.jacfwd(f)(x))\n"
     "y = torch.tensor([0.5, -1.0], requires_grad=True)\n"
     "print(torch.func.jacrev(lambda y: (y * y).sin() + y.cos() * y)(y.detach()))"),
    ("func_hessian_takes_torchs_layout_and_signed_zeros",
     "torch.manual_seed(0)\n"
     "x = torch.randn(2, 3, dtype=torch.float64)\n"
     "y = torch.randn(3, dtype=torch.float64)\n"
     "print(torch.func.hessian(lambda x: (x ** 3).sum())(y))\n"
     "print(torch.func.hessian(lambda x: (x.sin() * x).sum())(y))\n"
     "f = lambda x, y: (x.sin() @ y).pow(2).sum() + (x * x).sum() * y[0]\n"
     "for row in torch.func.hessian(f, argnums=(0, 1))(x, y):\n"
     "    for block in row:\n"
     "        print(block.shape, block.stride(), block.is_contiguous())\n"
     "        print(block)\n"
     "h = torch.func.hessian(lambda p: (p['w'].tanh() @ p['b']).sum() ** 2)({'w': x, 'b': y})\n"
     "print({k: {k2: tuple(b.shape) for k2, b in row.items()} for k, row in h.items()})\n"
     "result = torch.cat([h['w']['b'].reshape(-1), h['b']['w'].reshape(-1)])"),
    # pytorch.org's "Model ensembling": stacked states, one vmap over functional_call
    ("func_stack_module_state_ensembles_models",
     "nn = torch.nn\n"
     "torch.manual_seed(0)\n"
     "ms = [nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)) for _ in range(3)]\n"
     "p, b = torch.func.stack_module_state(ms)\n"
     "print({k: (tuple(v.shape), v.requires_grad, v.is_leaf, v.grad_fn) for k, v in p.items()})\n"
     "print({k: (tuple(v.shape), v.dtype, v.requires_grad) for k, v in b.items()})\n"
     "def wrapper(params, buffers, data):\n"
     "    return torch.func.functional_call(ms[0], (params, buffers), (data,))\n"
     "x = torch.randn(4, 3)\n"
     "out = torch.func.vmap(wrapper, (0, 0, None))(p, b, x)\n"
     "print(out.detach(), torch.stack([m(x) for m in ms]).detach())\n"
     "a, c = nn.Linear(2, 2), nn.Linear(2, 2)\n"
     "a.weight.requires_grad_(False)\n"
     "c.weight.requires_grad_(False)\n"
     "q, _ = torch.func.stack_module_state(nn.ModuleList([a, c]))\n"
     "print(q['weight'].requires_grad, q['bias'].requires_grad, list(q))\n"
     "for bad in ([], [nn.Linear(3, 2), nn.Linear(3, 2).eval()],\n"
     "            [nn.Linear(3, 2), nn.Conv1d(1, 1, 1)], [nn.Linear(3, 2), nn.Linear(3, 3)]):\n"
     "    try:\n"
     "        torch.func.stack_module_state(bad)\n"
     "    except RuntimeError as e:\n"
     "        print(e)\n"
     "c.bias.requires_grad_(False)\n"
     "torch.func.stack_module_state([a, c])\n"
     "result = out"),
    # --- errors ---
    ("func_grad_of_non_scalar_errors",
     "torch.func.grad(lambda a: a * 2)(torch.tensor([1.0, 2.0]))"),
    ("func_vmap_mismatched_sizes_errors",
     "torch.func.vmap(torch.add)(torch.zeros(2, 3), torch.zeros(3, 3))"),
    ("functional_strict_errors",
     "torch.autograd.functional.jacobian(lambda a: torch.ones(2), torch.zeros(2), strict=True)"),
]
