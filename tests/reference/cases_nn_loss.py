"""Loss cases: every loss of nn.functional and its module, recorded from torch 2.13.

Over a grid of shapes and options (reductions, class weights, ignore_index, label
smoothing, pos_weight, log_target, beta/delta, p/swap, ...) each case records the loss and
its gradients (with respect to the input, the target where torch differentiates it, and
the weight where torch lets it require grad) as one flat `result`, and prints the dtype,
shape and grad_fn name of each loss. Further cases pin second derivatives, the grad_fn
chain of cross-entropy, mixed dtypes, extreme values, module reprs/attributes/buffers,
the legacy size_average/reduce flags and their warning, and torch's errors.

Inputs are deterministic expressions (sines of an arange), so torch and ember start from
the same numbers without sharing a random generator. Ids start with ``loss_``.
"""

from __future__ import annotations

import itertools

_PRELUDE = '''\
F = torch.nn.functional
def values(*shape, scale=2.0, offset=0.1, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    base = torch.arange(float(n), dtype=torch.float64) * 0.737 + offset
    return (base.sin() * scale).to(dtype).reshape(shape)
def probabilities(*shape, dtype=torch.float32):
    return values(*shape, scale=0.45, offset=0.3, dtype=dtype) + 0.5
def report(loss, inputs):
    print(loss.dtype, tuple(loss.shape), type(loss.grad_fn).__name__)
    weights = torch.linspace(0.5, 1.5, loss.numel(), dtype=loss.dtype).reshape(loss.shape)
    grads = torch.autograd.grad(loss, inputs, weights)
    return [loss.detach().reshape(-1)] + [g.reshape(-1) for g in grads]
parts = []
'''

_END = "result = torch.cat(parts)\n"
_REDUCTIONS = ("none", "mean", "sum")


def _case(body: str) -> str:
    return _PRELUDE + body + _END


def _each_reduction(setup: str, call: str, inputs: str,
                    reductions: tuple[str, ...] = _REDUCTIONS) -> str:
    """A source that runs `call` (with {r} for the reduction) for each reduction."""
    lines = [setup]
    for reduction in reductions:
        lines.append(f"parts += report({call.format(r=repr(reduction))}, {inputs})")
    return _case("\n".join(lines) + "\n")


def _classes(shape: tuple[int, ...], count: int, ignore: int | None, seed: int = 0):
    """Deterministic class indices (a nested list literal), every 4th one `ignore`."""
    total = 1
    for size in shape:
        total *= size
    flat = [(3 * i + seed) % count for i in range(total)]
    if ignore is not None:
        flat = [ignore if i % 4 == 1 else c for i, c in enumerate(flat)]
    if not shape:
        return flat[0]

    def nest(items, dims):
        if len(dims) == 1:
            return items
        step = len(items) // dims[0]
        return [nest(items[k * step:(k + 1) * step], dims[1:]) for k in range(dims[0])]

    return nest(flat, list(shape))


def _shape_text(shape: tuple[int, ...]) -> str:
    return ", ".join(str(s) for s in shape) if shape else "*()"


# ---------------------------------------------------------------------- regression losses
def _regression_cases() -> list[tuple[str, str]]:
    cases = []
    shapes = {"3x4": (3, 4), "5": (5,), "2x3x2": (2, 3, 2), "scalar": ()}
    calls = {
        "mse": "F.mse_loss(x, y, reduction={r})",
        "l1": "F.l1_loss(x, y, reduction={r})",
        "smooth_l1": "F.smooth_l1_loss(x, y, reduction={r})",
        "smooth_l1_beta": "F.smooth_l1_loss(x, y, reduction={r}, beta=0.6)",
        "smooth_l1_beta0": "F.smooth_l1_loss(x, y, reduction={r}, beta=0.0)",
        "huber": "F.huber_loss(x, y, reduction={r})",
        "huber_delta": "F.huber_loss(x, y, reduction={r}, delta=0.6)",
        "huber_delta_large": "F.huber_loss(x, y, reduction={r}, delta=3.5)",
    }
    for (name, call), (shape_name, shape) in itertools.product(calls.items(), shapes.items()):
        setup = (f"x = values({_shape_text(shape)}, scale=2.5).requires_grad_()\n"
                 f"y = values({_shape_text(shape)}, offset=1.3).requires_grad_()")
        cases.append((f"loss_{name}_{shape_name}", _each_reduction(setup, call, "[x, y]")))
    for name in ("mse", "l1", "huber"):
        setup = ("x = values(3, 4, scale=2.5).requires_grad_()\n"
                 "y = values(3, 4, offset=1.3).requires_grad_()\n"
                 "w = probabilities(3, 4).requires_grad_()")
        call = f"F.{name}{'_loss'}(x, y, reduction={{r}}, weight=w)"
        cases.append((f"loss_{name}_weighted", _each_reduction(setup, call, "[x, y, w]")))
    setup = ("x = values(3, 4, dtype=torch.float64).requires_grad_()\n"
             "y = values(4, offset=1.3, dtype=torch.float64).requires_grad_()")
    for name in ("mse", "l1", "smooth_l1", "huber"):
        call = f"F.{name}_loss(x, y, reduction={{r}})"
        cases.append((f"loss_{name}_broadcast_target",
                      _each_reduction(setup, call, "[x, y]")))
    return cases


