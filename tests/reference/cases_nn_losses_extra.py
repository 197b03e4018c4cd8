"""Margin losses, gumbel_softmax and channel_shuffle, recorded from torch 2.13.

multi_margin_loss and multilabel_margin_loss over reductions, p, margin, class weights,
vector inputs and the legacy flags; triplet_margin_with_distance_loss with the default and
custom distances and swap; each records the loss and its gradients as one flat `result`
and prints the loss's dtype and shape (not its grad_fn: torch's are dedicated kernels,
ember composes). gumbel_softmax draws from a seed (soft, hard, tau, dim) and records
samples and gradients; channel_shuffle values and gradients. Further cases pin module
reprs and attributes, warnings, and torch's errors.

Inputs are deterministic expressions (sines of an arange). Ids start with ``extra_loss_``.
"""

from __future__ import annotations

_PRELUDE = '''\
F = torch.nn.functional
nn = torch.nn
def values(*shape, scale=2.0, offset=0.1, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    base = torch.arange(float(n), dtype=torch.float64) * 0.737 + offset
    return (base.sin() * scale).to(dtype).reshape(shape)
def report(loss, inputs):
    print(loss.dtype, tuple(loss.shape))
    weights = torch.linspace(0.5, 1.5, loss.numel(), dtype=loss.dtype).reshape(loss.shape)
    grads = torch.autograd.grad(loss, inputs, weights)
    return [loss.detach().reshape(-1)] + [g.reshape(-1) for g in grads]
parts = []
'''

_END = "result = torch.cat(parts)\n"
_REDUCTIONS = ("none", "mean", "sum")


def _case(body: str) -> str:
    return _PRELUDE + body + _END


def _each_reduction(setup: str, call: str, inputs: str) -> str:
    lines = [setup]
    for reduction in _REDUCTIONS:
        lines.append(f"parts += report({call.format(r=repr(reduction))}, {inputs})")
    return _case("\n".join(lines) + "\n")


# ---------------------------------------------------------------------- multi_margin_loss
_MULTI_MARGIN = [
    ("plain", "x = values(5, 4).requires_grad_()\ny = torch.tensor([1, 0, 3, 2, 1])",
     "F.multi_margin_loss(x, y, reduction={r})", "[x]"),
    ("p2_margin", "x = values(5, 4).requires_grad_()\ny = torch.tensor([1, 0, 3, 2, 1])",
     "F.multi_margin_loss(x, y, p=2, margin=0.7, reduction={r})", "[x]"),
    ("weight", "x = values(5, 4).requires_grad_()\ny = torch.tensor([1, 0, 3, 2, 1])\n"
               "w = torch.tensor([0.5, 1.0, 2.0, 1.5])",
     "F.multi_margin_loss(x, y, weight=w, reduction={r})", "[x]"),
    ("p2_weight_float64",
     "x = values(3, 6, dtype=torch.float64).requires_grad_()\ny = torch.tensor([5, 0, 2])\n"
     "w = torch.linspace(0.2, 1.2, 6, dtype=torch.float64)",
     "F.multi_margin_loss(x, y, p=2, margin=2.0, weight=w, reduction={r})", "[x]"),
    ("vector_0d_target", "x = values(4).requires_grad_()\ny = torch.tensor(2)",
     "F.multi_margin_loss(x, y, reduction={r})", "[x]"),
    ("vector_1d_target", "x = values(4).requires_grad_()\ny = torch.tensor([2])",
     "F.multi_margin_loss(x, y, reduction={r})", "[x]"),
    ("scalar", "x = torch.tensor(0.3, requires_grad=True)\ny = torch.tensor(0)",
     "F.multi_margin_loss(x, y, reduction={r})", "[x]"),
    ("module", "x = values(5, 4).requires_grad_()\ny = torch.tensor([1, 0, 3, 2, 1])\n"
               "w = torch.tensor([0.5, 1.0, 2.0, 1.5])",
     "nn.MultiMarginLoss(p=2, margin=0.5, weight=w, reduction={r})(x, y)", "[x]"),
]

