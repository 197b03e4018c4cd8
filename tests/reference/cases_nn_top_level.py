"""torch's top-level forms of nn functions (`torch.batch_norm`, `torch.dropout`,
`torch.kl_div`, ...): ATen's argument orders, int reductions (and their surprising default:
no reduction), the flags without defaults, values, gradients, grad_fn names, seeded dropout
masks and errors. Each case is ``(case_id, python_source)`` (scripts/record_torch_reference.py).
"""

from __future__ import annotations

_X = ("x = torch.tensor([[0.2, -0.5, 0.3], [0.1, 0.4, -0.8]], requires_grad=True)\n"
      "x4 = torch.tensor([[0.2, -0.5, 0.3], [0.1, 0.4, -0.8], [1.5, 0.25, 0.6],\n"
      "                   [-0.7, 0.9, 0.15]], requires_grad=True)\n"
      "t = torch.tensor([[0.3, 0.3, 0.4], [0.2, 0.2, 0.6]])\n")


def _show(expression: str, grad: bool = True) -> str:
    """Print the result, its grad_fn name and x's gradient of a weighted sum of it (a
    plain sum of a normalised output has an exact gradient of 0, printed as rounding)."""
    lines = [_X, f"out = {expression}", "print(out)",
             "print(type(out.grad_fn).__name__ if out.grad_fn is not None else None)"]
    if grad:
        lines += ["weights = torch.linspace(0.5, 2.0, out.numel()).reshape(out.shape)",
                  "(out * weights).sum().backward()", "print(x.grad, x4.grad)"]
    return "\n".join(lines)


def _message(statement: str) -> str:
    return "\n".join([_X, "try:", f"    {statement}", "except Exception as error:",
                      "    print(type(error).__name__, error)", "else:",
                      "    print('no error')"])