# ---------------------------------------------------------------------- classification
_CLASS_SHAPES = {  # name -> (input shape, target shape)
    "1d": ((4,), ()),
    "2d": ((6, 4), (6,)),
    "3d": ((2, 4, 3), (2, 3)),
    "4d": ((2, 4, 3, 2), (2, 3, 2)),
    "5d": ((2, 4, 2, 2, 2), (2, 2, 2, 2)),
}


def _class_index_cases() -> list[tuple[str, str]]:
    cases = []
    options = itertools.product(_CLASS_SHAPES.items(), (False, True), (None, 2),
                                (0.0, 0.25))
    for (shape_name, (in_shape, t_shape)), weighted, ignore, smoothing in options:
        ignore_value = -100 if ignore is None else ignore
        target = _classes(t_shape, 4, None if ignore is None else ignore_value)
        setup = (f"x = values({_shape_text(in_shape)}).requires_grad_()\n"
                 f"t = torch.tensor({target})\n"
                 f"w = {'torch.tensor([0.5, 2.0, 1.0, 0.25])' if weighted else 'None'}")
        tag = (f"{shape_name}{'_weighted' if weighted else ''}"
               f"{'_ignore' if ignore is not None else ''}"
               f"{'_smoothed' if smoothing else ''}")
        call = (f"F.cross_entropy(x, t, weight=w, ignore_index={ignore_value}, "
                f"reduction={{r}}, label_smoothing={smoothing})")
        cases.append((f"loss_cross_entropy_{tag}", _each_reduction(setup, call, "[x]")))
        if not smoothing:
            call = (f"F.nll_loss(x.log_softmax({0 if len(in_shape) == 1 else 1}), t, "
                    f"weight=w, ignore_index={ignore_value}, reduction={{r}})")
            cases.append((f"loss_nll_{tag}", _each_reduction(setup, call, "[x]")))
    return cases


_GRAD_WEIGHT = "torch.tensor([0.5, 2.0, 1.0, 0.25], requires_grad=True)"


def _probability_cases() -> list[tuple[str, str]]:
    cases = []
    shapes = {"1d": (4,), "2d": (3, 4), "3d": (2, 4, 3)}
    for (shape_name, shape), weighted, smoothing in itertools.product(
            shapes.items(), (False, True), (0.0, 0.3)):
        setup = (f"x = values({_shape_text(shape)}).requires_grad_()\n"
                 f"t = values({_shape_text(shape)}, offset=0.9).softmax("
                 f"{0 if len(shape) == 1 else 1}).detach().requires_grad_()\n"
                 f"w = {_GRAD_WEIGHT if weighted else 'None'}")
        inputs = "[x, t, w]" if weighted else "[x, t]"
        call = f"F.cross_entropy(x, t, weight=w, reduction={{r}}, label_smoothing={smoothing})"
        tag = f"{shape_name}{'_weighted' if weighted else ''}{'_smoothed' if smoothing else ''}"
        cases.append((f"loss_cross_entropy_probabilities_{tag}",
                      _each_reduction(setup, call, inputs)))
    return cases


def _binary_cases() -> list[tuple[str, str]]:
    cases = []
    weights = {"": "None", "_weight": "probabilities(4) + 0.5",
               "_weight_rows": "probabilities(3, 1)"}
    for tag, weight in weights.items():
        setup = ("x = probabilities(3, 4).requires_grad_()\n"
                 "y = probabilities(3, 4, dtype=torch.float32).flip(0).requires_grad_()\n"
                 f"w = {weight}")
        call = "F.binary_cross_entropy(x, y, weight=w, reduction={r})"
        cases.append((f"loss_bce{tag}", _each_reduction(setup, call, "[x, y]")))
        for pos_tag, pos_weight in (("", "None"), ("_pos_weight", "probabilities(4) * 3")):
            setup = ("x = values(3, 4, scale=4.0).requires_grad_()\n"
                     "y = probabilities(3, 4).flip(0).requires_grad_()\n"
                     f"w = {weight}\np = {pos_weight}")
            call = "F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=p, reduction={r})"
            cases.append((f"loss_bce_logits{tag}{pos_tag}",
                          _each_reduction(setup, call, "[x, y]")))
    setup = ("x = torch.tensor([0.0, 1.0, 1e-30, 1 - 1e-7, 0.5, 0.0, 1.0])\n"
             "y = torch.tensor([0.0, 1.0, 1.0, 0.0, 0.3, 1.0, 0.0])")
    cases.append(("loss_bce_log_clamped_at_minus_100", _case(
        setup + "\nfor r in ('none', 'mean', 'sum'):\n"
        "    loss = F.binary_cross_entropy(x, y, reduction=r)\n"
        "    print(loss)\n    parts.append(loss.reshape(-1))\n")))
    setup = ("x = torch.tensor([0.02, 0.98, 1e-6, 0.5], dtype=torch.float64, "
             "requires_grad=True)\n"
             "y = torch.tensor([1.0, 0.0, 1.0, 0.3], dtype=torch.float64, requires_grad=True)")
    cases.append(("loss_bce_near_zero_and_one", _each_reduction(
        setup, "F.binary_cross_entropy(x, y, reduction={r})", "[x, y]")))
    setup = ("x = torch.tensor([-1000.0, -30.0, 0.0, 30.0, 1000.0, 88.0, -88.0], "
             "requires_grad=True)\n"
             "y = torch.tensor([1.0, 0.2, 0.5, 0.0, 1.0, 0.0, 1.0], requires_grad=True)")
    for pos_tag, pos in (("", "None"), ("_pos_weight", "torch.tensor(3.0)")):
        cases.append((f"loss_bce_logits_extreme{pos_tag}", _each_reduction(
            setup, f"F.binary_cross_entropy_with_logits(x, y, pos_weight={pos}, "
            "reduction={r})", "[x, y]")))
    return cases


