"""nn.utils: gradient clipping against a NumPy computation of the same norms, and the
parameter/vector conversions. Exact reprs, dtypes, messages and warnings are replayed from
torch in tests/reference/cases_nn_misc.py."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember import nn
from ember.nn import utils


def _params_with_grads(seed: int = 0, dtypes=(ember.float64, ember.float64, ember.float64)):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (5,), (2, 2, 3)]
    params = []
    for shape, dtype in zip(shapes, dtypes):
        p = nn.Parameter(ember.zeros(shape, dtype=dtype))
        p.grad = ember.tensor(rng.normal(size=shape), dtype=dtype)
        params.append(p)
    return params


def _numpy_total_norm(grads: list[np.ndarray], p: float) -> float:
    flat = np.concatenate([g.ravel() for g in grads]).astype(np.float64)
    if p == np.inf:
        return float(np.abs(flat).max())
    return float((np.abs(flat) ** p).sum() ** (1 / p))


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, float("inf"), "inf"])
def test_clip_grad_norm_scales_to_max_norm_and_returns_the_total(norm_type):
    params = _params_with_grads()
    before = [p.grad.numpy().copy() for p in params]
    p = float(norm_type)
    expected = _numpy_total_norm(before, p)
    total = utils.clip_grad_norm_(params, max_norm=0.5, norm_type=norm_type)
    assert total.shape == () and total.dtype == ember.float64
    np.testing.assert_allclose(total.item(), expected, rtol=1e-12)
    coefficient = 0.5 / (expected + 1e-6)
    for param, grad in zip(params, before):
        np.testing.assert_allclose(param.grad.numpy(), grad * coefficient, rtol=1e-12)
    after = _numpy_total_norm([q.grad.numpy() for q in params], p)
    assert abs(after - 0.5) < 1e-6


def test_clip_coefficient_is_clamped_to_one():
    params = _params_with_grads()
    before = [p.grad.numpy().copy() for p in params]
    total = utils.clip_grad_norm_(params, max_norm=1e3)
    for param, grad in zip(params, before):
        assert np.array_equal(param.grad.numpy(), grad)  # multiplied by exactly 1.0
    assert total.item() < 1e3


def test_total_norm_of_mixed_dtypes_is_promoted():
    params = _params_with_grads(dtypes=(ember.float32, ember.float64, ember.float32))
    total = utils.clip_grad_norm_(params, 1.0)
    assert total.dtype == ember.float64
    assert [p.grad.dtype for p in params] == [ember.float32, ember.float64, ember.float32]


def test_parameters_without_grads_are_skipped_and_iterables_accepted():
    params = _params_with_grads()
    params[1].grad = None
    expected = _numpy_total_norm([params[0].grad.numpy(), params[2].grad.numpy()], 2)
    total = utils.clip_grad_norm_(iter(params), 1.0)
    np.testing.assert_allclose(total.item(), expected, rtol=1e-12)
    assert params[1].grad is None


def test_clipping_records_no_graph_even_with_grad_mode_on():
    params = _params_with_grads()
    for p in params:
        p.grad.requires_grad_()
    total = utils.clip_grad_norm_(params, 0.1)
    assert total.grad_fn is None and not total.requires_grad
    assert all(p.grad.grad_fn is None for p in params)


def test_error_if_nonfinite():
    params = _params_with_grads()
    params[0].grad[0, 0] = float("nan")
    with pytest.raises(RuntimeError, match="non-finite"):
        utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    assert np.isnan(params[0].grad[0, 0].item())  # nothing was scaled
    assert params[1].grad.abs().max().item() > 0.1


def test_clip_grad_norm_of_a_model_after_backward():
    torch = ember
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).double()
    x = torch.linspace(-2, 2, 15, dtype=torch.float64).reshape(5, 3)
    (model(x) ** 2).sum().mul(100).backward()
    grads = [p.grad.numpy().copy() for p in model.parameters()]
    total = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    np.testing.assert_allclose(total.item(), _numpy_total_norm(grads, 2), rtol=1e-12)
    after = _numpy_total_norm([p.grad.numpy() for p in model.parameters()], 2)
    assert abs(after - 1.0) < 1e-5


def test_get_total_norm_and_clip_grads_with_norm_compose_to_clip_grad_norm_():
    first, second = _params_with_grads(1), _params_with_grads(1)
    total = utils.get_total_norm([p.grad for p in first], 3.0)
    utils.clip_grads_with_norm_(first, 0.25, total)
    assert ember.equal(total, utils.clip_grad_norm_(second, 0.25, 3.0))
    for a, b in zip(first, second):
        assert ember.equal(a.grad, b.grad)


def test_clip_grad_value_clamps_in_place():
    params = _params_with_grads()
    before = [p.grad.numpy().copy() for p in params]
    grads = [p.grad for p in params]
    assert utils.clip_grad_value_(params, 0.7) is None
    for param, grad, old in zip(params, grads, before):
        assert param.grad is grad
        np.testing.assert_array_equal(grad.numpy(), np.clip(old, -0.7, 0.7))


def test_parameters_to_vector_and_back_round_trip():
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    vector = utils.parameters_to_vector(model.parameters())
    expected = np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])
    np.testing.assert_array_equal(vector.detach().numpy(), expected)
    new = ember.arange(float(vector.numel()))
    utils.vector_to_parameters(new, model.parameters())
    np.testing.assert_array_equal(utils.parameters_to_vector(model.parameters()).detach().numpy(),
                                  new.numpy())
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in model.parameters())
    assert model[0].weight.shape == (2, 3)


def test_parameters_to_vector_is_differentiable():
    a = nn.Parameter(ember.ones(2, 2))
    b = nn.Parameter(ember.ones(3))
    vector = utils.parameters_to_vector([a, b])
    (vector * ember.arange(7.0)).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [[0, 1], [2, 3]])
    np.testing.assert_array_equal(b.grad.numpy(), [4, 5, 6])
