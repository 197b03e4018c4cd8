"""ember.explain: the backward pass told as text, with the chain rule's numbers."""

import numpy as np
import pytest

import ember
import ember as torch
from ember.autograd import engine
from ember.ops import OPS


def seed_example():
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    return x, y


def test_the_seed_walk_through_has_every_step_with_its_numbers():
    x, y = seed_example()
    text = ember.explain(y, params={"x": x})
    lines = text.splitlines()
    order = next(line for line in lines if line.startswith("Order:"))
    assert order.index("MulBackward0") < order.index("DotBackward0") < order.index("x")
    # y = 2 * d with d = x.x: dy/dd = 2, then dd/dx = x from each side of the dot.
    assert "dy/dy = 1." in text
    assert "upstream 1. → sends 2. to DotBackward0" in text
    assert "DotBackward0: upstream 2. → sends [0., 2., 4., 6.] to x, [0., 2., 4., 6.] to x" \
        in text
    assert "x accumulates [0., 2., 4., 6.] + [0., 2., 4., 6.] = [0., 4., 8., 12.]" in text
    assert lines[-1].strip() == "x.grad = 4x = [0., 4., 8., 12.]"
    # The explanation really ran the backward pass.
    assert torch.equal(x.grad, 4 * x.detach())


def test_the_rules_shown_are_the_op_tables_formulas():
    x, y = seed_example()
    mul = y.grad_fn
    dot = mul.next_functions[0][0]
    text = ember.explain(y)
    for node in (mul, dot):
        assert node.op.formula
        assert f"{node.op.name}: {node.op.formula}" in text
    steps = [s for s in text.trace.steps if s.kind == "node"]
    assert [s.formula for s in steps] == [mul.op.formula, dot.op.formula]


def test_every_differentiable_op_declares_the_formula_explain_shows():
    missing = sorted(name for name, op in OPS.items() if op.differentiable and not op.formula)
    assert missing == []


def test_fan_out_shows_the_parts_and_their_sum():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    h = a * 3
    z = (h * h + h).sum()
    text = ember.explain(z)
    # dz/dh = 2h + 1 = [7, 13] arrives at h's node in three parts: 1 from the addition and
    # h from each side of h * h.
    assert "from AddBackward0, input 1: [1., 1.]" in text
    assert "from MulBackward0, input 0: [3., 6.]" in text
    assert "from MulBackward0, input 1: [3., 6.]" in text
    assert "= [7., 13.] → sends [21., 39.] to a" in text
    assert text.splitlines()[-1].strip() == "a.grad = [21., 39.]"


def test_leaves_are_named_from_params_from_the_caller_or_by_number():
    def inner():
        weight = torch.tensor([1.0, -1.0], requires_grad=True)
        return ember.explain((weight * 2).sum())

    assert "weight.grad = [2., 2.]" in inner()
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    text = ember.explain((w * w).sum(), params={"w_named": w})
    assert text.splitlines()[-1].strip() == "w_named.grad = 2 * w_named = [2., 4.]"
    anonymous = ember.explain((torch.ones(2, requires_grad=True) * 3).sum())
    assert "leaf 0.grad = [3., 3.]" in anonymous
    assert "d(output)/d(output) = 1." in anonymous


def test_an_existing_grad_shows_before_and_after():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    x.grad = torch.tensor([10.0, 10.0])
    text = ember.explain(x * x, torch.tensor([1.0, -1.0]))
    # d(x*x)/dx = 2x times the given gradient [1, -1] is [2, -4], added to [10, 10].
    assert "start at" in text and "given gradient [1., -1.]" in text
    assert "x.grad = [10., 10.] + [2., -4.] = [12., 6.]" in text
    assert torch.equal(x.grad, torch.tensor([12.0, 6.0]))


def test_the_gradient_is_called_a_multiple_of_the_leaf_only_when_it_is_one():
    def last_line(leaf, y):
        return ember.explain(y, params={"t": leaf}).splitlines()[-1].strip()

    t = torch.tensor([1.0, 2.0], requires_grad=True)
    assert last_line(t, (t * t * 0.25).sum()) == "t.grad = 0.5 * t = [0.5, 1.]"
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    assert last_line(t, (t * t * -0.5).sum()) == "t.grad = -t = [-1., -2.]"
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    assert last_line(t, (t * t * t).sum()) == "t.grad = [3., 12.]"  # 3t², not a multiple
    t = torch.tensor([2.0, 2.0], requires_grad=True)
    assert last_line(t, (t * 3).sum()) == "t.grad = [3., 3.]"  # a constant leaf: no claim


def test_large_tensors_are_summarized():
    w = torch.full((10, 10), 0.5, requires_grad=True)
    text = ember.explain((w * 4).sum(), params={"w": w})
    assert "w.grad = shape [10, 10], every element 4" in text
    assert "4., 4., 4." not in text
    v = torch.arange(30.0, requires_grad=True)
    text = ember.explain((v * v).sum(), params={"v": v})
    assert "v.grad = 2v = shape [30], min 0, mean 29, max 58" in text


def test_the_explanation_is_a_string_that_shows_itself():
    x, y = seed_example()
    text = ember.explain(y)
    assert isinstance(text, str)
    assert repr(text) == str(text)
    assert ember.viz.explain is ember.explain


def test_errors_are_backwards_and_the_recorder_is_removed():
    with pytest.raises(RuntimeError, match="does not require grad"):
        ember.explain(torch.ones(2).sum())
    assert engine.tracers == []
    x, y = seed_example()
    ember.explain(y)
    assert engine.tracers == []
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        ember.explain(y)
    assert engine.tracers == []
    assert np.array_equal(x.grad.numpy(), [0.0, 4.0, 8.0, 12.0])
