"""nn odds and ends: nn.init, nn.utils (clipping, parameter vectors), dropout, Flatten and
Unflatten, normalize / cosine_similarity / pairwise_distance / one_hot, and the CUDA/MPS
queries that device-choosing code makes.

Each case is ``(case_id, python_source)`` (see scripts/record_torch_reference.py). These
cases were written before ember's generator matched torch's, so they record only what does
not depend on the stream (cases_random.py compares the streams themselves):
deterministic initialisers, errors and warnings (their messages, and whether they point at
the caller's line), reprs, grad_fn chains, and properties of random results (the set of
values dropout produces, masks shared along a channel, orthogonality).
"""

from __future__ import annotations


def _message(statement: str, setup: str = "") -> str:
    """Run `statement`; print the type and message of what it raises."""
    body = "\n".join(f"    {line}" for line in statement.splitlines())
    lines = [setup] if setup else []
    lines += ["try:", body, "except Exception as error:",
              "    print(type(error).__name__, error)", "else:", "    print('no error')"]
    return "\n".join(lines)


def _warns(statement: str, setup: str = "", where: bool = True) -> str:
    """Run `statement`; print each warning's category and message, and (`where`) whether it
    points at the case's own code (the caller), as torch's stacklevel makes it. ember's
    warnings always name the caller's line (ember._warnings); the few of torch's whose
    stacklevel stops inside torch are printed without `where` (docs/differences.md)."""
    body = "\n".join(f"    {line}" for line in statement.splitlines())
    shown = "w.category.__name__, w.message" + (", w.filename.startswith('<case')" * where)
    lines = ["import warnings"] + ([setup] if setup else [])
    lines += ["with warnings.catch_warnings(record=True) as caught:",
              "    warnings.simplefilter('always')", body,
              "for w in caught:",
              f"    print({shown})"]
    return "\n".join(lines)


def _chain(expression: str) -> str:
    """Print the names along the first-input path of `expression`'s grad_fn chain."""
    return (
        f"f = ({expression}).grad_fn\n"
        "names = []\n"
        "while f is not None:\n"
        "    names.append(type(f).__name__)\n"
        "    nxt = [n for n, _ in f.next_functions if n is not None]\n"
        "    f = nxt[0] if nxt else None\n"
        "print(names)"
    )


_F = "F = torch.nn.functional\n"
_INIT = "init = torch.nn.init\n"
_UTILS = "U = torch.nn.utils\n"

