"""Every loss of ember.nn.functional, gradchecked in float64 from one table: first order
(reverse and forward mode) and second order, for each reduction, away from kinks.

Values, gradients, grad_fn names, errors and reprs against torch are pinned by the recorded
cases of tests/reference/cases_nn_loss.py; the op-table tests cover the fused primitives
one by one. Here the whole functional forms (views, label smoothing, weights, ...) are
differentiated as users call them, and each module is checked to pass its options on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck
from ember.nn.functional import loss as loss_functions

# mse_broadcast warns as torch does (the reference cases check that warning).
pytestmark = pytest.mark.filterwarnings("ignore:Using a target size:UserWarning")

_R = np.random.default_rng(2024)


def _t(array, grad: bool = True) -> ember.Tensor:
    return ember.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _classes(shape: tuple, count: int, ignore: int | None = None) -> ember.Tensor:
    values = _R.integers(0, count, shape)
    if ignore is not None:
        values.reshape(-1)[::3] = ignore
    return ember.tensor(values)


@dataclass
class Case:
    """A loss call: `function(*inputs, reduction=...)` on float64 inputs; `inputs` builds
    fresh tensors (those requiring grad are differentiated)."""

    name: str
    function: Callable
    inputs: Callable[[], tuple]
    reductions: tuple = ("none", "mean", "sum")


def _far_from(values: np.ndarray, kinks: tuple, gap: float = 0.05) -> np.ndarray:
    """values nudged so that none lies within `gap` of a kink (finite differences would
    straddle two pieces there)."""
    for kink in kinks:
        close = np.abs(np.abs(values) - kink) < gap
        values = np.where(close, values + 3 * gap * np.sign(values + 1e-9), values)
    return values


def _pair(shape=(3, 4), kinks=()) -> tuple:
    """input and target whose difference stays clear of the loss's kinks."""
    y = _R.standard_normal(shape)
    return _t(y + _far_from(_R.standard_normal(shape) * 1.5, kinks)), _t(y)


def _prob(shape=(3, 4)) -> np.ndarray:
    return _R.uniform(0.1, 0.9, shape)


def _soft_targets(shape, dim) -> np.ndarray:
    e = np.exp(_R.standard_normal(shape))
    return e / e.sum(dim, keepdims=True)


# Constants (drawn once: a function under gradcheck must be deterministic).
_WEIGHT4 = ember.tensor(_prob(4))
_WEIGHT_ROWS = ember.tensor(_prob((3, 1)))
_POS_WEIGHT = ember.tensor(_prob(4) * 3)

