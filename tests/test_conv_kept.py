"""A convolution's forward keeps what it made of its input for the weight gradient
(KeptInput, ops/_conv_kept.py; Winograd's tiles are tested in test_conv_winograd.py): the
positions-last columns, or for short output rows the padded samples-last input (whose
windows the weight gradient copies again, a band at a time, in L2). The backward reuses
them instead of padding and copying the input again, only for the input they came from,
and not past the size cap."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.ops import _conv_kept, nn_conv
from tests.samples.nn_conv import conv_reference, weight_gradient_reference

# (input shape, weight shape, stride, padding): short output rows take the samples-last
# columns, long ones the positions-last columns; both deep enough not to be "shallow"
LAYOUTS = [((3, 6, 9, 9), (5, 6, 3, 3), 1, 0), ((2, 6, 7, 40), (4, 6, 3, 3), 2, 1)]


def _count_window_copies(monkeypatch):
    calls = []
    for name in ("_samples_last_input", "_windows", "_input_windows"):
        original = getattr(nn_conv, name)
        monkeypatch.setattr(nn_conv, name,
                            lambda *a, _f=original, _n=name: calls.append(_n) or _f(*a))
    return calls


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", LAYOUTS)
def test_the_weight_gradient_reuses_the_columns(monkeypatch, x_shape, w_shape, stride,
                                                padding):
    rng = np.random.default_rng(len(x_shape) + x_shape[-1])
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    assert not nn_conv._shallow(x.shape, w.shape, 1)
    wt = ember.tensor(w, requires_grad=True)
    calls = _count_window_copies(monkeypatch)
    out = F.conv2d(ember.tensor(x), wt, stride=stride, padding=padding)
    forward_copies = len(calls)
    v = rng.standard_normal(tuple(out.shape))
    (out * ember.tensor(v)).sum().backward()
    assert len(calls) == forward_copies  # no second copy of the windows
    pairs = [(padding, padding)] * 2
    expected = weight_gradient_reference(
        lambda u: conv_reference(x, u, None, stride, pairs, 1, 1), w.shape, v)
    np.testing.assert_allclose(wt.grad.numpy(), expected, rtol=1e-12, atol=1e-12)


def test_columns_over_the_cap_are_not_kept(monkeypatch):
    monkeypatch.setattr(nn_conv, "KEEP_VALUES", 10)
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((3, 6, 9, 9)), rng.standard_normal((5, 6, 3, 3))
    wt = ember.tensor(w, requires_grad=True)
    calls = _count_window_copies(monkeypatch)
    out = F.conv2d(ember.tensor(x), wt)
    forward_copies = len(calls)
    out.sum().backward()
    assert len(calls) > forward_copies
    expected = weight_gradient_reference(
        lambda u: conv_reference(x, u, None, 1, [(0, 0)] * 2, 1, 1), w.shape,
        np.ones(tuple(out.shape)))
    np.testing.assert_allclose(wt.grad.numpy(), expected, rtol=1e-12, atol=1e-12)


def test_kept_values_belong_to_one_array_and_are_taken_once():
    kept = _conv_kept.KeptInput()
    a, b, value = np.zeros(3), np.zeros(3), np.ones(2)
    kept.put(a, ("k",), value)
    kept.put(b, ("k",), np.zeros(2))  # a second call (a tangent's) keeps the first
    assert kept.take(b, ("k",)) is None
    assert kept.take(a, ("other",)) is None
    assert kept.take(a, ("k",)) is value
    assert kept.take(a, ("k",)) is None
    assert "kept" in repr(kept)


def test_a_kept_input_only_when_the_weight_wants_a_gradient():
    x = ember.randn(2, 6, 9, 9, requires_grad=True)
    w = ember.randn(5, 6, 3, 3)
    assert len(F.conv2d(x, w).grad_fn.params) == 6
    w.requires_grad_()
    kept = F.conv2d(x, w).grad_fn.params[6]
    assert isinstance(kept, _conv_kept.KeptInput) and kept.value is not None


def test_shallow_convolutions_keep_their_chunks_of_columns(monkeypatch):
    """LeNet's first layer (one input channel): the forward's chunks of columns serve the
    weight gradient; the result equals the one from fresh columns."""
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", 500)  # several chunks, the last short
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((7, 1, 9, 8)), rng.standard_normal((3, 1, 5, 5))
    assert nn_conv._shallow(x.shape, w.shape, 1)
    wt = ember.tensor(w, requires_grad=True)
    calls = _count_window_copies(monkeypatch)
    out = F.conv2d(ember.tensor(x), wt, padding=2)
    forward_copies = len(calls)
    v = rng.standard_normal(tuple(out.shape))
    (out * ember.tensor(v)).sum().backward()
    assert len(calls) == forward_copies
    expected = weight_gradient_reference(
        lambda u: conv_reference(x, u, None, 1, [(2, 2)] * 2, 1, 1), w.shape, v)
    np.testing.assert_allclose(wt.grad.numpy(), expected, rtol=1e-12, atol=1e-12)