CASES = [
    ("top_batch_norm_training", _show(
        "torch.batch_norm(x4, torch.tensor([1.0, 2.0, 0.5]), torch.tensor([0.0, 0.1, 0.2]), "
        "None, None, True, 0.1, 1e-5, False)")),
    ("top_batch_norm_running", (
        "rm, rv = torch.zeros(3), torch.ones(3)\n"
        + _show("torch.batch_norm(x4, None, None, rm, rv, True, 0.3, 1e-5, True)")
        + "\nprint(rm, rv)")),
    ("top_batch_norm_eval", _show(
        "torch.batch_norm(x, None, None, torch.tensor([0.1, 0.2, 0.3]), "
        "torch.tensor([1.0, 2.0, 3.0]), False, 0.1, 1e-3, False)")),
    ("top_instance_norm", _show(
        "torch.instance_norm(x4.reshape(2, 2, 3), None, None, None, None, True, 0.1, 1e-5, "
        "False)")),
    ("top_layer_norm", _show("torch.layer_norm(x, [3])")),
    ("top_layer_norm_affine", _show(
        "torch.layer_norm(x, (3,), torch.tensor([1.0, 2.0, 3.0]), torch.tensor([0.5, 0.0, 0.0]),"
        " 1e-3)")),
    ("top_group_norm", _show("torch.group_norm(x4.reshape(2, 6, 1), 2)")),
    ("top_rms_norm", _show("torch.rms_norm(x, [3], torch.tensor([1.0, 0.5, 2.0]))")),
    ("top_embedding", (
        "w = torch.arange(8.0).reshape(4, 2).requires_grad_()\n"
        "out = torch.embedding(w, torch.tensor([[0, 3], [3, 1]]))\n"
        "print(out, type(out.grad_fn).__name__)\n"
        "out.sum().backward()\nprint(w.grad)\n"
        "w.grad = None\n"
        "torch.embedding(w, torch.tensor([0, 2, 2]), 2).sum().backward()\nprint(w.grad)")),
    ("top_dropout_seeded", (
        "torch.manual_seed(0)\nx = torch.ones(3, 4, requires_grad=True)\n"
        "out = torch.dropout(x, 0.4, True)\nprint(out, type(out.grad_fn).__name__)\n"
        "out.sum().backward()\nprint(x.grad)\n"
        "print(torch.dropout(x, 0.4, False) is x, torch.dropout(x, 1.0, True))\n"
        "y = torch.ones(5)\nprint(torch.dropout_(y, 0.5, True) is y, y)")),
    ("top_feature_dropout_seeded", (
        "torch.manual_seed(3)\nx = torch.ones(2, 4, 3, requires_grad=True)\n"
        "out = torch.feature_dropout(x, 0.5, True)\nprint(out, type(out.grad_fn).__name__)\n"
        "print(torch.feature_dropout(torch.ones(2, 3, 2, 2), 0.5, True))\n"
        "print(torch.feature_dropout(x, 0.5, False) is x, torch.feature_dropout(x, 1.0, True))\n"
        "y = torch.ones(2, 3)\nprint(torch.feature_dropout_(y, 0.5, True) is y, y)")),
    ("top_alpha_dropout_seeded", (
        "torch.manual_seed(1)\nx = torch.linspace(-1, 1, 8, requires_grad=True)\n"
        "out = torch.alpha_dropout(x, 0.3, True)\nprint(out, type(out.grad_fn).__name__)\n"
        "print(torch.alpha_dropout(x, 0.3, False) is x)\n"
        "print(torch.feature_alpha_dropout(torch.ones(2, 3, 2), 0.5, True))")),
    ("top_kl_div_reductions", (
        _X + "for r in (0, 1, 2, 3, -1):\n"
        "    out = torch.kl_div(x, t, r)\n"
        "    print(r, out, type(out.grad_fn).__name__)\n"
        "print(torch.kl_div(x, t))\n"
        "print(torch.kl_div(x, t, 1, log_target=True))")),
    ("top_losses_default_unreduced", (
        _X + "y = torch.tensor([1.0, -1.0])\n"
        "print(torch.hinge_embedding_loss(x, torch.sign(t - 0.3)))\n"
        "print(torch.cosine_embedding_loss(x, t, y))\n"
        "print(torch.margin_ranking_loss(x, t, torch.ones(2, 3)))\n"
        "print(torch.triplet_margin_loss(x, t, t.flip(0)))\n"
        "print(torch.binary_cross_entropy_with_logits(x, t))\n"
        "print(torch.poisson_nll_loss(x, t, True, False, 1e-8, 0))")),
    ("top_losses_reduced_grads", "\n".join([
        _X, "y = torch.tensor([1.0, -1.0])",
        "outs = [torch.hinge_embedding_loss(x, torch.sign(t - 0.3), 0.5, 1),",
        "        torch.cosine_embedding_loss(x, t, y, 0.1, 2),",
        "        torch.margin_ranking_loss(x, t, torch.ones(2, 3), 0.2, 1),",
        "        torch.triplet_margin_loss(x, t, t.flip(0), 1.0, 2, 1e-6, True, 2),",
        "        torch.binary_cross_entropy_with_logits(x, t, torch.tensor([1.0, 2.0, 3.0]),",
        "                                               torch.tensor([2.0, 1.0, 0.5]), 1),",
        "        torch.poisson_nll_loss(x, t, False, True, 1e-8, 2)]",
        "for out in outs:",
        "    x.grad = None",
        "    out.backward()",
        "    print(out, type(out.grad_fn).__name__, x.grad)"])),
    ("top_constant_pad_nd", _show("torch.constant_pad_nd(x, [1, 2, 0, 1], -1.5)")),
    ("top_adaptive_max_pool1d", (
        "x = torch.tensor([[[1.0, 3.0, 2.0, 5.0, 4.0]]], requires_grad=True)\n"
        "out, idx = torch.adaptive_max_pool1d(x, 2)\nprint(out, idx)\n"
        "out.sum().backward()\nprint(x.grad)")),
    ("top_pixel_and_channel_shuffle", (
        "x = torch.arange(16.0).reshape(1, 4, 2, 2)\n"
        "print(torch.pixel_shuffle(x, 2))\n"
        "print(torch.pixel_unshuffle(torch.pixel_shuffle(x, 2), 2).equal(x))\n"
        "print(torch.channel_shuffle(x, 2)[0, :, 0, 0])\n"
        "print(torch.native_channel_shuffle(x, 2)[0, :, 0, 0])")),
    ("top_bilinear", _show(
        "torch.bilinear(x, t, torch.arange(18.0).reshape(2, 3, 3) / 10, "
        "torch.tensor([0.5, -0.5]))")),
    ("functional_pdist", (
        "x = torch.tensor([[0.2, -0.5, 0.3], [0.1, 0.4, -0.8], [1.5, 0.25, 0.6]],\n"
        "                 requires_grad=True)\n"
        "for p in (2.0, 1.0, 0.5, float('inf')):\n"
        "    out = torch.nn.functional.pdist(x, p)\n"
        "    x.grad = None\n"
        "    (out * torch.tensor([1.0, 2.0, 3.0])).sum().backward()\n"
        "    print(p, out, type(out.grad_fn).__name__, x.grad)")),
    ("top_relu_", "y = torch.tensor([-1.0, 2.0])\nprint(torch.relu_(y) is y, y)"),
    ("top_errors", "\n".join([
        _message("torch.dropout(x, 1.5, True)"),
        _message("torch.feature_dropout(torch.ones(3), 0.5, True)"),
        _message("torch.kl_div(x, t, 1.0)"),
        _message("torch.hinge_embedding_loss(x, t, 1.0, 'mean')"),
        # (a missing flag is a TypeError; the wording is Python's own here, torch's there)
        "for call in (lambda: torch.dropout(x, 0.5),",
        "             lambda: torch.batch_norm(x, None, None, None, None, True, 0.1, 1e-5)):",
        "    try:",
        "        call()",
        "    except TypeError:",
        "        print('TypeError')"])),
]