# ---------------------------------------------------------------------- multilabel_margin_loss
_MULTILABEL = [
    ("plain", "x = values(3, 4).requires_grad_()\n"
              "y = torch.tensor([[1, 2, -1, 0], [0, -1, 1, 1], [3, 2, 1, 0]])",
     "F.multilabel_margin_loss(x, y, reduction={r})", "[x]"),
    ("repeated_labels", "x = values(3, 5, scale=0.4).requires_grad_()\n"
                        "y = torch.tensor([[1, 1, -1, 0, 0], [4, 0, 4, 2, -1], "
                        "[-1, 2, 3, 1, 0]])",
     "F.multilabel_margin_loss(x, y, reduction={r})", "[x]"),
    ("float64", "x = values(2, 6, scale=0.3, dtype=torch.float64).requires_grad_()\n"
                "y = torch.tensor([[5, 3, -1, 0, 0, 0], [0, 1, 2, -1, 5, 5]])",
     "F.multilabel_margin_loss(x, y, reduction={r})", "[x]"),
    ("vector", "x = values(4, scale=0.5).requires_grad_()\ny = torch.tensor([3, 0, -1, 1])",
     "F.multilabel_margin_loss(x, y, reduction={r})", "[x]"),
    ("module", "x = values(3, 4).requires_grad_()\n"
               "y = torch.tensor([[1, 2, -1, 0], [0, -1, 1, 1], [3, -1, 1, 0]])",
     "nn.MultiLabelMarginLoss(reduction={r})(x, y)", "[x]"),
]

# ---------------------------------------------------------------------- triplet with distance
_TRIPLET = [
    ("default", "a = values(4, 5).requires_grad_()\np = values(4, 5, offset=0.9).requires_grad_()\n"
                "n = values(4, 5, offset=1.7, scale=1.5).requires_grad_()",
     "F.triplet_margin_with_distance_loss(a, p, n, reduction={r})", "[a, p, n]"),
    ("cosine_swap", "a = values(4, 5).requires_grad_()\n"
                    "p = values(4, 5, offset=0.9).requires_grad_()\n"
                    "n = values(4, 5, offset=1.7, scale=1.5).requires_grad_()\n"
                    "d = lambda u, v: 1.0 - F.cosine_similarity(u, v)",
     "F.triplet_margin_with_distance_loss(a, p, n, distance_function=d, margin=0.5, "
     "swap=True, reduction={r})", "[a, p, n]"),
    ("module_l1", "a = values(4, 5).requires_grad_()\n"
                  "p = values(4, 5, offset=0.9).requires_grad_()\n"
                  "n = values(4, 5, offset=1.7, scale=1.5).requires_grad_()",
     "nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1), "
     "margin=2.0, reduction={r})(a, p, n)", "[a, p, n]"),
    ("module_default_swap", "a = values(4, 5).requires_grad_()\n"
                            "p = values(4, 5, offset=0.9).requires_grad_()\n"
                            "n = values(4, 5, offset=0.95).requires_grad_()",
     "nn.TripletMarginWithDistanceLoss(swap=True, reduction={r})(a, p, n)", "[a, p, n]"),
]


def _loss_cases() -> list[tuple[str, str]]:
    cases = []
    for prefix, table in (("multi_margin", _MULTI_MARGIN), ("multilabel_margin", _MULTILABEL),
                          ("triplet_distance", _TRIPLET)):
        for tag, setup, call, inputs in table:
            cases.append((f"extra_loss_{prefix}_{tag}", _each_reduction(setup, call, inputs)))
    return cases