def _other_cases() -> list[tuple[str, str]]:
    cases = []
    # kl_div (reduction 'mean' warns; 'batchmean' divides by the batch size)
    for log_target in (False, True):
        target = ("values(3, 4, offset=0.9).log_softmax(1).detach().requires_grad_()"
                  if log_target else
                  "values(3, 4, offset=0.9).softmax(1).detach().requires_grad_()")
        setup = f"x = values(3, 4).log_softmax(1).detach().requires_grad_()\nt = {target}"
        call = f"F.kl_div(x, t, reduction={{r}}, log_target={log_target})"
        cases.append((f"loss_kl_div{'_log_target' if log_target else ''}", _each_reduction(
            setup, call, "[x, t]", ("none", "mean", "sum", "batchmean"))))
    setup = ("x = values(5).requires_grad_()\n"
             "t = torch.tensor([0.0, 0.3, 0.0, 0.5, 0.2], requires_grad=True)")
    cases.append(("loss_kl_div_zero_target", _each_reduction(
        setup, "F.kl_div(x, t, reduction={r})", "[x, t]", ("sum", "batchmean"))))
    # cosine embedding
    setup = ("a = values(4, 5).requires_grad_()\nb = values(4, 5, offset=2.0).requires_grad_()\n"
             "t = torch.tensor([1, -1, 1, -1])")
    for margin in (0.0, 0.2, -0.5):
        cases.append((f"loss_cosine_embedding_margin_{margin}", _each_reduction(
            setup, f"F.cosine_embedding_loss(a, b, t, margin={margin}, reduction={{r}})",
            "[a, b]")))
    setup = ("a = values(5).requires_grad_()\nb = values(5, offset=2.0).requires_grad_()\n"
             "t = torch.tensor(-1)")
    cases.append(("loss_cosine_embedding_1d", _each_reduction(
        setup, "F.cosine_embedding_loss(a, b, t, margin=-0.9, reduction={r})", "[a, b]")))
    # margin ranking
    setup = ("a = values(6).requires_grad_()\nb = values(6, offset=2.0).requires_grad_()\n"
             "t = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])")
    for margin in (0.0, 0.5):
        cases.append((f"loss_margin_ranking_{margin}", _each_reduction(
            setup, f"F.margin_ranking_loss(a, b, t, margin={margin}, reduction={{r}})",
            "[a, b]")))
    # triplet
    setup = ("a = values(4, 3).requires_grad_()\np = values(4, 3, offset=1.0).requires_grad_()\n"
             "n = values(4, 3, offset=2.5).requires_grad_()")
    for p, swap, margin in itertools.product((2, 1, 3.5), (False, True), (1.0, 2.5)):
        call = (f"F.triplet_margin_loss(a, p, n, margin={margin}, p={p}, swap={swap}, "
                "reduction={r})")
        cases.append((f"loss_triplet_p{p}_swap{swap}_margin{margin}",
                      _each_reduction(setup, call, "[a, p, n]")))
    setup = ("a = values(3).requires_grad_()\np = values(3, offset=1.0).requires_grad_()\n"
             "n = values(3, offset=2.5).requires_grad_()")
    cases.append(("loss_triplet_1d", _each_reduction(
        setup, "F.triplet_margin_loss(a, p, n, margin=3.0, eps=0.1, reduction={r})",
        "[a, p, n]")))
    # soft margin, hinge embedding
    setup = "x = values(3, 4).requires_grad_()\ny = values(3, 4, offset=1.1).sign()"
    cases.append(("loss_soft_margin", _each_reduction(
        setup, "F.soft_margin_loss(x, y, reduction={r})", "[x]")))
    for margin in (1.0, 0.3):
        cases.append((f"loss_hinge_embedding_{margin}", _each_reduction(
            setup, f"F.hinge_embedding_loss(x, y, margin={margin}, reduction={{r}})", "[x]")))
    # poisson
    for log_input, full in itertools.product((True, False), (False, True)):
        x = "values(3, 4)" if log_input else "probabilities(3, 4) * 2"
        setup = (f"x = ({x}).requires_grad_()\n"
                 "y = (probabilities(3, 4, dtype=torch.float32) * 4).flip(1).requires_grad_()")
        call = f"F.poisson_nll_loss(x, y, log_input={log_input}, full={full}, reduction={{r}})"
        cases.append((f"loss_poisson_nll_log{log_input}_full{full}",
                      _each_reduction(setup, call, "[x, y]")))
    # gaussian
    variances = {"same": "probabilities(3, 4)", "per_row": "probabilities(3)",
                 "per_row_kept": "probabilities(3, 1)", "tiny": "probabilities(3, 4) * 1e-9"}
    for (name, var), full in itertools.product(variances.items(), (False, True)):
        setup = ("x = values(3, 4).requires_grad_()\n"
                 "y = values(3, 4, offset=1.0).requires_grad_()\n"
                 f"v = ({var}).requires_grad_()")
        call = f"F.gaussian_nll_loss(x, y, v, full={full}, reduction={{r}})"
        cases.append((f"loss_gaussian_nll_{name}_full{full}",
                      _each_reduction(setup, call, "[x, y, v]")))
    # multilabel soft margin
    for weighted in (False, True):
        setup = ("x = values(3, 4, scale=3.0).requires_grad_()\n"
                 "y = probabilities(3, 4).round().requires_grad_()\n"
                 f"w = {'probabilities(4).requires_grad_()' if weighted else 'None'}")
        inputs = "[x, y, w]" if weighted else "[x, y]"
        cases.append((f"loss_multilabel_soft_margin{'_weighted' if weighted else ''}",
                      _each_reduction(setup, "F.multilabel_soft_margin_loss(x, y, weight=w, "
                                      "reduction={r})", inputs)))
    return cases


