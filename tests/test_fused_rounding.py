"""Formulas torch's CPU kernels round once (lerp, add/sub with alpha, addcmul) give torch's
exact values in float32, and optimizers chaining them reach torch's parameters bit for bit.

The reference is written by scripts/record_fused_reference.py from torch 2.13; the inputs
and calls are shared with it through tests/fused_cases.py.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import ember
from tests import fused_cases

RESULTS = json.loads((pathlib.Path(__file__).parent / "reference/fused_rounding.json")
                     .read_text())["results"]


@pytest.mark.parametrize(("name", "dtype"), fused_cases.POINTWISE,
                         ids=[f"{n}-{d}" for n, d in fused_cases.POINTWISE])
def test_pointwise_matches_torch_rounding(name, dtype):
    got = fused_cases.run_pointwise(ember, name, dtype)
    expected = np.array(RESULTS[f"{name}-{dtype}"], dtype=dtype)
    assert got.dtype == expected.dtype
    if dtype == "float32":
        # float64 holds a float32 product exactly: one rounding, as torch's fma.
        np.testing.assert_array_equal(got, expected)
    else:
        # long double only nearly holds a float64 product: a few results differ, by the
        # rounding error of the operands' scale (inputs are of order 1), not of the result's.
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-15)
        assert np.count_nonzero(got != expected) <= 3


@pytest.mark.parametrize("index", range(len(fused_cases.OPTIMIZERS)),
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(fused_cases.OPTIMIZERS)])
def test_optimizer_steps_match_torch_bit_for_bit(index):
    name, kwargs = fused_cases.OPTIMIZERS[index]
    got = fused_cases.run_optimizer(ember, name, kwargs)
    expected = np.array(RESULTS[fused_cases.optimizer_key(index)], np.float32)
    np.testing.assert_array_equal(got, expected)
