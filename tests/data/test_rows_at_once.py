"""The TensorDataset shortcut of the loader's fetcher (utils/data/_fetch.py): a batch is
each tensor indexed at the batch's indices, which must equal what reading the rows one by
one and collating them gives, for every way of drawing batches."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.utils.data import DataLoader, RandomSampler, TensorDataset


class RowByRow(TensorDataset):
    """A TensorDataset the shortcut does not recognise: rows are read one by one."""


def _batches(dataset_type, **options) -> list:
    x = ember.tensor(np.arange(60.0, dtype=np.float32).reshape(20, 3))
    y = ember.arange(20)
    ember.manual_seed(3)
    generator = ember.Generator().manual_seed(7)
    if options.pop("replacement", False):
        options["sampler"] = RandomSampler(range(20), replacement=True, num_samples=15,
                                           generator=generator)
    return list(DataLoader(dataset_type(x, y), batch_size=6, **options))


@pytest.mark.parametrize("options", [{}, {"shuffle": True}, {"drop_last": True},
                                     {"replacement": True}, {"num_workers": 2}])
def test_shortcut_gives_the_batches_of_row_by_row_reading(options):
    fast = _batches(TensorDataset, **dict(options))
    slow = _batches(RowByRow, **dict(options))
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow):
        assert type(a) is type(b) is list
        for u, v in zip(a, b):
            assert u.dtype == v.dtype and u.shape == v.shape
            np.testing.assert_array_equal(u.numpy(), v.numpy())


def test_tensors_that_require_grad_are_read_row_by_row():
    x = ember.ones(4, 2, requires_grad=True)
    (batch,) = next(iter(DataLoader(TensorDataset(x), batch_size=2)))
    assert type(batch.grad_fn).__name__ == "StackBackward0"  # as torch's default_collate