# ---------------------------------------------------------------------- graphs, dtypes
def _chain(expression: str) -> str:
    return _PRELUDE + f'''\
loss = {expression}
names, node = [], loss.grad_fn
while node is not None:
    names.append(type(node).__name__)
    following = [f for f, _ in node.next_functions if f is not None]
    node = following[0] if following else None
print(names)
'''


_X = "values(3, 4).requires_grad_()"
_GRAPH_CASES = [
    ("loss_graph_cross_entropy", _chain(f"F.cross_entropy({_X}, torch.tensor([0, 3, 1]))")),
    ("loss_graph_cross_entropy_3d_none", _chain(
        "F.cross_entropy(values(2, 3, 4).requires_grad_(), torch.tensor([[0, 1, 2, 1], "
        "[2, 2, 0, 1]]), reduction='none')")),
    ("loss_graph_cross_entropy_smoothed", _chain(
        f"F.cross_entropy({_X}, torch.tensor([0, 3, 1]), label_smoothing=0.1)")),
    ("loss_graph_mse_same_shape", _PRELUDE + "x = values(3).requires_grad_()\n"
     "y = values(3, offset=1.0).requires_grad_()\nloss = F.mse_loss(x, y)\n"
     "print([type(f).__name__ for f, _ in loss.grad_fn.next_functions])\n"),
    ("loss_graph_mse_broadcast", _PRELUDE + "x = values(2, 3).requires_grad_()\n"
     "y = values(3, offset=1.0).requires_grad_()\nloss = F.mse_loss(x, y)\n"
     "print([type(f).__name__ for f, _ in loss.grad_fn.next_functions])\n"),
    ("loss_print_cross_entropy", _PRELUDE +
     f"print(F.cross_entropy({_X}, torch.tensor([0, 3, 1])))\n"),
    ("loss_print_mse_none", _PRELUDE +
     f"print(F.mse_loss({_X}, torch.zeros(3, 4), reduction='none'))\n"),
    ("loss_print_bce_logits", _PRELUDE +
     f"print(F.binary_cross_entropy_with_logits({_X}, torch.ones(3, 4)))\n"),
]


def _second_order(expression: str, inputs: str) -> str:
    """Hessian-vector products: the gradient of (grad . v) for a fixed direction v."""
    return _PRELUDE + f'''\
loss = {expression}
grads = torch.autograd.grad(loss, {inputs}, create_graph=True)
total = sum((g * values(*g.shape, offset=0.5 + k, dtype=g.dtype)).sum()
            for k, g in enumerate(grads))
second = torch.autograd.grad(total, {inputs}, allow_unused=True)
result = torch.cat([s.reshape(-1) if s is not None else torch.zeros(0, dtype=loss.dtype)
                    for s in second])
'''


_D = "dtype=torch.float64"
_SECOND_ORDER_CASES = [
    ("loss_hvp_mse", _second_order(
        f"F.mse_loss(x := values(3, 4, {_D}).requires_grad_(), "
        f"y := values(3, 4, offset=1.0, {_D}).requires_grad_())", "[x, y]")),
    ("loss_hvp_smooth_l1", _second_order(
        f"F.smooth_l1_loss(x := values(3, 4, scale=3.0, {_D}).requires_grad_(), "
        f"y := values(3, 4, offset=1.0, {_D}).requires_grad_(), beta=0.7)", "[x, y]")),
    ("loss_hvp_huber", _second_order(
        f"F.huber_loss(x := values(3, 4, scale=3.0, {_D}).requires_grad_(), "
        f"y := values(3, 4, offset=1.0, {_D}).requires_grad_(), delta=0.7)", "[x, y]")),
    ("loss_hvp_cross_entropy", _second_order(
        f"F.cross_entropy(x := values(3, 4, {_D}).requires_grad_(), torch.tensor([0, 3, 1]), "
        f"weight=torch.tensor([0.5, 2.0, 1.0, 0.3], {_D}), label_smoothing=0.2)", "[x]")),
    ("loss_hvp_cross_entropy_4d", _second_order(
        f"F.cross_entropy(x := values(2, 3, 2, 2, {_D}).requires_grad_(), "
        "torch.tensor([[[0, 1], [2, 1]], [[2, 0], [1, 1]]]))", "[x]")),
    ("loss_hvp_bce", _second_order(
        f"F.binary_cross_entropy(x := probabilities(3, 4, {_D}).requires_grad_(), "
        f"y := probabilities(3, 4, {_D}).flip(1).requires_grad_())", "[x, y]")),
    ("loss_hvp_bce_logits", _second_order(
        f"F.binary_cross_entropy_with_logits(x := values(3, 4, {_D}).requires_grad_(), "
        f"y := probabilities(3, 4, {_D}).requires_grad_(), "
        f"pos_weight=torch.tensor([1.0, 2.0, 0.5, 3.0], {_D}))", "[x, y]")),
    ("loss_hvp_soft_margin", _second_order(
        f"F.soft_margin_loss(x := values(3, 4, {_D}).requires_grad_(), "
        f"values(3, 4, offset=1.0, {_D}).sign())", "[x]")),
    ("loss_hvp_kl_div", _second_order(
        f"F.kl_div(x := values(3, 4, {_D}).requires_grad_(), "
        f"t := probabilities(3, 4, {_D}).requires_grad_(), reduction='batchmean')",
        "[x, t]")),
    ("loss_hvp_triplet", _second_order(
        f"F.triplet_margin_loss(a := values(3, 4, {_D}).requires_grad_(), "
        f"p := values(3, 4, offset=1.0, {_D}).requires_grad_(), "
        f"n := values(3, 4, offset=2.0, {_D}).requires_grad_(), margin=3.0)", "[a, p, n]")),
]