_INIT_CASES = [
    ("nn_misc_calculate_gain", _INIT + (
        "for name in ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d',\n"
        "             'conv_transpose2d', 'conv_transpose3d', 'sigmoid', 'tanh', 'relu',\n"
        "             'leaky_relu', 'selu']:\n"
        "    print(name, repr(init.calculate_gain(name)))\n"
        "print(init.calculate_gain('leaky_relu', 0.2), init.calculate_gain('leaky_relu', 1))\n"
        "print(init.calculate_gain('leaky_relu', None), init.calculate_gain('relu', 5))")),
    ("nn_misc_calculate_gain_unknown", _INIT + _message("init.calculate_gain('gelu')")),
    ("nn_misc_calculate_gain_bool_slope",
     _INIT + _message("init.calculate_gain('leaky_relu', True)")),
    ("nn_misc_calculate_gain_string_slope",
     _INIT + _message("init.calculate_gain('leaky_relu', '0.1')")),
    ("nn_misc_eye", _INIT + (
        "w = torch.empty(3, 5, requires_grad=True)\n"
        "out = init.eye_(w)\n"
        "print(out is w, w, w.grad_fn)\n"
        "print(init.eye_(torch.empty(4, 2, dtype=torch.float64)))\n"
        "print(init.eye_(torch.empty(2, 3, dtype=torch.int64)))")),
    ("nn_misc_eye_wrong_rank", _INIT + _message("init.eye_(torch.empty(2, 2, 2))")),
    ("nn_misc_dirac", _INIT + (
        "print(init.dirac_(torch.empty(2, 3, 3)))\n"
        "print(init.dirac_(torch.empty(4, 2, 3), groups=2))\n"
        "w = init.dirac_(torch.empty(3, 2, 3, 3, requires_grad=True))\n"
        "print(w.grad_fn, w.sum(), w.nonzero().tolist())\n"
        "print(init.dirac_(torch.empty(2, 2, 1, 2, 3)).nonzero().tolist())")),
    ("nn_misc_dirac_groups", _INIT + _message("init.dirac_(torch.empty(3, 2, 3), groups=2)")),
    ("nn_misc_dirac_rank", _INIT + _message("init.dirac_(torch.empty(3, 2))")),
    ("nn_misc_constant_ones_zeros", _INIT + (
        "w = torch.empty(2, 3, requires_grad=True)\n"
        "print(init.constant_(w, 0.25) is w, w, w.grad_fn)\n"
        "print(init.ones_(w), init.zeros_(w))\n"
        "print(init.constant_(torch.empty(2, dtype=torch.int64), 7))")),
    ("nn_misc_fans", _INIT + (
        "for shape in [(3, 4), (8, 4, 3, 3), (5, 2, 7), (6, 0), (2, 3, 1, 1, 2)]:\n"
        "    print(shape, init._calculate_fan_in_and_fan_out(torch.empty(shape)))")),
    ("nn_misc_fans_vector",
     _INIT + _message("init._calculate_fan_in_and_fan_out(torch.empty(5))")),
    ("nn_misc_xavier_vector", _INIT + _message("init.xavier_uniform_(torch.empty(5))")),
    ("nn_misc_kaiming_vector", _INIT + _message("init.kaiming_normal_(torch.empty(5))")),
    ("nn_misc_kaiming_bad_mode",
     _INIT + _message("init.kaiming_uniform_(torch.empty(3, 4), mode='fan_avg')")),
    ("nn_misc_kaiming_bad_nonlinearity",
     _INIT + _message("init.kaiming_uniform_(torch.empty(3, 4), nonlinearity='swish')")),
    ("nn_misc_kaiming_mode_case", _INIT + (
        "w = torch.empty(30, 40)\n"
        "out = init.kaiming_uniform_(w, mode='FAN_OUT', nonlinearity='relu')\n"
        "bound = (3.0 ** 0.5) * (2.0 ** 0.5) / 30 ** 0.5\n"
        "print(out is w, bool(w.abs().max() <= bound), bool(w.abs().max() > 0.9 * bound))")),
    ("nn_misc_kaiming_zero_elements", _INIT + _warns(
        "print(init.kaiming_uniform_(torch.empty(0, 3)).shape)\n"
        "print(init.kaiming_normal_(torch.empty(3, 0)).shape)")),
    ("nn_misc_uniform_normal_bounds", _INIT + (
        "w = torch.empty(50, 60, requires_grad=True)\n"
        "print(init.uniform_(w, -0.5, 0.25) is w, w.grad_fn, w.requires_grad)\n"
        "print(bool(w.min() >= -0.5), bool(w.max() <= 0.25), bool(w.min() < -0.45))\n"
        "g = torch.Generator().manual_seed(3)\n"
        "h = torch.Generator().manual_seed(3)\n"
        "a = init.normal_(torch.empty(5), 1.0, 2.0, generator=g)\n"
        "b = init.normal_(torch.empty(5), 1.0, 2.0, generator=h)\n"
        "print(torch.equal(a, b))\n"
        "a = init.xavier_normal_(torch.empty(4, 6), gain=2.0, generator=g)\n"
        "b = init.xavier_normal_(torch.empty(4, 6), gain=2.0, generator=h)\n"
        "print(torch.equal(a, b))")),
    ("nn_misc_xavier_uniform_bound", _INIT + (
        "w = init.xavier_uniform_(torch.empty(20, 30), gain=init.calculate_gain('tanh'))\n"
        "bound = 5 / 3 * (6 / 50) ** 0.5\n"
        "print(bool(w.abs().max() <= bound), bool(w.abs().max() > 0.9 * bound))")),
    ("nn_misc_trunc_normal_bounds", _INIT + (
        "w = init.trunc_normal_(torch.empty(2000), mean=0.5, std=1.0, a=-0.25, b=0.75)\n"
        "print(bool(w.min() >= -0.25), bool(w.max() <= 0.75))\n"
        "w = init.trunc_normal_(torch.empty(2000), mean=0.0, std=1.0, a=2.0, b=2.5)\n"
        "print(bool(w.min() >= 2.0), bool(w.max() <= 2.5))\n"
        "w = init.trunc_normal_(torch.empty(300, dtype=torch.float64), std=0.02)\n"
        "print(w.dtype, bool(w.abs().max() <= 2.0))")),
    ("nn_misc_trunc_normal_far_mean", _INIT + _warns(
        "w = init.trunc_normal_(torch.empty(50), mean=5.0, std=1.0, a=-1.0, b=1.0)\n"
        "print(bool(w.abs().max() <= 1.0))", where=False)),
    # seeded only so that re-recording leaves the JSON as it is (result is W W^T = I)
    ("nn_misc_orthogonal", _INIT + (
        "torch.manual_seed(0)\n"
        "w = torch.empty(3, 5)\n"
        "print(init.orthogonal_(w) is w)\n"
        "result = w @ w.T")),
    ("nn_misc_orthogonal_tall_gain", _INIT + (
        "torch.manual_seed(0)\n"
        "w = init.orthogonal_(torch.empty(6, 2, 2, dtype=torch.float64), gain=2.0)\n"
        "m = w.reshape(6, 4)\n"
        "result = m.T @ m")),
    ("nn_misc_orthogonal_vector", _INIT + _message("init.orthogonal_(torch.empty(4))")),
    ("nn_misc_orthogonal_empty", _INIT + "print(init.orthogonal_(torch.empty(0, 3)).shape)"),
    ("nn_misc_sparse", _INIT + (
        "w = init.sparse_(torch.empty(10, 4), sparsity=0.25, std=0.5)\n"
        "print((w == 0).sum(0))\n"
        "print(init.sparse_(torch.empty(3, 2), 0.0).ne(0).all())")),
    ("nn_misc_sparse_rank", _INIT + _message("init.sparse_(torch.empty(3, 2, 2), 0.5)")),
    ("nn_misc_init_deprecated", _INIT + _warns(
        "w = init.constant(torch.empty(2), 3.0)\n"
        "print(w)\n"
        "print(init.xavier_uniform(torch.empty(2, 3)).shape)")),
]

