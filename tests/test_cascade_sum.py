"""torch_sum: torch's CPU order of additions, where the order decides the answer (torch
2.13's results recorded as data; NumPy's pairwise sum gives another answer in each)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import ember
from ember.ops._sum_order import torch_sum


def _cancelling_float32() -> np.ndarray:
    values = np.tile(np.array([1e30, 1.5, -1e30, 2.25, -3.0, 1e20, 7.0, -1e20], np.float32), 75)
    values[::7] *= -1
    return values


def _overflowing_float32() -> np.ndarray:
    values = np.arange(40, dtype=np.float32) * np.float32(1e28)
    values[::3] *= -1
    values[[5, 6, 17]] = [3e38, -3e38, 3e38]
    return values


def _overflowing_float64() -> np.ndarray:
    values = np.linspace(-1, 1, 100) * 1e300
    values[::2] *= 1.5
    values[50:53] = [1.7e308, 1.7e308, -1.7e308]
    return values


def _strided_float32() -> np.ndarray:
    values = np.tile(np.array([1e30, 1.5, -1e30, 2.25, -3.0, 1e20, 7.0, -1e20], np.float32),
                     40).reshape(20, 16)
    values[::3] *= -1
    return values.T[1:]  # walked in memory order: runs of 20 with gaps


@pytest.mark.parametrize("values, expected", [
    # int64's extremes cast to float32: four partial sums side by side (NumPy: 2.0)
    (np.array([3, -2**63, 4, -1, 2**63 - 1, 2]).astype(np.float32), 3.0),
    (_cancelling_float32(), -1.999998518937658e+30),  # the vector lanes and the cascade
    (_overflowing_float32(), float("inf")),
    (_overflowing_float64(), 1.6999999962626259e+308),
    (np.array([-0.0, -0.0]), 0.0),  # torch adds into a zeroed result: +0
    (_strided_float32(), -5.999999788053342e+30),  # (NumPy: -6.0000004e+30)
])
def test_torch_sum_adds_in_torchs_order(values, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = torch_sum(values)
    assert got.dtype == values.dtype
    assert float(got) == expected and np.signbit(got) == np.signbit(expected)


def test_var_and_std_of_one_result_take_the_mean_in_the_input_dtype():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tall = ember.tensor([[3e38], [3e38], [2.6]])
        assert ember.std(tall, dim=-2).item() == float("inf")  # the float32 mean is inf
        assert ember.var_mean(tall, dim=0)[0].item() == float("inf")  # 3e76 as float32
        same = ember.full((6,), 1e30)
        assert same.var(correction=2).item() == float("inf")
        assert same.std(correction=2).item() == pytest.approx(9.253910945927975e+22, rel=1e-6)
        assert ember.var_mean(same, correction=2)[0].item() == 0.0  # Welford's update
        assert ember.full((2, 6), 1e30).var(1, correction=2).tolist() == [0.0, 0.0]
        assert ember.full((3, 2), 0.1, dtype=ember.float64).var(0).tolist() == [0.0, 0.0]


def test_sums_with_dtype_cast_first_then_add_in_torchs_order():
    t = ember.tensor([[3, -2**63, 4], [-1, 2**63 - 1, 2]])
    half = t.mean(dtype=ember.float16)  # averaged in float32, then rounded
    assert half.dtype == ember.float16 and half.item() == 0.5
    assert t.mean(dtype=ember.float32).item() == 0.5
    assert t.sum(dtype=ember.float32).item() == 3.0
    assert ember.nansum(t, dtype=ember.float64).item() == 3.0
    assert t.sum(dim=(0, 1), keepdim=True, dtype=ember.float32).tolist() == [[3.0]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(t.sum(dtype=ember.float16).item())  # +-inf in float16 first
