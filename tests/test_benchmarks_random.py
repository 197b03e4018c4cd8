"""The random-stream benchmark workloads (benchmarks/workloads.py, issue 12) run on ember,
draw what they claim to, and keep drawing from their own seeded generator."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

import ember

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "workloads.py"


def _workloads():
    spec = importlib.util.spec_from_file_location("_bench_random_workloads", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


workloads = _workloads()

_EXPECTED = {  # workload: (dtype, the same draw made directly)
    "rand_10m": (ember.float32, lambda g: ember.rand(50, generator=g)),
    "rand64_10m": (ember.float64, lambda g: ember.rand(50, dtype=ember.float64, generator=g)),
    "randn_10m": (ember.float32, lambda g: ember.randn(50, generator=g)),
    "randn64_10m": (ember.float64, lambda g: ember.randn(50, dtype=ember.float64,
                                                         generator=g)),
    "randint_10m": (ember.int64, lambda g: ember.randint(0, 1000, (50,), generator=g)),
    "randperm_60k": (ember.int64, lambda g: ember.randperm(50, generator=g)),
}


@pytest.mark.parametrize("workload", workloads.RANDOM_WORKLOADS)
def test_random_workloads_draw_from_their_seeded_generator(workload):
    assert workload in workloads.TORCH_API_ONLY and workload in workloads.ALL_WORKLOADS
    run = workloads.make_torch_like(ember, workload, 50)
    dtype, direct = _EXPECTED[workload]
    generator = ember.Generator().manual_seed(0)
    for _ in range(2):  # successive calls continue the stream
        result = run()
        assert result.dtype == dtype and tuple(result.shape) == (50,)
        assert np.array_equal(result.numpy(), direct(generator).numpy())