_CLIP_SETUP = (
    "a = torch.tensor([3.0, 4.0], requires_grad=True)\n"
    "b = torch.tensor([[1.0, 2.0], [2.0, 0.0]], dtype=torch.float64, requires_grad=True)\n"
    "c = torch.zeros(3, requires_grad=True)\n"
    "def fresh():\n"
    "    a.grad = torch.tensor([3.0, -4.0])\n"
    "    b.grad = torch.tensor([[1.0, -2.0], [2.0, 0.5]], dtype=torch.float64)\n"
)

_UTILS_CASES = [
    ("nn_misc_clip_grad_norm", _UTILS + _CLIP_SETUP + (
        "fresh()\n"
        "print(repr(U.clip_grad_norm_([a, b, c], 1.0)), a.grad, b.grad, c.grad)\n"
        "fresh()\n"
        "print(repr(U.clip_grad_norm_([a, b], 100.0, foreach=True)), a.grad, b.grad)\n"
        "fresh()\n"
        "print(repr(U.clip_grad_norm_(a, 2.5)), a.grad)")),
    ("nn_misc_clip_grad_norm_types", _UTILS + _CLIP_SETUP + (
        "for norm_type in [1, 0.5, 3.0, float('inf'), 'inf', 0]:\n"
        "    fresh()\n"
        "    print(norm_type, repr(U.clip_grad_norm_([a, b], 1.0, norm_type)), a.grad, b.grad)")),
    ("nn_misc_clip_grad_norm_generator", _UTILS + _CLIP_SETUP + (
        "fresh()\n"
        "print(repr(U.clip_grad_norm_((p for p in [a, b]), 1.0)))\n"
        "print(repr(U.clip_grad_norm_([c], 1.0)), repr(U.clip_grad_norm_([], 1.0)))\n") + _warns(
        "print(repr(U.clip_grad_norm_((p for p in []), 1.0)))")),
    ("nn_misc_clip_grad_norm_nonfinite", _UTILS + _CLIP_SETUP + (
        "a.grad = torch.tensor([3.0, float('inf')])\n"
        "print(repr(U.clip_grad_norm_(a, 1.0)), a.grad)\n"
        "a.grad = torch.tensor([3.0, float('nan')])\n") + _message(
        "U.clip_grad_norm_([a], 1.0, norm_type=1, error_if_nonfinite=True)") + (
        "\nprint(a.grad)")),
    ("nn_misc_clip_grad_norm_half", _UTILS + (
        "p = torch.zeros(2, dtype=torch.float16, requires_grad=True)\n"
        "p.grad = torch.tensor([3.0, 4.0], dtype=torch.float16)\n"
        "print(repr(U.clip_grad_norm_(p, 1.0)), p.grad)")),
    ("nn_misc_clip_grad_norm_no_graph", _UTILS + _CLIP_SETUP + (
        "a.grad = torch.tensor([3.0, 4.0], requires_grad=True)\n"
        "n = U.clip_grad_norm_(a, 1.0)\n"
        "print(n.requires_grad, n.grad_fn, a.grad.grad_fn)")),
    ("nn_misc_clip_grad_norm_deprecated", _UTILS + _CLIP_SETUP + _warns(
        "fresh()\n"
        "print(repr(U.clip_grad_norm([a], 1.0)))")),
    ("nn_misc_total_norm_and_clip_with_norm", _UTILS + _CLIP_SETUP + (
        "fresh()\n"
        "n = U.get_total_norm([a.grad, b.grad], 1.0)\n"
        "print(repr(n), repr(U.get_total_norm(a.grad)), repr(U.get_total_norm([])))\n"
        "print(U.clip_grads_with_norm_([a, b], 2.0, n), a.grad, b.grad)")),
    ("nn_misc_clip_grad_value", _UTILS + _CLIP_SETUP + (
        "fresh()\n"
        "print(U.clip_grad_value_([a, b, c], 1.5), a.grad, b.grad, c.grad)\n"
        "fresh()\n"
        "print(U.clip_grad_value_(a, 3, foreach=False), a.grad)")),
    ("nn_misc_parameters_to_vector", _UTILS + (
        "w = torch.nn.Parameter(torch.arange(6.0).reshape(2, 3))\n"
        "b = torch.nn.Parameter(torch.tensor([-1.0, -2.0]))\n"
        "v = U.parameters_to_vector([w, b])\n"
        "print(v, [type(n).__name__ for n, _ in v.grad_fn.next_functions])\n"
        "(v * torch.arange(8.0)).sum().backward()\n"
        "print(w.grad, b.grad)")),
    ("nn_misc_parameters_to_vector_empty", _UTILS + _message("U.parameters_to_vector([])")),
    ("nn_misc_vector_to_parameters", _UTILS + (
        "w = torch.nn.Parameter(torch.zeros(2, 3))\n"
        "b = torch.nn.Parameter(torch.zeros(2))\n"
        "v = torch.arange(10.0, requires_grad=True)\n"
        "print(U.vector_to_parameters(v, [w, b]))\n"
        "print(w, b, w.grad_fn, w.requires_grad, w.is_leaf)")),
    ("nn_misc_vector_to_parameters_not_tensor",
     _UTILS + _message("U.vector_to_parameters([1.0, 2.0], [torch.zeros(2)])")),
    ("nn_misc_vector_to_parameters_short", _UTILS + _message(
        "U.vector_to_parameters(torch.arange(3.0), [torch.zeros(2, 2)])")),
]

