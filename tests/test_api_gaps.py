"""Focused checks of the thirteenth session's API gaps (torch's behaviour is recorded in
reference/cases_api_gaps.py and replayed by test_torch_reference.py): multi_dot's order on
chains the reference does not list, numbers and dims given as tensors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import ember
from ember.linalg import _cheapest_order


def _cost(dims, split, i, j):
    if i == j:
        return 0
    k = split[i][j]
    return (_cost(dims, split, i, k) + _cost(dims, split, k + 1, j)
            + dims[i] * dims[k + 1] * dims[j + 1])


def _best(dims, i, j):
    """The cheapest cost of multiplying matrices i..j, by trying every split."""
    if i == j:
        return 0
    return min(_best(dims, i, k) + _best(dims, k + 1, j) + dims[i] * dims[k + 1] * dims[j + 1]
               for k in range(i, j))


@pytest.mark.parametrize("dims", [(3, 1, 4, 1, 5, 9), (2, 7, 1, 8, 2, 8, 1), (10, 1, 10, 1, 10),
                                  (1, 2, 3, 4, 5, 6, 7), (7, 6, 5, 4, 3, 2, 1)])
def test_multi_dot_order_is_the_cheapest(dims):
    split = _cheapest_order(list(dims))
    assert _cost(dims, split, 0, len(dims) - 2) == _best(dims, 0, len(dims) - 2)


def test_multi_dot_values_match_a_plain_product():
    rng = np.random.default_rng(0)
    shapes = [(3, 5), (5, 2), (2, 6), (6, 4), (4, 1)]
    arrays = [rng.standard_normal(s) for s in shapes]
    got = ember.linalg.multi_dot([ember.tensor(a) for a in arrays])
    np.testing.assert_allclose(got.numpy(), np.linalg.multi_dot(arrays), rtol=1e-12)
    for first, last in itertools.product((False, True), repeat=2):
        parts = list(arrays)
        if first:
            parts[0] = parts[0][0]
        if last:
            parts[-1] = parts[-1][:, 0]
        got = ember.linalg.multi_dot([ember.tensor(a) for a in parts])
        np.testing.assert_allclose(got.numpy(), np.linalg.multi_dot(parts), rtol=1e-12)


def test_multi_dot_gradient():
    a = ember.tensor([[1., 2.], [3., 4.]], dtype=ember.float64, requires_grad=True)
    b = ember.tensor([[0.5, -1.], [2., 1.]], dtype=ember.float64, requires_grad=True)
    v = ember.tensor([1., -1.], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda a, b, v: ember.linalg.multi_dot([v, a, b, v]),
                                    (a, b, v))


def test_full_with_a_complex_value_is_complex():
    # (torch: the default float's complex dtype; a real dtype refuses an imaginary part)
    assert ember.full((2,), 1j).dtype == ember.complex64
    assert ember.full((2,), 1j).tolist() == [1j, 1j]
    with pytest.raises(RuntimeError, match="cannot be converted to type float"):
        ember.full((2,), 1j, dtype=ember.float32)


def test_tensor_numbers_and_dims():
    assert ember.full((2,), ember.tensor(3, dtype=ember.uint8)).dtype == ember.int64
    assert ember.arange(ember.tensor(3.5), dtype=ember.int64).tolist() == [0, 1, 2]
    with pytest.raises(TypeError, match="must be Number, not Tensor"):
        ember.arange(ember.tensor([3]))
    x = ember.arange(6.).reshape(2, 3)
    assert x.unsqueeze(ember.tensor(1, dtype=ember.uint8)).shape == (2, 1, 3)
    assert x.sum(ember.tensor([True])).tolist() == [3.0, 12.0]
    with pytest.raises(TypeError):
        x.softmax(ember.tensor(True))
    with pytest.raises(TypeError):
        x.sum(ember.tensor([0, 1]))
    with pytest.raises(TypeError):
        x.permute(ember.tensor(1.), 0)