CASES = [
    Case("mse", lambda x, y, reduction: F.mse_loss(x, y, reduction=reduction),
         lambda: _pair()),
    Case("mse_weighted", lambda x, y, w, reduction: F.mse_loss(x, y, reduction=reduction,
                                                               weight=w),
         lambda: (*_pair(), _t(_prob()))),
    Case("mse_broadcast", lambda x, y, reduction: F.mse_loss(x, y, reduction=reduction),
         lambda: (_t(_R.standard_normal((3, 4))), _t(_R.standard_normal(4)))),
    Case("l1", lambda x, y, reduction: F.l1_loss(x, y, reduction=reduction),
         lambda: _pair(kinks=(0.0,))),
    Case("l1_weighted", lambda x, y, w, reduction: F.l1_loss(x, y, reduction=reduction,
                                                             weight=w),
         lambda: (*_pair(kinks=(0.0,)), _t(_prob()))),
    Case("smooth_l1", lambda x, y, reduction: F.smooth_l1_loss(x, y, reduction=reduction),
         lambda: _pair(kinks=(1.0,))),
    Case("smooth_l1_beta", lambda x, y, reduction: F.smooth_l1_loss(
        x, y, reduction=reduction, beta=0.4), lambda: _pair(kinks=(0.4,))),
    Case("smooth_l1_beta0", lambda x, y, reduction: F.smooth_l1_loss(
        x, y, reduction=reduction, beta=0.0), lambda: _pair(kinks=(0.0,))),
    Case("huber", lambda x, y, reduction: F.huber_loss(x, y, reduction=reduction),
         lambda: _pair(kinks=(1.0,))),
    Case("huber_delta_weighted", lambda x, y, w, reduction: F.huber_loss(
        x, y, reduction=reduction, delta=0.6, weight=w),
         lambda: (*_pair(kinks=(0.6,)), _t(_prob()))),
    Case("cross_entropy", lambda x, t, reduction: F.cross_entropy(x, t, reduction=reduction),
         lambda: (_t(_R.standard_normal((4, 5))), _classes((4,), 5))),
    Case("cross_entropy_all_options", lambda x, t, reduction: F.cross_entropy(
        x, t, weight=ember.tensor([0.5, 2.0, 1.0, 0.3, 1.2], dtype=ember.float64),
        ignore_index=2, label_smoothing=0.15, reduction=reduction),
         lambda: (_t(_R.standard_normal((6, 5))), _classes((6,), 5, ignore=2))),
    Case("cross_entropy_1d", lambda x, t, reduction: F.cross_entropy(
        x, t, label_smoothing=0.2, reduction=reduction),
         lambda: (_t(_R.standard_normal(5)), ember.tensor(3))),
    Case("cross_entropy_3d", lambda x, t, reduction: F.cross_entropy(
        x, t, weight=ember.tensor([0.5, 2.0, 1.0], dtype=ember.float64), reduction=reduction),
         lambda: (_t(_R.standard_normal((2, 3, 4))), _classes((2, 4), 3))),
    Case("cross_entropy_4d_smoothed", lambda x, t, reduction: F.cross_entropy(
        x, t, label_smoothing=0.3, ignore_index=0, reduction=reduction),
         lambda: (_t(_R.standard_normal((2, 3, 2, 2))), _classes((2, 2, 2), 3))),
    Case("cross_entropy_5d", lambda x, t, reduction: F.cross_entropy(x, t, reduction=reduction),
         lambda: (_t(_R.standard_normal((2, 3, 2, 1, 2))), _classes((2, 2, 1, 2), 3))),
    Case("cross_entropy_probabilities", lambda x, t, w, reduction: F.cross_entropy(
        x, t, weight=w, label_smoothing=0.1, reduction=reduction),
         lambda: (_t(_R.standard_normal((3, 4))), _t(_soft_targets((3, 4), 1)),
                  _t(_prob(4)))),
    Case("cross_entropy_probabilities_3d", lambda x, t, reduction: F.cross_entropy(
        x, t, reduction=reduction),
         lambda: (_t(_R.standard_normal((2, 4, 3))), _t(_soft_targets((2, 4, 3), 1)))),
    Case("nll", lambda x, t, reduction: F.nll_loss(
        x, t, weight=ember.tensor([0.5, 2.0, 1.0, 0.3], dtype=ember.float64), ignore_index=1,
        reduction=reduction),
         lambda: (_t(_R.standard_normal((5, 4))), _classes((5,), 4, ignore=1))),
    Case("nll_4d", lambda x, t, reduction: F.nll_loss(x, t, reduction=reduction),
         lambda: (_t(_R.standard_normal((2, 3, 2, 3))), _classes((2, 2, 3), 3))),
    Case("bce", lambda x, y, reduction: F.binary_cross_entropy(x, y, reduction=reduction),
         lambda: (_t(_prob()), _t(_prob()))),
    Case("bce_weighted", lambda x, y, reduction: F.binary_cross_entropy(
        x, y, weight=_WEIGHT4, reduction=reduction),
         lambda: (_t(_prob()), _t(_prob()))),
    Case("bce_with_logits", lambda x, y, reduction: F.binary_cross_entropy_with_logits(
        x, y, reduction=reduction), lambda: (_t(_R.standard_normal((3, 4)) * 3),
                                             _t(_prob()))),
    Case("bce_with_logits_weights", lambda x, y, reduction: F.binary_cross_entropy_with_logits(
        x, y, weight=_WEIGHT_ROWS, pos_weight=_POS_WEIGHT,
        reduction=reduction), lambda: (_t(_R.standard_normal((3, 4)) * 3), _t(_prob()))),
    Case("kl_div", lambda x, t, reduction: F.kl_div(x, t, reduction=reduction),
         lambda: (_t(np.log(_soft_targets((3, 4), 1))), _t(_soft_targets((3, 4), 1))),
         ("none", "sum", "batchmean")),
    Case("kl_div_log_target", lambda x, t, reduction: F.kl_div(
        x, t, reduction=reduction, log_target=True),
         lambda: (_t(_R.standard_normal((3, 4))), _t(_R.standard_normal((3, 4)))),
         ("none", "sum", "batchmean")),
    Case("cosine_embedding", lambda a, b, t, reduction: F.cosine_embedding_loss(
        a, b, t, margin=-0.9, reduction=reduction),
         lambda: (_t(_R.standard_normal((4, 5))), _t(_R.standard_normal((4, 5))),
                  ember.tensor([1, -1, 1, -1]))),
    Case("margin_ranking", lambda a, b, t, reduction: F.margin_ranking_loss(
        a, b, t, margin=0.3, reduction=reduction),
         lambda: (_t(np.array([0.9, -1.2, 2.0, 0.1])), _t(np.array([-0.5, 0.4, 1.0, 0.9])),
                  ember.tensor([-1.0, 1.0, -1.0, 1.0]))),
    Case("triplet", lambda a, p, n, reduction: F.triplet_margin_loss(
        a, p, n, margin=4.0, reduction=reduction),
         lambda: tuple(_t(_R.standard_normal((4, 3))) for _ in range(3))),
    Case("triplet_p1_swap", lambda a, p, n, reduction: F.triplet_margin_loss(
        a, p, n, margin=4.0, p=3, swap=True, reduction=reduction),
         lambda: (_t(_R.standard_normal((4, 3))), _t(_R.standard_normal((4, 3))),
                  _t(_R.standard_normal((4, 3)) + 2))),
    Case("soft_margin", lambda x, y, reduction: F.soft_margin_loss(x, y, reduction=reduction),
         lambda: (_t(_R.standard_normal((3, 4))),
                  _t(np.sign(_R.standard_normal((3, 4)) + 1e-9), grad=False))),
    Case("hinge_embedding", lambda x, y, reduction: F.hinge_embedding_loss(
        x, y, margin=2.5, reduction=reduction),
         lambda: (_t(_far_from(_R.standard_normal((3, 4)), (2.5,))),
                  _t(np.sign(_R.standard_normal((3, 4)) + 1e-9), grad=False))),
    Case("poisson_nll", lambda x, y, reduction: F.poisson_nll_loss(x, y, reduction=reduction),
         lambda: (_t(_R.standard_normal((3, 4))), _t(_prob() * 3))),
    Case("poisson_nll_full", lambda x, y, reduction: F.poisson_nll_loss(
        x, y, log_input=False, full=True, reduction=reduction),
         lambda: (_t(_prob() * 2), _t(_prob() * 4 + 0.5))),
    Case("gaussian_nll", lambda x, y, v, reduction: F.gaussian_nll_loss(
        x, y, v, full=True, reduction=reduction),
         lambda: (_t(_R.standard_normal((3, 4))), _t(_R.standard_normal((3, 4))),
                  _t(_prob((3, 1)) + 0.2))),
    Case("multilabel_soft_margin", lambda x, y, w, reduction: F.multilabel_soft_margin_loss(
        x, y, weight=w, reduction=reduction),
         lambda: (_t(_R.standard_normal((3, 4)) * 2), _t(_prob()), _t(_prob(4)))),
]