_OTHER_CASES = [
    ("extra_loss_multi_margin_legacy_flags", _case(
        "x = values(5, 4).requires_grad_()\ny = torch.tensor([1, 0, 3, 2, 1])\n"
        "parts += report(F.multi_margin_loss(x, y, size_average=False), [x])\n"
        "parts += report(F.multilabel_margin_loss(x, torch.tensor([[1, -1, 0, 0]] * 5),\n"
        "                                         reduce=False), [x])\n"
        "m = nn.MultiMarginLoss(size_average=False)\n"
        "print(m.reduction)\n")),
    ("extra_loss_multi_margin_empty_batch", _case(
        "x = torch.zeros(0, 4, requires_grad=True)\n"
        "y = torch.zeros(0, dtype=torch.long)\n"
        "# torch's sum and mean over no samples read uninitialised memory: only 'none'\n"
        "parts += [F.multi_margin_loss(x, y, reduction='none'),\n"
        "          F.multilabel_margin_loss(x, y.reshape(0, 4), reduction='none')]\n"
        "print(parts[0].shape, parts[1].shape)\n")),
    # ------------------------------------------------------------------ gumbel_softmax
    ("extra_loss_gumbel_softmax_soft", _case(
        "torch.manual_seed(0)\n"
        "x = values(3, 5).requires_grad_()\n"
        "y = F.gumbel_softmax(x)\n"
        "print(y.dtype, type(y.grad_fn).__name__)\n"
        "parts += report(y, [x])\n"
        "print(torch.rand(2))\n")),
    ("extra_loss_gumbel_softmax_hard_tau_dim", _case(
        "torch.manual_seed(7)\n"
        "x = values(4, 3, 2).requires_grad_()\n"
        "y = F.gumbel_softmax(x, tau=0.5, hard=True, dim=1)\n"
        "print(type(y.grad_fn).__name__, y.sum(1))\n"
        "parts += report(y, [x])\n"
        "z = F.gumbel_softmax(x.double(), tau=2.0, dim=0)\n"
        "parts += [z.detach().float().reshape(-1)]\n")),
    ("extra_loss_gumbel_softmax_large", _case(
        "torch.manual_seed(3)\n"
        "x = values(40, 7).requires_grad_()\n"
        "y = F.gumbel_softmax(x, tau=0.8, hard=True)\n"
        "parts += report(y, [x])\n")),
    ("extra_loss_gumbel_softmax_eps_warning", _case(
        "torch.manual_seed(0)\n"
        "parts += [F.gumbel_softmax(values(2, 3), eps=1e-5).reshape(-1)]\n")),
    ("extra_loss_gumbel_softmax_integer", (
        "torch.nn.functional.gumbel_softmax(torch.zeros(3, 4, dtype=torch.long))\n")),
    # ------------------------------------------------------------------ channel_shuffle
    ("extra_loss_channel_shuffle", _case(
        "x = values(2, 6, 3, 2).requires_grad_()\n"
        "y = F.channel_shuffle(x, 3)\n"
        "print(F.channel_shuffle(torch.arange(12.).reshape(1, 6, 2), 2))\n"
        "print(F.channel_shuffle(torch.arange(12).reshape(1, 6, 2), 3))\n"
        "parts += report(y, [x])\n"
        "m = nn.ChannelShuffle(2)\n"
        "print(m, m.groups)\n"
        "parts += report(m(x.transpose(2, 3)), [x])\n"
        "parts += [F.channel_shuffle(values(1, 4, 5), 4).reshape(-1),\n"
        "          F.native_channel_shuffle(values(1, 4, 5), 2).reshape(-1)]\n")),
    # ------------------------------------------------------------------ reprs
    ("extra_loss_reprs", (
        "nn = torch.nn\n"
        "print(nn.MultiMarginLoss(), nn.MultiMarginLoss(p=2, margin=0.3).p)\n"
        "m = nn.MultiMarginLoss(weight=torch.ones(3))\n"
        "print(list(m.state_dict()), m.margin, m.reduction)\n"
        "print(nn.MultiLabelMarginLoss(reduction='sum'), nn.MultiLabelMarginLoss().reduction)\n"
        "print(nn.TripletMarginWithDistanceLoss())\n"
        "t = nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1),\n"
        "                                     swap=True, margin=0.5)\n"
        "print(t, t.margin, t.swap, t.reduction)\n"
        "print(nn.TripletMarginWithDistanceLoss(distance_function=torch.dist))\n"
        "print(nn.ChannelShuffle(4))\n")),
]

