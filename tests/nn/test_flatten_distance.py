"""Flatten/Unflatten, normalize, cosine_similarity, pairwise_distance and one_hot: values
against NumPy formulas, and float64 gradchecks (first and second order). Reprs, grad_fn
chains, torch's values and gradients at awkward points (zero vectors), errors and warnings
are replayed from torch in tests/reference/cases_nn_misc.py."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember import nn
from ember.autograd import gradcheck, gradgradcheck


def _x(*shape, seed=0):
    rng = np.random.default_rng(seed)
    return ember.tensor(rng.normal(size=shape), dtype=ember.float64, requires_grad=True)


def _both_orders(function, inputs) -> None:
    assert gradcheck(function, inputs)
    assert gradgradcheck(function, inputs)


# ---------------------------------------------------------------------------- flatten
def test_flatten_unflatten_round_trip_and_gradients():
    x = _x(2, 3, 4, 5)
    model = nn.Sequential(nn.Flatten(1, 2), nn.Unflatten(1, (3, 4)))
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(1, 2)(x).shape == (2, 12, 5)
    assert ember.equal(model(x), x)
    _both_orders(lambda t: nn.Flatten(0, -2)(t).pow(2), (x,))
    _both_orders(lambda t: nn.Unflatten(-1, (-1, 5))(t.flatten()).pow(2), (x,))


# ---------------------------------------------------------------------------- normalize
@pytest.mark.parametrize("p, dim", [(2.0, 1), (1.0, 0), (3.0, -1), (float("inf"), 1)])
def test_normalize_values(p, dim):
    x = _x(3, 4, 2)
    array = x.detach().numpy()
    norms = np.linalg.norm(np.moveaxis(array, dim, -1), ord=p, axis=-1)
    expected = array / np.expand_dims(np.maximum(norms, 1e-12), dim)
    np.testing.assert_allclose(F.normalize(x, p, dim).detach().numpy(), expected, rtol=1e-12)


def test_normalize_clamps_small_norms_with_eps():
    x = ember.tensor([[3e-4, 4e-4], [3.0, 4.0]], dtype=ember.float64)
    np.testing.assert_allclose(F.normalize(x, eps=1e-2).numpy(), [[0.03, 0.04], [0.6, 0.8]])


@pytest.mark.parametrize("p, dim", [(2.0, 1), (1.0, 0), (3.0, -1)])
def test_normalize_gradcheck(p, dim):
    _both_orders(lambda t: F.normalize(t, p, dim), (_x(3, 4, 2),))


# ---------------------------------------------------------------------------- cosine
def _numpy_cosine(a, b, dim, eps=1e-8):
    a, b = np.broadcast_arrays(a, b)
    na = np.maximum(np.linalg.norm(a, axis=dim, keepdims=True), eps)
    nb = np.maximum(np.linalg.norm(b, axis=dim, keepdims=True), eps)
    return ((a / na) * (b / nb)).sum(dim)


@pytest.mark.parametrize("shape_a, shape_b, dim", [
    ((4, 5), (4, 5), 1), ((4, 5), (4, 5), 0), ((3, 1, 5), (4, 5), -1), ((6,), (6,), 0),
])
def test_cosine_similarity_values_and_gradcheck(shape_a, shape_b, dim):
    a, b = _x(*shape_a, seed=1), _x(*shape_b, seed=2)
    expected = _numpy_cosine(a.detach().numpy(), b.detach().numpy(), dim)
    np.testing.assert_allclose(F.cosine_similarity(a, b, dim).detach().numpy(), expected,
                               rtol=1e-12)
    _both_orders(lambda s, t: F.cosine_similarity(s, t, dim), (a, b))


def test_cosine_similarity_with_a_clamped_norm_keeps_the_unclamped_gradient():
    # torch clamps the norms outside autograd: the value divides by eps, and the gradient
    # differentiates the norm as if unclamped. For x = s e1 (s < eps), |y| = 1:
    # value = x.y / eps, d/dx = y / eps - (x.y / eps^2) x / |x|
    # (a clamp seen by autograd would give y / eps: 1e8 below, not 1e8 - 1e6)
    s, eps = 1e-10, 1e-8
    x = ember.tensor([s, 0.0], dtype=ember.float64, requires_grad=True)
    y = ember.tensor([1.0, 0.0], dtype=ember.float64)
    value = F.cosine_similarity(x, y, dim=0, eps=eps)
    np.testing.assert_allclose(value.item(), s / eps)
    value.backward()
    np.testing.assert_allclose(x.grad.numpy(), [1 / eps - s / eps ** 2, 0.0])
    x.grad = None
    F.cosine_similarity(x, ember.tensor([0.0, 1.0], dtype=ember.float64), 0, eps).backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 1 / eps])


# ---------------------------------------------------------------------------- pairwise
@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("keepdim", [False, True])
def test_pairwise_distance_values(p, keepdim):
    a, b = _x(5, 4, seed=3), _x(4, seed=4)
    diff = a.detach().numpy() - b.detach().numpy() + 1e-6
    expected = np.linalg.norm(diff, ord=p, axis=-1, keepdims=keepdim)
    result = F.pairwise_distance(a, b, p, keepdim=keepdim)
    np.testing.assert_allclose(result.detach().numpy(), expected, rtol=1e-12)


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0])
def test_pairwise_distance_gradcheck(p):
    a, b = _x(5, 4, seed=5), _x(5, 4, seed=6)
    _both_orders(lambda s, t: F.pairwise_distance(s, t, p, eps=0.1), (a, b))
    _both_orders(lambda s, t: F.pairwise_distance(s, t, p, keepdim=True), (a, b[0]))


# ---------------------------------------------------------------------------- one_hot
@pytest.mark.parametrize("num_classes", [-1, 7])
def test_one_hot_matches_rows_of_the_identity(num_classes):
    indices = np.array([[3, 0, 5], [1, 1, 2]])
    result = F.one_hot(ember.tensor(indices), num_classes)
    width = 6 if num_classes == -1 else num_classes
    assert result.dtype == ember.int64 and result.shape == (2, 3, width)
    np.testing.assert_array_equal(result.numpy(), np.eye(width, dtype=np.int64)[indices])