PARAMS = [pytest.param(case, reduction, id=f"{case.name}-{reduction}")
          for case in CASES for reduction in case.reductions]


def _function(case: Case, reduction: str):
    return lambda *inputs: case.function(*inputs, reduction=reduction)


@pytest.mark.parametrize("case, reduction", PARAMS)
def test_gradcheck(case, reduction):
    inputs = case.inputs()
    assert any(isinstance(x, ember.Tensor) and x.requires_grad for x in inputs)
    assert gradcheck(_function(case, reduction), inputs, check_forward_ad=True)


@pytest.mark.parametrize("case, reduction", PARAMS)
def test_gradgradcheck(case, reduction):
    assert gradgradcheck(_function(case, reduction), case.inputs())


def test_every_loss_is_in_the_table():
    """A loss added to nn.functional without a row here fails."""
    called = {name for case in CASES for name in case.function.__code__.co_names}
    missing = sorted(set(loss_functions.__all__) - called)
    assert not missing, f"losses without a gradcheck row: {missing}"


def test_gradcheck_catches_a_wrong_gradient():
    """The table's checks are not vacuous: a detached factor hides part of the gradient."""
    x, y = _pair()
    assert not gradcheck(lambda x: F.mse_loss(x * x.detach(), y.detach()), (x,),
                         raise_exception=False)
    assert not gradgradcheck(lambda x: F.mse_loss(x * x.detach(), y.detach()), (x,),
                             raise_exception=False)