# ---------------------------------------------------------------------- errors
_ERRORS = [
    ("mm_weight_requires_grad", "F.multi_margin_loss(values(3, 4), torch.tensor([0, 1, 2]), "
                                "weight=torch.ones(4, requires_grad=True))"),
    ("mm_p3", "F.multi_margin_loss(values(3, 4), torch.tensor([0, 1, 2]), p=3)"),
    ("mm_weight_2d", "F.multi_margin_loss(values(3, 4), torch.tensor([0, 1, 2]), "
                     "weight=torch.ones(2, 2))"),
    ("mm_weight_size", "F.multi_margin_loss(values(3, 4), torch.tensor([0, 1, 2]), "
                       "weight=torch.ones(3))"),
    ("mm_weight_dtype", "F.multi_margin_loss(values(3, 4, dtype=torch.float64), "
                        "torch.tensor([0, 1, 2]), weight=torch.ones(4))"),
    ("mm_target_size", "F.multi_margin_loss(values(3, 4), torch.tensor([0, 1]))"),
    ("mm_target_2d", "F.multi_margin_loss(values(3, 4), torch.tensor([[0, 1, 2]]))"),
    ("mm_target_range", "F.multi_margin_loss(values(3, 4), torch.tensor([0, 4, 2]))"),
    ("mm_target_negative", "F.multi_margin_loss(values(3, 4), torch.tensor([0, -1, 2]))"),
    ("mm_target_float", "F.multi_margin_loss(values(3, 4), torch.tensor([0., 1., 2.]))"),
    ("mm_input_3d", "F.multi_margin_loss(values(1, 3, 4), torch.tensor([0, 1, 2]))"),
    ("mm_input_no_classes", "F.multi_margin_loss(torch.zeros(3, 0), torch.tensor([0, 1, 2]))"),
    ("mm_input_long", "F.multi_margin_loss(torch.zeros(3, 4, dtype=torch.long), "
                      "torch.tensor([0, 1, 2]))"),
    ("mm_reduction", "F.multi_margin_loss(values(3, 4), torch.tensor([0, 1, 2]), "
                     "reduction='avg')"),
    ("mm_module_p", "nn.MultiMarginLoss(p=0)"),
    ("mm_module_weight", "nn.MultiMarginLoss(weight=torch.ones(2, 2))"),
    ("ml_target_size", "F.multilabel_margin_loss(values(3, 4), torch.tensor([[0, -1, 0, 0]] * 2))"),
    ("ml_target_range", "F.multilabel_margin_loss(values(3, 4), "
                        "torch.tensor([[0, 4, -1, 0]] * 3))"),
    ("ml_target_below", "F.multilabel_margin_loss(values(3, 4), "
                        "torch.tensor([[0, -2, -1, 0]] * 3))"),
    ("ml_target_vector_2d", "F.multilabel_margin_loss(values(4), torch.tensor([[0, -1, 0, 0]]))"),
    ("ml_target_float", "F.multilabel_margin_loss(values(3, 4), torch.zeros(3, 4))"),
    ("ml_input_3d", "F.multilabel_margin_loss(values(1, 3, 4), torch.zeros(1, 3, 4, "
                    "dtype=torch.long))"),
    ("td_margin", "F.triplet_margin_with_distance_loss(values(2, 3), values(2, 3), "
                  "values(2, 3), margin=0.0)"),
    ("td_dims", "F.triplet_margin_with_distance_loss(values(2, 3), values(3), values(2, 3))"),
    ("td_reduction", "F.triplet_margin_with_distance_loss(values(2, 3), values(2, 3), "
                     "values(2, 3), reduction='max')"),
    ("td_module_margin", "nn.TripletMarginWithDistanceLoss(margin=-1.0)"),
    ("td_positional", "nn.TripletMarginWithDistanceLoss(None)"),
    ("cs_dims", "F.channel_shuffle(values(6, 4), 2)"),
    ("cs_groups_zero", "F.channel_shuffle(values(1, 6, 4), 0)"),
    ("cs_groups_negative", "F.channel_shuffle(values(1, 6, 4), -3)"),
    ("cs_divisible", "F.channel_shuffle(values(1, 6, 4), 4)"),
]