def _dtype_case(expression: str) -> str:
    return _PRELUDE + f"loss = {expression}\nprint(loss.dtype)\nresult = loss.detach()\n"


_F32 = "values(3, 4, scale=2.5)"
_F64 = "values(3, 4, offset=1.3, dtype=torch.float64)"
_DTYPE_CASES = [
    ("loss_dtype_mse_promotes", _dtype_case(f"F.mse_loss({_F32}, {_F64})")),
    ("loss_dtype_mse_long_target", _dtype_case(
        f"F.mse_loss({_F32}, torch.ones(3, 4, dtype=torch.long))")),
    ("loss_dtype_l1_promotes", _dtype_case(f"F.l1_loss({_F32}, {_F64})")),
    ("loss_dtype_smooth_l1_promotes", _dtype_case(f"F.smooth_l1_loss({_F32}, {_F64})")),
    ("loss_dtype_huber_keeps_input", _dtype_case(f"F.huber_loss({_F32}, {_F64})")),
    ("loss_dtype_huber_double_input", _dtype_case(f"F.huber_loss({_F64}, {_F32})")),
    ("loss_dtype_soft_margin_keeps_input", _dtype_case(
        f"F.soft_margin_loss({_F32}, ({_F64}).sign())")),
    ("loss_dtype_bce_logits_target_dtype", _dtype_case(
        f"F.binary_cross_entropy_with_logits({_F64}, ({_F32}).sigmoid())")),
    ("loss_dtype_bce_logits_double_target", _PRELUDE + "x = values(3, 4).requires_grad_()\n"
     "y = probabilities(3, 4, dtype=torch.float64).requires_grad_()\n"
     "loss = F.binary_cross_entropy_with_logits(x, y)\n"
     "print(loss.dtype, [g.dtype for g in torch.autograd.grad(loss, [x, y])])\n"),
    ("loss_dtype_bce_logits_double_weight", _dtype_case(
        f"F.binary_cross_entropy_with_logits({_F32}, ({_F32}).sigmoid(), "
        "weight=torch.ones(4, dtype=torch.float64), pos_weight=torch.ones(4, "
        "dtype=torch.float64))")),
    ("loss_dtype_bce_double_weight", _dtype_case(
        f"F.binary_cross_entropy(({_F32}).sigmoid(), ({_F32}).sigmoid(), "
        "weight=torch.ones(4, dtype=torch.float64))")),
    ("loss_dtype_cross_entropy_double", _dtype_case(
        "F.cross_entropy(values(3, 4, dtype=torch.float64), torch.tensor([0, 1, 3]))")),
    ("loss_dtype_nll_byte_target", _dtype_case(
        "F.nll_loss(values(3, 4), torch.tensor([0, 1, 3], dtype=torch.uint8))")),
    ("loss_dtype_kl_div_double", _dtype_case(
        f"F.kl_div({_F32}, ({_F64}).softmax(1), reduction='batchmean')")),
]