# ---------------------------------------------------------------------- modules
def _data():
    x = ember.tensor(_R.standard_normal((3, 4)))
    return x, ember.tensor(_R.standard_normal((3, 4))), ember.tensor(_prob())


MODULES = [
    (lambda: nn.L1Loss(reduction="sum"), lambda x, y, p: F.l1_loss(x, y, reduction="sum")),
    (lambda: nn.MSELoss(reduction="none"), lambda x, y, p: F.mse_loss(x, y, reduction="none")),
    (lambda: nn.SmoothL1Loss(beta=0.3), lambda x, y, p: F.smooth_l1_loss(x, y, beta=0.3)),
    (lambda: nn.HuberLoss("sum", 0.3), lambda x, y, p: F.huber_loss(x, y, "sum", 0.3)),
    (lambda: nn.CrossEntropyLoss(ember.tensor([1.0, 2.0, 0.5, 3.0], dtype=ember.float64),
                                 ignore_index=1, label_smoothing=0.2),
     lambda x, y, p: F.cross_entropy(x, ember.tensor([0, 1, 3]), ember.tensor(
         [1.0, 2.0, 0.5, 3.0], dtype=ember.float64), ignore_index=1, label_smoothing=0.2)),
    (lambda: nn.NLLLoss(ember.tensor([1.0, 2.0, 0.5, 3.0], dtype=ember.float64),
                        ignore_index=3, reduction="sum"),
     lambda x, y, p: F.nll_loss(x, ember.tensor([0, 1, 3]), ember.tensor(
         [1.0, 2.0, 0.5, 3.0], dtype=ember.float64), ignore_index=3, reduction="sum")),
    (lambda: nn.BCELoss(ember.tensor([1.0, 2.0, 0.5, 3.0], dtype=ember.float64)),
     lambda x, y, p: F.binary_cross_entropy(p, p.flip(0), ember.tensor(
         [1.0, 2.0, 0.5, 3.0], dtype=ember.float64))),
    (lambda: nn.BCEWithLogitsLoss(pos_weight=ember.tensor([2.0], dtype=ember.float64),
                                  reduction="none"),
     lambda x, y, p: F.binary_cross_entropy_with_logits(
         x, p, pos_weight=ember.tensor([2.0], dtype=ember.float64), reduction="none")),
    (lambda: nn.KLDivLoss(reduction="batchmean", log_target=True),
     lambda x, y, p: F.kl_div(x, y, reduction="batchmean", log_target=True)),
    (lambda: nn.CosineEmbeddingLoss(0.2, reduction="sum"),
     lambda x, y, p: F.cosine_embedding_loss(x, y, ember.tensor([1, -1, -1]), 0.2,
                                             reduction="sum")),
    (lambda: nn.MarginRankingLoss(0.4), lambda x, y, p: F.margin_ranking_loss(
        x[0], y[0], ember.tensor([1.0, -1.0, 1.0, -1.0]), 0.4)),
    (lambda: nn.TripletMarginLoss(2.0, 1.0, 0.1, True), lambda x, y, p: F.triplet_margin_loss(
        x, y, p, 2.0, 1.0, 0.1, True)),
    (lambda: nn.SoftMarginLoss(reduction="sum"), lambda x, y, p: F.soft_margin_loss(
        x, y.sign(), reduction="sum")),
    (lambda: nn.HingeEmbeddingLoss(0.5), lambda x, y, p: F.hinge_embedding_loss(
        x, y.sign(), 0.5)),
    (lambda: nn.PoissonNLLLoss(False, True, eps=0.01),
     lambda x, y, p: F.poisson_nll_loss(p, y.abs() * 3, False, True, eps=0.01)),
    (lambda: nn.GaussianNLLLoss(full=True, eps=0.5),
     lambda x, y, p: F.gaussian_nll_loss(x, y, p, full=True, eps=0.5)),
    (lambda: nn.MultiLabelSoftMarginLoss(ember.tensor([1.0, 2.0, 0.5, 3.0],
                                                      dtype=ember.float64)),
     lambda x, y, p: F.multilabel_soft_margin_loss(x, p, ember.tensor(
         [1.0, 2.0, 0.5, 3.0], dtype=ember.float64))),
]