# ---------------------------------------------------------------------- ctc_loss
_CTC_SETUP = (
    "raw = values(6, 3, 5, dtype={dtype}).requires_grad_()\n"
    "lp = raw.log_softmax(2)\n"
    "def lsm():  # a fresh graph for each loss differentiated\n"
    "    return raw.log_softmax(2)\n"
    "tg = torch.tensor([[1, 2, 2], [3, 1, 0], [4, 4, 1]])\n"
    "il = torch.tensor([6, 5, 4])\n"
    "tl = torch.tensor([3, 2, 2])\n")

_CTC = [
    ("padded", "float32", "F.ctc_loss(lsm(), tg, il, tl, reduction={r})", "[raw]"),
    ("padded_float64", "torch.float64", "F.ctc_loss(lsm(), tg, il, tl, reduction={r})", "[raw]"),
    ("raw_log_probs", "torch.float64", "F.ctc_loss(raw, tg, il, tl, reduction={r})", "[raw]"),
    ("concatenated_tuples", "torch.float32",
     "F.ctc_loss(lsm(), torch.tensor([1, 2, 2, 3, 1, 4]), (6, 5, 3), (3, 2, 1), reduction={r})",
     "[raw]"),
    ("int32_blank_last", "torch.float32",
     "F.ctc_loss(lsm(), tg.int(), il.int(), tl.int(), blank=4, reduction={r})", "[raw]"),
    ("empty_target", "torch.float64",
     "F.ctc_loss(lsm(), tg, il, torch.tensor([3, 0, 1]), reduction={r})", "[raw]"),
    ("zero_infinity", "torch.float64",
     "F.ctc_loss(lsm(), tg, torch.tensor([6, 5, 2]), tl, zero_infinity=True, reduction={r})",
     "[raw]"),
    ("module", "torch.float32",
     "nn.CTCLoss(blank=3, reduction={r}, zero_infinity=True)(lsm(), tg, il, tl)", "[raw]"),
]


def _ctc_cases() -> list[tuple[str, str]]:
    cases = []
    for tag, dtype, call, inputs in _CTC:
        dtype = dtype if dtype.startswith("torch.") else f"torch.{dtype}"
        setup = _CTC_SETUP.format(dtype=dtype)
        cases.append((f"extra_loss_ctc_{tag}", _each_reduction(setup, call, inputs)))
    return cases