_EDGE_CASES = [
    ("loss_nll_all_ignored", _PRELUDE + "x = values(3, 4).requires_grad_()\n"
     "t = torch.tensor([-100, -100, -100])\n"
     "for r in ('mean', 'sum', 'none'):\n"
     "    loss = F.nll_loss(x, t, reduction=r)\n"
     "    print(loss)\n    parts += report(loss, [x])\n" + _END),
    ("loss_nll_zero_total_weight", _PRELUDE + "x = values(3, 4).requires_grad_()\n"
     "t = torch.tensor([1, -100, 1])\nw = torch.tensor([1.0, 0.0, 1.0, 1.0])\n"
     "loss = F.nll_loss(x, t, weight=w)\nprint(loss)\nparts += report(loss, [x])\n" + _END),
    ("loss_nll_ignored_index_out_of_range", _PRELUDE + "x = values(2, 4).requires_grad_()\n"
     "parts += report(F.nll_loss(x, torch.tensor([7, 1]), ignore_index=7), [x])\n" + _END),
    # (torch's backward of this one raises a size mismatch: only the forward is pinned)
    ("loss_nll_one_sample_1d_target", _PRELUDE + "x = values(4).requires_grad_()\n"
     "loss = F.nll_loss(x, torch.tensor([2]), reduction='none')\nprint(loss)\n"
     "result = loss.detach()\n"),
    ("loss_cross_entropy_negative_smoothing_ignored", _PRELUDE +
     "x = values(3, 4).requires_grad_()\n"
     "parts += report(F.cross_entropy(x, torch.tensor([0, 1, 2]), label_smoothing=-0.5), "
     "[x])\n" + _END),
    ("loss_cross_entropy_probabilities_negative_ignore_index", _PRELUDE +
     "x = values(3, 4).requires_grad_()\nt = probabilities(3, 4)\n"
     "parts += report(F.cross_entropy(x, t, ignore_index=-3), [x])\n" + _END),
    ("loss_empty_batches", _PRELUDE +
     "print(F.cross_entropy(torch.zeros(0, 4), torch.zeros(0, dtype=torch.long)))\n"
     "print(F.nll_loss(torch.zeros(0, 4), torch.zeros(0, dtype=torch.long), reduction='sum'))\n"
     "print(F.mse_loss(torch.zeros(0, 4), torch.zeros(0, 4)))\n"
     "print(F.binary_cross_entropy(torch.zeros(0, 4), torch.zeros(0, 4)))\n"
     "print(F.cross_entropy(torch.zeros(0, 4), torch.zeros(0, 4), reduction='none'))\n"),
    ("loss_soft_margin_overflow", _PRELUDE +
     "x = torch.tensor([-1000.0, 30.0, 0.0])\n"
     "print(F.soft_margin_loss(x, torch.tensor([1.0, -1.0, 1.0]), reduction='none'))\n"),
    ("loss_legacy_flags", _PRELUDE + "x = values(3, 4)\ny = values(3, 4, offset=1.0)\n"
     "for sa, rd in ((None, False), (False, None), (True, True), (False, False), "
     "(None, True)):\n"
     "    parts.append(F.mse_loss(x, y, size_average=sa, reduce=rd).reshape(-1))\n"
     "    parts.append(F.cross_entropy(x, torch.tensor([0, 1, 2]), size_average=sa, "
     "reduce=rd).reshape(-1))\n"
     "    parts.append(F.kl_div(x, y.softmax(1), size_average=sa, reduce=rd).reshape(-1))\n"
     + _END),
    ("loss_elementwise_mean_deprecated", _PRELUDE +
     "print(F.mse_loss(values(3), values(3, offset=1.0), reduction='elementwise_mean'))\n"),
    ("loss_kl_div_mean_warns", _PRELUDE +
     "print(F.kl_div(values(3), values(3, offset=1.0).softmax(0)))\n"),
    ("loss_broadcast_warns", _PRELUDE +
     "print(F.l1_loss(values(2, 3), values(3, offset=1.0)))\n"),
]


# ---------------------------------------------------------------------- modules
_MODULES = [
    "L1Loss()", "MSELoss()", "SmoothL1Loss()", "SmoothL1Loss(beta=0.5)", "HuberLoss()",
    "HuberLoss(delta=2)", "CrossEntropyLoss()",
    "CrossEntropyLoss(weight=torch.tensor([1.0, 2.0]), ignore_index=1, label_smoothing=0.1)",
    "NLLLoss()", "NLLLoss(weight=torch.tensor([1.0, 2.0]), reduction='sum')", "BCELoss()",
    "BCELoss(weight=torch.tensor([1.0, 2.0]))", "BCEWithLogitsLoss()",
    "BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))", "KLDivLoss()",
    "KLDivLoss(reduction='batchmean', log_target=True)", "CosineEmbeddingLoss()",
    "CosineEmbeddingLoss(margin=0.5)", "MarginRankingLoss()", "MarginRankingLoss(0.3)",
    "TripletMarginLoss()", "TripletMarginLoss(margin=2.0, p=1, swap=True)",
    "SoftMarginLoss()", "HingeEmbeddingLoss()", "HingeEmbeddingLoss(margin=2.0)",
    "PoissonNLLLoss()", "PoissonNLLLoss(log_input=False, full=True)", "GaussianNLLLoss()",
    "GaussianNLLLoss(full=True, eps=0.1)", "MultiLabelSoftMarginLoss()",
    "MultiLabelSoftMarginLoss(weight=torch.tensor([1.0, 2.0]))",
]

_MODULE_CASE = '''\
m = torch.nn.{spec}
print(m)
print(repr(m))
public = {{k: v for k, v in vars(m).items() if not k.startswith('_') and k != 'training'}}
print(sorted(public.items(), key=lambda kv: kv[0]))
print(list(m._buffers), list(m.state_dict()), list(m.parameters()), m.training)
'''


def _module_cases() -> list[tuple[str, str]]:
    cases = []
    for i, spec in enumerate(_MODULES):
        name = spec.split("(")[0]
        cases.append((f"loss_module_{i:02d}_{name}", _MODULE_CASE.format(spec=spec)))
    cases += [
        ("loss_module_sequential_repr", "print(torch.nn.Sequential(torch.nn.Linear(2, 3), "
         "torch.nn.CrossEntropyLoss()))\n"),
        ("loss_module_legacy_flags", "for sa, rd in ((None, False), (False, None), "
         "(True, True)):\n"
         "    print(torch.nn.MSELoss(size_average=sa, reduce=rd).reduction, "
         "torch.nn.NLLLoss(None, sa, -100, rd).reduction)\n"),
        ("loss_module_weight_buffer_moves", "m = torch.nn.CrossEntropyLoss(weight="
         "torch.tensor([1.0, 2.0]))\nm.double()\nprint(m.weight, m.state_dict())\n"),
        ("loss_module_forward", _PRELUDE + """\
x = values(3, 4).requires_grad_()
t = torch.tensor([0, 3, 1])
modules = [torch.nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.5]),
                                     label_smoothing=0.1),
           torch.nn.NLLLoss(reduction='sum'), torch.nn.MSELoss(reduction='none')]
parts += report(modules[0](x, t), [x])
parts += report(modules[1](x.log_softmax(1), t), [x])
parts += report(modules[2](x, values(3, 4, offset=1.0)), [x])
p, y, z = probabilities(3, 4), values(3, 4, offset=1.0), values(3, 4, offset=2.0)
parts += report(torch.nn.BCEWithLogitsLoss(pos_weight=torch.ones(4) * 2)(x, p), [x])
parts += report(torch.nn.KLDivLoss(reduction='batchmean')(x.log_softmax(1), p), [x])
parts += report(torch.nn.TripletMarginLoss(margin=2.0)(x, y, z), [x])
parts += report(torch.nn.GaussianNLLLoss()(x, y, p), [x])
""" + _END),
        ("loss_module_huber_delta_type", "try:\n    torch.nn.HuberLoss(delta='1')\n"
         "except Exception as e:\n    print(type(e).__name__, e)\n"),
        ("loss_module_triplet_margin_error", "try:\n    torch.nn.TripletMarginLoss(margin=0)\n"
         "except Exception as e:\n    print(type(e).__name__, e)\n"),
    ]
    return cases