_DROPOUT_CASES = [
    ("nn_misc_dropout_reprs", (
        "nn = torch.nn\n"
        "for m in [nn.Dropout(), nn.Dropout(0.2, True), nn.Dropout1d(), nn.Dropout2d(0.3),\n"
        "          nn.Dropout3d(inplace=True), nn.AlphaDropout(0.1), nn.FeatureAlphaDropout(),\n"
        "          nn.Dropout(1), nn.Dropout(0)]:\n"
        "    print(m, m.p, m.inplace, m.training)\n"
        "print(nn.Sequential(nn.Linear(2, 3), nn.Dropout(0.25), nn.Flatten()))")),
    ("nn_misc_dropout_module_bad_p", _message("torch.nn.Dropout(1.5)")),
    ("nn_misc_dropout2d_module_bad_p", _message("torch.nn.Dropout2d(p=-0.1)")),
    ("nn_misc_dropout_bad_p", _F + _message("F.dropout(torch.ones(3), -0.5)")),
    ("nn_misc_dropout_bad_p_eval", _F + _message(
        "F.dropout(torch.ones(3), 2.0, training=False)")),
    ("nn_misc_alpha_dropout_bad_p", _F + _message("F.alpha_dropout(torch.ones(3), 1.5, True)")),
    ("nn_misc_dropout3d_bad_p", _F + _message("F.dropout3d(torch.ones(1, 1, 1, 1), 1.1)")),
    ("nn_misc_dropout_identity", _F + (
        "x = torch.randn(4, 5, requires_grad=True)\n"
        "print(F.dropout(x, 0.5, training=False) is x, F.dropout(x, 0.0) is x)\n"
        "print(F.alpha_dropout(x, 0.5) is x, F.feature_alpha_dropout(x, 0.5) is x)\n"
        "e = torch.ones(0, 3, requires_grad=True)\n"
        "print(F.dropout(e, 0.5) is e)\n"
        "m = torch.nn.Dropout()\n"
        "print(m.eval() is m, m(x) is x, m.training)\n"
        "print(torch.nn.AlphaDropout().eval()(x) is x)")),
    ("nn_misc_dropout_p_one", _F + (
        "x = torch.tensor([[1.0, -2.0], [0.5, -0.0]], requires_grad=True)\n"
        "y = F.dropout(x, 1.0)\n"
        "print(y, [type(n).__name__ if n else None for n, _ in y.grad_fn.next_functions])\n"
        "y.sum().backward()\n"
        "print(x.grad)\n"
        "print(F.alpha_dropout(x, 1.0, True), F.dropout2d(x[None], 1.0))\n"
        "print(F.dropout(torch.arange(4), 1.0))")),
    ("nn_misc_dropout_int_input", _F + _message("F.dropout(torch.arange(4), 0.5)")),
    ("nn_misc_dropout_values", _F + (
        "x = torch.ones(2000, requires_grad=True)\n"
        "y = F.dropout(x, 0.2)\n"
        "print(y.unique(), type(y.grad_fn).__name__,\n"
        "      [type(n).__name__ if n else None for n, _ in y.grad_fn.next_functions])\n"
        "y.backward(torch.ones(2000))\n"
        "print(torch.equal(x.grad, y.detach()), y.dtype)\n"
        "print(F.dropout(torch.ones(1000, dtype=torch.float64), 0.75).unique())\n"
        "r = F.dropout(torch.ones(2000), 0.5)\n"
        "print(bool((r == 0).sum() > 800), bool((r == 0).sum() < 1200))")),
    ("nn_misc_dropout_inplace", _F + (
        "x = torch.ones(500)\n"
        "y = F.dropout(x, 0.5, inplace=True)\n"
        "print(y is x, x._version, x.unique())\n"
        "leaf = torch.ones(3, requires_grad=True)\n"
        "h = leaf * 1\n"
        "print(type(F.dropout(h, 0.5, inplace=True).grad_fn).__name__)")),
    ("nn_misc_dropout_inplace_leaf", _F + _message(
        "F.dropout(torch.ones(3, requires_grad=True), 0.5, inplace=True)")),
    ("nn_misc_dropout_channels", _F + (
        "x = torch.ones(8, 50, 4, 3, requires_grad=True)\n"
        "y = F.dropout2d(x, 0.5)\n"
        "print(y.shape, type(y.grad_fn).__name__, y.unique())\n"
        "print(bool((y == y[:, :, :1, :1]).all()))\n"
        "y = F.dropout3d(torch.ones(6, 40, 2, 2, 2), 0.5)\n"
        "print(bool((y == y[:, :, :1, :1, :1]).all()), y.unique())\n"
        "y = F.dropout1d(torch.ones(30, 4), 0.5)\n"
        "print(y.shape, bool((y == y[:, :1]).all()))\n"
        "y = F.dropout1d(torch.ones(3, 30, 4), 0.5)\n"
        "print(y.shape, bool((y == y[:, :, :1]).all()))\n"
        "y = F.feature_alpha_dropout(torch.zeros(5, 60, 3), 0.5, True)\n"
        "print(bool((y == y[:, :, :1]).all()), y.unique())")),
    ("nn_misc_dropout_channels_chain", _F + (
        "x = torch.ones(3, 4, requires_grad=True)\n") + _chain("F.dropout1d(x, 0.5)") + "\n"
        + _chain("F.dropout3d(torch.ones(2, 3, 4, 5, requires_grad=True), 0.5)") + "\n"
        + _chain("F.dropout2d(torch.ones(2, 3, 4, 5, requires_grad=True), 0.5)")),
    ("nn_misc_dropout_channels_inplace", _F + (
        "x = torch.ones(30, 4)\n"
        "y = F.dropout1d(x, 0.5, inplace=True)\n"
        "print(y is x, x.shape, bool((x == x[:, :1]).all()))\n"
        "x = torch.ones(30, 2, 2, 2)\n"
        "print(F.dropout3d(x, 0.5, inplace=True) is x, x.shape)")),
    ("nn_misc_dropout1d_rank", _F + _message("F.dropout1d(torch.ones(5), 0.5)")),
    ("nn_misc_dropout1d_rank_4d", _F + _message("F.dropout1d(torch.ones(2, 3, 4, 5), 0.5)")),
    ("nn_misc_dropout2d_warnings", _F + _warns(
        "print(F.dropout2d(torch.ones(2, 3, 4), 0.5).shape)\n"
        "print(F.dropout2d(torch.ones(2, 3), 0.5, training=False).shape)\n"
        "print(F.dropout2d(torch.ones(1, 2, 3, 4, 5), 0.5).shape)")),
    ("nn_misc_dropout2d_vector", _F + _message("F.dropout2d(torch.ones(5), 0.5)")),
    ("nn_misc_dropout3d_warnings", _F + _warns(
        "print(F.dropout3d(torch.ones(2, 3, 4), 0.5).shape)\n"
        "print(F.dropout3d(torch.ones(3), 0.5).shape)")),
    ("nn_misc_dropout2d_module_warns", _warns(
        "print(torch.nn.Dropout2d()(torch.ones(2, 3, 4)).shape)", where=False)),
    ("nn_misc_feature_alpha_dropout_vector",
     _F + _message("F.feature_alpha_dropout(torch.ones(5), 0.5, True)")),
    ("nn_misc_alpha_dropout_values", _F + (
        "x = torch.zeros(3000, requires_grad=True)\n"
        "y = F.alpha_dropout(x, 0.5, True)\n"
        "print(type(y.grad_fn).__name__,\n"
        "      [type(n).__name__ if n else None for n, _ in y.grad_fn.next_functions])\n"
        "values = y.unique()\n"
        "print(values.numel())\n"
        "y.sum().backward()\n"
        "print(x.grad.unique())\n"
        "result = torch.cat([values, x.grad.unique(),\n"
        "                    F.alpha_dropout(torch.zeros(2000, dtype=torch.float64), 0.2, True)"
        ".unique()])")),
]

