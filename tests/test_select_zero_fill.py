"""`_select_by_bits` (ops/_xp.py) with a zero fill ands the values' bits with a byte mask
that the and widens (the condition's shape or broadcast against the values): it must be
np.where's, bit for bit, and leave the values alone."""

from __future__ import annotations

import numpy as np
import pytest

from ember.ops import _xp as xp


@pytest.mark.parametrize("condition_shape, values_shape", [
    ((64, 64), (64, 64)), ((1, 64), (64, 64)), ((64, 64), (64, 1)), ((64, 64), (64,))])
@pytest.mark.parametrize("zero_first", [True, False])
def test_zero_fill_is_numpys_where(condition_shape, values_shape, zero_first):
    rng = np.random.default_rng(7)
    condition = rng.random(condition_shape) < 0.5
    values = rng.standard_normal(values_shape).astype(np.float32)
    values.flat[:3] = [np.inf, np.nan, -0.0]
    a, b = (0, values) if zero_first else (values, 0.0)
    selected = xp._select_by_bits(condition, a, b)
    expected = np.where(condition, np.float32(a) if zero_first else a,
                        b if zero_first else np.float32(b))
    assert selected.shape == expected.shape and selected.dtype == expected.dtype
    assert np.array_equal(selected.view(np.uint32), expected.view(np.uint32))
    assert not np.shares_memory(selected, values)