# ---------------------------------------------------------------------- errors
_ERROR_SETUP = ("F = torch.nn.functional\nx = torch.ones(3, 4)\nt = torch.tensor([0, 1, 2])\n"
                "p = torch.full((3, 4), 0.5)\n")


def _error(statement: str) -> str:
    return (_ERROR_SETUP + "try:\n    " + statement + "\nexcept Exception as error:\n"
            "    print(type(error).__name__)\n    print(error)\nelse:\n    print('no error')\n")


_ERRORS = {
    "class_out_of_range": "F.cross_entropy(x, torch.tensor([0, 1, 5]))",
    "class_negative": "F.nll_loss(x, torch.tensor([0, -1, 2]))",
    "class_out_of_range_none": "F.nll_loss(x, torch.tensor([4, 1, 2]), reduction='none')",
    "class_out_of_range_4d": "F.cross_entropy(torch.ones(2, 3, 2, 2), torch.full((2, 2, 2), 7))",
    "class_out_of_range_3d": "F.nll_loss(torch.ones(2, 3, 2), torch.full((2, 2), 3))",
    "float_target_for_classes": "F.cross_entropy(x, torch.tensor([0.0, 1.0, 2.0]))",
    "float_target_nll": "F.nll_loss(x, torch.tensor([0.0, 1.0, 2.0]))",
    "int32_target": "F.nll_loss(x, t.int())",
    "bool_target": "F.nll_loss(x, torch.tensor([True, False, True]))",
    "batch_mismatch": "F.cross_entropy(x, torch.tensor([0, 1]))",
    "batch_mismatch_4d": "F.nll_loss(torch.ones(2, 3, 4, 5), torch.zeros(3, 4, 5, "
                         "dtype=torch.long))",
    "scalar_input_nll": "F.nll_loss(torch.tensor(1.0), torch.tensor(0))",
    "scalar_input_cross_entropy": "F.cross_entropy(torch.tensor(1.0), torch.tensor(0))",
    "multi_target": "F.nll_loss(x, torch.zeros(3, 1, dtype=torch.long))",
    "target_size_3d": "F.nll_loss(torch.ones(2, 3, 4), torch.zeros(2, 5, dtype=torch.long))",
    "target_size_5d": "F.nll_loss(torch.ones(2, 3, 4, 5, 6), torch.zeros(2, 4, 5, "
                      "dtype=torch.long))",
    "target_size_4d": "F.nll_loss(torch.ones(2, 3, 4, 5), torch.zeros(2, 5, 4, "
                      "dtype=torch.long))",
    "target_dims_4d": "F.nll_loss(torch.ones(2, 3, 4, 5), torch.zeros(2, 20, "
                      "dtype=torch.long))",
    "one_sample_many_targets": "F.nll_loss(torch.ones(4), torch.tensor([0, 1, 2]))",
    "weight_size": "F.cross_entropy(x, t, weight=torch.ones(3))",
    "weight_size_4d": "F.nll_loss(torch.ones(2, 3, 4, 5), torch.zeros(2, 4, 5, "
                      "dtype=torch.long), weight=torch.ones(4))",
    "weight_2d": "F.nll_loss(x, t, weight=torch.ones(2, 2))",
    "weight_size_probabilities": "F.cross_entropy(x, p, weight=torch.ones(3))",
    "weight_dtype": "F.nll_loss(x, t, weight=torch.ones(4, dtype=torch.float64))",
    "weight_requires_grad_nll": "F.cross_entropy(x.requires_grad_(), t, "
                                "weight=torch.ones(4, requires_grad=True))",
    "weight_requires_grad_no_input_grad": "F.nll_loss(x, t, weight=torch.ones(4, "
                                          "requires_grad=True))",
    "weight_requires_grad_bce": "F.binary_cross_entropy(p, p, weight=torch.ones(4, "
                                "requires_grad=True))",
    "weight_requires_grad_bce_no_grad_mode": "with torch.no_grad():\n"
                                             "        print(F.binary_cross_entropy(p, p, "
                                             "weight=torch.ones(4, requires_grad=True)))",
    "pos_weight_requires_grad": "F.binary_cross_entropy_with_logits(x, p, "
                                "pos_weight=torch.ones(4, requires_grad=True))",
    "soft_margin_target_requires_grad": "F.soft_margin_loss(x, p.requires_grad_())",
    "probabilities_with_ignore_index": "F.cross_entropy(x, p, ignore_index=1)",
    "probabilities_long": "F.cross_entropy(x, torch.ones(3, 4, dtype=torch.long))",
    "label_smoothing_above_one": "F.cross_entropy(x, t, label_smoothing=1.5)",
    "label_smoothing_above_one_probabilities": "F.cross_entropy(x, p, label_smoothing=1.5)",
    "bad_reduction_cross_entropy": "F.cross_entropy(x, t, reduction='avg')",
    "bad_reduction_mse": "F.mse_loss(x, x, reduction='avg')",
    "bad_reduction_mse_weighted": "F.mse_loss(x, x, reduction='avg', weight=p)",
    "bad_reduction_huber_weighted": "F.huber_loss(x, x, reduction='avg', weight=p)",
    "bad_reduction_kl_div": "F.kl_div(x, p, reduction='avg')",
    "bad_reduction_poisson": "F.poisson_nll_loss(x, p, reduction='avg')",
    "bad_reduction_gaussian": "F.gaussian_nll_loss(x, x, p, reduction='avg')",
    "bad_reduction_multilabel": "F.multilabel_soft_margin_loss(x, p, reduction='avg')",
    "bad_reduction_soft_margin": "F.soft_margin_loss(x, p, reduction='avg')",
    "bad_reduction_triplet": "F.triplet_margin_loss(x, x, x, reduction='avg')",
    "mse_shapes_do_not_broadcast": "F.mse_loss(x, torch.ones(5))",
    "l1_shapes_do_not_broadcast": "F.l1_loss(x, torch.ones(3, 5))",
    "mse_weight_shape": "F.mse_loss(x, x, weight=torch.ones(4))",
    "mse_long_inputs": "F.mse_loss(t, t)",
    "l1_long_inputs": "F.l1_loss(t, t)",
    "smooth_l1_long_inputs": "F.smooth_l1_loss(t, t)",
    "huber_long_inputs": "F.huber_loss(t, t)",
    "smooth_l1_negative_beta": "F.smooth_l1_loss(x, x, beta=-1.0)",
    "huber_zero_delta": "F.huber_loss(x, x, delta=0.0)",
    "bce_shape": "F.binary_cross_entropy(p, torch.full((4,), 0.5))",
    "bce_long_target": "F.binary_cross_entropy(p, torch.ones(3, 4, dtype=torch.long))",
    "bce_double_target": "F.binary_cross_entropy(p, p.double())",
    "bce_double_input": "F.binary_cross_entropy(p.double(), p)",
    "bce_input_above_one": "F.binary_cross_entropy(x * 2, p)",
    "bce_input_nan": "F.binary_cross_entropy(torch.full((3, 4), float('nan')), p)",
    "bce_long_inputs": "F.binary_cross_entropy(t, t)",
    "bce_weight_broadcast": "F.binary_cross_entropy(p, p, weight=torch.ones(3))",
    "bce_logits_shape": "F.binary_cross_entropy_with_logits(x, torch.ones(4))",
    "bce_logits_long_target": "F.binary_cross_entropy_with_logits(x, torch.ones(3, 4, "
                              "dtype=torch.long))",
    "bce_logits_bool_target": "F.binary_cross_entropy_with_logits(x, torch.ones(3, 4, "
                              "dtype=torch.bool))",
    "bce_logits_long_input": "F.binary_cross_entropy_with_logits(t, t)",
    "bce_logits_weight_size": "F.binary_cross_entropy_with_logits(x, p, weight=torch.ones(3))",
    "bce_logits_pos_weight_size": "F.binary_cross_entropy_with_logits(x, p, "
                                  "pos_weight=torch.ones(3))",
    "bce_logits_weight_grows": "F.binary_cross_entropy_with_logits(x, p, "
                               "weight=torch.ones(2, 3, 4))",
    "soft_margin_long_input": "F.soft_margin_loss(t, t)",
    "nll_long_input": "F.nll_loss(torch.ones(3, 4, dtype=torch.long), t)",
    "cross_entropy_long_input": "F.cross_entropy(torch.ones(3, 4, dtype=torch.long), t)",
    "kl_div_long_inputs": "F.kl_div(t, t, reduction='sum')",
    "triplet_margin_zero": "F.triplet_margin_loss(x, x, x, margin=0)",
    "triplet_dims": "F.triplet_margin_loss(x, x[0], x)",
    "cosine_multi_target": "F.cosine_embedding_loss(x, x, torch.ones(3, 1))",
    "cosine_1d_target_1d_inputs": "F.cosine_embedding_loss(x[0], x[0], torch.ones(3))",
    "cosine_0d_target_2d_inputs": "F.cosine_embedding_loss(x, x, torch.tensor(1.0))",
    "margin_ranking_dims": "F.margin_ranking_loss(x, x, torch.ones(3))",
    "gaussian_var_size": "F.gaussian_nll_loss(x, x, torch.ones(2))",
    "gaussian_var_negative": "F.gaussian_nll_loss(x, x, -p)",
    "gaussian_var_negative_float": "F.gaussian_nll_loss(x, x, -1.0)",
}

_ERROR_CASES = [(f"loss_error_{name}", _error(statement)) for name, statement in _ERRORS.items()]

CASES: list[tuple[str, str]] = [
    *_regression_cases(),
    *_class_index_cases(),
    *_probability_cases(),
    *_binary_cases(),
    *_other_cases(),
    *_GRAPH_CASES,
    *_SECOND_ORDER_CASES,
    *_DTYPE_CASES,
    *_EDGE_CASES,
    *_module_cases(),
    *_ERROR_CASES,
]
