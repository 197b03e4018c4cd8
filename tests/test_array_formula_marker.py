"""The engine's array loop marks the node whose formula it calls (`node.formula_on_arrays`),
so `ctx.saved` hands out arrays without a thread-local read. A formula that raises must not
leave the mark behind: a later pass on Tensors would get arrays."""

import numpy as np
import pytest

import ember
from ember.autograd import node as node_module
from ember.ops._registry import OPS


def test_a_failing_formula_leaves_no_mark(monkeypatch):
    x = ember.tensor([0.5, 1.5], dtype=ember.float64, requires_grad=True)
    y = (x.exp() * 2.0).sum()
    exp = OPS["exp"]
    original = exp.backward_fn

    def failing(ctx, g):
        ctx.saved  # noqa: B018 - read as a formula does, then fail
        raise ValueError("formula failed")

    monkeypatch.setattr(exp, "backward_fn", failing)
    with pytest.raises(ValueError, match="formula failed"):
        y.backward(retain_graph=True)
    assert node_module.formula_on_arrays[0] is None
    monkeypatch.setattr(exp, "backward_fn", original)
    (grad,) = ember.autograd.grad(y, x, create_graph=True)
    assert grad.grad_fn is not None  # computed on Tensors, so recorded
    np.testing.assert_allclose(grad.detach().numpy(), 2.0 * np.exp([0.5, 1.5]))


def test_saved_values_of_the_marked_node_are_arrays_and_others_tensors():
    x = ember.tensor([0.5, 1.5], requires_grad=True)
    y = x.sin()
    node = y.grad_fn
    node_module.formula_on_arrays[0] = node
    try:
        assert type(node.saved[0]) is np.ndarray
        assert isinstance(x.exp().grad_fn.saved[0], ember.Tensor)
    finally:
        node_module.formula_on_arrays[0] = None
    assert isinstance(node.saved[0], ember.Tensor)
