"""sum/mean/nansum/nanmean over dims, and gradients summed over broadcast dims, add in torch
2.13's CPU order (ops/_sum_order.py): ember gives torch's bits. The reference is written by
scripts/record_dim_sum_reference.py from torch on one thread; the inputs
(tests/dim_sum_cases.py) are regenerated here from their seeds by NumPy."""

from __future__ import annotations

import base64
import json
import pathlib

import numpy as np
import pytest

import ember
from ember.ops._sum_order import sum_to, torch_dim_sum
from tests import dim_sum_cases

_RECORDED = json.loads((pathlib.Path(__file__).parent / "reference/dim_sum_bits.json")
                       .read_text())["results"]


@pytest.mark.parametrize("op", dim_sum_cases.OPS)
@pytest.mark.parametrize("index", range(len(dim_sum_cases.REDUCTIONS)))
def test_reductions_over_dims_give_torchs_bits(index, op):
    shape, dtype, encoded = _RECORDED[f"{index}-{op}"]
    got = dim_sum_cases.run(ember, index, op)
    assert list(got.shape) == shape and got.dtype.name == dtype
    expected = np.frombuffer(base64.b64decode(encoded), dtype=np.dtype(dtype).newbyteorder("<"))
    assert dim_sum_cases.bits(got) == encoded, (
        f"{int(np.sum(got.numpy().reshape(-1) != expected))} of {expected.size} differ")


@pytest.mark.parametrize("index", range(len(dim_sum_cases.GRADIENTS)))
def test_gradients_summed_over_broadcast_dims_give_torchs_bits(index):
    assert dim_sum_cases.bits(dim_sum_cases.run_gradient(ember, index)) == \
        _RECORDED[f"gradient-{index}"]


def test_the_recorded_sums_are_not_numpys():
    """The cases expose the order: NumPy's own sums (pairwise along a row, one row after
    another down columns) differ from torch's in most of them."""
    differ = 0
    for index in range(len(dim_sum_cases.REDUCTIONS)):
        shape, dtype, encoded = _RECORDED[f"{index}-sum"]
        _, _, _, dims, keepdim = dim_sum_cases.REDUCTIONS[index]
        x = np.nan_to_num(dim_sum_cases.inputs(index, ember).numpy(), nan=0.0)
        mine = np.ascontiguousarray(np.sum(x, axis=dims, keepdims=keepdim), dtype=dtype)
        differ += dim_sum_cases.bits(mine) != encoded
    assert differ >= len(dim_sum_cases.REDUCTIONS) // 2


def test_mean_divides_the_sum_by_the_count():
    """torch's mean is its sum divided by n in the input's dtype (not times 1/n)."""
    x = np.random.default_rng(0).standard_normal((30, 7)).astype(np.float32) + 50
    total = torch_dim_sum(x, (0,), False)
    mean = ember.tensor(x).mean(0).numpy()
    assert np.array_equal(mean, total / np.float32(30))
    assert not np.array_equal(mean, total * np.float32(1 / 30))


def test_zero_sums_are_positive_and_results_c_ordered():
    negative = -np.zeros((3, 20), np.float32)
    for dims in ((0,), (1,), (0, 1)):
        assert not np.signbit(torch_dim_sum(negative, dims, False)).any()
    assert not np.signbit(ember.tensor(-np.zeros((1, 4))).sum(0).numpy()).any()  # x + 0
    x = np.arange(60.0).reshape(3, 4, 5).transpose(2, 0, 1)
    result = torch_dim_sum(x, (1,), True)
    assert result.flags.c_contiguous and result.shape == (5, 1, 4)
    assert np.array_equal(result, x.sum(1, keepdims=True))


def test_sum_to_is_the_sum_over_broadcast_dims():
    g = np.random.default_rng(1).standard_normal((2, 40, 3, 5))
    assert np.array_equal(sum_to(g, (3, 1)), torch_dim_sum(g, (0, 1, 3), True)[0, 0])
    ints = np.arange(24).reshape(2, 3, 4)
    assert np.array_equal(sum_to(ints, (1, 4)), ints.sum((0, 1)).reshape(1, 4))