_CTC_OTHER = [
    ("extra_loss_ctc_grad_fn_names", _case(
        _CTC_SETUP.format(dtype="torch.float32") +
        "for kwargs in ({'reduction': 'none'}, {'reduction': 'mean'}, {'reduction': 'sum'},\n"
        "               {'reduction': 'none', 'zero_infinity': True}):\n"
        "    print(type(F.ctc_loss(lp, tg, il, tl, **kwargs).grad_fn).__name__)\n"
        "one = F.ctc_loss(lp[:, 0], tg[0], torch.tensor(6), torch.tensor(3), reduction='none')\n"
        "print(one.shape, type(one.grad_fn).__name__)\n"
        "parts += report(one, [raw])\n")),
    ("extra_loss_ctc_unbatched", _case(
        "raw = values(5, 4).requires_grad_()\n"
        "for r in ('none', 'mean', 'sum'):\n"
        "    parts += report(F.ctc_loss(raw.log_softmax(1), torch.tensor([1, 3]),\n"
        "                               torch.tensor(5), torch.tensor(2), reduction=r), [raw])\n"
        "parts += report(F.ctc_loss(raw.log_softmax(1), torch.tensor([1, 3]),\n"
        "                           torch.tensor([4]), torch.tensor([2])), [raw])\n")),
    ("extra_loss_ctc_impossible", _case(
        "raw = values(4, 2, 3, dtype=torch.float64).requires_grad_()\n"
        "lp = raw.log_softmax(2)\n"
        "tg = torch.tensor([[1, 1], [2, 1]])\n"
        "loss = F.ctc_loss(lp, tg, torch.tensor([2, 0]), torch.tensor([2, 0]),\n"
        "                  reduction='none')\n"
        "print(loss)\n"
        "parts += report(loss, [raw])\n"
        "loss = F.ctc_loss(lp, tg, torch.tensor([0, 4]), torch.tensor([1, 1]),\n"
        "                  reduction='none')\n"
        "print(loss)\n")),
    # torch computes float32 gradients in float32: exp(occupancy + loss - lp) with losses
    # near 170 loses about 1e-5 relative there, so the float32 run records the losses and
    # the float64 run the gradients
    ("extra_loss_ctc_long", _case(
        "raw = values(50, 4, 20, scale=3.0, dtype=torch.float64).requires_grad_()\n"
        "lp = raw.log_softmax(2)\n"
        "tg = (torch.arange(4 * 12).reshape(4, 12) * 7) % 19 + 1\n"
        "tg[1, 3] = tg[1, 2]\n"
        "il = torch.tensor([50, 41, 30, 12])\n"
        "tl = torch.tensor([12, 10, 7, 5])\n"
        "for r in ('none', 'mean'):\n"
        "    parts += report(F.ctc_loss(raw.log_softmax(2), tg, il, tl, reduction=r), [raw])\n"
        "single = F.ctc_loss(raw.float().log_softmax(2), tg, il, tl, reduction='none')\n"
        "parts += [single.detach().double()]\n")),
    ("extra_loss_ctc_double_backward", _case(
        _CTC_SETUP.format(dtype="torch.float64") +
        "loss = F.ctc_loss(lp, tg, il, tl)\n"
        "(g,) = torch.autograd.grad(loss, raw, create_graph=True)\n"
        "print(g.requires_grad)  # its grad_fn is log_softmax's backward (not ctc's)\n"
        "parts += [g.detach().reshape(-1)]\n"
        "torch.autograd.grad(g.sum(), raw)\n")),
    ("extra_loss_ctc_repr", (
        "print(torch.nn.CTCLoss(), torch.nn.CTCLoss(blank=2, zero_infinity=True).blank)\n"
        "m = torch.nn.CTCLoss(reduction='sum', zero_infinity=True)\n"
        "print(m.reduction, m.zero_infinity, list(m.state_dict()))\n")),
]

_CTC_ERRORS = [
    ("input_too_long", "F.ctc_loss(lp, tg, torch.tensor([7, 5, 4]), tl)"),
    ("input_negative", "F.ctc_loss(lp, tg, torch.tensor([-1, 5, 4]), tl)"),
    ("target_too_long", "F.ctc_loss(lp, tg, il, torch.tensor([4, 2, 2]))"),
    ("target_negative", "F.ctc_loss(lp, tg, il, torch.tensor([-1, 2, 2]))"),
    ("blank_range", "F.ctc_loss(lp, tg, il, tl, blank=5)"),
    ("blank_negative", "F.ctc_loss(lp, tg, il, tl, blank=-1)"),
    ("float_lengths", "F.ctc_loss(lp, tg, il.float(), tl)"),
    ("float_target_lengths", "F.ctc_loss(lp, tg, il, tl.double())"),
    ("input_lengths_size", "F.ctc_loss(lp, tg, il[:2], tl)"),
    ("target_lengths_size", "F.ctc_loss(lp, tg, il, tl[:2])"),
    ("targets_batch", "F.ctc_loss(lp, tg[:2], il, tl)"),
    ("concatenated_size", "F.ctc_loss(lp, torch.tensor([1, 2, 3]), il, tl)"),
    ("log_probs_4d", "F.ctc_loss(lp.unsqueeze(0), tg, il, tl)"),
    ("log_probs_long", "F.ctc_loss(lp.long(), tg, il, tl)"),
    ("unbatched_lengths", "F.ctc_loss(lp[:, 0], tg[0], il, tl)"),
    ("reduction", "F.ctc_loss(lp, tg, il, tl, reduction='max')"),
]