_FLATTEN_CASES = [
    ("nn_misc_flatten_reprs", (
        "nn = torch.nn\n"
        "for m in [nn.Flatten(), nn.Flatten(0, 2), nn.Flatten(end_dim=-2),\n"
        "          nn.Unflatten(1, (2, 3)), nn.Unflatten(-1, torch.Size([2, 3])),\n"
        "          nn.Unflatten(1, [2, -1])]:\n"
        "    print(m)")),
    ("nn_misc_flatten_forward", (
        "nn = torch.nn\n"
        "x = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()\n"
        "for m in [nn.Flatten(), nn.Flatten(0, -1), nn.Flatten(0, 1), nn.Flatten(1, 1)]:\n"
        "    y = m(x)\n"
        "    print(y.shape, type(y.grad_fn).__name__, y is x)\n"
        "y = nn.Flatten()(x.transpose(0, 2))\n"
        "print(y.shape, type(y.grad_fn).__name__)\n"
        "y.sum().backward()\n"
        "print(x.grad.shape)\n"
        "print(nn.Flatten(0)(torch.tensor(3.0)))")),
    ("nn_misc_flatten_bad_dims", _message("torch.nn.Flatten(2, 1)(torch.ones(2, 3, 4))")),
    ("nn_misc_flatten_dim_range", _message("torch.nn.Flatten(5)(torch.ones(2, 3, 4))")),
    ("nn_misc_unflatten_forward", (
        "nn = torch.nn\n"
        "x = torch.arange(24.0).reshape(4, 6).requires_grad_()\n"
        "y = nn.Unflatten(1, (2, 3))(x)\n"
        "print(y.shape, type(y.grad_fn).__name__)\n"
        "print(nn.Unflatten(-1, torch.Size([3, -1]))(x).shape)\n"
        "print(nn.Unflatten(0, [2, 2])(x).shape)\n"
        "print(nn.Sequential(nn.Flatten(0), nn.Unflatten(0, (4, 6)))(x).equal(x))")),
    ("nn_misc_unflatten_not_tuple", _message("torch.nn.Unflatten(1, 3)")),
    ("nn_misc_unflatten_float", _message("torch.nn.Unflatten(1, (2, 3.0))")),
    ("nn_misc_unflatten_str", _message("torch.nn.Unflatten(1, [2, 'a'])")),
    ("nn_misc_unflatten_nested", _message("torch.nn.Unflatten(1, ((2,), (3,)))")),
    ("nn_misc_unflatten_size_mismatch",
     _message("torch.nn.Unflatten(1, (2, 3))(torch.ones(4, 5))")),
    ("nn_misc_unflatten_inferred_mismatch",
     _message("torch.nn.Unflatten(1, (2, -1))(torch.ones(4, 5))")),
    ("nn_misc_unflatten_dim_range",
     _message("torch.nn.Unflatten(3, (2, 3))(torch.ones(4, 6))")),
]

