"""Batched backward passes (autograd/batched.py, ops/_batched/) against one pass per row.

For every sample of every differentiable op of the table: the Jacobian from one batched
pass equals the one from a backward pass per output element, or, where some op of the
sample's graph has no batched formula, the batched pass declines (and callers fall back).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import ember
from ember.autograd.batched import batched_jacobian, batched_vjp
from ember.ops import OPS
from ember.ops._batched import DECLINING, RULES, _check_names, batched_formula
from tests.gradcheck_util import differentiable_indices, evaluate, to_tensors
from tests.test_op_table import _all_cases, _wants_gradient

CASES = [pytest.param(name, sample, id=f"{name}-{i}") for name, i, sample in _all_cases()
         if _wants_gradient(name, sample)]


def _graph_ops(output) -> set:
    seen, stack, ops = set(), [output.grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        if hasattr(node, "op"):
            ops.add(node.op)
        else:
            ops.add(type(node).__name__)
        stack.extend(node._next_nodes)
    return ops


@pytest.mark.parametrize("name, sample", CASES)
def test_batched_pass_matches_one_pass_per_row(name, sample):
    tensors = to_tensors(sample)
    inputs = [tensors[i] for i in differentiable_indices(sample)]
    out = evaluate(sample, tensors)
    assert out.requires_grad
    n = out.numel()
    cotangents = np.eye(n, dtype=out.detach().numpy().dtype).reshape((n,) + tuple(out.shape))
    batched = batched_vjp(out, inputs, cotangents)
    graph = _graph_ops(out)
    runnable = all(not isinstance(op, str) and batched_formula(op) is not None
                   or op == "AccumulateGrad" for op in graph)
    # (complex values: the batched formulas are written for real ones, and decline)
    may_decline = any(getattr(op, "name", None) in DECLINING for op in graph) or any(
        isinstance(x, np.ndarray) and x.dtype.kind == "c" for x in sample.inputs) or (
        out.is_complex())
    assert (batched is not None) == runnable or (batched is None and may_decline), (
        f"batched pass {'declined' if batched is None else 'ran'} on a graph of "
        f"{sorted(getattr(op, 'name', op) for op in graph)}")
    if batched is None:
        return
    for k, x in enumerate(inputs):
        rows = []
        for i in range(n):
            (g,) = ember.autograd.grad(out, x, ember.tensor(cotangents[i]), retain_graph=True,
                                       allow_unused=True)
            rows.append(np.zeros(x.shape) if g is None else g.numpy())
        expected = np.array(rows).reshape((n,) + tuple(x.shape))
        got = np.zeros_like(expected) if batched[k] is None else batched[k]
        assert got.shape == expected.shape
        assert got.dtype == x.detach().numpy().dtype
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12,
                                   err_msg=f"input {k}")


def test_rules_name_ops_of_the_table():
    _check_names()


def test_ops_without_a_batched_formula_are_listed():
    """The ops whose Jacobians still take one backward pass per row."""
    missing = sorted(name for name, op in OPS.items()
                     if op.differentiable and batched_formula(op) is None)
    print(f"{len(missing)} differentiable ops without a batched formula: {', '.join(missing)}")
    assert {"add", "mul", "exp", "sum", "mm", "expand", "slice", "view"}.isdisjoint(missing)
    assert set(RULES) <= set(OPS)


def test_chunks_give_the_same_jacobian():
    x = ember.tensor(np.linspace(-1.0, 1.0, 7), requires_grad=True)
    y = (x * x).exp()[1:] * 3
    whole = batched_jacobian(y, [x])
    chunked = batched_jacobian(y, [x], chunk_size=2)
    np.testing.assert_array_equal(whole[0], chunked[0])
    assert whole[0].shape == (6, 7)


def test_jacrev_and_hessian_use_batched_passes(monkeypatch):
    backward = importlib.import_module("ember.autograd.backward")
    passes = []
    original = backward.run_backward

    def counting(*args, **kwargs):
        passes.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(backward, "run_backward", counting)

    def f(x):
        return (x[1:] - x[:-1] ** 2).pow(2).sum() + x.exp().sum().log()

    x = ember.tensor(np.linspace(-1.0, 1.0, 20))
    hessian = ember.func.hessian(f)(x)
    assert hessian.shape == (20, 20)
    # the inner gradient is one pass (with its graph); the 20 rows of the outer are one
    assert len(passes) == 1
    np.testing.assert_allclose(hessian.numpy(), hessian.numpy().T, rtol=1e-12)


def test_declining_rules_run_their_common_cases():
    rng = np.random.default_rng(3)
    x = ember.tensor(rng.standard_normal((2, 3, 4)), requires_grad=True)
    w = ember.tensor(rng.standard_normal((4, 5)), requires_grad=True)
    y = (x @ w).log_softmax(1).softmax(-1)  # matmul of 3-d by 2-d, a non-negative dim
    blocks = batched_jacobian(y, [x, w])
    assert blocks is not None
    for block, t in zip(blocks, (x, w)):
        rows = [ember.autograd.grad(y.reshape(-1)[i], t, retain_graph=True)[0].numpy()
                for i in range(y.numel())]
        np.testing.assert_allclose(block.reshape(y.numel(), *t.shape), np.array(rows),
                                   rtol=1e-10, atol=1e-12)


def test_vmap_over_vjp_fn_is_one_batched_pass(monkeypatch):
    rng = np.random.default_rng(4)
    w = ember.tensor(rng.standard_normal((3, 5)))
    x = ember.tensor(rng.standard_normal((4, 3)))
    out, vjp_fn = ember.func.vjp(lambda t: (t @ w).tanh(), x)
    cotangents = ember.tensor(rng.standard_normal((6, 4, 5)))
    looped = [vjp_fn(cotangents[i])[0].numpy() for i in range(6)]
    passes = []
    backward = importlib.import_module("ember.autograd.backward")
    original = backward.run_backward
    monkeypatch.setattr(backward, "run_backward",
                        lambda *a, **k: passes.append(1) or original(*a, **k))
    (batched,) = ember.func.vmap(vjp_fn)(cotangents)
    assert passes == []
    assert batched.shape == (6, 4, 3)
    np.testing.assert_allclose(batched.numpy(), np.array(looped), rtol=1e-12)


def _per_row_jacobian(y, x) -> np.ndarray:
    flat = y.reshape(-1)
    rows = [ember.autograd.grad(flat[i], x, retain_graph=True)[0].numpy()
            for i in range(y.numel())]
    return np.array(rows).reshape(tuple(y.shape) + tuple(x.shape))


@pytest.mark.parametrize("index", [
    (np.array([2, 0, 2]),),                                  # repeated rows accumulate
    (slice(None), np.array([[1, 0], [3, 3]])),               # arrays in place
    (np.array([0, 1]), slice(None), np.array([3, 0])),       # apart: NumPy puts them first
])
def test_advanced_indexing_runs_batched(index):
    x = ember.tensor(np.arange(60.0).reshape(3, 4, 5) / 7, requires_grad=True)
    y = (x * x)[tuple(ember.tensor(p) if isinstance(p, np.ndarray) else p for p in index)]
    (block,) = batched_jacobian(y, [x])
    assert block is not None
    np.testing.assert_allclose(block, _per_row_jacobian(y, x), rtol=1e-12)
    # and the Hessian, whose graph has the double backward (index_backward)
    (grad,) = ember.autograd.grad(y.pow(3).sum(), x, create_graph=True)
    (hessian,) = batched_jacobian(grad, [x])
    assert hessian is not None
    np.testing.assert_allclose(hessian, _per_row_jacobian(grad, x), rtol=1e-12)


@pytest.mark.parametrize("f", [
    lambda x: x.prod(1),
    lambda x: x.prod(),
    lambda x: x.cumprod(1),
    lambda x: x.cumprod(0) * x.cumsum(1),
    lambda x: x.amax(1) + x.max() + x.max(1).values,
    lambda x: x.norm(3, 1) + x.std(0).sum() + x.logsumexp(1).sum(),
], ids=["prod_dim", "prod", "cumprod", "cumprod_cumsum", "extremes", "norm_std_lse"])
def test_reductions_with_zeros_and_ties_run_batched(f):
    data = np.array([[0.0, 2.0, 2.0, -1.5], [0.5, 0.0, 0.0, 3.0], [1.5, -0.5, 2.5, 0.75]])
    x = ember.tensor(data, requires_grad=True)
    y = f(x)
    (block,) = batched_jacobian(y, [x])
    assert block is not None
    np.testing.assert_allclose(block, _per_row_jacobian(y, x), rtol=1e-12, atol=1e-15)
    (grad,) = ember.autograd.grad(y.sum(), x, create_graph=True)
    if grad.requires_grad:  # (the extremes' gradient is piecewise constant)
        (hessian,) = batched_jacobian(grad, [x])
        assert hessian is not None
        np.testing.assert_allclose(hessian, _per_row_jacobian(grad, x), rtol=1e-12,
                                   atol=1e-15)


@pytest.mark.parametrize("shapes", [((3,), (2, 3, 4)), ((2, 4, 3), (3,)), ((2, 4, 3), (3, 5)),
                                    ((4, 3), (2, 3, 5)), ((2, 1, 4, 3), (3, 3, 2))])
def test_matmul_forms_run_batched(shapes):
    rng = np.random.default_rng(5)
    a, b = (ember.tensor(rng.standard_normal(s), requires_grad=True) for s in shapes)
    y = (a @ b).sin()
    blocks = batched_jacobian(y, [a, b])
    assert blocks is not None
    for block, t in zip(blocks, (a, b)):
        np.testing.assert_allclose(block, _per_row_jacobian(y, t), rtol=1e-12, atol=1e-15)


def test_hessian_through_log_softmax_and_losses_is_one_batched_pass(monkeypatch):
    rng = np.random.default_rng(6)
    target = ember.tensor(np.array([2, 0, 1, 2]))
    probabilities = ember.tensor(rng.uniform(0.1, 0.9, (4, 3)))

    def f(w):
        logits = (w[:, :3] * w[:, 3:]).cumsum(1)
        return (ember.nn.functional.nll_loss(logits.log_softmax(1), target)
                + ember.nn.functional.binary_cross_entropy(logits.sigmoid(), probabilities)
                + ember.nn.functional.mse_loss(logits, probabilities, reduction="sum")
                + ember.nn.functional.smooth_l1_loss(logits, probabilities))

    w = ember.tensor(rng.standard_normal((4, 6)), requires_grad=True)
    backward = importlib.import_module("ember.autograd.backward")
    passes = []
    original = backward.run_backward
    monkeypatch.setattr(backward, "run_backward",
                        lambda *a, **k: passes.append(1) or original(*a, **k))
    hessian = ember.func.hessian(f)(w.detach())
    assert len(passes) == 1  # the inner gradient; the 24 rows of the outer are one pass
    monkeypatch.setattr(backward, "run_backward", original)
    (grad,) = ember.autograd.grad(f(w), w, create_graph=True)
    np.testing.assert_allclose(hessian.numpy(), _per_row_jacobian(grad, w), rtol=1e-10,
                               atol=1e-13)


def test_grad_is_grads_batched_is_one_pass_or_rows(monkeypatch):
    class Cube(ember.autograd.Function):  # a custom Function: no batched rule, rows instead
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x * x * g

    rng = np.random.default_rng(6)
    x = ember.tensor(rng.standard_normal(4), requires_grad=True)
    cotangents = ember.tensor(rng.standard_normal((5, 4)))
    expected = np.array([ember.autograd.grad(x.sin() * 2, x, cotangents[i])[0].numpy()
                         for i in range(5)])
    backward = importlib.import_module("ember.autograd.backward")
    passes = []
    original = backward.run_backward
    monkeypatch.setattr(backward, "run_backward",
                        lambda *a, **k: passes.append(1) or original(*a, **k))
    (batched,) = ember.autograd.grad(x.sin() * 2, x, cotangents, is_grads_batched=True)
    assert passes == []
    np.testing.assert_allclose(batched.numpy(), expected, rtol=1e-12)
    (rows,) = ember.autograd.grad(Cube.apply(x), x, cotangents, is_grads_batched=True)
    assert len(passes) == 5
    np.testing.assert_allclose(rows.numpy(), 3 * x.detach().numpy() ** 2 * cotangents.numpy(),
                               rtol=1e-12)


def test_a_large_output_is_done_in_chunks_that_fit_in_memory(monkeypatch):
    from ember.autograd import batched

    monkeypatch.setattr(batched, "_ROWS_BUDGET", 1 << 12)  # 4,096 elements per cotangent
    shapes = []
    original = batched.batched_vjp

    def recording(output, inputs, cotangents):
        shapes.append((len(cotangents), *cotangents.shape))  # rows, then a row's shape
        return original(output, inputs, cotangents)

    monkeypatch.setattr(batched, "batched_vjp", recording)
    x = ember.tensor(np.linspace(-1.0, 1.0, 300), requires_grad=True)
    blocks = batched.batched_jacobian(x.sin() * 2, [x])
    assert max(rows * width for rows, width in shapes) <= 1 << 12 and len(shapes) > 1
    np.testing.assert_allclose(blocks[0], np.diag(2 * np.cos(x.detach().numpy())),
                               rtol=1e-12)