_ARGUMENTS = {  # how each module is called on (x, y, p), as its functional twin is
    "CrossEntropyLoss": lambda x, y, p: (x, ember.tensor([0, 1, 3])),
    "NLLLoss": lambda x, y, p: (x, ember.tensor([0, 1, 3])),
    "BCELoss": lambda x, y, p: (p, p.flip(0)),
    "BCEWithLogitsLoss": lambda x, y, p: (x, p),
    "CosineEmbeddingLoss": lambda x, y, p: (x, y, ember.tensor([1, -1, -1])),
    "MarginRankingLoss": lambda x, y, p: (x[0], y[0], ember.tensor([1.0, -1.0, 1.0, -1.0])),
    "TripletMarginLoss": lambda x, y, p: (x, y, p),
    "SoftMarginLoss": lambda x, y, p: (x, y.sign()),
    "HingeEmbeddingLoss": lambda x, y, p: (x, y.sign()),
    "PoissonNLLLoss": lambda x, y, p: (p, y.abs() * 3),
    "GaussianNLLLoss": lambda x, y, p: (x, y, p),
    "MultiLabelSoftMarginLoss": lambda x, y, p: (x, p),
}


@pytest.mark.parametrize("make, functional", MODULES,
                         ids=[type(make()).__name__ for make, _ in MODULES])
def test_module_passes_its_options_on(make, functional):
    module = make()
    x, y, p = _data()
    arguments = _ARGUMENTS.get(type(module).__name__, lambda x, y, p: (x, y))(x, y, p)
    np.testing.assert_array_equal(module(*arguments).numpy(), functional(x, y, p).numpy())


def test_every_loss_module_is_checked():
    checked = {type(make()).__name__ for make, _ in MODULES}
    missing = sorted(set(nn.modules.loss.__all__) - checked)
    assert not missing, f"loss modules not checked: {missing}"


def test_weight_is_a_buffer():
    weight = ember.tensor([1.0, 2.0])
    for module in (nn.CrossEntropyLoss(weight), nn.NLLLoss(weight), nn.BCELoss(weight),
                   nn.MultiLabelSoftMarginLoss(weight), nn.BCEWithLogitsLoss(weight)):
        assert module.weight is weight
        assert list(module.buffers()) == [weight]
        assert list(module.parameters()) == []
    moved = nn.CrossEntropyLoss(weight).double()
    assert moved.weight.dtype == ember.float64


def test_legacy_flags_warn_and_set_reduction():
    with pytest.warns(UserWarning, match="reduction='sum' instead"):
        assert nn.MSELoss(size_average=False).reduction == "sum"
    with pytest.warns(UserWarning, match="reduction='none' instead"):
        x = _t(_R.standard_normal(3), grad=False)
        assert F.l1_loss(x, x, reduce=False).shape == (3,)