_X = ("x = torch.tensor([[1.0, -2.0, 0.5], [0.0, 0.0, 0.0], [3.0, 4.0, -1.5]],"
      " dtype=torch.float64, requires_grad=True)\n"
      "y = torch.tensor([[0.5, 1.0, -1.0], [2.0, 0.0, 1.0], [3.0, 4.0, -1.0]],"
      " dtype=torch.float64, requires_grad=True)\n")

_DISTANCE_CASES = [
    ("nn_misc_normalize", _F + _X + (
        "outs = [F.normalize(x), F.normalize(x, p=1, dim=0), F.normalize(x, p=float('inf')),\n"
        "        F.normalize(x, dim=-1, eps=0.5), F.normalize(x, p=3.0)]\n"
        "grads = [torch.autograd.grad((o * y).sum(), x)[0] for o in outs]\n"
        "print(F.normalize(torch.tensor([3.0, 4.0]), dim=0))\n"
        "result = torch.cat([t.flatten() for t in outs + grads])")),
    ("nn_misc_normalize_chain", _F + _X + _chain("F.normalize(x)") + "\n"
     + "e = F.normalize(x).grad_fn.next_functions[1][0]\n"
     + "print([type(n).__name__ for n, _ in e.next_functions])"),
    ("nn_misc_normalize_int", _F + _message("F.normalize(torch.tensor([[1, 2]]))")),
    ("nn_misc_normalize_dim", _F + _message("F.normalize(torch.tensor([1.0, 2.0]))")),
    ("nn_misc_cosine_similarity", _F + _X + (
        "outs = [F.cosine_similarity(x, y), F.cosine_similarity(x, y, dim=0),\n"
        "        F.cosine_similarity(x, y[2], dim=-1), F.cosine_similarity(x, y, eps=2.0),\n"
        "        F.cosine_similarity(x[:, None], y[None], dim=-1).flatten()]\n"
        "grads = [g for o in outs for g in torch.autograd.grad(o.pow(2).sum(), (x, y))]\n"
        "print(outs[0])\n"
        "result = torch.cat([t.flatten() for t in outs + grads])")),
    ("nn_misc_cosine_similarity_small_norm", _F + (
        "x = torch.tensor([[1e-9, 2e-9, 0.0], [1.0, 2.0, 3.0]], dtype=torch.float64,"
        " requires_grad=True)\n"
        "y = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 0.0]], dtype=torch.float64,"
        " requires_grad=True)\n"
        "c = F.cosine_similarity(x, y)\n"
        "c.sum().backward()\n"
        "result = torch.cat([c, x.grad.flatten(), y.grad.flatten()])")),
    ("nn_misc_cosine_similarity_chain", _F + _X + _chain("F.cosine_similarity(x, y)") + "\n"
     + "d = F.cosine_similarity(x, y[0]).grad_fn.next_functions[0][0].next_functions[1][0]\n"
     + "print([type(n).__name__ for n, _ in d.next_functions])\n"
     + "print([type(n).__name__ for n, _ in d.next_functions[1][0].next_functions])"),
    ("nn_misc_cosine_similarity_dtypes", _F + (
        "a = torch.tensor([[1.0, 2.0, 3.0]])\n"
        "print(F.cosine_similarity(a.double(), a), F.cosine_similarity(a.half(), a).dtype)\n"
        "print(F.cosine_similarity(torch.tensor([[1, 0, 2]]), a))\n"
        "print(F.cosine_similarity(torch.tensor([[True, False, True]]), a))\n"
        "print(F.cosine_similarity(torch.tensor([1.0, 2.0]), torch.tensor([2.0, 1.0]), 0))\n"
        "print(F.cosine_similarity(torch.tensor(1.0), torch.tensor(-2.0), dim=0))\n"
        "print(F.cosine_similarity(torch.ones(3, 0), torch.ones(3, 0)))\n"
        "print(F.cosine_similarity(torch.ones(0, 3), torch.ones(0, 3)))\n"
        "print(F.cosine_similarity(a, a, eps=0))")),
    ("nn_misc_cosine_similarity_ints", _F + _message(
        "F.cosine_similarity(torch.tensor([[1, 2]]), torch.tensor([[1, 2]]))")),
    ("nn_misc_cosine_similarity_negative_eps", _F + _message(
        "F.cosine_similarity(torch.ones(2, 3), torch.ones(3, 3), eps=-0.5)")),
    ("nn_misc_cosine_similarity_shapes", _F + _message(
        "F.cosine_similarity(torch.ones(3, 4), torch.ones(2, 4))")),
    ("nn_misc_cosine_similarity_dim", _F + _message(
        "F.cosine_similarity(torch.ones(3, 4), torch.ones(4), dim=2)")),
    ("nn_misc_cosine_similarity_not_tensor", _F + _message(
        "F.cosine_similarity(torch.ones(3), [1.0, 2.0, 3.0], dim=0)")),
    ("nn_misc_pairwise_distance", _F + _X + (
        "outs = [F.pairwise_distance(x, y), F.pairwise_distance(x, y, p=1, keepdim=True),\n"
        "        F.pairwise_distance(x, y, p=float('inf')), F.pairwise_distance(x, y[0]),\n"
        "        F.pairwise_distance(x, y, p=0.5, eps=0.1), F.pairwise_distance(x, y, p=-1)]\n"
        "grads = [g for o in outs for g in torch.autograd.grad(o.sum(), (x, y))]\n"
        "print(outs[1].shape, outs[3].shape)\n"
        "result = torch.cat([t.flatten() for t in outs + grads])")),
    ("nn_misc_pairwise_distance_shapes", _F + (
        "print(F.pairwise_distance(torch.tensor(1.0), torch.tensor(2.0)))\n"
        "print(F.pairwise_distance(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0])))\n"
        "print(F.pairwise_distance(torch.tensor([1, 2]), torch.tensor([1, 2])))\n"
        "print(F.pairwise_distance(torch.ones(3, 0), torch.ones(3, 0)))\n"
        "print(F.pairwise_distance(torch.ones(2, 3).double(), torch.ones(2, 3)).dtype)\n"
        "print(F.pairwise_distance(torch.ones(2, 1, 3), torch.zeros(4, 3)).shape)\n"
        "print(F.pairwise_distance(torch.tensor([[1.0, 2.0]]), torch.tensor([[0.0, 0.0]]), 0))")),
    ("nn_misc_pairwise_distance_mismatch", _F + _message(
        "F.pairwise_distance(torch.ones(3, 4), torch.ones(2, 4))")),
    ("nn_misc_pairwise_distance_not_tensor", _F + _message(
        "F.pairwise_distance([1.0], torch.ones(1))")),
    ("nn_misc_one_hot", _F + (
        "print(F.one_hot(torch.tensor([0, 2, 1])))\n"
        "print(F.one_hot(torch.tensor([[0], [3]]), 5), F.one_hot(torch.tensor(2), 4))\n"
        "print(F.one_hot(torch.tensor([], dtype=torch.int64), 3))\n"
        "print(F.one_hot(torch.zeros(2, 0, dtype=torch.int64), 2).shape)\n"
        "print(F.one_hot(torch.tensor([0, 0])), F.one_hot(input=torch.tensor([1])))")),
    ("nn_misc_one_hot_float", _F + _message("F.one_hot(torch.tensor([0.0, 1.0]))")),
    ("nn_misc_one_hot_int32", _F + _message(
        "F.one_hot(torch.tensor([1], dtype=torch.int32), 3)")),
    ("nn_misc_one_hot_negative", _F + _message("F.one_hot(torch.tensor([0, -1]))")),
    ("nn_misc_one_hot_too_large", _F + _message("F.one_hot(torch.tensor([0, 3]), 3)")),
    ("nn_misc_one_hot_zero_classes", _F + _message("F.one_hot(torch.tensor([1, 0]), 0)")),
    ("nn_misc_one_hot_negative_classes", _F + _message(
        "F.one_hot(torch.tensor([[1], [0]]), -2)")),
    ("nn_misc_one_hot_empty", _F + _message("F.one_hot(torch.tensor([], dtype=torch.int64))")),
    ("nn_misc_one_hot_list", _F + _message("F.one_hot([1, 2])")),
]