# ---------------------------------------------------------------------- adaptive softmax
_ADAPTIVE = [
    ("extra_loss_adaptive_seeded", _case(
        "torch.manual_seed(0)\n"
        "m = nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 10], div_value=2.0, head_bias=True)\n"
        "print(m)\n"
        "x = values(6, 8).requires_grad_()\n"
        "t = torch.tensor([0, 5, 19, 3, 12, 9])\n"
        "out = m(x, t)\n"
        "print(type(out).__name__, out._fields, type(out.output.grad_fn).__name__)\n"
        "parts += [p.detach().reshape(-1) for p in m.parameters()]\n"
        "parts += report(out.output, [x, m.head.weight, m.tail[1][0].weight])\n"
        "parts += report(m(x, t).loss, [x])\n"
        "parts += [m.log_prob(x).detach().reshape(-1), m.predict(x).float()]\n"
        "one = m(x[2], t[2])\n"
        "print(one.output.shape, type(one.output.grad_fn).__name__)\n"
        "parts += [one.output.detach().reshape(1), one.loss.detach().reshape(1)]\n"
        "m.reset_parameters()\n")),
    ("extra_loss_adaptive_predict_mixed", _case(
        "torch.manual_seed(1)\n"
        "m = nn.AdaptiveLogSoftmaxWithLoss(5, 9, [3], div_value=1.0)\n"
        "with torch.no_grad():\n"
        "    m.head.weight.copy_(values(4, 5, scale=1.5))\n"
        "x = values(7, 5, offset=0.4)\n"
        "print(m.predict(x), m.head(x).argmax(1))\n"
        "parts += [m.log_prob(x).reshape(-1)]\n")),
    ("extra_loss_adaptive_error_cutoffs", (
        "torch.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [10, 4])\n")),
    ("extra_loss_adaptive_error_cutoffs_empty", (
        "torch.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [])\n")),
    ("extra_loss_adaptive_error_cutoff_range", (
        "torch.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 20])\n")),
    ("extra_loss_adaptive_error_target_range", _PRELUDE + (
        "m = nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 10])\n"
        "m(values(3, 16), torch.tensor([0, 20, 3]))\n")),
    ("extra_loss_adaptive_error_batch", _PRELUDE + (
        "m = nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 10])\n"
        "m(values(3, 16), torch.tensor([0, 2]))\n")),
    ("extra_loss_adaptive_error_target_2d", _PRELUDE + (
        "m = nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 10])\n"
        "m(values(3, 16), torch.tensor([[0, 2, 1]]))\n")),
    ("extra_loss_adaptive_error_input_1d", _PRELUDE + (
        "m = nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 10])\n"
        "m(values(16), torch.tensor([0]))\n")),
]


CASES: list[tuple[str, str]] = [
    *_loss_cases(),
    *_OTHER_CASES,
    *[(f"extra_loss_error_{tag}", _PRELUDE + source + "\n") for tag, source in _ERRORS],
    *_ctc_cases(),
    *_CTC_OTHER,
    *_ADAPTIVE,
    *[(f"extra_loss_ctc_error_{tag}", _PRELUDE + _CTC_SETUP.format(dtype="torch.float32")
       + source + "\n") for tag, source in _CTC_ERRORS],
]