# torch.backends.mha's switch turns off the fused inference path (and its nested tensors)
CASES.append(("backends_mha_fastpath", "\n".join([
    "import warnings",
    "torch.manual_seed(0)",
    "layer = torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)",
    "enc = torch.nn.TransformerEncoder(layer, 2).eval()",
    "x = torch.randn(2, 3, 8)",
    "mask = torch.tensor([[False, False, True], [False, True, True]])",
    "print(torch.backends.mha.get_fastpath_enabled())",
    "with torch.no_grad(), warnings.catch_warnings():",
    "    warnings.simplefilter('ignore')",
    "    fused = enc(x, src_key_padding_mask=mask)",
    "    torch.backends.mha.set_fastpath_enabled(False)",
    "    regular = enc(x, src_key_padding_mask=mask)",
    "    torch.backends.mha.set_fastpath_enabled(True)",
    "print(torch.backends.mha.get_fastpath_enabled())",
    "print(fused[0, 2], regular[0, 2])",
    "print((fused[0, :2] - regular[0, :2]).abs().max() < 1e-5)"])))

# torch.compile: what a script sees without calling the compiled model (torch would compile
# on the first call; ember runs eagerly)
CASES.append(("compile_module_and_function", "\n".join([
    "torch.manual_seed(0)",
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())",
    "c = torch.compile(m)",
    "print(type(c).__name__, isinstance(c, torch.nn.Module))",
    "print(c)",
    "print(list(c.state_dict()), c._orig_mod is m, c._modules['_orig_mod'] is m)",
    "print([n for n, _ in c.named_parameters()], c.training)",
    "c.eval()",
    "print(m.training, m[0].training)",
    "print(torch.compile(m, disable=True) is m, m.compile(), type(m).__name__)",
    "def f(x):",
    "    return x * 2",
    "print(torch.compile(f).__name__, torch.compile(mode='reduce-overhead')(f).__name__)",
    "for kwargs in ({'mode': 'bogus'}, {'mode': 'default', 'options': {}}):",
    "    try:",
    "        torch.compile(m, **kwargs)",
    "    except Exception as error:",
    "        print(type(error).__name__, error)",
    "try:",
    "    torch.compile(3)",
    "except Exception as error:",
    "    print(type(error).__name__, error)"])))

# broadcast_tensors returns a tensor that has the common shape already as it is
CASES.append(("broadcast_tensors_keeps_full_shaped_inputs", "\n".join([
    "a = torch.ones(2, 3, requires_grad=True) * 2",
    "b = torch.ones(3, requires_grad=True)",
    "x, y = torch.broadcast_tensors(a, b)",
    "print(x is a, type(x.grad_fn).__name__, type(y.grad_fn).__name__, y.shape)",
    "c = torch.zeros(3)",
    "print(torch.broadcast_tensors(c, torch.ones(3))[0] is c)",
    "(x * y).sum().backward()",
    "print(b.grad)"])))
