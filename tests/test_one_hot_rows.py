"""Identity cotangents kept compact (ops/_batched/one_hot.py) against the dense rows.

For every sample of every differentiable op of the table, a batched pass that starts from
the compact identity gives exactly (bit for bit) the gradients of the pass that starts
from the dense identity, including where the compact rows must spread (nan, inf, zeros
that a formula does not keep at zero).
"""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.autograd import batched
from ember.autograd.batched import batched_jacobian, batched_vjp
from ember.ops._batched.one_hot import OneHotRows, one_hot_step
from tests.gradcheck_util import differentiable_indices, evaluate, to_tensors
from tests.test_batched_jacobians import CASES


def _both(out, inputs):
    n = out.numel()
    dtype = out.detach().numpy().dtype
    dense = np.eye(n, dtype=dtype).reshape((n,) + tuple(out.shape))
    compact = OneHotRows.identity_rows(0, n, tuple(out.shape), dtype)
    return batched_vjp(out, inputs, dense), batched_vjp(out, inputs, compact)


def _assert_same(got, expected):
    assert (got is None) == (expected is None)
    if got is None:
        return
    for g, e in zip(got, expected):
        assert (g is None) == (e is None)
        if g is not None:
            assert g.shape == e.shape and g.dtype == e.dtype
            np.testing.assert_array_equal(g, e)
            # (and the zeros' signs, which assert_array_equal does not look at)
            np.testing.assert_array_equal(np.signbit(g), np.signbit(e))


@pytest.mark.parametrize("name, sample", CASES)
def test_compact_identity_matches_dense_identity(name, sample):
    tensors = to_tensors(sample)
    inputs = [tensors[i] for i in differentiable_indices(sample)]
    out = evaluate(sample, tensors)
    expected, got = _both(out, inputs)
    _assert_same(got, expected)


def _mlp(x, w1, w2, b2):
    return ember.addmm(b2, (x @ w1).tanh(), w2).sigmoid() * 3


def test_rows_stay_compact_through_elementwise_ops_and_spread_at_the_product(monkeypatch):
    steps = []

    def recording(node, g):
        grads = one_hot_step(node, g)
        steps.append((node.op.name, [type(grad).__name__ for grad in grads or ()]))
        return grads

    monkeypatch.setattr(batched, "one_hot_step", recording)
    x = ember.randn(5, 4, requires_grad=True)
    y = (x @ ember.randn(4, 3)).tanh()
    (block,) = batched_jacobian(y, [x])
    assert steps == [("tanh", ["OneHotRows"]), ("mm", ["ndarray", "NoneType"])]
    assert block.shape == (5, 3, 5, 4)


@pytest.mark.parametrize("special", [np.inf, np.nan])
@pytest.mark.parametrize("where", ["mm", "addmm"])
def test_inf_and_nan_factors_spread_as_the_dense_pass(special, where):
    rng = np.random.default_rng(0)
    x = ember.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    w1, w2 = rng.standard_normal((4, 5)), rng.standard_normal((5, 2))
    (w1 if where == "mm" else w2)[1, 0] = special
    w1, w2 = ember.tensor(w1, requires_grad=True), ember.tensor(w2, requires_grad=True)
    b = ember.tensor(rng.standard_normal(2), requires_grad=True)
    out = ember.addmm(b, x @ w1, w2) if where == "addmm" else x @ w1
    expected, got = _both(out, [x, w1, w2, b] if where == "addmm" else [x, w1])
    _assert_same(got, expected)
    assert np.isnan(got[0]).any()  # the dense pass spreads nan over whole rows


def test_a_formula_not_zero_at_zero_takes_the_dense_rows():
    x = ember.tensor([0.0, 1.0, 4.0], dtype=ember.float64, requires_grad=True)
    out = x.sqrt()  # 0 / (2 * sqrt(0)) is nan off the diagonal in the dense pass
    expected, got = _both(out, [x])
    _assert_same(got, expected)
    assert np.isnan(got[0][1, 0])


@pytest.mark.parametrize("chunk_size", [None, 1, 4, 7])
def test_chunked_jacobian_equals_one_pass_per_row(chunk_size):
    rng = np.random.default_rng(3)
    x = ember.tensor(rng.standard_normal((4, 3)), requires_grad=True)
    w1 = ember.tensor(rng.standard_normal((3, 5)), requires_grad=True)
    w2 = ember.tensor(rng.standard_normal((5, 2)), requires_grad=True)
    b2 = ember.tensor(rng.standard_normal(2), requires_grad=True)
    out = _mlp(x, w1, w2, b2)
    blocks = batched_jacobian(out, [x, w1, w2, b2], chunk_size)
    for block, t in zip(blocks, [x, w1, w2, b2]):
        rows = [ember.autograd.grad(out, t, ember.tensor(row.reshape(4, 2)),
                                    retain_graph=True)[0].numpy()
                for row in np.eye(out.numel())]
        np.testing.assert_allclose(block.reshape(out.numel(), *t.shape), np.array(rows),
                                   rtol=1e-12, atol=1e-14)


def test_zeros_off_the_position_keep_the_sign_a_formula_gives_them():
    # 0 * y is -0 where y < 0: the dense pass (and torch) print -0. off the diagonal there
    x = ember.tensor([1.5, -0.3, -2.2, 0.0], dtype=ember.float64, requires_grad=True)
    for out in (x * x, (x.sin() * x).exp(), x * x + x * 3, (x * -1.0) * x):
        expected, got = _both(out, [x])
        _assert_same(got, expected)
    (jacobian,) = _both(x * x, [x])[1]
    assert np.signbit(jacobian[0, 1]) and not np.signbit(jacobian[1, 0])


def test_two_branches_with_the_same_rows_add_compactly():
    x = ember.randn(6, dtype=ember.float64, requires_grad=True)
    out = x.sin() + x.cos()
    expected, got = _both(out, [x])
    _assert_same(got, expected)
    np.testing.assert_allclose(got[0], np.diag(np.cos(x.detach().numpy())
                                               - np.sin(x.detach().numpy())), rtol=1e-15)


def test_batched_passes_raise_no_numpy_warnings():
    import warnings

    x = ember.tensor([0.0, 1.0, -1000.0, 1000.0], dtype=ember.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy RuntimeWarning would raise here
        jacobian = ember.func.jacrev(
            lambda t: ember.nn.functional.glu(t, 0) + (t[:2] * 0.0).log())(x)
    assert jacobian.shape == (2, 4)