_DEVICE_CASES = [
    ("nn_misc_cuda_queries", (
        "print(torch.cuda.is_available(), torch.cuda.device_count(),"
        " torch.cuda.is_initialized())\n"
        "print(torch.cuda.manual_seed(1), torch.cuda.manual_seed_all(2), torch.cuda.seed(),"
        " torch.cuda.seed_all())\n"
        "print(torch.cuda.empty_cache(), torch.cuda.memory_allocated(),"
        " torch.cuda.max_memory_allocated(), torch.cuda.memory_reserved())\n"
        "print(torch.cuda.is_bf16_supported())\n"
        "device = 'cuda' if torch.cuda.is_available() else 'cpu'\n"
        "print(torch.zeros(2, device=device))")),
    ("nn_misc_cuda_current_device", _message("torch.cuda.current_device()")),
    ("nn_misc_cuda_synchronize", _message("torch.cuda.synchronize()")),
    ("nn_misc_cuda_device_name", _message("torch.cuda.get_device_name(0)")),
    ("nn_misc_cuda_initial_seed", _message("torch.cuda.initial_seed()")),
    ("nn_misc_accelerator_idiom", (
        "device = (torch.accelerator.current_accelerator().type\n"
        "          if torch.accelerator.is_available() else 'cpu')\n"
        "print(f'Using {device} device', torch.accelerator.device_count(),\n"
        "      torch.accelerator.current_accelerator())\n"
        "print(torch.nn.Linear(2, 1).to(device).weight.device)")),
    ("nn_misc_accelerator_synchronize", _message("torch.accelerator.synchronize()")),
    ("nn_misc_backends", (
        "b = torch.backends\n"
        "print(b.mps.is_available(), b.mps.is_built(), b.cudnn.is_available(),"
        " b.cudnn.version())\n"
        "print(b.cudnn.enabled, b.cudnn.benchmark, b.cudnn.deterministic, b.cudnn.allow_tf32)\n"
        "b.cudnn.deterministic = True\n"
        "b.cudnn.benchmark = True\n"
        "print(b.cudnn.deterministic, b.cudnn.benchmark)\n"
        "with b.cudnn.flags(enabled=False, deterministic=False):\n"
        "    print(b.cudnn.enabled, b.cudnn.deterministic)\n"
        "print(b.cudnn.enabled, b.cudnn.deterministic)\n"
        "print(b.cuda.is_built(), b.cuda.matmul.allow_tf32)\n"
        "b.cuda.matmul.allow_tf32 = True\n"
        "print(b.cuda.matmul.allow_tf32, b.mkldnn.enabled)\n"
        "device = 'mps' if b.mps.is_available() else 'cpu'\n"
        "print(device)")),
    ("nn_misc_backends_matmul_unknown", _message("torch.backends.cuda.matmul.allow_foo = 1")),
]

CASES: list[tuple[str, str]] = [
    *_INIT_CASES, *_UTILS_CASES, *_DROPOUT_CASES, *_FLATTEN_CASES, *_DISTANCE_CASES,
    *_DEVICE_CASES,
]
