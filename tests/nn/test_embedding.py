"""Embedding and EmbeddingBag: lookups, gradients with padding_idx and scale_grad_by_freq,
max_norm's in-place renormalisation, from_pretrained, bag reductions, second derivatives,
and torch's errors. Values against torch are in tests/reference/cases_nn_norm.py."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(13)


def test_default_init_is_standard_normal_with_a_zero_padding_row():
    ember.manual_seed(0)
    e = nn.Embedding(400, 50, padding_idx=-3)
    weights = e.weight.detach().numpy()
    assert e.padding_idx == 397
    np.testing.assert_array_equal(weights[397], np.zeros(50, np.float32))
    assert abs(weights.mean()) < 0.02 and abs(weights.std() - 1) < 0.02
    assert e.weight.dtype == ember.float32


def test_gradients_skip_the_padding_row_and_scale_by_frequency():
    weight = ember.tensor(_R.standard_normal((5, 3)), requires_grad=True)
    indices = ember.tensor([[1, 2, 1], [0, 4, 1]])
    F.embedding(indices, weight, padding_idx=2, scale_grad_by_freq=True).sum().backward()
    counts = np.array([1, 3, 1, 0, 1])
    expected = np.where(counts[:, None] > 0, 1.0, 0.0) * np.ones((5, 3))
    expected[2] = 0  # the padding row
    np.testing.assert_allclose(weight.grad.numpy(), expected)
    weight.grad = None
    F.embedding(indices, weight).sum().backward()
    np.testing.assert_allclose(weight.grad.numpy(), counts[:, None] * np.ones((5, 3)))


def test_lookup_derivatives_of_first_and_second_order():
    weight = ember.tensor(_R.standard_normal((4, 2)), requires_grad=True)
    indices = ember.tensor([3, 0, 3, 1])
    assert gradcheck(lambda w: F.embedding(indices, w), (weight,))
    assert gradgradcheck(lambda w: F.embedding(indices, w) ** 2, (weight,))
    y = F.embedding(indices, weight)
    upstream = ember.ones(4, 2, dtype=ember.float64, requires_grad=True)
    (g,) = ember.autograd.grad(y, weight, upstream, create_graph=True)
    assert type(g.grad_fn).__name__ == "EmbeddingDenseBackwardBackward0"


def test_max_norm_renormalises_the_looked_up_rows_in_place():
    weight = ember.tensor(_R.standard_normal((6, 3)) * 3)
    before = weight.numpy().copy()
    version = weight._version
    out = F.embedding(ember.tensor([0, 2, 2]), weight, max_norm=1.0)
    norms = np.linalg.norm(weight.numpy(), axis=1)
    assert weight._version > version
    np.testing.assert_allclose(norms[[0, 2]], 1.0, rtol=1e-6)
    np.testing.assert_array_equal(weight.numpy()[[1, 3, 4, 5]], before[[1, 3, 4, 5]])
    np.testing.assert_array_equal(out.numpy(), weight.numpy()[[0, 2, 2]])


def test_module_lookup_and_from_pretrained():
    table = ember.tensor(_R.standard_normal((4, 2)).astype(np.float32))
    frozen = nn.Embedding.from_pretrained(table)
    assert not frozen.weight.requires_grad
    out = frozen(ember.tensor([[3, 1]]))
    assert out.shape == (1, 2, 2) and not out.requires_grad
    trainable = nn.Embedding.from_pretrained(table, freeze=False, padding_idx=0)
    assert trainable.weight.requires_grad
    np.testing.assert_array_equal(trainable.weight.detach().numpy()[0], table.numpy()[0])
    out = trainable(ember.tensor([0, 1, 1]))
    assert type(out.grad_fn).__name__ == "EmbeddingBackward0"
    out.sum().backward()
    np.testing.assert_array_equal(trainable.weight.grad.numpy()[:2], [[0, 0], [2, 2]])


def test_sparse_gradients_are_not_implemented():
    e = nn.Embedding(3, 2, sparse=True)
    with pytest.raises(NotImplementedError, match="sparse"):
        e(ember.tensor([1]))


@pytest.mark.parametrize("bad", [[5], [-1]], ids=["past the end", "negative"])
def test_indices_out_of_range(bad):
    with pytest.raises(IndexError, match="index out of range in self"):
        nn.Embedding(5, 2)(ember.tensor(bad))


def test_bag_modes_against_their_definitions():
    weight = ember.tensor(_R.standard_normal((6, 2)), requires_grad=True)
    flat = ember.tensor([1, 2, 4, 5, 4, 3])
    offsets = ember.tensor([0, 2, 2, 5])
    rows = weight.detach().numpy()[[1, 2, 4, 5, 4, 3]]
    bags = [rows[0:2], rows[2:2], rows[2:5], rows[5:6]]
    for mode, reduce in (("sum", np.sum), ("mean", np.mean), ("max", np.max)):
        out = F.embedding_bag(flat, weight, offsets, mode=mode)
        expected = [reduce(b, 0) if len(b) else np.zeros(2) for b in bags]
        np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-12)
        assert type(out.grad_fn).__name__ == "EmbeddingBagBackward0"
    assert gradcheck(lambda w: F.embedding_bag(flat, w, offsets, mode="mean"), (weight,))
    per_sample = ember.tensor(_R.uniform(0.5, 1.5, 6), requires_grad=True)
    assert gradcheck(lambda w, p: F.embedding_bag(flat, w, offsets, mode="sum",
                                                  per_sample_weights=p), (weight, per_sample))


def test_bag_module():
    bag = nn.EmbeddingBag(10, 3, mode="max")
    out = bag(ember.tensor([[1, 2], [3, 9]]))
    assert out.shape == (2, 3)
    with pytest.raises(ValueError, match="offsets has to be a 1D Tensor but got None"):
        bag(ember.tensor([1, 2]))


@pytest.mark.parametrize("repeats", [1, 3, 100], ids=["unique", "few repeats", "a hot row"])
def test_gradient_sums_match_add_at(repeats):
    """The run-by-run sums of the lookup's gradient (and their np.add.at fallback for rows
    read very often) against np.add.at itself, along a middle axis too."""
    from ember.ops.nn_sparse import IndexRuns

    index = np.concatenate([_R.permutation(7)[:5], np.full(repeats, 2)])
    _R.shuffle(index)
    values = _R.standard_normal((3, len(index), 4))
    expected = np.zeros((3, 9, 4))
    np.add.at(expected, (slice(None), index), values)
    got = IndexRuns(index).sum_into(values, 9, 1)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
