"""ops/_xp.broadcast_view: the view np.broadcast_to makes, made without NumPy's iterator
(xp.expand on arrays: every backward of a sum or a mean)."""

from __future__ import annotations

import numpy as np
import pytest

from ember.ops._xp import broadcast_view

CASES = [((), (5,)), ((), ()), ((1,), (4,)), ((3,), (2, 3)), ((2, 1), (2, 5)),
         ((1, 1), (3, 4)), ((2, 1, 3), (4, 2, 5, 3)), ((3,), (3,)), ((1,), (0,)),
         ((0,), (0,)), ((0, 1), (2, 0, 3))]


@pytest.mark.parametrize("source, shape", CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.bool_, np.complex64])
def test_the_same_view_as_numpy(source, shape, dtype):
    x = np.asarray(np.random.default_rng(0).standard_normal(source)).astype(dtype)
    expected = np.broadcast_to(x, shape)
    got = broadcast_view(x, shape)
    assert type(got) is np.ndarray
    assert (got.shape, got.strides, got.dtype) == (expected.shape, expected.strides,
                                                    expected.dtype)
    assert not got.flags.writeable  # (a gradient someone could write into would leak)
    if got.size:
        assert np.shares_memory(got, x)
    np.testing.assert_array_equal(got, expected)


def test_strided_sources_and_numbers():
    x = np.arange(24.0).reshape(4, 6)[:, ::2]  # not contiguous: NumPy's own path
    np.testing.assert_array_equal(broadcast_view(x, (3, 4, 3)), np.broadcast_to(x, (3, 4, 3)))
    got = broadcast_view(np.float32(2.5), (3,))
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [2.5, 2.5, 2.5])


@pytest.mark.parametrize("source, shape", [((2,), (3,)), ((2, 3), (3,)), ((2, 2), (2, 3))])
def test_shapes_that_do_not_broadcast_raise_as_numpy(source, shape):
    with pytest.raises(ValueError):
        np.broadcast_to(np.ones(source), shape)
    with pytest.raises(ValueError):
        broadcast_view(np.ones(source), shape)
