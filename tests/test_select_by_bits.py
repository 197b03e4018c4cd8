"""Backward formulas' `where` and `masked_fill` on large float arrays select by bit masks
(ops/_xp.py, `_select_by_bits`): the result must be np.where's, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.autograd import engine
from ember.ops import _xp as xp

LARGE = 2 * xp._SELECT_BY_BITS_FROM
SHAPES = [((64, 64), (64, 64), (64, 64)),   # same shapes
          ((64, 64), (64, 1), (64, 64)),    # a broadcast along a dimension
          ((1, 64), (64, 64), (64, 64)),    # the condition broadcast
          ((64, 64), (64, 64), ())]         # a 0-d array


def _bits_equal(actual: np.ndarray, expected: np.ndarray) -> bool:
    return (actual.dtype == expected.dtype and actual.shape == expected.shape
            and np.array_equal(np.ascontiguousarray(actual).view(np.uint8),
                               np.ascontiguousarray(expected).view(np.uint8)))


def _values(shape, dtype, rng):
    values = rng.standard_normal(shape).astype(dtype)
    if values.size >= 3:  # specials must be carried over as they are, not computed with
        values.flat[:3] = [np.inf, np.nan, -0.0]
    return values


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shapes", SHAPES)
def test_where_of_two_arrays_is_numpys(dtype, shapes):
    rng = np.random.default_rng(0)
    condition = rng.random(shapes[0]) < 0.5
    a, b = _values(shapes[1], dtype, rng), _values(shapes[2], dtype, rng)
    assert xp._select_by_bits(condition, a, b) is not None  # the bit path is the one tested
    assert _bits_equal(xp.where(condition, a, b), np.where(condition, a, b))
    assert _bits_equal(xp.where(condition, b, a), np.where(condition, b, a))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("number", [0, 0.0, -0.0, 1.5, 3, float("inf")])
def test_where_with_a_python_number_is_numpys(dtype, number):
    rng = np.random.default_rng(1)
    condition = rng.random(LARGE) < 0.5
    values = _values(LARGE, dtype, rng)
    as_dtype = dtype(number)
    assert _bits_equal(xp.where(condition, values, number), np.where(condition, values, as_dtype))
    assert _bits_equal(xp.where(condition, number, values), np.where(condition, as_dtype, values))
    assert _bits_equal(xp.masked_fill(values, condition, number),
                       np.where(condition, as_dtype, values))


def test_non_contiguous_operands():
    rng = np.random.default_rng(2)
    values = _values((128, 64), np.float32, rng).T  # a transposed view
    condition = (rng.random((128, 64)) < 0.5).T
    assert _bits_equal(xp.masked_fill(values, condition, 0), np.where(condition, 0, values))


def test_other_values_take_numpys_where():
    """Small arrays, other dtypes, mixed dtypes and non-bool conditions are np.where's."""
    rng = np.random.default_rng(3)
    condition = rng.random(LARGE) < 0.5
    small = rng.standard_normal(8).astype(np.float32)
    assert xp._select_by_bits(condition[:8], small, 0.0) is None
    assert xp._select_by_bits(condition, np.arange(LARGE), 0) is None
    assert xp._select_by_bits(condition, np.ones(LARGE, np.complex64), 0.0) is None
    assert xp._select_by_bits(condition, np.ones(LARGE, np.float32), np.ones(LARGE)) is None
    assert xp._select_by_bits(condition.astype(np.int8), np.ones(LARGE), 0.0) is None
    assert xp._select_by_bits(condition, np.ones(LARGE), True) is None


@pytest.mark.parametrize("on_arrays", [True, False], ids=["arrays", "tensors"])
def test_large_relu_gradient_selects(monkeypatch, on_arrays):
    """An inf upstream gradient where the ReLU is off gives 0 (torch's threshold_backward)."""
    monkeypatch.setattr(engine, "use_array_formulas", on_arrays)
    values = np.linspace(-1.0, 1.0, LARGE)
    x = ember.tensor(values, requires_grad=True)
    ember.relu(x).sqrt().sum().backward()
    expected = np.where(values > 0, 0.5 / np.sqrt(np.maximum(values, 1e-300)), 0.0)
    np.testing.assert_allclose(x.grad.numpy(), expected)
    assert not np.isnan(x.grad.numpy()).any()
