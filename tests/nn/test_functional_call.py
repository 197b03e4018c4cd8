"""ember.func.functional_call: a model as a function of its parameters.

The per-example gradients of torch.func's tutorial (vmap over grad of a functional call)
must equal a Python loop of ordinary single-example backward passes.
"""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember import nn
from ember.func import functional_call, grad, jacrev, vmap


def _model() -> nn.Module:
    ember.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)).double()


def _data():
    rng = np.random.default_rng(1)
    return ember.tensor(rng.standard_normal((6, 3))), ember.tensor(rng.standard_normal((6, 2)))


def test_per_example_gradients_equal_a_loop_of_backward_passes():
    model = _model()
    xs, ys = _data()
    params = {name: p.detach() for name, p in model.named_parameters()}

    def loss(params, x, y):
        out = functional_call(model, params, (x.unsqueeze(0),))
        return ((out - y.unsqueeze(0)) ** 2).mean()

    per_example = vmap(grad(loss), in_dims=(None, 0, 0))(params, xs, ys)
    for i in range(xs.shape[0]):
        model.zero_grad()
        ((model(xs[i:i + 1]) - ys[i:i + 1]) ** 2).mean().backward()
        for name, p in model.named_parameters():
            np.testing.assert_allclose(per_example[name][i].numpy(), p.grad.numpy(),
                                       rtol=1e-12, atol=1e-14)


def test_the_module_keeps_its_own_parameters_afterwards_even_after_an_error():
    model = _model()
    before = {name: p for name, p in model.named_parameters()}
    zeros = {name: ember.zeros_like(p) for name, p in before.items()}
    out = functional_call(model, zeros, ember.ones(1, 3, dtype=ember.float64))
    np.testing.assert_array_equal(out.numpy(), np.zeros((1, 2)))
    with pytest.raises(RuntimeError, match="shapes cannot be multiplied"):
        functional_call(model, zeros, ember.ones(1, 4, dtype=ember.float64))
    assert {name: p for name, p in model.named_parameters()} == before
    assert all(type(p) is nn.Parameter for p in model.parameters())


def test_jacobian_with_respect_to_parameters():
    model = nn.Linear(3, 2).double()
    x = ember.tensor([[1.0, 2.0, -1.0]], dtype=ember.float64)
    params = {name: p.detach() for name, p in model.named_parameters()}
    jac = jacrev(lambda p: functional_call(model, p, (x,)))(params)
    # d(W x + b)_i / dW_jk = delta_ij x_k, d/db_j = delta_ij
    expected_w = np.einsum("ij,k->ijk", np.eye(2), x.numpy()[0]).reshape(1, 2, 2, 3)
    np.testing.assert_allclose(jac["weight"].numpy(), expected_w)
    np.testing.assert_allclose(jac["bias"].numpy(), np.eye(2).reshape(1, 2, 2))


def test_partial_dicts_strict_and_several_dicts():
    model = nn.Linear(2, 1)
    x = ember.ones(1, 2)
    partial = functional_call(model, {"weight": ember.zeros(1, 2)}, (x,))
    np.testing.assert_allclose(partial.detach().numpy(), model.bias.detach().numpy()[None])
    with pytest.raises(RuntimeError, match=r"Missing key\(s\): 'bias'\."):
        functional_call(model, {"weight": ember.zeros(1, 2)}, (x,), strict=True)
    with pytest.raises(RuntimeError, match=r"Unexpected key\(s\): 'junk'\."):
        functional_call(model, {"weight": ember.zeros(1, 2), "bias": ember.ones(1),
                                "junk": ember.ones(1)}, (x,), strict=True)
    two = functional_call(model, ({"weight": ember.zeros(1, 2)}, {"bias": ember.ones(1)}), x)
    assert two.item() == 1.0
    with pytest.raises(ValueError, match="appeared in multiple dictionaries"):
        functional_call(model, ({"weight": ember.zeros(1, 2)}, {"weight": ember.zeros(1, 2)}), x)
    with pytest.raises(TypeError, match="is not an instance of torch.Tensor"):
        functional_call(model, {"weight": 3}, x)
    assert not hasattr(model, "junk")


class _Tied(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Linear(1, 1, bias=False)
        self.b = nn.Linear(1, 1, bias=False)
        self.b.weight = self.a.weight

    def forward(self, x):
        return self.a(x) + self.b(x)


def test_tied_weights_follow_each_other_unless_untied():
    model = _Tied()
    x = ember.ones(1, 1)
    assert functional_call(model, {"a.weight": ember.ones(1, 1)}, x).item() == 2.0
    untied = functional_call(model, {"a.weight": ember.ones(1, 1)}, x, tie_weights=False)
    assert untied.item() == pytest.approx(1.0 + model.a.weight.item())
    with pytest.raises(ValueError, match="which are tied"):
        functional_call(model, {"a.weight": ember.ones(1, 1), "b.weight": ember.zeros(1, 1)}, x)
