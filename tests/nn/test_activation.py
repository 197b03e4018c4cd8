"""Every activation of ember.nn.functional, gradchecked in float64 from one table: first
order (reverse and forward mode) and second order, over a few shapes and option values,
with inputs kept away from the kinks.

Values, gradients at the kinks, grad_fn names, dtypes, errors and module reprs against
torch are pinned by the recorded cases of tests/reference/cases_nn_activation.py; the
op-table tests cover the primitives one by one. Here the functional forms are
differentiated as users call them (in-place variants included), and the modules are
checked to pass their options on.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(7)
SHAPES = [(5,), (2, 3), (2, 3, 4)]


def _away_from(kinks: tuple, shape: tuple, scale: float, gap: float = 0.04) -> np.ndarray:
    """Random values (normal * scale) with none within `gap` of a kink: finite differences
    straddling a kink would measure the mean of two slopes."""
    x = np.array(_R.standard_normal(shape) * scale)
    for kink in kinks:
        close = np.abs(x - kink) < gap
        x[close] = kink + 3 * gap * np.where(x[close] >= kink, 1.0, -1.0)
    return x


@dataclass
class Case:
    """An activation call `function(x)`; x is drawn at `scale` away from `kinks`."""

    name: str
    function: Callable
    kinks: tuple = ()
    scale: float = 2.0


def _rrelu_training(x):
    ember.manual_seed(0)  # the same slopes at every call of the finite differences
    return F.rrelu(x, 0.1, 0.4, training=True)


CASES = [
    Case("relu", F.relu, (0.0,)),
    Case("relu_inplace", lambda x: F.relu(x * 1, inplace=True), (0.0,)),
    Case("relu6", F.relu6, (0.0, 6.0), 4.0),
    Case("relu6_inplace", lambda x: F.relu6(x * 1, inplace=True), (0.0, 6.0), 4.0),
    Case("hardtanh", F.hardtanh, (-1.0, 1.0)),
    Case("hardtanh_bounds", lambda x: F.hardtanh(x, -0.5, 2.0), (-0.5, 2.0)),
    Case("hardtanh_", lambda x: F.hardtanh_(x * 1, -2.0, 0.5), (-2.0, 0.5)),
    Case("leaky_relu", F.leaky_relu, (0.0,)),
    Case("leaky_relu_0.2", lambda x: F.leaky_relu(x, 0.2), (0.0,)),
    Case("leaky_relu_negative", lambda x: F.leaky_relu(x, -0.5), (0.0,)),
    Case("leaky_relu_inplace", lambda x: F.leaky_relu(x * 1, 0.2, True), (0.0,)),
    Case("leaky_relu_", lambda x: F.leaky_relu_(x * 1), (0.0,)),
    Case("rrelu_eval", F.rrelu, (0.0,)),
    Case("rrelu_eval_bounds", lambda x: F.rrelu(x, 0.3, 0.6), (0.0,)),
    Case("rrelu_training", _rrelu_training, (0.0,)),
    Case("rrelu_inplace", lambda x: F.rrelu(x * 1, inplace=True), (0.0,)),
    Case("elu", F.elu, (0.0,)),
    Case("elu_0.5", lambda x: F.elu(x, 0.5), (0.0,)),
    Case("elu_negative_alpha", lambda x: F.elu(x, -0.8), (0.0,)),
    Case("elu_inplace", lambda x: F.elu(x * 1, 1.3, inplace=True), (0.0,)),
    Case("selu", F.selu, (0.0,)),
    Case("selu_inplace", lambda x: F.selu(x * 1, inplace=True), (0.0,)),
    Case("celu", F.celu, (0.0,)),
    Case("celu_2.5", lambda x: F.celu(x, 2.5), (0.0,)),
    Case("celu_0.5_inplace", lambda x: F.celu(x * 1, 0.5, inplace=True), (0.0,)),
    Case("gelu", F.gelu),
    Case("gelu_tanh", lambda x: F.gelu(x, approximate="tanh")),
    Case("silu", F.silu, scale=3.0),
    Case("silu_inplace", lambda x: F.silu(x * 1, inplace=True)),
    Case("mish", F.mish, scale=3.0),
    Case("mish_inplace", lambda x: F.mish(x * 1, inplace=True)),
    Case("sigmoid", F.sigmoid),
    Case("tanh", F.tanh),
    Case("softplus", F.softplus),
    Case("softplus_beta_threshold", lambda x: F.softplus(x, 2.0, 3.0), (1.5,)),
    Case("softplus_above_threshold", lambda x: F.softplus(x, 0.5, 1.0), (2.0,), 4.0),
    Case("softsign", F.softsign, (0.0,)),
    Case("hardsigmoid", F.hardsigmoid, (-3.0, 3.0), 4.0),
    Case("hardsigmoid_inplace", lambda x: F.hardsigmoid(x * 1, True), (-3.0, 3.0), 4.0),
    Case("hardswish", F.hardswish, (-3.0, 3.0), 4.0),
    Case("hardswish_inplace", lambda x: F.hardswish(x * 1, True), (-3.0, 3.0), 4.0),
    Case("logsigmoid", F.logsigmoid, scale=5.0),
    Case("threshold", lambda x: F.threshold(x, 0.1, 20.0), (0.1,)),
    Case("threshold_negative", lambda x: F.threshold(x, -1.0, -4.0), (-1.0,)),
    Case("threshold_inplace", lambda x: F.threshold(x * 1, 0.3, 2.0, True), (0.3,)),
    Case("threshold_", lambda x: F.threshold_(x * 1, -0.2, 0.0), (-0.2,)),
    Case("tanhshrink", F.tanhshrink),
    Case("softshrink", F.softshrink, (-0.5, 0.5)),
    Case("softshrink_1", lambda x: F.softshrink(x, 1.0), (-1.0, 1.0)),
    Case("hardshrink", F.hardshrink, (-0.5, 0.5)),
    Case("hardshrink_0.2", lambda x: F.hardshrink(x, 0.2), (-0.2, 0.2)),
    Case("softmax", lambda x: F.softmax(x, -1)),
    Case("softmax_dim0", lambda x: F.softmax(x, 0)),
    Case("log_softmax", lambda x: F.log_softmax(x, -1)),
    Case("log_softmax_dim0", lambda x: F.log_softmax(x, 0)),
    Case("softmin", lambda x: F.softmin(x, -1)),
    Case("softmin_dtype", lambda x: F.softmin(x, 0, dtype=ember.float64)),
]


def _params(cases):
    return [pytest.param(case, shape, id=f"{case.name}-{'x'.join(map(str, shape))}")
            for case in cases for shape in SHAPES]


@pytest.mark.parametrize("case, shape", _params(CASES))
def test_first_order(case, shape):
    x = ember.tensor(_away_from(case.kinks, shape, case.scale), requires_grad=True)
    assert gradcheck(case.function, (x,), check_forward_ad=True)


@pytest.mark.parametrize("case, shape", _params(CASES))
def test_second_order(case, shape):
    x = ember.tensor(_away_from(case.kinks, shape, case.scale), requires_grad=True)
    if case.name.startswith("hardsigmoid"):
        # torch records hardsigmoid's gradient with a NotImplemented node (torch 2.13)
        with pytest.raises(RuntimeError, match="derivative for aten::hardsigmoid_backward "
                                               "is not implemented"):
            gradgradcheck(case.function, (x,))
        return
    assert gradgradcheck(case.function, (x,))


# ---------------------------------------------------------------------- glu and prelu
@pytest.mark.parametrize("shape, dim", [((4,), 0), ((2, 6), -1), ((4, 3), 0),
                                        ((2, 3, 4), 2), ((2, 4, 3), 1)])
def test_glu(shape, dim):
    x = ember.tensor(_R.standard_normal(shape), requires_grad=True)
    assert gradcheck(lambda t: F.glu(t, dim), (x,), check_forward_ad=True)
    assert gradgradcheck(lambda t: F.glu(t, dim), (x,))


@pytest.mark.parametrize("shape, weights", [((5,), 1), ((2, 3), 3), ((2, 3), 1),
                                            ((2, 3, 4), 3), ((2, 2, 3, 3), 2), ((), 1)])
def test_prelu_input_and_weight(shape, weights):
    x = ember.tensor(_away_from((0.0,), shape, 2.0), requires_grad=True)
    w = ember.tensor(_R.uniform(-1.0, 1.0, weights), requires_grad=True)
    assert gradcheck(F.prelu, (x, w), check_forward_ad=True)
    assert gradgradcheck(F.prelu, (x, w))


def test_prelu_with_a_zero_dim_weight():
    x = ember.tensor(_away_from((0.0,), (2, 3), 2.0), requires_grad=True)
    w = ember.tensor(0.3, dtype=ember.float64, requires_grad=True)
    assert gradcheck(F.prelu, (x, w), check_forward_ad=True)
    assert gradgradcheck(F.prelu, (x, w))


# ---------------------------------------------------------------------- modules
# (module, the functional call it must make)
_MODULES = [
    (nn.ReLU(), F.relu),
    (nn.ReLU6(), F.relu6),
    (nn.LeakyReLU(0.3), lambda x: F.leaky_relu(x, 0.3)),
    (nn.RReLU(0.2, 0.4).eval(), lambda x: F.rrelu(x, 0.2, 0.4)),
    (nn.ELU(0.6), lambda x: F.elu(x, 0.6)),
    (nn.SELU(), F.selu),
    (nn.CELU(1.7), lambda x: F.celu(x, 1.7)),
    (nn.GELU("tanh"), lambda x: F.gelu(x, approximate="tanh")),
    (nn.SiLU(), F.silu),
    (nn.Mish(), F.mish),
    (nn.Sigmoid(), F.sigmoid),
    (nn.Tanh(), F.tanh),
    (nn.Softplus(2.0, 4.0), lambda x: F.softplus(x, 2.0, 4.0)),
    (nn.Softsign(), F.softsign),
    (nn.Hardtanh(-0.4, 1.5), lambda x: F.hardtanh(x, -0.4, 1.5)),
    (nn.Hardsigmoid(), F.hardsigmoid),
    (nn.Hardswish(), F.hardswish),
    (nn.LogSigmoid(), F.logsigmoid),
    (nn.Threshold(0.2, -3.0), lambda x: F.threshold(x, 0.2, -3.0)),
    (nn.Softmax(0), lambda x: F.softmax(x, 0)),
    (nn.LogSoftmax(1), lambda x: F.log_softmax(x, 1)),
    (nn.Softmin(-1), lambda x: F.softmin(x, -1)),
    (nn.Tanhshrink(), F.tanhshrink),
    (nn.Softshrink(0.3), lambda x: F.softshrink(x, 0.3)),
    (nn.Hardshrink(0.3), lambda x: F.hardshrink(x, 0.3)),
    (nn.GLU(0), lambda x: F.glu(x, 0)),
]


@pytest.mark.parametrize("module, functional", _MODULES,
                         ids=[type(m).__name__ for m, _ in _MODULES])
def test_module_calls_its_functional_form(module, functional):
    x = ember.tensor(_away_from((0.0,), (4, 3), 2.0), requires_grad=True)
    got, want = module(x), functional(x)
    np.testing.assert_array_equal(got.detach().numpy(), want.detach().numpy())
    assert type(got.grad_fn).__name__ == type(want.grad_fn).__name__
    assert list(module.parameters()) == []


_INPLACE_MODULES = [nn.ReLU(True), nn.ReLU6(True), nn.LeakyReLU(0.1, True), nn.ELU(1.0, True),
                    nn.SELU(True), nn.CELU(2.0, True), nn.SiLU(True), nn.Mish(True),
                    nn.Hardtanh(-1.0, 1.0, True), nn.Hardsigmoid(True), nn.Hardswish(True),
                    nn.Threshold(0.0, 5.0, True), nn.RReLU(inplace=True)]


@pytest.mark.parametrize("module", _INPLACE_MODULES,
                         ids=[type(m).__name__ for m in _INPLACE_MODULES])
def test_inplace_modules_write_into_their_input(module):
    module.eval()  # RReLU: deterministic slopes
    x = ember.tensor([-2.0, -0.5, 0.5, 3.0])
    expected = type(module)(**_options_without_inplace(module)).eval()(x.clone())
    version = x._version
    assert module(x) is x
    assert x._version > version
    np.testing.assert_array_equal(x.numpy(), expected.numpy())


def _options_without_inplace(module: nn.Module) -> dict:
    names = {"LeakyReLU": ("negative_slope",), "ELU": ("alpha",), "CELU": ("alpha",),
             "Hardtanh": ("min_val", "max_val"), "Threshold": ("threshold", "value"),
             "RReLU": ("lower", "upper")}.get(type(module).__name__, ())
    return {name: getattr(module, name) for name in names}


def test_prelu_module_learns_its_weight():
    layer = nn.PReLU(3, init=0.1)
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    np.testing.assert_array_equal(layer.weight.detach().numpy(), np.full(3, 0.1, np.float32))
    x = ember.tensor([[-1.0, 2.0, -3.0], [4.0, -5.0, -0.5]])
    layer(x).sum().backward()
    np.testing.assert_allclose(layer.weight.grad.numpy(), [-1.0, -5.0, -3.5])
    layer.double()
    x64 = ember.tensor(_away_from((0.0,), (2, 3, 2), 2.0), requires_grad=True)
    assert gradcheck(lambda t, w: F.prelu(t, w), (x64, layer.weight))


def test_rrelu_training_slopes_lie_between_the_bounds_and_follow_the_seed():
    x = ember.tensor(-np.linspace(0.5, 3.0, 200))
    ember.manual_seed(5)
    first = F.rrelu(x, 0.1, 0.3, training=True)
    ember.manual_seed(5)
    again = nn.RReLU(0.1, 0.3)(x)  # modules start in training mode
    slopes = (first / x).numpy()
    assert np.all((slopes >= 0.1) & (slopes <= 0.3)) and np.unique(slopes).size > 100
    np.testing.assert_array_equal(first.numpy(), again.numpy())


def test_implicit_softmax_dim_warns_at_the_callers_line():
    x = ember.ones(2, 3)
    for call in (lambda: F.softmax(x), lambda: nn.LogSoftmax()(x), lambda: F.softmin(x)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        assert [w.category for w in caught] == [UserWarning]
        assert caught[0].filename == __file__
        assert "Implicit dimension choice" in str(caught[0].message)
